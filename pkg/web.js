/**
 * Browser (and bundler) entry of psirt-report. The WebAssembly module is
 * loaded by `init()`; every other function throws a `NotInitializedError`
 * (code `not-initialized`) until that has finished:
 *
 *   import { init, validate } from 'psirt-report';
 *   await init();                       // fetches wasm/psirt_report_bg.wasm beside this file
 *   await init('/static/psirt_report_bg.wasm');   // or a URL, a Response,
 *   await init(bytes);                  // bytes (ArrayBuffer, Uint8Array) or a WebAssembly.Module
 */

import initWasm, * as glue from './wasm/psirt_report.js';
import { install, isInitialized } from './index.js';
import { PsirtError } from './errors.js';

let pending = null;
let markReady;
const readyPromise = new Promise((resolve) => {
  markReady = resolve;
});

/**
 * Load and initialise the WebAssembly module. Safe to call more than once
 * (later calls return the first call's promise); after a failure, calling it
 * again retries.
 * @param {string|URL|Request|Response|ArrayBuffer|Uint8Array|WebAssembly.Module} [urlOrBytes]
 *   where the `.wasm` file is, or its bytes; default: beside this module
 * @returns {Promise<void>}
 */
export function init(urlOrBytes) {
  if (isInitialized()) {
    markReady();
    return Promise.resolve();
  }
  if (pending === null) {
    const arg = urlOrBytes === undefined ? undefined : { module_or_path: urlOrBytes };
    pending = initWasm(arg).then(
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

/** A promise that resolves once `init()` has finished (it does not start it). */
export function ready() {
  return readyPromise;
}

export { validate, seal, schema, profile, triage, loadRecipient, open } from './index.js';
export {
  PsirtError,
  ReportInvalidError,
  KeyError,
  InputError,
  ProfileError,
  NotInitializedError,
} from './errors.js';
