// The generated and checked pages of docs/reference/ agree with the code they describe:
// codes.md is what scripts/gen-codes.mjs writes from src/i18n.rs and pkg/, and element.md names
// exactly the attributes, events, detail keys, states, parts, custom properties and intake codes
// that pkg/widget/** uses (scripts/check-element.mjs). Each check is also run on a mutated copy,
// to show it can fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The repository's root, however deep this file sits under tests/.
let ROOT = dirname(fileURLToPath(import.meta.url));
while (!existsSync(join(ROOT, 'Cargo.toml'))) ROOT = dirname(ROOT);
const script = (name) => import(pathToFileURL(join(ROOT, 'scripts', name)).href);
const { render, coreCodes, jsCodes } = await script('gen-codes.mjs');
const { codeFacts, pageFacts, differences, declaredKeys } = await script('check-element.mjs');
const read = (p) => readFileSync(join(ROOT, p), 'utf8');

test('docs/reference/codes.md is what scripts/gen-codes.mjs generates (run it and commit when this fails)', async () => {
  assert.equal(read('docs/reference/codes.md'), await render());
});

test('codes.md lists every core code of src/i18n.rs with its English and French sentence', () => {
  const page = read('docs/reference/codes.md');
  const core = coreCodes();
  assert.ok(core.length > 100, `only ${core.length} core codes parsed`);
  const i18n = read('src/i18n.rs');
  // Every `= "code" {` entry of the table was parsed (none lost to a layout the parser missed).
  const declared = [...i18n.slice(i18n.indexOf('codes! {')).matchAll(/^\s*[A-Z]\w*\s*=\s*"([a-z0-9-]+)"\s*\{/gm)].map((m) => m[1]);
  assert.deepEqual(core.map((c) => c.code), declared);
  for (const c of core) {
    assert.ok(c.en && c.fr, `${c.code}: a sentence is empty`);
    const row = page.split('\n').find((l) => l.startsWith(`| \`${c.code}\` |`));
    assert.ok(row, `${c.code} missing from codes.md`);
    assert.ok(row.includes(c.en.replace(/\|/g, '\\|')) && row.includes(c.fr.replace(/\|/g, '\\|')), `${c.code}: sentences differ`);
  }
});

test('codes.md lists the codes the JavaScript layer sets: CLI, bulk, discovery, stamps, intake refusals', () => {
  const js = jsCodes();
  for (const code of ['usage', 'bulk-out-missing', 'discover-not-found', 'stamp-replayed', 'not-for-psirt', 'worker-terminated', 'smtp-tls']) {
    assert.ok(js.has(code), `${code} not found in pkg/`);
  }
  assert.equal(js.get('not-for-psirt').status, 422);
  // Comparisons are not codes: `typeof data?.code === 'string'`.
  assert.ok(!js.has('string'));
});

test('a code added to src/i18n.rs makes codes.md out of date', () => {
  const i18n = read('src/i18n.rs');
  const added = i18n.replace('codes! {', 'codes! {\n    /// Test.\n    ZzTest = "zz-test" {\n        en: "English.",\n        fr: "Français." }');
  const codes = coreCodes(added);
  assert.equal(codes[0].code, 'zz-test');
  assert.equal(codes[0].fr, 'Français.');
});

test('docs/reference/element.md names exactly what pkg/widget/** uses, and the .d.ts details match what is dispatched', () => {
  assert.deepEqual(differences(), []);
});

test('the psirt-sealed detail type carries receipt and recipients, as the element dispatches them', () => {
  const code = codeFacts();
  for (const k of ['armored', 'eml', 'fingerprint', 'to', 'subject', 'stamp', 'receipt', 'recipients']) {
    assert.ok(code.sealedKeys.has(k), `the code dispatches no ${k}`);
    assert.ok(declaredKeys('PsirtSealedDetail').has(k), `PsirtSealedDetail lacks ${k}`);
  }
});

test('element.md check fails on a page missing a part, and on a type missing a key', () => {
  const md = read('docs/reference/element.md');
  const page = pageFacts(md.replace('| `cwe-chip` | a chosen CWE |\n', ''));
  assert.ok(differences(codeFacts(), page).some((l) => l.includes('`cwe-chip`')));
  const withoutReceipt = read('pkg/widget/index.d.ts').replace(/\n  receipt\?: SealReceipt;/, '');
  assert.ok(!declaredKeys('PsirtSealedDetail', withoutReceipt).has('receipt'));
  const code = codeFacts([{ path: 'x.js', text: "this.setAttribute('data-new-state', '');" }]);
  assert.ok(code.states.has('data-new-state'));
});
