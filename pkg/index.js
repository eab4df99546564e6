/**
 * The psirt-report JavaScript API, shared by the Node entries (`node-entry.js`,
 * bundled into `node.cjs`, re-exported by `node.mjs`), the browser entry
 * (`web.js`) and the worker (`worker.js`). Every export of this module is
 * re-exported by the entries: add API functions at the end.
 *
 * This module owns no WebAssembly itself: an entry point initialises the
 * wasm-bindgen module and hands it over with `install()` (internal.js). Until
 * then every function throws a `NotInitializedError` (code `not-initialized`).
 * Call the module through `callJson` / `callWasm`: they map what it throws to
 * the error classes and re-instantiate it after a trap.
 *
 * The wasm functions take and return JSON text only. Converting here, with
 * `JSON.stringify` / `JSON.parse`, keeps a `__proto__` key an ordinary own
 * property and keeps deep nesting out of wasm-bindgen's recursive converters.
 * Options are camelCase in JavaScript and snake_case on the wire.
 */

import {
  PsirtError,
  ReportInvalidError,
  KeyError,
  InputError,
  ProfileError,
  NotInitializedError,
  SealError,
  OpenError,
  ScanError,
} from './lib/errors.js';
import { installed, platformCipher, platformSha256, reinstantiate } from './lib/registry.js';
import { own } from './lib/own.js';
// Issue 16 item 2: key discovery (WKD, security.txt), pinned.
import { lookupKey } from './lib/discover.js';

/**
 * What each module's absence says: the core (validate, scan, redact, schema, profile, triage);
 * the seal module (loadRecipient, seal…; in the browser `init({seal: 'idle'})` resolves before
 * it is in, and `await init()` waits for it); the open module (the seal module + open, openAll:
 * loaded in Node; in the browser by `await init({ open: true })`).
 */
const NOT_LOADED = {
  core: 'psirt-report is not initialised: call `await init()` (from the web entry) before using it',
  seal: 'psirt-report: the sealing module is not loaded yet: `await ready` after `init()` (from the web entry), or `await init({ seal: \'eager\' })`, waits for it',
  open: 'psirt-report: the opening module is not loaded: `await init({ open: true })` (from the web entry) loads it',
};

/** The installed bindings of module `which`, or NotInitializedError saying how to load it. */
function loaded(which) {
  const wasm = installed(which);
  if (wasm === null) throw new NotInitializedError(NOT_LOADED[which]);
  return wasm;
}
const bindings = () => loaded('core');
const sealBindings = () => loaded('seal');
const openBindings = () => loaded('open');

/** The wasm-side `kind` of an error → its class. */
const KINDS = {
  key: KeyError,
  input: InputError,
  profile: ProfileError,
  seal: SealError,
  open: OpenError,
  scan: ScanError,
};

/** A trap of the WebAssembly machine (unreachable, out of bounds…), as opposed to a thrown Error. */
function isTrap(e) {
  // The JavaScript core (wasm2js, where WebAssembly is off) throws an Error marked psirtTrap.
  return (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) || (e instanceof Error && e.psirtTrap === true);
}

/**
 * Turn what the wasm module threw into a PsirtError subclass. The Rust side
 * throws `Error`s with own properties `code`, `kind` and, for kind `report`,
 * `diagnostics` (JSON text). A trap (`WebAssembly.RuntimeError`) re-instantiates
 * the module first, so the next call works, and becomes a PsirtError with code
 * `internal`; so does anything else unexpected.
 */
