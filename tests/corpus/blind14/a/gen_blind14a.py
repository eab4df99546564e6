#!/usr/bin/env python3
"""Blind test corpus b14a for a sensitive-data scanner (PSIRT report pre-submission check).

Standard library only.  One random.Random with a fixed seed; running it writes cases.jsonl
byte-for-byte identically.  `--check` regenerates in memory, compares with the committed file
and verifies every label / negative span (UTF-16 offsets, format validity of the values).

Cases are written as text with inline markers: b.L(value, category, ...) and b.N(value, kind)
return the value wrapped in private-use markers; B.done() strips them and records the
UTF-16 offsets of what they wrapped.
"""
import base64
import hashlib
import json
import re
import string
import sys
import uuid
import zlib
import random
from pathlib import Path
from urllib.parse import quote

SEED = 1414
R = random.Random(SEED)
HERE = Path(__file__).resolve().parent
OUT = HERE / "cases.jsonl"

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
GROUP = {**{c: "credentials" for c in CRED}, **{c: "personal" for c in PERS_HIGH + PERS_MED},
         **{c: "infrastructure" for c in INFRA}}
SEV = {**{c: "critical" for c in CRED}, **{c: "high" for c in PERS_HIGH},
       **{c: "medium" for c in PERS_MED}, **{c: "info" for c in INFRA}}
CARRIERS = ["prose_en", "prose_fr", "chat", "config_file", "config_yaml", "config_json",
            "config_ini", "env_file", "http_request", "http_response", "email_message",
            "markdown_report", "sms_or_voicemail", "bug_tracker"]

# ---------------------------------------------------------------- builder
_LM, _MID, _END = "\ue000", "\ue001", "\ue002"
_NM = "\ue003"
_MARK = re.compile("([\ue000\ue003])(\\d+)\ue001(.*?)\ue002", re.S)


def u16(s):
    return len(s.encode("utf-16-le")) // 2


class B:
    def __init__(self, carrier, lang, reporter_email=None):
        assert carrier in CARRIERS, carrier
        self.carrier, self.lang, self.reporter_email = carrier, lang, reporter_email
        self.specs = []

    def L(self, value, cat, also=None, opt=False, sev=None):
        assert cat in GROUP, cat
        for a in also or []:
            assert a in GROUP, a
        self.specs.append(("L", cat, also, opt, sev))
        return f"{_LM}{len(self.specs) - 1}{_MID}{value}{_END}"

    def N(self, value, kind):
        self.specs.append(("N", kind))
        return f"{_NM}{len(self.specs) - 1}{_MID}{value}{_END}"

    def done(self, text):
        out, labels, negs = [], [], []
        pos = 0
        plain_len16 = 0
        for m in _MARK.finditer(text):
            chunk = text[pos:m.start()]
            assert _LM not in chunk and _NM not in chunk and _END not in chunk, "nested marker"
            out.append(chunk)
            plain_len16 += u16(chunk)
            val = m.group(3)
            spec = self.specs[int(m.group(2))]
            s, e = plain_len16, plain_len16 + u16(val)
            if spec[0] == "L":
                _, cat, also, opt, sev = spec
                lab = {"start": s, "end": e, "category": cat, "severity": sev or SEV[cat],
                       "group": GROUP[cat]}
                if also:
                    lab["also"] = list(also)
                if opt:
                    lab["optional"] = True
                lab["_v"] = val
                labels.append(lab)
            else:
                negs.append({"start": s, "end": e, "kind": spec[1], "_v": val})
            out.append(val)
            plain_len16 += u16(val)
            pos = m.end()
        tail = text[pos:]
        assert _LM not in tail and _NM not in tail and _END not in tail and _MID not in tail
        out.append(tail)
        plain = "".join(out)
        d = {"carrier": self.carrier, "language": self.lang, "text": plain,
             "labels": labels, "negatives": negs}
        if self.reporter_email:
            d["reporter_email"] = self.reporter_email
        return d


CASES = []


def case(fn):
    CASES.append(fn)
    return fn


# ---------------------------------------------------------------- value helpers
DIG = string.digits
UP = string.ascii_uppercase
LO = string.ascii_lowercase
B62 = DIG + UP + LO
HEX = "0123456789abcdef"


def rs(n, alpha=B62):
    return "".join(R.choice(alpha) for _ in range(n))


def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def b64(n):
    return base64.b64encode(rbytes(n)).decode()


def b64u(data):
    if isinstance(data, int):
        data = rbytes(data)
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def hexs(n, upper=False):
    h = rs(n, HEX)
    return h.upper() if upper else h


def base62(n):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s or "0"


def gh_token(prefix="ghp_"):
    body = rs(30)
    return prefix + body + base62(zlib.crc32(body.encode())).rjust(6, "0")


def gh_pat():
    return "github_pat_" + rs(22, DIG + UP) + "_" + rs(59)


def gitlab():
    return "glpat-" + rs(20, B62 + "-_")


def aws_id(prefix="AKIA"):
    return prefix + rs(16, UP + "234567")


def aws_secret():
    return rs(40, B62 + "/+")


def aws_session():
    return "IQoJb3JpZ2luX2VjE" + rs(300, B62 + "/+") + "=="


def slack_bot():
    return f"xoxb-{rs(11, DIG)}-{rs(13, DIG)}-{rs(24)}"


def slack_user():
    return f"xoxp-{rs(11, DIG)}-{rs(11, DIG)}-{rs(13, DIG)}-{hexs(32)}"


def slack_hook():
    return f"https://hooks.slack.com/services/T0{rs(8, UP + DIG)}/B0{rs(9, UP + DIG)}/{rs(24)}"


def stripe(prefix="sk_live_"):
    if prefix == "whsec_":
        return prefix + rs(32)
    return prefix + "51" + rs(14, B62) + rs(83)


def google_key():
    return "AIza" + rs(35, B62 + "-_")


def azure_conn(account):
    return (f"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={b64(64)};"
            "EndpointSuffix=core.windows.net")


def azure_sas(se="2025-11-30T18:00:00Z"):
    return (f"sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupx&se={se}&st=2024-11-01T08:00:00Z"
            f"&spr=https&sig={quote(b64(32), safe='')}")


def npm_tok():
    return "npm_" + rs(36)


def pypi_tok():
    return "pypi-AgEIcHlwaS5vcmcCJD" + b64u(rbytes(36 + 100))


def sendgrid():
    return "SG." + rs(22, B62 + "-_") + "." + rs(43, B62 + "-_")


def twilio_sk():
    return "SK" + hexs(32)


def openai_key():
    return "sk-proj-" + rs(74, B62 + "-_") + "T3BlbkFJ" + rs(74, B62 + "-_")


def anthropic_key():
    return "sk-ant-api03-" + rs(93, B62 + "-_") + "AA"


def hf_key():
    return "hf_" + rs(34, UP + LO)


def jwt(payload, alg="HS256", kid=None):
    h = {"alg": alg, "typ": "JWT"}
    if kid:
        h["kid"] = kid
    enc = lambda o: b64u(json.dumps(o, separators=(",", ":")).encode())
    sig = b64u(32 if alg.startswith("HS") else 256)
    return f"{enc(h)}.{enc(payload)}.{sig}"


def pem_wrap(body, width=64):
    return "\n".join(body[i:i + width] for i in range(0, len(body), width))


def pem_ec():
    der = bytes.fromhex("30770201010420") + rbytes(32) + bytes.fromhex("a00a06082a8648ce3d030107a144034200") + b"\x04" + rbytes(64)
    return ("-----BEGIN EC PRIVATE KEY-----\n" + pem_wrap(base64.b64encode(der).decode())
            + "\n-----END EC PRIVATE KEY-----")


def pem_rsa(nbytes=600):
    der = bytes.fromhex("308204a40201000282010100") + rbytes(nbytes)
    return ("-----BEGIN RSA PRIVATE KEY-----\n" + pem_wrap(base64.b64encode(der).decode())
            + "\n-----END RSA PRIVATE KEY-----")


def pem_pkcs8(nbytes=420):
    der = bytes.fromhex("308204bd020100300d06092a864886f70d0101010500") + rbytes(nbytes)
    return ("-----BEGIN PRIVATE KEY-----\n" + pem_wrap(base64.b64encode(der).decode())
            + "\n-----END PRIVATE KEY-----")


def pem_openssh():
    raw = b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x003\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 " + rbytes(200)
    return ("-----BEGIN OPENSSH PRIVATE KEY-----\n" + pem_wrap(base64.b64encode(raw).decode(), 70)
            + "\n-----END OPENSSH PRIVATE KEY-----")


def ssh_pub(comment):
    raw = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 " + rbytes(32)
    return "ssh-ed25519 " + base64.b64encode(raw).decode() + " " + comment


def bcrypt():
    return "$2b$12$" + rs(53, "./" + B62)


def sha512crypt():
    return "$6$" + rs(16, "./" + B62) + "$" + rs(86, "./" + B62)


def argon2():
    return "$argon2id$v=19$m=65536,t=3,p=4$" + b64u(16) + "$" + b64u(32)


def git_sha():
    return hexs(40)


def uid():
    return str(uuid.UUID(int=R.getrandbits(128), version=4))


def sha256():
    return hexs(64)


def md5():
    return hexs(32)


def integrity():
    return "sha512-" + b64(64)


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


def luhn_ok(num):
    num = re.sub(r"\D", "", num)
    s = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return s % 10 == 0


def card(prefix, length=16, sep=" "):
    body = prefix + rs(length - 1 - len(prefix), DIG)
    num = body + luhn_digit(body)
    if sep is None:
        return num
    if length == 15:
        return sep.join([num[:4], num[4:10], num[10:]])
    return sep.join(num[i:i + 4] for i in range(0, len(num), 4))


def pgp_fpr_luhn():
    """40-hex fingerprint, groups of four, whose first 16 chars are digits passing Luhn."""
    head = rs(15, DIG)
    head += luhn_digit(head)
    fpr = (head + hexs(24, upper=True))
    return " ".join(fpr[i:i + 4] for i in range(0, 40, 4))


def pgp_fpr():
    f = hexs(40, upper=True)
    return " ".join(f[i:i + 4] for i in range(0, 40, 4))


IBAN_LEN = {"FR": 27, "DE": 22, "ES": 24, "IT": 27, "BE": 16, "NL": 18, "GB": 22, "CH": 21,
            "LU": 20, "PT": 25, "MC": 27, "IE": 22, "AT": 20, "PL": 28}


def _iban_num(s):
    return int("".join(str(int(c, 36)) for c in s))


def iban_ok(iban):
    s = iban.replace(" ", "")
    if len(s) != IBAN_LEN.get(s[:2], -1):
        return False
    return _iban_num(s[4:] + s[:4]) % 97 == 1


def rib_key(bank, guichet, account):
    return "%02d" % (97 - ((89 * int(bank) + 15 * int(guichet) + 3 * int(account)) % 97))


def iban(cc, grouped=True):
    if cc in ("FR", "MC"):
        bank, gui, acc = rs(5, DIG), rs(5, DIG), rs(11, DIG)
        bban = bank + gui + acc + rib_key(bank, gui, acc)
    elif cc == "DE":
        bban = rs(18, DIG)
    elif cc == "ES":
        bban = rs(20, DIG)
    elif cc == "IT":
        bban = R.choice(UP) + rs(10, DIG) + rs(12, DIG)
    elif cc == "BE":
        ten = rs(10, DIG)
        k = int(ten) % 97 or 97
        bban = ten + "%02d" % k
    elif cc == "NL":
        bban = R.choice(["ABNA", "INGB", "RABO", "TRIO"]) + rs(10, DIG)
    elif cc in ("GB", "IE"):
        bban = R.choice(["NWBK", "BARC", "MIDL", "LOYD"] if cc == "GB" else ["AIBK", "BOFI"]) + rs(14, DIG)
    elif cc == "CH":
        bban = rs(17, DIG)
    elif cc == "LU":
        bban = rs(16, DIG)
    elif cc == "PT":
        bban = rs(21, DIG)
    elif cc == "AT":
        bban = rs(16, DIG)
    elif cc == "PL":
        bban = rs(24, DIG)
    else:
        raise ValueError(cc)
    chk = 98 - _iban_num(bban + cc + "00") % 97
    s = f"{cc}{chk:02d}{bban}"
    assert len(s) == IBAN_LEN[cc] and iban_ok(s)
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if grouped else s


def nir(sex, yy, mm, dept, commune=None, grouped=True):
    commune = commune or rs(3, "123456789")
    order = rs(3, DIG[1:])
    base = f"{sex}{yy:02d}{mm:02d}{dept}{commune}{order}"
    key = 97 - int(base) % 97
    if grouped:
        return f"{sex} {yy:02d} {mm:02d} {dept} {commune} {order} {key:02d}"
    return f"{base}{key:02d}"


def nir_ok(v):
    s = v.replace(" ", "")
    return len(s) == 15 and 97 - int(s[:13]) % 97 == int(s[13:])


DNI_L = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni(nie=None):
    if nie:
        n = rs(7, DIG)
        return nie + n + DNI_L[int("XYZ".index(nie).__str__() + n) % 23]
    n = rs(8, DIG)
    return n + DNI_L[int(n) % 23]


def dni_ok(v):
    v = v.replace("-", "").replace(" ", "")
    if v[0] in "XYZ":
        return DNI_L[int(str("XYZ".index(v[0])) + v[1:8]) % 23] == v[8]
    return DNI_L[int(v[:8]) % 23] == v[8]


_CF_ODD = {**dict(zip(DIG, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21])),
           **dict(zip(UP, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14,
                           16, 10, 22, 25, 24, 23]))}
_CF_EVEN = {**{d: int(d) for d in DIG}, **{c: i for i, c in enumerate(UP)}}


def _cf_part(word, is_name):
    w = re.sub("[^A-Z]", "", word.upper())
    cons = [c for c in w if c not in "AEIOU"]
    vow = [c for c in w if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return "".join((cons + vow + ["X"] * 3)[:3])


def cf_check(s15):
    t = sum(_CF_ODD[c] if i % 2 == 0 else _CF_EVEN[c] for i, c in enumerate(s15))
    return UP[t % 26]


def codice_fiscale(surname, name, yy, month, day, female, comune):
    s = (_cf_part(surname, False) + _cf_part(name, True) + f"{yy:02d}" + "ABCDEHLMPRST"[month - 1]
         + f"{day + 40 if female else day:02d}" + comune)
    return s + cf_check(s)


def cf_ok(v):
    return len(v) == 16 and cf_check(v[:15]) == v[15]


def nino(grouped=True):
    bad1 = set("DFIQUV")
    while True:
        a, b_ = R.choice(UP), R.choice(UP)
        if a in bad1 or b_ in bad1 or b_ == "O" or a + b_ in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            continue
        break
    d = rs(6, DIG)
    sfx = R.choice("ABCD")
    return f"{a}{b_} {d[:2]} {d[2:4]} {d[4:]} {sfx}" if grouped else f"{a}{b_}{d}{sfx}"


def ssn():
    while True:
        a = R.randint(1, 899)
        if a == 666:
            continue
        g, s = R.randint(1, 99), R.randint(1, 9999)
        return f"{a:03d}-{g:02d}-{s:04d}"


def mrz_cd(s):
    w = [7, 3, 1]
    t = 0
    for i, c in enumerate(s):
        v = 0 if c == "<" else (int(c) if c.isdigit() else ord(c) - 55)
        t += v * w[i % 3]
    return str(t % 10)


def mrz_td3(country, surname, given, number, nat, dob, sex, exp, personal=""):
    l1 = ("P<" + country + surname.upper().replace(" ", "<") + "<<" + given.upper().replace(" ", "<")).ljust(44, "<")[:44]
    num = number.ljust(9, "<")
    pers = personal.ljust(14, "<")
    pcd = mrz_cd(pers) if personal else "<"
    core = num + mrz_cd(num) + nat + dob + mrz_cd(dob) + sex + exp + mrz_cd(exp) + pers + pcd
    comp = num + mrz_cd(num) + dob + mrz_cd(dob) + exp + mrz_cd(exp) + pers + pcd
    l2 = core + mrz_cd(comp)
    assert len(l1) == 44 and len(l2) == 44, (l1, l2)
    return l1, l2


def mrz_td1(doc, country, number, dob, sex, exp, nat, surname, given, optional1=""):
    num = number.ljust(9, "<")
    l1 = (doc + country + num + mrz_cd(num) + optional1).ljust(30, "<")
    l2a = dob + mrz_cd(dob) + sex + exp + mrz_cd(exp) + nat
    l2 = (l2a).ljust(29, "<")
    comp = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    l2 = l2 + mrz_cd(comp)
    l3 = (surname.upper().replace(" ", "<") + "<<" + given.upper().replace(" ", "<")).ljust(30, "<")[:30]
    assert len(l1) == len(l2) == len(l3) == 30
    return l1, l2, l3


def td3_ok(l2):
    return (mrz_cd(l2[0:9]) == l2[9] and mrz_cd(l2[13:19]) == l2[19] and mrz_cd(l2[21:27]) == l2[27]
            and mrz_cd(l2[0:10] + l2[13:20] + l2[21:43]) == l2[43])


def fr_mobile(style=0):
    d = R.choice("67") + rs(8, DIG)
    if style == 0:
        return "0" + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2))
    if style == 1:
        return "+33 " + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2))
    if style == 2:
        return "0" + d
    return "0" + d[0] + "." + ".".join(d[i:i + 2] for i in range(1, 9, 2))


def fr_fixed(area="1"):
    d = rs(8, DIG)
    return "0" + area + " " + " ".join(d[i:i + 2] for i in range(0, 8, 2))


def us_phone():
    a = R.choice(["312", "617", "415", "206", "512", "773", "303"])
    return f"({a}) {R.randint(201, 989)}-{rs(4, DIG)}"


def uk_mobile():
    return f"+44 7{R.choice('45789')}{rs(2, DIG)} {rs(6, DIG)}"


def de_phone():
    return f"+49 {R.choice(['151', '160', '172', '176'])} {rs(8, DIG)}"


def ip10():
    return f"10.{R.randint(0, 254)}.{R.randint(0, 254)}.{R.randint(2, 254)}"


def ip192():
    return f"192.168.{R.randint(0, 254)}.{R.randint(2, 254)}"


def ip172():
    return f"172.{R.randint(16, 31)}.{R.randint(0, 254)}.{R.randint(2, 254)}"


def pw(kind=0):
    """Invented human-ish passwords."""
    words = ["Tournesol", "Marmotte", "Galaxy", "Harbor", "Papillon", "Clementine", "Velours",
             "Bastion", "Orchid", "Cobalt", "Sirocco", "Lantern", "Brioche", "Quartz", "Falaise"]
    if kind == 0:
        return R.choice(words) + R.choice("!#@$%?*") + str(R.randint(10, 99))
    if kind == 1:
        return rs(20, B62 + "!#%+=")
    if kind == 2:
        return "-".join(R.choice(["cheval", "agrafe", "pluie", "ivoire", "renard", "moulin", "tuile",
                                  "orbit", "maple", "copper", "lantern", "violet"]) for _ in range(4))
    return rs(16, B62)


