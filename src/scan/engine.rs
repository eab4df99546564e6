//! Matching: an aho-corasick keyword prefilter, then each rule's regex only in windows around its
//! keyword hits (or around digit-dense stretches, for the number rules), then the rule's
//! validator, then overlap resolution (the most specific finding wins, no duplicate spans).
//!
//! Everything is linear in the text: the automata and the regex engines (`regex` has no
//! backtracking engine that can blow up: its backtracker is bounded by input × pattern size)
//! run once per window, windows of one rule are merged before searching, and decoding is bounded
//! in depth and total size.

use super::ctx::{Ctx, Env, Verdict};
use super::decode;
use super::rules::{Rule, Trigger, PRIVATE_KEY_PATTERN, RULES, TOKEN_PATTERN};
use super::timing;
use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Input, MatchKind};
use regex::bytes::Regex;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

/// A finding before it is put in words: byte span in the scanned text.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub rule: usize,
    pub example: bool,
    pub encoding: Option<&'static str>,
}

struct Compiled {
    /// Every rule's keywords (ASCII case-insensitive) and prefixes (case-sensitive) in one
    /// ASCII-case-insensitive automaton, so that the text is read once: a prefix's hit is kept
    /// only where the text has its exact bytes.
    keywords: Option<DFA>,
    /// Per pattern of `keywords`: its rule.
    kw_rules: Vec<usize>,
    /// Per pattern of `keywords`: a prefix's exact bytes, `None` for a keyword.
    kw_exact: Vec<Option<&'static str>>,
    digit_rules: Vec<usize>,
    /// Rules whose window ends at the end of the keyword's line (`Trigger::HeaderLine`).
    line_bounded: Vec<bool>,
    /// The digit rules' patterns as one set: one pass over a window says which of them can match.
    digit_set: Option<regex::bytes::RegexSet>,
    /// One regex per rule, compiled on first use.
    regexes: Vec<OnceLock<Option<Regex>>>,
    /// How each rule's secret is taken from a match, decided on first use.
    spans: Vec<OnceLock<SpanBy>>,
}

/// How the secret's span is found in a rule's match.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SpanBy {
    /// The first group that took part: a capture search (the regex crate's bounded backtracker
    /// or one-pass DFA over the match, after the forward and reverse DFAs found it).
    Groups,
    /// The pattern is its first group, with only zero-width assertions around it (`\b(…)\b`):
    /// the match is the secret, so a plain `find` (no capture search) gives the same span.
    Match,
    /// `TOKEN_PATTERN`, which matches every token of its windows: [`token_at`].
    Tokens,
    /// `PRIVATE_KEY_PATTERN`: [`private_key_at`].
    PrivateKey,
}

/// Reads the pattern's syntax tree (the parser `regex` uses) to tell [`SpanBy::Match`] patterns
/// from those needing their groups.
fn span_by(pattern: &str) -> SpanBy {
    use regex_syntax::hir::HirKind;
    if pattern == TOKEN_PATTERN {
        return SpanBy::Tokens;
    }
    if pattern == PRIVATE_KEY_PATTERN {
        return SpanBy::PrivateKey;
    }
    let Ok(hir) = regex_syntax::ParserBuilder::new().utf8(false).build().parse(pattern) else {
        return SpanBy::Groups;
    };
    let first_group = |k: &HirKind| matches!(k, HirKind::Capture(c) if c.index == 1);
    // No group at all: the secret is the match.
    let whole = hir.properties().explicit_captures_len() == 0
        || match hir.kind() {
            HirKind::Concat(parts) => {
                let mut rest = parts.iter().filter(|p| !matches!(p.kind(), HirKind::Look(_)));
                rest.next().is_some_and(|p| first_group(p.kind())) && rest.next().is_none()
            }
            k => first_group(k),
        };
    if whole {
        SpanBy::Match
    } else {
        SpanBy::Groups
    }
}

