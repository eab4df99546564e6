//! Times the scanner on the corpus texts (a profiling aid; the figures are in `benches/scan.rs`).
use psirt_report::scan::{scan_text, ScanOptions};
use std::time::Instant;

fn main() {
    let raw = std::fs::read_to_string("tests/corpus/cases.jsonl").unwrap_or_default();
    let texts: Vec<String> = raw
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_owned))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let opts = ScanOptions::default();
    let t = Instant::now();
    let _ = scan_text("warm up", &opts);
    println!("first call: {:?}", t.elapsed());
    let rounds: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(3);
    let mut slow: Vec<(std::time::Duration, usize)> = Vec::new();
    let t = Instant::now();
    for _ in 0..rounds {
        for (i, s) in texts.iter().enumerate() {
            let t1 = Instant::now();
            let _ = scan_text(s, &opts);
            slow.push((t1.elapsed(), i));
        }
    }
    let el = t.elapsed();
    println!(
        "{} texts, {} bytes, {:?} per round, {:.2} MB/s",
        texts.len(),
        bytes,
        el / rounds as u32,
        (bytes * rounds) as f64 / el.as_secs_f64() / 1e6
    );
    slow.sort();
    for (d, i) in slow.iter().rev().take(8) {
        println!("  slow: case {i} {} bytes {:?}", texts[*i].len(), d);
    }
}
