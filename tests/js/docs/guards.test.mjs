// The guard rails of `make lint-docs` find what they are for and nothing else: issue references
// (scripts/check-issue-refs.mjs), broken relative links and anchors with GitHub's slug rules
// (scripts/check-links.mjs), and an invalid mdBook summary (scripts/check-summary.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The repository's root, however deep this file sits under tests/.
let ROOT = dirname(fileURLToPath(import.meta.url));
while (!existsSync(join(ROOT, 'Cargo.toml'))) ROOT = dirname(ROOT);
const script = (name) => import(pathToFileURL(join(ROOT, 'scripts', name)).href);
const { hitsIn } = await script('check-issue-refs.mjs');
const { slug, anchors, links, brokenLinks } = await script('check-links.mjs');
const { checkSummary } = await script('check-summary.mjs');

test('issue references are found in every form the project wrote them', () => {
  for (const line of [
    '// Issue 16 item 7: the anti-spam stamp',
    'see issue 24',
    'since issue #24',
    'issues 21–23 moved it',
    'fixed in #24.',
    'the widget (#16) and the CLI',
    '(issue 17 item 3)',
    'measured in session 9',
    '`hardening.test.mjs` (item 6)',
    '(items 3 and 4)',
  ]) {
    assert.equal(hitsIn(line).length, 1, line);
  }
});

test('colours, anchors, PKCS #1 and ordinary words are not issue references', () => {
  for (const line of [
    'color: #000; background: #fff;',
    'color: #1a2b3c',
    'see [the list](#1-docs-by-reader)',
    'see [item](#2)',
    'the PKCS #1 v1.5 encoding',
    'the issue is that the key expired',
    'a session key per message',
    'item = items[3]',
    'href="#24"',
  ]) {
    assert.deepEqual(hitsIn(line), [], line);
  }
});

test('heading slugs follow GitHub: punctuation dropped, code kept, repeats numbered', () => {
  assert.equal(slug('`<psirt-report-form>` element reference'), 'psirt-report-form-element-reference');
  assert.equal(slug('The second step: what each option protects against'), 'the-second-step-what-each-option-protects-against');
  assert.equal(slug('Step 1 — install'), 'step-1--install');
  assert.equal(slug('What it *does not* do'), 'what-it-does-not-do');
  assert.equal(slug('[Bulk](bulk.md) submission'), 'bulk-submission');
  const a = anchors('# Usage\n\n## Usage\n\n```\n# not a heading\n```\n<a id="custom"></a>\n');
  assert.deepEqual([...a].sort(), ['custom', 'usage', 'usage-1']);
});

test('broken relative links and anchors are reported, links in code and to other sites are not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psirt-links-'));
  try {
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs/page.md'), '# Page\n\n## Two words\n');
    writeFileSync(
      join(dir, 'README.md'),
      [
        '[ok](docs/page.md) [ok anchor](docs/page.md#two-words) [here](#readme)',
        '[bad file](docs/missing.md) [bad anchor](docs/page.md#three-words)',
        '[site](https://example.com/x.md) [mail](mailto:a@b.c) `[code](nothing.md)`',
        '```',
        '[fenced](nothing.md)',
        '```',
        '[ref]: docs/gone.md',
        '# Readme',
      ].join('\n'),
    );
    assert.equal(links('`[x](y.md)` [a](b.md)').length, 1);
    const broken = brokenLinks('README.md', dir).map((b) => `${b.line}:${b.target}`);
    assert.deepEqual(broken, ['2:docs/missing.md', '2:docs/page.md#three-words', '7:docs/gone.md']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a SUMMARY.md in mdBook format passes; a missing page, a duplicate or stray text fails', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psirt-book-'));
  try {
    mkdirSync(join(dir, 'cli'));
    for (const f of ['intro.md', 'cli/index.md', 'cli/bulk.md']) writeFileSync(join(dir, f), '# x\n');
    const good = '# Summary\n\n[Introduction](intro.md)\n\n# Command line\n\n- [CLI](cli/index.md)\n  - [Bulk](cli/bulk.md)\n  - [Later]()\n';
    assert.deepEqual(checkSummary(good, dir).errors, []);
    assert.deepEqual(checkSummary(good, dir).pages, ['intro.md', 'cli/index.md', 'cli/bulk.md']);
    const bad = `${good}- [Gone](cli/gone.md)\n- [Again](intro.md)\nsome text\n`;
    const errors = checkSummary(bad, dir).errors.join('\n');
    assert.match(errors, /cli\/gone\.md does not exist/);
    assert.match(errors, /intro\.md is listed twice/);
    assert.match(errors, /:12: not a heading/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
