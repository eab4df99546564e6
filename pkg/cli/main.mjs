#!/usr/bin/env node
/**
 * The psirt-report command line: validate reports, seal them to the pinned
 * PSIRT key, print the schema, triage a message kind.
 *
 * Exit status: 0 ok; 1 a report is invalid or refused; 2 usage error or
 * unreadable input; 3 key problem. With several files, the highest.
 *
 * Nothing here prints a stack trace or any part of a report: errors are one
 * line each, `FILE: /json/pointer: code: message`, on stderr.
 */

import { readFileSync, readdirSync, statSync, writeFileSync, renameSync, mkdirSync, unlinkSync, linkSync } from 'node:fs';
import { join, parse as parsePath, basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;
const EXIT_KEY = 3;

/**
 * Diagnostic codes meaning "this is not a readable report at all" (exit 2, not 1): the core's,
 * then the CLI's own for files it could not read.
 */
const UNREADABLE_CODES = new Set([
  'json-syntax',
  'json-too-deep',
  'not-an-object',
  'input-too-large',
  'file-not-found',
  'file-unreadable',
  'invalid-utf8',
]);
/**
 * The core's limits on a report, a public key, attachments and a message to open, read from the
 * wasm modules when the API loads (`limits()`), never copied: checked before reading, so a huge
 * file is never loaded. Profiles and secret keys have no limit in the core: the CLI's own.
 */
let LIMITS = null;
const limit = (name) => LIMITS[name];
const MAX_PROFILE_BYTES = 8 * 1024 * 1024;
const MAX_SECRET_KEY_BYTES = 8 * 1024 * 1024;

const GLOBAL_OPTIONS = ['profile', 'demo', 'lang', 'today', 'help', 'version'];
const COMMAND_OPTIONS = {
  validate: ['json'],
  seal: ['key', 'pin', 'out', 'json', 'attach'],
  open: ['secret-key', 'passphrase-file', 'out', 'json', 'cve-draft', 'maildir'],
  triage: ['json'],
  schema: [],
  scan: ['json'],
  redact: ['out', 'min-severity'],
  bulk: ['out', 'key', 'pin', 'smtp', 'from', 'post', 'dry-run', 'concurrency', 'allow-findings', 'map', 'retries', 'retry-delay', 'json', 'stamp-bits', 'insecure-plaintext-smtp-loopback'],
  intake: ['listen', 'maildir', 'key', 'pin', 'smtp', 'from', 'allow-origin', 'public-url', 'stamp-bits', 'max-bytes', 'max-recipients', 'max-connections', 'rate', 'retry-delay', 'insecure-plaintext-smtp-loopback'],
};

const HELP = `psirt-report: validate a vulnerability report and encrypt it to the pinned PSIRT key.

Usage:
  psirt-report validate FILE... [--json]
  psirt-report seal FILE --key KEY.asc [--pin FINGERPRINT] [--out DIR] [--attach FILE]... [--json]
  psirt-report open MSG.asc|MSG.eml|MAIL.mbox --secret-key KEY.asc [--passphrase-file F] [--out DIR] [--cve-draft] [--json]
  psirt-report open --maildir DIR --secret-key KEY.asc [same options]
  psirt-report intake --listen HOST:PORT --maildir DIR [--demo | --profile P --key K]
               [--smtp URL --from ADDR] [--allow-origin ORIGIN]... [--public-url URL]
               [--stamp-bits N] [--max-bytes N] [--max-recipients N] [--rate N/MIN]
               [--insecure-plaintext-smtp-loopback]
  psirt-report triage KIND [--json]
  psirt-report scan FILE... [--json] [--lang en|fr]
  psirt-report redact FILE [--out FILE] [--min-severity critical|high|medium|info]
  psirt-report bulk DIR|FILE.jsonl|FILE.csv --out DIR --key KEY.asc [--pin F]
               (--smtp smtp[s]://HOST:PORT --from ADDR | --post URL | --dry-run)
               [--concurrency N] [--map MAP.json] [--allow-findings] [--retries N]
               [--retry-delay MS] [--json] [--insecure-plaintext-smtp-loopback]
  psirt-report schema
  psirt-report --help | --version

Commands:
  validate  Check each report against the schema and the policy's rules. Each error is
            one line on stderr: FILE: /json/pointer: code: message (in the report's
            language); warnings read FILE: /json/pointer: warning: code: message.
  seal      Validate FILE, then encrypt it to the PSIRT key in KEY.asc (ASCII-armored).
            The key must have the pinned fingerprint: --pin, else the profile's pin.
            Without --out, the armored message goes to stdout. With --out DIR, it is
            written to DIR/NAME.asc, with the RFC 3156 e-mail DIR/NAME.eml beside it
            (NAME: FILE's name without its extension; each written to a temporary file,
            then renamed) and the paths are printed. --attach adds any file as an
            attachment (repeatable; at most 50 files, 32 MiB in total). The plaintext is
            a PGP/MIME entity: readable text, report.json, the attachments, padded to a
            size bucket.
  open      Decrypt MSG (.asc or .eml) with the secret key in KEY.asc (the PSIRT's side),
            check its integrity, validate its report.json. Prints the subject and the
            diagnostics; without --out, the readable text on stdout; with --out DIR,
            writes report.json and every attachment into DIR (names made safe; an
            existing file is never overwritten: a -1, -2… suffix is added). MSG may be
            the .eml as a mail client re-encoded it (base64, quoted-printable, LF),
            inline PGP in a mail, a forwarded mail, a binary .gpg, or an .mbox (each
            mail opened). A message without report.json is decrypted and shown, marked
            unstructured (exit 1). A CNA appeal shows its acknowledgement due date.
  intake    Receive sealed reports over HTTP (POST /reports) and store each one, as an
            RFC 3156 .eml, in the Maildir DIR (new/), never able to read them: each is
            checked without decrypting (encrypted to the pinned PSIRT key only, nothing
            readable, a valid anti-spam stamp for --public-url). GET /healthz, GET
            /metrics (Prometheus). The contract and every refusal code: docs/intake.md.
  triage    Say where a message of this KIND goes under the policy: vulnerability,
            data_leak, infrastructure_incident, sales, cna_appeal.
  schema    Print the report JSON Schema (draft 2020-12).
  scan      Find sensitive data in each report (every text field and text attachment) or,
            for a file that is not JSON, in its text: credentials, personal data, third-
            party contact data, internal hosts. One line per finding on stdout:
            FILE:/json/pointer:start-end severity category rule preview: message
            (start-end in UTF-16 units of that string; preview masked, never the value).
  redact    Print FILE with every finding at or above --min-severity (default medium)
            replaced by [REDACTED:category]; with --out, write it there (temporary file,
            then rename) instead.
  bulk      Validate, scan and seal every report of a folder (*.json, *.jsonl, *.csv), a
            JSON Lines file (one report per line) or a CSV file (one per row, --map), on
            --concurrency worker threads (default: the number of cores); write
            OUT/NAME.asc and OUT/NAME.eml, deliver each one, and write OUT/summary.json.
            --smtp sends the PGP/MIME .eml through an SMTP server over TLS (smtps://, or
            STARTTLS required for smtp://: a server without it is refused before AUTH or
            MAIL FROM; --insecure-plaintext-smtp-loopback allows plaintext to a test server
            on this machine only, without credentials); user and password from
            PSIRT_SMTP_USER / PSIRT_SMTP_PASSWORD, never argv;
            --post sends the armored message to an intake URL (docs/intake.md:
            Content-Type: application/pgp-encrypted, a PSIRT-Stamp minted for that URL,
            of the profile's difficulty or --stamp-bits, Idempotency-Key: the
            Message-ID; bearer token from PSIRT_POST_TOKEN; redirects never followed)
            and records its receipt;
            --dry-run seals and writes only. Temporary failures (4xx, connection lost)
            are retried --retries times (default 4) with backoff from --retry-delay
            (default 1000 ms); permanent ones (5xx) are not. A report with critical
            findings is blocked unless --allow-findings. OUT/journal.jsonl records each
            report's state: run the same command again after a crash and it finishes
            the job, sending nothing twice (see README, Bulk submission).

Options:
  --profile NAME|FILE.json  PSIRT profile: thales (default), demo, or a profile file.
                            Default from the environment: PSIRT_REPORT_PROFILE.
  --demo                    Same as --profile demo: the demo key, never a real PSIRT.
  --key KEY.asc             (seal) the recipient's armored public key.
  --pin FINGERPRINT         (seal) the fingerprint the key must have (spaces allowed).
  --out DIR                 (seal) write DIR/NAME.asc and DIR/NAME.eml instead of printing;
                            (open) write report.json and the attachments into DIR.
  --attach FILE             (seal) attach FILE (repeatable).
  --smtp URL, --from ADDR   (bulk) deliver through this SMTP server, from this sender;
                            (intake) forward each report there (TLS required, as bulk).
  --post URL                (bulk) deliver to this HTTPS intake endpoint.
  --dry-run                 (bulk) seal and write, deliver nothing.
  --concurrency N           (bulk) sealing worker threads (default: number of cores).
  --map MAP.json            (bulk) CSV column → field path: {"columns": {"Title": "title",
                            "Product": "affected.0.product"}, "defaults": {...}}.
  --allow-findings          (bulk) seal reports with critical findings too.
  --secret-key KEY.asc      (open) the PSIRT's secret key (armored or binary).
  --passphrase-file F       (open) the secret key's passphrase: the first line of F.
  --maildir DIR             (open) open every message in DIR/new and DIR/cur;
                            (intake) the Maildir the reports are stored in.
  --listen HOST:PORT        (intake) where to listen (default 127.0.0.1:8081).
  --public-url URL          (intake) the URL reporters post to, which stamps must name
                            (default http://HOST:PORT/reports).
  --allow-origin ORIGIN     (intake) a page origin allowed to post (CORS; repeatable).
  --stamp-bits N            (intake) stamp difficulty (default: the profile's);
                            (bulk --post) the difficulty of the stamps minted.
  --cve-draft               (open) a CVE JSON 5 record draft of each vulnerability report
                            (containers.cna; "missing" lists what the CNA must add) on
                            stdout, or cve-draft.json in the --out folder.
  --lang en|fr              Language of triage answers and of seal's key errors.
                            Report diagnostics follow the report's "language" field.
  --today YYYY-MM-DD        Check dates against this day (reproducible runs).
  --json                    Machine output on stdout, described below.
  -h, --help                This help.
  -V, --version             The version.

JSON output (--json), on stdout:
  validate, one FILE    {"file", "valid", "errors": [{"path", "code", "message"}],
                         "warnings": [same], "cvss"?: {"v3"?, "v4"?: {"vector", "score",
                         "severity"}}}. "path" is a JSON Pointer ("" for the whole file).
  validate, FILE...     with more than one FILE: an array of those objects, in order.
                        A file that cannot be read has valid false and one error at path
                        "": file-not-found, file-unreadable, invalid-utf8, input-too-large,
                        json-syntax, json-too-deep or not-an-object.
  seal                  {"file", "fingerprint", "to", "subject", "recipient", "recipients",
                        "receipt": {"reportId", "sealedAt", "psirtFingerprint", "sha256"},
                        "armored"};
                        with --out, "out" and "eml" (the paths written) instead of
                        "armored". On failure
                        {"file", "error": {"kind", "code", "message"}, "diagnostics"?}.
  triage                {"kind", "decision", "to"?, "url"?, "message", "acknowledgement_due"?}
  scan                  [{"file", "findings": [{"path", "start", "end", "category", "severity",
                        "rule", "message", "preview", "encoding"?, "attachment"?}]}], one per
                        FILE; an unreadable FILE has "error": {"code", "message"} instead.
  bulk                  one JSON object per line: each report as it finishes {"name",
                        "source", "status": sent|sealed|invalid|blocked|failed|duplicate,
                        "errors"?, "findings"? (path, rule, severity; never the value),
                        "fingerprint"?, "sha256"? (of NAME.asc), "message_id"?, "reply"?,
                        "attempts"?, "reason"?: {"code", "message"}, "in_doubt"?,
                        "resumed"?, "resealed"?, "duplicate_of"?}; then the summary
                        {"summary": {"mode", "total", "counts", "ok", "recipient", ...}}.
  open                  {"file", "form": pgp-mime|inline|armored|binary, "structured",
                        "subject", "recipient", "diagnostics", "appeal"? {"cna", "grounds",
                        "received", "receivedFrom", "workingDays", "acknowledgementDue", ...},
                        "attachments": [{"name", "mediaType", "size", "path"?}], "report"?:
                        path, "text"?: path (unstructured), "cveDraft"? {"record", "missing",
                        "notes"}}; on failure {"file", "error": {"kind", "code", "message"}}.
                        An .mbox of several mails: {"file", "messages": [the same, with
                        "index"]} (--out DIR: DIR/INDEX/ per mail).

Exit status (scan: 0 nothing at or above medium, 1 findings at or above medium, 2 unreadable):
  0 ok; 1 a report is invalid, or triage refuses it; 2 usage error or unreadable input
  (missing file, not UTF-8, not JSON, not an object, too large, too deep); 3 key problem
  (not the pinned key, unreadable, revoked, expired, no encryption subkey, a secret key;
  open: the message is not for this key, or the secret key is unreadable). open: 1 the
  message was tampered with or its report is invalid, 2 it is not a message. With several
  files, the highest. bulk: 0 every report delivered (--dry-run: sealed); 1 any report
  invalid, blocked or failed; 2 usage; 3 key problem.
`;

/** An error that ends the command with one line on stderr and an exit status. */
class CliError extends Error {
  constructor(message, exit, code) {
    super(message);
    this.exit = exit;
    this.code = code;
  }
}

const usage = (message) => new CliError(`${message} (see psirt-report --help)`, EXIT_USAGE, 'usage');

/**
 * Make text safe for a terminal line: control characters, line separators
 * and bidi overrides (which could come from a report's keys or a file name)
 * are shown escaped instead of being interpreted.
 */
function clean(text) {
  return String(text).replace(UNSAFE, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
}

/**
 * What a terminal would interpret or reorder: C0 and C1 controls, DEL, the line and paragraph
 * separators, and every bidi mark and control (ALM U+061C, LRM/RLM U+200E/F, the embeddings and
 * overrides U+202A–U+202E, the isolates U+2066–U+2069).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
/** UNSAFE less the C0 controls, which JSON.stringify already escapes in strings (outside them, its line breaks are its own). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/**
 * JSON for a terminal (and for files an analyst may `cat`): `JSON.stringify`, with every
 * character it leaves as is that a terminal would act on (DEL, C1 controls, bidi marks,
 * U+2028/9: UNSAFE_IN_JSON) written as a
 * `\uXXXX` escape. Outside strings JSON is ASCII, so this only touches strings, and the text
 * stays valid JSON that parses back to the same value.
 */
function terminalJson(value, replacer, space) {
  return JSON.stringify(value, replacer, space).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `clean` for a block of text: each line cleaned, line breaks and tabs kept. */
function cleanBlock(text) {
  return String(text)
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.split('\t').map(clean).join('\t'))
    .join('\n');
}

/** Files that may hold report plaintext are readable by their owner only, in a folder only they can enter. */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

const out = (line) => process.stdout.write(`${line}\n`);
const err = (line) => process.stderr.write(`${line}\n`);

function version() {
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
}

/** The API over the wasm module, loaded only by commands that need it. */
async function loadApi() {
  try {
    const api = await import('../node.mjs');
    LIMITS ??= api.limits();
    return api;
  } catch (e) {
    if (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'ENOENT') {
      throw new CliError(
        'the WebAssembly module is missing (pkg/wasm/): build it with `make wasm`',
        EXIT_USAGE,
        'wasm-missing',
      );
    }
    throw e;
  }
}

/**
 * Read a file as strict UTF-8 text, refusing what is too large before
 * reading it. Throws a CliError (exit 2) whose code is also a diagnostic code.
 */
function readText(file, maxBytes, what = 'file') {
  const bytes = readBytes(file, maxBytes, what);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError('not valid UTF-8 text', EXIT_USAGE, 'invalid-utf8');
  }
}

/** Exit status for one Diagnostics object. */
function exitFor(diagnostics) {
  if (diagnostics.valid) return EXIT_OK;
  return diagnostics.errors.some((e) => UNREADABLE_CODES.has(e.code)) ? EXIT_USAGE : EXIT_INVALID;
}

function diagnosticLine(file, d, severity) {
  const parts = [clean(file)];
  if (d.path) parts.push(clean(d.path));
  if (severity) parts.push(severity);
  parts.push(clean(d.code), clean(d.message));
  return parts.join(': ');
}

function cvssText(cvss) {
  const scores = [];
  for (const [version, s] of Object.entries(cvss ?? {})) {
    if (s && typeof s.score === 'number') scores.push(`CVSS ${version} ${s.score.toFixed(1)} ${clean(s.severity)}`);
  }
  return scores.join(', ');
}

function printDiagnostics(file, diagnostics) {
  for (const d of diagnostics.errors) err(diagnosticLine(file, d));
  for (const d of diagnostics.warnings ?? []) err(diagnosticLine(file, d, 'warning'));
}

/** A Diagnostics-shaped object for a file that could not be read. */
function unreadable(file, e) {
  return {
    file,
    valid: false,
    errors: [{ path: '', code: e.code, message: e.message }],
    warnings: [],
  };
}

/** The profile option for the API: a name, a profile object, or undefined (core default). */
function profileOption(values) {
  if (values.demo && values.profile !== undefined && values.profile !== 'demo') {
    throw usage(`--demo conflicts with --profile ${clean(values.profile)}`);
  }
  const spec = values.demo ? 'demo' : (values.profile ?? process.env.PSIRT_REPORT_PROFILE);
  if (spec === undefined || spec === '') return undefined;
  if (spec === 'thales' || spec === 'demo') return spec;
  let text;
  try {
    text = readText(spec, MAX_PROFILE_BYTES, 'profile');
  } catch (e) {
    throw new CliError(`profile ${clean(spec)}: ${e.message}`, EXIT_USAGE, 'profile-unreadable');
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`profile ${clean(spec)}: not valid JSON`, EXIT_USAGE, 'profile-invalid');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError(`profile ${clean(spec)}: not a JSON object`, EXIT_USAGE, 'profile-invalid');
  }
  return value;
}

