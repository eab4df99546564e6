#!/usr/bin/env python3
"""Generator of the dev10a blind test corpus for a sensitive-data scanner.

Standard library only.  One random.Random with a fixed seed; writing cases.jsonl is
deterministic.  `python3 gen_dev10a.py` writes cases.jsonl next to this file;
`python3 gen_dev10a.py --check` regenerates in memory, compares with the committed
file byte for byte and checks every label / negative span (UTF-16 code units).

All values are invented.  They are format-valid (prefixes, lengths, charsets, check
digits) but belong to no real person and open nothing.
"""
import base64
import hashlib
import json
import os
import string
import sys
import random

SEED = 20241010
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.jsonl")

# ---------------------------------------------------------------- categories
CRED = ["private_key", "aws_access_key_id", "aws_secret_key", "github_token", "gitlab_token",
        "slack_token", "slack_webhook", "stripe_key", "google_api_key", "gcp_service_account",
        "azure_connection_string", "azure_sas_token", "npm_token", "pypi_token", "sendgrid_key",
        "twilio_key", "ai_api_key", "jwt", "url_credentials", "connection_string",
        "authorization_header", "session_cookie", "password_assignment", "password_hash"]
PERS_HIGH = ["payment_card", "iban", "national_id", "date_of_birth", "identity_document",
             "postal_address", "health_data", "employment_data", "tax_record", "travel_record"]
PERS_MED = ["email_address", "phone_number"]
INFRA = ["private_ip", "internal_hostname"]
GROUP = {}
SEV = {}
for c in CRED:
    GROUP[c], SEV[c] = "credentials", "critical"
for c in PERS_HIGH:
    GROUP[c], SEV[c] = "personal", "high"
for c in PERS_MED:
    GROUP[c], SEV[c] = "personal", "medium"
for c in INFRA:
    GROUP[c], SEV[c] = "infrastructure", "info"

NEG_KINDS = {
    "placeholder", "redacted", "git_sha", "uuid", "file_hash", "npm_integrity", "fingerprint",
    "fingerprint_luhn", "public_key", "certificate", "version", "cvss_vector", "timestamp",
    "order_id", "isbn", "siret", "siren", "amount", "public_ip", "documentation_ip",
    "public_hostname", "oid", "psirt_contact", "reporter_contact", "company_contact",
    "non_birth_date", "config_setting", "infrastructure_info", "cve_id", "hash_prefix",
    "ticket_id", "tracking_number", "test_card_doc", "random_id", "password_policy",
    "example_value", "base64_blob", "public_name",
}


def u16len(s):
    return len(s.encode("utf-16-le")) // 2


class L:
    """A labelled value."""
    def __init__(self, value, cat, optional=False, also=None, sev=None):
        assert cat in GROUP, cat
        self.value, self.cat, self.optional, self.also, self.sev = value, cat, optional, also, sev


class N:
    """A hard negative placed in the text."""
    def __init__(self, value, kind):
        assert kind in NEG_KINDS, kind
        self.value, self.kind = value, kind


def DOC(value, cat, also=None):
    """Documentation value (AKIAIOSFODNN7EXAMPLE, 4111..., example.com): severity info."""
    return L(value, cat, also=also, sev="info")


BUILDERS = []


def builder(fn):
    BUILDERS.append(fn)
    return fn


CASES = []
_EXPECT = []  # (case index, label/negative index, kind, value) for the self-check


def case(carrier, lang, *parts, reporter_email=None):
    text_parts, labels, negs, expect = [], [], [], []
    pos = 0
    for p in parts:
        if isinstance(p, str):
            text_parts.append(p)
            pos += u16len(p)
            continue
        v = p.value
        start, end = pos, pos + u16len(v)
        text_parts.append(v)
        pos = end
        if isinstance(p, L):
            lab = {"start": start, "end": end, "category": p.cat,
                   "severity": p.sev or SEV[p.cat], "group": GROUP[p.cat]}
            if p.also:
                lab["also"] = list(p.also)
            if p.optional:
                lab["optional"] = True
            labels.append(lab)
            expect.append(("L", len(labels) - 1, v))
        elif isinstance(p, N):
            negs.append({"start": start, "end": end, "kind": p.kind})
            expect.append(("N", len(negs) - 1, v))
        else:
            raise TypeError(p)
    cid = "d10a-%03d" % (len(CASES) + 1)
    obj = {"id": cid, "carrier": carrier, "language": lang, "text": "".join(text_parts),
           "labels": labels, "negatives": negs}
    if reporter_email:
        obj["reporter_email"] = reporter_email
    CASES.append(obj)
    _EXPECT.append(expect)
    return obj


# ---------------------------------------------------------------- random helpers
UP = string.ascii_uppercase
LO = string.ascii_lowercase
DIG = string.digits
ALNUM = UP + LO + DIG
HEX = "0123456789abcdef"
B64 = UP + LO + DIG + "+/"
B64URL = UP + LO + DIG + "-_"


def rs(n, alphabet=ALNUM):
    return "".join(R.choice(alphabet) for _ in range(n))


def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def b64(n):
    return base64.b64encode(rbytes(n)).decode()


def b64u(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def hexs(n):
    return rs(n, HEX)


def uuid4():
    h = hexs(32)
    h = h[:12] + "4" + h[13:16] + R.choice("89ab") + h[17:]
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def sha256hex():
    return hashlib.sha256(rbytes(32)).hexdigest()


def gitsha():
    return hexs(40)


# ---------------------------------------------------------------- tokens
def ghp():
    return "ghp_" + rs(36)


def gho():
    return "gho_" + rs(36)


def github_pat():
    return "github_pat_11" + rs(20, UP + DIG) + "_" + rs(59)


def glpat():
    return "glpat-" + rs(20, ALNUM + "-_")


def akia(prefix="AKIA"):
    return prefix + rs(16, UP + "234567")


def aws_secret():
    return rs(40, UP + LO + DIG + "/+")


def xoxb():
    return "xoxb-%s-%s-%s" % (rs(11, DIG), rs(13, DIG), rs(24))


def xoxp():
    return "xoxp-%s-%s-%s-%s" % (rs(11, DIG), rs(11, DIG), rs(13, DIG), hexs(32))


def slack_hook():
    return "https://hooks.slack.com/services/T%s/B%s/%s" % (rs(8, UP + DIG), rs(10, UP + DIG), rs(24))


def stripe(kind="sk_live_"):
    return kind + "51" + rs(22, DIG + UP) + rs(74)


def stripe_short(kind="sk_live_"):
    return kind + rs(24)


def gkey():
    return "AIza" + rs(35, ALNUM + "-_")


def npm_tok():
    return "npm_" + rs(36)


def pypi_tok():
    return "pypi-AgEIcHlwaS5vcmc" + rs(R.randint(120, 160), B64URL)


def sendgrid():
    return "SG." + rs(22, B64URL) + "." + rs(43, B64URL)


def twilio_sk():
    return "SK" + hexs(32)


def twilio_ac():
    return "AC" + hexs(32)


def openai_key():
    return "sk-proj-" + rs(48, B64URL) + "T3BlbkFJ" + rs(48, B64URL)


def anthropic_key():
    return "sk-ant-api03-" + rs(93, B64URL) + "AA"


def hf_key():
    return "hf_" + rs(34, UP + LO)


def jwt(payload, alg="HS256", kid=None):
    hdr = {"alg": alg, "typ": "JWT"}
    if kid:
        hdr["kid"] = kid
    siglen = 32 if alg.startswith("HS") else 256
    return ".".join([b64u(json.dumps(hdr, separators=(",", ":"))),
                     b64u(json.dumps(payload, separators=(",", ":"))), b64u(rbytes(siglen))])


def pem_body(nbytes, width=64, prefix=b""):
    raw = prefix + rbytes(nbytes - len(prefix))
    s = base64.b64encode(raw).decode()
    return "\n".join(s[i:i + width] for i in range(0, len(s), width))


def pkey(kind="RSA"):
    if kind == "OPENSSH":
        body = pem_body(390, 70, b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none")
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + "\n-----END OPENSSH PRIVATE KEY-----"
    if kind == "EC":
        body = pem_body(121, 64, b"\x30\x77\x02\x01\x01\x04\x20")
        return "-----BEGIN EC PRIVATE KEY-----\n" + body + "\n-----END EC PRIVATE KEY-----"
    if kind == "PKCS8":
        body = pem_body(1218, 64, b"\x30\x82\x04\xbe\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00")
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----"
    body = pem_body(1192, 64, b"\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00")
    return "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----"


def cert_pem():
    body = pem_body(780, 64, b"\x30\x82\x03\x08\x30\x82\x01\xf0\xa0\x03\x02\x01\x02")
    return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----"


def ssh_pub(comment):
    raw = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + rbytes(32)
    return "ssh-ed25519 " + base64.b64encode(raw).decode() + " " + comment


def bcrypt():
    return "$2b$12$" + rs(53, "./" + ALNUM)


def sha512crypt():
    return "$6$" + rs(16, "./" + ALNUM) + "$" + rs(86, "./" + ALNUM)


def argon2():
    return "$argon2id$v=19$m=65536,t=3,p=4$" + b64u(rbytes(16)) + "$" + b64u(rbytes(32))


def azure_conn(account):
    return ("DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s;EndpointSuffix=core.windows.net"
            % (account, base64.b64encode(rbytes(64)).decode()))


def azure_sas():
    sig = base64.b64encode(rbytes(32)).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return "sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2025-03-01T17:00:00Z&st=2024-02-28T09:00:00Z&spr=https&sig=" + sig


# ---------------------------------------------------------------- personal data
def luhn_digit(partial):
    tot = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return str((10 - tot % 10) % 10)


def luhn_ok(num):
    digits = [int(c) for c in num if c.isdigit()]
    tot = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def card(brand="visa", sep=" "):
    if brand == "visa":
        p = R.choice(["4970", "4974", "4539", "4916", "4556", "4024"]) + rs(11, DIG)
    elif brand == "mc":
        p = R.choice(["51", "52", "53", "54", "55"]) + rs(13, DIG)
    elif brand == "mc2":
        p = str(R.randint(2221, 2720)) + rs(11, DIG)
    elif brand == "amex":
        p = R.choice(["34", "37"]) + rs(12, DIG)
    else:
        raise ValueError(brand)
    n = p + luhn_digit(p)
    assert luhn_ok(n)
    if brand == "amex":
        return sep.join([n[:4], n[4:10], n[10:]]) if sep is not None else n
    if sep is None:
        return n
    return sep.join(n[i:i + 4] for i in range(0, 16, 4))


def _iban_check(country, bban):
    s = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in s)
    return "%02d" % (98 - int(num) % 97)


def iban_ok(iban):
    s = iban.replace(" ", "")
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


IBAN_LEN = {"FR": 27, "DE": 22, "ES": 24, "IT": 27, "BE": 16, "GB": 22, "NL": 18, "CH": 21, "PT": 25, "LU": 20}


def iban(country="FR", grouped=True):
    if country == "FR":
        bank, branch, acct = rs(5, DIG), rs(5, DIG), rs(11, DIG)
        key = 97 - (int(bank + branch + acct) * 100) % 97  # RIB key (digits only account)
        bban = bank + branch + acct + "%02d" % key
    elif country == "DE":
        bban = rs(18, DIG)
    elif country == "ES":
        bban = rs(20, DIG)
    elif country == "IT":
        bban = R.choice(UP) + rs(10, DIG) + rs(12, DIG)
    elif country == "BE":
        b = rs(10, DIG)
        k = int(b) % 97 or 97
        bban = b + "%02d" % k
    elif country == "GB":
        bban = R.choice(["NWBK", "BARC", "LOYD", "MIDL"]) + rs(14, DIG)
    elif country == "NL":
        bban = R.choice(["ABNA", "INGB", "RABO"]) + rs(10, DIG)
    elif country == "CH":
        bban = rs(17, DIG)
    elif country == "PT":
        bban = rs(21, DIG)
    elif country == "LU":
        bban = rs(16, DIG)
    else:
        raise ValueError(country)
    ib = country + _iban_check(country, bban) + bban
    assert len(ib) == IBAN_LEN[country], (country, len(ib))
    assert iban_ok(ib)
    if grouped:
        return " ".join(ib[i:i + 4] for i in range(0, len(ib), 4))
    return ib


def nir(sex=None, yy=None, mm=None, dept=None, grouped=True):
    sex = sex or R.choice("12")
    yy = yy if yy is not None else R.randint(55, 99)
    mm = mm or R.randint(1, 12)
    dept = dept or R.choice(["75", "69", "13", "33", "59", "44", "31", "67", "2A", "35", "92", "93"])
    commune = "%03d" % R.randint(1, 380)
    ordre = "%03d" % R.randint(1, 999)
    base = "%s%02d%02d%s%s%s" % (sex, yy, mm, dept, commune, ordre)
    numeric = base.replace("2A", "19").replace("2B", "18")
    key = 97 - int(numeric) % 97
    if grouped:
        return "%s %02d %02d %s %s %s %02d" % (sex, yy, mm, dept, commune, ordre, key)
    return base + "%02d" % key


def dni(nie=False):
    if nie:
        p = R.choice("XYZ")
        n = rs(7, DIG)
        num = int(str("XYZ".index(p)) + n)
        return p + n + "TRWAGMYFPDXBNJZSQVHLCKE"[num % 23]
    n = "%08d" % R.randint(10000000, 79999999)
    return n + "TRWAGMYFPDXBNJZSQVHLCKE"[int(n) % 23]


_CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20,
                    11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))


