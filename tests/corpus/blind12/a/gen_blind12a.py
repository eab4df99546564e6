#!/usr/bin/env python3
"""Blind test corpus b12a for a sensitive-data scanner (PSIRT report pre-send check).

Standard library only. Deterministic: one random.Random with a fixed seed.
    python3 gen_blind12a.py          -> writes cases.jsonl next to this file
    python3 gen_blind12a.py --check  -> verifies committed cases.jsonl == generated + span sanity

Texts are written with inline markup that is stripped at generation time:
    ⟦category[+also...][?][!]|value⟧   a label  (? = optional, ! = documentation value, severity info)
    ⟪kind|value⟫                        a hard negative
Offsets are UTF-16 code units (JavaScript String semantics).
"""
import base64
import json
import os
import re
import string
import sys
import zlib
import random

SEED = 0xB12A2024
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.jsonl")

CRED = {"private_key", "aws_access_key_id", "aws_secret_key", "github_token", "gitlab_token",
        "slack_token", "slack_webhook", "stripe_key", "google_api_key", "gcp_service_account",
        "azure_connection_string", "azure_sas_token", "npm_token", "pypi_token", "sendgrid_key",
        "twilio_key", "ai_api_key", "jwt", "url_credentials", "connection_string",
        "authorization_header", "session_cookie", "password_assignment", "password_hash"}
PERS_HIGH = {"payment_card", "iban", "national_id", "date_of_birth", "identity_document",
             "postal_address", "health_data", "employment_data", "tax_record", "travel_record"}
PERS_MED = {"email_address", "phone_number"}
INFRA = {"private_ip", "internal_hostname"}
ALLCATS = CRED | PERS_HIGH | PERS_MED | INFRA


def group_of(cat):
    if cat in CRED:
        return "credentials"
    if cat in INFRA:
        return "infrastructure"
    return "personal"


def sev_of(cat):
    if cat in CRED:
        return "critical"
    if cat in PERS_HIGH:
        return "high"
    if cat in PERS_MED:
        return "medium"
    return "info"


def u16len(s):
    return len(s.encode("utf-16-le")) // 2


def u16slice(s, a, b):
    return s.encode("utf-16-le")[2 * a:2 * b].decode("utf-16-le")


MARK = re.compile(r"(⟦|⟪)([^|⟧⟫]*)\|(.*?)(⟧|⟫)", re.S)


def render(src):
    """Strip markup, return text, labels, negatives (UTF-16 offsets)."""
    out = []
    pos = 0  # utf16 position in output
    last = 0
    labels, negs = [], []
    for m in MARK.finditer(src):
        plain = src[last:m.start()]
        out.append(plain)
        pos += u16len(plain)
        opener, head, value, closer = m.groups()
        assert (opener == "⟦") == (closer == "⟧"), ("mismatched markup", m.group(0)[:60])
        start, end = pos, pos + u16len(value)
        out.append(value)
        pos = end
        last = m.end()
        if opener == "⟦":
            info = head.endswith("!") or head.endswith("!?") or head.endswith("?!")
            opt = "?" in head
            h = head.rstrip("!?")
            cats = h.split("+")
            cat, also = cats[0], cats[1:]
            assert cat in ALLCATS and all(a in ALLCATS for a in also), head
            lab = {"start": start, "end": end, "category": cat,
                   "severity": "info" if info else sev_of(cat), "group": group_of(cat)}
            if also:
                lab["also"] = also
            if opt:
                lab["optional"] = True
            labels.append((lab, value))
        else:
            negs.append(({"start": start, "end": end, "kind": head}, value))
    out.append(src[last:])
    text = "".join(out)
    assert "⟦" not in text and "⟪" not in text and "⟧" not in text and "⟫" not in text, src[:80]
    for lab, v in labels + negs:
        assert u16slice(text, lab["start"], lab["end"]) == v
    return text, [l for l, _ in labels], [n for n, _ in negs]


# ---------------------------------------------------------------- value generators
UP = string.ascii_uppercase
LO = string.ascii_lowercase
DIG = string.digits
ALNUM = DIG + UP + LO
B62 = DIG + UP + LO
HEX = "0123456789abcdef"
B64 = UP + LO + DIG + "+/"
B64U = UP + LO + DIG + "-_"


def rs(alpha, n):
    return "".join(R.choice(alpha) for _ in range(n))


def digits(n):
    return rs(DIG, n)


def b62enc(n, width=6):
    s = ""
    while n:
        n, d = divmod(n, 62)
        s = B62[d] + s
    return s.rjust(width, "0")


def gh_token(prefix="ghp_"):
    body = rs(ALNUM, 30)
    return prefix + body + b62enc(zlib.crc32(body.encode()))


def aws_akid(prefix="AKIA"):
    return prefix + rs(UP + "234567", 16)


def aws_secret():
    return rs(UP + LO + DIG + "/+", 40)


def slack_bot():
    return "xoxb-%s-%s-%s" % (digits(12), digits(13), rs(ALNUM, 24))


def slack_user():
    return "xoxp-%s-%s-%s-%s" % (digits(11), digits(11), digits(13), rs(HEX, 32))


def slack_hook():
    return "https://hooks.slack.com/services/T%s/B%s/%s" % (rs(UP + DIG, 8), rs(UP + DIG, 10), rs(ALNUM, 24))


def stripe(prefix="sk_live_", n=24):
    return prefix + rs(ALNUM, n)


def gapi():
    return "AIza" + rs(UP + LO + DIG + "-_", 35)


def glpat():
    return "glpat-" + rs(ALNUM + "-_", 20)


def npm_tok():
    return "npm_" + rs(ALNUM, 36)


def pypi_tok():
    return "pypi-AgEIcHlwaS5vcmc" + rs(B64U, 120)


def sendgrid():
    return "SG." + rs(B64U, 22) + "." + rs(B64U, 43)


def twilio_sk():
    return "SK" + rs(HEX, 32)


def twilio_ac():
    return "AC" + rs(HEX, 32)


def openai_key():
    return "sk-proj-" + rs(ALNUM + "-_", 74) + "T3BlbkFJ" + rs(ALNUM + "-_", 74)


def anthropic_key():
    return "sk-ant-api03-" + rs(ALNUM + "-_", 93) + "AA"


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def jwt(payload, alg="HS256", kid=None):
    h = {"alg": alg, "typ": "JWT"}
    if kid:
        h["kid"] = kid
    sig = bytes(R.getrandbits(8) for _ in range(256 if alg.startswith("RS") else 32))
    return ".".join([b64u(json.dumps(h, separators=(",", ":")).encode()),
                     b64u(json.dumps(payload, separators=(",", ":")).encode()), b64u(sig)])


def azure_key():
    return base64.b64encode(bytes(R.getrandbits(8) for _ in range(64))).decode()


def azure_conn(account):
    return ("DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s;EndpointSuffix=core.windows.net"
            % (account, azure_key()))


def azure_sas():
    sig = base64.b64encode(bytes(R.getrandbits(8) for _ in range(32))).decode()
    sig = sig.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return "sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2025-12-31T18:00:00Z&st=2024-03-01T08:00:00Z&spr=https&sig=" + sig


def pem(kind="RSA PRIVATE KEY", nlines=12, esc=False):
    body = [rs(B64, 64) for _ in range(nlines)] + [rs(B64, 28) + "=="]
    nl = "\\n" if esc else "\n"
    return "-----BEGIN %s-----%s%s%s-----END %s-----" % (kind, nl, nl.join(body), nl, kind)


def openssh_key(nlines=6):
    body = ["b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"] + \
           [rs(B64, 70) for _ in range(nlines)] + [rs(B64, 30) + "="]
    return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + "\n".join(body) + "\n-----END OPENSSH PRIVATE KEY-----"


def ssh_pub(comment):
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(B64, 43) + " " + comment


BC = "./" + UP + LO + DIG


def bcrypt():
    return "$2b$12$" + rs(BC, 53)


def sha512crypt():
    return "$6$" + rs(BC, 16) + "$" + rs(BC, 86)


def argon2():
    return "$argon2id$v=19$m=65536,t=3,p=4$" + rs(B64[:-2], 22) + "$" + rs(B64[:-2], 43)


def hexs(n):
    return rs(HEX, n)


def uuid4():
    h = hexs(32)
    h = h[:12] + "4" + h[13:16] + R.choice("89ab") + h[17:]
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def fp_grouped(h=None):
    h = (h or hexs(40)).upper()
    return " ".join(h[i:i + 4] for i in range(0, 40, 4))


def luhn_ok(num):
    s = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return s % 10 == 0


def luhn_fp():
    """A 40-hex-digit fingerprint made only of digits that passes Luhn (a look-alike)."""
    while True:
        h = digits(40)
        if luhn_ok(h):
            return fp_grouped(h)


def card(brand="visa"):
    pre = {"visa": "4" + R.choice(["970", "974", "539", "556", "929", "024"]),
           "mc": R.choice(["5131", "5412", "5264", "2223", "2720", "5555"]),
           "amex": R.choice(["34", "37"]), "discover": "6011", "cb": "4973"}[brand]
    n = 15 if brand == "amex" else 16
    while True:
        body = pre + digits(n - len(pre) - 1)
        for c in DIG:
            if luhn_ok(body + c):
                return body + c


def card_fmt(num):
    if len(num) == 15:
        return "%s %s %s" % (num[:4], num[4:10], num[10:])
    return " ".join(num[i:i + 4] for i in range(0, 16, 4))


def _iban_num(s):
    return int("".join(str(int(c, 36)) for c in s))


IBAN_BBAN = {"FR": lambda: _fr_bban(), "DE": lambda: digits(18), "ES": lambda: digits(20),
             "IT": lambda: R.choice(UP) + digits(10) + digits(12), "BE": lambda: digits(12),
             "NL": lambda: R.choice(["RABO", "INGB", "ABNA", "SNSB"]) + digits(10),
             "GB": lambda: R.choice(["BARC", "LOYD", "NWBK", "HBUK"]) + digits(14),
             "CH": lambda: digits(17), "LU": lambda: digits(16), "PT": lambda: digits(21)}


def _fr_bban():
    bank, branch, acct = digits(5), digits(5), digits(11)
    key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)
    return bank + branch + acct + "%02d" % key


def iban(cc="FR", spaced=True):
    bban = IBAN_BBAN[cc]()
    chk = 98 - _iban_num(bban + cc + "00") % 97
    ib = cc + "%02d" % chk + bban
    assert _iban_num(ib[4:] + ib[:4]) % 97 == 1
    return " ".join(ib[i:i + 4] for i in range(0, len(ib), 4)) if spaced else ib


def nir(sex=None, yy=None, mm=None, dept=None, spaced=True):
    sex = sex or R.choice("12")
    yy = yy or "%02d" % R.randint(55, 99)
    mm = mm or "%02d" % R.randint(1, 12)
    dept = dept or R.choice(["75", "69", "13", "33", "59", "44", "31", "67", "35", "06"])
    com, order = "%03d" % R.randint(1, 399), "%03d" % R.randint(1, 999)
    base = sex + yy + mm + dept + com + order
    key = 97 - int(base) % 97
    if spaced:
        return "%s %s %s %s %s %s %02d" % (sex, yy, mm, dept, com, order, key)
    return base + "%02d" % key


def dni():
    n = R.randint(10000000, 79999999)
    return "%d%s" % (n, "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23])


def nie():
    p = R.choice("XYZ")
    n = R.randint(1000000, 9999999)
    v = int(str("XYZ".index(p)) + "%07d" % n)
    return "%s%07d%s" % (p, n, "TRWAGMYFPDXBNJZSQVHLCKE"[v % 23])


_CF_ODD = dict(zip(DIG + UP, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18,
                             20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))


def _cf_even(c):
    return int(c) if c.isdigit() else ord(c) - 65


def _cf_part(name, first=False):
    name = re.sub("[^A-Z]", "", name.upper())
    cons = [c for c in name if c not in "AEIOU"]
    vow = [c for c in name if c in "AEIOU"]
    if first and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vow) + "XXX")[:3]


def codice_fiscale(surname, name, yyyy, mm, dd, female, comune):
    s = _cf_part(surname) + _cf_part(name, True) + "%02d" % (yyyy % 100) + "ABCDEHLMPRST"[mm - 1] + \
        "%02d" % (dd + (40 if female else 0)) + comune
    tot = sum(_CF_ODD[c] if i % 2 == 0 else _cf_even(c) for i, c in enumerate(s))
    return s + UP[tot % 26]


def nino(spaced=True):
    bad1, bad2 = set("DFIQUV"), set("DFIQUVO")
    while True:
        a, b = R.choice(UP), R.choice(UP)
        if a in bad1 or b in bad2 or a + b in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
            continue
        break
    d = digits(6)
    s = R.choice("ABCD")
    return "%s%s %s %s %s %s" % (a, b, d[:2], d[2:4], d[4:], s) if spaced else a + b + d + s


def ssn():
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return "%03d-%02d-%04d" % (a, R.randint(1, 99), R.randint(1, 9999))


def _mrz_cd(s):
    w = [7, 3, 1]
    t = 0
    for i, c in enumerate(s):
        v = 0 if c == "<" else (int(c) if c.isdigit() else ord(c) - 55)
        t += v * w[i % 3]
    return str(t % 10)


def mrz_td3(surname, given, nat, docno, dob, sex, exp, issuer=None, personal=""):
    issuer = issuer or nat
    l1 = ("P<" + issuer + surname.upper().replace(" ", "<") + "<<" + given.upper().replace(" ", "<")).ljust(44, "<")[:44]
    doc = docno.ljust(9, "<")
    pn = personal.ljust(14, "<")
    l2 = doc + _mrz_cd(doc) + nat + dob + _mrz_cd(dob) + sex + exp + _mrz_cd(exp) + pn + _mrz_cd(pn)
    comp = doc + _mrz_cd(doc) + dob + _mrz_cd(dob) + exp + _mrz_cd(exp) + pn + _mrz_cd(pn)
    l2 += _mrz_cd(comp)
    assert len(l1) == 44 and len(l2) == 44
    return l1, l2


def mrz_td1(surname, given, nat, docno, dob, sex, exp, issuer=None, opt=""):
    issuer = issuer or nat
    doc = docno.ljust(9, "<")
    o1 = opt.ljust(15, "<")
    l1 = "I<" + issuer + doc + _mrz_cd(doc) + o1
    l2 = dob + _mrz_cd(dob) + sex + exp + _mrz_cd(exp) + nat + "<" * 11
    comp = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    l2 += _mrz_cd(comp)
    l3 = (surname.upper() + "<<" + given.upper().replace(" ", "<")).ljust(30, "<")[:30]
    assert len(l1) == 30 and len(l2) == 30
    return l1, l2, l3


def fr_mobile(sep=" "):
    d = R.choice("67") + digits(8)
    return "0" + d[0] + sep + sep.join(d[i:i + 2] for i in range(1, 9, 2))


def fr_mobile_intl():
    d = R.choice("67") + digits(8)
    return "+33 " + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2))


def uk_mobile():
    return "+44 7%s %s" % (R.choice(["412", "523", "788", "956", "834"]) + digits(0), digits(6))


def us_phone():
    return "(%d) %d-%s" % (R.choice([312, 415, 617, 206, 512, 720]), R.randint(201, 989), digits(4))


def de_phone():
    return "+49 151 %s %s" % (digits(4), digits(4))


def pw(kind="mixed"):
    words = ["Autumn", "Marmotte", "Cobalt", "Falaise", "Tango", "Lisbon", "Quartz", "Bruyere", "Ocelot",
             "Sirocco", "Papaye", "Granit", "Vesper", "Hibou", "Nimbus", "Ardoise", "Pivoine", "Kestrel"]
    if kind == "mixed":
        return R.choice(words) + R.choice("!#@$%&*?") + str(R.randint(2, 99)) + R.choice(["", "x", "Z", "_b", "q"])
    if kind == "random":
        return rs(ALNUM + "!#%&*+-=?@^_", R.randint(14, 22))
    if kind == "phrase":
        return " ".join(R.sample(["cheval", "batterie", "agrafe", "correct", "lune", "piano", "tempete",
                                  "verger", "orange", "kayak", "moulin", "cerise", "falaise", "citron"], 4))
    return R.choice(words).lower() + str(R.randint(1000, 9999))


def sha256():
    return hexs(64)


def git_sha():
    return hexs(40)


def ts():
    return "2024-%02d-%02dT%02d:%02d:%02dZ" % (R.randint(1, 12), R.randint(1, 28), R.randint(0, 23),
                                               R.randint(0, 59), R.randint(0, 59))


def pubip():
    return "%d.%d.%d.%d" % (R.choice([51, 82, 91, 145, 176, 185, 212]), R.randint(1, 254), R.randint(1, 254),
                            R.randint(1, 254))


def privip(kind=None):
    kind = kind or R.choice(["10", "192", "172"])
    if kind == "10":
        return "10.%d.%d.%d" % (R.randint(0, 254), R.randint(0, 254), R.randint(2, 254))
    if kind == "192":
        return "192.168.%d.%d" % (R.randint(0, 254), R.randint(2, 254))
    return "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 254), R.randint(2, 254))


