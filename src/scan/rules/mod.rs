//! The detectors, as data: one rule = id, category, rank, trigger (keywords for the prefilter),
//! window, pattern, validator, known documentation values.
//!
//! One file per family, named as the file of `validators/` that judges its matches (`tokens`,
//! `credentials`, `personal`, `named`, `contact`); this file holds the rule type, the pattern
//! fragments the families share and `RULES`, the families chained in a fixed order.
//!
//! Patterns are `regex` syntax with Unicode off (`(?-u)`: ASCII `\b`, `\s`, `\d`), matched on
//! bytes; the secret is the first capture group that takes part in the match (several
//! alternatives may each capture), else the whole match. `rank` settles overlaps: the most
//! specific rule wins (a checksum-verified GitHub token over the URL credential it sits in).
//!
//! Triggers: `Words` are matched ASCII-case-insensitively, `Prefixes` exactly; the regex then
//! runs from `before` bytes ahead of each hit to `after` bytes past it (windows of one rule are
//! merged). `Digits` rules run wherever six digits fall within 24 bytes.
//!
//! Category choices worth knowing: a URL with a password whose scheme is a database or broker
//! (`postgres://`, `mongodb+srv://`, `redis://`, `amqp://`, `jdbc:…`) is a `connection_string`;
//! any other scheme (`https://user:pw@…`, `ftp://`) is `url_credentials`. A GCP service-account
//! file is flagged by its `private_key_id` (its `private_key` is a `private_key` finding).

use super::ctx::{Ctx, Verdict};
use super::Category;

#[derive(Clone, Copy)]
pub(crate) enum Trigger {
    /// ASCII case-insensitive keywords.
    Words(&'static [&'static str]),
    /// Case-sensitive prefixes.
    Prefixes(&'static [&'static str]),
    /// ASCII case-insensitive keywords whose window is their line: at most `before` bytes back to
    /// the line's start and `after` bytes on to its end. For a header name (`before: 0`) the rest
    /// of the header's line, so a pattern can match each item of the header without naming it
    /// again; for a pattern that cannot cross a line, the only part of the window it can match in.
    HeaderLine(&'static [&'static str]),
    /// Digit-dense stretches.
    Digits,
}

/// `Copy` so that `RULES` can be put together from the families' tables at compile time.
#[derive(Clone, Copy)]
pub(crate) struct Rule {
    pub id: &'static str,
    pub category: Category,
    /// Higher wins when findings overlap.
    pub rank: u8,
    pub trigger: Trigger,
    pub before: usize,
    pub after: usize,
    pub pattern: &'static str,
    pub check: fn(&Ctx) -> Verdict,
    /// Exact values published as documentation or test values: kept, severity `info`.
    pub examples: &'static [&'static str],
    /// Texts in which this rule alone must find a real value, and texts in which it must not:
    /// `engine::tests::every_rule_keeps_its_examples` runs them all, and fails for a rule
    /// that has none of either. Read by that test only, and compiled only for it: in the shipped
    /// module they were dead data (the strings of every rule's examples).
    #[cfg(test)]
    pub should_match: &'static [&'static str],
    #[cfg(test)]
    pub should_not_match: &'static [&'static str],
}

/// Pattern fragments shared by the prose rules (`concat!` needs literals, hence macros).
///
/// A value written in a sentence: quoted (`"…"`, `'…'`, `« … »`, `“…”`) or bare; it must hold a
/// digit or a symbol, so that `the password is stored` or `le mot de passe est trop court` do
/// not match at all and the regex goes on to the parse that does (`… for the 'etl' user is X`).
/// A bare value ends before sentence punctuation (`… is Kest857har.`). A passphrase of four
/// or more plain words joined by hyphens counts when bracketed (`(saddle-correct-pepper-bamboo)`).
macro_rules! prose_value {
    () => {
        concat!(
            r#"(?:"([^"\r\n]*[0-9!#$%&*+=?@^~_|][^"\r\n]*)""#,
            r#"|'([^'\r\n]*[0-9!#$%&*+=?@^~_|][^'\r\n]*)'"#,
            r#"|\xC2\xAB(?:[ \t]|\xC2\xA0|\xE2\x80\xAF)*([^\s\xC2\xE2]*[0-9!#$%&*+=?@^~_|][^\s\xC2\xE2]*)(?:[ \t]|\xC2\xA0|\xE2\x80\xAF)*\xC2\xBB"#,
            r#"|\xE2\x80[\x9C\x98]([^\s\xC2\xE2]*[0-9!#$%&*+=?@^~_|][^\s\xC2\xE2]*)\xE2\x80[\x9D\x99]"#,
            r#"|\(([a-z]{3,12}(?:-[a-z]{3,12}){3,7})\)"#,
            r#"|([^\s"'<>\xC2\xE2]*(?:[0-9!#$%&*+=?@^~_|][^\s"'<>\xC2\xE2]*[^\s"'<>\xC2\xE2.,;:)!?]|[0-9#$%&*+=@^~_|])))"#
        )
    };
}

