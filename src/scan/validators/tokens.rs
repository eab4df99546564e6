//! Token formats: GitHub and npm checksums (CRC32 in base62), JWT headers, AWS key ids and
//! secrets, the other vendors' keys (Azure, Slack, Stripe, key + secret pairs) and private key
//! blocks.

use super::*;

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

/// The rule of the vendor whose token `v` looks like — a GitHub `gh?_` token, a Hugging Face
/// `hf_`, a GitLab `glpat-` or an npm `npm_` token — for a secret a password rule found (a table
/// column, a `sensitive` output, a `password=`): the reader then learns where to revoke it. The
/// checksum is not asked for: the name the value was given already made it a secret.
pub(crate) fn vendor_token_rule(v: &[u8]) -> Option<usize> {
    let alnum = |b: &[u8]| b.iter().all(u8::is_ascii_alphanumeric);
    let id = if v.len() == 40 && v.starts_with(b"gh") && b"pousr".contains(&v[2]) && v[3] == b'_' && alnum(&v[4..]) {
        "github-token"
    } else if v.len() == 40 && v.starts_with(b"npm_") && alnum(&v[4..]) {
        "npm-token"
    } else if (37..=43).contains(&v.len()) && v.starts_with(b"hf_") && alnum(&v[3..]) {
        "huggingface-token"
    } else if (26..=60).contains(&v.len())
        && v.starts_with(b"glpat-")
        && v[6..].iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
    {
        "gitlab-token"
    } else {
        return None;
    };
    super::super::rules::RULES.iter().position(|r| r.id == id)
}

pub(crate) fn check_github(c: &Ctx) -> Verdict {
    let s = c.secret();
    if s.len() == 40 {
        return real_if(crc_token_ok(s) || (named_as_secret(c) || in_url_userinfo(c)) && looks_random(&s[4..], 3.5));
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
    real_if(crc_token_ok(c.secret()) || named_as_secret(c) && looks_random(&c.secret()[4..], 3.5))
}

/// A token whose checksum does not verify (written by hand, or cut) is still a token when the
/// name it is given says so (`NPM_TOKEN: npm_…`, `_authToken=`, `GITHUB_TOKEN=`): the name is
/// on the same line, just before the value.
/// The token is a URL's user part (`https://ghp_…@github.com/`, git's `insteadOf`): a
/// credential by where it stands.
fn in_url_userinfo(c: &Ctx) -> bool {
    c.left(3) == b"://" && c.right(1) == b"@"
}

fn named_as_secret(c: &Ctx) -> bool {
    let left = c.left(48);
    let line = &left[left.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..];
    let name = line.to_ascii_lowercase();
    // `plaintext_value` is a CI secret's value in Terraform (`github_actions_secret`).
    let says = ["token", "auth", "secret", "passw", "credential", "jeton", "plaintext_value"]
        .iter()
        .any(|w| name.windows(w.len()).any(|x| x == w.as_bytes()));
    let fixture = ["fixture", "sample", "example", "test", "ref"]
        .iter()
        .any(|w| name.windows(w.len()).any(|x| x == w.as_bytes()));
    // The password slot of a command (`docker login ghcr.io -u ci -p ghp_…`, `--password ghp_…`).
    let t = name.trim_ascii_end();
    let t = t.strip_suffix(b"=").unwrap_or(t);
    // `.netrc`: `machine api.github.com login ci password ghp_…`.
    // An XML element named for it (`<password>ghp_…</password>`), a token fed on stdin
    // (`gh auth login --with-token <<< gho_…`).
    let element = says && t.ends_with(b">");
    let flag = t.ends_with(b"--password")
        || t.ends_with(b"--token")
        || element
        || t.ends_with(b"<<<") && name.windows(10).any(|x| x == b"with-token")
        || t.ends_with(b" password")
        || t.ends_with(b" passwd")
        || t.ends_with(b" -p") && name.windows(5).any(|x| x == b"login");
    // Or named in a sentence: `the token is ghp_…`, `le jeton de l'API il est ghp_…`.
    let sentence = [&b" is"[..], b" was", b" est", b"c'est", b"\xE2\x80\x99est"].iter().any(|w| t.ends_with(w));
    // A table's cell beside the name (`| Secret (decrypted) | ghp_… |`) names it too.
    !fixture && (says && (line.iter().any(|&b| matches!(b, b'=' | b':' | b'|')) || sentence) || flag)
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
    // A run of six equal characters (`AKIAXXXXXXXXXXXXXXXX`) is a placeholder: in a random base32
    // body its odds are about 1 in 3 million (11 places × 32^-5). A run of four (1 in 2,500) lost
    // real keys often enough for a property test to draw one.
    let body = &s[4..];
    let filler = body.windows(6).any(|w| w.iter().all(|&b| b == w[0]));
    real_if(!filler && body.iter().all(|&b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)))
}

pub(crate) fn check_aws_secret(c: &Ctx) -> Verdict {
    // Base64 of the secret, as a Kubernetes Secret's `data:` holds it.
    let decoded = match c.secret() {
        s if s.len() == 56 => match decode::b64_any(s) {
            Some(d) if d.len() == 40 && d.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'+')) => {
                Some(d)
            }
            _ => return Reject,
        },
        _ => None,
    };
    let s = decoded.as_deref().unwrap_or(c.secret());
    // A bearer token of the same length (`Authorization: Bearer dAMY…`) is the header's.
    let pre = c.hay[c.s.start.saturating_sub(8)..c.s.start].to_ascii_lowercase();
    if [&b"bearer "[..], b"basic ", b"token "].iter().any(|p| pre.ends_with(p)) {
        return Reject;
    }
    if s.ends_with(b"EXAMPLEKEY") {
        return Example;
    }
    real_if(!is_placeholder(s) && !s.iter().all(u8::is_ascii_hexdigit) && looks_random(s, 4.0))
}

/// A base64 blob given as credentials (`.npmrc`'s `_auth`, `_password`): it decodes to printable
/// text, `user:password` for `_auth`, and the password part is no placeholder.
pub(crate) fn check_basic_blob(c: &Ctx) -> Verdict {
    let Some(raw) = decode::b64_any(c.secret()) else { return Reject };
    let Ok(text) = std::str::from_utf8(&raw) else { return Reject };
    if text.len() < 4 || !text.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return Reject;
    }
    let auth = c.whole().to_ascii_lowercase().starts_with(b"_auth");
    let secret = if auth {
        match text.split_once(':') {
            Some((_, p)) => p,
            None => return Reject,
        }
    } else {
        text
    };
    real_if(secret.len() >= 4 && !is_placeholder(secret.as_bytes()))
}

// --- other vendor keys and private key blocks ----------------------------------------------------

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