def pnr():
    return rs("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 6)


def ticket(air="057"):
    return air + digits(10)


def siret():
    # SIREN with Luhn then NIC, whole SIRET Luhn
    while True:
        s = digits(13)
        for c in DIG:
            if luhn_ok(s + c) and luhn_ok(s[:8] + "0") is not None:
                return s + c


def isbn13():
    b = "978" + digits(9)
    t = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(b))
    return b + str((10 - t % 10) % 10)


def npm_integrity():
    return "sha512-" + base64.b64encode(bytes(R.getrandbits(8) for _ in range(64))).decode()


# ---------------------------------------------------------------- case registry
CASES = []


def case(carrier, lang):
    def deco(fn):
        CASES.append((carrier, lang, fn))
        return fn
    return deco



# ================================================================ prose_en
@case("prose_en", "en")
def _():
    p = pw()
    h = "erp-db02.int.halvorsen-logistics.lan"
    ip = privip("10")
    rep = "m.okafor@sentinelwatch.io"
    return (f"""Summary: authenticated SQL injection in the shipment tracking portal (v4.12.3).

After the password reset flaw described in section 2, I logged in as app_rw with ⟦password_assignment|{p}⟧ — the same pair was reused on the reporting back-end. From there the `/api/track?ref=` parameter is injectable; the query ends up on ⟦internal_hostname|{h}⟧ (⟦private_ip|{ip}⟧), as the error banner helpfully shows.

CVSS: ⟪cvss|CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N⟫ (8.1)
Tested on build ⟪git_sha|{git_sha()}⟫, {ts()[:10]}.

Regards,
Michael Okafor — Sentinelwatch
⟪reporter_contact|{rep}⟫ / ⟪reporter_contact|+44 20 3966 4120⟫
""", rep)


@case("prose_en", "en")
def _():
    rep = "lena.brandt@posteo.de"
    return (f"""Hello PSIRT team,

I would like to report a stored XSS in the customer feedback widget of the SafeNet admin console, version ⟪version|10.7.2⟫ (also reproduced on ⟪version|10.8.0-rc1⟫). The payload survives the Markdown sanitizer because the `title` attribute is not encoded.

Reproduction used only my own test tenant. No customer data was accessed, and I stopped once the alert box fired. The request went to ⟪public_ip|{pubip()}⟫; my own source address was ⟪documentation_ip|198.51.100.23⟫ in the write-up for privacy.

Scoring: ⟪cvss|CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N⟫. Affected commit according to the JS bundle comment: ⟪git_sha|{git_sha()}⟫. Bundle digest ⟪hash|sha256:{sha256()}⟫.

I am sending this to ⟪psirt_address|psirt@thalesgroup.com⟫ encrypted with key ⟪fingerprint|FC3C 4520 576E C756 AE73 0030 5369 49C4 8448 AE39⟫. I have no plans to publish before 90 days (i.e. not before ⟪date|15 January 2025⟫).

Best,
Lena Brandt
⟪reporter_contact|{rep}⟫ · ⟪reporter_contact|+49 30 5557 8812⟫
⟪reporter_contact|Torstraße 41, 10119 Berlin⟫
""", rep)


@case("prose_en", "en")
def _():
    addr = "27 Larchfield Crescent, Wexbury WX4 9QT"
    return f"""Impact section (draft 2)

The IDOR lets any logged-in clinic user read another practice's referrals. The first record I got back — I stopped right after — was for a Ms. Harriet Quenby, born ⟦date_of_birth|14 March 1961⟧, living at ⟦postal_address|{addr}⟧. The referral reason reads "⟦health_data|type 2 diabetes with stage 3 chronic kidney disease, referred to nephrology⟧" and the GP's note adds that she ⟦health_data|started dialysis assessment in May⟧.

I did not download anything else. Record IDs are sequential (⟪order_id|REF-0048213⟫ → ⟪order_id|REF-0048214⟫), so enumeration is trivial.
"""


@case("prose_en", "en")
def _():
    sec = pw("random")
    ak = aws_akid()
    sk = aws_secret()
    return f"""TICKET #{R.randint(40000, 49999)} — vendor VPN appliance, unauthenticated config download

- GET /cgi-bin/export.cgi returns the running config w/o session.
- config contains the IKE peer for the branch office; the shared secret we agreed on is ⟦password_assignment|{sec}⟧ (confirmed w/ their netops, rotated since? unknown)
- backup job pushes to S3, creds in clear[1]

[1] ⟦aws_access_key_id|{ak}⟧ / ⟦aws_secret_key|{sk}⟧ — bucket ⟪public_hostname|cfg-backups-eu.s3.eu-west-3.amazonaws.com⟫
"""


@case("prose_en", "en")
def _():
    return f"""Note on the redaction we applied before sending

All secrets in the attached logs have been replaced. Where you see ⟪placeholder|<TOKEN>⟫, ⟪placeholder|${{API_KEY}}⟫ or ⟪placeholder|********⟫ the original value was removed on our side; lines such as `⟪redacted|password=***⟫` and `⟪redacted|Authorization: Bearer [REDACTED]⟫` are exactly as they appear after our filter. The sample config keeps its defaults (`⟪setting|password_min_length: 12⟫`, `⟪setting|max_login_attempts = 5⟫`) and the installer prompt literally says "⟪placeholder|your-password-here⟫".

The only identifiers left are the build UUID ⟪uuid|{uuid4()}⟫ and the firmware version ⟪version|3.4.1-p7⟫. Timestamps are UTC (⟪timestamp|{ts()}⟫).
"""


@case("prose_en", "en")
def _():
    em = "dcorrigan.finance@" + "brackenridge-foods.com"
    return f"""While testing the HR self-service portal I noticed the "team overview" export is not scoped to the manager's reports. Example of what leaks (one row, trimmed):

Employee: Declan Corrigan, Senior Accountant — ⟦email_address|{em}⟧
Base salary: ⟦employment_data|£58,400 per annum, bonus band C⟧
Last review: "⟦employment_data|Formal written warning issued 02/2024 for repeated late filing; performance improvement plan until August⟧"

Every employee of the company appears in the same export (≈ ⟪amount|1,900⟫ rows). Export file name was `⟪filename|team_overview_2024Q2.xlsx⟫`.
"""


@case("prose_en", "en")
def _():
    p = pnr()
    tk = ticket("176")
    return f"""Booking engine: the "manage my trip" page accepts any surname if the reference is valid, and the references are guessable. Using a reference from the screenshot a friend posted (with his permission), I then tried neighbouring ones: one returned the trip of a Mr Tobias Ellingham — booking ⟦travel_record|{p}⟧, ticket ⟦travel_record|{tk}⟧, ⟦travel_record|EK 074 Paris CDG → Dubai, 22 Nov, seat 31K⟧. I closed the page immediately.

The endpoint is https://⟪public_hostname|trips.example-airline.com⟫/api/v2/pnr/{{ref}}; rate limiting is absent (⟪amount|600⟫ requests/min without a single 429).
"""


@case("prose_en", "en")
def _():
    p = pw("random")
    s = ssn()
    return f"""so basically the kiosk app is running with a debug menu still compiled in, you tap 7 times on the logo and it asks a pin, then the serial console. I typed `⟦password_assignment|{p}⟧` (it was printed on a sticker under the unit, same for all the units of the store as far as I saw) and got a root shell.

in /var/lib/kiosk/cache there are scans of loyalty-card applications, one of them has the SSN of the applicant written in clear: ⟦national_id|{s}⟧ (applicant Rosalind Peake). i did not copy the other files. sorry for bad english, not my first language.
"""


@case("prose_en", "en")
def _():
    lf = luhn_fp()
    return f"""Appendix B — artefacts

| artefact | value |
|---|---|
| installer sha256 | ⟪hash|{sha256()}⟫ |
| installer md5 | ⟪hash|{hexs(32)}⟫ |
| signing key fingerprint | ⟪fingerprint|{lf}⟫ |
| session id in the PoC (expired, from my own test account) | ⟪uuid|{uuid4()}⟫ |
| order used in the refund test | ⟪order_id|ORD-{R.randint(10**8, 10**9)}⟫ (⟪amount|€49.90⟫) |
| manual ISBN | ⟪isbn|{isbn13()}⟫ |
| OID of the vulnerable extension | ⟪oid|1.3.6.1.4.1.{R.randint(10000, 60000)}.2.7⟫ |
| first seen | ⟪date|2024-06-03⟫ |

None of the above is secret; the fingerprint is the vendor's public release key.
"""


@case("prose_en", "en")
def _():
    return f"""The SDK's README encourages copy-paste of its sample credentials, which end up in production: we found the literal documentation key ⟦aws_access_key_id!|AKIAIOSFODNN7EXAMPLE⟧ with ⟦aws_secret_key!|wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY⟧ in three customer deployments, meaning their uploads silently fail. Likewise the payment form's test mode is active in prod and accepts ⟦payment_card!|4111 1111 1111 1111⟧. The contact shown in the error page is ⟦email_address!|jane.doe@example.com⟧, phone ⟦phone_number!|(555) 555-0142⟧. Not a leak of real data, but a misconfiguration worth fixing.
"""


@case("prose_en", "en")
def _():
    l1, l2 = mrz_td3("Wachowiak", "Edyta Maria", "POL", "EZ" + digits(7), "880517", "F", "310212")
    n = nino()
    return f"""Finding 4 — document upload bucket listable

The bucket stores the scans uploaded during onboarding. I opened exactly one object to confirm the content type: it was the passport of a Mrs. Edyta Wachowiak, whose machine readable zone reads

⟦identity_document|{l1}⟧
⟦identity_document|{l2}⟧

The accompanying form gives her National Insurance number as ⟦national_id|{n}⟧ and her phone as ⟦phone_number|{uk_mobile()}⟧. Sorry for the long sentences, the report was translated from Polish by myself.
"""


@case("prose_en", "en")
def _():
    return f"""Network context for the PSIRT (not sensitive, included so you can map the finding):

The appliance sits on the management VLAN at ⟪infrastructure_info|{privip('192')}⟫, reachable from the jump host ⟪infrastructure_info|bastion-01.mgmt.corp.local⟫. The vulnerable service listens on TCP ⟪port|8443⟫. Externally the same build is exposed at ⟪public_ip|{pubip()}⟫ (owner notified). In the PoC screenshot you will see ⟪documentation_ip|192.0.2.10⟫, which I substituted for the real address. The vendor support line printed on the device, ⟪company_contact|+33 1 57 77 80 00⟫, was not contacted.
"""


# ================================================================ prose_fr
@case("prose_fr", "fr")
def _():
    ph = pw("phrase")
    return f"""Bonjour,

Lors de l'audit du poste nomade fourni par votre client, j'ai constaté que le disque n'est protégé que par le pré-démarrage : le portable se déverrouille avec la phrase « ⟦password_assignment|{ph}⟧ », inscrite au feutre sous le clavier. Une fois la session ouverte, le certificat VPN est exportable sans mot de passe.

Je n'ai consulté aucun fichier utilisateur. Version du client VPN : ⟪version|5.2.11⟫.
"""


@case("prose_fr", "fr")
def _():
    code = str(R.randint(1000, 9999))
    return f"""Constat n°3 — domotique

L'application mobile renvoie, dans la réponse de /api/home/devices, les consignes d'accès du foyer. Pour le logement de Mme Solène Carpentier, ⟦postal_address|12 allée des Tilleuls, 44300 Nantes⟧, le champ « note_installateur » indique : « alarme au fond du couloir, le code est ⟦password_assignment|{code}⟧, le chien ne mord pas ». La porte connectée est associée au même compte.

Nous n'avons évidemment pas testé ce code. Identifiant de l'appareil : ⟪uuid|{uuid4()}⟫.
"""


@case("prose_fr", "fr")
def _():
    n = nir("2", "79", "11", "33")
    return f"""Suite à notre échange téléphonique, voici le détail de la fuite constatée sur le portail RH.

Le lien de téléchargement des justificatifs n'exige pas d'authentification. Le document ouvert pour vérification est un avis d'arrêt de travail au nom de Mme Agnès Villeneuve (n° de sécurité sociale ⟦national_id|{n}⟧) : ⟦health_data|arrêt initial du 4 au 25 mars pour lombosciatique, sorties autorisées⟧, prolongé pour ⟦health_data|syndrome anxio-dépressif⟧ selon le second volet.

Nous avons supprimé notre copie locale le jour même.
"""


@case("prose_fr", "fr")
def _():
    rep = "c.mercier@cybervigie.fr"
    return (f"""Objet : vulnérabilité de type SSRF dans le module d'import (version ⟪version|2.9.4⟫)

Madame, Monsieur,

Je vous signale une faille SSRF permettant d'atteindre le service de métadonnées du fournisseur cloud. Score proposé : ⟪cvss|CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:N/A:N⟫ (7,7). Le test a été réalisé le ⟪date|3 avril 2024⟫ entre ⟪timestamp|14 h 02⟫ et ⟪timestamp|14 h 20⟫, depuis mon instance de démonstration.

Le correctif semble introduit dans le commit ⟪git_sha|{git_sha()}⟫ mais n'a pas été rétroporté sur la branche ⟪version|2.9.x⟫.

Je reste joignable pour toute question ; mon numéro, pour ce rapport : ⟪reporter_contact|06 42 18 77 05⟫.

Cordialement,
Claire Mercier
CyberVigie SAS — SIRET ⟪siret|{siret()}⟫
⟪reporter_contact|8 rue Lafayette, 35000 Rennes⟫
⟪reporter_contact|{rep}⟫
""", rep)


@case("prose_fr", "fr")
def _():
    ib = iban("FR")
    return f"""En accédant à l'espace « documents » d'un autre salarié (paramètre id incrémenté de 1), on obtient son bulletin de paie. Exemple relevé avant arrêt du test : M. Gaëtan Roussel, technicien de maintenance, ⟦employment_data|salaire brut mensuel 2 874,16 €, coefficient 240, prime d'astreinte 310 €⟧ ; le virement est effectué sur le compte ⟦iban|{ib}⟧.

Les bulletins de toute l'entreprise (≈ ⟪amount|640⟫ salariés) sont accessibles de la même façon.
"""


@case("prose_fr", "fr")
def _():
    nf = R.choice("0123") + digits(12)
    return f"""Le simulateur d'impôt de la plateforme partenaire conserve les avis importés dans un répertoire public. Le fichier ⟪filename|avis_2023_scan(3).pdf⟫ contient l'avis de M. et Mme Lefebvre-Aubry : numéro fiscal ⟦tax_record|{nf}⟧, ⟦tax_record|impôt sur le revenu net 2023 : 4 218 €⟧, revenu fiscal de référence ⟦tax_record|61 540 €⟧. Référence de l'avis : ⟦tax_record?|23 {digits(2)} {digits(7)} {digits(2)}⟧.
"""


@case("prose_fr", "fr")
def _():
    c = card("cb")
    return f"""bonjour, je suis pas très à l'aise pour écrire en français (je suis brésilien), excusez les fautes.

sur le site de réservation de votre partenaire, quand le paiement échoue, le message d'erreur affiche tout la requête envoyé à la banque, avec le numéro de carte du client en claire : ⟦payment_card|{card_fmt(c)}⟧ exp ⟦payment_card?|09/27⟧ (c'était la carte de ma collègue Fernanda, elle a fait opposition depuis). le cryptogramme n'apparait pas.

la page est /checkout/error?code=⟪order_id|PAY-{digits(8)}⟫
"""


@case("prose_fr", "fr")
def _():
    return f"""Note sur l'anonymisation des pièces jointes

Toutes les valeurs sensibles ont été masquées avant envoi : les jetons apparaissent sous la forme ⟪placeholder|[redacted]⟫ ou ⟪placeholder|xxxx-xxxx-xxxx⟫, les mots de passe comme ⟪redacted|mot_de_passe=********⟫, et l'en-tête d'authentification comme ⟪redacted|Authorization: Basic ***⟫. La variable ⟪placeholder|${{DB_PASSWORD}}⟫ du fichier d'exemple n'a jamais été renseignée. Le paramètre ⟪setting|longueur_min_mdp = 12⟫ est la valeur par défaut.

Seul reste l'identifiant de corrélation ⟪uuid|{uuid4()}⟫ pour retrouver la requête dans vos journaux, horodatée ⟪timestamp|{ts()}⟫.
"""


@case("prose_fr", "fr")
def _():
    t = glpat()
    return f"""Pour reproduire, il faut un compte développeur sur l'instance GitLab du projet. J'ai utilisé celui que l'équipe m'a prêté pour l'audit : j'ai collé ⟦gitlab_token|{t}⟧ dans le champ « jeton » du plugin et la synchronisation a aussitôt exposé les variables CI de tous les groupes, y compris ceux hors périmètre. Merci de révoquer ce jeton après lecture.
"""