function fromWasmError(e, which = 'core') {
  if (e instanceof PsirtError) return e;
  if (isTrap(e)) {
    const restarted = reinstantiate(which);
    return new PsirtError(
      `internal error: the psirt-report WebAssembly module trapped (${e.message}); ` +
        (restarted ? 'it was restarted, later calls work' : 'it could not be restarted') +
        '. Please report this bug.',
      { code: 'internal', cause: e },
    );
  }
  const isObject = e !== null && typeof e === 'object';
  const code = isObject && typeof e.code === 'string' ? e.code : undefined;
  const kind = isObject && typeof e.kind === 'string' ? e.kind : undefined;
  const message = isObject && typeof e.message === 'string' ? e.message : String(e);
  const options = { code, cause: e };
  if (kind === 'report') {
    let diagnostics = e.diagnostics;
    if (typeof diagnostics === 'string') {
      try {
        diagnostics = JSON.parse(diagnostics);
      } catch {
        diagnostics = undefined;
      }
    }
    return new ReportInvalidError(message, { ...options, code: code ?? 'report-invalid', diagnostics });
  }
  if (kind !== undefined && Object.hasOwn(KINDS, kind)) return new KINDS[kind](message, options);
  if (kind === undefined && code?.startsWith('key-')) return new KeyError(message, options);
  if (code !== undefined) return new PsirtError(message, options);
  return new PsirtError(`internal error in the psirt-report WebAssembly module: ${message}`, {
    code: 'internal',
    cause: e,
  });
}

/**
 * Call a wasm function; map what it throws (after a trap the module is
 * re-instantiated, see fromWasmError). Also catches a RangeError thrown by
 * the glue itself (a string too large to copy into wasm memory).
 */
function callWasm(fn, which = 'core') {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError && !isTrap(e)) {
      throw new InputError(`input too large for the WebAssembly module: ${e.message}`, {
        code: 'input-too-large',
        cause: e,
      });
    }
    throw fromWasmError(e, which);
  }
}

/** Call a wasm function that returns JSON text; parse it, map what it throws. */
function callJson(fn, which = 'core') {
  return JSON.parse(callWasm(fn, which));
}

/**
 * Wire options for the seal module, as JSON text. It has no JSON Schema engine, so a profile
 * given as an object is resolved (checked against the profile schema) by the core first, which
 * throws the same ProfileError the seal call would; names (`thales`, `demo`) pass as they are.
 */
function sealWire(wire) {
  if (own(wire, 'profile') !== null && typeof own(wire, 'profile') === 'object') {
    const core = bindings();
    const text = JSON.stringify(own(wire, 'profile'));
    wire.profile = callJson(() => core.profile(text));
  }
  return JSON.stringify(wire);
}

/**
 * Test hook, not API: makes the WebAssembly module trap (as a bug would) so tests can check
 * that the next call still works. Throws a PsirtError with code `internal`. The module has no
 * trap export (issue 12): this hands a raw export a string pointer past the end of its memory,
 * which traps with "memory access out of bounds". Nothing a page could not do itself; the
 * worker never exposes it (names starting with `_` are not callable there).
 * @internal
 */
export function __trapForTests() {
  const glue = bindings();
  return callWasm(() => {
    // Already initialised: initSync returns the live instance's raw exports.
    const raw = glue.initSync();
    return raw.validate(0xfffffff0, 64, 0, 0);
  });
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A report as JSON text. Strings pass through untouched so the core reports
 * syntax errors itself; bytes are decoded as strict UTF-8; objects are
 * serialised (arrays too: the core then says `not-an-object`).
 */
function reportText(report, what = 'report') {
  if (typeof report === 'string') return report;
  if (report instanceof Uint8Array) {
    try {
      return utf8.decode(report);
    } catch (e) {
      throw new InputError(`${what} is not valid UTF-8`, { code: 'invalid-utf8', cause: e });
    }
  }
  if (report === null || typeof report !== 'object') {
    throw new InputError(`${what} must be an object or a JSON string, not ${describe(report)}`, {
      code: 'input-type',
    });
  }
  let text;
  try {
    text = JSON.stringify(report);
  } catch (e) {
    // RangeError: nesting deeper than the JS stack; TypeError: a cycle or a BigInt.
    const code = e instanceof RangeError ? 'json-too-deep' : 'input-unserializable';
    throw new InputError(`${what} cannot be turned into JSON: ${e.message}`, { code, cause: e });
  }
  if (typeof text !== 'string') {
    throw new InputError(`${what} cannot be turned into JSON`, { code: 'input-type' });
  }
  return text;
}


/**
 * Options as JSON text on the wire. `names` maps each accepted camelCase name
 * to its wire name and expected type; unknown names are ignored, so the same
 * options object can be handed to validate() and seal().
 */
function optionsText(options, names) {
  if (options === undefined || options === null) return '{}';
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new InputError(`options must be an object, not ${describe(options)}`, { code: 'input-type' });
  }
  const wire = {};
  for (const [jsName, [wireName, ...types]] of Object.entries(names)) {
    const value = own(options, jsName);
    if (value === undefined) continue;
    if (!types.includes(describe(value))) {
      throw new InputError(`option ${jsName} must be ${types.join(' or ')}, not ${describe(value)}`, {
        code: 'input-type',
      });
    }
    wire[wireName] = value;
  }
  return JSON.stringify(wire);
}

