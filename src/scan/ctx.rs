//! What a validator is given and what it answers: the match in its text ([`Ctx`]), the
//! addresses that are never findings ([`Env`]), and the [`Verdict`]. The engine, the rules and
//! the validators all import these from here, so that none of them imports another both ways.

use super::ScanOptions;
use crate::profile::Profile;
use std::ops::Range;

/// A validator's answer about one match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Not a finding.
    Reject,
    /// A finding at its category's severity.
    Real,
    /// A published documentation or test value: kept, severity `info`.
    Example,
}

/// Addresses that are not findings: the reporter's own and the profile's.
pub(crate) struct Env {
    pub own_emails: Vec<String>,
    /// The reporter's own addresses only (not the profile's): a block that holds one is the
    /// reporter's signature.
    pub reporter_emails: Vec<String>,
}

impl Env {
    pub fn new(opts: &ScanOptions, report_email: Option<&str>) -> Env {
        let profile = opts.profile.unwrap_or_else(|| Profile::thales());
        let mut own: Vec<String> = [opts.reporter_email, report_email, Some(profile.psirt_email.as_str())]
            .into_iter()
            .flatten()
            .chain(profile.appeal_email.as_deref())
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect();
        own.sort();
        own.dedup();
        let mut reporter: Vec<String> = [opts.reporter_email, report_email]
            .into_iter()
            .flatten()
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect();
        reporter.dedup();
        Env { own_emails: own, reporter_emails: reporter }
    }
}

/// What a validator sees: the text, the whole match, the secret span, the environment.
pub(crate) struct Ctx<'a> {
    pub hay: &'a [u8],
    pub m: Range<usize>,
    pub s: Range<usize>,
    pub env: &'a Env,
}

impl Ctx<'_> {
    pub fn secret(&self) -> &[u8] {
        &self.hay[self.s.clone()]
    }
    pub fn whole(&self) -> &[u8] {
        &self.hay[self.m.clone()]
    }
    /// The byte just before the match, if any.
    pub fn before(&self) -> Option<u8> {
        self.m.start.checked_sub(1).map(|i| self.hay[i])
    }
    /// The byte just after the match, if any.
    pub fn after(&self) -> Option<u8> {
        self.hay.get(self.m.end).copied()
    }
    /// Up to `n` bytes before the match.
    pub fn left(&self, n: usize) -> &[u8] {
        &self.hay[self.m.start.saturating_sub(n)..self.m.start]
    }
    /// Up to `n` bytes after the match.
    pub fn right(&self, n: usize) -> &[u8] {
        &self.hay[self.m.end..(self.m.end + n).min(self.hay.len())]
    }
    /// The line (or lines) the match is on, at most 400 bytes either side.
    pub fn line(&self) -> &[u8] {
        let left = self.left(400);
        let start = self.m.start - left.len() + left.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let right = self.right(400);
        let end = self.m.end + right.iter().position(|&b| b == b'\n').unwrap_or(right.len());
        &self.hay[start..end]
    }
}

/// `text` in lower case for comparing with the validators' word lists, which are ASCII and
/// Latin-1 (`ostéo`, `siège`, `téléphone`): ASCII and the Latin-1 capitals (`À`–`Þ` but `×`)
/// are lowered, every other character is kept. Hand-written rather than `str::to_lowercase`
/// because that links Unicode's whole case-mapping table (~12 KB, ~9 KiB gzip of the core
/// module) for letters that can never complete a word of these lists.
///
/// Byte by byte, without decoding characters: ASCII capitals are single bytes, and the Latin-1
/// capitals `U+00C0`–`U+00DE` are `C3 80`–`C3 9E`, lowered by adding `0x20` to their second byte.
pub(crate) fn lower_latin1(text: &str) -> String {
    let mut b = text.as_bytes().to_vec();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'A'..=b'Z' => b[i] += 0x20,
            0xC3 if b.get(i + 1).is_some_and(|n| matches!(n, 0x80..=0x96 | 0x98..=0x9E)) => {
                b[i + 1] += 0x20;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    // Always UTF-8 (a capital's bytes became its small letter's); the character-wise way is kept
    // for the impossible other case.
    String::from_utf8(b).unwrap_or_else(|_| lower_latin1_chars(text))
}

/// [`lower_latin1`] a character at a time (the unit tests hold the two to each other).
fn lower_latin1_chars(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'A'..='Z' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{de}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Whether `hay` contains any of `words`, leaving out the words that start with `=` (token
/// matches, which the caller tests itself): the same answer as
/// `words.iter().any(|w| hay.contains(w))` over those words, in one pass of an automaton built
/// once per list instead of one substring search (and searcher set-up) per word — the validators'
/// cue and lexicon lists run on every e-mail, phone number and named value found.
pub(crate) fn contains_any(hay: &str, words: &'static [&'static str]) -> bool {
    use aho_corasick::automaton::Automaton;
    use aho_corasick::dfa::DFA;
    use std::sync::Mutex;
    type Lists = Vec<((usize, usize), Option<DFA>)>;
    // By the list's address: each list in the binary is built once.
    static BUILT: Mutex<Lists> = Mutex::new(Vec::new());
    let key = (words.as_ptr() as usize, words.len());
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    let i = match built.iter().position(|(k, _)| *k == key) {
        Some(i) => i,
        None => {
            let plain: Vec<&str> = words.iter().copied().filter(|w| !w.starts_with('=')).collect();
            built.push((key, DFA::new(plain).ok()));
            built.len() - 1
        }
    };
    match &built[i].1 {
        Some(dfa) => dfa.try_find(&aho_corasick::Input::new(hay)).ok().flatten().is_some(),
        // Never reached with the word lists in this crate (small, plain strings).
        None => words.iter().filter(|w| !w.starts_with('=')).any(|w| hay.contains(w)),
    }
}

#[cfg(test)]
mod tests {
    use super::{lower_latin1, lower_latin1_chars};

    proptest::proptest! {
        /// Byte by byte, as character by character.
        #[test]
        fn lower_latin1_bytes_match_chars(t in "(?s).{0,40}", l in "[\\x00-\\u{17f}]{0,40}") {
            proptest::prop_assert_eq!(lower_latin1(&t), lower_latin1_chars(&t));
            proptest::prop_assert_eq!(lower_latin1(&l), lower_latin1_chars(&l));
        }
    }

    /// Where the word lists live (ASCII and Latin-1), it lowers exactly as `str::to_lowercase`.
    #[test]
    fn lower_latin1_agrees_with_std_on_latin1() {
        let all: String = (0u32..=0xff).filter_map(char::from_u32).collect();
        assert_eq!(lower_latin1(&all), all.to_lowercase());
        assert_eq!(lower_latin1("SIÈGE 21D, OSTÉO, Téléphone ×"), "siège 21d, ostéo, téléphone ×");
    }
}
