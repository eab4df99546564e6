//! The readable rendering of a report: the `text/plain` part of the sealed message, for an analyst
//! reading it in a mail client or in `gpg --decrypt` output. Labels come from `i18n::label` in the
//! report's language; values are the report's own text, unchanged.

use crate::i18n::{label, Lang};
use serde_json::Value;
use std::fmt::Write;

/// Renders `report` (a valid report) as plain text with LF line ends.
pub fn render(report: &Value, lang: Lang) -> String {
    let l = |k: &str| label(k, lang).to_owned();
    let mut out = String::new();
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let title = s(report, "title").unwrap_or_default();
    let _ = writeln!(out, "{}: {title}", l("heading"));
    let _ = writeln!(out, "{}", "=".repeat(title.chars().count().min(72) + l("heading").chars().count() + 2));
    let line = |out: &mut String, k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            let _ = writeln!(out, "{}: {v}", label(k, lang));
        }
    };
    let yes_no = |b: bool| label(if b { "yes" } else { "no" }, lang).to_owned();
    line(&mut out, "channel", s(report, "channel"));
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
    line(&mut out, "exploited", s(report, "exploited"));
    line(&mut out, "third_party_software", report.get("third_party_software").and_then(Value::as_bool).map(yes_no));
    line(&mut out, "proposed_date", report.get("disclosure").and_then(|d| s(d, "proposed_date")));
    if let Some(items) = report.get("affected").and_then(Value::as_array) {
        let _ = writeln!(out, "{}:", l("affected"));
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
            line(&mut out, "data_categories", Some(c.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")));
        }
        line(&mut out, "location", s(d, "location"));
        line(&mut out, "still_accessible", d.get("still_accessible").and_then(Value::as_bool).map(yes_no));
        line(&mut out, "records_estimate", d.get("records_estimate").and_then(Value::as_u64).map(|n| n.to_string()));
    }
    if let Some(a) = report.get("appeal") {
        let _ = writeln!(out, "\n{}\n{}", l("appeal"), "-".repeat(l("appeal").chars().count()));
        for k in ["cna", "grounds", "cve_id", "request_reference", "first_contact_on"] {
            line(&mut out, k, s(a, k));
        }
        block(&mut out, "details", s(a, "details"));
    }
    if let Some(c) = report.get("commitments") {
        let _ = writeln!(out, "\n{}:", l("commitments"));
        for k in ["no_exploitation", "no_disclosure_without_consent", "no_prohibited_attacks"] {
            let v = c.get(k).and_then(Value::as_bool).unwrap_or(false);
            let _ = writeln!(out, "  - {}: {}", label(k, lang), yes_no(v));
        }
        // The version of the policy whose wording the reporter accepted (see `Profile::policy_version`).
        line(&mut out, "policy_version", s(c, "policy_version"));
    }
    out
}

/// Appends the list of attachments (name and size) and the footer.
pub fn append_attachments(out: &mut String, list: &[(String, u64)], lang: Lang) {
    if !list.is_empty() {
        let _ = writeln!(out, "\n{}:", label("attachments", lang));
        for (name, size) in list {
            let _ = writeln!(out, "  - {name} ({size} {})", label("bytes", lang));
        }
    }
    let _ = writeln!(out, "\n-- \n{}", label("footer", lang));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_policy_version_is_shown_with_the_commitments() {
        let v = json!({"title": "t", "language": "fr", "commitments": {"no_exploitation": true,
            "no_disclosure_without_consent": true, "no_prohibited_attacks": true, "policy_version": "sha256:0123"}});
        let text = render(&v, Lang::Fr);
        assert!(text.contains("Engagements:\n"), "{text}");
        assert!(text.contains("Version de la politique: sha256:0123"), "{text}");
    }
}
