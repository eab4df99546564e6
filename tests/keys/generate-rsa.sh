#!/usr/bin/env bash
# Regenerates rsa4096.pub.asc / rsa4096.sec.asc: an RSA-4096 TEST key (primary certify/sign,
# RSA-4096 encryption subkey), for sealing to RSA where WebAssembly is off
# (tests/js/engines/wasm-off.browser.test.mjs: the JavaScript core's RSA on BigInt, decrypted by gpg).
# Run by hand, then commit: tests never generate keys. Its secret is public: a TEST key only.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=gpg-lib.sh
source ./gpg-lib.sh
g --quick-gen-key 'Test PSIRT RSA-4096 (DEMO — not Thales) <rsa4096@psirt-test.example>' rsa4096 cert,sign never
fp=$(fpr rsa4096@psirt-test.example)
g --quick-add-key "$fp" rsa4096 encr never
pub "$fp" rsa4096.pub.asc
g --armor --export-secret-keys "$fp" >rsa4096.sec.asc
echo "$fp"
