//! The core module's exports (`core` feature): validate, schema, profile, triage, scan, scanText,
//! redact, cvss, and `check_for_seal`, which the JavaScript layer calls before it asks the seal
//! module to encrypt. The JSON Schema engine and the scanner's regex stack live only in this module.

use super::{input_error, js_error, parse_options, resolve_profile, resolve_today, CallOptions};
use crate::date;
use crate::i18n::{Code, Lang, Params};
use crate::profile::Profile;
use crate::triage::{self, Kind};
use crate::validate::{self, Options};
use serde::Deserialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// Validates a report (JSON text). Returns the Diagnostics JSON; never throws for report content.
#[wasm_bindgen]
pub fn validate(report_json: &str, options_json: &str) -> Result<String, JsValue> {
    let opts = parse_options(options_json)?;
    let profile = resolve_profile(&opts)?;
    let vopts = Options { profile: &profile, today: resolve_today(&opts)? };
    Ok(validate::validate_str(report_json, &vopts).to_json())
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

// --- scanner ---------------------------------------------------------------------------------

/// Options of `scan`, `scan_text` and `redact`, as JSON:
/// `{profile?, language?, reporter_email?, min_severity?, findings?}`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ScanCallOptions {
    profile: Option<Value>,
    language: Option<String>,
    reporter_email: Option<String>,
    /// `redact` without `findings`: redact what is at or above this severity (default `medium`).
    min_severity: Option<String>,
    /// `redact`: the findings to redact (as `scan` returned them, possibly filtered).
    findings: Option<Vec<crate::scan::Finding>>,
}

fn scan_options(json: &str) -> Result<ScanCallOptions, JsValue> {
    if json.trim().is_empty() {
        return Ok(ScanCallOptions::default());
    }
    serde_json::from_str(json)
        .map_err(|e| input_error(&format!("scan options are not a JSON object of known fields ({e})")))
}

fn scan_profile(opts: &ScanCallOptions) -> Result<Profile, JsValue> {
    resolve_profile(&CallOptions { profile: opts.profile.clone(), ..Default::default() })
}

/// A report for the scanner: parsed with the validator's limits; unreadable text is an `input` error.
fn scan_report_value(report_json: &str, lang: Lang) -> Result<Value, JsValue> {
    crate::report::parse(report_json).map_err(|d| js_error("input", d.code, &d.code.render(lang, &d.params), None))
}

/// Scans every string field and text attachment of a report. Returns the Finding[] JSON.
#[wasm_bindgen]
pub fn scan(report_json: &str, options_json: &str) -> Result<String, JsValue> {
    let opts = scan_options(options_json)?;
    let given = opts.language.as_deref().and_then(Lang::parse);
    let report = scan_report_value(report_json, given.unwrap_or_default())?;
    let lang = given.unwrap_or_else(|| crate::report::language_of(&report));
    let profile = scan_profile(&opts)?;
    let sopts =
        crate::scan::ScanOptions { lang, profile: Some(&profile), reporter_email: opts.reporter_email.as_deref() };
    Ok(crate::scan::scan_report_json(&report, &sopts))
}

/// Scans one text (path ""). Returns the Finding[] JSON.
#[wasm_bindgen]
pub fn scan_text(text: &str, options_json: &str) -> Result<String, JsValue> {
    let opts = scan_options(options_json)?;
    let profile = scan_profile(&opts)?;
    let sopts = crate::scan::ScanOptions {
        lang: opts.language.as_deref().and_then(Lang::parse).unwrap_or_default(),
        profile: Some(&profile),
        reporter_email: opts.reporter_email.as_deref(),
    };
    Ok(crate::scan::scan_text_json(text, &sopts))
}

