// The CWE picker's pure part (pkg/widget/cwe.js) and its bundled list (pkg/widget/cwe-list.json,
// built by scripts/build-cwe.mjs): ids normalised, search ranking, the list's shape. The combobox
// itself is driven in Chromium by the form's browser tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cweId, searchCwe, MAX_CWE, CWE_TEXT } from '../../../pkg/widget/cwe.js';

const read = (p) => readFileSync(new URL(`../../../pkg/widget/${p}`, import.meta.url), 'utf8');
const LIST = JSON.parse(read('cwe-list.json'));
const ids = (entries) => entries.map(([id]) => id);
// CWE Top 25 (2024).
const TOP25 = [79, 787, 89, 352, 22, 125, 78, 416, 862, 434, 94, 20, 77, 287, 269, 502, 200, 863, 918, 119, 476, 798, 190, 400, 306];

test('the bundled list: weaknesses only, sorted, ids the report schema accepts, Top 25 present', () => {
  assert.ok(LIST.length > 900, String(LIST.length));
  for (const [i, [id, name]] of LIST.entries()) {
    assert.match(`CWE-${id}`, /^CWE-[1-9][0-9]{0,5}$/);
    assert.ok(i === 0 || LIST[i - 1][0] < id, `sorted and unique at ${id}`);
    assert.ok(typeof name === 'string' && name.length > 0 && !name.startsWith('DEPRECATED'), String(id));
  }
  const all = new Set(ids(LIST));
  for (const id of TOP25) assert.ok(all.has(id), `CWE-${id}`);
  // A category (CWE-16 Configuration), views (CWE-1003, CWE-699), a deprecated entry (CWE-132).
  for (const id of [16, 1003, 699, 132]) assert.ok(!all.has(id), `CWE-${id}`);
  assert.deepEqual(LIST.find(([id]) => id === 79), [79, "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')"]);
});

test('cweId: a number, CWE-n or cwe n → CWE-n; anything else → null', () => {
  assert.equal(cweId('79'), 'CWE-79');
  assert.equal(cweId(' CWE-79 '), 'CWE-79');
  assert.equal(cweId('cwe 79'), 'CWE-79');
  assert.equal(cweId('CWE:079'), 'CWE-79');
  assert.equal(cweId('CWE-999999'), 'CWE-999999');
  for (const s of ['', 'CWE-', 'CWE-0', '0', 'CWE-1234567', 'CVE-2021-44228', 'xss', '7 9', null, undefined]) assert.equal(cweId(s), null, String(s));
});

test('searchCwe: a number finds that id first, then the ids that start with its digits', () => {
  assert.deepEqual(ids(searchCwe(LIST, '79', 4)), [79, 790, 791, 792]);
  assert.deepEqual(ids(searchCwe(LIST, 'CWE-79', 1)), [79]);
  assert.deepEqual(ids(searchCwe(LIST, 'cwe-89', 1)), [89]);
  assert.deepEqual(searchCwe(LIST, 'CWE-99999'), []);
});

test('searchCwe: words, case-insensitive, punctuation ignored, the usual entry first', () => {
  const first = (q) => searchCwe(LIST, q)[0]?.[0];
  assert.equal(first('sql injection'), 89);
  assert.equal(first('SQL'), 89);
  assert.equal(first('xss'), 79);
  assert.equal(first('Cross-site scripting'), 79);
  assert.equal(first('cross site'), 79);
  assert.equal(first('csrf'), 352);
  assert.equal(first('path traversal'), 22);
  assert.equal(first('OS command injection'), 78);
  assert.equal(first('use after free'), 416);
  assert.equal(first('deserialization'), 502);
  assert.equal(first('Server-Side Request Forgery'), 918);
  assert.equal(first('input validation'), 20);
  assert.deepEqual(ids(searchCwe(LIST, 'out of bounds')), [125, 787]);
  for (const [, name] of searchCwe(LIST, 'hard coded')) assert.match(name, /hard-coded/i);
});

test('searchCwe: at most `limit` results (20 by default); nothing for an empty query or no list', () => {
  assert.equal(MAX_CWE, 20);
  assert.equal(searchCwe(LIST, 'improper').length, 20);
  assert.equal(searchCwe(LIST, 'improper', 5).length, 5);
  assert.deepEqual(searchCwe(LIST, ''), []);
  assert.deepEqual(searchCwe(LIST, '  -  '), []);
  assert.deepEqual(searchCwe(LIST, 'zzzqqq'), []);
  assert.deepEqual(searchCwe(null, 'xss'), []);
});

test('searchCwe ranks: short form in parentheses, phrase at a word start, all words, then shorter names', () => {
  const list = [
    [1, 'Something about Tokens'],
    [2, "Weak Handling of Tokens ('Token Mixup')"],
    [3, 'Token Mixup in a Long and Specific Context'],
    [4, 'Mixup of Token Kinds'],
    [5, 'Tokenmixup'],
    [6, 'Mixup Token'],
  ];
  // 2: its short form; 3: the phrase; 6 and 4: both words at word starts, shorter first; 5: inside a word.
  assert.deepEqual(ids(searchCwe(list, 'token mixup')), [2, 3, 6, 4, 5]);
  // 2: its short form starts with the word; then every name with the word at a word start, shortest first.
  assert.deepEqual(ids(searchCwe(list, 'TOKEN')), [2, 5, 6, 4, 1, 3]);
});

function keys(o) {
  return Object.entries(o).map(([k, v]) => `${k}:${typeof v}`).sort();
}

test('the catalogue: French has every English key; the count sentences agree in number', () => {
  assert.deepEqual(keys(CWE_TEXT.fr), keys(CWE_TEXT.en));
  assert.match(CWE_TEXT.en.results(1), /^1 match\./);
  assert.match(CWE_TEXT.en.results(3), /^3 matches\./);
  assert.match(CWE_TEXT.fr.results(1), /^1 résultat\./);
  assert.match(CWE_TEXT.fr.results(3), /^3 résultats\./);
});

test('the list stays out of the module (loaded lazily), and no HTML strings or inline styles', () => {
  const src = read('cwe.js');
  assert.doesNotMatch(src, /import[^;]*cwe-list|import\(/);
  assert.doesNotMatch(src, /innerHTML|outerHTML|insertAdjacentHTML|\.style\b|['"]style['"]|eval\(|new Function/);
});
