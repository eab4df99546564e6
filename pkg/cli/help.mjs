/**
 * The `--help` text: the one description of every command, option, JSON shape and exit status.
 * The man page (docs/man/psirt-report.1) is generated from it by scripts/gen-man.mjs.
 */

export const HELP = `psirt-report: validate a vulnerability report and encrypt it to the pinned PSIRT key.

Usage:
  psirt-report validate FILE... [--json]
  psirt-report seal FILE --key KEY.asc [--pin FINGERPRINT] [--out DIR] [--attach FILE]... [--json]
  psirt-report open MSG.asc|MSG.eml|MAIL.mbox --secret-key KEY.asc [--passphrase-file F] [--out DIR] [--cve-draft] [--json]
  psirt-report open --maildir DIR --secret-key KEY.asc [same options]
  psirt-report intake --listen HOST:PORT --maildir DIR [--demo | --profile P --key K]
               [--smtp URL --from ADDR] [--allow-origin ORIGIN]... [--public-url URL]
               [--stamp-bits N] [--max-bytes N] [--max-recipients N] [--max-connections N]
               [--rate N/MIN] [--insecure-plaintext-smtp-loopback]
  psirt-report triage KIND [--json]
  psirt-report scan FILE... [--json] [--lang en|fr]
  psirt-report redact FILE [--out FILE] [--min-severity critical|high|medium|info]
  psirt-report bulk DIR|FILE.jsonl|FILE.csv --out DIR --key KEY.asc [--pin F]
               (--smtp smtp[s]://HOST:PORT --from ADDR | --post URL | --dry-run)
               [--concurrency N] [--map MAP.json] [--allow-findings] [--retries N]
               [--retry-delay MS] [--json] [--insecure-plaintext-smtp-loopback]
  psirt-report key discover ADDRESS [--pin FINGERPRINT] [--out FILE] [--json]
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
            /metrics (Prometheus). The contract and every refusal code: docs/receiving/intake.md.
  triage    Say where a message of this KIND goes under the policy: vulnerability,
            data_leak, infrastructure_incident, sales, cna_appeal.
  key discover
            Find the public key of the PSIRT at ADDRESS (psirt@thalesgroup.com) where it
            publishes it: its Web Key Directory (openpgpkey.DOMAIN, then DOMAIN), then the
            Encryption: fields of https://DOMAIN/.well-known/security.txt. Every candidate
            must have the pinned fingerprint (--pin, else the profile's): another key is
            refused and the search goes on. HTTPS only, no credentials, each answer capped.
            The key, armored, goes to stdout, or to --out FILE (temporary file, then
            rename); its fingerprint and where it was found go to stderr. When nothing
            usable is found, each request tried is listed with its outcome.
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
            --post sends the armored message to an intake URL (docs/receiving/intake.md:
            Content-Type: application/pgp-encrypted, a PSIRT-Stamp minted for that URL,
            of the profile's difficulty or --stamp-bits, Idempotency-Key: the
            Message-ID; bearer token from PSIRT_POST_TOKEN; redirects never followed)
            and records its receipt;
            --dry-run seals and writes only. Temporary failures (4xx, connection lost)
            are retried --retries times (default 4) with backoff from --retry-delay
            (default 1000 ms); permanent ones (5xx) are not. A report with critical
            findings is blocked unless --allow-findings. OUT/journal.jsonl records each
            report's state: run the same command again after a crash and it finishes
            the job, sending nothing twice (docs/cli/bulk.md).

Options:
  --profile NAME|FILE.json  PSIRT profile: thales (default), demo, or a profile file.
                            Default from the environment: PSIRT_REPORT_PROFILE.
  --demo                    Same as --profile demo: the demo key, never a real PSIRT.
  --key KEY.asc             (seal) the recipient's armored public key.
  --pin FINGERPRINT         (seal, bulk, key discover) the fingerprint the key must have
                            (spaces allowed).
  --out DIR                 (seal) write DIR/NAME.asc and DIR/NAME.eml instead of printing;
                            (open) write report.json and the attachments into DIR;
                            (key discover) write the key to this FILE.
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
  --max-bytes N             (intake) the largest message accepted (default 48 MiB; 413 beyond).
  --max-recipients N        (intake) the most keys a message may be encrypted to (default 2:
                            the PSIRT's and the reporter's own copy).
  --max-connections N       (intake) open connections at most (default 256).
  --rate N[/min]            (intake) reports per minute per address (default 30, bursts of
                            20; 0: no limit); beyond it, 429.
  --retries N               (bulk) retries of a temporary failure (default 4).
  --retry-delay MS          (bulk, intake --smtp) the first backoff delay (default 1000 ms).
  --min-severity LEVEL      (redact) critical, high, medium (default) or info.
  --insecure-plaintext-smtp-loopback
                            (bulk, intake) allow plaintext SMTP to a server on this machine
                            only, without credentials (for tests).
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
  key discover          {"address", "fingerprint", "method": wkd-advanced|wkd-direct|
                        security-txt, "url", "userIds", "expires", "attempts": [{"method",
                        "url", "code"}], "armored"} ("out" instead of "armored" with --out);
                        on failure {"address", "error": {"kind", "code", "message"},
                        "attempts"}.
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
  invalid, blocked or failed; 2 usage; 3 key problem. key discover: 0 the pinned key found;
  2 usage or not an e-mail address (discover-bad-email); 3 no usable key (discover-not-found,
  discover-impostor, discover-network, discover-timeout, discover-http, discover-too-large, …).
`;