fn compiled() -> &'static Compiled {
    static C: OnceLock<Compiled> = OnceLock::new();
    C.get_or_init(|| {
        let (mut pats, mut kw_rules, mut kw_exact, mut digit_rules) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (i, r) in RULES.iter().enumerate() {
            match r.trigger {
                Trigger::Words(ws) | Trigger::HeaderLine(ws) => {
                    for w in ws {
                        pats.push(*w);
                        kw_rules.push(i);
                        kw_exact.push(None);
                    }
                }
                Trigger::Prefixes(ps) => {
                    for p in ps {
                        pats.push(*p);
                        kw_rules.push(i);
                        kw_exact.push(Some(*p));
                    }
                }
                Trigger::Digits => digit_rules.push(i),
            }
        }
        // The concrete DFA type, not `AhoCorasick`: searching it through the `Automaton` trait is
        // monomorphised, so each byte is a table lookup instead of a call through a trait object
        // (3× faster here, more in wasm).
        Compiled {
            keywords: DFA::builder().ascii_case_insensitive(true).match_kind(MatchKind::Standard).build(&pats).ok(),
            kw_rules,
            kw_exact,
            digit_set: regex::bytes::RegexSet::new(digit_rules.iter().map(|&i| RULES[i].pattern)).ok(),
            digit_rules,
            line_bounded: RULES.iter().map(|r| matches!(r.trigger, Trigger::HeaderLine(_))).collect(),
            regexes: RULES.iter().map(|_| OnceLock::new()).collect(),
            spans: RULES.iter().map(|_| OnceLock::new()).collect(),
        }
    })
}

/// The rule's regex, compiled once. A pattern that does not compile disables its rule (a unit
/// test compiles every pattern, so this cannot ship).
pub(crate) fn regex(i: usize) -> Option<&'static Regex> {
    let c = compiled();
    c.regexes.get(i)?.get_or_init(|| regex::bytes::RegexBuilder::new(RULES[i].pattern).build().ok()).as_ref()
}

#[cfg(test)]
mod reference;

/// Deepest nesting of encodings decoded (base64 inside URL-encoding, …).
const MAX_DEPTH: u8 = 2;

/// Scans `text`, returning non-overlapping hits sorted by start.
pub(crate) fn scan(text: &str, env: &Env) -> Vec<Hit> {
    let mut budget = decode::Budget::default();
    let mut hits = scan_at(text.as_bytes(), env, 0, &mut budget);
    hits.extend(super::structure::table_hits(text));
    hits.extend(super::structure::insert_hits(text));
    resolve(&mut hits);
    name_vendor_tokens(text.as_bytes(), &mut hits);
    hits
}

/// A password rule's secret that has a vendor token's shape is reported as that vendor's token.
pub(crate) fn name_vendor_tokens(hay: &[u8], hits: &mut [Hit]) {
    for h in hits.iter_mut() {
        if h.encoding.is_some() || RULES[h.rule].category != super::Category::PasswordAssignment {
            continue;
        }
        if let Some(r) = hay.get(h.start..h.end).and_then(super::validators::vendor_token_rule) {
            h.rule = r;
        }
    }
}

/// Each keyword-triggered rule's windows in `hay`, merged as they come: a keyword repeated over
/// megabytes (`AKIAAKIA…`) makes one window, not a position per occurrence.
///
/// Only the rules that have a hit get a list (`slot` says which): decoded blobs are scanned too,
/// a few hundred small texts per dense text, and a list per rule for each was a few per cent of
/// the scan in allocating and dropping empty vectors.
struct KeywordWindows {
    /// Per rule, the index of its list in `lists`, or `u32::MAX`.
    slot: Vec<u32>,
    lists: Vec<Vec<Range<usize>>>,
}

impl KeywordWindows {
    /// Rule `i`'s windows, taken out (empty if it has none).
    fn take(&mut self, i: usize) -> Vec<Range<usize>> {
        match self.slot.get(i) {
            Some(&k) if k != u32::MAX => std::mem::take(&mut self.lists[k as usize]),
            _ => Vec::new(),
        }
    }
}