def _cf_even(c):
    return int(c) if c.isdigit() else ord(c) - 65


def _cf_part(word, is_name):
    w = [c for c in word.upper() if c.isalpha()]
    cons = [c for c in w if c not in "AEIOU"]
    vow = [c for c in w if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return "".join((cons + vow + ["X", "X", "X"])[:3])


def codice_fiscale(surname, name, y, m, d, female, comune):
    s = _cf_part(surname, False) + _cf_part(name, True)
    s += "%02d" % (y % 100) + "ABCDEHLMPRST"[m - 1] + "%02d" % (d + (40 if female else 0)) + comune
    tot = 0
    for i, c in enumerate(s):
        tot += _CF_ODD[c] if i % 2 == 0 else _cf_even(c)
    return s + chr(65 + tot % 26)


def nino():
    first = R.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = R.choice("ABCEGHJKLMNPRSTWXYZ")
    while first + second in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
        second = R.choice("ABCEGHJKLMNPRSTWXYZ")
    return first + second + rs(6, DIG) + R.choice("ABCD")


def ssn(sep="-"):
    area = R.randint(1, 899)
    while area == 666:
        area = R.randint(1, 899)
    return "%03d%s%02d%s%04d" % (area, sep, R.randint(1, 99), sep, R.randint(1, 9999))


def mrz_check(s):
    w = [7, 3, 1]
    tot = 0
    for i, c in enumerate(s):
        if c.isdigit():
            v = int(c)
        elif c == "<":
            v = 0
        else:
            v = ord(c) - 55
        tot += v * w[i % 3]
    return str(tot % 10)


def mrz_td3(country, surname, given, number, nat, dob, sex, expiry, personal=""):
    """Return (line1, line2) of an ICAO 9303 TD3 passport MRZ. dob/expiry YYMMDD."""
    names = surname.upper().replace(" ", "<") + "<<" + given.upper().replace(" ", "<")
    l1 = ("P<" + country + names + "<" * 44)[:44]
    num = (number + "<" * 9)[:9]
    pers = (personal + "<" * 14)[:14]
    pers_cd = mrz_check(pers) if personal else "<"
    l2 = num + mrz_check(num) + nat + dob + mrz_check(dob) + sex + expiry + mrz_check(expiry) + pers + pers_cd
    comp = num + mrz_check(num) + dob + mrz_check(dob) + expiry + mrz_check(expiry) + pers + pers_cd
    l2 += mrz_check(comp)
    assert len(l1) == 44 and len(l2) == 44, (len(l1), len(l2))
    return l1, l2


def passport_fr():
    return rs(2, DIG) + rs(2, UP) + rs(5, DIG)


def fr_mobile(style="spaced"):
    d = R.choice("67") + rs(8, DIG)
    if style == "intl":
        return "+33 %s %s %s %s %s" % (d[0], d[1:3], d[3:5], d[5:7], d[7:9])
    if style == "dots":
        return "0%s.%s.%s.%s.%s" % (d[0], d[1:3], d[3:5], d[5:7], d[7:9])
    if style == "compact":
        return "0" + d
    return "0%s %s %s %s %s" % (d[0], d[1:3], d[3:5], d[5:7], d[7:9])


def fr_landline():
    d = R.choice("12345") + rs(8, DIG)
    return "0%s %s %s %s %s" % (d[0], d[1:3], d[3:5], d[5:7], d[7:9])


def uk_mobile():
    return "+44 7%s %s" % (rs(3, DIG), rs(6, DIG))


def us_phone():
    return "(%d) %d-%s" % (R.randint(201, 989), R.randint(200, 989), rs(4, DIG))


def ipv4_private():
    k = R.choice([10, 172, 192])
    if k == 10:
        return "10.%d.%d.%d" % (R.randint(0, 254), R.randint(0, 254), R.randint(2, 250))
    if k == 172:
        return "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 254), R.randint(2, 250))
    return "192.168.%d.%d" % (R.randint(0, 254), R.randint(2, 250))


def pgp_fpr_luhn():
    """40-hex fingerprint grouped in fours whose first 16 chars are digits passing Luhn."""
    p = R.choice("45") + rs(14, DIG)
    head = p + luhn_digit(p)
    assert luhn_ok(head)
    tail = rs(24, "0123456789ABCDEF")
    f = head + tail
    return " ".join(f[i:i + 4] for i in range(0, 40, 4))


def pgp_fpr():
    f = rs(40, "0123456789ABCDEF")
    return " ".join(f[i:i + 4] for i in range(0, 40, 4))


def siret():
    while True:
        s = rs(13, DIG)
        s = s + luhn_digit(s)
        if luhn_ok(s):
            return "%s %s %s %s" % (s[:3], s[3:6], s[6:9], s[9:])


def isbn13():
    p = "978" + rs(9, DIG)
    tot = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(p))
    return p + str((10 - tot % 10) % 10)


def npm_integrity():
    return "sha512-" + base64.b64encode(rbytes(64)).decode()


def pw(kind="mixed"):
    words = ["Autumn", "Brioche", "Kestrel", "Marmotte", "Tournesol", "Galion", "Sapin", "Quartz",
             "Harbor", "Velours", "Cobalt", "Pivoine", "Lynx", "Mistral", "Orchid", "Falaise"]
    if kind == "word":
        return R.choice(words) + R.choice("!#$%&*?@") + str(R.randint(1, 99))
    if kind == "phrase":
        return "-".join(R.choice(["cheval", "agrafe", "pluie", "bleu", "tiroir", "orage", "moulin",
                                  "velo", "citron", "lampe", "nuage", "falaise"]) for _ in range(4))
    return rs(R.randint(14, 22), ALNUM + "!#%*+-_.")


# ================================================================= prose_en
@builder
def prose_en():
    p1 = "Autumn!7"
    case("prose_en", "en",
         "Summary: the staging VPN concentrator accepts the default service account. I logged in as app_rw with ",
         L(p1, "password_assignment"),
         " (found in the vendor's install guide PDF, page 14) and could list every tunnel. Tested on firmware ",
         N("7.2.11", "version"), ", CVSS ", N("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", "cvss_vector"),
         ".\nThe management interface listens on ", L("10.44.3.17", "private_ip"),
         " only, so the attacker needs a foothold inside first.\n",
         reporter_email="k.osei@fastmail.net")

    name = "Gwendolyn Achterberg"
    case("prose_en", "en",
         "Impact details (please keep confidential). The unauthenticated /export endpoint returned the "
         "full HR file of at least one employee. For example, the record for ", name,
         " shows her base salary as ", L("EUR 86,400 per year plus a 12% target bonus", "employment_data"),
         " and a note from her manager: \"", L("final written warning issued 2024-01-09 for repeated absence", "employment_data"),
         "\". Her home address is listed as ", L("Kerkstraat 118-2, 1017 GN Amsterdam", "postal_address"),
         ". I stopped after the first record and deleted my local copy. Request id ",
         N("c0a8e1f2-5b7d-4e21-9a3c-7f00d1e2b4a6", "uuid"), ".\n")

    ssh = pkey("OPENSSH")
    case("prose_en", "en",
         "hey, quick one before the weekend. your jenkins agent image (tag ", N("2.440.1-lts-jdk17", "version"),
         ") ships a deploy key in /home/jenkins/.ssh/id_ed25519 - i pulled it from the public registry, "
         "layer ", N("sha256:" + sha256hex(), "file_hash"), ". first lines below so you can find it, "
         "i did NOT use it:\n\n", L(ssh, "private_key"),
         "\n\nthe matching public key is ", N(ssh_pub("deploy@build"), "public_key"), "\n")

    fp = pgp_fpr_luhn()
    case("prose_en", "en",
         "Hello PSIRT team,\n\nI am writing regarding a stored XSS in the partner portal (", N("CVE-2024-0000", "cve_id"),
         " requested, not yet assigned). Please encrypt any reply to my key, fingerprint ",
         N(fp, "fingerprint_luhn"), ". I sent the same summary to ", N("psirt@thalesgroup.com", "psirt_contact"),
         " on ", N("12 March 2024", "non_birth_date"), " but got no acknowledgement.\n\n"
         "PoC payload: <svg/onload=alert(document.domain)>. No data was accessed. Screenshot hash: ",
         N(hashlib.md5(b"shot1").hexdigest(), "file_hash"), ".\n\nRegards,\nTomasz Wierzbicki\n",
         N("+48 601 220 914", "reporter_contact"), "\n", N("ul. Ogrodowa 7, 90-001 Łódź", "reporter_contact"), "\n",
         reporter_email="t.wierzbicki@proton.me")

    secret = "moonlight-parsley-74"
    case("prose_en", "en",
         "Ticket SEC-", N("88213", "ticket_id"), " / repro notes\n"
         "1. connect to the kiosk over serial (115200 8N1)\n"
         "2. at the u-boot prompt interrupt autoboot\n"
         "3. the shared secret we agreed on with your integrator last year is ", L(secret, "password_assignment"),
         " and it still unlocks the maintenance menu\n"
         "4. choose 'shell', you are root. I typed `", L("K1osk#Maint2019", "password_assignment"),
         "` at the second prompt and got a root shell.\n")

    case("prose_en", "en",
         "Vulnerability: path traversal in the firmware update handler, versions ", N("4.1.0", "version"), " to ",
         N("4.3.2", "version"), ".\n\nSteps: send GET /fw/../../etc/shadow to the device. The response contains the "
         "usual hashes; I only show the redacted form: root:", N("$6$********", "redacted"), ":19701:0:99999:7:::\n"
         "Tested against a device on my own bench at ", N("192.0.2.44", "documentation_ip"),
         " and the public demo unit at ", N("demo.iot-sandbox.net", "public_hostname"),
         ". Disclosure date proposed: ", N("2024-09-30", "non_birth_date"), ".\n"
         "Password policy on the device is password_min_length: 12, which does not help here.\n",
         reporter_email="ana.lucia.brandao@gmail.com")

    case("prose_en", "en",
         "During the test I found a support ticket attachment that was world-readable. It concerns a customer, Mr. Desmond "
         "Okafor-Reilly (born ", L("14/06/1979", "date_of_birth"), "), and says he was ",
         L("diagnosed with type 1 diabetes and uses an insulin pump since 2021", "health_data"),
         ". His passport number ", L("533918204", "identity_document"), " and his flight ",
         L("EI 154 on 3 May, seat 22C, booking ref QZ7KLM", "travel_record"),
         " were in the same PDF. I did not download anything else.\n")

    case("prose_en", "en",
         "Clarification on my previous message: the IDs I quoted are NOT secrets. ", N("3f2504e0-4f89-41d3-9a0c-0305e82c3301", "uuid"),
         " is the tenant UUID shown on the public status page; ", N(gitsha(), "git_sha"),
         " is the commit of your open-source SDK where the bug was introduced, and ",
         N("AKIA................", "placeholder"), " in my draft was a placeholder I forgot to fill. "
         "The key material I referenced is the one in your docs (", DOC("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id"),
         "). Sorry for the noise. Order number for the device I bought: ", N("ORD-2024-118734", "order_id"), ".\n",
         reporter_email="reza.h@outlook.com")

    case("prose_en", "en",
         "Translated from the original Portuguese by my colleague, sorry for errors.\n\n"
         "We was able to read the backup of the CRM. Inside there is a client, Sra. Mariana Teixeira Lopes, living on ",
         L("Rua das Flores 231, 3.º esq., 4050-265 Porto", "postal_address"), ", her phone ",
         L("+351 912 447 083", "phone_number"), " and the bank account ", L(iban("PT"), "iban"),
         " for the direct debit. Also her card ending ", N("0366", "redacted"),
         " but the full number is not stored (good). The backup is at s3 bucket crm-bkp-prod which is public.\n")

    case("prose_en", "en",
         "Follow-up. The API gateway leaks its config when you add ?debug=1. Among the values: stripe live key ",
         L(stripe(), "stripe_key"), " and an SMTP relay login: the relay account is notifications@ and the secret is set "
         "to ", L("Wq9#rT4!pLz2", "password_assignment"), ". Rotating both is advised. The rest of the dump "
         "(build ", N("a91f3c2", "git_sha"), ", feature flags) is harmless.\n")


