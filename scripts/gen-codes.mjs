#!/usr/bin/env node
// Writes docs/reference/codes.md: every stable code psirt-report reports, from the sources that
// define them, so the page cannot drift from the code.
//
//   node scripts/gen-codes.mjs           write the page
//   node scripts/gen-codes.mjs --check   exit 1 (and say how) when the page differs from the sources
//
// Sources:
// - src/i18n.rs, the `codes!` table: each core code (diagnostics, scanner, sealing, opening,
//   triage) with its doc comment and its English and French templates. The only translated
//   sentences are there: the core renders every diagnostic in the report's language.
// - pkg/**/*.js|mjs (hand-written files only): the codes the JavaScript layer raises itself
//   (errors of the npm API, the CLI, bulk delivery, key discovery, stamps, the intake), in English.
//   They are found where they are set — `code: '…'`, `new CliError(…, EXIT_…, '…')`,
//   `fail(…, '…')` — and in the intake's refusal table (`'code': [STATUS, 'message']`).
// The page is committed: `make lint` runs the check, and tests/js/docs/reference-pages.test.mjs too.

import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'docs/reference/codes.md');

// Generated or vendored files under pkg/ (git-ignored there): not sources of codes.
const GENERATED = new Set(['pkg/node.cjs', 'pkg/browser.js']);
const GENERATED_DIRS = ['pkg/wasm', 'pkg/jscore', 'pkg/schema', 'pkg/profiles', 'pkg/cve-schema', 'pkg/node_modules'];

/** Drops issue references from a heading written in the Rust source ("(issue #3)", "issue 16 item 5:"). */
function cleanHeading(text) {
  return text
    .replace(/\s*\((?:issues?|#)\s*#?\d+[^)]*\)/gi, '')
    .replace(/\bissues?\s+#?\d+(?:\s+item\s+\d+)?\s*:\s*/gi, '')
    .trim();
}

/** Parses the `codes!` table of src/i18n.rs: [{section, code, doc, en, fr}]. */
export function coreCodes(source = readFileSync(join(ROOT, 'src/i18n.rs'), 'utf8')) {
  const start = source.indexOf('codes! {');
  if (start < 0) throw new Error('src/i18n.rs: no `codes! {` table');
  const lines = source.slice(start).split('\n').slice(1);
  const out = [];
  let section = '';
  let doc = [];
  const str = '"((?:[^"\\\\]|\\\\.)*)"';
  const entry = new RegExp(`^\\s*[A-Z]\\w*\\s*=\\s*${str}\\s*\\{\\s*en:\\s*${str}\\s*,\\s*fr:\\s*${str}\\s*,?\\s*\\}`);
  let buf = '';
  for (const line of lines) {
    if (/^\}/.test(line)) break;
    const heading = line.match(/^\s*\/\/\s*---\s*(.*?)\s*-*\s*$/);
    if (heading && !buf) {
      section = cleanHeading(heading[1]);
      continue;
    }
    const d = line.match(/^\s*\/\/\/\s?(.*)$/);
    if (d && !buf) {
      doc.push(d[1]);
      continue;
    }
    if (!buf && !/^\s*[A-Z]\w*\s*=/.test(line)) continue;
    buf += (buf ? ' ' : '') + line.trim();
    const m = buf.match(entry);
    if (m) {
      const unescape = (s) => JSON.parse(`"${s}"`);
      out.push({ section, code: m[1], doc: doc.join(' '), en: unescape(m[2]), fr: unescape(m[3]) });
      buf = '';
      doc = [];
    }
  }
  if (buf) throw new Error(`src/i18n.rs: cannot parse the entry starting ${buf.slice(0, 80)}`);
  return out;
}

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const rel = relative(ROOT, path);
    if (GENERATED_DIRS.some((g) => rel === g || rel.startsWith(`${g}/`))) continue;
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(m?js)$/.test(name) && !GENERATED.has(rel)) yield rel;
  }
}

const CODE = "'([a-z][a-z0-9]*(?:-[a-z0-9]+)*)'";

/** The sentence a `new XError('…'` or `new XError(`…`` on the same line starts with, `${…}` as "…". */
const unquote = (s) => s.replace(/\\(.)/g, '$1');