/** Exit status and one-line text for an API error. */
function apiFailure(e) {
  const kinds = {
    ReportInvalidError: ['report', EXIT_INVALID],
    KeyError: ['key', EXIT_KEY],
    InputError: ['input', EXIT_USAGE],
    ProfileError: ['profile', EXIT_USAGE],
  };
  const [kind, exit] = kinds[e?.name] ?? ['internal', EXIT_USAGE];
  return { kind, exit, code: e?.code ?? 'internal', message: e?.message ?? String(e) };
}

async function cmdValidate(files, values, common) {
  if (files.length === 0) throw usage('validate needs at least one FILE');
  const api = await loadApi();
  const results = [];
  let status = EXIT_OK;
  for (const file of files) {
    let result;
    try {
      const text = readText(file, limit('report_bytes'), 'report');
      result = { file, ...api.validate(text, common) };
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      result = unreadable(file, e);
    }
    results.push(result);
    const exit = exitFor(result);
    status = Math.max(status, exit);
    if (values.json) continue;
    printDiagnostics(file, result);
    const warnings = result.warnings?.length ?? 0;
    const extra = [
      cvssText(result.cvss),
      warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : '',
    ].filter(Boolean);
    const tail = extra.length ? ` (${extra.join('; ')})` : '';
    if (exit === EXIT_OK) out(`${clean(file)}: valid${tail}`);
    else if (exit === EXIT_INVALID) {
      const n = result.errors.length;
      err(`${clean(file)}: invalid, ${n} error${n > 1 ? 's' : ''}${tail}`);
    }
  }
  if (values.json) out(terminalJson(results.length === 1 ? results[0] : results, null, 2));
  return status;
}

