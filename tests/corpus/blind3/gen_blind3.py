#!/usr/bin/env python3
"""Blind corpus no. 3 for the sensitive-data scanner (issue #14, item 5).

Written blind, without reading the scanner's rules or code or the other generators and their
cases: only tests/corpus/README.md (format and conventions), the category list and the corpus
well-formedness test of tests/scan_corpus.rs, the prose of tests/corpus/blind/README.md,
/work/shared/product.md and issue 14 were read. See README.md here for the labelling decisions.

    python3 tests/corpus/blind3/gen_blind3.py           # (re)write cases.jsonl, same bytes every time
    python3 tests/corpus/blind3/gen_blind3.py --check   # self-check: committed file == fresh draw,
                                                        # every label slices to its value, no overlap,
                                                        # format validators on every labelled value

Python 3.11, standard library only, one random.Random with a fixed seed. All values are random
and fake but format-valid. Offsets are UTF-16 code units, computed here, never by hand.
"""
import base64
import json
import os
import re
import string
import sys
import unicodedata
import zlib
from collections import Counter
import random

SEED = 0xB11D3
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.jsonl")

CREDENTIALS = [
    "private_key", "aws_access_key_id", "aws_secret_key", "github_token", "gitlab_token",
    "slack_token", "slack_webhook", "stripe_key", "google_api_key", "gcp_service_account",
    "azure_connection_string", "azure_sas_token", "npm_token", "pypi_token", "sendgrid_key",
    "twilio_key", "ai_api_key", "jwt", "url_credentials", "connection_string",
    "authorization_header", "session_cookie", "password_assignment", "password_hash",
]
PERSONAL = ["payment_card", "iban", "national_id", "date_of_birth"]
INFRA = ["email_address", "phone_number", "private_ip", "internal_hostname"]
SEV = {**{c: "critical" for c in CREDENTIALS}, **{c: "high" for c in PERSONAL},
       **{c: "medium" for c in INFRA}}
GROUP = {**{c: "credentials" for c in CREDENTIALS}, **{c: "personal" for c in PERSONAL},
         **{c: "infrastructure" for c in INFRA}}

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
AN = UP + LO + DG
HEX = "0123456789abcdef"
B62 = DG + UP + LO


def u16(s):
    return len(s.encode("utf-16-le")) // 2


def rs(n, alphabet=AN):
    return "".join(R.choice(alphabet) for _ in range(n))


def digits(n):
    return rs(n, DG)


def pick(seq):
    return R.choice(seq)


# --------------------------------------------------------------------------- label builder

class L:
    """A labelled value."""

    def __init__(self, value, category, also=None, optional=False, info=False, encoding=None):
        assert category in SEV, category
        self.value, self.category, self.also = value, category, also
        self.optional, self.info, self.encoding = optional, info, encoding


class N:
    """A hard negative placed in the text (diagnosis only)."""

    def __init__(self, value, kind):
        self.value, self.kind = value, kind


class Builder:
    def __init__(self):
        self.parts, self.labels, self.negatives, self.pos = [], [], [], 0

    def add(self, x):
        if x is None:
            return
        if isinstance(x, str):
            self.parts.append(x)
            self.pos += u16(x)
        elif isinstance(x, L):
            start = self.pos
            self.add(x.value)
            lab = {"start": start, "end": self.pos, "category": x.category,
                   "severity": "info" if x.info else SEV[x.category]}
            if x.also:
                lab["also"] = list(x.also)
            if x.optional:
                lab["optional"] = True
            if x.encoding:
                lab["encoding"] = x.encoding
            lab["_value"] = x.value
            self.labels.append(lab)
        elif isinstance(x, N):
            start = self.pos
            self.add(x.value)
            self.negatives.append({"start": start, "end": self.pos, "kind": x.kind, "_value": x.value})
        elif isinstance(x, (list, tuple)):
            for y in x:
                self.add(y)
        else:
            raise TypeError(type(x))

    def fill(self, tpl, slots):
        for i, p in enumerate(re.split(r"⟪(\w+)⟫", tpl)):
            self.add(p if i % 2 == 0 else slots[p])

    def text(self):
        return "".join(self.parts)


CASES = []


def case(carrier, lang, tpl, reporter=None, **slots):
    b = Builder()
    b.fill(tpl, slots)
    c = {"id": f"b3-{len(CASES) + 1:03d}-{carrier}", "carrier": carrier, "language": lang,
         "text": b.text(), "labels": sorted(b.labels, key=lambda l: l["start"]),
         "negatives": sorted(b.negatives, key=lambda n: n["start"])}
    if reporter:
        c["reporter_email"] = reporter
    CASES.append(c)
    return c


def public(c):
    out = {k: c[k] for k in ("id", "carrier", "language", "text")}
    out["labels"] = [{k: v for k, v in l.items() if not k.startswith("_")} for l in c["labels"]]
    out["negatives"] = [{k: v for k, v in n.items() if not k.startswith("_")} for n in c["negatives"]]
    if "reporter_email" in c:
        out["reporter_email"] = c["reporter_email"]
    return out


# --------------------------------------------------------------------------- value generators

def b62(n):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(6, "0")


def crc_token(prefix):
    body = rs(30)
    return f"{prefix}_{body}{b62(zlib.crc32(body.encode()))}"


def gh_token(prefix=None):
    return crc_token(prefix or pick(["ghp", "ghp", "gho", "ghs", "ghu"]))


def npm_token():
    return crc_token("npm")


def aws_id():
    while True:
        v = pick(["AKIA", "AKIA", "AKIA", "ASIA"]) + rs(16, UP + "234567")
        if "EXAMPLE" not in v:
            return v


def aws_secret():
    return rs(40, AN + "/+")


def glpat():
    return "glpat-" + rs(20, AN + "-_").replace("--", "-x")


def slack_bot():
    if R.random() < 0.6:
        return f"xoxb-{digits(11)}-{digits(13)}-{rs(24)}"
    return f"xoxp-{digits(11)}-{digits(11)}-{digits(13)}-{rs(32, HEX)}"


def slack_webhook():
    return f"https://hooks.slack.com/services/T{rs(8, UP + DG)}/B{rs(10, UP + DG)}/{rs(24)}"


def stripe():
    return pick(["sk_live_", "sk_live_", "rk_live_"]) + (rs(24) if R.random() < 0.5 else "51" + rs(97))


def aiza():
    return "AIza" + rs(35, AN + "-_")


def sendgrid():
    return "SG." + rs(22, AN + "-_") + "." + rs(43, AN + "-_")


def twilio_sk():
    return "SK" + rs(32, HEX)


def twilio_ac():
    return "AC" + rs(32, HEX)


def ai_key():
    k = R.random()
    if k < 0.35:
        return "sk-proj-" + rs(74, AN + "-_") + "T3BlbkFJ" + rs(74, AN + "-_")
    if k < 0.6:
        return "sk-" + rs(20) + "T3BlbkFJ" + rs(20)
    return "sk-ant-api03-" + rs(93, AN + "-_") + "AA"


def pypi():
    return "pypi-AgEIcHlwaS5vcmc" + "CJD" + rs(R.randint(120, 160), AN + "-_")


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt(sub=None):
    alg = pick(["HS256", "RS256", "ES256"])
    head = {"alg": alg, "typ": "JWT"}
    if alg != "HS256":
        head["kid"] = rs(16, HEX)
    iat = R.randint(1_700_000_000, 1_740_000_000)
    body = {"sub": sub or str(R.randint(1000, 99999)), "iat": iat, "exp": iat + pick([900, 3600, 86400]),
            "scope": pick(["read write", "admin", "openid profile", "billing:read"])}
    sig = R.randbytes({"HS256": 32, "RS256": 256, "ES256": 64}[alg])
    return ".".join([b64u(json.dumps(head, separators=(",", ":")).encode()),
                     b64u(json.dumps(body, separators=(",", ":")).encode()), b64u(sig)])


def azure_key():
    return base64.b64encode(R.randbytes(64)).decode()


def azure_conn(account=None):
    account = account or pick(["acmeexports", "stlogsprod01", "backupsfrc", "mediaassetsweu"]) + digits(2)
    return (f"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={azure_key()};"
            f"EndpointSuffix=core.windows.net")


def azure_sas():
    sig = base64.b64encode(R.randbytes(32)).decode()
    sig = sig.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    d = R.randint(1, 28)
    return (f"sv=2022-11-02&ss=b&srt=sco&sp={pick(['rl', 'rwdlac', 'r', 'racwdl'])}"
            f"&se=2025-{R.randint(3, 12):02d}-{d:02d}T18:00:00Z&st=2025-02-{d:02d}T09:00:00Z&spr=https&sig={sig}")


def hash_pw():
    k = R.random()
    c64 = "./" + DG + UP + LO
    if k < 0.3:
        return f"$2{pick(['a', 'b', 'y'])}${pick(['10', '12', '12', '14'])}$" + rs(53, c64)
    if k < 0.5:
        return ("$argon2id$v=19$m=65536,t=3,p=4$" + b64u(R.randbytes(16)).replace("-", "+").replace("_", "/")
                + "$" + b64u(R.randbytes(32)).replace("-", "+").replace("_", "/"))
    if k < 0.7:
        return "$6$" + rs(16, c64) + "$" + rs(86, c64)
    if k < 0.8:
        return "$apr1$" + rs(8, c64) + "$" + rs(22, c64)
    if k < 0.9:
        return "*" + rs(40, "0123456789ABCDEF")
    return "pbkdf2_sha256$600000$" + rs(22) + "$" + base64.b64encode(R.randbytes(32)).decode()


def pem(kind=None, escaped=False):
    kind = kind or pick(["rsa", "pkcs8", "ec", "openssh"])
    if kind == "rsa":
        title, der, width = "RSA PRIVATE KEY", bytes.fromhex("308204a40201000282010100") + R.randbytes(R.randint(500, 1100)), 64
    elif kind == "pkcs8":
        title, der, width = "PRIVATE KEY", bytes.fromhex("308204be020100300d06092a864886f70d0101010500048204a8") + R.randbytes(R.randint(500, 1100)), 64
    elif kind == "ec":
        title, der, width = "EC PRIVATE KEY", bytes.fromhex("30770201010420") + R.randbytes(32) + bytes.fromhex("a00a06082a8648ce3d030107a14403420004") + R.randbytes(64), 64
    else:
        title, der, width = "OPENSSH PRIVATE KEY", b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x003\x00\x00\x00\x0bssh-ed25519" + R.randbytes(R.randint(250, 330)), 70
    b = base64.b64encode(der).decode()
    lines = [b[i:i + width] for i in range(0, len(b), width)]
    nl = "\\n" if escaped else "\n"
    return nl.join([f"-----BEGIN {title}-----"] + lines + [f"-----END {title}-----"])


def gcp_json(project=None, pretty=True, indent="  "):
    project = project or pick(["acme-billing-prod", "logistique-data-4412", "hr-portal-staging", "telemetry-eu-2291"])
    who = pick(["svc-export", "ci-deployer", "bq-reader", "terraform", "backup-runner"])
    fields = [
        ("type", "service_account"), ("project_id", project), ("private_key_id", rs(40, HEX)),
        ("private_key", pem("pkcs8", escaped=True) + "\\n"),
        ("client_email", f"{who}@{project}.iam.gserviceaccount.com"), ("client_id", digits(21)),
        ("auth_uri", "https://accounts.google.com/o/oauth2/auth"),
        ("token_uri", "https://oauth2.googleapis.com/token"),
        ("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs"),
        ("client_x509_cert_url", f"https://www.googleapis.com/robot/v1/metadata/x509/{who}%40{project}.iam.gserviceaccount.com"),
        ("universe_domain", "googleapis.com"),
    ]
    if pretty:
        return "{\n" + ",\n".join(f'{indent}"{k}": "{v}"' for k, v in fields) + "\n" + indent[:-2] + "}"
    return "{" + ", ".join(f'"{k}": "{v}"' for k, v in fields) + "}"


# passwords --------------------------------------------------------------------------------

SYMS = "!#$%&*+-=?@^_~"
WORDS = ["Tournesol", "Marmotte", "Kestrel", "Harbor", "Lavande", "Granite", "Falcon", "Orchidee",
         "Sapphire", "Mistral", "Cobalt", "Brioche", "Nebula", "Tramway", "Quartz", "Pivoine"]


def pw_strong(n=None):
    n = n or R.randint(11, 16)
    while True:
        s = rs(n - 1, AN + AN + SYMS) + R.choice(AN)
        if (any(c in UP for c in s) and any(c in LO for c in s) and any(c in DG for c in s)
                and any(c in SYMS for c in s) and s[0] in AN):
            return s


def pw_human():
    w = pick(WORDS)
    return pick([f"{w}{pick(SYMS[:6])}{R.randint(10, 99)}{pick(LO)}", f"{w}-{pick(WORDS)}-{R.randint(10, 99)}",
                 f"{w}{R.randint(1990, 2025)}{pick('!#@?')}x", f"{pick(WORDS)[:4]}{R.randint(100, 999)}{w[:3].lower()}"])


def pw_lead(sym=None):
    sym = sym or pick(["$", "!", "#", "%", "&", "@", "*", "^", "?", "~", "+", "="])
    body = pw_strong(R.randint(10, 14))
    if sym in "$":
        body = pick(DG) + body  # "$9kQ..." (a shell reference never starts with a digit)
    return sym + body


def pw_any():
    r = R.random()
    return pw_strong() if r < 0.5 else pw_human() if r < 0.8 else pw_lead()


def pin():
    while True:
        p = digits(pick([4, 4, 4, 6]))
        if len(set(p)) > 2 and p not in "0123456789":
            return p


def generic_secret():
    return pick([rs(32, HEX), rs(40), b64u(R.randbytes(32)), rs(48, AN + "-_")])


# personal data ----------------------------------------------------------------------------

def luhn_complete(partial):
    s = 0
    for i, d in enumerate(reversed(partial)):
        n = int(d)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        s += n
    return partial + str((10 - s % 10) % 10)


def luhn_ok(num):
    return luhn_complete(num[:-1]) == num


TEST_CARDS = {"4242424242424242", "4111111111111111", "5555555555554444", "5105105105105100",
              "378282246310005", "371449635398431", "6011111111111117", "4012888888881881", "4000056655665556"}


def card(fmt=None):
    prefix, length = pick([("497010", 16), ("453201", 16), ("476173", 16), ("431940", 16), ("402360", 16),
                           ("5133", 16), ("5425", 16), ("2223", 16), ("5289", 16), ("5412", 16),
                           ("3742", 15), ("3715", 15), ("6011", 16)])
    while True:
        n = luhn_complete(prefix + digits(length - len(prefix) - 1))
        if n not in TEST_CARDS:
            break
    fmt = fmt or pick(["space", "space", "dash", "plain"])
    if fmt == "plain":
        return n
    sep = " " if fmt == "space" else "-"
    if length == 15:
        return sep.join([n[:4], n[4:10], n[10:]])
    return sep.join(n[i:i + 4] for i in range(0, 16, 4))


def bad_luhn():
    while True:
        n = "4970" + digits(12)
        if not luhn_ok(n):
            return " ".join(n[i:i + 4] for i in range(0, 16, 4))


def iban_check(cc, bban):
    num = "".join(str(int(ch, 36)) for ch in bban + cc + "00")
    return f"{98 - int(num) % 97:02d}"


def iban_ok(v):
    v = v.replace(" ", "")
    num = "".join(str(int(ch, 36)) for ch in v[4:] + v[:4])
    return int(num) % 97 == 1


def es_dc(s10):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    r = 11 - sum(int(d) * w[i] for i, d in enumerate(s10)) % 11
    return 0 if r == 11 else 1 if r == 10 else r


