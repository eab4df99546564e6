//! Validators: what a regex cannot say. Check digits (Luhn, IBAN mod-97, French NIR key, Spanish
//! DNI/NIE letter, Italian codice fiscale check character, German tax id ISO 7064 MOD 11,10),
//! number rules (US SSN, UK NINO), token checksums (GitHub / npm CRC32 in base62), JWT headers,
//! placeholders, example domains and private address ranges.
//!
//! Each `check_*` takes the match context and says whether it is a real finding, a documented
//! example (kept, severity `info`), or nothing.

use super::decode;
use super::engine::Ctx;
use std::net::{Ipv4Addr, Ipv6Addr};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Reject,
    Real,
    Example,
}

use Verdict::{Example, Real, Reject};

fn real_if(b: bool) -> Verdict {
    if b {
        Real
    } else {
        Reject
    }
}

fn digits(s: &[u8]) -> Vec<u8> {
    s.iter().filter(|b| b.is_ascii_digit()).map(|b| b - b'0').collect()
}

fn alnum_upper(s: &[u8]) -> Vec<u8> {
    s.iter().filter(|b| b.is_ascii_alphanumeric()).map(u8::to_ascii_uppercase).collect()
}

// --- generic ---------------------------------------------------------------------------------

/// Marks of a placeholder anywhere in a value (ASCII case-insensitive), found in one pass: the
/// check runs on every candidate secret, so 25 substring searches were a fifth of the scan time.
/// (A unit test checks it builds.)
fn placeholder_words() -> Option<&'static aho_corasick::AhoCorasick> {
    static AC: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> = std::sync::OnceLock::new();
    AC.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "${",
                "{{",
                "$(",
                "***",
                "...",
                "\u{2026}",
                "redacted",
                "changeme",
                "change_me",
                "change-me",
                "placeholder",
                "your_",
                "your-",
                "yourpass",
                "example",
                "dummy",
                "sample",
                "fake",
                "secret_here",
                "_here",
                "token_value",
                "process.env",
                "os.environ",
                "getenv",
                // Encrypted at rest, not a secret: Ansible Vault, SOPS.
                "!vault",
                // What CI systems and frameworks print instead of a secret.
                "[masked]",
                "[filtered]",
                "[hidden]",
                "$ansible_vault",
                "enc[aes256_gcm",
            ])
            .ok()
    })
    .as_ref()
}

/// A Python `%(name)s` substitution — not any `%(` (a random password may hold one).
fn has_printf_name(v: &[u8]) -> bool {
    v.windows(2).enumerate().filter(|(_, w)| *w == b"%(").any(|(i, _)| {
        let rest = &v[i + 2..];
        let name = rest.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
        name > 0 && rest.get(name) == Some(&b')') && rest.get(name + 1).is_some_and(u8::is_ascii_alphabetic)
    })
}

/// A value that stands for a secret instead of being one: `<TOKEN>`, `${VAR}`, `{{x}}`,
/// `%(x)s`, `********`, `xxxx`, `REDACTED`, `changeme`, `your_api_key`…
pub(crate) fn is_placeholder(v: &[u8]) -> bool {
    if v.is_empty() {
        return true;
    }
    if v.contains(&b'<') && v.contains(&b'>')
        || is_reference(v)
        || v.starts_with(b"%") && v.ends_with(b"%")
        // Case-exact: random base64 carries `xXXx` often enough to lose real keys.
        || v.windows(4).any(|w| w == b"xxxx" || w == b"XXXX")
        || placeholder_words().is_some_and(|ac| ac.is_match(v))
        || has_printf_name(v)
    {
        return true;
    }
    // One repeated character (`00000000`, `--------`).
    if v.iter().all(|&b| b == v[0]) {
        return true;
    }
    let lower: Vec<u8> = v.iter().map(u8::to_ascii_lowercase).collect();
    matches!(
        lower.as_slice(),
        b"password"
            | b"passwd"
            | b"pass"
            | b"pwd"
            | b"secret"
            | b"token"
            | b"none"
            | b"null"
            | b"nil"
            | b"true"
            | b"false"
            | b"undefined"
            | b"empty"
            | b"required"
            | b"optional"
            | b"string"
            | b"str"
            | b"test"
            | b"admin"
            | b"mypassword"
            | b"yourpassword"
            | b"pa55word"
            | b"p@ssw0rd"
            | b"foobar"
            | b"foo"
            | b"bar"
            | b"hidden"
            | b"masked"
            | b"secure"
            | b"not_set"
            | b"unset"
            | b"default"
    )
}

/// A reference to a value kept elsewhere, or an amount: `$VAR`, `$HOME/x`, `${VAR}`, `$(cmd)`,
/// `$$`, `$12.50`. A value that only *starts* with `$` is no reference: a quoted
/// `"$9kQ…"` in YAML, `'$4Y61…'` in a `.env` or `$4N3…` after `=` in an INI file is a password
/// (a shell would read `$4` as a positional parameter, but config files are not shell).
pub(crate) fn is_reference(v: &[u8]) -> bool {
    let Some(rest) = v.strip_prefix(b"$") else { return false };
    match rest.first() {
        None | Some(b'{' | b'(' | b'$') => true,
        Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {
            let n = rest.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
            rest.get(n).is_none_or(|b| matches!(b, b'/' | b':' | b'.' | b'}' | b'-' | b'\\'))
        }
        // `$12.50`, `$2,000`: a price.
        Some(b) if b.is_ascii_digit() => rest.iter().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',')),
        _ => false,
    }
}

