// Bulk throughput (issue #13), never a test: `make bench-bulk` (N=1000 by default).
// Generates N reports of ~5 KB, then times `psirt-report bulk` end to end (process start, wasm
// load in every worker, validation, scan, sealing, atomic writes with fsync, the journal) for
// Curve25519 and RSA-4096 recipient keys, with 1 and 2 sealing workers:
//   - sealing only (--dry-run);
//   - sealing + SMTP to a local smtp-server on 127.0.0.1 (3 connections);
// and, as the yardstick for "delivery not slower than the server accepts", the same server fed
// the already sealed .eml files by nodemailer alone (same pool of 3 connections).
// Prints one table; reports/s = N / wall time.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import nodemailer from 'nodemailer';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'pkg/cli/main.mjs');
const N = Number(process.argv[2] ?? process.env.N ?? 1000);
const KEYS = {
  Curve25519: { file: join(ROOT, 'bench/keys/cv25519.pub.asc'), pin: '838503E5311D32441354498F257D76FFA6AC3775' },
  'RSA-4096': { file: join(ROOT, 'bench/keys/rsa4096.pub.asc'), pin: 'DF88A7268A5D1C37300F7423CE6427AE579D9D0B' },
};

const work = mkdtempSync(join(tmpdir(), 'psirt-bench-bulk-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// N distinct ~5 KB reports (canonical JSON), as one folder of files.
const src = join(work, 'in');
mkdirSync(src);
const base = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
for (let i = 0; i < N; i++) {
  const r = structuredClone(base);
  r.title = `Finding ${i}: ${base.title}`;
  r.description = `${base.description} ${'The handler trusts the length field it is given. '.repeat(70)} (${i})`;
  writeFileSync(join(src, `finding-${String(i).padStart(5, '0')}.json`), JSON.stringify(r));
}
const size = readFileSync(join(src, 'finding-00000.json')).length;

async function smtpSink() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, cb) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        cb(null, 'queued');
      });
    },
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `smtp://127.0.0.1:${server.server.address().port}`, port: server.server.address().port, count: () => received, close: () => new Promise((r) => server.close(r)) };
}

/** Run the CLI without blocking this process's event loop (the SMTP server lives here). */
import { spawn } from 'node:child_process';
// GNU time, when installed, gives the run's CPU seconds (user + system, all threads): on a
// machine shared with other jobs, CPU per report moves much less than wall time does.
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
function cli(args) {
  return new Promise((resolve) => {
    const started = performance.now();
    const [cmd, argv] = TIME ? [TIME, ['-f', 'CPU %U %S', process.execPath, CLI, ...args]] : [process.execPath, [CLI, ...args]];
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status) => {
      const cpu = /^CPU ([\d.]+) ([\d.]+)$/m.exec(stderr);
      resolve({ status, stderr, seconds: (performance.now() - started) / 1000, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : null });
    });
  });
}

const rows = [];
const loadStart = loadavg();
let emlDir = null;
for (const [keyName, key] of Object.entries(KEYS)) {
  for (const workers of [1, 2]) {
    const common = ['bulk', src, '--demo', '--key', key.file, '--pin', key.pin, '--concurrency', String(workers), '--json'];
    const outDry = join(work, `dry-${keyName}-${workers}`);
    const dry = await cli([...common, '--out', outDry, '--dry-run']);
    if (dry.status !== 0) throw new Error(`dry run failed: ${dry.stderr}`);
    emlDir ??= outDry;
    const sink = await smtpSink();
    const outSmtp = join(work, `smtp-${keyName}-${workers}`);
    // The local sink has no TLS: the CLI refuses plaintext SMTP unless told the server is a loopback test one.
    const smtp = await cli([...common, '--out', outSmtp, '--smtp', sink.url, '--from', 'bench@psirt.example', '--insecure-plaintext-smtp-loopback']);
    if (smtp.status !== 0 || sink.count() !== N) throw new Error(`SMTP run failed (${sink.count()} received): ${smtp.stderr}`);
    await sink.close();
    rows.push({ key: keyName, workers, dry: N / dry.seconds, smtp: N / smtp.seconds, dryCpu: dry.cpu, smtpCpu: smtp.cpu });
    process.stderr.write(`bench-bulk: ${keyName}, ${workers} worker(s) done\n`);
  }
}

// The yardstick: the server fed the sealed .eml files by nodemailer alone, 3 connections.
const sink = await smtpSink();
const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, pool: true, maxConnections: 3, maxMessages: 1000 });
const emls = readdirSync(emlDir).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(emlDir, f)));
const t0 = performance.now();
let next = 0;
await Promise.all(
  [0, 1, 2].map(async () => {
    while (next < emls.length) {
      const raw = emls[next++];
      await transport.sendMail({ envelope: { from: 'bench@psirt.example', to: ['psirt@psirt-demo.example'] }, raw });
    }
  }),
);
const serverRate = emls.length / ((performance.now() - t0) / 1000);
transport.close();
await sink.close();

const fmt = (x) => x.toFixed(0).padStart(6);
const ms = (cpu) => (cpu === null ? '     -' : ((cpu * 1000) / N).toFixed(1).padStart(6));
console.log(`bulk throughput: ${N} reports of ${size} bytes, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}`);
console.log(`load average at start ${loadStart.map((l) => l.toFixed(1)).join(' ')}, at end ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other jobs share these cores)`);
console.log('reports/s end to end (process start to exit, files fsynced, journal); CPU ms per report (all threads):');
console.log('key          workers   sealing only  CPU ms   sealing + SMTP  CPU ms');
for (const r of rows) {
  console.log(`${r.key.padEnd(12)} ${String(r.workers).padStart(7)}   ${fmt(r.dry)}       ${ms(r.dryCpu)}   ${fmt(r.smtp)}          ${ms(r.smtpCpu)}`);
}
console.log(`local smtp-server fed pre-sealed .eml by nodemailer alone (3 connections): ${fmt(serverRate)} messages/s`);
console.log(`availableParallelism: ${availableParallelism()} (the default --concurrency)`);
