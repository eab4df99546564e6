#!/usr/bin/env python3
"""Blind test corpus b8a for a sensitive-data scanner (writer A).

Standard library only.  One random.Random with a fixed seed; running it twice
writes the same bytes.  `--check` regenerates in memory, compares with the
committed cases.jsonl and checks every span.

Texts are written with inline markup:
    \u27e6spec|value\u27e7   a label   spec = category[+also...][?][!severity]
                                  '?' = optional, '!info' = severity override
    \u27eakind|value\u27eb   a hard negative
The markup is removed and UTF-16 offsets are computed on the final text.
"""
import base64
import hashlib
import json
import os
import random
import re
import string
import sys

SEED = 0xB8A2024
R = random.Random(SEED)

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DIG = string.digits
ALNUM = UP + LO + DIG
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"

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
NEG_KINDS = {"placeholder", "redacted", "git_sha", "uuid", "file_hash", "npm_integrity",
             "pgp_fingerprint", "ssh_fingerprint", "public_key", "certificate", "version",
             "cvss_vector", "timestamp", "order_id", "isbn", "siret", "amount", "public_ip",
             "documentation_ip", "public_hostname", "oid", "psirt_address", "reporter_contact",
             "company_contact", "non_birth_date", "setting", "infrastructure_info",
             "cve_id", "encrypted_blob", "csrf_token", "publishable_key", "masked_card",
             "signature", "reference", "username", "identifier", "hmac_signature",
             "env_reference", "public_identifier", "test_value"}


def group_of(cat):
    if cat in CRED:
        return "credentials"
    if cat in INFRA:
        return "infrastructure"
    return "personal"


def default_sev(cat):
    if cat in CRED:
        return "critical"
    if cat in PERS_HIGH:
        return "high"
    if cat in PERS_MED:
        return "medium"
    return "info"


# --------------------------------------------------------------------------- markup
def L(cat, value, *also, opt=False, sev=None):
    spec = cat + "".join("+" + a for a in also) + ("?" if opt else "") + ("!" + sev if sev else "")
    return "\u27e6" + spec + "|" + value + "\u27e7"


def N(kind, value):
    return "\u27ea" + kind + "|" + value + "\u27eb"


MARK = re.compile("\u27e6([^|\u27e7]+)\\|(.*?)\u27e7|\u27ea([^|\u27eb]+)\\|(.*?)\u27eb", re.S)


def u16len(s):
    return len(s.encode("utf-16-le")) // 2


def parse(marked):
    out = []
    labels, negs = [], []
    pos = 0
    plain_len = 0
    for m in MARK.finditer(marked):
        chunk = marked[pos:m.start()]
        out.append(chunk)
        plain_len += u16len(chunk)
        if m.group(1) is not None:
            spec, val = m.group(1), m.group(2)
            sev = None
            if "!" in spec:
                spec, sev = spec.split("!")
            opt = spec.endswith("?")
            spec = spec.rstrip("?")
            parts = spec.split("+")
            cat, also = parts[0], parts[1:]
            lab = {"start": plain_len, "end": plain_len + u16len(val), "category": cat,
                   "severity": sev or default_sev(cat), "group": group_of(cat)}
            if also:
                lab["also"] = also
            if opt:
                lab["optional"] = True
            labels.append((lab, val))
        else:
            kind, val = m.group(3), m.group(4)
            negs.append(({"start": plain_len, "end": plain_len + u16len(val), "kind": kind}, val))
        out.append(val)
        plain_len += u16len(val)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), labels, negs


CASES = []


def case(carrier, lang, marked, reporter_email=None):
    text, labels, negs = parse(marked)
    obj = {"id": "b8a-%03d" % (len(CASES) + 1), "carrier": carrier, "language": lang, "text": text,
           "labels": [l for l, _ in labels], "negatives": [n for n, _ in negs]}
    if reporter_email:
        obj["reporter_email"] = reporter_email
    CASES.append((obj, [v for _, v in labels], [v for _, v in negs]))


# --------------------------------------------------------------------------- value makers
def rs(n, cs=ALNUM):
    return "".join(R.choice(cs) for _ in range(n))


def digits(n):
    return "".join(R.choice(DIG) for _ in range(n))


def hexs(n):
    return rs(n, HEX)


def sha1():
    return hexs(40)


def sha256():
    return hexs(64)


def uuid4():
    h = list(hexs(32))
    h[12] = "4"
    h[16] = R.choice("89ab")
    h = "".join(h)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def rbytes(n):
    return bytes(R.randrange(256) for _ in range(n))


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def ghp():
    return "ghp_" + rs(36)


def gho():
    return "gho_" + rs(36)


def ghpat():
    return "github_pat_11" + rs(20, UP + DIG) + "_" + rs(59)


def glpat():
    return "glpat-" + rs(20, ALNUM + "-_")


def akia(prefix="AKIA"):
    return prefix + rs(16, UP + "234567")


def awssec():
    return rs(40, B64)


def xox(kind="b"):
    return f"xox{kind}-{digits(12)}-{digits(13)}-{rs(24)}"


def slack_hook():
    return f"https://hooks.slack.com/services/T{rs(8, UP + DIG)}/B{rs(10, UP + DIG)}/{rs(24)}"


def stripe(kind="sk"):
    return f"{kind}_live_51{rs(22)}{rs(75)}" if R.random() < 0.5 else f"{kind}_live_{rs(24)}"


def gapi():
    return "AIza" + rs(35, B64URL)


def npmtok():
    return "npm_" + rs(36)


def pypitok():
    return "pypi-AgEIcHlwaS5vcmc" + rs(R.randrange(120, 160), B64URL)


def sgkey():
    return "SG." + rs(22, B64URL) + "." + rs(43, B64URL)


def twilio():
    return "SK" + hexs(32)


def openai():
    return "sk-proj-" + rs(74, B64URL) + "T3BlbkFJ" + rs(74, B64URL)


def anthropic():
    return "sk-ant-api03-" + rs(93, B64URL) + "AA"


def hftok():
    return "hf_" + rs(34, UP + LO)


def jwt(payload, alg="HS256"):
    head = {"alg": alg, "typ": "JWT"}
    sig = rbytes(256 if alg.startswith("RS") else 32)
    enc = lambda o: b64u(json.dumps(o, separators=(",", ":")).encode())
    return enc(head) + "." + enc(payload) + "." + b64u(sig)


def wrap(s, n=64):
    return "\n".join(s[i:i + n] for i in range(0, len(s), n))


def pem_key(kind="rsa"):
    if kind == "openssh":
        body = b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x003\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 " + rbytes(200)
        return ("-----BEGIN OPENSSH PRIVATE KEY-----\n" + wrap(base64.b64encode(body).decode(), 70)
                + "\n-----END OPENSSH PRIVATE KEY-----")
    if kind == "ec":
        body = (bytes.fromhex("30770201010420") + rbytes(32)
                + bytes.fromhex("a00a06082a8648ce3d030107a144034200") + b"\x04" + rbytes(64))
        return ("-----BEGIN EC PRIVATE KEY-----\n" + wrap(base64.b64encode(body).decode())
                + "\n-----END EC PRIVATE KEY-----")
    if kind == "pkcs8":
        body = bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100") + rbytes(1180)
        return ("-----BEGIN PRIVATE KEY-----\n" + wrap(base64.b64encode(body).decode())
                + "\n-----END PRIVATE KEY-----")
    body = bytes.fromhex("308204a40201000282010100") + rbytes(1180)
    return ("-----BEGIN RSA PRIVATE KEY-----\n" + wrap(base64.b64encode(body).decode())
            + "\n-----END RSA PRIVATE KEY-----")


def cert():
    body = bytes.fromhex("3082036f30820257a003020102021400") + rbytes(600)
    return "-----BEGIN CERTIFICATE-----\n" + wrap(base64.b64encode(body).decode()) + "\n-----END CERTIFICATE-----"


def ssh_pub(comment):
    body = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + rbytes(32)
    return "ssh-ed25519 " + base64.b64encode(body).decode() + " " + comment


def ssh_fp():
    return "SHA256:" + base64.b64encode(rbytes(32)).decode().rstrip("=")


def bcrypt(cost=12):
    return f"$2b${cost:02d}$" + rs(53, "./" + ALNUM)


def sha512crypt():
    return "$6$" + rs(16, "./" + ALNUM) + "$" + rs(86, "./" + ALNUM)


def argon2():
    return ("$argon2id$v=19$m=65536,t=3,p=4$" + base64.b64encode(rbytes(16)).decode().rstrip("=")
            + "$" + base64.b64encode(rbytes(32)).decode().rstrip("="))


def luhn_ok(num):
    tot = 0
    for i, c in enumerate(reversed(num)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def luhn_complete(body):
    for c in DIG:
        if luhn_ok(body + c):
            return body + c
    raise AssertionError


def card(brand="visa"):
    if brand == "visa":
        pre, n = "4" + R.choice(["539", "970", "716", "024", "929", "485"]), 16
    elif brand == "mc":
        pre, n = R.choice(["51", "52", "53", "54", "55", "2221", "2720", "2367"]), 16
    elif brand == "amex":
        pre, n = R.choice(["34", "37"]), 15
    elif brand == "discover":
        pre, n = "6011", 16
    elif brand == "jcb":
        pre, n = "3528", 16
    else:
        raise ValueError(brand)
    return luhn_complete(pre + digits(n - len(pre) - 1))


def fmt_card(num, sep=" "):
    if len(num) == 15:
        return num[:4] + sep + num[4:10] + sep + num[10:]
    return sep.join(num[i:i + 4] for i in range(0, len(num), 4))


def _iban(cc, bban):
    num = "".join(str(int(c, 36)) for c in bban + cc + "00")
    return f"{cc}{98 - int(num) % 97:02d}{bban}"


def iban(cc="FR"):
    if cc == "FR":
        bank, branch, acct = digits(5), digits(5), digits(11)
        key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)
        bban = f"{bank}{branch}{acct}{key:02d}"
    elif cc == "DE":
        bban = digits(18)
    elif cc == "ES":
        bank, branch, acct = digits(4), digits(4), digits(10)
        def dc(s, w):
            d = 11 - sum(int(a) * b for a, b in zip(s, w)) % 11
            return {10: 1, 11: 0}.get(d, d)
        d1 = dc("00" + bank + branch, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6])
        d2 = dc(acct, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6])
        bban = f"{bank}{branch}{d1}{d2}{acct}"
    elif cc == "BE":
        b = digits(10)
        k = int(b) % 97 or 97
        bban = f"{b}{k:02d}"
    elif cc == "IT":
        rest = digits(5) + digits(5) + digits(12)
        bban = cf_check(rest) + rest
    elif cc == "GB":
        bban = R.choice(["NWBK", "BARC", "LOYD", "MIDL"]) + digits(14)
    elif cc == "NL":
        bban = R.choice(["ABNA", "RABO", "INGB"]) + digits(10)
    elif cc == "LU":
        bban = digits(3) + digits(13)
    elif cc == "CH":
        bban = digits(17)
    elif cc == "PT":
        bban = digits(21)
    else:
        raise ValueError(cc)
    return _iban(cc, bban)


IBAN_LEN = {"FR": 27, "DE": 22, "ES": 24, "BE": 16, "IT": 27, "GB": 22, "NL": 18, "LU": 20, "CH": 21, "PT": 25}


def iban_valid(s):
    s = s.replace(" ", "")
    if len(s) != IBAN_LEN.get(s[:2], -1):
        return False
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def fmt_iban(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def nir(sex, yy, mm, dept, commune, order, spaced=True):
    base = f"{sex}{yy:02d}{mm:02d}{dept}{commune:03d}{order:03d}"
    key = 97 - int(base) % 97
    if spaced:
        return f"{base[0]} {base[1:3]} {base[3:5]} {base[5:7]} {base[7:10]} {base[10:13]} {key:02d}"
    return f"{base}{key:02d}"


def dni():
    n = R.randrange(10000000, 99999999)
    return f"{n:08d}" + "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23]


def nie():
    p = R.choice("XYZ")
    n = R.randrange(1000000, 9999999)
    return f"{p}{n:07d}" + "TRWAGMYFPDXBNJZSQVHLCKE"[int(str('XYZ'.index(p)) + f'{n:07d}') % 23]


_CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def cf_check(s):
    tot = 0
    for i, c in enumerate(s):
        v = int(c) if c.isdigit() else ord(c) - 65
        tot += _CF_ODD[v] if i % 2 == 0 else v
    return chr(65 + tot % 26)


def codice_fiscale(surname, name, year, month, day, female, comune):
    def cons(s):
        return [c for c in s.upper() if c.isalpha() and c not in "AEIOU"]
    def vow(s):
        return [c for c in s.upper() if c in "AEIOU"]
    sc = (cons(surname) + vow(surname) + ["X"] * 3)[:3]
    nc = cons(name)
    nc = [nc[0], nc[2], nc[3]] if len(nc) >= 4 else (nc + vow(name) + ["X"] * 3)[:3]
    code = "".join(sc + nc) + f"{year % 100:02d}" + "ABCDEHLMPRST"[month - 1] + f"{day + (40 if female else 0):02d}" + comune
    return code + cf_check(code)


def nino():
    while True:
        a, b = R.choice("ABCEGHJKLMNOPRSTWXYZ"), R.choice("ABCEGHJKLMNPRSTWXYZ")
        if a + b not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
            break
    d = digits(6)
    return f"{a}{b} {d[:2]} {d[2:4]} {d[4:]} {R.choice('ABCD')}"


def ssn():
    while True:
        a = R.randrange(1, 900)
        if a != 666:
            break
    return f"{a:03d}-{R.randrange(1, 100):02d}-{R.randrange(1, 10000):04d}"


def mrz_cd(s):
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


def mrz_td3(doc_type, country, surname, given, number, nationality, dob, sex, expiry, personal=""):
    names = surname.upper().replace(" ", "<").replace("-", "<") + "<<" + given.upper().replace(" ", "<").replace("-", "<")
    l1 = (doc_type + country + names + "<" * 44)[:44]
    num = (number + "<" * 9)[:9]
    pers = (personal + "<" * 14)[:14]
    pcd = mrz_cd(pers) if personal else "<"
    l2 = num + mrz_cd(num) + nationality + dob + mrz_cd(dob) + sex + expiry + mrz_cd(expiry) + pers + pcd
    comp = l2[0:10] + l2[13:20] + l2[21:43]
    l2 = l2 + mrz_cd(comp)
    assert len(l1) == 44 and len(l2) == 44
    return l1, l2


def fr_mobile(spaced=True):
    d = R.choice("67") + digits(8)
    return "0" + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2)) if spaced else "0" + d


def fr_intl():
    d = R.choice("67") + digits(8)
    return "+33 " + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2))


def pgp_fp(luhn=False):
    """40 hex digits grouped in fours; with luhn=True groups 2-5 are digits only and pass Luhn."""
    if luhn:
        mid = luhn_complete(R.choice("45") + digits(14))
        g = [hexs(4).upper()] + [mid[i:i + 4] for i in range(0, 16, 4)] + [hexs(4).upper() for _ in range(5)]
    else:
        h = hexs(40).upper()
        g = [h[i:i + 4] for i in range(0, 40, 4)]
    return " ".join(g[:5]) + "  " + " ".join(g[5:])


def fp_mid(fp):
    return fp.replace("  ", " ").split(" ")[1:5]


PSIRT = "psirt@thalesgroup.com"
CNA = "cna-coordinator@thalesgroup.com"
PSIRT_FP = "FC3C 4520 576E C756 AE73  0030 5369 49C4 8448 AE39"


