// `psirt-report bulk` inputs and outputs without SMTP: a folder mixing every kind of bad input,
// JSON Lines, a CSV file with a column mapping and attachments, --dry-run, --json, plain progress
// lines, --post to an intake endpoint, and the Node API `bulk()` as an async iterator.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_FPR, DEMO_KEY, ROOT, TODAY, journal, makeReport, runCli } from '../lib/bulk.mjs';
import { bulk } from '../../../pkg/bulk/index.mjs';
import { open, limits } from '../../../pkg/node.mjs';

const SECRET_KEY = readFileSync(join(ROOT, 'keys/demo-psirt.sec.asc'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'psirt-bulk-input-'));
after(() => rmSync(work, { recursive: true, force: true }));

const dry = (src, out, extra = []) => ['bulk', src, '--out', out, '--demo', '--key', DEMO_KEY, '--today', TODAY, '--dry-run', ...extra];
const jsonLines = (stdout) => stdout.trim().split('\n').map((l) => JSON.parse(l));
const opened = (out, name) => open(readFileSync(join(out, `${name}.eml`)), { secretKey: SECRET_KEY, profile: 'demo', today: TODAY });

const CSV_MAP = {
  columns: {
    Title: 'title',
    'Reporter e-mail': 'reporter.email',
    Product: 'affected.0.product',
    Versions: 'affected.0.versions',
    Steps: 'steps_to_reproduce',
    CWE: 'cwe',
    'Third party': 'third_party_software',
    Evidence: 'attachments',
  },
  defaults: {
    schema_version: '1.0',
    channel: 'vulnerability',
    language: 'en',
    commitments: { no_exploitation: true, no_disclosure_without_consent: true, no_prohibited_attacks: true },
  },
};
const CSV = [
  'Title,Reporter e-mail,Product,Versions,Steps,CWE,Third party,Evidence',
  'SQL injection in search,red@firm.example,Example Portal,4.1;4.2,"1. Search for \'\n2. See the error",CWE-89,no,evidence/sqli.txt',
  'Open redirect,red@firm.example,Example Portal,4.2,Visit /go?u=//evil.example,CWE-601,yes,',
  'Missing a column,red@firm.example,Example Portal',
  'Bad boolean,red@firm.example,Example Portal,4.2,Steps,CWE-79,maybe,',
  'No product,red@firm.example,,4.2,Steps,CWE-79,no,',
].join('\r\n');

