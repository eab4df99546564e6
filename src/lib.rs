#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]
// A build with one of the two features is one of the two wasm modules: code the other half
// shares (report parsing, diagnostics, messages) is partly unused there. The full build, which
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
