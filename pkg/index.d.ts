/**
 * `psirt-report`: validate a report, scan it for sensitive data, and seal it to the PSIRT's
 * pinned key; open what arrives. The same API from every entry (Node `import` and `require`,
 * bundlers, the browser). Outputs are plain objects with camelCase keys, except the report itself
 * (the schema's snake_case keys) and the few wire objects noted below.
 *
 * One file on purpose: the declarations of the one public API (every entry's types, and the
 * source of the generated `index.d.cts`), grouped by section below.
 * @packageDocumentation
 * @module psirt-report
 */

// ---------------------------------------------------------------------------------------------
// The report (schema/report.schema.json, JSON Schema draft 2020-12)
// ---------------------------------------------------------------------------------------------

/** What a report is about: a vulnerability, a data leak, or an appeal against a CNA. */
export type Channel = 'vulnerability' | 'data_leak' | 'cna_appeal';
/** The languages of the report, its messages and the form. */
export type Language = 'en' | 'fr';

/** Who sends the report, and how the PSIRT answers them. */
export interface Reporter {
  name?: string;
  /** Required: where the PSIRT answers. */
  email: string;
  organization?: string;
  /** The reporter's own ASCII-armored public key, for an encrypted answer. */
  pgp_key?: string;
  /** How the reporter wants to be credited. */
  credit?: string;
  anonymous?: boolean;
}

/** One affected product (a vulnerability report lists at least one). */
export interface Affected {
  vendor?: string;
  product: string;
  versions?: string[];
  component?: string;
}

/** The reporter's CVSS vectors; scores are computed from them, never taken from input. */
export interface ReportSeverity {
  /** `CVSS:3.0/…` or `CVSS:3.1/…` */
  cvss_v3?: string;
  /** `CVSS:4.0/…` */
  cvss_v4?: string;
}

/** Kinds of data a data leak exposes. */
export type DataCategory =
  | 'credentials'
  | 'personal_data'
  | 'financial'
  | 'health'
  | 'customer_data'
  | 'source_code'
  | 'configuration'
  | 'internal_documents'
  | 'cryptographic_keys'
  | 'other';

/** What leaked and where (required for the `data_leak` channel). */
export interface DataLeakDetails {
  data_categories: DataCategory[];
  location: string;
  still_accessible?: boolean;
  records_estimate?: number;
}

/** Why a CNA under the Root is appealed against. */
export type AppealGrounds = 'no_response' | 'cve_refused' | 'record_not_populated' | 'other';

/** A CNA appeal (required for the `cna_appeal` channel). */
export interface Appeal {
  cna: string;
  grounds: AppealGrounds;
  /** `CVE-YYYY-NNNN…` */
  cve_id?: string;
  request_reference?: string;
  /** `YYYY-MM-DD` */
  first_contact_on?: string;
  details: string;
}

/** The three reporter commitments of the disclosure policy; all must be `true`. */
export interface ReportCommitments {
  no_exploitation: boolean;
  no_disclosure_without_consent: boolean;
  no_prohibited_attacks: boolean;
  /**
   * The profile's `policy_version` when the reporter accepted the commitments (copy it from
   * `profile().policy_version`); another value is the warning `policy-version-differs`.
   */
  policy_version?: string;
}

/** A file carried inside the report JSON, base64-encoded. */
export interface ReportAttachment {
  /** A file name: no `/`, `\` or control characters. */
  name: string;
  /** `type/subtype` */
  media_type?: string;
  content_base64: string;
}

/**
 * A report, as the schema defines it. Which fields are required depends on `channel`
 * (`affected` for vulnerabilities, `data_leak` for data leaks, `appeal` for CNA appeals…):
 * `validate()` says what is missing, at the field's own path.
 */
export interface Report {
  schema_version: '1.0';
  channel: Channel;
  language?: Language;
  reporter: Reporter;
  title: string;
  summary?: string;
  affected?: Affected[];
  description?: string;
  steps_to_reproduce?: string;
  impact?: string;
  proof_of_concept?: string;
  severity?: ReportSeverity;
  /** `CWE-79`… */
  cwe?: string[];
  /** `YYYY-MM-DD` */
  discovered_on?: string;
  third_party_software?: boolean;
  exploited?: 'yes' | 'no' | 'unknown';
  disclosure?: { proposed_date?: string };
  data_leak?: DataLeakDetails;
  appeal?: Appeal;
  commitments?: ReportCommitments;
  attachments?: ReportAttachment[];
}

/**
 * What the functions accept as a report: the object (typed or not: checking untrusted input is
 * the point of `validate`), its JSON text, or that text as UTF-8 bytes.
 */
export type ReportInput = Report | Record<string, unknown> | string | Uint8Array;

