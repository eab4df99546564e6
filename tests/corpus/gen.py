#!/usr/bin/env python3
"""Generates the labelled sensitive-data corpus of psirt-report's scanner (issue #3).

Deterministic (fixed seed, Python 3.11 stdlib only): running it twice gives the same bytes.
Writes tests/corpus/cases.jsonl (one case a line) and tests/corpus/files/<id>.txt (each case's
text alone, so that peer scanners can scan files). See tests/corpus/README.md for the format
and the labelling conventions.

Every value is generated: FORMAT-VALID (right prefixes, lengths, checksums, check digits) but
random, never a real secret. Documentation/test values (AKIAIOSFODNN7EXAMPLE, 4242…) appear
labelled with severity `info`. Hard negatives (placeholders, hashes, UUIDs, public keys, near
misses with wrong checksums…) carry no label; they are listed under `negatives` for diagnosis.

    python3 tests/corpus/gen.py            # regenerate
    python3 tests/corpus/gen.py --check    # exit 1 if the committed files differ
    python3 tests/corpus/gen.py --seed 7 --out /tmp/held-out.jsonl
                                           # another draw of the same templates (not committed):
                                           # PSIRT_CORPUS=/tmp/held-out.jsonl cargo test --test scan_corpus
"""

import base64
import binascii
import hashlib
import json
import os
import random
import string
import sys
import zlib

SEED = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 20261122
HERE = os.path.dirname(os.path.abspath(__file__))
R = random.Random(SEED)

CRITICAL = [
    "private_key", "aws_access_key_id", "aws_secret_key", "github_token", "gitlab_token",
    "slack_token", "slack_webhook", "stripe_key", "google_api_key", "gcp_service_account",
    "azure_connection_string", "azure_sas_token", "npm_token", "pypi_token", "sendgrid_key",
    "twilio_key", "ai_api_key", "jwt", "url_credentials", "connection_string",
    "authorization_header", "session_cookie", "password_assignment", "password_hash",
]
HIGH = ["payment_card", "iban", "national_id", "date_of_birth"]
MEDIUM = ["email_address", "phone_number", "private_ip", "internal_hostname"]
SEVERITY = {**{c: "critical" for c in CRITICAL}, **{c: "high" for c in HIGH}, **{c: "medium" for c in MEDIUM}}
TARGET_PER_CATEGORY = 30
TARGET_PER_NEGATIVE_KIND = 36

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
HEX = "0123456789abcdef"
B32 = string.ascii_uppercase + "234567"


def rs(alphabet, n):
    return "".join(R.choice(alphabet) for _ in range(n))


def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def pick(seq):
    return R.choice(seq)


# --------------------------------------------------------------------------------------------
# Fragments. A generator returns renderings made of fragments:
#   ("t", text)                                   plain text
#   ("l", text, category, severity, also, optional)   a labelled span
#   ("n", text, kind)                              a hard negative (no label)
# --------------------------------------------------------------------------------------------


def T(s):
    return ("t", s)


def L(s, cat, sev=None, also=(), optional=False, encoding=None):
    return ("l", s, cat, sev or SEVERITY[cat], tuple(also), optional, encoding)


def N(s, kind):
    return ("n", s, kind)


def INFO(s, cat, also=()):
    return L(s, cat, "info", also)


# --------------------------------------------------------------------------------------------
# Validators / check digits (written from the public specifications)
# --------------------------------------------------------------------------------------------


def b62_6(n):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(6, "0")


def gh_style(prefix, valid=True):
    """GitHub / npm token: prefix + 30 base62 + base62(crc32(random part)) on 6 chars."""
    body = rs(ALNUM, 30)
    crc = zlib.crc32(body.encode()) & 0xFFFFFFFF
    chk = b62_6(crc if valid else (crc ^ 0x5A5A5A) & 0xFFFFFFFF)
    return prefix + body + chk


def luhn_digit(partial):
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(num):
    return luhn_digit(num[:-1]) == num[-1]


CARD_BRANDS = [  # (brand, prefixes, lengths, grouping)
    ("visa", ["4"], [16], (4, 4, 4, 4)),
    ("mastercard", [str(p) for p in range(51, 56)] + ["2221", "2300", "2512", "2720"], [16], (4, 4, 4, 4)),
    ("amex", ["34", "37"], [15], (4, 6, 5)),
    ("discover", ["6011", "644", "649", "65"], [16], (4, 4, 4, 4)),
    ("jcb", ["3528", "3540", "3589"], [16], (4, 4, 4, 4)),
    ("diners", ["36", "300", "305"], [14], (4, 6, 4)),
    ("unionpay", ["62"], [16], (4, 4, 4, 4)),
]


def card(valid=True):
    brand, prefixes, lengths, grouping = pick(CARD_BRANDS)
    p = pick(prefixes)
    n = pick(lengths)
    partial = p + rs(string.digits, n - len(p) - 1)
    d = luhn_digit(partial)
    if not valid:
        d = str((int(d) + R.randint(1, 9)) % 10)
    num = partial + d
    style = R.random()
    if style < 0.45:
        return num
    sep = " " if style < 0.8 else "-"
    out, i = [], 0
    for g in grouping:
        out.append(num[i:i + g])
        i += g
    return sep.join(out)


IBAN_FORMATS = {  # country: list of (kind, length); n digits, a upper letters, c alphanumeric
    "FR": [("n", 10), ("c", 11), ("n", 2)], "MC": [("n", 10), ("c", 11), ("n", 2)],
    "DE": [("n", 18)], "GB": [("a", 4), ("n", 14)], "IE": [("a", 4), ("n", 14)],
    "ES": [("n", 20)], "IT": [("a", 1), ("n", 10), ("c", 12)], "NL": [("a", 4), ("n", 10)],
    "BE": [("n", 12)], "CH": [("n", 5), ("c", 12)], "LU": [("n", 3), ("c", 13)],
    "PT": [("n", 21)], "AT": [("n", 16)], "PL": [("n", 24)], "SE": [("n", 20)],
    "DK": [("n", 14)], "NO": [("n", 11)], "FI": [("n", 14)],
}


def iban_check(country, bban):
    s = bban + country + "00"
    num = "".join(str(int(ch, 36)) for ch in s)
    return "%02d" % (98 - int(num) % 97)


def national_check(country, bban):
    """The BBAN's own check digits where the country has them (FR/MC RIB key, BE, ES, NO)."""
    if country in ("FR", "MC"):
        bban = rs(string.digits, 21)
        key = 97 - (89 * int(bban[:5]) + 15 * int(bban[5:10]) + 3 * int(bban[10:21])) % 97
        return bban + "%02d" % key
    if country == "BE":
        bban = pick(["001", "068", "310", "363", "735", "103"]) + bban[3:]  # existing bank codes
        r = int(bban[:10]) % 97
        return bban[:10] + "%02d" % (r or 97)
    if country == "NO":
        while True:
            total = sum(int(d) * w for d, w in zip(bban[:10], (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)))
            c = (11 - total % 11) % 11
            if c != 10:
                return bban[:10] + str(c)
            bban = rs(string.digits, 11)
    if country == "ES":
        weights = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)

        def dc(ten):
            d = 11 - sum(int(x) * w for x, w in zip(ten, weights)) % 11
            return {11: 0, 10: 1}.get(d, d)

        return bban[:8] + "%d%d" % (dc("00" + bban[:8]), dc(bban[10:20])) + bban[10:20]
    return bban


def iban(valid=True, country=None):
    country = country or pick(list(IBAN_FORMATS))
    bban = ""
    for kind, n in IBAN_FORMATS[country]:
        if kind == "n":
            bban += rs(string.digits, n)
        elif kind == "a":
            bban += rs(string.ascii_uppercase, n)
        else:
            bban += rs(string.digits, n - 1) + pick(string.digits + "ABCDEFGHJK")
    bban = national_check(country, bban)
    chk = iban_check(country, bban)
    if not valid:
        chk = "%02d" % ((int(chk) + R.randint(1, 50)) % 97 + 2)
        if chk == iban_check(country, bban):
            chk = "%02d" % ((int(chk) + 1) % 97 + 2)
    compact = country + chk + bban
    if R.random() < 0.5:
        return compact
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def nir(valid=True):
    sex = pick("12")
    yy = "%02d" % R.randint(40, 99)
    mm = "%02d" % R.randint(1, 12)
    dept = pick(["%02d" % R.randint(1, 95), "2A", "2B", "75", "69", "13"])
    commune = "%03d" % R.randint(1, 990)
    order = "%03d" % R.randint(1, 999)
    body = sex + yy + mm + dept + commune + order
    numeric = int(body.replace("2A", "19").replace("2B", "18"))
    key = 97 - numeric % 97
    if not valid:
        key = (key + R.randint(1, 40)) % 97 + 1
    k = "%02d" % key
    if R.random() < 0.5:
        return body + k
    return " ".join([sex, yy, mm, dept, commune, order, k])


def ssn(valid=True):
    if valid:
        area = R.randint(1, 899)
        while area == 666:
            area = R.randint(1, 899)
        return "%03d-%02d-%04d" % (area, R.randint(1, 99), R.randint(1, 9999))
    return ssn_invalid()


def ssn_invalid():
    return pick([
        "000-%02d-%04d" % (R.randint(1, 99), R.randint(1, 9999)),
        "666-%02d-%04d" % (R.randint(1, 99), R.randint(1, 9999)),
        # 9xx areas are never SSNs; groups 01-49 also keep them out of the ITIN ranges (50-65, 70-99)
        "9%02d-%02d-%04d" % (R.randint(0, 99), R.randint(1, 49), R.randint(1, 9999)),
        "%03d-00-%04d" % (R.randint(1, 665), R.randint(1, 9999)),
        "%03d-%02d-0000" % (R.randint(1, 665), R.randint(1, 99)),
    ])


NINO_BAD_FIRST = set("DFIQUV")
NINO_BAD_SECOND = set("DFIOQUV")
NINO_BAD_PREFIX = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def nino(valid=True):
    while True:
        a = pick([c for c in string.ascii_uppercase if c not in NINO_BAD_FIRST])
        b = pick([c for c in string.ascii_uppercase if c not in NINO_BAD_SECOND])
        if a + b not in NINO_BAD_PREFIX and a + b != "QQ":
            break
    prefix = a + b if valid else pick(["BG", "GB", "NK", "TN", "ZZ", "DA", "QF"])
    digits = rs(string.digits, 6)
    suffix = pick("ABCD")
    if R.random() < 0.5:
        return prefix + digits + suffix
    return "%s %s %s %s %s" % (prefix, digits[:2], digits[2:4], digits[4:], suffix)


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni(valid=True):
    if R.random() < 0.7:
        n = R.randint(1000000, 99999999)
        letter = DNI_LETTERS[n % 23]
        if not valid:
            letter = DNI_LETTERS[(n + R.randint(1, 22)) % 23]
        return "%08d%s" % (n, letter) if R.random() < 0.7 else "%08d-%s" % (n, letter)
    first = pick("XYZ")
    n = R.randint(0, 9999999)
    full = int(str("XYZ".index(first)) + "%07d" % n)
    letter = DNI_LETTERS[full % 23]
    if not valid:
        letter = DNI_LETTERS[(full + R.randint(1, 22)) % 23]
    return "%s%07d%s" % (first, n, letter)


CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
                   2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))


def cf_even(ch):
    return int(ch) if ch.isdigit() else ord(ch) - 65


def cf_check(first15):
    total = 0
    for i, ch in enumerate(first15):
        total += CF_ODD[ch] if i % 2 == 0 else cf_even(ch)
    return chr(65 + total % 26)


def codice_fiscale(valid=True):
    cons = "BCDFGHLMNPRSTVZ"
    surname = rs(cons, 3)
    name = rs(cons, 2) + pick("AEIO" + cons)
    yy = "%02d" % R.randint(40, 99)
    month = pick("ABCDEHLMPRST")
    day = R.randint(1, 28) + pick([0, 40])
    place = pick("ABCDEFGHILMZ") + "%03d" % R.randint(1, 999)
    first15 = surname + name + yy + month + "%02d" % day + place
    chk = cf_check(first15)
    if not valid:
        chk = chr(65 + (ord(chk) - 65 + R.randint(1, 25)) % 26)
    return first15 + chk


def steuer_check(ten):
    product = 10
    for ch in ten:
        s = (int(ch) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    c = 11 - product
    return "0" if c == 10 else str(c)


def steuer_id(valid=True):
    while True:
        digits = R.sample(string.digits, 9)
        dup = digits[0]
        ten = digits + [dup]
        R.shuffle(ten)
        if ten[0] != "0":
            break
    ten = "".join(ten)
    c = steuer_check(ten)
    if not valid:
        c = str((int(c) + R.randint(1, 9)) % 10)
    full = ten + c
    if R.random() < 0.5:
        return full
    return "%s %s %s %s" % (full[:2], full[2:5], full[5:8], full[8:])


def crc24(data):
    crc = 0xB704CE
    for b in data:
        crc ^= b << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


def wrap64(s, width=64):
    return "\n".join(s[i:i + width] for i in range(0, len(s), width))


# --------------------------------------------------------------------------------------------
# Value makers
# --------------------------------------------------------------------------------------------

FIRST = ["jean", "marie", "pierre", "sophie", "luc", "camille", "nicolas", "julie", "thomas", "emma",
         "james", "olivia", "liam", "ava", "noah", "mia", "lucas", "chloe", "hugo", "lea", "ahmed",
         "fatima", "wei", "yuki", "sven", "ingrid", "carlos", "lucia", "marco", "giulia"]
LAST = ["martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand", "leroy",
        "moreau", "smith", "johnson", "brown", "taylor", "wilson", "garcia", "rossi", "mueller",
        "schmidt", "nguyen", "kowalski", "jansen", "silva", "haddad", "fernandez", "lefebvre"]
MAIL_DOMAINS = ["gmail.com", "outlook.fr", "orange.fr", "yahoo.co.uk", "proton.me", "free.fr",
                "acme-industries.com", "contoso-bank.fr", "globex-corp.de", "initech.io",
                "thalesgroup.com", "hotmail.com", "laposte.net", "web.de", "uni-bonn.de"]
INTERNAL_SUFFIXES = ["corp.internal", "internal", "local", "lan", "corp", "intranet", "intra",
                     "home.arpa", "localdomain", "svc.cluster.local", "service.consul", "ad.acme.local"]
HOST_WORDS = ["db-prod-01", "jenkins", "gitlab", "ldap01", "vault", "erp-srv-02", "fileserver",
              "kafka-3", "redis-cache", "api-gw", "mail01", "dc01", "sonar", "grafana", "backup-nas",
              "k8s-master-2", "pgsql-replica", "crm-app", "intranet-web", "build-agent-07"]


def internal_host():
    return "%s.%s" % (pick(HOST_WORDS), pick(INTERNAL_SUFFIXES))


def private_ip():
    r = R.random()
    if r < 0.4:
        return "10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
    if r < 0.65:
        return "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 255), R.randint(1, 254))
    if r < 0.93:
        return "192.168.%d.%d" % (R.randint(0, 255), R.randint(1, 254))
    return "fd%02x:%x:%x::%x" % (R.randint(0, 255), R.randint(1, 0xFFFF), R.randint(1, 0xFFFF), R.randint(1, 0xFF))


def public_ip():
    while True:
        a = R.randint(1, 223)
        if a in (10, 100, 127, 169, 172, 192, 0):
            continue
        return "%d.%d.%d.%d" % (a, R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))


def person_email():
    f, l = pick(FIRST), pick(LAST)
    local = pick(["%s.%s" % (f, l), "%s%s" % (f[0], l), "%s_%s%d" % (f, l, R.randint(1, 99)), f])
    return "%s@%s" % (local, pick(MAIL_DOMAINS))