const PROFILE = ['profile', 'string', 'object'];
const TODAY = ['today', 'string'];
const LANGUAGE = ['language', 'string'];

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

// --- scanner (issue #3) ------------------------------------------------------------------------

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

// --- sealing and opening (issue #4) -------------------------------------------------------

const utf8Encoder = new TextEncoder();

/** Key or message bytes: a string is UTF-8 encoded (armored text), bytes pass as they are. */
function bytesOf(value, what) {
  if (typeof value === 'string') return utf8Encoder.encode(value);
  if (value instanceof Uint8Array) return value;
  throw new InputError(`${what} must be a string or a Uint8Array, not ${describe(value)}`, { code: 'input-type' });
}

const NOW = ['now', 'string'];

/**
 * Parse the PSIRT's public key and judge it: pinned fingerprint (options.pin, else the
 * profile's), self-signatures, revocation, expiry, an encryption (sub)key.
 *
 * @param {string|Uint8Array} key  armored or binary OpenPGP public key
 * @param {{pin?: string, profile?: string|object, now?: string, language?: 'en'|'fr'}} [options]
 *   `now`: ISO 8601 time to judge expiry at (tests); default the real clock
 * @returns {{fingerprint: string, encryptionKey: string, userIds: string[], algorithm: string,
 *   version: number, created: string, expires: string|null, encryptionKeyExpires: string|null}}
 * @throws {KeyError} with code key-revoked, key-expired, key-fingerprint-mismatch, …
 */
export function loadRecipient(key, options) {
  const api = sealBindings();
  const bytes = bytesOf(key, 'key');
  const wire = JSON.parse(optionsText(options, { profile: PROFILE, pin: ['pin', 'string'], now: NOW, language: LANGUAGE }));
  const opts = sealWire(wire);
  return callJson(() => api.load_recipient(bytes, opts), 'seal');
}

// --- Issue 16 item 5: a way back to the reporter ---------------------------------------------

/**
 * Judge the reporter's own public key as seal() will when it is `report.reporter.pgp_key`: the
 * PSIRT key's policy (readable, valid now, not expired or revoked, an encryption key, an
 * acceptable algorithm), without a pin.
 *
 * @param {string} key  the armored public key (or a fingerprint: then `null`, it encrypts nothing)
 * @param {{now?: string, language?: 'en'|'fr'}} [options]
 * @returns {object|null} as loadRecipient()'s, or null for a bare fingerprint
 * @throws {KeyError} with a `reporter-key-*` code
 */
export function loadReporterKey(key, options) {
  const api = sealBindings();
  if (typeof key !== 'string') {
    throw new InputError(`loadReporterKey() needs the armored key as a string, not ${describe(key)}`, { code: 'input-type' });
  }
  const opts = optionsText(options, { now: NOW, language: LANGUAGE });
  return callJson(() => api.load_reporter_key(key, opts), 'seal');
}

/**
 * Make a key for the reporter: a v4 Curve25519 key (Ed25519 primary, X25519/ECDH subkey), both
 * secret parts protected with `passphrase` (iterated and salted S2K over SHA-256, AES-256), as
 * GnuPG 2.2 reads it. Needs the open module (loaded on demand in the browser).
 *
 * @param {{name?: string, email?: string, passphrase: string}} params  passphrase: ≥ 10 characters
 * @param {{language?: 'en'|'fr'}} [options]
 * @returns {{secretKey: string, publicKey: string, fingerprint: string, userId: string}}
 * @throws {InputError} code `reporter-key-passphrase-short`
 */