@case("prose_fr", "fr")
def _():
    return f"""Vérification de l'intégrité des éléments transmis

- empreinte de la clé PGP utilisée pour chiffrer : ⟪fingerprint|FC3C 4520 576E C756 AE73 0030 5369 49C4 8448 AE39⟫ (clé du PSIRT, identifiant ⟪fingerprint|0x8448AE39⟫)
- empreinte de ma propre clé : ⟪fingerprint|{luhn_fp()}⟫
- SHA-256 de l'archive : ⟪hash|{sha256()}⟫
- identifiant du rapport côté plateforme : ⟪uuid|{uuid4()}⟫
- montant de la prime demandée : aucun ; facture éventuelle au nom de la société, SIRET ⟪siret|{siret()}⟫

Aucune donnée personnelle ni secret n'est joint.
"""


@case("prose_fr", "fr")
def _():
    p = pnr()
    return f"""Compte rendu d'essai — API partenaire voyages

En remplaçant le nom de famille par « * » dans la requête de consultation, l'API renvoie la réservation complète. Premier résultat, non choisi : Mme Inès Abderrahmane, dossier ⟦travel_record|{p}⟧, ⟦travel_record|vol AF 1148 Paris-Orly → Alger du 8 août, siège 14C⟧, billet électronique ⟦travel_record|{ticket('057')}⟧, contact ⟦phone_number|{fr_mobile_intl()}⟧.
"""


@case("prose_fr", "fr")
def _():
    cni = R.choice(UP) + rs(UP + DIG, 8)
    return f"""Dans la table « kyc_pending » exposée en lecture, chaque ligne contient la pièce d'identité saisie par le client. Exemple : M. Bastien Lacroix-Tessier, né le ⟦date_of_birth|02/11/1987⟧ à Limoges, carte nationale d'identité n° ⟦identity_document|{cni}⟧ délivrée le ⟪date|17/05/2022⟫, ancienne carte n° ⟦identity_document|{digits(12)}⟧.
La date de création du compte (⟪date|12/01/2024⟫) et la date de dernière connexion ne sont pas sensibles.
"""


@case("prose_fr", "fr")
def _():
    rep = "y.benali@proton.me"
    return (f"""Bonjour,

Quelques éléments de contexte réseau pour faciliter le tri (rien de confidentiel) : la sonde vulnérable est joignable en interne sur ⟪infrastructure_info|{privip('172')}⟫, nom ⟪infrastructure_info|sonde-ids-02.siege.intra⟫ ; côté Internet elle répond sur ⟪public_ip|{pubip()}⟫. Les captures utilisent l'adresse de documentation ⟪documentation_ip|203.0.113.54⟫.

Pour me joindre, mon numéro pour ce rapport : ⟪reporter_contact|07 81 24 63 90⟫ (Yanis Benali, ⟪reporter_contact|{rep}⟫). Le standard de votre filiale, ⟪company_contact|01 57 77 80 00⟫, m'a orienté vers ⟪psirt_address|cna-coordinator@thalesgroup.com⟫ pour la question du CVE.
""", rep)


# ================================================================ chat
@case("chat", "en")
def _():
    t = slack_bot()
    return f"""[09:14] priya.n: anyone have the token for the deploy notifier bot? 🙏
[09:15] tom.h: sure, it's ⟦slack_token|{t}⟧
[09:15] tom.h: don't paste it anywhere public lol
[09:16] priya.n: 👍 thx
[09:31] priya.n: works, build ⟪version|2.14.0⟫ announced in #releases 🎉
"""


@case("chat", "fr")
def _():
    p = pw("lower")
    return f"""Conversation Teams — Support N1 (export du 14/05)
[10:02] Maëlle Guérin : quelqu'un a le mdp du wifi invité ? le client est en salle Jupiter 😅
[10:03] Hugo Pasquier : SSID ⟪public_hostname|VISITEURS-SIEGE⟫, c'est ⟦password_assignment|{p}⟧
[10:03] Hugo Pasquier : il change le 1er du mois normalement
[10:04] Maëlle Guérin : top merci 🙌
"""


@case("chat", "fr")
def _():
    ib = iban("FR")
    return f"""[12/03/2024 18:41] Sandrine Compta: Coucou, pour le remboursement de Mme Delphine Aubertin tu peux faire le virement sur ⟦iban|{ib}⟧ ?
[12/03/2024 18:42] Sandrine Compta: elle est née le ⟦date_of_birth|23/06/1974⟧ si la banque demande 🤷‍♀️
[12/03/2024 18:42] Sandrine Compta: et son adresse ⟦postal_address|5 impasse du Moulin, 21000 Dijon⟧
[12/03/2024 18:50] Romain: ok c'est parti ✅ montant ⟪amount|312,40 €⟫
"""


@case("chat", "en")
def _():
    return f"""<kaspar> did the new build fix the auth bypass?
<meiko> yes, see ⟪git_sha|{git_sha()}⟫, tagged ⟪version|v3.2.7⟫
<kaspar> log still says ⟪redacted|password=********⟫ for the failed attempts, good
<meiko> artifact sha256 ⟪hash|{sha256()}⟫
<kaspar> and the test CC in the fixtures is the usual ⟪doc_value|4242 4242 4242 4242⟫ right?
<meiko> yep stripe test number, nothing real
<kaspar> ok closing ⟪order_id|JIRA-{R.randint(1000, 9999)}⟫
"""


@case("chat", "en")
def _():
    hk = slack_hook()
    j = jwt({"sub": "svc-reporting", "iss": "https://auth.internal.brightwell.io", "exp": 1767225600, "scope": "reports:read reports:write"})
    return f"""**#incident-2291** (Slack export)
dmitri: ok the alerting hook is ⟦slack_webhook|{hk}⟧ , paste it in the grafana contact point
amelia: done 🔥 also here's the service JWT you asked for, valid till end of 2025
amelia: ⟦jwt|{j}⟧
dmitri: ta
"""


@case("chat", "fr")
def _():
    return f"""[Teams] Canal #exploitation — 07/06
Aurélien 🛠️ : redémarrage de ⟪infrastructure_info|app-front-03.prod.intra⟫ à 22h, fenêtre validée
Capucine : ok, tu préviens le CAB ? ticket ⟪order_id|CHG0041877⟫
Aurélien 🛠️ : fait. Le LB ⟪infrastructure_info|{privip('10')}⟫ basculera tout seul
Capucine : 👌 et la version ?
Aurélien 🛠️ : ⟪version|4.18.2⟫ → ⟪version|4.18.3⟫, sha ⟪git_sha|{git_sha()[:12]}⟫
Capucine : parfait, bonne soirée 🌙
"""


@case("chat", "en")
def _():
    k = openai_key()
    return f"""Mattermost — ~ml-sandbox
jules.w: my quota ran out 😩 anyone got a key for the summariser PoC?
rafa: try with this one 🔑 ⟦ai_api_key|{k}⟧
rafa: it's the team one, don't commit it
jules.w: lifesaver
"""


@case("chat", "fr")
def _():
    tel = fr_mobile()
    return f"""[WhatsApp] Équipe magasin Bordeaux
[08:12] Nadia: Info : Kévin ne viendra pas cette semaine, il est en arrêt ⟦health_data|pour burn-out, arrêt de 3 semaines⟧ 😔
[08:13] Nadia: si besoin de le joindre pour les clés : ⟦phone_number|{tel}⟧ mais svp pas trop
[08:15] Léo: ok, bon courage à lui ❤️
"""


@case("chat", "en")
def _():
    return f"""#sec-tooling
sam: rotated everything after the leak, new values are in the vault, NOT here 🙂
sam: e.g. the bot now reads ⟪placeholder|$SLACK_BOT_TOKEN⟫ from env; the old one shows as ⟪redacted|xoxb-[redacted]⟫ in the logs
lin: 🚀 deploy id ⟪uuid|{uuid4()}⟫
lin: gpg sig by ⟪fingerprint|{fp_grouped()}⟫ verified
sam: 👍
"""


@case("chat", "fr")
def _():
    p = pw("random")
    cs = f"postgresql://facturation_app:{p}@pg-factu-01.dc2.interne:5432/facturation"
    return f"""Element — salon #dev-facturation
Bérénice : Pour le test de charge, prends la base de recette :
Bérénice : ⟦connection_string+url_credentials|{cs}⟧
Timothée : merci, je lance à 15h
"""


@case("chat", "en")
def _():
    p = pw("mixed")
    return f"""[13:37] <n0x> box is 10.20.0.0/24, the printer one
[13:37] <n0x> ssh admin@⟦private_ip|{privip('10')}⟧
[13:38] <n0x> creds are the vendor default lol: admin / ⟦password_assignment|{p}⟧
[13:38] <kr4ken> lmao
"""


@case("chat", "fr")
def _():
    return f"""[Slack] #psirt-tri — fil sur le rapport ⟪order_id|PSIRT-2024-0193⟫
Odile : le reporter a bien masqué ses jetons (⟪placeholder|<JETON>⟫ partout), rien à purger
Fabien : score recalculé : ⟪cvss|CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H⟫
Odile : date de publication envisagée ⟪date|2024-10-15⟫, on répond depuis ⟪psirt_address|psirt@thalesgroup.com⟫ ✉️
"""


# ================================================================ config_file
@case("config_file", "en")
def _():
    p = pw("mixed")
    return f"""# /etc/wpa_supplicant/wpa_supplicant.conf — pulled from the handheld scanner via the debug shell
ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev
update_config=1
country=GB

network={{
    ssid="WH-FLOOR-SCAN"
    psk="⟦password_assignment|{p}⟧"
    key_mgmt=WPA-PSK
    priority=5
}}

network={{
    ssid="WH-GUEST"
    key_mgmt=NONE
}}
"""


@case("config_file", "fr")
def _():
    p1, p2 = pw("random"), pw("mixed")
    return f"""# ~/.pgpass trouvé dans le home du compte de service « batch » (droits 0644 !)
# hôte:port:base:utilisateur:mot_de_passe
⟦internal_hostname|pg-compta.paris.interne⟧:5432:compta:batch_ro:⟦password_assignment|{p1}⟧
⟦private_ip|{privip('10')}⟧:5432:*:postgres:⟦password_assignment|{p2}⟧
localhost:5433:test:test:⟪placeholder|changeme⟫
"""


@case("config_file", "en")
def _():
    u = "relay-notify@" + "ostrava-freight.cz"
    p = pw("random")
    return f"""# /etc/postfix/sasl_passwd (world readable on the appliance image, see finding 7)
[smtp.ostrava-freight.cz]:587    ⟦email_address?|{u}⟧:⟦password_assignment|{p}⟧
# [smtp.example.net]:587   user@example.net:⟪placeholder|PASSWORD⟫
"""


@case("config_file", "fr")
def _():
    p = pw("random")
    return f"""# extrait de /etc/sssd/sssd.conf sur le serveur de fichiers (lisible par tous suite au mauvais umask)
[sssd]
services = nss, pam
domains = annuaire

[domain/annuaire]
id_provider = ldap
auth_provider = ldap
ldap_uri = ldaps://⟦internal_hostname|ldap01.annuaire.agglo-interne.fr.lan⟧
ldap_search_base = dc=agglo,dc=lan
ldap_default_bind_dn = cn=svc-sssd,ou=services,dc=agglo,dc=lan
ldap_default_authtok_type = password
ldap_default_authtok = ⟦password_assignment|{p}⟧
cache_credentials = True
"""


@case("config_file", "en")
def _():
    k = pem("PRIVATE KEY", 10)
    ta = rs(HEX, 64)
    return f"""# client.ovpn exported from the self-service portal of ANOTHER user (IDOR, finding 2)
client
dev tun
proto udp
remote vpn.{R.choice(['kessler-ag', 'norrland-energi', 'brixham-marine'])}.com 1194
resolv-retry infinite
nobind
remote-cert-tls server
cipher AES-256-GCM
<ca>
⟪public_key|-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIU{rs(B64, 44)}
{rs(B64, 64)}
-----END CERTIFICATE-----⟫
</ca>
<key>
⟦private_key|{k}⟧
</key>
<tls-crypt>
# 2048 bit OpenVPN static key
⟦private_key?|{ta}⟧
</tls-crypt>
"""


@case("config_file", "fr")
def _():
    p = pw("mixed")
    t = gh_token()
    return f"""# ~/.netrc du runner de build (copié dans l'image Docker publique, couche 7)
machine ⟦internal_hostname|nexus.build.interne⟧
  login deploy-ci
  password ⟦password_assignment|{p}⟧
machine api.github.com
  login ci-bot
  password ⟦github_token+password_assignment|{t}⟧
"""


@case("config_file", "en")
def _():
    return f"""# ~/.my.cnf shipped in the demo VM — values are placeholders, checked
[client]
user=⟪placeholder|your_user⟫
password=⟪placeholder|your-password-here⟫
host=⟪public_hostname|localhost⟫
# ssl-ca=/etc/mysql/ca.pem
[mysqld]
# validate_password.length=12
⟪setting|validate_password.length=12⟫
"""


@case("config_file", "fr")
def _():
    p = pw("random")
    return f"""# redis.conf — instance de cache des sessions (exposée sur 0.0.0.0, cf. constat 1)
bind 0.0.0.0
protected-mode no
port 6379
# mot de passe défini par l'intégrateur :
requirepass ⟦password_assignment|{p}⟧
maxmemory 2gb
# replicaof ⟪infrastructure_info|{privip('192')}⟫ 6379
"""


@case("config_file", "en")
def _():
    p = pw("mixed")
    return f"""# /etc/fstab on the NAS gateway
UUID=⟪uuid|{uuid4()}⟫  /           ext4  defaults  0 1
//⟦internal_hostname|fs-legal.corp.weyland-partners.local⟧/contracts  /mnt/contracts  cifs  username=svc_scan,password=⟦password_assignment|{p}⟧,domain=WEYLAND,vers=3.0  0 0
//fs-hr/payroll  /mnt/payroll  cifs  credentials=⟪filename|/root/.smbcred-hr⟫,vers=3.0  0 0
"""


@case("config_file", "fr")
def _():
    ak, sk = aws_akid(), aws_secret()
    ob = rs(B64U, 44)
    return f"""# ~/.config/rclone/rclone.conf — récupéré dans la sauvegarde exposée
[sauvegardes-s3]
type = s3
provider = AWS
access_key_id = ⟦aws_access_key_id|{ak}⟧
secret_access_key = ⟦aws_secret_key|{sk}⟧
region = eu-west-3

[nas-sftp]
type = sftp
host = ⟦private_ip|{privip('192')}⟧
user = sauvegarde
# mot de passe « obscurci » par rclone, réversible avec rclone reveal
pass = ⟦password_assignment|{ob}⟧
"""


@case("config_file", "en")
def _():
    return f"""# ~/.msmtprc — note the password is NOT stored here, it is fetched from gpg
defaults
auth           on
tls            on
tls_trust_file /etc/ssl/certs/ca-certificates.crt

account        alerts
host           ⟪public_hostname|smtp.fastmail.com⟫
port           587
from           ⟪company_contact|alerts@northgate-tools.com⟫
user           alerts@northgate-tools.com
passwordeval   "gpg --quiet --for-your-eyes-only --no-tty -d ~/.msmtp-alerts.gpg"

account default : alerts
"""


@case("config_file", "fr")
def _():
    psk = pw("random")
    return f"""# /etc/ipsec.secrets — passerelle IPsec du site de Lille (strongSwan)
# format : <id local> <id distant> : PSK "secret"
⟪public_ip|{pubip()}⟫ ⟪public_ip|{pubip()}⟫ : PSK "⟦password_assignment|{psk}⟧"
# ancienne entrée désactivée
# %any : PSK "⟪placeholder|xxxxxxxx⟫"
"""


@case("config_file", "fr")
def _():
    return f"""# pg_hba.conf — extrait fourni pour illustrer la règle trop permissive (aucun secret ici)
# TYPE  DATABASE  USER       ADDRESS            METHOD
local   all       postgres                      peer
host    all       all        ⟪infrastructure_info|10.42.0.0/16⟫       scram-sha-256
host    all       all        0.0.0.0/0          trust     # <-- constat 4
hostssl replication repl     ⟪infrastructure_info|{privip('192')}⟫/32   cert
"""


# ================================================================ config_yaml
@case("config_yaml", "en")
def _():
    p = pw("random")
    return f"""# src/main/resources/application-prod.yml (from the decompiled fat jar)
spring:
  datasource:
    url: jdbc:postgresql://⟦internal_hostname|pgsql-prod-02.corp.tideway.local⟧:5432/orders
    username: orders_svc
    password: "⟦password_assignment|{p}⟧"
  jpa:
    open-in-view: false
management:
  endpoints:
    web:
      exposure:
        include: "*"   # exposes /actuator/env, see finding
server:
  port: 8080
"""


@case("config_yaml", "fr")
def _():
    p = pw("mixed")
    return f"""# group_vars/serveurs_paie.yml — dépôt Ansible public par erreur
ansible_user: exploit
ansible_become: true
ansible_become_password: '⟦password_assignment|{p}⟧'
paie_db_host: ⟦private_ip|{privip('10')}⟧
paie_version: "⟪version|7.3.2⟫"
# ne pas oublier de chiffrer avec ansible-vault (TODO depuis 2022)
"""


