//! The report JSON Schema (draft 2020-12), compiled once, and its errors turned into diagnostics.
//!
//! Codes come from the failing keyword (`required`, `type`, `too-long`…), unless the schema node
//! that failed names its own with the `x-code` annotation (`"x-code": "cwe-invalid"`): the schema
//! file stays the one place where a field's form *and* the code reported for it are declared.

use crate::diag::{pointer_push, Diagnostic};
use crate::i18n::Code;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::Validator;
use serde_json::Value;
use std::sync::OnceLock;

/// The report schema as shipped (also in the npm package as `schema/report.schema.json`).
pub const REPORT_SCHEMA: &str = include_str!("../../schema/report.schema.json");

/// The report schema as a JSON value.
pub fn report_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    // The embedded file is checked by tests; an unreadable one is a build defect.
    SCHEMA.get_or_init(|| serde_json::from_str(REPORT_SCHEMA).unwrap_or(Value::Bool(false)))
}

fn validator() -> Option<&'static Validator> {
    static V: OnceLock<Option<Validator>> = OnceLock::new();
    V.get_or_init(|| compile(report_schema())).as_ref()
}

/// Compiles a draft 2020-12 schema of this crate. Patterns use the `regex` crate (linear time,
/// no backtracking) rather than the default `fancy-regex`: hostile strings cannot make
/// validation slow, and the scanner shares the same engine in the wasm build.
pub(crate) fn compile(schema: &Value) -> Option<Validator> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(schema)
        .ok()
}

/// Structural errors of `value`, every one of them.
pub(super) fn check(value: &Value) -> Vec<Diagnostic> {
    let Some(v) = validator() else {
        return vec![Diagnostic::new("", Code::Invalid)];
    };
    let mut out = Vec::new();
    for err in v.iter_errors(value) {
        let path = err.instance_path().as_str().to_owned();
        let x_code = || x_code(err.schema_path().as_str()).or_else(|| x_code(err.evaluation_path().as_str()));
        match err.kind() {
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                out.push(Diagnostic::new(pointer_push(&path, name), Code::Required).with("field", name));
            }
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                for name in unexpected {
                    out.push(Diagnostic::new(pointer_push(&path, name), Code::UnknownField).with("field", clip(name)));
                }
            }
            ValidationErrorKind::Type { kind } => {
                let expected = match kind {
                    TypeKind::Single(t) => t.to_string(),
                    TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" or "),
                };
                out.push(Diagnostic::new(path, Code::Type).with("expected", expected));
            }
            ValidationErrorKind::MaxLength { limit } => {
                out.push(Diagnostic::new(path, Code::TooLong).with("limit", limit.to_string()));
            }
            ValidationErrorKind::MinLength { limit } => {
                let d = Diagnostic::new(path, x_code().unwrap_or(Code::TooShort));
                out.push(d.with("limit", limit.to_string()));
            }
            ValidationErrorKind::MaxItems { limit } => {
                out.push(Diagnostic::new(path, Code::TooManyItems).with("limit", limit.to_string()));
            }
            ValidationErrorKind::MinItems { limit } => {
                out.push(Diagnostic::new(path, Code::TooFewItems).with("limit", limit.to_string()));
            }
            ValidationErrorKind::UniqueItems => out.push(Diagnostic::new(path, Code::NotUnique)),
            ValidationErrorKind::Enum { options } => {
                let allowed = options
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "))
                    .unwrap_or_default();
                out.push(Diagnostic::new(path, x_code().unwrap_or(Code::NotAllowed)).with("allowed", allowed));
            }
            ValidationErrorKind::Constant { .. } | ValidationErrorKind::Pattern { .. } => {
                let fallback = if matches!(err.kind(), ValidationErrorKind::Pattern { .. }) {
                    Code::Pattern
                } else {
                    Code::Invalid
                };
                out.push(Diagnostic::new(path, x_code().unwrap_or(fallback)));
            }
            ValidationErrorKind::Minimum { .. }
            | ValidationErrorKind::Maximum { .. }
            | ValidationErrorKind::ExclusiveMinimum { .. }
            | ValidationErrorKind::ExclusiveMaximum { .. } => out.push(Diagnostic::new(path, Code::OutOfRange)),
            // `false` schemas and keywords this schema does not use.
            _ => out.push(Diagnostic::new(path, x_code().unwrap_or(Code::Invalid))),
        }
    }
    out
}

/// The `x-code` annotation beside the keyword at `keyword_location` (a JSON Pointer into the schema).
fn x_code(keyword_location: &str) -> Option<Code> {
    let parent = keyword_location.rsplit_once('/').map(|(p, _)| p)?;
    let node = report_schema().pointer(parent)?;
    node.get("x-code").and_then(Value::as_str).and_then(Code::from_name)
}

/// Field names come from the input: keep them short in messages.
fn clip(name: &str) -> String {
    const MAX: usize = 64;
    match name.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &name[..i]),
        None => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_compiles_and_every_x_code_is_a_known_code() {
        assert!(validator().is_some());
        fn walk(v: &Value, found: &mut Vec<String>) {
            match v {
                Value::Object(m) => {
                    if let Some(Value::String(c)) = m.get("x-code") {
                        found.push(c.clone());
                    }
                    m.values().for_each(|x| walk(x, found));
                }
                Value::Array(a) => a.iter().for_each(|x| walk(x, found)),
                _ => {}
            }
        }
        let mut found = Vec::new();
        walk(report_schema(), &mut found);
        assert!(found.len() >= 10);
        for c in found {
            assert!(Code::from_name(&c).is_some(), "x-code {c} is not a Code");
        }
    }
}