test('a folder mixing valid reports, invalid JSON, empty files, a file over the limit, duplicates, JSON Lines and a CSV with bad rows: each gets its own status', { timeout: 120_000 }, async () => {
  const src = join(work, 'mixed');
  mkdirSync(join(src, 'evidence'), { recursive: true });
  const valid = [0, 1, 2].map((i) => makeReport('MIXED', i));
  valid.forEach((r, i) => writeFileSync(join(src, `valid-${i}.json`), JSON.stringify(r, null, 2)));
  writeFileSync(join(src, 'zz-copy-of-valid-0.json'), JSON.stringify(valid[0], null, 2)); // same text: duplicate
  writeFileSync(join(src, 'broken.json'), '{"title": "unterminated');
  writeFileSync(join(src, 'empty.json'), '');
  writeFileSync(join(src, 'not-utf8.json'), Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
  writeFileSync(join(src, 'huge.json'), '');
  truncateSync(join(src, 'huge.json'), limits().report_bytes + 1); // sparse: never read
  writeFileSync(join(src, 'batch.jsonl'), `${JSON.stringify(makeReport('MIXED', 10))}\n\n{nope}\n${JSON.stringify(makeReport('MIXED', 11))}\n`);
  writeFileSync(join(src, 'sheet.csv'), CSV);
  writeFileSync(join(src, 'evidence/sqli.txt'), 'HTTP/1.1 500 Internal Server Error\nsyntax error near "\'"\n');
  writeFileSync(join(src, 'screenshot.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47])); // not a report: ignored
  const map = join(work, 'map.json');
  writeFileSync(map, JSON.stringify(CSV_MAP));
  const out = join(work, 'mixed-out');

  const r = await runCli(dry(src, out, ['--map', map, '--json', '--concurrency', '2']));
  assert.equal(r.status, 1, r.stderr);
  const lines = jsonLines(r.stdout);
  const summary = lines.at(-1).summary;
  const by = Object.fromEntries(lines.slice(0, -1).map((x) => [x.name, x]));
  const status = Object.fromEntries(Object.entries(by).map(([k, v]) => [k, v.status]));
  assert.deepEqual(status, {
    'valid-0': 'sealed',
    'valid-1': 'sealed',
    'valid-2': 'sealed',
    'zz-copy-of-valid-0': 'duplicate',
    broken: 'invalid',
    empty: 'invalid',
    'not-utf8': 'invalid',
    huge: 'invalid',
    'batch-line1': 'sealed',
    'batch-line3': 'invalid',
    'batch-line4': 'sealed',
    'sheet-row2': 'sealed',
    'sheet-row3': 'sealed',
    'sheet-row4': 'invalid',
    'sheet-row5': 'invalid',
    'sheet-row6': 'invalid',
  });
  assert.equal(summary.total, 16);
  assert.deepEqual(summary.counts, { sealed: 7, invalid: 8, duplicate: 1 });
  const code = (name) => by[name].errors.map((e) => e.code);
  assert.deepEqual(code('broken'), ['json-syntax']);
  assert.deepEqual(code('empty'), ['file-empty']);
  assert.deepEqual(code('not-utf8'), ['invalid-utf8']);
  assert.deepEqual(code('huge'), ['input-too-large']);
  assert.deepEqual(code('batch-line3'), ['json-syntax']);
  assert.deepEqual(code('sheet-row4'), ['csv-row-invalid']);
  assert.deepEqual(code('sheet-row5'), ['csv-value-invalid']);
  assert.match(by['sheet-row5'].errors[0].message, /Third party/);
  assert.ok(by['sheet-row6'].errors.some((e) => e.path === '/affected/0/product'), JSON.stringify(by['sheet-row6'].errors));
  assert.equal(by['zz-copy-of-valid-0'].duplicate_of, 'valid-0');
  assert.equal(by['valid-0'].fingerprint, DEMO_FPR);
  assert.equal(by['valid-0'].sha256.length, 64);

  // The CSV row became the report the mapping describes, its attachment inside the ciphertext.
  const row = opened(out, 'sheet-row2');
  assert.equal(row.report.title, 'SQL injection in search');
  assert.deepEqual(row.report.affected, [{ product: 'Example Portal', versions: ['4.1', '4.2'] }]);
  assert.deepEqual(row.report.cwe, ['CWE-89']);
  assert.equal(row.report.third_party_software, false);
  assert.equal(row.report.steps_to_reproduce, "1. Search for '\n2. See the error");
  assert.deepEqual(row.attachments.map((a) => a.name), ['sqli.txt']);
  assert.equal(opened(out, 'sheet-row3').report.third_party_software, true);
  assert.deepEqual(opened(out, 'valid-1').report, valid[1]);

  // Output: .asc/.eml for the sealed ones only, summary.json, the journal; nothing else.
  const written = readdirSync(out).sort();
  const sealed = Object.keys(by).filter((n) => by[n].status === 'sealed');
  assert.deepEqual(written, [...sealed.flatMap((n) => [`${n}.asc`, `${n}.eml`]), 'journal.jsonl', 'summary.json'].sort());
  for (const f of written) assert.ok(!readFileSync(join(out, f), 'utf8').includes('MIXED'), `${f} holds plaintext`);
  assert.deepEqual(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).counts, summary.counts);
});

test('without --json: plain progress lines on stderr (no terminal), a table on stdout; all sealed exits 0', { timeout: 60_000 }, async () => {
  const src = join(work, 'plain');
  mkdirSync(src);
  for (let i = 0; i < 3; i++) writeFileSync(join(src, `r${i}.json`), JSON.stringify(makeReport('PLAIN', i)));
  const r = await runCli(dry(src, join(work, 'plain-out')));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.match(/^\[\d\/3\] r\d: sealed$/gm)?.length, 3, r.stderr);
  assert.match(r.stderr, /3 report\(s\): 3 sealed/);
  assert.match(r.stdout, /^NAME\s+STATUS\s+DETAIL\s+KEYS\s+SHA-256/m);
  assert.equal(r.stdout.match(/^r\d\s+sealed\s+<[0-9a-f]+@psirt-report\.invalid>\s+9B5573C2D06F7269\s+[0-9a-f]{16}$/gm)?.length, 3, r.stdout);
});

test('a CSV without a mapping uses its headers as field paths; a mapping naming a missing column is a usage error (exit 2)', { timeout: 60_000 }, async () => {
  const src = join(work, 'plain.csv');
  writeFileSync(
    src,
    'schema_version,channel,reporter.email,title,affected.0.product,steps_to_reproduce,commitments.no_exploitation,commitments.no_disclosure_without_consent,commitments.no_prohibited_attacks\n' +
      '1.0,vulnerability,a@firm.example,XSS in login,Portal,Type <b>,yes,yes,yes\n',
  );
  const out = join(work, 'plain-csv-out');
  const r = await runCli(dry(src, out, ['--json']));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(opened(out, 'plain-row2').report.commitments.no_prohibited_attacks, true);
  const map = join(work, 'bad-map.json');
  writeFileSync(map, JSON.stringify({ columns: { Nope: 'title' } }));
  const bad = await runCli(dry(src, join(work, 'bad-map-out'), ['--map', map]));
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /map-column-missing/);
});

