#!/usr/bin/env python3
"""Held-out sensitive-data corpus for the psirt-report scanner (written blind: neither the
scanner's rules nor the other corpora were read). Python 3.11 stdlib only, deterministic.

    python3 tests/corpus/held-out/gen_held_out.py

writes tests/corpus/held-out/cases.jsonl (same format as tests/corpus/README.md). Every value is
random and fake but format-valid (checksums, check digits, issuer prefixes).
"""
import base64
import json
import os
import random
import re
import string
import unicodedata
import zlib

SEED = 20261122
r = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.jsonl")

SEV = {}
for c in ("private_key aws_access_key_id aws_secret_key github_token gitlab_token slack_token "
          "slack_webhook stripe_key google_api_key gcp_service_account azure_connection_string "
          "azure_sas_token npm_token pypi_token sendgrid_key twilio_key ai_api_key jwt url_credentials "
          "connection_string authorization_header session_cookie password_assignment password_hash").split():
    SEV[c] = "critical"
for c in ("payment_card", "iban", "national_id", "date_of_birth"):
    SEV[c] = "high"
for c in ("email_address", "phone_number", "private_ip", "internal_hostname"):
    SEV[c] = "medium"

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
B64 = ALNUM + "+/"
HEX = "0123456789abcdef"


def u16(s):
    return len(s.encode("utf-16-le")) // 2


def rs(alpha, n):
    return "".join(r.choice(alpha) for _ in range(n))


# ---------------------------------------------------------------- labelled pieces
class L:
    def __init__(self, v, cat, also=None, opt=False, info=False, enc=None):
        self.v, self.cat, self.also, self.opt, self.info, self.enc = v, cat, also, opt, info, enc


class N:
    def __init__(self, v, kind):
        self.v, self.kind = v, kind


HOST_RE = (r"(?<![\w.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:internal|local|lan|corp|intranet|intra|home\.arpa"
           r"|localdomain|service\.consul)(?![\w-])")
IP_RE = (r"(?<![\w.])(?:10\.\d{1,3}\.\d{1,3}\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}"
         r"|192\.168\.\d{1,3}\.\d{1,3}|fd[0-9a-f]{2}:[0-9a-f:]+)(?![\w.])")
INNER_RE = re.compile(r"(?P<host>%s)|(?P<ip>%s)" % (HOST_RE, IP_RE))
INNER_CATS = {"connection_string", "url_credentials", "azure_connection_string"}
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


class B:
    def __init__(self):
        self.parts, self.labels, self.negs, self.pos = [], [], [], 0

    def add(self, x):
        if isinstance(x, L):
            lab = {"start": self.pos, "end": self.pos + u16(x.v), "category": x.cat,
                   "severity": "info" if x.info else SEV[x.cat]}
            if x.also:
                lab["also"] = list(x.also)
            if x.opt:
                lab["optional"] = True
            if x.enc:
                lab["encoding"] = x.enc
            self.labels.append(lab)
            if not x.enc and (x.cat in INNER_CATS or set(x.also or ()) & INNER_CATS):
                # an internal host or private IP inside a labelled URI / connection string: optional
                for m in INNER_RE.finditer(x.v):
                    cat = "private_ip" if m.group("ip") else "internal_hostname"
                    a = self.pos + u16(x.v[:m.start()])
                    self.labels.append({"start": a, "end": a + u16(m.group(0)), "category": cat,
                                        "severity": SEV[cat], "optional": True})
            s = x.v
        elif isinstance(x, N):
            self.negs.append({"start": self.pos, "end": self.pos + u16(x.v), "kind": x.kind})
            s = x.v
        else:
            s = x
        self.parts.append(s)
        self.pos += u16(s)

    def f(self, tpl, **kw):
        for i, piece in enumerate(re.split(r"\[\[(\w+)\]\]", tpl)):
            if i % 2 == 0:
                if piece:
                    self.add(piece)
            else:
                v = kw[piece]
                for x in (v if isinstance(v, list) else [v]):
                    self.add(x)

    def text(self):
        return "".join(self.parts)


# ---------------------------------------------------------------- value generators
def crc_b62(s):
    n = zlib.crc32(s.encode())
    out = ""
    while n:
        n, d = divmod(n, 62)
        out = B62[d] + out
    return out.rjust(6, "0")


def ghp(prefix=None):
    prefix = prefix or r.choice(["ghp_", "ghp_", "ghp_", "gho_", "ghs_", "ghu_"])
    body = rs(B62, 30)
    return prefix + body + crc_b62(body)


def ghp_bad():
    body = rs(B62, 30)
    good = crc_b62(body)
    bad = good[:-1] + ("A" if good[-1] != "A" else "B")
    return "ghp_" + body + bad


def gh_fine():
    return "github_pat_" + rs(ALNUM, 22) + "_" + rs(ALNUM, 59)


def npm():
    body = rs(B62, 30)
    return "npm_" + body + crc_b62(body)


def glpat():
    return "glpat-" + rs(URLSAFE, 20)


def akia():
    return r.choice(["AKIA", "AKIA", "ASIA"]) + rs(string.ascii_uppercase + "234567", 16)


def aws_secret():
    return rs(B64, 40)


def stripe():
    return r.choice(["sk_live_", "sk_live_", "rk_live_"]) + rs(ALNUM, r.choice([24, 99]))


def gkey():
    return "AIza" + rs(URLSAFE, 35)


def sendgrid():
    return "SG." + rs(URLSAFE, 22) + "." + rs(URLSAFE, 43)


def slack_tok():
    if r.random() < 0.6:
        return "xoxb-" + rs(string.digits, 12) + "-" + rs(string.digits, 13) + "-" + rs(ALNUM, 24)
    return "xoxp-" + rs(string.digits, 12) + "-" + rs(string.digits, 12) + "-" + rs(string.digits, 13) + "-" + rs(HEX, 32)


def slack_hook():
    return ("https://hooks.slack.com/services/T" + rs(string.ascii_uppercase + string.digits, 8) + "/B"
            + rs(string.ascii_uppercase + string.digits, 10) + "/" + rs(ALNUM, 24))


def pypi():
    return "pypi-AgEIcHlwaS5vcmc" + rs(URLSAFE, r.choice([130, 160, 175]))


def openai():
    if r.random() < 0.7:
        return "sk-proj-" + rs(URLSAFE, 74) + "T3BlbkFJ" + rs(URLSAFE, 74)
    return "sk-" + rs(ALNUM, 20) + "T3BlbkFJ" + rs(ALNUM, 20)


def anthropic():
    return "sk-ant-api03-" + rs(URLSAFE, 93) + "AA"


def ai_key():
    return openai() if r.random() < 0.5 else anthropic()


def b64url(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def jwt(claims=None):
    alg = r.choice(["HS256", "RS256", "ES256"])
    hdr = {"alg": alg, "typ": "JWT"}
    if alg != "HS256":
        hdr["kid"] = rs(HEX, 16)
    now = 1730000000 + r.randint(0, 30000000)
    pl = claims or {"sub": str(r.randint(10000, 999999)), "iat": now, "exp": now + 3600,
                    "scope": r.choice(["read write", "admin", "openid profile"])}
    sig = rs(URLSAFE, {"HS256": 43, "RS256": 342, "ES256": 86}[alg])
    return b64url(json.dumps(hdr, separators=(",", ":")).encode()) + "." + \
        b64url(json.dumps(pl, separators=(",", ":")).encode()) + "." + sig


JWT_IO = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0"
          "IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")


def azure_conn():
    if r.random() < 0.65:
        return ("DefaultEndpointsProtocol=https;AccountName=" + rs(string.ascii_lowercase + string.digits, 12)
                + ";AccountKey=" + rs(B64, 86) + "==;EndpointSuffix=core.windows.net")
    return ("Endpoint=sb://" + r.choice(["orders-bus", "telemetry-prod", "evt-hub-weu"])
            + ".servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey="
            + rs(B64, 43) + "=")


def sas_query():
    sig = rs(B64, 43) + "="
    sig = sig.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return ("sv=2022-11-02&ss=b&srt=co&sp=rl&se=2025-" + "%02d" % r.randint(1, 12)
            + "-28T18:00:00Z&st=2024-11-01T09:00:00Z&spr=https&sig=" + sig)


def twilio_sid():
    return "AC" + rs(HEX, 32)


def twilio_tok():
    return rs(HEX, 32)


def pem(kind=None):
    kind = kind or r.choice(["RSA", "PKCS8", "EC", "OPENSSH"])
    if kind == "RSA":
        hdr, body, n = "RSA PRIVATE KEY", "MIIEowIBAAKCAQEA" + rs(B64, 1500), 64
    elif kind == "PKCS8":
        hdr, body, n = "PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ" + rs(B64, 1550), 64
    elif kind == "EC":
        hdr, body, n = "EC PRIVATE KEY", "MHcCAQEEI" + rs(B64, 155) + "==", 64
    else:
        hdr, body, n = "OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW" + rs(B64, 300), 70
    body = body.rstrip("=")
    body = body[:len(body) - len(body) % 4]
    lines = [body[i:i + n] for i in range(0, len(body), n)]
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (hdr, "\n".join(lines), hdr)


def ssh_pub():
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(B64, 43) + " ci-deploy"


def cert_block():
    body = "MIIDdzCCAl+gAwIBAgIE" + rs(B64, 700)
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(body[i:i + 64] for i in range(0, len(body), 64)) + "\n-----END CERTIFICATE-----"


CRYPT = "./" + string.digits + string.ascii_uppercase + string.ascii_lowercase


def pw_hash():
    k = r.choice(["bcrypt", "bcrypt", "argon2", "sha512", "sha256", "yescrypt"])
    if k == "bcrypt":
        return "$2" + r.choice("aby") + "$" + r.choice(["10", "12", "11"]) + "$" + rs(CRYPT, 53)
    if k == "argon2":
        return "$argon2id$v=19$m=65536,t=3,p=4$" + rs(B64.replace("+", "").replace("/", ""), 22) + "$" + rs(ALNUM + "+/", 43)
    if k == "sha512":
        return "$6$" + rs(CRYPT, 16) + "$" + rs(CRYPT, 86)
    if k == "sha256":
        return "$5$" + rs(CRYPT, 16) + "$" + rs(CRYPT, 43)
    return "$y$j9T$" + rs(CRYPT, 22) + "$" + rs(CRYPT, 43)


def password():
    words = ["Winter", "Kestrel", "Saphir", "Lavande", "Orca", "Tundra", "Quokka", "Marmotte", "Falke", "Granit"]
    return r.choice([
        lambda: r.choice(words) + str(r.randint(10, 99)) + r.choice("!#$%&*?@") + r.choice(words).lower(),
        lambda: rs(ALNUM, r.randint(14, 24)),
        lambda: rs(ALNUM + "!#%&*+-=?@^_", r.randint(12, 20)),
        lambda: r.choice(words) + "_" + str(r.randint(2019, 2026)) + r.choice("!?."),
    ])()


def luhn_digit(partial):
    s = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return str((10 - s % 10) % 10)


def card(brand=None):
    brand = brand or r.choice(["visa", "visa", "mc", "mc2", "amex", "disc"])
    if brand == "visa":
        p, n = "4" + rs(string.digits, 5), 16
    elif brand == "mc":
        p, n = str(r.randint(51, 55)) + rs(string.digits, 4), 16
    elif brand == "mc2":
        p, n = str(r.randint(2221, 2720)) + rs(string.digits, 2), 16
    elif brand == "amex":
        p, n = r.choice(["34", "37"]) + rs(string.digits, 4), 15
    else:
        p, n = "6011" + rs(string.digits, 2), 16
    body = p + rs(string.digits, n - 1 - len(p))
    return body + luhn_digit(body)


def card_bad():
    c = card("visa")
    return c[:-1] + str((int(c[-1]) + r.randint(1, 9)) % 10)


def fmt_card(c, sep):
    if not sep:
        return c
    if len(c) == 15:
        return c[:4] + sep + c[4:10] + sep + c[10:]
    return sep.join(c[i:i + 4] for i in range(0, 16, 4))


def _iban_num(s):
    return int("".join(str(int(ch, 36)) for ch in s))


def iban(cc=None, bad=False):
    cc = cc or r.choice(["FR", "DE", "ES", "IT", "GB", "NL", "BE", "CH", "PL", "AT", "PT", "LU"])
    D, U = string.digits, string.ascii_uppercase
    if cc == "FR":
        bank, br, acc = rs(D, 5), rs(D, 5), rs(D, 11)
        key = 97 - (89 * int(bank) + 15 * int(br) + 3 * int(acc)) % 97
        bban = bank + br + acc + "%02d" % key
    elif cc == "DE":
        bban = rs(D, 18)
    elif cc == "ES":
        bban = rs(D, 20)
    elif cc == "IT":
        bban = rs(U, 1) + rs(D, 10) + rs(D, 12)
    elif cc == "GB":
        bban = r.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + rs(D, 14)
    elif cc == "NL":
        bban = r.choice(["ABNA", "INGB", "RABO", "TRIO"]) + rs(D, 10)
    elif cc == "BE":
        first = rs(D, 10)
        ck = int(first) % 97 or 97
        bban = first + "%02d" % ck
    elif cc == "CH":
        bban = rs(D, 5) + rs(D, 12)
    elif cc == "PL":
        bban = rs(D, 24)
    elif cc == "AT":
        bban = rs(D, 16)
    elif cc == "PT":
        bban = rs(D, 21)
    else:
        bban = rs(D, 3) + rs(D, 13)
    check = 98 - _iban_num(bban + cc + "00") % 97
    if bad:
        check = (check + r.randint(1, 40)) % 97 + 2
        if 98 - _iban_num(bban + cc + "00") % 97 == check:
            check = check + 1 if check < 98 else 2
    return cc + "%02d" % check + bban


