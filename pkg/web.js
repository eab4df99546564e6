/**
 * Browser (and bundler) entry of psirt-report. Three WebAssembly modules: the *core* (validate,
 * scan, redact, schema, profile, triage), the *seal* module (loadRecipient, seal, renderText),
 * which a page needs only to encrypt, and the *open* module (the seal module plus open, openAll,
 * generateKey: the PSIRT's side), loaded only by `init({ open: true })`. `init()` loads the first
 * two; every function throws a `NotInitializedError` (code `not-initialized`) until its module is
 * in, and `ready` resolves once both are:
 *
 *   import { init, validate, seal } from 'psirt-report';
 *   await init();                                  // resolves with the core (validate, scan…);
 *                                                  // the seal module loads when the page is idle
 *   await seal(report, { key });                   // loads the seal module now if it is not in
 *                                                  // yet; the bulk AES on WebCrypto
 *   await ready;                                   // both in (loadRecipient, renderText… are
 *                                                  // synchronous: they need the seal module)
 *   await init({ seal: 'eager' });                 // resolves once both are in
 *   await init({ wasmUrl: 'https://cdn.example/psirt_report_bg.wasm',
 *                sealWasmUrl: 'https://cdn.example/psirt_report_seal_bg.wasm' });   // a CDN
 *   await init({ module: bytesOrCompiledModuleOrResponse, sealModule: … });
 *   await init({ integrity: 'sha256-…', sealIntegrity: 'sha256-…' });   // refuse any other modules
 *
 * The PSIRT's pinned fingerprint and the key policy live inside the WebAssembly modules, so a
 * site that serves them from elsewhere (a CDN) should pass each module's expected SHA-256, as an
 * SRI string (`integrity` for the core, `sealIntegrity` for the seal module) or hex (`sha256`,
 * `sealSha256`); `make wasm` and `make reproducible` print them. `init` then hashes the bytes
 * before instantiating them and rejects with code `init-integrity-mismatch` when they differ.
 * Pinning one module and not the other is refused (`input-type`): the unpinned one could be
 * swapped. A compiled `WebAssembly.Module` cannot be hashed: with an expected hash it is refused
 * (`init-integrity-unverifiable`).
 *
 * The default URLs are written `new URL('psirt_report_bg.wasm', import.meta.url)` (and
 * `psirt_report_seal_bg.wasm`) inside the glue, so Vite, webpack and Rollup emit both `.wasm`
 * files as assets. The core functions work as soon as `init()` resolves; `seal()` (asynchronous
 * in browsers) waits for the seal module or loads it; the synchronous functions of the seal
 * module (loadRecipient, loadReporterKey, renderText, limits) work once `ready` has resolved.
 */

import * as glue from './wasm/psirt_report.js';
import { install, installed } from './lib/registry.js';
import { PsirtError, InputError, NotInitializedError } from './lib/errors.js';
import { own } from './lib/own.js';
import { sealAsync as sealWithWebCrypto } from './index.js';
// What index.js imports, named here too so that the browser requests them with index.js, not
// one round trip after it: the graph before the first validate() is two levels deep.
import './lib/wasm-call.js';
import './lib/seal.js';
import './lib/open.js';
import './lib/cve.js';
import './lib/discover.js';
import './lib/stamp.js';
// The seal and open modules' glue is imported when that module loads (`loadSeal`, `loadOpen`):
// a page's first validate() waits for neither.

let sealFrom;
let sealDigest = null;
/** The JavaScript core's sources and expected hashes (used only where WebAssembly is off). */
const jsFrom = { core: undefined, seal: undefined };
const jsDigest = { core: null, seal: null };
let wasmPinned = false;
let idleScheduled = false;
let markReady;

/** Resolves once `init()` has loaded both modules (it does not start it). */
export const ready = new Promise((resolve) => {
  markReady = resolve;
});


