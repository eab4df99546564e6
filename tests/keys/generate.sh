#!/usr/bin/env bash
# Regenerates the key fixtures of tests/key_policy.rs, tests/open.rs and tests/seal.rs
# (generate-policy.sh makes the key-policy fixtures).
# Run by hand (dev time), then commit the .asc files: tests never generate keys themselves, so
# they are reproducible and fast. Needs gpg 2.2 and node with the `openpgp` dev dependency.
# Every key here is a TEST key whose secret is public: never use one for anything real.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=gpg-lib.sh
source ./gpg-lib.sh

# A valid v4 key: Ed25519 primary (certify, sign) + Curve25519 encryption subkey, no expiry.
g --quick-gen-key 'Test PSIRT valid <valid@psirt-test.example>' ed25519 cert,sign never
fp=$(fpr valid@psirt-test.example)
g --quick-add-key "$fp" cv25519 encr never
pub "$fp" valid.pub.asc
g --armor --export-secret-keys "$fp" >valid.sec.asc
# The same key, certified by a third party (with a certification of its own user id).
g --quick-gen-key 'Third party <third@psirt-test.example>' ed25519 cert never
third=$(fpr third@psirt-test.example)
g --default-key "$third" --quick-sign-key "$fp" 'Test PSIRT valid <valid@psirt-test.example>'
pub "$fp" third-party-certified.pub.asc
# Wrong armor checksum: the CRC24 line of valid.pub.asc, changed.
sed -E 's/^=(....)$/=AAAA/' valid.pub.asc >wrong-checksum.pub.asc
# Truncated: the first half of the armored text.
head -c "$(($(wc -c <valid.pub.asc) / 2))" valid.pub.asc >truncated.pub.asc
# Bad self-signature: the user id's bytes changed after signing (binary, then re-armored).
g --export "$fp" | perl -pe 's/Test PSIRT valid/Test PSIRT vaLid/' | g --enarmor >bad-self-signature.pub.asc
# gpg --enarmor writes "ARMORED FILE"; make it a key block.
sed -i 's/ARMORED FILE/PUBLIC KEY BLOCK/; /^Comment:/d' bad-self-signature.pub.asc

# Revoked: the revocation certificate gpg made at creation, imported.
g --quick-gen-key 'Test PSIRT revoked <revoked@psirt-test.example>' ed25519 cert never
fp=$(fpr revoked@psirt-test.example)
g --quick-add-key "$fp" cv25519 encr never
sed 's/^:-----BEGIN/-----BEGIN/' "$home/openpgp-revocs.d/$fp.rev" | g --import
pub "$fp" revoked.pub.asc

# Expired: created 2020-01-01, expiring a day later.
g --faked-system-time 20200101T000000 --quick-gen-key 'Test PSIRT expired <expired@psirt-test.example>' ed25519 cert 1d
fp=$(fpr expired@psirt-test.example)
g --faked-system-time 20200101T000100 --quick-add-key "$fp" cv25519 encr never
pub "$fp" expired.pub.asc

# Expired encryption subkey: the primary never expires, its only encryption subkey did (2020-01-02).
g --faked-system-time 20200101T000000 --quick-gen-key 'Test PSIRT expired subkey <expired-subkey@psirt-test.example>' ed25519 cert,sign never
fp=$(fpr expired-subkey@psirt-test.example)
g --faked-system-time 20200101T000100 --quick-add-key "$fp" cv25519 encr 1d
pub "$fp" expired-subkey.pub.asc

# Three encryption subkeys: 2020 (no expiry), 2021 (no expiry), 2022 (expired after a day).
# The newest *valid* one, 2021's, must be chosen.
g --faked-system-time 20200101T000000 --quick-gen-key 'Test PSIRT subkeys <three-subkeys@psirt-test.example>' ed25519 cert,sign never
fp=$(fpr three-subkeys@psirt-test.example)
g --faked-system-time 20200101T000100 --quick-add-key "$fp" cv25519 encr never
g --faked-system-time 20210101T000000 --quick-add-key "$fp" cv25519 encr never
g --faked-system-time 20220101T000000 --quick-add-key "$fp" cv25519 encr 1d
pub "$fp" three-subkeys.pub.asc