/** The report JSON Schema as returned by `schema()`. */
export interface JsonSchema {
  $schema: string;
  $id: string;
  title: string;
  type: 'object';
  required: string[];
  properties: Record<string, unknown>;
  [keyword: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Diagnostics (validate)
// ---------------------------------------------------------------------------------------------

/** One problem or warning at one place in a report. */
export interface Diagnostic {
  /** JSON Pointer (RFC 6901) into the report; `""` is the whole report. */
  path: string;
  /** Stable, machine-readable: `required`, `json-syntax`, `cvss-invalid`… */
  code: string;
  /** In the report's language (en/fr); never quotes a value of the report. */
  message: string;
  /** The message's parameters (field names, limits), when it has any. */
  params?: Record<string, string>;
}

/** The qualitative severity of a CVSS score. */
export type CvssSeverity = 'none' | 'low' | 'medium' | 'high' | 'critical';

/** A score computed from a vector of the report (never trusted from input). */
export interface CvssScore {
  vector: string;
  version: '3.0' | '3.1' | '4.0';
  /** 0.0 to 10.0 */
  score: number;
  severity: CvssSeverity;
}

/** What `validate()` returns: errors make the report invalid, warnings do not. */
export interface Diagnostics {
  /** `errors.length === 0`; warnings never make a report invalid. */
  valid: boolean;
  errors: Diagnostic[];
  warnings: Diagnostic[];
  /** Present when a CVSS vector of the report parses. */
  cvss?: { v3?: CvssScore; v4?: CvssScore };
}

// ---------------------------------------------------------------------------------------------
// Profiles and triage
// ---------------------------------------------------------------------------------------------

/** The built-in profiles: `thales` (the real PSIRT) and `demo` (DEMO — not Thales key). */
export type ProfileName = 'thales' | 'demo';

/** A text in English and French. */
export interface Localized {
  en: string;
  fr: string;
}

/** A PSIRT's policy (schema/profile.schema.json). Keys as in the profile file (snake_case). */
export interface Profile {
  profile_version: string;
  id: string;
  name: string;
  /** True for the demo profile, whose key's secret half is public. */
  demo: boolean;
  label?: string;
  psirt_email: string;
  /** Fingerprint of the PSIRT's primary key, hex. */
  pin: string;
  key_id?: string;
  public_key?: string;
  key_url?: string;
  scope?: Localized;
  commitments: {
    no_exploitation: Localized;
    no_disclosure_without_consent: Localized;
    no_prohibited_attacks: Localized;
  };
  confidentiality_notice?: Localized;
  /**
   * Names the wording of `commitments` and `confidentiality_notice` a reporter accepts. Always
   * present in what `profile()` returns: the profile's own, else `sha256:` and 16 hex digits of a
   * digest of those words. Optional in a profile object given to the functions.
   */
  policy_version?: string;
  /** Lower limits on attachments than the core's own (50 files, 32 MiB); `seal()` enforces them. */
  attachments?: { max_files?: number; max_total_bytes?: number };
  cert?: { name: Localized; url?: string };
  appeal_email?: string;
  appeal_ack_working_days?: number;
  /** `YYYY-MM-DD` days that are not working days. */
  holidays: string[];
  ignore_sales: boolean;
  /**
   * The anti-spam stamp the form mints after sealing, `bits` leading zero bits
   * (0–32; 2^bits SHA-256 on average). Absent or 0: no stamp.
   */
  stamp?: { bits: number };
}

/** A profile as `profile()` returns it: `policy_version` is always there. */
export interface ResolvedProfile extends Profile {
  policy_version: string;
}

/** A built-in profile by name, or a profile object. */
export type ProfileInput = ProfileName | Profile;

/** What a contact is about, as `triage()` sorts it. */
export type TriageKind = 'vulnerability' | 'data_leak' | 'infrastructure_incident' | 'sales' | 'cna_appeal';

/** Where a kind of contact goes under the profile's policy. Keys as on the wire (snake_case). */
export interface Route {
  kind: TriageKind;
  decision: 'accept' | 'redirect' | 'refuse';
  /** The report channel to use, when accepted. */
  channel?: Channel;
  /** An e-mail address, or the name of the place to go. */
  to?: string;
  url?: string;
  code: string;
  message: string;
  /** For CNA appeals: `YYYY-MM-DD` by which an acknowledgement is due. */
  acknowledgement_due?: string;
}

// ---------------------------------------------------------------------------------------------
// Sensitive data (scan, scanText, redact)
// ---------------------------------------------------------------------------------------------

/** How serious a sensitive-data finding is; `critical` blocks sealing by default. */
export type Severity = 'critical' | 'high' | 'medium' | 'info';

/** What kind of sensitive data a finding is. */
export type FindingCategory =
  // critical: credentials
  | 'private_key'
  | 'aws_access_key_id'
  | 'aws_secret_key'
  | 'github_token'
  | 'gitlab_token'
  | 'slack_token'
  | 'slack_webhook'
  | 'stripe_key'
  | 'google_api_key'
  | 'gcp_service_account'
  | 'azure_connection_string'
  | 'azure_sas_token'
  | 'npm_token'
  | 'pypi_token'
  | 'sendgrid_key'
  | 'twilio_key'
  | 'ai_api_key'
  | 'jwt'
  | 'url_credentials'
  | 'connection_string'
  | 'authorization_header'
  | 'session_cookie'
  | 'password_assignment'
  | 'password_hash'
  // high: personal data
  | 'payment_card'
  | 'iban'
  | 'national_id'
  | 'date_of_birth'
  | 'identity_document'
  | 'postal_address'
  | 'health_data'
  | 'employment_data'
  | 'tax_record'
  | 'travel_record'
  // medium: third-party contact data, info: internal infrastructure
  | 'email_address'
  | 'phone_number'
  | 'private_ip'
  | 'internal_hostname';

/** Sensitive data found in a report or a text. Never holds the full secret. */
export interface Finding {
  /** JSON Pointer of the string in the report (`""` for scanText). */
  path: string;
  /** UTF-16 code units: `text.slice(start, end)` is the match. */
  start: number;
  end: number;
  /** Also the redaction marker: `[REDACTED:<category>]`. */
  category: FindingCategory;
  severity: Severity;
  /** The detector, e.g. `github-pat-classic`. */
  rule: string;
  /** Why it matters and what to do, in en or fr. */
  message: string;
  /** Masked, e.g. `ghp_…(40 chars)`. */
  preview: string;
  /** Found inside an encoded blob: `start`/`end` cover the blob. */
  encoding?: 'base64' | 'url';
  /** In `/attachments/N/content_base64`: `start`/`end` index its decoded text. */
  attachment?: true;
}

/** Options of `scan()`. */
export interface ScanOptions {
  /** The PSIRT profile whose policy and pin apply: a built-in name or a profile object (default `thales`). */
  profile?: ProfileInput;
  /** Language of the messages (default: the report's). */
  language?: Language;
}

/** Options of `scanText()`. */
export interface ScanTextOptions extends ScanOptions {
  /** The reporter's own address, which is not third-party personal data. */
  reporterEmail?: string;
}

/** Options of `redact()`. */
export interface RedactOptions {
  /** Findings to redact (default: `scan(report)`). */
  findings?: Finding[];
  /** Redact findings at or above this severity (default `medium`). */
  minSeverity?: Severity;
}

// ---------------------------------------------------------------------------------------------
// Sealing and opening
// ---------------------------------------------------------------------------------------------

/** The PSIRT key a report is encrypted to, as the UI shows it. */
export interface RecipientInfo {
  /** Primary key fingerprint: 40 (v4) or 64 (v6) upper-case hex digits, no spaces. */
  fingerprint: string;
  /** Fingerprint of the (sub)key encrypted to. */
  encryptionKey: string;
  userIds: string[];
  /** Human-readable: `RSA 4096`, `Curve25519`, `NIST P-384`, `X25519`… */
  algorithm: string;
  version: 4 | 6;
  /** ISO 8601 UTC, e.g. `2024-05-01T12:00:00Z`. */
  created: string;
  /** Expiry of the certificate (primary key), ISO 8601, or null. */
  expires: string | null;
  encryptionKeyExpires: string | null;
}

/** Options of `loadRecipient()`. */
export interface LoadRecipientOptions {
  /** The fingerprint the key must have (hex, spaces allowed; default: the profile's pin). */
  pin?: string;
  /** The PSIRT profile whose policy and pin apply: a built-in name or a profile object (default `thales`). */
  profile?: ProfileInput;
  /** ISO 8601: the instant expiry is judged at (tests). */
  now?: string;
}

/** A file sent with the report, as bytes. */
export interface AttachmentBytes {
  name: string;
  mediaType?: string;
  data: Uint8Array;
}

/** Options of `seal()`: the key, its pin, and what else goes in the message. */
export interface SealOptions {
  /** The PSIRT's ASCII-armored (or binary) public key. */
  key: string | Uint8Array;
  /** The fingerprint the key must have (default: the profile's pin). */
  pin?: string;
  /** The PSIRT profile whose policy and pin apply: a built-in name or a profile object (default `thales`). */
  profile?: ProfileInput;
  /** `YYYY-MM-DD`: the date dates are checked against (tests). */
  today?: string;
  /** Language of the error messages (default: the report's). */
  language?: Language;
  attachments?: AttachmentBytes[];
  /**
   * `false`: encrypt to the PSIRT only; a report whose `reporter.pgp_key` is a public key is then
   * refused (SealError `reporter-copy-refused`). Default `true`: that key gets a copy (its key
   * packet names no key: the anonymous recipient).
   */
  reporterCopy?: boolean;
}

/** What `seal()` returns: the encrypted report, ready to send, and the reporter's receipt. */
export interface Sealed {
  /** The bare ASCII-armored OpenPGP message. */
  armored: string;
  /** An RFC 3156 multipart/encrypted e-mail (CRLF line ends), ready to send. */
  eml: string;
  /** Fingerprint of the PSIRT primary key it was encrypted to. */
  fingerprint: string;
  /** Where to send it: the profile's PSIRT address. */
  to: string;
  /** The neutral outer subject (never the report's title). */
  subject: string;
  recipient: RecipientInfo;
  /**
   * Every key the message is encrypted to, the PSIRT's first; `reporter` when
   * `report.reporter.pgp_key` is an armored public key (a bare fingerprint encrypts nothing).
   */
  recipients: (RecipientInfo & { role: 'psirt' | 'reporter' })[];
  /** What the reporter keeps, for later questions of priority. */
  receipt: SealReceipt;
}

/** What the reporter keeps of a sealed report, to show later when and what they sent. */
export interface SealReceipt {
  /** A random UUID made at sealing, also inside the ciphertext (`X-Psirt-Report-Id`). */
  reportId: string;
  /** ISO 8601, UTC; also inside the ciphertext (`Date:`). */
  sealedAt: string;
  psirtFingerprint: string;
  /** Lower-case hex SHA-256 of `armored`, exactly as returned. */
  sha256: string;
}

/** Options of `open()` and `openAll()`: the PSIRT's secret key. */
export interface OpenOptions {
  /** The PSIRT's secret key, armored or binary. */
  secretKey: string | Uint8Array;
  /** The secret key's passphrase, when it is protected. */
  passphrase?: string;
  /** The PSIRT profile whose policy and pin apply: a built-in name or a profile object (default `thales`). */
  profile?: ProfileInput;
  /** `YYYY-MM-DD`: the date dates are checked against (default: today; tests set it). */
  today?: string;
}

/** What `open()` returns: the report as sent and its diagnostics. */
export interface Opened {
  /** The report as sent (check `diagnostics.valid`). */
  report: Report | null;
  /** `validate(report)` as the PSIRT sees it. */
  diagnostics: Diagnostics;
  /** The protected (real) subject. */
  subject: string;
  /** The readable text rendering. */
  text: string;
  /** Every attachment part, bytes exact. */
  attachments: AttachmentBytes[];
  /** Fingerprint of the key that decrypted it. */
  recipient: string;
  /**
   * `false` when the message decrypted but is not ours (no `report.json`): `report` is then
   * `null`, `text` and `attachments` hold what was sent, and `diagnostics` holds `open-unstructured`.
   */
  structured: boolean;
  /** How the OpenPGP message arrived. */
  form: 'pgp-mime' | 'inline' | 'armored' | 'binary';
  /** For a CNA appeal: what the coordinator's queue sorts and shows. */
  appeal?: AppealTracking;
  /** The report id of the reporter's receipt, from inside the ciphertext. */
  reportId?: string;
}

/** The coordinator's facts for a CNA appeal (`Opened.appeal`). */
export interface AppealTracking {
  /** The CNA the appeal is about, as the reporter named it. */
  cna: string | null;
  grounds: 'no_response' | 'cve_refused' | 'record_not_populated' | 'other' | null;
  cveId?: string;
  requestReference?: string;
  firstContactOn?: string;
  /** The day of receipt (YYYY-MM-DD) the due date counts from. */
  received: string;
  /** `mail-date`: the mail's `Date:` header; `today`: no mail around the message. */
  receivedFrom: 'mail-date' | 'today';
  /** The profile's acknowledgement delay in working days. */
  workingDays: number;
  /** YYYY-MM-DD: `received` plus `workingDays` working days (weekends, profile holidays skipped). */
  acknowledgementDue: string;
  /** The profile's appeal address. */
  coordinator: string;
}

/** One mail of `openAll()`: opened, or why not. */
export type OpenAllEntry =
  | { index: number; opened: Opened; error?: undefined }
  | { index: number; opened?: undefined; error: { code: string; message: string } };

/** A CVE JSON 5 record draft (`cveDraft()`): the record, and what the report could not fill. */
export interface CveDraft {
  /** `{dataType: "CVE_RECORD", dataVersion, containers: {cna}}` (no `cveMetadata`: listed in `missing`). */
  record: {
    dataType: 'CVE_RECORD';
    dataVersion: string;
    containers: { cna: Record<string, unknown> };
  };
  /** JSON Pointers into `record` of what a published record needs and the report cannot give. */
  missing: { path: string; reason: string }[];
  /** What was left out or shortened, in words. */
  notes: string[];
}

/** Options of `cveDraft()`: the CNA's metadata for the CVE record. */
export interface CveDraftOptions {
  /** The CNA's organisation UUID (`providerMetadata.orgId`). */
  orgId?: string;
  shortName?: string;
  /** CWE titles by id (`{"CWE-79": "Improper Neutralization…"}`) for problem type descriptions. */
  cweNames?: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Options, initialisation
// ---------------------------------------------------------------------------------------------

/** Options of `validate()`. */
export interface ValidateOptions {
  /** The PSIRT profile whose policy and pin apply: a built-in name or a profile object (default `thales`). */
  profile?: ProfileInput;
  /** `YYYY-MM-DD`: the date dates are checked against (tests). */
  today?: string;
}

/** Options of `renderText()`. */
export interface RenderTextOptions {
  /** Checked as `seal()` checks it; the text does not depend on it. */
  profile?: ProfileInput;
  /** Language of the error messages; the text itself is in the report's `language`, as sealed. */
  language?: Language;
  /**
   * The attachments `seal()` will be given as bytes, listed by name and size as in the sealed
   * text: `seal()`'s own `attachments` (their `data` is only measured) or `{name, size}`.
   */
  attachments?: (AttachmentBytes | { name: string; size: number })[];
}

/** Options of `cvss()`. */
export interface CvssOptions {
  /** Language of the error message. */
  language?: Language;
}

/** Options of `triage()`. */
export interface TriageOptions {
  /** The PSIRT profile whose policy and pin apply: a built-in name or a profile object (default `thales`). */
  profile?: ProfileInput;
  language?: Language;
  /** `YYYY-MM-DD`: the day the message is sent (default: today). */
  today?: string;
}

/** `WebAssembly.Module`, when the program's libraries declare it (DOM or Node types). */
export type WasmModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer M } } } ? M : never;
/** `URL`, when the program's libraries declare it (DOM or Node types). */
export type WebUrl = typeof globalThis extends { URL: { prototype: infer U } } ? U : never;
/** `Response`, when the program's libraries declare it. */
export type FetchResponse = typeof globalThis extends { Response: { prototype: infer R } } ? R : never;
/** `AbortSignal`, when the program's libraries declare it (DOM or Node types). */
export type AbortSignalType = typeof globalThis extends { AbortSignal: { prototype: infer S } } ? S : never;
/** `fetch`, when the program's libraries declare it (DOM or Node types). */
export type FetchFunction = typeof globalThis extends { fetch: infer F } ? F : never;

