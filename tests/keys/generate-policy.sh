#!/usr/bin/env bash
# Regenerates the key-policy fixtures (tests/key_policy.rs, `policy_*`). Run by hand,
# then commit the .asc files; generate.sh runs it too. Needs gpg 2.2. TEST keys only.
#   hard-revoked-later    created 2020, revoked 2024 "key compromised"
#   soft-revoked-later    created 2020, revoked 2024 "key superseded"
#   designated-revoked    created 2020; a designated revoker (another key) revoked it in 2021
#   revoked-uid           two user ids; the second, "Fake PSIRT", revoked in 2021
#   sha1-2020, sha1-2024  RSA keys whose self-signatures use SHA-1, made 2020 and 2024
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=gpg-lib.sh
source ./gpg-lib.sh
# Interactive commands (gen-revoke, edit-key, desig-revoke) refuse --batch: answers come on fd 0.
gi() { gpg --homedir "$home" --quiet --no-tty --pinentry-mode loopback --passphrase '' --command-fd 0 "$@"; }
# gen_revoke FPR REASON(0-3) TIME: a revocation certificate made at TIME, imported.
gen_revoke() {
  printf 'y\n%s\n\ny\n' "$2" | gi --faked-system-time "$3" --armor --gen-revoke "$1" | g --import
}

for kind in hard:1 soft:2; do
  name=${kind%%:*} reason=${kind##*:}
  g --faked-system-time 20200101T000000 --quick-gen-key "Test PSIRT $name-revoked <$name-revoked@psirt-test.example>" ed25519 cert,sign never
  fp=$(fpr "$name-revoked@psirt-test.example")
  g --faked-system-time 20200101T000100 --quick-add-key "$fp" cv25519 encr never
  gen_revoke "$fp" "$reason" 20240101T000000
  pub "$fp" "$name-revoked-later.pub.asc"
done

# Designated revoker: the revoker key is named in the target's self-signature (addrevoker), then
# revokes it with its own key; only the target (with that signature) is exported.
g --faked-system-time 20200101T000000 --quick-gen-key 'Revoker <revoker@psirt-test.example>' ed25519 cert,sign never
rev=$(fpr revoker@psirt-test.example)
g --faked-system-time 20200101T000000 --quick-gen-key 'Test PSIRT designated <designated@psirt-test.example>' ed25519 cert,sign never
fp=$(fpr designated@psirt-test.example)
g --faked-system-time 20200101T000100 --quick-add-key "$fp" cv25519 encr never
printf 'addrevoker\n%s\ny\nsave\n' "$rev" | gi --faked-system-time 20200101T000200 --edit-key "$fp"
printf 'y\n1\n\ny\n' | gi --faked-system-time 20210101T000000 --armor --desig-revoke "$fp" | g --import
g --armor --export --export-options export-clean "$fp" >designated-revoked.pub.asc

# A revoked user id claiming to be someone else.
g --faked-system-time 20200101T000000 --quick-gen-key 'Test PSIRT uids <uids@psirt-test.example>' ed25519 cert,sign never
fp=$(fpr uids@psirt-test.example)
g --faked-system-time 20200101T000100 --quick-add-key "$fp" cv25519 encr never
g --faked-system-time 20200101T000200 --quick-add-uid "$fp" 'Fake PSIRT <psirt@fake.example>'
g --faked-system-time 20210101T000000 --quick-revoke-uid "$fp" 'Fake PSIRT <psirt@fake.example>'
pub "$fp" revoked-uid.pub.asc

# SHA-1 self-signatures, before and after the cut-off (2023-02-01, Sequoia's standard policy).
for year in 2020 2024; do
  g --faked-system-time ${year}0101T000000 --cert-digest-algo SHA1 --digest-algo SHA1 \
    --quick-gen-key "Test PSIRT sha1 $year <sha1-$year@psirt-test.example>" rsa2048 cert,sign never
  fp=$(fpr "sha1-$year@psirt-test.example")
  g --faked-system-time ${year}0101T000100 --cert-digest-algo SHA1 --digest-algo SHA1 --quick-add-key "$fp" rsa2048 encr never
  pub "$fp" "sha1-$year.pub.asc"
done
echo "policy fixtures written to $(pwd)"
