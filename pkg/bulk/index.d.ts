// `psirt-report/bulk` (Node only): validate, scan, seal and deliver many reports, resumably.
import type { ProfileInput } from '../index.js';

export interface BulkOptions {
  /** Output folder: NAME.asc, NAME.eml, summary.json, journal.jsonl. */
  out: string;
  /** The PSIRT public key: a file path, armored text, or bytes. */
  key: string | Uint8Array;
  /** Fingerprint the key must have (default: the profile's pin). */
  pin?: string;
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

export type BulkStatus = 'sent' | 'sealed' | 'invalid' | 'blocked' | 'failed' | 'duplicate';

export interface BulkResult {
  name: string;
  /** The input file, with `:LINE` for a line of a .jsonl or a row of a .csv. */
  source: string;
  status: BulkStatus;
  errors?: { path: string; code: string; message: string }[];
  /** Critical findings that blocked the report: where and which rule, never the value. */
  findings?: { path: string; start: number; end: number; rule: string; category: string; severity: string; attachment?: string }[];
  fingerprint?: string;
  /** Every key the message is encrypted to: the PSIRT's, and the reporter's own when the report carries one. */
  recipients?: { role: 'psirt' | 'reporter'; fingerprint: string }[];
  /** SHA-256 (hex) of NAME.asc. */
  sha256?: string;
  message_id?: string;
  reply?: string;
  attempts?: number;
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
  duplicate_of?: string;
  files?: { asc: string; eml: string };
}

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

export interface BulkRun extends AsyncIterable<BulkResult> {
  /** Resolves when the run is over (also written to OUT/summary.json); rejects on a usage or key error. */
  summary: Promise<BulkSummary>;
  /** The number of reports, once the source is read. */
  total: Promise<number>;
}

export function bulk(source: string, options: BulkOptions): BulkRun;
