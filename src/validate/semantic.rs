//! The rules a JSON Schema cannot express: CVSS vectors parse and are scored, dates are real and
//! not in the future, disclosure comes after discovery, commitments are accepted, CVE years exist,
//! attachment content is base64. Also the warnings (recommended fields, demo profile, commitments
//! accepted under another policy version…).
//!
//! Works on the JSON value rather than the typed report, so that it still runs, field by field,
//! when other parts of the report are malformed.

use crate::date::{self, CalendarDate};
use crate::diagnostics::{CvssScore, Diagnostic, Scores};
use crate::i18n::{Code, Lang};
use crate::profile::Profile;
use serde_json::Value;
use std::str::FromStr;

/// A date this many days after the host's "today" still counts as today: the reporter's
/// calendar may be ahead of the host's (time zones span 26 hours).
const FUTURE_GRACE_DAYS: i64 = 1;

pub(super) fn check(
    v: &Value,
    profile: &Profile,
    lang: Lang,
    today: CalendarDate,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Scores {
    let scores = cvss(v, errors);
    dates(v, today, errors, warnings);
    commitments(v, profile, lang, errors, warnings);
    cve_id(v, errors);
    attachments(v, errors);
    recommended(v, warnings);
    scores
}

fn str_at<'a>(v: &'a Value, pointer: &str) -> Option<&'a str> {
    v.pointer(pointer).and_then(Value::as_str)
}

fn cvss(v: &Value, errors: &mut Vec<Diagnostic>) -> Scores {
    let mut scores = Scores::default();
    // A vector of the wrong version for its field is the schema's `cvss-version-mismatch`;
    // skip it here.
    if let Some(vector) = str_at(v, "/severity/cvss_v3").filter(|s| s.starts_with("CVSS:3.")) {
        match score_v3(vector) {
            Ok(s) => scores.v3 = Some(s),
            Err(reason) => errors.push(cvss_error("/severity/cvss_v3", &reason)),
        }
    }
    if let Some(vector) = str_at(v, "/severity/cvss_v4").filter(|s| s.starts_with("CVSS:4.")) {
        match score_v4(vector) {
            Ok(s) => scores.v4 = Some(s),
            Err(reason) => errors.push(cvss_error("/severity/cvss_v4", &reason)),
        }
    }
    scores
}

/// Longest vector scored on its own (the schema's bound on `cvss_v4`, the longer of the two).
pub(crate) const MAX_VECTOR_CHARS: usize = 300;

/// Scores one vector of any supported version (3.0, 3.1, 4.0), by the same code validation uses
/// for `severity.cvss_v3` / `severity.cvss_v4`. The error is the reason, clipped, as in the
/// `cvss-invalid` diagnostic.
pub(crate) fn score(vector: &str) -> Result<CvssScore, String> {
    if vector.chars().count() > MAX_VECTOR_CHARS {
        return Err(format!("longer than {MAX_VECTOR_CHARS} characters"));
    }
    let scored = if vector.starts_with("CVSS:4.") { score_v4(vector) } else { score_v3(vector) };
    scored.map_err(|reason| clip_reason(&reason))
}

fn score_v3(vector: &str) -> Result<CvssScore, String> {
    let base = cvss::v3::Vector::from_str(vector).map_err(|e| e.to_string()).and_then(require_v3_base_metrics)?;
    let score = base.base_score();
    Ok(CvssScore {
        vector: vector.to_owned(),
        version: format!("3.{}", base.minor_version),
        score: score.value(),
        severity: score.severity().as_str().to_owned(),
    })
}

fn score_v4(vector: &str) -> Result<CvssScore, String> {
    let vec4 = cvss::v4::Vector::from_str(vector).map_err(|e| e.to_string())?;
    let severity = vec4.score().severity().as_str().to_owned();
    Ok(CvssScore { vector: vector.to_owned(), version: "4.0".to_owned(), score: vec4.score().value(), severity })
}

/// The `cvss` crate accepts a v3 vector with base metrics left out (and scores them as if
/// absent); the specification requires all eight, so a partial vector is refused here.
fn require_v3_base_metrics(v: cvss::v3::Vector) -> Result<cvss::v3::Vector, String> {
    use cvss::v3::MetricType as M;
    let present: Vec<M> = v.metrics().map(|(m, _)| m).collect();
    let missing: Vec<&str> = [M::AV, M::AC, M::PR, M::UI, M::S, M::C, M::I, M::A]
        .into_iter()
        .filter(|m| !present.contains(m))
        .map(M::name)
        .collect();
    if missing.is_empty() {
        Ok(v)
    } else {
        Err(format!("missing mandatory CVSSv3 base metric(s) {}", missing.join(", ")))
    }
}

fn cvss_error(path: &str, reason: &str) -> Diagnostic {
    Diagnostic::new(path, Code::CvssInvalid).with("reason", clip_reason(reason))
}

/// The crate's reasons name metrics and values of the vector, which is not sensitive; clip
/// them anyway so a hostile vector cannot flood a log.
fn clip_reason(reason: &str) -> String {
    reason.chars().take(120).collect()
}

