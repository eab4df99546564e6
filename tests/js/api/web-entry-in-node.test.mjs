// The browser entry (pkg/web.js) run in Node: nothing works before init(),
// the error says so and names init; a failed init can be retried; ready
// resolves once init has finished. (Its own process: node --test runs each
// file apart, so the Node entry's eager init cannot interfere.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WASM = join(ROOT, 'pkg/wasm/psirt_report_bg.wasm');
if (!existsSync(WASM)) throw new Error('pkg/wasm/ is missing: build it with `make wasm` before running the JS tests');

const web = await import('../../../pkg/web.js');

test('every function throws not-initialized, naming init, until init() is done', async () => {
  let readyNow = false;
  web.ready.then(() => {
    readyNow = true;
  });
  const calls = {
    validate: () => web.validate('{}'),
    schema: () => web.schema(),
    profile: () => web.profile('demo'),
    triage: () => web.triage('sales'),
    renderText: () => web.renderText('{}'),
    cvss: () => web.cvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'),
  };
  // seal() is asynchronous in the browser entry: it rejects the same way.
  const rejected = await web.seal('{}', { key: 'k' }).then(() => null, (e) => e);
  calls.seal = () => {
    throw rejected;
  };
  for (const [name, call] of Object.entries(calls)) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof Error, name);
      assert.ok(e instanceof web.NotInitializedError, name);
      assert.ok(e instanceof web.PsirtError, name);
      assert.equal(e.code, 'not-initialized', name);
      assert.match(e.message, /\binit\b/, name);
      return true;
    });
  }

  // Bytes that are not WebAssembly: init fails with a PsirtError, and can be retried.
  await assert.rejects(web.init(new Uint8Array([0, 1, 2, 3])), (e) => {
    assert.ok(e instanceof web.PsirtError);
    assert.equal(e.code, 'init-failed');
    return true;
  });
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(readyNow, false, 'ready must wait for a successful init');

  const bytes = readFileSync(WASM);
  await Promise.all([web.init(bytes), web.init(bytes)]);
  await web.ready;
  assert.equal(readyNow, true);
  assert.equal(web.validate('{}').valid, false);
  assert.equal(web.profile('demo').demo, true);
  await web.init(); // a no-op once initialised
});
