//! The seal module's exports (`seal` feature): loadRecipient, loadReporterKey, limits, renderText,
//! seal and sealDeferred. This module has no JSON Schema engine: the JavaScript layer validates
//! with the core module (`check_for_seal`) before it calls `seal`.

use super::platform_cipher::{platform, Deferred, DeferredCipher};
use super::stream::{JsBytes, JsChunks};
use super::{input_error, js_error, resolve_profile, resolve_today, CallOptions};
use crate::i18n::Lang;
use crate::seal::{self, SealError, SealOptions};
use serde::Deserialize;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Options of `load_recipient`, `seal` and `open`, as JSON: the common ones plus `now` (ISO 8601,
/// tests), `attachments` (`[{name, mediaType?}]`, whose bytes come as a separate array) and
/// `passphrase` (open).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct SealCallOptions {
    profile: Option<Value>,
    pin: Option<String>,
    today: Option<String>,
    language: Option<String>,
    now: Option<String>,
    attachments: Vec<AttachmentMeta>,
    pub(super) passphrase: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct AttachmentMeta {
    name: String,
    media_type: Option<String>,
}

impl SealCallOptions {
    pub(super) fn parse(json: &str) -> Result<Self, JsValue> {
        if json.trim().is_empty() {
            return Ok(Self::default());
        }
        serde_json::from_str(json)
            .map_err(|e| input_error(&format!("options are not a JSON object of known fields ({e})")))
    }
    pub(super) fn common(&self) -> CallOptions {
        CallOptions {
            profile: self.profile.clone(),
            pin: self.pin.clone(),
            today: self.today.clone(),
            language: self.language.clone(),
        }
    }
    pub(super) fn lang(&self) -> Lang {
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

/// Judges the reporter's own public key (`reporter.pgp_key`) as sealing will:
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
                seal::seal_validated(&value, key, &list, &sopts, &seal::message_v4::soft_cipher, rng, |_| &mut chunks)
            }
            Bulk::Deferred => {
                let factory = |k: &[u8; 32]| -> Result<Box<dyn seal::message_v4::BulkCipher>, SealError> {
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
                // Every key it is encrypted to, and the receipt's id and time
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
                serde_json::from_str::<Value>(report_json).map(|v| crate::report::language_of(&v)).unwrap_or_default()
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