# ---------------------------------------------------------------- cases
# ================================================================ prose_en
@case
def pe1():
    b = B("prose_en", "en", reporter_email="k.osei@brightline-sec.io"); L, N = b.L, b.N
    return b.done(f"""Summary: authenticated SSRF in the Orbis Fleet Manager "webhook test" feature (v{N('4.2.7', 'version')}).

During the assessment I was given a low-privilege tenant account only. The webhook tester accepts
any URL and follows redirects, so I pointed it at http://{L(ip10(), 'private_ip')}:8500/v1/agent/self and
got the Consul agent config back, which names {L('vault-01.fleet-prod.internal', 'internal_hostname')}.
From there it got worse than I wanted: the Consul KV had a key "legacy/backup" and when I tried the
value on the SFTP endpoint I was logged in as svc_backup with {L(pw(0), 'password_assignment')} — I stopped at the
directory listing and did not download anything.

CVSS: {N('CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:L/A:N', 'cvss_vector')} (8.5)
Tested build: {N('a3f9c04e1b7d2286e5f0c9ab41d7e3306f12c8d9', 'git_sha')}

Please rotate that account; I will not keep a copy of the value.
--
Kwame Osei, Brightline Security
{N('k.osei@brightline-sec.io', 'reporter_contact')} · {N('+44 20 3869 4471', 'reporter_contact')}
""")


@case
def pe2():
    b = B("prose_en", "en", reporter_email="m.lindqvist@fjordsec.se"); L, N = b.L, b.N
    return b.done(f"""Title: Stored XSS in the "display name" field of the partner portal

Steps: log in, go to Profile > Display name, enter {N('<img src=x onerror=alert(document.domain)>', 'payload')}
and save. Any admin opening the partner list executes the payload. I only used my own test
account; the request carried `Authorization: Bearer {N('<TOKEN>', 'placeholder')}` which I removed here.

Affected: partner-portal {N('3.14.0', 'version')} to {N('3.16.2', 'version')} (build {N('9c1e7a0', 'git_sha')}), reachable from
{N('198.51.100.23', 'documentation_ip')} in my lab. The password policy response even says
`{N('password_min_length: 12', 'setting')}` so that part is fine.

CVSS {N('CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N', 'cvss_vector')} — 5.4. Found on {N('2024-10-03', 'non_birth_date')}.
Encrypted to {N('psirt@thalesgroup.com', 'psirt_address')} with key {N('0x8448AE39', 'pgp_key_id')}.

Magnus Lindqvist — {N('m.lindqvist@fjordsec.se', 'reporter_contact')}, {N('+46 70 318 22 45', 'reporter_contact')}
""")


@case
def pe3():
    b = B("prose_en", "en"); L, N = b.L, b.N
    return b.done(f"""Impact section (draft)

Changing the numeric id in /api/v2/referrals/{N('88213', 'order_id')} to the previous value returned another
clinic's referral letter. To show the vendor it is real data and not a fixture, here is what I saw
for one record, which I'd rather they confirm quickly: the patient is Brigitte Halvorsen, born
{L('14 March 1961', 'date_of_birth')}, referred for {L('type 2 diabetes with peripheral neuropathy, HbA1c 9.1 %', 'health_data')};
home address {L('27 Larkspur Crescent, Leeds LS6 2QT', 'postal_address')}. Her GP's practice number was on the
letter too (public information, not reproduced).

I accessed exactly three ids ({N('88211', 'order_id')}–{N('88213', 'order_id')}) and deleted nothing.
""")


@case
def pe4():
    b = B("prose_en", "en"); L, N = b.L, b.N
    kid, sec = aws_id(), aws_secret()
    psk = pw(1)
    return b.done(f"""Finding 3 — secrets shipped in the customer-facing SPA

The production bundle main.{N('7f3c2a91', 'build_hash')}.js contains, in a minified object literal,
{L(kid, 'aws_access_key_id')} and two properties later the matching {L(sec, 'aws_secret_key')}; sts get-caller-identity
answers with the account {N('arn:aws:iam::000000000000:user/ci', 'placeholder')} (I did not go further).

Separately, the site-to-site VPN with the Lyon plant still uses the shared secret we agreed on with
their integrator back in 2021, which is pasted in the same bundle's comments: {L(psk, 'password_assignment')}.
Integrity of the bundle for reference: {N(integrity(), 'npm_integrity')}
""")


@case
def pe5():
    b = B("prose_en", "en"); L, N = b.L, b.N
    return b.done(f"""Notes on the log-injection issue (clean copy — all values redacted before sending)

The login endpoint logs the raw form body. Example line from my own test run:

    {N('2024-11-18T09:41:07.512Z', 'timestamp')} INFO auth user=tester01 password={N('***', 'redacted')} ip={N('203.0.113.41', 'documentation_ip')}
    {N('2024-11-18T09:41:07.530Z', 'timestamp')} DEBUG upstream Authorization: Bearer {N('[REDACTED]', 'redacted')}

Request id {N(uid(), 'uuid')}; the log archive I was shown has sha256 {N(sha256(), 'sha256')}.
Nothing else sensitive appears; passwords of real users were not observed because I only used
`your-password-here` style values ({N('your-password-here', 'placeholder')}) while testing.
""")


@case
def pe6():
    b = B("prose_en", "en"); L, N = b.L, b.N
    return b.done(f"""While testing the itinerary-sharing link I opened one shared by a colleague of the customer
(the link was indexed by a search engine — that is the bug). It showed traveller Ingrid Solberg,
booking reference {L('QX7T2M', 'travel_record')}, e-ticket {L('117-2154879632', 'travel_record')}, flight {L('SK 1467 on 3 June, seat 14C', 'travel_record')},
paid with a card ending {N('4417', 'masked_card')}. Order number {N('ORD-2024-559812', 'order_id')}.
The link format is /share/{N(uid(), 'uuid')} and it never expires.
""")


@case
def pe7():
    b = B("prose_en", "en", reporter_email="tran.vd@mailbox.org"); L, N = b.L, b.N
    return b.done(f"""Hello team, sorry my english is not perfect, i translate from vietnamese.

I find in your download page the firmware {N('gw-fw-2.8.11.bin', 'filename')} have md5 {N(md5(), 'md5')} but the page
show other md5. Maybe somebody change the file? The signature check say "{N('Good signature', 'tool_output')}" with key
{N(pgp_fpr(), 'pgp_fingerprint')} so maybe only the page is wrong.
Inside config template there is line `admin_password = {N('CHANGE_ME', 'placeholder')}` and `api_key = {N('${API_KEY}', 'placeholder')}`,
is only template i think, not real secret.
The device call home to {N('update.vendor-cdn.net', 'public_hostname')} ({N('93.184.216.34', 'public_ip')}) on port 443.

Thank you, Tran Van Duc, {N('tran.vd@mailbox.org', 'reporter_contact')}
""")


@case
def pe8():
    b = B("prose_en", "en"); L, N = b.L, b.N
    p = "Zr!8vQ2#mLp"
    return b.done(f"""The UART header (J7) is populated on the retail board. At 115200 8N1 the bootloader stops on
any key. I typed `admin` / `{L(p, 'password_assignment')}` at the console prompt — the pair is printed in
the U-Boot env as a comment, of all places — and got a root shell (`id` → uid=0). The same pair works on
the web UI of the two units I own, serials {N('SN4471-0093', 'serial_number')} and {N('SN4471-0131', 'serial_number')}.
""")


@case
def pe9():
    b = B("prose_en", "en"); L, N = b.L, b.N
    return b.done(f"""Data exposure in the HR self-service "team view"

Any employee can change the manager_id parameter and see another team. For a team I do not belong
to, the page showed that Tobias Brenner (Senior Engineer, Munich) has {L('a gross salary of €87,400 and a 6 % bonus target', 'employment_data')},
and his record includes {L('a written warning dated 12 February for repeated unauthorised absence', 'employment_data')}.
His manager's performance note reads: "{L('below expectations — performance improvement plan starts Q2', 'employment_data')}".
I stopped after confirming one record. Ticket ref {N('HRSS-' + rs(5, DIG), 'order_id')}.
""")


@case
def pe10():
    b = B("prose_en", "en", reporter_email="ana.ferreira@protonmail.com"); L, N = b.L, b.N
    return b.done(f"""Quick follow-up on my report from {N('12 September 2024', 'non_birth_date')}.

If the team prefers a call, my number, for this report: {N('+351 912 604 387', 'reporter_contact')} (Lisbon time).
I tried your switchboard at {N('+33 1 57 77 80 00', 'company_contact')} first but was redirected to {N('psirt@thalesgroup.com', 'psirt_address')}.
For the CNA question I also copied {N('cna-coordinator@thalesgroup.com', 'psirt_address')}.
Reference CVE requested: {N('CVE-2024-38219', 'cve_id')}. Invoice amount mentioned in the vendor's first answer
({N('€1,250.00', 'amount')}) was for the support contract, not related.

Ana Ferreira
{N('ana.ferreira@protonmail.com', 'reporter_contact')}
""")


@case
def pe11():
    b = B("prose_en", "en"); L, N = b.L, b.N
    c = card("541275", 16)
    return b.done(f"""Card data in debug logs (PCI scope)

The payment microservice logs the full request when the acquirer times out. On the shared log
viewer I could read, for customer Hollis Wainwright, the PAN {L(c, 'payment_card')} with expiry 09/27.
The merchant id ({N('MID 4480019', 'merchant_id')}) and the terminal id are harmless; the PAN is not.
Timeouts happen ~40 times a day according to the dashboard, so this is ongoing.
""")


@case
def pe12():
    b = B("prose_en", "en"); L, N = b.L, b.N
    g = gh_token()
    n = npm_tok()
    return b.done(f"""The public mirror of the SDK (github.com/orbis-dev/sdk-js) has a CI log from run #{N('4471', 'order_id')}
where the "publish" step echoes the .npmrc: //registry.npmjs.org/:_authToken={L(n, 'npm_token')}.
The same job checks out a private submodule with {L(g, 'github_token')} as the password of the HTTPS remote.
Commit that introduced the echo: {N(git_sha(), 'git_sha')}.
""")


@case
def pe13():
    b = B("prose_en", "en"); L, N = b.L, b.N
    return b.done(f"""Re: JWT "alg" confusion — why I believe it is exploitable (no real tokens below)

The API accepts a token whose header is `{N('eyJhbGciOiJub25lIn0', 'jwt_fragment')}` (that is just {{"alg":"none"}}) followed by
a payload and an empty signature. I am not pasting a full token; replace `{N('<jwt>', 'placeholder')}` with
your own. The server's key id is {N(uid(), 'uuid')} and its public key is published at
{N('https://auth.orbis-cloud.com/.well-known/jwks.json', 'public_url')}. The SSH host key of the bastion I tested from is
{N('SHA256:' + b64u(32), 'ssh_fingerprint')} (mine, not yours). OID of the signature algorithm:
{N('1.2.840.113549.1.1.11', 'oid')}.
""")


@case
def pe14():
    b = B("prose_en", "en"); L, N = b.L, b.N
    hook = slack_hook()
    return b.done(f"""Two things from the same misconfigured S3 listing:

1) deploy/notify.sh posts to {L(hook, 'slack_webhook')} — anyone can post into
   the company's #ops channel with it.
2) payroll/2024-03/onboarding.txt lists a new hire, Declan Fairbairn, with NI number
   {L(nino(), 'national_id')} and a start date of {N('1 April 2024', 'non_birth_date')}.
I listed the bucket and opened those two files only.
""")

# ================================================================ prose_fr
@case
def pf1():
    b = B("prose_fr", "fr", reporter_email="lea.marchetti@cyberveille.fr"); L, N = b.L, b.N
    return b.done(f"""Bonjour,

Lors de l'audit de la filiale de Brest (périmètre validé le {N('4 novembre 2024', 'non_birth_date')}), j'ai constaté que le poste
de l'assistante de direction, Mme Gwenaëlle Kerjean, se déverrouille avec la phrase
« {L('les hiboux dorment à midi', 'password_assignment')} » — elle est écrite au feutre sous le clavier et la même
phrase ouvre sa session sur le partage \\\\{L('fs-brest02.corp.local', 'internal_hostname')}\\direction. Je ne me suis pas connectée
au-delà de la vérification de l'invite.

Le poste est en {L('192.168.40.17', 'private_ip')}, version du client VPN {N('5.1.3.1087', 'version')}.

Cordialement,
Léa Marchetti — {N('lea.marchetti@cyberveille.fr', 'reporter_contact')}
""")


@case
def pf2():
    b = B("prose_fr", "fr"); L, N = b.L, b.N
    return b.done(f"""Constat n° 7 (intrusion physique hors périmètre : NON réalisée, simple observation)

En attendant à l'accueil du site de Vélizy, j'ai entendu l'agent de sécurité donner le code
au prestataire de nettoyage : « c'est toujours pareil, le code est {L('1815', 'password_assignment')}, et pour le local
serveurs c'est {L('4471', 'password_assignment')} puis dièse ». Le clavier du local serveurs affiche d'ailleurs l'étiquette
« dernière maintenance {N('03/2023', 'non_birth_date')} ». Je n'ai pas testé ces codes (engagement n° 3).
""")


@case
def pf3():
    b = B("prose_fr", "fr", reporter_email="contact@audits-lefranc.fr"); L, N = b.L, b.N
    return b.done(f"""Objet : injection SQL aveugle dans le module de recherche du portail fournisseurs

Description : le paramètre `tri` n'est pas filtré. Le temps de réponse passe de 120 ms à 5 s avec
`{N("' AND SLEEP(5)-- -", 'payload')}`. Aucune donnée n'a été extraite : je me suis arrêté à la preuve de délai.

Versions testées : {N('2.3.0', 'version')} et {N('2.4.1-rc2', 'version')}. Score : {N('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'cvss_vector')} (9.8).
Date de découverte : {N('18/10/2024', 'non_birth_date')} ; date de divulgation proposée : {N('16/01/2025', 'non_birth_date')}.

Cabinet Lefranc Audit SAS — SIRET {N('532 918 406 00028', 'siret')} — TVA {N('FR 17 532918406', 'vat_number')}
3 place de la Comédie, 34000 Montpellier — {N('04 67 55 20 10', 'reporter_contact')} — {N('contact@audits-lefranc.fr', 'reporter_contact')}
""")


@case
def pf4():
    b = B("prose_fr", "fr"); L, N = b.L, b.N
    return b.done(f"""Impact : fuite de données de santé (IDOR sur /dossiers/{N('100482', 'order_id')})

En incrémentant l'identifiant on accède au dossier d'une autre patiente. Exemple, pour que l'éditeur
puisse vérifier : Mme Solène Pradier, née le {L('02/07/1984', 'date_of_birth')}, suivie pour
{L('une sclérose en plaques récurrente-rémittente (traitement par natalizumab)', 'health_data')}, domiciliée
{L('14 rue des Tanneurs, 67000 Strasbourg', 'postal_address')}, n° de sécurité sociale {L(nir(2, 84, 7, '67'), 'national_id')}.

Je n'ai consulté que ce dossier et le mien ; aucune copie conservée.
""")


@case
def pf5():
    b = B("prose_fr", "fr"); L, N = b.L, b.N
    return b.done(f"""Bonjour, je traduis de l'anglais, pardon pour les fautes.

Le fichier de deploiement contient `DB_PASSWORD={N('${DB_PASSWORD}', 'placeholder')}` et le mot de passe admin affiche
est « {N('********', 'placeholder')} » dans l'interface, donc rien n'est expose a ce niveau. Par contre la route
/debug renvoie l'identifiant de build {N(uid(), 'uuid')} et l'empreinte {N(sha256(), 'sha256')}, ce qui aide un
attaquant a connaitre la version exacte ({N('7.2.19', 'version')}). Horodatage du test : {N('2024-12-02 14:07:33 CET', 'timestamp')}.
""")


@case
def pf6():
    b = B("prose_fr", "fr"); L, N = b.L, b.N
    return b.done(f"""Le lien de téléchargement des bulletins de paie n'exige pas de session. Le premier document que
j'ai ouvert par erreur (lien reçu d'un collègue) était celui de M. Yannick Le Gall : {L('salaire brut mensuel 4 312,50 €', 'employment_data')},
virement sur le compte {L(iban('FR'), 'iban')}, et une mention « {L('avertissement disciplinaire notifié le 3 mars 2024', 'employment_data')} ».
Net imposable du mois : {L('3 288,17 €', 'employment_data', opt=True)}.

J'ai prévenu le collègue et supprimé le fichier. Référence interne du lien : {N('BP-' + hexs(12), 'order_id')}.
""")


@case
def pf7():
    b = B("prose_fr", "fr"); L, N = b.L, b.N
    nf = rs(1, "0123") + rs(12, DIG)
    return b.done(f"""Le simulateur d'impôt du comité d'entreprise garde les avis téléversés dans un répertoire
listable. L'avis 2024 d'un salarié, M. Raphaël Dumoulin, indique : numéro fiscal {L(' '.join([nf[:2], nf[2:4], nf[4:7], nf[7:10], nf[10:]]), 'tax_record')},
revenu fiscal de référence {L('38 214 €', 'tax_record')}, impôt sur le revenu net {L('2 947 €', 'tax_record')}.
Le répertoire contient {N('212', 'count')} fichiers ; je n'en ai ouvert qu'un.
""")


@case
def pf8():
    b = B("prose_fr", "fr"); L, N = b.L, b.N
    return b.done(f"""Remarques complémentaires (aucune donnée personnelle ci-dessous)

Les montants cités dans la réponse de l'éditeur ({N('12 480,00 € HT', 'amount')}, facture {N('F-2024-00871', 'order_id')}) concernent
le contrat de maintenance. La documentation de référence est l'ouvrage ISBN {N('978-2-212-67431-6', 'isbn')}, chapitre 9.
L'éditeur est immatriculé au RCS de Nanterre sous le n° {N('413 027 582', 'siren')}, SIRET {N('413 027 582 00050', 'siret')}.
Le standard publié sur leur site est le {N('01 41 27 63 00', 'company_contact')} et l'adresse presse {N('presse@orbis-logiciels.fr', 'company_contact')}.
Le module vulnérable porte l'OID {N('1.3.6.1.4.1.311.21.7', 'oid')} dans son certificat.
""")


@case
def pf9():
    b = B("prose_fr", "fr"); L, N = b.L, b.N
    return b.done(f"""Exposition des réservations (API mobile, endpoint /v3/trips)

Avec mon propre jeton, la requête sur un autre numéro de client renvoie le voyage de M. Arnaud Vasseur :
dossier {L('K4PZ7R', 'travel_record')}, vol {L('AF 1234 du 17 avril, siège 23F', 'travel_record')}, billet n° {L('057-2410938852', 'travel_record')}.
L'identifiant client est séquentiel ({N('4 488 120', 'count')} → {N('4 488 121', 'count')}).
""")


