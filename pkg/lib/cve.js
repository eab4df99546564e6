/**
 * A CVE JSON 5 record draft from an opened report: the CNA analyst's next step.
 *
 * Written in JavaScript rather than in the Rust core: it is a reshaping of data `open()` already
 * returns (the report and the CVSS scores the core computed), needs no cryptography and no
 * validation of its own, and would only add bytes to the wasm that every reporter's browser loads
 * while only PSIRT staff use it.
 *
 * The draft holds what the report says and nothing else. What a CVE record needs but the report
 * cannot give (the CVE ID and its metadata, the CNA's organisation id, references, an English
 * description when the report is French, a vendor the reporter left out…) is listed in `missing`
 * as JSON Pointers into the record, never made up. The schema the draft is checked against
 * (tests/js/open/cve-draft.test.mjs) ships in this package: `psirt-report/cve-schema.json`.
 */

import { InputError } from './errors.js';
import { own } from './own.js';

/** `dataVersion` of the drafts: the CVE JSON record format version of the shipped schema. */
export const CVE_DATA_VERSION = '5.1.1';

const MAX_DESCRIPTION = 4096;
const MAX_TITLE = 256;

/** Cut `s` to `max` UTF-16 units without splitting a surrogate pair. */
function cut(s, max) {
  if (s.length <= max) return s;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(s[end - 1])) end -= 1;
  return `${s.slice(0, end)}…`;
}