# Brainpool P-256 (GnuPG supports it; rpgp 0.21 can neither verify nor encrypt with it, so
# src/seal/brainpool.rs does: accepted). More in generate-brainpool.sh.
g --quick-gen-key 'Test PSIRT brainpool <brainpool@psirt-test.example>' brainpoolP256r1 cert,sign never
fp=$(fpr brainpool@psirt-test.example)
g --quick-add-key "$fp" brainpoolP256r1 encr never
pub "$fp" brainpool.pub.asc

# DSA-1024 + ElGamal-2048, the GnuPG 1 default of old: refused as weak (its primary).
g --quick-gen-key 'Test PSIRT dsa1024 <dsa@psirt-test.example>' dsa1024 cert,sign never
fp=$(fpr dsa@psirt-test.example)
g --quick-add-key "$fp" elg2048 encr never
pub "$fp" dsa1024-elgamal.pub.asc

# Sign-only: no key may encrypt.
g --quick-gen-key 'Test PSIRT sign-only <sign-only@psirt-test.example>' ed25519 cert,sign never
pub "$(fpr sign-only@psirt-test.example)" sign-only.pub.asc

# A primary key that itself encrypts (RSA 2048, no subkey).
g --quick-gen-key 'Test PSIRT primary encrypts <primary-encrypts@psirt-test.example>' rsa2048 cert,sign,encr never
fp=$(fpr primary-encrypts@psirt-test.example)
pub "$fp" primary-encrypts.pub.asc
g --armor --export-secret-keys "$fp" >primary-encrypts.sec.asc

# Passphrase-protected secret key (passphrase: "correct horse").
gpg --homedir "$home" --batch --quiet --no-tty --pinentry-mode loopback --passphrase 'correct horse' \
  --quick-gen-key 'Test PSIRT passphrase <passphrase@psirt-test.example>' ed25519 cert,sign never
fp=$(fpr passphrase@psirt-test.example)
gpg --homedir "$home" --batch --quiet --no-tty --pinentry-mode loopback --passphrase 'correct horse' \
  --quick-add-key "$fp" cv25519 encr never
pub "$fp" passphrase.pub.asc
gpg --homedir "$home" --batch --quiet --no-tty --pinentry-mode loopback --passphrase 'correct horse' \
  --armor --export-secret-keys "$fp" >passphrase.sec.asc

# 101 user ids, and 101 subkeys: one over the limit (100) each.
g --quick-gen-key 'Test PSIRT many uids <uid0@psirt-test.example>' ed25519 cert,sign never
fp=$(fpr uid0@psirt-test.example)
g --quick-add-key "$fp" cv25519 encr never
for i in $(seq 1 100); do g --quick-add-uid "$fp" "Test PSIRT many uids <uid$i@psirt-test.example>"; done
pub "$fp" many-uids.pub.asc
g --quick-gen-key 'Test PSIRT many subkeys <subkeys@psirt-test.example>' ed25519 cert,sign never
fp=$(fpr subkeys@psirt-test.example)
for i in $(seq 1 101); do g --quick-add-key "$fp" cv25519 encr never; done
pub "$fp" many-subkeys.pub.asc

# A v6 key (RFC 9580: Ed25519 + X25519), made by OpenPGP.js: gpg 2.2 cannot.
node --input-type=module -e "
import * as openpgp from 'openpgp';
import { writeFileSync } from 'node:fs';
const { publicKey, privateKey } = await openpgp.generateKey({
  type: 'curve25519', userIDs: [{ name: 'Test PSIRT v6', email: 'v6@psirt-test.example' }],
  format: 'armored', config: { v6Keys: true } });
writeFileSync('v6.pub.asc', publicKey);
writeFileSync('v6.sec.asc', privateKey);
" 
./generate-policy.sh
echo "fixtures written to $(pwd)"