def phone(lang="en"):
    r = R.randint(0, 9)
    if r == 0:
        return "+33 %d %02d %02d %02d %02d" % (R.choice([1, 6, 7]), *(R.randint(10, 99) for _ in range(4)))
    if r == 1:
        return "+33%d%08d" % (R.choice([6, 7]), R.randint(10000000, 99999999))
    if r == 2:
        return "0%d %02d %02d %02d %02d" % (R.choice([1, 2, 3, 4, 5, 6, 7, 9]), *(R.randint(10, 99) for _ in range(4)))
    if r == 3:
        return "0%d.%02d.%02d.%02d.%02d" % (R.choice([1, 6, 7]), *(R.randint(10, 99) for _ in range(4)))
    if r == 4:
        return "+44 7%03d %06d" % (R.randint(400, 999), R.randint(100000, 999999))
    if r == 5:
        return "+1 (%d) %d-%04d" % (R.randint(201, 989), R.randint(201, 989), R.randint(0, 9999))
    if r == 6:
        return "+1-%d-%d-%04d" % (R.randint(201, 989), R.randint(201, 989), R.randint(0, 9999))
    if r == 7:
        return "+49 30 %08d" % R.randint(10000000, 99999999)
    if r == 8:
        return "+4915%d%07d" % (R.randint(1, 9), R.randint(1000000, 9999999))
    return "+34 6%02d %03d %03d" % (R.randint(0, 99), R.randint(0, 999), R.randint(0, 999))


def password_value():
    r = R.random()
    if r < 0.35:
        return rs(ALNUM + "!#%&*@^", R.randint(12, 24))
    if r < 0.7:
        w = pick(["Summer", "Tigre", "Blue", "Falcon", "Printemps", "Dragon", "Orange", "Velo", "Kraken"])
        return "%s%d%s%s" % (w, R.randint(10, 2099), pick("!#$%*?@"), rs(string.ascii_letters, 3))
    if r < 0.85:
        return "%s-%s-%s-%d" % (pick(["correct", "horse", "battery", "staple", "maple", "river"]),
                                 pick(["blue", "green", "quiet", "fast", "cold"]),
                                 pick(["lamp", "cloud", "stone", "piano", "otter"]), R.randint(1, 99))
    return rs(ALNUM, 32)


def jwt_token(alg=None):
    alg = alg or pick(["HS256", "RS256", "ES256"])
    header = {"alg": alg, "typ": "JWT"}
    if alg != "HS256":
        header["kid"] = rs(ALNUM, 16)
    now = 1760000000 + R.randint(0, 20000000)
    payload = pick([
        {"sub": str(R.randint(10000, 999999)), "iat": now, "exp": now + 3600, "scope": "read write"},
        {"sub": rs(HEX, 24), "role": pick(["admin", "user", "support"]), "iat": now},
        {"iss": "https://auth.%s" % pick(["acme-industries.com", "initech.io"]), "aud": "api", "sub": rs(ALNUM, 12),
         "exp": now + 900, "jti": rs(HEX, 16)},
        {"user_id": R.randint(1, 99999), "tenant": pick(["eu-west", "fr-par"]), "admin": R.random() < 0.3, "iat": now},
    ])
    sig_len = {"HS256": 32, "RS256": 256, "ES256": 64}[alg]
    return "%s.%s.%s" % (b64u(json.dumps(header, separators=(",", ":")).encode()),
                         b64u(json.dumps(payload, separators=(",", ":")).encode()), b64u(rbytes(sig_len)))


def pem_block(kind):
    size = R.randint(250, 700)
    if kind == "RSA PRIVATE KEY":
        der = b"\x30\x82" + (size - 4).to_bytes(2, "big") + b"\x02\x01\x00\x02\x82\x01\x01\x00" + rbytes(size - 12)
    elif kind == "EC PRIVATE KEY":
        der = b"\x30\x77\x02\x01\x01\x04\x20" + rbytes(32) + b"\xa0\x0a\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07" + rbytes(70)
    else:
        der = b"\x30\x82" + (size - 4).to_bytes(2, "big") + b"\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d" + rbytes(size - 17)
    body = wrap64(base64.b64encode(der).decode())
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (kind, body, kind)


def openssh_block():
    raw = b"openssh-key-v1\x00" + b"\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00\x00\x00\x00\x01" + rbytes(R.randint(200, 380))
    body = wrap64(base64.b64encode(raw).decode(), 70)
    return "-----BEGIN OPENSSH PRIVATE KEY-----\n%s\n-----END OPENSSH PRIVATE KEY-----" % body


def pgp_private_block():
    raw = b"\xc5" + rbytes(R.randint(300, 600))
    body = wrap64(base64.b64encode(raw).decode())
    c = base64.b64encode(crc24(raw).to_bytes(3, "big")).decode()
    return "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n%s\n=%s\n-----END PGP PRIVATE KEY BLOCK-----" % (body, c)


def putty_block():
    user = pick(FIRST)
    pub = base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + rbytes(32)).decode()
    priv = base64.b64encode(b"\x00\x00\x00\x20" + rbytes(32)).decode()
    version = pick(["2", "3"])
    lines = ["PuTTY-User-Key-File-%s: ssh-ed25519" % version, "Encryption: none",
             "Comment: %s@laptop" % user, "Public-Lines: 2", pub[:64], pub[64:],
             "Private-Lines: 1", priv, "Private-MAC: %s" % rs(HEX, 64 if version == "3" else 40)]  # v3 HMAC-SHA-256, v2 HMAC-SHA-1
    return "\n".join(lines)


def aws_key_id():
    return pick(["AKIA", "AKIA", "AKIA", "ASIA"]) + rs(B32, 16)


def aws_secret():
    return rs(ALNUM + "/+", 40)


# --------------------------------------------------------------------------------------------
# Positive generators. Each returns a dict of renderings (a carrier picks one it supports):
#   kv=(key, frags)   header=(name, frags)   inline=frags   block=frags
# --------------------------------------------------------------------------------------------

POS = {}


def pos(cat):
    def deco(f):
        POS.setdefault(cat, []).append(f)
        return f
    return deco


@pos("private_key")
def g_private_key(lang):
    kind = pick(["pem", "pem", "openssh", "openssh", "pgp", "putty", "ec", "pkcs8"])
    block = {"pem": lambda: pem_block("RSA PRIVATE KEY"), "ec": lambda: pem_block("EC PRIVATE KEY"),
             "pkcs8": lambda: pem_block(pick(["PRIVATE KEY", "ENCRYPTED PRIVATE KEY"])),
             "openssh": openssh_block, "pgp": pgp_private_block, "putty": putty_block}[kind]()
    return {"block": [L(block, "private_key")]}


@pos("aws_access_key_id")
def g_aws_pair(lang):
    kid, sec = aws_key_id(), aws_secret()
    key = pick(["aws_access_key_id", "AWS_ACCESS_KEY_ID", "accessKeyId", "aws.accessKeyId"])
    skey = pick(["aws_secret_access_key", "AWS_SECRET_ACCESS_KEY", "secretAccessKey", "aws.secretKey"])
    return {"kv2": [(key, [L(kid, "aws_access_key_id")]), (skey, [L(sec, "aws_secret_key")])],
            "inline": [T("access key "), L(kid, "aws_access_key_id"), T(" / secret "), L(sec, "aws_secret_key")]}


@pos("aws_access_key_id")
def g_aws_id(lang):
    kid = aws_key_id()
    return {"kv": (pick(["AWS_ACCESS_KEY_ID", "access_key", "aws_key"]), [L(kid, "aws_access_key_id")]),
            "inline": [T(pick(["credentials for ", "key id ", "AccessKeyId="])), L(kid, "aws_access_key_id")]}


@pos("aws_secret_key")
def g_aws_secret(lang):
    sec = aws_secret()
    return {"kv": (pick(["aws_secret_access_key", "AWS_SECRET_ACCESS_KEY", "SecretAccessKey"]), [L(sec, "aws_secret_key")]),
            "inline": [T("aws_secret_access_key="), L(sec, "aws_secret_key")]}


@pos("github_token")
def g_github(lang):
    prefix = pick(["ghp_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"])
    if prefix == "github_pat_":
        tok = "github_pat_" + rs(ALNUM, 22) + "_" + rs(ALNUM, 59)
    else:
        tok = gh_style(prefix)
    r = R.random()
    if r < 0.25:
        return {"header": ("Authorization", [T(pick(["token ", "Bearer "])), L(tok, "github_token", also=["authorization_header"])]),
                "inline": [T("curl -H 'Authorization: token "), L(tok, "github_token", also=["authorization_header"]), T("' https://api.github.com/user")]}
    if r < 0.4:
        return {"inline": [T("git clone "), L("https://x-access-token:%s@github.com" % tok, "github_token", also=["url_credentials"]),
                           T("/%s/%s.git" % (pick(["acme", "initech"]), pick(["infra", "billing", "portal"])))]}
    return {"kv": (pick(["GITHUB_TOKEN", "GH_TOKEN", "github_token", "token", "oauth_token"]), [L(tok, "github_token")]),
            "inline": [T(pick(["token ", "GH_TOKEN=", "found "])), L(tok, "github_token")]}


@pos("gitlab_token")
def g_gitlab(lang):
    prefix = pick(["glpat-", "glpat-", "glpat-", "gldt-", "glrt-", "glptt-"])
    tok = prefix + (rs(HEX, 40) if prefix == "glptt-" else rs(ALNUM + "_-", 20))
    if R.random() < 0.3:
        return {"header": ("PRIVATE-TOKEN", [L(tok, "gitlab_token")]),
                "inline": [T('curl --header "PRIVATE-TOKEN: '), L(tok, "gitlab_token"), T('" https://gitlab.com/api/v4/projects')]}
    return {"kv": (pick(["GITLAB_TOKEN", "CI_JOB_TOKEN_OVERRIDE", "gitlab_private_token", "token"]), [L(tok, "gitlab_token")]),
            "inline": [T("gitlab token "), L(tok, "gitlab_token")]}


def digits(n):
    return str(R.randint(1, 9)) + rs(string.digits, n - 1)


@pos("slack_token")
def g_slack(lang):
    r = R.random()
    if r < 0.45:
        tok = "xoxb-%s-%s-%s" % (digits(R.choice([11, 12, 13])), digits(R.choice([12, 13])), rs(ALNUM, 24))
    elif r < 0.85:
        tok = "xoxp-%s-%s-%s-%s" % (digits(11), digits(12), digits(13), rs(HEX, 32))
    else:
        tok = "xapp-1-A%s-%s-%s" % (rs(string.ascii_uppercase + string.digits, 10), digits(13), rs(HEX, 64))
    return {"kv": (pick(["SLACK_BOT_TOKEN", "slack_token", "SLACK_TOKEN", "slackToken"]), [L(tok, "slack_token")]),
            "header": ("Authorization", [T("Bearer "), L(tok, "slack_token", also=["authorization_header"])]),
            "inline": [T("slack token "), L(tok, "slack_token")]}


@pos("slack_webhook")
def g_slack_hook(lang):
    url = "https://hooks.slack.com/services/T%s/B%s/%s" % (
        rs(string.ascii_uppercase + string.digits, pick([8, 9, 10])), rs(string.ascii_uppercase + string.digits, pick([8, 9, 10])), rs(ALNUM, 24))
    return {"kv": (pick(["SLACK_WEBHOOK_URL", "webhook_url", "slack_webhook", "alerts.slack.url"]), [L(url, "slack_webhook")]),
            "inline": [T(pick(["posting to ", "curl -X POST -d @msg.json ", "webhook "])), L(url, "slack_webhook")]}


@pos("stripe_key")
def g_stripe(lang):
    tok = pick(["sk_live_", "sk_live_", "rk_live_"]) + rs(ALNUM, pick([24, 34, 99]))
    return {"kv": (pick(["STRIPE_SECRET_KEY", "stripe_api_key", "stripe.secret", "STRIPE_KEY"]), [L(tok, "stripe_key")]),
            "header": ("Authorization", [T("Bearer "), L(tok, "stripe_key", also=["authorization_header"])]),
            "inline": [T("curl https://api.stripe.com/v1/charges -u "), L(tok, "stripe_key", also=["url_credentials", "authorization_header"]), T(":")]}


@pos("google_api_key")
def g_google(lang):
    tok = "AIza" + rs(ALNUM + "_-", 35)
    return {"kv": (pick(["GOOGLE_API_KEY", "apiKey", "google_maps_key", "FIREBASE_API_KEY"]), [L(tok, "google_api_key")]),
            "inline": [T("https://maps.googleapis.com/maps/api/geocode/json?address=Paris&key="), L(tok, "google_api_key")]}


@pos("gcp_service_account")
def g_gcp(lang):
    project = "%s-%s-%d" % (pick(["acme", "initech", "globex"]), pick(["prod", "data", "ml"]), R.randint(100000, 999999))
    pem = pem_block("PRIVATE KEY")
    sa = "%s@%s.iam.gserviceaccount.com" % (pick(["deployer", "ci-runner", "bq-export"]), project)
    doc = "{\n" + ",\n".join([
        '  "type": "service_account"', '  "project_id": "%s"' % project,
        '  "private_key_id": "%s"' % rs(HEX, 40),
        '  "private_key": %s' % json.dumps(pem + "\n"),
        '  "client_email": "%s"' % sa, '  "client_id": "%s"' % digits(21),
        '  "auth_uri": "https://accounts.google.com/o/oauth2/auth"',
        '  "token_uri": "https://oauth2.googleapis.com/token"']) + "\n}"
    return {"block": [L(doc, "gcp_service_account", also=["private_key", "email_address"])]}


@pos("azure_connection_string")
def g_azure_cs(lang):
    acct = pick(["acme", "initech", "globex"]) + pick(["prodstore", "backups", "logs"]) + str(R.randint(1, 99))
    if R.random() < 0.7:
        cs = "DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s==;EndpointSuffix=core.windows.net" % (acct, rs(B64, 86))
    else:
        cs = "Endpoint=sb://%s.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=%s=" % (acct, rs(B64, 43))
    return {"kv": (pick(["AZURE_STORAGE_CONNECTION_STRING", "ConnectionStrings__Storage", "azure.connection"]), [L(cs, "azure_connection_string", also=["connection_string"])]),
            "inline": [T("connection string "), L(cs, "azure_connection_string", also=["connection_string"])]}


def sas_query():
    sig = base64.b64encode(rbytes(32)).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    y = R.randint(2025, 2027)
    return "sv=2022-11-02&ss=bfqt&srt=sco&sp=%s&se=%d-%02d-%02dT%02d:00:00Z&st=%d-01-01T00:00:00Z&spr=https&sig=%s" % (
        pick(["rwdlacupx", "r", "rl", "rwdl"]), y + 1, R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), y, sig)


@pos("azure_sas_token")
def g_azure_sas(lang):
    acct = pick(["acme", "initech"]) + pick(["media", "exports", "share"]) + str(R.randint(1, 99))
    q = sas_query()
    return {"inline": [T("https://%s.blob.core.windows.net/%s/%s?" % (acct, pick(["exports", "backups", "$web"]), pick(["db.bak", "users.csv", "index.html"]))),
                       L(q, "azure_sas_token", also=["url_credentials"])],
            "kv": (pick(["AZURE_SAS_TOKEN", "sasToken", "blob_sas"]), [T("?"), L(q, "azure_sas_token")])}


