//! JavaScript bindings (`#[wasm_bindgen]`): glue only — they convert, never decide.
//!
//! Every function takes and returns JSON *strings*; the npm package's JavaScript layer does the
//! `JSON.stringify` / `JSON.parse`. This keeps `__proto__` keys inert data on both sides, lets the
//! Rust parser's nesting limit apply to hostile objects, and keeps the boundary one simple shape.
//! Failures are thrown as JavaScript `Error`s with own properties `code` (stable, e.g.
//! `key-fingerprint-mismatch`), `kind` (`report` | `key` | `input` | `profile`) and, for `report`,
//! `diagnostics` (the Diagnostics JSON).

//!
//! Three modules are built from this file (issue #11): with the `core` feature the bindings of
//! `core_api` (validate, schema, profile, triage, scan, redact…), with `seal` those of `seal_api`
//! (loadRecipient, seal, renderText, limits), and with `seal` + `open` the same plus open and
//! openAll (the PSIRT's side, which a reporter's page never loads). The seal module has no JSON Schema engine: the JavaScript layer
//! validates with the core module (`check_for_seal`) before it calls `seal`, and fills `open`'s
//! diagnostics the same way.

use crate::date::{self, CalendarDate};
use crate::i18n::{Code, Lang, Params};
use crate::profile::Profile;
use serde::Deserialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// `base^e mod n` (big-endian) on JavaScript's native `BigInt`, for `seal::platform_rsa` in the
/// JavaScript core only (`jscore` feature; the wasm modules never have it): there, rpgp's own
/// 4096-bit exponentiation ran interpreted on emulated 64-bit limbs for seconds, while `BigInt`
/// is the engine's C++ with or without a JIT. Square-and-multiply over the bits of `e` (65537
/// for every key in practice: 17 squarings). The numbers pass through JavaScript strings and
/// `BigInt`s, which cannot be wiped (as the session key's block does through Node's
/// `publicEncrypt` in the Node entry).
#[cfg(feature = "jscore")]
pub(crate) fn bigint_modpow(base: &[u8], e: &[u8], n: &[u8]) -> Option<Vec<u8>> {
    use js_sys::BigInt;
    fn big(bytes: &[u8]) -> Option<BigInt> {
        use std::fmt::Write;
        let mut hex = String::with_capacity(3 + 2 * bytes.len());
        hex.push_str("0x0");
        for b in bytes {
            write!(hex, "{b:02x}").ok()?;
        }
        BigInt::new(&JsValue::from_str(&hex)).ok()
    }
    let (b, n) = (big(base)?, big(n)?);
    let mut r = BigInt::from(1u32);
    for byte in e {
        for i in (0..8).rev() {
            r = &(&r * &r) % &n;
            if (byte >> i) & 1 == 1 {
                r = &(&r * &b) % &n;
            }
        }
    }
    let hex = String::from(r.to_string(16).ok()?);
    let hex = if hex.len() % 2 == 1 { format!("0{hex}") } else { hex };
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok()).collect()
}

#[cfg(feature = "core")]
pub use core_api::*;
#[cfg(feature = "seal")]
pub use seal_api::*;

/// Options common to the calls, as JSON: `{profile?, pin?, today?, language?}`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct CallOptions {
    /// `"thales"` (default), `"demo"`, or a profile object.
    profile: Option<Value>,
    pin: Option<String>,
    today: Option<String>,
    language: Option<String>,
}

fn js_error(kind: &str, code: Code, message: &str, diagnostics: Option<String>) -> JsValue {
    let err = js_sys::Error::new(message);
    let obj: &JsValue = err.as_ref();
    let _ = js_sys::Reflect::set(obj, &"code".into(), &code.as_str().into());
    let _ = js_sys::Reflect::set(obj, &"kind".into(), &kind.into());
    if let Some(d) = diagnostics {
        let _ = js_sys::Reflect::set(obj, &"diagnostics".into(), &d.into());
    }
    err.into()
}

fn input_error(reason: &str) -> JsValue {
    let mut p = Params::new();
    p.insert("reason", reason.to_owned());
    js_error("input", Code::InputType, &Code::InputType.render(Lang::En, &p), None)
}

fn parse_options(json: &str) -> Result<CallOptions, JsValue> {
    if json.trim().is_empty() {
        return Ok(CallOptions::default());
    }
    serde_json::from_str(json).map_err(|e| input_error(&format!("options are not a JSON object of known fields ({e})")))
}

fn resolve_profile(opts: &CallOptions) -> Result<Profile, JsValue> {
    let result = match &opts.profile {
        None | Some(Value::Null) => Ok(Profile::thales().clone()),
        Some(Value::String(name)) => Profile::builtin(name).cloned(),
        Some(v) => Profile::from_value(v),
    };
    result.map_err(|e| js_error("profile", e.code(), &e.message(Lang::En), None))
}

fn resolve_today(opts: &CallOptions) -> Result<Option<CalendarDate>, JsValue> {
    match &opts.today {
        None => Ok(None),
        Some(s) => date::parse(s).map(Some).ok_or_else(|| input_error("`today` is not a date YYYY-MM-DD")),
    }
}

#[cfg(feature = "core")]
mod core_api {
    use super::*;
    use crate::triage::{self, Kind};
    use crate::validate::{self, Options};

