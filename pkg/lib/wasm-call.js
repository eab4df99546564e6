/**
 * How the API reaches the WebAssembly modules, shared by index.js, seal.js and open.js: the
 * installed bindings of each module (or a NotInitializedError saying how to load it), the call
 * wrappers that map what a module throws to the package's error classes (and re-instantiate a
 * module after a trap), and the conversion of arguments to what the modules take.
 *
 * The wasm functions take and return JSON text only. Converting here, with
 * `JSON.stringify` / `JSON.parse`, keeps a `__proto__` key an ordinary own
 * property and keeps deep nesting out of wasm-bindgen's recursive converters.
 * Options are camelCase in JavaScript and snake_case on the wire. Not part of the public API.
 */

import {
  PsirtError,
  ReportInvalidError,
  KeyError,
  InputError,
  ProfileError,
  NotInitializedError,
  SealError,
  OpenError,
  ScanError,
} from './errors.js';
import { installed, reinstantiate } from './registry.js';
import { own } from './own.js';

/**
 * What each module's absence says: the core (validate, scan, redact, schema, profile, triage);
 * the seal module (loadRecipient, seal…; in the browser `init({seal: 'idle'})` resolves before
 * it is in, and `await init()` waits for it); the open module (the seal module + open, openAll:
 * loaded in Node; in the browser by `await init({ open: true })`).
 */
const NOT_LOADED = {
  core: 'psirt-report is not initialised: call `await init()` (from the web entry) before using it',
  seal: 'psirt-report: the sealing module is not loaded yet: `await ready` after `init()` (from the web entry), or `await init({ seal: \'eager\' })`, waits for it',
  open: 'psirt-report: the opening module is not loaded: `await init({ open: true })` (from the web entry) loads it',
};

/** The installed bindings of module `which`, or NotInitializedError saying how to load it. */
export function loaded(which) {
  const wasm = installed(which);
  if (wasm === null) throw new NotInitializedError(NOT_LOADED[which]);
  return wasm;
}
export const bindings = () => loaded('core');
export const sealBindings = () => loaded('seal');
export const openBindings = () => loaded('open');

/** The wasm-side `kind` of an error → its class. */
const KINDS = {
  key: KeyError,
  input: InputError,
  profile: ProfileError,
  seal: SealError,
  open: OpenError,
  scan: ScanError,
};

/** A trap of the WebAssembly machine (unreachable, out of bounds…), as opposed to a thrown Error. */
function isTrap(e) {
  // The JavaScript core (wasm2js, where WebAssembly is off) throws an Error marked psirtTrap.
  return (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) || (e instanceof Error && e.psirtTrap === true);
}

/**
 * Turn what the wasm module threw into a PsirtError subclass. The Rust side
 * throws `Error`s with own properties `code`, `kind` and, for kind `report`,
 * `diagnostics` (JSON text). A trap (`WebAssembly.RuntimeError`) re-instantiates
 * the module first, so the next call works, and becomes a PsirtError with code
 * `internal`; so does anything else unexpected.
 */
export function fromWasmError(e, which = 'core') {
  if (e instanceof PsirtError) return e;
  if (isTrap(e)) {
    const restarted = reinstantiate(which);
    return new PsirtError(
      `internal error: the psirt-report WebAssembly module trapped (${e.message}); ` +
        (restarted ? 'it was restarted, later calls work' : 'it could not be restarted') +
        '. Please report this bug.',
      { code: 'internal', cause: e },
    );
  }
  const isObject = e !== null && typeof e === 'object';
  const code = isObject && typeof e.code === 'string' ? e.code : undefined;
  const kind = isObject && typeof e.kind === 'string' ? e.kind : undefined;
  const message = isObject && typeof e.message === 'string' ? e.message : String(e);
  const options = { code, cause: e };
  if (kind === 'report') {
    let diagnostics = e.diagnostics;
    if (typeof diagnostics === 'string') {
      try {
        diagnostics = JSON.parse(diagnostics);
      } catch {
        diagnostics = undefined;
      }
    }
    return new ReportInvalidError(message, { ...options, code: code ?? 'report-invalid', diagnostics });
  }
  if (kind !== undefined && Object.hasOwn(KINDS, kind)) return new KINDS[kind](message, options);
  if (kind === undefined && code?.startsWith('key-')) return new KeyError(message, options);
  if (code !== undefined) return new PsirtError(message, options);
  return new PsirtError(`internal error in the psirt-report WebAssembly module: ${message}`, {
    code: 'internal',
    cause: e,
  });
}

