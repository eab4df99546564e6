// The JavaScript API (pkg/node.mjs): validate, seal, schema, profile, triage,
// and the error classes each failure maps to. Needs `make wasm` first.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WASM = join(ROOT, 'pkg/wasm/psirt_report_bg.wasm');
if (!existsSync(WASM)) throw new Error('pkg/wasm/ is missing: build it with `make wasm` before running the JS tests');

const api = await import('../../../pkg/node.mjs');
const { validate, seal, schema, profile, triage } = api;
const { PsirtError, ReportInvalidError, KeyError, InputError, ProfileError } = api;

const DEMO_FPR = '396FA1D1E0E2C121462B0DF79B5573C2D06F7269';
const UNREADABLE = ['json-syntax', 'json-too-deep', 'not-an-object', 'input-too-large'];
const read = (path) => readFileSync(join(ROOT, path), 'utf8');
const demoKey = read('keys/demo-psirt.pub.asc');
const examples = existsSync(join(ROOT, 'examples')) ? readdirSync(join(ROOT, 'examples')).sort() : [];
const validExamples = examples.filter((f) => /^valid-.*\.json$/.test(f));
const invalidExamples = examples.filter((f) => /^invalid-.*\.json$/.test(f) && !f.endsWith('.expected.json'));
const validReport = () => JSON.parse(read('examples/valid-vulnerability.json'));
const normalize = (fpr) => fpr.replace(/\s+/g, '').toUpperCase();

/** `fn` throws an instance of `cls` with this code; returns the error. */
function throwsCode(fn, cls, code) {
  let caught;
  assert.throws(fn, (e) => {
    caught = e;
    return true;
  });
  assert.ok(caught instanceof cls, `expected ${cls.name}, got ${caught?.name}: ${caught?.message}`);
  assert.ok(caught instanceof PsirtError);
  if (code instanceof RegExp) assert.match(caught.code, code);
  else assert.equal(caught.code, code);
  return caught;
}