/// From a credential word to its value: the value right after the word and a `:`, `=` or `(`,
/// or right after the word (`with password X`, `PIN 4821`, `mot de passe X`), tried first;
/// else a few words (`for the
/// 'reporting' database user`, `du Wi-Fi invité`), then `is` / `was set to` / `est` / `c'est` /
/// `:` / `=` / `(`.
macro_rules! prose_link {
    () => {
        concat!(
            r#"(?:[ \t]*[(:=][ \t]*|[ \t]+|(?:[ \t]+[^\s.!?:;=,()]{1,30}){0,8}?(?:[ \t]*[:=(][ \t]*|[ \t]+(?:is|was|are|were|reads|is set to|was set to|set to|was changed to|changed to|is now|est|sont|c'est|c\xE2\x80\x99est|vaut|est d\xC3\xA9fini \xC3\xA0|d\xC3\xA9fini \xC3\xA0)(?:[ \t]+(?:still|now|always|just|simply|literally|toujours|encore|bien|simplement|actuellement))?[ \t]+))"#
        )
    };
}

/// `name: value`, `name = value`, `"name": "value"`, `Name : value` (a French label with a
/// no-break space): the name (a few words at most, no line break) is left uncaptured for the
/// validator to read from the whole match; the value is quoted or runs to the end of its line.
macro_rules! named_value {
    () => {
        concat!(
            r#"(?-u)[A-Za-z\x80-\xFF][A-Za-z0-9_.\x80-\xFF'\- ]{0,48}?["']?(?:[ \t]|\xC2\xA0)*(?:=>|[:=]|\.{3,}|\xE2\x80\xA6+)(?:[ \t]|\xC2\xA0)*"#,
            r#"(?:"([^"\r\n]{1,160})"|'([^'\r\n]{1,160})'|\\"([^"\\\r\n]{1,160})\\"|([^\s"'{\[<,\\][^\r\n"]{0,159}))"#
        )
    };
}

// The families, one file each, named as the file of `validators/` that judges their matches
// (declared after the macros above, which they use).
mod contact;
mod credentials;
mod named;
mod personal;
mod tokens;

const NONE: &[&str] = &[];

/// Every token of password-like bytes (ASCII letters, digits, `!#$%&*+=?@^~_.-`, Latin-1 letters
/// in UTF-8) not ending in `.` or `?`. The engine runs it by hand (`engine::token_at`, the same
/// matches, checked against this regex) since it matches every word of its windows.
pub(crate) const TOKEN_PATTERN: &str =
    r"(?-u)((?:[A-Za-z0-9!#$%&*+=?@^~_.\-]|\xC3[\x80-\xBF])*(?:[A-Za-z0-9!#$%&*+=@^~_\-]|\xC3[\x80-\xBF]))";

/// A PEM private key: its `-----BEGIN … PRIVATE KEY-----` line, then up to the first matching
/// END line, else the base64 that follows (a key pasted without its end). The engine matches it
/// by hand (`engine::private_key_at`, the same matches, checked against this regex): the regex
/// reads each key twice (forward, then backward for the start) a byte at a time.
pub(crate) const PRIVATE_KEY_PATTERN: &str = r"(?-u)-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:(?s:.)*?-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\r\n\\]*)";

/// Every rule; a rule's index here is its number in the engine (per-rule caches, timings, and the
/// tie-break between findings of equal rank), so the families are chained in a fixed order.
pub(crate) static RULES: &[Rule] = &ALL;

static ALL: [Rule; COUNT] = chain(&[tokens::RULES, credentials::RULES, personal::RULES, named::RULES, contact::RULES]);

const COUNT: usize =
    tokens::RULES.len() + credentials::RULES.len() + personal::RULES.len() + named::RULES.len() + contact::RULES.len();

/// The families' tables one after the other, at compile time (no copy at run time).
const fn chain<const N: usize>(families: &[&[Rule]]) -> [Rule; N] {
    let mut all = [families[0][0]; N];
    let (mut f, mut n) = (0, 0);
    while f < families.len() {
        let mut i = 0;
        while i < families[f].len() {
            all[n] = families[f][i];
            (n, i) = (n + 1, i + 1);
        }
        f += 1;
    }
    assert!(n == N, "COUNT is the sum of the families' lengths");
    all
}
