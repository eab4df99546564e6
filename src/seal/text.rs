//! The readable rendering of a report: the `text/plain` part of the sealed message, for an analyst
//! reading it in a mail client or in `gpg --decrypt` output. Labels come from `i18n::label` in the
//! report's language; values are the report's own text, unchanged.
//!
//! [`sealed_text`] is that whole part, as `seal` writes it and as a form shows it for review
//! before sealing (`renderText` in the npm package): one function for both, so the reporter
//! reviews exactly what the PSIRT will read.

use crate::i18n::{label, Lang};
use serde_json::Value;
use std::fmt::Write;

/// The name an attachment inside the report is listed and sent under when it has none (only an
/// invalid report lacks one; seal never sees it).
pub(crate) const UNNAMED_ATTACHMENT: &str = "attachment";

/// The whole `text/plain` part of a sealed message, in the report's own `language` (English when
/// absent), as `seal` writes it: the rendering, the list of attachments (those inside the report,
/// then `extra`: name and size in bytes of those passed to `seal` as bytes) and the footer.
///
/// Any JSON value renders without panicking: fields that are missing or of the wrong type are
/// left out, so a report that is not yet valid shows what it holds.
pub fn sealed_text(report: &Value, extra: &[(String, u64)]) -> String {
    let lang = crate::report::language_of(report);
    let mut out = render(report, lang);
    let mut listed: Vec<(String, u64)> = report
        .get("attachments")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|a| {
                    let name = a.get("name").and_then(Value::as_str).unwrap_or(UNNAMED_ATTACHMENT).to_owned();
                    let b64 = a.get("content_base64").and_then(Value::as_str).unwrap_or("");
                    (name, base64_decoded_len(b64))
                })
                .collect()
        })
        .unwrap_or_default();
    listed.extend(extra.iter().cloned());
    append_attachments(&mut out, &listed, lang);
    out
}

/// The number of bytes standard padded base64 decodes to (whitespace ignored, as `seal` does),
/// without decoding it; for text that is not base64, an estimate of the same form.
fn base64_decoded_len(b64: &str) -> u64 {
    let digits = b64.bytes().filter(|b| !b.is_ascii_whitespace()).count() as u64;
    let pad = b64.bytes().rev().filter(|b| !b.is_ascii_whitespace()).take_while(|&b| b == b'=').count() as u64;
    (digits * 3 / 4).saturating_sub(pad.min(2))
}

