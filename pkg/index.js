/**
 * The psirt-report JavaScript API, shared by the Node entries (`node-entry.js`,
 * bundled into `node.cjs`, re-exported by `node.mjs`), the browser entry
 * (`web.js`) and the worker (`worker.js`). Every export of this module is
 * re-exported by the entries: add API functions at the end.
 *
 * Here: checking and scanning a report (validate, scan, redact, triage, profile, schema, cvss),
 * its readable text, the limits, and key discovery. Sealing is in lib/seal.js, opening in
 * lib/open.js, both re-exported from here; how a call reaches a wasm module (and how what it
 * throws becomes an error class) is lib/wasm-call.js.
 *
 * This module owns no WebAssembly itself: an entry point initialises the
 * wasm-bindgen modules and hands them over with `install()` (lib/registry.js). Until
 * then every function throws a `NotInitializedError` (code `not-initialized`).
 */

import { InputError } from './lib/errors.js';
import { own } from './lib/own.js';
import { lookupKey } from './lib/discover.js';
import {
  bindings,
  sealBindings,
  callWasm,
  callJson,
  describe,
  utf8,
  reportText,
  optionsText,
  PROFILE,
  TODAY,
  LANGUAGE,
} from './lib/wasm-call.js';
import { loadRecipient } from './lib/seal.js';

export { __trapForTests } from './lib/wasm-call.js';
export { loadRecipient, loadReporterKey, generateKey, seal, sealAsync } from './lib/seal.js';
export { open, openAll, inspectMessage, pgpMimeEnvelope, pgpMime } from './lib/open.js';

/**
 * Validate a report against the JSON Schema and the semantic rules.
 * Never throws for what the report contains: unreadable text gives
 * `valid: false` with code `json-syntax`, `json-too-deep`, `not-an-object`
 * or `input-too-large` at path `""`.
 *
 * @param {object|string|Uint8Array} report  the report, or its JSON text
 * @param {{profile?: string|object, today?: string}} [options]
 *   `profile`: `"thales"` (default), `"demo"` or a profile object;
 *   `today`: `YYYY-MM-DD`, the date dates are checked against (tests)
 * @returns {{valid: boolean, errors: object[], warnings: object[], cvss?: object}}
 */
export function validate(report, options) {
  const api = bindings();
  const text = reportText(report);
  const opts = optionsText(options, { profile: PROFILE, today: TODAY });
  return callJson(() => api.validate(text, opts));
}

/** The report JSON Schema (draft 2020-12), as a fresh object. */
export function schema() {
  const api = bindings();
  return callJson(() => api.schema());
}

/**
 * Resolve a PSIRT profile.
 * @param {string|object} nameOrObject  `"thales"`, `"demo"`, or a profile object
 * @returns {object} the resolved profile (`id`, `name`, `demo`, `psirt_email`, `pin`…)
 * @throws {ProfileError}
 */
export function profile(nameOrObject) {
  const api = bindings();
  let arg;
  if (typeof nameOrObject === 'string') {
    arg = nameOrObject;
  } else if (nameOrObject !== null && typeof nameOrObject === 'object' && !Array.isArray(nameOrObject)) {
    arg = reportText(nameOrObject, 'profile');
  } else {
    throw new InputError(`profile must be a name or an object, not ${describe(nameOrObject)}`, {
      code: 'input-type',
    });
  }
  return callJson(() => api.profile(arg));
}

/**
 * Where does a message of this kind go, according to the policy?
 * @param {string} kind  `vulnerability`, `data_leak`, `infrastructure_incident`, `sales` or `cna_appeal`
 * @param {{profile?: string|object, language?: 'en'|'fr', today?: string}} [options]
 * @returns {{kind: string, decision: 'accept'|'redirect'|'refuse', to?: string, url?: string,
 *   message: string, acknowledgement_due?: string}}
 */
export function triage(kind, options) {
  const api = bindings();
  if (typeof kind !== 'string') {
    throw new InputError(`triage kind must be a string, not ${describe(kind)}`, { code: 'input-type' });
  }
  const opts = optionsText(options, { profile: PROFILE, language: LANGUAGE, today: TODAY });
  return callJson(() => api.triage(kind, opts));
}

// --- scanner -----------------------------------------------------------------------------------

const REPORTER_EMAIL = ['reporter_email', 'string'];

