// The CVSS calculator's pure part (pkg/widget/cvss.js): vectors parsed and written back, the
// malformed ones refused, and both languages complete. The DOM is driven in Chromium by the form's
// browser tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseVector, formatVector, CVSS_TEXT } from '../../../pkg/widget/cvss.js';

const V31 = [
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // 9.8
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', // Log4Shell, 10.0
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', // Heartbleed, 7.5
  'CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N',
  'CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:A/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:P/RL:O/RC:C/CR:H/MAV:N/MS:X',
];
const V40 = [
  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', // 9.3
  'CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N',
  'CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:P/CR:H/MSI:S/S:P/AU:N/R:U/V:D/RE:L/U:Red',
];

test('parseVector → formatVector gives back real v3.0/v3.1 vectors, extra metrics kept as written', () => {
  for (const vector of V31) {
    const p = parseVector('3.1', vector);
    assert.ok(p, vector);
    assert.equal(formatVector(p.version, p.metrics, p.extra), vector);
  }
  assert.deepEqual(parseVector('3.1', V31[0]), {
    version: '3.1',
    metrics: { AV: 'N', AC: 'L', PR: 'N', UI: 'N', S: 'U', C: 'H', I: 'H', A: 'H' },
    extra: [],
  });
  assert.equal(parseVector('3.1', V31[4]).version, '3.0');
  assert.deepEqual(parseVector('3.1', V31[5]).extra, ['E:P', 'RL:O', 'RC:C', 'CR:H', 'MAV:N', 'MS:X']);
});

test('parseVector → formatVector gives back real v4.0 vectors, threat/environmental/supplemental kept', () => {
  for (const vector of V40) {
    const p = parseVector('4.0', vector);
    assert.ok(p, vector);
    assert.equal(formatVector(p.version, p.metrics, p.extra), vector);
  }
  const p = parseVector('4.0', V40[2]);
  assert.deepEqual(p.metrics, { AV: 'L', AC: 'L', AT: 'P', PR: 'L', UI: 'P', VC: 'H', VI: 'H', VA: 'H', SC: 'L', SI: 'L', SA: 'L' });
  assert.deepEqual(p.extra, ['E:P', 'CR:H', 'MSI:S', 'S:P', 'AU:N', 'R:U', 'V:D', 'RE:L', 'U:Red']);
});

test('metrics in any order are read; formatVector writes them in the specification order', () => {
  const p = parseVector('3.1', 'CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N');
  assert.equal(formatVector('3.1', p.metrics), V31[0]);
  const q = parseVector('4.0', 'CVSS:4.0/E:A/SA:N/SI:N/SC:N/VA:H/VI:H/VC:H/UI:N/PR:N/AT:N/AC:L/AV:N');
  assert.equal(formatVector('4.0', q.metrics), V40[0]);
  assert.deepEqual(q.extra, ['E:A']);
});

test('parseVector refuses malformed, duplicated, unknown or incomplete vectors', () => {
  const bad31 = [
    '', 'CVSS:3.1', 'CVSS:3.1/', 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', // A missing
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/', // trailing slash
    'CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // duplicated base metric
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/E:F', // duplicated temporal metric
    'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // unknown value
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y', // unknown metric
    'CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/S:U/C:H/I:H/A:H', // a v4 metric
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:A', // a v4 value
    'CVSS:3.1/av:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H ',
    'CVSS:3.1/AV:NN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:3.1/AV:N:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    V40[0],
  ];
  for (const s of bad31) assert.equal(parseVector('3.1', s), null, s);
  const bad40 = [
    V31[0], 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N', // SA missing
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', // UI:R is v3
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N', // S only in MSI
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/RL:O', // v3 temporal
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red',
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:N/S:P',
    'CVSS:4.1/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  ];
  for (const s of bad40) assert.equal(parseVector('4.0', s), null, s);
  for (const s of [null, undefined, 42, {}]) assert.equal(parseVector('3.1', s), null);
  assert.throws(() => parseVector('2.0', 'AV:N/AC:L/Au:N/C:P/I:P/A:P'), TypeError);
});

test('formatVector: empty until every base metric is chosen; refuses values outside the specification', () => {
  assert.equal(formatVector('3.1', {}), '');
  assert.equal(formatVector('3.1', { AV: 'N', AC: 'L', PR: 'N', UI: 'N', S: 'U', C: 'H', I: 'H' }), '');
  assert.equal(formatVector('4.0', { AV: 'N' }), '');
  assert.throws(() => formatVector('3.1', { AV: 'X', AC: 'L', PR: 'N', UI: 'N', S: 'U', C: 'H', I: 'H', A: 'H' }), RangeError);
  assert.throws(() => formatVector('3.1', { AV: 'NA', AC: 'L', PR: 'N', UI: 'N', S: 'U', C: 'H', I: 'H', A: 'H' }), RangeError);
  assert.throws(() => formatVector('4.1', {}), TypeError);
  assert.equal(formatVector('3.0', parseVector('3.1', V31[0]).metrics), V31[0].replace('3.1', '3.0'));
});

function keys(o, prefix = '') {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}${Array.isArray(v) ? `[${v.length}]` : ''}`]);
}

test('the catalogue: French has every English key, and every string is filled', () => {
  assert.deepEqual(keys(CVSS_TEXT.fr).sort(), keys(CVSS_TEXT.en).sort());
  for (const lang of ['en', 'fr']) {
    const strings = JSON.stringify(CVSS_TEXT[lang]);
    assert.ok(!strings.includes('""'), lang);
  }
  assert.equal(CVSS_TEXT.fr.metric.AV[0], 'Vecteur d’attaque');
  assert.deepEqual(Object.values(CVSS_TEXT.fr.value.AV).map(([name]) => name), ['Réseau', 'Adjacent', 'Local', 'Physique']);
});

test('the module builds its DOM without HTML strings or inline styles (Trusted Types, CSP)', () => {
  const src = readFileSync(new URL('../../../pkg/widget/cvss.js', import.meta.url), 'utf8');
  assert.doesNotMatch(src, /innerHTML|outerHTML|insertAdjacentHTML|\.style\b|['"]style['"]|eval\(|new Function/);
});