@pos("npm_token")
def g_npm(lang):
    tok = gh_style("npm_")
    r = R.random()
    if r < 0.4:
        return {"inline": [T("//registry.npmjs.org/:_authToken="), L(tok, "npm_token")],
                "kv": ("NPM_TOKEN", [L(tok, "npm_token")])}
    return {"kv": (pick(["NPM_TOKEN", "NODE_AUTH_TOKEN", "npm_token"]), [L(tok, "npm_token")]),
            "inline": [T("npm token "), L(tok, "npm_token")]}


def pypi_tok():
    body = b"\x02\x01\x08pypi.org\x02\x24"  # macaroon: location "pypi.org", then a 36-byte identifier
    raw = body + ("%s" % "-".join(rs(HEX, n) for n in (8, 4, 4, 4, 12))).encode() + b"\x00\x02\x2a" + rbytes(R.randint(40, 90)) + b"\x00\x00\x06\x20" + rbytes(32)
    return "pypi-" + b64u(raw)


@pos("pypi_token")
def g_pypi(lang):
    tok = pypi_tok()
    if R.random() < 0.35:
        return {"block": [T("[pypi]\nusername = __token__\npassword = "), L(tok, "pypi_token", also=["password_assignment"])]}
    return {"kv": (pick(["PYPI_TOKEN", "TWINE_PASSWORD", "pypi_api_token"]), [L(tok, "pypi_token", also=["password_assignment"])]),
            "inline": [T("twine upload -u __token__ -p "), L(tok, "pypi_token", also=["password_assignment"]), T(" dist/*")]}


@pos("sendgrid_key")
def g_sendgrid(lang):
    tok = "SG.%s.%s" % (rs(B64URL, 22), rs(B64URL, 43))
    return {"kv": (pick(["SENDGRID_API_KEY", "sendgrid.apiKey", "MAIL_API_KEY"]), [L(tok, "sendgrid_key")]),
            "header": ("Authorization", [T("Bearer "), L(tok, "sendgrid_key", also=["authorization_header"])]),
            "inline": [T("sendgrid key "), L(tok, "sendgrid_key")]}


@pos("twilio_key")
def g_twilio(lang):
    if R.random() < 0.5:
        sk = "SK" + rs(HEX, 32)
        return {"kv": (pick(["TWILIO_API_KEY", "twilio_api_key_sid"]), [L(sk, "twilio_key")]),
                "inline": [T("twilio api key "), L(sk, "twilio_key")]}
    ac, tok = "AC" + rs(HEX, 32), rs(HEX, 32)
    return {"kv2": [("TWILIO_ACCOUNT_SID", [L(ac, "twilio_key", optional=True)]), ("TWILIO_AUTH_TOKEN", [L(tok, "twilio_key")])],
            "inline": [T("client = Client('"), L(ac, "twilio_key", optional=True), T("', '"), L(tok, "twilio_key"), T("')")]}


@pos("ai_api_key")
def g_ai(lang):
    r = R.random()
    if r < 0.35:
        tok = "sk-proj-" + rs(ALNUM + "_-", 156)
    elif r < 0.65:
        tok = "sk-ant-api03-" + rs(ALNUM + "_-", 93) + "AA"
    elif r < 0.85:
        tok = "sk-" + rs(ALNUM, 20) + "T3BlbkFJ" + rs(ALNUM, 20)
    else:
        tok = "hf_" + rs(string.ascii_letters, 34)
    return {"kv": (pick(["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "api_key", "LLM_KEY", "HF_TOKEN"]), [L(tok, "ai_api_key")]),
            "header": (pick(["Authorization", "x-api-key"]), [L(tok, "ai_api_key", also=["authorization_header"])]),
            "inline": [T("key "), L(tok, "ai_api_key")]}


@pos("jwt")
def g_jwt(lang):
    tok = jwt_token()
    r = R.random()
    if r < 0.35:
        return {"header": ("Authorization", [L("Bearer " + tok, "authorization_header", also=["jwt"])]),
                "kv": (pick(["access_token", "id_token", "jwt", "refresh_token"]), [L(tok, "jwt")])}
    return {"kv": (pick(["access_token", "id_token", "jwt", "token"]), [L(tok, "jwt")]),
            "inline": [T(pick(["token=", "jwt: ", "the token "])), L(tok, "jwt")]}


@pos("url_credentials")
def g_url_creds(lang):
    user = pick(["admin", "deploy", pick(FIRST), "svc_backup", "ftpuser"])
    pw = rs(ALNUM + "!*", R.randint(10, 18))
    host_internal = R.random() < 0.35
    host = internal_host() if host_internal else pick(["ftp.acme-industries.com", "files.initech.io", "proxy.globex-corp.de", "git.acme-industries.com", "smtp.contoso-bank.fr"])
    scheme = pick(["https", "http", "ftp", "sftp", "smtp", "ldap"])
    frags = [L("%s://%s:%s@" % (scheme, user, pw), "url_credentials", also=["connection_string"])]
    if host_internal:
        frags.append(L(host, "internal_hostname", optional=True))
    else:
        frags.append(T(host))
    frags.append(T(pick(["/", "/upload", ":3128", "/repo.git", "/exports/2026/"])))
    return {"kv": (pick(["url", "proxy", "BACKUP_URL", "remote"]), frags), "inline": [T(pick(["fetching ", "proxy ", "URL "]))] + frags}


@pos("connection_string")
def g_conn(lang):
    user = pick(["app", "postgres", "root", "sa", "reporting", "django"])
    pw = rs(ALNUM + "!*", R.randint(10, 20))  # no '#': in a URI it would start the fragment
    internal = R.random() < 0.5
    host = internal_host() if internal else pick(["db.acme-industries.com", "cluster0.ab1cd.mongodb.net", "mysql.initech.io"])
    hostfrag = L(host, "internal_hostname", optional=True) if internal else T(host)
    r = R.random()
    if r < 0.6:
        scheme = pick(["postgresql", "postgres", "mysql", "mongodb+srv", "mongodb", "redis", "amqp", "mssql"])
        frags = [L("%s://%s:%s@" % (scheme, user, pw), "connection_string", also=["url_credentials", "password_assignment"]), hostfrag, T("/%s" % pick(["app", "prod", "billing", "0"]))]
    elif r < 0.8:
        frags = [T("jdbc:%s://" % pick(["postgresql", "mysql"])), hostfrag,
                 L(":5432/app?user=%s&password=%s" % (user, pw), "connection_string", also=["password_assignment", "url_credentials"])]
    else:
        frags = [T("Server=tcp:"), hostfrag,
                 L(",1433;Initial Catalog=%s;User ID=%s;Password=%s;Encrypt=True" % (pick(["crm", "erp"]), user, pw), "connection_string", also=["password_assignment"])]
    return {"kv": (pick(["DATABASE_URL", "db_url", "ConnectionStrings__Default", "MONGO_URI", "spring.datasource.url"]), frags),
            "inline": [T(pick(["connecting to ", "dsn=", "url: "]))] + frags}


@pos("authorization_header")
def g_auth(lang):
    r = R.random()
    if r < 0.55:
        cred = "%s:%s" % (pick(["admin", "api", pick(FIRST)]), password_value())
        val = "Basic " + base64.b64encode(cred.encode()).decode()
    else:
        val = "Bearer " + pick([rs(ALNUM, 40), rs(HEX, 64), rs(ALNUM + "-._~", 48)])
    name = pick(["Authorization", "Authorization", "Proxy-Authorization"])
    return {"header": (name, [L(val, "authorization_header")]),
            "inline": [T("curl -H '%s: " % name), L(val, "authorization_header"), T("' https://api.%s/v2/items" % pick(["acme-industries.com", "initech.io"]))]}


SESSION_COOKIES = [("JSESSIONID", lambda: rs("0123456789ABCDEF", 32)), ("PHPSESSID", lambda: rs(string.ascii_lowercase + string.digits, 26)),
                   ("sessionid", lambda: rs(string.ascii_lowercase + string.digits, 32)), ("ASP.NET_SessionId", lambda: rs(string.ascii_lowercase + string.digits, 24)),
                   ("connect.sid", lambda: "s%3A" + rs(ALNUM + "-_", 32) + "." + rs(ALNUM + "/+", 43)),
                   ("laravel_session", lambda: rs(ALNUM, 40) + "%3D"), ("_session_id", lambda: rs(HEX, 32)),
                   ("__Secure-next-auth.session-token", lambda: rs(B64URL, 120)), ("sid", lambda: rs(ALNUM, 32)),
                   ("SESSION", lambda: base64.b64encode(("%s-%s" % (rs(HEX, 8), rs(HEX, 12))).encode()).decode())]


@pos("session_cookie")
def g_cookie(lang):
    name, mk = pick(SESSION_COOKIES)
    pair = "%s=%s" % (name, mk())
    if R.random() < 0.5:
        return {"header": ("Set-Cookie", [L(pair, "session_cookie"), T("; Path=/; %sHttpOnly" % pick(["Secure; ", ""]))]),
                "inline": [T("Set-Cookie: "), L(pair, "session_cookie"), T("; Path=/; HttpOnly")]}
    return {"header": ("Cookie", [T("lang=%s; " % pick(["fr", "en"])), L(pair, "session_cookie"), T("; theme=dark")]),
            "inline": [T("curl -b '"), L(pair, "session_cookie"), T("' https://portal.%s/admin" % pick(["acme-industries.com", "initech.io"]))]}


@pos("password_assignment")
def g_password(lang):
    pw = password_value()
    key = pick(["password", "passwd", "db_password", "DB_PASSWORD", "smtp_pass", "MYSQL_ROOT_PASSWORD", "admin_password", "pwd", "secret", "ldap_bind_password"])
    r = R.random()
    if r < 0.15:
        internal = R.random() < 0.5
        m = internal_host() if internal else pick(["ftp.acme-industries.com", "api.initech.io"])
        return {"block": [T("machine "), L(m, "internal_hostname", optional=True) if internal else T(m),
                          T(" login %s password " % pick(FIRST)), L(pw, "password_assignment")]}
    if r < 0.25:
        return {"inline": [T("mysql -u root -p"), L(pw, "password_assignment"), T(" -h db")] if R.random() < 0.5 else
                [T("--password="), L(pw, "password_assignment")]}
    return {"kv": (key, [L(pw, "password_assignment")]), "inline": [T("%s=" % key), L(pw, "password_assignment")]}


BCRYPT = string.ascii_letters + string.digits + "./"


@pos("password_hash")
def g_hash(lang):
    r = R.random()
    if r < 0.35:
        h = "$2%s$%02d$%s" % (pick("aby"), pick([10, 12, 14]), rs(BCRYPT, 53))
    elif r < 0.55:
        # PHC string format: standard base64 alphabet, no padding
        h = "$argon2id$v=19$m=65536,t=3,p=4$%s$%s" % (base64.b64encode(rbytes(16)).decode().rstrip("="), base64.b64encode(rbytes(32)).decode().rstrip("="))
    elif r < 0.75:
        h = "$6$%s$%s" % (rs(BCRYPT, 16), rs(BCRYPT, 86))
    elif r < 0.85:
        h = "pbkdf2_sha256$600000$%s$%s" % (rs(ALNUM, 22), base64.b64encode(rbytes(32)).decode())
    else:
        user = pick(["Administrator", "svc_sql", pick(FIRST)])
        nt = rs(HEX, 32)
        return {"block": [T("%s:%d:aad3b435b51404eeaad3b435b51404ee:" % (user, R.randint(500, 1200))), L(nt, "password_hash"), T(":::")]}
    if R.random() < 0.3:
        return {"block": [T("%s:" % pick(["root", "admin", pick(FIRST)])), L(h, "password_hash"), T(":19700:0:99999:7:::")]}
    return {"kv": (pick(["password_hash", "hash", "passwordHash", "encrypted_password"]), [L(h, "password_hash")]),
            "inline": [T("hash "), L(h, "password_hash")]}


@pos("payment_card")
def g_card(lang):
    c = card()
    kw = pick(["card", "card_number", "pan", "cc"]) if lang == "en" else pick(["carte", "numéro de carte", "CB"])
    return {"kv": (pick(["card_number", "pan", "cardNumber", "cc_number"]), [L(c, "payment_card")]),
            "inline": [T("%s %s " % (kw, pick([":", "n°", "#"]))), L(c, "payment_card")]}


@pos("iban")
def g_iban(lang):
    v = iban()
    return {"kv": (pick(["iban", "IBAN", "beneficiary_iban", "account"]), [L(v, "iban")]),
            "inline": [T(pick(["IBAN: ", "IBAN ", "compte "]) if lang == "fr" else pick(["IBAN: ", "IBAN ", "account IBAN "])), L(v, "iban")]}


@pos("national_id")
def g_national(lang):
    k = pick(["nir", "ssn", "nino", "dni", "cf", "steuer"])
    v = {"nir": nir, "ssn": ssn, "nino": nino, "dni": dni, "cf": codice_fiscale, "steuer": steuer_id}[k]()
    kw = {"nir": pick(["n° de sécurité sociale", "NIR", "numéro de sécu"]), "ssn": pick(["SSN", "social security number", "SSN#"]),
          "nino": pick(["NI number", "National Insurance number", "NINO"]), "dni": pick(["DNI", "NIF", "documento"]),
          "cf": pick(["codice fiscale", "C.F.", "CF"]), "steuer": pick(["Steuer-IdNr.", "Steuer-ID", "Steueridentifikationsnummer"])}[k]
    return {"kv": ({"nir": "nir", "ssn": "ssn", "nino": "nino", "dni": "dni", "cf": "codice_fiscale", "steuer": "steuer_id"}[k], [L(v, "national_id")]),
            "inline": [T("%s : " % kw if lang == "fr" else "%s: " % kw), L(v, "national_id")]}


MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]


@pos("date_of_birth")
def g_dob(lang):
    y, m, d = R.randint(1940, 2008), R.randint(1, 12), R.randint(1, 28)
    fmt = R.randint(0, 3)
    date = ["%04d-%02d-%02d" % (y, m, d), "%02d/%02d/%04d" % (d, m, y), "%02d.%02d.%04d" % (d, m, y),
            ("%d %s %d" % (d, MONTHS_FR[m - 1], y)) if lang == "fr" else ("%s %d, %d" % (MONTHS_EN[m - 1], d, y))][fmt]
    kw = pick(["date de naissance : ", "né le ", "née le ", "Date de naissance: "]) if lang == "fr" else pick(["date of birth: ", "DOB: ", "born on ", "Birth date: "])
    return {"kv": (pick(["date_of_birth", "dob", "birthdate", "birthDate"]), [L(date, "date_of_birth")]),
            "inline": [T(kw), L(date, "date_of_birth")]}


@pos("email_address")
def g_email(lang):
    e = person_email()
    return {"kv": (pick(["email", "contact", "user_email", "mail"]), [L(e, "email_address")]),
            "inline": [T(pick(["user ", "contact ", "from ", "<"])), L(e, "email_address")]}


@pos("phone_number")
def g_phone(lang):
    p = phone(lang)
    kw = pick(["Tél. : ", "tel: ", "portable : ", "téléphone "]) if lang == "fr" else pick(["phone: ", "Tel: ", "mobile ", "call me at "])
    return {"kv": (pick(["phone", "telephone", "mobile", "phone_number"]), [L(p, "phone_number")]),
            "inline": [T(kw), L(p, "phone_number")]}


@pos("private_ip")
def g_private_ip(lang):
    ip = private_ip()
    tail = pick(["", ":8080", ":5432", "/24" if ":" not in ip else ""])
    return {"kv": (pick(["host", "bind_address", "upstream", "db_host", "ip"]), [L(ip, "private_ip"), T(tail)]),
            "inline": [T(pick(["from ", "connected to ", "src=", "upstream "])), L(ip, "private_ip"), T(tail)]}


@pos("internal_hostname")
def g_internal(lang):
    h = internal_host()
    return {"kv": (pick(["host", "server", "ldap_url", "registry", "broker"]), [T(pick(["", "", "ldap://", "https://"])), L(h, "internal_hostname"), T(pick(["", ":389", ":9092", "/"]))]),
            "inline": (lambda pre, post: [T(pre), L(h, "internal_hostname"), T(post)])(*pick([
                ("resolved ", " to a private address"), ("GET http://", "/api/health"), ("ssh admin@", ""),
                ("\\\\", "\\share"), ("nslookup ", ""), ("Host: ", "")]))}


# Documentation / test values: labelled with their category, severity info.
DOC_VALUES = [
    ("aws_access_key_id", "AKIAIOSFODNN7EXAMPLE", "AWS_ACCESS_KEY_ID"),
    ("aws_secret_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_SECRET_ACCESS_KEY"),
    ("payment_card", "4242424242424242", "card_number"), ("payment_card", "4111111111111111", "card_number"),
    ("payment_card", "4242 4242 4242 4242", "card"), ("payment_card", "5555555555554444", "card_number"),
    ("payment_card", "378282246310005", "amex"), ("payment_card", "4000056655665556", "card_number"),
    ("github_token", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "GITHUB_TOKEN"),
    ("stripe_key", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "STRIPE_SECRET_KEY"),
    ("jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "token"),
    ("iban", "GB82WEST12345698765432", "iban"), ("iban", "DE89370400440532013000", "iban"),
    ("iban", "FR1420041010050500013M02606", "iban"),
    ("national_id", "078-05-1120", "ssn"), ("national_id", "QQ123456C", "nino"),
    ("national_id", "RSSMRA85T10A562S", "codice_fiscale"),
]


def g_doc_value(lang):
    cat, v, key = pick(DOC_VALUES)
    return {"kv": (key, [INFO(v, cat)]), "inline": [T("(doc example) %s=" % key), INFO(v, cat)]}


# Secrets inside encoded blobs (the scanner decodes base64 / URL-encoding and rescans): the label
# covers the whole blob, with the inner secret's category and `encoding`.


def b64s(text):
    return base64.b64encode(text.encode()).decode()


def g_encoded(lang):
    r = R.randint(0, 4)
    if r == 0:  # a Kubernetes Secret: values are base64
        pw, tok = password_value(), gh_style("ghp_")
        return {"block": [T("apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s-credentials\ntype: Opaque\ndata:\n  DB_PASSWORD: " % pick(["billing", "portal"])),
                          L(b64s(pw), "password_assignment", encoding="base64"), T("\n  GITHUB_TOKEN: "),
                          L(b64s(tok), "github_token", encoding="base64"), T("\n  LOG_LEVEL: %s" % b64s("info"))]}
    if r == 1:  # a base64-encoded .env shipped in a JSON field
        key = "sk_live_" + rs(ALNUM, 24)
        blob = b64s("STRIPE_SECRET_KEY=%s\nPORT=8080\n" % key)
        return {"kv": (pick(["env_b64", "bootstrap_config", "userData"]), [L(blob, "stripe_key", encoding="base64")])}
    if r == 2:  # a base64 AWS credentials file
        kid, sec = aws_key_id(), aws_secret()
        blob = b64s("[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n" % (kid, sec))
        return {"kv": (pick(["credentials_b64", "AWS_CREDENTIALS_FILE"]), [L(blob, "aws_secret_key", also=["aws_access_key_id"], encoding="base64")])}
    if r == 3:  # URL-encoded credentials in a redirect parameter
        inner = "https://%s:%s@%s/" % (pick(["deploy", "admin"]), rs(ALNUM, 12), pick(["files.initech.io", "ftp.acme-industries.com"]))
        enc = inner.replace(":", "%3A").replace("/", "%2F").replace("@", "%40")
        return {"inline": [T("GET /login?next="), L(enc, "url_credentials", also=["connection_string"], encoding="url"), T(" HTTP/1.1")]}
    pw = password_value()
    enc = "".join(ch if ch.isalnum() else "%%%02X" % ord(ch) for ch in pw)
    return {"inline": [T("POST body: username=%s&password=" % pick(FIRST)), L(enc, "password_assignment"), T("&remember=1")],
            "kv": ("form", [T("username=%s&password=" % pick(FIRST)), L(enc, "password_assignment"), T("&remember=1")])}


# --------------------------------------------------------------------------------------------
# Hard negatives: same shapes, no label.
# --------------------------------------------------------------------------------------------

NEG = {}


def neg(kind):
    def deco(f):
        NEG[kind] = f
        return f
    return deco


PLACEHOLDERS = ["<TOKEN>", "${API_KEY}", "{{secret}}", "********", "xxxxxxxxxxxxxxxx", "REDACTED", "your-api-key-here",
                "<your-password>", "$(cat /run/secrets/db_password)", "%DB_PASS%", "process.env.API_KEY", "[REDACTED]",
                "${{ secrets.NPM_TOKEN }}", "{{ vault_db_password }}", "changeme-in-prod-${ENV}", "<redacted>", "***",
                "ENC[AES256_GCM,data:...,type:str]", "os.environ['SECRET_KEY']", "YOUR_SECRET_HERE", "null", "\"\""]


@neg("placeholder")
def n_placeholder(lang):
    key = pick(["password", "api_key", "AWS_SECRET_ACCESS_KEY", "token", "GITHUB_TOKEN", "db_password", "client_secret", "STRIPE_SECRET_KEY"])
    v = pick(PLACEHOLDERS)
    return {"kv": (key, [N(v, "placeholder")]), "inline": [T("%s=" % key), N(v, "placeholder")]}


@neg("placeholder_token_shape")
def n_placeholder_shape(lang):
    v = pick(["AKIAXXXXXXXXXXXXXXXX", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "xoxb-xxxxxxxxxxx-xxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx",
              "AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "glpat-XXXXXXXXXXXXXXXXXXXX", "npm_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
              "sk-proj-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "eyJhbGciOi...<truncated>", "https://user:<password>@host", "postgres://user:${DB_PASSWORD}@db:5432/app",
              "Authorization: Bearer <token>", "Authorization: Basic ${BASIC_AUTH}"])
    return {"kv": (pick(["example", "value", "token"]), [N(v, "placeholder_token_shape")]), "inline": [T("e.g. "), N(v, "placeholder_token_shape")]}


@neg("git_sha")
def n_sha(lang):
    v = rs(HEX, 40)
    return {"inline": [T(pick(["commit ", "fixed in ", "revision "])), N(v, "git_sha")], "kv": ("commit", [N(v, "git_sha")])}


@neg("short_sha")
def n_short_sha(lang):
    v = rs(HEX, pick([7, 8, 12]))
    return {"inline": [T("build "), N(v, "short_sha")], "kv": ("git_rev", [N(v, "short_sha")])}


@neg("sha256")
def n_sha256(lang):
    v = hashlib.sha256(rbytes(16)).hexdigest()
    return {"inline": [T(pick(["sha256:", "SHA256 ", "digest sha256:"])), N(v, "sha256")], "kv": ("sha256", [N(v, "sha256")])}


@neg("md5_file")
def n_md5(lang):
    v = rs(HEX, 32)
    return {"inline": [T("md5sum firmware.bin -> "), N(v, "md5_file")], "kv": ("checksum_md5", [N(v, "md5_file")])}


@neg("integrity")
def n_integrity(lang):
    v = "sha512-" + base64.b64encode(rbytes(64)).decode()
    return {"kv": ("integrity", [N(v, "integrity")]), "inline": [T("integrity "), N(v, "integrity")]}


@neg("uuid")
def n_uuid(lang):
    v = "%s-%s-4%s-%s%s-%s" % (rs(HEX, 8), rs(HEX, 4), rs(HEX, 3), pick("89ab"), rs(HEX, 3), rs(HEX, 12))
    return {"inline": [T(pick(["request_id=", "trace ", "tenant "])), N(v, "uuid")], "kv": (pick(["request_id", "id", "tenantId"]), [N(v, "uuid")]),
            "header": ("X-Request-Id", [N(v, "uuid")])}


@neg("traceparent")
def n_trace(lang):
    v = "00-%s-%s-01" % (rs(HEX, 32), rs(HEX, 16))
    return {"header": ("traceparent", [N(v, "traceparent")]), "inline": [T("traceparent="), N(v, "traceparent")]}


@neg("cvss")
def n_cvss(lang):
    m = pick
    v = pick(["CVSS:3.1/AV:%s/AC:%s/PR:%s/UI:%s/S:%s/C:%s/I:%s/A:%s" % (m("NALP"), m("LH"), m("NLH"), m("NR"), m("UC"), m("NLH"), m("NLH"), m("NLH")),
              "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"])
    return {"kv": ("cvss_v3", [N(v, "cvss")]), "inline": [T("vector "), N(v, "cvss")]}


@neg("version")
def n_version(lang):
    v = pick(["%d.%d.%d" % (R.randint(0, 20), R.randint(0, 40), R.randint(0, 99)), "v%d.%d.%d-rc.%d" % (R.randint(1, 9), R.randint(0, 20), R.randint(0, 9), R.randint(1, 5)),
              "10.0.%d.%d" % (R.randint(17000, 26000), R.randint(1000, 5000)), "5.15.0-%d-generic" % R.randint(50, 120), "2.4.%d (Debian)" % R.randint(50, 62)])
    return {"kv": ("version", [N(v, "version")]), "inline": [T(pick(["version ", "running ", "upgraded to "])), N(v, "version")]}


@neg("public_key")
def n_pubkey(lang):
    r = R.random()
    if r < 0.4:
        v = "ssh-ed25519 " + base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + rbytes(32)).decode() + " %s@laptop" % pick(FIRST)
    elif r < 0.6:
        v = "ssh-rsa " + base64.b64encode(b"\x00\x00\x00\x07ssh-rsa\x00\x00\x00\x03\x01\x00\x01" + rbytes(200)).decode()
    elif r < 0.8:
        raw = b"\x99" + rbytes(300)
        v = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n%s\n=%s\n-----END PGP PUBLIC KEY BLOCK-----" % (
            wrap64(base64.b64encode(raw).decode()), base64.b64encode(crc24(raw).to_bytes(3, "big")).decode())
    else:
        kind = pick(["PUBLIC KEY", "CERTIFICATE"])
        v = "-----BEGIN %s-----\n%s\n-----END %s-----" % (kind, wrap64(base64.b64encode(b"\x30\x82\x01\x22" + rbytes(290)).decode()), kind)
    return {"block": [N(v, "public_key")]}


@neg("png_base64")
def n_png(lang):
    v = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rbytes(R.randint(120, 300))).decode()
    return {"kv": ("screenshot", [N(v, "png_base64")]), "inline": [T('<img src="'), N(v, "png_base64"), T('">')]}


