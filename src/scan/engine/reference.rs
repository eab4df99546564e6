//! The engine as it was before its speed work (commit 69e9983), frozen: the reference the fast
//! engine must agree with, finding for finding, on every corpus the project keeps
//! (`engine::tests::fast_engine_matches_reference_on_corpus`). Test-only; it shares the rules,
//! validators, decoding and table detection with the engine, so only how rules are run is
//! compared. Timing hooks are dropped.

use super::super::ctx::{Ctx, Env, Verdict};
use super::super::decode;
use super::super::rules::{Rule, Trigger, RULES};
use super::Hit;
use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Input, MatchKind};
use regex::bytes::Regex;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

struct Compiled {
    /// Case-insensitive keywords → rule index.
    ci: Option<DFA>,
    ci_rules: Vec<usize>,
    /// Case-sensitive prefixes → rule index.
    cs: Option<DFA>,
    cs_rules: Vec<usize>,
    digit_rules: Vec<usize>,
    /// Rules whose window ends at the end of the keyword's line (`Trigger::HeaderLine`).
    line_bounded: Vec<bool>,
    /// The digit rules' patterns as one set: one pass over a window says which of them can match.
    digit_set: Option<regex::bytes::RegexSet>,
    /// One regex per rule, compiled on first use.
    regexes: Vec<OnceLock<Option<Regex>>>,
}

fn compiled() -> &'static Compiled {
    static C: OnceLock<Compiled> = OnceLock::new();
    C.get_or_init(|| {
        let (mut ci_pats, mut ci_rules, mut cs_pats, mut cs_rules, mut digit_rules) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (i, r) in RULES.iter().enumerate() {
            match r.trigger {
                Trigger::Words(ws) | Trigger::HeaderLine(ws) => {
                    for w in ws {
                        ci_pats.push(*w);
                        ci_rules.push(i);
                    }
                }
                Trigger::Prefixes(ps) => {
                    for p in ps {
                        cs_pats.push(*p);
                        cs_rules.push(i);
                    }
                }
                Trigger::Digits => digit_rules.push(i),
            }
        }
        // The concrete DFA type, not `AhoCorasick`: searching it through the `Automaton` trait is
        // monomorphised, so each byte is a table lookup instead of a call through a trait object
        // (3× faster here, more in wasm).
        let build = |pats: &[&str], ci: bool| {
            DFA::builder().ascii_case_insensitive(ci).match_kind(MatchKind::Standard).build(pats).ok()
        };
        Compiled {
            ci: build(&ci_pats, true),
            ci_rules,
            cs: build(&cs_pats, false),
            cs_rules,
            digit_set: regex::bytes::RegexSet::new(digit_rules.iter().map(|&i| RULES[i].pattern)).ok(),
            digit_rules,
            line_bounded: RULES.iter().map(|r| matches!(r.trigger, Trigger::HeaderLine(_))).collect(),
            regexes: RULES.iter().map(|_| OnceLock::new()).collect(),
        }
    })
}

/// The rule's regex, compiled once. A pattern that does not compile disables its rule (a unit
/// test compiles every pattern, so this cannot ship).
fn regex(i: usize) -> Option<&'static Regex> {
    let c = compiled();
    c.regexes.get(i)?.get_or_init(|| regex::bytes::RegexBuilder::new(RULES[i].pattern).build().ok()).as_ref()
}

/// Deepest nesting of encodings decoded (base64 inside URL-encoding, …).
const MAX_DEPTH: u8 = 2;

/// Scans `text`, returning non-overlapping hits sorted by start.
pub(super) fn scan(text: &str, env: &Env) -> Vec<Hit> {
    let mut budget = decode::Budget::default();
    let mut hits = scan_at(text.as_bytes(), env, 0, &mut budget);
    hits.extend(super::super::structure::table_hits(text));
    hits.extend(super::super::structure::insert_hits(text));
    resolve(&mut hits);
    super::name_vendor_tokens(text.as_bytes(), &mut hits);
    hits
}