/**
 * Where the browser entry gets the WebAssembly module. Default: `wasm/psirt_report_bg.wasm`
 * beside the package's JavaScript (bundlers emit it as an asset).
 */
export interface InitOptions {
  /** Another place for the core `.wasm` file, `psirt_report_bg.wasm` (a CDN). */
  wasmUrl?: string | WebUrl;
  /** The core module itself: compiled, its bytes, or a fetch Response (or a promise of one). */
  module?: WasmModule | ArrayBuffer | ArrayBufferView | FetchResponse | Promise<FetchResponse>;
  /** Another place for the seal module's `.wasm` file, `psirt_report_seal_bg.wasm`. */
  sealWasmUrl?: string | WebUrl;
  /** The seal module itself (loadRecipient, seal, open), as `module`. */
  sealModule?: WasmModule | ArrayBuffer | ArrayBufferView | FetchResponse | Promise<FetchResponse>;
  /**
   * `'eager'` (default): `init()` resolves once both modules are loaded. `'idle'`: it resolves
   * once the core is (validate, scan…); the seal module loads when the page is idle, and a later
   * `await init()` waits for it.
   */
  seal?: 'eager' | 'idle';
  /**
   * The core module's expected SHA-256 as an SRI string (`sha256-BASE64`): any other module is
   * refused (code `init-integrity-mismatch`) before it runs. Use it when the `.wasm` files are
   * served from a CDN: the pinned PSIRT fingerprint lives inside the modules. Give `sealIntegrity`
   * too (one without the other is refused: the unpinned module could be swapped).
   */
  integrity?: string;
  /** The same, as 64 hexadecimal digits. */
  sha256?: string;
  /**
   * Also load the open module (`psirt_report_open_bg.wasm`: the seal module plus `open` and
   * `openAll`, the PSIRT's side, and making a reporter's key). A reporter's page needs it only to
   * make a key; Node always has it. With the core and seal modules pinned, it must be pinned too
   * (`openIntegrity`), else `init` is refused with code `init-integrity-open-unpinned`.
   */
  open?: boolean;
  /** Another place for the open module's `.wasm` file. */
  openWasmUrl?: string | WebUrl;
  /** The open module itself, as `module`. */
  openModule?: WasmModule | ArrayBuffer | ArrayBufferView | FetchResponse | Promise<FetchResponse>;
  /** The open module's expected SHA-256 (SRI), required with `open: true` when the others are pinned. */
  openIntegrity?: string;
  /** The same, as 64 hexadecimal digits. */
  openSha256?: string;
  /** The seal module's expected SHA-256 as an SRI string (`make reproducible` prints each module's). */
  sealIntegrity?: string;
  /** The same, as 64 hexadecimal digits. */
  sealSha256?: string;
  /**
   * Where WebAssembly is off (Tor Browser "Safer", --jitless, policies) the core and the seal
   * module load as JavaScript (`jscore/`, docs/jscore.md), never otherwise: their URLs, when not
   * beside this entry, and their expected SHA-256 as SRI strings (both or neither; required when
   * the wasm modules are pinned). With a hash, the checked bytes are imported from a blob: URL.
   */
  jsUrl?: string | WebUrl;
  jsSealUrl?: string | WebUrl;
  jsIntegrity?: string;
  jsSealIntegrity?: string;
}

