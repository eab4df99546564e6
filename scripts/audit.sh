#!/usr/bin/env bash
# Supply-chain checks (`make audit`; .ci/run runs it after `make test`):
#   1. cargo deny, offline: licenses, bans, sources (deny.toml). A finding fails.
#   2. RustSec advisories, offline, against the dated snapshot shared beside the checkout
#      (scripts/advisories.sh: prints the snapshot's date beside the result, and first proves
#      with a fake advisory that a hit fails). No snapshot, or no cargo-deny: "NOT CHECKED", which
#      fails the run when PSIRT_REQUIRE_ALL=1 (CI).
#   3. npm audit --omit=dev (what the npm package's users install: no runtime dependencies today).
#      When the registry's audit endpoint is unreachable it prints "NOT CHECKED" with the reason.
# Exit 1 when a check that ran found something; "NOT CHECKED" lines alone do not fail.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
status=0
say() { printf 'audit: %s\n' "$*"; }

# `cargo deny --offline` reads the crate graph with `cargo metadata --offline`, which needs every
# locked crate (every target's, Windows ones too) in the local registry: a fresh machine that
# only built for Linux lacks some. Fetched from crates.io first.
cargo fetch --locked --quiet || { say "cargo fetch --locked: FAILED"; status=1; }
if cargo deny --offline check --hide-inclusion-graph licenses bans sources; then
  say "licenses, bans, sources: ok"
else
  say "licenses, bans, sources: FAILED"; status=1
fi

# Its own "advisories: …" line says ok / FAILED / NOT CHECKED (exit 2), with the snapshot's date.
# On CI (PSIRT_REQUIRE_ALL=1, set by .ci/run) the snapshot is there: NOT CHECKED fails too.
bash scripts/advisories.sh
adv=$?
if [[ $adv == 1 || ( $adv != 0 && "${PSIRT_REQUIRE_ALL:-}" == 1 ) ]]; then status=1; fi

npm_out=$(npm audit --omit=dev --json 2>/dev/null)
npm_rc=$?
total=$(printf '%s' "$npm_out" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const j=JSON.parse(s);const t=j?.metadata?.vulnerabilities?.total;console.log(typeof t==="number"?t:"?")}catch{console.log("?")}})')
if [[ "$total" == "0" ]]; then
  say "npm audit --omit=dev: ok (0 vulnerabilities)"
elif [[ "$total" =~ ^[0-9]+$ ]]; then
  say "npm audit --omit=dev: FAILED ($total vulnerabilities)"; printf '%s\n' "$npm_out"; status=1
else
  reason=$(printf '%s' "$npm_out" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const e=JSON.parse(s).error;console.log(`${e?.code ?? ""} ${e?.summary ?? ""}`.trim().slice(0,160))}catch{console.log("no JSON answer")}})')
  say "npm audit --omit=dev: NOT CHECKED (the registry's audit endpoint could not be reached, npm exit $npm_rc: ${reason:-unknown})"
fi
exit $status