/// Renders `report` as plain text with LF line ends (see [`sealed_text`] for the whole part).
/// Never panics on any JSON value; what is missing or mistyped is left out.
pub fn render(report: &Value, lang: Lang) -> String {
    let l = |k: &str| label(k, lang).to_owned();
    let mut out = String::new();
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    // French puts a space before a colon; English does not.
    let colon = match lang {
        Lang::En => ":",
        Lang::Fr => " :",
    };
    let title = s(report, "title").unwrap_or_default();
    let channel = s(report, "channel").unwrap_or_default();
    let heading_key = format!("heading.{channel}");
    let heading = label(&heading_key, lang);
    let heading = if heading == heading_key { l("heading") } else { heading.to_owned() };
    let first = format!("{heading}{colon} {title}");
    let _ = writeln!(out, "{first}");
    let _ = writeln!(out, "{}", "=".repeat(first.chars().count().min(72)));
    let line = |out: &mut String, k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            let _ = writeln!(out, "{}{colon} {v}", label(k, lang));
        }
    };
    // An enumerated value in words (`no_response` → "no response from the CNA"); unknown ones as they are.
    let word = |field: &str, v: String| {
        let key = format!("{field}.{v}");
        let w = label(&key, lang);
        if w == key {
            v
        } else {
            w.to_owned()
        }
    };
    let yes_no = |b: bool| label(if b { "yes" } else { "no" }, lang).to_owned();
    line(&mut out, "channel", s(report, "channel").map(|v| word("channel", v)));
    if let Some(r) = report.get("reporter") {
        let mut who = s(r, "name").unwrap_or_default();
        if let Some(e) = s(r, "email") {
            who = if who.is_empty() { e } else { format!("{who} <{e}>") };
        }
        line(&mut out, "reporter", Some(who));
        line(&mut out, "organization", s(r, "organization"));
        line(&mut out, "credit", s(r, "credit"));
        line(&mut out, "anonymous", r.get("anonymous").and_then(Value::as_bool).map(yes_no));
    }
    if let Some(sev) = report.get("severity") {
        let v: Vec<String> = ["cvss_v3", "cvss_v4"].iter().filter_map(|k| s(sev, k)).collect();
        line(&mut out, "severity", Some(v.join("  ")));
    }
    if let Some(cwe) = report.get("cwe").and_then(Value::as_array) {
        line(&mut out, "cwe", Some(cwe.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")));
    }
    line(&mut out, "discovered_on", s(report, "discovered_on"));
    line(&mut out, "exploited", s(report, "exploited").map(|v| word("exploited", v)));
    line(&mut out, "third_party_software", report.get("third_party_software").and_then(Value::as_bool).map(yes_no));
    line(&mut out, "proposed_date", report.get("disclosure").and_then(|d| s(d, "proposed_date")));
    if let Some(items) = report.get("affected").and_then(Value::as_array) {
        let _ = writeln!(out, "{}{colon}", l("affected"));
        for a in items {
            let mut t = [s(a, "vendor"), s(a, "product")].into_iter().flatten().collect::<Vec<_>>().join(" ");
            if let Some(v) = a.get("versions").and_then(Value::as_array).filter(|v| !v.is_empty()) {
                let v: Vec<&str> = v.iter().filter_map(Value::as_str).collect();
                let _ = write!(t, " ({} {})", l("versions"), v.join(", "));
            }
            if let Some(c) = s(a, "component") {
                let _ = write!(t, " [{} {c}]", l("component"));
            }
            let _ = writeln!(out, "  - {t}");
        }
    }
    let block = |out: &mut String, k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
            let _ =
                writeln!(out, "\n{}\n{}\n{}", label(k, lang), "-".repeat(label(k, lang).chars().count()), v.trim_end());
        }
    };
    block(&mut out, "summary", s(report, "summary"));
    block(&mut out, "description", s(report, "description"));
    block(&mut out, "steps_to_reproduce", s(report, "steps_to_reproduce"));
    block(&mut out, "impact", s(report, "impact"));
    block(&mut out, "proof_of_concept", s(report, "proof_of_concept"));
    if let Some(d) = report.get("data_leak") {
        let _ = writeln!(out, "\n{}\n{}", l("data_leak"), "-".repeat(l("data_leak").chars().count()));
        if let Some(c) = d.get("data_categories").and_then(Value::as_array) {
            let words: Vec<String> =
                c.iter().filter_map(Value::as_str).map(|v| word("data_category", v.to_owned())).collect();
            line(&mut out, "data_categories", Some(words.join(", ")));
        }
        line(&mut out, "location", s(d, "location"));
        line(&mut out, "still_accessible", d.get("still_accessible").and_then(Value::as_bool).map(yes_no));
        line(&mut out, "records_estimate", d.get("records_estimate").and_then(Value::as_u64).map(|n| n.to_string()));
    }
    if let Some(a) = report.get("appeal") {
        let _ = writeln!(out, "\n{}\n{}", l("appeal"), "-".repeat(l("appeal").chars().count()));
        for k in ["cna", "grounds", "cve_id", "request_reference", "first_contact_on"] {
            line(&mut out, k, s(a, k).map(|v| if k == "grounds" { word("grounds", v) } else { v }));
        }
        block(&mut out, "details", s(a, "details"));
    }
    if let Some(c) = report.get("commitments") {
        let _ = writeln!(out, "\n{}{colon}", l("commitments"));
        for k in ["no_exploitation", "no_disclosure_without_consent", "no_prohibited_attacks"] {
            let v = c.get(k).and_then(Value::as_bool).unwrap_or(false);
            let _ = writeln!(out, "  - {}{colon} {}", label(k, lang), yes_no(v));
        }
        // The version of the policy whose wording the reporter accepted (see `Profile::policy_version`).
        line(&mut out, "policy_version", s(c, "policy_version"));
    }
    out
}

