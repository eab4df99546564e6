//! The core of psirt-report: validate a vulnerability or data-leak report, warn about the
//! sensitive data in it, and seal it — a padded PGP/MIME entity encrypted to a PSIRT's pinned
//! OpenPGP key — before anything leaves the reporter's machine; and open what arrives, on the
//! PSIRT's side. The same code runs natively (the tests, benchmarks, fuzzing) and as three
//! WebAssembly modules under the npm package `psirt-report` (browser widget, Node, CLI).
//!
//! ```
//! use psirt_report::{date, validate_str, Options, Profile};
//!
//! let report = include_str!("../examples/valid-vulnerability.json");
//! let options = Options { profile: Profile::thales(), today: date::parse("2026-11-22") };
//! let diagnostics = validate_str(report, &options);
//! assert!(diagnostics.valid, "{}", diagnostics.to_json());
//! ```
//!
//! # Modules
//!
//! | module | owns |
//! |---|---|
//! | [`report`] | reading a report from JSON text (size and depth limits), its language, canonical bytes |
//! | [`validate`] | the embedded JSON Schema, then the rules a schema cannot express (CVSS, dates, order) |
//! | [`diagnostics`] | what validation returns: errors and warnings with a JSON Pointer, a stable code, words |
//! | [`i18n`] | every stable [`Code`] and its sentence in English and French |
//! | [`profile`] | a PSIRT's policy as data: addresses, pinned key fingerprint, commitments, routing |
//! | [`triage`] | where a kind of contact goes under a profile |
//! | [`date`] | strict calendar dates, "today", working days, ISO 8601 and RFC 5322 times |
//! | [`scan`] | the sensitive-data scanner (secrets, personal data, hosts) and redaction |
//! | [`seal`](mod@seal) | key judgement against the pin, the PGP/MIME entity, v4 and v6 messages, `open`, inbox |
//!
//! Private: `percent` (percent decoding shared by the scanner and `open`) and `wasm` (the
//! `#[wasm_bindgen]` bindings, compiled only for `wasm32`; glue that converts, never decides).
//!
//! # Features
//!
//! - `core` (default): validation, the scanner, triage, CVSS — the JSON Schema engine and the
//!   regex stack.
//! - `seal` (default): key policy, sealing — rpgp. Without `core`, `seal` expects a report the
//!   caller validated already (the JavaScript layer validates with the core module first).
//! - `open` (default, implies `seal`): the wasm exports of the PSIRT's side (open, openAll,
//!   inspectMessage, pgpMime, generateKey); without them the linker drops rpgp's decryption,
//!   secret keys and S2K from the seal module.
//! - `jscore` (implies `seal`): the seal module as the JavaScript core builds it (`make jscore`),
//!   RSA's exponentiation on JavaScript's `BigInt` ([`seal::platform_rsa`]).
//! - `test-hooks`: a wasm export that traps on purpose, for the JavaScript layer's recovery
//!   tests; never in a module `make wasm` ships.
//!
//! Native builds (the CLI's library, the tests) have the default features: all of the above
//! but `jscore` and `test-hooks`.
//!
//! # The three WebAssembly modules
//!
//! `make wasm` builds one module per feature set, each exporting the bindings of one file of
//! `src/wasm/`:
//!
//! | module | features | exports | loaded |
//! |---|---|---|---|
//! | `pkg/wasm/psirt_report_bg.wasm` (core) | `core` | validate, schema, profile, triage, scan, scanText, redact, cvss | before the first validation |
//! | `pkg/wasm/psirt_report_seal_bg.wasm` (seal) | `seal` | loadRecipient, loadReporterKey, seal, sealDeferred, renderText, limits | when the reporter is about to seal |
//! | `pkg/wasm/psirt_report_open_bg.wasm` (open) | `seal`, `open` | the seal module's, plus open, openAll, inspectMessage, pgpMime, generateKey | on the PSIRT's side, or when a reporter asks for a key |
//!
//! Every export takes and returns JSON strings (or bytes); failures are JavaScript `Error`s with
//! a stable `code` and a `kind`. The npm package's JavaScript layer is the API; these bindings
//! are not called directly.

#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]
// A build without both `core` and `seal` is one of the wasm modules: code the other ones
// share (report parsing, diagnostics, messages) is partly unused there. The full build, which
// `make lint` checks on the host, still reports dead code.
#![cfg_attr(not(all(feature = "core", feature = "seal")), allow(dead_code, unused_imports))]

pub mod date;
pub mod diagnostics;
pub mod i18n;
mod percent;
pub mod profile;
pub mod report;
#[cfg(feature = "core")]
pub mod scan;
#[cfg(feature = "seal")]
pub mod seal;
#[cfg(feature = "core")]
pub mod triage;
#[cfg(feature = "core")]
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod wasm;

#[doc(hidden)]
#[cfg(not(target_arch = "wasm32"))]
pub mod fuzzing;

pub use diagnostics::{Diagnostic, Diagnostics, Message};
pub use i18n::{Code, Lang};
pub use profile::Profile;
#[cfg(feature = "seal")]
pub use seal::{seal, SealError, SealOptions, Sealed};
#[cfg(feature = "core")]
pub use validate::{validate_str, Options};