# =========================================================================== prose_en
def prose_en():
    rep = "m.ostrander@pm-labs.io"
    ak, sk = akia(), awssec()
    case("prose_en", "en", f"""Summary: the public marketing site (build {N('version', '4.18.2')}) ships a JavaScript bundle, /static/js/main.{N('file_hash', hexs(8))}.chunk.js, that embeds a full AWS key pair used by the upload widget.

While reviewing the bundle I found the following object literal:

    s3: {{ region: "eu-west-3", accessKeyId: "{L('aws_access_key_id', ak)}", secretAccessKey: "{L('aws_secret_key', sk)}" }}

I only called sts:GetCallerIdentity to confirm the key is live (it is, account 4478-xxxx-xxxx, I stopped there). No object was listed or downloaded.
CVSS: {N('cvss_vector', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N')} (9.1)
SHA-256 of the bundle as fetched: {N('file_hash', sha256())}

Regards,
{N('reporter_contact', 'Mira Ostrander')} — PM Labs, {N('reporter_contact', '+46 70 412 88 03')}
{N('reporter_contact', rep)}
""", reporter_email=rep)

    case("prose_en", "en", f"""Hi team,

following up on ticket {N('reference', 'SR-20931')}. The onboarding PDF that your partner portal serves to anyone (no login) has a "first steps" page. On page 3 there is a screenshot of a terminal, and the login it shows still works: I connected to the staging admin console as svc_backup / {L('password_assignment', 'Pl4nk-Harbor-19')} and landed on the dashboard of {L('internal_hostname', 'stg-admin01.corp.velmora.lan')}. I logged out right away.

The PDF's metadata says it was produced on {N('non_birth_date', '2023-11-07')} with LibreOffice {N('version', '7.5.3.2')}.
""")

    case("prose_en", "en", f"""The /api/v2/records/{{id}} endpoint does not check that the record belongs to the caller. Incrementing the id from my own test record ({N('identifier', '88120')}) to 88121 returned somebody else's file. I am quoting only what is needed to show the severity and I have deleted my copy:

the record belongs to Ms. Ragnhild Halvorsen, born {L('date_of_birth', '14 March 1961')}, and lists "{L('health_data', 'type 2 diabetes, on insulin since 2019, diabetic retinopathy (left eye)')}". Her home address, {L('postal_address', '27 Kestrel Road, Norwich NR3 1QB')}, is printed in the letterhead field.

I did not enumerate further than that one id.
""")

    j = jwt({"sub": "4f1c2d", "role": "admin", "iat": 1714032000, "exp": 1893456000, "iss": "sso.internal"}, "HS256")
    case("prose_en", "en", f"""SSO — JWT signature never verified (alg=none accepted too). PoC token I forged, still valid until 2030 because exp is not checked either:
{L('jwt', j)}
Tested against {L('internal_hostname', 'auth-gw.int.brixham-systems.net')} via VPN. Fix: pin alg, verify sig.
""")

    case("prose_en", "en", f"""[Forum post, translated by the author from Portuguese]

Hello to all. I am not sure it is the good place to write it. Last week me and my colleague tested the VPN appliance of the factory where we work and we found that the web console accept one secret for every device. The shared secret we agreed on is {L('password_assignment', 'tangerine-47-ocelot')}, and the supplier never changed it after installation, so every site has it. After, from the diagnostic page, I typed `{L('password_assignment', 'Qz9#vault!Erma')}` in the "support" field and got a root shell. I think it is serious. Thanks for reading and sorry for my english.
""")

    fp_ok = pgp_fp(luhn=True)
    rep2 = "h.varga@secnode.eu"
    case("prose_en", "en", f"""Title: Stored XSS in the ticket subject of the customer portal

Affected: ServiceDesk Portal {N('version', '3.2.0')} to {N('version', '3.4.7')} (commit {N('git_sha', sha1())})
CVSS v4: {N('cvss_vector', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N')}
CWE-79

Steps: create a ticket whose subject is `<img src=x onerror=alert(document.domain)>`; when an agent opens the queue the payload runs. Ticket id in my test tenant: {N('uuid', uuid4())}. The PoC archive poc.zip has SHA-256 {N('file_hash', sha256())}.

The payload was served from my test box at {N('documentation_ip', '203.0.113.57')}; the portal answered from {N('public_ip', '151.101.65.140')}.
I will encrypt follow-ups to {N('psirt_address', PSIRT)} using your key {N('pgp_fingerprint', PSIRT_FP)}. My own key: {N('pgp_fingerprint', fp_ok)}.

— {N('reporter_contact', 'Hanna Varga')}, {N('reporter_contact', rep2)}, {N('reporter_contact', '+36 30 555 2718')}
""", reporter_email=rep2)

    case("prose_en", "en", f"""Draft advisory — timeline

{N('non_birth_date', '2024-01-09')}  initial report sent to {N('psirt_address', PSIRT)}
{N('non_birth_date', '2024-01-11')}  acknowledged (ref {N('reference', 'PSIRT-2024-0117')})
{N('non_birth_date', '2024-03-02')}  fix released in firmware {N('version', 'v2.11.4-r3')}
{N('non_birth_date', '2024-04-15')}  {N('cve_id', 'CVE-2024-31877')} published

Firmware image digest: {N('file_hash', hashlib.md5(rbytes(20)).hexdigest())} (md5 as printed on the vendor download page), signing key fingerprint {N('pgp_fingerprint', pgp_fp(luhn=True))}.
Order of the evaluation unit: {N('order_id', '#4400-7781-2209')}, paid {N('amount', '€1,249.00')}.
""")

    case("prose_en", "en", f"""Note on the password policy finding (low): the admin UI accepts `password_min_length: {N('setting', '6')}` although the hardening guide says {N('setting', '12')}. The setting is stored in plain text next to `password_history: {N('setting', '5')}` and `lockout_threshold: {N('setting', '10')}`.

The audit log does mask secrets correctly, e.g.

    {N('redacted', 'password=***')} user=jdoe-test action=login result=fail
    {N('redacted', 'Authorization: Bearer [REDACTED]')}

and the export shows the API token column as {N('redacted', '********')}. So no secret leaked there; the issue is only the weak minimum.
""")

    case("prose_en", "en", f"""The misconfigured SharePoint library ("HR-Restricted/2023 reviews") is readable by every authenticated guest account. I opened one file to check the classification and closed it. It is an annual review: Daniel Okafor's {L('employment_data', 'base salary is £84,500')}, and the manager notes that he {L('employment_data', 'received a final written warning on 12 June 2023 for repeated absence')}. I have not opened any other file and I am not keeping a copy.
""")

    case("prose_en", "en", f"""Booking API leaks other passengers' trips. With my own session I requested /booking/lookup?ref=K7QX2N (my PNR is K7QX2M, I changed one letter). The answer was the trip of Ingrid Solberg: booking reference {L('travel_record', 'K7QX2N')}, e-ticket {L('travel_record', '117-2419835506')}, {L('travel_record', 'flight SK1467 on 3 May 2024, seat 14C')}. The response also carried her mobile, {L('phone_number', '+47 913 58 204')}.
""")

    c1 = card("mc")
    case("prose_en", "en", f"""The debug endpoint /payments/last returns the last captured card in clear. Two calls, two different customers. First: {L('payment_card', fmt_card(c1))}, exp 09/27. The second was a test card, {L('payment_card', '4111 1111 1111 1111', sev='info')}, which suggests the sandbox and production share the same store. PCI scope issue, obviously.
""")

    case("prose_en", "en", f"""Not a vulnerability, more a documentation remark: the quick-start still shows the sample AWS key {L('aws_access_key_id', 'AKIAIOSFODNN7EXAMPLE', sev='info')} and secret {L('aws_secret_key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sev='info')}, which is fine, and a contact block with {L('email_address', 'jane.doe@example.com', sev='info')} and the phone number {L('phone_number', '+1 202-555-0142', sev='info')}. Anyway nothing real is exposed. Ping the docs team at {N('company_contact', 'docs-feedback@thalesgroup.com')}.
""")

    us_pp = "5" + digits(8)
    case("prose_en", "en", f"""The applicant portal stores uploaded forms in a world-readable bucket. One example (I stopped after the first file): the visa-support form of Marcus Whitfield gives SSN {L('national_id', ssn())}, US passport {L('identity_document', us_pp)} and "current address: {L('postal_address', '1184 Larkspur Lane, Apt 3B, Columbus, OH 43214')}". The form is dated {N('non_birth_date', 'February 2, 2024')}.
""")

# =========================================================================== prose_fr
def prose_fr():
    rep = "c.pellegrin@audit-rhone.fr"
    ib = iban("FR")
    n1 = nir(1, 84, 6, "69", 383, 112)
    case("prose_fr", "fr", f"""Objet : fuite de données — sauvegarde RH accessible sans authentification

Bonjour,

En testant la plateforme de recrutement (version {N('version', '5.3.1')}), j'ai constaté que le répertoire /exports/ est listable. Il contient « paie_2024-03.xlsx ». J'ai ouvert la première ligne uniquement pour qualifier la fuite : M. Julien Esteve, n° de sécurité sociale {L('national_id', n1)}, IBAN {L('iban', fmt_iban(ib))}, domicilié {L('postal_address', '8 impasse des Capucines, 69008 Lyon')}. Je n'ai rien conservé.

Vecteur CVSS proposé : {N('cvss_vector', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N')}.

Cordialement,
{N('reporter_contact', 'Clément Pellegrin')}
Audit Rhône SAS — {N('reporter_contact', '04 72 41 09 86')}
{N('reporter_contact', '12 quai Perrache, 69002 Lyon')}
""", reporter_email=rep)

    case("prose_fr", "fr", f"""Le dépôt public « infra-legacy » contient encore le fichier deploy/id_rsa.enc et le script qui l'ouvre. Le commentaire en tête du script dit que la clé se déverrouille avec la phrase {L('password_assignment', 'les-hérons-dorment-à-Brest')} ; j'ai vérifié qu'elle ouvre bien le fichier, sans utiliser la clé obtenue ensuite. Le dépôt est en ligne depuis le {N('non_birth_date', '3 octobre 2022')}.
""")

    case("prose_fr", "fr", f"""Signalement (intrusion physique NON réalisée, observation seulement) : sur la photo publiée par l'agence sur son compte LinkedIn le {N('non_birth_date', '14/02/2024')}, on lit au tableau blanc derrière l'équipe : « salle serveurs, badge en panne → le code est {L('password_assignment', '1815')} ». Même chose sur le post-it collé sur l'écran de droite : « wifi invités : {L('password_assignment', 'Soleil2024!')} ». Je n'ai évidemment pas testé ces codes.
""")

    case("prose_fr", "fr", f"""Via l'IDOR sur /rh/absences/{{id}}, la fiche suivante m'est revenue (je ne cite que le nécessaire) : Mme Sandrine Lefebvre, née le {L('date_of_birth', '02/11/1978')}, {L('health_data', 'en arrêt de travail du 12 mars au 30 avril 2024 pour épisode dépressif sévère')}. Le champ « médecin » contient aussi le nom de son psychiatre. La fiche a été modifiée le {N('non_birth_date', '11/03/2024')}.
""")

    nf = R.choice("0123") + digits(12)
    case("prose_fr", "fr", f"""Deuxième document trouvé dans le même partage : le bulletin de paie de M. Bertrand Caillaux, {L('employment_data', 'salaire brut mensuel 4 850,00 €')}, et, rangé à côté, son avis d'imposition 2023 : numéro fiscal {L('tax_record', nf)}, {L('tax_record', 'impôt sur le revenu net : 6 214 €')}. Référence de l'avis : {N('reference', '23 69 A12 345 678')}. Le partage est ouvert au groupe « Tout le monde ».
""")

    rep2 = "n.benali@proton.me"
    case("prose_fr", "fr", f"""Bonjour l'équipe PSIRT,

je vous transmets un rapport sur une redirection ouverte dans le portail fournisseurs (paramètre `next=`), versions {N('version', '2.0.0')} à {N('version', '2.4.3')}. Aucune donnée personnelle ni identifiant n'est joint.

- Société concernée : Valdor Industries, SIRET {N('siret', '552 100 554 00013')}
- Montant de la commande test : {N('amount', '1 250,00 € HT')}, commande {N('order_id', 'CMD-2024-004512')}
- Première observation : {N('non_birth_date', 'le 5 janvier 2024 à 14 h 32')}
- Empreinte de la capture : {N('file_hash', sha256())}
- CVSS : {N('cvss_vector', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N')}

Pour me joindre : {N('reporter_contact', rep2)}. Le standard de Valdor ({N('company_contact', '+33 1 44 50 12 00')}) m'a redirigé vers vous.
Copie à {N('psirt_address', PSIRT)}.

Nadia Benali
""", reporter_email=rep2)

    case("prose_fr", "fr", f"""Ticket {N('reference', 'INC0042117')} — résolu. Le formulaire de réinitialisation affichait « Mot de passe : {N('redacted', '********')} » et le journal montre {N('redacted', 'pwd=[caviardé]')}. Les exemples de la documentation utilisent {N('placeholder', 'votre-mot-de-passe-ici')} et {N('placeholder', '<JETON_API>')}. Aucune valeur réelle. Corrélation : {N('uuid', uuid4())}.
""")

    case("prose_fr", "fr", f"""Remarque sur la politique de mots de passe : la longueur minimale est fixée à {N('setting', '8 caractères')} au lieu de {N('setting', '12')}, l'expiration à {N('setting', '90 jours')}. Le guide cité (ISBN {N('isbn', '978-2-10-080146-2')}) recommande plutôt une phrase de passe longue. Version testée : {N('version', '11.2 LTS')} ; date du test : {N('non_birth_date', '22/05/2024')}.
""")

    case("prose_fr", "fr", f"""Pour prouver l'accès, je me suis connecté en tant que « exploit_ro » avec {L('password_assignment', 'Brume&Phare_2024')} (compte trouvé dans le wiki public, page « Accès lecture seule »), puis j'ai lancé un simple `SELECT 1` sur {L('internal_hostname', 'pg-lecture.dmz.orvalis.local')} ({L('private_ip', '10.42.7.19')}). Déconnecté immédiatement.
""")

    case("prose_fr", "fr", f"""L'agence de voyages d'entreprise expose les itinéraires. Exemple vu (un seul) : M. Mathis Ferrand, passeport n° {L('identity_document', '19CK42817')}, {L('travel_record', 'vol AF1234 Paris-CDG → Montréal le 18 juin, siège 23A')}, dossier de réservation {L('travel_record', 'QZ7LMB')}.
""")

    g = ghp()
    case("prose_fr", "fr", f"""(Traduit de l'anglais par l'auteur)

Le jeton de l'API il est {L('github_token', g)}, il se trouve dans le fichier de la pipeline qui est public. Avec ce jeton on peut pousser sur la branche principale, nous avons essayé seulement la lecture de /user pour confirmer qu'il est actif. Merci de le révoquer dès que possible s'il vous plaît.
""")

    case("prose_fr", "fr", f"""Le formulaire de contact renvoie la fiche complète du client précédent dans le champ caché « prefill ». J'y ai vu l'adresse de la cliente, {L('email_address', 'lucie.marchetti@orange.fr')}, et son portable, {L('phone_number', fr_mobile())}. Le service client ({N('company_contact', 'service.clients@valdor-industries.fr')}, {N('company_contact', '09 69 32 15 15')}) n'est pas en cause.
""")

    case("prose_fr", "fr", f"""Contexte réseau du test (aucun secret) : la console d'administration répond sur {N('infrastructure_info', 'adm-console.siege.kerlann.intra')} ({N('infrastructure_info', '192.168.40.12')}) et la base sur {N('infrastructure_info', '172.20.3.8')}. Depuis l'extérieur, seule {N('public_hostname', 'portail.kerlann-energie.fr')} ({N('public_ip', '185.42.117.9')}) est exposée. Nos tests sont partis de {N('documentation_ip', '198.51.100.23')}. Mise à jour testée : {N('version', '8.0.4')}.
""")

    case("prose_fr", "fr", f"""La page d'aide du module de paiement montre comme exemple la carte {L('payment_card', '4111 1111 1111 1111', sev='info')} et l'adresse {L('email_address', 'jean.dupont@example.com', sev='info')} : ce sont des valeurs de documentation, pas une fuite. En revanche le lien « télécharger les journaux » de la même page pointe vers {N('public_hostname', 'support.valdor-industries.fr')}, que je signale séparément (ref {N('reference', 'VDI-SEC-0091')}).
""")

