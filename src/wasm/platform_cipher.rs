//! The seal module's bulk encryption done outside wasm: the JavaScript layer's platform cipher
//! (Node's `node:crypto`), the deferred cipher that leaves AES-CFB and the MDC to the browser's
//! WebCrypto, and (JavaScript core only) RSA's exponentiation on `BigInt`.

use crate::seal::{self, SealError};
use std::cell::RefCell;
use std::rc::Rc;
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

/// The platform's cipher (`node:crypto` in Node) behind the seal module's `BulkCipher`.
struct PlatformCipher(JsBulkCipher);

fn platform_failed(e: JsValue) -> SealError {
    let reason = e.as_string().or_else(|| js_sys::Reflect::get(&e, &"message".into()).ok()?.as_string());
    SealError::Encrypt {
        reason: format!("platform cipher: {}", reason.unwrap_or_default().chars().take(120).collect::<String>()),
    }
}

impl seal::message_v4::BulkCipher for PlatformCipher {
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
            v.dyn_into::<js_sys::Uint8Array>()
                .map(|a| a.to_vec())
                .map_err(|_| SealError::Encrypt { reason: "platform cipher: rsaEncrypt did not return bytes".into() })
        }))
    }
}

/// Calls the factory `f` with the session key (a copy the factory wipes once its cipher holds it).
pub(super) fn platform(
    f: &js_sys::Function,
    key: &[u8; 32],
) -> Result<Box<dyn seal::message_v4::BulkCipher>, SealError> {
    let k = js_sys::Uint8Array::from(&key[..]);
    let obj = f.call1(&JsValue::NULL, &k).map_err(platform_failed)?;
    k.fill(0, 0, 32);
    Ok(Box::new(PlatformCipher(obj.unchecked_into())))
}

/// What the deferred cipher hands to JavaScript: the session key and the bytes to encrypt.
#[derive(Default)]
pub(super) struct Deferred {
    pub(super) key: Option<js_sys::Uint8Array>,
    /// The whole plaintext to encrypt, in JavaScript memory, after `LEAD` zero bytes: one
    /// buffer, so that JavaScript hands it to WebCrypto as it is (AES-CBC over a zero block
    /// and the plaintext is CFB's keystream, see `pkg/webcrypto-seal.js`; SHA-1 for the MDC).
    pub(super) out: Option<js_sys::Uint8Array>,
    /// Where the next processed bytes go in `out`.
    pub(super) at: usize,
}

impl Deferred {
    pub(super) const LEAD: usize = 16;
}

/// Leaves the encryption and the MDC's SHA-1 to the caller (WebCrypto is asynchronous, and its
/// SHA-1 one-shot: JavaScript has the plaintext in one buffer, so it hashes there, faster than
/// `sha1` compiled to wasm32, which was a tenth of a 10 MiB seal in Chromium). The bytes are
/// copied straight into the JavaScript buffer (nothing of them stays in wasm memory), and the
/// MDC is written as 20 zero bytes, which JavaScript replaces before encrypting.
pub(super) struct DeferredCipher(pub(super) Rc<RefCell<Deferred>>);

impl seal::message_v4::BulkCipher for DeferredCipher {
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
