//! Where the scanner's time goes, per stage and per rule, on a file or on the labelled corpus:
//!
//!   RUSTFLAGS="--cfg scan_timing" cargo run --release --example scan_timing -- [FILE | corpus]
//!
//! (`make scan-timing`). Without the cfg it only prints the throughput.

use psirt_report::scan::{scan_text, ScanOptions};
use std::time::Instant;

fn main() {
    let which = std::env::args().nth(1).unwrap_or_else(|| "corpus".into());
    let texts: Vec<String> = if which == "corpus" {
        std::fs::read_to_string("tests/corpus/cases.jsonl")
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_owned))
            .collect()
    } else {
        match std::fs::read_to_string(&which) {
            Ok(t) => vec![t],
            Err(e) => {
                eprintln!("{which}: {e}");
                std::process::exit(2);
            }
        }
    };
    let opts = ScanOptions::default();
    for t in &texts {
        scan_text(t, &opts); // warm-up: compiles the rules' regexes
    }
    #[cfg(scan_timing)]
    psirt_report::scan::timing_reset();
    const ROUNDS: usize = 5;
    let bytes: usize = texts.iter().map(String::len).sum();
    let t0 = Instant::now();
    for _ in 0..ROUNDS {
        for t in &texts {
            scan_text(t, &opts);
        }
    }
    let s = t0.elapsed().as_secs_f64();
    println!(
        "{which}: {} texts, {bytes} bytes, {ROUNDS} rounds: {:.1} MB/s",
        texts.len(),
        (bytes * ROUNDS) as f64 / s / 1e6
    );
    #[cfg(scan_timing)]
    for line in psirt_report::scan::timing_report(40) {
        println!("{line}");
    }
}