@neg("luhn_invalid")
def n_luhn(lang):
    v = card(valid=False)
    return {"kv": (pick(["order_ref", "card_number", "tracking"]), [N(v, "luhn_invalid")]), "inline": [T(pick(["order ", "ref ", "card "])), N(v, "luhn_invalid")]}


@neg("order_id")
def n_order(lang):
    v = pick(["ORD-%d-%09d" % (R.randint(2020, 2026), R.randint(0, 10 ** 9)), "INV%010d" % R.randint(0, 10 ** 10), "#%d" % R.randint(100000, 9999999)])
    return {"kv": ("order_id", [N(v, "order_id")]), "inline": [T("order "), N(v, "order_id")]}


@neg("timestamp")
def n_ts(lang):
    v = pick([str(R.randint(1600000000000, 1790000000000)), str(R.randint(1600000000, 1790000000)),
              "2026-%02d-%02dT%02d:%02d:%02d.%03dZ" % (R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59), R.randint(0, 999))])
    return {"kv": (pick(["ts", "created_at", "timestamp"]), [N(v, "timestamp")]), "inline": [T("at "), N(v, "timestamp")]}


def g_example_email(lang):
    """RFC 2606 / 6761 names exist for documentation: an address there is a documentation value
    (severity info, or not reported), never a third party's address."""
    v = "%s@%s" % (pick(["jane.doe", "admin", "user", "noreply", "alice", "bob"]), pick(["example.com", "example.org", "example.net", "test.example", "mail.invalid", "demo.test"]))
    return {"kv": ("email", [INFO(v, "email_address")]), "inline": [T("mail "), INFO(v, "email_address")]}


@neg("psirt_email")
def n_psirt(lang):
    v = pick(["psirt@thalesgroup.com", "cna-coordinator@thalesgroup.com"])
    return {"inline": [T(pick(["reported to ", "envoyé à ", "cc "])), N(v, "psirt_email")], "kv": ("to", [N(v, "psirt_email")])}


@neg("public_ip")
def n_public_ip(lang):
    v = pick([public_ip(), public_ip(), "8.8.8.8", "1.1.1.1", "203.0.113.%d" % R.randint(1, 254), "198.51.100.%d" % R.randint(1, 254), "2001:db8::%x" % R.randint(1, 0xFFFF)])
    return {"kv": (pick(["client_ip", "remote_addr", "resolver"]), [N(v, "public_ip")]), "inline": [T(pick(["from ", "client "])), N(v, "public_ip")]}


@neg("non_ip_dotted")
def n_dotted(lang):
    v = pick(["1.3.6.1.4.1.311.%d.%d" % (R.randint(1, 99), R.randint(1, 9)), "192.168.1.%d" % R.randint(256, 999), "255.255.255.0", "0.0.0.0", "127.0.0.1", "1.2.840.113549.1.1.11"])
    return {"kv": (pick(["oid", "netmask", "listen"]), [N(v, "non_ip_dotted")]), "inline": [T("value "), N(v, "non_ip_dotted")]}


@neg("public_host")
def n_public_host(lang):
    v = pick(["www.thalesgroup.com", "registry.npmjs.org", "api.github.com", "localhost", "s3.eu-west-3.amazonaws.com", "login.microsoftonline.com", "cdn.jsdelivr.net", "pypi.org"])
    return {"kv": ("host", [N(v, "public_host")]), "inline": [T("GET https://"), N(v, "public_host"), T("/")]}


@neg("date_no_birth")
def n_date(lang):
    v = pick(["%04d-%02d-%02d" % (R.randint(2019, 2026), R.randint(1, 12), R.randint(1, 28)), "%02d/%02d/%04d" % (R.randint(1, 28), R.randint(1, 12), R.randint(1990, 2026))])
    kw = pick(["discovered on ", "découvert le ", "released ", "last login ", "expires "])
    return {"kv": (pick(["discovered_on", "release_date", "expires"]), [N(v, "date_no_birth")]), "inline": [T(kw), N(v, "date_no_birth")]}


@neg("non_session_cookie")
def n_cookie(lang):
    v = pick(["_ga=GA1.2.%d.%d" % (R.randint(10 ** 8, 10 ** 9), R.randint(1600000000, 1790000000)), "lang=fr", "theme=dark", "cookieconsent_status=dismiss", "tz=Europe%2FParis"])
    return {"header": ("Cookie", [N(v, "non_session_cookie")]), "inline": [T("cookie "), N(v, "non_session_cookie")]}


@neg("url_no_password")
def n_url(lang):
    v = pick(["ssh://git@github.com/acme/infra.git", "https://github.com/acme/portal/pull/%d" % R.randint(1, 999), "https://www.thalesgroup.com/en/psirt?lang=en",
              "postgres://localhost/app_test", "https://user@bitbucket.org/team/repo.git", "https://cdn.example.com/app.js?v=%s" % rs(HEX, 8)])
    return {"kv": ("url", [N(v, "url_no_password")]), "inline": [T("see "), N(v, "url_no_password")]}


