// The three WebAssembly modules: the core (validate, scan, redact, schema, profile,
// triage), the seal module (loadRecipient, seal…), which carries no JSON Schema engine and no
// decryption, and the open module (the seal module + open, openAll: the PSIRT's side).
// Checks what each exports and holds, and how the browser entry (pkg/web.js, run here in Node
// with the modules' bytes) loads the seal module later with init({seal: 'idle'}).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CORE = join(ROOT, 'pkg/wasm/psirt_report_bg.wasm');
const SEAL = join(ROOT, 'pkg/wasm/psirt_report_seal_bg.wasm');
const OPEN = join(ROOT, 'pkg/wasm/psirt_report_open_bg.wasm');
if (!existsSync(CORE) || !existsSync(SEAL)) throw new Error('pkg/wasm/ is missing: build it with `make wasm` first');

const exportsOf = (file) => WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(file))).map((e) => e.name);

test('each module exports its half of the API and not the other', () => {
  const core = exportsOf(CORE);
  const seal = exportsOf(SEAL);
  for (const name of ['validate', 'schema', 'profile', 'triage', 'scan', 'scan_text', 'redact', 'check_for_seal']) {
    assert.ok(core.includes(name), `core exports ${name}`);
    assert.ok(!seal.includes(name), `seal module does not export ${name}`);
  }
  const open = exportsOf(OPEN);
  for (const name of ['load_recipient', 'seal', 'seal_deferred', 'render_text', 'limits']) {
    assert.ok(seal.includes(name), `seal module exports ${name}`);
    assert.ok(open.includes(name), `open module exports ${name}`);
    assert.ok(!core.includes(name), `core does not export ${name}`);
  }
  // A reporter's page never loads decryption: open and openAll are in the open module only.
  for (const name of ['open', 'openAll']) {
    assert.ok(open.includes(name), `open module exports ${name}`);
    assert.ok(!seal.includes(name), `seal module does not export ${name}`);
    assert.ok(!core.includes(name), `core does not export ${name}`);
  }
  // …and the linker dropped the decryption code with them: the seal module is the smaller.
  assert.ok(readFileSync(SEAL).length < 0.85 * readFileSync(OPEN).length, 'the seal module is lighter than the open module');
});

test('no module compiles a schema at run time; only the core holds the report schema', () => {
  const has = (file, text) => readFileSync(file).includes(Buffer.from(text));
  // The draft 2020-12 meta-schemas come with jsonschema's run-time compiler (the `referencing`
  // crate): the core's validators are generated at build time, the seal module has none.
  for (const file of [CORE, SEAL, OPEN]) {
    assert.ok(!has(file, 'https://json-schema.org/draft/2020-12/meta/validation'), `${file} has no meta-schema`);
  }
  // The report schema's text (schema() returns it; x-code annotations are read from it).
  assert.ok(has(CORE, '"x-code"'), 'core has the report schema');
  assert.ok(!has(SEAL, '"x-code"'), 'seal module has no report schema');
});

test("init({seal: 'idle'}) resolves with the core; the seal functions wait for a later init({seal: 'eager'})", async () => {
  const web = await import('../../../pkg/web.js?modules-test');
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
  await web.init({ seal: 'eager' });
  assert.equal(ready, true);
  const key = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'));
  const info = web.loadRecipient(key, { profile: 'demo' });
  assert.match(info.fingerprint, /^[0-9A-F]{40}$/);
  // seal() still validates first: an invalid report is refused with the diagnostics.
  await assert.rejects(
    web.seal({}, { key, profile: 'demo' }),
    (e) => e instanceof web.ReportInvalidError && e.diagnostics.errors.length > 0,
  );
  const report = readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8');
  const sealed = await web.seal(report, { key, profile: 'demo' });
  assert.match(sealed.armored, /^-----BEGIN PGP MESSAGE-----/);
});

test('open() needs the open module: init({open: true}) loads it, and then it reads what seal() made', async () => {
  // The same entry (one set of installed modules per process): the previous test loaded core + seal.
  const web = await import('../../../pkg/web.js?modules-test');
  const key = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'));
  const secretKey = readFileSync(join(ROOT, 'keys/demo-psirt.sec.asc'));
  const report = readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8');
  const sealed = await web.seal(report, { key, profile: 'demo' });
  assert.throws(
    () => web.open(sealed.armored, { secretKey, profile: 'demo' }),
    (e) => e instanceof web.NotInitializedError && e.code === 'not-initialized' && /open: true/.test(e.message),
  );
  await assert.rejects(web.init({ open: 'yes' }), (e) => e.code === 'input-type');
  await web.init({ open: true, openModule: readFileSync(OPEN) });
  const opened = web.open(sealed.armored, { secretKey, profile: 'demo' });
  assert.equal(opened.report.title, JSON.parse(report).title);
  assert.equal(opened.diagnostics.valid, true);
});