# ================================================================= prose_fr
@builder
def prose_fr():
    case("prose_fr", "fr",
         "Bonjour,\n\nLors de l'audit du boîtier d'accès, j'ai constaté que l'armoire de brassage du 3e étage "
         "se déverrouille avec la phrase ", L("« les sanglots longs des violons »", "password_assignment"),
         " prononcée devant le lecteur vocal, et que le digicode du local technique n'a jamais été changé : le code est ",
         L("1815", "password_assignment"), ". Le firmware du lecteur est en version ", N("3.0.7", "version"),
         ".\n\nCordialement,\nÉloïse Marchetti\n", N("06 71 28 44 90", "reporter_contact"), "\n",
         reporter_email="eloise.marchetti@laposte.net")

    case("prose_fr", "fr",
         "Objet : fuite de données — export RH accessible sans authentification\n\n"
         "Le fichier exposé contient, entre autres, la fiche de M. Baptiste Lefèvre-Quéméner : numéro de sécurité sociale ",
         L(nir("1", 83, 4, "29"), "national_id"), ", né le ", L("17 avril 1983", "date_of_birth"), " à Quimper, "
         "salaire brut annuel ", L("52 300 €", "employment_data"), ", et la mention « ",
         L("arrêt maladie du 2 au 30 septembre 2023, dépression réactionnelle", "health_data"), " ». "
         "J'ai arrêté la consultation immédiatement. SIRET de l'employeur (public) : ", N(siret(), "siret"), ".\n")

    case("prose_fr", "fr",
         "Rapport de vulnérabilité – résumé\n\nLa page /admin/diagnostic affiche les variables d'environnement. "
         "On y lit la clé ", L(akia(), "aws_access_key_id"), " accompagnée de son secret ", L(aws_secret(), "aws_secret_key"),
         ". L'instance interne répond sur ", L("srv-batch-07.corp.local", "internal_hostname"), " (",
         L("172.22.8.41", "private_ip"), "). Score proposé : ", N("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:N", "cvss_vector"),
         ".\n")

    case("prose_fr", "fr",
         "Bonjour l'équipe PSIRT,\n\nJe vous signale une injection SQL aveugle sur le formulaire de contact du site "
         "vitrine (paramètre « ville »). Preuve par temporisation uniquement, aucune donnée extraite. "
         "Horodatage de mes requêtes : ", N("2024-05-14T09:32:11Z", "timestamp"), " à ", N("2024-05-14T09:41:57Z", "timestamp"),
         ", depuis l'adresse ", N("203.0.113.77", "documentation_ip"), ".\n\nLe standard de votre filiale (",
         N("01 57 77 80 00", "company_contact"), ") m'a conseillé d'écrire à ", N("psirt@thalesgroup.com", "psirt_contact"),
         ". Pour ce signalement, mon numéro : ", N("07 62 19 03 58", "reporter_contact"), ".\n\n"
         "Empreinte de ma clé : ", N(pgp_fpr(), "fingerprint"), "\nMaxime Aubertin-Roy\n",
         reporter_email="maxime.aubertin-roy@free.fr")

    cf = codice_fiscale("Bianchi", "Giulia", 1991, 3, 22, True, "F205")
    case("prose_fr", "fr",
         "Traduit de l'italien par l'outil de la plateforme :\n\nNous avons trouvé dans le bucket public un scan de la "
         "carte sanitaire d'une cliente, Mme Giulia Bianchi, code fiscal ", L(cf, "national_id", also=["tax_record"]),
         ", domiciliée ", L("Via Savona 41, 20144 Milano", "postal_address"), ". Le document porte aussi le numéro de "
         "carte d'identité ", L("CA" + rs(5, DIG) + rs(2, UP), "identity_document"), ". Nous ne l'avons pas conservé.\n")

    case("prose_fr", "fr",
         "Note de test n° ", N("2024-117", "ticket_id"), " — aucune donnée sensible\n\n"
         "Les identifiants affichés dans la console sont des valeurs factices : mot de passe ", N("********", "redacted"),
         ", jeton ", N("<VOTRE_JETON>", "placeholder"), ", clé ", N("${API_KEY}", "placeholder"), ". "
         "Le hash du binaire analysé est ", N(sha256hex(), "file_hash"), " et l'OID de la politique de certificat ",
         N("1.2.250.1.121.1.2.1", "oid"), ". La facture d'achat du matériel (", N("1 249,00 € TTC", "amount"),
         ", commande ", N("FA-77120-B", "order_id"), ") est jointe. Le serveur de test est ",
         N("qa-runner-02.lab.internal", "infrastructure_info"), " (", N("10.12.0.5", "infrastructure_info"), ").\n")

    case("prose_fr", "fr",
         "Salut,\nje me permets de relancer. Comme dit au tél, le wifi invité du showroom a pour clé WPA ",
         L("Sh0wr00m-Invites-2023", "password_assignment"), " et il est ponté sur le VLAN de la caisse. "
         "De là j'ai vu le terminal de paiement en ", L("192.168.40.12", "private_ip"),
         ". Pas touché au TPE évidemment.\nA+\n")

    case("prose_fr", "fr",
         "Compte rendu (extrait)\n\nDans la base de réservation exposée, l'enregistrement n° ", N("4471902", "random_id"),
         " correspond à un voyageur, M. Karim Benslimane : vol ", L("AF 1446 Paris-CDG → Casablanca du 12/07, siège 31A", "travel_record"),
         ", référence de dossier ", L("XK4P7Q", "travel_record"), ", numéro de billet ", L("057 2391 884 512", "travel_record"),
         ". Son passeport ", L(passport_fr(), "identity_document"), " expire le ", N("03/2031", "non_birth_date"),
         ". Seuls trois enregistrements ont été ouverts pour confirmer la faille.\n")

    case("prose_fr", "fr",
         "Précision suite à votre question : la « clé » visible sur ma capture d'écran n'en est pas une. Il s'agit de "
         "l'empreinte SHA-256 du certificat public du serveur (", N(":".join(hexs(2).upper() for _ in range(32)), "fingerprint"),
         ") et de l'ISBN du manuel cité (", N(isbn13(), "isbn"), "). Le numéro ", N("4970 1012 3456 7890", "random_id"),
         " est le numéro de série imprimé sous l'appareil, il ne passe d'ailleurs pas le contrôle de Luhn. "
         "Votre adresse de presse (", N("presse@thalesgroup.com", "company_contact"), ") est en copie à votre demande.\n",
         reporter_email="lucie.pham@orange.fr")

    case("prose_fr", "fr",
         "Bonjour,\n\nsur l'intranet de la mutuelle (accessible depuis internet par erreur), le dossier de "
         "Mme Odile Fauconnier contient : ", L("invalidité catégorie 2 reconnue en 2019, sclérose en plaques", "health_data"),
         " ; IBAN de remboursement ", L(iban("FR"), "iban"), " ; téléphone ", L(fr_mobile(), "phone_number"),
         " ; courriel ", L("odile.fauconnier@wanadoo.fr", "email_address"), ".\nJe n'ai consulté qu'une fiche.\n")

    case("prose_fr", "fr",
         "J'ai pu me connecter à la base de recette avec l'utilisateur recette_ro et ", L("Tournesol#42", "password_assignment"),
         ", qui figurent en clair dans le JavaScript de la page de connexion (ligne 3 812). "
         "La chaîne complète trouvée est ", L("postgresql://recette_ro:Tournesol#42@pg-recette.interne.example-corp.fr:5432/crm", "connection_string", also=["url_credentials"]),
         ". Version de PostgreSQL annoncée : ", N("14.11", "version"), ".\n")

    case("prose_fr", "fr",
         "Avis d'imposition retrouvé dans le partage SMB ouvert — je le mentionne pour que vous mesuriez l'impact : "
         "contribuable M. Hervé Castagnier, numéro fiscal ", L("3" + rs(12, DIG), "tax_record"),
         ", impôt sur le revenu net ", L("4 812 €", "tax_record"), ", adresse ",
         L("12 impasse des Tilleuls, 37100 Tours", "postal_address"), ". Le document était daté du ",
         N("28 juillet 2023", "non_birth_date"), ". Je l'ai supprimé de mon poste.\n")


