#!/usr/bin/env python3
"""Blind test corpus (writer b) for a sensitive-data scanner of vulnerability reports.

Standard library only.  One random.Random with a fixed seed; running it twice writes the
same bytes.  `python3 gen_blind8b.py` writes cases.jsonl next to this file;
`python3 gen_blind8b.py --check` verifies the committed file equals what is generated and
that every label / negative span is sane (UTF-16 offsets, slice == intended value, check
digits of cards, IBANs, MRZ lines, JWT headers...).

Cases are written as text with inline markers:
    L(category, value, *also, opt=False, sev=None)  -> a labelled value
    N(kind, value)                                  -> a hard negative
The markers are stripped and turned into UTF-16 code-unit offsets.
"""
import base64
import hashlib
import json
import os
import random
import re
import sys
import zlib

SEED = 0xB8B2025
rng = random.Random(SEED)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.jsonl")

# --------------------------------------------------------------------------- taxonomy
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

# --------------------------------------------------------------------------- markers
LB, SEP, RB = "\u27e6", "\u00a6", "\u27e7"
NB, NR = "\u27ea", "\u27eb"
MARK_RE = re.compile("\u27e6([^\u00a6\u27e7]*)\u00a6(.*?)\u27e7|\u27ea([^\u00a6\u27eb]*)\u00a6(.*?)\u27eb", re.S)


def L(cat, val, *also, opt=False, sev=None):
    assert cat in GROUP, cat
    for a in also:
        assert a in GROUP, a
    spec = cat + "".join("+" + a for a in also) + ("?" if opt else "") + ("!" + sev if sev else "")
    return f"{LB}{spec}{SEP}{val}{RB}"


def DOC(cat, val, *also):
    """A documentation / example value: labelled, severity info."""
    return L(cat, val, *also, sev="info")


def N(kind, val):
    return f"{NB}{kind}{SEP}{val}{NR}"


def u16(s):
    return len(s.encode("utf-16-le")) // 2


def parse(marked):
    out, labels, negs = [], [], []
    pos16 = 0
    last = 0
    for m in MARK_RE.finditer(marked):
        chunk = marked[last:m.start()]
        out.append(chunk)
        pos16 += u16(chunk)
        if m.group(1) is not None:
            spec, val = m.group(1), m.group(2)
            sev = None
            if "!" in spec:
                spec, sev = spec.split("!")
            opt = spec.endswith("?")
            spec = spec.rstrip("?")
            parts = spec.split("+")
            cat, also = parts[0], parts[1:]
            lab = {"start": pos16, "end": pos16 + u16(val), "category": cat,
                   "severity": sev or SEV[cat], "group": GROUP[cat]}
            if also:
                lab["also"] = also
            if opt:
                lab["optional"] = True
            labels.append((lab, val))
        else:
            kind, val = m.group(3), m.group(4)
            negs.append(({"start": pos16, "end": pos16 + u16(val), "kind": kind}, val))
        out.append(val)
        pos16 += u16(val)
        last = m.end()
    out.append(marked[last:])
    text = "".join(out)
    assert LB not in text and NB not in text and RB not in text and NR not in text, text[:200]
    return text, labels, negs


def fill(tpl, **kw):
    """Template with ⟨name⟩ holes (for texts full of braces)."""
    for k, v in kw.items():
        tpl = tpl.replace("\u27e8" + k + "\u27e9", str(v))
    assert "\u27e8" not in tpl, re.findall("\u27e8[^\u27e9]*\u27e9", tpl)
    return tpl


# --------------------------------------------------------------------------- random primitives
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
B64U = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
HEX = "0123456789abcdef"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = "abcdefghijklmnopqrstuvwxyz"
DIG = "0123456789"
CRYPT = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def rs(alpha, n):
    return "".join(rng.choice(alpha) for _ in range(n))


def rbytes(n):
    return bytes(rng.randrange(256) for _ in range(n))


def hexs(n):
    return rs(HEX, n)


def digits(n):
    return rs(DIG, n)


def b64e(b):
    return base64.b64encode(b).decode()


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


# --------------------------------------------------------------------------- negatives / look-alikes
def uuid4():
    h = list(hexs(32))
    h[12] = "4"
    h[16] = rng.choice("89ab")
    h = "".join(h)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def git_sha():
    return hexs(40)


def sha256_hex():
    return hexs(64)


def md5_hex():
    return hexs(32)


def npm_integrity():
    return "sha512-" + b64e(rbytes(64))


def luhn_ok(num):
    d = [int(c) for c in num if c.isdigit()]
    s = 0
    for i, x in enumerate(reversed(d)):
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return s % 10 == 0


def luhn_complete(prefix, length):
    body = prefix + digits(length - len(prefix) - 1)
    for c in DIG:
        if luhn_ok(body + c):
            return body + c
    raise AssertionError


def pgp_fpr(luhn_trap=False, grouped=True):
    """40-hex fingerprint.  With luhn_trap, groups 3-6 are 16 decimal digits passing Luhn
    and starting with 4 or 5 (a card look-alike hiding in a fingerprint)."""
    if luhn_trap:
        mid = luhn_complete(rng.choice(["4", "51", "53", "55"]), 16)
        raw = hexs(8).upper() + mid + hexs(16).upper()
    else:
        raw = hexs(40).upper()
    if grouped:
        g = [raw[i:i + 4] for i in range(0, 40, 4)]
        return " ".join(g[:5]) + "  " + " ".join(g[5:])
    return raw


def ssh_fpr():
    return "SHA256:" + b64e(rbytes(32)).rstrip("=")


def siret():
    return luhn_complete(str(rng.randint(3, 9)), 14)


def isbn13(prefix="978"):
    body = prefix + digits(9)
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


def ssh_pub(comment):
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + b64e(rbytes(32))[:43] + " " + comment


def cert_pem(lines=6):
    body = "MIID" + b64e(rbytes(48 * lines))[4:]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(body[i:i + 64] for i in range(0, 64 * lines, 64)) + "\n-----END CERTIFICATE-----"


def pubkey_pem():
    body = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + b64e(rbytes(240))
    body = body[:360] + "IDAQAB"
    return "-----BEGIN PUBLIC KEY-----\n" + "\n".join(body[i:i + 64] for i in range(0, len(body), 64)) + "\n-----END PUBLIC KEY-----"


def priv_ip():
    k = rng.randrange(3)
    if k == 0:
        return f"10.{rng.randint(0, 254)}.{rng.randint(0, 254)}.{rng.randint(2, 254)}"
    if k == 1:
        return f"172.{rng.randint(16, 31)}.{rng.randint(0, 254)}.{rng.randint(2, 254)}"
    return f"192.168.{rng.randint(0, 254)}.{rng.randint(2, 254)}"


# --------------------------------------------------------------------------- credentials
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _b62(n, width):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


def gh_token(prefix="ghp_"):
    body = rs(ALNUM, 30)
    return prefix + body + _b62(zlib.crc32(body.encode()), 6)


def gh_fine():
    return "github_pat_11" + rs(UPPER + DIG, 20) + "_" + rs(ALNUM, 59)


def gitlab_pat():
    return "glpat-" + rs(ALNUM + "-_", 20)


def aws_key_id(prefix="AKIA"):
    return prefix + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)


def aws_secret():
    return rs(ALNUM + "/+", 40)


def slack_bot(prefix="xoxb-"):
    return f"{prefix}{digits(11)}-{digits(13)}-{rs(ALNUM, 24)}"


def slack_user():
    return f"xoxp-{digits(11)}-{digits(11)}-{digits(13)}-{hexs(32)}"


def slack_webhook():
    return f"https://hooks.slack.com/services/T0{rs(UPPER + DIG, 8)}/B0{rs(UPPER + DIG, 9)}/{rs(ALNUM, 24)}"


def stripe(prefix="sk_live_", n=24):
    return prefix + rs(ALNUM, n)


def google_key():
    return "AIza" + rs(ALNUM + "-_", 35)


def azure_key():
    return b64e(rbytes(64))


def azure_conn(account):
    return (f"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={azure_key()};"
            "EndpointSuffix=core.windows.net")


def azure_sas(perm="rl", se="2026-03-31T18:00:00Z", st="2025-01-06T09:12:44Z"):
    sig = b64e(rbytes(32)).replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return f"sv=2022-11-02&ss=b&srt=co&sp={perm}&se={se}&st={st}&spr=https&sig={sig}"


def npm_token():
    return "npm_" + rs(ALNUM, 36)


def pypi_token():
    return "pypi-AgEIcHlwaS5vcmc" + b64u(rbytes(110))


def sendgrid():
    return "SG." + rs(ALNUM + "-_", 22) + "." + rs(ALNUM + "-_", 43)


def twilio_sk():
    return "SK" + hexs(32)


def twilio_sid():
    return "AC" + hexs(32)


def openai_key():
    return "sk-proj-" + rs(ALNUM + "-_", 74) + "T3BlbkFJ" + rs(ALNUM + "-_", 74)


def anthropic_key():
    return "sk-ant-api03-" + rs(ALNUM + "-_", 93) + "AA"


