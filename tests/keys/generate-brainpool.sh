#!/usr/bin/env bash
# Regenerates the brainpool key fixtures (tests/brainpool.rs, tests/js/interop/brainpool.test.mjs):
# what `gpg --quick-gen-key … brainpoolP256r1` and `brainpoolP384r1` make (an ECDSA primary and an
# ECDH encryption subkey on the same curve), secret halves included for `open`, and a
# brainpoolP512r1 public key (refused: no maintained Rust crate has its arithmetic).
# Run by hand (dev time), then commit the .asc files. TEST keys only: their secrets are public.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=gpg-lib.sh
source ./gpg-lib.sh

for curve in brainpoolP256r1 brainpoolP384r1 brainpoolP512r1; do
  bits=${curve#brainpoolP}
  bits=${bits%r1}
  uid="Test PSIRT brainpool P-$bits <bp$bits@psirt-test.example>"
  g --quick-gen-key "$uid" "$curve" cert,sign never
  fp=$(fpr "bp$bits@psirt-test.example")
  g --quick-add-key "$fp" "$curve" encr never
  pub "$fp" "brainpool-p$bits.pub.asc"
  if [[ $bits != 512 ]]; then
    g --armor --export-secret-keys "$fp" >"brainpool-p$bits.sec.asc"
  fi
done
