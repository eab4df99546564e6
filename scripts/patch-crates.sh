#!/usr/bin/env bash
# Writes patches/build/: the crates that Cargo.toml's [patch.crates-io] points to, each the
# crates.io release fetched by cargo (checksums in patches/fetch/Cargo.lock) with the small
# diffs of patches/*.diff applied (patches/README.md says why). Idempotent: does nothing when
# patches/build/ was made from the same diffs and lock. Every cargo command of this crate needs
# it: `make` runs it first (scripts/setup.sh, and the Makefile's cargo targets).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

out=patches/build
crates=(jsonschema-0.60.2 jsonschema-regex-0.60.2)
stamp=$(cat patches/*.diff patches/fetch/Cargo.toml patches/fetch/Cargo.lock "$0" | sha256sum | cut -c1-64)
if [[ -f $out/.stamp && "$(cat $out/.stamp)" == "$stamp" ]]; then
  exit 0
fi

echo "patch-crates: fetching ${crates[*]} (cargo, checked against patches/fetch/Cargo.lock)"
cargo fetch --locked --manifest-path patches/fetch/Cargo.toml --quiet
meta=$(mktemp)
cargo metadata --locked --offline --format-version 1 --manifest-path patches/fetch/Cargo.toml > "$meta"

tmp=$(mktemp -d patches/.build.XXXXXX)
trap 'rm -rf "$tmp" "$meta"' EXIT
for c in "${crates[@]}"; do
  manifest=$(node -e '
    const [name, version] = process.argv[1].split(/-(?=\d)/);
    const p = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8")).packages.find((x) => x.name === name && x.version === version);
    if (!p) process.exit(1);
    console.log(p.manifest_path);' "$c" "$meta")
  cp -r "$(dirname "$manifest")" "$tmp/$c"
done
# git apply rather than patch(1): git is on every machine that cloned this, patch is not
# (Debian priority "optional", absent from slim images).
for d in patches/*.diff; do
  git apply -p1 --directory="$tmp" "$d"
done
echo "$stamp" > "$tmp/.stamp"
# Replaced whole, never half-written: a build sees the old tree or the new one.
rm -rf "$out.old"
[[ -d $out ]] && mv "$out" "$out.old"
mv "$tmp" "$out"
rm -rf "$out.old"
rm -f "$meta"
trap - EXIT
echo "patch-crates: $out ready (${crates[*]}, patched by $(ls patches/*.diff | tr '\n' ' '))"