export function generateKey(params, options) {
  const api = openBindings();
  const str = (name, v) => {
    if (v !== undefined && typeof v !== 'string') {
      throw new InputError(`generateKey(): ${name} must be a string, not ${describe(v)}`, { code: 'input-type' });
    }
    return v ?? '';
  };
  const [name, email, passphrase] = [
    str('name', own(params, 'name')),
    str('email', own(params, 'email')),
    str('passphrase', own(params, 'passphrase')),
  ];
  const opts = optionsText(options, { language: LANGUAGE });
  return callJson(() => api.generate_key(name, email, passphrase, opts), 'open');
}

/** What seal() and sealAsync() share: the arguments checked, the report validated by the core. */
function prepareSeal(report, options) {
  const core = bindings();
  const text = reportText(report);
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InputError('seal() needs options with the recipient key: seal(report, {key})', {
      code: 'input-type',
    });
  }
  if (typeof own(options, 'key') !== 'string' && !(own(options, 'key') instanceof Uint8Array)) {
    throw new InputError(
      `seal() needs the recipient's public key as options.key, not ${describe(own(options, 'key'))}`,
      { code: 'input-type' },
    );
  }
  const key = bytesOf(own(options, 'key'), 'key');
  const list = own(options, 'attachments') ?? [];
  if (!Array.isArray(list)) {
    throw new InputError(`options.attachments must be an array, not ${describe(list)}`, { code: 'input-type' });
  }
  const meta = [];
  const data = [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const a = { name: own(item, 'name'), mediaType: own(item, 'mediaType'), data: own(item, 'data') };
    if (item === null || typeof item !== 'object' || typeof a.name !== 'string' || !(a.data instanceof Uint8Array)) {
      throw new InputError(`attachment ${i + 1} must be {name: string, mediaType?: string, data: Uint8Array}`, {
        code: 'input-type',
      });
    }
    if (a.mediaType !== undefined && typeof a.mediaType !== 'string') {
      throw new InputError(`attachment ${i + 1}: mediaType must be a string`, { code: 'input-type' });
    }
    meta.push({ name: a.name, mediaType: a.mediaType });
    data.push(a.data);
  }
  const wire = JSON.parse(
    optionsText(options, { profile: PROFILE, pin: ['pin', 'string'], today: TODAY, now: NOW, language: LANGUAGE }),
  );
  wire.attachments = meta;
  // Validation first, by the core (the seal module has none): it throws what seal() always
  // threw for an invalid report (ReportInvalidError with the diagnostics), or a ProfileError.
  const checkOpts = JSON.stringify(wire);
  callWasm(() => core.check_for_seal(text, checkOpts));
  refuseUnwantedCopy(text, own(options, 'reporterCopy'), wire.language);
  const sealOpts = sealWire({ ...wire });
  return { text, key, sealOpts, data };
}

/**
 * `reporterCopy: false`: the caller wants the message encrypted to the PSIRT alone. A report whose
 * `reporter.pgp_key` is a public key asks for a copy to that key, so it is refused (code
 * `reporter-copy-refused`) rather than sealed without the copy the reporter asked for. A bare
 * fingerprint encrypts nothing (it is only carried to the PSIRT) and passes; a key that cannot be
 * used is refused by seal() itself with its `reporter-key-*` code.
 */