/// Unquoted, `&name` / `*name` are YAML anchors and aliases, `@name` a reference (Spring,
/// Terraform); `&?KWKJn?42H+aJ` after `password = ` in an INI file is a password.
fn is_anchor_like(v: &[u8]) -> bool {
    matches!(v.first(), Some(b'@' | b'&' | b'*'))
        && v[1..].iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// Shannon entropy in bits per byte.
pub(crate) fn entropy(v: &[u8]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in v {
        counts[b as usize] += 1;
    }
    let n = v.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

fn has_digit(v: &[u8]) -> bool {
    v.iter().any(u8::is_ascii_digit)
}
fn has_upper(v: &[u8]) -> bool {
    v.iter().any(u8::is_ascii_uppercase)
}
fn has_lower(v: &[u8]) -> bool {
    v.iter().any(u8::is_ascii_lowercase)
}

/// A random-looking token: mixed character classes and some entropy.
pub(crate) fn looks_random(v: &[u8], min_entropy: f64) -> bool {
    let classes = usize::from(has_digit(v)) + usize::from(has_upper(v)) + usize::from(has_lower(v));
    classes >= 2 && entropy(v) >= min_entropy
}

/// Plain token: real unless a placeholder.
pub(crate) fn check_token(c: &Ctx) -> Verdict {
    real_if(!is_placeholder(c.secret()))
}

/// Structured values whose shape is the whole test (hash formats, PuTTY keys).
pub(crate) fn check_shape(c: &Ctx) -> Verdict {
    let s = c.secret();
    real_if(!s.windows(4).any(|w| w == b"xxxx" || w == b"XXXX" || w == b"...." || w == b"****"))
}

/// Token that must also look random (vendor prefixes that ordinary words can also carry).
pub(crate) fn check_random_token(c: &Ctx) -> Verdict {
    let s = c.secret();
    real_if(!is_placeholder(s) && looks_random(s, 3.0))
}

// --- CRC32 and base62: GitHub and npm tokens ------------------------------------------------------

/// CRC-32 (IEEE 802.3, reflected, as zlib). Hand-written: a dozen lines, against a crate for one
/// call on 30 bytes.
pub(crate) fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// `n` in base62 (0-9, A-Z, a-z), left-padded with `0` to `width`.
pub(crate) fn base62(mut n: u32, width: usize) -> Vec<u8> {
    const A: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    while n > 0 {
        out.push(A[(n % 62) as usize]);
        n /= 62;
    }
    while out.len() < width {
        out.push(b'0');
    }
    out.reverse();
    out
}

/// `prefix_` + 30 random base62 + 6-character base62 CRC32 of the random part (GitHub's 2021
/// token format, also npm's `npm_` tokens).
pub(crate) fn crc_token_ok(token: &[u8]) -> bool {
    let Some(us) = token.iter().position(|&b| b == b'_') else { return false };
    let body = &token[us + 1..];
    if body.len() != 36 || !body.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let (random, check) = body.split_at(30);
    base62(crc32(random), 6) == check
}

pub(crate) fn check_github(c: &Ctx) -> Verdict {
    let s = c.secret();
    if s.len() == 40 {
        return real_if(crc_token_ok(s));
    }
    // Longer tokens (refresh tokens, newer server-to-server tokens) carry no published checksum.
    real_if(looks_random(&s[4..], 3.5))
}

pub(crate) fn check_github_pat(c: &Ctx) -> Verdict {
    // `github_pat_` + 22 + `_` + 59: the checksum of fine-grained tokens is not published, so
    // only the shape and randomness are checked.
    let s = c.secret();
    real_if(!is_placeholder(s) && looks_random(&s[11..], 4.0))
}

pub(crate) fn check_npm(c: &Ctx) -> Verdict {
    real_if(crc_token_ok(c.secret()))
}

// --- JWT -----------------------------------------------------------------------------------------

/// A JWT: a base64url JSON header with `alg`, a base64url JSON payload.
pub(crate) fn jwt_ok(token: &[u8]) -> bool {
    let mut parts = token.split(|&b| b == b'.');
    let (Some(h), Some(p)) = (parts.next(), parts.next()) else { return false };
    let json_obj = |seg: &[u8]| decode::b64_any(seg).and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok());
    let Some(header) = json_obj(h) else { return false };
    if header.get("alg").and_then(|a| a.as_str()).is_none() {
        return false;
    }
    // Encrypted JWTs (JWE, 5 parts) have no JSON payload; signed ones (JWS) do.
    json_obj(p).is_some_and(|v| v.is_object()) || header.get("enc").is_some()
}

pub(crate) fn check_jwt(c: &Ctx) -> Verdict {
    let s = c.secret();
    if !jwt_ok(s) {
        return Reject;
    }
    // jwt.io's and RFC 7519's examples.
    let mut parts = s.split(|&b| b == b'.');
    let _ = parts.next();
    if let Some(payload) = parts.next().and_then(decode::b64_any) {
        let p = String::from_utf8_lossy(&payload);
        if p.contains("\"1234567890\"") && p.contains("John Doe") || p.contains("\"joe\"") && p.contains("1300819380") {
            return Example;
        }
    }
    Real
}

// --- AWS ---------------------------------------------------------------------------------------

pub(crate) fn check_aws_key_id(c: &Ctx) -> Verdict {
    let s = c.secret();
    if s.ends_with(b"EXAMPLE") {
        return Example;
    }
    // Real ids are base32 (A-Z, 2-7) after the prefix.
    // A run of four equal characters (`AKIAXXXXXXXXXXXXXXXX`, `AKIA0000…`) is a placeholder: in a
    // random base32 body its odds are about 1 in 2,000.
    let body = &s[4..];
    let filler = body.windows(4).any(|w| w.iter().all(|&b| b == w[0]));
    real_if(!filler && body.iter().all(|&b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)))
}

pub(crate) fn check_aws_secret(c: &Ctx) -> Verdict {
    let s = c.secret();
    if s.ends_with(b"EXAMPLEKEY") {
        return Example;
    }
    real_if(!is_placeholder(s) && !s.iter().all(u8::is_ascii_hexdigit) && looks_random(s, 4.0))
}

// --- generic credentials ------------------------------------------------------------------------

/// A password value after `password=` / `"password": "…"` and the like.
pub(crate) fn check_password(c: &Ctx) -> Verdict {
    let v = c.secret();
    if v.len() < 4 || is_placeholder(v) {
        return Reject;
    }
    let quoted = c.hay.get(c.s.start.wrapping_sub(1)).is_some_and(|&b| b == b'"' || b == b'\'');
    let whole = c.whole();
    let colon = !whole.contains(&b'=') && !quoted;
    // `Password: reset` in prose: an unquoted, colon-separated, all-lowercase word is text.
    if colon && v.iter().all(u8::is_ascii_lowercase) {
        return Reject;
    }
    // An HMAC of the value (Vault audit logs: `"client_token": "hmac-sha256:…"`) is not the value;
    // an anti-CSRF token (`xsrf.token=`, `csrf_token:`) guards a form, it opens no account.
    let name: Vec<u8> = whole.iter().take_while(|b| !matches!(b, b'=' | b':')).map(u8::to_ascii_lowercase).collect();
    // A GitHub token whose checksum fails is no token (its rule says so); not a password either.
    let github_shape = v.len() == 40 && v.starts_with(b"gh") && v.get(3) == Some(&b'_');
    // `PWD=/home/deploy` in a sudo log or an environment dump is the working directory.
    if name == b"pwd" && v.starts_with(b"/") {
        return Reject;
    }
    if v.starts_with(b"hmac-")
        || name.windows(4).any(|w| w == b"xsrf" || w == b"csrf")
        || github_shape && !crc_token_ok(v)
    {
        return Reject;
    }
    // A query string (`sas_token=?sv=2022-11-02&…`: the signature is the azure-sas finding) or a
    // YAML tag (`!Ref DbPassword`, `!Sub …`): not the secret itself.
    // A URL is the url-credentials rule's (`TOKEN=https://user:<password>@host`); a header name
    // is a label (`X-Debug-token: Authorization: Basic ${AUTH}`).
    if v.starts_with(b"?") && v.contains(&b'=')
        || v.starts_with(b"!") && v[1..].iter().all(u8::is_ascii_alphabetic)
        || v.windows(3).any(|w| w == b"://")
        || v.ends_with(b":") && v[..v.len() - 1].iter().all(|b| b.is_ascii_alphabetic() || *b == b'-')
    {
        return Reject;
    }
    // A function call, a field reference or a type: `password=get_password()`, `pwd: str`.
    // Quoted, `'@Hd#1xy^…'` is a password.
    // `password=&next=/home`: an empty value in a query string.
    if v.ends_with(b")")
        || v.ends_with(b"(")
        || !quoted && is_anchor_like(v)
        || v.starts_with(b"&") && v.contains(&b'=')
    {
        return Reject;
    }
    // Values that are references: `password: input.value`, `secret=config.db.secret`.
    let dotted_ident = v.contains(&b'.')
        && v.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        && !has_digit(v)
        && v.first().is_some_and(u8::is_ascii_lowercase);
    real_if(!dotted_ident)
}

/// Words that, between a credential word and the value, say the sentence is about passwords in
/// general: `the password is then hashed with MD5`, `le mot de passe est trop court`, `a password
/// such as Summer2024!`, `the password reset link expires in 24h`.
const PROSE_STOPWORDS: &[&[u8]] = &[
    b"reset",
    b"field",
    b"fields",
    b"policy",
    b"policies",
    b"length",
    b"hash",
    b"hashed",
    b"hashes",
    b"hashing",
    b"stored",
    b"encrypted",
    b"incorrect",
    b"wrong",
    b"invalid",
    b"expired",
    b"expires",
    b"expiry",
    b"manager",
    b"strength",
    b"complexity",
    b"requirement",
    b"requirements",
    b"must",
    b"should",
    b"least",
    b"minimum",
    b"maximum",
    b"like",
    b"such",
    b"e.g",
    b"eg",
    b"example",
    b"format",
    b"prompt",
    b"hint",
    b"rotation",
    b"rotated",
    b"characters",
    b"chars",
    b"digits",
    b"doit",
    b"moins",
    b"trop",
    b"oubli\xC3\xA9",
    b"champ",
    b"politique",
    b"longueur",
    b"exemple",
    b"comme",
    b"stock\xC3\xA9",
    b"hach\xC3\xA9",
    b"chiffr\xC3\xA9",
    b"erron\xC3\xA9",
    b"expir\xC3\xA9",
    b"chiffres",
    b"caract\xC3\xA8res",
    b"r\xC3\xA9initialisation",
];

