#!/usr/bin/env node
/**
 * Every finding the scanner gives on every text the project keeps under tests/corpus/ (each
 * cases.jsonl line, in English and French, with and without its reporter's address, and each
 * corpus joined into one text), through the npm package's public `scanText()` and `scan()`:
 * one JSON line per text. Run it on two builds and diff the outputs to prove that an engine
 * change leaves findings identical:
 *
 *   node bench/scan-findings.mjs --pkg /tmp/old-pkg > old.jsonl
 *   node bench/scan-findings.mjs > new.jsonl          (this checkout's pkg/)
 *   cmp old.jsonl new.jsonl
 *
 * `--compare DIR` does both in one process and exits 1 on the first difference, naming it.
 * Never a test: the Rust unit test `engine::tests::fast_engine_matches_reference_on_corpus`
 * keeps the engine equal to its reference in `make test`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function corpora(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...corpora(p));
    else if (name.endsWith('.jsonl')) out.push(p);
  }
  return out;
}

/** Each text to scan: [label, text, options]. */
function* texts() {
  for (const file of corpora(join(ROOT, 'tests/corpus'))) {
    const rel = file.slice(ROOT.length);
    const cases = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l))
      .filter((c) => typeof c.text === 'string');
    for (const c of cases) {
      yield [`${rel} ${c.id} en`, c.text, { language: 'en' }];
      yield [`${rel} ${c.id} fr+own`, c.text, { language: 'fr', reporterEmail: c.reporter_email ?? 'me@example.org' }];
    }
    yield [`${rel} joined`, cases.map((c) => c.text).join('\n\n'), { language: 'en' }];
  }
  for (const name of readdirSync(join(ROOT, 'tests/corpus/files')).sort()) {
    yield [`tests/corpus/files/${name}`, readFileSync(join(ROOT, 'tests/corpus/files', name), 'utf8'), {}];
  }
}

async function load(dir) {
  const m = await import(pathToFileURL(join(dir, 'node.mjs')).href);
  return (label, text, options) => {
    const lines = [JSON.stringify([label, m.scanText(text, options)])];
    // The report path too: the same text as a field, in a report carrying the address.
    const report = { schema_version: '1.0', channel: 'vulnerability', language: options.language ?? 'en', description: text };
    if (options.reporterEmail) report.reporter = { email: options.reporterEmail };
    lines.push(JSON.stringify([`${label} report`, m.scan(report)]));
    return lines.join('\n');
  };
}

const mine = await load(opt('--pkg') ?? join(ROOT, 'pkg'));
const other = opt('--compare') ? await load(opt('--compare')) : null;
let n = 0;
for (const [label, text, options] of texts()) {
  const a = mine(label, text, options);
  n++;
  if (other) {
    const b = other(label, text, options);
    if (a !== b) {
      console.error(`findings differ on ${label}:\n  this: ${a.slice(0, 2000)}\n  that: ${b.slice(0, 2000)}`);
      process.exit(1);
    }
  } else {
    process.stdout.write(`${a}\n`);
  }
}
if (other) console.log(`identical findings on ${n} texts (scanText and scan)`);
