//! Property tests: redaction leaves none of the matched text and keeps the report
//! valid; seal → open gives back exactly the report and every attachment byte, for generated
//! reports and attachment sets. (Runs in `make test`; `make fuzz` runs more cases.)

use proptest::prelude::*;
use psirt_report::scan::{redact, scan_report, ScanOptions};
use psirt_report::seal::{open, seal_full, Attachment, OpenOptions, SealOptions};
use psirt_report::{date, report, validate, Options, Profile};
use rand::SeedableRng;
use serde_json::Value;

const DEMO_PUB: &str = include_str!("../keys/demo-psirt.pub.asc");
const DEMO_SEC: &str = include_str!("../keys/demo-psirt.sec.asc");

fn base() -> Value {
    serde_json::from_str(include_str!("../examples/valid-vulnerability.json")).unwrap()
}

fn cases() -> u32 {
    std::env::var("PSIRT_PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(48)
}

fn utf16_slice(text: &str, start: usize, end: usize) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16_lossy(&units[start..end])
}

/// Secrets of several kinds the scanner finds, built from generated parts.
fn secret() -> impl Strategy<Value = String> {
    prop_oneof![
        // The scanner takes a run of six equal characters for a placeholder (`AKIAXXXXXX…`):
        // a random body holds one about once in 3 million draws, filtered out so no run is flaky.
        "[A-Z2-7]{16}"
            .prop_filter("a run of six is a placeholder", |s| !s
                .as_bytes()
                .windows(6)
                .any(|w| w.iter().all(|&b| b == w[0])))
            .prop_map(|s| format!("AKIA{s}")),
        "[a-z]{3,10}\\.[a-z]{3,10}".prop_map(|s| format!("{s}@victim-corp.example.org")),
        // A realistic body: the scanner does not flag a PEM header alone in prose.
        "[A-Za-z0-9+/]{64}\n[A-Za-z0-9+/]{64}\n[A-Za-z0-9+/]{64}"
            .prop_map(|s| format!("-----BEGIN RSA PRIVATE KEY-----\nMIIEow{s}\n-----END RSA PRIVATE KEY-----")),
        "[A-Za-z0-9]{20,30}".prop_map(|s| format!("password={s}")),
    ]
}

/// Free text around the secrets: words, accents, emoji, line breaks.
fn filler() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![Just("the "), Just("écran "), Just("🙂 "), Just("\n"), Just("server "), Just("a,b; ")],
        0..12,
    )
    .prop_map(|v| v.concat())
}

fn value_at<'a>(v: &'a Value, path: &str) -> Option<&'a str> {
    v.pointer(path).and_then(Value::as_str)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn redaction_removes_every_match_and_keeps_the_report_valid(
        parts in prop::collection::vec((filler(), secret()), 1..5),
        tail in filler(),
    ) {
        let mut r = base();
        let text: String = parts.iter().map(|(f, s)| format!("{f}{s} ")).collect::<String>() + &tail;
        r["description"] = Value::String(text);
        let opts = ScanOptions { profile: Some(Profile::demo()), ..ScanOptions::default() };
        let findings = scan_report(&r, &opts);
        prop_assert!(!findings.is_empty(), "no finding in {:?}", r["description"]);
        let matched: Vec<String> = findings
            .iter()
            .filter(|f| !f.attachment)
            .map(|f| utf16_slice(value_at(&r, &f.path).unwrap(), f.start, f.end))
            .collect();
        let red = redact(&r, &findings);
        let after = red["description"].as_str().unwrap();
        for m in &matched {
            prop_assert!(!after.contains(m.as_str()), "{m:?} still in {after:?}");
        }
        let d = validate::validate_value(&red, &Options { profile: Profile::demo(), today: date::parse("2026-11-22") });
        prop_assert!(d.valid, "{:?}", d.errors);
    }

    #[test]
    fn seal_then_open_gives_back_the_report_and_every_byte(
        title in "[^\\p{C}]{1,80}".prop_filter("not blank", |s| !s.trim().is_empty()),
        description in "\\PC{0,400}",
        files in prop::collection::vec(("[a-zA-Z0-9 _éü-]{1,40}\\.(bin|txt|png)", prop::collection::vec(any::<u8>(), 0..4096)), 0..4),
        seed in any::<u64>(),
    ) {
        let mut r = base();
        r["title"] = Value::String(title);
        r["description"] = Value::String(description);
        let text = r.to_string();
        let attachments: Vec<Attachment<'_>> =
            files.iter().map(|(n, d)| Attachment { name: n, media_type: None, data: d }).collect();
        let opts = SealOptions { profile: Profile::demo(), pin: None, today: date::parse("2026-11-22"), now: None };
        let sealed = seal_full(&text, DEMO_PUB.as_bytes(), &attachments, &opts, rand_chacha::ChaCha8Rng::seed_from_u64(seed))
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let oo = OpenOptions { profile: Profile::demo(), today: date::parse("2026-11-22"), passphrase: None };
        let opened = open(sealed.eml().as_bytes(), DEMO_SEC.as_bytes(), &oo).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(&opened.report, &r);
        prop_assert_eq!(&opened.report_json, &report::canonical_json(&r));
        prop_assert_eq!(opened.attachments.len(), files.len());
        for (got, (name, data)) in opened.attachments.iter().zip(&files) {
            prop_assert_eq!(&got.name, name);
            prop_assert_eq!(&got.data, data);
        }
    }
}