# ================================================================= chat
@builder
def chat():
    case("chat", "en",
         "[09:14] <dkowal> anyone know the creds for the old grafana?\n"
         "[09:15] <mbreton> admin / ", L("Gr4fana-0ld!", "password_assignment"), " lol, never rotated\n"
         "[09:15] <dkowal> 😂 thx\n[09:16] <mbreton> box is ", L("grafana-legacy.ops.internal", "internal_hostname"), "\n"
         "[09:20] <dkowal> in. commit ", N(gitsha()[:12], "git_sha"), " broke the dashboards btw\n")

    case("chat", "fr",
         "Slack export — #proj-migration\n\n"
         "Julien Roussel  10:02\nje vous colle le token du bot pour le test, je le révoque après 🙏\n"
         "Julien Roussel  10:02\n", L(xoxb(), "slack_token"), "\n"
         "Amandine Perret  10:05\nmerci ! et le webhook pour #alertes c'est ", L(slack_hook(), "slack_webhook"), "\n"
         "Julien Roussel  10:06\n👍 (ticket ", N("MIG-" + rs(4, DIG), "ticket_id"), ")\n")

    case("chat", "fr",
         "[12/03/2024 18:41] Sandrine 🌸: Coucou, tu peux commander les billets pour Mamie ? Son numéro de CB c'est le ",
         L(card("visa"), "payment_card"), " exp 09/27 crypto ", L("318", "payment_card", optional=True), "\n"
         "[12/03/2024 18:43] Thomas: ok. elle est née le ", L("02/11/1941", "date_of_birth"), " c'est ça ?\n"
         "[12/03/2024 18:44] Sandrine 🌸: oui 😘 et son adresse c'est ", L("4 rue du Moulin, 71250 Cluny", "postal_address"), "\n")

    case("chat", "en",
         "Teams chat export — \"Pentest Acme Q2\"\n"
         "[5/6 3:12 PM] Priya Raman: rotating the GH token now, the one in the pipeline was ",
         L(ghp(), "github_token"), "\n"
         "[5/6 3:13 PM] Lars Vik: ok. new one goes in the vault, don't paste it here 🙃\n"
         "[5/6 3:13 PM] Priya Raman: yep. pgp fp for the report: ", N(pgp_fpr_luhn(), "fingerprint_luhn"), "\n")

    case("chat", "en",
         "<nick> lads the wiki says to use ", N("hunter2", "example_value"), " as example password, can we change that\n"
         "<opsbot> Build ", N("#4471", "ticket_id"), " passed (", N("v2.18.0-rc.3", "version"), ") sha ", N(gitsha(), "git_sha"), "\n"
         "<nick> also the redis at ", N("10.0.3.9", "infrastructure_info"), " is fine, password is in vault as usual (",
         N("[redacted]", "redacted"), ")\n"
         "<ana> psirt asked us to mail ", N("cna-coordinator@thalesgroup.com", "psirt_contact"), " about the appeal, doing it now\n")

    case("chat", "fr",
         "WhatsApp — Groupe « Astreinte N2 »\n"
         "21/01/2024, 02:13 - Yannick: le serveur de paie est tombé\n"
         "21/01/2024, 02:14 - Yannick: je me connecte comment déjà ?\n"
         "21/01/2024, 02:16 - Chloé: compte svc_paie, c'est ", L("Pa1e_Nuit!2024", "password_assignment"),
         " (le mdp habituel avec l'année)\n"
         "21/01/2024, 02:17 - Yannick: merci ❤️ je suis sur ", L("10.80.14.3", "private_ip"), "\n")

    case("chat", "fr",
         "Discord #général\n"
         "kevin_dev — aujourd'hui à 14:02\nquelqu'un a la clé google maps du projet ? celle du README c'est ",
         N("AIza-VOTRE-CLE-ICI", "placeholder"), "\n"
         "sarah.b — aujourd'hui à 14:03\nutilise la variable ", N("$GOOGLE_MAPS_KEY", "placeholder"),
         " du CI, je te la mets pas ici 😅\n"
         "kevin_dev — aujourd'hui à 14:04\nok merci. au fait la release ", N("1.9.4", "version"), " est taguée (",
         N(gitsha()[:7], "git_sha"), ")\n")

    case("chat", "en",
         "Mattermost ~security\n"
         "@hugo.n: the helpdesk ticket from Mrs. Whitcombe includes her NI number ", L(nino(), "national_id"),
         " and her doctor's note (", L("post-operative leave, hip replacement, 6 weeks", "health_data"), ") 🤦\n"
         "@rita.s: move it to the restricted queue pls, and mail her at ", L("p.whitcombe58@btinternet.com", "email_address"),
         "\n@hugo.n: done\n")

    case("chat", "fr",
         "[IRC #dev-paiement]\n<fab> on reçoit des 401 avec la clé stripe de test\n"
         "<mel> normal, il faut ", N("sk_test_VOTRE_CLE", "placeholder"), " → c'est un placeholder dans le .env.example\n"
         "<fab> ah oui. et la carte de test c'est bien ", DOC("4242 4242 4242 4242", "payment_card"), " ?\n"
         "<mel> oui, ou ", DOC("4111111111111111", "payment_card"), ". date n'importe laquelle dans le futur\n")


# ================================================================= email_message
@builder
def email_message():
    case("email_message", "en",
         "From: Noor Haddad <noor.haddad@posteo.de>\nTo: psirt@thalesgroup.com\nSubject: Re: [PSIRT-",
         N("2024-0311", "ticket_id"), "] additional details\nDate: Tue, 19 Mar 2024 10:41:22 +0100\n"
         "Message-ID: <", N(uuid4(), "uuid"), "@posteo.de>\n\n"
         "Hi,\n\nas requested, the affected build is ", N("5.4.1-b2207", "version"), ". No credentials were exposed in my tests.\n\n"
         "> On 18 Mar 2024, PSIRT wrote:\n> Could you confirm the build number?\n\n--\nNoor Haddad\nIndependent researcher\n",
         N("+49 1577 3380412", "reporter_contact"), "\n", reporter_email="noor.haddad@posteo.de")

    case("email_message", "fr",
         "De : Clément Vasseur <c.vasseur@cabinet-audit.fr>\nÀ : psirt@thalesgroup.com\nObjet : TR: identifiants trouvés\n"
         "Date : jeu. 4 avr. 2024 16:02\n\nBonjour,\n\nje vous transfère le message reçu du client.\n\n"
         "> > ---------- Message transféré ---------\n"
         "> > De : support interne\n"
         "> > Le compte de service LDAP est cn=svc-sync,ou=apps et son mot de passe de liaison : ",
         L("Lq7$vN2e!xR9", "password_assignment"), "\n"
         "> > Serveur : ", L("ldap01.siege.intra", "internal_hostname"), "\n>\n"
         "> Merci, je transmets.\n\nClément Vasseur\n", N("01 84 60 27 15", "reporter_contact"), "\n",
         reporter_email="c.vasseur@cabinet-audit.fr")

    case("email_message", "en",
         "Return-Path: <alerts@monitoring.example-ops.com>\nReceived: from mx1 (", N("198.51.100.23", "documentation_ip"),
         ")\nFrom: CI Alerts <alerts@monitoring.example-ops.com>\nTo: team@example-ops.com\nSubject: Build failed\n\n"
         "Job deploy-prod failed at step `npm publish`.\n"
         "Env dump (truncated):\n  NPM_TOKEN=", L(npm_tok(), "npm_token"), "\n  NODE_ENV=production\n"
         "  SENTRY_DSN=", N("https://" + hexs(32) + "@o" + rs(6, DIG) + ".ingest.sentry.io/" + rs(7, DIG), "public_hostname"), "\n")

    case("email_message", "fr",
         "From: Service RH <rh@transports-malvaux.fr>\nTo: Direction <direction@transports-malvaux.fr>\n"
         "Subject: Dossier M. Ludovic Sarrazin\nContent-Type: text/plain; charset=utf-8\n\n"
         "Bonjour,\n\nsuite à l'entretien préalable, ", L("un avertissement disciplinaire a été notifié à M. Sarrazin pour non-respect des temps de repos", "employment_data"),
         ". Son salaire de base reste à ", L("2 280 € brut mensuel", "employment_data"), ". Pour mémoire son n° de sécu : ",
         L(nir("1", 76, 9, "59"), "national_id"), ".\n\nCordialement,\nPauline Dérain — RH\n")

    case("email_message", "en",
         "From: \"Martina Kovač\" <martina.kovac@gmx.net>\nTo: psirt@thalesgroup.com\nCc: ", N("cna-coordinator@thalesgroup.com", "psirt_contact"),
         "\nSubject: CNA appeal - no response for 60 days\n\nDear coordinator,\n\n"
         "I requested a CVE from the CNA on ", N("2024-01-15", "non_birth_date"), " (reference ", N("VR-88120", "ticket_id"),
         "). Nothing since. The vendor's published security contact is ", N("security@vendor-widgets.com", "company_contact"),
         " and their switchboard ", N("+1 800 555 0199", "company_contact"), ".\n\nBest,\nMartina Kovač\n",
         reporter_email="martina.kovac@gmx.net")

    case("email_message", "fr",
         "Message-ID: <", N(hexs(16) + "@mail.gmail.com", "random_id"), ">\nFrom: Inès Garnier <ines.garnier.pro@gmail.com>\n"
         "To: psirt@thalesgroup.com\nSubject: Fuite - fichier clients\n\nBonjour,\n\n"
         "Le fichier clients_2023.xlsx est téléchargeable sans authentification. Exemple de ligne (je n'en cite qu'une) :\n"
         "  Roger Vautrin ; ", L("38 avenue Jean Jaurès, 69007 Lyon", "postal_address"), " ; ", L(fr_mobile("dots"), "phone_number"),
         " ; ", L("roger.vautrin@sfr.fr", "email_address"), " ; IBAN ", L(iban("FR", grouped=False), "iban"), "\n\n"
         "Bien à vous,\nInès Garnier\n", reporter_email="ines.garnier.pro@gmail.com")

    case("email_message", "en",
         "From: build-bot@acme-industrial.com\nTo: devs@acme-industrial.com\nSubject: [cron] backup report\n"
         "X-Mailer: cron-mailer ", N("1.4", "version"), "\n\n"
         "Backup of db01 OK. Connection used: ", L("mysql://backup:Harbor%2155@" + "db01.acme.lan:3306/erp", "connection_string", also=["url_credentials"]),
         "\nArchive checksum ", N(sha256hex(), "file_hash"), "\nSize 14.2 GB\n")

    case("email_message", "fr",
         "De : Agence Voyages Horizon <resa@horizon-voyages.fr>\nÀ : nathalie.brossard@yahoo.fr\n"
         "Objet : Confirmation de votre réservation\n\nMadame Brossard,\n\nVotre dossier ", L("R8TQ2M", "travel_record"),
         " est confirmé : ", L("vol TO 4052 Nantes → Héraklion le 14/08, siège 12F", "travel_record"), ".\n"
         "Passeport enregistré : ", L(passport_fr(), "identity_document"), ".\nMontant réglé : ", N("1 876,40 €", "amount"),
         " avec la carte ", N("**** **** **** 4417", "redacted"), ".\n\nL'équipe Horizon — ", N("02 40 12 00 00", "company_contact"), "\n")

    case("email_message", "fr",
         "From: Rémi Chassagne <remi.chassagne@protonmail.com>\nTo: psirt@thalesgroup.com\nSubject: Re: Re: accusé de réception\n\n"
         "Merci pour l'accusé de réception (réf. ", N("PSIRT-24-0417", "ticket_id"), ").\n\n"
         "> Bonjour, nous confirmons la réception de votre signalement.\n> > Le mot de passe par défaut est ", N("<redacted>", "redacted"),
         " comme indiqué.\n\nAucune autre donnée à signaler. Je propose une divulgation au ", N("15/10/2024", "non_birth_date"), ".\n"
         "--\nRémi Chassagne — ", N("14 rue Paul Bert, 33000 Bordeaux", "reporter_contact"), " — ", N("06 48 91 22 07", "reporter_contact"), "\n",
         reporter_email="remi.chassagne@protonmail.com")


