//! The report JSON Schema (draft 2020-12), compiled once, and its errors turned into diagnostics.
//!
//! Codes come from the failing keyword (`required`, `type`, `too-long`…), unless the schema node
//! that failed names its own with the `x-code` annotation (`"x-code": "cwe-invalid"`): the schema
//! file stays the one place where a field's form *and* the code reported for it are declared.

use crate::diagnostics::{pointer_push, Diagnostic};
use crate::i18n::Code;
use jsonschema::error::{TypeKind, ValidationErrorKind};
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

/// The report schema, compiled into Rust at build time (jsonschema's `macros` feature): nothing
/// is compiled, nor checked against the meta-schema, at run time, and only the `regex` engine is
/// referenced for `pattern` (linear time, no backtracking: hostile strings cannot make validation
/// slow; the scanner shares the same engine in the wasm build).
#[jsonschema::validator(path = "schema/report.schema.json", draft = Draft202012, pattern_options = { engine = regex })]
struct ReportSchema;

/// Compiles a draft 2020-12 schema at run time, as the generated validators were before: tests
/// check that both agree.
#[cfg(test)]
pub(crate) fn compile(schema: &Value) -> Option<jsonschema::Validator> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(schema)
        .ok()
}

/// Structural errors of `value`, every one of them.
pub(super) fn check(value: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for err in ReportSchema::iter_errors(value) {
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
        assert!(compile(report_schema()).is_some());
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

    /// Every error as (instance path, schema path, kind), sorted: what `check` reads of them.
    fn errors<'a>(it: impl Iterator<Item = jsonschema::ValidationError<'a>>) -> Vec<String> {
        let mut v: Vec<String> =
            it.map(|e| format!("{} {} {:?}", e.instance_path().as_str(), e.schema_path().as_str(), e.kind())).collect();
        v.sort();
        v
    }

    /// The validator generated at build time reports exactly what the run-time compiled one does,
    /// on the examples and on broken copies of them (every field removed, set to a wrong type, to
    /// an over-long string, an unknown field added).
    #[test]
    fn generated_validator_agrees_with_the_runtime_one() {
        let runtime = compile(report_schema()).expect("schema compiles");
        let mut cases: Vec<Value> = Vec::new();
        for name in
            ["valid-vulnerability", "valid-data-leak", "valid-cna-appeal", "invalid-structure", "invalid-semantics"]
        {
            let text = std::fs::read_to_string(format!("examples/{name}.json")).expect("example");
            let v: Value = serde_json::from_str(&text).expect("json");
            cases.push(v.clone());
            if let Value::Object(m) = &v {
                for key in m.keys() {
                    for broken in [Value::Null, Value::from(7), Value::from("x".repeat(70_000)), Value::Array(vec![])] {
                        let mut c = v.clone();
                        c[key] = broken;
                        cases.push(c);
                    }
                    let mut c = v.clone();
                    c.as_object_mut().expect("object").remove(key);
                    cases.push(c);
                }
            }
            let mut c = v.clone();
            c["no_such_field"] = Value::from(1);
            cases.push(c);
        }
        let mut failing = 0;
        for c in &cases {
            let expected = errors(runtime.iter_errors(c));
            failing += usize::from(!expected.is_empty());
            assert_eq!(errors(ReportSchema::iter_errors(c)), expected, "on {c}");
        }
        assert!(failing > cases.len() / 2, "the cases exercise errors ({failing} of {})", cases.len());
    }
}
