/**
 * Key discovery: finds a PSIRT's public key where the PSIRT publishes it, and
 * keeps only a key whose primary fingerprint is the pinned one. In order:
 *
 *   1. Web Key Directory (draft-koch-openpgp-webkey-service), advanced method:
 *      `https://openpgpkey.<domain>/.well-known/openpgpkey/<domain>/hu/<hash>?l=<local>`;
 *   2. WKD, direct method: `https://<domain>/.well-known/openpgpkey/hu/<hash>?l=<local>`;
 *   3. the `Encryption:` fields of `https://<domain>/.well-known/security.txt` (RFC 9116), each
 *      an https URL of a key (an `openpgp4fpr:` URI names a fingerprint, not a key: it is compared
 *      with the pin and reported, never fetched).
 *
 * `<hash>` is the z-base-32 encoding of the SHA-1 of the lower-cased local part. Every candidate
 * key goes through `verify(bytes)` (the package passes `loadRecipient` with the pin): a key with
 * another fingerprint is an impostor, refused, and the search goes on. The draft asks clients to
 * use the direct method only when the `openpgpkey` sub-domain does not exist; a browser cannot
 * tell a missing name from any other network error, and every candidate is checked against the
 * pin, so this module also tries the direct method after an HTTP error of the advanced one.
 *
 * Requests: GET only, no credentials, no custom header (so no CORS preflight: the
 * servers must answer with `Access-Control-Allow-Origin`, as the WKD draft asks); each with a
 * timeout; bodies capped (a key at the core's key limit, security.txt at 64 KiB); redirects
 * followed only to https URLs. Nothing of a report is ever part of a request: the only input is
 * the PSIRT's address.
 *
 * No dependency and no WebAssembly: this module runs in the widget's page and in Node (SHA-1 by
 * WebCrypto, which both have as `globalThis.crypto.subtle`).
 */

import { InputError, KeyError } from './errors.js';
import { own } from './own.js';

/** Limits, in bytes and milliseconds. `keyBytes` is the core's MAX_KEY_BYTES (src/seal/key.rs). */
export const DISCOVER_LIMITS = Object.freeze({ keyBytes: 1024 * 1024, securityTxtBytes: 64 * 1024, timeoutMs: 10_000, deadlineMs: 30_000, redirects: 5 });

/** What each method is called in results and errors. */
export const METHODS = Object.freeze(['wkd-advanced', 'wkd-direct', 'security-txt']);

// z-base-32 (Zooko's human-oriented base-32, https://philzimmermann.com/docs/human-oriented-base-32-encoding.txt),
// hand-written because it is fifteen lines and the widget ships without npm dependencies: bits
// taken five at a time, most significant first, from this alphabet. A SHA-1 (160 bits) gives
// exactly 32 characters, with no padding.
const ZBASE32 = 'ybndrfg8ejkmcpqxot1uwisza345h769';