def iban(cc=None, grouped=None):
    cc = cc or pick(["FR", "FR", "FR", "DE", "ES", "BE", "NL", "GB", "CH"])
    if cc == "FR":
        bank, branch, acct = digits(5), digits(5), digits(11)
        key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)
        bban = bank + branch + acct + f"{key:02d}"
    elif cc == "DE":
        bban = digits(8) + digits(10)
    elif cc == "ES":
        bank, branch, acct = digits(4), digits(4), digits(10)
        bban = bank + branch + str(es_dc("00" + bank + branch)) + str(es_dc(acct)) + acct
    elif cc == "BE":
        d10 = digits(10)
        bban = d10 + f"{(int(d10) % 97) or 97:02d}"
    elif cc == "NL":
        while True:
            a9 = digits(9)
            last = (-sum(int(d) * (10 - i) for i, d in enumerate(a9))) % 11
            if last < 10 and a9[0] != "0":
                break
        bban = pick(["ABNA", "RABO", "INGB", "TRIO", "SNSB"]) + a9 + str(last)
    elif cc == "GB":
        bban = pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(6) + digits(8)
    else:  # CH
        bban = digits(5) + digits(12)
    v = cc + iban_check(cc, bban) + bban
    if grouped is None:
        grouped = R.random() < 0.7
    return " ".join(v[i:i + 4] for i in range(0, len(v), 4)) if grouped else v


def bad_iban():
    v = iban("FR", grouped=False)
    ck = int(v[2:4])
    v = v[:2] + f"{(ck + 11) % 97 or 13:02d}" + v[4:]
    assert not iban_ok(v)
    return " ".join(v[i:i + 4] for i in range(0, len(v), 4))


def nir(spaced=None):
    sex = pick("12")
    yy = f"{R.randint(45, 99):02d}" if R.random() < 0.85 else f"{R.randint(0, 5):02d}"
    mm = f"{R.randint(1, 12):02d}"
    dep = f"{pick([d for d in range(1, 96) if d != 20]):02d}"
    com, order = f"{R.randint(1, 899):03d}", f"{R.randint(1, 999):03d}"
    body = sex + yy + mm + dep + com + order
    key = f"{97 - int(body) % 97:02d}"
    if spaced is None:
        spaced = R.random() < 0.6
    if spaced:
        return " ".join([sex, yy, mm, dep, com, order, key])
    return body + key


def nir_ok(v):
    v = v.replace(" ", "")
    return len(v) == 15 and 97 - int(v[:13]) % 97 == int(v[13:])


def bad_nir():
    v = nir(spaced=False)
    k = int(v[13:])
    v = v[:13] + f"{(k % 96) + 1:02d}"
    assert not nir_ok(v)
    return " ".join([v[0], v[1:3], v[3:5], v[5:7], v[7:10], v[10:13], v[13:]])


def ssn():
    while True:
        area = R.randint(1, 899)
        if area != 666:
            break
    v = f"{area:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"
    return v if v not in ("078-05-1120", "219-09-9999") else ssn()


def ssn_ok(v):
    a, g, s = v.split("-")
    return a not in ("000", "666") and a[0] != "9" and g != "00" and s != "0000"


NINO_1 = "ABCEGHJKLMNOPRSTWXYZ"
NINO_2 = "ABCEGHJKLMNPRSTWXYZ"
NINO_BAD = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ", "QQ"}


def nino():
    while True:
        p = pick(NINO_1) + pick(NINO_2)
        if p not in NINO_BAD:
            break
    d = digits(6)
    return pick([f"{p} {d[:2]} {d[2:4]} {d[4:]} {pick('ABCD')}", f"{p}{d}{pick('ABCD')}"])


def nino_ok(v):
    v = v.replace(" ", "")
    return (len(v) == 9 and v[0] in NINO_1 and v[1] in NINO_2 and v[:2] not in NINO_BAD
            and v[2:8].isdigit() and v[8] in "ABCD")


DNI_L = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni():
    n = R.randint(10_000_000, 99_999_999)
    if R.random() < 0.25:
        p = pick("XYZ")
        n = R.randint(1_000_000, 9_999_999)
        return f"{p}{n:07d}{DNI_L[int(str('XYZ'.index(p)) + f'{n:07d}') % 23]}"
    return f"{n:08d}{DNI_L[n % 23]}"


def dni_ok(v):
    body = v[:-1]
    if body[0] in "XYZ":
        body = str("XYZ".index(body[0])) + body[1:]
    return DNI_L[int(body) % 23] == v[-1]


def steuer_check(d10):
    product = 10
    for d in d10:
        s = (int(d) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    c = 11 - product
    return 0 if c == 10 else c


def steuer():
    while True:
        ds = list(DG)
        R.shuffle(ds)
        seq = [ds[0], ds[0]] + ds[2:]
        R.shuffle(seq)
        if seq[0] != "0":
            d10 = "".join(seq)
            v = d10 + str(steuer_check(d10))
            return pick([v, f"{v[:2]} {v[2:5]} {v[5:8]} {v[8:]}"])


def steuer_ok(v):
    v = v.replace(" ", "")
    return len(v) == 11 and v[0] != "0" and steuer_check(v[:10]) == int(v[10])


CF_ODD = dict(zip(DG + UP, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18,
                            20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))


def cf_check(s15):
    return chr(65 + sum(CF_ODD[c] if i % 2 == 0 else (int(c) if c.isdigit() else ord(c) - 65)
                        for i, c in enumerate(s15)) % 26)


def codice_fiscale():
    cons = "BCDFGHLMNPRSTVZ"
    s = rs(3, cons) + rs(3, cons) + f"{R.randint(50, 99):02d}" + pick("ABCDEHLMPRST")
    s += f"{R.randint(1, 28) + pick([0, 40]):02d}" + pick(["H501", "F205", "L219", "A944", "G273", "D612"])
    return s + cf_check(s)


def cf_ok(v):
    return len(v) == 16 and cf_check(v[:15]) == v[15]


MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]


def dob(lang="en", style=None):
    y, m, d = R.randint(1948, 2004), R.randint(1, 12), R.randint(1, 28)
    style = style or pick(["iso", "slash", "long"])
    if style == "iso":
        return f"{y}-{m:02d}-{d:02d}"
    if style == "slash":
        return f"{d:02d}/{m:02d}/{y}" if lang == "fr" else pick([f"{d:02d}/{m:02d}/{y}", f"{m:02d}/{d:02d}/{y}"])
    if lang == "fr":
        return f"{'1er' if d == 1 else d} {MONTHS_FR[m - 1]} {y}"
    return f"{d} {MONTHS_EN[m - 1]} {y}"


def phone(country=None):
    country = country or pick(["FR", "FR", "FR", "UK", "US", "DE", "ES", "IT", "BE", "CH"])
    if country == "FR":
        lead = pick(["6", "7", "1", "4", "9"])
        d = lead + digits(8)
        groups = " ".join(d[i:i + 2] for i in range(1, 9, 2))
        return pick([f"+33 {lead} {groups}", f"0{lead} {groups}", f"0{lead}.{groups.replace(' ', '.')}",
                     f"+33 (0){lead} {groups}"])
    if country == "UK":
        while True:
            a = "7" + pick("4589") + digits(2)
            b = digits(6)
            if not (a == "7700" and b.startswith("900")):
                break
        return pick([f"+44 {a} {b}", f"0{a} {b}"])
    if country == "US":
        area = pick(["212", "415", "617", "312", "206", "512", "303", "404"])
        while True:
            ex = pick("23456789") + digits(2)
            if ex != "555":
                break
        line = digits(4)
        return pick([f"+1 ({area}) {ex}-{line}", f"+1 {area}-{ex}-{line}", f"({area}) {ex}-{line}"])
    if country == "DE":
        return pick([f"+49 151 {digits(8)}", f"+49 30 {digits(8)}", f"+49 (0)89 {digits(7)}"])
    if country == "ES":
        d = digits(8)
        return f"+34 6{d[:2]} {d[2:5]} {d[5:]}"
    if country == "IT":
        d = digits(9)
        return f"+39 3{d[:2]} {d[2:5]} {d[5:]}"
    if country == "BE":
        d = digits(8)
        return f"+32 4{d[0]}{d[1]} {d[2:4]} {d[4:6]} {d[6:]}"
    d = digits(7)
    return f"+41 79 {d[:3]} {d[3:5]} {d[5:]}"


FIRST_FR = ["Camille", "Julien", "Léa", "Mathieu", "Inès", "Thomas", "Chloé", "Nicolas", "Manon", "Hugo",
            "Élodie", "Sébastien", "Clémence", "Antoine", "Océane", "Rémi", "Gaëlle", "Jérôme", "Agnès", "Loïc"]
LAST_FR = ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefèvre", "Girard", "Roux", "Fontaine",
           "Chevalier", "Garnier", "Faure", "Mercier", "Blanc", "Guérin", "Rousseau", "Perrin", "Benoît"]
FIRST_EN = ["Emily", "James", "Olivia", "Daniel", "Sophie", "Michael", "Hannah", "Ryan", "Grace", "Ethan",
            "Priya", "Tomasz", "Aisha", "Lukas", "Mei", "Diego"]
LAST_EN = ["Carter", "Hughes", "Patel", "Nguyen", "Walsh", "Brennan", "Foster", "Reyes", "Okafor",
           "Lindqvist", "Kowalski", "Schneider", "Rossi", "Haddad"]
DOMAINS_FR = ["acme-logistique.fr", "transports-verdier.fr", "orange.fr", "laposte.net", "free.fr",
              "mairie-saint-brieuc.fr", "clinique-des-tilleuls.fr", "gmail.com", "outlook.fr", "thalesgroup.com"]
DOMAINS_EN = ["northwind-traders.co.uk", "helix-biotech.com", "gmail.com", "outlook.com", "stadtwerke-kassel.de",
              "brightline-energy.com", "yahoo.co.uk", "proton.me", "thalesgroup.com", "kestrel-aero.com"]


def ascii_(s):
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def person(lang="fr"):
    if lang == "fr":
        return pick(FIRST_FR), pick(LAST_FR)
    return pick(FIRST_EN), pick(LAST_EN)


def email_of(first, last, lang="fr"):
    dom = pick(DOMAINS_FR if lang == "fr" else DOMAINS_EN)
    f, l = ascii_(first).lower(), ascii_(last).lower().replace(" ", "")
    return pick([f"{f}.{l}@{dom}", f"{f[0]}.{l}@{dom}", f"{f}{l[0]}{R.randint(1, 99)}@{dom}", f"{l}.{f}@{dom}"])


def email(lang="fr"):
    return email_of(*person(lang), lang)


def priv_ip():
    k = R.random()
    if k < 0.4:
        return f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    if k < 0.65:
        return f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    if k < 0.92:
        return f"192.168.{R.randint(0, 255)}.{R.randint(1, 254)}"
    return f"fd{rs(2, HEX)}:{rs(4, HEX)}:{rs(4, HEX)}::{R.randint(1, 99)}"


def pub_ip():
    while True:
        a = R.randint(11, 223)
        if a not in (100, 127, 169, 172, 192, 198, 203):
            return f"{a}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


SVC = ["vault", "ldap01", "jenkins", "grafana", "db-primary", "pg-replica-2", "nexus", "sso", "gitlab",
       "mq01", "kibana", "backup", "erp", "rh-portail", "scada-hist", "build-agent-07", "radius", "minio"]


def int_host():
    s = pick(SVC)
    return pick([f"{s}.prod.internal", f"{s}.corp", f"{s}.acme.local", f"{s}.lan", f"{s}.intranet",
                 f"{s}.payments.svc.cluster.local", f"{s}.service.consul", f"{s}.site-lyon.intra",
                 f"{s}.home.arpa", f"{s}.localdomain", f"{s}.eu-west.internal", f"{s}.dmz.corp"])


def git_sha():
    return rs(40, HEX)


def uuid4():
    h = rs(32, HEX)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{pick('89ab')}{h[17:20]}-{h[20:]}"


def sha256():
    return rs(64, HEX)


def png_b64():
    raw = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa" + R.randbytes(R.randint(90, 180))
    return base64.b64encode(raw).decode()


def version():
    return f"{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 30)}"


def ts():
    return f"2025-{R.randint(1, 6):02d}-{R.randint(1, 28):02d}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}Z"


def hm():
    return f"{R.randint(7, 19):02d}:{R.randint(0, 59):02d}"


# shorthand label makers ----------------------------------------------------------------------

def PW(v=None):
    return L(v or pw_any(), "password_assignment")


def REP(first=None, last=None):
    """The reporter's own address (a negative: the scanner gets it as reporter_email)."""
    if not first:
        first, last = person(pick(["fr", "en"]))
    return ascii_(first).lower() + "." + ascii_(last).lower().replace(" ", "") + pick(["@protonmail.com", "@gmail.com", "@secu-audit.fr", "@redteam.io"])


# --------------------------------------------------------------------------- config builder

KIND_CATEGORY = {"aws": "aws_access_key_id", "github": "github_token", "gitlab": "gitlab_token",
                 "slack_token": "slack_token", "slack_webhook": "slack_webhook", "stripe": "stripe_key",
                 "google": "google_api_key", "gcp": "gcp_service_account", "azure_conn": "azure_connection_string",
                 "azure_sas": "azure_sas_token", "npm": "npm_token", "pypi": "pypi_token", "sendgrid": "sendgrid_key",
                 "twilio": "twilio_key", "ai": "ai_api_key", "jwt": "jwt", "url_cred": "url_credentials",
                 "conn": "connection_string", "password": "password_assignment", "hash": "password_hash",
                 "private_key": "private_key"}


class Pool:
    """Picks the kinds whose category has the fewest required labels in the corpus so far, so that
    every category gets enough positives (the corpus test asks for 15 a category)."""

    def take(self, allowed, n):
        have = Counter(l["category"] for c in CASES for l in c["labels"]
                       if l["severity"] != "info" and not l.get("optional"))
        out = []
        for _ in range(n):
            left = [k for k in allowed if k not in out]
            k = min(left, key=lambda k: (have[KIND_CATEGORY[k]], R.random()))
            have[KIND_CATEGORY[k]] += 1
            out.append(k)
        return out


POOL = Pool()
CONF_KINDS = ["aws", "github", "gitlab", "slack_token", "slack_webhook", "stripe", "google", "gcp",
              "azure_conn", "azure_sas", "npm", "pypi", "sendgrid", "twilio", "ai", "jwt", "url_cred",
              "conn", "password", "password", "hash", "private_key"]


def conn_string():
    """A database URI / JDBC / ADO.NET string, as a list of parts (host optional-labelled when internal)."""
    user = pick(["app", "svc_billing", "etl", "admin", "reporting", "odoo"])
    pw = pw_strong(R.randint(12, 20)).replace("@", "A").replace("/", "s").replace(":", "c").replace("?", "q").replace("#", "h").replace("%", "p")
    host_kind = R.random()
    scheme = pick(["postgres", "postgresql", "mysql", "mongodb+srv", "redis", "amqp", "mssql", "jdbc", "ado"])
    public_host = {"mongodb+srv": "cluster0.x8k2p.mongodb.net", "redis": "cache.acme-logistique.fr", "amqp": "mq.northwind-traders.co.uk",
                   "mysql": "mysql.transports-verdier.fr", "mssql": "sql.helix-biotech.com", "ado": "sql.helix-biotech.com"}.get(scheme, "pg.helix-biotech.com")
    host = int_host() if host_kind < 0.45 else priv_ip() if host_kind < 0.65 else public_host
    if ":" in host:  # IPv6: keep URIs simple
        host = "10.12.0." + str(R.randint(2, 250))
    if scheme == "mongodb+srv" and host[0].isdigit():  # SRV records need a name
        host = int_host()
    hcat = "internal_hostname" if not host[0].isdigit() and host != public_host else "private_ip" if host[0].isdigit() else None
    also = ["url_credentials", "password_assignment"]
    hostpart = L(host, hcat, optional=True) if hcat else host
    if scheme in ("jdbc", "ado"):
        if scheme == "jdbc":
            parts = ["jdbc:postgresql://", hostpart, f":5432/{pick(['erp', 'app', 'billing'])}?user={user}&password=", pw, ""]
        else:
            parts = ["Server=", hostpart, f",1433;Database={pick(['Paie', 'CRM', 'Stock'])};User Id={user};Password=", pw, ";TrustServerCertificate=True"]
        if not hcat:  # nothing optional inside: the whole string is the label
            return [L("".join(parts[:4]), "connection_string", also=also), parts[4]]
        return parts[:3] + [L(pw, "connection_string", also=also), parts[4]]
    port = {"postgres": 5432, "postgresql": 5432, "mysql": 3306, "mongodb+srv": None, "redis": 6379, "amqp": 5672, "mssql": 1433}[scheme]
    cred = f"{scheme}://{'' if scheme == 'redis' else user}:{pw}"
    if not hcat:
        tail = f"/{pick(['app', 'prod', 'orders'])}" if scheme != "redis" else "/0"
        return [L(f"{cred}@{host}{':' + str(port) if port else ''}{tail}", "connection_string", also=also)]
    return [L(cred, "connection_string", also=also), "@", hostpart, f"{':' + str(port) if port else ''}/{pick(['app', 'prod', 'orders', '0'])}"]


