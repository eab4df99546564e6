/**
 * Browser (and bundler) entry of psirt-report. Two WebAssembly modules (issue #11): the *core*
 * (validate, scan, redact, schema, profile, triage) and the *seal* module (loadRecipient, seal,
 * open), which a page needs only to encrypt. `init()` loads them; every function throws a
 * `NotInitializedError` (code `not-initialized`) until its module is in, and `ready` resolves
 * once both are:
 *
 *   import { init, validate } from 'psirt-report';
 *   await init();                                  // both, from wasm/ beside the glue
 *   await init({ seal: 'idle' });                  // resolves with the core; the seal module
 *                                                  // loads when the page is idle (a later
 *                                                  // `await init()` waits for it, or loads it now)
 *   await init({ wasmUrl: 'https://cdn.example/psirt_report_bg.wasm',
 *                sealWasmUrl: 'https://cdn.example/psirt_report_seal_bg.wasm' });   // a CDN
 *   await init({ module: bytesOrCompiledModuleOrResponse, sealModule: … });
 *
 * The default URLs are written `new URL('psirt_report_bg.wasm', import.meta.url)` (and
 * `psirt_report_seal_bg.wasm`) inside the glue, so Vite, webpack and Rollup emit both `.wasm`
 * files as assets. With `init({ seal: 'idle' })` the core functions work as soon as the returned
 * promise resolves; the core functions also work during a plain `init()`, once the core is in.
 */

import initWasm, * as glue from './wasm/psirt_report.js';
import initSeal, * as sealGlue from './wasm/psirt_report_seal.js';
import { install, installed } from './internal.js';
import { PsirtError, InputError } from './errors.js';

let corePending = null;
let sealPending = null;
let sealFrom;
let idleScheduled = false;
let markReady;

/** Resolves once `init()` has loaded both modules (it does not start it). */
export const ready = new Promise((resolve) => {
  markReady = resolve;
});

function isDirect(options) {
  return (
    typeof options === 'string' ||
    options instanceof URL ||
    options instanceof ArrayBuffer ||
    ArrayBuffer.isView(options) ||
    (typeof WebAssembly !== 'undefined' && options instanceof WebAssembly.Module) ||
    (typeof Response !== 'undefined' && options instanceof Response) ||
    (typeof Request !== 'undefined' && options instanceof Request) ||
    typeof options.then === 'function'
  );
}

/**
 * What `init()` was given → what each wasm-bindgen glue takes (undefined: its default URL), and
 * when to load the seal module.
 */
function sources(options) {
  if (options === undefined || options === null) return { core: undefined, seal: undefined, idle: false };
  if (isDirect(options)) return { core: options, seal: undefined, idle: false };
  if (typeof options === 'object') {
    if (options.seal !== undefined && options.seal !== 'idle' && options.seal !== 'eager') {
      throw new InputError(`init(): option seal must be 'eager' or 'idle'`, { code: 'input-type' });
    }
    return {
      core: options.module ?? options.wasmUrl,
      seal: options.sealModule ?? options.sealWasmUrl,
      idle: options.seal === 'idle',
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

function loadCore(from) {
  if (installed('core') !== null) return Promise.resolve();
  if (corePending === null) {
    corePending = initWasm(from === undefined ? undefined : { module_or_path: from }).then(
      () => install(glue, 'core'),
      (e) => {
        corePending = null;
        throw failed('WebAssembly module', e);
      },
    );
  }
  return corePending;
}

/**
 * The seal module's default source: the glue's own URL, beside it; read from the disk when this
 * entry runs from a file (Node, tests), where `fetch` cannot read `file:` URLs.
 */
function defaultSealSource() {
  const url = new URL('./wasm/psirt_report_seal_bg.wasm', import.meta.url);
  const fs = url.protocol === 'file:' ? globalThis.process?.getBuiltinModule?.('node:fs') : undefined;
  return fs ? fs.readFileSync(url) : undefined;
}

function loadSeal() {
  if (installed('seal') !== null) return Promise.resolve();
  if (sealPending === null) {
    let from = sealFrom;
    try {
      from ??= defaultSealSource();
    } catch (e) {
      return Promise.reject(failed('sealing WebAssembly module', e));
    }
    sealPending = initSeal(from === undefined ? undefined : { module_or_path: from }).then(
      () => {
        install(sealGlue, 'seal');
        if (installed('core') !== null) markReady();
      },
      (e) => {
        sealPending = null;
        throw failed('sealing WebAssembly module', e);
      },
    );
  }
  return sealPending;
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
 * Load and initialise the WebAssembly modules. Safe to call more than once (later calls share
 * the first call's loading); after a failure, calling it again retries.
 * @param {{wasmUrl?: string|URL, module?: WebAssembly.Module|BufferSource|Response,
 *   sealWasmUrl?: string|URL, sealModule?: WebAssembly.Module|BufferSource|Response,
 *   seal?: 'eager'|'idle'}|string|URL|BufferSource} [options]
 *   `seal: 'idle'`: resolve once the core is loaded, and load the seal module when idle
 * @returns {Promise<void>}
 */
export function init(options) {
  if (installed('core') !== null && installed('seal') !== null) {
    markReady();
    return Promise.resolve();
  }
  let from;
  try {
    from = sources(options);
  } catch (e) {
    return Promise.reject(e);
  }
  if (sealPending === null && installed('seal') === null && from.seal !== undefined) sealFrom = from.seal;
  const core = loadCore(from.core);
  if (from.idle) {
    return core.then(() => loadSealWhenIdle());
  }
  // Both at once: the downloads overlap, and the core is installed (usable) as soon as it is in.
  const seal = loadSeal();
  seal.catch(() => {});
  return Promise.all([core, seal]).then(() => markReady());
}

export * from './index.js';
export * from './errors.js';