    /// Validates a report (JSON text). Returns the Diagnostics JSON; never throws for report content.
    #[wasm_bindgen]
    pub fn validate(report_json: &str, options_json: &str) -> Result<String, JsValue> {
        let opts = parse_options(options_json)?;
        let profile = resolve_profile(&opts)?;
        let vopts = Options { profile: &profile, today: resolve_today(&opts)? };
        Ok(validate::validate_str(report_json, &vopts).to_json())
    }

    /// The report JSON Schema, as text.
    #[wasm_bindgen]
    pub fn schema() -> String {
        validate::REPORT_SCHEMA.to_owned()
    }

    /// A profile: a built-in name (`thales`, `demo`) or a profile object as JSON. Returns it, validated.
    #[wasm_bindgen]
    pub fn profile(name_or_json: &str) -> Result<String, JsValue> {
        let v = if name_or_json.trim_start().starts_with('{') {
            serde_json::from_str::<Value>(name_or_json).map_err(|_| input_error("profile is not JSON"))?
        } else {
            Value::String(name_or_json.to_owned())
        };
        let opts = CallOptions { profile: Some(v), ..Default::default() };
        Ok(resolve_profile(&opts)?.to_json())
    }

    /// Where a kind of contact goes. Returns the Route JSON.
    #[wasm_bindgen]
    pub fn triage(kind: &str, options_json: &str) -> Result<String, JsValue> {
        let opts = parse_options(options_json)?;
        let lang = opts.language.as_deref().and_then(Lang::parse).unwrap_or_default();
        let Some(k) = Kind::parse(kind) else {
            let mut p = Params::new();
            p.insert("kind", kind.chars().take(64).collect());
            return Err(js_error("input", Code::TriageUnknownKind, &Code::TriageUnknownKind.render(lang, &p), None));
        };
        let profile = resolve_profile(&opts)?;
        let today = resolve_today(&opts)?.unwrap_or_else(date::today);
        serde_json::to_string(&triage::triage(k, &profile, lang, today)).map_err(|e| input_error(&e.to_string()))
    }

    // --- scanner (issue #3) ---------------------------------------------------------------------

    /// Options of `scan`, `scan_text` and `redact`, as JSON:
    /// `{profile?, language?, reporter_email?, min_severity?, findings?}`.
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct ScanCallOptions {
        profile: Option<Value>,
        language: Option<String>,
        reporter_email: Option<String>,
        /// `redact` without `findings`: redact what is at or above this severity (default `medium`).
        min_severity: Option<String>,
        /// `redact`: the findings to redact (as `scan` returned them, possibly filtered).
        findings: Option<Vec<crate::scan::Finding>>,
    }

    fn scan_options(json: &str) -> Result<ScanCallOptions, JsValue> {
        if json.trim().is_empty() {
            return Ok(ScanCallOptions::default());
        }
        serde_json::from_str(json)
            .map_err(|e| input_error(&format!("scan options are not a JSON object of known fields ({e})")))
    }

    fn scan_profile(opts: &ScanCallOptions) -> Result<Profile, JsValue> {
        resolve_profile(&CallOptions { profile: opts.profile.clone(), ..Default::default() })
    }

    /// A report for the scanner: parsed with the validator's limits; unreadable text is an `input` error.
    fn scan_report_value(report_json: &str, lang: Lang) -> Result<Value, JsValue> {
        crate::report::parse(report_json).map_err(|d| js_error("input", d.code, &d.code.render(lang, &d.params), None))
    }

    /// Scans every string field and text attachment of a report. Returns the Finding[] JSON.
    #[wasm_bindgen]
    pub fn scan(report_json: &str, options_json: &str) -> Result<String, JsValue> {
        let opts = scan_options(options_json)?;
        let given = opts.language.as_deref().and_then(Lang::parse);
        let report = scan_report_value(report_json, given.unwrap_or_default())?;
        let lang = given.unwrap_or_else(|| crate::report::language_of(&report));
        let profile = scan_profile(&opts)?;
        let sopts =
            crate::scan::ScanOptions { lang, profile: Some(&profile), reporter_email: opts.reporter_email.as_deref() };
        Ok(crate::scan::scan_report_json(&report, &sopts))
    }

    /// Scans one text (path ""). Returns the Finding[] JSON.
    #[wasm_bindgen]
    pub fn scan_text(text: &str, options_json: &str) -> Result<String, JsValue> {
        let opts = scan_options(options_json)?;
        let profile = scan_profile(&opts)?;
        let sopts = crate::scan::ScanOptions {
            lang: opts.language.as_deref().and_then(Lang::parse).unwrap_or_default(),
            profile: Some(&profile),
            reporter_email: opts.reporter_email.as_deref(),
        };
        Ok(crate::scan::scan_text_json(text, &sopts))
    }