@neg("near_miss_token")
def n_near(lang):
    v = pick([gh_style(pick(["ghp_", "gho_"]), valid=False), gh_style("npm_", valid=False), "AKIA" + rs(B32, 15), "AIza" + rs(ALNUM, 30),
              "sk_live_" + rs(ALNUM, 8), "xoxb-%s-%s" % (digits(11), rs(ALNUM, 10)), "glpat-" + rs(ALNUM, 8), "SG." + rs(B64URL, 10), "eyJhbGciOiJIUzI1NiJ9"])
    return {"kv": (pick(["sample_ref", "fixture", "ref"]), [N(v, "near_miss_token")]), "inline": [T("fixture "), N(v, "near_miss_token")]}


@neg("near_miss_personal")
def n_near_personal(lang):
    k = pick(["iban", "nir", "ssn", "nino", "dni", "cf", "steuer"])
    v = {"iban": lambda: iban(valid=False), "nir": lambda: nir(valid=False), "ssn": ssn_invalid, "nino": lambda: nino(valid=False),
         "dni": lambda: dni(valid=False), "cf": lambda: codice_fiscale(valid=False), "steuer": lambda: steuer_id(valid=False)}[k]()
    return {"kv": ({"iban": "iban", "nir": "nir", "ssn": "ssn", "nino": "nino", "dni": "dni", "cf": "codice_fiscale", "steuer": "steuer_id"}[k], [N(v, "near_miss_personal")]),
            "inline": [T("%s: " % k.upper()), N(v, "near_miss_personal")]}


@neg("number_not_phone")
def n_number(lang):
    v = pick(["ISBN 978-2-07-0%05d-%d" % (R.randint(0, 99999), R.randint(0, 9)), "%d %03d %03d bytes" % (R.randint(1, 99), R.randint(0, 999), R.randint(0, 999)),
              "port 8443", "pid %d" % R.randint(1000, 99999), "€ %d %03d,%02d" % (R.randint(1, 99), R.randint(0, 999), R.randint(0, 99)), "SIRET %014d" % R.randint(0, 10 ** 14)])
    return {"kv": ("note", [N(v, "number_not_phone")]), "inline": [T("("), N(v, "number_not_phone"), T(")")]}


@neg("password_not_secret")
def n_pw_config(lang):
    pair = pick([("password_min_length", "12"), ("password_policy", "strong"), ("password_reset_url", "/account/reset"), ("require_password", "true"),
                 ("password", "!vault |"), ("passwordField", "#login-password"), ("PASSWORD_HASHER", "argon2"), ("password_expiry_days", "90")])
    return {"kv": (pair[0], [N(pair[1], "password_not_secret")])}


@neg("hash_not_password")
def n_hash(lang):
    v = pick(["$%d.%02d" % (R.randint(1, 999), R.randint(0, 99)), "$HOME/.ssh/config", "$2 per request", "sha1:%s" % rs(HEX, 40)])
    return {"inline": [T("note "), N(v, "hash_not_password")], "kv": ("note", [N(v, "hash_not_password")])}


@neg("base64_benign")
def n_b64_benign(lang):
    v = pick([b64s(json.dumps({"page": R.randint(2, 90), "sort": pick(["asc", "desc"]), "after": rs(HEX, 12)})),
              b64s("Hello from the %s team, build %d" % (pick(["billing", "portal"]), R.randint(100, 999))),
              b64s(json.dumps({"theme": "dark", "lang": pick(["fr", "en"]), "tz": "Europe/Paris"}))])
    return {"kv": (pick(["cursor", "next_page", "state", "prefs"]), [N(v, "base64_benign")]), "inline": [T("cursor="), N(v, "base64_benign")]}


@neg("url_encoded_benign")
def n_url_benign(lang):
    v = "q=%s%%20%s&redirect_uri=https%%3A%%2F%%2Fportal.acme-industries.com%%2Fcallback&state=%s" % (pick(["prix", "rapport"]), pick(["annuel", "2026"]), rs(HEX, 16))
    return {"inline": [T("GET /search?"), N(v, "url_encoded_benign")], "kv": ("query", [N(v, "url_encoded_benign")])}


def n_reporter(lang, reporter):
    return {"inline": [T(pick(["Reporter: ", "contact me at ", "Signé : ", "— "])), N(reporter, "reporter_email")],
            "kv": ("reporter_email", [N(reporter, "reporter_email")])}


# --------------------------------------------------------------------------------------------
# Carriers: realistic documents that embed renderings.
# --------------------------------------------------------------------------------------------


class Doc:
    def __init__(self):
        self.parts, self.labels, self.negs, self.u16 = [], [], [], 0

    def add(self, frag):
        kind, s = frag[0], frag[1]
        n = len(s.encode("utf-16-le")) // 2
        if kind == "l":
            lab = {"start": self.u16, "end": self.u16 + n, "category": frag[2], "severity": frag[3]}
            if frag[4]:
                lab["also"] = list(frag[4])
            if frag[5]:
                lab["optional"] = True
            if frag[6]:
                lab["encoding"] = frag[6]
            self.labels.append(lab)
        elif kind == "n":
            self.negs.append({"start": self.u16, "end": self.u16 + n, "kind": frag[2]})
        self.parts.append(s)
        self.u16 += n

    def t(self, s):
        self.add(T(s))

    def frags(self, fr):
        for f in fr:
            self.add(f)

    def text(self):
        return "".join(self.parts)


def ts():
    return "2026-%02d-%02dT%02d:%02d:%02d.%03dZ" % (R.randint(1, 11), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59), R.randint(0, 999))


def fr_is_simple(frs):
    return all(('"' not in f[1] and "\\" not in f[1] and "\n" not in f[1]) for f in frs)


def render_kv(doc, style, key, frs):
    if style == "env":
        doc.t("%s=" % key.upper().replace(".", "_"))
        doc.frags(frs)
        doc.t("\n")
    elif style == "yaml":
        # a plain YAML scalar cannot start with an indicator character: quote those values
        quote = frs and frs[0][1][:1] in "!&*@%`|>{[?,-#'" and not frs[0][1].startswith("-----")
        doc.t("  %s: %s" % (key, "'" if quote else ""))
        doc.frags(frs)
        doc.t("'\n" if quote else "\n")
    elif style == "ini":
        doc.t("%s = " % key)
        doc.frags(frs)
        doc.t("\n")
    elif style == "json":
        doc.t('    "%s": "' % key)
        doc.frags(frs)
        doc.t('",\n')
    elif style == "log":
        doc.t("%s %s [%s] %s " % (ts(), pick(["INFO", "DEBUG", "WARN", "ERROR"]), pick(["auth", "db", "worker-3", "http", "billing"]), pick(["config loaded", "request", "retrying", "connect"])))
        doc.t("%s=" % key)
        doc.frags(frs)
        doc.t("\n")


def can(item, style):
    need = {"env": ("kv", "kv2"), "yaml": ("kv", "kv2"), "ini": ("kv", "kv2"), "json": ("kv", "kv2"), "log": ("inline", "kv", "kv2"),
            "http": ("header", "kv", "kv2"), "prose": ("inline", "block"), "shell": ("inline",), "block": ("block",), "sql": ("inline", "kv")}[style]
    if not any(k in item for k in need):
        return False
    if style == "json":
        frs = item["kv"][1] if "kv" in item else [f for _, fr in item["kv2"] for f in fr]
        return fr_is_simple(frs)
    return True


def emit(doc, item, style, lang):
    if style in ("env", "yaml", "ini", "json"):
        if "kv2" in item:
            for key, frs in item["kv2"]:
                render_kv(doc, style, key, frs)
        else:
            render_kv(doc, style, *item["kv"])
    elif style == "log":
        if "inline" in item and (R.random() < 0.6 or ("kv" not in item and "kv2" not in item)):
            doc.t("%s %s [%s] " % (ts(), pick(["INFO", "WARN", "ERROR", "DEBUG"]), pick(["api", "sync", "cron", "mailer"])))
            doc.frags(item["inline"])
            doc.t("\n")
        elif "kv2" in item:
            for key, frs in item["kv2"]:
                render_kv(doc, "log", key, frs)
        else:
            render_kv(doc, "log", *item["kv"])
    elif style == "http":
        if "header" in item:
            name, frs = item["header"]
            doc.t("%s: " % name)
            doc.frags(frs)
            doc.t("\r\n")
        else:
            for key, frs in (item["kv2"] if "kv2" in item else [item["kv"]]):
                doc.t("X-Debug-%s: " % key.replace("_", "-").replace(".", "-"))
                doc.frags(frs)
                doc.t("\r\n")
    elif style == "prose":
        if "block" in item and ("inline" not in item or R.random() < 0.5):
            doc.t(pick(["Here is what the endpoint returned:\n\n", "Voici ce que le serveur renvoie :\n\n", "Extract:\n\n", "Contenu du fichier exposé :\n\n"]) + ("```\n" if R.random() < 0.5 else ""))
            doc.frags(item["block"])
            doc.t("\n```\n\n" if doc.parts[-2].endswith("```\n") else "\n\n")
        else:
            en = ["While testing I found %s in the response. ", "The backup contains %s, which should not be public. ", "See: %s. ",
                  "The debug page prints %s — please rotate it. ", "Log excerpt: %s. "]
            fr = ["En testant, j'ai trouvé %s dans la réponse. ", "La sauvegarde contient %s, qui ne devrait pas être publique. ",
                  "Voir : %s. ", "La page de débogage affiche %s — à révoquer. ", "Extrait du journal : %s. "]
            tpl = pick(fr if lang == "fr" else en)
            a, b = tpl.split("%s")
            doc.t(a)
            doc.frags(item["inline"])
            doc.t(b)
            if R.random() < 0.3:
                doc.t("\n")
    elif style == "shell":
        doc.t("$ ")
        doc.frags(item["inline"])
        doc.t("\n")
    elif style == "block":
        doc.frags(item["block"])
        doc.t("\n")


STYLE_OF = {"env_file": "env", "config_yaml": "yaml", "config_ini": "ini", "config_json": "json", "server_log": "log",
            "http_request": "http", "http_response": "http", "prose_en": "prose", "prose_fr": "prose", "shell_history": "shell",
            "key_file": "block", "stack_trace": "log", "json_api": "json"}


def carrier_open(doc, carrier, lang):
    if carrier == "env_file":
        doc.t("# %s\nNODE_ENV=production\nPORT=%d\n" % (pick([".env — staging", ".env.production", "environment for the worker"]), R.randint(3000, 9000)))
    elif carrier == "config_yaml":
        doc.t("# application.yml\nservice:\n  name: %s\n  replicas: %d\nsettings:\n" % (pick(["billing", "portal", "sync"]), R.randint(1, 5)))
    elif carrier == "config_ini":
        doc.t("; settings.ini\n[%s]\nenabled = true\n" % pick(["database", "smtp", "ldap", "storage"]))
    elif carrier in ("config_json", "json_api"):
        doc.t('{\n  "%s": {\n    "region": "%s",\n' % (pick(["config", "data", "result"]), pick(["eu-west-3", "fr-par", "us-east-1"])))
    elif carrier == "server_log":
        doc.t("%s INFO [main] Starting 🚀 %s v%d.%d.%d\n" % (ts(), pick(["gateway", "sync-worker", "auth-service"]), R.randint(1, 5), R.randint(0, 20), R.randint(0, 9)))
    elif carrier == "http_request":
        doc.t("%s /api/v2/%s HTTP/1.1\r\nHost: %s\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\nAccept: application/json\r\n" % (
            pick(["GET", "POST", "PUT"]), pick(["users/me", "orders", "export", "admin/settings"]), pick(["portal.acme-industries.com", "api.initech.io", "shop.globex-corp.de"])))
    elif carrier == "http_response":
        doc.t("HTTP/1.1 200 OK\r\nDate: Tue, 03 Nov 2026 10:%02d:%02d GMT\r\nServer: nginx/1.%d.%d\r\nContent-Type: application/json; charset=utf-8\r\n" % (R.randint(0, 59), R.randint(0, 59), R.randint(18, 27), R.randint(0, 9)))
    elif carrier == "prose_en":
        doc.t(pick(["Summary: the export endpoint of the customer portal is reachable without authentication.\n\n",
                    "Hello PSIRT team,\n\nI would like to report an information disclosure in the support portal. ",
                    "Steps to reproduce: open the admin page, then look at the page source. "]))
    elif carrier == "prose_fr":
        doc.t(pick(["Résumé : l'export du portail client est accessible sans authentification — données exposées.\n\n",
                    "Bonjour l'équipe PSIRT,\n\nJe souhaite signaler une fuite de données sur le portail « support ». ",
                    "📎 Étapes : ouvrir la page d'administration, puis afficher le source. Données concernées ↓\n"]))
    elif carrier == "shell_history":
        doc.t("# ~/.bash_history (extrait — 履歴)\n$ cd /opt/app && ls -la\n")
    elif carrier == "key_file":
        doc.t(pick(["# found in the public repository, file deploy/keys — clé trouvée\n", "Contents of id_rsa exposed at /backup/:\n", ""]))
    elif carrier == "stack_trace":
        doc.t('Traceback (most recent call last):\n  File "/srv/app/%s.py", line %d, in connect\n' % (pick(["db", "client", "sync"]), R.randint(10, 400)))


def carrier_close(doc, carrier, lang):
    if carrier in ("config_json", "json_api"):
        doc.t('    "timeout_ms": %d\n  }\n}\n' % R.randint(100, 9000))
    elif carrier == "http_request":
        doc.t("Connection: keep-alive\r\n\r\n")
    elif carrier == "http_response":
        doc.t('\r\n{"status":"ok","items":%d}\n' % R.randint(0, 50))
    elif carrier == "stack_trace":
        doc.t("psycopg2.OperationalError: could not connect to server: Connection refused\n")
    elif carrier in ("prose_en", "prose_fr"):
        doc.t("\n" + pick(["Best regards.", "Cordialement.", "Thanks, — 🙂", "Merci d'avance."]) + "\n")


SQL_COLUMNS = ["email_address", "password_hash", "payment_card", "iban", "phone_number", "date_of_birth", "national_id"]


def sql_case(doc, lang):
    cols = R.sample(SQL_COLUMNS, R.randint(2, 4))
    doc.t("-- MySQL dump 10.13  Distrib 8.0.%d\n-- Host: localhost    Database: crm\n" % R.randint(20, 40))
    doc.t("INSERT INTO `customers` (`id`, `name`, %s, `created_at`) VALUES\n" % ", ".join("`%s`" % c for c in cols))
    rows = R.randint(2, 4)
    for i in range(rows):
        doc.t("(%d, '%s %s', " % (R.randint(1, 99999), pick(FIRST).title(), pick(LAST).title()))
        for c in cols:
            item = POS[c][0](lang)
            while "kv" not in item:
                item = POS[c][0](lang)
            fr = item["kv"][1]
            fr = [f for f in fr if f[0] != "t"] or fr
            doc.t("'")
            doc.frags(fr)
            doc.t("', ")
        doc.t("'%s')%s\n" % (ts()[:19].replace("T", " "), ";" if i == rows - 1 else ","))


def stats_counts(cases):
    c = {}
    for case in cases:
        for lab in case["labels"]:
            if lab["severity"] != "info" and not lab.get("optional"):
                c[lab["category"]] = c.get(lab["category"], 0) + 1
    return c


