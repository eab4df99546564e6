/**
 * Browser (and bundler) entry of psirt-report. The WebAssembly module is
 * loaded by `init()`; every other function throws a `NotInitializedError`
 * (code `not-initialized`) until that has finished, and `ready` resolves then:
 *
 *   import { init, validate } from 'psirt-report';
 *   await init();                                  // wasm/psirt_report_bg.wasm beside the glue
 *   await init({ wasmUrl: 'https://cdn.example/psirt_report_bg.wasm' });   // a CDN
 *   await init({ module: bytesOrCompiledModuleOrResponse });
 *   await init({ wasmUrl, integrity: 'sha256-…' });   // refuse any other module (SRI string)
 *
 * The PSIRT's pinned fingerprint lives inside the WebAssembly module, so a site that serves the
 * module from elsewhere (a CDN) should pass the module's expected SHA-256, as an SRI string
 * (`integrity: 'sha256-BASE64'`) or hex (`sha256: 'HEX'`): `init` then hashes the bytes before
 * instantiating them and rejects with code `init-integrity-mismatch` when they differ. A compiled
 * `WebAssembly.Module` cannot be hashed: with an expected hash it is refused
 * (`init-integrity-unverifiable`).
 *
 * The default URL is written `new URL('psirt_report_bg.wasm', import.meta.url)`
 * inside the glue, so Vite, webpack and Rollup emit the `.wasm` as an asset.
 */

import initWasm, * as glue from './wasm/psirt_report.js';
import { install, installed } from './internal.js';
import { PsirtError, InputError } from './errors.js';

let pending = null;
let markReady;

/** Resolves once `init()` has finished (it does not start it). */
export const ready = new Promise((resolve) => {
  markReady = resolve;
});

/** An own property of an options object (never one inherited from a polluted prototype). */
function own(obj, name) {
  return obj !== null && typeof obj === 'object' && Object.hasOwn(obj, name) ? obj[name] : undefined;
}

/** The expected SHA-256 of the module, as bytes, from `integrity` (SRI) or `sha256` (hex); or null. */
function expectedDigest(options) {
  const sri = own(options, 'integrity');
  const hex = own(options, 'sha256');
  if (sri === undefined && hex === undefined) return null;
  if (sri !== undefined) {
    const m = typeof sri === 'string' ? /^\s*sha256-([A-Za-z0-9+/]{43}=)\s*$/.exec(sri) : null;
    if (m === null) {
      throw new InputError('init(): integrity must be an SRI string "sha256-<base64 of 32 bytes>"', {
        code: 'input-type',
      });
    }
    return Uint8Array.from(atob(m[1]), (c) => c.charCodeAt(0));
  }
  if (typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new InputError('init(): sha256 must be 64 hexadecimal digits', { code: 'input-type' });
  }
  return Uint8Array.from(hex.match(/../g), (h) => parseInt(h, 16));
}

/** The module's bytes from what `init()` was given, to hash them (undefined: the default URL). */
async function bytesOf(from) {
  if (typeof WebAssembly !== 'undefined' && from instanceof WebAssembly.Module) {
    throw new PsirtError('init(): a compiled WebAssembly.Module cannot be checked against an expected hash; pass its bytes or URL', {
      code: 'init-integrity-unverifiable',
    });
  }
  let value = await from;
  if (value === undefined) value = new URL('./wasm/psirt_report_bg.wasm', import.meta.url);
  if (typeof value === 'string' || value instanceof URL || (typeof Request !== 'undefined' && value instanceof Request)) {
    value = await fetch(value);
  }
  if (typeof Response !== 'undefined' && value instanceof Response) {
    if (!value.ok) throw new Error(`HTTP ${value.status} for ${value.url}`);
    value = await value.arrayBuffer();
  }
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new InputError('init(): cannot read the module to check its hash', { code: 'input-type' });
}

/** Hashes `bytes` and compares with `expected`; throws `init-integrity-mismatch` when they differ. */
async function checkDigest(bytes, expected) {
  const got = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  if (got.length !== expected.length || got.some((b, i) => b !== expected[i])) {
    const b64 = btoa(String.fromCharCode(...got));
    throw new PsirtError(`psirt-report: the WebAssembly module is not the expected one (its hash is sha256-${b64})`, {
      code: 'init-integrity-mismatch',
    });
  }
}

/** What `init()` was given → what the wasm-bindgen glue takes (undefined: its default URL). */
function source(options) {
  if (options === undefined || options === null) return undefined;
  const direct =
    typeof options === 'string' ||
    options instanceof URL ||
    options instanceof ArrayBuffer ||
    ArrayBuffer.isView(options) ||
    (typeof WebAssembly !== 'undefined' && options instanceof WebAssembly.Module) ||
    (typeof Response !== 'undefined' && options instanceof Response) ||
    (typeof Request !== 'undefined' && options instanceof Request) ||
    typeof options.then === 'function';
  if (direct) return options;
  if (typeof options === 'object') {
    if (own(options, 'module') !== undefined) return own(options, 'module');
    if (own(options, 'wasmUrl') !== undefined) return own(options, 'wasmUrl');
    return undefined;
  }
  throw new InputError(`init() takes {wasmUrl} or {module}, not ${typeof options}`, { code: 'input-type' });
}

/**
 * Load and initialise the WebAssembly module. Safe to call more than once
 * (later calls return the first call's promise); after a failure, calling it
 * again retries.
 * @param {{wasmUrl?: string|URL, module?: WebAssembly.Module|BufferSource|Response, integrity?: string,
 *   sha256?: string}|string|URL|BufferSource} [options]
 *   `integrity` (`sha256-BASE64`) or `sha256` (hex): the module's expected SHA-256; any other
 *   module is refused (`init-integrity-mismatch`) before it is instantiated
 * @returns {Promise<void>}
 */
export function init(options) {
  if (installed() !== null) {
    markReady();
    return Promise.resolve();
  }
  if (pending === null) {
    let from;
    let expected;
    try {
      from = source(options);
      expected = expectedDigest(options);
    } catch (e) {
      return Promise.reject(e);
    }
    const load = async () => {
      if (expected === null) return initWasm(from === undefined ? undefined : { module_or_path: from });
      const bytes = await bytesOf(from);
      await checkDigest(bytes, expected);
      return initWasm({ module_or_path: bytes });
    };
    pending = load().then(
      () => {
        install(glue);
        markReady();
      },
      (e) => {
        pending = null;
        if (e instanceof PsirtError) throw e;
        throw new PsirtError(`psirt-report: cannot load the WebAssembly module: ${e?.message ?? e}`, {
          code: 'init-failed',
          cause: e,
        });
      },
    );
  }
  return pending;
}

export * from './index.js';
export * from './errors.js';
