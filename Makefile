# psirt-report — the two commands a newcomer runs:
#   make demo   set up what is missing, build, and serve the demo page on http://127.0.0.1:8080
#   make test   set up what is missing, build, and run every test (Rust, wasm in Node, browser)
# Other targets: make wasm (build the npm package's wasm into pkg/), make lint, make setup.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

# wasm-opt from the npm package `binaryen` (pinned in package.json): Debian's binaryen 108
# produces a module that fails to instantiate (its reference-types lowering breaks
# wasm-bindgen's externref table), so it is not used.
WASM_OPT := node_modules/.bin/wasm-opt
WASM_OPT_FLAGS := -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
                  --enable-mutable-globals --enable-reference-types --enable-multivalue
RUST_SOURCES := $(shell find src schema profiles keys -type f) Cargo.toml Cargo.lock

.PHONY: demo test setup setup-demo wasm lint test-rust test-js clean

demo: setup-demo wasm
	@echo "Serving the demo (DEMO — not Thales key) on http://127.0.0.1:$${PORT:-8080} — Ctrl-C to stop"
	node www/serve.mjs

test: setup lint wasm test-rust test-js

setup:
	@scripts/setup.sh

setup-demo:
	@scripts/setup.sh --demo

# The npm package's wasm: wasm-pack (target web, usable from Node and browsers), then wasm-opt
# by hand (wasm-pack's own would try to download binaryen). About 4 minutes on 2 cores, only
# when a Rust source, the schema, a profile or a key changed.
wasm: pkg/wasm/psirt_report_bg.wasm pkg/schema/report.schema.json

pkg/wasm/psirt_report_bg.wasm: $(RUST_SOURCES)
	wasm-pack build --release --target web --no-pack --out-dir pkg/wasm --out-name psirt_report
	$(WASM_OPT) $(WASM_OPT_FLAGS) pkg/wasm/psirt_report_bg.wasm -o pkg/wasm/psirt_report_bg.opt.wasm
	mv pkg/wasm/psirt_report_bg.opt.wasm pkg/wasm/psirt_report_bg.wasm
	@printf 'wasm: %s bytes, %s gzip\n' "$$(stat -c %s $@)" "$$(gzip -9c $@ | wc -c)"

pkg/schema/report.schema.json: schema/report.schema.json schema/profile.schema.json
	mkdir -p pkg/schema
	cp schema/report.schema.json schema/profile.schema.json pkg/schema/

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings

test-rust:
	cargo test

test-js: wasm
	node --test tests/js/

clean:
	cargo clean
	rm -rf pkg/wasm pkg/schema

# Sealing benchmark (issue #4), never a test: native medians (criterion, benches/seal.rs), then the
# wasm in Node and headless Chromium beside OpenPGP.js 6 in the same run (bench/seal.mjs), printed
# side by side with peak memory, then where the wasm's time goes (a V8 profile of the 10 MiB case).
# About 5 minutes on 2 cores. BENCH_ARGS=--quick for fewer runs.
.PHONY: bench-seal
bench-seal: setup wasm
	cargo bench --bench seal -- --noplot
	node bench/seal.mjs $(BENCH_ARGS)
	node bench/profile-seal.mjs
