// The shared API cases (api/shared-cases.mjs) in headless Chromium through the browser entry
// (pkg/web.js), plus what only a browser has: calls before init(), and the Web Worker entry
// (psirt-report/worker) with errors re-created as the same classes. Files are served from
// the repository by a small static server; Chromium is Debian's, driven by playwright-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { serve } from '../lib/static-server.mjs';
import { launch, newPage, skipWithoutChromium as skip } from '../lib/chromium.mjs';
import { fixtures } from '../lib/fixtures.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEMO_FPR = '396FA1D1E0E2C121462B0DF79B5573C2D06F7269';
if (!skip && !existsSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm'))) {
  throw new Error('pkg/wasm/ is missing: build it with `make wasm` before running the JS tests');
}

let server;
let chrome;

before(async () => {
  if (skip) return;
  server = await serve(
    { '/pkg/': join(ROOT, 'pkg'), '/tests/js/': join(ROOT, 'tests/js') },
    { pages: { '/': '<!doctype html><meta charset="utf-8"><title>psirt-report tests</title>' } },
  );
  chrome = await launch();
});

after(async () => {
  await chrome?.close();
  await server?.close();
});

test('the shared API cases pass in Chromium', { skip, timeout: 120_000 }, async (t) => {
  const { page, problems } = await newPage(chrome.browser);
  await page.goto(`${server.origin}/`);
  const { beforeInit, results } = await page.evaluate(async (fx) => {
    const api = await import('/pkg/web.js');
    const beforeInit = [];
    for (const call of [() => api.validate('{}'), () => api.seal('{}', { key: 'k' }), () => api.schema()]) {
      try {
        await call(); // seal() is asynchronous in the browser entry: it rejects
        beforeInit.push('no error');
      } catch (e) {
        beforeInit.push(`${e instanceof api.NotInitializedError} ${e.code} ${/\binit\b/.test(e.message)}`);
      }
    }
    // open: true — the shared cases open what they seal (the PSIRT's side, the open module).
    await api.init({ open: true });
    await api.ready;
    const { runAll } = await import('/tests/js/api/shared-cases.mjs');
    return { beforeInit, results: await runAll({ api, fixtures: fx }) };
  }, fixtures());
  assert.deepEqual(beforeInit, Array(3).fill('true not-initialized true'));
  for (const r of results) {
    await t.test(r.name, { skip: r.skip }, () => assert.ok(r.ok, r.error));
  }
  assert.ok(results.filter((r) => !r.skip).length >= 10, 'the cases ran');
  assert.deepEqual(problems, []);
  await page.close();
});

test('init({wasmUrl}) loads the module from another place, init({module}) from a compiled module', { skip, timeout: 60_000 }, async () => {
  const { page, problems } = await newPage(chrome.browser);
  await page.goto(`${server.origin}/`);
  const out = await page.evaluate(async () => {
    const api = await import('/pkg/web.js?instance=url');
    await api.init({ wasmUrl: new URL('/pkg/wasm/psirt_report_bg.wasm', location.href).href });
    const viaUrl = api.validate('{}').valid;
    const other = await import('/pkg/web.js?instance=module');
    // A second copy of the glue: same URL query trick, so it has its own instance.
    const compiled = await WebAssembly.compileStreaming(fetch('/pkg/wasm/psirt_report_bg.wasm'));
    await other.init({ module: compiled });
    return { viaUrl, viaModule: other.profile('demo').demo };
  });
  assert.deepEqual(out, { viaUrl: false, viaModule: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the worker entry validates and seals off the main thread, with typed errors', { skip, timeout: 60_000 }, async () => {
  const { page, problems } = await newPage(chrome.browser);
  await page.goto(`${server.origin}/`);
  const out = await page.evaluate(async (fx) => {
    const { createWorkerClient, KeyError, ReportInvalidError, PsirtError } = await import('/pkg/worker-client.js');
    const client = createWorkerClient({ transferInputs: true });
    await client.ready;
    const report = JSON.parse(fx.valid);
    const bytes = new TextEncoder().encode(fx.valid);
    const fromBytes = (await client.validate(bytes)).valid;
    const transferred = bytes.byteLength === 0;
    const sealed = await client.seal(report, { key: fx.demoKey, profile: 'demo' });
    const errors = [];
    try {
      await client.seal(report, { key: fx.impostorKey, profile: 'demo' });
    } catch (e) {
      errors.push(`${e instanceof KeyError} ${e instanceof PsirtError} ${e.name} ${e.code}`);
    }
    delete report.title;
    try {
      await client.seal(report, { key: fx.demoKey, profile: 'demo' });
    } catch (e) {
      errors.push(`${e instanceof ReportInvalidError} ${e.code} ${e.diagnostics.errors.some((d) => d.path === '/title')}`);
    }
    try {
      await client.validate(() => 1);
    } catch (e) {
      errors.push(`${e.name} ${e.code}`);
    }
    const after = (await client.profile('demo')).demo;
    client.terminate();
    let terminated = '';
    try {
      await client.validate(fx.valid);
    } catch (e) {
      terminated = e.code;
    }
    return { fromBytes, transferred, armored: sealed.armored.slice(0, 27), fpr: sealed.fingerprint, errors, after, terminated };
  }, fixtures());
  assert.deepEqual(out, {
    fromBytes: true,
    transferred: true,
    armored: '-----BEGIN PGP MESSAGE-----',
    fpr: DEMO_FPR,
    errors: ['true true KeyError key-fingerprint-mismatch', 'true report-invalid true', 'InputError input-type'],
    after: true,
    terminated: 'worker-terminated',
  });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a worker whose wasm cannot be loaded rejects ready and every call with init-failed', { skip, timeout: 60_000 }, async () => {
  const { page } = await newPage(chrome.browser);
  await page.goto(`${server.origin}/`);
  const out = await page.evaluate(async () => {
    const { createWorkerClient, PsirtError } = await import('/pkg/worker-client.js');
    const client = createWorkerClient({ wasmUrl: '/pkg/wasm/missing.wasm' });
    const codes = [];
    for (const p of [client.ready, client.validate('{}')]) {
      try {
        await p;
        codes.push('resolved');
      } catch (e) {
        codes.push(`${e instanceof PsirtError} ${e.code}`);
      }
    }
    client.terminate();
    return codes;
  });
  assert.deepEqual(out, ['true init-failed', 'true init-failed']);
  await page.close();
});
