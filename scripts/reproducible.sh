#!/usr/bin/env bash
# `make reproducible`: builds the wasm a second time and checks that it has the same SHA-256 as
# pkg/wasm/psirt_report_bg.wasm. The second build recompiles this crate and redoes the whole
# program's LTO, wasm-bindgen and wasm-opt; compiled dependencies come from the cargo cache (a
# from-scratch build of them takes ~12 more minutes on 2 cores and is not repeated here).
# Paths: this crate's are relative (src/...); dependencies' are under $CARGO_HOME, so builds
# compare equal on machines that use the same toolchain and the same $CARGO_HOME path.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
target=${CARGO_TARGET_DIR:-target}
out=$(mktemp -d)
mtime=$(stat -c %Y src/lib.rs)
# Afterwards src/lib.rs gets its time back, so make does not think the wasm is stale.
trap 'rm -rf "$out"; touch -d "@$mtime" src/lib.rs' EXIT
status=0
# The three modules (issue #11): cargo features, then the name make wasm gives it.
for module in core:psirt_report seal:psirt_report_seal seal,open:psirt_report_open; do
  feature=${module%%:*}
  name=${module#*:}
  first=pkg/wasm/${name}_bg.wasm
  [[ -f $first ]] || { echo "reproducible: run make wasm first" >&2; exit 2; }
  h1=$(sha256sum "$first" | cut -d' ' -f1)
  touch src/lib.rs # forces this crate (and the LTO of everything) to be rebuilt
  cargo build --release --lib --target wasm32-unknown-unknown --no-default-features --features "$feature"
  wasm-bindgen --target web --experimental-reset-state-function --out-dir "$out" --out-name "$name" \
    "$target/wasm32-unknown-unknown/release/psirt_report.wasm"
  node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue "$out/${name}_bg.wasm" -o "$out/second.wasm"
  h2=$(sha256sum "$out/second.wasm" | cut -d' ' -f1)
  glue1=$(sha256sum "pkg/wasm/$name.js" | cut -d' ' -f1)
  glue2=$(sha256sum "$out/$name.js" | cut -d' ' -f1)
  echo "reproducible: $feature first  wasm sha256 $h1"
  echo "reproducible: $feature second wasm sha256 $h2"
  echo "reproducible: $feature SRI    sha256-$(openssl dgst -sha256 -binary "$first" | base64)"
  if [[ $h1 == "$h2" && $glue1 == "$glue2" ]]; then
    echo "reproducible: $feature identical (wasm and glue)"
  else
    echo "reproducible: $feature DIFFERENT builds (wasm ${h1:0:12} vs ${h2:0:12}, glue ${glue1:0:12} vs ${glue2:0:12})" >&2
    status=1
  fi
done
exit $status