function sentenceOn(line) {
  const m = line.match(/Error\(\s*(?:'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*)`)/);
  if (!m) return undefined;
  return unquote((m[1] ?? m[2]).replace(/\$\{[^}]*\}/g, '…'));
}

/** The codes the JavaScript layer sets itself: Map code → {files: Set, en?: string, status?: number}. */
export function jsCodes() {
  const codes = new Map();
  const exits = new Map();
  const pendingExits = [];
  const add = (code, file, en, status) => {
    const c = codes.get(code) ?? { files: new Set(), en: undefined, status: undefined, exit: undefined };
    c.files.add(file);
    if (en && !c.en) c.en = en;
    if (status && !c.status) c.status = status;
    codes.set(code, c);
  };
  for (const file of walk(join(ROOT, 'pkg'))) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/^(?:export\s+)?const (EXIT_[A-Z_]+)\s*=\s*(\d+);/gm)) exits.set(m[1], Number(m[2]));
    for (let line of text.split('\n')) {
      if (/^\s*(\/\/|\*)/.test(line)) continue;
      // Comparisons read a code, they do not set one (`typeof data?.code === 'string'`).
      line = line.replace(/(===|!==|==|!=)\s*'[^']*'/g, '');
      // `code: 'x'`, `code: cond ? 'a' : 'b'`, `code: e?.code ?? 'internal'`
      for (const m of line.matchAll(/\bcode:\s*([^,}]*)/g)) {
        for (const c of m[1].matchAll(new RegExp(CODE, 'g'))) add(c[1], file, sentenceOn(line));
      }
      // new CliError(message, EXIT_USAGE, 'code')
      for (const m of line.matchAll(new RegExp(`(EXIT_[A-Z_]+)\\s*,\\s*${CODE}\\s*\\)`, 'g'))) {
        add(m[2], file, sentenceOn(line));
        pendingExits.push([m[2], m[1]]);
      }
      // o.fail(`message`, 'code')
      for (const m of line.matchAll(new RegExp(`\\bfail\\((?:'[^']*'|\`[^\`]*\`)\\s*,\\s*${CODE}\\s*\\)`, 'g'))) {
        const s = line.match(/fail\((?:'([^']*)'|`([^`]*)`)/);
        add(m[1], file, s && (s[1] ?? s[2]).replace(/\$\{[^}]*\}/g, '…'));
      }
      // new DraftError('draft-corrupt', 'message'): classes that take the code first
      for (const m of line.matchAll(/new \w+Error\('([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'(?:\s*,\s*'((?:[^'\\]|\\.)*)')?/g)) add(m[1], file, m[2] && unquote(m[2]));
      // the intake's refusals: 'code': [STATUS, 'message'],
      const t = line.match(new RegExp(`^\\s*${CODE}:\\s*\\[(\\d{3}),\\s*'((?:[^'\\\\]|\\\\.)*)'\\]`));
      if (t) add(t[1], file, unquote(t[3]), Number(t[2]));
      // a table of sentences by code: 'discover-timeout': 'the PSIRT’s servers did not answer in time',
      const u = line.match(new RegExp(`^\\s*'([a-z][a-z0-9]*(?:-[a-z0-9]+)+)':\\s*'((?:[^'\\\\]|\\\\.)* (?:[^'\\\\]|\\\\.)*)',?\\s*$`));
      if (u) add(u[1], file, unquote(u[2]));
    }
  }
  for (const [code, name] of pendingExits) {
    const c = codes.get(code);
    if (c.exit === undefined && exits.has(name)) c.exit = exits.get(name);
  }
  return codes;
}

/**
 * What the form says for a code, in both languages: the entries of its catalogue
 * (pkg/widget/**, `export const CATALOG`) whose key ends with a code that has a dash, e.g.
 * `send.refused.stamp-expired`. [{code, key, en, fr}]
 */
export async function formSentences(known) {
  for (const file of walk(join(ROOT, 'pkg/widget'))) {
    if (!/export const CATALOG\b/.test(readFileSync(join(ROOT, file), 'utf8'))) continue;
    const { CATALOG } = await import(pathToFileURL(join(ROOT, file)).href);
    const out = [];
    for (const [key, en] of Object.entries(CATALOG.en)) {
      const code = key.slice(key.lastIndexOf('.') + 1);
      // A code with a dash: one-word keys (`manual.key`, `draft.found`) are words, not codes.
      if (!code.includes('-') || !known.has(code)) continue;
      out.push({ code, key, en, fr: CATALOG.fr[key], file });
    }
    return out.sort((a, b) => a.code.localeCompare(b.code) || a.key.localeCompare(b.key));
  }
  return [];
}