def fmt_iban(s, spaced):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if spaced else s


def nir(sex=None, yy=None, mm=None, bad=False, spaced=True):
    sex = sex or r.choice("12")
    yy = yy if yy is not None else r.randint(50, 99)
    mm = mm or r.randint(1, 12)
    dep = "%02d" % r.choice([13, 31, 33, 44, 59, 69, 75, 92, 93, 67, 35, 6])
    com, order = "%03d" % r.randint(1, 899), "%03d" % r.randint(1, 999)
    n13 = "%s%02d%02d%s%s%s" % (sex, yy, mm, dep, com, order)
    key = 97 - int(n13) % 97
    if bad:
        key = key % 97 + 1
    if spaced:
        return "%s %s %s %s %s %s %02d" % (n13[0], n13[1:3], n13[3:5], n13[5:7], n13[7:10], n13[10:13], key)
    return n13 + "%02d" % key


def ssn(bad=False):
    area = r.choice(["666", "000", "9%02d" % r.randint(0, 99)]) if bad else "%03d" % r.choice(
        [x for x in range(1, 900) if x != 666])
    return "%s-%02d-%04d" % (area, r.randint(1, 99), r.randint(1, 9999))


def nino(bad=False, spaced=None):
    a = [c for c in string.ascii_uppercase if c not in "DFIQUV"]
    b_ = [c for c in string.ascii_uppercase if c not in "DFIOQUV"]
    while True:
        p = r.choice(a) + r.choice(b_)
        if p not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            break
    if bad:
        p = r.choice(["BG", "GB", "TN", "NK"])
    d = rs(string.digits, 6)
    s = r.choice("ABCD")
    if spaced is None:
        spaced = r.random() < 0.5
    return f"{p} {d[:2]} {d[2:4]} {d[4:]} {s}" if spaced else p + d + s


DNI_L = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni(bad=False):
    n = r.randint(10000000, 79999999)
    ch = DNI_L[n % 23]
    if bad:
        ch = DNI_L[(n + 5) % 23]
    return "%08d%s" % (n, ch)


def nie():
    p = r.choice("XYZ")
    n = r.randint(0, 9999999)
    full = int(str("XYZ".index(p)) + "%07d" % n)
    return "%s%07d%s" % (p, n, DNI_L[full % 23])


CF_ODD = dict(zip(string.digits, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]))
CF_ODD.update(zip(string.ascii_uppercase, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))


def cf(bad=False):
    cons = "BCDFGHLMNPRSTVZ"
    s = rs(cons, 3) + rs(cons, 2) + r.choice("AEIOU") + "%02d" % r.randint(50, 99) + r.choice("ABCDEHLMPRST")
    s += "%02d" % (r.randint(1, 28) + r.choice([0, 40])) + r.choice("ADFGHLMZ") + "%03d" % r.randint(1, 999)
    tot = 0
    for i, ch in enumerate(s):
        tot += CF_ODD[ch] if i % 2 == 0 else (int(ch) if ch.isdigit() else ord(ch) - 65)
    c = chr(65 + tot % 26)
    if bad:
        c = chr(65 + (tot + 3) % 26)
    return s + c


def steuer(bad=False):
    while True:
        digs = r.sample(range(10), 9)
        if digs[0] == 0:
            continue
        dup = r.choice(digs)
        pos = r.randint(1, 9)
        first10 = digs[:pos] + [dup] + digs[pos:]
        if any(first10[i] == first10[i + 1] for i in range(9)) or first10[0] == 0:
            continue
        break
    prod = 10
    for d in first10:
        s = (d + prod) % 10 or 10
        prod = (s * 2) % 11
    ck = (11 - prod) % 10
    if bad:
        ck = (ck + 1) % 10
    s = "".join(map(str, first10)) + str(ck)
    return s if r.random() < 0.6 else f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}"


_NAT = [lambda: nir(), lambda: ssn(), lambda: nino(), dni, nie, cf, steuer]
_nat_i = [0]


def nat_id():
    """Cycles through the seven identifier kinds so that each is represented."""
    _nat_i[0] += 1
    return _NAT[_nat_i[0] % len(_NAT)]()


FIRST = ["Élodie", "Jürgen", "Núria", "Matteo", "Aisha", "Bartosz", "Chloé", "Oğuz", "Sven", "Maëlys", "Rahul",
         "Ingrid", "Tomás", "Keiko", "Fatou", "Lorenzo", "Hélène", "Piotr", "Grace", "Yusuf", "Amélie", "Dmitri"]
LAST = ["Lefèvre", "Weiß", "Martínez", "Rossi", "Okafor", "Nowak", "Garnier", "Yılmaz", "Lindqvist", "Perrin",
        "Iyer", "Haugen", "Ferreira", "Tanaka", "Diop", "Bianchi", "Moreau", "Kowalski", "O'Brien", "Demir"]
DOMAINS = ["gmail.com", "outlook.fr", "orange.fr", "web.de", "gmx.de", "libero.it", "hotmail.co.uk", "proton.me",
           "icloud.com", "yahoo.es", "free.fr", "stadtwerke-ulm.de", "brightpath-health.com",
           "northwind-retail.co.uk", "meridian-banque.fr", "logistica-iberica.es", "thalesgroup.com",
           "kontor-hansa.de", "clinique-saint-roch.fr", "aurora-pay.io"]


def fold(s):
    s = s.replace("ß", "ss").replace("ı", "i").replace("'", "")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


def person():
    return r.choice(FIRST), r.choice(LAST)


def email(f=None, l=None):
    f, l = (f, l) if f else person()
    pat = r.choice(["{f}.{l}", "{f}{l}", "{fi}.{l}", "{l}.{f}{n}", "{f}_{l}"])
    local = pat.format(f=fold(f), l=fold(l), fi=fold(f)[0], n=r.randint(1, 99))
    return local + "@" + r.choice(DOMAINS)


def phone(cc=None):
    cc = cc or r.choice(["FR", "FR", "DE", "UK", "US", "ES", "IT", "NL", "JP"])
    d = lambda n: rs(string.digits, n)
    if cc == "FR":
        return r.choice([f"+33 6 {d(2)} {d(2)} {d(2)} {d(2)}", f"06 {d(2)} {d(2)} {d(2)} {d(2)}",
                         f"+33 (0)1 {d(2)} {d(2)} {d(2)} {d(2)}", f"07.{d(2)}.{d(2)}.{d(2)}.{d(2)}"])
    if cc == "DE":
        return r.choice([f"+49 30 {d(7)}", f"+49 151 {d(8)}", f"0151 {d(4)} {d(4)}", f"(089) {d(6)}-{d(2)}"])
    if cc == "UK":
        return r.choice([f"+44 7911 {d(6)}", f"020 3{d(3)} {d(4)}", f"+44 (0)161 {d(3)} {d(4)}"])
    if cc == "US":
        a = r.choice(["415", "212", "646", "312", "206", "617", "512"])
        return r.choice([f"+1 ({a}) 8{d(2)}-{d(4)}", f"{a}-7{d(2)}-{d(4)}", f"+1 {a} 6{d(2)} {d(4)}"])
    if cc == "ES":
        return f"+34 6{d(2)} {d(2)} {d(2)} {d(2)}"
    if cc == "IT":
        return f"+39 34{d(1)} {d(3)} {d(4)}"
    if cc == "NL":
        return f"+31 6 {d(8)}"
    return f"+81 90-{d(4)}-{d(4)}"


def pip():
    k = r.random()
    if k < 0.45:
        return "10.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))
    if k < 0.7:
        return "172.%d.%d.%d" % (r.randint(16, 31), r.randint(0, 255), r.randint(1, 254))
    if k < 0.93:
        return "192.168.%d.%d" % (r.randint(0, 255), r.randint(1, 254))
    return "fd%s:%s:%s::%x" % (rs(HEX, 2), rs(HEX, 4), rs(HEX, 4), r.randint(1, 4095))


def pub_ip():
    return r.choice(["185.199.108.153", "151.101.65.69", "34.117.59.81", "52.94.236.248", "193.51.224.41",
                     "212.27.48.10", "203.0.113.%d" % r.randint(1, 254), "198.51.100.%d" % r.randint(1, 254),
                     "81.2.69.%d" % r.randint(1, 254), "2a01:cb00:84f:%x::1" % r.randint(1, 9999)])


SVC = ["db01", "pg-primary", "redis-cache", "vault", "jenkins", "gitlab", "nexus", "ldap01", "mail", "erp",
       "grafana", "kafka-2", "sftp", "hr-portal", "billing-api", "dc02", "backup-nas", "keycloak", "es-node3"]


def ihost():
    suf = r.choice([".internal", ".corp", ".local", ".lan", ".intra", ".intranet", ".home.arpa", ".localdomain",
                    "SVC", "CONSUL", ".corp", ".internal"])
    s = r.choice(SVC)
    if suf == "SVC":
        return f"{s}.{r.choice(['prod', 'payments', 'default', 'data'])}.svc.cluster.local"
    if suf == "CONSUL":
        return f"{s}.service.consul"
    mid = r.choice(["", "", "paris.", "eu-west.", "prod.", "fra1."])
    return s + "." + mid + suf[1:]


def dob(style=None):
    y, m, d = r.randint(1946, 2004), r.randint(1, 12), r.randint(1, 28)
    style = style or r.choice(["iso", "fr", "us", "de", "long"])
    if style == "iso":
        return "%04d-%02d-%02d" % (y, m, d)
    if style == "fr":
        return "%02d/%02d/%04d" % (d, m, y)
    if style == "us":
        return "%02d/%02d/%04d" % (m, d, y)
    if style == "de":
        return "%02d.%02d.%04d" % (d, m, y)
    if style == "hl7":
        return "%04d%02d%02d" % (y, m, d)
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    return "%d %s %d" % (d, months[m - 1], y)


def a_date():
    return "20%02d-%02d-%02d" % (r.randint(19, 25), r.randint(1, 12), r.randint(1, 28))


def uuid():
    h = rs(HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def sha1():
    return rs(HEX, 40)


def version():
    return r.choice(["%d.%d.%d" % (r.randint(1, 9), r.randint(0, 30), r.randint(0, 40)),
                     "10.0.%d.%d" % (r.randint(17000, 22631), r.randint(100, 4000)),
                     "%d.%d.%d.%d" % (r.randint(1, 9), r.randint(0, 9), r.randint(0, 9), r.randint(100, 999))])


CVSS = ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:L/A:N",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N"]

REPORTERS = ["m.keller@posteo.de", "secresearch.lena@proton.me", "bugs@hexabyte-labs.fr", "r.andrade@tutanota.com",
             "kai.nakamura@fastmail.com", "oscar.lind@mailbox.org", "contact@redteam-nord.eu", "s.benali@hushmail.com"]

PSIRT = "psirt@thalesgroup.com"


# ---------------------------------------------------------------- shorthands
def PW(v=None, also=None):
    return L(v or password(), "password_assignment", also=also)


def IH(v=None, opt=False):
    return L(v or ihost(), "internal_hostname", opt=opt)


def IP(v=None):
    return L(v or pip(), "private_ip")


def EM(v=None):
    return L(v or email(), "email_address")


def PH(cc=None):
    return L(phone(cc), "phone_number")


def DOB(style=None):
    return L(dob(style), "date_of_birth")


def NID(v=None):
    return L(v or nat_id(), "national_id")


def CARD(sep=None):
    return L(fmt_card(card(), sep if sep is not None else r.choice(["", " ", "-"])), "payment_card")


def IBAN(cc=None, spaced=None):
    return L(fmt_iban(iban(cc), r.random() < 0.5 if spaced is None else spaced), "iban")


def conn_uri(host=None):
    """(parts list, scheme) for a database URI with a password: label over the whole URI, host optional."""
    scheme = r.choice(["postgres", "postgresql", "mysql", "mongodb+srv", "redis", "amqp", "mssql"])
    user = r.choice(["app", "svc_billing", "admin", "root", "etl", "keycloak", "default"])
    h = host or (ihost() if r.random() < 0.6 else pip())
    port = {"postgres": 5432, "postgresql": 5432, "mysql": 3306, "mongodb+srv": None, "redis": 6379,
            "amqp": 5672, "mssql": 1433}[scheme]
    if scheme == "mongodb+srv":
        h = "cluster0." + rs(string.ascii_lowercase + string.digits, 5) + ".mongodb.net"
    uri = f"{scheme}://{user}:{password().replace('@', '%40').replace('/', '%2F').replace('#', '%23').replace('?', '%3F')}@{h}"
    uri += (f":{port}" if port else "") + "/" + r.choice(["prod", "orders", "0", "crm", "vhost1", "appdb"])
    return uri, h


