/**
 * Errors thrown by psirt-report.
 *
 * Every error is a `PsirtError` with a stable, machine-readable `code`
 * (`key-fingerprint-mismatch`, `input-type`, …); the subclass says which
 * kind of problem it is, so callers can branch with `instanceof` and show
 * `message` to a person:
 *
 * - `ReportInvalidError`: the report does not validate; `.diagnostics` holds
 *   the full Diagnostics object (`{valid, errors, warnings}`).
 * - `KeyError`: the recipient key was refused (not the pinned key, unreadable,
 *   no encryption subkey, a secret key given…); codes start with `key-`.
 * - `InputError`: an argument has the wrong type or cannot be read.
 * - `ProfileError`: the PSIRT profile (name or object) is unknown or invalid.
 * - `SealError`: encryption itself failed (not the report, not the key).
 * - `OpenError`: a sealed message could not be opened (not for this key, tampered, unreadable).
 * - `ScanError`: the sensitive-data scanner could not run (e.g. bad options).
 * - `NotInitializedError`: a function was called before `init()` (web entry).
 *
 * Code `internal` means a bug in psirt-report (the WebAssembly module trapped); the module is
 * re-instantiated, so later calls work. Please report it.
 */

/** Base class of every error psirt-report throws. */
export class PsirtError extends Error {
  /**
   * @param {string} message  a sentence for a person
   * @param {{code?: string, cause?: unknown}} [options]
   */
  constructor(message, { code = 'internal', cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'PsirtError';
    /** Stable machine-readable code. */
    this.code = code;
  }
}

/** The report does not validate; `.diagnostics` says where and why. */
export class ReportInvalidError extends PsirtError {
  constructor(message, { code = 'report-invalid', diagnostics, cause } = {}) {
    super(message, { code, cause });
    this.name = 'ReportInvalidError';
    /** Diagnostics object: `{valid: false, errors: [...], warnings: [...]}`. */
    this.diagnostics = diagnostics;
  }
}

/** The recipient key was refused (codes start with `key-`). */
export class KeyError extends PsirtError {
  constructor(message, options) {
    super(message, options);
    this.name = 'KeyError';
  }
}

/** An argument has the wrong type or cannot be read. */
export class InputError extends PsirtError {
  constructor(message, options) {
    super(message, options);
    this.name = 'InputError';
  }
}

/** The PSIRT profile is unknown or invalid. */
export class ProfileError extends PsirtError {
  constructor(message, options) {
    super(message, options);
    this.name = 'ProfileError';
  }
}

/** A function was called before the WebAssembly module was initialised. */
export class NotInitializedError extends PsirtError {
  constructor(message, options) {
    super(message, { code: 'not-initialized', ...options });
    this.name = 'NotInitializedError';
  }
}

/** Encryption failed for a reason that is neither the report nor the key. */
export class SealError extends PsirtError {
  constructor(message, options) {
    super(message, options);
    this.name = 'SealError';
  }
}

/** A sealed message could not be opened: not for this key, tampered with, or unreadable. */
export class OpenError extends PsirtError {
  constructor(message, options) {
    super(message, options);
    this.name = 'OpenError';
  }
}

/** The sensitive-data scanner could not run (bad options, unreadable input). */
export class ScanError extends PsirtError {
  constructor(message, options) {
    super(message, options);
    this.name = 'ScanError';
  }
}

/** A proof-of-work stamp was refused or could not be made (codes start with `stamp-`). */
export class StampError extends PsirtError {
  constructor(message, options) {
    super(message, options);
    this.name = 'StampError';
  }
}

/**
 * Every error class by its `name`: how an error that crossed a boundary as plain data (from a
 * Web Worker, in JSON) is turned back into the same subclass.
 */
export const ERROR_CLASSES = {
  PsirtError,
  ReportInvalidError,
  KeyError,
  InputError,
  ProfileError,
  NotInitializedError,
  SealError,
  OpenError,
  ScanError,
  StampError,
};
