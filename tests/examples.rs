//! Every file in `examples/`: `valid-*.json` validate with no error; each `invalid-*.json`
//! produces at least every error listed in its `.expected.json` (path and code), and nothing else.

use psirt_report::{date, validate, Options, Profile};
use serde_json::Value;
use std::fs;

fn options() -> Options<'static> {
    // A fixed "today" so that the examples' dates keep their meaning whatever the clock says.
    Options { profile: Profile::thales(), today: date::parse("2026-11-22") }
}

#[test]
fn valid_examples_are_valid() {
    let mut n = 0;
    for entry in fs::read_dir("examples").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("valid-") && name.ends_with(".json") {
            let d = validate::validate_str(&fs::read_to_string(&path).unwrap(), &options());
            assert!(d.valid, "{name}: {:#?}", d.errors);
            n += 1;
        }
    }
    assert!(n >= 3, "expected the three channels to have a valid example");
}

#[test]
fn invalid_examples_report_exactly_their_expected_errors() {
    let mut n = 0;
    for entry in fs::read_dir("examples").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("invalid-") && name.ends_with(".json")) || name.ends_with(".expected.json") {
            continue;
        }
        let expected_path = path.with_extension("expected.json");
        let expected: Vec<Value> = serde_json::from_str(&fs::read_to_string(&expected_path).unwrap()).unwrap();
        let d = validate::validate_str(&fs::read_to_string(&path).unwrap(), &options());
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
        n += 1;
    }
    assert!(n >= 5);
}
