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
//   node bench/intake.mjs [REQUESTS=2000] [CONNECTIONS=16]      (make bench-intake)

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
const N = Number(process.argv[2] ?? 2000);
const CONNECTIONS = Number(process.argv[3] ?? 16);
const AUDIENCE = 'http://intake.bench.test/reports';
const BITS = 8;

const work = mkdtempSync(join(tmpdir(), 'psirt-intake-bench-'));
const report = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
const key = api.profile('demo').public_key;
process.stderr.write(`sealing ${N} reports and minting their stamps…\n`);
const messages = [];
for (let i = 0; i < N; i++) {
  // ~8 KB sealed: the padding buckets round the plaintext up.
  const sealed = api.seal({ ...report, title: `Bench ${i}`, description: `${report.description} ${'x'.repeat(1000)} ${i}` }, { profile: 'demo', key });
  messages.push({ armored: sealed.armored, stamp: await mintStamp(sealed.armored, { bits: BITS, audience: AUDIENCE }) });
}
const size = Math.round(messages.reduce((n, m) => n + m.armored.length, 0) / N);

async function load(port) {
  let i = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/reports`,
    connections: CONNECTIONS,
    amount: N,
    requests: [
      {
        method: 'POST',
        setupRequest(req) {
          const m = messages[i++ % N];
          return { ...req, body: m.armored, headers: { 'content-type': 'application/pgp-encrypted', 'psirt-stamp': m.stamp } };
        },
      },
    ],
  });
  return result;
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

const line = (name, r) =>
  `${name.padEnd(8)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(5)} ms   p99 ${String(r.latency.p99).padStart(5)} ms   2xx ${r['2xx']}  non-2xx ${r.non2xx}  errors ${r.errors}`;

try {
  const floor = await floorServer(join(work, 'floor'));
  const floorResult = await load(floor.address().port);
  await new Promise((r) => floor.close(r));

  const intake = createIntake({ maildir: join(work, 'intake'), profile: 'demo', publicUrl: AUDIENCE, stampBits: BITS, rate: { perMinute: 0, burst: 0 }, log: () => {} });
  const { port } = await intake.listen(0);
  const intakeResult = await load(port);
  await intake.close();

  console.log(`intake load: ${N} requests of ~${size} B sealed reports, ${CONNECTIONS} connections, each its own stamp (${BITS} bits)`);
  console.log(line('floor', floorResult));
  console.log(line('intake', intakeResult));
  const ratio = intakeResult.requests.average / floorResult.requests.average;
  console.log(`intake / floor: ${ratio.toFixed(2)}× (target ≥ 0.70×)${intakeResult.non2xx > 0 ? '  — the intake refused some requests: see non-2xx' : ''}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