@case
def pf10():
    b = B("prose_fr", "fr"); L, N = b.L, b.N
    ip = ip10()
    p1 = "Pistache2019"
    return b.done(f"""Dans le wiki interne exposé sans authentification, la page « Accès reporting » donne la chaîne
{L(f'postgresql://reporting:{pw(3)}@{ip}:5432/ventes', 'connection_string', also=['url_credentials'])} et précise, plus bas, que
« pour le compte de service, c'est le nom du chien du DSI suivi de l'année : {L(p1, 'password_assignment')} ».
Je n'ai pas tenté de connexion.
""")


@case
def pf11():
    b = B("prose_fr", "fr"); L, N = b.L, b.N
    return b.done(f"""Recommandations

1. Relever la politique de mot de passe : la configuration actuelle est `{N('password_min_length: 8', 'setting')}`, viser
   `{N('password_min_length: 12', 'setting')}` et `{N('password_history: 5', 'setting')}`.
2. Les journaux masquent déjà les secrets (`{N('Authorization: Bearer [REDACTED]', 'redacted')}`, `{N('password=***', 'redacted')}`) : conserver ce comportement.
3. Cloisonner le serveur {N('srv-compta-01.intra.local', 'infrastructure_info')} ({N('10.20.4.11', 'infrastructure_info')}) du VLAN bureautique.
4. Activer le TOTP (fenêtre `{N('totp_skew: 1', 'setting')}`) pour les comptes d'administration.
""")


@case
def pf12():
    b = B("prose_fr", "fr", reporter_email="j.ndiaye@secu-ouest.org"); L, N = b.L, b.N
    return b.done(f"""Objet : relance — recours CNA concernant {N('CVE-2024-41972', 'cve_id')}

Madame, Monsieur,

Sans réponse du CNA concerné depuis le {N('9 septembre 2024', 'non_birth_date')} (premier contact), je saisis
{N('cna-coordinator@thalesgroup.com', 'psirt_address')} conformément à la procédure, avec copie à {N('psirt@thalesgroup.com', 'psirt_address')}.
Référence de ma demande initiale : {N('REQ-88417', 'order_id')}. Accusé de réception attendu sous 3 jours ouvrés.

Jean Ndiaye
{N('j.ndiaye@secu-ouest.org', 'reporter_contact')} — {N('+33 6 74 21 09 38', 'reporter_contact')}
""")


@case
def pf13():
    b = B("prose_fr", "fr"); L, N = b.L, b.N
    pn = rs(2, DIG) + rs(2, UP) + rs(5, DIG)
    return b.done(f"""Le service de pré-enregistrement conserve les scans d'identité dans un bucket public. À titre de
preuve : le passeport n° {L(pn, 'identity_document')} au nom de Mme Capucine Royer (délivré le {N('12/05/2021', 'non_birth_date')}),
et une carte d'identité n° {L(rs(12, DIG), 'identity_document')} au nom de son fils. Ces fichiers sont nommés
`scan_{L(pn, 'identity_document')}_recto.jpg` — le numéro figure donc aussi dans l'URL.
""")


@case
def pf14():
    b = B("prose_fr", "fr"); L, N = b.L, b.N
    cf = codice_fiscale("Bellandi", "Chiara", 91, 11, 23, True, "F205")
    return b.done(f"""Le fichier des candidatures de la filiale ibérique/italienne est accessible sans authentification
(export du {N('21/11/2024', 'non_birth_date')}). Deux lignes suffisent à montrer la gravité :
— Álvaro Mínguez Ortega, DNI {L(dni(), 'national_id')}, né le {L('08/01/1993', 'date_of_birth')} ;
— Chiara Bellandi, codice fiscale {L(cf, 'national_id')}, titulaire d'un NIE {L(dni('Y'), 'national_id')}.
Je n'ai rien téléchargé d'autre que l'en-tête et ces deux lignes.
""")


@case
def pf15():
    b = B("prose_fr", "fr"); L, N = b.L, b.N
    t = jwt({"sub": "svc-facturation", "iss": "https://sso.orbis-interne.fr", "scope": "factures:write", "exp": 1767225600}, "RS256", kid="k1")
    return b.done(f"""Le client lourd écrit dans %APPDATA%\\Orbis\\trace.log le jeton du compte de service ; copie de la ligne :
`{L(t, 'jwt')}`
Ce jeton est valable jusqu'au 01/01/2026 (champ exp). Dans le même fichier, la clé d'accès
{L(aws_id(), 'aws_access_key_id')} apparaît sans sa partie secrète.
""")


@case
def pf16():
    b = B("prose_fr", "fr", reporter_email="s.weber@infosec-alsace.eu"); L, N = b.L, b.N
    return b.done(f"""Vérification de la clé PGP avant envoi

J'ai vérifié l'empreinte de la clé du PSIRT : {N('FC3C 4520 576E C756 AE73 0030 5369 49C4 8448 AE39', 'pgp_fingerprint')}
(ID {N('0x8448AE39', 'pgp_key_id')}). Ma propre clé, pour la réponse chiffrée : {N(pgp_fpr_luhn(), 'pgp_fingerprint')}.
Ancienne clé révoquée : {N(pgp_fpr_luhn(), 'pgp_fingerprint')}.
Le certificat TLS du portail a pour empreinte SHA-256 {N(':'.join(hexs(64, True)[i:i+2] for i in range(0, 64, 2)), 'cert_fingerprint')}.

Sébastien Weber — {N('s.weber@infosec-alsace.eu', 'reporter_contact')}
""")

# ================================================================ chat
@case
def ch1():
    b = B("chat", "en"); L, N = b.L, b.N
    p = pw(0)
    return b.done(f"""[{N('2024-11-21 09:12', 'timestamp')}] dmitri.v: anyone have the staging db creds? the vault lease expired again
[{N('2024-11-21 09:13', 'timestamp')}] carla.b: user is etl_loader, pw is {L(p, 'password_assignment')} (same as last sprint, don't shoot me)
[{N('2024-11-21 09:13', 'timestamp')}] dmitri.v: 🙏 thx
[{N('2024-11-21 09:15', 'timestamp')}] carla.b: also the bot token for #deploys if you're fixing the notifier: {L(slack_bot(), 'slack_token')}
[{N('2024-11-21 09:16', 'timestamp')}] ops-bot: :warning: message contains a possible secret (rule {N('SEC-014', 'rule_id')})
""")


@case
def ch2():
    b = B("chat", "fr"); L, N = b.L, b.N
    return b.done(f"""Microsoft Teams — conversation « Support site Toulouse »
Hélène Roussel  {N('10:42', 'timestamp')}
tu peux me redonner le wifi des salles de réunion ? le badge du visiteur ne marche pas
Bastien Morin  {N('10:44', 'timestamp')}
réseau TLS-Reunion, clé : {L('Cassoulet-au-Capitole-31', 'password_assignment')}
et si ça coince, l'imprimante est en {L(ip192(), 'private_ip')} ^^
Hélène Roussel  {N('10:45', 'timestamp')}
merci 👍
""")


@case
def ch3():
    b = B("chat", "en", reporter_email="priya.raman@redkite.dev"); L, N = b.L, b.N
    return b.done(f"""WhatsApp chat with PSIRT liaison (exported {N('14/11/2024', 'non_birth_date')})
[{N('14/11/2024, 16:02', 'timestamp')}] Priya: Hi, it's Priya Raman — report sent to {N('psirt@thalesgroup.com', 'psirt_address')} this morning, subject "{N('CVE-2024-50112', 'cve_id')} follow-up"
[{N('14/11/2024, 16:05', 'timestamp')}] Liaison: Received, ticket {N('PSIRT-2024-1187', 'order_id')}. Did you include credentials?
[{N('14/11/2024, 16:06', 'timestamp')}] Priya: No, they're replaced with REDACTED ({N('REDACTED', 'redacted')}) and the token as {N('xxxx-xxxx-xxxx', 'placeholder')}
[{N('14/11/2024, 16:06', 'timestamp')}] Priya: You can reach me on {N('+91 98450 31277', 'reporter_contact')} or {N('priya.raman@redkite.dev', 'reporter_contact')}
[{N('14/11/2024, 16:07', 'timestamp')}] Liaison: 👍 fixed in {N('5.3.2', 'version')}, embargo until {N('2025-01-15', 'non_birth_date')}
""")


@case
def ch4():
    b = B("chat", "fr"); L, N = b.L, b.N
    return b.done(f"""#secu-interne (IRC, libera)
<{N('12:01', 'timestamp')}> <gaspard> le sha256 de l'image officielle c'est {N(sha256(), 'sha256')} ?
<{N('12:02', 'timestamp')}> <nolwenn> oui, signé par {N(pgp_fpr(), 'pgp_fingerprint')}
<{N('12:02', 'timestamp')}> <gaspard> et le commit du correctif ?
<{N('12:03', 'timestamp')}> <nolwenn> {N(git_sha(), 'git_sha')} — dans la conf mets `password = {N('<mot_de_passe>', 'placeholder')}` et pas le vrai hein
<{N('12:03', 'timestamp')}> <gaspard> évidemment, `{N('changeme', 'placeholder')}` partout dans l'exemple
""")


@case
def ch5():
    b = B("chat", "en"); L, N = b.L, b.N
    return b.done(f"""#payments-oncall
Marek  11:20 AM
refund for the angry customer is stuck, she's Olga Berezina, {L('olga.berezina@kvartira-design.ru', 'email_address')}, phone {L('+7 916 402-37-81', 'phone_number')}
Marek  11:21 AM
I'm calling the API by hand with {L(stripe('rk_live_'), 'stripe_key')} since the dashboard is down
Jo  11:23 AM
please don't paste restricted keys in here 😬 rotate it after
""")


@case
def ch6():
    b = B("chat", "fr"); L, N = b.L, b.N
    return b.done(f"""[{N('03/12/2024 08:17', 'timestamp')}] Sandrine (RH): Marc ne viendra pas cette semaine, {L("arrêt de travail jusqu'au 20 pour une hernie discale", 'health_data')}
[{N('03/12/2024 08:18', 'timestamp')}] Sandrine (RH): si besoin de le joindre : {L(fr_mobile(0), 'phone_number')}
[{N('03/12/2024 08:20', 'timestamp')}] Damien: ok, je reprends ses tickets. Pour info la réunion est déplacée au {N('05/12', 'non_birth_date')}
""")


@case
def ch7():
    b = B("chat", "en"); L, N = b.L, b.N
    return b.done(f"""Teams — "Pentest Q4 sync"
Nadia: scope reminder: {N('10.40.0.0/16', 'infrastructure_info')} and {N('jenkins.build.corp.internal', 'infrastructure_info')} only
Tom: ok. the policy file on the box says {N('password_min_length: 12', 'setting')} and {N('lockout_threshold: 5', 'setting')}
Tom: creds in the report will be written as {N('xxxx', 'placeholder')}
Nadia: 👍 and the bastion is {N('bastion-2.dmz.corp.internal', 'infrastructure_info')} ({N('172.20.1.5', 'infrastructure_info')})
""")


@case
def ch8():
    b = B("chat", "fr"); L, N = b.L, b.N
    return b.done(f"""Mattermost — ~ci-cd
Florian: le runner n'arrive plus à cloner, quelqu'un a un token qui marche ?
Inès: prends le mien en attendant : {L(gitlab(), 'gitlab_token')}
Inès: et pour le déploiement ssh, la clé de la machine de build (je sais, je sais…) :
```
{L(pem_openssh(), 'private_key')}
```
Florian: merci, je révoque tout vendredi
""")


@case
def ch9():
    b = B("chat", "en"); L, N = b.L, b.N
    s = pw(2)
    return b.done(f"""<{N('21:14', 'timestamp')}> <rook> 🔑 for the partner tunnel: the shared secret we agreed on is {L(s, 'password_assignment')}
<{N('21:14', 'timestamp')}> <rook> peer is {L(ip172(), 'private_ip')} on their side
<{N('21:15', 'timestamp')}> <vex> ack, I'll put it in the vault and delete this line ✅
""")


@case
def ch10():
    b = B("chat", "fr"); L, N = b.L, b.N
    return b.done(f"""Teams — « Revue de vulnérabilité 🎯 »
Yasmine 🦊: la facture du pentest ({N('8 400 € HT', 'amount')}) est validée 🎉
Paul: top. ID de réunion {N('391 204 558 71', 'meeting_id')}, code secret {N('***', 'redacted')} (envoyé par mail)
Yasmine 🦊: le correctif {N('v2.7.4', 'version')} sort le {N('12/12/2024', 'non_birth_date')} 🚀
Paul: ok, commande fournisseur {N('PO-77120', 'order_id')} 👌
""")


@case
def ch11():
    b = B("chat", "en"); L, N = b.L, b.N
    t = jwt({"sub": "4f1d0c22", "role": "admin", "tenant": "acme-eu", "iat": 1732100000})
    return b.done(f"""#ml-platform
sam: why is the summariser failing
lee: the key in the helm chart expired, I hotpatched with my personal one for now: {L(openai_key(), 'ai_api_key')}
sam: lol ok. also the admin console session I'm using, if you need to repro: {L(t, 'jwt')}
lee: that's an admin JWT, please don't paste those here
""")


@case
def ch12():
    b = B("chat", "fr"); L, N = b.L, b.N
    return b.done(f"""Slack — #compta
Véronique: le fournisseur Menuiserie Thibault a changé de banque, nouveau RIB : {L(iban('FR'), 'iban')}
Véronique: et le coffre KeePass de la compta s'ouvre maintenant avec {L(pw(2), 'password_assignment')}
Karim: on ne met pas ça sur Slack Véro 😅 je supprime dans 5 min
""")


# ================================================================ config_file
@case
def cf1():
    b = B("config_file", "en"); L, N = b.L, b.N
    return b.done(f"""# /etc/wpa_supplicant/wpa_supplicant.conf (pulled from the kiosk image, rev {N('r118', 'version')})
ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev
update_config=1
country=GB

network={{
    ssid="Kiosk-Floor2"
    psk="{L(pw(1), 'password_assignment')}"
    key_mgmt=WPA-PSK
}}

network={{
    ssid="CORP-8021X"
    key_mgmt=WPA-EAP
    eap=PEAP
    identity="svc-kiosk@corp.lan"
    password="{L(pw(0), 'password_assignment')}"
    phase2="auth=MSCHAPV2"
}}
""")


@case
def cf2():
    b = B("config_file", "fr"); L, N = b.L, b.N
    return b.done(f"""# ~/.pgpass de l'utilisateur batch (trouvé sur le partage de sauvegarde)
# hostname:port:database:username:password
{L('pg-compta.intra.orbis.fr', 'internal_hostname')}:5432:compta:batch_ro:{L(pw(3), 'password_assignment')}
{L(ip10(), 'private_ip')}:5433:*:replication:{L(pw(1), 'password_assignment')}
localhost:5432:test:test:{N('test', 'placeholder')}
""")


@case
def cf3():
    b = B("config_file", "en"); L, N = b.L, b.N
    return b.done(f"""# /etc/postfix/sasl_passwd   -- postmap'd to sasl_passwd.db
[smtp.sendgrid.net]:587 apikey:{L(sendgrid(), 'sendgrid_key', also=['password_assignment'])}
# old relay, kept for rollback
[mail.orbis-mailrelay.com]:465 relay-user@orbis-mailrelay.com:{L(pw(0), 'password_assignment')}
""")


@case
def cf4():
    b = B("config_file", "fr"); L, N = b.L, b.N
    return b.done(f"""[sssd]
services = nss, pam
domains = orbis.lan

[domain/orbis.lan]
id_provider = ldap
# annuaire principal (ne pas changer sans prévenir l'équipe système)
ldap_uri = ldaps://{L('ldap01.orbis.lan', 'internal_hostname')}
ldap_search_base = dc=orbis,dc=lan
ldap_default_bind_dn = cn=sssd-bind,ou=services,dc=orbis,dc=lan
ldap_default_authtok_type = password
ldap_default_authtok = {L(pw(1), 'password_assignment')}
cache_credentials = True
""")


@case
def cf5():
    b = B("config_file", "en"); L, N = b.L, b.N
    cert_body = pem_wrap(base64.b64encode(bytes.fromhex("308201f5308201") + rbytes(300)).decode())
    return b.done(f"""client
dev tun
proto udp
remote {N('vpn.orbis-cloud.com', 'public_hostname')} 1194
resolv-retry infinite
nobind
auth-user-pass /etc/openvpn/client/creds.txt
remote-cert-tls server
cipher AES-256-GCM
verb 3
<ca>
{N('-----BEGIN CERTIFICATE-----' + chr(10) + cert_body + chr(10) + '-----END CERTIFICATE-----', 'certificate')}
</ca>
# client key lives in /etc/openvpn/client/client.key (0600), not inlined
""")


@case
def cf6():
    b = B("config_file", "fr"); L, N = b.L, b.N
    return b.done(f"""# /etc/NetworkManager/system-connections/Entrepot-Nord.nmconnection
[connection]
id=Entrepot-Nord
uuid={N(uid(), 'uuid')}
type=wifi

[wifi]
ssid=ENTREPOT-NORD

[wifi-security]
key-mgmt=wpa-eap

[802-1x]
eap=ttls;
identity=scanner-quai-04
password={L(pw(0), 'password_assignment')}
phase2-auth=pap

[ipv4]
address1={L('10.64.12.40/24', 'private_ip')},{L('10.64.12.1', 'private_ip')}
method=manual
""")


@case
def cf7():
    b = B("config_file", "en"); L, N = b.L, b.N
    return b.done(f"""# /etc/ipsec.secrets - strongSwan IPsec secrets file
# site-to-site with the Rotterdam warehouse
{N('145.12.88.201', 'public_ip')} {N('81.23.140.7', 'public_ip')} : PSK "{L(rs(32, B62), 'password_assignment')}"
# road warriors use certificates
: RSA /etc/ipsec.d/private/gw-key.pem
""")


@case
def cf8():
    b = B("config_file", "en"); L, N = b.L, b.N
    return b.done(f"""# ~/.netrc on the build agent
machine api.heroku.com
  login deploy@orbis-apps.io
  password {L(uid(), 'password_assignment')}
machine github.com
  login orbis-ci
  password {L(gh_token(), 'github_token', also=['password_assignment'])}
machine {L('artifacts.corp.orbis.internal', 'internal_hostname')} login jenkins password {L(pw(3), 'password_assignment')}
""")


@case
def cf9():
    b = B("config_file", "fr"); L, N = b.L, b.N
    return b.done(f"""# ~/.my.cnf — poste d'administration
# le mot de passe n'est PAS ici : il est dans ~/.mylogin.cnf (mysql_config_editor)
[client]
user=dba_lecture
host={N('127.0.0.1', 'loopback')}
socket=/var/run/mysqld/mysqld.sock
# password=
ssl-mode=REQUIRED
[mysqldump]
single-transaction
""")