// ---------------------------------------------------------------------------------------------
// Errors: every failure is a PsirtError subclass with a stable `code`.
// ---------------------------------------------------------------------------------------------

/** Options of the error constructors: the stable code and the underlying cause. */
export interface PsirtErrorOptions {
  code?: string;
  cause?: unknown;
}

/** Base class of every error psirt-report throws. Code `internal` means a bug (please report it). */
export class PsirtError extends Error {
  constructor(message: string, options?: PsirtErrorOptions);
  /** Stable, machine-readable: `input-type`, `key-fingerprint-mismatch`, `not-initialized`… */
  readonly code: string;
}
/** The report does not validate; nothing was encrypted. */
export class ReportInvalidError extends PsirtError {
  constructor(message: string, options?: PsirtErrorOptions & { diagnostics?: Diagnostics });
  readonly diagnostics: Diagnostics | undefined;
}
/** The recipient key was refused (codes start with `key-`), or the reporter's own key
 * (`reporter.pgp_key`, codes start with `reporter-key-`). */
export class KeyError extends PsirtError {}
/** An argument has the wrong type or cannot be read (`input-type`, `invalid-utf8`, `input-too-large`…). */
export class InputError extends PsirtError {}
/** The PSIRT profile is unknown or invalid. */
export class ProfileError extends PsirtError {}
/** A function was called before `init()` finished (browser entry); code `not-initialized`. */
export class NotInitializedError extends PsirtError {}
/** Encryption failed for a reason that is neither the report nor the key. */
export class SealError extends PsirtError {}
/** A sealed message could not be opened: not for this key, tampered with, or unreadable. */
export class OpenError extends PsirtError {}
/** The sensitive-data scanner could not run. */
export class ScanError extends PsirtError {}
/**
 * A proof-of-work stamp was refused or not made: `stamp-malformed`, `stamp-insufficient`,
 * `stamp-wrong-message`, `stamp-expired`, `stamp-future`, `stamp-replayed`, `stamp-cancelled`.
 */
