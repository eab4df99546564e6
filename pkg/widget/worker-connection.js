/**
 * The form's connection to the core: one module Web Worker running the WebAssembly build of
 * psirt-report, so validation, scanning and sealing never block typing. The page's main thread
 * never loads the wasm. Fails closed: once the worker has died every call rejects, and the form
 * shows no output.
 *
 * Under `require-trusted-types-for 'script'` a Worker's URL must be a TrustedScriptURL: the
 * policy `psirt-report` only lets through URLs of this origin or of the widget's own origin,
 * ending in `.js`. A host page allows it with `trusted-types psirt-report` in its CSP.
 */

import { createWorkerClient } from '../worker-client.js';
import { own } from '../lib/own.js';

const POLICY = 'psirt-report';
let policy = null;

function trustedScriptUrl(url) {
  const tt = globalThis.trustedTypes;
  if (!tt?.createPolicy) return url;
  if (policy === null) {
    const allowed = new Set([globalThis.location?.origin, new URL(import.meta.url).origin]);
    policy = tt.createPolicy(POLICY, {
      createScriptURL(input) {
        const u = new URL(input, globalThis.location?.href);
        if (!allowed.has(u.origin) || !u.pathname.endsWith('.js')) throw new TypeError(`psirt-report: refused worker URL ${u.origin}`);
        return u.href;
      },
    });
  }
  return policy.createScriptURL(String(url));
}

/**
 * True where the form can run: module workers. Where WebAssembly is off (Tor Browser "Safer",
 * --jitless, a policy), the worker runs the same core translated to JavaScript (web.js decides).
 */
export function supported() {
  return typeof Worker === 'function';
}

/**
 * Starts the worker and its wasm. Returns the async API (`validate`, `scan`, `seal`…) plus
 * `ready` (resolves when the wasm is initialised; rejects when it cannot start) and
 * `onDeath(callback)` (called when the worker dies after it started).
 * @param {{workerUrl?: string, wasmUrl?: string, sealWasmUrl?: string, integrity?: string,
 *   sealIntegrity?: string, openIntegrity?: string}} options
 *   `wasmUrl`: the core module; `sealWasmUrl`: the seal module (loaded when the worker is idle);
 *   `integrity`, `sealIntegrity` (and `openIntegrity`, the open module the reporter's key
 *   generation loads on demand): their expected SHA-256 (SRI strings): a module that does not
 *   match is refused before it runs (`init-integrity-mismatch`); `jsUrl`, `jsSealUrl`,
 *   `jsIntegrity`, `jsSealIntegrity`: the same for the JavaScript core, loaded only where
 *   WebAssembly is off
 */
export function startEngine(options = {}) {
  const workerUrl = own(options, 'workerUrl');
  const wasmUrl = own(options, 'wasmUrl');
  const sealWasmUrl = own(options, 'sealWasmUrl');
  const integrity = own(options, 'integrity');
  const sealIntegrity = own(options, 'sealIntegrity');
  const openIntegrity = own(options, 'openIntegrity');
  const jsUrl = own(options, 'jsUrl');
  const jsSealUrl = own(options, 'jsSealUrl');
  const jsIntegrity = own(options, 'jsIntegrity');
  const jsSealIntegrity = own(options, 'jsSealIntegrity');
  // The default worker is started by the literal
  // `new Worker(new URL('../worker.js', import.meta.url), { type: 'module', … })`, the form a
  // bundler recognises (Vite matches exactly this text): it then bundles worker.js with the core
  // and emits the wasm beside it, and rewrites the URL to the bundled file. Held in a variable
  // first, the URL was only copied as a file (an unbundled worker whose imports do not resolve).
  // `Worker` here is a local subclass that passes the URL through the trusted-types policy, which
  // a Worker's URL needs under `require-trusted-types-for 'script'`.
  const Worker = class extends globalThis.Worker {
    constructor(url, options) {
      super(trustedScriptUrl(url), options);
    }
  };
  const worker = workerUrl
    ? new Worker(new URL(workerUrl, globalThis.location?.href), { type: 'module', name: 'psirt-report' })
    : new Worker(new URL('../worker.js', import.meta.url), { type: 'module', name: 'psirt-report' });
  const client = createWorkerClient({
    worker,
    ...(wasmUrl ? { wasmUrl: new URL(wasmUrl, globalThis.location?.href).href } : {}),
    ...(sealWasmUrl ? { sealWasmUrl: new URL(sealWasmUrl, globalThis.location?.href).href } : {}),
    ...(integrity ? { integrity } : {}),
    ...(sealIntegrity ? { sealIntegrity } : {}),
    ...(openIntegrity ? { openIntegrity } : {}),
    ...(jsUrl ? { jsUrl: new URL(jsUrl, globalThis.location?.href).href } : {}),
    ...(jsSealUrl ? { jsSealUrl: new URL(jsSealUrl, globalThis.location?.href).href } : {}),
    ...(jsIntegrity ? { jsIntegrity } : {}),
    ...(jsSealIntegrity ? { jsSealIntegrity } : {}),
  });
  const deaths = [];
  let dead = false;
  let started = false;
  // A worker that dies after it started is a death (the form drops its output and says so); one
  // that never starts (no wasm, a module refused by its integrity) only rejects `ready`, whose
  // handler shows the route by hand: a "reload to try again" banner would be wrong there.
  const die = () => {
    if (dead) return;
    dead = true;
    if (started) for (const cb of deaths) cb();
  };
  worker.addEventListener('error', die);
  const ready = client.ready.then(
    (value) => {
      started = !dead;
      return value;
    },
    (e) => {
      die();
      throw e;
    },
  );
  return {
    api: client,
    ready,
    onDeath(cb) {
      if (!dead) deaths.push(cb);
      else if (started) cb();
    },
    get dead() {
      return dead;
    },
    terminate() {
      client.terminate();
      die();
    },
  };
}