/** The expected SHA-256 of the module, as bytes, from `integrity` (SRI) or `sha256` (hex); or null. */
function expectedDigest(sri, hex, sriName, hexName) {
  if (sri === undefined && hex === undefined) return null;
  if (sri !== undefined) {
    const m = typeof sri === 'string' ? /^\s*sha256-([A-Za-z0-9+/]{43}=)\s*$/.exec(sri) : null;
    if (m === null) {
      throw new InputError(`init(): ${sriName} must be an SRI string "sha256-<base64 of 32 bytes>"`, {
        code: 'input-type',
      });
    }
    return Uint8Array.from(atob(m[1]), (c) => c.charCodeAt(0));
  }
  if (typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new InputError(`init(): ${hexName} must be 64 hexadecimal digits`, { code: 'input-type' });
  }
  return Uint8Array.from(hex.match(/../g), (h) => parseInt(h, 16));
}

/** The module's bytes from what `init()` was given, to hash them (undefined: the default URL). */
async function bytesOf(from, defaultUrl) {
  if (typeof WebAssembly !== 'undefined' && from instanceof WebAssembly.Module) {
    throw new PsirtError('init(): a compiled WebAssembly.Module cannot be checked against an expected hash; pass its bytes or URL', {
      code: 'init-integrity-unverifiable',
    });
  }
  let value = await from;
  if (value === undefined) value = defaultUrl;
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
async function checkDigest(bytes, expected, what = 'WebAssembly module') {
  const got = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  if (got.length !== expected.length || got.some((b, i) => b !== expected[i])) {
    const b64 = btoa(String.fromCharCode(...got));
    throw new PsirtError(`psirt-report: the ${what} is not the expected one (its hash is sha256-${b64})`, {
      code: 'init-integrity-mismatch',
    });
  }
}

function isDirect(options) {
  return (
    typeof options === 'string' ||
    options instanceof URL ||
    options instanceof ArrayBuffer ||
    ArrayBuffer.isView(options) ||
    (typeof WebAssembly !== 'undefined' && options instanceof WebAssembly.Module) ||
    (typeof Response !== 'undefined' && options instanceof Response) ||
    (typeof Request !== 'undefined' && options instanceof Request) ||
    options instanceof Promise ||
    typeof own(options, 'then') === 'function'
  );
}

/**
 * What `init()` was given → what each wasm-bindgen glue takes (undefined: its default URL), and
 * when to load the seal module.
 */
function sources(options) {
  const none = {
    core: undefined,
    seal: undefined,
    idle: true,
    coreDigest: null,
    sealDigest: null,
    open: false,
    openFrom: undefined,
    openDigest: null,
    jsCore: undefined,
    jsSeal: undefined,
    jsCoreDigest: null,
    jsSealDigest: null,
  };
  if (options === undefined || options === null) return none;
  if (isDirect(options)) return { ...none, core: options };
  if (typeof options === 'object') {
    const when = own(options, 'seal');
    if (when !== undefined && when !== 'idle' && when !== 'eager') {
      throw new InputError(`init(): option seal must be 'eager' or 'idle'`, { code: 'input-type' });
    }
    const core = expectedDigest(own(options, 'integrity'), own(options, 'sha256'), 'integrity', 'sha256');
    const seal = expectedDigest(own(options, 'sealIntegrity'), own(options, 'sealSha256'), 'sealIntegrity', 'sealSha256');
    if ((core === null) !== (seal === null)) {
      throw new InputError(
        'init(): give the expected hash of both modules (integrity and sealIntegrity, or sha256 and sealSha256), not of one',
        { code: 'input-type' },
      );
    }
    const wantOpen = own(options, 'open');
    if (wantOpen !== undefined && typeof wantOpen !== 'boolean') {
      throw new InputError('init(): option open must be true or false', { code: 'input-type' });
    }
    const openDigest = expectedDigest(own(options, 'openIntegrity'), own(options, 'openSha256'), 'openIntegrity', 'openSha256');
    if (wantOpen === true && core !== null && openDigest === null) {
      // Its own code, so the form can tell the reporter why it cannot make a key on this page.
      throw new InputError('init(): with expected hashes, give the open module\'s too (openIntegrity or openSha256)', {
        code: 'init-integrity-open-unpinned',
      });
    }
    const jsCore = expectedDigest(own(options, 'jsIntegrity'), own(options, 'jsSha256'), 'jsIntegrity', 'jsSha256');
    const jsSeal = expectedDigest(own(options, 'jsSealIntegrity'), own(options, 'jsSealSha256'), 'jsSealIntegrity', 'jsSealSha256');
    if ((jsCore === null) !== (jsSeal === null)) {
      throw new InputError('init(): give the expected hash of both JavaScript modules (jsIntegrity and jsSealIntegrity), not of one', {
        code: 'input-type',
      });
    }
    return {
      jsCore: own(options, 'jsUrl'),
      jsSeal: own(options, 'jsSealUrl'),
      jsCoreDigest: jsCore,
      jsSealDigest: jsSeal,
      core: own(options, 'module') ?? own(options, 'wasmUrl'),
      seal: own(options, 'sealModule') ?? own(options, 'sealWasmUrl'),
      // What the first call needs first: the core; the seal module when idle (or on `seal()`).
      idle: when !== 'eager',
      coreDigest: core,
      sealDigest: seal,
      open: wantOpen === true,
      openFrom: own(options, 'openModule') ?? own(options, 'openWasmUrl'),
      openDigest,
    };
  }
  throw new InputError(`init() takes {wasmUrl, sealWasmUrl} or {module, sealModule}, not ${typeof options}`, {
    code: 'input-type',
  });
}

function failed(what, e) {
  return new PsirtError(`psirt-report: cannot load the ${what}: ${e?.message ?? e}`, {
    code: 'init-failed',
    cause: e,
  });
}

/** Instantiates with `glueInit`, after checking the bytes against `expected` when there is one. */
async function instantiate(glueInit, from, expected, defaultUrl) {
  if (expected === null) return glueInit(from === undefined ? undefined : { module_or_path: from });
  const bytes = await bytesOf(from, defaultUrl);
  await checkDigest(bytes, expected);
  return glueInit({ module_or_path: bytes });
}

function rethrow(what, e) {
  return e instanceof PsirtError ? e : failed(what, e);
}

/** Each module's loading in flight (shared by concurrent calls; cleared when it fails). */
const pending = { core: null, seal: null, open: null };

/**
 * Loads one module once: checks its bytes against `expected` (when given), instantiates it with
 * its glue and installs the glue's functions. `what` names it in errors; `file` is its default
 * name beside the glue, read from the disk (`defaultSource`) when `fromDisk` and no source is given.
 */
function loadModule(kind, { glue: glueOf, file, what, fromDisk, from, expected, then }) {
  if (installed(kind) !== null) return Promise.resolve();
  if (pending[kind] === null && !wasmRuns()) {
    pending[kind] = loadJs(kind).then(
      (ns) => {
        install(ns, kind);
        then?.();
      },
      (e) => {
        pending[kind] = null;
        throw rethrow(`${what} as JavaScript (WebAssembly is off in this browser)`, e);
      },
    );
  }
  if (pending[kind] === null) {
    try {
      if (fromDisk) from ??= defaultSource(file);
    } catch (e) {
      return Promise.reject(failed(what, e));
    }
    pending[kind] = glueOf()
      .then(async (ns) => {
        await instantiate(ns.default, from, expected, new URL(`./wasm/${file}`, import.meta.url));
        install(ns, kind);
        then?.();
      })
      .catch((e) => {
        pending[kind] = null;
        throw rethrow(what, e);
      });
  }
  return pending[kind];
}

function loadCore(from, expected) {
  return loadModule('core', { glue: async () => glue, file: 'psirt_report_bg.wasm', what: 'WebAssembly module', fromDisk: true, from, expected });
}

let wasmWorks = null;
/**
 * Whether this engine runs WebAssembly: the object exists and compiles the smallest module. False
 * in Tor Browser's "Safer" level, Chromium with --jitless, under a policy that disables it, or
 * where the page's CSP refuses to compile it: then the core and the seal module load as
 * JavaScript (wasm2js, `make jscore`), never otherwise. Decided once.
 */
function wasmRuns() {
  if (wasmWorks === null) {
    try {
      wasmWorks =
        typeof WebAssembly === 'object' &&
        WebAssembly !== null &&
        new WebAssembly.Module(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0)) instanceof WebAssembly.Module;
    } catch {
      wasmWorks = false;
    }
  }
  return wasmWorks;
}

