#!/usr/bin/env python3
"""Blind test corpus 14b for a sensitive-data scanner (PSIRT report warnings).

Standard library only. One random.Random with a fixed seed; writes cases.jsonl
deterministically.  `--check` regenerates in memory and verifies the committed
file is byte-identical and that every label/negative span is sane (UTF-16 offsets).

All values are invented.  Tokens have the right shapes (prefix, length, charset,
checksums where the format has one); personal identifiers carry valid check digits.
"""
import base64
import binascii
import hashlib
import json
import re
import string
import sys
import uuid
from pathlib import Path

import random

SEED = 1414_2025
R = random.Random(SEED)
HERE = Path(__file__).resolve().parent
OUT = HERE / "cases.jsonl"

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"


def rs(n, alphabet=ALNUM):
    return "".join(R.choice(alphabet) for _ in range(n))


# ---------------------------------------------------------------- credentials
def b62(n, width):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")


def ghp(prefix="ghp_"):
    body = rs(30)
    return prefix + body + b62(binascii.crc32(body.encode()) & 0xFFFFFFFF, 6)


def gitlab():
    return "glpat-" + rs(20, ALNUM + "-_")


def aws_id(prefix="AKIA"):
    return prefix + rs(16, string.ascii_uppercase + "234567")


def aws_secret():
    return rs(40, ALNUM + "/+")


def aws_session():
    return "FwoGZXIvYXdzE" + rs(280, ALNUM + "/+") + "=="


def slack_bot(kind="xoxb"):
    return f"{kind}-{R.randint(10**10, 10**12)}-{R.randint(10**12, 10**13-1)}-{rs(24)}"


def slack_hook():
    return ("https://hooks.slack.com/services/T" + rs(8, string.ascii_uppercase + string.digits)
            + "/B" + rs(10, string.ascii_uppercase + string.digits) + "/" + rs(24))


def stripe(prefix="sk_live_", n=24):
    return prefix + rs(n)


def google_key():
    return "AIza" + rs(35, ALNUM + "-_")


def npm_tok():
    return "npm_" + rs(36)


def pypi_tok():
    return "pypi-AgEIcHlwaS5vcmc" + rs(R.choice([140, 152, 168]), B64URL)


def sendgrid():
    return "SG." + rs(22, B64URL) + "." + rs(43, B64URL)


def twilio_sk():
    return "SK" + rs(32, HEX)


def hexs(n):
    return rs(n, HEX)


def openai_key():
    return "sk-proj-" + rs(48, B64URL) + "T3BlbkFJ" + rs(48, B64URL)


def anthropic_key():
    return "sk-ant-api03-" + rs(93, B64URL) + "AA"


def hf_key():
    return "hf_" + rs(34, string.ascii_letters)


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt(payload, alg="HS256", kid=None):
    hdr = {"alg": alg, "typ": "JWT"}
    if kid:
        hdr["kid"] = kid
    sig = bytes(R.getrandbits(8) for _ in range(32 if alg.startswith("HS") else 256))
    return ".".join([b64u(json.dumps(hdr, separators=(",", ":")).encode()),
                     b64u(json.dumps(payload, separators=(",", ":")).encode()), b64u(sig)])


def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def pem(kind="RSA PRIVATE KEY", nbytes=900, width=64, lead=b""):
    body = base64.b64encode(lead + rbytes(nbytes)).decode()
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----"


def rsa_key(nbytes=600):
    return pem("RSA PRIVATE KEY", nbytes, lead=bytes.fromhex("308204a40201000282010100"))


def openssh_key():
    return pem("OPENSSH PRIVATE KEY", 300, 70, lead=b"openssh-key-v1\x00\x00\x00\x00\x04none")


def ec_key():
    return pem("EC PRIVATE KEY", 90, lead=bytes.fromhex("30770201010420"))


def azure_conn(account):
    return (f"DefaultEndpointsProtocol=https;AccountName={account};AccountKey="
            + base64.b64encode(rbytes(64)).decode() + ";EndpointSuffix=core.windows.net")


def azure_sas():
    sig = base64.b64encode(rbytes(32)).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return f"sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2026-03-01T17:00:00Z&st=2025-02-01T09:00:00Z&spr=https&sig={sig}"


def bcrypt():
    return "$2b$12$" + rs(53, "./" + ALNUM)


def sha512crypt():
    return "$6$" + rs(16, "./" + ALNUM) + "$" + rs(86, "./" + ALNUM)


def argon2():
    return ("$argon2id$v=19$m=65536,t=3,p=4$" + b64u(rbytes(16)).replace("-", "+").replace("_", "/")
            + "$" + b64u(rbytes(32)).replace("-", "+").replace("_", "/"))


def b64(s):
    return base64.b64encode(s.encode()).decode()


# --------------------------------------------------------------- hard negatives
def git_sha():
    return hexs(40)


def a_uuid():
    return str(uuid.UUID(int=R.getrandbits(128), version=4))


def sha256():
    return hexs(64)


def md5():
    return hexs(32)


def integrity():
    return "sha512-" + base64.b64encode(rbytes(64)).decode()


def luhn_ok(digits):
    s = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return s % 10 == 0


def luhn_complete(prefix, length):
    body = prefix + "".join(R.choice(string.digits) for _ in range(length - len(prefix) - 1))
    for c in string.digits:
        if luhn_ok(body + c):
            return body + c


def pgp_fp_luhn():
    """40 hex digits in groups of 4; first 16 are decimal digits that pass Luhn."""
    head = luhn_complete(R.choice(["4", "5", "3"]) , 16)
    tail = hexs(24).upper()
    fp = head + tail
    return " ".join(fp[i:i + 4] for i in range(0, 40, 4))


def pgp_fp():
    fp = hexs(40).upper()
    return " ".join(fp[i:i + 4] for i in range(0, 40, 4))


def ssh_pub():
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + base64.b64encode(rbytes(32)).decode()[:43]


def ssh_fp():
    return "SHA256:" + base64.b64encode(rbytes(32)).decode().rstrip("=")


def siret():
    return luhn_complete(str(R.randint(3, 9)), 14)


def isbn13():
    body = "978" + "".join(R.choice(string.digits) for _ in range(9))
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


# --------------------------------------------------------------- personal data
def card(kind="visa"):
    if kind == "visa":
        return luhn_complete("4" + str(R.randint(10000, 99999)), 16)
    if kind == "mc":
        return luhn_complete(str(R.randint(51, 55)), 16)
    if kind == "mc2":
        return luhn_complete(str(R.randint(2221, 2720)), 16)
    if kind == "amex":
        return luhn_complete(R.choice(["34", "37"]), 15)
    if kind == "disc":
        return luhn_complete("6011", 16)
    raise ValueError(kind)


def group4(s, sep=" "):
    return sep.join(s[i:i + 4] for i in range(0, len(s), 4))


def amex_fmt(s):
    return f"{s[:4]} {s[4:10]} {s[10:]}"


IBAN_LEN = {"FR": 27, "DE": 22, "ES": 24, "IT": 27, "BE": 16, "NL": 18, "GB": 22, "CH": 21,
            "LU": 20, "PT": 25, "IE": 22, "MC": 27}


def iban_check(cc, bban):
    conv = "".join(str(int(ch, 36)) for ch in (bban + cc + "00"))
    return f"{98 - int(conv) % 97:02d}"


def rib_key(bank, guichet, account):
    return f"{97 - ((89 * int(bank) + 15 * int(guichet) + 3 * int(account)) % 97):02d}"


def digits(n):
    return "".join(R.choice(string.digits) for _ in range(n))


def iban(cc="FR", spaced=True):
    if cc in ("FR", "MC"):
        bank, gui, acc = digits(5), digits(5), digits(11)
        bban = bank + gui + acc + rib_key(bank, gui, acc)
    elif cc == "DE":
        bban = digits(18)
    elif cc == "ES":
        bban = digits(20)
    elif cc == "IT":
        bban = R.choice(string.ascii_uppercase) + digits(10) + digits(12)
    elif cc == "BE":
        b = digits(10)
        bban = b + f"{(int(b) % 97) or 97:02d}"
    elif cc == "NL":
        bban = R.choice(["ABNA", "RABO", "INGB", "TRIO"]) + digits(10)
    elif cc in ("GB", "IE"):
        bban = R.choice(["NWBK", "BARC", "MIDL", "LOYD"] if cc == "GB" else ["AIBK", "BOFI"]) + digits(14)
    elif cc == "CH":
        bban = digits(17)
    elif cc == "LU":
        bban = digits(3) + digits(13)
    elif cc == "PT":
        bban = digits(21)
    else:
        raise ValueError(cc)
    ib = cc + iban_check(cc, bban) + bban
    assert len(ib) == IBAN_LEN[cc], (cc, len(ib))
    conv = "".join(str(int(ch, 36)) for ch in (ib[4:] + ib[:4]))
    assert int(conv) % 97 == 1
    return group4(ib) if spaced else ib


def nir(sex=None, yy=None, mm=None, dept=None, spaced=True):
    sex = sex or R.choice("12")
    yy = yy if yy is not None else R.randint(50, 99)
    mm = mm or R.randint(1, 12)
    dept = dept or R.choice(["75", "69", "13", "33", "59", "44", "35", "31", "67", "92", "93", "29"])
    com = f"{R.randint(1, 400):03d}"
    order = f"{R.randint(1, 999):03d}"
    base = f"{sex}{yy:02d}{mm:02d}{dept}{com}{order}"
    key = f"{97 - int(base) % 97:02d}"
    if spaced:
        return f"{base[0]} {base[1:3]} {base[3:5]} {base[5:7]} {base[7:10]} {base[10:13]} {key}"
    return base + key


def dni():
    n = R.randint(10_000_000, 99_999_999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def nie():
    p = R.choice("XYZ")
    n = R.randint(1_000_000, 9_999_999)
    num = int(str("XYZ".index(p)) + f"{n:07d}")
    return f"{p}{n:07d}{'TRWAGMYFPDXBNJZSQVHLCKE'[num % 23]}"


CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20,
                   11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))


def cf_even(c):
    return int(c) if c.isdigit() else ord(c) - 65


def cf_part(word, first_name=False):
    w = word.upper()
    cons = [c for c in w if c.isalpha() and c not in "AEIOU"]
    vow = [c for c in w if c in "AEIOU"]
    if first_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vow) + "XXX")[:3]


def codice_fiscale(surname, name, yy, month, day, female, belfiore):
    s = cf_part(surname) + cf_part(name, True) + f"{yy:02d}" + "ABCDEHLMPRST"[month - 1] \
        + f"{day + (40 if female else 0):02d}" + belfiore
    tot = sum(CF_ODD[c] if i % 2 == 0 else cf_even(c) for i, c in enumerate(s))
    return s + chr(65 + tot % 26)


def nino():
    bad1 = set("DFIQUV")
    while True:
        a = R.choice(string.ascii_uppercase)
        b = R.choice(string.ascii_uppercase)
        if a in bad1 or b in bad1 or b == "O" or a + b in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            continue
        break
    d = digits(6)
    return f"{a}{b} {d[:2]} {d[2:4]} {d[4:]} {R.choice('ABCD')}"


def ssn(dashed=True):
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    g = R.randint(1, 99)
    s = R.randint(1, 9999)
    return f"{a:03d}-{g:02d}-{s:04d}" if dashed else f"{a:03d}{g:02d}{s:04d}"


MRZ_W = [7, 3, 1]


def mrz_cd(s):
    tot = 0
    for i, c in enumerate(s):
        if c.isdigit():
            v = int(c)
        elif c == "<":
            v = 0
        else:
            v = ord(c) - 55
        tot += v * MRZ_W[i % 3]
    return str(tot % 10)


def mrz_td3(issuer, surname, given, number, nat, dob, sex, exp, personal=""):
    name = (surname.upper().replace(" ", "<") + "<<" + given.upper().replace(" ", "<"))
    l1 = ("P<" + issuer + name).ljust(44, "<")[:44]
    num = number.ljust(9, "<")
    pers = personal.ljust(14, "<")
    pcd = mrz_cd(pers) if personal else "<"
    if not personal:
        pcd = "0"
    l2 = num + mrz_cd(num) + nat + dob + mrz_cd(dob) + sex + exp + mrz_cd(exp) + pers + pcd
    comp = num + mrz_cd(num) + dob + mrz_cd(dob) + exp + mrz_cd(exp) + pers + pcd
    l2 += mrz_cd(comp)
    assert len(l1) == 44 and len(l2) == 44, (l1, l2)
    return l1, l2


def mrz_td1(doc, issuer, number, dob, sex, exp, nat, surname, given, optional1=""):
    num = number.ljust(9, "<")
    o1 = optional1.ljust(15, "<")
    l1 = (doc + issuer + num + mrz_cd(num) + o1)[:30]
    l2 = dob + mrz_cd(dob) + sex + exp + mrz_cd(exp) + nat + "<" * 11
    comp = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    l2 = l2 + mrz_cd(comp)
    l3 = (surname.upper() + "<<" + given.upper().replace(" ", "<")).ljust(30, "<")[:30]
    assert len(l1) == 30 and len(l2) == 30 and len(l3) == 30, (l1, l2, l3)
    return l1, l2, l3


def fr_mobile(intl=False):
    d = R.choice("67") + digits(8)
    if intl:
        return "+33 " + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2))
    return "0" + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2))


def us_phone():
    area = R.choice([312, 415, 617, 646, 713, 503, 720, 919, 206, 404])
    return f"({area}) {R.randint(201, 989)}-{R.randint(1000, 9999)}"


def uk_mobile():
    return f"+44 7{R.randint(400, 999)} {R.randint(100000, 999999)}"