fn keyword_windows(c: &Compiled, hay: &[u8]) -> KeywordWindows {
    let mut kw = KeywordWindows { slot: vec![u32::MAX; RULES.len()], lists: Vec::new() };
    // One pass for keywords and prefixes. A rule has either keywords or prefixes, and the hits
    // of its patterns come in the same order as from an automaton of its kind alone (by end,
    // then longest first), so its windows are the same as with one pass per kind.
    if let Some(iter) = c.keywords.as_ref().and_then(|ac| ac.try_find_overlapping_iter(Input::new(hay)).ok()) {
        for m in iter {
            let k = m.pattern().as_usize();
            if c.kw_exact[k].is_some_and(|exact| &hay[m.start()..m.end()] != exact.as_bytes()) {
                continue;
            }
            let i = c.kw_rules[k];
            let (p, r) = (m.start(), &RULES[i]);
            let k = match kw.slot[i] {
                u32::MAX => {
                    kw.slot[i] = kw.lists.len() as u32;
                    kw.lists.push(Vec::new());
                    kw.lists.len() - 1
                }
                k => k as usize,
            };
            let windows = &mut kw.lists[k];
            let mut w = p.saturating_sub(r.before)..(p + r.after).min(hay.len());
            if c.line_bounded[i] {
                // The line's end, looked for from where this rule's last window stopped, so a
                // line full of keywords is read once.
                let from = windows.last().map_or(p, |l| l.end.max(p)).min(w.end);
                w.end = hay[from..w.end].iter().position(|&b| b == b'\n').map_or(w.end, |o| from + o);
                // And its start, for a rule that looks back (`before`).
                if let Some(o) = memchr::memrchr(b'\n', &hay[w.start..p]) {
                    w.start += o + 1;
                }
            }
            match windows.last_mut() {
                Some(last) if w.start <= last.end && w.end >= last.start => {
                    last.start = last.start.min(w.start);
                    last.end = last.end.max(w.end);
                }
                _ => windows.push(w),
            }
        }
    }
    kw
}

fn scan_at(hay: &[u8], env: &Env, depth: u8, budget: &mut decode::Budget) -> Vec<Hit> {
    let c = compiled();
    let t0 = timing::start();
    let mut kw = keyword_windows(c, hay);
    timing::stage(timing::PREFILTER, t0, 0);
    let mut out = Vec::new();
    // In rule order, as before: the order of hits decides between equal ones in `resolve`.
    for i in 0..RULES.len() {
        let mut windows = kw.take(i);
        if windows.is_empty() {
            continue;
        }
        windows.sort_unstable_by_key(|w| w.start);
        let windows = merge(windows.drain(..));
        search(i, hay, &windows, env, &mut out);
    }
    if !c.digit_rules.is_empty() {
        let t = timing::start();
        let windows = digit_windows(hay);
        timing::stage(timing::DIGIT_WINDOWS, t, windows.len());
        if !windows.is_empty() {
            match &c.digit_set {
                Some(set) => {
                    let t = timing::start();
                    let mut per: Vec<Vec<Range<usize>>> = vec![Vec::new(); c.digit_rules.len()];
                    for w in &windows {
                        let m = set.matches_at(&hay[..w.end], w.start);
                        for k in m.iter() {
                            per[k].push(w.clone());
                        }
                    }
                    timing::stage(timing::DIGIT_SET, t, windows.len());
                    for (k, ws) in per.iter().enumerate() {
                        if !ws.is_empty() {
                            search(c.digit_rules[k], hay, ws, env, &mut out);
                        }
                    }
                }
                None => {
                    for &i in &c.digit_rules {
                        search(i, hay, &windows, env, &mut out);
                    }
                }
            }
        }
    }
    if depth < MAX_DEPTH {
        let t = timing::start();
        let blobs = decode::blobs(hay, budget);
        timing::stage(timing::DECODE, t, blobs.len());
        for blob in blobs {
            let inner = scan_at(blob.text.as_bytes(), env, depth + 1, budget);
            for h in inner {
                let (start, end) = match &blob.map {
                    Some(map) => (
                        blob.span.start + map.get(h.start).copied().unwrap_or(0),
                        blob.span.start + map.get(h.end).copied().unwrap_or(blob.span.len()),
                    ),
                    None => (blob.span.start, blob.span.end),
                };
                out.push(Hit { start, end, rule: h.rule, example: h.example, encoding: Some(blob.encoding) });
            }
        }
    }
    out
}

/// Runs rule `i` in each window; validated matches go to `out`.
fn search(i: usize, hay: &[u8], windows: &[Range<usize>], env: &Env, out: &mut Vec<Hit>) {
    let Some(re) = regex(i) else { return };
    let t = timing::start();
    search_with(i, re, hay, windows, env, out);
    timing::rule(i, t, windows);
}