    /// Returns the report JSON with the given findings (else every finding at or above
    /// `min_severity`, default `medium`) replaced by `[REDACTED:<category>]`.
    #[wasm_bindgen]
    pub fn redact(report_json: &str, options_json: &str) -> Result<String, JsValue> {
        let opts = scan_options(options_json)?;
        let given = opts.language.as_deref().and_then(Lang::parse);
        let report = scan_report_value(report_json, given.unwrap_or_default())?;
        let findings = match &opts.findings {
            Some(f) => f.clone(),
            None => {
                let min = match opts.min_severity.as_deref() {
                    None => crate::scan::Severity::Medium,
                    Some(s) => crate::scan::Severity::parse(s)
                        .ok_or_else(|| input_error("min_severity is not critical, high, medium or info"))?,
                };
                let profile = scan_profile(&opts)?;
                let sopts = crate::scan::ScanOptions {
                    lang: given.unwrap_or_default(),
                    profile: Some(&profile),
                    reporter_email: opts.reporter_email.as_deref(),
                };
                crate::scan::scan_report(&report, &sopts).into_iter().filter(|f| f.severity >= min).collect()
            }
        };
        serde_json::to_string(&crate::scan::redact(&report, &findings))
            .map_err(|e| js_error("scan", Code::InputType, &e.to_string(), None))
    }

    /// Scores one CVSS vector (3.0, 3.1, 4.0) as `validate` does. Returns the CvssScore JSON; throws
    /// kind `input` with code `cvss-invalid` (message in `options.language`).
    #[wasm_bindgen]
    pub fn cvss(vector: &str, options_json: &str) -> Result<String, JsValue> {
        let opts = parse_options(options_json)?;
        let lang = opts.language.as_deref().and_then(Lang::parse).unwrap_or_default();
        match validate::score_cvss(vector) {
            Ok(score) => serde_json::to_string(&score).map_err(|e| input_error(&e.to_string())),
            Err(e) => Err(js_error("input", e.code(), &e.message(lang), None)),
        }
    }

    // --- package (issue #5) ---

    /// Test hook, not API (hidden from the docs and the TypeScript declarations): traps the module
    /// on purpose, in the middle of a call that holds an allocation, the way a bug would. The npm
    /// package's tests use it to check that the JavaScript layer re-instantiates a trapped module, so
    /// the next call works. `abort` compiles to the wasm `unreachable` instruction; no panic involved.
    /// Only with the `test-hooks` feature: the module `make wasm` ships has no such export (the
    /// package's own trap test makes the module trap through an out-of-bounds argument instead).
    #[cfg(feature = "test-hooks")]
    #[doc(hidden)]
    #[wasm_bindgen(js_name = "__trapForTests", skip_typescript)]
    pub fn trap_for_tests(held: String) {
        if !held.is_empty() {
            std::process::abort();
        }
    }

    /// What `seal` needs from the core first: validates the report with `seal`'s options and throws
    /// the error `seal` itself would (kind `report`, code `report-invalid`, with the diagnostics) when
    /// it is not valid. Returns nothing when it is.
    #[wasm_bindgen]
    pub fn check_for_seal(report_json: &str, options_json: &str) -> Result<(), JsValue> {
        let opts = parse_options(options_json)?;
        let profile = resolve_profile(&opts)?;
        let vopts = Options { profile: &profile, today: resolve_today(&opts)? };
        let lang_given = opts.language.as_deref().and_then(Lang::parse);
        let (diagnostics, lang) = match crate::report::parse(report_json) {
            Ok(value) => {
                let lang = lang_given.unwrap_or_else(|| crate::report::language_of(&value));
                (validate::validate_value(&value, &vopts), lang)
            }
            Err(d) => (
                crate::diag::Diagnostics::build(vec![d], vec![], Default::default(), Lang::En),
                lang_given.unwrap_or_default(),
            ),
        };
        if diagnostics.valid {
            return Ok(());
        }
        let mut p = Params::new();
        p.insert("count", diagnostics.errors.len().to_string());
        Err(js_error("report", Code::ReportInvalid, &Code::ReportInvalid.render(lang, &p), Some(diagnostics.to_json())))
    }
}

// --- sealing and opening (issue #4) ---------------------------------------------------------

#[cfg(feature = "seal")]
mod seal_api {
    use super::*;
    use crate::seal::{self, SealError, SealOptions};
    use std::cell::RefCell;
    use std::io::Write;
    use std::rc::Rc;

    /// Options of `load_recipient`, `seal` and `open`, as JSON: the common ones plus `now` (ISO 8601,
    /// tests), `attachments` (`[{name, mediaType?}]`, whose bytes come as a separate array) and
    /// `passphrase` (open).
    #[derive(Deserialize, Default)]
    #[serde(default, rename_all = "camelCase")]
    struct SealCallOptions {
        profile: Option<Value>,
        pin: Option<String>,
        today: Option<String>,
        language: Option<String>,
        now: Option<String>,
        attachments: Vec<AttachmentMeta>,
        passphrase: Option<String>,
    }

    #[derive(Deserialize, Default)]
    #[serde(default, rename_all = "camelCase")]
    struct AttachmentMeta {
        name: String,
        media_type: Option<String>,
    }

    impl SealCallOptions {
        fn parse(json: &str) -> Result<Self, JsValue> {
            if json.trim().is_empty() {
                return Ok(Self::default());
            }
            serde_json::from_str(json)
                .map_err(|e| input_error(&format!("options are not a JSON object of known fields ({e})")))
        }
        fn common(&self) -> CallOptions {
            CallOptions {
                profile: self.profile.clone(),
                pin: self.pin.clone(),
                today: self.today.clone(),
                language: self.language.clone(),
            }
        }
        fn lang(&self) -> Lang {
            self.language.as_deref().and_then(Lang::parse).unwrap_or_default()
        }
        fn now(&self) -> Result<Option<u64>, JsValue> {
            match &self.now {
                None => Ok(None),
                Some(s) => seal::key::parse_iso8601(s)
                    .map(Some)
                    .ok_or_else(|| input_error("`now` is not an ISO 8601 time (YYYY-MM-DDTHH:MM:SSZ)")),
            }
        }
    }