@case("config_yaml", "en")
def _():
    return f"""# config/app.yml — secrets are injected at deploy time
database:
  host: ${{DB_HOST}}
  password: ⟪placeholder|${{DB_PASSWORD}}⟫
auth:
  jwt_secret: ⟪placeholder|"<set-in-vault>"⟫
  ⟪setting|password_min_length: 12⟫
  lockout_after: 5
image:
  repository: ⟪public_hostname|ghcr.io/acme-widgets/api⟫
  digest: ⟪hash|sha256:{sha256()}⟫
release:
  commit: ⟪git_sha|{git_sha()}⟫
  date: ⟪date|2024-05-14⟫
"""


@case("config_yaml", "fr")
def _():
    hk = slack_hook()
    sg = sendgrid()
    return f"""# alertmanager.yml — service de supervision de la mairie (dépôt Gitea ouvert)
global:
  resolve_timeout: 5m
  slack_api_url: '⟦slack_webhook|{hk}⟧'
receivers:
  - name: astreinte
    email_configs:
      - to: ⟪company_contact|astreinte-dsi@ville-exemple.fr⟫
        smarthost: smtp.sendgrid.net:587
        auth_username: apikey
        auth_password: ⟦sendgrid_key+password_assignment|{sg}⟧
"""


@case("config_yaml", "en")
def _():
    n = npm_tok()
    pp = pypi_tok()
    return f"""# .gitlab-ci.yml (fork visible publicly, variables were inlined "temporarily")
variables:
  NPM_TOKEN: "⟦npm_token|{n}⟧"
  TWINE_USERNAME: __token__
  TWINE_PASSWORD: "⟦pypi_token+password_assignment|{pp}⟧"
  DOCKER_DRIVER: overlay2

publish:
  stage: deploy
  script:
    - echo "//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}" > .npmrc
    - npm publish
    - twine upload dist/*
"""


@case("config_yaml", "fr")
def _():
    return f"""# prometheus.yml — fourni pour montrer la cible exposée (aucun secret)
global:
  scrape_interval: 30s
scrape_configs:
  - job_name: noeuds
    static_configs:
      - targets: ['⟪infrastructure_info|{privip('10')}⟫:9100', '⟪infrastructure_info|mon-node-07.dc1.interne⟫:9100']
  - job_name: blackbox
    params:
      module: [http_2xx]
    static_configs:
      - targets: ['https://⟪public_hostname|www.thalesgroup.com⟫']
    basic_auth:
      username: prom
      password_file: ⟪filename|/etc/prometheus/secrets/bb.pass⟫
"""


@case("config_yaml", "en")
def _():
    s = ssn()
    return f"""# tests/fixtures/customers.yml — "anonymised" fixture committed to the public SDK repo.
# The second entry is clearly a real customer copied from prod (checked with the vendor's DPO).
- id: 1
  name: Test User
  email: ⟦email_address!|test.user@example.com⟧
  phone: "⟦phone_number!|+1 555-0100⟧"
- id: 2
  name: Gwendolyn Ashcombe
  email: ⟦email_address|gwen.ashcombe@{R.choice(['outlook.com', 'yahoo.com', 'icloud.com'])}⟧
  phone: "⟦phone_number|{us_phone()}⟧"
  ssn: "⟦national_id|{s}⟧"
  dob: ⟦date_of_birth|1969-09-02⟧
  address: "⟦postal_address|4418 Sycamore Bend Rd, Apt 3, Lexington, KY 40511⟧"
"""


@case("config_yaml", "fr")
def _():
    sk = stripe("sk_live_", 24)
    wh = stripe("whsec_", 32)
    tw = twilio_sk()
    return f"""# config/paiement.yaml — boutique en ligne (fichier servi statiquement sous /config/)
stripe:
  cle_publique: ⟪public_key|{stripe('pk_live_', 24)}⟫
  cle_secrete: ⟦stripe_key|{sk}⟧
  secret_webhook: ⟦stripe_key|{wh}⟧
sms:
  fournisseur: twilio
  account_sid: ⟦twilio_key?|{twilio_ac()}⟧
  api_key: ⟦twilio_key|{tw}⟧
  api_secret: ⟦twilio_key+password_assignment|{rs(ALNUM, 32)}⟧
"""


@case("config_yaml", "en")
def _():
    return f"""# openapi.yaml (excerpt) — security schemes only, no values
components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
      bearerFormat: JWT
  schemas:
    Login:
      type: object
      properties:
        username: {{type: string, example: ⟪placeholder|"alice"⟫}}
        password: {{type: string, format: password, example: ⟪placeholder|"********"⟫}}
info:
  version: ⟪version|3.1.0⟫
  x-request-id-example: ⟪uuid|{uuid4()}⟫
"""


@case("config_yaml", "fr")
def _():
    h = sha512crypt()
    return f"""#cloud-config — user-data récupéré via le service de métadonnées (SSRF, constat 2)
users:
  - name: support
    groups: sudo
    lock_passwd: false
    passwd: ⟦password_hash|{h}⟧
    ssh_authorized_keys:
      - ⟪public_key|{ssh_pub('support@poste-maintenance')}⟫
chpasswd:
  list: |
    root:⟦password_assignment|{pw('mixed')}⟧
  expire: false
"""


@case("config_yaml", "en")
def _():
    c = azure_conn("stbrightwelldocs" + digits(2))
    return f"""# appsettings.yaml for the document service (exposed by the debug endpoint /config/dump)
Logging:
  LogLevel: {{Default: Information}}
Storage:
  ConnectionString: "⟦azure_connection_string|{c}⟧"
  Container: invoices
FeatureFlags:
  NewUploader: true
"""


# ================================================================ config_json
@case("config_json", "en")
def _():
    proj = "ledgerline-analytics-" + digits(6)
    k = pem("PRIVATE KEY", 14, esc=True)
    return f"""{{
  "type": "service_account",
  "project_id": "{proj}",
  "private_key_id": "⟦gcp_service_account?|{hexs(40)}⟧",
  "private_key": "⟦gcp_service_account+private_key|{k}⟧\\n",
  "client_email": "etl-runner@{proj}.iam.gserviceaccount.com",
  "client_id": "{digits(21)}",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
  "token_uri": "https://oauth2.googleapis.com/token"
}}
"""


@case("config_json", "fr")
def _():
    p = pw("random")
    return f"""// appsettings.Production.json — accessible via /appsettings.Production.json (mauvaise config IIS)
{{
  "ConnectionStrings": {{
    "Principale": "⟦connection_string|Server=SQL-GESTION01;Database=Adherents;User Id=app_adherents;Password={p};TrustServerCertificate=True⟧"
  }},
  "Smtp": {{ "Hote": "smtp.office365.com", "Port": 587 }},
  "Version": "⟪version|2.4.19⟫"
}}
"""


@case("config_json", "en")
def _():
    return f"""{{
  "name": "report-widget",
  "version": "⟪version|1.8.4⟫",
  "lockfileVersion": 3,
  "packages": {{
    "node_modules/semver": {{
      "version": "⟪version|7.6.2⟫",
      "resolved": "https://registry.npmjs.org/semver/-/semver-7.6.2.tgz",
      "integrity": "⟪npm_integrity|{npm_integrity()}⟫"
    }},
    "node_modules/uuid": {{
      "version": "⟪version|9.0.1⟫",
      "resolved": "https://registry.npmjs.org/uuid/-/uuid-9.0.1.tgz",
      "integrity": "⟪npm_integrity|{npm_integrity()}⟫"
    }}
  }}
}}
"""


@case("config_json", "fr")
def _():
    g = gapi()
    return f"""{{
  "_commentaire": "assets/config.json extrait de l'APK ({R.choice(['fr.covoit.app', 'fr.cantine.parents', 'fr.mairie.signalement'])} v3.2)",
  "carte": {{ "fournisseur": "google", "cle_api": "⟦google_api_key|{g}⟧" }},
  "api_base": "https://api.{R.choice(['covoit-local', 'cantine-facile', 'signal-ville'])}.fr/v1",
  "build": "⟪git_sha|{git_sha()[:10]}⟫"
}}
"""


@case("config_json", "en")
def _():
    u, p = "ci-pusher", pw("random")
    a = base64.b64encode(f"{u}:{p}".encode()).decode()
    return f"""~/.docker/config.json found in the build agent image:
{{
  "auths": {{
    "⟦internal_hostname|registry.build.quayside-internal.net⟧": {{
      "auth": "⟦password_assignment+authorization_header|{a}⟧"
    }},
    "https://index.docker.io/v1/": {{}}
  }},
  "credsStore": "desktop"
}}
(the auth value is base64 of `ci-pusher:<password>`)
"""


@case("config_json", "fr")
def _():
    return f"""{{
  "version": "0.2.0",
  "configurations": [
    {{
      "name": "API locale",
      "type": "node",
      "request": "launch",
      "program": "${{workspaceFolder}}/src/index.js",
      "env": {{
        "DB_URL": "⟪placeholder|${{env:DB_URL}}⟫",
        "API_TOKEN": "⟪placeholder|<à-renseigner>⟫",
        "UPSTREAM": "http://⟪infrastructure_info|recette-api.interne⟫:8080",
        "TRACE_ID": "⟪uuid|{uuid4()}⟫"
      }}
    }}
  ]
}}
"""


@case("config_json", "en")
def _():
    e1 = "o.strand@" + "fjellvik-shipping.no"
    return f"""{{
  "realm": "customers",
  "users": [
    {{
      "username": "ostrand",
      "email": "⟦email_address|{e1}⟧",
      "firstName": "Oddny", "lastName": "Strand",
      "credentials": [{{"type": "password", "hashedSaltedValue": "⟦password_hash|{base64.b64encode(bytes(R.getrandbits(8) for _ in range(64))).decode()}⟧", "salt": "{base64.b64encode(bytes(R.getrandbits(8) for _ in range(16))).decode()}", "hashIterations": 27500, "algorithm": "pbkdf2-sha256"}}]
    }},
    {{
      "username": "svc-sync",
      "credentials": [{{"type": "password", "value": "⟦password_assignment|{pw('random')}⟧"}}]
    }}
  ]
}}
"""


@case("config_json", "fr")
def _():
    n = nir("1", "66", "03", "69")
    return f"""{{
  "_note": "seed/clients.json livré dans l'image de démonstration — ces clients sont réels d'après l'éditeur",
  "clients": [
    {{
      "nom": "Perrichon", "prenom": "Lucien",
      "numero_secu": "⟦national_id|{n}⟧",
      "adresse": "⟦postal_address|3 chemin de la Croix-Rousse, 69004 Lyon⟧",
      "telephone": "⟦phone_number|{fr_mobile('.')}⟧",
      "mutuelle": "Harmonie", "date_adhesion": "⟪date|2019-02-01⟫"
    }}
  ]
}}
"""


@case("config_json", "en")
def _():
    sas = azure_sas()
    return f"""{{
  "upload": {{
    "endpoint": "https://stmedrecs{digits(3)}.blob.core.windows.net/scans",
    "sasQuery": "⟦azure_sas_token|{sas}⟧"
  }},
  "retry": {{ "max": 3, "backoffMs": 500 }},
  "clientVersion": "⟪version|4.0.2⟫"
}}
"""


@case("config_json", "en")
def _():
    return f"""{{
  "manifest_version": 3,
  "name": "Report Helper",
  "version": "⟪version|2.3.0⟫",
  "key": "⟪public_key|MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA{rs(B64, 120)}IDAQAB⟫",
  "browser_specific_settings": {{ "gecko": {{ "id": "{{⟪uuid|{uuid4()}⟫}}" }} }},
  "content_security_policy": {{ "extension_pages": "script-src 'self'" }},
  "homepage_url": "https://⟪public_hostname|github.com/report-helper/extension⟫"
}}
"""


@case("config_json", "fr")
def _():
    k = anthropic_key()
    return f"""{{
  "_origine": "bot-support/config.json, dépôt public du prestataire",
  "modele": "assistant-support",
  "fournisseur_llm": {{ "cle": "⟦ai_api_key|{k}⟧", "timeout_s": 30 }},
  "canal": "#support-clients",
  "langue": "fr"
}}
"""


# ================================================================ config_ini
@case("config_ini", "en")
def _():
    p = pw("mixed")
    return f"""; /etc/odbc.ini on the reporting server
[ReportingDSN]
Driver      = ODBC Driver 18 for SQL Server
Server      = ⟦internal_hostname|sqlrpt01.fin.marlowe-group.local⟧,1433
Database    = Reporting
UID         = rpt_reader
PWD         = ⟦password_assignment|{p}⟧
Encrypt     = yes
"""


@case("config_ini", "fr")
def _():
    p1, p2 = pw("random"), pw("mixed")
    return f"""# config/production.ini — application de gestion des adhérents (fichier téléchargeable)
[base_de_donnees]
hote = ⟦private_ip|{privip('172')}⟧
utilisateur = adherents
mot_de_passe = ⟦password_assignment|{p1}⟧

[messagerie]
serveur = ssl0.ovh.net
identifiant = ⟪company_contact|contact@amicale-exemple.fr⟫
mdp = ⟦password_assignment|{p2}⟧
"""


@case("config_ini", "en")
def _():
    return f"""# setup.cfg / tox.ini of the PoC tooling I attach — nothing secret
[metadata]
name = psirt-poc-tools
version = ⟪version|0.4.1⟫
author_email = ⟪reporter_contact|r.okonkwo@lantern-sec.io⟫

[tox:tox]
envlist = py311

[testenv]
setenv =
    API_TOKEN = ⟪placeholder|dummy-token-for-tests⟫
    PASSWORD = ⟪placeholder|xxxx⟫
commands = pytest -q
""", "r.okonkwo@lantern-sec.io"


@case("config_ini", "fr")
def _():
    t = gh_token()
    u = f"https://deploy-bot:{t}@github.com/"
    return f"""# ~/.gitconfig du compte de déploiement (copié dans l'archive de sauvegarde)
[user]
	name = Deploy Bot
	email = ⟪company_contact|deploy@atelier-numerique.fr⟫
[url "⟦url_credentials+github_token|{u}⟧"]
	insteadOf = https://github.com/
[core]
	autocrlf = input
"""


@case("config_ini", "en")
def _():
    p = pw("mixed")
    sk = rs(ALNUM, 20)
    return f"""# /etc/grafana/grafana.ini (container image layer, default paths)
[server]
http_port = 3000
root_url = https://⟦internal_hostname|grafana.ops.kestrel-int.net⟧/

[security]
admin_user = admin
admin_password = ⟦password_assignment|{p}⟧
secret_key = ⟦password_assignment|{sk}⟧
⟪setting|password_min_length = 12⟫
"""


@case("config_ini", "fr")
def _():
    return f"""; php.ini — durcissement appliqué après correctif (pour information)
expose_php = Off
display_errors = Off
session.cookie_httponly = 1
session.cookie_secure = 1
session.name = ⟪placeholder|PHPSESSID⟫
upload_max_filesize = 8M
date.timezone = "Europe/Paris"
; version testée : ⟪version|8.2.18⟫, build du ⟪date|2024-04-11⟫
"""


@case("config_ini", "en")
def _():
    t = pypi_tok()
    return f"""# ~/.pypirc left in the published sdist (tarball root!)
[distutils]
index-servers =
    pypi
    testpypi

[pypi]
username = __token__
password = ⟦pypi_token+password_assignment|{t}⟧

[testpypi]
repository = https://test.pypi.org/legacy/
username = __token__
password = ⟪placeholder|<testpypi token>⟫
"""


@case("config_ini", "fr")
def _():
    c = card("mc")
    return f"""; C:\\ProgramData\\CaissePro\\caisse.ini — poste de caisse du magasin de Tours
[Terminal]
NumeroTPE=⟪order_id|{digits(8)}⟫
Commercant=⟪siret|{siret()}⟫
[DerniereTransaction]
Date=⟪timestamp|2024-02-17 16:42:09⟫
Montant=⟪amount|87,30⟫
; le logiciel journalise le PAN complet (constat principal)
Carte=⟦payment_card|{c}⟧
Porteur=M DUVIGNAUD HERVE
EmailTicket=⟦email_address|herve.duvignaud{R.randint(10, 99)}@orange.fr⟧
"""


@case("config_ini", "en")
def _():
    ak = aws_akid("ASIA")
    sk = aws_secret()
    st = "IQoJb3JpZ2luX2VjE" + rs(B64, 300)
    return f"""# ~/.aws/credentials from the CI runner cache
[default]
aws_access_key_id = ⟦aws_access_key_id|{ak}⟧
aws_secret_access_key = ⟦aws_secret_key|{sk}⟧
aws_session_token = ⟦aws_secret_key|{st}⟧

[readonly]
aws_access_key_id = ⟦aws_access_key_id!|AKIAIOSFODNN7EXAMPLE⟧
aws_secret_access_key = ⟦aws_secret_key!|wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY⟧
"""


