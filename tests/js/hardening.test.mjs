// Issue 12: defects a security review found in the npm package and the CLI, each pinned by a
// test that fails without its fix. Needs `make wasm` first.
//   - options are read from own properties only (a polluted Object.prototype cannot inject a pin,
//     a date, a profile or attachments);
//   - the shipped module has no test-only trap export;
//   - `psirt-report open` shows the sender's text with escape sequences and bidi controls
//     escaped, and writes report.json and attachments 0600 in a 0700 folder.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WASM = join(ROOT, 'pkg/wasm/psirt_report_bg.wasm');
if (!existsSync(WASM)) throw new Error('build pkg/wasm with `make wasm` first');
const CLI = join(ROOT, 'pkg/cli.mjs');
const api = await import('../../pkg/node.mjs');

const read = (p) => readFileSync(join(ROOT, p), 'utf8');
const demoKey = read('keys/demo-psirt.pub.asc');
const DEMO_FPR = '396FA1D1E0E2C121462B0DF79B5573C2D06F7269';
const report = () => JSON.parse(read('examples/valid-vulnerability.json'));

let dir;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'psirt-hardening-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `fn` with `Object.prototype[name] = value`, removed afterwards whatever happens. */
function polluted(props, fn) {
  for (const [name, value] of Object.entries(props)) {
    Object.defineProperty(Object.prototype, name, { value, configurable: true, writable: true, enumerable: false });
  }
  try {
    return fn();
  } finally {
    for (const name of Object.keys(props)) delete Object.prototype[name];
  }
}

describe('options come from own properties only (item 6)', () => {
  test('a polluted prototype cannot change the pin, the date or the attachments of seal', () => {
    const sealed = polluted(
      {
        pin: '0'.repeat(40),
        now: '2000-01-01T00:00:00Z',
        attachments: [{ name: 'injected.txt', data: new Uint8Array([1]) }],
        today: 'not a date',
      },
      () => api.seal(report(), { key: demoKey, profile: 'demo' }),
    );
    assert.equal(sealed.fingerprint, DEMO_FPR);
    const opened = api.open(sealed.eml, { secretKey: read('keys/demo-psirt.sec.asc'), profile: 'demo' });
    assert.deepEqual(opened.attachments, []);
  });

  test('a polluted prototype cannot supply a profile or a key', () => {
    // Inherited `profile: demo` would make the demo key acceptable under the Thales default.
    assert.throws(
      () => polluted({ profile: 'demo' }, () => api.seal(report(), { key: demoKey })),
      (e) => e.code === 'key-fingerprint-mismatch',
    );
    assert.throws(
      () => polluted({ key: demoKey }, () => api.seal(report(), { profile: 'demo' })),
      (e) => e.code === 'input-type',
    );
    // An attachment whose fields are inherited is not an attachment.
    const proto = { name: 'x.bin', data: new Uint8Array([1]) };
    assert.throws(
      () => api.seal(report(), { key: demoKey, profile: 'demo', attachments: [Object.create(proto)] }),
      (e) => e.code === 'input-type',
    );
  });
});

test('the shipped module exports no trap hook (item 9)', () => {
  const names = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(WASM))).map((e) => e.name);
  assert.ok(names.includes('validate'), names.join(' '));
  assert.deepEqual(names.filter((n) => /trap/i.test(n)), []);
});

describe('psirt-report open (items 3 and 4)', () => {
  const run = (args) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  let message;
  before(() => {
    const r = report();
    // An escape sequence that retitles the terminal and colours it, and a bidi override.
    r.description = 'before \u001b]0;pwned\u0007\u001b[31mRED\u001b[0m and \u202eevil\u202c after';
    message = join(dir, 'hostile.asc');
    writeFileSync(message, api.seal(r, { key: demoKey, profile: 'demo' }).armored);
  });

  test('the text part reaches the terminal with control and bidi characters escaped', () => {
    const o = run(['open', message, '--secret-key', 'keys/demo-psirt.sec.asc', '--demo']);
    assert.equal(o.status, 0, o.stderr);
    assert.ok(o.stdout.includes('RED'), 'the text is shown');
    assert.doesNotMatch(o.stdout, /[\u001b\u0007\u202e\u202c]/u);
    assert.ok(o.stdout.includes('\\u{1b}[31mRED'), 'shown escaped');
    assert.ok(o.stdout.split('\n').length > 3, 'line breaks are kept');
  });

  test('files are written 0600 in a 0700 folder', () => {
    const out = join(dir, 'intake', 'nested');
    const o = run(['open', message, '--secret-key', 'keys/demo-psirt.sec.asc', '--demo', '--out', out]);
    assert.equal(o.status, 0, o.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, 'intake')).mode & 0o777, 0o700);
    const files = readdirSync(out);
    assert.ok(files.includes('report.json'), files.join(' '));
    for (const f of files) assert.equal(statSync(join(out, f)).mode & 0o777, 0o600, f);
  });
});
