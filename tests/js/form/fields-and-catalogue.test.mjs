// The form's pure parts, in Node: the en/fr catalogue is complete in both languages, field
// names and JSON Pointers name one another, and the report the form builds is what the
// reporter typed, pruned, with the channel's fields only.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG, t, formatBytes } from '../../../pkg/widget/i18n.js';
import { buildReport, toPointer, toName, errorId, setPath, getPath, prune, LAYOUT } from '../../../pkg/widget/fields.js';

test('English and French have the same keys, none empty, placeholders alike', () => {
  const en = Object.keys(CATALOG.en).sort();
  const fr = Object.keys(CATALOG.fr).sort();
  assert.deepEqual(fr, en);
  for (const key of en) {
    assert.ok(CATALOG.en[key].trim() && CATALOG.fr[key].trim(), key);
    const holes = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(holes(CATALOG.fr[key]), holes(CATALOG.en[key]), `placeholders of ${key}`);
  }
});

test('every label and hint the layout names is in the catalogue', () => {
  for (const [channel, groups] of Object.entries(LAYOUT)) {
    for (const g of groups) {
      assert.ok(CATALOG.en[g.key], `${channel} ${g.key}`);
      for (const f of g.fields ?? []) {
        assert.ok(CATALOG.en[f.label], `${channel} label ${f.label}`);
        if (f.hint) assert.ok(CATALOG.en[f.hint], `${channel} hint ${f.hint}`);
        for (const o of f.options ?? []) {
          if (o === 'true' || o === 'false') continue;
          assert.ok(CATALOG.en[`${f.optionLabel}${o}`], `${channel} option ${f.optionLabel}${o}`);
        }
      }
    }
  }
});

test('t fills placeholders and falls back to English', () => {
  assert.equal(t('fr', 'attachments.remove', { name: 'a.png' }), 'Retirer a.png');
  assert.equal(t('de', 'back'), 'Back');
  assert.equal(t('en', 'no-such-key'), 'no-such-key');
  assert.equal(formatBytes('fr', 32 * 1024 * 1024), '33,6\u00a0Mo');
  assert.equal(formatBytes('en', 512), '512\u00a0bytes');
});

test('names and pointers', () => {
  assert.equal(toPointer('affected.0.versions.1'), '/affected/0/versions/1');
  assert.equal(toName('/affected/0/versions/1'), 'affected.0.versions.1');
  assert.equal(toName(''), '');
  assert.equal(toName(toPointer('a~b.c/d')), 'a~b.c/d'.replace('.', '.'));
  assert.equal(errorId('reporter.email'), 'err-reporter-email');
  const o = {};
  setPath(o, 'affected.0.versions.0', '1.2');
  assert.deepEqual(o, { affected: [{ versions: ['1.2'] }] });
  assert.equal(getPath(o, 'affected.0.versions.0'), '1.2');
  assert.equal(getPath(o, 'affected.1.product'), undefined);
  assert.equal(getPath(o, '__proto__.polluted'), undefined);
});

test('buildReport prunes empties, keeps the channel fields, states the commitments', () => {
  const values = {
    reporter: { email: 'r@example.org', name: '' },
    title: 'T',
    affected: [{ product: 'P', versions: ['', '2.0'] }, { versions: [''] }],
    appeal: { cna: 'left over from another channel' },
    commitments: { no_exploitation: true },
  };
  const r = buildReport(values, { channel: 'vulnerability', lang: 'fr', policyVersion: 'sha256:0123' });
  assert.deepEqual(r, {
    schema_version: '1.0',
    channel: 'vulnerability',
    language: 'fr',
    reporter: { email: 'r@example.org' },
    title: 'T',
    affected: [{ product: 'P', versions: ['2.0'] }],
    commitments: { no_exploitation: true, no_disclosure_without_consent: false, no_prohibited_attacks: false, policy_version: 'sha256:0123' },
  });
  const appeal = buildReport({ ...values, appeal: { cna: 'X', grounds: 'other', details: 'd' } }, { channel: 'cna_appeal', lang: 'en' });
  assert.equal(appeal.commitments, undefined);
  assert.equal(appeal.affected, undefined);
  assert.deepEqual(appeal.appeal, { cna: 'X', grounds: 'other', details: 'd' });
  assert.equal(prune({ a: '  ', b: [] }), undefined);
  assert.equal(prune(false), false);
  assert.equal(prune(0), 0);
});

test('a diagnostic about a moved array item lands on the input it is about', async () => {
  const { formName } = await import('../../../pkg/widget/fields.js');
  const moved = new Map();
  const values = { affected: [{ versions: [''] }, { product: 'P', versions: ['', '', '3.0'] }] };
  const r = buildReport(values, { channel: 'vulnerability', lang: 'en', moved });
  assert.deepEqual(r.affected, [{ product: 'P', versions: ['3.0'] }]);
  assert.equal(formName('/affected/0/product', moved), 'affected.1.product');
  assert.equal(formName('/affected/0/versions/0', moved), 'affected.1.versions.2');
  assert.equal(formName('/title', moved), 'title');
  assert.equal(formName('', moved), '');
});

test('the npm package ships every module of the widget', async () => {
  const { readdirSync } = await import('node:fs');
  const dir = new URL('../../../pkg/widget/', import.meta.url);
  const files = (await import('../lib/packed.mjs')).packedFiles();
  for (const name of readdirSync(dir, { recursive: true })) {
    const path = `widget/${name.split('\\').join('/')}`;
    if (/\.(js|d\.ts|json|txt)$/.test(name)) assert.ok(files.has(path), `pkg/package.json files lacks ${path}`);
  }
});

test('an empty form still sends the objects its channel needs, so errors land on inputs', () => {
  const v = buildReport({ reporter: {}, affected: [{ versions: [''] }], commitments: {} }, { channel: 'vulnerability', lang: 'en' });
  assert.deepEqual(v.reporter, {});
  assert.deepEqual(v.affected, [{}]);
  assert.deepEqual(buildReport({}, { channel: 'data_leak', lang: 'en' }).data_leak, {});
  assert.deepEqual(buildReport({}, { channel: 'cna_appeal', lang: 'en' }).appeal, {});
});
