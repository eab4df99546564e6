/**
 * `psirt-report/worker`: the same API, asynchronous, run in a module Web Worker so a page
 * validates, scans and seals off its main thread.
 *
 *   import { createWorkerClient } from 'psirt-report/worker';
 *   const psirt = createWorkerClient();           // or ({ wasmUrl, sealWasmUrl }) for a CDN
 *   const diagnostics = await psirt.validate(report);
 *   const sealed = await psirt.seal(report, { key });   // throws KeyError… as the main API does
 *   psirt.terminate();
 *
 * Errors come back as the same `PsirtError` subclasses, with their `code` (and `diagnostics`).
 * Arguments are copied (structured clone); with `{ transferInputs: true }` their Uint8Arrays'
 * buffers are transferred instead (faster for large attachments; the caller's arrays become
 * empty). Uint8Arrays in results are always transferred.
 */

import { ERROR_CLASSES, InputError, PsirtError } from './lib/errors.js';
import { own } from './lib/own.js';

/** The API functions the client offers (those missing from the worker's build reject). */
const FUNCTIONS = [
  'validate',
  'scan',
  'scanText',
  'redact',
  'loadRecipient',
  'seal',
  'open',
  'openAll',
  'schema',
  'profile',
  'triage',
  'renderText',
  'cvss',
  // The anti-spam stamp: mintStamp(armored, {bits, job?}) in the worker; cancelStamp(job) stops it.
  'mintStamp',
  'cancelStamp',
  // The reporter's own key.
  'loadReporterKey',
  'generateKey',
];

function fromData(data) {
  const Class = Object.hasOwn(ERROR_CLASSES, data?.name) ? ERROR_CLASSES[data.name] : PsirtError;
  return new Class(String(data?.message ?? 'psirt-report worker error'), {
    code: typeof data?.code === 'string' ? data.code : 'internal',
    diagnostics: data?.diagnostics,
  });
}

function inputBuffers(value, found = new Set(), depth = 0) {
  if (depth > 64 || value === null || typeof value !== 'object') return found;
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
    return found;
  }
  for (const item of Array.isArray(value) ? value : Object.values(value)) inputBuffers(item, found, depth + 1);
  return found;
}

/**
 * @param {{worker?: Worker, wasmUrl?: string|URL, module?: unknown, integrity?: string, sha256?: string,
 *   transferInputs?: boolean}} [options]
 */
export function createWorkerClient(options = {}) {
  const worker =
    own(options, 'worker') ?? new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'psirt-report' });
  const pending = new Map();
  let nextId = 1;
  let dead = null;

  worker.addEventListener('message', (event) => {
    const { id, ok, value, error } = event.data ?? {};
    const entry = pending.get(id);
    if (entry === undefined) return;
    pending.delete(id);
    if (ok) entry.resolve(value);
    else entry.reject(fromData(error));
  });
  worker.addEventListener('error', (event) => {
    // The worker script failed to load or threw outside a call: every pending call fails.
    dead = new PsirtError(`psirt-report worker failed: ${event?.message ?? 'cannot start'}`, { code: 'worker-failed' });
    event?.preventDefault?.();
    for (const entry of pending.values()) entry.reject(dead);
    pending.clear();
  });

  function call(name, args) {
    if (dead !== null) return Promise.reject(dead);
    return new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      try {
        const transfer = own(options, 'transferInputs') ? [...inputBuffers(args)] : [];
        worker.postMessage({ id, call: name, args }, transfer);
      } catch (e) {
        pending.delete(id);
        reject(new InputError(`cannot send this argument to the worker: ${e?.message ?? e}`, { code: 'input-type', cause: e }));
      }
    });
  }

  // Read once, from own properties only (a polluted Object.prototype names no module here).
  const init = {};
  const put = (name, value, asText = true) => {
    if (value !== undefined) init[name] = asText ? String(value) : value;
  };
  put('wasmUrl', own(options, 'wasmUrl'));
  put('module', own(options, 'module'), false);
  put('sealWasmUrl', own(options, 'sealWasmUrl'));
  put('sealModule', own(options, 'sealModule'), false);
  put('integrity', own(options, 'integrity'));
  put('sha256', own(options, 'sha256'));
  put('openWasmUrl', own(options, 'openWasmUrl'));
  put('openModule', own(options, 'openModule'), false);
  put('openIntegrity', own(options, 'openIntegrity'));
  put('openSha256', own(options, 'openSha256'));
  put('sealIntegrity', own(options, 'sealIntegrity'));
  put('sealSha256', own(options, 'sealSha256'));
  // The JavaScript core (where WebAssembly is off): its files and expected hashes.
  put('jsUrl', own(options, 'jsUrl'));
  put('jsSealUrl', own(options, 'jsSealUrl'));
  put('jsIntegrity', own(options, 'jsIntegrity'));
  put('jsSealIntegrity', own(options, 'jsSealIntegrity'));
  const client = {
    /** Resolves once the worker has loaded the core module (the seal module follows when idle). */
    ready: call('init', [init]),
    /** Stops the worker; pending and later calls reject with code `worker-terminated`. */
    terminate() {
      worker.terminate();
      dead = new PsirtError('psirt-report worker terminated', { code: 'worker-terminated' });
      for (const entry of pending.values()) entry.reject(dead);
      pending.clear();
    },
  };
  // Marked handled: a failed load also rejects each call, where callers see it.
  client.ready.catch(() => {});
  for (const name of FUNCTIONS) client[name] = (...args) => call(name, args);
  return client;
}

export { ERROR_CLASSES } from './lib/errors.js';
export * from './lib/errors.js';
