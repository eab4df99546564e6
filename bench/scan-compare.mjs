#!/usr/bin/env node
/**
 * Two builds of the npm package scanning the same texts in ONE process, alternating which goes
 * first, through the public `scanText()`: the only fair before/after on a shared machine, where
 * the load changes from one process to the next. Prints MB/s (medians) for each build on the
 * dense labelled corpus joined into one text (the issue's ≥ 20 MB/s case), on the corpus one
 * call per case, and on 1 MiB of report prose, by wall time and by the process's CPU time (the
 * one to read on a loaded machine: the scan is single-threaded, so CPU time is its own work).
 *
 *   node bench/scan-compare.mjs --pkg OLD_PKG_DIR [--new NEW_PKG_DIR] [--rounds N]
 *
 * Never a test: it prints figures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
if (!opt('--pkg')) {
  console.error('usage: node bench/scan-compare.mjs --pkg OLD_PKG_DIR [--new NEW_PKG_DIR] [--rounds N]');
  process.exit(2);
}
const ROUNDS = Number(opt('--rounds', 9));
const builds = [
  ['old', opt('--pkg')],
  ['new', opt('--new', join(ROOT, 'pkg'))],
];
const scanners = [];
for (const [name, dir] of builds) scanners.push([name, (await import(pathToFileURL(join(dir, 'node.mjs')).href)).scanText]);

const cases = readFileSync(join(ROOT, 'tests/corpus/cases.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l).text);
const joined = cases.join('\n');
const PROSE = `The export endpoint of the customer portal returns other tenants' invoices when the
tenant id in the path is changed. Steps: log in as a normal user, open the invoices page, replace
the tenant id in the URL with a neighbouring one, and the server answers 200 with that tenant's
documents. Version 4.12.3 of the portal, build 2024.05.1, observed on 2024-06-03 around 14:05 UTC.
`;
const prose = PROSE.repeat(Math.ceil((1 << 20) / PROSE.length));

const workloads = [
  ['dense corpus joined (one text)', [joined]],
  ['dense corpus, one call per case', cases],
  ['report prose, 1 MiB', [prose]],
];
const bytesOf = (texts) => texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

for (const [, scan] of scanners) for (const [, texts] of workloads) for (const t of texts) scan(t); // warm-up
console.log(`load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
for (const [label, texts] of workloads) {
  const times = scanners.map(() => []);
  const cpu = scanners.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? [1, 0] : [0, 1];
    for (const k of order) {
      const t = performance.now();
      const c0 = process.cpuUsage();
      for (const x of texts) scanners[k][1](x);
      const c = process.cpuUsage(c0);
      times[k].push(performance.now() - t);
      cpu[k].push((c.user + c.system) / 1000);
    }
  }
  const mb = bytesOf(texts) / 1e6;
  // Wall time and this process's CPU time: on a loaded machine the wall-clock ratio swung from
  // 0.8× to 1.65× between runs of the same two builds while the CPU-time ratio held within ±5 %.
  for (const [what, ms] of [['wall', times], ['CPU ', cpu]]) {
    const [a, b] = ms.map(median);
    console.log(
      `${label.padEnd(34)} ${what} old ${(mb / (a / 1000)).toFixed(2).padStart(6)} MB/s   new ${(mb / (b / 1000)).toFixed(2).padStart(6)} MB/s   ${(a / b).toFixed(2)}× (medians of ${ROUNDS} alternating)`,
    );
  }
}