export class StampError extends PsirtError {
  readonly code: StampErrorCode;
}
/** The codes a `StampError` carries. */
export type StampErrorCode =
  | 'stamp-malformed'
  | 'stamp-insufficient'
  | 'stamp-wrong-message'
  | 'stamp-expired'
  | 'stamp-future'
  | 'stamp-replayed'
  | 'stamp-cancelled';

/** Every error class by its `name` (to re-create errors that crossed a boundary as data). */
export const ERROR_CLASSES: {
  PsirtError: typeof PsirtError;
  ReportInvalidError: typeof ReportInvalidError;
  KeyError: typeof KeyError;
  InputError: typeof InputError;
  ProfileError: typeof ProfileError;
  NotInitializedError: typeof NotInitializedError;
  SealError: typeof SealError;
  OpenError: typeof OpenError;
  ScanError: typeof ScanError;
  StampError: typeof StampError;
};

// ---------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------

/**
 * Loads the WebAssembly module (browser entry); a no-op in Node, where it is loaded on import.
 * Safe to call more than once; after a failure (`init-failed`), calling it again retries.
 * A URL, bytes or a module may also be passed directly instead of an options object.
 */
export function init(options?: InitOptions | string | WebUrl | ArrayBuffer | ArrayBufferView): Promise<void>;
/** Resolves once both modules are initialised (at once in Node; after `init()` in the browser). */
export const ready: Promise<void>;

