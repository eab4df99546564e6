//! JavaScript bindings (`#[wasm_bindgen]`): glue only — they convert, never decide.
//!
//! Every function takes and returns JSON *strings*; the npm package's JavaScript layer does the
//! `JSON.stringify` / `JSON.parse`. This keeps `__proto__` keys inert data on both sides, lets the
//! Rust parser's nesting limit apply to hostile objects, and keeps the boundary one simple shape.
//! Failures are thrown as JavaScript `Error`s with own properties `code` (stable, e.g.
//! `key-fingerprint-mismatch`), `kind` (`report` | `key` | `input` | `profile`) and, for `report`,
//! `diagnostics` (the Diagnostics JSON).

use crate::date::{self, CalendarDate};
use crate::i18n::{Code, Lang, Params};
use crate::profile::Profile;
use crate::seal::{self, SealError, SealOptions};
use crate::triage::{self, Kind};
use crate::validate::{self, Options};
use serde::Deserialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

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

/// Validates a report (JSON text). Returns the Diagnostics JSON; never throws for report content.
#[wasm_bindgen]
pub fn validate(report_json: &str, options_json: &str) -> Result<String, JsValue> {
    let opts = parse_options(options_json)?;
    let profile = resolve_profile(&opts)?;
    let vopts = Options { profile: &profile, today: resolve_today(&opts)? };
    Ok(validate::validate_str(report_json, &vopts).to_json())
}

/// Validates and encrypts a report to `key_armored` if it matches the pin. Returns the Sealed JSON.
#[wasm_bindgen]
pub fn seal(report_json: &str, key_armored: &str, options_json: &str) -> Result<String, JsValue> {
    let opts = parse_options(options_json)?;
    let profile = resolve_profile(&opts)?;
    let sopts = SealOptions { profile: &profile, pin: opts.pin.clone(), today: resolve_today(&opts)?, now: None };
    match seal::seal(report_json, key_armored.as_bytes(), &sopts) {
        Ok(sealed) => serde_json::to_string(&sealed).map_err(|e| input_error(&e.to_string())),
        Err(e) => {
            // Only on failure: the report's language, for the error's words (parsing it again
            // on the success path would double the cost of sealing a large report).
            let lang = opts.language.as_deref().and_then(Lang::parse).unwrap_or_else(|| {
                serde_json::from_str::<Value>(report_json).map(|v| crate::report::language_of(&v)).unwrap_or_default()
            });
            let (kind, diagnostics) = match &e {
                SealError::Report(d) => ("report", Some(d.to_json())),
                SealError::Key(_) => ("key", None),
                _ => ("seal", None),
            };
            Err(js_error(kind, e.code(), &e.message(lang), diagnostics))
        }
    }
}

/// The report JSON Schema, as text.
#[wasm_bindgen]
pub fn schema() -> String {
    validate::REPORT_SCHEMA.to_owned()
}

/// A profile: a built-in name (`thales`, `demo`) or a profile object as JSON. Returns it, validated.
#[wasm_bindgen]
pub fn profile(name_or_json: &str) -> Result<String, JsValue> {
    let v = if name_or_json.trim_start().starts_with('{') {
        serde_json::from_str::<Value>(name_or_json).map_err(|_| input_error("profile is not JSON"))?
    } else {
        Value::String(name_or_json.to_owned())
    };
    let opts = CallOptions { profile: Some(v), ..Default::default() };
    Ok(resolve_profile(&opts)?.to_json())
}

/// Where a kind of contact goes. Returns the Route JSON.
#[wasm_bindgen]
pub fn triage(kind: &str, options_json: &str) -> Result<String, JsValue> {
    let opts = parse_options(options_json)?;
    let lang = opts.language.as_deref().and_then(Lang::parse).unwrap_or_default();
    let Some(k) = Kind::parse(kind) else {
        let mut p = Params::new();
        p.insert("kind", kind.chars().take(64).collect());
        return Err(js_error("input", Code::TriageUnknownKind, &Code::TriageUnknownKind.render(lang, &p), None));
    };
    let profile = resolve_profile(&opts)?;
    let today = resolve_today(&opts)?.unwrap_or_else(date::today);
    serde_json::to_string(&triage::triage(k, &profile, lang, today)).map_err(|e| input_error(&e.to_string()))
}
