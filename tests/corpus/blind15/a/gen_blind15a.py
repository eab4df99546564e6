#!/usr/bin/env python3
"""Blind test corpus b15a for a sensitive-data scanner (PSIRT report warnings).

Written blind (only the brief was read).  Standard library only, deterministic:
one random.Random with a fixed seed.  `python3 gen_blind15a.py` writes cases.jsonl,
`python3 gen_blind15a.py --check` verifies the committed file and every span.
All values are invented; tokens only have the right *shape* (prefix, length,
charset, checksums where the format has one).
"""
import base64
import json
import os
import random
import string
import sys
import zlib

SEED = 15015
rng = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.jsonl")

CATS = {
    # credentials
    "private_key": ("critical", "credentials"),
    "aws_access_key_id": ("critical", "credentials"),
    "aws_secret_key": ("critical", "credentials"),
    "github_token": ("critical", "credentials"),
    "gitlab_token": ("critical", "credentials"),
    "slack_token": ("critical", "credentials"),
    "slack_webhook": ("critical", "credentials"),
    "stripe_key": ("critical", "credentials"),
    "google_api_key": ("critical", "credentials"),
    "gcp_service_account": ("critical", "credentials"),
    "azure_connection_string": ("critical", "credentials"),
    "azure_sas_token": ("critical", "credentials"),
    "npm_token": ("critical", "credentials"),
    "pypi_token": ("critical", "credentials"),
    "sendgrid_key": ("critical", "credentials"),
    "twilio_key": ("critical", "credentials"),
    "ai_api_key": ("critical", "credentials"),
    "jwt": ("critical", "credentials"),
    "url_credentials": ("critical", "credentials"),
    "connection_string": ("critical", "credentials"),
    "authorization_header": ("critical", "credentials"),
    "session_cookie": ("critical", "credentials"),
    "password_assignment": ("critical", "credentials"),
    "password_hash": ("critical", "credentials"),
    # personal, high
    "payment_card": ("high", "personal"),
    "iban": ("high", "personal"),
    "national_id": ("high", "personal"),
    "date_of_birth": ("high", "personal"),
    "identity_document": ("high", "personal"),
    "postal_address": ("high", "personal"),
    "health_data": ("high", "personal"),
    "employment_data": ("high", "personal"),
    "tax_record": ("high", "personal"),
    "travel_record": ("high", "personal"),
    # personal, medium
    "email_address": ("medium", "personal"),
    "phone_number": ("medium", "personal"),
    # infrastructure
    "private_ip": ("info", "infrastructure"),
    "internal_hostname": ("info", "infrastructure"),
}

ALNUM = string.ascii_letters + string.digits
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
HEX = "0123456789abcdef"
UPPER = string.ascii_uppercase


def rs(n, alphabet=ALNUM):
    return "".join(rng.choice(alphabet) for _ in range(n))


def digits(n):
    return "".join(rng.choice(string.digits) for _ in range(n))


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def rbytes(n):
    return bytes(rng.randrange(256) for _ in range(n))


# ---------------------------------------------------------------- tokens
def b62(n, width):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


def gh_token(prefix="ghp_"):
    body = rs(30)
    return prefix + body + b62(zlib.crc32(body.encode()), 6)


def gh_fine_grained():
    return "github_pat_" + rs(22, string.ascii_uppercase + string.digits) + "_" + rs(59)


def npm_token():
    body = rs(30)
    return "npm_" + body + b62(zlib.crc32(body.encode()), 6)


def aws_key_id(prefix="AKIA"):
    return prefix + rs(16, string.ascii_uppercase + "234567")


def aws_secret():
    return rs(40, B64)


def aws_session_token():
    return "IQoJb3JpZ2luX2VjE" + rs(3, ALNUM) + "aCWV1LXdlc3QtMyJHMEUCIQ" + rs(300, B64) + "=="


def slack_bot():
    return "xoxb-%s-%s-%s" % (digits(12), digits(13), rs(24))


def slack_user():
    return "xoxp-%s-%s-%s-%s" % (digits(12), digits(12), digits(13), rs(32, HEX))


def slack_webhook():
    return "https://hooks.slack.com/services/T%s/B%s/%s" % (
        rs(8, UPPER + string.digits), rs(10, UPPER + string.digits), rs(24))


def stripe(prefix="sk_live_", n=24):
    return prefix + rs(n)


def google_key():
    return "AIza" + rs(35, B64URL)


def gitlab_pat():
    return "glpat-" + rs(20, B64URL)


def sendgrid():
    return "SG." + rs(22, B64URL) + "." + rs(43, B64URL)


def twilio_sk():
    return "SK" + rs(32, HEX)


def twilio_ac():
    return "AC" + rs(32, HEX)


def openai_key():
    return "sk-proj-" + rs(74, B64URL) + "T3BlbkFJ" + rs(74, B64URL)


def anthropic_key():
    return "sk-ant-api03-" + rs(93, B64URL) + "AA"


def hf_token():
    return "hf_" + rs(34, string.ascii_letters)


def pypi_token():
    return "pypi-AgEIcHlwaS5vcmcCJD" + rs(150, B64URL)


def jwt(payload, alg="HS256", sig_bytes=32, kid=None):
    hdr = {"alg": alg, "typ": "JWT"}
    if kid:
        hdr["kid"] = kid
    h = b64url(json.dumps(hdr, separators=(",", ":")).encode())
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    return h + "." + p + "." + b64url(rbytes(sig_bytes))


def azure_conn(account):
    key = base64.b64encode(rbytes(64)).decode()
    return ("DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s;"
            "EndpointSuffix=core.windows.net" % (account, key))


def azure_sas(perm="rl", exp="2026-03-31T18:00:00Z"):
    sig = base64.b64encode(rbytes(32)).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return "sv=2022-11-02&ss=b&srt=co&sp=%s&se=%s&st=2025-01-06T09:00:00Z&spr=https&sig=%s" % (
        perm, exp.replace(":", "%3A"), sig)


def pem_private(kind="RSA", nbytes=600, width=64):
    if kind == "OPENSSH":
        raw = b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none" + rbytes(nbytes)
        head = "-----BEGIN OPENSSH PRIVATE KEY-----"
        tail = "-----END OPENSSH PRIVATE KEY-----"
        width = 70
    else:
        lead = {"RSA": b"\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00",
                "EC": b"\x30\x77\x02\x01\x01\x04\x20",
                "": b"\x30\x82\x04\xbe\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00"}[kind]
        raw = lead + rbytes(nbytes)
        label = (kind + " PRIVATE KEY").strip()
        head = "-----BEGIN %s-----" % label
        tail = "-----END %s-----" % label
    b = base64.b64encode(raw).decode()
    lines = [b[i:i + width] for i in range(0, len(b), width)]
    return head + "\n" + "\n".join(lines) + "\n" + tail


def pem_public(kind="CERTIFICATE", nbytes=420):
    raw = b"\x30\x82\x03\x1d\x30\x82\x02\x05\xa0\x03\x02\x01\x02" + rbytes(nbytes)
    b = base64.b64encode(raw).decode()
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (kind, "\n".join(lines), kind)


def ssh_pub(comment):
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(43, B64) + " " + comment


def bcrypt_hash(cost=12):
    a = "./" + string.ascii_uppercase + string.ascii_lowercase + string.digits
    return "$2b$%02d$%s" % (cost, rs(53, a))


def sha512crypt():
    a = "./" + string.digits + string.ascii_letters
    return "$6$%s$%s" % (rs(16, a), rs(86, a))


def argon2id():
    return "$argon2id$v=19$m=65536,t=3,p=4$%s$%s" % (rs(22, B64[:-2] + "+/"), rs(43, B64[:-2] + "+/"))


def hexs(n):
    return rs(n, HEX)


def uuid4():
    h = hexs(32)
    h = h[:12] + "4" + h[13:16] + rng.choice("89ab") + h[17:]
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def npm_integrity():
    return "sha512-" + base64.b64encode(rbytes(64)).decode()


# ---------------------------------------------------------------- personal
def luhn_ok(num):
    ds = [int(c) for c in num if c.isdigit()]
    tot = 0
    for i, d in enumerate(reversed(ds)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def luhn_complete(prefix, length):
    while True:
        body = prefix + digits(length - len(prefix) - 1)
        for c in "0123456789":
            if luhn_ok(body + c):
                cand = body + c
                break
        if cand not in ("4111111111111111", "5555555555554444", "4242424242424242"):
            return cand


def card(brand="visa", sep=" "):
    if brand == "visa":
        n = luhn_complete("4" + rng.choice(["970", "975", "535", "987", "556"]), 16)
    elif brand == "mc":
        n = luhn_complete(rng.choice(["51", "52", "53", "54", "55", "2221", "2720"])[:4], 16)
    elif brand == "amex":
        n = luhn_complete(rng.choice(["34", "37"]), 15)
        return n if not sep else n[:4] + sep + n[4:10] + sep + n[10:]
    elif brand == "cb":
        n = luhn_complete("4974", 16)
    else:
        n = luhn_complete("6011", 16)
    return n if not sep else sep.join(n[i:i + 4] for i in range(0, 16, 4))


def iban_check(country, bban):
    conv = "".join(str(int(c, 36)) for c in bban + country) + "00"
    return "%02d" % (98 - int(conv) % 97)


def iban_valid(s):
    s = s.replace(" ", "")
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


IBAN_LEN = {"FR": 27, "DE": 22, "BE": 16, "ES": 24, "NL": 18, "GB": 22, "CH": 21, "LU": 20, "PT": 25, "IT": 27}


def rib_key(bank, guichet, account):
    return "%02d" % (97 - (89 * int(bank) + 15 * int(guichet) + 3 * int(account)) % 97)


def es_dc(s, weights=(1, 2, 4, 8, 5, 10, 9, 7, 3, 6)):
    s = s.rjust(10, "0")
    v = 11 - sum(int(c) * w for c, w in zip(s, weights)) % 11
    return {10: 1, 11: 0}.get(v, v)


def it_cin(abi, cab, acct):
    odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
    s = abi + cab + acct
    tot = 0
    for i, c in enumerate(s):
        v = int(c, 36) - 10 if c.isalpha() else int(c)
        tot += odd[v] if i % 2 == 0 else v
    return UPPER[tot % 26]


def iban(country, grouped=True):
    if country == "FR":
        b, g, a = digits(5), digits(5), digits(11)
        bban = b + g + a + rib_key(b, g, a)
    elif country == "DE":
        bban = digits(18)
    elif country == "BE":
        x = str(rng.randrange(1, 10)) + digits(9)
        m = int(x) % 97 or 97
        bban = x + "%02d" % m
    elif country == "ES":
        e, o, c = digits(4), digits(4), digits(10)
        bban = e + o + "%d%d" % (es_dc("00" + e + o), es_dc(c)) + c
    elif country == "NL":
        bban = rng.choice(["ABNA", "INGB", "RABO", "TRIO"]) + digits(10)
    elif country == "GB":
        bban = rng.choice(["NWBK", "BARC", "LOYD", "MIDL"]) + digits(14)
    elif country == "CH":
        bban = digits(17)
    elif country == "LU":
        bban = digits(3) + digits(13)
    elif country == "PT":
        bban = digits(21)
    elif country == "IT":
        abi, cab, acct = digits(5), digits(5), digits(12)
        bban = it_cin(abi, cab, acct) + abi + cab + acct
    s = country + iban_check(country, bban) + bban
    assert len(s) == IBAN_LEN[country] and iban_valid(s), s
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if grouped else s


def nir(sex, yy, mm, dept, spaced=True):
    commune = "%03d" % rng.randrange(1, 990)
    order = "%03d" % rng.randrange(1, 999)
    base = "%d%02d%02d%s%s%s" % (sex, yy, mm, dept, commune, order)
    key = "%02d" % (97 - int(base) % 97)
    if spaced:
        return "%s %s %s %s %s %s %s" % (base[0], base[1:3], base[3:5], base[5:7], base[7:10], base[10:13], key)
    return base + key


def nir_valid(s):
    s = s.replace(" ", "")
    return len(s) == 15 and (97 - int(s[:13]) % 97) == int(s[13:])


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni():
    n = rng.randrange(10000000, 79999999)
    return "%08d%s" % (n, DNI_LETTERS[n % 23])


def nie():
    p = rng.choice("XYZ")
    n = digits(7)
    return p + n + DNI_LETTERS[int(str("XYZ".index(p)) + n) % 23]


def dni_valid(s):
    s = s.replace("-", "").replace(" ", "")
    num = s[:-1]
    if num[0] in "XYZ":
        num = str("XYZ".index(num[0])) + num[1:]
    return DNI_LETTERS[int(num) % 23] == s[-1]


CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21] +
                  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))
CF_EVEN = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", list(range(10)) + list(range(26))))