def CONN(host=None):
    uri, h = conn_uri(host)
    return L(uri, "connection_string", also=["url_credentials", "password_assignment"])


def HOST_OPT(h):
    """Nothing: optional inner labels would overlap the outer one; we list them as separate optional labels."""
    return h


def b_rep(b):
    b.reporter = r.choice(REPORTERS)
    return b.reporter


# ---------------------------------------------------------------- templates
T = []


def tpl(weight=1):
    def deco(fn):
        T.append((fn, weight))
        return fn
    return deco


@tpl(4)
def ansible_inventory(b):
    hosts = [ihost() for _ in range(3)]
    b.f("""# inventories/production/hosts.ini  (found world-readable on the bastion)
[web]
[[h1]] ansible_host=[[ip1]]
[[h2]] ansible_host=[[ip2]] ansible_port=2222

[db]
[[h3]] ansible_host=[[ip3]]

[all:vars]
ansible_user=deploy
ansible_ssh_pass=[[pw1]]
ansible_become_pass=[[pw2]]
ntp_server=[[pub]]
""", h1=IH(hosts[0]), h2=IH(hosts[1]), h3=IH(hosts[2]), ip1=IP(), ip2=IP(), ip3=IP(), pw1=PW(), pw2=PW(),
        pub=N(pub_ip(), "public_ip"))
    return "config_ini", "en"


@tpl(4)
def ansible_group_vars(b):
    b.f("""---
# group_vars/all/vars.yml
app_version: "[[ver]]"
mysql_root_password: "[[pw]]"
mysql_replication_password: "{{ vault_mysql_replication_password }}"
smtp_relay: [[host]]
sendgrid_api_key: [[sg]]
alert_slack_webhook: "[[hook]]"
backup_contact: [[em]]
password_min_length: [[pml]]
""", ver=N(version(), "version"), pw=PW(), host=IH(), sg=L(sendgrid(), "sendgrid_key"),
        hook=L(slack_hook(), "slack_webhook"), em=EM(), pml=N("12", "password_not_secret"))
    return "config_yaml", "en"


@tpl(4)
def helm_values(b):
    uri, h = conn_uri(ihost())
    b.f("""# values-prod.yaml as committed to the chart repo
image:
  repository: registry.gitlab.com/acme/shop-api
  tag: "[[ver]]"
  digest: sha256:[[sha]]
postgresql:
  auth:
    username: shop
    password: [[pw]]
    existingSecret: ""
externalRedis:
  url: [[uri]]
stripe:
  secretKey: [[sk]]
  publishableKey: pk_live_[[pk]]
ingress:
  hosts:
    - host: [[ih]]
  annotations:
    nginx.ingress.kubernetes.io/whitelist-source-range: "[[cidr]]/16"
""", ver=N(version(), "version"), sha=N(rs(HEX, 64), "sha256"), pw=PW(), uri=L(uri, "connection_string", also=["url_credentials", "password_assignment"]),
        sk=L(stripe(), "stripe_key"), pk=rs(ALNUM, 24), ih=IH(), cidr=IP("10.%d.0.0" % r.randint(0, 255)))
    return "config_yaml", "en"


@tpl(4)
def kubeconfig(b):
    key_b64 = base64.b64encode(pem("RSA").encode()).decode()
    cert_b64 = base64.b64encode(cert_block().encode()).decode()
    b.f("""apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: [[ca]]
    server: https://[[ip]]:6443
  name: prod-eu
contexts:
- context: {cluster: prod-eu, user: ci-admin}
  name: prod-eu
current-context: prod-eu
users:
- name: ci-admin
  user:
    client-certificate-data: [[crt]]
    client-key-data: [[key]]
- name: sa-reader
  user:
    token: [[tok]]
""", ca=N(cert_b64, "public_key"), crt=N(base64.b64encode(cert_block().encode()).decode(), "public_key"), ip=IP(),
        key=L(key_b64, "private_key", enc="base64"), tok=L(jwt({"iss": "kubernetes/serviceaccount",
        "kubernetes.io/serviceaccount/namespace": "kube-system", "sub": "system:serviceaccount:kube-system:reader"}), "jwt"))
    return "config_yaml", "en"


@tpl(5)
def k8s_secret(b):
    pw = password()
    uri, h = conn_uri()
    e = lambda s: base64.b64encode(s.encode()).decode()
    tok = r.choice([ghp, stripe, sendgrid, glpat])
    cat = {ghp: "github_token", stripe: "stripe_key", sendgrid: "sendgrid_key", glpat: "gitlab_token"}[tok]
    b.f("""$ kubectl get secret app-secrets -n payments -o yaml
apiVersion: v1
data:
  DB_USER: [[u]]
  DB_PORT: [[port]]
  DB_PASSWORD: [[p]]
  DATABASE_URL: [[uri]]
  API_TOKEN: [[tok]]
kind: Secret
metadata:
  creationTimestamp: "[[ts]]T08:14:22Z"
  name: app-secrets
  namespace: payments
  uid: [[uuid]]
type: Opaque
""", u=N(e("billing"), "base64_benign"), port=N(e("5432"), "base64_benign"),
        p=L(e(pw), "password_assignment", enc="base64"),
        uri=L(e(uri), "connection_string", also=["url_credentials", "password_assignment"], enc="base64"),
        tok=L(e(tok()), cat, enc="base64"), ts=N(a_date(), "date_no_birth"), uuid=N(uuid(), "uuid"))
    return "config_yaml", "en"


@tpl(3)
def k8s_secret_stringdata(b):
    b.f("""apiVersion: v1
kind: Secret
metadata:
  name: mailer
stringData:
  SMTP_HOST: [[h]]
  SMTP_USER: [[em]]
  SMTP_PASSWORD: "[[pw]]"
  SENDGRID_API_KEY: [[sg]]
  TWILIO_ACCOUNT_SID: [[sid]]
  TWILIO_AUTH_TOKEN: [[tw]]
""", h=IH(), em=EM(), pw=PW(), sg=L(sendgrid(), "sendgrid_key"), sid=L(twilio_sid(), "twilio_key", opt=True),
        tw=L(twilio_tok(), "twilio_key"))
    return "config_yaml", "en"


@tpl(4)
def gitlab_ci_log(b):
    rep = r.choice(REPORTERS)
    tok = glpat()
    host = ihost()
    b.f("""Running with gitlab-runner [[ver]] (ab2c5e1f)
  on [[rh]] k3xZ1aBq, system ID: s_[[sysid]]
Preparing the "docker" executor
Getting source from Git repository
Fetching changes with git depth set to 20...
Reinitialized existing Git repository in /builds/platform/api/.git/
Checking out [[sha]] as detached HEAD (ref is main)...
$ echo "CI_JOB_TOKEN=$CI_JOB_TOKEN"
CI_JOB_TOKEN=[[masked]]
$ git remote set-url origin "https://oauth2:[[tok]]@[[gho]]/platform/api.git"
$ npm config set //registry.npmjs.org/:_authToken [[npm]]
$ docker login -u deploy -p [[pw]] registry.[[gh]]
WARNING! Using --password via the CLI is insecure.
Login Succeeded
$ curl -s http://[[ip]]:9200/_cat/indices
Job succeeded
""", ver=N(version(), "version"), rh=IH(), sysid=rs(HEX, 12), sha=N(sha1()[:8], "short_sha"),
        masked=N("[MASKED]", "placeholder"), tok=L(tok, "gitlab_token", also=["url_credentials"]), gh=IH(host), gho=IH(host, opt=True),
        npm=L(npm(), "npm_token"), pw=PW(), ip=IP())
    # the second occurrence of the host (registry.<host>) is labelled too
    return "server_log", "en"


@tpl(4)
def jenkins_log(b):
    b.f("""Started by user [[user]]
Running as SYSTEM
[Pipeline] withCredentials
Masking supported pattern matches of $NEXUS_PASSWORD
[Pipeline] sh
+ printenv | sort
AWS_ACCESS_KEY_ID=[[ak]]
AWS_DEFAULT_REGION=eu-west-3
AWS_SECRET_ACCESS_KEY=[[sk]]
BUILD_TAG=jenkins-payments-[[bn]]
GIT_COMMIT=[[sha]]
JENKINS_URL=http://[[jh]]:8080/
NEXUS_PASSWORD=****
SLACK_BOT_TOKEN=[[sl]]
+ curl -fsS -u admin:[[pw]] -T target/app.jar http://[[nx]]/repository/releases/
Finished: SUCCESS
""", user=EM(), ak=L(akia(), "aws_access_key_id"), sk=L(aws_secret(), "aws_secret_key"), bn=str(r.randint(100, 2000)),
        sha=N(sha1(), "git_sha"), jh=IH(), sl=L(slack_tok(), "slack_token"), pw=PW(), nx=IP())
    return "server_log", "en"


@tpl(5)
def circleci_env(b):
    b.f("""#!/bin/bash -eo pipefail
env | grep -Ei 'token|key|pass'
CIRCLE_OIDC_TOKEN=[[oidc]]
GITHUB_TOKEN=[[gh]]
NPM_TOKEN=[[npm]]
TWINE_USERNAME=__token__
TWINE_PASSWORD=[[pypi]]
GOOGLE_MAPS_KEY=[[gk]]
CIRCLE_SHA1=[[sha]]
CIRCLE_WORKFLOW_ID=[[uuid]]
""", oidc=L(jwt({"iss": "https://oidc.circleci.com/org/" + uuid(), "aud": uuid(), "sub": "org/x/project/y"}), "jwt"),
        gh=L(ghp(), "github_token"), npm=L(npm(), "npm_token"), pypi=L(pypi(), "pypi_token", also=["password_assignment"]),
        gk=L(gkey(), "google_api_key"), sha=N(sha1(), "git_sha"), uuid=N(uuid(), "uuid"))
    return "shell_history", "en"


@tpl(4)
def laravel_env(b):
    b.f("""APP_NAME=Boutique
APP_ENV=production
APP_DEBUG=true
APP_URL=https://boutique-[[n]].fr

DB_CONNECTION=mysql
DB_HOST=[[dbh]]
DB_PORT=3306
DB_DATABASE=boutique
DB_USERNAME=boutique
DB_PASSWORD=[[pw]]

REDIS_HOST=[[rh]]
REDIS_PASSWORD=null

MAIL_MAILER=smtp
MAIL_HOST=smtp.mailgun.org
MAIL_USERNAME=[[mu]]
MAIL_PASSWORD=[[mp]]
MAIL_FROM_ADDRESS="[[mf]]"

STRIPE_KEY=pk_live_[[pk]]
STRIPE_SECRET=[[sk]]
AWS_ACCESS_KEY_ID=[[ak]]
AWS_SECRET_ACCESS_KEY=[[as]]
""", n=str(r.randint(10, 99)), dbh=IP(), pw=PW(), rh=IH(), mu=EM("postmaster@mg.boutique-%d.fr" % r.randint(10, 99)),
        mp=PW(), mf=EM(), pk=rs(ALNUM, 24), sk=L(stripe(), "stripe_key"), ak=L(akia(), "aws_access_key_id"),
        **{"as": L(aws_secret(), "aws_secret_key")})
    return "env_file", "en"


@tpl(3)
def django_settings(b):
    b.f("""# settings/production.py
DEBUG = False
SECRET_KEY = "[[sk]]"
ALLOWED_HOSTS = ["[[ih]]", "www.example-shop.fr"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": "[[pw]]",
        "HOST": "[[dbh]]",
        "PORT": "5432",
    }
}
EMAIL_HOST = "[[mh]]"
EMAIL_HOST_USER = "[[eu]]"
EMAIL_HOST_PASSWORD = "[[ep]]"
AUTH_PASSWORD_VALIDATORS = [{"NAME": "...MinimumLengthValidator", "OPTIONS": {"min_length": [[ml]]}}]
""", sk=PW("django-insecure-" + rs(string.ascii_lowercase + string.digits + "!@#%^&*(-_=+)", 50)), ih=IH(), pw=PW(),
        dbh=IP(), mh=IH(), eu=EM(), ep=PW(), ml=N("10", "password_not_secret"))
    return "config_ini", "en"


@tpl(3)
def rails_db_yml(b):
    b.f("""# config/database.yml
default: &default
  adapter: postgresql
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>
development:
  <<: *default
  password: <%= ENV['DB_PASSWORD'] %>
production:
  <<: *default
  url: [[uri]]
  replica:
    host: [[rh]]
    password: [[pw]]
""", uri=CONN(), rh=IH(), pw=PW())
    return "config_yaml", "en"


@tpl(3)
def wp_config(b):
    b.f("""<?php
/** wp-config.php recovered from /var/www/html/wp-config.php.bak */
define( 'DB_NAME', 'wp_prod' );
define( 'DB_USER', 'wp_admin' );
define( 'DB_PASSWORD', '[[pw]]' );
define( 'DB_HOST', '[[h]]' );
define( 'AUTH_KEY',         '[[ph]]' );
define( 'SECURE_AUTH_KEY',  '[[ph2]]' );
define( 'WP_DEBUG', false );
define( 'SMTP_PASS', '[[sp]]' );
$table_prefix = 'wp_';
""", pw=PW(), h=[IH(), ":3306"] if r.random() < 0.5 else IP(), ph=N("put your unique phrase here", "placeholder"),
        ph2=N("put your unique phrase here", "placeholder"), sp=PW())
    return "key_file", "en"


