#!/usr/bin/env python3
"""Generator for the dev9b blind test corpus (sensitive-data scanner for PSIRT reports).

Python 3.11, standard library only. One random.Random with a fixed seed.
    python3 gen_dev9b.py           -> writes cases.jsonl next to this file
    python3 gen_dev9b.py --check   -> verifies cases.jsonl equals what is generated and spans are sane

Texts are written with inline markers that are stripped when the case is built:
    ⟦spec|value⟧   a label; spec = category[+also_cat...][?][@severity]
                   ('?' = optional, '@info' = documentation value)
    ⟪kind|value⟫   a hard negative
Offsets are UTF-16 code units (JavaScript String semantics).
"""
import base64
import hashlib
import json
import os
import random
import re
import string
import sys
import zlib

SEED = 0xD9B0_2025
R = random.Random(SEED)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.jsonl")

GROUP = {}
for c in ("private_key aws_access_key_id aws_secret_key github_token gitlab_token slack_token "
          "slack_webhook stripe_key google_api_key gcp_service_account azure_connection_string "
          "azure_sas_token npm_token pypi_token sendgrid_key twilio_key ai_api_key jwt url_credentials "
          "connection_string authorization_header session_cookie password_assignment password_hash").split():
    GROUP[c] = ("credentials", "critical")
for c in ("payment_card iban national_id date_of_birth identity_document postal_address health_data "
          "employment_data tax_record travel_record").split():
    GROUP[c] = ("personal", "high")
for c in ("email_address phone_number").split():
    GROUP[c] = ("personal", "medium")
for c in ("private_ip internal_hostname").split():
    GROUP[c] = ("infrastructure", "info")

# ---------------------------------------------------------------- random helpers
UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
AN = UP + LO + DG
B64 = AN + "+/"
B64U = AN + "-_"
HEX = "0123456789abcdef"


def rs(alpha, n):
    return "".join(R.choice(alpha) for _ in range(n))


def hexs(n):
    return rs(HEX, n)


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def rbytes(n):
    return bytes(R.randrange(256) for _ in range(n))


def b64(n):
    return base64.b64encode(rbytes(n)).decode()


# ---------------------------------------------------------------- credentials
def base62(n, width):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = (DG + UP + LO)[r] + out
    return out.rjust(width, "0")


def github_token(prefix="ghp_"):
    body = rs(AN, 30)
    return prefix + body + base62(zlib.crc32(body.encode()), 6)


def github_pat_fine():
    return "github_pat_" + rs(AN, 22) + "_" + rs(AN, 59)


def aws_key_id(prefix="AKIA"):
    return prefix + rs(UP + "234567", 16)


def aws_secret():
    return rs(AN + "+/", 40)


def slack_token(kind="xoxb"):
    return f"{kind}-{rs(DG, 12)}-{rs(DG, 13)}-{rs(AN, 24)}"


def slack_webhook():
    return f"https://hooks.slack.com/services/T{rs(UP + DG, 8)}/B{rs(UP + DG, 10)}/{rs(AN, 24)}"


def stripe_key(kind="sk_live_"):
    return kind + rs(AN, 24 if R.random() < 0.5 else 99)


def google_api_key():
    return "AIza" + rs(AN + "-_", 35)


def gitlab_token():
    return "glpat-" + rs(AN + "-_", 20)


def npm_token():
    return "npm_" + rs(AN, 36)


def pypi_token():
    return "pypi-AgEIcHlwaS5vcmc" + rs(B64U, 120)


def sendgrid_key():
    return "SG." + rs(B64U, 22) + "." + rs(B64U, 43)


def twilio_key():
    return "SK" + hexs(32)


def ai_key(kind="openai"):
    if kind == "openai":
        return "sk-proj-" + rs(B64U, 48) + "T3BlbkFJ" + rs(B64U, 48)
    return "sk-ant-api03-" + rs(B64U, 93) + "AA"


def jwt(payload, alg="HS256"):
    h = b64url(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig = b64url(rbytes(32 if alg.startswith("HS") else 256))
    return f"{h}.{p}.{sig}"


def pem(kind="RSA PRIVATE KEY", nbytes=1190):
    body = base64.b64encode(rbytes(nbytes)).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----"


def openssh_key():
    raw = b"openssh-key-v1\x00" + rbytes(380)
    body = base64.b64encode(raw).decode()
    lines = [body[i:i + 70] for i in range(0, len(body), 70)]
    return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END OPENSSH PRIVATE KEY-----"


def azure_conn(account):
    return (f"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={b64(64)};"
            "EndpointSuffix=core.windows.net")


def azure_sas():
    sig = b64(32).replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return (f"sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2025-09-30T17:{R.randrange(10,59)}:00Z"
            f"&st=2025-03-01T09:00:00Z&spr=https&sig={sig}")


BCRYPT = "./" + UP + LO + DG


def bcrypt_hash(cost=12):
    return f"$2b${cost:02d}$" + rs(BCRYPT, 53)


def sha512crypt():
    return "$6$" + rs(BCRYPT, 16) + "$" + rs(BCRYPT, 86)


def argon2():
    return f"$argon2id$v=19$m=65536,t=3,p=4${rs(B64U.replace('-', '+').replace('_', '/'), 22)}${rs(AN + '+/', 43)}"


def phpsess():
    return rs("abcdefghijklmnopqrstuv0123456789", 26)


def jsess():
    return rs("0123456789ABCDEF", 32)


# ---------------------------------------------------------------- personal
def luhn_digit(s):
    tot = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return str((10 - tot % 10) % 10)


def luhn_ok(s):
    s = re.sub(r"\D", "", s)
    tot = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def card(brand="visa", sep=""):
    if brand == "visa":
        pre, n = "4" + rs(DG, 5), 16
    elif brand == "mc":
        pre, n = R.choice(["51", "52", "53", "54", "55"]) + rs(DG, 4), 16
    elif brand == "mc2":
        pre, n = str(R.randrange(2221, 2721)) + rs(DG, 2), 16
    elif brand == "amex":
        pre, n = R.choice(["34", "37"]) + rs(DG, 4), 15
    elif brand == "cb":  # French CB co-branded Visa
        pre, n = "4970" + rs(DG, 2), 16
    else:
        pre, n = "6011" + rs(DG, 2), 16
    body = pre + rs(DG, n - 1 - len(pre))
    num = body + luhn_digit(body)
    if not sep:
        return num
    if n == 15:
        return num[:4] + sep + num[4:10] + sep + num[10:]
    return sep.join(num[i:i + 4] for i in range(0, 16, 4))


IBAN_LEN = {"FR": 27, "DE": 22, "ES": 24, "IT": 27, "BE": 16, "NL": 18, "GB": 22, "CH": 21, "PT": 25, "LU": 20}


def iban(cc="FR", grouped=True):
    n = IBAN_LEN[cc]
    if cc == "FR":
        b = rs(DG, 10) + rs(DG, 11)
        key = 97 - (int(b[:5]) * 89 + int(b[5:10]) * 15 + int(b[10:21]) * 3) % 97
        bban = b + f"{key:02d}"
    elif cc == "IT":
        bban = R.choice(UP) + rs(DG, 10) + rs(DG, 12)
    elif cc == "NL":
        bban = rs(UP, 4) + rs(DG, 10)
    elif cc == "GB":
        bban = R.choice(["NWBK", "BARC", "LOYD", "MIDL"]) + rs(DG, 14)
    else:
        bban = rs(DG, n - 4)
    assert len(bban) == n - 4, (cc, bban)
    num = "".join(str(int(c, 36)) for c in bban + cc + "00")
    chk = 98 - int(num) % 97
    s = f"{cc}{chk:02d}{bban}"
    assert iban_ok(s)
    if grouped:
        return " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    return s


def iban_ok(s):
    s = s.replace(" ", "")
    if len(s) != IBAN_LEN.get(s[:2], -1):
        return False
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def nir(sex=None, yy=None, mm=None, dept=None, sep=" "):
    sex = sex or R.choice("12")
    yy = yy if yy is not None else R.randrange(50, 100)
    mm = mm or R.randrange(1, 13)
    dept = dept or R.choice(["75", "69", "13", "33", "59", "31", "44", "67", "2A", "35"])
    com = R.randrange(1, 900)
    order = R.randrange(1, 999)
    s13 = f"{sex}{yy:02d}{mm:02d}{dept}{com:03d}{order:03d}"
    num = int(s13.replace("2A", "19").replace("2B", "18"))
    key = 97 - num % 97
    parts = [s13[0], s13[1:3], s13[3:5], s13[5:7], s13[7:10], s13[10:13], f"{key:02d}"]
    return sep.join(parts)


def nir_ok(s):
    s = s.replace(" ", "")
    n = int(s[:13].replace("2A", "19").replace("2B", "18"))
    return 97 - n % 97 == int(s[13:])


def dni():
    n = R.randrange(10_000_000, 99_999_999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def nie():
    p = R.choice("XYZ")
    n = R.randrange(1_000_000, 9_999_999)
    v = int(str("XYZ".index(p)) + f"{n:07d}")
    return f"{p}{n:07d}{'TRWAGMYFPDXBNJZSQVHLCKE'[v % 23]}"


CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20,
                   11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))


def cf_check(s15):
    tot = 0
    for i, ch in enumerate(s15):
        if i % 2 == 0:
            tot += CF_ODD[ch]
        else:
            tot += int(ch) if ch.isdigit() else ord(ch) - 65
    return chr(65 + tot % 26)


def _cf_part(name, is_first):
    cons = [c for c in name.upper() if c.isalpha() and c not in "AEIOU"]
    vow = [c for c in name.upper() if c in "AEIOU"]
    if is_first and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return "".join((cons + vow + ["X"] * 3)[:3])


def codice_fiscale(surname, first, yy, mm, dd, female, town):
    s = _cf_part(surname, False) + _cf_part(first, True) + f"{yy:02d}" + "ABCDEHLMPRST"[mm - 1] + \
        f"{dd + (40 if female else 0):02d}" + town
    return s + cf_check(s)


NINO_P1 = "ABCEGHJKLMNOPRSTWXYZ"
NINO_P2 = "ABCEGHJKLMNPRSTWXYZ"


def nino(sep=" "):
    while True:
        p = R.choice(NINO_P1) + R.choice(NINO_P2)
        if p not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            break
    d = rs(DG, 6)
    return sep.join([p, d[:2], d[2:4], d[4:6], R.choice("ABCD")]) if sep else p + d + R.choice("ABCD")


def ssn(sep="-"):
    while True:
        a = R.randrange(1, 900)
        if a != 666:
            break
    g = R.randrange(1, 100)
    s = R.randrange(1, 10000)
    return f"{a:03d}{sep}{g:02d}{sep}{s:04d}"


def mrz_cd(s):
    w = [7, 3, 1]
    tot = 0
    for i, ch in enumerate(s):
        if ch.isdigit():
            v = int(ch)
        elif ch == "<":
            v = 0
        else:
            v = ord(ch) - 55
        tot += v * w[i % 3]
    return str(tot % 10)


def mrz_name(surname, given, width):
    s = surname.upper().replace(" ", "<").replace("-", "<") + "<<" + given.upper().replace(" ", "<").replace("-", "<")
    return (s + "<" * width)[:width]


def mrz_td3(country, surname, given, docno, nat, dob, sex, exp, personal=""):
    l1 = ("P<" + country + mrz_name(surname, given, 39))
    doc = (docno + "<<<<<<<<<")[:9]
    pn = (personal + "<" * 14)[:14]
    pn_cd = mrz_cd(pn) if personal else "<"
    body = doc + mrz_cd(doc) + nat + dob + mrz_cd(dob) + sex + exp + mrz_cd(exp) + pn + pn_cd
    comp = doc + mrz_cd(doc) + dob + mrz_cd(dob) + exp + mrz_cd(exp) + pn + pn_cd
    l2 = body + mrz_cd(comp)
    assert len(l1) == 44 and len(l2) == 44, (l1, l2)
    return l1, l2


def mrz_td1(country, docno, dob, sex, exp, nat, surname, given, opt1="", opt2=""):
    doc = (docno + "<" * 9)[:9]
    o1 = (opt1 + "<" * 15)[:15]
    l1 = "I<" + country + doc + mrz_cd(doc) + o1
    o2 = (opt2 + "<" * 11)[:11]
    l2a = dob + mrz_cd(dob) + sex + exp + mrz_cd(exp) + nat + o2
    comp = l1[5:30] + l2a[0:7] + l2a[8:15] + l2a[18:29]
    l2 = l2a + mrz_cd(comp)
    l3 = mrz_name(surname, given, 30)
    assert len(l1) == len(l2) == len(l3) == 30, (l1, l2, l3)
    return l1, l2, l3


def fr_mobile(fmt="sp"):
    d = R.choice("67") + rs(DG, 8)
    if fmt == "intl":
        return "+33 " + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2))
    if fmt == "dot":
        return "0" + d[0] + "." + ".".join(d[i:i + 2] for i in range(1, 9, 2))
    if fmt == "raw":
        return "0" + d
    return "0" + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2))


def fr_landline():
    d = R.choice("12345") + rs(DG, 8)
    return "0" + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2))


def uk_mobile():
    return "+44 7" + rs("345789", 1) + rs(DG, 2) + " " + rs(DG, 6)


def us_phone():
    return f"({R.choice(['312','415','617','206','512','608','303'])}) {R.randrange(201, 990)}-{rs(DG, 4)}"


# ---------------------------------------------------------------- negatives helpers
def git_sha():
    return hexs(40)


def uuid4():
    h = hexs(32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{R.choice('89ab')}{h[17:20]}-{h[20:32]}"


def sha256():
    return hexs(64)


def md5():
    return hexs(32)


def npm_integrity():
    return "sha512-" + b64(64)


def luhn_fingerprint():
    """40-hex PGP fingerprint in groups of 4 whose first 16 characters are digits passing Luhn."""
    while True:
        body = R.choice("45") + rs(DG, 14)
        d16 = body + luhn_digit(body)
        rest = rs("0123456789ABCDEF", 24)
        fp = d16 + rest
        if any(c in "ABCDEF" for c in rest):
            break
    assert luhn_ok(fp[:16])
    return " ".join(fp[i:i + 4] for i in range(0, 40, 4))


def fingerprint():
    fp = rs("0123456789ABCDEF", 40)
    return " ".join(fp[i:i + 4] for i in range(0, 40, 4))


def siret():
    while True:
        body = rs(DG, 13)
        s = body + luhn_digit(body)
        if luhn_ok(s):
            return f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}"


def isbn13():
    body = "978" + rs(DG, 9)
    tot = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    b = body + str((10 - tot % 10) % 10)
    return f"{b[:3]}-{b[3]}-{b[4:8]}-{b[8:12]}-{b[12]}"


def ssh_pub():
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + b64(32)[:43]


def ssh_fp():
    return "SHA256:" + b64(32).rstrip("=")


# ---------------------------------------------------------------- case machinery
def L(spec, v):
    return f"\u27e6{spec}|{v}\u27e7"


def N(kind, v):
    return f"\u27ea{kind}|{v}\u27eb"


def fill(tpl, **kw):
    return re.sub(r"\{(\w+)\}", lambda m: str(kw[m.group(1)]) if m.group(1) in kw else m.group(0), tpl)