# =========================================================================== chat
def chat():
    t = xox("b")
    case("chat", "en", f"""#deploy-prod — exported 2024-04-18
[10:41] alice.k: bot still can't post to #alerts 😩
[10:42] tom.r: use the new one, I just regenerated it → {L('slack_token', t)} 🔥
[10:42] tom.r: don't share it outside this channel pls
[10:43] alice.k: 👍 works. ty
[10:47] ci-bot: build {N('version', '1.92.0')} passed ({N('git_sha', sha1()[:7])})
""")

    case("chat", "fr", f"""[12/03/2024 21:14] Karim Haddad: au fait le mdp du wifi de l'atelier c'est {L('password_assignment', 'Chaussette-Bleue-77')} 😅
[12/03/2024 21:15] Élodie: merci !! et le routeur ?
[12/03/2024 21:15] Karim Haddad: admin / {L('password_assignment', 'Atelier#2019')} mais touche à rien stp 🙏
[12/03/2024 21:16] Élodie: 👌
""")

    case("chat", "en", f"""*** #ics-research on Libera (log)
<kelvin> so did the vendor ever rotate it?
<nyx> nope. the shared secret we agreed on is still {L('password_assignment', '7fK!river-otter')} on all their gateways
<kelvin> lol. fingerprint of the gw cert? 
<nyx> {N('ssh_fingerprint', ssh_fp())}
<kelvin> k, writing it up for the psirt
""")

    case("chat", "fr", f"""Conversation Teams — Service de cardiologie (export)
[08:02] Infirmière Lina B. : le patient de la 12, M. Gérard Roussel, {L('health_data', 'sous anticoagulants (Eliquis 5 mg) depuis son AVC de janvier')}, sort demain
[08:03] Dr Marchal : ok, qu'on prévienne sa fille au {L('phone_number', fr_mobile())}
[08:04] Infirmière Lina B. : il rentre chez lui, {L('postal_address', '3 allée des Mimosas, 13090 Aix-en-Provence')}
[08:05] Dr Marchal : 👍
""")

    case("chat", "en", f"""[Slack export] #sec-triage
2024-05-02 09:12 priya: the token in the screenshot is `{N('redacted', 'xoxb-REDACTED')}`, nothing to rotate
2024-05-02 09:13 sam: and the curl in the ticket shows `{N('redacted', 'Authorization: Bearer [REDACTED]')}` 👍
2024-05-02 09:14 priya: commit {N('git_sha', sha1())} removed the rest. Request id {N('uuid', uuid4())}
2024-05-02 09:15 sam: cool, closing {N('reference', 'SEC-4471')}
""")

    rep = "theo.gaillard@mailo.com"
    case("chat", "fr", f"""[WhatsApp — groupe « Bug bounty 🇫🇷 »]
[03/05/2024 18:20] Théo: j'ai envoyé le rapport au PSIRT ({N('psirt_address', PSIRT)}) 🎉
[03/05/2024 18:21] Théo: mon numéro pour ce signalement : {N('reporter_contact', '06 52 18 77 30')}, mon mail {N('reporter_contact', rep)}
[03/05/2024 18:22] Inès: bravo ! la prime c'était combien ?
[03/05/2024 18:22] Théo: {N('amount', '750 €')} 😎 ref {N('reference', 'BB-2024-0388')}
""", reporter_email=rep)

    h = slack_hook()
    case("chat", "en", f"""[Mattermost] ~town-square
@dana: anyone knows why alerts stopped?
@luis: I changed the integration, new URL is
{L('slack_webhook', h)}
@luis: old one {N('placeholder', 'https://hooks.slack.com/services/XXXX/YYYY/ZZZZ')} is dead
@dana: thx 🙌🏽
""")

    j = jwt({"sub": "u_55102", "email": "s.morel@kerlann-energie.fr", "scope": "admin", "exp": 1767225600})
    sid = rs(26, LO + DIG[:10])
    case("chat", "fr", f"""[Teams] Équipe dev — mardi
Romain : tiens, pour reproduire le bug sur la préprod, prends mon token de session :
{L('jwt', j)}
Romain : et si l'UI te demande le cookie : PHPSESSID={L('session_cookie', sid)}
Aurélie : merci 🙏 je te dis
""")

    fp1, fp2 = pgp_fp(luhn=True), pgp_fp()
    case("chat", "en", f"""<mallory_not_evil> psirt key check before I send: {N('pgp_fingerprint', PSIRT_FP)} — matches the policy page?
<h4x> yes. mine is {N('pgp_fingerprint', fp1)} if u want to sign
<mallory_not_evil> and the old one {N('pgp_fingerprint', fp2)} is revoked since {N('non_birth_date', '2023-09-30')}
<h4x> 👍 report id {N('uuid', uuid4())}
""")

    ib = iban("FR")
    case("chat", "fr", f"""#compta (Slack)
Mélanie: pour le remboursement de la note de frais de Thomas Girardin, je vire sur {L('iban', ib)} ? c'est celui de sa fiche
Hugo: oui, c'est bon
Mélanie: ok fait, {N('amount', '342,18 €')} ✅
""")

    ok = openai()
    case("chat", "en", f"""Teams chat — Data Science
[14:02] Olek: quick test script:
```
import openai
client = openai.OpenAI(api_key="{L('ai_api_key', ok)}")
```
[14:03] Olek: it's the team key, dont commit it 😅
[14:05] Maya: ok
""")

    case("chat", "fr", f"""[Mattermost] ~exploitation
@yann : la sonde remonte encore {N('infrastructure_info', 'mon-02.dc2.arvelle.lan')} en rouge
@sofia : normal, le proxy {N('infrastructure_info', '10.8.0.14')} est en maintenance jusqu'à {N('timestamp', '16:00 UTC')}
@yann : ok. ticket {N('reference', 'CHG-77812')}, build {N('version', '3.4.0-rc2')}
@sofia : 🙆‍♀️
""")

    case("chat", "fr", f"""[WhatsApp] Famille 💬
[09/01/2024 10:03] Sophie: je remplis le dossier de maman pour la mutuelle, quelqu'un a son numéro de sécu ?
[09/01/2024 10:05] Marc: {L('national_id', nir(2, 52, 4, "35", 238, 47))} (carte vitale en photo dans le groupe d'avant)
[09/01/2024 10:05] Sophie: merci ❤️
""")

# =========================================================================== config_file
def config_file():
    case("config_file", "fr", f"""# /etc/wpa_supplicant/wpa_supplicant-wlan0.conf
# Borne de l'entrepôt B — ne pas modifier sans ticket
ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev
update_config=1
country=FR

network={{
    ssid="ENTREPOT-B-PROD"
    psk="{L('password_assignment', 'Palette&Gerbeur42')}"
    key_mgmt=WPA-PSK
    priority=10
}}
""")

    case("config_file", "en", f"""$ cat ~/.pgpass
# hostname:port:database:username:password
{L('internal_hostname', 'db-billing-01.prod.halvorn.internal')}:5432:billing:billing_ro:{L('password_assignment', 'r3ad-0nly-Billing!')}
{L('internal_hostname', 'db-billing-02.prod.halvorn.internal')}:5432:billing:billing_ro:{L('password_assignment', 'r3ad-0nly-Billing!')}
localhost:5432:*:postgres:{N('placeholder', '*')}
""")

    sg = sgkey()
    case("config_file", "en", f"""# /etc/postfix/sasl_passwd  (postmap after editing!)
[smtp.sendgrid.net]:587 apikey:{L('sendgrid_key', sg, 'password_assignment')}
""")

    case("config_file", "fr", f"""[sssd]
services = nss, pam
domains = ANNUAIRE

[domain/ANNUAIRE]
id_provider = ldap
ldap_uri = ldaps://{L('internal_hostname', 'ldap01.siege.vernoux.local')}
ldap_search_base = dc=vernoux,dc=local
ldap_default_bind_dn = cn=svc-sssd,ou=services,dc=vernoux,dc=local
ldap_default_authtok_type = password
ldap_default_authtok = {L('password_assignment', 'Lune-Rousse_88')}
# ancien mot de passe (changé le 12/01) : {N('redacted', '<retiré>')}
cache_credentials = true
""")

    k = pem_key("pkcs8")
    case("config_file", "en", f"""client
dev tun
proto udp
remote {N('public_hostname', 'vpn.norcastle-logistics.com')} 1194
resolv-retry infinite
nobind
remote-cert-tls server
cipher AES-256-GCM
verb 3
<ca>
{N('certificate', cert())}
</ca>
<key>
{L('private_key', k)}
</key>
""")

    case("config_file", "fr", f"""# /etc/NetworkManager/system-connections/Bureau-5G.nmconnection
[connection]
id=Bureau-5G
uuid={N('uuid', uuid4())}
type=wifi

[wifi]
mode=infrastructure
ssid=Bureau-5G

[wifi-security]
key-mgmt=wpa-psk
psk-flags=1
# le secret est géré par l'agent (gnome-keyring), pas stocké ici

[ipv4]
method=auto
""")

    case("config_file", "en", f"""# /etc/ipsec.secrets - strongSwan IPsec secrets file
# site-to-site to the Lisbon plant
{N('documentation_ip', '192.0.2.10')} {N('documentation_ip', '198.51.100.77')} : PSK "{L('password_assignment', 'Xk7-fado-Alfama-2023')}"
# road warriors use certificates
: RSA /etc/ipsec.d/private/gw-key.pem
""")

    tok = rs(40, HEX)
    case("config_file", "en", f"""$ cat ~/.netrc
machine api.heroku.com
  login {L('email_address', 'ops@brandvale.io', opt=True)}
  password {L('password_assignment', tok)}
machine git.heroku.com
  login {L('email_address', 'ops@brandvale.io', opt=True)}
  password {L('password_assignment', tok)}
""")

    case("config_file", "fr", f"""# ~/.my.cnf — poste de Jérémie (sauvegardes)
[client]
user=backup_nuit
password="{L('password_assignment', 'Sauvegarde;Nuit=2h')}"
host={L('private_ip', '10.30.1.5')}

[mysqldump]
single-transaction
""")

    case("config_file", "en", f"""# Redis configuration file example.
bind 127.0.0.1 -::1
protected-mode yes
port 6379
tcp-keepalive 300
# requirepass {N('placeholder', 'foobared')}
# Warning: since Redis is pretty fast, an outside user can try up to
# 1 million passwords per second against a modern box.
maxmemory-policy allkeys-lru
""")

    case("config_file", "fr", f"""# /etc/fstab — serveur de fichiers
UUID={N('uuid', uuid4())} /               ext4    errors=remount-ro 0 1
//{N('infrastructure_info', 'nas-compta.lan')}/archives  /mnt/archives  cifs  credentials=/root/.smbcred,uid=1000  0 0
//{L('private_ip', '192.168.10.20')}/scans    /mnt/scans     cifs  username=scanner,password={L('password_assignment', 'Numeris@tion77')},vers=3.0  0 0
""")

    case("config_file", "en", f"""[s3-backup]
type = s3
provider = AWS
access_key_id = {L('aws_access_key_id', akia())}
secret_access_key = {L('aws_secret_key', awssec())}
region = eu-central-1

[nas]
type = sftp
host = {L('private_ip', '10.0.4.2')}
user = rclone
pass = {L('password_assignment', rs(43, B64URL))}
""")

    case("config_file", "fr", f"""# ~/.msmtprc
defaults
auth           on
tls            on
tls_trust_file /etc/ssl/certs/ca-certificates.crt

account        travail
host           {N('public_hostname', 'smtp.office365.com')}
port           587
from           {N('reporter_contact', 'a.leroux@cabinet-leroux.fr')}
user           {N('reporter_contact', 'a.leroux@cabinet-leroux.fr')}
passwordeval   "gpg --quiet --for-your-eyes-only --no-tty --decrypt ~/.msmtp-pass.gpg"

account default : travail
""", reporter_email="a.leroux@cabinet-leroux.fr")

    case("config_file", "en", f"""# pg_hba.conf (excerpt)
# TYPE  DATABASE  USER       ADDRESS              METHOD
local   all       postgres                        peer
host    all       all        127.0.0.1/32         scram-sha-256
host    app       app_rw     {N('infrastructure_info', '10.20.0.0/16')}        scram-sha-256
hostssl replication repl     {N('infrastructure_info', '172.18.5.21/32')}     scram-sha-256
host    all       all        0.0.0.0/0            reject
""")

    case("config_file", "en", f"""# ~/.fetchmailrc
set daemon 300
poll {N('public_hostname', 'imap.fastmail.com')} protocol IMAP
   user "{L('email_address', 'kai.brenner@fastmail.com', opt=True)}" there with password "{L('password_assignment', 'mutt&fetch4ever')}" is kai here
   ssl
""")