@case("config_ini", "fr")
def _():
    return f"""# /etc/systemd/system/collecteur.service — le secret est lu depuis un fichier protégé
[Unit]
Description=Collecteur de journaux
After=network-online.target

[Service]
EnvironmentFile=⟪filename|/etc/collecteur/secrets.env⟫
Environment=COLLECTEUR_MDP=⟪placeholder|%d/mdp⟫
LoadCredential=mdp:/etc/collecteur/mdp.cred
ExecStart=/usr/local/bin/collecteur --cible ⟪infrastructure_info|siem01.interne⟫:6514
User=collecteur
"""


@case("config_ini", "en")
def _():
    p = pw("random")
    return f"""[ldap]
; helpdesk-tool/config/ldap.ini — returned by the path traversal in /download?file=../config/ldap.ini
server = ldaps://⟦private_ip|{privip('10')}⟧:636
bind_dn = "CN=svc_helpdesk,OU=Service Accounts,DC=corp,DC=ellison-retail,DC=com"
bind_password = "⟦password_assignment|{p}⟧"
base_dn = "DC=corp,DC=ellison-retail,DC=com"
"""


# ================================================================ env_file
@case("env_file", "en")
def _():
    ak = base64.b64encode(bytes(R.getrandbits(8) for _ in range(32))).decode()
    return f"""APP_NAME=TenantPortal
APP_ENV=production
APP_KEY=base64:⟦password_assignment|{ak}⟧
APP_DEBUG=true
DB_CONNECTION=mysql
DB_HOST=⟦private_ip|{privip('10')}⟧
DB_DATABASE=tenants
DB_USERNAME=tenants
DB_PASSWORD=⟦password_assignment|{pw('mixed')}⟧
MAIL_PASSWORD=⟦password_assignment|{pw('random')}⟧
STRIPE_SECRET=⟦stripe_key|{stripe('sk_live_', 24)}⟧
"""


@case("env_file", "fr")
def _():
    p = pw("random")
    return f"""# .env — récupéré via https://⟪public_hostname|preprod.location-velos-exemple.fr⟫/.env
NODE_ENV=production
DATABASE_URL="⟦connection_string+url_credentials|mysql://velo_app:{p}@db-velo.interne:3306/velo⟧"
SENDGRID_API_KEY=⟦sendgrid_key|{sendgrid()}⟧
CONTACT_EMAIL=⟪company_contact|contact@location-velos-exemple.fr⟫
"""


@case("env_file", "en")
def _():
    return f"""# .env.example — copy to .env and fill in
DATABASE_URL=⟪placeholder|postgres://user:password@localhost:5432/app⟫
REDIS_URL=redis://localhost:6379/0
SECRET_KEY=⟪placeholder|change-me⟫
GITHUB_TOKEN=⟪placeholder|ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx⟫
AWS_ACCESS_KEY_ID=⟪placeholder|<your-access-key-id>⟫
AWS_SECRET_ACCESS_KEY=⟪placeholder|<your-secret-access-key>⟫
STRIPE_KEY=⟪placeholder|sk_test_...⟫
PASSWORD_MIN_LENGTH=12
"""


@case("env_file", "fr")
def _():
    sid = twilio_ac()
    return f"""# .env.production (image Docker publiée sur le hub, couche 12)
TWILIO_ACCOUNT_SID=⟦twilio_key?|{sid}⟧
TWILIO_AUTH_TOKEN=⟦twilio_key+password_assignment|{hexs(32)}⟧
SLACK_WEBHOOK_URL=⟦slack_webhook|{slack_hook()}⟧
NUMERO_ASTREINTE=⟦phone_number|{fr_mobile_intl()}⟧
"""


@case("env_file", "en")
def _():
    t = gh_token("ghs_")
    return f"""$ printenv   # output of the /debug/env endpoint, trimmed
HOSTNAME=⟦internal_hostname|runner-7f9c-build.ci.parkway-systems.internal⟧
HOME=/home/runner
GITHUB_TOKEN=⟦github_token|{t}⟧
AWS_REGION=eu-central-1
AWS_ACCESS_KEY_ID=⟦aws_access_key_id|{aws_akid()}⟧
AWS_SECRET_ACCESS_KEY=⟦aws_secret_key|{aws_secret()}⟧
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin
LANG=C.UTF-8
"""


@case("env_file", "fr")
def _():
    return f"""# .env — paramètres non sensibles du service de signalement
PORT=8080
LOG_LEVEL=info
DELAI_EXPIRATION_SESSION=1800
LONGUEUR_MIN_MOT_DE_PASSE=12
URL_PUBLIQUE=https://⟪public_hostname|signalement.exemple-collectivite.fr⟫
ID_INSTANCE=⟪uuid|{uuid4()}⟫
VERSION=⟪version|1.9.0⟫
COMMIT=⟪git_sha|{git_sha()}⟫
MOT_DE_PASSE_SMTP=
"""


@case("env_file", "en")
def _():
    return f"""OPENAI_API_KEY=⟦ai_api_key|{openai_key()}⟧
ANTHROPIC_API_KEY=⟦ai_api_key|{anthropic_key()}⟧
JWT_SECRET=⟦password_assignment|{rs(HEX, 64)}⟧
ADMIN_JWT=⟦jwt|{jwt({'sub': '1', 'role': 'admin', 'iat': 1714000000})}⟧
"""


@case("env_file", "fr")
def _():
    p1, p2 = pw("random"), pw("mixed")
    return f"""REDIS_URL=⟦connection_string+url_credentials|redis://:{p1}@cache-sessions.interne:6379/2⟧
SMTP_URL=⟦url_credentials+password_assignment|smtp://notif%40transports-exemple.fr:{p2}@ssl0.ovh.net:465⟧
# ancienne valeur, révoquée : REDIS_URL=⟪redacted|redis://:*****@cache-sessions.interne:6379/2⟫
"""


@case("env_file", "en")
def _():
    c = card("visa")
    return f"""# .env.local of the QA team, committed by mistake
E2E_BASE_URL=https://staging.checkout.{R.choice(['trailmix', 'foxglove', 'bramble'])}-shop.com
E2E_USER=qa.bot
E2E_PASSWORD=⟦password_assignment|{pw('mixed')}⟧
# real card of a colleague because the sandbox was down (!)
E2E_CARD_NUMBER=⟦payment_card|{c}⟧
E2E_CARD_EXP=⟦payment_card?|11/26⟧
E2E_TEST_CARD_FALLBACK=⟦payment_card!|4111111111111111⟧
"""


@case("env_file", "en")
def _():
    return f"""# env dump as printed by the app's startup banner (values masked by the framework)
DB_PASSWORD=⟪redacted|****⟫
API_KEY=⟪redacted|sk-...REDACTED⟫
SESSION_SECRET=⟪redacted|[hidden]⟫
MIN_PASSWORD_LENGTH=12
BUILD_ID=⟪uuid|{uuid4()}⟫
BUILD_TIME=⟪timestamp|{ts()}⟫
IMAGE_DIGEST=⟪hash|sha256:{sha256()}⟫
"""


@case("env_file", "fr")
def _():
    return f"""# .env du front (fichier servi par erreur à la racine du site)
VITE_GOOGLE_MAPS_KEY=⟦google_api_key|{gapi()}⟧
NPM_TOKEN=⟦npm_token|{npm_tok()}⟧
GITLAB_TOKEN=⟦gitlab_token|{glpat()}⟧
VITE_API=https://⟪public_hostname|api.exemple-transport.fr⟫
"""


# ================================================================ http_request
@case("http_request", "en")
def _():
    p = pw("mixed")
    sid = rs(ALNUM, 32)
    return f"""POST /api/v1/auth/login HTTP/1.1
Host: portal.{R.choice(['glenrock-insurance', 'harbourline-health', 'quillon-bank'])}.com
Content-Type: application/json
Cookie: ⟪placeholder|_ga=GA1.2.{digits(9)}.{digits(10)}⟫; sessionid=⟦session_cookie|{sid}⟧
User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/⟪version|125.0⟫
Content-Length: 64

{{"username":"b.achterberg","password":"⟦password_assignment|{p}⟧","remember":true}}
"""


@case("http_request", "fr")
def _():
    j = jwt({"sub": "u-" + digits(6), "name": "Ophélie Marchand", "role": "gestionnaire", "iat": 1712000000, "exp": 1712003600}, "RS256", kid="k1")
    return f"""GET /api/dossiers/{digits(7)}/pieces HTTP/2
Host: extranet.mutuelle-exemple.fr
Authorization: Bearer ⟦authorization_header+jwt|{j}⟧
Accept: application/json
X-Correlation-Id: ⟪uuid|{uuid4()}⟫
"""


@case("http_request", "en")
def _():
    return f"""PUT /api/v2/settings/notifications HTTP/1.1
Host: ⟪public_hostname|app.statuswatch.io⟫
Authorization: Bearer ⟪redacted|[REDACTED]⟫
Cookie: session=⟪redacted|<redacted>⟫
X-Request-ID: ⟪uuid|{uuid4()}⟫
If-Match: "⟪hash|{hexs(32)}⟫"
Content-Type: application/json

{{"email_digest":"weekly","sms":false,"min_password_length":12}}
"""


@case("http_request", "fr")
def _():
    u, p = "superviseur", pw("mixed")
    b = base64.b64encode(f"{u}:{p}".encode()).decode()
    return f"""GET /cgi-bin/status.cgi?vue=complete HTTP/1.1
Host: ⟦private_ip|{privip('192')}⟧
Authorization: Basic ⟦authorization_header+password_assignment|{b}⟧
Connection: close

(requête rejouée depuis Burp ; le couple superviseur / mot de passe est celui par défaut de l'automate)
"""


@case("http_request", "en")
def _():
    g = gapi()
    tok = rs(ALNUM, 40)
    return f"""GET /maps/api/geocode/json?address=1600+Amphitheatre&key=⟦google_api_key|{g}⟧ HTTP/1.1
Host: maps.googleapis.com

GET /export/download?file=q2.csv&access_token=⟦password_assignment|{tok}⟧ HTTP/1.1
Host: reports.{R.choice(['lindqvist-retail', 'bexley-parcel', 'auric-travel'])}.com
Referer: https://⟪public_hostname|www.google.com⟫/
"""


@case("http_request", "fr")
def _():
    n = nir("2", "92", "06", "13")
    ib = iban("FR")
    return f"""POST /inscription/etape3 HTTP/1.1
Host: www.aide-logement-exemple.fr
Content-Type: application/x-www-form-urlencoded

civilite=Mme&nom=Benhamou&prenom=Yasmine&date_naissance=⟦date_of_birth|1992-06-17⟧&nir=⟦national_id|{n.replace(' ', '')}⟧&iban=⟦iban|{ib.replace(' ', '')}⟧&adresse=⟦postal_address|17+rue+Paradis%2C+13001+Marseille⟧&tel=⟦phone_number|{fr_mobile('')}⟧

(capturée dans le journal du proxy de l'éditeur, accessible sans authentification : ce n'est pas ma propre demande)
"""


@case("http_request", "en")
def _():
    return f"""GET /static/js/app.{hexs(8)}.js HTTP/1.1
Host: ⟪public_hostname|cdn.thalesgroup.com⟫
If-None-Match: W/"⟪hash|{hexs(40)}⟫"
User-Agent: curl/⟪version|8.5.0⟫
X-Forwarded-For: ⟪documentation_ip|198.51.100.77⟫
Accept: */*
"""


@case("http_request", "fr")
def _():
    s1 = rs(LO + DIG, 26)
    rm = b64u(bytes(R.getrandbits(8) for _ in range(48)))
    return f"""GET /mon-compte/commandes HTTP/1.1
Host: boutique.fromagerie-exemple.fr
Cookie: PHPSESSID=⟦session_cookie|{s1}⟧; remember_me=⟦session_cookie|{rm}⟧; consentement=⟪placeholder|oui⟫; panier=⟪order_id|{digits(6)}⟫
Accept-Language: fr-FR,fr;q=0.9
"""


@case("http_request", "en")
def _():
    c = card("amex")
    return f"""POST /graphql HTTP/1.1
Host: api.{R.choice(['voyagr', 'ticketbay', 'stayloft'])}.app
Content-Type: application/json

{{"operationName":"AddCard","variables":{{"input":{{"holder":"CONSTANCE WHITLEY","number":"⟦payment_card|{c}⟧","expiry":"⟦payment_card?|08/28⟧","cvc":"⟦payment_card?|{digits(4)}⟧","billingZip":"94110"}}}},"query":"mutation AddCard($input: CardInput!) {{ addCard(input: $input) {{ id last4 }} }}"}}

-- seen in the public GraphQL request log endpoint, not my card
"""


@case("http_request", "fr")
def _():
    return f"""POST /profil/mot-de-passe HTTP/1.1
Host: ⟪public_hostname|espace.exemple-assurance.fr⟫
Content-Type: application/x-www-form-urlencoded
Authorization: ⟪redacted|Bearer ***masqué***⟫

csrf_token=⟪csrf_token|{rs(HEX, 32)}⟫&ancien=⟪placeholder|%2A%2A%2A%2A%2A%2A⟫&nouveau=⟪placeholder|%2A%2A%2A%2A%2A%2A⟫

(mots de passe remplacés par des étoiles avant l'envoi de ce rapport)
"""


@case("http_request", "en")
def _():
    rk = stripe("rk_live_", 99)
    t = slack_user()
    return f"""POST /v1/refunds HTTP/1.1
Host: api.stripe.com
Authorization: Bearer ⟦authorization_header+stripe_key|{rk}⟧
Content-Type: application/x-www-form-urlencoded

charge=ch_{rs(ALNUM, 24)}&amount=⟪amount|4999⟫

POST /api/chat.postMessage HTTP/1.1
Host: slack.com
Authorization: Bearer ⟦authorization_header+slack_token|{t}⟧
"""


@case("http_request", "fr")
def _():
    t = glpat()
    return f"""GET /api/v4/projects/{R.randint(100, 999)}/variables HTTP/1.1
Host: ⟦internal_hostname|gitlab.forge.dsi-interne.fr⟧
PRIVATE-TOKEN: ⟦authorization_header+gitlab_token|{t}⟧
User-Agent: python-requests/⟪version|2.31.0⟫
"""


# ================================================================ http_response
@case("http_response", "en")
def _():
    sid = b64u(bytes(R.getrandbits(8) for _ in range(32)))
    em = "kwame.osei" + str(R.randint(10, 99)) + "@gmail.com"
    return f"""HTTP/1.1 200 OK
Content-Type: application/json; charset=utf-8
Set-Cookie: __Host-sid=⟦session_cookie|{sid}⟧; Path=/; Secure; HttpOnly; SameSite=Lax
X-Request-Id: ⟪uuid|{uuid4()}⟫

{{"id":{R.randint(10000, 99999)},"displayName":"Kwame Osei","email":"⟦email_address|{em}⟧","mobile":"⟦phone_number|{uk_mobile()}⟧","plan":"family","createdAt":"⟪timestamp|{ts()}⟫"}}
"""


@case("http_response", "fr")
def _():
    p = pw("random")
    return f"""HTTP/1.1 500 Internal Server Error
Content-Type: text/plain; charset=utf-8
X-Powered-By: ⟪version|PHP/7.4.33⟫

Erreur fatale : impossible de se connecter à la base
PDOException: SQLSTATE[HY000] [1045] Accès refusé
  dsn     => 'mysql:host=⟦internal_hostname|bdd-prod.hebergeur-interne.net⟧;dbname=ecommerce'
  user    => 'boutique'
  pass    => '⟦password_assignment|{p}⟧'
#0 /var/www/html/inc/db.php(12): PDO->__construct()
"""


@case("http_response", "en")
def _():
    return f"""HTTP/1.1 401 Unauthorized
Server: nginx/⟪version|1.25.4⟫
Date: ⟪timestamp|Tue, 14 May 2024 09:12:44 GMT⟫
WWW-Authenticate: Bearer realm="api", error="invalid_token"
ETag: "⟪hash|{hexs(16)}-{hexs(8)}⟫"
Strict-Transport-Security: max-age=63072000; includeSubDomains
Content-Type: application/problem+json

{{"type":"https://⟪public_hostname|api.example.org⟫/errors/token","title":"Token expired","traceId":"⟪uuid|{uuid4()}⟫"}}
"""


@case("http_response", "fr")
def _():
    a = jwt({"sub": "c-" + digits(5), "aud": "appli-mobile", "iat": 1715000000, "exp": 1715003600})
    rf = rs(ALNUM, 48)
    return f"""HTTP/2 200
content-type: application/json

{{
  "access_token": "⟦jwt|{a}⟧",
  "refresh_token": "⟦password_assignment|{rf}⟧",
  "token_type": "Bearer",
  "expires_in": 3600
}}
(réponse obtenue pour le compte d'un autre client en rejouant le code d'autorisation)
"""


