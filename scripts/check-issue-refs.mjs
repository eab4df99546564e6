#!/usr/bin/env node
// No issue references in what a user or a newcomer reads: product code (src/, pkg/, www/), its doc
// comments, docs/ and the top-level READMEs say what the code does and why, not which issue asked
// for it. Issue numbers belong in commit messages, CHANGELOG.md and docs/history/; tests may name
// the issue they prove.
//
//   node scripts/check-issue-refs.mjs [PATH…]   prints every hit as FILE:LINE: text, exit 1 if any
//
// Without PATH, the files git tracks in the scope below. A reference is "issue 24", "issue #24",
// "issues 21–23", "#24" (one or two digits after a #, not a colour or an anchor), "session 9", or
// "(item 6)".

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const SCOPE = [/^src\//, /^pkg\//, /^www\//, /^docs\//, /^README\.md$/, /^SECURITY\.md$/, /^ARCHITECTURE\.md$/, /^CONTRIBUTING\.md$/];
const EXEMPT = [
  /^docs\/history\//,
  /^CHANGELOG\.md$/,
  // Generated or vendored, not written here.
  /^pkg\/(wasm|jscore|schema|profiles|cve-schema)\//,
  /^pkg\/(node\.cjs|browser\.js|index\.d\.cts)$/,
  /^pkg\/widget\/cwe-list\.json$/,
  /^docs\/screenshots\//,
  /\.(png|jpe?g|gif|svg|ico|wasm|gz|br|asc|gpg|pgp|bin)$/,
];

const PATTERNS = [
  /\bissues?\s+#?\d+(?:\s*(?:[–-]|to|and|,)\s*#?\d+)*/i,
  /(?<![\w&#/'"=])(?<!\]\()(?<!PKCS\s?)#\d{1,2}(?![\w-])/,
  /\bsessions?\s+\d+\b/i,
  // "(item 6)", "(items 3 and 4)": an issue's item, with the issue left implicit.
  /\(items?\s+\d+(?:\s*(?:,|and|[–-])\s*\d+)*\)/i,
];

export function hitsIn(text) {
  const hits = [];
  text.split('\n').forEach((line, i) => {
    for (const p of PATTERNS) {
      const m = line.match(p);
      if (m) {
        hits.push({ line: i + 1, match: m[0], text: line.trim() });
        break;
      }
    }
  });
  return hits;
}

export function filesInScope() {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  return out
    .split('\0')
    .filter(Boolean)
    .filter((f) => SCOPE.some((r) => r.test(f)) && !EXEMPT.some((r) => r.test(f)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = process.argv.length > 2 ? process.argv.slice(2) : filesInScope();
  let total = 0;
  const byFile = new Map();
  for (const file of files) {
    let text;
    try {
      text = readFileSync(join(ROOT, file), 'utf8');
    } catch {
      continue; // listed by git but deleted in the work tree
    }
    for (const h of hitsIn(text)) {
      console.log(`${file}:${h.line}: [${h.match}] ${h.text.length > 140 ? `${h.text.slice(0, 140)}…` : h.text}`);
      total++;
      byFile.set(file, (byFile.get(file) ?? 0) + 1);
    }
  }
  if (total) {
    console.error(`\n${total} issue reference(s) in ${byFile.size} file(s): say what the code does and why; the issue goes in the commit message or CHANGELOG.md.`);
    process.exit(1);
  }
}
