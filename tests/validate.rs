//! Each schema rule and each semantic rule, both ways: a change to a valid report that breaks
//! exactly one rule must produce that rule's code at that path, and a change that respects the
//! rule must leave the report valid. Plus: every problem at once, French messages, and the
//! never-panic property on arbitrary JSON.

use proptest::prelude::*;
use psirt_report::{date, validate, Code, Options, Profile};
use serde_json::{json, Value};

fn base() -> Value {
    serde_json::from_str(&std::fs::read_to_string("examples/valid-vulnerability.json").unwrap()).unwrap()
}

fn opts() -> Options<'static> {
    Options { profile: Profile::thales(), today: date::parse("2026-11-22") }
}

fn check(v: &Value) -> psirt_report::Diagnostics {
    validate::validate_str(&v.to_string(), &opts())
}

/// Sets (Some) or removes (None) the value at a JSON Pointer, creating objects on the way.
fn set(mut v: Value, pointer: &str, new: Option<Value>) -> Value {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let target = if parent.is_empty() { &mut v } else { v.pointer_mut(parent).unwrap() };
    match (target, new) {
        (Value::Object(m), Some(n)) => {
            m.insert(last.to_owned(), n);
        }
        (Value::Object(m), None) => {
            m.remove(last);
        }
        (Value::Array(a), Some(n)) => {
            let i: usize = last.parse().unwrap();
            if i < a.len() {
                a[i] = n
            } else {
                a.push(n)
            }
        }
        (Value::Array(a), None) => {
            a.remove(last.parse::<usize>().unwrap());
        }
        _ => panic!("cannot set {pointer}"),
    }
    v
}

/// (description, pointer, breaking value (None = remove), expected code at `at` or the pointer, good value)
struct Case {
    rule: &'static str,
    pointer: &'static str,
    bad: Option<Value>,
    code: &'static str,
    at: Option<&'static str>,
    good: Option<Value>,
}

fn case(
    rule: &'static str,
    pointer: &'static str,
    bad: Option<Value>,
    code: &'static str,
    good: Option<Value>,
) -> Case {
    Case { rule, pointer, bad, code, at: None, good }
}

