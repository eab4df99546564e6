/**
 * `psirt-report/errors`: the error classes alone (no WebAssembly).
 * @packageDocumentation
 * @module psirt-report/errors
 */
export {
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
  ERROR_CLASSES,
} from './index.js';
export type { PsirtErrorOptions } from './index.js';