@case("http_response", "en")
def _():
    p = pw("random")
    return f"""HTTP/1.1 200 OK
Content-Type: application/vnd.spring-boot.actuator.v3+json

{{"activeProfiles":["prod"],"propertySources":[{{"name":"systemEnvironment","properties":{{
  "SPRING_DATASOURCE_PASSWORD":{{"value":"⟪redacted|******⟫"}},
  "MAIL_PASSWORD":{{"value":"⟪redacted|******⟫"}},
  "LEGACY_FTP_PASS":{{"value":"⟦password_assignment|{p}⟧"}},
  "HOSTNAME":{{"value":"⟦internal_hostname|orders-api-6c9d7-xk2lp⟧"}}
}}}}]}}
(the sanitizer only masks keys ending in PASSWORD/SECRET/KEY)
"""


@case("http_response", "fr")
def _():
    return f"""HTTP/1.1 200 OK
Content-Type: application/json

{{"raison_sociale":"Transports Exemple SAS","siret":"⟪siret|{siret()}⟫","tva":"FR{digits(11)}","standard":"⟪company_contact|+33 4 72 00 00 00⟫","contact":"⟪company_contact|presse@transports-exemple.fr⟫","capital":"⟪amount|150 000 €⟫","date_creation":"⟪date|1998-03-12⟫"}}
"""


@case("http_response", "en")
def _():
    docno = rs(UP + DIG, 9)
    l1, l2 = mrz_td3("Delacroix Moreau", "Anouk", "BEL", docno, "950203", "F", "290714")
    return f"""HTTP/1.1 200 OK
Content-Type: application/json

{{"kycId":"⟪uuid|{uuid4()}⟫","status":"approved","document":{{"type":"passport","number":"⟦identity_document|{docno}⟧","mrz":["⟦identity_document|{l1}⟧","⟦identity_document|{l2}⟧"],"holder":"Anouk Delacroix Moreau","birthDate":"⟦date_of_birth|1995-02-03⟧"}}}}
"""


@case("http_response", "fr")
def _():
    return f"""HTTP/1.1 200 OK
Content-Type: application/fhir+json

{{"resourceType":"Condition","id":"{digits(6)}","subject":{{"reference":"Patient/{digits(6)}","display":"Gilberte Fauconnier"}},"code":{{"coding":[{{"system":"http://hl7.org/fhir/sid/icd-10","code":"⟦health_data|F32.1⟧"}}],"text":"⟦health_data|Épisode dépressif moyen⟧"}},"recordedDate":"⟪date|2024-01-09⟫"}}
"""


@case("http_response", "en")
def _():
    return f"""HTTP/1.1 200 OK
Content-Type: application/json
Cache-Control: public, max-age=3600

{{"keys":[{{"kty":"RSA","use":"sig","kid":"⟪hash|{hexs(16)}⟫","alg":"RS256","e":"AQAB","n":"⟪public_key|{rs(B64U, 342)}⟫"}}]}}
(JWKS endpoint: public keys only)
"""


@case("http_response", "fr")
def _():
    sk = stripe("sk_live_", 99)
    return f"""HTTP/1.1 200 OK
Content-Type: application/javascript

window.__CONFIG__ = {{
  env: "production",
  stripePublic: "⟪public_key|{stripe('pk_live_', 99)}⟫",
  stripeSecret: "⟦stripe_key|{sk}⟧", // <- servi au navigateur !
  sentryRelease: "⟪git_sha|{git_sha()}⟫"
}};
"""


@case("http_response", "en")
def _():
    p = pw("mixed")
    u = f"https://jenkins-deploy:{p}@git.{R.choice(['oakhurst', 'veltro', 'bramwell'])}-labs.com/platform/infra.git"
    return f"""HTTP/1.1 200 OK
Server: Apache/⟪version|2.4.41⟫ (Ubuntu)
Content-Type: text/plain

[core]
	repositoryformatversion = 0
	filemode = true
[remote "origin"]
	url = ⟦url_credentials+password_assignment|{u}⟧
	fetch = +refs/heads/*:refs/remotes/origin/*
"""


@case("http_response", "fr")
def _():
    ib = iban(R.choice(["BE", "LU"]))
    return f"""HTTP/1.1 200 OK
Content-Type: application/json

{{"facture":"⟪order_id|FA-2024-{digits(5)}⟫","montant_ttc":"⟪amount|1 284,00⟫","client":{{"nom":"Maxence Dujardin","adresse":"⟦postal_address|Rue des Armuriers 22, 4000 Liège⟧","iban_prelevement":"⟦iban|{ib}⟧","email":"⟦email_address|m.dujardin{R.randint(1, 99)}@skynet.be⟧"}}}}
"""


# ================================================================ email_message
@case("email_message", "en")
def _():
    rep = "anja.keller@" + "redpine-security.ch"
    return (f"""From: Anja Keller <{rep}>
To: Thales PSIRT <⟪psirt_address|psirt@thalesgroup.com⟫>
Subject: Vulnerability report: path traversal in firmware updater
Date: ⟪timestamp|Mon, 6 May 2024 10:21:07 +0200⟫
Message-ID: <⟪message_id|{hexs(16)}.{digits(10)}@redpine-security.ch⟫>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Dear PSIRT,

please find attached the details of a path traversal in the updater (tested on version ⟪version|6.1.3⟫). Proposed score ⟪cvss|CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H⟫. No third-party data was accessed.

Kind regards,
--
Anja Keller, Senior Security Researcher
Redpine Security AG · ⟪reporter_contact|Limmatquai 94, 8001 Zürich⟫
⟪reporter_contact|+41 44 585 21 09⟫ · ⟪reporter_contact|{rep}⟫
PGP ⟪fingerprint|{fp_grouped()}⟫
""", rep)


@case("email_message", "fr")
def _():
    p = "Bienvenue" + digits(4) + "!"
    return f"""Return-Path: <noreply@dsi.exemple-hopital.fr>
From: Service informatique <noreply@dsi.exemple-hopital.fr>
To: Elodie Vasseur <⟦email_address|elodie.vasseur@exemple-hopital.fr⟧>
Subject: Votre compte est créé
Date: ⟪timestamp|Thu, 11 Apr 2024 08:03:55 +0200⟫
Content-Type: text/plain; charset="utf-8"

Bonjour Elodie,

Votre compte a été créé. Identifiant : evasseur
Mot de passe provisoire : ⟦password_assignment|{p}⟧
Vous devrez le changer à la première connexion (⟪setting|12 caractères minimum⟫).

-- Ce message a été retrouvé dans la boîte d'envoi exposée (constat 5) ; la destinataire n'est pas moi.
"""


@case("email_message", "en")
def _():
    ak, sk = aws_akid(), aws_secret()
    return f"""From: Gareth Llewellyn <⟦email_address|g.llewellyn@{R.choice(['cobaltridge', 'marston-analytics'])}.co.uk⟧>
To: platform-team@cobaltridge.co.uk
Subject: Re: Re: backup job failing
Date: ⟪timestamp|Wed, 24 Apr 2024 17:40:02 +0100⟫
In-Reply-To: <⟪message_id|{uuid4()}@cobaltridge.co.uk⟫>

Fixed now, thanks all.

On Wed, 24 Apr 2024, Priya wrote:
> Did you update the creds in the cron?
>
> On Tue, 23 Apr 2024, Gareth wrote:
> > Here are the new ones for the backup user, please update the cron:
> > key id ⟦aws_access_key_id|{ak}⟧
> > secret ⟦aws_secret_key|{sk}⟧
> > (old one revoked)
"""


@case("email_message", "fr")
def _():
    return f"""From: Direction RH <rh@exemple-industrie.fr>
To: Manager Atelier 2 <manager.atelier2@exemple-industrie.fr>
Subject: CONFIDENTIEL - situation de M. Loïc Hamelin
Date: ⟪timestamp|Fri, 15 Mar 2024 16:12:30 +0100⟫
Content-Type: text/plain; charset=utf-8

Bonjour,

Suite à l'entretien du 12/03, nous confirmons ⟦employment_data|une mise à pied disciplinaire de 3 jours pour M. Hamelin (absences injustifiées répétées)⟧. Pour mémoire ⟦employment_data|son salaire de base est de 2 310 € bruts et sa prime d'objectifs 2023 est supprimée⟧.

Cordialement,
Service RH
⟪company_contact|03 20 00 00 00⟫

(mail trouvé dans l'archive PST accessible sur le partage public)
"""


@case("email_message", "en")
def _():
    return f"""Return-Path: <oss-security-return-{digits(5)}-x=y@lists.openwall.com>
List-Id: <oss-security.lists.openwall.com>
From: Project Maintainer <⟪public_contact|security@libexample.org⟫>
Subject: [oss-security] CVE-2024-{R.randint(20000, 39999)}: libexample heap overflow
DKIM-Signature: v=1; a=rsa-sha256; d=libexample.org; s=mail; bh=⟪hash|{base64.b64encode(bytes(R.getrandbits(8) for _ in range(32))).decode()}⟫;
 b=⟪signature|{rs(B64, 60)}
 {rs(B64, 60)}⟫
Message-ID: <⟪message_id|{hexs(24)}@libexample.org⟫>

libexample ⟪version|2.8.1⟫ fixes a heap overflow in the TLV parser. Fixed in commit ⟪git_sha|{git_sha()}⟫. Tarball sha256: ⟪hash|{sha256()}⟫
"""


@case("email_message", "fr")
def _():
    p = pnr()
    return f"""From: Agence Voyages Pro <reservations@voyages-pro-exemple.fr>
To: assistante.direction@exemple-conseil.fr
Subject: TR: Confirmation de votre réservation {p}
Date: ⟪timestamp|Mon, 3 Jun 2024 11:26:48 +0200⟫

---------- Message transféré ----------
Passager : M. Édouard Klein-Dumas
Référence de réservation : ⟦travel_record|{p}⟧
Billet n° ⟦travel_record|{ticket('057')}⟧
⟦travel_record|AF 7712 — Paris CDG 07:15 → Nice 08:40 — 18 juin — siège 03A⟧
Carte Flying Blue : ⟦travel_record?|{digits(10)}⟧
"""


@case("email_message", "en")
def _():
    k = openssh_key()
    return f"""From: Dev Ops <devops@{R.choice(['stonebridge', 'fenwick'])}-logistics.com>
To: contractor@{R.choice(['quickfix-it', 'bytesmiths'])}.com
Subject: server access
Date: ⟪timestamp|Tue, 9 Jan 2024 14:02:11 +0000⟫

here's the key for the deploy user on ⟦internal_hostname|deploy01.stonebridge.lan⟧, just paste it into ~/.ssh/id_ed25519

⟦private_key|{k}⟧

cheers
"""


@case("email_message", "fr")
def _():
    return f"""From: PSIRT Thales <⟪psirt_address|psirt@thalesgroup.com⟫>
To: Romain Théveneau <r.theveneau@secu-indep.fr>
Subject: [PSIRT-2024-{digits(4)}] Accusé de réception
Date: ⟪timestamp|Wed, 22 May 2024 09:00:12 +0200⟫

Bonjour,

Nous accusons réception de votre signalement, enregistré sous la référence ⟪order_id|PSIRT-2024-{digits(4)}⟫. Vos échanges futurs peuvent être chiffrés avec notre clé ⟪fingerprint|FC3C 4520 576E C756 AE73 0030 5369 49C4 8448 AE39⟫. Pour une demande d'identifiant CVE, écrivez à ⟪psirt_address|cna-coordinator@thalesgroup.com⟫.

Cordialement,
L'équipe PSIRT
""", "r.theveneau@secu-indep.fr"


@case("email_message", "en")
def _():
    return f"""From: Customer Care <care@{R.choice(['petalpost', 'northwind-flowers'])}.com>
To: Dorothea Pennington <⟦email_address|dot.pennington@{R.choice(['btinternet.com', 'aol.com'])}⟧>
Subject: Your order {digits(7)} — identity check
Date: ⟪timestamp|Sat, 16 Mar 2024 19:44:03 +0000⟫

Dear Mrs Pennington,

to release your order we confirmed the following details with you by phone:
date of birth: ⟦date_of_birth|08/04/1951⟧
delivery address: ⟦postal_address|Flat 2, 61 Cranmore Terrace, Bath BA2 4HL⟧
card ending ⟪card_last4|{digits(4)}⟫

(from the misconfigured ticketing export, finding 3 of my report)
"""


@case("email_message", "fr")
def _():
    p = pw("phrase").replace(" ", "-")
    rep = "theo.marchetti@laposte.net"
    return (f"""From: Théo Marchetti <{rep}>
To: ⟪psirt_address|psirt@thalesgroup.com⟫
Subject: Borne Wi-Fi de démonstration laissée sur le stand
Date: ⟪timestamp|Thu, 7 Mar 2024 21:17:40 +0100⟫

Bonjour,

Sur le stand du salon, la borne de démonstration diffuse un réseau protégé dont la clé est affichée sur l'écran d'accueil de la tablette. Avec cette clé j'ai accès au réseau interne du stand et au contrôleur ⟦private_ip|{privip('192')}⟧.

Théo

PS : la clé affichée était ⟦password_assignment|{p}⟧ ; je ne l'ai utilisée que pour vérifier l'accès.
""", rep)


@case("email_message", "en")
def _():
    j = jwt({"sub": "user:" + digits(6), "email": "h.nakamura@" + "kitsune-design.jp", "purpose": "magic_link", "exp": 1716000000})
    return f"""From: Sign-in <no-reply@{R.choice(['boardly', 'notewise'])}.io>
To: ⟦email_address|h.nakamura@kitsune-design.jp⟧
Subject: Your sign-in link
Date: ⟪timestamp|Fri, 17 May 2024 02:10:11 +0000⟫

Click to sign in (valid 15 minutes):
https://app.boardly.io/auth/magic?token=⟦jwt|{j}⟧

-- This message was forwarded to a shared support mailbox that anyone with a free account can read.
"""


@case("email_message", "fr")
def _():
    return f"""From: Secrétariat Dr Lemaire <secretariat.cabinet-lemaire@exemple-sante.fr>
To: ⟦email_address|jp.roussel{R.randint(10, 99)}@free.fr⟧
Subject: Compte rendu de consultation
Date: ⟪timestamp|Tue, 2 Apr 2024 17:55:21 +0200⟫

Monsieur,

Veuillez trouver le compte rendu concernant votre mère, Mme Jeannine Roussel : ⟦health_data|maladie d'Alzheimer à un stade modéré, traitement par donépézil 10 mg poursuivi⟧, prochain rendez-vous le ⟪date|14 mai⟫.

> Le 28/03, J-P Roussel a écrit :
> > Ma mère est née le ⟦date_of_birth|19 octobre 1938⟧, numéro de sécu ⟦national_id|{nir('2', '38', '10', '59')}⟧.

(Le logiciel du cabinet envoie ces comptes rendus en clair via un relais ouvert, cf. rapport.)
"""


@case("email_message", "en")
def _():
    rep = "priyanka@" + "hexagonwatch.in"
    return (f"""From: Priyanka Rao <{rep}>
To: ⟪psirt_address|psirt@thalesgroup.com⟫
Subject: Auto-Reply: out of office until 3 June
Date: ⟪timestamp|Mon, 27 May 2024 06:00:01 +0530⟫
Auto-Submitted: auto-replied

I am travelling with limited access to email until ⟪date|3 June⟫. For the open report ⟪order_id|#{digits(5)}⟫ you can reach me at ⟪reporter_contact|+91 80 4718 2210⟫. For general enquiries please call our office switchboard ⟪company_contact|+91 80 4000 1000⟫ or write to ⟪company_contact|info@hexagonwatch.in⟫.
""", rep)


# ================================================================ markdown_report
@case("markdown_report", "en")
def _():
    p = pw("mixed")
    return f"""## Finding 1 — Default credentials on the backup controller

**Severity:** High  ·  **CVSS:** ⟪cvss|CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H⟫

The web UI of the backup controller accepts the factory account. Reproduction:

```bash
curl -sk -u backupadmin:⟦password_assignment|{p}⟧ https://⟦private_ip|{privip('10')}⟧/api/jobs | jq '.[0]'
```

The response lists every job, including target shares. Fixed in firmware ⟪version|9.2.1⟫ per the vendor notes.
"""


@case("markdown_report", "fr")
def _():
    n = nir("1", "58", "04", "75")
    return f"""### Constat 2 — Export CSV des rendez-vous accessible sans authentification

| Champ exposé | Exemple (une seule ligne consultée) |
|---|---|
| Patient | M. Raymond Giraudeau |
| N° de sécurité sociale | ⟦national_id|{n}⟧ |
| Motif | ⟦health_data|suivi post-opératoire pontage coronarien⟧ |
| Date du rendez-vous | ⟪date|12/06/2024 à 10 h 30⟫ |
| Praticien | Dr Aïcha Boudjemaa (cardiologie) |

**Recommandation :** exiger une session valide sur `/export/rdv.csv`.
"""