/** Write `text` to `path` through a temporary file in the same directory, so `path` is never half-written. */
function writeAtomically(path, text) {
  const { dir, base } = parsePath(path);
  const temp = join(dir, `.${base}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx', mode: FILE_MODE });
    renameSync(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // nothing was created
    }
    throw new CliError(`cannot write ${clean(path)} (${e?.code ?? 'error'})`, EXIT_USAGE, 'output-unwritable');
  }
}

async function cmdSeal(files, values, common) {
  if (files.length !== 1) throw usage('seal takes exactly one FILE');
  if (values.key === undefined) throw usage('seal needs --key KEY.asc, the PSIRT public key');
  const [file] = files;
  // Loaded first: the size limits checked below come from it.
  const api = await loadApi();
  const fail = (exit, code, message, kind, diagnostics) => {
    if (values.json) {
      out(terminalJson({ file, error: { kind, code, message }, ...(diagnostics && { diagnostics }) }, null, 2));
    }
    return exit;
  };

  let text;
  try {
    text = readText(file, limit('report_bytes'), 'report');
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    if (!values.json) err(`${clean(file)}: ${e.code}: ${e.message}`);
    return fail(e.exit, e.code, e.message, 'input');
  }
  let key;
  const attachments = [];
  try {
    // Armored or binary: the core reads both (and refuses what is not a key, exit 3).
    key = readBytes(values.key, limit('key_bytes'), 'key');
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    if (!values.json) err(`${clean(values.key)}: ${e.code}: ${e.message}`);
    return fail(e.exit, e.code, e.message, 'input');
  }
  let total = 0;
  for (const path of values.attach ?? []) {
    try {
      const data = readBytes(path, limit('attachment_bytes') - total, 'attachments');
      total += data.length;
      attachments.push({ name: basename(path), mediaType: mediaTypeOf(path), data });
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      if (!values.json) err(`${clean(path)}: ${e.code}: ${e.message}`);
      return fail(e.exit, e.code, e.message, 'input');
    }
  }

  let sealed;
  try {
    sealed = api.seal(text, { ...common, key, pin: values.pin, language: values.lang, attachments });
  } catch (e) {
    const f = apiFailure(e);
    if (f.kind === 'internal') throw e;
    if (f.kind === 'report' && e.diagnostics) {
      const exit = exitFor(e.diagnostics);
      if (!values.json) {
        printDiagnostics(file, e.diagnostics);
        err(`${clean(file)}: not sealed: the report is not valid`);
      }
      return fail(exit, f.code, f.message, f.kind, e.diagnostics);
    }
    const where = f.kind === 'key' ? values.key : f.kind === 'report' ? file : 'psirt-report';
    if (!values.json) err(`${clean(where)}: ${clean(f.code)}: ${clean(f.message)}`);
    return fail(f.exit, f.code, f.message, f.kind);
  }

  const { armored, fingerprint, to, subject, recipient, recipients, receipt } = sealed;
  const isDemo = common.profile === 'demo' || common.profile?.demo === true;
  // The receipt (issue 16 item 5): what the reporter keeps for later questions of priority — the
  // report id (inside the ciphertext), the time and the SHA-256 of the armored message as written.
  const note =
    `${clean(file)}: sealed for ${clean(to)}, key ${clean(fingerprint)}${isDemo ? ' (DEMO — not Thales)' : ''}` +
    (receipt ? `\n${clean(file)}: receipt: report ${clean(receipt.reportId)}, sealed ${clean(receipt.sealedAt)}, sha256 ${clean(receipt.sha256)}` : '') +
    (recipients?.some((r) => r.role === 'reporter') ? `\n${clean(file)}: also encrypted to the reporter's own key (reporter.pgp_key)` : '');
  if (values.out === undefined) {
    if (values.json) out(terminalJson({ file, fingerprint, to, subject, recipient, recipients, receipt, armored }, null, 2));
    else {
      process.stdout.write(armored);
      err(note);
    }
    return EXIT_OK;
  }
  try {
    mkdirSync(values.out, { recursive: true, mode: DIR_MODE });
  } catch (e) {
    throw new CliError(`cannot create ${clean(values.out)} (${e?.code ?? 'error'})`, EXIT_USAGE, 'output-unwritable');
  }
  const path = join(values.out, `${parsePath(file).name}.asc`);
  const emlPath = join(values.out, `${parsePath(file).name}.eml`);
  writeAtomically(path, armored);
  try {
    writeAtomically(emlPath, sealed.eml);
  } catch (e) {
    // Both or neither: a lone .asc would look like a complete result.
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
    throw e;
  }
  if (values.json) out(terminalJson({ file, fingerprint, to, subject, recipient, recipients, receipt, out: path, eml: emlPath }, null, 2));
  else {
    out(path);
    out(emlPath);
    err(note);
  }
  return EXIT_OK;
}

function tooLarge(what, maxBytes) {
  const limit = maxBytes >= 1 << 20 && maxBytes % (1 << 20) === 0 ? `${maxBytes >> 20} MiB` : `${maxBytes} bytes`;
  return new CliError(`${what} is larger than ${limit}`, EXIT_USAGE, 'input-too-large');
}

/** Read a file as bytes, refusing what is too large before reading it (exit 2). */
function readBytes(file, maxBytes, what = 'file') {
  let bytes;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new CliError('is a directory', EXIT_USAGE, 'file-unreadable');
    if (st.size > maxBytes) throw tooLarge(what, maxBytes);
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (e?.code === 'ENOENT') throw new CliError('no such file', EXIT_USAGE, 'file-not-found');
    if (e?.code === 'EACCES') throw new CliError('permission denied', EXIT_USAGE, 'file-unreadable');
    throw new CliError(`cannot read it (${e?.code ?? 'error'})`, EXIT_USAGE, 'file-unreadable');
  }
  // A pipe or device has no size to check beforehand.
  if (bytes.length > maxBytes) throw tooLarge(what, maxBytes);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** A media type from a file's extension, for the few kinds reporters attach; else none (octet-stream). */
function mediaTypeOf(path) {
  const types = {
    png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
    txt: 'text/plain', log: 'text/plain', md: 'text/markdown', json: 'application/json', xml: 'application/xml',
    html: 'text/html', pdf: 'application/pdf', zip: 'application/zip', gz: 'application/gzip',
    pcap: 'application/vnd.tcpdump.pcap', pcapng: 'application/vnd.tcpdump.pcap', mp4: 'video/mp4',
    har: 'application/json', py: 'text/x-python', sh: 'text/x-shellscript',
  };
  const ext = parsePath(path).ext.slice(1).toLowerCase();
  return Object.hasOwn(types, ext) ? types[ext] : undefined;
}

/**
 * A file name from a message made safe to create in DIR: no directory part, no control or bidi
 * characters, no characters Windows refuses, no leading dot (hidden file), at most 200 characters.
 */
function safeName(name) {
  let n = String(name).split(/[\\/]/).pop() ?? '';
  n = n.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069<>:"|?*]/gu, '_');
  n = n.replace(/^[.\s]+/, '_').replace(/[.\s]+$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(n)) n = `_${n}`;
  if (n.length > 200) {
    const { name: stem, ext } = parsePath(n);
    n = stem.slice(0, 200 - Math.min(ext.length, 20)) + ext.slice(0, 20);
  }
  return n || 'attachment';
}

/**
 * Write every file of `files` ([{name, data}]) into `dir`, all or nothing, never overwriting: each
 * goes to a temporary file first; then each is hard-linked to a free name (`a.png`, `a-1.png`…;
 * link fails rather than replace an existing file), and the temporaries are removed. On failure,
 * what was linked is removed again. Returns the final paths.
 */
function writeAllNoOverwrite(dir, files) {
  const temps = [];
  const linked = [];
  try {
    for (const f of files) {
      const temp = join(dir, `.psirt-open.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
      writeFileSync(temp, f.data, { flag: 'wx', mode: FILE_MODE });
      temps.push(temp);
    }
    files.forEach((f, i) => {
      const { name: stem, ext } = parsePath(f.name);
      for (let n = 0; ; n++) {
        const path = join(dir, n === 0 ? f.name : `${stem}-${n}${ext}`);
        try {
          linkSync(temps[i], path);
          linked.push(path);
          break;
        } catch (e) {
          if (e?.code !== 'EEXIST' || n > 9999) throw e;
        }
      }
    });
    return linked;
  } catch (e) {
    for (const p of linked) {
      try {
        unlinkSync(p);
      } catch {
        // already gone
      }
    }
    throw new CliError(`cannot write into ${clean(dir)} (${e?.code ?? 'error'})`, EXIT_USAGE, 'output-unwritable');
  } finally {
    for (const t of temps) {
      try {
        unlinkSync(t);
      } catch {
        // already gone
      }
    }
  }
}

/** Exit status of an open failure: the contract's 1 tampered/invalid, 2 unreadable, 3 key. */
const OPEN_EXIT = {
  'open-tampered': EXIT_INVALID,
  'open-payload-invalid': EXIT_INVALID,
  'open-unreadable': EXIT_USAGE,
  'open-too-large': EXIT_USAGE,
  'open-not-for-this-key': EXIT_KEY,
  'open-secret-key-unreadable': EXIT_KEY,
};

async function cmdOpen(files, values, common) {
  if (values.maildir !== undefined) return cmdOpenMaildir(files, values, common);
  if (files.length !== 1) throw usage('open takes exactly one MSG (.asc or .eml)');
  if (values['secret-key'] === undefined) throw usage('open needs --secret-key KEY.asc, the PSIRT secret key');
  const [file] = files;
  // Loaded first: the size limit on the message comes from it.
  const api = await loadApi();
  const fail = (exit, code, message, kind) => {
    if (values.json) out(terminalJson({ file, error: { kind, code, message } }, null, 2));
    else err(`${clean(file)}: ${clean(code)}: ${clean(message)}`);
    return exit;
  };
  let message;
  let secretKey;
  let passphrase;
  try {
    message = readBytes(file, limit('message_bytes'), 'message');
    secretKey = readBytes(values['secret-key'], MAX_SECRET_KEY_BYTES, 'secret key');
    if (values['passphrase-file'] !== undefined) {
      passphrase = readText(values['passphrase-file'], 64 * 1024, 'passphrase file').split(/\r?\n/)[0];
    }
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    return fail(e.exit, e.code, e.message, 'input');
  }
  let all;
  try {
    // openAll: one mail, or each mail of an .mbox (issue 15).
    all = api.openAll(message, { ...common, secretKey, passphrase, language: values.lang });
  } catch (e) {
    const code = e?.code ?? 'internal';
    if (!(code in OPEN_EXIT)) {
      const f = apiFailure(e);
      if (f.kind === 'internal') throw e;
      return fail(f.exit, f.code, f.message, f.kind);
    }
    return fail(OPEN_EXIT[code], code, e.message, 'open');
  }
  if (all.length === 0) return fail(EXIT_USAGE, 'open-unreadable', 'an empty mailbox', 'open');
  const several = all.length > 1;
  const results = all.map((one) => openOne(file, several ? one.index : undefined, one, values, api));
  if (values.json) out(terminalJson(several ? { file, messages: results.map((r) => r.json) } : results[0].json, null, 2));
  return Math.max(...results.map((r) => r.exit));
}

/** `open --maildir DIR`: every message of DIR/new and DIR/cur, each opened on its own. */
async function cmdOpenMaildir(files, values, common) {
  if (files.length !== 0) throw usage('open --maildir DIR takes no MSG');
  if (values['secret-key'] === undefined) throw usage('open needs --secret-key KEY.asc, the PSIRT secret key');
  const api = await loadApi();
  let secretKey;
  let passphrase;
  let names;
  try {
    secretKey = readBytes(values['secret-key'], MAX_SECRET_KEY_BYTES, 'secret key');
    if (values['passphrase-file'] !== undefined) {
      passphrase = readText(values['passphrase-file'], 64 * 1024, 'passphrase file').split(/\r?\n/)[0];
    }
    names = ['new', 'cur'].flatMap((sub) => {
      const dir = join(values.maildir, sub);
      return readdirSync(dir).filter((n) => !n.startsWith('.')).sort().map((n) => join(dir, n));
    });
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${clean(values.maildir)}: not a readable Maildir (${e?.code ?? 'error'})`, EXIT_USAGE, 'file-unreadable');
  }
  const results = [];
  for (const [i, path] of names.entries()) {
    let one;
    try {
      const message = readBytes(path, limit('message_bytes'), 'message');
      const [first] = api.openAll(message, { ...common, secretKey, passphrase, language: values.lang });
      one = first ?? { error: { code: 'open-unreadable', message: 'an empty file' } };
    } catch (e) {
      const code = e?.code ?? 'internal';
      if (!(code in OPEN_EXIT)) {
        const f = apiFailure(e);
        if (f.kind === 'internal') throw e;
        if (f.kind === 'key') throw new CliError(`${clean(f.code)}: ${clean(f.message)}`, f.exit, f.code);
        one = { error: { code: f.code, message: f.message } };
      } else one = { error: { code, message: e.message } };
    }
    const r = openOne(path, i + 1, { index: i + 1, ...one }, values, api);
    results.push(r);
  }
  if (values.json) out(JSON.stringify({ maildir: values.maildir, messages: results.map((r) => r.json) }, null, 2));
  else err(`${clean(values.maildir)}: ${names.length} message(s)`);
  return results.length ? Math.max(...results.map((r) => r.exit)) : EXIT_OK;
}

/** `intake`: the receiving service (pkg/intake/server.mjs), until SIGINT/SIGTERM. */
async function cmdIntake(args, values, common) {
  if (args.length !== 0) throw usage('intake takes no positional argument');
  if (values.maildir === undefined) throw usage('intake needs --maildir DIR');
  if (values.smtp !== undefined && values.from === undefined) throw usage('--smtp needs --from ADDRESS');
  const listen = values.listen ?? '127.0.0.1:8081';
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:]+)):(\d{1,5})$/.exec(listen);
  if (!m) throw usage('--listen must be HOST:PORT');
  const host = m[1] ?? m[2];
  const port = Number(m[3]);
  await loadApi();
  let key;
  if (values.key !== undefined) {
    try {
      key = readBytes(values.key, 1024 * 1024, 'key');
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      throw new CliError(`${clean(values.key)}: ${e.code}: ${e.message}`, e.exit, e.code);
    }
  } else if (common.profile !== 'demo' && !(common.profile && common.profile.public_key)) {
    throw usage('intake needs --key KEY.asc (the PSIRT public key), or --demo');
  }
  const rate = values.rate === undefined ? undefined : /^(\d+)(?:\/min)?$/.exec(values.rate);
  if (values.rate !== undefined && !rate) throw usage('--rate must be a number of reports per minute per address (0: no limit)');
  const { startIntake } = await import('../intake/cli.mjs');
  return startIntake({
    host,
    port,
    maildir: values.maildir,
    profile: common.profile ?? 'thales',
    key,
    pin: values.pin,
    publicUrl: values['public-url'],
    allowOrigins: values['allow-origin'] ?? [],
    stampBits: intOption(values, 'stamp-bits', 0, 32),
    maxBytes: intOption(values, 'max-bytes', 1024, 160 * 1024 * 1024),
    maxRecipients: intOption(values, 'max-recipients', 1, 16),
    maxConnections: intOption(values, 'max-connections', 1, 100_000),
    rate: rate ? { perMinute: Number(rate[1]), burst: Number(rate[1]) } : undefined,
    smtp: values.smtp,
    from: values.from,
    insecurePlaintextLoopback: values['insecure-plaintext-smtp-loopback'] === true,
    retryDelayMs: intOption(values, 'retry-delay', 0, 600_000),
    fail: (message, code, exit = EXIT_USAGE) => new CliError(message, exit, code),
  });
}