test('--post: the armored message goes to the intake (application/pgp-encrypted) with a stamp naming that intake and the Message-ID as Idempotency-Key; 503 is retried, 400 is not', { timeout: 60_000 }, async () => {
  const src = join(work, 'post');
  mkdirSync(src);
  for (let i = 0; i < 2; i++) writeFileSync(join(src, `p${i}.json`), JSON.stringify(makeReport('POSTED', i)));
  const received = [];
  let mode = 'flaky';
  const seen = new Set();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const key = req.headers['idempotency-key'];
      if (mode === 'reject') return res.writeHead(400).end();
      if (!seen.has(key)) {
        seen.add(key);
        return res.writeHead(503).end();
      }
      received.push({ type: req.headers['content-type'], key, auth: req.headers.authorization, stamp: req.headers['psirt-stamp'], body });
      res.writeHead(202).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/intake`;
  try {
    const out = join(work, 'post-out');
    const args = ['bulk', src, '--out', out, '--demo', '--key', DEMO_KEY, '--today', TODAY, '--post', url, '--retry-delay', '10', '--json'];
    const r = await runCli(args, { env: { PSIRT_POST_TOKEN: 'tok-123' } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(received.length, 2);
    for (const m of received) {
      assert.equal(m.type, 'application/pgp-encrypted');
      assert.equal(m.auth, 'Bearer tok-123');
      assert.match(m.key, /^<[^>]+@psirt-report\.invalid>$/);
      assert.match(m.body, /^-----BEGIN PGP MESSAGE-----/);
      assert.ok(!m.body.includes('POSTED'));
      // The stamp: the demo profile's difficulty, for this message and this intake.
      const { verifyStamp } = await import('../../../pkg/lib/stamp.js');
      assert.equal(verifyStamp(m.stamp, m.body, { bits: 19, audience: url }).ok, true);
    }
    for (const res of jsonLines(r.stdout).slice(0, -1)) {
      assert.equal(res.status, 'sent');
      assert.equal(res.attempts, 2);
      assert.match(res.reply, /^202/);
    }
    mode = 'reject';
    writeFileSync(join(src, 'p9.json'), JSON.stringify(makeReport('POSTED', 9)));
    const r2 = await runCli(args);
    assert.equal(r2.status, 1);
    const p9 = jsonLines(r2.stdout).find((x) => x.name === 'p9');
    assert.equal(p9.status, 'failed');
    assert.equal(p9.reason.code, 'post-refused');
    assert.equal(p9.attempts, 1);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('Node API: bulk() is an async iterator of results, with total and summary', { timeout: 60_000 }, async () => {
  const src = join(work, 'api.jsonl');
  writeFileSync(src, [0, 1, 2].map((i) => JSON.stringify(makeReport('API', i))).join('\n'));
  const out = join(work, 'api-out');
  const run = bulk(src, { out, key: readFileSync(DEMO_KEY), profile: 'demo', today: TODAY, dryRun: true, concurrency: 1 });
  const seen = [];
  for await (const r of run) seen.push(r);
  assert.equal(await run.total, 3);
  assert.deepEqual(seen.map((r) => r.status), ['sealed', 'sealed', 'sealed']);
  const summary = await run.summary;
  assert.equal(summary.ok, true);
  assert.deepEqual(summary.reports.map((r) => r.name), ['api-line1', 'api-line2', 'api-line3']);
  assert.ok(existsSync(join(out, 'api-line2.eml')));

  // Errors before anything runs reject the iterator and the summary with a coded error.
  const bad = bulk(src, { out, key: readFileSync(DEMO_KEY), profile: 'demo', smtp: 'smtp://127.0.0.1:25' });
  await assert.rejects(async () => {
    for await (const _ of bad) assert.fail('no result expected');
  }, { code: 'bulk-from-missing' });
  await assert.rejects(bulk(src, { out, key: readFileSync(join(ROOT, 'keys/impostor.pub.asc')), profile: 'demo', dryRun: true }).summary, {
    name: 'KeyError',
  });
});

test('on a terminal: a progress bar (cli-progress) instead of lines', { skip: existsSync('/usr/bin/script') ? false : 'util-linux script(1) not installed', timeout: 60_000 }, async () => {
  const src = join(work, 'tty');
  mkdirSync(src);
  for (let i = 0; i < 2; i++) writeFileSync(join(src, `t${i}.json`), JSON.stringify(makeReport('TTY', i)));
  const { spawnSync } = await import('node:child_process');
  const quote = (a) => `'${a.replace(/'/g, "'\\''")}'`;
  const command = [process.execPath, join(ROOT, 'pkg/cli/main.mjs'), ...dry(src, join(work, 'tty-out'))].map(quote).join(' ');
  // script(1) gives the CLI a pseudo-terminal; stdout goes to /dev/null, so what shows is stderr.
  const r = spawnSync('/usr/bin/script', ['-qec', `${command} >/dev/null`, '/dev/null'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /bulk \|[^|]*\| 2\/2/);
  assert.doesNotMatch(r.stdout, /^\[1\/2\]/m);
});

