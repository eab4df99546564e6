/**
 * Browser (and bundler) entry of psirt-report. The WebAssembly module is
 * loaded by `init()`; every other function throws a `NotInitializedError`
 * (code `not-initialized`) until that has finished, and `ready` resolves then:
 *
 *   import { init, validate } from 'psirt-report';
 *   await init();                                  // wasm/psirt_report_bg.wasm beside the glue
 *   await init({ wasmUrl: 'https://cdn.example/psirt_report_bg.wasm' });   // a CDN
 *   await init({ module: bytesOrCompiledModuleOrResponse });
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
    if (options.module !== undefined) return options.module;
    if (options.wasmUrl !== undefined) return options.wasmUrl;
    return undefined;
  }
  throw new InputError(`init() takes {wasmUrl} or {module}, not ${typeof options}`, { code: 'input-type' });
}

/**
 * Load and initialise the WebAssembly module. Safe to call more than once
 * (later calls return the first call's promise); after a failure, calling it
 * again retries.
 * @param {{wasmUrl?: string|URL, module?: WebAssembly.Module|BufferSource|Response}|string|URL|BufferSource} [options]
 * @returns {Promise<void>}
 */
export function init(options) {
  if (installed() !== null) {
    markReady();
    return Promise.resolve();
  }
  if (pending === null) {
    let from;
    try {
      from = source(options);
    } catch (e) {
      return Promise.reject(e);
    }
    pending = initWasm(from === undefined ? undefined : { module_or_path: from }).then(
      () => {
        install(glue);
        markReady();
      },
      (e) => {
        pending = null;
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
