#!/usr/bin/env bash
# Supply-chain checks (`make audit`; .ci/run runs it after `make test`):
#   1. cargo deny, offline: licenses, bans, sources (deny.toml). A finding fails.
#   2. cargo deny advisories: only when the RustSec database can be fetched; otherwise the line
#      "advisories: NOT CHECKED" says so, and the run does not pretend it passed.
#   3. npm audit --omit=dev (what the npm package's users install: no runtime dependencies today).
#      When the registry's audit endpoint is unreachable it prints "NOT CHECKED" with the reason.
# Exit 1 when a check that ran found something; "NOT CHECKED" lines alone do not fail.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
status=0
say() { printf 'audit: %s\n' "$*"; }

if cargo deny --offline check --hide-inclusion-graph licenses bans sources; then
  say "licenses, bans, sources: ok"
else
  say "licenses, bans, sources: FAILED"; status=1
fi

db_log=$(mktemp)
if cargo deny fetch db >"$db_log" 2>&1; then
  if cargo deny --offline check --hide-inclusion-graph advisories; then say "advisories: ok"; else say "advisories: FAILED"; status=1; fi
else
  say "advisories: NOT CHECKED (the RustSec advisory database could not be fetched: $(grep -m1 -iE 'error|fail' "$db_log" | cut -c1-160))"
fi
rm -f "$db_log"

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