fn search_with(i: usize, re: &Regex, hay: &[u8], windows: &[Range<usize>], env: &Env, out: &mut Vec<Hit>) {
    let rule: &Rule = &RULES[i];
    let by = *compiled().spans[i].get_or_init(|| span_by(rule.pattern));
    let mut locs = re.capture_locations();
    for w in windows {
        // Searching `hay[..w.end]` from `w.start` keeps the real context before the window for
        // `\b` and other look-behind; a match touching the window's end may be cut short, so
        // it is dropped unless the window ends where the text does (windows are sized so that
        // a whole token fits).
        let sub = &hay[..w.end];
        let mut at = w.start;
        while at < w.end {
            // The secret is the first capture group that took part, else the whole match.
            let (ms, me, span) = match by {
                SpanBy::Groups => {
                    let Some(m) = re.captures_read_at(&mut locs, sub, at) else { break };
                    let (ms, me) = (m.start(), m.end());
                    (ms, me, (1..locs.len()).find_map(|g| locs.get(g)).map(|(a, b)| a..b).unwrap_or(ms..me))
                }
                SpanBy::Match => {
                    let Some(m) = re.find_at(sub, at) else { break };
                    (m.start(), m.end(), m.range())
                }
                SpanBy::Tokens => {
                    let Some((ms, me)) = token_at(sub, at) else { break };
                    (ms, me, ms..me)
                }
                SpanBy::PrivateKey => {
                    let Some((ms, me)) = private_key_at(sub, at) else { break };
                    (ms, me, ms..me)
                }
            };
            at = if me > ms { me } else { ms + 1 };
            if me == w.end && w.end < hay.len() && is_token_byte(hay[w.end]) {
                continue;
            }
            if span.is_empty() {
                continue;
            }
            let ctx = Ctx { hay, m: ms..me, s: span.clone(), env };
            let t = timing::start();
            let verdict = if rule.examples.iter().any(|e| e.as_bytes() == &hay[span.clone()]) {
                Verdict::Example
            } else {
                (rule.check)(&ctx)
            };
            timing::check(i, t);
            match verdict {
                Verdict::Reject => {}
                Verdict::Real | Verdict::Example => out.push(Hit {
                    start: span.start,
                    end: span.end,
                    rule: i,
                    example: verdict == Verdict::Example,
                    encoding: None,
                }),
            }
        }
    }
}

/// The leftmost match of `TOKEN_PATTERN` in `hay` at or after `at`, without the regex: that
/// pattern matches every word of its windows, and a forward, a reverse and a capture search per
/// word cost more than this one pass. A unit is one byte of the token set, or `\xC3` and a
/// continuation byte; the pattern's greedy `unit* last` (`last` any unit but `.` and `?`) takes
/// the longest run of units from its start and gives back the units after the last `last`.
/// `engine::tests::token_at_matches_the_regex` holds it to the regex.
fn token_at(hay: &[u8], mut at: usize) -> Option<(usize, usize)> {
    let unit = |i: usize| -> usize {
        match hay[i] {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => 1,
            b'!' | b'#' | b'$' | b'%' | b'&' | b'*' | b'+' | b'=' | b'?' | b'@' | b'^' | b'~' | b'_' | b'.' | b'-' => 1,
            0xC3 if hay.get(i + 1).is_some_and(|b| (0x80..=0xBF).contains(b)) => 2,
            _ => 0,
        }
    };
    while at < hay.len() {
        let (start, mut i, mut end) = (at, at, None);
        while i < hay.len() {
            let n = unit(i);
            if n == 0 {
                break;
            }
            if !matches!(hay[i], b'.' | b'?') {
                end = Some(i + n);
            }
            i += n;
        }
        if let Some(end) = end {
            return Some((start, end));
        }
        // No match starts in this run (its suffixes have no `last` either), nor at the byte
        // that ended it.
        at = i + 1;
    }
    None
}