@tpl(3)
def php_source(b):
    b.f("""// src/Payment/Gateway.php (line 31)
class Gateway {
    private $apiKey = '[[sk]]';
    private $dbPassword = "[[pw]]";
    public function connect() {
        return new PDO('pgsql:host=[[ip]];dbname=pay', 'pay', $this->dbPassword);
    }
    // TODO remove test card [[doc]]
}
""", sk=L(stripe(), "stripe_key"), pw=PW(), ip=IP(), doc=L("4242424242424242", "payment_card", info=True))
    return "key_file", "en"


@tpl(3)
def java_source(b):
    b.f("""// MapsClient.java
public final class MapsClient {
    private static final String API_KEY = "[[gk]]";
    private static final String JDBC = "[[jdbc]]";
    private static final String SUPPORT = "[[em]]";
    // sample from docs: AWS key [[doc]]
}
""", gk=L(gkey(), "google_api_key"),
        jdbc=L(f"jdbc:postgresql://{ihost()}:5432/maps?user=maps&password={password().replace('&', '_')}", "connection_string",
               also=["password_assignment", "url_credentials"]),
        em=EM(), doc=L("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id", info=True))
    return "key_file", "en"


@tpl(3)
def go_source(b):
    b.f("""package billing

const (
\tstripeKey   = "[[sk]]"
\tsendgridKey = "[[sg]]"
\tbuildCommit = "[[sha]]"
)

func openDB() (*sql.DB, error) {
\treturn sql.Open("postgres", "[[uri]]")
}
""", sk=L(stripe(), "stripe_key"), sg=L(sendgrid(), "sendgrid_key"), sha=N(sha1(), "git_sha"), uri=CONN())
    return "key_file", "en"


@tpl(3)
def rust_source(b):
    b.f("""// src/notify.rs
const SLACK_TOKEN: &str = "[[sl]]";
const ANTHROPIC_KEY: &str = "[[ai]]";

async fn summarise(client: &reqwest::Client) -> anyhow::Result<()> {
    client.post("https://api.anthropic.com/v1/messages").header("x-api-key", ANTHROPIC_KEY);
    client.post("[[hook]]");
    Ok(())
}
""", sl=L(slack_tok(), "slack_token"), ai=L(anthropic(), "ai_api_key"), hook=L(slack_hook(), "slack_webhook"))
    return "key_file", "en"


@tpl(3)
def registry_export(b):
    b.f("""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon]
"AutoAdminLogon"="1"
"DefaultDomainName"="CORP"
"DefaultUserName"="svc_kiosk"
"DefaultPassword"="[[pw]]"

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\Historian]
"ConnectionString"="[[cs]]"
"Version"="[[ver]]"
""", pw=PW(), cs=L(f"Server={ihost()};Database=Historian;User Id=sa;Password={password().replace(';', '_').replace(chr(34), '_')};",
                       "connection_string", also=["password_assignment"]), ver=N(version(), "version"))
    return "config_ini", "en"


@tpl(3)
def powershell_out(b):
    f_, l_ = person()
    b.f("""PS C:\\> Get-ADUser [[sam]] -Properties * | Select Name,EmailAddress,telephoneNumber,mobile,HomeDirectory

Name            : [[name]]
EmailAddress    : [[em]]
telephoneNumber : [[ph]]
mobile          : [[mob]]
HomeDirectory   : \\\\[[fs]]\\home$\\[[sam]]
ObjectGUID      : [[uuid]]

PS C:\\> $cred = New-Object PSCredential('CORP\\svc_backup', (ConvertTo-SecureString '[[pw]]' -AsPlainText -Force))
PS C:\\> ipconfig | findstr IPv4
   IPv4 Address. . . . . . . . . . . : [[ip]]
   Subnet Mask . . . . . . . . . . . : [[mask]]
""", sam=fold(f_)[0] + fold(l_)[:7], name=f"{f_} {l_}", em=EM(email(f_, l_)), ph=PH(), mob=PH(),
        fs=IH(), uuid=N(uuid(), "uuid"), pw=PW(), ip=IP(), mask=N("255.255.255.0", "non_ip_dotted"))
    return "shell_history", "en"


@tpl(4)
def ldif(b):
    f_, l_ = person()
    e = lambda s: base64.b64encode(s.encode()).decode()
    b.f("""# ldapsearch -H ldaps://[[lh]] -b "ou=people,dc=northwind,dc=de" "(uid=*)"
dn: uid=[[uid]],ou=people,dc=northwind,dc=de
objectClass: inetOrgPerson
cn: [[cn]]
mail: [[em]]
telephoneNumber: [[ph]]
userPassword: [[h1]]
employeeNumber: [[num]]

dn: uid=svc-ldap,ou=services,dc=northwind,dc=de
userPassword:: [[h2]]
description: bind account, rotated [[d]]
""", lh=IH(), uid=fold(f_) + "." + fold(l_), cn=f"{f_} {l_}", em=EM(email(f_, l_)), ph=PH("DE"),
        h1=L("{SSHA}" + base64.b64encode(bytes(r.getrandbits(8) for _ in range(24))).decode(), "password_hash"),
        num=str(r.randint(10000, 99999)),
        h2=L(e("{CRYPT}" + "$6$" + rs(CRYPT, 16) + "$" + rs(CRYPT, 86)), "password_hash", enc="base64"),
        d=N(a_date(), "date_no_birth"))
    return "server_log", "en"


@tpl(4)
def es_hits(b):
    docs = []
    for _ in range(2):
        f_, l_ = person()
        docs.append((f_, l_))
    b.f("""GET /customers-2024/_search?size=2  (cluster at http://[[eh]]:9200, no auth)
{"took":3,"hits":{"total":{"value":48211},"hits":[
 {"_id":"[[id1]]","_source":{"name":"[[n1]]","email":"[[e1]]","phone":"[[p1]]","birthdate":"[[d1]]","iban":"[[i1]]","created_at":"[[c1]]"}},
 {"_id":"[[id2]]","_source":{"name":"[[n2]]","email":"[[e2]]","phone":"[[p2]]","birthdate":"[[d2]]","iban":"[[i2]]","created_at":"[[c2]]"}}
]}}
""", eh=IP(), id1=N(uuid(), "uuid"), id2=N(uuid(), "uuid"), n1=" ".join(docs[0]), n2=" ".join(docs[1]),
        e1=EM(email(*docs[0])), e2=EM(email(*docs[1])), p1=PH(), p2=PH(), d1=DOB("iso"), d2=DOB("iso"),
        i1=IBAN(spaced=False), i2=IBAN(spaced=False), c1=N(a_date(), "date_no_birth"), c2=N(a_date(), "date_no_birth"))
    return "json_api", "en"


@tpl(3)
def mongo_export(b):
    f_, l_ = person()
    b.f("""> db.users.find({role: "admin"}).limit(1)
{ "_id" : ObjectId("[[oid]]"), "login" : "[[login]]", "email" : "[[em]]",
  "passwordHash" : "[[ph]]", "dob" : ISODate("[[dob]]T00:00:00Z"),
  "ssn" : "[[ssn]]", "lastLoginIp" : "[[ip]]", "lastLoginAt" : ISODate("[[ll]]T10:02:11Z") }
""", oid=rs(HEX, 24), login=fold(l_), em=EM(email(f_, l_)), ph=L(pw_hash(), "password_hash"), dob=DOB("iso"),
        ssn=NID(ssn()), ip=N(pub_ip(), "public_ip"), ll=N(a_date(), "date_no_birth"))
    return "json_api", "en"


@tpl(4)
def tsv_export(b):
    rows = []
    b.f("Extrait de l'export « salariés_2024.xlsx » (onglet Paie), collé tel quel :\n"
        "Matricule\tNom\tPrénom\tDate de naissance\tN° sécurité sociale\tIBAN\tTéléphone\tCourriel\tDate d'entrée\n")
    for i in range(3):
        f_, l_ = person()
        b.f("[[m]]\t[[l]]\t[[f]]\t[[d]]\t[[n]]\t[[i]]\t[[p]]\t[[e]]\t[[h]]\n", m=str(r.randint(1000, 9999)), l=l_.upper(), f=f_,
            d=DOB("fr"), n=NID(nir(spaced=r.random() < 0.5)), i=IBAN("FR", spaced=True), p=PH("FR"), e=EM(email(f_, l_)),
            h=N("%02d/%02d/20%02d" % (r.randint(1, 28), r.randint(1, 12), r.randint(5, 24)), "date_no_birth"))
    return "prose_fr", "fr"


@tpl(3)
def hl7(b):
    f_, l_ = person()
    birth = dob("iso")
    b.f("""MSH|^~\\&|LAB|[[fac]]|EHR|HOSP|[[ts]]||ORU^R01|[[mid]]|P|2.5
PID|1||[[mrn]]^^^HOSP^MR||[[last]]^[[first]]||[[dob]]|F|||12 rue des Lilas^^Lyon^^69003^FR||[[ph]]|||||[[nid]]
NTE|1||Patient DOB [[dob2]] confirmed at admission; contact [[em]]
""", fac=IH(), ts=N("2024%02d%02d%02d%02d" % (r.randint(1, 12), r.randint(1, 28), r.randint(0, 23), r.randint(0, 59)), "timestamp"),
        mid=str(r.randint(100000, 999999)), mrn=str(r.randint(1000000, 9999999)), last=fold(l_).upper(), first=fold(f_).upper(),
        dob=L(birth.replace("-", ""), "date_of_birth"), ph=PH("FR"), nid=NID(nir(spaced=False)), dob2=L(birth, "date_of_birth"), em=EM())
    return "server_log", "en"


@tpl(4)
def hr_record(b):
    f_, l_ = person()
    kind = r.choice(["en", "de", "es", "it"])
    if kind == "en":
        b.f("""--- HR ticket #[[t]] (attachment pasted) ---
Employee: [[n]]
Date of birth: [[d]]
SSN: [[id]]
NI number (UK payroll): [[ni]]
Personal e-mail: [[e]]   Mobile: [[p]]
Start date: [[sd]]
""", t=str(r.randint(1000, 99999)), n=f"{f_} {l_}", d=DOB("us"), id=NID(ssn()), ni=NID(nino()), e=EM(email(f_, l_)),
            p=PH("US"), sd=N(a_date(), "date_no_birth"))
    elif kind == "de":
        b.f("""Personalstammdaten – Export aus SAP HCM
Name: [[n]]
Geburtsdatum: [[d]]
Steuerliche Identifikationsnummer: [[id]]
Bankverbindung: [[i]]
Telefon privat: [[p]]
Eintrittsdatum: [[sd]]
""", n=f"{f_} {l_}", d=DOB("de"), id=NID(steuer()), i=IBAN("DE", spaced=True), p=PH("DE"),
            sd=N("%02d.%02d.2019" % (r.randint(1, 28), r.randint(1, 12)), "date_no_birth"))
    elif kind == "es":
        b.f("""Ficha del empleado — Nombre: [[n]] · Fecha de nacimiento: [[d]] · DNI: [[id]] · NIE cónyuge: [[nie]]
Cuenta: [[i]] · Móvil: [[p]] · Correo: [[e]]
""", n=f"{f_} {l_}", d=DOB("fr"), id=NID(dni()), nie=NID(nie()), i=IBAN("ES", spaced=True), p=PH("ES"), e=EM(email(f_, l_)))
    else:
        b.f("""Anagrafica dipendente: [[n]], nato il [[d]], codice fiscale [[id]], IBAN [[i]], cellulare [[p]]
""", n=f"{f_} {l_}", d=DOB("fr"), id=NID(cf()), i=IBAN("IT", spaced=False), p=PH("IT"))
    return "prose_en" if kind == "en" else "prose_fr", {"en": "en", "de": "de", "es": "es", "it": "it"}[kind]


@tpl(3)
def bank_statement(b):
    f_, l_ = person()
    cc = r.choice(["FR", "DE", "BE", "NL", "GB", "CH", "LU", "AT", "PT", "PL"])
    b.f("""RELEVÉ DE COMPTE — période du 01/10 au 31/10
Titulaire : [[n]]
IBAN : [[i]]   BIC : [[bic]]
Date       Libellé                                   Montant
03/10      VIR SEPA DE [[cp]] [[ci]]     +1 250,00
11/10      PRLV SEPA ENERGIE REF [[ref]]               -84,37
19/10      CB CARREFOUR [[card]]                   -62,15
Solde au 31/10 : 3 412,09 EUR
""", n=f"{f_} {l_}".upper(), i=IBAN(cc, spaced=True), bic=rs(string.ascii_uppercase, 6) + "PP", cp=r.choice(LAST).upper(),
        ci=IBAN(spaced=False), ref=N("FR%02dZZZ%06d" % (r.randint(10, 99), r.randint(100000, 999999)), "order_id"),
        card=N("XXXX XXXX XXXX " + rs(string.digits, 4), "placeholder"))
    return "prose_fr", "fr"


