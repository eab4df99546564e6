/**
 * `psirt-report/bulk` (Node only): validate, scan, seal and deliver many reports, resumably.
 * @packageDocumentation
 * @module psirt-report/bulk
 */
import type { ProfileInput } from '../index.js';

/** Options of `bulk()`: where to write, the key and its pin, and how to deliver (exactly one of `smtp`, `post`, `dryRun`). */
export interface BulkOptions {
  /** Output folder: NAME.asc, NAME.eml, summary.json, journal.jsonl. */
  out: string;
  /** The PSIRT public key: a file path, armored text, or bytes. */
  key: string | Uint8Array;
  /** Fingerprint the key must have (default: the profile's pin). */
  pin?: string;
  /** The PSIRT profile (default `thales`): its pin, address and policy. */
  profile?: ProfileInput;
  /** YYYY-MM-DD the dates are checked against (reproducible runs). */
  today?: string;
  /**
   * smtp://host:port or smtps://host:port; credentials from PSIRT_SMTP_USER / PSIRT_SMTP_PASSWORD.
   * TLS is required: smtp:// upgrades with STARTTLS whether offered or not (`smtp-tls` otherwise).
   */
  smtp?: string;
  /**
   * Plaintext SMTP to a test server on this machine (localhost, 127.0.0.1, ::1) only; refused for
   * any other host (`smtp-plaintext-not-loopback`) and with credentials (`smtp-plaintext-credentials`).
   */
  insecurePlaintextLoopback?: boolean;
  /** Envelope sender and From of every message (with smtp). */
  from?: string;
  /** An https:// intake endpoint: POST of the .eml, `message/rfc822`, `Idempotency-Key: <Message-ID>`; redirects are not followed (`post-redirect`). */
  post?: string;
  /** Seal and write, deliver nothing. Exactly one of smtp, post, dryRun. */
  dryRun?: boolean;
  /** Sealing worker threads (default: the number of cores). */
  concurrency?: number;
  /** Parallel SMTP connections / POST requests (default 3). */
  smtpConnections?: number;
  /** Seal reports with critical findings instead of blocking them. */
  allowFindings?: boolean;
  /** The CSV mapping, or the path of its JSON file: `{columns: {"Column": "field.path"}, defaults?: {}}`. */
  map?: string | { columns?: Record<string, string>; defaults?: Record<string, unknown> } | Record<string, string>;
  /** Retries after a temporary failure (default 4). */
  retries?: number;
  /** First backoff delay in ms, doubled at each retry (default 1000). */
  retryDelayMs?: number;
  /** Connection and reply timeout in ms (default 60000). */
  timeoutMs?: number;
}

/** What became of one report: `sent` (delivered), `sealed` (dry run), `invalid`, `blocked` (critical findings), `failed` (delivery), `duplicate` (same content as another). */
export type BulkStatus = 'sent' | 'sealed' | 'invalid' | 'blocked' | 'failed' | 'duplicate';

/** The outcome of one report of a bulk run (a line of `summary.json`'s `reports`; never the report's text). */
export interface BulkResult {
  /** The report's name: NAME of NAME.asc and NAME.eml. */
  name: string;
  /** The input file, with `:LINE` for a line of a .jsonl or a row of a .csv. */
  source: string;
  /** What became of it. */
  status: BulkStatus;
  /** Why it is invalid: `validate()`'s errors. */
  errors?: { path: string; code: string; message: string }[];
  /** Critical findings that blocked the report: where and which rule, never the value. */
  findings?: { path: string; start: number; end: number; rule: string; category: string; severity: string; attachment?: string }[];
  /** Fingerprint of the PSIRT key it was encrypted to. */
  fingerprint?: string;
  /** Every key the message is encrypted to: the PSIRT's, and the reporter's own when the report carries one. */
  recipients?: { role: 'psirt' | 'reporter'; fingerprint: string }[];
  /** SHA-256 (hex) of NAME.asc. */
  sha256?: string;
  /** The e-mail's Message-ID (also the POST's `Idempotency-Key`). */
  message_id?: string;
  /** The server's reply to the delivery (SMTP reply line or HTTP status). */
  reply?: string;
  /** With `post`: the intake's receipt of the stored report (its `202` answer). */
  receipt?: { id: string; sha256: string; received_at: string };
  /** Delivery attempts made. */
  attempts?: number;
  /** Why delivery failed, with the stable code. */
  reason?: { code: string; message: string; reply?: string };
  /**
   * Attempts whose outcome is unknown (a run killed while sending, a connection cut before the
   * reply): the server may hold up to this many extra copies, all with the same Message-ID.
   */
  in_doubt?: number;
  /** Already done by an earlier run. */
  resumed?: boolean;
  /** Its content changed since an earlier run sealed it: sealed again. */
  resealed?: boolean;
  /** The name of the report it duplicates (status `duplicate`). */
  duplicate_of?: string;
  /** Paths of NAME.asc and NAME.eml in the output folder. */
  files?: { asc: string; eml: string };
}

/** The whole run, as written to OUT/summary.json. */
export interface BulkSummary {
  source: string;
  out: string;
  mode: 'smtp' | 'post' | 'dry-run';
  started: string;
  finished: string;
  recipient: string;
  total: number;
  counts: Partial<Record<BulkStatus, number>>;
  /** Every report delivered (dry run: sealed), duplicates aside. */
  ok: boolean;
  reports: BulkResult[];
}

/** A running bulk submission: iterate it for each report's result as it is done. */
export interface BulkRun extends AsyncIterable<BulkResult> {
  /** Resolves when the run is over (also written to OUT/summary.json); rejects on a usage or key error. */
  summary: Promise<BulkSummary>;
  /** The number of reports, once the source is read. */
  total: Promise<number>;
}

/** Validates, scans, seals and delivers every report of a folder, a .jsonl or a .csv file, resumably (a journal in `out` lets a second run skip what is done). Node only. */
export function bulk(source: string, options: BulkOptions): BulkRun;
