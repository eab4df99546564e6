// The CLI (pkg/cli/main.mjs) as a user runs it: exit codes 0/1/2/3, one-line
// errors, --json shapes, seal to stdout and to --out, hostile inputs.
// Every run is also checked for stack traces. Needs `make wasm` first.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { keyNamedIn } from '../lib/pkesk.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'pkg/cli/main.mjs');
if (!existsSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm'))) {
  throw new Error('pkg/wasm/ is missing: build it with `make wasm` before running the JS tests');
}

const DEMO_FPR = '396FA1D1E0E2C121462B0DF79B5573C2D06F7269';
const VALID = 'examples/valid-vulnerability.json';
const DEMO_KEY = 'keys/demo-psirt.pub.asc';
const IMPOSTOR_KEY = 'keys/impostor.pub.asc';

let dir;
const fixture = (name) => join(dir, name);

/** Run the CLI; fail the test if any output looks like a stack trace. */
function run(args, { env = {}, timeout = 60_000 } = {}) {
  const childEnv = { ...process.env, ...env };
  if (!('PSIRT_REPORT_PROFILE' in env)) delete childEnv.PSIRT_REPORT_PROFILE;
  const started = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: childEnv,
    encoding: 'utf8',
    timeout,
    maxBuffer: 256 * 1024 * 1024,
  });
  r.elapsed = performance.now() - started;
  assert.equal(r.error, undefined, `spawn failed: ${r.error}`);
  for (const [name, text] of [['stdout', r.stdout], ['stderr', r.stderr]]) {
    assert.doesNotMatch(text, /^\s+at \S/m, `${name} has a stack trace:\n${text.slice(0, 2000)}`);
    assert.doesNotMatch(text, /\b(TypeError|RangeError|ReferenceError|SyntaxError)\b/, `${name}: ${text.slice(0, 2000)}`);
  }
  return r;
}

