//! Every input kept under fuzz/regressions/<target>/ (a crash the fuzzer found, fixed) and every
//! seed under fuzz/seeds/<target>/ runs through the fuzz target's body (`psirt_report::fuzzing`),
//! so a fixed crash stays fixed in `make test`, without nightly or cargo-fuzz.

use std::path::Path;

const TARGETS: [&str; 5] = ["report_json", "scan_redact", "key_load", "open_message", "open_payload"];

fn inputs(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

#[test]
fn kept_fuzz_inputs_and_seeds_run_clean() {
    let mut ran = 0;
    for target in TARGETS {
        for dir in [format!("fuzz/regressions/{target}"), format!("fuzz/seeds/{target}")] {
            for file in inputs(Path::new(&dir)) {
                let data = std::fs::read(&file).unwrap();
                assert!(psirt_report::fuzzing::run(target, &data), "unknown target {target}");
                ran += 1;
            }
        }
    }
    // The seeds at least (a sealed message and its decrypted payload) must be there.
    assert!(ran >= 2, "no fuzz inputs found: run from the repository root");
}