def build():
    cases = []
    pos_count = {c: 0 for c in SEVERITY}
    neg_count = {k: 0 for k in NEG}
    carriers = list(STYLE_OF)
    n = 0

    def need_more():
        return min(pos_count.values()) < TARGET_PER_CATEGORY or min(neg_count.values()) < TARGET_PER_NEGATIVE_KIND

    def draw(lang, reporter):
        if reporter and R.random() < 0.3:
            return n_reporter(lang, reporter)
        if R.random() < 0.05:
            return g_doc_value(lang)
        if R.random() < 0.015:
            return g_example_email(lang)
        if R.random() < 0.04:
            return g_encoded(lang)
        if R.random() < (0.5 if min(pos_count.values()) < TARGET_PER_CATEGORY else 0.2):
            # the least-covered positive categories first
            cands = sorted(pos_count, key=lambda c: (pos_count[c], R.random()))[:8]
            return pick(POS[pick(cands)])(lang)
        cands = sorted(neg_count, key=lambda c: (neg_count[c], R.random()))[:8]
        return NEG[pick(cands)](lang)

    while need_more() or n < 60:
        n += 1
        doc = Doc()
        case = {"id": "c%04d" % n}
        if n % 23 == 0:
            carrier, lang = "sql_dump", pick(["en", "fr"])
            sql_case(doc, lang)
        else:
            carrier = pick(carriers)
            lang = "fr" if carrier == "prose_fr" or (carrier != "prose_en" and R.random() < 0.25) else "en"
            style = STYLE_OF[carrier]
            carrier_open(doc, carrier, lang)
            k = R.randint(2, 6) if style != "block" else R.randint(1, 2)
            reporter = None
            if style in ("prose", "log") and R.random() < 0.25:
                reporter = person_email()
            for _ in range(k):
                for _attempt in range(12):  # draw until the item has a rendering this carrier supports
                    item = draw(lang, reporter)
                    if can(item, style) or (style == "log" and can(item, "prose")):
                        break
                if can(item, style):
                    emit(doc, item, style, lang)
                elif can(item, "prose") and style == "log":
                    emit(doc, item, "prose", lang)
            if reporter:
                case["reporter_email"] = reporter
            carrier_close(doc, carrier, lang)
        case.update({"carrier": carrier, "language": lang, "text": doc.text(), "labels": doc.labels, "negatives": doc.negs})
        # SQL dumps add many personal values at once, all in one shape: they do not count toward
        # the per-category target, so every category also gets its keyword-context variety.
        for lab in doc.labels if carrier != "sql_dump" else []:
            if lab["severity"] != "info" and not lab.get("optional"):
                pos_count[lab["category"]] += 1
        for ng in doc.negs:
            neg_count[ng["kind"]] = neg_count.get(ng["kind"], 0) + 1
        # Self-check: every span is what it claims to be (UTF-16 offsets).
        u16 = doc.text().encode("utf-16-le")
        for span in doc.labels + doc.negs:
            assert span["end"] > span["start"]
            u16[span["start"] * 2:span["end"] * 2].decode("utf-16-le")
        if not doc.labels and not doc.negs and len(doc.text()) < 40:
            continue
        cases.append(case)
    return cases