describe('validate', () => {
  test('the examples are there', () => {
    assert.ok(validExamples.includes('valid-vulnerability.json'), 'examples/valid-vulnerability.json');
    assert.ok(invalidExamples.length > 0, 'examples/invalid-*.json');
  });

  for (const file of validExamples) {
    test(`${file} is valid, from text and from an object`, () => {
      const text = read(`examples/${file}`);
      for (const input of [text, JSON.parse(text), new TextEncoder().encode(text)]) {
        const d = validate(input);
        assert.deepEqual(d.errors, [], JSON.stringify(d.errors));
        assert.equal(d.valid, true);
        assert.ok(Array.isArray(d.warnings));
      }
    });
  }

  for (const file of invalidExamples) {
    test(`${file} reports every expected error at its path`, () => {
      const expected = JSON.parse(read(`examples/${file.replace(/\.json$/, '.expected.json')}`));
      const d = validate(read(`examples/${file}`));
      assert.equal(d.valid, false);
      for (const { path, code } of expected) {
        assert.ok(
          d.errors.some((e) => e.path === path && e.code === code),
          `missing {path: ${JSON.stringify(path)}, code: ${code}} in ${JSON.stringify(d.errors)}`,
        );
      }
      for (const e of d.errors) {
        assert.equal(typeof e.message, 'string');
        assert.ok(e.message.length > 0);
      }
    });
  }

  test('a missing required field is reported at its own path', () => {
    const report = validReport();
    delete report.title;
    const d = validate(report);
    assert.equal(d.valid, false);
    assert.ok(d.errors.some((e) => e.path === '/title'), JSON.stringify(d.errors));
  });

  test('messages follow the report language (fr)', () => {
    const report = validReport();
    delete report.title;
    const en = validate({ ...report, language: 'en' }).errors.find((e) => e.path === '/title');
    const fr = validate({ ...report, language: 'fr' }).errors.find((e) => e.path === '/title');
    assert.equal(fr.code, en.code);
    assert.notEqual(fr.message, en.message, 'the French message should differ from the English one');
  });

  test('a __proto__ key stays an ordinary key and pollutes nothing', () => {
    const text = read('examples/valid-vulnerability.json').replace(/^\{/, '{"__proto__": {"polluted": 1},');
    for (const input of [text, JSON.parse(text)]) {
      const d = validate(input);
      assert.equal(d.valid, false, 'an unknown top-level property is an error');
      assert.ok(d.errors.some((e) => e.path === '/__proto__'), JSON.stringify(d.errors));
      assert.equal({}.polluted, undefined);
      assert.equal(Object.getPrototypeOf(d), Object.prototype);
    }
  });

  test('unreadable text gives valid:false at path "" with a stable code', () => {
    const cases = [
      ['{"title": ', 'json-syntax'],
      ['', 'json-syntax'],
      ['[1, 2]', 'not-an-object'],
      ['"a string"', 'not-an-object'],
      ['{"a":'.repeat(10000) + '1' + '}'.repeat(10000), 'json-too-deep'],
      ['['.repeat(10000) + ']'.repeat(10000), 'json-too-deep'],
    ];
    for (const [text, code] of cases) {
      const d = validate(text);
      assert.equal(d.valid, false);
      assert.ok(
        d.errors.some((e) => e.path === '' && e.code === code),
        `${code} expected for ${text.slice(0, 20)}…: ${JSON.stringify(d.errors)}`,
      );
      assert.ok(d.errors.every((e) => e.path !== '' || UNREADABLE.includes(e.code)));
    }
  });

  test('more than 40 MiB is refused without parsing', () => {
    const text = `{"description": "${'a'.repeat(41 * 1024 * 1024)}"}`;
    const d = validate(text);
    assert.equal(d.valid, false);
    assert.ok(d.errors.some((e) => e.code === 'input-too-large'), JSON.stringify(d.errors));
  });

  test('a 10 MB string field answers quickly, without echoing it', () => {
    const report = validReport();
    report.description = 'A'.repeat(10 * 1024 * 1024);
    const started = performance.now();
    const d = validate(report);
    const elapsed = performance.now() - started;
    assert.equal(d.valid, false);
    assert.ok(elapsed < 5000, `took ${elapsed} ms`);
    assert.ok(!JSON.stringify(d).includes('A'.repeat(100)), 'the diagnostics echo the field');
  });

  test('wrong argument types throw InputError input-type', () => {
    for (const bad of [undefined, null, 42, true, () => {}]) throwsCode(() => validate(bad), InputError, 'input-type');
    throwsCode(() => validate('{}', 'demo'), InputError, 'input-type');
    throwsCode(() => validate('{}', { today: 20261122 }), InputError, 'input-type');
  });

  test('objects that cannot become JSON throw InputError', () => {
    const cyclic = {};
    cyclic.self = cyclic;
    throwsCode(() => validate(cyclic), InputError, 'input-unserializable');
    throwsCode(() => validate({ n: 1n }), InputError, 'input-unserializable');
  });

  test('an unknown profile throws ProfileError', () => {
    throwsCode(() => validate(validReport(), { profile: 'nope' }), ProfileError, /./);
  });
});

describe('seal', () => {
  test('seals to the demo key with the demo profile', () => {
    const report = validReport();
    const sealed = seal(report, { key: demoKey, profile: 'demo' });
    assert.match(sealed.armored, /^-----BEGIN PGP MESSAGE-----\r?\n/);
    assert.match(sealed.armored, /-----END PGP MESSAGE-----\s*$/);
    assert.equal(normalize(sealed.fingerprint), DEMO_FPR);
    assert.equal(sealed.to, profile('demo').psirt_email);
    assert.equal(typeof sealed.subject, 'string');
    assert.ok(!sealed.subject.includes(report.title), 'the outer subject must not leak the title');
    assert.ok(!sealed.armored.includes(report.title));
  });

  test('an explicit pin, with spaces and lower case, is accepted', () => {
    const pin = DEMO_FPR.toLowerCase().replace(/(.{4})/g, '$1 ').trim();
    const sealed = seal(validReport(), { key: demoKey, pin, profile: 'demo' });
    assert.equal(normalize(sealed.fingerprint), DEMO_FPR);
  });

  test('the impostor key (same address, other fingerprint) is refused', () => {
    const key = read('keys/impostor.pub.asc');
    throwsCode(() => seal(validReport(), { key, profile: 'demo' }), KeyError, 'key-fingerprint-mismatch');
  });

  test('the demo key is refused under the Thales pin', () => {
    throwsCode(() => seal(validReport(), { key: demoKey }), KeyError, 'key-fingerprint-mismatch');
    throwsCode(() => seal(validReport(), { key: demoKey, profile: 'thales' }), KeyError, 'key-fingerprint-mismatch');
  });

  test('a wrong explicit pin is refused', () => {
    const pin = 'FC3C 4520 576E C756 AE73 0030 5369 49C4 8448 AE39';
    throwsCode(() => seal(validReport(), { key: demoKey, pin, profile: 'demo' }), KeyError, 'key-fingerprint-mismatch');
  });

  test('a secret key and garbage are key errors', () => {
    const secret = read('keys/demo-psirt.sec.asc');
    throwsCode(() => seal(validReport(), { key: secret, profile: 'demo' }), KeyError, 'key-secret-given');
    throwsCode(() => seal(validReport(), { key: 'not a key', profile: 'demo' }), KeyError, /^key-/);
  });

  test('an invalid report is not sealed and carries its diagnostics', () => {
    const report = validReport();
    delete report.title;
    const e = throwsCode(() => seal(report, { key: demoKey, profile: 'demo' }), ReportInvalidError, /./);
    assert.equal(e.diagnostics.valid, false);
    assert.ok(e.diagnostics.errors.some((d) => d.path === '/title'));
  });

  test('unreadable report text is not sealed', () => {
    const e = throwsCode(() => seal('{', { key: demoKey, profile: 'demo' }), ReportInvalidError, /./);
    assert.ok(e.diagnostics.errors.some((d) => d.code === 'json-syntax'));
  });

  test('missing or mistyped arguments throw InputError', () => {
    throwsCode(() => seal(undefined, { key: demoKey }), InputError, 'input-type');
    throwsCode(() => seal(validReport()), InputError, 'input-type');
    throwsCode(() => seal(validReport(), {}), InputError, 'input-type');
    throwsCode(() => seal(validReport(), { key: 42 }), InputError, 'input-type');
    throwsCode(() => seal(validReport(), { key: demoKey, pin: 7 }), InputError, 'input-type');
  });

  test('two seals of the same report differ (fresh session key)', () => {
    const a = seal(validReport(), { key: demoKey, profile: 'demo' });
    const b = seal(validReport(), { key: demoKey, profile: 'demo' });
    assert.notEqual(a.armored, b.armored);
  });
});

describe('schema, profile, triage', () => {
  test('schema() is the shipped draft 2020-12 schema', () => {
    const s = schema();
    assert.equal(s.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(s.type, 'object');
    const shipped = join(ROOT, 'pkg/schema/report.schema.json');
    if (existsSync(shipped)) assert.deepEqual(s, JSON.parse(readFileSync(shipped, 'utf8')));
    s.mutated = true;
    assert.equal(schema().mutated, undefined, 'each call returns a fresh object');
  });

  test('profile() resolves the built-in names and profile objects', () => {
    const demo = profile('demo');
    assert.equal(demo.demo, true);
    assert.equal(normalize(demo.pin), DEMO_FPR);
    const thales = profile('thales');
    assert.equal(thales.demo, false);
    assert.equal(thales.psirt_email, 'psirt@thalesgroup.com');
    assert.equal(normalize(thales.pin), 'FC3C4520576EC756AE730030536949C48448AE39');
    const fromObject = profile(JSON.parse(read('profiles/demo.json')));
    assert.equal(normalize(fromObject.pin), DEMO_FPR);
  });

  test('profile() refuses unknown names and bad values', () => {
    throwsCode(() => profile('nope'), ProfileError, /./);
    throwsCode(() => profile({ id: 'x' }), ProfileError, /./);
    throwsCode(() => profile(undefined), InputError, 'input-type');
    throwsCode(() => profile(['demo']), InputError, 'input-type');
  });

  test('triage follows the policy', () => {
    const today = '2026-11-20'; // a Friday
    assert.equal(triage('vulnerability', { today }).decision, 'accept');
    assert.equal(triage('vulnerability').to, 'psirt@thalesgroup.com');
    assert.equal(triage('data_leak').decision, 'accept');
    const incident = triage('infrastructure_incident');
    assert.equal(incident.decision, 'redirect');
    assert.ok(incident.to, 'the CERT page'); // the policy names it; the seeds give no URL
    assert.match(triage('infrastructure_incident', { profile: 'demo' }).url, /^https:\/\//);
    assert.equal(triage('sales').decision, 'refuse');
    const appeal = triage('cna_appeal', { today });
    assert.equal(appeal.decision, 'accept');
    assert.equal(appeal.to, 'cna-coordinator@thalesgroup.com');
    assert.equal(appeal.acknowledgement_due, '2026-11-25', '3 working days after a Friday');
    for (const kind of ['vulnerability', 'sales', 'cna_appeal']) {
      const en = triage(kind, { language: 'en' });
      const fr = triage(kind, { language: 'fr' });
      assert.notEqual(fr.message, en.message, `${kind}: French message`);
    }
    assert.equal(triage('cna_appeal', { profile: 'demo' }).to, profile('demo').appeal_email);
  });

  test('triage refuses unknown kinds and bad arguments', () => {
    throwsCode(() => triage('nope'), InputError, /./);
    throwsCode(() => triage(undefined), InputError, 'input-type');
    throwsCode(() => triage('sales', { language: 3 }), InputError, 'input-type');
  });
});

describe('packaging', () => {
  test('pkg/package.json names the entries and the CLI', () => {
    const manifest = JSON.parse(read('pkg/package.json'));
    assert.equal(manifest.name, 'psirt-report');
    assert.equal(manifest.bin['psirt-report'], './cli/main.mjs');
    const root = manifest.exports['.'];
    assert.equal(root.node.import.default, './node.mjs');
    assert.equal(root.node.require.default, './node.cjs');
    // Browsers and bundlers get the browser entry in one file (scripts/build-browser.mjs, from web.js).
    assert.equal(root.browser.default, './browser.js');
    assert.equal(root.default.default, './browser.js');
    for (const file of manifest.files) {
      if (!file.includes('*')) {
        assert.ok(existsSync(join(ROOT, 'pkg', file)), file);
        continue;
      }
      // A glob (`widget/*.js`): at least one file matches it.
      const [dir, pattern] = [file.slice(0, file.lastIndexOf('/')), file.slice(file.lastIndexOf('/') + 1)];
      const re = new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`);
      assert.ok(readdirSync(join(ROOT, 'pkg', dir)).some((f) => re.test(f)), file);
    }
  });

  test('the CommonJS entry loads with require(), without require(esm)', () => {
    const script =
      "const m = require('./pkg/node.cjs'); const d = m.validate('{}'); " +
      "if (d.valid !== false) process.exit(1); console.log('ok')";
    const args = ['--no-warnings', '--no-experimental-require-module', '-e', script];
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'ok');
  });
});
