//! The open module's extra exports (`open` feature, on top of `seal`): open, openAll,
//! inspectMessage, pgpMime and generateKey — the PSIRT's side and the reporter's key generation,
//! which a reporter's page loads only when asked, so that decryption, secret keys and S2K stay out
//! of the seal module every reporter loads.

use super::seal::SealCallOptions;
use super::{input_error, js_error, resolve_profile, resolve_today};
use crate::profile::Profile;
use crate::seal;
use serde::Deserialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

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

/// Makes a passphrase-protected Curve25519 key for the reporter (see
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

fn open_options<'p>(opts: &SealCallOptions, profile: &'p Profile) -> Result<seal::OpenOptions<'p>, JsValue> {
    Ok(seal::OpenOptions {
        profile,
        today: resolve_today(&opts.common())?,
        passphrase: opts.passphrase.clone().map(zeroize::Zeroizing::new),
    })
}

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
