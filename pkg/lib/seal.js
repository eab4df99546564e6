/**
 * Sealing, the reporter's side: the PSIRT key judged (`loadRecipient`), the reporter's own key
 * judged or made (`loadReporterKey`, `generateKey`), and a report validated then encrypted
 * (`seal`, and `sealAsync` with the bulk AES on WebCrypto). Re-exported by index.js.
 */

import { InputError, SealError } from './errors.js';
import { platformCipher, platformSha256 } from './registry.js';
import { own } from './own.js';
import {
  bindings,
  sealBindings,
  openBindings,
  callWasm,
  callJson,
  sealWire,
  describe,
  reportText,
  optionsText,
  bytesOf,
  PROFILE,
  TODAY,
  LANGUAGE,
  NOW,
} from './wasm-call.js';

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

// --- a way back to the reporter: their own key ----------------------------------------------

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
    // Every key it is encrypted to (role `psirt`, and `reporter` when
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
    const { finishDeferred } = await import('./webcrypto-seal.js');
    ({ armored, sha256 } = await finishDeferred(out));
  } catch (e) {
    throw new SealError(`psirt-report: WebCrypto could not encrypt: ${e?.message ?? e}`, { code: 'seal-failed', cause: e });
  } finally {
    for (const chunk of out.inner) chunk.fill(0);
    out.key.fill(0);
  }
  return sealedFrom(out.meta, armored, sha256);
}
