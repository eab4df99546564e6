// Peak memory of sealing an attachment in Node (wasm): for each size, a fresh process makes the
// attachment (the caller's bytes, not counted), then seals it; printed: growth of the peak RSS
// (process.resourceUsage().maxRSS) and of wasm linear memory (memory.buffer.byteLength), each as a
// ratio of the attachment size. Budget (issue #4): <= 3x.
//   node bench/memory.mjs 1 10 25        (needs `make wasm`)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

if (process.argv[2] === '--child') {
  const mib = Number(process.argv[3]);
  // Both modules (issue #11): validation in the core, sealing (whose memory is measured) in the
  // seal module.
  const { installSync, setPlatformCipher } = await import('../pkg/lib/registry.js');
  // As the Node entry does: sealing's AES on node:crypto (PSIRT_REPORT_SOFT_CIPHER=1: the module's).
  if (process.env.PSIRT_REPORT_SOFT_CIPHER !== '1') setPlatformCipher((await import('../pkg/lib/node-cipher.js')).nodeCipher);
  const wasm = (file) => readFileSync(new URL(`../pkg/wasm/${file}`, import.meta.url));
  installSync(await import('../pkg/wasm/psirt_report.js'), wasm('psirt_report_bg.wasm'), 'core');
  const exports = installSync(await import('../pkg/wasm/psirt_report_seal.js'), wasm('psirt_report_seal_bg.wasm'), 'seal');
  const api = await import('../pkg/index.js');
  const report = JSON.parse(readFileSync(new URL('../examples/valid-vulnerability.json', import.meta.url), 'utf8'));
  const key = readFileSync(new URL('../keys/demo-psirt.pub.asc', import.meta.url), 'utf8');
  const data = new Uint8Array(mib * 1024 * 1024);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  api.seal(report, { key, profile: 'demo' }); // warm-up: code paths, small allocations
  globalThis.gc?.();
  const rss0 = process.resourceUsage().maxRSS * 1024;
  const rssNow0 = process.memoryUsage().rss;
  const wasm0 = exports.memory.buffer.byteLength;
  const t0 = performance.now();
  const sealed = api.seal(report, { key, profile: 'demo', attachments: [{ name: 'capture.pcap', data }] });
  const ms = performance.now() - t0;
  const peak = Math.max(process.resourceUsage().maxRSS * 1024 - Math.max(rss0, rssNow0), 0);
  const wasmGrowth = exports.memory.buffer.byteLength - wasm0;
  const n = data.length;
  console.log(
    [mib, (peak / 2 ** 20).toFixed(1), (peak / n).toFixed(2), (wasmGrowth / 2 ** 20).toFixed(1), (wasmGrowth / n).toFixed(2),
      (sealed.armored.length / 2 ** 20).toFixed(1), ms.toFixed(0)].join(' '),
  );
} else {
  const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
  console.log('attachment_mib peak_rss_growth_mib ratio wasm_memory_growth_mib ratio armored_mib seal_ms');
  for (const mib of sizes.length ? sizes : [1, 10, 25]) {
    const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', String(mib)], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    process.stdout.write(r.stdout || r.stderr);
  }
}