# Structures quoted from real reports (source code, shell history, Terraform state, .npmrc,
# Markdown tables, e-mail signatures), hand-written and fixed (no draw from R, so the drawn cases
# above stay byte for byte what they were). Each is (carrier, language, reporter, fragments).
def structure_cases():
    pw = lambda v: L(v, "password_assignment")
    rep = "imogen.varga@redpointlabs.io"
    raw = [
        ("source_code", "en", None, [T('Connection c = DriverManager.getConnection("jdbc:postgresql://10.0.4.12:5432/crm", "crm_app", "'), pw("W1nter#Crm2024"), T('");\n')]),
        ("source_code", "en", None, [T('var cred = new NetworkCredential("svc_backup", "'), pw("P@ssw0rd!Backup77"), T('", "CORP");\nclient.Credentials = cred;\n')]),
        ("source_code", "fr", None, [T("<?php\n// wp-config.php\ndefine('DB_USER', 'wp');\ndefine('API_SECRET', '"), pw("ffe5a2c45d73870fa29a47a8f5d39cd9"), T("');\ndefine('WP_DEBUG', false);\n")]),
        ("stack_trace", "fr", None, [T("PDOException: SQLSTATE[HY000] [1045] Access denied\nStack trace:\n#0 /var/www/db.php(12): PDO->__construct('mysql:host=db;dbname=crm', 'crm', '"), pw("2r%4NrE*2@@-0a"), T("')\n#1 {main}\n")]),
        ("source_code", "en", None, [T('String password = request.getParameter("password");\nConnection c = DriverManager.getConnection(url, user, System.getenv("DB_PASSWORD"));\nnew PDO($dsn, $user, $password);\n'), T("define('DB_PASSWORD', 'password_here');\nconst PASSWORD_MIN_LENGTH = 12;\n")]),
        ("shell_history", "en", None, [T("  501  aws configure set aws_access_key_id AKIAZS77U5KGYFNROOPF\n  502  aws configure set aws_secret_access_key "), L("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", "aws_secret_key"), T("\n  503  aws s3 ls\n")]),
        ("shell_history", "en", None, [T("git log --oneline -3\nmysql -u root -p\nread -s DB_PASSWORD && export DB_PASSWORD\ncurl -u \"$USER:$PASS\" https://status.example.org/\nssh-keygen -lf ~/.ssh/id_ed25519.pub   # "), N("SHA256:QuCj9Q364On+VuGr5dkXJPc+h62injUrUKjrpt+rBD4", "public_key"), T("\n")]),
        ("config_ini", "en", None, [T("# ~/.npmrc\n//nexus.corp.example/npm/:_auth="), L("YnVpbGQ6VG91cm5lc29sLjkyMS56", "authorization_header", also=("password_assignment",)), T("\nalways-auth=true\n")]),
        ("env_file", "en", None, [T("DATABASE_URL="), L("postgres://app:Root98?@db-primary:5432/app", "connection_string", also=("url_credentials",)), T("\nREDIS_URL=redis://redis:6379/0\n")]),
        ("terraform", "en", None, [T('{"resources": [{"type": "aws_iam_access_key", "instances": [{"attributes": {"id": "'), L("AKIAZS77U5KGYFNROOPF", "aws_access_key_id"), T('", "secret": "'), L("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", "aws_secret_key"), T('", "status": "Active"}}]}]}\n')]),
        ("http_request", "en", None, [T("GET /account HTTP/1.1\r\nHost: portal.example.org\r\nCookie: _ga=GA1.2.8629335674.0807076617; lang=en; ASP.NET_SessionId="), L("aeypgeflktqximzagzlucwem", "session_cookie"), T("; theme=dark\r\n\r\n")]),
        ("env_file", "fr", None, [T("# .env.example\nDB_PASSWORD="), N("\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022", "placeholder"), T("\nAPI_TOKEN="), N("[CAVIARD\u00c9]", "placeholder"), T("\nPASSWORD_MIN_LENGTH=12\n")]),
        ("markdown_report", "fr", None, [T("| Champ | Valeur renvoy\u00e9e |\n|---|---|\n| name | L. Kerbrat |\n| date_naissance | "), L("1979-10-03", "date_of_birth"), T(" |\n| passeport | "), L("24JX55520", "identity_document", sev="high"), T(" |\n| created_at | 2023-01-11T21:28:08Z |\n")]),
        ("markdown_report", "en", None, [T("| Setting | Value |\n|---|---|\n| timeout | 30 |\n| password_min_length | 12 |\n| created_at | 2023-01-11 |\n")]),
        ("email_message", "en", rep, [T("From: %s\nTo: psirt@thalesgroup.com\nSubject: follow-up\n\nThe fix works. I will be reachable at " % rep), N("+1 312-334-7387", "reporter_email"), T(" until the embargo ends.\n\n-- \nImogen Varga, Redpoint Labs\n%s | Tel " % rep), N("+1 617-444-0815", "reporter_email"), T("\n"), N("1344 N Fairweather Dr, Asheville, NC 28801", "reporter_email"), T("\n")]),
        ("ocr_document", "en", None, [T("CERTIFICATE OF CONFORMITY\nModel: KX-536  Firmware 11.8.19\nTest lab phone "), N("+1 800 138 4476", "number_not_phone"), T("\nQueries: accounts@brightwater-logistics.com\n")]),
        # Credentials handed over with no password word: a user, then "the rest"; a French login
        # sentence; a quoted or bare spaced passphrase; a lettered door code; a chat answer.
        ("chat", "en", None, [T("[10:41] Priya: need the kiosk login for the demo\n[10:42] Tomasz: username is kiosk-demo, and the second part is "), pw("Heron?Bay58"), T("\n[10:42] Priya: got it\n")]),
        ("chat", "fr", None, [T("[17:05] Lou\u00efse : identifiant lab-admin, l'autre partie c'est "), pw("Goeland#2207"), T("\n[17:06] Marc : merci\n")]),
        ("prose_fr", "fr", None, [T("Connexion r\u00e9ussie en tant que audit_ro avec "), pw("pinson_k2vd"), T(" depuis le VPN invit\u00e9, sans second facteur.\n")]),
        ("prose_fr", "fr", None, [T("L'archive chiffr\u00e9e s'ouvre avec la phrase \u00ab "), pw("m\u00e9sange grise sous la pluie"), T(" \u00bb, recopi\u00e9e dans le ticket.\n")]),
        ("prose_en", "en", None, [T("The escrow passphrase for the signing token was "), pw("seven lanterns over quiet harbour"), T(" and nobody rotated it.\n")]),
        ("chat", "fr", None, [T("<yanis> le digicode du local technique c'est "), pw("2741B"), T(" depuis lundi\n")]),
        ("chat", "en", None, [T("<mara> what's the admin password on the nas again?\n<olek> "), pw("Vq4#tLm9Zr!e"), T("\n<mara> thanks\n")]),
        ("http_response", "en", None, [T("<tr><td class=\"e\">$_ENV['MAIL_PASSWORD']</td><td class=\"v\">"), pw("Saphir88!mail"), T("</td></tr>\n<tr><td class=\"e\">$_ENV['APP_ENV']</td><td class=\"v\">production</td></tr>\n")]),
        ("config_ini", "en", None, [T("auth-user-pass auth.txt\n\n# auth.txt\nfield-tech\n"), pw("Tr0ub4dor&Gate"), T("\n")]),
        ("http_request", "en", None, [T("POST /api/v4/projects/77/variables HTTP/1.1\nContent-Type: application/json\n\n{\"key\": \"SMTP_PASSWORD\", \"value\": \""), pw("Kx9!relay#2025"), T("\", \"masked\": false}\n")]),
        # The same words with no credential: a description of a passphrase, a history joke, a chat
        # answer that is no value, a redacted cell, a CI variable that is no secret.
        ("prose_en", "en", None, [T("The passphrase is stored in the TPM and never leaves it. The user is bob, the rest is history.\n<ana> root password?\n<bob> no idea, ask ops\n")]),
        ("http_response", "en", None, [T("<tr><td class=\"e\">DB_PASSWORD</td><td class=\"v\">no value</td></tr>\n{\"key\": \"LOG_LEVEL\", \"value\": \"Debug-42!x\"}\n")]),
        # Personal data judged by structure: a FHIR Condition and Patient, an address line, an
        # identifier by its system.
        ("json_api", "en", None, [T('{"resourceType": "Condition", "subject": {"display": "R. Achterberg"}, "code": {"coding": [{"system": "http://snomed.info/sct", "code": "'), L("44054006", "health_data", sev="high"), T('", "display": "'), L("Diabetes mellitus type 2", "health_data", sev="high"), T('"}], "text": "'), L("Type 2 diabetes, poorly controlled", "health_data", sev="high"), T('"}}\n')]),
        ("json_api", "en", None, [T('{"resourceType": "Patient", "address": [{"line": ["'), L("14 Orchard Street", "postal_address", sev="high"), T('"], "city": "Leeds"}], "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "'), L("485 777 3456", "national_id"), T('"}]}\n')]),
        # Health and HR said of someone in prose, a quoted record note.
        ("prose_fr", "fr", None, [T("Le dossier expos\u00e9 indique que M. Perrault est trait\u00e9 pour "), L("une scl\u00e9rose en plaques", "health_data", sev="high"), T(" depuis 2021.\n")]),
        ("chat", "fr", None, [T("<rh-bot> Agent 4471 : "), L("lombalgie chronique", "health_data", sev="high"), T(", arr\u00eat de travail de 10 jours\n")]),
        ("prose_en", "en", None, [T("The next record was another patient's, with the note \""), L("type 1 diabetes, insulin pump", "health_data", sev="high"), T("\" in clear.\n")]),
        ("json_api", "fr", None, [T('{"salarie": "C. Bertin", "etape": "'), L("convocation \u00e0 un entretien pr\u00e9alable \u00e0 licenciement", "employment_data", sev="high"), T('"}\n')]),
        ("json_api", "en", None, [T('{"employee": "D. Okafor", "hr_note": "'), L("Final written warning after the audit", "employment_data", sev="high"), T('"}\n')]),
        # Payslip and tax notice lines, an EU driving licence and an ID card as OCR gives them,
        # e-tickets, passport and licence numbers in prose.
        ("ocr_document", "fr", None, [T("BULLETIN DE PAIE  P\u00e9riode : 03/2024\nSalaire de base "), L("3184,20", "employment_data", sev="high"), T("\nNet \u00e0 payer "), L("2471,06", "employment_data", sev="high"), T("\n")]),
        ("ocr_document", "fr", None, [T("AVIS D'IMP\u00d4T 2024\nR\u00e9f\u00e9rence de l'avis : "), L("24 13 7702145 61", "tax_record", sev="high"), T("\nRevenu fiscal de r\u00e9f\u00e9rence "), L("41 206 \u20ac", "tax_record", sev="high"), T("\n")]),
        ("ocr_document", "fr", None, [T("PERMIS DE CONDUIRE  RF\n1. MARCHAND\n2. Sol\u00e8ne\n3. "), L("14.02.1977", "date_of_birth"), T(" LYON\n4a. 12/05/2019\n5. "), L("431207918824", "identity_document", sev="high"), T("\n9. B\n")]),
        ("ocr_document", "en", None, [T("BOARDING PASS\nFlight AF1142  Seat 14C\nETKT "), L("0572481632640", "travel_record", sev="high"), T("\n")]),
        ("prose_en", "en", None, [T("The bucket also held a scan of her passport, number "), L("731904256", "identity_document", sev="high"), T(", and an e-ticket "), L("125-2481632640", "travel_record", sev="high"), T(".\n")]),
        ("prose_fr", "fr", None, [T("Le bucket sert aussi le titre de s\u00e9jour de K. Mensah (n\u00b0 "), L("6610384472", "identity_document", sev="high"), T(") sans authentification.\n")]),
        ("ocr_document", "fr", None, [T("BULLETIN DE PAIE\nSalaire de base .......... "), L("2950,00", "employment_data", sev="high"), T("\nImp\u00f4t sur le revenu pr\u00e9lev\u00e9 \u00e0 la source (taux 7,5 %) .......... "), L("221,25", "tax_record", sev="high"), T("\n")]),
        # Care words, pay words and HR words with nothing personal after them.
        ("prose_en", "en", None, [T("The ticket is suivi pour la release 4.2. The issue was treated for the purposes of this report as low. The host is undergoing maintenance; the final warnings of the compiler are noise. Salaire de base : voir grille.\n")]),
        # Kinds of text blind7 showed (written here in other words, with other values).
        # Clean: package and image references near a password word, a SIRET (Luhn-valid by
        # construction) under its name, French placeholders and a base64 placeholder, the
        # reporter's signature by name alone, the PSIRT's own auto-reply, a letterhead.
        ("markdown_report", "en", None, [T("## Fix\n\nBump "), N("`express@4.21.2`", "version"), T(" and rebuild from "), N("`node@sha256:3b1f0c9d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c`", "sha256"), T("; the password policy itself is unchanged.\n")]),
        ("csv_export", "fr", None, [T("fournisseur;siret;ville\nAtelier Brisson;"), N("36481027500016", "siret"), T(";Nantes\n")]),
        ("config_ini", "fr", None, [T("[smtp]\nurl = "), N("smtp://utilisateur:motdepasse@mail.example.net:587", "placeholder"), T("\nmot_de_passe = "), N("A_COMPLETER", "placeholder"), T("\n")]),
        ("k8s_manifest", "en", None, [T("apiVersion: v1\nkind: Secret\nmetadata:\n  name: sample\ndata:\n  username: YWRtaW4=\n  password: "), N("eW91ci1wYXNzd29yZC1oZXJl", "base64_placeholder"), T("\n")]),
        ("email_message", "fr", "maelle.ferrand@cyberlab.fr", [T("From: maelle.ferrand@cyberlab.fr\nTo: psirt@thalesgroup.com\nSubject: compl\u00e9ment\n\nBonjour,\nla capture est jointe.\n\nCordialement,\nMa\u00eblle Ferrand\n"), N("+33 6 71 24 58 09", "reporter_contact"), T("\n")]),
        ("email_message", "en", "j.osei@mailbox.org", [T("From: Thales PSIRT <psirt@thalesgroup.com>\nTo: j.osei@mailbox.org\nSubject: Re: case received\n\nThanks, we are looking into it. For anything urgent, phone "), N("+33 1 41 12 58 00", "company_contact"), T(".\n")]),
        ("ocr_document", "fr", None, [T("DEVIS N\u00b0 D-2291\nBrisson Ing\u00e9nierie SARL au capital de 8 000 \u20ac\n"), N("22 rue de la Fosse, 44000 Nantes", "company_contact"), T("\nContact : "), N("service_client@brisson-ing.fr", "company_contact"), T("\n")]),
        ("sql_dump", "en", None, [T("INSERT INTO tickets (id, reason, notes) VALUES\n(4411, 'printer jam', 'closed by L1');\n")]),
        ("chat", "fr", None, [T("<ines> la cl\u00e9 publique c'est ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK3v9Lq2 et l'empreinte de la cl\u00e9 du serveur est "), N("SHA256:Tq9vX2mB7kL4pR8sW1nY6cF3hJ5dG0aZ2uE4oI7yQ1w", "ssh_fingerprint"), T("\n<omar> See the user guide / FAQ-2024 page.\n")]),
        # Found: a password key wrapped in {"value": …}, PHP's `=>` and `$_ENV['…']`, a FHIR
        # identifier under a us-ssn system, a token in a login command's password slot (checksum
        # not verified), an identity card's lines, a table's name making its free-text column
        # health or HR data, a pair after a credentials request, a Wi-Fi key, a pay rise, a
        # sick leave's condition, a door code, a session id in backticks, an unpadded boarding pass.
        ("http_response", "en", None, [T('{"name":"application.yml","properties":{"mail.smtp.password":{"value":"'), pw("Pl0ver!relay"), T('"}}}\n')]),
        ("source_code", "en", None, [T("$_ENV['STRIPE_SECRET'] = '"), pw("9f3c2b7a1d4e6f80a2b4c6d8e0f1a3b5c7d9e1f2"), T("';\n")]),
        ("source_code", "fr", None, [T("$adherent = ['nom' => 'A. Roux', 'date_naissance' => '"), L("1971-06-30", "date_of_birth"), T("'];\n")]),
        ("json_api", "en", None, [T('{"identifier": [{"system": "http://hl7.org/fhir/sid/us-ssn", "value": "'), L("531440917", "national_id"), T('"}]}\n')]),
        ("command_line", "en", None, [T("$ podman login quay.io -u builder -p "), L("ghp_Q7vLm2XcR9tB4nK8wZ1pY6sD3fH5jG0aE2uM", "github_token"), T("\nLogin Succeeded!\n")]),
        ("ocr_document", "fr", None, [T("CARTE NATIONALE D'IDENTIT\u00c9\nNom : BRISSON\nDate de naiss. : "), L("07 11 1984", "date_of_birth"), T("\nN\u00b0 du document : "), L("XKQWPLMZT", "identity_document", sev="high"), T("\n")]),
        ("sql_dump", "en", None, [T("INSERT INTO patient_visits (name, reason, visit_date) VALUES\n('J. Okoye', '"), L("asthma exacerbation", "health_data", sev="high"), T("', '2024-02-03');\n")]),
        ("sql_dump", "fr", None, [T("INSERT INTO personnel (matricule, salaire_brut, commentaire) VALUES\n('P-77', "), L("48500.00", "employment_data", sev="high"), T(", '"), L("bl\u00e2me pour retards r\u00e9p\u00e9t\u00e9s", "employment_data", sev="high"), T("');\n")]),
        ("chat", "en", None, [T("[14:02] Ana: anyone have the grafana creds?\n[14:03] Ben: user viewer-ops / "), pw("Tundra7#quill"), T("\n")]),
        ("chat", "fr", None, [T("<paul> pour le Wi-Fi du labo, la cl\u00e9 est "), pw("Orme%4412x"), T(" (WPA2)\n")]),
        ("email_message", "en", None, [T("> After the review, Dana Whitlock's pay rises to "), L("\u00a358,250", "employment_data", sev="high"), T(" from June.\n")]),
        ("prose_fr", "fr", None, [T("Le dossier consult\u00e9 mentionne un arr\u00eat maladie du 02/03/2024 au 15/04/2024 pour "), L("d\u00e9pression s\u00e9v\u00e8re", "health_data", sev="high"), T(", avec le nom de l'agent.\n")]),
        ("prose_fr", "fr", None, [T("Sur place, l'agent d'accueil nous a dit que le code est "), pw("2087"), T(" pour la salle serveurs.\n")]),
        ("markdown_report", "en", None, [T("The footer leaks the agent's session `sid="), L("Jx8KpQ2mWv7NcR4tYb6ZfH1sLd9Ga3Ue", "session_cookie"), T("` to every visitor.\n")]),
        ("ocr_document", "en", None, [T("BOARDING PASS\n[barcode] "), L("M1HALE/JUNE  EQ4K7TZ LHRCDGAF 1081 112Y014C031 100", "travel_record", sev="high"), T("\n")]),
        # Second round, from other draws of blind7's templates: a passphrase with a number in it,
        # a generated password with no digit, a signature whose address carries digits, a record
        # that "shows" a condition, a follow-up after surgery, a pair whose value ends with `?`,
        # a value with `@` that is no address, a signing key given quoted; and their look-alikes.
        ("prose_fr", "fr", None, [T("Le coffre du local s'ouvre avec la phrase \u00ab "), pw("trois pommes sous le pont 1988"), T(" \u00bb, not\u00e9e au dos du badge.\n")]),
        ("email_message", "fr", None, [T("> > Pour le portail, mot de passe temporaire "), pw("xKqT_vRpaLw*nYe"), T(" ; \u00e0 modifier.\n")]),
        ("email_message", "en", "nadia.keller42@proton.me", [T("From: nadia.keller42@proton.me\nTo: psirt@thalesgroup.com\nSubject: retest\n\nThe fix holds on 4.2.1.\n\nBest,\nNadia Keller | "), N("+41 79 555 12 34", "reporter_contact"), T("\n")]),
        ("prose_en", "en", None, [T("The record belongs to R. Mendes and shows "), L("chronic kidney disease with weekly dialysis", "health_data", sev="high"), T(", with her address.\n")]),
        ("prose_en", "en", None, [T("The next file was a clinic letter about a follow-up after "), L("a hysterectomy", "health_data", sev="high"), T(" in May.\n")]),
        ("chat", "en", None, [T("[11:02] Kim: need the build box creds\n[11:03] Lee: user builder / "), pw("tilleul2024?"), T("\n")]),
        ("prose_en", "en", None, [T("I logged in as svc with "), pw("plum3@881"), T(" and saw the whole panel.\n")]),
        ("prose_fr", "fr", None, [T("Le jeton est sign\u00e9 en HS512 avec la cl\u00e9 \u00ab "), pw("Tamaris&5521Quai"), T(" \u00bb, trouv\u00e9e par force brute.\n")]),
        ("prose_en", "en", None, [T("Replies are encrypted with the key 0x8448AE39. The response shows the session token in clear only after login. I logged in as admin with the default account.\n")]),
        # From other draws of blind6's generator: a shared secret given as a hyphen-joined
        # passphrase, a token after "jeton" whose checksum does not verify, and a card-shaped
        # serial number under its name.
        ("prose_en", "en", None, [T("We set up a channel with the vendor; the shared secret we agreed on is "), pw("lantern-otter-over-hull"), T(", please do not reuse it.\n")]),
        ("chat", "fr", None, [T("<lea> le jeton a expir\u00e9, en voil\u00e0 un temporaire : "), L("npm_Vb7QkR2mXw9LpT4nZc8YhJ3sFd6Ga1UeK0oP", "npm_token"), T(" \u2014 je le r\u00e9voque ce soir\n")]),
        ("ocr_document", "en", None, [T("DECLARATION OF CONFORMITY\nModel: RX-220\nSerial range "), N("4917362055184426", "serial_number"), T("\n")]),
        # Placeholders by kind: a YAML tag that names a secret kept elsewhere, a named expansion
        # (`$__env{…}`, `$__file{…}`), a mask sent URL-encoded, an inline SOPS envelope, a cut
        # `<slot>` after Authorization; beside a real value of the same structure.
        ("config_yaml", "en", None, [T("smtp:\n  user: alerts\n  password: "), N("!secret smtp_pw", "env_reference"), T("\nldap:\n  bind_password: "), pw("Quarry!Fen482"), T("\n")]),
        ("config_yaml", "fr", None, [T("# secrets.yaml de la maison\nwifi:\n  mot_de_passe: "), N("!env_var WIFI_PSK", "env_reference"), T("\nmqtt:\n  password: "), pw("Cormoran-Vert-19"), T("\n")]),
        ("config_ini", "en", None, [T("[database]\npassword = "), N("$__file{/run/secrets/db_pw}", "env_reference"), T("\n[smtp]\npassword = "), N("$__env{SMTP_PW}", "env_reference"), T("\n[ldap]\nbind_password = "), pw("Brisk#Alder77"), T("\n")]),
        ("http_request", "fr", None, [T("POST /login HTTP/1.1\nHost: portail.example.org\n\nidentifiant=audit&mot_de_passe="), N("%2A%2A%2A%2A%2A%2A%2A%2A", "redacted"), T("&remember=1\n")]),
        ("http_request", "en", None, [T("POST /login HTTP/1.1\nHost: portal.example.org\n\nuser=audit&password="), pw("Gable7!Wren"), T("&remember=1\n")]),
        ("env_file", "fr", None, [T("# chiffré par sops\nexport API_PASSWORD="), N("ENC[AES256_GCM,data:Zk3q9LmW0pR+t7Yc,iv:Vd8sQ2nX5bK1hJ4gT6yP0aWcE3rF9uLmZ7oI2sN5qB8=,tag:k9Xp2Lq7Rz4mVb1nWc8dYg==,type:str]", "encrypted_blob"), T("\n")]),
        ("markdown_report", "en", None, [T("```http\nGET /api/me HTTP/1.1\nAuthorization: Basic "), N("<base64(user:password) removed>", "redacted"), T("\n```\n")]),
        # Mailboxes of a team or a machine, and a form's hint, are not a person's; a person's is.
        ("config_ini", "en", None, [T("[metadata]\nname = quillkit\nauthor_email = "), N("maintainers@quillkit.dev", "company_contact"), T("\n")]),
        ("git_diff", "fr", None, [T("commit 4b1e0c2\nAuthor: Deploy Bot <"), N("deploy-bot@atelier-brume.fr", "company_contact"), T(">\n\n    chore: mise \u00e0 jour\nAuthor: Ma\u00eblle Riou <"), L("maelle.riou82@laposte.net", "email_address", sev="medium"), T(">\n")]),
        ("html_page", "en", None, [T('<form><input name="email" type="email" placeholder="'), N("you@company.com", "placeholder"), T('"></form>\n')]),
        # Credentials given in a sentence: a user in guillemets or `user / password` after
        # "connected as", a passphrase of accented words, a short made-up shared secret, a Wi-Fi
        # key after its label, a token named in a sentence; and sentences of the same shape that
        # give none.
        ("prose_en", "en", None, [T("I connected to the backup console as svc_ops / "), pw("Tern-Quay-47"), T(" and stopped there.\n")]),
        ("prose_fr", "fr", None, [T("Je me suis connect\u00e9 en tant que \u00ab lect_ro \u00bb avec "), pw("Houle&Cap_31"), T(" puis d\u00e9connect\u00e9.\n")]),
        ("prose_fr", "fr", None, [T("Le coffre se d\u00e9verrouille avec la phrase "), pw("les-gr\u00e8ves-d\u00e9sertes-de-Quiberon"), T(" ; je n'ai rien ouvert d'autre.\n")]),
        ("chat", "en", None, [T("<kai> the shared secret for the tunnels is still "), pw("9qR!harbor-finch"), T(" on both ends\n")]),
        ("chat", "fr", None, [T("[09:12] Lina : sur le tableau blanc, \u00ab wifi visiteurs : "), pw("Marelle2023!"), T(" \u00bb\n")]),
        ("prose_fr", "fr", None, [T("Le jeton du d\u00e9p\u00f4t il est "), L("ghp_Q7mZt2LxVb9NcR4kWp8YhD3sJf6Ga1Ue0oTq", "github_token"), T(", visible dans la pipeline.\n")]),
        ("prose_en", "en", None, [T("I connected to the console as admin / read-only mode. The Wi-Fi: WPA2-PSK, wifi : enabled. The secret is stored in Vault and rotated monthly.\n")]),
        ("prose_fr", "fr", None, [T("Je me suis connect\u00e9 en tant que \u00ab lecteur \u00bb avec le compte de test ; wifi invit\u00e9s : voir l'accueil.\n")]),
        # A CVSS vector after a secret-sounding word, and a release mailbox: neither is a secret
        # nor a person's.
        ("ticket_export", "fr", None, [T("Criticit\u00e9 : cl\u00e9 de tri 7 ; vecteur secret du score : "), N("3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:N", "cvss_vector"), T("\nPublication : "), N("releases@atelier-brume.fr", "company_contact"), T("\n")]),
        # A birth date and an address under their names in Italian and Spanish.
        ("json_api", "fr", None, [T('{"cliente":"Marco Bassi","nascita":"'), L("1979-03-22", "date_of_birth"), T('","indirizzo":"'), L("Via Po 14, 10123 Torino", "postal_address", sev="high"), T('"}\n')]),
        ("json_api", "en", None, [T('{"cliente":"Lucia Ortega","fecha_nacimiento":"'), L("1990-11-05", "date_of_birth"), T('","direccion":"'), L("Calle Mayor 21, 28013 Madrid", "postal_address", sev="high"), T('"}\n')]),
        # A block about an organisation (a legal form or SIRET/RCS/VAT on the line or the lines
        # around, a table whose header names a company's fields, "l'adresse de l'\u00e9diteur"): its
        # address, switchboard and generic mailbox are a company's; a person's in the same text is.
        ("ocr_document", "fr", None, [T("FACTURE N\u00b0 F-2025-0412\nATELIERS MORVAN SARL \u2014 "), N("8 rue des Forges, 29200 Brest", "company_address"), T("\nRCS Brest 512 004 871 \u2014 TVA FR21512004871\n\nLivr\u00e9 \u00e0 : Mme Claire Le Bihan, "), L("3 rue de Kerfeunteun, 29000 Quimper", "postal_address", sev="high"), T("\n")]),
        ("ocr_document", "en", None, [T("Northwind Parts Ltd \u2014 Company No. 04417320\nSwitchboard "), N("020 3885 0321", "company_contact"), T("\n\nCustomer: Mr Tom Ellery, mobile "), L("07834 216509", "phone_number"), T("\n")]),
        ("csv_export", "fr", None, [T("raison_sociale;siret;adresse_siege;standard;contact_generique\nFonderie Quellec SAS;"), N("41287365012345", "siret"), T(";"), N("12 quai de la Fosse, 44000 Nantes", "company_address"), T(";"), N("02 40 71 88 10", "company_contact"), T(";"), N("devis@fonderie-quellec.fr", "company_contact"), T("\nBureau Th\u00e9venot;"), N("73282932000074", "siret"), T(";"), N("5 rue Mercoeur, 44000 Nantes", "company_address"), T(";"), N("02 40 35 61 27", "company_contact"), T(";"), N("achats@thevenot-bureau.fr", "company_contact"), T("\n")]),
        ("csv_export", "fr", None, [T("nom;prenom;adresse;telephone\nQuellec;Yann;"), L("12 rue de la Paix, 44000 Nantes", "postal_address", sev="high"), T(";"), L("06 23 45 71 09", "phone_number"), T("\n")]),
        ("ticket_export", "fr", None, [T("Adresse de l'\u00e9diteur pour la facturation : "), N("4 rue des Tanneurs, 67000 Strasbourg", "company_address"), T("\nAdresse du t\u00e9moin, \u00e0 ne pas diffuser : "), L("17 rue des Orfèvres, 67000 Strasbourg", "postal_address", sev="high"), T("\n")]),
        ("json_api", "en", "d.okafor@ridgeline-sec.io", [T('{"body": "Repro attached.\\n\\nDayo Okafor \u2014 Ridgeline\\n'), N("d.okafor@ridgeline-sec.io", "reporter_contact"), T('", "assignee": "'), L("priya.raman77@gmail.com", "email_address", sev="medium"), T('"}\n')]),
        # A payment processor's object id under `token`, a short hex id given as `session:<id>`, a
        # word of an all-caps receipt line: none is a secret or a travel reference; a cookie's
        # value and a boarding pass's PNR are.
        ("json_api", "fr", None, [T('{"carte": {"pan": "497063******8264", "token": "'), N("tok_9Lq2mXw7VbR4nZc8YhJ3sFd6", "payment_token"), T('"}}\n')]),
        ("sql_dump", "en", None, [T("INSERT INTO audit (actor, target) VALUES (12, 'session:"), N("5e1f0a9c33d27b84", "hex_id"), T("');\nSet-Cookie: session="), L("Rk7Tq2mWv9XcB4nLp8YsJ3dF6hGz1UeA", "session_cookie"), T("; HttpOnly\n")]),
        ("ocr_document", "fr", None, [T("CARTE BANCAIRE\nMONTANT = 12,40 EUR\nTICKET "), N("CLIENT", "word"), T(" \u2014 A CONSERVER\n")]),
        ("ocr_document", "en", None, [T("BOARDING PASS\nFLIGHT AF1234  SEAT 14C\nPNR "), L("QWZTRK", "travel_record", sev="high"), T("\n")]),
        # Values named by markup: an XML element's name, SAML's Name attribute, an HTML table's
        # <th> over its column; beside elements and columns whose names say nothing personal.
        ("xml_document", "en", None, [T("<Customer id=\"C-88\">\n  <BirthDate>"), L("1972-08-19", "date_of_birth"), T("</BirthDate>\n  <AccountOpened>"), N("2004-09-01", "date"), T("</AccountOpened>\n</Customer>\n")]),
        ("xml_document", "fr", None, [T('<saml2:Attribute Name="dateNaissance"><saml2:AttributeValue>'), L("1981-02-27", "date_of_birth"), T('</saml2:AttributeValue></saml2:Attribute>\n<saml2:Attribute Name="sessionIndex"><saml2:AttributeValue>'), N("2025-02-26", "date"), T("</saml2:AttributeValue></saml2:Attribute>\n")]),
        ("html_page", "fr", None, [T("<table>\n<tr><th>Nom</th><th>Date de naissance</th><th>Inscrit le</th></tr>\n<tr><td>Odile Marchal</td><td>"), L("1956-03-11", "date_of_birth"), T("</td><td>"), N("2023-10-02", "date"), T("</td></tr>\n</table>\n")]),
        # SQL values holding a comma inside quotes keep the columns after them aligned; a rating
        # of one word under its column is HR data.
        ("sql_dump", "fr", None, [T("INSERT INTO patients (nom, antecedents, allergies) VALUES ('MORVAN', '"), L("asthme, pontage 2019", "health_data", sev="high"), T("', '"), L("p\u00e9nicilline", "health_data", sev="high"), T("');\n")]),
        ("csv_export", "en", None, [T("emp_id\tdept\trating\nE0102\tFinance\t"), L("Exceeds", "employment_data", sev="high"), T("\n")]),
        # Credentials by form: a phpass hash, a Django insecure key, an Oracle thin URL's password,
        # an Azure storage key under an access-key name; and their look-alikes.
        ("sql_dump", "en", None, [T("INSERT INTO wp_users VALUES (1,'admin','"), L("$P$BxK2mWq9VbR4nZc8YhJ3sFd6Ga1UeK0", "password_hash"), T("');\n")]),
        ("source_code", "fr", None, [T('SECRET_KEY = "'), L("django-insecure-7r!k2m#x9v@b4n_z8y%h3s&f6g-a1u(e0", "password_assignment"), T('"\n# g\u00e9n\u00e9r\u00e9e : SECRET_KEY = "django-insecure-<generated>"\n')]),
        ("stack_trace", "fr", None, [T("Caused by: java.sql.SQLException url=jdbc:oracle:thin:compta/"), L("Ora!Kest29", "connection_string"), T("@//ora.siege.local:1521/CPT\nretry url=jdbc:oracle:thin:@//ora.siege.local:1521/CPT\n")]),
        ("terraform", "en", None, [T('backend "azurerm" {\n  access_key = "'), L("k3Vd9QmWp2XzR7nTb4YcLs8HfJ1gA6uEo0iKq5wNmZr3tVx7bP9dF2hG4jL6sA8cE1uW3yZ5xR7vT9nB2mQ4kD==", "azure_connection_string"), T('"\n  # access_key = "<your-key>"\n}\n')]),
        # Passwords by form: SQL IDENTIFIED BY / WITH PASSWORD, `echo … | sudo -S`, openssl -k,
        # an AWS secret as the argument after its key id, SMTP AUTH PLAIN, a versioned password
        # key; beside their look-alikes (a variable, a key file, a region, an empty AUTH PLAIN).
        ("sql_dump", "fr", None, [T("CREATE USER 'lecture'@'%' IDENTIFIED BY '"), pw("Galet#Rade58"), T("';\nCREATE USER 'app'@'%' IDENTIFIED BY '${APP_DB_PASSWORD}';\n")]),
        ("sql_dump", "en", None, [T("ALTER ROLE etl WITH PASSWORD '"), pw("Kestrel!Moor91"), T("';\n")]),
        ("shell_history", "fr", None, [T("echo '"), pw("Falaise#317"), T("' | sudo -S systemctl restart nginx\necho \"$SUDO_PW\" | sudo -S true\nopenssl enc -aes-256-cbc -pbkdf2 -in base.tar -out base.enc -k "), pw("archives-hiver-2025"), T("\nopenssl enc -aes-256-cbc -in a -out b -kfile cle.txt\n")]),
        ("source_code", "en", None, [T('creds := credentials.NewStaticCredentials(\n\t"AKIAQ7RMX2VB4NZC8YHJ",\n\t"'), L("q9Lm2XwR7vTb4YcLs8HfJ1gA6uEo0iKq5wNmZr3t", "aws_secret_key"), T('",\n\t"")\ncfg := aws.Config{Region: aws.String("eu-west-3")}\n')]),
        ("server_log", "en", None, [T("postfix/smtpd[811]: < AUTH PLAIN "), pw("AGFsaWNlQGV4YW1wbGUub3JnAFN0cmFpdCM0NDE="), T("\npostfix/smtpd[812]: < AUTH PLAIN\n")]),
        ("json_api", "en", None, [T('{"ses_smtp_password_v4": "'), pw("Tq7XmW2vR9nB4cLz8YhJ3sFd6Ga1UeK0oP5iQw2E"), T('", "status": "Active"}\n')]),
        # Session cookies named sessionid with a quoted value (a framework's debug page).
        ("stack_trace", "fr", None, [T("COOKIES\nsessionid           '"), L("q8vzrt2mk4nw7yhx1bc9dj3lf6gp5sa0", "session_cookie"), T("'\nsession: active\n")]),
        # Markup: an element's name/key attribute names its own content or its value attribute;
        # an HTML table of name / value rows.
        ("xml_document", "fr", None, [T('<map>\n  <string name="code_pin_cache">'), pw("730419"), T('</string>\n  <string name="theme">sombre</string>\n</map>\n')]),
        ("config_file", "en", None, [T('<packageSourceCredentials><internal>\n  <add key="Username" value="build" />\n  <add key="ClearTextPassword" value="'), pw("Wq7!harbor-Lune82"), T('" />\n</internal></packageSourceCredentials>\n')]),
        ("html_page", "en", None, [T("<table>\n<tr><td>APP_KEY</td><td>"), pw("base64:Zk3q9LmW0pR7tYcVd8sQ2nX5bK1hJ4gT6yP0aWcE3rF="), T("</td></tr>\n<tr><td>APP_ENV</td><td>production</td></tr>\n</table>\n")]),
        # SQL with a backslash-escaped quote, PostgreSQL COPY rows named by the statement.
        ("sql_dump", "fr", None, [T("INSERT INTO clients (nom, prenom, date_naissance) VALUES ('N\\'Diaye', 'Awa', '"), L("1983-04-09", "date_of_birth"), T("');\n")]),
        ("sql_dump", "fr", None, [T("COPY public.voyageurs (id, nom, passeport, pnr) FROM stdin;\n7012\tKERBRAT\t"), L("18KT40271", "identity_document", sev="high"), T("\t"), L("QXLM7B", "travel_record", sev="high"), T("\n\\.\n")]),
        # Identity documents: a number in the same clause as its document word, after its printed
        # label and column spaces, inside an object named for the document.
        ("chat", "en", None, [T("[08:10] Ana: guest in 305 left her passport copy, it's "), L("DK4R7M21Q", "identity_document", sev="high"), T(" (Denmark)\n[08:11] Ana: her passport copy, it is in the safe\n")]),
        ("ocr_document", "fr", None, [T("CARTE NATIONALE D'IDENTITE\nN\u00b0 du document / Document No   "), L("Y82KQ4TZL", "identity_document", sev="high"), T("\nDate de naiss. / Date of birth\nM     FRA           "), L("14 09 1988", "date_of_birth"), T("\nLieu de naissance / Place of birth\nBREST (29)\n")]),
        ("json_api", "en", None, [T('{"passengers": [{"document": {"type": "P", "number": "'), L("529104837", "identity_document", sev="high"), T('", "expiry": "2031-02-01"}}], "invoice": {"document": {"type": "pdf", "number": "2024"}}}\n')]),
        # Addresses written name-first (Spain, Italy) or by lieu-dit, beside a sentence with the
        # same words and no address.
        ("ocr_document", "en", None, [T("DOMICILIO "), L("Calle de Alcal\u00e1 214, 4\u00ba A, 28028 Madrid", "postal_address", sev="high"), T("\nsent via the API 2, see 10123 Torino docs\n")]),
        ("ocr_document", "fr", None, [T("M. ET MME LE ROUX\n"), L("LIEU-DIT KERVENO\n56400 PLUNERET", "postal_address", sev="high"), T("\nle lieu-dit est mentionn\u00e9 sur l'avis\n")]),
        # A .env line is its own setting; an indented quoted message is someone else's words.
        ("env_file", "fr", None, [T("SUPPORT_EMAIL="), N("support@cabinet-exemple.fr", "company_contact"), T("\nDEMO_PATIENT_EMAIL="), L("jeanne.kerleau61@orange.fr", "email_address", sev="medium"), T("\n")]),
        ("ticket_export", "en", None, [T("Customer wrote:\n  > call me at "), L("(412) 683-0187", "phone_number"), T(" if needed\n")]),
    ]
    out = []
    for i, (carrier, lang, reporter, frs) in enumerate(raw, 1):
        doc = Doc()
        doc.frags(frs)
        case = {"id": "s%03d" % i}
        if reporter:
            case["reporter_email"] = reporter
        case.update({"carrier": carrier, "language": lang, "text": doc.text(), "labels": doc.labels, "negatives": doc.negs})
        out.append(case)
    return out


