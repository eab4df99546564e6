#!/usr/bin/env bash
# Installs what building and testing psirt-report needs, only where it is missing, and says so.
# Idempotent: on a warm machine it prints one "ok" line per tool and installs nothing.
#   scripts/setup.sh            everything `make test` needs
#   scripts/setup.sh --demo     only what `make demo` needs (no browser, no peers)
#   scripts/setup.sh --audit    only what `make audit` needs (cargo-deny)
#   scripts/setup.sh --fuzz     only what `make fuzz` needs (a nightly toolchain, cargo-fuzz); if
#                               they cannot be installed, make fuzz falls back to proptest
set -euo pipefail
cd "$(dirname "$0")/.."

# wasm-bindgen-cli must equal the wasm-bindgen library version locked in Cargo.lock: the two
# halves of the bindings (the crate's and the CLI's) must agree. The build (Makefile `wasm`)
# runs cargo + wasm-bindgen + wasm-opt itself; wasm-pack is not needed.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
DEMO_ONLY=0
[[ "${1:-}" == "--demo" ]] && DEMO_ONLY=1
# cargo-deny for `make audit`, pinned (0.20.x needs rustc >= 1.88; built in ~6 minutes on 2 cores).
CARGO_DENY_VERSION=0.20.2
CARGO_FUZZ_VERSION=0.13.2

say() { printf 'setup: %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

export PATH="$HOME/.cargo/bin:$PATH"

if [[ "${1:-}" == "--fuzz" ]]; then
  if rustup run nightly rustc --version >/dev/null 2>&1; then
    say "ok   rust nightly"
  else
    say "add  rust nightly (minimal profile)"
    rustup toolchain install nightly --profile minimal || say "nightly could not be installed: make fuzz uses proptest"
  fi
  if have cargo-fuzz && [[ "$(cargo fuzz --version)" == "cargo-fuzz $CARGO_FUZZ_VERSION" ]]; then
    say "ok   cargo-fuzz $CARGO_FUZZ_VERSION"
  else
    say "install cargo-fuzz $CARGO_FUZZ_VERSION (about 3 minutes)"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force || say "cargo-fuzz could not be installed: make fuzz uses proptest"
  fi
  exit 0
fi

if [[ "${1:-}" == "--audit" ]]; then
  if have cargo-deny && [[ "$(cargo deny --version)" == "cargo-deny $CARGO_DENY_VERSION" ]]; then
    say "ok   cargo-deny $CARGO_DENY_VERSION"
  else
    say "install cargo-deny $CARGO_DENY_VERSION (about 6 minutes)"
    cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked --force
  fi
  exit 0
fi

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "ok   rust target wasm32-unknown-unknown"
else
  say "add  rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if have wasm-bindgen && [[ "$(wasm-bindgen --version)" == "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  say "ok   wasm-bindgen-cli $WASM_BINDGEN_VERSION"
else
  say "install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  # Not --locked: its lockfile pins a webpki-roots release the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# The patched crates Cargo.toml's [patch.crates-io] points to (patches/README.md): without them
# no cargo command of this crate runs. Idempotent.
scripts/patch-crates.sh
say "ok   patches/build (jsonschema without Unicode regex tables)"

# Debian packages, checked by package (not by command: a command can be there while a package it
# needs to do the tests' work is not — ExifTool without Archive::Zip reads no docx). Installed with
# --no-install-recommends, so every package a test needs is named here, Recommends included.
apt_missing=()
need_apt() { # need_apt PACKAGE…
  local p
  for p in "$@"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" == "install ok installed" ]]; then
      say "ok   $p"
    else
      apt_missing+=("$p")
    fi
  done
}
if [[ $DEMO_ONLY == 0 ]]; then
  need_apt gnupg chromium
  # OpenPGP peers of the interop tests (tests/js/interop/peers-read-seal.test.mjs): rnp (Thunderbird's engine)
  # and Sequoia's sq and sqop. GnuPG is above; OpenPGP.js comes from npm.
  need_apt rnp sq sqop
  # Independent readers of attachment metadata (tests/js/attachments/metadata-formats.test.mjs):
  # ExifTool, which reads Office files only through Archive::Zip (a Recommends of
  # libimage-exiftool-perl), and poppler's pdfinfo.
  need_apt libimage-exiftool-perl libarchive-zip-perl poppler-utils
  # The form's other engines: Firefox ESR (driven over WebDriver BiDi by puppeteer-core) and
  # WebKitGTK, Safari's engine (WebKitWebDriver, classic WebDriver, under Xvfb).
  need_apt firefox-esr webkit2gtk-driver xvfb
  # man renders the CLI's man page in tests/js/cli/man-page.test.mjs (man-db brings groff-base).
  need_apt man-db
fi
if ((${#apt_missing[@]})); then
  say "apt-get install ${apt_missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi

# Build and test JavaScript dependencies: binaryen (wasm-opt) for the build, playwright-core
# (drives Debian's chromium; it downloads no browser) for the browser tests, smtp-server for the
# bulk tests, and the npm package's own dependencies (nodemailer, csv-parse, cli-progress), so
# `node pkg/cli/main.mjs bulk` runs from the repository and the packed-tarball test installs offline;
# Vite, React and Vue for the consumer and host-integration builds (issue 16, item 8).
if true; then
  if [[ -d node_modules && node_modules/.package-lock.json -nt package-lock.json ]]; then
    say "ok   node_modules"
  else
    say "npm ci (binaryen, playwright-core, smtp-server, nodemailer, csv-parse, cli-progress, vite, react, vue)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
# Each peer tool does one small real thing (gpg and rnp decrypt, ExifTool reads a docx's author,
# Chromium runs a script…), or setup fails here naming the package, before any test runs.
if [[ $DEMO_ONLY == 0 ]]; then
  node scripts/check-tools.mjs
fi
say "done"
