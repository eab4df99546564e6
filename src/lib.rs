//! # psirt-report
//!
//! Validates a vulnerability report, warns about sensitive data in it, and encrypts it to a
//! PSIRT's pinned OpenPGP key — in the reporter's browser (WebAssembly) or in Node — so that
//! nothing leaves the reporter's machine unencrypted. The Thales PSIRT is the default profile.
//!
//! Where things are:
//! - [`report`]: the report document, its limits, typed form and canonical bytes;
//! - [`validate`]: the JSON Schema (`schema/report.schema.json`) and the semantic rules;
//! - [`profile`]: a PSIRT's policy as data (Thales, the demo profile, or another vendor's);
//! - [`triage`]: where a kind of contact goes under that policy;
//! - [`seal`]: judging the recipient key ([`seal::key`]) and encrypting ([`seal::seal`]);
//! - [`diag`] and [`i18n`]: diagnostics as data, and their sentences in English and French;
//! - `wasm` (wasm32 only): the JavaScript bindings, which convert but never decide.
//!
//! ```
//! use psirt_report::{validate, Profile};
//! let report = std::fs::read_to_string("examples/valid-vulnerability.json").unwrap();
//! let diagnostics = validate::validate_str(&report, &validate::Options::new(Profile::thales()));
//! assert!(diagnostics.valid, "{:?}", diagnostics.errors);
//! ```

#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod date;
pub mod diag;
pub mod i18n;
pub mod profile;
pub mod report;
pub mod seal;
pub mod triage;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use diag::{Diagnostic, Diagnostics, Message};
pub use i18n::{Code, Lang};
pub use profile::Profile;
pub use seal::{seal, SealError, SealOptions, Sealed};
pub use validate::{validate_str, Options};
