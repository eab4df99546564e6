/**
 * The form's model: which fields each channel asks for, and the report they build. Field names
 * are the report's JSON paths written with dots (`affected.0.versions.0`), so an input, its value
 * in the report and a diagnostic's JSON Pointer (`/affected/0/versions/0`) name one another.
 * What is required is decided by the core's `validate()`; `optional` here only says which labels
 * carry "(optional)".
 */

import { own } from '../lib/own.js';

/** Where each kind of contact goes: the first step's choices, in the order shown. */
export const ROUTES = ['vulnerability', 'data_leak', 'infrastructure_incident', 'cna_appeal', 'sales'];

export const DATA_CATEGORIES = [
  'credentials',
  'personal_data',
  'financial',
  'health',
  'customer_data',
  'source_code',
  'configuration',
  'internal_documents',
  'cryptographic_keys',
  'other',
];

const f = (name, kind, extra = {}) => ({ name, kind, label: extra.label ?? name, ...extra });

const REPORTER = {
  key: 'group.reporter',
  fields: [
    f('reporter.name', 'text', { optional: true, autocomplete: 'name' }),
    f('reporter.email', 'email', { hint: 'reporter.email.hint', autocomplete: 'email' }),
    f('reporter.organization', 'text', { optional: true, autocomplete: 'organization' }),
    f('reporter.credit', 'text', { optional: true, hint: 'reporter.credit.hint' }),
    f('reporter.anonymous', 'checkbox', { optional: true }),
  ],
};

const TITLE = f('title', 'text', { hint: 'title.hint' });
const SUMMARY = f('summary', 'textarea', { optional: true, hint: 'summary.hint', rows: 3 });

const DESCRIPTION = f('description', 'textarea', { optional: true, hint: 'description.hint', rows: 6 });
const DISCOVERED = f('discovered_on', 'date', { optional: true });
const COMMITMENTS = { key: 'group.commitments', special: 'commitments' };
const ATTACHMENTS = { key: 'group.attachments', special: 'attachments' };

const DISCLOSURE = {
  key: 'group.disclosure',
  hint: 'disclosure.hint',
  fields: [f('disclosure.proposed_date', 'date', { optional: true })],
};

/** Group keys with their fields, per channel. `affected`, `cvss`, `cwe`, `commitments`, `attachments` are built by the element. */
export const LAYOUT = {
  vulnerability: [
    REPORTER,
    {
      key: 'group.issue',
      fields: [
        TITLE,
        SUMMARY,
        DESCRIPTION,
        f('steps_to_reproduce', 'textarea', { hint: 'steps_to_reproduce.hint', rows: 6 }),
        f('impact', 'textarea', { optional: true, hint: 'impact.hint', rows: 3 }),
        f('proof_of_concept', 'code', { optional: true, hint: 'proof_of_concept.hint', rows: 6 }),
        DISCOVERED,
        f('exploited', 'radios', { optional: true, options: ['yes', 'no', 'unknown'], optionLabel: 'exploited.' }),
        f('third_party_software', 'checkbox', { optional: true }),
      ],
    },
    { key: 'group.affected', special: 'affected' },
    { key: 'group.severity', special: 'severity' },
    DISCLOSURE,
    COMMITMENTS,
    ATTACHMENTS,
  ],
  data_leak: [
    REPORTER,
    {
      key: 'group.issue',
      fields: [TITLE, SUMMARY, DESCRIPTION],
    },
    {
      key: 'group.data_leak',
      fields: [
        f('data_leak.data_categories', 'checks', { options: DATA_CATEGORIES, optionLabel: 'cat.' }),
        f('data_leak.location', 'text', { hint: 'data_leak.location.hint' }),
        f('data_leak.still_accessible', 'radios', { optional: true, hint: 'data_leak.still_accessible.hint', options: ['true', 'false'], optionLabel: 'bool.' }),
        f('data_leak.records_estimate', 'number', { optional: true }),
        DISCOVERED,
      ],
    },
    DISCLOSURE,
    COMMITMENTS,
    ATTACHMENTS,
  ],
  cna_appeal: [
    REPORTER,
    {
      key: 'group.appeal',
      fields: [
        TITLE,
        f('appeal.cna', 'text'),
        f('appeal.grounds', 'radios', {
          options: ['no_response', 'cve_refused', 'record_not_populated', 'other'],
          optionLabel: 'grounds.',
        }),
        f('appeal.cve_id', 'text', { optional: true, hint: 'appeal.cve_id.hint', spellcheck: false }),
        f('appeal.request_reference', 'text', { optional: true }),
        f('appeal.first_contact_on', 'date', { optional: true }),
        f('appeal.details', 'textarea', { hint: 'appeal.details.hint', rows: 6 }),
      ],
    },
    ATTACHMENTS,
  ],
};

/** The top-level report members the form edits, in every channel (its fields and special groups). */
export const FORM_KEYS = Object.freeze([
  ...new Set([
    ...Object.values(LAYOUT).flatMap((groups) => groups.flatMap((g) => (g.fields ?? []).map((x) => x.name.split('.')[0]))),
    'affected',
    'severity',
    'cwe',
    'commitments',
  ]),
]);