# =========================================================================== config_yaml
def config_yaml():
    case("config_yaml", "fr", f"""# src/main/resources/application-prod.yml
# Configuration production — NE PAS POUSSER (oups)
spring:
  datasource:
    url: jdbc:postgresql://{L('internal_hostname', 'pgsql-prod.interne.lumeris.fr.local')}:5432/commandes
    username: app_commandes
    password: {L('password_assignment', 'C0mmandes!Prod#2024')}
  jpa:
    hibernate:
      ddl-auto: validate
server:
  port: 8443
""")

    case("config_yaml", "en", f"""name: release
on:
  push:
    tags: ["v*"]
jobs:
  publish:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@{N('git_sha', sha1())} # v4.1.1
      - uses: actions/setup-node@{N('git_sha', sha1())} # v4.0.2
        with:
          node-version: 20
          registry-url: https://registry.npmjs.org
      - run: npm publish --provenance
        env:
          NODE_AUTH_TOKEN: {N('placeholder', '${{ secrets.NPM_TOKEN }}')}
""")

    case("config_yaml", "en", f"""# group_vars/dbservers.yml
ansible_user: deploy
ansible_become: true
ansible_become_pass: {L('password_assignment', 'Deploy-Become-41!')}
postgres_admin_password: {N('encrypted_blob', '''!vault |
          $ANSIBLE_VAULT;1.1;AES256
          ''' + hexs(64) + '''
          ''' + hexs(64) + '''
          ''' + hexs(40))}
db_hosts:
  - {L('private_ip', '10.12.0.31')}
  - {L('private_ip', '10.12.0.32')}
""")

    case("config_yaml", "fr", f"""# /etc/netplan/50-wifi.yaml — borne de la salle de réunion
network:
  version: 2
  renderer: networkd
  wifis:
    wlp2s0:
      dhcp4: true
      access-points:
        "Salle-Bretagne":
          password: "{L('password_assignment', 'galettes-saucisses-35')}"
""")

    hk = slack_hook()
    case("config_yaml", "en", f"""global:
  resolve_timeout: 5m
  slack_api_url: '{L('slack_webhook', hk)}'
  smtp_smarthost: '{L('internal_hostname', 'relay.mail.corp.tessaline.lan')}:25'
  smtp_from: 'alertmanager@tessaline.com'
  smtp_auth_username: 'alertmanager'
  smtp_auth_password: '{L('password_assignment', 'Al3rt-M4nager')}'
route:
  receiver: ops-slack
  group_wait: 30s
""")

    gl = glpat()
    case("config_yaml", "fr", f"""# .gitlab-ci.yml
stages: [build, deploy]

variables:
  # TODO: passer en variable protégée, c'était pour tester vite fait
  DEPLOY_TOKEN: "{L('gitlab_token', gl)}"
  DOCKER_DRIVER: overlay2

deploy:
  stage: deploy
  script:
    - git clone https://oauth2:${{DEPLOY_TOKEN}}@gitlab.vernoux.fr/infra/charts.git
""")

    case("config_yaml", "en", f"""openapi: 3.0.3
info:
  title: Accounts API
  version: {N('version', '2.7.1')}
paths:
  /login:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                username: {{ type: string, example: {N('placeholder', 'jane.doe')} }}
                password: {{ type: string, format: password, example: "{N('placeholder', 'your-password-here')}" }}
      responses:
        "200":
          description: OK
          content:
            application/json:
              example: {{ token: "{N('placeholder', '<JWT>')}" }}
components:
  securitySchemes:
    bearerAuth: {{ type: http, scheme: bearer, bearerFormat: JWT }}
""")

    case("config_yaml", "fr", f"""# configuration.yaml — Home Assistant de la maison
homeassistant:
  name: Maison
  unit_system: metric
  time_zone: Europe/Paris

mqtt:
  broker: {N('infrastructure_info', '192.168.1.50')}
  username: ha
  password: {N('env_reference', '!secret mqtt_password')}

notify:
  - name: telephone
    platform: smtp
    password: {N('env_reference', '!secret smtp_password')}
""")

    case("config_yaml", "fr", f"""# mkdocs.yml — documentation publique
site_name: Documentation Orvalis Connect
site_url: https://{N('public_hostname', 'docs.orvalis.fr')}/
repo_url: https://github.com/orvalis/connect
copyright: "© 2024 Orvalis SAS — SIRET {N('siret', '812 345 678 00021')}"
extra:
  version: {N('version', '4.2')}
  contact: {N('company_contact', 'support@orvalis.fr')}
  standard: "{N('company_contact', '+33 2 99 00 41 41')}"
theme:
  name: material
""")

    i1, i2 = iban("FR"), iban("BE")
    case("config_yaml", "fr", f"""# fixtures/clients.yml — jeu de données chargé en recette (copié depuis la prod…)
- nom: Delmas
  prenom: Aurore
  date_naissance: {L('date_of_birth', '1987-09-23')}
  iban: {L('iban', i1)}
  adresse: "{L('postal_address', '41 rue Nationale, 37000 Tours')}"
  telephone: "{L('phone_number', fr_intl())}"
- nom: Van Acker
  prenom: Pieter
  date_naissance: {L('date_of_birth', '1974-02-11')}
  iban: {L('iban', i2)}
  adresse: "{L('postal_address', 'Rue de la Station 17, 5000 Namur')}"
  telephone: "{L('phone_number', '+32 471 58 92 04')}"
""")

    case("config_yaml", "en", f"""# config/database.yml
default: &default
  adapter: postgresql
  pool: 5
development:
  <<: *default
  database: shop_dev
  password: {N('env_reference', "<%= ENV['DB_PASSWORD'] %>")}
production:
  <<: *default
  url: {L('connection_string', 'postgres://shop:Sh0p-Pr0d-9x@db-main.prod.kestrelbay.internal:5432/shop_prod', 'url_credentials')}
""")

    case("config_yaml", "en", f"""# app/src/main/assets/firebase.yaml (decompiled from the APK)
project_id: tally-ho-prod
storage_bucket: tally-ho-prod.appspot.com
api_key: {L('google_api_key', gapi(), opt=True)}
maps_server_key: {L('google_api_key', gapi())}
# server key is used by the backend too, see BACKEND-221
""")

# =========================================================================== config_json
def jstr(s):
    """JSON-escape a (possibly multi-line) value without the quotes."""
    return json.dumps(s)[1:-1]


def config_json():
    pk = pem_key("pkcs8")
    kid = hexs(40)
    case("config_json", "en", f"""{{
  "type": "service_account",
  "project_id": "orchard-analytics-prod",
  "private_key_id": "{kid}",
  "private_key": "{L('gcp_service_account', jstr(pk + chr(10)), 'private_key')}",
  "client_email": "etl-runner@orchard-analytics-prod.iam.gserviceaccount.com",
  "client_id": "{digits(21)}",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
  "token_uri": "https://oauth2.googleapis.com/token"
}}
""")

    case("config_json", "fr", f"""// .vscode/settings.json (poste de dev de Maxime, partagé dans le zip du rapport)
{{
  "editor.formatOnSave": true,
  "sqltools.connections": [
    {{
      "name": "Préprod facturation",
      "driver": "MSSQL",
      "server": "{L('internal_hostname', 'sql-preprod.facturation.arcadis-sud.local')}",
      "port": 1433,
      "database": "FACT",
      "username": "sa",
      "password": "{L('password_assignment', 'Factur@tion-Sa-2022')}"
    }}
  ]
}}
""")

    ak = rs(86, B64) + "=="
    case("config_json", "en", f"""{{
  "Logging": {{ "LogLevel": {{ "Default": "Information" }} }},
  "ConnectionStrings": {{
    "Main": "{L('connection_string', 'Server=tcp:sqlsrv-orders.database.windows.net,1433;Initial Catalog=orders;User ID=orders_app;Password=Ordr$-2024-Azure;Encrypt=True;')}",
    "Blobs": "{L('azure_connection_string', 'DefaultEndpointsProtocol=https;AccountName=ordersdocs;AccountKey=' + ak + ';EndpointSuffix=core.windows.net')}"
  }},
  "AllowedHosts": "*"
}}
""")

    case("config_json", "en", f"""{{
  "name": "widget-shell",
  "version": "{N('version', '0.14.3')}",
  "lockfileVersion": 3,
  "packages": {{
    "node_modules/semver": {{
      "version": "{N('version', '7.6.0')}",
      "resolved": "https://registry.npmjs.org/semver/-/semver-7.6.0.tgz",
      "integrity": "{N('npm_integrity', 'sha512-' + base64.b64encode(rbytes(64)).decode())}"
    }},
    "node_modules/uuid": {{
      "version": "{N('version', '9.0.1')}",
      "resolved": "https://registry.npmjs.org/uuid/-/uuid-9.0.1.tgz",
      "integrity": "{N('npm_integrity', 'sha512-' + base64.b64encode(rbytes(64)).decode())}"
    }}
  }}
}}
""")

    case("config_json", "fr", f"""{{
  "securite": {{
    "password_min_length": {N('setting', '12')},
    "password_require_symbol": true,
    "session_ttl_minutes": {N('setting', '30')},
    "secret": "{N('env_reference', '${APP_SECRET}')}",
    "smtp_password": "{N('placeholder', 'changeme')}"
  }},
  "contact_dpo": "{N('company_contact', 'dpo@arcadis-sud.fr')}",
  "version_schema": "{N('version', '2024.03')}"
}}
""")

    auth = base64.b64encode(b"deploy-bot:Dkr-Hub-Push-77").decode()
    case("config_json", "en", f"""$ cat ~/.docker/config.json
{{
  "auths": {{
    "registry.gitlab.com": {{}},
    "{L('internal_hostname', 'registry.build.quillon.internal')}:5000": {{
      "auth": "{L('password_assignment', auth, 'authorization_header')}"
    }}
  }},
  "credsStore": "desktop"
}}
""")

    case("config_json", "fr", f"""// extrait de l'application web (main.js déminifié)
const firebaseConfig = {{
  apiKey: "{L('google_api_key', gapi(), opt=True)}",
  authDomain: "resa-cantine.firebaseapp.com",
  projectId: "resa-cantine",
  appId: "1:{digits(12)}:web:{hexs(22)}",
  measurementId: "G-{rs(10, UP + DIG)}"
}};
""")

    case("config_json", "en", f"""$ aws sts assume-role --role-arn arn:aws:iam::{digits(12)}:role/ci-deployer --role-session-name t1
{{
    "Credentials": {{
        "AccessKeyId": "{L('aws_access_key_id', akia('ASIA'))}",
        "SecretAccessKey": "{L('aws_secret_key', awssec())}",
        "SessionToken": "{L('aws_secret_key', 'IQoJb3JpZ2luX2VjE' + rs(300, B64), opt=True)}",
        "Expiration": "{N('timestamp', '2024-05-14T17:03:22+00:00')}"
    }},
    "AssumedRoleUser": {{
        "AssumedRoleId": "AROA{rs(17, UP + '234567')}:t1"
    }}
}}
""")

    case("config_json", "fr", f"""// seeds/utilisateurs.json — « anonymisé » d'après le commit, mais non
[
  {{"id": 1, "nom": "Nicolas Brunet", "email": "{L('email_address', 'nico.brunet@free.fr')}", "tel": "{L('phone_number', fr_mobile())}", "carte": "{L('payment_card', fmt_card(card('visa'), ''))}"}},
  {{"id": 2, "nom": "Émilie Texier", "email": "{L('email_address', 'emilie.texier@laposte.net')}", "tel": "{L('phone_number', fr_mobile())}", "carte": "{L('payment_card', fmt_card(card('mc'), ''))}"}},
  {{"id": 3, "nom": "Compte Test", "email": "{L('email_address', 'test@example.org', sev='info')}", "tel": "{N('placeholder', '00 00 00 00 00')}", "carte": "{N('masked_card', '**** **** **** 4242')}"}}
]
""")

    case("config_json", "en", f"""// .vscode/launch.json
{{
  "version": "0.2.0",
  "configurations": [
    {{
      "type": "node",
      "request": "launch",
      "name": "API (local)",
      "program": "${{workspaceFolder}}/src/server.js",
      "env": {{
        "DATABASE_URL": "{N('env_reference', '${env:DATABASE_URL}')}",
        "JWT_SECRET": "{N('placeholder', '<set-me>')}",
        "TRACE_ID": "{N('uuid', uuid4())}"
      }}
    }}
  ]
}}
""")

    case("config_json", "fr", f"""// config/paiement.json (application mobile, version {N('version', '6.1.0')})
{{
  "stripe": {{
    "publishableKey": "{N('publishable_key', 'pk_live_' + rs(24))}",
    "secretKey": "{L('stripe_key', stripe('sk'))}"
  }},
  "merchant": "Boulangeries Fournil d'Or",
  "support": "{N('company_contact', 'contact@fournil-dor.fr')}"
}}
""")

# =========================================================================== config_ini
def config_ini():
    itok = jwt({"nbf": 1709251200}, "HS256")
    case("config_ini", "en", f"""; /etc/gitea/app.ini (excerpt)
APP_NAME = Forge
RUN_MODE = prod

[database]
DB_TYPE  = postgres
HOST     = {L('private_ip', '172.22.0.4')}:5432
NAME     = gitea
USER     = gitea
PASSWD   = `{L('password_assignment', 'g1tea-DB-pass')}`

[security]
INSTALL_LOCK   = true
SECRET_KEY     = {L('password_assignment', rs(64, ALNUM))}
INTERNAL_TOKEN = {L('jwt', itok)}
MIN_PASSWORD_LENGTH = {N('setting', '10')}
""")

    case("config_ini", "fr", f"""# ~/.aws/credentials — machine de build « jenkins-legacy »
[default]
aws_access_key_id = {L('aws_access_key_id', akia())}
aws_secret_access_key = {L('aws_secret_key', awssec())}

[exemple-doc]
# valeurs de la documentation AWS, laissées pour les tests unitaires
aws_access_key_id = {L('aws_access_key_id', 'AKIAIOSFODNN7EXAMPLE', sev='info')}
aws_secret_access_key = {L('aws_secret_key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sev='info')}
""")

    case("config_ini", "en", f"""[metadata]
name = pykestrel
version = {N('version', '1.8.0rc1')}
author_email = {N('company_contact', 'maintainers@pykestrel.org')}

[options]
python_requires = >=3.9
install_requires =
    requests>={N('version', '2.31')}
    cryptography>={N('version', '42.0.5')}

[tool:pytest]
addopts = -q --maxfail=1
""")

    g = ghp()
    case("config_ini", "en", f"""# ~/.gitconfig
[user]
    name = Sven Aaberg
    email = {L('email_address', 'sven.aaberg@norcastle-logistics.com', opt=True)}
[credential]
    helper = store
[url "https://x-access-token:{L('github_token', g, 'url_credentials')}@github.com/"]
    insteadOf = https://github.com/
""")

    case("config_ini", "fr", f"""# /etc/pip.conf — image de base des runners
[global]
index-url = {L('url_credentials', 'https://ci-lecture:P1p-Miroir!2024@nexus.atelier-numerique.fr/repository/pypi-proxy/simple')}
trusted-host = nexus.atelier-numerique.fr
timeout = 60
""")

    case("config_ini", "fr", f"""; php.ini — paramètres de session (extrait)
session.cookie_secure = {N('setting', 'On')}
session.cookie_httponly = {N('setting', 'On')}
session.cookie_samesite = "Strict"
session.gc_maxlifetime = {N('setting', '1440')}
mysqli.default_user =
mysqli.default_pw =
; date.timezone = "Europe/Paris"
""")

    case("config_ini", "en", f"""; /etc/odbc.ini
[WAREHOUSE]
Driver      = ODBC Driver 18 for SQL Server
Server      = {L('internal_hostname', 'dwh-sql01.ad.fenwick-foods.local')}
Database    = DWH
UID         = report_reader
PWD         = {L('password_assignment', 'Rep0rts{Q4}Only')}
TrustServerCertificate = yes
""")

    case("config_ini", "en", f"""# /etc/grafana/grafana.ini (excerpt)
[security]
;admin_user = admin
;admin_password = {N('placeholder', 'admin')}
admin_password = {N('env_reference', '$__file{/run/secrets/grafana_admin}')}
secret_key = {N('env_reference', '$__env{GF_SECRET_KEY}')}
cookie_secure = true

[server]
root_url = https://{N('public_hostname', 'grafana.fenwick-foods.com')}/
""")

    ant = anthropic()
    case("config_ini", "fr", f"""; /etc/supervisor/conf.d/assistant.conf
[program:assistant]
command=/opt/assistant/venv/bin/python -m assistant.worker
directory=/opt/assistant
user=assistant
autorestart=true
environment=ANTHROPIC_API_KEY="{L('ai_api_key', ant)}",LOG_LEVEL="info"
stdout_logfile=/var/log/assistant/worker.log
""")

    case("config_ini", "fr", f"""# notifications.ini — outil de relance factures
[smtp]
serveur = {N('public_hostname', 'smtp.ovh.net')}
port = 587
utilisateur = relances@cabinet-mauduit.fr
mot_de_passe = {L('password_assignment', 'Relance-Factures_2023')}

[expediteur]
nom = Cabinet Mauduit — comptabilité
telephone = {N('company_contact', '02 40 12 34 56')}
""")

    case("config_ini", "fr", f"""# /etc/systemd/system/collecteur.service
[Unit]
Description=Collecteur de mesures (atelier 3)
After=network-online.target

[Service]
Environment=BROKER_HOST={N('infrastructure_info', 'mqtt.atelier3.usine-vasselin.lan')}
Environment=BROKER_IP={N('infrastructure_info', '10.3.0.40')}
Environment=BROKER_PASSWORD_FILE=/etc/collecteur/broker.pass
ExecStart=/usr/local/bin/collecteur --config /etc/collecteur/config.toml
Restart=on-failure
""")