fn cases() -> Vec<Case> {
    let long = |n: usize| Value::String("x".repeat(n));
    vec![
        // --- structure ---
        case("schema_version required", "/schema_version", None, "required", Some(json!("1.0"))),
        case(
            "schema_version is 1.0",
            "/schema_version",
            Some(json!("2.0")),
            "schema-version-unsupported",
            Some(json!("1.0")),
        ),
        case("channel required", "/channel", None, "required", Some(json!("vulnerability"))),
        case("channel known", "/channel", Some(json!("complaint")), "channel-unknown", Some(json!("vulnerability"))),
        case("channel is a string", "/channel", Some(json!(1)), "channel-unknown", Some(json!("vulnerability"))),
        case("language en|fr", "/language", Some(json!("de")), "language-unsupported", Some(json!("fr"))),
        case("language optional", "/language", Some(json!("xx")), "language-unsupported", None),
        case("reporter required", "/reporter", None, "required", Some(json!({"email": "a@b.example"}))),
        case("reporter is an object", "/reporter", Some(json!("me")), "type", Some(json!({"email": "a@b.example"}))),
        case("reporter.email required", "/reporter/email", None, "required", Some(json!("a@b.example"))),
        case(
            "reporter.email form",
            "/reporter/email",
            Some(json!("a@b")),
            "email-invalid",
            Some(json!("a.b@c.example")),
        ),
        case(
            "reporter.email bounded",
            "/reporter/email",
            Some(Value::String(format!("{}@b.example", "a".repeat(300)))),
            "too-long",
            Some(json!("a@b.example")),
        ),
        case("reporter unknown field", "/reporter/phone", Some(json!("1")), "unknown-field", None),
        case("reporter.anonymous boolean", "/reporter/anonymous", Some(json!("yes")), "type", Some(json!(true))),
        case("reporter.name bounded", "/reporter/name", Some(long(321)), "too-long", Some(long(320))),
        case("reporter.pgp_key bounded", "/reporter/pgp_key", Some(long(65537)), "too-long", Some(long(100))),
        case("title required", "/title", None, "required", Some(json!("t"))),
        case("title not empty", "/title", Some(json!("")), "title-empty", Some(json!("t"))),
        case("title not blank", "/title", Some(json!("   ")), "title-empty", Some(json!(" t "))),
        case("title bounded", "/title", Some(long(201)), "too-long", Some(long(200))),
        case("summary bounded", "/summary", Some(long(4001)), "too-long", Some(long(4000))),
        case("description bounded", "/description", Some(long(200_001)), "too-long", Some(long(200_000))),
        case("steps_to_reproduce bounded", "/steps_to_reproduce", Some(long(200_001)), "too-long", Some(long(10))),
        case("impact is a string", "/impact", Some(json!(["x"])), "type", Some(json!("x"))),
        case("proof_of_concept bounded", "/proof_of_concept", Some(long(200_001)), "too-long", Some(long(10))),
        case("affected non-empty", "/affected", Some(json!([])), "too-few-items", Some(json!([{"product": "p"}]))),
        case(
            "affected bounded",
            "/affected",
            Some(Value::Array(vec![json!({"product": "p"}); 51])),
            "too-many-items",
            Some(Value::Array(vec![json!({"product": "p"}); 50])),
        ),
        case("affected.product required", "/affected/0/product", None, "required", Some(json!("p"))),
        case("affected.product not empty", "/affected/0/product", Some(json!(" ")), "empty", Some(json!("p"))),
        case(
            "affected.versions bounded",
            "/affected/0/versions",
            Some(Value::Array(vec![json!("1"); 51])),
            "too-many-items",
            Some(json!(["1", "2"])),
        ),
        case("affected unknown field", "/affected/0/cpe", Some(json!("cpe:2.3")), "unknown-field", None),
        case(
            "severity unknown field",
            "/severity/cvss_v2",
            Some(json!("AV:N/AC:L/Au:N/C:P/I:P/A:P")),
            "unknown-field",
            None,
        ),
        case("cwe form", "/cwe/0", Some(json!("CWE79")), "cwe-invalid", Some(json!("CWE-1321"))),
        case("cwe not zero", "/cwe/0", Some(json!("CWE-0")), "cwe-invalid", Some(json!("CWE-20"))),
        case("cwe unique", "/cwe", Some(json!(["CWE-79", "CWE-79"])), "not-unique", Some(json!(["CWE-79", "CWE-80"]))),
        case(
            "cwe bounded",
            "/cwe",
            Some(Value::Array((1..=21).map(|i| json!(format!("CWE-{i}"))).collect())),
            "too-many-items",
            Some(json!([])),
        ),
        case("exploited enum", "/exploited", Some(json!("maybe")), "not-allowed", Some(json!("unknown"))),
        case("third_party_software boolean", "/third_party_software", Some(json!("no")), "type", Some(json!(true))),
        case("unknown top-level field", "/cvss", Some(json!(9.8)), "unknown-field", None),
        case(
            "__proto__ is just an unknown field",
            "/__proto__",
            Some(json!({"polluted": true})),
            "unknown-field",
            None,
        ),
        case(
            "commitments required (vulnerability)",
            "/commitments",
            None,
            "required",
            Some(
                json!({"no_exploitation": true, "no_disclosure_without_consent": true, "no_prohibited_attacks": true}),
            ),
        ),
        case("commitment present", "/commitments/no_exploitation", None, "required", Some(json!(true))),
        case("commitment boolean", "/commitments/no_exploitation", Some(json!("yes")), "type", Some(json!(true))),
        case("affected required (vulnerability)", "/affected", None, "required", Some(json!([{"product": "p"}]))),
        case("steps required (vulnerability)", "/steps_to_reproduce", None, "required", Some(json!("1. …"))),
        case(
            "attachment name plain",
            "/attachments/0/name",
            Some(json!("a/b.png")),
            "attachment-name-invalid",
            Some(json!("b.png")),
        ),
        case(
            "attachment name no backslash",
            "/attachments/0/name",
            Some(json!("..\\b.png")),
            "attachment-name-invalid",
            Some(json!("..b.png")),
        ),
        case(
            "attachment name no control",
            "/attachments/0/name",
            Some(json!("b\n.png")),
            "attachment-name-invalid",
            Some(json!("b .png")),
        ),
        case(
            "attachment media type",
            "/attachments/0/media_type",
            Some(json!("png")),
            "media-type-invalid",
            Some(json!("image/png")),
        ),
        case("attachment content required", "/attachments/0/content_base64", None, "required", Some(json!("QQ=="))),
        case(
            "attachments bounded",
            "/attachments",
            Some(Value::Array(vec![json!({"name": "a", "content_base64": ""}); 21])),
            "too-many-items",
            Some(json!([])),
        ),
        // --- semantic ---
        case(
            "cvss v3 duplicate metric",
            "/severity/cvss_v3",
            Some(json!("CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")),
            "cvss-invalid",
            None,
        ),
        case(
            "cvss v3 parses",
            "/severity/cvss_v3",
            Some(json!("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H")),
            "cvss-invalid",
            Some(json!("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")),
        ),
        case(
            "cvss v3 version",
            "/severity/cvss_v3",
            Some(json!("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")),
            "cvss-version-mismatch",
            None,
        ),
        case(
            "cvss v4 parses",
            "/severity/cvss_v4",
            Some(json!("CVSS:4.0/AV:N/AC:L")),
            "cvss-invalid",
            Some(json!("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")),
        ),
        case(
            "cvss v4 version",
            "/severity/cvss_v4",
            Some(json!("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")),
            "cvss-version-mismatch",
            None,
        ),
        case(
            "discovered_on real",
            "/discovered_on",
            Some(json!("2026-02-29")),
            "date-invalid",
            Some(json!("2024-02-29")),
        ),
        case(
            "discovered_on form",
            "/discovered_on",
            Some(json!("01/02/2026")),
            "date-invalid",
            Some(json!("2026-02-01")),
        ),
        case(
            "discovered_on not future",
            "/discovered_on",
            Some(json!("2026-11-24")),
            "date-in-future",
            Some(json!("2026-11-23")),
        ),
        case(
            "proposed_date real",
            "/disclosure/proposed_date",
            Some(json!("2027-04-31")),
            "date-invalid",
            Some(json!("2027-04-30")),
        ),
        case(
            "disclosure after discovery",
            "/disclosure/proposed_date",
            Some(json!("2026-10-01")),
            "disclosure-before-discovery",
            Some(json!("2026-10-02")),
        ),
        case(
            "commitment accepted: no_exploitation",
            "/commitments/no_exploitation",
            Some(json!(false)),
            "commitment-not-accepted",
            Some(json!(true)),
        ),
        case(
            "commitment accepted: no_disclosure",
            "/commitments/no_disclosure_without_consent",
            Some(json!(false)),
            "commitment-not-accepted",
            Some(json!(true)),
        ),
        case(
            "commitment accepted: no_attacks",
            "/commitments/no_prohibited_attacks",
            Some(json!(false)),
            "commitment-not-accepted",
            Some(json!(true)),
        ),
        case(
            "commitments.policy_version not empty",
            "/commitments/policy_version",
            Some(json!(" ")),
            "empty",
            Some(json!(Profile::thales().policy_version())),
        ),
        case(
            "commitments.policy_version bounded",
            "/commitments/policy_version",
            Some(long(129)),
            "too-long",
            Some(json!(Profile::thales().policy_version())),
        ),
        case(
            "commitments.policy_version is a string",
            "/commitments/policy_version",
            Some(json!(1)),
            "type",
            Some(json!(Profile::thales().policy_version())),
        ),
        Case {
            rule: "attachment base64",
            pointer: "/attachments",
            bad: Some(json!([{"name": "a.txt", "content_base64": "aGk"}])),
            code: "attachment-base64-invalid",
            at: Some("/attachments/0/content_base64"),
            good: Some(json!([{"name": "a.txt", "content_base64": "aGk="}])),
        },
    ]
}

