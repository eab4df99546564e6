/**
 * Encrypted drafts of a report: the format, the crypto and the IndexedDB
 * storage. No DOM here; the form's controls are in drafts-view.js.
 *
 * A draft is the form's state (fields, route, attachments' bytes) serialised by `encodeDraft`,
 * then encrypted with AES-256-GCM under one of two keys the reporter chooses between:
 *   - `passphrase`: a key derived from a passphrase with PBKDF2-HMAC-SHA-256, 600 000 iterations
 *     (OWASP's 2023 figure for PBKDF2-SHA-256) and a random 16-byte salt stored with the draft.
 *     A memory-hard KDF (Argon2id, scrypt) would need code of its own in the unbundled widget
 *     (WebCrypto has none), so PBKDF2 it is, with the work factor written in the record.
 *   - `device`: a non-extractable AES-GCM key that WebCrypto generates and IndexedDB keeps (a
 *     structured clone of a CryptoKey keeps it non-extractable). Anyone who can run script on
 *     this origin, or use this browser profile, can decrypt with it.
 * Every save uses a fresh random 12-byte IV; the additional data binds the format version, the
 * mode and (for a passphrase) the salt and the iteration count, so a record cannot be replayed
 * under other parameters. Nothing of the report is stored in clear: not its title, not a date.
 *
 * The database is named for the form and the profile (`psirt-report-draft:<profile id>`) and
 * holds two stores: `draft` (one record, `current`) and `keys` (the device key, `device`).
 * "Forget" deletes the whole database.
 *
 * The crypto half (`encodeDraft`, `decodeDraft`, `deriveKey`, `generateDeviceKey`, `sealDraft`,
 * `openDraft`) needs only `crypto.subtle`, so it also runs in Node (tests/js/form/drafts.browser.test.mjs).
 */

import { own } from '../lib/own.js';

export const DRAFT_FORMAT = 'psirt-report-draft/1';
export const PBKDF2_ITERATIONS = 600_000;
/**
 * The work factors a stored record may name. A record is read back from storage any script of
 * the origin could have written: a count of 1 would make the passphrase cheap to guess from
 * whatever the key then protects, and 2^31 would freeze the tab. Outside: `draft-kdf-params`.
 */
export const PBKDF2_MIN_ITERATIONS = 100_000;
export const PBKDF2_MAX_ITERATIONS = 10_000_000;
/** Passphrases shorter than this are refused (a short one falls to a guess in minutes offline). */
export const MIN_PASSPHRASE = 10;
const SALT_BYTES = 16;
const IV_BYTES = 12;
/** Decrypted with the key before the draft itself: tells a wrong passphrase from a damaged draft. */
const CHECK = 'psirt-report-draft key check';

/** An error with a stable `code`: `draft-passphrase-wrong`, `draft-corrupt`, `draft-key-missing`, … */
export class DraftError extends Error {
  constructor(code, message) {
    super(message ?? code);
    this.name = 'DraftError';
    this.code = code;
  }
}

const subtle = () => {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new DraftError('draft-unsupported', 'WebCrypto is not available (a secure context is needed)');
  return s;
};
const random = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n));
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The database of drafts for this form and profile. */
export const draftDbName = (profileId) => `psirt-report-draft:${String(profileId || 'default')}`;

// ---------------------------------------------------------------------------------------------
// The plaintext: one length-prefixed JSON header, then the attachments' bytes back to back
// ---------------------------------------------------------------------------------------------

/**
 * The padded size of a draft's plaintext, the sealed message's length buckets (src/seal/pad.rs):
 * at least 4 KiB; up to 64 KiB the next power of two; above, the next multiple of 64 KiB. The
 * stored record's size then tells a bucket, not the length of what the reporter typed.
 */
export function draftBucket(len) {
  const MIN = 4 * 1024;
  const STEP = 64 * 1024;
  if (len <= MIN) return MIN;
  if (len <= STEP) return 2 ** Math.ceil(Math.log2(len));
  return Math.ceil(len / STEP) * STEP;
}

/**
 * `{state, attachments: [{name, mediaType, data: Uint8Array}]}` → bytes:
 * `u32be(header length) ‖ header JSON (UTF-8) ‖ attachment 0 ‖ attachment 1 ‖ … ‖ zeros`, the
 * zeros up to the length bucket (`draftBucket`).
 * Binary, not base64 in JSON: a 30 MB attachment costs 30 MB, not 40 plus a copy.
 */
export function encodeDraft(draft) {
  const state = own(draft, 'state');
  const attachments = own(draft, 'attachments') ?? [];
  const header = utf8.encode(JSON.stringify({ format: DRAFT_FORMAT, state, attachments: attachments.map((a) => ({ name: a.name, mediaType: a.mediaType, size: a.data.length })) }));
  const total = 4 + header.length + attachments.reduce((n, a) => n + a.data.length, 0);
  const out = new Uint8Array(draftBucket(total));
  new DataView(out.buffer).setUint32(0, header.length);
  out.set(header, 4);
  let at = 4 + header.length;
  for (const a of attachments) {
    out.set(a.data, at);
    at += a.data.length;
  }
  return out;
}