def pnr():
    return rs(6, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789")


def ticket_no(airline="057"):
    return airline + digits(10)


# ------------------------------------------------------------------- builder
GROUP = {}
for _c in ("private_key aws_access_key_id aws_secret_key github_token gitlab_token slack_token "
           "slack_webhook stripe_key google_api_key gcp_service_account azure_connection_string "
           "azure_sas_token npm_token pypi_token sendgrid_key twilio_key ai_api_key jwt "
           "url_credentials connection_string authorization_header session_cookie "
           "password_assignment password_hash").split():
    GROUP[_c] = ("credentials", "critical")
for _c in ("payment_card iban national_id date_of_birth identity_document postal_address "
           "health_data employment_data tax_record travel_record").split():
    GROUP[_c] = ("personal", "high")
for _c in ("email_address", "phone_number"):
    GROUP[_c] = ("personal", "medium")
for _c in ("private_ip", "internal_hostname"):
    GROUP[_c] = ("infrastructure", "info")


class L:
    def __init__(self, value, category, severity=None, also=None, optional=False):
        assert category in GROUP, category
        self.value, self.category = value, category
        self.severity = severity or GROUP[category][1]
        self.also = also
        self.optional = optional


class N:
    def __init__(self, value, kind):
        self.value, self.kind = value, kind


def info(value, category):
    """A documentation / example value: must not be flagged at medium or above."""
    return L(value, category, severity="info")


def ip(value):
    return L(value, "private_ip", optional=True)


def host(value):
    return L(value, "internal_hostname", optional=True)


def u16(s):
    return len(s.encode("utf-16-le")) // 2


CASES = []
MARK = re.compile(r"⟦(\w+)⟧")


def add(carrier, lang, template, reporter_email=None, **vals):
    out, labels, negs = [], [], []
    pos = 0
    last = 0
    used = set()
    for m in MARK.finditer(template):
        lit = template[last:m.start()]
        out.append(lit)
        pos += u16(lit)
        key = m.group(1)
        if key not in vals:
            raise KeyError(f"{carrier} #{len(CASES)+1}: no value for {key}")
        used.add(key)
        v = vals[key]
        s = v.value if isinstance(v, (L, N)) else str(v)
        n = u16(s)
        if isinstance(v, L):
            d = {"start": pos, "end": pos + n, "category": v.category, "severity": v.severity,
                 "group": GROUP[v.category][0]}
            if v.also:
                d["also"] = list(v.also)
            if v.optional:
                d["optional"] = True
            labels.append((d, s))
        elif isinstance(v, N):
            negs.append(({"start": pos, "end": pos + n, "kind": v.kind}, s))
        out.append(s)
        pos += n
        last = m.end()
    out.append(template[last:])
    unused = set(vals) - used
    if unused:
        raise KeyError(f"{carrier} #{len(CASES)+1}: unused {unused}")
    text = "".join(out)
    case = {"id": f"b14b-{len(CASES)+1:03d}", "carrier": carrier, "language": lang, "text": text,
            "labels": [d for d, _ in labels], "negatives": [d for d, _ in negs]}
    if reporter_email:
        case["reporter_email"] = reporter_email
    CASES.append((case, [s for _, s in labels], [s for _, s in negs]))
    return case



# =================================================================== json_api
add("json_api", "en", """GET /api/v2/customers/48213 HTTP/1.1 -> 200 (I only changed the id in the path, my own account is 48211)

{
  "id": 48213,
  "uuid": "⟦u1⟧",
  "display_name": "Hollis Banerjee",
  "email": "⟦em⟧",
  "phone": "⟦ph⟧",
  "birth_date": "⟦dob⟧",
  "shipping_address": "⟦addr⟧",
  "card": {"brand": "visa", "last4": "⟦l4⟧", "exp": "09/27"},
  "created_at": "⟦ts⟧",
  "loyalty_tier": "gold"
}""", u1=N(a_uuid(), "uuid"), em=L("hollis.banerjee@fastmail.com", "email_address"),
    ph=L(us_phone(), "phone_number"), dob=L("1986-11-23", "date_of_birth"),
    addr=L("2217 N Kedzie Blvd Apt 3R, Chicago, IL 60647", "postal_address"),
    l4=N("4417", "card_last4"), ts=N("2023-04-18T09:12:44Z", "timestamp"))

_nir1 = nir("2", 79, 6, "35", spaced=False)
add("json_api", "fr", """Réponse de GET /fhir/Patient?_id=pat-20931&_revinclude=Condition:subject (sans jeton, le serveur FHIR du portail patient répond quand même) :

{"resourceType":"Bundle","type":"searchset","total":2,"entry":[
 {"resource":{"resourceType":"Patient","id":"pat-20931",
   "identifier":[{"system":"urn:oid:1.2.250.1.213.1.4.8","value":"⟦nir⟧"}],
   "name":[{"family":"Kerbrat","given":["Soizic"]}],"gender":"female","birthDate":"⟦dob⟧",
   "telecom":[{"system":"phone","value":"⟦tel⟧"}],
   "address":[{"text":"⟦adr⟧"}]}},
 {"resource":{"resourceType":"Condition","id":"cond-7781","subject":{"reference":"Patient/pat-20931"},
   "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"⟦icd⟧","display":"⟦diag⟧"}]},
   "recordedDate":"⟦rec⟧"}}]}""",
    nir=L(_nir1, "national_id"), dob=L("1979-06-02", "date_of_birth"),
    tel=L(fr_mobile(), "phone_number"), adr=L("14 rue de la Palestine, 35000 Rennes", "postal_address"),
    icd=L("E11.9", "health_data"), diag=L("Diabète de type 2 sans complication", "health_data"),
    rec=N("2024-01-15", "date_not_birth"))

add("json_api", "en", """Response of the public registry metadata endpoint (for context — nothing sensitive here):

{
  "name": "@acme-iot/provisioning-client",
  "dist-tags": {"latest": "4.12.3", "next": "5.0.0-rc.2"},
  "versions": {
    "4.12.3": {
      "gitHead": "⟦sha⟧",
      "dist": {
        "integrity": "⟦integ⟧",
        "shasum": "⟦shasum⟧",
        "tarball": "https://registry.npmjs.org/@acme-iot/provisioning-client/-/provisioning-client-4.12.3.tgz"
      },
      "_npmUser": {"name": "acme-release-bot"},
      "engines": {"node": ">=18.17.0"}
    }
  },
  "time": {"4.12.3": "⟦ts⟧"},
  "bugs": {"url": "https://github.com/acme-iot/provisioning-client/issues"},
  "_id": "⟦u⟧"
}""", sha=N(git_sha(), "git_sha"), integ=N(integrity(), "npm_integrity"), shasum=N(hexs(40), "sha1_hash"),
    ts=N("2025-02-11T16:03:27.118Z", "timestamp"), u=N(a_uuid(), "uuid"))

_h = [bcrypt() for _ in range(3)]
add("json_api", "fr", """L'endpoint d'administration /api/admin/utilisateurs?page=1 est accessible avec un compte « lecteur ». Extrait (3 entrées sur 1 240) :

[
  {"login": "mlefebvre", "courriel": "⟦e1⟧", "mdp_hash": "⟦h1⟧", "role": "admin", "derniere_connexion": "⟦d1⟧"},
  {"login": "a.ouedraogo", "courriel": "⟦e2⟧", "mdp_hash": "⟦h2⟧", "role": "agent", "derniere_connexion": "2025-03-02T07:55:10+01:00"},
  {"login": "svc-export", "courriel": null, "mdp_hash": "⟦h3⟧", "role": "service", "derniere_connexion": null}
]

Je n'ai pas tenté de casser les empreintes.""",
    e1=L("martine.lefebvre@groupe-vauban-assurances.fr", "email_address"), h1=L(_h[0], "password_hash"),
    d1=N("2025-03-03T18:21:09+01:00", "timestamp"),
    e2=L("aminata.ouedraogo@groupe-vauban-assurances.fr", "email_address"), h2=L(_h[1], "password_hash"),
    h3=L(_h[2], "password_hash"))

add("json_api", "en", """The SPA fetches /api/runtime-config before login. It is meant to hold feature flags, but:

{"env":"production","features":{"newCheckout":true,"darkMode":false},
 "payments":{"provider":"stripe","publishableKey":"⟦pk⟧","secretKey":"⟦sk⟧"},
 "mail":{"sendgridKey":"⟦sg⟧","from":"no-reply@parcelwise.io"},
 "search":{"endpoint":"http://⟦h⟧:9200"},
 "build":"⟦sha⟧"}""",
    pk=N(stripe("pk_live_", 24), "publishable_key"), sk=L(stripe("sk_live_", 24), "stripe_key"),
    sg=L(sendgrid(), "sendgrid_key"), h=host("es-prod-02.internal.parcelwise.io"),
    sha=N(git_sha()[:12], "git_sha"))

add("json_api", "fr", """Réponse de /api/v1/commandes/CMD-2025-118774 après correction (le correctif masque bien les champs) :

{
  "commande": "⟦oid⟧",
  "montant_ttc": "⟦amt⟧",
  "client": {"nom": "[masqué]", "email": "⟦red1⟧", "iban": "⟦red2⟧"},
  "paiement": {"carte": "⟦mask⟧", "token": "⟦red3⟧"},
  "vendeur": {"raison_sociale": "Brûlerie Saint-Aubin SARL", "siret": "⟦siret⟧", "tva": "FR32⟦siren⟧"},
  "compte_technique": {"login": "api-partenaire", "password": "⟦stars⟧"},
  "livraison_prevue": "⟦date⟧"
}""", oid=N("CMD-2025-118774", "order_id"), amt=N("1 284,90 €", "amount"), red1=N("***@***", "redacted"),
    red2=N("FR76 **** **** **** **** **** 189", "masked_iban"), mask=N("**** **** **** 0071", "masked_card"),
    red3=N("[REDACTED]", "redacted"), siret=N(siret(), "siret"), siren=N(digits(9), "vat_number"),
    stars=N("********", "placeholder"), date=N("2025-03-14", "date_not_birth"))

_jw = jwt({"sub": "a8c1e2f0-71be-4c52-9d2e-3a6f4e8b9d10", "iss": "https://auth.vellumhealth.com",
           "aud": "mobile", "scope": "records:read records:write", "iat": 1738922400, "exp": 1738926000})
add("json_api", "en", """POST /oauth/token with grant_type=password and the *victim's* username (no password check on the legacy client id "ios-2019"):

{
  "access_token": "⟦at⟧",
  "token_type": "Bearer",
  "expires_in": 3600,
  "refresh_token": "⟦rt⟧",
  "scope": "records:read records:write"
}""", at=L(_jw, "jwt"), rt=L("rt_" + rs(48, B64URL), "session_cookie", optional=True))

add("json_api", "fr", """GET /rh/api/collaborateurs/10442/dossier (IDOR : mon matricule est 10439)

{
  "matricule": 10442,
  "nom": "Pottier", "prenom": "Nadège",
  "poste": "Cheffe de projet SI",
  "remuneration": {"brut_annuel": "⟦sal⟧", "variable_cible": "⟦var⟧"},
  "entretien_annuel_2024": {"note_globale": "⟦note⟧", "commentaire_manager": "⟦com⟧"},
  "sanctions": [{"type": "avertissement", "motif": "⟦mot⟧", "date": "2023-11-07"}],
  "site": "Vélizy"
}""", sal=L("58 400 €", "employment_data"), var=L("8 %", "employment_data", optional=True),
    note=L("Insuffisant", "employment_data"),
    com=L("Objectifs non atteints, plan d'amélioration à mettre en place au T1", "employment_data"),
    mot=L("retards répétés en réunion client", "employment_data"))

_pn = "GB" + digits(7)
add("json_api", "en", """The booking lookup only checks that *some* surname is given, not that it matches:

GET /api/bookings/{pnr}?lastName=x  ->
{
  "recordLocator": "⟦pnr⟧",
  "passengers": [{
     "name": "MS ELEANOR WHITCOMBE",
     "dateOfBirth": "⟦dob⟧",
     "document": {"type": "PASSPORT", "number": "⟦pp⟧", "expiry": "2031-08-19", "nationality": "GBR"},
     "ticketNumber": "⟦tkt⟧",
     "segments": [{"flight": "BA0303", "from": "LHR", "to": "CDG", "date": "2025-04-09", "seat": "⟦seat⟧"}]
  }],
  "contact": {"email": "⟦em⟧", "mobile": "⟦mob⟧"}
}""", pnr=L(pnr(), "travel_record"), dob=L("1991-02-27", "date_of_birth"),
    pp=L(digits(9), "identity_document"), tkt=L(ticket_no("125"), "travel_record"),
    seat=L("14C", "travel_record"), em=L("e.whitcombe@btinternet.com", "email_address"),
    mob=L(uk_mobile(), "phone_number"))

add("json_api", "fr", """Extrait de /api/statut — je le joins seulement pour montrer la version exposée :

{"service":"portail-adherents","version":"3.8.14","commit":"⟦sha⟧","uptime_s":918273,
 "dependances":{"postgres":"15.6","redis":"7.2.4","keycloak":"24.0.2"},
 "contact_securite":"⟦psirt⟧","politique_mdp":{"longueur_min":12,"historique":5},
 "instance":"⟦iid⟧","demarre_le":"⟦ts⟧","cvss_dernier_correctif":"⟦cvss⟧"}""",
    sha=N(git_sha(), "git_sha"), psirt=N("psirt@thalesgroup.com", "psirt_address"),
    iid=N(a_uuid(), "uuid"), ts=N("2025-03-01T04:00:12Z", "timestamp"),
    cvss=N("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", "cvss_vector"))

add("json_api", "en", """/__/firebase/init.json plus the upload endpoint's answer, both unauthenticated:

{"apiKey":"⟦gk⟧","authDomain":"tidepool-mobile.firebaseapp.com","projectId":"tidepool-mobile","storageBucket":"tidepool-mobile.appspot.com","messagingSenderId":"⟦sender⟧","appId":"1:⟦sender2⟧:web:⟦appid⟧"}

{"uploadUrl":"https://tidepoolmedia.blob.core.windows.net/incoming/u-5512/avatar.png?⟦sas⟧","expires":"2026-03-01T17:00:00Z"}""",
    gk=L(google_key(), "google_api_key"), sender="418822906153", sender2="418822906153",
    appid=N(hexs(22), "app_id"), sas=L(azure_sas(), "azure_sas_token"))

_nir2 = nir("1", 62, 11, "59")
_ib2 = iban("FR")
add("json_api", "fr", """GET /api/aides/dossiers/AS-2024-03318 (aucun contrôle d'appartenance) — la réponse contient même les notes de l'agent 🙈 :

{
  "dossier": "AS-2024-03318",
  "beneficiaire": {"nom": "Lemaître", "prenom": "Théo", "nir": "⟦nir⟧", "ne_le": "⟦dob⟧",
                   "adresse": "⟦adr⟧", "tel": "⟦tel⟧"},
  "versement": {"iban": "⟦ib⟧", "bic": "⟦bic⟧", "montant_mensuel": "⟦amt⟧"},
  "notes": "📎 justificatif reçu. ⟦note⟧"
}""", nir=L(_nir2, "national_id"), dob=L("03/11/1962", "date_of_birth"),
    adr=L("7 allée des Tilleuls, 59650 Villeneuve-d'Ascq", "postal_address"), tel=L(fr_mobile(), "phone_number"),
    ib=L(_ib2, "iban"), bic=N("CCBPFRPPLIL", "bic"), amt=N("412,00 €", "amount"),
    note=L("Reconnaissance MDPH taux 80 % (sclérose en plaques)", "health_data"))

add("json_api", "en", """Our scanner's JSON export for the affected hosts (attached for reproducibility):

{"scan_id":"⟦u⟧","target":"⟦pubip⟧","hostname":"portal.thalesgroup-demo.example","findings":[
  {"cve":"CVE-2024-3400","cvss":"⟦cvss⟧","evidence_sha256":"⟦h⟧"},
  {"cve":"CVE-2023-46604","cvss":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","evidence_sha256":"⟦h2⟧"}],
 "reported_to":"⟦psirt⟧","cc":"⟦cna⟧","oid":"⟦oid⟧","tool":"nuclei 3.3.7","started":"⟦ts⟧"}""",
    u=N(a_uuid(), "uuid"), pubip=N("203.0.113.47", "documentation_ip"),
    cvss=N("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "cvss_vector"), h=N(sha256(), "sha256"),
    h2=N(sha256(), "sha256"), psirt=N("psirt@thalesgroup.com", "psirt_address"),
    cna=N("cna-coordinator@thalesgroup.com", "psirt_address"), oid=N("1.3.6.1.4.1.2011.2.15", "oid"),
    ts=N("2025-02-28T22:14:03Z", "timestamp"))

add("json_api", "fr", """Bonjour, voici ce que renvoie /api/annuaire/recherche?q=a (n'importe quel compte client peut interroger l'annuaire interne). Me joindre : ⟦me⟧ / ⟦mytel⟧.

{"resultats":[
 {"nom":"Garnier-Rouvière Maëlle","service":"Comptabilité","mail":"⟦e1⟧","mobile_perso":"⟦t1⟧"},
 {"nom":"Aurélien Kerhervé","service":"Paie","mail":"⟦e2⟧","mobile_perso":"⟦t2⟧","domicile":"⟦a2⟧"},
 {"nom":"Standard","service":"Accueil","mail":"⟦pub⟧","tel":"⟦std⟧"}]}""",
    reporter_email="lucie.brachet@protonmail.com",
    me=N("lucie.brachet@protonmail.com", "reporter_email"), mytel=N("06 71 24 88 30", "reporter_phone"),
    e1=L("m.garnier-rouviere@norelec-industries.fr", "email_address"), t1=L(fr_mobile(), "phone_number"),
    e2=L("a.kerherve@norelec-industries.fr", "email_address"), t2=L(fr_mobile(True), "phone_number"),
    a2=L("Lieu-dit Kerlouan, 29890 Brignogan-Plages", "postal_address"),
    pub=N("contact@norelec-industries.fr", "company_contact"), std=N("+33 1 41 90 22 00", "company_switchboard"))


# ================================================================= csv_export
_ibs = [iban("FR"), iban("FR"), iban("BE")]
add("csv_export", "fr", """export_clients_2025-03-04.csv (bucket public, 18 412 lignes) — 3 premières lignes :

nom;prenom;date_naissance;adresse;iban;date_creation
Rousseau;Gaëlle;⟦d1⟧;⟦a1⟧;⟦i1⟧;2021-09-14
N'Diaye;Ousmane;⟦d2⟧;⟦a2⟧;⟦i2⟧;2022-01-03
Vandenbroucke;Lieve;⟦d3⟧;⟦a3⟧;⟦i3⟧;2024-06-30""",
    d1=L("12/05/1984", "date_of_birth"), a1=L("18 bis avenue Jean Jaurès 69007 Lyon", "postal_address"), i1=L(_ibs[0], "iban"),
    d2=L("29/02/1996", "date_of_birth"), a2=L("3 impasse du Moulin 44300 Nantes", "postal_address"), i2=L(_ibs[1], "iban"),
    d3=L("07/10/1971", "date_of_birth"), a3=L("Rue Haute 212 1000 Bruxelles", "postal_address"), i3=L(_ibs[2], "iban"))

add("csv_export", "en", "mrn\tpatient\tdob\tdiagnosis\tward\tadmitted\n"
    "MRN-0093312\tDeclan Whitcombe\t⟦d1⟧\t⟦x1⟧\tCardiology B\t2025-01-12\n"
    "MRN-0093318\tPriya Ramaswamy\t⟦d2⟧\t⟦x2⟧\tOncology 2\t2025-01-13\n"
    "MRN-0093320\tTomasz Wierzbicki\t⟦d3⟧\t⟦x3⟧\tPsychiatry (closed)\t2025-01-13\n"
    "\n(the TSV came from /reports/export?ward=all — any logged-in nurse account can pull every ward)",
    d1=L("1958-03-30", "date_of_birth"), x1=L("Atrial fibrillation, on apixaban", "health_data"),
    d2=L("1989-12-04", "date_of_birth"), x2=L("Hodgkin lymphoma stage II", "health_data"),
    d3=L("2001-07-19", "date_of_birth"), x3=L("Bipolar I disorder, acute manic episode", "health_data"))

add("csv_export", "fr", """factures_fournisseurs_T4.csv (pour montrer le format de l'export, pas de donnée personnelle) :

num_facture,fournisseur,siret,tva_intracom,montant_ht,montant_ttc,echeance,ref_commande
F-2024-00871,Imprimerie Cazals,⟦s1⟧,FR⟦v1⟧,"⟦m1⟧","2 018,88",⟦e1⟧,⟦o1⟧
F-2024-00872,Transports Mével & Fils,⟦s2⟧,FR⟦v2⟧,"12 400,00","14 880,00",2025-01-31,PO-55120
F-2024-00873,ISBN papeterie (⟦isbn⟧),—,—,"39,90","47,88",2025-02-15,PO-55121""",
    s1=N(siret(), "siret"), v1=N("47" + digits(9), "vat_number"), m1=N("1 682,40", "amount"),
    e1=N("2025-01-15", "date_not_birth"), o1=N("PO-55117", "order_id"),
    s2=N(siret(), "siret"), v2=N("08" + digits(9), "vat_number"), isbn=N(isbn13(), "isbn"))

add("csv_export", "en", """employee_id,full_name,ssn,base_salary,bonus_2024,manager,perf_rating
E10231,Marcus Oyelaran,⟦s1⟧,⟦p1⟧,⟦b1⟧,J. Feld,⟦r1⟧
E10232,Rebecca Szymańska,⟦s2⟧,⟦p2⟧,0,J. Feld,⟦r2⟧
E10240,"Lin, Wei-Ting",⟦s3⟧,⟦p3⟧,"12,500",A. Kowal,3 - meets""",
    s1=L(ssn(), "national_id"), p1=L("142000", "employment_data"), b1=L("18000", "employment_data", optional=True),
    r1=L("4 - exceeds", "employment_data", optional=True),
    s2=L(ssn(), "national_id"), p2=L("97500", "employment_data"), r2=L("1 - PIP started", "employment_data"),
    s3=L(ssn(), "national_id"), p3=L("118250", "employment_data"))

_pp1, _pp2 = "19" + rs(2, string.ascii_uppercase) + digits(5), "21" + rs(2, string.ascii_uppercase) + digits(5)
add("csv_export", "fr", """Le fichier « voyageurs_seminaire_lisbonne.csv » est téléchargeable sans authentification depuis l'espace agence :

"Nom","Prénom","passport_no","date_delivrance","date_expiration","nationalite","vol_aller"
"BRACHET","Hugo","⟦p1⟧","⟦dd⟧","2029-05-02","FRA","⟦v1⟧"
"MOREAU-SILVA","Inês","⟦p2⟧","2021-11-20","2031-11-19","PRT","⟦v2⟧"
""", p1=L(_pp1, "identity_document"), dd=N("2019-05-03", "date_not_birth"), v1=L("TP441 ORY-LIS 12/06 siège 23A", "travel_record"),
    p2=L(_pp2, "identity_document"), v2=L("TP441 ORY-LIS 12/06 siège 23B", "travel_record"))

add("csv_export", "en", """top_talkers.csv from the SIEM (header + 4 rows), showing the scanning traffic I generated:

first_seen,src_ip,dst_ip,dst_port,bytes,session_id,sha256_payload
⟦t1⟧,⟦ip1⟧,⟦ip2⟧,443,18233,⟦u1⟧,⟦h1⟧
2025-02-21T10:02:13Z,⟦ip3⟧,⟦ip2b⟧,8443,902,⟦u2⟧,⟦h2⟧
2025-02-21T10:02:19Z,198.51.100.23,192.0.2.10,22,4410,2d7c40a1-0c1e-4c0e-9a55-5e0a9d7b1f33,e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
2025-02-21T10:03:00Z,8.8.8.8,192.0.2.10,53,76,-,-""",
    t1=N("2025-02-21T10:01:57Z", "timestamp"), ip1=N("198.51.100.23", "documentation_ip"),
    ip2=N("192.0.2.10", "documentation_ip"), u1=N(a_uuid(), "uuid"), h1=N(sha256(), "sha256"),
    ip3=N("198.51.100.23", "documentation_ip"), ip2b=N("192.0.2.11", "documentation_ip"),
    u2=N(a_uuid(), "uuid"), h2=N(sha256(), "sha256"))

_n3 = [nir("1", 85, 4, "31"), nir("2", 90, 9, "67")]
add("csv_export", "fr", """arrets_maladie_2025.csv (partage SMB \\\\⟦srv⟧\\RH$, lisible par « Utilisateurs du domaine »)

matricule,nom,nir,debut_arret,fin_arret,motif_medical
A0773,Fabre Julien,⟦n1⟧,2025-01-06,2025-02-14,⟦m1⟧
A0812,Schmitt Aurore,⟦n2⟧,2025-02-03,2025-02-07,⟦m2⟧""",
    srv=host("fic-rh-01"), n1=L(_n3[0], "national_id"), m1=L("lombalgie aiguë, hernie discale L5-S1", "health_data"),
    n2=L(_n3[1], "national_id"), m2=L("grossesse pathologique", "health_data"))

add("csv_export", "en", """Found users.csv in the public S3 bucket acme-legacy-backups (object key: exports/2019/users.csv):

username,email,password,last_login
kdelacroix,⟦e1⟧,⟦p1⟧,2019-06-30 14:22
tgreenhalgh,⟦e2⟧,⟦p2⟧,2019-07-01 08:03
svc_backup,,⟦p3⟧,""",
    e1=L("kim.delacroix@yahoo.com", "email_address"), p1=L("Lakers#2016", "password_assignment"),
    e2=L("tgreenhalgh@outlook.com", "email_address"), p2=L("correcthorsebatterystaple9", "password_assignment"),
    p3=L("Bkp!Acme2019", "password_assignment"))

add("csv_export", "fr", """adherents.csv (export de l'association, fourni par erreur dans la réponse de /exports/latest)

"id";"civilite";"nom";"prenom";"né(e) le";"tel";"email";"date_inscription";"cotisation"
"1182";"Mme";"Quéméner";"Rozenn";"⟦d1⟧";"⟦t1⟧";"⟦e1⟧";"⟦i1⟧";"35,00"
"1183";"M.";"Da Costa";"Joaquim";"⟦d2⟧";"⟦t2⟧";"⟦e2⟧";"2024-09-12";"35,00"
""", d1=L("1948-08-15", "date_of_birth"), t1=L("02 98 " + digits(2) + " " + digits(2) + " " + digits(2), "phone_number"),
    e1=L("rozenn.quemener@orange.fr", "email_address"), i1=N("2024-09-10", "date_not_birth"),
    d2=L("1955-01-02", "date_of_birth"), t2=L(fr_mobile(), "phone_number"), e2=L("jdacosta55@free.fr", "email_address"))

_pan = card("visa")
add("csv_export", "en", """payments_2025-02.tsv — all rows masked except where the old importer ran (row 2):

txn_id	amount	currency	pan	status
tx_1P9c2K	49.00	EUR	⟦m1⟧	captured
tx_1P9c2Q	1290.00	EUR	⟦pan⟧	captured
tx_1P9c3A	15.50	GBP	⟦m2⟧	refunded
tx_1P9c3F	9.99	USD	⟦ex⟧	test""",
    m1=N("5412********1187", "masked_card"), pan=L(_pan, "payment_card"),
    m2=N("3782 ****** 1007", "masked_card"), ex=info("4111111111111111", "payment_card"))

add("csv_export", "fr", """Résultat du scan de ports interne (CSV produit par masscan puis enrichi) — rien de personnel, c'est pour situer le service vulnérable :

ip,port,proto,service,version,banniere_sha1
⟦i1⟧,22,tcp,ssh,OpenSSH 9.6p1,⟦h1⟧
⟦i2⟧,8080,tcp,http,Jetty 9.4.53.v20231009,⟦h2⟧
⟦i3⟧,5432,tcp,postgresql,15.6,-
⟦hn⟧,636,tcp,ldaps,OpenLDAP 2.6.7,-""",
    i1=N("10.40.12.7", "infrastructure_info"), h1=N(hexs(40), "sha1_hash"), i2=N("10.40.12.19", "infrastructure_info"),
    h2=N(hexs(40), "sha1_hash"), i3=N("172.20.3.4", "infrastructure_info"), hn=N("ldap1.corp.local", "infrastructure_info"))

_cf = codice_fiscale("Bernardi", "Giulia", 88, 4, 17, True, "F205")
add("csv_export", "en", """kyc_onboarding.csv from the partner portal (only header and 3 rows kept; the file holds ~4k):

customer_ref,country,id_type,id_number,birth_date,city
KYC-77120,IT,codice_fiscale,⟦cf⟧,⟦d1⟧,Milano
KYC-77121,ES,dni,⟦dni⟧,⟦d2⟧,Zaragoza
KYC-77122,ES,nie,⟦nie⟧,⟦d3⟧,Málaga""",
    cf=L(_cf, "national_id"), d1=L("1988-04-17", "date_of_birth"), dni=L(dni(), "national_id"),
    d2=L("1993-10-08", "date_of_birth"), nie=L(nie(), "national_id", also=["identity_document"]), d3=L("1979-02-21", "date_of_birth"))

add("csv_export", "fr", """newsletter_abonnes.csv — attention aux virgules dans les champs entre guillemets :

email,nom_complet,commune,consentement,source
⟦e1⟧,"Lebreton, Anne-Sophie","Saint-Malo",oui,salon
⟦e2⟧,"Okonkwo, Chidi","Angers",oui,site
"⟦e3⟧","Hélène ""Léna"" Marchal","Tours",non,import
exemple@exemple.invalid,"Compte test","—",non,qa""",
    e1=L("as.lebreton@laposte.net", "email_address"), e2=L("chidi.okonkwo@gmail.com", "email_address"),
    e3=L("lena.marchal37@sfr.fr", "email_address"))

add("csv_export", "en", """audit_trail.csv export (we asked for it during the engagement; shown only to document event ordering):

event_id,ts_utc,actor,action,object,commit
⟦u1⟧,⟦t1⟧,ci-runner-7,deploy,svc-billing@2.14.0,⟦g1⟧
⟦u2⟧,2025-03-02T11:47:35Z,ci-runner-7,rollback,svc-billing@2.13.9,⟦g2⟧
⟦u3⟧,2025-03-02T11:49:02Z,release-bot,tag,v2.14.1,-""",
    u1=N(a_uuid(), "uuid"), t1=N("2025-03-02T11:40:08Z", "timestamp"), g1=N(git_sha(), "git_sha"),
    u2=N(a_uuid(), "uuid"), g2=N(git_sha(), "git_sha"), u3=N(a_uuid(), "uuid"))


# =============================================================== ocr_document
_cni = rs(9, string.ascii_uppercase + string.digits)
_t1 = mrz_td1("ID", "FRA", _cni, "900514", "F", "330812", "FRA", "MARCHETTI", "CAMILLE LOU")
add("ocr_document", "fr", """[OCR — piece_jointe_07.jpg, trouvée dans /uploads/kyc/ sans contrôle d'accès]

RÉPUBLIQUE FRANÇAISE   CARTE NATIONALE D'IDENTITÉ / IDENTITY CARD
Nom / Surname : MARCHETTI
Prénoms / Given names : Camille, Lou
Sexe : F   Nationalité : FRA
Date de naiss. / Date of birth : ⟦dob⟧
Lieu de naissance : AJACCIO (2A)
N° du document : ⟦num⟧     Date d'expiration : 12 08 2033
⟦m1⟧
⟦m2⟧
⟦m3⟧""", dob=L("14 05 1990", "date_of_birth"), num=L(_cni, "identity_document"),
    m1=L(_t1[0], "identity_document"), m2=L(_t1[1], "identity_document"), m3=L(_t1[2], "identity_document"))

_ukpp = digits(9)
_t3 = mrz_td3("GBR", "Okafor", "Adaeze Chioma", _ukpp, "GBR", "870302", "F", "320117")
add("ocr_document", "en", """OCR of passport_scan_0042.png (the "document check" microservice keeps every upload under a guessable path):

UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND   PASSPORT
Type P   Code GBR   Passport No. ⟦pp⟧
Surname OKAFOR   Given names ADAEZE CHIOMA
Nationality BRITISH CITIZEN
Date of birth ⟦dob⟧   Sex F   Place of birth LONDON
Date of issue 17 JAN 2022   Date of expiry 17 JAN 2032
⟦l1⟧
⟦l2⟧""", pp=L(_ukpp, "identity_document"), dob=L("02 MAR 1987", "date_of_birth"),
    l1=L(_t3[0], "identity_document"), l2=L(_t3[1], "identity_document"))

_nir_p = nir("1", 88, 2, "92")
add("ocr_document", "fr", """Texte OCR du bulletin de paie récupéré via l'URL de partage /docs/share/8f3a… (lien sans expiration)

BULLETIN DE PAIE — Période du 01/01/2025 au 31/01/2025
Employeur : SOCIÉTÉ AÉRO-MÉCANIQUE DU VEXIN   SIRET ⟦siret⟧   APE 3030Z
Salarié : M. Yanis Belkacem
⟦adr⟧
N° sécurité sociale : ⟦nir⟧      Emploi : Technicien de maintenance   Coefficient 285
Salaire de base ............................ ⟦brut⟧
Prime d'ancienneté .......................... 94,12
NET À PAYER AVANT IMPÔT ..................... ⟦net⟧
Impôt sur le revenu prélevé à la source (taux 4,1 %) ... ⟦pas⟧
Virement sur : ⟦ib⟧""", siret=N(siret(), "siret"), adr=L("22 rue des Vignes, 95300 Pontoise", "postal_address"),
    nir=L(_nir_p, "national_id"), brut=L("2 487,50", "employment_data"), net=L("1 954,31", "employment_data"),
    pas=L("80,13", "tax_record", optional=True), ib=L(iban("FR"), "iban"))

_nir_a = nir("2", 71, 10, "13")
add("ocr_document", "fr", """OCR — avis d'arrêt de travail (cerfa n°10170*07), volet 3 employeur, scanné et stocké dans la GED sans chiffrement :

AVIS D'ARRÊT DE TRAVAIL
Assuré(e) : Mme ESPOSITO Laetitia       N° d'immatriculation : ⟦nir⟧
Adresse : ⟦adr⟧
Arrêt initial  du ⟦deb⟧ au 21/03/2025 inclus — sorties autorisées sans restriction d'horaire : non
Éléments d'ordre médical : ⟦med⟧
Praticien : Dr R. Haddad, RPPS 10101234567""",
    nir=L(_nir_a, "national_id"), adr=L("Résidence Les Calanques, bât. C, 41 bd Michelet, 13008 Marseille", "postal_address"),
    deb=L("03/03/2025", "health_data", optional=True),
    med=L("épisode dépressif majeur, syndrome d'épuisement professionnel", "health_data"))

_nf = R.choice("0123") + digits(12)
add("ocr_document", "fr", """Avis d'imposition 2024 sur les revenus 2023 — texte OCR (le PDF était attaché à un ticket de support public) :

DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES
Déclarant 1 : M. et Mme CHEVALLIER Bruno / Agnès
⟦adr⟧
Numéro fiscal : ⟦nf⟧      Référence de l'avis : ⟦ref⟧
Revenu fiscal de référence : ⟦rfr⟧        Nombre de parts : 3
Impôt sur le revenu net avant crédits ....... ⟦imp⟧
Date de mise en recouvrement : 31/07/2024""",
    adr=L("La Grange Neuve, 12 chemin des Prés, 71250 Cluny", "postal_address"), nf=L(_nf, "tax_record", also=["national_id"]),
    ref=L("24 " + digits(2) + " A" + digits(4) + " " + digits(5) + " " + digits(2), "tax_record"),
    rfr=L("71 846 €", "tax_record"), imp=L("4 912 €", "tax_record"))

_pnr = pnr()
add("ocr_document", "en", """Boarding pass photo someone posted in the app's public support forum, OCR'd:

BOARDING PASS   KLM
NAME: VASQUEZ-MORROW/DANIELA MS
FROM: AMSTERDAM (AMS)   TO: BOSTON (BOS)
FLIGHT ⟦fl⟧   DATE 22APR   GATE E18   BOARDING 09:35
SEAT ⟦seat⟧   ZONE 3   SEQ 114
BOOKING REF ⟦pnr⟧   ETKT ⟦tkt⟧
FLYING BLUE ⟦ff⟧ SILVER
M1VASQUEZ-MORROW/DANIEL⟦bcbp⟧""",
    fl=L("KL0615", "travel_record", optional=True), seat=L("31F", "travel_record"), pnr=L(_pnr, "travel_record"),
    tkt=L(ticket_no("074"), "travel_record"), ff=L(digits(10), "travel_record", optional=True),
    bcbp=L("A E" + _pnr + " AMSBOSKL 0615 112Y031F0114 100", "travel_record"))

add("ocr_document", "fr", """Étiquette colis photographiée (OCR) — l'API de suivi renvoie l'image de l'étiquette pour n'importe quel numéro :

COLISSIMO   Expéditeur : MAISON DORLÉAC — Service clients 09 70 80 81 82 — 5 rue du Port, 17000 La Rochelle
DESTINATAIRE :
M. Kévin Tran
⟦adr⟧
Tél : ⟦tel⟧
N° de colis : ⟦colis⟧   Poids : 1,240 kg""",
    adr=L("Appt 52, 3e étage, 118 avenue de Saxe 69003 Lyon", "postal_address"),
    tel=L(fr_mobile(), "phone_number"), colis=N("6A" + digits(11), "tracking_number"))

add("ocr_document", "en", """OCR of the product label on the affected unit (rear panel), for identification:

THALES  —  Model: TX-NG 4200   P/N 8-0933-7720-04   HW rev C
S/N: ⟦sn⟧     MAC: 00:1B:44:7A:2C:91
FW 7.2.14 (build ⟦b⟧)   SHA-256 ⟦h⟧
Made in France · CE · FCC ID: 2AB7C-TXNG4200
Documentation: ISBN ⟦isbn⟧   Support: +33 1 57 77 80 00""",
    sn=N("TXN4-2024-0081377", "serial_number"), b=N(git_sha()[:10], "git_sha"), h=N(sha256(), "sha256"),
    isbn=N(isbn13(), "isbn"))

add("ocr_document", "fr", """OCR de la facture jointe au ticket (pour dater l'achat du matériel vulnérable ; rien de personnel) :

FACTURE N° FA-2024-11-0931         Date : 27/11/2024
NUMÉRILOG SAS — 44 rue Sainte-Catherine 33000 Bordeaux — standard 05 56 01 77 00
SIRET ⟦siret⟧ — TVA FR⟦tva⟧ — RCS Bordeaux
Client : Laboratoires Perrault SA, service achats
Désignation : Passerelle IoT TX-NG 4200, firmware 7.1.9   Qté 4   PU HT 1 180,00 €
TOTAL TTC : ⟦ttc⟧   Commande : ⟦cmd⟧   Échéance : ⟦ech⟧""",
    siret=N(siret(), "siret"), tva=N(digits(11), "vat_number"), ttc=N("5 664,00 €", "amount"),
    cmd=N("BC-88213", "order_id"), ech=N("27/12/2024", "date_not_birth"))

_dl = "D" + digits(3) + "-" + digits(4) + "-" + digits(4)
add("ocr_document", "en", """ocr_output.txt for uploads/license_front_1187.jpg

ILLINOIS  DRIVER'S LICENSE
DL ⟦dl⟧   CLASS D
EXP 06/18/2028   ISS 06/18/2024
⟦dobk⟧ ⟦dob⟧
OKONJO-PRICE
TERRENCE J
⟦adr⟧
SEX M  HGT 6-01  WGT 190  EYES BRN""",
    dl=L(_dl, "identity_document"), dobk="DOB", dob=L("09/14/1983", "date_of_birth"),
    adr=L("4108 W Addison St, Chicago, IL 60641", "postal_address"))

_ts = "TS" + digits(8)
add("ocr_document", "fr", """OCR du titre de séjour (recto/verso) trouvé dans le dossier d'inscription exposé :

TITRE DE SÉJOUR — RÉSIDENCE PERMIT
Nom : HADDAD   Prénoms : Yasmine
Nationalité : TUN   Sexe : F   Né(e) le : ⟦dob⟧
Type : VIE PRIVÉE ET FAMILIALE   N° : ⟦num⟧
Valable jusqu'au 04/09/2027
Adresse : ⟦adr⟧""",
    dob=L("19 11 1994", "date_of_birth"), num=L(_ts, "identity_document"),
    adr=L("9 rue Paul Bert, 93100 Montreuil", "postal_address"))

add("ocr_document", "en", """Lab report (OCR'd PDF, fetched from /results/pdf?id=… with an id from a neighbour's order):

NORTHGATE DIAGNOSTICS — Clinical Chemistry
Patient: Samuel Achterberg     DOB: ⟦dob⟧     Sex: M
Requesting physician: Dr. A. Moreno   Collected: 2025-02-17 08:10
HbA1c ............ ⟦a1c⟧ (ref < 5.7 %)
HIV-1/2 Ag/Ab .... ⟦hiv⟧
Comment: ⟦com⟧""",
    dob=L("1975-05-06", "date_of_birth"), a1c=L("8.9 %", "health_data"), hiv=L("REACTIVE — confirmatory test requested", "health_data"),
    com=L("poorly controlled type 2 diabetes; refer to endocrinology", "health_data"))

add("ocr_document", "fr", """RIB (OCR) envoyé par l'application de remboursement au mauvais destinataire :

RELEVÉ D'IDENTITÉ BANCAIRE
Titulaire : Mme Odile Fauvel-Santerre
⟦adr⟧
Domiciliation : CRCA NORMANDIE SEINE — AG. YVETOT
IBAN : ⟦ib⟧
BIC : ⟦bic⟧""", adr=L("Hameau de la Folletière, 76190 Yvetot", "postal_address"), ib=L(iban("FR"), "iban"),
    bic=N("AGRIFRPP866", "bic"))

add("ocr_document", "en", """OCR of the signed letter we received back from your legal team (attached so you can see the reference; nothing personal in it):

Ref. LGL/2025/0217-PSIRT        Date: 18 February 2025
Thales — Legal Department, Tour Carpe Diem, 31 place des Corolles, 92400 Courbevoie
Switchboard +33 1 57 77 80 00 · press@thalesgroup.com
Subject: Coordinated disclosure of ⟦cve⟧
... the embargo is proposed until 30 April 2025 ...
Report reference: ⟦ref⟧   PGP: ⟦fp⟧""",
    cve=N("CVE-2025-21298", "cve_id"), ref=N(a_uuid(), "uuid"), fp=N("FC3C 4520 576E C756 AE73 0030 5369 49C4 8448 AE39", "pgp_fingerprint"))


# =============================================================== command_line
add("command_line", "en", """Repro, step 3 — from the jump host, logged in as app_rw with ⟦pw⟧ (the default from the install guide, never changed):

$ mysql -h ⟦h⟧ -u app_rw -p'⟦pw2⟧' billing -e 'SELECT COUNT(*) FROM invoices;'
+----------+
| COUNT(*) |
+----------+
|   418220 |
+----------+""", pw=L("Autumn!7", "password_assignment"), h=host("db-prod-03.int.acme.lan"),
    pw2=L("Autumn!7", "password_assignment"))

_jw2 = jwt({"sub": "svc-reporting", "roles": ["admin"], "tenant": "eu-west", "exp": 1767225600}, "RS256", kid="k-2024-11")
add("command_line", "fr", """Commandes utilisées pour la preuve de concept :

curl -sk -u ⟦basic⟧ https://⟦h⟧/manager/text/list
curl -sk https://api.partenaires.exemple-transport.fr/v3/factures \\
     -H 'Authorization: Bearer ⟦jwt⟧' | jq '.[0]'

Le jeton provient de l'application mobile (il n'expire qu'en 2026).""",
    basic=L("admin:Tomcat2023!", "password_assignment"), h=host("recette-tomcat.interne"),
    jwt=L(_jw2, "authorization_header", also=["jwt"]))

add("command_line", "en", """How I started the lab copy of the appliance (no real credentials — everything comes from the environment):

docker run --rm -p 127.0.0.1:5432:5432 \\
  -e POSTGRES_PASSWORD="⟦p1⟧" -e API_TOKEN=⟦p2⟧ \\
  ghcr.io/acme/appliance@sha256:⟦dg⟧
gpg --recv-keys ⟦fp⟧
sha256sum appliance-7.2.14.img
⟦h⟧  appliance-7.2.14.img""", p1=N("${POSTGRES_PASSWORD}", "placeholder"), p2=N("<TOKEN>", "placeholder"),
    dg=N(sha256(), "sha256"), fp=N(pgp_fp_luhn().replace(" ", ""), "pgp_fingerprint_luhn"), h=N(sha256(), "sha256"))

add("command_line", "fr", """Depuis le conteneur compromis, la variable d'environnement suffit pour se connecter à la base :

$ psql "⟦uri⟧" -c '\\dt'
        Liste des relations
 Schéma |      Nom       | Type  | Propriétaire
--------+----------------+-------+--------------
 public | dossiers       | table | gestion
 public | pieces_jointes | table | gestion""",
    uri=L("postgresql://gestion:Hk7%23pLw2Vq@10.12.4.21:5432/gestion_prod", "connection_string", also=["url_credentials"]))

_ak, _sk = aws_id(), aws_secret()
add("command_line", "en", """The onboarding script printed its own setup commands in the build log (job #8812):

+ aws configure set aws_access_key_id ⟦ak⟧ --profile deploy
+ aws configure set aws_secret_access_key ⟦sk⟧ --profile deploy
+ aws configure set region eu-west-3 --profile deploy
+ aws s3 ls s3://acme-artifacts-prod/ --profile deploy""", ak=L(_ak, "aws_access_key_id"), sk=L(_sk, "aws_secret_key"))

add("command_line", "fr", """Accès root obtenu sur le boîtier : j'ai tapé `sshpass -p '⟦pw⟧' ssh root@⟦ip⟧` et j'ai eu un shell root (mot de passe usine identique sur tous les boîtiers testés).""",
    pw=L("Sup3r-Usine!", "password_assignment"), ip=ip("192.168.1.254"))

add("command_line", "en", """$ openssl s_client -connect vpn.example-corp.com:443 -servername vpn.example-corp.com </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256 -serial
sha256 Fingerprint=⟦fp⟧
serial=⟦ser⟧
$ ssh-keyscan -t ed25519 vpn.example-corp.com | ssh-keygen -lf -
256 ⟦sshfp⟧ vpn.example-corp.com (ED25519)

(server certificate and host key as of 2025-03-01 — public material, included so you can confirm the host)""",
    fp=N(":".join(hexs(64).upper()[i:i + 2] for i in range(0, 64, 2)), "certificate_fingerprint"),
    ser=N(hexs(32).upper(), "certificate_serial"), sshfp=N(ssh_fp(), "ssh_fingerprint"))

_gl = gitlab()
add("command_line", "fr", """Le script de déploiement clone le dépôt avec un jeton personnel en dur :

git clone ⟦url⟧ /opt/deploy
Clonage dans '/opt/deploy'...
remote: Enumerating objects: 1523, done.""",
    url=L(f"https://oauth2:{_gl}@gitlab.interne.lumiq.fr/infra/deploy.git", "url_credentials", also=["gitlab_token"]))

add("command_line", "en", """Step 2: the LDAP bind credentials from the Windows service config work from anywhere on the VPN:

ldapsearch -x -H ldaps://⟦h⟧ -D "CN=svc_ldapsync,OU=Service Accounts,DC=corp,DC=nordhaven,DC=com" -w '⟦pw⟧' -b "DC=corp,DC=nordhaven,DC=com" "(sAMAccountName=*)" mail""",
    h=host("dc02.corp.nordhaven.com"), pw=L("Tr0ub4dor&3-sync", "password_assignment"))

add("command_line", "fr", """Commandes de reconnaissance (adresses de documentation remplacées, mots de passe non utilisés) :

nmap -sV -p 22,443,8443 ⟦ip1⟧/28 -oA scan_initial
hydra -L users.txt -P ⟦pf⟧ ssh://⟦ip2⟧   # non lancé : hors périmètre
hashcat -m 1000 ntlm.txt rockyou.txt --potfile-disable   # fichier vide, pour mémoire
export MDP_APP="⟦ph⟧\"""", ip1=N("198.51.100.32", "documentation_ip"), pf=N("passwords.txt", "filename"),
    ip2=N("198.51.100.40", "documentation_ip"), ph=N("votre-mot-de-passe-ici", "placeholder"))

_npm = npm_tok()
add("command_line", "en", """From the maintainer's screencast (frame at 02:13), the release script does:

npm config set //registry.npmjs.org/:_authToken=⟦t⟧
npm publish --access public""", t=L(_npm, "npm_token"))

add("command_line", "fr", """Pour reproduire la connexion au Wi-Fi invité (la clé est imprimée sur l'étiquette du boîtier, identique sur toute la série) :

wpa_passphrase "Livebox-8A2C" '⟦psk⟧' > /tmp/w.conf
wpa_supplicant -i wlan0 -c /tmp/w.conf -B""", psk=L("fX9qR4tWm2zLk7", "password_assignment"))

# ============================================================== shell_history
_ghp = ghp()
add("shell_history", "en", """.bash_history recovered from the world-readable /home/deploy (excerpt):

cd /srv/app
git pull
mysql -uroot -p⟦p1⟧ -e 'show databases'
export GITHUB_TOKEN=⟦gh⟧
gh release list
curl -u ci:⟦p2⟧ https://⟦h⟧/job/deploy/build
exit""", p1=L("S3cr3t-root", "password_assignment"), gh=L(_ghp, "github_token"),
    p2=L("jenkins4ever", "password_assignment"), h=host("jenkins.ops.internal"))

add("shell_history", "fr", """Historique PowerShell (ConsoleHost_history.txt) du poste d'administration, lisible par tous via le partage C$ :

Get-ADUser -Filter * | Measure-Object
$pw = ConvertTo-SecureString '⟦p1⟧' -AsPlainText -Force
New-LocalUser -Name "support" -Password $pw
net use \\\\⟦srv⟧\\sauvegardes /user:CORP\\adm-sauvegarde ⟦p2⟧
Restart-Service -Name Spooler""", p1=L("Support@2024", "password_assignment"), srv=host("nas-sauv01"),
    p2=L("Bckp!Nov24", "password_assignment"))

add("shell_history", "en", """History from my test VM, to show the order of operations (no secret typed on the command line):

read -rs DB_PASSWORD
export DB_PASSWORD
pass show lab/appliance | head -1 >/dev/null
vault kv get -field=token secret/lab/⟦u⟧
git log --oneline -1   # ⟦sha⟧ Fix SSRF in webhook preview
curl -H "Authorization: Bearer $TOKEN" https://203.0.113.9/api/health
echo "password=***" >> notes.txt""", u=N(a_uuid(), "uuid"), sha=N(git_sha()[:7], "git_sha"))

_oai = openai_key()
add("shell_history", "fr", """~/.zsh_history (format étendu) du compte « ml » sur le serveur GPU, récupéré via la traversée de répertoire :

: 1738651021:0;cd ~/projets/assistant
: 1738651044:0;export OPENAI_API_KEY=⟦k⟧
: 1738651102:0;python bench.py --model gpt-4o-mini
: 1738652230:0;sshpass -p ⟦p⟧ scp resultats.tar.gz ml@⟦ip⟧:/data/
: 1738652301:0;history | tail""", k=L(_oai, "ai_api_key"), p=L("gpu-cluster-2025", "password_assignment"),
    ip=ip("10.8.0.14"))

add("shell_history", "en", """root's history on the cache node:

redis-cli -h ⟦ip⟧ -a ⟦p⟧ INFO keyspace
echo 'machine ftp.partner-logistics.com login acmeftp password ⟦p2⟧' >> ~/.netrc
chmod 600 ~/.netrc
lftp ftp.partner-logistics.com""", ip=ip("172.16.40.5"), p=L("r3d1s-Cache-Pr0d", "password_assignment"),
    p2=L("9xWq-Lm3v-Ft", "password_assignment"))

add("shell_history", "fr", """Extrait de .bash_history (poste de l'auditeur) — les commandes de vérification de signature, rien de secret :

gpg --fingerprint psirt@thalesgroup.com
gpg --verify rapport.pdf.asc rapport.pdf
sha256sum rapport.pdf   # ⟦h⟧
md5sum capture.pcap     # ⟦m⟧
ssh-keygen -lf ~/.ssh/id_ed25519.pub   # ⟦fp⟧
git commit -S -m "rapport v2" && git rev-parse HEAD   # ⟦sha⟧""",
    h=N(sha256(), "sha256"), m=N(md5(), "md5"), fp=N(ssh_fp(), "ssh_fingerprint"), sha=N(git_sha(), "git_sha"))

add("shell_history", "en", """The CI runner's shell history (the runner image bakes ~/.bash_history in):

PGPASSWORD=⟦p1⟧ psql -h ⟦h⟧ -U reporting -d warehouse -c '\\copy users to users.csv csv header'
htpasswd -b -c /etc/nginx/.htpasswd grafana ⟦p2⟧
docker compose up -d""", p1=L("wh_reporting_88", "password_assignment"), h=host("pg-warehouse.svc.cluster.local"),
    p2=L("Graf@na-admin", "password_assignment"))

add("shell_history", "fr", """Historique bash du compte jenkins :

docker login -u deploiement -p ⟦p1⟧ registry.interne.ovelia.fr
kubectl create secret generic app-db --from-literal=username=app --from-literal=password=⟦p2⟧ -n prod
kubectl rollout restart deploy/app -n prod""", p1=L("Dpl0y-Reg!stry", "password_assignment"),
    p2=L("pg-App-2024-x9", "password_assignment"))

add("shell_history", "en", """Interesting: someone typed the password at the prompt *before* the prompt appeared, so it landed in history on its own line:

ssh admin@⟦h⟧
sudo -i
⟦p⟧
systemctl status nginx
ls -la /var/www""", h=host("web-07.dmz.internal"), p=L("Winter2024!!", "password_assignment"))

add("shell_history", "fr", """historique de l'utilisateur « compta » (serveur de fichiers Linux) :

smbclient //⟦srv⟧/Compta -U 'GROUPE\\\\c.morel%⟦p⟧' -c 'ls'
mount -t cifs //⟦srv2⟧/Compta /mnt/compta -o credentials=/root/.smbcred
cat /root/.smbcred""", srv=host("srv-ad01"), p=L("Cmorel1985*", "password_assignment"), srv2=host("srv-ad01"))

add("shell_history", "en", """PowerShell history from the build agent (lines 212-216), no secrets typed:

$cred = Get-Credential
Invoke-RestMethod -Uri https://api.github.com/repos/acme/app/releases -Headers @{Authorization = "token $env:GH_TOKEN"}
Get-FileHash .\\setup.msi -Algorithm SHA256   # ⟦h⟧
Set-ADDefaultDomainPasswordPolicy -MinPasswordLength 14 -Identity corp.local
Write-Host "Password: ********\"""", h=N(sha256().upper(), "sha256"))

_hk = hexs(32)
add("shell_history", "fr", """Dans .bash_history du serveur de supervision, l'appel à l'API du fournisseur de SMS :

curl -s -X POST https://api.sms-relais.fr/v2/send -H "X-Api-Key: ⟦k⟧" -d 'to=⟦t⟧&text=Alerte+disque+plein'
curl -s https://api.sms-relais.fr/v2/credit -H "X-Api-Key: ⟦k2⟧\"""",
    k=L(_hk, "authorization_header", also=["password_assignment"]), t=L("+336" + digits(8), "phone_number"),
    k2=L(_hk, "authorization_header", also=["password_assignment"]))

add("shell_history", "en", """~/.bash_history on the backup box:

openssl enc -aes-256-cbc -pbkdf2 -salt -in db.sql -out db.sql.enc -k ⟦p⟧
gpg --batch --passphrase ⟦p2⟧ -c keys.tar
rm db.sql keys.tar""", p=L("orchid-lantern-gravel-51", "password_assignment"), p2=L("orchid-lantern-gravel-51", "password_assignment"))


# ================================================================= server_log
_gk2 = google_key()
add("server_log", "en", """nginx access.log on the reverse proxy (the mobile app puts its key in the query string):

203.0.113.77 - - [04/Mar/2025:10:14:02 +0000] "GET /maps/geocode?address=Baker+St&key=⟦k⟧ HTTP/1.1" 200 812 "-" "okhttp/4.12.0"
203.0.113.77 - - [04/Mar/2025:10:14:03 +0000] "GET /static/app.⟦h⟧.js HTTP/1.1" 200 120331 "-" "okhttp/4.12.0"
198.51.100.4 - - [04/Mar/2025:10:14:09 +0000] "POST /api/session HTTP/1.1" 201 77 "-" "Mozilla/5.0" cookie="sid=⟦sid⟧\"""",
    k=L(_gk2, "google_api_key"), h=N(hexs(20), "content_hash"), sid=L(rs(32, HEX), "session_cookie"))

add("server_log", "fr", """Journal applicatif /var/log/portail/auth.log — les échecs de connexion journalisent le mot de passe saisi :

2025-03-05 08:12:44,903 WARN  [auth] echec connexion login=mbernard mot_de_passe=⟦p1⟧ ip=⟦ip⟧
2025-03-05 08:12:51,118 WARN  [auth] echec connexion login=mbernard mot_de_passe=⟦p2⟧ ip=⟦ip2⟧
2025-03-05 08:13:02,447 INFO  [auth] connexion reussie login=mbernard session=⟦u⟧""",
    p1=L("Marseille2024", "password_assignment"), ip=ip("10.20.1.33"), p2=L("Marseille2025!", "password_assignment"),
    ip2=ip("10.20.1.33"), u=N(a_uuid(), "uuid"))

add("server_log", "en", """Application log after the fix — secrets are masked now (kept as evidence that the patch works):

2025-03-06T09:00:01.204Z INFO  http  POST /login user=alice password=⟦r1⟧ status=302 req=⟦u1⟧
2025-03-06T09:00:01.611Z DEBUG http  outbound GET https://api.stripe.com/v1/charges Authorization: Bearer ⟦r2⟧
2025-03-06T09:00:02.015Z DEBUG cfg   db.url=postgres://app:⟦r3⟧@db:5432/app pool=20 password_min_length=12
2025-03-06T09:00:02.100Z INFO  build version=2.14.1 commit=⟦sha⟧ node=20.11.1""",
    r1=N("***", "redacted"), u1=N(a_uuid(), "uuid"), r2=N("[REDACTED]", "redacted"), r3=N("xxxxxx", "placeholder"),
    sha=N(git_sha(), "git_sha"))

_pan2 = card("mc")
add("server_log", "fr", """Le connecteur de paiement journalise la requête complète en niveau DEBUG (activé en production) :

[2025-02-27 21:03:55.118] DEBUG PaymentGateway - requete={"montant":8990,"devise":"EUR","carte":{"numero":"⟦pan⟧","expiration":"11/27","cvv":"⟦cvv⟧"},"email":"⟦em⟧","commande":"⟦oid⟧"}
[2025-02-27 21:03:55.702] INFO  PaymentGateway - reponse=ACCEPTEE autorisation=⟦auth⟧""",
    pan=L(_pan2, "payment_card"), cvv=L("731", "payment_card", optional=True), em=L("pauline.deschamps@wanadoo.fr", "email_address"),
    oid=N("WEB-2025-0228811", "order_id"), auth=N("A" + digits(5), "authorization_code"))

add("server_log", "en", """HTTP client wire log (httpclient.wire at DEBUG), integration service:

2025-02-19 14:22:07 DEBUG o.a.h.wire - http-outgoing-3 >> "GET /api/v1/orders?since=2025-02-18 HTTP/1.1[\\r][\\n]"
2025-02-19 14:22:07 DEBUG o.a.h.wire - http-outgoing-3 >> "Host: ⟦h⟧:8080[\\r][\\n]"
2025-02-19 14:22:07 DEBUG o.a.h.wire - http-outgoing-3 >> "Authorization: ⟦b⟧[\\r][\\n]"
2025-02-19 14:22:07 DEBUG o.a.h.wire - http-outgoing-3 << "HTTP/1.1 200 OK[\\r][\\n]\"""",
    h=host("erp-int.corp.brightline.local"), b=L("Basic " + b64("integration:Br1ghtl1ne-ERP!"), "authorization_header"))

add("server_log", "fr", """/var/log/auth.log du bastion (pour dater l'accès ; rien à caviarder) :

Mar  5 07:58:12 bastion sshd[22109]: Accepted publickey for ops from 198.51.100.61 port 50322 ssh2: ED25519 ⟦fp⟧
Mar  5 07:58:12 bastion sshd[22109]: pam_unix(sshd:session): session opened for user ops(uid=1001)
Mar  5 07:59:40 bastion sudo:      ops : TTY=pts/0 ; PWD=/home/ops ; USER=root ; COMMAND=/usr/bin/systemctl restart haproxy
Mar  5 08:01:03 bastion sshd[22131]: Connection from ⟦ip⟧ port 41876 on ⟦ip2⟧ port 22
Mar  5 08:01:04 bastion sshd[22131]: Failed password for invalid user admin from ⟦ip3⟧ port 41876 ssh2""",
    fp=N(ssh_fp(), "ssh_fingerprint"), ip=N("203.0.113.200", "documentation_ip"), ip2=N("10.0.0.5", "infrastructure_info"),
    ip3=N("203.0.113.200", "documentation_ip"))

add("server_log", "en", """audit.log of the customer portal — the "profile updated" event logs old and new values:

{"ts":"2025-03-01T18:44:10Z","event":"profile.updated","user_id":55102,"changes":{"address":{"old":"⟦a1⟧","new":"⟦a2⟧"},"phone":{"old":null,"new":"⟦ph⟧"}},"ip":"203.0.113.140"}""",
    a1=L("71 Harbour View Rd, Cobh, Co. Cork P24 X2K7", "postal_address"),
    a2=L("Flat 4, 19 Grove Terrace, Leeds LS6 2AP", "postal_address"), ph=L(uk_mobile(), "phone_number"))

_kc = jwt({"exp": 1741190400, "iat": 1741188600, "jti": a_uuid(), "iss": "https://sso.interne.mairie-exemple.fr/realms/agents",
           "typ": "Refresh", "azp": "portail-agents", "sub": a_uuid()}, "HS512")
add("server_log", "fr", """Logs HAProxy : le client « portail-agents » passe le refresh token dans l'URL de callback, donc il finit dans les journaux :

Mar 05 15:10:22 lb01 haproxy[913]: 10.1.4.77:51132 [05/Mar/2025:15:10:22.101] fe_https be_portail/web02 0/0/1/18/19 302 410 - - ---- 812/640/12/6/0 0/0 "GET /callback?state=⟦st⟧&refresh_token=⟦t⟧ HTTP/1.1\"""",
    st=N(hexs(16), "oauth_state"), t=L(_kc, "jwt"))

add("server_log", "en", """/var/log/mail.log on the relay — every notification e-mail goes out with the customer's address in clear, and the SASL login shows which account sends:

Mar  3 11:02:14 mx1 postfix/smtpd[3120]: 4Z6x1J2kQfz9v: client=app01[⟦ip⟧], sasl_method=PLAIN, sasl_username=notify@brightline.io
Mar  3 11:02:14 mx1 postfix/qmgr[911]: 4Z6x1J2kQfz9v: from=<notify@brightline.io>, size=18223, nrcpt=2 (queue active)
Mar  3 11:02:15 mx1 postfix/smtp[3123]: 4Z6x1J2kQfz9v: to=<⟦e1⟧>, relay=gmail-smtp-in.l.google.com[142.250.102.27]:25, status=sent
Mar  3 11:02:16 mx1 postfix/smtp[3124]: 4Z6x1J2kQfz9v: to=<⟦e2⟧>, relay=mx.web.de[212.227.15.41]:25, status=sent""",
    ip=ip("10.0.3.11"), e1=L("naomi.feldstein@gmail.com", "email_address"), e2=L("j.oberhauser@web.de", "email_address"))

add("server_log", "fr", """access_log Apache de l'intranet (format combined + cookie), extrait :

10.3.2.41 - - [28/Feb/2025:09:41:17 +0100] "GET /rh/conges HTTP/1.1" 200 5120 "-" "Mozilla/5.0 (Windows NT 10.0)" "PHPSESSID=⟦s⟧; lang=fr"
10.3.2.41 - - [28/Feb/2025:09:41:18 +0100] "POST /notify HTTP/1.1" 500 210 "-" "curl/8.5.0" "-"
[Fri Feb 28 09:41:18 2025] [error] notify: POST ⟦wh⟧ failed: 404 channel_not_found""",
    s=L(rs(26, string.ascii_lowercase + string.digits), "session_cookie"), wh=L(slack_hook(), "slack_webhook"))

add("server_log", "en", """GitHub Actions log, job "release" (kept because it shows the vulnerable version being built):

2025-02-12T10:41:02.1180000Z ##[group]Run npm ci
2025-02-12T10:41:09.5531200Z added 812 packages, and audited 813 packages in 7s
2025-02-12T10:41:09.9001200Z NODE_AUTH_TOKEN: ***
2025-02-12T10:41:10.0123000Z lockfile integrity ⟦i⟧
2025-02-12T10:41:12.4471000Z Publishing @brightline/widgets@⟦v⟧ (gitHead ⟦sha⟧)
2025-02-12T10:41:12.9800000Z Authorization: Bearer [REDACTED]""",
    i=N(integrity(), "npm_integrity"), v=N("3.0.0-beta.4", "version"), sha=N(git_sha(), "git_sha"))

add("server_log", "fr", """Journal de l'application de téléconsultation (niveau INFO) :

2025-03-04 10:02:11 INFO  consultation.terminee id=TC-88120 medecin=Dr Lefort patient="Mireille Aubertin" motif="⟦m⟧" ordonnance="⟦o⟧"
2025-03-04 10:02:12 INFO  notification.envoyee canal=sms dest=⟦t⟧""",
    m=L("suivi VIH, charge virale indétectable", "health_data"), o=L("Biktarvy 1 cp/j, 3 mois", "health_data"),
    t=L(fr_mobile(True), "phone_number"))

add("server_log", "en", """kubelet / container logs of the checkout pod (kubectl logs checkout-7f9c5 --previous):

{"level":"info","msg":"starting","version":"1.22.3","pid":1}
{"level":"warn","msg":"stripe webhook signature check disabled","endpoint_secret":"⟦w⟧"}
{"level":"info","msg":"listening","addr":"⟦ip⟧:8080"}""", w=L(stripe("whsec_", 32), "stripe_key"), ip=ip("10.244.3.17"))

add("server_log", "fr", """Extrait du journal du pare-feu applicatif (rien de sensible : adresses publiques de test et identifiants de règle) :

2025-03-02T13:45:07+01:00 waf01 action=block rule=942100 src=⟦ip⟧ uri="/recherche?q=1'+OR+1=1--" ua="sqlmap/1.8.2" req_id=⟦u⟧
2025-03-02T13:45:09+01:00 waf01 action=block rule=941100 src=⟦ip2⟧ uri="/contact?nom=<script>" req_id=⟦u2⟧
2025-03-02T13:45:10+01:00 waf01 stats blocked=2 passed=118 cvss_ref="⟦cvss⟧\"""",
    ip=N("198.51.100.8", "documentation_ip"), u=N(a_uuid(), "uuid"), ip2=N("192.0.2.77", "documentation_ip"),
    u2=N(a_uuid(), "uuid"), cvss=N("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N", "cvss_vector"))


# ================================================================ source_code
_ak2, _sk2 = aws_id(), aws_secret()
add("source_code", "en", """scripts/sync_invoices.py in the public repo (commit ⟦sha⟧, still there on main):

import boto3

# TODO move to env before go-live
session = boto3.Session(
    aws_access_key_id="⟦ak⟧",
    aws_secret_access_key="⟦sk⟧",
    region_name="eu-central-1",
)
s3 = session.client("s3")
""", sha=N(git_sha(), "git_sha"), ak=L(_ak2, "aws_access_key_id"), sk=L(_sk2, "aws_secret_key"))

add("source_code", "fr", """Dans le JAR décompilé de l'application de gestion (classe fr.mutuelle.batch.Config) :

public final class Config {
    // base de production — identifiants fournis par l'hébergeur
    static final String URL = "⟦url⟧";
    static final String USER = "batch_prod";
    static final String PASS = "⟦pw⟧";
    static final int PASSWORD_MIN_LENGTH = 12;
}""", url=N("jdbc:oracle:thin:@//db-mutuelle:1521/PROD", "jdbc_without_password"),
    pw=L("Mutu3lle#Batch", "password_assignment"))

add("source_code", "en", """For comparison, the fixed loader (Go) — everything comes from the environment; the constants are test vectors, not secrets:

package config

const (
	emptySHA256   = "⟦e⟧"
	sampleUUID    = "⟦u⟧"
	minPasswordLen = 12
	keyPlaceholder = "⟦ph⟧"
)

func Load() (*Config, error) {
	pw := os.Getenv("DB_PASSWORD") // never logged
	if len(pw) < minPasswordLen {
		return nil, errors.New("DB_PASSWORD too short")
	}
	return &Config{DSN: fmt.Sprintf("postgres://app:%s@%s/app", url.QueryEscape(pw), os.Getenv("DB_HOST"))}, nil
}""", e=N("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "sha256"), u=N(a_uuid(), "uuid"),
    ph=N("your-api-key-here", "placeholder"))

add("source_code", "fr", """Les tests de l'application embarquent un jeu de données réel (test/fixtures/clients.js) — ce ne sont pas des données fictives, les personnes existent :

module.exports = [
  { nom: 'Vasseur', prenom: 'Clémence', tel: '⟦t1⟧', iban: '⟦i1⟧', adresse: '⟦a1⟧' },
  { nom: 'Benali', prenom: 'Karim', tel: '⟦t2⟧', iban: '⟦i2⟧', adresse: '⟦a2⟧' },
];""", t1=L(fr_mobile(), "phone_number"), i1=L(iban("FR", spaced=False), "iban"),
    a1=L("5 rue Gambetta, 80000 Amiens", "postal_address"), t2=L(fr_mobile(), "phone_number"),
    i2=L(iban("FR", spaced=False), "iban"), a2=L("27 cours Lafayette, 69006 Lyon", "postal_address"))

add("source_code", "en", """wp-content/plugins/acme-mailer/config.php (served as text because of the .php.bak copy):

<?php
define('ACME_DB_HOST', 'localhost');
$db_user = 'wp_mailer';
$db_pass = '⟦p⟧';
$sendgrid_api_key = "⟦sg⟧";
// $old_key = 'SG.xxxxxxxx.yyyyyyyy';
""", p=L("m@iler-2023", "password_assignment"), sg=L(sendgrid(), "sendgrid_key"))

add("source_code", "fr", """appsettings.Production.json est ignoré par git, mais la chaîne est aussi codée en dur dans Program.cs :

var builder = WebApplication.CreateBuilder(args);
// provisoire, le temps que Key Vault soit en place
var cs = "⟦cs⟧";
builder.Services.AddDbContext<FacturationContext>(o => o.UseSqlServer(cs));""",
    cs=L("Server=tcp:sql-facturation.database.windows.net,1433;Initial Catalog=facturation;User ID=app_fact;Password=Fx!2024-Sql;Encrypt=True;",
         "connection_string", also=["azure_connection_string"]))

add("source_code", "en", """src/config/defaults.ts — flagged by my grep, but none of these is a secret:

export const DEFAULTS = {
  apiKey: process.env.API_KEY ?? '⟦ph1⟧',
  password: '⟦ph2⟧',
  sentryDsnPublicKey: '⟦hex⟧',
  brandColor: '#1a73e8',
  exampleCard: '⟦bad⟧', // fails Luhn on purpose, used to test the validator
  buildId: '⟦u⟧',
  token: '${TOKEN}',
};""", ph1=N("<YOUR_API_KEY>", "placeholder"), ph2=N("changeme-in-env", "placeholder"), hex=N(hexs(32), "public_key_id"),
    bad=N("4970 1012 3456 7891", "invalid_luhn"), u=N(a_uuid(), "uuid"))

_tw, _tws = twilio_sk(), hexs(32)
add("source_code", "fr", """notifications/sms.py (dépôt public du prestataire) :

from twilio.rest import Client

# clé API dédiée « prod-alertes »
TWILIO_KEY_SID = "⟦sid⟧"
TWILIO_KEY_SECRET = "⟦sec⟧"
TWILIO_ACCOUNT = "AC⟦acc⟧"
client = Client(TWILIO_KEY_SID, TWILIO_KEY_SECRET, TWILIO_ACCOUNT)""",
    sid=L(_tw, "twilio_key"), sec=L(_tws, "twilio_key", also=["password_assignment"]), acc=N(hexs(32), "account_sid"))

_pk = rsa_key()
add("source_code", "en", """SigningUtil.java — the vendor signs licence files with a key compiled into the client:

private static final String LICENSE_KEY_PEM =
    \"\"\"
⟦k⟧
    \"\"\";""", k=L(_pk, "private_key"))

add("source_code", "fr", """Tests unitaires du validateur (rien de réel : numéros de documentation et valeurs volontairement invalides) :

def test_iban_invalide():
    assert not iban_valide("⟦b1⟧")          # clé fausse
def test_carte_masquee():
    assert masque("⟦m⟧") == "**** **** **** 1234"
def test_siret():
    assert siret_valide("⟦s⟧")
def test_uuid():
    assert est_uuid("⟦u⟧")""", b1=N("FR76 3000 6000 0112 3456 7890 188", "invalid_iban"), m=N("XXXX XXXX XXXX 1234", "placeholder"),
    s=N(siret(), "siret"), u=N(a_uuid(), "uuid"))

_xb = slack_bot()
add("source_code", "en", """cmd/alertbot/main.go:

var (
	slackToken = "⟦t⟧" // bot for #ops-alerts
	channel    = "C04QX9ZLM2P"
)""", t=L(_xb, "slack_token"))

add("source_code", "fr", """webhooks/stripe.php — le secret de signature est commité, avec un commentaire sans équivoque :

<?php
// ne pas commiter !!! (trop tard)
$endpoint_secret = '⟦w⟧';
$payload = @file_get_contents('php://input');""", w=L(stripe("whsec_", 32), "stripe_key"))

add("source_code", "en", """AuthOptions.cs — the HMAC key for tokens. There's no "password" near it; the comment says "the shared secret we agreed on with the partner is" and then:

// the shared secret we agreed on with the partner is
// ⟦s⟧
var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Configuration["Jwt:Key"]));""",
    s=L("q7Vb!Zr2#Kp9-Lm4&Wx8", "password_assignment"))

add("source_code", "fr", """Module de hachage (extrait, propre) — les constantes sont des sels publics et des OID :

SEL_PUBLIC = bytes.fromhex("⟦salt⟧")
OID_SHA256 = "⟦oid⟧"
EMPREINTE_CLE_PSIRT = "⟦fp⟧"
VERSION = "2.3.0"
MOT_DE_PASSE = "⟦r⟧"
""", salt=N(hexs(32), "public_salt"), oid=N("2.16.840.1.101.3.4.2.1", "oid"),
    fp=N(pgp_fp_luhn(), "pgp_fingerprint_luhn"), r=N("[redacted]", "redacted"))

add("source_code", "en", """tests/fixtures/users.json (committed) — mostly fake, but two entries are real customers copied from prod:

[
  {"name": "Jane Doe", "email": "⟦ex⟧", "ssn": "⟦exs⟧"},
  {"name": "Rashida Quinlan", "email": "⟦e1⟧", "ssn": "⟦s1⟧", "dob": "⟦d1⟧"},
  {"name": "Otto Brandvold", "email": "⟦e2⟧", "ssn": "⟦s2⟧", "dob": "⟦d2⟧"}
]""", ex=info("jane.doe@example.com", "email_address"), exs=N("000-00-0000", "invalid_ssn"),
    e1=L("rquinlan@comcast.net", "email_address"), s1=L(ssn(), "national_id"), d1=L("1969-09-09", "date_of_birth"),
    e2=L("otto.brandvold@icloud.com", "email_address"), s2=L(ssn(), "national_id"), d2=L("1990-01-31", "date_of_birth"))


# =============================================================== k8s_manifest
_ak3, _sk3 = aws_id(), aws_secret()
add("k8s_manifest", "en", """kubectl get secret backup-creds -n platform -o yaml  (readable by the "viewer" ClusterRole because of the wildcard rule):

apiVersion: v1
kind: Secret
metadata:
  name: backup-creds
  namespace: platform
  uid: ⟦u⟧
type: Opaque
data:
  AWS_ACCESS_KEY_ID: ⟦a⟧
  AWS_SECRET_ACCESS_KEY: ⟦s⟧
  BUCKET: ⟦bk⟧
  RESTIC_PASSWORD: ⟦r⟧""", u=N(a_uuid(), "uuid"), a=L(b64(_ak3), "aws_access_key_id"), s=L(b64(_sk3), "aws_secret_key"),
    bk=N(b64("acme-backups-eu"), "base64_non_secret"), r=L(b64("restic-Gl4cier-2024"), "password_assignment"))

add("k8s_manifest", "fr", """values-prod.yaml du chart Helm, publié par erreur dans le dépôt public « charts » :

postgresql:
  auth:
    username: facturation
    password: "⟦p1⟧"
    postgresPassword: ⟦p2⟧
smtp:
  host: smtp.mailjet.com
  user: ⟦u⟧
  password: ⟦p3⟧
replicaCount: 3
image:
  tag: "2.8.1\"""", p1=L("F@ct-2024-pg", "password_assignment"), p2=L("pgAdm1n-Root", "password_assignment"),
    u=N(hexs(32), "api_key_id"), p3=L(hexs(32), "password_assignment"))

add("k8s_manifest", "en", """The fixed manifest (for the record: only references and placeholders now):

apiVersion: v1
kind: Secret
metadata: {name: app-secrets}
type: Opaque
stringData:
  DB_PASSWORD: "⟦p1⟧"
  API_TOKEN: "⟦p2⟧"
---
apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data:
  FEATURE_FLAGS: "⟦ff⟧"   # base64 of {"beta":true}
  LOG_LEVEL: info
  PASSWORD_MIN_LENGTH: "12\"""", p1=N("${DB_PASSWORD}", "placeholder"), p2=N("REPLACE_ME", "placeholder"),
    ff=N(b64('{"beta":true}'), "base64_non_secret"))

add("k8s_manifest", "fr", """docker-compose.yml à la racine du site (https://…/docker-compose.yml répond 200) :

services:
  db:
    image: mariadb:11.2
    environment:
      MYSQL_ROOT_PASSWORD: ⟦p1⟧
      MYSQL_DATABASE: boutique
  app:
    image: boutique/app:4.1
    environment:
      - REDIS_URL=⟦r⟧
      - ADMIN_EMAIL=⟦e⟧
      - APP_SECRET=⟦s⟧""", p1=L("R00t-Boutique!", "password_assignment"),
    r=L("redis://:c4che-B0utique@redis:6379/0", "connection_string", also=["url_credentials"]),
    e=L("sylvain.ferrand@boutique-des-alpes.fr", "email_address"), s=L(hexs(40), "password_assignment"))

_dockercfg = json.dumps({"auths": {"registry.gitlab.com": {"auth": b64("deploy-bot:" + gitlab())}}}, separators=(",", ":"))
add("k8s_manifest", "en", """imagePullSecret in the Helm release history (helm get manifest), decoded shows a GitLab deploy token:

apiVersion: v1
kind: Secret
metadata:
  name: regcred
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: ⟦d⟧""", d=L(b64(_dockercfg), "password_assignment", also=["gitlab_token"]))

add("k8s_manifest", "fr", """Deployment corrigé (propre) : image épinglée par empreinte, secrets par référence :

apiVersion: apps/v1
kind: Deployment
metadata: {name: api, labels: {app: api, version: "3.2.0"}}
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.org/api@sha256:⟦dg⟧
          env:
            - name: DB_PASSWORD
              valueFrom: {secretKeyRef: {name: api-db, key: password}}
            - name: DB_HOST
              value: ⟦h⟧
          resources: {limits: {cpu: "500m", memory: 512Mi}}""", dg=N(sha256(), "sha256"),
    h=N("pg-primary.data.svc.cluster.local", "infrastructure_info"))

add("k8s_manifest", "en", """Helm values for the monitoring stack (values.yaml in the chart's public repo):

alertmanager:
  config:
    receivers:
      - name: slack
        slack_configs:
          - api_url: ⟦wh⟧
            channel: '#alerts'
grafana:
  adminPassword: ⟦p⟧
  plugins:
    maps:
      googleApiKey: ⟦gk⟧""", wh=L(slack_hook(), "slack_webhook"), p=L("prom-Gr4fana", "password_assignment"),
    gk=L(google_key(), "google_api_key"))

_ec = ec_key()
add("k8s_manifest", "fr", """Secret TLS récupéré avec le jeton du compte de service « lecture » :

apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata: {name: portail-tls, namespace: front}
data:
  tls.crt: ⟦crt⟧
  tls.key: ⟦key⟧""", crt=N(b64(pem("CERTIFICATE", 300))[:120] + "...", "certificate"), key=L(b64(_ec + "\n"), "private_key"))

add("k8s_manifest", "en", """docker-compose.override.yml shipped in the appliance image:

services:
  pgadmin:
    image: dpage/pgadmin4:8.3
    environment:
      PGADMIN_DEFAULT_EMAIL: ⟦e⟧
      PGADMIN_DEFAULT_PASSWORD: ⟦p⟧
  worker:
    environment:
      DATABASE_URL: ⟦db⟧""", e=L("k.ostrowski@tidewater-analytics.com", "email_address"), p=L("pgadmin-Tide!", "password_assignment"),
    db=L("postgresql://worker:W0rk3r-Tide@db:5432/analytics?sslmode=disable", "connection_string", also=["url_credentials"]))

add("k8s_manifest", "fr", """kustomization.yaml (propre) — le générateur lit des fichiers hors dépôt :

secretGenerator:
  - name: app-secrets
    files:
      - mot_de_passe=secrets/mdp.txt     # non versionné
    literals:
      - MODE=production
      - JETON=⟦p⟧
images:
  - name: app
    newTag: 1.19.4
    digest: sha256:⟦dg⟧
commonAnnotations:
  contact: ⟦psirt⟧""", p=N("<à-remplir>", "placeholder"), dg=N(sha256(), "sha256"), psirt=N("psirt@thalesgroup.com", "psirt_address"))

_gh2 = ghp()
add("k8s_manifest", "en", """Argo CD repository secret (argocd namespace), readable through the exposed API server:

apiVersion: v1
kind: Secret
metadata:
  name: repo-infra
  labels: {argocd.argoproj.io/secret-type: repository}
stringData:
  type: git
  url: https://github.com/harborlane/infra
  username: harborlane-ci
  password: ⟦t⟧""", t=L(_gh2, "github_token", also=["password_assignment"]))

add("k8s_manifest", "fr", """CronJob d'envoi des relances (manifeste complet dans le dépôt du prestataire) :

apiVersion: batch/v1
kind: CronJob
metadata: {name: relances}
spec:
  schedule: "0 7 * * 1-5"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: relances
              image: relances:2.0.3
              env:
                - {name: SENDGRID_API_KEY, value: "⟦sg⟧"}
                - {name: COPIE_CACHEE, value: "⟦e⟧"}""", sg=L(sendgrid(), "sendgrid_key"),
    e=L("josiane.perrin.perso@gmail.com", "email_address"))

# ================================================================== terraform
_ak4, _sk4 = aws_id(), aws_secret()
add("terraform", "en", """terraform.tfstate in the public bucket (resource excerpt):

{
  "mode": "managed", "type": "aws_iam_access_key", "name": "ci",
  "instances": [{
    "schema_version": 0,
    "attributes": {
      "id": "⟦ak⟧",
      "secret": "⟦sk⟧",
      "ses_smtp_password_v4": "⟦smtp⟧",
      "status": "Active",
      "user": "ci-deployer",
      "create_date": "2024-06-11T08:02:19Z"
    }
  }]
}""", ak=L(_ak4, "aws_access_key_id"), sk=L(_sk4, "aws_secret_key"),
    smtp=L("B" + rs(43, ALNUM + "/+"), "password_assignment", also=["aws_secret_key"]))

add("terraform", "fr", """terraform.tfvars commité dans le dépôt « infra-recette » (visible publiquement) :

region          = "eu-west-3"
db_username     = "admin_recette"
db_password     = "⟦p⟧"
alert_email     = "⟦e⟧"
bastion_cidr    = "⟦c⟧"
instance_type   = "t3.medium\"""", p=L("Rec3tte!Aurora", "password_assignment"),
    e=L("thibault.marechal@gmail.com", "email_address"), c=ip("10.60.0.0/24"))

add("terraform", "en", """prod.auto.tfvars and the module call after the fix — nothing sensitive left, for your review:

db_password_secret_arn = "arn:aws:secretsmanager:eu-west-1:⟦acct⟧:secret:prod/db-⟦sfx⟧"
password_min_length    = 16
kms_key_id             = "⟦kid⟧"

resource "random_password" "db" {
  length  = 32
  special = true
}
variable "api_token" {
  type      = string
  sensitive = true
}""", acct=N("123456789012", "aws_account_id"), sfx=N(rs(6), "arn_suffix"), kid=N(a_uuid(), "uuid"))

add("terraform", "fr", """Extrait du terraform.tfstate (backend local commité dans le dépôt) — ressource azurerm_storage_account :

"attributes": {
  "name": "stfacturesprod01",
  "primary_access_key": "⟦k⟧",
  "primary_connection_string": "⟦cs⟧",
  "primary_blob_endpoint": "https://stfacturesprod01.blob.core.windows.net/"
}""", k=L(base64.b64encode(rbytes(64)).decode(), "azure_connection_string", also=["password_assignment"]),
    cs=L(azure_conn("stfacturesprod01"), "azure_connection_string"))

_gsa = {"type": "service_account", "project_id": "harvest-analytics-prod", "private_key_id": hexs(40),
        "private_key": pem("PRIVATE KEY", 900).replace("\n", "\\n") + "\\n",
        "client_email": "tf-runner@harvest-analytics-prod.iam.gserviceaccount.com", "client_id": digits(21)}
_gsa_json = json.dumps(_gsa, indent=2).replace("\\\\n", "\\n")
add("terraform", "en", """The state also holds the decoded service-account key (google_service_account_key.tf_runner, attribute private_key, base64-decoded here):

⟦k⟧""", k=L(_gsa_json, "gcp_service_account", also=["private_key"]))

add("terraform", "fr", """main.tf (propre) — le module réseau, pour situer la passerelle vulnérable :

module "reseau" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.5.1"
  cidr    = "⟦c1⟧"
  private_subnets = ["⟦c2⟧", "10.42.2.0/24"]
}
data "aws_ami" "base" { owners = ["⟦own⟧"] }
output "passerelle" { value = "⟦h⟧" }""", c1=N("10.42.0.0/16", "infrastructure_info"), c2=N("10.42.1.0/24", "infrastructure_info"),
    own=N("099720109477", "aws_account_id"), h=N("gw01.reseau.interne", "infrastructure_info"))

_gh3 = ghp()
add("terraform", "en", """providers.tf in the same repo:

provider "github" {
  owner = "lumenforge"
  token = "⟦t⟧"   # TODO: use GITHUB_TOKEN
}""", t=L(_gh3, "github_token"))

add("terraform", "fr", """oncall.tfvars (astreinte PagerDuty) — numéros personnels des ingénieurs :

astreinte = [
  { nom = "Bastien Roux",     email = "⟦e1⟧", mobile = "⟦t1⟧" },
  { nom = "Inès Fontaine",    email = "⟦e2⟧", mobile = "⟦t2⟧" },
  { nom = "Support standard", email = "⟦pub⟧", mobile = "⟦std⟧" },
]""", e1=L("bastien.roux.pro@gmail.com", "email_address"), t1=L(fr_mobile(True), "phone_number"),
    e2=L("ines.fontaine@free.fr", "email_address"), t2=L(fr_mobile(True), "phone_number"),
    pub=N("support@exemple-saas.fr", "company_contact"), std=N("+33 1 70 00 00 00", "company_switchboard"))

add("terraform", "en", """terraform show (state excerpt) for module.db:

# random_password.master:
resource "random_password" "master" {
    id      = "none"
    length  = 24
    result  = (sensitive value)
}
# aws_db_instance.main:
resource "aws_db_instance" "main" {
    address  = "⟦h⟧"
    password = "⟦p⟧"
    username = "master"
}""", h=host("prod-main.c9xk2lq1mz7a.eu-west-1.rds.amazonaws.com"), p=L("Qz8!vR2m#Lt6@Wn4pKx9&Hb3", "password_assignment"))

add("terraform", "fr", """Sortie de terraform plan (propre : les valeurs sensibles sont masquées par Terraform) :

  # aws_ssm_parameter.api_key will be updated in-place
  ~ resource "aws_ssm_parameter" "api_key" {
        id    = "/prod/api/key"
      ~ value = (sensitive value)
        tags  = { "version" = "4.2.0" }
    }
  # aws_instance.web will be created
  + resource "aws_instance" "web" {
      + private_ip = (known after apply)
      + ami        = "ami-0c55b159cbfafe1f0"
    }
Plan: 1 to add, 1 to change, 0 to destroy.""")

add("terraform", "en", """lambda.tfvars — the summarizer function's environment:

lambda_env = {
  ANTHROPIC_API_KEY = "⟦k⟧"
  HF_TOKEN          = "⟦h⟧"
  LOG_LEVEL         = "debug"
}""", k=L(anthropic_key(), "ai_api_key"), h=L(hf_key(), "ai_api_key"))

add("terraform", "fr", """tfstate — ressource tls_private_key générée pour le bastion (la clé privée est en clair dans l'état) :

"type": "tls_private_key", "name": "bastion",
"attributes": {
  "algorithm": "ED25519",
  "public_key_openssh": "⟦pub⟧",
  "private_key_openssh": "⟦k⟧"
}""", pub=N(ssh_pub(), "public_key"), k=L(openssh_key().replace("\n", "\\n"), "private_key"))


# ================================================================== sql_dump
add("sql_dump", "en", """From backup_2025-02-28.sql (world-readable under /backup/ on the web root):

INSERT INTO `users` (`id`,`email`,`password_hash`,`phone`,`created_at`) VALUES
(1,'⟦e1⟧','⟦h1⟧','⟦p1⟧','2020-03-11 09:12:00'),
(2,'⟦e2⟧','⟦h2⟧',NULL,'2020-03-12 17:40:31'),
(3,'⟦qe⟧','⟦h3⟧','⟦qp⟧','2021-01-01 00:00:00');""", qe=info("qa+test@example.com", "email_address"), qp=info("+1 212 555 0187", "phone_number"),
    e1=L("marguerite.tan@hey.com", "email_address"), h1=L(bcrypt(), "password_hash"), p1=L(us_phone(), "phone_number"),
    e2=L("d.achebe-lowry@proton.me", "email_address"), h2=L(bcrypt(), "password_hash"), h3=L(bcrypt(), "password_hash"))

add("sql_dump", "fr", """dump_cabinet.sql (logiciel de cabinet médical, sauvegarde exposée sur le NAS) :

INSERT INTO patients (id, nom, prenom, date_naissance, nir, diagnostic, traitement) VALUES
(4471, 'Labbé', 'Sidonie', '⟦d1⟧', '⟦n1⟧', '⟦x1⟧', '⟦t1⟧'),
(4472, 'Nguyen', 'Bao', '⟦d2⟧', '⟦n2⟧', '⟦x2⟧', NULL);""",
    d1=L("1967-12-01", "date_of_birth"), n1=L(nir("2", 67, 12, "44", spaced=False), "national_id"),
    x1=L("cancer du sein HER2+", "health_data"), t1=L("trastuzumab, cure 4/6", "health_data"),
    d2=L("2012-06-18", "date_of_birth"), n2=L(nir("1", 12, 6, "44", spaced=False), "national_id"),
    x2=L("épilepsie absence", "health_data"))

add("sql_dump", "en", """Schema and reference data from the product's install script (clean; posted to show the vulnerable view):

CREATE TABLE products (id uuid PRIMARY KEY, sku text NOT NULL, price_cents int, checksum char(64));
INSERT INTO products VALUES ('⟦u1⟧','SKU-88-2291',129900,'⟦h1⟧');
INSERT INTO products VALUES ('⟦u2⟧','SKU-88-2292',4990,'⟦h2⟧');
INSERT INTO settings (key, value) VALUES ('password_min_length','12'), ('session_ttl','3600'), ('smtp_password','⟦ph⟧');
CREATE VIEW v_orders AS SELECT * FROM orders WHERE tenant_id = current_setting('app.tenant')::uuid;""",
    u1=N(a_uuid(), "uuid"), h1=N(sha256(), "sha256"), u2=N(a_uuid(), "uuid"), h2=N(sha256(), "sha256"), ph=N("********", "placeholder"))

add("sql_dump", "fr", """Extrait de clients.sql (table « prelevements ») :

INSERT INTO prelevements (ref_mandat, titulaire, iban, adresse, date_signature) VALUES
('RUM-2023-000917','Morvan Éloïse','⟦i1⟧','⟦a1⟧','⟦s1⟧'),
('RUM-2023-000918','Achour Nadia','⟦i2⟧','⟦a2⟧','2023-05-22');""",
    i1=L(iban("FR", spaced=False), "iban"), a1=L("Kervoalic, 29760 Penmarc'h", "postal_address"),
    s1=N("2023-05-19", "date_not_birth"), i2=L(iban("LU", spaced=False), "iban"),
    a2=L("12 rue de Hollerich, L-1741 Luxembourg", "postal_address"))

add("sql_dump", "en", """wp_users from the leaked WordPress dump:

INSERT INTO `wp_users` VALUES (1,'admin','⟦h1⟧','admin','⟦e1⟧','','2017-03-02 10:11:12','',0,'Site Admin'),
(7,'fionagallagher','⟦h2⟧','fionagallagher','⟦e2⟧','https://fionabakes.ie','2019-08-30 19:02:44','',0,'Fiona G');""",
    h1=L("$P$B" + rs(30, "./" + ALNUM), "password_hash"), e1=L("webmaster@kilbride-bakery.ie", "email_address", optional=True),
    h2=L("$P$B" + rs(30, "./" + ALNUM), "password_hash"), e2=L("fiona.gallagher77@eircom.net", "email_address"))

add("sql_dump", "fr", """Paramètres de l'application (dump propre, valeurs par défaut du produit) :

INSERT INTO parametres (cle, valeur) VALUES
('mdp_longueur_min', '12'),
('mdp_expiration_jours', '90'),
('smtp_mot_de_passe', '⟦r⟧'),
('version_schema', '2024.11.3'),
('empreinte_cle_publique', '⟦fp⟧'),
('contact_securite', '⟦ps⟧');""", r=N("REDACTED", "redacted"), fp=N(pgp_fp_luhn(), "pgp_fingerprint_luhn"),
    ps=N("psirt@thalesgroup.com", "psirt_address"))

_c1, _c2 = card("amex"), card("mc2")
add("sql_dump", "en", """payments table (legacy, pre-tokenisation) still present in the nightly dump:

INSERT INTO payments (id, customer_id, pan, exp, cvv, amount) VALUES
(90211, 3317, '⟦c1⟧', '04/26', '⟦v1⟧', 249.00),
(90212, 3318, '⟦c2⟧', '12/27', '⟦v2⟧', 18.75),
(90213, 3319, '⟦ex⟧', '01/30', '123', 1.00);""",
    c1=L(_c1, "payment_card"), v1=L("4417", "payment_card", optional=True), c2=L(_c2, "payment_card"),
    v2=L("082", "payment_card", optional=True), ex=info("4242424242424242", "payment_card"))

add("sql_dump", "fr", """Table « employes » du SIRH (dump mysqldump) :

INSERT INTO employes (matricule, nom, salaire_brut_annuel, evaluation, commentaire_rh) VALUES
('M2291','Tessier Grégoire',⟦s1⟧,'⟦e1⟧','⟦c1⟧'),
('M2304','Akinyi Wanjiru',⟦s2⟧,'B',NULL);""",
    s1=L("61200.00", "employment_data"), e1=L("D", "employment_data", optional=True),
    c1=L("licenciement pour insuffisance envisagé, entretien préalable le 12/03", "employment_data"),
    s2=L("47850.00", "employment_data"))

add("sql_dump", "en", """api_keys table of the multi-tenant admin DB:

INSERT INTO api_keys (tenant, provider, secret, created_by) VALUES
('globex', 'stripe', '⟦s1⟧', 'ops@globex.example'),
('initech', 'stripe', '⟦s2⟧', 'pbolton'),
('hooli', 'stripe', '⟦pk⟧', 'gbelson');""", s1=L(stripe("sk_live_", 99), "stripe_key"),
    s2=L(stripe("rk_live_", 99), "stripe_key"), pk=N(stripe("pk_live_", 99), "publishable_key"))

_pps = [("FRA", "20" + rs(2, string.ascii_uppercase) + digits(5)), ("ITA", rs(2, string.ascii_uppercase) + digits(7))]
add("sql_dump", "fr", """COPY depuis la sauvegarde PostgreSQL de l'agence (séparateur tabulation) :

COPY public.voyageurs (id, nom, nationalite, passeport, naissance, pnr) FROM stdin;
311	GIRAUD Mathis	FRA	⟦p1⟧	⟦d1⟧	⟦r1⟧
312	RINALDI Chiara	ITA	⟦p2⟧	⟦d2⟧	⟦r2⟧
\\.""", p1=L(_pps[0][1], "identity_document"), d1=L("2003-03-09", "date_of_birth"), r1=L(pnr(), "travel_record"),
    p2=L(_pps[1][1], "identity_document"), d2=L("1998-07-25", "date_of_birth"), r2=L(pnr(), "travel_record"))

add("sql_dump", "en", """The sanitized dump the vendor sends to support (clean — good example of what should be shared):

INSERT INTO customers (id, name, email, phone, notes) VALUES
(1, 'Customer 1', '⟦r1⟧', '⟦r2⟧', 'REDACTED'),
(2, 'Customer 2', 'user2@redacted.invalid', 'xxx-xxx-xxxx', NULL);
-- dump sha256 ⟦h⟧, generated 2025-03-03 04:00 UTC by pg_dump 16.2""",
    r1=N("[redacted]", "redacted"), r2=N("xxx-xxx-xxxx", "placeholder"), h=N(sha256(), "sha256"))

add("sql_dump", "fr", """Table des réservations (extrait du dump) — le champ « note » contient parfois des informations de santé :

INSERT INTO reservations (pnr, passager, vol, date_vol, siege, note) VALUES
('⟦r⟧', 'LEFEUVRE/ARMELLE MME', 'AF7712', '2025-04-02', '⟦s⟧', '⟦n⟧'),
('⟦r2⟧', 'PHAM/DUC M', 'AF1496', '2025-04-03', '⟦s2⟧', NULL);""",
    r=L(pnr(), "travel_record"), s=L("02A", "travel_record", optional=True),
    n=L("fauteuil roulant, dialyse le lendemain", "health_data"), r2=L(pnr(), "travel_record"),
    s2=L("27F", "travel_record", optional=True))


# ================================================================ stack_trace
add("stack_trace", "en", """The 500 page in debug mode shows locals (Werkzeug debugger, production):

Traceback (most recent call last):
  File "/srv/app/billing/sync.py", line 88, in push_invoice
    conn = ftplib.FTP_TLS(host, user, password)
      host = '⟦h⟧'
      user = 'billing_sync'
      password = '⟦p⟧'
      invoice_id = 'INV-2025-004417'
ftplib.error_perm: 530 Login incorrect.""", h=host("ftp.billing.int"), p=L("Sync#Bill-2025", "password_assignment"))

add("stack_trace", "fr", """Trace Java renvoyée dans la réponse HTTP 500 (aucune authentification nécessaire pour la déclencher) :

org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection; nested exception is java.sql.SQLException: Cannot create PoolableConnectionFactory (url=⟦u⟧)
	at org.springframework.jdbc.datasource.DataSourceUtils.getConnection(DataSourceUtils.java:84)
	at fr.collectivite.etatcivil.dao.ActeDao.rechercher(ActeDao.java:112)
	at fr.collectivite.etatcivil.web.ActeController.liste(ActeController.java:57)""",
    u=L("jdbc:postgresql://10.31.0.12:5432/etatcivil?user=etatcivil_app&password=EtatC1v!l-2024", "connection_string"))

add("stack_trace", "en", """Crash when the report generator gets an empty list (clean trace, attached for the DoS finding):

java.lang.NullPointerException: Cannot invoke "java.util.List.size()" because "rows" is null
	at com.acme.reports.PdfBuilder.render(PdfBuilder.java:211)
	at com.acme.reports.ReportService.export(ReportService.java:94)
	at java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)
Caused by: build ⟦sha⟧, reports-core 5.4.2, request ⟦u⟧, at ⟦ts⟧""",
    sha=N(git_sha(), "git_sha"), u=N(a_uuid(), "uuid"), ts=N("2025-03-04T16:20:55.013Z", "timestamp"))

add("stack_trace", "fr", """Erreur Node.js affichée par le serveur de recette, l'objet de configuration est sérialisé dans le message :

TypeError: Cannot read properties of undefined (reading 'customerId')
    at createCharge (/app/src/paiement.js:41:27)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
  config: {
    env: 'recette',
    stripeKey: '⟦k⟧',
    mongoUri: '⟦m⟧',
    logLevel: 'debug'
  }""", k=L(stripe("sk_live_", 24), "stripe_key"),
    m=L("mongodb+srv://paiement:P4iem3nt-Mongo@cluster0.x7kq2.mongodb.net/paiements", "connection_string", also=["url_credentials"]))

_appkey = "base64:" + base64.b64encode(rbytes(32)).decode()
add("stack_trace", "en", """Laravel Ignition page (APP_DEBUG=true) — the "Environment" tab:

Illuminate\\Database\\QueryException: SQLSTATE[HY000] [2002] Connection refused
APP_ENV      production
APP_KEY      ⟦k⟧
DB_HOST      ⟦ip⟧
DB_USERNAME  forge
DB_PASSWORD  ⟦p⟧
MAIL_PASSWORD ⟦mp⟧""", k=L(_appkey, "password_assignment"), ip=ip("10.114.0.3"), p=L("fX2hL9pQw3eRt7", "password_assignment"),
    mp=L(hexs(32), "password_assignment"))

_pan3 = card("visa")
add("stack_trace", "fr", """Page de débogage Django (DEBUG=True en production) — section « Request information » :

POST
  numero_carte = '⟦c⟧'
  titulaire = 'Clarisse Vauquelin'
  csrfmiddlewaretoken = '⟦csrf⟧'
META
  HTTP_AUTHORIZATION = '⟦auth⟧'
  HTTP_COOKIE = 'sessionid=⟦sid⟧; csrftoken=⟦csrf2⟧'
  SERVER_NAME = '⟦h⟧'""", c=L(_pan3, "payment_card"), csrf=N(rs(64), "csrf_token"),
    auth=L("Token " + hexs(40), "authorization_header"), sid=L(rs(32, string.ascii_lowercase + string.digits), "session_cookie"),
    csrf2=N(rs(32), "csrf_token"), h=host("web-prod-2.boutique.local"))

add("stack_trace", "en", """Go panic from the KYC worker (printed with %+v, so the struct is dumped):

panic: verification failed: &kyc.Applicant{ID:"app_7Hq2", FullName:"Delphine Okeke-Marsh", SSN:"⟦s⟧", DOB:time.Date(⟦d⟧, time.UTC), Address:"⟦a⟧"}

goroutine 41 [running]:
github.com/northwind/kyc/worker.(*Verifier).Run(0xc0001b2000)
	/build/worker/verify.go:133 +0x3e5""", s=L(ssn(), "national_id"), d=L("1984, time.August, 3, 0, 0, 0, 0", "date_of_birth"),
    a=L("88 Elm Hollow Rd, Montpelier, VT 05602", "postal_address"))

add("stack_trace", "fr", """Exception .NET (propre — les secrets sont masqués par le middleware, je la joins pour la ligne fautive) :

System.UnauthorizedAccessException: Accès refusé au chemin 'D:\\\\exports\\\\2025\\\\'.
   à Acme.Exports.Writer.Flush() dans C:\\\\src\\\\Exports\\\\Writer.cs:ligne 77
   à Acme.Exports.Job.Run(JobContext ctx) dans C:\\\\src\\\\Exports\\\\Job.cs:ligne 31
ctx = { Utilisateur = "svc-export", MotDePasse = "⟦r⟧", Jeton = "⟦r2⟧", Version = "8.0.2", Id = ⟦u⟧ }""",
    r=N("***", "redacted"), r2=N("[REDACTED]", "redacted"), u=N(a_uuid(), "uuid"))

add("stack_trace", "en", """Rails log for the crash — the password is filtered, but the new field `ssn` was never added to filter_parameters:

Started POST "/applications" for 203.0.113.55 at 2025-02-26 11:04:12 +0000
Processing by ApplicationsController#create as JSON
  Parameters: {"applicant"=>{"email"=>"⟦e⟧", "password"=>"⟦f⟧", "ssn"=>"⟦s⟧", "income"=>"⟦i⟧"}}
Completed 500 Internal Server Error in 38ms
NoMethodError (undefined method `strip' for nil:NilClass):
  app/services/credit_check.rb:22:in `normalize'""", e=L("w.achterberg@gmail.com", "email_address"), f=N("[FILTERED]", "redacted"),
    s=L(ssn(dashed=False), "national_id"), i=L("84000", "employment_data", optional=True))

add("stack_trace", "fr", """Erreur de validation pydantic renvoyée telle quelle au client :

pydantic_core._pydantic_core.ValidationError: 2 validation errors for DemandeRemboursement
iban
  Value error, clé de contrôle invalide [type=value_error, input_value='⟦ib⟧', input_type=str]
date_naissance
  Input should be a valid date [type=date_from_datetime_parsing, input_value='⟦d⟧', input_type=str]""",
    ib=L(iban("FR")[:-1] + "0", "iban", optional=True), d=L("31/04/1977", "date_of_birth"))

_ak5, _sk5 = aws_id("ASIA"), aws_secret()
_st5 = aws_session()
add("stack_trace", "en", """Java exception from the export service; the SDK's credentials object has a toString() that prints everything:

software.amazon.awssdk.services.s3.model.S3Exception: Access Denied (Service: S3, Status Code: 403, Request ID: ⟦rid⟧)
	at software.amazon.awssdk.core.internal.http.CombinedResponseHandler.handleErrorResponse(CombinedResponseHandler.java:125)
	at com.acme.export.S3Uploader.put(S3Uploader.java:64)
credentials=AwsSessionCredentials(accessKeyId=⟦a⟧, secretAccessKey=⟦s⟧, sessionToken=⟦t⟧)""",
    rid=N(rs(16, string.ascii_uppercase + string.digits), "request_id"), a=L(_ak5, "aws_access_key_id"),
    s=L(_sk5, "aws_secret_key"), t=L(_st5, "aws_secret_key"))

add("stack_trace", "fr", """Trace Python (propre) — l'erreur de TLS sur l'appel à l'API, rien de sensible :

Traceback (most recent call last):
  File "/opt/connecteur/client.py", line 54, in appeler
    r = session.get(url, timeout=10, headers={"Authorization": f"Bearer {jeton}"})
  File "/usr/lib/python3.11/site-packages/requests/adapters.py", line 517, in send
    raise SSLError(e, request=request)
requests.exceptions.SSLError: HTTPSConnectionPool(host='api.example.net', port=443): certificate verify failed (_ssl.c:1006)
    url = 'https://api.example.net/v2/sync?since=⟦ts⟧'
    jeton = '⟦ph⟧'""", ts=N("2025-03-01T00:00:00Z", "timestamp"), ph=N("<TOKEN>", "placeholder"))

_xp = slack_bot("xoxp")
add("stack_trace", "en", """Rust panic with RUST_BACKTRACE=1; the config struct derives Debug:

thread 'main' panicked at src/notify.rs:48:10:
called `Result::unwrap()` on an `Err` value: Config { slack_token: "⟦t⟧", channel: "#deploys", retries: 3 }
stack backtrace:
   0: rust_begin_unwind
   1: core::panicking::panic_fmt
   2: deployer::notify::send""", t=L(_xp, "slack_token"))

# ============================================================ graphql_or_grpc
add("graphql_or_grpc", "en", """Captured GraphQL login mutation (the app sends it over plain HTTP on the hotel Wi-Fi portal):

{"operationName":"Login","variables":{"input":{"email":"⟦e⟧","password":"⟦p⟧","remember":true}},
 "query":"mutation Login($input: LoginInput!) { login(input: $input) { token user { id } } }"}""",
    e=L("guest.r.kaminski@gmail.com", "email_address"), p=L("Marzipan-1989", "password_assignment"))

add("graphql_or_grpc", "fr", """La requête GraphQL `utilisateurs` n'exige aucun rôle ; réponse obtenue avec un compte gratuit :

query { utilisateurs(premier: 2) { nom email telephone adresse dateNaissance } }

{"data":{"utilisateurs":[
 {"nom":"Gwenaëlle Le Floc'h","email":"⟦e1⟧","telephone":"⟦t1⟧","adresse":"⟦a1⟧","dateNaissance":"⟦d1⟧"},
 {"nom":"Rémi Castagnet","email":"⟦e2⟧","telephone":null,"adresse":"⟦a2⟧","dateNaissance":"⟦d2⟧"}]}}""",
    e1=L("gwen.lefloch@orange.fr", "email_address"), t1=L(fr_mobile(), "phone_number"),
    a1=L("4 venelle des Korrigans, 22500 Paimpol", "postal_address"), d1=L("1982-03-17", "date_of_birth"),
    e2=L("remi.castagnet@laposte.net", "email_address"), a2=L("Chemin de Peyrelongue, 40000 Mont-de-Marsan", "postal_address"),
    d2=L("1959-10-30", "date_of_birth"))

add("graphql_or_grpc", "en", """Introspection is enabled (low severity on its own) — excerpt of the answer, nothing sensitive:

{"data":{"__schema":{"queryType":{"name":"Query"},"types":[
  {"kind":"OBJECT","name":"User","fields":[{"name":"id"},{"name":"email"},{"name":"passwordHash"},{"name":"apiToken"}]},
  {"kind":"SCALAR","name":"UUID","description":"e.g. ⟦u⟧"},
  {"kind":"INPUT_OBJECT","name":"LoginInput","fields":[{"name":"email"},{"name":"password","defaultValue":"⟦d⟧"}]}]}},
 "extensions":{"schemaHash":"⟦h⟧","version":"1.31.0"}}""", u=N(a_uuid(), "uuid"), d=N("null", "placeholder"), h=N(sha256(), "sha256"))

add("graphql_or_grpc", "fr", """grpcurl -plaintext 10.50.2.8:50051 banque.v1.Clients/Obtenir -d '{"id":"C-000812"}' (aucune authentification sur le port interne) :

{
  "id": "C-000812",
  "nomComplet": "Hervé Lacombe-Dutertre",
  "iban": "⟦ib⟧",
  "dateNaissance": "⟦d⟧",
  "numeroFiscal": "⟦nf⟧",
  "agence": "⟦h⟧"
}""", ib=L(iban("MC"), "iban"), d=L("1971-01-26", "date_of_birth"), nf=L(R.choice("0123") + digits(12), "tax_record"),
    h=host("agence-nice-03.banque.local"))

_jw6 = jwt({"sub": "user:88120", "email": "t.vinogradova@klarwerk.de", "role": "customer", "exp": 1741600000}, "ES256")
add("graphql_or_grpc", "en", """grpc-web request as captured in the browser's devtools (protobuf text rendering by the extension):

:path: /orders.v2.OrderService/ListOrders
authorization: Bearer ⟦t⟧
x-grpc-web: 1
request {
  customer_id: "88120"
  page_size: 50
}""", t=L(_jw6, "authorization_header", also=["jwt"]))

add("graphql_or_grpc", "fr", """Sortie de grpcurl pour les services exposés (propre : noms de services et bilan de santé uniquement) :

$ grpcurl -plaintext ⟦ip⟧:50051 list
grpc.health.v1.Health
grpc.reflection.v1alpha.ServerReflection
facturation.v3.Factures
$ grpcurl -plaintext ⟦ip2⟧:50051 grpc.health.v1.Health/Check
{ "status": "SERVING" }
# version du service : 3.4.0 (build ⟦sha⟧)""", ip=N("10.50.2.8", "infrastructure_info"),
    ip2=N("10.50.2.8", "infrastructure_info"), sha=N(git_sha(), "git_sha"))

_pan4 = card("mc")
add("graphql_or_grpc", "en", """Mutation replayed from the mobile app (Burp history #412) — the card is sent in clear to the GraphQL API instead of the PSP's tokenizer:

mutation { updatePaymentMethod(input: {
  cardNumber: "⟦c⟧", expMonth: 7, expYear: 2028, cvc: "⟦cvc⟧",
  billingAddress: "⟦a⟧"
}) { ok last4 } }""", c=L(group4(_pan4), "payment_card"), cvc=L("914", "payment_card", optional=True),
    a=L("1130 Alder Creek Dr, Boise, ID 83706", "postal_address"))

add("graphql_or_grpc", "fr", """Réponse GraphQL de la plateforme de télésanté (requête `dossier(patientId:)` sans contrôle) :

{"data":{"dossier":{"patient":{"nom":"Yvette Marchand-Ollier","ne":"⟦d⟧"},
 "antecedents":[{"code":"⟦c1⟧","libelle":"⟦l1⟧"},{"code":"F32.1","libelle":"⟦l2⟧"}],
 "traitements":["⟦t⟧"]}}}""", d=L("1950-04-12", "date_of_birth"), c1=L("I50.0", "health_data"),
    l1=L("insuffisance cardiaque congestive", "health_data"), l2=L("épisode dépressif moyen", "health_data"),
    t=L("furosémide 40 mg matin", "health_data"))

_oai2 = openai_key()
add("graphql_or_grpc", "en", """gRPC metadata dump from the assistant backend's debug endpoint (/debug/requests):

method: /llm.Gateway/Complete
metadata:
  user-agent: grpc-go/1.62.1
  x-upstream-key: ⟦k⟧
  x-request-id: ⟦u⟧
message: { model: "gpt-4o" max_tokens: 512 }""", k=L(_oai2, "ai_api_key"), u=N(a_uuid(), "uuid"))

add("graphql_or_grpc", "fr", """Réponse d'erreur GraphQL en mode verbeux : les « extensions » contiennent la requête d'origine vers le service interne 😬

{"errors":[{"message":"Upstream timeout","path":["commandes"],
 "extensions":{"code":"INTERNAL_SERVER_ERROR","upstream":"⟦url⟧",
  "headers":{"Authorization":"⟦b⟧","X-Correlation-Id":"⟦u⟧"}}}],"data":null}""",
    url=L("https://svc_commandes:Cmd-Svc-2024!@commandes.interne.lumiq.fr/v1/commandes", "url_credentials", also=["password_assignment"]),
    b=L("Basic " + b64("svc_commandes:Cmd-Svc-2024!"), "authorization_header"), u=N(a_uuid(), "uuid"))


# ================================================================= crash_dump
add("crash_dump", "en", """strings -n 8 core.nginx-worker.31877 | grep -iE 'authorization|passw' | head   (core file left in /tmp, mode 0644)

Authorization: ⟦b⟧
proxy_set_header Authorization "Basic $upstream_auth";
upstream_password=⟦p⟧
password_min_length=10
Authorization: Bearer [REDACTED]""", b=L("Basic " + b64("svc_proxy:Px-Upstream-77"), "authorization_header"),
    p=L("Px-Upstream-77", "password_assignment"))

_tokfr = rs(43, B64URL)
add("crash_dump", "fr", """adb logcat -d (application bancaire, build de production, logs non filtrés) :

03-05 14:02:11.418  8812  8840 D AuthRepository: refresh ok, access_token=⟦t⟧ expires_in=900
03-05 14:02:11.502  8812  8812 I ProfilFragment: 👤 affichage profil tel=⟦tel⟧ ville=Nancy
03-05 14:02:12.990  8812  8812 E AndroidRuntime: FATAL EXCEPTION: main
03-05 14:02:12.990  8812  8812 E AndroidRuntime: Process: fr.banque.mobile, PID: 8812""",
    t=L(_tokfr, "session_cookie", also=["password_assignment"]), tel=L(fr_mobile(), "phone_number"))

add("crash_dump", "en", """iOS crash report (excerpt; symbolicated) — clean, attached to show the faulting frame:

Incident Identifier: ⟦u⟧
Hardware Model:      iPhone15,3
Process:             Wallet Companion [4412]
Version:             5.8.1 (5810)
OS Version:          iPhone OS 18.3.1 (22D72)
Exception Type:  EXC_BAD_ACCESS (SIGSEGV)
Exception Codes: KERN_INVALID_ADDRESS at 0x0000000000000010
Thread 0 Crashed:
0   WalletCore   0x0000000102a4c1f8 -[WCParser parseEnvelope:] + 212
Binary Images:
0x1029f0000 - 0x102b9ffff WalletCore arm64  <⟦bu⟧> /private/var/containers/Bundle/Application/⟦u2⟧/Wallet.app/Frameworks/WalletCore""",
    u=N(a_uuid().upper(), "uuid"), bu=N(hexs(32), "binary_uuid"), u2=N(a_uuid().upper(), "uuid"))

add("crash_dump", "fr", """Minidump Breakpad du client de synchronisation (minidump_stackwalk, section « command line » et environnement) :

Crash reason:  EXCEPTION_ACCESS_VIOLATION_READ
Crash address: 0x0
Process uptime: 3712 seconds
Command line: "C:\\Program Files\\SyncPro\\syncpro.exe" --server ⟦h⟧ --user compta --password ⟦p⟧ --silent
Module: syncpro.exe 6.2.0.1188 (⟦pdb⟧)""", h=host("sync.compta.lan"), p=L("Compt@Sync2025", "password_assignment"),
    pdb=N(hexs(33).upper(), "pdb_guid"))

_jw7 = jwt({"sub": "4417", "name": "Bethany Kowalczyk", "email": "b.kowalczyk@gmail.com", "iat": 1741100000}, "RS256", kid="app-2025")
add("crash_dump", "en", """adb logcat with OkHttp's HttpLoggingInterceptor at BODY level (release build):

03-04 09:12:44.101 21877 21930 I okhttp.OkHttpClient: --> PUT https://api.freshbasket.app/v1/me/address
03-04 09:12:44.101 21877 21930 I okhttp.OkHttpClient: Authorization: Bearer ⟦t⟧
03-04 09:12:44.102 21877 21930 I okhttp.OkHttpClient: {"line1":"⟦a⟧","contactEmail":"⟦e⟧"}
03-04 09:12:44.388 21877 21930 I okhttp.OkHttpClient: <-- 200 https://api.freshbasket.app/v1/me/address (286ms)""",
    t=L(_jw7, "authorization_header", also=["jwt"]), a=L("61 Cedar Row, Apt 2, Burlington, VT 05401", "postal_address"),
    e=L("b.kowalczyk@gmail.com", "email_address"))

add("crash_dump", "fr", """logcat du plantage (propre — aucune donnée utilisateur, seulement la pile) :

03-06 11:40:02.771  5120  5120 E AndroidRuntime: FATAL EXCEPTION: main
03-06 11:40:02.771  5120  5120 E AndroidRuntime: Process: fr.exemple.meteo, PID: 5120
03-06 11:40:02.771  5120  5120 E AndroidRuntime: java.lang.IllegalStateException: Fragment not attached to a context.
03-06 11:40:02.771  5120  5120 E AndroidRuntime: 	at androidx.fragment.app.Fragment.requireContext(Fragment.java:972)
03-06 11:40:02.771  5120  5120 E AndroidRuntime: 	at fr.exemple.meteo.ui.PrevisionsFragment.onResume(PrevisionsFragment.kt:88)
03-06 11:40:02.790   912  1033 I ActivityManager: Process fr.exemple.meteo (pid 5120) has died: fg TOP (version 4.2.0, build ⟦sha⟧)""",
    sha=N(git_sha()[:8], "git_sha"))

add("crash_dump", "en", """From the iOS .ips crash log's "Application Specific Information" — the app dumps its UserDefaults on crash:

Application Specific Information:
*** Terminating app due to uncaught exception 'NSInvalidArgumentException'
UserDefaults snapshot: {
    "session_token" = "⟦s⟧";
    "user_full_name" = "Maximilian Oduya";
    "user_birthday" = "⟦d⟧";
    "last_search" = "divorce lawyer near me";
}""", s=L(rs(40, HEX), "session_cookie"), d=L("1992-08-11", "date_of_birth"))

_trk2 = ("%B" + card("visa") + "^DUMONTEIL/ARNAUD^2711201000000000000000000000000?")
add("crash_dump", "fr", """strings sur le vidage mémoire du terminal de paiement (fichier /var/crash/tpe_main.core récupéré via la faille) :

TPE v3.12.7 build 2024-11-02
piste1=⟦t1⟧
montant=00004590 devise=978
dernier_ticket=⟦tk⟧
%CONFIG% serveur=⟦ip⟧ port=5010""", t1=L(_trk2, "payment_card"), tk=N("T" + digits(10), "receipt_number"), ip=ip("192.168.10.2"))

add("crash_dump", "en", """Windows Error Reporting (Report.wer) of the upload agent — the environment block is included:

EventType=APPCRASH
Sig[0].Name=Application Name
Sig[0].Value=UploadAgent.exe
Sig[1].Value=2.7.3.0
Env[14]=STORAGE_CONN=⟦c⟧
Env[15]=PATH=C:\\Windows\\system32;C:\\Program Files\\UploadAgent
ReportIdentifier=⟦u⟧""", c=L(azure_conn("uploadagentprod"), "azure_connection_string"), u=N(a_uuid(), "uuid"))

_gk3 = google_key()
add("crash_dump", "fr", """logcat au démarrage de l'application de livraison (niveau VERBOSE laissé en production) :

03-02 18:21:09.004  3301  3301 V FirebaseInitProvider: apiKey=⟦k⟧ projectId=livraison-express-prod
03-02 18:21:09.880  3301  3345 D FCM: token=⟦fcm⟧
03-02 18:21:10.112  3301  3301 I Tournee: 🚚 arrêt suivant : ⟦a⟧ (client ⟦t⟧)""",
    k=L(_gk3, "google_api_key"), fcm=L(rs(22, B64URL) + ":APA91b" + rs(134, B64URL), "session_cookie", optional=True),
    a=L("Bât. B, 14 rue du Tonkin, 69100 Villeurbanne", "postal_address"), t=L(fr_mobile(), "phone_number"))

# ===================================================== a few more, mixed carriers
add("command_line", "fr", """Pour reproduire, la commande exacte (la clé est celle du compte de test créé pour l'audit, révoquée depuis — je la laisse masquée) :

curl -s https://api.exemple-crm.fr/v2/contacts?limit=5 -H "Authorization: Bearer ⟦r⟧" -H "X-Request-Id: ⟦u⟧"
# réponse : 200, 5 contacts (non reproduits ici). Mon contact pour ce rapport : ⟦me⟧, ⟦tel⟧""",
    reporter_email="a.vidal-secu@posteo.net", r=N("[REDACTED]", "redacted"), u=N(a_uuid(), "uuid"),
    me=N("a.vidal-secu@posteo.net", "reporter_email"), tel=N("+33 6 12 40 77 91", "reporter_phone"))

add("stack_trace", "fr", """Trace PHP affichée en clair (display_errors=On) sur la page d'inscription :

PHP Fatal error:  Uncaught PDOException: SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry '⟦e⟧' for key 'email' in /var/www/inscription/enregistrer.php:42
Stack trace:
#0 /var/www/inscription/enregistrer.php(42): PDOStatement->execute(Array)
#1 {main}
  thrown with params: ['⟦e2⟧', '⟦nir⟧', '⟦d⟧'] in /var/www/inscription/enregistrer.php on line 42""",
    e=L("m.ferracci@sfr.fr", "email_address"), e2=L("m.ferracci@sfr.fr", "email_address"),
    nir=L(nir("1", 93, 7, "2A".replace("2A", "20")), "national_id"), d=L("1993-07-21", "date_of_birth"))

add("shell_history", "fr", """~/.bash_history du mainteneur (capture d'écran de sa démo, 00:41) — le jeton PyPI passe en argument :

python -m build
twine upload -u __token__ -p ⟦t⟧ dist/*
git tag v0.9.2 && git push --tags""", t=L(pypi_tok(), "pypi_token", also=["password_assignment"]))

_glp = gitlab()
add("k8s_manifest", "fr", """values.yaml du runner GitLab (dépôt public « ops-charts ») :

gitlabUrl: https://gitlab.interne.ovelia.fr/
runnerToken: ""
certsSecretName: runner-certs
envVars:
  - name: GITLAB_API_TOKEN   # jeton personnel de l'admin, pour le nettoyage des artefacts
    value: ⟦t⟧
  - name: DOCKER_TLS_CERTDIR
    value: "/certs\"""", t=L(_glp, "gitlab_token"))

_jw8 = jwt({"sub": "driver-2291", "name": "Kwame Asante-Boateng", "phone": "+1 617 " + digits(3) + " " + digits(4), "exp": 1741700000})
add("crash_dump", "en", """Sentry breadcrumb dump attached to the crash event (the app logs its auth header into breadcrumbs; note the emoji in the messages — the offsets below were checked in UTF-16):

[🟢 09:01:02] nav → /route/today
[🔐 09:01:03] http GET /v3/route  headers={"Authorization":"Bearer ⟦t⟧"}
[💥 09:01:05] crash: IndexOutOfBoundsException in StopAdapter (🚚 stop 14/13)""",
    t=L(_jw8, "authorization_header", also=["jwt"]))


# ------------------------------------------------------------------ output
CARRIERS = {"json_api", "csv_export", "ocr_document", "command_line", "server_log", "source_code",
            "k8s_manifest", "terraform", "shell_history", "sql_dump", "stack_trace",
            "graphql_or_grpc", "crash_dump"}


def slice16(text, start, end):
    b = text.encode("utf-16-le")
    return b[2 * start:2 * end].decode("utf-16-le")


def render():
    return "".join(json.dumps(c, ensure_ascii=False) + "\n" for c, _, _ in CASES)


def sanity():
    errs = []
    ids = set()
    for case, lvals, nvals in CASES:
        cid, text = case["id"], case["text"]
        if cid in ids:
            errs.append(f"{cid}: duplicate id")
        ids.add(cid)
        if case["carrier"] not in CARRIERS:
            errs.append(f"{cid}: carrier {case['carrier']}")
        if case["language"] not in ("en", "fr"):
            errs.append(f"{cid}: language")
        n16 = u16(text)
        spans = []
        for lab, val in zip(case["labels"], lvals):
            s, e = lab["start"], lab["end"]
            if not (0 <= s < e <= n16):
                errs.append(f"{cid}: label out of range {lab}")
                continue
            got = slice16(text, s, e)
            if got != val:
                errs.append(f"{cid}: slice {got!r} != {val!r}")
            if got != got.strip():
                errs.append(f"{cid}: label has outer whitespace {got!r}")
            grp, sev = GROUP[lab["category"]]
            if lab["group"] != grp:
                errs.append(f"{cid}: group")
            if lab["severity"] not in (sev, "info"):
                errs.append(f"{cid}: severity {lab}")
            for a in lab.get("also", []):
                if a not in GROUP:
                    errs.append(f"{cid}: also {a}")
            spans.append((s, e))
        spans.sort()
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            if s2 < e1:
                errs.append(f"{cid}: overlapping labels at {s2}")
        for neg, val in zip(case["negatives"], nvals):
            s, e = neg["start"], neg["end"]
            if not (0 <= s < e <= n16) or slice16(text, s, e) != val:
                errs.append(f"{cid}: bad negative {neg}")
            for ls, le in spans:
                if s < le and ls < e:
                    errs.append(f"{cid}: negative overlaps a label {neg}")
        re_mail = case.get("reporter_email")
        if re_mail and re_mail not in text:
            errs.append(f"{cid}: reporter_email not in text")
    fr = sum(1 for c, _, _ in CASES if c["language"] == "fr")
    if len(CASES) < 165:
        errs.append(f"only {len(CASES)} cases")
    if fr / max(1, len(CASES)) < 0.45:
        errs.append(f"French share {fr}/{len(CASES)}")
    return errs


def stats():
    from collections import Counter
    n = len(CASES)
    fr = sum(1 for c, _, _ in CASES if c["language"] == "fr")
    groups = Counter(l["group"] for c, _, _ in CASES for l in c["labels"])
    clean = sum(1 for c, _, _ in CASES if not c["labels"])
    negs = sum(len(c["negatives"]) for c, _, _ in CASES)
    return n, fr, groups, clean, negs


def main(argv):
    data = render()
    errs = sanity()
    # round trip: the file as written, sliced the JavaScript way
    for line, (case, lvals, _) in zip(data.splitlines(), CASES):
        back = json.loads(line)
        for lab, val in zip(back["labels"], lvals):
            if slice16(back["text"], lab["start"], lab["end"]) != val:
                errs.append(f"{back['id']}: round-trip slice mismatch")
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != data:
            errs.append("cases.jsonl differs from what the generator writes")
    else:
        OUT.write_text(data, encoding="utf-8")
    n, fr, groups, clean, negs = stats()
    print(f"cases={n} french={fr} ({100*fr/n:.1f}%) clean={clean} labels={dict(groups)} negatives={negs}")
    if "--stats" in argv:
        from collections import Counter
        t = Counter((c["carrier"], c["language"]) for c, _, _ in CASES)
        for car in sorted(CARRIERS):
            print(f"  {car:16s} en={t[(car,'en')]:3d} fr={t[(car,'fr')]:3d}")
        cats = Counter(l["category"] for c, _, _ in CASES for l in c["labels"])
        for k, v in sorted(cats.items()):
            print(f"  {k:24s}{v}")
    if errs:
        print("\n".join(errs[:60]))
        print(f"FAILED: {len(errs)} problem(s)")
        return 1
    print("OK" + (" (check)" if "--check" in argv else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
