//! Sensitive-data scanner: finds, explains and redacts what a reporter should not send.
//!
//! The disclosure policy asks reporters to take and send no more data than needed to show a flaw,
//! and to make sure what they send breaks no law. This module warns, before anything is
//! encrypted, about credentials, personal data and internal infrastructure in any text field of
//! a report (and in its text attachments), and replaces what the reporter chooses with a marker
//! naming the category (`[REDACTED:aws_secret_key]`).
//!
//! Layout (private modules, named so a file answers "where is X"): `category` the 38
//! categories; `ctx` what a validator is given and answers (imported by the three below, which
//! import each other one way only: engine → rules → validators); `rules` the detectors as data
//! (id, category, keywords, pattern, validator, the texts each must and must not find);
//! `validators` the check-digit and format checks. Rules and validators are split by family
//! into files of the same name, so a rule and its validator sit side by side: `tokens`,
//! `credentials`, `personal`, `named` (values judged by their field name or sentence),
//! `contact`. `structure` finds values by the column that names them (SQL `INSERT`, CSV/TSV,
//! two-column tables); `markup` by the XML element or HTML header that names them; `engine` the
//! prefilter, matching and overlap resolution; `decode` base64 / URL-encoded blobs, rescanned;
//! `redact` the marker replacement; `wire` a finding's JSON; `timing` per-rule timings (a
//! profiling build only).
//!
//! Offsets are UTF-16 code units, so JavaScript's `text.slice(start, end)` returns the match; a
//! finding never carries the full value, only a masked `preview`.
//!
//! Wire format of a finding (JSON, camelCase; `encoding` and `attachment` only when set):
//! `{path, start, end, category, severity, rule, message, preview, encoding?, attachment?}`.

mod category;
pub use category::Category;
mod ctx;
mod decode;
mod engine;
mod markup;
mod redact;
mod rules;
mod structure;
mod timing;
#[cfg(scan_timing)]
pub use timing::{report as timing_report, reset as timing_reset};
mod validators;
mod wire;

use crate::i18n::{Code, Lang, Params};
use crate::profile::Profile;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use redact::redact;

/// How much a finding matters. Serialised lowercase; ordered `Info < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A documented example or test value (e.g. `AKIAIOSFODNN7EXAMPLE`): flagged, not a secret.
    Info,
    /// Third-party personal data of lower sensitivity, internal infrastructure.
    Medium,
    /// Personal and financial data.
    High,
    /// Credentials and private keys.
    Critical,
}

impl Severity {
    /// Parses `critical` | `high` | `medium` | `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "critical" => Some(Severity::Critical),
            "high" => Some(Severity::High),
            "medium" => Some(Severity::Medium),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Info => "info",
        }
    }
}

/// What a scan needs besides the text.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScanOptions<'a> {
    /// Language of `message`.
    pub lang: Lang,
    /// The PSIRT profile: its addresses are not findings. `None`: the Thales profile (the default).
    pub profile: Option<&'a Profile>,
    /// The reporter's own address, not a finding (`scan_report` also reads `reporter.email`).
    pub reporter_email: Option<&'a str>,
}

/// One piece of sensitive data at one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// JSON Pointer of the string in the report (`""` for [`scan_text`]).
    pub path: String,
    /// UTF-16 code units into that string (into the decoded text for an attachment).
    pub start: usize,
    pub end: usize,
    /// One of the contract's categories; its name is also the redaction marker's.
    pub category: Category,
    pub severity: Severity,
    /// The detector id, e.g. `github-pat-classic`.
    pub rule: &'static str,
    /// Why it matters and what to do, in the requested language.
    pub message: String,
    /// Masked: a few first characters and the length, never the full value.
    pub preview: String,
    /// Found inside a decoded blob (`base64` | `url`): `start`/`end` cover the blob.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    /// `path` is `/attachments/N/content_base64`, and `start`/`end` index its decoded text.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub attachment: bool,
}

/// The severity of a category named by its wire name (documentation values are lowered to
/// `info` separately); `None` for a name that is no category.
pub fn category_severity(category: &str) -> Option<Severity> {
    Category::parse(category).map(Category::severity)
}