/** z-base-32 of `bytes` (Uint8Array). */
export function zbase32(bytes) {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ZBASE32[(acc >>> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += ZBASE32[(acc << (5 - bits)) & 31];
  return out;
}

function subtle() {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new InputError('key discovery needs WebCrypto (crypto.subtle): a secure context in a browser, Node 20 or later', { code: 'discover-unsupported' });
  return s;
}

/**
 * Whether `host` (lower-case, as `new URL().hostname` gives it) is a name discovery may contact:
 * a domain of at least two labels, not an IP literal. The URLs fetched are chosen by whoever
 * controls the domain (its WKD, its security.txt, their redirects): without this, an address
 * like `x@127.0.0.1` or an `Encryption: https://10.0.0.1/` line would make the caller's machine
 * request its own loopback or internal network. A last label that is numeric (decimal, `0x…`
 * hex, or octal) is an IPv4 address to the WHATWG URL parser, whatever the other labels are.
 */
export function publicHostName(host) {
  const name = String(host ?? '').toLowerCase().replace(/\.$/, '');
  if (name.startsWith('[') || name.includes(':')) return false;
  const labels = name.split('.');
  if (labels.length < 2 || labels.some((l) => l === '')) return false;
  return !/^(?:0x[0-9a-f]*|[0-9]+)$/.test(labels[labels.length - 1]);
}

/** Splits an address into its local part and lower-cased domain, or throws `discover-bad-email`. */
function splitAddress(email) {
  const text = typeof email === 'string' ? email.trim() : '';
  const at = text.lastIndexOf('@');
  const local = text.slice(0, at);
  const domain = text.slice(at + 1).toLowerCase();
  // A host name only: letters, digits, hyphens and dots (no port, path or user info can slip in).
  if (
    at <= 0 ||
    !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(domain) ||
    !publicHostName(domain) ||
    /[\s<>]/.test(local)
  ) {
    throw new InputError(`key discovery needs an e-mail address like psirt@example.com, not ${JSON.stringify(String(email)).slice(0, 80)}`, { code: 'discover-bad-email' });
  }
  return { local, domain };
}

/**
 * The WKD hash of a local part: z-base-32(SHA-1(lower-cased local part)). The draft lower-cases
 * ASCII only; so does this.
 */
export async function wkdHash(local) {
  const lower = String(local).replace(/[A-Z]+/g, (s) => s.toLowerCase());
  const digest = await subtle().digest('SHA-1', new TextEncoder().encode(lower));
  return zbase32(new Uint8Array(digest));
}

/**
 * The discovery URLs for an address: `{local, domain, hash, advanced, direct, securityTxt}`.
 * `?l=` carries the local part as written (percent-encoded), as the draft says.
 */
export async function discoveryUrls(email) {
  const { local, domain } = splitAddress(email);
  const hash = await wkdHash(local);
  const l = encodeURIComponent(local);
  return {
    local,
    domain,
    hash,
    advanced: `https://openpgpkey.${domain}/.well-known/openpgpkey/${domain}/hu/${hash}?l=${l}`,
    direct: `https://${domain}/.well-known/openpgpkey/hu/${hash}?l=${l}`,
    securityTxt: `https://${domain}/.well-known/security.txt`,
  };
}

/**
 * Parses a security.txt (RFC 9116). A signed file (OpenPGP cleartext signature, RFC 4880 §7)
 * is read from its signed text: the armor header lines and the signature block are dropped and
 * dash-escaped lines ("- -----…") restored; the signature itself is not checked here (the key
 * found is checked against the pin instead, which is stronger than trusting the file's signer).
 * Returns `{fields: [{name, value}], encryption: [string], expires: string|null, signed}`:
 * field names lower-cased, values trimmed, comments and unknown lines ignored.
 */
export function parseSecurityTxt(text) {
  let body = String(text).replace(/^\uFEFF/, '');
  let signed = false;
  const lines = body.split(/\r?\n/);
  const begin = lines.findIndex((l) => l.trimEnd() === '-----BEGIN PGP SIGNED MESSAGE-----');
  if (begin >= 0) {
    signed = true;
    // Armor headers ("Hash: SHA512") up to the first empty line, then the signed text up to the signature.
    let i = begin + 1;
    while (i < lines.length && lines[i].trim() !== '') i += 1;
    const rest = lines.slice(i + 1);
    const end = rest.findIndex((l) => l.trimEnd() === '-----BEGIN PGP SIGNATURE-----');
    body = (end >= 0 ? rest.slice(0, end) : rest).map((l) => (l.startsWith('- ') ? l.slice(2) : l)).join('\n');
  }
  const fields = [];
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line);
    if (m) fields.push({ name: m[1].toLowerCase(), value: m[2].trim() });
  }
  return {
    fields,
    encryption: fields.filter((f) => f.name === 'encryption' && f.value).map((f) => f.value),
    expires: fields.find((f) => f.name === 'expires')?.value ?? null,
    signed,
  };
}

const hex = (s) => String(s ?? '').replace(/\s/g, '').toUpperCase();

