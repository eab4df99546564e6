// `psirt-report bulk --smtp`: delivery through a real SMTP server (smtp-server on 127.0.0.1,
// behind a proxy that records the transcript). Each message received is decrypted with GnuPG
// and its report.json compared with the input; the plaintext marker never crosses the wire.
// Servers that defer, refuse, or drop the connection mid-DATA give each report its own status.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEMO_FPR,
  DEMO_KEY,
  TLS_CERT,
  TODAY,
  gpgHome,
  hasGpg,
  journal,
  makeReport,
  reportFromPlaintext,
  runCli,
  smtpServer,
} from '../lib/bulk.mjs';

const work = mkdtempSync(join(tmpdir(), 'psirt-bulk-smtp-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A folder of `n` valid reports carrying `marker`. */
function folder(name, n, marker) {
  const dir = join(work, name);
  mkdirSync(dir);
  const reports = [];
  for (let i = 0; i < n; i++) {
    const r = makeReport(marker, i);
    reports.push(r);
    writeFileSync(join(dir, `finding-${String(i).padStart(2, '0')}.json`), JSON.stringify(r, null, 2));
  }
  return { dir, reports };
}

const args = (src, out, server, extra = []) => [
  'bulk', src, '--out', out, '--demo', '--key', DEMO_KEY, '--today', TODAY,
  '--smtp', server.url, '--from', 'pentest@firm.example', '--retry-delay', '20', ...server.insecure, ...extra,
];

test('every report reaches the SMTP server once, GnuPG decrypts it to the input, and no plaintext crosses the wire', { skip: hasGpg ? false : 'gpg not installed', timeout: 120_000 }, async () => {
  const marker = 'PLAINTEXT-MARKER-7f3a9c';
  const { dir, reports } = folder('ok', 6, marker);
  const out = join(work, 'ok-out');
  const server = await smtpServer();
  const gpg = gpgHome();
  try {
    const r = await runCli(args(dir, out, server, ['--json', '--concurrency', '2']));
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const results = lines.filter((l) => !l.summary);
    assert.equal(results.length, 6);
    for (const res of results) {
      assert.equal(res.status, 'sent', JSON.stringify(res));
      assert.equal(res.fingerprint, DEMO_FPR);
      assert.match(res.reply, /250/);
      assert.match(res.sha256, /^[0-9a-f]{64}$/);
    }
    assert.deepEqual(lines.at(-1).summary.counts, { sent: 6 });

    assert.equal(server.messages.length, 6);
    const ids = new Set(server.messages.map((m) => m.messageId));
    assert.equal(ids.size, 6, 'six distinct Message-IDs');
    for (const m of server.messages) {
      assert.equal(m.from, 'pentest@firm.example');
      assert.deepEqual(m.to, ['psirt@psirt-demo.example']);
      const report = reportFromPlaintext(gpg.decryptEml(m.raw));
      const i = Number(/Finding (\d+)/.exec(report.title)[1]);
      assert.deepEqual(report, reports[i]);
    }
    // The wire, both ways: ciphertext only.
    const transcript = server.transcript();
    assert.match(transcript, /BEGIN PGP MESSAGE/);
    for (const needle of [marker, 'Finding 0', 'alex.martin@researcher.example', 'Stored XSS']) {
      assert.ok(!transcript.includes(needle), `${needle} in the SMTP transcript`);
    }
    // Nor in the journal or the summary.
    for (const f of ['journal.jsonl', 'summary.json']) {
      assert.ok(!readFileSync(join(out, f), 'utf8').includes(marker), `${f} holds plaintext`);
    }
    const j = journal(out);
    assert.equal([...j.values()].filter((e) => e.state === 'sent').length, 6);

    // Run again: nothing is sent twice.
    const again = await runCli(args(dir, out, server, ['--json']));
    assert.equal(again.status, 0, again.stderr);
    assert.equal(server.messages.length, 6, 'a second run sends nothing');
    assert.ok(again.stdout.includes('"resumed":true'));
  } finally {
    gpg.close();
    await server.close();
  }
});

test('a server that defers (451) then accepts: retried with backoff, each report sent once', { timeout: 60_000 }, async () => {
  const { dir } = folder('temp', 3, 'T');
  const out = join(work, 'temp-out');
  const server = await smtpServer({ tempfail: 2 });
  try {
    const r = await runCli(args(dir, out, server, ['--json']));
    assert.equal(r.status, 0, r.stderr);
    const results = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => !l.summary);
    for (const res of results) {
      assert.equal(res.status, 'sent');
      assert.equal(res.attempts, 3, 'two deferrals, then accepted');
    }
    assert.equal(server.messages.length, 3);
    assert.equal(server.attempts.length, 9);
  } finally {
    await server.close();
  }
});

test('a server that refuses (554): no retry, every report failed with the reply, exit 1, summary says so', { timeout: 60_000 }, async () => {
  const { dir } = folder('perm', 3, 'P');
  const out = join(work, 'perm-out');
  const server = await smtpServer({ behaviour: 'permanent' });
  try {
    const r = await runCli(args(dir, out, server));
    assert.equal(r.status, 1, r.stderr);
    assert.equal(server.attempts.length, 3, 'one attempt each: a 5xx is not retried');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.deepEqual(summary.counts, { failed: 3 });
    for (const rep of summary.reports) {
      assert.equal(rep.reason.code, 'smtp-refused');
      assert.match(rep.reason.message, /554/);
      assert.equal(rep.attempts, 1);
    }
    assert.match(r.stdout, /failed\s+smtp-refused/);
    for (const [, e] of journal(out)) assert.equal(e.state, 'failed');
  } finally {
    await server.close();
  }
});

test('a connection dropped in the middle of DATA: retried, then failed with the reason; a later run against a working server delivers them', { timeout: 90_000 }, async () => {
  const { dir } = folder('drop', 2, 'D');
  const out = join(work, 'drop-out');
  const dropper = await smtpServer({ behaviour: 'drop' });
  try {
    const r = await runCli(args(dir, out, dropper, ['--retries', '2']));
    assert.equal(r.status, 1, r.stderr);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.deepEqual(summary.counts, { failed: 2 });
    for (const rep of summary.reports) {
      assert.equal(rep.reason.code, 'smtp-connection');
      assert.equal(rep.attempts, 3);
      // Cut without a reply: for all the client knows, the server may hold a copy of each attempt.
      assert.equal(rep.in_doubt, 3);
    }
    assert.equal(dropper.messages.length, 0);
  } finally {
    await dropper.close();
  }
  const good = await smtpServer();
  try {
    const r = await runCli(args(dir, out, good));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(good.messages.length, 2);
    // The same sealed files were sent: the Message-IDs are those the journal recorded.
    const ids = [...journal(out).values()].map((e) => e.message_id).sort();
    assert.deepEqual(good.messages.map((m) => m.messageId).sort(), ids);
  } finally {
    await good.close();
  }
});

test('one run mixing outcomes: valid, invalid and blocked reports each get their own status', { timeout: 60_000 }, async () => {
  const { dir } = folder('mixed-smtp', 2, 'M');
  const blocked = makeReport('M', 9);
  blocked.proof_of_concept = 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY1\nAKIAZ3MEXAMPLE7Q2R4T';
  writeFileSync(join(dir, 'secret.json'), JSON.stringify(blocked));
  writeFileSync(join(dir, 'nope.json'), JSON.stringify({ schema_version: '1.0', channel: 'vulnerability' }));
  const out = join(work, 'mixed-smtp-out');
  const server = await smtpServer();
  try {
    const r = await runCli(args(dir, out, server));
    assert.equal(r.status, 1, r.stderr);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const by = Object.fromEntries(summary.reports.map((x) => [x.name, x]));
    assert.equal(by['finding-00'].status, 'sent');
    assert.equal(by['finding-01'].status, 'sent');
    assert.equal(by.nope.status, 'invalid');
    assert.ok(by.nope.errors.some((e) => e.path === '/reporter/email' || e.path === '/title'));
    assert.equal(by.secret.status, 'blocked', JSON.stringify(by.secret));
    assert.ok(by.secret.findings.every((f) => f.severity === 'critical' && f.path === '/proof_of_concept'));
    assert.ok(!readFileSync(join(out, 'summary.json'), 'utf8').includes('wJalrXUtnFEMI'), 'the summary never holds the secret');
    assert.equal(server.messages.length, 2);
    assert.ok(!readdirSync(out).includes('secret.asc'), 'a blocked report is not sealed');
  } finally {
    await server.close();
  }
});

test('a dry run, then a delivery: the sealed files are sent as they are (same ciphertext, same Message-ID), with From added', { timeout: 60_000 }, async () => {
  const { dir } = folder('dry-then-send', 2, 'DRY');
  const out = join(work, 'dry-then-send-out');
  const dry = await runCli(['bulk', dir, '--out', out, '--demo', '--key', DEMO_KEY, '--today', TODAY, '--dry-run', '--json']);
  assert.equal(dry.status, 0, dry.stderr);
  const sealed = dry.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => !l.summary);
  assert.ok(!readFileSync(join(out, 'finding-00.eml'), 'utf8').startsWith('From:'));
  const server = await smtpServer();
  try {
    const r = await runCli(args(dir, out, server, ['--json']));
    assert.equal(r.status, 0, r.stderr);
    const sent = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => !l.summary);
    for (const s of sent) {
      const before = sealed.find((x) => x.name === s.name);
      assert.equal(s.sha256, before.sha256, 'not sealed again');
      assert.equal(s.message_id, before.message_id);
    }
    for (const m of server.messages) assert.match(m.raw, /^From: pentest@firm\.example\r\n/);
    assert.ok(readFileSync(join(out, 'finding-00.eml'), 'utf8').startsWith('From: pentest@firm.example\r\n'), 'the file is what was sent');
  } finally {
    await server.close();
  }
});