def u16len(s):
    return len(s.encode("utf-16-le")) // 2


def u16slice(s, a, b):
    return s.encode("utf-16-le")[2 * a:2 * b].decode("utf-16-le")


MARK = re.compile("\u27e6([^|\u27e7]+)\\|(.*?)\u27e7|\u27ea([^|\u27eb]+)\\|(.*?)\u27eb", re.S)


def build(cid, carrier, lang, marked, reporter_email=None):
    out, labels, negs, pos = [], [], [], 0
    last = 0
    expect = []
    for m in MARK.finditer(marked):
        chunk = marked[last:m.start()]
        out.append(chunk)
        pos += u16len(chunk)
        if m.group(1) is not None:
            spec, val = m.group(1), m.group(2)
            sev = None
            if "@" in spec:
                spec, sev = spec.split("@")
            opt = spec.endswith("?")
            spec = spec.rstrip("?")
            cats = spec.split("+")
            grp, dsev = GROUP[cats[0]]
            lab = {"start": pos, "end": pos + u16len(val), "category": cats[0],
                   "severity": sev or dsev, "group": grp}
            if len(cats) > 1:
                lab["also"] = cats[1:]
            if opt:
                lab["optional"] = True
            labels.append(lab)
        else:
            kind, val = m.group(3), m.group(4)
            negs.append({"start": pos, "end": pos + u16len(val), "kind": kind})
        expect.append((pos, pos + u16len(val), val))
        out.append(val)
        pos += u16len(val)
        last = m.end()
    out.append(marked[last:])
    text = "".join(out)
    assert "\u27e6" not in text and "\u27ea" not in text and "\u27e7" not in text, cid
    for a, b, v in expect:
        assert u16slice(text, a, b) == v, (cid, v)
    case = {"id": cid, "carrier": carrier, "language": lang, "text": text,
            "labels": labels, "negatives": negs}
    if reporter_email:
        assert reporter_email in text, cid
        case["reporter_email"] = reporter_email
    return case


CASES = []


def case(carrier, lang, reporter_email=None):
    def deco(fn):
        CASES.append((carrier, lang, reporter_email, fn))
        return fn
    return deco


# ================================================================= json_api
@case("json_api", "en")
def _():
    s = ssn()
    return fill('''HTTP/1.1 200 OK
Content-Type: application/json
X-Request-Id: {rid}

{"patient":{"id":48213,"mrn":"MRN-0048213","name":{"family":"Fairweather","given":["Declan","Oisin"]},
"birthDate":"{dob}","ssn":"{ssn}","gender":"male",
"address":{"line":"{addr}","city":"Columbus","state":"OH","postalCode":"43215"},
"telecom":[{"system":"phone","value":"{ph}"},{"system":"email","value":"{em}"}],
"activeProblems":["{dx}"],"updated":"{ts}"}}
''', rid=N("uuid", uuid4()), dob=L("date_of_birth", "1979-11-02"), ssn=L("national_id", s),
        addr=L("postal_address", "2217 Bexley Park Rd"), ph=L("phone_number", us_phone()),
        em=L("email_address", "d.fairweather79@outlook.com"),
        dx=L("health_data", "Chronic hepatitis C, on sofosbuvir/velpatasvir"),
        ts=N("timestamp", "2025-02-11T08:42:17Z"))


@case("json_api", "fr")
def _():
    return fill('''# Réponse de GET /api/adherent/100274 avec le jeton d'un autre adhérent (IDOR, cf. section 3)
{
  "idAdherent": 100274,
  "civilite": "Mme",
  "nom": "GUÉRIN-LACOMBE",
  "prenom": "Maëlle",
  "dateNaissance": "{dob}",
  "numeroSecu": "{nir}",
  "adressePostale": "{addr}",
  "mobile": "{tel}",
  "rib": { "titulaire": "Maëlle Guérin-Lacombe", "iban": "{iban}", "bic": "CMCIFRPP" },
  "contrat": { "ref": "{ctr}", "formule": "Confort+", "cotisationMensuelle": {amt} },
  "derniereConnexion": "{ts}"
}''', dob=L("date_of_birth", "14/03/1986"), nir=L("national_id", nir(sex="2", yy=86, mm=3, dept="69")),
        addr=L("postal_address", "7 allée des Glycines, 69120 Vaulx-en-Velin"), tel=L("phone_number", fr_mobile()),
        iban=L("iban", iban("FR")), ctr=N("order_id", "CT-2023-0088419"), amt=N("amount", "61.40"),
        ts=N("timestamp", "2025-01-29T21:07:55+01:00"))


@case("json_api", "en")
def _():
    return fill('''{
  "resourceType": "Condition",
  "id": "{uid}",
  "meta": {"versionId": "3", "lastUpdated": "{ts}"},
  "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
  "code": {
    "coding": [{"system": "http://snomed.info/sct", "code": "{code}", "display": "{disp}"}],
    "text": "{txt}"
  },
  "subject": {"reference": "Patient/pt-77120", "display": "Harriet Penhaligon"},
  "onsetDateTime": "{onset}",
  "recorder": {"reference": "Practitioner/{pr}"}
}''', uid=N("uuid", uuid4()), ts=N("timestamp", "2024-12-03T10:15:00.000+00:00"),
        code=L("health_data", "35489007"), disp=L("health_data", "Depressive disorder"),
        txt=L("health_data", "Major depressive disorder, recurrent, moderate"),
        onset=N("non_birth_date", "2021-06-14"), pr=N("uuid", uuid4()))


@case("json_api", "fr")
def _():
    rows = []
    people = [("Théo", "Vasseur", "theo.vasseur"), ("Jocelyne", "Brabant", "j.brabant"),
              ("Yannick", "Le Goff", "yannick.legoff")]
    for i, (p, n, e) in enumerate(people):
        rows.append(fill('    {"id": {id}, "login": "{lg}", "displayName": "{p} {n}", "mail": "{m}", '
                         '"telephone": "{t}", "pwdHash": "{h}", "role": "{r}"}',
                         id=3100 + i * 7, lg=e.replace(".", ""), p=p, n=n,
                         m=L("email_address", e + "@transports-garonne.fr"), t=L("phone_number", fr_mobile("dot")),
                         h=L("password_hash", bcrypt_hash(10)), r=["admin", "agent", "agent"][i]))
    return ("Extrait de la réponse de /api/v1/users?page=1&size=3 obtenue sans authentification "
            "(le paramètre size accepte 5000) :\n\n{\n  \"total\": 4187,\n  \"items\": [\n" + ",\n".join(rows) +
            "\n  ]\n}\n")


@case("json_api", "en")
def _():
    return fill('''$ curl -s https://status.{host}/api/health | jq .
{
  "status": "ok",
  "build": {"version": "{ver}", "commit": "{sha}", "builtAt": "{ts}"},
  "checks": {
    "db": {"status": "up", "host": "{ih}", "latencyMs": 3},
    "cache": {"status": "up", "node": "{ip}:6379"},
    "auth": {"status": "up", "clientSecret": "{red}", "issuer": "https://login.{host}/"}
  },
  "policy": {"password_min_length": {pml}, "mfa": "required"},
  "instance": "{uid}"
}
The endpoint is public by design; nothing sensitive is exposed here (secrets are masked server-side).''',
                host=N("public_hostname", "nordwave-logistics.com"), ver=N("version", "4.18.2-rc.1"),
                sha=N("git_sha", git_sha()), ts=N("timestamp", "2025-03-04T16:20:11Z"),
                ih=N("infrastructure_info", "pg-primary-02.int.nordwave.lan"), ip=N("infrastructure_info", "10.42.7.19"),
                red=N("redacted", "********"), pml=N("setting", "12"), uid=N("uuid", uuid4()))


@case("json_api", "fr")
def _():
    return fill('''Réponse de l'API de suivi (publique, aucune donnée personnelle) :
{"colis":"{trk}","expediteur":{"raisonSociale":"Atelier Castagnet SARL","siret":"{siret}"},
 "montantTTC":"{amt}","poidsKg":2.35,"evenements":[
  {"date":"{d1}","lieu":"Plateforme de Rungis","statut":"PRIS_EN_CHARGE"},
  {"date":"{d2}","lieu":"Agence Lyon Gerland","statut":"EN_LIVRAISON"}],
 "webhook":{"url":"https://hooks.example-transport.fr/v1/notify","secret":"{ph}"},
 "traceId":"{uid}"}''', trk=N("order_id", "6A" + rs(DG, 11)), siret=N("siret", siret()),
                amt=N("amount", "148,90 €"), d1=N("timestamp", "2025-02-17T06:12:00+01:00"),
                d2=N("timestamp", "2025-02-18T08:47:00+01:00"), ph=N("placeholder", "${WEBHOOK_SECRET}"),
                uid=N("uuid", uuid4()))


@case("json_api", "en", reporter_email="kasia.wrobel@bughunt-labs.io")
def _():
    tok = jwt({"sub": "u_58113", "email": "m.quintero@harbourline.co", "role": "finance", "iat": 1738231200,
               "exp": 1738317600})
    return fill('''Reporter: Kasia Wróbel <kasia.wrobel@bughunt-labs.io>

The GraphQL introspection is open and `debugSession` returns other users' live sessions:

{"data":{"debugSession":[
  {"user":"m.quintero","accessToken":"{tok}","refresh":"{rt}"},
  {"user":"svc-reporting","accessToken":null,"refresh":null}
],"serverConfig":{"region":"eu-west-3","s3":{"accessKeyId":"{ak}","secretAccessKey":"{sk}"}}}}

(I stopped there and did not use any of them.)''', tok=L("jwt", tok), rt=L("session_cookie?", rs(B64U, 64)),
                ak=L("aws_access_key_id", aws_key_id()), sk=L("aws_secret_key", aws_secret()))