/** CWE titles by id from the package's CWE list, for the CVE draft's problem types. */
function cweNames() {
  try {
    const list = JSON.parse(readFileSync(new URL('../widget/cwe-list.json', import.meta.url), 'utf8'));
    return Object.fromEntries(list.map(([id, name]) => [`CWE-${id}`, name]));
  } catch {
    return {};
  }
}

/** One opened mail of `open`: files written, text printed; returns {exit, json}. */
function openOne(file, index, one, values, api) {
  const where = index === undefined ? clean(file) : `${clean(file)}#${index}`;
  const at = index === undefined ? {} : { index };
  if (one.error) {
    const { code, message } = one.error;
    if (!values.json) err(`${where}: ${clean(code)}: ${clean(message)}`);
    return { exit: OPEN_EXIT[code] ?? EXIT_USAGE, json: { file, ...at, error: { kind: 'open', code, message } } };
  }
  const opened = one.opened;
  const { subject, recipient, diagnostics, attachments, structured, form, appeal } = opened;
  let exit = diagnostics.valid ? EXIT_OK : EXIT_INVALID;
  let draft;
  if (values['cve-draft']) {
    try {
      draft = api.cveDraft(opened, { cweNames: cweNames() });
    } catch (e) {
      if (!e?.code?.startsWith?.('cve-draft-')) throw e;
      if (!values.json) err(`${where}: ${clean(e.code)}: ${clean(e.message)}`);
      draft = { error: { code: e.code, message: e.message } };
      exit = Math.max(exit, EXIT_INVALID);
    }
  }
  let written = null;
  if (values.out !== undefined) {
    const dir = index === undefined ? values.out : join(values.out, String(index));
    try {
      mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    } catch (e) {
      throw new CliError(`cannot create ${clean(dir)} (${e?.code ?? 'error'})`, EXIT_USAGE, 'output-unwritable');
    }
    const files = attachments.map((a) => ({ name: safeName(a.name), data: a.data }));
    if (structured) files.unshift({ name: 'report.json', data: Buffer.from(`${terminalJson(opened.report, null, 2)}\n`, 'utf8') });
    else files.unshift({ name: 'message.txt', data: Buffer.from(opened.text, 'utf8') });
    if (draft && !draft.error) files.push({ name: 'cve-draft.json', data: Buffer.from(`${terminalJson(draft, null, 2)}\n`, 'utf8') });
    written = writeAllNoOverwrite(dir, files);
  }
  const json = {
    file,
    ...at,
    form,
    structured,
    subject,
    recipient,
    diagnostics,
    ...(appeal && { appeal }),
    attachments: attachments.map((a, i) => ({
      name: a.name,
      mediaType: a.mediaType,
      size: a.data.length,
      ...(written && { path: written[i + 1] }),
    })),
    ...(written && structured && { report: written[0] }),
    ...(written && !structured && { text: written[0] }),
    ...(draft && { cveDraft: draft }),
  };
  if (!values.json) {
    err(`${where}: subject: ${clean(subject)}`);
    err(`${where}: decrypted with key ${clean(recipient)} (${clean(form)}); ${attachments.length} attachment(s)`);
    if (!structured) err(`${where}: unstructured: no report.json in this message; shown as sent, not validated`);
    else printDiagnostics(where, diagnostics);
    if (appeal) {
      err(`${where}: appeal about ${clean(appeal.cna ?? '?')} (${clean(appeal.grounds ?? '?')}), received ${clean(appeal.received)}: acknowledgement due ${clean(appeal.acknowledgementDue)} (${clean(appeal.workingDays)} working days)`);
    }
    if (written) for (const p of written) out(clean(p));
    else if (draft && !draft.error) out(terminalJson(draft, null, 2));
    else {
      // The text part is the sender's: escape sequences and bidi controls are shown, never obeyed.
      const text = cleanBlock(opened.text);
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    }
  }
  return { exit, json };
}

