//! Validators: what a regex cannot say. Check digits (Luhn, IBAN mod-97, French NIR key, Spanish
//! DNI/NIE letter, Italian codice fiscale check character, German tax id ISO 7064 MOD 11,10),
//! number rules (US SSN, UK NINO), token checksums (GitHub / npm CRC32 in base62), JWT headers,
//! placeholders, example domains and private address ranges.
//!
//! Each `check_*` takes the match context and says whether it is a real finding, a documented
//! example (kept, severity `info`), or nothing.

use super::ctx::{Ctx, Verdict};
use super::decode;

use Verdict::{Example, Real, Reject};

mod contact;
mod credentials;
mod named;
mod personal;
mod tokens;
pub(crate) use contact::*;
pub(crate) use credentials::*;
pub(crate) use named::*;
pub(crate) use personal::*;
pub(crate) use tokens::*;

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
/// The concrete DFA type, not `AhoCorasick`: searched through the `Automaton` trait it is
/// monomorphised (a table lookup per byte, no call through a trait object).
fn placeholder_words() -> Option<&'static aho_corasick::dfa::DFA> {
    static AC: std::sync::OnceLock<Option<aho_corasick::dfa::DFA>> = std::sync::OnceLock::new();
    AC.get_or_init(|| {
        aho_corasick::dfa::DFA::builder()
            .ascii_case_insensitive(true)
            .build([
                "${",
                "{{",
                "$(",
                "***",
                "...",
                "\u{2026}",
                "redacted",
                // Mask characters: `sk_live_••••••••`, `████████`.
                "\u{2022}\u{2022}",
                "\u{2588}\u{2588}",
                "\u{25cf}\u{25cf}",
                "\u{b7}\u{b7}\u{b7}",
                "placeholder",
                "your_",
                "your-",
                "yourpass",
                "example",
                "dummy",
                "factice",
                "fictif",
                "fictive",
                "sample",
                "fake",
                "secret_here",
                // `your_token_here`, `insert_key_here`, not `Wint3r_is_here`.
                "token_here",
                "key_here",
                "password_here",
                "pass_here",
                "pwd_here",
                "value_here",
                "goes_here",
                "token_value",
                "process.env",
                "os.environ",
                "getenv",
                // French: "to fill in", "to define", "to complete", "your …".
                "renseigner",
                "a_definir",
                "a-definir",
                "\u{e0} d\u{e9}finir",
                "\u{e0}_d\u{e9}finir",
                "a_completer",
                "\u{e0} compl\u{e9}ter",
                "\u{e0}_compl\u{e9}ter",
                "a_remplir",
                "\u{e0} remplir",
                "votre_",
                "votre-",
                "votremotdepasse",
                // Encrypted at rest, not a secret: Ansible Vault, SOPS.
                "!vault",
                // What CI systems and frameworks print instead of a secret.
                "[masked]",
                // Redaction marks in French: `[CAVIARDÉ]`, `[SUPPRIMÉ]`, `<masqué>`.
                "caviard",
                "[supprim",
                "[masqu",
                "[retir",
                "[removed",
                "[filtered]",
                "[hidden]",
                "$ansible_vault",
                "enc[aes256_gcm",
                // A mask sent URL-encoded in a form body or a query: `%2A%2A%2A` is `***`,
                // `%E2%80%A2` a masking dot.
                "%2a%2a%2a",
                "%e2%80%a2%e2%80%a2",
                // References into a secret manager: the secret stays there (HashiCorp Vault,
                // AWS Secrets Manager and SSM, Azure Key Vault, 1Password, GCP Secret Manager).
                "vault:",
                "arn:aws:secretsmanager:",
                "arn:aws:ssm:",
                "@microsoft.keyvault(",
                "op://",
                "sm://",
                // "Replace me", "fill me in", in English and French.
                "changez-moi",
                "changez_moi",
                "\\*\\*\\*",
                "replace_me",
                "replace-me",
                "replaceme",
                "replace_with",
                "fill_me",
                "fillme",
                "set_me",
                "a_changer",
                "\u{e0}_changer",
                "remplacer_",
                // Encrypted by the tool that reads it, not a secret in clear: Jasypt `ENC(…)`,
                // Spring Cloud Config `{cipher}…`, Jenkins' `{AQAAABAAAA…}` credentials (its header, with or without the brace).
                "enc(",
                "{cipher}",
                "aqaaabaaaa",
            ])
            .ok()
    })
    .as_ref()
}