/**
 * The JavaScript variants of the modules (the open module has none: no decryption, no key
 * generation). Written `new URL('…', import.meta.url)` literally, as the glue writes the wasm's,
 * so bundlers (Vite, webpack, Rollup) emit them as assets and rewrite the URLs.
 */
const JS_FILES = {
  core: () => new URL('./jscore/psirt_report_js_core.js', import.meta.url),
  seal: () => new URL('./jscore/psirt_report_js_seal.js', import.meta.url),
};

/**
 * Loads the JavaScript variant of module `kind` and instantiates it. With an expected hash the
 * file is fetched, hashed, and exactly those bytes are imported (from a blob: URL, which the
 * worker's CSP must then allow in script-src); without one, it is imported by URL. When the
 * WebAssembly modules are pinned and the JavaScript ones are not, it refuses: the unpinned code
 * could be swapped.
 */
async function loadJs(kind) {
  if (kind !== 'core' && kind !== 'seal') {
    throw new PsirtError('psirt-report: opening messages and generating keys need WebAssembly, which this browser has switched off', {
      code: 'no-webassembly',
    });
  }
  const url = jsFrom[kind] !== undefined ? new URL(jsFrom[kind], import.meta.url) : JS_FILES[kind]();
  const expected = jsDigest[kind];
  if (expected === null && wasmPinned) {
    throw new PsirtError('init(): the WebAssembly modules are pinned but the JavaScript core is not: pass jsIntegrity and jsSealIntegrity too', {
      code: 'init-integrity-unverifiable',
    });
  }
  let ns;
  if (expected === null) {
    ns = await import(/* @vite-ignore */ url.href);
  } else {
    const bytes = await bytesOf(url.href);
    await checkDigest(bytes, expected, 'JavaScript core');
    const blobUrl = URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' }));
    try {
      ns = await import(/* @vite-ignore */ blobUrl);
    } finally {
      URL.revokeObjectURL(blobUrl);
    }
  }
  ns.initJs();
  return ns;
}

