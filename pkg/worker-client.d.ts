/**
 * `psirt-report/worker`: the API run in a module Web Worker, every function asynchronous.
 * @packageDocumentation
 * @module psirt-report/worker
 */
import type * as api from './index.js';
import type { InitOptions } from './index.js';

export * from './errors.js';

/** The names of the API functions a worker client runs in its worker. */
export type ApiFunctions =
  | 'validate'
  | 'scan'
  | 'scanText'
  | 'redact'
  | 'loadRecipient'
  | 'seal'
  | 'open'
  | 'openAll'
  | 'schema'
  | 'profile'
  | 'triage'
  | 'renderText'
  | 'cvss'
  | 'loadReporterKey'
  | 'generateKey';

/** Each API function, returning a promise of what it returns; errors reject as the same classes. */
export type AsyncApi = {
  [K in ApiFunctions]: (...args: Parameters<(typeof api)[K]>) => Promise<ReturnType<(typeof api)[K]>>;
};

/** What the client needs of a Worker (a DOM `Worker` fits). */
export interface WorkerLike {
  /** Sends a message to the worker, transferring the listed buffers. */
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  /** Listens to the worker's messages and errors. */
  addEventListener(type: 'message' | 'error', listener: (event: never) => void): void;
  /** Stops the worker. */
  terminate(): void;
}

/** Options of `createWorkerClient()`: `init()`'s options, and the worker to use. */
export interface WorkerClientOptions extends InitOptions {
  /** A worker already started on `psirt-report/worker.js` (default: one started by the client). */
  worker?: WorkerLike;
  /** Transfer the arguments' Uint8Array buffers instead of copying them (the caller's arrays become empty). */
  transferInputs?: boolean;
}

/** The API in a Web Worker: every function returns a promise, and the page's main thread never blocks on the core. */
export interface WorkerClient extends AsyncApi {
  /** Resolves once the worker has loaded the WebAssembly module; rejects with `init-failed`. */
  readonly ready: Promise<void>;
  /** Stops the worker; pending and later calls reject with code `worker-terminated`. */
  terminate(): void;
  /**
   * Mints an anti-spam stamp in the worker (see `mintStamp`); `job` names the
   * search so `cancelStamp(job)` can stop it (it then rejects with StampError `stamp-cancelled`).
   */
  mintStamp(armored: string, options: { bits: number; date?: Date | number; job?: string }): Promise<string>;
  /** Stops the stamp search named `job`; resolves true when one was running. */
  cancelStamp(job: string): Promise<boolean>;
}

/** Starts (or adopts) a module Web Worker running `psirt-report/worker.js` and returns the asynchronous API over it; `ready` says when its WebAssembly is loaded. */
export function createWorkerClient(options?: WorkerClientOptions): WorkerClient;