/// Values that are famous as examples of weak passwords, quoted by policies and guides.
const EXAMPLE_PASSWORDS: &[&[u8]] = &[
    b"password1",
    b"password123",
    b"passw0rd",
    b"p@ssw0rd",
    b"p@ssword",
    b"p@ssw0rd!",
    b"welcome1",
    b"hunter2",
    b"letmein",
    b"qwerty123",
    b"azerty123",
    b"123456",
    b"12345678",
    b"1234",
    b"abc123",
];

fn is_version_or_number_shape(v: &[u8]) -> bool {
    let body = v.strip_prefix(b"v").unwrap_or(v);
    let dotted = body.first().is_some_and(u8::is_ascii_digit)
        && body.contains(&b'.')
        && body.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+'))
        && body.iter().filter(|b| b.is_ascii_alphabetic()).count() <= 6;
    // `24h`, `90d`, `12%`, `#1234`, `3/5`, `1,000`, `10:30`: amounts, ratios, times, references.
    let amount = {
        let d = v.iter().take_while(|b| b.is_ascii_digit()).count();
        let unit = &v[d..];
        d > 0
            && (1..=5).contains(&unit.len())
            && (unit.iter().all(u8::is_ascii_lowercase) || unit.len() <= 3 && unit.iter().all(u8::is_ascii_uppercase))
            || v.last() == Some(&b'%') && v[..v.len() - 1].iter().all(|b| b.is_ascii_digit() || *b == b'.')
    };
    let issue = v.first() == Some(&b'#') && v.len() > 1 && v[1..].iter().all(u8::is_ascii_digit);
    let ratio_or_time = v.iter().all(|b| b.is_ascii_digit() || matches!(b, b'/' | b':' | b',' | b'-'))
        && v.iter().any(|b| matches!(b, b'/' | b':' | b','))
        || v.len() == 10 && v[4] == b'-' && v[7] == b'-' && v.iter().filter(|b| b.is_ascii_digit()).count() == 8;
    dotted || amount || issue || ratio_or_time
}

/// Hash and cipher names: `hashed with SHA-256`, `haché en SHA-1`, `encrypted with AES-128`.
fn is_algorithm_name(v: &[u8]) -> bool {
    let l = v.to_ascii_lowercase();
    let l: Vec<u8> = l.into_iter().filter(|b| *b != b'-' && *b != b'_').collect();
    [
        "md4", "md5", "sha1", "sha2", "sha224", "sha256", "sha384", "sha512", "sha3", "aes128", "aes192", "aes256",
        "pbkdf2", "argon2", "argon2id", "argon2i", "bcrypt", "scrypt", "ntlmv2", "rc4", "des3", "3des", "base64",
        "utf8", "rot13", "crc32",
    ]
    .iter()
    .any(|a| l == a.as_bytes())
        || l.starts_with(b"cve")
        || l.starts_with(b"cwe")
        || l.starts_with(b"rfc")
}

/// A password written in a sentence: `the password is …`, `log in as operator with password …`,
/// `le mot de passe est …`, `PIN 4821`, `creds admin / …`, `viewer:…` after a credential word.
/// The pattern already asks for a digit or a symbol in the value; this checks that the value is
/// not an amount, a version, a reference or an example, and that the words between the
/// credential word and the value do not make the sentence about passwords in general.
pub(crate) fn check_prose_password(c: &Ctx) -> Verdict {
    let v = c.secret();
    let quoted = c.s.start > 0
        && matches!(c.hay[c.s.start - 1], b'"' | b'\'' | b' ' | 0xAB | 0x9C | 0x98)
        && c.hay[..c.s.start]
            .iter()
            .rev()
            .find(|b| **b != b' ')
            .is_some_and(|b| matches!(b, b'"' | b'\'' | 0xAB | 0x9C | 0x98));
    if v.len() < 4 || v.len() > 128 || is_placeholder(v) || !quoted && is_anchor_like(v) {
        return Reject;
    }
    let lower = v.to_ascii_lowercase();
    // A token of a known format whose checksum fails is no token (its rule says so), nor a password.
    let github_shape = v.len() == 40 && v.starts_with(b"gh") && v.get(3) == Some(&b'_');
    let npm_shape = v.len() == 40 && v.starts_with(b"npm_");
    if (github_shape || npm_shape) && !crc_token_ok(v) {
        return Reject;
    }
    if EXAMPLE_PASSWORDS.contains(&lower.as_slice())
        || is_version_or_number_shape(v)
        || is_algorithm_name(v)
        || v.windows(3).any(|w| w == b"://")
        || v.starts_with(b"/")
        || v.starts_with(b"~/")
        || v.starts_with(b"--")
        || v.ends_with(b"()")
        || v.starts_with(b"&") && v.contains(&b'=')
    {
        return Reject;
    }
    // An e-mail address or a host is no password.
    if let Some(at) = v.iter().position(|&b| b == b'@') {
        let domain = &v[at + 1..];
        if domain.contains(&b'.') && domain.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')) {
            return Reject;
        }
    }
    // A year alone is a date (`the password policy of 2024`); a PIN of four digits is not.
    let digits_only = v.iter().all(u8::is_ascii_digit);
    let between = c.hay[c.m.start..c.s.start].to_ascii_lowercase();
    let pin_word = between.windows(3).any(|w| w == b"pin") || between.windows(4).any(|w| w == b"code");
    if digits_only && !pin_word && v.len() == 4 && (v.starts_with(b"19") || v.starts_with(b"20")) {
        return Reject;
    }
    // A PIN is digits; a password written as digits only must be at least six of them.
    if digits_only && !pin_word && v.len() < 6 {
        return Reject;
    }
    let stop = between
        .split(|b| !(b.is_ascii_alphanumeric() || *b >= 0x80 || *b == b'.'))
        .any(|w| PROSE_STOPWORDS.contains(&w.strip_suffix(b".").unwrap_or(w)));
    real_if(!stop)
}

/// `user:password` or `user / password` in text, after a credential word: the password must look
/// made up (a digit, and a capital or a symbol), since `nginx:1.25-alpine` and `TCP / UDP` do not.
pub(crate) fn check_pair_password(c: &Ctx) -> Verdict {
    let v = c.secret();
    let symbol = v.iter().any(|b| b"!#$%&*+=?@^~_|".contains(b));
    if v.len() < 6 || !has_digit(v) || !(has_upper(v) || symbol) || v.iter().all(u8::is_ascii_hexdigit) {
        return Reject;
    }
    check_prose_password(c)
}

/// A secret or key named in a sentence (`the webhook signing secret is …`): a long random token.
pub(crate) fn check_prose_secret(c: &Ctx) -> Verdict {
    let v = c.secret();
    if !looks_random(v, 3.0) {
        return Reject;
    }
    check_prose_password(c)
}

/// A base64 `user:password` pair (Docker's `config.json` `"auth"`), decoded to check its shape.
pub(crate) fn check_basic_pair(c: &Ctx) -> Verdict {
    let Some(d) = decode::b64_any(c.secret()) else { return Reject };
    let Ok(text) = std::str::from_utf8(&d) else { return Reject };
    match text.split_once(':') {
        Some((user, pw)) => real_if(!user.is_empty() && pw.len() >= 4 && !is_placeholder(pw.as_bytes())),
        None => Reject,
    }
}

pub(crate) fn check_url_credentials(c: &Ctx) -> Verdict {
    let v = c.secret();
    real_if(!is_placeholder(v) && v.len() >= 3)
}

pub(crate) fn check_auth_header(c: &Ctx) -> Verdict {
    let v = c.secret();
    if is_placeholder(v) || v.len() < 8 {
        return Reject;
    }
    real_if(has_digit(v) || (has_upper(v) && has_lower(v)) || v.len() >= 20)
}

pub(crate) fn check_cookie(c: &Ctx) -> Verdict {
    let v = c.secret();
    real_if(!is_placeholder(v) && v.len() >= 12 && looks_random(v, 3.0))
}