test('JSON reports may name attachments by path (relative to the report): attached as files, scanned, kept inside the folder', { timeout: 60_000 }, async () => {
  const src = join(work, 'paths');
  mkdirSync(join(src, 'evidence'), { recursive: true });
  writeFileSync(join(src, 'evidence/trace.log'), 'GET /inventory 200\nrendered <script> from device name\n');
  writeFileSync(join(src, 'evidence/creds.env'), 'AWS_ACCESS_KEY_ID=AKIAZ3MEXAMPLE7Q2R4T\nAWS_SECRET_ACCESS_KEY=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\n');
  const withLog = makeReport('PATHS', 1);
  withLog.attachments = [{ path: 'evidence/trace.log', media_type: 'text/plain' }];
  writeFileSync(join(src, 'a-log.json'), JSON.stringify(withLog));
  const withSecret = makeReport('PATHS', 2);
  withSecret.attachments = [{ name: 'env.txt', path: 'evidence/creds.env' }];
  writeFileSync(join(src, 'b-secret.json'), JSON.stringify(withSecret));
  const escaping = makeReport('PATHS', 3);
  escaping.attachments = [{ path: '../map.json' }];
  writeFileSync(join(src, 'c-outside.json'), JSON.stringify(escaping));
  const out = join(work, 'paths-out');
  const r = await runCli(dry(src, out, ['--json']));
  assert.equal(r.status, 1, r.stderr);
  const by = Object.fromEntries(jsonLines(r.stdout).slice(0, -1).map((x) => [x.name, x]));
  assert.equal(by['a-log'].status, 'sealed');
  const o = opened(out, 'a-log');
  assert.deepEqual(o.attachments.map((a) => [a.name, a.mediaType]), [['trace.log', 'text/plain']]);
  assert.equal(Buffer.from(o.attachments[0].data).toString('utf8'), readFileSync(join(src, 'evidence/trace.log'), 'utf8'));
  assert.equal(o.report.attachments, undefined, 'the path entry is taken out of report.json');
  assert.equal(by['b-secret'].status, 'blocked', JSON.stringify(by['b-secret']));
  assert.equal(by['b-secret'].findings[0].attachment, 'env.txt');
  assert.ok(!readFileSync(join(out, 'summary.json'), 'utf8').includes('Zx9k2LmQ8'), 'the summary never holds the secret');
  assert.equal(by['c-outside'].status, 'invalid');
  assert.equal(by['c-outside'].errors[0].code, 'attachment-outside');
});