/// Each keyword-triggered rule's windows in `hay`, merged as they come: a keyword repeated over
/// megabytes (`AKIAAKIA…`) makes one window, not a position per occurrence.
fn keyword_windows(c: &Compiled, hay: &[u8]) -> Vec<Vec<Range<usize>>> {
    let mut per_rule: Vec<Vec<Range<usize>>> = vec![Vec::new(); RULES.len()];
    for (ac, rules) in [(&c.ci, &c.ci_rules), (&c.cs, &c.cs_rules)] {
        let Some(iter) = ac.as_ref().and_then(|ac| ac.try_find_overlapping_iter(Input::new(hay)).ok()) else {
            continue;
        };
        for m in iter {
            let i = rules[m.pattern().as_usize()];
            let (p, r) = (m.start(), &RULES[i]);
            let mut w = p.saturating_sub(r.before)..(p + r.after).min(hay.len());
            if c.line_bounded[i] {
                // The line's end, looked for from where this rule's last window stopped, so a
                // line full of keywords is read once.
                let from = per_rule[i].last().map_or(p, |l| l.end.max(p)).min(w.end);
                w.end = hay[from..w.end].iter().position(|&b| b == b'\n').map_or(w.end, |o| from + o);
                // And its start, for a rule that looks back (`before`).
                if let Some(o) = memchr::memrchr(b'\n', &hay[w.start..p]) {
                    w.start += o + 1;
                }
            }
            match per_rule[i].last_mut() {
                Some(last) if w.start <= last.end && w.end >= last.start => {
                    last.start = last.start.min(w.start);
                    last.end = last.end.max(w.end);
                }
                _ => per_rule[i].push(w),
            }
        }
    }
    per_rule
}

fn scan_at(hay: &[u8], env: &Env, depth: u8, budget: &mut decode::Budget) -> Vec<Hit> {
    let c = compiled();
    let mut per_rule = keyword_windows(c, hay);
    let mut out = Vec::new();
    for (i, windows) in per_rule.iter_mut().enumerate() {
        if windows.is_empty() {
            continue;
        }
        windows.sort_unstable_by_key(|w| w.start);
        let windows = merge(windows.drain(..));
        search(i, hay, &windows, env, &mut out);
    }
    if !c.digit_rules.is_empty() {
        let windows = digit_windows(hay);
        if !windows.is_empty() {
            match &c.digit_set {
                Some(set) => {
                    let mut per: Vec<Vec<Range<usize>>> = vec![Vec::new(); c.digit_rules.len()];
                    for w in &windows {
                        let m = set.matches_at(&hay[..w.end], w.start);
                        for k in m.iter() {
                            per[k].push(w.clone());
                        }
                    }
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
        let blobs = decode::blobs(hay, budget);
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
    search_with(i, re, hay, windows, env, out);
}

fn search_with(i: usize, re: &Regex, hay: &[u8], windows: &[Range<usize>], env: &Env, out: &mut Vec<Hit>) {
    let rule: &Rule = &RULES[i];
    let mut locs = re.capture_locations();
    for w in windows {
        // Searching `hay[..w.end]` from `w.start` keeps the real context before the window for
        // `\b` and other look-behind; a match touching the window's end may be cut short, so
        // it is dropped unless the window ends where the text does (windows are sized so that
        // a whole token fits).
        let sub = &hay[..w.end];
        let mut at = w.start;
        while at < w.end {
            let Some(m) = re.captures_read_at(&mut locs, sub, at) else { break };
            let (ms, me) = (m.start(), m.end());
            at = if me > ms { me } else { ms + 1 };
            if me == w.end && w.end < hay.len() && is_token_byte(hay[w.end]) {
                continue;
            }
            // The secret is the first capture group that took part, else the whole match.
            let span = (1..locs.len()).find_map(|g| locs.get(g)).map(|(a, b)| a..b).unwrap_or(ms..me);
            if span.is_empty() {
                continue;
            }
            let ctx = Ctx { hay, m: ms..me, s: span.clone(), env };
            let verdict = if rule.examples.iter().any(|e| e.as_bytes() == &hay[span.clone()]) {
                Verdict::Example
            } else {
                (rule.check)(&ctx)
            };
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
fn resolve(hits: &mut Vec<Hit>) {
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