    /// Parses a PSIRT public key (armored or binary bytes) and judges it against the pin (the
    /// option's, else the profile's). Returns the RecipientInfo JSON; throws kind `key`.
    #[wasm_bindgen]
    pub fn load_recipient(key: &[u8], options_json: &str) -> Result<String, JsValue> {
        let opts = SealCallOptions::parse(options_json)?;
        let profile = resolve_profile(&opts.common())?;
        let pin = opts.pin.clone().unwrap_or_else(|| profile.pin());
        match seal::key::load_recipient_at(key, &pin, &profile.name, opts.now()?) {
            Ok(r) => serde_json::to_string(&r.info).map_err(|e| input_error(&e.to_string())),
            Err(e) => Err(js_error("key", e.code(), &e.message(opts.lang()), None)),
        }
    }

    /// Issue 16 item 5: judges the reporter's own public key (`reporter.pgp_key`) as sealing will:
    /// the PSIRT key's policy without a pin. Returns the RecipientInfo JSON, or `null` for a bare
    /// fingerprint (carried, but it encrypts nothing); throws kind `key`, codes `reporter-key-*`.
    #[wasm_bindgen]
    pub fn load_reporter_key(key: &str, options_json: &str) -> Result<String, JsValue> {
        let opts = SealCallOptions::parse(options_json)?;
        let report = serde_json::json!({ "reporter": { "pgp_key": key } });
        match seal::reporter_key(&report, opts.now()?) {
            Ok(Some(r)) => serde_json::to_string(&r.info).map_err(|e| input_error(&e.to_string())),
            Ok(None) => Ok("null".into()),
            Err(e) => {
                let e = SealError::ReporterKey(e);
                Err(js_error("key", e.code(), &e.message(opts.lang()), None))
            }
        }
    }

    #[cfg(feature = "open")]
    /// What a message is made of, without decrypting it (see `seal::inspect`): the JSON of
    /// `{form, packets, recipients, wildcardRecipients, skesk, literal, compressed, signed,
    /// encrypted, encryptedBytes, size, armored?}`; throws kind `input`, code `inspect-not-openpgp`.
    #[wasm_bindgen]
    pub fn inspect_message(message: &[u8], options_json: &str) -> Result<String, JsValue> {
        let opts = SealCallOptions::parse(options_json)?;
        match seal::inspect::inspect(message) {
            Ok(i) => serde_json::to_string(&i).map_err(|e| input_error(&e.to_string())),
            Err(e) => Err(js_error("input", e.code(), &e.message(opts.lang()), None)),
        }
    }