#[test]
fn every_rule_both_ways() {
    let cases = cases();
    assert!(check(&base()).valid);
    let base = || {
        set(
            base(),
            "/attachments",
            Some(json!([{"name": "trace.txt", "media_type": "text/plain", "content_base64": "aGk="}])),
        )
    };
    assert!(check(&base()).valid);
    let mut failures = Vec::new();
    for c in &cases {
        let at = c.at.unwrap_or(c.pointer);
        let bad = check(&set(base(), c.pointer, c.bad.clone()));
        if !bad.errors.iter().any(|e| e.path == at && e.code.as_str() == c.code) {
            failures.push(format!(
                "{}: expected {} at {at}, got {:?}",
                c.rule,
                c.code,
                bad.errors.iter().map(|e| (&e.path, e.code.as_str())).collect::<Vec<_>>()
            ));
        }
        if let Some(good) = &c.good {
            let ok = check(&set(base(), c.pointer, Some(good.clone())));
            if !ok.valid {
                failures.push(format!("{}: the good value was refused: {:?}", c.rule, ok.errors));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} rules failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn channel_requirements() {
    // data_leak needs data_leak (and not the vulnerability fields).
    let leak =
        json!({"schema_version": "1.0", "channel": "data_leak", "reporter": {"email": "a@b.example"}, "title": "t"});
    let d = check(&leak);
    let codes: Vec<_> = d.errors.iter().map(|e| (e.path.as_str(), e.code.as_str())).collect();
    assert_eq!(codes, vec![("/data_leak", "required")]);
    assert!(d.warnings.iter().any(|w| w.code == Code::CommitmentsMissing));
    let leak = set(leak, "/data_leak", Some(json!({"data_categories": ["personal_data"], "location": "a bucket"})));
    assert!(check(&leak).valid);
    let bad = set(leak.clone(), "/data_leak/data_categories", Some(json!(["gossip"])));
    assert!(check(&bad)
        .errors
        .iter()
        .any(|e| e.path == "/data_leak/data_categories/0" && e.code == Code::DataCategoryUnknown));
    let bad = set(leak, "/data_leak/records_estimate", Some(json!(-1)));
    assert!(check(&bad).errors.iter().any(|e| e.path == "/data_leak/records_estimate" && e.code == Code::OutOfRange));

    // cna_appeal needs appeal (and not affected / commitments).
    let appeal =
        json!({"schema_version": "1.0", "channel": "cna_appeal", "reporter": {"email": "a@b.example"}, "title": "t"});
    let d = check(&appeal);
    assert_eq!(
        d.errors.iter().map(|e| (e.path.as_str(), e.code.as_str())).collect::<Vec<_>>(),
        vec![("/appeal", "required")]
    );
    let appeal = set(
        appeal,
        "/appeal",
        Some(json!({"cna": "X", "grounds": "cve_refused", "details": "d", "cve_id": "CVE-2024-1234567"})),
    );
    assert!(check(&appeal).valid, "{:?}", check(&appeal).errors);
    for (bad, code) in [
        ("CVE-24-1234", Code::CveIdInvalid),
        ("CVE-1998-1234", Code::CveIdInvalid),
        ("CVE-2024-123", Code::CveIdInvalid),
    ] {
        let v = set(appeal.clone(), "/appeal/cve_id", Some(json!(bad)));
        assert!(check(&v).errors.iter().any(|e| e.path == "/appeal/cve_id" && e.code == code), "{bad}");
    }
    let v = set(appeal.clone(), "/appeal/first_contact_on", Some(json!("2030-01-01")));
    assert!(check(&v).errors.iter().any(|e| e.path == "/appeal/first_contact_on" && e.code == Code::DateInFuture));
    let v = set(appeal, "/appeal/grounds", Some(json!("slow")));
    assert!(check(&v).errors.iter().any(|e| e.path == "/appeal/grounds" && e.code == Code::AppealGroundsUnknown));
}

#[test]
fn every_problem_at_once_each_at_its_own_path() {
    let mut v = base();
    v = set(v, "/reporter/email", None);
    v = set(v, "/affected", None);
    v = set(v, "/severity/cvss_v3", Some(json!("CVSS:3.1/garbage")));
    v = set(v, "/discovered_on", Some(json!("2099-01-01")));
    v = set(v, "/disclosure", None);
    v = set(v, "/commitments/no_prohibited_attacks", Some(json!(false)));
    let d = check(&v);
    let got: Vec<_> = d.errors.iter().map(|e| (e.path.as_str(), e.code.as_str())).collect();
    for want in [
        ("/reporter/email", "required"),
        ("/affected", "required"),
        ("/severity/cvss_v3", "cvss-invalid"),
        ("/discovered_on", "date-in-future"),
        ("/commitments/no_prohibited_attacks", "commitment-not-accepted"),
    ] {
        assert!(got.contains(&want), "missing {want:?} in {got:?}");
    }
    assert_eq!(got.len(), 5, "{got:?}");
}

#[test]
fn scores_are_computed_not_trusted() {
    let d = check(&base());
    let v3 = d.cvss.v3.as_ref().unwrap();
    assert_eq!((v3.score, v3.severity.as_str(), v3.version.as_str()), (8.7, "high", "3.1"));
    let v4 = d.cvss.v4.as_ref().unwrap();
    assert_eq!((v4.score, v4.severity.as_str()), (9.3, "critical"));
    let v = set(base(), "/severity/cvss_v3", Some(json!("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")));
    assert_eq!(check(&v).cvss.v3.unwrap().score, 9.8);
    let v = set(base(), "/severity/cvss_v3", Some(json!("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N")));
    assert_eq!(check(&v).cvss.v3.unwrap().severity, "none");
}

#[test]
fn cvss_scores_alone_as_validation_scores_them() {
    let v4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
    for (vector, version, score, severity) in [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.1", 9.8, "critical"),
        ("CVSS:3.0/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:N", "3.0", 8.7, "high"),
        ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N", "3.1", 0.0, "none"),
        (v4, "4.0", 9.3, "critical"),
    ] {
        let alone = validate::score_cvss(vector).unwrap();
        assert_eq!(
            (alone.vector.as_str(), alone.version.as_str(), alone.score, alone.severity.as_str()),
            (vector, version, score, severity)
        );
        let field = if version == "4.0" { "/severity/cvss_v4" } else { "/severity/cvss_v3" };
        let d = check(&set(base(), field, Some(json!(vector))));
        let within = if version == "4.0" { d.cvss.v4 } else { d.cvss.v3 };
        assert_eq!(within.as_ref(), Some(&alone), "{vector}");
    }
    // Refusals: the code and the words validation uses for the same vector, in en and fr.
    for (vector, field) in [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "/severity/cvss_v3"), // A missing
        ("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "/severity/cvss_v3"),
        ("CVSS:3.1/garbage", "/severity/cvss_v3"),
        ("CVSS:4.0/AV:N/AC:L", "/severity/cvss_v4"),
    ] {
        let e = validate::score_cvss(vector).unwrap_err();
        assert_eq!(e.code(), Code::CvssInvalid);
        for lang in ["en", "fr"] {
            let d = check(&set(set(base(), field, Some(json!(vector))), "/language", Some(json!(lang))));
            let at = d.errors.iter().find(|m| m.path == field).unwrap();
            assert_eq!(at.code, e.code(), "{vector}");
            assert_eq!(at.message, e.message(psirt_report::Lang::parse(lang).unwrap()), "{vector}");
        }
    }
    assert!(validate::score_cvss("CVSS:3.1/garbage")
        .unwrap_err()
        .message(psirt_report::Lang::Fr)
        .starts_with("Vecteur CVSS invalide"));
    for bad in [
        "",
        "AV:N/AC:L/Au:N/C:P/I:P/A:P",
        "CVSS:2.0/AV:N",
        "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:4.1/AV:N",
    ] {
        assert_eq!(validate::score_cvss(bad).unwrap_err().code(), Code::CvssInvalid, "{bad:?}");
    }
    let long = format!("{v4}{}", "/E:X".repeat(100));
    let e = validate::score_cvss(&long).unwrap_err();
    assert!(e.reason.contains("300"), "{}", e.reason);
    assert!(e.to_string().chars().count() < 200, "the reason is clipped");
}

#[test]
fn commitments_under_another_policy_version_warn() {
    let current = Profile::thales().policy_version();
    assert!(current.starts_with("sha256:") && current.len() == "sha256:".len() + 16, "{current}");
    let same = check(&set(base(), "/commitments/policy_version", Some(json!(current))));
    assert!(same.valid && same.warnings.iter().all(|w| w.code != Code::PolicyVersionDiffers), "{:?}", same.warnings);
    let absent = check(&base());
    assert!(absent.warnings.iter().all(|w| w.code != Code::PolicyVersionDiffers));

    let stale = set(base(), "/commitments/policy_version", Some(json!("sha256:0000000000000000")));
    let d = check(&stale);
    assert!(d.valid, "a warning, not an error: {:?}", d.errors);
    let w = d.warnings.iter().find(|w| w.code == Code::PolicyVersionDiffers).expect("policy-version-differs");
    assert_eq!(w.path, "/commitments/policy_version");
    assert_eq!(w.code.as_str(), "policy-version-differs");
    assert!(w.message.contains(&current), "names the current version: {}", w.message);
    assert!(!w.message.contains("sha256:0000"), "never quotes the report: {}", w.message);
    let fr = check(&set(stale.clone(), "/language", Some(json!("fr"))));
    let w = fr.warnings.iter().find(|w| w.code == Code::PolicyVersionDiffers).unwrap();
    assert!(w.message.contains("politique de divulgation"), "{}", w.message);

    // Under a profile with an explicit version, that version is the current one.
    let mut p: Value = serde_json::from_str(include_str!("../profiles/thales.json")).unwrap();
    p["policy_version"] = json!("2025-06");
    let explicit = Profile::from_value(&p).unwrap();
    let o = Options { profile: &explicit, today: date::parse("2026-11-22") };
    let with =
        |v: &str| validate::validate_str(&set(base(), "/commitments/policy_version", Some(json!(v))).to_string(), &o);
    assert!(with("2025-06").warnings.iter().all(|w| w.code != Code::PolicyVersionDiffers));
    assert!(with(&current).warnings.iter().any(|w| w.code == Code::PolicyVersionDiffers));

    // The typed report reads it.
    let typed: psirt_report::report::Report =
        serde_json::from_value(set(base(), "/commitments/policy_version", Some(json!(current)))).unwrap();
    assert_eq!(typed.commitments.unwrap().policy_version.as_deref(), Some(current.as_str()));
}

#[test]
fn messages_follow_the_report_language() {
    let v = set(set(base(), "/language", Some(json!("fr"))), "/affected", None);
    let d = check(&v);
    let e = d.errors.iter().find(|e| e.path == "/affected").unwrap();
    assert_eq!(e.message, "Le champ « affected » est obligatoire.");
    let v = set(set(base(), "/language", Some(json!("fr"))), "/commitments/no_exploitation", Some(json!(false)));
    let e = check(&v).errors.into_iter().next().unwrap();
    assert!(e.message.contains("Je n'ai pas tiré parti"), "{}", e.message);
}

#[test]
fn messages_never_quote_report_values() {
    let secret = "AKIAZZZZZZZZZZZZZZZZ-hunter2";
    let mut v = base();
    for p in ["/reporter/email", "/discovered_on", "/severity/cvss_v4", "/cwe/0", "/exploited", "/channel"] {
        v = set(v, p, Some(json!(secret)));
    }
    let d = check(&v);
    assert!(d.errors.len() >= 6);
    assert!(!d.to_json().contains("hunter2"), "{}", d.to_json());
}

#[test]
fn demo_profile_warns_everywhere() {
    let o = Options { profile: Profile::demo(), today: date::parse("2026-11-22") };
    let d = validate::validate_str(&base().to_string(), &o);
    assert!(d.valid);
    let w = d.warnings.iter().find(|w| w.code == Code::DemoProfile).unwrap();
    assert!(w.message.contains("DEMO — not Thales"));
}

#[test]
fn hostile_input_is_refused_fast_and_cleanly() {
    let o = opts();
    for (text, code) in [
        ("not json".to_owned(), Code::JsonSyntax),
        ("[]".to_owned(), Code::NotAnObject),
        ("null".to_owned(), Code::NotAnObject),
        (format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)), Code::JsonTooDeep),
        (format!("{}1{}", "{\"b\":".repeat(10_000), "}".repeat(10_000)), Code::JsonTooDeep),
        (" ".repeat(psirt_report::report::MAX_INPUT_BYTES + 1), Code::InputTooLarge),
    ] {
        let d = validate::validate_str(&text, &o);
        assert_eq!(d.errors.len(), 1);
        assert_eq!((d.errors[0].path.as_str(), d.errors[0].code), ("", code));
    }
    // 10 MB in one field: one bounded error, whatever the field.
    let big = "A".repeat(10_000_000);
    for p in ["/title", "/description", "/reporter/email", "/cwe/0", "/discovered_on", "/severity/cvss_v3"] {
        let d = check(&set(base(), p, Some(json!(big))));
        assert!(d.errors.iter().any(|e| e.path == p && e.code == Code::TooLong), "{p}: {:?}", d.errors);
    }
    // Deep but within the parser's limit, inside an unknown field.
    let deep: Value = serde_json::from_str(&format!("{}1{}", "[".repeat(100), "]".repeat(100))).unwrap();
    assert!(!check(&set(base(), "/x", Some(deep))).valid);
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
        prop_oneof![
            Just("vulnerability"),
            Just("data_leak"),
            Just("cna_appeal"),
            Just("fr"),
            Just("1.0"),
            Just("2026-02-29"),
            Just("CVSS:3.1/AV:N"),
            Just("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
            Just("CVE-1998-0001"),
            Just("CWE-79"),
            Just("QQ=="),
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    let keys = prop_oneof![
        Just("schema_version"),
        Just("channel"),
        Just("language"),
        Just("reporter"),
        Just("email"),
        Just("title"),
        Just("affected"),
        Just("product"),
        Just("severity"),
        Just("cvss_v3"),
        Just("cvss_v4"),
        Just("cwe"),
        Just("discovered_on"),
        Just("disclosure"),
        Just("proposed_date"),
        Just("appeal"),
        Just("cve_id"),
        Just("first_contact_on"),
        Just("commitments"),
        Just("no_exploitation"),
        Just("attachments"),
        Just("content_base64"),
        Just("data_leak"),
        Just("__proto__"),
    ]
    .prop_map(str::to_owned);
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..8).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn validation_never_panics_on_arbitrary_json(v in arb_json()) {
        let d = validate::validate_str(&v.to_string(), &opts());
        // What the verdict must be, from the input alone: a non-object is refused at the root;
        // an object missing a required field is invalid and says so at that field's path.
        match v.as_object() {
            None => {
                prop_assert!(!d.valid);
                prop_assert_eq!(d.errors.len(), 1);
                prop_assert_eq!(d.errors[0].code, Code::NotAnObject);
                prop_assert_eq!(d.errors[0].path.as_str(), "");
            }
            Some(o) => {
                for key in ["schema_version", "channel", "reporter", "title"] {
                    if !o.contains_key(key) {
                        prop_assert!(!d.valid);
                        let at = format!("/{key}");
                        prop_assert!(d.errors.iter().any(|e| e.code == Code::Required && e.path == at), "no required error at {}", at);
                    }
                }
            }
        }
        for e in &d.errors {
            prop_assert!(e.path.is_empty() || e.path.starts_with('/'));
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn validation_never_panics_on_arbitrary_text(s in "\\PC{0,200}") {
        let d = validate::validate_str(&s, &opts());
        let looks_like_object = s.trim_start().starts_with('{');
        prop_assert!(!d.valid || looks_like_object, "non-object text validated");
    }

    #[test]
    fn mutating_a_valid_report_never_panics(path in prop::sample::select(vec![
        "/title", "/reporter/email", "/severity/cvss_v3", "/severity/cvss_v4", "/discovered_on",
        "/disclosure/proposed_date", "/cwe/0", "/commitments/no_exploitation", "/affected/0/versions/0",
    ]), value in arb_json()) {
        let d = check(&set(base(), path, Some(value)));
        // The base report is valid, so every error is about the changed field: at or under its
        // top-level member, or the one cross-field rule that points at the other date.
        let member = format!("/{}", path.split('/').nth(1).unwrap_or(""));
        for e in &d.errors {
            prop_assert!(
                e.path.starts_with(&member) || e.code == Code::DisclosureBeforeDiscovery,
                "error {:?} at {} after changing {}", e.code, e.path, path
            );
        }
    }

    #[test]
    fn cvss_parsing_never_panics(
        m3 in prop::collection::vec(prop::sample::select(vec!["AV", "AC", "PR", "UI", "S", "C", "I", "A", "E", "RL", "MAV", "MS", "CR", "X", ""]), 0..14),
        v3 in prop::collection::vec(prop::sample::select(vec!["N", "L", "H", "P", "A", "R", "U", "C", "X", "Q", ""]), 14),
        m4 in prop::collection::vec(prop::sample::select(vec!["AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA", "E", "MSI", "S", "U", ""]), 0..16),
        v4 in prop::collection::vec(prop::sample::select(vec!["N", "L", "H", "P", "A", "S", "X", "Clear", ""]), 16),
    ) {
        let join = |ms: &[&str], vs: &[&str]| ms.iter().zip(vs).map(|(m, v)| format!("{m}:{v}")).collect::<Vec<_>>().join("/");
        let mut r = set(base(), "/severity/cvss_v3", Some(json!(format!("CVSS:3.1/{}", join(&m3, &v3)))));
        r = set(r, "/severity/cvss_v4", Some(json!(format!("CVSS:4.0/{}", join(&m4, &v4)))));
        let d = check(&r);
        // Only the vectors changed: every error is about them.
        for e in &d.errors {
            prop_assert!(e.path.starts_with("/severity"), "error {:?} at {}", e.code, e.path);
        }
    }
}