function refuseUnwantedCopy(text, reporterCopy, language) {
  if (reporterCopy === undefined || reporterCopy === true) return;
  if (reporterCopy !== false) {
    throw new InputError(`options.reporterCopy must be true or false, not ${describe(reporterCopy)}`, { code: 'input-type' });
  }
  let pgpKey;
  try {
    pgpKey = JSON.parse(text)?.reporter?.pgp_key;
  } catch {
    return; // the core parsed it already; never reached
  }
  if (typeof pgpKey !== 'string' || pgpKey.trim() === '') return;
  let info;
  try {
    info = callJson(() => sealBindings().load_reporter_key(pgpKey, '{}'), 'seal');
  } catch {
    return; // not a usable key: seal() refuses it with its own code
  }
  if (info === null) return;
  const fr = (language ?? JSON.parse(text)?.language) === 'fr';
  throw new SealError(
    fr
      ? 'Le rapport porte la clé publique du rapporteur (reporter.pgp_key), qui demande une copie chiffrée pour lui ; reporterCopy: false l’interdit. Retirez la clé du rapport, ou autorisez la copie.'
      : 'The report carries the reporter\'s public key (reporter.pgp_key), which asks for a copy encrypted to them; reporterCopy: false forbids it. Remove the key from the report, or allow the copy.',
    { code: 'reporter-copy-refused' },
  );
}

/**
 * The Sealed object from the seal module's `meta` and the armored message. `sha256`: the hex
 * SHA-256 of `armored` (the module computes it when it writes the armor; sealAsync when it does).
 */
function sealedFrom(meta, armored, sha256) {
  const info = JSON.parse(meta);
  return {
    armored,
    eml: info.emlHead + armored + info.emlTail,
    fingerprint: info.fingerprint,
    to: info.to,
    subject: info.subject,
    recipient: info.recipient,
    // Issue 16 item 5: every key it is encrypted to (role `psirt`, and `reporter` when
    // reporter.pgp_key is an armored public key), and the receipt the reporter keeps.
    recipients: info.recipients,
    receipt: {
      reportId: info.reportId,
      sealedAt: info.sealedAt,
      psirtFingerprint: info.fingerprint,
      sha256: sha256 ?? info.sha256,
    },
  };
}

/**
 * Validate a report, then encrypt it, with its attachments, to the pinned PSIRT key, as a padded
 * PGP/MIME entity. The armored text is assembled from chunks the wasm module hands over (wasm
 * memory never holds it whole), and the `.eml` is that same string between a head and a tail.
 *
 * @param {object|string|Uint8Array} report
 * @param {{key: string|Uint8Array, pin?: string, profile?: string|object, today?: string,
 *   now?: string, language?: 'en'|'fr',
 *   attachments?: {name: string, mediaType?: string, data: Uint8Array}[]}} options
 *   `key`: the recipient's public key; `pin`: the fingerprint it must have (hex, spaces allowed;
 *   defaults to the profile's pin); `language`: of the error messages (default: the report's own);
 *   `attachments`: any bytes, at most 50 and 32 MiB in total; `reporterCopy: false`: encrypt
 *   to the PSIRT only, and refuse (SealError `reporter-copy-refused`) a report whose
 *   reporter.pgp_key is a public key (default true: the reporter's key gets a copy)
 * @returns {{armored: string, eml: string, fingerprint: string, to: string, subject: string,
 *   recipient: object, recipients: object[], receipt: {reportId: string, sealedAt: string,
 *   psirtFingerprint: string, sha256: string}}}
 *   When `report.reporter.pgp_key` is an armored public key, the message is also encrypted to it
 *   (judged like the PSIRT's key, not pinned; refused with a `reporter-key-*` code).
 * @throws {ReportInvalidError|KeyError|InputError|ProfileError}
 */
export function seal(report, options) {
  const api = sealBindings();
  const { text, key, sealOpts, data } = prepareSeal(report, options);
  const cipher = platformCipher();
  const out = callWasm(() => api.seal(text, key, sealOpts, data, cipher), 'seal');
  let armored = '';
  for (const chunk of out.armored) armored += chunk;
  // With the platform's cipher the module leaves the receipt's hash to the platform's SHA-256.
  return sealedFrom(out.meta, armored, cipher === undefined ? undefined : platformSha256(out.armored));
}

/**
 * `seal()`, asynchronous: the same checks, errors and result, with the bulk encryption on the
 * browser's WebCrypto (AES-CBC driven as CFB; see webcrypto-seal.js) instead of AES compiled to
 * WebAssembly — several times faster on large attachments. The worker's `seal` uses it. Where
 * there is no WebCrypto, for v6 keys (AEAD), and in Node (whose `seal()` already runs on
 * node:crypto), it is `seal()`.
 * @param {string|object} report
 * @param {object} options  as seal()'s
 * @returns {Promise<object>} as seal()'s
 */
