//! The report document: reading it from text, its typed form, and its canonical bytes.
//!
//! A report arrives as JSON text (from a file, a form, or JavaScript through `JSON.stringify`).
//! [`parse`] turns text into a JSON value with hard limits (size, nesting) so that hostile input
//! fails fast with a diagnostic, never a panic or a stack overflow. Validation works on that
//! value, so that every problem can be reported even when the typed form cannot be built.
//! [`Report`] is the typed form of a *valid* report; [`canonical_json`] is what gets encrypted.

use crate::diagnostics::Diagnostic;
use crate::i18n::{Code, Lang};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Largest report text accepted, in bytes: the schema's limits (20 attachments of at most
/// 36 MB of base64 each are bounded separately by `maxLength`) make a larger text pointless to read.
/// 40 MiB leaves room for 25 MiB of attachments (the floor sealing promises) plus the text fields.
pub const MAX_INPUT_BYTES: usize = 40 * 1024 * 1024;

/// Deepest nesting serde_json accepts before refusing (its built-in recursion limit).
pub const MAX_DEPTH: usize = 128;
/// Most attachments passed to `seal` as bytes.
pub const MAX_ATTACHMENTS: usize = 50;
/// Largest total size of the attachments passed to `seal` as bytes: 32 MiB (the product promises 25 MB).
pub const MAX_ATTACHMENT_BYTES: u64 = 32 * 1024 * 1024;

/// Reads report text into a JSON object, or says why it cannot be a report.
pub fn parse(text: &str) -> Result<Value, Diagnostic> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::new("", Code::InputTooLarge)
            .with("size", text.len().to_string())
            .with("limit", MAX_INPUT_BYTES.to_string()));
    }
    // serde_json refuses nesting deeper than 128 levels with a "recursion limit" error instead
    // of recursing further, which is what keeps 10,000-deep input from overflowing the stack.
    let value: Value = serde_json::from_str(text).map_err(|e| {
        if e.to_string().starts_with("recursion limit exceeded") {
            Diagnostic::new("", Code::JsonTooDeep).with("limit", MAX_DEPTH.to_string())
        } else {
            Diagnostic::new("", Code::JsonSyntax)
                .with("line", e.line().to_string())
                .with("column", e.column().to_string())
        }
    })?;
    if !value.is_object() {
        return Err(Diagnostic::new("", Code::NotAnObject).with("found", json_kind(&value)));
    }
    Ok(value)
}

/// The JSON type of a value, as a word for messages.
pub fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The language a report asks for (`language`), English when absent or unknown.
pub fn language_of(v: &Value) -> Lang {
    v.get("language").and_then(Value::as_str).and_then(Lang::parse).unwrap_or_default()
}

/// The canonical bytes of a report: compact JSON with object keys in sorted order, UTF-8.
///
/// For documents of this schema (ASCII keys, integers only) this equals the RFC 8785 (JCS)
/// canonical form, so two tools that agree on a report agree on its bytes.
pub fn canonical_json(v: &Value) -> String {
    // serde_json's map is a BTreeMap (no `preserve_order` feature), so keys serialise sorted.
    serde_json::to_string(v).unwrap_or_default()
}

/// Which policy channel a report is filed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Vulnerability,
    DataLeak,
    CnaAppeal,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reporter {
    pub name: Option<String>,
    pub email: String,
    pub organization: Option<String>,
    pub pgp_key: Option<String>,
    pub credit: Option<String>,
    pub anonymous: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Affected {
    pub vendor: Option<String>,
    pub product: String,
    #[serde(default)]
    pub versions: Vec<String>,
    pub component: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Severity {
    pub cvss_v3: Option<String>,
    pub cvss_v4: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Disclosure {
    pub proposed_date: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DataLeak {
    pub data_categories: Vec<String>,
    pub location: String,
    pub still_accessible: Option<bool>,
    pub records_estimate: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Appeal {
    pub cna: String,
    pub grounds: String,
    pub cve_id: Option<String>,
    pub request_reference: Option<String>,
    pub first_contact_on: Option<String>,
    pub details: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Commitments {
    pub no_exploitation: bool,
    pub no_disclosure_without_consent: bool,
    pub no_prohibited_attacks: bool,
    /// The profile's `policy_version` the commitments were accepted under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_version: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    pub name: String,
    pub media_type: Option<String>,
    pub content_base64: String,
}

/// A report that passed validation, typed. Field meanings are documented in the JSON Schema
/// (`schema/report.schema.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: String,
    pub channel: Channel,
    #[serde(default)]
    pub language: Option<String>,
    pub reporter: Reporter,
    pub title: String,
    pub summary: Option<String>,
    #[serde(default)]
    pub affected: Vec<Affected>,
    pub description: Option<String>,
    pub steps_to_reproduce: Option<String>,
    pub impact: Option<String>,
    pub proof_of_concept: Option<String>,
    pub severity: Option<Severity>,
    #[serde(default)]
    pub cwe: Vec<String>,
    pub discovered_on: Option<String>,
    pub third_party_software: Option<bool>,
    pub exploited: Option<String>,
    pub disclosure: Option<Disclosure>,
    pub data_leak: Option<DataLeak>,
    pub appeal: Option<Appeal>,
    pub commitments: Option<Commitments>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

impl Report {
    pub fn lang(&self) -> Lang {
        self.language.as_deref().and_then(Lang::parse).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_refuses_non_reports_with_codes() {
        assert_eq!(parse("{").unwrap_err().code, Code::JsonSyntax);
        assert_eq!(parse("[1]").unwrap_err().code, Code::NotAnObject);
        assert_eq!(parse("\"x\"").unwrap_err().code, Code::NotAnObject);
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(parse(&deep).unwrap_err().code, Code::JsonTooDeep);
        let deep_obj = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
        assert_eq!(parse(&deep_obj).unwrap_err().code, Code::JsonTooDeep);
        assert!(parse("{\"__proto__\": {\"x\": 1}}").is_ok());
    }

    #[test]
    fn canonical_sorts_keys_compactly() {
        let v: Value = serde_json::from_str(r#"{"b": 1, "a": {"d": [1, 2], "c": "é"}}"#).unwrap();
        assert_eq!(canonical_json(&v), r#"{"a":{"c":"é","d":[1,2]},"b":1}"#);
    }
}