@case
def cf10():
    b = B("config_file", "fr"); L, N = b.L, b.N
    return b.done(f"""# redis.conf (extrait) — cache sessions boutique
bind {L('10.12.0.21', 'private_ip')} 127.0.0.1
protected-mode yes
port 6379
# mot de passe ajouté après l'incident de mars
requirepass "{L(pw(1), 'password_assignment')}"
masterauth {L(pw(3), 'password_assignment')}
maxmemory 2gb
""")


@case
def cf11():
    b = B("config_file", "en"); L, N = b.L, b.N
    return b.done(f"""# /etc/fstab
UUID={N(uid(), 'uuid')} /     ext4 errors=remount-ro 0 1
UUID={N(uid(), 'uuid')} /boot ext4 defaults 0 2
//{L('nas01.plant.lan', 'internal_hostname')}/quality /mnt/quality cifs username=qa_scan,password={L(pw(0), 'password_assignment')},uid=1000,vers=3.0 0 0
//{L('nas01.plant.lan', 'internal_hostname')}/archive /mnt/archive cifs credentials=/root/.smbcred,ro 0 0
""")


@case
def cf12():
    b = B("config_file", "fr"); L, N = b.L, b.N
    return b.done(f"""# ~/.config/rclone/rclone.conf (poste de Mme Ferrand, sauvegarde photos du service com')
[scaleway-com]
type = s3
provider = Scaleway
access_key_id = {L('SCW' + rs(17, UP + DIG), 'password_assignment', opt=True)}
secret_access_key = {L(uid(), 'password_assignment')}
region = fr-par

[aws-archives]
type = s3
provider = AWS
access_key_id = {L(aws_id(), 'aws_access_key_id')}
secret_access_key = {L(aws_secret(), 'aws_secret_key')}
""")


@case
def cf13():
    b = B("config_file", "en"); L, N = b.L, b.N
    return b.done(f"""# pg_hba.conf
# TYPE  DATABASE  USER        ADDRESS              METHOD
local   all       postgres                         peer
host    all       all         {N('127.0.0.1/32', 'loopback')}         scram-sha-256
host    app       app_rw      {N('10.30.0.0/16', 'infrastructure_info')}        scram-sha-256
hostssl replication replicator {N('10.30.8.14/32', 'infrastructure_info')}     scram-sha-256
# password_encryption = scram-sha-256 (set in postgresql.conf)
""")


@case
def cf14():
    b = B("config_file", "fr"); L, N = b.L, b.N
    return b.done(f"""# ~/.msmtprc — relais de notification des sondes
defaults
auth on
tls on
tls_trust_file /etc/ssl/certs/ca-certificates.crt
logfile ~/.msmtp.log

account sondes
host {N('smtp.orbis-mail.fr', 'public_hostname')}
port 587
from {N('noreply-sondes@orbis-mail.fr', 'service_address')}
user noreply-sondes
# mot de passe récupéré dans le trousseau, jamais en clair ici
passwordeval "secret-tool lookup service msmtp account sondes"

account default : sondes
""")

# ================================================================ config_yaml
@case
def y1():
    b = B("config_yaml", "en"); L, N = b.L, b.N
    return b.done(f"""# src/main/resources/application-prod.yml
spring:
  datasource:
    url: jdbc:postgresql://{L('db-orders.prod.orbis.internal', 'internal_hostname')}:5432/orders
    username: orders_app
    password: "{L(pw(0), 'password_assignment')}"
  jpa:
    open-in-view: false
security:
  jwt:
    signing-secret: {L(b64(48), 'password_assignment')}
    ttl: 3600
management:
  endpoints.web.exposure.include: health,info
""")


@case
def y2():
    b = B("config_yaml", "fr"); L, N = b.L, b.N
    return b.done(f"""# .github/workflows/publication.yml — publication du paquet (aucun secret en clair)
name: publication
on:
  push:
    tags: ["v*"]
jobs:
  publier:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@{N(git_sha(), 'git_sha')} # v4.1.1
      - uses: actions/setup-node@{N(git_sha(), 'git_sha')} # v4.0.2
        with:
          node-version: {N('20.11.1', 'version')}
      - run: npm publish --provenance
        env:
          NODE_AUTH_TOKEN: {N('${{ secrets.NPM_TOKEN }}', 'placeholder')}
""")


@case
def y3():
    b = B("config_yaml", "en"); L, N = b.L, b.N
    vault = "$ANSIBLE_VAULT;1.1;AES256\n          " + "\n          ".join(hexs(80) for _ in range(4))
    return b.done(f"""# inventories/prod/group_vars/dbservers.yml
postgres_version: 15
postgres_listen: "{L(ip10(), 'private_ip')}"
ansible_user: deploy
ansible_become_pass: "{L(pw(0), 'password_assignment')}"   # TODO move to vault like the one below
replication_password: !vault |
          {N(vault, 'encrypted_blob')}
backup_bucket: s3://orbis-pg-backups
""")


@case
def y4():
    b = B("config_yaml", "fr"); L, N = b.L, b.N
    return b.done(f"""# alertmanager.yml — supervision usine de Cholet
global:
  smtp_smarthost: '{L('relais-smtp.cholet.orbis.lan', 'internal_hostname')}:25'
  smtp_from: 'alertes@orbis.fr'
  smtp_auth_username: 'alertes'
  smtp_auth_password: '{L(pw(1), 'password_assignment')}'
  slack_api_url: '{L(slack_hook(), 'slack_webhook')}'
route:
  receiver: astreinte
receivers:
  - name: astreinte
    slack_configs:
      - channel: '#astreinte-usine'
""")


@case
def y5():
    b = B("config_yaml", "en"); L, N = b.L, b.N
    return b.done(f"""# openapi.yaml (excerpt) — public API description
openapi: {N('3.0.3', 'version')}
info:
  title: Orbis Partner API
  version: {N('2.8.0', 'version')}
  contact:
    email: {N('api-support@orbis-cloud.com', 'company_contact')}
components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
      bearerFormat: JWT
  schemas:
    NewUser:
      properties:
        email: {{type: string, format: email, example: "{N('<email>', 'placeholder')}"}}
        password: {{type: string, format: password, minLength: 12, example: "{N('your-password-here', 'placeholder')}"}}
        id: {{type: string, format: uuid, example: "{N(uid(), 'uuid')}"}}
""")


@case
def y6():
    b = B("config_yaml", "fr"); L, N = b.L, b.N
    return b.done(f"""#cloud-config
# user-data des passerelles terrain (image {N('gw-2024.10', 'version')})
users:
  - name: maintenance
    groups: sudo
    lock_passwd: false
    passwd: {L(sha512crypt(), 'password_hash')}
    ssh_authorized_keys:
      - {N(ssh_pub('maint@orbis'), 'public_key')}
chpasswd:
  expire: false
  list: |
    root:{L(pw(0), 'password_assignment')}
    technicien:{L(pw(0), 'password_assignment')}
""")


@case
def y7():
    b = B("config_yaml", "en"); L, N = b.L, b.N
    return b.done(f"""# secrets.yaml (home automation box in the demo showroom)
wifi_password: {L(pw(0), 'password_assignment')}
google_maps_key: {L(google_key(), 'google_api_key')}
twilio_account_sid: {N('AC' + hexs(32), 'account_identifier')}
twilio_auth_token: {L(hexs(32), 'twilio_key')}
alarm_code: "{L(rs(6, DIG), 'password_assignment')}"
latitude: 52.3731
longitude: 4.8922
""")


@case
def y8():
    b = B("config_yaml", "fr"); L, N = b.L, b.N
    return b.done(f"""# config/packages/doctrine.yaml — copié de l'environnement de recette
doctrine:
    dbal:
        # TODO : repasser sur %env(DATABASE_URL)% avant la mise en prod
        url: '{L(f'mysql://recette:{pw(3)}@{ip10()}:3306/catalogue?serverVersion=8.0', 'connection_string', also=['url_credentials'])}'
        charset: utf8mb4
    orm:
        auto_generate_proxy_classes: true
""")


@case
def y9():
    b = B("config_yaml", "en"); L, N = b.L, b.N
    return b.done(f"""# prometheus.yml
global:
  scrape_interval: 30s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['{N('10.8.1.11', 'infrastructure_info')}:9100', '{N('10.8.1.12', 'infrastructure_info')}:9100']
  - job_name: blackbox
    basic_auth:
      username: prom
      password_file: /etc/prometheus/blackbox.pass
    static_configs:
      - targets: ['{N('mon-gw.ops.orbis.internal', 'infrastructure_info')}:9115']
""")


@case
def y10():
    b = B("config_yaml", "fr"); L, N = b.L, b.N
    return b.done(f"""# values-recette.yaml — service d'archivage des factures
archivage:
  stockage:
    type: azure-blob
    conteneur: factures-2024
    chaine_connexion: "{L(azure_conn('orbisfacturesrec'), 'azure_connection_string')}"
  retention_jours: 3650
  lien_partage: "https://orbisfacturesrec.blob.core.windows.net/factures-2024?{L(azure_sas(), 'azure_sas_token')}"
""")


# ================================================================ config_json
@case
def j1():
    b = B("config_json", "en"); L, N = b.L, b.N
    key = pem_pkcs8(300).replace("\n", "\\n") + "\\n"
    return b.done(f"""{{
  "type": "service_account",
  "project_id": "orbis-analytics-prod",
  "private_key_id": "{N(hexs(40), 'key_identifier')}",
  "private_key": "{L(key, 'gcp_service_account', also=['private_key'])}",
  "client_email": "{N('bq-export@orbis-analytics-prod.iam.gserviceaccount.com', 'service_account_email')}",
  "client_id": "{N(rs(21, DIG), 'account_identifier')}",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
  "token_uri": "https://oauth2.googleapis.com/token"
}}
""")


@case
def j2():
    b = B("config_json", "fr"); L, N = b.L, b.N
    return b.done(f"""{{
  "Logging": {{ "LogLevel": {{ "Default": "Information" }} }},
  "ConnectionStrings": {{
    "Facturation": "{L(f'Server={ip10()},1433;Database=Facturation;User Id=app_fact;Password={pw(0)};TrustServerCertificate=True', 'connection_string')}"
  }},
  "Jwt": {{
    "Issuer": "https://auth.orbis-interne.fr",
    "Key": "{L(rs(44, B62), 'password_assignment')}"
  }},
  "_commentaire": "fichier de recette, ne pas livrer"
}}
""")


@case
def j3():
    b = B("config_json", "en"); L, N = b.L, b.N
    return b.done(f"""{{
  "name": "orbis-widget",
  "version": "{N('1.9.3', 'version')}",
  "lockfileVersion": 3,
  "packages": {{
    "node_modules/jose": {{
      "version": "{N('5.2.3', 'version')}",
      "resolved": "https://registry.npmjs.org/jose/-/jose-5.2.3.tgz",
      "integrity": "{N(integrity(), 'npm_integrity')}"
    }},
    "node_modules/uuid": {{
      "version": "{N('9.0.1', 'version')}",
      "resolved": "https://registry.npmjs.org/uuid/-/uuid-9.0.1.tgz",
      "integrity": "{N(integrity(), 'npm_integrity')}"
    }}
  }}
}}
""")


@case
def j4():
    b = B("config_json", "fr"); L, N = b.L, b.N
    return b.done(f"""// .vscode/sftp.json — oublié dans le dépôt public du site vitrine
{{
    "name": "Préprod vitrine",
    "host": "{L('preprod-web.orbis.lan', 'internal_hostname')}",
    "protocol": "sftp",
    "port": 22,
    "username": "webdeploy",
    "password": "{L(pw(0), 'password_assignment')}",
    "remotePath": "/var/www/vitrine",
    "uploadOnSave": true
}}
""")


@case
def j5():
    b = B("config_json", "en"); L, N = b.L, b.N
    auth = base64.b64encode(f"ci-pusher:{pw(1)}".encode()).decode()
    return b.done(f"""{{
  "auths": {{
    "registry.orbis.io": {{
      "auth": "{L(auth, 'password_assignment', also=['authorization_header'])}"
    }},
    "https://index.docker.io/v1/": {{}}
  }},
  "credsStore": "desktop",
  "currentContext": "default"
}}
""")


@case
def j6():
    b = B("config_json", "fr"); L, N = b.L, b.N
    n = b64u(256)
    return b.done(f"""{{
  "_note": "JWKS public du fournisseur d'identité — clés publiques uniquement",
  "keys": [
    {{
      "kty": "RSA",
      "use": "sig",
      "kid": "{N(uid(), 'uuid')}",
      "alg": "RS256",
      "n": "{N(n, 'public_key')}",
      "e": "AQAB",
      "x5t#S256": "{N(b64u(32), 'cert_fingerprint')}"
    }}
  ]
}}
""")


@case
def j7():
    b = B("config_json", "en"); L, N = b.L, b.N
    return b.done(f"""{{
    "Credentials": {{
        "AccessKeyId": "{L(aws_id('ASIA'), 'aws_access_key_id')}",
        "SecretAccessKey": "{L(aws_secret(), 'aws_secret_key')}",
        "SessionToken": "{L(aws_session(), 'aws_secret_key')}",
        "Expiration": "{N('2024-11-29T18:44:02+00:00', 'timestamp')}"
    }},
    "AssumedRoleUser": {{
        "AssumedRoleId": "AROA{rs(17, UP + '234567')}:pentest-session",
        "Arn": "arn:aws:sts::{N(rs(12, DIG), 'account_identifier')}:assumed-role/ReadOnlyAudit/pentest-session"
    }}
}}
""")


@case
def j8():
    b = B("config_json", "fr"); L, N = b.L, b.N
    return b.done(f"""{{
  "assistant": {{
    "fournisseur": "anthropic",
    "cle_api": "{L(anthropic_key(), 'ai_api_key')}",
    "modele": "{N('claude-3-5-sonnet-20241022', 'model_name')}"
  }},
  "embeddings": {{
    "hub": "huggingface",
    "jeton": "{L(hf_key(), 'ai_api_key')}"
  }},
  "langue": "fr"
}}
""")


@case
def j9():
    b = B("config_json", "en"); L, N = b.L, b.N
    return b.done(f"""{{
  "$schema": "https://docs.renovatebot.com/renovate-schema.json",
  "extends": ["config:recommended"],
  "hostRules": [
    {{
      "matchHost": "npm.pkg.github.com",
      "token": "{N('{{ secrets.GITHUB_TOKEN }}', 'placeholder')}"
    }},
    {{
      "matchHost": "registry.orbis.io",
      "encrypted": {{ "token": "{N('wcFMA' + b64(180), 'encrypted_blob')}" }}
    }}
  ],
  "minimumReleaseAge": "3 days"
}}
""")


@case
def j10():
    b = B("config_json", "fr"); L, N = b.L, b.N
    return b.done(f"""// /data/data/fr.orbis.fidelite/shared_prefs/profil.json (extrait de l'appareil de test prêté par le client)
{{
  "utilisateur": {{
    "prenom": "Maëlys",
    "nom": "Guillou",
    "email": "{L('maelys.guillou@laposte-mail.fr', 'email_address')}",
    "telephone": "{L(fr_mobile(2), 'phone_number')}",
    "date_naissance": "{L('1997-04-22', 'date_of_birth')}",
    "adresse": "{L('5 impasse des Glycines, 29200 Brest', 'postal_address')}"
  }},
  "derniere_synchro": "{N('2024-11-30T07:15:00Z', 'timestamp')}",
  "version_app": "{N('6.4.0', 'version')}"
}}
""")

# ================================================================ config_ini
@case
def i1():
    b = B("config_ini", "en"); L, N = b.L, b.N
    host = "SQLPROD02\\ORBISERP"
    return b.done(f"""; settings.ini shipped inside the Windows installer (extracted with 7z)
[General]
Language=en-GB
CheckUpdates=1

[Database]
Driver=SQL Server
Server={L(host, 'internal_hostname', opt=True)}
User=erp_client
Password={L(pw(0), 'password_assignment')}

[Licensing]
Server=https://licensing.orbis-cloud.com
""")


@case
def i2():
    b = B("config_ini", "fr"); L, N = b.L, b.N
    return b.done(f"""# setup.cfg — outil interne de génération de rapports
[metadata]
name = orbis-rapports
version = {N('0.14.2', 'version')}
author = Équipe Outillage
author_email = {N('outillage@orbis-logiciels.fr', 'company_contact')}

[options]
python_requires = >=3.10
install_requires =
    requests>={N('2.31.0', 'version')}
    cryptography>={N('42.0.5', 'version')}

[flake8]
max-line-length = 100
""")


@case
def i3():
    b = B("config_ini", "en"); L, N = b.L, b.N
    return b.done(f"""# ~/.aws/credentials recovered from the decommissioned laptop image (ticket LAP-{rs(4, DIG)})
[default]
aws_access_key_id = {L(aws_id(), 'aws_access_key_id')}
aws_secret_access_key = {L(aws_secret(), 'aws_secret_key')}

[audit-readonly]
aws_access_key_id = {L('AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id', sev='info')}
aws_secret_access_key = {L('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_key', sev='info')}
""")


@case
def i4():
    b = B("config_ini", "fr"); L, N = b.L, b.N
    return b.done(f"""# ~/.pypirc du poste d'intégration
[distutils]
index-servers =
    pypi
    interne

[pypi]
username = __token__
password = {L(pypi_tok(), 'pypi_token', also=['password_assignment'])}

[interne]
repository = https://{L('pypi.outils.orbis.lan', 'internal_hostname')}/simple/
username = integration
password = {L(pw(3), 'password_assignment')}
""")


@case
def i5():
    b = B("config_ini", "en"); L, N = b.L, b.N
    return b.done(f"""; grafana.ini (excerpt) — secrets come from files mounted by the orchestrator
[server]
root_url = https://grafana.orbis-cloud.com/
[security]
admin_user = admin
admin_password = {N('$__file{/run/secrets/grafana_admin}', 'placeholder')}
secret_key = {N('$__env{GF_SECRET_KEY}', 'placeholder')}
cookie_secure = true
[auth]
login_maximum_inactive_lifetime_duration = 7d
[users]
password_policy = true
""")


@case
def i6():
    b = B("config_ini", "fr"); L, N = b.L, b.N
    return b.done(f"""; config/app.ini — boutique en ligne (sauvegarde trouvée en /backup/app.ini.bak)
[general]
nom_boutique = "Les Ateliers Verdier"
devise = EUR

[mail]
smtp_hote = smtp-relay.brevo.com
smtp_utilisateur = boutique@ateliers-verdier.fr
smtp_mdp = "{L(pw(1), 'password_assignment')}"

[paiement]
stripe_publique = {N('pk_live_' + rs(99), 'publishable_key')}
stripe_secrete = {L(stripe(), 'stripe_key')}
stripe_webhook = {L(stripe('whsec_'), 'stripe_key')}
""")


