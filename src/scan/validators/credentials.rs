//! Credentials in context: passwords (assigned, in flags, in sentences, near a password word, in
//! a table column), URL and connection-string credentials, headers and cookies.

use super::*;

// --- generic credentials ------------------------------------------------------------------------

/// A password value after `password=` / `"password": "…"` and the like.
pub(crate) fn check_password(c: &Ctx) -> Verdict {
    let v = c.secret();
    if v.len() < 4 || is_placeholder(v) || is_encoded_placeholder(v) {
        return Reject;
    }
    // The `secret:` of an ARN (`arn:aws:secretsmanager:…:secret:prod/api-Ab12Cd`) names a secret
    // kept in AWS, it is not one.
    let left = c.left(80);
    let token = &left
        [left.iter().rposition(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'=')).map_or(0, |i| i + 1)..];
    if token.windows(8).any(|w| w == b"arn:aws:") {
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
    // Helm/Kubernetes names a Secret and the keys inside it (`existingSecret: pg-credentials`,
    // `adminPasswordKey: postgres-password`): references, not values.
    if name.windows(14).any(|w| w == b"existingsecret")
        || name.ends_with(b"secretname")
        || name.ends_with(b"secretref")
        || name.ends_with(b"passwordkey")
    {
        return Reject;
    }
    // `PWD=/home/deploy` in a sudo log or an environment dump is the working directory.
    if name == b"pwd" && v.starts_with(b"/") {
        return Reject;
    }
    // A token is random: `?token=nightly` in a build URL names a job, it opens nothing.
    let key_is_token = name.ends_with(b"token") && !name.windows(4).any(|w| w == b"pass");
    if key_is_token && !quoted && v.len() <= 16 && v.iter().all(u8::is_ascii_lowercase) {
        return Reject;
    }
    // A payment processor's object id under a `token` key (`tok_…`, `pm_…`, `card_…`): it names a
    // tokenised card to the processor's own API, usable only with the merchant's secret key.
    let object_id = ["tok_", "pm_", "card_", "src_", "cus_", "ch_"].iter().any(|p| v.starts_with(p.as_bytes()));
    let token_key = name.trim_ascii_end().strip_suffix(b"\"").unwrap_or(&name).ends_with(b"token");
    if token_key && object_id {
        return Reject;
    }
    // `Password: (see the 1Password item …)`: a remark in parentheses, not a value.
    if !quoted && v.starts_with(b"(") && v[1..].iter().all(u8::is_ascii_alphabetic) {
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
        // A rule the password must follow, as a regular expression: `MOTIF_MDP = /^(?=.*\d).{12,}$/`.
        || v.starts_with(b"/^")
        || v.windows(3).any(|w| w == b"(?=" || w == b"(?!")
        // An object in YAML flow style (`password: {type: string, …}`): a schema, not a value.
        || v.starts_with(b"{") && v.ends_with(b":")
        || is_secret_file_path(v)
        || is_key_pin(v)
        || is_reference_id(v)
        || is_cmdlet(v)
        // Encrypted for someone (`"encrypted": { "token": "wcFMA…" }`, an OpenPGP message in
        // base64): not the secret in clear.
        || [&b"wcFMA"[..], b"wcBMA", b"hQEMA", b"hQIMA", b"wV4D"].iter().any(|p| v.starts_with(p))
        || c.left(40).windows(10).any(|w| w.eq_ignore_ascii_case(b"encrypted\""))
    {
        return Reject;
    }
    real_if(!is_code_reference(v))
}

/// A setting's name (`password_min_length`, `pwd_max_age`): words joined by underscores, one
/// of them a policy's.
fn is_setting_name(v: &[u8]) -> bool {
    v.contains(&b'_')
        && v.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
        && v.split(|&b| b == b'_').any(|w| {
            [&b"min"[..], b"max", b"length", b"len", b"age", b"policy", b"expiry", b"history", b"attempts"].contains(&w)
        })
}

/// A GraphQL global id (`RW1wbG95ZWU6MTA0` is base64 of `Employee:104`), a pagination cursor
/// (`arrayconnection:49`), or a version pinned to a digest (`3.8.12@sha256`): references.
fn is_reference_id(v: &[u8]) -> bool {
    if v.windows(7).any(|w| w == b"@sha256" || w == b"@sha512") {
        return true;
    }
    // Decoded only when every byte is of a base64 alphabet (anything else cannot decode): this
    // runs for each candidate of the password rules.
    if !v.iter().all(|b| b.is_ascii_alphanumeric() || b"+/=-_".contains(b)) {
        return false;
    }
    let Some(d) = crate::scan::decode::b64_any(v) else { return false };
    let Some(colon) = d.iter().position(|&b| b == b':') else { return false };
    colon > 0
        && d[..colon].iter().all(u8::is_ascii_alphabetic)
        && colon + 1 < d.len()
        && d[colon + 1..].iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// PowerShell reading the secret, not the secret: `$pw = Read-Host -AsSecureString`.
fn is_cmdlet(v: &[u8]) -> bool {
    ["Read-Host", "Get-Content", "Get-Credential", "ConvertTo-SecureString", "Get-Secret", "Get-AzKeyVaultSecret"]
        .iter()
        .any(|c| v == c.as_bytes())
}

/// A public key's pin (`sha256/xhAMPoVN…=`, HPKP and certificate pinning): a digest, public.
fn is_key_pin(v: &[u8]) -> bool {
    [&b"sha256/"[..], b"sha1/", b"sha384/", b"sha512/"].iter().any(|p| v.starts_with(p))
}

/// A file that holds the secret (`%d/mdp` — systemd's credentials directory —,
/// `/etc/collecteur/mdp.cred`, `~/.pgpass`): a path, not the value.
fn is_secret_file_path(v: &[u8]) -> bool {
    let v = v.strip_suffix(b"]").or_else(|| v.strip_suffix(b")")).unwrap_or(v);
    if v.is_empty() {
        return false;
    }
    let pathish = v.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"/._-%~${}".contains(b));
    let absolute =
        [&b"/"[..], b"~/", b"./", b"%d/", b"%h/", b"${"].iter().any(|p| v.starts_with(p)) && v[1..].contains(&b'/');
    // Relative, to a file (`secrets/mdp.txt`), or a vault's path (`secret/lab/041d521f-…`).
    let file = v.contains(&b'/')
        && [&b".txt"[..], b".cred", b".key", b".pem", b".json", b".env", b".conf", b".gpg", b".age", b".asc"]
            .iter()
            .any(|e| v.ends_with(e));
    let vault = [&b"secret/"[..], b"secrets/", b"kv/"].iter().any(|p| v.starts_with(p));
    pathish && (absolute || file || vault)
}

/// Values that are references in code: `password: input.value`, `secret=config.db.secret`,
/// Terraform's `random_password.db.result` and `var.db_password`.
fn is_code_reference(v: &[u8]) -> bool {
    // A Terraform expression, cut at its index (`data.vault_kv_secret_v2.db.data["pw"]`).
    let terraform = [&b"data."[..], b"var.", b"local.", b"module.", b"resource."].iter().any(|p| v.starts_with(p))
        && v.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'[' | b'"' | b']' | b'-'));
    terraform || is_dotted_reference(v)
}