async function cmdTriage(args, values, common) {
  if (args.length !== 1) throw usage('triage takes exactly one KIND');
  const api = await loadApi();
  let answer;
  try {
    answer = api.triage(args[0], { ...common, language: values.lang });
  } catch (e) {
    const f = apiFailure(e);
    if (f.kind === 'internal') throw e;
    throw new CliError(f.message, f.exit, f.code);
  }
  if (values.json) out(terminalJson(answer, null, 2));
  else {
    out(`${clean(answer.decision)}: ${clean(answer.message)}`);
    if (answer.to) out(`to: ${clean(answer.to)}`);
    if (answer.url) out(`url: ${clean(answer.url)}`);
    if (answer.acknowledgement_due) out(`acknowledgement due: ${clean(answer.acknowledgement_due)}`);
  }
  return answer.decision === 'refuse' ? EXIT_INVALID : EXIT_OK;
}

async function cmdSchema(args) {
  if (args.length !== 0) throw usage('schema takes no argument');
  const api = await loadApi();
  out(terminalJson(api.schema(), null, 2));
  return EXIT_OK;
}

// --- scanner (issue #3) ------------------------------------------------------------------------

const SEVERITY_ORDER = { info: 0, medium: 1, high: 2, critical: 3 };

/** A file the scanner reads as a report (JSON object) rather than as plain text. */
function looksLikeReport(file, text) {
  return file.endsWith('.json') || text.trimStart().startsWith('{');
}