@case
def i7():
    b = B("config_ini", "en"); L, N = b.L, b.N
    return b.done(f"""# /etc/odbc.ini on the reporting VM
[ReportingDW]
Driver      = ODBC Driver 18 for SQL Server
Server      = tcp:{L('dw-sql01.bi.orbis.internal', 'internal_hostname')},1433
Database    = Warehouse
UID         = powerbi_gw
PWD         = {L(pw(3), 'password_assignment')}
Encrypt     = yes
""")


@case
def i8():
    b = B("config_ini", "fr"); L, N = b.L, b.N
    return b.done(f"""[Application]
; préférences de l'outil de saisie des temps — aucune donnée sensible
derniere_ouverture={N('2024-12-01T08:02:11', 'timestamp')}
id_installation={N(uid(), 'uuid')}
empreinte_licence={N(sha256(), 'sha256')}
serveur_maj=https://maj.orbis-logiciels.fr
mot_de_passe_mini={N('12', 'setting')}
mot_de_passe=
[Affichage]
theme=sombre
""")


@case
def i9():
    b = B("config_ini", "en"); L, N = b.L, b.N
    tok = gh_token()
    return b.done(f"""# ~/.gitconfig on the shared jump host
[user]
    name = Build Agent
    email = {N('build-agent@orbis-apps.io', 'service_address')}
[url "{L(f'https://orbis-bot:{tok}@github.com/', 'url_credentials', also=['github_token'])}"]
    insteadOf = https://github.com/
[credential]
    helper = cache --timeout=3600
""")


@case
def i10():
    b = B("config_ini", "fr"); L, N = b.L, b.N
    return b.done(f"""; /etc/supervisor/conf.d/notifications.conf
[inet_http_server]
port = {L('10.9.0.4', 'private_ip')}:9001
username = superviseur
password = {L(pw(0), 'password_assignment')}

[program:sms-relance]
command = /opt/relance/bin/worker
environment = TWILIO_API_KEY="{L(twilio_sk(), 'twilio_key')}",TWILIO_API_SECRET="{L(rs(32), 'twilio_key')}",LANG="fr_FR.UTF-8"
autorestart = true
""")


# ================================================================ env_file
@case
def e1():
    b = B("env_file", "en"); L, N = b.L, b.N
    return b.done(f"""APP_NAME=OrbisBooking
APP_ENV=production
APP_KEY=base64:{L(b64(32), 'password_assignment')}
APP_DEBUG=false
DB_CONNECTION=mysql
DB_HOST={L(ip172(), 'private_ip')}
DB_DATABASE=booking
DB_USERNAME=booking
DB_PASSWORD={L(pw(0), 'password_assignment')}
MAIL_MAILER=smtp
MAIL_PASSWORD={L(sendgrid(), 'sendgrid_key', also=['password_assignment'])}
STRIPE_SECRET={L(stripe(), 'stripe_key')}
""")


@case
def e2():
    b = B("env_file", "fr"); L, N = b.L, b.N
    return b.done(f"""# .env.example — à copier en .env puis compléter (ne JAMAIS committer le .env)
BASE_URL=http://localhost:3000
DB_HOST=localhost
DB_USER=app
DB_PASSWORD={N('changeme', 'placeholder')}
API_KEY={N('your-api-key-here', 'placeholder')}
JWT_SECRET={N('<à générer : openssl rand -base64 32>', 'placeholder')}
SMTP_PASS={N('xxxxxxxx', 'placeholder')}
MOT_DE_PASSE_LONGUEUR_MIN={N('12', 'setting')}
""")


@case
def e3():
    b = B("env_file", "en"); L, N = b.L, b.N
    return b.done(f"""# docker/.env (prod) — found in the image layer {N('sha256:' + sha256(), 'sha256')}
COMPOSE_PROJECT_NAME=orbis-tickets
DATABASE_URL={L(f'postgres://tickets:{pw(3)}@{ip10()}:5432/tickets?sslmode=require', 'connection_string', also=['url_credentials'])}
REDIS_URL={L(f'redis://:{pw(3)}@redis-tickets.prod.orbis.internal:6379/0', 'connection_string', also=['url_credentials'])}
SENTRY_DSN={N('https://' + hexs(32) + '@o' + rs(6, DIG) + '.ingest.sentry.io/' + rs(7, DIG), 'public_dsn')}
""")


@case
def e4():
    b = B("env_file", "fr"); L, N = b.L, b.N
    return b.done(f"""# .env — service de relance SMS (dépôt public « relance-rdv », commit {N(git_sha()[:7], 'git_sha')})
PORT=8080
TWILIO_ACCOUNT_SID={N('AC' + hexs(32), 'account_identifier')}
TWILIO_AUTH_TOKEN={L(hexs(32), 'twilio_key')}
TWILIO_NUMERO_EXPEDITEUR={N('+33 7 57 59 10 20', 'company_contact')}
SENDGRID_API_KEY={L(sendgrid(), 'sendgrid_key')}
# numéro de test : celui du Dr Lemaire, à retirer
NUMERO_TEST={L(fr_mobile(1), 'phone_number')}
""")


@case
def e5():
    b = B("env_file", "en"); L, N = b.L, b.N
    return b.done(f"""NODE_ENV=production
PORT=8080
LOG_LEVEL=info
PUBLIC_URL=https://status.orbis-cloud.com
FEATURE_FLAGS=new-checkout,dark-mode
PASSWORD_MIN_LENGTH={N('12', 'setting')}
SESSION_TIMEOUT_MINUTES=30
BUILD_SHA={N(git_sha(), 'git_sha')}
RELEASE={N('2024.11.3', 'version')}
SUPPORT_EMAIL={N('support@orbis-cloud.com', 'company_contact')}
""")


@case
def e6():
    b = B("env_file", "fr"); L, N = b.L, b.N
    return b.done(f"""# .envrc (direnv) — poste de Quentin, copié dans le ticket par erreur
export AWS_ACCESS_KEY_ID={L(aws_id(), 'aws_access_key_id')}
export AWS_SECRET_ACCESS_KEY={L(aws_secret(), 'aws_secret_key')}
export AWS_DEFAULT_REGION=eu-west-3
export GOOGLE_API_KEY={L(google_key(), 'google_api_key')}
export KUBECONFIG=$HOME/.kube/recette
""")


@case
def e7():
    b = B("env_file", "en"); L, N = b.L, b.N
    return b.done(f"""# /etc/orbis/uploader.env  (EnvironmentFile= of uploader.service)
UPLOAD_CONTAINER=incoming
AZURE_STORAGE_CONNECTION_STRING="{L(azure_conn('orbisuploadprod'), 'azure_connection_string')}"
PARTNER_DROP_URL="https://orbispartnerdrop.blob.core.windows.net/drop?{L(azure_sas('2026-01-31T23:59:59Z'), 'azure_sas_token')}"
MAX_FILE_MB=200
""")


@case
def e8():
    b = B("env_file", "fr"); L, N = b.L, b.N
    return b.done(f"""# .env.production — plateforme de prise de rendez-vous
NEXT_PUBLIC_API=https://api.rdv-orbis.fr
SMTP_URL={L(f'smtps://rdv-notifs:{pw(1)}@smtp.rdv-orbis.fr:465', 'url_credentials', also=['password_assignment'])}
JWT_SECRET={L(hexs(64), 'password_assignment')}
COOKIE_SECRET='{L(pw(1), 'password_assignment')}'
""")


@case
def e9():
    b = B("env_file", "en"); L, N = b.L, b.N
    return b.done(f"""# .env.tpl — resolved at runtime by `op run --env-file=.env.tpl` (1Password), no secret here
DATABASE_PASSWORD={N('op://Production/orders-db/password', 'secret_reference')}
STRIPE_SECRET_KEY={N('op://Production/stripe/secret key', 'secret_reference')}
GITHUB_TOKEN={N('op://CI/github-bot/token', 'secret_reference')}
VAULT_ADDR=https://vault.orbis-cloud.com
VAULT_TOKEN={N('${VAULT_TOKEN}', 'placeholder')}
""")


@case
def e10():
    b = B("env_file", "fr"); L, N = b.L, b.N
    return b.done(f"""DJANGO_SETTINGS_MODULE=intranet.settings.prod
DJANGO_SECRET_KEY='{L(rs(50, LO + DIG + '!@#%^&*(-_=+)'), 'password_assignment')}'
DATABASE_URL={L(f'postgresql://intranet:{pw(3)}@{ip10()}/intranet', 'connection_string', also=['url_credentials'])}
DJANGO_ADMINS="Nathalie Roux:{L('nathalie.roux@groupe-orbis.fr', 'email_address')}"
ALLOWED_HOSTS=intranet.orbis.lan
""")

# ================================================================ http_request
@case
def r1():
    b = B("http_request", "en"); L, N = b.L, b.N
    body = f'{{"username":"h.nakamura","password":"{L(pw(0), "password_assignment")}","remember":true}}'
    return b.done(f"""POST /api/v1/auth/login HTTP/1.1
Host: portal.orbis-cloud.com
User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/{N('132.0', 'version')}
Content-Type: application/json
Cookie: PHPSESSID={L(rs(26, 'abcdefghijklmnopqrstuv0123456789'), 'session_cookie')}; lang=en
X-Request-ID: {N(uid(), 'uuid')}
Content-Length: 71

{body}

(captured from the shared kiosk's proxy log — this is another user's login, not mine)
""")


@case
def r2():
    b = B("http_request", "fr"); L, N = b.L, b.N
    basic = base64.b64encode(f"compta-export:{pw(0)}".encode()).decode()
    return b.done(f"""Requête rejouée depuis l'historique Burp (l'application envoie les identifiants du compte technique) :

GET /exports/grand-livre?exercice=2024 HTTP/1.1
Host: {L('erp-compta.orbis.lan', 'internal_hostname')}
Authorization: Basic {L(basic, 'authorization_header', also=['password_assignment'])}
Accept: text/csv
Connection: close
""")


@case
def r3():
    b = B("http_request", "en"); L, N = b.L, b.N
    return b.done(f"""PUT /api/v2/tenants/{N(uid(), 'uuid')}/settings HTTP/2
Host: api.orbis-cloud.com
Authorization: Bearer {N('[REDACTED]', 'redacted')}
Cookie: session={N('<redacted>', 'redacted')}; consent=1
X-CSRF-Token: {N(hexs(32), 'csrf_token')}
If-Match: "{N(md5(), 'etag')}"
Content-Type: application/json

{{"password_policy":{{"min_length":12,"require_mfa":true}},"webhook_url":"https://hooks.example.com/orbis"}}
""")


@case
def r4():
    b = B("http_request", "fr"); L, N = b.L, b.N
    t = jwt({"sub": "u-77120", "email_verified": True, "aud": "carto-web", "exp": 1733000000})
    return b.done(f"""GET /maps/api/geocode/json?address=10+rue+de+la+Paix&key={L(google_key(), 'google_api_key')} HTTP/1.1
Host: maps.googleapis.com
Referer: https://carto.orbis-logistique.fr/tournees?access_token={L(t, 'jwt')}&jour=2024-11-28

Note : le jeton d'accès de l'utilisateur fuit dans l'en-tête Referer vers un tiers.
""")


@case
def r5():
    b = B("http_request", "en"); L, N = b.L, b.N
    t = jwt({"iss": "https://login.orbis-cloud.com", "sub": "svc-reporting", "roles": ["billing:read", "billing:export"], "exp": 1767139200}, "RS256", kid="2024-q4")
    return b.done(f"""GET /billing/exports/latest HTTP/1.1
Host: billing.orbis-cloud.com
Accept: application/json
Authorization: Bearer {L(t, 'authorization_header', also=['jwt'])}
Traceparent: 00-{N(hexs(32), 'trace_id')}-{N(hexs(16), 'trace_id')}-01
""")


@case
def r6():
    b = B("http_request", "fr"); L, N = b.L, b.N
    return b.done(f"""Requête modèle (la valeur de la clé est volontairement remplacée) :

POST /v1/analyses HTTP/1.1
Host: api.orbis-cloud.com
X-Api-Key: {N('${API_KEY}', 'placeholder')}
Content-Type: application/json
If-None-Match: W/"{N(sha256()[:40], 'etag')}"
X-Client-Version: {N('3.2.0-beta.4', 'version')}

{{"fichier_sha256":"{N(sha256(), 'sha256')}","options":{{"profondeur":2}}}}
""")


@case
def r7():
    b = B("http_request", "en"); L, N = b.L, b.N
    c = card("4", 16, sep="")
    return b.done(f"""POST /checkout/pay HTTP/1.1
Host: shop.orbis-merch.com
Content-Type: application/x-www-form-urlencoded
Cookie: JSESSIONID={L(hexs(32, True), 'session_cookie')}

name=Rosalind+Achterberg&card_number={L(c, 'payment_card')}&exp=11%2F26&cvc=482&amount=149.00&order={N('WEB-' + rs(8, DIG), 'order_id')}

(the HTTP, not HTTPS, form — captured passively on the store's guest Wi-Fi)
""")


@case
def r8():
    b = B("http_request", "fr"); L, N = b.L, b.N
    return b.done(f"""POST /ws/PrestationsService HTTP/1.1
Host: {L('ws-presta.mutuelle.orbis.lan', 'internal_hostname')}
Content-Type: text/xml; charset=utf-8
SOAPAction: "consulterDroits"

<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
 <soapenv:Header><wsse:Security><wsse:UsernameToken>
   <wsse:Username>portail_adherents</wsse:Username>
   <wsse:Password Type="PasswordText">{L(pw(1), 'password_assignment')}</wsse:Password>
 </wsse:UsernameToken></wsse:Security></soapenv:Header>
 <soapenv:Body><consulterDroits><nir>{L(nir(1, 58, 11, '33', grouped=False), 'national_id')}</nir></consulterDroits></soapenv:Body>
</soapenv:Envelope>
""")


@case
def r9():
    b = B("http_request", "en"); L, N = b.L, b.N
    return b.done(f"""POST /graphql HTTP/1.1
Host: api.orbis-cloud.com
Content-Type: application/json
X-Amz-Date: {N('20241125T101500Z', 'timestamp')}
X-Amz-Content-Sha256: {N(sha256(), 'sha256')}
X-Request-Id: {N(uid(), 'uuid')}

{{"query":"query IntrospectionQuery {{ __schema {{ types {{ name fields {{ name }} }} }} }}","operationName":"IntrospectionQuery"}}
""")


@case
def r10():
    b = B("http_request", "fr", reporter_email="thomas.beaulieu@free-lance-secu.fr"); L, N = b.L, b.N
    return b.done(f"""Requête de création de MON compte de test (mes propres données) :

POST /api/inscription HTTP/1.1
Host: espace-client.orbis-energie.fr
Content-Type: application/json

{{"prenom":"Thomas","nom":"Beaulieu","email":"{N('thomas.beaulieu@free-lance-secu.fr', 'reporter_contact')}","telephone":"{N('06 42 18 77 05', 'reporter_contact')}","mot_de_passe":"{N('********', 'placeholder')}","cgu":true}}

Réponse 201 avec l'identifiant {N(uid(), 'uuid')} — le champ role est modifiable (voir étape 3).
""")


@case
def r11():
    b = B("http_request", "en"); L, N = b.L, b.N
    basic = base64.b64encode(f"j.okafor:{pw(0)}".encode()).decode()
    return b.done(f"""PUT https://orbisbackups.blob.core.windows.net/nightly/db-2024-11-27.bak?{L(azure_sas(), 'azure_sas_token')} HTTP/1.1
Host: orbisbackups.blob.core.windows.net
x-ms-blob-type: BlockBlob
x-ms-version: 2022-11-02
Proxy-Authorization: Basic {L(basic, 'authorization_header', also=['password_assignment'])}
Content-Length: 7340032
""")


@case
def r12():
    b = B("http_request", "fr"); L, N = b.L, b.N
    return b.done(f"""Webhook reçu par notre serveur de test (le SaaS nous renvoie les événements d'un autre client) :

POST /hooks/ci HTTP/1.1
Host: hooks.mon-labo-test.fr
X-Gitlab-Event: Pipeline Hook
X-Gitlab-Token: {L(pw(3), 'password_assignment', also=['authorization_header'])}
Content-Type: application/json

{{"object_kind":"pipeline","user":{{"name":"Aurélien Chabert","email":"{L('aurelien.chabert@transports-chabert.fr', 'email_address')}"}},"project":{{"web_url":"https://gitlab.com/transports-chabert/tms"}},"commit":{{"id":"{N(git_sha(), 'git_sha')}"}}}}
""")


# ================================================================ http_response
@case
def s1():
    b = B("http_response", "en"); L, N = b.L, b.N
    return b.done(f"""HTTP/1.1 200 OK
Date: {N('Mon, 25 Nov 2024 10:22:31 GMT', 'timestamp')}
Server: Apache-Coyote/1.1
Set-Cookie: JSESSIONID={L(hexs(32, True), 'session_cookie')}; Path=/admin; HttpOnly
Set-Cookie: remember_me={L(b64u(48), 'session_cookie')}; Max-Age=2592000; Path=/
Content-Type: application/json

{{"status":"ok","redirect":"/admin/dashboard"}}

^ issued after the password-reset bypass, for the account admin@ — i.e. a live admin session.
""")


@case
def s2():
    b = B("http_response", "fr"); L, N = b.L, b.N
    return b.done(f"""HTTP/2 200
content-type: application/json; charset=utf-8
x-request-id: {N(uid(), 'uuid')}

{{"id":51873,"civilite":"M.","nom":"Benali","prenom":"Rachid","date_naissance":"{L('1979-09-30', 'date_of_birth')}","email":"{L('rachid.benali79@orange-mail.fr', 'email_address')}","mobile":"{L(fr_mobile(1), 'phone_number')}","adresse":{{"ligne1":"{L('Résidence Les Tilleuls, bât. C, 3 allée Berlioz, 93200 Saint-Denis', 'postal_address')}"}},"iban":"{L(iban('FR', grouped=False), 'iban')}","cree_le":"{N('2021-03-14T10:02:55Z', 'timestamp')}"}}
""")


@case
def s3():
    b = B("http_response", "en"); L, N = b.L, b.N
    return b.done(f"""HTTP/1.1 401 Unauthorized
Date: {N('Tue, 26 Nov 2024 08:01:12 GMT', 'timestamp')}
WWW-Authenticate: Bearer realm="orbis", error="invalid_token"
Content-Security-Policy: default-src 'self'; script-src 'nonce-{N(b64(16), 'csp_nonce')}'
Strict-Transport-Security: max-age=63072000; includeSubDomains
ETag: "{N(md5(), 'etag')}"
X-Request-Id: {N(uid(), 'uuid')}

{{"error":"invalid_token","error_description":"The access token expired"}}
""")