test('STARTTLS when the server offers it (the transcript after it is ciphertext of ciphertext); a server that does not is refused by default, without retrying', { timeout: 60_000 }, async () => {
  const { dir } = folder('tls', 2, 'TLS-MARKER');
  const tls = await smtpServer({ starttls: true });
  try {
    const r = await runCli(args(dir, join(work, 'tls-out'), tls), { env: { NODE_EXTRA_CA_CERTS: TLS_CERT } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(tls.messages.length, 2);
    for (const m of tls.messages) assert.equal(m.secure, true, 'upgraded with STARTTLS before MAIL FROM');
    const transcript = tls.transcript();
    assert.match(transcript, /STARTTLS/);
    assert.ok(!transcript.includes('MAIL FROM'), 'the envelope went inside TLS');
  } finally {
    await tls.close();
  }
  const plain = await smtpServer();
  try {
    const out = join(work, 'tls-required-out');
    // No opt-out: smtp:// requires TLS.
    const r = await runCli(args(dir, out, { ...plain, insecure: [] }));
    assert.equal(r.status, 1, r.stderr);
    assert.equal(plain.messages.length, 0);
    assert.ok(!plain.transcript().includes('MAIL FROM'), 'no envelope in clear');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    for (const rep of summary.reports) {
      assert.equal(rep.reason.code, 'smtp-tls');
      assert.equal(rep.attempts, 1);
    }
  } finally {
    await plain.close();
  }
});

test('with credentials, a server that does not offer STARTTLS (stripped) never receives AUTH nor the password', { timeout: 60_000 }, async () => {
  const { dir } = folder('auth', 2, 'AUTH-MARKER');
  const server = await smtpServer({ auth: true });
  const password = 'hunter2-Sm7p-pass';
  const env = { PSIRT_SMTP_USER: 'pentest', PSIRT_SMTP_PASSWORD: password };
  try {
    const out = join(work, 'auth-out');
    const r = await runCli(args(dir, out, { ...server, insecure: [] }), { env });
    assert.equal(r.status, 1, r.stderr);
    const transcript = server.transcript();
    assert.match(transcript, /250[ -]AUTH/, 'the server offered AUTH');
    assert.doesNotMatch(transcript, /^AUTH /m, 'the client never sent AUTH');
    assert.ok(!transcript.includes(password) && !transcript.includes(Buffer.from(`\0pentest\0${password}`).toString('base64')), 'no password on the wire');
    assert.deepEqual(server.logins, []);
    assert.equal(server.messages.length, 0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    for (const rep of summary.reports) assert.equal(rep.reason.code, 'smtp-tls');
    // The plaintext opt-out never applies with credentials, nor to another host.
    const withCreds = await runCli(args(dir, join(work, 'auth-out-2'), server), { env });
    assert.equal(withCreds.status, 2, withCreds.stderr);
    assert.match(withCreds.stderr, /smtp-plaintext-credentials|cannot be used with credentials/);
    assert.deepEqual(server.logins, []);
  } finally {
    await server.close();
  }
  const remote = await runCli(args(dir, join(work, 'remote-out'), { url: 'smtp://mail.example:25', insecure: ['--insecure-plaintext-smtp-loopback'] }));
  assert.equal(remote.status, 2, remote.stderr);
  assert.match(remote.stderr, /this machine/);
});
