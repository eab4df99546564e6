//! Every file in `examples/`: `valid-*.json` validate with no error (and deserialise into the
//! typed `Report`); each `invalid-*.json` produces exactly the errors listed in its
//! `.expected.json` (path and code).

use psirt_report::report::{self, Report};
use psirt_report::{date, validate, Options, Profile};
use serde_json::Value;
use std::fs;
use std::path::PathBuf;

fn options() -> Options<'static> {
    // A fixed "today" so that the examples' dates keep their meaning whatever the clock says.
    Options { profile: Profile::thales(), today: date::parse("2026-11-22") }
}

/// `(file name, path, text)` of the example reports whose name starts with `prefix`.
fn examples(prefix: &str) -> Vec<(String, PathBuf, String)> {
    let mut found: Vec<_> = fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|path| {
            let name = path.file_name()?.to_string_lossy().into_owned();
            let wanted = name.starts_with(prefix) && name.ends_with(".json") && !name.ends_with(".expected.json");
            wanted.then(|| (name, path.clone(), fs::read_to_string(&path).unwrap()))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn valid_examples_are_valid_and_typed() {
    let valid = examples("valid-");
    assert!(valid.len() >= 3, "expected the three channels to have a valid example");
    for (name, _, text) in valid {
        let d = validate::validate_str(&text, &options());
        assert!(d.valid, "{name}: {:#?}", d.errors);
        let typed: Report = serde_json::from_value(report::parse(&text).unwrap()).unwrap();
        assert!(!typed.title.is_empty(), "{name}");
    }
}

#[test]
fn invalid_examples_report_exactly_their_expected_errors() {
    let invalid = examples("invalid-");
    assert!(invalid.len() >= 5);
    for (name, path, text) in invalid {
        let expected: Vec<Value> =
            serde_json::from_str(&fs::read_to_string(path.with_extension("expected.json")).unwrap()).unwrap();
        let d = validate::validate_str(&text, &options());
        assert!(!d.valid, "{name} should be invalid");
        let got: Vec<(String, String)> =
            d.errors.iter().map(|e| (e.path.clone(), e.code.as_str().to_owned())).collect();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|e| (e["path"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
            .collect();
        for w in &want {
            assert!(got.contains(w), "{name}: missing {w:?}; got {got:#?}");
        }
        for g in &got {
            assert!(want.contains(g), "{name}: unexpected {g:?}; expected only {want:#?}");
        }
    }
}