@case
def s4():
    b = B("http_response", "fr"); L, N = b.L, b.N
    return b.done(f"""GET /actuator/env (sans authentification) — extrait de la réponse :

{{
  "activeProfiles": ["prod"],
  "propertySources": [
    {{"name": "systemEnvironment", "properties": {{
      "SPRING_DATASOURCE_PASSWORD": {{"value": "{N('******', 'redacted')}"}},
      "MAIL_PASSWORD": {{"value": "{N('******', 'redacted')}"}},
      "LEGACY_FTP_PASS": {{"value": "{L(pw(0), 'password_assignment')}"}},
      "HOSTNAME": {{"value": "{L('app-commandes-7f9c', 'internal_hostname', opt=True)}"}}
    }}}}
  ]
}}
Le masquage ne couvre que les clés contenant « password » : LEGACY_FTP_PASS passe au travers.
""")


@case
def s5():
    b = B("http_response", "en"); L, N = b.L, b.N
    t = jwt({"iss": "https://sso.orbis-cloud.com", "sub": "a91f33c0", "scope": "openid profile offline_access", "exp": 1732700000}, "RS256", kid="sso-1")
    return b.done(f"""HTTP/1.1 200 OK
Content-Type: application/json
Cache-Control: no-store

{{
  "access_token": "{L(t, 'jwt')}",
  "token_type": "Bearer",
  "expires_in": 3600,
  "refresh_token": "{L(b64u(48), 'password_assignment', opt=True)}",
  "id_token_hint": null
}}
Observed on the public CDN cache (Cache-Control was ignored by the edge), so any visitor got it.
""")


@case
def s6():
    b = B("http_response", "fr", reporter_email="c.duval@pentest-duval.fr"); L, N = b.L, b.N
    return b.done(f"""Réponse à ma propre requête (mon compte, mes commandes) :

HTTP/1.1 200 OK
Content-Type: application/json

{{"commandes":[{{"numero":"{N('CMD-2024-118273', 'order_id')}","montant":"{N('89,90 €', 'amount')}","date":"{N('2024-10-02', 'non_birth_date')}","suivi":"{N('6A' + rs(11, DIG), 'tracking_number')}"}},{{"numero":"{N('CMD-2024-120044', 'order_id')}","montant":"{N('12,00 €', 'amount')}","date":"{N('2024-10-19', 'non_birth_date')}"}}],"client":"{N('c.duval@pentest-duval.fr', 'reporter_contact')}"}}
""")


@case
def s7():
    b = B("http_response", "en"); L, N = b.L, b.N
    return b.done(f"""GET /info.php → 200 (phpinfo left on the staging vhost). Relevant rows of the Environment table:

| Variable       | Value |
|----------------|-------|
| SERVER_ADDR    | {L(ip10(), 'private_ip')} |
| HOSTNAME       | {L('stg-web-03.orbis.internal', 'internal_hostname')} |
| DB_PASS        | {L(pw(3), 'password_assignment')} |
| MAILGUN_DOMAIN | mg.orbis-cloud.com |
| PHP_VERSION    | {N('8.1.29', 'version')} |
""")


@case
def s8():
    b = B("http_response", "fr"); L, N = b.L, b.N
    return b.done(f"""GET /.git/config → 200 OK (text/plain)

[core]
	repositoryformatversion = 0
	bare = false
[remote "origin"]
	url = {L(f'https://deploiement:{pw(3)}@gitlab.orbis.lan/web/site-institutionnel.git', 'url_credentials', also=['password_assignment'])}
	fetch = +refs/heads/*:refs/remotes/origin/*
[branch "main"]
	remote = origin
""")


@case
def s9():
    b = B("http_response", "en"); L, N = b.L, b.N
    return b.done(f"""HTTP/1.1 302 Found
Location: https://app.orbis-cloud.com/callback?error=access_denied&state={N(uid(), 'uuid')}
Set-Cookie: session=; Max-Age=0; Path=/; Secure; HttpOnly
Set-Cookie: __Host-csrf={N('deleted', 'placeholder')}; Max-Age=0; Path=/; Secure
X-Correlation-Id: {N(hexs(16), 'trace_id')}
Content-Length: 0
""")


@case
def s10():
    b = B("http_response", "fr"); L, N = b.L, b.N
    return b.done(f"""HTTP/1.1 200 OK
Content-Type: application/json

{{"assure":{{"nom":"LEFEBVRE Odile","nir":"{L(nir(2, 66, 3, '59', grouped=False), 'national_id')}"}},
 "arret_travail":{{"du":"2024-11-04","au":"2024-12-15","motif":"{L('syndrome dépressif réactionnel', 'health_data')}","prescripteur":"Dr F. Carlier"}},
 "indemnites_journalieres":"{L('41,27 €/jour', 'health_data', opt=True)}"}}

(réponse obtenue en changeant id_dossier=40112 → 40113 ; c'est le dossier d'une autre assurée)
""")


@case
def s11():
    b = B("http_response", "en"); L, N = b.L, b.N
    return b.done(f"""HTTP/1.1 500 Internal Server Error
Content-Type: application/json

{{"error":"upstream_failed","detail":"slack.chat.postMessage returned invalid_auth","debug":{{"token":"{L(slack_user(), 'slack_token')}","requested_by":"{L('f.yildiz@anatolia-textiles.com.tr', 'email_address')}","node":"{L('notif-worker-2.svc.cluster.local', 'internal_hostname')}"}}}}
""")


@case
def s12():
    b = B("http_response", "fr"); L, N = b.L, b.N
    return b.done(f"""HTTP/1.1 200 OK
Server: {N('nginx/1.24.0', 'version')}
X-Powered-By: {N('PHP/8.1.2', 'version')}
Access-Control-Allow-Origin: *
Last-Modified: {N('Wed, 20 Nov 2024 16:40:00 GMT', 'timestamp')}
Content-Type: application/pgp-keys

{N('-----BEGIN PGP PUBLIC KEY BLOCK-----' + chr(10) + chr(10) + pem_wrap(b64(200)) + chr(10) + '=' + rs(4, B62) + chr(10) + '-----END PGP PUBLIC KEY BLOCK-----', 'public_key')}

Remarque : l'en-tête X-Powered-By divulgue la version exacte de PHP, rien d'autre.
""")

# ================================================================ email_message
@case
def m1():
    b = B("email_message", "en", reporter_email="h.vanderberg@tulipsec.nl"); L, N = b.L, b.N
    return b.done(f"""From: Hendrik van der Berg <{N('h.vanderberg@tulipsec.nl', 'reporter_contact')}>
To: Thales PSIRT <{N('psirt@thalesgroup.com', 'psirt_address')}>
Subject: Re: [PSIRT-2024-0977] Path traversal in log download
Date: {N('Thu, 28 Nov 2024 14:03:51 +0100', 'timestamp')}
Message-ID: <{N(hexs(24) + '@tulipsec.nl', 'message_id')}>
In-Reply-To: <{N(hexs(24) + '@thalesgroup.com', 'message_id')}>

Hi,

Confirmed: build {N('7.4.2', 'version')} fixes it on my side. Fine with the disclosure date you propose
({N('21 January 2025', 'non_birth_date')}).

> On {N('27 Nov 2024', 'non_birth_date')}, PSIRT wrote:
> Thank you for your report. A fix is available in 7.4.2. Could you confirm?
> Regards, Thales PSIRT — {N('psirt@thalesgroup.com', 'psirt_address')}

--
Hendrik van der Berg | TulipSec B.V.
{N('Herengracht 182, 1016 BR Amsterdam', 'reporter_contact')}
{N('+31 6 2841 0093', 'reporter_contact')}
""")


@case
def m2():
    b = B("email_message", "fr"); L, N = b.L, b.N
    return b.done(f"""From: Service Client Orbis Énergie <{N('service-client@orbis-energie.fr', 'company_contact')}>
To: {N('signalement@mon-labo-test.fr', 'reporter_contact')}
Subject: TR: TR: Changement de coordonnées bancaires
Date: {N('Mon, 2 Dec 2024 09:14:02 +0100', 'timestamp')}
Content-Type: text/plain; charset=utf-8

Bonjour,
Nous vous transmettons la demande ci-dessous.

> -----Message d'origine-----
> De : Conseiller 114
> Objet : TR: Changement de coordonnées bancaires
>
> > Bonjour, suite à mon déménagement au {L('8 chemin du Moulin Neuf, 44240 La Chapelle-sur-Erdre', 'postal_address')},
> > merci de prélever désormais sur le compte {L(iban('FR'), 'iban')}.
> > Cordialement, Mme Armelle Gaudin — contrat n° {N('EN-' + rs(9, DIG), 'order_id')}
""")


@case
def m3():
    b = B("email_message", "en"); L, N = b.L, b.N
    return b.done(f"""Return-Path: <{N('noreply@helpdesk.orbis-cloud.com', 'service_address')}>
From: IT Service Desk <{N('noreply@helpdesk.orbis-cloud.com', 'service_address')}>
To: Priyanka Deshmukh <{L('p.deshmukh@orbis-cloud.com', 'email_address')}>
Subject: Your account has been reset (INC{rs(7, DIG)})
Date: {N('Fri, 22 Nov 2024 17:45:10 +0000', 'timestamp')}
MIME-Version: 1.0

Hello Priyanka,

Your network account has been unlocked. Use the following to sign in, you will be asked to change it:

    {L(pw(0), 'password_assignment')}

This message was sent to the ticket's watchers list, which is public in the portal (that is the bug I'm reporting).
""")


@case
def m4():
    b = B("email_message", "fr", reporter_email="m.caron@lab-caron.fr"); L, N = b.L, b.N
    sig = pem_wrap(b64(110))
    return b.done(f"""From: Thales PSIRT <{N('psirt@thalesgroup.com', 'psirt_address')}>
To: {N('m.caron@lab-caron.fr', 'reporter_contact')}
Subject: [PSIRT-2024-1203] Accusé de réception
Date: {N('Tue, 3 Dec 2024 10:00:12 +0100', 'timestamp')}
Content-Type: text/plain; charset=utf-8

-----BEGIN PGP SIGNED MESSAGE-----
Hash: SHA256

Bonjour M. Caron,

Nous accusons réception de votre signalement du {N('2 décembre 2024', 'non_birth_date')}, enregistré sous la
référence PSIRT-2024-1203. Un analyste vous recontactera sous 5 jours ouvrés.

L'équipe PSIRT
-----BEGIN PGP SIGNATURE-----

{N(sig, 'signature')}
=AbCd
-----END PGP SIGNATURE-----
""")


@case
def m5():
    b = B("email_message", "en"); L, N = b.L, b.N
    return b.done(f"""Received: from mail-out.orbis-cloud.com ({N('mail-out.orbis-cloud.com', 'public_hostname')} [{N('185.41.22.17', 'public_ip')}])
	by mx.tulipsec.nl with ESMTPS id {N(hexs(12), 'queue_id')}; {N('Wed, 27 Nov 2024 11:02:44 +0100', 'timestamp')}
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=orbis-cloud.com; s=sel1;
	bh={N(b64(32), 'dkim_hash')};
	b={N(b64(256), 'dkim_signature')}
ARC-Seal: i=1; a=rsa-sha256; cv=none; d=tulipsec.nl; s=arc; b={N(b64(64), 'dkim_signature')}
From: Orbis Security Advisories <{N('security-advisories@orbis-cloud.com', 'company_contact')}>
Subject: [OSA-2024-031] Update for Orbis Agent ({N('CVE-2024-44810', 'cve_id')})
Message-ID: <{N(uid() + '@orbis-cloud.com', 'message_id')}>

A fix is available in Orbis Agent {N('11.2.5', 'version')}. SHA-256 of the installer: {N(sha256(), 'sha256')}.
""")


@case
def m6():
    b = B("email_message", "fr"); L, N = b.L, b.N
    return b.done(f"""From: Recrutement Orbis <{N('recrutement@orbis-logiciels.fr', 'company_contact')}>
To: {N('liste-candidats-2024@orbis-logiciels.fr', 'mailing_list')}
Subject: Candidature — Technicienne support N2
Date: {N('Thu, 14 Nov 2024 16:20:00 +0100', 'timestamp')}

(Message reçu par erreur : la liste de diffusion est ouverte aux inscriptions extérieures.)

Candidate : Océane Marchal
Née le : {L('19/06/1998', 'date_of_birth')}
Téléphone : {L(fr_mobile(3), 'phone_number')}
Adresse : {L('27 bis rue Paul Bert, 69003 Lyon', 'postal_address')}
Prétentions : {L('32 000 € brut annuel', 'employment_data')}
Remarque du recruteur : {L('en congé longue maladie en 2022 (burn-out), à évoquer prudemment', 'health_data')}
""")


@case
def m7():
    b = B("email_message", "en", reporter_email="zoe.hartmann@kestrel-research.de"); L, N = b.L, b.N
    kid, sec = aws_id(), aws_secret()
    return b.done(f"""From: Zoe Hartmann <{N('zoe.hartmann@kestrel-research.de', 'reporter_contact')}>
To: {N('psirt@thalesgroup.com', 'psirt_address')}
Subject: Credentials in a public mailing-list archive
Date: {N('Sat, 30 Nov 2024 20:11:05 +0100', 'timestamp')}

Hello PSIRT,

The public archive of the partners' list still serves a 2019 thread where an engineer pasted
working keys. Quote from the archive (I verified with sts get-caller-identity only):

> > From: ops@partner-integration (2019-05-07)
> > try these for the upload bucket:
> > {L(kid, 'aws_access_key_id')}
> > {L(sec, 'aws_secret_key')}
> thanks, works!

Best,
Zoe
--
Kestrel Research GmbH · {N('+49 30 5557 2210', 'reporter_contact')}
""")


@case
def m8():
    b = B("email_message", "fr"); L, N = b.L, b.N
    return b.done(f"""From: Orbis Logiciels <{N('actualites@orbis-logiciels.fr', 'company_contact')}>
To: abonnes
Subject: Lettre d'information — décembre 2024
List-Unsubscribe: <https://lettres.orbis-logiciels.fr/desinscription?t={N(hexs(40), 'unsubscribe_token')}>
Date: {N('Sun, 1 Dec 2024 07:00:00 +0100', 'timestamp')}

Au programme : la version {N('9.0', 'version')} de notre suite, le salon du 14 janvier et nos nouvelles
agences. Contact presse : {N('presse@orbis-logiciels.fr', 'company_contact')} — standard {N('01 41 27 63 00', 'company_contact')}.
Orbis Logiciels SAS, capital {N('1 200 000 €', 'amount')}, SIRET {N('413 027 582 00050', 'siret')}.
""")


@case
def m9():
    b = B("email_message", "en"); L, N = b.L, b.N
    pn = rs(9, DIG)
    return b.done(f"""From: Orbis Travel Desk <{N('travel@orbis-cloud.com', 'service_address')}>
To: Gareth Pemberton <{L('g.pemberton@orbis-cloud.com', 'email_address')}>
Cc: {N('travel-archive@orbis-cloud.com', 'service_address')}
Subject: E-ticket confirmation — LHR-CDG 9 December
Date: {N('Mon, 25 Nov 2024 12:31:40 +0000', 'timestamp')}

Dear Gareth,
Booking reference: {L('M7TQ2K', 'travel_record')}
Flight: {L('BA 0306, 9 Dec 07:15, seat 12A', 'travel_record')}
Ticket number: {L('125-' + rs(10, DIG), 'travel_record')}
Passport on file: {L(pn, 'identity_document')} (GBR)

(Found in the shared "travel-archive" mailbox, readable by every employee.)
""")


@case
def m10():
    b = B("email_message", "fr"); L, N = b.L, b.N
    return b.done(f"""From: Julien Texier <{L('j.texier@transports-ouestmarine.fr', 'email_address')}>
To: {N('support@orbis-logiciels.fr', 'company_contact')}
Subject: Re: Re: erreur au démarrage du module de facturation
Date: {N('Wed, 20 Nov 2024 11:47:19 +0100', 'timestamp')}

Toujours pareil après la mise à jour.

> > Pouvez-vous nous envoyer la trace complète ?
> Voici :
> > > ERROR Datasource init failed for {L(f'jdbc:sqlserver://{ip10()}:1433;databaseName=FACT;user=fact_app;password={pw(0)}', 'connection_string')}
> > > at com.orbis.fact.Boot.main(Boot.java:88)
""")


@case
def m11():
    b = B("email_message", "en"); L, N = b.L, b.N
    return b.done(f"""Received: from relay1.mail.orbis.internal ({N('relay1.mail.orbis.internal', 'infrastructure_info')} [{N('10.14.2.25', 'infrastructure_info')}])
	by mx2.orbis-cloud.com; {N('Tue, 19 Nov 2024 09:00:03 +0000', 'timestamp')}
From: Orbis Dev Digest <{N('dev-digest@lists.orbis-cloud.com', 'mailing_list')}>
List-Id: <dev-digest.lists.orbis-cloud.com>
List-Unsubscribe: <mailto:{N('dev-digest-leave@lists.orbis-cloud.com', 'mailing_list')}>
Message-ID: <{N(hexs(32) + '@lists.orbis-cloud.com', 'message_id')}>
Subject: Weekly digest #{N('212', 'count')}

- Release {N('4.19.0', 'version')} tagged at {N(git_sha(), 'git_sha')}
- Password policy now `{N('min_length=14', 'setting')}`; tokens are shown as `{N('tok_****', 'redacted')}` in the UI
""")


@case
def m12():
    b = B("email_message", "fr"); L, N = b.L, b.N
    nf = rs(1, "0123") + rs(12, DIG)
    return b.done(f"""From: Cabinet Leroux Expertise <{N('contact@leroux-expertise.fr', 'company_contact')}>
To: M. Édouard Pichon <{L('edouard.pichon@wanadoo-mail.fr', 'email_address')}>
Subject: Votre déclaration 2024
Date: {N('Fri, 8 Nov 2024 15:02:17 +0100', 'timestamp')}

Monsieur Pichon,

Nous avons bien reçu votre avis : numéro fiscal {L(nf, 'tax_record')}, revenu fiscal de référence
{L('61 870 €', 'tax_record')}, montant à payer {L('7 412 €', 'tax_record')}. Nous vous rappellerons au {L(fr_fixed('2'), 'phone_number')}.

(Cet e-mail est visible par tout client du portail du cabinet via /messages/{N('90114', 'order_id')}.)
""")


@case
def m13():
    b = B("email_message", "en"); L, N = b.L, b.N
    return b.done(f"""From: Payroll Team <{N('payroll@orbis-cloud.com', 'service_address')}>
To: all-staff-uk@orbis-cloud.com
Subject: P60 documents — the PIN for the PDF is {L(rs(4, DIG), 'password_assignment')}
Date: {N('Thu, 31 Oct 2024 08:30:00 +0000', 'timestamp')}

Your P60 is attached. It opens with the PIN in the subject line (the same for everyone, which is
the point of this report). Please do not forward.
""")