@case("markdown_report", "en")
def _():
    return f"""# Report: auth bypass in the telemetry gateway

## Evidence (sanitised)

```
{ts()} INFO  auth: login ok user=⟪placeholder|<user>⟫ src=⟪documentation_ip|203.0.113.9⟫
{ts()} WARN  auth: token check skipped for path=/internal/metrics
{ts()} DEBUG http: headers={{"Authorization": "⟪redacted|Bearer ***⟫", "X-Trace": "⟪uuid|{uuid4()}⟫"}}
```

| Item | Value |
|---|---|
| Affected versions | ⟪version|4.0.0⟫ – ⟪version|4.3.2⟫ |
| Fixed in | ⟪version|4.3.3⟫ (commit ⟪git_sha|{git_sha()[:7]}⟫) |
| CVSS | ⟪cvss|CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N⟫ |
"""


@case("markdown_report", "fr")
def _():
    return f"""## Méthodologie

1. Installation de la version ⟪version|3.7.0⟫ dans une VM isolée (réseau ⟪infrastructure_info|192.168.56.0/24⟫).
2. Création d'un compte de test `audit01` / `⟪placeholder|<mot de passe de test>⟫`.
3. Interception avec Burp ; les jetons apparaissant dans les captures ont été remplacés par `⟪placeholder|JETON_MASQUÉ⟫`.
4. Les mots de passe affichés `⟪redacted|mot_de_passe=********⟫` dans les journaux sont ceux du produit (masquage natif).

> Remarque : le paramètre `⟪setting|politique.longueur_minimale=12⟫` est respecté.
"""


@case("markdown_report", "en")
def _():
    t = slack_bot()
    return f"""### Finding 5: chat integration token in the mobile bundle

The Android bundle (`⟪filename|assets/index.android.bundle⟫`) embeds the integration token used to post support tickets into the vendor's workspace.[^1] Anyone can post as the bot and read the channels it is a member of.

Impact: Medium-High (internal channel content disclosure).

[^1]: value found: ⟦slack_token|{t}⟧ — please revoke.
"""


@case("markdown_report", "fr")
def _():
    k = pem("EC PRIVATE KEY", 3)
    return f"""## Constat 4 — Clé de signature des mises à jour embarquée dans le micrologiciel

Extraction avec `binwalk -e` puis lecture du fichier `/etc/fwupd/sign.pem` :

```
⟦private_key|{k}⟧
```

La clé publique correspondante (empreinte SHA-256 ⟪hash|{sha256()}⟫) est celle qui valide les mises à jour : un attaquant peut donc signer un micrologiciel arbitraire.
"""


@case("markdown_report", "en")
def _():
    return f"""## Scope and environment

- Target: `⟪public_hostname|demo.thalesgroup.com⟫` (authorised public demo)
- Internal lab: `⟪infrastructure_info|lab-dc01.research.local⟫`, `⟪infrastructure_info|{privip('172')}⟫`
- Attacker box: `⟪documentation_ip|198.51.100.200⟫` (documentation address substituted)
- Dates: ⟪date|2024-04-02⟫ → ⟪date|2024-04-09⟫
- Tooling: Burp Suite ⟪version|2024.3.1⟫, nuclei ⟪version|3.2.4⟫

No credentials or personal data were collected.
"""


@case("markdown_report", "fr")
def _():
    cf = codice_fiscale("Ferrante", "Giulia", 1983, 7, 21, True, "F205")
    d = dni()
    return f"""### Constat 6 — Fuite de pièces KYC via l'URL de prévisualisation

Deux enregistrements ont été vus (aucun téléchargement) :

- cliente italienne : codice fiscale `⟦national_id|{cf}⟧` (Giulia Ferrante), née le ⟦date_of_birth|21/07/1983⟧ ;
- client espagnol : DNI `⟦national_id|{d}⟧`, adresse ⟦postal_address|Calle del Olivo 14, 3º B, 28045 Madrid⟧.

L'URL a la forme `https://⟪public_hostname|cdn.kyc-exemple.com⟫/preview/⟪uuid|{uuid4()}⟫.jpg`.
"""


@case("markdown_report", "en")
def _():
    pno = R.choice(UP) + digits(8)
    return f"""### Finding 3 — predictable upload names

Uploaded documents are stored under names derived from the document number, so they can be guessed. In the listing I saw, for example:

```
-rw-r--r--  1 www  www  482113 ⟪date|Mar 11 09:14⟫ passport_⟦identity_document|{pno}⟧_front.jpg
-rw-r--r--  1 www  www  402988 ⟪date|Mar 11 09:14⟫ licence_⟦identity_document|{R.choice(UP)}{R.choice(UP)}{digits(6)}{R.choice(UP)}{digits(2)}⟧.png
```

I did not open the files.
"""


@case("markdown_report", "fr")
def _():
    return f"""## Chronologie

| Date | Événement |
|---|---|
| ⟪date|02/04/2024⟫ | Découverte sur la version ⟪version|5.1.0⟫ |
| ⟪date|05/04/2024⟫ | Envoi du rapport à ⟪psirt_address|psirt@thalesgroup.com⟫ |
| ⟪date|09/04/2024⟫ | Accusé de réception, référence ⟪order_id|PSIRT-2024-0311⟫ |
| ⟪date|30/05/2024⟫ | Correctif ⟪version|5.1.2⟫ publié (SHA-256 ⟪hash|{sha256()}⟫) |
| ⟪date|01/07/2024⟫ | Publication coordonnée prévue |
"""


@case("markdown_report", "fr")
def _():
    h1, h2 = bcrypt(), argon2()
    return f"""### Constat 3 — Injection SQL dans le filtre de recherche

Preuve (requête limitée à deux lignes) :

```
sqlmap> SELECT email, password_hash FROM utilisateurs LIMIT 2;
+--------------------------------------+--------------------------------------------------------------+
| ⟦email_address|armelle.quintin@{R.choice(['wanadoo.fr', 'sfr.fr'])}⟧      | ⟦password_hash|{h1}⟧ |
| ⟦email_address|k.bouvier{R.randint(10, 99)}@gmail.com⟧             | ⟦password_hash|{h2}⟧ |
+--------------------------------------+--------------------------------------------------------------+
```
"""


@case("markdown_report", "en")
def _():
    return f"""## Appendix — reproducibility data

```json
{{
  "poc_package": "poc-widget@⟪version|0.0.3⟫",
  "integrity": "⟪npm_integrity|{npm_integrity()}⟫",
  "target_commit": "⟪git_sha|{git_sha()}⟫",
  "run_id": "⟪uuid|{uuid4()}⟫",
  "started": "⟪timestamp|{ts()}⟫"
}}
```

All values above are public or mine; nothing to redact.
"""


@case("markdown_report", "fr")
def _():
    docno = rs(UP + DIG, 9)
    l1, l2, l3 = mrz_td1("Ollivier", "Margaux Anne", "FRA", docno, "910305", "F", "330414")
    return f"""### Constat 7 — OCR des pièces d'identité conservé en clair dans les journaux

Extrait du journal `⟪filename|ocr-worker.log⟫` (une seule entrée lue) :

```
[ocr] doc_type=CNI conf=0.97
⟦identity_document|{l1}⟧
⟦identity_document|{l2}⟧
⟦identity_document|{l3}⟧
```
"""


# ================================================================ har_export
@case("har_export", "en")
def _():
    j = jwt({"sub": "auth0|" + hexs(24), "aud": "https://api.fleetlane.io", "scope": "openid profile fleet:admin", "exp": 1716400000}, "RS256", kid=hexs(8))
    c = rs(B64U, 43)
    return f"""{{"log": {{"version": "1.2", "creator": {{"name": "Firefox", "version": "⟪version|126.0⟫"}},
 "entries": [{{
  "startedDateTime": "⟪timestamp|{ts()}⟫",
  "request": {{"method": "GET", "url": "https://api.fleetlane.io/v3/vehicles?page=2",
   "headers": [
     {{"name": "Authorization", "value": "Bearer ⟦authorization_header+jwt|{j}⟧"}},
     {{"name": "Accept", "value": "application/json"}}],
   "cookies": [{{"name": "fl_session", "value": "⟦session_cookie|{c}⟧", "httpOnly": true}}],
   "queryString": [{{"name": "page", "value": "2"}}]}},
  "response": {{"status": 200, "content": {{"mimeType": "application/json", "size": 18211}}}},
  "timings": {{"send": 0, "wait": 142, "receive": 8}}
 }}]}}}}
"""


@case("har_export", "fr")
def _():
    p = pw("mixed")
    tel = fr_mobile()
    return f"""{{"log":{{"version":"1.2","creator":{{"name":"WebInspector","version":"537.36"}},"entries":[
{{"request":{{"method":"POST","url":"https://espace-locataire.exemple-bailleur.fr/api/connexion",
 "postData":{{"mimeType":"application/json","text":"{{\\"login\\":\\"m.fontaine\\",\\"motDePasse\\":\\"⟦password_assignment|{p}⟧\\"}}"}}}},
 "response":{{"status":200,"content":{{"mimeType":"application/json",
 "text":"{{\\"locataire\\":\\"Murielle Fontaine\\",\\"adresse\\":\\"⟦postal_address|Résidence Les Acacias, bât. C, 9 avenue Jean-Jaurès, 94200 Ivry-sur-Seine⟧\\",\\"tel\\":\\"⟦phone_number|{tel}⟧\\",\\"loyer\\":\\"⟪amount|742,18⟫\\"}}"}}}}}}
]}}}}
(HAR joint au ticket du support, fourni par une locataire — pas moi — et publié sur le forum du bailleur)
"""


@case("har_export", "en")
def _():
    return f"""{{"log": {{"version": "1.2", "creator": {{"name": "Chrome DevTools", "version": "⟪version|124.0.6367.91⟫"}},
 "entries": [{{
  "request": {{"method": "GET", "url": "https://⟪public_hostname|status.thalesgroup.com⟫/api/v2/summary.json",
   "headers": [{{"name": "Cookie", "value": "⟪redacted|[cookies removed by HAR sanitizer]⟫"}},
               {{"name": "Authorization", "value": "⟪redacted|Bearer [REDACTED]⟫"}},
               {{"name": "If-None-Match", "value": "W/\\"⟪hash|{hexs(32)}⟫\\""}}]}},
  "response": {{"status": 304, "headers": [{{"name": "x-request-id", "value": "⟪uuid|{uuid4()}⟫"}}]}},
  "serverIPAddress": "⟪public_ip|{pubip()}⟫",
  "time": 41.2
 }}]}}}}
"""


@case("har_export", "fr")
def _():
    ib = iban("FR")
    sid = rs(UP + DIG, 32)
    return f"""<?xml version="1.0"?>
<items burpVersion="⟪version|2024.2.1⟫" exportTime="⟪timestamp|Tue Mar 19 15:02:44 CET 2024⟫">
  <item>
    <url><![CDATA[https://banque-en-ligne.exemple.fr/api/beneficiaires/{digits(6)}]]></url>
    <request base64="false"><![CDATA[GET /api/beneficiaires/{digits(6)} HTTP/1.1
Host: banque-en-ligne.exemple.fr
Cookie: JSESSIONID=⟦session_cookie|{sid}⟧
]]></request>
    <status>200</status>
    <response base64="false"><![CDATA[HTTP/1.1 200 OK
Content-Type: application/json

{{"titulaire":"Armand Lestrade","iban":"⟦iban|{ib}⟧","bic":"⟪public_code|AGRIFRPP⟫"}}]]></response>
  </item>
</items>
"""


@case("har_export", "en")
def _():
    sg = sendgrid()
    return f"""OWASP ZAP — saved message (History id 412)
=== request ===
GET /newsletter/send?list=weekly&api_key=⟦sendgrid_key|{sg}⟧&preview=1 HTTP/1.1
Host: mailer.{R.choice(['pinegrove', 'ashdown', 'riverbend'])}-news.com
User-Agent: Mozilla/5.0 (ZAP)
=== response ===
HTTP/1.1 200 OK
Content-Type: application/json
{{"queued":⟪amount|18234⟫,"list":"weekly"}}
"""


@case("har_export", "fr")
def _():
    return f"""Burp — requête / réponse enregistrées (valeurs sensibles déjà masquées par mes soins)

POST /api/v1/compte/preferences HTTP/1.1
Host: ⟪public_hostname|app.exemple-energie.fr⟫
Cookie: session=⟪redacted|«masqué»⟫; _pk_id=⟪placeholder|{hexs(16)}.{digits(10)}⟫
X-CSRF-Token: ⟪csrf_token|{rs(B64U, 43)}⟫
Content-Type: application/json

{{"langue":"fr","newsletter":false,"id_preference":"⟪uuid|{uuid4()}⟫"}}

HTTP/1.1 204 No Content
Date: ⟪timestamp|Wed, 10 Apr 2024 08:41:13 GMT⟫
"""


@case("har_export", "en")
def _():
    e1 = "r.oyelaran@" + "meridian-clinics.ng"
    e2 = "svetlana.k@" + "meridian-clinics.ng"
    return f"""{{"log":{{"version":"1.2","entries":[{{
 "request":{{"method":"GET","url":"https://admin.meridian-clinics.ng/api/staff?limit=2","headers":[]}},
 "response":{{"status":200,"content":{{"mimeType":"application/json","text":"[{{\\"name\\":\\"Remi Oyelaran\\",\\"email\\":\\"⟦email_address|{e1}⟧\\",\\"phone\\":\\"⟦phone_number|+234 803 {digits(3)} {digits(4)}⟧\\"}},{{\\"name\\":\\"Svetlana Kuznetsova\\",\\"email\\":\\"⟦email_address|{e2}⟧\\",\\"phone\\":\\"⟦phone_number|+234 805 {digits(3)} {digits(4)}⟧\\"}}]"}}}}
}}]}}}}
(the /api/staff endpoint answers without any Authorization header)
"""


@case("har_export", "fr")
def _():
    k = openai_key()
    return f"""{{"log":{{"version":"1.2","entries":[{{
  "request":{{"method":"POST","url":"https://assistant.exemple-mutuelle.fr/api/proxy/chat",
   "headers":[{{"name":"x-api-key","value":"⟦ai_api_key|{k}⟧"}},{{"name":"content-type","value":"application/json"}}],
   "postData":{{"mimeType":"application/json","text":"{{\\"question\\":\\"quels sont mes remboursements ?\\"}}"}}}},
  "response":{{"status":200}}
}}]}}}}
(la clé du fournisseur d'IA est envoyée par le navigateur : visible par tout visiteur)
"""


@case("har_export", "en")
def _():
    return f"""{{"log": {{"entries": [{{
  "request": {{"method": "GET", "url": "https://⟪public_hostname|www.thalesgroup.com⟫/en/psirt?utm_source=report",
   "cookies": [
     {{"name": "_ga", "value": "⟪placeholder|GA1.1.{digits(10)}.{digits(10)}⟫"}},
     {{"name": "OptanonConsent", "value": "⟪placeholder|isGpcEnabled=0&datestamp=Mon+May+20+2024&version=202401.1.0⟫"}}],
   "queryString": [{{"name": "utm_source", "value": "report"}}]}},
  "response": {{"status": 200, "headersSize": 812, "bodySize": 40233}},
  "serverIPAddress": "⟪public_ip|{pubip()}⟫"
 }}]}}}}
"""


@case("har_export", "fr")
def _():
    return f"""{{"log":{{"version":"1.2","comment":"HAR nettoyé avec har-sanitizer ⟪version|1.4⟫","entries":[{{
 "request":{{"method":"GET","url":"https://⟪public_hostname|portail.exemple-collectivite.fr⟫/api/demarches?statut=en_cours",
  "headers":[{{"name":"authorization","value":"⟪redacted|[masqué]⟫"}},{{"name":"cookie","value":"⟪redacted|[masqué]⟫"}}]}},
 "response":{{"status":200,"content":{{"size":2211,"mimeType":"application/json"}}}},
 "_initiator":{{"type":"script"}},
 "_resourceType":"fetch",
 "serverIPAddress":"⟪infrastructure_info|{privip('10')}⟫"
}}]}}}}
"""


# ================================================================ forum_post
@case("forum_post", "en")
def _():
    p = pw("random")
    return f"""**Title:** Npgsql "password authentication failed" only in Docker — works locally??

I'm going crazy. My appsettings has:

    "Default": "⟦connection_string|Host={privip('172')};Port=5432;Database=crm;Username=crm_app;Password={p}⟧"

and the container logs `28P01: password authentication failed for user "crm_app"`. Same string works from Visual Studio. Any idea? .NET ⟪version|8.0.4⟫, Npgsql ⟪version|8.0.3⟫.

*asked 2 hours ago · viewed 38 times*
"""


@case("forum_post", "fr")
def _():
    tel = fr_mobile()
    return f"""Sujet : [Résolu ?] Erreur import clients CSV — « champ adresse trop long »

Bonjour à tous,

Depuis la mise à jour ⟪version|4.2⟫ de notre logiciel de gestion, l'import plante sur certaines lignes. Voici le log :

    ERREUR ligne 1187 : client=DUMONTEIL Régine ; adresse="⟦postal_address|Lieu-dit La Grange Neuve, 2 chemin des Vignes, 24100 Bergerac⟧" ; tel=⟦phone_number|{tel}⟧ ; longueur=74 > 64

Quelqu'un a une idée ? Merci d'avance !
Bernard (gérant, pas informaticien 😅)
"""


