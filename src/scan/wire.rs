//! Findings as JSON text for the wasm boundary, written straight from the engine's hits.
//!
//! The output is byte for byte what `serde_json::to_string(&Vec<Finding>)` makes of the same
//! findings (same keys, same order, same escapes; a test compares them on every corpus), but
//! each distinct message — the longest field, repeated for every finding of a kind — is rendered
//! and escaped once per call instead of once per finding. On dense text (a finding every ~200
//! bytes) the messages were two thirds of the JSON, and building then serialising them a fifth
//! of the scan's time in wasm.

use super::engine::Hit;
use super::{each_finding, finding_severity, message, preview, rules, Category};
use crate::i18n::Lang;

/// What decides a message's words: category, documentation value, encoding.
type MessageKey = (Category, bool, Option<&'static str>);

/// A `Finding[]` JSON array being written.
pub(crate) struct Json {
    out: String,
    lang: Lang,
    /// Escaped JSON string of each message met so far, by what decides its words.
    messages: Vec<(MessageKey, String)>,
}

impl Json {
    pub fn new(lang: Lang) -> Json {
        Json { out: String::from("["), lang, messages: Vec::new() }
    }

    /// Appends the findings of `hits` in `text` (at JSON Pointer `path`).
    pub fn push(&mut self, text: &str, path: &str, hits: Vec<Hit>, attachment: bool) {
        if hits.is_empty() {
            return;
        }
        let mut path_json = String::new();
        string(&mut path_json, path);
        let Json { out, lang, messages } = self;
        each_finding(text, hits, |h, start, end| {
            let rule = &rules::RULES[h.rule];
            let key = (rule.category, h.example, h.encoding);
            let msg = match messages.iter().position(|(k, _)| *k == key) {
                Some(i) => &messages[i].1,
                None => {
                    let mut m = String::new();
                    string(&mut m, &message(rule.category, h.example, h.encoding, *lang));
                    messages.push((key, m));
                    &messages[messages.len() - 1].1
                }
            };
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str("{\"path\":");
            out.push_str(&path_json);
            out.push_str(",\"start\":");
            number(out, start);
            out.push_str(",\"end\":");
            number(out, end);
            out.push_str(",\"category\":");
            string(out, rule.category.as_str());
            out.push_str(",\"severity\":");
            string(out, finding_severity(h).as_str());
            out.push_str(",\"rule\":");
            string(out, rule.id);
            out.push_str(",\"message\":");
            out.push_str(msg);
            out.push_str(",\"preview\":");
            string(out, &preview(text.get(h.start..h.end).unwrap_or("")));
            if let Some(enc) = h.encoding {
                out.push_str(",\"encoding\":");
                string(out, enc);
            }
            if attachment {
                out.push_str(",\"attachment\":true");
            }
            out.push('}');
        });
    }

    pub fn finish(mut self) -> String {
        self.out.push(']');
        self.out
    }
}

/// `s` as a JSON string, escaped as serde_json escapes it (it does the escaping when there is any).
fn string(out: &mut String, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        // Serialising a &str to a String cannot fail.
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    }
}

fn number(out: &mut String, mut n: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}