/// The name of a variable that holds a secret, not the secret: `STRIPE_KEY`, `DB_PASSWORD`,
/// `AWS_SECRET_ACCESS_KEY` (upper-case words joined by `_`, one of them naming a secret).
fn is_variable_name(v: &[u8]) -> bool {
    v.contains(&b'_')
        && v.first().is_some_and(u8::is_ascii_uppercase)
        && v.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
        && v.split(|&b| b == b'_').any(|w| {
            matches!(
                w,
                b"KEY"
                    | b"TOKEN"
                    | b"PASSWORD"
                    | b"PASS"
                    | b"PWD"
                    | b"SECRET"
                    | b"APIKEY"
                    | b"PASSWD"
                    | b"MDP"
                    | b"CREDENTIALS"
            )
        })
}

/// A template's name for a value, its braces cut by the pattern or not: `{motdepasse}`,
/// `{password`, `{{db_pass}}` (a format string filled in later).
fn is_template_name(v: &[u8]) -> bool {
    let inner = v.strip_prefix(b"{").map(|r| r.strip_suffix(b"}").unwrap_or(r));
    inner
        .is_some_and(|i| i.len() >= 3 && i.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')))
}

/// Keys made to be published in a page: Mapbox `pk.eyJ…`, Stripe `pk_live_…` / `pk_test_…`.
fn is_public_token(v: &[u8]) -> bool {
    v.starts_with(b"pk.eyJ") || v.starts_with(b"pk_live_") || v.starts_with(b"pk_test_")
}

/// A Bitnami Sealed Secret's value: long base64 starting `Ag`, readable only by the cluster's
/// controller.
fn is_sealed_secret(v: &[u8]) -> bool {
    v.len() >= 100
        && v.starts_with(b"Ag")
        && v.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
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
        || placeholder_words().is_some_and(|ac| {
            use aho_corasick::automaton::Automaton;
            ac.try_find(&aho_corasick::Input::new(v)).ok().flatten().is_some()
        })
        || has_printf_name(v)
        || changeme_family(v)
    {
        return true;
    }
    // One repeated character (`00000000`, `--------`, a nil UUID `00000000-0000-…`), or
    // masking dots (`••••••••`, `●●●●`).
    let marks = |b: &u8| matches!(b, b'-' | b'_' | b'.' | b':');
    let first = v.iter().find(|b| !marks(b));
    if v.iter().all(|&b| b == v[0])
        || first.is_some_and(|f| v.iter().all(|b| b == f || marks(b)))
        || is_variable_name(v)
        || is_template_name(v)
        || is_public_token(v)
        || is_sealed_secret(v)
        || is_yaml_tag(v)
        || std::str::from_utf8(v)
            .is_ok_and(|t| t.chars().all(|c| matches!(c, '\u{2022}' | '\u{25CF}' | '\u{00B7}' | '\u{2219}' | '*')))
    {
        return true;
    }
    // Lowered on the stack: the candidates that get here are mostly short.
    let mut buf = [0u8; 32];
    let lower: std::borrow::Cow<[u8]> = match buf.get_mut(..v.len()) {
        Some(b) => {
            b.copy_from_slice(v);
            b.make_ascii_lowercase();
            std::borrow::Cow::Borrowed(b)
        }
        None => std::borrow::Cow::Owned(v.to_ascii_lowercase()),
    };
    matches!(
        lower.as_ref(),
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
            | b"motdepasse"
            | b"mot_de_passe"
            | b"mot-de-passe"
            | b"mdp"
            | b"utilisateur"
    )
}

/// A YAML local tag standing where the value would be, the value kept elsewhere: Home
/// Assistant's `!secret name`, `!env_var NAME`, `!include file`, CloudFormation's `!Ref`, `!Sub`.
/// Letters and `_` only after the `!`: `!Secret9` or `!river-otter` are passwords.
fn is_yaml_tag(v: &[u8]) -> bool {
    v.len() >= 4 && v[0] == b'!' && v[1..].iter().all(|b| b.is_ascii_alphabetic() || *b == b'_')
}

/// `changeme`, `change_me`, `CHANGE-ME`: a placeholder, unless the value was made to pass a
/// password policy (capitals, small letters, digits and a symbol: `Changeme2025!`), which is how a
/// default password that works is written.
fn changeme_family(v: &[u8]) -> bool {
    // `changeme` in the value with its `_` and `-` left out, ASCII case-insensitive: from each
    // `c`, the next eight bytes that are neither (no folded copy of every candidate).
    let found = (0..v.len()).any(|i| {
        let mut rest = v[i..].iter().filter(|b| !matches!(b, b'_' | b'-'));
        v[i].eq_ignore_ascii_case(&b'c')
            && b"changeme".iter().all(|w| rest.next().is_some_and(|b| b.eq_ignore_ascii_case(w)))
    });
    if !found {
        return false;
    }
    let symbol = v.iter().any(|b| b"!#$%&*+=?@^~".contains(b));
    !(has_upper(v) && has_lower(v) && has_digit(v) && symbol)
}

/// A value given in base64 (a Kubernetes Secret's `data:`) that decodes to a placeholder:
/// `Y2hhbmdlbWU=` is `changeme`.
pub(crate) fn is_encoded_placeholder(v: &[u8]) -> bool {
    if v.len() < 8 || v.len() % 4 != 0 {
        return false;
    }
    decode::b64_any(v)
        .is_some_and(|d| d.len() >= 3 && d.iter().all(|b| (0x20..0x7f).contains(b)) && is_placeholder(d.trim_ascii()))
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
            // `$__env{NAME}`, `$__file{/run/secrets/x}` (Grafana), `$env{…}`: a named expansion.
            rest.get(n).is_none_or(|b| matches!(b, b'/' | b':' | b'.' | b'}' | b'-' | b'\\' | b'{'))
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

/// A published specimen (`CARTE NATIONALE D'IDENTITÉ SPÉCIMEN`, a passport's sample page): its
/// numbers and dates are documentation, shown at `info`.
pub(crate) fn specimen_nearby(c: &Ctx) -> bool {
    let around = [c.left(400), c.right(400)];
    around.iter().any(|t| {
        t.windows(8).any(|w| w.eq_ignore_ascii_case(b"specimen"))
            || t.windows(9).any(|w| w.eq_ignore_ascii_case(b"sp\xc3\xa9cimen") || w == "SP\u{c9}CIMEN".as_bytes())
    })
}

/// Token that must also look random (vendor prefixes that ordinary words can also carry).
pub(crate) fn check_random_token(c: &Ctx) -> Verdict {
    let s = c.secret();
    real_if(!is_placeholder(s) && looks_random(s, 3.0))
}

/// An identity provider's audit event (`type=LOGIN realmId=… userId=… sessionId=<uuid>`): the
/// session's identifier in a record of it, beside the realm's and the user's ids.
pub(crate) fn audit_event_session_id(c: &Ctx) -> bool {
    let s = c.secret();
    // A UUID first: only then is the line read (this runs for every session candidate).
    if s.len() != 36 || s.iter().filter(|&&b| b == b'-').count() != 4 {
        return false;
    }
    let line = c.line();
    let has = |w: &[u8]| line.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w));
    (has(b"realmid=") || has(b"realm_id=")) && (has(b"userid=") || has(b"clientid="))
}