/// Returns the report JSON with the given findings (else every finding at or above
/// `min_severity`, default `medium`) replaced by `[REDACTED:<category>]`.
#[wasm_bindgen]
pub fn redact(report_json: &str, options_json: &str) -> Result<String, JsValue> {
    let opts = scan_options(options_json)?;
    let given = opts.language.as_deref().and_then(Lang::parse);
    let report = scan_report_value(report_json, given.unwrap_or_default())?;
    let findings = match &opts.findings {
        Some(f) => f.clone(),
        None => {
            let min = match opts.min_severity.as_deref() {
                None => crate::scan::Severity::Medium,
                Some(s) => crate::scan::Severity::parse(s)
                    .ok_or_else(|| input_error("min_severity is not critical, high, medium or info"))?,
            };
            let profile = scan_profile(&opts)?;
            let sopts = crate::scan::ScanOptions {
                lang: given.unwrap_or_default(),
                profile: Some(&profile),
                reporter_email: opts.reporter_email.as_deref(),
            };
            crate::scan::scan_report(&report, &sopts).into_iter().filter(|f| f.severity >= min).collect()
        }
    };
    serde_json::to_string(&crate::scan::redact(&report, &findings))
        .map_err(|e| js_error("scan", Code::InputType, &e.to_string(), None))
}

/// Scores one CVSS vector (3.0, 3.1, 4.0) as `validate` does. Returns the CvssScore JSON; throws
/// kind `input` with code `cvss-invalid` (message in `options.language`).
#[wasm_bindgen]
pub fn cvss(vector: &str, options_json: &str) -> Result<String, JsValue> {
    let opts = parse_options(options_json)?;
    let lang = opts.language.as_deref().and_then(Lang::parse).unwrap_or_default();
    match validate::score_cvss(vector) {
        Ok(score) => serde_json::to_string(&score).map_err(|e| input_error(&e.to_string())),
        Err(e) => Err(js_error("input", e.code(), &e.message(lang), None)),
    }
}

// --- for the JavaScript layer: a test hook, and the validation `seal` needs first ---

/// Test hook, not API (hidden from the docs and the TypeScript declarations): traps the module
/// on purpose, in the middle of a call that holds an allocation, the way a bug would. The npm
/// package's tests use it to check that the JavaScript layer re-instantiates a trapped module, so
/// the next call works. `abort` compiles to the wasm `unreachable` instruction; no panic involved.
/// Only with the `test-hooks` feature: the module `make wasm` ships has no such export (the
/// package's own trap test makes the module trap through an out-of-bounds argument instead).
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
#[wasm_bindgen(js_name = "__trapForTests", skip_typescript)]
pub fn trap_for_tests(held: String) {
    if !held.is_empty() {
        std::process::abort();
    }
}

/// What `seal` needs from the core first: validates the report with `seal`'s options and throws
/// the error `seal` itself would (kind `report`, code `report-invalid`, with the diagnostics) when
/// it is not valid. Returns nothing when it is.
#[wasm_bindgen]
pub fn check_for_seal(report_json: &str, options_json: &str) -> Result<(), JsValue> {
    let opts = parse_options(options_json)?;
    let profile = resolve_profile(&opts)?;
    let vopts = Options { profile: &profile, today: resolve_today(&opts)? };
    let lang_given = opts.language.as_deref().and_then(Lang::parse);
    let (diagnostics, lang) = match crate::report::parse(report_json) {
        Ok(value) => {
            let lang = lang_given.unwrap_or_else(|| crate::report::language_of(&value));
            (validate::validate_value(&value, &vopts), lang)
        }
        Err(d) => (
            crate::diagnostics::Diagnostics::build(vec![d], vec![], Default::default(), Lang::En),
            lang_given.unwrap_or_default(),
        ),
    };
    if diagnostics.valid {
        return Ok(());
    }
    let mut p = Params::new();
    p.insert("count", diagnostics.errors.len().to_string());
    Err(js_error("report", Code::ReportInvalid, &Code::ReportInvalid.render(lang, &p), Some(diagnostics.to_json())))
}