def url_cred():
    user = pick(["deploy", "backup", "alerts", "ci", "jdupont", "scanner"])
    pw = pw_strong(R.randint(10, 16)).replace("@", "A").replace("/", "s").replace(":", "c").replace("?", "q").replace("#", "h").replace("%", "p")
    scheme, host, tail = pick([("https", "git.acme-logistique.fr", "/infra/ansible.git"), ("ftp", "ftp.transports-verdier.fr", "/exports/"),
                               ("smtps", "smtp.mailgun.org", ":465"), ("ldap", "ldap01.corp", ":389"), ("sftp", "files.kestrel-aero.com", "/in"),
                               ("https", "nexus.prod.internal", "/repository/maven-releases/"), ("http", "192.168.1.20", ":8080/manager/html")])
    if host.endswith((".corp", ".internal")):
        return [L(f"{scheme}://{user}:{pw}", "url_credentials"), "@", L(host, "internal_hostname", optional=True), tail]
    if host[0].isdigit():
        return [L(f"{scheme}://{user}:{pw}", "url_credentials"), "@", L(host, "private_ip", optional=True), tail]
    return [L(f"{scheme}://{user}:{pw}@{host}{tail}", "url_credentials")]


def key_for(kind, parts):
    v = raw_value(parts)
    if kind == "ai":
        return "ANTHROPIC_API_KEY" if v.startswith("sk-ant-") else pick(["OPENAI_API_KEY", "LLM_API_KEY"])
    if kind == "url_cred":
        sch = v.split(":", 1)[0]
        return {"smtps": "SMTP_URL", "ldap": "LDAP_URL", "ftp": "EXPORT_FTP_URL", "sftp": "EXPORT_SFTP_URL",
                "http": "TOMCAT_MANAGER_URL"}.get(sch, "MIRROR_URL")
    if kind == "conn":
        if v.startswith(("Server=", "jdbc:")):
            return pick(["DB_CONNECTION_STRING", "SQL_DSN"])
        sch = v.split(":", 1)[0]
        return {"redis": "CACHE_URL", "amqp": "BROKER_URL", "mongodb+srv": "MONGO_URI"}.get(sch, pick(["DATABASE_URL", "DB_DSN"]))
    if kind == "private_key":
        return "SSH_PRIVATE_KEY" if "OPENSSH" in v else pick(["TLS_KEY", "JWT_SIGNING_KEY", "SAML_SP_KEY"])
    return None


def kind_entries(kind):
    entries = _kind_entries(kind)
    if len(entries) == 1:
        k = key_for(kind, entries[0][1])
        if k:
            entries = [(k, entries[0][1])]
    return entries


