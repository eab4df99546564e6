#!/usr/bin/env node
// Intake throughput, beside its floor, in one run (autocannon, from the root devDependencies):
//
//   intake  `createIntake` (pkg/intake/server.mjs) on 8 KB sealed reports with their stamps: each
//           request inspected (packet walk, no decryption), its stamp checked and recorded, the
//           report enveloped and stored in the Maildir, the receipt sent
//   floor   a minimal node:http server that only reads the body and stores it the same way
//           (the same Maildir class: tmp/, fsync, rename to new/, directory fsync shared)
//
// Each request carries a different message and stamp (a replayed stamp would be refused).
// Target: the intake ≥ 0.7 × the floor's requests per second. p50 and p99 latency printed.
//
// Each server runs in its own process (autocannon in this one would take CPU from the server
// under test); three rounds, alternating, and the medians are printed.
//
//   node bench/intake.mjs [REQUESTS=2000] [CONNECTIONS=16]      (make bench-intake)
//
// Also printed: each server's CPU per request (user + system, every thread of its process), the
// figure a machine shared with other work moves least.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import * as api from '../pkg/node.mjs';
import { mintStamp } from '../pkg/stamp.js';
import { createIntake } from '../pkg/intake/server.mjs';
import { Maildir } from '../pkg/intake/maildir.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const AUDIENCE = 'http://intake.bench.test/reports';
const BITS = 8;

// Child mode: `--serve floor|intake DIR` listens on 127.0.0.1:0 and prints the port.
if (process.argv[2] === '--serve') {
  const [, , , which, dir] = process.argv;
  let port;
  if (which === 'floor') {
    const server = await floorServer(dir);
    port = server.address().port;
  } else {
    const intake = createIntake({ maildir: dir, profile: 'demo', publicUrl: AUDIENCE, stampBits: BITS, rate: { perMinute: 0, burst: 0 }, log: () => {} });
    ({ port } = await intake.listen(0));
  }
  // The CPU this process spent under load (all its threads: the main one and libuv's, where the
  // file system calls run), from here to the signal that stops it.
  let cpu0 = process.cpuUsage();
  // The load generator says when the warm-up is over (the JIT has compiled the hot paths, the
  // wasm its optimised tier): counted from there.
  process.on('SIGUSR2', () => {
    cpu0 = process.cpuUsage();
  });
  process.stdout.write(`port ${port}\n`);
  // Exit on a signal (so `node --cpu-prof` can write its profile).
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      const { user, system } = process.cpuUsage(cpu0);
      process.stdout.write(`cpu ${user} ${system}\n`, () => process.exit(0));
    });
  }
  await new Promise(() => {});
}

const N = Number(process.argv[2] ?? 2000);
// Before each measured round: requests not counted, so both servers are measured warm (V8 compiles
// the hot paths and tiers up the wasm in its own threads, which a short round would count).
const WARM = Math.max(200, Math.round(N / 10));
const CONNECTIONS = Number(process.argv[3] ?? 16);
const work = mkdtempSync(join(tmpdir(), 'psirt-intake-bench-'));
const report = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
const key = api.profile('demo').public_key;
process.stderr.write(`sealing ${N} reports and minting their stamps…\n`);
const messages = [];
for (let i = 0; i < N + 6 * WARM; i++) {
  // ~8 KB sealed: the padding buckets round the plaintext up.
  const sealed = api.seal({ ...report, title: `Bench ${i}`, description: `${report.description} ${'x'.repeat(1000)} ${i}` }, { profile: 'demo', key });
  messages.push({ armored: sealed.armored, stamp: await mintStamp(sealed.armored, { bits: BITS, audience: AUDIENCE }) });
}
const size = Math.round(messages.reduce((n, m) => n + m.armored.length, 0) / messages.length);

let nextWarm = N;
async function load(port, amount = N, from = 0) {
  let i = from;
  const started = performance.now();
  let last = started;
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}/reports`,
        connections: CONNECTIONS,
        amount,
        requests: [
          {
            method: 'POST',
            setupRequest(req) {
              const m = messages[i++];
              return { ...req, body: m.armored, headers: { 'content-type': 'application/pgp-encrypted', 'psirt-stamp': m.stamp } };
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', () => {
      last = performance.now();
    });
  });
  // From the first request to the last answer: autocannon's own duration ends on a whole second.
  result.wallSeconds = (last - started) / 1000;
  return result;
}

/** Starts `which` in a child process; resolves {port, stop()}. */
function serve(which, dir) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', which, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /port (\d+)/.exec(out);
      if (m) {
        resolve({
          port: Number(m[1]),
          warm: () => child.kill('SIGUSR2'),
          // Resolves with the CPU microseconds (user, system) the server spent since it listened.
          stop: () => new Promise((r) => {
            child.once('exit', () => {
              const c = /cpu (\d+) (\d+)/.exec(out);
              r(c ? { user: Number(c[1]), system: Number(c[2]) } : null);
            });
            child.kill();
          }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`${which} server exited ${code}`)));
  });
}

function floorServer(dir) {
  const maildir = new Maildir(dir);
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        await maildir.store(Buffer.concat(chunks));
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"ok":true}');
      } catch {
        res.writeHead(500).end();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

try {
  const rounds = { floor: [], intake: [] };
  for (let round = 0; round < 3; round++) {
    for (const which of round % 2 ? ['intake', 'floor'] : ['floor', 'intake']) {
      const server = await serve(which, join(work, `${which}-${round}`));
      await load(server.port, WARM, nextWarm);
      nextWarm += WARM;
      server.warm();
      const result = await load(server.port);
      result.cpu = await server.stop();
      rounds[which].push(result);
    }
  }
  const median = (list, f) => list.map(f).sort((a, b) => a - b)[1];
  // Throughput over the whole round (autocannon's per-second average is coarse on short runs).
  const rps = (r) => r['2xx'] / r.wallSeconds;
  const cpuPer = (r) => (r.cpu ? (r.cpu.user + r.cpu.system) / 1000 / Math.max(1, r['2xx']) : NaN);
  console.log(`intake load: ${N} requests per round (after ${WARM} not counted) of ~${size} B sealed reports, ${CONNECTIONS} connections, each its own stamp (${BITS} bits); 3 rounds, medians`);
  for (const which of ['floor', 'intake']) {
    const list = rounds[which];
    console.log(
      `${which.padEnd(8)} ${median(list, rps).toFixed(0).padStart(6)} req/s (rounds ${list.map((r) => rps(r).toFixed(0)).join(', ')})   p50 ${median(list, (r) => r.latency.p50)} ms   p99 ${median(list, (r) => r.latency.p99)} ms   CPU ${median(list, cpuPer).toFixed(2)} ms/request (user+system, all threads)   non-2xx ${list.reduce((n, r) => n + r.non2xx, 0)}  errors ${list.reduce((n, r) => n + r.errors, 0)}`,
    );
  }
  const ratio = median(rounds.intake, rps) / median(rounds.floor, rps);
  console.log(`intake / floor: ${ratio.toFixed(2)}× (target ≥ 0.70×)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