async function cmdScan(files, values, common) {
  if (files.length === 0) throw usage('scan needs at least one FILE');
  const api = await loadApi();
  const results = [];
  let status = EXIT_OK;
  const options = { profile: common.profile, language: values.lang };
  for (const file of files) {
    let findings;
    try {
      const text = readText(file, limit('report_bytes'), 'file');
      findings = looksLikeReport(file, text) ? api.scan(text, options) : api.scanText(text, options);
    } catch (e) {
      let code, message;
      if (e instanceof CliError) [code, message] = [e.code, e.message];
      else {
        const f = apiFailure(e);
        if (f.kind === 'internal') throw e;
        [code, message] = [f.code, f.message];
      }
      status = Math.max(status, EXIT_USAGE);
      results.push({ file, error: { code, message } });
      if (!values.json) err(`${clean(file)}: ${clean(code)}: ${clean(message)}`);
      continue;
    }
    results.push({ file, findings });
    if (findings.some((f) => SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER.medium)) status = Math.max(status, EXIT_INVALID);
    if (values.json) continue;
    for (const f of findings) {
      out(
        `${clean(file)}:${clean(f.path)}:${f.start}-${f.end} ${f.severity} ${f.category} ${f.rule} ${clean(f.preview)}` +
          `${f.encoding ? ` (${f.encoding})` : ''}: ${clean(f.message)}`,
      );
    }
    const counts = {};
    for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
    const summary = Object.keys(SEVERITY_ORDER)
      .reverse()
      .filter((s) => counts[s])
      .map((s) => `${counts[s]} ${s}`)
      .join(', ');
    err(`${clean(file)}: ${findings.length === 0 ? 'no sensitive data found' : summary}`);
  }
  if (values.json) out(terminalJson(results, null, 2));
  return status;
}