fn is_dotted_reference(v: &[u8]) -> bool {
    v.contains(&b'.')
        && v.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        && (!has_digit(v) || v.iter().filter(|&&b| b == b'.').count() >= 2)
        && v.first().is_some_and(u8::is_ascii_lowercase)
        && v.split(|&b| b == b'.').all(|seg| seg.first().is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_'))
}

/// A connection string's password (`Server=…;User Id=…;Password=…`, libpq's `host=… user=…
/// password=…`): pairs joined by spaces only are a connection string when a host or database
/// is named; `username=admin password=…` on an HTTPie command line is a form. XML attributes
/// (`<user username="x" password="…"/>`) are no connection string either.
pub(crate) fn check_connection_password(c: &Ctx) -> Verdict {
    let whole = c.whole().to_ascii_lowercase();
    let head = &whole[..c.s.start - c.m.start];
    let has = |w: &[u8]| head.windows(w.len()).any(|x| x == w);
    let first_eq = head.iter().position(|&b| b == b'=').unwrap_or(0);
    if matches!(head.get(first_eq + 1), Some(b'"' | b'\'')) {
        return Reject;
    }
    let named = [&b"host="[..], b"dbname=", b"server=", b"database=", b"data source="].iter().any(|w| has(w));
    if !head.contains(&b';') && !named {
        return Reject;
    }
    check_url_credentials(c)
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
    // `la clé publique c'est ssh-ed25519 …`, `the public key is …`: public values.
    b"publique",
    b"public",
    b"empreinte",
    b"fingerprint",
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

/// A package or image reference, in backticks or not: `lodash@4.17.21`, `@scope/pkg@1.2.3`,
/// `nginx@sha256` (its digest follows the colon), `app@sha512:…`.
fn is_artifact_ref(v: &[u8]) -> bool {
    let v = v.strip_prefix(b"`").unwrap_or(v);
    let v = v.strip_suffix(b"`").unwrap_or(v);
    let Some(at) = v.iter().rposition(|&b| b == b'@') else { return false };
    let (name, rest) = (&v[..at], &v[at + 1..]);
    let name_ok = name.iter().any(u8::is_ascii_alphabetic)
        && name.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'/' | b'@'));
    let lower = rest.to_ascii_lowercase();
    let digest = ["sha256", "sha512", "sha384", "sha1", "md5"]
        .iter()
        .any(|a| lower.strip_prefix(a.as_bytes()).is_some_and(|t| t.is_empty() || t.starts_with(b":")));
    let version = rest.strip_prefix(b"v").unwrap_or(rest);
    let version = version.first().is_some_and(u8::is_ascii_digit)
        && version.contains(&b'.')
        && version.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+'));
    name_ok && (digest || version)
}