const nonEmpty = (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * Builds the draft.
 *
 * @param {{report: object, diagnostics?: {cvss?: {v3?: object, v4?: object}}, structured?: boolean}} opened
 *   what `open()` returns (or `{report, diagnostics: validate(report)}`)
 * @param {{orgId?: string, shortName?: string, cweNames?: Record<string, string>}} [options]
 *   the CNA's organisation UUID and short name (`providerMetadata`), and CWE titles by id
 *   (`{"CWE-79": "Improper Neutralization…"}`) for the problem type descriptions
 * @returns {{record: object, missing: {path: string, reason: string}[], notes: string[]}}
 * @throws {InputError} code `cve-draft-unstructured` (no report in the message),
 *   `cve-draft-channel` (a data leak or an appeal: no CVE record to draft)
 */
export function cveDraft(opened, options = {}) {
  if (opened === null || typeof opened !== 'object' || opened.structured === false || !opened.report) {
    throw new InputError('cveDraft() needs an opened report: this message holds no report.json', {
      code: 'cve-draft-unstructured',
    });
  }
  const report = opened.report;
  if (report.channel !== 'vulnerability') {
    throw new InputError(
      `cveDraft() drafts CVE records for vulnerability reports, not for channel ${JSON.stringify(report.channel)}`,
      { code: 'cve-draft-channel' },
    );
  }
  const lang = report.language === 'fr' ? 'fr' : 'en';
  const missing = [];
  const notes = [];
  const miss = (path, reason) => missing.push({ path, reason });
  const cna = {};

  missing.push({ path: '/cveMetadata', reason: 'the CVE ID is assigned by the CNA, the record state by CVE Services' });

  // providerMetadata: the CNA's own identity, from the options or listed.
  const orgId = nonEmpty(own(options, 'orgId'));
  const shortName = nonEmpty(own(options, 'shortName'));
  if (orgId) {
    cna.providerMetadata = { orgId };
    if (shortName) cna.providerMetadata.shortName = shortName;
  } else {
    miss('/containers/cna/providerMetadata', "the CNA's organisation UUID (pass {orgId})");
  }

  const title = nonEmpty(report.title);
  if (title) {
    cna.title = cut(title, MAX_TITLE);
    if (cna.title !== title) notes.push(`title cut to ${MAX_TITLE} characters`);
  }

  // descriptions: the report's summary (else its description), in the report's language.
  const text = nonEmpty(report.summary) ?? nonEmpty(report.description);
  // A field the schema requires but the report cannot fill is left out and listed in `missing`,
  // never written empty: an empty array is itself invalid (minItems 1) and looks like an answer.
  if (text) {
    const value = cut(text, MAX_DESCRIPTION);
    if (value !== text) notes.push(`description cut to ${MAX_DESCRIPTION} characters`);
    cna.descriptions = [{ lang, value }];
  }
  if (!text) miss('/containers/cna/descriptions', 'the report has no summary nor description');
  else if (lang !== 'en') {
    miss('/containers/cna/descriptions', 'an English description (the report is in French; CVE requires one in English)');
  }

  // affected: vendor, product, each version the reporter named as affected.
  const affected = Array.isArray(report.affected) ? report.affected : [];
  const affectedEntries = affected.map((a, i) => {
    const entry = {};
    const vendor = nonEmpty(a?.vendor);
    const product = nonEmpty(a?.product);
    if (vendor) entry.vendor = vendor;
    else miss(`/containers/cna/affected/${i}/vendor`, 'the reporter named no vendor');
    if (product) entry.product = product;
    else miss(`/containers/cna/affected/${i}/product`, 'the reporter named no product');
    const component = nonEmpty(a?.component);
    if (component) entry.modules = [component];
    const versions = [...new Set((Array.isArray(a?.versions) ? a.versions : []).map(nonEmpty).filter(Boolean))];
    if (versions.length) entry.versions = versions.map((version) => ({ version, status: 'affected' }));
    else notes.push(`affected/${i}: no version named; the CNA sets the versions`);
    // Versions the reporter did not test are not known to be safe.
    entry.defaultStatus = 'unknown';
    return entry;
  });
  if (affectedEntries.length === 0) miss('/containers/cna/affected', 'the report names no affected product');
  else cna.affected = affectedEntries;

  // problemTypes: one per CWE id.
  const names = own(options, 'cweNames');
  const cweTitle = (id) => nonEmpty(names !== null && typeof names === 'object' && Object.hasOwn(names, id) ? names[id] : undefined);
  const cwes = [...new Set((Array.isArray(report.cwe) ? report.cwe : []).filter((c) => /^CWE-[1-9][0-9]*$/.test(c)))];
  if (cwes.length) {
    cna.problemTypes = cwes.map((cweId) => ({
      descriptions: [
        { lang: 'en', type: 'CWE', cweId, description: cweTitle(cweId) ? `${cweId} ${cweTitle(cweId)}` : cweId },
      ],
    }));
  } else {
    notes.push('no CWE id in the report: problemTypes left out');
  }

  // metrics: the scores the core computed from the report's vectors.
  const cvss = opened.diagnostics?.cvss ?? {};
  const metrics = [];
  for (const s of [cvss.v4, cvss.v3]) {
    if (!s) continue;
    const key = { '4.0': 'cvssV4_0', '3.1': 'cvssV3_1', '3.0': 'cvssV3_0' }[s.version];
    if (!key) continue;
    const m = {
      version: s.version,
      vectorString: s.vector,
      baseScore: s.score,
      baseSeverity: String(s.severity).toUpperCase(),
    };
    metrics.push({ format: 'CVSS', scenarios: [{ lang: 'en', value: 'GENERAL' }], [key]: m });
  }
  if (metrics.length) cna.metrics = metrics;
  else notes.push('no CVSS vector in the report: metrics left out');

  // credits: the reporter's own credit line, unless they asked to stay anonymous.
  const reporter = report.reporter ?? {};
  const credit = nonEmpty(reporter.credit);
  if (reporter.anonymous === true) notes.push('the reporter asked to stay anonymous: no credit');
  else if (credit) cna.credits = [{ lang, value: credit, type: 'finder' }];
  else notes.push('the reporter gave no credit line: credits left for the CNA to agree with them');

  // references: the analyst's (advisory, patch); the report has none to give. Left out (the
  // schema wants at least one), and listed.
  miss('/containers/cna/references', "at least one reference (the advisory's URL), once published");

  cna.source = { discovery: 'EXTERNAL' };

  return {
    record: { dataType: 'CVE_RECORD', dataVersion: CVE_DATA_VERSION, containers: { cna } },
    missing,
    notes,
  };
}
