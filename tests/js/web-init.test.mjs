// Issue 12, items 7 and 9, on the browser entry (pkg/web.js) run in Node: `init` refuses a module
// whose SHA-256 is not the expected one; the worker never lets a page call an internal hook.
// Needs `make wasm` first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WASM = join(ROOT, 'pkg/wasm/psirt_report_bg.wasm');
if (!existsSync(WASM)) throw new Error('build pkg/wasm with `make wasm` first');
const bytes = readFileSync(WASM);
const sri = `sha256-${createHash('sha256').update(bytes).digest('base64')}`;
const hex = createHash('sha256').update(bytes).digest('hex');

test('init refuses a module that does not match the expected hash, then accepts the right one (item 7)', async () => {
  const web = await import('../../pkg/web.js');
  const other = Uint8Array.from(bytes);
  other[other.length - 1] ^= 1; // one bit in the last section
  const wrong = `sha256-${createHash('sha256').update(other).digest('base64')}`;
  await assert.rejects(web.init({ module: bytes, integrity: wrong }), (e) => e.code === 'init-integrity-mismatch');
  await assert.rejects(web.init({ module: other, sha256: hex }), (e) => e.code === 'init-integrity-mismatch');
  await assert.rejects(web.init({ module: bytes, integrity: 'md5-abc' }), (e) => e.code === 'input-type');
  await assert.rejects(
    web.init({ module: new WebAssembly.Module(bytes), integrity: sri }),
    (e) => e.code === 'init-integrity-unverifiable',
  );
  assert.throws(() => web.schema(), (e) => e.code === 'not-initialized', 'nothing was installed');
  await web.init({ module: bytes, integrity: sri });
  assert.equal(typeof web.schema().properties, 'object');
});

test('the worker refuses names starting with "_" (item 9)', async () => {
  const replies = new Map();
  const target = new EventTarget();
  target.postMessage = (m) => replies.set(m.id, m);
  globalThis.self = target;
  await import('../../pkg/worker.js');
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
