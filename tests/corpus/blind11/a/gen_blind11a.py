#!/usr/bin/env python3
"""Blind test corpus b11a for a sensitive-data scanner (PSIRT report pre-send check).

Standard library only. One random.Random with a fixed seed; writes cases.jsonl
deterministically. `--check` regenerates in memory and verifies the committed file
is byte-identical and that every label/negative span is sane (UTF-16 offsets).
"""
import base64
import binascii
import hashlib
import json
import os
import string
import sys
import random

SEED = 0xB11A2024
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.jsonl")

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DI = string.digits
AN = UP + LO + DI
HEX = "0123456789abcdef"
B64 = AN + "+/"
B64U = AN + "-_"

GROUP = {
    "private_key": "credentials", "aws_access_key_id": "credentials", "aws_secret_key": "credentials",
    "github_token": "credentials", "gitlab_token": "credentials", "slack_token": "credentials",
    "slack_webhook": "credentials", "stripe_key": "credentials", "google_api_key": "credentials",
    "gcp_service_account": "credentials", "azure_connection_string": "credentials",
    "azure_sas_token": "credentials", "npm_token": "credentials", "pypi_token": "credentials",
    "sendgrid_key": "credentials", "twilio_key": "credentials", "ai_api_key": "credentials",
    "jwt": "credentials", "url_credentials": "credentials", "connection_string": "credentials",
    "authorization_header": "credentials", "session_cookie": "credentials",
    "password_assignment": "credentials", "password_hash": "credentials",
    "payment_card": "personal", "iban": "personal", "national_id": "personal",
    "date_of_birth": "personal", "identity_document": "personal", "postal_address": "personal",
    "health_data": "personal", "employment_data": "personal", "tax_record": "personal",
    "travel_record": "personal", "email_address": "personal", "phone_number": "personal",
    "private_ip": "infrastructure", "internal_hostname": "infrastructure",
}
SEV_GROUP = {"credentials": "critical", "personal": "high", "infrastructure": "info"}


def severity_of(cat):
    if cat in ("email_address", "phone_number"):
        return "medium"
    return SEV_GROUP[GROUP[cat]]


# ---------------------------------------------------------------- markers
_REG = []  # marker registry for the case being built


def _mark(entry):
    _REG.append(entry)
    return "\ue000%d\ue001" % (len(_REG) - 1)


def L(value, cat, also=None, optional=False, sev=None):
    """Labelled sensitive value."""
    assert cat in GROUP, cat
    e = {"t": "L", "v": value, "cat": cat}
    if also:
        e["also"] = also if isinstance(also, list) else [also]
    if optional:
        e["optional"] = True
    if sev:
        e["sev"] = sev
    return _mark(e)


def D(value, cat):
    """Documentation / example value: labelled with severity info."""
    return L(value, cat, sev="info")


def N(value, kind):
    """Hard negative."""
    return _mark({"t": "N", "v": value, "kind": kind})


def u16(s):
    return len(s.encode("utf-16-le")) // 2


def finalize(raw):
    out = []
    labels, negs = [], []
    pos = 0  # utf-16 position
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == "\ue000":
            j = raw.index("\ue001", i)
            e = _REG[int(raw[i + 1:j])]
            v = e["v"]
            assert "\ue000" not in v, "nested marker"
            start = pos
            end = pos + u16(v)
            out.append(v)
            pos = end
            if e["t"] == "L":
                lab = {"start": start, "end": end, "category": e["cat"],
                       "severity": e.get("sev") or severity_of(e["cat"]), "group": GROUP[e["cat"]]}
                if "also" in e:
                    lab["also"] = e["also"]
                if e.get("optional"):
                    lab["optional"] = True
                lab["_v"] = v
                labels.append(lab)
            else:
                negs.append({"start": start, "end": end, "kind": e["kind"], "_v": v})
            i = j + 1
        else:
            out.append(c)
            pos += u16(c)
            i += 1
    return "".join(out), labels, negs


CASES = []


def case(carrier, lang, raw, reporter_email=None):
    text, labels, negs = finalize(raw)
    _REG.clear()
    obj = {"id": "b11a-%03d" % (len(CASES) + 1), "carrier": carrier, "language": lang,
           "text": text, "labels": labels, "negatives": negs}
    if reporter_email:
        obj["reporter_email"] = reporter_email
    CASES.append(obj)


# ---------------------------------------------------------------- value generators
def rs(n, alphabet=AN):
    return "".join(R.choice(alphabet) for _ in range(n))


def b62(n):
    chars = DI + UP + LO
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = chars[r] + s
    return s or "0"


def github_token(prefix="ghp_"):
    body = rs(30)
    crc = binascii.crc32(body.encode()) & 0xFFFFFFFF
    return prefix + body + b62(crc).rjust(6, "0")


def github_pat_fine():
    return "github_pat_" + rs(22) + "_" + rs(59)


def gitlab_token():
    return "glpat-" + rs(20, AN + "-_")


def aws_akid(prefix="AKIA"):
    return prefix + rs(16, UP + "234567")


def aws_secret():
    return rs(40, B64)


def slack_bot():
    return "xoxb-%s-%s-%s" % (rs(11, DI), rs(13, DI), rs(24))


def slack_user():
    return "xoxp-%s-%s-%s-%s" % (rs(11, DI), rs(12, DI), rs(13, DI), rs(32, HEX))


def slack_webhook():
    return "https://hooks.slack.com/services/T%s/B%s/%s" % (rs(8, UP + DI), rs(10, UP + DI), rs(24))


def stripe(kind="sk_live_"):
    return kind + rs(24 if R.random() < 0.5 else 99)


def google_key():
    return "AIza" + rs(35, AN + "-_")


def npm_token():
    return "npm_" + rs(36)


def pypi_token():
    return "pypi-AgEIcHlwaS5vcmc" + rs(R.randint(60, 120), B64U)


def sendgrid():
    return "SG." + rs(22, B64U) + "." + rs(43, B64U)


def twilio_sk():
    return "SK" + rs(32, HEX)


def openai_key():
    return "sk-proj-" + rs(74, AN + "-_") + "T3BlbkFJ" + rs(74, AN + "-_")


