//! JavaScript bindings (`#[wasm_bindgen]`): glue only — they convert, never decide.
//!
//! Every function takes and returns JSON *strings*; the npm package's JavaScript layer does the
//! `JSON.stringify` / `JSON.parse`. This keeps `__proto__` keys inert data on both sides, lets the
//! Rust parser's nesting limit apply to hostile objects, and keeps the boundary one simple shape.
//! Failures are thrown as JavaScript `Error`s with own properties `code` (stable, e.g.
//! `key-fingerprint-mismatch`), `kind` (`report` | `key` | `input` | `profile`) and, for `report`,
//! `diagnostics` (the Diagnostics JSON).
//!
//! Three wasm modules are built from this crate, each exporting the bindings of the files here:
//! - `core` feature → `core.rs` (validate, schema, profile, triage, scan, redact, cvss,
//!   `check_for_seal`): the JSON Schema engine and the scanner;
//! - `seal` feature → `seal.rs` (loadRecipient, seal, sealDeferred, renderText, limits): rpgp's
//!   encryption, with the bulk cipher handed to the platform (`platform_cipher.rs`) and the bytes
//!   streamed in and out of JavaScript memory (`stream.rs`);
//! - `seal` + `open` features → the same plus `open.rs` (open, openAll, inspectMessage, pgpMime,
//!   generateKey): the PSIRT's side, which a reporter's page never loads.
//!
//! The seal module has no JSON Schema engine: the JavaScript layer validates with the core module
//! (`check_for_seal`) before it calls `seal`, and fills `open`'s diagnostics the same way. This
//! file holds what every module shares: the common call options and the error shape.

use crate::date::{self, CalendarDate};
use crate::i18n::{Code, Lang, Params};
use crate::profile::Profile;
use serde::Deserialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[cfg(feature = "core")]
mod core;
#[cfg(feature = "open")]
mod open;
#[cfg(feature = "seal")]
mod platform_cipher;
#[cfg(feature = "seal")]
mod seal;
#[cfg(feature = "seal")]
mod stream;

#[cfg(feature = "jscore")]
pub(crate) use platform_cipher::bigint_modpow;

/// Options common to the calls, as JSON: `{profile?, pin?, today?, language?}`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct CallOptions {
    /// `"thales"` (default), `"demo"`, or a profile object.
    profile: Option<Value>,
    pin: Option<String>,
    today: Option<String>,
    language: Option<String>,
}

fn js_error(kind: &str, code: Code, message: &str, diagnostics: Option<String>) -> JsValue {
    let err = js_sys::Error::new(message);
    let obj: &JsValue = err.as_ref();
    let _ = js_sys::Reflect::set(obj, &"code".into(), &code.as_str().into());
    let _ = js_sys::Reflect::set(obj, &"kind".into(), &kind.into());
    if let Some(d) = diagnostics {
        let _ = js_sys::Reflect::set(obj, &"diagnostics".into(), &d.into());
    }
    err.into()
}

fn input_error(reason: &str) -> JsValue {
    let mut p = Params::new();
    p.insert("reason", reason.to_owned());
    js_error("input", Code::InputType, &Code::InputType.render(Lang::En, &p), None)
}

fn parse_options(json: &str) -> Result<CallOptions, JsValue> {
    if json.trim().is_empty() {
        return Ok(CallOptions::default());
    }
    serde_json::from_str(json).map_err(|e| input_error(&format!("options are not a JSON object of known fields ({e})")))
}

fn resolve_profile(opts: &CallOptions) -> Result<Profile, JsValue> {
    let result = match &opts.profile {
        None | Some(Value::Null) => Ok(Profile::thales().clone()),
        Some(Value::String(name)) => Profile::builtin(name).cloned(),
        Some(v) => Profile::from_value(v),
    };
    result.map_err(|e| js_error("profile", e.code(), &e.message(Lang::En), None))
}

fn resolve_today(opts: &CallOptions) -> Result<Option<CalendarDate>, JsValue> {
    match &opts.today {
        None => Ok(None),
        Some(s) => date::parse(s).map(Some).ok_or_else(|| input_error("`today` is not a date YYYY-MM-DD")),
    }
}