// What a security review of bulk asked: --post, attachment paths, the output folder, the recipients.
test('--post never follows a redirect: the message and the token stay with the intake named', { timeout: 60_000 }, async () => {
  const src = join(work, 'redirect');
  mkdirSync(src);
  writeFileSync(join(src, 'r0.json'), JSON.stringify(makeReport('REDIRECTED', 0)));
  const elsewhere = [];
  const other = createServer((req, res) => {
    elsewhere.push(req.headers.authorization ?? '-');
    req.resume();
    req.on('end', () => res.writeHead(202).end());
  });
  await new Promise((r) => other.listen(0, '127.0.0.1', r));
  const target = `http://127.0.0.1:${other.address().port}/stolen`;
  const intake = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(307, { location: target }).end());
  });
  await new Promise((r) => intake.listen(0, '127.0.0.1', r));
  try {
    const out = join(work, 'redirect-out');
    const url = `http://127.0.0.1:${intake.address().port}/intake`;
    const r = await runCli(['bulk', src, '--out', out, '--demo', '--key', DEMO_KEY, '--today', TODAY, '--post', url, '--retry-delay', '10', '--json'], { env: { PSIRT_POST_TOKEN: 'tok-redirect' } });
    assert.equal(r.status, 1, r.stderr);
    const res = jsonLines(r.stdout).find((x) => x.name === 'r0');
    assert.equal(res.status, 'failed');
    assert.equal(res.reason.code, 'post-redirect');
    assert.equal(res.attempts, 1, 'not retried');
    assert.deepEqual(elsewhere, [], 'nothing reached the redirect target');
  } finally {
    await new Promise((r) => intake.close(r));
    await new Promise((r) => other.close(r));
  }
});

test('an attachment path through a symbolic link that leads outside the folder is refused', { timeout: 60_000 }, async () => {
  const outside = join(work, 'outside-secret.txt');
  writeFileSync(outside, 'OUTSIDE-SECRET-7c1');
  const src = join(work, 'links');
  mkdirSync(join(src, 'evidence'), { recursive: true });
  symlinkSync(outside, join(src, 'evidence', 'poc.txt'));
  symlinkSync(work, join(src, 'up'));
  writeFileSync(join(src, 'inside.txt'), 'inside');
  const with_ = (path) => ({ ...makeReport('LINKS', 0), attachments: [{ path }] });
  writeFileSync(join(src, 'a-file-link.json'), JSON.stringify(with_('evidence/poc.txt')));
  writeFileSync(join(src, 'b-dir-link.json'), JSON.stringify(with_('up/outside-secret.txt')));
  writeFileSync(join(src, 'c-plain.json'), JSON.stringify(with_('inside.txt')));
  const out = join(work, 'links-out');
  const r = await runCli(dry(src, out, ['--json']));
  const results = jsonLines(r.stdout).filter((x) => !x.summary);
  const by = Object.fromEntries(results.map((x) => [x.name, x]));
  for (const name of ['a-file-link', 'b-dir-link']) {
    assert.equal(by[name].status, 'invalid', JSON.stringify(by[name]));
    assert.equal(by[name].errors[0].code, 'attachment-outside', JSON.stringify(by[name]));
  }
  assert.equal(by['c-plain'].status, 'sealed', JSON.stringify(by['c-plain']));
  for (const f of readdirSync(out)) assert.ok(!readFileSync(join(out, f), 'utf8').includes('OUTSIDE-SECRET-7c1'), f);
});

