// The two WebAssembly modules (issue #11): the core (validate, scan, redact, schema, profile,
// triage) and the seal module (loadRecipient, seal, open), which carries no JSON Schema engine.
// Checks what each exports and holds, and how the browser entry (pkg/web.js, run here in Node
// with the modules' bytes) loads the seal module later with init({seal: 'idle'}).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORE = join(ROOT, 'pkg/wasm/psirt_report_bg.wasm');
const SEAL = join(ROOT, 'pkg/wasm/psirt_report_seal_bg.wasm');
if (!existsSync(CORE) || !existsSync(SEAL)) throw new Error('pkg/wasm/ is missing: build it with `make wasm` first');

const exportsOf = (file) => WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(file))).map((e) => e.name);

test('each module exports its half of the API and not the other', () => {
  const core = exportsOf(CORE);
  const seal = exportsOf(SEAL);
  for (const name of ['validate', 'schema', 'profile', 'triage', 'scan', 'scan_text', 'redact', 'check_for_seal']) {
    assert.ok(core.includes(name), `core exports ${name}`);
    assert.ok(!seal.includes(name), `seal module does not export ${name}`);
  }
  for (const name of ['load_recipient', 'seal', 'open']) {
    assert.ok(seal.includes(name), `seal module exports ${name}`);
    assert.ok(!core.includes(name), `core does not export ${name}`);
  }
});

test('no module compiles a schema at run time; only the core holds the report schema', () => {
  const has = (file, text) => readFileSync(file).includes(Buffer.from(text));
  // The draft 2020-12 meta-schemas come with jsonschema's run-time compiler (the `referencing`
  // crate): the core's validators are generated at build time, the seal module has none.
  for (const file of [CORE, SEAL]) {
    assert.ok(!has(file, 'https://json-schema.org/draft/2020-12/meta/validation'), `${file} has no meta-schema`);
  }
  // The report schema's text (schema() returns it; x-code annotations are read from it).
  assert.ok(has(CORE, '"x-code"'), 'core has the report schema');
  assert.ok(!has(SEAL, '"x-code"'), 'seal module has no report schema');
});

test("init({seal: 'idle'}) resolves with the core; the seal functions wait for a later init()", async () => {
  const web = await import('../../pkg/web.js?modules-test');
  let ready = false;
  web.ready.then(() => {
    ready = true;
  });
  await web.init({ module: readFileSync(CORE), sealModule: readFileSync(SEAL), seal: 'idle' });
  assert.equal(web.validate('{}').valid, false);
  assert.equal(web.profile('demo').demo, true);
  // Not loaded yet (it loads when idle): a sealing call says so, with the not-initialized code.
  assert.throws(
    () => web.loadRecipient(readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc')), { profile: 'demo' }),
    (e) => e instanceof web.NotInitializedError && e.code === 'not-initialized' && /init\(\)/.test(e.message),
  );
  assert.equal(ready, false);
  await web.init();
  assert.equal(ready, true);
  const key = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'));
  const info = web.loadRecipient(key, { profile: 'demo' });
  assert.match(info.fingerprint, /^[0-9A-F]{40}$/);
  // seal() still validates first: an invalid report is refused with the diagnostics.
  assert.throws(
    () => web.seal({}, { key, profile: 'demo' }),
    (e) => e instanceof web.ReportInvalidError && e.diagnostics.errors.length > 0,
  );
  const report = readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8');
  const sealed = web.seal(report, { key, profile: 'demo' });
  assert.match(sealed.armored, /^-----BEGIN PGP MESSAGE-----/);
});