/// A value after `session` / `sid`: random, and not a short hex id given as a typed reference
/// (`'session:87bb2f6eac90a4df'` in an audit row names a session, it opens none). A cookie
/// (`session=…`) keeps any random value.
pub(crate) fn check_session_value(c: &Ctx) -> Verdict {
    let s = c.secret();
    // An AWS STS session token is a cloud credential, not a web session: the password rule
    // takes it (`aws_session_token = IQoJb3JpZ2luX2Vj…`).
    let left = c.left(24).to_ascii_lowercase();
    if left.windows(4).any(|w| w == b"aws_") || c.whole().to_ascii_lowercase().windows(4).any(|w| w == b"aws_") {
        return Reject;
    }
    let named_by_colon = !c.whole().contains(&b'=');
    if named_by_colon && s.len() <= 16 && s.iter().all(u8::is_ascii_hexdigit) {
        return Reject;
    }
    if audit_event_session_id(c) {
        return Reject;
    }
    check_random_token(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// `changeme_family` finds `changeme` as the folded copy it no longer makes did.
        #[test]
        fn changeme_family_matches_the_folded_copy(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(
                        ["change", "ChAnGe", "me", "ME", "_", "-", "c", "ch", "Changeme2025!", "!", "9", "x"].map(String::from).to_vec()
                    ),
                    "[a-zA-Z_-]{0,3}",
                ],
                0..8,
            ),
        ) {
            let v = parts.concat();
            let v = v.as_bytes();
            let folded: Vec<u8> = v.iter().filter(|b| !matches!(b, b'_' | b'-')).map(u8::to_ascii_lowercase).collect();
            let symbol = v.iter().any(|b| b"!#$%&*+=?@^~".contains(b));
            let old = folded.windows(8).any(|w| w == b"changeme") && !(has_upper(v) && has_lower(v) && has_digit(v) && symbol);
            proptest::prop_assert_eq!(changeme_family(v), old);
        }
    }

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
            "vault:secret/data/app#password",
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCd",
            "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)",
            "op://Private/db/password",
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
            "STRIPE_KEY",
            "{motdepasse",
            "{motdepasse}",
            "00000000-0000-0000-0000-000000000000",
            "pk.eyJ1IjoiYWNtZSIsImEiOiJjbDBhYmMifQ.xyz",
        ] {
            assert!(is_placeholder(p.as_bytes()), "{p}");
        }
        for s in ["hunter2", "S3cr3t!pass", "q8Zr0xVt", "ji6h8-ry86b^jf*q+anen^9%(&*ia1f5", "ADMIN_2024", "{Xq9!zz"] {
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
