#!/usr/bin/env node
// Intake throughput, beside its floor, in one run (autocannon, from the root devDependencies):
//
//   intake  `createIntake` (pkg/intake/server.mjs) on 8 KB sealed reports with their stamps: each
//           request inspected (packet walk, no decryption), its stamp checked and recorded, the
//           report enveloped and stored in the Maildir, the receipt sent
//   floor   a minimal node:http server that only reads the body and stores it the same way
//           (the same Maildir class: tmp/, write, fsync, rename to new/, the directory fsync
//           shared by the renames of one moment), and answers 202 with a small JSON body
//
// Target: the intake ≥ 0.7 × the floor's requests per second; p50 and p99 latency printed.
//
// How the comparison is kept fair on a machine shared with other work (the figure swung 2×
// between runs when each server ran three times in a fresh process, medians taken apart):
// - both servers run for the whole run, each in its own process (autocannon in this process
//   would take CPU from a server in it), warmed by the same 1 000 requests (not counted) before
//   the first round, so the JIT and the wasm's optimised tier are in place;
// - the same fsync policy: both store through the same Maildir class (one fsync per file, one
//   fsync of new/ shared by the renames of one moment — `strace -f -e trace=fsync,fdatasync,rename`
//   counts the same per request for both); the intake adds its replay log's one fdatasync a second;
// - ROUNDS short rounds (default 24 of REQUESTS/ROUNDS requests per server), each a pair measured
//   back to back (floor then intake, intake then floor in alternate rounds), with the same
//   connections and the same requests (the floor receives the same bodies and stamp headers):
//   the disk's flush time here moves within seconds, so a pair compares like with like only
//   when both halves are short;
// - the ratio is computed per pair and the median of the pairs is the figure, printed with its
//   quartiles, min and max, and the load average (start, end, before each round);
// - latency percentiles over every measured request; each server's CPU per request (user +
//   system, all threads of its process, over the measured rounds), the figure that moves least
//   with the other work on the machine, and the two servers' CPU ratio.
//
//   node bench/intake.mjs [REQUESTS=6000] [CONNECTIONS=16] [--rounds R=24] [--together]
//                         [--cpu-prof DIR]                       (make bench-intake)
// --together: each round loads both servers at the same time (the same instants of disk and
//   CPU for both, but each then competes with the other): a cross-check of the paired figure.
// --cpu-prof DIR: each server's process writes a V8 CPU profile of the whole run into DIR
//   (floor.cpuprofile, intake.cpuprofile). Under a load average well above the core count, V8's
//   sampler charges preempted time to whatever runs next: `perf record -g` with
//   PSIRT_BENCH_SERVER_ARGS=--perf-basic-prof gives on-CPU samples instead.

import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const AUDIENCE = 'http://intake.bench.test/reports';
const BITS = 8;

// Child mode: `--serve floor|intake DIR` listens on 127.0.0.1:0, prints the port, and answers
// the parent's 'cpu' messages with the CPU this process has spent so far.
if (process.argv[2] === '--serve') {
  const [, , , which, dir] = process.argv;
  let port;
  if (which === 'floor') {
    const server = await floorServer(dir);
    port = server.address().port;
  } else {
    const { createIntake } = await import('../pkg/intake/server.mjs');
    // As the CLI runs it, its log included (a JSON line per request on stderr, a file here). The
    // rate limit is off: every request comes from one address.
    const intake = createIntake({ maildir: dir, profile: 'demo', publicUrl: AUDIENCE, stampBits: BITS, rate: { perMinute: 0, burst: 0 } });
    ({ port } = await intake.listen(0));
  }
  process.on('message', (m) => {
    if (m === 'cpu') process.send({ cpu: process.cpuUsage() });
    // Exit on request (so `node --cpu-prof` writes its profile).
    if (m === 'exit') process.exit(0);
  });
  process.send({ port });
  await new Promise(() => {});
}

/** The floor: read the body, store it the way the intake stores a report, answer 202. */
async function floorServer(dir) {
  const { Maildir } = await import('../pkg/intake/maildir.mjs');
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
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
};
const ROUNDS = Number(option('--rounds', 24));
const TOGETHER = args.includes('--together') && args.splice(args.indexOf('--together'), 1);
const PROFILE = option('--cpu-prof', null);
const TOTAL = Number(args[0] ?? 6000);
const CONNECTIONS = Number(args[1] ?? 16);
// Requests per server per round: short rounds, so that both halves of a pair see the same disk.
const N = Math.ceil(TOTAL / ROUNDS);
const WARM = 1000;
if (!(TOTAL > 0 && CONNECTIONS > 0 && ROUNDS > 0)) {
  console.error('usage: node bench/intake.mjs [REQUESTS] [CONNECTIONS] [--rounds R] [--cpu-prof DIR]');
  process.exit(2);
}