def _cf_part(word, is_name):
    w = "".join(c for c in word.upper() if c.isalpha())
    cons = [c for c in w if c not in "AEIOU"]
    vows = [c for c in w if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        return cons[0] + cons[2] + cons[3]
    return ("".join(cons + vows) + "XXX")[:3]


def cf_check(s15):
    tot = sum(CF_ODD[c] if i % 2 == 0 else CF_EVEN[c] for i, c in enumerate(s15))
    return UPPER[tot % 26]


def codice_fiscale(surname, name, yyyy, month, day, female, comune):
    s = _cf_part(surname, False) + _cf_part(name, True) + "%02d" % (yyyy % 100)
    s += "ABCDEHLMPRST"[month - 1] + "%02d" % (day + (40 if female else 0)) + comune
    return s + cf_check(s)


def nino():
    bad1, bad2 = set("DFIQUV"), set("DFIOQUV")
    while True:
        a, b = rng.choice(UPPER), rng.choice(UPPER)
        if a in bad1 or b in bad2 or a + b in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            continue
        return "%s%s %s %s %s %s" % (a, b, digits(2), digits(2), digits(2), rng.choice("ABCD"))


def ssn():
    while True:
        area = rng.randrange(1, 900)
        if area == 666:
            continue
        g, s = rng.randrange(1, 100), rng.randrange(1, 10000)
        v = "%03d-%02d-%04d" % (area, g, s)
        if v not in ("078-05-1120", "123-45-6789", "219-09-9999"):
            return v


def mrz_cd(s):
    w = [7, 3, 1]
    tot = 0
    for i, c in enumerate(s):
        v = 0 if c == "<" else (int(c) if c.isdigit() else ord(c) - 55)
        tot += v * w[i % 3]
    return str(tot % 10)


def mrz_td3(state, surname, given, number, nat, dob, sex, expiry, personal=""):
    l1 = ("P<" + state + surname.upper().replace(" ", "<") + "<<" + given.upper().replace(" ", "<")).ljust(44, "<")[:44]
    num = number.ljust(9, "<")
    pers = personal.ljust(14, "<")
    pcd = mrz_cd(pers) if personal else "<"
    l2 = num + mrz_cd(num) + nat + dob + mrz_cd(dob) + sex + expiry + mrz_cd(expiry) + pers + pcd
    comp = l2[0:10] + l2[13:20] + l2[21:43]
    l2 += mrz_cd(comp)
    assert len(l1) == 44 and len(l2) == 44
    return l1, l2


def mrz_td3_valid(l2):
    comp = l2[0:10] + l2[13:20] + l2[21:43]
    return (mrz_cd(l2[0:9]) == l2[9] and mrz_cd(l2[13:19]) == l2[19] and mrz_cd(l2[21:27]) == l2[27]
            and mrz_cd(comp) == l2[43])


def fr_mobile(intl=False):
    d = rng.choice("67") + digits(8)
    if d[1:3] == "39":
        d = d[0] + "4" + d[2:]
    if intl:
        return "+33 %s %s %s %s %s" % (d[0], d[1:3], d[3:5], d[5:7], d[7:9])
    return "0%s %s %s %s %s" % (d[0], d[1:3], d[3:5], d[5:7], d[7:9])


def luhn_fp(spaced=True):
    """A 40-hex-digit OpenPGP-style fingerprint whose first 16 characters are digits passing Luhn."""
    first = luhn_complete(rng.choice("3456"), 16)
    rest = "".join(rng.choice("0123456789ABCDEF") for _ in range(24))
    h = first + rest
    if not spaced:
        return h
    g = [h[i:i + 4] for i in range(0, 40, 4)]
    return " ".join(g[:5]) + "  " + " ".join(g[5:])


# ---------------------------------------------------------------- case builder
class L:
    """A labelled span."""

    def __init__(self, value, cat, also=None, optional=False, sev=None):
        assert cat in CATS, cat
        self.value, self.cat, self.also, self.optional, self.sev = value, cat, also, optional, sev


class N:
    """A hard negative span."""

    def __init__(self, value, kind):
        self.value, self.kind = value, kind


def u16(s):
    return len(s.encode("utf-16-le")) // 2


def u16slice(text, a, b):
    return text.encode("utf-16-le")[2 * a:2 * b].decode("utf-16-le")


CASES = []
INTENDED = {}
BATCHES = []


def case(carrier, lang, *parts, reporter_email=None):
    text = ""
    labels, negs = [], []
    for p in parts:
        if isinstance(p, str):
            text += p
            continue
        start = u16(text)
        text += p.value
        end = u16(text)
        if isinstance(p, L):
            sev, grp = CATS[p.cat]
            d = {"start": start, "end": end, "category": p.cat, "severity": p.sev or sev, "group": grp}
            if p.also:
                d["also"] = list(p.also)
            if p.optional:
                d["optional"] = True
            labels.append(d)
        else:
            negs.append({"start": start, "end": end, "kind": p.kind})
    obj = {"id": "b15a-%03d" % (len(CASES) + 1), "carrier": carrier, "language": lang,
           "text": text, "labels": labels, "negatives": negs}
    INTENDED[obj["id"]] = ([p.value for p in parts if isinstance(p, L)],
                           [p.value for p in parts if isinstance(p, N)])
    if reporter_email:
        obj["reporter_email"] = reporter_email
    CASES.append(obj)
    return obj


# short helpers for labels
def pw(v, **k):
    return L(v, "password_assignment", **k)


def ip(v):
    return L(v, "private_ip")


def host(v):
    return L(v, "internal_hostname")


def em(v, **k):
    return L(v, "email_address", **k)


def ph(v, **k):
    return L(v, "phone_number", **k)


def addr(v, **k):
    return L(v, "postal_address", **k)


def dob(v, **k):
    return L(v, "date_of_birth", **k)



# ================================================================ prose_en
def batch_prose_en():
    # 1 credential with no keyword beside it
    case("prose_en", "en",
         "Summary: the maintenance portal of the NexaGate 4100 accepts the factory account on every unit I tested. "
         "I logged in as ", N("app_rw", "username"), " with ", pw("Autumn!7-Kestrel"),
         " (it is printed in the vendor's install notes, which are public) and reached the firmware upload page. "
         "Tested on build ", N("4.12.3-rc2", "version"), ", CVSS ",
         N("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "cvss_vector"), ".")

    # 2 third-party health data and address in narrative prose
    a = "27 Larkspur Crescent, Harrogate HG2 7QJ"
    case("prose_en", "en",
         "While confirming the IDOR I opened exactly one record other than my own test patient, to be sure the "
         "identifier was not scoped. It belonged to a Mr Desmond Oyelaran, living at ", addr(a),
         ", whose referral note read \u201c", L("suspected early-onset Parkinson's disease, started on co-careldopa 62.5 mg", "health_data"),
         "\u201d. I closed the tab immediately and have not kept a copy. The request id of that call was ",
         N("req_01HV6X9B8Q3T5M2K7R4N0P1Z", "request_id"), ". \u2014 Hedda Varga (",
         N("h.varga@protonmail.com", "reporter_email"), ")",
         reporter_email="h.varga@protonmail.com")

    # 3 shared secret, no keyword, plus AWS pair in a footnote
    kid, sec = aws_key_id(), aws_secret()
    case("prose_en", "en",
         "The bucket policy was never the problem; the mobile app ships its own IAM user. Decompiling "
         "classes3.dex gives the pair in a static initialiser.[1] The shared secret we agreed on with the "
         "integrator for the webhook signatures is ", pw("tangerine-orbit-5521"),
         ", according to a comment two lines below, so that is exposed too.\n\n"
         "[1] ", L(kid, "aws_access_key_id"), " / ", L(sec, "aws_secret_key"),
         " \u2014 still valid on ", N("2025-02-11", "date"), " at ", N("14:02 UTC", "timestamp"), ".")

    # 4 root shell via typed password in backticks
    case("prose_en", "en",
         "Step 4: on the serial console (115200 8N1) the bootloader drops to a login prompt. I typed `",
         pw("Sup3rv1s0r#2019"), "` and got a root shell; the same string unlocks the web UI. "
         "The console banner shows U-Boot ", N("2019.07", "version"), " and the board id ",
         N("0x00C0FFEE", "hex_id"), ".")

    # 5 salary and disciplinary of named employee (HR export on a misconfigured share)
    case("prose_en", "en",
         "Impact: the share \\\\", host("hr-files02.corp.vireon.local"), "\\exports is readable by any domain user. "
         "As proof I list one line only: the spreadsheet shows that Priyanka Ashworth-Kaur earns ",
         L("GBP 71,450 gross per year", "employment_data"), " and received a ",
         L("final written warning on 3 March for repeated absence", "employment_data"),
         ". I did not open the other 212 rows. Listing made from ", ip("10.41.7.19"), ".")

    # 6 flight of a named traveller
    case("prose_en", "en",
         "The booking API leaks other passengers' itineraries when the last name is left empty. The first "
         "result I got back was Mr Tobias Rendell-Achebe on ", L("BA0304 LHR\u2192CDG, 14 June, seat 23C", "travel_record"),
         ", booking reference ", L("QX7M2P", "travel_record"), ", e-ticket ",
         L("125-2417738854", "travel_record"), ". My own booking used for the test was ", N("order 88341-B", "order_id"),
         " (my own data).")

    # 7 documentation values only -> info labels
    case("prose_en", "en",
         "To reproduce, configure the client with the placeholder credentials from the AWS docs (",
         L("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id", sev="info"),
         ") and any card such as ", L("4111 1111 1111 1111", "payment_card", sev="info"),
         "; the contact field accepts ", L("jane.doe@example.com", "email_address", sev="info"),
         " and the phone ", L("(212) 555-0147", "phone_number", sev="info"),
         ". No real data is needed to trigger the overflow in the ", N("libphonenumber", "library"), " wrapper.")

    # 8 password hash of a third party and SSN in a ticket-like paragraph
    h = bcrypt_hash(10)
    s = ssn()
    case("prose_en", "en",
         "ticket #", N("48213", "ticket_id"), " - the /debug/users endpoint dumps rows like: user=marcus.tillery hash=", L(h, "password_hash"),
         " ssn=", L(s, "national_id"), " dob=", dob("1979-11-02"),
         " \u2014 i only requested id 2 and stopped there. endpoint is on ", N("203.0.113.40", "documentation_ip"), " (public, theirs).")

    # 9 GitHub token in a URL query string, bearer in sentence
    t = gh_token()
    case("prose_en", "en",
         "The CI log is public. Around line 880 the runner echoes the clone URL: https://github.com/orion-fleet/telemetry.git?access_token=",
         L(t, "github_token"), " \u2014 the token has repo scope (checked with a single HEAD request, nothing else). Commit ",
         N("9f2c41d7be0a83c5d61e4a0f27b913e5c8d0a6f1", "git_sha"), ".")

    # 10 clean: look-alikes everywhere
    case("prose_en", "en",
         "Hi team, this is the follow-up on case ", N("PSIRT-2025-0117", "case_id"),
         ". The patched firmware ", N("v5.3.0", "version"), " (sha256 ",
         N(hexs(64), "sha256"), ") fixes the issue on my bench. The session id format is now a v4 UUID (",
         N(uuid4(), "uuid"), ") rather than a counter. Please encrypt replies to my key, fingerprint ",
         N("7A1C 33E9 0B54 D2F8 6C11  4E90 A2B7 15D3 9C08 E461", "pgp_fingerprint"),
         ". You can reach me at ", N("+44 7911 284 630", "reporter_phone"), " for this report. Thanks, Ros Ebdon <",
         N("ros.ebdon@fastmail.com", "reporter_email"), ">",
         reporter_email="ros.ebdon@fastmail.com")

    # 11 clean: redacted report
    case("prose_en", "en",
         "I have redacted everything I captured. The login request carried password=", N("********", "redacted"),
         " and the response set ", N("Authorization: Bearer [REDACTED]", "redacted"),
         ". The API key in the JavaScript bundle is shown here as ", N("<API_KEY>", "placeholder"),
         "; Thales can see the real value at ", N("https://portal.example-vendor.com/static/main.3f9a.js", "public_url"),
         ". The minimum password length is ", N("password_min_length: 8", "setting"), ", which is low but not the finding.")

    # 12 clean: public contact points, CVSS, dates
    case("prose_en", "en",
         "Timeline: found ", N("2024-12-02", "date"), ", first mail to ", N("psirt@thalesgroup.com", "psirt_address"),
         " on ", N("2024-12-04", "date"), ", no answer, so I am cc'ing ", N("cna-coordinator@thalesgroup.com", "psirt_address"),
         " as the policy suggests. The product's support desk (", N("support@nexagate-devices.com", "company_contact"),
         ", switchboard ", N("+33 1 57 77 80 00", "company_phone"), ") told me to use this channel. Proposed disclosure: ",
         N("2025-03-15", "date"), ". Score ", N("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N", "cvss_vector"), ".")

    # 13 clean: fingerprint that passes Luhn, ISBN, amounts
    fp = luhn_fp()
    case("prose_en", "en",
         "Note on the signing key: the release page lists the fingerprint ", N(fp, "pgp_fingerprint"),
         " \u2014 its first sixteen digits look like a card number to some tools, please don't redact it. "
         "The vulnerable parser is the one described in the book (ISBN ", N("978-2-7460-9912-4", "isbn"),
         ") and the vendor's bounty caps at ", N("EUR 4,000", "amount"), ". Object OID ", N("1.3.6.1.4.1.34617.2.1", "oid"), ".")

    # 14 clean with infrastructure info only as negatives
    case("prose_en", "en",
         "Environment: the lab network is flat. The appliance sits at ", N("192.168.56.12", "infrastructure_info"),
         ", the jump host is ", N("bastion-lab.int.example-corp.net", "infrastructure_info"),
         " and DNS resolves ", N("ldap01.corp.local", "infrastructure_info"),
         ". None of this is customer data; it is my own test lab. The exploit works against the default image ",
         N("sha256:" + hexs(64), "image_digest"), ".")

BATCHES.append(batch_prose_en)


def siret():
    siren = luhn_complete(rng.choice("3456789"), 9)
    while True:
        nic = digits(5)
        if luhn_ok(siren + nic):
            return "%s %s %s %s" % (siren[:3], siren[3:6], siren[6:], nic)


def tva_fr(siren):
    s = siren.replace(" ", "")
    return "FR%02d%s" % ((12 + 3 * (int(s) % 97)) % 97, s)


def num_fiscal():
    d = rng.choice("0123") + digits(12)
    return "%s %s %s %s %s" % (d[:2], d[2:4], d[4:7], d[7:10], d[10:])


# ================================================================ prose_fr
def batch_prose_fr():
    # 1 phrase de passe sans mot-clé
    case("prose_fr", "fr",
         "Lors de l'analyse de la sauvegarde exposée (fichier ", N("backup_2024-11-30.tar.zst", "filename"),
         "), j'ai trouvé un conteneur chiffré. Le README à côté indique qu'il se déverrouille avec la phrase \u00ab ",
         pw("la mouette rousse danse à Brest"), " \u00bb ; je n'ai pas tenté de l'ouvrir. La date de création du conteneur est le ",
         N("30/11/2024", "date"), ".")

    # 2 code PIN
    case("prose_fr", "fr",
         "Le boîtier d'accès du local technique (modèle ", N("KP-220", "model"), ") n'a jamais été reconfiguré : le code est ",
         pw("1815"), ", il est même écrit au feutre sur le chambranle. Je l'ai constaté lors de la visite autorisée du ",
         N("12 février", "date"), ", sans entrer dans le local.")

    # 3 NIR + salaire d'un salarié
    n = nir(2, 86, 4, "69")
    case("prose_fr", "fr",
         "Impact : le fichier de paie est accessible sans authentification. Pour la preuve, une seule ligne : "
         "Mme Solène Barthomeuf, numéro de sécurité sociale ", L(n, "national_id"), ", ",
         L("salaire brut mensuel 3 912,40 \u20ac", "employment_data"), ". Le fichier contient environ ",
         N("1 400", "count"), " lignes du même type ; je ne les ai pas parcourues.")

    # 4 arrêt de travail
    case("prose_fr", "fr",
         "En modifiant le paramètre `docId` de ", N("58120", "id"), " à ", N("58121", "id"),
         " on obtient l'arrêt de travail d'un autre agent, M. Yannick Le Goff : ",
         L("arrêt maladie du 3 au 17 mars, lombosciatique droite, sorties autorisées", "health_data"),
         ". Médecin prescripteur : Dr A. Fournel. J'ai supprimé la capture de mon poste.")

    # 5 avis d'imposition
    nf = num_fiscal()
    case("prose_fr", "fr",
         "Le coffre-fort numérique renvoie les pièces d'autres usagers. Exemple reçu à la place du mien : avis d'imposition de "
         "M. et Mme Duchâtel-Morin, numéro fiscal ", L(nf, "tax_record"), ", ",
         L("impôt sur le revenu net : 4 268 \u20ac", "tax_record"), ", revenu fiscal de référence ",
         L("61 530 \u20ac", "tax_record"), ". Référence de l'avis : ", N("24 69 A123456 78", "reference", ), ".")

    # 6 IBAN + adresse dans un ticket
    ib = iban("FR")
    case("prose_fr", "fr",
         "ticket support #", N("771-2093", "ticket_id"), " \u2014 la page « mes prélèvements » affiche le mandat SEPA d'un autre client si on rejoue la requête : "
         "titulaire Gaëtan Rousselot-Viard, ", addr("8 impasse des Glycines, 44300 Nantes"), ", IBAN ", L(ib, "iban"),
         ". BIC ", N("CCBPFRPPNAN", "bic"), " (public, celui de la banque). RUM ", N("SEPA-MND-00093318", "mandate_ref"), ".")

    # 7 passeport + date de naissance d'un tiers
    case("prose_fr", "fr",
         "Dans le bucket, les scans de passeports des voyageurs sont nommés d'après leur numéro. Le premier fichier listé est ",
         L("19CV48215", "identity_document"), ".jpg ; d'après le nom du fichier suivant (metadata), il s'agit de Mme Inès Haddad-Berthier, née le ",
         dob("14/08/1991"), ". Je n'ai téléchargé aucun fichier.")

    # 8 clé Stripe en note de bas de page
    sk = stripe("sk_live_", 99)
    case("prose_fr", "fr",
         "Le module de paiement du site vitrine embarque la clé secrète côté client (voir note\u00b9). "
         "La clé publique ", N(stripe("pk_live_", 99), "publishable_key"), " est normale, c'est l'autre qui pose problème.\n\n"
         "\u00b9 trouvée dans app.min.js, ligne 1, colonne 48211 : ", L(sk, "stripe_key"))

    # 9 français traduit / fautes de frappe
    case("prose_fr", "fr",
         "bonjour, je suis pas tres bon en francais desolé. le routeur a un compte cacher \"support\", le mot de passe par defaut c'est ",
         pw("Spt_2k19!x"), " et sa marche sur tout les firmware jusqu'a ", N("3.4.1", "version"), ". mon email pour repondre: ",
         N("kwame.asante.sec@gmail.com", "reporter_email"), " merci",
         reporter_email="kwame.asante.sec@gmail.com")

    # 10 chaîne de connexion en prose
    cs = "postgresql://reporting:" + "Vq8#nL2zR!pe" + "@" + "pg-prod-03.interne.sodimel.fr" + ":5432/compta"
    case("prose_fr", "fr",
         "La variable d'environnement est affichée sur la page d'erreur Django (DEBUG=True) : la chaîne ",
         L(cs, "connection_string", also=["url_credentials"]),
         " donne accès à la base comptable. La page d'erreur indique aussi l'adresse interne ", ip("172.20.3.14"), ".")

    # 11 clean : signature du rapporteur, SIRET, TVA
    sr = siret()
    case("prose_fr", "fr",
         "Bonjour, vous trouverez ci-joint le rapport concernant la passerelle ", N("SGW-500", "model"),
         ". Je reste disponible pour un échange.\n\nCordialement,\nLéa Marchetti\nAuditrice sécurité \u2014 Cabinet Ardoise Conseil\n",
         N("12 rue Paul Bert, 69003 Lyon", "reporter_address"), "\nTél. ", N("06 71 48 22 95", "reporter_phone"), "\n",
         N("lea.marchetti@ardoise-conseil.fr", "reporter_email"), "\nSIRET ", N(sr, "siret"), " \u2014 TVA ", N(tva_fr(sr[:11]), "vat_number"),
         reporter_email="lea.marchetti@ardoise-conseil.fr")

    # 12 clean : caviardage
    case("prose_fr", "fr",
         "J'ai masqué les valeurs sensibles : le jeton apparaît comme ", N("[caviardé]", "redacted"), " et le mot de passe comme ",
         N("xxxxxxxx", "redacted"), ". Dans la requête rejouée, l'en-tête devient ", N("Authorization: Basic ****", "redacted"),
         ". Remplacez ", N("<VOTRE_JETON>", "placeholder"), " par un jeton de test de votre environnement.")

    # 13 clean : dates, montants, contacts publics
    case("prose_fr", "fr",
         "Chronologie : découverte le ", N("4 janvier 2025", "date"), ", premier contact au standard (", N("01 57 77 80 00", "company_phone"),
         ") le ", N("6 janvier", "date"), ", puis envoi à ", N("psirt@thalesgroup.com", "psirt_address"),
         ". Le contrat de maintenance s'élève à ", N("18 450,00 \u20ac HT", "amount"), " ; commande n° ", N("CMD-2024-118734", "order_id"),
         ". Date de divulgation proposée : ", N("1er avril 2025", "date"), ".")

    # 14 clean : réglages de politique et empreintes
    case("prose_fr", "fr",
         "La politique de mots de passe est faible : ", N("longueur minimale 6", "setting"), ", pas de verrouillage après ",
         N("5 essais", "setting"), ". Le certificat du serveur a pour empreinte SHA-1 ", N(":".join(hexs(2).upper() for _ in range(20)), "cert_fingerprint"),
         " et le numéro de série ", N(hexs(16), "serial"), ". Rien de confidentiel n'est joint.")

    # 15 clean : infrastructure seulement
    case("prose_fr", "fr",
         "Contexte technique : la maquette de test tourne sur ", N("10.0.12.5", "infrastructure_info"), " et ", N("10.0.12.6", "infrastructure_info"),
         " (réseau de mon laboratoire), le serveur de noms interne est ", N("ns1.labo.lan", "infrastructure_info"),
         ". La cible publique est ", N("www.thalesgroup.com", "public_host"), " uniquement pour la vérification du bandeau HTTP.")

    # 16 clean : fausses alertes chiffrées (UUID, hash, version, n° de dossier)
    case("prose_fr", "fr",
         "Référence de l'incident côté éditeur : ", N(uuid4(), "uuid"), ". Le binaire vulnérable a pour MD5 ", N(hexs(32), "md5"),
         " (version ", N("2.18.0-build.4471", "version"), "). Le numéro de dossier CNIL mentionné dans leurs CGU est ",
         N("2219847", "reference"), ". Tout est public.")

BATCHES.append(batch_prose_fr)


# ================================================================ chat
def batch_chat():
    # 1 WhatsApp fr, PSK wifi, emoji
    case("chat", "fr",
         "[12/02/2025 09:14:03] Julien Ferrant: tu peux te connecter au wifi de l'atelier ? \U0001F605\n"
         "[12/02/2025 09:14:40] Nadia B.: c'est lequel le mot de passe déjà\n"
         "[12/02/2025 09:15:02] Julien Ferrant: ", pw("Atelier-Ouest_2025!"), " \U0001F449 réseau ", N("ATELIER-5G", "ssid"), "\n"
         "[12/02/2025 09:15:10] Nadia B.: merci \U0001F64F\U0001F3FD")

    # 2 Slack en, bot token pasted
    tok = slack_bot()
    case("chat", "en",
         "#deploy-alerts \u2014 exported 2025-01-21\n"
         "10:02 AM  dmitri.k  :rotating_light: bot stopped posting, anyone touched the app?\n"
         "10:05 AM  sofia.r  I re-installed it, new token is ", L(tok, "slack_token"), " \u2014 put it in the vault pls \U0001F64F\n"
         "10:05 AM  dmitri.k  :+1: (1)\n"
         "10:07 AM  sofia.r  old one was ", N("xoxb-REDACTED", "redacted"), " anyway")

    # 3 IRC en, root password no keyword
    case("chat", "en",
         "[22:41] <vhs_> staging box still up?\n"
         "[22:41] <lorne> yep, ", host("stg-app-07.ops.kalveer.internal"), "\n"
         "[22:42] <vhs_> creds?\n"
         "[22:42] <lorne> root / ", pw("c0ld-brew-42"), "  don't tell Mags\n"
         "[22:43] <vhs_> lol ok\n"
         "[22:43] * lorne has quit (Quit: ", N("ZNC 1.8.2", "version"), ")")

    # 4 Teams fr, coordonnées client tiers
    case("chat", "fr",
         "Camille Dorval  14:32\nPeux-tu rappeler la cliente qui s'est plainte ? Mme Odile Franceschi, ",
         ph("06 84 17 30 52"), " ou ", em("odile.franceschi@orange.fr"), "\n"
         "Camille Dorval  14:33\nElle habite ", addr("3 chemin du Moulin Vieux, 13490 Jouques"), ", la livraison est partie ailleurs \U0001F926\u200D\u2640\uFE0F\n"
         "Hugo Servant  14:40\nok je m'en occupe \U0001F44D")

    # 5 Discord en, JWT after emoji
    j = jwt({"sub": "4471", "name": "Ilse Varnhagen", "role": "admin", "iat": 1736950000, "exp": 1737036400})
    case("chat", "en",
         "modbot-dev \u00b7 Today at 3:17 PM\n\U0001F511\U0001F511 for the admin panel if you want to test: ",
         L(j, "jwt"), "\n"
         "rinko \u00b7 Today at 3:18 PM\nthx, expires tomorrow right? \U0001F914\n"
         "modbot-dev \u00b7 Today at 3:18 PM\nyeah 24h")

    # 6 WhatsApp fr, code porte + numéro tiers
    case("chat", "fr",
         "15/03/2025, 18:02 - Maman: Le livreur arrive demain pour Mamie Renée, code de l'immeuble ", pw("4B27A"),
         " \U0001F3E0\n15/03/2025, 18:03 - Maman: son numéro si besoin ", ph("07 62 11 95 08"), "\n"
         "15/03/2025, 18:05 - Théo: ok \U0001F44C")

    # 7 Mattermost fr, glpat
    gl = gitlab_pat()
    case("chat", "fr",
         "~infra-ci\n@mehdi.z : le runner n'arrive plus à cloner, j'ai regénéré un token projet\n"
         "@mehdi.z : `", L(gl, "gitlab_token"), "` (scope read_repository)\n"
         "@anne-so : tu aurais pu le mettre dans les variables CI plutôt que dans le canal \U0001F62C\n"
         "@mehdi.z : oui je le révoque demain")

    # 8 Slack fr, webhook
    wh = slack_webhook()
    case("chat", "fr",
         "Bastien Lhermitte  11:20\npour les alertes Grafana j'ai créé l'intégration, l'URL c'est\n",
         L(wh, "slack_webhook"), "\nBastien Lhermitte  11:21\n(à ne pas partager hors équipe évidemment \U0001F648)")

    # 9 IRC en, AI API key
    k = openai_key()
    case("chat", "en",
         "<tessa> the summariser keeps 401ing\n<tessa> export OPENAI_API_KEY=", L(k, "ai_api_key"),
         "\n<tessa> ^ that's the one from the team account\n<bram> tessa you just pasted it in a logged channel\n<tessa> ...\n<tessa> rotating")

    # 10 Teams en, personal flight of colleague + passport number
    case("chat", "en",
         "Rachel Oduya 09:12\nBooked Henrik for Oslo: ", L("SK1463 on 9 May, seat 14A", "travel_record"), ", PNR ", L("K4TQ9V", "travel_record"),
         "\nRachel Oduya 09:13\nI used his passport ", L("PA7731204", "identity_document"), " from the HR file, tell him to check the expiry \u2708\uFE0F\n"
         "Lukas Brandt 09:20\nthanks!")

    # 11 clean chat fr with emoji, placeholder
    case("chat", "fr",
         "Sarah 10:01 : pour le test d'intégration mets ", N("API_KEY=<à_remplir>", "placeholder"), " dans ton .env \U0001F609\n"
         "Yanis 10:02 : et le mot de passe de la base de test ?\n"
         "Sarah 10:02 : il est dans le coffre, je ne le colle pas ici \U0001F510\n"
         "Yanis 10:03 : ok, le build ", N("#4821", "build_id"), " est vert \u2705 commit ", N("3b7e0a9", "git_sha"))

    # 12 clean chat en, public IPs and versions
    case("chat", "en",
         "[09:03] <noor> scanner hit ", N("198.51.100.23", "documentation_ip"), " again\n"
         "[09:04] <kai> that's the public one, fine. ", N("8.8.8.8", "public_ip"), " is just DNS\n"
         "[09:05] <noor> and the cert expires ", N("2025-06-30T23:59:59Z", "timestamp"), " \U0001F4C5\n"
         "[09:05] <kai> openssl ", N("3.0.13", "version"), " on it, all good")

    # 13 clean chat fr, redacted secrets
    case("chat", "fr",
         "Inès 16:40 : j'ai mis le rapport au propre, le mot de passe est remplacé par ", N("********", "redacted"), "\n"
         "Inès 16:41 : et le jeton GitHub par ", N("ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "placeholder"), " \U0001F44C\n"
         "Paul 16:45 : nickel, envoie à la PSIRT. Mon numéro pour eux : ", N("06 12 90 33 71", "reporter_phone"))

    # 14 clean chat en, hashes and uuids
    case("chat", "en",
         "Aiko 2:14 PM: release artifact checksum ", N(hexs(64), "sha256"), "\n"
         "Aiko 2:14 PM: package-lock integrity ", N(npm_integrity(), "npm_integrity"), "\n"
         "Femi 2:16 PM: matches \u2714\uFE0F trace id ", N(uuid4(), "uuid"))

    # 15 clean chat fr, infra only
    case("chat", "fr",
         "Ludo 08:55 : la VM de test répond sur ", N("192.168.122.40", "infrastructure_info"), " \U0001F60E\n"
         "Ludo 08:56 : et le proxy c'est ", N("proxy.dev.lan:3128", "infrastructure_info"), "\n"
         "Mina 08:58 : merci, je relance le scan")

BATCHES.append(batch_chat)


# ================================================================ config_file
def batch_config_file():
    # 1 wpa_supplicant
    case("config_file", "fr",
         "# /etc/wpa_supplicant/wpa_supplicant-wlan0.conf (extrait de l'image firmware)\n"
         "ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev\nupdate_config=1\ncountry=FR\n\n"
         "network={\n    ssid=\"", N("ENTREPOT-IOT", "ssid"), "\"\n    psk=\"", pw("Quai7-Chariots-Rouges"), "\"\n"
         "    key_mgmt=WPA-PSK\n    priority=5\n}\n")

    # 2 .pgpass
    case("config_file", "en",
         "# ~/.pgpass found in /home/deploy of the backup image\n"
         "# hostname:port:database:username:password\n",
         host("db-billing-01.int.larchmont.io"), ":5432:billing:svc_billing:", pw("p1ne&Cone#88"), "\n",
         ip("10.8.0.21"), ":5432:*:postgres:", pw("Wint3r_is_here"), "\n"
         "*:*:*:readonly:", N("*", "wildcard"), "\n")

    # 3 sasl_passwd postfix
    case("config_file", "fr",
         "# /etc/postfix/sasl_passwd \u2014 relais sortant\n"
         "[smtp.relais-mail.fr]:587    ", em("notifications@mutuelle-azur.fr", optional=True), ":", pw("Rel@is-2024-Azur"), "\n"
         "# postmap hash:/etc/postfix/sasl_passwd après modification\n")

    # 4 sssd.conf
    case("config_file", "en",
         "[sssd]\nservices = nss, pam\ndomains = CORP\n\n[domain/CORP]\nid_provider = ldap\n"
         "ldap_uri = ldaps://", host("ldap-ro.corp.hollisgrove.net"), "\n"
         "ldap_search_base = dc=corp,dc=hollisgrove,dc=net\n"
         "ldap_default_bind_dn = cn=sssd-bind,ou=svc,dc=corp,dc=hollisgrove,dc=net\n"
         "ldap_default_authtok_type = password\nldap_default_authtok = ", pw("Bind!Only-Reads-9"), "\n"
         "ldap_tls_reqcert = demand\n")

    # 5 OpenVPN inline key
    pk = pem_private("", 330)
    case("config_file", "fr",
         "# profil client OpenVPN \u2014 poste nomade, généré le ", N("2024-09-18", "date"), "\nclient\ndev tun\nproto udp\n"
         "remote ", N("vpn.groupe-helio.fr", "public_host"), " 1194\nresolv-retry infinite\nnobind\n"
         "remote-cert-tls server\ncipher AES-256-GCM\n<ca>\n", N(pem_public("CERTIFICATE", 300), "certificate"), "\n</ca>\n<key>\n",
         L(pk, "private_key"), "\n</key>\n")

    # 6 NetworkManager 802-1x
    case("config_file", "fr",
         "[connection]\nid=Eduroam-Labo\nuuid=", N(uuid4(), "uuid"), "\ntype=wifi\n\n[wifi]\nssid=eduroam\n\n"
         "[802-1x]\neap=peap;\nidentity=", em("m.quintard@univ-exemple.fr"), "\nphase2-auth=mschapv2\npassword=", pw("Maelle.Q-1998*"),
         "\n\n[ipv4]\nmethod=auto\n")

    # 7 strongSwan ipsec.secrets
    case("config_file", "en",
         "# /etc/ipsec.secrets - site-to-site to the Leeds office\n"
         "203.0.113.9 198.51.100.77 : PSK \"", pw("oJ5w8Zq2-tunnel-Leeds-2023"), "\"\n"
         ": RSA ", N("/etc/ipsec.d/private/gw1.key", "path"), "\n")

    # 8 .netrc
    case("config_file", "fr",
         "# ~/.netrc de l'utilisateur jenkins (trouvé dans l'archive exposée)\n"
         "machine ", N("api.github.com", "public_host"), "\n  login jenkins-ci-bot\n  password ", L(gh_token(), "github_token", also=["password_assignment"]), "\n"
         "machine ", host("artefacts.interne.cobalys.fr"), "\n  login deploy\n  password ", pw("D3ploy_Cobalys!"), "\n")

    # 9 .my.cnf
    case("config_file", "fr",
         "# ~/.my.cnf \u2014 ne pas versionner\n[client]\nuser=sauvegarde\npassword=\"", pw("S@uv3g4rde#Nuit"), "\"\n"
         "host=", ip("192.168.10.30"), "\n\n[mysqldump]\nsingle-transaction\n")

    # 10 fstab cifs
    case("config_file", "fr",
         "# /etc/fstab\nUUID=", N(uuid4(), "uuid"), " /      ext4 errors=remount-ro 0 1\n"
         "//", host("nas-compta.local"), "/partage /mnt/compta cifs username=compta,password=", pw("Bilan2024!"),
         ",vers=3.0,uid=1000 0 0\n")

    # 11 rclone with S3 keys + obscured pass
    kid, sec = aws_key_id(), aws_secret()
    case("config_file", "en",
         "[offsite]\ntype = s3\nprovider = AWS\naccess_key_id = ", L(kid, "aws_access_key_id"), "\nsecret_access_key = ", L(sec, "aws_secret_key"),
         "\nregion = eu-west-3\n\n[nas]\ntype = sftp\nhost = ", ip("192.168.1.50"), "\nuser = backup\n"
         "pass = ", pw(rs(42, B64URL)), "\n")

    # 12 msmtprc
    case("config_file", "fr",
         "# ~/.msmtprc\ndefaults\nauth on\ntls on\ntls_trust_file /etc/ssl/certs/ca-certificates.crt\n\n"
         "account alertes\nhost ", N("smtp.gmail.com", "public_host"), "\nport 587\nfrom ", em("alertes.cabinet.vernet@gmail.com", optional=True), "\n"
         "user ", em("alertes.cabinet.vernet@gmail.com", optional=True), "\npassword ", pw("qzbm wkrt hyls opda"), "\n\naccount default : alertes\n")

    # 13 clean redis.conf
    case("config_file", "en",
         "# redis.conf (excerpt)\nbind ", N("127.0.0.1", "loopback"), " -::1\nprotected-mode yes\nport 6379\n"
         "# requirepass foobared\n", N("requirepass ${REDIS_PASSWORD}", "placeholder"), "\nmaxmemory 2gb\n"
         "maxmemory-policy allkeys-lru\n")

    # 14 clean pg_hba
    case("config_file", "fr",
         "# pg_hba.conf \u2014 aucune donnée secrète ici\n# TYPE  DATABASE  USER  ADDRESS  METHOD\n"
         "local   all       postgres            peer\n"
         "host    all       all   ", N("10.20.0.0/16", "infrastructure_info"), "   scram-sha-256\n"
         "host    replication replicator ", N("10.20.4.11/32", "infrastructure_info"), " scram-sha-256\n")

    # 15 clean smb.conf + fetchmailrc prompting
    case("config_file", "fr",
         "[global]\n   workgroup = ATELIER\n   server string = NAS %v\n   security = user\n"
         "   passdb backend = tdbsam\n   min password length = ", N("12", "setting"), "\n\n[public]\n   path = /srv/public\n   guest ok = yes\n\n"
         "# ~/.fetchmailrc\npoll ", N("imap.laposte.net", "public_host"), " proto IMAP user \"relevés\" there with password ",
         N("\"\"", "empty_value"), " is releves here  # mot de passe demandé à l'exécution\n")

BATCHES.append(batch_config_file)


# ================================================================ config_yaml
def batch_config_yaml():
    # 1 Spring datasource
    case("config_yaml", "fr",
         "# src/main/resources/application-prod.yml\nspring:\n  datasource:\n"
         "    # base de production, à déplacer dans le coffre\n"
         "    url: ", L("jdbc:postgresql://" + "pgsql-prod.sirocco.internal:5432/dossiers?user=dossiers_app&password=Sir0cc0-Pr0d-77", "connection_string"), "\n"
         "    username: dossiers_app\n    password: ", pw("Sir0cc0-Pr0d-77"), "\n  jpa:\n    open-in-view: false\n"
         "server:\n  port: 8443\n")

    # 2 GitHub Actions with hard-coded token
    t = gh_token()
    case("config_yaml", "en",
         "name: nightly-release\non:\n  schedule:\n    - cron: '17 2 * * *'\njobs:\n  publish:\n    runs-on: ubuntu-22.04\n"
         "    env:\n      GH_TOKEN: ", L(t, "github_token"), "   # TODO move to secrets\n"
         "      NPM_TOKEN: ", N("${{ secrets.NPM_TOKEN }}", "placeholder"), "\n    steps:\n"
         "      - uses: actions/checkout@", N("b4ffde65f46336ab88eb53be808477a3936bae11", "git_sha"), "\n"
         "      - run: gh release create v$(date +%Y%m%d) dist/*\n")

    # 3 Ansible become password
    case("config_yaml", "fr",
         "# group_vars/serveurs_paie.yml\n---\nansible_user: exploit\nansible_become: true\n"
         "ansible_become_password: ", pw("Exploit!Paie2024"), "\nntp_servers:\n  - ", ip("10.60.0.1"), "\n  - ", ip("10.60.0.2"), "\n"
         "paie_db_host: ", host("paie-db.prod.groupe-lancelin.lan"), "\n")

    # 4 Home Assistant secrets.yaml
    case("config_yaml", "fr",
         "# secrets.yaml (Home Assistant) \u2014 partagé par erreur dans le forum\n"
         "wifi_ssid: \"Livebox-7A2C\"\nwifi_password: \"", pw("fKq4xRt9Zz2mW7aLpE"), "\"\n"
         "netatmo_client_secret: ", pw(rs(32, ALNUM)), "\n"
         "alarme_code: \"", pw("2468"), "\"\n"
         "latitude_maison: 45.7640\nlongitude_maison: 4.8357\n")

    # 5 netplan
    case("config_yaml", "en",
         "# /etc/netplan/50-cloud-init.yaml\nnetwork:\n  version: 2\n  wifis:\n    wlan0:\n      dhcp4: true\n"
         "      access-points:\n        \"Warehouse-Scanners\":\n          password: \"", pw("scan-gun-7781-bay"), "\"\n")

    # 6 Alertmanager slack webhook
    wh = slack_webhook()
    case("config_yaml", "fr",
         "# alertmanager.yml\nglobal:\n  resolve_timeout: 5m\n  slack_api_url: '", L(wh, "slack_webhook"), "'\n"
         "route:\n  receiver: equipe-astreinte\n  group_by: ['alertname']\nreceivers:\n  - name: equipe-astreinte\n"
         "    slack_configs:\n      - channel: '#astreinte'\n        send_resolved: true\n")

    # 7 gitlab-ci with npm token
    nt = npm_token()
    case("config_yaml", "en",
         "stages: [build, publish]\nvariables:\n  NODE_VERSION: \"20\"\npublish:\n  stage: publish\n  script:\n"
         "    - echo \"//registry.npmjs.org/:_authToken=", L(nt, "npm_token"), "\" > .npmrc\n"
         "    - npm publish --access public\n  only:\n    - tags\n")

    # 8 sendgrid key in app config
    sg = sendgrid()
    case("config_yaml", "fr",
         "notifications:\n  fournisseur: sendgrid\n  expediteur: \"Mairie de Saint-Aubin <", N("ne-pas-repondre@saint-aubin-exemple.fr", "company_contact"), ">\"\n"
         "  cle_api: ", L(sg, "sendgrid_key"), "\n  modeles:\n    rappel_rdv: d-", N(hexs(32), "template_id"), "\n")

    # 9 fixture of users (personal data in yaml)
    d1 = "1962-03-28"
    case("config_yaml", "fr",
         "# tests/fixtures/adherents.yml \u2014 copie de données réelles (!)\n- id: 1042\n  nom: Pelletier-Nkemelu\n  prenom: Armelle\n"
         "  date_naissance: ", dob(d1), "\n  telephone: \"", ph("+33 6 47 29 81 06"), "\"\n"
         "  email: ", em("armelle.pn@free.fr"), "\n  adresse: \"", addr("41 avenue Jean Jaurès, 21000 Dijon"), "\"\n"
         "- id: 1043\n  nom: Test\n  prenom: Utilisateur\n  email: ", L("test.user@example.com", "email_address", sev="info"), "\n")

    # 10 Google API key + jwt secret
    gk = google_key()
    case("config_yaml", "en",
         "maps:\n  provider: google\n  api_key: ", L(gk, "google_api_key"), "\nauth:\n  jwt_secret: \"", pw(rs(48, B64URL)), "\"\n"
         "  token_ttl: 3600\n  password_min_length: 12\n")

    # 11 clean: helm-like yaml with secretKeyRef and placeholders
    case("config_yaml", "en",
         "database:\n  host: ", N("postgres.default.svc.cluster.local", "infrastructure_info"), "\n  user: app\n"
         "  password:\n    secretKeyRef:\n      name: app-db\n      key: password\n"
         "smtp:\n  password: ", N("\"${SMTP_PASSWORD}\"", "placeholder"), "\n"
         "sentry:\n  dsn: ", N("\"<SENTRY_DSN>\"", "placeholder"), "\n")

    # 12 clean fr: politique de sécurité
    case("config_yaml", "fr",
         "# politique-mdp.yml\npolitique:\n  ", N("password_min_length: 14", "setting"), "\n  password_history: 5\n"
         "  verrouillage_apres: 5\n  duree_session: 900\n  algorithme: argon2id\n  # aucun secret ici\n")

    # 13 clean fr: openapi example with example.com
    case("config_yaml", "fr",
         "openapi: 3.0.3\ninfo:\n  title: API Rendez-vous\n  version: ", N("1.4.2", "version"), "\n  contact:\n"
         "    email: ", N("api-support@rdv-exemple.fr", "company_contact"), "\ncomponents:\n  securitySchemes:\n"
         "    bearerAuth:\n      type: http\n      scheme: bearer\n      bearerFormat: JWT\n"
         "paths:\n  /rdv/{id}:\n    get:\n      parameters:\n        - name: id\n          example: ", N(uuid4(), "uuid"), "\n")

    # 14 clean en: dependabot / renovate with digests
    case("config_yaml", "en",
         "version: 2\nupdates:\n  - package-ecosystem: docker\n    directory: /\n    schedule:\n      interval: weekly\n"
         "# pinned base image\n# FROM python:3.11-slim@sha256:", N(hexs(64), "image_digest"), "\n")

    # 15 clean fr: vault references
    case("config_yaml", "fr",
         "secrets:\n  base_clients:\n    chemin: ", N("vault:secret/data/prod/clients#password", "vault_reference"), "\n"
         "  cle_paiement:\n    chemin: ", N("vault:secret/data/prod/paiement#api_key", "vault_reference"), "\n"
         "  commentaire: \"les valeurs ne sont jamais écrites ici, voir la procédure ", N("PROC-SEC-014", "reference"), "\"\n")

BATCHES.append(batch_config_yaml)


# ================================================================ config_json
def batch_config_json():
    # 1 GCP service account
    pk = pem_private("", 360).replace("\n", "\\n") + "\\n"
    case("config_json", "en",
         "{\n  \"type\": \"service_account\",\n  \"project_id\": \"fleet-telemetry-prod-2291\",\n"
         "  \"private_key_id\": \"", L(hexs(40), "gcp_service_account", optional=True), "\",\n"
         "  \"private_key\": \"", L(pk, "gcp_service_account", also=["private_key"]), "\",\n"
         "  \"client_email\": \"ingest-writer@fleet-telemetry-prod-2291.iam.gserviceaccount.com\",\n"
         "  \"client_id\": \"", N(digits(21), "client_id"), "\",\n"
         "  \"auth_uri\": \"https://accounts.google.com/o/oauth2/auth\",\n"
         "  \"token_uri\": \"https://oauth2.googleapis.com/token\"\n}\n")

    # 2 appsettings ADO.NET
    case("config_json", "fr",
         "{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\n  \"ConnectionStrings\": {\n"
         "    \"Dossiers\": \"", L("Server=" + "sql-rh01.groupe-varenne.local" + ";Database=RH;User Id=app_rh;Password=Vr3nn3#RH-2023;TrustServerCertificate=True", "connection_string"), "\"\n  },\n"
         "  \"AllowedHosts\": \"*\"\n}\n")

    # 3 Azure local.settings.json
    az = azure_conn("stfacturesprod01")
    case("config_json", "en",
         "{\n  \"IsEncrypted\": false,\n  \"Values\": {\n    \"AzureWebJobsStorage\": \"", L(az, "azure_connection_string"), "\",\n"
         "    \"FUNCTIONS_WORKER_RUNTIME\": \"dotnet-isolated\",\n    \"InvoiceQueue\": \"invoices-in\"\n  }\n}\n")

    # 4 mobile app config, Google Maps key
    gk = google_key()
    case("config_json", "fr",
         "// assets/config/env.prod.json extrait de l'APK (version ", N("3.2.0", "version"), ")\n{\n"
         "  \"apiBase\": \"https://api.velibre-exemple.fr/v2\",\n  \"mapsKey\": \"", L(gk, "google_api_key"), "\",\n"
         "  \"sentryRelease\": \"", N(hexs(40), "git_sha"), "\",\n  \"featureFlags\": {\"nouveauTunnel\": true}\n}\n")

    # 5 Twilio
    case("config_json", "fr",
         "{\n  \"sms\": {\n    \"fournisseur\": \"twilio\",\n    \"accountSid\": \"", L(twilio_ac(), "twilio_key", optional=True), "\",\n"
         "    \"apiKey\": \"", L(twilio_sk(), "twilio_key"), "\",\n    \"apiSecret\": \"", L(rs(32, ALNUM), "twilio_key", also=["password_assignment"]), "\",\n"
         "    \"expediteur\": \"+33757000000\"\n  }\n}\n")

    # 6 docker config.json auths
    auth = base64.b64encode(b"ci-pusher:Regi$try-Push-4471").decode()
    case("config_json", "en",
         "{\n  \"auths\": {\n    \"", host("registry.int.brightmoor.dev"), ":5000\": {\n      \"auth\": \"",
         L(auth, "password_assignment", also=["authorization_header"]), "\"\n    },\n"
         "    \"https://index.docker.io/v1/\": {}\n  },\n  \"credsStore\": \"desktop\"\n}\n")

    # 7 composer auth.json
    case("config_json", "fr",
         "{\n    \"github-oauth\": {\n        \"github.com\": \"", L(gh_token("gho_"), "github_token"), "\"\n    },\n"
         "    \"http-basic\": {\n        \"repo.packagist.com\": {\n            \"username\": \"token\",\n"
         "            \"password\": \"", pw(hexs(40)), "\"\n        }\n    }\n}\n")

    # 8 demo customer data in config
    ib = iban("BE")
    case("config_json", "fr",
         "{\n  \"demo\": {\n    \"clients\": [\n      {\"nom\": \"Wauters\", \"prenom\": \"Margaux\", \"iban\": \"", L(ib, "iban"), "\",\n"
         "       \"tel\": \"", ph("+32 478 61 20 94"), "\", \"ne_le\": \"", dob("07/02/1983"), "\"},\n"
         "      {\"nom\": \"Exemple\", \"prenom\": \"Jean\", \"iban\": \"", N("FR76 XXXX XXXX XXXX XXXX XXXX XXX", "placeholder"), "\"}\n"
         "    ]\n  }\n}\n")

    # 9 Anthropic key in tool config
    case("config_json", "en",
         "// ~/.config/reviewbot/config.json\n{\n  \"model\": \"claude-3-5-sonnet\",\n  \"anthropic_api_key\": \"",
         L(anthropic_key(), "ai_api_key"), "\",\n  \"max_tokens\": 4096,\n  \"hf_token\": \"", L(hf_token(), "ai_api_key"), "\"\n}\n")

    # 10 Azure SAS URL
    sas = azure_sas("racwl")
    case("config_json", "fr",
         "{\n  \"export\": {\n    \"destination\": \"https://stexportsrh.blob.core.windows.net/bulletins?", L(sas, "azure_sas_token"), "\",\n"
         "    \"frequence\": \"mensuelle\"\n  }\n}\n")

    # 11 clean package-lock excerpt
    case("config_json", "en",
         "{\n  \"name\": \"widget-demo\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/semver\": {\n"
         "      \"version\": \"", N("7.6.0", "version"), "\",\n      \"resolved\": \"https://registry.npmjs.org/semver/-/semver-7.6.0.tgz\",\n"
         "      \"integrity\": \"", N(npm_integrity(), "npm_integrity"), "\"\n    }\n  }\n}\n")

    # 12 clean fr: redacted config
    case("config_json", "fr",
         "{\n  \"bdd\": {\n    \"hote\": \"", N("10.30.1.8", "infrastructure_info"), "\",\n    \"utilisateur\": \"app\",\n    \"mot_de_passe\": \"",
         N("REDACTED", "redacted"), "\"\n  },\n  \"api\": {\"cle\": \"", N("${CLE_API}", "placeholder"), "\"},\n"
         "  \"password_min_length\": 12\n}\n")

    # 13 clean en: JSON schema with examples
    case("config_json", "en",
         "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"properties\": {\n"
         "    \"email\": {\"type\": \"string\", \"format\": \"email\", \"examples\": [\"", N("user@example.org", "documentation_email"), "\"]},\n"
         "    \"password\": {\"type\": \"string\", \"minLength\": 12, \"examples\": [\"", N("your-password-here", "placeholder"), "\"]}\n  }\n}\n")

    # 14 clean fr: web manifest + SRI
    case("config_json", "fr",
         "{\n  \"nom\": \"Portail Adhérents\",\n  \"scripts\": [{\"src\": \"/js/app.4c1f9e.js\", \"integrity\": \"sha384-",
         N(base64.b64encode(rbytes(48)).decode(), "sri_hash"), "\"}],\n  \"contact\": \"", N("dpo@mutuelle-azur-exemple.fr", "company_contact"), "\",\n"
         "  \"build\": \"", N("2025.02.14-1532", "version"), "\"\n}\n")

    # 15 clean fr: keycloak client w/o secret
    case("config_json", "fr",
         "{\n  \"clientId\": \"portail-public\",\n  \"publicClient\": true,\n  \"redirectUris\": [\"https://portail.exemple-mutuelle.fr/*\"],\n"
         "  \"secret\": \"", N("**********", "redacted"), "\",\n  \"attributes\": {\"pkce.code.challenge.method\": \"S256\"},\n"
         "  \"id\": \"", N(uuid4(), "uuid"), "\"\n}\n")

BATCHES.append(batch_config_json)


# ================================================================ config_ini
def batch_config_ini():
    # 1 app settings.ini
    case("config_ini", "fr",
         "; config/parametres.ini \u2014 logiciel de gestion des adhérents\n[general]\nlangue = fr\n\n[base]\nserveur = ", ip("192.168.20.4"), "\n"
         "nom = ADHERENTS\nutilisateur = gestadh\nmot_de_passe = ", pw("Adh3rents!Lyon"), "\n\n[journal]\nniveau = INFO\n")

    # 2 aws credentials with session token
    case("config_ini", "en",
         "# ~/.aws/credentials\n[default]\naws_access_key_id = ", L(aws_key_id(), "aws_access_key_id"), "\naws_secret_access_key = ", L(aws_secret(), "aws_secret_key"), "\n\n"
         "[audit-temp]\naws_access_key_id = ", L(aws_key_id("ASIA"), "aws_access_key_id"), "\naws_secret_access_key = ", L(aws_secret(), "aws_secret_key"), "\n"
         "aws_session_token = ", L(aws_session_token(), "aws_secret_key"), "\nregion = eu-west-3\n")

    # 3 odbc.ini
    case("config_ini", "fr",
         "[ODBC Data Sources]\nCompta=SQL Server\n\n[Compta]\nDriver=ODBC Driver 18 for SQL Server\nServer=", host("sqlcompta.cabinet-riviere.local"), ",1433\n"
         "Database=COMPTA2024\nUID=lecture\nPWD=", pw("L3cture_Seule%"), "\nEncrypt=yes\n")

    # 4 pip.conf with url credentials
    u = "https://build-bot:Nx7%40fQ2kLp@" + "pypi.int.quarrytech.net" + "/simple/"
    case("config_ini", "en",
         "[global]\ntimeout = 60\nindex-url = ", L(u, "url_credentials", also=["password_assignment"]), "\n"
         "extra-index-url = https://pypi.org/simple/\ntrusted-host = ", host("pypi.int.quarrytech.net"), "\n")

    # 5 .git/config with token in remote url
    t = gh_token()
    case("config_ini", "fr",
         "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n"
         "[remote \"origin\"]\n\turl = ", L("https://mbenhamou:" + t + "@github.com/atelier-numerique/intranet-rh.git", "url_credentials", also=["github_token"]), "\n"
         "\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch \"main\"]\n\tremote = origin\n\tmerge = refs/heads/main\n"
         "[user]\n\tname = Mickaël Benhamou\n\temail = ", em("mickael.benhamou@atelier-numerique.fr", optional=True), "\n")

    # 6 grafana.ini
    case("config_ini", "fr",
         "[server]\nhttp_port = 3000\ndomain = ", host("supervision.prod.transports-orlan.lan"), "\n\n[security]\n"
         "admin_user = admin\nadmin_password = ", pw("Graf@na-0rlan"), "\nsecret_key = ", pw(rs(32, ALNUM)), "\n"
         "cookie_secure = true\n\n[auth.anonymous]\nenabled = false\n")

    # 7 .pypirc
    case("config_ini", "en",
         "[distutils]\nindex-servers =\n    pypi\n    testpypi\n\n[pypi]\nusername = __token__\npassword = ", L(pypi_token(), "pypi_token", also=["password_assignment"]), "\n\n"
         "[testpypi]\nusername = __token__\npassword = ", N("<set me>", "placeholder"), "\n")

    # 8 supervisord
    case("config_ini", "fr",
         "[program:synchro-crm]\ncommand=/opt/synchro/bin/run --queue crm\nuser=synchro\nautorestart=true\n"
         "environment=CRM_API_SECRET=\"", pw(hexs(48)), "\",SLACK_TOKEN=\"", L(slack_bot(), "slack_token"), "\",LOG_LEVEL=\"info\"\n"
         "stdout_logfile=/var/log/synchro/crm.log\n")

    # 9 desktop client ini with account
    case("config_ini", "fr",
         "[Compte]\nIdentifiant=c.nguyen-lefort\nCourriel=", em("claire.nguyen-lefort@wanadoo.fr"), "\nMotDePasse=", pw("Chaton2017!"), "\n"
         "Memoriser=1\n\n[Fenetre]\nLargeur=1280\nHauteur=800\n")

    # 10 reporting datasource ldap
    case("config_ini", "en",
         "[ldap]\nurl = ldap://", ip("10.12.0.5"), ":389\nbind_dn = CN=svc-reports,OU=Service,DC=ashdown,DC=local\n"
         "bind_password = ", pw("R3ports-Only!"), "\nsearch_base = OU=Staff,DC=ashdown,DC=local\n")

    # 11 clean php.ini
    case("config_ini", "en",
         "[Session]\nsession.cookie_secure = 1\nsession.cookie_httponly = 1\nsession.cookie_samesite = \"Strict\"\n"
         "session.sid_length = 48\nsession.gc_maxlifetime = 1440\n; mysqli.default_pw = ", N("\"\"", "empty_value"), "\n")

    # 12 clean systemd unit
    case("config_ini", "fr",
         "[Unit]\nDescription=Service de signature\nAfter=network-online.target\n\n[Service]\nUser=signature\n"
         "Environment=PASSWORD_FILE=/run/credentials/signature.service/mdp\nLoadCredential=mdp:/etc/signature/mdp.cred\n"
         "ExecStart=/usr/local/bin/signature --listen ", N("10.4.0.9:8443", "infrastructure_info"), "\n\n[Install]\nWantedBy=multi-user.target\n")

    # 13 clean tox/setup.cfg
    case("config_ini", "en",
         "[metadata]\nname = psparse\nversion = ", N("0.9.4", "version"), "\nauthor_email = ", N("maintainers@psparse.dev", "company_contact"), "\n\n"
         "[tox:tox]\nenvlist = py311,py312\n\n[testenv]\ndeps = pytest==8.0.2\ncommands = pytest -q\n")

    # 14 clean fr: ini with placeholders
    case("config_ini", "fr",
         "; modèle \u2014 à copier en parametres.ini\n[base]\nserveur = ", N("<adresse du serveur>", "placeholder"), "\n"
         "utilisateur = ", N("<utilisateur>", "placeholder"), "\nmot_de_passe = ", N("<mot de passe>", "placeholder"), "\n"
         "longueur_min_mdp = 12\n")

    # 15 clean fr: gitconfig with signing key fingerprint
    case("config_ini", "fr",
         "[user]\n\tname = Atelier Build\n\temail = ", N("build@atelier-exemple.org", "company_contact"), "\n\tsigningkey = ", N(hexs(40).upper(), "pgp_fingerprint"), "\n"
         "[commit]\n\tgpgsign = true\n[credential]\n\thelper = cache --timeout=3600\n")

BATCHES.append(batch_config_ini)


# ================================================================ env_file
def batch_env_file():
    # 1 Laravel
    case("env_file", "fr",
         "APP_NAME=\"Espace Locataires\"\nAPP_ENV=production\nAPP_KEY=", pw("base64:" + base64.b64encode(rbytes(32)).decode()), "\n"
         "APP_DEBUG=false\nDB_CONNECTION=mysql\nDB_HOST=", ip("172.16.40.12"), "\nDB_DATABASE=locataires\nDB_USERNAME=locataires\n"
         "DB_PASSWORD=", pw("L0cat@ires_2024"), "\nMAIL_MAILER=smtp\nMAIL_USERNAME=", em("quittances@office-hlm-exemple.fr", optional=True), "\n"
         "MAIL_PASSWORD=", pw("Quitt4nces!"), "\n")

    # 2 stripe
    case("env_file", "en",
         "# .env.production\nNODE_ENV=production\nSTRIPE_PUBLISHABLE_KEY=", N(stripe("pk_live_", 99), "publishable_key"), "\n"
         "STRIPE_SECRET_KEY=", L(stripe("sk_live_", 99), "stripe_key"), "\nSTRIPE_WEBHOOK_SECRET=", L(stripe("whsec_", 32), "stripe_key"), "\n")

    # 3 DATABASE_URL mysql
    case("env_file", "fr",
         "DATABASE_URL=\"", L("mysql://boutique:Bqt-9xW!r2@" + "mariadb.preprod.boutique-lumen.fr" + ":3306/boutique?serverVersion=10.11", "connection_string", also=["url_credentials"]), "\"\n"
         "MESSENGER_TRANSPORT_DSN=doctrine://default\nLOCK_DSN=flock\n")

    # 4 AWS creds with session token
    case("env_file", "en",
         "AWS_REGION=us-east-2\nAWS_ACCESS_KEY_ID=", L(aws_key_id("ASIA"), "aws_access_key_id"), "\nAWS_SECRET_ACCESS_KEY=", L(aws_secret(), "aws_secret_key"), "\n"
         "AWS_SESSION_TOKEN=", L(aws_session_token(), "aws_secret_key"), "\nS3_BUCKET=claims-scans-prod\n")

    # 5 openai + slack
    case("env_file", "fr",
         "# assistant RH \u2014 ne pas commiter\nOPENAI_API_KEY=", L(openai_key(), "ai_api_key"), "\nSLACK_BOT_TOKEN=", L(slack_bot(), "slack_token"), "\n"
         "SLACK_SIGNING_SECRET=", pw(hexs(32)), "\nCANAL_RH=C0", N(rs(9, UPPER + string.digits), "channel_id"), "\n")

    # 6 redis url + sentry dsn
    case("env_file", "fr",
         "REDIS_URL=", L("redis://:Rd5-Cache-Prod-2231@" + "10.2.3.4" + ":6379/0", "connection_string", also=["url_credentials"]), "\n"
         "SENTRY_DSN=", N("https://" + hexs(32) + "@o" + digits(6) + ".ingest.sentry.io/" + digits(7), "sentry_dsn"), "\nCACHE_TTL=600\n")

    # 7 SMTP url
    case("env_file", "en",
         "SMTP_URL=", L("smtps://alerts%40harrowfield.co.uk:Hf-Alerts-7734@" + "smtp.office365.com" + ":465", "url_credentials", also=["password_assignment"]), "\n"
         "ALERT_FROM=", N("alerts@harrowfield.co.uk", "company_contact"), "\nALERT_TO=", N("ops@harrowfield.co.uk", "company_contact"), "\n")

    # 8 docker env postgres
    case("env_file", "fr",
         "POSTGRES_USER=dossiers\nPOSTGRES_PASSWORD=", pw("d0ss1ers-M3dic@ux"), "\nPOSTGRES_DB=dossiers\n"
         "PGADMIN_DEFAULT_EMAIL=", em("r.aubertin@clinique-saint-roch-exemple.fr", optional=True), "\nPGADMIN_DEFAULT_PASSWORD=", pw("Pgadm1n!Roch"), "\n")

    # 9 twilio + test phone of a real-looking person
    case("env_file", "en",
         "TWILIO_API_KEY=", L(twilio_sk(), "twilio_key"), "\nTWILIO_API_SECRET=", L(rs(32, ALNUM), "twilio_key", also=["password_assignment"]), "\n"
         "# my manager's mobile for the on-call test, remove before release\nONCALL_TEST_NUMBER=", ph("+44 7723 418 905"), "\n")

    # 10 jwt secret + admin personal email + sk_test (optional)
    case("env_file", "fr",
         "JWT_SECRET=", pw("Zx9!mKq2@vL7#pR4$tN8"), "\nJWT_TTL=3600\nADMIN_EMAIL=", em("helene.vasseur82@gmail.com"), "\n"
         "STRIPE_KEY=", L(stripe("sk_test_", 99), "stripe_key", optional=True), "\n")

    # 11 clean fr: .env.example
    case("env_file", "fr",
         "# .env.example \u2014 copier en .env et remplir\nDB_HOST=localhost\nDB_PASSWORD=", N("changeme", "placeholder"), "\n"
         "API_KEY=", N("<votre-cle>", "placeholder"), "\nSMTP_PASSWORD=\nJWT_SECRET=", N("${JWT_SECRET}", "placeholder"), "\n")

    # 12 clean en: non secret settings
    case("env_file", "en",
         "LOG_LEVEL=debug\nPORT=8080\nPUBLIC_URL=https://status.example-vendor.com\nFEATURE_NEW_UI=true\n"
         "BUILD_SHA=", N(hexs(40), "git_sha"), "\nPASSWORD_MIN_LENGTH=12\nSESSION_TIMEOUT=900\n")

    # 13 clean fr: redacted
    case("env_file", "fr",
         "DB_PASSWORD=", N("***", "redacted"), "\nAWS_SECRET_ACCESS_KEY=", N("[caviardé]", "redacted"), "\nGITHUB_TOKEN=", N("ghp_****************", "redacted"), "\n"
         "# valeurs retirées par l'auditeur avant envoi\n")

    # 14 clean en: infra only
    case("env_file", "en",
         "UPSTREAM_HOST=", N("api.internal.lan", "infrastructure_info"), "\nUPSTREAM_IP=", N("10.100.4.7", "infrastructure_info"), "\n"
         "REQUEST_ID_PREFIX=req_\nTRACE_SAMPLE=0.1\nTZ=Europe/Paris\n")

    # 15 clean fr: Vault pointers and UUID
    case("env_file", "fr",
         "VAULT_ADDR=https://vault.exemple-societe.fr\nVAULT_ROLE=appli-paie\nSECRET_PATH=secret/data/paie\n"
         "INSTANCE_ID=", N(uuid4(), "uuid"), "\nDATE_BASCULE=2025-04-01\n")

BATCHES.append(batch_env_file)


# ================================================================ http_request
def batch_http_request():
    # 1 form login fr
    case("http_request", "fr",
         "Requête capturée (Burp) lors de la connexion de l'utilisateur de test fourni par le client :\n\n"
         "POST /connexion HTTP/1.1\nHost: extranet.transports-orlan-exemple.fr\nContent-Type: application/x-www-form-urlencoded\n"
         "Content-Length: 71\n\nidentifiant=agence.nord&mot_de_passe=", pw("Nord%2159Agence"), "&se_souvenir=1\n")

    # 2 bearer JWT en
    j = jwt({"iss": "https://idp.kestrel-health.io", "sub": "f1c9a2", "aud": "portal", "scope": "patients:read", "iat": 1738000000, "exp": 1738003600},
            alg="RS256", sig_bytes=256, kid="k1")
    case("http_request", "en",
         "GET /api/v2/patients?ward=4B HTTP/2\nHost: portal.kestrel-health.io\nAuthorization: ", L("Bearer " + j, "authorization_header", also=["jwt"]), "\n"
         "Accept: application/json\nX-Request-ID: ", N(uuid4(), "uuid"), "\n")

    # 3 basic auth fr
    b = base64.b64encode("superviseur:Sup3rv!s3ur-Nantes".encode()).decode()
    case("http_request", "fr",
         "GET /cgi-bin/config.cgi?page=reseau HTTP/1.1\nHost: ", ip("192.168.1.254"), "\nAuthorization: ", L("Basic " + b, "authorization_header"), "\n"
         "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\n")

    # 4 cookie session en
    sid = "s%3A" + rs(32, B64URL) + "." + rs(43, B64URL)
    case("http_request", "en",
         "POST /account/email HTTP/1.1\nHost: members.corvid-outdoors.com\nCookie: _ga=", N("GA1.2.1184412098.1733924410", "analytics_cookie"),
         "; cookieconsent=accepted; connect.sid=", L(sid, "session_cookie"), "\nContent-Type: application/json\n\n{\"email\":\"attacker@my-test-domain.net\"}\n")

    # 5 API key in query string fr
    gk = google_key()
    case("http_request", "fr",
         "L'application mobile appelle directement l'API Google avec sa clé dans l'URL :\n\n"
         "GET /maps/api/geocode/json?address=12+rue+de+la+Paix&key=", L(gk, "google_api_key"), " HTTP/1.1\nHost: maps.googleapis.com\n")

    # 6 PUT patient fr
    n = nir(1, 57, 11, "75")
    case("http_request", "fr",
         "PUT /api/dossiers/88213 HTTP/1.1\nHost: dpi.clinique-exemple.fr\nContent-Type: application/json\nAuthorization: ", N("Bearer [REDACTED]", "redacted"), "\n\n"
         "{\"patient\":{\"nom\":\"Castanier\",\"prenom\":\"Raymond\",\"nir\":\"", L(n.replace(" ", ""), "national_id"), "\",\n"
         " \"naissance\":\"", dob("1957-11-03"), "\",\"diagnostic\":\"", L("insuffisance cardiaque stade III (NYHA)", "health_data"), "\"}}\n")

    # 7 payment en
    c = card("visa", sep="")
    case("http_request", "en",
         "POST /checkout/pay HTTP/1.1\nHost: shop.marlowe-prints.co.uk\nContent-Type: application/x-www-form-urlencoded\n\n"
         "cardholder=Eleanor+Whitcombe&pan=", L(c, "payment_card"), "&exp=09%2F27&cvc=", L("418", "payment_card", optional=True), "&amount=", N("64.90", "amount"), "\n")

    # 8 sendgrid bearer en
    sg = sendgrid()
    case("http_request", "en",
         "POST /v3/mail/send HTTP/1.1\nHost: api.sendgrid.com\nAuthorization: ", L("Bearer " + sg, "authorization_header", also=["sendgrid_key"]), "\n"
         "Content-Type: application/json\n\n{\"personalizations\":[{\"to\":[{\"email\":\"", em("t.okonkwo-baird@hotmail.co.uk"), "\"}]}],\"from\":{\"email\":\"", N("noreply@marlowe-prints.co.uk", "company_contact"), "\"}}\n")

    # 9 GraphQL mutation fr
    case("http_request", "fr",
         "POST /graphql HTTP/1.1\nHost: api.agence-voyages-exemple.fr\nContent-Type: application/json\n\n"
         "{\"query\":\"mutation { changerMotDePasse(ancien: \\\"", pw("Soleil2023"), "\\\", nouveau: \\\"", pw("Soleil2024!"), "\\\") { ok } }\"}\n")

    # 10 cookie contains JWT fr
    j2 = jwt({"uid": 90211, "nom": "lbrunet", "roles": ["gestionnaire"], "exp": 1739999999})
    case("http_request", "fr",
         "GET /tableau-de-bord HTTP/1.1\nHost: gestion.mutuelle-exemple.fr\nCookie: lang=fr; auth_token=", L(j2, "session_cookie", also=["jwt"]), "\n"
         "Referer: https://gestion.mutuelle-exemple.fr/connexion\n")

    # 11 clean en: redacted request
    case("http_request", "en",
         "GET /api/v1/devices HTTP/1.1\nHost: cloud.example-vendor.com\nAuthorization: ", N("Bearer <TOKEN>", "placeholder"), "\n"
         "If-None-Match: W/\"", N(hexs(32), "etag"), "\"\ntraceparent: 00-", N(hexs(32), "trace_id"), "-", N(hexs(16), "span_id"), "-01\n")

    # 12 clean fr: requête sans secret
    case("http_request", "fr",
         "Requête minimale permettant de reproduire (aucune authentification nécessaire, c'est le problème) :\n\n"
         "GET /export?format=csv&depuis=2025-01-01 HTTP/1.1\nHost: ", N("portail.example.net", "public_host"), "\nAccept: text/csv\nX-Correlation-ID: ", N(uuid4(), "uuid"), "\n")

    # 13 clean fr: cookie redacted
    case("http_request", "fr",
         "POST /api/panier HTTP/1.1\nHost: boutique.example.org\nCookie: PHPSESSID=", N("xxxxxxxxxxxxxxxx", "redacted"), "; consent=1\n"
         "Content-Type: application/json\n\n{\"sku\":\"", N("978-2-07-036822-8", "isbn"), "\",\"qte\":2,\"prix\":\"", N("19,90", "amount"), "\"}\n")

    # 14 clean en: SSRF probe to doc IP
    case("http_request", "en",
         "GET /proxy?url=http://", N("192.0.2.10", "documentation_ip"), "/latest/meta-data/ HTTP/1.1\nHost: preview.example.com\n"
         "User-Agent: curl/8.5.0\nAccept: */*\n")

    # 15 clean fr: requête avec signature webhook publique (pas secrète)
    case("http_request", "fr",
         "POST /webhooks/paiement HTTP/1.1\nHost: api.example.fr\nX-Signature-SHA256: ", N(hexs(64), "hmac_signature"), "\n"
         "X-Horodatage: ", N("1738158221", "timestamp"), "\nContent-Type: application/json\n\n{\"evenement\":\"paiement.reussi\",\"commande\":\"", N("CMD-77201", "order_id"), "\"}\n")

BATCHES.append(batch_http_request)


# ================================================================ http_response
def batch_http_response():
    # 1 Set-Cookie fr
    case("http_response", "fr",
         "HTTP/1.1 302 Found\nLocation: /espace-client\nSet-Cookie: JSESSIONID=", L(hexs(32).upper(), "session_cookie"), "; Path=/; Secure; HttpOnly\n"
         "Set-Cookie: langue=fr; Path=/\nX-Frame-Options: SAMEORIGIN\n")

    # 2 500 error leaking connection string en
    case("http_response", "en",
         "HTTP/1.1 500 Internal Server Error\nContent-Type: text/html\n\n<h1>Server Error</h1>\n<pre>SqlException: Login failed.\n"
         "   at Datalayer.Open(\"", L("Data Source=" + "10.14.2.7" + ",1433;Initial Catalog=Claims;User ID=claims_svc;Password=Cl@ims-Svc-2022!", "connection_string"), "\")\n"
         "   at Claims.Api.Startup.Configure()\n</pre>\n")

    # 3 IDOR JSON fr
    case("http_response", "fr",
         "HTTP/1.1 200 OK\nContent-Type: application/json; charset=utf-8\n\n"
         "{\"id\":51872,\"civilite\":\"Mme\",\"nom\":\"Lemaire-Ouattara\",\"prenom\":\"Fatou\",\"email\":\"", em("fatou.lemaire.o@sfr.fr"), "\",\n"
         " \"mobile\":\"", ph("0745183926"), "\",\"adresse\":\"", addr("Résidence Les Tilleuls, bât. C, 5 allée Colette, 59650 Villeneuve-d'Ascq"), "\",\n"
         " \"dateNaissance\":\"", dob("1979-05-21"), "\",\"creeLe\":\"", N("2023-10-02T08:11:54Z", "timestamp"), "\"}\n")

    # 4 token issuance en
    j = jwt({"sub": "svc-export", "tenant": "acme-freight", "iat": 1738100000, "exp": 1738103600})
    case("http_response", "en",
         "HTTP/2 200\ncontent-type: application/json\ncache-control: no-store\n\n{\"token_type\":\"Bearer\",\"access_token\":\"", L(j, "jwt"), "\",\n"
         "\"refresh_token\":\"", L(rs(64, B64URL), "password_assignment", also=["session_cookie"]), "\",\"expires_in\":3600}\n")

    # 5 actuator env fr
    case("http_response", "fr",
         "Réponse de /actuator/env (accessible sans authentification) :\n\nHTTP/1.1 200\nContent-Type: application/vnd.spring-boot.actuator.v3+json\n\n"
         "{\"propertySources\":[{\"name\":\"applicationConfig\",\"properties\":{\n"
         " \"spring.datasource.password\":{\"value\":\"", pw("Rg7!dossiers-Prod"), "\"},\n"
         " \"spring.mail.password\":{\"value\":\"******\"},\n"
         " \"app.cle-api-partenaire\":{\"value\":\"", pw(hexs(40)), "\"}}}]}\n")

    # 6 MRZ parse fr
    l1, l2 = mrz_td3("FRA", "Ravenel", "Capucine Anne", "21DK84517", "FRA", "920614", "F", "310912")
    case("http_response", "fr",
         "L'API d'enrôlement renvoie le document d'un autre client quand on change `dossier` :\n\n"
         "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"dossier\":\"", N("ENR-2024-009183", "reference"), "\",\"mrz\":[\"", L(l1, "identity_document"), "\",\n"
         "\"", L(l2, "identity_document"), "\"],\"numero\":\"", L("21DK84517", "identity_document"), "\",\"naissance\":\"", dob("1992-06-14"), "\"}\n")

    # 7 exposed .git/config en
    t = gh_token()
    case("http_response", "en",
         "$ curl -s https://www.harlow-kitchens.co.uk/.git/config\n[core]\n\trepositoryformatversion = 0\n[remote \"origin\"]\n"
         "\turl = ", L("https://deploy-harlow:" + t + "@github.com/harlow-kitchens/site.git", "url_credentials", also=["github_token"]), "\n")

    # 8 SSRF metadata creds en
    case("http_response", "en",
         "Response body returned through the image proxy (SSRF to the metadata endpoint):\n\n{\n  \"Code\" : \"Success\",\n"
         "  \"LastUpdated\" : \"2025-01-29T10:12:44Z\",\n  \"Type\" : \"AWS-HMAC\",\n  \"AccessKeyId\" : \"", L(aws_key_id("ASIA"), "aws_access_key_id"), "\",\n"
         "  \"SecretAccessKey\" : \"", L(aws_secret(), "aws_secret_key"), "\",\n  \"Token\" : \"", L(aws_session_token(), "aws_secret_key"), "\",\n"
         "  \"Expiration\" : \"2025-01-29T16:40:02Z\"\n}\n")

    # 9 password hashes fr
    case("http_response", "fr",
         "HTTP/1.1 200 OK\nContent-Type: application/json\n\n[{\"login\":\"mdurand\",\"hash\":\"", L(sha512crypt(), "password_hash"), "\"},\n"
         " {\"login\":\"s.kaci\",\"hash\":\"", L(argon2id(), "password_hash"), "\"}]\n")

    # 10 IBAN fr, masked card as negative
    case("http_response", "fr",
         "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"titulaire\":\"Romain Estebe\",\"iban\":\"", L(iban("ES", grouped=False), "iban"), "\",\n"
         "\"carte\":\"", N("**** **** **** 4821", "masked_card"), "\",\"solde\":\"", N("1 204,17 EUR", "amount"), "\"}\n")

    # 11 clean en: 304
    case("http_response", "en",
         "HTTP/1.1 304 Not Modified\nDate: Wed, 29 Jan 2025 10:15:02 GMT\nETag: \"", N(hexs(40), "etag"), "\"\n"
         "Strict-Transport-Security: max-age=31536000; includeSubDomains\nX-Request-Id: ", N(uuid4(), "uuid"), "\n")

    # 12 clean fr: 401
    case("http_response", "fr",
         "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"\nContent-Type: application/json\n\n"
         "{\"erreur\":\"jeton invalide\",\"support\":\"", N("support@example-vendor.fr", "company_contact"), "\",\"code\":\"", N("AUTH-0042", "error_code"), "\"}\n")

    # 13 clean fr: CSP nonce etc.
    case("http_response", "fr",
         "HTTP/2 200\ncontent-security-policy: script-src 'nonce-", N(base64.b64encode(rbytes(16)).decode(), "csp_nonce"), "' 'strict-dynamic'\n"
         "server: nginx/", N("1.24.0", "version"), "\nx-served-by: cache-cdg20734-CDG\n\n<!-- page d'accueil, rien de sensible -->\n")

    # 14 clean en: JSON with masked values
    case("http_response", "en",
         "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"user\":\"me\",\"email\":\"", N("rvasquez.research@proton.me", "reporter_email"), "\",\"card\":\"", N("**** 1881", "masked_card"),
         "\",\"phone\":\"", N("+1 ***-***-0139", "masked_phone"), "\",\"api_key\":\"", N("sk_live_\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022", "redacted"), "\"}\n",
         reporter_email="rvasquez.research@proton.me")

    # 15 clean fr: infra info only
    case("http_response", "fr",
         "HTTP/1.1 502 Bad Gateway\nServer: nginx\nX-Upstream: ", N("10.8.4.22:8080", "infrastructure_info"), "\nX-Backend-Host: ", N("app-02.prod.lan", "infrastructure_info"), "\n\n"
         "<html><body>Passerelle incorrecte</body></html>\n")

BATCHES.append(batch_http_response)


# ================================================================ email_message
def batch_email():
    # 1 fr: reporter to PSIRT, quoted colleague password at > >
    case("email_message", "fr",
         "From: Arthur Vaillant <", N("arthur.vaillant@secu-audit-exemple.fr", "reporter_email"), ">\nTo: ", N("psirt@thalesgroup.com", "psirt_address"), "\n"
         "Subject: Re: Fwd: accès console supervision\nDate: Tue, 4 Feb 2025 10:22:31 +0100\nMessage-ID: <", N(hexs(16) + "@secu-audit-exemple.fr", "message_id"), ">\n"
         "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
         "Bonjour,\n\nJe vous transfère l'échange avec l'exploitant, qui montre que les identifiants circulent en clair.\n\n"
         "> Le 3 févr. 2025 à 17:40, Gilles Parmentier a écrit :\n> Je te renvoie ce que Sandrine m'avait donné.\n>\n"
         "> > Pour la console : compte supervision, et le mot de passe c'est ", pw("Sup3rvision-Q4!"), "\n"
         "> > (ne le mets pas dans le ticket)\n\nArthur Vaillant\n", N("06 33 18 74 02", "reporter_phone"), "\n",
         reporter_email="arthur.vaillant@secu-audit-exemple.fr")

    # 2 en: HR forward with salary
    case("email_message", "en",
         "From: Janine Kowalczyk <", em("j.kowalczyk@brantwood-logistics.com"), ">\nTo: ", N("payroll-team@brantwood-logistics.com", "company_contact"), "\n"
         "Subject: FW: 2025 adjustments\nDate: Mon, 13 Jan 2025 08:04:10 +0000\n\n"
         "Team, please process before the 20th.\n\n-----Original Message-----\nFrom: Andrew Pike\nSent: Friday, January 10, 2025 4:55 PM\n\n"
         "Confirming for Daniel Ferreira-Hughes: ", L("base salary rises from GBP 48,000 to GBP 53,500", "employment_data"), ", and the ",
         L("performance improvement plan opened in October is closed", "employment_data"), ".\n\nAndrew\n")

    # 3 fr: arrêt de travail + NIR
    n = nir(1, 74, 9, "33")
    case("email_message", "fr",
         "De : Service RH <rh@menuiserie-darrigade-exemple.fr>\nÀ : Comptabilité <compta@menuiserie-darrigade-exemple.fr>\nObjet : arrêt M. Lacoste\n"
         "Date : jeu. 23 janv. 2025 14:12:09 +0100\n\nBonjour,\n\nCi-dessous les éléments pour la subrogation :\n"
         "- salarié : Jérôme Lacoste, n° SS ", L(n, "national_id"), "\n- ", L("arrêt de travail initial du 20/01 au 07/02 (entorse grave de la cheville, plâtre)", "health_data"), "\n\n"
         "Merci,\nNathalie \u2014 RH\n")

    # 4 en: itinerary
    case("email_message", "en",
         "From: \"Skyward Travel\" <itinerary@skyward-travel-example.com>\nTo: ", em("m.achterberg@kpnmail.nl"), "\nSubject: Your trip to Lisbon - booking ", L("ZL8W3R", "travel_record"), "\n"
         "Date: Sat, 1 Feb 2025 19:30:00 +0000\nContent-Type: text/plain\n\nDear Mr Maarten Achterberg,\n\n"
         "Flight: ", L("TP663 Amsterdam (AMS) - Lisbon (LIS), 22 March 2025 06:00, seat 17F", "travel_record"), "\n"
         "Ticket number: ", L("047 2198834410", "travel_record"), "\nFrequent flyer: ", L("TP 224918733", "travel_record", optional=True), "\n\n"
         "Customer service: ", N("+351 21 841 0000", "company_phone"), "\n")

    # 5 fr: client email with personal details, quoted
    case("email_message", "fr",
         "From: Support Boutique <", N("support@boutique-lumen-exemple.fr", "company_contact"), ">\nTo: dev@boutique-lumen-exemple.fr\n"
         "Subject: TR: commande jamais reçue\n\n---------- Message transféré ---------\nDe : Bérénice Vautrin <", em("berenice.vautrin@laposte.net"), ">\n\n"
         "Bonjour, je n'ai pas reçu ma commande ", N("#100483", "order_id"), ". Mon adresse est bien ", addr("17 rue du Vieux Marché, Appt 4, 76000 Rouen"),
         " et mon portable ", ph("06 58 02 47 19"), ".\nCordialement\n")

    # 6 en: slack webhook at quote level 2
    wh = slack_webhook()
    case("email_message", "en",
         "From: Oren Blackwood <", N("oren@blackwood-sec.io", "reporter_email"), ">\nTo: ", N("psirt@thalesgroup.com", "psirt_address"), "\nSubject: Webhook exposure - additional detail\n\n"
         "Adding the thread where their contractor posted it.\n\n> On Thu, Jan 30, 2025, Hal Rennick wrote:\n>> here's the alerts hook for the staging stack:\n>> ", L(wh, "slack_webhook"), "\n"
         ">> ping me if it 404s\n\n--\nOren Blackwood | Blackwood Security | ", N("+1 646 555 0187", "reporter_phone"), "\n",
         reporter_email="oren@blackwood-sec.io")

    # 7 fr: PGP private key block
    raw = b"\x95\x03\x98\x04" + rbytes(420)
    b = base64.b64encode(raw).decode()
    crc = base64.b64encode(rbytes(3)).decode()
    pk = ("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + "\n".join(b[i:i + 64] for i in range(0, len(b), 64))
          + "\n=" + crc + "\n-----END PGP PRIVATE KEY BLOCK-----")
    case("email_message", "fr",
         "From: Thibault M. <", em("thibault.m@poste-exemple.fr"), ">\nTo: ", N("equipe-signature@editions-corail-exemple.fr", "company_contact"), "\nSubject: clé pour signer les paquets\n\n"
         "Voilà la clé, je l'ai exportée avec --export-secret-keys, importez-la sur le serveur de build :\n\n", L(pk, "private_key"), "\n\nThibault\n")

    # 8 en: W-2 / SSN
    case("email_message", "en",
         "From: ", N("payroll@lakeside-dental-example.com", "company_contact"), "\nTo: ", N("accountant@cpa-firm-example.com", "company_contact"), "\nSubject: W-2 corrections\n\n"
         "Hi Carla, the corrected figures for Dr. Marisol Ortega: SSN ", L(ssn(), "national_id"), ", ",
         L("2024 federal income tax withheld $21,304.18", "tax_record"), ". Wages unchanged.\nThanks,\nBen\n")

    # 9 fr: codice fiscale + DNI
    cf = codice_fiscale("Brambilla", "Giorgia", 1988, 7, 19, True, "F205")
    d = dni()
    case("email_message", "fr",
         "De : Agence Déplacements <deplacements@groupe-exemple.fr>\nÀ : Hôtel Duomo <booking@hotel-duomo-exemple.it>\nObjet : Rooming list séminaire Milan\n\n"
         "Bonjour, voici les pièces demandées pour l'enregistrement :\n1) Giorgia Brambilla \u2014 codice fiscale ", L(cf, "national_id"), "\n"
         "2) Alejandro Ruiz Medina \u2014 DNI ", L(d, "national_id"), "\nArrivée le 12 mars. Bien à vous.\n")

    # 10 en: NINO + DOB
    case("email_message", "en",
         "From: ", N("onboarding@wexcombe-care-example.co.uk", "company_contact"), "\nTo: ", N("hr-systems@wexcombe-care-example.co.uk", "company_contact"), "\nSubject: new starter - Kezia Adomako\n\n"
         "Please set up Kezia: NI number ", L(nino(), "national_id"), ", date of birth ", dob("04/10/1996"), ", home ", addr("Flat 3, 22 Gorse Hill Road, Swindon SN2 6BX"), ".\n")

    # 11 clean fr: reporter to PSIRT with own signature
    case("email_message", "fr",
         "From: Sophie Lanvin <", N("s.lanvin@ardentis-securite.fr", "reporter_email"), ">\nTo: ", N("psirt@thalesgroup.com", "psirt_address"), "\n"
         "Subject: [Rapport] Injection de commande dans l'interface web\nDate: Fri, 7 Feb 2025 09:01:00 +0100\n\n"
         "Bonjour,\n\nVeuillez trouver ci-joint le rapport chiffré (clé ", N("0x8448AE39", "pgp_key_id"), "). Je propose une divulgation le ", N("7 mai 2025", "date"), ".\n\n"
         "Sophie Lanvin\nArdentis Sécurité\n", N("5 place Bellecour, 69002 Lyon", "reporter_address"), "\n", N("+33 4 72 10 58 66", "reporter_phone"), "\n",
         reporter_email="s.lanvin@ardentis-securite.fr")

    # 12 clean en: auto-reply from company
    case("email_message", "en",
         "From: ", N("cna-coordinator@thalesgroup.com", "psirt_address"), "\nTo: ", N("p.moreau@independent-research.net", "reporter_email"), "\nSubject: Re: CNA appeal - request ", N("REQ-2025-0044", "reference"), "\n"
         "Auto-Submitted: auto-replied\n\nYour message has been received. Acknowledgement within 3 working days.\n",
         reporter_email="p.moreau@independent-research.net")

    # 13 clean fr: public key block
    case("email_message", "fr",
         "From: Équipe Sécurité <", N("securite@editeur-exemple.fr", "company_contact"), ">\nSubject: notre clé publique\n\nVoici notre clé publique, empreinte ",
         N(luhn_fp(), "pgp_fingerprint"), " :\n\n", N(pem_public("PGP PUBLIC KEY BLOCK", 300), "public_key"), "\n")

    # 14 clean en: redacted forward
    case("email_message", "en",
         "From: Tomasz Wrobel <", N("tw@wrobel-research.pl", "reporter_email"), ">\nTo: ", N("psirt@thalesgroup.com", "psirt_address"), "\nSubject: redacted evidence\n\n"
         "> > DB_PASSWORD=", N("[redacted]", "redacted"), "\n> > token: ", N("REDACTED", "redacted"), "\n\nI removed the values before sending, as your policy asks.\n",
         reporter_email="tw@wrobel-research.pl")

    # 15 clean fr: infra only
    case("email_message", "fr",
         "From: exploitation@hebergeur-exemple.fr\nTo: client@exemple.fr\nSubject: maintenance planifiée\nReceived: from mx1 (", N("10.1.2.3", "infrastructure_info"), ")\n\n"
         "Bonjour, le serveur ", N("srv-web-04.dc2.lan", "infrastructure_info"), " sera redémarré le ", N("15/02/2025", "date"), " à 22h.\n")

BATCHES.append(batch_email)


# ================================================================ markdown_report
def batch_markdown():
    # 1 en: curl -u in code fence
    case("markdown_report", "en",
         "## Finding 3 \u2014 default credentials on the REST API\n\n**Severity:** High (", N("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", "cvss_vector"), ")\n\n"
         "```bash\ncurl -k -u maint:", pw("M@int3nance-42"), " https://", ip("172.31.9.40"), "/api/v1/system/reboot\n```\n\n"
         "The account cannot be disabled from the UI.\n")

    # 2 fr: tableau IBAN + NIR
    ib = iban("FR")
    n = nir(2, 90, 2, "13")
    case("markdown_report", "fr",
         "### Preuve d'exposition\n\nUne seule ligne de l'export, pour illustrer les colonnes exposées :\n\n"
         "| nom | n° sécu | IBAN | ville |\n|---|---|---|---|\n| Ch. Abadie-Roux | ", L(n, "national_id"), " | ", L(ib, "iban"), " | Marseille |\n\n"
         "Les ", N("3 812", "count"), " autres lignes n'ont pas été consultées.\n")

    # 3 en: gitlab token in Authorization header inside fence
    gl = gitlab_pat()
    case("markdown_report", "en",
         "### PoC\n\nThe token leaks through the build artifact `", N("dist/config." + hexs(8) + ".js", "filename"), "`:\n\n"
         "```http\nGET /api/v4/projects?membership=true HTTP/1.1\nHost: gitlab.example-vendor.com\nPRIVATE-TOKEN: ", L(gl, "gitlab_token", also=["authorization_header"]), "\n```\n")

    # 4 fr: OpenSSH private key in fence
    pk = pem_private("OPENSSH", 380)
    case("markdown_report", "fr",
         "## 4. Clé privée dans l'image firmware\n\nLe fichier `/etc/dropbear/id_deploy` de l'image ", N("fw-2.7.1.bin", "filename"), " contient :\n\n```\n", L(pk, "private_key"), "\n```\n\n"
         "La clé publique correspondante est autorisée sur tous les boîtiers (", N(ssh_pub("deploy@usine"), "public_key"), ").\n")

    # 5 en: amex in table cell
    a = card("amex")
    case("markdown_report", "en",
         "| Field | Value seen in the receipt endpoint |\n|---|---|\n| Name | Hollis Vantreight |\n| Card | ", L(a, "payment_card"), " |\n"
         "| Expiry | 11/28 |\n| Order | ", N("ORD-55810-Q", "order_id"), " |\n\n*I made no purchase with it.*\n")

    # 6 fr: note de bas de page avec mot de passe
    case("markdown_report", "fr",
         "## Résumé\n\nL'interface d'administration du NVR est accessible depuis Internet[^1] et le compte installateur n'a jamais été modifié.\n\n"
         "[^1]: Testé depuis ", N("203.0.113.77", "documentation_ip"), " ; identifiants : installateur / ", pw("Camera#Install2020"), ".\n")

    # 7 en: azure SAS in markdown link
    sas = azure_sas("rl", "2027-01-01T00:00:00Z")
    case("markdown_report", "en",
         "Evidence: the [nightly export](https://ctbackupsprod.blob.core.windows.net/exports/customers.csv?", L(sas, "azure_sas_token"), ") link was in the public FAQ.\n")

    # 8 fr: JWT + email tiers
    j = jwt({"sub": "c.morvan", "email": "c.morvan@cooperative-exemple.fr", "role": "tresorier", "exp": 1740000000})
    case("markdown_report", "fr",
         "### Jeton trouvé dans le localStorage d'un poste partagé\n\n```json\n{\"token\": \"", L(j, "jwt"), "\"}\n```\n\n"
         "Le jeton appartient à ", em("c.morvan@cooperative-exemple.fr"), " (trésorier). Je ne l'ai pas rejoué.\n")

    # 9 en: MRZ GBR passport
    l1, l2 = mrz_td3("GBR", "Penhaligon", "Rosalind May", "541297736", "GBR", "870302", "F", "330118")
    case("markdown_report", "en",
         "#### OCR output returned by the KYC endpoint for another user's upload\n\n```text\n", L(l1, "identity_document"), "\n", L(l2, "identity_document"), "\n```\n")

    # 10 fr: NIE client + passeport FR
    case("markdown_report", "fr",
         "- Fichier exposé : `clients_2024.xlsx`\n- Exemple (une ligne) : Yolanda Serrat Vidal, NIE ", L(nie(), "national_id"), ", passeport espagnol ",
         L("PAC418276", "identity_document"), "\n- Taille : ", N("2,3 Mo", "size"), "\n")

    # 11 clean en: CVSS table, hashes, placeholders in fence
    case("markdown_report", "en",
         "# Report: stored XSS in the device dashboard\n\n| Item | Value |\n|---|---|\n| CVSS | ", N("CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", "cvss_vector"), " |\n"
         "| CWE | ", N("CWE-79", "cwe"), " |\n| Build | ", N(hexs(40), "git_sha"), " |\n\n```bash\ncurl -H \"Authorization: Bearer $TOKEN\" https://dashboard.example.com/api/widgets\n```\n"
         "Replace `", N("$TOKEN", "placeholder"), "` with a session of your own test tenant.\n")

    # 12 clean fr: caviardage
    case("markdown_report", "fr",
         "## Preuve (caviardée)\n\n```\nutilisateur=admin\nmot_de_passe=", N("\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588", "redacted"), "\napi_key=", N("sk_live_XXXXXXXX", "placeholder"), "\n```\n\n"
         "Toutes les valeurs ont été masquées avant l'envoi.\n")

    # 13 clean en: certificate
    case("markdown_report", "en",
         "The server presents this certificate (public, attached for reference):\n\n```\n", N(pem_public("CERTIFICATE", 500), "certificate"), "\n```\n\nSerial `", N(hexs(32), "serial"), "`.\n")

    # 14 clean fr: signature rapporteur
    case("markdown_report", "fr",
         "---\n**Contact du rapporteur** : Damien Okafor, ", N("damien.okafor@pentest-exemple.fr", "reporter_email"), ", ", N("07 81 44 20 16", "reporter_phone"), "\n"
         "**Clé PGP** : ", N(luhn_fp(), "pgp_fingerprint"), "\n**Date de découverte** : ", N("2025-01-14", "date"), "\n",
         reporter_email="damien.okafor@pentest-exemple.fr")

    # 15 clean fr: infra
    case("markdown_report", "fr",
         "### Environnement de test\n\n- Contrôleur : `", N("10.10.0.2", "infrastructure_info"), "`\n- Nom interne : `", N("ctrl-a.usine.local", "infrastructure_info"), "`\n"
         "- Version : ", N("6.2.11", "version"), "\n- OID de la MIB : ", N("1.3.6.1.4.1.2011.5.25", "oid"), "\n")

BATCHES.append(batch_markdown)


# ================================================================ output & checks
CARRIERS = {"prose_en", "prose_fr", "chat", "config_file", "config_yaml", "config_json", "config_ini",
            "env_file", "http_request", "http_response", "email_message", "markdown_report"}
PSIRT = ("psirt@thalesgroup.com", "cna-coordinator@thalesgroup.com")


def render():
    out = []
    for c in CASES:
        out.append(json.dumps(c, ensure_ascii=False, sort_keys=False))
    return ("\n".join(out) + "\n").encode("utf-8")


def check_spans():
    errs = []
    ids = set()
    for c in CASES:
        cid, text = c["id"], c["text"]
        if cid in ids:
            errs.append("%s duplicate id" % cid)
        ids.add(cid)
        if c["carrier"] not in CARRIERS:
            errs.append("%s carrier %s" % (cid, c["carrier"]))
        if c["language"] not in ("en", "fr"):
            errs.append("%s language" % cid)
        n = u16(text)
        lv, nv = INTENDED[cid]
        spans = []
        for lab, want in zip(c["labels"], lv):
            a, b = lab["start"], lab["end"]
            if not (0 <= a < b <= n):
                errs.append("%s label out of range %r" % (cid, lab))
                continue
            got = u16slice(text, a, b)
            if got != want:
                errs.append("%s slice %r != %r" % (cid, got, want))
            if got != got.strip() or not got.strip():
                errs.append("%s label has outer whitespace %r" % (cid, got))
            sev, grp = CATS[lab["category"]]
            if lab["group"] != grp:
                errs.append("%s group" % cid)
            if lab["severity"] not in (sev, "info"):
                errs.append("%s severity" % cid)
            for al in lab.get("also", []):
                if al not in CATS:
                    errs.append("%s also %s" % (cid, al))
            cat = lab["category"]
            raw = got.replace(" ", "").replace("-", "").replace(".", "")
            if cat == "payment_card" and lab["severity"] != "info" and not lab.get("optional") and not luhn_ok(raw):
                errs.append("%s card not Luhn %r" % (cid, got))
            if cat == "iban" and not iban_valid(got):
                errs.append("%s bad IBAN %r" % (cid, got))
            if cat == "github_token" and got.startswith(("ghp_", "gho_", "ghs_", "ghu_", "ghr_")):
                body = got[4:34]
                if len(got) != 40 or b62(zlib.crc32(body.encode()), 6) != got[34:]:
                    errs.append("%s bad ghp checksum %r" % (cid, got))
            if cat == "aws_access_key_id" and not (len(got) == 20 and got[:4] in ("AKIA", "ASIA")):
                errs.append("%s bad AKIA %r" % (cid, got))
            if cat == "identity_document" and len(got) == 44 and got[:2] != "P<" and not mrz_td3_valid(got):
                errs.append("%s bad MRZ %r" % (cid, got))
            if cat == "national_id":
                r = got.replace(" ", "")
                if len(r) == 15 and r.isdigit() and not nir_valid(r):
                    errs.append("%s bad NIR %r" % (cid, got))
                if len(r) == 16 and r[:6].isalpha() and r[-1] != cf_check(r[:15]):
                    errs.append("%s bad CF %r" % (cid, got))
                if len(r) == 9 and r[-1].isalpha() and (r[:-1].isdigit() or r[0] in "XYZ") and not dni_valid(r):
                    errs.append("%s bad DNI %r" % (cid, got))
            if cat == "jwt" or "jwt" in lab.get("also", []):
                tok = got.split()[-1]
                try:
                    h = json.loads(base64.urlsafe_b64decode(tok.split(".")[0] + "=="))
                    assert "alg" in h and tok.count(".") == 2
                except Exception:
                    errs.append("%s bad JWT %r" % (cid, got))
            if any(p in got for p in PSIRT):
                errs.append("%s labels a PSIRT address" % cid)
            if c.get("reporter_email") and c["reporter_email"] == got:
                errs.append("%s labels reporter's own address" % cid)
            spans.append((a, b))
        if len(lv) != len(c["labels"]) or len(nv) != len(c["negatives"]):
            errs.append("%s count mismatch" % cid)
        for neg, want in zip(c["negatives"], nv):
            a, b = neg["start"], neg["end"]
            got = u16slice(text, a, b)
            if got != want or not (0 <= a < b <= n):
                errs.append("%s neg slice %r != %r" % (cid, got, want))
            for (x, y) in spans:
                if a < y and x < b:
                    errs.append("%s negative %r overlaps a label" % (cid, got))
        if c.get("reporter_email") and c["reporter_email"] not in text:
            errs.append("%s reporter_email not in text" % cid)
    fr = sum(c["language"] == "fr" for c in CASES)
    if len(CASES) < 165:
        errs.append("only %d cases" % len(CASES))
    if fr / len(CASES) < 0.45:
        errs.append("French share %.3f" % (fr / len(CASES)))
    return errs


def stats():
    from collections import Counter
    fr = sum(c["language"] == "fr" for c in CASES)
    grp = Counter(l["group"] for c in CASES for l in c["labels"])
    cat = Counter(l["category"] for c in CASES for l in c["labels"])
    clean = sum(not c["labels"] for c in CASES)
    info_only = sum(bool(c["labels"]) and all(l["severity"] == "info" for l in c["labels"]) for c in CASES)
    car = Counter((c["carrier"], c["language"]) for c in CASES)
    negs = sum(len(c["negatives"]) for c in CASES)
    return dict(cases=len(CASES), fr=fr, fr_share=round(fr / len(CASES), 3), groups=dict(grp),
                categories=dict(sorted(cat.items())), clean=clean, info_only=info_only,
                carriers={"%s/%s" % k: v for k, v in sorted(car.items())}, negatives=negs,
                labels=sum(grp.values()))


def main():
    for b in BATCHES:
        b()
    data = render()
    errs = check_spans()
    if "--stats" in sys.argv:
        print(json.dumps(stats(), indent=1))
    if "--check" in sys.argv:
        try:
            with open(OUT, "rb") as f:
                committed = f.read()
        except OSError:
            committed = None
        if committed != data:
            errs.append("cases.jsonl differs from what the generator produces")
        # re-read the committed file and re-check spans from the file itself
        if committed:
            for line, c in zip(committed.decode("utf-8").splitlines(), CASES):
                obj = json.loads(line)
                for lab, want in zip(obj["labels"], INTENDED[c["id"]][0]):
                    if u16slice(obj["text"], lab["start"], lab["end"]) != want:
                        errs.append("%s file slice mismatch" % c["id"])
        if errs:
            print("\n".join(errs))
            sys.exit(1)
        print("check ok: %d cases" % len(CASES))
        return
    if errs:
        print("\n".join(errs))
        sys.exit(1)
    with open(OUT, "wb") as f:
        f.write(data)
    print("wrote %s (%d cases)" % (OUT, len(CASES)))


if __name__ == "__main__":
    main()