def jwt(payload, alg="HS256", kid=None):
    hdr = {"alg": alg, "typ": "JWT"}
    if kid:
        hdr["kid"] = kid
    h = b64u(json.dumps(hdr, separators=(",", ":")).encode())
    p = b64u(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
    sig = b64u(rbytes(32 if alg.startswith("HS") else (64 if alg.startswith("ES") else 256)))
    return f"{h}.{p}.{sig}"


def _wrap(body, w=64):
    return "\n".join(body[i:i + w] for i in range(0, len(body), w))


def pem_rsa(nbytes=1190, pkcs8=False):
    if pkcs8:
        head, tail, pre = "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ"
    else:
        head, tail, pre = "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEA"
    body = pre + b64e(rbytes(nbytes))
    body = body[:len(body) - (len(body) % 4)]
    return head + "\n" + _wrap(body) + "\n" + tail


def pem_ec():
    body = "MHcCAQEEI" + b64e(rbytes(88))[:112] + "=="
    return "-----BEGIN EC PRIVATE KEY-----\n" + _wrap(body) + "\n-----END EC PRIVATE KEY-----"


def pem_openssh():
    body = ("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
            "QyNTUxOQAAACA" + b64e(rbytes(270)))
    body = body[:len(body) - (len(body) % 4)]
    return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + _wrap(body, 70) + "\n-----END OPENSSH PRIVATE KEY-----"


def bcrypt_hash(cost=12):
    return f"$2b${cost:02d}$" + rs(CRYPT, 53)


def sha512crypt():
    return "$6$" + rs(CRYPT, 16) + "$" + rs(CRYPT, 86)


def argon2id():
    return "$argon2id$v=19$m=65536,t=3,p=4$" + b64e(rbytes(16)).rstrip("=") + "$" + b64e(rbytes(32)).rstrip("=")


def django_pbkdf2():
    return "pbkdf2_sha256$600000$" + rs(ALNUM, 22) + "$" + b64e(rbytes(32))


def password(style=0):
    """Invented human-ish passwords."""
    words = ["Chamonix", "Tartiflette", "Mistral", "Velours", "Gargouille", "Hibou", "Bretelle",
             "Kestrel", "Marmalade", "Paddock", "Quokka", "Tangerine", "Vortex", "Sirocco",
             "Bergamote", "Lavande", "Cormoran", "Falaise", "Nimbus", "Pivoine"]
    if style == 0:
        return rng.choice(words) + rng.choice("!#%*?@$") + digits(rng.randint(2, 4))
    if style == 1:
        return rs(ALNUM, 6) + rng.choice("!#%-_") + rs(ALNUM, 7)
    if style == 2:
        return "-".join(rng.choice(words).lower() for _ in range(4))
    return rs(ALNUM + "!#%&*+-=?@^_", 20)


# --------------------------------------------------------------------------- personal data
def card(kind="visa"):
    if kind == "visa":
        return luhn_complete(rng.choice(["4970", "4974", "4532", "4916", "4556"]), 16)
    if kind == "mc":
        return luhn_complete(rng.choice(["51", "52", "53", "54", "55", "2221", "2720"]), 16)
    if kind == "amex":
        return luhn_complete(rng.choice(["34", "37"]), 15)
    raise ValueError(kind)


def group4(num, sep=" "):
    return sep.join(num[i:i + 4] for i in range(0, len(num), 4))


def amex_fmt(num, sep=" "):
    return num[:4] + sep + num[4:10] + sep + num[10:]


def _iban_digits(s):
    return "".join(str(int(c, 36)) for c in s)


def iban_from_bban(cc, bban):
    n = int(_iban_digits(bban + cc + "00"))
    return f"{cc}{98 - n % 97:02d}{bban}"


def iban_ok(iban):
    s = iban.replace(" ", "")
    return int(_iban_digits(s[4:] + s[:4])) % 97 == 1


CIN_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def _cf_val(c, odd):
    if c.isdigit():
        i = int(c)
    else:
        i = ord(c) - 65
    return CIN_ODD[i] if odd else i


def iban(cc):
    if cc == "FR":
        bank, guichet, acct = digits(5), digits(5), digits(11)
        key = 97 - ((89 * int(bank) + 15 * int(guichet) + 3 * int(acct)) % 97)
        bban = f"{bank}{guichet}{acct}{key:02d}"
    elif cc == "DE":
        bban = digits(18)
    elif cc == "ES":
        bban = digits(20)
    elif cc == "BE":
        b = digits(10)
        k = int(b) % 97 or 97
        bban = f"{b}{k:02d}"
    elif cc == "NL":
        bban = rng.choice(["INGB", "RABO", "ABNA", "TRIO"]) + digits(10)
    elif cc == "GB":
        bban = rng.choice(["NWBK", "BARC", "LOYD", "MIDL"]) + digits(14)
    elif cc == "IT":
        rest = digits(10) + digits(12)
        s = sum(_cf_val(c, i % 2 == 0) for i, c in enumerate(rest))
        bban = chr(65 + s % 26) + rest
    elif cc == "LU":
        bban = digits(3) + rs(UPPER + DIG, 13)
    elif cc == "CH":
        bban = digits(17)
    else:
        raise ValueError(cc)
    return iban_from_bban(cc, bban)


def iban_fmt(i):
    return " ".join(i[k:k + 4] for k in range(0, len(i), 4))


def nir(sex, yy, mm, dept, commune=None, order=None, spaced=True):
    commune = commune or f"{rng.randint(1, 899):03d}"
    order = order or f"{rng.randint(1, 999):03d}"
    body = f"{sex}{yy:02d}{mm:02d}{dept}{commune}{order}"
    key = 97 - int(body) % 97
    if spaced:
        return f"{sex} {yy:02d} {mm:02d} {dept} {commune} {order} {key:02d}"
    return f"{body}{key:02d}"


def dni():
    n = rng.randint(10000000, 79999999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def nie():
    p = rng.choice("XYZ")
    n = rng.randint(1000000, 9999999)
    v = int(str("XYZ".index(p)) + str(n))
    return f"{p}{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[v % 23]}"


CF_ODD = {**{str(i): v for i, v in enumerate([1, 0, 5, 7, 9, 13, 15, 17, 19, 21])},
          **{chr(65 + i): v for i, v in enumerate(CIN_ODD)}}
CF_MONTH = "ABCDEHLMPRST"


def _cf_part(name, is_name):
    cons = [c for c in name.upper() if c.isalpha() and c not in "AEIOU"]
    vow = [c for c in name.upper() if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return "".join((cons + vow + ["X"] * 3)[:3])


def codice_fiscale(surname, name, yy, month, day, female, belfiore):
    s = _cf_part(surname, False) + _cf_part(name, True) + f"{yy:02d}" + CF_MONTH[month - 1]
    s += f"{day + (40 if female else 0):02d}" + belfiore
    tot = 0
    for i, c in enumerate(s):
        if i % 2 == 0:
            tot += CF_ODD[c]
        else:
            tot += int(c) if c.isdigit() else ord(c) - 65
    return s + chr(65 + tot % 26)


def nino():
    bad1 = "DFIQUV"
    while True:
        a = rng.choice([c for c in UPPER if c not in bad1])
        b = rng.choice([c for c in UPPER if c not in bad1 + "O"])
        if a + b not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            break
    d = digits(6)
    return f"{a}{b} {d[:2]} {d[2:4]} {d[4:]} {rng.choice('ABCD')}"


def ssn():
    while True:
        a = rng.randint(1, 899)
        if a != 666:
            break
    return f"{a:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def be_nrn(yy, mm, dd, after2000=False):
    base = f"{yy:02d}{mm:02d}{dd:02d}{rng.randint(1, 997):03d}"
    n = int(("2" if after2000 else "") + base)
    k = 97 - n % 97
    return f"{base[:2]}.{base[2:4]}.{base[4:6]}-{base[6:]}.{k:02d}"


def fr_tax_id():
    first10 = str(rng.randint(0, 3)) + digits(9)
    return f"{first10}{int(first10) % 511:03d}"


def fr_tax_fmt(n):
    return f"{n[:2]} {n[2:4]} {n[4:7]} {n[7:10]} {n[10:]}"


def mrz_cd(s):
    w = [7, 3, 1]
    t = 0
    for i, c in enumerate(s):
        if c.isdigit():
            v = int(c)
        elif c == "<":
            v = 0
        else:
            v = ord(c) - 55
        t += v * w[i % 3]
    return str(t % 10)


def mrz_name(surname, given, width):
    s = surname.upper().replace(" ", "<").replace("-", "<") + "<<" + "<".join(g.upper() for g in given)
    return (s + "<" * width)[:width]


def mrz_td3(country, surname, given, number, nat, dob, sex, expiry, personal=""):
    l1 = ("P<" + country + mrz_name(surname, given, 39))
    num = (number + "<" * 9)[:9]
    pers = (personal + "<" * 14)[:14]
    pcd = mrz_cd(pers) if personal else "<"
    part = num + mrz_cd(num) + nat + dob + mrz_cd(dob) + sex + expiry + mrz_cd(expiry) + pers + pcd
    comp = part[0:10] + part[13:20] + part[21:43]
    l2 = part + mrz_cd(comp)
    assert len(l1) == 44 and len(l2) == 44, (l1, l2)
    return l1, l2


def mrz_td1(doc, country, number, dob, sex, expiry, nat, surname, given, opt1="", opt2=""):
    num = (number + "<" * 9)[:9]
    l1 = (doc + "<" * 2)[:2] + country + num + mrz_cd(num) + (opt1 + "<" * 15)[:15]
    l2a = dob + mrz_cd(dob) + sex + expiry + mrz_cd(expiry) + nat + (opt2 + "<" * 11)[:11]
    comp = l1[5:30] + l2a[0:7] + l2a[8:15] + l2a[18:29]
    l2 = l2a + mrz_cd(comp)
    l3 = mrz_name(surname, given, 30)
    assert len(l1) == len(l2) == len(l3) == 30, (l1, l2, l3)
    return l1, l2, l3


def mrz_td3_ok(l2):
    if len(l2) != 44:
        return False
    ok = mrz_cd(l2[0:9]) == l2[9] and mrz_cd(l2[13:19]) == l2[19] and mrz_cd(l2[21:27]) == l2[27]
    comp = l2[0:10] + l2[13:20] + l2[21:43]
    return ok and mrz_cd(comp) == l2[43]


def fr_mobile(intl=False):
    d = rng.choice("67") + digits(8)
    while d[:5] in ("63998", "63999"):
        d = rng.choice("67") + digits(8)
    if intl:
        return f"+33 {d[0]} {d[1:3]} {d[3:5]} {d[5:7]} {d[7:9]}"
    return f"0{d[0]} {d[1:3]} {d[3:5]} {d[5:7]} {d[7:9]}"


def fr_fixed():
    d = rng.choice("12345") + digits(8)
    return f"0{d[0]} {d[1:3]} {d[3:5]} {d[5:7]} {d[7:9]}"


def uk_mobile():
    return f"+44 7{rng.choice('3456789')}{digits(2)} {digits(6)}"


def us_phone():
    return f"({rng.randint(201, 989)}) {rng.randint(201, 989)}-{digits(4)}"


def de_mobile():
    return f"+49 15{rng.choice('1257')} {digits(8)}"


def pnr():
    return rs("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 6)


def ticket_no(airline="057"):
    return airline + digits(10)


# =========================================================================== cases
CASES = []


def case(carrier, lang, reporter=None):
    def deco(fn):
        CASES.append((carrier, lang, reporter, fn))
        return fn
    return deco


# --------------------------------------------------------------------------- json_api
@case("json_api", "en")
def _():
    return fill('''While authenticated as my own test account (id 48190) I changed the path parameter and got someone else's profile back:

GET /api/v2/users/48213 -> 200 OK
{
  "id": 48213,
  "uuid": "⟨u⟩",
  "displayName": "Marguerite Okonkwo-Reyes",
  "email": "⟨em⟩",
  "phone": "⟨ph⟩",
  "birthDate": "⟨dob⟩",
  "address": "⟨a1⟩",
  "addressVerified": true,
  "plan": "family-premium",
  "createdAt": "⟨ts⟩",
  "lastLoginIp": "⟨ip⟩"
}

Only this one record was requested; I deleted the response after taking the excerpt above.''',
                u=N("uuid", uuid4()), em=L("email_address", "m.okonkwo.reyes@outlook.com"),
                ph=L("phone_number", us_phone()), dob=L("date_of_birth", "1987-11-04"),
                a1=L("postal_address", "2218 Larchmont Terrace, Apt 3B, Portland, OR 97214"),
                ts=N("timestamp", "2023-06-17T08:41:09Z"),
                ip=N("public_ip", "73.140.22.198"))


@case("json_api", "fr")
def _():
    nirv = nir(2, 79, 3, "33", spaced=False)
    ib = iban("FR")
    return fill('''Réponse de l'API « espace adhérent » de la mutuelle, obtenue en remplaçant numeroAdherent=0071342 par 0071343 :

{"adherent":{"numeroAdherent":"0071343","civilite":"Mme","nom":"LACOMBE-ISNARD","prenom":"Solène",
"dateNaissance":"⟨dob⟩","numeroSecu":"⟨nir⟩",
"adresse":{"ligne1":"⟨adr⟩","pays":"FR"},
"rib":{"titulaire":"S LACOMBE ISNARD","iban":"⟨ib⟩","bic":"⟨bic⟩"},
"contrat":{"formule":"Confort+","dateEffet":"⟨de⟩"}},"meta":{"requestId":"⟨rid⟩","version":"⟨ver⟩"}}

Je n'ai fait qu'une seule requête de ce type.''',
                dob=L("date_of_birth", "12/03/1979"), nir=L("national_id", nirv),
                adr=L("postal_address", "7 allée des Charmilles, 33600 Pessac"),
                ib=L("iban", ib), bic=N("bic", "CMCIFR2A"), de=N("date", "01/01/2022"),
                rid=N("uuid", uuid4()), ver=N("version", "3.14.2"))


@case("json_api", "en")
def _():
    ss = ssn()
    return fill('''FHIR endpoint of the patient portal, no authorization check on the `patient` search parameter. Bundle returned for `GET /fhir/R4/Condition?patient=Patient/pt-77120&_include=Condition:subject`:

{
  "resourceType": "Bundle",
  "type": "searchset",
  "total": 2,
  "entry": [
    {"resource": {
      "resourceType": "Patient", "id": "pt-77120",
      "identifier": [{"system": "http://hl7.org/fhir/sid/us-ssn", "value": "⟨ssn⟩"},
                     {"system": "urn:oid:⟨oid⟩", "value": "MRN-00419933"}],
      "name": [{"family": "Vandersloot", "given": ["Theodora", "J."]}],
      "gender": "female", "birthDate": "⟨dob⟩",
      "telecom": [{"system": "phone", "value": "⟨ph⟩", "use": "mobile"}]
    }},
    {"resource": {
      "resourceType": "Condition", "id": "cond-3391",
      "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
      "code": {"coding": [{"system": "http://snomed.info/sct", "code": "⟨sct⟩", "display": "⟨disp⟩"}],
               "text": "⟨txt⟩"},
      "subject": {"reference": "Patient/pt-77120"},
      "onsetDateTime": "⟨on⟩"
    }}
  ]
}''', ssn=L("national_id", ss), oid=N("oid", "2.16.840.1.113883.3.7418.2"),
                dob=L("date_of_birth", "1962-08-30"), ph=L("phone_number", us_phone()),
                sct=L("health_data", "44054006", opt=True), disp=L("health_data", "Diabetes mellitus type 2"),
                txt=L("health_data", "Type 2 diabetes, insulin since 2019"), on=N("date", "2011-04-02"))


@case("json_api", "fr")
def _():
    return fill('''Extrait de la réponse publique de /api/catalogue/v1/produits?page=3 (aucune donnée sensible, fourni pour montrer le format) :

{
  "page": 3, "pageSize": 2, "total": 418,
  "items": [
    {"id": "⟨id1⟩", "sku": "TH-ENC-4410", "libelle": "Boîtier HSM rackable 1U",
     "prixHT": 18450.00, "devise": "EUR", "tva": 0.20,
     "firmware": {"version": "⟨v1⟩", "sha256": "⟨h1⟩"},
     "fabricant": {"raisonSociale": "Exemple Industries SAS", "siret": "⟨siret⟩",
                   "contact": "⟨sup⟩", "standard": "⟨std⟩"},
     "majLe": "⟨ts⟩"},
    {"id": "⟨id2⟩", "sku": "TH-ENC-4411", "libelle": "Licence supervision 3 ans",
     "prixHT": 2990.00, "devise": "EUR", "commande": "⟨cmd⟩",
     "politiqueMotDePasse": {"longueurMin": ⟨pml⟩, "expirationJours": 90}}
  ],
  "trace": "⟨tr⟩"
}''', id1=N("uuid", uuid4()), v1=N("version", "7.2.0-rc.3"), h1=N("sha256", sha256_hex()),
                siret=N("siret", siret()), sup=N("company_contact", "support-produits@exemple-industries.fr"),
                std=N("company_contact", "+33 1 40 12 80 00"), ts=N("timestamp", "2025-02-11T16:03:27+01:00"),
                id2=N("uuid", uuid4()), cmd=N("order_id", "CMD-2025-0048813"), pml=N("setting", "12"),
                tr=N("hex_id", hexs(32)))


@case("json_api", "en")
def _():
    return fill('''For context, this is what the commits endpoint returns (public repository, nothing secret):

[
  {
    "sha": "⟨s1⟩",
    "commit": {
      "author": {"name": "build-bot", "email": "⟨nr⟩", "date": "⟨d1⟩"},
      "message": "Bump lodash from 4.17.20 to 4.17.21\\n\\nSigned-off-by: build-bot",
      "tree": {"sha": "⟨s2⟩"},
      "verification": {"verified": true, "reason": "valid", "signature": "-----BEGIN PGP SIGNATURE-----\\n\\niQEzBAABCAAdFiEE...\\n-----END PGP SIGNATURE-----"}
    },
    "parents": [{"sha": "⟨s3⟩"}],
    "files": [{"filename": "package-lock.json", "integrity": "⟨int⟩"}]
  }
]

Signing key fingerprint shown in the UI: ⟨fp⟩''', s1=N("git_sha", git_sha()),
                nr=N("noreply_address", "49699333+build-bot@users.noreply.github.com"),
                d1=N("timestamp", "2024-09-03T12:00:41Z"), s2=N("git_sha", git_sha()),
                s3=N("git_sha", git_sha()), int=N("npm_integrity", npm_integrity()),
                fp=N("pgp_fingerprint", pgp_fpr(luhn_trap=True)))


@case("json_api", "fr")
def _():
    tok = jwt({"sub": "u_88412", "email": "r.ghazal@wanadoo.fr", "scope": "profile orders", "iat": 1733821911, "exp": 1733825511})
    return fill('''L'endpoint /api/session/refresh renvoie le jeton d'accès d'un autre utilisateur si on rejoue son identifiant d'appareil :

HTTP/1.1 200 OK
Content-Type: application/json

{"utilisateur":{"id":"u_88412","courriel":"⟨em⟩"},
 "access_token":"⟨jwt⟩",
 "refresh_token":"⟨rt⟩",
 "expires_in":3600,"token_type":"Bearer"}

(le refresh_token a été masqué par mes soins)''',
                em=L("email_address", "r.ghazal@wanadoo.fr"), jwt=L("jwt", tok), rt=N("placeholder", "[masqué]"))


@case("json_api", "en")
def _():
    sk = stripe("sk_live_", 99)
    return fill('''The unauthenticated /internal/config endpoint dumps the merged Spring properties. Most secrets are masked by the framework, but custom keys are not:

{
  "activeProfiles": ["prod"],
  "propertySources": [{
    "name": "applicationConfig: [classpath:/application-prod.yml]",
    "properties": {
      "spring.datasource.url": {"value": "jdbc:postgresql://⟨h⟩:5432/billing"},
      "spring.datasource.username": {"value": "billing_app"},
      "spring.datasource.password": {"value": "⟨m1⟩"},
      "payments.stripe.secret-key": {"value": "⟨sk⟩"},
      "payments.stripe.publishable-key": {"value": "⟨pk⟩"},
      "management.endpoints.web.exposure.include": {"value": "*"},
      "server.tomcat.max-threads": {"value": "200"}
    }
  }]
}''', h=L("internal_hostname", "pg-billing-01.prod.corp.internal"), m1=N("redacted", "******"),
                sk=L("stripe_key", sk), pk=N("publishable_key", stripe("pk_live_", 99)))


@case("json_api", "fr")
def _():
    c = card("visa")
    masked = c[:6] + "******" + c[-4:]
    return fill('''Pour information, voici la réponse de /api/paiements/{id} APRÈS le correctif côté éditeur : le numéro de carte et l'IBAN sont bien masqués.

{
  "paiement": {
    "id": "pay_⟨pid⟩",
    "montant": 149.90, "devise": "EUR",
    "carte": {"pan": "⟨m⟩", "marque": "CB", "expiration": "09/27", "token": "⟨tok⟩"},
    "prelevement": {"iban": "⟨ib⟩", "rum": "⟨rum⟩"},
    "statut": "captured",
    "creeLe": "⟨ts⟩"
  },
  "correlationId": "⟨cid⟩"
}''', pid=rs(ALNUM, 14), m=N("masked_card", masked), tok=N("payment_token", "tok_" + rs(ALNUM, 24)),
                ib=N("masked_iban", "FR76 **** **** **** **** ***4 189"), rum=N("mandate_ref", "RUM-" + digits(12)),
                ts=N("timestamp", "2025-01-30 14:22:05"), cid=N("uuid", uuid4()))


@case("json_api", "en")
def _():
    return fill('''GET /admin/api/users?limit=3 is reachable with a normal "viewer" role token. First page:

{"data":[
 {"id":1,"login":"hsvensson","name":"Hedda Svensson","email":"⟨e1⟩","mobile":"⟨p1⟩","pwd":"⟨h1⟩","role":"owner"},
 {"id":2,"login":"kaito.m","name":"Kaito Matsumura 🦊","email":"⟨e2⟩","mobile":null,"pwd":"⟨h2⟩","role":"editor"},
 {"id":3,"login":"pl","name":"Paulina Łukaszewicz","email":"⟨e3⟩","mobile":"⟨p3⟩","pwd":"⟨h3⟩","role":"viewer"}
],"next":"/admin/api/users?cursor=⟨cur⟩"}''',
                e1=L("email_address", "hedda.svensson@bluefjord-analytics.se"), p1=L("phone_number", "+46 70 318 42 77"),
                h1=L("password_hash", bcrypt_hash(10)), e2=L("email_address", "kaito.matsumura@gmail.com"),
                h2=L("password_hash", bcrypt_hash(10)), e3=L("email_address", "p.lukaszewicz@onet.pl"),
                p3=L("phone_number", "+48 601 224 913"), h3=L("password_hash", bcrypt_hash(10)),
                cur=N("cursor", b64u(rbytes(18))))


@case("json_api", "fr")
def _():
    return fill('''La requête GraphQL suivante, envoyée avec un compte « manager » d'une autre filiale, renvoie le dossier RH complet :

query { employe(matricule: "E-20931") { nom prenom poste salaireBrutAnnuel dernierEntretien { note commentaire } sanctions { date motif } } }

Réponse :
{"data":{"employe":{"nom":"Bertrand-Oyelaran","prenom":"Jocelyn","poste":"Technicien support N2",
"salaireBrutAnnuel":⟨sal⟩,
"dernierEntretien":{"note":"D","commentaire":"⟨com⟩"},
"sanctions":[{"date":"⟨d⟩","motif":"⟨mot⟩"}]}}}''',
                sal=L("employment_data", "38650"),
                com=L("employment_data", "Objectifs non atteints, plan d'amélioration sur 6 mois"),
                d=N("date", "2024-03-18"), mot=L("employment_data", "avertissement écrit pour retards répétés"))


@case("json_api", "en")
def _():
    n = b64u(rbytes(256))
    return fill('''The identity provider's discovery document and JWKS are public by design; I include them only because the scanner in our pipeline flagged the `n` value as a secret:

GET https://login.example-idp.com/.well-known/openid-configuration
{"issuer":"https://login.example-idp.com","jwks_uri":"https://login.example-idp.com/keys",
 "token_endpoint":"https://login.example-idp.com/oauth2/token","response_types_supported":["code"],
 "id_token_signing_alg_values_supported":["RS256"]}

GET https://login.example-idp.com/keys
{"keys":[{"kty":"RSA","use":"sig","kid":"⟨kid⟩","alg":"RS256","e":"AQAB",
  "n":"⟨n⟩",
  "x5t":"⟨x5t⟩"}]}''', kid=N("key_id", hexs(16)), n=N("public_key", n), x5t=N("thumbprint", b64u(rbytes(20))))


@case("json_api", "fr")
def _():
    return fill('''Télémétrie renvoyée par le boîtier (firmware 2.8.1) sur /api/v1/status, sans authentification — c'est la seule chose exposée, aucune donnée personnelle :

{
  "serial": "TGW-4411-009873",
  "mac": "⟨mac⟩",
  "firmware": {"version": "2.8.1", "build": "⟨b⟩", "md5": "⟨md5⟩"},
  "uptime_s": 1209433,
  "network": {"lan_ip": "⟨ip1⟩", "gateway": "⟨ip2⟩", "dns": ["⟨dns⟩"], "wan_ip": "⟨wan⟩"},
  "ntp": "pool.ntp.org",
  "last_update": "⟨ts⟩",
  "cvss_hint": "⟨cvss⟩"
}''', mac=N("mac_address", "00:1B:C5:" + ":".join(hexs(2).upper() for _ in range(3))), b=N("git_sha", git_sha()[:12]),
                md5=N("md5", md5_hex()), ip1=N("infrastructure_info", priv_ip()), ip2=N("infrastructure_info", "192.168.1.1"),
                dns=N("documentation_ip", "198.51.100.53"), wan=N("documentation_ip", "203.0.113.77"),
                ts=N("timestamp", "2025-03-02T04:00:00Z"), cvss=N("cvss_vector", "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"))


@case("json_api", "en")
def _():
    l1, l2 = mrz_td3("GBR", "ABERNATHY", ["FINNIAN", "ROSS"], "5380172" + "26", "GBR", "900214", "M", "320619")
    return fill('''The booking API (`/v3/bookings/{pnr}`) only checks that the PNR exists. Example with a PNR guessed on the 3rd try:

{
  "pnr": "⟨pnr⟩",
  "passengers": [{
    "title": "MR", "firstName": "Finnian", "lastName": "Abernathy",
    "dateOfBirth": "⟨dob⟩",
    "document": {"type": "P", "number": "⟨pp⟩", "expiry": "2032-06-19", "issuingCountry": "GBR"},
    "contact": {"email": "⟨em⟩", "phone": "⟨ph⟩"},
    "ticketNumber": "⟨tkt⟩"
  }],
  "segments": [{"flight": "BA 0318", "from": "LHR", "to": "CDG", "departure": "2025-04-22T07:15", "seat": "⟨seat⟩", "fareClass": "Y"}],
  "apis": {"mrz": ["⟨m1⟩", "⟨m2⟩"]}
}''', pnr=L("travel_record", pnr()), dob=L("date_of_birth", "1990-02-14"), pp=L("identity_document", "538017226"),
                em=L("email_address", "finn.abernathy@btinternet.com"), ph=L("phone_number", uk_mobile()),
                tkt=L("travel_record", "125" + digits(10)), seat=L("travel_record", "14C", opt=True),
                m1=L("identity_document", l1), m2=L("identity_document", l2))


# --------------------------------------------------------------------------- csv_export
@case("csv_export", "fr")
def _():
    return f"""Fichier clients_export_2025-02.csv récupéré sans authentification sur /exports/ (j'ai arrêté le téléchargement après les premières lignes) :

id;civilite;nom;prenom;email;telephone;date_naissance;adresse;fidelite
{N('order_id', '100482')};Mme;Perrichon;Anaïs;{L('email_address', 'anais.perrichon@free.fr')};{L('phone_number', fr_mobile())};{L('date_of_birth', '23/07/1991')};"{L('postal_address', '18 rue du Pont-Guillemet, 21000 Dijon')}";gold
{N('order_id', '100483')};M.;Diallo-Ferrat;Ousmane;{L('email_address', 'o.diallo.ferrat@laposte.net')};{L('phone_number', fr_mobile())};{L('date_of_birth', '02/12/1968')};"{L('postal_address', '''Résidence Les Tilleuls, bât. C
4 impasse Vauban, 59800 Lille''')}";silver
{N('order_id', '100484')};Mme;Kergoat;Lénaïg;{L('email_address', 'lenaig.kergoat@orange.fr')};;{L('date_of_birth', '1955-04-09')};"{L('postal_address', '3 chemin de Pen ar Hoat, 29200 Brest')}";
"""


@case("csv_export", "en")
def _():
    return f"""hr_q3_review.tsv (attached to the public Confluence page, see finding #2). First rows, tab-separated:

emp_id\tfull_name\tdept\tbase_salary_gbp\tbonus_pct\trating\thr_note
E0193\tGraham Pettigrew-Ode\tLogistics\t{L('employment_data', '41,500')}\t{L('employment_data', '4', opt=True)}\t{L('employment_data', 'Below expectations')}\t{L('employment_data', 'Final written warning issued 02/08 (attendance)')}
E0221\tNkechi Adebayo-Hart\tFinance\t{L('employment_data', '67,250')}\t{L('employment_data', '10', opt=True)}\t{L('employment_data', 'Exceeds')}\t
E0307\tRuairí Ó Dálaigh\tIT Ops\t{L('employment_data', '52,000')}\t{L('employment_data', '6', opt=True)}\t{L('employment_data', 'Meets')}\tRelocation package approved
"""


@case("csv_export", "fr")
def _():
    return f"""Export CSV de notre scanner (périmètre autorisé uniquement), joint pour la traçabilité :

host,port,proto,service,cve,cvss_vector,score,premiere_detection,statut
{N('infrastructure_info', priv_ip())},443,tcp,https,{N('cve_id', 'CVE-2024-3400')},{N('cvss_vector', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H')},10.0,{N('date', '2025-01-14')},ouvert
{N('infrastructure_info', priv_ip())},22,tcp,ssh,{N('cve_id', 'CVE-2023-48795')},{N('cvss_vector', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N')},5.9,{N('date', '2025-01-14')},ouvert
{N('public_ip', '51.158.24.113')},8443,tcp,https-alt,{N('cve_id', 'CVE-2022-22965')},{N('cvss_vector', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')},9.8,{N('date', '2025-01-15')},corrigé
{N('infrastructure_info', 'srv-gmao-02.intra.exemple-usine.fr')},1521,tcp,oracle-tns,-,-,0.0,{N('date', '2025-01-16')},info

Outil : scanner v{N('version', '10.7.3')}, politique « externe-complète », empreinte du rapport {N('sha256', sha256_hex())}.
"""


@case("csv_export", "en")
def _():
    a = card("amex")
    m = card("mc")
    v = card("visa")
    return f"""settlement_20250211.csv was readable through the path traversal (../../var/exports/). Header and three rows only:

txn_id,created_utc,merchant_ref,cardholder,pan,exp,amount,currency,payout_iban
{N('order_id', 'tx_' + digits(12))},{N('timestamp', '2025-02-11 09:14:02')},{N('order_id', 'MR-88120')},DELACROIX-WU MAEVA,{L('payment_card', v)},04/28,{N('amount', '212.40')},EUR,{L('iban', iban('BE'))}
{N('order_id', 'tx_' + digits(12))},{N('timestamp', '2025-02-11 09:14:37')},{N('order_id', 'MR-88121')},J OYELOWO,{L('payment_card', amex_fmt(a))},11/26,{N('amount', '1045.00')},GBP,{L('iban', iban('GB'))}
{N('order_id', 'tx_' + digits(12))},{N('timestamp', '2025-02-11 09:15:10')},{N('order_id', 'MR-88122')},TEST CARD,{DOC('payment_card', '4111111111111111')},12/30,{N('amount', '1.00')},EUR,
{N('order_id', 'tx_' + digits(12))},{N('timestamp', '2025-02-11 09:16:55')},{N('order_id', 'MR-88123')},HALVORSEN K,{L('payment_card', group4(m, '-'))},07/27,{N('amount', '88.15')},NOK,{L('iban', iban('NL'))}
"""


@case("csv_export", "fr")
def _():
    n1 = nir(1, 58, 11, "13")
    n2 = nir(2, 84, 6, "69")
    return f"""Extrait du fichier « sortie_hdj_janvier.csv » (hôpital de jour) accessible via le partage SMB anonyme \\\\{L('internal_hostname', 'FS-SOINS-03')}\\exports$ :

"ipp","nom_usage","prenom","nir","date_naissance","service","diagnostic","traitement_sortie"
"{N('record_id', '800412233')}","ROUSSEL-BENALI","Gérard","{L('national_id', n1)}","{L('date_of_birth', '1958-11-27')}","Cardiologie","{L('health_data', 'Insuffisance cardiaque NYHA III')}","{L('health_data', 'Bisoprolol 5 mg, furosémide 40 mg')}"
"{N('record_id', '800412250')}","TRAN","Mai-Linh","{L('national_id', n2)}","{L('date_of_birth', '1984-06-03')}","Oncologie","{L('health_data', 'Carcinome canalaire infiltrant sein G, cure 3/6')}","{L('health_data', 'FEC 100')}"
"""


@case("csv_export", "en")
def _():
    rows = []
    for pkg, ver, lic in [("openssl", "3.0.13", "Apache-2.0"), ("zlib", "1.3.1", "Zlib"), ("libxml2", "2.11.7", "MIT"),
                          ("busybox", "1.36.1", "GPL-2.0-only"), ("dropbear", "2022.83", "MIT")]:
        rows.append(f"{pkg},{N('version', ver)},{lic},pkg:generic/{pkg}@{ver},{N('sha256', sha256_hex())}")
    body = "\n".join(rows)
    return f"""SBOM excerpt of firmware 4.2.0 (CycloneDX converted to CSV). Nothing sensitive; it shows the vulnerable libxml2 version:

name,version,license,purl,sha256
{body}

Generated {N('timestamp', '2025-02-27T10:05:44Z')} by syft {N('version', '1.4.1')}; source image digest {N('sha256', 'sha256:' + sha256_hex())}.
"""


@case("csv_export", "fr")
def _():
    l1, l2 = mrz_td3("FRA", "MOREAU-DIAS", ["INES", "CAMILLE"], "19AK34827", "FRA", "020917", "F", "290504")
    return f"""Le back-office de l'agence expose /groupes/export?voyage=GR-1187 ; le CSV contient les pièces d'identité des participants d'un voyage scolaire :

nom,prenom,date_naiss,num_passeport,expiration,pnr,vol_aller,siege,mrz_l1,mrz_l2
MOREAU-DIAS,Inès,{L('date_of_birth', '17/09/2002')},{L('identity_document', '19AK34827')},04/05/2029,{L('travel_record', pnr())},AF1380,{L('travel_record', '23A', opt=True)},{L('identity_document', l1)},{L('identity_document', l2)}
OBERTI,Lucas,{L('date_of_birth', '30/01/2003')},{L('identity_document', '21CF' + digits(5))},11/03/2031,{L('travel_record', pnr())},AF1380,{L('travel_record', '23B', opt=True)},,
"""


@case("csv_export", "en")
def _():
    return f"""analytics_users_sample.csv — the data team's pseudonymised extract (safe to share, the e-mail column is blanked and ids are hashed):

user_hash,country,signup_date,plan,email,last_seen,sessions_30d
{N('sha256', sha256_hex())},DE,{N('date', '2021-05-17')},pro,{N('redacted', '[redacted]')},{N('date', '2025-02-20')},41
{N('sha256', sha256_hex())},FR,{N('date', '2023-11-02')},free,{N('redacted', '[redacted]')},{N('date', '2025-02-26')},3
{N('sha256', sha256_hex())},US,{N('date', '2019-01-09')},team,{N('redacted', '[redacted]')},{N('date', '2025-01-31')},17

Row count 184 220; export job {N('uuid', uuid4())}; password policy exported with it: min_length={N('setting', '14')}, max_age_days=0.
"""


@case("csv_export", "fr")
def _():
    t1 = fr_tax_id()
    t2 = fr_tax_id()
    return f"""Le fichier « simulation_ir_2024.csv » est servi par l'application de simulation d'impôt à n'importe quel utilisateur connecté :

numero_fiscal;nom;revenu_fiscal_reference;nb_parts;impot_net;reference_avis
{L('tax_record', t1)};GUILLOUX Hervé;{L('tax_record', '52 318')};2,5;{L('tax_record', '3 412')};{L('tax_record', '24 75 A' + digits(7) + ' ' + digits(2), opt=True)}
{L('tax_record', fr_tax_fmt(t2))};NAVARRO-PUJOL Estelle;{L('tax_record', '29 940')};1;{L('tax_record', '1 876')};
"""


@case("csv_export", "en")
def _():
    return f"""The bucket s3://acme-ops-backups (public ListBucket) contains iam_rotation_2024.csv. I opened it once to confirm the impact:

user,access_key_id,secret_access_key,created,last_used
ci-deployer,{L('aws_access_key_id', aws_key_id())},{L('aws_secret_key', aws_secret())},{N('date', '2024-03-01')},{N('date', '2025-02-12')}
grafana-reader,{L('aws_access_key_id', aws_key_id())},{L('aws_secret_key', aws_secret())},{N('date', '2024-03-01')},N/A
docs-sample,{DOC('aws_access_key_id', 'AKIAIOSFODNN7EXAMPLE')},{DOC('aws_secret_key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')},{N('date', '2019-07-12')},never
"""


@case("csv_export", "fr")
def _():
    return f"""Annuaire fournisseurs exporté depuis le portail achats (données d'entreprises, publiques pour l'essentiel) :

raison_sociale;siret;tva_intracom;adresse_siege;standard;contact_generique;code_naf
Métallerie du Rhône SARL;{N('siret', siret())};{N('vat_number', 'FR' + digits(11))};{N('company_address', 'ZI des Platières, 69390 Vourles')};{N('company_contact', '04 78 05 ' + digits(2) + ' ' + digits(2))};{N('company_contact', 'contact@metallerie-du-rhone.fr')};25.11Z
Soft'Armor SAS;{N('siret', siret())};{N('vat_number', 'FR' + digits(11))};{N('company_address', '92 avenue de France, 75013 Paris')};{N('company_contact', '01 84 60 ' + digits(2) + ' ' + digits(2))};{N('company_contact', 'commercial@softarmor.example')};62.01Z
Imprimerie Gaudin & Fils;{N('siret', siret())};{N('vat_number', 'FR' + digits(11))};{N('company_address', '5 quai Duguay-Trouin, 35000 Rennes')};{N('company_contact', '02 99 31 ' + digits(2) + ' ' + digits(2))};{N('company_contact', 'devis@imprimerie-gaudin.fr')};18.12Z
"""


@case("csv_export", "en")
def _():
    return f"""newsletter_subscribers.csv (unauthenticated /wp-content/uploads/2025/01/). I'm showing 4 lines; the file has ~9,000.

"email","first_name","phone","consent_ts","source"
"{L('email_address', 'tobias.wexford@yahoo.co.uk')}","Tobias","{L('phone_number', uk_mobile())}","{N('timestamp', '2024-12-02 18:40')}","popup"
"{L('email_address', 'priya.raghunathan84@hotmail.com')}","Priya","","{N('timestamp', '2024-12-03 07:02')}","checkout"
"{DOC('email_address', 'jane.doe@example.com')}","Jane","{DOC('phone_number', '555-0142')}","{N('timestamp', '2024-11-30 00:00')}","qa-seed"
"{L('email_address', 'mbeki.lungile@webmail.co.za')}","Lungile","{L('phone_number', '+27 82 419 6630')}","{N('timestamp', '2024-12-05 21:13')}","popup"
"""


@case("csv_export", "fr")
def _():
    return f"""journal_acces_vpn.csv (fourni par l'équipe du client pour corréler mes tests, déjà pseudonymisé) :

horodatage,compte,ip_source,passerelle,resultat,octets
{N('timestamp', '2025-02-18T08:59:12+01:00')},u-{N('hex_id', hexs(8))},{N('documentation_ip', '192.0.2.44')},{N('infrastructure_info', 'vpn-gw2.siege.exemple.lan')},OK,{N('amount', '1 204 332')}
{N('timestamp', '2025-02-18T09:01:47+01:00')},u-{N('hex_id', hexs(8))},{N('documentation_ip', '198.51.100.201')},{N('infrastructure_info', 'vpn-gw2.siege.exemple.lan')},ECHEC_MFA,0
{N('timestamp', '2025-02-18T09:02:03+01:00')},u-{N('hex_id', hexs(8))},{N('documentation_ip', '203.0.113.9')},{N('infrastructure_info', priv_ip())},OK,{N('amount', '88 410')}

Mots de passe : aucun (colonne supprimée, valeurs « {N('placeholder', '********')} » dans l'original).
"""


# --------------------------------------------------------------------------- ocr_document
@case("ocr_document", "fr")
def _():
    num = "X7" + rs("ABCDEFGHJKLMNPRSTUVWXYZ0123456789", 7)
    l1, l2, l3 = mrz_td1("ID", "FRA", num, "960521", "F", "330214", "FRA", "BOUCHAREB", ["YASMINE", "LOU"])
    return f"""Pièce jointe trouvée dans le bucket (scan recto-verso d'une CNI, sortie OCR brute, je n'ai pas gardé l'image) :

REPUBLIQUE FRANCAISE  CARTE NATIONALE D'IDENTITE / IDENTITY CARD
Nom / Surname
BOUCHAREB
Prénoms / Given names
Yasmine, Lou
Sexe  Nationalité   Date de naiss. / Date of birth
F     FRA           {L('date_of_birth', '21 05 1996')}
Lieu de naissance / Place of birth
MONTREUIL (93)
N° du document / Document No   {L('identity_document', num)}
Date d'expiration  14 02 2033
- - - - - - verso - - - - - -
Adresse : {L('postal_address', '41 rue Édouard-Vaillant 93100 MONTREUIL')}
{L('identity_document', l1)}
{L('identity_document', l2)}
{L('identity_document', l3)}
"""


@case("ocr_document", "en")
def _():
    l1, l2 = mrz_td3("GBR", "WINTERBOTTOM", ["ELSPETH", "MARY"], "128804517", "GBR", "750830", "F", "280112")
    return f"""OCR of the image uploaded as "passport.jpg" in ticket 5512 (the helpdesk stores KYC uploads world-readable):

UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND
PASSPORT   Type/Type P   Code/Code GBR   Passport No./No. du passeport {L('identity_document', '128804517')}
Surname/Nom (1) WINTERBOTTOM
Given names/Prénoms (2) ELSPETH MARY
Nationality/Nationalité (3) BRITISH CITIZEN
Date of birth/Date de naissance (4) {L('date_of_birth', '30 AUG /AOUT 75')}
Sex/Sexe (5) F   Place of birth/Lieu de naissance (6) SHEFFIELD
Date of issue/Date de délivrance (7) {N('date', '12 JAN /JAN 18')}   Authority/Autorité (8) HMPO
Date of expiry/Date d'expiration (9) 12 JAN /JAN 28

{L('identity_document', l1)}
{L('identity_document', l2)}
"""


@case("ocr_document", "fr")
def _():
    n = nir(1, 88, 10, "44")
    return f"""Le fichier « BS_2025_01_0427.pdf » (bulletin de salaire) est accessible sans session ; texte extrait par OCR :

BULLETIN DE PAIE — Période du 01/01/2025 au 31/01/2025
Employeur : LOGISTIQUE ATLANTIQUE SAS   SIRET {N('siret', siret())}   APE 5210B
Salarié : M. Killian LE FLOC'H
{L('postal_address', '''12 bis rue de la Ville-en-Bois
44100 NANTES''')}
N° SS : {L('national_id', n)}    Matricule : 0427    Emploi : Cariste   Coeff. 150
Entrée le : {N('date', '03/09/2019')}
Salaire de base 151,67 h ........ {L('employment_data', '2 148,30')}
Heures supp. 25 % ............... 162,44
SALAIRE BRUT .................... {L('employment_data', '2 310,74')}
NET A PAYER AVANT IMPOT ......... {L('employment_data', '1 806,12')}
Virement sur {L('iban', iban_fmt(iban('FR')))}
Absence maladie du 13/01 au 17/01 : {L('health_data', '5 j (IJSS subrogées)', opt=True)}
"""


@case("ocr_document", "fr")
def _():
    n = nir(2, 71, 2, "75")
    return f"""OCR du Cerfa retrouvé dans /uploads/rh/ (avis d'arrêt de travail, volet 3 employeur... mais le volet 1 médical est aussi là) :

AVIS D'ARRÊT DE TRAVAIL                                   cerfa N° 10170*07
Assuré(e) : Nom  FONTANEL   Prénom  Béatrice
N° d'immatriculation {L('national_id', n)}
Adresse {L('postal_address', '6 villa Saint-Mandé 75012 PARIS')}
Éléments d'ordre médical : {L('health_data', 'épisode dépressif majeur, anxiété réactionnelle')}
Arrêt de travail initial  du {L('health_data', '10/02/2025 au 09/03/2025')}
Sorties autorisées : OUI sans restriction d'horaire
Médecin : Dr H. Saïdi  RPPS {N('rpps', '10' + digits(9))}
"""


@case("ocr_document", "fr")
def _():
    t = fr_tax_id()
    return f"""Avis d'imposition trouvé dans les pièces justificatives d'un dossier de location (application de gestion locative, IDOR sur /dossiers/ID/pieces) — OCR :

DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES
AVIS D'IMPÔT 2024 SUR LES REVENUS DE L'ANNÉE 2023
Vos références
Numéro fiscal : {L('tax_record', fr_tax_fmt(t))}
Référence de l'avis : {L('tax_record', '24 ' + digits(2) + ' ' + rs(UPPER + DIG, 7) + ' ' + digits(2))}
M. ET MME ARNAUD & SYLVIE CASTAGNÈDE
{L('postal_address', '''LIEU-DIT LA GRANGE NEUVE
24250 DOMME''')}
Revenu fiscal de référence  {L('tax_record', '61 427 €')}
Nombre de parts  3
Montant de votre impôt  {L('tax_record', '2 915 €')}
Service des impôts des particuliers de SARLAT — {N('company_contact', '0 809 401 401')}
"""


@case("ocr_document", "en")
def _():
    p = pnr()
    bcbp = f"M1OKAFOR/CHIAMAKA      E{p} LOSLHRBA 0074 058Y032K0191 100"
    return f"""Boarding pass image leaked through the airline chatbot's transcript export (OCR, barcode decoded separately):

BOARDING PASS          BRITISH AIRWAYS
Name: OKAFOR/CHIAMAKA MS
From LAGOS (LOS)  To  LONDON HEATHROW (LHR)
Flight {L('travel_record', 'BA0074')}   Date 27FEB   Boarding 22:05   Gate E7
Seat {L('travel_record', '32K')}   Seq 191   Class Y
Booking ref {L('travel_record', p)}
E-ticket {L('travel_record', '125 ' + digits(10))}
Barcode: {L('travel_record', bcbp)}
"""


@case("ocr_document", "fr")
def _():
    return f"""Photo d'étiquette de colis publiée par le transporteur dans l'URL de suivi (paramètre `img=`), OCR :

COLISSIMO EXPERT     {N('tracking_no', '6A' + digits(11))}
EXPÉDITEUR : BOUTIQUE NATURE & CIE — {N('company_address', 'ZA Les Ormeaux, 49300 Cholet')}
DESTINATAIRE :
Mme Clémence VIGUIER-ABADIE
{L('postal_address', '''Appt 22, esc. B
15 avenue Jean-Jaurès
31500 TOULOUSE''')}
Tél. {L('phone_number', fr_mobile())}
Poids 1,2 kg    Date {N('date', '24/02/2025')}
"""


@case("ocr_document", "en")
def _():
    return f"""OCR of the scanned certificate of conformity shipped with the unit (to show the firmware version that was certified):

DECLARATION OF CONFORMITY
Manufacturer: Northwind Controls Ltd, {N('company_address', 'Unit 4, Harbour Park, Southampton SO14 3XB')}
Switchboard {N('company_contact', '+44 23 8000 4100')} · compliance@northwind-controls.example
Product: NWC-PLC-88 programmable controller   Part No. 88-0041-C
Serial range: {N('serial', 'NW88C2300001')} – {N('serial', 'NW88C2309999')}
Firmware: {N('version', '5.1.7')} (build {N('git_sha', git_sha()[:10])})
Standards: EN IEC 62443-4-2:2019, EN 61131-2:2017
Place and date of issue: Southampton, {N('date', '14 March 2024')}
Signed: Q. Hollis, Head of Quality (on behalf of the manufacturer)
Document ref {N('order_id', 'DoC-88-2024-031')}  ISBN of the referenced handbook {N('isbn', isbn13())}
"""


@case("ocr_document", "fr")
def _():
    return f"""Facture fournisseur scannée jointe au ticket (c'est celle qui a révélé le numéro de série, rien de personnel) :

FACTURE N° {N('order_id', 'FA-2025-00' + digits(4))}      Date : {N('date', '05/02/2025')}
ELEC'INDUS SAS — {N('company_address', '14 rue de l’Industrie, 67400 Illkirch-Graffenstaden')}
SIRET {N('siret', siret())}  —  TVA FR{N('vat_number', digits(11))}
Client : Régie des Eaux du Val — Service technique
Désignation                                Qté   PU HT      Total HT
Automate TSX-P57 (n/s {N('serial', '21' + digits(8))})      2   {N('amount', '3 412,00')}   {N('amount', '6 824,00')}
Module Ethernet firmware {N('version', 'v3.20')}              2     {N('amount', '845,50')}   {N('amount', '1 691,00')}
TOTAL TTC {N('amount', '10 218,00 €')}
Règlement à 30 jours par virement — coordonnées bancaires : {N('placeholder', 'voir RIB joint')}
"""


@case("ocr_document", "en")
def _():
    return f"""Scanned acknowledgement letter I received by post (OCR), attached so you can link this submission to the earlier case:

THALES — Product Security Incident Response Team
Contact: {N('psirt_address', 'psirt@thalesgroup.com')} — PGP {N('pgp_fingerprint', 'FC3C 4520 576E C756 AE73 0030 5369 49C4 8448 AE39')}
Our reference: {N('order_id', 'PSIRT-2024-' + digits(4))}     Date: {N('date', '9 December 2024')}
Dear researcher,
we confirm receipt of your report concerning CVE candidate {N('cve_id', 'CVE-2024-' + digits(5))}. Our analysis is ongoing; the
proposed disclosure date of {N('date', '15 April 2025')} is under review. CVSS as assessed: {N('cvss_vector', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:L/A:N')}.
For CNA matters please write to {N('psirt_address', 'cna-coordinator@thalesgroup.com')}.
"""


@case("ocr_document", "fr")
def _():
    c = card("visa")
    return f"""Ticket de caisse du terminal de paiement testé (OCR), pour montrer que le numéro de carte est bien tronqué à l'impression :

CARTE BANCAIRE           SANS CONTACT
A{N('aid', '0000000042' + '1010')}
LE {N('date', '21/02/25')} A 12:47:03
MAGASIN BRICO-SUD   SIRET {N('siret', siret())}
{N('masked_card', 'XXXX XXXX XXXX ' + c[-4:])}
{N('hex_id', hexs(16).upper())}
No AUTO : {N('auth_code', digits(6))}
MONTANT = {N('amount', '64,90 EUR')}
DEBIT
TICKET CLIENT — A CONSERVER
"""


@case("ocr_document", "en")
def _():
    n = nie()
    num = "E" + digits(8)
    return f"""The "documents" endpoint returned a Spanish residence card (TIE) that belongs to another customer. OCR of the front side:

ESPAÑA  TARJETA DE IDENTIDAD DE EXTRANJERO  RESIDENCIA TEMPORAL Y TRABAJO
APELLIDOS  PETROVSKA
NOMBRE     ANASTASIJA
N.I.E.     {L('national_id', n)}
NACIONALIDAD  MKD      SEXO  M
F. NACIMIENTO {L('date_of_birth', '11 03 1993')}
VÁLIDO HASTA  {N('date', '02 10 2026')}
NÚM. SOPORTE  {L('identity_document', num)}
DOMICILIO {L('postal_address', 'C/ Sant Pere Més Baix 57, 3º 2ª, 08003 Barcelona')}
"""


@case("ocr_document", "fr")
def _():
    return f"""Attestation de formation trouvée dans le même dossier (document public de l'organisme, aucune donnée sensible) :

ATTESTATION DE FIN DE FORMATION
L'organisme CyberCampus Formation, déclaration d'activité n° {N('order_id', '11 75 ' + digits(5) + ' 75')},
SIRET {N('siret', siret())}, atteste que la session « Sécurité des systèmes industriels » (réf. {N('order_id', 'SSI-24-07')})
s'est tenue du {N('date', '14/10/2024')} au {N('date', '18/10/2024')} (35 heures) à Paris.
Certificat n° {N('serial', 'CC-' + digits(6))} — vérifiable sur https://verif.cybercampus.example/{N('uuid', uuid4())}
Standard : {N('company_contact', '01 53 00 ' + digits(2) + ' ' + digits(2))} · {N('company_contact', 'contact@cybercampus.example')}
Fait à Paris, le {N('date', '21 octobre 2024')}
"""


@case("ocr_document", "en")
def _():
    cf = codice_fiscale("Bellandi", "Giorgia", 89, 7, 14, True, "H501")
    return f"""Another upload in the same bucket: an Italian health insurance card (Tessera Sanitaria). OCR, back side omitted:

TESSERA SANITARIA            MINISTERO DELL'ECONOMIA E DELLE FINANZE
Codice fiscale  {L('national_id', cf)}
Cognome  BELLANDI
Nome     GIORGIA
Luogo di nascita  ROMA   Provincia RM
Data di nascita  {L('date_of_birth', '14/07/1989')}     Sesso F
Data di scadenza {N('date', '22/05/2029')}
Numero identificazione tessera {L('identity_document', '80380' + digits(15), opt=True)}
"""


# --------------------------------------------------------------------------- command_line
@case("command_line", "en")
def _():
    pw = "Kestrel#2291"
    return f"""Step 3 — with the credentials recovered from the backup archive, the reporting replica is reachable from the guest VLAN:

$ mysql -h {L('internal_hostname', 'db-rpt-03.corp.local')} -u reporting -p'{L('password_assignment', pw)}' -e "SELECT COUNT(*) FROM crm.contacts;"
mysql: [Warning] Using a password on the command line interface can be insecure.
+----------+
| COUNT(*) |
+----------+
|   412907 |
+----------+
"""


@case("command_line", "fr")
def _():
    ip = priv_ip()
    return f"""Étape 4 : le mot de passe par défaut de l'appliance n'a pas été changé, connexion directe depuis le poste d'audit :

┌──(audit㉿kali)-[~/mission]
└─$ sshpass -p '{L('password_assignment', 'Falaise_77!')}' ssh -o StrictHostKeyChecking=no admin@{L('private_ip', ip)}
Warning: Permanently added '{L('private_ip', ip)}' (ED25519) to the list of known hosts.
Welcome to GW-OS 4.2.0 (build {N('git_sha', git_sha()[:8])})
admin@gw-atelier:~$ id
uid=0(root) gid=0(root) groups=0(root)
"""


@case("command_line", "en")
def _():
    tok = "11" + hexs(32)
    return f"""Jenkins accepts the API token of the service account that is printed in the job log (build #1184):

curl -s -u svc_jenkins:{L('password_assignment', tok)} \\
     "https://ci.example-corp.com/job/release/api/json?tree=builds[number,result]" | jq .

{{"_class":"hudson.model.FreeStyleProject","builds":[{{"number":1186,"result":"SUCCESS"}},{{"number":1185,"result":"FAILURE"}}]}}
"""


@case("command_line", "fr")
def _():
    return f"""Pour reproduire, exportez vos propres valeurs ; je ne mets aucun secret dans le rapport :

export TOKEN={N('placeholder', '<votre-jeton>')}
curl -H "Authorization: Bearer {N('placeholder', '$TOKEN')}" https://api.exemple-editeur.fr/v2/comptes/{N('placeholder', '{id}')}/factures
psql "postgresql://app:{N('placeholder', '${DB_PASSWORD}')}@localhost:5432/app" -c 'select 1'
docker login registry.exemple-editeur.fr -u ci --password-stdin < /run/secrets/registry_pw
python3 poc.py --cible https://recette.exemple-editeur.fr --mdp {N('placeholder', 'your-password-here')} --cvss "{N('cvss_vector', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N')}"

Testé avec curl {N('version', '8.5.0')} et PostgreSQL {N('version', '16.2')}.
"""


@case("command_line", "en")
def _():
    kid = aws_key_id()
    sec = aws_secret()
    return f"""The onboarding script in the public repo tells new hires to run this verbatim (I did NOT use the keys beyond `sts get-caller-identity`):

aws configure set aws_access_key_id {L('aws_access_key_id', kid)}
aws configure set aws_secret_access_key {L('aws_secret_key', sec)}
aws configure set region eu-west-3
aws sts get-caller-identity
{{
    "UserId": "AIDA{rs('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 17)}",
    "Account": "{N('account_id', digits(12))}",
    "Arn": "arn:aws:iam::{N('account_id', digits(12))}:user/onboarding-shared"
}}
"""


@case("command_line", "fr")
def _():
    t = gitlab_pat()
    return f"""Le README interne (exposé via la page wiki publique) donne la commande de clonage avec un jeton personnel intégré :

git clone https://oauth2:{L('gitlab_token', t, 'url_credentials')}@{L('internal_hostname', 'gitlab.dev.interne-exemple.fr')}/plateforme/facturation.git
Clonage dans 'facturation'...
remote: Enumerating objects: 18823, done.
Receiving objects: 100% (18823/18823), 41.07 MiB | 9.88 MiB/s, done.
"""


@case("command_line", "en")
def _():
    fp = pgp_fpr(luhn_trap=True)
    return f"""Verification of the vendor's signed firmware (everything below is public material):

$ gpg --show-keys --fingerprint release-signing.asc
pub   rsa4096 2021-06-01 [SC] [expires: 2027-06-01]
      {N('pgp_fingerprint', fp)}
uid                      Example Corp Release Signing <{N('company_contact', 'release@example-corp.com')}>
$ sha256sum fw-4.2.1.bin
{N('sha256', sha256_hex())}  fw-4.2.1.bin
$ md5sum fw-4.2.1.bin
{N('md5', md5_hex())}  fw-4.2.1.bin
$ ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub
256 {N('ssh_fingerprint', ssh_fpr())} root@buildhost (ED25519)
$ openssl x509 -in vendor.crt -noout -serial
serial={N('serial', hexs(32).upper())}
"""


@case("command_line", "fr")
def _():
    pw = password(1)
    return f"""La commande de supervision visible dans `ps auxww` sur le serveur mutualisé contient la chaîne de connexion complète :

nagios   24518  0.0  0.1  check_pgsql "host={L('internal_hostname', 'pg-compta.prod.lan')} port=5432 dbname=compta user=supervision password={L('password_assignment', pw)} sslmode=require"

(ps est lisible par tous les comptes du serveur, y compris le compte FTP client.)
"""


@case("command_line", "en")
def _():
    sg = sendgrid()
    pw = password(0)
    return f"""The container is started like this in the published CI pipeline (`.gitlab-ci.yml`, job `deploy-staging`, visible to any project guest):

docker run -d --name notifier \\
  -e POSTGRES_PASSWORD={L('password_assignment', pw)} \\
  -e SENDGRID_API_KEY={L('sendgrid_key', sg)} \\
  -e LOG_LEVEL=debug \\
  -e FEATURE_FLAGS="beta,dark-mode" \\
  registry.example-corp.com/notifier@sha256:{N('sha256', sha256_hex())}
"""


@case("command_line", "fr")
def _():
    return f"""Reconnaissance (périmètre autorisé : {N('documentation_ip', '203.0.113.0/24')}) :

$ nmap -sV -p 22,80,443,8443 {N('documentation_ip', '203.0.113.18')}
Starting Nmap {N('version', '7.94SVN')} ( https://nmap.org ) at {N('timestamp', '2025-02-19 10:41 CET')}
PORT     STATE SERVICE  VERSION
22/tcp   open  ssh      OpenSSH {N('version', '8.9p1')} Ubuntu 3ubuntu0.10
443/tcp  open  ssl/http nginx {N('version', '1.24.0')}
8443/tcp open  ssl/http Apache Tomcat {N('version', '9.0.83')}
$ hydra -L users.txt -P {N('placeholder', '/usr/share/wordlists/rockyou.txt')} -t 4 {N('documentation_ip', '203.0.113.18')} ssh
[DATA] attacking ssh://{N('documentation_ip', '203.0.113.18')}:22/
0 of 1 target completed, 0 valid password found
"""


@case("command_line", "en")
def _():
    return f"""From a domain-joined kiosk (guest account) the logon script is readable and contains:

net use Z: \\\\{L('internal_hostname', 'FS01.corp.harlowfoods.local')}\\finance /user:HARLOW\\j.harlow {L('password_assignment', 'Summer2024!')} /persistent:no
cmdkey /generic:TERMSRV/{L('internal_hostname', 'rds-gw01')} /user:HARLOW\\svc_rds /pass:{L('password_assignment', 'Rds-Gw01#Svc')}
"""


@case("command_line", "fr")
def _():
    pw = password(0)
    return f"""Le compte de liaison LDAP est dans le script de synchro ; la requête suivante (limitée à une entrée) montre qu'il lit tout l'annuaire :

$ ldapsearch -x -H ldaps://{L('internal_hostname', 'ldap1.groupe-exemple.local')} -D "cn=sync,ou=services,dc=groupe-exemple,dc=local" -w '{L('password_assignment', pw)}' -b "ou=people,dc=groupe-exemple,dc=local" -z 1 "(uid=aferrand)"
dn: uid=aferrand,ou=people,dc=groupe-exemple,dc=local
cn: Aurélie Ferrand
mail: {L('email_address', 'aurelie.ferrand@groupe-exemple.fr')}
mobile: {L('phone_number', fr_mobile(intl=True))}
homePostalAddress: {L('postal_address', '9 rue des Glycines$13090 Aix-en-Provence')}
employeeNumber: {N('record_id', '004' + digits(5))}
"""


@case("command_line", "en")
def _():
    return f"""Tooling state on my test machine, for reproducibility (tokens are masked by the tools themselves):

$ gh auth status
github.com
  ✓ Logged in to github.com account researcher-x (keyring)
  - Token: {N('masked_token', 'gho_' + '*' * 36)}
$ npm config get //registry.npmjs.org/:_authToken
{N('masked_token', '(protected)')}
$ vault kv get -field=password secret/lab/testuser
{N('placeholder', 'REDACTED')}
$ git log -1 --format=%H
{N('git_sha', git_sha())}
$ node --version
{N('version', 'v20.11.1')}
"""


# --------------------------------------------------------------------------- server_log
@case("server_log", "en")
def _():
    tok = jwt({"sub": "1029384", "role": "customer", "tenant": "eu-2", "iat": 1739871201, "exp": 1739957601})
    gk = google_key()
    return f"""The mobile app passes the session token in the query string, so it lands in the CDN access logs that are shared with the analytics vendor:

{N('public_ip', '86.245.17.203')} - - [18/Feb/2025:10:13:22 +0000] "GET /v1/orders?page=2&access_token={L('jwt', tok)} HTTP/2.0" 200 4187 "-" "ShopApp/5.3.1 (iPhone; iOS 17.3)" rt=0.041
{N('public_ip', '86.245.17.203')} - - [18/Feb/2025:10:13:23 +0000] "GET /v1/maps/static?center=48.85,2.35&key={L('google_api_key', gk)} HTTP/2.0" 200 55120 "-" "ShopApp/5.3.1 (iPhone; iOS 17.3)" rt=0.112
{N('documentation_ip', '198.51.100.7')} - - [18/Feb/2025:10:13:24 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29"
"""


@case("server_log", "fr")
def _():
    return f"""Extrait de /var/log/portail/app.log (lisible via le LFI décrit plus haut). L'application journalise le mot de passe saisi lors d'un échec :

2025-02-17 08:02:41,118 INFO  [http-nio-8080-exec-4] c.e.p.auth.LoginService - Tentative de connexion utilisateur=jmartinez ip={L('private_ip', '10.12.0.45')}
2025-02-17 08:02:41,201 WARN  [http-nio-8080-exec-4] c.e.p.auth.LoginService - Échec d'authentification pour jmartinez (mot de passe saisi : "{L('password_assignment', 'Pivoine2025*')}")
2025-02-17 08:02:55,390 INFO  [http-nio-8080-exec-7] c.e.p.auth.LoginService - Connexion réussie utilisateur=jmartinez session={N('uuid', uuid4())}
2025-02-17 08:03:10,004 DEBUG [scheduler-1] c.e.p.batch.Purge - 0 ligne(s) purgée(s) en 12 ms
"""


@case("server_log", "en")
def _():
    return f"""Relevant lines from the vendor's own access log excerpt (sent to me by their support); credentials are already masked by their logger:

{N('documentation_ip', '203.0.113.50')} - - [02/Mar/2025:14:55:01 +0100] "POST /login HTTP/1.1" 302 0 "https://portal.example.com/login" "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0" req_id={N('uuid', uuid4())}
2025-03-02T13:55:01.332Z DEBUG auth: form username=ops-lead password={N('redacted', '***')} remember=true
2025-03-02T13:55:01.337Z DEBUG proxy: upstream headers {{Host: api.example.com, Authorization: Bearer {N('redacted', '[REDACTED]')}, X-Request-Id: {N('hex_id', hexs(32))}}}
2025-03-02T13:55:02.010Z INFO  release {N('git_sha', git_sha())} build {N('version', '2025.03.1')} served in 41ms
"""


@case("server_log", "fr")
def _():
    raw = "\0" + "compta@cabinet-vautrin.fr" + "\0" + "Mistral#5521"
    b = b64e(raw.encode())
    return f"""Le relais SMTP de l'appliance journalise la session complète en mode debug ; on y voit l'AUTH PLAIN d'un client (encodé base64, mais trivial à décoder) :

Feb 20 09:14:03 mx-relay postfix/smtpd[20413]: connect from unknown[{L('private_ip', '192.168.40.23')}]
Feb 20 09:14:03 mx-relay postfix/smtpd[20413]: < EHLO PC-COMPTA2
Feb 20 09:14:03 mx-relay postfix/smtpd[20413]: < AUTH PLAIN {L('password_assignment', b)}
Feb 20 09:14:03 mx-relay postfix/smtpd[20413]: > 235 2.7.0 Authentication successful
Feb 20 09:14:04 mx-relay postfix/smtpd[20413]: {N('queue_id', rs('0123456789ABCDEF', 10))}: client=unknown[{L('private_ip', '192.168.40.23')}], sasl_method=PLAIN, sasl_username={L('email_address', 'compta@cabinet-vautrin.fr', opt=True)}
"""


@case("server_log", "en")
def _():
    c = card("mc")
    return f"""payments-worker writes the whole request object at INFO level. One line from /var/log/payments/worker.log (the log directory is served by the status page):

Mar 03 11:02:17 pay-w2 payments-worker[3121]: INFO charge.create amount=4599 currency=USD customer=cus_{rs(ALNUM, 14)} card={{number={L('payment_card', c)}, exp_month=8, exp_year=2027, cvc={L('payment_card', digits(3), opt=True)}, name="Desmond Achterberg"}} billing_zip=60614 result=approved auth={N('auth_code', rs(UPPER + DIG, 6))}
"""


@case("server_log", "fr")
def _():
    return f"""auditd sur le serveur de test après exploitation (seuls des identifiants techniques, aucune donnée personnelle) :

type=EXECVE msg=audit({N('timestamp', '1740040211.512')}:8841): argc=3 a0="/bin/sh" a1="-c" a2="id"
type=CWD msg=audit({N('timestamp', '1740040211.512')}:8841): cwd="/opt/supervision/www"
type=PATH msg=audit({N('timestamp', '1740040211.512')}:8841): item=0 name="/bin/sh" inode=1310742 dev=fd:00 mode=0100755
type=SYSCALL msg=audit({N('timestamp', '1740040211.512')}:8841): arch=c000003e syscall=59 success=yes exit=0 ppid=2211 pid=2290 auid=4294967295 uid=33 comm="sh" exe="/usr/bin/dash"
sshd[1877]: Accepted publickey for deploy from {N('infrastructure_info', priv_ip())} port 50312 ssh2: ED25519 {N('ssh_fingerprint', ssh_fpr())}
Hôte : {N('infrastructure_info', 'sup-test-01.recette.exemple.lan')}   Paquet : supervision_{N('version', '3.2.7-1')}_amd64.deb  md5 {N('md5', md5_hex())}
"""


@case("server_log", "en")
def _():
    sid = hexs(32).upper()
    c2 = "s%3A" + rs(ALNUM + "-_", 32) + "." + b64e(rbytes(32)).rstrip("=")
    return f"""The load balancer is configured to capture request headers, and the capture ends up in the tenant-visible log explorer:

2025-02-25T16:40:03.114Z lb-eu1 frontend=https_in backend=app/app3 status=200 bytes=18211 hdrs={{Host: app.example-saas.com|Cookie: JSESSIONID={L('session_cookie', sid)}; _ga={N('analytics_id', 'GA1.2.' + digits(9) + '.' + digits(10))}|User-Agent: Mozilla/5.0}}
2025-02-25T16:40:04.870Z lb-eu1 frontend=https_in backend=app/node7 status=200 bytes=922 hdrs={{Host: admin.example-saas.com|Cookie: connect.sid={L('session_cookie', c2)}|User-Agent: curl/8.4.0}}
"""


@case("server_log", "fr")
def _():
    sec = rs(ALNUM, 32)
    return f"""Le conteneur Keycloak tourne avec le niveau DEBUG ; ses logs sont poussés dans l'index Elasticsearch ouvert (cf. constat 1) :

{{"@timestamp":"2025-02-21T10:22:31.447Z","level":"DEBUG","logger":"org.keycloak.services.clientregistration","message":"Client updated: clientId=portail-rh, secret={L('password_assignment', sec)}, redirectUris=[https://rh.exemple-groupe.fr/*]","host":"{L('internal_hostname', 'kc-0.keycloak.svc.cluster.local')}"}}
{{"@timestamp":"2025-02-21T10:22:31.502Z","level":"INFO","logger":"org.keycloak.events","message":"type=CLIENT_LOGIN, realmId={N('uuid', uuid4())}, clientId=portail-rh, ipAddress={L('private_ip', priv_ip())}"}}
"""


@case("server_log", "en")
def _():
    return f"""controller logs from the operator during the upgrade (shows the race; no secrets — the operator prints references, not values):

I0226 08:14:55.120311       1 reconcile.go:188] "Reconciling" cluster="prod/pg-main" resourceVersion="{N('resource_version', digits(9))}" uid="{N('uuid', uuid4())}"
I0226 08:14:55.402117       1 secrets.go:74] "Using existing secret" name="pg-main-app" key="password" checksum="sha256:{N('sha256', sha256_hex())}"
I0226 08:14:55.877001       1 pods.go:311] "Image" ref="ghcr.io/example/pg-operator@sha256:{N('sha256', sha256_hex())}"
W0226 08:14:56.001947       1 policy.go:52] "Password policy" minLength={N('setting', '12')} requireSymbols=true maxAgeDays=90
E0226 08:14:57.310220       1 reconcile.go:245] "Failed to patch" err="Operation cannot be fulfilled: the object has been modified" podIP="{N('infrastructure_info', priv_ip())}"
"""


@case("server_log", "fr")
def _():
    return f"""Journal applicatif du SIRH (fichier /logs/sirh-audit.log téléchargeable sans authentification) :

[2025-01-31 17:42:10] AUDIT utilisateur=drh.adjoint action=MAJ_REMUNERATION salarié=M0412 (Thibault ANQUETIL) ancien={L('employment_data', '3 250,00 €')} nouveau={L('employment_data', '3 480,00 €')} motif="{L('employment_data', 'promotion chef d équipe')}"
[2025-01-31 17:44:02] AUDIT utilisateur=drh.adjoint action=ABSENCE salarié=M0388 (Nadia BELKACEM) type=MALADIE du=03/02/2025 au=28/02/2025 commentaire="{L('health_data', 'hospitalisation prévue, chirurgie du genou')}"
[2025-01-31 17:45:19] AUDIT utilisateur=drh.adjoint action=SANCTION salarié=M0290 (Loïc PERRAUDIN) type={L('employment_data', 'mise à pied conservatoire 3 jours')}
"""


@case("server_log", "en")
def _():
    wh = slack_webhook()
    return f"""alertmanager fails to deliver and logs the full receiver URL on every retry (this log is part of the public support bundle that the appliance generates):

level=error ts=2025-02-28T09:30:12.882Z caller=dispatch.go:354 component=dispatcher msg="Notify for alerts failed" num_alerts=3 err="ops-slack/slack[0]: notify retry canceled after 4 attempts: Post \\"{L('slack_webhook', wh)}\\": dial tcp: lookup hooks.slack.com on {L('private_ip', '10.96.0.10')}:53: server misbehaving"
"""


@case("server_log", "fr")
def _():
    return f"""/var/log/auth.log du bastion pendant le test de force brute (bloqué par fail2ban, comportement attendu — aucune donnée sensible) :

Feb 22 03:11:40 bastion sshd[9921]: Failed password for invalid user admin from {N('documentation_ip', '198.51.100.23')} port 40112 ssh2
Feb 22 03:11:43 bastion sshd[9921]: Failed password for invalid user admin from {N('documentation_ip', '198.51.100.23')} port 40112 ssh2
Feb 22 03:11:47 bastion sshd[9924]: Invalid user oracle from {N('documentation_ip', '198.51.100.23')} port 40130
Feb 22 03:11:48 bastion fail2ban.actions[712]: NOTICE [sshd] Ban {N('documentation_ip', '198.51.100.23')}
Feb 22 03:15:02 bastion CRON[9990]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)
Feb 22 03:20:11 bastion sshd[10012]: Accepted publickey for exploit-lab from {N('infrastructure_info', priv_ip())} port 51200 ssh2: RSA {N('ssh_fingerprint', ssh_fpr())}
"""


@case("server_log", "en")
def _():
    basic = b64e(b"svc-reporting:Tangerine%8813")
    sk = twilio_sk()
    return f"""notification-service debug log (exposed at /debug/logs without auth):

2025-03-04 07:55:10.021 DEBUG HttpClient - > POST https://reports.internal.example.net/api/v1/export
2025-03-04 07:55:10.021 DEBUG HttpClient - > Authorization: {L('authorization_header', 'Basic ' + basic)}
2025-03-04 07:55:10.022 DEBUG HttpClient - > Content-Type: application/json
2025-03-04 07:55:10.388 DEBUG SmsSender - using Twilio key {L('twilio_key', sk)} for account {N('account_sid', twilio_sid())}
2025-03-04 07:55:10.390 INFO  SmsSender - SMS queued to {L('phone_number', us_phone())} (template=otp_v2)
"""


# --------------------------------------------------------------------------- source_code
@case("source_code", "en")
def _():
    k = openai_key()
    return f"""`support_bot/summarize.py` in the public GitHub mirror (commit {N('git_sha', git_sha()[:7])}):

```python
from openai import OpenAI

# TODO move to vault before go-live
client = OpenAI(api_key="{L('ai_api_key', k)}")

def summarize(ticket: str) -> str:
    resp = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{{"role": "user", "content": ticket[:8000]}}],
    )
    return resp.choices[0].message.content
```
"""


@case("source_code", "fr")
def _():
    pw = password(0)
    return f"""Le fichier `inc/connexion.php` est servi en clair (le serveur ne l'interprète pas dans /old/) :

<?php
// Connexion à la base — NE PAS COMMITTER (trop tard...)
$db_hote = '{L('internal_hostname', 'sql-mutu-07.hebergeur.lan')}';
$db_nom  = 'boutique_prod';
$db_user = 'boutique_rw';
$db_pass = '{L('password_assignment', pw)}';
$lien = mysqli_connect($db_hote, $db_user, $db_pass, $db_nom) or die('Erreur de connexion');
mysqli_set_charset($lien, 'utf8mb4');
"""


@case("source_code", "en")
def _():
    return f"""Relevant part of the fixed code, for the changelog (contains no secrets — everything comes from the environment):

```python
import os, hmac, hashlib

PASSWORD_MIN_LENGTH = {N('setting', '12')}
TOKEN_PREFIX = "ghp_"           # used to detect pasted GitHub tokens in comments
API_KEY = os.environ.get("PAYMENTS_API_KEY", "{N('placeholder', '<set-me>')}")
WEBHOOK_SECRET = os.environ["WEBHOOK_SECRET"]
DEFAULT_PASSWORD = None         # no default, first login forces a reset

def verify(sig: str, body: bytes) -> bool:
    expected = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(sig, expected)

# known-good digest of the release artefact
RELEASE_SHA256 = "{N('sha256', sha256_hex())}"
REQUEST_ID_EXAMPLE = "{N('uuid', uuid4())}"
```
"""


@case("source_code", "fr")
def _():
    n1 = nir(2, 92, 5, "06", spaced=False)
    ib = iban("FR")
    return f"""Les jeux de test unitaires du module de prélèvement, publiés dans le dépôt public, utilisent de vraies données de clients (confirmé par l'une des personnes, contactée par l'éditeur) :

```java
// src/test/java/fr/exemple/prelevement/MandatTest.java
@Test
void mandatValide() {{
    Client c = new Client("Hélène", "MARCHETTI",
        LocalDate.of({L('date_of_birth', '1992, 5, 17')}),
        "{L('national_id', n1)}");
    c.setAdresse("{L('postal_address', '27 boulevard Carnot, 06400 Cannes')}");
    c.setIban("{L('iban', ib)}");
    c.setTelephone("{L('phone_number', fr_mobile())}");
    assertTrue(service.creerMandat(c).isValide());
}}
```
"""


@case("source_code", "en")
def _():
    kid, sec = aws_key_id(), aws_secret()
    return f"""internal/storage/s3.go, vendored into the SDK that customers download:

```go
func newUploader() *s3manager.Uploader {{
	sess := session.Must(session.NewSession(&aws.Config{{
		Region: aws.String("eu-central-1"),
		// temporary, remove before release
		Credentials: credentials.NewStaticCredentials(
			"{L('aws_access_key_id', kid)}",
			"{L('aws_secret_key', sec)}",
			""),
	}}))
	return s3manager.NewUploader(sess)
}}
```
"""


@case("source_code", "fr")
def _():
    return f"""Version corrigée du chargement des scripts (côté front), pour information — aucune valeur secrète :

```javascript
// Intégrité des dépendances (SRI) et nonce CSP générés au build
const SCRIPTS = [
  {{ src: "https://cdn.exemple-editeur.fr/app.{N('hex_id', hexs(8))}.js",
    integrity: "sha384-{N('sri_hash', b64e(rbytes(48)))}" }},
];
const API_KEY = process.env.API_KEY ?? "{N('placeholder', '${API_KEY}')}";
const MOTIF_MDP = /^(?=.*[A-Z])(?=.*\\d).{{{N('setting', '12')},}}$/;   // 12 caractères minimum
const ID_SESSION_EXEMPLE = "{N('uuid', uuid4())}";
export const VERSION = "{N('version', '4.8.0-beta.2')}";
```
"""


@case("source_code", "en")
def _():
    pw = password(1)
    return f"""Decompiled from the desktop client (`Reporting.Core.dll`, .NET, ILSpy output):

```csharp
internal static class Db
{{
    // prod reporting DB; the client connects directly (!)
    private const string Conn =
        "{L('connection_string', 'Server=tcp:sql-rpt.example-corp.net,1433;Database=Reporting;User Id=rpt_client;Password=' + pw + ';Encrypt=True;')}";

    public static SqlConnection Open() => new SqlConnection(Conn);
}}
```
"""


@case("source_code", "fr")
def _():
    sk = "django-insecure-" + rs("abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)", 50)
    t = jwt({"user_id": 17, "username": "admin", "exp": 1893456000}, "HS256")
    return f"""`backend/settings.py` et un test fonctionnel trouvés dans l'image Docker publique (couche {N('sha256', 'sha256:' + sha256_hex())}) :

```python
SECRET_KEY = "{L('password_assignment', sk)}"
DEBUG = False
ALLOWED_HOSTS = ["extranet.exemple-assurances.fr"]
AUTH_PASSWORD_VALIDATORS = [{{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
                              "OPTIONS": {{"min_length": {N('setting', '12')}}}}}]

# tests/test_api.py
JETON_ADMIN = "{L('jwt', t)}"  # valable jusqu'en 2030
```
"""


@case("source_code", "en")
def _():
    return f"""Unit test vectors from the crypto module (public RFC material, fine to share):

```go
// RFC 4231 test case 2
var hmacKey = []byte("Jefe")
var hmacData = []byte("what do ya want for nothing?")
const hmacExpected = "{N('test_vector', '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843')}"

// RFC 8032 Ed25519 test 1 public key
const edPub = "{N('test_vector', 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')}"

var buildID = "{N('git_sha', git_sha())}"
const uuidNil = "{N('uuid', '00000000-0000-0000-0000-000000000000')}"
```
"""


@case("source_code", "fr")
def _():
    pw = password(0)
    wh = slack_webhook()
    return f"""Dans le dépôt npm publié (paquet `@exemple/notifier`, version {N('version', '2.3.1')}) le fichier `lib/mail.js` contient :

```javascript
const transporter = nodemailer.createTransport({{
  host: "smtp.office365.com",
  port: 587,
  auth: {{ user: "alertes@exemple-logistique.fr", pass: "{L('password_assignment', pw)}" }},
}});
// canal #prod-alertes
const SLACK = "{L('slack_webhook', wh)}";
```
"""


@case("source_code", "en")
def _():
    key = pem_rsa(900, pkcs8=True).replace("\n", "\\n")
    sk = stripe("rk_live_", 99)
    return f"""`config/services.php` in the exposed .git directory (recovered with git-dumper, HEAD {N('git_sha', git_sha())}):

```php
return [
    'stripe' => [
        'secret' => env('STRIPE_SECRET', '{L('stripe_key', sk)}'),
    ],
    'apple_signin' => [
        'team_id' => 'Q7H3K2LX9P',
        'private_key' => "{L('private_key', key)}",
    ],
];
```
"""


@case("source_code", "fr")
def _():
    return f"""Extrait de la classe de validation (Java, commentaires d'origine) — montré pour expliquer le contournement, sans aucune donnée réelle :

```java
/** Valide un IBAN (ISO 13616). Exemple de format : {N('placeholder', 'FR76 XXXX XXXX XXXX XXXX XXXX XXX')} */
public static boolean ibanValide(String iban) {{
    String s = iban.replaceAll("\\\\s", "");
    if (s.length() < 15 || s.length() > 34) return false;   // longueur min/max
    String r = s.substring(4) + s.substring(0, 4);
    return new BigInteger(convertir(r)).mod(BigInteger.valueOf(97)).intValue() == 1;
}}
// Empreinte du jeu de tests : {N('md5', md5_hex())} — dernière révision {N('git_sha', git_sha()[:12])}
// Voir la norme, ISBN {N('isbn', isbn13())}
```
"""


@case("source_code", "en")
def _():
    ni = nino()
    return f"""`tests/fixtures/customers.py` in the public repo — the comment says it was "copied from prod to reproduce bug 4471":

```python
CUSTOMERS = [
    {{
        "name": "Oluwaseun Brackenridge",
        "ni_number": "{L('national_id', ni)}",
        "dob": "{L('date_of_birth', '1979-03-08')}",
        "address": "{L('postal_address', '44 Wendover Road, Aylesbury HP21 9LW')}",
        "mobile": "{L('phone_number', uk_mobile())}",
        "email": "{L('email_address', 'seun.brackenridge@gmail.com')}",
    }},
    {{
        "name": "Test User",
        "ni_number": "{DOC('national_id', 'QQ 12 34 56 C')}",
        "email": "{DOC('email_address', 'test.user@example.com')}",
    }},
]
```
"""


# --------------------------------------------------------------------------- k8s_manifest
@case("k8s_manifest", "en")
def _():
    pw = password(1)
    uri = f"postgresql://orders:{pw}@pg-orders.data.svc.cluster.local:5432/orders?sslmode=require"
    return f"""The Helm chart repository (index.yaml is public) ships a rendered Secret in `templates/_generated/secret.yaml`:

apiVersion: v1
kind: Secret
metadata:
  name: orders-db
  namespace: shop
type: Opaque
data:
  username: {N('base64_non_secret', b64e(b'orders'))}
  password: {L('password_assignment', b64e(pw.encode()))}
  DATABASE_URL: {L('connection_string', b64e(uri.encode()), 'url_credentials')}
"""


@case("k8s_manifest", "fr")
def _():
    pw1, pw2 = password(0), password(2)
    return f"""Fichier `values-prod.yaml` du chart, commité dans le dépôt public de l'intégrateur :

# Valeurs de production — client « Mutuelle du Littoral »
postgresql:
  auth:
    username: extranet
    password: "{L('password_assignment', pw1)}"
    database: extranet
smtp:
  hote: smtp.mutuelle-littoral.lan
  utilisateur: no-reply
  motDePasse: {L('password_assignment', pw2)}
ingress:
  host: extranet.mutuelle-littoral.fr
resources:
  limits: {{cpu: "2", memory: 2Gi}}
"""


@case("k8s_manifest", "en")
def _():
    return f"""Deployment after the fix — secrets are referenced, never inlined:

apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing-api
  annotations:
    checksum/config: {N('sha256', sha256_hex())}
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/billing-api@sha256:{N('sha256', sha256_hex())}
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {{name: billing-db, key: password}}
            - name: STRIPE_KEY
              valueFrom:
                secretKeyRef: {{name: billing-stripe, key: secret}}
            - name: PASSWORD_MIN_LENGTH
              value: "{N('setting', '12')}"
            - name: UPSTREAM
              value: http://{N('infrastructure_info', 'ledger.billing.svc.cluster.local')}:8080
"""


@case("k8s_manifest", "fr")
def _():
    t = gh_token()
    pw = password(0)
    return f"""`docker-compose.yml` présent à la racine du site (https://demo.exemple-editeur.fr/docker-compose.yml) :

services:
  app:
    build:
      context: .
      args:
        GITHUB_TOKEN: {L('github_token', t)}
    environment:
      - MYSQL_ROOT_PASSWORD={L('password_assignment', pw)}
      - GF_SECURITY_ADMIN_PASSWORD={L('password_assignment', 'admin', opt=True)}   # à changer
      - TZ=Europe/Paris
  db:
    image: mariadb:{N('version', '10.11.6')}
"""


@case("k8s_manifest", "en")
def _():
    key = pem_ec()
    t = jwt({"iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": "ci",
             "kubernetes.io/serviceaccount/service-account.name": "deployer", "sub": "system:serviceaccount:ci:deployer"},
            "RS256", kid=b64u(rbytes(16)))
    return f"""A kubeconfig was left in the artefacts of the public CI run #8812 (`artifacts/kubeconfig`):

apiVersion: v1
kind: Config
clusters:
- name: prod-eu
  cluster:
    server: https://{L('private_ip', '10.40.0.10')}:6443
    certificate-authority-data: {N('certificate', b64e(cert_pem(3).encode())[:160])}
users:
- name: admin-prod
  user:
    client-certificate-data: {N('certificate', b64e(cert_pem(3).encode())[:160])}
    client-key-data: {L('private_key', b64e(key.encode()))}
- name: deployer
  user:
    token: {L('jwt', t)}
"""


@case("k8s_manifest", "fr")
def _():
    return f"""Manifeste de la CronJob de sauvegarde (corrigé) ; les identifiants viennent d'un Secret externe :

apiVersion: batch/v1
kind: CronJob
metadata:
  name: sauvegarde-nuit
  labels: {{app.kubernetes.io/version: "{N('version', '1.9.2')}"}}
spec:
  schedule: "30 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: pgdump
              image: postgres:16@sha256:{N('sha256', sha256_hex())}
              envFrom:
                - secretRef: {{name: sauvegarde-identifiants}}
              args: ["--host={N('infrastructure_info', 'pg-principal.donnees.svc')}", "--password={N('placeholder', '$(PGPASSWORD)')}"]
          restartPolicy: OnFailure
"""


@case("k8s_manifest", "en")
def _():
    pw = password(1)
    auth = b64e(f"robot$ci:{pw}".encode())
    cfg = json.dumps({"auths": {"harbor.example-corp.com": {"auth": auth}}}, separators=(",", ":"))
    return f"""Pull secret found in the public `deploy/` folder of the Helm chart:

apiVersion: v1
kind: Secret
metadata:
  name: harbor-pull
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: {L('password_assignment', b64e(cfg.encode()))}
"""


@case("k8s_manifest", "fr")
def _():
    key = pem_ec().replace("\n", "\n    ")
    return f"""`values.yaml` de l'opérateur, section TLS (le chart est téléchargeable sur le dépôt Helm public) :

ingress:
  enabled: true
  tls:
    certificat: |
    {N('certificate', cert_pem(4).replace(chr(10), chr(10) + '    '))}
    cleePrivee: |
    {L('private_key', key)}
"""


@case("k8s_manifest", "en")
def _():
    return f"""Bitnami-style values we recommend to the vendor (no values set; passwords come from an existing secret):

auth:
  existingSecret: app-db-credentials
  secretKeys:
    adminPasswordKey: postgres-password
    userPasswordKey: password
  password: ""          # leave empty when existingSecret is set
  # password: {N('placeholder', '<REPLACE_ME>')}
metrics:
  serviceMonitor:
    interval: 30s
primary:
  persistence:
    size: 20Gi
image:
  digest: sha256:{N('sha256', sha256_hex())}
  tag: {N('version', '16.2.0-debian-12-r8')}
"""


@case("k8s_manifest", "fr")
def _():
    ak = anthropic_key()
    rk = stripe("rk_live_", 24)
    return f"""Secret appliqué par le pipeline (le fichier est dans le dépôt, branche `preprod`, visible de tous les développeurs invités) :

apiVersion: v1
kind: Secret
metadata:
  name: assistant-ia
stringData:
  ANTHROPIC_API_KEY: {L('ai_api_key', ak)}
  STRIPE_RESTRICTED_KEY: "{L('stripe_key', rk)}"
  MODE: preprod
"""


@case("k8s_manifest", "en")
def _():
    pw = password(0)
    return f"""docker-compose.override.yml committed by mistake (still in the public repository history, commit {N('git_sha', git_sha())}):

version: "3.9"
services:
  api:
    environment:
      DATABASE_URL: "{L('connection_string', 'postgres://api_user:' + pw + '@db:5432/api', 'url_credentials')}"
      REDIS_URL: redis://cache:6379/0
      SENTRY_DSN: https://{N('public_dsn_key', hexs(32))}@o{digits(6)}.ingest.sentry.io/{digits(7)}
"""


@case("k8s_manifest", "fr")
def _():
    return f"""Le Secret ci-dessous est dans le dépôt mais ne contient rien de sensible (valeurs décodées : hôte, port, niveau de log, et un mot de passe masqué par l'outil d'export) :

apiVersion: v1
kind: Secret
metadata:
  name: config-appli
type: Opaque
data:
  DB_HOST: {N('base64_non_secret', b64e(b'postgres.appli.svc'))}
  DB_PORT: {N('base64_non_secret', b64e(b'5432'))}
  LOG_LEVEL: {N('base64_non_secret', b64e(b'info'))}
  DB_PASSWORD: {N('base64_non_secret', b64e(b'********'))}
  FEATURE_FLAGS: {N('base64_non_secret', b64e(b'nouveau-tableau-de-bord,export-csv'))}
"""


@case("k8s_manifest", "en")
def _():
    t = gh_token("ghs_")
    return f"""Actions Runner Controller secret, as exported by the backup tool into the shared "infra-docs" Confluence space:

apiVersion: v1
kind: Secret
metadata:
  name: controller-manager
  namespace: actions-runner-system
stringData:
  github_token: {L('github_token', t)}
  github_app_id: "{N('app_id', digits(6))}"
"""


# --------------------------------------------------------------------------- terraform
@case("terraform", "en")
def _():
    kid, sec, pw = aws_key_id(), aws_secret(), password(1)
    return f"""`envs/prod/terraform.tfvars`, readable in the public S3 bucket that hosts the team's docs site:

region            = "eu-west-1"
aws_access_key    = "{L('aws_access_key_id', kid)}"
aws_secret_key    = "{L('aws_secret_key', sec)}"
db_username       = "app_admin"
db_password       = "{L('password_assignment', pw)}"
allowed_cidrs     = ["{N('infrastructure_info', '10.20.0.0/16')}"]
"""


@case("terraform", "fr")
def _():
    pw = password(0)
    return fill('''Extrait de `terraform.tfstate` (backend local, fichier présent dans l'archive de déploiement téléchargeable) :

{
  "version": 4,
  "terraform_version": "⟨tv⟩",
  "serial": 57,
  "lineage": "⟨lin⟩",
  "resources": [
    {
      "mode": "managed", "type": "aws_db_instance", "name": "principale",
      "instances": [{
        "attributes": {
          "address": "⟨host⟩",
          "engine": "postgres", "engine_version": "15.5",
          "username": "admin_bdd",
          "password": "⟨pw⟩",
          "port": 5432
        },
        "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]
      }]
    }
  ]
}''', tv=N("version", "1.7.4"), lin=N("uuid", uuid4()),
                host=L("internal_hostname", "principale.c9x2kq1z8abc.eu-west-3.rds.amazonaws.com", opt=True),
                pw=L("password_assignment", pw))


@case("terraform", "en")
def _():
    return f"""Module after the fix (for the vendor's reference; nothing sensitive):

variable "db_password" {{
  type      = string
  sensitive = true
}}

resource "random_password" "db" {{
  length           = {N('setting', '24')}
  special          = true
  override_special = "!#%&*()-_=+[]{{}}<>:?"
}}

resource "aws_secretsmanager_secret_version" "db" {{
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = random_password.db.result
}}

# pinned provider: hashicorp/aws {N('version', '5.38.0')}, lock hash "h1:{N('provider_hash', b64e(rbytes(32)))}"
"""


@case("terraform", "fr")
def _():
    acct = "stexportsclients" + digits(2)
    cs = azure_conn(acct)
    sas = azure_sas("rl")
    return fill('''Dans le tfstate Azure (conteneur `tfstate` en accès « blob » public), la ressource du compte de stockage :

{
  "type": "azurerm_storage_account", "name": "exports",
  "instances": [{"attributes": {
    "name": "⟨acct⟩",
    "primary_blob_endpoint": "https://⟨acct⟩.blob.core.windows.net/",
    "primary_connection_string": "⟨cs⟩",
    "primary_access_key": "⟨pk⟩",
    "min_tls_version": "TLS1_2"
  }}]
},
{
  "type": "azurerm_storage_account_sas", "name": "lecture",
  "instances": [{"attributes": {"sas": "?⟨sas⟩", "expiry": "2026-03-31T18:00:00Z"}}]
}''', acct=acct, cs=L("azure_connection_string", cs), pk=L("azure_connection_string", azure_key(), "password_assignment"),
                sas=L("azure_sas_token", sas))


@case("terraform", "en")
def _():
    key = pem_rsa(1190, pkcs8=True).replace("\n", "\\n")
    sa = fill('''{
    "type": "service_account",
    "project_id": "acme-data-prod",
    "private_key_id": "⟨kid⟩",
    "private_key": "⟨key⟩",
    "client_email": "tf-runner@acme-data-prod.iam.gserviceaccount.com",
    "client_id": "⟨cid⟩",
    "token_uri": "https://oauth2.googleapis.com/token"
  }''', kid=hexs(40), key=key, cid=digits(21))
    return f"""`main.tf` of the public "infra-examples" repository — the credentials block is a real key (it still authenticates):

provider "google" {{
  project     = "acme-data-prod"
  region      = "europe-west1"
  credentials = <<EOF
  {L('gcp_service_account', sa, 'private_key')}
EOF
}}
"""


@case("terraform", "fr")
def _():
    return f"""Sortie de `terraform plan` jointe au ticket (les valeurs sensibles sont masquées par Terraform lui-même) :

  # aws_db_instance.principale will be updated in-place
  ~ resource "aws_db_instance" "principale" {{
        id                  = "db-{N('hex_id', rs(UPPER + DIG, 26))}"
      ~ password            = (sensitive value)
      ~ engine_version      = "{N('version', '15.5')}" -> "{N('version', '15.6')}"
        tags                = {{ "projet" = "facturation" }}
    }}

  # random_password.jeton will be created
  + resource "random_password" "jeton" {{
      + result = (sensitive value)
      + length = {N('setting', '32')}
    }}

Plan: 1 to add, 1 to change, 0 to destroy.   (plan id {N('uuid', uuid4())})
"""


@case("terraform", "en")
def _():
    dd = hexs(32)
    gt = gh_fine()
    return f"""`monitoring.auto.tfvars` (attached to the public issue #212 by a maintainer, still in the issue history):

datadog_api_key = "{L('password_assignment', dd)}"
datadog_site    = "datadoghq.eu"
github_token    = "{L('github_token', gt)}"
oncall_email    = "{L('email_address', 'ravi.subramaniam@northpeak-systems.com')}"
"""


@case("terraform", "fr")
def _():
    key = pem_rsa(1190).replace("\n", "\\n")
    return fill('''Le tfstate expose aussi la clé SSH générée pour les bastions (ressource tls_private_key) :

{
  "type": "tls_private_key", "name": "bastion",
  "instances": [{"attributes": {
    "algorithm": "RSA", "rsa_bits": 2048,
    "id": "⟨id⟩",
    "private_key_pem": "⟨key⟩",
    "public_key_openssh": "⟨pub⟩",
    "public_key_fingerprint_md5": "⟨fmd5⟩"
  }}]
}''', id=N("sha1", hexs(40)), key=L("private_key", key), pub=N("public_key", ssh_pub("").strip()),
                fmd5=N("ssh_fingerprint", ":".join(hexs(2) for _ in range(16))))


@case("terraform", "en")
def _():
    return f"""`terraform output` after applying the vendor's reference architecture (public identifiers only):

alb_dns_name       = "app-prod-{digits(9)}.eu-west-1.elb.amazonaws.com"
nat_public_ips     = ["{N('public_ip', '52.214.77.19')}", "{N('public_ip', '34.246.12.208')}"]
vpc_cidr           = "{N('infrastructure_info', '10.0.0.0/16')}"
private_subnets    = ["{N('infrastructure_info', '10.0.1.0/24')}", "{N('infrastructure_info', '10.0.2.0/24')}"]
db_endpoint        = "{N('infrastructure_info', 'app-prod.cluster-ro-x1y2z3.eu-west-1.rds.amazonaws.com')}"
kms_key_arn        = "arn:aws:kms:eu-west-1:{N('account_id', digits(12))}:key/{N('uuid', uuid4())}"
db_password        = <sensitive>
"""


@case("terraform", "fr")
def _():
    return fill('''`admins.auto.tfvars` — la liste des administrateurs d'astreinte avec leurs coordonnées personnelles, dans le dépôt public :

astreinte = [
  {
    nom       = "Gaëlle Pinsard"
    courriel  = "⟨e1⟩"
    portable  = "⟨p1⟩"
  },
  {
    nom       = "Mathurin Oyono"
    courriel  = "⟨e2⟩"
    portable  = "⟨p2⟩"
  },
]
canal_sms_secours = "⟨p3⟩"
standard_societe  = "⟨std⟩"''', e1=L("email_address", "gaelle.pinsard@gmail.com"), p1=L("phone_number", fr_mobile()),
                e2=L("email_address", "m.oyono@proton.me"), p2=L("phone_number", fr_mobile(intl=True)),
                p3=L("phone_number", fr_mobile()), std=N("company_contact", "+33 4 72 00 " + digits(2) + " " + digits(2)))


@case("terraform", "en")
def _():
    rp = password(3)
    kid = aws_key_id()
    sec = aws_secret()
    smtp = "B" + rs(ALNUM + "/+", 43)
    return fill('''Other resources in the same state file:

{"type": "random_password", "name": "grafana_admin",
 "instances": [{"attributes": {"length": 20, "result": "⟨rp⟩", "special": true}}]},
{"type": "aws_iam_access_key", "name": "mailer",
 "instances": [{"attributes": {"id": "⟨kid⟩", "secret": "⟨sec⟩",
   "ses_smtp_password_v4": "⟨smtp⟩", "status": "Active", "create_date": "⟨d⟩"}}]}''',
                rp=L("password_assignment", rp), kid=L("aws_access_key_id", kid), sec=L("aws_secret_key", sec),
                smtp=L("password_assignment", smtp), d=N("timestamp", "2024-10-02T08:44:51Z"))


@case("terraform", "fr")
def _():
    return f"""README du module (documentation de l'éditeur) — valeurs d'exemple uniquement :

```hcl
module "base_donnees" {{
  source      = "git::https://git.exemple-editeur.fr/modules/bdd.git?ref={N('version', 'v3.4.0')}"
  nom         = "facturation"
  mot_de_passe = "{N('placeholder', 'CHANGE_ME')}"
  utilisateur  = "{N('placeholder', '<UTILISATEUR>')}"
  jeton_api    = var.jeton_api   # ne jamais écrire la valeur ici
  sauvegarde   = {{ retention_jours = 35, fenetre = "02:00-03:00" }}
}}
```

Exigence de sécurité : longueur minimale du mot de passe = {N('setting', '16')}. Somme de contrôle du module : {N('sha256', sha256_hex())}.
"""


@case("terraform", "en")
def _():
    key = azure_key()
    sas = azure_sas("racwdl", se="2025-12-31T23:59:59Z", st="2025-01-01T00:00:00Z")
    return f"""`backend.tf` in the public repository:

terraform {{
  backend "azurerm" {{
    resource_group_name  = "rg-tfstate"
    storage_account_name = "sttfstateprod01"
    container_name       = "tfstate"
    key                  = "prod.terraform.tfstate"
    access_key           = "{L('azure_connection_string', key, 'password_assignment')}"
    # sas_token          = "{L('azure_sas_token', sas)}"
  }}
}}
"""


# --------------------------------------------------------------------------- shell_history
@case("shell_history", "en")
def _():
    t = gh_token()
    return f"""/home/deploy/.bash_history from the backup tarball (finding #3), lines 212-219:

cd /srv/app && git pull
export GITHUB_TOKEN={L('github_token', t)}
gh release download v2.4.1 -R acme/agent
mysql -uroot -p{L('password_assignment', 'Quokka$4471')} -e 'show databases'
curl -u monitor:{L('password_assignment', 'M0nitor-2024')} http://{L('private_ip', priv_ip())}:15672/api/overview
sudo systemctl restart agent
history -c
"""


@case("shell_history", "fr")
def _():
    pw = password(0)
    return f"""Historique root (/root/.bash_history) de l'appliance, récupéré via la lecture de fichiers arbitraires :

ls -la /etc/nginx/
echo '{L('password_assignment', pw)}' | sudo -S apt-get update
htpasswd -b -c /etc/nginx/.htpasswd supervision {L('password_assignment', 'Cormoran!88')}
openssl enc -aes-256-cbc -pbkdf2 -in sauvegarde.tar -out sauvegarde.tar.enc -k {L('password_assignment', 'sauvegarde-nuit-2024')}
vi /etc/hosts
reboot
"""


@case("shell_history", "en")
def _():
    return f"""My own shell history during the test, to show the exact sequence (no secrets typed on the command line; they were read interactively or from the vault):

  501  read -s DB_PASS
  502  export PGPASSWORD="$DB_PASS"
  503  psql -h {N('infrastructure_info', 'lab-pg.test.internal')} -U tester -c '\\dt'
  504  export TOKEN=$(vault kv get -field=token secret/lab/api)
  505  curl -s -H "Authorization: Bearer $TOKEN" https://lab-api.example.net/v1/ping
  506  git rev-parse HEAD   # {N('git_sha', git_sha())}
  507  sha256sum poc.bin    # {N('sha256', sha256_hex())}
  508  unset DB_PASS PGPASSWORD TOKEN
"""


@case("shell_history", "fr")
def _():
    pw = password(1)
    b = jwt({"sub": "svc-inventaire", "aud": "api-inventaire", "iat": 1738000000, "exp": 1769536000})
    return f"""ConsoleHost_history.txt de l'administrateur (C:\\Users\\adm-jdupuy\\AppData\\Roaming\\Microsoft\\Windows\\PowerShell\\PSReadLine\\), lisible depuis le partage C$ :

Get-Service -Name Spooler
$mdp = ConvertTo-SecureString '{L('password_assignment', pw)}' -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential('GROUPE\\adm-jdupuy', $mdp)
New-PSDrive -Name R -PSProvider FileSystem -Root \\\\{L('internal_hostname', 'srv-rh-01.groupe.local')}\\paie -Credential $cred
Invoke-RestMethod -Uri https://inventaire.groupe.local/api/postes -Headers @{{Authorization = "{L('authorization_header', 'Bearer ' + b, 'jwt')}"}}
Restart-Computer -Force
"""


@case("shell_history", "en")
def _():
    p1, p2 = password(1), password(0)
    return f"""~/.bash_history of the `ops` user on the jump host:

psql {L('connection_string', 'postgresql://admin:' + p1 + '@' + 'pg-main.prod.internal:5432/core', 'url_credentials')}
redis-cli -h {L('internal_hostname', 'cache-01.prod.internal')} -a {L('password_assignment', p2)} info keyspace
mongosh "mongodb+srv://{N('placeholder', '<user>')}:{N('placeholder', '<password>')}@cluster0.mongodb.net/test"
tail -f /var/log/app/app.log
"""


@case("shell_history", "fr")
def _():
    return f"""Mon historique (poste d'audit) lors de la vérification de l'image publiée — rien de sensible :

git clone https://github.com/exemple-editeur/agent.git
git checkout {N('git_sha', git_sha())}
git tag -v v4.1.0   # clé {N('pgp_fingerprint', pgp_fpr(luhn_trap=True))}
docker pull exemple/agent@sha256:{N('sha256', sha256_hex())}
ssh-keygen -lf ~/.ssh/id_ed25519.pub   # {N('ssh_fingerprint', ssh_fpr())}
cosign verify --key cosign.pub exemple/agent:{N('version', '4.1.0')}
"""


@case("shell_history", "en")
def _():
    k = openai_key()
    n = npm_token()
    return f"""~/.zsh_history (extended format) from the developer laptop image that the vendor published as a "dev VM" OVA:

: 1708012345:0;cd ~/work/assistant
: 1708012351:0;export OPENAI_API_KEY={L('ai_api_key', k)}
: 1708012377:0;npm config set //registry.npmjs.org/:_authToken={L('npm_token', n)}
: 1708012390:0;npm publish --access public
: 1708012402:0;code .
"""


@case("shell_history", "fr")
def _():
    t = pypi_token()
    return f"""Historique trouvé dans l'image Docker `exemple/builder:latest` (couche {N('sha256', sha256_hex()[:12])}, fichier /root/.ash_history) :

python -m build
twine upload -u __token__ -p {L('pypi_token', t)} dist/*
rm -rf dist build
"""


@case("shell_history", "en")
def _():
    return f"""PowerShell history of my lab admin account (attached for reproducibility; host names are lab-only):

Get-ADUser -Filter 'Enabled -eq $false' -SearchBase 'OU=Lab,DC=lab,DC=local' | Measure-Object
Test-NetConnection {N('infrastructure_info', 'dc01.lab.local')} -Port 389
Test-NetConnection {N('infrastructure_info', priv_ip())} -Port 445
Get-FileHash .\\exploit.dll -Algorithm SHA256   # {N('sha256', sha256_hex().upper())}
$cred = Get-Credential
Enter-PSSession -ComputerName {N('infrastructure_info', 'ws-lab-07')} -Credential $cred
"""


@case("shell_history", "fr")
def _():
    pw = password(0)
    return f"""~/.mysql_history du compte de l'éditeur (lisible par tous sur le serveur mutualisé) :

use crm_prod;
CREATE USER 'export_bi'@'%' IDENTIFIED BY '{L('password_assignment', pw)}';
GRANT SELECT ON crm_prod.* TO 'export_bi'@'%';
UPDATE clients SET email='{L('email_address', 'b.lemarchand@sfr.fr')}', tel='{L('phone_number', fr_mobile())}' WHERE id=88213;
SELECT nom, date_naissance FROM clients WHERE id=88213;
"""


@case("shell_history", "en")
def _():
    pw1, pw2 = password(0), password(1)
    return f"""root's history on the NAS (via the unauthenticated backup download):

wget --user=backup --password={L('password_assignment', pw1)} ftp://{L('private_ip', priv_ip())}/exports/nightly.tgz
smbclient //{L('internal_hostname', 'nas02')}/scans -U 'WORKGROUP\\scanner%{L('password_assignment', pw2)}' -c 'ls'
lftp -e 'mirror /pub' ftp://{N('anonymous_ftp', 'anonymous:guest')}@ftp.example-mirror.org
"""


@case("shell_history", "fr")
def _():
    return f"""Historique de l'administrateur de l'appliance (aucune valeur secrète tapée : commandes interactives uniquement) :

passwd
chage -m 1 -M 90 -W 7 admin
grep -i password /etc/ssh/sshd_config
sed -i 's/^PasswordAuthentication yes/PasswordAuthentication no/' /etc/ssh/sshd_config
grep minlen /etc/security/pwquality.conf   # minlen = {N('setting', '12')}
systemctl reload sshd
date   # {N('timestamp', 'mar. 18 févr. 2025 14:02:11 CET')}
"""


@case("shell_history", "en")
def _():
    sk = stripe("sk_live_", 24)
    xb = slack_bot()
    return f"""fish history (~/.local/share/fish/fish_history) in the same backup:

- cmd: curl https://api.stripe.com/v1/charges?limit=3 -u {L('stripe_key', sk)}:
  when: 1739260041
- cmd: curl -X POST -H 'Authorization: Bearer {L('slack_token', xb, 'authorization_header')}' -d channel=C0{rs(UPPER + DIG, 8)} -d text=deploy-ok https://slack.com/api/chat.postMessage
  when: 1739260118
"""


# --------------------------------------------------------------------------- sql_dump
@case("sql_dump", "fr")
def _():
    return f"""Extrait de `sauvegarde_boutique_2025-02-14.sql` (téléchargeable à la racine du site) :

--
-- Dumping data for table `clients`
--
INSERT INTO `clients` (`id`, `nom`, `prenom`, `email`, `tel`, `date_naissance`, `iban`, `cree_le`) VALUES
({N('order_id', '5501')},'Vasseur','Ophélie','{L('email_address', 'ophelie.vasseur@hotmail.fr')}','{L('phone_number', fr_mobile())}','{L('date_of_birth', '1990-10-22')}','{L('iban', iban('FR'))}','{N('timestamp', '2023-04-01 10:12:00')}'),
({N('order_id', '5502')},'N\\'Guessan','Aya','{L('email_address', 'aya.nguessan@yahoo.fr')}',NULL,'{L('date_of_birth', '1977-01-05')}','{L('iban', iban('BE'))}','{N('timestamp', '2023-04-02 18:40:31')}');
"""


@case("sql_dump", "en")
def _():
    return f"""users table from the exposed `db.sql.gz` (two rows shown, hashes and tokens are live):

INSERT INTO public.users (id, email, password_hash, api_token, created_at, is_admin) VALUES
(1, '{L('email_address', 'lars.oyelaran@fastmail.com')}', '{L('password_hash', argon2id())}', '{L('github_token', gh_token('gho_'), opt=True)}', '{N('timestamp', '2022-01-11 09:00:00+00')}', true),
(2, '{L('email_address', 'wren.castellanos@icloud.com')}', '{L('password_hash', bcrypt_hash(12))}', NULL, '{N('timestamp', '2022-03-29 14:27:10+00')}', false);
SELECT pg_catalog.setval('public.users_id_seq', 7731, true);
"""


@case("sql_dump", "fr")
def _():
    n = nir(1, 49, 7, "59")
    return f"""Table `patients` du logiciel de cabinet (dump MySQL accessible via /phpmyadmin sans mot de passe) :

INSERT INTO patients (num_dossier, nom, prenom, nir, naissance, medecin_traitant, antecedents, allergies) VALUES
('{N('record_id', 'P-' + digits(6))}', 'DELCOURT', 'Raymond', '{L('national_id', nir(1, 49, 7, '59', spaced=False))}', '{L('date_of_birth', '1949-07-30')}', 'Dr Vannier', '{L('health_data', 'BPCO stade 2, pontage coronarien 2016')}', '{L('health_data', 'pénicilline')}'),
('{N('record_id', 'P-' + digits(6))}', 'HADJ-SAÏD', 'Leïla', '{L('national_id', nir(2, 95, 11, '62', spaced=False))}', '{L('date_of_birth', '1995-11-02')}', 'Dr Vannier', '{L('health_data', 'grossesse 24 SA, diabète gestationnel')}', NULL);
"""


@case("sql_dump", "en")
def _():
    rows = []
    for i in range(3):
        rows.append(f"('{N('uuid', uuid4())}', '{N('order_id', 'ORD-' + digits(8))}', 'sku-{digits(4)}', {rng.randint(1, 5)}, {N('amount', str(rng.randint(5, 900)) + '.' + digits(2))}, 'EUR', '{N('timestamp', f'2025-02-{10 + i:02d} 1{i}:0{i}:3{i}')}')")
    body = ",\n".join(rows)
    return f"""Schema and sample rows of the `orders` table (nothing personal; it shows the integer overflow in `quantity`):

CREATE TABLE orders (
  id uuid PRIMARY KEY,
  order_ref varchar(16) NOT NULL,
  sku varchar(32) NOT NULL,
  quantity smallint NOT NULL,
  total numeric(10,2) NOT NULL,
  currency char(3) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO orders VALUES
{body};
-- dump checksum {N('md5', md5_hex())}, pg_dump {N('version', '16.1')}
"""


@case("sql_dump", "fr")
def _():
    return f"""Table `salaries` de l'outil de paie (dump trouvé dans le bucket de sauvegarde public) :

INSERT INTO salaries (matricule, nom, prenom, num_secu, salaire_brut_mensuel, prime_annuelle, motif_depart) VALUES
('M1107', 'PAGÈS', 'Rodolphe', '{L('national_id', nir(1, 83, 4, '34'))}', {L('employment_data', '4215.00')}, {L('employment_data', '3500.00')}, NULL),
('M1152', 'OUEDRAOGO', 'Awa', '{L('national_id', nir(2, 90, 12, '75'))}', {L('employment_data', '2890.50')}, {L('employment_data', '0.00', opt=True)}, '{L('employment_data', 'licenciement pour faute grave')}');
"""


@case("sql_dump", "en")
def _():
    ph = "$P$B" + rs(CRYPT, 30)
    return f"""wp_users from the WordPress backup (`/wp-content/backup-db/` directory listing enabled):

INSERT INTO `wp_users` VALUES
(1,'siteadmin','{L('password_hash', ph)}','siteadmin','{L('email_address', 'delphine.achterberg@kpnmail.nl')}','','{N('timestamp', '2019-05-02 11:23:41')}','',0,'siteadmin'),
(2,'editor_jm','{L('password_hash', '$P$B' + rs(CRYPT, 30))}','editor_jm','{L('email_address', 'jm.okafor@outlook.com')}','https://jmokafor.blog','{N('timestamp', '2021-08-14 07:02:19')}','',0,'J. M. Okafor');
"""


@case("sql_dump", "fr")
def _():
    return f"""Table `parametres` (configuration applicative) — incluse pour montrer que l'option de verrouillage est désactivée ; aucun secret dans cette table :

INSERT INTO parametres (cle, valeur, modifie_le) VALUES
('mdp_longueur_min', '{N('setting', '12')}', '{N('timestamp', '2024-06-01 09:00:00')}'),
('mdp_expiration_jours', '90', '{N('timestamp', '2024-06-01 09:00:00')}'),
('verrouillage_apres_echecs', '0', '{N('timestamp', '2024-11-19 16:45:12')}'),
('smtp_hote', '{N('infrastructure_info', 'relais-smtp.interne.lan')}', '{N('timestamp', '2024-06-01 09:00:00')}'),
('smtp_mot_de_passe', NULL, '{N('timestamp', '2024-06-01 09:00:00')}'),
('api_cle_cartographie', '{N('placeholder', '********')}', '{N('timestamp', '2024-06-01 09:00:00')}'),
('contact_support', '{N('company_contact', 'support@exemple-editeur.fr')}', '{N('timestamp', '2024-06-01 09:00:00')}'),
('version_schema', '{N('version', '42.3')}', '{N('timestamp', '2025-01-07 08:30:00')}');
"""


@case("sql_dump", "en")
def _():
    v, a = card("visa"), card("amex")
    return f"""Legacy `payment_methods` table (kept "for refunds") in the same dump:

INSERT INTO payment_methods (customer_id, holder, pan, exp, cvv, billing_address) VALUES
(4410, 'Imogen Delacourt-Baptiste', '{L('payment_card', v)}', '09/27', '{L('payment_card', digits(3), opt=True)}', '{L('postal_address', '1180 Prospect Ave, Brooklyn, NY 11218')}'),
(4411, 'Henrik Solberg', '{L('payment_card', a)}', '02/26', '{L('payment_card', digits(4), opt=True)}', '{L('postal_address', 'Thereses gate 14B, 0452 Oslo')}');
"""


@case("sql_dump", "fr")
def _():
    l1, l2 = mrz_td3("FRA", "ESCANDE", ["MAXENCE"], "17FT" + "62039", "FRA", "881104", "M", "270823")
    return f"""Table `voyageurs` de l'agence (dump PostgreSQL en COPY, fichier `agence.sql` exposé) :

COPY public.voyageurs (id, nom, prenom, naissance, passeport, mrz1, mrz2, pnr, vol, siege) FROM stdin;
{N('order_id', '9021')}\tESCANDE\tMaxence\t{L('date_of_birth', '1988-11-04')}\t{L('identity_document', '17FT62039')}\t{L('identity_document', l1)}\t{L('identity_document', l2)}\t{L('travel_record', pnr())}\t{L('travel_record', 'AF0084')}\t{L('travel_record', '41E', opt=True)}
\\.
"""


@case("sql_dump", "en")
def _():
    return f"""audit_log rows (IPs are stored as salted hashes, user ids are internal) — shown to explain the missing `actor` column:

INSERT INTO audit_log (id, ts, actor_id, ip_hash, action, target, user_agent) VALUES
('{N('uuid', uuid4())}', '{N('timestamp', '2025-02-03 10:01:12')}', 88, '{N('sha256', sha256_hex())}', 'export', 'report:{N('uuid', uuid4())}', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)'),
('{N('uuid', uuid4())}', '{N('timestamp', '2025-02-03 10:02:55')}', 88, '{N('sha256', sha256_hex())}', 'password_reset', 'user:412', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)'),
('{N('uuid', uuid4())}', '{N('timestamp', '2025-02-03 10:04:30')}', 12, '{N('sha256', sha256_hex())}', 'login', 'session:{N('hex_id', hexs(16))}', 'okhttp/4.12.0');
"""


@case("sql_dump", "fr")
def _():
    gk, sg = google_key(), sendgrid()
    t = jwt({"sub": "partenaire-42", "scope": "commandes:lecture", "iat": 1735689600})
    return f"""Tables `cles_api` et `jetons_oauth` du même dump :

INSERT INTO cles_api (service, cle, actif) VALUES
('cartographie', '{L('google_api_key', gk)}', 1),
('emailing', '{L('sendgrid_key', sg)}', 1),
('sms', '{N('placeholder', 'A_RENSEIGNER')}', 0);
INSERT INTO jetons_oauth (client, jeton, expire) VALUES ('partenaire-42', '{L('jwt', t)}', NULL);
"""


@case("sql_dump", "en")
def _():
    return f"""`applicants` table of the loan pre-qualification tool (the dump is linked from robots.txt...):

INSERT INTO applicants (first, last, ssn, dob, street, city, state, zip, annual_income, employer) VALUES
('Marisol','Featherstone','{L('national_id', ssn())}','{L('date_of_birth', '1984-12-19')}','{L('postal_address', "4417 Quail Hollow Dr', 'Tulsa', 'OK', '74133")}',{L('employment_data', '58200')},'Crestline Freight'),
('Dmitri','Aalto-Bright','{L('national_id', ssn())}','{L('date_of_birth', '1971-06-06')}','{L('postal_address', "88 Cobb Street Apt 2', 'Burlington', 'VT', '05401")}',{L('employment_data', '103500')},'self-employed');
"""


@case("sql_dump", "fr")
def _():
    return f"""Jeu de données de démonstration livré avec le produit (`demo.sql`) — entièrement fictif et masqué, fourni pour reproduire l'injection :

INSERT INTO contacts (id, nom, courriel, telephone, commentaire) VALUES
(1, 'Client Démo', '{N('redacted', '[supprimé]')}', '{N('placeholder', '0X XX XX XX XX')}', 'créé le {N('date', '01/01/2024')}'),
(2, 'Client Démo 2', '{N('redacted', '[supprimé]')}', '{N('placeholder', '0X XX XX XX XX')}', 'commande {N('order_id', 'CMD-' + digits(7))}'),
(3, '\\' OR 1=1 -- ', NULL, NULL, 'charge utile de test');
-- généré par fixtures v{N('version', '1.2.0')} ({N('uuid', uuid4())})
"""


# --------------------------------------------------------------------------- stack_trace
@case("stack_trace", "en")
def _():
    pw = password(0)
    return f"""The error page (Sentry-style, rendered to anonymous users) shows frame locals:

Traceback (most recent call last):
  File "/app/accounts/views.py", line 88, in login
    user = backend.authenticate(request, username=username, password=password)
  File "/app/accounts/ldap_backend.py", line 41, in authenticate
    conn.simple_bind_s(dn, password)
ldap.INVALID_CREDENTIALS: {{'desc': 'Invalid credentials'}}

Local variables in frame "authenticate":
    dn        = 'uid=c.wainwright,ou=staff,dc=example,dc=org'
    username  = 'c.wainwright'
    password  = '{L('password_assignment', pw)}'
    email     = '{L('email_address', 'clara.wainwright@example-university.ac.uk')}'
    server    = 'ldap://{L('internal_hostname', 'ldap-staff.ad.example-university.ac.uk')}'
"""


@case("stack_trace", "fr")
def _():
    pw = password(1)
    return f"""Trace renvoyée par l'API quand le paramètre `tri` contient une apostrophe (la chaîne JDBC complète est dans le message) :

java.sql.SQLException: Access denied for user 'appli'@'{L('private_ip', priv_ip())}' (using password: YES)
	at com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:130)
	at com.mysql.cj.jdbc.ConnectionImpl.createNewIO(ConnectionImpl.java:828)
	at fr.exemple.rdv.dao.Pool.ouvrir(Pool.java:57) [url={L('connection_string', 'jdbc:mysql://bdd-rdv.interne:3306/rdv?user=appli&password=' + pw + '&useSSL=false')}]
	at fr.exemple.rdv.web.RechercheServlet.doGet(RechercheServlet.java:112)
"""


@case("stack_trace", "en")
def _():
    return f"""NullPointerException when the `locale` header is missing (no sensitive data in the trace):

2025-02-12 15:40:03.118 ERROR 1 --- [nio-8080-exec-9] o.a.c.c.C.[.[.[/].[dispatcherServlet] : Servlet.service() threw exception [request id {N('uuid', uuid4())}]
java.lang.NullPointerException: Cannot invoke "String.toLowerCase()" because "locale" is null
	at com.example.i18n.LocaleResolver.resolve(LocaleResolver.java:44)
	at com.example.web.ReportController.render(ReportController.java:129)
	at org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:{N('line_no', '885')})
	at java.base/java.lang.Thread.run(Thread.java:1583)
Build: {N('version', '3.12.4')} ({N('git_sha', git_sha()[:10])}), JVM 21.0.2, thread id {N('thread_id', '0x00007f3a' + hexs(8))}
"""


@case("stack_trace", "fr")
def _():
    ak = "base64:" + b64e(rbytes(32))
    pw1, pw2 = password(0), password(1)
    return f"""Page d'erreur Laravel (APP_DEBUG=true en production), onglet « Environment » :

Illuminate\\Database\\QueryException
SQLSTATE[42S22]: Column not found: 1054 Unknown column 'tri' in 'order clause'

APP_ENV        production
APP_KEY        {L('password_assignment', ak)}
DB_HOST        {L('private_ip', priv_ip())}
DB_USERNAME    laravel
DB_PASSWORD    {L('password_assignment', pw1)}
MAIL_MAILER    smtp
MAIL_USERNAME  notifications@cabinet-exemple.fr
MAIL_PASSWORD  {L('password_assignment', pw2)}
SESSION_DRIVER redis
"""


@case("stack_trace", "en")
def _():
    t = jwt({"sub": "7f3c1e", "email": "ops@tenant-41.example-saas.com", "roles": ["admin"], "exp": 1740999999}, "RS256", kid="k-2025-01")
    return f"""Unhandled rejection printed to the browser console AND sent to the public status-page log; axios dumps its whole config:

AxiosError: Request failed with status code 502
    at settle (/app/node_modules/axios/lib/core/settle.js:19:12)
    at IncomingMessage.handleStreamEnd (/app/node_modules/axios/lib/adapters/http.js:599:11) {{
  code: 'ERR_BAD_RESPONSE',
  config: {{
    url: 'http://{L('internal_hostname', 'billing-svc.prod.svc.cluster.local')}:8080/v1/invoices',
    method: 'get',
    headers: {{
      Accept: 'application/json',
      Authorization: '{L('authorization_header', 'Bearer ' + t, 'jwt')}',
      'User-Agent': 'axios/1.6.7'
    }},
    timeout: 5000
  }}
}}
"""


@case("stack_trace", "fr")
def _():
    return f"""Exception .NET côté serveur (messages en français, aucune donnée sensible dans la pile) :

System.InvalidOperationException: La séquence ne contient aucun élément.
   à System.Linq.ThrowHelper.ThrowNoElementsException()
   à Exemple.Portail.Services.FactureService.Derniere(Guid clientId) dans D:\\a\\1\\s\\src\\Services\\FactureService.cs:ligne 212
   à Exemple.Portail.Controllers.FacturesController.Get(Guid id) dans D:\\a\\1\\s\\src\\Controllers\\FacturesController.cs:ligne 48
Identifiant de corrélation : {N('uuid', uuid4())}
Horodatage : {N('timestamp', '2025-02-24T11:05:40.2231457+01:00')}  —  version {N('version', '8.0.2')}  —  hôte {N('infrastructure_info', 'WEB-PRD-04')}
"""


@case("stack_trace", "en")
def _():
    pw = password(1)
    sk = stripe("sk_live_", 24)
    return f"""The Go service panics on an empty cart and the panic handler prints the config struct with %+v:

panic: runtime error: index out of range [0] with length 0

goroutine 41 [running]:
main.(*Checkout).firstItem(...)
	/src/checkout/checkout.go:77
main.(*Server).handleCheckout(0xc0001a2000, {{0x9b8f40, 0xc0004c01c0}}, 0xc0001f6200)
	/src/checkout/server.go:152 +0x2d4
cfg=&{{DSN:{L('connection_string', 'postgres://checkout:' + pw + '@10.8.4.21:5432/shop?sslmode=disable', 'url_credentials')} StripeKey:{L('stripe_key', sk)} Port:8080 Debug:true}}
"""


@case("stack_trace", "fr")
def _():
    c = card("mc")
    sid = rs("abcdefghijklmnopqrstuvwxyz0123456789", 32)
    return f"""Page de debug Django (DEBUG = True) obtenue en envoyant un formulaire de souscription incomplet — section « Request information » :

POST
Variable            Value
csrfmiddlewaretoken '{N('csrf_token', rs(ALNUM, 64))}'
nom                 'Quéméner'
prenom              'Armelle'
date_naissance      '{L('date_of_birth', '1963-02-27')}'
carte               '{L('payment_card', group4(c))}'
cryptogramme        '{L('payment_card', digits(3), opt=True)}'
COOKIES
sessionid           '{L('session_cookie', sid)}'
csrftoken           '{N('csrf_token', rs(ALNUM, 32))}'
"""


@case("stack_trace", "en")
def _():
    return f"""Rust panic with RUST_BACKTRACE=1 (no data involved — it's a parser bug on a 0-length TLV):

thread 'main' panicked at src/tlv.rs:88:21:
range end index 4 out of range for slice of length 0
stack backtrace:
   0: rust_begin_unwind
             at /rustc/{N('git_sha', git_sha())}/library/std/src/panicking.rs:645:5
   1: core::slice::index::slice_end_index_len_fail
   2: fwparse::tlv::Record::parse
             at ./src/tlv.rs:88:21
   3: fwparse::main
             at ./src/main.rs:31:17
note: input file sha256 {N('sha256', sha256_hex())}, crate version {N('version', '0.9.3')}
"""


@case("stack_trace", "fr")
def _():
    return f"""Traceback Python renvoyé par le service de téléconsultation (variables locales affichées par le mode debug) :

Traceback (most recent call last):
  File "/srv/teleconsult/ordonnance.py", line 214, in generer_pdf
    rendu = gabarit.render(patient=patient, prescription=prescription)
jinja2.exceptions.UndefinedError: 'dict object' has no attribute 'posologie'

Variables locales :
  patient = {{'nom': 'LE GUENNEC', 'prenom': 'Yann', 'naissance': '{L('date_of_birth', '1958-09-14')}', 'nir': '{L('national_id', nir(1, 58, 9, '29'))}', 'adresse': '{L('postal_address', '2 hent Kerlaeron, 29900 Concarneau')}'}}
  prescription = {{'molecule': '{L('health_data', 'lévothyroxine 75 µg')}', 'motif': '{L('health_data', 'hypothyroïdie post-thyroïdectomie')}'}}
"""


@case("stack_trace", "en")
def _():
    sess = b64e(rbytes(60)).rstrip("=") + "--" + hexs(40)
    return f"""Rails error page in production (config.consider_all_requests_local = true):

ActiveRecord::RecordInvalid in RefundsController#create
Validation failed: Amount must be less than or equal to 500

Request parameters:
{{"refund"=>{{"iban"=>"{L('iban', iban('DE'))}", "account_holder"=>"Friederike Osterhagen", "phone"=>"{L('phone_number', de_mobile())}", "amount"=>"{N('amount', '612.00')}"}}}}
Headers:
HTTP_COOKIE: _refundly_session={L('session_cookie', sess)}
HTTP_X_REQUEST_ID: {N('uuid', uuid4())}
"""


@case("stack_trace", "fr")
def _():
    return f"""Trace Sentry que l'éditeur m'a transmise (les données sont déjà filtrées par le SDK, rien de sensible) :

KeyError: 'montant'
  File "paiement/api.py", line 301, in rembourser
    montant = payload["montant"]
Contexte :
  payload = {{'iban': '{N('redacted', '[Filtered]')}', 'titulaire': '{N('redacted', '[Filtered]')}', 'motif': 'retour produit'}}
  headers = {{'Authorization': '{N('redacted', '[Filtered]')}', 'X-Correlation-Id': '{N('uuid', uuid4())}'}}
  password = '{N('placeholder', '********')}'
Release : paiement@{N('version', '5.2.0')}+{N('git_sha', git_sha()[:7])}   Événement : {N('hex_id', hexs(32))}
"""


@case("stack_trace", "en")
def _():
    pw = password(0)
    sas = azure_sas("rw", se="2025-06-30T00:00:00Z", st="2025-02-01T00:00:00Z")
    return f"""Two exceptions from the same debug endpoint (`/actuator/logfile`):

org.springframework.mail.MailAuthenticationException: Authentication failed; nested exception is jakarta.mail.AuthenticationFailedException: 535 5.7.3 Authentication unsuccessful
	at org.springframework.mail.javamail.JavaMailSenderImpl.doSend(JavaMailSenderImpl.java:402)
	mail.properties: {{mail.smtp.host=smtp.office365.com, mail.smtp.user=noreply@example-insure.com, mail.smtp.password={L('password_assignment', pw)}}}

com.azure.storage.blob.models.BlobStorageException: Status code 403, "AuthorizationPermissionMismatch"
	at com.example.claims.Upload.put(Upload.java:66)
	url: https://stclaimsprod.blob.core.windows.net/claims/2025/02/claim-88412.pdf?{L('azure_sas_token', sas)}
"""


# --------------------------------------------------------------------------- xml_document (NEW)
@case("xml_document", "en")
def _():
    p1, p2 = password(0), password(1)
    return f"""conf/tomcat-users.xml, downloadable through the path traversal in the docs servlet:

<?xml version="1.0" encoding="UTF-8"?>
<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
  <role rolename="manager-gui"/>
  <user username="tc-admin" password="{L('password_assignment', p1)}" roles="manager-gui,admin-gui"/>
  <user username="deployer" password="{L('password_assignment', p2)}" roles="manager-script"/>
  <!-- <user username="role1" password="{N('placeholder', '<must-be-changed>')}" roles="role1"/> -->
</tomcat-users>
"""


@case("xml_document", "fr")
def _():
    pw = password(1)
    return f"""~/.m2/settings.xml de l'agent de build (présent dans l'image Docker publique de l'intégrateur) :

<settings>
  <servers>
    <server>
      <id>nexus-interne</id>
      <username>deploiement</username>
      <password>{L('password_assignment', pw)}</password>
    </server>
    <server>
      <id>nexus-snapshots</id>
      <username>${{env.NEXUS_USER}}</username>
      <password>{N('placeholder', '${env.NEXUS_PASSWORD}')}</password>
    </server>
  </servers>
  <mirrors><mirror><id>central</id><url>https://{L('internal_hostname', 'nexus.build.interne-exemple.fr')}/repository/maven-public/</url><mirrorOf>*</mirrorOf></mirror></mirrors>
</settings>
"""


@case("xml_document", "en")
def _():
    return f"""pom.xml of the affected module (public), showing the vulnerable dependency:

<project xmlns="http://maven.apache.org/POM/4.0.0">
  <groupId>com.example.gateway</groupId>
  <artifactId>gateway-core</artifactId>
  <version>{N('version', '2.7.14')}</version>
  <dependencies>
    <dependency>
      <groupId>org.apache.commons</groupId>
      <artifactId>commons-text</artifactId>
      <version>{N('version', '1.9')}</version> <!-- CVE-2022-42889, {N('cvss_vector', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')} -->
    </dependency>
  </dependencies>
  <properties>
    <password.minLength>{N('setting', '12')}</password.minLength>
    <build.commit>{N('git_sha', git_sha())}</build.commit>
    <sbom.sha256>{N('sha256', sha256_hex())}</sbom.sha256>
  </properties>
</project>
"""


@case("xml_document", "fr")
def _():
    return f"""Assertion SAML capturée dans le navigateur (l'IdP envoie des attributs personnels à un fournisseur de service qui n'en a pas besoin) :

<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{N('hex_id', hexs(32))}" IssueInstant="{N('timestamp', '2025-02-26T08:12:44Z')}" Version="2.0">
  <saml2:Issuer>https://idp.exemple-collectivite.fr/saml</saml2:Issuer>
  <saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">{N('opaque_id', b64e(rbytes(24)))}</saml2:NameID></saml2:Subject>
  <saml2:AttributeStatement>
    <saml2:Attribute Name="urn:oid:0.9.2342.19200300.100.1.3"><saml2:AttributeValue>{L('email_address', 'pierre-yves.lhermitte@mairie-exemple.fr', opt=True)}</saml2:AttributeValue></saml2:Attribute>
    <saml2:Attribute Name="dateNaissance"><saml2:AttributeValue>{L('date_of_birth', '1974-05-30')}</saml2:AttributeValue></saml2:Attribute>
    <saml2:Attribute Name="adressePostale"><saml2:AttributeValue>{L('postal_address', '11 rue des Vignerons, 51100 Reims')}</saml2:AttributeValue></saml2:Attribute>
    <saml2:Attribute Name="telephoneMobile"><saml2:AttributeValue>{L('phone_number', fr_mobile(intl=True))}</saml2:AttributeValue></saml2:Attribute>
  </saml2:AttributeStatement>
</saml2:Assertion>
"""


@case("xml_document", "en")
def _():
    key = pem_openssh()
    return f"""JENKINS_HOME/credentials.xml from the world-readable backup. The first secret is encrypted with the instance key (also in the backup); the SSH key is stored in clear:

<com.cloudbees.plugins.credentials.SystemCredentialsProvider plugin="credentials@1337.v60b_d7b_c7b_c9f">
  <domainCredentialsMap class="hudson.util.CopyOnWriteMap$Hash">
    <entry>
      <com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>
        <id>nexus-deploy</id>
        <username>deployer</username>
        <password>{L('password_assignment', '{AQAAABAAAAAQ' + b64e(rbytes(48)) + '}', opt=True)}</password>
      </com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>
      <com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey>
        <id>git-ssh</id>
        <privateKeySource class="com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey$DirectEntryPrivateKeySource">
          <privateKey>{L('private_key', key)}</privateKey>
        </privateKeySource>
      </com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey>
    </entry>
  </domainCredentialsMap>
</com.cloudbees.plugins.credentials.SystemCredentialsProvider>
"""


@case("xml_document", "fr")
def _():
    t = jwt({"sub": "cli_20931", "device": "android", "iat": 1739800000, "exp": 1742392000})
    return f"""/data/data/fr.exemple.banque/shared_prefs/session.xml, extrait d'une sauvegarde adb (android:allowBackup="true") :

<?xml version='1.0' encoding='utf-8' standalone='yes' ?>
<map>
    <string name="auth_token">{L('jwt', t)}</string>
    <string name="user_email">{L('email_address', 'c.rabemananjara@gmail.com')}</string>
    <string name="user_phone">{L('phone_number', fr_mobile())}</string>
    <string name="code_pin_cache">{L('password_assignment', digits(6))}</string>
    <boolean name="biometrie_active" value="true" />
    <string name="install_id">{N('uuid', uuid4())}</string>
    <long name="derniere_synchro" value="{N('timestamp', '1739801234567')}" />
</map>
"""


@case("xml_document", "en")
def _():
    c = card("visa")
    pw = password(1)
    return f"""SOAP request logged by the payment gateway's "message tracing" feature (tenant-visible):

<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
  <soapenv:Header>
    <wsse:Security><wsse:UsernameToken>
      <wsse:Username>merchant_88120</wsse:Username>
      <wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">{L('password_assignment', pw)}</wsse:Password>
    </wsse:UsernameToken></wsse:Security>
  </soapenv:Header>
  <soapenv:Body>
    <pay:Authorize xmlns:pay="urn:example:payments:v3">
      <pay:CardNumber>{L('payment_card', c)}</pay:CardNumber>
      <pay:Expiry>2028-03</pay:Expiry>
      <pay:Holder>Bartholomew Nwachukwu</pay:Holder>
      <pay:Amount currency="USD">{N('amount', '349.00')}</pay:Amount>
    </pay:Authorize>
  </soapenv:Body>
</soapenv:Envelope>
"""


@case("xml_document", "fr")
def _():
    return f"""context.xml après correction (les valeurs sont injectées au démarrage, aucune n'est dans le fichier) :

<Context>
  <Resource name="jdbc/rdv" auth="Container" type="javax.sql.DataSource"
            url="jdbc:postgresql://{N('infrastructure_info', 'bdd-rdv.interne')}:5432/rdv"
            username="${{db.user}}" password="{N('placeholder', '${db.password}')}"
            maxTotal="40" validationQuery="SELECT 1"/>
  <Environment name="politique/longueurMinMotDePasse" value="{N('setting', '12')}" type="java.lang.Integer"/>
  <Environment name="cle/api" value="{N('placeholder', 'xxxxxxxxxxxxxxxx')}" type="java.lang.String"/>
  <!-- version {N('version', '9.0.85')}, empreinte {N('sha256', sha256_hex())} -->
</Context>
"""


@case("xml_document", "en")
def _():
    return f"""SOAP response of `GetCustomer` — any authenticated partner can query any customer number:

<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">
  <soap:Body>
    <GetCustomerResponse xmlns="urn:example:crm">
      <Customer id="C-{digits(7)}">
        <FullName>Rosalind Achebe-Montgomery</FullName>
        <SSN>{L('national_id', ssn())}</SSN>
        <BirthDate>{L('date_of_birth', '1969-04-17')}</BirthDate>
        <HomeAddress>{L('postal_address', '902 Willow Bend Rd, Marietta, GA 30064')}</HomeAddress>
        <Email>{L('email_address', 'rosalind.am@bellsouth.net')}</Email>
        <AccountOpened>{N('date', '2004-09-01')}</AccountOpened>
      </Customer>
    </GetCustomerResponse>
  </soap:Body>
</soap:Envelope>
"""


@case("xml_document", "fr")
def _():
    return f"""Métadonnées SAML du fournisseur de service (document public, publié à l'adresse /saml/metadata) :

<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sp.exemple-editeur.fr/saml" validUntil="{N('timestamp', '2026-01-01T00:00:00Z')}">
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>{N('certificate', b64e(rbytes(420)))}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.exemple-editeur.fr/saml/acs" index="0"/>
  </md:SPSSODescriptor>
  <md:ContactPerson contactType="technical"><md:EmailAddress>{N('company_contact', 'mailto:securite@exemple-editeur.fr')}</md:EmailAddress></md:ContactPerson>
</md:EntityDescriptor>
"""


@case("xml_document", "en")
def _():
    pat = rs("abcdefghijklmnopqrstuvwxyz234567", 52)
    return f"""NuGet.config committed at the root of the public SDK repository:

<configuration>
  <packageSources>
    <add key="internal" value="https://pkgs.dev.azure.com/example-corp/_packaging/internal/nuget/v3/index.json" />
  </packageSources>
  <packageSourceCredentials>
    <internal>
      <add key="Username" value="build@example-corp.com" />
      <add key="ClearTextPassword" value="{L('password_assignment', pat)}" />
    </internal>
  </packageSourceCredentials>
</configuration>
"""


@case("xml_document", "fr")
def _():
    pw = password(0)
    return f"""sitemanager.xml de FileZilla, trouvé dans le profil itinérant partagé (\\\\{L('internal_hostname', 'srv-profils')}\\profils$\\mlacroix\\AppData\\Roaming\\FileZilla\\) :

<FileZilla3 version="3.66.4" platform="windows">
  <Servers>
    <Server>
      <Host>{L('private_ip', priv_ip())}</Host>
      <Port>21</Port>
      <Protocol>0</Protocol>
      <User>maj-site</User>
      <Pass encoding="base64">{L('password_assignment', b64e(pw.encode()))}</Pass>
      <Name>Serveur web vitrine</Name>
    </Server>
  </Servers>
</FileZilla3>
"""


# --------------------------------------------------------------------------- ticket_export (NEW)
@case("ticket_export", "en", reporter="h.ostrowski.sec@proton.me")
def _():
    return fill('''Jira export of the vendor ticket (I was added as a participant; attached because the comments contain the DB credentials):

{"key": "OPS-4471", "fields": {
  "summary": "Reporting replica unreachable after migration",
  "reporter": {"displayName": "Hanna Ostrowski (external)", "emailAddress": "⟨rep⟩"},
  "created": "⟨c⟩",
  "comment": {"comments": [
    {"author": {"displayName": "Dev Oyelaran"}, "created": "2024-11-02T09:14:00.000+0000",
     "body": "works from my side, just logged in as app_rw with ⟨pw⟩ on ⟨host⟩"},
    {"author": {"displayName": "Hanna Ostrowski (external)"}, "created": "2025-02-20T16:02:11.000+0000",
     "body": "This credential is still valid today (checked with a single SELECT 1). Please rotate. — Hanna, ⟨rp⟩"}
  ]}
}}''', rep=N("reporter_contact", "h.ostrowski.sec@proton.me"), c=N("timestamp", "2024-11-01T17:40:22.000+0000"),
                pw=L("password_assignment", "Autumn!7"), host=L("internal_hostname", "rpt-replica-2.dc1.example.lan"),
                rp=N("reporter_contact", "+48 512 330 981"))


@case("ticket_export", "fr")
def _():
    n = nir(2, 66, 8, "69")
    return f"""Export texte d'un incident ServiceNow (l'instance laisse lire les incidents de tous les clients via l'API Table) :

Numéro : INC0{digits(6)}       Ouvert le : {N('timestamp', '2025-02-10 08:31:07')}
Appelant : Mme Christiane Bellamy-Roux
Catégorie : Demande RH / absences
Description courte : ne peut pas déclarer son arrêt dans le portail
Description :
La salariée appelle : son arrêt court du {L('health_data', '10/02 au 14/03 pour une chimiothérapie (cancer du sein)')}. Elle demande qu'on saisisse l'arrêt à sa place.
Numéro de sécu donné au téléphone : {L('national_id', n)}
Rappeler au {L('phone_number', fr_mobile())} après 14h.
Notes de travail :
[{N('timestamp', '2025-02-10 09:02')}] Transmis à la gestion des temps. Priorité 3.
"""


@case("ticket_export", "en", reporter="k.viljoen@redfence-labs.co.za")
def _():
    return fill('''GitHub issue as exported by the API (my own report, public repo; included so the PSIRT can correlate):

{
  "number": 2207,
  "title": "Crash in TLV parser on zero-length record 🐛",
  "user": {"login": "kviljoen-rf"},
  "state": "closed",
  "created_at": "⟨t1⟩",
  "body": "Reproducer attached (sha256 ⟨h⟩). Fixed by ⟨sha⟩ in ⟨ver⟩.\\n\\nKobus Viljoen — Redfence Labs\\n⟨em⟩ · ⟨ph⟩\\nPGP ⟨fp⟩",
  "labels": [{"name": "bug"}, {"name": "security"}],
  "reactions": {"+1": 4, "🎉": 2}
}''', t1=N("timestamp", "2025-01-28T10:02:44Z"), h=N("sha256", sha256_hex()), sha=N("git_sha", git_sha()),
                ver=N("version", "v0.9.4"), em=N("reporter_contact", "k.viljoen@redfence-labs.co.za"),
                ph=N("reporter_contact", "+27 21 555 0199"), fp=N("pgp_fingerprint", pgp_fpr(luhn_trap=True)))


@case("ticket_export", "fr")
def _():
    xb = slack_bot()
    return f"""Export texte du ticket Jira SUPPORT-8812 (projet ouvert aux clients) ; les commentaires de l'équipe interne y figurent aussi :

[SUPPORT-8812] Le coffre de la salle serveur ne s'ouvre plus après la coupure
Statut : Résolu   Priorité : Majeure   Créé : {N('date', '03/02/2025')}

Commentaire — Julien (exploitation), {N('timestamp', '03/02/2025 10:14')} :
le coffre se déverrouille avec la phrase « {L('password_assignment', 'les mouettes dorment sur le quai 7')} » puis le code est {L('password_assignment', '1815')}. Pensez à le changer après.

Commentaire — Sabrina (dev), {N('timestamp', '03/02/2025 11:02')} :
j'ai branché le bot d'alerte, au cas où : {L('slack_token', xb)} 🙏

Commentaire — support, {N('timestamp', '04/02/2025 09:00')} : clos.
"""


@case("ticket_export", "en")
def _():
    n = npm_token()
    return fill('''GitHub issue export (public repository), including the maintainer's debug output:

{"number": 512,
 "title": "Publish workflow fails with E401 😩",
 "body": "Here is my env, maybe something is off:\\n```\\nNODE_VERSION=20.11.1\\nNPM_TOKEN=⟨n⟩\\nCI=true\\nGITHUB_SHA=⟨sha⟩\\n```",
 "comments": [
   {"user": "maintainer-bot", "body": "Please never paste tokens. Use `${{ secrets.NPM_TOKEN }}` instead."}
 ]}''', n=L("npm_token", n), sha=N("git_sha", git_sha()))


@case("ticket_export", "fr", reporter="m.aubertin@securite-exemple.fr")
def _():
    return f"""Ticket de suivi ouvert côté PSIRT, export texte (tout ce qu'il contient est public ou m'appartient) :

Référence : {N('order_id', 'PSIRT-2025-' + digits(4))}     Canal : vulnérabilité
Destinataire : {N('psirt_address', 'psirt@thalesgroup.com')}
Déclarant : Mathilde Aubertin — {N('reporter_contact', 'm.aubertin@securite-exemple.fr')} — mon numéro, pour ce rapport : {N('reporter_contact', '06 12 ' + digits(2) + ' ' + digits(2) + ' ' + digits(2))}
Produit : passerelle XYZ {N('version', '4.2.0')} à {N('version', '4.2.3')}
Gravité : {N('cvss_vector', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')} (9,8)
Date de divulgation proposée : {N('date', '15/06/2025')}
Historique :
 - {N('date', '12/02/2025')} accusé de réception
 - {N('date', '26/02/2025')} reproduction confirmée par l'éditeur (build {N('git_sha', git_sha()[:8])})
Adresse de l'éditeur pour la facturation des frais de déplacement : {N('company_address', '4 rue de la Verrerie, 92190 Meudon')}
"""


@case("ticket_export", "en")
def _():
    c = card("mc")
    return f"""Zendesk ticket #{digits(6)} (exported via the unauthenticated /api/v2/tickets/{{id}}.json, rendered as text):

Subject: can't update my card!!
Requester: Peregrine Hallowell <{L('email_address', 'peregrine.hallowell@gmx.com')}>
Created: {N('timestamp', '2025-02-14 21:03 UTC')}

  > hi, the form keeps rejecting it so here it is: {L('payment_card', group4(c))} exp 05/29, the 3 digits are {L('payment_card', digits(3), opt=True)}
  > call me at {L('phone_number', us_phone())} if needed

Agent reply: Please never send card details by email. We have removed... (the original message is still returned by the API)
"""


@case("ticket_export", "fr")
def _():
    return fill('''Export JSON d'un ticket Jira du projet RH (le projet est en lecture publique par erreur) :

{"key": "RH-311", "fields": {
  "summary": "Contestation de la prime — Mme Yildirim",
  "description": "Mme Elif YILDIRIM conteste le calcul de sa prime 2024. Salaire de base ⟨sal⟩, prime versée ⟨prime⟩ au lieu de 3 000 € attendus.",
  "comment": {"comments": [
    {"author": {"displayName": "DRH"}, "body": "Rappel : ⟨eval⟩. La prime est conforme."}
  ]},
  "attachment": [{"filename": "⟨fn⟩", "size": 88211}],
  "created": "⟨c⟩"
}}''', sal=L("employment_data", "2 740 € brut mensuel"), prime=L("employment_data", "1 150 €"),
                eval=L("employment_data", "entretien annuel 2024 noté « insuffisant », objectifs commerciaux atteints à 61 %"),
                fn=L("employment_data", "bulletin_YILDIRIM_2024-12.pdf", opt=True), c=N("timestamp", "2025-01-09T10:22:00.000+0100"))


@case("ticket_export", "en")
def _():
    return fill('''Jira issue JSON (from the public issue tracker of the open-source component; nothing sensitive, shows the fix timeline):

{"id": "⟨id⟩", "key": "LIB-902",
 "fields": {
   "summary": "Password field accepts 4 characters",
   "description": "Policy says password_min_length: ⟨pml⟩ but the UI allows 4. Passwords are shown as ⟨mask⟩ in logs, fine.",
   "assignee": {"accountId": "⟨acc⟩", "displayName": "Maintainer"},
   "fixVersions": [{"name": "⟨fv⟩"}],
   "customfield_10020": [{"id": 88, "name": "Sprint 41", "startDate": "⟨sd⟩"}],
   "updated": "⟨up⟩"
 },
 "changelog": {"histories": [{"id": "⟨hid⟩", "items": [{"field": "status", "fromString": "Open", "toString": "Done"}]}]}}''',
                id=N("order_id", digits(6)), pml=N("setting", "12"), mask=N("redacted", "***"),
                acc=N("account_id", "5b10ac8d82e05b22cc7d4ef5"), fv=N("version", "3.4.1"),
                sd=N("date", "2025-02-03T09:00:00.000Z"), up=N("timestamp", "2025-02-19T15:31:08.000+0000"),
                hid=N("order_id", digits(5)))


@case("ticket_export", "fr")
def _():
    pw = password(1)
    return f"""Ticket GitLab (dépôt « infra » en visibilité interne, mais tout compte invité y accède) — export texte :

#87 Tableau de bord Grafana inaccessible
Ouvert par @tgirardot il y a 3 semaines

@tgirardot : essaie directement https://admin:{L('url_credentials', pw)}@{L('internal_hostname', 'grafana.supervision.interne')}/d/{N('hex_id', rs(ALNUM, 9))}/production
@nbenamar : ok ça marche. Pour le VPN site-à-site, le secret partagé qu'on a convenu avec le prestataire est {L('password_assignment', 'Gargouille-Hibou-2209')}, je le mets ici pour ne pas l'oublier 😅
@tgirardot : 👍 (on nettoiera plus tard)
"""


@case("ticket_export", "en")
def _():
    return f"""ServiceNow work notes (exported by the customer and forwarded to me; the customer asked me to include them in the report):

2025-02-07 22:41:10 - Sanjay Mehrotra (Work notes)
Tried the vendor's "recovery console" on {L('internal_hostname', 'hmi-line3.plant.local')}: I typed `{L('password_assignment', 'Vortex-33-recovery')}` and got a root shell. No password was ever set on that prompt by us.

2025-02-08 07:05:52 - Lucía Ferreira-Baptista (Work notes)
Confirmed. Note the same string works on line 4 ({L('private_ip', priv_ip())}).
"""


@case("ticket_export", "fr")
def _():
    l1, l2 = mrz_td3("FRA", "NDIAYE", ["OUMAR", "ABDOULAYE"], "22DL" + "40917", "FRA", "850612", "M", "320301")
    return f"""Demande de voyage (outil de tickets interne, export texte joint en pièce du ticket public par erreur) :

Demande n° {N('order_id', 'VOY-' + digits(5))} — Mission Singapour
Voyageur : Oumar NDIAYE, né le {L('date_of_birth', '12/06/1985')}
Passeport n° {L('identity_document', '22DL40917')} (copie MRZ pour le visa) :
{L('identity_document', l1)}
{L('identity_document', l2)}
Vols réservés : {L('travel_record', 'AF256 CDG-SIN 14/04 siège 32A')}, retour {L('travel_record', 'AF257 SIN-CDG 21/04')}
Référence dossier : {L('travel_record', pnr())}
Contact agence : {N('company_contact', 'voyages@agence-exemple.fr')}
"""


# =========================================================================== build / check
def build():
    rows, expect = [], []
    for i, (carrier, lang, reporter, fn) in enumerate(CASES, 1):
        marked = fn()
        text, labels, negs = parse(marked)
        row = {"id": f"b8b-{i:03d}", "carrier": carrier, "language": lang, "text": text,
               "labels": [l for l, _ in labels], "negatives": [n for n, _ in negs]}
        if reporter:
            row["reporter_email"] = reporter
        rows.append(row)
        expect.append(([v for _, v in labels], [v for _, v in negs]))
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return data, rows, expect


def js_slice(text, start, end):
    b = text.encode("utf-16-le")
    return b[2 * start:2 * end].decode("utf-16-le")


def sanity(rows, expect):
    errs = []
    ids = set()
    for row, (lvals, nvals) in zip(rows, expect):
        rid, text = row["id"], row["text"]
        if rid in ids:
            errs.append(f"{rid}: duplicate id")
        ids.add(rid)
        n16 = u16(text)
        if row["language"] not in ("en", "fr"):
            errs.append(f"{rid}: language")
        spans = []
        for lab, val in zip(row["labels"], lvals):
            s, e = lab["start"], lab["end"]
            if not (0 <= s < e <= n16):
                errs.append(f"{rid}: bad span {lab}")
                continue
            got = js_slice(text, s, e)
            if got != val:
                errs.append(f"{rid}: slice {got!r} != {val!r}")
            if got != got.strip() or not got:
                errs.append(f"{rid}: whitespace at span edge {got!r}")
            cat = lab["category"]
            if cat not in GROUP or lab["group"] != GROUP[cat]:
                errs.append(f"{rid}: category/group {lab}")
            if lab["severity"] not in (SEV[cat], "info"):
                errs.append(f"{rid}: severity {lab}")
            for a in lab.get("also", []):
                if a not in GROUP:
                    errs.append(f"{rid}: also {a}")
            # format checks of the invented values
            if cat == "payment_card" and lab["severity"] != "info" and not lab.get("optional"):
                d = re.sub(r"[ -]", "", got)
                if not (d.isdigit() and 13 <= len(d) <= 19 and luhn_ok(d)):
                    errs.append(f"{rid}: card not Luhn-valid {got!r}")
            if cat == "iban":
                if not iban_ok(got):
                    errs.append(f"{rid}: iban mod-97 {got!r}")
            if cat == "identity_document" and len(got) == 44 and got[0] != "P" and "<" in got:
                if not mrz_td3_ok(got):
                    errs.append(f"{rid}: MRZ check digits {got!r}")
            if cat == "jwt" or "jwt" in lab.get("also", []):
                tokm = re.search(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", got)
                if not tokm:
                    errs.append(f"{rid}: no jwt in {got!r}")
                else:
                    h = tokm.group(0).split(".")[0]
                    try:
                        json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))
                    except Exception:
                        errs.append(f"{rid}: jwt header not JSON")
            spans.append((s, e))
        spans.sort()
        for (a, b), (c, d) in zip(spans, spans[1:]):
            if c < b:
                errs.append(f"{rid}: overlapping labels {a}-{b} / {c}-{d}")
        for neg, val in zip(row["negatives"], nvals):
            s, e = neg["start"], neg["end"]
            if not (0 <= s < e <= n16) or js_slice(text, s, e) != val:
                errs.append(f"{rid}: bad negative {neg}")
            for a, b in spans:
                if s < b and a < e:
                    errs.append(f"{rid}: negative overlaps label {neg}")
        rep = row.get("reporter_email")
        if rep and rep not in text:
            errs.append(f"{rid}: reporter_email not in text")
    n = len(rows)
    fr = sum(r["language"] == "fr" for r in rows)
    if n < 165:
        errs.append(f"only {n} cases")
    if fr / n < 0.45:
        errs.append(f"French share {fr / n:.2%}")
    return errs


def stats(rows):
    from collections import Counter
    n = len(rows)
    fr = sum(r["language"] == "fr" for r in rows)
    clean = sum(1 for r in rows if not r["labels"])
    groups = Counter(l["group"] for r in rows for l in r["labels"])
    cats = Counter(l["category"] for r in rows for l in r["labels"])
    car = Counter((r["carrier"], r["language"]) for r in rows)
    negk = Counter(x["kind"] for r in rows for x in r["negatives"])
    return n, fr, clean, groups, cats, car, negk


def main():
    data, rows, expect = build()
    errs = sanity(rows, expect)
    if "--check" in sys.argv:
        try:
            with open(OUT, "rb") as f:
                cur = f.read()
        except FileNotFoundError:
            cur = b""
        if cur != data.encode("utf-8"):
            errs.append("cases.jsonl differs from what the generator writes (run without --check)")
    else:
        with open(OUT, "wb") as f:
            f.write(data.encode("utf-8"))
    n, fr, clean, groups, cats, car, negk = stats(rows)
    print(f"cases={n} french={fr} ({fr / n:.1%}) clean={clean} labels={sum(groups.values())} "
          f"negatives={sum(negk.values())} groups={dict(sorted(groups.items()))}")
    if "--stats" in sys.argv:
        for k, v in sorted(cats.items()):
            print(f"  {k:26s} {v}")
        for k, v in sorted(car.items()):
            print(f"  {k[0]:14s} {k[1]} {v}")
        for k, v in sorted(negk.items()):
            print(f"  neg {k:22s} {v}")
    if errs:
        print("\n".join(errs))
        sys.exit(1)
    print("OK" + (" (check)" if "--check" in sys.argv else ""))


if __name__ == "__main__":
    main()