@tpl(4)
def order_dump_sql(b):
    b.f("""-- mysqldump of shop.orders (partial), found in /backup/shop-[[d]].sql
INSERT INTO `orders` (`order_id`,`email`,`card_number`,`card_exp`,`cvv`,`phone`,`total`) VALUES
('[[o1]]','[[e1]]','[[c1]]','09/27','[[cvv1]]','[[p1]]','$129.90'),
('[[o2]]','[[e2]]','[[c2]]','01/26','[[cvv2]]','[[p2]]','[[amt]]'),
('[[o3]]','[[e3]]','[[c3]]','11/25','000','[[p3]]','$12.50');
""", d=N(a_date(), "date_no_birth"), o1=N("ORD-%d" % r.randint(1000000, 9999999), "order_id"),
        o2=N("ORD-%d" % r.randint(1000000, 9999999), "order_id"), o3=N("ORD-%d" % r.randint(1000000, 9999999), "order_id"),
        e1=EM(), e2=EM(), e3=L("jane.doe@example.com", "email_address", info=True), c1=CARD(""), c2=CARD("-"),
        c3=N(card_bad(), "luhn_invalid"), cvv1=str(r.randint(100, 999)), cvv2=str(r.randint(100, 999)), p1=PH("US"), p2=PH("UK"),
        p3=PH("US"), amt=N("$1,049.00", "hash_not_password"))
    return "sql_dump", "en"


@tpl(3)
def order_json(b):
    b.f("""HTTP/1.1 200 OK
Content-Type: application/json
X-Request-Id: [[rid]]

{"order":{"id":"[[oid]]","customer":{"email":"[[em]]","phone":"[[ph]]"},
 "payment":{"method":"card","pan":"[[pan]]","holder":"[[holder]]","exp":"04/28"},
 "billing_iban":null,"fallback_card":"[[test]]","ip":"[[ip]]"}}
""", rid=N(uuid(), "uuid"), oid=N(str(r.randint(10**9, 10**10 - 1)), "order_id"), em=EM(), ph=PH(),
        pan=CARD(" "), holder=" ".join(person()).upper(), test=L("4111111111111111", "payment_card", info=True), ip=N(pub_ip(), "public_ip"))
    return "http_response", "en"


@tpl(4)
def smtp_session(b):
    user = email()
    creds = base64.b64encode(("\0" + user + "\0" + password()).encode()).decode()
    b.f("""$ openssl s_client -starttls smtp -connect [[mh]]:587 -quiet
250 STARTTLS
EHLO [[me]]
250-[[mh2]] Hello [[ip]]
250 AUTH PLAIN LOGIN
AUTH PLAIN [[creds]]
235 2.7.0 Authentication successful
MAIL FROM:<[[from]]>
RCPT TO:<[[to]]>
RCPT TO:<[[psirt]]>
DATA
Subject: test
.
250 2.0.0 Ok: queued as [[qid]]
""", mh=IH(), me=IH(), mh2=IH(), ip=IP(), creds=L(creds, "authorization_header", also=["password_assignment", "email_address"], enc="base64"),
        **{"from": EM(user)}, to=EM(), psirt=N(PSIRT, "psirt_email"), qid=rs(string.ascii_uppercase + string.digits, 10))
    return "server_log", "en"


@tpl(3)
def imap_session(b):
    user = email()
    b.f("""* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE AUTH=PLAIN] Dovecot ready.
a001 LOGIN [[u]] "[[pw]]"
a001 OK [CAPABILITY IMAP4rev1] Logged in
a002 SELECT INBOX
* 1204 EXISTS
a003 FETCH 1204 (BODY[HEADER.FIELDS (FROM TO)])
From: [[f]]
To: [[u2]]
""", u=EM(user), pw=PW(), f=EM(), u2=EM(user))
    return "server_log", "en"


@tpl(5)
def burp_pair(b):
    rep = r.choice(REPORTERS)
    tok = jwt()
    b.f("""POST /api/v2/auth/login HTTP/2
Host: portal.[[host]]
Cookie: _ga=[[ga]]; lang=fr; [[sname]]=[[sess]]
Content-Type: application/json
Content-Length: 71

{"username":"[[rep]]","password":"[[pw]]","remember":true}

HTTP/2 200 OK
Set-Cookie: [[sname]]=[[sess2]]; Path=/; HttpOnly; Secure
Content-Type: application/json

{"access_token":"[[tok]]","token_type":"Bearer","expires_in":3600,"refresh_token":"[[rt]]"}
""", host=r.choice(["acme-energie.fr", "brightpath-health.com", "kontor-hansa.de"]),
        ga=N("GA1.2.%d.%d" % (r.randint(10**8, 10**9), r.randint(10**9, 2 * 10**9)), "non_session_cookie"),
        sname=r.choice(["PHPSESSID", "JSESSIONID", "laravel_session", "connect.sid", "sessionid", "_gitlab_session"]),
        sess=L(rs(ALNUM, 32), "session_cookie"), sess2=L(rs(ALNUM, 40), "session_cookie"), rep=N(rep, "reporter_email"),
        pw=PW(), tok=L(tok, "jwt"), rt=PW(rs(URLSAFE, 48)))
    b.reporter = rep
    return "http_request", "en"


@tpl(4)
def curl_export(b):
    b.f("""curl 'https://api.[[host]]/v1/customers?q=[[q]]' \\
  -H 'accept: application/json' \\
  -H 'authorization: Bearer [[tok]]' \\
  -H 'cookie: theme=dark; [[sname]]=[[sess]]' \\
  -H 'traceparent: [[tp]]' \\
  --data-raw '{"email":"[[em]]","phone":"[[ph]]"}' \\
  --compressed
""", host=r.choice(["shopfront.io", "meridian-banque.fr", "aurora-pay.io"]),
        q=N(r.choice(["r%C3%A9sum%C3%A9+d%27incident", "caf%C3%A9%20cr%C3%A8me", "status%3Aopen%20sort%3Adesc"]), "url_encoded_benign"),
        tok=L(jwt(), "authorization_header", also=["jwt"]), sname=r.choice(["session", "sid", "__Host-session", "ASP.NET_SessionId"]),
        sess=L(rs(ALNUM + "-_", 43), "session_cookie"), tp=N("00-%s-%s-01" % (rs(HEX, 32), rs(HEX, 16)), "traceparent"),
        em=EM(), ph=PH())
    return "shell_history", "en"


@tpl(4)
def postman(b):
    b.f("""{
  "info": {"name": "Partner API", "_postman_id": "[[pid]]", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
  "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "[[bearer]]", "type": "string"}]},
  "variable": [
    {"key": "baseUrl", "value": "https://[[ih]]:8443"},
    {"key": "sendgridKey", "value": "[[sg]]"},
    {"key": "openaiKey", "value": "[[oa]]"},
    {"key": "apiKey", "value": "{{API_KEY}}"}
  ],
  "item": [{"name": "Create user", "request": {"method": "POST", "url": "{{baseUrl}}/users",
    "body": {"mode": "raw", "raw": "{\\"email\\": \\"[[em]]\\", \\"password\\": \\"[[pw]]\\"}"}}}]
}
""", pid=N(uuid(), "uuid"), bearer=L(jwt(), "authorization_header", also=["jwt"]), ih=IH(), sg=L(sendgrid(), "sendgrid_key"),
        oa=L(openai(), "ai_api_key"), em=EM(), pw=PW())
    return "config_json", "en"


@tpl(3)
def wireshark_stream(b):
    user = r.choice(["admin", "operator", "scada"])
    pw = password()
    basic = base64.b64encode(f"{user}:{pw}".encode()).decode()
    dst = pip()
    b.f("""Follow TCP Stream (tcp.stream eq 7) — [[src]]:51544 → [[dst]]:80
GET /cgi-bin/status.cgi HTTP/1.1
Host: [[dst2]]
Authorization: Basic [[basic]]
User-Agent: python-requests/[[ver]]

HTTP/1.1 200 OK
Server: lighttpd/1.4.59
Content-Type: text/plain

uptime=845211 fw=[[fw]] mgmt_ip=[[m]] gateway=[[gw]]
""", src=IP(), dst=IP(dst), dst2=IP(dst), basic=L(basic, "authorization_header", also=["password_assignment"]), ver=N(version(), "version"),
        fw=N(version(), "version"), m=IP(), gw=IP())
    return "http_request", "en"


@tpl(4)
def syslog_lines(b):
    b.f("""[[m]] 14 03:12:44 [[h]] sshd[2214]: Accepted password for deploy from [[ip1]] port 50122 ssh2
[[m]] 14 03:12:51 [[h]] sshd[2230]: Failed password for invalid user admin from [[pub]] port 41880 ssh2
[[m]] 14 03:13:02 [[h]] sudo[2301]:   deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/mysql -uroot -p[[pw]]
[[m]] 14 03:13:40 [[h]] postfix/smtp[2412]: 4F2A1C0: to=<[[to]]>, relay=[[relay]][[[rip]]]:25, status=sent
[[m]] 14 03:14:09 [[h]] app[881]: level=warn msg="retrying" dsn=[[dsn]] attempt=3
""", m=r.choice(["Mar", "Jun", "Sep", "Nov"]), h=IH(), ip1=IP(), pub=N(pub_ip(), "public_ip"), pw=PW(), to=EM(), relay=IH(),
        rip=IP(), dsn=CONN())
    return "server_log", "en"


@tpl(3)
def journald_json(b):
    b.f("""$ journalctl -u payments-api -o json | head -2
{"__REALTIME_TIMESTAMP":"[[ts]]","_HOSTNAME":"[[h]]","MESSAGE":"POST /charge card=[[card]] amount=4999 status=402"}
{"__REALTIME_TIMESTAMP":"[[ts2]]","_HOSTNAME":"[[h2]]","MESSAGE":"outbound call Authorization: Bearer [[sk]] peer=[[ip]]"}
""", ts=N(str(r.randint(1700000000000000, 1760000000000000)), "timestamp"), h=IH(), card=CARD(""),
        ts2=N(str(r.randint(1700000000000000, 1760000000000000)), "timestamp"), h2=IH(), sk=L(stripe(), "stripe_key", also=["authorization_header"]),
        ip=IP())
    return "server_log", "en"


@tpl(6)
def prose_fr_screenshot(b):
    rep = r.choice(REPORTERS)
    f_, l_ = person()
    v = r.choice(["aws", "card", "iban", "nir", "gh", "dob"])
    b.f("""Bonjour l'équipe PSIRT,

Sur la capture d'écran n°2 (page « Mon compte » après l'injection), on lit en clair :
  👤 Nom : [[n]]
  🎂 Né(e) le : [[d]]
  📧 Courriel : [[e]]
  📞 Tél. : [[p]]
  💳 Carte enregistrée : [[c]]
  🏦 IBAN : [[i]]
  🔑 Clé d'API affichée dans la console : [[k]]
Le score que je propose est [[cvss]]. Je reste joignable à [[rep]] (copie à [[psirt]]).
""", n=f"{f_} {l_}", d=DOB("fr"), e=EM(email(f_, l_)), p=PH("FR"), c=CARD(" "), i=IBAN("FR", spaced=True),
        k=r.choice([L(akia(), "aws_access_key_id"), L(ghp(), "github_token"), L(gkey(), "google_api_key"), L(ai_key(), "ai_api_key")]),
        cvss=N(r.choice(CVSS), "cvss"), rep=N(rep, "reporter_email"), psirt=N(PSIRT, "psirt_email"))
    b.reporter = rep
    return "prose_fr", "fr"


@tpl(5)
def prose_en_screenshot(b):
    rep = r.choice(REPORTERS)
    f_, l_ = person()
    b.f("""Hi team — screenshot 3 (attached) shows the admin panel of [[ih]] after the IDOR. Visible values:
• 👤 [[n]], DOB [[d]]
• ✉️ [[e]] / ☎️ [[p]]
• 🪪 national ID: [[id]]
• ⚙️ "Integrations" tab: Slack webhook [[hook]] and Twilio SID [[sid]] with auth token [[tw]]
The panel also leaks the internal address [[ip]] in the footer. Build [[ver]], commit [[sha]].
Thanks, reach me at [[rep]].
""", ih=IH(), n=f"{f_} {l_}", d=DOB(r.choice(["long", "us", "iso"])), e=EM(email(f_, l_)), p=PH(), id=NID(),
        hook=L(slack_hook(), "slack_webhook"), sid=L(twilio_sid(), "twilio_key", opt=True), tw=L(twilio_tok(), "twilio_key"),
        ip=IP(), ver=N(version(), "version"), sha=N(sha1()[:7], "short_sha"), rep=N(rep, "reporter_email"))
    b.reporter = rep
    return "prose_en", "en"