@case("forum_post", "en")
def _():
    return f"""Re: [nginx] 502 after enabling auth_request

Here's my config, secrets removed:

```
location / {{
    auth_request /auth;
    proxy_set_header Authorization "Bearer ⟪placeholder|<TOKEN>⟫";
    proxy_pass http://⟪infrastructure_info|{privip('10')}⟫:8080;
}}
location = /auth {{
    proxy_pass http://⟪infrastructure_info|auth-svc.default.svc.cluster.local⟫/verify;
    proxy_set_header X-Api-Key ⟪placeholder|${{AUTH_API_KEY}}⟫;
}}
```

nginx ⟪version|1.24.0⟫ on Debian 12. Error: `auth request unexpected status: 404`.
"""


@case("forum_post", "fr")
def _():
    p1, p2 = pw("mixed"), pw("random")
    return f"""Message de la liste utilisateurs-nextcloud@… — « conteneur db qui redémarre en boucle »

Bonjour la liste,

mon docker-compose (je précise que c'est la prod de l'asso) :

    services:
      db:
        image: mariadb:⟪version|10.11⟫
        environment:
          - MYSQL_ROOT_PASSWORD=⟦password_assignment|{p1}⟧
          - MYSQL_PASSWORD=⟦password_assignment|{p2}⟧
          - MYSQL_DATABASE=nextcloud

Le journal dit « InnoDB: Upgrade after a crash is not supported ». Une piste ?
-- 
Gilles, trésorier bénévole
"""


@case("forum_post", "en")
def _():
    j = jwt({"sub": "svc-exporter", "tenant": "acme-prod", "roles": ["admin"], "iat": 1713000000})
    return f"""### Bug: exporter returns 403 after upgrading to 2.0

Stack trace from the debug log (`--log-level=trace`):

```
requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://api.{R.choice(['metricly', 'loghaven'])}.com/v2/export
  request headers: {{'User-Agent': 'exporter/2.0.0', 'Authorization': 'Bearer ⟦authorization_header+jwt|{j}⟧'}}
  File "exporter/client.py", line 88, in fetch
```

Worked fine on ⟪version|1.9.4⟫.
"""


@case("forum_post", "fr")
def _():
    return f"""Sujet : Vérifier l'intégrité d'un paquet téléchargé ?

Bonjour, j'ai téléchargé l'archive ⟪filename|outil-{R.randint(1, 9)}.{R.randint(0, 9)}.tar.gz⟫ et j'obtiens :

    sha256sum : ⟪hash|{sha256()}⟫
    md5sum    : ⟪hash|{hexs(32)}⟫

alors que le site indique ⟪hash|{sha256()}⟫. La signature est faite par la clé ⟪fingerprint|{luhn_fp()}⟫ (empreinte publiée sur le site). Est-ce grave docteur ? 🙂
"""


@case("forum_post", "en")
def _():
    p = pw("mixed")
    ip = pubip()
    return f"""[fail2ban-users] weird entries in auth.log?

Hi all, seeing these on my VPS, is this normal?

    May 12 03:14:07 vps sshd[2211]: Failed password for invalid user admin from ⟪public_ip|{ip}⟫ port 51514 ssh2
    May 12 08:02:51 vps sshd[3390]: Failed password for invalid user ⟦password_assignment|{p}⟧ from ⟪documentation_ip|192.0.2.44⟫ port 61022 ssh2
    May 12 08:02:58 vps sshd[3392]: Accepted password for deploy from ⟪documentation_ip|192.0.2.44⟫ port 61030 ssh2

(the 08:02 ones are me from home, I fat-fingered my password into the username prompt, oops)
"""


@case("forum_post", "fr")
def _():
    n = nie()
    ib = iban("ES")
    return f"""Sujet : validation IBAN espagnol refusée par notre module de prélèvement

Bonjour, un client résidant en France avec un NIE espagnol (⟦national_id|{n}⟧) nous donne l'IBAN ⟦iban|{ib}⟧ et notre module répond « IBAN invalide ». Pourtant la clé a l'air bonne ?? Module ⟪version|3.0.7⟫, PHP ⟪version|8.1⟫.
"""


@case("forum_post", "en")
def _():
    return f"""Answer (score 214):

Never hard-code credentials. Read them from the environment instead:

```python
import os
DB_PASSWORD = os.environ["⟪placeholder|DB_PASSWORD⟫"]
API_KEY = os.getenv("API_KEY", "⟪placeholder|changeme⟫")
```

and in CI set them as masked variables (they show as `⟪redacted|[MASKED]⟫` in logs). Also enforce `⟪setting|PASSWORD_MIN_LENGTH = 12⟫` in your settings.
"""


@case("forum_post", "fr")
def _():
    return f"""Sujet : Deux serveurs ne se voient plus après changement de VLAN

Bonjour, le serveur de fichiers ⟪infrastructure_info|srv-fichiers.mairie.local⟫ (⟪infrastructure_info|192.168.10.5⟫) ne ping plus l'AD ⟪infrastructure_info|dc01.mairie.local⟫ (⟪infrastructure_info|192.168.20.2⟫) depuis la bascule. Passerelle ⟪infrastructure_info|192.168.10.254⟫. Switch en firmware ⟪version|15.2(7)E4⟫. Une idée ?
"""


@case("forum_post", "en")
def _():
    p = pw("random")
    return f"""r/Wordpress — "Error establishing a database connection" after migration, pls help

my wp-config looks like this (copied from the old host):

    define( 'DB_NAME', 'wp_shop' );
    define( 'DB_USER', 'wp_shop_user' );
    define( 'DB_PASSWORD', '⟦password_assignment|{p}⟧' );
    define( 'DB_HOST', '⟦internal_hostname|mysql-4.int.cheaphost-cluster.net⟧' );
    define( 'AUTH_KEY', '⟦password_assignment?|{rs(ALNUM + "!#%&*+-=?@^_", 64)}⟧' );

thx in advance
"""


@case("forum_post", "fr")
def _():
    cf = codice_fiscale("Rinaldi", "Marco", 1977, 11, 3, False, "H501")
    return f"""Sujet : plantage du module de facturation électronique italienne (SdI)

Le module plante à l'envoi. Trace :

    ValidationError: CodiceFiscale '⟦national_id|{cf}⟧' rejeté (client Marco Rinaldi, ⟦postal_address|Via dei Serpenti 41, 00184 Roma⟧)
      at FatturaBuilder.build (fattura.js:212)

Le code fiscal est pourtant correct, j'ai vérifié la lettre de contrôle. Merci !
"""


# ================================================================ extra cases
@case("chat", "en")
def _():
    return f"""#release-train 🚂
alex: RC2 is out, tag ⟪version|v5.0.0-rc.2⟫ 🎉🎉
bea: checksums? 🤔
alex: ⟪hash|{sha256()}⟫ for the tarball, sig by ⟪fingerprint|{fp_grouped()}⟫
bea: 👩‍💻 verified. release notes say min pw length now ⟪setting|12⟫
alex: yep, and the demo login is still ⟪placeholder|demo / demo⟫ on the public sandbox 🙃
"""


@case("chat", "fr")
def _():
    l1, l2 = mrz_td3("Nguyen", "Thi Lan", "FRA", digits(2) + rs(UP, 2) + digits(5), "900821", "F", "320105")
    return f"""[WhatsApp] Agence Lyon Part-Dieu
[14:02] Corinne 👩‍🦰: je vous colle le passeport de la cliente pour le dossier de location, le scanner bug 🙄
[14:02] Corinne 👩‍🦰: ⟦identity_document|{l1}⟧
⟦identity_document|{l2}⟧
[14:03] Mathis: reçu 👌 je saisis
"""


@case("prose_en", "en")
def _():
    return f"""Clarification requested by the PSIRT (ticket ⟪order_id|PSIRT-2024-0427⟫)

Q: Did the exploit expose any customer data?
A: No. The records in my screenshots belong to the seeded demo tenant shipped with version ⟪version|8.4.0⟫; their ids (⟪uuid|{uuid4()}⟫, ⟪uuid|{uuid4()}⟫) come from the installer fixtures. The numbers resembling card numbers in the log (e.g. ⟪fingerprint|{luhn_fp()}⟫) are key fingerprints, and the "password" column shows only ⟪redacted|[hidden]⟫.

Q: Can we contact you by phone?
A: Yes, for this report: ⟪reporter_contact|+1 (617) 555 2291⟫ — office hours EST.
"""


# ================================================================ extra clean cases (hard negatives only)
@case("http_response", "fr")
def _():
    return f"""HTTP/1.1 429 Too Many Requests
Retry-After: 60
X-RateLimit-Limit: 600
X-Request-Id: ⟪uuid|{uuid4()}⟫
Content-Type: application/json; charset=utf-8

{{"erreur":"trop de requêtes","support":"⟪company_contact|support@exemple-energie.fr⟫","horodatage":"⟪timestamp|{ts()}⟫","doc":"https://⟪public_hostname|developpeurs.exemple-energie.fr⟫/limites"}}
"""


@case("config_yaml", "en")
def _():
    return f"""# renovate / dependabot style config — pins by digest, no secrets
version: 2
updates:
  - package-ecosystem: npm
    directory: "/"
    schedule: {{interval: weekly}}
    registries: [npm-internal]
registries:
  npm-internal:
    type: npm-registry
    url: https://⟪infrastructure_info|npm.artifacts.corp.local⟫
    token: ⟪placeholder|${{{{secrets.NPM_INTERNAL_TOKEN}}}}⟫
# pinned base image: node@⟪hash|sha256:{sha256()}⟫
"""


@case("env_file", "fr")
def _():
    return f"""# .env.test — valeurs factices pour la CI, volontairement invalides
DB_MOT_DE_PASSE=⟪placeholder|motdepasse-factice⟫
JETON_API=⟪placeholder|XXXXXXXXXXXXXXXXXXXX⟫
CLE_STRIPE=⟪placeholder|sk_test_VOTRE_CLE⟫
COURRIEL_TEST=⟪placeholder|test@exemple.invalid⟫
DATE_REFERENCE=⟪date|2024-01-01⟫
ID_COMMANDE_TEST=⟪order_id|CMD-000001⟫
"""


@case("email_message", "fr")
def _():
    rep = "n.ferrand@audit-ouest.fr"
    return (f"""From: Nathalie Ferrand <{rep}>
To: ⟪psirt_address|psirt@thalesgroup.com⟫
Cc: ⟪psirt_address|cna-coordinator@thalesgroup.com⟫
Subject: Re: [PSIRT-2024-0588] demande de CVE
Date: ⟪timestamp|Fri, 14 Jun 2024 10:04:33 +0200⟫

Bonjour,

Merci pour votre retour. Je confirme que la version ⟪version|2.3.9⟫ corrige le problème (commit ⟪git_sha|{git_sha()}⟫). Je suis d'accord pour une publication le ⟪date|15 juillet 2024⟫.

> Le 12/06/2024, PSIRT a écrit :
> > Pourriez-vous confirmer le correctif sur la version 2.3.9 ?

Bien cordialement,
Nathalie Ferrand — Audit Ouest
⟪reporter_contact|02 40 12 34 56⟫ · ⟪reporter_contact|14 quai de la Fosse, 44000 Nantes⟫
""", rep)


@case("config_file", "en")
def _():
    return f"""# /etc/NetworkManager/system-connections/office.nmconnection (permissions 600, secret stored in keyring)
[connection]
id=office
uuid=⟪uuid|{uuid4()}⟫
type=wifi

[wifi]
ssid=OFFICE-5G
mode=infrastructure

[wifi-security]
key-mgmt=wpa-psk
psk-flags=1

[ipv4]
address1=⟪infrastructure_info|{privip('192')}⟫/24,⟪infrastructure_info|192.168.1.1⟫
method=manual
"""


@case("forum_post", "en")
def _():
    return f"""Subject: [users] is this key fingerprint supposed to look like a credit card number?

Hi list, `gpg --fingerprint` shows ⟪fingerprint|{luhn_fp()}⟫ for the release key and my DLP tool flags it as a card number 😄. Also flags the build id ⟪order_id|{digits(16)}⟫ and the ISBN of the manual ⟪isbn|{isbn13()}⟫. False positives, right?
"""


@case("markdown_report", "fr")
def _():
    return f"""## Annexe — identifiants techniques (non sensibles)

- OID de l'extension vulnérable : `⟪oid|2.5.29.{R.randint(14, 37)}⟫`
- Empreinte du certificat serveur (SHA-1) : `⟪fingerprint|{':'.join(hexs(2).upper() for _ in range(20))}⟫`
- Numéro de série : `⟪hash|{hexs(32)}⟫`
- Vecteur : `⟪cvss|CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N⟫`
- Adresse de test : `⟪documentation_ip|2001:db8::42⟫`
"""


@case("chat", "fr")
def _():
    return f"""[IRC] #asso-libre
<margot> quelqu'un a noté le nouveau mdp du wiki ? 😬
<paul> il est dans le coffre KeePass partagé, pas ici !! 🔐 entrée ⟪placeholder|« Wiki admin »⟫
<margot> ok ok 😇 et la version ?
<paul> MediaWiki ⟪version|1.41.1⟫, mise à jour le ⟪date|3 juin⟫
"""


# ---------------------------------------------------------------- build / check
def build():
    rows = []
    for i, (carrier, lang, fn) in enumerate(CASES, 1):
        res = fn()
        rep = None
        if isinstance(res, tuple):
            res, rep = res
        text, labels, negs = render(res)
        row = {"id": "b12a-%03d" % i, "carrier": carrier, "language": lang, "text": text,
               "labels": labels, "negatives": negs}
        if rep:
            row["reporter_email"] = rep
        rows.append(row)
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def sanity(data):
    errs = []
    ids = set()
    for line in data.splitlines():
        r = json.loads(line)
        t = r["text"]
        n = u16len(t)
        assert r["id"] not in ids
        ids.add(r["id"])
        spans = []
        for l in r["labels"]:
            a, b = l["start"], l["end"]
            v = u16slice(t, a, b) if 0 <= a < b <= n else None
            if v is None or v != v.strip() or not v:
                errs.append((r["id"], "bad span", l))
                continue
            if l["category"] not in ALLCATS or l["group"] != group_of(l["category"]):
                errs.append((r["id"], "bad category/group", l))
            if l["severity"] not in ("info", sev_of(l["category"])):
                errs.append((r["id"], "bad severity", l))
            # a span must not cut a surrogate pair
            if u16slice(t, 0, a) + v + u16slice(t, b, n) != t:
                errs.append((r["id"], "surrogate cut", l))
            spans.append((a, b))
        spans.sort()
        for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
            if a2 < b1:
                errs.append((r["id"], "overlapping labels", (a1, b1, a2, b2)))
        for ng in r["negatives"]:
            a, b = ng["start"], ng["end"]
            if not (0 <= a < b <= n):
                errs.append((r["id"], "bad negative", ng))
            for (la, lb) in spans:
                if a < lb and la < b:
                    errs.append((r["id"], "negative overlaps label", ng))
        if r["reporter_email"] if "reporter_email" in r else False:
            if r["reporter_email"] not in t:
                errs.append((r["id"], "reporter_email not in text"))
    return errs


def stats(data):
    rows = [json.loads(l) for l in data.splitlines()]
    from collections import Counter
    fr = sum(r["language"] == "fr" for r in rows)
    clean = sum(not r["labels"] for r in rows)
    infoonly = sum(bool(r["labels"]) and all(l["severity"] == "info" for l in r["labels"]) for r in rows)
    g = Counter(l["group"] for r in rows for l in r["labels"])
    c = Counter(l["category"] for r in rows for l in r["labels"])
    car = Counter((r["carrier"], r["language"]) for r in rows)
    negs = sum(len(r["negatives"]) for r in rows)
    return rows, fr, clean, infoonly, g, c, car, negs


def main():
    data = build()
    again = None
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            committed = f.read()
        errs = sanity(committed)
        if committed != data:
            errs.append(("file", "cases.jsonl differs from generator output"))
        for e in errs:
            print("ERROR", e)
        rows, fr, clean, infoonly, g, c, car, negs = stats(committed)
        print("cases=%d french=%d (%.1f%%) clean=%d info-only=%d labels=%s negatives=%d" % (
            len(rows), fr, 100.0 * fr / len(rows), clean, infoonly, dict(g), negs))
        sys.exit(1 if errs else 0)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)
    errs = sanity(data)
    for e in errs:
        print("ERROR", e)
    rows, fr, clean, infoonly, g, c, car, negs = stats(data)
    print("cases=%d french=%d (%.1f%%) clean=%d info-only=%d labels=%s negatives=%d" % (
        len(rows), fr, 100.0 * fr / len(rows), clean, infoonly, dict(g), negs))
    if "-v" in sys.argv:
        for k, v in sorted(car.items()):
            print(k, v)
        for k, v in sorted(c.items()):
            print(k, v)


if __name__ == "__main__":
    main()