/** The inverse of `encodeDraft`; a malformed plaintext is `draft-corrupt`. */
export function decodeDraft(bytes) {
  try {
    const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
    const header = JSON.parse(fromUtf8.decode(bytes.subarray(4, 4 + len)));
    if (header.format !== DRAFT_FORMAT || !Array.isArray(header.attachments)) throw new Error('format');
    let at = 4 + len;
    const attachments = header.attachments.map((a) => {
      if (!Number.isSafeInteger(a.size) || a.size < 0 || at + a.size > bytes.length) throw new Error('size');
      const data = bytes.slice(at, at + a.size);
      at += a.size;
      return { name: String(a.name), mediaType: String(a.mediaType), data };
    });
    // Padding: zeros up to the bucket (a draft written before padding has none).
    if (at !== bytes.length && (bytes.length !== draftBucket(at) || bytes.subarray(at).some((b) => b !== 0))) throw new Error('trailing bytes');
    return { state: header.state ?? {}, attachments };
  } catch (e) {
    throw new DraftError('draft-corrupt', `the draft is damaged (${e.message})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Keys and AES-256-GCM
// ---------------------------------------------------------------------------------------------

/**
 * Checks the key-derivation parameters of a stored record before any work is done with them:
 * an integer count within [PBKDF2_MIN_ITERATIONS, PBKDF2_MAX_ITERATIONS] and a 16-byte salt.
 * Throws `draft-kdf-params`.
 */
export function checkKdf(iterations, salt) {
  if (!Number.isSafeInteger(iterations) || iterations < PBKDF2_MIN_ITERATIONS || iterations > PBKDF2_MAX_ITERATIONS) {
    throw new DraftError('draft-kdf-params', `the draft names ${String(iterations).slice(0, 20)} PBKDF2 iterations: refused (between ${PBKDF2_MIN_ITERATIONS} and ${PBKDF2_MAX_ITERATIONS})`);
  }
  if (!(salt instanceof Uint8Array) || salt.length !== SALT_BYTES) {
    throw new DraftError('draft-kdf-params', 'the draft\'s salt is not 16 bytes: refused');
  }
}

/** PBKDF2-HMAC-SHA-256 → a non-extractable AES-256-GCM key. */
export async function deriveKey(passphrase, salt, iterations = PBKDF2_ITERATIONS) {
  checkKdf(iterations, salt);
  const s = subtle();
  const base = await s.importKey('raw', utf8.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return s.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** A random non-extractable AES-256-GCM key, for the no-passphrase mode. */
export function generateDeviceKey() {
  return subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** A fresh salt for a passphrase. */
export const newSalt = () => random(SALT_BYTES);

/** The additional data every block of a record is bound to. */
function aad(params, part) {
  const p = params.mode === 'passphrase' ? `|pbkdf2-sha256|${params.iterations}|${hex(params.salt)}` : '|device';
  return utf8.encode(`${DRAFT_FORMAT}|${params.mode}${p}|${part}`);
}

/**
 * Encrypts a plaintext into a record: `{format, mode, salt?, iterations?, check: {iv, ct},
 * iv, ct}`. `params`: `{mode: 'passphrase', salt, iterations}` or `{mode: 'device'}`.
 */
export async function sealDraft(key, plaintext, params) {
  const s = subtle();
  if (params.mode !== 'passphrase' && params.mode !== 'device') throw new DraftError('draft-mode', `unknown draft mode ${params.mode}`);
  const checkIv = random(IV_BYTES);
  const iv = random(IV_BYTES);
  const [check, ct] = await Promise.all([
    s.encrypt({ name: 'AES-GCM', iv: checkIv, additionalData: aad(params, 'check') }, key, utf8.encode(CHECK)),
    s.encrypt({ name: 'AES-GCM', iv, additionalData: aad(params, 'draft') }, key, plaintext),
  ]);
  const record = { format: DRAFT_FORMAT, mode: params.mode, check: { iv: checkIv, ct: new Uint8Array(check) }, iv, ct: new Uint8Array(ct) };
  if (params.mode === 'passphrase') Object.assign(record, { kdf: 'PBKDF2-SHA-256', salt: params.salt, iterations: params.iterations });
  return record;
}

/**
 * Decrypts a record. A key that does not open the check block is `draft-passphrase-wrong` (or
 * `draft-key-wrong` for a device key); a check that opens but a draft that does not (altered
 * bytes, IV or parameters) is `draft-corrupt`.
 */
export async function openDraft(key, record) {
  const s = subtle();
  if (record?.format !== DRAFT_FORMAT) throw new DraftError('draft-format', `not a draft of this version (${record?.format})`);
  if (record.mode === 'passphrase') checkKdf(record.iterations, record.salt);
  try {
    const check = await s.decrypt({ name: 'AES-GCM', iv: record.check.iv, additionalData: aad(record, 'check') }, key, record.check.ct);
    if (fromUtf8.decode(check) !== CHECK) throw new Error('check');
  } catch {
    throw new DraftError(record.mode === 'passphrase' ? 'draft-passphrase-wrong' : 'draft-key-wrong', 'this key does not open the draft');
  }
  try {
    return new Uint8Array(await s.decrypt({ name: 'AES-GCM', iv: record.iv, additionalData: aad(record, 'draft') }, key, record.ct));
  } catch {
    throw new DraftError('draft-corrupt', 'the draft was altered or damaged: it cannot be decrypted');
  }
}

/** Record parameters from a stored record (what `deriveKey` and `sealDraft` need). */
export const paramsOf = (record) => (record.mode === 'passphrase' ? { mode: 'passphrase', salt: record.salt, iterations: record.iterations } : { mode: 'device' });

// ---------------------------------------------------------------------------------------------
// IndexedDB
// ---------------------------------------------------------------------------------------------

const request = (r) =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

/**
 * The drafts of one form and profile. `find()` looks without creating anything; `save()`
 * creates the database on the reporter's first save; `forget()` deletes it, device key included.
 */
export class DraftStore {
  constructor(profileId, idb = globalThis.indexedDB) {
    this.name = draftDbName(profileId);
    this.idb = idb;
  }

  /** Opens the database; with `create: false`, resolves null when it does not exist. */
  #open(create) {
    if (!this.idb) return Promise.reject(new DraftError('draft-unsupported', 'IndexedDB is not available'));
    return new Promise((resolve, reject) => {
      const r = this.idb.open(this.name, 1);
      r.onupgradeneeded = (e) => {
        if (!create && e.oldVersion === 0) {
          // Nothing stored: abort, so looking leaves no empty database behind.
          r.transaction.abort();
          return;
        }
        const db = r.result;
        if (!db.objectStoreNames.contains('draft')) db.createObjectStore('draft');
        if (!db.objectStoreNames.contains('keys')) db.createObjectStore('keys');
      };
      r.onsuccess = () => resolve(r.result);
      r.onerror = (e) => {
        if (!create && r.error?.name === 'AbortError') {
          e.preventDefault();
          resolve(null);
        } else reject(new DraftError('draft-storage', `IndexedDB: ${r.error?.message ?? r.error}`));
      };
      r.onblocked = () => reject(new DraftError('draft-storage', 'IndexedDB is blocked by another tab'));
    });
  }

  async #tx(create, mode, fn) {
    const db = await this.#open(create);
    if (!db) return null;
    try {
      const tx = db.transaction(['draft', 'keys'], mode);
      const done = new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(new DraftError('draft-storage', `IndexedDB: ${tx.error?.message ?? tx.error}`));
        tx.onabort = () => reject(new DraftError('draft-storage', `IndexedDB: ${tx.error?.message ?? 'aborted'}`));
      });
      done.catch(() => {}); // awaited below; a failing `fn` must not leave it unhandled
      const result = await fn(tx.objectStore('draft'), tx.objectStore('keys'));
      await done;
      return result;
    } finally {
      db.close();
    }
  }

  /** The stored record (ciphertext and parameters), or null. Creates nothing. */
  find() {
    return this.#tx(false, 'readonly', (drafts) => request(drafts.get('current'))).then((r) => r ?? null);
  }

  /** The device key, creating and storing one when `create` (and none is stored). */
  async deviceKey({ create = false } = {}) {
    const found = await this.#tx(create, 'readonly', (_, keys) => request(keys.get('device')));
    if (found || !create) return found ?? null;
    const key = await generateDeviceKey();
    await this.#tx(true, 'readwrite', (_, keys) => request(keys.put(key, 'device')));
    return key;
  }

  /** Encrypts and stores the draft, replacing the previous one. */
  async save(key, params, draft) {
    const record = await sealDraft(key, encodeDraft(draft), params);
    await this.#tx(true, 'readwrite', (drafts) => request(drafts.put(record, 'current')));
    return record;
  }

  /** Decrypts the stored draft: `{state, attachments}`. */
  async load(key) {
    const record = await this.find();
    if (!record) throw new DraftError('draft-none', 'no draft is stored');
    return decodeDraft(await openDraft(key, record));
  }

  /** Deletes the database: the draft and the device key. */
  forget() {
    if (!this.idb) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const r = this.idb.deleteDatabase(this.name);
      r.onsuccess = () => resolve();
      r.onerror = () => reject(new DraftError('draft-storage', `IndexedDB: ${r.error?.message ?? r.error}`));
      // Another tab holding it open: deletion completes when that tab closes it.
      r.onblocked = () => resolve();
    });
  }
}
