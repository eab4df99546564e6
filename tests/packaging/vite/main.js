// Consumer check, a Vite build: the package from node_modules, its wasm emitted as an asset,
// the worker bundled. The test reads #result once it is JSON.
import { init, ready, validate, seal, KeyError } from 'psirt-report';
import { createWorkerClient } from 'psirt-report/worker';
import report from './report.json';
import key from './demo-psirt.pub.asc?raw';

const out = document.querySelector('#result');
try {
  await init();
  await ready;
  const result = { valid: validate(report).valid };
  result.fingerprint = (await seal(report, { key, profile: 'demo' })).fingerprint;
  try {
    await seal(report, { key });
  } catch (e) {
    result.refused = e instanceof KeyError ? e.code : String(e);
  }
  const worker = createWorkerClient();
  result.workerValid = (await worker.validate(report)).valid;
  result.workerFingerprint = (await worker.seal(report, { key, profile: 'demo' })).fingerprint;
  worker.terminate();
  out.textContent = JSON.stringify(result);
} catch (e) {
  out.textContent = JSON.stringify({ error: `${e?.name}: ${e?.message}` });
}