export async function sealAsync(report, options) {
  const api = sealBindings();
  if (platformCipher() !== undefined || typeof api.seal_deferred !== 'function' || !globalThis.crypto?.subtle) {
    return seal(report, options);
  }
  const { text, key, sealOpts, data } = prepareSeal(report, options);
  let out;
  try {
    out = callWasm(() => api.seal_deferred(text, key, sealOpts, data), 'seal');
  } catch (e) {
    // A v6 key: its message is AEAD (SEIPD v2), which seal() writes.
    if (e?.code === 'input-type' && /v6 key/.test(e.message)) return seal(report, options);
    throw e;
  }
  let armored;
  let sha256;
  try {
    // Imported here, on the first seal: a page that only validates never fetches it.
    const { finishDeferred } = await import('./lib/webcrypto-seal.js');
    ({ armored, sha256 } = await finishDeferred(out));
  } catch (e) {
    throw new SealError(`psirt-report: WebCrypto could not encrypt: ${e?.message ?? e}`, { code: 'seal-failed', cause: e });
  } finally {
    for (const chunk of out.inner) chunk.fill(0);
    out.key.fill(0);
  }
  return sealedFrom(out.meta, armored, sha256);
}

/** open()'s and openAll()'s options, checked, as the seal module takes them (and the profile and date for validation). */
function openWire(options, name) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InputError(`${name}() needs options with the secret key: ${name}(message, {secretKey})`, {
      code: 'input-type',
    });
  }
  return JSON.parse(
    optionsText(options, {
      profile: PROFILE,
      today: TODAY,
      language: LANGUAGE,
      passphrase: ['passphrase', 'string'],
    }),
  );
}

/** An opened message from the seal module's `{meta, data}`, its report validated by the core. */
function openedFrom(out, core, wire) {
  const result = JSON.parse(out.meta);
  if (result.diagnostics === undefined) {
    // The seal module returns report.json as it was in the message; the core validates it, as
    // the PSIRT's profile sees it.
    const reportJson = result.reportJson;
    const validateOpts = JSON.stringify({ profile: own(wire, 'profile'), today: own(wire, 'today') });
    result.diagnostics = callJson(() => core.validate(reportJson, validateOpts));
  }
  delete result.reportJson;
  result.attachments = result.attachments.map((a, i) => ({ ...a, data: out.data[i] }));
  return result;
}

/**
 * Decrypt a sealed report (the PSIRT's side) and take it apart.
 *
 * @param {string|Uint8Array} message  the armored message (.asc), the .eml, or binary OpenPGP
 * @param {{secretKey: string|Uint8Array, passphrase?: string, profile?: string|object,
 *   today?: string, language?: 'en'|'fr'}} options
 * @returns {{report: object, diagnostics: object, subject: string, text: string,
 *   attachments: {name: string, mediaType: string, data: Uint8Array}[], recipient: string}}
 * @throws {PsirtError} code open-not-for-this-key, open-tampered, open-unreadable,
 *   open-secret-key-unreadable, open-payload-invalid, open-too-large
 */
export function open(message, options) {
  const core = bindings();
  const api = openBindings();
  const wire = openWire(options, 'open');
  const msg = bytesOf(message, 'message');
  const key = bytesOf(own(options, 'secretKey'), 'options.secretKey');
  const out = callWasm(() => api.open(msg, key, sealWire({ ...wire })), 'open');
  return openedFrom(out, core, wire);
}

/**
 * Open every mail of an `.mbox` (or the one message given): one entry per mail, in order,
 * `{index, opened}` or `{index, error: {code, message}}` (one mail that cannot be opened does
 * not stop the others). Options as open(); throws only when nothing can be tried (bad key).
 */