/**
 * A module's default source: beside the glue; read from the disk when this entry runs from a
 * file (Node, tests), where `fetch` cannot read `file:` URLs.
 */
function defaultSource(file) {
  const url = new URL(`./wasm/${file}`, import.meta.url);
  const fs = url.protocol === 'file:' ? globalThis.process?.getBuiltinModule?.('node:fs') : undefined;
  return fs ? fs.readFileSync(url) : undefined;
}

function loadSeal() {
  return loadModule('seal', {
    glue: () => import('./wasm/psirt_report_seal.js'),
    file: 'psirt_report_seal_bg.wasm',
    what: 'sealing WebAssembly module',
    fromDisk: true,
    from: sealFrom,
    expected: sealDigest,
    then: () => {
      if (installed('core') !== null) markReady();
    },
  });
}

/** The open module (the seal module + open, openAll): the PSIRT's side, loaded on request. */
function loadOpen(from, expected) {
  return loadModule('open', {
    glue: () => import('./wasm/psirt_report_open.js'),
    file: 'psirt_report_open_bg.wasm',
    what: 'opening WebAssembly module',
    fromDisk: true,
    from,
    expected,
  });
}

/** Loads the seal module when the page (or worker) has nothing else to do. */
function loadSealWhenIdle() {
  if (idleScheduled || installed('seal') !== null) return;
  idleScheduled = true;
  const run = () => {
    idleScheduled = false;
    // A failure here is not reported: the next `init()` (or sealing call in the worker) retries.
    loadSeal().catch(() => {});
  };
  if (typeof globalThis.requestIdleCallback === 'function') globalThis.requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 50);
}