/**
 * Validates a report against the schema and the semantic rules. Never throws for what the
 * report contains: unreadable text gives `valid: false` at path `""` (`json-syntax`…).
 * @throws {InputError} a report that is neither an object, a string nor bytes
 * @throws {ProfileError}
 */
export function validate(report: ReportInput, options?: ValidateOptions): Diagnostics;
/** Sensitive data in the report's strings (and text attachments). */
export function scan(report: ReportInput, options?: ScanOptions): Finding[];
/** Sensitive data in one text; findings have path `""`. */
export function scanText(text: string | Uint8Array, options?: ScanTextOptions): Finding[];
/** A new report with each finding's span replaced by `[REDACTED:<category>]`. */
export function redact<T extends object = Report>(report: T | string | Uint8Array, options?: RedactOptions): T;
/**
 * Reads and judges a PSIRT key: pin, expiry, revocation, encryption subkey.
 * @throws {KeyError}
 */
export function loadRecipient(key: string | Uint8Array, options?: LoadRecipientOptions): RecipientInfo;
/**
 * Judges the reporter's own public key as seal() will (the PSIRT key's policy,
 * no pin); `null` for a bare fingerprint, which encrypts nothing.
 * @throws {KeyError} codes `reporter-key-*`
 */
export function loadReporterKey(key: string, options?: { now?: string; language?: 'en' | 'fr' }): RecipientInfo | null;
/** A key made for the reporter. */
export interface GeneratedKey {
  /** Armored secret key, protected by the passphrase (iterated+salted SHA-256 S2K, AES-256). */
  secretKey: string;
  /** Armored public key: what goes into `reporter.pgp_key`. */
  publicKey: string;
  fingerprint: string;
  userId: string;
}
/**
 * Makes a v4 Curve25519 key for the reporter (the open module).
 * @throws {InputError} code `reporter-key-passphrase-short`
 */
export function generateKey(
  params: { name?: string; email?: string; passphrase: string },
  options?: { language?: 'en' | 'fr' },
): GeneratedKey;
/** One PKESK of an inspected message: the recipient as the packet names it. */
export interface InspectedRecipient {
  version: number;
  /** v3 PKESK: the key ID, upper-case hex. */
  keyId?: string;
  /** v6 PKESK: the fingerprint (absent for an anonymous recipient). */
  fingerprint?: string;
  /** An anonymous recipient (v3 key ID of zeros, v6 without fingerprint). */
  wildcard: boolean;
  algorithm?: number;
}
/** What inspectMessage() sees without decrypting. */
export interface Inspection {
  form: 'armored' | 'binary' | 'pgp-mime' | 'inline';
  packets: string[];
  recipients: InspectedRecipient[];
  wildcardRecipients: number;
  skesk: number;
  literal: boolean;
  compressed: boolean;
  signed: boolean;
  encrypted: 'seipd-v1' | 'seipd-v2' | 'sed' | 'gnupg-aead' | null;
  encryptedBytes: number;
  size: number;
  /** The armored block found inside a mail, when the input was a mail. */
  armored?: string;
}
/**
 * What a message is made of, without decrypting it (no key needed; the open module).
 * @throws {InputError} code `inspect-not-openpgp`
 */
export function inspectMessage(message: string | Uint8Array, options?: { language?: 'en' | 'fr' }): Inspection;
/**
 * pgpMime()'s envelope alone: `head + body + tail` is the `.eml`, `body` the armored message with
 * CRLF line ends and no line end after its END line (the open module).
 */
export function pgpMimeEnvelope(envelope: { to: string; subject: string; now: number; messageId: string; boundary: string }): { head: string; tail: string };
/** The RFC 3156 `.eml` around an armored message, with seal()'s envelope (the open module). */
export function pgpMime(
  armored: string,
  envelope: { to: string; subject: string; now: number; messageId: string; boundary: string },
): string;
/**
 * Validates the report, checks the key against the pin, encrypts the report (and attachments).
 * @throws {ReportInvalidError | KeyError | InputError | ProfileError | SealError}
 */
