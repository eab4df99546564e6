/**
 * Node entry of psirt-report: initialises the WebAssembly module
 * synchronously from the file shipped beside this one, then re-exports the
 * API. Nothing to await: `import { validate } from 'psirt-report'` is ready.
 *
 * It has no top-level await, so Node's `require()` of ES modules (Node
 * 20.19+, 22.12+) loads it too.
 */

import { readFileSync } from 'node:fs';
import * as glue from './wasm/psirt_report.js';
import { install, isInitialized } from './index.js';

if (!isInitialized()) {
  glue.initSync({ module: readFileSync(new URL('./wasm/psirt_report_bg.wasm', import.meta.url)) });
  install(glue);
}

/** Already done in Node; here so code shared with the web entry can call it. */
export async function init() {}

/** Resolves at once in Node (the module is initialised on import). */
export function ready() {
  return Promise.resolve();
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