/// A pair of a `Cookie:` / `Set-Cookie:` header (the rule's window is that line); CSRF tokens
/// guard a form, they are not sessions.
pub(crate) fn check_cookie_pair(c: &Ctx) -> Verdict {
    let name = c.whole().iter().take_while(|&&b| b != b'=');
    let csrf = name.copied().collect::<Vec<u8>>().to_ascii_lowercase();
    if csrf.windows(4).any(|w| w == b"xsrf" || w == b"csrf") {
        return Reject;
    }
    check_cookie(c)
}

pub(crate) fn check_keyed_secret(c: &Ctx) -> Verdict {
    let v = c.secret();
    real_if(!is_placeholder(v) && looks_random(v, 3.2))
}

pub(crate) fn check_azure_key(c: &Ctx) -> Verdict {
    let v = c.secret();
    // The storage emulator's well-known key (public in every Azure document).
    if v.starts_with(b"Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq") {
        return Example;
    }
    real_if(!is_placeholder(v) && looks_random(v, 4.0))
}

pub(crate) fn check_slack_webhook(c: &Ctx) -> Verdict {
    let v = c.secret();
    if v.windows(9).any(|w| w == b"T00000000") || v.windows(8).any(|w| w == b"XXXXXXXX") {
        return Example;
    }
    real_if(!is_placeholder(v))
}

pub(crate) fn check_slack_token(c: &Ctx) -> Verdict {
    let v = c.secret();
    if is_placeholder(v) {
        return Reject;
    }
    // Bot and user tokens are `xoxb-<team digits>-<digits>-<24+ alphanumerics>`: a random tail
    // of 20+ characters after the last dash; `xoxb-<digits>-<10 chars>` is a truncated look-alike.
    let tail = v.rsplit(|&b| b == b'-').next().map_or(0, <[u8]>::len);
    let bot_or_user = v.starts_with(b"xoxb-") || v.starts_with(b"xoxp-");
    real_if(has_digit(v) && v.iter().filter(|&&b| b == b'-').count() >= 2 && (!bot_or_user || tail >= 20))
}

pub(crate) fn check_stripe(c: &Ctx) -> Verdict {
    let v = c.secret();
    if is_placeholder(v) {
        return Reject;
    }
    if v.windows(6).any(|w| w == b"_test_") {
        return Example;
    }
    Real
}

/// A private key block: the header alone (quoted in prose) or a body of dots is no key.
pub(crate) fn check_private_key(c: &Ctx) -> Verdict {
    let block = c.secret();
    // The header ends at the second run of five dashes.
    let Some(h) = block.windows(5).skip(5).position(|w| w == b"-----") else { return Reject };
    let body = &block[h + 10..];
    let b64 = body.iter().filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/')).count();
    real_if(b64 >= 64 && !is_placeholder(&body[..body.len().min(64)]))
}

/// An Azure SAS token: `sig=` in a query that also has the SAS version and expiry/permissions.
pub(crate) fn check_sas(c: &Ctx) -> Verdict {
    let mut s = c.m.start;
    while s > 0 && c.hay[s - 1] > b' ' && !matches!(c.hay[s - 1], b'"' | b'\'' | b'<') && c.m.start - s < 2048 {
        s -= 1;
    }
    let mut e = c.m.end;
    while e < c.hay.len() && c.hay[e] > b' ' && !matches!(c.hay[e], b'"' | b'\'' | b'>') && e - c.m.end < 2048 {
        e += 1;
    }
    let url = c.hay[s..e].to_ascii_lowercase();
    let has = |w: &[u8]| url.windows(w.len()).any(|x| x == w);
    real_if(has(b"sv=") && (has(b"se=") || has(b"sp=")) && !is_placeholder(c.secret()))
}

// --- personal data ----------------------------------------------------------------------------

