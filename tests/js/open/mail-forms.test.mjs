// `open` takes what arrives, made by real tools rather than by our writer alone:
// the .eml re-encoded (base64 + LF, quoted-printable + CRLF, folded headers) and forwarded as
// an attachment by Python's `email` package, inline PGP written by GnuPG (`gpg --armor
// --encrypt`) inside a text/plain mail, a binary message from rnp (Thunderbird's engine), an
// armored one from rnp, and an .mbox written by Python's `mailbox`. A message that is not ours
// (no report.json) is decrypted, shown, and flagged unstructured. Needs `make wasm`; gpg, rnp
// and python3 (missing ones skip, or fail under PSIRT_REQUIRE_ALL=1).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { skipUnless } from '../lib/require.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
if (!existsSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm'))) throw new Error('build pkg/wasm with `make wasm` first');
const CLI = join(ROOT, 'pkg/cli/main.mjs');
const FORMS = join(ROOT, 'tests/js/lib/mail-forms.py');
const { seal, open, openAll } = await import('../../../pkg/node.mjs');

const has = (cmd, arg = '--version') => !spawnSync(cmd, [arg]).error;
const skipGpg = skipUnless(has('gpg'), 'gpg is not installed (apt-get install gnupg): inline PGP from GnuPG not checked');
const skipRnp = skipUnless(has('rnp'), 'rnp is not installed (apt-get install rnp): messages from rnp not checked');
const skipPy = skipUnless(has('python3'), 'python3 is not installed: re-encoded mails and mbox not checked');

const read = (p) => readFileSync(join(ROOT, p), 'utf8');
const demoPub = read('keys/demo-psirt.pub.asc');
const demoSec = read('keys/demo-psirt.sec.asc');
const DEMO_FPR = '396FA1D1E0E2C121462B0DF79B5573C2D06F7269';
const TITLE = 'Stored XSS in the device management console';
const opts = { secretKey: demoSec, profile: 'demo', today: '2026-11-22' };

let dir;
let gpgHome;
let rnpHome;
let sealed;
const file = (name) => join(dir, name);

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const py = (...args) => run('python3', [FORMS, ...args]);
const gpg = (...args) => run('gpg', ['--batch', '--no-tty', '--trust-model', 'always', ...args], { GNUPGHOME: gpgHome });
const rnp = (...args) => run('rnp', ['--homedir', rnpHome, ...args]);

/** Our MIME payload, as GnuPG decrypts it from the sealed message (for other tools to re-encrypt). */
let payload;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'psirt-forms-'));
  sealed = seal(JSON.parse(read('examples/valid-vulnerability.json')), { key: demoPub, profile: 'demo' });
  writeFileSync(file('ours.eml'), sealed.eml);
  writeFileSync(file('ours.asc'), sealed.armored);
  if (!skipGpg) {
    gpgHome = mkdtempSync(join(tmpdir(), 'gpg-'));
    chmodSync(gpgHome, 0o700);
    gpg('--import', join(ROOT, 'keys/demo-psirt.sec.asc'));
    payload = gpg('--decrypt', file('ours.asc'));
    writeFileSync(file('payload.mime'), payload);
  }
  if (!skipRnp) {
    rnpHome = mkdtempSync(join(tmpdir(), 'rnp-'));
    run('rnpkeys', ['--homedir', rnpHome, '--import', join(ROOT, 'keys/demo-psirt.pub.asc')]);
  }
});