/**
 * Call a wasm function; map what it throws (after a trap the module is
 * re-instantiated, see fromWasmError). Also catches a RangeError thrown by
 * the glue itself (a string too large to copy into wasm memory).
 */
export function callWasm(fn, which = 'core') {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError && !isTrap(e)) {
      throw new InputError(`input too large for the WebAssembly module: ${e.message}`, {
        code: 'input-too-large',
        cause: e,
      });
    }
    throw fromWasmError(e, which);
  }
}

/** Call a wasm function that returns JSON text; parse it, map what it throws. */
export function callJson(fn, which = 'core') {
  return JSON.parse(callWasm(fn, which));
}

/**
 * Wire options for the seal module, as JSON text. It has no JSON Schema engine, so a profile
 * given as an object is resolved (checked against the profile schema) by the core first, which
 * throws the same ProfileError the seal call would; names (`thales`, `demo`) pass as they are.
 */
export function sealWire(wire) {
  if (own(wire, 'profile') !== null && typeof own(wire, 'profile') === 'object') {
    const core = bindings();
    const text = JSON.stringify(own(wire, 'profile'));
    wire.profile = callJson(() => core.profile(text));
  }
  return JSON.stringify(wire);
}

/**
 * Test hook, not API: makes the WebAssembly module trap (as a bug would) so tests can check
 * that the next call still works. Throws a PsirtError with code `internal`. The module has no
 * trap export: this hands a raw export a string pointer past the end of its memory,
 * which traps with "memory access out of bounds". Nothing a page could not do itself; the
 * worker never exposes it (names starting with `_` are not callable there).
 * @internal
 */
export function __trapForTests() {
  const glue = bindings();
  return callWasm(() => {
    // Already initialised: initSync returns the live instance's raw exports.
    const raw = glue.initSync();
    return raw.validate(0xfffffff0, 64, 0, 0);
  });
}

export function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

export const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A report as JSON text. Strings pass through untouched so the core reports
 * syntax errors itself; bytes are decoded as strict UTF-8; objects are
 * serialised (arrays too: the core then says `not-an-object`).
 */
export function reportText(report, what = 'report') {
  if (typeof report === 'string') return report;
  if (report instanceof Uint8Array) {
    try {
      return utf8.decode(report);
    } catch (e) {
      throw new InputError(`${what} is not valid UTF-8`, { code: 'invalid-utf8', cause: e });
    }
  }
  if (report === null || typeof report !== 'object') {
    throw new InputError(`${what} must be an object or a JSON string, not ${describe(report)}`, {
      code: 'input-type',
    });
  }
  let text;
  try {
    text = JSON.stringify(report);
  } catch (e) {
    // RangeError: nesting deeper than the JS stack; TypeError: a cycle or a BigInt.
    const code = e instanceof RangeError ? 'json-too-deep' : 'input-unserializable';
    throw new InputError(`${what} cannot be turned into JSON: ${e.message}`, { code, cause: e });
  }
  if (typeof text !== 'string') {
    throw new InputError(`${what} cannot be turned into JSON`, { code: 'input-type' });
  }
  return text;
}


/**
 * Options as JSON text on the wire. `names` maps each accepted camelCase name
 * to its wire name and expected type; unknown names are ignored, so the same
 * options object can be handed to validate() and seal().
 */
export function optionsText(options, names) {
  if (options === undefined || options === null) return '{}';
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new InputError(`options must be an object, not ${describe(options)}`, { code: 'input-type' });
  }
  const wire = {};
  for (const [jsName, [wireName, ...types]] of Object.entries(names)) {
    const value = own(options, jsName);
    if (value === undefined) continue;
    if (!types.includes(describe(value))) {
      throw new InputError(`option ${jsName} must be ${types.join(' or ')}, not ${describe(value)}`, {
        code: 'input-type',
      });
    }
    wire[wireName] = value;
  }
  return JSON.stringify(wire);
}

export const PROFILE = ['profile', 'string', 'object'];
export const TODAY = ['today', 'string'];
export const LANGUAGE = ['language', 'string'];

const utf8Encoder = new TextEncoder();

/** Key or message bytes: a string is UTF-8 encoded (armored text), bytes pass as they are. */
export function bytesOf(value, what) {
  if (typeof value === 'string') return utf8Encoder.encode(value);
  if (value instanceof Uint8Array) return value;
  throw new InputError(`${what} must be a string or a Uint8Array, not ${describe(value)}`, { code: 'input-type' });
}

export const NOW = ['now', 'string'];