# =========================================================================== env_file
def env_file():
    appkey = "base64:" + base64.b64encode(rbytes(32)).decode()
    case("env_file", "fr", f"""APP_NAME="Espace Adhérents"
APP_ENV=production
APP_KEY={L('password_assignment', appkey)}
APP_DEBUG=false
APP_URL=https://{N('public_hostname', 'adherents.mutuelle-lignerolles.fr')}

DB_CONNECTION=mysql
DB_HOST={L('private_ip', '10.60.2.11')}
DB_DATABASE=adherents
DB_USERNAME=adh_app
DB_PASSWORD={L('password_assignment', 'Adh3rents!Mysql')}

MAIL_MAILER=smtp
MAIL_PASSWORD="{L('password_assignment', 'M@il-Adh-2024')}"
""")

    case("env_file", "en", f"""# .env.example — copy to .env and fill in
NODE_ENV=development
PORT=3000
DATABASE_URL={N('placeholder', 'postgres://USER:PASSWORD@localhost:5432/app')}
STRIPE_SECRET_KEY={N('placeholder', 'sk_test_xxxxxxxxxxxxxxxxxxxxxxxx')}
SENDGRID_API_KEY={N('placeholder', '<your-sendgrid-key>')}
SESSION_SECRET={N('placeholder', 'change-me')}
GITHUB_TOKEN={N('placeholder', 'ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX')}
""")

    case("env_file", "en", f"""STRIPE_SECRET_KEY={L('stripe_key', stripe('sk'))}
STRIPE_WEBHOOK_SECRET={L('password_assignment', 'whsec_' + rs(32))}
SENDGRID_API_KEY={L('sendgrid_key', sgkey())}
TWILIO_ACCOUNT_SID=AC{hexs(32)}
TWILIO_API_KEY={L('twilio_key', twilio())}
TWILIO_API_SECRET={L('password_assignment', rs(32))}
SUPPORT_PHONE={N('company_contact', '+1 866 412 7730')}
""")

    case("env_file", "fr", f"""# .env (commité par erreur dans le dépôt public, commit {N('git_sha', sha1()[:10])})
DATABASE_URL={L('connection_string', 'postgresql://gestion:G3stion-Stocks_2024@' + 'pg-stocks.interne.brocelia.local:5432/stocks', 'url_credentials')}
REDIS_URL=redis://{L('private_ip', '10.0.9.3')}:6379/0
LOG_LEVEL=info
""")

    case("env_file", "fr", f"""# docker/.env — partagé dans le dépôt, aucun secret ici
COMPOSE_PROJECT_NAME=mediatheque
POSTGRES_VERSION={N('version', '16.2')}
POSTGRES_PASSWORD_FILE=/run/secrets/pg_password
KEYCLOAK_VERSION={N('version', '24.0.3')}
KEYCLOAK_ADMIN_PASSWORD={N('env_reference', '${KC_ADMIN_PASSWORD:?défini dans Vault}')}
TZ=Europe/Paris
""")

    case("env_file", "en", f"""OPENAI_API_KEY={L('ai_api_key', openai())}
HF_TOKEN={L('ai_api_key', hftok())}
MODEL_NAME=gpt-4o-mini
MAX_TOKENS=2048
TEMPERATURE=0.2
""")

    case("env_file", "fr", f"""# variables du bot de support
SLACK_WEBHOOK_URL={L('slack_webhook', slack_hook())}
GITLAB_TOKEN={L('gitlab_token', glpat())}
GITLAB_URL=https://{N('public_hostname', 'gitlab.com')}
# délai en secondes
POLL_INTERVAL=60
""")

    case("env_file", "en", f"""# settings for local dev only
SECRET_KEY={N('placeholder', 'changeme')}
PASSWORD_MIN_LENGTH={N('setting', '12')}
JWT_EXPIRY_SECONDS={N('setting', '3600')}
ADMIN_PASSWORD={N('placeholder', '********')}
API_TOKEN={N('placeholder', 'REDACTED')}
BUILD_SHA={N('git_sha', sha1())}
""")

    sig = base64.b64encode(rbytes(32)).decode()
    sas = f"sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2025-12-31T23:59:59Z&st=2024-01-01T00:00:00Z&spr=https&sig={sig.replace('+', '%2B').replace('/', '%2F').replace('=', '%3D')}"
    ak = rs(86, B64) + "=="
    case("env_file", "en", f"""AZURE_STORAGE_CONNECTION_STRING="{L('azure_connection_string', 'DefaultEndpointsProtocol=https;AccountName=invoicearchive;AccountKey=' + ak + ';EndpointSuffix=core.windows.net')}"
AZURE_BLOB_SAS="{L('azure_sas_token', sas)}"
AZURE_TENANT_ID={N('uuid', uuid4())}
""")

    case("env_file", "fr", f"""# .env.recette — application de prise de rendez-vous
SMS_TEST_RECIPIENT="{L('phone_number', fr_intl())}"   # portable de Mme Caradec, patiente volontaire ?!
SMS_SENDER=CabinetMed
SUPPORT_EMAIL={N('company_contact', 'support@rdv-cabinet-ouest.fr')}
DEMO_PATIENT_EMAIL={L('email_address', 'anne.caradec56@gmail.com')}
""")

    case("env_file", "fr", f"""# .envrc (direnv) — les valeurs sensibles sont chiffrées par sops
export AWS_PROFILE=recette
export KUBECONFIG=$PWD/.kube/config
export DB_PASSWORD={N('encrypted_blob', 'ENC[AES256_GCM,data:' + base64.b64encode(rbytes(18)).decode() + ',iv:' + base64.b64encode(rbytes(32)).decode() + ',tag:' + base64.b64encode(rbytes(16)).decode() + ',type:str]')}
export SOPS_AGE_RECIPIENTS=age1{rs(58, LO + DIG)}
""")

    case("env_file", "en", f"""# publishing
NPM_TOKEN={L('npm_token', npmtok())}
TWINE_USERNAME=__token__
TWINE_PASSWORD={L('pypi_token', pypitok())}
""")

# =========================================================================== http_request
def http_request():
    sid = hexs(32).upper()
    case("http_request", "en", f"""> POST /api/v1/auth/login HTTP/1.1
> Host: {N('public_hostname', 'portal.tessaline.com')}
> User-Agent: curl/{N('version', '8.5.0')}
> Content-Type: application/json
> Cookie: JSESSIONID={L('session_cookie', sid)}; lang=en
> Content-Length: 61
>
{{"username":"r.quist","password":"{L('password_assignment', 'Quist!Spring24')}","remember":true}}
""")

    j = jwt({"sub": "agent-0187", "name": "Agathe Morin", "roles": ["support", "billing"], "exp": 1717200000}, "RS256")
    case("http_request", "fr", f"""Requête capturée dans Burp (onglet Repeater) :

GET /api/dossiers/12877/pieces HTTP/2
Host: {L('internal_hostname', 'gestion-dossiers.intra.assur-valmont.local')}
Authorization: Bearer {L('authorization_header', j, 'jwt')}
Accept: application/json
X-Correlation-Id: {N('uuid', uuid4())}
""")

    basic = base64.b64encode(b"svc-monitor:M0nit0r-Only!").decode()
    case("http_request", "en", f"""GET /server-status?auto HTTP/1.1
Host: {L('private_ip', '10.14.3.9')}
Authorization: Basic {L('authorization_header', basic)}
User-Agent: Zabbix
""")

    case("http_request", "en", f"""POST /graphql HTTP/1.1
Host: {N('public_hostname', 'api.kestrelbay.com')}
Authorization: {N('redacted', 'Bearer [REDACTED]')}
Cookie: session={N('redacted', '<redacted>')}
X-Request-ID: {N('uuid', uuid4())}
Content-Type: application/json

{{"query":"query {{ me {{ id plan }} }}","variables":{{}}}}
""")

    ib = iban("FR")
    case("http_request", "fr", f"""POST /mon-compte/profil HTTP/1.1
Host: {N('public_hostname', 'espace.mutuelle-lignerolles.fr')}
Content-Type: application/x-www-form-urlencoded
Cookie: PHPSESSID={L('session_cookie', rs(26, LO[:22] + DIG))}

_token={N('csrf_token', rs(40))}&nom=Perrin&prenom=Ga%C3%ABlle&date_naissance={L('date_of_birth', '1990-07-14')}&iban={L('iban', ib)}&adresse={L('postal_address', '5+rue+du+Four%2C+44000+Nantes')}
""")

    case("http_request", "en", f"""GET /maps/api/geocode/json?address=Bergen&key={L('google_api_key', gapi())} HTTP/1.1
Host: maps.googleapis.com
Referer: https://{N('public_hostname', 'www.fjordline-tours.no')}/contact
""")

    case("http_request", "fr", f"""POST /connexion HTTP/1.1
Host: {N('public_hostname', 'extranet.brocelia.fr')}
Content-Type: application/x-www-form-urlencoded
Origin: https://extranet.brocelia.fr

csrf={N('csrf_token', rs(43, B64URL))}&login=test-pentest&password={N('redacted', '%2A%2A%2A%2A%2A%2A')}&horodatage={N('timestamp', '1715610245')}
""")

    cc = card("amex")
    case("http_request", "en", f"""POST /graphql HTTP/1.1
Host: {N('public_hostname', 'checkout.brandvale.io')}
Content-Type: application/json

{{"operationName":"AddCard","variables":{{"holder":"Leona Petrakis","number":"{L('payment_card', cc)}","exp":"11/26","cvc":"{L('payment_card', digits(4), opt=True)}"}},"query":"mutation AddCard($number: String!) {{ addCard(number: $number) {{ id last4 }} }}"}}
""")

    case("http_request", "fr", f"""POST /services/FacturationService HTTP/1.1
Host: {L('internal_hostname', 'esb.recette.arcadis-sud.local')}:8443
Content-Type: text/xml; charset=utf-8
SOAPAction: "consulterFacture"

<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
  <soapenv:Header>
    <wsse:Security>
      <wsse:UsernameToken>
        <wsse:Username>int_facturation</wsse:Username>
        <wsse:Password Type="#PasswordText">{L('password_assignment', 'Soap&Factu-0912')}</wsse:Password>
      </wsse:UsernameToken>
    </wsse:Security>
  </soapenv:Header>
  <soapenv:Body><consulterFacture><numero>FA-2024-00871</numero></consulterFacture></soapenv:Body>
</soapenv:Envelope>
""")

    case("http_request", "en", f"""POST /hooks/github HTTP/1.1
Host: {N('public_hostname', 'ci.norcastle-logistics.com')}
X-GitHub-Event: push
X-GitHub-Delivery: {N('uuid', uuid4())}
X-Hub-Signature-256: sha256={N('hmac_signature', sha256())}
Content-Type: application/json

{{"ref":"refs/heads/main","before":"{N('git_sha', sha1())}","after":"{N('git_sha', sha1())}"}}
""")

    case("http_request", "fr", f"""GET /v1/charges?limit=3 HTTP/1.1
Host: api.stripe.com
X-Api-Key: {L('stripe_key', 'rk_live_' + rs(24), 'authorization_header')}
Stripe-Version: 2023-10-16
""")

    case("http_request", "en", f"""OPTIONS /api/v3/export HTTP/1.1
Host: {N('public_hostname', 'api.fenwick-foods.com')}
Origin: https://{N('public_hostname', 'partners.fenwick-foods.com')}
Access-Control-Request-Method: POST
Access-Control-Request-Headers: authorization, content-type
If-None-Match: "{N('file_hash', hexs(32))}"
""")

# =========================================================================== http_response
def http_response():
    case("http_response", "en", f"""HTTP/1.1 200 OK
Content-Type: application/json; charset=utf-8
X-Request-Id: {N('uuid', uuid4())}

{{
  "id": 40917,
  "name": "Connor Blackwood",
  "email": "{L('email_address', 'connor.blackwood@outlook.com')}",
  "phone": "{L('phone_number', '+44 7911 482 306')}",
  "dateOfBirth": "{L('date_of_birth', '1983-12-02')}",
  "address": {{ "line1": "{L('postal_address', 'Flat 2, 19 Ashgrove Terrace, Leeds LS6 3HF')}" }},
  "createdAt": "{N('timestamp', '2021-06-30T08:12:44Z')}"
}}
""")

    tok = b64u(rbytes(32))
    case("http_response", "fr", f"""HTTP/2 200
content-type: application/json
set-cookie: sess_adh={L('session_cookie', tok)}; Path=/; Secure; HttpOnly; SameSite=Lax
set-cookie: consent=accepte; Path=/; Max-Age=31536000

{{"statut":"ok","utilisateur":"adh-55310","expire":"{N('timestamp', '2024-05-14T18:00:00+02:00')}"}}
""")

    case("http_response", "en", f"""HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="api", error="invalid_token"
ETag: W/"{N('file_hash', hexs(40))}"
X-Trace-Id: {N('uuid', uuid4())}
Date: {N('timestamp', 'Tue, 14 May 2024 09:31:07 GMT')}
Content-Length: 0
""")

    case("http_response", "fr", f"""GET /actuator/env → HTTP 200 (extrait)

{{
  "activeProfiles": ["prod"],
  "propertySources": [
    {{"name": "applicationConfig: [classpath:/application-prod.properties]",
     "properties": {{
       "spring.datasource.password": {{"value": "{N('redacted', '******')}"}},
       "spring.mail.password": {{"value": "{N('redacted', '******')}"}},
       "app.legacy.ftp.motdepasse": {{"value": "{L('password_assignment', 'Ftp-Archives#1999')}"}},
       "app.legacy.ftp.hote": {{"value": "{L('internal_hostname', 'ftp-archives.siege.lumeris.local')}"}}
     }}}}
  ]
}}
""")

    case("http_response", "en", f"""$ curl -s https://{N('public_hostname', 'staging.quillon.io')}/.git/config
[core]
\trepositoryformatversion = 0
\tbare = false
[remote "origin"]
\turl = {L('url_credentials', 'https://deploy:Qu1llon-Depl0y!@git.quillon.io/web/site.git')}
\tfetch = +refs/heads/*:refs/remotes/origin/*
[branch "main"]
\tremote = origin
""")

    case("http_response", "fr", f"""HTTP/1.1 200 OK
Content-Type: application/json
Cache-Control: public, max-age=300

{{"produit":"Borne de recharge BR-22","version":"{N('version', '3.1.7')}","fabricant":{{"raison_sociale":"Kerlann Énergie SAS","siret":"{N('siret', '901 234 567 00018')}","adresse":"{N('company_contact', 'ZA de Kerlann, 29200 Brest')}","standard":"{N('company_contact', '02 98 00 11 22')}"}},"prix_ttc":"{N('amount', '1 490,00 €')}","sha256":"{N('file_hash', sha256())}"}}
""")

    case("http_response", "en", f"""(SSRF via the PDF renderer, fetching http://169.254.169.254/latest/meta-data/iam/security-credentials/pdf-render-role)

{{
  "Code" : "Success",
  "LastUpdated" : "{N('timestamp', '2024-05-13T21:14:09Z')}",
  "Type" : "AWS-HMAC",
  "AccessKeyId" : "{L('aws_access_key_id', akia('ASIA'))}",
  "SecretAccessKey" : "{L('aws_secret_key', awssec())}",
  "Token" : "{L('aws_secret_key', 'IQoJb3JpZ2luX2VjE' + rs(240, B64), opt=True)}",
  "Expiration" : "{N('timestamp', '2024-05-14T03:40:51Z')}"
}}
""")

    case("http_response", "fr", f"""HTTP/1.1 200 OK
Content-Type: application/json

{{"patient":{{"id":"P-{digits(6)}","nom":"Morvan","prenom":"Yvette","nir":"{L('national_id', nir(2, 41, 8, '22', 278, 31, spaced=False))}","naissance":"{L('date_of_birth', '1941-08-19')}"}},
 "sejours":[{{"service":"Gériatrie","motif":"{L('health_data', 'chute avec fracture du col du fémur, démence de type Alzheimer')}","entree":"{N('non_birth_date', '2024-02-03')}"}}]}}
""")

    case("http_response", "en", f"""HTTP/1.1 302 Found
Location: https://{N('public_hostname', 'login.fenwick-foods.com')}/authorize?client_id=webshop&response_type=code&state={N('uuid', uuid4())}&redirect_uri=https%3A%2F%2Fshop.fenwick-foods.com%2Fcb
Cache-Control: no-store
Strict-Transport-Security: max-age=63072000; includeSubDomains
""")

    case("http_response", "fr", f"""HTTP/1.1 500 Internal Server Error
Content-Type: application/json

{{"erreur":"Impossible d'ouvrir la connexion","detail":"System.Data.SqlClient.SqlException: Login failed. ConnectionString='{L('connection_string', 'Data Source=' + 'sqlprod02.ad.assur-valmont.local;Initial Catalog=Sinistres;User Id=app_sinistres;Password=S1nistres!App;')}'","trace":"{N('uuid', uuid4())}"}}
""")

    case("http_response", "en", f"""HTTP/2 200
content-security-policy: default-src 'self'; script-src 'self' 'sha256-{base64.b64encode(rbytes(32)).decode()}'; report-uri https://{N('public_hostname', 'csp.kestrelbay.com')}/r
strict-transport-security: max-age=31536000
public-key-pins-report-only: pin-sha256="{N('public_key', base64.b64encode(rbytes(32)).decode())}"; max-age=600
server: {N('version', 'nginx/1.25.4')}
x-served-by: {N('public_hostname', 'cache-fra-eddf8230080-FRA')}
""")

    case("http_response", "fr", f"""{{"data":{{"utilisateurs":[
  {{"nom":"Laurence Vidal","courriel":"{L('email_address', 'l.vidal@cabinet-mauduit.fr')}","mobile":"{L('phone_number', fr_mobile())}"}},
  {{"nom":"Farid Aït-Kaci","courriel":"{L('email_address', 'farid.aitkaci@gmail.com')}","mobile":"{L('phone_number', fr_intl())}"}},
  {{"nom":"Support","courriel":"{N('company_contact', 'support@cabinet-mauduit.fr')}","mobile":null}}
]}}}}
""")