    #[cfg(feature = "open")]
    /// The RFC 3156 `.eml` around an armored message that arrived alone (see
    /// `seal::inspect::pgp_mime`). `options_json`: `{to, subject, now, messageId, boundary}`.
    #[wasm_bindgen]
    pub fn pgp_mime(armored: &str, options_json: &str) -> Result<String, JsValue> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        struct Wrap {
            to: String,
            subject: String,
            now: u64,
            message_id: String,
            boundary: String,
        }
        let w: Wrap = serde_json::from_str(options_json).map_err(|e| input_error(&e.to_string()))?;
        let plain = |s: &str| s.bytes().all(|b| b.is_ascii_graphic() || b == b' ');
        // The subject is written RFC 2047-encoded when it is not plain ASCII ("Rapport chiffré"),
        // so any text goes but a control character (a line break would start a new header).
        if !plain(&w.to)
            || w.subject.chars().any(char::is_control)
            || !plain(&w.message_id)
            || !plain(&w.boundary)
            || w.boundary.is_empty()
        {
            return Err(input_error(
                "pgpMime: to, messageId and boundary must be printable ASCII, the subject without control characters",
            ));
        }
        Ok(seal::inspect::pgp_mime(armored, &w.to, &w.subject, w.now, &w.message_id, &w.boundary))
    }

    #[cfg(feature = "open")]
    /// Issue 16 item 5: makes a passphrase-protected Curve25519 key for the reporter (see
    /// `seal::keygen`). In the open module only, which a page loads when the reporter asks: key
    /// generation and secret-key protection would grow the seal module every reporter loads.
    /// Returns the JSON of `{secretKey, publicKey, fingerprint, userId}`; throws kind `input`.
    #[wasm_bindgen]
    pub fn generate_key(name: &str, email: &str, passphrase: &str, options_json: &str) -> Result<String, JsValue> {
        let opts = SealCallOptions::parse(options_json)?;
        match seal::keygen::generate_reporter_key(name, email, passphrase, rand::rngs::OsRng) {
            Ok(k) => serde_json::to_string(&k).map_err(|e| input_error(&e.to_string())),
            Err(e) => Err(js_error("input", e.code(), &e.message(opts.lang()), None)),
        }
    }

    /// The core's input limits, as JSON, so the JavaScript side (the CLI, bulk) checks sizes before
    /// reading a file instead of copying the numbers: `{report_bytes, depth, key_bytes, attachments,
    /// attachment_bytes, message_bytes}`. In the seal module: the key, attachment and message limits
    /// are sealing's own.
    #[wasm_bindgen]
    pub fn limits() -> String {
        serde_json::json!({
            "report_bytes": crate::report::MAX_INPUT_BYTES,
            "depth": crate::report::MAX_DEPTH,
            "key_bytes": seal::key::MAX_KEY_BYTES,
            "attachments": seal::MAX_ATTACHMENTS,
            "attachment_bytes": seal::MAX_ATTACHMENT_BYTES,
            "message_bytes": seal::open::MAX_MESSAGE_BYTES,
        })
        .to_string()
    }

    /// Options of `render_text`, as JSON: the common ones (`profile`, `language` of error messages)
    /// and `attachments`: `[{name, size}]`, those `seal` will be given as bytes.
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct RenderCallOptions {
        profile: Option<Value>,
        language: Option<String>,
        attachments: Vec<AttachmentSize>,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct AttachmentSize {
        name: String,
        size: u64,
    }

    /// The readable text of a report exactly as `seal` puts it in the sealed message (in the
    /// report's own language), also for a report that is not valid yet. Throws kind `input` for
    /// text that is not a JSON object, `profile` for an unknown profile. In the seal module: the
    /// text is sealing's (`seal::text`), and the form asks for it at review, when sealing is near.
    #[wasm_bindgen]
    pub fn render_text(report_json: &str, options_json: &str) -> Result<String, JsValue> {
        let opts: RenderCallOptions = if options_json.trim().is_empty() {
            RenderCallOptions::default()
        } else {
            serde_json::from_str(options_json)
                .map_err(|e| input_error(&format!("options are not a JSON object of known fields ({e})")))?
        };
        resolve_profile(&CallOptions { profile: opts.profile.clone(), ..Default::default() })?;
        let lang = opts.language.as_deref().and_then(Lang::parse).unwrap_or_default();
        let report = crate::report::parse(report_json)
            .map_err(|d| js_error("input", d.code, &d.code.render(lang, &d.params), None))?;
        let extra: Vec<(String, u64)> = opts.attachments.into_iter().map(|a| (a.name, a.size)).collect();
        Ok(seal::text::sealed_text(&report, &extra))
    }

    #[wasm_bindgen]
    extern "C" {
        /// What the JavaScript layer's platform cipher factory returns for a session key (in
        /// Node: `node:crypto`'s AES-256-CFB and SHA-1; see `pkg/node-entry.js`).
        type JsBulkCipher;
        #[wasm_bindgen(method, structural, catch)]
        fn process(this: &JsBulkCipher, buf: &mut [u8], mdc: bool) -> Result<(), JsValue>;
        #[wasm_bindgen(method, structural, catch)]
        fn mdc(this: &JsBulkCipher) -> Result<Vec<u8>, JsValue>;
    }

    /// The platform's cipher behind the seal module's `BulkCipher` (issue #11, step 3).
    struct PlatformCipher(JsBulkCipher);

    fn platform_failed(e: JsValue) -> SealError {
        let reason = e.as_string().or_else(|| js_sys::Reflect::get(&e, &"message".into()).ok()?.as_string());
        SealError::Encrypt {
            reason: format!("platform cipher: {}", reason.unwrap_or_default().chars().take(120).collect::<String>()),
        }
    }

    impl seal::seipd::BulkCipher for PlatformCipher {
        fn process(&mut self, buf: &mut [u8], mdc: bool) -> Result<(), SealError> {
            self.0.process(buf, mdc).map_err(platform_failed)
        }
        fn mdc(&mut self) -> Result<[u8; 20], SealError> {
            let d = self.0.mdc().map_err(platform_failed)?;
            d.try_into().map_err(|_| SealError::Encrypt { reason: "platform cipher: the MDC is not 20 bytes".into() })
        }
        /// The platform's `rsaEncrypt(n, e, m)` when the cipher object has one (Node's does).
        fn rsa_encrypt(&mut self, n: &[u8], e: &[u8], m: &[u8]) -> Option<Result<Vec<u8>, SealError>> {
            let f = js_sys::Reflect::get(self.0.as_ref(), &"rsaEncrypt".into()).ok()?;
            let f = f.dyn_ref::<js_sys::Function>()?;
            let args = js_sys::Array::of3(
                &js_sys::Uint8Array::from(n),
                &js_sys::Uint8Array::from(e),
                &js_sys::Uint8Array::from(m),
            );
            let m_copy = args.get(2).unchecked_into::<js_sys::Uint8Array>();
            let out = f.apply(self.0.as_ref(), &args).map_err(platform_failed);
            // The padded session key left JavaScript's copy of the input: wipe it.
            m_copy.fill(0, 0, m_copy.length());
            Some(out.and_then(|v| {
                v.dyn_into::<js_sys::Uint8Array>().map(|a| a.to_vec()).map_err(|_| SealError::Encrypt {
                    reason: "platform cipher: rsaEncrypt did not return bytes".into(),
                })
            }))
        }
    }

    /// Calls the factory `f` with the session key (a copy the factory wipes once its cipher holds it).
    fn platform(f: &js_sys::Function, key: &[u8; 32]) -> Result<Box<dyn seal::seipd::BulkCipher>, SealError> {
        let k = js_sys::Uint8Array::from(&key[..]);
        let obj = f.call1(&JsValue::NULL, &k).map_err(platform_failed)?;
        k.fill(0, 0, 32);
        Ok(Box::new(PlatformCipher(obj.unchecked_into())))
    }

    /// What the deferred cipher hands to JavaScript: the session key and the bytes to encrypt.
    #[derive(Default)]
    struct Deferred {
        key: Option<js_sys::Uint8Array>,
        /// The whole plaintext to encrypt, in JavaScript memory, after `LEAD` zero bytes: one
        /// buffer, so that JavaScript hands it to WebCrypto as it is (AES-CBC over a zero block
        /// and the plaintext is CFB's keystream, see `pkg/webcrypto-seal.js`; SHA-1 for the MDC).
        out: Option<js_sys::Uint8Array>,
        /// Where the next processed bytes go in `out`.
        at: usize,
    }

    impl Deferred {
        const LEAD: usize = 16;
    }

    /// Leaves the encryption and the MDC's SHA-1 to the caller (WebCrypto is asynchronous, and its
    /// SHA-1 one-shot: JavaScript has the plaintext in one buffer, so it hashes there, faster than
    /// `sha1` compiled to wasm32, which was a tenth of a 10 MiB seal in Chromium). The bytes are
    /// copied straight into the JavaScript buffer (nothing of them stays in wasm memory), and the
    /// MDC is written as 20 zero bytes, which JavaScript replaces before encrypting.
    struct DeferredCipher(Rc<RefCell<Deferred>>);

    impl seal::seipd::BulkCipher for DeferredCipher {
        fn begin(&mut self, total: usize) -> Result<(), SealError> {
            let len = u32::try_from(Deferred::LEAD + total)
                .map_err(|_| SealError::Encrypt { reason: "message too large for the browser's buffer".into() })?;
            let mut d = self.0.borrow_mut();
            d.out = Some(js_sys::Uint8Array::new_with_length(len));
            d.at = Deferred::LEAD;
            Ok(())
        }
        fn process(&mut self, buf: &mut [u8], _mdc: bool) -> Result<(), SealError> {
            let mut d = self.0.borrow_mut();
            let at = d.at;
            let end = at + buf.len();
            match &d.out {
                Some(out) if end <= out.length() as usize => out.subarray(at as u32, end as u32).copy_from(buf),
                _ => return Err(SealError::Encrypt { reason: "deferred cipher: more bytes than announced".into() }),
            }
            d.at = end;
            Ok(())
        }
        fn mdc(&mut self) -> Result<[u8; 20], SealError> {
            Ok([0; 20])
        }
        fn deferred(&self) -> bool {
            true
        }
    }

    /// An attachment's bytes left in JavaScript memory.
    struct JsBytes(js_sys::Uint8Array);

    impl seal::mime::ByteSource for JsBytes {
        fn len(&self) -> usize {
            self.0.length() as usize
        }
        fn read_at(&self, offset: usize, buf: &mut [u8]) {
            let (start, end) = (offset as u32, (offset + buf.len()) as u32);
            self.0.subarray(start, end).copy_to(buf);
        }
    }

    /// Collects the armored output into JavaScript strings of 1 MiB, so that wasm memory never holds
    /// the whole message: JavaScript joins them (a rope, not a copy) into `armored` and the `.eml`.
    struct JsChunks {
        buf: Vec<u8>,
        out: js_sys::Array,
        /// Issue 16 item 5: the SHA-256 of every armored byte, for the reporter's receipt — only
        /// when the caller has no platform cipher: with one (Node), the JavaScript layer hashes the
        /// chunks on the platform's SHA-256, several times faster than `sha2` compiled to wasm32
        /// (which was ~40 % of a 10 MiB seal in Node).
        sha: Option<sha2::Sha256>,
    }

    impl JsChunks {
        const CHUNK: usize = 1 << 20;
        fn flush_chunk(&mut self) {
            if !self.buf.is_empty() {
                // Armor is ASCII: the validation's ASCII fast path, not a lossy decode (which was
                // 7 % of a 10 MiB seal); anything else would be a bug, said as such.
                let text = std::str::from_utf8(&self.buf).unwrap_or("[psirt-report: armor was not ASCII]");
                self.out.push(&JsValue::from_str(text));
                self.buf.clear();
            }
        }
    }

    impl Write for JsChunks {
        fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
            if let Some(sha) = &mut self.sha {
                sha2::Digest::update(sha, data);
            }
            self.buf.extend_from_slice(data);
            if self.buf.len() >= Self::CHUNK {
                self.flush_chunk();
            }
            Ok(data.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Validates and encrypts a report (JSON text) with its attachments (`Uint8Array`s, described by
    /// `options.attachments` in the same order) to `key` if it matches the pin. Returns
    /// `{meta, armored}`: `meta` the JSON of `{fingerprint, to, subject, recipient, emlHead, emlTail}`,
    /// `armored` an array of string chunks.
    #[wasm_bindgen]
    pub fn seal(
        report_json: &str,
        key: &[u8],
        options_json: &str,
        attachments: js_sys::Array,
        platform_cipher: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        seal_with(report_json, key, options_json, attachments, Bulk::Now(platform_cipher))
    }

    /// `seal` with the bulk encryption left to the caller (the browser's WebCrypto, which is
    /// asynchronous; see `pkg/webcrypto-seal.js`). Returns `{meta, head, inner, lead, mdc, key}`:
    /// `head` the clear start of the binary message (key packet, SEIPD header), `inner` one
    /// buffer (in an array) holding `lead` (16) zero bytes, then the bytes to encrypt with
    /// AES-256-CFB (zero IV) and append, `key` the session key. `mdc: true`: the last 20 bytes are
    /// zeros where the caller writes the SHA-1 of the bytes before them (the MDC). v4 keys
    /// only (a v6 key's message is AEAD, sealed by `seal`): otherwise `input-type`.
    #[wasm_bindgen]
    pub fn seal_deferred(
        report_json: &str,
        key: &[u8],
        options_json: &str,
        attachments: js_sys::Array,
    ) -> Result<JsValue, JsValue> {
        seal_with(report_json, key, options_json, attachments, Bulk::Deferred)
    }

    /// Who does the bulk encryption: the module or the platform now, or the caller later.
    enum Bulk {
        Now(Option<js_sys::Function>),
        Deferred,
    }

    fn seal_with(
        report_json: &str,
        key: &[u8],
        options_json: &str,
        attachments: js_sys::Array,
        bulk: Bulk,
    ) -> Result<JsValue, JsValue> {
        let opts = SealCallOptions::parse(options_json)?;
        let common = opts.common();
        let profile = resolve_profile(&common)?;
        let sopts =
            SealOptions { profile: &profile, pin: opts.pin.clone(), today: resolve_today(&common)?, now: opts.now()? };
        if attachments.length() as usize != opts.attachments.len() {
            return Err(input_error("options.attachments and the attachment bytes differ in number"));
        }
        // Never copied whole into wasm memory: read 57 KiB at a time while encrypting.
        let mut data: Vec<JsBytes> = Vec::with_capacity(opts.attachments.len());
        for v in attachments.iter() {
            let Ok(bytes) = v.dyn_into::<js_sys::Uint8Array>() else {
                return Err(input_error("an attachment's data is not a Uint8Array"));
            };
            data.push(JsBytes(bytes));
        }
        let list: Vec<seal::AttachmentPart<'_>> = opts
            .attachments
            .iter()
            .zip(&data)
            .map(|(m, d)| seal::AttachmentPart {
                name: &m.name,
                media_type: m.media_type.as_deref(),
                data: seal::mime::Bytes::Source(d),
            })
            .collect();
        let mut chunks = JsChunks {
            buf: Vec::with_capacity(JsChunks::CHUNK + 4096),
            out: js_sys::Array::new(),
            sha: matches!(bulk, Bulk::Now(None)).then(sha2::Sha256::default),
        };
        let deferred = Rc::new(RefCell::new(Deferred::default()));
        let mut head: Vec<u8> = Vec::new();
        // Validated already, by the core module (`check_for_seal`), as the JavaScript layer calls it.
        let result = seal::parse_report(report_json).and_then(|value| {
            let rng = rand::rngs::OsRng;
            match &bulk {
                Bulk::Now(Some(f)) => {
                    let factory = |k: &[u8; 32]| platform(f, k);
                    seal::seal_validated(&value, key, &list, &sopts, &factory, rng, |_| &mut chunks)
                }
                Bulk::Now(None) => {
                    seal::seal_validated(&value, key, &list, &sopts, &seal::seipd::soft_cipher, rng, |_| &mut chunks)
                }
                Bulk::Deferred => {
                    let factory = |k: &[u8; 32]| -> Result<Box<dyn seal::seipd::BulkCipher>, SealError> {
                        deferred.borrow_mut().key = Some(js_sys::Uint8Array::from(&k[..]));
                        Ok(Box::new(DeferredCipher(deferred.clone())))
                    };
                    seal::seal_validated(&value, key, &list, &sopts, &factory, rng, |_| &mut head)
                }
            }
        });
        match result {
            Ok(env) => {
                chunks.flush_chunk();
                let digest = chunks.sha.take().map(sha2::Digest::finalize);
                let mut meta = serde_json::json!({
                    "fingerprint": env.fingerprint,
                    "to": env.to,
                    "subject": env.subject,
                    "recipient": env.recipient,
                    // Issue 16 item 5: every key it is encrypted to, and the receipt's id and time
                    // (the JavaScript layer adds the SHA-256 of the armored text it delivers).
                    "recipients": env.recipients(),
                    "reportId": env.report_id,
                    "sealedAt": crate::date::iso8601(env.sealed_at),
                    "emlHead": env.eml_head(),
                    "emlTail": env.eml_tail(),
                });
                // The armored text's SHA-256, when this module wrote it without a platform
                // cipher (otherwise the JavaScript layer hashes it: see `JsChunks::sha`).
                if let Some(digest) = digest {
                    meta["sha256"] = digest.iter().map(|b| format!("{b:02x}")).collect::<String>().into();
                }
                let obj = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&obj, &"meta".into(), &meta.to_string().into());
                if let Bulk::Deferred = bulk {
                    let mut d = deferred.borrow_mut();
                    let (Some(session_key), Some(inner)) = (d.key.take(), d.out.take()) else {
                        return Err(input_error("a v6 key's message is sealed by seal(), not seal_deferred()"));
                    };
                    if d.at != inner.length() as usize {
                        return Err(input_error("deferred cipher: fewer bytes than announced"));
                    }
                    let _ = js_sys::Reflect::set(&obj, &"head".into(), &js_sys::Uint8Array::from(head.as_slice()));
                    let _ = js_sys::Reflect::set(&obj, &"inner".into(), &js_sys::Array::of1(&inner));
                    // `inner`'s one buffer starts with this many zero bytes, and ends with the MDC
                    // for the caller to compute (see `DeferredCipher`).
                    let _ = js_sys::Reflect::set(&obj, &"lead".into(), &JsValue::from(Deferred::LEAD as u32));
                    let _ = js_sys::Reflect::set(&obj, &"mdc".into(), &JsValue::TRUE);
                    let _ = js_sys::Reflect::set(&obj, &"key".into(), &session_key);
                } else {
                    let _ = js_sys::Reflect::set(&obj, &"armored".into(), &chunks.out);
                }
                Ok(obj.into())
            }
            Err(e) => {
                // Only on failure: the report's language, for the error's words (parsing it again
                // on the success path would double the cost of sealing a large report).
                let lang = opts.language.as_deref().and_then(Lang::parse).unwrap_or_else(|| {
                    serde_json::from_str::<Value>(report_json)
                        .map(|v| crate::report::language_of(&v))
                        .unwrap_or_default()
                });
                let (kind, diagnostics) = match &e {
                    SealError::Report(d) => ("report", Some(d.to_json())),
                    SealError::Key(_) | SealError::ReporterKey(_) => ("key", None),
                    SealError::Attachment { .. } => ("input", None),
                    _ => ("seal", None),
                };
                Err(js_error(kind, e.code(), &e.message(lang), diagnostics))
            }
        }
    }

    #[cfg(feature = "open")]
    /// `{meta, data}` of an opened message: `meta` its JSON, `data` the attachments' bytes.
    fn opened_js(opened: &seal::Opened) -> Result<js_sys::Object, JsValue> {
        let mut meta = serde_json::to_value(opened).map_err(|e| input_error(&e.to_string()))?;
        // Without the core (the seal module), the JavaScript layer validates report.json with the
        // core module to fill `diagnostics`; a message that is not ours gets its flag from here.
        if cfg!(not(feature = "core")) {
            if opened.structured {
                meta["reportJson"] = Value::String(opened.report_json.clone());
            } else {
                meta["diagnostics"] = serde_json::from_str(&seal::open::unstructured_diagnostics().to_json())
                    .map_err(|e| input_error(&e.to_string()))?;
            }
        }
        let data = js_sys::Array::new();
        for a in &opened.attachments {
            data.push(&js_sys::Uint8Array::from(a.data.as_slice()));
        }
        let obj = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&obj, &"meta".into(), &meta.to_string().into());
        let _ = js_sys::Reflect::set(&obj, &"data".into(), &data);
        Ok(obj)
    }

    #[cfg(feature = "open")]
    fn open_options<'p>(opts: &SealCallOptions, profile: &'p Profile) -> Result<seal::OpenOptions<'p>, JsValue> {
        Ok(seal::OpenOptions {
            profile,
            today: resolve_today(&opts.common())?,
            passphrase: opts.passphrase.clone().map(zeroize::Zeroizing::new),
        })
    }

    #[cfg(feature = "open")]
    /// Decrypts a sealed message (.asc, .eml or binary bytes) with an armored or binary secret key.
    /// Returns `{meta, data}`: `meta` the JSON of `{report, diagnostics, subject, text, attachments:
    /// [{name, mediaType}], recipient, structured, form, appeal}`, `data` the attachments' bytes
    /// (`Uint8Array`s, same order).
    #[wasm_bindgen]
    pub fn open(message: &[u8], secret_key: &[u8], options_json: &str) -> Result<JsValue, JsValue> {
        let opts = SealCallOptions::parse(options_json)?;
        let profile = resolve_profile(&opts.common())?;
        match seal::open(message, secret_key, &open_options(&opts, &profile)?) {
            Ok(opened) => Ok(opened_js(&opened)?.into()),
            Err(e) => Err(js_error("open", e.code(), &e.message(opts.lang()), None)),
        }
    }

    #[cfg(feature = "open")]
    /// Opens every mail of an `.mbox` (or the one message given). Returns an array, one entry per
    /// mail: `{meta, data}` as `open` returns, or `{error: {code, message}}`.
    #[wasm_bindgen(js_name = openAll)]
    pub fn open_all(message: &[u8], secret_key: &[u8], options_json: &str) -> Result<JsValue, JsValue> {
        let opts = SealCallOptions::parse(options_json)?;
        let profile = resolve_profile(&opts.common())?;
        let all = seal::open::open_all(message, secret_key, &open_options(&opts, &profile)?)
            .map_err(|e| js_error("open", e.code(), &e.message(opts.lang()), None))?;
        let list = js_sys::Array::new();
        for one in all {
            match one {
                Ok(opened) => list.push(opened_js(&opened)?.as_ref()),
                Err(e) => {
                    let obj = js_sys::Object::new();
                    let err = js_sys::Object::new();
                    let _ = js_sys::Reflect::set(&err, &"code".into(), &e.code().as_str().into());
                    let _ = js_sys::Reflect::set(&err, &"message".into(), &e.message(opts.lang()).into());
                    let _ = js_sys::Reflect::set(&obj, &"error".into(), &err);
                    list.push(&obj)
                }
            };
        }
        Ok(list.into())
    }
}