/**
 * Find sensitive data in every text field of a report and in its text
 * attachments: credentials (critical), personal data (high), third-party
 * contact data and internal infrastructure (medium), documentation/test
 * values (info). Nothing leaves the machine.
 *
 * Each finding: `{path, start, end, category, severity, rule, message,
 * preview, encoding?, attachment?}`. `path` is a JSON Pointer; `start`/`end`
 * are UTF-16 units, so `value.slice(start, end)` is the match (for an
 * attachment, in its decoded text; inside an encoded blob, the whole blob).
 * `preview` is masked; `message` says why it matters and what to do.
 *
 * @param {object|string|Uint8Array} report
 * @param {{profile?: string|object, language?: 'en'|'fr', reporterEmail?: string}} [options]
 *   `language`: of the messages (default: the report's own `language`)
 * @returns {object[]} the findings
 * @throws {InputError} the report is not readable JSON
 */
export function scan(report, options) {
  const api = bindings();
  const text = reportText(report);
  const opts = optionsText(options, { profile: PROFILE, language: LANGUAGE, reporterEmail: REPORTER_EMAIL });
  return callJson(() => api.scan(text, opts));
}

/**
 * Find sensitive data in one text (findings have `path: ""`).
 * @param {string|Uint8Array} text
 * @param {{profile?: string|object, language?: 'en'|'fr', reporterEmail?: string}} [options]
 *   `reporterEmail`: the reporter's own address, not a finding
 * @returns {object[]} the findings
 */
export function scanText(text, options) {
  const api = bindings();
  let value = text;
  if (value instanceof Uint8Array) {
    try {
      value = utf8.decode(value);
    } catch (e) {
      throw new InputError('text is not valid UTF-8', { code: 'invalid-utf8', cause: e });
    }
  }
  if (typeof value !== 'string') {
    throw new InputError(`scanText() takes a string or bytes, not ${describe(text)}`, { code: 'input-type' });
  }
  const opts = optionsText(options, { profile: PROFILE, language: LANGUAGE, reporterEmail: REPORTER_EMAIL });
  return callJson(() => api.scan_text(value, opts));
}

/**
 * A new report in which sensitive data is replaced by `[REDACTED:<category>]`
 * (inside a text attachment: decoded, redacted, encoded again). The input is
 * not modified.
 *
 * @param {object|string|Uint8Array} report
 * @param {{findings?: object[], minSeverity?: 'critical'|'high'|'medium'|'info',
 *   profile?: string|object, reporterEmail?: string}} [options]
 *   `findings`: what to redact (as `scan()` returned them, e.g. those the
 *   reporter ticked); without it, everything `scan()` finds at or above
 *   `minSeverity` (default `medium`)
 * @returns {object} the redacted report
 */
export function redact(report, options) {
  const api = bindings();
  const text = reportText(report);
  const opts = optionsText(options, {
    findings: ['findings', 'an array'],
    minSeverity: ['min_severity', 'string'],
    profile: PROFILE,
    reporterEmail: REPORTER_EMAIL,
  });
  return callJson(() => api.redact(text, opts));
}

export { cveDraft, CVE_DATA_VERSION } from './lib/cve.js';

// --- the reporter form (`<psirt-report-form>`) ----------------------------------------------

/** `attachments` as seal() takes them ({name, data}) or as {name, size}: name and size only. */
function attachmentSizes(list) {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    throw new InputError(`options.attachments must be an array, not ${describe(list)}`, { code: 'input-type' });
  }
  return list.map((a, i) => {
    const data = own(a, 'data');
    const size = data instanceof Uint8Array ? data.byteLength : own(a, 'size');
    const name = own(a, 'name');
    if (typeof name !== 'string' || !Number.isSafeInteger(size) || size < 0) {
      throw new InputError(`attachment ${i + 1} must be {name: string, data: Uint8Array} or {name: string, size: number}`, {
        code: 'input-type',
      });
    }
    return { name, size };
  });
}

/**
 * The readable text of a report, exactly as `seal()` puts it in the sealed message for the
 * PSIRT to read (the same function, in the report's own `language`): for a review step before
 * sealing. A report that is not valid yet renders what it holds.
 *
 * @param {object|string|Uint8Array} report
 * @param {{profile?: string|object, language?: 'en'|'fr',
 *   attachments?: ({name: string, data: Uint8Array}|{name: string, size: number})[]}} [options]
 *   the options seal() takes may be passed as they are: `attachments` (those seal() will be given
 *   as bytes) are listed by name and size, as in the sealed text; `language` is that of the
 *   error messages (the text follows the report's `language`, as seal() does); `profile` is
 *   checked as seal() checks it (the text does not depend on it)
 * @returns {string} the text, LF line ends
 * @throws {InputError} the report is not readable JSON (`json-syntax`, `not-an-object`…)
 * @throws {ProfileError}
 */
