//! Where a scan spends its time, per stage and per rule — compiled only with
//! `RUSTFLAGS="--cfg scan_timing"` (`make scan-timing` runs `examples/scan_timing.rs`); in every
//! other build these are empty inline functions. A tool for tuning the engine, not a benchmark.

#[cfg(scan_timing)]
mod on {
    use super::super::rules::RULES;
    use std::ops::Range;
    use std::sync::Mutex;
    use std::time::Instant;

    pub const PREFILTER: usize = 0;
    pub const DIGIT_WINDOWS: usize = 1;
    pub const DIGIT_SET: usize = 2;
    pub const DECODE: usize = 3;
    const STAGES: [&str; 4] = ["keyword prefilter", "digit windows", "digit rule set", "decode blobs"];

    /// Per slot (stages, then rules): nanoseconds, calls or windows, bytes searched.
    static T: Mutex<Vec<(u128, usize, usize)>> = Mutex::new(Vec::new());

    fn add(slot: usize, ns: u128, n: usize, bytes: usize) {
        let mut t = T.lock().unwrap_or_else(|e| e.into_inner());
        if t.len() < STAGES.len() + 2 * RULES.len() {
            t.resize(STAGES.len() + 2 * RULES.len(), (0, 0, 0));
        }
        t[slot].0 += ns;
        t[slot].1 += n;
        t[slot].2 += bytes;
    }
    pub fn start() -> Instant {
        Instant::now()
    }
    pub fn stage(s: usize, t: Instant, n: usize) {
        add(s, t.elapsed().as_nanos(), n, 0);
    }
    pub fn rule(i: usize, t: Instant, windows: &[Range<usize>]) {
        add(STAGES.len() + i, t.elapsed().as_nanos(), windows.len(), windows.iter().map(|w| w.len()).sum());
    }
    /// Rule `i`'s validator on one match (its time is inside the rule's too).
    pub fn check(i: usize, t: Instant) {
        add(STAGES.len() + RULES.len() + i, t.elapsed().as_nanos(), 1, 0);
    }
    /// Clears the counters.
    pub fn reset() {
        T.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
    /// The `top` slowest stages and rules, one line each.
    pub fn report(top: usize) -> Vec<String> {
        let t = T.lock().unwrap_or_else(|e| e.into_inner());
        let mut v: Vec<_> = t.iter().enumerate().filter(|(_, x)| x.0 > 0).collect();
        v.sort_by_key(|(_, x)| std::cmp::Reverse(x.0));
        v.into_iter()
            .take(top)
            .map(|(i, (ns, n, bytes))| {
                let (name, what) = match i.checked_sub(STAGES.len()) {
                    None => (STAGES[i].to_string(), "windows"),
                    Some(r) if r < RULES.len() => (RULES[r].id.to_string(), "windows"),
                    Some(r) => (format!("{} (checks)", RULES[r - RULES.len()].id), "matches"),
                };
                format!("{name:>36} {:>9.2} ms {n:>8} {what:>7} {bytes:>10} bytes", *ns as f64 / 1e6)
            })
            .collect()
    }
}
#[cfg(scan_timing)]
pub use on::*;

#[cfg(not(scan_timing))]
mod off {
    use std::ops::Range;
    pub const PREFILTER: usize = 0;
    pub const DIGIT_WINDOWS: usize = 1;
    pub const DIGIT_SET: usize = 2;
    pub const DECODE: usize = 3;
    /// Stands for the start time: nothing.
    #[derive(Clone, Copy)]
    pub struct Stamp;
    #[inline(always)]
    pub fn start() -> Stamp {
        Stamp
    }
    #[inline(always)]
    pub fn stage(_: usize, _: Stamp, _: usize) {}
    #[inline(always)]
    pub fn rule(_: usize, _: Stamp, _: &[Range<usize>]) {}
    #[inline(always)]
    pub fn check(_: usize, _: Stamp) {}
}
#[cfg(not(scan_timing))]
pub use off::*;
