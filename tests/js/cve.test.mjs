// Issue 15: cveDraft() and `psirt-report open --cve-draft` turn an opened vulnerability report
// into a CVE JSON 5 record draft, checked with Ajv against the official CVE JSON record schema
// shipped in the package (pkg/cve-schema/, see its NOTICE), for each example report:
// - every schema error of the draft as it is is accounted for by its `missing` list (a required
//   field the report cannot fill), never anything else (a wrong type, enum, pattern…);
// - once an analyst fills what `missing` lists, the full record validates with no error at all;
// - nothing is invented: no credit for an anonymous reporter, no vendor the reporter left out.
// Needs `make wasm` (the CVSS scores come from the core).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
if (!existsSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm'))) throw new Error('build pkg/wasm with `make wasm` first');
const { cveDraft, validate, seal, open, CVE_DATA_VERSION } = await import('../../pkg/node.mjs');

const SCHEMA_FILE = join(ROOT, 'pkg/cve-schema/CVE_JSON_bundled_5.1.1.json');
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateRecord = ajv.compile(schema);
// The record schema is oneOf [published, rejected]: a draft's errors are read against the
// published branch alone (the rejected branch would add its own, irrelevant ones).
const validatePublished = ajv.compile({ $ref: `${schema.$id}#/oneOf/0` });

const examples = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
  .map((name) => ({ name, report: JSON.parse(readFileSync(join(ROOT, 'examples', name), 'utf8')) }));
const ORG = 'b3476cb9-2e3d-41a6-98d0-0f47421a65b6';

/**
 * An error is explained by `missing` when it is a `required` failure at a listed path (or the
 * anyOf/oneOf/if a missing member makes fail at a parent). Nothing else: not an empty array a
 * draft wrote for a field it cannot fill (minItems), nor a wrong type, enum or pattern.
 */
function unexplained(errors, missing) {
  const paths = missing.map((m) => m.path);
  return errors.filter((e) => {
    const at = e.instancePath.replace(/^\/containers\/cna(?=\/|$)/, '/containers/cna');
    const full = e.keyword === 'required' ? `${at}/${e.params.missingProperty}` : at;
    if (!['required', 'anyOf', 'oneOf', 'if'].includes(e.keyword)) return true;
    if (paths.includes(full)) return false;
    // anyOf/oneOf/required at a parent of a listed path (the product's vendor|collectionURL choice,
    // the record's published|rejected choice).
    return !paths.some((p) => p.startsWith(`${at}/`) || (at === '' && p === '/cveMetadata'));
  });
}

/** What a CNA analyst adds: the CVE ID and metadata, its org id, a reference, English text, a vendor. */
function fill(record, missing) {
  const r = structuredClone(record);
  const cna = r.containers.cna;
  for (const { path } of missing) {
    if (path === '/cveMetadata') r.cveMetadata = { cveId: 'CVE-2026-12345', assignerOrgId: ORG, state: 'PUBLISHED' };
    else if (path === '/containers/cna/providerMetadata') cna.providerMetadata = { orgId: ORG };
    else if (path === '/containers/cna/references') cna.references = [{ url: 'https://psirt.example/advisories/2026-01' }];
    else if (path === '/containers/cna/descriptions') (cna.descriptions ??= []).push({ lang: 'en', value: 'Analyst-written English description.' });
    else if (/^\/containers\/cna\/affected\/\d+\/vendor$/.test(path)) cna.affected[Number(path.split('/')[4])].vendor = 'Thales';
    else if (/^\/containers\/cna\/affected\/\d+\/product$/.test(path)) cna.affected[Number(path.split('/')[4])].product = 'Product';
    else if (path === '/containers/cna/affected') cna.affected = [{ vendor: 'Thales', product: 'Product', defaultStatus: 'unknown' }];
    else throw new Error(`the test does not know how to fill ${path}`);
  }
  return r;
}

const vulnerabilityExamples = examples.filter((e) => e.report.channel === 'vulnerability');

test('there are vulnerability examples, in English and in French', () => {
  assert.ok(vulnerabilityExamples.length >= 3, examples.map((e) => e.name).join(', '));
  assert.ok(vulnerabilityExamples.some((e) => e.report.language === 'fr'));
});

for (const { name, report } of vulnerabilityExamples) {
  test(`${name}: the draft validates against the CVE JSON ${CVE_DATA_VERSION} schema, but for what it lists as missing`, () => {
    const opened = { report, diagnostics: validate(report, { profile: 'demo', today: '2026-11-22' }) };
    const { record, missing, notes } = cveDraft(opened);
    assert.equal(record.dataVersion, CVE_DATA_VERSION);
    assert.ok(Array.isArray(notes));
    assert.equal(validateRecord(record), false, 'a draft is never a complete record (no CVE ID)');
    assert.equal(validatePublished(record), false);
    assert.deepEqual(unexplained(validatePublished.errors, missing), []);
    const filled = fill(record, missing);
    const ok = validateRecord(filled);
    assert.ok(ok, JSON.stringify(validateRecord.errors?.slice(0, 5), null, 1));
    // The description is the report's own text, in its language.
    const lang = report.language === 'fr' ? 'fr' : 'en';
    const own = record.containers.cna.descriptions?.find((d) => d.lang === lang);
    if (report.summary || report.description) assert.equal(own.value, report.summary ?? report.description);
  });
}

test('the valid vulnerability example: affected, problem types, metrics from the core, credits', () => {
  const report = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
  const key = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'), 'utf8');
  const opened = open(seal(report, { key, profile: 'demo' }).armored, {
    secretKey: readFileSync(join(ROOT, 'keys/demo-psirt.sec.asc'), 'utf8'),
    profile: 'demo',
  });
  const { record, missing } = cveDraft(opened, { orgId: ORG, shortName: 'PSIRT-DEMO', cweNames: { 'CWE-79': 'Cross-site Scripting' } });
  const cna = record.containers.cna;
  assert.deepEqual(cna.providerMetadata, { orgId: ORG, shortName: 'PSIRT-DEMO' });
  assert.deepEqual(missing.map((m) => m.path), ['/cveMetadata', '/containers/cna/references']);
  assert.deepEqual(cna.affected, [
    {
      vendor: 'Thales',
      product: 'Example Device Manager',
      modules: ['web console'],
      versions: [
        { version: '4.2.0', status: 'affected' },
        { version: '4.2.1', status: 'affected' },
      ],
      defaultStatus: 'unknown',
    },
  ]);
  assert.deepEqual(cna.problemTypes, [
    { descriptions: [{ lang: 'en', type: 'CWE', cweId: 'CWE-79', description: 'CWE-79 Cross-site Scripting' }] },
  ]);
  const v31 = cna.metrics.find((m) => m.cvssV3_1).cvssV3_1;
  const v40 = cna.metrics.find((m) => m.cvssV4_0).cvssV4_0;
  assert.deepEqual(v31, { version: '3.1', vectorString: report.severity.cvss_v3, baseScore: opened.diagnostics.cvss.v3.score, baseSeverity: 'HIGH' });
  assert.equal(v31.baseScore, 8.7); // FIRST's calculator gives 8.7 High for this vector
  assert.equal(v40.vectorString, report.severity.cvss_v4);
  assert.equal(v40.baseScore, opened.diagnostics.cvss.v4.score);
  assert.deepEqual(cna.credits, [{ lang: 'en', value: 'Alex Martin (Example Security Lab)', type: 'finder' }]);
  assert.equal(cna.references, undefined, 'left out, not written empty (the schema wants at least one)');
  assert.ok(validateRecord(fill(record, missing)), JSON.stringify(validateRecord.errors));
});

test('nothing is invented: no credit when anonymous, no vendor when none was named, French stays French', () => {
  const base = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
  const anon = { ...base, reporter: { ...base.reporter, anonymous: true } };
  assert.equal(cveDraft({ report: anon }).record.containers.cna.credits, undefined);
  const noCredit = { ...base, reporter: { email: 'x@y.example' } };
  const d = cveDraft({ report: noCredit });
  assert.equal(d.record.containers.cna.credits, undefined);
  assert.ok(d.notes.some((n) => /no credit line/.test(n)));
  const noVendor = { ...base, affected: [{ product: 'P', versions: ['1'] }] };
  const nv = cveDraft({ report: noVendor });
  assert.equal(nv.record.containers.cna.affected[0].vendor, undefined);
  assert.ok(nv.missing.some((m) => m.path === '/containers/cna/affected/0/vendor'));
  const fr = cveDraft({ report: { ...base, language: 'fr', summary: 'Une faille XSS stockée.' } });
  assert.deepEqual(fr.record.containers.cna.descriptions, [{ lang: 'fr', value: 'Une faille XSS stockée.' }]);
  assert.ok(fr.missing.some((m) => m.path === '/containers/cna/descriptions' && /English/.test(m.reason)));
});

test('the schema check can fail: a draft with a wrong status or score type is caught', () => {
  const base = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
  const { record, missing } = cveDraft({ report: base, diagnostics: validate(base, { profile: 'demo' }) });
  const bad = fill(record, missing);
  bad.containers.cna.affected[0].versions[0].status = 'vulnerable';
  assert.equal(validateRecord(bad), false);
  assert.equal(validatePublished(bad), false);
  assert.notDeepEqual(unexplained(validatePublished.errors, missing), []);
});

test('data leaks, appeals and unstructured messages get no CVE draft, with their own codes', () => {
  for (const { name, report } of examples.filter((e) => e.report.channel !== 'vulnerability')) {
    assert.throws(() => cveDraft({ report }), (e) => e.code === 'cve-draft-channel', name);
  }
  assert.throws(() => cveDraft({ report: null, structured: false }), (e) => e.code === 'cve-draft-unstructured');
});

test('psirt-report open --cve-draft prints the draft; the package ships the schema and its NOTICE', async () => {
  const report = join(ROOT, 'examples/valid-vulnerability.json');
  const cli = join(ROOT, 'pkg/cli/main.mjs');
  const sealed = spawnSync(process.execPath, [cli, 'seal', report, '--key', join(ROOT, 'keys/demo-psirt.pub.asc'), '--demo'], { encoding: 'utf8' });
  assert.equal(sealed.status, 0, sealed.stderr);
  const dir = mkdtempSync(join(tmpdir(), 'psirt-cve-'));
  let draft;
  try {
    writeFileSync(join(dir, 'm.asc'), sealed.stdout);
    const args = [cli, 'open', join(dir, 'm.asc'), '--secret-key', join(ROOT, 'keys/demo-psirt.sec.asc'), '--demo', '--cve-draft'];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    draft = JSON.parse(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // The CLI passes the package's CWE titles.
  assert.match(draft.record.containers.cna.problemTypes[0].descriptions[0].description, /^CWE-79 Improper Neutralization/);
  assert.ok(validateRecord(fill(draft.record, draft.missing)), JSON.stringify(validateRecord.errors));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'pkg/package.json'), 'utf8'));
  assert.equal(pkg.exports['./cve-schema.json'], './cve-schema/CVE_JSON_bundled_5.1.1.json');
  const packed = (await import('./lib/packed.mjs')).packedFiles();
  for (const f of ['lib/cve.js', 'cve-schema/CVE_JSON_bundled_5.1.1.json', 'cve-schema/NOTICE']) assert.ok(packed.has(f), f);
  assert.match(readFileSync(join(ROOT, 'pkg/cve-schema/NOTICE'), 'utf8'), /Terms of Use/);
});


