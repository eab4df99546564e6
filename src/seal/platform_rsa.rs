//! RSA's public-key operation (`x^e mod n`) on the platform's big integers, where the platform
//! offers faster ones than the Rust code compiled for it: the JavaScript core (wasm2js, for
//! browsers without WebAssembly) hands it to JavaScript's native `BigInt`. There, rpgp's RSA
//! (num-bigint-dig, 64-bit limbs emulated with 32-bit halves, interpreted without a JIT) took
//! 3–4 s per 4096-bit operation, and sealing to a fresh RSA-4096 key runs four of them (three
//! self-signatures checked, one session key encrypted).
//!
//! Only the exponentiation moves: the PKCS #1 v1.5 encodings around it (RFC 8017 §7.2.1
//! encryption, §8.2.2 signature verification) stay here, written out because the `rsa` crate
//! does not expose them apart from its own exponentiation. Without a platform exponentiation
//! (`modpow()` is `None`: the wasm modules, Node, native code unless a test sets one) callers use
//! rpgp as before; in the wasm modules the platform path is compiled out.

use pgp::crypto::hash::HashAlgorithm;
use zeroize::Zeroizing;

/// `base^e mod n`, all big-endian unsigned; `None` when the platform failed.
pub type ModPow = fn(base: &[u8], e: &[u8], n: &[u8]) -> Option<Vec<u8>>;

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    static MODPOW: std::cell::Cell<Option<ModPow>> = const { std::cell::Cell::new(None) };
}

/// Sets (or with `None` clears) the platform exponentiation for this thread; returns the one it
/// replaces. Native code only (tests): in wasm32 the choice is made at build time (`modpow`).
#[cfg(not(target_arch = "wasm32"))]
pub fn set_modpow(f: Option<ModPow>) -> Option<ModPow> {
    MODPOW.with(|m| m.replace(f))
}

/// The platform exponentiation in effect, if any: in wasm32 fixed at build time (JavaScript's
/// `BigInt` in the JavaScript core, none in the wasm modules, so that their code is unchanged);
/// natively, what `set_modpow` set.
pub(crate) fn modpow() -> Option<ModPow> {
    #[cfg(all(feature = "jscore", target_arch = "wasm32"))]
    return Some(crate::wasm::bigint_modpow as ModPow);
    #[cfg(all(not(feature = "jscore"), target_arch = "wasm32"))]
    return None;
    #[cfg(not(target_arch = "wasm32"))]
    return MODPOW.with(std::cell::Cell::get);
}

fn strip(bytes: &[u8]) -> &[u8] {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    &bytes[zeros..]
}

/// `x^e mod n` as exactly `k` bytes, `k` the length of `n`; `None` when `x ≥ n` or the platform
/// failed or answered something longer than `n`.
fn public_op(f: ModPow, x: &[u8], e: &[u8], n: &[u8]) -> Option<Vec<u8>> {
    let (x, n) = (strip(x), strip(n));
    let k = n.len();
    if k == 0 || x.len() > k || (x.len() == k && x >= n) {
        return None;
    }
    let y = f(x, e, n)?;
    let y = strip(&y);
    if y.len() > k || (y.len() == k && y >= n) {
        return None;
    }
    let mut out = vec![0u8; k];
    out[k - y.len()..].copy_from_slice(y);
    Some(out)
}

/// RSAES-PKCS1-v1_5 encryption (RFC 8017 §7.2.1) of `m` to (`n`, `e`) with `f`: the block
/// `00 02 PS 00 m` (PS: nonzero random bytes, at least 8) raised to `e`, `k` bytes long.
pub fn encrypt_pkcs1v15<R: rand::CryptoRng + rand::Rng>(
    f: ModPow,
    rng: &mut R,
    n: &[u8],
    e: &[u8],
    m: &[u8],
) -> Result<Vec<u8>, &'static str> {
    let k = strip(n).len();
    if m.len() + 11 > k {
        return Err("message too long for the RSA key");
    }
    let mut em = Zeroizing::new(vec![0u8; k]);
    em[1] = 2;
    let ps_end = k - m.len() - 1;
    for b in &mut em[2..ps_end] {
        while *b == 0 {
            *b = rng.gen();
        }
    }
    em[ps_end + 1..].copy_from_slice(m);
    public_op(f, &em, e, n).ok_or("the platform's RSA operation failed")
}

/// The DER prefix of a DigestInfo (RFC 8017 §9.2, note 1) and the digest's length, for the
/// hashes that may sign a key we accept; `None` for the others (the caller uses rpgp then).
fn digest_info(hash: HashAlgorithm) -> Option<rsa::Pkcs1v15Sign> {
    Some(match hash {
        HashAlgorithm::Sha1 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
        HashAlgorithm::Sha224 => rsa::Pkcs1v15Sign::new::<sha2::Sha224>(),
        HashAlgorithm::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
        HashAlgorithm::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
        HashAlgorithm::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
        _ => return None,
    })
}

/// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) of `sig` over `digest` with (`n`, `e`):
/// `Some(true)` when `sig^e mod n` is exactly `00 01 FF… 00 DigestInfo(digest)`, `Some(false)`
/// when it is not, `None` for a hash this module does not encode (rpgp verifies those).
pub fn verify_pkcs1v15(f: ModPow, n: &[u8], e: &[u8], hash: HashAlgorithm, digest: &[u8], sig: &[u8]) -> Option<bool> {
    let info = digest_info(hash)?;
    if info.hash_len != Some(digest.len()) {
        return Some(false);
    }
    let k = strip(n).len();
    let t_len = info.prefix.len() + digest.len();
    if k < t_len + 11 {
        return Some(false);
    }
    let Some(em) = public_op(f, sig, e, n) else { return Some(false) };
    let mut expected = vec![0xFFu8; k];
    expected[0] = 0;
    expected[1] = 1;
    expected[k - t_len - 1] = 0;
    expected[k - t_len..k - digest.len()].copy_from_slice(&info.prefix);
    expected[k - digest.len()..].copy_from_slice(digest);
    Some(em == expected)
}