/// Hash and cipher names: `hashed with SHA-256`, `haché en SHA-1`, `encrypted with AES-128`.
fn is_algorithm_name(v: &[u8]) -> bool {
    let l = v.to_ascii_lowercase();
    let l: Vec<u8> = l.into_iter().filter(|b| *b != b'-' && *b != b'_').collect();
    [
        "md4",
        "md5",
        "sha1",
        "sha2",
        "sha224",
        "sha256",
        "sha384",
        "sha512",
        "sha3",
        "aes128",
        "aes192",
        "aes256",
        "pbkdf2",
        "argon2",
        "argon2id",
        "argon2i",
        "bcrypt",
        "scrypt",
        "ntlmv2",
        "rc4",
        "des3",
        "3des",
        "base64",
        "utf8",
        "rot13",
        "crc32",
        "sshed25519",
        "sshrsa",
        "sshdss",
        "ecdsasha2nistp256",
        "ecdsasha2nistp384",
        "ecdsasha2nistp521",
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
    // The word is part of a path (`GET /…/etc/passwd HTTP/1.1`), not a label.
    let in_path = c.m.start > 0 && c.hay[c.m.start - 1] == b'/';
    if v.len() < 4
        || v.len() > 128
        || in_path
        || v.starts_with(b"HTTP/")
        || is_placeholder(v)
        || is_encoded_placeholder(v)
        || is_cvss_vector(v)
        || !quoted && is_anchor_like(v)
        || is_code_reference(v)
        || is_artifact_ref(v)
        || is_setting_name(v)
        || is_key_pin(v)
        || is_secret_file_path(v)
    {
        return Reject;
    }
    // Part of a longer reference (`arn:aws:secretsmanager:…:secret:prod/smtp-Ab12Cd`).
    let token_start = c.hay[..c.s.start]
        .iter()
        .rposition(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'`' | b'>' | b'(' | b'|' | b'[' | b'{'))
        .map_or(0, |p| p + 1);
    if token_start < c.s.start && is_placeholder(&c.hay[token_start..c.s.end]) {
        return Reject;
    }
    // Another parameter, not the password's value: `grant_type=password username=alice`.
    let key = v.iter().take_while(|b| b.is_ascii_lowercase() || matches!(b, b'_' | b'.' | b'-')).count();
    if !quoted && key >= 3 && v.get(key) == Some(&b'=') && v.len() > key + 1 {
        let name = v[..key].to_ascii_lowercase();
        let secret_name = [&b"pass"[..], b"pwd", b"secret", b"token", b"key", b"mdp"]
            .iter()
            .any(|w| name.windows(w.len()).any(|x| x == *w));
        if !secret_name {
            return Reject;
        }
    }
    let lower = v.to_ascii_lowercase();
    // A token of a known format whose checksum fails is no token (its rule says so), nor a password.
    let github_shape = v.len() == 40 && v.starts_with(b"gh") && v.get(3) == Some(&b'_');
    let npm_shape = v.len() == 40 && v.starts_with(b"npm_");
    if (github_shape || npm_shape) && !crc_token_ok(v) {
        return Reject;
    }
    // A key's fingerprint as `ssh-keygen -l` prints it (`SHA256:QuCj9…`): public.
    let fingerprint = [&b"sha256:"[..], b"sha1:", b"sha384:", b"sha512:", b"md5:"].iter().any(|p| lower.starts_with(p));
    if fingerprint
        || EXAMPLE_PASSWORDS.contains(&lower.as_slice())
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
    // After a bare `user X /` (no credential word: `see the user guide / FAQ-2024`), the value
    // must look made up.
    let w = c.whole().to_ascii_lowercase();
    let bare = [&b"user"[..], b"utilisateur", b"compte", b"account"].iter().any(|p| w.starts_with(p));
    if bare && !password_shaped(v) {
        return Reject;
    }
    check_prose_password(c)
}

