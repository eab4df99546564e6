/**
 * Source of the Node entry. `make` bundles it (scripts/build-cjs.mjs, rolldown) into
 * `node.cjs`, a real CommonJS module; `node.mjs` re-exports that same module for `import`,
 * so `import` and `require` in one process share one instance and one set of error classes.
 *
 * The WebAssembly modules are compiled and instantiated synchronously from the files shipped
 * beside this one: nothing to await, `require('psirt-report').validate` is ready.
 */

import { readFileSync } from 'node:fs';
import * as nodeCrypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { setStampSha256 } from './lib/stamp.js';
import { nodeArmorSha256, nodeCipher } from './lib/node-cipher.js';
import { fileURLToPath } from 'node:url';
import * as glue from './wasm/psirt_report.js';
import * as openGlue from './wasm/psirt_report_open.js';
import { installSync, installed, setPlatformCipher, setPlatformSha256 } from './lib/registry.js';

// Two of the three modules: the core (validate, scan…) and the open module — the seal module's
// functions (loadRecipient, seal…) plus open and openAll — serving as both. Paths, not URLs: the
// bundler rewrites import.meta.url for CommonJS.
const wasm = (file) => readFileSync(fileURLToPath(new URL(`./wasm/${file}`, import.meta.url)));
if (installed('core') === null) installSync(glue, wasm('psirt_report_bg.wasm'), 'core');
if (installed('open') === null) installSync(openGlue, wasm('psirt_report_open_bg.wasm'), 'seal', 'open');

// Sealing's bulk AES on node:crypto (node-cipher.js); PSIRT_REPORT_SOFT_CIPHER=1 keeps the module's.
// The receipt's SHA-256 of the armored text on node:crypto too (the module then hashes nothing).
if (process.env.PSIRT_REPORT_SOFT_CIPHER !== '1') {
  setPlatformCipher(nodeCipher);
  setPlatformSha256(nodeArmorSha256);
}

// The anti-spam stamp's message hash (one large SHA-256) on node:crypto.
// One-shot where Node has it (20.12+): an intake hashes a stamp per request.
setStampSha256(
  typeof nodeCrypto.hash === 'function'
    ? (bytes) => nodeCrypto.hash('sha256', bytes, 'hex')
    : (bytes) => createHash('sha256').update(bytes).digest('hex'),
);

/** Already done in Node; here so code shared with the browser can call it. */
export async function init() {}

/** Resolved: in Node the module is initialised on import. */
export const ready = Promise.resolve();

export * from './index.js';
export * from './lib/errors.js';