def _kind_entries(kind):
    """[(ENV_KEY, parts, needs_quotes_kind)]; parts are str/L lists; single-line values."""
    if kind == "aws":
        return [("AWS_ACCESS_KEY_ID", [L(aws_id(), "aws_access_key_id")]),
                ("AWS_SECRET_ACCESS_KEY", [L(aws_secret(), "aws_secret_key")])]
    if kind == "github":
        return [(pick(["GITHUB_TOKEN", "GH_PAT", "RELEASE_BOT_TOKEN"]), [L(gh_token(), "github_token")])]
    if kind == "gitlab":
        return [(pick(["GITLAB_TOKEN", "GITLAB_API_TOKEN", "CI_PUSH_TOKEN"]), [L(glpat(), "gitlab_token")])]
    if kind == "slack_token":
        return [(pick(["SLACK_BOT_TOKEN", "SLACK_TOKEN"]), [L(slack_bot(), "slack_token")])]
    if kind == "slack_webhook":
        return [(pick(["SLACK_WEBHOOK_URL", "ALERT_WEBHOOK"]), [L(slack_webhook(), "slack_webhook")])]
    if kind == "stripe":
        return [(pick(["STRIPE_SECRET_KEY", "STRIPE_API_KEY"]), [L(stripe(), "stripe_key")])]
    if kind == "google":
        return [(pick(["GOOGLE_MAPS_API_KEY", "FIREBASE_API_KEY", "YOUTUBE_API_KEY"]), [L(aiza(), "google_api_key")])]
    if kind == "gcp":
        return [("GCP_SERVICE_ACCOUNT_JSON", [L(gcp_json(pretty=False), "gcp_service_account", also=["private_key", "email_address"])])]
    if kind == "azure_conn":
        return [("AZURE_STORAGE_CONNECTION_STRING", [L(azure_conn(), "azure_connection_string", also=["connection_string"])])]
    if kind == "azure_sas":
        acct = pick(["acmeexports", "stlogsprod01", "backupsfrc"])
        return [("AZURE_BLOB_SAS_URL", [f"https://{acct}.blob.core.windows.net/{pick(['exports', 'backups', 'media'])}?",
                                         L(azure_sas(), "azure_sas_token")])]
    if kind == "npm":
        return [("NPM_TOKEN", [L(npm_token(), "npm_token")])]
    if kind == "pypi":
        return [(pick(["PYPI_TOKEN", "TWINE_PASSWORD"]), [L(pypi(), "pypi_token", also=["password_assignment"])])]
    if kind == "sendgrid":
        return [("SENDGRID_API_KEY", [L(sendgrid(), "sendgrid_key")])]
    if kind == "twilio":
        if R.random() < 0.5:
            return [("TWILIO_ACCOUNT_SID", [L(twilio_ac(), "twilio_key", optional=True)]),
                    ("TWILIO_AUTH_TOKEN", [L(rs(32, HEX), "twilio_key", also=["password_assignment"])])]
        return [("TWILIO_API_KEY", [L(twilio_sk(), "twilio_key")]),
                ("TWILIO_API_SECRET", [L(rs(32), "twilio_key", also=["password_assignment"])])]
    if kind == "ai":
        return [(pick(["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "LLM_API_KEY"]), [L(ai_key(), "ai_api_key")])]
    if kind == "jwt":
        return [(pick(["SERVICE_JWT", "API_ACCESS_TOKEN", "INTERNAL_BEARER"]), [L(jwt(), "jwt")])]
    if kind == "url_cred":
        return [(pick(["SMTP_URL", "MIRROR_URL", "LDAP_URL", "EXPORT_URL"]), url_cred())]
    if kind == "conn":
        return [(pick(["DATABASE_URL", "DB_DSN", "MONGO_URI", "CACHE_URL", "BROKER_URL"]), conn_string())]
    if kind == "password":
        return [(pick(["DB_PASSWORD", "ADMIN_PASSWORD", "SMTP_PASSWORD", "KEYSTORE_PASS", "LDAP_BIND_PASSWORD",
                       "REDIS_PASS", "MQ_PASSWORD", "ROOT_PASS"]), [L(pw_lead() if R.random() < 0.6 else pw_any(), "password_assignment")])]
    if kind == "hash":
        return [(pick(["ADMIN_PASSWORD_HASH", "HTPASSWD_HASH", "BOOTSTRAP_USER_HASH"]), [L(hash_pw(), "password_hash")])]
    if kind == "private_key":
        return [(pick(["SSH_PRIVATE_KEY", "TLS_KEY", "JWT_SIGNING_KEY"]), [L(pem(pick(["rsa", "ec", "openssh", "pkcs8"]), escaped=True), "private_key")])]
    raise KeyError(kind)


def fillers():
    return [
        ("LOG_LEVEL", [pick(["info", "debug", "warn"])]),
        ("PORT", [str(pick([8080, 3000, 8443, 5000]))]),
        ("APP_VERSION", [N(version(), "version")]),
        ("REQUEST_TIMEOUT_MS", [str(pick([3000, 15000, 30000]))]),
        ("FEATURE_NEW_CHECKOUT", [pick(["true", "false"])]),
        ("DB_HOST", [L(int_host(), "internal_hostname")]),
        ("REDIS_HOST", [L(priv_ip(), "private_ip")]),
        ("SESSION_SECRET", [N("${SESSION_SECRET}", "placeholder")]),
        ("BACKUP_PASSWORD", [N("$BACKUP_PASSWORD", "placeholder")]),
        ("OPS_CONTACT", [L(email(pick(["fr", "en"])), "email_address")]),
        ("BUILD_SHA", [N(git_sha(), "git_sha")]),
        ("INSTANCE_ID", [N(uuid4(), "uuid")]),
        ("PASSWORD_MIN_LENGTH", [N("12", "password_not_secret")]),
    ]


REF_RE = re.compile(r"\$\{?[A-Z_][A-Z0-9_]*(:[^}]*)?\}?|%[A-Z_]+%")


def raw_value(parts):
    return "".join(p if isinstance(p, str) else p.value for p in parts)


def quote_parts(parts, q):
    return [q] + list(parts) + [q]


def render_config(syntax, entries, lang):
    """entries: [(ENV_KEY, parts)] -> list of parts for the whole file body."""
    out = []
    section_names = ["app", "database", "integrations", "mail", "storage"]
    if syntax in ("ini", "toml"):
        out.append(f"[{section_names[0]}]\n")
    for i, (key, parts) in enumerate(entries):
        raw = raw_value(parts)
        if syntax in ("ini", "toml") and i and i % 4 == 0:
            out.append(f"\n[{section_names[(i // 4) % len(section_names)]}]\n")
        is_ref = bool(REF_RE.fullmatch(raw))
        lead_sym = raw[:1] in "$!#%&@*^?~+=" and not is_ref
        if syntax == "env":
            if is_ref:
                q = pick(["", '"'])
            elif '"' in raw or "$" in raw or lead_sym:
                q = "'"
            else:
                q = pick(["", "", '"'])
            out += [f"{key}=", *quote_parts(parts, q), "\n"]
        elif syntax == "yaml":
            k = key.lower()
            if '"' in raw:
                q = "'"
            elif lead_sym or ": " in raw or " #" in raw or raw[:1] in "{[":
                q = pick(['"', "'"])
            else:
                q = pick(["", "", '"'])
            out += [f"  {k}: ", *quote_parts(parts, q), "\n"]
        elif syntax == "ini":
            k = key.lower()
            q = pick(['"', ""]) if lead_sym else ""
            out += [f"{k} = ", *quote_parts(parts, q), "\n"]
        elif syntax == "toml":
            k = key.lower()
            if raw.isdigit() or raw in ("true", "false"):
                q = ""
            else:
                q = "'" if '"' in raw or "\\" in raw else pick(['"', "'"])
            out += [f"{k} = ", *quote_parts(parts, q), "\n"]
        elif syntax == "properties":
            k = key.lower().replace("_", ".")
            out += [f"{k}=", *parts, "\n"]
        elif syntax == "json":
            k = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), key.lower())
            sep = ",\n" if i < len(entries) - 1 else "\n"
            if raw.startswith("{"):
                out += [f'  "{k}": ', *parts, sep]
            elif raw.isdigit() or raw in ("true", "false"):
                out += [f'  "{k}": ', *parts, sep]
            else:
                out += [f'  "{k}": "', *parts, '"', sep]
    return out


CONF_HEADERS = {
    ("env", "en"): ["Here is the .env I found world-readable at /var/www/app/.env on the demo appliance:\n\n",
                    "The container image ships this file as /srv/api/.env (layer 7 of the image, see below):\n\n",
                    "Contents of .env.production as served by the misconfigured static route (GET /.env):\n\n"],
    ("env", "fr"): ["Voici le fichier .env récupéré en clair via l'URL /.env sur le serveur de recette :\n\n",
                    "Extrait du fichier d'environnement livré dans l'archive de mise à jour (chemin opt/agent/.env) :\n\n"],
    ("yaml", "en"): ["Helm values committed to the public chart repository (values-prod.yaml):\n\n",
                     "application.yml extracted from the Spring Boot fat jar:\n\n"],
    ("yaml", "fr"): ["Le fichier config/settings.yaml est lisible par tous les utilisateurs locaux ; extrait :\n\n",
                     "Fichier values.yaml trouvé dans le dépôt public du prestataire :\n\n"],
    ("ini", "en"): ["The installer leaves C:\\ProgramData\\Agent\\agent.ini readable by Everyone:\n\n",
                    "config.ini as returned by the path traversal (../../etc/app/config.ini):\n\n"],
    ("ini", "fr"): ["Le fichier agent.ini est accessible en lecture à tous les comptes du poste :\n\n"],
    ("toml", "en"): ["The Rust service reads this config.toml, which is baked into the public Docker image:\n\n"],
    ("toml", "fr"): ["Le binaire embarque ce fichier config.toml (extrait avec strings) :\n\n"],
    ("properties", "en"): ["application.properties recovered from the WAR file:\n\n"],
    ("properties", "fr"): ["Le fichier application.properties est présent dans le WAR déployé :\n\n"],
    ("json", "en"): ["The mobile app bundles this appsettings.json (assets/config/appsettings.json):\n\n"],
    ("json", "fr"): ["Le fichier appsettings.json est embarqué dans l'APK (assets/config) :\n\n"],
}
CONF_FOOTERS = {"en": ["", "\nAll of these are live as far as I can tell; I did not use them beyond checking the login page.\n",
                       "\nPlease rotate these values; I have deleted my local copy.\n"],
                "fr": ["", "\nJe n'ai utilisé aucun de ces secrets au-delà d'une vérification ; merci de les révoquer.\n",
                       "\nCes valeurs semblent valides ; je n'ai conservé aucune copie.\n"]}
CARRIER_OF = {"env": "env_file", "yaml": "config_yaml", "ini": "config_ini", "toml": "config_toml",
              "properties": "config_properties", "json": "config_json"}


def config_case(syntax, lang, n_secrets, n_fill=3, kinds=None, reporter=None):
    allowed = kinds or CONF_KINDS
    if syntax in ("ini", "properties"):
        allowed = [k for k in allowed if k not in ("gcp", "private_key")] or allowed
    picked = POOL.take(sorted(set(allowed)), n_secrets)
    entries = []
    for k in picked:
        entries += kind_entries(k)
    fl = fillers()
    R.shuffle(fl)
    entries += fl[:n_fill]
    R.shuffle(entries)
    body = render_config(syntax, entries, lang)
    if syntax == "json":
        body = ["{\n"] + body + ["}\n"]
    if syntax == "yaml":
        body = [pick(["app:\n", "config:\n", "env:\n"])] + body
    head = pick(CONF_HEADERS[(syntax, lang)])
    foot = pick(CONF_FOOTERS[lang])
    sig = None
    if reporter:
        sig = ["\n— " + ("signalé par " if lang == "fr" else "reported by "), N(reporter, "reporter_email"), "\n"]
    return case(CARRIER_OF[syntax], lang, "⟪h⟫⟪b⟫⟪f⟫⟪s⟫", reporter=reporter, h=head, b=body, f=foot, s=sig)


# =========================================================================== the corpus

def build():
    # ------------------------------------------------------------------ 1. prose, English
    en_prose = [
        ("While testing the HMI I could log in as operator with password ⟪a⟫ — it is printed on a sticker under the unit, so anyone with physical access has it.", dict(a=PW(pw_strong()))),
        ("The password is ⟪a⟫. It is the same on the three gateways I looked at (firmware ⟪v⟫).", dict(a=PW(), v=N(version(), "version"))),
        ("Default credentials: user admin, password ⟪a⟫. The setup wizard never asks to change them.", dict(a=PW(pw_human()))),
        ("creds admin / ⟪a⟫ still work on the staging portal, I checked on ⟪d⟫.", dict(a=PW(pw_strong()), d=N("2025-03-04", "date_no_birth"))),
        ("I was able to authenticate as svc_backup using the password ⟪a⟫, which the installer writes to its log in clear text.", dict(a=PW())),
        ("The firmware update is signed with a key protected by a passphrase, and the passphrase is in the build script: the signing step runs gpg with the passphrase ⟪a⟫ and --batch.", dict(a=PW("tangerine-orbit-lantern-" + digits(2)))),
        ("To open the maintenance menu, enter PIN ⟪a⟫ on the keypad; it is identical on every terminal in the depot.", dict(a=PW(pin()))),
        ("The combo ⟪u⟫:⟪a⟫ works on the RTSP stream of all cameras.", dict(u="viewer", a=PW(pw_strong(10)))),
        ("Their service account's password was set to ⟪a⟫ during onboarding and never rotated.", dict(a=PW(pw_human()))),
        ("login root, password ⟪a⟫ — this is the factory account on the serial console (115200 8N1).", dict(a=PW())),
        ("The admin password (⟪a⟫) is identical across the whole product line, since it is derived from nothing.", dict(a=PW(pw_strong()))),
        ("It accepts the factory password ⟪a⟫ over telnet on port 23, which is open by default.", dict(a=PW(pw_human()))),
        ("Use password '⟪a⟫' for the support account and you land on a root shell.", dict(a=PW(pw_lead("!")))),
        ("The Wi-Fi key for the lab network printed on the router is ⟪a⟫, and that network bridges to the OT VLAN.", dict(a=PW(pw_strong(16)))),
        ("I signed in as ⟪e⟫ with the password ⟪a⟫, which her manager had posted in the public wiki page.", dict(e=L(email("en"), "email_address"), a=PW())),
        ("The card reader's PIN code is ⟪a⟫ and the master unlock PIN is ⟪b⟫; both are hard-coded in libkeypad.so.", dict(a=PW(pin()), b=PW(pin()))),
        ("For the record, the password for the 'reporting' database user is ⟪a⟫ and for 'etl' it is ⟪b⟫.", dict(a=PW(pw_lead("#")), b=PW(pw_strong()))),
        ("I could unlock the encrypted backup with the passphrase ⟪a⟫, found in the cron job.", dict(a=PW(pw_human()))),
        ("The default login is technician and the password is ⟪a⟫ on units sold before 2023.", dict(a=PW(pw_strong(12)))),
        ("pw for the jump host is ⟪a⟫ (found in the shared OneNote).", dict(a=PW(pw_lead("%")))),
        ("Steps: 1) browse to https://⟪h⟫/admin 2) log in with user 'maint' and password ⟪a⟫ 3) open Settings > Users.", dict(h=L(int_host(), "internal_hostname"), a=PW())),
        ("The mobile app signs requests with the API key ⟪a⟫, hard-coded in classes.dex.", dict(a=L(aiza(), "google_api_key"))),
        ("The leaked CI log shows the deploy token ⟪a⟫ in clear when the job echoes its environment.", dict(a=L(glpat(), "gitlab_token"))),
        ("The JavaScript bundle main.4f1c2e.js contains the live Stripe key ⟪a⟫ in the checkout module.", dict(a=L(stripe(), "stripe_key"))),
        ("The README in the public fork still has a personal access token: ⟪a⟫ (it has repo scope).", dict(a=L(gh_token("ghp"), "github_token"))),
        ("Running strings on the desktop client reveals an OpenAI key, ⟪a⟫, used for the assistant feature.", dict(a=L(ai_key(), "ai_api_key"))),
        ("Attackers can reuse the bootstrap credentials deploy:⟪a⟫ that the Ansible role sets on every node.", dict(a=PW(pw_strong()))),
        ("Note that the recovery code for the HSM operator card is ⟪a⟫ and the card PIN is ⟪b⟫.", dict(a=PW(digits(4) + "-" + digits(4) + "-" + digits(4)), b=PW(pin()))),
        ("On the kiosk, the hidden exit gesture asks for a password, and that password is ⟪a⟫ on every unit in the airport.", dict(a=PW(pw_human()))),
        ("The vendor's support engineer told us on the phone that the master password is ⟪a⟫ and that it cannot be changed.", dict(a=PW(pw_lead("&")))),
    ]
    for tpl, slots in en_prose:
        rep = REP() if R.random() < 0.3 else None
        if rep:
            tpl = tpl + "\n\nReported by ⟪r⟫"
            slots = dict(slots, r=N(rep, "reporter_email"))
        case("prose_en", "en", tpl, reporter=rep, **slots)

    # ------------------------------------------------------------------ 2. prose, French
    fr_prose = [
        ("Le mot de passe est ⟪a⟫ ; il est identique sur toutes les bornes du parc.", dict(a=PW())),
        ("Mot de passe : ⟪a⟫ (compte « maintenance », créé par l'intégrateur).", dict(a=PW(pw_strong()))),
        ("Identifiants : admin / ⟪a⟫ — valables sur l'interface web de l'automate.", dict(a=PW(pw_human()))),
        ("Connectez-vous avec l'utilisateur exploit et le mot de passe ⟪a⟫, puis ouvrez l'onglet Diagnostic.", dict(a=PW())),
        ("Le code PIN du terminal de paiement de test est ⟪a⟫, inscrit au feutre sur le boîtier.", dict(a=PW(pin()))),
        ("La clé privée est protégée par la phrase de passe ⟪a⟫, écrite en clair dans le script de déploiement.", dict(a=PW("marmotte-" + pick(WORDS).lower() + "-" + digits(3)))),
        ("Le mot de passe par défaut (⟪a⟫) n'a jamais été changé depuis la mise en service en 2019.", dict(a=PW(pw_human()))),
        ("mdp : ⟪a⟫ pour le compte de service svc_sauvegarde.", dict(a=PW(pw_lead("$")))),
        ("Le compte de service « svc_paie » utilise le mot de passe « ⟪a⟫ », visible dans la tâche planifiée.", dict(a=PW(pw_strong()))),
        ("Le mot de passe root du boîtier est ⟪a⟫, identique sur toute la série ⟪v⟫.", dict(a=PW(), v=N("V" + version(), "version"))),
        ("J'ai pu me connecter en tant qu'opérateur avec ⟪u⟫:⟪a⟫ sur la console série.", dict(u="operateur", a=PW(pw_strong(11)))),
        ("Mot de passe du Wi-Fi invité : ⟪a⟫ — ce réseau n'est pas isolé du réseau bureautique.", dict(a=PW(pw_human()))),
        ("La clé WPA2 affichée sur l'écran d'accueil est ⟪a⟫.", dict(a=PW(pw_strong(16)))),
        ("Le technicien m'a donné le login admin et le mdp ⟪a⟫ par téléphone, sans vérifier mon identité.", dict(a=PW(pw_strong()))),
        ("Pour reproduire : se connecter sur https://⟪h⟫ avec le compte recette et le mot de passe ⟪a⟫.", dict(h=L(int_host(), "internal_hostname"), a=PW(pw_lead("!")))),
        ("Les identifiants par défaut sont : utilisateur « superviseur », mot de passe « ⟪a⟫ ».", dict(a=PW(pw_human()))),
        ("Le code PIN administrateur est ⟪a⟫ et le code de déverrouillage ⟪b⟫.", dict(a=PW(pin()), b=PW(pin()))),
        ("J'ai retrouvé le mot de passe de la base, ⟪a⟫, dans le fichier de log de l'installeur.", dict(a=PW())),
        ("Le jeton d'accès GitHub ⟪a⟫ est présent dans l'historique Git du dépôt public.", dict(a=L(gh_token(), "github_token"))),
        ("Dans le code JavaScript de la page de paiement, on trouve la clé Stripe ⟪a⟫.", dict(a=L(stripe(), "stripe_key"))),
        ("Le mot de passe de l'utilisateur « reporting » est ⟪a⟫ et celui de « etl » est ⟪b⟫.", dict(a=PW(pw_lead("#")), b=PW(pw_strong()))),
        ("login : technicien — mot de passe : ⟪a⟫ — ces identifiants figurent dans la notice PDF publique.", dict(a=PW(pw_strong(10)))),
        ("La passphrase du coffre KeePass partagé est ⟪a⟫ ; elle a été envoyée à tout le service par courriel.", dict(a=PW("Lavande" + digits(2) + "!" + pick(WORDS)))),
        ("Le mot de passe de la base est défini à ⟪a⟫ dans le script d'installation, et n'est jamais modifié ensuite.", dict(a=PW(pw_lead("%")))),
    ]
    for tpl, slots in fr_prose:
        rep = REP() if R.random() < 0.3 else None
        if rep:
            tpl = tpl + "\n\nSignalé par ⟪r⟫"
            slots = dict(slots, r=N(rep, "reporter_email"))
        case("prose_fr", "fr", tpl, reporter=rep, **slots)

    # ------------------------------------------------------------------ 3. chat transcripts
    def slack_line(name, text):
        return f"[{hm()}] {name}: {text}\n"

    n1, n2, n3 = "marc.dubois", "léa.ferrand", "ops-bot"
    case("chat_slack", "fr", "Export du canal #infra-recette (extrait)\n\n" + slack_line(n1, "qqn a le mdp du NAS ? je dois relancer la synchro 🙏")
         + "[⟪t1⟫] léa.ferrand: oui : admin / ⟪a⟫\n" + slack_line(n1, "merci ! et pour le switch du 2e ?")
         + "[⟪t2⟫] léa.ferrand: même login, mot de passe ⟪b⟫ (à changer un jour 😅)\n"
         + slack_line(n1, "ok, le NAS est sur ") .replace("\n", "") + "⟪ip⟫ c'est ça ?\n",
         t1=hm(), t2=hm(), a=PW(pw_strong()), b=PW(pw_human()), ip=L(priv_ip(), "private_ip"))
    case("chat_slack", "en", "#deploys — exported thread\n\n[09:12] ⟪n⟫: the pipeline is red again\n[09:13] ops-bot: posting to ⟪w⟫ failed: 404 channel_not_found\n[09:15] ⟪n⟫: here's the bot token so you can test locally: ⟪t⟫\n[09:15] ⟪n⟫: don't share it 🙃\n",
         n="ryan.walsh", w=L(slack_webhook(), "slack_webhook"), t=L(slack_bot(), "slack_token"))
    case("chat_teams", "fr", "Conversation Teams — Support niveau 2\n\nSophie Laurent 10:02\nVoici le token pour l'API de facturation : ⟪t⟫\n\nJérôme Perrin 10:04\nMerci. Et la base ?\n\nSophie Laurent 10:05\n⟪c⟫\nLe mot de passe est le même que l'an dernier 👍\n",
         t=L(glpat(), "gitlab_token"), c=conn_string())
    case("chat_irc", "en", "[21:04] <jdoe> try ssh deploy@⟪ip⟫ with pass ⟪a⟫\n[21:05] <mkowalski> works, thx\n[21:06] <mkowalski> and the grafana one?\n[21:06] <jdoe> admin:⟪b⟫ on ⟪h⟫\n[21:07] <mkowalski> 👌\n",
         ip=L(priv_ip(), "private_ip"), a=PW(pw_strong()), b=PW(pw_human()), h=L(int_host(), "internal_hostname"))
    case("chat_slack", "en", "DM export (Slack)\n\nPriya Patel  11:48\ncan you check why the nightly export fails? the job uses this key ⟪k⟫ and secret ⟪s⟫\nDaniel Hughes  11:52\nthe secret looks truncated in the vault, I'll paste the one from my notes\nDaniel Hughes  11:52\n⟪s2⟫\n",
         k=L(aws_id(), "aws_access_key_id"), s=L(aws_secret(), "aws_secret_key"), s2=L(aws_secret(), "aws_secret_key"))
    case("chat_teams", "en", "Teams chat — Incident bridge\n\nGrace Foster 14:20\nThe vendor laptop is joined with the local admin account\nGrace Foster 14:20\nthe password is ⟪a⟫\nEthan Nguyen 14:21\n🙈 please delete that message\nGrace Foster 14:22\ndone, also rotate the npm token we used for the hotfix: ⟪n⟫\n",
         a=PW(pw_lead("!")), n=L(npm_token(), "npm_token"))
    case("chat_slack", "fr", "#ia-poc 💬\n\n[16:01] thomas.roux: j'ai branché le chatbot sur notre clé : ⟪k⟫\n[16:03] manon.blanc: elle est sur le compte perso de Hugo, non ?\n[16:04] thomas.roux: oui, et le webhook pour les alertes c'est ⟪w⟫\n",
         k=L(ai_key(), "ai_api_key"), w=L(slack_webhook(), "slack_webhook"))
    case("chat_irc", "fr", "<gaelle> quelqu'un a les accès au FTP du transporteur ?\n<loic> ⟪u⟫\n<loic> attention, c'est le compte partagé de toute l'équipe\n<gaelle> merci ! et le code PIN du badge visiteur c'est toujours ⟪p⟫ ?\n<loic> oui\n",
         u=url_cred(), p=PW(pin()))
    case("chat_slack", "en", "Slack thread in #security-questions\n\n[10:31] aisha.okafor: is it OK that the staging DB uses ⟪c⟫ ?\n[10:33] tomasz.kowalski: no 😬 that is the prod password too. Also the session cookie in your screenshot is live: sessionid=⟪s⟫\n[10:34] aisha.okafor: oops, logging out now\n",
         c=conn_string(), s=L(rs(32, LO + DG), "session_cookie"))
    case("chat_teams", "fr", "Conversation Teams — Projet migration\n\nClémence Faure 09:15\nPour l'accès au Key Vault, le principal de service a le secret ⟪s⟫\n\nAntoine Mercier 09:17\nEt le SAS pour le conteneur d'export ?\n\nClémence Faure 09:18\nhttps://acmeexports.blob.core.windows.net/exports?⟪sas⟫\n",
         s=PW(rs(3, AN) + "8Q~" + rs(34, AN + "-_.~")), sas=L(azure_sas(), "azure_sas_token"))
    case("chat_slack", "en", "#mobile — export\n\n[13:02] mei.lindqvist: crash reporter needs the SendGrid key, it's ⟪k⟫\n[13:02] mei.lindqvist: and Twilio is ⟪sid⟫ / ⟪tok⟫\n[13:05] diego.reyes: please put those in the vault next time\n",
         k=L(sendgrid(), "sendgrid_key"), sid=L(twilio_ac(), "twilio_key", optional=True), tok=L(rs(32, HEX), "twilio_key", also=["password_assignment"]))
    case("chat_irc", "en", "<lukas> pypi upload fails, twine says 403\n<hannah> use the project token, not your account: ⟪t⟫\n<lukas> thx. btw the release key is protected with the passphrase ⟪p⟫\n",
         t=L(pypi(), "pypi_token"), p=PW(pw_human()))
    case("chat_teams", "en", "Teams — #field-engineering\n\nMichael Carter 08:44\nCustomer site in Leeds: the gateway answers on ⟪ip⟫, login is installer / ⟪a⟫\n\nOlivia Brennan 08:47\nthanks. their contact is ⟪m⟫, ⟪ph⟫\n",
         ip=L(priv_ip(), "private_ip"), a=PW(pw_strong()), m=L(email("en"), "email_address"), ph=L(phone("UK"), "phone_number"))
    case("chat_slack", "fr", "#dev-back — extrait\n\n[11:20] hugo.garnier: la prod répond 500, voilà la requête :\n[11:20] hugo.garnier: curl -H \"Authorization: Bearer ⟪j⟫\" https://⟪h⟫/v1/factures\n[11:22] chloe.girard: ton token expire dans 1 h, mais évite de le coller ici 🙂\n",
         j=L(jwt(), "authorization_header", also=["jwt"]), h=L(int_host(), "internal_hostname"))
    case("chat_slack", "en", "[15:40] ethan.foster: here's the key I use for the CI runner, it's a deploy key\n[15:40] ethan.foster: ```\n⟪k⟫\n```\n[15:41] sophie.walsh: that is a private key, not a deploy key 😱 revoke it\n",
         k=L(pem("openssh"), "private_key"))
    case("chat_teams", "fr", "Conversation Teams — Astreinte\n\nRémi Benoît 02:13\nje n'arrive pas à joindre le SCADA historian\n\nAgnès Chevalier 02:20\nil est sur ⟪h⟫ (⟪ip⟫), compte historian, mot de passe ⟪a⟫\n\nRémi Benoît 02:21\nça marche merci 🙏\n",
         h=L(int_host(), "internal_hostname"), ip=L(priv_ip(), "private_ip"), a=PW(pw_lead("@")))

    # ------------------------------------------------------------------ 4. e-mails with quoted replies
    def mail_en(frm_name, frm, to, subj, body, reporter=None, **slots):
        tpl = f"From: {frm_name} <⟪from⟫>\nTo: ⟪to⟫\nDate: Tue, {R.randint(1, 28)} Apr 2025 {hm()}:{R.randint(10, 59)} +0200\nSubject: {subj}\n\n{body}"
        return case("email", "en", tpl, reporter=reporter, **{"from": frm, "to": to, **slots})

    def mail_fr(frm_name, frm, to, subj, body, reporter=None, **slots):
        tpl = f"De : {frm_name} <⟪from⟫>\nÀ : ⟪to⟫\nDate : mar. {R.randint(1, 28)} avr. 2025 à {hm()}\nObjet : {subj}\n\n{body}"
        return case("email", "fr", tpl, reporter=reporter, **{"from": frm, "to": to, **slots})

    rep = REP("Alex", "Turner")
    mail_en("Alex Turner", N(rep, "reporter_email"), N("psirt@thalesgroup.com", "psirt_email"), "Fwd: access to the test bench",
            "Hi PSIRT,\n\nthe integrator sent the message below to a distribution list that includes external contractors.\n\n---------- Forwarded message ---------\nFrom: ⟪fw⟫\n\n> Hello all,\n> the test bench is reachable at ⟪h⟫. Log in as operator with password ⟪a⟫.\n> For the historian, creds are hist / ⟪b⟫.\n> Regards, ⟪sig⟫\n\nBest,\nAlex\n",
            reporter=rep, fw=L(email("en"), "email_address"), h=L(int_host(), "internal_hostname"), a=PW(), b=PW(pw_lead("*")), sig="Daniel Patel")
    rep = REP("Inès", "Moreau")
    mail_fr("Inès Moreau", N(rep, "reporter_email"), N("psirt@thalesgroup.com", "psirt_email"), "Tr : identifiants du portail fournisseur",
            "Bonjour,\n\nje vous transfère le courriel ci-dessous, reçu par erreur.\n\nLe jeu. 3 avr. 2025 à 17:42, ⟪qn⟫ <⟪qe⟫> a écrit :\n> Bonjour Inès,\n> tes identifiants : ⟪u⟫ / ⟪a⟫\n> Le mot de passe est provisoire, pense à le changer.\n> Mon numéro si besoin : ⟪ph⟫\n\nCordialement,\nInès\n",
            reporter=rep, qn="Nicolas Roux", qe=L(email("fr"), "email_address"), u="i.moreau", a=PW(pw_human()), ph=L(phone("FR"), "phone_number"))
    mail_en("Ops Alerts", L(email("en"), "email_address"), L(email("en"), "email_address"), "Re: Re: backup job credentials",
            "Thanks, that worked.\n\n> On Mon, 7 Apr 2025, Ryan Okafor wrote:\n> > Can you send me the credentials for the backup share again?\n> Sure: the share is ⟪sh⟫ and the password is ⟪a⟫ (same as the old one with a new suffix).\n> The restic repository password is ⟪b⟫.\n",
            sh=["\\\\", L(int_host(), "internal_hostname"), "\\backup$"], a=PW(pw_strong()), b=PW(pw_lead("$")))
    mail_fr("Service Paie", L(email("fr"), "email_address"), L(email("fr"), "email_address"), "RE: accès SFTP paie",
            "Bonjour,\n\nle compte est recréé.\n\n> -----Message d'origine-----\n> De : Loïc Blanc\n> Envoyé : lundi 14 avril 2025 09:12\n> Objet : accès SFTP paie\n>\n> Bonjour, pouvez-vous me redonner le mot de passe du SFTP ?\n\nLe mot de passe est ⟪a⟫ et l'hôte est ⟪ip⟫. La clé privée est jointe ci-dessous :\n\n⟪k⟫\n",
            a=PW(pw_strong()), ip=L(priv_ip(), "private_ip"), k=L(pem("rsa"), "private_key"))
    rep = REP("Jordan", "Lee")
    mail_en("Jordan Lee", N(rep, "reporter_email"), N("psirt@thalesgroup.com", "psirt_email"), "Exposed support mailbox archive",
            "Hello,\n\nThe support mailbox export on the public bucket contains customer threads such as:\n\n> From: ⟪c1⟫\n> My card ⟪card⟫ was charged twice, expiry 09/27.\n> Please call me back on ⟪ph⟫.\n\n> From: ⟪c2⟫\n> My IBAN for the refund is ⟪ib⟫.\n\nI only opened two messages to confirm the content.\nJordan\n",
            reporter=rep, c1=L(email("en"), "email_address"), card=L(card(), "payment_card"), ph=L(phone("US"), "phone_number"), c2=L(email("en"), "email_address"), ib=L(iban("GB"), "iban"))
    rep = REP("Karim", "Haddad")
    mail_fr("Karim Haddad", N(rep, "reporter_email"), N("psirt@thalesgroup.com", "psirt_email"), "Fuite de données – export RH",
            "Bonjour,\n\nl'export RH accessible sans authentification contient par exemple :\n\n> Nom : ⟪n1⟫ — née le ⟪d1⟫ — NIR ⟪nir⟫ — IBAN ⟪ib⟫\n> Courriel : ⟪m1⟫ — tél. ⟪p1⟫\n\nJe n'ai consulté que la première page.\nKarim\n",
            reporter=rep, n1="Élodie Fontaine", d1=L(dob("fr"), "date_of_birth"), nir=L(nir(), "national_id"), ib=L(iban("FR"), "iban"), m1=L(email("fr"), "email_address"), p1=L(phone("FR"), "phone_number"))
    mail_en("DevOps", L(email("en"), "email_address"), L(email("en"), "email_address"), "Re: new staging env",
            "Great, thanks.\n\n> On Wed, 9 Apr 2025 at 16:02, Lukas Schneider wrote:\n>\n> Staging is up. Credentials:\n>   URL: https://⟪h⟫\n>   user: qa-lead\n>   password: ⟪a⟫\n> The API key for the test tenant is ⟪k⟫.\n",
            h=L(int_host(), "internal_hostname"), a=PW(pw_lead("^")), k=PW(generic_secret()))
    mail_fr("Gaëlle Guérin", L(email("fr"), "email_address"), L(email("fr"), "email_address"), "Re: code d'accès salle serveurs",
            "Merci !\n\n> Le 2 avr. 2025 à 08:10, Jérôme Perrin a écrit :\n> Le code de la porte est 4417 et le code PIN de l'alarme est ⟪p⟫.\n> Les identifiants de la console KVM : kvmadmin / ⟪a⟫\n",
            p=PW(pin()), a=PW(pw_strong()))
    mail_en("Billing", L(email("en"), "email_address"), L(email("en"), "email_address"), "Fwd: Stripe webhook secret",
            "FYI below.\n\n> Begin forwarded message:\n> The live secret key is ⟪k⟫ and the webhook signing secret is ⟪w⟫.\n> The dashboard login is billing-admin / ⟪a⟫\n",
            k=L(stripe(), "stripe_key"), w=L("whsec_" + rs(32), "password_assignment", also=["stripe_key"]), a=PW(pw_human()))
    mail_fr("Mathieu Lefèvre", L(email("fr"), "email_address"), L(email("fr"), "email_address"), "Re: Re: accès base de recette",
            "Ça marche, merci.\n\n> Le 11 avr. 2025 à 14:31, Chloé Bernard a écrit :\n> > Tu peux me rappeler la chaîne de connexion ?\n> La voici : ⟪c⟫\n> Et pour l'annuaire : ⟪u⟫\n",
            c=conn_string(), u=url_cred())
    mail_en("Security Team", L(email("en"), "email_address"), L(email("en"), "email_address"), "Re: leaked token in public repo",
            "Rotated, thanks.\n\n> On Fri, 11 Apr 2025, Hannah Carter wrote:\n> The public repo acme/tools has ⟪t⟫ in .github/workflows/release.yml and an npm token ⟪n⟫ in .npmrc.\n> Also found a Google key: ⟪g⟫\n",
            t=L(gh_token(), "github_token"), n=L(npm_token(), "npm_token"), g=L(aiza(), "google_api_key"))
    mail_fr("Chloé Rousseau", L(email("fr"), "email_address"), L(email("fr"), "email_address"), "Re: compte invité",
            "Bonjour,\n\n> Quels sont les identifiants du compte invité ?\n\nIdentifiants : invite / ⟪a⟫\nMot de passe du wifi : ⟪b⟫\n\nBonne journée,\nChloé — ⟪ph⟫\n",
            a=PW(pw_strong(10)), b=PW(pw_human()), ph=L(phone("FR"), "phone_number"))

    # ------------------------------------------------------------------ 5. HTTP captures
    def basic(user, pw):
        return base64.b64encode(f"{user}:{pw}".encode()).decode()

    for i in range(16):
        lang = "fr" if i % 5 in (1, 3) else "en"
        host = int_host() if i % 2 == 0 else pick(["portal.acme-logistique.fr", "api.helix-biotech.com", "extranet.transports-verdier.fr"])
        hostl = L(host, "internal_hostname") if i % 2 == 0 else host
        auth_kind = i % 4
        if auth_kind == 0:
            auth = ["Authorization: Basic ", L(basic(pick(["admin", "api", "svc_export"]), pw_strong()), "authorization_header"), "\n"]
        elif auth_kind == 1:
            auth = ["Authorization: Bearer ", L(jwt(), "authorization_header", also=["jwt"]), "\n"]
        elif auth_kind == 2:
            auth = ["Authorization: Bearer ", L(rs(40, AN + "-._~"), "authorization_header"), "\n"]
        else:
            auth = ["Authorization: token ", L(gh_token(), "github_token", also=["authorization_header"]), "\n"]
        cookie = ["Cookie: _ga=", N(f"GA1.2.{digits(9)}.{digits(10)}", "non_session_cookie"), "; ",
                  pick(["sessionid", "PHPSESSID", "JSESSIONID", "_gitlab_session", "ASP.NET_SessionId"]), "=",
                  L(pick([rs(32, LO + DG), rs(26, LO + DG), rs(32, "0123456789ABCDEF"), rs(24, "abcdefghijklmnopqrstuvwxyz012345")]), "session_cookie"),
                  "; lang=", N(lang, "non_session_cookie"), "\n"]
        intro = pick(["Request captured with Burp (repeater):\n\n", "Captured request (mitmproxy):\n\n"]) if lang == "en" else pick(["Requête capturée avec Burp :\n\n", "Requête interceptée (mitmproxy) :\n\n"])
        body_kind = i % 3
        if body_kind == 0:
            body = ["Content-Type: application/json\n\n", '{"username":"', pick(["j.moreau", "operator", "kiosk01"]), '","password":"', PW(pw_lead() if i % 2 else pw_strong()), '","remember":true}\n']
            method = "POST /api/v2/session HTTP/1.1\n"
        elif body_kind == 1:
            pwv = pw_strong().replace("&", "A").replace("=", "e").replace("+", "p").replace("%", "q").replace("#", "h")
            enc = pwv.replace("!", "%21").replace("$", "%24").replace("@", "%40").replace("?", "%3F").replace("^", "%5E").replace("~", "%7E").replace("*", "%2A")
            body = ["Content-Type: application/x-www-form-urlencoded\n\n", "user=admin&pass=", L(enc, "password_assignment", encoding="url" if enc != pwv else None), "&submit=Login\n"]
            method = "POST /cgi-bin/login.cgi HTTP/1.1\n"
        else:
            body = ["Accept: application/json\n"]
            method = f"GET /api/v1/users/{R.randint(100, 9999)}/export?format=csv HTTP/1.1\n"
        xff = ["X-Forwarded-For: ", L(priv_ip(), "private_ip"), "\n"] if i % 3 != 1 else None
        case("http_request", lang, "⟪i⟫⟪m⟫Host: ⟪h⟫\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\n⟪x⟫⟪a⟫⟪c⟫⟪b⟫",
             i=intro, m=method, h=hostl, x=xff, a=auth, c=cookie, b=body)

    for i in range(7):
        lang = "fr" if i in (1, 4) else "en"
        if i % 3 == 0:
            tpl = ("HTTP/1.1 200 OK\nServer: nginx\nContent-Type: application/json\nSet-Cookie: ⟪cn⟫=⟪cv⟫; Path=/; HttpOnly; Secure\nSet-Cookie: theme=⟪th⟫; Path=/\n\n"
                   '{"access_token":"⟪at⟫","token_type":"Bearer","expires_in":3600,"refresh_token":"⟪rt⟫"}\n')
            case("http_response", lang, ("Réponse du serveur à l'appel de connexion :\n\n" if lang == "fr" else "Response to the login call:\n\n") + tpl,
                 cn=pick(["sessionid", "SESSION", "PHPSESSID"]), cv=L(rs(32, LO + DG), "session_cookie"), th=N("dark", "non_session_cookie"),
                 at=L(jwt(), "jwt"), rt=PW(rs(64, AN)))
        elif i % 3 == 1:
            tpl = ("HTTP/1.1 500 Internal Server Error\nContent-Type: text/html\n\n<pre>ConnectionError: could not connect using ⟪c⟫\n"
                   "  at Pool.connect (/srv/app/node_modules/pg-pool/index.js:45:11)\nenv: NODE_ENV=production SENTRY_DSN=⟪dsn⟫ STRIPE_KEY=⟪sk⟫</pre>\n")
            case("http_response", lang, ("Erreur renvoyée par /api/checkout quand le panier est vide :\n\n" if lang == "fr" else "The error page leaks the environment:\n\n") + tpl,
                 c=conn_string(), dsn=N(f"https://{rs(32, HEX)}@o{digits(6)}.ingest.sentry.io/{digits(4)}", "url_no_password"), sk=L(stripe(), "stripe_key"))
        else:
            tpl = ("HTTP/2 200\ncontent-type: application/json\n\n"
                   '{"id":"⟪u⟫","name":"⟪nm⟫","email":"⟪em⟫","phone":"⟪ph⟫","birthDate":"⟪dob⟫","iban":"⟪ib⟫","internalNote":"synced from ⟪h⟫"}\n')
            f, l = person(lang)
            case("http_response", lang, ("GET /api/customers/8812 renvoie les données d'un autre client (IDOR) :\n\n" if lang == "fr" else "IDOR: GET /api/customers/8812 returns another customer's record:\n\n") + tpl,
                 u=N(uuid4(), "uuid"), nm=f"{f} {l}", em=L(email_of(f, l, lang), "email_address"), ph=L(phone("FR" if lang == "fr" else "UK"), "phone_number"),
                 dob=L(dob(lang, "iso"), "date_of_birth"), ib=L(iban("FR" if lang == "fr" else "GB", grouped=False), "iban"), h=L(int_host(), "internal_hostname"))

    # curl-style captures with provider tokens in headers / URLs
    curl_tpls = [
        ("en", "$ curl -s https://api.sendgrid.com/v3/mail/send -H \"Authorization: Bearer ⟪k⟫\" -H 'Content-Type: application/json' -d @mail.json\n", dict(k=L(sendgrid(), "sendgrid_key", also=["authorization_header"]))),
        ("en", "$ curl https://api.openai.com/v1/models -H \"Authorization: Bearer ⟪k⟫\"\n{\"object\":\"list\",\"data\":[...]}\n", dict(k=L(ai_key(), "ai_api_key", also=["authorization_header"]))),
        ("fr", "Commande trouvée dans l'historique bash du serveur :\ncurl -u ⟪k⟫: https://api.stripe.com/v1/charges -d amount=2000 -d currency=eur\n", dict(k=L(stripe(), "stripe_key"))),
        ("en", "GET /maps/api/geocode/json?address=Toulouse&key=⟪k⟫ HTTP/1.1\nHost: maps.googleapis.com\nReferer: https://www.kestrel-aero.com/contact\n", dict(k=L(aiza(), "google_api_key"))),
        ("fr", "POST ⟪w⟫ HTTP/1.1\nHost: hooks.slack.com\nContent-Type: application/json\n\n{\"text\":\"Sauvegarde terminée sur ⟪h⟫\"}\n", dict(w=L(slack_webhook(), "slack_webhook"), h=L(int_host(), "internal_hostname"))),
        ("en", "GET /exports/2025-04.csv?⟪s⟫ HTTP/1.1\nHost: acmeexports.blob.core.windows.net\nx-ms-version: 2022-11-02\n", dict(s=L(azure_sas(), "azure_sas_token"))),
        ("en", "$ curl -X POST https://api.twilio.com/2010-04-01/Accounts/⟪ac⟫/Messages.json -u ⟪sk⟫:⟪sec⟫ --data-urlencode 'To=⟪to⟫' --data-urlencode 'Body=Your code is 118204'\n",
         dict(ac=L(twilio_ac(), "twilio_key", optional=True), sk=L(twilio_sk(), "twilio_key"), sec=L(rs(32), "twilio_key", also=["password_assignment"]), to=L("+1" + re.sub(r"\D", "", phone("US"))[-10:], "phone_number"))),
        ("fr", "Requête du client lourd vers l'API interne :\nGET /v2/stock HTTP/1.1\nHost: ⟪h⟫\nX-Api-Key: ⟪k⟫\nCookie: JSESSIONID=⟪s⟫; theme=⟪th⟫\n",
         dict(h=L(int_host(), "internal_hostname"), k=L(rs(40, AN), "authorization_header", also=["password_assignment"]), s=L(rs(32, "0123456789ABCDEF"), "session_cookie"), th=N("light", "non_session_cookie"))),
        ("en", "$ git clone ⟪u⟫\nCloning into 'ansible'...\n", dict(u=["https://x-access-token:", L(gh_token("ghs"), "github_token", also=["url_credentials"]), "@github.com/acme-logistique/ansible.git"])),
        ("en", "$ curl -H \"PRIVATE-TOKEN: ⟪t⟫\" https://⟪h⟫/api/v4/projects?membership=true\n", dict(t=L(glpat(), "gitlab_token", also=["authorization_header"]), h=L(int_host(), "internal_hostname"))),
        ("fr", "Capture Wireshark (HTTP en clair, port 8080) :\nGET /manager/html HTTP/1.1\nHost: ⟪ip⟫:8080\nAuthorization: Basic ⟪b⟫\n", dict(ip=L(priv_ip(), "private_ip"), b=L(basic("tomcat", pw_strong()), "authorization_header"))),
        ("en", "HTTP/1.1 302 Found\nLocation: /dashboard\nSet-Cookie: laravel_session=⟪s⟫; expires=Fri, 18-Apr-2025 10:12:00 GMT; path=/; httponly\nSet-Cookie: XSRF-TOKEN=⟪x⟫; path=/\n",
         dict(s=L(rs(40, AN), "session_cookie"), x=N(rs(40, AN), "non_session_cookie"))),
    ]
    for lang, tpl, slots in curl_tpls:
        carrier = "http_response" if tpl.startswith("HTTP/") else "http_request"
        case(carrier, lang, tpl, **slots)

    # ------------------------------------------------------------------ 6. config files
    plan = [("env", "en", 14), ("env", "fr", 13), ("yaml", "en", 13), ("yaml", "fr", 12), ("ini", "en", 9), ("ini", "fr", 9),
            ("toml", "en", 12), ("toml", "fr", 11), ("properties", "en", 9), ("properties", "fr", 9), ("json", "en", 12),
            ("json", "fr", 12), ("env", "en", 14), ("env", "fr", 13), ("yaml", "en", 13), ("yaml", "fr", 12), ("env", "en", 13),
            ("toml", "en", 12), ("json", "en", 12), ("yaml", "en", 13), ("env", "fr", 13), ("ini", "en", 9)]
    for syntax, lang, n in plan:
        config_case(syntax, lang, n, n_fill=R.randint(2, 4), reporter=REP() if R.random() < 0.2 else None)

    # hand-written configs: symbol-leading quoted values, the issue's exact shapes
    case("config_yaml", "en", "database:\n  host: ⟪h⟫\n  user: billing\n  db_password: \"⟪a⟫\"\n  pool: 20\nmail:\n  smtp_password: '⟪b⟫'\n",
         h=L(int_host(), "internal_hostname"), a=PW(pw_lead("$")), b=PW(pw_lead("!")))
    case("env_file", "fr", "# généré par l'installeur\nDB_USER=paie\nPASS='⟪a⟫'\nADMIN_PIN=⟪p⟫\nAPI_SECRET=\"⟪c⟫\"\n",
         a=PW(pw_lead("!")), p=PW(pin()), c=PW(pw_lead("%")))
    case("config_toml", "en", "[server]\nbind = \"0.0.0.0:8443\"\n\n[auth]\nsecret = \"⟪a⟫\"\nadmin_password = '⟪b⟫'\nsession_key = \"⟪c⟫\"\n",
         a=PW(pw_lead("#")), b=PW(pw_lead("&")), c=PW(pw_lead("@")))
    case("config_json", "fr", "Extrait de config/prod.json :\n{\n  \"ldap\": { \"url\": \"ldaps://⟪h⟫:636\", \"bindPassword\": \"⟪a⟫\" },\n  \"smtp\": { \"password\": \"⟪b⟫\" },\n  \"jwtSecret\": \"⟪c⟫\"\n}\n",
         h=L(int_host(), "internal_hostname"), a=PW(pw_lead("%")), b=PW(pw_lead("*")), c=PW(pw_lead("^")))
    case("config_ini", "fr", "[base]\nserveur = ⟪ip⟫\nutilisateur = sa\nmot_de_passe = \"⟪a⟫\"\n\n[ftp]\nmotdepasse = ⟪b⟫\n",
         ip=L(priv_ip(), "private_ip"), a=PW(pw_lead("#")), b=PW(pw_lead("$")))
    case("config_properties", "en", "spring.datasource.url=jdbc:mysql://⟪h⟫:3306/shop\nspring.datasource.username=shop\nspring.datasource.password=⟪a⟫\nspring.mail.password=⟪b⟫\nserver.ssl.key-store-password=⟪c⟫\n",
         h=L(int_host(), "internal_hostname"), a=PW(pw_lead("!")), b=PW(pw_strong()), c=PW(pw_lead("~")))
    case("config_yaml", "fr", "# users.yml — comptes locaux de l'appliance\nusers:\n  - name: admin\n    password_hash: \"⟪a⟫\"\n  - name: operateur\n    password_hash: '⟪b⟫'\n  - name: audit\n    password: \"⟪c⟫\"\n",
         a=L(hash_pw(), "password_hash"), b=L(hash_pw(), "password_hash"), c=PW(pw_lead("=")))
    case("key_file", "en", "The TLS private key is served at /static/../certs/server.key:\n\n⟪k⟫\n", k=L(pem("rsa"), "private_key"))
    case("key_file", "fr", "La clé ci-dessous est livrée dans le paquet .deb (etc/agent/id_ed25519) :\n\n⟪k⟫\n", k=L(pem("openssh"), "private_key"))
    case("config_json", "en", "The Android APK contains res/raw/service_account.json:\n\n⟪k⟫\n", k=L(gcp_json(), "gcp_service_account", also=["private_key", "email_address"]))
    case("config_json", "fr", "Le dépôt public contient le fichier credentials.json suivant :\n\n⟪k⟫\n", k=L(gcp_json(), "gcp_service_account", also=["private_key", "email_address"]))
    case("config_ini", "en", "~/.pypirc left in the Docker image:\n\n[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = ⟪t⟫\n",
         t=L(pypi(), "pypi_token", also=["password_assignment"]))
    case("config_ini", "en", ".npmrc committed at the repository root:\n\n//registry.npmjs.org/:_authToken=⟪t⟫\nalways-auth=true\n", t=L(npm_token(), "npm_token"))
    case("config_ini", "fr", "Fichier ~/.aws/credentials présent dans la sauvegarde :\n\n[default]\naws_access_key_id = ⟪a⟫\naws_secret_access_key = ⟪s⟫\nregion = eu-west-3\n",
         a=L(aws_id(), "aws_access_key_id"), s=L(aws_secret(), "aws_secret_key"))
    case("config_yaml", "en", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\ntype: Opaque\nstringData:\n  tls.key: |\n⟪k⟫\n  azure: \"⟪az⟫\"\n",
         k=["    ", L("\n    ".join(pem("ec").split("\n")), "private_key")], az=L(azure_conn(), "azure_connection_string", also=["connection_string"]))
    case("config_toml", "fr", "[twilio]\naccount_sid = \"⟪ac⟫\"\nauth_token = \"⟪tk⟫\"\n\n[stockage]\nconnection_string = \"⟪az⟫\"\n",
         ac=L(twilio_ac(), "twilio_key", optional=True), tk=L(rs(32, HEX), "twilio_key", also=["password_assignment"]), az=L(azure_conn(), "azure_connection_string", also=["connection_string"]))
    case("env_file", "en", "COMPOSE_PROJECT_NAME=shop\nPOSTGRES_PASSWORD='⟪a⟫'\nDATABASE_URL=⟪c⟫\nHTPASSWD='⟪h⟫'\n",
         a=PW(pw_lead("$")), c=conn_string(), h=["admin:", L(hash_pw(), "password_hash")])

    # ------------------------------------------------------------------ 7. personal data of third parties
    pers_en = [
        ("prose_en", "The export endpoint returned 1,200 rows; the first one reads: Olivia Hughes, DOB: ⟪d⟫, SSN ⟪s⟫, phone ⟪p⟫, ⟪m⟫.", dict(d=L(dob("en"), "date_of_birth"), s=L(ssn(), "national_id"), p=L(phone("US"), "phone_number"), m=L(email("en"), "email_address"))),
        ("prose_en", "The invoice PDF of another customer lists card ⟪c⟫ and bank account ⟪i⟫.", dict(c=L(card(), "payment_card"), i=L(iban("DE"), "iban"))),
        ("prose_en", "Patient record visible without login: James Carter, date of birth ⟪d⟫, NI number ⟪n⟫, mobile ⟪p⟫.", dict(d=L(dob("en", "long"), "date_of_birth"), n=L(nino(), "national_id"), p=L(phone("UK"), "phone_number"))),
        ("csv_export", "customer_id,name,email,card_number,birthdate\n10231,Ryan Brennan,⟪m1⟫,⟪c1⟫,⟪d1⟫\n10232,Mei Lindqvist,⟪m2⟫,⟪c2⟫,⟪d2⟫\n10233,Diego Reyes,⟪m3⟫,⟪c3⟫,⟪d3⟫\n",
         dict(m1=L(email("en"), "email_address"), c1=L(card("plain"), "payment_card"), d1=L(dob("en", "iso"), "date_of_birth"),
              m2=L(email("en"), "email_address"), c2=L(card("plain"), "payment_card"), d2=L(dob("en", "iso"), "date_of_birth"),
              m3=L(email("en"), "email_address"), c3=L(card("plain"), "payment_card"), d3=L(dob("en", "iso"), "date_of_birth"))),
        ("prose_en", "The shared drive holds scanned IDs; the German tax ID on one of them is ⟪s⟫ and the holder was born on ⟪d⟫.", dict(s=L(steuer(), "national_id"), d=L(dob("en", "long"), "date_of_birth"))),
        ("prose_en", "The booking API leaks the traveller's passport-linked profile: Tomasz Kowalski, DNI ⟪n⟫ (Spanish resident), phone ⟪p⟫, IBAN ⟪i⟫.", dict(n=L(dni(), "national_id"), p=L(phone("ES"), "phone_number"), i=L(iban("ES"), "iban"))),
        ("json_api", '{"results":[{"fullName":"Aisha Okafor","dateOfBirth":"⟪d1⟫","taxCode":"⟪cf⟫","mobile":"⟪p1⟫"},{"fullName":"Lukas Schneider","dateOfBirth":"⟪d2⟫","steuerId":"⟪st⟫","mobile":"⟪p2⟫"}],"next":"⟪cur⟫"}\n',
         dict(d1=L(dob("en", "iso"), "date_of_birth"), cf=L(codice_fiscale(), "national_id"), p1=L(phone("IT"), "phone_number"),
              d2=L(dob("en", "iso"), "date_of_birth"), st=L(steuer().replace(" ", ""), "national_id"), p2=L(phone("DE"), "phone_number"),
              cur=N(base64.b64encode(json.dumps({"offset": 50, "limit": 50}).encode()).decode(), "base64_benign"))),
        ("prose_en", "Support ticket #48213 (attached by the customer by mistake): \"my Amex is ⟪c⟫, exp 11/26, please charge the renewal\" — sent from ⟪m⟫.", dict(c=L(card(), "payment_card"), m=L(email("en"), "email_address"))),
        ("prose_en", "Among the leaked rows: SSN ⟪s1⟫ and SSN ⟪s2⟫, each with the employee's date of birth (⟪d1⟫ and ⟪d2⟫).", dict(s1=L(ssn(), "national_id"), s2=L(ssn(), "national_id"), d1=L(dob("en", "slash"), "date_of_birth"), d2=L(dob("en", "slash"), "date_of_birth"))),
        ("prose_en", "The payroll preview shows Daniel Walsh's account ⟪i⟫ and Priya Patel's account ⟪j⟫.", dict(i=L(iban("NL"), "iban"), j=L(iban("BE"), "iban"))),
        ("prose_en", "The call-center export includes caller numbers such as ⟪a⟫, ⟪b⟫ and ⟪c⟫ with free-text notes.", dict(a=L(phone("US"), "phone_number"), b=L(phone("CH"), "phone_number"), c=L(phone("BE"), "phone_number"))),
        ("prose_en", "The HR chatbot answered with a colleague's details: Hannah Foster, birthdate ⟪d⟫ — NI ⟪n⟫, personal e-mail ⟪m⟫.", dict(d=L(dob("en", "iso"), "date_of_birth"), n=L(nino(), "national_id"), m=L(email("en"), "email_address"))),
        ("prose_en", "Card on file for account 7731: ⟪c⟫ (Mastercard), billing contact ⟪p⟫.", dict(c=L(card(), "payment_card"), p=L(phone("UK"), "phone_number"))),
        ("prose_en", "The Swiss subsidiary's payout file has the IBAN ⟪i⟫ next to the employee's name.", dict(i=L(iban("CH"), "iban"))),
        ("prose_en", "The checkout page's debug panel prints the previous shopper's card, ⟪c⟫, and their e-mail ⟪m⟫.", dict(c=L(card(), "payment_card"), m=L(email("en"), "email_address"))),
    ]
    pers_fr = [
        ("prose_fr", "La page de suivi affiche les données d'un autre client : Camille Dubois, née le ⟪d⟫, NIR ⟪n⟫, tél. ⟪p⟫, courriel ⟪m⟫.", dict(d=L(dob("fr", "long"), "date_of_birth"), n=L(nir(), "national_id"), p=L(phone("FR"), "phone_number"), m=L(email("fr"), "email_address"))),
        ("prose_fr", "Le PDF de facture d'un autre abonné mentionne la carte ⟪c⟫ et le RIB ⟪i⟫.", dict(c=L(card(), "payment_card"), i=L(iban("FR"), "iban"))),
        ("csv_export", "nom;prenom;date_de_naissance;telephone;iban\nGirard;Hugo;⟪d1⟫;⟪p1⟫;⟪i1⟫\nFaure;Manon;⟪d2⟫;⟪p2⟫;⟪i2⟫\n",
         dict(d1=L(dob("fr", "slash"), "date_of_birth"), p1=L(phone("FR"), "phone_number"), i1=L(iban("FR", grouped=False), "iban"),
              d2=L(dob("fr", "slash"), "date_of_birth"), p2=L(phone("FR"), "phone_number"), i2=L(iban("FR", grouped=False), "iban"))),
        ("prose_fr", "Dans le ticket, le client a collé son numéro de sécurité sociale ⟪n⟫ et sa date de naissance : ⟪d⟫.", dict(n=L(nir(), "national_id"), d=L(dob("fr", "slash"), "date_of_birth"))),
        ("prose_fr", "L'annuaire exposé contient les portables des techniciens : ⟪a⟫, ⟪b⟫, ⟪c⟫.", dict(a=L(phone("FR"), "phone_number"), b=L(phone("FR"), "phone_number"), c=L(phone("BE"), "phone_number"))),
        ("prose_fr", "Le journal applicatif enregistre le numéro de carte complet : ⟪c⟫ (transaction du ⟪t⟫).", dict(c=L(card(), "payment_card"), t=N("12/03/2025", "date_no_birth"))),
        ("prose_fr", "Fiche adhérent accessible par IDOR : Sébastien Perrin, date de naissance : ⟪d⟫, IBAN ⟪i⟫, ⟪m⟫.", dict(d=L(dob("fr", "slash"), "date_of_birth"), i=L(iban("FR"), "iban"), m=L(email("fr"), "email_address"))),
        ("prose_fr", "Un salarié espagnol apparaît avec son DNI ⟪n⟫ et un collègue italien avec son codice fiscale ⟪cf⟫.", dict(n=L(dni(), "national_id"), cf=L(codice_fiscale(), "national_id"))),
        ("prose_fr", "Le formulaire de contact renvoie en clair les messages des autres visiteurs, par exemple ⟪m1⟫ et ⟪m2⟫ avec leur numéro ⟪p⟫.", dict(m1=L(email("fr"), "email_address"), m2=L(email("fr"), "email_address"), p=L(phone("FR"), "phone_number"))),
        ("prose_fr", "Le relevé joint par erreur contient la carte ⟪c⟫ et l'IBAN ⟪i⟫ d'une cliente belge.", dict(c=L(card(), "payment_card"), i=L(iban("BE"), "iban"))),
        ("prose_fr", "Née le ⟪d⟫ à Lyon, la personne concernée a le NIR ⟪n⟫ ; ces données figurent dans l'export non chiffré.", dict(d=L(dob("fr", "long"), "date_of_birth"), n=L(nir(), "national_id"))),
        ("prose_fr", "La sauvegarde de la mutuelle contient des cartes : ⟪c1⟫, ⟪c2⟫.", dict(c1=L(card(), "payment_card"), c2=L(card(), "payment_card"))),
        ("json_api", '{"adherent":{"nom":"Fontaine","prenom":"Agnès","date_naissance":"⟪d⟫","nir":"⟪n⟫","telephone":"⟪p⟫","email":"⟪m⟫"},"maj":"⟪t⟫"}\n',
         dict(d=L(dob("fr", "iso"), "date_of_birth"), n=L(nir(spaced=False), "national_id"), p=L(phone("FR"), "phone_number"), m=L(email("fr"), "email_address"), t=N(ts(), "timestamp"))),
        ("prose_fr", "Le prestataire allemand a transmis l'identifiant fiscal ⟪s⟫ de son gérant et l'IBAN ⟪i⟫.", dict(s=L(steuer(), "national_id"), i=L(iban("DE"), "iban"))),
        ("prose_fr", "Dans le fil de discussion, un client écrit : « ma carte ⟪c⟫ a été débitée deux fois, rappelez-moi au ⟪p⟫ ».", dict(c=L(card(), "payment_card"), p=L(phone("FR"), "phone_number"))),
        ("prose_fr", "Contact du sous-traitant (tiers) : ⟪m⟫, ⟪p⟫.", dict(m=L(email("fr"), "email_address"), p=L(phone("CH"), "phone_number"))),
        ("prose_fr", "Le terminal de démonstration garde en mémoire la dernière carte lue (⟪c⟫) et l'affiche dans le menu technicien.", dict(c=L(card(), "payment_card"))),
    ]
    for carrier, tpl, slots in pers_en:
        case(carrier, "en", tpl, **slots)
    for carrier, tpl, slots in pers_fr:
        case(carrier, "fr", tpl, **slots)

    # ------------------------------------------------------------------ 8. documentation values (info)
    jwt_io = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    case("prose_en", "en", "The SDK's README shows how to configure credentials:\n\n    export AWS_ACCESS_KEY_ID=⟪a⟫\n    export AWS_SECRET_ACCESS_KEY=⟪s⟫\n\nThe vulnerability is that the SDK logs them at debug level.\n",
         a=L("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id", info=True), s=L("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_key", info=True))
    case("prose_fr", "fr", "La documentation de l'API donne l'exemple suivant pour le paiement : carte ⟪c⟫, titulaire ⟪m⟫. Le bug apparaît quand on rejoue cet exemple deux fois.",
         c=L("4242 4242 4242 4242", "payment_card", info=True), m=L("jane.doe@example.com", "email_address", info=True))
    case("prose_en", "en", "To reproduce, paste the sample token from jwt.io into the debugger field:\n\n⟪j⟫\n\nThe page then reflects the 'name' claim without escaping.",
         j=L(jwt_io, "jwt", info=True))
    case("prose_en", "en", "The form validator accepts the UK documentation IBAN ⟪i⟫ and the sample NI number ⟪n⟫ but rejects valid ones — see the screenshot.",
         i=L("GB82 WEST 1234 5698 7654 32", "iban", info=True), n=L("QQ 12 34 56 C", "national_id", info=True))
    case("prose_fr", "fr", "Dans la maquette, le numéro de test ⟪c⟫ et l'adresse ⟪m⟫ sont préremplis ; ils proviennent de la doc du PSP.",
         c=L("4111 1111 1111 1111", "payment_card", info=True), m=L("client.test@exemple.test", "email_address", info=True))
    case("prose_en", "en", "Our test plan uses fictional numbers only: ⟪a⟫ (US) and ⟪b⟫ (UK), and the mailbox ⟪m⟫.",
         a=L("+1 (312) 555-0142", "phone_number", info=True), b=L("07700 900461", "phone_number", info=True), m=L("qa-team@staging.example", "email_address", info=True))
    case("prose_fr", "fr", "Le guide d'intégration propose la clé d'exemple ⟪a⟫ et le compte ⟪m⟫ ; la faille concerne le stockage des vraies clés, pas cet exemple.",
         a=L("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id", info=True), m=L("admin@example.org", "email_address", info=True))
    case("config_yaml", "en", "# docs/examples/config.yaml (from the vendor's documentation)\naws:\n  access_key_id: ⟪a⟫\n  secret_access_key: ⟪s⟫\nnotify:\n  email: ⟪m⟫\n",
         a=L("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id", info=True), s=L("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_key", info=True), m=L("ops@example.net", "email_address", info=True))

    # ------------------------------------------------------------------ 9. clean texts (no label at all)
    clean_en = [
        "Click the password reset link in the e-mail; the link does not expire, which is the vulnerability.",
        "The password field on the login page is not masked, so shoulder-surfing reveals what users type.",
        "Reset your password from the account page; the old password is not asked for, so a stolen session is enough to take over the account.",
        "The password must be at least 12 characters long, but the server only checks the first 8.",
        "The password is stored in plaintext in the local SQLite database instead of being hashed.",
        "When the password is incorrect the API answers 401 with a different delay than when the user does not exist (user enumeration).",
        "The password is then hashed with unsalted MD5 before being sent, which makes pass-the-hash possible.",
        "Password is required on the form, but the API accepts an empty value and logs the user in.",
        "Forgot password? The recovery flow sends the reset token in the URL, which leaks through the Referer header.",
        "The password policy allows 'Password1' — see CWE-521. No account was accessed.",
        "Passwordless login via magic link is vulnerable to token reuse for 24 hours.",
        "The passphrase prompt of the backup tool can be bypassed with --no-encrypt, which the docs do not mention.",
        "The PIN pad randomises digit positions, but the PIN length (6 digits) leaks through the number of beeps.",
        "I did not include any password in this report; the vendor can reproduce with any valid account.",
        "The default password is documented as changeme in the installation guide, and the appliance forces a change at first login — that part is fine.",
    ]
    neg_frags = [("password reset link", "password_not_secret"), ("stored", "password_not_secret"),
                 ("incorrect", "password_not_secret"), ("changeme", "placeholder"), ("Password1", "password_not_secret"),
                 ("then", "password_not_secret"), ("trop court", "password_not_secret"), ("stocké", "password_not_secret"),
                 ("voir le coffre KeePass", "placeholder"), ("ensuite", "password_not_secret"), ("********", "placeholder")]

    def clean_prose(lang, t):
        for frag, kind in neg_frags:
            if frag in t:
                a, b = t.split(frag, 1)
                return case("prose_" + lang, lang, "⟪a⟫⟪n⟫⟪b⟫", a=a, n=N(frag, kind), b=b)
        return case("prose_" + lang, lang, t)

    for t in clean_en:
        clean_prose("en", t)
    clean_fr = [
        "Mot de passe oublié ? Le lien de réinitialisation reste valable indéfiniment, c'est l'objet de ce signalement.",
        "Le mot de passe est trop court pour la politique annoncée, mais le serveur l'accepte quand même.",
        "Le mot de passe est stocké en clair dans la base locale de l'application mobile.",
        "Pour réinitialiser votre mot de passe, l'application envoie le jeton dans l'URL, qui fuit via l'en-tête Referer.",
        "Le champ mot de passe du formulaire de connexion n'est pas masqué.",
        "Mot de passe : voir le coffre KeePass de l'équipe (je ne le communique pas ici).",
        "Saisissez votre mot de passe puis cliquez sur Connexion : l'erreur renvoyée diffère selon que le compte existe ou non.",
        "Le code PIN doit comporter 6 chiffres, mais l'API en accepte 4, ce qui réduit l'espace de recherche.",
        "Identifiants : voir la fiche d'exploitation transmise séparément par le canal chiffré.",
        "Aucun mot de passe n'est joint à ce rapport ; l'éditeur peut reproduire avec un compte de test.",
        "Le mot de passe est ensuite haché en SHA-1 sans sel, ce qui est insuffisant.",
        "La politique de mots de passe impose 12 caractères ; la phrase de passe du coffre n'est pas concernée.",
        "Le mot de passe administrateur par défaut doit être changé au premier démarrage, ce que l'assistant oublie de demander.",
        "mot de passe : ******** (masqué par mes soins avant l'envoi)",
    ]
    for t in clean_fr:
        clean_prose("fr", t)

    # placeholder configs
    case("config_yaml", "en", "database:\n  host: db\n  user: app\n  password: ⟪a⟫\nredis:\n  password: \"⟪b⟫\"\napi:\n  key: ⟪c⟫\n",
         a=N("${DB_PASSWORD}", "placeholder"), b=N("{{ secret }}", "placeholder"), c=N("your-api-key-here", "placeholder"))
    case("env_file", "en", "# .env.example — copy to .env and fill in\nDB_PASS=⟪a⟫\nAPP_SECRET=⟪b⟫\nAWS_ACCESS_KEY_ID=⟪c⟫\nGITHUB_TOKEN=⟪d⟫\nDATABASE_URL=⟪e⟫\n",
         a=N("$DB_PASS", "placeholder"), b=N("<changeme>", "placeholder"), c=N("AKIAXXXXXXXXXXXXXXXX", "placeholder_token_shape"),
         d=N("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "placeholder_token_shape"), e=N("postgres://user:${DB_PASSWORD}@db:5432/app", "placeholder_token_shape"))
    case("config_ini", "fr", "; modèle de configuration — ne pas committer les vraies valeurs\n[base]\nutilisateur = app\nmot_de_passe = ⟪a⟫\n[api]\nsecret = ⟪b⟫\n",
         a=N("%APP_DB_PASSWORD%", "placeholder"), b=N("%APP_SECRET%", "placeholder"))
    case("config_toml", "en", "[auth]\npassword = \"⟪a⟫\"\ntoken = \"⟪b⟫\"\npassword_min_length = ⟪c⟫\n",
         a=N("********", "placeholder"), b=N("REDACTED", "placeholder"), c=N("12", "password_not_secret"))
    case("config_json", "fr", "Extrait du fichier de configuration (valeurs masquées) :\n{\n  \"smtp\": { \"user\": \"notif\", \"password\": \"⟪a⟫\" },\n  \"stripeKey\": \"⟪b⟫\",\n  \"passwordResetUrl\": \"https://portail.transports-verdier.fr/mot-de-passe-oublie\"\n}\n",
         a=N("<password>", "placeholder"), b=N("sk_live_XXXXXXXXXXXXXXXXXXXXXXXX", "placeholder_token_shape"))
    case("config_properties", "en", "spring.datasource.password=⟪a⟫\nspring.mail.password=⟪b⟫\napp.security.password-reset.expiry=PT30M\napp.security.password.min-length=12\n",
         a=N("${SPRING_DATASOURCE_PASSWORD}", "placeholder"), b=N("${MAIL_PASSWORD:}", "placeholder"))
    case("config_yaml", "fr", "# docker-compose.yml (extrait)\nservices:\n  db:\n    image: postgres:16.2\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n  app:\n    environment:\n      DB_PASSWORD: ⟪a⟫\n      JWT_SECRET: ⟪b⟫\n",
         a=N("${DB_PASSWORD:?required}", "placeholder"), b=N("$${JWT_SECRET}", "placeholder"))
    case("env_file", "fr", "# valeurs d'exemple pour la recette\nADMIN_PASSWORD=⟪a⟫\nSESSION_SECRET=⟪b⟫\nOPENAI_API_KEY=⟪c⟫\n",
         a=N("changeme", "placeholder"), b=N("<à-remplir>", "placeholder"), c=N("sk-...", "placeholder_token_shape"))
    case("http_request", "en", "Example request from the API docs:\n\nGET /v1/orders HTTP/1.1\nHost: api.northwind-traders.co.uk\nAuthorization: ⟪a⟫\nCookie: _ga=⟪g⟫; lang=en; theme=dark\n",
         a=N("Bearer <token>", "placeholder_token_shape"), g=N("GA1.2.1843021934.1712345678", "non_session_cookie"))
    case("http_request", "fr", "Requête (jeton masqué) :\n\nPOST /api/export HTTP/1.1\nHost: extranet.transports-verdier.fr\nAuthorization: Bearer ⟪a⟫\nContent-Type: application/json\n\n{\"format\":\"csv\",\"password\":\"⟪b⟫\"}\n",
         a=N("[REDACTED]", "placeholder"), b=N("***", "placeholder"))

    # hashes, ids, versions, images — no secret
    for i in range(5):
        lang = "fr" if i % 2 else "en"
        if i % 3 == 0:
            tpl = ("Affected: agent ⟪v1⟫ to ⟪v2⟫ (fixed in ⟪v3⟫).\nCommit ⟪sha⟫ introduced the bug; short id ⟪ss⟫.\nRelease artefact sha256: ⟪h⟫\nCVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n"
                   if lang == "en" else
                   "Versions concernées : ⟪v1⟫ à ⟪v2⟫ (corrigé en ⟪v3⟫).\nLe commit ⟪sha⟫ (court : ⟪ss⟫) introduit la régression.\nEmpreinte SHA-256 de l'archive : ⟪h⟫\n")
            sha = git_sha()
            major, minor = R.randint(1, 8), R.randint(0, 9)
            vs = [f"{major}.{minor}.0", f"{major}.{minor + R.randint(1, 5)}.{R.randint(1, 9)}", f"{major + 1}.0.{R.randint(0, 3)}"]
            case("prose_" + lang, lang, tpl, v1=N(vs[0], "version"), v2=N(vs[1], "version"), v3=N(vs[2], "version"),
                 sha=N(sha, "git_sha"), ss=N(sha[:7], "short_sha"), h=N(sha256(), "sha256"))
        elif i % 3 == 1:
            tpl = ("Trace ID ⟪t⟫, request ⟪u⟫, order ⟪o⟫ — the server answered from ⟪ip⟫ after 2.4 s.\ntraceparent: ⟪tp⟫\n"
                   if lang == "en" else
                   "Identifiant de corrélation ⟪u⟫, commande ⟪o⟫, réponse de ⟪ip⟫ en 2,4 s.\nTrace : ⟪t⟫ — traceparent ⟪tp⟫\n")
            case("prose_" + lang, lang, tpl, t=N(rs(32, HEX), "md5_file"), u=N(uuid4(), "uuid"), o=N("CMD-2025-" + digits(6), "order_id"),
                 ip=N(pub_ip(), "public_ip"), tp=N(f"00-{rs(32, HEX)}-{rs(16, HEX)}-01", "traceparent"))
        else:
            tpl = ("Screenshot attached inline: <img src=\"data:image/png;base64,⟪p⟫\"> — the XSS payload is in the alt attribute.\n"
                   if lang == "en" else
                   "Capture jointe en ligne : <img src=\"data:image/png;base64,⟪p⟫\"> — la charge utile XSS est dans l'attribut alt.\n")
            case("prose_" + lang, lang, tpl, p=N(png_b64(), "png_base64"))
    case("json_api", "en", '{"package":"left-pad-ng","version":"⟪v⟫","integrity":"⟪i⟫","resolved":"https://registry.npmjs.org/left-pad-ng/-/left-pad-ng-⟪v2⟫.tgz"}\n',
         v=N("2.1.4", "version"), i=N("sha512-" + base64.b64encode(R.randbytes(64)).decode(), "integrity"), v2="2.1.4")
    case("prose_en", "en", "Checksums of the vulnerable builds:\nmd5 ⟪a⟫  agent-4.2.1.msi\nsha256 ⟪b⟫  agent-4.2.1.msi\nsha1 ⟪c⟫  agent-4.2.0.msi\n",
         a=N(rs(32, HEX), "md5_file"), b=N(sha256(), "sha256"), c=N(rs(40, HEX), "git_sha"))
    case("prose_fr", "fr", "Le certificat du serveur (public) : empreinte SHA-256 ⟪a⟫, numéro de série ⟪b⟫, OID ⟪c⟫.",
         a=N(":".join(rs(2, "0123456789ABCDEF") for _ in range(32)), "sha256"), b=N(rs(32, HEX), "md5_file"), c=N("1.2.840.113549.1.1.11", "non_ip_dotted"))
    case("prose_en", "en", "The public key the vendor publishes for update signing is:\n\n⟪k⟫\n\nThe flaw is that the updater never checks it.",
         k=N("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(43, AN + "+/") + " release@kestrel-aero.com", "public_key"))
    case("server_log", "en", "⟪ip1⟫ - - [12/Apr/2025:10:12:01 +0000] \"GET /login?next=%2Fdashboard%3Ftab%3Dsettings HTTP/1.1\" 200 5123 \"-\" \"curl/8.5.0\"\n⟪ip2⟫ - - [12/Apr/2025:10:12:03 +0000] \"POST /password/reset HTTP/1.1\" 302 0 \"-\" \"Mozilla/5.0\"\n",
         ip1=N(pub_ip(), "public_ip"), ip2=N(pub_ip(), "public_ip"))
    case("server_log", "fr", "⟪t1⟫ INFO  auth: échec de connexion pour l'utilisateur « jdupont » (mot de passe erroné, tentative 3/5)\n⟪t2⟫ WARN  auth: compte verrouillé, réinitialisation du mot de passe requise\n⟪t3⟫ INFO  bind 0.0.0.0:8443, netmask 255.255.255.0, loopback 127.0.0.1\n",
         t1=N(ts(), "timestamp"), t2=N(ts(), "timestamp"), t3=N(ts(), "timestamp"))
    case("prose_fr", "fr", "Le montant de la transaction (1 250,00 €), le SIRET du marchand ⟪s⟫ et l'ISBN du manuel (⟪i⟫) apparaissent dans la page d'erreur, sans autre donnée.",
         s=N("732 829 320 00074", "number_not_phone"), i=N("978-2-07-036822-8", "number_not_phone"))
    case("prose_en", "en", "A card-like number in the logs, ⟪c⟫, fails the Luhn check — it is an internal reference, not a card.",
         c=N(bad_luhn(), "luhn_invalid"))
    case("prose_fr", "fr", "Le numéro ⟪n⟫ affiché dans l'erreur n'est pas un NIR valide (clé incorrecte), et l'IBAN ⟪i⟫ a une clé de contrôle fausse : ce sont des données de test générées.",
         n=N(bad_nir(), "near_miss_personal"), i=N(bad_iban(), "near_miss_personal"))
    case("prose_en", "en", "The vendor's download page is served from ⟪h⟫ (⟪ip⟫) over plain HTTP; the docs site ⟪d⟫ too.",
         h=N("downloads.kestrel-aero.com", "public_host"), ip=N(pub_ip(), "public_ip"), d=N("docs.kestrel-aero.com", "public_host"))
    case("prose_fr", "fr", "Date de publication souhaitée : ⟪d⟫. Le correctif est prévu pour la version ⟪v⟫, livrée le ⟪d2⟫.",
         d=N("15/06/2025", "date_no_birth"), v=N("5.3.0", "version"), d2=N("2 juin 2025", "date_no_birth"))

    # clean chats / e-mails / captures
    case("chat_slack", "en", "[10:02] emily.carter: anyone else getting the password reset e-mail twice?\n[10:03] james.patel: yes, and the reset link works from any browser 🤔\n[10:05] emily.carter: filing it with PSIRT, no credentials in the report\n")
    case("chat_teams", "fr", "Nicolas Garnier 09:30\nquelqu'un a reçu le mail « mot de passe expiré » ?\n\nOcéane Roux 09:32\noui, c'est du phishing, ne cliquez pas 🚫\n\nNicolas Garnier 09:33\nok je le signale\n")
    case("chat_irc", "en", "<kira> what's the password policy on the new VPN?\n<tom> 14 chars min, rotated every 90 days\n<kira> and MFA?\n<tom> TOTP, the seed is never shown twice\n")
    case("chat_slack", "fr", "[14:10] julien.mercier: le mot de passe du compte de test ? je ne le mets pas ici, je te l'envoie par le coffre\n[14:11] ines.faure: parfait merci 👍\n")
    rep = REP("Sam", "Rivera")
    case("email", "en", "From: Sam Rivera <⟪r⟫>\nTo: ⟪p⟫\nSubject: Report: password reset token not invalidated\n\nHello,\n\nthe password reset token stays valid after use. Steps are in the attached report; no credentials or personal data are included.\n\nRegards,\nSam\n",
         reporter=rep, r=N(rep, "reporter_email"), p=N("psirt@thalesgroup.com", "psirt_email"))
    rep = REP("Claire", "Noël")
    case("email", "fr", "De : Claire Noël <⟪r⟫>\nÀ : ⟪p⟫\nObjet : Signalement — réinitialisation du mot de passe\n\nBonjour,\n\nle lien « mot de passe oublié » ne vérifie pas l'appartenance du courriel. Je n'ai accédé à aucun compte tiers.\n\n> Le 3 avr. 2025, PSIRT a écrit :\n> Merci de ne pas joindre de données personnelles.\n\nCordialement,\nClaire\n",
         reporter=rep, r=N(rep, "reporter_email"), p=N("psirt@thalesgroup.com", "psirt_email"))
    rep = REP()
    case("email", "en", "From: ⟪r⟫\nTo: ⟪c⟫\nSubject: CNA appeal — no response\n\nThe CNA has not answered our CVE request (ref REQ-2025-0412) since 2025-02-10.\n",
         reporter=rep, r=N(rep, "reporter_email"), c=N("cna-coordinator@thalesgroup.com", "psirt_email"))
    case("http_response", "en", "HTTP/1.1 200 OK\nContent-Type: application/json\nSet-Cookie: lang=fr; Path=/\nSet-Cookie: theme=dark; Path=/\nETag: \"⟪e⟫\"\n\n{\"status\":\"ok\",\"passwordPolicy\":{\"minLength\":12,\"requireSymbol\":true},\"next\":\"⟪n⟫\"}\n",
         e=N(rs(32, HEX), "md5_file"), n=N(base64.b64encode(b'{"page":3}').decode(), "base64_benign"))
    case("http_request", "en", "GET /search?q=%22reset+password%22+not+working&lang=en HTTP/1.1\nHost: support.kestrel-aero.com\nAccept: text/html\nCookie: _ga=GA1.1.99887766.1711111111; consent=necessary\n",)
    case("stack_trace", "fr", "Traceback (most recent call last):\n  File \"/opt/app/auth.py\", line 88, in check_password\n    if not bcrypt.checkpw(password.encode(), row.password_hash):\nValueError: Invalid salt\n\nLe mot de passe n'est jamais journalisé ; seule l'exception remonte.\n")
    case("stack_trace", "en", "java.lang.IllegalArgumentException: password must not be null\n\tat com.acme.auth.PasswordValidator.validate(PasswordValidator.java:42)\n\tat com.acme.auth.LoginController.login(LoginController.java:117)\n")
    case("shell_history", "en", "  501  git log --oneline -5\n  502  read -s -p 'Password: ' DB_PASS\n  503  export PGPASSWORD=\"$DB_PASS\"\n  504  psql -h db -U app -c 'select 1'\n  505  unset PGPASSWORD\n")
    case("prose_en", "en", "Hashcat cracked nothing: the hashes use bcrypt with cost 12, so I stopped. I am not including them in this report.")
    case("prose_fr", "fr", "L'écran « Changer le mot de passe » accepte l'ancien mot de passe comme nouveau ; c'est un défaut de logique, pas une fuite.")
    case("prose_en", "en", "Weak spot: the 'remember me' cookie is valid for ten years. Its name is rememberme and it is set with SameSite=None; I am not including its value.")
    case("prose_fr", "fr", "Le mot de passe Wi-Fi affiché sur l'écran d'accueil est masqué (●●●●●●), mais un appui long l'affiche : voir la vidéo jointe.")
    case("prose_en", "en", "Version 2.4.1 of the firmware (build 20250301.1, git 3f9c2e1) fixes the PIN brute force; 2.3.x remain vulnerable.")
    case("prose_fr", "fr", "Le PIN par défaut figure dans la notice, mais l'appareil oblige à le changer à la première utilisation ; ce point n'est donc pas un problème.")


# =========================================================================== output and checks

def render():
    build()
    return "".join(json.dumps(public(c), ensure_ascii=False, separators=(",", ":")) + "\n" for c in CASES)


def slice16(text, s, e):
    return text.encode("utf-16-le")[2 * s:2 * e].decode("utf-16-le")


EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
INTERNAL_SUFFIXES = (".internal", ".local", ".lan", ".corp", ".intranet", ".intra", ".home.arpa", ".localdomain",
                     ".svc.cluster.local", ".service.consul")


def validate(cat, v, info):
    """Format checks on a labelled value (documentation values are exempt)."""
    if info:
        return True
    digits_only = re.sub(r"[ -]", "", v)
    if cat == "payment_card":
        return digits_only.isdigit() and luhn_ok(digits_only) and digits_only not in TEST_CARDS
    if cat == "iban":
        return iban_ok(v)
    if cat == "national_id":
        vv = v.replace(" ", "")
        return (nir_ok(vv) if vv.isdigit() and len(vv) == 15 else steuer_ok(vv) if vv.isdigit() and len(vv) == 11
                else ssn_ok(v) if re.fullmatch(r"\d{3}-\d{2}-\d{4}", v) else dni_ok(vv) if len(vv) == 9 and vv[-1].isalpha() and vv[1:8].isdigit()
                else nino_ok(vv) if len(vv) == 9 else cf_ok(vv) if len(vv) == 16 else False)
    if cat in ("github_token", "npm_token"):
        body = v.split("_", 1)[1]
        return len(body) == 36 and b62(zlib.crc32(body[:30].encode())) == body[30:]
    if cat == "email_address":
        return bool(EMAIL_RE.match(v))
    if cat == "internal_hostname":
        return v.endswith(INTERNAL_SUFFIXES)
    if cat == "private_ip":
        return bool(re.match(r"^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|fd[0-9a-f]{2}:)", v))
    if cat == "aws_access_key_id":
        return bool(re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", v))
    if cat == "aws_secret_key":
        return bool(re.fullmatch(r"[A-Za-z0-9/+]{40}", v))
    if cat == "jwt":
        h = v.split(".")[0]
        return json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))["typ"] == "JWT"
    if cat == "private_key":
        return "PRIVATE KEY-----" in v and v.rstrip().endswith("-----")
    if cat == "gcp_service_account":
        return '"service_account"' in v and v.startswith("{") and v.endswith("}")
    if cat == "date_of_birth":
        return bool(re.search(r"\d{4}", v))
    if cat == "phone_number":
        return len(re.sub(r"\D", "", v)) >= 9
    return v == v.strip() and len(v) >= 4


def check(committed):
    fresh = render()
    ok = True
    if committed != fresh:
        print("cases.jsonl differs from a fresh draw: run gen_blind3.py", file=sys.stderr)
        ok = False
    counts, groups = Counter(), Counter()
    info_n = optional_n = clean = fr = prose_pw = 0
    non_ascii_before = 0
    for c, line in zip(CASES, fresh.split("\n")):
        pub = json.loads(line)
        text = pub["text"]
        n16 = u16(text)
        if pub["language"] == "fr":
            fr += 1
        if not pub["labels"]:
            clean += 1
        prev_end = -1
        for lab, priv in zip(pub["labels"], c["labels"]):
            s, e = lab["start"], lab["end"]
            val = slice16(text, s, e)
            if not (0 <= s < e <= n16):
                print(f"{pub['id']}: span {s}..{e} outside text", file=sys.stderr)
                ok = False
            if val != priv["_value"]:
                print(f"{pub['id']}: label {s}..{e} slices to {val!r}, not {priv['_value']!r}", file=sys.stderr)
                ok = False
            if s < prev_end:
                print(f"{pub['id']}: label {s}..{e} overlaps the previous one", file=sys.stderr)
                ok = False
            prev_end = max(prev_end, e)
            if val != val.strip():
                print(f"{pub['id']}: label {val!r} has surrounding white space", file=sys.stderr)
                ok = False
            if not validate(lab["category"], val, lab["severity"] == "info"):
                print(f"{pub['id']}: {lab['category']} value {val!r} fails its format check", file=sys.stderr)
                ok = False
            if lab["severity"] not in ("info", SEV[lab["category"]]):
                print(f"{pub['id']}: wrong severity {lab}", file=sys.stderr)
                ok = False
            if not slice16(text, 0, s).isascii():
                non_ascii_before += 1
            if lab["severity"] == "info":
                info_n += 1
            elif lab.get("optional"):
                optional_n += 1
            else:
                counts[lab["category"]] += 1
                groups[GROUP[lab["category"]]] += 1
                if pub["carrier"].startswith("prose") and lab["category"] == "password_assignment":
                    prose_pw += 1
        for neg in pub["negatives"]:
            if slice16(text, neg["start"], neg["end"]) != next(n["_value"] for n in c["negatives"] if n["start"] == neg["start"]):
                print(f"{pub['id']}: negative {neg} does not slice to its value", file=sys.stderr)
                ok = False
            for lab in pub["labels"]:
                if neg["start"] < lab["end"] and lab["start"] < neg["end"]:
                    print(f"{pub['id']}: negative {neg} overlaps label {lab}", file=sys.stderr)
                    ok = False
        if pub.get("reporter_email") and pub["reporter_email"] not in text:
            print(f"{pub['id']}: reporter_email absent from text", file=sys.stderr)
    cred_cases = sum(1 for c in CASES if any(GROUP[l["category"]] == "credentials" and l["severity"] != "info" and not l.get("optional") for l in c["labels"]))
    pers_cases = sum(1 for c in CASES if any(GROUP[l["category"]] == "personal" and l["severity"] != "info" for l in c["labels"]))
    third_party = sum(1 for c in CASES for l in c["labels"] if l["severity"] != "info" and not l.get("optional")
                      and (GROUP[l["category"]] == "personal" or l["category"] in ("email_address", "phone_number")))
    tp_cases = sum(1 for c in CASES if any(l["severity"] != "info" and (GROUP[l["category"]] == "personal" or l["category"] in ("email_address", "phone_number")) for l in c["labels"]))
    print(f"cases {len(CASES)}  french {fr} ({fr / len(CASES):.0%})  clean (no label) {clean}  "
          f"doc-only {sum(1 for c in CASES if c['labels'] and all(l['severity'] == 'info' for l in c['labels']))}")
    print(f"texts with credentials {cred_cases}; with personal data {pers_cases}; with third-party personal/contact data {tp_cases} ({third_party} values)")
    print(f"required labels by group {dict(groups)}; optional {optional_n}; info {info_n}; prose password values {prose_pw}")
    print(f"labels with non-ASCII text before them: {non_ascii_before}")
    for cat in CREDENTIALS + PERSONAL + INFRA:
        flag = "" if counts[cat] >= 15 else "   < 15"
        print(f"  {GROUP[cat]:15} {cat:25} {counts[cat]:4}{flag}")
        if counts[cat] < 15:
            ok = False
    print("OK" if ok else "FAILED")
    return ok


def main():
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            committed = f.read()
        sys.exit(0 if check(committed) else 1)
    data = render()
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)
    print(f"wrote {len(CASES)} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