@case("json_api", "fr")
def _():
    pnr = rs("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 6)
    return fill('''Réponse brute de /booking/v3/retrieve?ref={pnr} (aucun contrôle du nom de famille) 🛫
{
  "recordLocator": "{pnr2}",
  "passengers": [{
     "lastName": "DIALLO-PERRIN", "firstName": "AMADOU",
     "passport": {"number": "{pp}", "expiry": "2031-05-22", "nationality": "FRA"},
     "ticketNumber": "{tkt}",
     "segments": [{"flight": "AF1466", "from": "CDG", "to": "LIS", "date": "{d}", "seat": "{seat}"}]
  }],
  "contact": {"email": "{em}", "phone": "{ph}"},
  "pricing": {"total": "{amt}", "currency": "EUR"}
}''', pnr=L("travel_record", pnr), pnr2=L("travel_record", pnr), pp=L("identity_document", "21CX" + rs(DG, 5)),
                tkt=L("travel_record", "057" + rs(DG, 10)), d=N("non_birth_date", "2025-04-11"),
                seat=L("travel_record", "23C"), em=L("email_address", "amadou.dp@laposte.net"),
                ph=L("phone_number", fr_mobile("intl")), amt=N("amount", "212.37"))


@case("json_api", "en")
def _():
    return fill('''GET /api/v2/orders?status=shipped HTTP/1.1 -> 200, 3 of 3 items shown. All values below are
synthetic fixtures the vendor ships with the sandbox; nothing personal is exposed.
{"items":[
 {"orderId":"{o1}","sku":"{isbn}","qty":2,"total":"{a1}","placedAt":"{t1}","paymentRef":"{u1}"},
 {"orderId":"{o2}","sku":"SKU-22-0091","qty":1,"total":"{a2}","placedAt":"{t2}","paymentRef":"{u2}"},
 {"orderId":"{o3}","sku":"SKU-22-0187","qty":5,"total":"{a3}","placedAt":"{t3}","paymentRef":"{u3}"}],
 "links":{"next":"/api/v2/orders?cursor={cur}"},"apiKey":"{ph}"}''',
                o1=N("order_id", "ORD-" + rs(DG, 8)), isbn=N("isbn", isbn13()), a1=N("amount", "39.80"),
                t1=N("timestamp", "2025-01-05T11:02:44Z"), u1=N("uuid", uuid4()),
                o2=N("order_id", "ORD-" + rs(DG, 8)), a2=N("amount", "1249.00"), t2=N("timestamp", "2025-01-05T13:19:02Z"),
                u2=N("uuid", uuid4()), o3=N("order_id", "ORD-" + rs(DG, 8)), a3=N("amount", "17.45"),
                t3=N("timestamp", "2025-01-06T07:55:30Z"), u3=N("uuid", uuid4()), cur=N("opaque_cursor", b64(24)),
                ph=N("placeholder", "<YOUR_API_KEY>"))


# ================================================================= csv_export
@case("csv_export", "fr")
def _():
    rows = []
    for (nm, pr, sx, yy, mm, sal) in [("BRABANT", "Jocelyne", "2", 71, 9, "3 412,50"), ("RIEUX", "Gaëtan", "1", 90, 1, "2 870,00"),
                                      ("TARDIVEL", "Héloïse", "2", 84, 12, "4 105,75")]:
        dob = f"{R.randrange(1, 28):02d}/{mm:02d}/19{yy}"
        rows.append(f"{nm};{pr};{L('date_of_birth', dob)};{L('national_id', nir(sex=sx, yy=yy, mm=mm))};"
                    f"{L('employment_data', sal)};{L('iban', iban('FR', grouped=False))}")
    return ("matricule_export_paie_2025-01.csv (fichier récupéré via le partage anonyme \\\\" +
            L("internal_hostname", "FS-PAIE01") + "\\export)\n\nnom;prenom;date_naissance;nir;salaire_brut_mensuel;iban\n" +
            "\n".join(rows) + "\n")


@case("csv_export", "en")
def _():
    lines = ["customer_id\tfull_name\temail\tphone\tpan\texp\tcvv"]
    data = [("Oluwaseun Adebayo", "seun.adebayo@gmail.com", card("visa")), ("Greta Vanterpool", "gvanterpool@icloud.com", card("mc")),
            ("Tobias Lindqvist", "tobias.l@protonmail.com", card("amex"))]
    for i, (n, e, c) in enumerate(data):
        lines.append(f"{100231 + i}\t{n}\t{L('email_address', e)}\t{L('phone_number', uk_mobile())}\t{L('payment_card', c)}\t"
                     f"{R.randrange(1, 13):02d}/{R.randrange(26, 30)}\t{L('payment_card?', rs(DG, 4 if len(c) == 15 else 3))}")
    lines.append(f"100234\tQA Test\t{L('email_address@info', 'jane.doe@example.com')}\t{L('phone_number@info', '(312) 555-0142')}\t"
                 f"{L('payment_card@info', '4111111111111111')}\t12/30\t123")
    return "Exported from the merchant back-office (report builder, no role check):\n\n" + "\n".join(lines) + "\n"


@case("csv_export", "fr")
def _():
    lines = ["id_patient,nom,prenom,service,diagnostic,traitement,date_rdv"]
    data = [("Pouillot", "Nadège", "Cardiologie", "Fibrillation atriale paroxystique", "apixaban 5 mg x2/j"),
            ("Marchadier", "Loïc", "Psychiatrie", "Trouble bipolaire de type II", "lithium 400 mg"),
            ("Benhamou", "Inès", "Oncologie", "Carcinome canalaire infiltrant du sein gauche", "chimiothérapie EC puis paclitaxel")]
    for i, (n, p, s, d, t) in enumerate(data):
        lines.append(f"P{20417 + i * 13},{n},{p},{s},\"{L('health_data', d)}\",\"{L('health_data', t)}\",{N('non_birth_date', f'2025-03-{10 + i:02d}')}")
    return "\n".join(lines) + "\n"


@case("csv_export", "en")
def _():
    lines = ["host,port,plugin_id,cve,cvss_vector,severity,evidence_sha256"]
    for h, p, c, v, s in [("vpn.harbourline.co", 443, "CVE-2024-3400", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "critical"),
                          ("mail.harbourline.co", 25, "CVE-2023-51764", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:L/A:N", "medium"),
                          ("198.51.100.23", 8443, "CVE-2022-22965", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "critical")]:
        hk = "documentation_ip" if h[0].isdigit() else "public_hostname"
        lines.append(f"{N(hk, h)},{p},{R.randrange(10000, 200000)},{c},{N('cvss_vector', v)},{s},{N('file_hash', sha256())}")
    return ("Scanner export attached as findings.csv (no credentials were used for the scan):\n" + "\n".join(lines) +
            "\n")


@case("csv_export", "fr")
def _():
    lines = ["num_commande;date_commande;fournisseur;siret_fournisseur;montant_ht;tva;montant_ttc;statut"]
    for i in range(4):
        ht = R.randrange(1000, 90000) / 100
        lines.append(f"{N('order_id', 'BC-2025-' + rs(DG, 5))};{N('non_birth_date', f'{R.randrange(1, 28):02d}/02/2025')};"
                     f"{['Imprimerie Vasseur', 'Fournitures Rieux SAS', 'Bureau Plus Ouest', 'Castagnet Emballages'][i]};"
                     f"{N('siret', siret())};{N('amount', f'{ht:.2f}'.replace('.', ','))};20%;"
                     f"{N('amount', f'{ht * 1.2:.2f}'.replace('.', ','))};{['livrée', 'facturée', 'en attente', 'livrée'][i]}")
    return "Export achats (aucune donnée nominative, uniquement des fournisseurs personnes morales) :\n" + "\n".join(lines) + "\n"


@case("csv_export", "en")
def _():
    data = []
    for n, nat, sx in [("WHITLOCK, Ruairi", "IRL", "M"), ("OYELARAN, Funmilayo", "GBR", "F"), ("SANTORO, Alessia", "ITA", "F")]:
        y = R.randrange(1962, 2001)
        data.append(f"\"{n}\",{nat},{sx},{L('date_of_birth', f'{y}-{R.randrange(1, 13):02d}-{R.randrange(1, 29):02d}')},"
                    f"{L('identity_document', rs(UP, 2) + rs(DG, 7))},{L('travel_record', rs('ABCDEFGHJKLMNPQRSTUVWXYZ', 6))},"
                    f"{N('non_birth_date', '2025-06-' + str(R.randrange(10, 28)))}")
    return ("group_booking_export.csv — travel agency portal, downloaded with a sub-agent account that should only see its own group\n"
            "traveller,nationality,sex,dob,passport_no,pnr,departure\n" + "\n".join(data) + "\n")


@case("csv_export", "fr")
def _():
    out = ["nom,prenom,adresse,telephone,courriel,cotisation_payee"]
    for n, p, a, m in [("Dufresnoy", "Solène", "38 chemin du Moulin Brûlé, 35510 Cesson-Sévigné", "solene.dufresnoy@free.fr"),
                       ("Castagnet", "Bérénice", "Résidence Les Iris, bât. B, 4 rue Jean-Baptiste Clément, 31200 Toulouse", "bcastagnet31@orange.fr"),
                       ("Le Goff", "Yannick", "Lieu-dit Kerhuel, 29860 Plabennec", "ylegoff.kerhuel@gmail.com")]:
        out.append(f"{n},{p},\"{L('postal_address', a)}\",{L('phone_number', fr_mobile())},{L('email_address', m)},oui")
    return "Fichier adherents_2024.csv trouvé dans /uploads/ (listing ouvert) :\n" + "\n".join(out) + "\n"


@case("csv_export", "en")
def _():
    out = ["username,display_name,password,last_login,mfa_enabled"]
    for u in ["svc_backup", "jmorrow", "apatel", "helpdesk01"]:
        out.append(f"{u},{u.title()},{N('redacted', R.choice(['********', 'REDACTED', '[redacted]', '<hidden>']))},"
                   f"{N('timestamp', f'2025-02-{R.randrange(1, 28):02d} {R.randrange(0, 24):02d}:{R.randrange(0, 60):02d}:00')},"
                   f"{R.choice(['true', 'false'])}")
    return ("The account export masks the password column correctly; I include it only to show the column exists.\n"
            "Export settings shown in the UI: " + N("setting", "password_min_length=14") + ", " +
            N("setting", "lockout_threshold=5") + "\n\n" + "\n".join(out) + "\n")


@case("csv_export", "fr")
def _():
    return fill('''integrations.csv (export de la table de configuration des connecteurs, accessible à tout compte « lecteur »)
connecteur;environnement;identifiant;secret;mis_a_jour
stripe;prod;acct_1Nv{a1};{sk};{t1}
sendgrid;prod;apikey;{sg};{t2}
slack;prod;#alertes-paiement;{wh};{t3}
stripe;test;acct_1Nv{a2};{ph};{t4}
''', a1=rs(AN, 12), a2=rs(AN, 12), sk=L("stripe_key", stripe_key("rk_live_")), sg=L("sendgrid_key", sendgrid_key()),
                wh=L("slack_webhook", slack_webhook()), ph=N("placeholder", "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx"),
                t1=N("timestamp", "2024-11-02 10:14"), t2=N("timestamp", "2024-09-18 17:40"), t3=N("timestamp", "2025-01-07 09:03"),
                t4=N("timestamp", "2024-06-30 12:00"))


# ================================================================= ocr_document
@case("ocr_document", "fr")
def _():
    docno = rs(UP + DG, 9)
    l1, l2, l3 = mrz_td1("FRA", docno, "920617", "F", "330402", "FRA", "TARDIVEL", "HELOISE MARIE")
    return fill('''[OCR tesseract 5.3 — scan_cni_recto_verso.png, confiance moyenne 81 %]
REPUBLIQUE FRANCAISE          CARTE NATIONALE D'IDENTITE / IDENTITY CARD
Nom / Surname : TARDIVEL
Prénoms / Given names : Héloïse, Marie
Sexe : F    Nationalité : FRA    Date de naiss. / Date of birth : {dob}
Lieu de naissance / Place of birth : QUIMPER (29)
N° du document : {doc}         Date d'expir. : 02 04 2033
CAN : {can}
Adresse : {addr}
{l1}
{l2}
{l3}''', dob=L("date_of_birth", "17 06 1992"), doc=L("identity_document", docno), can=L("identity_document?", rs(DG, 6)),
                addr=L("postal_address", "12 RUE DE LA MAREE 29900 CONCARNEAU"), l1=L("identity_document", l1),
                l2=L("identity_document", l2), l3=L("identity_document", l3))


@case("ocr_document", "en")
def _():
    docno = rs(DG, 9)
    l1, l2 = mrz_td3("GBR", "ASHDOWN", "CALLUM JAMES", docno, "GBR", "870905", "M", "320114")
    return fill('''Attachment 4 — photo of the passport data page found in the public bucket (OCR, lightly cleaned):

  UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND
  PASSPORT  Type P   Code GBR   Passport No. {doc}
  Surname ASHDOWN
  Given names CALLUM JAMES
  Nationality BRITISH CITIZEN
  Date of birth {dob}     Sex M
  Place of birth LEEDS
  Date of issue 14 JAN 2022   Authority HMPO   Date of expiry 14 JAN 2032

{l1}
{l2}
''', doc=L("identity_document", docno), dob=L("date_of_birth", "05 SEP /SEPT 87"), l1=L("identity_document", l1),
                l2=L("identity_document", l2))


@case("ocr_document", "fr")
def _():
    return fill('''--- OCR bulletin_paie_2024_11.pdf (page 1/2) ---
BULLETIN DE PAIE                    Période du 01/11/2024 au 30/11/2024
Employeur : SOCIETE NOUVELLE DES TRANSPORTS GARONNE  SIRET {siret}  APE 4941A
Salarié : M. RIEUX Gaëtan                    Matricule : 000417
{addr}
N° Sécurité sociale : {nir}          Emploi : Chef d'équipe quai   Coeff. 230
Entrée le : {ent}
Salaire de base ......................... 151,67 h x 18,92 ....... {base}
Prime d'ancienneté ..................................................   86,10
NET A PAYER AVANT IMPOT SUR LE REVENU ........................ {net}
Impôt sur le revenu prélevé à la source (taux 4,1 %) ............. {pas}
Paiement par virement le 28/11/2024 sur {iban}''', siret=N("siret", siret()),
                addr=L("postal_address", "Appt 12, 45 avenue de la Libération, 33110 Le Bouscat"),
                nir=L("national_id", nir(sex="1", yy=90, mm=1, dept="33")), ent=N("non_birth_date", "03/05/2016"),
                base=L("employment_data", "2 869,60"), net=L("employment_data", "2 274,18"), pas=L("tax_record", "93,24"),
                iban=L("iban", iban("FR")))


@case("ocr_document", "fr")
def _():
    return fill('''AVIS D'ARRÊT DE TRAVAIL   (volet 3 — à adresser à l'employeur)   cerfa n°10170*06
Assuré(e) : POUILLOT Nadège        N° d'immatriculation : {nir}
Adresse : {addr}
Employeur : Clinique Vétérinaire des Coteaux
Arrêt initial  du {d1} au {d2} inclus     Sorties autorisées : oui, 10h-12h / 16h-18h
Éléments d'ordre médical (volets 1 et 2 uniquement — présents sur le scan !) :
{motif}
Médecin : Dr F. Aubertin, RPPS {rpps}''', nir=L("national_id", nir(sex="2", yy=78, mm=10, dept="13")),
                addr=L("postal_address", "3 impasse des Cigales, 13600 La Ciotat"),
                d1=L("health_data?", "06/01/2025"), d2=L("health_data?", "26/01/2025"),
                motif=L("health_data", "Lombosciatique L5 droite hyperalgique, AINS + kinésithérapie"),
                rpps=N("professional_id", "10" + rs(DG, 9)))


@case("ocr_document", "fr")
def _():
    nf = R.choice("0123") + rs(DG, 12)
    return fill('''DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES — AVIS D'IMPÔT 2024 SUR LES REVENUS DE L'ANNÉE 2023
Vos références
Numéro fiscal : {nf}        N° d'accès en ligne : {acc}
Référence de l'avis : {ref}
M. ou Mme VASSEUR THEO / VASSEUR ELODIE
{addr}
Revenu fiscal de référence : {rfr}        Nombre de parts : 2,5
Montant de votre impôt sur le revenu : {imp}
Date de mise en recouvrement : {d}''', nf=L("tax_record", nf[:2] + " " + nf[2:4] + " " + nf[4:7] + " " + nf[7:10] + " " + nf[10:]),
                acc=L("tax_record?", rs(DG, 7)), ref=L("tax_record", f"24 {R.randrange(10, 95)} {rs(UP + DG, 7)} {rs(DG, 2)}"),
                addr=L("postal_address", "9 RUE DES TONNELIERS 59800 LILLE"), rfr=L("tax_record", "58 402 €"),
                imp=L("tax_record", "3 117 €"), d=N("non_birth_date", "31/07/2024"))


@case("ocr_document", "en")
def _():
    pnr = rs("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 6)
    return fill('''OCR of IMG_20250214_0832.jpg (boarding pass left in the shared scanner outbox)
BOARDING PASS   ECONOMY
PASSENGER  LINDQVIST/TOBIASMR          FROM  STOCKHOLM ARN   TO  LONDON LHR
FLIGHT {fl}   DATE 15FEB   BOARDING 07:35   GATE F58   SEAT {seat}
BOOKING REF {pnr}     ETKT {tkt}
FREQUENT FLYER  {ff}
BCBP: M1LINDQVIST/TOBIASMR   E{pnr2} ARNLHRBA 0777 046Y014C0042 100
SEQ 042  Gate closes 20 min before departure''', fl=L("travel_record", "BA 777"), seat=L("travel_record", "14C"),
                pnr=L("travel_record", pnr), tkt=L("travel_record", "125 " + rs(DG, 10)), ff=L("travel_record?", "BA " + rs(DG, 8)),
                pnr2=L("travel_record", pnr))


@case("ocr_document", "fr")
def _():
    return fill('''Étiquette colis (OCR de la photo jointe au ticket #5531, le transporteur la renvoie en clair via /label/{uid}.png)
COLISSIMO EXPERT   Poids 1,2 kg   N° {trk}
EXPEDITEUR : LA BOUTIQUE DU THÉ — ZA des Landes, 44470 Carquefou
DESTINATAIRE :
 Mme CASTAGNET Bérénice
 {addr}
 Tél. {tel}
Instructions : digicode {code}, laisser chez la gardienne si absente''', uid=N("uuid", uuid4()),
                trk=N("order_id", "8R" + rs(DG, 11)),
                addr=L("postal_address", "Bât. C esc. 2, 118 bd de la Croix-Rousse, 69004 LYON"),
                tel=L("phone_number", fr_mobile("dot")), code=L("password_assignment?", "4B27"))


@case("ocr_document", "en")
def _():
    return fill('''OCR text of "DoC_HLX-200.pdf" (EU declaration of conformity, public download):
EU DECLARATION OF CONFORMITY  No. {doc}
Manufacturer: Harbourline Devices Ltd, Unit 4, Quayside Business Park, Cork T12 X8RY, Ireland
Tel. {tel}   support: {sup}
Product: HLX-200 industrial gateway, firmware {ver}
Serial range: HLX200-{s1} to HLX200-{s2}
Standards: EN 62368-1:2014, EN 55032:2015, ETSI EN 303 645 V2.1.1
Firmware image SHA-256: {h}
Signed at Cork on {d}, for and on behalf of the manufacturer.''', doc=N("order_id", "DOC-" + rs(DG, 6)),
                tel=N("company_contact", "+353 21 490 7700"), sup=N("company_contact", "support@harbourline-devices.ie"),
                ver=N("version", "3.2.14"), s1=rs(DG, 6), s2=rs(DG, 6), h=N("file_hash", sha256()), d=N("non_birth_date", "12 March 2024"))


@case("ocr_document", "fr")
def _():
    return fill('''Facture scannée (OCR) jointe pour montrer le gabarit du PDF généré — fournisseur personne morale, pas de donnée perso.
FACTURE N° {fac}        Date : {d}
Imprimerie Vasseur & Fils SAS — capital 40 000 € — RCS Rouen B 812 447 903
SIRET {siret} — TVA intracommunautaire FR{tva}
Standard : {std}   comptabilite@imprimerie-vasseur.fr
Désignation                    Qté      PU HT       Total HT
Flyers A5 quadri 135 g        5000      0,031      {a1}
Total TTC ........................................ {a2}
Échéance : {ech}''', fac=N("order_id", "FA" + rs(DG, 7)), d=N("non_birth_date", "04/02/2025"), siret=N("siret", siret()),
                tva=N("vat_number", rs(DG, 11)), std=N("company_contact", "02 35 71 " + rs(DG, 2) + " " + rs(DG, 2)),
                a1=N("amount", "155,00"), a2=N("amount", "186,00 €"), ech=N("non_birth_date", "06/03/2025"))


# ================================================================= command_line
@case("command_line", "en")
def _():
    return fill('''Step 3 — from the jump host (the credentials were in the world-readable cron script):

$ mysql -h {ip} -u report_ro -p{pw} crm_prod -e "select count(*) from customers"
mysql: [Warning] Using a password on the command line interface can be insecure.
+----------+
| count(*) |
+----------+
|   412077 |
+----------+''', ip=L("private_ip", "10.20.3.14"), pw=L("password_assignment", "W1nter_Rain-88"))


@case("command_line", "fr")
def _():
    return fill('''Reproduction (depuis le poste du stagiaire, la chaîne est dans le README du dépôt interne) :
  psql "{uri}" -c '\\dt'
La connexion aboutit avec les droits propriétaire sur le schéma « facturation ».''',
                uri=L("connection_string+url_credentials", "postgresql://facturation:Pz7%40mQ2v!k@db-fact.corp.local:5432/facturation?sslmode=disable"))


@case("command_line", "en")
def _():
    return fill('''ps auxww on the build agent shows the CI runner passing the token on argv:
ci   28811  0.3  1.1 1288040 91232 ?  Sl  09:12  0:04 /usr/bin/docker login ghcr.io -u harbour-ci -p {tok}
ci   28840  0.0  0.0   6432   720 ?  S+  09:12  0:00 grep --color=auto docker''', tok=L("github_token", github_token()))


@case("command_line", "fr")
def _():
    t = jwt({"iss": "https://sso.interne.groupe-marchadier.fr/realms/prod", "sub": "f3c1d0a2-77b1-4c1b-9f61-2b0c9e7d1a10",
             "preferred_username": "l.marchadier", "scope": "openid admin", "exp": 1739890000}, alg="RS256")
    return fill('''La console du navigateur (« Copier en tant que cURL ») donne :
curl 'https://{h}/api/admin/export?format=csv' \\
  -H 'Accept: application/json' \\
  -H 'Authorization: Bearer {t}' \\
  --compressed''', h=L("internal_hostname", "backoffice.interne.groupe-marchadier.fr"), t=L("authorization_header+jwt", t))


@case("command_line", "en")
def _():
    return fill('''How I verified the release artefact before testing (nothing secret below):
$ gpg --recv-keys {kid}
$ gpg --fingerprint {kid}
pub   rsa4096 2021-03-09 [SC]
      {fp}
$ sha256sum hlx-gateway-3.2.14.bin
{h}  hlx-gateway-3.2.14.bin
$ git log --oneline -3
{c1} Fix bounds check in TLV parser
{c2} Bump openssl to 3.0.13
{c3} Release {ver}''', kid=N("pgp_key_id", "0x" + rs("0123456789ABCDEF", 16)), fp=N("pgp_fingerprint", luhn_fingerprint()),
                h=N("file_hash", sha256()), c1=N("git_sha", hexs(7)), c2=N("git_sha", hexs(7)), c3=N("git_sha", hexs(7)),
                ver=N("version", "v3.2.14"))


@case("command_line", "fr")
def _():
    return fill('''Commandes utilisées pour le déploiement de test (les secrets sont injectés par le coffre, rien en clair) :
$ export DB_PASSWORD="{p1}"
$ ansible-playbook -i inventaire/recette site.yml --vault-password-file ~/.vault_pass --extra-vars "db_pass={p2}"
$ kubectl -n recette get secret app-db -o jsonpath='{.data.password}' | wc -c
44
$ ssh -i ~/.ssh/id_ed25519 deploy@{ip}
Empreinte de la clé hôte : {fp}''', p1=N("placeholder", "${DB_PASSWORD}"), p2=N("placeholder", "{{ vault_db_pass }}"),
                ip=N("infrastructure_info", "192.168.56.20"), fp=N("ssh_fingerprint", ssh_fp()))


@case("command_line", "en")
def _():
    return fill('''The provisioning wiki page tells every new dev to run:

    aws configure set aws_access_key_id {ak}
    aws configure set aws_secret_access_key {sk}
    aws configure set region eu-central-1

(the docs example below it still shows {ex} / {exs}, which is fine)''',
                ak=L("aws_access_key_id", aws_key_id()), sk=L("aws_secret_key", aws_secret()),
                ex=L("aws_access_key_id@info", "AKIAIOSFODNN7EXAMPLE"), exs=L("aws_secret_key@info", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))


@case("command_line", "fr")
def _():
    return fill('''Accès au partage RH avec le compte de service trouvé dans le script de sauvegarde :
C:\\> smbclient //{h}/rh$ -U 'CORP\\svc_sauvegarde%{pw}' -c 'ls'
  Bulletins_2024                      D        0  Tue Jan  7 09:12:44 2025
  Entretiens_annuels                  D        0  Mon Dec 16 17:03:10 2024
Je n'ai ouvert aucun fichier.''', h=L("internal_hostname", "fs01.corp.local"), pw=L("password_assignment", "Brume&Granit_2024"))


@case("command_line", "en")
def _():
    return fill('''Command used to reproduce (all values are the vendor's documented sandbox defaults or masked):
$ ./hlx-cli --endpoint https://{h}:8443 --user admin --password '{ph}' --token {tk} \\
      --device {uid} --timeout 30 status
hlx-cli {ver} — connected to {ip} (TLS1.3, cert SHA256 fingerprint {fp})''',
                h=N("documentation_ip", "192.0.2.10"), ph=N("placeholder", "your-password-here"), tk=N("placeholder", "$HLX_TOKEN"),
                uid=N("uuid", uuid4()), ver=N("version", "1.9.0"), ip=N("documentation_ip", "192.0.2.10"),
                fp=N("certificate_fingerprint", ":".join(hexs(2).upper() for _ in range(32))))


# ================================================================= server_log
@case("server_log", "en")
def _():
    t = jwt({"sub": "cust_88213", "email": "g.vanterpool@icloud.com", "iat": 1739001200, "exp": 1741593200})
    return fill('''Excerpt of access.log served at /logs/access.log (directory listing enabled):
{ip1} - - [08/Feb/2025:10:14:02 +0000] "GET /static/app.9f3c2.js HTTP/1.1" 200 88213 "-" "Mozilla/5.0"
{ip2} - - [08/Feb/2025:10:14:07 +0000] "GET /api/v1/invoices/88213.pdf?access_token={t} HTTP/1.1" 200 40911 "-" "Mozilla/5.0 (iPhone)"
{ip3} - - [08/Feb/2025:10:14:09 +0000] "GET /maps/embed?key={gk}&q=depot HTTP/1.1" 200 1022 "-" "curl/8.5.0"
{ip4} - - [08/Feb/2025:10:14:11 +0000] "POST /login HTTP/1.1" 302 0 "-" "Mozilla/5.0"''',
                ip1=N("public_ip", "81.64.212.9"), ip2=N("public_ip", "92.184.97.140"), ip3=N("documentation_ip", "203.0.113.77"),
                ip4=N("public_ip", "176.143.18.250"), t=L("jwt", t), gk=L("google_api_key", google_api_key()))


@case("server_log", "fr")
def _():
    return fill('''Extrait de /var/log/portail/app.log (niveau DEBUG laissé en production) :
2025-02-19 08:01:13,402 INFO  [http-nio-8080-exec-4] AuthFilter - tentative de connexion login=jbrabant ip={ip1}
2025-02-19 08:01:13,405 DEBUG [http-nio-8080-exec-4] LdapAuth - bind uid=jbrabant,ou=agents,dc=transports-garonne,dc=fr password={pw}
2025-02-19 08:01:13,511 WARN  [http-nio-8080-exec-4] AuthFilter - échec: mot de passe invalide pour jbrabant
2025-02-19 08:01:20,017 DEBUG [http-nio-8080-exec-7] LdapAuth - bind uid=jbrabant,ou=agents,dc=transports-garonne,dc=fr password={pw2}
2025-02-19 08:01:20,120 INFO  [http-nio-8080-exec-7] AuthFilter - connexion réussie login=jbrabant
2025-02-19 08:02:44,870 DEBUG [http-nio-8080-exec-2] LdapAuth - bind uid=svc_portail password={red}''',
                ip1=L("private_ip", "10.12.0.57"), pw=L("password_assignment", "Garonne2024"), pw2=L("password_assignment", "Garonne2025!"),
                red=N("redacted", "***"))


@case("server_log", "en")
def _():
    return fill('''/var/log/auth-gateway.log — secrets are masked properly, included to show the timing side channel:
{ts1} gw[2231]: POST /oauth/token client_id=mobile-app grant_type=password username=alice password={r1} -> 401 (412 ms)
{ts2} gw[2231]: POST /oauth/token client_id=mobile-app grant_type=password username=zz_nouser password={r2} -> 401 (3 ms)
{ts3} gw[2231]: upstream auth-svc responded, headers: Authorization: Bearer {r3}
{ts4} gw[2231]: rate limiter: {ip} allowed (bucket 17/60)
{ts5} gw[2231]: request_id={uid} completed''', ts1=N("timestamp", "2025-03-01T12:00:01.112Z"), r1=N("redacted", "[FILTERED]"),
                ts2=N("timestamp", "2025-03-01T12:00:01.530Z"), r2=N("redacted", "[FILTERED]"), ts3=N("timestamp", "2025-03-01T12:00:01.531Z"),
                r3=N("redacted", "[REDACTED]"), ts4=N("timestamp", "2025-03-01T12:00:02.004Z"), ip=N("documentation_ip", "198.51.100.42"),
                ts5=N("timestamp", "2025-03-01T12:00:02.010Z"), uid=N("uuid", uuid4()))


@case("server_log", "fr")
def _():
    return fill('''journalctl -u postfix --since today (serveur de la mairie, accès obtenu via l'interface webmin exposée) :
févr. 20 09:14:51 mx1 postfix/smtp[4411]: 3F1A2C0421: to=<{e1}>, relay=smtp.orange.fr[{ip}]:25, status=sent (250 ok)
févr. 20 09:14:52 mx1 postfix/cleanup[4409]: 4B77DC0519: message-id=<{mid}@mairie-plabennec.fr>
févr. 20 09:14:52 mx1 postfix/qmgr[1022]: 4B77DC0519: from=<etat-civil@mairie-plabennec.fr>, size=48213, nrcpt=1
févr. 20 09:14:53 mx1 postfix/smtp[4412]: 4B77DC0519: to=<{e2}>, relay=gmail-smtp-in.l.google.com, status=sent
  subject="Acte de naissance de votre fille - demande n° 2025-0188"''',
                e1=L("email_address", "ylegoff.kerhuel@orange.fr"), ip=N("public_ip", "193.252.22.84"), mid=N("message_id", uuid4()),
                e2=L("email_address", "nadege.pouillot1978@gmail.com"))


@case("server_log", "en")
def _():
    cred = base64.b64encode(b"deploy-bot:Qu4rtz!Lantern-61").decode()
    return fill('''The reverse proxy logs full request headers at debug level (/var/log/haproxy-debug.log):
Feb 21 14:03:11 lb01 haproxy[981]: 0001:be_artifacts.clireq[000a:ffffffff]: GET /repository/releases/ HTTP/1.1
Feb 21 14:03:11 lb01 haproxy[981]: 0001:be_artifacts.clihdr[000a:ffffffff]: host: {h}
Feb 21 14:03:11 lb01 haproxy[981]: 0001:be_artifacts.clihdr[000a:ffffffff]: authorization: Basic {c}
Feb 21 14:03:11 lb01 haproxy[981]: 0001:be_artifacts.clihdr[000a:ffffffff]: user-agent: Apache-Maven/3.9.6''',
                h=L("internal_hostname", "nexus.build.harbourline.internal"), c=L("authorization_header", cred))


@case("server_log", "fr")
def _():
    return fill('''dmesg / journal système du boîtier après redémarrage (rien de sensible, pour situer le crash) :
[    0.000000] Linux version 5.15.137-hlx (builder@ci) #1 SMP PREEMPT {ts}
[    2.113042] EXT4-fs (mmcblk0p2): mounted filesystem with ordered data mode. UUID={u1}
[    4.880211] eth0: link up, 1000Mbps, full-duplex, lpa 0xC1E1
[    5.020114] hlxd[412]: config loaded from /etc/hlx/hlxd.conf (sha256 {h})
[    5.020301] hlxd[412]: cloud relay {h1} resolved to {ip1}
[    5.021988] hlxd[412]: mgmt interface bound on {ip2}:8443, peer {ih}
[   61.402117] hlxd[412]: segfault at 0000000000000018 ip 00000000004a1f3c sp 00007ffd5a2c8e40 error 4''',
                ts=N("timestamp", "Tue Jan 14 10:22:31 UTC 2025"), u1=N("uuid", uuid4()), h=N("file_hash", sha256()),
                h1=N("public_hostname", "relay.hlx-cloud.net"), ip1=N("public_ip", "52.209.114.3"), ip2=N("infrastructure_info", "172.16.30.2"),
                ih=N("infrastructure_info", "hlx-mgmt-07.site-brest.lan"))


@case("server_log", "en")
def _():
    return fill('''payment-svc writes the raw gateway request to its log on a timeout (payment-svc.log, 2025-01-30):
WARN  GatewayClient  timeout after 30000ms, dumping request for retry:
  {"amount":8999,"currency":"GBP","card":{"number":"{pan}","exp_month":7,"exp_year":2028,"cvc":"{cvc}","name":"PRIYA RAMASWAMY-HOLT"},
   "billing":{"line1":"{addr}","postcode":"BS6 5QG"},"idempotency_key":"{uid}"}
INFO  SessionMgr  resumed session sid={sid} for customer 77120''', pan=L("payment_card", card("mc2")), cvc=L("payment_card?", rs(DG, 3)),
                addr=L("postal_address", "Flat 3, 41 Cotham Brow, Bristol"), uid=N("uuid", uuid4()), sid=L("session_cookie", phpsess()))


@case("server_log", "fr")
def _():
    return fill('''Le connecteur SFTP journalise la chaîne de connexion à chaque reprise (C:\\ProgramData\\SyncAgent\\logs\\agent-20250211.log) :
11/02/2025 03:00:02 [INF] Reprise du lot 4471 (318 fichiers)
11/02/2025 03:00:02 [DBG] Ouverture SqlConnection "{cs}"
11/02/2025 03:00:03 [INF] 318 fichiers déposés sur sftp://{h}/depot/entrant
11/02/2025 03:00:03 [DBG] Empreinte hôte SFTP : {fp}''',
                cs=L("connection_string", "Server=SQLPROD02\\COMPTA;Database=Tresorerie;User Id=sync_agent;Password=Tr3so!Sync#2023;TrustServerCertificate=True"),
                h=L("internal_hostname", "sftp-banque.compta.local"), fp=N("ssh_fingerprint", ssh_fp()))


@case("server_log", "en")
def _():
    return fill('''CI log (GitHub Actions, job "publish") — secrets masked by the runner, posted to show the ordering bug:
2025-02-27T09:41:02.1184Z ##[group]Run npm ci
2025-02-27T09:41:09.5521Z added 812 packages, and audited 813 packages in 7s
2025-02-27T09:41:09.5530Z lockfile entry lodash@4.17.21 integrity {ni}
2025-02-27T09:41:10.0020Z ##[group]Run npm publish --access public
2025-02-27T09:41:10.0021Z env:
2025-02-27T09:41:10.0022Z   NODE_AUTH_TOKEN: {m}
2025-02-27T09:41:12.8801Z + @harbourline/hlx-sdk@{ver}
2025-02-27T09:41:12.8810Z commit {sha}''', ni=N("npm_integrity", npm_integrity()), m=N("redacted", "***"),
                ver=N("version", "2.4.0"), sha=N("git_sha", git_sha()))


# ================================================================= source_code
@case("source_code", "en")
def _():
    return fill('''# tools/sync_exports.py  (found in the public PyPI sdist of harbour-exporter 0.3.1)
import boto3

# TODO move to env before release!!
s3 = boto3.client(
    "s3",
    aws_access_key_id="{ak}",
    aws_secret_access_key="{sk}",
    region_name="eu-west-1",
)

def push(path: str) -> None:
    s3.upload_file(path, "harbour-exports-prod", path.rsplit("/", 1)[-1])
''', ak=L("aws_access_key_id", aws_key_id()), sk=L("aws_secret_key", aws_secret()))


@case("source_code", "fr")
def _():
    return fill('''// src/main/java/fr/mutuelle/batch/ExportAdherents.java (dépôt public sur la forge du prestataire)
public final class ExportAdherents {
    // URL de la base de recette -> en fait c'est la prod, vérifié le 12/02
    private static final String URL =
        "{jdbc}";

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(URL)) {
            // ... extraction mensuelle
        }
    }
}''', jdbc=L("connection_string", "jdbc:postgresql://10.8.1.40:5432/adherents?user=batch_export&password=Mutu3lle-Exp0rt&ssl=false"))


@case("source_code", "en")
def _():
    return fill('''// internal/billing/stripe.go
package billing

const (
	// old key, rotated? -- {old}
	stripeKey     = "{sk}"
	stripeAPIBase = "https://api.stripe.com/v1"
	webhookSecret = "{wh}"
)''', old=L("stripe_key", stripe_key("sk_live_")), sk=L("stripe_key", stripe_key("sk_live_")),
                wh=L("stripe_key+password_assignment", "whsec_" + rs(AN, 32)))


@case("source_code", "fr")
def _():
    return fill('''// test/fixtures/beneficiaires.js — « données de test » copiées depuis la prod selon le commit {sha}
module.exports = [
  { nom: "Marchadier", prenom: "Loïc", nir: "{n1}", iban: "{i1}", ne_le: "{d1}" },
  { nom: "Benhamou", prenom: "Inès", nir: "{n2}", iban: "{i2}", ne_le: "{d2}" },
  { nom: "Test", prenom: "Jean", nir: "{fake}", iban: "{ph}", ne_le: "{dfake}" }, // vraie fixture
];''', sha=N("git_sha", git_sha()), n1=L("national_id", nir(sex="1", yy=69, mm=4)), i1=L("iban", iban("FR", grouped=False)),
                d1=L("date_of_birth", "1969-04-23"), n2=L("national_id", nir(sex="2", yy=95, mm=8)), i2=L("iban", iban("FR", grouped=False)),
                d2=L("date_of_birth", "1995-08-02"), fake=N("placeholder", "1 00 00 00 000 000 00"), ph=N("placeholder", "FRXX XXXX XXXX"),
                dfake=N("placeholder", "1900-01-01"))


@case("source_code", "en")
def _():
    return fill('''<?php
// wp-content/plugins/hl-orders/config.php — served as text because of a broken AddHandler
define('HL_DB_HOST', '{ip}');
define('HL_DB_USER', 'hl_orders');
$db_pass = '{pw}';
// alerts go to {wh}
$mailer_from = 'no-reply@harbourline.co';''', ip=L("private_ip", "172.31.9.14"), pw=L("password_assignment", "pH!orders_9931"),
                wh=L("slack_webhook", slack_webhook()))


@case("source_code", "fr")
def _():
    return fill('''// Validation.cs — aucune donnée réelle : motifs, GUID et valeurs factices uniquement
public static class Validation
{
    // Regex « carte bancaire » utilisée pour masquer les journaux
    private static readonly Regex Pan = new(@"\\b(?:\\d[ -]?){13,19}\\b");
    private const string DefaultPassword = "{ph1}";     // remplacé à l'installation
    private static readonly Guid TenantId = new("{uid}");
    public const int PasswordMinLength = {pml};
    public const string SampleHash = "{md}";           // md5 d'un fichier vide de test
    public static string ApiKey => Environment.GetEnvironmentVariable("API_KEY") ?? "{ph2}";
}''', ph1=N("placeholder", "changeme"), uid=N("uuid", uuid4()), pml=N("setting", "12"), md=N("file_hash", md5()),
                ph2=N("placeholder", "<API_KEY>"))


@case("source_code", "en")
def _():
    return fill('''# auth/passwords.py — clean: shows the weak comparison, no secrets inside
import hashlib, hmac, os
from getpass import getpass

API_KEY = os.environ["API_KEY"]
PEPPER = os.environ.get("PEPPER", "{ph}")
KNOWN_GOOD_DIGEST = "{sha}"  # sha256 of the release tarball

def check(user, password):
    stored = user.password_hash            # e.g. "{fmt}"
    return stored == hashlib.sha1(password.encode()).hexdigest()   # <-- not constant time

if __name__ == "__main__":
    pw = getpass("password: ")
    print(check(load_user("{uid}"), pw))''', ph=N("placeholder", "xxxx"), sha=N("file_hash", sha256()),
                fmt=N("placeholder", "$2b$12$<salt+hash>"), uid=N("uuid", uuid4()))


@case("source_code", "en")
def _():
    k = pem("PRIVATE KEY", 1216)
    return fill('''// src/main/java/com/harbourline/sso/SamlSigner.java
// Yes, the signing key of the production IdP is a string constant:
private static final String SIGNING_KEY = """
{k}
""";
private static final String SIGNING_CERT_SHA1 = "{fp}"; // public, fine''', k=L("private_key", k),
                fp=N("certificate_fingerprint", ":".join(hexs(2).upper() for _ in range(20))))


@case("source_code", "fr")
def _():
    return fill('''# outils/controle_siret.py — script propre, valeurs publiques de test
def luhn(n: str) -> bool:
    s = 0
    for i, c in enumerate(reversed(n)):
        d = int(c) * (2 if i % 2 else 1)
        s += d - 9 if d > 9 else d
    return s % 10 == 0

EXEMPLES = ["{s1}", "{s2}"]      # SIRET d'entreprises (publics, INSEE)
ISBN_MANUEL = "{isbn}"
EMPREINTE_RELEASE = "{h}"
mot_de_passe = input("Mot de passe : ")  # jamais stocké
assert luhn(EXEMPLES[0].replace(" ", ""))''', s1=N("siret", siret()), s2=N("siret", siret()), isbn=N("isbn", isbn13()),
                h=N("file_hash", sha256()))


@case("source_code", "en")
def _():
    return fill('''// notifications/config.js
module.exports = {
  sendgrid: { apiKey: process.env.SENDGRID_KEY || "{sg}" },
  twilio: { accountSid: "AC{sid}", apiKeySid: "{tk}", apiSecret: "{ts}" },
  // smoke test recipient (the intern's personal phone, still here)
  smokeTest: { to: "{ph}", email: "{em}" },
  docsExample: { to: "{doc}" },
};''', sg=L("sendgrid_key", sendgrid_key()), sid=hexs(32), tk=L("twilio_key", twilio_key()),
                ts=L("password_assignment+twilio_key", rs(AN, 32)), ph=L("phone_number", uk_mobile()),
                em=L("email_address", "rory.mcbride.dev@gmail.com"), doc=L("phone_number@info", "+1 202 555 0173"))


def b64s(s):
    return base64.b64encode(s.encode()).decode()


# ================================================================= k8s_manifest
@case("k8s_manifest", "en")
def _():
    return fill('''# kubectl get secret orders-db -n shop -o yaml   (any ServiceAccount in the namespace can do this)
apiVersion: v1
kind: Secret
metadata:
  name: orders-db
  namespace: shop
  uid: {uid}
type: Opaque
data:
  username: {u}
  password: {p}
  host: {h}
  stripe-secret: {s}''', uid=N("uuid", uuid4()), u=N("base64_username", b64s("orders_app")),
                p=L("password_assignment", b64s("Cargo#Tide-5521")), h=N("base64_hostname", b64s("orders-pg.shop.svc.cluster.local")),
                s=L("stripe_key", b64s(stripe_key("sk_live_"))))


@case("k8s_manifest", "fr")
def _():
    return fill('''# values-prod.yaml du chart « portail-rh » (dépôt Helm public par erreur)
image:
  repository: registry.gitlab.com/groupe-marchadier/portail-rh
  tag: "{ver}"
  digest: sha256:{dg}
postgresql:
  auth:
    username: portail
    password: "{pw}"
    database: portail_rh
smtp:
  host: smtp-relay.interne
  user: notifications@groupe-marchadier.fr
  # mot de passe de la boîte (Laure l'a remis ici « temporairement »)
  password: {pw2}
ingress:
  hosts: [ "rh.groupe-marchadier.fr" ]''', ver=N("version", "2.7.3"), dg=N("file_hash", sha256()),
                pw=L("password_assignment", "Rh_Portail!2024"), pw2=L("password_assignment", "laure-notif-88"))


@case("k8s_manifest", "en")
def _():
    return fill('''docker-compose.yml from the vendor's "quick start" bundle (the same values are baked into the appliance image):
services:
  db:
    image: postgres:16.2
    environment:
      POSTGRES_USER: hlx
      POSTGRES_PASSWORD: "{p1}"
  minio:
    image: minio/minio@sha256:{dg}
    environment:
      - MINIO_ROOT_USER=hlxadmin
      - MINIO_ROOT_PASSWORD={p2}
  api:
    image: harbourline/hlx-api:{ver}
    environment:
      DATABASE_URL: {uri}
      JWT_SECRET: ${JWT_SECRET:?set me}''', p1=L("password_assignment", "hlx-pg-8c41"), dg=N("file_hash", sha256()),
                p2=L("password_assignment", "M1n10-Harb0ur!"), ver=N("version", "3.2.14"),
                uri=L("connection_string+url_credentials", "postgres://hlx:hlx-pg-8c41@db:5432/hlx"))


@case("k8s_manifest", "fr")
def _():
    return fill('''# Manifestes propres (les secrets viennent de Vault via l'injecteur) — joints pour montrer le RBAC trop large
apiVersion: v1
kind: Secret
metadata:
  name: app-db
stringData:
  password: "{ph1}"
  api-key: "{ph2}"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  DB_HOST: {ih}
  CACHE_ADDR: "{ip}:6379"
  PASSWORD_MIN_LENGTH: "{pml}"
  BUILD_SHA: {sha}''', ph1=N("placeholder", "${DB_PASSWORD}"), ph2=N("placeholder", "REPLACE_ME"),
                ih=N("infrastructure_info", "pg-recette.data.svc.cluster.local"), ip=N("infrastructure_info", "10.96.14.3"),
                pml=N("setting", "12"), sha=N("git_sha", git_sha()))


@case("k8s_manifest", "en")
def _():
    return fill('''apiVersion: apps/v1
kind: Deployment
metadata:
  name: hlx-api
  annotations:
    checksum/config: {h}
spec:
  template:
    spec:
      containers:
        - name: api
          image: ghcr.io/harbourline/hlx-api@sha256:{dg}
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: { name: hlx-db, key: password }
            - name: STRIPE_KEY
              value: "{ph}"
            - name: LOG_LEVEL
              value: debug
          resources: { limits: { cpu: "500m", memory: 512Mi } }''', h=N("file_hash", sha256()), dg=N("file_hash", sha256()),
                ph=N("placeholder", "sk_live_********"))


@case("k8s_manifest", "fr")
def _():
    key = pem("EC PRIVATE KEY", 121)
    return fill('''Secret TLS de l'ingress récupéré via le token du pod compromis (kubectl get secret wildcard-tls -o yaml) :
apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata:
  name: wildcard-tls
  namespace: ingress
data:
  tls.crt: {crt}
  tls.key: {k}
Le certificat (tls.crt) est public ; la clé, elle, permet d'usurper *.mutuelle-atlantique.fr.''',
                crt=N("certificate", b64s("-----BEGIN CERTIFICATE-----\n" + b64(300) + "\n-----END CERTIFICATE-----")[:160]),
                k=L("private_key", b64s(key)))


@case("k8s_manifest", "en")
def _():
    return fill('''# gitlab-runner Helm values (values.yaml), committed to the infra repo
gitlabUrl: https://gitlab.harbourline.co/
runnerToken: "{rt}"
rbac:
  create: true
runners:
  config: |
    [[runners]]
      environment = ["GITLAB_API_TOKEN={gl}", "ALERT_HOOK={wh}", "SLACK_BOT={sb}"]
  privileged: true''', rt=L("gitlab_token", "glrt-" + rs(AN + "-_", 20)), gl=L("gitlab_token", gitlab_token()),
                wh=L("slack_webhook", slack_webhook()), sb=L("slack_token", slack_token()))


@case("k8s_manifest", "fr")
def _():
    return fill('''docker-compose.override.yml trouvé sur le serveur de recette (droits 644) :
services:
  keycloak:
    image: quay.io/keycloak/keycloak:{ver}
    environment:
      KEYCLOAK_ADMIN: admin
      KEYCLOAK_ADMIN_PASSWORD: '{p1}'
      KC_DB_URL: jdbc:postgresql://{ih}/keycloak
      KC_DB_USERNAME: keycloak
      KC_DB_PASSWORD: {p2}
      KC_HOSTNAME: sso-recette.atlantique.lan
      # ancien : KC_DB_PASSWORD: xxxxxxxx''', ver=N("version", "24.0.3"), p1=L("password_assignment", "Kc@dm1n-Recette"),
                ih=L("internal_hostname", "pgsql-recette.atlantique.lan"), p2=L("password_assignment", "kc_db_9f2e71"))


# ================================================================= terraform
@case("terraform", "en")
def _():
    return fill('''terraform.tfstate pulled from the unauthenticated S3 backend (bucket hl-tfstate-prod), two resources shown:
{
  "version": 4,
  "terraform_version": "{ver}",
  "serial": 219,
  "lineage": "{uid}",
  "resources": [
    {"mode": "managed", "type": "aws_db_instance", "name": "orders",
     "instances": [{"attributes": {"identifier": "orders-prod", "username": "orders_admin",
        "password": "{pw}", "endpoint": "orders-prod.c9xk2b1q.eu-west-1.rds.amazonaws.com:5432"}}]},
    {"mode": "managed", "type": "aws_iam_access_key", "name": "ci",
     "instances": [{"attributes": {"id": "{ak}", "secret": "{sk}", "user": "ci-deployer"}}]}
  ]
}''', ver=N("version", "1.7.5"), uid=N("uuid", uuid4()), pw=L("password_assignment", "r8Zq-Orders-Adm!n"),
                ak=L("aws_access_key_id", aws_key_id()), sk=L("aws_secret_key", aws_secret()))


@case("terraform", "fr")
def _():
    return fill('''# prod.auto.tfvars (commité dans le dépôt « infra-azure », branche main)
location            = "francecentral"
resource_group_name = "rg-mutuelle-prod"
storage_connection  = "{cs}"
sp_client_id        = "{cid}"
sp_client_secret    = "{cs2}"
sas_export          = "?{sas}"
tags = { owner = "dsi", cost_center = "CC-4410" }''', cs=L("azure_connection_string", azure_conn("stmutuelleprod")),
                cid=N("uuid", uuid4()), cs2=L("password_assignment", rs(AN + "~.", 40)), sas=L("azure_sas_token", azure_sas()))


@case("terraform", "en")
def _():
    return fill('''# main.tf (clean — secrets come from variables / random_password, marked sensitive)
variable "db_password" {
  type      = string
  sensitive = true
}

resource "random_password" "api" {
  length  = 32
  special = true
}

resource "aws_db_instance" "orders" {
  identifier     = "orders-prod"
  engine_version = "{ver}"
  username       = "orders_admin"
  password       = var.db_password
  kms_key_id     = "arn:aws:kms:eu-west-1:{acct}:key/{uid}"
}

output "api_password" {
  value     = random_password.api.result
  sensitive = true
}''', ver=N("version", "16.2"), acct=N("aws_account_id", rs(DG, 12)), uid=N("uuid", uuid4()))


@case("terraform", "fr")
def _():
    sa = json.dumps({"type": "service_account", "project_id": "atlantique-data-prod", "private_key_id": hexs(40),
                     "private_key": pem("PRIVATE KEY", 1216) + "\n",
                     "client_email": "tf-deployer@atlantique-data-prod.iam.gserviceaccount.com", "client_id": rs(DG, 21)})
    return fill('''Extrait du tfstate (backend GCS lisible par allUsers) — ressource google_service_account_key.deployer :
"attributes": {
  "id": "projects/atlantique-data-prod/serviceAccounts/tf-deployer@atlantique-data-prod.iam.gserviceaccount.com/keys/{kid}",
  "key_algorithm": "KEY_ALG_RSA_2048",
  "private_key": "{pk}",
  "public_key": "{pub}",
  "valid_after": "2024-10-02T08:11:52Z"
}
(private_key est le JSON du compte de service encodé en base64 : il contient la clé RSA complète.)''', kid=N("key_id", hexs(40)),
                pk=L("gcp_service_account+private_key", b64s(sa)), pub=N("public_key", b64(180)))


@case("terraform", "en")
def _():
    return fill('''# github.auto.tfvars — used by the org-management stack
github_owner   = "harbourline"
github_token   = "{gh}"
admin_password = "{pw}"   # break-glass for the grafana module
# the README still says: github_token = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"''',
                gh=L("github_token", github_pat_fine()), pw=L("password_assignment", "Gl4ss-Br3ak_HL"))


@case("terraform", "fr")
def _():
    return fill('''Sortie de `terraform plan` fournie par le client (aucun secret affiché, Terraform les masque) :
  # aws_db_instance.compta will be updated in-place
  ~ resource "aws_db_instance" "compta" {
        id       = "compta-prod"
      ~ password = (sensitive value)
        arn      = "arn:aws:rds:eu-west-3:{acct}:db:compta-prod"
        vpc_security_group_ids = ["sg-{sg}"]
    }
  # aws_security_group_rule.admin will be created
  + resource "aws_security_group_rule" "admin" {
      + cidr_blocks = ["{cidr}"]
      + from_port   = 22
      + id          = (known after apply)
    }
Plan: 1 to add, 1 to change, 0 to destroy.''', acct=N("aws_account_id", rs(DG, 12)), sg=N("resource_id", hexs(17)),
                cidr=N("infrastructure_info", "10.40.0.0/16"))


@case("terraform", "en")
def _():
    return fill('''tfstate fragment (tls_private_key.bastion) — the state file is attached to the public CI artefacts:
{
  "type": "tls_private_key",
  "name": "bastion",
  "instances": [{
    "attributes": {
      "algorithm": "ED25519",
      "private_key_openssh": "{k}",
      "public_key_openssh": "{pub}",
      "public_key_fingerprint_sha256": "{fp}"
    }
  }]
}''', k=L("private_key", openssh_key().replace("\n", "\\n")), pub=N("public_key", ssh_pub()), fp=N("ssh_fingerprint", ssh_fp()))


@case("terraform", "fr")
def _():
    return fill('''# variables.tf du module « messagerie » — valeurs par défaut en dur
variable "smtp_password" {
  description = "Mot de passe du relais SMTP"
  default     = "{pw}"
}
variable "sendgrid_api_key" {
  default = "{sg}"
}
variable "admin_email" {
  default = "exploitation@mutuelle-atlantique.fr"   # boîte fonctionnelle
}''', pw=L("password_assignment", "Relais$mtp-2023"), sg=L("sendgrid_key", sendgrid_key()))


# ================================================================= shell_history
@case("shell_history", "en")
def _():
    return fill('''~/.bash_history of the "support" account (readable by every local user), lines 1180-1188:
cd /opt/hlx/backup
ls -la
sshpass -p '{p1}' ssh -o StrictHostKeyChecking=no admin@{ip} 'systemctl restart hlxd'
curl -u deploy:{p2} -T hlx-3.2.14.bin https://{h}/upload/
rm -f /tmp/core.*
history -c   # apparently did not work
exit''', p1=L("password_assignment", "Tr0mb0ne&Co"), ip=L("private_ip", "10.0.4.7"), p2=L("password_assignment", "d3pl0y-Fjord"),
                h=L("internal_hostname", "artifacts.hlx.internal"))


@case("shell_history", "fr")
def _():
    return fill('''Historique PowerShell (C:\\Users\\adm-poste\\AppData\\Roaming\\Microsoft\\Windows\\PowerShell\\PSReadLine\\ConsoleHost_history.txt) :
Get-ADUser -Filter 'Name -like "*rieux*"'
$pw = ConvertTo-SecureString '{p1}' -AsPlainText -Force
New-ADUser -Name "g.rieux" -AccountPassword $pw -Enabled $true
net use Z: \\\\{h}\\compta /user:CORP\\adm-poste {p2}
Set-ADAccountPassword -Identity t.vasseur -Reset -NewPassword (Read-Host -AsSecureString)''',
                p1=L("password_assignment", "Bienvenue2025!"), h=L("internal_hostname", "srv-fichiers02"),
                p2=L("password_assignment", "Poste#Adm1n"))


@case("shell_history", "en")
def _():
    return fill('''.bash_history from the test VM image (clean — every secret is read at runtime):
read -s PGPASSWORD && export PGPASSWORD
export VAULT_TOKEN=$(vault login -method=oidc -token-only)
export API_TOKEN="{ph}"
git clone https://github.com/harbourline/hlx-sdk.git && cd hlx-sdk && git checkout {sha}
ssh-keygen -lf ~/.ssh/id_ed25519.pub
curl -s https://{ip}/healthz
mysql -u root -p
sha256sum dist/*.tgz | tee SHA256SUMS''', ph=N("placeholder", "<paste token>"), sha=N("git_sha", git_sha()),
                ip=N("documentation_ip", "203.0.113.5"))


@case("shell_history", "fr")
def _():
    return fill(''': 1738922113:0;mysql -h {ip} -u compta -p'{p1}' compta_2024 < purge.sql
: 1738922190:0;export GITLAB_TOKEN={gl}
: 1738922201:0;glab mr list --assignee=@me
: 1738922317:0;vim ~/.zshrc
(extrait du ~/.zsh_history de l'utilisateur « prestataire », archive de sauvegarde non chiffrée)''',
                ip=L("private_ip", "192.168.20.11"), p1=L("password_assignment", "C0mpta*Avril"), gl=L("gitlab_token", gitlab_token()))


@case("shell_history", "en")
def _():
    return fill('''root's history on the appliance (I only ran `cat`):
  412  echo '{p1}' | sudo -S systemctl stop hlx-update
  413  htpasswd -b /etc/nginx/.htpasswd ops {p2}
  414  redis-cli -h 127.0.0.1 -a {p3} FLUSHALL
  415  npm config set //registry.npmjs.org/:_authToken={nt}
  416  vi /etc/hlx/hlxd.conf''', nt=L("npm_token", npm_token()), p1=L("password_assignment", "ops!Harbour7"), p2=L("password_assignment", "Ng1nx-Ops-24"),
                p3=L("password_assignment", "r3d1s_hlx_local"))


@case("shell_history", "fr")
def _():
    return fill('''~/.bash_history du compte de déploiement — propre, le mot de passe a été retapé de façon interactive :
docker pull registry.atlantique.lan/portail@sha256:{dg}
mysql -u deploy -p**** portail
openssl rand -hex 32 > /run/secrets/session_key
ssh deploy@{ip} 'sudo systemctl reload nginx'
gpg --verify portail-{ver}.tar.gz.asc
# empreinte attendue : {fp}''', dg=N("file_hash", sha256()), ip=N("infrastructure_info", "10.31.4.22"), ver=N("version", "5.0.1"),
                fp=N("pgp_fingerprint", luhn_fingerprint()))


@case("shell_history", "en")
def _():
    return fill('''PS> Get-Content (Get-PSReadLineOption).HistorySavePath | Select-Object -Last 4
$env:AZURE_STORAGE_CONNECTION_STRING = "{cs}"
az storage blob list -c payroll-exports -o table
Invoke-RestMethod -Uri https://api.harbourline.co/v2/admin/users -Headers @{Authorization = "Bearer {b}"}
Clear-History''', cs=L("azure_connection_string", azure_conn("hlpayrollexports")), b=L("authorization_header", rs(B64U, 40)))


@case("shell_history", "fr")
def _():
    return fill('''Dans le ~/.bash_history de l'image Docker publiée (couche 7) :
pip config set global.index-url https://ci-lecture:{p1}@{h}/simple
python -m build
twine upload -u __token__ -p {pt} dist/*
rm -rf ~/.cache/pip''', p1=L("password_assignment", "Lect-PyPI-2024"), h=L("internal_hostname", "pypi.interne.atlantique.lan"),
                pt=L("pypi_token", pypi_token()))


# ================================================================= sql_dump
@case("sql_dump", "fr")
def _():
    rows = []
    for nm, pr, dob, em in [("Vasseur", "Théo", "1988-02-29", "theo.vasseur88@wanadoo.fr"), ("Tardivel", "Héloïse", "1992-06-17", "heloise.t@sfr.fr"),
                            ("Diallo-Perrin", "Amadou", "1979-12-05", "amadou.dp@laposte.net")]:
        rows.append(f"({R.randrange(1000, 9999)},'{nm}','{pr}','{L('date_of_birth', dob)}','{L('email_address', em)}',"
                    f"'{L('phone_number', fr_mobile('raw'))}','{L('iban', iban('FR', grouped=False))}','{N('timestamp', '2024-10-0' + str(R.randrange(1, 9)) + ' 10:00:00')}')")
    return ("-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n-- Host: localhost    Database: boutique\n"
            "INSERT INTO `clients` (`id`,`nom`,`prenom`,`date_naissance`,`email`,`telephone`,`iban`,`cree_le`) VALUES\n" +
            ",\n".join(rows) + ";\n")


@case("sql_dump", "en")
def _():
    rows = []
    for i, (u, e) in enumerate([("mquintero", "marisol.quintero@harbourline.co"), ("oadebayo", "seun.adebayo@gmail.com"),
                                ("hpenhaligon", "h.penhaligon@btinternet.com")]):
        hsh = [bcrypt_hash(12), sha512crypt(), argon2()][i]
        rows.append(f"INSERT INTO users (id, username, email, password_hash, created_at) VALUES ({40 + i}, '{u}', "
                    f"'{L('email_address', e)}', '{L('password_hash', hsh)}', '{N('timestamp', '2023-0' + str(i + 4) + '-11 09:30:00')}');")
    return "pg_dump -t users excerpt (from the backup.sql left in the web root):\n" + "\n".join(rows) + "\n"


@case("sql_dump", "fr")
def _():
    return fill('''-- Extrait de dossier_medical.sql (sauvegarde nocturne exposée sur le FTP anonyme)
INSERT INTO patients (id, nir, nom, prenom, date_naissance, medecin_traitant, diagnostic, allergies) VALUES
 (5012, '{n1}', 'MARCHADIER', 'Loïc', '{d1}', 'Dr Aubertin', '{dx1}', '{al1}'),
 (5013, '{n2}', 'BENHAMOU', 'Inès', '{d2}', 'Dr Keraudren', '{dx2}', NULL);''',
                n1=L("national_id", nir(sex="1", yy=69, mm=4, sep="")), d1=L("date_of_birth", "1969-04-23"),
                dx1=L("health_data", "Diabète de type 1 sous pompe à insuline"), al1=L("health_data", "pénicilline"),
                n2=L("national_id", nir(sex="2", yy=95, mm=8, sep="")), d2=L("date_of_birth", "1995-08-02"),
                dx2=L("health_data", "Sclérose en plaques rémittente-récurrente"))


@case("sql_dump", "en")
def _():
    return fill('''-- schema.sql shipped in the installer (clean: DDL and seed rows with placeholders only)
CREATE TABLE users (
  id            BIGSERIAL PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,          -- bcrypt, cost >= 12
  ssn_last4     CHAR(4),
  created_at    TIMESTAMPTZ DEFAULT now()
);
INSERT INTO settings (key, value) VALUES
  ('password_min_length', '{pml}'),
  ('smtp_password', '{ph1}'),
  ('install_id', '{uid}'),
  ('schema_version', '{ver}');
INSERT INTO users (email, password_hash) VALUES ('admin@localhost', '{ph2}');''', pml=N("setting", "12"),
                ph1=N("placeholder", "CHANGE_ME"), uid=N("uuid", uuid4()), ver=N("version", "2024.11.2"), ph2=N("placeholder", "!"))


@case("sql_dump", "fr")
def _():
    rows = []
    for t, a in [("Le Petit Prince", "Antoine de Saint-Exupéry"), ("Les Misérables (tome 1)", "Victor Hugo"),
                 ("L'Étranger", "Albert Camus")]:
        rows.append(f"  ({R.randrange(100, 999)}, '{N('isbn', isbn13())}', '{t.replace(chr(39), chr(39) * 2)}', '{a}', "
                    f"{N('amount', str(R.randrange(500, 3000) / 100))}, '{N('timestamp', '2025-01-1' + str(R.randrange(0, 9)) + ' 08:00:00')}')")
    return ("-- catalogue.sql (table publique, aucune donnée client) — joint pour montrer l'injection dans ?tri=\n"
            "INSERT INTO livres (id, isbn, titre, auteur, prix_ttc, maj) VALUES\n" + ",\n".join(rows) + ";\n")


@case("sql_dump", "en")
def _():
    return fill('''mysql> SELECT full_name, ssn, base_salary, review_note FROM hr.employees WHERE dept = 'Logistics' LIMIT 2;
+--------------------+-------------+-------------+-------------------------------------------------------------+
| full_name          | ssn         | base_salary | review_note                                                 |
+--------------------+-------------+-------------+-------------------------------------------------------------+
| Marisol Quintero   | {s1} | {sal1}      | {r1} |
| Declan Fairweather | {s2} | {sal2}      | {r2}                 |
+--------------------+-------------+-------------+-------------------------------------------------------------+
2 rows in set (0.01 sec)   -- run through the SQL console of the BI tool, which has no row-level security''',
                s1=L("national_id", ssn()), sal1=L("employment_data", "78500.00"),
                r1=L("employment_data", "Final written warning 2024-09: repeated no-shows, PIP"),
                s2=L("national_id", ssn()), sal2=L("employment_data", "91200.00"), r2=L("employment_data", "Exceeds expectations, promo"))


@case("sql_dump", "fr")
def _():
    return fill('''-- table parametres (dump via l'injection SQL, aucune autre table lue)
INSERT INTO parametres (cle, valeur) VALUES
 ('smtp.host', 'smtp.mutuelle-atlantique.fr'),
 ('smtp.password', '{p1}'),
 ('paiement.stripe_secret', '{sk}'),
 ('paiement.stripe_publishable', 'pk_live_{pk}'),
 ('ia.cle_api', '{ai}'),
 ('mdp.longueur_min', '{pml}');''', p1=L("password_assignment", "Smtp-Atl4ntique"), sk=L("stripe_key", stripe_key("sk_live_")),
                pk=rs(AN, 24), ai=L("ai_api_key", ai_key("openai")), pml=N("setting", "10"))


@case("sql_dump", "en")
def _():
    rows = []
    for n in ["Callum Ashdown", "Priya Ramaswamy-Holt"]:
        rows.append(f"({R.randrange(70000, 79999)},'{n}','{L('payment_card', card(R.choice(['visa', 'mc'])))}','{R.randrange(1, 13):02d}/{R.randrange(26, 31)}',{N('amount', str(R.randrange(1000, 40000) / 100))})")
    rows.append(f"(70001,'Test Order','{L('payment_card@info', '4111111111111111')}','12/30',{N('amount', '1.00')})")
    return ("-- orders.sql from the staging dump (the checkout stored PANs in clear despite the PCI claim)\n"
            "INSERT INTO `orders` (`id`,`customer`,`card_number`,`card_exp`,`total`) VALUES " + ",".join(rows) + ";\n")


# ================================================================= stack_trace
@case("stack_trace", "en")
def _():
    return fill('''The 500 page renders the Werkzeug debugger with locals (DEBUG=True in prod):
Traceback (most recent call last):
  File "/srv/app/billing/sync.py", line 88, in push_invoices
    conn = psycopg2.connect(dsn)
  File "/usr/lib/python3/dist-packages/psycopg2/__init__.py", line 122, in connect
    conn = _connect(dsn, connection_factory=connection_factory, **kwasync)
psycopg2.OperationalError: could not connect to server: Connection timed out
Locals at frame push_invoices:
    dsn = '{dsn}'
    smtp_pass = '{pw}'
    batch_id = '{uid}'
    retries = 3''', dsn=L("connection_string+url_credentials", "postgresql://billing:Inv0ice-Sync!@10.3.0.21:5432/billing"),
                pw=L("password_assignment", "mailer-7Hq2"), uid=N("uuid", uuid4()))


@case("stack_trace", "fr")
def _():
    return fill('''Trace renvoyée dans la réponse HTTP 500 de /api/assure/recherche?nom=POUILLOT :
fr.atlantique.core.ValidationException: assuré incohérent : Assure[id=88412, nom=POUILLOT, prenom=Nadège,
    nir={nir}, dateNaissance={dob}, adresse={addr}]
	at fr.atlantique.core.AssureService.verifier(AssureService.java:214)
	at fr.atlantique.api.RechercheController.rechercher(RechercheController.java:67)
	at java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)
Caused by: java.sql.SQLException: Access denied for user 'app'@'{ip}' (using password: YES)''',
                nir=L("national_id", nir(sex="2", yy=78, mm=10, dept="13")), dob=L("date_of_birth", "1978-10-09"),
                addr=L("postal_address", "3 impasse des Cigales 13600 La Ciotat"), ip=L("private_ip", "10.9.4.18"))


@case("stack_trace", "en")
def _():
    return fill('''java.lang.NullPointerException: Cannot invoke "com.harbourline.hlx.Device.getFirmware()" because "dev" is null
	at com.harbourline.hlx.update.UpdateService.check(UpdateService.java:142)
	at com.harbourline.hlx.update.UpdateController.poll(UpdateController.java:58)
	at org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)
	... 48 common frames omitted
request_id={uid} device={uid2} build={ver}+{sha} at {ts}
(no data in this trace, it only shows the unauthenticated code path)''', uid=N("uuid", uuid4()), uid2=N("uuid", uuid4()),
                ver=N("version", "3.2.14"), sha=N("git_sha", hexs(12)), ts=N("timestamp", "2025-02-02T17:44:09.331Z"))


@case("stack_trace", "fr")
def _():
    return fill('''Page d'erreur Symfony (APP_ENV=dev sur la préprod exposée), onglet « Server Parameters » :
  APP_ENV            "dev"
  APP_SECRET         "{sec}"
  DATABASE_URL       "{db}"
  MAILER_DSN         "{mdsn}"
  TRUSTED_PROXIES    "{ip}"
  REQUEST_TIME_FLOAT 1739276012.4411
Symfony\\Component\\HttpKernel\\Exception\\NotFoundHttpException: No route found for "GET /admin/../.env"''',
                sec=L("password_assignment", hexs(32)), db=L("connection_string+url_credentials", "mysql://boutique:Bout1que-Prepr0d@127.0.0.1:3306/boutique?serverVersion=8.0"),
                mdsn=L("url_credentials", "smtp://notifications%40boutique-the.fr:Th3-Mail!2024@ssl0.ovh.net:465"),
                ip=L("private_ip?", "10.0.0.0/8"))


@case("stack_trace", "en")
def _():
    return fill('''Unhandled rejection logged by the Node API (served back in the JSON error body):
Error: upstream 502 from ledger
    at LedgerClient.post (/app/src/ledger.js:77:11)
    at async exportHandler (/app/src/routes/export.js:31:5)
  config: {
    headers: {
      'Content-Type': 'application/json',
      Authorization: 'Bearer {tok}',
      Cookie: 'connect.sid={sid}; theme=dark'
    },
    url: 'http://{h}:8080/v1/export'
  }''', tok=L("authorization_header+ai_api_key", ai_key("anthropic")),
                sid=L("session_cookie", "s%3A" + rs(B64U, 32) + "." + rs(AN + "%", 43)), h=L("internal_hostname", "ledger.svc.harbour.internal"))


@case("stack_trace", "fr")
def _():
    return fill('''Traceback Python joint par le client (les secrets y sont déjà masqués par sentry-sdk) :
Traceback (most recent call last):
  File "/opt/portail/jobs/relance.py", line 41, in envoyer
    smtp.login(cfg.user, cfg.password)
smtplib.SMTPAuthenticationError: (535, b'5.7.8 Authentication failed')
Variables locales :
  cfg.user = 'relance@portail.local'
  cfg.password = '{r1}'
  cfg.api_key = '{r2}'
  lot = '{uid}'   date_envoi = '{d}'
Sentry event {ev}''', r1=N("redacted", "[Filtered]"), r2=N("redacted", "[Filtered]"), uid=N("uuid", uuid4()),
                d=N("non_birth_date", "2025-02-03"), ev=N("uuid", hexs(32)))


@case("stack_trace", "en")
def _():
    return fill('''panic: runtime error: index out of range [3] with length 3

goroutine 41 [running]:
main.(*Exporter).render(0xc0001a2000, {0xc00012e4b0, ...})
	/src/exporter/render.go:118 +0x4a5
debug dump of *Exporter.current (printed by the recover handler):
&Customer{ID:77120 Name:"Priya Ramaswamy-Holt" Email:"{em}" Phone:"{ph}"
  Address:"{addr}" DOB:"{dob}" Notes:"{hn}"}''', em=L("email_address", "priya.rh@hotmail.co.uk"),
                ph=L("phone_number", uk_mobile()), addr=L("postal_address", "41 Cotham Brow, Bristol BS6 5QG"),
                dob=L("date_of_birth", "1983-07-30"), hn=L("health_data", "wheelchair user, needs step-free delivery"))


@case("stack_trace", "fr")
def _():
    return fill('''System.Data.SqlClient.SqlException (0x80131904): Échec de l'ouverture de session de l'utilisateur 'rapport'.
   à System.Data.SqlClient.SqlInternalConnectionTds..ctor(...)
   à Rapports.Web.Data.Contexte.Ouvrir() dans D:\\build\\Rapports.Web\\Data\\Contexte.cs:ligne 52
ConnectionString utilisée : {cs}
ClientConnectionId:{uid}''', cs=L("connection_string", "Data Source=sql-rapports.groupe.local;Initial Catalog=Rapports;User ID=rapport;Password=R@pp0rt!Mensuel"),
                uid=N("uuid", uuid4()))


@case("stack_trace", "en")
def _():
    return fill('''Crash dump summary from the HLX gateway (symbolicated; values are addresses and hashes, nothing secret):
Exception: EXC_BAD_ACCESS (SIGSEGV) at 0x0000000000000018
Thread 3 crashed: tlv_parse + 0x1c4 (tlv.c:211)
  x0 = 0x0000000000000000  x1 = 0x0000ffff8a2c1e40  x2 = 0x0000000000000400
Binary image: hlxd {ver} build-id {bid}
Core file sha256: {h}
Certificate serial in use: {ser}''', ver=N("version", "3.2.14"), bid=N("build_id", hexs(40)), h=N("file_hash", sha256()),
                ser=N("certificate_serial", ":".join(hexs(2) for _ in range(16))))


# ================================================================= xml_document
@case("xml_document", "en")
def _():
    return fill('''conf/tomcat-users.xml from the appliance firmware (extracted with binwalk):
<?xml version="1.0" encoding="UTF-8"?>
<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
  <role rolename="manager-gui"/>
  <user username="hlxadmin" password="{p1}" roles="manager-gui,admin-gui"/>
  <user username="monitor" password="{p2}" roles="manager-status"/>
  <!-- <user username="tomcat" password="<must-be-changed>" roles="tomcat"/> -->
</tomcat-users>''', p1=L("password_assignment", "Hlx!Tomcat#2019"), p2=L("password_assignment", "m0nit0r"))


@case("xml_document", "fr")
def _():
    return fill('''~/.m2/settings.xml du serveur d'intégration (lu via la faille de traversée) :
<settings>
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>ci-publication</username>
      <password>{p1}</password>
    </server>
    <server>
      <id>nexus-snapshots</id>
      <username>ci-publication</username>
      <password>{enc}</password>
    </server>
  </servers>
  <mirrors><mirror><url>https://{h}/repository/maven-public/</url></mirror></mirrors>
</settings>
Le second mot de passe est chiffré par settings-security.xml (non récupéré) ; le premier est en clair.''',
                p1=L("password_assignment", "Publi-Nexus_77"), enc=N("encrypted_value", "{" + b64(32) + "}"),
                h=L("internal_hostname", "nexus.ci.groupe-marchadier.lan"))


@case("xml_document", "en")
def _():
    return fill('''SAML response captured in the browser (base64-decoded), Assertion part only:
<saml:Assertion ID="_{aid}" IssueInstant="{ts}" Version="2.0">
  <saml:Issuer>https://idp.harbourline.co/saml</saml:Issuer>
  <saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{em}</saml:NameID></saml:Subject>
  <saml:AttributeStatement>
    <saml:Attribute Name="urn:oid:2.5.4.42"><saml:AttributeValue>Greta</saml:AttributeValue></saml:Attribute>
    <saml:Attribute Name="birthDate"><saml:AttributeValue>{dob}</saml:AttributeValue></saml:Attribute>
    <saml:Attribute Name="niNumber"><saml:AttributeValue>{ni}</saml:AttributeValue></saml:Attribute>
    <saml:Attribute Name="homePostalAddress"><saml:AttributeValue>{addr}</saml:AttributeValue></saml:Attribute>
  </saml:AttributeStatement>
</saml:Assertion>
Any SP in the federation receives these attributes, even those that only need the e-mail. OID {oid} is givenName.''',
                aid=hexs(32), ts=N("timestamp", "2025-02-12T09:03:41Z"), em=L("email_address", "greta.vanterpool@harbourline.co"),
                dob=L("date_of_birth", "1990-01-18"), ni=L("national_id", nino()), addr=L("postal_address", "18 Larkspur Close, Didcot OX11 7TQ"),
                oid=N("oid", "2.5.4.42"))


@case("xml_document", "fr")
def _():
    return fill('''Corps SOAP renvoyé par le service « ConsulterDroits » (accessible sans WS-Security) :
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
 <soapenv:Body>
  <ns2:consulterDroitsResponse xmlns:ns2="http://droits.caisse-exemple.fr/v2">
   <beneficiaire>
    <nir>{nir}</nir>
    <nomUsage>BRABANT</nomUsage><prenom>Jocelyne</prenom>
    <dateNaissance>{dob}</dateNaissance>
    <ribVersement>{iban}</ribVersement>
    <situation>{h}</situation>
   </beneficiaire>
   <horodatage>{ts}</horodatage>
  </ns2:consulterDroitsResponse>
 </soapenv:Body>
</soapenv:Envelope>''', nir=L("national_id", nir(sex="2", yy=71, mm=9, sep="")), dob=L("date_of_birth", "1971-09-21"),
                iban=L("iban", iban("FR", grouped=False)), h=L("health_data", "Pension d'invalidité 2e catégorie"),
                ts=N("timestamp", "2025-02-14T11:20:03.118+01:00"))


@case("xml_document", "en")
def _():
    t = jwt({"sub": "7f1c2a90", "name": "Oluwaseun Adebayo", "scope": "wallet:read wallet:write", "exp": 1767225600})
    return fill('''/data/data/co.harbourline.wallet/shared_prefs/auth_prefs.xml (from an unencrypted adb backup of a test phone the
vendor lent me — the account is the vendor employee's):
<?xml version='1.0' encoding='utf-8' standalone='yes' ?>
<map>
    <string name="access_token">{t}</string>
    <string name="refresh_token">{rt}</string>
    <string name="user_email">{em}</string>
    <string name="device_id">{uid}</string>
    <boolean name="biometric_enabled" value="false" />
    <long name="token_issued_at" value="1735689600000" />
</map>''', t=L("jwt", t), rt=L("session_cookie", rs(B64U, 86)), em=L("email_address", "seun.adebayo@gmail.com"), uid=N("uuid", uuid4()))


@case("xml_document", "fr")
def _():
    return fill('''credentials.xml de Jenkins (les secrets y sont chiffrés avec la clé maître, non récupérée) :
<com.cloudbees.plugins.credentials.SystemCredentialsProvider plugin="credentials@{ver}">
  <domainCredentialsMap class="hudson.util.CopyOnWriteMap$Hash">
    <entry>
      <com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>
        <id>{uid}</id>
        <username>deploy</username>
        <password>{e1}</password>
      </com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>
      <org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>
        <id>slack-token</id>
        <secret>{e2}</secret>
      </org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>
    </entry>
  </domainCredentialsMap>
</com.cloudbees.plugins.credentials.SystemCredentialsProvider>''', ver=N("version", "1337.v60b_d7b_c7b_c9f"), uid=N("uuid", uuid4()),
                e1=N("encrypted_value", "{AQAAABAAAAAQ" + b64(48) + "}"), e2=N("encrypted_value", "{AQAAABAAAAAw" + b64(64) + "}"))


@case("xml_document", "en")
def _():
    return fill('''pom.xml excerpt (clean; shows the vulnerable dependency version only):
<project>
  <groupId>com.harbourline</groupId><artifactId>hlx-api</artifactId><version>{ver}</version>
  <properties>
    <log4j.version>{lv}</log4j.version>
    <db.password>${env.DB_PASSWORD}</db.password>
  </properties>
  <dependencies>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>${log4j.version}</version></dependency>
  </dependencies>
  <!-- artefact checksum (sha1): {sha1} ; scm: https://github.com/harbourline/hlx-api/commit/{sha} -->
</project>''', ver=N("version", "3.2.14-SNAPSHOT"), lv=N("version", "2.14.1"), sha1=N("file_hash", hexs(40)), sha=N("git_sha", git_sha()))


# ================================================================= ticket_export
@case("ticket_export", "en")
def _():
    return fill('''{"key":"OPS-4471","fields":{"summary":"orders-db unreachable from reporting 😩","status":{"name":"Done"},
 "created":"{ts}","reporter":{"displayName":"Jamal Morrow"},
 "comment":{"comments":[
  {"author":{"displayName":"Jamal Morrow"},"body":"can't connect, tried report_ro / {p1} like the wiki says"},
  {"author":{"displayName":"Anita Patel"},"body":"wiki is stale 🙃 it's {p2} since the rotation, fixed the page"},
  {"author":{"displayName":"Jamal Morrow"},"body":"works 👍 thx"}]}}}
(exported from the vendor's Jira, whose anonymous "browse project" permission is on)''',
                ts=N("timestamp", "2024-12-09T08:12:44.000+0000"), p1=L("password_assignment", "W1nter_Rain-87"),
                p2=L("password_assignment", "Spring!Rain-25"))


@case("ticket_export", "fr")
def _():
    return fill('''Issue #212 « Le paiement échoue en préprod » — export texte (dépôt GitHub public du prestataire)
-------------------------------------------------------------------------------
@b-castagnet a ouvert ce ticket le {d}
> Voilà mon .env de préprod, je ne comprends pas pourquoi ça plante :
> ```
> STRIPE_SECRET_KEY={sk}
> STRIPE_WEBHOOK_SECRET={ph}
> MAILER_DSN=null://null
> ```
@dev-lucas a commenté :
> > STRIPE_SECRET_KEY=sk_live_…
> Attention c'est une clé live !! Il faut la révoquer, je masque le message.
(le message n'a jamais été masqué : l'historique d'édition garde la clé)''', d=N("non_birth_date", "3 févr. 2025"),
                sk=L("stripe_key", stripe_key("sk_live_")), ph=N("placeholder", "whsec_…"))


@case("ticket_export", "en")
def _():
    return fill('''INC0081124 | Priority 3 | State: Resolved | Assignment group: Field Service
Short description: Smart meter offline — customer vulnerable, priority visit ⚡
Caller: Harriet Penhaligon   Contact: {ph}
Location: {addr}
Work notes (2025-01-22 14:10) Tech C. Ashdown: customer on home oxygen ({hd}), key safe code {ks}. Meter replaced.
Work notes (2025-01-22 16:45) closed, firmware {ver}, asset {uid}''', ph=L("phone_number", uk_mobile()),
                addr=L("postal_address", "Rosewarne Cottage, 2 Chapel Row, Redruth TR15 2AB"),
                hd=L("health_data", "COPD, 2 L/min overnight"), ks=L("password_assignment", "1815"),
                ver=N("version", "4.0.9"), uid=N("uuid", uuid4()))


@case("ticket_export", "fr")
def _():
    return fill('''RH-1893 [Confidentiel] — Aménagement de poste
Statut : En cours   Rapporteur : Service RH   Créé : {d1}
Description : Suite à l'avis du médecin du travail, M. Gaëtan Rieux reprend à mi-temps thérapeutique après {hd}.
Commentaire (Pauline, RH) : maintien de la rémunération à {sal} brut/mois jusqu'au {d2}, voir avenant.
Commentaire (manager) : ok, et on annule l'{disc} ?
(ce ticket est visible par tous les comptes « invité » du Jira interne, cf. capture 4)''', d1=N("non_birth_date", "12/12/2024"),
                hd=L("health_data", "une hernie discale opérée en novembre"), sal=L("employment_data", "2 870 €"),
                d2=N("non_birth_date", "31/03/2025"), disc=L("employment_data", "avertissement disciplinaire du 4 octobre"))


@case("ticket_export", "en", reporter_email="t.okonkwo@redline-sec.com")
def _():
    return fill('''GitHub issue export — harbourline/hlx-sdk#88 "Heap overflow in TLV parser (security)"
opened by t-okonkwo (Tobenna Okonkwo, {rem}) on {d}
Affected: hlx-sdk {v1} through {v2}, fixed in {c}
CVSS: {cv}
Token used in the PoC was redacted: `HLX_TOKEN={r}`
Disclosure coordinated with {ps}; CVE requested from {cna}.
— Tobenna Okonkwo, Redline Security, {tel}''', rem="t.okonkwo@redline-sec.com", d=N("non_birth_date", "2025-02-03"),
                v1=N("version", "2.0.0"), v2=N("version", "2.3.4"), c=N("git_sha", git_sha()),
                cv=N("cvss_vector", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), r=N("redacted", "<redacted>"),
                ps=N("psirt_contact", "psirt@thalesgroup.com"), cna=N("psirt_contact", "cna-coordinator@thalesgroup.com"),
                tel=N("reporter_contact", "+44 20 7946 0321"))


@case("ticket_export", "fr", reporter_email="m.keraudren@audit-finistere.fr")
def _():
    return fill('''Ticket ServiceNow SEC0004127 — export texte
Ouvert par : Morgane Keraudren (auditrice externe) — {rem}
Objet : Déni de service sur l'API de supervision — aucune donnée personnelle collectée
Description : le point d'entrée /api/metrics de {h} répond en 40 s à une requête de 2 Ko (voir horodatages {t1} et {t2}).
Contact de l'éditeur utilisé : {std} (standard) et {sup}.
Signature : Morgane Keraudren, Audit Finistère, {adr}, {tel} — numéro dédié à ce signalement.''',
                rem="m.keraudren@audit-finistere.fr", h=N("public_hostname", "supervision.hlx-cloud.net"),
                t1=N("timestamp", "2025-02-18 10:02:11"), t2=N("timestamp", "2025-02-18 10:02:51"),
                std=N("company_contact", "01 40 72 " + rs(DG, 2) + " " + rs(DG, 2)), sup=N("company_contact", "support@hlx-cloud.net"),
                adr=N("reporter_contact", "5 quai de l'Odet, 29000 Quimper"), tel=N("reporter_contact", fr_mobile()))


@case("ticket_export", "fr")
def _():
    return fill('''Export Jira (format texte) — INFRA-702 « Alertes de sauvegarde muettes »
[Commentaire de Yannick, 10/02/2025 09:14]
L'URL du webhook a changé, la nouvelle c'est {wh} — je l'ai mise dans le job.
[Commentaire de Solène, 10/02/2025 09:31]
Pour le NAS c'est toujours l'utilisateur « sauvegarde », et c'est {pw}, pas la peine de le rechanger 😉
[Commentaire de Yannick, 10/02/2025 09:40]
Ok. Le NAS est {ip}, je redémarre le service.''', wh=L("slack_webhook", slack_webhook()),
                pw=L("password_assignment", "Brouillard#73"), ip=L("private_ip", "192.168.1.250"))


# ================================================================= extra clean texts (hard negatives only)
@case("json_api", "fr")
def _():
    return fill('''GET /.well-known/jwks.json — clés PUBLIQUES de signature (normal qu'elles soient exposées) :
{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"{kid}","e":"AQAB",
  "n":"{n}"}],
 "x5t#S256":"{x5t}","generated":"{ts}"}
Aucune donnée sensible ici ; je la cite car le kid est prévisible (horodatage).''', kid=N("key_id", "2025-02-01T00:00:00Z"),
                n=N("public_key", b64url(rbytes(256))), x5t=N("certificate_fingerprint", b64url(rbytes(32))),
                ts=N("timestamp", "2025-02-01T00:00:00Z"))


@case("server_log", "fr")
def _():
    return fill('''access.log nginx du portail (masquage correct des paramètres sensibles) :
{ip1} - - [12/Feb/2025:09:00:14 +0100] "POST /connexion?identifiant=jdupont&mot_de_passe={r1} HTTP/2.0" 302 0
{ip2} - - [12/Feb/2025:09:00:15 +0100] "GET /compte?session={r2} HTTP/2.0" 200 5120
{ip3} - - [12/Feb/2025:09:00:19 +0100] "GET /api/v1/ping HTTP/2.0" 200 2 "-" "kube-probe/1.29"
La sonde vient de {ip3b} (réseau du cluster), le reste d'adresses publiques de test.''',
                ip1=N("documentation_ip", "192.0.2.44"), r1=N("redacted", "xxxx"), ip2=N("documentation_ip", "198.51.100.7"),
                r2=N("redacted", "[masqué]"), ip3=N("infrastructure_info", "10.244.1.1"), ip3b=N("infrastructure_info", "10.244.1.1"))


@case("terraform", "fr")
def _():
    return fill('''# recette.tfvars — modèle livré par l'éditeur, à compléter (rien de réel)
db_password      = "{p1}"
api_token        = "{p2}"
admin_email      = "{e}"
allowed_cidrs    = ["{c1}", "{c2}"]
image_digest     = "sha256:{h}"
module_version   = "{v}"''', p1=N("placeholder", "<mot-de-passe-ici>"), p2=N("placeholder", "${TF_VAR_api_token}"),
                e=N("placeholder", "admin@exemple.invalid"), c1=N("documentation_ip", "203.0.113.0/24"), c2=N("infrastructure_info", "10.50.0.0/16"),
                h=N("file_hash", sha256()), v=N("version", "~> 4.2"))


@case("stack_trace", "fr")
def _():
    return fill('''Exception levée par le module de vérification de signature (trace propre, valeurs publiques) :
org.bouncycastle.openpgp.PGPException: signature invalide pour la clé {fp}
	at fr.atlantique.maj.Verificateur.verifier(Verificateur.java:88)
	at fr.atlantique.maj.Agent.appliquer(Agent.java:141)
Paquet : maj-{v}.pkg  sha256={h}  date de build {d}  OID d'algorithme {oid}''', fp=N("pgp_fingerprint", luhn_fingerprint()),
                v=N("version", "5.0.1"), h=N("file_hash", sha256()), d=N("non_birth_date", "07/01/2025"), oid=N("oid", "1.2.840.113549.1.1.11"))


@case("ticket_export", "fr")
def _():
    return fill('''Export GitHub — harbourline/hlx-sdk#91 « Documentation : exemple de configuration trompeur »
Ouvert le {d} par un contributeur.
Le README montre `password: {p1}` puis `token: {p2}` : il faudrait préciser que ce sont des exemples.
Versions touchées : {v1} et {v2} ; commit de correction proposé {sha}.
Référence du manuel imprimé : ISBN {isbn}. Identifiant de la demande : {uid}.''', d=N("non_birth_date", "17 février 2025"),
                p1=N("placeholder", "your-password-here"), p2=N("placeholder", "<TOKEN>"), v1=N("version", "2.3.4"), v2=N("version", "2.4.0"),
                sha=N("git_sha", git_sha()), isbn=N("isbn", isbn13()), uid=N("uuid", uuid4()))


@case("csv_export", "fr")
def _():
    lines = ["cle;type;empreinte;creee_le;expire_le"]
    for i in range(3):
        lines.append(f"{['signature-maj', 'chiffrement-psirt', 'ci-release'][i]};{['rsa4096', 'ed25519', 'rsa3072'][i]};"
                     f"{N('pgp_fingerprint', luhn_fingerprint() if i != 1 else fingerprint())};"
                     f"{N('non_birth_date', '2023-0' + str(i + 3) + '-01')};{N('non_birth_date', '2027-0' + str(i + 3) + '-01')}")
    return ("Inventaire des clés publiques OpenPGP (export keyring.csv) — empreintes publiques, pas de secret :\n" + "\n".join(lines) +
            "\nClé du PSIRT destinataire : " + N("pgp_fingerprint", "FC3C 4520 576E C756 AE73 0030 5369 49C4 8448 AE39") + "\n")


# ================================================================= main
def generate():
    R.seed(SEED)
    cases = []
    for i, (carrier, lang, rem, fn) in enumerate(CASES):
        cases.append(build(f"d9b-{i + 1:03d}", carrier, lang, fn(), rem))
    return cases


def dumps(cases):
    return "".join(json.dumps(c, ensure_ascii=False, separators=(", ", ": ")) + "\n" for c in cases)


def sanity(cases):
    errs = []
    ids = set()
    assert u16len("é😀a") == 4 and u16slice("x😀é-y", 1, 4) == "😀é"
    for c in cases:
        t = c["text"]
        n = u16len(t)
        if c["id"] in ids:
            errs.append(f"{c['id']}: duplicate id")
        ids.add(c["id"])
        spans = []
        for lab in c["labels"]:
            a, b = lab["start"], lab["end"]
            if not (0 <= a < b <= n):
                errs.append(f"{c['id']}: bad span {a}-{b}")
                continue
            v = u16slice(t, a, b)
            if v != v.strip():
                errs.append(f"{c['id']}: whitespace at span edge {v!r}")
            if lab["category"] not in GROUP or GROUP[lab["category"]][0] != lab["group"]:
                errs.append(f"{c['id']}: bad category/group {lab}")
            if lab["severity"] not in ("critical", "high", "medium", "info"):
                errs.append(f"{c['id']}: bad severity")
            for al in lab.get("also", []):
                if al not in GROUP:
                    errs.append(f"{c['id']}: bad also {al}")
            spans.append((a, b, "L"))
        for ng in c["negatives"]:
            a, b = ng["start"], ng["end"]
            if not (0 <= a < b <= n):
                errs.append(f"{c['id']}: bad negative span")
            spans.append((a, b, "N"))
        spans.sort()
        for (a1, b1, k1), (a2, b2, k2) in zip(spans, spans[1:]):
            if a2 < b1:
                errs.append(f"{c['id']}: overlapping spans {a1}-{b1} {a2}-{b2}")
    return errs


def main():
    cases = generate()
    errs = sanity(cases)
    if errs:
        print("\n".join(errs))
        sys.exit(1)
    data = dumps(cases)
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            cur = f.read()
        if cur != data:
            print("cases.jsonl differs from generated output")
            sys.exit(1)
        again = dumps(generate())
        assert again == data, "generation not deterministic"
        fr = sum(c["language"] == "fr" for c in cases)
        print(f"OK: {len(cases)} cases, {fr} fr ({100 * fr / len(cases):.1f} %), "
              f"{sum(not c['labels'] for c in cases)} clean, {sum(len(c['labels']) for c in cases)} labels")
        return
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