fn dates(v: &Value, today: CalendarDate, errors: &mut Vec<Diagnostic>, warnings: &mut Vec<Diagnostic>) {
    let latest = today.checked_add(time::Duration::days(FUTURE_GRACE_DAYS)).unwrap_or(today);
    let mut parsed = |path: &'static str| -> Option<CalendarDate> {
        let s = str_at(v, path)?;
        let d = date::parse(s);
        if d.is_none() {
            errors.push(Diagnostic::new(path, Code::DateInvalid));
        }
        d
    };
    let discovered = parsed("/discovered_on");
    let proposed = parsed("/disclosure/proposed_date");
    let first_contact = parsed("/appeal/first_contact_on");
    for (path, d) in [("/discovered_on", discovered), ("/appeal/first_contact_on", first_contact)] {
        if d.is_some_and(|d| d > latest) {
            errors.push(Diagnostic::new(path, Code::DateInFuture).with("today", date::format(today)));
        }
    }
    if let (Some(disc), Some(prop)) = (discovered, proposed) {
        if prop < disc {
            errors.push(
                Diagnostic::new("/disclosure/proposed_date", Code::DisclosureBeforeDiscovery)
                    .with("discovered_on", date::format(disc)),
            );
        }
    }
    if proposed.is_some_and(|p| p < today) {
        warnings.push(Diagnostic::new("/disclosure/proposed_date", Code::DisclosureDatePast));
    }
}

const COMMITMENTS: [&str; 3] = ["no_exploitation", "no_disclosure_without_consent", "no_prohibited_attacks"];

fn commitments(v: &Value, profile: &Profile, lang: Lang, errors: &mut Vec<Diagnostic>, warnings: &mut Vec<Diagnostic>) {
    match v.get("commitments") {
        Some(Value::Object(c)) => {
            for name in COMMITMENTS {
                // Missing or non-boolean values are the schema's `required` / `type`.
                if c.get(name) == Some(&Value::Bool(false)) {
                    let text = profile.commitment(name, lang).unwrap_or(name).to_owned();
                    errors.push(
                        Diagnostic::new(format!("/commitments/{name}"), Code::CommitmentNotAccepted)
                            .with("commitment", text),
                    );
                }
            }
            // A wrong type or an empty string is the schema's. The report's value is never
            // quoted; the profile's (not report data) is.
            if let Some(accepted) = c.get("policy_version").and_then(Value::as_str) {
                let current = profile.policy_version();
                if accepted != current {
                    warnings.push(
                        Diagnostic::new("/commitments/policy_version", Code::PolicyVersionDiffers)
                            .with("current", current),
                    );
                }
            }
        }
        None if str_at(v, "/channel") == Some("data_leak") => {
            warnings.push(Diagnostic::new("/commitments", Code::CommitmentsMissing));
        }
        _ => {}
    }
}

fn cve_id(v: &Value, errors: &mut Vec<Diagnostic>) {
    let Some(id) = str_at(v, "/appeal/cve_id") else { return };
    // The schema checks the form; here, the year: CVE ids start in 1999.
    let year = id.strip_prefix("CVE-").and_then(|r| r.get(..4)).and_then(|y| y.parse::<u32>().ok());
    if year.is_some_and(|y| y < 1999) {
        errors.push(Diagnostic::new("/appeal/cve_id", Code::CveIdInvalid));
    }
}

fn attachments(v: &Value, errors: &mut Vec<Diagnostic>) {
    let Some(list) = v.get("attachments").and_then(Value::as_array) else { return };
    for (i, a) in list.iter().enumerate() {
        if let Some(b64) = a.get("content_base64").and_then(Value::as_str) {
            if !is_base64(b64) {
                errors.push(Diagnostic::new(format!("/attachments/{i}/content_base64"), Code::AttachmentBase64Invalid));
            }
        }
    }
}

/// Standard padded base64 (RFC 4648 §4), checked without decoding: one linear pass and no
/// allocation, for contents of tens of megabytes (a decoder would allocate the whole output).
fn is_base64(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() % 4 != 0 {
        return false;
    }
    let pad = b.iter().rev().take_while(|&&c| c == b'=').count();
    if pad > 2 {
        return false;
    }
    b[..b.len() - pad].iter().all(|&c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
}

fn recommended(v: &Value, warnings: &mut Vec<Diagnostic>) {
    let wanted: &[&str] = match str_at(v, "/channel") {
        Some("vulnerability") => &["summary", "description", "impact"],
        Some("data_leak") => &["summary", "description"],
        _ => &[],
    };
    for &field in wanted {
        if v.get(field).is_none() {
            warnings.push(Diagnostic::new(format!("/{field}"), Code::RecommendedMissing).with("field", field));
        }
    }
    if str_at(v, "/channel") == Some("vulnerability") && v.get("severity").is_none() {
        warnings.push(Diagnostic::new("/severity", Code::RecommendedMissing).with("field", "severity"));
    }
}

#[cfg(test)]
mod tests {
    use super::is_base64;

    #[test]
    fn base64_check() {
        for ok in ["", "QQ==", "QUI=", "QUJD", "aGVsbG8gd29ybGQ="] {
            assert!(is_base64(ok), "{ok}");
        }
        for bad in ["Q", "QQ=", "Q===", "QU=D", "QUJD\n", "QUJ*", "é==="] {
            assert!(!is_base64(bad), "{bad}");
        }
    }
}