# =========================================================================== email_message
def email_message():
    rep = "yohan.kerbrat@sentinelle-conseil.fr"
    case("email_message", "fr", f"""Return-Path: <{N('reporter_contact', rep)}>
Received: from mail.sentinelle-conseil.fr ({N('public_ip', '91.121.44.207')}) by mx.thalesgroup.com; {N('timestamp', 'Mon, 13 May 2024 10:02:11 +0200')}
From: Yohan Kerbrat <{N('reporter_contact', rep)}>
To: {N('psirt_address', PSIRT)}
Subject: Re: [PSIRT-2024-0211] identifiants du fournisseur en clair
Date: {N('timestamp', 'Mon, 13 May 2024 10:02:07 +0200')}
Message-ID: <{N('uuid', uuid4())}@sentinelle-conseil.fr>
Content-Type: text/plain; charset=utf-8

Bonjour,

Comme demandé, voici le passage exact du fichier de configuration trouvé :

> > De : équipe intégration
> > Le compte de télémaintenance est « tlm_support », mot de passe {L('password_assignment', 'Tlm-Support_Gw2021')},
> > valable sur toutes les passerelles livrées en 2021.
>
> Pouvez-vous confirmer que ce compte existe toujours ?

Il existe toujours (testé en lecture seule sur notre propre passerelle).

--
{N('reporter_contact', 'Yohan Kerbrat')} — Sentinelle Conseil
{N('reporter_contact', '+33 6 71 20 45 98')}
{N('reporter_contact', '7 rue de Siam, 29200 Brest')}
""", reporter_email=rep)

    rep2 = "l.fontaine@greyharbor-sec.com"
    case("email_message", "en", f"""From: Lena Fontaine <{N('reporter_contact', rep2)}>
To: {N('psirt_address', PSIRT)}
Subject: Path traversal in the firmware update endpoint
Date: {N('timestamp', 'Wed, 08 May 2024 16:44:50 +0000')}
MIME-Version: 1.0
Content-Type: multipart/signed; micalg=pgp-sha512; protocol="application/pgp-signature"; boundary="b1"

--b1
Content-Type: text/plain

Hello, details attached. Affected {N('version', '5.0.2')}, fixed commit not yet available.
SHA-256 of poc.py: {N('file_hash', sha256())}

Lena
--b1
Content-Type: application/pgp-signature

{N('signature', '-----BEGIN PGP SIGNATURE-----' + chr(10) + chr(10) + wrap(base64.b64encode(rbytes(300)).decode()) + chr(10) + '=' + base64.b64encode(rbytes(3)).decode() + chr(10) + '-----END PGP SIGNATURE-----')}
--b1--
""", reporter_email=rep2)

    ib = iban("ES")
    case("email_message", "fr", f"""From: Service Comptabilité <{N('company_contact', 'compta@brocelia.fr')}>
To: Régis Hamon <{L('email_address', 'r.hamon@brocelia.fr', opt=True)}>
Subject: TR: TR: changement de RIB fournisseur
Date: {N('timestamp', 'Thu, 02 May 2024 09:15:00 +0200')}

Régis, voir ci-dessous, c'est la troisième demande, je trouve ça louche.

> ----- Message transféré -----
> De : Alejandro Ruiz Beltrán
> > Bonjour, merci de verser désormais mes honoraires sur mon nouveau compte :
> > {L('iban', fmt_iban(ib))}
> > et d'envoyer les justificatifs à mon domicile, {L('postal_address', 'Calle de Toledo 88, 3º B, 28005 Madrid')}.
> > Mon DNI pour le dossier : {L('national_id', dni())}
""")

    g = ghpat()
    case("email_message", "en", f"""From: Ops Bot <{N('company_contact', 'noreply@tessaline.com')}>
To: {N('company_contact', 'dev-all@tessaline.com')}
Subject: Weekly dependency report
Date: {N('timestamp', 'Mon, 06 May 2024 06:00:00 +0000')}

12 packages outdated, 2 with advisories ({N('cve_id', 'CVE-2024-28849')}, {N('cve_id', 'CVE-2024-29041')}).
See the dashboard[1].

[1] https://{N('public_hostname', 'deps.tessaline.com')}/report?week=19&token={L('github_token', g)}
""")

    case("email_message", "fr", f"""From: {N('psirt_address', PSIRT)}
To: {N('reporter_contact', 'marine.olivier@cyberlab-grenoble.fr')}
Subject: [PSIRT-2024-0188] Accusé de réception
Date: {N('timestamp', 'Fri, 26 Apr 2024 11:20:03 +0200')}

Bonjour,

Nous accusons réception de votre signalement du {N('non_birth_date', '24 avril 2024')} (référence {N('reference', 'PSIRT-2024-0188')}).
Pour toute contestation relative à une CNA, écrivez à {N('psirt_address', CNA)}.
Empreinte de notre clé : {N('pgp_fingerprint', PSIRT_FP)}.

Cordialement,
Thales PSIRT
""", reporter_email="marine.olivier@cyberlab-grenoble.fr")

    case("email_message", "en", f"""From: Karen Whitlock <{L('email_address', 'k.whitlock@brandvale.io')}>
To: {L('email_address', 'hr-leadership@brandvale.io', opt=True)}
Subject: CONFIDENTIAL - comp review outcomes
Date: {N('timestamp', 'Tue, 16 Apr 2024 17:48:12 -0500')}

All,

Final numbers after calibration:
- Priya Raman: {L('employment_data', 'rating "exceeds", new salary $148,000 (+9%)')}
- Tobias Lind: {L('employment_data', 'rating "below expectations", placed on a 60-day performance improvement plan')}

Please do not forward.
Karen

(this message was found in the unauthenticated /mail-archive/ export described in my report)
""")

    case("email_message", "fr", f"""Received: from o1.ptr.mailgun.net ({N('public_ip', '159.135.228.10')}) by mx.cyberlab-grenoble.fr
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=thalesgroup.com; s=s2048;
 bh={N('file_hash', base64.b64encode(rbytes(32)).decode())};
 b={N('signature', wrap(base64.b64encode(rbytes(256)).decode(), 72))}
From: {N('psirt_address', PSIRT)}
Subject: Relance : [PSIRT-2024-0188] informations complémentaires
Message-ID: <{hexs(24)}@thalesgroup.com>

Bonjour, pouvez-vous préciser la version testée ? Merci.
""")

    j = jwt({"sub": "a.dumitrescu", "purpose": "pwd_reset", "exp": 1716000000})
    case("email_message", "en", f"""From: Andrei Dumitrescu <{L('email_address', 'andrei.dumitrescu@yahoo.com')}>
To: {N('company_contact', 'security@quillon.io')}
Subject: Fwd: Reset your password

I think your reset links leak in the Referer. Here is the mail I received (the link still works, I did not use it):

---------- Forwarded message ---------
From: Quillon <no-reply@quillon.io>
  Click to reset: https://app.quillon.io/reset?t={L('jwt', j)}
  This link expires in 24 hours.
""")

    case("email_message", "fr", f"""From: Agence Horizon Voyages <{N('company_contact', 'resa@horizon-voyages.fr')}>
To: {L('email_address', 'christophe.lemaire@kerlann-energie.fr')}
Subject: Votre itinéraire — dossier {N('reference', 'HV-88412')}

Bonjour M. Christophe Lemaire,

Référence de réservation (PNR) : {L('travel_record', 'R4TW9P')}
Billet électronique : {L('travel_record', '057-2198734650')}
{L('travel_record', 'AF7712 Brest → Paris-Orly, 21/05/2024 07:05, siège 3C')}

Bon voyage !
""")

    case("email_message", "en", f"""From: announce@lists.openkestrel.org
Subject: [announce] openkestrel {N('version', '2.3.0')} released
List-Id: <announce.lists.openkestrel.org>

The sample configuration now uses RFC-reserved values only:
  admin contact: {L('email_address', 'admin@example.net', sev='info')}
  support line:  {L('phone_number', '+1 555 0123', sev='info')}
  demo server:   {N('documentation_ip', '192.0.2.44')}
Tarball sha256: {N('file_hash', sha256())}
""")

    l1, l2 = mrz_td3("P<", "FRA", "GUERIN", "CAMILLE ANNE", "20AK37521", "FRA", "920517", "F", "310412")
    case("email_message", "fr", f"""From: Camille Guérin <{L('email_address', 'camille.guerin92@free.fr')}>
To: {N('company_contact', 'inscriptions@congres-ouest.fr')}
Subject: Re: pièce d'identité pour le badge
Date: {N('timestamp', 'Sat, 11 May 2024 20:31:44 +0200')}

Bonjour, la photo ne passait pas, je vous recopie le bas de la page du passeport :

{L('identity_document', l1)}
{L('identity_document', l2)}

Merci,
Camille
(message retrouvé dans la boîte « inscriptions » exposée sans mot de passe)
""")

    case("email_message", "en", f"""From: {N('reporter_contact', 'appeals@vulnwatch.org')}
To: {N('psirt_address', CNA)}
Subject: CNA appeal — no response on {N('cve_id', 'CVE-2024-33120')} reservation request {N('reference', 'REQ-5521')}
Date: {N('timestamp', 'Thu, 09 May 2024 13:00:00 +0000')}

We first contacted the CNA on {N('non_birth_date', '2024-02-12')}; no answer after 87 days. Timeline and copies of our emails attached (sha256 {N('file_hash', sha256())}).
""", reporter_email="appeals@vulnwatch.org")

# =========================================================================== markdown_report
def markdown_report():
    rep = "ops@redmarsh.dev"
    case("markdown_report", "en", f"""# Default credentials on the PDU web interface

**Product:** SmartPDU 2 — firmware {N('version', '2.8.14')}
**Severity:** {N('cvss_vector', 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')}

## Steps to reproduce

```bash
curl -sk -u admin:{L('password_assignment', 'Winter2024!')} https://{L('private_ip', '10.50.1.33')}/api/outlets
```

The password is the one printed on the quick-install leaflet and is identical on the three units we own.

## Contact
{N('reporter_contact', 'Redmarsh Security')} — {N('reporter_contact', rep)}
""", reporter_email=rep)

    case("markdown_report", "fr", f"""## Données exposées par l'export « adhérents »

| Champ | Exemple (une seule ligne, le reste n'a pas été consulté) |
|---|---|
| Nom | Gaëlle Perrin |
| Date de naissance | {L('date_of_birth', '14/07/1990')} |
| N° de sécurité sociale | {L('national_id', nir(2, 90, 7, "44", 109, 215))} |
| Adresse | {L('postal_address', '5 rue du Four, 44000 Nantes')} |
| Dernière connexion | {N('timestamp', '2024-05-10 22:41')} |

Nombre d'enregistrements estimé : {N('amount', '≈ 38 000')}.
""")

    case("markdown_report", "en", f"""### Proof of concept (secrets removed)

```http
POST /api/token HTTP/1.1
Host: {N('public_hostname', 'api.greyharbor.app')}
Authorization: Basic {N('redacted', '<base64(client_id:client_secret) removed>')}

grant_type=client_credentials
```

Response:

```json
{{ "access_token": "{N('redacted', 'eyJ…[truncated]')}", "token_type": "Bearer", "expires_in": 3600 }}
```

Build tested: {N('git_sha', sha1())}. Trace id: {N('uuid', uuid4())}.
""")

    k = pem_key("openssh")
    case("markdown_report", "fr", f"""## Clé privée dans l'image Docker publique

L'image `orvalis/agent:{N('version', '1.4.2')}` (digest {N('file_hash', 'sha256:' + sha256())}) contient `/root/.ssh/id_ed25519` :

```
{L('private_key', k)}
```

La clé publique associée est autorisée sur les passerelles clientes (vu dans `authorized_keys` de notre propre passerelle) :

`{N('public_key', ssh_pub('deploy@orvalis-build'))}`
""")

    t = npmtok()
    case("markdown_report", "en", f"""## Impact

Anyone can publish a new version of `@kestrel/ui-kit` because the CI log is public[^1]. A malicious release would reach every downstream app on the next install.

## References

[^1]: Job #48213, step "publish", line 212 prints the `.npmrc`: `//registry.npmjs.org/:_authToken={L('npm_token', t)}`
[^2]: npm docs on granular tokens, https://{N('public_hostname', 'docs.npmjs.com')}/about-access-tokens
""")

    case("markdown_report", "fr", f"""# Rapport — XSS réfléchie dans la recherche

- **Découverte** : {N('non_birth_date', '2024-04-29')}
- **Versions** : {N('version', '7.2.0')} → {N('version', '7.3.1')}
- **CVSS 4.0** : `{N('cvss_vector', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N')}`
- **CWE** : CWE-79

| Date | Étape |
|---|---|
| {N('non_birth_date', '29/04/2024')} | découverte |
| {N('non_birth_date', '30/04/2024')} | envoi à {N('psirt_address', PSIRT)} |

Empreinte de la charge utile : `{N('file_hash', hashlib.md5(rbytes(9)).hexdigest())}`. OID du certificat de test : `{N('oid', '1.3.6.1.4.1.311.21.8')}`.
""")

    case("markdown_report", "en", f"""## Leaked `users` table (first row only)

The backup `db.sql.gz` is downloadable from the CDN. I read the first row to confirm the hashing scheme:

| id | username | password_hash | created |
|---|---|---|---|
| 1 | admin | `{L('password_hash', bcrypt(10))}` | {N('timestamp', '2019-03-04')} |

bcrypt cost 10 is acceptable, but the file should not be public at all.
""")

    case("markdown_report", "fr", f"""## Pièces jointes

- `capture_bucket_listing.png` — liste des objets
- `{L('identity_document', 'passeport_BERNARD_Lucas_21FR83406.jpg', opt=True)}` — nom d'un des fichiers listés (non téléchargé) ; il suggère que le bucket contient des scans de passeports, dont celui n° {L('identity_document', '21FR83406')}
- `requete.txt` — requête de listing, sans jeton
""")

    case("markdown_report", "en", f"""# DOM XSS in the help widget

Payload used (hosted on my server {N('documentation_ip', '198.51.100.14')}):

```html
<iframe srcdoc="<script>parent.postMessage({{x:document.cookie}},'*')</script>">
```

The widget is served from {N('public_hostname', 'cdn.helpwidget.net')} ({N('public_ip', '104.18.22.51')}). Subresource integrity: `{N('npm_integrity', 'sha384-' + base64.b64encode(rbytes(48)).decode())}`.
Browsers: Firefox {N('version', '125.0.3')}, Chromium {N('version', '124.0.6367.118')}.
""")

    case("markdown_report", "fr", f"""### Trace obtenue en provoquant une erreur (paramètre `tri` invalide)

```
org.postgresql.util.PSQLException: ERROR: column "x" does not exist
  at ... (datasource={L('connection_string', 'jdbc:postgresql://' + 'pg-rh.interne.lumeris.local:5432/rh?user=rh_app&password=Rh-App!2023')})
```

Version du pilote : {N('version', '42.6.0')}.
""")

    xb = xox("p")
    case("markdown_report", "en", f"""## Timeline

<details>
<summary>Raw config found in the public S3 bucket (click)</summary>

```yaml
notifier:
  kind: slack
  token: {L('slack_token', xb)}
  channel: "#deploys"
```
</details>

Reported on {N('non_birth_date', '2024-05-03')}; bucket made private on {N('non_birth_date', '2024-05-06')}.
""")

    case("markdown_report", "fr", f"""## Environnement de test

| Élément | Valeur |
|---|---|
| Hôte vulnérable | `{N('infrastructure_info', 'app-rdv.recette.cabinet-ouest.lan')}` |
| Adresse | `{N('infrastructure_info', '10.2.8.40')}` |
| Passerelle | `{N('infrastructure_info', '10.2.8.1')}` |
| Navigateur | Firefox {N('version', '115.10.0esr')} |
| Commit testé | `{N('git_sha', sha1())}` |

Aucune donnée réelle n'a été manipulée : les comptes de test s'appellent {N('test_value', 'patient-test-01')} et {N('test_value', 'patient-test-02')}.
""")

