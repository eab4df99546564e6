//! Validation of a report: the embedded JSON Schema first, then the rules a schema cannot express.
//!
//! Everything is reported at once, never first-error-only: schema errors (`schema`) and semantic
//! errors (`semantic`) are collected side by side, so a form can mark every field in one pass.
//! Where a field failed the schema, the semantic check of that field is skipped or its
//! diagnostic collapses into the schema's (same path, same code).

pub(crate) mod schema;
mod semantic;

use crate::date::{self, CalendarDate};
use crate::diagnostics::{CvssScore, Diagnostic, Diagnostics, Scores};
use crate::i18n::{Code, Params};
use crate::profile::Profile;
use crate::report;

pub use schema::{report_schema, REPORT_SCHEMA};

/// What validation needs besides the report.
#[derive(Debug, Clone)]
pub struct Options<'p> {
    /// The PSIRT the report is for (its commitment texts appear in messages).
    pub profile: &'p Profile,
    /// Today's date, for "not in the future" checks; the host clock when `None`.
    pub today: Option<CalendarDate>,
}

impl<'p> Options<'p> {
    pub fn new(profile: &'p Profile) -> Self {
        Options { profile, today: None }
    }
}

/// Validates report text. Never panics; input that is not a JSON object gives one diagnostic
/// at path `""` (`json-syntax`, `json-too-deep`, `not-an-object`, `input-too-large`).
pub fn validate_str(text: &str, opts: &Options<'_>) -> Diagnostics {
    match report::parse(text) {
        Ok(value) => validate_value(&value, opts),
        Err(d) => Diagnostics::build(vec![d], vec![], Scores::default(), crate::i18n::Lang::En),
    }
}

/// Validates a report already parsed as JSON.
pub fn validate_value(value: &serde_json::Value, opts: &Options<'_>) -> Diagnostics {
    let lang = report::language_of(value);
    if !value.is_object() {
        let d = Diagnostic::new("", Code::NotAnObject).with("found", report::json_kind(value));
        return Diagnostics::build(vec![d], vec![], Scores::default(), lang);
    }
    let today = opts.today.unwrap_or_else(date::today);
    let mut errors = schema::check(value);
    let mut warnings = Vec::new();
    let scores = semantic::check(value, opts.profile, lang, today, &mut errors, &mut warnings);
    if opts.profile.demo {
        warnings.push(Diagnostic::new("", Code::DemoProfile));
    }
    Diagnostics::build(errors, warnings, scores, lang)
}

/// Scores one CVSS vector (3.0, 3.1 or 4.0) on its own, for a calculator beside the form: the
/// same code, and so the same score, severity and refusals, as validation's `diagnostics.cvss`.
pub fn score_cvss(vector: &str) -> Result<CvssScore, CvssError> {
    semantic::score(vector).map_err(|reason| CvssError { reason })
}

/// Why a vector was not scored: code `cvss-invalid`, the code validation reports for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CvssError {
    /// What is wrong (metric names and values of the vector, clipped to 120 characters).
    pub reason: String,
}

impl CvssError {
    pub fn code(&self) -> Code {
        Code::CvssInvalid
    }
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        p.insert("reason", self.reason.clone());
        p
    }
}

crate::i18n::localized_error!(CvssError);
