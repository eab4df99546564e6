// `psirt-report/worker`: the API run in a module Web Worker, every function asynchronous.
import type * as api from './index.js';
import type { InitOptions } from './index.js';

export * from './errors.js';

type ApiFunctions =
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
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message' | 'error', listener: (event: never) => void): void;
  terminate(): void;
}

export interface WorkerClientOptions extends InitOptions {
  /** A worker already started on `psirt-report/worker.js` (default: one started by the client). */
  worker?: WorkerLike;
  /** Transfer the arguments' Uint8Array buffers instead of copying them (the caller's arrays become empty). */
  transferInputs?: boolean;
}

export interface WorkerClient extends AsyncApi {
  /** Resolves once the worker has loaded the WebAssembly module; rejects with `init-failed`. */
  readonly ready: Promise<void>;
  /** Stops the worker; pending and later calls reject with code `worker-terminated`. */
  terminate(): void;
  /**
   * Issue 16 item 7: mints an anti-spam stamp in the worker (see `mintStamp`); `job` names the
   * search so `cancelStamp(job)` can stop it (it then rejects with StampError `stamp-cancelled`).
   */
  mintStamp(armored: string, options: { bits: number; date?: Date | number; job?: string }): Promise<string>;
  /** Stops the stamp search named `job`; resolves true when one was running. */
  cancelStamp(job: string): Promise<boolean>;
}

export function createWorkerClient(options?: WorkerClientOptions): WorkerClient;