# ================================================================= config_file
@builder
def config_file():
    case("config_file", "en",
         "# /etc/wpa_supplicant/wpa_supplicant.conf (from the field unit)\nctrl_interface=DIR=/run/wpa_supplicant GROUP=netdev\n"
         "update_config=1\ncountry=FR\n\nnetwork={\n    ssid=\"ATELIER-PROD\"\n    psk=\"", L("Fraiseuse-CNC-2022", "password_assignment"),
         "\"\n    key_mgmt=WPA-PSK\n}\n\nnetwork={\n    ssid=\"eduroam\"\n    key_mgmt=WPA-EAP\n    eap=PEAP\n    identity=\"tech03\"\n"
         "    password=\"", L("Quartz$88bleu", "password_assignment"), "\"\n}\n")

    case("config_file", "en",
         "$ cat ~/.pgpass\n# hostname:port:database:username:password\n",
         L("pgprod-01.db.internal", "internal_hostname"), ":5432:billing:billing_app:", L("Vx3!qLm8#Tz", "password_assignment"), "\n"
         "localhost:5432:*:postgres:", L("postgres123", "password_assignment"), "\n")

    case("config_file", "fr",
         "# /etc/postfix/sasl_passwd — relais SMTP de l'usine\n[smtp.relais-mail.fr]:587 usine-alertes@relais-mail.fr:",
         L("Mistral&Velours7", "password_assignment"), "\n# ne pas oublier postmap après modification\n")

    case("config_file", "fr",
         "[domain/siege.local]\nid_provider = ldap\nauth_provider = ldap\nldap_uri = ldaps://", L("ad02.siege.local", "internal_hostname"),
         "\nldap_search_base = dc=siege,dc=local\nldap_default_bind_dn = cn=sssd-bind,ou=services,dc=siege,dc=local\n"
         "ldap_default_authtok_type = password\nldap_default_authtok = ", L("Falaise_Nord-19", "password_assignment"),
         "\ncache_credentials = true\n# mot de passe minimum imposé : ", N("ldap_pwd_policy_min_length = 12", "config_setting"), "\n")

    case("config_file", "en",
         "machine api.github.com\n  login deploy-bot\n  password ", L(gho(), "github_token", also=["password_assignment"]),
         "\nmachine ftp.partner-exchange.net\n  login acme_upload\n  password ", L("Kestrel?31", "password_assignment"), "\n")

    case("config_file", "fr",
         "# ~/.my.cnf récupéré sur le serveur de recette\n[client]\nuser=root\npassword=\"", L("r00t-Recette!", "password_assignment"),
         "\"\nhost=", L("192.168.56.20", "private_ip"), "\n\n[mysqldump]\nsingle-transaction\n")

    case("config_file", "en",
         "# /etc/redis/redis.conf (excerpt)\nbind 127.0.0.1 ", N("10.20.0.14", "infrastructure_info"), "\nport 6379\n"
         "protected-mode yes\n# requirepass foobared\nrequirepass ", N("${REDIS_PASSWORD}", "placeholder"), "\n"
         "maxmemory 2gb\nmaxmemory-policy allkeys-lru\n# see ", N("https://redis.io/docs/management/config/", "public_hostname"), "\n")

    case("config_file", "fr",
         "# /etc/fstab\nUUID=", N(uuid4(), "uuid"), " /  ext4 defaults 0 1\n"
         "//nas-compta.interne/partage /mnt/compta cifs credentials=/root/.smbcred,uid=1000,vers=3.0 0 0\n\n"
         "# /root/.smbcred\nusername=compta\npassword=", L("Pivoine.2021", "password_assignment"), "\ndomain=ATELIER\n")

    case("config_file", "en",
         "# rclone.conf\n[backup-s3]\ntype = s3\nprovider = AWS\naccess_key_id = ", L(akia(), "aws_access_key_id"),
         "\nsecret_access_key = ", L(aws_secret(), "aws_secret_key"), "\nregion = eu-west-3\n\n"
         "# msmtprc\naccount default\nhost smtp.fastmail.com\nport 465\nauth on\nuser alerts@bakery-ops.net\npassword ",
         L("cobalt-orchid-" + rs(4, DIG), "password_assignment"), "\n")

    case("config_file", "fr",
         "# profil OpenVPN client (.ovpn) — nettoyé avant envoi\nclient\ndev tun\nproto udp\nremote ", N("vpn.exemple-industrie.fr", "public_hostname"),
         " 1194\nauth-user-pass /etc/openvpn/auth.txt   # contenu : ", N("utilisateur / ********", "redacted"), "\n"
         "<ca>\n", N(cert_pem(), "certificate"), "\n</ca>\ncipher AES-256-GCM\nverb 3\n")


# ================================================================= config_yaml
@builder
def config_yaml():
    case("config_yaml", "en",
         "# application-prod.yml\nspring:\n  datasource:\n    url: jdbc:postgresql://", L("pg-main.prod.svc.cluster.local", "internal_hostname"),
         ":5432/orders\n    username: orders_svc\n    password: '", L("Brioche*Sapin#2024", "password_assignment"), "'\n"
         "  mail:\n    host: smtp.sendgrid.net\n    password: ", L(sendgrid(), "sendgrid_key"), "\n")

    case("config_yaml", "fr",
         "# docker-compose.override.yml (poste de dev)\nservices:\n  app:\n    environment:\n      - DB_PASSWORD=", N("changeme", "placeholder"),
         "\n      - JWT_SECRET=", N("${JWT_SECRET:?défini dans le .env}", "placeholder"), "\n      - LOG_LEVEL=debug\n"
         "    image: registry.gitlab.com/exemple/app@sha256:", N(sha256hex(), "file_hash"), "\n")

    case("config_yaml", "en",
         "# .github/workflows/release.yml\non: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n"
         "      - uses: actions/checkout@", N(gitsha(), "git_sha"), "  # v4.1.1\n"
         "      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"
         "      - run: twine upload dist/*\n        env:\n          TWINE_PASSWORD: ", L(pypi_tok(), "pypi_token"), "\n")

    case("config_yaml", "fr",
         "# config/notifications.yaml\nslack:\n  canal: \"#prod-alertes\"\n  webhook: ", L(slack_hook(), "slack_webhook"),
         "\ntwilio:\n  account_sid: ", L(twilio_ac(), "twilio_key", optional=True), "\n  auth_token: ", L(hexs(32), "twilio_key", also=["password_assignment"]),
         "\n  numero_astreinte: \"", L("+33 6 52 18 77 40", "phone_number"), "\"\n")

    case("config_yaml", "fr",
         "# values.yaml — chart maison\nreplicaCount: 3\nimage:\n  tag: \"", N("2.7.0", "version"), "\"\n"
         "securite:\n  politiqueMotDePasse:\n    longueurMin: 12\n    expirationJours: 90\n"
         "ingress:\n  host: ", N("portail.exemple-assurances.fr", "public_hostname"), "\n"
         "auth:\n  clientSecret: ", N("\"\"  # injecté par le coffre", "placeholder"), "\n  oidcIssuer: https://", N("sso.intra.exemple", "infrastructure_info"), "/realms/main\n")

    case("config_yaml", "en",
         "# ansible group_vars/all.yml (should have been vaulted)\nntp_servers: [", N("0.pool.ntp.org", "public_hostname"), "]\n"
         "admin_users:\n  - name: lwerner\n    ssh_key: \"", N(ssh_pub("lwerner@laptop"), "public_key"), "\"\n"
         "    password_hash: \"", L(sha512crypt(), "password_hash"), "\"\n"
         "snmp_community: ", L("n0c-R3ad0nly", "password_assignment"), "\n")

    case("config_yaml", "fr",
         "# openapi/exemples.yaml — jeux d'essai de la doc\ncomponents:\n  examples:\n    Client:\n      value:\n"
         "        nom: Jeanne Exemple\n        email: ", DOC("jeanne.exemple@example.com", "email_address"), "\n"
         "        telephone: \"", DOC("+1 202-555-0147", "phone_number"), "\"\n        iban: ", N("FR76 XXXX XXXX XXXX XXXX XXXX XXX", "placeholder"), "\n")


# ================================================================= config_json
@builder
def config_json():
    sa_key = pkey("PKCS8")
    case("config_json", "en",
         "{\n  \"type\": \"service_account\",\n  \"project_id\": \"telemetry-prod-3381\",\n  \"private_key_id\": \"", N(hexs(40), "random_id"),
         "\",\n  \"private_key\": \"", L(sa_key.replace("\n", "\\n") + "\\n", "gcp_service_account", also=["private_key"]),
         "\",\n  \"client_email\": \"ingest@telemetry-prod-3381.iam.gserviceaccount.com\",\n  \"client_id\": \"", N(rs(21, DIG), "random_id"),
         "\",\n  \"token_uri\": \"https://oauth2.googleapis.com/token\"\n}\n")

    case("config_json", "fr",
         "{\n  \"nom\": \"connecteur-erp\",\n  \"version\": \"", N("3.2.1", "version"), "\",\n  \"stockage\": {\n"
         "    \"azure\": \"", L(azure_conn("erpexportsprod"), "azure_connection_string"), "\"\n  },\n"
         "  \"cartes\": {\"cleApi\": \"", L(gkey(), "google_api_key"), "\"}\n}\n")

    case("config_json", "en",
         "// package-lock.json (excerpt)\n\"node_modules/lodash\": {\n  \"version\": \"", N("4.17.21", "version"), "\",\n"
         "  \"resolved\": \"https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz\",\n  \"integrity\": \"",
         N(npm_integrity(), "npm_integrity"), "\"\n},\n\"node_modules/uuid\": {\n  \"version\": \"9.0.1\",\n  \"integrity\": \"",
         N(npm_integrity(), "npm_integrity"), "\"\n}\n")

    case("config_json", "fr",
         "{\n  \"appsettings\": {\n    \"ConnectionStrings\": {\n      \"Principal\": \"",
         L("Server=" + "sql-paie.groupe.local;Database=Paie;User Id=paie_app;Password=Galion!2020;", "connection_string"),
         "\"\n    },\n    \"Smtp\": {\"Hote\": \"smtp.office365.com\", \"Utilisateur\": \"paie@groupe-exemple.fr\", \"MotDePasse\": \"",
         L("Lynx_Orage_55", "password_assignment"), "\"}\n  }\n}\n")

    case("config_json", "en",
         "{\n  \"llm\": {\n    \"provider\": \"openai\",\n    \"apiKey\": \"", L(openai_key(), "ai_api_key"), "\",\n    \"model\": \"gpt-4o\"\n  },\n"
         "  \"fallback\": {\"provider\": \"anthropic\", \"apiKey\": \"", L(anthropic_key(), "ai_api_key"), "\"},\n"
         "  \"requestId\": \"", N(uuid4(), "uuid"), "\"\n}\n")

    case("config_json", "fr",
         "{\n  \"regles\": {\n    \"motDePasse\": {\"longueurMinimale\": 12, \"historique\": 5, \"exemple\": \"", N("votre-mot-de-passe", "placeholder"), "\"},\n"
         "    \"session\": {\"dureeMinutes\": 30}\n  },\n  \"contact\": \"", N("support@exemple-editeur.fr", "company_contact"), "\",\n"
         "  \"empreinteCle\": \"", N(pgp_fpr_luhn(), "fingerprint_luhn"), "\",\n  \"oid\": \"", N("1.3.6.1.4.1.311.21.8", "oid"), "\"\n}\n")

    case("config_json", "en",
         "{\"sentry\": {\"dsn\": \"", N("https://examplePublicKey@o0.ingest.sentry.io/0", "example_value"), "\"},\n"
         " \"auth\": {\"jwtSecret\": \"", L(rs(48, B64URL), "password_assignment"), "\", \"issuer\": \"https://", N("login.vendor-cloud.com", "public_hostname"), "\"},\n"
         " \"storage\": {\"sas\": \"https://mediaprod.blob.core.windows.net/uploads?", L(azure_sas(), "azure_sas_token"), "\"}}\n")