/// A secret or key named in a sentence (`the webhook signing secret is …`): a long random token.
pub(crate) fn check_prose_secret(c: &Ctx) -> Verdict {
    let v = c.secret();
    // A long random value, or a shorter one made to be secret (`the shared secret is still
    // 7fK!river-otter`: three kinds of character with a digit, or words joined by hyphens).
    let made_up = v.iter().any(|b| b"!#$%&*@^".contains(b)) && super::named::secret_shaped(v);
    if !(v.len() >= 16 && looks_random(v, 3.0) || made_up) {
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

/// A Terraform value marked sensitive: a secret when its name says so (`…token`, `…psk`,
/// `…password`, `…secret`, `…key`) or its value is made up, never a placeholder.
pub(crate) fn check_sensitive_output(c: &Ctx) -> Verdict {
    let whole = c.whole().to_ascii_lowercase();
    let name_end = whole.iter().skip(1).position(|&b| b == b'"').map_or(0, |i| i + 1);
    let name = &whole[..name_end];
    let named = [&b"token"[..], b"psk", b"pass", b"secret", b"key", b"pwd", b"cred"]
        .iter()
        .any(|w| name.windows(w.len()).any(|x| x == *w));
    let v = c.secret();
    if is_placeholder(v) || v.starts_with(b"(sensitive") {
        return Reject;
    }
    real_if(named || password_shaped(v))
}

pub(crate) fn check_auth_header(c: &Ctx) -> Verdict {
    let v = c.secret();
    // `Basic <base64(id:secret) removed>`: a slot whose closing `>` lies past the match; no
    // credential alphabet (base64, hex, a token's) has `<`.
    // `Basic dXNlcjpSRURBQ1RFRA==` is `user:REDACTED`: a mask, encoded.
    if is_placeholder(v) || is_encoded_placeholder(v) || v.len() < 8 || v.starts_with(b"<") {
        return Reject;
    }
    real_if(has_digit(v) || (has_upper(v) && has_lower(v)) || v.len() >= 20)
}

pub(crate) fn check_cookie(c: &Ctx) -> Verdict {
    let v = c.secret();
    // ASP.NET's session id is 24 lowercase letters and digits 0-5, often no digit at all: one
    // character class, so a long value with a high entropy is enough.
    let long_single_class = v.len() >= 20 && v.iter().all(u8::is_ascii_alphanumeric) && entropy(v) >= 3.6;
    real_if(
        !is_placeholder(v)
            && v.len() >= 12
            && (looks_random(v, 3.0) || long_single_class)
            && !audit_event_session_id(c),
    )
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

/// Words that name a password, as whole words (or as the last part of a key such as
/// `ldap_bind_pw`), for [`check_password_near`]: English and French, the chat shorthand, the usual
/// typos, passphrases.
const PASSWORD_WORDS: &[&[u8]] = &[
    b"password",
    b"passwords",
    b"passwrod",
    b"pasword",
    b"passwd",
    b"passphrase",
    b"passcode",
    b"pass",
    b"pwd",
    b"pw",
    b"mdp",
    b"mot de passe",
    b"mots de passe",
    b"mot-de-passe",
    b"mot de pass",
    b"s\xC3\xA9same",
    b"phrase secr\xC3\xA8te",
    b"phrase ma\xC3\xAEtresse",
    b"phrase de passe",
];

/// Where the nearest password word ends before `at` (looking back at most `reach` bytes), or
/// starts after `at` (looking ahead): `(start, end)` of the word.
fn password_word(hay: &[u8], from: usize, to: usize, nearest_last: bool) -> Option<(usize, usize)> {
    use aho_corasick::automaton::Automaton;
    // Every occurrence of every word, in one pass of one automaton (ASCII case-insensitive, as
    // the lowered region the words were searched in one by one).
    static WORDS: std::sync::OnceLock<Option<aho_corasick::dfa::DFA>> = std::sync::OnceLock::new();
    let dfa =
        WORDS.get_or_init(|| aho_corasick::dfa::DFA::builder().ascii_case_insensitive(true).build(PASSWORD_WORDS).ok());
    let Some(hits) =
        dfa.as_ref().and_then(|d| d.try_find_overlapping_iter(aho_corasick::Input::new(&hay[from..to])).ok())
    else {
        return password_word_by_word(hay, from, to, nearest_last);
    };
    let region = &hay[from..to];
    // The nearest word; between two words ending (or starting) at the same byte, the first of
    // the list, as when the words were searched in list order.
    let mut best: Option<(usize, usize, usize)> = None;
    for m in hits {
        let (s, e, w) = (m.start(), m.end(), m.pattern().as_usize());
        let before_ok = s == 0 || !region[s - 1].is_ascii_alphabetic() && region[s - 1] < 0x80;
        let after_ok = region.get(e).is_none_or(|b| !b.is_ascii_alphabetic() && *b < 0x80);
        if !(before_ok && after_ok) {
            continue;
        }
        let better = match best {
            None => true,
            Some((bs, be, bw)) => {
                if nearest_last {
                    e > be || e == be && w < bw
                } else {
                    s < bs || s == bs && w < bw
                }
            }
        };
        if better {
            best = Some((s, e, w));
        }
    }
    best.map(|(s, e, _)| (from + s, from + e))
}

/// [`password_word`] one word at a time: what it answers (a unit test holds it to it), and its
/// way if the automaton could not be built.
fn password_word_by_word(hay: &[u8], from: usize, to: usize, nearest_last: bool) -> Option<(usize, usize)> {
    let region = hay[from..to].to_ascii_lowercase();
    let mut best: Option<(usize, usize)> = None;
    for &w in PASSWORD_WORDS {
        let mut i = 0;
        while let Some(p) = region[i..].windows(w.len()).position(|x| x == w) {
            let (s, e) = (i + p, i + p + w.len());
            let before_ok = s == 0 || !region[s - 1].is_ascii_alphabetic() && region[s - 1] < 0x80;
            let after_ok = region.get(e).is_none_or(|b| !b.is_ascii_alphabetic() && *b < 0x80);
            if before_ok && after_ok {
                let cand = (from + s, from + e);
                best = match best {
                    Some(b) if nearest_last && b.1 >= cand.1 || !nearest_last && b.0 <= cand.0 => Some(b),
                    _ => Some(cand),
                };
            }
            i = s + 1;
        }
    }
    best
}

/// A value shaped like a made-up password: 8 to 64 bytes, letters and digits, and a symbol
/// (or, with no digit, a long random-looking mix of cases and symbols)
/// (`!#$%&*+=?@^~`), or capitals, small letters and digits over ten bytes or more, or a
/// passphrase of three words or more and a number joined by dashes (`glacier-Orage-pelican-63`).
fn password_shaped(v: &[u8]) -> bool {
    // No digit: twelve bytes or more of capitals, small letters and a symbol, with the entropy of
    // a generated value (`fHWi_WxalJI_ipl*i*A`).
    if (12..=64).contains(&v.len())
        && !has_digit(v)
        && has_upper(v)
        && has_lower(v)
        && v.iter().any(|b| b"!#$%&*+=?@^~".contains(b))
        && entropy(v) >= 3.3
    {
        return true;
    }
    if !(8..=64).contains(&v.len()) || !has_digit(v) || !v.iter().any(u8::is_ascii_alphabetic) {
        return false;
    }
    let symbols: Vec<u8> = v.iter().filter(|b| b"!#$%&*+=?@^~".contains(b)).copied().collect();
    // Base64 (`+`, `/`, `=` only, padding at the end) is an encoded blob, not a typed password.
    let base64ish = symbols.iter().all(|b| matches!(b, b'+' | b'='))
        && (v.ends_with(b"=") || v.len() >= 24)
        && v.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    let parts: Vec<&[u8]> = v.split(|&b| b == b'-').collect();
    let passphrase = parts.len() >= 4
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| p.len() >= 3 && p.iter().all(|b| b.is_ascii_alphabetic() || *b >= 0x80))
        && parts[parts.len() - 1].iter().all(u8::is_ascii_digit);
    !symbols.is_empty() && !base64ish || has_upper(v) && has_lower(v) && v.len() >= 10 || passphrase
}

/// A password written near a word that names it, in whatever sentence, chat message or table
/// cell: `mot de passe provisoire &!YrIK…`, `t'as le mdp du NAS ?` answered on the next line,
/// `Its password, still valid this morning:` and the value on its own line, `… — that is the root
/// password`, `avec … comme mot de passe`, `pass → …`. The value must look made up
/// ([`password_shaped`]); the word must be at most three lines and 200 bytes before it, with no
/// sentence ending and no other key in between, or after it on the same line within 60 bytes.
pub(crate) fn check_password_near(c: &Ctx) -> Verdict {
    let v = c.secret();
    // The window may cut a token: only whole tokens.
    if c.s.start > 0 && !is_token_boundary(c.hay[c.s.start - 1]) || !password_shaped(v) {
        return Reject;
    }
    // `key=value` and `user@host` are not one value; hashes in crypt formats have their rule.
    let key_value = v
        .iter()
        .position(|&b| b == b'=')
        .is_some_and(|p| p >= 2 && v[..p].iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')));
    let url_escapes =
        v.windows(3).filter(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit()).count();
    // `psycopg2.OperationalError`: a name in code.
    let dotted_name = v.contains(&b'.')
        && v.split(|&b| b == b'.').all(|seg| {
            seg.len() >= 2
                && (seg[0].is_ascii_alphabetic() || seg[0] == b'_')
                && seg.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        });
    // A provider's prefix: that provider's rule decides (a truncated `glpat-…` is no password).
    let provider = [
        &b"glpat-"[..],
        b"gldt-",
        b"glrt-",
        b"ghp_",
        b"gho_",
        b"ghu_",
        b"ghs_",
        b"ghr_",
        b"github_pat_",
        b"xox",
        b"sk_live_",
        b"rk_live_",
        b"sk_test_",
        b"whsec_",
        b"sk-",
        b"npm_",
        b"pypi-",
        b"AKIA",
        b"ASIA",
        b"AIza",
        b"SG.",
        b"hf_",
    ]
    .iter()
    .any(|p| v.starts_with(p));
    // `SHA256:QuCj9…` (an SSH key's fingerprint, `ssh-keygen -l`), `MD5:…`: a digest of a public key.
    let pre = c.hay[c.s.start.saturating_sub(7)..c.s.start].to_ascii_lowercase();
    let fingerprint = [&b"sha256:"[..], b"sha512:", b"sha1:", b"md5:", b"sha384:"].iter().any(|p| pre.ends_with(p));
    // An algorithm's name (`sha256WithRSAEncryption`, `ecdsa-with-SHA384`), not a password.
    let lower_v = v.to_ascii_lowercase();
    let algorithm = [&b"withrsa"[..], b"withecdsa", b"withdsa", b"rsaencryption", b"-with-sha"]
        .iter()
        .any(|a| lower_v.windows(a.len()).any(|w| w == *a));
    // A piece of a long base64 blob (a Sealed Secret, a certificate), cut at a `/` or `+`.
    let b64 = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    let run = c.hay[..c.s.start].iter().rev().take_while(|b| b64(b)).count()
        + v.len()
        + c.hay[c.s.end..].iter().take_while(|b| b64(b)).count();
    // A DER structure in base64 (`MIIDCDCCAfCg…`, a certificate's or a key's line) is no password.
    let blob = run >= 100 && v.len() < run || v.starts_with(b"MII") && run >= 24;
    if key_value
        || is_reference_id(v)
        || blob
        || algorithm
        || dotted_name
        || fingerprint
        || inside_encrypted_envelope(c)
        || provider
        || url_escapes >= 2
        || v.starts_with(b"$2")
        || v.starts_with(b"$argon")
        || v.starts_with(b"{S")
    {
        return Reject;
    }
    let back = c.s.start.saturating_sub(200);
    let before = password_word(c.hay, back, c.s.start, true).filter(|&(_, e)| {
        let between = &c.hay[e..c.s.start];
        between.iter().filter(|&&b| b == b'\n').count() <= 3
            && !between.windows(2).any(|w| w[0] == b'.' && w[1].is_ascii_whitespace())
            && !assigned_to_other_key(between)
    });
    let after = || {
        let to = (c.s.end + 60).min(c.hay.len());
        let line_end = c.hay[c.s.end..to].iter().position(|&b| b == b'\n').map_or(to, |p| c.s.end + p);
        password_word(c.hay, c.s.end, line_end, false)
            .filter(|&(s, _)| !c.hay[c.s.end..s].windows(2).any(|w| w[0] == b'.' && w[1].is_ascii_whitespace()))
    };
    let (ks, ke) = match before {
        Some(k) => k,
        None => match after() {
            Some(k) => k,
            None => return Reject,
        },
    };
    // The words between say what kind of sentence this is (`the password policy requires …`).
    let (from, to) = if ke <= c.s.start { (ke, c.s.start) } else { (c.s.end, ks) };
    let between = c.hay[from..to].to_ascii_lowercase();
    // After the value, `comme` is `as` (`avec X comme mot de passe`), not `such as`.
    let value_first = ke > c.s.start;
    let stop = between
        .split(|b| !(b.is_ascii_alphanumeric() || *b >= 0x80 || *b == b'.'))
        .map(|w| w.strip_suffix(b".").unwrap_or(w))
        .any(|w| PROSE_STOPWORDS.contains(&w) && !(value_first && w == b"comme"));
    if stop {
        return Reject;
    }
    check_prose_password(c)
}

/// A piece of an encrypted value written inline, whose fields look random: SOPS's
/// `ENC[AES256_GCM,data:…,iv:…,tag:…,type:str]`. The envelope is opened before the value on its
/// line and not yet closed.
fn inside_encrypted_envelope(c: &Ctx) -> bool {
    let left = c.left(400);
    let line = &left[left.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..];
    line.windows(4).rposition(|w| w == b"ENC[").is_some_and(|at| !line[at..].contains(&b']'))
}

/// Bytes that may stand before a value's first byte.
fn is_token_boundary(b: u8) -> bool {
    b.is_ascii_whitespace()
        || matches!(b, b'"' | b'\'' | b'`' | b'(' | b'[' | b'{' | b'|' | b'>' | b':' | b',' | b'*')
        || b >= 0x80
}

/// `…password: X\napi_token: ` before a value: it belongs to the last key, not to the password
/// word. A key is an identifier with `_`, `.` or `-`, or quoted, right before `:` or `=`.
fn assigned_to_other_key(between: &[u8]) -> bool {
    let t = between.trim_ascii_end();
    let t = t.strip_suffix(b"\"").or_else(|| t.strip_suffix(b"'")).unwrap_or(t).trim_ascii_end();
    let Some(rest) = t.strip_suffix(b":").or_else(|| t.strip_suffix(b"=")) else { return false };
    let rest = rest.trim_ascii_end();
    let quoted = rest.ends_with(b"\"") || rest.ends_with(b"'");
    let rest = rest.strip_suffix(b"\"").or_else(|| rest.strip_suffix(b"'")).unwrap_or(rest);
    let n = rest.iter().rev().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')).count();
    let key = rest[rest.len() - n..].to_ascii_lowercase();
    let names_password = [&b"pass"[..], b"pwd", b"pw", b"mdp"].iter().any(|w| key.windows(w.len()).any(|x| x == *w));
    // Plain identifier keys (`id = "db-5C5Y…"` under a masked `password = (sensitive value)`).
    let identifier = [&b"id"[..], b"arn", b"uuid", b"name", b"region", b"resource_id"].contains(&key.as_slice());
    n > 0 && (quoted || identifier || key.iter().any(|b| matches!(b, b'_' | b'.' | b'-'))) && !names_password
}

/// A cell of a Markdown or Jira table (`| … |`, header `|| … ||`) under a column whose header
/// names a password (`| Account | Password |`, `||Compte||Mot de passe||`, `Mot de passe
/// retrouvé`): the value must look made up ([`password_shaped`]).
pub(crate) fn check_password_column(c: &Ctx) -> Verdict {
    let v = c.secret();
    let rest = &c.hay[c.s.end..];
    let closed = rest.iter().find(|&&b| b != b' ' && b != b'\t' && b != b'`') == Some(&b'|');
    if !closed || !password_shaped(v) || is_placeholder(v) {
        return Reject;
    }
    let line_start = c.hay[..c.s.start].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let column = c.hay[line_start..c.s.start].iter().filter(|&&b| b == b'|').count();
    // The header is the first line of the block of lines that start with `|`.
    let mut header = None;
    let mut end = line_start;
    while end > 0 {
        let l_end = end - 1;
        let l_start = c.hay[..l_end].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        if !c.hay[l_start..l_end].trim_ascii_start().starts_with(b"|") {
            break;
        }
        header = Some(l_start..l_end);
        end = l_start;
    }
    let Some(h) = header else { return Reject };
    let line: Vec<u8> = c.hay[h].to_vec();
    // Jira headers double the bars.
    let mut norm = Vec::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        norm.push(line[i]);
        i += if line[i] == b'|' && line.get(i + 1) == Some(&b'|') { 2 } else { 1 };
    }
    let Some(cell) = norm.split(|&b| b == b'|').nth(column) else { return Reject };
    real_if(password_word(cell, 0, cell.len(), false).is_some())
}

/// A password written as a literal argument or constant in code: not a placeholder, no
/// spaces (a sentence is documentation), and a made-up value: a digit or a symbol, or random.
pub(crate) fn check_code_password(c: &Ctx) -> Verdict {
    let v = c.secret();
    let spaced = v.contains(&b' ');
    let made_up = v.iter().any(|b| b.is_ascii_digit() || !b.is_ascii_alphanumeric()) || looks_random(v, 3.0);
    real_if(!spaced && made_up && !is_placeholder(v) && v.len() >= 4)
}

/// A Wi-Fi key given after its label: made to be secret (see `named::secret_shaped`), with a
/// small letter, so that `WPA2-PSK` or `802.11ac` (a mode, a standard) are not.
pub(crate) fn check_wifi_key(c: &Ctx) -> Verdict {
    let v = c.secret();
    let v = v.strip_suffix(b".").unwrap_or(v);
    // `WPA2-PSK`, `WEP`, `802.11ac`: the network's mode or standard, not its key.
    let lower = v.to_ascii_lowercase();
    let mode = lower.starts_with(b"wpa") || lower.starts_with(b"wep") || lower.starts_with(b"802.11");
    real_if(!mode && has_lower(v) && !is_placeholder(v) && super::named::secret_shaped(v))
}

/// A Wi-Fi network's key said in a sentence (`SSID VISITEURS-SIEGE, c'est granit7453`): shaped
/// like a secret, or a word and three digits or more, as guest networks' keys often are.
pub(crate) fn check_wifi_value(c: &Ctx) -> Verdict {
    if super::named::check_secret_in_prose(c) == Real {
        return Real;
    }
    let v = c.secret();
    let letters = v.iter().filter(|b| b.is_ascii_alphabetic()).count();
    let digits = v.iter().filter(|b| b.is_ascii_digit()).count();
    let mode = [&b"wpa"[..], b"wep", b"802"].iter().any(|m| v.to_ascii_lowercase().starts_with(m));
    real_if(
        (8..=32).contains(&v.len())
            && v.iter().all(u8::is_ascii_alphanumeric)
            && letters >= 4
            && digits >= 3
            && !mode
            && !is_placeholder(v),
    )
}

/// A CVSS vector (`3.1/AV:N/AC:L/…`, `CVSS:4.0/AV:N/…`) after a word that reads like a secret's
/// name: every report carries one, it names a severity.
fn is_cvss_vector(v: &[u8]) -> bool {
    let has = |p: &[u8]| v.windows(p.len()).any(|w| w == p);
    has(b"AV:") && has(b"/AC:")
}

/// `AUTH PLAIN` base64: it decodes to `authzid NUL user NUL password` with a password there.
pub(crate) fn check_sasl_plain(c: &Ctx) -> Verdict {
    use base64::Engine;
    let Ok(raw) = base64::engine::general_purpose::STANDARD.decode(c.secret()) else { return Reject };
    let parts: Vec<&[u8]> = raw.split(|&b| b == 0).collect();
    real_if(parts.len() == 3 && !parts[1].is_empty() && parts[2].len() >= 4 && !is_placeholder(parts[2]))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// One automaton pass finds the word the word-by-word search found, both ways.
        #[test]
        fn password_word_matches_word_by_word(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(
                        ["password", "PassWords", "pass", "pwd", "pw", "Mot de passe", "mots de passe", "sésame", "phrase secrète",
                         "x", " ", "\n", "é", "_", "-", "1", "A", "de"]
                            .map(String::from)
                            .to_vec()
                    ),
                    "[a-zA-Z ]{0,3}",
                ],
                0..12,
            ),
            cut in 0usize..8,
        ) {
            let hay = parts.concat();
            let b = hay.as_bytes();
            let from = cut.min(b.len());
            for last in [true, false] {
                proptest::prop_assert_eq!(password_word(b, from, b.len(), last), password_word_by_word(b, from, b.len(), last));
            }
        }
    }
}