@tpl(4)
def ticket_email(b):
    rep = r.choice(REPORTERS)
    f_, l_ = person()
    b.f("""From: [[rep]]
To: [[psirt]]
Subject: Re: [PSIRT-[[tid]]] data exposure in support portal

> On [[d0]], [[sup]] wrote:
> > Could you confirm which records are exposed?

Sure. The ticket export (ticket #[[tid2]]) quotes the customer verbatim:
"my name is [[n]], born [[d]], my card is [[c]] and you can call me on [[p]]"
The agent replied from [[agent]] and pasted the customer's IBAN [[i]].
""", rep=N(rep, "reporter_email"), psirt=N(PSIRT, "psirt_email"), tid=str(r.randint(1000, 9999)),
        d0=N(a_date(), "date_no_birth"), sup=EM(email(*person())), tid2=N(str(r.randint(100000, 999999)), "order_id"),
        n=f"{f_} {l_}", d=DOB("long"), c=CARD(r.choice(["", " "])), p=PH(), agent=EM(), i=IBAN())
    b.reporter = rep
    return "prose_en", "en"


@tpl(3)
def ticket_fr(b):
    f_, l_ = person()
    b.f("""Ticket GLPI n° [[t]] — « Demande de remboursement »
Client : [[n]], née le [[d]] à Nantes
N° de sécurité sociale communiqué par téléphone : [[nir]]
RIB joint : [[i]]
✅ Vérification faite par l'agent — mot de passe temporaire envoyé : [[pw]]
Date de la demande : [[dd]]
""", t=str(r.randint(10000, 99999)), n=f"{f_} {l_}", d=DOB("fr"), nir=NID(nir()), i=IBAN("FR", spaced=True),
        pw=PW(), dd=N("%02d/%02d/2024" % (r.randint(1, 28), r.randint(1, 12)), "date_no_birth"))
    return "prose_fr", "fr"


@tpl(6)
def terraform_state(b):
    b.f("""$ terraform show -json | jq '.values.root_module.resources[] | select(.type=="azurerm_storage_account").values'
{
  "name": "[[acct]]",
  "primary_connection_string": "[[cs]]",
  "primary_blob_endpoint": "https://[[acct]].blob.core.windows.net/",
  "location": "westeurope"
}
$ az storage container generate-sas --name backups --permissions rl -o tsv
[[sas]]
""", acct=rs(string.ascii_lowercase, 10), cs=L(azure_conn(), "azure_connection_string", also=["connection_string"]),
        sas=L(sas_query(), "azure_sas_token"))
    return "shell_history", "en"


@tpl(4)
def azure_appsettings(b):
    acct = rs(string.ascii_lowercase, 9)
    b.f("""{
  "IsEncrypted": false,
  "Values": {
    "AzureWebJobsStorage": "[[cs]]",
    "ServiceBusConnection": "[[sb]]",
    "ExportBlobUrl": "https://[[acct]].blob.core.windows.net/exports/customers.csv?[[sas]]",
    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
    "SqlConnection": "[[sql]]"
  }
}
""", cs=L(azure_conn(), "azure_connection_string", also=["connection_string"]),
        sb=L(azure_conn(), "azure_connection_string", also=["connection_string"]), acct=acct, sas=L(sas_query(), "azure_sas_token"),
        sql=L(f"Server=tcp:{ihost()},1433;Initial Catalog=crm;User ID=crm_app;Password={rs(ALNUM, 18)};Encrypt=True;",
              "connection_string", also=["password_assignment"]))
    return "config_json", "en"


def gcp_sa_json(indent=True):
    proj = r.choice(["acme-prod", "hr-analytics-381", "shop-data-eu", "iot-fleet-22"])
    name = r.choice(["ci-deployer", "bq-export", "terraform", "firebase-adminsdk-" + rs(string.ascii_lowercase, 5)])
    d = {"type": "service_account", "project_id": proj, "private_key_id": rs(HEX, 40),
         "private_key": pem("PKCS8") + "\n", "client_email": f"{name}@{proj}.iam.gserviceaccount.com",
         "client_id": rs(string.digits, 21), "auth_uri": "https://accounts.google.com/o/oauth2/auth",
         "token_uri": "https://oauth2.googleapis.com/token",
         "client_x509_cert_url": f"https://www.googleapis.com/robot/v1/metadata/x509/{name}%40{proj}.iam.gserviceaccount.com"}
    return json.dumps(d, indent=2 if indent else None)


@tpl(9)
def gcp_sa(b):
    mode = r.choice(["file", "b64", "env", "helm"])
    also = ["private_key", "email_address"]
    if mode == "file":
        b.f("""$ cat ~/Downloads/[[f]].json
[[sa]]
""", f=rs(string.ascii_lowercase, 8) + "-" + rs(HEX, 12), sa=L(gcp_sa_json(), "gcp_service_account", also=also))
        return "key_file", "en"
    if mode == "b64":
        b.f("""GitHub Actions log, step "Auth to GCP":
Run google-github-actions/auth@v2
  with:
    credentials_json: [[sa]]
    create_credentials_file: true
""", sa=L(base64.b64encode(gcp_sa_json(False).encode()).decode(), "gcp_service_account", also=also, enc="base64"))
        return "server_log", "en"
    if mode == "env":
        b.f("""GOOGLE_CREDENTIALS='[[sa]]'
GOOGLE_CLOUD_PROJECT=acme-prod
""", sa=L(gcp_sa_json(False), "gcp_service_account", also=also))
        return "env_file", "en"
    b.f("""# values.yaml (bigquery exporter)
gcp:
  serviceAccountJson: |
    [[sa]]
""", sa=L("\n".join("    " + ln for ln in gcp_sa_json().splitlines())[4:], "gcp_service_account", also=also))
    return "config_yaml", "en"


@tpl(3)
def docker_config(b):
    user = r.choice(["ci-bot", "deploy", "jenkins"])
    auth = base64.b64encode(f"{user}:{password()}".encode()).decode()
    b.f("""$ cat ~/.docker/config.json
{
  "auths": {
    "[[reg]]:5000": {"auth": "[[auth]]"},
    "ghcr.io": {"auth": "[[gh]]"},
    "https://index.docker.io/v1/": {}
  },
  "credsStore": ""
}
""", reg=IH(), auth=L(auth, "password_assignment", also=["authorization_header", "url_credentials"], enc="base64"),
        gh=L(base64.b64encode(("octo-ci:" + ghp("ghp_")).encode()).decode(), "github_token", enc="base64"))
    return "config_json", "en"


@tpl(5)
def pypirc_npmrc(b):
    b.f("""$ cat ~/.pypirc ~/.npmrc
[distutils]
index-servers = pypi internal

[pypi]
username = __token__
password = [[pypi]]

[internal]
repository = https://[[ih]]/simple
username = build
password = [[pw]]

//registry.npmjs.org/:_authToken=[[npm]]
@acme:registry=https://[[ih2]]/npm/
//[[ih3]]/npm/:_authToken=${NPM_INTERNAL_TOKEN}
""", pypi=L(pypi(), "pypi_token", also=["password_assignment"]), ih=IH(), pw=PW(), npm=L(npm(), "npm_token"),
        ih2=IH(), ih3=IH())
    return "config_ini", "en"


@tpl(4)
def git_remote(b):
    tok = ghp(r.choice(["ghp_", "ghs_"])) if r.random() < 0.7 else gh_fine()
    b.f("""$ git remote -v
origin\thttps://x-access-token:[[tok]]@github.com/acme/firmware.git (fetch)
mirror\thttps://[[u]]:[[pw]]@[[ih]]/scm/fw/firmware.git (push)
$ git log -1 --format='%H %ae'
[[sha]] [[ae]]
$ pip config list
global.extra-index-url='[[pipurl]]'
""", tok=L(tok, "github_token", also=["url_credentials"]), u=r.choice(["jdoe", "build", "svc-git"]),
        pw=L(password().replace("@", "").replace("/", "").replace(":", "").replace("#", "").replace("?", ""), "url_credentials", also=["password_assignment"]),
        ih=IH(opt=True), sha=N(sha1(), "git_sha"), ae=EM(),
        pipurl=L(f"https://build:{rs(ALNUM, 20)}@{ihost()}/simple", "url_credentials"))
    return "shell_history", "en"


@tpl(3)
def shadow_file(b):
    b.f("""# /etc/shadow read through the path traversal (../../../../etc/shadow)
root:[[h1]]:19732:0:99999:7:::
daemon:*:19732:0:99999:7:::
www-data:!:19732:0:99999:7:::
operator:[[h2]]:19801:0:99999:7:::
""", h1=L(pw_hash(), "password_hash"), h2=L(pw_hash(), "password_hash"))
    return "key_file", "en"


@tpl(2)
def htpasswd(b):
    b.f("""$ cat /etc/nginx/.htpasswd
admin:[[h1]]
monitoring:[[h2]]
# django user export
[[dj]]
""", h1=L("$apr1$" + rs(CRYPT, 8) + "$" + rs(CRYPT, 22), "password_hash"), h2=L(pw_hash(), "password_hash"),
        dj=L("pbkdf2_sha256$870000$" + rs(ALNUM, 22) + "$" + rs(B64, 43) + "=", "password_hash"))
    return "key_file", "en"


@tpl(3)
def hosts_nginx(b):
    b.f("""$ cat /etc/hosts
[[lo]]\tlocalhost
[[ip1]]\t[[h1]] db
[[ip2]]\t[[h2]]
$ grep -A4 upstream /etc/nginx/conf.d/api.conf
upstream api_backend { server [[ip3]]:8080; server [[h3]]:8080 backup; }
server { listen 443 ssl; server_name api.acme-energie.fr; resolver [[pub]]; }
""", lo=N("127.0.0.1", "non_ip_dotted"), ip1=IP(), h1=IH(), ip2=IP(), h2=IH(), ip3=IP(), h3=IH(), pub=N(pub_ip(), "public_ip"))
    return "config_ini", "en"


@tpl(3)
def spring_props(b):
    b.f("""# application-prod.properties (exposed via /actuator/env before masking was enabled)
spring.datasource.url=jdbc:mysql://[[h]]:3306/crm?useSSL=false
spring.datasource.username=crm
spring.datasource.password=[[pw]]
spring.mail.host=[[mh]]
spring.mail.username=[[mu]]
spring.mail.password=[[mp]]
management.endpoints.web.exposure.include=*
app.jwt.secret=[[js]]
app.oid=[[oid]]
""", h=IH(), pw=PW(), mh=IH(), mu=EM(), mp=PW(), js=PW(rs(B64, 44)), oid=N("1.3.6.1.4.1.311.60.2.1.3", "non_ip_dotted"))
    return "config_ini", "en"


@tpl(4)
def stack_trace(b):
    kind = r.choice(["py", "java"])
    if kind == "py":
        b.f("""Traceback (most recent call last):
  File "/srv/app/db.py", line 42, in connect
    engine = create_engine("[[uri]]")
sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at "[[h]]" ([[ip]]), port 5432 failed: timeout expired
""", uri=CONN(), h=IH(), ip=IP())
        return "stack_trace", "en"
    b.f("""Exception in thread "main" org.springframework.web.client.HttpClientErrorException$Unauthorized: 401
\tat com.acme.export.Uploader.put(Uploader.java:88)
Caused by: request PUT https://[[ih]]/upload headers={Authorization=[Bearer [[tok]]], X-Trace=[[tp]]}
\tat com.acme.export.Uploader.run(Uploader.java:51)
""", ih=IH(), tok=L(ghp() if r.random() < 0.5 else glpat(), "github_token", also=["authorization_header"]), tp=N(uuid(), "uuid"))
    lab = b.labels[-1]
    if "glpat-" in b.text()[:]:
        lab["category"] = "gitlab_token"
    return "stack_trace", "en"


@tpl(3)
def doc_values(b):
    b.f("""Note: the vendor's own README ships sample values, which I am *not* reporting:
  aws_access_key_id = [[ak]]
  aws_secret_access_key = [[sk]]
  card = [[card]]  /  iban = [[iban]]  /  nino = [[ni]]
  token = [[jwt]]
  contact = [[em]]  ([[em2]])
  key = [[ph]]  ; github = [[gh]]
But the production config I retrieved has AWS_ACCESS_KEY_ID=[[rak]] and AWS_SECRET_ACCESS_KEY=[[rsk]].
""", ak=L("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id", info=True),
        sk=L("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_key", info=True),
        card=L("4111 1111 1111 1111", "payment_card", info=True), iban=L("GB82WEST12345698765432", "iban", info=True),
        ni=L("QQ123456C", "national_id", info=True), jwt=L(JWT_IO, "jwt", info=True),
        em=L(r.choice(["jane.doe@example.com", "admin@example.org", "ops@corp.example", "user@mail.test"]), "email_address", info=True),
        em2=L("noreply@" + r.choice(["example.net", "shop.invalid"]), "email_address", info=True),
        ph=N("AKIAXXXXXXXXXXXXXXXX", "placeholder_token_shape"), gh=N("ghp_" + "x" * 36, "placeholder_token_shape"),
        rak=L(akia(), "aws_access_key_id"), rsk=L(aws_secret(), "aws_secret_key"))
    return "prose_en", "en"