/// The leftmost match of `PRIVATE_KEY_PATTERN` in `hay` at or after `at`, without the regex,
/// which read each key a byte at a time twice (forward for the end, backward for the start):
/// here `memchr` finds the BEGIN and END lines and one loop reads a key with no END. As the
/// pattern prefers: the first BEGIN line that parses; then the first END line after it that
/// parses, anywhere in `hay` (`(?s:.)*?`); else the run of base64 and line breaks after the
/// BEGIN line (which always matches, if empty). `engine::tests::private_key_at_matches_the_regex`
/// holds it to the regex.
fn private_key_at(hay: &[u8], mut at: usize) -> Option<(usize, usize)> {
    // Both lines start with `-`: `memchr` to each `-`, then a comparison (`memmem` would build a
    // searcher per call, and cost the module 1 KB).
    let find = |from: usize, line: &[u8]| {
        memchr::memchr_iter(b'-', &hay[from..]).map(|o| from + o).find(|&i| hay[i..].starts_with(line))
    };
    while let Some(start) = find(at, b"-----BEGIN") {
        let Some(head_end) = armor_line_rest(hay, start + 10) else {
            at = start + 1;
            continue;
        };
        let mut from = head_end;
        while let Some(end_line) = find(from, b"-----END") {
            if let Some(end) = armor_line_rest(hay, end_line + 8) {
                return Some((start, end));
            }
            from = end_line + 1;
        }
        let body = hay[head_end..]
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\r' | b'\n' | b'\\')))
            .unwrap_or(hay.len() - head_end);
        return Some((start, head_end + body));
    }
    None
}

/// Where `[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----` matches from `i`, ending as the regex's
/// preferred match does: the longest prefix first, ` BLOCK` taken when it can be.
fn armor_line_rest(hay: &[u8], i: usize) -> Option<usize> {
    let rest = hay.get(i..)?;
    let run = rest.iter().take(40).take_while(|&&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ').count();
    (0..=run).rev().find_map(|k| {
        let after = rest[k..].strip_prefix(b"PRIVATE KEY")?;
        if after.starts_with(b" BLOCK-----") {
            Some(i + k + 11 + 11)
        } else if after.starts_with(b"-----") {
            Some(i + k + 11 + 5)
        } else {
            None
        }
    })
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'/' | b'=' | b'.')
}