/** One failure of one request: caught by the search, recorded, never thrown out of discoverKey. */
class Miss extends Error {
  constructor(code, detail) {
    super(detail ?? code);
    this.code = code;
  }
}

/** Reads at most `max` bytes of a response body, or throws Miss('discover-too-large'). */
async function readCapped(response, max) {
  const declared = Number(response.headers?.get?.('content-length'));
  if (Number.isFinite(declared) && declared > max) throw new Miss('discover-too-large', `${declared} bytes, more than ${max}`);
  if (!response.body?.getReader) {
    const all = new Uint8Array(await response.arrayBuffer());
    if (all.length > max) throw new Miss('discover-too-large', `more than ${max} bytes`);
    return all;
  }
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw new Miss('discover-too-large', `more than ${max} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * GET `url` (https only), following redirects to https URLs only. Resolves to the body (at most
 * `max` bytes) and the final URL; throws Miss with a discover-* code.
 */
async function get(url, { fetch, timeout, max, signal, expired }) {
  let current = url;
  for (let hop = 0; hop <= DISCOVER_LIMITS.redirects; hop += 1) {
    const target = new URL(current);
    if (target.protocol !== 'https:') throw new Miss(hop ? 'discover-insecure-redirect' : 'discover-insecure-url', current);
    if (!publicHostName(target.hostname)) throw new Miss('discover-host-refused', current);
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeout);
    const stop = () => ctl.abort();
    signal?.addEventListener('abort', stop, { __proto__: null, once: true });
    // No referrerPolicy here: the host page's Referrer-Policy decides (the demo's: no-referrer).
    // (Setting it per request also makes Chromium report intercepted requests as aborted in tests.)
    // Dictionaries handed to the platform have no prototype: fetch() and addEventListener() read
    // every member they know (`integrity`, `signal`, `headers`…) through the prototype chain.
    const init = { __proto__: null, method: 'GET', credentials: 'omit', cache: 'no-store', signal: ctl.signal };
    try {
      let r = await fetch(current, { __proto__: null, ...init, redirect: 'manual' });
      if (r.type === 'opaqueredirect') {
        // A browser hides a redirect's Location: follow it, then judge where it ended.
        r = await fetch(current, { __proto__: null, ...init, redirect: 'follow' });
        if (r.url && new URL(r.url).protocol !== 'https:') throw new Miss('discover-insecure-redirect', r.url);
        if (r.url && !publicHostName(new URL(r.url).hostname)) throw new Miss('discover-host-refused', r.url);
      } else if (r.status >= 300 && r.status < 400) {
        const location = r.headers.get('location');
        if (!location) throw new Miss('discover-http', `HTTP ${r.status} without Location`);
        current = new URL(location, current).href;
        continue;
      }
      if (r.status === 404 || r.status === 410) throw new Miss('discover-not-found', `HTTP ${r.status}`);
      if (!r.ok) throw new Miss('discover-http', `HTTP ${r.status}`);
      return { bytes: await readCapped(r, max), url: r.url || current };
    } catch (e) {
      if (e instanceof Miss) throw e;
      if (expired?.()) throw new Miss('discover-timeout', 'the search took longer than its deadline');
      if (signal?.aborted) throw new Miss('discover-aborted', 'aborted');
      if (ctl.signal.aborted) throw new Miss('discover-timeout', `no answer within ${timeout} ms`);
      // DNS, TLS, connection, CORS or the page's Content-Security-Policy: a browser says only "Failed to fetch".
      throw new Miss('discover-network', e?.message ?? String(e));
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
    }
  }
  throw new Miss('discover-http', `more than ${DISCOVER_LIMITS.redirects} redirects`);
}

/** Which failure names the search's outcome when nothing was found: the most telling first. */
const PRIORITY = [
  'discover-impostor',
  'discover-key-refused',
  'discover-insecure-redirect',
  'discover-insecure-url',
  'discover-host-refused',
  'discover-too-large',
  'discover-timeout',
  'discover-network',
  'discover-http',
  'discover-aborted',
  'discover-not-found',
];

const SUMMARY = {
  'discover-impostor': 'a key was published for this address, but it is not the pinned key: refused',
  'discover-key-refused': 'the pinned key was found but cannot be used',
  'discover-insecure-redirect': 'a discovery URL redirected away from https: refused',
  'discover-insecure-url': 'security.txt names a key URL that is not https: refused',
  'discover-host-refused': 'a discovery URL names an IP address or a single-label host: refused',
  'discover-too-large': 'an answer was larger than a key can be: refused',
  'discover-timeout': 'the PSIRT’s servers did not answer in time',
  'discover-network': 'the PSIRT’s servers could not be reached (network, CORS, or this page’s Content-Security-Policy)',
  'discover-http': 'the PSIRT’s servers answered with an error',
  'discover-aborted': 'the search was cancelled',
  'discover-not-found': 'no key is published for this address (Web Key Directory or security.txt)',
};

/**
 * Looks up the key of `email` and returns the first candidate `verify` accepts:
 * `{key: Uint8Array, method, url, recipient, attempts}` (`recipient`: what `verify` returned).
 * `attempts` lists every request made, in order: `{method, url, code}` with code `found` or a
 * discover-* code (and `fingerprint` for an impostor, `cause` for a refused key).
 *
 * Options: `verify(bytes)` (required here; the package's `discoverKey` supplies loadRecipient with
 * the pin), `fetch` (default globalThis.fetch), `pin` (to judge `openpgp4fpr:` entries of
 * security.txt), `timeout` per request (ms), `signal` (AbortSignal), `methods` (a subset of
 * METHODS, in the order given).
 *
 * Throws KeyError with `code` discover-impostor, discover-not-found, discover-network, … (the most
 * telling failure, see PRIORITY) and `attempts`; InputError `discover-bad-email` for a bad address.
 */
export async function lookupKey(email, options = {}) {
  const verify = own(options, 'verify');
  const pin = own(options, 'pin');
  const fetchFn = own(options, 'fetch') ?? globalThis.fetch;
  if (typeof verify !== 'function') throw new InputError('lookupKey() needs options.verify(bytes), which checks a candidate against the pin', { code: 'input-type' });
  if (typeof fetchFn !== 'function') throw new InputError('key discovery needs fetch (Node 20 or later, or options.fetch)', { code: 'discover-unsupported' });
  const perRequest = own(options, 'timeout');
  const timeout = Number.isFinite(perRequest) && perRequest > 0 ? perRequest : DISCOVER_LIMITS.timeoutMs;
  const total = own(options, 'deadline');
  if (total !== undefined && !(Number.isFinite(total) && total > 0)) {
    throw new InputError('lookupKey(): options.deadline must be a positive number of milliseconds', { code: 'input-type' });
  }
  const methods = own(options, 'methods') ?? METHODS;
  // One deadline for the whole search (every request and redirect of every method), on top of
  // the per-request timeout: the caller's signal or the deadline, whichever comes first, stops it.
  const deadline = new AbortController();
  const deadlineTimer = setTimeout(() => deadline.abort(), total ?? DISCOVER_LIMITS.deadlineMs);
  const callerSignal = own(options, 'signal');
  const signal = anySignal(callerSignal, deadline.signal);
  const expired = () => deadline.signal.aborted && !callerSignal?.aborted;
  try {
    return await search(email, { verify, pin, fetchFn, timeout, methods, signal, expired });
  } finally {
    clearTimeout(deadlineTimer);
  }
}

/** A signal aborted when either is (AbortSignal.any where it exists). */
function anySignal(a, b) {
  if (!a) return b;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const ctl = new AbortController();
  const stop = () => ctl.abort();
  if (a.aborted || b.aborted) stop();
  a.addEventListener('abort', stop, { __proto__: null, once: true });
  b.addEventListener('abort', stop, { __proto__: null, once: true });
  return ctl.signal;
}

async function search(email, { verify, pin, fetchFn, timeout, methods, signal, expired }) {
  const urls = await discoveryUrls(email);
  const fetch = (url, init) => fetchFn(url, init);
  const attempts = [];

  /** Fetches and verifies one candidate; returns the result or null (the attempt recorded). */
  const tryKey = async (method, url) => {
    const attempt = { method, url, code: 'found' };
    attempts.push(attempt);
    try {
      const { bytes, url: final } = await get(url, { fetch, timeout, max: DISCOVER_LIMITS.keyBytes, signal, expired });
      if (bytes.length === 0) throw new Miss('discover-not-found', 'empty answer');
      let recipient;
      try {
        recipient = await verify(bytes);
      } catch (e) {
        if (e?.code === 'key-fingerprint-mismatch') {
          // The core's message names the key received first, then the pin.
          const [found] = String(e.message).match(/\b[0-9A-Fa-f]{4}(?: ?[0-9A-Fa-f]{4}){9,15}\b/g) ?? [];
          attempt.fingerprint = found ? hex(found) : null;
          throw new Miss('discover-impostor', e.message);
        }
        attempt.cause = { code: e?.code ?? 'key', message: e?.message ?? String(e) };
        throw new Miss('discover-key-refused', e?.message);
      }
      return { key: bytes, method, url: final, recipient, attempts };
    } catch (e) {
      if (!(e instanceof Miss)) throw e;
      attempt.code = e.code;
      attempt.detail = e.message;
      return null;
    }
  };

  for (const method of methods) {
    if (signal?.aborted) {
      if (expired()) attempts.push({ method, url: '', code: 'discover-timeout', detail: 'the search took longer than its deadline' });
      break;
    }
    if (method === 'wkd-advanced' || method === 'wkd-direct') {
      const found = await tryKey(method, method === 'wkd-advanced' ? urls.advanced : urls.direct);
      if (found) return found;
      continue;
    }
    if (method !== 'security-txt') throw new InputError(`unknown discovery method ${JSON.stringify(method)}; known: ${METHODS.join(', ')}`, { code: 'input-type' });
    const attempt = { method, url: urls.securityTxt, code: 'found' };
    attempts.push(attempt);
    let parsed;
    try {
      const { bytes } = await get(urls.securityTxt, { fetch, timeout, max: DISCOVER_LIMITS.securityTxtBytes, signal, expired });
      parsed = parseSecurityTxt(new TextDecoder().decode(bytes));
    } catch (e) {
      if (!(e instanceof Miss)) throw e;
      attempt.code = e.code;
      attempt.detail = e.message;
      continue;
    }
    if (parsed.encryption.length === 0) {
      attempt.code = 'discover-not-found';
      attempt.detail = 'security.txt has no Encryption field';
      continue;
    }
    attempt.code = 'read';
    for (const value of parsed.encryption.slice(0, 10)) {
      const fpr = /^openpgp4fpr:([0-9A-Fa-f\s]+)$/i.exec(value);
      if (fpr) {
        // A fingerprint, not a key: nothing to fetch. Reported, and compared with the pin.
        const same = pin ? hex(fpr[1]) === hex(pin) : null;
        attempts.push({ method, url: value, code: same === false ? 'discover-impostor' : 'discover-fingerprint-only', fingerprint: hex(fpr[1]) });
        continue;
      }
      let url;
      try {
        url = new URL(value);
      } catch {
        attempts.push({ method, url: value, code: 'discover-unsupported-uri' });
        continue;
      }
      if (url.protocol !== 'https:') {
        attempts.push({ method, url: value, code: url.protocol === 'http:' ? 'discover-insecure-url' : 'discover-unsupported-uri' });
        continue;
      }
      const found = await tryKey(method, url.href);
      if (found) return found;
    }
  }
  const codes = new Set(attempts.map((a) => a.code));
  const code = PRIORITY.find((c) => codes.has(c)) ?? 'discover-not-found';
  const error = new KeyError(`No usable key found for ${urls.local}@${urls.domain}: ${SUMMARY[code]}.`, { code });
  error.attempts = attempts;
  throw error;
}