/// Luhn checksum over decimal digits (values 0-9).
pub(crate) fn luhn(d: &[u8]) -> bool {
    if d.len() < 2 {
        return false;
    }
    let mut sum = 0u32;
    for (i, &x) in d.iter().rev().enumerate() {
        let mut v = u32::from(x);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// Issuer prefix and length of a card number (digits 0-9).
pub(crate) fn card_issuer_ok(d: &[u8]) -> bool {
    let n = d.len();
    let num = |k: usize| d.iter().take(k).fold(0u32, |a, &x| a * 10 + u32::from(x));
    let (p1, p2, p3, p4, p6) = (num(1), num(2), num(3), num(4), num(6));
    match p1 {
        4 => matches!(n, 13 | 16 | 19),                             // Visa
        5 if (51..=55).contains(&p2) => n == 16,                    // Mastercard
        2 if (2221..=2720).contains(&p4) => n == 16,                // Mastercard 2-series
        3 if p2 == 34 || p2 == 37 => n == 15,                       // Amex
        3 if (3528..=3589).contains(&p4) => (16..=19).contains(&n), // JCB
        3 if (300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39 => (14..=19).contains(&n), // Diners
        6 if p4 == 6011 || (644..=649).contains(&p3) || p2 == 65 => (16..=19).contains(&n), // Discover
        6 if (622_126..=622_925).contains(&p6) || p2 == 62 => (16..=19).contains(&n), // UnionPay
        5 | 6 if p2 == 50 || (56..=69).contains(&p2) => (12..=19).contains(&n), // Maestro
        _ => false,
    }
}

/// Card numbers published as test values by payment providers.
const TEST_CARDS: &[&str] = &[
    "4242424242424242",
    "4000056655665556",
    "5555555555554444",
    "2223003122003222",
    "5200828282828210",
    "5105105105105100",
    "378282246310005",
    "371449635398431",
    "6011111111111117",
    "6011000990139424",
    "3056930009020004",
    "36227206271667",
    "3566002020360505",
    "6200000000000005",
    "4111111111111111",
    "4012888888881881",
    "4222222222222",
    "5454545454545454",
    "4000000000000002",
    "4000000000009995",
    "4000000000000077",
    "4000000000000093",
    "4000000000000010",
    "4000000000000028",
    "4000000000000036",
    "4000000000000101",
    "4000000000000341",
    "4000000000003220",
    "4000002500003155",
    "4000000000000069",
    "4000000000000127",
    "4000000000000119",
    "30569309025904",
    "38520000023237",
    "6011000000000004",
    "5425233430109903",
    "2222420000001113",
    "2223000048410010",
    "4263982640269299",
    "4917484589897107",
    "4001919257537193",
    "4007702835532454",
    "6011601160116611",
    "3530111333300000",
    "3566111111111113",
    "5019717010103742",
    "6331101999990016",
    "4462030000000000",
    "4917610000000000",
    "4484070000000000",
];

pub(crate) fn check_card(c: &Ctx) -> Verdict {
    let raw = c.secret();
    // Separators, if any, must be one kind (`4111 1111 …` or `4111-1111-…`).
    let seps: Vec<u8> = raw.iter().filter(|b| !b.is_ascii_digit()).copied().collect();
    if seps.windows(2).any(|w| w[0] != w[1]) {
        return Reject;
    }
    // Part of a longer number, a decimal or a dotted id.
    // A comma is part of the number only as a thousands separator or a decimal comma (`1,234`,
    // `12,50`): a short digit group on its side. In CSV it separates fields (`…IBAN,4111…`).
    let short_group = |g: &[u8]| {
        let n = g.iter().take_while(|b| b.is_ascii_digit()).count();
        (1..=3).contains(&n) && g.get(n).is_none_or(|b| !b.is_ascii_alphanumeric())
    };
    let left_group: Vec<u8> = c.left(5).iter().rev().skip(1).copied().collect();
    if matches!(c.before(), Some(b'.' | b'-' | b'/' | b'+' | b'_')) && c.left(2).first().is_some_and(u8::is_ascii_digit)
        || c.before() == Some(b',') && short_group(&left_group)
        || matches!(c.after(), Some(b'.' | b'-' | b'/')) && c.right(2).get(1).is_some_and(u8::is_ascii_digit)
        || c.after() == Some(b',') && short_group(&c.right(5)[1..])
    {
        return Reject;
    }
    // `+49 151 98154135` is a phone number; 12-digit cards (some Maestro) are too rare to be told
    // from the ids and sender numbers of that length.
    let d = digits(raw);
    if c.before() == Some(b'+') || d.len() < 13 {
        return Reject;
    }
    if !card_issuer_ok(&d) || !luhn(&d) {
        return Reject;
    }
    let s: String = d.iter().map(|x| char::from(b'0' + x)).collect();
    if TEST_CARDS.contains(&s.as_str()) {
        return Example;
    }
    // Twelve or more identical digits is a made-up number.
    if d.iter().filter(|&&x| x == d[d.len() - 1]).count() >= d.len() - 2 {
        return Example;
    }
    Real
}

/// IBAN length per country (ISO 13616 registry).
fn iban_length(cc: &[u8]) -> Option<usize> {
    const T: &[(&[u8; 2], usize)] = &[
        (b"AD", 24),
        (b"AE", 23),
        (b"AL", 28),
        (b"AT", 20),
        (b"AZ", 28),
        (b"BA", 20),
        (b"BE", 16),
        (b"BG", 22),
        (b"BH", 22),
        (b"BI", 27),
        (b"BR", 29),
        (b"BY", 28),
        (b"CH", 21),
        (b"CR", 22),
        (b"CY", 28),
        (b"CZ", 24),
        (b"DE", 22),
        (b"DJ", 27),
        (b"DK", 18),
        (b"DO", 28),
        (b"EE", 20),
        (b"EG", 29),
        (b"ES", 24),
        (b"FI", 18),
        (b"FK", 18),
        (b"FO", 18),
        (b"FR", 27),
        (b"GB", 22),
        (b"GE", 22),
        (b"GI", 23),
        (b"GL", 18),
        (b"GR", 27),
        (b"GT", 28),
        (b"HR", 21),
        (b"HU", 28),
        (b"IE", 22),
        (b"IL", 23),
        (b"IQ", 23),
        (b"IS", 26),
        (b"IT", 27),
        (b"JO", 30),
        (b"KW", 30),
        (b"KZ", 20),
        (b"LB", 28),
        (b"LC", 32),
        (b"LI", 21),
        (b"LT", 20),
        (b"LU", 20),
        (b"LV", 21),
        (b"LY", 25),
        (b"MC", 27),
        (b"MD", 24),
        (b"ME", 22),
        (b"MK", 19),
        (b"MN", 20),
        (b"MR", 27),
        (b"MT", 31),
        (b"MU", 30),
        (b"NI", 28),
        (b"NL", 18),
        (b"NO", 15),
        (b"OM", 23),
        (b"PK", 24),
        (b"PL", 28),
        (b"PS", 29),
        (b"PT", 25),
        (b"QA", 29),
        (b"RO", 24),
        (b"RS", 22),
        (b"RU", 33),
        (b"SA", 24),
        (b"SC", 31),
        (b"SD", 18),
        (b"SE", 24),
        (b"SI", 19),
        (b"SK", 24),
        (b"SM", 27),
        (b"SO", 23),
        (b"ST", 25),
        (b"SV", 28),
        (b"TL", 23),
        (b"TN", 24),
        (b"TR", 26),
        (b"UA", 29),
        (b"VA", 22),
        (b"VG", 24),
        (b"XK", 20),
        (b"YE", 30),
    ];
    T.iter().find(|(c, _)| c.as_slice() == cc).map(|(_, n)| *n)
}

/// IBAN: country length and ISO 7064 mod-97 = 1.
pub(crate) fn iban_ok(s: &[u8]) -> bool {
    let v = alnum_upper(s);
    if v.len() < 15 || iban_length(&v[..2]) != Some(v.len()) || !v[2..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut rem = 0u32;
    for &b in v[4..].iter().chain(&v[..4]) {
        let val = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return false,
        };
        rem = if val >= 10 { (rem * 100 + val) % 97 } else { (rem * 10 + val) % 97 };
    }
    rem == 1
}

const EXAMPLE_IBANS: &[&str] = &[
    "GB82WEST12345698765432",
    "GB29NWBK60161331926819",
    "DE89370400440532013000",
    "FR1420041010050500013M02606",
    "FR7630006000011234567890189",
    "NL91ABNA0417164300",
    "BE68539007547034",
    "ES9121000418450200051332",
    "IT60X0542811101000000123456",
    "CH9300762011623852957",
    "AT611904300234573201",
    "PL61109010140000071219812874",
];

pub(crate) fn check_iban(c: &Ctx) -> Verdict {
    let s = c.secret();
    if !iban_ok(s) {
        return Reject;
    }
    let v = alnum_upper(s);
    if EXAMPLE_IBANS.iter().any(|e| e.as_bytes() == v.as_slice()) {
        return Example;
    }
    Real
}

/// French NIR (social security number): 13 digits (department 2A/2B for Corsica) + 2-digit key
/// = 97 − (number mod 97), with 2A read as 19 and 2B as 18.
pub(crate) fn nir_ok(s: &[u8]) -> bool {
    let v = alnum_upper(s);
    if v.len() != 15 {
        return false;
    }
    let mut body = v[..13].to_vec();
    match (&body[5], &body[6]) {
        (b'2', b'A') => body[5..7].copy_from_slice(b"19"),
        (b'2', b'B') => body[5..7].copy_from_slice(b"18"),
        _ => {}
    }
    if !body.iter().chain(&v[13..]).all(u8::is_ascii_digit)
        || !matches!(body[0], b'1' | b'2' | b'3' | b'4' | b'7' | b'8')
    {
        return false;
    }
    let month = (body[3] - b'0') * 10 + (body[4] - b'0');
    if !((1..=12).contains(&month) || (20..=42).contains(&month) || (50..=99).contains(&month)) {
        return false;
    }
    let n = body.iter().fold(0u64, |a, &b| a * 10 + u64::from(b - b'0'));
    let key = u64::from(v[13] - b'0') * 10 + u64::from(v[14] - b'0');
    97 - n % 97 == key
}

/// US SSN rules: area not 000, 666 or 9xx; group not 00; serial not 0000.
pub(crate) fn ssn_ok(s: &[u8]) -> bool {
    let d = digits(s);
    if d.len() != 9 {
        return false;
    }
    let area = u32::from(d[0]) * 100 + u32::from(d[1]) * 10 + u32::from(d[2]);
    let group = u32::from(d[3]) * 10 + u32::from(d[4]);
    let serial = d[5..].iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

pub(crate) fn check_ssn(c: &Ctx) -> Verdict {
    let s = c.secret();
    let d = digits(s);
    // Published examples: the Woolworth wallet card and the 1940s advertisement number.
    if d == [0, 7, 8, 0, 5, 1, 1, 2, 0] || d == [2, 1, 9, 0, 9, 9, 9, 9, 9] || d == [1, 2, 3, 4, 5, 6, 7, 8, 9] {
        return Example;
    }
    // `123-45-6789`-like ids in versions or dates (`2024-01-1234`) are rejected by shape: a
    // separator must be the same on both sides.
    let seps: Vec<u8> = s.iter().filter(|b| !b.is_ascii_digit()).copied().collect();
    if seps.len() == 2 && seps[0] != seps[1] {
        return Reject;
    }
    real_if(ssn_ok(s))
}

/// UK National Insurance number: two prefix letters (not D, F, I, Q, U, V; second not O; not
/// BG, GB, KN, NK, NT, TN, ZZ), six digits, suffix A–D.
pub(crate) fn nino_ok(s: &[u8]) -> bool {
    let v = alnum_upper(s);
    if v.len() != 9 || !v[2..8].iter().all(u8::is_ascii_digit) || !(b'A'..=b'D').contains(&v[8]) {
        return false;
    }
    let (a, b) = (v[0], v[1]);
    let banned = |x: u8| matches!(x, b'D' | b'F' | b'I' | b'Q' | b'U' | b'V');
    if banned(a) || banned(b) || b == b'O' {
        return false;
    }
    !matches!(&v[..2], b"BG" | b"GB" | b"KN" | b"NK" | b"NT" | b"TN" | b"ZZ")
}

pub(crate) fn check_nino(c: &Ctx) -> Verdict {
    let v = alnum_upper(c.secret());
    if v.starts_with(b"QQ") && v.len() == 9 {
        return Example; // HMRC's documentation number
    }
    real_if(nino_ok(c.secret()))
}

/// Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter): letter = table[n mod 23].
pub(crate) fn dni_ok(s: &[u8]) -> bool {
    const L: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    let v = alnum_upper(s);
    if v.len() != 9 {
        return false;
    }
    let lead = match v[0] {
        b'X' => 0,
        b'Y' => 1,
        b'Z' => 2,
        b'0'..=b'9' => u32::from(v[0] - b'0'),
        _ => return false,
    };
    if !v[1..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n = v[1..8].iter().fold(lead, |a, &b| a * 10 + u32::from(b - b'0'));
    L[(n % 23) as usize] == v[8]
}

/// Italian codice fiscale: 15 characters + a check letter from odd/even position tables.
pub(crate) fn codice_fiscale_ok(s: &[u8]) -> bool {
    const ODD: [u32; 26] =
        [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
    let v = alnum_upper(s);
    if v.len() != 16 || !v[15].is_ascii_uppercase() {
        return false;
    }
    let mut sum = 0u32;
    for (i, &ch) in v[..15].iter().enumerate() {
        let idx = match ch {
            b'0'..=b'9' => usize::from(ch - b'0'),
            b'A'..=b'Z' => usize::from(ch - b'A'),
            _ => return false,
        };
        // Positions are 1-based in the specification: index 0 is "odd".
        sum += if i % 2 == 0 { ODD[idx] } else { idx as u32 };
    }
    u32::from(v[15] - b'A') == sum % 26
}

/// German tax id (Steuerliche Identifikationsnummer): 11 digits, no leading 0; in the first ten,
/// exactly one digit repeats (twice or three times, never three in a row) and the others at most
/// once; the eleventh is the ISO 7064 MOD 11,10 check digit.
pub(crate) fn steuer_id_ok(s: &[u8]) -> bool {
    let d = digits(s);
    if d.len() != 11 || d[0] == 0 {
        return false;
    }
    let mut counts = [0u8; 10];
    for &x in &d[..10] {
        counts[usize::from(x)] += 1;
    }
    let repeated: Vec<u8> = counts.iter().copied().filter(|&c| c > 1).collect();
    if repeated.len() != 1 || repeated[0] > 3 {
        return false;
    }
    if repeated[0] == 3 && d[..10].windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
        return false;
    }
    let mut product = 10u32;
    for &x in &d[..10] {
        let mut sum = (u32::from(x) + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    let check = (11 - product) % 10;
    check == u32::from(d[10])
}

pub(crate) fn check_nir(c: &Ctx) -> Verdict {
    real_if(nir_ok(c.secret()) && !glued_number(c))
}
pub(crate) fn check_dni(c: &Ctx) -> Verdict {
    real_if(dni_ok(c.secret()) && !glued_number(c))
}
pub(crate) fn check_cf(c: &Ctx) -> Verdict {
    let v = alnum_upper(c.secret());
    if v.as_slice() == b"RSSMRA85T10A562S" || v.as_slice() == b"RSSMRA80A01H501U" {
        return Example; // the textbook "Mario Rossi"
    }
    real_if(codice_fiscale_ok(c.secret()))
}
pub(crate) fn check_steuer(c: &Ctx) -> Verdict {
    if glued_number(c) || matches!(c.before(), Some(b'+')) {
        return Reject;
    }
    real_if(steuer_id_ok(c.secret()))
}

/// The match continues a longer number (`1.12345678901`, `12345678901-2`).
fn glued_number(c: &Ctx) -> bool {
    let l = c.left(2);
    let r = c.right(2);
    (l.len() == 2 && matches!(l[1], b'.' | b',' | b'/' | b'-') && l[0].is_ascii_digit())
        || (r.len() == 2 && matches!(r[0], b'.' | b',' | b'/' | b'-') && r[1].is_ascii_digit())
}

pub(crate) fn check_dob(c: &Ctx) -> Verdict {
    let s = c.secret();
    let d = digits(s);
    // A year between 1900 and 2030 must be in there; day/month sanity for numeric forms.
    let text = String::from_utf8_lossy(s);
    let year_ok = text
        .split(|ch: char| !ch.is_ascii_digit())
        .filter(|t| t.len() == 4)
        .filter_map(|t| t.parse::<u32>().ok())
        .any(|y| (1900..=2030).contains(&y));
    let two_digit_year = d.len() == 6 && text.split(|ch: char| !ch.is_ascii_digit()).all(|t| t.len() <= 2);
    real_if((year_ok || two_digit_year) && !is_placeholder(s))
}

/// `YYYYMMDD` (HL7 and other fixed-width records): a real calendar date from 1900 on.
pub(crate) fn check_compact_date(c: &Ctx) -> Verdict {
    let d = digits(c.secret());
    if d.len() != 8 {
        return Reject;
    }
    let n = |r: std::ops::Range<usize>| d[r].iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
    let (y, m, day) = (n(0..4), n(4..6), n(6..8));
    real_if((1900..=2030).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&day))
}

/// Index of the field holding byte `at` of `line` (fields split by `,`, `;` or tab outside quotes,
/// counted from just after the first `(` for an SQL tuple).
fn field_index(line: &[u8], at: usize) -> usize {
    // An SQL tuple's `(` comes before any separator; a `(` inside a field (`(212) 555…`) is data.
    let first_sep = line.iter().position(|&b| matches!(b, b',' | b';' | b'\t' | b'|')).unwrap_or(line.len());
    let from = match line.iter().position(|&b| b == b'(') {
        Some(p) if p < at && p < first_sep => p + 1,
        _ => 0,
    };
    let mut quote: Option<u8> = None;
    let mut n = 0;
    for &b in &line[from..at.min(line.len())] {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'\'' || b == b'"' => quote = Some(b),
            None if matches!(b, b',' | b';' | b'\t' | b'|') => n += 1,
            None => {}
        }
    }
    n
}

/// Column headers that name a birth date (lower case), in the languages of the profiles' reporters.
const BIRTH_COLUMNS: &[&[u8]] = &[
    b"date_of_birth",
    b"birth_date",
    b"birthdate",
    b"dateofbirth",
    b"date of birth",
    b"dob",
    b"date_naissance",
    b"date_de_naissance",
    b"date de naissance",
    b"datenaissance",
    b"naissance",
    b"geburtsdatum",
    b"fecha_nacimiento",
    b"fecha de nacimiento",
    b"data_nascita",
    b"data di nascita",
];

/// A date in a dump, CSV or Markdown table is a birth date when it sits in the column whose header names one:
/// the nearest header line above (within 8 KB) with such a column, and the same field index.
pub(crate) fn check_dob_column(c: &Ctx) -> Verdict {
    if check_dob(c) != Verdict::Real {
        return Reject;
    }
    let line_start = c.hay[..c.s.start].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let line_end = c.hay[c.s.start..].iter().position(|&b| b == b'\n').map_or(c.hay.len(), |p| c.s.start + p);
    let field = field_index(&c.hay[line_start..line_end], c.s.start - line_start);
    let floor = line_start.saturating_sub(8192);
    let mut end = line_start;
    while end > floor {
        let l_end = end.saturating_sub(1);
        let l_start = c.hay[floor..l_end].iter().rposition(|&b| b == b'\n').map_or(floor, |p| floor + p + 1);
        let line = &c.hay[l_start..l_end];
        let lower: Vec<u8> = line.iter().map(u8::to_ascii_lowercase).collect();
        for &key in BIRTH_COLUMNS {
            let mut from = 0;
            while let Some(p) = lower[from..].windows(key.len()).position(|w| w == key) {
                let at = from + p;
                let word_before = at > 0 && (lower[at - 1].is_ascii_alphanumeric());
                let word_after = lower.get(at + key.len()).is_some_and(|b| b.is_ascii_alphanumeric());
                if !word_before && !word_after && field_index(line, at) == field {
                    return Verdict::Real;
                }
                from = at + 1;
            }
        }
        end = l_start;
    }
    Reject
}

// --- contact data and infrastructure --------------------------------------------------------

/// RFC 2606 / 6761 names: example.com/.net/.org, *.example, *.test, *.invalid, *.localhost.
pub(crate) fn is_reserved_domain(domain: &str) -> bool {
    let d = domain.trim_end_matches('.').to_ascii_lowercase();
    let under = |base: &str| d == base || d.ends_with(&format!(".{base}"));
    under("example.com")
        || under("example.net")
        || under("example.org")
        || under("example")
        || under("test")
        || under("invalid")
        || under("localhost")
        || under("local.test")
}

const FILE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "js", "mjs", "ts", "css", "json", "html", "xml", "txt",
    "md", "py", "rb", "go", "rs", "java", "php", "zip", "gz", "tgz", "pdf", "yml", "yaml", "lock", "map",
];

pub(crate) fn check_email(c: &Ctx) -> Verdict {
    let s = String::from_utf8_lossy(c.secret()).to_ascii_lowercase();
    let Some((local, domain)) = s.rsplit_once('@') else { return Reject };
    if c.env.own_emails.contains(&s) {
        return Reject;
    }
    let tld = domain.rsplit('.').next().unwrap_or("");
    if FILE_EXTENSIONS.contains(&tld) {
        return Reject; // logo@2x.png, module@1.2.js
    }
    // `scheme://user:password@host`: URL credentials, not an address.
    let left = c.left(300);
    let token_start = left
        .iter()
        .rposition(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'<' | b'('))
        .map_or(0, |i| i + 1);
    if left[token_start..].windows(3).any(|w| w == b"://") {
        return Reject;
    }
    // git@github.com:org/repo is an SSH remote, not a person.
    if local == "git" && matches!(c.after(), Some(b':')) {
        return Reject;
    }
    // `ssh admin@grafana.internal`, `root@dc01.corp`: a login on an internal host; the host is
    // the finding (internal_hostname), not an address.
    let internal = ["internal", "corp", "local", "lan", "intranet", "intra", "localdomain", "priv", "consul"];
    let login = matches!(local, "root" | "admin" | "administrator" | "ubuntu" | "ec2-user" | "deploy" | "git" | "user")
        || [&b"ssh "[..], b"scp ", b"sftp ", b"rsync ", b"telnet "].iter().any(|cmd| c.left(8).ends_with(cmd));
    if internal.contains(&tld) && login {
        return Reject;
    }
    if is_reserved_domain(domain) || is_placeholder(local.as_bytes()) && local != "test" {
        return Example;
    }
    Real
}

/// RFC 1918, carrier-grade NAT (100.64/10). Loopback (127/8) and link-local 169.254/16 are left
/// out on purpose: they are the same on every machine (and 169.254.169.254 is a public, well-known
/// metadata address), so they say nothing about the vendor's network.
pub(crate) fn private_v4(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    o[0] == 10
        || (o[0] == 172 && (16..=31).contains(&o[1]))
        || (o[0] == 192 && o[1] == 168)
        || (o[0] == 100 && (64..=127).contains(&o[1]))
}

/// Unique local fc00::/7 and link-local fe80::/10 (which often embeds a MAC address).
pub(crate) fn private_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments()[0];
    (s & 0xfe00) == 0xfc00 || (s & 0xffc0) == 0xfe80
}

pub(crate) fn check_ipv4(c: &Ctx) -> Verdict {
    let s = String::from_utf8_lossy(c.secret());
    let Ok(ip) = s.parse::<Ipv4Addr>() else { return Reject };
    // `10.2.3.4.5` (a version or an OID) and `v10.1.2.3` are not addresses.
    if matches!(c.before(), Some(b'.'))
        || c.right(2).first() == Some(&b'.') && c.right(2).get(1).is_some_and(u8::is_ascii_digit)
    {
        return Reject;
    }
    let l = c.left(9).to_ascii_lowercase();
    if l.ends_with(b"v") || l.ends_with(b"version ") || l.ends_with(b"version:") {
        return Reject;
    }
    real_if(private_v4(ip))
}

pub(crate) fn check_ipv6(c: &Ctx) -> Verdict {
    let s = String::from_utf8_lossy(c.secret());
    let Ok(ip) = s.parse::<Ipv6Addr>() else { return Reject };
    real_if(private_v6(ip) && s.contains("::") || s.matches(':').count() >= 4 && private_v6(ip))
}

/// Host names that exist only inside an organisation; well-known platform names excluded.
pub(crate) fn check_hostname(c: &Ctx) -> Verdict {
    let s = String::from_utf8_lossy(c.secret()).to_ascii_lowercase();
    const WELL_KNOWN: &[&str] = &[
        "metadata.google.internal",
        "host.docker.internal",
        "gateway.docker.internal",
        "kubernetes.docker.internal",
        "kubernetes.default.svc.cluster.local",
    ];
    if WELL_KNOWN.contains(&s.as_str()) {
        return Reject;
    }
    // `settings.local.json`: a file name, not a host.
    if matches!(c.after(), Some(b'.')) && c.right(2).get(1).is_some_and(u8::is_ascii_alphanumeric) {
        return Reject;
    }
    // The first label must not be a file-ish word alone (`config.local`, `.env.local`).
    let first = s.split('.').next().unwrap_or("");
    if s.split('.').count() == 2
        && matches!(first, "config" | "settings" | "env" | "" | "app" | "appsettings" | "docker-compose")
    {
        return Reject;
    }
    real_if(!is_placeholder(first.as_bytes()))
}

pub(crate) fn check_phone(c: &Ctx) -> Verdict {
    let s = c.secret();
    let d = digits(s);
    if d.len() < 8 || d.len() > 15 {
        return Reject;
    }
    if matches!(c.before(), Some(b'.' | b'/' | b'-' | b'_')) || c.left(1).first().is_some_and(u8::is_ascii_alphanumeric)
    {
        return Reject;
    }
    if matches!(c.after(), Some(b'.' | b'/' | b'-')) && c.right(2).get(1).is_some_and(u8::is_ascii_digit) {
        return Reject;
    }
    if d.iter().all(|&x| x == d[0]) {
        return Reject;
    }
    // Date-like: 2024-01-15 or 15.01.2024 patterns have 8 digits in 3 groups of 4-2-2 / 2-2-4.
    let groups: Vec<usize> = s.split(|b| !b.is_ascii_digit()).filter(|g| !g.is_empty()).map(<[u8]>::len).collect();
    if d.len() == 8 && (groups == [4, 2, 2] || groups == [2, 2, 4]) {
        return Reject;
    }
    // US fictional range 555-0100 … 555-0199; Ofcom's drama range 07700 900000 … 900999.
    let n = d.len();
    if n >= 10 && d[n - 7..n - 4] == [5, 5, 5] && d[n - 4] == 0 && d[n - 3] == 1 {
        return Example;
    }
    if n >= 10 && d[n - 10..n - 3] == [7, 7, 0, 0, 9, 0, 0] {
        return Example;
    }
    Real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_valid_and_invalid() {
        assert!(luhn(&digits(b"4111111111111111")));
        assert!(luhn(&digits(b"79927398713")));
        assert!(!luhn(&digits(b"4111111111111112")));
        assert!(!luhn(&digits(b"79927398710")));
        assert!(!luhn(&[7]));
    }

    #[test]
    fn card_issuers() {
        assert!(card_issuer_ok(&digits(b"4111111111111111")));
        assert!(card_issuer_ok(&digits(b"378282246310005")));
        assert!(card_issuer_ok(&digits(b"2223003122003222")));
        assert!(!card_issuer_ok(&digits(b"3782822463100050"))); // Amex is 15 digits
        assert!(!card_issuer_ok(&digits(b"1234567812345670"))); // no issuer starts with 1
        assert!(!card_issuer_ok(&digits(b"41111111111111"))); // Visa is 13, 16 or 19
    }

    #[test]
    fn iban_mod97_and_length() {
        assert!(iban_ok(b"GB82 WEST 1234 5698 7654 32"));
        assert!(iban_ok(b"DE89370400440532013000"));
        assert!(iban_ok(b"FR1420041010050500013M02606"));
        assert!(!iban_ok(b"GB82WEST12345698765433")); // checksum
        assert!(!iban_ok(b"GB82WEST1234569876543")); // length
        assert!(!iban_ok(b"QQ82WEST12345698765432")); // country
    }

    #[test]
    fn nir_key_and_corsica() {
        // 1 84 12 76 451 089, key 46 (computed: 97 - 1841276451089 % 97)
        let body = 1_841_276_451_089u64;
        let key = 97 - body % 97;
        assert!(nir_ok(format!("1841276451089{key:02}").as_bytes()));
        assert!(!nir_ok(format!("1841276451089{:02}", (key % 97) + 1).as_bytes()));
        // Corsica: 2A reads as 19 for the key.
        let corsica = 2_690_519_123_456u64; // 2 69 05 19 123 456 → written 2 69 05 2A 123 456
        let k = 97 - corsica % 97;
        assert!(nir_ok(format!("26905 2A123456{k:02}").replace(' ', "").as_bytes()));
        assert!(!nir_ok(format!("2690519123456{:02}", k % 97 + 1).as_bytes()));
        assert!(!nir_ok(b"5841276451089 00")); // sex digit 5
    }

    #[test]
    fn ssn_rules() {
        assert!(ssn_ok(b"123-45-6780"));
        assert!(!ssn_ok(b"000-45-6789"));
        assert!(!ssn_ok(b"666-45-6789"));
        assert!(!ssn_ok(b"912-45-6789"));
        assert!(!ssn_ok(b"123-00-6789"));
        assert!(!ssn_ok(b"123-45-0000"));
    }

    #[test]
    fn nino_prefixes() {
        assert!(nino_ok(b"AB 12 34 56 C"));
        assert!(nino_ok(b"JG103759A"));
        assert!(!nino_ok(b"GB123456A"));
        assert!(!nino_ok(b"DA123456A"));
        assert!(!nino_ok(b"AO123456A"));
        assert!(!nino_ok(b"AB123456E"));
    }

    #[test]
    fn dni_nie_letters() {
        assert!(dni_ok(b"12345678Z"));
        assert!(!dni_ok(b"12345678A"));
        assert!(dni_ok(b"X1234567L"));
        assert!(dni_ok(b"Y1234567X"));
        assert!(!dni_ok(b"X1234567A"));
    }

    #[test]
    fn codice_fiscale_check() {
        assert!(codice_fiscale_ok(b"RSSMRA85T10A562S"));
        assert!(!codice_fiscale_ok(b"RSSMRA85T10A562T"));
        assert!(codice_fiscale_ok(b"MRTMTT91D08F205J"));
    }

    #[test]
    fn steuer_id_check_and_digit_rule() {
        // Published test ids (BZSt): 86095742719, 47036892816, 65929970489, 57549285017, 25768131411
        for ok in ["86095742719", "47036892816", "65929970489", "57549285017", "25768131411"] {
            assert!(steuer_id_ok(ok.as_bytes()), "{ok}");
        }
        assert!(!steuer_id_ok(b"86095742718")); // check digit
        assert!(!steuer_id_ok(b"01234567890")); // leading zero
        assert!(!steuer_id_ok(b"12345678903")); // no repeated digit
    }

    #[test]
    fn crc_and_base62() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(base62(0, 6), b"000000");
        assert_eq!(base62(61, 2), b"0z");
        let random = b"abcdefghijklmnopqrstuvwxyz0123";
        let mut tok = b"ghp_".to_vec();
        tok.extend_from_slice(random);
        tok.extend(base62(crc32(random), 6));
        assert!(crc_token_ok(&tok));
        let last = tok.len() - 1;
        tok[last] = if tok[last] == b'A' { b'B' } else { b'A' };
        assert!(!crc_token_ok(&tok));
        assert!(!crc_token_ok(b"ghp_16C7e42F292c6912E7710c838347Ae178B4a"));
    }

    #[test]
    fn jwt_needs_alg() {
        let h = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"; // {"alg":"HS256","typ":"JWT"}
        let p = "eyJzdWIiOiJhYmMifQ"; // {"sub":"abc"}
        assert!(jwt_ok(format!("{h}.{p}.c2ln").as_bytes()));
        let no_alg = "eyJ0eXAiOiJKV1QifQ"; // {"typ":"JWT"}
        assert!(!jwt_ok(format!("{no_alg}.{p}.c2ln").as_bytes()));
        assert!(!jwt_ok(b"eyJhbGciOi.xx.yy"));
    }

    #[test]
    fn references_and_symbol_led_values() {
        for r in ["$VAR", "${DB_PASSWORD}", "$(cat /run/secret)", "$$", "$HOME/.pw", "$12.50", "$2,000", "$", "$X:-d"] {
            assert!(is_reference(r.as_bytes()), "{r}");
            assert!(is_placeholder(r.as_bytes()), "{r}");
        }
        for v in ["$9kQx7Lm2pA", "$4N3E58EZ@TPlJ8", "$1JiGj+6ZFFt", "$Xy7!kq", "$4oBo%4$8Xg8jHSS"] {
            assert!(!is_reference(v.as_bytes()), "{v}");
            assert!(!is_placeholder(v.as_bytes()), "{v}");
        }
        for a in ["&default_pw", "*alias", "@vault_ref"] {
            assert!(is_anchor_like(a.as_bytes()), "{a}");
        }
        for v in ["&?KWKJn?42H+aJ", "@X@S=5fpnQVr3", "*aElt8DuJ&rT"] {
            assert!(!is_anchor_like(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn placeholders() {
        assert!(placeholder_words().is_some());
        for p in [
            "Your_Api_Key",
            "%(db_password)s",
            "abc\u{2026}",
            "os.environ['PW']",
            "EXAMPLEKEY123",
            "!vault |",
            "ENC[AES256_GCM",
            "<TOKEN>",
            "${DB_PASSWORD}",
            "{{ secret }}",
            "********",
            "xxxxxxxx",
            "REDACTED",
            "changeme",
            "[REDACTED:jwt]",
            "$PASSWORD",
        ] {
            assert!(is_placeholder(p.as_bytes()), "{p}");
        }
        for s in ["hunter2", "S3cr3t!pass", "q8Zr0xVt", "ji6h8-ry86b^jf*q+anen^9%(&*ia1f5"] {
            assert!(!is_placeholder(s.as_bytes()), "{s}");
        }
    }

    #[test]
    fn address_ranges() {
        assert!(private_v4("10.1.2.3".parse().unwrap()));
        assert!(private_v4("172.31.0.1".parse().unwrap()));
        assert!(!private_v4("172.32.0.1".parse().unwrap()));
        assert!(private_v4("100.64.0.1".parse().unwrap()));
        assert!(!private_v4("100.128.0.1".parse().unwrap()));
        assert!(!private_v4("127.0.0.1".parse().unwrap()));
        assert!(!private_v4("8.8.8.8".parse().unwrap()));
        assert!(private_v6("fd12:3456:789a::1".parse().unwrap()));
        assert!(private_v6("fe80::1ff:fe23:4567:890a".parse().unwrap()));
        assert!(!private_v6("2001:db8::1".parse().unwrap()));
    }

    #[test]
    fn reserved_domains() {
        for d in ["example.com", "mail.example.org", "foo.test", "x.invalid", "a.localhost", "corp.example"] {
            assert!(is_reserved_domain(d), "{d}");
        }
        assert!(!is_reserved_domain("thalesgroup.com"));
        assert!(!is_reserved_domain("examples.com"));
    }

    #[test]
    fn entropy_orders() {
        assert!(entropy(b"aaaaaaaa") < 0.1);
        assert!(entropy(b"a8Zq0xVtPm3K") > 3.0);
    }
}
