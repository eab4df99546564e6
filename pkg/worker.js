/**
 * The psirt-report module worker: runs the API off the page's main thread. Start it with
 * `createWorkerClient()` from `psirt-report/worker` (which speaks its protocol), or yourself:
 *   new Worker(new URL('psirt-report/worker.js', import.meta.url), { type: 'module' })
 *
 * Protocol (structured clone): the page posts `{id, call, args}`; the worker answers
 * `{id, ok: true, value}` or `{id, ok: false, error: {name, code, message, diagnostics?}}`.
 * `call` is `init` (args: `[options?]`, first; otherwise the worker initialises from the
 * default URLs) or an API function name. `init` resolves once the core module is loaded (validate,
 * scan… answer from then on); the seal module loads when the worker is idle, or on the first
 * `loadRecipient` or `seal`, and the open module on the first `open` or `openAll`. Uint8Arrays in results (opened attachments) are
 * transferred, not copied.
 */

// The browser entry in one file (web.js and its static imports, built by `make wasm`): the worker
// then fetches three files before the core's wasm, not ten.
import * as api from './browser.js';
import { own } from './lib/own.js';

/**
 * The API functions a page may call: the function exports whose name starts with a lower-case
 * letter, minus init. Names starting with `_` (internal hooks) are never callable.
 */
const CALLABLE = new Set(
  Object.keys(api).filter((name) => typeof api[name] === 'function' && /^[a-z]/.test(name) && name !== 'init'),
);

/** The calls that need the seal module; the others need only the core. */
const SEALING = new Set(['loadRecipient', 'seal', 'renderText', 'limits', 'loadReporterKey']);
/** The calls that need the open module (the PSIRT's side, and generateKey for the reporter's own key), loaded on demand. */
const OPENING = new Set(['open', 'openAll', 'generateKey']);

let started = null;
let initOptions;
/**
 * Initialises the core once, with the options of the last `init` message (a retry after a
 * failure too); the seal module then loads when the worker is idle, or on the first call that
 * needs it.
 */
function start() {
  if (started === null) started = api.init({ ...initOptions, seal: 'idle' });
  return started;
}

/** The seal module: loaded (or being loaded) by `init()` with the same options. */
function startSeal() {
  return api.init({ ...initOptions, seal: 'eager' });
}

/** Every ArrayBuffer under `value` (Uint8Arrays of a result), once each. */
function buffers(value, found = new Set(), depth = 0) {
  if (depth > 64 || value === null || typeof value !== 'object') return found;
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
    return found;
  }
  for (const item of Array.isArray(value) ? value : Object.values(value)) buffers(item, found, depth + 1);
  return found;
}

function errorData(e) {
  if (e instanceof api.PsirtError) {
    return { name: e.name, code: e.code, message: e.message, diagnostics: e.diagnostics };
  }
  return { name: 'PsirtError', code: 'internal', message: String(e?.message ?? e) };
}

// Running anti-spam stamp searches by the caller's job name, to cancel them.
const stampJobs = new Map();
async function stampCall(call, [first, options]) {
  const job = String(call === 'cancelStamp' ? first : (own(options, 'job') ?? ''));
  if (call === 'cancelStamp') {
    stampJobs.get(job)?.abort();
    return stampJobs.delete(job);
  }
  const controller = new AbortController();
  stampJobs.get(job)?.abort();
  stampJobs.set(job, controller);
  try {
    const audience = own(options, 'audience');
    return await api.mintStamp(first, { bits: own(options, 'bits'), date: own(options, 'date'), signal: controller.signal, ...(typeof audience === 'string' && { audience }) });
  } finally {
    if (stampJobs.get(job) === controller) stampJobs.delete(job);
  }
}

self.addEventListener('message', async (event) => {
  const { id, call, args } = event.data ?? {};
  try {
    let value;
    if (call === 'init') {
      // A failed init may be retried with other options.
      if (Array.isArray(args) && args[0] !== undefined) initOptions = args[0];
      value = await start().catch((e) => {
        started = null;
        throw e;
      });
    } else if (call === 'mintStamp' || call === 'cancelStamp') {
      // The anti-spam stamp, minted here so it never blocks typing. It yields
      // every 50 ms, so `cancelStamp(job)` (the form left the step, or the page) stops it.
      value = await stampCall(call, Array.isArray(args) ? args : []);
    } else if (CALLABLE.has(call)) {
      await start();
      if (SEALING.has(call)) await startSeal();
      if (OPENING.has(call)) await api.init({ ...initOptions, open: true });
      // seal: its asynchronous form, whose bulk encryption runs on WebCrypto.
      const fn = call === 'seal' ? api.sealAsync : api[call];
      value = await fn(...(Array.isArray(args) ? args : []));
    } else {
      throw new api.InputError(`psirt-report worker: no function named ${String(call).slice(0, 64)}`, {
        code: 'unknown-function',
      });
    }
    self.postMessage({ id, ok: true, value }, [...buffers(value)]);
  } catch (e) {
    self.postMessage({ id, ok: false, error: errorData(e) });
  }
});