async function cmdRedact(files, values, common) {
  if (files.length !== 1) throw usage('redact takes exactly one FILE');
  const min = values['min-severity'];
  if (min !== undefined && !Object.hasOwn(SEVERITY_ORDER, min)) {
    throw usage('--min-severity must be critical, high, medium or info');
  }
  const [file] = files;
  const api = await loadApi();
  const text = readText(file, limit('report_bytes'), 'report');
  let redacted;
  try {
    redacted = api.redact(text, { profile: common.profile, minSeverity: min });
  } catch (e) {
    const f = apiFailure(e);
    if (f.kind === 'internal') throw e;
    throw new CliError(`${clean(file)}: ${clean(f.code)}: ${clean(f.message)}`, f.exit, f.code);
  }
  const json = `${terminalJson(redacted, null, 2)}\n`;
  if (values.out === undefined) process.stdout.write(json);
  else {
    writeAtomically(values.out, json);
    err(`${clean(file)}: redacted copy written to ${clean(values.out)}`);
  }
  return EXIT_OK;
}

// --- bulk submission (issue #13) --------------------------------------------------------------

/** A whole number option within bounds, else a usage error. */
function intOption(values, name, min, max) {
  const v = values[name];
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw usage(`--${name} must be a whole number from ${min} to ${max}`);
  return Number(v);
}

/** One line of the final table: name, status, what happened, key, ciphertext hash. */
function bulkRow(r) {
  let detail = '';
  if (r.status === 'sent') detail = `${r.receipt ? `receipt ${r.receipt.id}` : (r.message_id ?? '')} ${r.reply ?? ''}${r.in_doubt ? ` (in doubt ×${r.in_doubt}: same Message-ID)` : ''}${r.resumed ? ' (earlier run)' : ''}`;
  else if (r.status === 'invalid') detail = r.errors.map((e) => `${e.path || '/'} ${e.code}`).join(', ');
  else if (r.status === 'blocked') detail = r.findings.map((f) => `${f.path || '/'} ${f.rule}`).join(', ');
  else if (r.status === 'failed') detail = `${r.reason.code}: ${r.reason.message}`;
  else if (r.status === 'duplicate') detail = `same content as ${r.duplicate_of}`;
  else if (r.status === 'sealed') detail = r.message_id ?? '';
  // Every key the message is encrypted to: the PSIRT's, and the reporter's own when it carries one.
  const keys = Array.isArray(r.recipients) && r.recipients.length
    ? r.recipients.map((x) => `${x.role === 'psirt' ? '' : `${x.role}:`}${String(x.fingerprint).slice(-16)}`).join(' + ')
    : r.fingerprint ? r.fingerprint.slice(-16) : '-';
  return [r.name, r.status, detail.trim(), keys, r.sha256 ? r.sha256.slice(0, 16) : '-'].map(clean);
}

function printTable(rows) {
  const header = ['NAME', 'STATUS', 'DETAIL', 'KEYS', 'SHA-256 (.asc)'];
  const all = [header, ...rows];
  const width = header.map((_, i) => Math.min(60, Math.max(...all.map((r) => r[i].length))));
  for (const r of all) {
    out(r.map((c, i) => (i === r.length - 1 ? c : (c.length > width[i] ? `${c.slice(0, width[i] - 1)}…` : c.padEnd(width[i])))).join('  '));
  }
}