/// Every detector id, for documentation and tests.
pub fn rule_ids() -> Vec<&'static str> {
    rules::RULES.iter().map(|r| r.id).collect()
}

/// A finding as it comes back from a caller (JavaScript passes findings to `redact`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FindingIn {
    #[serde(default)]
    path: String,
    start: usize,
    end: usize,
    category: Category,
    #[serde(default)]
    severity: Option<Severity>,
    #[serde(default)]
    rule: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    preview: String,
    #[serde(default)]
    encoding: Option<String>,
    #[serde(default)]
    attachment: bool,
}

impl<'de> Deserialize<'de> for Finding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = FindingIn::deserialize(d)?;
        let category = f.category;
        Ok(Finding {
            path: f.path,
            start: f.start,
            end: f.end,
            category,
            severity: f.severity.unwrap_or(category.severity()),
            // A rule id from another version is kept as "unknown" rather than refused: redaction
            // only needs path, span and category.
            rule: rules::RULES.iter().find(|r| r.id == f.rule).map(|r| r.id).unwrap_or("unknown"),
            message: f.message,
            preview: f.preview,
            encoding: match f.encoding.as_deref() {
                Some("base64") => Some("base64"),
                Some("url") => Some("url"),
                _ => None,
            },
            attachment: f.attachment,
        })
    }
}

/// Scans one text (path `""`).
pub fn scan_text(text: &str, opts: &ScanOptions) -> Vec<Finding> {
    let env = ctx::Env::new(opts, None);
    to_findings(text, "", engine::scan(text, &env), opts.lang, false)
}

/// [`scan_text`]'s findings as JSON text, byte for byte `serde_json::to_string(&scan_text(..))`,
/// written straight from the engine's hits (what the wasm boundary returns; see the `wire` module).
pub fn scan_text_json(text: &str, opts: &ScanOptions) -> String {
    let env = ctx::Env::new(opts, None);
    let mut json = wire::Json::new(opts.lang);
    json.push(text, "", engine::scan(text, &env), false);
    json.finish()
}

/// [`scan_report`]'s findings as JSON text, byte for byte `serde_json::to_string(&scan_report(..))`.
pub fn scan_report_json(report: &Value, opts: &ScanOptions) -> String {
    let mut json = wire::Json::new(opts.lang);
    each_report_text(report, opts, |text, path, hits, attachment| json.push(text, path, hits, attachment));
    json.finish()
}

/// Scans every string of a report (JSON Pointer paths), and its text attachments.
///
/// `reporter.email` is the reporter's own address and never a finding, anywhere in the report;
/// nor are the profile's addresses. Attachments are decoded from base64 when their media type is
/// textual or their content is UTF-8 text; their findings carry `attachment: true` and index the
/// decoded text.
pub fn scan_report(report: &Value, opts: &ScanOptions) -> Vec<Finding> {
    let mut out = Vec::new();
    each_report_text(report, opts, |text, path, hits, attachment| {
        out.extend(to_findings(text, path, hits, opts.lang, attachment))
    });
    out
}

/// Scans every string of a report, then its text attachments, and hands each text's hits to
/// `emit(text, path, hits, attachment)` in that order.
fn each_report_text(report: &Value, opts: &ScanOptions, mut emit: impl FnMut(&str, &str, Vec<engine::Hit>, bool)) {
    let own = report.pointer("/reporter/email").and_then(Value::as_str);
    let env = ctx::Env::new(opts, own);
    walk(report, &mut String::new(), &env, &mut emit);
    if let Some(list) = report.get("attachments").and_then(Value::as_array) {
        for (i, a) in list.iter().enumerate() {
            let Some(b64) = a.get("content_base64").and_then(Value::as_str) else { continue };
            let media = a.get("media_type").and_then(Value::as_str).unwrap_or("");
            if let Some(text) = decode::attachment_text(b64, media) {
                let path = format!("/attachments/{i}/content_base64");
                let hits = engine::scan(&text, &env);
                emit(&text, &path, hits, true);
            }
        }
    }
}