@case
def m14():
    b = B("email_message", "fr", reporter_email="nadia.bensaid@veille-cyber.net"); L, N = b.L, b.N
    return b.done(f"""From: Thales PSIRT <{N('psirt@thalesgroup.com', 'psirt_address')}>
To: Nadia Bensaïd <{N('nadia.bensaid@veille-cyber.net', 'reporter_contact')}>
Cc: {N('cna-coordinator@thalesgroup.com', 'psirt_address')}
Subject: Re: [PSIRT-2024-1140] Proposition de date de publication
Date: {N('Mon, 9 Dec 2024 11:12:40 +0100', 'timestamp')}

Bonjour Mme Bensaïd,

Nous proposons une publication coordonnée le {N('20 février 2025', 'non_birth_date')}. Identifiants réservés :
{N('CVE-2024-52011', 'cve_id')} et {N('CVE-2024-52012', 'cve_id')}. Score retenu : {N('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N', 'cvss_vector')}.

> Le {N('6 déc. 2024', 'non_birth_date')}, Nadia Bensaïd a écrit :
> Je reste disponible au {N('07 68 12 40 33', 'reporter_contact')}.
""")

# ================================================================ markdown_report
@case
def d1():
    b = B("markdown_report", "en", reporter_email="o.adeyemi@lagoonsec.com"); L, N = b.L, b.N
    u, p = "monitor", pw(0)
    return b.done(f"""# Unauthenticated config backup download — Orbis NVR {N('3.8.1', 'version')}

## Summary
The `/cgi-bin/backup.cgi` endpoint serves the full config without authentication.

## Proof of concept
```bash
curl -s http://{L(ip192(), 'private_ip')}/cgi-bin/backup.cgi -o backup.tgz
tar xzf backup.tgz && grep -A1 '\\[smtp\\]' etc/nvr.conf
# then the creds inside work on the camera API:
curl -u {u}:{L(p, 'password_assignment')} http://{L('nvr-lobby.site.lan', 'internal_hostname')}/api/streams
```

| Host | Role |
|------|------|
| {L(ip192(), 'private_ip')} | NVR |
| {L(ip192(), 'private_ip')} | camera 2 |

CVSS {N('CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N', 'cvss_vector')}

— Olumide Adeyemi, {N('o.adeyemi@lagoonsec.com', 'reporter_contact')}
""")


@case
def d2():
    b = B("markdown_report", "fr", reporter_email="audit@sentinelle-conseil.fr"); L, N = b.L, b.N
    return b.done(f"""# Rapport : contournement de l'authentification à deux facteurs

## Produits concernés
| Produit | Versions | Corrigé en |
|---|---|---|
| Orbis Connect | {N('5.0.0', 'version')} – {N('5.2.3', 'version')} | {N('5.2.4', 'version')} |
| Orbis Connect Mobile | {N('2.9.x', 'version')} | — |

## Reproduction
```http
POST /mfa/verify HTTP/1.1
Authorization: Bearer {N('<JETON>', 'placeholder')}
Content-Type: application/json

{{"code":"{N('000000', 'placeholder')}","skip":true}}
```
Le serveur répond `200` et émet une session (valeur masquée : `{N('sess_************', 'redacted')}`).

## Score
{N('CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N', 'cvss_vector')} — 8.1 · {N('CWE-287', 'cwe_id')}

Empreinte de l'APK testé : `{N(sha256(), 'sha256')}`

-- 
Cabinet Sentinelle Conseil — {N('audit@sentinelle-conseil.fr', 'reporter_contact')}
""")


@case
def d3():
    b = B("markdown_report", "en"); L, N = b.L, b.N
    return b.done(f"""## Finding 2 — Default credentials on the maintenance interface

The maintenance UI on port 8443 accepts the vendor default account[^1] on every unit we checked
(4 of 4). The interface allows firmware upload, hence full compromise.

Remediation: force a password change at first boot.

[^1]: user `maint`, and the password is {L('Orb1s-M@int-2019', 'password_assignment')} — identical on all units, found in the
      public installation guide PDF, page 41.
""")


@case
def d4():
    b = B("markdown_report", "fr"); L, N = b.L, b.N
    return b.done(f"""## Constat 4 — IDOR sur l'export des adhérents

Deux exemples (sur les {N('3 112', 'count')} accessibles), pour preuve :

| id | Nom | Naissance | Téléphone | Carte enregistrée |
|----|-----|-----------|-----------|-------------------|
| 2201 | Fabienne Louvet | {L('11/02/1956', 'date_of_birth')} | {L(fr_mobile(0), 'phone_number')} | {L(card('497', 16), 'payment_card')} |
| 2202 | Kévin Tessier | {L('30/08/2001', 'date_of_birth')} | {L(fr_mobile(0), 'phone_number')} | {N('**** **** **** 4410', 'masked_card')} |

La seconde carte est masquée par l'application ; la première ne l'est pas (enregistrée avant 2020).
""")


@case
def d5():
    b = B("markdown_report", "en"); L, N = b.L, b.N
    return b.done(f"""# Dependency confusion in `@orbis-internal/*` packages

The build resolves `@orbis-internal/ui-kit` from the public registry when the private one is slow.
I published a harmless placeholder package (version `{N('99.0.0', 'version')}`), integrity:

```
{N(integrity(), 'npm_integrity')}
```

and removed it within 10 minutes. Your lockfile pins `{N('1.4.2', 'version')}` with
`{N(integrity(), 'npm_integrity')}` — only CI jobs without the lockfile were affected.

Set `//npm.orbis.io/:_authToken=${{NPM_TOKEN}}` ({N('${NPM_TOKEN}', 'placeholder')}) and a scope registry in `.npmrc`.
""")


@case
def d6():
    b = B("markdown_report", "fr"); L, N = b.L, b.N
    tok = jwt({"sub": "admin", "tenant": "demo-fr", "exp": 1760000000})
    key = pem_ec()
    return b.done(f"""## Preuve de concept

Le script ci-dessous a été écrit à partir des valeurs trouvées dans l'application mobile décompilée
(`res/raw/config.json`) :

```python
import requests
JETON = "{L(tok, 'jwt')}"   # valable jusqu'en octobre 2025
CLE_SIGNATURE = \"\"\"{L(key, 'private_key')}\"\"\"
r = requests.get("https://api.orbis-mobile.fr/v2/flotte", headers={{"Authorization": f"Bearer {{JETON}}"}})
print(r.status_code)
```
""")


@case
def d7():
    b = B("markdown_report", "en"); L, N = b.L, b.N
    k = google_key()
    return b.done(f"""### Evidence

The CDN access log (world-readable at `/logs/`) contains requests like:

```
{N('2024-11-26T07:41:09Z', 'timestamp')} GET /api/geo?lat=48.85&lng=2.35&api_key={L(k, 'google_api_key')} 200 1832
{N('2024-11-26T07:41:11Z', 'timestamp')} GET /export/invoice_Helga_Sundqvist_{L(iban('DE', grouped=False), 'iban')}.pdf 200 48211
```

The second line shows that invoice file names embed the customer's IBAN.
""")


@case
def d8():
    b = B("markdown_report", "fr", reporter_email="pgp@hexagone-secu.fr"); L, N = b.L, b.N
    return b.done(f"""# Annexe — éléments cryptographiques (publics)

- Clé PSIRT : `{N('FC3C 4520 576E C756 AE73 0030 5369 49C4 8448 AE39', 'pgp_fingerprint')}`
- Ma clé : `{N(pgp_fpr_luhn(), 'pgp_fingerprint')}` ({N('pgp@hexagone-secu.fr', 'reporter_contact')})
- Sous-clé de chiffrement : `{N(pgp_fpr_luhn(), 'pgp_fingerprint')}`
- OID de la courbe : `{N('1.3.6.1.4.1.3029.1.5.1', 'oid')}` (Curve25519)
- Identifiant du jeu de test : `{N(uid(), 'uuid')}`
- Mot de passe du compte de test : `[masqué]` ({N('[masqué]', 'redacted')})
""")


@case
def d9():
    b = B("markdown_report", "en"); L, N = b.L, b.N
    l1, l2 = mrz_td3("NLD", "DE VRIES", "SANNE MARIJKE", "NX" + rs(2, UP) + rs(4, DIG) + rs(1, DIG), "NLD", "880517", "F", "310302")
    return b.done(f"""## Exposed KYC uploads

The `kyc-uploads` bucket lists anonymously. One object (`{N(uid(), 'uuid')}.jpg`) is a passport data page; the
OCR of its machine-readable zone, enough to prove it is genuine customer data:

```
{L(l1, 'identity_document')}
{L(l2, 'identity_document')}
```

Holder born {L('17 May 1988', 'date_of_birth')}. I downloaded this single object and deleted my copy.
""")


@case
def d10():
    b = B("markdown_report", "fr"); L, N = b.L, b.N
    return b.done(f"""## Constat 2 — export RH de la filiale américaine

Le fichier `hr_export_q3.xlsx` (partage SharePoint « Tout le monde ») contient les numéros de sécurité
sociale américains des salariés. Deux lignes, valeurs recopiées telles quelles :

| Employé | SSN | Salaire annuel |
|---|---|---|
| Dana Kowalczyk | {L(ssn(), 'national_id')} | {L('USD 118,500', 'employment_data')} |
| Marcus Oyelaran | {L(ssn(), 'national_id')} | {L('USD 96,000', 'employment_data')} |

Nombre total de lignes : {N('1 204', 'count')}.
""")


@case
def d11():
    b = B("markdown_report", "en"); L, N = b.L, b.N
    return b.done(f"""# Internal network exposure summary (no credentials were obtained)

| Asset | Address | Finding |
|---|---|---|
| {N('ci-runner-07.build.orbis.internal', 'infrastructure_info')} | {N('10.77.3.19', 'infrastructure_info')} | Docker API on 2375 |
| {N('grafana.mon.orbis.internal', 'infrastructure_info')} | {N('10.77.9.4', 'infrastructure_info')} | anonymous viewer |

Severity: {N('CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'cvss_vector')}
Scanner: nmap {N('7.94', 'version')}, run {N('2024-11-29 15:00 UTC', 'timestamp')} from {N('198.51.100.77', 'documentation_ip')}.
""")


@case
def d12():
    b = B("markdown_report", "fr"); L, N = b.L, b.N
    return b.done(f"""## Constat 5 — sauvegarde SQL publique

`backup/forum.sql.gz` contient la table des membres ; empreintes bcrypt (coût 12) pour 3 comptes :

```sql
('{N('admin', 'username')}', '{L(bcrypt(), 'password_hash')}'),
('moderation', '{L(bcrypt(), 'password_hash')}'),
('c.vidal', '{L(argon2(), 'password_hash')}'),
```

Le même dump contient, dans la table `parametres`, le jeton de l'intégration GitHub :
`{L(gh_pat(), 'github_token')}`.
""")


@case
def d13():
    b = B("markdown_report", "en"); L, N = b.L, b.N
    return b.done(f"""## FHIR endpoint returns other patients' conditions

`GET /fhir/Condition?patient=Patient/{N('58812', 'order_id')}` with my own token returns:

```json
{{
  "resourceType": "Condition",
  "id": "{N(uid(), 'uuid')}",
  "code": {{"coding": [{{"system": "http://snomed.info/sct", "code": "{L('370143000', 'health_data')}", "display": "{L('Major depressive disorder', 'health_data')}"}}]}},
  "subject": {{"reference": "Patient/58812", "display": "Eleanor Whitcombe"}},
  "recordedDate": "{N('2023-06-02', 'non_birth_date')}"
}}
```
""")


@case
def d14():
    b = B("markdown_report", "fr"); L, N = b.L, b.N
    return b.done(f"""# Fuite de données — synthèse (aucune donnée brute jointe)

- Volume estimé : **{N('12 480', 'count')} enregistrements** clients.
- Catégories : nom, adresse, IBAN, date de naissance.
- Exemple tel qu'affiché par l'application (déjà masqué) : `{N('FR76 **** **** **** **** **** 123', 'masked_iban')}`, né(e) le `{N('**/**/19**', 'redacted')}`.
- Toujours accessible au {N('04/12/2024', 'non_birth_date')} : oui.
- Données conservées par moi : aucune (capture d'écran floutée, empreinte `{N(md5(), 'md5')}`).
""")

# ================================================================ sms_or_voicemail
@case
def v1():
    b = B("sms_or_voicemail", "fr"); L, N = b.L, b.N
    return b.done(f"""Export SMS du téléphone de service partagé de l'équipe d'astreinte ({N('02/12/2024', 'non_birth_date')})

ORBIS-SSO · {N('07:58', 'timestamp')} : Votre code de connexion est {L(rs(6, DIG), 'password_assignment')}. Il expire dans 5 minutes. Ne le communiquez à personne.
Benoît Lagarde ({L(fr_mobile(0), 'phone_number')}) · {N('08:01', 'timestamp')} : tu me fais suivre le code stp, je suis sur le portail admin
Moi · {N('08:01', 'timestamp')} : c'est celui du dessus
""")


@case
def v2():
    b = B("sms_or_voicemail", "en"); L, N = b.L, b.N
    return b.done(f"""Voicemail transcription (auto, confidence 0.91) — received {N('Tue 26 Nov, 16:44', 'timestamp')}
"Hi Rebecca, it's Dave from the service desk. I've reset your VPN account like you asked. Your
temporary password is {L('Bluebird42!', 'password_assignment')} — that's capital B, bluebird, four two, exclamation mark.
If it doesn't work call me back on extension {N('4471', 'extension')}. Cheers."

(The transcription is e-mailed to the whole 'voicemail-uk' distribution list.)
""")


@case
def v3():
    b = B("sms_or_voicemail", "fr"); L, N = b.L, b.N
    return b.done(f"""Note d'appel — centre de relation client, agent A-217, {N('28/11/2024 14:32', 'timestamp')}
Cliente : Mme Josiane Perrot, appelle pour un prélèvement refusé.
Vérification identité : date de naissance {L('04/10/1949', 'date_of_birth')}, adresse {L('12 route de Vannes, 56400 Auray', 'postal_address')}.
La cliente dicte sa nouvelle carte : {L(card('5131', 16), 'payment_card')}, exp. 05/28. Saisie faite dans la note faute d'accès au module paiement.
Rappel prévu au {L(fr_fixed('2'), 'phone_number')}.
""")


@case
def v4():
    b = B("sms_or_voicemail", "en"); L, N = b.L, b.N
    return b.done(f"""SMS inbox (test handset, my own number)
{N('36257', 'short_code')}: Your Orbis verification code is {N('******', 'redacted')}. Never share this code.
{N('36257', 'short_code')}: Order {N('OC-' + rs(8, DIG), 'order_id')} shipped, track at https://orbis.example/t/{N(rs(10, B62), 'tracking_number')}
{N('36257', 'short_code')}: Reply STOP to {N('36257', 'short_code')} to opt out. Msg&data rates may apply.
Bank: Payment of {N('£42.99', 'amount')} to ORBIS CLOUD on {N('24/11', 'non_birth_date')} approved.
""")


@case
def v5():
    b = B("sms_or_voicemail", "fr", reporter_email="r.fontaine@cybersud.fr"); L, N = b.L, b.N
    return b.done(f"""Transcription du message vocal laissé sur ma ligne ({N('lundi 9 décembre, 11 h 02', 'timestamp')}) :
« Bonjour Monsieur Fontaine, ici l'équipe PSIRT de Thales au sujet du dossier {N('PSIRT-2024-1188', 'order_id')}. Nous avons bien
reçu votre signalement, vous pouvez répondre par courriel à {N('psirt@thalesgroup.com', 'psirt_address')}. Bonne journée. »
Pour mémoire, mes coordonnées pour ce signalement : {N('r.fontaine@cybersud.fr', 'reporter_contact')}, {N('06 31 84 20 57', 'reporter_contact')}.
""")


@case
def v6():
    b = B("sms_or_voicemail", "en"); L, N = b.L, b.N
    return b.done(f"""CALL NOTES — Orbis Benefits helpline — agent #0093 — {N('2024-11-27 10:12 CST', 'timestamp')}
Caller: Wendell Stroud (member)
Verified: SSN last 4 {N('xxx-xx-1187', 'masked_id')}, DOB {L('1975-02-11', 'date_of_birth')}
Caller moving, new address: {L('4418 Pecan Hollow Dr, Round Rock, TX 78665', 'postal_address')}
Callback number: {L(us_phone(), 'phone_number')}
Note: caller asked about {L('coverage for his dialysis sessions (stage 4 CKD)', 'health_data')}.
""")


@case
def v7():
    b = B("sms_or_voicemail", "fr"); L, N = b.L, b.N
    return b.done(f"""SMS — de « Gardien Résidence » ({L(fr_mobile(0), 'phone_number')}), {N('15/11 18:20', 'timestamp')}
Bonsoir, pour l'intervention de demain : le portail c'est {L('2580A', 'password_assignment')}, la boîte à clés du local
technique {L('0719', 'password_assignment')}. Le wifi du local : ResidenceTech / {L(pw(0), 'password_assignment')}. Merci de m'envoyer un SMS en partant.
""")


@case
def v8():
    b = B("sms_or_voicemail", "en", reporter_email="lena.ostrova@sigma-labs.io"); L, N = b.L, b.N
    return b.done(f"""Voicemail I left for the vendor's PSIRT duty line (transcript from my phone):
"Hello, this is Lena Ostrova from Sigma Labs, calling about the report I sent on {N('the 2nd of December', 'non_birth_date')},
reference {N('CVE-2024-50771', 'cve_id')}. You can reach me at {N('+420 602 118 450', 'reporter_contact')} or by mail,
{N('lena.ostrova@sigma-labs.io', 'reporter_contact')}. The patched build {N('6.0.3', 'version')} looks fine. Thanks, bye."
""")


@case
def v9():
    b = B("sms_or_voicemail", "fr"); L, N = b.L, b.N
    return b.done(f"""Message vocal (transcription automatique, pharmacie — boîte partagée accessible depuis le portail)
« Oui bonjour, c'est madame Huguette Ravel, {L(nir(2, 47, 12, '24', grouped=True), 'national_id')}, je rappelle pour
mon renouvellement, {L('la lévothyroxine 75 microgrammes pour ma thyroïde', 'health_data')}, le docteur a faxé l'ordonnance.
Vous pouvez me rappeler au {L(fr_fixed('5'), 'phone_number')}. Merci. »
""")


@case
def v10():
    b = B("sms_or_voicemail", "en"); L, N = b.L, b.N
    return b.done(f"""WhatsApp Business auto-replies leaked through the agency's public "chat history" link:
[{N('10/11/24 09:03', 'timestamp')}] OrbisTravel: Hi Callum Ferris, your booking ref is {L('ZK8P4Q', 'travel_record')} — {L('flight BA 0317 on 14 Nov, seat 32A', 'travel_record')}.
[{N('10/11/24 09:05', 'timestamp')}] Callum: thanks, passport is {L(rs(9, DIG), 'identity_document')}, expires 2031
[{N('10/11/24 09:06', 'timestamp')}] OrbisTravel: Added ✈️ Have a good trip!
""")