# =========================================================================== git_diff
def git_diff():
    ak, sk = akia(), awssec()
    case("git_diff", "en", f"""diff --git a/config/storage.py b/config/storage.py
index {hexs(7)}..{hexs(7)} 100644
--- a/config/storage.py
+++ b/config/storage.py
@@ -4,8 +4,6 @@ import os
 BUCKET = "media-prod-eu"
-AWS_ACCESS_KEY_ID = "{L('aws_access_key_id', ak)}"
-AWS_SECRET_ACCESS_KEY = "{L('aws_secret_key', sk)}"
+AWS_ACCESS_KEY_ID = os.environ["AWS_ACCESS_KEY_ID"]
+AWS_SECRET_ACCESS_KEY = os.environ["AWS_SECRET_ACCESS_KEY"]
 REGION = "eu-west-1"
""")

    c = sha1()
    case("git_diff", "fr", f"""commit {N('git_sha', c)}
Author: dev-stagiaire <{N('public_identifier', '4471203+dev-stagiaire@users.noreply.github.com')}>
Date:   {N('timestamp', 'Tue Mar 19 16:22:05 2024 +0100')}

    ajout jeu de test réaliste pour l'import

diff --git a/tests/fixtures/import_clients.csv b/tests/fixtures/import_clients.csv
new file mode 100644
index 0000000..{hexs(7)}
--- /dev/null
+++ b/tests/fixtures/import_clients.csv
@@ -0,0 +1,3 @@
+nom;prenom;nir;iban;ville
+Fabre;Hélène;{L('national_id', nir(2, 67, 3, "34", 172, 88, spaced=False))};{L('iban', iban("FR"))};Montpellier
+Nguyen;Bao;{L('national_id', nir(1, 95, 11, "75", 115, 402, spaced=False))};{L('iban', iban("FR"))};Paris
""")

    case("git_diff", "en", f"""commit {N('git_sha', sha1())}
Author: Release Bot <{N('company_contact', 'release-bot@brandvale.io')}>

    chore: read SMTP password from the environment

diff --git a/mailer/settings.py b/mailer/settings.py
@@ -12,7 +12,7 @@
 SMTP_HOST = "smtp.brandvale.io"
 SMTP_USER = "mailer"
-SMTP_PASSWORD = "{N('placeholder', 'CHANGE_ME')}"
+SMTP_PASSWORD = os.getenv("SMTP_PASSWORD", "")
 SMTP_PORT = 587
""")

    case("git_diff", "fr", f"""$ git show {N('git_sha', sha1()[:9])} -- .env
commit {N('git_sha', sha1())}
Date:   {N('timestamp', 'Fri Apr 5 09:10:41 2024 +0200')}

    suppression du .env (committé par erreur)

diff --git a/.env b/.env
deleted file mode 100644
--- a/.env
+++ /dev/null
@@ -1,4 +0,0 @@
-DB_PASSWORD={L('password_assignment', 'Mediath3que!Pg')}
-SENTRY_DSN=https://{hexs(32)}@o{digits(6)}.ingest.sentry.io/{digits(7)}
-MAIL_PASSWORD={L('password_assignment', 'Biblio-Mail#07')}
-JWT_SECRET={L('password_assignment', rs(48, B64URL))}
""")

    case("git_diff", "en", f"""diff --git a/package-lock.json b/package-lock.json
index {hexs(7)}..{hexs(7)} 100644
--- a/package-lock.json
+++ b/package-lock.json
@@ -2301,9 +2301,9 @@
     "node_modules/express": {{
-      "version": "{N('version', '4.18.2')}",
-      "resolved": "https://registry.npmjs.org/express/-/express-4.18.2.tgz",
-      "integrity": "{N('npm_integrity', 'sha512-' + base64.b64encode(rbytes(64)).decode())}",
+      "version": "{N('version', '4.19.2')}",
+      "resolved": "https://registry.npmjs.org/express/-/express-4.19.2.tgz",
+      "integrity": "{N('npm_integrity', 'sha512-' + base64.b64encode(rbytes(64)).decode())}",
       "dependencies": {{
""")

    case("git_diff", "fr", f"""diff --git a/tests/test_motdepasse.py b/tests/test_motdepasse.py
--- a/tests/test_motdepasse.py
+++ b/tests/test_motdepasse.py
@@ -1,6 +1,12 @@
 from app.securite import valider_mot_de_passe
 
+LONGUEUR_MIN = {N('setting', '12')}
+
+def test_refuse_trop_court():
+    assert not valider_mot_de_passe("{N('test_value', 'abc')}")
+
+def test_refuse_sans_symbole():
+    assert not valider_mot_de_passe("{N('test_value', 'motdepasseSansSymbole1')}")
""")

    k = pem_key("openssh")
    case("git_diff", "en", f"""diff --git a/deploy/keys/id_ed25519 b/deploy/keys/id_ed25519
new file mode 100600
index 0000000..{hexs(7)}
--- /dev/null
+++ b/deploy/keys/id_ed25519
@@ -0,0 +1,{len(k.splitlines())} @@
""" + "\n".join("+" + line for line in L('private_key', k).splitlines()) + f"""
diff --git a/deploy/keys/id_ed25519.pub b/deploy/keys/id_ed25519.pub
new file mode 100644
--- /dev/null
+++ b/deploy/keys/id_ed25519.pub
@@ -0,0 +1 @@
+{N('public_key', ssh_pub('deploy@ci'))}
""")

    case("git_diff", "fr", f"""diff --git a/src/auth/jeton.js b/src/auth/jeton.js
--- a/src/auth/jeton.js
+++ b/src/auth/jeton.js
@@ -3,5 +3,5 @@ const jwt = require('jsonwebtoken');
-const SECRET = process.env.JWT_SECRET;
+const SECRET = '{L('password_assignment', 'b7Vq-' + rs(27, B64URL))}'; // temporaire pour la démo client du {N('non_birth_date', '12/04')}
 
 module.exports.signer = (u) => jwt.sign({{ sub: u.id }}, SECRET, {{ expiresIn: '{N('setting', '1h')}' }});
""")

    fa, fb = pgp_fp(luhn=True), pgp_fp(luhn=True)
    case("git_diff", "en", f"""diff --git a/SECURITY.md b/SECURITY.md
--- a/SECURITY.md
+++ b/SECURITY.md
@@ -8,6 +8,6 @@ Please report vulnerabilities to {N('company_contact', 'security@openkestrel.org')}.
 Encrypt your report with our key:
 
-    {N('pgp_fingerprint', fa)}   (expired {N('non_birth_date', '2024-01-31')})
+    {N('pgp_fingerprint', fb)}
 
 We answer within 5 working days.
""")

    case("git_diff", "fr", f"""diff --git a/docs/configuration.md b/docs/configuration.md
--- a/docs/configuration.md
+++ b/docs/configuration.md
@@ -40,3 +40,9 @@ Les identifiants S3 se configurent ainsi :
+```ini
+[default]
+aws_access_key_id = {L('aws_access_key_id', 'AKIAIOSFODNN7EXAMPLE', sev='info')}
+aws_secret_access_key = {L('aws_secret_key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sev='info')}
+```
+Remplacez ces valeurs d'exemple par les vôtres ({N('placeholder', '<VOTRE_CLE>')}).
""")

    case("git_diff", "en", f"""diff --git a/runbooks/oncall.md b/runbooks/oncall.md
--- a/runbooks/oncall.md
+++ b/runbooks/oncall.md
@@ -1,4 +1,8 @@
 # On-call escalation
+
+If PagerDuty is down, call directly:
+- Marta Kowalczyk (primary): {L('phone_number', '+48 601 274 913')}
+- Owen Pritchard (secondary): {L('phone_number', '+44 7700 183 442')}, home {L('postal_address', '6 Mill Lane, Stroud GL5 1RW')}
 
 Status page: https://{N('public_hostname', 'status.greyharbor.app')}
""")

# =========================================================================== html_page
def html_page():
    sk = "django-insecure-" + rs(50, LO + DIG + "!@#%^&*(-_=+)")
    case("html_page", "en", f"""<!-- saved from https://beta.tallyho.app/api/orders/x (DEBUG = True) -->
<h1>OperationalError at /api/orders/x</h1>
<table class="req">
<tr><td>DATABASES</td><td class="code"><pre>{{'default': {{'ENGINE': 'django.db.backends.postgresql',
             'HOST': '{L('internal_hostname', 'pg-beta.internal.tallyho.app')}',
             'NAME': 'tally',
             'PASSWORD': '{L('password_assignment', 'Tally-Beta-Pg!21')}',
             'USER': 'tally'}}}}</pre></td></tr>
<tr><td>EMAIL_HOST_PASSWORD</td><td class="code"><pre>{N('redacted', "'********************'")}</pre></td></tr>
<tr><td>SECRET_KEY</td><td class="code"><pre>'{L('password_assignment', sk)}'</pre></td></tr>
<tr><td>PASSWORD_HASHERS</td><td class="code"><pre>['django.contrib.auth.hashers.Argon2PasswordHasher']</pre></td></tr>
</table>
""")

    rows = []
    for nom, mail, dob in [("Valérie Jacquet", "valerie.jacquet@wanadoo.fr", "1969-05-30"),
                           ("Kévin Da Silva", "kevin.dasilva33@gmail.com", "2001-10-08"),
                           ("Odile Marchand", "o.marchand@sfr.fr", "1955-01-17")]:
        rows.append(f"""  <tr><td>{nom}</td><td>{L('email_address', mail)}</td><td>{L('phone_number', fr_mobile())}</td><td>{L('date_of_birth', dob)}</td><td><a href="/admin/users/{digits(5)}/edit">modifier</a></td></tr>""")
    case("html_page", "fr", f"""<html><head><title>Administration — Utilisateurs</title></head>
<body>
<h2>Utilisateurs (1 248)</h2>
<table id="users">
  <tr><th>Nom</th><th>Courriel</th><th>Téléphone</th><th>Date de naissance</th><th></th></tr>
""" + "\n".join(rows) + f"""
</table>
<p class="footer">Page enregistrée le {N('non_birth_date', '10/05/2024')} — panneau accessible sans authentification</p>
</body></html>
""")

    case("html_page", "en", f"""<h2>Environment</h2>
<table>
<tr class="h"><th>Variable</th><th>Value</th></tr>
<tr><td class="e">APP_ENV </td><td class="v">production </td></tr>
<tr><td class="e">DB_HOST </td><td class="v">{L('private_ip', '172.31.12.7')} </td></tr>
<tr><td class="e">DB_PASSWORD </td><td class="v">{L('password_assignment', 'Wp-Db-Pr0d-2023')} </td></tr>
<tr><td class="e">MYSQL_PWD </td><td class="v">{L('password_assignment', 'Wp-Db-Pr0d-2023')} </td></tr>
<tr><td class="e">PHP_VERSION </td><td class="v">{N('version', '8.2.18')} </td></tr>
</table>
<h2>PHP Variables</h2>
<table>
<tr><td class="e">$_SERVER['HTTP_COOKIE']</td><td class="v">wordpress_logged_in_{hexs(32)}={L('session_cookie', 'admin%7C1716000000%7C' + rs(43) + '%7C' + hexs(64))}</td></tr>
</table>
""")

    case("html_page", "fr", f"""<form action="/paiement/valider" method="post">
  <input type="hidden" name="csrf" value="{N('csrf_token', rs(32, HEX))}">
  <input type="hidden" name="marchand" value="FOURNIL-DOR-0042">
  <input type="hidden" name="cle_api" value="{L('stripe_key', stripe('sk'))}">
  <input type="hidden" name="montant" value="{N('amount', '2350')}">
  <label>Nom sur la carte <input name="titulaire"></label>
  <button>Payer</button>
</form>
""")

    case("html_page", "en", f"""<!DOCTYPE html>
<html><head>
<link rel="stylesheet" href="/static/app.css" integrity="{N('npm_integrity', 'sha384-' + base64.b64encode(rbytes(48)).decode())}" crossorigin="anonymous">
<meta name="csrf-token" content="{N('csrf_token', rs(40, B64URL))}">
</head><body>
<form method="post" action="/login">
  <input type="hidden" name="nonce" value="{N('uuid', uuid4())}">
  <input name="email" type="email" placeholder="{N('placeholder', 'you@company.com')}">
  <input name="password" type="password" placeholder="{N('placeholder', '••••••••')}" minlength="{N('setting', '12')}">
  <button>Sign in</button>
</form>
<footer>v{N('version', '3.9.1')} · build {N('git_sha', sha1()[:8])}</footer>
</body></html>
""")

    case("html_page", "fr", f"""<footer class="contact">
  <h3>Nous contacter</h3>
  <p>Kerlann Énergie SAS — {N('company_contact', 'ZA de Kerlann, 29200 Brest')}</p>
  <p>Standard : <a href="tel:{N('company_contact', '+33298001122')}">{N('company_contact', '02 98 00 11 22')}</a> — Presse : <a href="mailto:{N('company_contact', 'presse@kerlann-energie.fr')}">{N('company_contact', 'presse@kerlann-energie.fr')}</a></p>
  <p>SIRET {N('siret', '901 234 567 00018')} — capital {N('amount', '1 200 000 €')}</p>
  <p>Signaler une vulnérabilité : {N('psirt_address', PSIRT)} (clé {N('pgp_fingerprint', PSIRT_FP)})</p>
</footer>
""")

    appkey = "base64:" + base64.b64encode(rbytes(32)).decode()
    case("html_page", "en", f"""<div class="whoops-container">
<h2 class="exception-message">SQLSTATE[HY000] [2002] Connection refused</h2>
<div class="data-table" id="sg-environment-variables">
<table>
<tr><td>APP_KEY</td><td>{L('password_assignment', appkey)}</td></tr>
<tr><td>DB_HOST</td><td>{L('internal_hostname', 'mysql-primary.svc.cluster.local')}</td></tr>
<tr><td>DB_PASSWORD</td><td>{L('password_assignment', 'L4ravel-Shop-Db')}</td></tr>
<tr><td>MAIL_PASSWORD</td><td>{N('redacted', '******')}</td></tr>
<tr><td>PUSHER_APP_KEY</td><td>{N('public_identifier', hexs(20))}</td></tr>
</table>
</div></div>
""")

    ib = iban("FR")
    case("html_page", "fr", f"""<section id="mon-compte">
<h1>Bonjour Maëlle 👋</h1>
<dl>
  <dt>Titulaire</dt><dd>Maëlle Le Goff</dd>
  <dt>IBAN de prélèvement</dt><dd>{L('iban', fmt_iban(ib))}</dd>
  <dt>Adresse de facturation</dt><dd>{L('postal_address', '22 rue de la Marne, 56100 Lorient')}</dd>
  <dt>Client depuis</dt><dd>{N('non_birth_date', 'mars 2019')}</dd>
</dl>
<!-- page obtenue en changeant client_id=31802 en 31803 -->
</section>
""")

    case("html_page", "en", f"""<div id="swagger-ui">
<h2>POST /v1/sessions</h2>
<pre class="example">{{
  "username": "{N('placeholder', 'string')}",
  "password": "{N('placeholder', 'string')}",
  "otp": "{N('placeholder', '123456')}"
}}</pre>
<h2>Authorize</h2>
<label>bearerAuth (http, Bearer)</label><input value="" placeholder="{N('placeholder', 'Bearer <token>')}">
<p>API version {N('version', '1.12.0')} · OAS {N('version', '3.1')}</p>
</div>
""")

    case("html_page", "fr", f"""<html><head><title>Apache Tomcat/{N('version', '9.0.85')} - Rapport d'erreur</title></head><body>
<h1>Etat HTTP 500 – Erreur interne du serveur</h1>
<p><b>Exception</b></p>
<pre>org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection;
 url={L('connection_string', 'jdbc:oracle:thin:compta_app/C0mpta!Ora@//' + 'ora-compta.siege.vasselin.local:1521/COMPTA', 'url_credentials')}
	at org.springframework.jdbc.datasource.DataSourceUtils.getConnection(DataSourceUtils.java:84)
</pre>
</body></html>
""")

    case("html_page", "en", f"""<table class="orders">
<tr><th>Order</th><th>Date</th><th>Card</th><th>Total</th><th>Status</th></tr>
<tr><td>{N('order_id', 'ORD-77120')}</td><td>{N('non_birth_date', '2024-05-11')}</td><td>{N('masked_card', 'Visa •••• 4417')}</td><td>{N('amount', '$129.90')}</td><td>shipped</td></tr>
<tr><td>{N('order_id', 'ORD-77121')}</td><td>{N('non_birth_date', '2024-05-11')}</td><td>{N('masked_card', 'MC **** **** **** 0385')}</td><td>{N('amount', '$54.00')}</td><td>pending</td></tr>
<tr><td>{N('order_id', 'ORD-77122')}</td><td>{N('non_birth_date', '2024-05-12')}</td><td>{N('masked_card', 'Amex •••• 31007')}</td><td>{N('amount', '$310.45')}</td><td>refunded</td></tr>
</table>
<p>Tracking ids: {N('uuid', uuid4())}, {N('uuid', uuid4())}</p>
""")