test('the output folder is created 0700; every recipient (the reporter\'s own key too) is in the table, summary.json and the journal', { timeout: 60_000 }, async () => {
  const reporterKey = readFileSync(join(ROOT, 'tests/keys/primary-encrypts.pub.asc'), 'utf8');
  const src = join(work, 'recipients');
  mkdirSync(src);
  const withKey = makeReport('RECIPIENTS', 0);
  withKey.reporter.pgp_key = reporterKey;
  writeFileSync(join(src, 'with-key.json'), JSON.stringify(withKey));
  writeFileSync(join(src, 'without-key.json'), JSON.stringify(makeReport('RECIPIENTS', 1)));
  const out = join(work, 'recipients-out', 'nested');
  const r = await runCli(dry(src, out));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(statSync(out).mode & 0o777, 0o700);
  assert.equal(statSync(join(work, 'recipients-out')).mode & 0o777, 0o700);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const by = Object.fromEntries(summary.reports.map((x) => [x.name, x]));
  assert.deepEqual(by['without-key'].recipients.map((x) => x.role), ['psirt']);
  assert.equal(by['without-key'].recipients[0].fingerprint, DEMO_FPR);
  const roles = by['with-key'].recipients.map((x) => x.role);
  assert.deepEqual(roles, ['psirt', 'reporter']);
  const reporterFpr = by['with-key'].recipients[1].fingerprint;
  assert.match(reporterFpr, /^[0-9A-F]{40}$/);
  assert.equal(journal(out).get('with-key').recipients[1].fingerprint, reporterFpr);
  const row = r.stdout.split('\n').find((l) => l.startsWith('with-key'));
  assert.ok(row.includes(DEMO_FPR.slice(-16)) && row.includes(`reporter:${reporterFpr.slice(-16)}`), row);
});

test('every recipient, the reporter\'s own key too, in the table, summary.json and the journal; never named in NAME.asc', { timeout: 60_000 }, async () => {
  const { keyNamedIn, recipientsOf } = await import('../lib/pkesk.mjs');
  const { journal } = await import('../lib/bulk.mjs');
  const reporterPub = readFileSync(join(ROOT, 'tests/keys/valid.pub.asc'), 'utf8');
  const reporterFpr = '17F6B1FE71F4B04674B6E3CF0A5B93364E64E147';
  const src = join(work, 'copies');
  const out = join(work, 'copies-out');
  mkdirSync(src);
  const withKey = makeReport('COPY', 0);
  withKey.reporter.pgp_key = reporterPub;
  writeFileSync(join(src, 'with-key.json'), JSON.stringify(withKey));
  writeFileSync(join(src, 'without.json'), JSON.stringify(makeReport('COPY', 1)));
  const r = await runCli(dry(src, out));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^with-key\s+sealed\s+\S+\s+9B5573C2D06F7269 \+ reporter:0A5B93364E64E147\s+[0-9a-f]{16}$/m, r.stdout);
  assert.match(r.stdout, /^without\s+sealed\s+\S+\s+9B5573C2D06F7269\s+[0-9a-f]{16}$/m, r.stdout);
  const expected = { 'with-key': [['psirt', DEMO_FPR], ['reporter', reporterFpr]], without: [['psirt', DEMO_FPR]] };
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  for (const rep of summary.reports) assert.deepEqual(rep.recipients.map((k) => [k.role, k.fingerprint]), expected[rep.name], rep.name);
  const sealedLines = [...journal(out).values()].filter((l) => l.state === 'sealed');
  assert.equal(sealedLines.length, 2);
  for (const l of sealedLines) assert.deepEqual(l.recipients.map((k) => [k.role, k.fingerprint]), expected[l.name], l.name);
  const asc = readFileSync(join(out, 'with-key.asc'), 'utf8');
  assert.deepEqual(recipientsOf(asc).map((p) => p.anonymous), [false, true]);
  assert.deepEqual(keyNamedIn(asc, reporterPub), []);
  assert.deepEqual(keyNamedIn(readFileSync(join(out, 'with-key.eml'), 'utf8'), reporterPub), []);
});
