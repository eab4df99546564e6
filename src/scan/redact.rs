//! Redaction: each finding's span replaced by `[REDACTED:<category>]`, in a new report.
//!
//! Spans are UTF-16 code units (as findings carry them). Overlapping or touching spans of one
//! string are merged first (the marker names the most severe category), so a redacted report
//! never keeps a piece of a secret between two markers. In a text attachment the content is
//! decoded, redacted and encoded again; findings that no longer fit their string (the report
//! changed since the scan) are skipped rather than guessed.

use super::decode;
use super::Finding;
use base64::Engine;
use serde_json::Value;
use std::collections::BTreeMap;

/// A copy of `report` with every finding's span replaced by `[REDACTED:<category>]`.
pub fn redact(report: &Value, findings: &[Finding]) -> Value {
    let mut out = report.clone();
    let mut by_path: BTreeMap<(&str, bool), Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        by_path.entry((f.path.as_str(), f.attachment)).or_default().push(f);
    }
    for ((path, attachment), list) in by_path {
        let Some(Value::String(s)) = out.pointer_mut(path) else { continue };
        if attachment {
            let media = media_type_of(report, path);
            let Some(text) = decode::attachment_text(s, &media) else { continue };
            let red = redact_str(&text, &list);
            *s = base64::engine::general_purpose::STANDARD.encode(red.as_bytes());
        } else {
            *s = redact_str(s, &list);
        }
    }
    out
}

fn media_type_of(report: &Value, content_path: &str) -> String {
    let parent = content_path.trim_end_matches("/content_base64");
    report.pointer(&format!("{parent}/media_type")).and_then(Value::as_str).unwrap_or("").to_owned()
}

/// Replaces UTF-16 spans in `s` by markers.
pub(crate) fn redact_str(s: &str, findings: &[&Finding]) -> String {
    let total16: usize = s.encode_utf16().count();
    let mut spans: Vec<(usize, usize, &Finding)> =
        findings.iter().filter(|f| f.start < f.end && f.end <= total16).map(|f| (f.start, f.end, *f)).collect();
    spans.sort_by_key(|&(a, b, _)| (a, b));
    // Merge overlapping spans; the marker names the most severe category among them.
    let mut merged: Vec<(usize, usize, &Finding)> = Vec::new();
    for (a, b, f) in spans {
        match merged.last_mut() {
            Some(last) if a < last.1 => {
                last.1 = last.1.max(b);
                if f.severity > last.2.severity {
                    last.2 = f;
                }
            }
            _ => merged.push((a, b, f)),
        }
    }
    // UTF-16 offsets → byte offsets in one pass (offsets inside a surrogate pair round down).
    let mut wanted: Vec<usize> = merged.iter().flat_map(|&(a, b, _)| [a, b]).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut map = BTreeMap::new();
    let (mut units, mut wi) = (0usize, 0usize);
    for (i, c) in s.char_indices() {
        while wi < wanted.len() && wanted[wi] <= units {
            map.insert(wanted[wi], i);
            wi += 1;
        }
        units += c.len_utf16();
    }
    while wi < wanted.len() {
        map.insert(wanted[wi], s.len());
        wi += 1;
    }
    let mut out = String::with_capacity(s.len());
    let mut pos = 0usize;
    for (a, b, f) in merged {
        let (Some(&ba), Some(&bb)) = (map.get(&a), map.get(&b)) else { continue };
        if ba < pos {
            continue;
        }
        out.push_str(&s[pos..ba]);
        out.push_str("[REDACTED:");
        out.push_str(f.category.as_str());
        out.push(']');
        pos = bb;
    }
    out.push_str(&s[pos..]);
    out
}
