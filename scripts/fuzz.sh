#!/usr/bin/env bash
# `make fuzz [FUZZ_SECONDS=60]`: each fuzz target for a bounded time.
# Coverage-guided with cargo-fuzz (libFuzzer) on a nightly toolchain when one is installed (make
# fuzz installs them: scripts/setup.sh --fuzz); otherwise property-based fuzzing with proptest
# (PSIRT_PROPTEST_CASES) over the same surfaces, and it says which one ran.
# A crash leaves its input in fuzz/artifacts/<target>/: fix it, then copy the input to
# fuzz/regressions/<target>/ so tests/fuzz_regressions.rs keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds=${1:-60}
say() { printf 'fuzz: %s\n' "$*"; }

# Seeds beside the corpus each target grows (libFuzzer reads every directory given; it writes
# new inputs into the first).
declare -A SEEDS=(
  [report_json]="examples"
  [scan_redact]="fuzz/seeds/scan_redact"
  [key_load]="tests/keys keys"
  [open_message]="fuzz/seeds/open_message"
  [open_payload]="fuzz/seeds/open_payload"
)
TARGETS=(report_json scan_redact key_load open_message open_payload)

if rustup run nightly rustc --version >/dev/null 2>&1 && cargo fuzz --version >/dev/null 2>&1; then
  say "cargo-fuzz (libFuzzer, nightly), ${seconds}s per target"
  # Fuzz the dependency versions that ship: start from the product's lock file.
  [[ -f fuzz/Cargo.lock ]] || cp Cargo.lock fuzz/Cargo.lock
  for t in "${TARGETS[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    # shellcheck disable=SC2086
    cargo +nightly fuzz run --fuzz-dir fuzz "$t" "fuzz/corpus/$t" ${SEEDS[$t]} -- \
      -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
  done
  say "no crash in ${#TARGETS[@]} targets x ${seconds}s"
else
  cases=$((seconds * 20))
  say "no nightly + cargo-fuzz here: property-based fuzzing instead (proptest, $cases cases per property)"
  PSIRT_PROPTEST_CASES=$cases PROPTEST_CASES=$cases cargo test --release --test properties --test validate --test scan -- --nocapture
fi