@case
def v11():
    b = B("sms_or_voicemail", "fr"); L, N = b.L, b.N
    return b.done(f"""Modèles SMS du service de notification (fichier templates_sms.properties, aucune valeur réelle) :
otp.fr=Votre code Orbis est {N('{code}', 'placeholder')}. Il expire dans {N('{minutes}', 'placeholder')} min.
rdv.fr=Rappel : RDV le {N('{date}', 'placeholder')} à {N('{heure}', 'placeholder')}. Répondez STOP au {N('38 123', 'short_code')}.
contact.fr=Service client : {N('09 69 32 10 10', 'company_contact')} (appel non surtaxé)
""")


# ================================================================ bug_tracker
@case
def t1():
    b = B("bug_tracker", "en", reporter_email="yuki.tanabe@outlook.jp"); L, N = b.L, b.N
    return b.done(f"""orbis-dev/orbis-cli · Issue #{N('1284', 'issue_number')} · "sync" crashes when the config contains non-ASCII

**yuki-t** opened this issue · {N('3 days ago', 'relative_date')}

Config (I thought I had removed everything…):
```toml
[remote]
url = "https://sync.orbis-cloud.com"
token = "{L(gh_token(), 'github_token')}"
label = "プロジェクト🚀"
```
Traceback points at `encode_label()`; orbis-cli {N('2.4.0', 'version')}, Python {N('3.12.1', 'version')}.

— Yuki Tanabe ({N('yuki.tanabe@outlook.jp', 'reporter_contact')})

**maintainer-ana** commented · {N('2 days ago', 'relative_date')}
> @yuki-t you pasted a live GitHub token above — please revoke it now. I've hidden the comment from the
> timeline but it was public for ~20 hours. Fix for the crash in {N(git_sha()[:8], 'git_sha')}.
""")


@case
def t2():
    b = B("bug_tracker", "fr"); L, N = b.L, b.N
    return b.done(f"""orbis/connecteur-erp · Ticket #{N('412', 'issue_number')} · Échec de synchronisation après mise à jour en {N('3.1.0', 'version')}

Journal (secrets masqués par l'outil) :
```
{N('2024-11-22 06:00:01,114', 'timestamp')} INFO  sync start job={N(uid(), 'uuid')}
{N('2024-11-22 06:00:01,402', 'timestamp')} DEBUG connexion user=connecteur password={N('***', 'redacted')}
{N('2024-11-22 06:00:02,950', 'timestamp')} ERROR HTTP 409 sur /articles/{N('AR-55120', 'order_id')} (If-Match {N(md5(), 'etag')})
```
**mainteneur** : doublon de #{N('398', 'issue_number')}, corrigé par {N(git_sha(), 'git_sha')}, publié en {N('3.1.1', 'version')}.
""")


@case
def t3():
    b = B("bug_tracker", "en"); L, N = b.L, b.N
    return b.done(f"""Pull request #{N('877', 'issue_number')} · Add import test for customer CSV

**review comment** on `tests/fixtures/customers.csv`:
```
id,name,email,phone
1,Jane Doe,{L('jane.doe@example.com', 'email_address', sev='info')},{L('(415) 555-0142', 'phone_number', sev='info')}
2,Ruth Abernathy,{L('ruth.abernathy@gleneagle-farms.co.uk', 'email_address')},{L(uk_mobile(), 'phone_number')}
```
> Row 2 looks like it was copied from the production export, not invented — please replace it with
> example.com data and squash the history.
""")


@case
def t4():
    b = B("bug_tracker", "fr"); L, N = b.L, b.N
    return b.done(f"""[Forum communautaire › Bugs] L'import des contacts plante sur les accents

Bonjour, voici ma conf et le log, j'ai gardé tel quel pour que vous puissiez reproduire :
```
smtp.host=smtp.orbis-mail.fr
smtp.user=newsletter@boulangerie-mercier.fr
smtp.password={L(pw(0), 'password_assignment')}
```
```
ERREUR ligne 17 : « Hélène Mercier;{L('3 place du Marché, 21200 Beaune', 'postal_address')};{L(fr_mobile(3), 'phone_number')} » — encodage invalide
```
Merci d'avance !

**Réponse de l'équipe** : merci, corrigé en {N('4.7.2', 'version')}. Pensez à changer votre mot de passe SMTP,
ce fil est public.
""")


@case
def t5():
    b = B("bug_tracker", "en"); L, N = b.L, b.N
    return b.done(f"""orbis-dev/agent · Issue #{N('2210', 'issue_number')} · Image {N('ghcr.io/orbis-dev/agent:1.18.0', 'image_ref')} fails health check

Environment: Docker {N('26.1.4', 'version')}, kernel {N('6.8.0-49-generic', 'version')}
Image digest: `{N('sha256:' + sha256(), 'sha256')}`
Run: `docker run -e ORBIS_TOKEN={N('****', 'redacted')} -e ORBIS_URL=https://agent.orbis-cloud.com ...`
CI run: https://github.com/orbis-dev/agent/actions/runs/{N(rs(11, DIG), 'ci_run_id')}

**maintainer** · duplicate of #{N('2198', 'issue_number')}; the health check needs `--cap-add NET_RAW`.
""")


@case
def t6():
    b = B("bug_tracker", "fr"); L, N = b.L, b.N
    mapbox = "pk.eyJ1Ijoib3JiaXMtY2FydG8iLCJhIjoi" + rs(20, B62) + "In0." + rs(22, B62 + "-_")
    return b.done(f"""Gitea · orbis/carto-tournees · Ticket #{N('57', 'issue_number')} · La carte reste grise

`docker-compose.yml` utilisé :
```yaml
services:
  db:
    image: postgis/postgis:16-3.4
    environment:
      POSTGRES_PASSWORD: {L(pw(3), 'password_assignment')}
  web:
    environment:
      MAPBOX_PUBLIC_TOKEN: {N(mapbox, 'public_token')}
      DATABASE_HOST: db
```
**mainteneur** : le jeton public Mapbox est fait pour être exposé ; en revanche retirez le mot de passe Postgres du ticket.
""")


@case
def t7():
    b = B("bug_tracker", "en", reporter_email="sec@nightjar.re"); L, N = b.L, b.N
    return b.done(f"""Draft security advisory {N('GHSA-7q4m-2x9c-hw8p', 'advisory_id')} (private) · orbis-dev/orbis-cli

Affected: < {N('2.4.3', 'version')} · Patched: {N('2.4.3', 'version')} · Severity: {N('CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', 'cvss_vector')}
CWE: {N('CWE-532', 'cwe_id')} (insertion of sensitive information into log file)
Fix commits: {N(git_sha(), 'git_sha')}, {N(git_sha(), 'git_sha')}
Credit: nightjar ({N('sec@nightjar.re', 'reporter_contact')})

**maintainer**: requesting a CVE through the CNA; we'll reference {N('psirt@thalesgroup.com', 'psirt_address')} as coordinator.
""")


@case
def t8():
    b = B("bug_tracker", "fr"); L, N = b.L, b.N
    real = pw(1)
    enc = base64.b64encode(real.encode()).decode()
    user = base64.b64encode(b"facturation").decode()
    return b.done(f"""orbis/helm-charts · Ticket #{N('133', 'issue_number')} · Le pod redémarre en boucle

Sortie de `kubectl get secret facturation-db -o yaml` :
```yaml
apiVersion: v1
kind: Secret
metadata:
  name: facturation-db
  namespace: {N('recette', 'namespace')}
type: Opaque
data:
  username: {N(user, 'base64_non_secret')}
  password: {L(enc, 'password_assignment')}
```
**mainteneur** : attention, `data.password` n'est que du base64, le mot de passe est lisible par tous ici.
""")


@case
def t9():
    b = B("bug_tracker", "en"); L, N = b.L, b.N
    tok = b64u(40)
    return b.done(f"""JIRA SUP-{N('30417', 'issue_number')} · Customer cannot download invoices (public service desk portal)

Customer attachment `har-export.txt` (excerpt):
```
:authority: billing.orbis-cloud.com
authorization: Bearer {L(tok, 'authorization_header')}
x-customer-phone: {L(de_phone(), 'phone_number')}
```
Agent note: asked customer (Frau Ilse Brandstätter) to clear the cache. Closing.
""")


@case
def t10():
    b = B("bug_tracker", "fr"); L, N = b.L, b.N
    return b.done(f"""orbis/api-publique · Ticket #{N('902', 'issue_number')} · Limitation de débit trop agressive ?

Depuis {N('192.0.2.44', 'documentation_ip')} j'obtiens des 429 au bout de 60 requêtes/min :
```
{N('2024-12-03T10:11:52Z', 'timestamp')} 429 x-ratelimit-remaining=0 x-request-id={N(uid(), 'uuid')}
{N('2024-12-03T10:11:53Z', 'timestamp')} 429 x-ratelimit-reset={N('1733220773', 'timestamp')}
```
**mainteneur** : comportement attendu pour l'offre gratuite ({N('60 req/min', 'setting')}). Voir la doc de la {N('v3.2', 'version')}.
""")


@case
def t11():
    b = B("bug_tracker", "en"); L, N = b.L, b.N
    return b.done(f"""orbis-dev/edge-gateway · Issue #{N('341', 'issue_number')} · TLS handshake fails with my own cert

Here is what I configured (tls.key and tls.crt):
```
{L(pem_ec(), 'private_key')}
```
**maintainer** commented: Please never paste a private key in an issue, even a test one: this repository
is public. I've deleted the key from the comment history; generate a new pair. The handshake issue is
fixed in {N(git_sha(), 'git_sha')}.
""")

# ================================================================ extra cases
@case
def ch13():
    b = B("chat", "en"); L, N = b.L, b.N
    return b.done(f"""#release-eng (Slack export)
Ravi  4:02 PM
checksums for 8.3.0 are up: `{N(sha256(), 'sha256')}  orbis-8.3.0.tar.gz`
Ravi  4:02 PM
tag {N('v8.3.0', 'version')} → {N(git_sha(), 'git_sha')}, signed with {N(pgp_fpr_luhn(), 'pgp_fingerprint')}
Mei  4:05 PM
ISBN for the printed manual is {N('978-1-4842-7123-0', 'isbn')}, invoice {N('INV-20241129-0042', 'order_id')} ({N('$3,480.00', 'amount')})
Mei  4:06 PM
the test card in the sandbox docs is masked as {N('•••• 4242', 'masked_card')}, nothing real in the channel 🙂
""")


@case
def r13():
    b = B("http_request", "fr"); L, N = b.L, b.N
    return b.done(f"""Requête de la page publique (aucune session ouverte, seulement des cookies de mesure d'audience) :

GET /actualites/2024/salon-cybersecurite HTTP/1.1
Host: www.orbis-logiciels.fr
Cookie: _ga={N('GA1.2.' + rs(9, DIG) + '.' + '1732874411', 'analytics_cookie')}; _gid={N('GA1.2.' + rs(10, DIG) + '.1733046000', 'analytics_cookie')}; consentement={N('{"stat":true,"pub":false}', 'consent_cookie')}
If-Modified-Since: {N('Fri, 29 Nov 2024 10:00:00 GMT', 'timestamp')}
X-Forwarded-For: {N('203.0.113.12', 'documentation_ip')}
""")


@case
def pe15():
    b = B("prose_en", "en"); L, N = b.L, b.N
    return b.done(f"""Comment on finding 6 (the "sandbox" tenant is not a sandbox)

The onboarding wiki tells partners to test payments with {L('4111 1111 1111 1111', 'payment_card', sev='info')} and to call
{L('(206) 555-0147', 'phone_number', sev='info')} for help — both documentation values, fine. But the same page embeds the
project's deploy token for the sandbox repo, {L(gitlab(), 'gitlab_token')}, and that token has
write_repository on the production group as well. Contact for the wiki is {L('docs-owner@example.com', 'email_address', sev='info')}.
""")

# ================================================================ main
def build():
    R.seed(SEED)
    out = []
    for i, fn in enumerate(CASES, 1):
        d = fn()
        out.append({"id": f"b14a-{i:03d}", **d})
    return out


def public(c):
    c = dict(c)
    c["labels"] = [{k: v for k, v in l.items() if k != "_v"} for l in c["labels"]]
    c["negatives"] = [{k: v for k, v in n.items() if k != "_v"} for n in c["negatives"]]
    return c


def serialize(cases):
    return "".join(json.dumps(public(c), ensure_ascii=False) + "\n" for c in cases)


def slice16(text, s, e):
    return text.encode("utf-16-le")[2 * s:2 * e].decode("utf-16-le")


def jwt_ok(v):
    parts = v.split(".")
    if len(parts) != 3:
        return False
    try:
        h = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
        json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except Exception:
        return False
    return "alg" in h


def value_problems(cat, v):
    """Format validity of a labelled value, by category (only where a format is checkable)."""
    p = []
    if cat == "payment_card":
        d = re.sub(r"\D", "", v)
        if not (13 <= len(d) <= 19 and luhn_ok(d)):
            p.append("card fails Luhn/length")
    elif cat == "iban":
        if not iban_ok(v):
            p.append("iban fails mod97/length")
    elif cat == "github_token":
        m = re.fullmatch(r"(gh[pousr]_)([A-Za-z0-9]{30})([A-Za-z0-9]{6})", v)
        if m:
            if base62(zlib.crc32(m.group(2).encode())).rjust(6, "0") != m.group(3):
                p.append("ghp checksum")
        elif not re.fullmatch(r"github_pat_[A-Z0-9]{22}_[A-Za-z0-9]{59}", v):
            p.append("github token shape")
    elif cat == "aws_access_key_id":
        if not re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", v):
            p.append("aws id shape")
    elif cat == "jwt":
        if not jwt_ok(v):
            p.append("jwt shape")
    elif cat == "national_id":
        s = v.replace(" ", "").replace("-", "").replace(".", "")
        if re.fullmatch(r"[12]\d{14}", s):
            if not nir_ok(s):
                p.append("NIR key")
        elif re.fullmatch(r"[XYZ]?\d{7,8}[A-Z]", s):
            if not dni_ok(s):
                p.append("DNI letter")
        elif re.fullmatch(r"[A-Z]{6}\d\d[A-Z]\d\d[A-Z]\d{3}[A-Z]", s):
            if not cf_ok(s):
                p.append("CF check")
        elif re.fullmatch(r"\d{9}", s) and "-" in v:
            a, g, sr = int(s[:3]), int(s[3:5]), int(s[5:])
            if a in (0, 666) or a >= 900 or g == 0 or sr == 0:
                p.append("SSN rules")
        elif re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", s):
            if s[0] in "DFIQUV" or s[1] in "DFIQUVO" or s[:2] in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
                p.append("NINO prefix")
    elif cat == "identity_document" and len(v) == 44 and re.fullmatch(r"[A-Z0-9<]{44}", v) and not v.startswith("P<"):
        if not td3_ok(v):
            p.append("MRZ check digits")
    elif cat == "slack_webhook":
        if not v.startswith("https://hooks.slack.com/"):
            p.append("webhook shape")
    elif cat == "private_ip":
        if not re.fullmatch(r"(10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+)(/\d+)?", v):
            p.append("not private")
    return p


def check(cases):
    errs = []
    ids = set()
    for c in cases:
        cid = c["id"]
        if cid in ids:
            errs.append(f"{cid}: duplicate id")
        ids.add(cid)
        t = c["text"]
        n16 = u16(t)
        if c["carrier"] not in CARRIERS or c["language"] not in ("en", "fr"):
            errs.append(f"{cid}: carrier/lang")
        spans = []
        for l in c["labels"]:
            s, e = l["start"], l["end"]
            if not (0 <= s < e <= n16):
                errs.append(f"{cid}: bad span {s},{e}")
                continue
            v = slice16(t, s, e)
            if v != l["_v"]:
                errs.append(f"{cid}: slice {v!r} != {l['_v']!r}")
            if v != v.strip() or not v:
                errs.append(f"{cid}: whitespace at span edge {v!r}")
            if l["group"] != GROUP[l["category"]]:
                errs.append(f"{cid}: group")
            if l["severity"] not in ("critical", "high", "medium", "info"):
                errs.append(f"{cid}: severity")
            if l["severity"] != SEV[l["category"]] and l["severity"] != "info":
                errs.append(f"{cid}: severity {l['severity']} for {l['category']}")
            for pr in value_problems(l["category"], v):
                if l["severity"] != "info":
                    errs.append(f"{cid}: {l['category']} {v!r}: {pr}")
            if c.get("reporter_email") and v == c["reporter_email"]:
                errs.append(f"{cid}: reporter email labelled")
            spans.append((s, e, "L"))
        for n in c["negatives"]:
            s, e = n["start"], n["end"]
            if not (0 <= s < e <= n16) or slice16(t, s, e) != n["_v"]:
                errs.append(f"{cid}: bad negative {n}")
            spans.append((s, e, "N"))
        spans.sort()
        for (s1, e1, k1), (s2, e2, k2) in zip(spans, spans[1:]):
            if s2 < e1:
                errs.append(f"{cid}: overlapping spans {k1}{s1}-{e1} {k2}{s2}-{e2}")
        if c.get("reporter_email") and c["reporter_email"] not in t:
            errs.append(f"{cid}: reporter_email not in text")
    return errs


def stats(cases):
    from collections import Counter
    n = len(cases)
    fr = sum(c["language"] == "fr" for c in cases)
    groups = Counter(l["group"] for c in cases for l in c["labels"])
    cats = Counter(l["category"] for c in cases for l in c["labels"])
    clean = sum(not c["labels"] for c in cases)
    tab = Counter((c["carrier"], c["language"]) for c in cases)
    return n, fr, groups, cats, clean, tab


def main():
    # UTF-16 offset self-test with emoji and accents
    assert u16("é😀a") == 4 and slice16("x😀é€y", 1, 4) == "😀é"
    cases = build()
    data = serialize(cases)
    again = serialize(build())
    assert data == again, "non-deterministic"
    errs = check(cases)
    n, fr, groups, cats, clean, tab = stats(cases)
    if n < 165:
        errs.append(f"only {n} cases")
    if fr / n < 0.45:
        errs.append(f"French share {fr / n:.2%}")
    if "--check" in sys.argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != data:
            errs.append("cases.jsonl differs from generated output")
    else:
        OUT.write_text(data, encoding="utf-8")
    for e in errs:
        print("ERROR", e)
    print(f"cases={n} french={fr} ({fr / n:.1%}) clean={clean} labels={dict(groups)}")
    if "--stats" in sys.argv:
        for k, v in sorted(cats.items()):
            print(f"  {k}: {v}")
        for k, v in sorted(tab.items()):
            print(f"  {k}: {v}")
    sys.exit(1 if errs else 0)


if __name__ == "__main__":
    main()