@tpl(3)
def near_miss(b):
    b.f("""While testing the export validator I noticed it accepts malformed identifiers; these rows are synthetic and invalid:
  iban=[[ib]]  nir=[[nir]]  dni=[[dni]]  cf=[[cf]]  steuer_id=[[st]]  ssn=[[ssn]]  nino=[[ni]]
  token=[[gh]]  card=[[card]]  isbn=[[isbn]]  siret=[[siret]]
The one real record in the file is: [[rn]] / [[ri]].
-- [[rep]]
""", rep=N(b_rep(b), "reporter_email"), ib=N(iban(bad=True), "near_miss_personal"), nir=N(nir(bad=True, spaced=False), "near_miss_personal"),
        dni=N(dni(bad=True), "near_miss_personal"), cf=N(cf(bad=True), "near_miss_personal"),
        st=N(steuer(bad=True).replace(" ", ""), "near_miss_personal"), ssn=N(ssn(bad=True), "near_miss_personal"),
        ni=N(nino(bad=True, spaced=False), "near_miss_personal"), gh=N(ghp_bad(), "near_miss_token"),
        card=N(card_bad(), "luhn_invalid"), isbn=N("978-2-07-0%05d-%d" % (r.randint(10000, 99999), r.randint(0, 9)), "number_not_phone"),
        siret=N(rs(string.digits, 14), "number_not_phone"), rn=NID(), ri=IBAN())
    return "prose_en", "en"


@tpl(3)
def placeholders_env(b):
    b.f("""# .env.example shipped in the repo (placeholders) vs the .env.production I found next to it
DATABASE_URL=[[ph1]]
API_TOKEN=[[ph2]]
STRIPE_SECRET=[[ph3]]
SESSION_SECRET=[[ph4]]
---- .env.production ----
DATABASE_URL=[[uri]]
OPENAI_API_KEY=[[oa]]
SESSION_SECRET=[[ss]]
BUILD_INTEGRITY=[[integ]]
""", ph1=N("postgres://user:${DB_PASSWORD}@localhost:5432/app", "placeholder_token_shape"), ph2=N("<your-api-token>", "placeholder"),
        ph3=N("sk_live_XXXXXXXXXXXXXXXXXXXXXXXX", "placeholder_token_shape"), ph4=N("changeme-in-production", "placeholder"),
        uri=CONN(), oa=L(openai(), "ai_api_key"), ss=PW(rs(HEX, 64)), integ=N("sha512-" + rs(B64, 86) + "==", "integrity"))
    return "env_file", "en"


@tpl(3)
def alertmanager(b):
    b.f("""# alertmanager.yml (served at http://[[ip]]:9093/api/v2/status)
global:
  smtp_smarthost: '[[sh]]:587'
  smtp_auth_username: '[[su]]'
  smtp_auth_password: '[[sp]]'
  slack_api_url: '[[hook]]'
receivers:
- name: oncall
  pagerduty_configs:
  - routing_key: <secret>
  webhook_configs:
  - url: '[[wurl]]'
""", ip=IP(), sh=IH(), su=EM(), sp=PW(), hook=L(slack_hook(), "slack_webhook"),
        wurl=L(f"https://alert:{rs(ALNUM, 16)}@{ihost()}/hook", "url_credentials"))
    return "config_yaml", "en"


@tpl(3)
def ftp_ldap_urls(b):
    b.f("""Config dump from the NAS web UI (System ▸ Backup ▸ Targets):
  target_1 = [[u1]]
  target_2 = [[u2]]
  directory = [[u3]]
  public mirror = https://downloads.acme-energie.fr/fw/ (no auth)
""", u1=L(f"ftp://backup:{rs(ALNUM, 14)}@{pip()}/nightly", "url_credentials"),
        u2=L(f"smb://CORP;svc_nas:{rs(ALNUM, 12)}@{ihost()}/archive", "url_credentials"),
        u3=L(f"ldap://reader:{rs(ALNUM, 12)}@{ihost()}:389/ou=people", "url_credentials"))
    return "prose_en", "en"


@tpl(3)
def ai_keys_notebook(b):
    b.f("""In [3]: import os, openai, anthropic
In [4]: os.environ["OPENAI_API_KEY"] = "[[oa]]"
In [5]: client = anthropic.Anthropic(api_key="[[an]]")
In [6]: hf_token = "{{HF_TOKEN}}"
In [7]: print(df[["email", "phone"]].head(2))
                     email            phone
0  [[e1]]  [[p1]]
1  [[e2]]  [[p2]]
""", oa=L(openai(), "ai_api_key"), an=L(anthropic(), "ai_api_key"), e1=EM(), e2=EM(), p1=PH(), p2=PH())
    return "shell_history", "en"


@tpl(3)
def github_actions_log(b):
    b.f("""2024-[[md]]T10:11:12.1234567Z ##[group]Run curl -X POST -H 'Content-type: application/json' --data '{"text":"deploy ok"}' [[hook]]
2024-[[md]]T10:11:12.9876543Z ##[endgroup]
2024-[[md]]T10:11:13.0000000Z ok
2024-[[md]]T10:11:14.0000000Z Run echo "token=[[gl]]" >> $GITHUB_OUTPUT
2024-[[md]]T10:11:15.0000000Z Warning: Skip output 'token' since it may contain secret.
2024-[[md]]T10:11:16.0000000Z Run gh auth status → Logged in to github.com as octo-ci ([[gh]])
""", md="%02d-%02d" % (r.randint(1, 12), r.randint(1, 28)), hook=L(slack_hook(), "slack_webhook"), gl=L(glpat(), "gitlab_token"),
        gh=L(ghp("gho_"), "github_token"))
    return "server_log", "en"


@tpl(3)
def private_key_paste(b):
    kind = r.choice(["RSA", "EC", "OPENSSH", "PKCS8"])
    b.f("""The firmware image contains this key (binwalk -e, then strings on squashfs-root/etc/ssl/private/):

[[k]]

and its public half in /etc/ssh/authorized_keys:
[[pub]]
Fingerprint: SHA256:[[fp]]
""", k=L(pem(kind), "private_key"), pub=N(ssh_pub(), "public_key"), fp=rs(ALNUM + "+/", 43))
    return "key_file", "en"


@tpl(3)
def fr_mail_dump(b):
    f_, l_ = person()
    b.f("""📎 Extrait du fichier clients.csv trouvé sur le partage \\\\[[fs]]\\export (accès anonyme) :
nom;prénom;date_naissance;email;tél;carte
[[l]];[[f]];[[d]];[[e]];[[p]];[[c]]
…et dans le même dossier, un script avec : export MYSQL_PWD='[[pw]]' et un lien vers [[u]]
""", fs=IH(), l=l_.upper(), f=f_, d=DOB("iso"), e=EM(email(f_, l_)), p=PH("FR"), c=CARD(""), pw=PW(),
        u=L(f"https://admin:{rs(ALNUM, 13)}@{pip()}:8443/console", "url_credentials"))
    return "prose_fr", "fr"


@tpl(2)
def redis_mongo_cli(b):
    b.f("""$ redis-cli -h [[h]] -a '[[pw]]' --no-auth-warning INFO server | head -3
# Server
redis_version:[[ver]]
$ mongosh "[[uri]]" --eval 'db.stats()'
""", h=IH(), pw=PW(), ver=N(version(), "version"), uri=CONN())
    return "shell_history", "en"


@tpl(5)
def gitleaks_report(b):
    b.f("""$ gitleaks detect --source . --report-format json --report-path - | jq '.[] | {RuleID, Secret, Commit, Author, Email, File}'
""")
    picks = r.sample([("aws-access-token", lambda: L(akia(), "aws_access_key_id")),
                      ("gitlab-pat", lambda: L(glpat(), "gitlab_token")),
                      ("slack-bot-token", lambda: L(slack_tok(), "slack_token")),
                      ("npm-access-token", lambda: L(npm(), "npm_token")),
                      ("pypi-upload-token", lambda: L(pypi(), "pypi_token")),
                      ("gcp-api-key", lambda: L(gkey(), "google_api_key")),
                      ("openai-api-key", lambda: L(ai_key(), "ai_api_key")),
                      ("jwt", lambda: L(jwt(), "jwt")),
                      ("azure-storage", lambda: L(azure_conn(), "azure_connection_string", also=["connection_string"]))], 4)
    for rule, mk in picks:
        f_, l_ = person()
        b.f("""{"RuleID": "[[rule]]", "Secret": "[[sec]]", "Commit": "[[sha]]", "Author": "[[au]]", "Email": "[[em]]", "File": "[[file]]"}
""", rule=rule, sec=mk(), sha=N(sha1(), "git_sha"), au=f"{f_} {l_}", em=EM(email(f_, l_)),
            file=r.choice(["deploy/.env", "scripts/release.sh", "config/settings.py", "terraform/main.tf", "src/config.ts"]))
    return "json_api", "en"


@tpl(5)
def ci_env_dump(b):
    b.f("""Vercel / Heroku config listing pasted from the exposed debug endpoint /__debug/env:
AWS_ACCESS_KEY_ID         [[ak]]
AWS_SECRET_ACCESS_KEY     [[as]]
SLACK_TOKEN               [[sl]]
GITLAB_TOKEN              [[gl]]
GOOGLE_API_KEY            [[gk]]
TWILIO_API_KEY            [[sk]]
TWILIO_API_SECRET         [[tsec]]
NEXT_PUBLIC_SITE_URL      https://www.acme-energie.fr
NODE_VERSION              [[ver]]
""", ak=L(akia(), "aws_access_key_id"), sl=L(slack_tok(), "slack_token"), gl=L(glpat(), "gitlab_token"),
        gk=L(gkey(), "google_api_key"), sk=L("SK" + rs(HEX, 32), "twilio_key", opt=True), tsec=L(rs(ALNUM, 32), "twilio_key"),
        ver=N(version(), "version"), **{"as": L(aws_secret(), "aws_secret_key")})
    return "prose_en", "en"


@tpl(4)
def node_twilio(b):
    b.f("""// server/sms.js — hard-coded in the public bundle main.[[h]].js
const client = require('twilio')('[[sid]]', '[[tok]]');
const openai = new OpenAI({ apiKey: '[[oa]]' });
await client.messages.create({ to: '[[to]]', from: '[[fr]]', body: 'Votre code : 482913' });
""", h=N(rs(HEX, 8), "short_sha"), sid=L(twilio_sid(), "twilio_key", opt=True), tok=L(twilio_tok(), "twilio_key"),
        oa=L(openai(), "ai_api_key"), to=PH("FR"), fr=PH("US"))
    return "key_file", "en"


@tpl(4)
def devtools_storage(b):
    b.f("""DevTools ▸ Application ▸ Local Storage ▸ https://app.aurora-pay.io
Key                Value
auth.idToken       [[idt]]
auth.accessToken   [[at]]
ui.theme           dark
pagination.cursor  [[cur]]
DevTools ▸ Cookies
[[cn]]   [[cv]]   .aurora-pay.io   /   Session   ✓ HttpOnly
_ga             [[ga]]   .aurora-pay.io
""", idt=L(jwt({"iss": "https://login.aurora-pay.io", "email": email(), "aud": rs(ALNUM, 20)}), "jwt"), at=L(jwt(), "jwt"),
        cur=N(base64.b64encode(json.dumps({"page": r.randint(2, 40), "sort": "desc"}).encode()).decode(), "base64_benign"),
        cn=r.choice(["session", "__Secure-next-auth.session-token", "auth_sid", "SESSION"]), cv=L(rs(ALNUM + "-_", 48), "session_cookie"),
        ga=N("GA1.1.%d.%d" % (r.randint(10**8, 10**9), r.randint(10**9, 2 * 10**9)), "non_session_cookie"))
    return "prose_en", "en"


@tpl(4)
def http_log_cookie(b):
    b.f("""[[ip]] - - [14/Mar/2025:09:12:01 +0000] "GET /account HTTP/1.1" 200 5123 "-" "Mozilla/5.0" cookie="[[cn]]=[[cv]]; lang=en"
[[ip2]] - - [14/Mar/2025:09:12:04 +0000] "GET /api/export?access_token=[[tok]] HTTP/1.1" 200 88412
""", ip=IP(), cn=r.choice(["PHPSESSID", "JSESSIONID", "ci_session", "rack.session", "sid"]), cv=L(rs(HEX + "xyz", 26), "session_cookie"),
        ip2=N(pub_ip(), "public_ip"), tok=L(jwt(), "jwt"))
    return "server_log", "en"


@tpl(3)
def tls_key_helm(b):
    b.f("""# charts/gateway/values-prod.yaml
tls:
  crt: |
[[crt]]
  key: |
    [[key]]
""", crt=N("\n".join("    " + ln for ln in cert_block().splitlines()), "public_key"),
        key=L("\n".join("    " + ln for ln in pem(r.choice(["RSA", "EC", "PKCS8"])).splitlines())[4:], "private_key"))
    return "config_yaml", "en"


@tpl(4)
def tfvars_multi(b):
    b.f("""# terraform.tfvars committed to the infra repo (public mirror on GitHub)
aws_access_key = "[[ak]]"
aws_secret_key = "[[as]]"
azure_storage_connection_string = "[[az]]"
backup_container_sas = "?[[sas]]"
slack_alert_webhook = "[[hook]]"
gcp_credentials = <<EOT
[[sa]]
EOT
""", ak=L(akia(), "aws_access_key_id"), az=L(azure_conn(), "azure_connection_string", also=["connection_string"]),
        sas=L(sas_query(), "azure_sas_token"), hook=L(slack_hook(), "slack_webhook"),
        sa=L(gcp_sa_json(), "gcp_service_account", also=["private_key", "email_address"]), **{"as": L(aws_secret(), "aws_secret_key")})
    return "config_ini", "en"


