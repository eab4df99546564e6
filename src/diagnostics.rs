//! Diagnostics: the plain data validation returns, before and after it is rendered in words.
//!
//! Wire format (what `validate` returns as JSON, in Rust, wasm, npm and `psirt-report validate --json`):
//!
//! ```json
//! { "valid": false,
//!   "errors":   [ { "path": "/affected", "code": "required", "message": "The field 'affected' is required.",
//!                   "params": { "field": "affected" } } ],
//!   "warnings": [ { "path": "/summary", "code": "recommended-missing", "message": "…", "params": {…} } ],
//!   "cvss": { "v3": { "vector": "CVSS:3.1/…", "version": "3.1", "score": 9.8, "severity": "critical" } } }
//! ```
//!
//! - `path` is a JSON Pointer (RFC 6901) into the report; `""` is the whole report. A missing
//!   required field is reported at its own path (`/affected`), so a form can mark that field.
//! - `code` is stable and machine-readable (see [`crate::Code`]); `message` is in the report's
//!   language and never quotes a value of the report, only field names and limits.
//! - `valid` is `errors.is_empty()`; warnings never make a report invalid.
//! - `cvss` holds the scores computed from the vectors (never trusted from input), when they parse.

use crate::i18n::{Code, Lang, Params};
use serde::Serialize;

/// One problem (or warning) at one place in a report, not yet in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON Pointer to the offending value (or to the missing field).
    pub path: String,
    pub code: Code,
    /// Parameters of the message (field names, limits, computed facts; never report values).
    pub params: Params,
}

impl Diagnostic {
    pub fn new(path: impl Into<String>, code: Code) -> Self {
        Diagnostic { path: path.into(), code, params: Params::new() }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.params.insert(name, value.into());
        self
    }

    /// Renders the message in `lang`.
    pub fn render(&self, lang: Lang) -> Message {
        Message {
            path: self.path.clone(),
            code: self.code,
            message: self.code.render(lang, &self.params),
            params: self.params.clone(),
        }
    }
}

/// A diagnostic in words, as serialised for callers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub path: String,
    pub code: Code,
    pub message: String,
    #[serde(skip_serializing_if = "Params::is_empty")]
    pub params: Params,
}

/// A computed CVSS score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CvssScore {
    /// The vector as given.
    pub vector: String,
    /// `3.0`, `3.1` or `4.0`.
    pub version: String,
    /// Base score (v3) or CVSS-B/BT/BE… score (v4), 0.0–10.0.
    pub score: f64,
    /// `none`, `low`, `medium`, `high` or `critical`.
    pub severity: String,
}

/// Scores computed from `severity.cvss_v3` / `severity.cvss_v4`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v3: Option<CvssScore>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v4: Option<CvssScore>,
}

impl Scores {
    pub fn is_empty(&self) -> bool {
        self.v3.is_none() && self.v4.is_none()
    }
}

/// The result of validating a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostics {
    pub valid: bool,
    pub errors: Vec<Message>,
    pub warnings: Vec<Message>,
    #[serde(skip_serializing_if = "Scores::is_empty")]
    pub cvss: Scores,
}

impl Diagnostics {
    /// Orders by path then code, drops exact repeats (two schema keywords can fail for the same
    /// reason at the same place, e.g. `minLength` and `pattern` on an empty title) and renders.
    pub(crate) fn build(mut errors: Vec<Diagnostic>, mut warnings: Vec<Diagnostic>, cvss: Scores, lang: Lang) -> Self {
        for list in [&mut errors, &mut warnings] {
            list.sort_by(|a, b| (&a.path, a.code).cmp(&(&b.path, b.code)));
            list.dedup_by(|a, b| a.path == b.path && a.code == b.code);
        }
        Diagnostics {
            valid: errors.is_empty(),
            errors: errors.iter().map(|d| d.render(lang)).collect(),
            warnings: warnings.iter().map(|d| d.render(lang)).collect(),
            cvss,
        }
    }

    /// The diagnostics as JSON text (the wire format above).
    pub fn to_json(&self) -> String {
        // Serialising plain strings, numbers and maps cannot fail.
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{\"valid\":false}"))
    }
}

/// Appends a JSON Pointer reference token, escaping `~` and `/` (RFC 6901 §3).
pub fn pointer_push(base: &str, token: &str) -> String {
    let mut s = String::with_capacity(base.len() + token.len() + 1);
    s.push_str(base);
    s.push('/');
    for c in token.chars() {
        match c {
            '~' => s.push_str("~0"),
            '/' => s.push_str("~1"),
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes() {
        assert_eq!(pointer_push("", "a/b~c"), "/a~1b~0c");
        assert_eq!(pointer_push("/x", "0"), "/x/0");
    }

    #[test]
    fn build_sorts_and_dedups() {
        let e = vec![
            Diagnostic::new("/title", Code::TitleEmpty),
            Diagnostic::new("/a", Code::Required).with("field", "a"),
            Diagnostic::new("/title", Code::TitleEmpty),
        ];
        let d = Diagnostics::build(e, vec![], Scores::default(), Lang::En);
        assert!(!d.valid);
        assert_eq!(d.errors.len(), 2);
        assert_eq!(d.errors[0].path, "/a");
        assert_eq!(d.errors[0].message, "The field 'a' is required.");
    }
}