/** Progress on stderr: a bar (cli-progress) on a terminal, one plain line per report otherwise. */
async function progressReporter(json) {
  if (json) return { start() {}, tick() {}, stop() {} };
  if (process.stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: 'bulk |{bar}| {value}/{total} {last}', hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    return {
      start: (total) => bar.start(total, 0, { last: '' }),
      tick: (r) => bar.increment(1, { last: `${clean(r.name)}: ${r.status}` }),
      stop: () => bar.stop(),
    };
  }
  let n = 0;
  let total = '?';
  return {
    start: (t) => {
      total = t;
    },
    tick: (r) => err(`[${++n}/${total}] ${clean(r.name)}: ${r.status}${r.status === 'failed' ? ` (${clean(r.reason.code)})` : ''}`),
    stop() {},
  };
}

async function cmdBulk(args, values, common) {
  if (args.length !== 1) throw usage('bulk takes exactly one source: a folder, a .jsonl file or a .csv file');
  if (values.out === undefined) throw usage('bulk needs --out DIR');
  if (values.key === undefined) throw usage('bulk needs --key KEY.asc, the PSIRT public key');
  const modes = ['smtp', 'post', 'dry-run'].filter((m) => values[m] !== undefined);
  if (modes.length !== 1) throw usage('bulk needs exactly one of --smtp URL, --post URL or --dry-run');
  if (values.smtp !== undefined && values.from === undefined) throw usage('--smtp needs --from ADDRESS');
  if (values.from !== undefined && values.smtp === undefined) throw usage('--from goes with --smtp');
  const options = {
    out: values.out,
    key: values.key,
    pin: values.pin,
    profile: common.profile,
    today: common.today,
    smtp: values.smtp,
    from: values.from,
    post: values.post,
    dryRun: values['dry-run'] === true,
    concurrency: intOption(values, 'concurrency', 1, 64),
    allowFindings: values['allow-findings'] === true,
    insecurePlaintextLoopback: values['insecure-plaintext-smtp-loopback'] === true,
    map: values.map,
    retries: intOption(values, 'retries', 0, 20),
    retryDelayMs: intOption(values, 'retry-delay', 0, 600_000),
    stampBits: intOption(values, 'stamp-bits', 0, 32),
  };
  await loadApi();
  let bulkModule;
  try {
    bulkModule = await import('../bulk/index.mjs');
  } catch (e) {
    if (e?.code === 'ERR_MODULE_NOT_FOUND') {
      throw new CliError(`a dependency of bulk is missing (${clean(e.message)}): reinstall psirt-report`, EXIT_USAGE, 'dependency-missing');
    }
    throw e;
  }
  const progress = await progressReporter(values.json);
  const run = bulkModule.bulk(args[0], options);
  const rows = [];
  try {
    run.total.then((t) => progress.start(t), () => undefined);
    for await (const r of run) {
      progress.tick(r);
      if (values.json) out(terminalJson(r));
      else rows.push(r);
    }
  } catch (e) {
    progress.stop();
    const f = apiFailure(e);
    if (f.kind === 'internal') throw e;
    throw new CliError(`${clean(f.code)}: ${clean(f.message)}`, f.exit, f.code);
  }
  progress.stop();
  const summary = await run.summary;
  if (values.json) {
    out(terminalJson({ summary: { ...summary, reports: undefined } }));
  } else {
    printTable(summary.reports.map(bulkRow));
    const counts = Object.entries(summary.counts).map(([k, v]) => `${v} ${k}`).join(', ');
    err(`bulk: ${summary.total} report(s): ${counts || 'none'}; ${clean(join(values.out, 'summary.json'))}`);
  }
  return summary.ok ? EXIT_OK : EXIT_INVALID;
}

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        key: { type: 'string' },
        attach: { type: 'string', multiple: true },
        'secret-key': { type: 'string' },
        'passphrase-file': { type: 'string' },
        'cve-draft': { type: 'boolean' },
        pin: { type: 'string' },
        out: { type: 'string' },
        profile: { type: 'string' },
        demo: { type: 'boolean' },
        lang: { type: 'string' },
        today: { type: 'string' },
        'min-severity': { type: 'string' },
        smtp: { type: 'string' },
        from: { type: 'string' },
        post: { type: 'string' },
        'dry-run': { type: 'boolean' },
        concurrency: { type: 'string' },
        'allow-findings': { type: 'boolean' },
        'insecure-plaintext-smtp-loopback': { type: 'boolean' },
        map: { type: 'string' },
        retries: { type: 'string' },
        'retry-delay': { type: 'string' },
        maildir: { type: 'string' },
        listen: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'public-url': { type: 'string' },
        'stamp-bits': { type: 'string' },
        'max-bytes': { type: 'string' },
        'max-recipients': { type: 'string' },
        'max-connections': { type: 'string' },
        rate: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (e) {
    // parseArgs' messages run over several sentences; keep the first.
    throw usage(clean(String(e.message).split('. ')[0]));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  if (values.version) {
    out(`psirt-report ${version()}`);
    return EXIT_OK;
  }
  const [command, ...args] = positionals;
  if (command === undefined) {
    err('usage: psirt-report validate|seal|open|scan|redact|triage|bulk|intake|schema ... (see psirt-report --help)');
    return EXIT_USAGE;
  }
  if (!Object.hasOwn(COMMAND_OPTIONS, command)) throw usage(`unknown command ${clean(command)}`);
  const allowed = new Set([...GLOBAL_OPTIONS, ...COMMAND_OPTIONS[command]]);
  for (const name of Object.keys(values)) {
    if (!allowed.has(name)) throw usage(`--${name} does not apply to ${command}`);
  }
  if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'fr') {
    throw usage('--lang must be en or fr');
  }
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) {
    throw usage('--today must be a date, YYYY-MM-DD');
  }
  const common = { profile: profileOption(values), today: values.today };

  switch (command) {
    case 'validate':
      return cmdValidate(args, values, common);
    case 'seal':
      return cmdSeal(args, values, common);
    case 'open':
      return cmdOpen(args, values, common);
    case 'triage':
      return cmdTriage(args, values, common);
    case 'scan':
      return cmdScan(args, values, common);
    case 'redact':
      return cmdRedact(args, values, common);
    case 'bulk':
      return cmdBulk(args, values, common);
    case 'intake':
      return cmdIntake(args, values, common);
    default:
      return cmdSchema(args);
  }
}

/** Last resort: one line, never a stack trace. */
function fatal(e) {
  if (e instanceof CliError) {
    err(`psirt-report: error: ${e.message}`);
    return e.exit;
  }
  const f = apiFailure(e);
  err(`psirt-report: error: ${clean(f.message)}`);
  return f.exit;
}

process.on('uncaughtException', (e) => {
  process.exitCode = fatal(e);
});
// A closed pipe (`psirt-report schema | head`) is not an error worth a trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.exitCode = fatal(e);
  },
);