/**
 * Load and initialise the WebAssembly modules: the core at once (the returned promise resolves
 * when it is in), the seal module when the page is idle, or on the first `seal()` (default
 * `seal: 'idle'`); `seal: 'eager'` resolves once both are in. Safe to call more than once (later
 * calls share the first call's loading); after a failure, calling it again retries.
 * @param {{wasmUrl?: string|URL, module?: WebAssembly.Module|BufferSource|Response,
 *   sealWasmUrl?: string|URL, sealModule?: WebAssembly.Module|BufferSource|Response,
 *   seal?: 'eager'|'idle', integrity?: string, sha256?: string, sealIntegrity?: string,
 *   sealSha256?: string}|string|URL|BufferSource} [options]
 *   `seal: 'idle'`: resolve once the core is loaded, and load the seal module when idle;
 *   `integrity`/`sha256` and `sealIntegrity`/`sealSha256`: each module's expected SHA-256 (both or
 *   neither); any other module is refused (`init-integrity-mismatch`) before it is instantiated;
 *   `open: true` (with `openWasmUrl`/`openModule`, `openIntegrity`/`openSha256`): also the open
 *   module, for open() and openAll() (the PSIRT's side; a reporter's page never needs it)
 * @returns {Promise<void>}
 */
export function init(options) {
  let from;
  try {
    from = sources(options);
  } catch (e) {
    return Promise.reject(e);
  }
  if (installed('core') !== null && installed('seal') !== null && (!from.open || installed('open') !== null)) {
    markReady();
    return Promise.resolve();
  }
  if (pending.seal === null && installed('seal') === null) {
    if (from.seal !== undefined) sealFrom = from.seal;
    if (from.sealDigest !== null) sealDigest = from.sealDigest;
  }
  if (pending.core === null && installed('core') === null) {
    if (from.coreDigest !== null) wasmPinned = true;
    if (from.jsCore !== undefined) jsFrom.core = String(from.jsCore);
    if (from.jsCoreDigest !== null) jsDigest.core = from.jsCoreDigest;
  }
  if (pending.seal === null && installed('seal') === null) {
    if (from.jsSeal !== undefined) jsFrom.seal = String(from.jsSeal);
    if (from.jsSealDigest !== null) jsDigest.seal = from.jsSealDigest;
  }
  const core = loadCore(from.core, from.coreDigest);
  if (from.idle && !from.open) {
    return core.then(() => loadSealWhenIdle());
  }
  // All at once: the downloads overlap, and the core is installed (usable) as soon as it is in.
  const seal = loadSeal();
  seal.catch(() => {});
  const open = from.open ? loadOpen(from.openFrom, from.openDigest) : Promise.resolve();
  open.catch(() => {});
  return Promise.all([core, seal, open]).then(() => markReady());
}

/**
 * Validate a report, then encrypt it to the pinned PSIRT key (see index.js `seal`), in the
 * browser: asynchronous, so that the bulk AES runs on WebCrypto (AES-CBC driven as CFB,
 * webcrypto-seal.js) and the seal module loads here if `init()` has not brought it in yet. Where
 * there is no WebCrypto, and for v6 keys, the module's own cipher. Errors reject the promise.
 * @param {object|string|Uint8Array} report
 * @param {object} options  as index.js `seal`'s
 * @returns {Promise<object>} the Sealed result
 */
export async function seal(report, options) {
  if (installed('core') === null) {
    if (pending.core === null) throw new NotInitializedError('psirt-report is not initialised: call `await init()` before using it');
    await pending.core;
  }
  if (installed('seal') === null) await loadSeal();
  return sealWithWebCrypto(report, options);
}

/** `seal()`, by its former name in browsers (the same function). */
export { seal as sealAsync };

export * from './index.js';
export * from './lib/errors.js';