export function openAll(message, options) {
  const core = bindings();
  const api = openBindings();
  const wire = openWire(options, 'openAll');
  const msg = bytesOf(message, 'message');
  const key = bytesOf(own(options, 'secretKey'), 'options.secretKey');
  const list = callWasm(() => api.openAll(msg, key, sealWire({ ...wire })), 'open');
  return Array.from(list, (one, i) => {
    if (one.error) return { index: i + 1, error: { code: one.error.code, message: one.error.message } };
    return { index: i + 1, opened: openedFrom(one, core, wire) };
  });
}

/**
 * What a message is made of, without decrypting it: an intake's look at what arrived. Needs no
 * key. Packets in order, each PKESK's recipient (v3: `keyId`; v6: `fingerprint`; anonymous ones
 * `wildcard: true`), SKESK count, readable data outside the encryption (`literal`, `compressed`,
 * `signed`), the encrypted data packet kind and sizes; `armored` is the block found inside a
 * mail when the input was a mail.
 *
 * @param {string|Uint8Array} message  the armored message, the .eml, or binary OpenPGP
 * @param {{language?: 'en'|'fr'}} [options]
 * @returns {{form: string, packets: string[], recipients: {version: number, keyId?: string,
 *   fingerprint?: string, wildcard: boolean, algorithm?: number}[], wildcardRecipients: number,
 *   skesk: number, literal: boolean, compressed: boolean, signed: boolean, encrypted: string|null,
 *   encryptedBytes: number, size: number, armored?: string}}
 * @throws {InputError} code `inspect-not-openpgp`
 */
export function inspectMessage(message, options) {
  const api = openBindings();
  const msg = bytesOf(message, 'message');
  const opts = optionsText(options, { language: LANGUAGE });
  return callJson(() => api.inspect_message(msg, opts), 'open');
}

/**
 * The envelope pgpMime() puts around an armored message: `head + body + tail` is the `.eml`, where
 * `body` is the armored message with CRLF line ends and no line end after its END line. For a
 * caller that holds the message as bytes already in that form (the intake) and writes the three
 * parts without building the whole text.
 * @param {{to: string, subject: string, now: number, messageId: string, boundary: string}} envelope
 * @returns {{head: string, tail: string}}
 */
export function pgpMimeEnvelope(envelope) {
  const api = openBindings();
  const e = envelope ?? {};
  const wire = JSON.stringify({ to: own(e, 'to'), subject: own(e, 'subject'), now: own(e, 'now'), messageId: own(e, 'messageId'), boundary: own(e, 'boundary') });
  // The envelope comes from the core around a one-character stand-in; the armored text is put in
  // by the caller: copying a large string into the wasm memory (wasm-bindgen's string path) was
  // half of an intake's CPU time per report, measured.
  const out = callWasm(() => api.pgp_mime('A', wire), 'open');
  const at = out.lastIndexOf('A\r\n\r\n--');
  return { head: out.slice(0, at), tail: out.slice(at + 1) };
}

/**
 * The RFC 3156 `.eml` around an armored message that arrived alone, with the envelope seal()
 * writes (neutral subject, no From:, `Message-ID: <messageId@psirt-report.invalid>`).
 * @param {string} armored
 * @param {{to: string, subject: string, now: number, messageId: string, boundary: string}} envelope
 *   `now` in seconds since 1970
 * @returns {string}
 */
export function pgpMime(armored, envelope) {
  if (typeof armored !== 'string') throw new InputError(`pgpMime() needs the armored message as a string, not ${describe(armored)}`, { code: 'input-type' });
  const { head, tail } = pgpMimeEnvelope(envelope);
  // Line ends made CRLF as the core does, with string replaceAll and a trim from the end: three
  // regular-expression passes over the text were a tenth of an intake's time per report.
  let end = armored.length;
  while (end > 0 && (armored.charCodeAt(end - 1) === 10 || armored.charCodeAt(end - 1) === 13)) end--;
  return head + armored.slice(0, end).replaceAll('\r\n', '\n').replaceAll('\n', '\r\n') + tail;
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

// Issue 16 item 2: key discovery, pinned.
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

// Issue 16 item 7: the anti-spam stamp (pure JavaScript, no WebAssembly).
export { mintStamp, verifyStamp, checkStamp, stampAudience } from './lib/stamp.js';