const lines = (text) => text.split('\n').filter((l) => l !== '');

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'psirt-cli-'));
  const report = JSON.parse(readFileSync(join(ROOT, VALID), 'utf8'));
  writeFileSync(fixture('not-json.json'), '{"title": "unterminated');
  writeFileSync(fixture('array.json'), '[{"title": "x"}]');
  writeFileSync(fixture('bad-utf8.json'), Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
  writeFileSync(fixture('deep.json'), '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000));
  writeFileSync(fixture('big-field.json'), JSON.stringify({ ...report, description: 'A'.repeat(10 * 1024 * 1024) }));
  const untitled = { ...report };
  delete untitled.title;
  writeFileSync(fixture('untitled.json'), JSON.stringify(untitled));
  writeFileSync(fixture('not-a-key.asc'), 'hello');
  writeFileSync(fixture('binary-key.gpg'), Buffer.from([0x99, 0x01, 0xff, 0xfe, 0x00]));
  mkdirSync(fixture('a-directory.json'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('validate', () => {
  test('a valid example: exit 0, "valid" on stdout, nothing on stderr', () => {
    // --today: past the proposed disclosure date, the core adds a warning.
    const r = run(['validate', VALID, '--today', '2026-11-22']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /valid-vulnerability\.json: valid/);
    assert.equal(r.stderr, '');
  });

  test('every example has the exit code its name promises', () => {
    const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'));
    for (const file of examples) {
      const r = run(['validate', `examples/${file}`]);
      if (file.startsWith('valid-')) assert.equal(r.status, 0, `${file}: ${r.stderr}`);
      else if (file.startsWith('invalid-')) assert.ok([1, 2].includes(r.status), `${file}: exit ${r.status}`);
    }
  });

  test('an invalid report: exit 1, one line per error as FILE: /path: code: message', () => {
    const r = run(['validate', fixture('untitled.json')]);
    assert.equal(r.status, 1);
    assert.ok(lines(r.stderr).some((l) => l.startsWith(`${fixture('untitled.json')}: /title: `)), r.stderr);
    for (const line of lines(r.stderr)) assert.ok(line.startsWith(fixture('untitled.json')), line);
  });

  test('unreadable inputs exit 2 with a one-line reason', () => {
    const cases = [
      ['missing.json', 'file-not-found'],
      ['not-json.json', 'json-syntax'],
      ['array.json', 'not-an-object'],
      ['bad-utf8.json', 'invalid-utf8'],
      ['deep.json', 'json-too-deep'],
      ['a-directory.json', 'file-unreadable'],
    ];
    for (const [name, code] of cases) {
      const r = run(['validate', fixture(name)]);
      assert.equal(r.status, 2, `${name}: ${r.stderr}`);
      assert.equal(lines(r.stderr).length, 1, `${name}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`: ${code}: `), name);
      assert.equal(r.stdout, '');
    }
  });

  test('a 10 MB string field: answered in seconds, exit 1 or 2, the field never echoed', () => {
    const r = run(['validate', fixture('big-field.json')]);
    assert.ok([1, 2].includes(r.status), `exit ${r.status}: ${r.stderr.slice(0, 500)}`);
    assert.ok(r.elapsed < 10_000, `took ${Math.round(r.elapsed)} ms`);
    assert.ok(lines(r.stderr).length <= 3, r.stderr.slice(0, 1000));
    assert.ok(!r.stderr.includes('AAAAAAAAAAAAAAAA'), 'the field is echoed');
    assert.ok(r.stderr.length < 2000);
  });

  test('several files: exit code is the highest', () => {
    assert.equal(run(['validate', VALID, VALID]).status, 0);
    assert.equal(run(['validate', VALID, fixture('untitled.json')]).status, 1);
    assert.equal(run(['validate', fixture('untitled.json'), fixture('missing.json'), VALID]).status, 2);
  });

  test('--json: one object for one file, an array for several', () => {
    const one = run(['validate', VALID, '--json']);
    assert.equal(one.status, 0);
    const d = JSON.parse(one.stdout);
    assert.equal(d.file, VALID);
    assert.equal(d.valid, true);
    assert.deepEqual(d.errors, []);

    const many = run(['validate', '--json', VALID, fixture('untitled.json'), fixture('missing.json')]);
    assert.equal(many.status, 2);
    const all = JSON.parse(many.stdout);
    assert.equal(all.length, 3);
    assert.deepEqual(all.map((x) => x.valid), [true, false, false]);
    assert.ok(all[1].errors.some((e) => e.path === '/title'));
    assert.deepEqual(all[2].errors.map((e) => [e.path, e.code]), [['', 'file-not-found']]);
    assert.equal(many.stderr, '');
  });

  test('control characters in report keys are escaped in human output', () => {
    const report = JSON.parse(readFileSync(join(ROOT, VALID), 'utf8'));
    report['evil\u001b[31m\nkey'] = 1;
    writeFileSync(fixture('evil.json'), JSON.stringify(report));
    const r = run(['validate', fixture('evil.json')]);
    assert.equal(r.status, 1);
    assert.ok(!r.stderr.includes('\u001b'), 'raw escape character on the terminal');
    for (const line of lines(r.stderr)) assert.ok(line.startsWith(fixture('evil.json')), `injected line: ${line}`);
  });
});

describe('seal', () => {
  test('--demo to stdout: an armored message, exit 0', () => {
    const r = run(['seal', VALID, '--key', DEMO_KEY, '--demo']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^-----BEGIN PGP MESSAGE-----\r?\n/);
    assert.match(r.stdout, /-----END PGP MESSAGE-----\r?\n$/);
    assert.match(r.stderr, /DEMO — not Thales/);
    assert.match(r.stderr.replace(/\s/g, ''), new RegExp(DEMO_FPR));
    // The receipt: its SHA-256 is that of the armored message printed.
    const sha = createHash('sha256').update(r.stdout).digest('hex');
    assert.match(r.stderr, new RegExp(`receipt: report [0-9a-f-]{36}, sealed \\d{4}-\\d\\d-\\d\\dT[^,]+, sha256 ${sha}`));
  });

  test('--demo --out DIR: writes NAME.asc and NAME.eml and nothing else', () => {
    const out = fixture('out-ok');
    const r = run(['seal', VALID, '--key', DEMO_KEY, '--demo', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(out).sort(), ['valid-vulnerability.asc', 'valid-vulnerability.eml']);
    assert.deepEqual(r.stdout.trim().split('\n'), [join(out, 'valid-vulnerability.asc'), join(out, 'valid-vulnerability.eml')]);
    assert.match(readFileSync(join(out, 'valid-vulnerability.asc'), 'utf8'), /^-----BEGIN PGP MESSAGE-----/);
  });

  test('a refused seal leaves nothing in --out', () => {
    const out = fixture('out-refused');
    mkdirSync(out);
    assert.equal(run(['seal', fixture('untitled.json'), '--key', DEMO_KEY, '--demo', '--out', out]).status, 1);
    assert.equal(run(['seal', VALID, '--key', IMPOSTOR_KEY, '--demo', '--out', out]).status, 3);
    assert.equal(run(['seal', fixture('not-json.json'), '--key', DEMO_KEY, '--demo', '--out', out]).status, 2);
    assert.deepEqual(readdirSync(out), []);
  });

  test('--json to stdout and with --out', () => {
    const r = run(['seal', VALID, '--key', DEMO_KEY, '--demo', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.fingerprint.replace(/\s/g, ''), DEMO_FPR);
    assert.match(j.armored, /^-----BEGIN PGP MESSAGE-----/);
    assert.equal(typeof j.to, 'string');
    const out = fixture('out-json');
    const w = JSON.parse(run(['seal', VALID, '--key', DEMO_KEY, '--demo', '--json', '--out', out]).stdout);
    assert.equal(w.out, join(out, 'valid-vulnerability.asc'));
    assert.equal(w.armored, undefined);
    // The receipt's SHA-256 is the written file's; one recipient, the PSIRT.
    assert.equal(j.receipt.sha256, createHash('sha256').update(j.armored).digest('hex'));
    assert.equal(w.receipt.sha256, createHash('sha256').update(readFileSync(w.out)).digest('hex'));
    assert.match(w.receipt.reportId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(w.recipients.map((x) => x.role), ['psirt']);
    // With the reporter's own key: both recipients listed (the reporter's by fingerprint, on their
    // own machine), and the reporter's key named nowhere in the armored message.
    const reporterPub = readFileSync(join(ROOT, 'tests/keys/valid.pub.asc'), 'utf8');
    const report = JSON.parse(readFileSync(join(ROOT, VALID), 'utf8'));
    report.reporter.pgp_key = reporterPub;
    writeFileSync(fixture('with-key.json'), JSON.stringify(report));
    const c = run(['seal', fixture('with-key.json'), '--key', DEMO_KEY, '--demo', '--json']);
    assert.equal(c.status, 0, c.stderr);
    const cj = JSON.parse(c.stdout);
    assert.deepEqual(cj.recipients.map((x) => [x.role, x.fingerprint]), [['psirt', DEMO_FPR], ['reporter', '17F6B1FE71F4B04674B6E3CF0A5B93364E64E147']]);
    assert.deepEqual(keyNamedIn(cj.armored, reporterPub), []);
  });

  test('key problems exit 3', () => {
    const impostor = run(['seal', VALID, '--key', IMPOSTOR_KEY, '--demo']);
    assert.equal(impostor.status, 3);
    assert.match(impostor.stderr, /key-fingerprint-mismatch/);
    assert.equal(impostor.stdout, '');
    assert.equal(lines(impostor.stderr).length, 1, impostor.stderr);

    // Without --demo the Thales pin applies: the demo key is not the Thales key.
    assert.equal(run(['seal', VALID, '--key', DEMO_KEY]).status, 3);
    const wrongPin = run(['seal', VALID, '--key', DEMO_KEY, '--demo', '--pin', 'FC3C 4520 576E C756 AE73 0030 5369 49C4 8448 AE39']);
    assert.equal(wrongPin.status, 3);
    assert.equal(run(['seal', VALID, '--key', 'keys/demo-psirt.sec.asc', '--demo']).status, 3);
    assert.equal(run(['seal', VALID, '--key', fixture('not-a-key.asc'), '--demo']).status, 3);
    assert.equal(run(['seal', VALID, '--key', fixture('binary-key.gpg'), '--demo']).status, 3);
    const json = run(['seal', VALID, '--key', IMPOSTOR_KEY, '--demo', '--json']);
    assert.equal(JSON.parse(json.stdout).error.code, 'key-fingerprint-mismatch');
  });

  test('an explicit matching pin is accepted', () => {
    const pin = DEMO_FPR.replace(/(.{4})/g, '$1 ').trim();
    assert.equal(run(['seal', VALID, '--key', DEMO_KEY, '--demo', '--pin', pin]).status, 0);
  });

  test('the profile comes from --profile NAME, --profile FILE or PSIRT_REPORT_PROFILE', () => {
    assert.equal(run(['seal', VALID, '--key', DEMO_KEY, '--profile', 'demo']).status, 0);
    assert.equal(run(['seal', VALID, '--key', DEMO_KEY, '--profile', 'profiles/demo.json']).status, 0);
    assert.equal(run(['seal', VALID, '--key', DEMO_KEY], { env: { PSIRT_REPORT_PROFILE: 'demo' } }).status, 0);
    assert.equal(run(['seal', VALID, '--key', DEMO_KEY, '--profile', 'thales'], { env: { PSIRT_REPORT_PROFILE: 'demo' } }).status, 3);
    assert.equal(run(['validate', VALID, '--profile', fixture('missing-profile.json')]).status, 2);
    assert.equal(run(['validate', VALID, '--profile', fixture('not-json.json')]).status, 2);
    assert.equal(run(['validate', VALID, '--demo', '--profile', 'thales']).status, 2);
  });

  test('an invalid report exits 1 with its errors; unreadable files exit 2', () => {
    const r = run(['seal', fixture('untitled.json'), '--key', DEMO_KEY, '--demo']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /: \/title: /);
    assert.equal(r.stdout, '');
    assert.equal(run(['seal', fixture('missing.json'), '--key', DEMO_KEY, '--demo']).status, 2);
    assert.equal(run(['seal', fixture('array.json'), '--key', DEMO_KEY, '--demo']).status, 2);
    assert.equal(run(['seal', VALID, '--key', fixture('missing.asc'), '--demo']).status, 2);
  });

  test('usage errors exit 2', () => {
    assert.equal(run(['seal', VALID, '--demo']).status, 2, 'no --key');
    assert.equal(run(['seal', '--key', DEMO_KEY, '--demo']).status, 2, 'no FILE');
    assert.equal(run(['seal', VALID, VALID, '--key', DEMO_KEY, '--demo']).status, 2, 'two FILEs');
  });
});

describe('other commands and options', () => {
  test('schema prints the JSON Schema', () => {
    const r = run(['schema']);
    assert.equal(r.status, 0);
    assert.equal(JSON.parse(r.stdout).$schema, 'https://json-schema.org/draft/2020-12/schema');
  });

  test('triage: exit 0 to accept or redirect, 1 to refuse, 2 for an unknown kind', () => {
    const vuln = run(['triage', 'vulnerability']);
    assert.equal(vuln.status, 0);
    assert.match(vuln.stdout, /psirt@thalesgroup\.com/);
    assert.equal(run(['triage', 'infrastructure_incident']).status, 0);
    assert.equal(run(['triage', 'sales']).status, 1);
    assert.equal(run(['triage', 'nope']).status, 2);
    const j = JSON.parse(run(['triage', 'cna_appeal', '--json', '--today', '2026-11-20']).stdout);
    assert.equal(j.decision, 'accept');
    assert.equal(j.acknowledgement_due, '2026-11-25');
    const fr = run(['triage', 'vulnerability', '--lang', 'fr']).stdout;
    assert.notEqual(fr, vuln.stdout);
  });

  test('bulk: usage errors exit 2 with one line, a wrong key exits 3 before anything is written', () => {
    const out = fixture('bulk-out');
    for (const args of [
      ['bulk', 'examples', '--demo', '--key', DEMO_KEY, '--dry-run'], // no --out
      ['bulk', 'examples', '--out', out, '--demo', '--dry-run'], // no --key
      ['bulk', 'examples', '--out', out, '--demo', '--key', DEMO_KEY], // no delivery mode
      ['bulk', 'examples', '--out', out, '--demo', '--key', DEMO_KEY, '--dry-run', '--post', 'https://intake.example/'],
      ['bulk', 'examples', '--out', out, '--demo', '--key', DEMO_KEY, '--smtp', 'smtp://127.0.0.1:1'], // no --from
      ['bulk', 'examples', '--out', out, '--demo', '--key', DEMO_KEY, '--dry-run', '--concurrency', '0'],
      ['bulk', 'examples', '--out', out, '--demo', '--key', DEMO_KEY, '--smtp', 'smtp://user:secret@127.0.0.1:1', '--from', 'a@b.example'],
      ['bulk', 'examples', '--out', out, '--demo', '--key', DEMO_KEY, '--post', 'http://intake.example/'],
      ['bulk', 'no-such-folder', '--out', out, '--demo', '--key', DEMO_KEY, '--dry-run'],
      ['bulk', 'examples', '--out', 'examples', '--demo', '--key', DEMO_KEY, '--dry-run'], // out = source
    ]) {
      const r = run(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(lines(r.stderr).length, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.ok(!r.stderr.includes('secret'), 'a password given in the URL is never echoed');
    }
    const wrong = run(['bulk', 'examples', '--out', out, '--demo', '--key', IMPOSTOR_KEY, '--dry-run']);
    assert.equal(wrong.status, 3, wrong.stderr);
    assert.match(wrong.stderr, /key-fingerprint-mismatch/);
    assert.ok(!existsSync(out), 'nothing written with a refused key');
  });

  test('usage errors exit 2 with one line', () => {
    for (const args of [[], ['frobnicate'], ['validate'], ['validate', VALID, '--bogus'], ['validate', VALID, '--key', DEMO_KEY],
      ['triage', 'sales', '--lang', 'de'], ['validate', VALID, '--today', 'yesterday'], ['schema', 'extra']]) {
      const r = run(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(lines(r.stderr).length, 1, `${args.join(' ')}: ${r.stderr}`);
    }
  });

  test('--help and --version', () => {
    const help = run(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /seal FILE --key KEY\.asc/);
    assert.match(help.stdout, /\.eml/);
    assert.match(help.stdout, /Exit status/);
    const version = run(['--version']);
    assert.equal(version.status, 0);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'pkg/package.json'), 'utf8'));
    assert.equal(version.stdout.trim(), `psirt-report ${manifest.version}`);
  });
});

test('the CLI refuses a key by the core\'s own size limit, read from the core (not a copy)', async () => {
  const api = await import('../../../pkg/node.mjs');
  const { key_bytes: keyBytes } = api.limits();
  assert.ok(Number.isInteger(keyBytes) && keyBytes > 0);
  // One byte over: the CLI refuses it before reading (exit 2), naming the core's limit…
  const big = fixture('too-big.pub.asc');
  writeFileSync(big, Buffer.alloc(keyBytes + 1, 0x41));
  const over = run(['seal', VALID, '--key', big, '--demo', '--json']);
  assert.equal(over.status, 2, over.stderr);
  assert.equal(JSON.parse(over.stdout).error.code, 'input-too-large');
  // …which is the very limit the core enforces: it refuses the same bytes as too large itself.
  assert.throws(
    () => api.loadRecipient(Buffer.alloc(keyBytes + 1, 0x41), { profile: 'demo' }),
    (e) => e instanceof api.KeyError && e.code === 'key-too-large',
  );
  // At the limit the CLI hands the bytes to the core, which judges them as a key (not a size).
  const at = fixture('at-limit.pub.asc');
  writeFileSync(at, Buffer.alloc(keyBytes, 0x41));
  const r = run(['seal', VALID, '--key', at, '--demo', '--json']);
  assert.equal(r.status, 3, r.stderr);
  assert.notEqual(JSON.parse(r.stdout).error.code, 'input-too-large');
});