fn merge(ranges: impl Iterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Stretches where a number of at least 6 digits stands — digits joined only by the separators
/// people type in card numbers, IBANs, ids and phone numbers (space, `-`, `.`, `/`, `(`, `)`, `+`)
/// — padded and widened to whole tokens: where those rules can match. A letter breaks the run, so
/// hex digests and base64 (digits scattered among letters) rarely open a window; the padding
/// brings back the letters a number carries (IBAN country code, DNI control letter).
///
/// Linear, and quick on prose: two passes (tokens, then runs) that jump from digit to digit and
/// read only the token or run a digit opens.
fn digit_windows(hay: &[u8]) -> Vec<Range<usize>> {
    const NEED: usize = 6;
    const PAD: usize = 48;
    let n = hay.len();
    let mut ranges = Vec::new();
    // Alphanumeric tokens of 11-34 bytes with 6+ digits and a letter (an Italian codice fiscale,
    // an IBAN written without spaces) open a window too.
    let next_digit = |from: usize| hay[from..].iter().position(u8::is_ascii_digit).map(|o| from + o);
    let mut i = 0usize;
    while let Some(d) = next_digit(i) {
        let mut s = d;
        while s > 0 && hay[s - 1].is_ascii_alphanumeric() {
            s -= 1;
        }
        let (mut e, mut digits) = (d, 0usize);
        while e < n && hay[e].is_ascii_alphanumeric() {
            digits += usize::from(hay[e].is_ascii_digit());
            e += 1;
        }
        if (11..=34).contains(&(e - s)) && digits >= NEED && digits < e - s {
            ranges.push(s.saturating_sub(PAD)..(e + PAD).min(n));
        }
        i = e;
    }
    // Runs: digits, and separators at most 2 bytes past the last digit; a run starts at a digit.
    let mut i = 0usize;
    while let Some(d) = next_digit(i) {
        let (mut j, mut digits, mut last) = (d, 0usize, d);
        while j < n {
            let b = hay[j];
            if b.is_ascii_digit() {
                digits += 1;
                last = j;
            } else if !matches!(b, b' ' | b'-' | b'.' | b'/' | b'(' | b')' | b'+') || j - last > 2 {
                break;
            }
            j += 1;
        }
        if digits >= NEED {
            ranges.push(d.saturating_sub(PAD)..(last + 1 + PAD).min(n));
        }
        i = j;
    }
    ranges.sort_by_key(|r| r.start);
    let mut merged = merge(ranges.into_iter());
    // Widen each end to the end of its token, so a number is never cut by the window.
    for r in &mut merged {
        let mut e = r.end;
        let limit = (e + 64).min(n);
        while e < limit && hay[e].is_ascii_alphanumeric() {
            e += 1;
        }
        r.end = e;
    }
    merge(merged.into_iter())
}

/// Keeps the most specific of overlapping hits: higher rank first, then a direct match over a
/// decoded one, then the longer span. Sorted by start on return.
pub(crate) fn resolve(hits: &mut Vec<Hit>) {
    if hits.len() < 2 {
        return;
    }
    hits.sort_by(|a, b| {
        let (ra, rb) = (RULES[a.rule].rank, RULES[b.rule].rank);
        rb.cmp(&ra)
            .then(a.encoding.is_some().cmp(&b.encoding.is_some()))
            .then(a.example.cmp(&b.example))
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut keep = Vec::with_capacity(hits.len());
    for h in hits.drain(..) {
        let overlaps_before = taken.range(..h.end).next_back().is_some_and(|(_, &e)| e > h.start);
        if overlaps_before {
            continue;
        }
        taken.insert(h.start, h.end);
        keep.push(h);
    }
    keep.sort_by_key(|h| (h.start, h.end));
    *hits = keep;
}

/// What rule `i` alone finds in `text` — its prefilter windows (or digit windows), its regex,
/// its validator — before overlaps are resolved: how a rule's own examples are checked.
#[cfg(test)]
pub(crate) fn rule_hits(i: usize, text: &str, env: &Env) -> Vec<Hit> {
    let hay = text.as_bytes();
    let mut windows = match RULES[i].trigger {
        Trigger::Digits => digit_windows(hay),
        _ => keyword_windows(compiled(), hay).take(i),
    };
    windows.sort_unstable_by_key(|w| w.start);
    let windows = merge(windows.into_iter());
    let mut out = Vec::new();
    search(i, hay, &windows, env, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::ScanOptions;

    /// Every rule carries strings it must find and strings it must not (`should_match`,
    /// `should_not_match` in rules.rs), and this runs them all: a rule cannot exist untested.
    #[test]
    fn every_rule_keeps_its_examples() {
        let env = Env::new(&ScanOptions::default(), Some("reporter@example.org"));
        let mut failures = Vec::new();
        for (i, r) in RULES.iter().enumerate() {
            if r.should_match.is_empty() || r.should_not_match.is_empty() {
                failures.push(format!("{}: needs at least one should_match and one should_not_match", r.id));
            }
            for s in r.should_match {
                let hits = rule_hits(i, s, &env);
                if !hits.iter().any(|h| !h.example) {
                    failures.push(format!("{}: does not find {s:?}", r.id));
                }
            }
            for s in r.should_not_match {
                let hits = rule_hits(i, s, &env);
                if let Some(h) = hits.iter().find(|h| !h.example) {
                    failures.push(format!("{}: finds {:?} in {s:?}", r.id, &s[h.start..h.end]));
                }
            }
        }
        assert!(failures.is_empty(), "{} rule examples fail:\n{}", failures.len(), failures.join("\n"));
    }

    #[test]
    fn every_pattern_compiles() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(
                regex(i).is_some(),
                "rule {} does not compile: {:?}",
                r.id,
                regex::bytes::Regex::new(r.pattern).err()
            );
        }
    }

    #[test]
    fn rule_ids_are_unique_and_categories_known() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate {}", r.id);
            assert!(super::super::Category::ALL.contains(&r.category), "{}", r.category);
        }
    }

    #[test]
    fn digit_windows_cover_numbers() {
        let t = b"abc 4111 1111 1111 1111 def";
        let w = digit_windows(t);
        assert_eq!(w.len(), 1);
        assert!(w[0].start == 0 && w[0].end == t.len());
        assert!(digit_windows(b"version 1.2.3 and 4.5").is_empty());
    }

    /// The byte-at-a-time definition `digit_windows` replaced (it jumps from digit to digit):
    /// both must give the same windows.
    fn digit_windows_reference(hay: &[u8]) -> Vec<Range<usize>> {
        const NEED: usize = 6;
        const PAD: usize = 48;
        let mut ranges = Vec::new();
        let (mut run_start, mut digits, mut last_digit) = (0usize, 0usize, 0usize);
        let (mut tok_start, mut tok_digits) = (0usize, 0usize);
        for (i, &b) in hay.iter().enumerate() {
            if b.is_ascii_alphanumeric() {
                if i == 0 || !hay[i - 1].is_ascii_alphanumeric() {
                    tok_start = i;
                    tok_digits = 0;
                }
                tok_digits += usize::from(b.is_ascii_digit());
                let ends = hay.get(i + 1).is_none_or(|n| !n.is_ascii_alphanumeric());
                let len = i + 1 - tok_start;
                if ends && (11..=34).contains(&len) && tok_digits >= NEED && tok_digits < len {
                    ranges.push(tok_start.saturating_sub(PAD)..(i + 1 + PAD).min(hay.len()));
                }
            }
            if b.is_ascii_digit() {
                if digits == 0 {
                    run_start = i;
                }
                digits += 1;
                last_digit = i;
            } else if digits > 0 && (!matches!(b, b' ' | b'-' | b'.' | b'/' | b'(' | b')' | b'+') || i - last_digit > 2)
            {
                if digits >= NEED {
                    ranges.push(run_start.saturating_sub(PAD)..(last_digit + 1 + PAD).min(hay.len()));
                }
                digits = 0;
            }
        }
        if digits >= NEED {
            ranges.push(run_start.saturating_sub(PAD)..(last_digit + 1 + PAD).min(hay.len()));
        }
        ranges.sort_by_key(|r| r.start);
        let mut merged = merge(ranges.into_iter());
        for r in &mut merged {
            let mut e = r.end;
            let limit = (e + 64).min(hay.len());
            while e < limit && hay[e].is_ascii_alphanumeric() {
                e += 1;
            }
            r.end = e;
        }
        merge(merged.into_iter())
    }

    proptest::proptest! {
        #[test]
        fn digit_windows_match_the_reference(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    "[0-9]{1,20}", "[ .()/+-]{1,3}", "[A-Za-z]{1,12}", "[A-Z0-9]{11,36}", "[ \n,;:]{1,4}"
                ],
                0..60,
            )
        ) {
            let hay = parts.concat();
            proptest::prop_assert_eq!(digit_windows(hay.as_bytes()), digit_windows_reference(hay.as_bytes()));
        }
    }

    /// Every text of every corpus under tests/corpus (each case with a reporter's address, and
    /// each corpus joined into one text without): the engine finds exactly what the frozen
    /// reference engine finds — same spans, rules, example flags and encodings.
    #[test]
    fn fast_engine_matches_reference_on_corpus() {
        fn corpora(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            let mut entries: Vec<_> =
                std::fs::read_dir(dir).expect("tests/corpus").flatten().map(|e| e.path()).collect();
            entries.sort();
            for p in entries {
                if p.is_dir() {
                    corpora(&p, out);
                } else if p.extension().is_some_and(|e| e == "jsonl") {
                    out.push(p);
                }
            }
        }
        let key = |h: &Hit| (h.start, h.end, RULES[h.rule].id, h.example, h.encoding);
        let mut files = Vec::new();
        corpora(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus"), &mut files);
        assert!(files.len() >= 6, "corpora found: {files:?}");
        let plain = Env::new(&ScanOptions::default(), None);
        let (mut texts, mut findings) = (0usize, 0usize);
        for file in &files {
            let cases: Vec<serde_json::Value> = std::fs::read_to_string(file)
                .expect("corpus file")
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).expect("corpus line"))
                .collect();
            let mut all = Vec::new();
            for case in &cases {
                let Some(text) = case["text"].as_str() else { continue };
                all.push(text);
                let own = Env::new(&ScanOptions::default(), case["reporter_email"].as_str().or(Some("me@example.org")));
                // One address per case (the reporter's own: the e-mail validators' longest path);
                // the joined text below runs without one.
                let fast: Vec<_> = scan(text, &own).iter().map(key).collect();
                let slow: Vec<_> = reference::scan(text, &own).iter().map(key).collect();
                assert_eq!(fast, slow, "{} {}", file.display(), case["id"]);
                texts += 1;
                findings += fast.len();
            }
            let joined = all.join("\n\n");
            let fast: Vec<_> = scan(&joined, &plain).iter().map(key).collect();
            assert_eq!(
                fast,
                reference::scan(&joined, &plain).iter().map(key).collect::<Vec<_>>(),
                "{} joined",
                file.display()
            );
            findings += fast.len();
        }
        assert!(texts > 1500 && findings > 5_000, "{texts} texts, {findings} findings: the corpus went missing");
    }

    // The hand-written token matcher finds what `TOKEN_PATTERN` finds, from every start.
    proptest::proptest! {
        #[test]
        fn token_at_matches_the_regex(
            hay in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(b"aZ09.?-_!@ \n,;:/\"'<>\xC3\xA9\x80\xBF\xC2\xE2".to_vec()),
                    proptest::num::u8::ANY,
                ],
                0..40,
            ),
            at in 0usize..42,
        ) {
            let re = regex::bytes::Regex::new(TOKEN_PATTERN).unwrap();
            let at = at.min(hay.len());
            proptest::prop_assert_eq!(token_at(&hay, at), re.find_at(&hay, at).map(|m| (m.start(), m.end())));
        }
    }

    // The hand-written PEM matcher finds what `PRIVATE_KEY_PATTERN` finds, from every start.
    proptest::proptest! {
        #[test]
        fn private_key_at_matches_the_regex(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "-----BEGIN", "-----END", "-----", "--", " ", "RSA", "EC ", "PGP ", "A1", "PRIVATE KEY",
                    "PRIVATE KEY-----", " BLOCK", " BLOCK-----", "PUBLIC KEY", "MIIE+/a=", "\n", "\r\n", "\\",
                    "x", "é", "0123456789ABCDEF0123456789ABCDEF01234567",
                ]),
                0..24,
            ),
            at in 0usize..200,
        ) {
            let re = regex::bytes::Regex::new(PRIVATE_KEY_PATTERN).unwrap();
            let hay = parts.concat();
            let hay = hay.as_bytes();
            let at = at.min(hay.len());
            proptest::prop_assert_eq!(private_key_at(hay, at), re.find_at(hay, at).map(|m| (m.start(), m.end())));
        }
    }

    #[test]
    fn private_key_at_reads_pem() {
        let re = regex::bytes::Regex::new(PRIVATE_KEY_PATTERN).unwrap();
        for t in [
            "x -----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY----- y",
            "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQ\n-----END PGP PRIVATE KEY BLOCK-----",
            "-----BEGIN PRIVATE KEY-----\nMIIE/+=\n[snip]\n",
            "-----BEGIN PUBLIC KEY-----\nMII\n-----END PUBLIC KEY----- -----BEGIN EC PRIVATE KEY-----abc",
            "-----BEGIN PRIVATE KEY PRIVATE KEY----------END X PRIVATE KEY BLOCK-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END PUBLIC KEY-----\n-----END OPENSSH PRIVATE KEY-----",
        ] {
            let hay = t.as_bytes();
            for at in 0..=hay.len() {
                assert_eq!(
                    private_key_at(hay, at),
                    re.find_at(hay, at).map(|m| (m.start(), m.end())),
                    "{t:?} from {at}"
                );
            }
        }
    }

    /// Which rules skip the capture search: those whose first group is the whole match.
    #[test]
    fn span_by_reads_the_pattern() {
        assert_eq!(span_by(r"(?-u)\b(eyJ[A-Za-z0-9_-]{8,})\b"), SpanBy::Match);
        assert_eq!(span_by(r"(?i-u)(abc|def)"), SpanBy::Match);
        assert_eq!(span_by(r"(?-u)\bkey=(\w+)"), SpanBy::Groups);
        assert_eq!(span_by(r"(?-u)(a)|(b)"), SpanBy::Groups);
        assert_eq!(span_by(r"(?-u)(?:x(a))"), SpanBy::Groups);
        assert_eq!(span_by(r"(?-u)\bno(?:ne|group)\b"), SpanBy::Match);
        assert_eq!(span_by(TOKEN_PATTERN), SpanBy::Tokens);
        let fast = RULES.iter().filter(|r| span_by(r.pattern) == SpanBy::Match).count();
        assert!(fast >= 25, "{fast} rules take the match as the secret");
    }

    #[test]
    fn resolve_prefers_rank_then_length() {
        let mut v = vec![
            Hit { start: 0, end: 10, rule: 0, example: false, encoding: None },
            Hit { start: 2, end: 5, rule: 0, example: false, encoding: None },
            Hit { start: 20, end: 25, rule: 0, example: false, encoding: None },
        ];
        resolve(&mut v);
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].start, v[0].end), (0, 10));
    }
}