const plain = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A draft's decrypted state reduced to what the form itself writes: `kind` (one of ROUTES),
 * `values` holding only FORM_KEYS, and per attachment `texts` (scanned as text) and `cleaned`
 * (the reporter chose the cleaned copy), as booleans. Anything else a record carries (written by
 * another version, or by a script of the origin) is dropped, not restored into the report.
 */
export function restorableState(state) {
  const s = plain(state) ? state : {};
  const values = {};
  if (plain(s.values)) for (const k of FORM_KEYS) if (Object.hasOwn(s.values, k)) values[k] = s.values[k];
  if (!plain(values.reporter)) values.reporter = {};
  if (!plain(values.commitments)) values.commitments = {};
  if (!Array.isArray(values.affected)) values.affected = [{ versions: [''] }];
  const flags = (list) => (Array.isArray(list) ? list.map((x) => x === true) : []);
  return {
    kind: ROUTES.includes(s.kind) ? s.kind : null,
    values,
    texts: flags(s.texts),
    cleaned: flags(s.cleaned),
  };
}

/** `affected.0.versions.0` → `/affected/0/versions/0` (RFC 6901). */
export const toPointer = (name) => (name === '' ? '' : `/${name.split('.').map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`);

/** `/affected/0/product` → `affected.0.product`. */
export const toName = (pointer) =>
  pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');

/** The id an input's error message carries (`err-affected-0-product`). */
export const errorId = (name) => `err-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** Read `obj` at a dotted path. */
export function getPath(obj, name) {
  let v = obj;
  for (const seg of name.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, seg)) return undefined;
    v = v[seg];
  }
  return v;
}

/** Write `value` at a dotted path, creating objects and arrays (numeric segments) on the way. */
export function setPath(obj, name, value) {
  const segs = name.split('.');
  let v = obj;
  for (let i = 0; i < segs.length - 1; i += 1) {
    const seg = segs[i];
    if (!Object.hasOwn(v, seg) || v[seg] === null || typeof v[seg] !== 'object') {
      v[seg] = /^\d+$/.test(segs[i + 1]) ? [] : {};
    }
    v = v[seg];
  }
  v[segs[segs.length - 1]] = value;
}

/**
 * What is sent: the values without empty strings, empty arrays or empty objects (an empty
 * optional field is absent, not ""), with array holes closed. `moved` (optional) records where
 * each kept array item was in the form: `affected.0` → `affected.1` when the first product was
 * left empty, so a diagnostic about the report still lands on the input it is about.
 */
export function prune(value, moved, at = '', was = '') {
  const join = (p, k) => (p === '' ? String(k) : `${p}.${k}`);
  if (Array.isArray(value)) {
    const out = [];
    value.forEach((item, i) => {
      const p = prune(item, moved, join(at, out.length), join(was, i));
      if (p === undefined) return;
      if (moved && out.length !== i) moved.set(join(at, out.length), join(was, i));
      out.push(p);
    });
    return out.length ? out : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v, moved, join(at, k), join(was, k));
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value;
}

/** A diagnostic's or finding's JSON Pointer into the built report → the form's field name. */
export function formName(pointer, moved) {
  if (pointer === '') return '';
  let at = '';
  let name = '';
  for (const seg of toName(pointer).split('.')) {
    at = at === '' ? seg : `${at}.${seg}`;
    name = moved?.get(at) ?? (name === '' ? seg : `${name}.${seg}`);
  }
  return name;
}

/**
 * The report the values describe, for a channel: pruned, with what the form always states
 * (schema version, channel, language, the commitments as booleans, the policy version).
 */
export function buildReport(values, options) {
  const channel = own(options, 'channel');
  const lang = own(options, 'lang');
  const policyVersion = own(options, 'policyVersion');
  const moved = own(options, 'moved');
  const report = prune(values, moved) ?? {};
  const out = { schema_version: '1.0', channel, language: lang, ...report };
  if (channel !== 'cna_appeal') {
    const c = values.commitments ?? {};
    out.commitments = {
      no_exploitation: c.no_exploitation === true,
      no_disclosure_without_consent: c.no_disclosure_without_consent === true,
      no_prohibited_attacks: c.no_prohibited_attacks === true,
    };
    if (policyVersion) out.commitments.policy_version = policyVersion;
  } else {
    delete out.commitments;
  }
  // Fields of the other channels never travel (the values object keeps them while the reporter
  // goes back and forth between channels).
  const keep = new Set(['schema_version', 'channel', 'language', 'reporter', 'title', 'attachments', 'commitments']);
  const byChannel = {
    vulnerability: ['summary', 'description', 'steps_to_reproduce', 'impact', 'proof_of_concept', 'discovered_on', 'exploited', 'third_party_software', 'affected', 'severity', 'cwe', 'disclosure'],
    data_leak: ['summary', 'description', 'data_leak', 'discovered_on', 'disclosure'],
    cna_appeal: ['appeal'],
  };
  for (const k of byChannel[channel] ?? []) keep.add(k);
  for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  // An object left empty is still sent empty, so that what it lacks is reported at the missing
  // field's own path (`/reporter/email`, `/affected/0/product`), where the form has an input,
  // rather than as the whole object missing.
  out.reporter ??= {};
  if (channel === 'vulnerability') out.affected ??= [{}];
  if (channel === 'data_leak') out.data_leak ??= {};
  if (channel === 'cna_appeal') out.appeal ??= {};
  return out;
}