def anthropic_key():
    return "sk-ant-api03-" + rs(93, AN + "-_") + "AA"


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt(payload, alg="HS256"):
    h = b64url(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    siglen = 32 if alg.startswith("HS") else 256
    s = b64url(bytes(R.getrandbits(8) for _ in range(siglen)))
    return "%s.%s.%s" % (h, p, s)


def rand_bytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def pem(kind="RSA PRIVATE KEY", nbytes=1190, prefix=b""):
    body = base64.b64encode(prefix + rand_bytes(nbytes - len(prefix))).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (kind, "\n".join(lines), kind)


def rsa_key():
    return pem("RSA PRIVATE KEY", 1190, bytes.fromhex("308204a40201000282010100"))


def pkcs8_key():
    return pem("PRIVATE KEY", 1216, bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7"))


def ec_key():
    return pem("EC PRIVATE KEY", 121, bytes.fromhex("30770201010420"))


def openssh_key():
    return pem("OPENSSH PRIVATE KEY", 399, b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none")


def cert_pem():
    return pem("CERTIFICATE", 780, bytes.fromhex("3082030c308201f4a003020102"))


def ssh_pub(comment):
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(43, B64) + " " + comment


def sha_crypt():
    return "$6$" + rs(16, AN + "./") + "$" + rs(86, AN + "./")


def bcrypt():
    return "$2b$12$" + rs(53, AN + "./")


def argon2():
    return "$argon2id$v=19$m=65536,t=3,p=4$" + rs(22, B64[:-2]) + "$" + rs(43, B64[:-2])


def md5_crypt():
    return "$1$" + rs(8, AN + "./") + "$" + rs(22, AN + "./")


def hexs(n):
    return rs(n, HEX)


def git_sha():
    return hexs(40)


def uuid4():
    h = hexs(32)
    h = h[:12] + "4" + h[13:16] + R.choice("89ab") + h[17:]
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def sha256():
    return hexs(64)


def npm_integrity():
    return "sha512-" + base64.b64encode(rand_bytes(64)).decode()


def luhn_ok(num):
    d = [int(c) for c in num]
    s = 0
    for i, x in enumerate(reversed(d)):
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return s % 10 == 0


def luhn_complete(prefix, length):
    body = prefix + rs(length - len(prefix) - 1, DI)
    for c in DI:
        if luhn_ok(body + c):
            return body + c


def card(kind="visa", sep=""):
    if kind == "visa":
        n = luhn_complete("4" + R.choice(["970", "974", "532", "917", "539"]), 16)
        groups = [4, 4, 4, 4]
    elif kind == "mc":
        n = luhn_complete(R.choice(["51", "53", "55", "2221", "2720", "5413"]), 16)
        groups = [4, 4, 4, 4]
    elif kind == "amex":
        n = luhn_complete(R.choice(["34", "37"]), 15)
        groups = [4, 6, 5]
    elif kind == "disc":
        n = luhn_complete("6011", 16)
        groups = [4, 4, 4, 4]
    else:  # cb / maestro-ish
        n = luhn_complete("4973", 16)
        groups = [4, 4, 4, 4]
    if not sep:
        return n
    out, k = [], 0
    for g in groups:
        out.append(n[k:k + g])
        k += g
    return sep.join(out)


def fingerprint_luhn():
    """40 hex digits, all decimal digits, grouped in fours, that passes Luhn (look-alike)."""
    while True:
        s = rs(40, DI)
        if luhn_ok(s):
            return " ".join(s[i:i + 4] for i in range(0, 40, 4))


def fingerprint_hex():
    s = hexs(40).upper()
    return " ".join(s[i:i + 4] for i in range(0, 40, 4))


def _iban_check(cc, bban):
    num = ""
    for ch in bban + cc + "00":
        num += str(int(ch, 36))
    return "%02d" % (98 - int(num) % 97)


IBAN_SPEC = {
    "FR": None, "DE": ("n", 18), "ES": ("n", 20), "BE": ("n", 12), "NL": ("NL", 0),
    "GB": ("GB", 0), "CH": ("n", 17), "LU": ("n", 16), "PT": ("n", 21), "IT": ("IT", 0),
}


def iban(cc="FR", spaced=True):
    if cc == "FR":
        bank, gui, acc = rs(5, DI), rs(5, DI), rs(11, DI)
        key = 97 - ((89 * int(bank) + 15 * int(gui) + 3 * int(acc)) % 97)
        bban = bank + gui + acc + "%02d" % key
    elif cc == "NL":
        bban = R.choice(["ABNA", "RABO", "INGB", "TRIO"]) + rs(10, DI)
    elif cc == "GB":
        bban = R.choice(["NWBK", "BARC", "LOYD", "MIDL"]) + rs(14, DI)
    elif cc == "IT":
        bban = R.choice(UP) + rs(10, DI) + rs(12, DI)
    elif cc == "BE":
        b = rs(10, DI)
        k = int(b) % 97 or 97
        bban = b + "%02d" % k
    else:
        bban = rs(IBAN_SPEC[cc][1], DI)
    ib = cc + _iban_check(cc, bban) + bban
    if spaced:
        return " ".join(ib[i:i + 4] for i in range(0, len(ib), 4))
    return ib


def nir(sex=None, spaced=True):
    sex = sex or R.choice("12")
    yy = "%02d" % R.randint(50, 99)
    mm = "%02d" % R.randint(1, 12)
    dep = R.choice(["75", "69", "13", "33", "59", "44", "67", "31", "35", "92", "93", "2A"])
    com = "%03d" % R.randint(1, 400)
    order = "%03d" % R.randint(1, 999)
    base = sex + yy + mm + dep + com + order
    numeric = base.replace("2A", "19").replace("2B", "18")
    key = "%02d" % (97 - int(numeric) % 97)
    if spaced:
        return "%s %s %s %s %s %s %s" % (sex, yy, mm, dep, com, order, key)
    return base + key


def dni():
    n = R.randint(10000000, 79999999)
    return "%08d%s" % (n, "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23])


def nie():
    p = R.choice("XYZ")
    n = R.randint(1000000, 9999999)
    v = int(str("XYZ".index(p)) + "%07d" % n)
    return "%s%07d%s" % (p, n, "TRWAGMYFPDXBNJZSQVHLCKE"[v % 23])


_CF_ODD = {c: v for c, v in zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                 [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
                                  2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23])}


def _cf_even(c):
    return int(c) if c.isdigit() else ord(c) - 65


def _cf_part(name, is_first):
    name = "".join(ch for ch in name.upper() if ch.isalpha())
    cons = [c for c in name if c not in "AEIOU"]
    vow = [c for c in name if c in "AEIOU"]
    if is_first and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    s = "".join(cons + vow + ["X", "X", "X"])[:3]
    return s


def codice_fiscale(surname, first, yy, mm, dd, female, belfiore):
    s = _cf_part(surname, False) + _cf_part(first, True)
    s += "%02d" % yy + "ABCDEHLMPRST"[mm - 1] + "%02d" % (dd + (40 if female else 0)) + belfiore
    tot = 0
    for i, c in enumerate(s):
        tot += _CF_ODD[c] if i % 2 == 0 else _cf_even(c)
    return s + chr(65 + tot % 26)


def nino(spaced=False):
    first_ok = [c for c in UP if c not in "DFIQUV"]
    second_ok = [c for c in UP if c not in "DFIQUVO"]
    while True:
        p = R.choice(first_ok) + R.choice(second_ok)
        if p not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            break
    d = rs(6, DI)
    suf = R.choice("ABCD")
    if spaced:
        return "%s %s %s %s %s" % (p, d[:2], d[2:4], d[4:], suf)
    return p + d + suf


def ssn(sep="-"):
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    g = R.randint(1, 99)
    s = R.randint(1, 9999)
    return "%03d%s%02d%s%04d" % (a, sep, g, sep, s)


def _mrz_cd(s):
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


def mrz_td3(country, surname, given, docno, nat, dob, sex, exp, personal=""):
    l1 = ("P<" + country + surname.upper().replace(" ", "<") + "<<" + given.upper().replace(" ", "<"))
    l1 = (l1 + "<" * 44)[:44]
    doc = (docno + "<" * 9)[:9]
    pers = (personal + "<" * 14)[:14]
    l2 = doc + _mrz_cd(doc) + nat + dob + _mrz_cd(dob) + sex + exp + _mrz_cd(exp) + pers + _mrz_cd(pers)
    comp = doc + _mrz_cd(doc) + dob + _mrz_cd(dob) + exp + _mrz_cd(exp) + pers + _mrz_cd(pers)
    l2 = l2 + _mrz_cd(comp)
    assert len(l1) == 44 and len(l2) == 44
    return l1, l2


def fr_passport():
    return "%02d%s%05d" % (R.randint(10, 24), rs(2, UP), R.randint(0, 99999))


def fr_mobile(style="spaced"):
    d = R.choice("67") + rs(8, DI)
    if style == "intl":
        return "+33 %s %s %s %s %s" % (d[0], d[1:3], d[3:5], d[5:7], d[7:9])
    if style == "dots":
        return "0%s.%s.%s.%s.%s" % (d[0], d[1:3], d[3:5], d[5:7], d[7:9])
    if style == "raw":
        return "0" + d
    return "0%s %s %s %s %s" % (d[0], d[1:3], d[3:5], d[5:7], d[7:9])


def fr_landline():
    d = R.choice("1234") + rs(8, DI)
    return "0%s %s %s %s %s" % (d[0], d[1:3], d[3:5], d[5:7], d[7:9])


def us_phone():
    return "(%d) %d%s-%s" % (R.choice([312, 415, 617, 503, 646, 720]), R.randint(2, 9), rs(2, DI), rs(4, DI))


def uk_mobile():
    return "+44 7%s %s" % (rs(3, DI), rs(6, DI))


def de_mobile():
    return "+49 15%s %s" % (rs(1, DI), rs(7, DI))


def pnr():
    return rs(6, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789")


def ticket_no():
    return R.choice(["057", "074", "220", "125", "081"]) + rs(10, DI)


def ipv4_private():
    k = R.random()
    if k < 0.4:
        return "10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(2, 254))
    if k < 0.7:
        return "192.168.%d.%d" % (R.randint(0, 255), R.randint(2, 254))
    return "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 255), R.randint(2, 254))


def pub_ip():
    return "%d.%d.%d.%d" % (R.choice([51, 62, 81, 91, 145, 176, 185, 212]), R.randint(0, 255),
                            R.randint(0, 255), R.randint(2, 254))


def doc_ip():
    return R.choice(["192.0.2.", "198.51.100.", "203.0.113."]) + str(R.randint(2, 254))


def siret():
    # 14 digits, Luhn-valid (SIREN 9 + NIC 5)
    return luhn_complete(rs(1, "3456789"), 14)


def pw(kind=None):
    words = ["Autumn", "Falcon", "Lisbonne", "Marmotte", "Cobalt", "Harbor", "Tilleul", "Quartz",
             "Pelican", "Basalte", "Orchid", "Griffon", "Sapphire", "Hirondelle", "Nimbus", "Juniper"]
    k = kind or R.choice(["word", "word", "rand", "phrase"])
    if k == "word":
        return R.choice(words) + R.choice("!#@$%&*") + str(R.randint(1, 99)) + R.choice(["", "x", "Z", "?"])
    if k == "rand":
        return rs(R.randint(14, 22), AN + "!#%^*-_=+")
    if k == "phrase":
        w = R.sample(["correct", "cheval", "agrafe", "pluie", "tomate", "violon", "granite", "lanterne",
                      "orage", "paprika", "boussole", "kiwi"], 4)
        return "-".join(w)
    return rs(k, AN)


def pwu():
    """password safe inside a URL userinfo"""
    return R.choice(["Vr", "Kq", "Tz", "Mo", "Bx"]) + rs(R.randint(10, 16), AN + "-_.~!")


def b64(s):
    return base64.b64encode(s.encode()).decode()


# ====================================================================== cases
PSIRT = "psirt@thalesgroup.com"
CNA = "cna-coordinator@thalesgroup.com"


def prose_en():
    c = "prose_en"
    # 1 credential with no keyword beside it
    host = "build-07.corp.halvard.lan"
    p = pw("word")
    case(c, "en", f"""Summary: the Jenkins agent on {L(host, 'internal_hostname')} accepts SSH logins from any \
address on the VPN. During the test I logged in as app_rw with {L(p, 'password_assignment')} (taken from the \
job's console output, build #{N('4412', 'order_id')}) and could read every workspace. CVSS \
{N('CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:N', 'cvss')}. Affected version {N('2.414.3', 'version')}.""")
    # 2 clean, full of look-alikes
    case(c, "en", f"""Hi team,

Following up on ticket {N('PSIRT-2024-0917', 'order_id')}. The firmware image I analysed has sha256 \
{N(sha256(), 'hash')} and was pulled from {N('downloads.thalesgroup.com', 'public_hostname')} on \
{N('2024-03-11T09:42:17Z', 'timestamp')}. The vulnerable handler is reached with a request whose token parameter \
is simply {N('<TOKEN>', 'placeholder')}; in my notes below every secret is shown as {N('********', 'placeholder')}.
The signing key fingerprint published on your site is {N(fingerprint_luhn(), 'fingerprint')} (it matches).
Please reply to {N(PSIRT, 'psirt_contact')} thread, or cc {N(CNA, 'psirt_contact')} for the CVE.

Thanks,
Dana Whitcombe
{N('+1 (503) 555-0188', 'reporter_contact')}""", reporter_email="dana.whitcombe@proton.me")
    # 3 third-party health + address in prose
    name = "Gareth Pellow"
    PARK = "suspected early-onset Parkinson\u2019s disease"
    addr = "14 Ashdown Crescent, Leeds LS6 2HQ"
    case(c, "en", f"""Impact: the /api/v2/referrals endpoint returns other patients' referral letters when the numeric \
id is decremented. The first record I hit (I stopped immediately) belonged to a {name}, living at \
{L(addr, 'postal_address')}, referred for {L(PARK, 'health_data')} and \
prescribed {L('ropinirole 2 mg three times daily', 'health_data')}. I have deleted the response from my disk.""")
    # 4 AWS keys in a narrative with wrapped lines
    ak = aws_akid()
    sk = aws_secret()
    case(c, "en", f"""While decompiling the Android app (v{N('5.12.0', 'version')}) I found a hard-coded IAM user. The \
strings were split across two constants and concatenated at runtime:
  part A + part B => {L(ak, 'aws_access_key_id')}
and the secret, stored base64 in res/raw but trivially decoded:
  "{L(sk, 'aws_secret_key')}"
The bucket policy allows s3:GetObject on arn:aws:s3:::halvard-prod-exports/*. For comparison, the SDK's sample key \
{D('AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id')} does not work, of course.""")
    # 5 clean ticket, terse
    case(c, "en", f"""[TICKET] stored XSS in comment preview
product: Halvard Gate {N('7.3.2-build.118', 'version')}
steps: log in as any user, post comment `<img src=x onerror=alert(1)>`, open /preview/{N(uuid4(), 'uuid')}
expected: escaped. actual: executes.
password policy on the test tenant: {N('password_min_length: 12', 'setting')}, lockout after 5
credentials used: my own test account, password {N('[redacted]', 'redacted')}
date observed: {N('14 Feb 2024', 'date')}""")
    # 6 payment card + salary about third party
    cc = card("mc", " ")
    case(c, "en", f"""The export job writes a debug CSV to a world-readable share. One row, to show the problem (I \
truncated everything else): employee Marguerite Oyelaran, annual base {L('GBP 48,250', 'employment_data')}, \
last review note "{L('final written warning issued 03/2024 for attendance', 'employment_data')}", corporate card \
{L(cc, 'payment_card')}. The file header is identical to what your docs show with the test card \
{D('4111 1111 1111 1111', 'payment_card')}.""")
    # 7 forum-ish post translated, shared secret in prose
    s = pw("rand")
    case(c, "en", f"""hello, sorry for my english. the radius server of the campus ({L('10.40.2.15', 'private_ip')}) use the \
same shared secret for all the access point. the shared secret we agreed on with the integrator is \
{L(s, 'password_assignment')} and it is printed in clear in the web UI backup. i think this is bad. \
regard, Tomasz""")
    # 8 clean narrative with reporter's signature and company contact
    case(c, "en", f"""Dear PSIRT,

I would like to report an authentication bypass in the Halvard Sentinel web console. Details are in the attached \
PDF (sha1 {N(hexs(40), 'hash')}). I tested only against my own lab appliance at {N('203.0.113.40', 'documentation_ip')}; \
no customer system was touched. The vendor's support line listed on the website, {N('+33 1 57 77 80 00', 'company_contact')}, \
told me to write here.

You can reach me on my mobile for this report: {N('+44 7700 900412', 'reporter_contact')}.

Best regards,
Oliver Strand
Strand Security Research Ltd, {N('Unit 4, 12 Mill Lane, Cambridge CB2 1RX', 'reporter_contact')}""",
         reporter_email="oliver@strandsec.co.uk")
    # 9 root shell with typed value
    p = pw("rand")
    case(c, "en", f"""Reproduction is trivial. The serial console of the gateway drops you to a U-Boot prompt; after \
`setenv bootargs init=/bin/sh` I was in. To get a proper login later I typed `{L(p, 'password_assignment')}` at \
the "su" prompt (it is the same on every unit I looked at, see the attached firmware strings dump) and got a \
root shell. The unit's management address was {L('192.168.77.1', 'private_ip')}.""")
    # 10 flight of a named traveller
    pn = pnr()
    tk = ticket_no()
    case(c, "en", f"""The booking-confirmation page leaks other customers' itineraries through the `ref` parameter. \
Example I got by changing one character: traveller HENDRICKS/AMELIA MS, booking reference {L(pn, 'travel_record')}, \
e-ticket {L(tk, 'travel_record')}, {L('KL1228 AMS-BGO 17MAY seat 23C', 'travel_record')}. Her mobile \
{L(uk_mobile(), 'phone_number')} is also in the page source.""")
    # 11 clean, docs values and look-alike ids
    case(c, "en", f"""Note on the sample data in my PoC: all contact details are fictional — {D('jane.doe@example.com', 'email_address')}, \
phone {D('(555) 010-4477', 'phone_number')}, card {D('4111111111111111', 'payment_card')}. The order ids look like card numbers \
but are not: {N('ORD-7730019928814', 'order_id')}, {N('ORD-7730019928822', 'order_id')}. The ISBN of the book I cite is \
{N('978-2-07-036822-8', 'isbn')}. The public IP of the test server is {N(pub_ip(), 'public_ip')}.""")
    # 12 SSN + DOB in an incident description
    sn = ssn()
    case(c, "en", f"""Second issue: the "forgot username" flow echoes back the account holder's full profile. For the \
account I used as a target (created by my colleague Ray Ostrowski, who consented), it showed SSN {L(sn, 'national_id')}, \
born {L('09/23/1981', 'date_of_birth')}, and the security answer. For the two other accounts I probed by mistake the \
page showed a date of birth of {L('1974-02-11', 'date_of_birth')} and an email {L('kpalermo.74@outlook.com', 'email_address')}.""")


def prose_fr():
    c = "prose_fr"
    # 1 passphrase, no keyword
    ph = pw("phrase")
    case(c, "fr", f"""Bonjour,

Le conteneur chiffré fourni avec l'outil de sauvegarde se déverrouille avec la phrase « {L(ph, 'password_assignment')} », \
identique sur toutes les installations que j'ai pu examiner (elle figure dans le binaire, voir l'offset \
{N('0x0004a3f0', 'offset')}). Version testée : {N('4.2.1', 'version')}.""")
    # 2 code PIN
    case(c, "fr", f"""Constat sur site (avec autorisation du client) : l'armoire réseau du 3e étage n'est protégée que par \
un digicode, et le code est {L('1815', 'password_assignment')} depuis l'installation — il est écrit au feutre sur la \
porte. Le commutateur à l'intérieur ({L('sw-etage3.siege.interne', 'internal_hostname')}) a la console ouverte.""")
    # 3 clean long report
    case(c, "fr", f"""Objet : injection de commande dans l'interface d'administration

Madame, Monsieur,

Je vous signale une injection de commande authentifiée dans le module de diagnostic (champ « ping »). Score \
{N('CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', 'cvss')}, soit 7,2. Le correctif semble absent de la version \
{N('9.0.4', 'version')} publiée le {N('12 mars 2024', 'date')}. Pour mes essais, le mot de passe administrateur \
a été remplacé par {N('xxxx', 'placeholder')} dans les captures jointes, et les jetons par {N('REDACTED', 'redacted')}.

Empreinte de l'archive : {N(sha256(), 'hash')}
Identifiant de suivi chez vous : {N('TLS-PSIRT-24-0311', 'order_id')}

Je reste joignable au {N('06 12 48 90 33', 'reporter_contact')}.
Cordialement,
Julien Mercadier""", reporter_email="j.mercadier@laposte.net")
    # 4 health data of third party: arrêt de travail
    case(c, "fr", f"""En modifiant l'identifiant dans l'URL du portail RH, j'ai pu afficher le dossier d'une autre salariée, \
Mme Sandrine Vautrin : {L('arrêt de travail du 4 au 29 mars pour dépression réactionnelle', 'health_data')}, \
{L('reconnaissance de travailleur handicapé (RQTH) en cours', 'health_data')}. Son numéro de sécurité sociale \
{L(nir('2'), 'national_id')} apparaît aussi dans l'en-tête. J'ai arrêté là.""")
    # 5 IBAN + salary
    ib = iban("FR")
    case(c, "fr", f"""Le fichier de paie exporté par l'API (sans authentification) contient pour chaque salarié le \
salaire et le RIB. Exemple, première ligne : Karim Belhadj — {L('salaire brut mensuel 3 412,50 €', 'employment_data')} — \
IBAN {L(ib, 'iban')}. Les montants des totaux ({N('1 284 330,00 €', 'amount')}) ne sont pas personnels.""")
    # 6 clean with company contact + SIRET
    case(c, "fr", f"""Bonjour, je suis chercheur indépendant. J'ai appelé le standard ({N('01 57 77 80 00', 'company_contact')}) \
qui m'a orienté vers {N(PSIRT, 'psirt_contact')}. Ma société : Vigie Numérique SAS, SIRET {N(siret(), 'siret')}. \
La vulnérabilité concerne le serveur {N('update.thalesgroup.com', 'public_hostname')} (IP publique {N(pub_ip(), 'public_ip')}). \
Le fichier de configuration joint ne contient que des valeurs par défaut : {N('${DB_PASSWORD}', 'placeholder')}, \
{N('your-password-here', 'placeholder')}.""", reporter_email="contact@vigie-numerique.fr")
    # 7 address + phone of third party, translated style
    case(c, "fr", f"""Pour montrer la fuite, voici un des enregistrements que l'API de livraison renvoie à n'importe qui : \
le colis de M. Thibault Garnier doit être livré au {L('17 rue des Tanneurs, 67000 Strasbourg', 'postal_address')}, \
téléphone {L(fr_mobile('dots'), 'phone_number')}, courriel {L('thibault.garnier67@free.fr', 'email_address')}. \
Le numéro de suivi ({N('6A19384756102', 'order_id')}) n'est pas sensible en soi.""")
    # 8 credential in prose after colon without keyword, with quote marks
    u = "svc_backup"
    p = pw("word")
    case(c, "fr", f"""Sur le NAS ({L('nas01.compta.local', 'internal_hostname')}), le compte {u} a gardé les identifiants \
d'usine. Je me suis connecté avec « {u} / {L(p, 'password_assignment')} » puis j'ai pu lister les partages \
« Paie » et « Direction ».""")
    # 9 passport number of third party + flight
    case(c, "fr", f"""Le module de réservation de déplacements professionnels expose, pour chaque mission, la copie \
du passeport du collaborateur. Pour M. Étienne Rocheteau : passeport n° {L(fr_passport(), 'identity_document')}, \
vol {L('AF1480 CDG–MAD le 22/05, siège 14A', 'travel_record')}, dossier {L(pnr(), 'travel_record')}.""")
    # 10 clean: dates not birth, amounts, reporter's own phone
    case(c, "fr", f"""Chronologie :
- {N('02/01/2024', 'date')} : découverte ;
- {N('05/01/2024', 'date')} : premier contact avec votre équipe ;
- {N('19/02/2024', 'date')} : relance.
La prime de bug bounty annoncée ({N('1 500 €', 'amount')}) ne me concerne pas, je ne la demande pas. \
Mon numéro, pour ce signalement uniquement : {N('07 81 22 64 09', 'reporter_contact')}. L'adresse interne \
{N('10.12.0.4', 'infrastructure_info')} de votre maquette apparaît dans les journaux mais rien d'autre.""",
         reporter_email="lea.fontanel@gmail.com")
    # 11 tax record
    case(c, "fr", f"""L'espace client permet de télécharger l'avis d'imposition de n'importe quel foyer en changeant \
le paramètre « foyer ». Exemple : numéro fiscal {L('30 12 345 678 901', 'tax_record')}, \
{L('impôt sur le revenu net : 4 218 €', 'tax_record')}, déclarant Mme Hélène Corbière, née le \
{L('14/07/1968', 'date_of_birth')}.""")
    # 12 Spanish DNI in French prose, with emoji
    case(c, "fr", f"""😬 Petite remarque : dans les fichiers de test du dépôt public, il y a de vraies pièces d'identité \
espagnoles apparemment. Par ex. DNI {L(dni(), 'national_id')} au nom de Lucía Ferrándiz, et un NIE \
{L(nie(), 'national_id')}. À retirer de l'historique git aussi.""")
    # 13 clean, hashes and UUIDs in a French ticket
    case(c, "fr", f"""Ticket n° {N('INC0048213', 'order_id')} — reproduction OK sur la préprod.
Identifiant de session de test : {N('********', 'placeholder')} (masqué).
UUID de l'objet : {N(uuid4(), 'uuid')}
Commit du correctif proposé : {N(git_sha(), 'git_sha')}
Empreinte GPG de ma clé : {N(fingerprint_hex(), 'fingerprint')}
OID du certificat fautif : {N('1.3.6.1.4.1.311.21.8', 'oid')}""")
    # 14 wrapped password in prose with "shared secret"
    s = pw("rand")
    case(c, "fr", f"""Le secret partagé entre le portail captif et le serveur RADIUS est le même chez tous les clients \
(je l'ai retrouvé dans trois sauvegardes différentes) : {L(s, 'password_assignment')}. Un attaquant sur le Wi-Fi invité \
peut donc forger des réponses Access-Accept.""")


def chat():
    c = "chat"
    # 1 Slack export en, token pasted
    t = slack_bot()
    case(c, "en", f"""[09:14] ravi.k: anyone know why the deploy bot stopped posting?
[09:15] mchen: prob the token rotated. old one was in the runbook
[09:15] mchen: {L(t, 'slack_token')}
[09:16] ravi.k: dude don't paste that here
[09:16] mchen: it's revoked anyway lol (it isn't, I checked later — reporter note)""")
    # 2 Teams fr, clean with placeholders
    case(c, "fr", f"""Camille Dufresne  10:02
Pour la démo de demain, mettez {N('<MOT_DE_PASSE>', 'placeholder')} dans les slides, pas le vrai.
Hugo Lemaire  10:04
ok, j'ai aussi masqué le jeton : Authorization: Bearer {N('[REDACTED]', 'redacted')}
Camille Dufresne  10:05
parfait. le serveur de démo c'est {N('demo.thalesgroup.com', 'public_hostname')}, build {N('3.8.0-rc2', 'version')}
Hugo Lemaire  10:05
👍""")
    # 3 WhatsApp fr, wifi code + address of third party
    wifi = pw("word")
    case(c, "fr", f"""[12/04/2024, 18:31:07] Maman: le code du wifi chez mamie c'est {L(wifi, 'password_assignment')}
[12/04/2024, 18:31:40] Maman: et son adresse pour le colis : {L('8 impasse des Glycines, 34170 Castelnau-le-Lez', 'postal_address')}
[12/04/2024, 18:32:02] Nicolas: merci 😘
[12/04/2024, 18:32:15] Maman: sa carte vitale c'est {L(nir('2'), 'national_id')} si la pharmacie demande""")
    # 4 IRC en, clean, fingerprints
    case(c, "en", f"""<kessler> verify the release with key {N(fingerprint_luhn(), 'fingerprint')}
<noor> the tarball sha256 is {N(sha256(), 'hash')}
<kessler> yes. and the host key for {N('git.kernel.org', 'public_hostname')} is the published one
<noor> npm lockfile has integrity {N(npm_integrity(), 'npm_integrity')}
<kessler> fine, ship {N('v1.22.4', 'version')}""")
    # 5 Slack en, GitHub PAT in a code block
    gh = github_token()
    case(c, "en", f"""**priya.s** 3:41 PM
can someone with admin rerun the mirror job? if you need it the CI uses
```
git clone https://x-access-token:{L(gh, 'github_token')}@github.com/halvard-io/firmware-private.git
```
**tom.w** 3:44 PM
on it. also the staging db is on {L('db-stg-02.int.halvard.io', 'internal_hostname')} now""")
    # 6 Teams fr, card read aloud
    cb = card("visa", " ")
    case(c, "fr", f"""[Support N2] Julie: le client n'arrive pas à payer, il m'a dicté sa carte pour que je teste : {L(cb, 'payment_card')} exp 09/27
[Support N2] Julie: cryptogramme {L('482', 'password_assignment', optional=True)}
[Support N2] Marc: NON ne mets jamais ça dans le canal !!!
[Support N2] Julie: pardon, je supprime""")
    # 7 Slack en, clean with order ids and UUID
    case(c, "en", f"""alex 11:02 ordered the replacement part, order {N('114-2239183-7728401', 'order_id')}
alex 11:03 ticket is {N(uuid4(), 'uuid')}
sam 11:05 budget line {N('$1,240.00', 'amount')} approved
sam 11:05 the password field on the form is `{N('your-password-here', 'placeholder')}` in the mockups, right?
alex 11:06 yep, nothing real""")
    # 8 WhatsApp fr, employment/disciplinary
    case(c, "fr", f"""[03/05/24 08:12] DRH - Agnès: pour info Laurent Pichon passe en entretien préalable lundi, \
{L('mise à pied conservatoire pour absences injustifiées', 'employment_data')}
[03/05/24 08:13] Manager - Yann: ok. son salaire reste versé ?
[03/05/24 08:14] DRH - Agnès: oui, {L('2 870 € net', 'employment_data')} jusqu'à la décision""")
    # 9 IRC fr, clean, private IP only
    case(c, "fr", f"""<gwen> le bastion répond sur {N('172.20.4.10', 'infrastructure_info')}, la préprod sur {N('preprod-app.interne.lan', 'infrastructure_info')}
<olivier> les identifiants sont dans le coffre, je ne les colle pas ici
<gwen> ok. version du paquet : {N('2:1.14.3-1ubuntu0.2', 'version')}
<olivier> et la date de la MEP : {N('30/04/2024', 'date')}""")
    # 10 Slack en, JWT pasted from devtools
    j = jwt({"sub": "u_88214", "name": "Rowan Achterberg", "role": "support_admin", "iat": 1712048211, "exp": 1712651011})
    case(c, "en", f"""jules: here's the token I grabbed from localStorage on the support portal, decode it and look at the role
jules: {L(j, 'jwt')}
kim: wow, exp is a week out and role is support_admin. that's Rowan's account btw
jules: yeah. reported.""")
    # 11 Teams fr, OpenAI key split by line wrap mention
    k = openai_key()
    case(c, "fr", f"""Thomas R. 14:20
quelqu'un a la clé de l'API pour le bot de résumé ? la mienne a expiré
Inès B. 14:22
prends celle de l'équipe : {L(k, 'ai_api_key')}
Thomas R. 14:22
merci ! (je la mets dans {N('${{OPENAI_API_KEY}}'.replace('{{','{').replace('}}','}'), 'placeholder')} côté CI)""")
    # 12 Discord en, clean with doc values
    case(c, "en", f"""[mod] Zephyr: reminder — when you post repro steps use {D('user@example.com', 'email_address')} and \
{N('192.0.2.10', 'documentation_ip')} style values, not real ones
[mod] Zephyr: and for cards use {D('4242 4242 4242 4242', 'payment_card')} (Stripe test)
[member] lin: got it. my own contact is in my profile
[member] lin: example webhook {N('https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX', 'placeholder')}""")


def config_file():
    c = "config_file"
    # 1 wpa_supplicant en
    psk = pw("word")
    case(c, "en", f"""# /etc/wpa_supplicant/wpa_supplicant-wlan0.conf  (from the kiosk image)
ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev
update_config=1
country=GB

network={{
    ssid="HALVARD-STAFF"
    psk="{L(psk, 'password_assignment')}"
    key_mgmt=WPA-PSK
}}

network={{
    ssid="HALVARD-EAP"
    key_mgmt=WPA-EAP
    eap=PEAP
    identity="kiosk07@halvard.local"
    password="{L(pw('rand'), 'password_assignment')}"
    phase2="auth=MSCHAPV2"
}}""")
    # 2 .pgpass fr
    case(c, "fr", f"""# ~/.pgpass du compte « exploit » — trouvé dans l'archive de sauvegarde
# hôte:port:base:utilisateur:motdepasse
{L('pg-prod-01.dc2.interne', 'internal_hostname')}:5432:facturation:app_factu:{L(pw('rand'), 'password_assignment')}
{L('10.8.3.21', 'private_ip')}:5432:*:replicator:{L(pw('word'), 'password_assignment')}
localhost:5433:test:test:{N('test', 'placeholder')}""")
    # 3 postfix sasl_passwd en
    case(c, "en", f"""# /etc/postfix/sasl_passwd
[smtp.sendgrid.net]:587 apikey:{L(sendgrid(), 'sendgrid_key', also='password_assignment')}
# old relay, disabled
#[{L('mail.halvard-old.lan', 'internal_hostname', optional=True)}]:25 relay@halvard-old.lan:{N('********', 'placeholder')}""")
    # 4 sssd.conf fr
    case(c, "fr", f"""[sssd]
services = nss, pam
domains = CORP

[domain/CORP]
id_provider = ldap
ldap_uri = ldaps://{L('ldap1.corp.ravelle.intra', 'internal_hostname')}
ldap_search_base = dc=corp,dc=ravelle,dc=intra
ldap_default_bind_dn = cn=svc-sssd,ou=services,dc=corp,dc=ravelle,dc=intra
ldap_default_authtok_type = password
ldap_default_authtok = {L(pw('rand'), 'password_assignment')}
# ne pas oublier de changer ce mot de passe après la migration (ticket {N('CHG-20931', 'order_id')})
cache_credentials = true""")
    # 5 clean redis.conf en
    case(c, "en", f"""# redis.conf (excerpt) — shipped default
bind 127.0.0.1 -::1
protected-mode yes
port 6379
# requirepass foobared
requirepass {N('${{REDIS_PASSWORD}}'.replace('{{', '{').replace('}}', '}'), 'placeholder')}
maxmemory 256mb
# release {N('7.2.4', 'version')}, sha1 of tarball {N(hexs(40), 'hash')}""")
    # 6 .netrc + .my.cnf fr
    case(c, "fr", f"""$ cat ~/.netrc
machine {N('api.github.com', 'public_hostname')} login deploy-bot password {L(github_token(), 'github_token', also='password_assignment')}
machine {L('nexus.build.interne', 'internal_hostname')} login ci password {L(pw('word'), 'password_assignment')}
$ cat ~/.my.cnf
[client]
user=rapport
password="{L(pw('rand'), 'password_assignment')}"
host={L('172.18.0.5', 'private_ip')}""")
    # 7 OpenVPN profile en with inline key
    key = ec_key()
    case(c, "en", f"""client
dev tun
proto udp
remote {N('vpn.halvard.io', 'public_hostname')} 1194
auth-user-pass
<ca>
{N(cert_pem(), 'certificate')}
</ca>
<key>
{L(key, 'private_key')}
</key>
verb 3""")
    # 8 clean NetworkManager profile fr
    case(c, "fr", f"""# /etc/NetworkManager/system-connections/Bureau.nmconnection (mot de passe stocké dans le trousseau)
[connection]
id=Bureau
uuid={N(uuid4(), 'uuid')}
type=wifi

[wifi]
ssid=BUREAU-5G

[wifi-security]
key-mgmt=wpa-psk
psk-flags=1

[ipv4]
method=auto
# passerelle {N('192.168.10.1', 'infrastructure_info')}""")
    # 9 fstab cifs credentials + smb cred file en
    case(c, "en", f"""# /etc/fstab
UUID={N(uuid4(), 'uuid')} /     ext4 defaults 0 1
//{L('fs02.ad.halvard.lan', 'internal_hostname')}/finance /mnt/finance cifs username=svc_scan,password={L(pw('word'), 'password_assignment')},vers=3.0 0 0
//{L('fs02.ad.halvard.lan', 'internal_hostname')}/hr /mnt/hr cifs credentials=/root/.smbcred,vers=3.0 0 0

# /root/.smbcred
username=svc_hr
password={L(pw('rand'), 'password_assignment')}
domain=HALVARD""")
    # 10 strongSwan ipsec.secrets fr
    case(c, "fr", f"""# /etc/ipsec.secrets — site Lyon <-> site Nantes
{L('10.20.0.1', 'private_ip')} {L('10.30.0.1', 'private_ip')} : PSK "{L(pw('rand'), 'password_assignment')}"
# accès nomades
: RSA /etc/ipsec.d/private/passerelle.pem
nomade-dupont : EAP "{L(pw('word'), 'password_assignment')}\"""")
    # 11 clean msmtprc en with passwordeval
    case(c, "en", f"""# ~/.msmtprc
defaults
auth on
tls on
tls_trust_file /etc/ssl/certs/ca-certificates.crt

account work
host {N('smtp.office365.com', 'public_hostname')}
port 587
from {N('me@strandsec.co.uk', 'reporter_contact')}
user {N('me@strandsec.co.uk', 'reporter_contact')}
passwordeval "pass show mail/work"

account default : work""", reporter_email="me@strandsec.co.uk")
    # 12 rclone.conf fr with obscured pass & s3 keys
    case(c, "fr", f"""# ~/.config/rclone/rclone.conf — récupéré sur le poste de sauvegarde
[s3-archives]
type = s3
provider = AWS
access_key_id = {L(aws_akid(), 'aws_access_key_id')}
secret_access_key = {L(aws_secret(), 'aws_secret_key')}
region = eu-west-3

[sftp-client]
type = sftp
host = {L('192.168.40.12', 'private_ip')}
user = archives
pass = {L(rs(40, B64U), 'password_assignment')}""")


def config_yaml():
    c = "config_yaml"
    # 1 spring application.yml en
    case(c, "en", f"""spring:
  datasource:
    url: jdbc:postgresql://{L('pgsql-billing.prod.halvard.lan', 'internal_hostname')}:5432/billing
    username: billing_app
    password: '{L(pw('rand'), 'password_assignment')}'
  mail:
    host: {N('smtp.gmail.com', 'public_hostname')}
    password: {N('${{MAIL_PASSWORD}}'.replace('{{', '{').replace('}}', '}'), 'placeholder')}
security:
  jwt:
    secret: {L(rs(48, B64), 'password_assignment')}
    expiration: 86400""")
    # 2 clean fr, settings that look like secrets
    case(c, "fr", f"""# politique de mots de passe (valeurs par défaut du produit)
politique:
  {N('password_min_length: 12', 'setting')}
  password_max_age_days: 90
  password_history: 5
  token_ttl: 3600
  secret_rotation: true
ldap:
  bind_password: {N('"********"', 'placeholder')}
  serveur: {N('ldap.interne.exemple', 'infrastructure_info')}
version: {N('"4.0.12"', 'version')}""")
    # 3 GitLab CI en
    case(c, "en", f"""# .gitlab-ci.yml
variables:
  DOCKER_DRIVER: overlay2
  GITLAB_TOKEN: "{L(gitlab_token(), 'gitlab_token')}"
  NPM_TOKEN: $CI_NPM_TOKEN

publish:
  stage: deploy
  script:
    - echo "//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}" > .npmrc
    - npm publish""")
    # 4 ansible vars fr, inventory with become pass
    case(c, "fr", f"""# group_vars/serveurs_paie.yml — non chiffré par erreur (ansible-vault oublié)
ansible_user: deploy
ansible_become_pass: "{L(pw('word'), 'password_assignment')}"
mysql_root_password: {L(pw('rand'), 'password_assignment')}
sauvegarde_cible: {L('10.50.1.9', 'private_ip')}
# contact d'astreinte : Gilles Moreau {L(fr_mobile(), 'phone_number')}""")
    # 5 docker-compose-like app config en, clean (vault refs)
    case(c, "en", f"""app:
  name: ticketing
  image: registry.halvard.io/ticketing@sha256:{N(sha256(), 'hash')}
  secrets:
    db_password: vault:secret/data/ticketing#db_password
    api_key: {N('"<API_KEY>"', 'placeholder')}
  cors:
    - {N('https://portal.thalesgroup.com', 'public_hostname')}
  build: {N(git_sha(), 'git_sha')}""")
    # 6 fr: config de supervision with webhook and SMTP
    case(c, "fr", f"""alertmanager:
  route:
    receiver: equipe-exploit
  receivers:
    - name: equipe-exploit
      slack_configs:
        - api_url: {L(slack_webhook(), 'slack_webhook')}
          channel: '#alertes-prod'
      email_configs:
        - to: {N('astreinte@ravelle.fr', 'company_contact')}
          smarthost: {L('smtp-relais.ravelle.intra', 'internal_hostname')}:25
          auth_username: alertes
          auth_password: {L(pw('word'), 'password_assignment')}""")
    # 7 en: OpenAPI example with docs values, clean
    case(c, "en", f"""components:
  schemas:
    User:
      type: object
      properties:
        email:
          type: string
          example: {D('jane.doe@example.com', 'email_address')}
        phone:
          type: string
          example: "{D('+1-202-555-0143', 'phone_number')}"
        apiKey:
          type: string
          example: {N('sk_test_xxxxxxxxxxxxxxxxxxxxxxxx', 'placeholder')}""")
    # 8 fr: hr app seed data yaml with personal data
    case(c, "fr", f"""# fixtures/salaries.yml (jeu de données « de test » — ce sont de vrais collaborateurs)
- nom: Bréhat
  prenom: Anaïs
  date_naissance: {L('1987-11-03', 'date_of_birth')}
  nir: "{L(nir('2', spaced=False), 'national_id')}"
  iban: {L(iban('FR', spaced=False), 'iban')}
  adresse: "{L('42 avenue Jean-Jaurès, 31400 Toulouse', 'postal_address')}"
- nom: Kervella
  prenom: Loïc
  date_naissance: {L('1979-06-21', 'date_of_birth')}
  nir: "{L(nir('1', spaced=False), 'national_id')}"
  salaire_annuel: {L('51800', 'employment_data')}""")
    # 9 en: Helm-ish values with stripe & sentry dsn
    case(c, "en", f"""payments:
  stripe:
    publishableKey: {N('pk_live_' + rs(24), 'publishable_key')}
    secretKey: {L(stripe('sk_live_'), 'stripe_key')}
    webhookSecret: {L('whsec_' + rs(32), 'password_assignment')}
  currency: EUR
  minAmount: {N('0.50', 'amount')}""")
    # 10 fr: clean, CVSS and versions, matrix
    case(c, "fr", f"""# matrice de versions affectées (annexe du rapport)
produit: Passerelle Ravelle
affectees:
  - {N('5.1.0', 'version')}
  - {N('5.1.3', 'version')}
corrigee: {N('5.2.0', 'version')}
score: "{N('CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 'cvss')}"
publication: {N('2024-06-18', 'date')}
contact: {N(PSIRT, 'psirt_contact')}""")
    # 11 en: k8s-style config with base64-free mongodb uri
    case(c, "en", f"""# config/production.yaml
mongo:
  uri: "{L('mongodb+srv://orders_rw:' + pwu() + '@cluster0.x7kq2.mongodb.net/orders?retryWrites=true', 'connection_string', also='url_credentials')}"
cache:
  redis: redis://{L('cache-01.prod.halvard.lan', 'internal_hostname')}:6379/0
telemetry:
  dsn: {N('https://public@sentry.example.com/1', 'placeholder')}""")
    # 12 fr: clean, netplan with private IPs
    case(c, "fr", f"""# /etc/netplan/01-lan.yaml — serveur de test
network:
  version: 2
  ethernets:
    eno1:
      addresses: [{N('10.0.42.15/24', 'infrastructure_info')}]
      routes:
        - to: default
          via: {N('10.0.42.1', 'infrastructure_info')}
      nameservers:
        addresses: [{N('9.9.9.9', 'public_ip')}, {N('1.1.1.1', 'public_ip')}]""")


def config_json():
    c = "config_json"
    # 1 GCP service account en
    pk = pkcs8_key().replace("\n", "\\n") + "\\n"
    case(c, "en", f"""{{
  "type": "service_account",
  "project_id": "halvard-analytics-prod",
  "private_key_id": "{N(hexs(40), 'hash')}",
  "private_key": "{L(pk, 'gcp_service_account', also='private_key')}",
  "client_email": "bq-export@halvard-analytics-prod.iam.gserviceaccount.com",
  "client_id": "{rs(21, DI)}",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
  "token_uri": "https://oauth2.googleapis.com/token"
}}""")
    # 2 clean fr package.json
    case(c, "fr", f"""{{
  "name": "portail-adherents",
  "version": "{N('2.7.1', 'version')}",
  "description": "Portail des adhérents — aucune donnée réelle",
  "author": "Équipe Web <{N('web@ravelle.fr', 'company_contact')}>",
  "dependencies": {{
    "express": "^4.19.2"
  }},
  "_integrity": "{N(npm_integrity(), 'npm_integrity')}",
  "_resolved": "https://registry.npmjs.org/express/-/express-4.19.2.tgz"
}}""")
    # 3 en appsettings.json ADO.NET
    case(c, "en", f"""{{
  "ConnectionStrings": {{
    "Default": "{L('Server=' + 'sqlprod03.halvard.lan' + ',1433;Database=Claims;User Id=claims_svc;Password=' + pw('word') + ';TrustServerCertificate=True', 'connection_string')}",
    "Storage": "{L('DefaultEndpointsProtocol=https;AccountName=halvardclaims;AccountKey=' + base64.b64encode(rand_bytes(64)).decode() + ';EndpointSuffix=core.windows.net', 'azure_connection_string')}"
  }},
  "Logging": {{ "LogLevel": {{ "Default": "Warning" }} }}
}}""")
    # 4 fr .vscode/settings / sftp.json
    case(c, "fr", f"""// .vscode/sftp.json — commité par erreur dans le dépôt public
{{
  "name": "Serveur recette",
  "host": "{L('192.168.1.240', 'private_ip')}",
  "protocol": "sftp",
  "port": 22,
  "username": "webmaster",
  "password": "{L(pw('word'), 'password_assignment')}",
  "remotePath": "/var/www/recette",
  "uploadOnSave": true
}}""")
    # 5 en clean: composer.lock style with hashes
    case(c, "en", f"""{{
  "packages": [
    {{
      "name": "monolog/monolog",
      "version": "{N('3.5.0', 'version')}",
      "source": {{ "type": "git", "reference": "{N(git_sha(), 'git_sha')}" }},
      "dist": {{ "shasum": "{N(hexs(40), 'hash')}" }}
    }}
  ],
  "content-hash": "{N(hexs(32), 'hash')}",
  "plugin-api-version": "2.6.0"
}}""")
    # 6 fr Firebase / google key + fcm
    case(c, "fr", f"""{{
  "projet": "appli-mutuelle",
  "firebase": {{
    "apiKey": "{L(google_key(), 'google_api_key')}",
    "authDomain": "appli-mutuelle.firebaseapp.com",
    "messagingSenderId": "{N(rs(12, DI), 'order_id')}"
  }},
  "support": "{N('support@mutuelle-ravelle.fr', 'company_contact')}"
}}""")
    # 7 en .npmrc equivalent as json (vscode settings) + npm token
    case(c, "en", f"""{{
  "registries": {{
    "npmjs": {{
      "url": "https://registry.npmjs.org/",
      "token": "{L(npm_token(), 'npm_token')}"
    }},
    "pypi": {{
      "url": "https://upload.pypi.org/legacy/",
      "username": "__token__",
      "password": "{L(pypi_token(), 'pypi_token')}"
    }}
  }}
}}""")
    # 8 fr: clean, i18n file with word "mot de passe"
    case(c, "fr", f"""{{
  "login.password.label": "Mot de passe",
  "login.password.placeholder": "{N('Saisissez votre mot de passe', 'placeholder')}",
  "login.token.hint": "Le jeton ressemble à {N('xxxx-xxxx-xxxx', 'placeholder')}",
  "errors.password.too_short": "Au moins {N('12', 'setting')} caractères",
  "footer.phone": "Standard : {N('01 45 67 89 10', 'company_contact')}"
}}""")
    # 9 en: Docker config.json auths
    case(c, "en", f"""$ cat ~/.docker/config.json
{{
  "auths": {{
    "{L('registry.ci.halvard.lan', 'internal_hostname')}:5000": {{
      "auth": "{L(b64('ci-pusher:' + pw('word')), 'password_assignment', also='authorization_header')}"
    }},
    "https://index.docker.io/v1/": {{}}
  }},
  "credsStore": "desktop"
}}""")
    # 10 fr: personal data in json config (tests)
    case(c, "fr", f"""{{
  "jeu_de_test": "clients_reels_copie",
  "client": {{
    "nom": "Odile Ferracci",
    "email": "{L('odile.ferracci@orange.fr', 'email_address')}",
    "telephone": "{L(fr_mobile('intl'), 'phone_number')}",
    "carte": "{L(card('cb'), 'payment_card')}",
    "date_de_naissance": "{L('1952-04-30', 'date_of_birth')}"
  }}
}}""")
    # 11 en: Twilio + sendgrid
    case(c, "en", f"""{{
  "notifications": {{
    "twilio": {{
      "accountSid": "AC{hexs(32)}",
      "apiKey": "{L(twilio_sk(), 'twilio_key')}",
      "apiSecret": "{L(rs(32), 'twilio_key', also='password_assignment')}",
      "from": "{N('+1 415 555 0100', 'company_contact')}"
    }},
    "sendgrid": {{ "key": "{L(sendgrid(), 'sendgrid_key')}" }}
  }}
}}""")
    # 12 fr: clean tsconfig-ish with UUIDs and OIDs
    case(c, "fr", f"""{{
  "identifiant_tenant": "{N(uuid4(), 'uuid')}",
  "certificat": {{
    "oid_politique": "{N('1.2.250.1.223.1.1.2', 'oid')}",
    "empreinte_sha256": "{N(sha256(), 'hash')}"
  }},
  "serveur_interne": "{N('10.3.7.22', 'infrastructure_info')}",
  "motDePasse": "{N('REDACTED', 'redacted')}"
}}""")


def env_file():
    c = "env_file"
    # 1 en Laravel .env
    case(c, "en", f"""APP_NAME=Halvard
APP_ENV=production
APP_KEY=base64:{L(base64.b64encode(rand_bytes(32)).decode(), 'password_assignment')}
APP_DEBUG=false
DB_CONNECTION=mysql
DB_HOST={L('10.1.12.40', 'private_ip')}
DB_DATABASE=halvard
DB_USERNAME=halvard
DB_PASSWORD={L(pw('word'), 'password_assignment')}
MAIL_PASSWORD=null
STRIPE_SECRET={L(stripe('sk_live_'), 'stripe_key')}""")
    # 2 fr clean .env.example
    case(c, "fr", f"""# .env.example — copiez ce fichier en .env et remplissez les valeurs
BASE_URL=http://localhost:8080
DB_HOST=localhost
DB_USER=app
DB_PASSWORD={N('changeme', 'placeholder')}
JWT_SECRET={N('<mettre-un-secret-ici>', 'placeholder')}
AWS_ACCESS_KEY_ID={D('AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id')}
AWS_SECRET_ACCESS_KEY={D('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_key')}
SMTP_PASS=
# longueur minimale du mot de passe
{N('PASSWORD_MIN_LENGTH=12', 'setting')}""")
    # 3 en AI keys
    case(c, "en", f"""# .env.local (found in the Next.js build output under .next/standalone)
ANTHROPIC_API_KEY={L(anthropic_key(), 'ai_api_key')}
OPENAI_API_KEY="{L(openai_key(), 'ai_api_key')}"
NEXT_PUBLIC_SITE_URL={N('https://assist.thalesgroup.com', 'public_hostname')}""")
    # 4 fr Django env with DATABASE_URL
    case(c, "fr", f"""# /srv/intranet/.env — serveur {L('intranet-web01.siege.local', 'internal_hostname')}
DJANGO_SECRET_KEY='{L(rs(50, LO + DI + "!@#%^&*(-_=+)"), 'password_assignment')}'
DATABASE_URL={L('postgres://intranet:' + pwu() + '@10.4.0.11:5432/intranet', 'connection_string', also='url_credentials')}
EMAIL_HOST_PASSWORD={L(pw('word'), 'password_assignment')}
DEBUG=False""")
    # 5 en clean: docker env with references
    case(c, "en", f"""POSTGRES_USER=app
POSTGRES_PASSWORD_FILE=/run/secrets/pg_password
REDIS_URL=redis://redis:6379/0
SENTRY_RELEASE={N(git_sha(), 'git_sha')}
GITHUB_TOKEN=${{{{ secrets.GITHUB_TOKEN }}}}
API_KEY={N('${API_KEY}', 'placeholder')}
BUILD_DATE={N('2024-05-02T17:03:55+02:00', 'timestamp')}""")
    # 6 fr slack + github fine-grained
    case(c, "fr", f"""# variables du bot de déploiement (poste de Mathieu)
SLACK_BOT_TOKEN={L(slack_bot(), 'slack_token')}
SLACK_SIGNING_SECRET={L(hexs(32), 'password_assignment')}
GH_TOKEN={L(github_pat_fine(), 'github_token')}
CANAL=#deploiements""")
    # 7 en Azure SAS + twilio
    sas = ("sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2025-12-31T23:59:59Z&st=2024-01-01T00:00:00Z&spr=https&sig="
           + base64.b64encode(rand_bytes(32)).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D"))
    case(c, "en", f"""AZURE_STORAGE_SAS_TOKEN="{L('?' + sas, 'azure_sas_token')}"
AZURE_STORAGE_ACCOUNT=halvardmedia
TWILIO_API_KEY={L(twilio_sk(), 'twilio_key')}
TWILIO_AUTH_TOKEN={L(hexs(32), 'twilio_key', also='password_assignment')}""")
    # 8 fr clean: systemd EnvironmentFile with settings
    case(c, "fr", f"""# /etc/default/collecteur
COLLECTEUR_PORT=9100
COLLECTEUR_INTERVALLE=30
COLLECTEUR_CIBLE={N('10.99.0.3', 'infrastructure_info')}
TLS_EMPREINTE={N(fingerprint_hex(), 'fingerprint')}
MOT_DE_PASSE={N('***', 'redacted')}""")
    # 9 en gitlab + npm + pypi
    case(c, "en", f"""export GITLAB_PRIVATE_TOKEN={L(gitlab_token(), 'gitlab_token')}
export NPM_TOKEN={L(npm_token(), 'npm_token')}
export TWINE_USERNAME=__token__
export TWINE_PASSWORD={L(pypi_token(), 'pypi_token')}""")
    # 10 fr: env with personal data (admin bootstrap)
    case(c, "fr", f"""# amorçage du compte administrateur (ne pas commiter !)
ADMIN_NOM="Bérangère Lacombe"
ADMIN_EMAIL={L('berangere.lacombe@sfr.fr', 'email_address')}
ADMIN_TEL={L(fr_mobile('raw'), 'phone_number')}
ADMIN_MDP={L(pw('word'), 'password_assignment')}
ADMIN_SSO_URL={N('https://sso.thalesgroup.com/realms/main', 'public_hostname')}""")
    # 11 en clean: .env with documentation values only
    case(c, "en", f"""# sample .env from the README
SUPPORT_EMAIL={D('support@example.org', 'email_address')}
SUPPORT_PHONE="{D('+1 212 555 0123', 'phone_number')}"
ALLOWED_IPS={N('203.0.113.0/24', 'documentation_ip')},{N('198.51.100.7', 'documentation_ip')}
SESSION_SECRET={N('<generate with openssl rand -hex 32>', 'placeholder')}""")
    # 12 fr: URL credentials (not DB) in env, ftp + smtp
    case(c, "fr", f"""FTP_DEPOT={L('ftp://depot:' + pwu() + '@ftp.imprimerie-ravelle.fr/entrant', 'url_credentials')}
WEBHOOK_TEAMS={N('https://outlook.office.com/webhook/<ID>', 'placeholder')}
PROXY={L('http://jdurand:' + pwu() + '@' + 'proxy.siege.local' + ':3128', 'url_credentials')}""")


def http_request():
    c = "http_request"
    # 1 en Basic auth
    basic = b64("svc_monitor:" + pw("word"))
    case(c, "en", f"""GET /api/v1/devices?limit=50 HTTP/1.1
Host: {L('nms.corp.halvard.lan', 'internal_hostname')}
User-Agent: curl/8.5.0
Accept: application/json
Authorization: Basic {L(basic, 'authorization_header')}

""")
    # 2 fr Bearer JWT
    j = jwt({"sub": "4021", "email": "m.perrault@ravelle.fr", "roles": ["admin"], "exp": 1717243200}, "RS256")
    case(c, "fr", f"""Requête interceptée avec Burp (l'en-tête montre le jeton d'un autre utilisateur récupéré via la faille) :

POST /admin/export HTTP/2
Host: {N('portail.ravelle.fr', 'public_hostname')}
Content-Type: application/json
Authorization: Bearer {L(j, 'authorization_header', also='jwt')}
Content-Length: 27

{{"format":"csv","all":true}}""")
    # 3 en clean redacted request
    case(c, "en", f"""POST /oauth/token HTTP/1.1
Host: {N('login.thalesgroup.com', 'public_hostname')}
Content-Type: application/x-www-form-urlencoded
Authorization: Basic {N('[REDACTED]', 'redacted')}
X-Request-ID: {N(uuid4(), 'uuid')}

grant_type=client_credentials&client_id=lab-test&client_secret={N('********', 'placeholder')}""")
    # 4 fr cookie session
    case(c, "fr", f"""GET /mon-compte/factures HTTP/1.1
Host: {N('espace-client.ravelle.fr', 'public_hostname')}
Cookie: _ga=GA1.2.{rs(9, DI)}.{rs(10, DI)}; PHPSESSID={L(rs(26, LO + DI), 'session_cookie')}; lang=fr
Referer: https://espace-client.ravelle.fr/connexion
Accept-Language: fr-FR,fr;q=0.9""")
    # 5 en login form body with password
    p = pw("word")
    case(c, "en", f"""POST /login HTTP/1.1
Host: {L('10.60.5.8', 'private_ip')}:8443
Content-Type: application/x-www-form-urlencoded
Content-Length: 52

username=jmarsh&password={L(p.replace('@', '%40').replace('#', '%23').replace('$', '%24').replace('&', '%26'), 'password_assignment')}&remember=1""")
    # 6 fr API key in query string
    case(c, "fr", f"""GET /maps/api/geocode/json?address=10+rue+de+la+Paix&key={L(google_key(), 'google_api_key')} HTTP/1.1
Host: {N('maps.googleapis.com', 'public_hostname')}
Origin: https://livraison.ravelle.fr""")
    # 7 en clean: request with CSRF token, etag, trace ids
    case(c, "en", f"""PUT /api/profile HTTP/1.1
Host: {N('app.thalesgroup.com', 'public_hostname')}
X-CSRF-Token: {N('<csrf>', 'placeholder')}
If-None-Match: "{N(hexs(32), 'hash')}"
traceparent: 00-{N(hexs(32), 'hash')}-{hexs(16)}-01
Content-Type: application/json

{{"displayName":"test-account-01","timezone":"Europe/Paris"}}""")
    # 8 fr: IDOR body with personal data of third party
    case(c, "fr", f"""PATCH /api/adherents/88213 HTTP/1.1
Host: {N('api.mutuelle-ravelle.fr', 'public_hostname')}
Authorization: Bearer {N('<mon-jeton>', 'placeholder')}
Content-Type: application/json

{{"iban":"{L(iban('FR', spaced=False), 'iban')}","adresse":"{L('5 chemin du Moulin, 44300 Nantes', 'postal_address')}","telephone":"{L(fr_mobile('raw'), 'phone_number')}"}}

(l'adhérent 88213 n'est pas moi : la requête modifie le RIB d'un tiers)""")
    # 9 en: GitHub token header
    case(c, "en", f"""GET /repos/halvard-io/infra/contents/secrets.tfvars HTTP/1.1
Host: api.github.com
Authorization: token {L(github_token(), 'authorization_header', also='github_token')}
Accept: application/vnd.github.raw""")
    # 10 fr clean: ISO-8601, amounts, order ids
    case(c, "fr", f"""POST /api/commandes HTTP/1.1
Host: {N('boutique.ravelle.fr', 'public_hostname')}
Content-Type: application/json
Idempotency-Key: {N(uuid4(), 'uuid')}

{{"commande":"{N('CMD-2024-004417', 'order_id')}","montant":"{N('149,90', 'amount')}","date":"{N('2024-04-09T10:11:12Z', 'timestamp')}","isbn":"{N('9782070368228', 'isbn')}"}}""")
    # 11 en: X-Api-Key + slack webhook posting
    case(c, "en", f"""POST {L(slack_webhook(), 'slack_webhook')} HTTP/1.1
Content-Type: application/json

{{"text":"nightly backup OK on {L('bkp-02.dc1.halvard.lan', 'internal_hostname')}"}}""")
    # 12 fr: proxy-authorization + url credentials
    case(c, "fr", f"""GET http://{N('intranet.ravelle.fr', 'public_hostname')}/ HTTP/1.1
Proxy-Authorization: Basic {L(b64('j.lenoir:' + pw('word')), 'authorization_header')}
Host: intranet.ravelle.fr
Connection: keep-alive""")


def http_response():
    c = "http_response"
    # 1 en Set-Cookie session + debug json
    case(c, "en", f"""HTTP/1.1 200 OK
Server: nginx
Content-Type: application/json
Set-Cookie: session={L(rs(43, B64U), 'session_cookie')}; Path=/; HttpOnly; Secure
X-Backend: {L('app-07.prod.halvard.lan', 'internal_hostname')}

{{"status":"ok","user":"qa-test-01"}}""")
    # 2 fr clean 401 with redaction
    case(c, "fr", f"""HTTP/1.1 401 Unauthorized
Date: {N('Tue, 14 May 2024 08:21:44 GMT', 'timestamp')}
WWW-Authenticate: Bearer realm="api", error="invalid_token"
Content-Type: application/json; charset=utf-8

{{"erreur":"jeton invalide","jeton_recu":"{N('eyJ***', 'redacted')}","trace":"{N(uuid4(), 'uuid')}"}}""")
    # 3 en IDOR user record
    case(c, "en", f"""HTTP/2 200
content-type: application/json

{{"id":7731,"name":"Deirdre Kavanagh","email":"{L('deirdre.kav@gmail.com', 'email_address')}","phone":"{L(uk_mobile(), 'phone_number')}",
 "dob":"{L('1990-08-14', 'date_of_birth')}","address":"{L('Flat 3, 27 Carlow Road, Dublin 6W, D6W Y2K9', 'postal_address')}",
 "ni_number":"{L(nino(), 'national_id')}"}}""")
    # 4 fr debug response leaks env
    case(c, "fr", f"""HTTP/1.1 500 Internal Server Error
Content-Type: text/plain

Erreur : connexion impossible à la base
DSN utilisé : {L('mysql://gestion:' + pwu() + '@' + '10.2.30.7' + ':3306/gestion', 'connection_string', also='url_credentials')}
Contactez l'administrateur.""")
    # 5 en clean: security headers, public key pinning
    case(c, "en", f"""HTTP/1.1 200 OK
Strict-Transport-Security: max-age=63072000; includeSubDomains
Public-Key-Pins: pin-sha256="{N(base64.b64encode(rand_bytes(32)).decode(), 'public_key')}"; max-age=5184000
ETag: W/"{N(hexs(40), 'hash')}"
X-Served-By: {N('cache-par-lfpg1960048-PAR', 'public_hostname')}
Content-Length: 0""")
    # 6 fr: token returned by OAuth endpoint
    at = jwt({"iss": "https://auth.ravelle.fr", "sub": "svc-facturation", "scope": "factures:write", "exp": 1735689600}, "RS256")
    case(c, "fr", f"""HTTP/1.1 200 OK
Content-Type: application/json

{{"access_token":"{L(at, 'jwt')}","token_type":"Bearer","expires_in":3600,"refresh_token":"{L(rs(64, B64U), 'password_assignment', optional=True)}"}}""")
    # 7 en: AWS metadata credentials (SSRF)
    case(c, "en", f"""HTTP/1.1 200 OK
Content-Type: text/plain

{{
  "Code" : "Success",
  "LastUpdated" : "{N('2024-05-20T11:03:12Z', 'timestamp')}",
  "Type" : "AWS-HMAC",
  "AccessKeyId" : "{L(aws_akid('ASIA'), 'aws_access_key_id')}",
  "SecretAccessKey" : "{L(aws_secret(), 'aws_secret_key')}",
  "Token" : "{L('IQoJb3JpZ2luX2VjE' + rs(300, B64), 'password_assignment', optional=True)}",
  "Expiration" : "{N('2024-05-20T17:27:45Z', 'timestamp')}"
}}""")
    # 8 fr clean: directory listing with dates and sizes
    case(c, "fr", f"""HTTP/1.1 200 OK
Content-Type: text/html

Index of /exports/
rapport-annuel-2023.pdf   {N('12-Mar-2024 10:14', 'timestamp')}   2.1M
catalogue.csv             {N('02-Apr-2024 16:40', 'timestamp')}   88K
LISEZMOI.txt              {N('02-Apr-2024 16:41', 'timestamp')}   1.2K
(aucun fichier personnel ; serveur interne {N('172.16.8.4', 'infrastructure_info')})""")
    # 9 en: FHIR Patient + Condition (json_api-like but inside http capture)
    case(c, "en", f"""HTTP/1.1 200 OK
Content-Type: application/fhir+json

{{"resourceType":"Condition","id":"c-55102","subject":{{"reference":"Patient/p-9913","display":"Harold Nkemelu"}},
 "code":{{"coding":[{{"system":"http://snomed.info/sct","code":"{L('44054006', 'health_data')}","display":"{L('Diabetes mellitus type 2', 'health_data')}"}}]}},
 "onsetDateTime":"{N('2019-03-02', 'date')}"}}""")
    # 10 fr: password hash leaked
    case(c, "fr", f"""HTTP/1.1 200 OK
Content-Type: application/json

{{"utilisateurs":[{{"login":"rchevalier","hash":"{L(bcrypt(), 'password_hash')}"}},{{"login":"admin","hash":"{L(sha_crypt(), 'password_hash')}"}}],
 "total":2}}""")
    # 11 en clean: redirect with state/nonce
    case(c, "en", f"""HTTP/1.1 302 Found
Location: https://login.thalesgroup.com/authorize?response_type=code&client_id=portal&state={N(hexs(32), 'hash')}&nonce={N(uuid4(), 'uuid')}&redirect_uri=https%3A%2F%2Fportal.thalesgroup.com%2Fcb
Set-Cookie: oauth_state=deleted; Max-Age=0
Cache-Control: no-store""")
    # 12 fr: card + cvv in payment response debug
    case(c, "fr", f"""HTTP/1.1 200 OK
Content-Type: application/json
X-Debug: true

{{"transaction":"{N('TRX-884120-FR', 'order_id')}","statut":"refusée","carte":{{"numero":"{L(card('mc'), 'payment_card')}","expiration":"11/26","titulaire":"Rémi Castagné"}},"montant":"{N('89,00 EUR', 'amount')}"}}""")


def email_message():
    c = "email_message"
    # 1 en full message with quoted reply containing password at > > level
    p = pw("word")
    case(c, "en", f"""From: Dana Whitcombe <{N('dana.whitcombe@proton.me', 'reporter_contact')}>
To: {N(PSIRT, 'psirt_contact')}
Subject: Re: [PSIRT-2024-0917] default credentials on Sentinel appliance
Date: {N('Wed, 13 Mar 2024 10:02:41 +0000', 'timestamp')}
Message-ID: <{N(uuid4(), 'uuid')}@proton.me>

Hi,

See below — the installer's own mail to the customer contained it.

> On 12 Mar 2024, Halvard Support wrote:
> > Dear customer, your appliance is ready. Log in at https://{L('10.9.0.2', 'private_ip')}/ with
> > admin and {L(p, 'password_assignment')} and change it at first login.
> > Kind regards

Dana
--
Dana Whitcombe | independent researcher | {N('+1 (503) 555-0188', 'reporter_contact')}""", reporter_email="dana.whitcombe@proton.me")
    # 2 fr clean message with signature
    case(c, "fr", f"""De : Léa Fontanel <{N('lea.fontanel@gmail.com', 'reporter_contact')}>
À : {N(PSIRT, 'psirt_contact')}
Cc : {N(CNA, 'psirt_contact')}
Objet : Demande de CVE – contournement d'authentification
Date : {N('lun. 6 mai 2024 09:15:02 +0200', 'timestamp')}

Bonjour,

Je vous transmets l'avis préliminaire. Le vecteur est {N('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'cvss')}.
Les captures ont été anonymisées ({N('[masqué]', 'redacted')} partout où un jeton apparaissait).

Bien cordialement,
Léa Fontanel
Chercheuse en sécurité
{N('07 81 22 64 09', 'reporter_contact')}
{N('12 rue Paul-Bert, 69003 Lyon', 'reporter_contact')}""", reporter_email="lea.fontanel@gmail.com")
    # 3 en forwarded HR email with salary + health
    case(c, "en", f"""From: "Payroll" <{L('payroll@halvard.io', 'email_address', optional=True)}>
To: Ken Ishida <{L('k.ishida@halvard.io', 'email_address')}>
Subject: FW: adjustments for May

---------- Forwarded message ---------
From: HR Ops <{L('hr-ops@halvard.io', 'email_address', optional=True)}>

Ken, please process:
 - Bianca Ferreira: {L('salary increase to USD 92,000 effective 1 May', 'employment_data')}
 - Owen Lasky: {L('unpaid leave; medical certificate states chronic lumbar disc herniation', 'health_data')}
 - Owen's new bank account: {L(iban('GB'), 'iban')}

(I found this email in the mail archive exposed by the vulnerability.)""")
    # 4 fr: email with RIB and address of third party, quoted
    case(c, "fr", f"""From: {N('comptabilite@cabinet-ravelle.fr', 'company_contact')}
To: {N('fournisseurs@cabinet-ravelle.fr', 'company_contact')}
Subject: Re: changement de coordonnées bancaires

> Bonjour, suite à mon déménagement voici mes nouvelles coordonnées :
> M. Arnaud Besnard
> {L('3 allée des Pruniers, 49100 Angers', 'postal_address')}
> IBAN : {L(iban('FR'), 'iban')}
> Tél. : {L(fr_landline(), 'phone_number')}

C'est noté, merci.
-- 
Service comptabilité — standard {N('02 41 00 00 00', 'company_contact')}""")
    # 5 en clean newsletter-ish with unsubscribe and ids
    case(c, "en", f"""Return-Path: <bounce-{N(hexs(24), 'hash')}@mail.thalesgroup.com>
From: Thales PSIRT <{N(PSIRT, 'psirt_contact')}>
To: {N('oliver@strandsec.co.uk', 'reporter_contact')}
Subject: Acknowledgement of your report {N('TLS-PSIRT-24-0455', 'order_id')}
Date: {N('Thu, 21 Mar 2024 14:00:00 +0100', 'timestamp')}

Dear researcher,
We acknowledge receipt of your report. Our reference is TLS-PSIRT-24-0455. Please use our PGP key
(fingerprint {N(fingerprint_luhn(), 'fingerprint')}) for further exchanges.
Press enquiries: {N('press@thalesgroup.com', 'company_contact')}""", reporter_email="oliver@strandsec.co.uk")
    # 6 fr: email with travel itinerary of third party
    case(c, "fr", f"""Objet : Votre voyage – confirmation
De : Agence Voyages Pro <confirmation@voyages-pro.example.fr>
À : Mme Claire Dumoulin <{L('claire.dumoulin@wanadoo.fr', 'email_address')}>

Madame Dumoulin,
Référence de réservation : {L(pnr(), 'travel_record')}
Billet électronique : {L(ticket_no(), 'travel_record')}
{L('TGV INOUI 6611 Paris Gare de Lyon → Marseille, 18/06, voiture 14 place 62', 'travel_record')}
Passeport enregistré : {L(fr_passport(), 'identity_document')}

(courriel récupéré dans la boîte partagée accessible sans authentification)""")
    # 7 en: email with private key attachment inline
    case(c, "en", f"""From: {N('ops-bot@halvard.io', 'company_contact')}
To: {N('ops@halvard.io', 'company_contact')}
Subject: new deploy key for {L('git.int.halvard.io', 'internal_hostname')}
Content-Type: text/plain; charset=us-ascii

Here's the new key, install on the runners:

{L(openssh_key(), 'private_key')}

Public half: {N(ssh_pub('deploy@runner'), 'public_key')}""")
    # 8 fr clean: auto-reply with company contacts
    case(c, "fr", f"""From: support@ravelle.fr
Subject: Réponse automatique : [Ticket#{N('2024051210000037', 'order_id')}]
Date: {N('12 mai 2024 à 11:04', 'timestamp')}

Bonjour,
Nous avons bien reçu votre demande. Notre service client est joignable au {N('09 69 32 10 10', 'company_contact')}
(du lundi au vendredi) ou à {N('service.client@ravelle.fr', 'company_contact')}.
Ne répondez pas avec votre mot de passe : nous ne le demandons jamais ({N('********', 'placeholder')}).""")
    # 9 en: password reset mail with token link
    tok = rs(40, B64U)
    case(c, "en", f"""Delivered-To: {L('victim.test@halvard-lab.io', 'email_address', optional=True)}
From: no-reply@halvard.io
Subject: Reset your password

Click to reset: https://portal.halvard.io/reset?user=7731&token={L(tok, 'password_assignment')}
This link was ALSO sent to the attacker-controlled address because of the Host-header injection.
Temporary PIN for phone support: {L('604218', 'password_assignment')}""")
    # 10 fr: email with Italian codice fiscale + DOB in signature block of third party
    cf = codice_fiscale("Santoro", "Giulia", 85, 3, 17, True, "F205")
    case(c, "fr", f"""De : Giulia Santoro <{L('g.santoro85@libero.it', 'email_address')}>
À : {N('recrutement@ravelle.fr', 'company_contact')}
Objet : candidature – pièces justificatives

Bonjour, ci-joint mes documents. Codice fiscale : {L(cf, 'national_id')}, née le {L('17/03/1985', 'date_of_birth')} à Milan.
Portable : {L('+39 347 ' + rs(7, DI), 'phone_number')}

(email trouvé dans le bucket « candidatures » public)""")
    # 11 en clean with docs example addresses and reporter phone
    case(c, "en", f"""From: Oliver Strand <{N('oliver@strandsec.co.uk', 'reporter_contact')}>
To: {N(PSIRT, 'psirt_contact')}
Subject: PoC accounts

For the PoC I created two accounts, {D('alice@example.test', 'email_address')} and {D('bob@example.invalid', 'email_address')}.
My phone if you need a call: {N('+44 7700 900412', 'reporter_contact')}. Build tested: {N('7.3.2', 'version')}.
--
Oliver""", reporter_email="oliver@strandsec.co.uk")
    # 12 fr: email where SSN-like FR NIR appears in attachment name
    n = nir('1', spaced=False)
    case(c, "fr", f"""From: {N('rh@ravelle.fr', 'company_contact')}
To: {N('mutuelle@ravelle.fr', 'company_contact')}
Subject: affiliation
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: application/pdf; name="attestation_{L(n, 'national_id')}_Poulain.pdf"

Veuillez affilier M. Fabrice Poulain (entrée le {N('01/06/2024', 'date')}).
--b1--""")


def markdown_report():
    c = "markdown_report"
    # 1 en report with curl fence
    case(c, "en", f"""## 3. Proof of concept

```bash
curl -sk -u admin:{L(pw('word'), 'password_assignment')} https://{L('172.21.3.14', 'private_ip')}/cgi-bin/diag.cgi \\
  --data 'host=127.0.0.1;id'
```

Response: `uid=0(root) gid=0(root)`

| Item | Value |
|---|---|
| Version | {N('4.6.2', 'version')} |
| CVSS | {N('CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', 'cvss')} |""")
    # 2 fr clean report
    case(c, "fr", f"""# Rapport de vulnérabilité — Ravelle Gestion {N('8.2', 'version')}

## Résumé
Une injection SQL aveugle permet d'extraire la table `utilisateurs`. **Aucune donnée n'a été extraite** : la preuve
se limite à `SELECT @@version` qui renvoie {N('10.6.16-MariaDB', 'version')}.

## Environnement
- maquette locale, adresse {N('192.168.56.101', 'infrastructure_info')}
- identifiants de test : `admin` / `{N('<mot de passe de test>', 'placeholder')}`

## Chronologie
| Date | Étape |
|---|---|
| {N('03/04/2024', 'date')} | découverte |
| {N('04/04/2024', 'date')} | signalement |""")
    # 3 en: table cell with AWS creds, footnote with personal info
    case(c, "en", f"""### Findings

| # | Where | What |
|---|---|---|
| 1 | `/static/js/main.{hexs(8)}.js` | `{L(aws_akid(), 'aws_access_key_id')}` / `{L(aws_secret(), 'aws_secret_key')}` |
| 2 | `/.git/config` | remote with token |

Remote of finding 2: `https://oauth2:{L(gitlab_token(), 'gitlab_token')}@gitlab.halvard.io/web/shop.git`[^1]

[^1]: the commit author in that repo is Mirela Dragomir, {L('mirela.dragomir@yahoo.ro', 'email_address')}, who is not a Halvard employee.""")
    # 4 fr: report with MRZ in code fence (passport scan exposed)
    l1, l2 = mrz_td3("FRA", "LEGRAND", "MATHILDE ANNE", "19CK40217", "FRA", "910428", "F", "290427")
    case(c, "fr", f"""### Preuve
Le compartiment S3 `kyc-uploads` est public. Exemple (OCR du premier fichier, une page de passeport, reproduite
pour que vous puissiez retrouver la cliente et la prévenir) :

```
{L(l1, 'identity_document')}
{L(l2, 'identity_document')}
```

Nombre d'objets : {N('48 112', 'amount')}.""")
    # 5 en clean with hashes, keys public
    case(c, "en", f"""## Artifacts
- `firmware.bin` sha256 `{N(sha256(), 'hash')}`
- `poc.py` md5 `{N(hexs(32), 'hash')}`
- my SSH public key for the lab: `{N(ssh_pub('researcher@lab'), 'public_key')}`
- lab host key fingerprint: `SHA256:{N(base64.b64encode(rand_bytes(32)).decode().rstrip('='), 'fingerprint')}`
- commit: `{N(git_sha(), 'git_sha')}`""")
    # 6 fr: report with JWT in fence and decoded payload with email
    j = jwt({"sub": "19920", "email": "p.aubry@ravelle.fr", "adm": True, "iat": 1714000000})
    case(c, "fr", f"""## Étape 2 — jeton d'administration

Le jeton suivant, émis pour un autre compte, est accepté sans vérification de signature :

```
{L(j, 'jwt')}
```

Charge utile décodée : `{{"sub":"19920","email":"{L('p.aubry@ravelle.fr', 'email_address')}","adm":true}}`""")
    # 7 en clean: CVE table, CWE ids, versions
    case(c, "en", f"""| CVE | CWE | Fixed in |
|---|---|---|
| {N('CVE-2024-31337', 'order_id')} | CWE-79 | {N('3.1.4', 'version')} |
| {N('CVE-2024-31338', 'order_id')} | CWE-284 | {N('3.1.4', 'version')} |

Published contact: {N(PSIRT, 'psirt_contact')} — advisory URL https://www.thalesgroup.com/en/psirt""")
    # 8 fr: report with SQL output exposing patients
    case(c, "fr", f"""### Extrait (3 lignes, les autres ont été supprimées)

```
id  | nom            | date_naissance | diagnostic
----+----------------+----------------+-----------------------------
 11 | Ménard Yvette  | {L('1946-09-02', 'date_of_birth')}     | {L('insuffisance cardiaque', 'health_data')}
 12 | Dos Santos Rui | {L('1958-12-19', 'date_of_birth')}     | {L('cancer de la prostate', 'health_data')}
 13 | Haddad Nour    | {L('2001-05-07', 'date_of_birth')}     | {L('grossesse 24 SA', 'health_data')}
```""")
    # 9 en: config leaked shown as diff-less snippet with azure sas in URL
    sas = ("sv=2021-08-06&ss=b&srt=o&sp=r&se=2026-01-01T00:00:00Z&spr=https&sig="
           + base64.b64encode(rand_bytes(32)).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D"))
    case(c, "en", f"""### Exposed backups
Download link found in the mobile app's `strings.xml`:

`https://halvardbackups.blob.core.windows.net/sql/full-20240301.bak?{L(sas, 'azure_sas_token')}`

The backup contains the `Customers` table (not downloaded beyond the first 4 KB).""")
    # 10 fr clean: explains placeholders
    case(c, "fr", f"""## Reproduction
1. Exporter la variable : `export TOKEN={N('<votre jeton>', 'placeholder')}`
2. Lancer `python3 poc.py --cible {N('https://recette.thalesgroup.com', 'public_hostname')} --jeton $TOKEN`
3. Observer le code retour `{N('HTTP 200', 'status_code')}`

> Remarque : dans les journaux, le mot de passe apparaît comme `password=***` (voir {N('password=***', 'redacted')}).""")
    # 11 en: shell session inside fence with sshpass
    case(c, "en", f"""### Lateral movement
```console
$ sshpass -p '{L(pw('word'), 'password_assignment')}' ssh root@{L('10.250.1.7', 'private_ip')}
root@{L('hv-mgmt01', 'internal_hostname')}:~# cat /etc/shadow | head -1
root:{L(sha_crypt(), 'password_hash')}:19722:0:99999:7:::
```""")
    # 12 fr: report with Stripe key in footnote and card of client
    case(c, "fr", f"""## Impact
La clé secrète Stripe est livrée dans le JavaScript public[^cle]. Avec elle, on liste les paiements, y compris
les 4 derniers chiffres... et, via l'ancien module, les numéros complets, par ex. `{L(card('amex', ' '), 'payment_card')}`
(client Jérôme Vasseur).

[^cle]: `{L(stripe('rk_live_'), 'stripe_key')}` (clé restreinte, mais avec droit de lecture sur les charges)""")


def git_diff():
    c = "git_diff"
    # 1 en adds an AWS key
    case(c, "en", f"""commit {N(git_sha(), 'git_sha')}
Author: build-bot <{N('build-bot@halvard.io', 'company_contact')}>
Date:   {N('Mon Apr 8 16:22:10 2024 +0200', 'timestamp')}

    temp: make uploads work on staging

diff --git a/config/storage.py b/config/storage.py
index {N(hexs(7), 'git_sha')}..{N(hexs(7), 'git_sha')} 100644
--- a/config/storage.py
+++ b/config/storage.py
@@ -3,4 +3,6 @@ import os
-AWS_KEY = os.environ["AWS_KEY"]
-AWS_SECRET = os.environ["AWS_SECRET"]
+AWS_KEY = "{L(aws_akid(), 'aws_access_key_id')}"
+AWS_SECRET = "{L(aws_secret(), 'aws_secret_key')}"
 BUCKET = "halvard-staging-uploads\"""")
    # 2 fr: removes a password (still sensitive in history)
    case(c, "fr", f"""Le secret a été « supprimé » par ce commit, mais il reste dans l'historique public :

diff --git a/deploy/inventaire.ini b/deploy/inventaire.ini
--- a/deploy/inventaire.ini
+++ b/deploy/inventaire.ini
@@ -1,5 +1,5 @@
 [paie]
-{L('10.14.2.3', 'private_ip')} ansible_user=root ansible_password={L(pw('word'), 'password_assignment')}
+{L('10.14.2.3', 'private_ip')} ansible_user=root ansible_password={{{{ vault_mdp_paie }}}}""")
    # 3 en clean diff with look-alikes
    case(c, "en", f"""diff --git a/package-lock.json b/package-lock.json
index {N(hexs(7), 'git_sha')}..{N(hexs(7), 'git_sha')} 100644
--- a/package-lock.json
+++ b/package-lock.json
@@ -812,7 +812,7 @@
     "node_modules/semver": {{
-      "version": "{N('7.5.2', 'version')}",
-      "integrity": "{N(npm_integrity(), 'npm_integrity')}",
+      "version": "{N('7.6.0', 'version')}",
+      "integrity": "{N(npm_integrity(), 'npm_integrity')}",
       "license": "ISC\"""")
    # 4 fr: fixture of personal records added
    case(c, "fr", f"""diff --git a/tests/fixtures/clients.csv b/tests/fixtures/clients.csv
new file mode 100644
--- /dev/null
+++ b/tests/fixtures/clients.csv
@@ -0,0 +1,4 @@
+nom;prenom;date_naissance;iban;telephone
+Lebrun;Sophie;{L('12/02/1983', 'date_of_birth')};{L(iban('FR', spaced=False), 'iban')};{L(fr_mobile('raw'), 'phone_number')}
+Nguyen;Bao;{L('30/09/1991', 'date_of_birth')};{L(iban('BE', spaced=False), 'iban')};{L('+32 470 ' + rs(6, DI), 'phone_number')}
+Marchetti;Paolo;{L('05/05/1977', 'date_of_birth')};{L(iban('IT', spaced=False), 'iban')};{L('+39 335 ' + rs(7, DI), 'phone_number')}""")
    # 5 en: private key added then git show (label spans the '+'-prefixed block)
    KEYBLOCK = "\n+".join(rsa_key().split("\n"))
    case(c, "en", f"""$ git show {N(hexs(12), 'git_sha')} -- certs/
diff --git a/certs/server.key b/certs/server.key
new file mode 100644
--- /dev/null
+++ b/certs/server.key
@@ -0,0 +1,27 @@
+{L(KEYBLOCK, 'private_key')}""")
    # 6 fr clean: diff changing versions and placeholders
    case(c, "fr", f"""diff --git a/.env.exemple b/.env.exemple
--- a/.env.exemple
+++ b/.env.exemple
@@ -1,3 +1,4 @@
-DB_PASSWORD={N('motdepasse', 'placeholder')}
+DB_PASSWORD={N('<à définir>', 'placeholder')}
+API_TOKEN={N('${{API_TOKEN}}'.replace('{{', '{').replace('}}', '}'), 'placeholder')}
 VERSION={N('2.3.0', 'version')}""")
    # 7 en: slack webhook in CI yaml diff
    case(c, "en", f"""diff --git a/.github/workflows/notify.yml b/.github/workflows/notify.yml
@@ -12,3 +12,3 @@ jobs:
       - name: notify
-        run: curl -X POST -d @msg.json ${{{{ secrets.SLACK_WEBHOOK }}}}
+        run: curl -X POST -d @msg.json {L(slack_webhook(), 'slack_webhook')}""")
    # 8 fr: SQL seed with password hashes and emails
    case(c, "fr", f"""diff --git a/db/seed.sql b/db/seed.sql
+INSERT INTO comptes (login, email, mdp_hash) VALUES
+ ('mlefevre', '{L('marc.lefevre@gmail.com', 'email_address')}', '{L(argon2(), 'password_hash')}'),
+ ('ctanguy', '{L('c.tanguy@laposte.net', 'email_address')}', '{L(md5_crypt(), 'password_hash')}');""")
    # 9 en clean: code with test fixtures using docs values
    case(c, "en", f"""diff --git a/tests/test_cards.py b/tests/test_cards.py
@@ -1,6 +1,8 @@
 VALID = [
-    "{D('4111111111111111', 'payment_card')}",
+    "{D('4111111111111111', 'payment_card')}",
+    "{D('5555555555554444', 'payment_card')}",
 ]
+FAKE_KEY = "{N('AKIAXXXXXXXXXXXXXXXX', 'placeholder')}"
+RELEASE = "{N(uuid4(), 'uuid')}\"""")
    # 10 fr: connection string in C# config diff
    case(c, "fr", f"""diff --git a/src/Web.config b/src/Web.config
@@ -8,7 +8,7 @@
   <connectionStrings>
-    <add name="Base" connectionString="{N('Server=.;Database=Dev;Integrated Security=true', 'infrastructure_info')}" />
+    <add name="Base" connectionString="{L('Data Source=sql-rh.siege.local;Initial Catalog=RH;User ID=rh_app;Password=' + pw('word') + ';', 'connection_string')}" />
   </connectionStrings>""")


def html_page():
    c = "html_page"
    # 1 en Django/Flask-like debug page
    case(c, "en", f"""<!DOCTYPE html><html><head><title>KeyError at /api/orders</title></head><body>
<h1>KeyError at /api/orders</h1>
<table class="vars">
<tr><td>DATABASE_URL</td><td class="code"><pre>'{L('postgresql://orders:' + pwu() + '@db-orders.prod.halvard.lan:5432/orders', 'connection_string', also='url_credentials')}'</pre></td></tr>
<tr><td>SECRET_KEY</td><td class="code"><pre>'********************'</pre></td></tr>
<tr><td>SERVER_NAME</td><td class="code"><pre>'{L('web-03.prod.halvard.lan', 'internal_hostname')}'</pre></td></tr>
</table></body></html>""")
    # 2 fr admin panel listing users
    case(c, "fr", f"""<h2>Gestion des utilisateurs</h2>
<table>
<tr><th>Nom</th><th>Courriel</th><th>Téléphone</th><th>Date de naissance</th></tr>
<tr><td>Perrine Achard</td><td>{L('perrine.achard@hotmail.fr', 'email_address')}</td><td>{L(fr_mobile(), 'phone_number')}</td><td>{L('03/11/1994', 'date_of_birth')}</td></tr>
<tr><td>Mohamed Saïdi</td><td>{L('m.saidi@gmail.com', 'email_address')}</td><td>{L(fr_mobile('intl'), 'phone_number')}</td><td>{L('22/08/1969', 'date_of_birth')}</td></tr>
</table>""")
    # 3 en clean: phpinfo with nothing sensitive
    case(c, "en", f"""<table>
<tr><td class="e">PHP Version </td><td class="v">{N('8.2.18', 'version')}</td></tr>
<tr><td class="e">SERVER_ADDR </td><td class="v">{N('10.11.0.20', 'infrastructure_info')}</td></tr>
<tr><td class="e">session.save_handler </td><td class="v">files</td></tr>
<tr><td class="e">REMOTE_ADDR </td><td class="v">{N('198.51.100.23', 'documentation_ip')}</td></tr>
<tr><td class="e">DB_PASSWORD </td><td class="v">{N('********', 'placeholder')}</td></tr>
</table>""")
    # 4 fr form with hidden fields
    case(c, "fr", f"""<form action="/paiement/valider" method="post">
  <input type="hidden" name="csrf" value="{N(hexs(32), 'hash')}">
  <input type="hidden" name="api_secret" value="{L(rs(32), 'password_assignment')}">
  <input type="hidden" name="carte" value="{L(card('visa'), 'payment_card')}">
  <input type="hidden" name="commande" value="{N('CMD-77120', 'order_id')}">
  <button>Payer</button>
</form>""")
    # 5 en: phpinfo with env secrets
    case(c, "en", f"""<tr><td class="e">$_SERVER['MAIL_PASSWORD']</td><td class="v">{L(pw('word'), 'password_assignment')}</td></tr>
<tr><td class="e">$_SERVER['SENDGRID_API_KEY']</td><td class="v">{L(sendgrid(), 'sendgrid_key')}</td></tr>
<tr><td class="e">$_SERVER['HTTP_COOKIE']</td><td class="v">laravel_session={L(rs(40, B64U), 'session_cookie')}</td></tr>
<tr><td class="e">$_SERVER['SERVER_ADDR']</td><td class="v">{L('172.31.44.9', 'private_ip')}</td></tr>""")
    # 6 fr clean: page contact
    case(c, "fr", f"""<footer>
 <p>Ravelle SA — SIRET {N(siret(), 'siret')} — capital {N('2 500 000 €', 'amount')}</p>
 <p>Standard : <a href="tel:+33145000000">{N('01 45 00 00 00', 'company_contact')}</a> — presse : {N('presse@ravelle.fr', 'company_contact')}</p>
 <p>Signaler une vulnérabilité : <a href="mailto:{PSIRT}">{N(PSIRT, 'psirt_contact')}</a></p>
 <!-- build {N(git_sha(), 'git_sha')} -->
</footer>""")
    # 7 en: html comment with credentials
    case(c, "en", f"""<div class="login-box">
  <!-- TODO remove before go-live: test login qa.lead / {L(pw('word'), 'password_assignment')} -->
  <!-- api: {L(google_key(), 'google_api_key')} -->
  <input name="user"><input type="password" name="pass" placeholder="{N('Password', 'placeholder')}">
</div>""")
    # 8 fr: page de profil exposée (IDOR) with health + address
    case(c, "fr", f"""<section id="dossier">
 <h3>Dossier de M. Gérard Tissot</h3>
 <dl>
  <dt>Adresse</dt><dd>{L('11 boulevard Carnot, 21000 Dijon', 'postal_address')}</dd>
  <dt>N° de sécurité sociale</dt><dd>{L(nir('1'), 'national_id')}</dd>
  <dt>Motif</dt><dd>{L('suivi post-AVC, hémiplégie gauche', 'health_data')}</dd>
 </dl>
</section>""")
    # 9 en clean: error page with trace id and versions
    case(c, "en", f"""<html><body>
<h1>503 Service Unavailable</h1>
<p>Request ID: {N(uuid4(), 'uuid')}</p>
<p>Upstream: {N('api.thalesgroup.com', 'public_hostname')} ({N(pub_ip(), 'public_ip')})</p>
<p>Generated {N('2024-05-30 22:14:08 UTC', 'timestamp')} by Envoy {N('1.29.1', 'version')}</p>
</body></html>""")
    # 10 fr: page avec jeton dans localStorage script + reporter contact in it (clean? no)
    case(c, "fr", f"""<script>
  // configuration injectée côté serveur
  window.__CONF__ = {{
    apiBase: "https://{L('api-interne.ravelle.intra', 'internal_hostname')}",
    token: "{L(jwt({'sub': 'svc-front', 'role': 'lecture_tout', 'iat': 1713000000}), 'jwt')}",
    support: "{N('support@ravelle.fr', 'company_contact')}"
  }};
</script>""")


def config_ini():
    c = "config_ini"
    # 1 en php.ini-like app.ini
    case(c, "en", f"""; /opt/halvard/etc/app.ini
[database]
host = {L('mysql-core.dc1.halvard.lan', 'internal_hostname')}
user = core
password = "{L(pw('word'), 'password_assignment')}"

[smtp]
server = {N('smtp.office365.com', 'public_hostname')}
pass = {N('${SMTP_PASS}', 'placeholder')}""")
    # 2 fr clean: php.ini settings
    case(c, "fr", f"""; réglages de sécurité (extrait de php.ini)
[Session]
session.cookie_httponly = 1
session.cookie_secure = 1
session.gc_maxlifetime = 1440
[Politique]
{N('password_min_length = 12', 'setting')}
jeton_duree = 3600
; le mot de passe SMTP est dans le coffre, valeur ici : {N('[redacted]', 'redacted')}""")
    # 3 en .pypirc
    case(c, "en", f"""# ~/.pypirc
[distutils]
index-servers = pypi testpypi

[pypi]
username = __token__
password = {L(pypi_token(), 'pypi_token')}

[testpypi]
username = __token__
password = {N('<testpypi token>', 'placeholder')}""")
    # 4 fr Samba smb.conf + ldap admin
    case(c, "fr", f"""# /etc/samba/smb.conf — serveur de fichiers de la mairie
[global]
   workgroup = MAIRIE
   passdb backend = ldapsam:ldap://{L('192.168.0.5', 'private_ip')}
   ldap admin dn = cn=admin,dc=mairie,dc=local
   ; mot de passe stocké aussi ici « pour mémoire » :
   ; {L(pw('word'), 'password_assignment')}
[etat-civil]
   path = /srv/etat-civil
   valid users = @agents""")
    # 5 en clean: tox.ini / setup.cfg
    case(c, "en", f"""[metadata]
name = halvard-cli
version = {N('0.18.3', 'version')}
author_email = {N('opensource@thalesgroup.com', 'company_contact')}

[options]
install_requires =
    requests>=2.31
[tool:pytest]
addopts = --strict-markers
env =
    API_TOKEN={N('dummy-token-for-tests', 'placeholder')}""")
    # 6 fr odbc.ini / freetds
    case(c, "fr", f"""; /etc/odbc.ini — connecteur comptabilité
[COMPTA]
Driver = FreeTDS
Server = {L('10.7.1.30', 'private_ip')}
Port = 1433
Database = COMPTA2024
UID = lecture
PWD = {L(pw('rand'), 'password_assignment')}""")
    # 7 en Windows unattend-like ini with domain join
    case(c, "en", f"""[Identification]
JoinDomain = CORP
DomainAdmin = CORP\\svc_join
DomainAdminPassword = {L(pw('word'), 'password_assignment')}
[UserData]
FullName = "Lab Admin"
OrgName = "Halvard"
ProductKey = {N('XXXXX-XXXXX-XXXXX-XXXXX-XXXXX', 'placeholder')}""")
    # 8 fr clean: git config
    case(c, "fr", f"""# .git/config du dépôt public
[core]
    repositoryformatversion = 0
[remote "origin"]
    url = https://github.com/ravelle/portail.git
    fetch = +refs/heads/*:refs/remotes/origin/*
[user]
    name = Léa Fontanel
    email = {N('lea.fontanel@gmail.com', 'reporter_contact')}
    signingkey = {N(hexs(16).upper(), 'fingerprint')}""", reporter_email="lea.fontanel@gmail.com")
    # 9 en .git/config with token in remote
    case(c, "en", f"""[remote "origin"]
    url = {L('https://deploy:' + gitlab_token() + '@gitlab.halvard.io/infra/terraform.git', 'url_credentials', also='gitlab_token')}
    fetch = +refs/heads/*:refs/remotes/origin/*
[branch "main"]
    remote = origin""")
    # 10 fr : fetchmailrc style in ini-like app conf with personal data
    case(c, "fr", f"""[expediteur]
nom = Cabinet Dr Rousselet
[patient_test]
; copie d'un vrai dossier pour reproduire le bug
nom = Amandine Pujol
naissance = {L('1999-01-26', 'date_of_birth')}
traitement = {L('méthotrexate 15 mg/semaine (polyarthrite rhumatoïde)', 'health_data')}
mutuelle_iban = {L(iban('FR'), 'iban')}""")
    # 11 en clean: ini with private IPs only
    case(c, "en", f"""[cluster]
node1 = {N('10.0.0.11', 'infrastructure_info')}
node2 = {N('10.0.0.12', 'infrastructure_info')}
vip = {N('10.0.0.10', 'infrastructure_info')}
[monitor]
endpoint = {N('https://status.thalesgroup.com', 'public_hostname')}
secret = {N('${MONITOR_SECRET}', 'placeholder')}""")
    # 12 fr: MySQL my.ini with root password and replication
    case(c, "fr", f"""[mysqld]
server-id = 2
report-host = {L('bdd-replique.siege.local', 'internal_hostname')}
[client]
user = root
password = {L(pw('word'), 'password_assignment')}
[mysqldump]
user = sauvegarde
password = {L(pw('rand'), 'password_assignment')}""")


def extras():
    # clean texts with dense look-alikes, spread across carriers
    case("prose_fr", "fr", f"""Complément d'information 🙂 : les « numéros » qui figurent dans ma capture ne sont pas des cartes bancaires.
Ce sont des empreintes de clés OpenPGP, groupées par quatre : {N(fingerprint_luhn(), 'fingerprint')} et
{N(fingerprint_luhn(), 'fingerprint')}. Le SIRET de mon entreprise est {N(siret(), 'siret')}, le montant de la facture
{N('12 480,00 € HT', 'amount')}, et le numéro de commande {N('4970-2211-0093-7781', 'order_id')}. Mon numéro, pour ce
signalement : {N('06 59 14 77 20', 'reporter_contact')} — mon adresse postale si vous voulez m'envoyer le NDA :
{N('9 rue Lamartine, 35000 Rennes', 'reporter_contact')}.""", reporter_email="yvon.keraudren@posteo.net")
    case("prose_en", "en", f"""Clarification on the strings flagged by your upload filter: `{N(sha256(), 'hash')}` is the SHA-256 of the PoC,
`{N(uuid4(), 'uuid')}` is the tenant id of MY trial account, `{N(hexs(40), 'git_sha')}` is the commit of your public repo, and
`{N('2.25.329800735698586629295641978511506172918', 'oid')}` is an OID derived from a UUID. The date `{N('1985-10-26', 'date')}`
in the log is the build-date default of the firmware, not anybody's birthday. The password field reads
`{N('password=***', 'redacted')}` everywhere.""", reporter_email="m.okafor@tutanota.com")
    case("chat", "fr", f"""[10:41] Sébastien: vous avez vu le ticket du chercheur ?
[10:42] Aurélie: oui, je lui ai répondu depuis {N(PSIRT, 'psirt_contact')}, copie {N(CNA, 'psirt_contact')}
[10:42] Sébastien: il a donné son numéro dans le rapport, {N('+33 6 11 42 90 18', 'reporter_contact')}, je l'appelle ?
[10:43] Aurélie: oui. et le mot de passe du compte de démo reste {N('<voir coffre>', 'placeholder')}
[10:44] Sébastien: ok, le serveur de démo {N('demo-psirt.interne.lan', 'infrastructure_info')} sera coupé ce soir""",
         reporter_email="yvon.keraudren@posteo.net")
    case("http_response", "en", f"""HTTP/1.1 200 OK
Content-Type: application/json

{{"keys":[{{"kty":"RSA","kid":"{N(hexs(16), 'hash')}","use":"sig","alg":"RS256","n":"{N(b64url(rand_bytes(256)), 'public_key')}","e":"AQAB"}}]}}""")
    case("email_message", "en", f"""From: Thales PSIRT <{N(PSIRT, 'psirt_contact')}>
To: {N('m.okafor@tutanota.com', 'reporter_contact')}
Subject: Re: Re: clarification

> > Reporter wrote: can you confirm build {N('11.0.3-hf2', 'version')} fixes it?
> Yes, the fix is in {N('11.0.3-hf2', 'version')} (commit {N(git_sha(), 'git_sha')}).

Thank you. Publication planned on {N('2024-07-09', 'date')}. Switchboard if needed: {N('+33 1 57 77 80 00', 'company_contact')}.""",
         reporter_email="m.okafor@tutanota.com")
    case("config_yaml", "fr", f"""# values.yaml (chart public, aucune valeur sensible)
image:
  tag: "{N('1.4.7', 'version')}"
  digest: "sha256:{N(sha256(), 'hash')}"
auth:
  existingSecret: portail-secrets
  password: ""
  adminPassword: {N('"{{ .Values.global.adminPassword }}"', 'placeholder')}
ingress:
  host: {N('portail.thalesgroup.com', 'public_hostname')}""")
    case("markdown_report", "fr", f"""### Annexe — données de test 🔬
Les comptes utilisés sont fictifs : {D('marie.test@example.com', 'email_address')}, téléphone {D('+1 555 0142', 'phone_number')},
carte {D('4111 1111 1111 1111', 'payment_card')}. Les identifiants de requête (`{N('req_' + rs(24), 'order_id')}`) et
l'empreinte du certificat de test (`{N(':'.join(hexs(64).upper()[i:i+2] for i in range(0, 64, 2)), 'fingerprint')}`) ne sont pas secrets.""")


# ====================================================================== build & check
def build():
    global R
    R = random.Random(SEED)
    CASES.clear()
    _REG.clear()
    for fn in (prose_en, prose_fr, chat, config_file, config_yaml, config_json, env_file,
               http_request, http_response, email_message, markdown_report, git_diff, html_page,
               config_ini, extras):
        fn()
    return CASES


def js_slice(text, start, end):
    b = text.encode("utf-16-le")
    return b[start * 2:end * 2].decode("utf-16-le")


def iban_ok(v):
    v = v.replace(" ", "")
    r = v[4:] + v[:4]
    return int("".join(str(int(ch, 36)) for ch in r)) % 97 == 1


def sanity(cases):
    errs = []
    ids = set()
    for cobj in cases:
        cid = cobj["id"]
        if cid in ids:
            errs.append("dup id " + cid)
        ids.add(cid)
        t = cobj["text"]
        n16 = u16(t)
        spans = []
        for lab in cobj["labels"]:
            s, e = lab["start"], lab["end"]
            if not (0 <= s < e <= n16):
                errs.append(f"{cid}: bad span {s}-{e}")
                continue
            v = js_slice(t, s, e)
            if v != lab.get("_v", v):
                errs.append(f"{cid}: slice mismatch {v!r}")
            if v != v.strip():
                errs.append(f"{cid}: label has surrounding whitespace {v!r}")
            if lab["category"] not in GROUP or lab["group"] != GROUP[lab["category"]]:
                errs.append(f"{cid}: bad category/group")
            for a in lab.get("also", []):
                if a not in GROUP:
                    errs.append(f"{cid}: bad also {a}")
            cat = lab["category"]
            if cat == "payment_card":
                d = "".join(ch for ch in v if ch.isdigit())
                if not luhn_ok(d):
                    errs.append(f"{cid}: card not Luhn {v}")
            if cat == "iban" and not iban_ok(v):
                errs.append(f"{cid}: iban bad {v}")
            if cat == "jwt" or "jwt" in lab.get("also", []):
                h = v.split(".")[0]
                json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))
            if cat == "identity_document" and len(v) == 44 and v[0] != "P":
                dn = v[:9]
                if _mrz_cd(dn) != v[9] or _mrz_cd(v[13:19]) != v[19] or _mrz_cd(v[21:27]) != v[27]:
                    errs.append(f"{cid}: mrz check digits")
            spans.append((s, e))
        spans.sort()
        for (a, b), (c2, d2) in zip(spans, spans[1:]):
            if c2 < b:
                errs.append(f"{cid}: overlapping labels")
        for ng in cobj["negatives"]:
            s, e = ng["start"], ng["end"]
            if not (0 <= s < e <= n16):
                errs.append(f"{cid}: bad negative span")
                continue
            if js_slice(t, s, e) != ng.get("_v"):
                errs.append(f"{cid}: neg slice mismatch")
            for (a, b) in spans:
                if s < b and a < e:
                    errs.append(f"{cid}: negative overlaps label")
        if "\ue000" in t or "\ue001" in t:
            errs.append(f"{cid}: marker left in text")
    return errs


def serialize(cases):
    lines = []
    for cobj in cases:
        o = dict(cobj)
        o["labels"] = [{k: v for k, v in lab.items() if k != "_v"} for lab in cobj["labels"]]
        o["negatives"] = [{k: v for k, v in ng.items() if k != "_v"} for ng in cobj["negatives"]]
        lines.append(json.dumps(o, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


def utf16_selftest():
    global R
    saved = list(_REG)
    _REG.clear()
    raw = "é😬 x " + L("Clé🔑", "password_assignment") + " fin"
    text, labels, _ = finalize(raw)
    _REG.clear()
    _REG.extend(saved)
    lab = labels[0]
    assert js_slice(text, lab["start"], lab["end"]) == "Clé🔑", "utf16 selftest"
    assert (lab["start"], lab["end"]) == (6, 11), (lab["start"], lab["end"])
    # MRZ check digit sample from ICAO 9303 (L898902C3 -> 6)
    assert _mrz_cd("L898902C3") == "6"
    assert _mrz_cd("740812") == "2"


def stats(cases):
    from collections import Counter
    langs = Counter(c["language"] for c in cases)
    groups = Counter(l["group"] for c in cases for l in c["labels"])
    cats = Counter(l["category"] for c in cases for l in c["labels"])
    clean = sum(1 for c in cases if all(l["severity"] == "info" for l in c["labels"]))
    carriers = {}
    for c in cases:
        carriers.setdefault(c["carrier"], Counter())[c["language"]] += 1
    return langs, groups, cats, clean, carriers


def main():
    utf16_selftest()
    cases = build()
    data = serialize(cases)
    errs = sanity(cases)
    if "--check" in sys.argv:
        with open(OUT, "rb") as f:
            cur = f.read()
        if cur != data:
            errs.append("cases.jsonl differs from generator output")
        # re-parse committed file and verify spans against texts
        for line in cur.decode("utf-8").splitlines():
            o = json.loads(line)
            for lab in o["labels"] + o["negatives"]:
                if not (0 <= lab["start"] < lab["end"] <= u16(o["text"])):
                    errs.append(o["id"] + ": committed span out of range")
        if errs:
            print("\n".join(errs))
            sys.exit(1)
        print("OK: %d cases, file identical, spans sane" % len(cases))
        return
    if errs:
        print("\n".join(errs))
        sys.exit(1)
    with open(OUT, "wb") as f:
        f.write(data)
    langs, groups, cats, clean, carriers = stats(cases)
    print(len(cases), dict(langs), dict(groups), "clean", clean)
    for k, v in carriers.items():
        print(" ", k, dict(v))
    for k, v in sorted(cats.items()):
        print("   ", k, v)


if __name__ == "__main__":
    main()
