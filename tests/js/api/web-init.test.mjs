// On the browser entry (pkg/web.js) run in Node: `init` refuses a module
// whose SHA-256 is not the expected one; the worker never lets a page call an internal hook.
// Needs `make wasm` first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WASM = join(ROOT, 'pkg/wasm/psirt_report_bg.wasm');
if (!existsSync(WASM)) throw new Error('build pkg/wasm with `make wasm` first');
const bytes = readFileSync(WASM);
const sri = `sha256-${createHash('sha256').update(bytes).digest('base64')}`;
const hex = createHash('sha256').update(bytes).digest('hex');
// The seal module is pinned the same way, beside the core.
const SEAL = join(ROOT, 'pkg/wasm/psirt_report_seal_bg.wasm');
const sealBytes = readFileSync(SEAL);
const sealSri = `sha256-${createHash('sha256').update(sealBytes).digest('base64')}`;
const sealHex = createHash('sha256').update(sealBytes).digest('hex');

test('init refuses a module that does not match the expected hash, then accepts the right one (item 7)', async () => {
  const web = await import('../../../pkg/web.js');
  const other = Uint8Array.from(bytes);
  other[other.length - 1] ^= 1; // one bit in the last section
  const wrong = `sha256-${createHash('sha256').update(other).digest('base64')}`;
  // First (before a good seal module is in): an altered seal module is refused, as is the core.
  const otherSeal = Uint8Array.from(sealBytes);
  otherSeal[otherSeal.length - 1] ^= 1;
  await assert.rejects(
    web.init({ module: other, integrity: sri, sealModule: otherSeal, sealIntegrity: sealSri }),
    (e) => e.code === 'init-integrity-mismatch',
  );
  assert.throws(() => web.limits(), (e) => e.code === 'not-initialized', 'the altered seal module was not installed');
  const both = { sealModule: sealBytes, sealIntegrity: sealSri };
  await assert.rejects(web.init({ module: bytes, integrity: wrong, ...both }), (e) => e.code === 'init-integrity-mismatch');
  await assert.rejects(
    web.init({ module: other, sha256: hex, sealModule: sealBytes, sealSha256: sealHex }),
    (e) => e.code === 'init-integrity-mismatch',
  );
  await assert.rejects(web.init({ module: bytes, integrity: 'md5-abc', ...both }), (e) => e.code === 'input-type');
  // One module pinned and not the other: refused (the unpinned one could be swapped).
  await assert.rejects(web.init({ module: bytes, integrity: sri }), (e) => e.code === 'input-type');
  await assert.rejects(web.init({ module: bytes, sealIntegrity: sealSri }), (e) => e.code === 'input-type');
  await assert.rejects(
    web.init({ module: new WebAssembly.Module(bytes), integrity: sri, ...both }),
    (e) => e.code === 'init-integrity-unverifiable',
  );
  assert.throws(() => web.schema(), (e) => e.code === 'not-initialized', 'nothing was installed');
  await web.init({ module: bytes, integrity: sri, ...both });
  assert.equal(typeof web.schema().properties, 'object');
  // The key-making module, asked for while the others are pinned and it is not: its own code, so
  // the form can say why it cannot make a key on this page.
  await assert.rejects(web.init({ module: bytes, integrity: sri, ...both, open: true }), (e) => e.code === 'init-integrity-open-unpinned');
  await web.ready; // init() resolves with the core; the seal module follows when idle
  assert.equal(typeof web.limits().key_bytes, 'number', 'the seal module, pinned, is in too');
});

test('the worker refuses names starting with "_" (item 9)', async () => {
  const replies = new Map();
  const target = new EventTarget();
  target.postMessage = (m) => replies.set(m.id, m);
  globalThis.self = target;
  await import('../../../pkg/worker.js');
  const call = async (id, name, args) => {
    target.dispatchEvent(new MessageEvent('message', { data: { id, call: name, args } }));
    for (let i = 0; i < 200 && !replies.has(id); i++) await new Promise((r) => setTimeout(r, 10));
    return replies.get(id);
  };
  assert.equal((await call(1, 'init', [{ module: bytes }])).ok, true);
  assert.equal((await call(2, 'schema', [])).ok, true);
  const r = await call(3, '__trapForTests', []);
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'unknown-function');
  assert.equal((await call(4, 'schema', [])).ok, true);
});