def selfcheck():
    assert cf_check("RSSMRA85T10A562") == "S"
    assert luhn_ok("4242424242424242") and luhn_ok("378282246310005")
    assert iban_check("GB", "WEST12345698765432") == "82" and iban_check("DE", "370400440532013000") == "89"
    assert steuer_check("8609574271") == "9"  # the tax office's published example 86095742719
    tok = gh_style("ghp_")
    assert b62_6(zlib.crc32(tok[4:34].encode())) == tok[-6:]


def main():
    selfcheck()
    cases = build() + structure_cases()
    out_dir = os.path.join(HERE, "files")
    files = {}
    lines = []
    for c in cases:
        files["%s.txt" % c["id"]] = c["text"]
        lines.append(json.dumps(c, ensure_ascii=False, separators=(",", ":")))
    jsonl = "\n".join(lines) + "\n"
    if "--out" in sys.argv:
        out = sys.argv[sys.argv.index("--out") + 1]
        with open(out + ".tmp", "w", encoding="utf-8", newline="") as f:
            f.write(jsonl)
        os.replace(out + ".tmp", out)
        print("%d cases (seed %d) written to %s" % (len(cases), SEED, out))
        return
    if "--check" in sys.argv:
        ok = open(os.path.join(HERE, "cases.jsonl"), encoding="utf-8").read() == jsonl
        for name, text in files.items():
            p = os.path.join(out_dir, name)
            ok = ok and os.path.exists(p) and open(p, encoding="utf-8", newline="").read() == text
        ok = ok and sorted(os.listdir(out_dir)) == sorted(files)
        print("corpus up to date" if ok else "corpus differs from gen.py: run python3 tests/corpus/gen.py")
        sys.exit(0 if ok else 1)
    os.makedirs(out_dir, exist_ok=True)
    for old in os.listdir(out_dir):
        if old not in files:
            os.remove(os.path.join(out_dir, old))
    for name, text in files.items():
        with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    tmp = os.path.join(HERE, "cases.jsonl.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(jsonl)
    os.replace(tmp, os.path.join(HERE, "cases.jsonl"))
    counts = stats_counts(cases)
    negs = {}
    info = 0
    for c in cases:
        info += sum(1 for lab in c["labels"] if lab["severity"] == "info")
        for ng in c["negatives"]:
            negs[ng["kind"]] = negs.get(ng["kind"], 0) + 1
    print("%d cases, %d labelled positives (+%d info), %d hard negatives" % (len(cases), sum(counts.values()), info, sum(negs.values())))
    for cat in SEVERITY:
        print("  %-24s %4d" % (cat, counts.get(cat, 0)))
    print("  negatives: " + ", ".join("%s %d" % kv for kv in sorted(negs.items())))


if __name__ == "__main__":
    main()