/// Appends the list of attachments (name and size) and the footer.
pub fn append_attachments(out: &mut String, list: &[(String, u64)], lang: Lang) {
    if !list.is_empty() {
        let colon = if lang == Lang::Fr { " :" } else { ":" };
        let _ = writeln!(out, "\n{}{colon}", label("attachments", lang));
        for (name, size) in list {
            let _ = writeln!(out, "  - {name} ({size} {})", label("bytes", lang));
        }
    }
    let _ = writeln!(out, "\n-- \n{}", label("footer", lang));
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use serde_json::json;

    #[test]
    fn decoded_length_is_exact_for_base64() {
        let engine = base64::engine::general_purpose::STANDARD;
        for n in 0..40usize {
            let data: Vec<u8> = (0..n).map(|i| i as u8).collect();
            assert_eq!(base64_decoded_len(&engine.encode(&data)), n as u64, "{n}");
        }
        assert_eq!(base64_decoded_len("aGk=\n"), 2);
        assert_eq!(base64_decoded_len("a"), 0);
    }

    #[test]
    fn any_value_renders_without_panicking() {
        for v in [
            json!(null),
            json!([1, 2]),
            json!("text"),
            json!({}),
            json!({"title": 3, "reporter": "me", "affected": {"product": 1}, "severity": [], "cwe": "CWE-79",
                   "data_leak": [], "appeal": 1, "commitments": {"no_exploitation": "yes", "policy_version": 7},
                   "attachments": [{"name": 1, "content_base64": false}, 3]}),
        ] {
            let text = sealed_text(&v, &[("poc.bin".into(), 5)]);
            assert!(text.contains("poc.bin (5 bytes)"), "{text}");
        }
    }

    #[test]
    fn the_policy_version_is_shown_with_the_commitments() {
        let v = json!({"title": "t", "language": "fr", "commitments": {"no_exploitation": true,
            "no_disclosure_without_consent": true, "no_prohibited_attacks": true, "policy_version": "sha256:0123"}});
        let text = sealed_text(&v, &[]);
        assert!(text.contains("Engagements :\n"), "{text}");
        assert!(text.contains("Version de la politique : sha256:0123"), "{text}");
    }

    #[test]
    fn each_channel_has_its_heading_and_values_are_in_words() {
        let appeal = json!({"channel": "cna_appeal", "title": "t", "language": "fr",
            "appeal": {"cna": "X", "grounds": "no_response", "details": "d"}});
        let text = render(&appeal, Lang::Fr);
        assert!(text.starts_with("Recours auprès du coordinateur CNA : t\n"), "{text}");
        assert!(text.contains("Motif : la CNA n'a pas répondu dans les délais\n"), "{text}");
        assert!(text.contains("Canal : recours CNA\n"), "{text}");
        let leak = json!({"channel": "data_leak", "title": "t", "exploited": "unknown",
            "data_leak": {"data_categories": ["credentials", "health"], "location": "l"}});
        let text = render(&leak, Lang::En);
        assert!(text.starts_with("Data leak report: t\n"), "{text}");
        assert!(text.contains("Data categories: credentials, health data\n"), "{text}");
        assert!(text.contains("Exploited: unknown\n"), "{text}");
        let long = json!({"channel": "vulnerability", "title": "x".repeat(200)});
        let underline = render(&long, Lang::En).lines().nth(1).unwrap_or_default().to_owned();
        assert_eq!(underline.len(), 72);
    }
}