export function seal(report: ReportInput, options: SealOptions): Sealed;
/**
 * `seal()`, asynchronous: the same checks, errors and result, with the bulk encryption on the
 * browser's WebCrypto instead of AES compiled to WebAssembly (several times faster on large
 * attachments; `psirt-report/worker` uses it). In Node, and for v6 keys, it is `seal()`.
 */
export function sealAsync(report: ReportInput, options: SealOptions): Promise<Sealed>;
/**
 * Decrypts a sealed report (`.asc` or `.eml`) with the PSIRT's secret key.
 * @throws {OpenError | KeyError | InputError}
 */
export function open(message: string | Uint8Array, options: OpenOptions): Opened;
/**
 * Opens every mail of an `.mbox` (or the one message given), each on its own.
 * @throws {OpenError | InputError} only when nothing can be tried (unreadable key, too large)
 */
export function openAll(message: string | Uint8Array, options: OpenOptions): OpenAllEntry[];
/**
 * A CVE JSON 5 record draft (`containers.cna`) from an opened vulnerability report.
 * @throws {InputError} code `cve-draft-unstructured` or `cve-draft-channel`
 */
export function cveDraft(opened: Pick<Opened, 'report' | 'diagnostics'> & { structured?: boolean }, options?: CveDraftOptions): CveDraft;
/** The CVE JSON record format version of the drafts (`5.1.1`). */
export const CVE_DATA_VERSION: string;
/** The report JSON Schema (draft 2020-12), as a fresh object. */
export function schema(): JsonSchema;
/** A built-in profile by name, or a profile object checked against the profile schema. */
export function profile(nameOrObject: ProfileInput): ResolvedProfile;
/** Where a kind of contact goes under the profile's policy. */
export function triage(kind: TriageKind, options?: TriageOptions): Route;
/**
 * The readable text of a report exactly as `seal()` puts it in the sealed message (same function,
 * the report's own language), for review before sealing; a report not valid yet renders what it
 * holds. `seal()`'s options may be passed as they are.
 * @throws {InputError} the report is not readable JSON (`json-syntax`, `not-an-object`…)
 * @throws {ProfileError}
 */
export function renderText(report: ReportInput, options?: RenderTextOptions): string;
/**
 * Scores one CVSS 3.0, 3.1 or 4.0 vector as `validate()` does (`diagnostics.cvss`).
 * @throws {InputError} code `cvss-invalid` (as `validate()` reports it), message in `language`
 */
export function cvss(vector: string, options?: CvssOptions): CvssScore;

/** The core's input limits (bytes and counts), so a caller checks a size before reading a file. */
export interface Limits {
  report_bytes: number;
  depth: number;
  key_bytes: number;
  attachments: number;
  attachment_bytes: number;
  message_bytes: number;
}
/** The core's input limits. */
export function limits(): Limits;

// Key discovery, pinned.
/** How a key was found: Web Key Directory (advanced, direct) or security.txt's `Encryption:`. */
export type DiscoveryMethod = 'wkd-advanced' | 'wkd-direct' | 'security-txt';
/**
 * One request of a discovery: `code` is `found`, `read` (a security.txt that was read), or why it
 * gave nothing: `discover-not-found`, `discover-impostor` (with `fingerprint`), `discover-key-refused`
 * (with `cause`), `discover-network`, `discover-timeout`, `discover-http`, `discover-too-large`,
 * `discover-insecure-url`, `discover-insecure-redirect`, `discover-unsupported-uri`,
 * `discover-fingerprint-only` (an `openpgp4fpr:` entry equal to the pin: no key to fetch).
 */
export interface DiscoveryAttempt {
  method: DiscoveryMethod;
  url: string;
  code: string;
  fingerprint?: string | null;
  cause?: { code: string; message: string };
  detail?: string;
}
/** Options of `discoverKey()`. */
export interface DiscoverKeyOptions {
  /** The fingerprint candidates must have; default the profile's pin. */
  pin?: string;
  /** Profile name or object whose pin applies (default `thales`). */
  profile?: ProfileInput;
  /** ISO 8601 time to judge expiry at (tests). */
  now?: string;
  language?: 'en' | 'fr';
  /** The fetch to use (default `globalThis.fetch`). */
  fetch?: FetchFunction;
  /** Per request, in ms (default 10 000). */
  timeout?: number;
  /** For the whole search (every request and redirect), in ms (default 30 000); then `discover-timeout`. */
  deadline?: number;
  signal?: AbortSignalType;
  /** Which methods, in which order (default all three, in the order of the type). */
  methods?: DiscoveryMethod[];
}
/** What `discoverKey()` returns: the pinned key, where it was found, and every request made. */
export interface DiscoveredKey {
  /** The key as served (binary from WKD; binary or armored from security.txt's URL). */
  key: Uint8Array;
  method: DiscoveryMethod;
  /** Where it came from (after redirects). */
  url: string;
  /** `loadRecipient`'s judgement of it: its fingerprint is the pin. */
  recipient: RecipientInfo;
  attempts: DiscoveryAttempt[];
}
/**
 * Finds the PSIRT's key by Web Key Directory (advanced, then direct method), then the
 * `Encryption:` field of `https://<domain>/.well-known/security.txt`, keeping only a key whose
 * primary fingerprint is the pin. The error's `attempts` lists every request and its outcome.
 *
 * **It fetches URLs chosen by the domain's owner**: whoever controls the address's domain
 * decides what its WKD and security.txt answer, which key URLs security.txt names and where each
 * redirects (https only). Requests carry no credentials and nothing of a report, and a domain or
 * host that is an IP literal or a single label (`localhost`, `intranet`) is refused (an address:
 * `discover-bad-email`; a URL: `discover-host-refused`), so a caller passing an address it was
 * given cannot be made to probe its own machine by IP; a public name that resolves to a private
 * address is not detected. Run it where such requests are acceptable, with a `deadline`.
 * @throws {KeyError} code `discover-impostor`, `discover-not-found`, `discover-network`,
 *   `discover-host-refused`, `discover-timeout`, …
 * @throws {InputError} code `discover-bad-email`; `input-type` for a bad `deadline`
 */