fn walk(v: &Value, path: &mut String, env: &ctx::Env, emit: &mut impl FnMut(&str, &str, Vec<engine::Hit>, bool)) {
    match v {
        Value::String(s) => {
            if is_attachment_content(path) {
                return;
            }
            emit(s, path, engine::scan(s, env), false);
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push('/');
                path.push_str(&i.to_string());
                walk(item, path, env, emit);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let len = path.len();
                *path = crate::diagnostics::pointer_push(path, k);
                walk(item, path, env, emit);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

fn is_attachment_content(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("/attachments/") else { return false };
    match rest.split_once('/') {
        Some((n, "content_base64")) => n.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// Byte spans from the engine → findings with UTF-16 offsets, previews and messages.
fn to_findings(text: &str, path: &str, hits: Vec<engine::Hit>, lang: Lang, attachment: bool) -> Vec<Finding> {
    let mut out = Vec::with_capacity(hits.len());
    each_finding(text, hits, |h, start, end| {
        let rule = &rules::RULES[h.rule];
        out.push(Finding {
            path: path.to_owned(),
            start,
            end,
            category: rule.category,
            severity: finding_severity(h),
            rule: rule.id,
            message: message(rule.category, h.example, h.encoding, lang),
            preview: preview(text.get(h.start..h.end).unwrap_or("")),
            encoding: h.encoding,
            attachment,
        })
    });
    out
}

/// A hit's severity: its category's, or `info` for a documentation value.
fn finding_severity(h: &engine::Hit) -> Severity {
    if h.example {
        Severity::Info
    } else {
        rules::RULES[h.rule].category.severity()
    }
}

/// Each hit with its UTF-16 start and end, in order.
fn each_finding(text: &str, hits: Vec<engine::Hit>, mut f: impl FnMut(&engine::Hit, usize, usize)) {
    if hits.is_empty() {
        return;
    }
    let mut bytes: Vec<usize> = hits.iter().flat_map(|h| [h.start, h.end]).collect();
    let map = Utf16Map::new(text, &mut bytes);
    for h in &hits {
        f(h, map.get(h.start), map.get(h.end));
    }
}

/// Byte offset → UTF-16 offset for a sorted set of offsets, in one pass over the text.
struct Utf16Map {
    pairs: Vec<(usize, usize)>,
    ascii: bool,
}

impl Utf16Map {
    fn new(text: &str, offsets: &mut [usize]) -> Self {
        if text.is_ascii() {
            return Utf16Map { pairs: Vec::new(), ascii: true };
        }
        offsets.sort_unstable();
        // Counted on bytes, not chars: every byte before the offset that starts a character is one
        // UTF-16 unit, and a 4-byte character's (outside the BMP) one more — so an offset inside
        // a character counts that character whole, as walking the chars up to it did.
        let bytes = text.as_bytes();
        let mut pairs = Vec::with_capacity(offsets.len());
        let (mut at, mut units) = (0usize, 0usize);
        for &target in offsets.iter() {
            let upto = target.min(bytes.len());
            if upto > at {
                for &b in &bytes[at..upto] {
                    units += usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0);
                }
                at = upto;
            }
            pairs.push((target, units));
        }
        Utf16Map { pairs, ascii: false }
    }

    fn get(&self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        match self.pairs.binary_search_by_key(&byte, |p| p.0) {
            Ok(i) => self.pairs[i].1,
            Err(_) => 0,
        }
    }
}

/// A masked view of a value: its first characters (at most 4, fewer for short values) and its
/// length in characters. Never enough to use the secret.
pub fn preview(value: &str) -> String {
    let n = value.chars().count();
    let shown = (n / 4).min(4);
    // Pushed piece by piece rather than `format!`: one of these is made for every finding.
    let mut out = String::with_capacity(32);
    out.extend(value.chars().take(shown).filter(|c| !c.is_control()));
    out.push_str("…(");
    let mut digits = [0u8; 20];
    let (mut i, mut k) = (digits.len(), n);
    loop {
        i -= 1;
        digits[i] = b'0' + (k % 10) as u8;
        k /= 10;
        if k == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
    out.push_str(" chars)");
    out
}

fn what_code(category: Category) -> Code {
    match category {
        Category::PrivateKey => Code::ScanWhatPrivateKey,
        Category::AwsAccessKeyId => Code::ScanWhatAwsAccessKeyId,
        Category::AwsSecretKey => Code::ScanWhatAwsSecretKey,
        Category::GithubToken => Code::ScanWhatGithubToken,
        Category::GitlabToken => Code::ScanWhatGitlabToken,
        Category::SlackToken => Code::ScanWhatSlackToken,
        Category::SlackWebhook => Code::ScanWhatSlackWebhook,
        Category::StripeKey => Code::ScanWhatStripeKey,
        Category::GoogleApiKey => Code::ScanWhatGoogleApiKey,
        Category::GcpServiceAccount => Code::ScanWhatGcpServiceAccount,
        Category::AzureConnectionString => Code::ScanWhatAzureConnectionString,
        Category::AzureSasToken => Code::ScanWhatAzureSasToken,
        Category::NpmToken => Code::ScanWhatNpmToken,
        Category::PypiToken => Code::ScanWhatPypiToken,
        Category::SendgridKey => Code::ScanWhatSendgridKey,
        Category::TwilioKey => Code::ScanWhatTwilioKey,
        Category::AiApiKey => Code::ScanWhatAiApiKey,
        Category::Jwt => Code::ScanWhatJwt,
        Category::UrlCredentials => Code::ScanWhatUrlCredentials,
        Category::ConnectionString => Code::ScanWhatConnectionString,
        Category::AuthorizationHeader => Code::ScanWhatAuthorizationHeader,
        Category::SessionCookie => Code::ScanWhatSessionCookie,
        Category::PasswordAssignment => Code::ScanWhatPasswordAssignment,
        Category::PasswordHash => Code::ScanWhatPasswordHash,
        Category::PaymentCard => Code::ScanWhatPaymentCard,
        Category::Iban => Code::ScanWhatIban,
        Category::NationalId => Code::ScanWhatNationalId,
        Category::DateOfBirth => Code::ScanWhatDateOfBirth,
        Category::IdentityDocument => Code::ScanWhatIdentityDocument,
        Category::PostalAddress => Code::ScanWhatPostalAddress,
        Category::HealthData => Code::ScanWhatHealthData,
        Category::EmploymentData => Code::ScanWhatEmploymentData,
        Category::TaxRecord => Code::ScanWhatTaxRecord,
        Category::TravelRecord => Code::ScanWhatTravelRecord,
        Category::EmailAddress => Code::ScanWhatEmailAddress,
        Category::PhoneNumber => Code::ScanWhatPhoneNumber,
        Category::PrivateIp => Code::ScanWhatPrivateIp,
        Category::InternalHostname => Code::ScanWhatInternalHostname,
    }
}

/// The explanation of a finding: what it is, why it matters under the policy, what to do.
pub fn message(category: Category, example: bool, encoding: Option<&str>, lang: Lang) -> String {
    let mut p = Params::new();
    p.insert("what", what_code(category).render(lang, &Params::new()));
    p.insert("category", category.as_str().to_owned());
    let why = if example {
        Code::ScanExample
    } else {
        match category.severity() {
            Severity::Critical => Code::ScanCredential,
            Severity::High => Code::ScanPersonal,
            _ if matches!(category, Category::EmailAddress | Category::PhoneNumber) => Code::ScanThirdParty,
            _ => Code::ScanInfrastructure,
        }
    };
    let mut text = why.render(lang, &p);
    if let Some(enc) = encoding {
        let mut q = Params::new();
        q.insert("encoding", enc.to_owned());
        text.push(' ');
        text.push_str(&Code::ScanEncoded.render(lang, &q));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_masks() {
        assert_eq!(preview("AKIAABCDEFGHIJKLMNOP"), "AKIA…(20 chars)");
        assert_eq!(preview("abc"), "…(3 chars)");
        assert_eq!(preview("éàüö12345"), "éà…(9 chars)");
        for v in ["", "a", "\u{1}\u{2}abc\n12345678", &"x".repeat(1234), "😀😀😀😀😀😀😀😀"] {
            let n = v.chars().count();
            let head: String = v.chars().take((n / 4).min(4)).filter(|c| !c.is_control()).collect();
            assert_eq!(preview(v), format!("{head}…({n} chars)"));
        }
    }

    #[test]
    fn utf16_map_counts_surrogates() {
        let t = "é😀x";
        let mut offs = vec![0, 2, 6, 7];
        let m = Utf16Map::new(t, &mut offs);
        assert_eq!(m.get(0), 0);
        assert_eq!(m.get(2), 1);
        assert_eq!(m.get(6), 3);
        assert_eq!(m.get(7), 4);
    }

    /// The JSON the wasm returns is serde_json's rendering of the findings, byte for byte: on every
    /// case of the labelled corpus in both languages, with the case's reporter address, and on
    /// reports carrying the cases as fields and as text attachments.
    #[test]
    fn json_is_serde_json_of_the_findings() {
        use base64::Engine as _;
        let corpus = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/cases.jsonl"))
            .expect("tests/corpus/cases.jsonl");
        let cases: Vec<Value> =
            corpus.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect();
        let mut compared = 0;
        for (lang, own) in [(Lang::En, None), (Lang::Fr, Some("marco_brown97@initech.io"))] {
            let opts = ScanOptions { lang, reporter_email: own, ..ScanOptions::default() };
            for case in &cases {
                let text = case["text"].as_str().unwrap();
                let findings = scan_text(text, &opts);
                compared += findings.len();
                assert_eq!(scan_text_json(text, &opts), serde_json::to_string(&findings).unwrap(), "{}", case["id"]);
            }
            for chunk in cases.chunks(25) {
                let texts: Vec<&str> = chunk.iter().map(|c| c["text"].as_str().unwrap()).collect();
                let attachments: Vec<Value> = texts
                    .iter()
                    .map(|t| {
                        serde_json::json!({"name": "log.txt", "media_type": "text/plain",
                        "content_base64": base64::engine::general_purpose::STANDARD.encode(t)})
                    })
                    .collect();
                let report = serde_json::json!({"reporter": {"email": chunk[0]["reporter_email"]},
                    "description": texts.join("\n"), "affected": [{"product": texts[0]}], "attachments": attachments});
                let findings = scan_report(&report, &opts);
                assert!(findings.iter().any(|f| f.attachment));
                compared += findings.len();
                assert_eq!(scan_report_json(&report, &opts), serde_json::to_string(&findings).unwrap());
            }
        }
        assert!(compared > 5000, "{compared} findings compared");
        assert_eq!(scan_text_json("nothing here", &ScanOptions::default()), "[]");
    }

    proptest::proptest! {
        /// The byte-counting map gives, for any offset (even one inside a character), the UTF-16
        /// length of the characters that start before it: what walking the chars gave.
        #[test]
        fn utf16_map_matches_the_char_walk(s in "(?s).{0,40}", cuts in proptest::collection::vec(0usize..400, 0..10)) {
            let mut offs: Vec<usize> = cuts.into_iter().map(|c| c % (s.len() + 2)).collect();
            let m = Utf16Map::new(&s, &mut offs.clone());
            offs.sort_unstable();
            for &o in &offs {
                let walked: usize = s.char_indices().take_while(|(i, _)| *i < o).map(|(_, c)| c.len_utf16()).sum();
                let want = if s.is_ascii() { o } else { walked };
                proptest::prop_assert_eq!(m.get(o), want, "offset {} in {:?}", o, s);
            }
        }
    }

    #[test]
    fn every_category_has_words() {
        for c in Category::ALL {
            let en = message(c, false, None, Lang::En);
            let fr = message(c, false, Some("base64"), Lang::Fr);
            assert!(!en.contains('{') && !fr.contains('{'), "{c}: {en} / {fr}");
        }
    }
}
