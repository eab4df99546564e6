#!/usr/bin/env node
// Crash runs of `psirt-report intake`: the intake (the CLI, a child process) is killed with
// SIGKILL at a random moment while submissions run, then restarted on the same Maildir, `kills`
// times. Afterwards: every 202 has its file in new/, every file in new/ holds a submitted
// message byte for byte, and tmp/ is empty after the restart.
//
//   node bench/intake-crash.mjs [KILLS=10] [SUBMISSIONS=200] [--forward]
//
// --forward: the intake also forwards by SMTP to a local server (smtp-server) that outlives the
// kills; afterwards every stored report reached it, nothing else did, and a Message-ID delivered
// twice only where the journal counted an attempt in doubt.
//
// tests/js/intake/crash-restart.test.mjs runs a reduced version (3 × 50) in make test.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { request } from 'node:http';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'pkg/cli/main.mjs');
const AUDIENCE = 'http://intake.crash.test/reports';
const BITS = 4;

function start(maildir, smtpUrl) {
  const forward = smtpUrl ? ['--smtp', smtpUrl, '--from', 'intake@psirt-demo.example', '--insecure-plaintext-smtp-loopback', '--retry-delay', '100'] : [];
  const child = spawn(process.execPath, [CLI, 'intake', '--demo', '--listen', '127.0.0.1:0', '--maildir', maildir, '--public-url', AUDIENCE, '--stamp-bits', String(BITS), '--rate', '0', ...forward], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += c;
      const m = /^intake: (\S+)/m.exec(out);
      if (m && /^maildir: /m.test(out)) resolve(m[1]);
    });
    child.on('exit', (code, signal) => reject(new Error(`intake exited (${code ?? signal}) before it was ready: ${err}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', () => resolve()));
  return { child, ready, exited, stderr: () => err };
}

function post(url, body, stamp) {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/pgp-encrypted', 'psirt-stamp': stamp } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, text }));
      res.on('error', () => resolve({ status: 'reset' }));
    });
    req.on('error', () => resolve({ status: 'reset' }));
    req.end(body);
  });
}

/** Seals `n` reports (the demo key) and mints their stamps for the crash audience. */
export async function prepare(n) {
  const api = await import('../pkg/node.mjs');
  const { mintStamp } = await import('../pkg/lib/stamp.js');
  const report = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
  const out = [];
  for (let i = 0; i < n; i++) {
    const sealed = api.seal({ ...report, title: `Crash run ${i}` }, { profile: 'demo', key: api.profile('demo').public_key });
    out.push({ armored: sealed.armored, stamp: await mintStamp(sealed.armored, { bits: BITS, audience: AUDIENCE }) });
  }
  return out;
}

/**
 * The PSIRT's mail system for the forwarding runs: an SMTP server (npm smtp-server) on 127.0.0.1
 * that outlives the intake's kills and records what it accepted, by Message-ID. Each DATA is
 * answered after a random delay of up to 40 ms, so kills land in the middle of transactions too.
 */
async function mailSystem() {
  const { SMTPServer } = await import('smtp-server');
  const received = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 50 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        setTimeout(() => {
          received.push({ id: /^Message-ID: <([^@>]+)@psirt-report\.invalid>/m.exec(raw)?.[1] ?? null, raw, to: session.envelope.rcptTo.map((r) => r.address) });
          callback(null, 'queued');
        }, Math.random() * 40);
      });
    },
  });
  server.on('error', () => {});
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `smtp://127.0.0.1:${server.server.address().port}`, received, close: () => new Promise((r) => server.close(r)) };
}

/**
 * `kills` rounds of `submissions` each; resolves with the counts and the problems found (an
 * empty `problems` list is a pass).
 */
export async function crashRuns({ kills = 10, submissions = 200, concurrency = 8, maildir, forward = false, deliveryTimeoutMs = 120_000 } = {}) {
  const dir = maildir ?? join(mkdtempSync(join(tmpdir(), 'psirt-intake-crash-')), 'Maildir');
  const mail = forward ? await mailSystem() : null;
  const messages = await prepare(kills * submissions);
  const submitted = new Set(messages.map((m) => m.armored));
  const accepted = [];
  const counts = { accepted: 0, failed: 0, refused: 0, rounds: 0, leftInTmp: 0 };
  for (let round = 0; round < kills; round++) {
    const run = start(dir, mail?.url);
    const url = await run.ready;
    const batch = messages.slice(round * submissions, (round + 1) * submissions);
    let next = 0;
    let killed = false;
    // Kill at a random moment: somewhere in the first 90 % of the batch's expected time.
    const killAfter = 20 + Math.random() * Math.max(100, submissions * 4);
    const timer = setTimeout(() => {
      killed = true;
      run.child.kill('SIGKILL');
    }, killAfter);
    const worker = async () => {
      while (next < batch.length && !killed) {
        const m = batch[next++];
        const r = await post(url, m.armored, m.stamp);
        if (r.status === 202) {
          counts.accepted++;
          accepted.push({ ...JSON.parse(r.text), armored: m.armored });
        } else if (typeof r.status === 'number') counts.refused++;
        else counts.failed++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    clearTimeout(timer);
    if (!killed) run.child.kill('SIGKILL');
    await run.exited;
    counts.rounds++;
  }
  // The restart after the last kill: tmp/ is cleaned on start.
  const tmpBefore = readdirSync(join(dir, 'tmp')).length;
  const last = start(dir, mail?.url);
  const lastUrl = await last.ready;
  const tmpAfter = readdirSync(join(dir, 'tmp')).length;
  // Stamps of acknowledged reports are still known after the kills: a replay gets 409 and the
  // receipt it bought (from the report's own header, even if the stamp log was not yet synced).
  const byArmored = new Map(messages.map((m) => [m.armored, m.stamp]));
  const replays = [];
  for (const a of accepted.slice(-20)) {
    const r = await post(lastUrl, a.armored, byArmored.get(a.armored));
    let body = {};
    try {
      body = JSON.parse(r.text);
    } catch {
      // not JSON: reported below
    }
    if (r.status !== 409 || body.code !== 'stamp-replayed' || body.receipt?.id !== a.id) replays.push(`${a.id}: ${r.status} ${r.text}`);
  }
  const problems = [];
  const files = readdirSync(join(dir, 'new'));
  // Forwarding: the restarted intake catches up (reports stored but never queued, sends whose
  // outcome the kill cut): wait until every stored report reached the mail system once at least.
  if (mail) {
    const storedIds = () => new Set(files.map((name) => /^Message-ID: <([^@>]+)@/m.exec(readFileSync(join(dir, 'new', name), 'latin1'))?.[1]));
    const want = storedIds();
    const deadline = Date.now() + deliveryTimeoutMs;
    while (Date.now() < deadline && ![...want].every((id) => mail.received.some((m) => m.id === id))) await new Promise((r) => setTimeout(r, 200));
  }
  last.child.kill('SIGTERM');
  await last.exited;

  const byId = new Map();
  for (const name of files) {
    const text = readFileSync(join(dir, 'new', name), 'latin1');
    const id = /^Message-ID: <([^@>]+)@psirt-report\.invalid>/m.exec(text)?.[1];
    const block = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----\r\n/.exec(text)?.[0];
    if (!id || !block) problems.push(`${name}: not a complete stored report`);
    else if (!submitted.has(block)) problems.push(`${name}: its message is not byte-identical to any submitted one`);
    byId.set(id, block);
  }
  for (const a of accepted) {
    if (!byId.has(a.id)) problems.push(`202 ${a.id} has no file in new/`);
    else if (byId.get(a.id) !== a.armored) problems.push(`202 ${a.id}: the stored message differs from the one sent`);
  }
  if (tmpAfter !== 0) problems.push(`${tmpAfter} file(s) in tmp/ after the restart`);
  for (const r of replays) problems.push(`replay after the restart not refused with its receipt: ${r}`);
  counts.leftInTmp = tmpBefore;
  counts.stored = files.length;
  if (mail) {
    await mail.close();
    // Every stored report forwarded; nothing forwarded that was not stored; a second delivery of
    // one Message-ID only where the journal counted an attempt whose outcome the kill cut.
    const byIdCount = new Map();
    for (const m of mail.received) byIdCount.set(m.id, (byIdCount.get(m.id) ?? 0) + 1);
    for (const [id, block] of byId) if (!byIdCount.has(id)) problems.push(`stored ${id} was never forwarded`);
    for (const m of mail.received) {
      if (!byId.has(m.id)) problems.push(`forwarded ${m.id} is not a stored report`);
      else if (!m.raw.includes(byId.get(m.id))) problems.push(`forwarded ${m.id} differs from the stored report`);
      if (m.to.join() !== 'psirt@psirt-demo.example') problems.push(`forwarded ${m.id} to ${m.to.join()}`);
    }
    const journal = new Map();
    for (const line of readFileSync(`${dir}.forward/journal.jsonl`, 'utf8').split('\n')) {
      try {
        const r = JSON.parse(line);
        journal.set(r.name, r);
      } catch {
        // a torn line
      }
    }
    const records = [...journal.values()];
    counts.forwarded = byIdCount.size;
    counts.deliveries = mail.received.length;
    counts.duplicates = mail.received.length - byIdCount.size;
    counts.inDoubt = records.reduce((n, r) => n + (r.in_doubt ?? 0), 0);
    counts.journalSent = records.filter((r) => r.state === 'sent').length;
    if (counts.duplicates > counts.inDoubt) problems.push(`${counts.duplicates} second deliveries but only ${counts.inDoubt} attempts in doubt in the journal`);
    if (counts.journalSent !== byId.size) problems.push(`the journal says ${counts.journalSent} sent, ${byId.size} stored`);
  }
  return { counts, problems, maildir: dir };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const kills = Number(process.argv[2] ?? 10);
  const submissions = Number(process.argv[3] ?? 200);
  const t0 = Date.now();
  const forward = process.argv.includes('--forward');
  const { counts, problems, maildir } = await crashRuns({ kills, submissions, forward });
  console.log(`intake crash runs: ${counts.rounds} SIGKILLs × ${submissions} submissions in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`  202 answered ${counts.accepted}, files in new/ ${counts.stored}, refused ${counts.refused}, cut by the kill ${counts.failed}, partial files in tmp/ before the last restart ${counts.leftInTmp} (0 after)`);
  if (forward) console.log(`  forwarded by SMTP: ${counts.forwarded} of ${counts.stored} stored, ${counts.deliveries} deliveries (${counts.duplicates} second deliveries, ${counts.inDoubt} attempts in doubt in the journal), journal sent ${counts.journalSent}`);
  console.log(problems.length === 0 ? '  every 202 has its file; every file is a submitted message, byte for byte: PASS' : `  FAIL:\n    ${problems.join('\n    ')}`);
  rmSync(join(maildir, '..'), { recursive: true, force: true });
  process.exitCode = problems.length === 0 ? 0 : 1;
}
