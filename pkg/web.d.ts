/**
 * `psirt-report/web`, the browser (and bundler) entry, `web.js`: the API of `psirt-report`, with
 * `seal()` asynchronous. In a browser, `seal()` loads the seal module when `init()` has not
 * brought it in yet, and runs the bulk AES on WebCrypto; the Node entries keep the synchronous
 * `seal()` of `psirt-report` (`await` works on both).
 * @packageDocumentation
 * @module psirt-report/web
 */
import type { ReportInput, SealOptions, Sealed } from './index.js';

export * from './index.js';

/**
 * Validates the report, checks the key against the pin, encrypts the report (and attachments)
 * with the browser's WebCrypto AES. Loads the seal module if it is not in yet (after `init()`).
 * Rejects with ReportInvalidError, KeyError, InputError, ProfileError, SealError, or
 * NotInitializedError before `init()`.
 */
export function seal(report: ReportInput, options: SealOptions): Promise<Sealed>;
