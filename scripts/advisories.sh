#!/usr/bin/env bash
# RustSec advisories for Cargo.lock, checked offline (`make audit` runs it through scripts/audit.sh).
#
# These machines cannot fetch the advisory database (a git repository). A dated snapshot of it
# (a plain copy of its tree, no git history) is shared beside the checkout, at
# ../shared/rustsec-advisory-db (CI) — or ../../shared from a worktree, or $PSIRT_ADVISORY_DB.
# The snapshot is read-only, so it is copied to a temporary folder laid out the way cargo-deny
# 0.20 opens a database it is told not to fetch (src/advisories/helpers/db.rs):
#   <db-path>/<name>-<xxhash64 of the url>/crates/…   the advisories
#   <db-path>/<name>-<hash>/.git/FETCH_HEAD           its modification time is "the last fetch":
#                                                     set to the snapshot's date, not today
# and cargo-deny runs offline (`--offline`: no fetch) with a copy of deny.toml whose [advisories] table points there
# (`db-path`, `db-urls`, and `maximum-db-staleness` = the snapshot's age, so an old snapshot is
# used and its age said, not refused). Everything else — `ignore` with its reasons, `yanked` —
# comes from deny.toml itself.
#
# Before the real check, a self-check runs the same command on a second copy holding one fake
# advisory against a crate Cargo.lock holds (base64, every version): cargo-deny must fail and name
# it. If it does not, the real "ok" would mean nothing, and this script fails.
#
# Prints one line beginning "advisories:" with the snapshot's commit and date beside the result.
# Exit 0: no advisory affects a locked crate (or deny.toml ignores it with a reason);
# 1: an advisory does, or the self-check did not catch its fake one; 2: no snapshot or no cargo-deny.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf 'advisories: %s\n' "$*"; }

snapshot=""
for d in "${PSIRT_ADVISORY_DB:-}" ../shared/rustsec-advisory-db ../../shared/rustsec-advisory-db; do
  if [[ -n "$d" && -d "$d/crates" && -f "$d/SNAPSHOT.txt" ]]; then snapshot=$(cd "$d" && pwd); break; fi
done
if [[ -z "$snapshot" ]]; then
  say "NOT CHECKED (no RustSec snapshot at ../shared/rustsec-advisory-db, ../../shared/rustsec-advisory-db or \$PSIRT_ADVISORY_DB)"
  exit 2
fi
if ! cargo deny --version >/dev/null 2>&1; then
  say "NOT CHECKED (cargo-deny is not installed: scripts/setup.sh --audit)"
  exit 2
fi

# "Commit <40 hex>, dated YYYY-MM-DD." in SNAPSHOT.txt.
commit=$(grep -oE 'Commit [0-9a-f]{40}' "$snapshot/SNAPSHOT.txt" | head -1 | cut -c8-)
date=$(grep -oE 'dated [0-9]{4}-[0-9]{2}-[0-9]{2}' "$snapshot/SNAPSHOT.txt" | head -1 | cut -c7-)
if [[ -z "$date" ]]; then
  say "NOT CHECKED (no date in $snapshot/SNAPSHOT.txt)"
  exit 2
fi
age_days=$(( ($(date -u +%s) - $(date -u -d "$date" +%s)) / 86400 ))
(( age_days < 0 )) && age_days=0
about="RustSec snapshot ${commit:0:12} of $date, $age_days days old; advisories published since are not checked"

# `--offline` is what keeps cargo-deny from fetching the database; it also keeps `cargo metadata`
# offline, which then needs every locked crate (every target's) in the local registry: fetched
# first, from crates.io (a registry, reachable here).
if ! cargo fetch --locked --quiet; then
  say "NOT CHECKED (cargo fetch --locked failed: the crate graph cannot be read)"
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The url only names the folder; nothing is fetched (--offline).
url="https://github.com/rustsec/advisory-db"

# deny.toml with the [advisories] table pointing at `root`.
config_for() { # config_for ROOT OUT
  awk -v root="$1" -v url="$url" -v age="$((age_days + 1))" '
    { print }
    /^\[advisories\][[:space:]]*$/ {
      printf "db-path = \"%s\"\ndb-urls = [\"%s\"]\nmaximum-db-staleness = \"P%dD\"\n", root, url, age
    }' deny.toml >"$2"
  grep -q '^db-path = ' "$2"
}

# Where cargo-deny looks for the database of `url` under `root` (the folder name holds a hash of
# the url): asked of cargo-deny itself, at debug level, on an empty root.
db_dir_for() { # db_dir_for ROOT CONFIG
  cargo deny -L debug --offline --config "$2" check advisories 2>&1 |
    sed -nE "s/.*Opening advisory database at '([^']+)'.*/\1/p" | head -1
}

# A copy of the snapshot under `root`, its "fetch time" set to the snapshot's date.
lay_out() { # lay_out ROOT CONFIG
  local dir
  mkdir -p "$1"
  dir=$(db_dir_for "$1" "$2")
  if [[ -z "$dir" || "$dir" != "$1"/* ]]; then
    say "NOT CHECKED (cargo-deny did not say where it reads its database under $1)" >&2
    return 1
  fi
  mkdir -p "$dir/.git"
  cp -R "$snapshot/crates" "$dir/crates"
  : >"$dir/.git/FETCH_HEAD"
  touch -d "$date" "$dir/.git/FETCH_HEAD"
  printf '%s\n' "$dir"
}

run_check() { # run_check CONFIG LOG
  cargo deny --offline --config "$1" check --hide-inclusion-graph advisories >"$2" 2>&1
}

# 1. Self-check: a fake advisory against every base64 release must fail the check.
config_for "$work/fake" "$work/fake.toml" || { say "FAILED (could not write the configuration)"; exit 1; }
fake_dir=$(lay_out "$work/fake" "$work/fake.toml") || exit 2
fake_id="RUSTSEC-2099-0001"
mkdir -p "$fake_dir/crates/base64"
cat >"$fake_dir/crates/base64/$fake_id.md" <<EOF
\`\`\`toml
[advisory]
id = "$fake_id"
package = "base64"
date = "2099-01-01"
url = "https://example.invalid/psirt-report-audit-self-check"
categories = ["memory-corruption"]
keywords = ["self-check"]

[versions]
patched = [">= 9999.0.0"]
\`\`\`

# Fake advisory (scripts/advisories.sh self-check)

Made up, in a temporary copy of the database, to prove the check fails on a locked crate.
EOF
if run_check "$work/fake.toml" "$work/fake.log" || ! grep -q "$fake_id" "$work/fake.log"; then
  say "FAILED: the self-check's fake advisory $fake_id (base64, every version) was not reported"
  cat "$work/fake.log"
  exit 1
fi

# 2. The real check, on an untouched copy.
config_for "$work/real" "$work/real.toml" || { say "FAILED (could not write the configuration)"; exit 1; }
lay_out "$work/real" "$work/real.toml" >/dev/null || exit 2
count=$(find "$snapshot/crates" -name 'RUSTSEC-*.md' | wc -l)
if run_check "$work/real.toml" "$work/real.log"; then
  say "ok ($about; $count advisories read; self-check: fake $fake_id caught)"
  grep -E '^(warning|note)\[' "$work/real.log" | sort | uniq -c | sed 's/^/advisories:   /' || true
  exit 0
fi
cat "$work/real.log"
say "FAILED ($about): an advisory affects a locked crate; fix it, or ignore it in deny.toml with a reason"
exit 1