@tpl(4)
def secretsmanager(b):
    inner = {"slack_bot_token": slack_tok(), "twilio_account_sid": twilio_sid(), "twilio_auth_token": twilio_tok(),
             "stripe_secret": stripe(), "gitlab_deploy_token": glpat()}
    b.f("""$ aws secretsmanager get-secret-value --secret-id prod/notifier --query SecretString --output text | jq .
{
  "slack_bot_token": "[[sl]]",
  "twilio_account_sid": "[[sid]]",
  "twilio_auth_token": "[[tw]]",
  "stripe_secret": "[[st]]",
  "gitlab_deploy_token": "[[gl]]",
  "pypi_upload_token": "[[py]]",
  "rotation_days": 90
}
""", sl=L(inner["slack_bot_token"], "slack_token"), sid=L(inner["twilio_account_sid"], "twilio_key", opt=True),
        tw=L(inner["twilio_auth_token"], "twilio_key"), st=L(inner["stripe_secret"], "stripe_key"), gl=L(inner["gitlab_deploy_token"], "gitlab_token"),
        py=L(pypi(), "pypi_token"))
    return "json_api", "en"


@tpl(3)
def android_strings(b):
    b.f("""<!-- apktool d app-release.apk; res/values/strings.xml -->
<resources>
    <string name="app_name">Acme Énergie</string>
    <string name="google_maps_key">[[gk]]</string>
    <string name="google_api_key">[[gk2]]</string>
    <string name="support_webhook">[[hook]]</string>
    <string name="ci_token">[[gh]]</string>
    <string name="npm_mirror_token">[[npm]]</string>
    <string name="backend_url">https://[[ih]]:8443/api</string>
</resources>
""", gk=L(gkey(), "google_api_key"), gk2=L(gkey(), "google_api_key"), hook=L(slack_hook(), "slack_webhook"),
        gh=L(ghp(), "github_token"), npm=L(npm(), "npm_token"), ih=IH())
    return "config_json", "en"


@tpl(4)
def burp_headers(b):
    user = r.choice(["svc-report", "admin", "api"])
    basic = base64.b64encode(f"{user}:{password()}".encode()).decode()
    b.f("""GET /rest/api/2/search?jql=project%3DSEC HTTP/1.1
Host: jira.[[h]]
Authorization: Basic [[basic]]
Cookie: JSESSIONID=[[js]]; atlassian.xsrf.token=[[x]]; seraph.rememberme.cookie=[[rm]]
X-Forwarded-For: [[ip]]

GET /api/v4/projects HTTP/1.1
Host: [[h2]]
PRIVATE-TOKEN: [[gl]]
Authorization: token [[gh]]
""", h=IH(), basic=L(basic, "authorization_header", also=["password_assignment"]), js=L(rs(HEX.upper(), 32), "session_cookie"),
        x=N("B" + rs(string.ascii_uppercase + string.digits, 3) + "-" + rs(HEX, 4) + "|lin", "non_session_cookie"),
        rm=L(str(r.randint(10000, 99999)) + "%3A" + rs(HEX, 40), "session_cookie"), ip=IP(), h2=IH(),
        gl=L(glpat(), "gitlab_token", also=["authorization_header"]), gh=L(ghp(), "github_token", also=["authorization_header"]))
    return "http_request", "en"


@tpl(5)
def breach_sample(b):
    b.f("""Échantillon de la base exfiltrée (5 lignes sur 212 004) — je n'ai rien gardé d'autre 🙏
id,full_name,birth_date,national_id,iban,card,phone,email,signup
""")
    for _ in range(3):
        f_, l_ = person()
        b.f("[[id]],\"[[n]]\",[[d]],[[nid]],[[i]],[[c]],[[p]],[[e]],[[su]]\n", id=str(r.randint(1, 212004)), n=f"{f_} {l_}",
            d=DOB("iso"), nid=NID(), i=IBAN(spaced=False), c=CARD(""), p=PH(), e=EM(email(f_, l_)), su=N(a_date(), "date_no_birth"))
    return "prose_fr", "fr"


@tpl(3)
def advisory_text(b):
    b.f("""Summary: unauthenticated path traversal in the firmware update service (affects [[v1]] up to [[v2]], fixed in [[v3]]).
Severity: [[cvss]]
Fix commit: [[sha]] (short [[short]]); artefact SHA-256 [[sha256]], MD5 [[md5]].
Tested against the public demo at [[pub]] and on a lab box at [[lab]]; the service also answered on [[lo]] and netmask [[mask]].
Certificate OID [[oid]]; request id [[rid]]; trace [[tp]].
Config template from the docs: api_token: "[[ph1]]", password: "[[ph2]]", db_url: "[[ph3]]", auth: "[[ph4]]".
Release date [[rd]]; price of the support plan [[price]]; the shell expands [[home]].
Credits: [[rep]]. Please reply to [[psirt]] thread only.
""", v1=N(version(), "version"), v2=N(version(), "version"), v3=N(version(), "version"), cvss=N(r.choice(CVSS), "cvss"),
        sha=N(sha1(), "git_sha"), short=N(sha1()[:7], "short_sha"), sha256=N(rs(HEX, 64), "sha256"), md5=N(rs(HEX, 32), "md5_file"),
        pub=N(pub_ip(), "public_ip"), lab=IP(), lo=N("127.0.0.1", "non_ip_dotted"), mask=N("255.255.240.0", "non_ip_dotted"),
        oid=N("2.5.29.%d" % r.randint(14, 37), "non_ip_dotted"), rid=N(uuid(), "uuid"),
        tp=N("00-%s-%s-01" % (rs(HEX, 32), rs(HEX, 16)), "traceparent"), ph1=N("${API_TOKEN}", "placeholder"),
        ph2=N("********", "placeholder"), ph3=N("mysql://root:<password>@db:3306/app", "placeholder_token_shape"),
        ph4=N("Bearer <token>", "placeholder_token_shape"), rd=N(a_date(), "date_no_birth"), price=N("$49.99", "hash_not_password"),
        home=N("$HOME", "hash_not_password"), rep=N(b_rep(b), "reporter_email"), psirt=N(PSIRT, "psirt_email"))
    return "prose_en", "en"


@tpl(3)
def lockfile_review(b):
    b.f("""Diff of package-lock.json in the malicious PR:
-      "integrity": "[[i1]]",
+      "integrity": "[[i2]]",
+      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-[[v]].tgz",
The PR description claims the token is revoked: [[bad]] (wrong checksum — not a live token), and a truncated one [[trunc]].
The postinstall script sends os.hostname() and the first private IP (on my sandbox: [[ip]]) to [[pub]].
Pagination cursor returned by the exfil server: [[cur]]; its "lang=fr-FR; theme=light" cookies are harmless.
""", i1=N("sha512-" + rs(B64, 86) + "==", "integrity"), i2=N("sha512-" + rs(B64, 86) + "==", "integrity"), v=N(version(), "version"),
        bad=N(ghp_bad(), "near_miss_token"), trunc=N("npm_" + rs(B62, 20), "near_miss_token"), ip=IP(), pub=N(pub_ip(), "public_ip"),
        cur=N(base64.b64encode(json.dumps({"offset": r.randint(20, 400)}).encode()).decode(), "base64_benign"))
    return "prose_en", "en"


# ---------------------------------------------------------------- driver
N_CASES = 190


def uncovered(text, labels, negs):
    """Sanity check: e-mails, private IPs and internal hosts in the text that no label/negative covers."""
    spans = [(l["start"], l["end"]) for l in labels] + [(n["start"], n["end"]) for n in negs]
    out = []
    for rx in (EMAIL_RE, INNER_RE):
        for m in rx.finditer(text):
            a = u16(text[:m.start()])
            e = a + u16(m.group(0))
            if not any(s < e and a < t for s, t in spans):
                out.append(m.group(0))
    return out


BOOST = {
    "private_key": ["private_key_paste", "tls_key_helm", "kubeconfig", "private_key_paste"],
    "aws_access_key_id": ["jenkins_log", "laravel_env", "ci_env_dump"],
    "aws_secret_key": ["jenkins_log", "laravel_env", "ci_env_dump"],
    "azure_connection_string": ["terraform_state", "azure_appsettings"],
    "azure_sas_token": ["terraform_state", "azure_appsettings", "tfvars_multi"],
    "gcp_service_account": ["gcp_sa", "tfvars_multi"],
    "github_token": ["git_remote", "circleci_env", "stack_trace"],
    "gitlab_token": ["gitlab_ci_log", "ci_env_dump", "github_actions_log"],
    "google_api_key": ["ci_env_dump", "java_source", "circleci_env"],
    "authorization_header": ["curl_export", "postman", "wireshark_stream", "burp_headers"],
    "npm_token": ["pypirc_npmrc", "gitlab_ci_log"],
    "pypi_token": ["pypirc_npmrc", "circleci_env", "secretsmanager"],
    "sendgrid_key": ["ansible_group_vars", "k8s_secret_stringdata"],
    "slack_token": ["ci_env_dump", "secretsmanager", "rust_source"],
    "slack_webhook": ["alertmanager", "github_actions_log"],
    "stripe_key": ["go_source", "helm_values"],
    "twilio_key": ["node_twilio", "k8s_secret_stringdata", "secretsmanager"],
    "jwt": ["devtools_storage", "http_log_cookie", "kubeconfig"],
    "session_cookie": ["burp_pair", "burp_headers", "http_log_cookie"],
    "ai_api_key": ["ai_keys_notebook", "node_twilio"],
    "password_hash": ["shadow_file", "htpasswd"],
    "url_credentials": ["ftp_ldap_urls", "git_remote"],
    "payment_card": ["breach_sample", "order_dump_sql", "journald_json", "order_json", "prose_fr_screenshot"],
    "iban": ["breach_sample", "bank_statement", "es_hits", "hr_record"],
    "national_id": ["breach_sample", "hr_record", "ticket_fr", "near_miss"],
    "date_of_birth": ["breach_sample", "hr_record", "hl7", "tsv_export"],
    "connection_string": ["go_source", "redis_mongo_cli", "stack_trace"],
    "password_assignment": ["ansible_inventory", "wp_config"],
    "email_address": ["ldif", "imap_session"],
    "phone_number": ["powershell_out", "ai_keys_notebook"],
    "private_ip": ["hosts_nginx", "syslog_lines"],
    "internal_hostname": ["hosts_nginx", "ansible_inventory"],
}
TARGET = 18


def main():
    by_name = {fn.__name__: fn for fn, _ in T}
    fns = [fn for fn, w in T for _ in range(w)]
    base = [fn for fn, _ in T] + [fn for fn, _ in T if fn.__name__ in ("near_miss", "advisory_text", "lockfile_review", "doc_values", "prose_fr_screenshot", "ticket_fr", "fr_mail_dump", "tsv_export", "prose_en_screenshot")] * 2
    r.shuffle(base)
    from collections import Counter
    counts = Counter()
    built = []
    while len(built) < N_CASES:
        if base:
            fn = base.pop()
        else:
            short = sorted((counts[c], c) for c in SEV if counts[c] < TARGET)
            fn = by_name[r.choice(BOOST[short[0][1]])] if short else r.choice(fns)
        b = B()
        b.reporter = None
        carrier, lang = fn(b)
        for lab in b.labels:
            if lab["severity"] != "info" and not lab.get("optional"):
                counts[lab["category"]] += 1
        built.append((fn, b, carrier, lang))
    r.shuffle(built)
    lines, problems = [], []
    for i, (fn, b, carrier, lang) in enumerate(built, 1):
        text = b.text()
        labels = sorted(b.labels, key=lambda l: (l["start"], l["end"]))
        negs = sorted(b.negs, key=lambda n: n["start"])
        case = {"id": "h%04d" % i, "carrier": carrier, "language": lang, "text": text, "labels": labels, "negatives": negs}
        case["reporter_email"] = b.reporter or r.choice(REPORTERS)
        for lab in labels:
            assert 0 <= lab["start"] < lab["end"] <= u16(text), (case["id"], lab)
        bad = uncovered(text, labels, negs)
        if bad:
            problems.append((case["id"], fn.__name__, bad))
        lines.append(json.dumps(case, ensure_ascii=False))
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")
    os.replace(tmp, OUT)
    if "--stats" in os.sys.argv:
        from collections import Counter
        cats, info, opt, kinds, non_ascii = Counter(), Counter(), Counter(), Counter(), 0
        for ln in lines:
            c = json.loads(ln)
            for lab in c["labels"]:
                (info if lab["severity"] == "info" else opt if lab.get("optional") else cats)[lab["category"]] += 1
                pre = c["text"].encode("utf-16-le")[:2 * lab["start"]].decode("utf-16-le")
                non_ascii += not pre.isascii()
            for n in c["negatives"]:
                kinds[n["kind"]] += 1
        for k in sorted(SEV):
            print("%-24s %4d  info %2d  optional %2d" % (k, cats[k], info[k], opt[k]))
        print("negatives:", dict(sorted(kinds.items())))
        print("labels with non-ASCII before:", non_ascii)
        for p in problems:
            print("UNCOVERED", p)


if __name__ == "__main__":
    main()