after(() => {
  if (gpgHome) {
    spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: gpgHome } });
    rmSync(gpgHome, { recursive: true, force: true });
  }
  if (rnpHome) rmSync(rnpHome, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

function assertOurs(o, form) {
  assert.equal(o.form, form);
  assert.equal(o.structured, true);
  assert.equal(o.report.title, TITLE);
  assert.equal(o.recipient, DEMO_FPR);
  assert.equal(o.diagnostics.valid, true);
}

test('the .eml as we write it, and the bare armored message', () => {
  assertOurs(open(sealed.eml, opts), 'pgp-mime');
  assertOurs(open(sealed.armored, opts), 'armored');
  assertOurs(open(`Pasted from the ticket:\n\n${sealed.armored}\n\nthanks`, opts), 'armored');
});

test('the .eml after a client re-encoded it: base64 + LF, quoted-printable + CRLF, folded headers', { skip: skipPy }, () => {
  py('reencode', file('ours.eml'), file('b64.eml'), 'base64', 'lf');
  py('reencode', file('ours.eml'), file('qp.eml'), 'quoted-printable', 'crlf');
  const b64 = readFileSync(file('b64.eml'), 'latin1');
  const qp = readFileSync(file('qp.eml'), 'latin1');
  // The re-encoding really happened: no armored block in clear in the base64 one, `=3D` in the QP one.
  assert.ok(!b64.includes('BEGIN PGP MESSAGE') && !b64.includes('\r\n') && /Content-Transfer-Encoding: base64/.test(b64));
  assert.ok(qp.includes('=3D') && qp.includes('\r\n') && /\r\n [^\r\n]*\r\n/.test(qp.split('\r\n\r\n')[0]));
  assertOurs(open(readFileSync(file('b64.eml')), opts), 'pgp-mime');
  assertOurs(open(readFileSync(file('qp.eml')), opts), 'pgp-mime');
  // Forwarded as an attachment (message/rfc822 inside a new mail).
  py('forward', file('qp.eml'), file('fwd.eml'));
  assert.match(readFileSync(file('fwd.eml'), 'utf8'), /message\/rfc822/);
  assertOurs(open(readFileSync(file('fwd.eml')), opts), 'pgp-mime');
});

test('inline PGP from GnuPG in a text/plain mail, text around it (quoted-printable and base64 bodies)', { skip: skipGpg || skipPy }, () => {
  // Our payload re-encrypted by GnuPG (compressed, as GnuPG does by default): still our report.
  gpg('--armor', '--encrypt', '-r', DEMO_FPR, '--output', file('gpg-ours.asc'), file('payload.mime'));
  for (const cte of ['quoted-printable', 'base64', '7bit']) {
    py('inline', file('gpg-ours.asc'), file(`inline-${cte}.eml`), cte);
    assertOurs(open(readFileSync(file(`inline-${cte}.eml`)), opts), 'inline');
  }
  // A researcher's own mail, encrypted inline with GnuPG: not ours, shown and flagged.
  writeFileSync(file('note.txt'), 'Hello PSIRT,\nthe admin console of product X leaks session tokens in URLs.\n');
  gpg('--armor', '--encrypt', '-r', DEMO_FPR, '--output', file('note.asc'), file('note.txt'));
  py('inline', file('note.asc'), file('note.eml'), 'quoted-printable');
  const o = open(readFileSync(file('note.eml')), opts);
  assert.equal(o.form, 'inline');
  assert.equal(o.structured, false);
  assert.equal(o.report, null);
  assert.match(o.text, /leaks session tokens in URLs/);
  assert.equal(o.diagnostics.valid, false);
  assert.deepEqual(o.diagnostics.errors.map((e) => e.code), ['open-unstructured']);
});

test('rnp (Thunderbird): a binary message of our payload, an armored one of plain text', { skip: skipRnp || skipGpg }, () => {
  rnp('--encrypt', '-r', DEMO_FPR, '--output', file('rnp.gpg'), file('payload.mime'));
  const bin = readFileSync(file('rnp.gpg'));
  assert.ok(bin[0] & 0x80, 'binary OpenPGP');
  assertOurs(open(bin, opts), 'binary');
  writeFileSync(file('plain.txt'), 'just a note, no report.json\n');
  rnp('--encrypt', '--armor', '-r', DEMO_FPR, '--output', file('rnp.asc'), file('plain.txt'));
  const o = open(readFileSync(file('rnp.asc')), opts);
  assert.deepEqual([o.form, o.structured, o.text], ['armored', false, 'just a note, no report.json\n']);
});

test('an .mbox from Python mailbox: each mail opened on its own; open() alone refuses it; the CLI reports per mail', { skip: skipPy }, () => {
  py('reencode', file('ours.eml'), file('b64.eml'), 'base64', 'lf');
  writeFileSync(file('spam.eml'), 'From: someone@example.com\nSubject: not encrypted\n\nFrom here on, plain text.\n');
  py('mbox', file('box.mbox'), file('ours.eml'), file('spam.eml'), file('b64.eml'));
  const box = readFileSync(file('box.mbox'));
  assert.match(box.toString('latin1'), /^From MAILER-DAEMON/);
  assert.match(box.toString('latin1'), /\n>From here on/); // mboxo quoting, undone by open
  const all = openAll(box, opts);
  assert.deepEqual(all.map((e) => e.index), [1, 2, 3]);
  assertOurs(all[0].opened, 'pgp-mime');
  assert.equal(all[1].error.code, 'open-unreadable');
  assertOurs(all[2].opened, 'pgp-mime');
  assert.throws(() => open(box, opts), (e) => e.code === 'open-several-messages' && /3 mails/.test(e.message));

  const cli = spawnSync(process.execPath, [CLI, 'open', file('box.mbox'), '--secret-key', join(ROOT, 'keys/demo-psirt.sec.asc'), '--demo', '--json'], { encoding: 'utf8' });
  assert.equal(cli.status, 2, cli.stderr); // the worst of the three: one mail is unreadable
  const out = JSON.parse(cli.stdout);
  assert.deepEqual(out.messages.map((m) => m.index), [1, 2, 3]);
  assert.deepEqual(out.messages.map((m) => m.error?.code ?? m.form), ['pgp-mime', 'open-unreadable', 'pgp-mime']);
  const text = spawnSync(process.execPath, [CLI, 'open', file('box.mbox'), '--secret-key', join(ROOT, 'keys/demo-psirt.sec.asc'), '--demo'], { encoding: 'utf8' });
  assert.match(text.stderr, /box\.mbox#1: subject: Stored XSS/);
  assert.match(text.stderr, /box\.mbox#2: open-unreadable/);
  assert.equal(text.stdout.split('Stored XSS in the device management console').length - 1 >= 2, true);
});

test('the CLI says unstructured, writes message.txt, and an appeal shows its due date', { skip: skipGpg }, () => {
  const secret = join(ROOT, 'keys/demo-psirt.sec.asc');
  writeFileSync(file('note2.txt'), 'plain words only\n');
  gpg('--armor', '--encrypt', '-r', DEMO_FPR, '--output', file('note2.asc'), file('note2.txt'));
  const r = spawnSync(process.execPath, [CLI, 'open', file('note2.asc'), '--secret-key', secret, '--demo', '--json', '--out', file('out-note')], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual([j.structured, j.form], [false, 'armored']);
  assert.equal(readFileSync(j.text, 'utf8'), 'plain words only\n');
  const t = spawnSync(process.execPath, [CLI, 'open', file('note2.asc'), '--secret-key', secret, '--demo'], { encoding: 'utf8' });
  assert.match(t.stderr, /unstructured: no report\.json/);
  assert.equal(t.stdout, 'plain words only\n');

  const appeal = seal(JSON.parse(read('examples/valid-cna-appeal.json')), { key: demoPub, profile: 'demo', now: '2026-12-24T10:00:00Z' });
  writeFileSync(file('appeal.eml'), appeal.eml);
  const a = spawnSync(process.execPath, [CLI, 'open', file('appeal.eml'), '--secret-key', secret, '--demo', '--json'], { encoding: 'utf8' });
  assert.equal(a.status, 0, a.stderr);
  const ap = JSON.parse(a.stdout).appeal;
  // Thursday 24 December 2026 (the .eml's Date), 3 working days (the demo profile has no
  // holidays): Fri 25, Mon 28, Tue 29.
  assert.deepEqual(
    [ap.received, ap.receivedFrom, ap.workingDays, ap.acknowledgementDue, ap.grounds, ap.cna],
    ['2026-12-24', 'mail-date', 3, '2026-12-29', 'no_response', 'Example CNA under the Thales Group Root'],
  );
  const at = spawnSync(process.execPath, [CLI, 'open', file('appeal.eml'), '--secret-key', secret, '--demo'], { encoding: 'utf8' });
  assert.match(at.stderr, /acknowledgement due 2026-12-29 \(3 working days\)/);
});
