# psirt-report — the two commands a newcomer runs:
#   make demo   set up what is missing, build, and serve the demo page on http://127.0.0.1:8080
#   make test   set up what is missing, build, and run every test (Rust, wasm in Node, browser)
# Other targets: make test-quick (Rust + Node tests, no browser), make wasm (build the npm
# package's wasm into pkg/), make lint, make setup. CONTRIBUTING.md lists them with their times.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

# wasm-opt from the npm package `binaryen` (pinned in package.json): Debian's binaryen 108
# produces a module that fails to instantiate (its reference-types lowering breaks
# wasm-bindgen's externref table), so it is not used.
WASM_OPT := node_modules/.bin/wasm-opt
WASM_OPT_FLAGS := -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
                  --enable-mutable-globals --enable-reference-types --enable-multivalue
RUST_SOURCES := $(shell find src schema profiles keys -type f) Cargo.toml Cargo.lock $(wildcard patches/*.diff)
# The crates Cargo.toml's [patch.crates-io] points to (patches/README.md): every cargo command of
# this crate needs them, so each target that runs cargo has this as an order-only prerequisite.
# scripts/patch-crates.sh is idempotent (a content stamp), so running it again costs nothing.
PATCHED := patches/build/.stamp

.PHONY: $(PATCHED) demo test test-quick setup setup-demo wasm jscore lint lint-docs docs test-rust test-js test-types bench-load size clean audit fuzz reproducible

demo: setup-demo wasm jscore
	@echo "Serving the demo (DEMO — not Thales key) on http://127.0.0.1:$${PORT:-8080}, with the intake at /reports — Ctrl-C to stop"
	node www/serve.mjs

test: setup lint wasm jscore test-rust test-types test-js

setup:
	@scripts/setup.sh

$(PATCHED):
	@scripts/patch-crates.sh

setup-demo:
	@scripts/setup.sh --demo

# Supply chain: cargo deny (licenses, bans, sources; RustSec advisories against the dated snapshot
# in ../shared/rustsec-advisory-db, offline, its date printed: scripts/advisories.sh) and npm audit
# --omit=dev (NOT CHECKED when the registry's audit endpoint is unreachable). scripts/audit.sh;
# deny.toml holds the policy.
audit: | $(PATCHED)
	@scripts/setup.sh --audit
	@scripts/audit.sh

# The wasm is reproducible: a second build has the same SHA-256 (scripts/reproducible.sh); prints
# the SRI string a page can pin with init({ integrity }). .ci/run runs it after make test.
reproducible: wasm
	@scripts/reproducible.sh

# Fuzzing, not part of make test: each target of fuzz/ for FUZZ_SECONDS (default 60) with
# cargo-fuzz on nightly, or property-based fuzzing when those cannot be installed (scripts/fuzz.sh).
# Kept crash inputs run in make test (tests/fuzz_regressions.rs).
FUZZ_SECONDS ?= 60
fuzz: | $(PATCHED)
	@scripts/setup.sh --fuzz
	@scripts/fuzz.sh $(FUZZ_SECONDS)

# The npm package's three wasm modules (issue #11), from one crate behind cargo features:
#   core  pkg/wasm/psirt_report_bg.wasm       validate, scan, redact, schema, profile, triage
#   seal  pkg/wasm/psirt_report_seal_bg.wasm  loadRecipient, seal, renderText, limits (no JSON
#                                             Schema engine, no decryption): what a reporter's page loads
#   open  pkg/wasm/psirt_report_open_bg.wasm  the seal module + open, openAll: the PSIRT's side,
#                                             and what Node loads
# Each: cargo (release, wasm32, its features), wasm-bindgen (target web: one ES-module glue for
# browsers, bundlers and Node) with --experimental-reset-state-function (the JavaScript layer
# re-instantiates a module after a trap), then wasm-opt; then a .gz and a .br beside it, which
# www/serve.mjs serves (scripts/compress-wasm.mjs prints raw/gzip/brotli). Only when a Rust
# source, the schema, a profile or a key changed. The cargo builds write the same file, so
# each recipe copies it out at once (target/wasm-raw/, kept for `make size`); do not run them
# with make -j. wasm-pack is not used: it cannot pass the reset flag to wasm-bindgen.
WASM_MODULES := pkg/wasm/psirt_report_bg.wasm pkg/wasm/psirt_report_seal_bg.wasm pkg/wasm/psirt_report_open_bg.wasm
wasm: $(WASM_MODULES) pkg/schema/report.schema.json pkg/profiles/thales.json pkg/node.cjs pkg/browser.js pkg/LICENSE
	@node scripts/compress-wasm.mjs $(WASM_MODULES)

comma := ,
WASM_RAW := $(or $(CARGO_TARGET_DIR),target)/wasm32-unknown-unknown/release/psirt_report.wasm
# $(call wasm_module,features,out-name,raw-name)
define wasm_module
	cargo build --release --lib --target wasm32-unknown-unknown --no-default-features --features $(1)
	mkdir -p target/wasm-raw
	cp $(WASM_RAW) target/wasm-raw/$(3).wasm
	wasm-bindgen --target web --experimental-reset-state-function --out-dir pkg/wasm --out-name $(2) target/wasm-raw/$(3).wasm
	$(WASM_OPT) $(WASM_OPT_FLAGS) pkg/wasm/$(2)_bg.wasm -o pkg/wasm/$(2)_bg.opt.wasm
	mv pkg/wasm/$(2)_bg.opt.wasm pkg/wasm/$(2)_bg.wasm
endef

pkg/wasm/psirt_report_bg.wasm: $(RUST_SOURCES) | $(PATCHED)
	$(call wasm_module,core,psirt_report,core)

pkg/wasm/psirt_report_seal_bg.wasm: $(RUST_SOURCES) | $(PATCHED) pkg/wasm/psirt_report_bg.wasm
	$(call wasm_module,seal,psirt_report_seal,seal)

pkg/wasm/psirt_report_open_bg.wasm: $(RUST_SOURCES) | $(PATCHED) pkg/wasm/psirt_report_seal_bg.wasm
	$(call wasm_module,seal$(comma)open,psirt_report_open,open)

# The JavaScript core (docs/embedding/jscore.md): the core and seal modules translated to JavaScript with
# binaryen's wasm2js, which the form loads only where WebAssembly is off (Tor Browser "Safer",
# --jitless, policies). Built without reference types and multivalue (wasm2js takes one table; no
# externref table then), in its own target directory (other RUSTFLAGS: it must not evict the
# wasm build's artefacts), then scripts/build-jscore.mjs: wasm-bindgen, wasm-opt lowering,
# wasm2js, one minified ES module per variant, .gz/.br, and each file's SRI hash printed. The
# seal variant has the `jscore` feature: RSA's exponentiation on JavaScript's BigInt.
JSCORE_TARGET := $(CURDIR)/target/jscore
JSCORE_RAW := $(JSCORE_TARGET)/wasm32-unknown-unknown/release/psirt_report.wasm
JSCORE_FLAGS := -C target-feature=-reference-types,-multivalue
JSCORE := pkg/jscore/psirt_report_js_core.js pkg/jscore/psirt_report_js_seal.js
jscore: $(JSCORE)

$(JSCORE) &: $(RUST_SOURCES) scripts/build-jscore.mjs | $(PATCHED)
	CARGO_TARGET_DIR=$(JSCORE_TARGET) CARGO_BUILD_BUILD_DIR=$(JSCORE_TARGET) RUSTFLAGS="$(JSCORE_FLAGS)" \
	  cargo build --release --lib --target wasm32-unknown-unknown --no-default-features --features core
	cp $(JSCORE_RAW) $(JSCORE_TARGET)/core.wasm
	CARGO_TARGET_DIR=$(JSCORE_TARGET) CARGO_BUILD_BUILD_DIR=$(JSCORE_TARGET) RUSTFLAGS="$(JSCORE_FLAGS)" \
	  cargo build --release --lib --target wasm32-unknown-unknown --no-default-features --features jscore
	cp $(JSCORE_RAW) $(JSCORE_TARGET)/seal.wasm
	node scripts/build-jscore.mjs core $(JSCORE_TARGET)/core.wasm seal $(JSCORE_TARGET)/seal.wasm

# The CommonJS entry and its declarations, generated from the ES-module sources (rolldown, from
# the root devDependencies), so `require('psirt-report')` needs no require(esm).
pkg/node.cjs: pkg/node-entry.js pkg/index.js $(wildcard pkg/lib/*.js) pkg/index.d.ts $(WASM_MODULES) scripts/build-cjs.mjs
	node scripts/build-cjs.mjs

# The browser entry in one file (pkg/web.js and its static imports but errors.js and the glue),
# so a page fetches three JavaScript files before the wasm, not ten (scripts/build-browser.mjs).
# npm packs a licence only from the package's own folder: the root LICENSE, copied.
pkg/LICENSE: LICENSE
	cp LICENSE pkg/LICENSE

pkg/browser.js: $(filter-out pkg/browser.js,$(wildcard pkg/*.js pkg/lib/*.js)) scripts/build-browser.mjs
	node scripts/build-browser.mjs

# The built-in profiles as files too: the form reads them for its manual route, where no wasm runs.
pkg/profiles/thales.json: profiles/thales.json profiles/demo.json
	mkdir -p pkg/profiles
	cp profiles/thales.json profiles/demo.json pkg/profiles/

pkg/schema/report.schema.json: schema/report.schema.json schema/profile.schema.json
	mkdir -p pkg/schema
	cp schema/report.schema.json schema/profile.schema.json pkg/schema/

lint: | $(PATCHED)
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --release --no-default-features --features core -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --release --no-default-features --features seal -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --release --no-default-features --features jscore -- -D warnings
	@$(MAKE) --no-print-directory lint-docs

# Guard rails over what a reader sees (Node, no build): no issue references in product code,
# docs and doc comments (scripts/check-issue-refs.mjs: commits, CHANGELOG.md, docs/history/ and
# tests keep them); every relative link and #anchor of the *.md files resolves
# (scripts/check-links.mjs); docs/SUMMARY.md is a valid mdBook summary whose pages all exist
# (scripts/check-summary.mjs); the generated pages match their sources (docs/reference/codes.md,
# docs/reference/element.md, and the man page when its generator is there). Every check runs and
# prints every hit with FILE:LINE before the target fails.
DRIFT_CHECKS := 'node scripts/gen-codes.mjs --check' 'node scripts/check-element.mjs' \
  $(if $(wildcard scripts/gen-man.mjs),'node scripts/gen-man.mjs --check')
lint-docs:
	@status=0; \
	for check in 'node scripts/check-issue-refs.mjs' 'node scripts/check-links.mjs' 'node scripts/check-summary.mjs docs' $(DRIFT_CHECKS); do \
	  echo "== $$check"; $$check || status=1; \
	done; exit $$status

# The documentation: the JavaScript API reference (TypeDoc, from the .d.ts entry points, into
# docs/reference/api/, git-ignored HTML; an exported type or function without a doc comment fails
# the build), the book (docs/SUMMARY.md checked, then `mdbook build docs` into target/book, mdbook
# installed into .bench/mdbook when missing), and the crate's rustdoc with warnings as errors.
# TypeDoc has its own folder and lock (scripts/typedoc/): it needs TypeScript 5 or 6, and the
# workspace pins TypeScript 7 for test-types.
TYPEDOC_STAMP := scripts/typedoc/node_modules/.installed
MDBOOK_VERSION := 0.5.4
MDBOOK := .bench/mdbook/bin/mdbook
docs: $(TYPEDOC_STAMP) | $(PATCHED)
	node scripts/typedoc/node_modules/typedoc/bin/typedoc --options scripts/typedoc/typedoc.json
	node scripts/check-summary.mjs docs
	@$(MDBOOK) --version 2>/dev/null | grep -qF 'v$(MDBOOK_VERSION)' || \
	  { echo "Installing mdbook $(MDBOOK_VERSION) into .bench/mdbook (once)"; cargo install mdbook --version $(MDBOOK_VERSION) --locked --root .bench/mdbook; }
	MDBOOK_BOOK__SRC=. MDBOOK_BUILD__CREATE_MISSING=false MDBOOK_BUILD__BUILD_DIR=$(CURDIR)/target/book $(MDBOOK) build docs
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps

$(TYPEDOC_STAMP): scripts/typedoc/package-lock.json
	npm ci --prefix scripts/typedoc --no-audit --no-fund
	touch $@

test-rust: | $(PATCHED)
	cargo test

# The JavaScript tests, grouped in folders by behaviour (tests/README.md). Named one by one, not
# as a directory: from Node 21 on, `node --test DIR` takes DIR for a file (its arguments are globs).
JS_TESTS = $(shell find tests/js -name '*.test.mjs' | sort)
# Those that start no browser: a test that drives Chromium, Firefox or WebKit ends in
# .browser.test.mjs (tests/js/hardening/browser-names.test.mjs checks it).
JS_QUICK_TESTS = $(filter-out %.browser.test.mjs,$(JS_TESTS))

test-js: wasm jscore
	node --test $(JS_TESTS)

# The inner loop: the Rust tests and the Node tests that start no browser (CONTRIBUTING.md has
# how long each target takes). No lint, no JavaScript core build, no browser.
test-quick: wasm | $(PATCHED)
	cargo test
	node --test $(JS_QUICK_TESTS)

# The npm package's TypeScript declarations, checked (strict) against an example consumer.
test-types:
	node_modules/.bin/tsc -p tests/ts/tsconfig.json

# What each wasm module is made of, by crate (twiggy, installed when missing; not part of make test).
.PHONY: man
# The CLI's man page, docs/man/psirt-report.1, generated from its --help text (pkg/cli/help.mjs);
# tests/js/cli/man-page.test.mjs fails when the checked-in page differs from it.
man:
	node scripts/gen-man.mjs

size: wasm
	@command -v twiggy >/dev/null || cargo install twiggy
	@echo '== core module'; node bench/wasm-crates.mjs target/wasm-raw/core.wasm
	@echo '== seal module'; node bench/wasm-crates.mjs target/wasm-raw/seal.wasm
	@echo '== open module'; node bench/wasm-crates.mjs target/wasm-raw/open.wasm

# Every figure of issue #11 beside its peer, in one run (not part of make test, ~10 minutes on
# 2 cores): load (bytes, import → first validation, Chromium, beside OpenPGP.js 6), seal (Node and
# Chromium, 2 KB and 10 MiB, RSA-4096 and Curve25519, beside OpenPGP.js), scan speed and memory,
# medians of ≥ 7 with min–max; writes BENCHMARKS.md and bench/chart.svg (bench/run.mjs).
# BENCH_ARGS=--quick for fewer runs.
.PHONY: bench
bench: setup wasm
	node bench/run.mjs $(BENCH_ARGS)

# The speed guard: the quick seal (Node and Chromium, 10 MiB), load (Chromium) and scan cases,
# each beside OpenPGP.js in the same run, through the public API as the README calls it; fails
# when a ratio crosses its limit (bench/check.mjs, ~3-4 minutes). Run it before calling a change
# to sealing, loading or scanning done. BENCH_CHECK_ARGS=--no-browser for Node only;
# BENCH_CHECK_ARGS='--pkg DIR' checks another build of the package (an old commit's pkg/).
.PHONY: bench-check
bench-check: wasm
	node bench/check.mjs $(BENCH_CHECK_ARGS)

# Gzip size and import→ready time in headless Chromium, next to OpenPGP.js 6 (bench/load.mjs).
bench-load: wasm
	node bench/load.mjs $${N:-21}

clean:
	cargo clean
	rm -rf pkg/wasm pkg/jscore pkg/schema pkg/profiles pkg/node.cjs pkg/browser.js pkg/index.d.cts

# Scanner accuracy next to peer secret scanners, on the labelled corpus (not part of `make test`):
# installs detect-secrets, kingfisher, secretlint and ripsecrets into .bench/peers/ when missing
# (scripts/bench-peers.sh), checks the corpus matches its generator and its check digits against
# python-stdnum, builds the wasm, then prints
# tool × group precision/recall at line level and each tool's time. Per-category figures of ours:
# `cargo test --test scan_corpus -- --nocapture`.
.PHONY: bench-scan
bench-scan: wasm
	@scripts/bench-peers.sh
	python3 tests/corpus/gen.py --check
	.bench/peers/venv/bin/python tests/corpus/verify.py
	python3 bench/scan-peers.py

# Bulk submission throughput (issue #13), never a test: N generated ~5 KB reports (default 1000)
# through `psirt-report bulk`, end to end, sealing only and sealing + SMTP to a local smtp-server,
# 1 and 2 workers, Curve25519 and RSA-4096 keys; then the server fed by nodemailer alone.
# About 3 minutes on 2 cores. `make bench-bulk N=200` for a quick look.
.PHONY: bench-bulk
bench-bulk: setup wasm
	node bench/bulk.mjs $${N:-1000}

# The intake (docs/receiving/intake.md), never a test: throughput on 8 KB sealed reports with stamps beside
# a minimal server that stores the body the same way (bench/intake.mjs, autocannon), then the
# full crash runs: 10 SIGKILLs while 200 submissions run each, the intake forwarding by SMTP to a
# local server meanwhile (bench/intake-crash.mjs --forward).
.PHONY: bench-intake
bench-intake: wasm
	node bench/intake.mjs $${N:-6000}
	node bench/intake-crash.mjs 10 200 --forward

# Sealing benchmark (issue #4), never a test: native medians (criterion, benches/seal.rs), then the
# wasm in Node and headless Chromium beside OpenPGP.js 6 in the same run (bench/seal.mjs), printed
# side by side with peak memory, then where the wasm's time goes (a V8 profile of the 10 MiB case).
# About 5 minutes on 2 cores. BENCH_ARGS=--quick for fewer runs.
.PHONY: bench-seal
bench-seal: setup wasm | $(PATCHED)
	cargo bench --bench seal -- --noplot
	node bench/seal.mjs $(BENCH_ARGS)
	node bench/profile-seal.mjs

# Scanner speed: wasm in Node (first call, MB/s, 50 KB report p50/p95) and native criterion figures.
# The reporter's form in headless Chromium: time to first step, engine ready, first validation,
# keystroke → highlighted finding on a 50 KB description, longest main-thread task, the widget's
# bytes (bench/form.mjs). A measurement, not a test.
.PHONY: bench-form
bench-form: setup wasm
	node bench/form.mjs $(BENCH_ARGS)

.PHONY: bench-scan-speed
bench-scan-speed: wasm | $(PATCHED)
	node bench/scan-speed.mjs
	cargo bench --bench scan

# Where the scanner's time goes, per stage and per rule (src/scan/timing.rs), natively, on the
# corpus and on FILE if given: `make scan-timing [FILE=report.txt]`. A tuning tool, not a test.
.PHONY: scan-timing
scan-timing: | $(PATCHED)
	RUSTFLAGS="--cfg scan_timing" cargo run --quiet --release --target-dir target/scan-timing --example scan_timing -- corpus
	$(if $(FILE),RUSTFLAGS="--cfg scan_timing" cargo run --quiet --release --target-dir target/scan-timing --example scan_timing -- $(FILE))
