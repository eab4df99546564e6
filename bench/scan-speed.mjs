#!/usr/bin/env node
/**
 * Scanner speed in Node through the npm package's wasm (pkg/node.mjs). Prints:
 *   - the first scanText() call in a fresh process (module already loaded: rule set-up cost),
 *   - throughput in MB/s on report text (prose, logs, HTTP exchanges: what the issue's ≥ 20 MB/s
 *     target is about) and on the labelled corpus (tests/corpus/cases.jsonl), a stress case:
 *     638 short texts with a labelled value or a hard negative every ~130 bytes, scanned one
 *     call each and also joined into one text,
 *   - p50/p95 latency of scanning a ~50 KB report with typical content (prose, logs, an HTTP
 *     exchange, a stack trace, a few findings), 200+ runs after warm-up.
 *
 *   node bench/scan-speed.mjs [--runs N] [--json]   (make bench-scan-speed; --json: one JSON line,
 *                                                  which `make bench` reads from 7 processes)
 * Never a test: it prints figures, it asserts nothing.
 */

import { readFileSync } from 'node:fs';

const JSON_ONLY = process.argv.includes('--json');
import { performance } from 'node:perf_hooks';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 300;

const t0 = performance.now();
// PSIRT_BENCH_PKG=DIR: another build of the npm package (make bench-check --pkg).
const { scanText } = await import(process.env.PSIRT_BENCH_PKG ? `${process.env.PSIRT_BENCH_PKG}/node.mjs` : '../pkg/node.mjs');
const tLoad = performance.now() - t0;
const t1 = performance.now();
scanText('first call: password=hunter2-but-longer and nothing else');
const tFirst = performance.now() - t1;

const corpus = readFileSync(new URL('../tests/corpus/cases.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l).text)
  .filter((t) => typeof t === 'string');

const PROSE = `The export endpoint of the customer portal returns other tenants' invoices when the
tenant id in the path is changed. Steps: log in as a normal user, open the invoices page, replace
the tenant id in the URL with a neighbouring one, and the server answers 200 with that tenant's
documents. Version 4.12.3 of the portal, build 2024.05.1, observed on 2024-06-03 around 14:05 UTC.
`;
const LOG = `2024-06-03T14:05:22.418Z INFO  [http-nio-8443-exec-7] c.a.portal.InvoiceController - GET /api/v2/tenants/1042/invoices?page=3&size=50 200 182ms
2024-06-03T14:05:22.601Z WARN  [http-nio-8443-exec-2] c.a.portal.AuthFilter - token refresh took 1204ms for session 9f8e7d6c
    at com.acme.portal.InvoiceController.list(InvoiceController.java:118)
    at org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:897)
`;
const HTTP = `GET /api/v2/tenants/1043/invoices HTTP/1.1
Host: portal.example.com
User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0
Accept: application/json
Cookie: lang=en; theme=dark

HTTP/1.1 200 OK
Content-Type: application/json
{"invoices":[{"id":"INV-2024-00042","amount":1290.5,"currency":"EUR","sha256":"3f7a9c0e5b1d2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f"}]}
`;
const SECRETS = `Leaked in the response: aws_access_key_id = AKIA2E0A8F3B244C9986
password=Tr0ub4dor&3xQ and contact jane.doe@customer-corp.com, card 4539 1488 0343 6467.
`;

function build(targetBytes, withSecrets) {
  const parts = [];
  let n = 0;
  let i = 0;
  while (n < targetBytes) {
    const p = [PROSE, LOG, HTTP][i % 3];
    parts.push(p);
    n += p.length;
    if (withSecrets && i % 40 === 20) {
      parts.push(SECRETS);
      n += SECRETS.length;
    }
    i++;
  }
  return parts.join('\n');
}

const report50k = build(50 * 1024, true);
const prose1m = build(1024 * 1024, false);

function mbps(texts, rounds) {
  const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
  const t = performance.now();
  for (let r = 0; r < rounds; r++) for (const x of texts) scanText(x);
  const s = (performance.now() - t) / 1000;
  return { bytes, mbps: (bytes * rounds) / s / 1e6 };
}

// Warm-up.
for (let i = 0; i < 10; i++) scanText(report50k);
for (const x of corpus) scanText(x);

const c = mbps(corpus, 3);
const joined = mbps([corpus.join('\n')], 3);
const p = mbps([prose1m], 5);
const times = [];
let findings = 0;
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  findings = scanText(report50k).length;
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const pct = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];

if (JSON_ONLY) {
  console.log(
    JSON.stringify({ load: tLoad, first: tFirst, prose: p.mbps, corpus: c.mbps, joined: joined.mbps, p50: pct(0.5), p95: pct(0.95) }),
  );
  process.exit(0);
}
console.log(`scanner in wasm (Node ${process.version}, pkg/node.mjs)`);
console.log(`  module load                 ${tLoad.toFixed(1)} ms`);
console.log(`  first scanText() call       ${tFirst.toFixed(1)} ms`);
console.log(`  report text, 1 MiB (prose, logs, HTTP)       ${p.mbps.toFixed(2)} MB/s`);
console.log(`  labelled corpus, ${corpus.length} calls (${(c.bytes / 1024).toFixed(0)} KB)     ${c.mbps.toFixed(2)} MB/s`);
console.log(`  labelled corpus joined into one text        ${joined.mbps.toFixed(2)} MB/s`);
console.log(`  50 KB report (${report50k.length} bytes, ${findings} findings), ${RUNS} runs: p50 ${pct(0.5).toFixed(2)} ms, p95 ${pct(0.95).toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms`);