/** The CLI help's paragraph on exit status, as the CLI prints it. */
export function exitStatusText() {
  for (const file of walk(join(ROOT, 'pkg'))) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
    const i = lines.findIndex((l) => /^Exit status\b/.test(l));
    if (i < 0) continue;
    const out = [];
    for (const l of lines.slice(i)) {
      if (l.trim() === '' || /^\s*`/.test(l)) break;
      out.push(l.replace(/`;?\s*$/, ''));
    }
    return { file, text: out.join('\n') };
  }
  return null;
}

const cell = (s) => String(s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export async function render() {
  const core = coreCodes();
  const coreSet = new Set(core.map((c) => c.code));
  const js = jsCodes();
  const lines = [
    '# Codes',
    '',
    '<!-- Generated by scripts/gen-codes.mjs from src/i18n.rs and pkg/: do not edit by hand (make lint checks it). -->',
    '',
    'Every failure and diagnostic carries a stable, machine-readable `code`: tests, forms and scripts',
    'match on codes, while sentences may change. `{name}` in a sentence is a parameter (a field name,',
    'a limit, a computed fact), never a value from the report.',
    '',
    '- [Core codes](#core-codes): diagnostics, scanner findings, key, sealing and opening errors, in',
    '  English and French (the core answers in the report\'s language).',
    '- [Codes of the JavaScript layer](#codes-of-the-javascript-layer): the npm API, the CLI, bulk',
    '  delivery, key discovery, stamps and the intake, in English.',
    '- [What the form says](#what-the-form-says): the form\'s own sentences for the codes a reporter meets,',
    '  in English and French.',
    '- [Exit status of the CLI](#exit-status-of-the-cli).',
    '',
    '## Core codes',
    '',
    `${core.length} codes, from \`src/i18n.rs\`.`,
  ];
  let section;
  for (const c of core) {
    if (c.section !== section) {
      section = c.section;
      lines.push('', `### ${section.charAt(0).toUpperCase()}${section.slice(1)}`, '', '| code | meaning | English | French |', '|---|---|---|---|');
    }
    lines.push(`| \`${c.code}\` | ${cell(c.doc)} | ${cell(c.en)} | ${cell(c.fr)} |`);
  }
  const only = [...js.keys()].filter((c) => !coreSet.has(c)).sort();
  lines.push(
    '',
    '## Codes of the JavaScript layer',
    '',
    `${only.length} codes set by the hand-written JavaScript of \`pkg/\` (codes it passes on from the core are listed above).`,
    'Their messages are in English; the sentence shown is the one written where the code is set, when it is a',
    'literal (`…` stands for a value filled in), and the HTTP status is the intake\'s answer.',
    '',
    '| code | HTTP | CLI exit | English | set in |',
    '|---|---|---|---|---|',
  );
  for (const code of only) {
    const c = js.get(code);
    lines.push(`| \`${code}\` | ${c.status ?? ''} | ${c.exit ?? ''} | ${cell(c.en)} | ${[...c.files].sort().map((f) => `\`${f}\``).join(', ')} |`);
  }
  const form = await formSentences(new Set([...coreSet, ...js.keys()]));
  if (form.length) {
    lines.push(
      '',
      '## What the form says',
      '',
      `For the codes above that reach the reporter, the form shows its own sentence, in English and French (\`${form[0].file}\`).`,
      '',
      '| code | key | English | French |',
      '|---|---|---|---|',
    );
    for (const f of form) lines.push(`| \`${f.code}\` | \`${f.key}\` | ${cell(f.en)} | ${cell(f.fr)} |`);
  }
  const exit = exitStatusText();
  if (exit) {
    lines.push('', '## Exit status of the CLI', '', `As \`psirt-report --help\` prints it (\`${exit.file}\`):`, '', '```text', exit.text, '```');
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const page = await render();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OUT, 'utf8');
    } catch {}
    if (current !== page) {
      console.error('docs/reference/codes.md is out of date: run `node scripts/gen-codes.mjs` and commit it.');
      process.exit(1);
    }
  } else {
    writeFileSync(OUT, page);
    console.log(`wrote ${relative(ROOT, OUT)}`);
  }
}
