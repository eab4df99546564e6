#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod date;
pub mod diag;
pub mod i18n;
pub mod profile;
pub mod report;
pub mod scan;
pub mod seal;
pub mod triage;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod wasm;

#[doc(hidden)]
#[cfg(not(target_arch = "wasm32"))]
pub mod fuzzing;

pub use diag::{Diagnostic, Diagnostics, Message};
pub use i18n::{Code, Lang};
pub use profile::Profile;
pub use seal::{seal, SealError, SealOptions, Sealed};
pub use validate::{validate_str, Options};