# =========================================================================== extra cases
def extras():
    # clean, English narrative: digits that look like cards but fail Luhn, hex ids, dates
    bad = "4" + digits(14)
    bad = bad + str((int(luhn_complete(bad)[-1]) + 3) % 10)
    case("prose_en", "en", f"""Some context on the "card number" column in the crash dump I attached: none of these are card numbers. The field holds the device serial, e.g. {N('identifier', fmt_card(bad))} (it fails the Luhn check, and the vendor's serials all start with 4), and the IMEI-like counter {N('identifier', '35 209900 176148 1')}. The dump header has build id {N('file_hash', sha256()[:40])}, boot time {N('timestamp', '2024-05-09 03:14:07Z')}, and uptime 1,202,331 s. The appliance itself is reachable at {N('public_ip', '45.83.12.201')}; I used {N('documentation_ip', '192.0.2.200')} in the write-up instead. No credentials or personal data are in the dump as far as I can see — I grepped for "pass", "secret", "token" and only found {N('setting', 'token_ttl=900')} and {N('setting', 'password_max_age=0')}.
""")

    # dirty, English: a secret split across two lines inside a quote
    sk = awssec()
    case("prose_en", "en", f"""> From the ticket attachment (the line was wrapped by the mail client):
> aws_secret_access_key = {L('aws_secret_key', sk[:22] + chr(10) + '> ' + sk[22:])}
> region = ap-southeast-2

The matching key id is in the same file, three lines up: [{L('aws_access_key_id', akia())}]. Both still work (GetCallerIdentity only).
""")

    case("chat", "fr", f"""[Discord] #veille-secu 🛡️
[18:02] Zoé: vous avez vu l'avis {N('cve_id', 'CVE-2024-3400')} ? le PoC tourne déjà
[18:03] Bastien: oui, hash du PoC {N('file_hash', sha256())}, je l'ai testé sur le labo ({N('infrastructure_info', '192.168.56.101')})
[18:03] Zoé: ok. on met à jour en {N('version', '11.1.2-h3')} ce soir 🌙
[18:05] Bastien: 👍 ticket {N('reference', 'CHG-2024-118')} ouvert, réunion le {N('non_birth_date', 'jeudi 16 mai')}
""")

    case("config_file", "fr", f"""# /etc/samba/smb.conf (extrait)
[global]
   workgroup = ATELIER
   server string = Serveur de fichiers %v
   security = user
   passdb backend = tdbsam
   min protocol = SMB2
   map to guest = never
   hosts allow = {N('infrastructure_info', '192.168.20.')} 127.

[plans]
   path = /srv/partages/plans
   valid users = @bureau-etudes
   read only = no
""")

    case("http_request", "fr", f"""GET /api/v2/factures?page=2&taille=50 HTTP/1.1
Host: {N('public_hostname', 'api.fournil-dor.fr')}
Accept: application/json
Authorization: Bearer {N('placeholder', '<JETON>')}
If-Modified-Since: {N('timestamp', 'Mon, 13 May 2024 07:00:00 GMT')}
X-Client-Version: {N('version', '6.1.0')}
Traceparent: 00-{N('identifier', hexs(32))}-{N('identifier', hexs(16))}-01
""")


def extras2():
    case("http_response", "en", f"""GET /download?file=..%2F..%2F..%2F..%2Fetc%2Fshadow  →  200 OK (first lines only, the rest discarded)

root:{L('password_hash', sha512crypt())}:19622:0:99999:7:::
daemon:*:19474:0:99999:7:::
bin:*:19474:0:99999:7:::
svc_backup:{L('password_hash', sha512crypt())}:19701:0:99999:7:::
nobody:{N('placeholder', '!')}:19474:0:99999:7:::
""")

    case("config_yaml", "fr", f"""# /config/users_database.yml (Authelia) — trouvé dans la sauvegarde publique
users:
  jmorel:
    displayname: "Jeanne Morel"
    password: "{L('password_hash', argon2())}"
    email: {L('email_address', 'jeanne.morel@kerlann-energie.fr')}
    groups: [admins, dev]
  invite:
    displayname: "Compte invité"
    password: "{N('placeholder', '$argon2id$v=19$m=65536,t=3,p=4$REMPLACER$REMPLACER')}"
    email: {N('company_contact', 'accueil@kerlann-energie.fr')}
""")

    ni = nino()
    case("email_message", "en", f"""From: Payroll Team <{N('company_contact', 'payroll@fenwick-foods.com')}>
To: {L('email_address', 'shauna.mcbride@fenwick-foods.com')}
Subject: Your updated P60 / starter details
Date: {N('timestamp', 'Fri, 19 Apr 2024 12:05:33 +0100')}

Hi Shauna,

We have updated your record: National Insurance number {L('national_id', ni)}, tax code 1257L, {L('employment_data', 'annual salary £41,200 from 1 April')}.
Your P60 will be posted to {L('postal_address', '31 Thornbury Close, Bristol BS16 4TJ')}.

Payroll
(found in the shared mailbox export, see section 3 of my report)
""")

    cfv = codice_fiscale("Romano", "Giulia", 1988, 6, 14, True, "F205")
    case("http_response", "fr", f"""Réponse de /api/clienti/88231 (IDOR, filiale italienne) :

HTTP/1.1 200 OK
Content-Type: application/json

{{"cliente":"Giulia Romano","codice_fiscale":"{L('national_id', cfv, 'tax_record')}","nascita":"{L('date_of_birth', '1988-06-14')}","indirizzo":"{L('postal_address', 'Via Paolo Sarpi 47, 20154 Milano')}","iban":"{L('iban', iban('IT'))}"}}
""")

    l1, l2 = mrz_td3("P<", "GBR", "HOLLOWAY", "BENJAMIN JAMES", "5" + digits(8), "GBR", "790223", "M", "290611")
    case("markdown_report", "en", f"""## Evidence — OCR endpoint returns other users' scans

Calling `/v1/ocr/result/{{job}}` with a job id that is not mine returned this text block (one request, then stopped):

```
{L('identity_document', l1)}
{L('identity_document', l2)}
```

The job ids are sequential ({N('identifier', '1004411')}, {N('identifier', '1004412')}…), so every uploaded passport is exposed.
""")

    case("chat", "en", f"""[Teams] Reception — Day shift 🏨
[07:58] Nadia: guest in 412 asked us to keep her passport copy, it's {L('identity_document', 'C' + rs(8, 'CFGHJKLMNPRTVWXYZ0123456789'))} (Germany), checking out Sunday
[07:59] Luca: and the DNI of the Spanish guest in 207? {L('national_id', dni())}
[08:00] Nadia: ok noted 👍 will shred the photocopies later
""")


# =========================================================================== main / check
def build():
    R.seed(SEED)
    CASES.clear()
    for f in (prose_en, prose_fr, chat, config_file, config_yaml, config_json, config_ini, env_file,
              http_request, http_response, email_message, markdown_report, git_diff, html_page, extras, extras2):
        f()
    return CASES


def serialize(cases):
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o, _, _ in cases)


def js_slice(text, start, end):
    b = text.encode("utf-16-le")
    return b[2 * start:2 * end].decode("utf-16-le")


def check_cases(cases):
    errors = []
    ids = set()
    for o, lvals, nvals in cases:
        t = o["text"]
        n16 = u16len(t)
        if o["id"] in ids:
            errors.append(f"{o['id']}: duplicate id")
        ids.add(o["id"])
        if o["language"] not in ("en", "fr"):
            errors.append(f"{o['id']}: language")
        if any(ch in t for ch in "\u27e6\u27e7\u27ea\u27eb"):
            errors.append(f"{o['id']}: leftover markup")
        spans = []
        for lab, v in zip(o["labels"], lvals):
            s, e = lab["start"], lab["end"]
            if not (0 <= s < e <= n16):
                errors.append(f"{o['id']}: label out of range {lab}")
                continue
            if js_slice(t, s, e) != v:
                errors.append(f"{o['id']}: slice mismatch {lab}")
            if v != v.strip() or v[:1] in "\"'`<>[]" and len(v) > 1 and v[-1:] == v[:1]:
                errors.append(f"{o['id']}: label has surrounding whitespace/quotes {v!r}")
            if lab["category"] not in ALLCATS:
                errors.append(f"{o['id']}: unknown category {lab['category']}")
            for a in lab.get("also", []):
                if a not in ALLCATS or a == lab["category"]:
                    errors.append(f"{o['id']}: bad also {a}")
            if lab["group"] != group_of(lab["category"]):
                errors.append(f"{o['id']}: group")
            if lab["severity"] not in ("critical", "high", "medium", "info"):
                errors.append(f"{o['id']}: severity")
            if lab["severity"] != default_sev(lab["category"]) and lab["severity"] != "info":
                errors.append(f"{o['id']}: severity override must be info")
            spans.append((s, e, "L"))
        for neg, v in zip(o["negatives"], nvals):
            s, e = neg["start"], neg["end"]
            if not (0 <= s < e <= n16) or js_slice(t, s, e) != v:
                errors.append(f"{o['id']}: negative span {neg}")
            if neg["kind"] not in NEG_KINDS:
                errors.append(f"{o['id']}: unknown negative kind {neg['kind']}")
            spans.append((s, e, "N"))
        spans.sort()
        for (s1, e1, k1), (s2, e2, k2) in zip(spans, spans[1:]):
            if s2 < e1:
                errors.append(f"{o['id']}: overlapping spans {k1}{(s1, e1)} {k2}{(s2, e2)}")
    return errors


def validators():
    """Check digits of the generated values (self-test of the makers)."""
    errs = []
    for _ in range(200):
        for cc in IBAN_LEN:
            if not iban_valid(iban(cc)):
                errs.append("iban " + cc)
        for b in ("visa", "mc", "amex", "discover", "jcb"):
            if not luhn_ok(card(b)):
                errs.append("card " + b)
    assert codice_fiscale("Rossi", "Mario", 1980, 1, 1, False, "H501") == "RSSMRA80A01H501U", codice_fiscale("Rossi", "Mario", 1980, 1, 1, False, "H501")
    l1, l2 = mrz_td3("P<", "UTO", "ERIKSSON", "ANNA MARIA", "L898902C3", "UTO", "740812", "F", "120415", "ZE184226B")
    if l2 != "L898902C36UTO7408122F1204159ZE184226B<<<<<10":
        errs.append("mrz " + l2)
    if nir(1, 55, 5, "75", 111, 111, spaced=False)[-2:] != "%02d" % (97 - 1550575111111 % 97):
        errs.append("nir")
    return errs


def stats(cases):
    from collections import Counter
    by = Counter()
    clean = 0
    groups = Counter()
    cats = Counter()
    negk = Counter()
    fr = 0
    for o, _, _ in cases:
        by[(o["carrier"], o["language"])] += 1
        fr += o["language"] == "fr"
        if all(l["severity"] == "info" or l.get("optional") for l in o["labels"]):
            clean += 1
        for l in o["labels"]:
            groups[l["group"]] += 1
            cats[l["category"]] += 1
        for n in o["negatives"]:
            negk[n["kind"]] += 1
    return by, clean, groups, cats, negk, fr


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "cases.jsonl")
    cases = build()
    data = serialize(cases)
    errs = check_cases(cases)
    R.seed(12345)
    errs += validators()
    if "--check" in sys.argv:
        with open(out, encoding="utf-8") as fh:
            committed = fh.read()
        if committed != data:
            errs.append("cases.jsonl differs from what the generator produces")
        # spans as read back from the committed file
        for line in committed.splitlines():
            o = json.loads(line)
            n16 = u16len(o["text"])
            for lab in o["labels"] + o["negatives"]:
                if not (0 <= lab["start"] < lab["end"] <= n16):
                    errs.append(f"{o['id']}: span out of range in file")
        if errs:
            print("\n".join(errs))
            sys.exit(1)
        by, clean, groups, cats, negk, fr = stats(cases)
        print(f"OK: {len(cases)} cases, {fr} fr ({100 * fr / len(cases):.1f} %), {clean} clean, "
              f"labels {dict(groups)}, negatives {sum(negk.values())}")
        return
    if errs:
        print("\n".join(errs))
        sys.exit(1)
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(data)
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main()
