#!/usr/bin/env node
// Checks docs/reference/element.md against the code of the form (every file of pkg/widget/, so
// the check does not depend on how the element is split into files) and against the
// PsirtSealedDetail / PsirtRouteDetail declarations of pkg/widget/index.d.ts.
//
//   node scripts/check-element.mjs   prints every difference, exit 1 when there is one
//
// What it compares, each as a set of names, code on one side and the page on the other:
// the host's attributes, the events and the keys of their `detail`, the host's state attributes
// and the values of `data-step` and `data-isolated`, the `::part()` names, the custom
// properties, and the intake refusal codes the form explains in words.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

// Attributes the form reads on elements of its own shadow tree, not on the host.
const INNER_ATTRIBUTES = new Set(['name', 'aria-describedby', 'aria-invalid', 'data-field', 'data-path', 'data-metric', 'data-index', 'part']);

function widgetSources(dir = join(ROOT, 'pkg/widget')) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...widgetSources(path));
    else if (/\.m?js$/.test(name)) out.push({ path, text: readFileSync(path, 'utf8') });
  }
  return out;
}

const strings = (expr) => [...expr.matchAll(/'([^'\\]*)'/g)].map((m) => m[1]);

/** The object literal (balanced braces) that starts at `text[i]` === '{'. */
function literalAt(text, i) {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) return text.slice(i, j + 1);
  }
  return '';
}

/** Splits `text` at top-level commas (outside (), [], {} and quotes). */
function topLevel(text) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The keys of an object literal: `k: v`, shorthand `k`, and the literals inside a `...(c ? {…} : {})` spread. */
function keysOf(literal) {
  const keys = new Set();
  for (const part of topLevel(literal.slice(1, -1))) {
    if (part.startsWith('...')) {
      for (let i = part.indexOf('{'); i >= 0; i = part.indexOf('{', i + 1)) {
        const inner = literalAt(part, i);
        keysOf(inner).forEach((k) => keys.add(k));
        i += inner.length - 1;
      }
      continue;
    }
    const m = part.match(/^([A-Za-z_$][\w$]*)\s*(?::|$)/);
    if (m) keys.add(m[1]);
  }
  return keys;
}

/** The text of the call whose `(` is at `text[i]`, balanced. */
function callAt(text, i) {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    if (text[j] === '(') depth++;
    else if (text[j] === ')' && --depth === 0) return text.slice(i, j + 1);
  }
  return '';
}