# ================================================================= config_ini
@builder
def config_ini():
    case("config_ini", "en",
         "; php.ini overrides + app config\n[database]\nhost = ", L("10.3.0.21", "private_ip"), "\nuser = shop\npass = ",
         L("Orchid^Falaise9", "password_assignment"), "\n\n[payment]\nstripe_secret = ", L(stripe_short(), "stripe_key"),
         "\nstripe_publishable = ", N("pk_live_" + rs(24), "public_key"), "\n")

    case("config_ini", "fr",
         "[smb.conf]\n[global]\n   workgroup = ATELIER\n   server string = NAS %v\n   min protocol = SMB2\n"
         "[compta]\n   path = /srv/compta\n   valid users = @compta\n   ; mot de passe géré par smbpasswd, rien ici\n"
         "   read only = no\n   ; serveur de sauvegarde : ", N("bkp01.atelier.lan", "infrastructure_info"), "\n")

    case("config_ini", "fr",
         "# /etc/NetworkManager/system-connections/Bureau.nmconnection\n[connection]\nid=Bureau\nuuid=", N(uuid4(), "uuid"),
         "\ntype=wifi\n\n[wifi]\nssid=Bureau-5G\n\n[wifi-security]\nkey-mgmt=wpa-psk\npsk=", L("Marmotte-Velo-Citron", "password_assignment"),
         "\n\n[ipv4]\nmethod=auto\n")

    case("config_ini", "en",
         "# ~/.pypirc\n[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = ", L(pypi_tok(), "pypi_token"), "\n")

    case("config_ini", "fr",
         "; /etc/ipsec.secrets (strongSwan) + ipsec.conf\n", N("203.0.113.10", "documentation_ip"), " ", L("10.9.0.1", "private_ip"),
         " : PSK \"", L("Cle-Partagee-Site-Lyon-2023", "password_assignment"), "\"\n\nconn lyon\n  left=%defaultroute\n  right=", N("198.51.100.77", "documentation_ip"), "\n  auto=start\n")

    case("config_ini", "en",
         "[settings]\n; all secrets come from the vault, see README\ndb_password = ", N("${VAULT:db/password}", "placeholder"),
         "\napi_key = ", N("xxxxxxxxxxxxxxxxxxxxxxxx", "placeholder"), "\npassword_min_length = 12\nsession_timeout = 1800\n"
         "build = ", N(gitsha()[:10], "git_sha"), "\nupdated = ", N("2024-02-29 17:03:55", "timestamp"), "\n")

    case("config_ini", "fr",
         "; fetchmailrc converti en ini par l'outil de migration\n[pop3]\nserveur = pop.orange.fr\nutilisateur = famille.ouvrard\n"
         "motdepasse = ", L("Nuage_Lampe_88", "password_assignment"), "\n[relais]\nsmtp = ", L("mail.maison.lan", "internal_hostname", optional=True), "\n")


