#!/usr/bin/env node
// Every relative link of the Markdown files git tracks resolves: the file (or folder) exists,
// and a `#anchor` names a heading of the target (GitHub's slug rules) or an explicit
// `<a id="…">` / `<a name="…">`. Links to other sites are not fetched (no network in lint).
//
//   node scripts/check-links.mjs [FILE.md…]   prints every broken link as FILE:LINE, exit 1 if any
//
// Hand-written rather than markdown-link-check / remark-validate-links: those pull a Markdown
// parser and dozens of packages into the workspace for what is ~150 lines here; fenced code and
// inline code are skipped, which is the part a regex gets wrong when done carelessly.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, dirname, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

// Markdown that is not ours to fix: vendored crates and generated output.
const EXEMPT = [/^patches\//, /^fuzz\/corpus\//, /^docs\/reference\/api\//, /(^|\/)node_modules\//];

/** The lines of `md` with fenced code blocks blanked and inline code removed (line numbers kept). */
export function proseLines(md, { keepInlineCode = false } = {}) {
  let fence = null;
  return md.split('\n').map((line) => {
    const f = line.match(/^\s*(`{3,}|~{3,})/);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = null;
      return '';
    }
    if (f) {
      fence = f[1];
      return '';
    }
    return keepInlineCode ? line : line.replace(/(`+)(?:(?!\1).)+?\1/g, '``');
  });
}

/** GitHub's heading slug (github-slugger): lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
export function slug(heading) {
  // Code spans keep their text as written (`<psirt-report-form>` is text, not a tag).
  const text = heading
    .split(/(`+[^`]*`+)/)
    .map((part, i) =>
      i % 2 === 1
        ? part.replace(/^`+|`+$/g, '')
        : part
            .replace(/<[^>]+>/g, '') // HTML tags
            .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
            .replace(/\*\*?|(?<!\w)__?|__?(?!\w)/g, ''), // emphasis markers
    )
    .join('')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every anchor a Markdown file defines: heading slugs (with GitHub's -1, -2 for repeats) and explicit ids. */
export function anchors(md) {
  const out = new Set();
  const seen = new Map();
  for (const line of proseLines(md, { keepInlineCode: true })) {
    const h = line.match(/^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/);
    if (h) {
      const base = slug(h[1]);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:[^>]*\s)?(?:id|name)="([^"]+)"/g)) out.add(m[1]);
  }
  return out;
}

/** The links of a Markdown text: [{line, target}] (inline links, images and reference definitions). */
export function links(md) {
  const out = [];
  proseLines(md).forEach((line, i) => {
    for (const m of line.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push({ line: i + 1, target: m[1] });
    const def = line.match(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+["'(].*)?$/);
    if (def) out.push({ line: i + 1, target: def[1] });
    for (const m of line.matchAll(/<a\s+[^>]*href="([^"]+)"/g)) out.push({ line: i + 1, target: m[1] });
  });
  return out;
}

const anchorCache = new Map();
function anchorsOf(file) {
  if (!anchorCache.has(file)) anchorCache.set(file, anchors(readFileSync(file, 'utf8')));
  return anchorCache.get(file);
}

/** The broken links of one file (path relative to ROOT): [{line, target, why}]. */
export function brokenLinks(file, root = ROOT) {
  const abs = join(root, file);
  const broken = [];
  for (const { line, target } of links(readFileSync(abs, 'utf8'))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // http:, mailto:, …
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash)).split('?')[0];
    const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
    const dest = pathPart === '' ? abs : pathPart.startsWith('/') ? join(root, pathPart) : resolve(dirname(abs), pathPart);
    if (!existsSync(dest)) {
      broken.push({ line, target, why: `no such file: ${relative(root, dest)}` });
      continue;
    }
    if (anchor !== null && anchor !== '' && statSync(dest).isFile() && /\.md$/i.test(dest)) {
      if (!anchorsOf(dest).has(anchor)) broken.push({ line, target, why: `no heading or id "${anchor}" in ${relative(root, dest)}` });
    }
  }
  return broken;
}

export function markdownFiles() {
  return execFileSync('git', ['ls-files', '-z', '*.md'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean)
    .filter((f) => !EXEMPT.some((r) => r.test(f)) && existsSync(join(ROOT, f)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = process.argv.length > 2 ? process.argv.slice(2) : markdownFiles();
  let total = 0;
  for (const file of files) {
    for (const b of brokenLinks(file)) {
      console.log(`${file}:${b.line}: ${b.target}: ${b.why}`);
      total++;
    }
  }
  if (total) {
    console.error(`\n${total} broken link(s) in ${files.length} Markdown file(s).`);
    process.exit(1);
  }
}