const { default: autocannon } = await import('autocannon');
const api = await import('../pkg/node.mjs');
const { mintStamp } = await import('../pkg/lib/stamp.js');

const work = mkdtempSync(join(tmpdir(), 'psirt-intake-bench-'));
const report = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
const key = api.profile('demo').public_key;
// Every intake request needs its own stamp (a replayed one is refused); a stamp is bound to its
// message but a message can carry many stamps, so fewer distinct messages are sealed than sent.
const total = WARM + ROUNDS * N;
const distinct = Math.min(total, 1000);
process.stderr.write(`sealing ${distinct} reports and minting ${total} stamps…\n`);
const sealed = [];
for (let i = 0; i < distinct; i++) {
  // ~8 KB sealed: the padding buckets round the plaintext up.
  sealed.push(api.seal({ ...report, title: `Bench ${i}`, description: `${report.description} ${'x'.repeat(1000)} ${i}` }, { profile: 'demo', key }).armored);
}
const messages = [];
for (let i = 0; i < total; i++) {
  const armored = sealed[i % distinct];
  messages.push({ armored, stamp: await mintStamp(armored, { bits: BITS, audience: AUDIENCE }) });
}
const size = Math.round(sealed.reduce((n, m) => n + m.length, 0) / distinct);

/** Sends `amount` requests, messages[from…], to `port`; resolves autocannon's result. */
async function load(port, amount, from, latencies = []) {
  let i = from;
  const started = performance.now();
  let last = started;
  const result = await new Promise((done, fail) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}/reports`,
        connections: CONNECTIONS,
        amount,
        requests: [
          {
            method: 'POST',
            setupRequest(req) {
              const m = messages[i++ % messages.length];
              return { ...req, body: m.armored, headers: { 'content-type': 'application/pgp-encrypted', 'psirt-stamp': m.stamp } };
            },
          },
        ],
      },
      (err, res) => (err ? fail(err) : done(res)),
    );
    instance.on('response', (client, status, bytes, ms) => {
      last = performance.now();
      latencies.push(ms);
    });
  });
  // From the first request to the last answer: autocannon's own duration ends on a whole second.
  result.wallSeconds = (last - started) / 1000;
  return result;
}

/** Starts `which` in a child process; resolves {port, cpu(), stop()}. */
function serve(which, dir) {
  const execArgv = PROFILE ? ['--cpu-prof', '--cpu-prof-dir', resolve(PROFILE), '--cpu-prof-name', `${which}.cpuprofile`] : [];
  // E.g. PSIRT_BENCH_SERVER_ARGS=--perf-basic-prof under `perf record -g` (on-CPU samples, the
  // kernel's and libuv's threads included, which V8's wall-clock sampler does not separate).
  if (process.env.PSIRT_BENCH_SERVER_ARGS) execArgv.push(...process.env.PSIRT_BENCH_SERVER_ARGS.split(' ').filter(Boolean));
  const log = openSync(join(work, `${which}.log`), 'w');
  const child = spawn(process.execPath, [...execArgv, fileURLToPath(import.meta.url), '--serve', which, dir], { stdio: ['ignore', 'inherit', log, 'ipc'] });
  closeSync(log);
  const replies = [];
  child.on('message', (m) => replies.shift()?.(m));
  const ask = (what) => new Promise((r) => {
    replies.push(r);
    child.send(what);
  });
  return new Promise((done, fail) => {
    child.once('message', ({ port }) => {
      child.removeAllListeners('exit');
      done({
        port,
        // CPU microseconds (user + system, all threads) spent so far.
        cpu: async () => {
          const { cpu } = await ask('cpu');
          return cpu.user + cpu.system;
        },
        stop: () => new Promise((r) => {
          child.once('exit', r);
          child.send('exit');
        }),
      });
    });
    child.once('exit', (code) => fail(new Error(`${which} server exited ${code}`)));
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const load1 = () => loadavg()[0].toFixed(2);
const loadStart = loadavg();

const servers = {};
try {
  servers.floor = await serve('floor', join(work, 'floor'));
  servers.intake = await serve('intake', join(work, 'intake'));
  // Warm both the same way (the floor gets the same bodies; its stamps are not read).
  await load(servers.floor.port, WARM, 0);
  await load(servers.intake.port, WARM, 0);
  let next = WARM;
  const rounds = [];
  // Every measured request's latency, per server: the percentiles over the whole run.
  const latencies = { floor: [], intake: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const pair = { load: load1() };
    const one = async (which) => {
      const s = servers[which];
      const cpu0 = await s.cpu();
      // The floor takes the same requests as the intake of this round.
      const r = await load(s.port, N, next, latencies[which]);
      r.cpuMs = (await s.cpu()) - cpu0;
      r.rps = r['2xx'] / r.wallSeconds;
      pair[which] = r;
    };
    if (TOGETHER) await Promise.all([one('floor'), one('intake')]);
    else for (const which of round % 2 ? ['intake', 'floor'] : ['floor', 'intake']) await one(which);
    next += N;
    pair.ratio = pair.intake.rps / pair.floor.rps;
    rounds.push(pair);
    process.stderr.write(
      `round ${round + 1}/${ROUNDS}: load ${pair.load}  floor ${pair.floor.rps.toFixed(0)} req/s  intake ${pair.intake.rps.toFixed(0)} req/s  ratio ${pair.ratio.toFixed(2)}×\n`,
    );
  }
  const loadEnd = loadavg();
  const pct = (x) => `${(x * 100).toFixed(0)} %`;
  console.log(
    `intake load: ${ROUNDS} rounds of ${N} requests per server, alternating (after ${WARM} warm-up requests each, not counted), ` +
      `~${size} B sealed reports, ${CONNECTIONS} connections, each intake request its own stamp (${BITS} bits)`,
  );
  console.log(`load average at start ${loadStart.map((x) => x.toFixed(2)).join(' ')}, at end ${loadEnd.map((x) => x.toFixed(2)).join(' ')} (2 cores)`);
  for (const which of ['floor', 'intake']) {
    const list = rounds.map((p) => p[which]);
    const rps = list.map((r) => r.rps);
    const spread = (Math.max(...rps) - Math.min(...rps)) / median(rps);
    const ok = list.reduce((n, r) => n + r['2xx'], 0);
    const cpuPer = list.reduce((n, r) => n + r.cpuMs, 0) / 1000 / Math.max(1, ok);
    const lat = latencies[which].sort((a, b) => a - b);
    const at = (q) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))].toFixed(1);
    console.log(
      `${which.padEnd(7)} ${median(rps).toFixed(0).padStart(5)} req/s median (min ${Math.min(...rps).toFixed(0)}, max ${Math.max(...rps).toFixed(0)}, spread ${pct(spread)})` +
        `   latency p50 ${at(0.5)} ms  p99 ${at(0.99)} ms (all ${lat.length} requests)` +
        `   CPU ${cpuPer.toFixed(2)} ms/request   non-2xx ${list.reduce((n, r) => n + r.non2xx, 0)}  errors ${list.reduce((n, r) => n + r.errors, 0)}`,
    );
  }
  const ratios = rounds.map((p) => p.ratio);
  const sorted = [...ratios].sort((a, b) => a - b);
  const quartile = (q) => sorted[Math.round(q * (sorted.length - 1))].toFixed(2);
  const cpuRatio = (w) => rounds.reduce((n, p) => n + p[w].cpuMs, 0) / rounds.reduce((n, p) => n + p[w]['2xx'], 0);
  console.log(`per round: ${rounds.map((p) => `${p.ratio.toFixed(2)}× (load ${p.load})`).join(', ')}`);
  console.log(
    `intake / floor: ${median(ratios).toFixed(2)}× median of ${ROUNDS} pairs (quartiles ${quartile(0.25)}–${quartile(0.75)}, min ${sorted[0].toFixed(2)}, max ${sorted.at(-1).toFixed(2)}); ` +
      `target ≥ 0.70× — ${median(ratios) >= 0.7 ? 'met' : 'NOT met'}; CPU per request floor / intake ${(cpuRatio('floor') / cpuRatio('intake')).toFixed(2)}`,
  );
  // The intake's log: a line per request, and nothing but accepted ones.
  const lines = readFileSync(join(work, 'intake.log'), 'utf8').split('\n').filter(Boolean);
  const outcomes = {};
  for (const line of lines) {
    const o = JSON.parse(line).outcome;
    outcomes[o] = (outcomes[o] ?? 0) + 1;
  }
  console.log(`intake log: ${lines.length} lines, outcomes ${JSON.stringify(outcomes)}`);
} catch (e) {
  for (const which of ['floor', 'intake']) {
    try {
      process.stderr.write(readFileSync(join(work, `${which}.log`), 'utf8').slice(-2000));
    } catch {
      // not started
    }
  }
  throw e;
} finally {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  rmSync(work, { recursive: true, force: true });
}