/** What the code says: sets of names. */
export function codeFacts(sources = widgetSources()) {
  const f = {
    attributes: new Set(),
    events: new Set(),
    sealedKeys: new Set(),
    routeKeys: new Set(),
    states: new Set(),
    steps: new Set(),
    isolated: new Set(),
    parts: new Set(),
    properties: new Set(),
    refusals: new Set(),
  };
  for (const { text } of sources) {
    for (const m of text.matchAll(/\b(?:get|has)Attribute\('([a-z-]+)'\)/g)) f.attributes.add(m[1]);
    for (const m of text.matchAll(/\battr\('([a-z-]+)'\)/g)) f.attributes.add(m[1]);
    for (const m of text.matchAll(/observedAttributes\s*=\s*\[([^\]]*)\]/g)) strings(m[1]).forEach((a) => f.attributes.add(a));
    for (const m of text.matchAll(/export const PASSED\s*=\s*\[([^\]]*)\]/g)) strings(m[1]).forEach((a) => f.attributes.add(a));

    for (const m of text.matchAll(/new CustomEvent\('([a-z-]+)'/g)) {
      f.events.add(m[1]);
      const rest = callAt(text, m.index + 'new CustomEvent'.length);
      const d = rest.search(/\bdetail\s*:\s*\{/);
      if (d >= 0) {
        const keys = keysOf(literalAt(rest, rest.indexOf('{', d)));
        keys.forEach((k) => (m[1] === 'psirt-sealed' ? f.sealedKeys : f.routeKeys).add(k));
      }
    }
    // What may cross from the isolation frame (frame-message.js): named in arrays and assignments.
    for (const m of text.matchAll(/const (?:SEALED|OPTIONAL)_FIELDS\s*=\s*\[([^\]]*)\]/g)) strings(m[1]).forEach((k) => f.sealedKeys.add(k));
    if (/export function sealedDetail/.test(text)) for (const m of text.matchAll(/\bdetail\.([a-z]\w*)\s*=/g)) f.sealedKeys.add(m[1]);

    for (const m of text.matchAll(/\b(?:this|el|host|element|form)\.setAttribute\('((?:data-[a-z-]+)|aria-busy)'(?:\s*,\s*'([^']*)')?/g)) {
      f.states.add(m[1]);
      if (m[1] === 'data-isolated' && m[2]) f.isolated.add(m[2]);
    }
    for (const m of text.matchAll(/\bgo\('([a-z]+)'\)|\bstep\s*[:=]\s*'([a-z]+)'/g)) f.steps.add(m[1] ?? m[2]);

    // A comparison in the expression reads a value, it names no part (`cls === 'primary' ? … : …`).
    for (const m of text.matchAll(/\bpart:\s*([^,}\n]+)/g)) strings(m[1].replace(/[!=]==?\s*'[^']*'/g, '')).forEach((s) => s.split(/\s+/).filter(Boolean).forEach((p) => f.parts.add(p)));
    for (const m of text.matchAll(/setAttribute\('part',\s*'([^']+)'\)/g)) m[1].split(/\s+/).forEach((p) => f.parts.add(p));

    for (const m of text.matchAll(/var\((--psirt-[a-z][a-z-]*)/g)) f.properties.add(m[1]);
  }
  for (const a of INNER_ATTRIBUTES) f.attributes.delete(a);
  // The English catalogue is the reference (a test keeps French's keys the same).
  const i18n = sources.find((s) => /export const CATALOG/.test(s.text));
  if (i18n) {
    const en = i18n.text.slice(i18n.text.indexOf('en: {'), i18n.text.indexOf('fr: {'));
    for (const m of en.matchAll(/'send\.refused\.([a-z-]+)'/g)) if (m[1] !== 'other') f.refusals.add(m[1]);
  }
  return f;
}

/** The first column's backticked names of the first table after `heading` in `md`. */
function tableNames(md, heading, { column = 0, all = false } = {}) {
  const start = md.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`element.md: no heading ${heading}`);
  const after = md.slice(start + heading.length + 2);
  const next = after.search(/\n#{2,3} /);
  const section = next < 0 ? after : after.slice(0, next);
  const names = new Set();
  let tables = 0;
  let inTable = false;
  for (const line of section.split('\n')) {
    if (!line.startsWith('|')) {
      if (inTable) {
        tables++;
        inTable = false;
        if (!all) break;
      }
      continue;
    }
    inTable = true;
    if (/^\|[\s|:-]+\|$/.test(line)) continue;
    const cell = line.split(/(?<!\\)\|/)[column + 1] ?? '';
    for (const m of cell.matchAll(/`([^`]+)`/g)) names.add(m[1]);
  }
  return names;
}

/** What the page says. */
export function pageFacts(md = readFileSync(join(ROOT, 'docs/reference/element.md'), 'utf8')) {
  const headings = (level) => new Set([...md.matchAll(new RegExp(`^${'#'.repeat(level)} \`([a-z-]+)\`$`, 'gm'))].map((m) => m[1]));
  const stateRows = tableNames(md, '## States');
  const steps = new Set();
  const stepTable = md.slice(md.indexOf('| `data-step` | the step |'));
  for (const m of stepTable.split('\n\n')[0].matchAll(/^\| `([a-z]+)` \|/gm)) steps.add(m[1]);
  const isolatedRow = md.split('\n').find((l) => l.startsWith('| `data-isolated` |')) ?? '';
  const props = md.slice(md.indexOf('## Custom properties'), md.indexOf('## Error codes'));
  return {
    attributes: tableNames(md, '## Attributes'),
    events: headings(3),
    sealedKeys: tableNames(md, '### `psirt-sealed`'),
    routeKeys: tableNames(md, '### `psirt-route`'),
    states: stateRows,
    steps,
    isolated: new Set([...(isolatedRow.split('|')[2] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1])),
    parts: tableNames(md, '## Parts'),
    properties: new Set([...props.matchAll(/`(--psirt-[a-z-]+)`/g)].map((m) => m[1])),
    refusals: tableNames(md, '## Error codes'),
  };
}

/** The keys of an interface of pkg/widget/index.d.ts. */
export function declaredKeys(name, dts = readFileSync(join(ROOT, 'pkg/widget/index.d.ts'), 'utf8')) {
  const i = dts.indexOf(`export interface ${name} {`);
  if (i < 0) throw new Error(`pkg/widget/index.d.ts: no interface ${name}`);
  const body = literalAt(dts, dts.indexOf('{', i)).replace(/\/\*[\s\S]*?\*\//g, '');
  return new Set([...body.matchAll(/^\s{2}(\w+)\??:/gm)].map((m) => m[1]));
}

/** Every difference, as lines: [] when the page, the declarations and the code agree. */
export function differences(code = codeFacts(), page = pageFacts()) {
  const out = [];
  const diff = (what, a, aName, b, bName) => {
    for (const x of [...a].sort()) if (!b.has(x)) out.push(`${what} \`${x}\`: in ${aName}, not in ${bName}`);
  };
  for (const key of Object.keys(code)) {
    diff(key, code[key], 'pkg/widget', page[key], 'docs/reference/element.md');
    diff(key, page[key], 'docs/reference/element.md', code[key], 'pkg/widget');
  }
  const sealed = declaredKeys('PsirtSealedDetail');
  diff('sealedKeys', code.sealedKeys, 'pkg/widget', sealed, 'PsirtSealedDetail');
  diff('sealedKeys', sealed, 'PsirtSealedDetail', code.sealedKeys, 'pkg/widget');
  const route = declaredKeys('PsirtRouteDetail');
  diff('routeKeys', code.routeKeys, 'pkg/widget', route, 'PsirtRouteDetail');
  diff('routeKeys', route, 'PsirtRouteDetail', code.routeKeys, 'pkg/widget');
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const found = differences();
  if (found.length) {
    console.error(`docs/reference/element.md disagrees with the code (${found.length}):`);
    for (const line of found) console.error(`  ${line}`);
    process.exit(1);
  }
}
