#!/usr/bin/env node
// Crash runs of `psirt-report intake`: the intake (the CLI, a child process) is killed with
// SIGKILL at a random moment while submissions run, then restarted on the same Maildir, `kills`
// times. Afterwards: every 202 has its file in new/, every file in new/ holds a submitted
// message byte for byte, and tmp/ is empty after the restart.
//
//   node bench/intake-crash.mjs [KILLS=10] [SUBMISSIONS=200]
//
// tests/js/intake-crash.test.mjs runs a reduced version (3 × 50) in make test.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { request } from 'node:http';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'pkg/cli.mjs');
const AUDIENCE = 'http://intake.crash.test/reports';
const BITS = 4;

function start(maildir) {
  const child = spawn(process.execPath, [CLI, 'intake', '--demo', '--listen', '127.0.0.1:0', '--maildir', maildir, '--public-url', AUDIENCE, '--stamp-bits', String(BITS), '--rate', '0'], {
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
  const { mintStamp } = await import('../pkg/stamp.js');
  const report = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
  const out = [];
  for (let i = 0; i < n; i++) {
    const sealed = api.seal({ ...report, title: `Crash run ${i}` }, { profile: 'demo', key: api.profile('demo').public_key });
    out.push({ armored: sealed.armored, stamp: await mintStamp(sealed.armored, { bits: BITS, audience: AUDIENCE }) });
  }
  return out;
}

/**
 * `kills` rounds of `submissions` each; resolves with the counts and the problems found (an
 * empty `problems` list is a pass).
 */
export async function crashRuns({ kills = 10, submissions = 200, concurrency = 8, maildir } = {}) {
  const dir = maildir ?? join(mkdtempSync(join(tmpdir(), 'psirt-intake-crash-')), 'Maildir');
  const messages = await prepare(kills * submissions);
  const submitted = new Set(messages.map((m) => m.armored));
  const accepted = [];
  const counts = { accepted: 0, failed: 0, refused: 0, rounds: 0, leftInTmp: 0 };
  for (let round = 0; round < kills; round++) {
    const run = start(dir);
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
  const last = start(dir);
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
  last.child.kill('SIGTERM');
  await last.exited;

  const problems = [];
  const files = readdirSync(join(dir, 'new'));
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
  return { counts, problems, maildir: dir };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const kills = Number(process.argv[2] ?? 10);
  const submissions = Number(process.argv[3] ?? 200);
  const t0 = Date.now();
  const { counts, problems, maildir } = await crashRuns({ kills, submissions });
  console.log(`intake crash runs: ${counts.rounds} SIGKILLs × ${submissions} submissions in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`  202 answered ${counts.accepted}, files in new/ ${counts.stored}, refused ${counts.refused}, cut by the kill ${counts.failed}, partial files in tmp/ before the last restart ${counts.leftInTmp} (0 after)`);
  console.log(problems.length === 0 ? '  every 202 has its file; every file is a submitted message, byte for byte: PASS' : `  FAIL:\n    ${problems.join('\n    ')}`);
  rmSync(join(maildir, '..'), { recursive: true, force: true });
  process.exitCode = problems.length === 0 ? 0 : 1;
}