export function discoverKey(email: string, options?: DiscoverKeyOptions): Promise<DiscoveredKey>;
/** The discovery URLs of an address (WKD advanced and direct, security.txt). */
export function discoveryUrls(email: string): Promise<{ local: string; domain: string; hash: string; advanced: string; direct: string; securityTxt: string }>;
/** z-base-32(SHA-1(lower-cased local part)): the WKD hash. */
export function wkdHash(local: string): Promise<string>;
/** z-base-32 encoding (the alphabet `ybndrfg8ejkmcpqxot1uwisza345h769`). */
export function zbase32(bytes: Uint8Array): string;
/** Reads a security.txt (RFC 9116), signed or not; the signature is not checked. */
export function parseSecurityTxt(text: string): { fields: { name: string; value: string }[]; encryption: string[]; expires: string | null; signed: boolean };
/** Discovery's limits: key bytes (the core's), security.txt bytes, timeout per request, redirects. */
export const DISCOVER_LIMITS: { readonly keyBytes: number; readonly securityTxtBytes: number; readonly timeoutMs: number; readonly redirects: number };

// Anti-spam stamps without tracking (pkg/lib/stamp.js).

/** Options of `mintStamp()`. */
export interface MintStampOptions {
  /** Leading zero bits (0–64): 2^bits SHA-256 computations on average. */
  bits: number;
  /** The minting time written in the stamp (default now). */
  date?: Date | number;
  /** Cancels the search: rejects with StampError `stamp-cancelled`. */
  signal?: AbortSignalType;
  /** How long each slice of work runs before yielding to other tasks, in ms (default 50). */
  sliceMs?: number;
  /** Called at each yield. */
  onProgress?: (progress: { tries: number; expected: number; elapsedMs: number }) => void;
  /** The intake the stamp is for (its URL): the stamp names it (`psirt2`), another intake refuses it. */
  audience?: string;
  /**
   * How to hash: `'js'` the JavaScript loop, `'webcrypto'` batches of `crypto.subtle.digest`;
   * default the loop, switching to WebCrypto when the loop turns out to run without a JIT.
   */
  hash?: 'js' | 'webcrypto';
}

/**
 * A hashcash-style stamp bound to `armored` (the sealed message's armored text):
 * `psirt1:<bits>:<YYYYMMDDhhmmss UTC>:<hex SHA-256 of armored, LF line ends>:<nonce>:<counter>`,
 * whose SHA-256 has at least `bits` leading zero bits. For scripts; the form mints in its worker.
 */
export function mintStamp(armored: string, options: MintStampOptions): Promise<string>;

/** Options of `verifyStamp()` and `checkStamp()`: the difficulty, the clock and the replay store. */
export interface VerifyStampOptions {
  /** The difficulty the endpoint requires (the profile's `stamp.bits`). */
  bits: number;
  /** Older stamps are refused (`stamp-expired`); default 86400. */
  maxAgeSeconds?: number;
  /** Stamps dated further ahead of `now` are refused (`stamp-future`); default 300. */
  maxFutureSeconds?: number;
  /** The endpoint's clock (default now). */
  now?: Date | number;
  /** This intake's URL: a stamp naming another intake, or none, is refused (`stamp-wrong-audience`). */
  audience?: string;
  /**
   * Stamps already accepted: a Set (a passing stamp is added to it), a function that atomically
   * checks and records a stamp (true: it was there), or such a store as an object. A hit:
   * `stamp-replayed`.
   */
  seen?:
    | Set<string>
    | ((stamp: string) => boolean)
    | {
        /** True when the stamp was accepted before (read only). */
        has?: (stamp: string) => boolean;
        /** Atomically: true when the stamp was there, else records it and returns false. */
        checkAndInsert: (stamp: string) => boolean;
      };
}

/** Checks a stamp against the message it must be bound to; throws a StampError when it fails. */
export function verifyStamp(
  stamp: string,
  armored: string,
  options: VerifyStampOptions,
): { ok: true; bits: number; date: Date; audience?: string };
/** What verifyStamp() checks without the message (an intake, from the request header). */
export function checkStamp(
  stamp: string,
  options: VerifyStampOptions,
): { bits: number; date: Date; audience?: string; resource: string };
/** A stamp audience as stamps name it: the URL's origin and path. */
export function stampAudience(url: string): string;