# ================================================================= env_file
@builder
def env_file():
    case("env_file", "en",
         "# .env (production) — found in the public webroot\nAPP_ENV=production\nAPP_KEY=base64:", L(b64(32), "password_assignment"),
         "\nDB_CONNECTION=mysql\nDB_HOST=", L("10.1.2.30", "private_ip"), "\nDB_PASSWORD=", L("wH7#pq2Lz!mN", "password_assignment"),
         "\nMAIL_PASSWORD=", L(sendgrid(), "sendgrid_key"), "\n")

    case("env_file", "fr",
         "# .env.example — à copier en .env\nAPP_ENV=local\nDB_PASSWORD=", N("your-password-here", "placeholder"), "\nSTRIPE_SECRET=",
         N("sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "placeholder"), "\nGITHUB_TOKEN=", N("<TOKEN>", "placeholder"), "\nAWS_ACCESS_KEY_ID=",
         DOC("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id"), "\nAWS_SECRET_ACCESS_KEY=", DOC("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_key"),
         "\nMOT_DE_PASSE_LONGUEUR_MIN=12\n")

    case("env_file", "en",
         "export GITLAB_TOKEN=", L(glpat(), "gitlab_token"), "\nexport CI_REGISTRY=registry.gitlab.com\nexport HF_TOKEN=", L(hf_key(), "ai_api_key"),
         "\nexport DATABASE_URL=", L("postgres://etl:Cobalt-77@" + "warehouse.internal:5432/dwh", "connection_string", also=["url_credentials"]), "\n")

    case("env_file", "fr",
         "# .env.local — poste de Camille\nNEXT_PUBLIC_MAPS_KEY=", L(gkey(), "google_api_key"), "\nSESSION_SECRET=", L(hexs(64), "password_assignment"),
         "\nADMIN_EMAIL=", L("camille.rigaud@agence-lumen.fr", "email_address", optional=True), "\n# TODO retirer avant commit 🙈\n")

    case("env_file", "fr",
         "PORT=8080\nNODE_ENV=production\nLOG_LEVEL=info\nRELEASE=", N("v3.14.2", "version"), "\nCOMMIT_SHA=", N(gitsha(), "git_sha"),
         "\nREDIS_URL=redis://", N("cache.interne", "infrastructure_info"), ":6379/0\nSENTRY_RELEASE=", N(uuid4(), "uuid"),
         "\nMOT_DE_PASSE=", N("********", "redacted"), "\n")

    case("env_file", "en",
         "SLACK_BOT_TOKEN=", L(xoxb(), "slack_token"), "\nSLACK_SIGNING_SECRET=", L(hexs(32), "password_assignment"),
         "\nTWILIO_API_KEY=", L(twilio_sk(), "twilio_key"), "\nTWILIO_API_SECRET=", L(rs(32), "twilio_key", also=["password_assignment"]), "\n")

    case("env_file", "fr",
         "# variables du conteneur (docker inspect | jq .Config.Env)\n\"PGPASSWORD=", L("Agrafe-Pluie-31", "password_assignment"),
         "\",\n\"SMTP_URL=", L("smtps://notif%40mairie-exemple.fr:Tiroir%2A2024@smtp.mairie-exemple.fr:465", "url_credentials"), "\",\n\"TZ=Europe/Paris\"\n")

    case("env_file", "en",
         "# exported from Heroku config:get\nREDIS_TLS_URL: ", L("rediss://:p" + hexs(63) + "@ec2-54-170-12-9.eu-west-1.compute.amazonaws.com:18230", "connection_string", also=["url_credentials"]),
         "\nOPENAI_API_KEY: ", N("sk-...redacted", "redacted"), "\nWEB_CONCURRENCY: 2\n")


# ================================================================= http_request
@builder
def http_request():
    tok = jwt({"sub": "u_" + rs(8, DIG), "email": "m.delcourt@client-exemple.fr", "role": "admin", "iat": 1715600000, "exp": 1715603600}, "RS256", kid=hexs(8))
    case("http_request", "fr",
         "Requête interceptée (Burp) :\n\nGET /api/v2/patients/88412/dossier HTTP/1.1\nHost: ", N("portail-sante.exemple-hopital.fr", "public_hostname"),
         "\nAuthorization: Bearer ", L(tok, "authorization_header", also=["jwt"]), "\nAccept: application/json\nX-Request-Id: ", N(uuid4(), "uuid"), "\n\n")

    basic = base64.b64encode(b"svc_export:Velours#Quartz8").decode()
    case("http_request", "en",
         "POST /export/run HTTP/1.1\nHost: ", L("reporting.corp.internal", "internal_hostname"), "\nAuthorization: Basic ", L(basic, "authorization_header"),
         "\nContent-Type: application/json\nContent-Length: 41\n\n{\"from\":\"2024-01-01\",\"to\":\"2024-03-31\"}\n")

    case("http_request", "en",
         "GET /account/settings HTTP/2\nHost: www.shop-example.com\nCookie: _ga=GA1.2.", N(rs(10, DIG) + "." + rs(10, DIG), "random_id"),
         "; PHPSESSID=", L(rs(26, "abcdefghijklmnopqrstuv0123456789"), "session_cookie"), "; lang=en\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0\n")

    case("http_request", "fr",
         "Requête de reproduction (identifiants retirés) :\n\nPOST /login HTTP/1.1\nHost: ", N("extranet.exemple-btp.fr", "public_hostname"),
         "\nContent-Type: application/x-www-form-urlencoded\nCookie: JSESSIONID=", N("[REDACTED]", "redacted"), "\nAuthorization: Bearer ",
         N("[REDACTED]", "redacted"), "\n\nlogin=testeur&password=", N("***", "redacted"), "&csrf=", N(hexs(32), "random_id"), "\n")

    case("http_request", "fr",
         "curl -v 'https://api.exemple-logistique.fr/v1/colis?suivi=", N("6A" + rs(11, DIG), "tracking_number"), "&api_key=", L(rs(32, HEX), "password_assignment"),
         "'\n> GET /v1/colis?suivi=… HTTP/1.1\n> Host: api.exemple-logistique.fr\n> X-Api-Key: ", L(rs(40, ALNUM), "authorization_header"), "\n")

    case("http_request", "en",
         "PUT /v1/customers/cus_" + rs(14) + " HTTP/1.1\nHost: api.stripe.com\nAuthorization: Bearer ", L(stripe("rk_live_"), "authorization_header", also=["stripe_key"]),
         "\nContent-Type: application/x-www-form-urlencoded\n\nemail=", L("h.lindqvist@telia.se", "email_address"), "&phone=", L("+46 70 318 44 92", "phone_number"), "\n")

    case("http_request", "fr",
         "GET /wp-admin/ HTTP/1.1\nHost: ", N("blog.exemple-mairie.fr", "public_hostname"), "\nCookie: wordpress_logged_in_", N(hexs(32), "hash_prefix"), "=",
         L("admin%7C1716212345%7C" + rs(43, ALNUM) + "%7C" + hexs(64), "session_cookie"), "\nReferer: https://blog.exemple-mairie.fr/\n")

    case("http_request", "en",
         "GET /health HTTP/1.1\nHost: ", N("status.cloud-vendor.io", "public_hostname"), "\nIf-None-Match: W/\"", N(hexs(32), "random_id"), "\"\n"
         "X-Forwarded-For: ", N("198.51.100.14", "documentation_ip"), "\nX-Trace: ", N("00-" + hexs(32) + "-" + hexs(16) + "-01", "random_id"), "\n"
         "Authorization: Bearer ", N("<token>", "placeholder"), "\n")


# ================================================================= http_response
@builder
def http_response():
    case("http_response", "fr",
         "HTTP/1.1 200 OK\nContent-Type: application/json; charset=utf-8\n\n{\"id\": 10231, \"nom\": \"Lemaire\", \"prenom\": \"Anaïs\", "
         "\"date_naissance\": \"", L("1988-02-29", "date_of_birth"), "\", \"nir\": \"", L(nir("2", 88, 2, "35", grouped=False), "national_id"),
         "\", \"adresse\": \"", L("5 allée des Mouettes, 35400 Saint-Malo", "postal_address"), "\", \"cree_le\": \"", N("2023-11-07T08:15:00Z", "timestamp"), "\"}\n")

    case("http_response", "en",
         "HTTP/1.1 302 Found\nLocation: https://app.vendor-crm.com/dashboard\nSet-Cookie: session=", L(b64u(rbytes(48)), "session_cookie"),
         "; Path=/; HttpOnly; Secure; SameSite=Lax\nSet-Cookie: csrftoken=", N(rs(32), "random_id"), "; Path=/\nStrict-Transport-Security: max-age=31536000\n")

    case("http_response", "fr",
         "HTTP/1.1 500 Internal Server Error\nContent-Type: text/plain\n\nErreur de connexion : impossible de joindre ", L("mongodb://admin:Citron-Moulin9@10.60.2.8:27017/?authSource=admin", "connection_string", also=["url_credentials"]),
         "\nTrace id: ", N(hexs(32), "random_id"), "\n")

    case("http_response", "en",
         "HTTP/1.1 200 OK\nServer: nginx/", N("1.24.0", "version"), "\nContent-Type: application/json\nETag: \"", N(hexs(40), "hash_prefix"), "\"\n\n"
         "{\"status\":\"ok\",\"version\":\"", N("8.3.1+build.4471", "version"), "\",\"commit\":\"", N(gitsha(), "git_sha"), "\",\"uptime\":86400,"
         "\"node\":\"", N("10.244.3.17", "infrastructure_info"), "\",\"support\":\"", N("support@vendor-crm.com", "company_contact"), "\"}\n")

    case("http_response", "en",
         "HTTP/2 200\ncontent-type: application/json\n\n{\"access_token\":\"", L(jwt({"iss": "https://idp.vendor-crm.com", "sub": rs(12, DIG), "aud": "crm", "exp": 1716000000}), "jwt"),
         "\",\"token_type\":\"Bearer\",\"refresh_token\":\"", L(rs(64, B64URL), "session_cookie", optional=True, also=["password_assignment"]), "\",\"expires_in\":3600}\n")

    case("http_response", "fr",
         "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"commande\":\"", N("CMD-2024-558102", "order_id"), "\",\"montant\":\"", N("89,90 EUR", "amount"),
         "\",\"paiement\":{\"carte\":\"", N("497010******4417", "redacted"), "\",\"autorisation\":\"", N(rs(6, DIG), "random_id"), "\"},"
         "\"livraison\":{\"transporteur\":\"Colissimo\",\"suivi\":\"", N("6A" + rs(11, DIG), "tracking_number"), "\"}}\n")

    case("http_response", "en",
         "HTTP/1.1 200 OK\nContent-Type: application/json\nX-Debug: on\n\n{\"user\":{\"id\":3391,\"name\":\"Callum Fairweather\",\"ssn\":\"", L(ssn(), "national_id"),
         "\",\"card\":\"", L(card("amex", sep=None), "payment_card"), "\",\"phone\":\"", L(us_phone(), "phone_number"), "\"}}\n")

    case("http_response", "fr",
         "HTTP/1.1 403 Forbidden\nContent-Type: text/html\nX-Powered-By: PHP/", N("8.2.12", "version"), "\nDate: ", N("Wed, 15 May 2024 07:12:44 GMT", "timestamp"), "\n\n"
         "<p>Accès refusé. Contactez ", N("dpo@exemple-collectivite.fr", "company_contact"), " ou le ", N("05 61 00 00 00", "company_contact"), ".</p>\n")


# ================================================================= markdown_report
@builder
def markdown_report():
    case("markdown_report", "en",
         "## Finding 3 — Hard-coded cloud credentials in mobile app\n\n**Severity:** High (", N("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:L", "cvss_vector"), ")\n\n"
         "Decompiling `com.vendor.fleet` ", N("6.2.0", "version"), " reveals:\n\n```java\nprivate static final String KEY = \"", L(akia(), "aws_access_key_id"),
         "\";\nprivate static final String SECRET = \"", L(aws_secret(), "aws_secret_key"), "\";\n```\n\n| Item | Value |\n|---|---|\n| APK sha256 | `",
         N(sha256hex(), "file_hash"), "` |\n| Bucket | `fleet-telemetry-prod` |\n")

    case("markdown_report", "fr",
         "# Rapport d'audit — application RH\n\n## 1. Contexte\nAudit boîte grise réalisé du ", N("3 au 7 juin 2024", "non_birth_date"), ".\n\n"
         "## 2. Constats\n| # | Constat | Exemple |\n|---|---|---|\n| 2.1 | IDOR sur `/salaries/{id}` | fiche de Mme Hélène Roux : ",
         L("salaire annuel 61 000 €, évaluation « insuffisante » 2023", "employment_data"), " |\n| 2.2 | Export sans contrôle | n° sécu ",
         L(nir("2", 71, 12, "13"), "national_id"), "[^1] |\n\n[^1]: Valeur recopiée telle qu'affichée ; fiche de Mme Roux également.\n")

    case("markdown_report", "fr",
         "### Preuve de concept\n\n```bash\n$ curl -s https://api.exemple-energie.fr/v1/compteurs/ -H 'Authorization: Bearer <JETON>'\n```\n\n"
         "> Les jetons utilisés ont été ", N("[supprimés]", "redacted"), " de ce rapport.\n\nRéférence interne : ", N("AUD-2024-031", "ticket_id"),
         ". Commit vulnérable : `", N(gitsha(), "git_sha"), "`. Hôte de test : `", N("preprod-api.energie.intra", "infrastructure_info"), "`.\n")

    case("markdown_report", "en",
         "# Report: Exposed Jenkins script console\n\n1. Browse to `/script` (no auth).\n2. Run:\n\n```groovy\nprintln(hudson.util.Secret.decrypt('{AQAAABAAAAAg", N(b64(32), "base64_blob"), "}'))\n```\n\n"
         "Output:\n\n```\n", L("Harbor_Lighthouse_2019!", "password_assignment"), "\n```\n\nThat is the decrypted password of the `deploy` credential. "
         "I stopped there.\n\n---\n*Reporter: Ingrid Solberg, ", N("+47 412 55 093", "reporter_contact"), "*\n", reporter_email="ingrid.solberg@pm.me")

    case("markdown_report", "fr",
         "## Annexe B — extrait du partage ouvert\n\n```\nbulletin_paie_2024-03_DUPUIS.pdf\n```\n\nContenu (OCR, extrait) : M. Franck Dupuis, ",
         L(iban("FR"), "iban"), ", net à payer ", L("2 947,18 €", "employment_data"), ", adresse ", L("9 rue Nationale, 59800 Lille", "postal_address"),
         ".\n\n*Note :* fichier supprimé de mon poste après capture.\n")

    case("markdown_report", "en",
         "## Appendix — hashes and identifiers (no secrets)\n\n| Artifact | SHA-256 |\n|---|---|\n| fw.bin | `", N(sha256hex(), "file_hash"), "` |\n| poc.py | `",
         N(sha256hex(), "file_hash"), "` |\n\nSigning key fingerprint: `", N(pgp_fpr_luhn(), "fingerprint_luhn"), "`\n\nCVE: ", N("CVE-2023-44487", "cve_id"),
         " (related). Tested from `", N("203.0.113.5", "documentation_ip"), "`.\n")

    case("markdown_report", "fr",
         "### Mise en évidence\n\nLe fichier `config.php` sauvegardé (`config.php.bak`) est téléchargeable :\n\n```php\n$db_host = '", L("10.0.40.7", "private_ip"),
         "';\n$db_user = 'boutique';\n$db_pass = '", L("Sapin&Cheval_64", "password_assignment"), "'; // TODO changer\n```\n\n"
         "Aucun accès à la base n'a été tenté.\n")

    case("markdown_report", "en",
         "### Reproduction (sanitized)\n\n```http\nPOST /api/token HTTP/1.1\nAuthorization: Basic ", N("dXNlcjpSRURBQ1RFRA==", "redacted"), "\n```\n\n"
         "The decoded value above is `user:REDACTED`, i.e. a placeholder. Please use your own test tenant `", N(uuid4(), "uuid"), "`.\n"
         "Timeline: reported ", N("2024-04-02", "non_birth_date"), ", ack ", N("2024-04-05", "non_birth_date"), ".\n", reporter_email="j.mbeki@researchmail.org")


# ================================================================= git_diff
@builder
def git_diff():
    c = gitsha()
    case("git_diff", "en",
         "commit ", N(c, "git_sha"), "\nAuthor: dev-intern <intern@vendor-iot.com>\nDate:   ", N("Thu Feb 8 16:22:10 2024 +0100", "timestamp"), "\n\n    add deploy config\n\n"
         "diff --git a/deploy/settings.py b/deploy/settings.py\nindex ", N(hexs(7), "git_sha"), "..", N(hexs(7), "git_sha"), " 100644\n--- a/deploy/settings.py\n+++ b/deploy/settings.py\n"
         "@@ -12,3 +12,5 @@ DEBUG = False\n ALLOWED_HOSTS = ['api.vendor-iot.com']\n+GITHUB_TOKEN = '", L(github_pat(), "github_token"), "'\n"
         "+SECRET_KEY = '", L(rs(50, ALNUM + "!@#%^&*(-_=+)"), "password_assignment"), "'\n")

    case("git_diff", "fr",
         "diff --git a/tests/fixtures/clients.csv b/tests/fixtures/clients.csv\nnew file mode 100644\nindex 0000000..", N(hexs(7), "git_sha"), "\n"
         "--- /dev/null\n+++ b/tests/fixtures/clients.csv\n@@ -0,0 +1,3 @@\n+nom;prenom;date_naissance;iban\n+Perrin;Sylvie;", L("1969-05-23", "date_of_birth"), ";",
         L(iban("FR", grouped=False), "iban"), "\n+Gauthier;Marc;", L("1957-10-02", "date_of_birth"), ";", L(iban("BE", grouped=False), "iban"), "\n")

    case("git_diff", "en",
         "diff --git a/.env b/.env\ndeleted file mode 100644\nindex ", N(hexs(7), "git_sha"), "..0000000\n--- a/.env\n+++ /dev/null\n@@ -1,2 +0,0 @@\n"
         "-SENDGRID_API_KEY=", L(sendgrid(), "sendgrid_key"), "\n-DEBUG=true\n\n(the key is gone from HEAD but still in history: ", N(gitsha(), "git_sha"), ")\n")

    case("git_diff", "fr",
         "$ git show --stat ", N(gitsha()[:9], "git_sha"), "\ncommit ", N(gitsha(), "git_sha"), "\nAuthor: Lina Boukhari <lina@exemple-editeur.fr>\n\n    doc: remplace les vraies valeurs par des exemples\n\n"
         "diff --git a/docs/install.md b/docs/install.md\n@@ -40,7 +40,7 @@\n-export API_KEY=", N("${API_KEY}", "placeholder"), "\n+export API_KEY=", N("<votre-cle>", "placeholder"),
         "\n-mot de passe : ", N("********", "redacted"), "\n+mot de passe : ", N("votre-mot-de-passe", "placeholder"), "\n")

    case("git_diff", "en",
         "diff --git a/package-lock.json b/package-lock.json\nindex ", N(hexs(7), "git_sha"), "..", N(hexs(7), "git_sha"), " 100644\n@@ -1021,7 +1021,7 @@\n"
         "-      \"integrity\": \"", N(npm_integrity(), "npm_integrity"), "\",\n+      \"integrity\": \"", N(npm_integrity(), "npm_integrity"), "\",\n"
         "-      \"version\": \"", N("1.6.7", "version"), "\"\n+      \"version\": \"", N("1.6.8", "version"), "\"\n")

    case("git_diff", "fr",
         "diff --git a/infra/k8s/ingress.yaml b/infra/k8s/ingress.yaml\n@@ -3,6 +3,8 @@\n   annotations:\n+    # test-card de la doc stripe, ne pas s'inquiéter : ",
         DOC("4242424242424242", "payment_card"), "\n+    nginx.ingress.kubernetes.io/whitelist-source-range: \"", N("10.0.0.0/8", "infrastructure_info"), "\"\n"
         "+    cert-manager.io/issuer: ", N("letsencrypt-prod", "public_name"), "\n   host: ", N("www.exemple-editeur.fr", "public_hostname"), "\n")

    case("git_diff", "en",
         "diff --git a/keys/id_ecdsa b/keys/id_ecdsa\nnew file mode 100600\n--- /dev/null\n+++ b/keys/id_ecdsa\n@@ -0,0 +1,5 @@\n+",
         L(pkey("EC").replace("\n", "\n+"), "private_key"), "\n")

    case("git_diff", "fr",
         "diff --git a/src/tests/test_sepa.py b/src/tests/test_sepa.py\n@@ -8,4 +8,4 @@\n-IBAN_TEST = \"", DOC("FR76 3000 6000 0112 3456 7890 189", "iban"),
         "\"  # IBAN d'exemple publié par la banque\n+IBAN_TEST = \"", N("FRkk XXXX XXXX XXXX XXXX XXXX XXX", "placeholder"), "\"\n"
         " SIRET_EDITEUR = \"", N(siret(), "siret"), "\"\n")


# ================================================================= html_page
@builder
def html_page():
    case("html_page", "en",
         "<!DOCTYPE html><html><head><title>Whoops! There was an error.</title></head><body>\n<h1>PDOException</h1>\n"
         "<p>SQLSTATE[HY000] [1045] Access denied for user 'forge'@'", L("10.10.1.44", "private_ip"), "'</p>\n<table class=\"env\">\n"
         "<tr><td>DB_HOST</td><td>", L("mysql-primary.internal", "internal_hostname"), "</td></tr>\n<tr><td>DB_PASSWORD</td><td>",
         L("Qx8!mZ2@rLp5", "password_assignment"), "</td></tr>\n<tr><td>APP_DEBUG</td><td>true</td></tr>\n</table></body></html>\n")

    rows = []
    parts = ["<html><body><h2>Administration — Utilisateurs</h2>\n<table>\n<tr><th>Nom</th><th>Courriel</th><th>Téléphone</th><th>Né(e) le</th></tr>\n"]
    for nm, em in (("Aurélie Kermarrec", "aurelie.kermarrec@gmail.com"), ("Jean-Baptiste Nguyen", "jb.nguyen@laposte.net")):
        parts += ["<tr><td>" + nm + "</td><td>", L(em, "email_address"), "</td><td>", L(fr_mobile(), "phone_number"), "</td><td>",
                  L("%02d/%02d/19%02d" % (R.randint(1, 28), R.randint(1, 12), R.randint(50, 99)), "date_of_birth"), "</td></tr>\n"]
    parts.append("</table></body></html>\n")
    case("html_page", "fr", *parts)

    case("html_page", "en",
         "<tr><td class=\"e\">PHP Version </td><td class=\"v\">", N("8.1.27", "version"), "</td></tr>\n"
         "<tr><td class=\"e\">System </td><td class=\"v\">Linux ", N("web-04.dmz.internal", "infrastructure_info"), " 5.15.0-97-generic</td></tr>\n"
         "<tr><td class=\"e\">$_SERVER['REMOTE_ADDR']</td><td class=\"v\">", N("198.51.100.200", "documentation_ip"), "</td></tr>\n"
         "<tr><td class=\"e\">$_SERVER['PHP_AUTH_PW']</td><td class=\"v\">", N("no value", "placeholder"), "</td></tr>\n"
         "<tr><td class=\"e\">session.sid_length</td><td class=\"v\">32</td></tr>\n")

    case("html_page", "fr",
         "<form action=\"/paiement/valider\" method=\"post\">\n  <input type=\"hidden\" name=\"commande\" value=\"", N("CMD-88120", "order_id"), "\">\n"
         "  <input type=\"hidden\" name=\"cle_marchand\" value=\"", L(stripe_short("sk_live_"), "stripe_key"), "\">\n"
         "  <input type=\"hidden\" name=\"csrf\" value=\"", N(hexs(40), "random_id"), "\">\n  <input type=\"text\" name=\"carte\" placeholder=\"", N("1234 5678 9012 3456", "placeholder"), "\">\n</form>\n")

    case("html_page", "fr",
         "<footer>\n  <p>Exemple Industries SAS — ", N("10 avenue de l'Europe, 78140 Vélizy-Villacoublay", "company_contact"), " — SIRET ", N(siret(), "siret"), "</p>\n"
         "  <p>Standard : ", N("01 39 45 00 00", "company_contact"), " · presse : ", N("presse@exemple-industries.fr", "company_contact"), "</p>\n"
         "  <p>Sécurité : <a href=\"mailto:psirt@thalesgroup.com\">", N("psirt@thalesgroup.com", "psirt_contact"), "</a> — version ", N("2024.05.2", "version"), "</p>\n</footer>\n")

    case("html_page", "en",
         "<!-- debug: remove before release -->\n<script>\n  window.__CONFIG__ = {\n    env: \"prod\",\n    // old key kept for the map widget\n    mapsKey: \"",
         L(gkey(), "google_api_key"), "\",\n    release: \"", N(gitsha()[:8], "git_sha"), "\",\n    apiBase: \"https://", N("api.vendor-maps.com", "public_hostname"), "\"\n  };\n</script>\n")

    case("html_page", "en",
         "<div class=\"flash\">Password must be at least <b>12</b> characters.</div>\n<input type=\"password\" name=\"password\" value=\"\" placeholder=\"",
         N("••••••••", "placeholder"), "\">\n<input type=\"hidden\" name=\"nonce\" value=\"", N(uuid4(), "uuid"), "\">\n"
         "<p>Need help? Call ", N("+1 800 555 0100", "company_contact"), " or mail ", N("help@vendor-portal.com", "company_contact"), ".</p>\n")


# ================================================================= extra clean texts
@builder
def extra_clean():
    case("prose_en", "en",
         "Hi, following up on my report about the certificate validation bypass. The vendor's advisory lists fixed versions ",
         N("3.4.9", "version"), " and ", N("3.5.2", "version"), ". The affected OID is ", N("2.5.29.17", "oid"), " (subjectAltName). "
         "My test certificate (public, self-signed) has SHA-1 fingerprint ", N(":".join(hexs(2).upper() for _ in range(20)), "fingerprint"),
         ". Please contact me at this address or on ", N("+44 7911 204 663", "reporter_contact"), " during UK hours.\n\nBest, Owen Pritchard\n",
         reporter_email="owen.pritchard@hey.com")

    case("prose_fr", "fr",
         "Bonjour,\nje complète mon signalement : l'identifiant « ", N("4539 1488 0343 6468", "random_id"), " » que vous voyez dans les journaux "
         "est un identifiant de transaction interne du terminal, pas un numéro de carte (il est préfixé par TXN dans l'interface). "
         "Les adresses ", N("192.0.2.10", "documentation_ip"), " et ", N("2001:db8::17", "documentation_ip"), " sont celles de ma maquette. "
         "Le mot de passe de test a été remplacé par ", N("xxxx", "placeholder"), ".\nMerci, Bastien Cordier\n", reporter_email="bastien.cordier@tutanota.com")

    case("chat", "en",
         "#release-eng\n[14:01] maya: tagging ", N("v5.0.0", "version"), " from ", N(gitsha(), "git_sha"), "\n[14:02] chen: integrity of the tarball is ",
         N(npm_integrity(), "npm_integrity"), "\n[14:02] maya: 👌 changelog mentions ", N("CVE-2024-21626", "cve_id"), "\n"
         "[14:03] chen: password reset flow still says min length 12 — fine\n")

    case("email_message", "fr",
         "From: Service Client <contact@exemple-mutuelle.fr>\nTo: Vous\nSubject: Votre demande n° ", N("DM-2024-77310", "ticket_id"), "\n\n"
         "Bonjour,\n\nVotre demande a bien été enregistrée le ", N("06/05/2024", "non_birth_date"), ". Pour toute question : ", N("09 69 32 00 00", "company_contact"),
         " (appel non surtaxé) ou ", N("contact@exemple-mutuelle.fr", "company_contact"), ".\nNe communiquez jamais votre mot de passe : nos conseillers ne le demandent pas.\n")

    case("config_yaml", "en",
         "# prometheus.yml\nglobal:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['",
         N("10.30.0.11:9100", "infrastructure_info"), "', '", N("10.30.0.12:9100", "infrastructure_info"), "']\n  - job_name: blackbox\n    params:\n      module: [http_2xx]\n"
         "    basic_auth:\n      username: prom\n      password_file: ", N("/etc/prometheus/secrets/bb_pass", "placeholder"), "\n")

    case("http_response", "fr",
         "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"jwks\":{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"", N(hexs(16), "random_id"), "\",\"use\":\"sig\",\"n\":\"",
         N(b64u(rbytes(256)), "public_key"), "\",\"e\":\"AQAB\"}]},\"emis\":\"", N("2024-06-01T00:00:00Z", "timestamp"), "\"}\n")

    case("prose_fr", "fr",
         "Bonjour, petite question de forme avant l'envoi du rapport complet : puis-je joindre la capture où l'on voit "
         "« mot de passe : ", N("[masqué]", "redacted"), " » et l'empreinte du firmware (", N(sha256hex(), "file_hash"), ") ? "
         "Je n'y laisse aucune donnée personnelle. Le serveur concerné est public (", N("185.42.117.9", "public_ip"), "). "
         "Date de découverte : ", N("2 mai 2024", "non_birth_date"), ". Merci — Noémie Ferrand, ", N("07 81 44 20 36", "reporter_contact"), "\n",
         reporter_email="noemie.ferrand@ik.me")


# ---------------------------------------------------------------- output & checks
def build():
    for fn in BUILDERS:
        fn()


def serialize():
    return "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in CASES).encode("utf-8")


def sanity():
    errors = []
    ids = set()
    for c, exp in zip(CASES, _EXPECT):
        if c["id"] in ids:
            errors.append("dup id " + c["id"])
        ids.add(c["id"])
        u = c["text"].encode("utf-16-le")
        n16 = len(u) // 2

        def sl(a, b):
            return u[2 * a:2 * b].decode("utf-16-le")
        for kind, idx, val in exp:
            item = c["labels"][idx] if kind == "L" else c["negatives"][idx]
            if not (0 <= item["start"] < item["end"] <= n16):
                errors.append("%s bad bounds %r" % (c["id"], item))
                continue
            got = sl(item["start"], item["end"])
            if got != val:
                errors.append("%s slice mismatch %r != %r" % (c["id"], got, val))
            if got != got.strip():
                errors.append("%s span has outer whitespace %r" % (c["id"], got))
        spans = sorted((l["start"], l["end"]) for l in c["labels"])
        for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
            if a2 < b1:
                errors.append("%s overlapping labels %r %r" % (c["id"], (a1, b1), (a2, b2)))
        for ng in c["negatives"]:
            for l in c["labels"]:
                if ng["start"] < l["end"] and l["start"] < ng["end"]:
                    errors.append("%s negative overlaps label %r %r" % (c["id"], ng, l))
        for l in c["labels"]:
            if l["group"] != GROUP[l["category"]]:
                errors.append("%s bad group" % c["id"])
            if l["severity"] not in (SEV[l["category"]], "info"):
                errors.append("%s bad severity" % c["id"])
            for a in l.get("also", []):
                if a not in GROUP:
                    errors.append("%s bad also %s" % (c["id"], a))
        if c["language"] not in ("en", "fr"):
            errors.append("%s bad language" % c["id"])
        if c.get("reporter_email") and c["reporter_email"] not in c["text"]:
            pass  # the address may be known without appearing in the excerpt
    return errors


def main():
    build()
    data = serialize()
    errs = sanity()
    if "--check" in sys.argv:
        with open(OUT, "rb") as f:
            committed = f.read()
        if committed != data:
            errs.append("cases.jsonl differs from generator output")
        if errs:
            print("\n".join(errs))
            sys.exit(1)
        nfr = sum(1 for c in CASES if c["language"] == "fr")
        print("OK: %d cases, %d fr (%.1f%%), %d labels, %d negatives, %d clean" % (
            len(CASES), nfr, 100.0 * nfr / len(CASES), sum(len(c["labels"]) for c in CASES),
            sum(len(c["negatives"]) for c in CASES), sum(1 for c in CASES if not c["labels"])))
        return
    if errs:
        print("\n".join(errs))
        sys.exit(1)
    with open(OUT, "wb") as f:
        f.write(data)
    print("wrote %s (%d cases)" % (OUT, len(CASES)))


if __name__ == "__main__":
    main()