export function renderText(report, options) {
  // In the seal module: the text is sealing's own (the same function writes the sealed part).
  const api = sealBindings();
  const text = reportText(report);
  const wire = JSON.parse(optionsText(options, { profile: PROFILE, language: LANGUAGE }));
  wire.attachments = attachmentSizes(own(options, 'attachments'));
  return callWasm(() => api.render_text(text, JSON.stringify(wire)), 'seal');
}

/**
 * Score one CVSS vector (3.0, 3.1 or 4.0) as `validate()` scores `severity.cvss_v3` /
 * `severity.cvss_v4` (the same code: the same `{vector, version, score, severity}` it returns
 * under `diagnostics.cvss`). For a CVSS calculator beside the form.
 *
 * @param {string} vector  e.g. `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`
 * @param {{language?: 'en'|'fr'}} [options]  `language`: of the error message
 * @returns {{vector: string, version: '3.0'|'3.1'|'4.0', score: number,
 *   severity: 'none'|'low'|'medium'|'high'|'critical'}}
 * @throws {InputError} code `cvss-invalid` (the code validate() reports for the same vector);
 *   `input-type` when `vector` is not a string
 */
export function cvss(vector, options) {
  const api = bindings();
  if (typeof vector !== 'string') {
    throw new InputError(`cvss() takes a vector string, not ${describe(vector)}`, { code: 'input-type' });
  }
  const opts = optionsText(options, { language: LANGUAGE });
  return callJson(() => api.cvss(vector, opts));
}

/**
 * The core's input limits, so callers check a size before reading a file:
 * `{report_bytes, depth, key_bytes, attachments, attachment_bytes, message_bytes}`.
 * @returns {{report_bytes: number, depth: number, key_bytes: number, attachments: number,
 *   attachment_bytes: number, message_bytes: number}}
 */
export function limits() {
  // In the seal module, whose limits (key, attachments, message) are sealing's own.
  const api = sealBindings();
  return callJson(() => api.limits(), 'seal');
}

// Key discovery (WKD, then security.txt), every candidate judged against the pin.
export { zbase32, wkdHash, discoveryUrls, parseSecurityTxt, DISCOVER_LIMITS } from './lib/discover.js';

/**
 * Finds the PSIRT's key where the PSIRT publishes it (Web Key Directory, advanced then direct
 * method, then the `Encryption:` field of `https://<domain>/.well-known/security.txt`) and keeps
 * the first candidate whose primary fingerprint is the pin (`options.pin`, else the profile's):
 * each candidate goes through `loadRecipient`. An impostor key is refused, and the search goes on.
 * Needs the seal module (Node: always; browser: after `await init()`).
 *
 * @param {string} email  the PSIRT's address, e.g. the profile's `psirt_email`
 * @param {{pin?: string, profile?: string|object, now?: string, language?: 'en'|'fr',
 *   fetch?: typeof fetch, timeout?: number, signal?: AbortSignal,
 *   methods?: ('wkd-advanced'|'wkd-direct'|'security-txt')[]}} [options]
 * @returns {Promise<{key: Uint8Array, method: string, url: string, recipient: object,
 *   attempts: {method: string, url: string, code: string}[]}>}
 * @throws {KeyError} code discover-impostor, discover-not-found, discover-network, … with `attempts`
 * @throws {InputError} code discover-bad-email
 */
export async function discoverKey(email, options = {}) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InputError(`discoverKey() options must be an object, not ${describe(options)}`, { code: 'input-type' });
  }
  const pin = own(options, 'pin');
  const prof = own(options, 'profile');
  const judge = { pin, profile: prof, now: own(options, 'now'), language: own(options, 'language') };
  // What lookupKey() takes, copied by name (a spread would copy only own properties too, but
  // naming them keeps every option the package reads visible to the hardening test).
  const rest = {
    fetch: own(options, 'fetch'),
    timeout: own(options, 'timeout'),
    deadline: own(options, 'deadline'),
    signal: own(options, 'signal'),
    methods: own(options, 'methods'),
  };
  for (const k of Object.keys(rest)) if (rest[k] === undefined) delete rest[k];
  for (const k of Object.keys(judge)) if (judge[k] === undefined) delete judge[k];
  // The pin the candidates are judged against, also for security.txt's `openpgp4fpr:` entries.
  const pinned = pin ?? profile(prof ?? 'thales').pin;
  return lookupKey(email, { ...rest, pin: pinned, verify: (bytes) => loadRecipient(bytes, judge) });
}

// The anti-spam stamp (pure JavaScript, no WebAssembly).
export { mintStamp, verifyStamp, checkStamp, stampAudience } from './lib/stamp.js';
