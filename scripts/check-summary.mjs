#!/usr/bin/env node
// docs/SUMMARY.md is a valid mdBook summary and every page it lists exists.
//
//   node scripts/check-summary.mjs [docs]   exit 1 with every problem as SUMMARY.md:LINE
//
// What mdBook accepts (https://rust-lang.github.io/mdBook/format/summary.html): an optional
// `# Title`, prefix chapters `[Title](page.md)`, part titles `# Part`, numbered chapters as a
// list `- [Title](page.md)` (nested by indentation, `- [Draft]()` for a page not written yet),
// separators `---`, then suffix chapters. Anything else is an error here (mdBook rejects most of
// it, and what it tolerates would not be what the author meant). `mdbook build` would also create
// a listed page that is missing as an empty file, so `make docs` runs this check first.
// Pages of the folder that the summary does not list are printed as a warning (not an error):
// generated pages and history may stay out of the book.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, relative, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Problems of a summary text, `dir` the book's source folder: {errors: [..], pages: [..]}. */
export function checkSummary(text, dir) {
  const errors = [];
  const pages = [];
  const seen = new Set();
  let inList = false;
  let fence = false;
  const link = /^\[((?:[^\]\\]|\\.)+)\]\(([^)]*)\)$/;
  text.split('\n').forEach((raw, i) => {
    const n = i + 1;
    const line = raw.replace(/\s+$/, '');
    if (/^\s*```/.test(line)) fence = !fence;
    if (fence || line === '' || /^<!--.*-->$/.test(line.trim())) return;
    if (/^#{1,6}\s+\S/.test(line)) {
      inList = false;
      return;
    }
    if (/^-{3,}$/.test(line) || /^\*{3,}$/.test(line)) {
      inList = false;
      return;
    }
    const item = line.match(/^(\s*)[-*]\s+(.*)$/);
    let target;
    if (item) {
      if (item[1].length % 2 !== 0 && item[1].length % 4 !== 0) errors.push(`SUMMARY.md:${n}: list item indented by ${item[1].length} spaces`);
      const m = item[2].match(link);
      if (!m) {
        errors.push(`SUMMARY.md:${n}: a list item must be only a link, [Title](page.md): ${line.trim()}`);
        return;
      }
      inList = true;
      target = m[2];
      if (target === '') return; // a draft chapter
    } else {
      const m = line.trim().match(link);
      if (!m) {
        errors.push(`SUMMARY.md:${n}: not a heading, a separator, a [Title](page.md) link or a list item: ${line.trim()}`);
        return;
      }
      if (inList) errors.push(`SUMMARY.md:${n}: a prefix or suffix chapter cannot follow a list without a separator`);
      target = m[2];
      if (target === '') {
        errors.push(`SUMMARY.md:${n}: only numbered chapters may be drafts`);
        return;
      }
    }
    if (/^[a-z]+:/i.test(target) || target.includes('#')) {
      errors.push(`SUMMARY.md:${n}: a chapter must be a page of the book, not ${target}`);
      return;
    }
    if (!/\.md$/i.test(target)) errors.push(`SUMMARY.md:${n}: ${target} is not a .md page`);
    const path = normalize(decodeURIComponent(target));
    if (path.startsWith('..')) errors.push(`SUMMARY.md:${n}: ${target} is outside the book's folder`);
    if (!existsSync(join(dir, path))) errors.push(`SUMMARY.md:${n}: ${target} does not exist`);
    if (seen.has(path)) errors.push(`SUMMARY.md:${n}: ${target} is listed twice`);
    seen.add(path);
    pages.push(path);
  });
  return { errors, pages };
}

function* markdownUnder(dir, base = dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* markdownUnder(path, base);
    else if (/\.md$/i.test(name)) yield relative(base, path);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = join(ROOT, process.argv[2] ?? 'docs');
  const summary = join(dir, 'SUMMARY.md');
  if (!existsSync(summary)) {
    console.error(`${relative(ROOT, summary)} does not exist: the docs have no table of contents for mdBook.`);
    process.exit(1);
  }
  const { errors, pages } = checkSummary(readFileSync(summary, 'utf8'), dir);
  const listed = new Set(pages);
  const orphans = [...markdownUnder(dir)].filter((p) => p !== 'SUMMARY.md' && !listed.has(p) && !p.startsWith(join('reference', 'api')));
  for (const o of orphans) console.warn(`warning: docs/${o} is not in SUMMARY.md`);
  for (const e of errors) console.error(`${relative(ROOT, dir)}/${e}`);
  if (errors.length) process.exit(1);
  console.log(`${relative(ROOT, summary)}: ${pages.length} pages, all present${orphans.length ? `; ${orphans.length} page(s) not listed` : ''}`);
}