// Issue 21 item 6: the CLI's draft of every vulnerability example, checked against the official
// schema (the draft as the analyst receives it, not only cveDraft()'s); and what the CLI prints
// of a sender's text escapes C1 controls and bidi marks while staying valid JSON.
const CLI = join(ROOT, 'pkg/cli/main.mjs');
function cliDraft(reportFile, extra = []) {
  const sealed = spawnSync(process.execPath, [CLI, 'seal', reportFile, '--key', join(ROOT, 'keys/demo-psirt.pub.asc'), '--demo', '--today', '2026-11-22'], { encoding: 'utf8' });
  assert.equal(sealed.status, 0, sealed.stderr);
  const dir = mkdtempSync(join(tmpdir(), 'psirt-cve-'));
  try {
    writeFileSync(join(dir, 'm.asc'), sealed.stdout);
    const r = spawnSync(process.execPath, [CLI, 'open', join(dir, 'm.asc'), '--secret-key', join(ROOT, 'keys/demo-psirt.sec.asc'), '--demo', '--today', '2026-11-22', '--cve-draft', ...extra], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Only a valid report can be sealed, so only those reach `open`.
for (const { name } of vulnerabilityExamples.filter((e) => validate(e.report, { profile: 'demo', today: '2026-11-22' }).valid)) {
  test(`${name}: open --cve-draft writes no empty references and validates but for what it lists`, () => {
    const draft = JSON.parse(cliDraft(join(ROOT, 'examples', name)));
    assert.equal(draft.record.containers.cna.references, undefined);
    assert.ok(draft.missing.some((m) => m.path === '/containers/cna/references'), 'listed among the fields to fill');
    for (const [k, v] of Object.entries(draft.record.containers.cna)) if (Array.isArray(v)) assert.ok(v.length > 0, `${k} is written empty`);
    assert.equal(validatePublished(draft.record), false);
    assert.deepEqual(unexplained(validatePublished.errors, draft.missing), []);
    assert.ok(validateRecord(fill(draft.record, draft.missing)), JSON.stringify(validateRecord.errors?.slice(0, 5)));
  });
}

test('open --cve-draft escapes C1 controls and bidi marks in the sender\'s text, and stays valid JSON', () => {
  const hostile = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
  const marks = '\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u0085\u009b\u2028';
  hostile.summary = `Stored XSS ${marks} \u009b31mRED\u001b[0m end`;
  hostile.affected[0].product = `Manager\u202egnp.exe`;
  const dir = mkdtempSync(join(tmpdir(), 'psirt-cve-hostile-'));
  let text;
  try {
    writeFileSync(join(dir, 'r.json'), JSON.stringify(hostile));
    text = cliDraft(join(dir, 'r.json'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u);
  const draft = JSON.parse(text);
  assert.equal(draft.record.containers.cna.descriptions[0].value, hostile.summary, 'the same text once parsed');
  assert.equal(draft.record.containers.cna.affected[0].product, hostile.affected[0].product);
  assert.match(text, /\\u202e/);
});
