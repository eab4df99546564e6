#!/usr/bin/env python3
"""Blind test corpus b9a for a sensitive-data scanner (PSIRT report pre-flight).

Standard library only. One random.Random with a fixed seed; writes cases.jsonl
deterministically. `--check` verifies the committed file equals what this script
generates and that every label / negative span is sane (UTF-16 offsets).

Case texts are written with inline markup:
  label:    ⟦category[+also...][!severity][~]|value⟧   (~ = optional)
  negative: ⟪kind|value⟫
The markup is stripped and offsets are computed in UTF-16 code units.
"""
import base64
import hashlib
import json
import random
import re
import string
import sys
from pathlib import Path

SEED = 0xB9A0_2024
R = random.Random(SEED)

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
AN = UP + LO + DG
HEX = "0123456789abcdef"
B64 = AN + "+/"
B64U = AN + "-_"


def rs(n, cs=AN):
    return "".join(R.choice(cs) for _ in range(n))


def b64url(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


# ---------------------------------------------------------------- credentials
def gh_token(prefix="ghp_"):
    return prefix + rs(36)


def gh_fine():
    return "github_pat_" + rs(22) + "_" + rs(59)


def gitlab_token():
    return "glpat-" + rs(20, AN + "-_")


def slack_bot():
    return f"xoxb-{rs(11, DG)}-{rs(13, DG)}-{rs(24)}"


def slack_user():
    return f"xoxp-{rs(11, DG)}-{rs(11, DG)}-{rs(13, DG)}-{rs(32, HEX)}"


def slack_webhook():
    return f"https://hooks.slack.com/services/T{rs(8, UP + DG)}/B{rs(10, UP + DG)}/{rs(24)}"


def stripe_key(kind="sk_live_"):
    return kind + rs(24 if R.random() < 0.5 else 99)


def google_key():
    return "AIza" + rs(35, AN + "-_")


def aws_akid(prefix="AKIA"):
    return prefix + rs(16, UP + "234567")


def aws_secret():
    return rs(40, B64)


def npm_token():
    return "npm_" + rs(36)


def pypi_token():
    return "pypi-AgEIcHlwaS5vcmc" + rs(50 + R.randint(0, 40), B64U)


def sendgrid_key():
    return "SG." + rs(22, B64U) + "." + rs(43, B64U)


def twilio_key():
    return "SK" + rs(32, HEX)


def twilio_sid():
    return "AC" + rs(32, HEX)


def openai_key():
    return "sk-proj-" + rs(48, AN + "-_") + "T3BlbkFJ" + rs(48, AN + "-_")


def anthropic_key():
    return "sk-ant-api03-" + rs(93, AN + "-_") + "AA"


def azure_key():
    return base64.b64encode(bytes(R.getrandbits(8) for _ in range(64))).decode()


def azure_conn(account):
    return (f"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={azure_key()};"
            "EndpointSuffix=core.windows.net")


def azure_sas():
    sig = base64.b64encode(bytes(R.getrandbits(8) for _ in range(32))).decode()
    sig = sig.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return f"sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2025-12-31T18:00:00Z&st=2024-03-01T08:00:00Z&spr=https&sig={sig}"


def jwt(payload, alg="HS256"):
    h = b64url(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    s = b64url(bytes(R.getrandbits(8) for _ in range(32 if alg.startswith("HS") else 256)))
    return f"{h}.{p}.{s}"


def session_hex(n=32):
    return rs(n, HEX)


def bcrypt_hash():
    return "$2b$12$" + rs(53, "./" + AN)


def sha512crypt():
    return "$6$" + rs(16, "./" + AN) + "$" + rs(86, "./" + AN)


def argon2_hash():
    return "$argon2id$v=19$m=65536,t=3,p=4$" + rs(22, B64[:-2] + "+/").rstrip("+/") + "$" + rs(43, AN + "+/")


def private_key(kind="RSA", lines=6):
    if kind == "OPENSSH":
        head = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
        body = [head[:70]] + [rs(70, B64) for _ in range(lines - 1)] + [rs(R.randint(20, 60), B64) + "=="]
        tag = "OPENSSH PRIVATE KEY"
    elif kind == "EC":
        body = ["MHcCAQEEI" + rs(55, B64)] + [rs(64, B64) for _ in range(lines - 1)] + [rs(12, B64) + "=="]
        tag = "EC PRIVATE KEY"
    elif kind == "PKCS8":
        body = ["MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" + rs(32, B64)] + [rs(64, B64) for _ in range(lines - 1)] + [rs(28, B64) + "="]
        tag = "PRIVATE KEY"
    else:
        body = ["MIIEpAIBAAKCAQEA" + rs(48, B64)] + [rs(64, B64) for _ in range(lines - 1)] + [rs(36, B64) + "=="]
        tag = "RSA PRIVATE KEY"
    return f"-----BEGIN {tag}-----\n" + "\n".join(body) + f"\n-----END {tag}-----"


def certificate(lines=5):
    body = ["MIIDdzCCAl+gAwIBAgIU" + rs(44, B64)] + [rs(64, B64) for _ in range(lines - 1)] + [rs(20, B64) + "="]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(body) + "\n-----END CERTIFICATE-----"


def ssh_pub(comment):
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(43, B64) + " " + comment


def ssh_rsa_pub(comment):
    return "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ" + rs(180, B64) + " " + comment


# ---------------------------------------------------------------- look-alikes
def git_sha(n=40):
    return rs(n, HEX)


def uuid4():
    h = rs(32, HEX)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{R.choice('89ab')}{h[17:20]}-{h[20:]}"


def sha256():
    return rs(64, HEX)


def md5():
    return rs(32, HEX)


def npm_integrity():
    return "sha512-" + base64.b64encode(bytes(R.getrandbits(8) for _ in range(64))).decode()


def luhn_digit(body):
    s = 0
    for i, ch in enumerate(reversed(body)):
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


def pgp_fpr(luhn_trap=False):
    """40 hex digits grouped in fours; with luhn_trap the first 16 are all
    digits, start with 4 and pass Luhn (a card look-alike)."""
    if luhn_trap:
        body = "4" + rs(14, DG)
        first = body + luhn_digit(body)
        rest = rs(24, HEX.upper())
        h = first + rest
    else:
        h = rs(40, HEX.upper())
    g = [h[i:i + 4] for i in range(0, 40, 4)]
    return " ".join(g[:5]) + "  " + " ".join(g[5:])


def ssh_fpr():
    return "SHA256:" + base64.b64encode(bytes(R.getrandbits(8) for _ in range(32))).decode().rstrip("=")


def md5_fpr():
    h = rs(32, HEX)
    return ":".join(h[i:i + 2] for i in range(0, 32, 2))


# ---------------------------------------------------------------- personal data
def card(kind="visa"):
    if kind == "visa":
        body = "4" + rs(14, DG)
    elif kind == "mc":
        body = R.choice(["51", "52", "53", "54", "55"]) + rs(13, DG)
    elif kind == "mc2":
        body = str(R.randint(2221, 2720)) + rs(11, DG)
    elif kind == "amex":
        body = R.choice(["34", "37"]) + rs(12, DG)
    elif kind == "cb":  # French CB co-badged Visa
        body = "4970" + rs(11, DG)
    else:
        raise ValueError(kind)
    return body + luhn_digit(body)


def fmt_card(n, sep=" "):
    if len(n) == 15:
        return n[:4] + sep + n[4:10] + sep + n[10:]
    return sep.join(n[i:i + 4] for i in range(0, len(n), 4))


def _iban_check(cc, bban):
    conv = "".join(str(int(c, 36)) for c in bban + cc + "00")
    return f"{98 - int(conv) % 97:02d}"


def rib_key(bank, guichet, account):
    return f"{97 - (89 * int(bank) + 15 * int(guichet) + 3 * int(account)) % 97:02d}"


IBAN_LEN = {"FR": 27, "DE": 22, "ES": 24, "IT": 27, "BE": 16, "GB": 22, "NL": 18, "CH": 21, "LU": 20, "PT": 25}


def iban(cc="FR"):
    if cc == "FR":
        b, g, a = rs(5, DG), rs(5, DG), rs(11, DG)
        bban = b + g + a + rib_key(b, g, a)
    elif cc == "DE":
        bban = rs(8, DG) + rs(10, DG)
    elif cc == "ES":
        bban = rs(20, DG)
    elif cc == "IT":
        bban = R.choice(UP) + rs(10, DG) + rs(12, DG)
    elif cc == "BE":
        a = rs(10, DG)
        bban = a + f"{int(a) % 97 or 97:02d}"
    elif cc == "GB":
        bban = R.choice(["NWBK", "BARC", "LOYD", "MIDL"]) + rs(14, DG)
    elif cc == "NL":
        bban = R.choice(["ABNA", "INGB", "RABO"]) + rs(10, DG)
    elif cc == "CH":
        bban = rs(17, DG)
    elif cc == "LU":
        bban = rs(16, DG)
    elif cc == "PT":
        bban = rs(21, DG)
    s = cc + _iban_check(cc, bban) + bban
    assert len(s) == IBAN_LEN[cc], (cc, s)
    return s


def iban_ok(s):
    s = s.replace(" ", "")
    conv = "".join(str(int(c, 36)) for c in s[4:] + s[:4])
    return int(conv) % 97 == 1 and len(s) == IBAN_LEN.get(s[:2], -1)


def fmt_iban(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def nir(sex=None, yy=None, mm=None, dept=None):
    sex = sex or R.choice("12")
    yy = yy or f"{R.randint(50, 99):02d}"
    mm = mm or f"{R.randint(1, 12):02d}"
    dept = dept or R.choice(["75", "69", "13", "33", "59", "44", "31", "67", "92", "93", "35", "06"])
    body = f"{sex}{yy}{mm}{dept}{R.randint(1, 990):03d}{R.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    return body, f"{key:02d}"


def fmt_nir(body, key):
    b = body
    return f"{b[0]} {b[1:3]} {b[3:5]} {b[5:7]} {b[7:10]} {b[10:13]} {key}"


def nir_ok(s):
    s = s.replace(" ", "")
    return len(s) == 15 and 97 - int(s[:13]) % 97 == int(s[13:])


def dni():
    n = R.randint(10000000, 99999999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def nie():
    p = R.choice("XYZ")
    n = R.randint(1000000, 9999999)
    v = int("XYZ".index(p).__str__() + f"{n:07d}")
    return f"{p}{n:07d}{'TRWAGMYFPDXBNJZSQVHLCKE'[v % 23]}"


_CF_ODD = {**{str(i): v for i, v in enumerate([1, 0, 5, 7, 9, 13, 15, 17, 19, 21])},
           **dict(zip(UP, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))}


def cf_check(body15):
    s = 0
    for i, c in enumerate(body15):
        if i % 2 == 0:
            s += _CF_ODD[c]
        else:
            s += int(c) if c.isdigit() else ord(c) - 65
    return chr(65 + s % 26)


def codice_fiscale(sur3, name3, yy, month_letter, day, comune):
    body = f"{sur3}{name3}{yy}{month_letter}{day:02d}{comune}"
    assert len(body) == 15, body
    return body + cf_check(body)


def nino():
    bad_first = set("DFIQUV")
    while True:
        a = R.choice(UP)
        b = R.choice(UP)
        if a in bad_first or b in bad_first or b == "O":
            continue
        if a + b in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
            continue
        break
    d = rs(6, DG)
    return f"{a}{b} {d[:2]} {d[2:4]} {d[4:]} {R.choice('ABCD')}"


def ssn():
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


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


def mrz_td3(country, surname, given, number, nat, dob, sex, expiry, personal=""):
    l1 = f"P<{country}{surname}<<{given.replace(' ', '<')}"
    l1 = (l1 + "<" * 44)[:44]
    num = (number + "<" * 9)[:9]
    pers = (personal + "<" * 14)[:14]
    pcd = mrz_cd(pers) if personal else "<"
    part = num + mrz_cd(num) + nat + dob + mrz_cd(dob) + sex + expiry + mrz_cd(expiry) + pers + pcd
    comp = num + mrz_cd(num) + dob + mrz_cd(dob) + expiry + mrz_cd(expiry) + pers + pcd
    l2 = part + mrz_cd(comp)
    assert len(l2) == 44, l2
    return l1, l2


def fr_mobile():
    return "0" + R.choice("67") + "".join(f" {R.randint(0, 99):02d}" for _ in range(4))


def fr_intl():
    return "+33 " + R.choice("67") + "".join(f" {R.randint(0, 99):02d}" for _ in range(4))


def fr_fixe():
    return "0" + R.choice("12345") + "".join(f" {R.randint(10, 99):02d}" for _ in range(4))


def uk_mobile():
    return f"+44 7{R.randint(400, 999)} {R.randint(100000, 999999)}"


def us_phone():
    return f"({R.randint(201, 989)}) {R.randint(201, 989)}-{R.randint(1000, 9999)}"


def de_phone():
    return f"+49 1{R.choice(['51', '52', '60', '70', '76'])} {R.randint(1000000, 99999999)}"


# ---------------------------------------------------------------- markup
LAB_RE = re.compile(r"⟦([^|⟧]+)\|(.*?)⟧|⟪([^|⟫]+)\|(.*?)⟫", re.S)

CATS = {
    "credentials": ["private_key", "aws_access_key_id", "aws_secret_key", "github_token", "gitlab_token",
                    "slack_token", "slack_webhook", "stripe_key", "google_api_key", "gcp_service_account",
                    "azure_connection_string", "azure_sas_token", "npm_token", "pypi_token", "sendgrid_key",
                    "twilio_key", "ai_api_key", "jwt", "url_credentials", "connection_string",
                    "authorization_header", "session_cookie", "password_assignment", "password_hash"],
    "personal": ["payment_card", "iban", "national_id", "date_of_birth", "identity_document", "postal_address",
                 "health_data", "employment_data", "tax_record", "travel_record", "email_address", "phone_number"],
    "infrastructure": ["private_ip", "internal_hostname"],
}
GROUP = {c: g for g, cs in CATS.items() for c in cs}


def default_sev(cat):
    g = GROUP[cat]
    if g == "credentials":
        return "critical"
    if g == "infrastructure":
        return "info"
    if cat in ("email_address", "phone_number"):
        return "medium"
    return "high"


def u16(s):
    return len(s.encode("utf-16-le")) // 2


def render(src):
    out = []
    pos = 0
    labels, negs = [], []
    last = 0
    for m in LAB_RE.finditer(src):
        chunk = src[last:m.start()]
        out.append(chunk)
        pos += u16(chunk)
        if m.group(1) is not None:
            spec, val = m.group(1), m.group(2)
            opt = spec.endswith("~")
            spec = spec.rstrip("~")
            sev = None
            if "!" in spec:
                spec, sev = spec.split("!")
            parts = spec.split("+")
            cat, also = parts[0], parts[1:]
            if cat not in GROUP:
                raise ValueError(f"unknown category {cat}")
            lab = {"start": pos, "end": pos + u16(val), "category": cat,
                   "severity": sev or default_sev(cat), "group": GROUP[cat]}
            if also:
                lab["also"] = also
            if opt:
                lab["optional"] = True
            lab["_value"] = val
            labels.append(lab)
        else:
            kind, val = m.group(3), m.group(4)
            negs.append({"start": pos, "end": pos + u16(val), "kind": kind, "_value": val})
        out.append(val)
        pos += u16(val)
        last = m.end()
    out.append(src[last:])
    return "".join(out), labels, negs


CASES = []


def add(carrier, lang, src, reporter=None):
    text, labels, negs = render(src)
    CASES.append({"carrier": carrier, "language": lang, "text": text, "labels": labels,
                  "negatives": negs, "reporter_email": reporter})


def L(cat, val, also=(), sev=None, opt=False):
    spec = cat + "".join("+" + a for a in also) + (f"!{sev}" if sev else "") + ("~" if opt else "")
    return f"⟦{spec}|{val}⟧"


def N(kind, val):
    return f"⟪{kind}|{val}⟫"


# ================================================================ prose_en
def prose_en():
    c = "prose_en"
    add(c, "en", f"""Summary: the maintenance web UI of the Aerolis GW-400 gateway (fw 3.8.2) keeps the default service account enabled.
After the factory reset I logged in as app_rw with {L('password_assignment', 'Autumn!7')} and the /diag page let me run arbitrary shell commands.
The box sits at {L('private_ip', '10.42.7.19', opt=True)} in our lab ({L('internal_hostname', 'gw400-lab.testbench.aerolis.lan', opt=True)}).
CVSS: {N('cvss_vector', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H')}
""")
    add(c, "en", f"""While testing the patient portal (build {N('version', '2024.11.3-rc2')}) I changed the id in /api/records/{N('order_id', '884213')} to 884214 and got someone else's file.
I stopped immediately, but for the record the page showed: "Margaret Ellery — {L('health_data', 'type 2 diabetes, on insulin since 2019, retinopathy follow-up')}".
Her home address was printed in the header: {L('postal_address', '14 Pendle Row, Clitheroe BB7 2QA')}.
I did not download anything else. Timestamp of the request: {N('timestamp', '2024-11-19T14:02:51Z')}.
""")
    add(c, "en", f"""Hi team,

Reporting a stored XSS in the Vantor Fleet dashboard, versions {N('version', '5.2.0')} to {N('version', '5.4.1')} (fixed upstream in commit {N('git_sha', git_sha())}).
Vector: {N('cvss_vector', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N')} (6.4). CWE-79.
The payload was served from {N('documentation_ip', '203.0.113.54')} and reflected by the public node {N('public_hostname', 'fleet.vantor-demo.com')} ({N('public_ip', '151.101.65.140')}).
Report ID on our side: {N('order_id', 'VR-2024-0117')}. Please route it to {N('psirt_address', 'psirt@thalesgroup.com')}.

Best regards,
{N('reporter_contact', 'Tomasz Wielgosz')}
{N('reporter_contact', 'Quillbyte Security, 21 Harbour Street, Leith EH6 6QR')}
{N('reporter_contact', '+44 131 496 0772')} · {N('reporter_contact', 't.wielgosz@quillbyte.example')}
""", reporter="t.wielgosz@quillbyte.example")
    add(c, "en", f"""[Forum post, r/netsec-style]
so the "secure" pairing of these badge readers is a joke. both sides derive the session key from a static string baked in the firmware;
the shared secret we agreed on is {L('password_assignment', 'tr0ut-Lantern-42')} (yes, it is the same on every unit I bought).
dumped it with binwalk + strings, offset {N('hex_offset', '0x0003f2a0')}.¹

¹ the vendor's update server also leaks its upload creds in the JS bundle: {L('aws_access_key_id', aws_akid())} / {L('aws_secret_key', aws_secret())}
""")
    add(c, "en", f"""Steps I followed (translated from my Portuguese notes, sorry for the English):
1. connect to the UART at 115200 bauds
2. at the login prompt the user is "support", I typed `{L('password_assignment', 'Sup0rt#2019!')}` and got a root shell
3. from there `cat /etc/shadow` shows root:{L('password_hash', sha512crypt())}:19000:0:99999:7:::
Firmware version {N('version', 'v2.14.0.330')}, md5 of image {N('md5', md5())}.
""")
    add(c, "en", f"""Note for the triage: all the secrets in the attached logs were scrubbed before sending.
You will see lines like `password=***`, `Authorization: Bearer [REDACTED]` and `api_key=${{API_KEY}}` — those are placeholders I inserted.
Same for `token: <TOKEN>` and `secret: your-password-here` in the sample config (copied from the vendor's docs).
Request ids: {N('uuid', uuid4())}, {N('uuid', uuid4())}. Session replay starts at {N('timestamp', '2025-01-07 09:13:44')}.
The policy says password_min_length: 12 but the server accepts 4 characters.
""".replace("password=***", N('redacted', 'password=***')).replace("Authorization: Bearer [REDACTED]", N('redacted', 'Authorization: Bearer [REDACTED]'))
        .replace("api_key=${API_KEY}", N('placeholder', 'api_key=${API_KEY}')).replace("token: <TOKEN>", N('placeholder', 'token: <TOKEN>'))
        .replace("secret: your-password-here", N('placeholder', 'secret: your-password-here')).replace("password_min_length: 12", N('setting', 'password_min_length: 12')))
    add(c, "en", f"""Impact: any employee can read the payroll export of the Northfield office. Example row I saw before closing the tab:
Dylan Okonkwo-Reyes, NI number {L('national_id', nino())}, {L('employment_data', 'base salary £61,250, bonus withheld after final written warning (March)')}.
The export endpoint is https://hr.northfield-intranet.invalid/payroll/export?office=NF2 (no auth check on office=).
""")
    add(c, "en", f"""The booking API returns the full itinerary for any PNR. Querying a neighbouring record gave me the travel of a board member:
"Ms Ingrid Sæther, booking ref {L('travel_record', 'QX7R2M')}, {L('travel_record', 'AF1145 CDG→OSL 14 Mar, seat 2A')}, e-ticket {L('travel_record', '057-2189465530')}".
Her mobile was in the contact field: {L('phone_number', '+47 912 48 306')}.
""")
    fp = pgp_fpr(True)
    add(c, "en", f"""Technical details — signature bypass in libsigil {N('version', '0.9.7')}:
The verifier compares only the first 8 bytes of the digest. A forged update (sha256 {N('sha256', sha256())}) is accepted.
Signing key of the vendor (public): {N('pgp_fingerprint', fp)}.
The certificate policy OID {N('oid', '1.3.6.1.4.1.311.21.8.7641523.1')} is not enforced either.
See chapter 7 of "Applied Firmware Security" (ISBN {N('isbn', '978-1-4842-7120-3')}) for the same mistake in 2015.
""")
    add(c, "en", f"""The vendor's README ships example credentials that really work against the demo appliance:
AWS key {L('aws_access_key_id', 'AKIAIOSFODNN7EXAMPLE', sev='info')} with secret {L('aws_secret_key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sev='info')},
test card {L('payment_card', '4111 1111 1111 1111', sev='info')}, contact {L('email_address', 'jane.doe@example.com', sev='info')}, phone {L('phone_number', '(555) 010-0142', sev='info')}.
Those are the AWS documentation values, so low risk, but the demo also accepts admin/admin.
""")
    add(c, "en", f"""Data leak report. An open Elasticsearch index (tenant "benefits-us") exposes applicant records. One example so you can locate it:
name Harold Quennell, SSN {L('national_id', ssn())}, born {L('date_of_birth', '03/22/1961')}, email {L('email_address', 'hquennell61@mailbox.org')}.
Roughly 48,000 documents. Index created {N('date', '2023-08-02')}; last document {N('date', '2024-12-30')}.
""")
    add(c, "en", f"""Found in the public CI log of the build job #{N('order_id', '51877')} (line 2204):
    + git clone 'https://x-access-token:{L('github_token', gh_token('ghs_'))}@github.com/orbital-foo/firmware-private.git'
The token is an installation token so it probably expired, but the job prints it on every run. Commit {N('git_sha', git_sha())}.
""")
    add(c, "en", f"""Contact details for this report only: my number is {N('reporter_contact', '+33 6 70 11 52 98')} (Signal too, or mail {N('reporter_contact', 'n.ardisson@ferrovia-audit.fr')}), I am in Lyon until Friday.
If I am unreachable, my colleague's desk line at our office switchboard is {N('company_contact', '+33 4 72 00 41 00')} and the company's generic address is {N('company_contact', 'contact@ferrovia-audit.fr')}.
The issue was found on {N('date', '12 February 2025')} and I propose disclosure on {N('date', '2025-05-15')}.
The affected gateway reported its address as {N('infrastructure_info', '192.168.1.1')} and hostname {N('infrastructure_info', 'crm-gw.priv')}.
""", reporter="n.ardisson@ferrovia-audit.fr")
    add(c, "en", f"""The OTA package contains the device's TLS client key in clear (path /etc/ssl/private/client.key):
{L('private_key', private_key('RSA', 5))}
The matching certificate is the same on every unit (serial {N('cert_serial', '4A:1F:09:C3:77:2B:E0:11')}).
""")


# ================================================================ prose_fr
def prose_fr():
    c = "prose_fr"
    add(c, "fr", f"""Bonjour,
La sauvegarde chiffrée du coffre Keyvio exportée depuis le poste de test se déverrouille avec la phrase {L('password_assignment', 'girafe violette sous la pluie 88')} — c'est la valeur par défaut posée par l'installeur, identique sur les trois postes.
Version testée : {N('version', '4.1.0.2217')}. Empreinte du paquet : {N('sha256', sha256())}.
""")
    add(c, "fr", f"""Constat sur le site de Vénissieux : le boîtier d'alarme du local technique n'a jamais été reprogrammé. Le code est {L('password_assignment', '1815')}, affiché au feutre sous le clavier.
Le même boîtier expose une interface web sur {L('private_ip', '172.20.14.3', opt=True)} sans authentification.
""")
    add(c, "fr", f"""Objet : injection SQL aveugle dans le module de réservation

Versions concernées : {N('version', '7.3.0')} à {N('version', '7.3.4')}. Score : {N('cvss_vector', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N')} (7,5).
Société cliente : SIRET {N('siret', '732 829 320 00074')}, commande n° {N('order_id', 'CMD-2024-118842')} d'un montant de {N('amount', '1 249,90 €')}.
Découverte le {N('date', '3 mars 2025')}, divulgation proposée le {N('date', '30 juin 2025')}.
Le rapport est aussi envoyé en copie à {N('psirt_address', 'psirt@thalesgroup.com')}.

Cordialement,
{N('reporter_contact', 'Élodie Marchetti')} — {N('reporter_contact', '06 81 27 44 90')}
{N('reporter_contact', '12 rue des Tanneurs, 67000 Strasbourg')} — {N('reporter_contact', 'elodie.marchetti@sentinelle-conseil.fr')}
""", reporter="elodie.marchetti@sentinelle-conseil.fr")
    b, k = nir("2", "84", "07", "69")
    add(c, "fr", f"""En modifiant l'identifiant dans l'URL du portail RH, j'ai pu afficher l'arrêt de travail d'une autre salariée, Mme Nadège Ferrand-Lucas :
« {L('health_data', 'arrêt de travail du 04/11 au 22/11 pour lombosciatique, prolongation possible')} », avec son numéro de sécurité sociale {L('national_id', fmt_nir(b, k))}.
Je n'ai consulté qu'un seul dossier pour confirmer la faille.
""")
    add(c, "fr", f"""Ticket #{N('order_id', '40917')} — fuite d'informations RH
Le fichier partagé « revue_annuelle_2024.xlsx » est lisible par tout le domaine. On y lit notamment pour M. Grégoire Tassin : {L('employment_data', 'salaire brut annuel 58 400 €, avertissement disciplinaire du 12/09 pour absences répétées')}.
""")
    add(c, "fr", f"""Le simulateur d'impôts en ligne met en cache la dernière déclaration consultée. En ouvrant la page après un autre utilisateur, j'ai vu :
numéro fiscal {L('tax_record', '3012 745 896 214')}, {L('tax_record', "impôt sur le revenu net 2023 : 7 842 €")}, au nom de Francis Le Goff.
""")
    add(c, "fr", f"""Précision sur les journaux joints : les secrets ont été masqués avant envoi.
Vous verrez « mot de passe : {N('redacted', '********')} », « jeton : {N('redacted', '[expurgé]')} », « clé API : {N('placeholder', 'xxxx-xxxx-xxxx')} » ou encore {N('placeholder', '<MOT_DE_PASSE>')}.
Le paramètre {N('setting', 'longueur_min_mdp = 12')} est bien présent dans la configuration mais n'est pas appliqué côté serveur.
Identifiant de corrélation : {N('uuid', uuid4())}.
""")
    ib = iban("FR")
    add(c, "fr", f"""Fuite de données : l'export des mandats SEPA est accessible sans authentification. Exemple d'enregistrement (je n'ai rien téléchargé d'autre) :
M. Bertrand Oualid, {L('postal_address', '7 allée des Capucines, 44300 Nantes')}, IBAN {L('iban', fmt_iban(ib))}, mandat {N('order_id', 'RUM-2023-00481')}.
Environ 12 000 lignes d'après l'en-tête Content-Range.
""")
    add(c, "fr", f"""(Traduit de l'anglais par le rapporteur)
La bibliothèque de parsing ASN.1 version {N('version', '2.0.11')} lit au-delà du tampon quand l'OID {N('oid', '2.5.29.17')} est suivi d'une longueur indéfinie.
Le binaire de démonstration (sha256 {N('sha256', sha256())}) plante sur le fichier joint ; l'identifiant de session de fuzzing était {N('uuid', uuid4())}.
Commit correctif proposé : {N('git_sha', git_sha(12))}.
""")
    add(c, "fr", f"""L'espace « voyages d'affaires » affiche les réservations de tous les collaborateurs. Exemple : Mme Solène Vasseur-Kerbrat,
dossier {L('travel_record', 'K4TZ9P')}, {L('travel_record', 'vol AF7712 Paris-Orly → Toulouse le 18/02, siège 14C')}. Sa ligne directe apparaît aussi : {L('phone_number', fr_fixe())}.
""")
    add(c, "fr", f"""Dans la documentation interne publiée par erreur (page « Mise en route », note de bas de page n° 3) on trouve :
³ Pour cloner le dépôt miroir, utiliser le jeton {L('gitlab_token', gitlab_token())} (compte de service ci-bot).
Le reste du document ne contient que des captures d'écran.
""")
    add(c, "fr", f"""Pour me joindre au sujet de ce signalement : {N('reporter_contact', '07 68 42 19 03')} (numéro personnel, aux heures de bureau) ou {N('reporter_contact', 'rapports@arcalys.fr')}.
Vous pouvez aussi passer par le standard de notre cabinet au {N('company_contact', '01 44 94 18 00')} ou écrire à {N('company_contact', 'presse@arcalys.fr')} pour les questions de communication.
Le serveur vulnérable s'annonce comme {N('infrastructure_info', 'intranet-rh.arcalys.local')} ({N('infrastructure_info', '10.12.0.45')}).
Date de la découverte : {N('date', '14/01/2025')}.
""", reporter="rapports@arcalys.fr")
    cc = card("cb")
    add(c, "fr", f"""Le formulaire de paiement renvoie en clair dans la page de confirmation le numéro de carte saisi.
Test réalisé avec ma propre carte, puis constat sur la commande d'un autre client (Mme Aurore Pichon) : {L('payment_card', fmt_card(cc))}, exp. 09/27.
""")
    add(c, "fr", f"""L'application mobile embarque la chaîne de connexion de production : {L('connection_string', f"postgres://appmobile:{rs(14)}@pg-prod-02.int.lumeo.fr:5432/clients", also=['url_credentials'])}.
Le nom d'hôte n'est pas résolvable depuis Internet mais la base est joignable via le VPN partenaire.
""")
    fp = pgp_fpr(True)
    add(c, "fr", f"""Vérification de l'intégrité : l'archive publiée a pour empreinte {N('sha256', sha256())}, signée par la clé {N('pgp_fingerprint', fp)}.
L'adresse de test utilisée est {N('documentation_ip', '198.51.100.23')} ; le serveur public {N('public_hostname', 'maj.lumeo.fr')} répond en {N('public_ip', '92.243.17.201')}.
Numéro de TVA de l'éditeur : {N('vat', 'FR 40 303 265 045')}. Aucune donnée personnelle n'a été consultée.
""")
    cf = codice_fiscale("RSS", "GNN", "78", "L", 54, "F205")
    add(c, "fr", f"""L'export « collaborateurs_europe.xlsx » mélange les identifiants de plusieurs filiales : pour la filiale de Madrid, Sr. Íñigo Zabaleta (DNI {L('national_id', dni())}),
pour Milan, Giovanna Rossetti (codice fiscale {L('national_id', cf)}). Je n'ai ouvert que la première feuille.
""")

# ================================================================ chat
def chat():
    c = "chat"
    add(c, "en", f"""#infra-oncall  (Slack export)
[10:02] kev.marsh: bastion is up again
[10:02] kev.marsh: try `ops` / `{L('password_assignment', 'Wint3r-Harbor!')}` on {L('internal_hostname', 'bastion-02.corp.halden.io', opt=True)}, I'll rotate it tonight
[10:03] priya.s: 👍 in. thx
[10:05] priya.s: btw deploy {N('git_sha', git_sha(7))} is green
""")
    add(c, "fr", f"""[12/03/2025, 09:14] Julien Barthès: le wifi invité de la boutique c'est toujours « {L('password_assignment', 'BoulangerieDuPort2024')} »
[12/03/2025, 09:15] Maëlle: ok merci 🙏 et le numéro du livreur ?
[12/03/2025, 09:15] Julien Barthès: Karim, {L('phone_number', fr_mobile())}
[12/03/2025, 09:16] Maëlle: 😂 parfait
""")
    add(c, "en", f"""<dreww> anyone seen the new tag? {N('git_sha', git_sha())}
<hollis> yes, sha256 of the tarball is {N('sha256', sha256())}
<dreww> and the config sample says password: {N('redacted', '********')} lol
<hollis> it's a placeholder, real one is in vault. see {N('uuid', uuid4())} in the ticket
<dreww> k. bumping to {N('version', '3.0.0-beta.4')}
""")
    add(c, "fr", f"""Microsoft Teams — conversation « Projet Hermès »
Lefebvre, Arnaud  14:21
Je te colle le jeton du bot pour que tu testes l'intégration :
{L('slack_token', slack_bot())}
Lefebvre, Arnaud  14:22
supprime le message après stp 😅
Nguyen, Thi Ha  14:30
C'est bon, c'est noté 👌
""")
    add(c, "en", f"""🛒 payments-dev — Discord
Zoltan — Today at 16:48
why does the checkout 401? here's what's in my .env: STRIPE_SECRET={L('stripe_key', stripe_key('sk_live_'))}
Benedetta — Today at 16:50
dude that's the LIVE key, revoke it 🙃 use {N('doc_value', 'sk_test_...')} locally
""")
    add(c, "fr", f"""#support-n2 (export Slack)
[08:41] louise.t: je reprends le ticket {N('order_id', 'INC0048213')} ouvert le {N('date', '02/04/2025')}
[08:42] louise.t: version du client {N('version', '12.4.7')}, id de session {N('uuid', uuid4())}
[08:44] marc.d: ok, si besoin mon numéro pour ce dossier : {N('reporter_contact', '06 33 71 84 20')}
[08:45] louise.t: le mot de passe dans les logs est bien masqué ({N('redacted', 'password=***')}), rien à purger
""")
    l1, l2 = mrz_td3("GBR", "FAIRWEATHER", "OLIVIA<ROSE", "5194" + rs(5, DG), "GBR", "880415", "F", "310822")
    pn = l2[:9].rstrip("<")
    add(c, "en", f"""[3/18/25, 11:02:15 AM] Rachel (travel desk): hi! for the Toronto trip I need Olivia's details
[3/18/25, 11:04:40 AM] Sam Okafor: passport {L('identity_document', pn)}, DOB {L('date_of_birth', '15 Apr 1988')}, exp 22/08/2031
[3/18/25, 11:05:02 AM] Sam Okafor: bottom line of the scan in case you need it: {L('identity_document', l2)}
[3/18/25, 11:05:30 AM] Rachel (travel desk): perfect ✈️
""")
    add(c, "fr", f"""*** #lab-pentest sur irc.interne
<vdk> qqn a le pass du compte root sur la vm kali-07 ?
<Steph_R> ouais c {L('password_assignment', 'Tournesol_77')} , mais chnage le stp
<vdk> merci, c'est bien {L('private_ip', '10.0.99.27', opt=True)} ?
<Steph_R> oui
""")
    add(c, "en", f"""Teams — Vuln disclosure sync
Hannah Leclerc: CVSS we agreed: {N('cvss_vector', 'CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N')}
Oskar Vial: and the PoC hits {N('documentation_ip', '192.0.2.10')} in the writeup, not the customer's {N('public_ip', '81.2.69.160')}
Hannah Leclerc: good. config sample keeps `db_password: your-password-here`
Oskar Vial: ✅ embargo until {N('date', '2025-07-01')}
""".replace("db_password: your-password-here", N('placeholder', 'db_password: your-password-here')))
    tok = jwt({"sub": "u-77812", "role": "admin", "iat": 1736245200, "exp": 1736331600})
    add(c, "fr", f"""Mattermost — ~recette
Florian P. : tiens, pour reproduire tu peux rejouer avec celui-là, il est encore valide jusqu'à demain :
{L('jwt', tok)}
Inès B. : top, ça marche sur /api/v2/admin 😬
""")
    add(c, "en", f"""[#alerts-migration] jules.b: new webhook for the alert bridge, paste it in the grafana contact point:
[#alerts-migration] jules.b: {L('slack_webhook', slack_webhook())}
[#alerts-migration] mira.k: done, test alert received at {N('timestamp', '14:07:33 UTC')}
""")
    add(c, "fr", f"""[05/06/2025 17:32] Agence Solvéa : Bonjour, pour toute réclamation merci d'appeler notre service client au {N('company_contact', '09 70 80 90 10')} ou d'écrire à {N('company_contact', 'serviceclient@solvea.fr')}.
[05/06/2025 17:33] Agence Solvéa : Votre commande n° {N('order_id', '2025-060512-4471')} d'un montant de {N('amount', '89,00 €')} a été expédiée.
[05/06/2025 17:40] Moi : merci !
""")
    add(c, "fr", f"""#equipe-compta (Slack)
[09:10] sandrine.m: petite info, Rodolphe est absent jusqu'au 30 : {L('health_data', 'opéré du genou (ligamentoplastie), arrêt maladie de 6 semaines')}
[09:11] sandrine.m: si vous voulez lui envoyer une carte : {L('postal_address', '23 rue Lamartine, 21000 Dijon')}
[09:12] pierre.v: 😮 bon rétablissement à lui
""")
    add(c, "en", f"""<anna_k> can someone verify the release key before I sign off?
<mfr> fingerprint {N('pgp_fingerprint', pgp_fpr(True))}
<mfr> host key {N('ssh_fingerprint', ssh_fpr())}
<anna_k> matches the one on the website. and the old MD5 style one {N('ssh_fingerprint', md5_fpr())} is gone 👍
""")


# ================================================================ config_file
def config_file():
    c = "config_file"
    add(c, "en", f"""# /etc/wpa_supplicant/wpa_supplicant.conf  (pulled from the kiosk image)
ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev
update_config=1
country=GB

network={{
    ssid="HALDEN-STAFF"
    psk="{L('password_assignment', 'gr33nF1eld$Staff')}"
    key_mgmt=WPA-PSK
}}
""")
    add(c, "fr", f"""# ~/.pgpass du compte de supervision — retrouvé dans la sauvegarde /backup/home.tar
# format : hôte:port:base:utilisateur:mot_de_passe
{L('internal_hostname', 'pgsql-supervision.int.norvane.fr', opt=True)}:5432:zabbix:zbx_reader:{L('password_assignment', 'Ch4ton-Rouge-91')}
*:*:*:postgres:{L('password_assignment', 'pg!admin2023')}
""")
    add(c, "en", f"""# /etc/postfix/sasl_passwd   (postmap'd into sasl_passwd.db)
[smtp.mailrelay-eu.net]:587    notifications@corvid-labs.io:{L('password_assignment', 'Rel4y-Kestrel-556')}
""")
    add(c, "fr", f"""# /etc/sssd/sssd.conf — poste du poste de garde
[sssd]
services = nss, pam
domains = ad.vernier.local

[domain/ad.vernier.local]
id_provider = ldap
ldap_uri = ldaps://{L('internal_hostname', 'dc01.ad.vernier.local', opt=True)}
ldap_default_bind_dn = CN=svc-sssd,OU=Services,DC=ad,DC=vernier,DC=local
ldap_default_authtok_type = password
ldap_default_authtok = {L('password_assignment', 'Lune&Marée2022')}
# ne pas oublier : chmod 600
""")
    add(c, "en", f"""# client.ovpn as distributed to field engineers
client
dev tun
proto udp
remote {N('public_hostname', 'vpn.corvid-labs.io')} 1194
auth-user-pass
cipher AES-256-GCM
<ca>
{N('certificate', certificate(4))}
</ca>
<key>
{L('private_key', private_key('PKCS8', 5))}
</key>
""")
    add(c, "fr", f"""# /etc/NetworkManager/system-connections/Atelier-5G.nmconnection
[connection]
id=Atelier-5G
uuid={N('uuid', uuid4())}
type=wifi

[wifi]
mode=infrastructure
ssid=Atelier-5G

[wifi-security]
key-mgmt=wpa-psk
psk={L('password_assignment', 'Copeaux.Erable.2024')}

[ipv4]
method=auto
""")
    add(c, "en", f"""# /etc/ipsec.secrets - strongSwan IPsec secrets file
# site-to-site tunnel HQ <-> warehouse
{N('documentation_ip', '203.0.113.9')} {N('documentation_ip', '198.51.100.77')} : PSK "{L('password_assignment', 'v8Qm2#tLx!oPz4Wc')}"
: RSA /etc/ipsec.d/private/hq-key.pem
""")
    add(c, "fr", f"""# ~/.netrc du compte de déploiement (fichier joint à l'archive de support !)
machine {N('public_hostname', 'artifacts.norvane.fr')}
  login deploy-bot
  password {L('password_assignment', 'Bx7-Halte-Orage')}
machine api.github.com login norvane-ci password {L('github_token', gh_token())}
""")
    add(c, "en", f"""# ~/.my.cnf template from the vendor's installation guide
[client]
user = backup
password = "{N('placeholder', 'CHANGE_ME')}"
host = {N('infrastructure_info', 'db-backup.internal')}
# connect_timeout=10
# ssl-ca=/etc/mysql/ca.pem   (sha256 {N('sha256', sha256())})
""")
    add(c, "fr", f"""# pg_hba.conf — extrait de la configuration livrée (aucun secret dans ce fichier)
# TYPE  DATABASE  USER      ADDRESS            METHOD
local   all       postgres                     peer
host    all       all       {N('infrastructure_info', '10.20.0.0/16')}      scram-sha-256
host    replication replicator {N('infrastructure_info', '10.20.4.11/32')}   scram-sha-256
hostssl all       all       {N('documentation_ip', '192.0.2.0/24')}       cert
# mot de passe : voir le coffre (référence {N('uuid', uuid4())})
""")
    add(c, "en", f"""# redis.conf (diff against upstream default, nothing sensitive)
bind 127.0.0.1 -::1
protected-mode yes
port 6379
# requirepass {N('doc_value', 'foobared')}
requirepass {N('placeholder', '${REDIS_PASSWORD}')}
maxmemory 2gb
# rename-command CONFIG {N('hash_like', md5())}
""")
    add(c, "en", f"""# /etc/fstab on the NAS gateway
UUID={N('uuid', uuid4())}  /          ext4   defaults  0 1
//{L('internal_hostname', 'files01.corvid.lan', opt=True)}/finance  /mnt/finance  cifs  username=svc_scan,password={L('password_assignment', 'Sc4nner#Ledger')},vers=3.0  0 0
//{L('private_ip', '10.8.1.20', opt=True)}/public  /mnt/public  cifs  credentials=/root/.smb-public,ro  0 0
""")
    add(c, "fr", f"""# ~/.config/rclone/rclone.conf (poste de la comptable)
[sauvegarde-s3]
type = s3
provider = AWS
access_key_id = {L('aws_access_key_id', aws_akid())}
secret_access_key = {L('aws_secret_key', aws_secret())}
region = eu-west-3

[nas-maison]
type = sftp
host = {N('documentation_ip', '192.0.2.44')}
user = compta
pass = {L('password_assignment', rs(46, B64U))}
""")
    add(c, "fr", f"""# ~/.msmtprc — modèle conseillé par l'équipe système
defaults
auth on
tls on
tls_trust_file /etc/ssl/certs/ca-certificates.crt

account relais
host {N('public_hostname', 'smtp.gandi.net')}
port 587
from {N('company_contact', 'noreply@norvane.fr')}
user noreply@norvane.fr
passwordeval "gpg --quiet --decrypt ~/.msmtp-pass.gpg"
# surtout pas de « password » en clair ici
""")

# ================================================================ config_yaml
def config_yaml():
    c = "config_yaml"
    add(c, "en", f"""# application.yml (Spring Boot) — from the exposed /actuator/env dump
spring:
  datasource:
    url: jdbc:postgresql://{L('internal_hostname', 'orders-db.prod.svc.cluster.local', opt=True)}:5432/orders
    username: orders_app
    password: "{L('password_assignment', 'Qw7!mZp3-orders')}"
  mail:
    host: smtp.sendgrid.net
    password: {L('sendgrid_key', sendgrid_key())}
management:
  endpoints.web.exposure.include: "*"
""")
    add(c, "fr", f"""# config/secrets.yml — fichier versionné par erreur dans le dépôt public
production:
  secret_key_base: {L('password_assignment', rs(128, HEX))}
  stripe:
    publishable_key: {N('public_key', 'pk_live_' + rs(24))}
    secret_key: {L('stripe_key', stripe_key('sk_live_'))}
  # clé Google Maps (restreinte au domaine ? à vérifier)
  google_maps_key: {L('google_api_key', google_key())}
""")
    add(c, "en", f"""# .gitlab-ci.yml
variables:
  DOCKER_DRIVER: overlay2
  REGISTRY_PASSWORD: $CI_REGISTRY_PASSWORD
  NPM_TOKEN: ${{NPM_TOKEN}}
stages: [build, test]
build:
  image: node:20.11.1-alpine
  script:
    - npm ci   # lockfile integrity {N('npm_integrity', npm_integrity())}
    - npm run build
  only: [main]
""".replace("REGISTRY_PASSWORD: $CI_REGISTRY_PASSWORD", N('placeholder', 'REGISTRY_PASSWORD: $CI_REGISTRY_PASSWORD')).replace("NPM_TOKEN: ${NPM_TOKEN}", N('placeholder', 'NPM_TOKEN: ${NPM_TOKEN}')))
    add(c, "fr", f"""# docker-compose.override.yml laissé sur le serveur de recette
services:
  api:
    environment:
      - DATABASE_URL={L('connection_string', f"mysql://recette:{rs(16)}@{'db-recette'}:3306/crm", also=['url_credentials'])}
      - JWT_SECRET={L('password_assignment', 'une-phrase-secrete-pour-signer-les-jetons-2024')}
      - TZ=Europe/Paris
  db:
    image: mariadb:10.11.6
""")
    add(c, "en", f"""# ansible group_vars/all.yml — vault-encrypted values only
ansible_user: deploy
db_password: !vault |
  {N('vault_blob', '$ANSIBLE_VAULT;1.1;AES256')}
  {N('vault_blob', rs(64, DG + 'abcdef'))}
  {N('vault_blob', rs(64, DG + 'abcdef'))}
ntp_servers: [{N('public_hostname', '0.pool.ntp.org')}, {N('public_hostname', '1.pool.ntp.org')}]
monitoring_host: {N('infrastructure_info', 'mon01.ops.internal')}
""")
    add(c, "fr", f"""# values.yaml — chart Helm « portail-adherents » (extrait fourni par le client)
image:
  tag: "{N('version', '3.14.2')}"
  digest: sha256:{N('sha256', sha256())}
ingress:
  host: adherents.mutuelle-exemple.fr
postgresql:
  auth:
    username: portail
    password: ""            # injecté par le secret externe
    existingSecret: portail-db
resources:
  limits: {{cpu: 500m, memory: 512Mi}}
""")
    add(c, "en", f"""# prometheus alertmanager.yml
global:
  resolve_timeout: 5m
  slack_api_url: '{L('slack_webhook', slack_webhook())}'
  smtp_smarthost: 'smtp.office365.com:587'
  smtp_auth_username: 'alerts@brightwater-energy.co.uk'
  smtp_auth_password: '{L('password_assignment', 'Tide%Turbine%2023')}'
route:
  receiver: ops-slack
""")
    add(c, "fr", f"""# netplan / cloud-init user-data d'une borne de recharge
#cloud-config
users:
  - name: maintenance
    passwd: {L('password_hash', sha512crypt())}
    ssh_authorized_keys:
      - {N('public_key', ssh_pub('maint@atelier'))}
chpasswd:
  list: |
    root:{L('password_assignment', 'Borne-Recharge-Root-01')}
  expire: false
""")
    add(c, "en", f"""# github actions workflow .github/workflows/release.yml
on:
  push:
    tags: ['v*']
jobs:
  publish:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@{N('git_sha', git_sha())}
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: ${{{{ secrets.NPM_TOKEN }}}}
      - run: echo "released {N('version', '2.8.0')}"
""")
    add(c, "fr", f"""# inventaire-stagiaires.yml — fichier de provisionnement des comptes (envoyé en pièce jointe)
stagiaires:
  - nom: Capucine Royer-Dalmasso
    naissance: {L('date_of_birth', '1999-06-11')}
    courriel: {L('email_address', 'capucine.royer.dalmasso@gmail.com')}
    telephone: "{L('phone_number', fr_intl())}"
    mot_de_passe_initial: {L('password_assignment', 'Bienvenue-Juin-11')}
  - nom: Test Utilisateur
    courriel: {L('email_address', 'test.user@example.org', sev='info')}
""")
    add(c, "en", f"""# openapi.yaml (excerpt) — example values only
components:
  securitySchemes:
    bearerAuth: {{type: http, scheme: bearer, bearerFormat: JWT}}
  schemas:
    User:
      properties:
        email: {{type: string, example: {N('doc_value', 'jane.doe@example.com')}}}
        id: {{type: string, format: uuid, example: {N('uuid', uuid4())}}}
        created: {{type: string, example: "{N('timestamp', '2024-05-01T12:00:00Z')}"}}
""")


# ================================================================ config_json
def config_json():
    c = "config_json"
    gkey = private_key('PKCS8', 6).replace("\n", "\\n")
    add(c, "en", f"""{{
  "type": "service_account",
  "project_id": "lumen-analytics-prod",
  "private_key_id": "{L('gcp_service_account', rs(40, HEX))}",
  "private_key": "{L('private_key', gkey, also=['gcp_service_account'])}",
  "client_email": "bq-export@lumen-analytics-prod.iam.gserviceaccount.com",
  "client_id": "{N('numeric_id', rs(21, DG))}",
  "token_uri": "https://oauth2.googleapis.com/token"
}}
""")
    add(c, "fr", f"""// config.json de l'extension navigateur (décompressée depuis le .crx)
{{
  "apiBase": "https://api.tarifia.fr/v3",
  "sentryDsn": "https://{N('public_key', rs(32, HEX))}@o{N('numeric_id', rs(6, DG))}.ingest.sentry.io/{N('numeric_id', rs(7, DG))}",
  "openaiKey": "{L('ai_api_key', openai_key())}",
  "featureFlags": {{"beta": true}}
}}
""")
    add(c, "en", f"""{{
  "name": "@fernwood/ui-kit",
  "version": "{N('version', '4.2.1')}",
  "lockfileVersion": 3,
  "packages": {{
    "node_modules/lodash": {{
      "version": "{N('version', '4.17.21')}",
      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",
      "integrity": "{N('npm_integrity', npm_integrity())}"
    }},
    "node_modules/uuid": {{
      "version": "{N('version', '9.0.1')}",
      "integrity": "{N('npm_integrity', npm_integrity())}"
    }}
  }}
}}
""")
    add(c, "fr", f"""{{
  "_commentaire": "appsettings.Production.json trouvé dans wwwroot/",
  "ConnectionStrings": {{
    "Principale": "{L('connection_string', f"Server={'sql-prod-01.groupe-aldane.local'};Database=Facturation;User Id=app_fact;Password={rs(12)}!;Encrypt=True")}"
  }},
  "Stockage": {{
    "Blob": "{L('azure_connection_string', azure_conn('aldanefactures'))}"
  }},
  "Logging": {{"LogLevel": {{"Default": "Warning"}}}}
}}
""")
    add(c, "en", f"""{{
  "auths": {{
    "registry.gitlab.com": {{
      "auth": "{L('authorization_header', base64.b64encode(('ci-pull:' + gitlab_token()).encode()).decode(), also=['gitlab_token'])}"
    }},
    "ghcr.io": {{
      "auth": ""
    }}
  }},
  "credsStore": "desktop"
}}
""")
    add(c, "fr", f"""{{
  "schema": "https://json.schemastore.org/tsconfig",
  "compilerOptions": {{"target": "ES2022", "strict": true}},
  "_meta": {{
    "généré_le": "{N('timestamp', '2025-02-11T10:42:00+01:00')}",
    "commit": "{N('git_sha', git_sha())}",
    "empreinte": "{N('sha256', sha256())}",
    "jeton": "{N('placeholder', '<JETON_ICI>')}"
  }}
}}
""")
    add(c, "en", f"""{{
  "firebase": {{
    "apiKey": "{L('google_api_key', google_key())}",
    "authDomain": "tallyho-mobile.firebaseapp.com",
    "projectId": "tallyho-mobile"
  }},
  "twilio": {{"accountSid": "{N('account_sid', twilio_sid())}", "apiKey": "{L('twilio_key', twilio_key())}", "apiSecret": "{L('password_assignment', rs(32))}"}}
}}
""")
    add(c, "fr", f"""{{
  "export": "contacts_urgence.json (appli de gestion de crèche)",
  "enfants": [
    {{"prenom": "Léon", "date_naissance": "{L('date_of_birth', '2021-09-03')}", "allergies": "{L('health_data', 'allergie sévère à l’arachide, stylo d’adrénaline dans le sac')}",
     "parent": "Mathilde Caron", "tel_parent": "{L('phone_number', fr_mobile())}"}}
  ]
}}
""")
    add(c, "en", f"""{{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "ReporterSettings",
  "properties": {{
    "password": {{"type": "string", "minLength": 12, "default": "{N('placeholder', 'your-password-here')}"}},
    "apiKey": {{"type": "string", "pattern": "^[A-Za-z0-9]{{32}}$", "examples": ["{N('placeholder', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')}"]}},
    "fingerprint": {{"const": "{N('pgp_fingerprint', 'FC3C 4520 576E C756 AE73  0030 5369 49C4 8448 AE39')}"}}
  }}
}}
""")
    add(c, "fr", f"""{{
  "nom": "tableau-de-bord",
  "version": "{N('version', '1.0.0')}",
  "publishConfig": {{"registry": "https://npm.pkg.interne.fr/"}},
  "scripts": {{"deploy": "NPM_TOKEN={L('npm_token', npm_token())} npm publish"}},
  "auteur": "{N('company_contact', 'dev@tableaux-liberte.fr')}"
}}
""")


# ================================================================ config_ini
def config_ini():
    c = "config_ini"
    add(c, "en", f"""; php.ini overrides + app.ini of the legacy CRM
[database]
driver   = mysql
host     = {L('private_ip', '10.30.2.15', opt=True)}
user     = crm_legacy
password = {L('password_assignment', 'Marigold_1987')}

[smtp]
user = crm@wexford-supply.ie
pass = "{L('password_assignment', 'Wex!Supply!Mail')}"
""")
    add(c, "fr", f"""# ~/.aws/credentials (copié depuis le poste compromis, profil « compta »)
[default]
aws_access_key_id = {L('aws_access_key_id', aws_akid())}
aws_secret_access_key = {L('aws_secret_key', aws_secret())}

[compta]
aws_access_key_id = {L('aws_access_key_id', aws_akid('ASIA'))}
aws_secret_access_key = {L('aws_secret_key', aws_secret())}
aws_session_token = {L('password_assignment', 'IQoJb3JpZ2luX2VjE' + rs(120, B64))}
""")
    add(c, "en", f"""# setup.cfg / tox.ini — nothing secret here
[metadata]
name = quarryman
version = {N('version', '0.18.3')}
[tool:pytest]
addopts = --strict-markers
[pypi]
username = __token__
password = {N('placeholder', '%(PYPI_TOKEN)s')}
""")
    add(c, "fr", f"""; ~/.pypirc laissé dans l'image Docker de build
[distutils]
index-servers = pypi

[pypi]
username = __token__
password = {L('pypi_token', pypi_token())}
""")
    add(c, "en", f"""# smb.conf (Samba) from the scanner appliance
[global]
   workgroup = WEXFORD
   security = user
   passdb backend = tdbsam
   log file = /var/log/samba/log.%m
[scans]
   path = /srv/scans
   valid users = @scanners
   # old share, removed {N('date', '2023-10-02')}
""")
    add(c, "fr", f"""; configuration de l'agent de sauvegarde — C:\\ProgramData\\SauvePro\\agent.ini
[Serveur]
Adresse={L('internal_hostname', 'sauvegarde.siege.cabinet-durandal.local', opt=True)}
Port=9443
[Compte]
Identifiant=agent-poste-114
MotDePasse={L('password_assignment', 'Durandal#Sauve#114')}
[Chiffrement]
Phrase={L('password_assignment', "le chat de l'accueil s'appelle Gaston")}
""")
    add(c, "en", f"""# ~/.gitconfig (shared dotfiles repo)
[user]
    name = {N('reporter_contact', 'Priya Raman')}
    email = {N('reporter_contact', 'priya@raman-sec.example')}
    signingkey = {N('pgp_keyid', '0x' + rs(16, HEX.upper()))}
[url "https://{L('github_token', gh_token())}@github.com/"]
    insteadOf = https://github.com/
""", reporter="priya@raman-sec.example")
    add(c, "fr", f"""; paramètres.ini — version livrée avec la documentation, valeurs d'exemple
[Securite]
longueur_min_mot_de_passe = 12
mot_de_passe_admin = {N('placeholder', 'A_DEFINIR')}
jeton_api = {N('placeholder', '<votre-jeton>')}
[Reseau]
serveur_ntp = {N('public_hostname', 'ntp.obspm.fr')}
passerelle = {N('infrastructure_info', '192.168.10.254')}
; dernière mise à jour {N('date', '17/10/2024')}, révision {N('git_sha', git_sha(10))}
""")
    add(c, "en", f"""# odbc.ini found on the reporting server
[ReportingDSN]
Driver      = ODBC Driver 18 for SQL Server
Server      = tcp:{L('internal_hostname', 'mssql-rpt.corp.brightwater.lan', opt=True)},1433
Database    = Reporting
UID         = rpt_reader
PWD         = {L('password_assignment', 'Brightwater-Rpt-2022!')}
""")
    add(c, "fr", f"""# /etc/fetchmailrc — relève des boîtes partagées
set daemon 300
poll {N('public_hostname', 'imap.orange.fr')} protocol IMAP
   user "secretariat.mairie-bellegarde@orange.fr" there with password "{L('password_assignment', 'Mairie2019Bellegarde')}" is secretariat here
   ssl
""")


# ================================================================ env_file
def env_file():
    c = "env_file"
    add(c, "en", f"""# .env.production (served by the web root at /.env)
APP_ENV=production
APP_KEY=base64:{L('password_assignment', base64.b64encode(bytes(R.getrandbits(8) for _ in range(32))).decode())}
DB_HOST={L('private_ip', '10.0.3.12', opt=True)}
DB_PASSWORD={L('password_assignment', 'Larkspur#Prod#9')}
MAIL_PASSWORD={L('sendgrid_key', sendgrid_key())}
SENTRY_RELEASE={N('git_sha', git_sha())}
""")
    add(c, "fr", f"""# .env — environnement de recette (ne pas committer !!)
NODE_ENV=staging
MONGO_URI={L('connection_string', f"mongodb+srv://recette:{rs(18)}@cluster0.{rs(5, LO + DG)}.mongodb.net/boutique?retryWrites=true", also=['url_credentials'])}
SLACK_BOT_TOKEN={L('slack_token', slack_bot())}
ANTHROPIC_API_KEY={L('ai_api_key', anthropic_key())}
PORT=3000
""")
    add(c, "en", f"""# .env.example — copy to .env and fill in
DATABASE_URL=postgres://user:password@localhost:5432/app
STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx
GITHUB_TOKEN=
AWS_ACCESS_KEY_ID=<your-access-key-id>
JWT_SECRET=changeme
LOG_LEVEL=info
""".replace("postgres://user:password@localhost:5432/app", N('placeholder', 'postgres://user:password@localhost:5432/app'))
        .replace("sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", N('placeholder', 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx'))
        .replace("<your-access-key-id>", N('placeholder', '<your-access-key-id>')).replace("=changeme", "=" + N('placeholder', 'changeme')))
    add(c, "fr", f"""# variables du conteneur « facturation » (docker inspect, section Env)
TZ=Europe/Paris
FACT_SMTP_PASS={L('password_assignment', 'Facture!Avril!24')}
FACT_TWILIO_SID={N('account_sid', twilio_sid())}
FACT_TWILIO_KEY={L('twilio_key', twilio_key())}
FACT_TWILIO_SECRET={L('password_assignment', rs(32))}
FACT_IBAN_EMETTEUR={N('company_iban', 'FR76 3000 6000 0112 3456 7890 189')}
""")
    add(c, "en", f"""# .envrc (direnv) — everything comes from the password manager
export AWS_PROFILE=staging
export VAULT_ADDR=https://vault.internal.quarry.dev:8200
export DB_PASSWORD="$(op read op://staging/db/password)"
export GITHUB_TOKEN="$(gh auth token)"
export BUILD_ID={N('uuid', uuid4())}
""".replace("https://vault.internal.quarry.dev:8200", N('infrastructure_info', 'https://vault.internal.quarry.dev:8200')))
    add(c, "fr", f"""# .env.local
VITE_API_URL=https://api.rando-alpes.fr
VITE_MAPBOX_TOKEN={N('public_token', 'pk.eyJ1Ijoi' + rs(40, B64U) + '.' + rs(22, B64U))}
VITE_BUILD={N('timestamp', '20250314-1822')}
VITE_VERSION={N('version', '2.3.9')}
# VITE_ADMIN_PASSWORD=********
""".replace("********", N('redacted', '********')))
    add(c, "en", f"""# exported from Heroku: heroku config -s -a ledgerline-prod
DATABASE_URL='{L('connection_string', f"postgres://u{rs(12, LO + DG)}:p{rs(63, HEX)}@ec2-34-{R.randint(200, 250)}-{R.randint(10, 99)}-{R.randint(10, 250)}.eu-west-1.compute.amazonaws.com:5432/d{rs(13, LO + DG)}", also=['url_credentials'])}'
REDIS_URL='{L('connection_string', f"redis://:p{rs(40, HEX)}@ec2-52-{R.randint(10, 99)}-{R.randint(10, 99)}-{R.randint(10, 99)}.eu-west-1.compute.amazonaws.com:12459", also=['url_credentials'])}'
WEB_CONCURRENCY='2'
""")
    add(c, "fr", f"""# secrets.env monté dans le pod du connecteur RH — contient aussi un compte de test réel…
CONNECTEUR_API_TOKEN={L('authorization_header', 'Bearer ' + rs(40), opt=True, also=['password_assignment'])}
TEST_SALARIE_NIR={L('national_id', fmt_nir(*nir('1', '79', '11', '33')))}
TEST_SALARIE_IBAN={L('iban', iban('FR'))}
TEST_SALARIE_ADRESSE="{L('postal_address', '4 impasse du Pressoir, 33310 Lormont')}"
""")
    add(c, "en", f"""# .flaskenv
FLASK_APP=wsgi.py
FLASK_DEBUG=0
SECRET_KEY=${{SECRET_KEY:?must be set}}
MAX_CONTENT_LENGTH=16777216
PASSWORD_MIN_LENGTH=12
SESSION_COOKIE_SECURE=true
""".replace("SECRET_KEY=${SECRET_KEY:?must be set}", N('placeholder', 'SECRET_KEY=${SECRET_KEY:?must be set}')).replace("PASSWORD_MIN_LENGTH=12", N('setting', 'PASSWORD_MIN_LENGTH=12')))
    add(c, "fr", f"""# .env du module de paiement, commentaires en français
# clé publique (peut être exposée) :
STRIPE_PK={N('public_key', 'pk_live_' + rs(24))}
# clé secrète restreinte :
STRIPE_RK={L('stripe_key', stripe_key('rk_live_'))}
WEBHOOK_SIGNING={L('password_assignment', 'whsec_' + rs(32))}
""")

# ================================================================ http_request
def http_request():
    c = "http_request"
    tok = jwt({"sub": "4471", "email": "k.brandt@helmsley-care.co.uk", "scope": "patients:read", "exp": 1767225600}, "RS256")
    add(c, "en", f"""GET /api/v1/patients/4472 HTTP/1.1
Host: {N('public_hostname', 'portal.helmsley-care.co.uk')}
Authorization: Bearer {L('authorization_header', tok, also=['jwt'])}
Accept: application/json
X-Request-ID: {N('uuid', uuid4())}
""")
    add(c, "fr", f"""POST /connexion HTTP/1.1
Host: extranet.transports-morvan.fr
Content-Type: application/x-www-form-urlencoded
Cookie: PHPSESSID={L('session_cookie', rs(26, LO + DG))}; lang=fr

identifiant=c.morvan&motdepasse={L('password_assignment', 'Autocar%2A1958')}&souvenir=1
""")
    add(c, "en", f"""GET /v2/catalog HTTP/1.1
Host: registry.example.net
Authorization: Basic {L('authorization_header', base64.b64encode(b'ci-reader:Gr4nite-Pull-88').decode())}
User-Agent: docker/24.0.7 go/go1.20.10
""")
    add(c, "fr", f"""GET /sauvegardes/export.zip?{L('azure_sas_token', azure_sas())} HTTP/1.1
Host: stockagecabinet01.blob.core.windows.net
x-ms-version: 2023-11-03
""")
    add(c, "en", f"""POST /graphql HTTP/2
Host: api.shoplane.io
Authorization: Bearer [REDACTED]
Cookie: session=REDACTED; _ga={N('analytics_id', 'GA1.2.' + rs(10, DG) + '.' + rs(10, DG))}
Content-Type: application/json
X-Trace: {N('uuid', uuid4())}

{{"query":"{{ order(id: \\"{N('order_id', 'ORD-88412-XZ')}\\") {{ total status }} }}"}}
""".replace("Authorization: Bearer [REDACTED]", N('redacted', 'Authorization: Bearer [REDACTED]')).replace("session=REDACTED", N('redacted', 'session=REDACTED')))
    add(c, "fr", f"""PUT /api/adherents/20931 HTTP/1.1
Host: mutuelle-lorraine-exemple.fr
Content-Type: application/json
X-Api-Key: {L('authorization_header', rs(32, HEX), also=['password_assignment'])}

{{"nom":"Wagner","prenom":"Sophie","naissance":"{L('date_of_birth', '14/02/1972')}","nir":"{L('national_id', ''.join(nir('2', '72', '02', '57')))}","iban":"{L('iban', iban('FR'))}"}}
""")
    add(c, "en", f"""GET /reports/q3.pdf HTTP/1.1
Host: {N('public_hostname', 'files.orchardline.com')}
If-None-Match: "{N('etag', md5())}"
If-Modified-Since: {N('timestamp', 'Tue, 08 Oct 2024 07:28:00 GMT')}
Accept-Encoding: gzip, br
""")
    add(c, "fr", f"""curl -v '{L('url_credentials', "https://admin:Camembert-76!@nas-famille.myds.me:5001/webapi/entry.cgi?api=SYNO.FileStation.List")}'
> GET /webapi/entry.cgi?api=SYNO.FileStation.List HTTP/1.1
> Host: nas-famille.myds.me:5001
> Authorization: Basic {L('authorization_header', base64.b64encode(b'admin:Camembert-76!').decode())}
""")
    add(c, "en", f"""POST /hooks/deploy HTTP/1.1
Host: ci.internal.tallow.dev
X-Hub-Signature-256: sha256={N('hmac', sha256())}
X-GitHub-Delivery: {N('uuid', uuid4())}
Content-Type: application/json

{{"ref":"refs/heads/main","after":"{N('git_sha', git_sha())}","pusher":{{"name":"ci-bot","email":"{N('doc_value', 'noreply@github.com')}"}}}}
""".replace("ci.internal.tallow.dev", N('infrastructure_info', 'ci.internal.tallow.dev')))
    add(c, "fr", f"""GET /api/v1/lecture?fichier=../../../../etc/passwd HTTP/1.1
Host: {N('documentation_ip', '198.51.100.14')}:8080
Authorization: Bearer {N('placeholder', '<JETON>')}
Accept: */*
Date: {N('timestamp', 'Mon, 10 Mar 2025 09:12:44 GMT')}
""")


# ================================================================ http_response
def http_response():
    c = "http_response"
    add(c, "en", f"""HTTP/1.1 200 OK
Server: nginx/1.18.0
Content-Type: application/json
Set-Cookie: sid={L('session_cookie', 's%3A' + rs(32, B64U) + '.' + rs(43, B64U))}; Path=/; HttpOnly

{{"id":1187,"username":"r.delacroix","email":"{L('email_address', 'rdelacroix@fastmail.fm')}","mobile":"{L('phone_number', uk_mobile())}","role":"viewer"}}
""")
    add(c, "fr", f"""HTTP/1.1 500 Internal Server Error
Content-Type: text/plain; charset=utf-8

SQLSTATE[28000] [1045] Accès refusé pour l'utilisateur 'boutique'@'{L('private_ip', '10.1.4.22', opt=True)}'
DSN utilisé : {L('connection_string', 'mysql:host=db-boutique.lan;dbname=shop;user=boutique;password=Fromage-Bleu-2021')}
""")
    add(c, "en", f"""HTTP/2 200
content-type: application/json
x-request-id: {N('uuid', uuid4())}
etag: W/"{N('etag', md5())}"

{{"token_type":"Bearer","access_token":"{L('jwt', jwt({"sub": "svc-report", "aud": "reporting", "iat": 1741600000, "exp": 1741603600}))}","expires_in":3600}}
""")
    add(c, "fr", f"""HTTP/1.1 200 OK
Content-Type: application/json

{{"commande":"{N('order_id', 'CMD-77104')}","statut":"expédiée","montant":"{N('amount', '342,50 €')}","transporteur":"Colissimo","suivi":"{N('tracking', '6A' + rs(11, DG))}","date":"{N('date', '2025-01-21')}"}}
""")
    add(c, "en", f"""HTTP/1.1 200 OK
Content-Type: application/json
Cache-Control: no-store

{{"aws":{{"AccessKeyId":"{L('aws_access_key_id', aws_akid('ASIA'))}","SecretAccessKey":"{L('aws_secret_key', aws_secret())}","Token":"{L('password_assignment', 'IQoJb3JpZ2luX2VjE' + rs(96, B64), opt=True)}","Expiration":"{N('timestamp', '2025-03-11T18:20:00Z')}"}}}}
""")
    add(c, "fr", f"""HTTP/1.1 200 OK
Content-Type: application/json; charset=utf-8

{{"salarié":"Jérôme Bastide","matricule":"{N('employee_id', 'M-20418')}","poste":"technicien","rémunération":"{L('employment_data', '2 980 € brut mensuel, prime annuelle supprimée suite à sanction')}","adresse":"{L('postal_address', '15 chemin des Vignes, 26000 Valence')}"}}
""")
    add(c, "en", f"""HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="api", error="invalid_token"
Content-Type: application/problem+json

{{"type":"about:blank","title":"Unauthorized","detail":"token ***** expired at {N('timestamp', '2025-02-02T10:00:00Z')}","traceId":"{N('trace_id', rs(32, HEX))}"}}
""")
    add(c, "fr", f"""HTTP/1.1 200 OK
Server: Apache/2.4.58 (Debian)
Content-Type: text/plain

# sauvegarde exposée : /.git/config
[remote "origin"]
	url = {L('url_credentials', f"https://deploy:{gitlab_token()}@gitlab.agence-pixel.fr/clients/site-vitrine.git", also=['gitlab_token'])}
	fetch = +refs/heads/*:refs/remotes/origin/*
""")
    add(c, "en", f"""HTTP/1.1 200 OK
Content-Type: application/json

{{"status":"ok","version":"{N('version', '8.4.2')}","build":"{N('git_sha', git_sha())}","uptime":"{N('duration', '18d 04:12:55')}","node":"{N('public_ip', '34.117.59.81')}","support":"{N('company_contact', 'support@statusboard.io')}"}}
""")
    add(c, "fr", f"""HTTP/1.1 200 OK
Content-Type: application/json

[{{"id":1,"nom":"Aubert","prenom":"Lina","email":"{L('email_address', 'lina.aubert@laposte.net')}","tel":"{L('phone_number', fr_mobile())}"}},
 {{"id":2,"nom":"Démo","prenom":"Compte","email":"{L('email_address', 'demo@example.com', sev='info')}","tel":"{N('placeholder', '00 00 00 00 00')}"}}]
""")

# ================================================================ email_message
def email_message():
    c = "email_message"
    add(c, "en", f"""From: Lars Vinther <{N('reporter_contact', 'lars@vinther-research.dk')}>
To: {N('psirt_address', 'psirt@thalesgroup.com')}
Subject: Re: [TPSIRT-2025-0311] hard-coded credentials in maintenance tool
Date: {N('timestamp', 'Thu, 13 Mar 2025 16:40:11 +0100')}
Message-ID: <{N('message_id', uuid4())}@vinther-research.dk>

Hello,

> > Could you send us the exact value you extracted?
> Sure, see below.

The tool authenticates to the update backend with user "maint" and the string {L('password_assignment', 'K!ngfisher-Update-77')} hard-coded in MaintTool.dll.

--
Lars Vinther | {N('reporter_contact', '+45 31 62 80 17')}
""", reporter="lars@vinther-research.dk")
    add(c, "fr", f"""De : Chloé Brunetti <{N('reporter_contact', 'chloe.brunetti@cyberveille.fr')}>
À : {N('psirt_address', 'psirt@thalesgroup.com')}
Objet : Signalement — exposition de données personnelles
Date : {N('timestamp', 'mar. 4 févr. 2025 10:02:33 +0100')}

Bonjour,

Le serveur FTP anonyme contient un fichier « candidats.csv ». Premier enregistrement, pour que vous puissiez l'identifier :
Kevin Ramdani, né le {L('date_of_birth', '09/12/1994')}, {L('postal_address', '31 boulevard Gambetta, 30000 Nîmes')}, {L('email_address', 'kevin.ramdani94@hotmail.fr')}.

Bien cordialement,
Chloé Brunetti
{N('reporter_contact', '07 81 55 02 46')}
""", reporter="chloe.brunetti@cyberveille.fr")
    add(c, "en", f"""From: {N('psirt_address', 'cna-coordinator@thalesgroup.com')}
To: Arjun Mehta <{N('reporter_contact', 'arjun.mehta@protonmail.com')}>
Subject: Re: CNA appeal — no response from CNA
Date: {N('timestamp', 'Mon, 17 Feb 2025 08:15:00 +0000')}

Dear Arjun,

We acknowledge receipt of your appeal (reference {N('order_id', 'CNA-APL-2025-007')}) regarding {N('cve_id', 'CVE-2024-48117')}.
We will come back to you within 3 working days.

> On 14 Feb 2025, Arjun Mehta wrote:
> The CNA has not replied since {N('date', '2024-11-02')}. Request id {N('uuid', uuid4())}.

Thales Group Root CNA
""", reporter="arjun.mehta@protonmail.com")
    add(c, "fr", f"""De : Service informatique <{N('company_contact', 'informatique@clinique-des-cedres.fr')}>
À : Tous les utilisateurs
Objet : Fwd: votre nouveau compte messagerie
Date : {N('timestamp', 'lun. 6 janv. 2025 08:30:12 +0100')}

> ---------- Message transféré ---------
> > Bonjour Dr Hervé Lamarque,
> > votre compte est créé. Identifiant : h.lamarque
> > Mot de passe provisoire : {L('password_assignment', 'Cedres-2025-HL!')}
> > Merci de le modifier à la première connexion.

(message envoyé par erreur à toute la liste de diffusion)
""")
    add(c, "en", f"""Return-Path: <{N('company_contact', 'bounce@mailer.nimbusbank.com')}>
Received: from mx1.nimbusbank.com ({N('public_ip', '52.17.88.140')}) by mx.example.net
DKIM-Signature: v=1; a=rsa-sha256; d=nimbusbank.com; s=s1; bh={N('dkim_hash', base64.b64encode(bytes(R.getrandbits(8) for _ in range(32))).decode())}
From: Nimbus Bank <{N('company_contact', 'no-reply@nimbusbank.com')}>
Subject: Your statement is ready

Dear customer, your March statement is available in online banking.
Customer service: {N('company_contact', '+44 345 600 2290')} (Mon–Fri 8:00–20:00). Ref {N('order_id', 'ST-2025-03-771902')}.
""")
    add(c, "fr", f"""De : Yannick Fournel <{N('reporter_contact', 'y.fournel@sec-ouest.fr')}>
À : {N('psirt_address', 'psirt@thalesgroup.com')}
Objet : [chiffré] compléments sur la clé privée

Bonjour,

Comme demandé, voici la clé extraite de la partition /data du terminal (je la joins pour prouver la non-révocation, désolé si c'est trop) :

{L('private_key', private_key('EC', 3))}

Signature :
{N('reporter_contact', 'Yannick Fournel')} — {N('reporter_contact', '02 99 41 76 08')}
""", reporter="y.fournel@sec-ouest.fr")
    add(c, "en", f"""From: Helpdesk <{N('company_contact', 'helpdesk@corbel-logistics.com')}>
To: Sandra Whitcombe <{L('email_address', 'sandra.whitcombe@corbel-logistics.com')}>
Subject: RE: expense refund

Hi Sandra,
The refund will be paid to the account on file: {L('iban', fmt_iban(iban('GB')))}.
Your card ending 4417 was not charged.

> Sandra Whitcombe | Senior Buyer | mobile {L('phone_number', uk_mobile())}
""")
    add(c, "fr", f"""De : Marion Tessier <{N('reporter_contact', 'marion.tessier@auditexa.fr')}>
À : {N('psirt_address', 'psirt@thalesgroup.com')}
Objet : Vulnérabilité XSS — pas de données sensibles

Bonjour,

Version affectée : {N('version', '6.0.3')}. Vecteur : {N('cvss_vector', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N')}.
Clé PGP pour la réponse : {N('pgp_fingerprint', pgp_fpr())}.
Le jeton de la capture a été remplacé par {N('redacted', '[REDACTED]')}.

Marion Tessier — Auditexa, {N('company_contact', '8 place Bellecour, 69002 Lyon')} — standard {N('company_contact', '04 78 00 12 34')}
""", reporter="marion.tessier@auditexa.fr")
    add(c, "en", f"""From: ops-bot <{N('company_contact', 'ops-bot@tallow.dev')}>
To: dev-team@tallow.dev
Subject: [nightly] DB dump uploaded

Backup OK. Restore with:
  pg_restore -d {L('connection_string', f"postgresql://restore:{rs(20)}@{'10.9.0.4'}:5432/ledger", also=['url_credentials'])} dump-{N('timestamp', '20250309')}.pgc
Size 4.2 GB, sha256 {N('sha256', sha256())}
""")
    add(c, "fr", f"""De : Pauline Girardot <{N('reporter_contact', 'p.girardot@redteam-sud.fr')}>
À : {N('psirt_address', 'psirt@thalesgroup.com')}
Objet : Re: Re: accès au dossier patient

> > > Pouvez-vous préciser ce qui était visible ?
> > Oui, cf. ci-dessous.
> Le dossier d'un patient, M. Sébastien Rolland, né le {L('date_of_birth', '22 août 1967')},
> avec le motif d'hospitalisation « {L('health_data', 'insuffisance cardiaque décompensée, pose de défibrillateur')} ».

Je confirme n'avoir consulté que ce dossier.
""", reporter="p.girardot@redteam-sud.fr")


# ================================================================ markdown_report
def markdown_report():
    c = "markdown_report"
    add(c, "en", f"""## Finding 3 — Exposed Jenkins credentials

| Item | Value |
|---|---|
| Host | {L('internal_hostname', 'jenkins.build.orchardline.internal', opt=True)} |
| Credential id | `{N('uuid', uuid4())}` |
| Secret (decrypted) | `{L('github_token', gh_token())}` |

```groovy
withCredentials([string(credentialsId: 'gh', variable: 'TOKEN')]) {{ sh 'git push' }}
```
""")
    add(c, "fr", f"""# Rapport de test d'intrusion — synthèse

## Constat 2 : mot de passe dans un script

Le script `deploy.ps1` contient :

```powershell
$cred = New-Object PSCredential("SIEGE\\svc_deploy", (ConvertTo-SecureString "{L('password_assignment', 'Printemps2025!!')}" -AsPlainText -Force))
```

**Recommandation** : utiliser un coffre (gMSA).
""")
    add(c, "en", f"""# Advisory draft — ACME-2025-04

**Affected**: `fernwood-ui` {N('version', '< 4.2.2')}  
**Fixed in**: {N('version', '4.2.2')} (commit `{N('git_sha', git_sha())}`)  
**CVSS**: `{N('cvss_vector', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N')}`

```bash
curl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/items
```

Credits: {N('reporter_contact', 'Ada Whitlock')} ({N('reporter_contact', 'ada@whitlock.example')}).
""", reporter="ada@whitlock.example")
    add(c, "fr", f"""### Annexe B — preuve de concept

1. Récupérer le fichier `backup_2024.sql` via l'URL prévisible.
2. Les premières lignes contiennent :

```sql
INSERT INTO clients VALUES (1,'Noémie','Lacroix','{L('date_of_birth', '1989-03-30')}','{L('iban', iban('FR'))}','{L('phone_number', fr_mobile())}');
```

3. Le hachage des mots de passe est faible : `{L('password_hash', '$1$' + rs(8, './' + AN) + '$' + rs(22, './' + AN))}`.
""")
    add(c, "en", f"""## Appendix — environment

- Tester IP: `{N('documentation_ip', '203.0.113.77')}`
- Target: `{N('public_hostname', 'shop.orchardline.com')}` (`{N('public_ip', '104.18.22.91')}`)
- Tools: Burp Suite {N('version', '2024.10.1')}, sqlmap {N('version', '1.8.11')}
- Dates: {N('date', '2025-01-13')} → {N('date', '2025-01-17')}

> Note: passwords in screenshots are masked (`••••••••`).

Internal names seen in error pages: `{N('infrastructure_info', 'app03.dmz.orchardline.lan')}`, `{N('infrastructure_info', '172.16.40.3')}`.
""")
    add(c, "fr", f"""## Détail du constat n° 5 — jeton Slack dans le dépôt

Fichier `notify.py`, ligne 12[^1] :

```python
SLACK = "{L('slack_token', slack_user())}"
```

[^1]: l'historique git montre le même jeton depuis le commit `{N('git_sha', git_sha(8))}`.
""")
    l1, l2 = mrz_td3("FRA", "MONTAGNIER", "CLAIRE<ANNE", "19AB" + rs(5, DG), "FRA", "910307", "F", "290611")
    add(c, "fr", f"""### Pièce exposée (extrait OCR, masqué partiellement par nos soins ? non : tel quel)

Le bucket public contient des scans de passeports. Pour identification, le premier fichier `passeport_0001.jpg` :

```
{L('identity_document', l1)}
{L('identity_document', l2)}
```

Titulaire née le {L('date_of_birth', '7 mars 1991')}.
""")
    add(c, "en", f"""## Finding 7 — Terraform state in public S3 bucket

```json
"attributes": {{
  "master_username": "rdsadmin",
  "master_password": "{L('password_assignment', 'Zq4!pLm8#tRe2')}",
  "endpoint": "{N('public_hostname', 'prod-db.c9akciq32.eu-west-1.rds.amazonaws.com')}:5432"
}}
```

The bucket listing shows 14 state files (last modified {N('date', '2025-02-27')}).
""")
    add(c, "fr", f"""# Compte rendu de réunion — gestion de l'incident

* Participants : équipe SOC, DPO
* Décision : rotation de **tous** les secrets listés dans le ticket {N('order_id', 'SEC-4410')}
* Exemple de ligne de journal (déjà expurgée) : `{N('redacted', 'user=admin password=[REDACTED] ip=203.0.113.5')}`
* Empreinte de l'archive des journaux : `{N('sha256', sha256())}`
* Prochaine réunion : {N('date', 'jeudi 20 mars, 14 h')}
* Référence CERT : {N('uuid', uuid4())}
""")
    add(c, "en", f"""## Finding 9 — webhook URL leaks in mobile app

`strings app-release.apk | grep hooks` returns:

```
{L('slack_webhook', slack_webhook())}
https://discord.com/api/webhooks/{N('numeric_id', rs(18, DG))}/REDACTED
```

Anyone can post to the `#payments-alerts` channel.
""".replace("https://discord.com/api/webhooks/", "https://discord.com/api/webhooks/"))

# ================================================================ git_diff
def git_diff():
    c = "git_diff"
    add(c, "en", f"""commit {N('git_sha', git_sha())}
Author: Dev Bot <{N('company_contact', 'devbot@quarry.dev')}>
Date:   {N('timestamp', 'Tue Mar 4 11:20:07 2025 +0000')}

    temp: hardcode token for demo

diff --git a/scripts/release.sh b/scripts/release.sh
index {N('git_sha', git_sha(7))}..{N('git_sha', git_sha(7))} 100755
--- a/scripts/release.sh
+++ b/scripts/release.sh
@@ -3,3 +3,3 @@
-export GITHUB_TOKEN="${{GITHUB_TOKEN:?}}"
+export GITHUB_TOKEN="{L('github_token', gh_fine())}"
 gh release create "$TAG" dist/*
""")
    add(c, "fr", f"""diff --git a/config/prod.php b/config/prod.php
--- a/config/prod.php
+++ b/config/prod.php
@@ -12,7 +12,7 @@ return [
     'db' => [
         'host' => 'localhost',
-        'password' => getenv('DB_PASS'), // lu depuis l'environnement
+        'password' => '{L('password_assignment', 'Olivier#Bordeaux33')}', // TODO remettre getenv avant la mise en prod
     ],
""")
    add(c, "en", f"""diff --git a/tests/fixtures/customers.json b/tests/fixtures/customers.json
new file mode 100644
--- /dev/null
+++ b/tests/fixtures/customers.json
@@ -0,0 +1,4 @@
+[
+  {{"name": "Eleanor Pybus", "ssn": "{L('national_id', ssn())}", "dob": "{L('date_of_birth', '1958-11-02')}", "card": "{L('payment_card', card('amex'))}"}},
+  {{"name": "Test User", "ssn": "{N('placeholder', '000-00-0000')}", "card": "{L('payment_card', '4242424242424242', sev='info')}"}}
+]
""")
    add(c, "fr", f"""commit {N('git_sha', git_sha())}
Auteur : Anaïs Perret <{N('company_contact', 'anais.perret@ateliers-numeriques.fr')}>
Date :   {N('timestamp', 'ven. 14 févr. 2025 17:02:44 +0100')}

    suppression de la clé privée commitée par erreur

diff --git a/deploy/id_ed25519 b/deploy/id_ed25519
deleted file mode 100600
--- a/deploy/id_ed25519
+++ /dev/null
@@ -1,7 +0,0 @@
-{L('private_key', private_key('OPENSSH', 5).replace(chr(10), chr(10) + '-'))}
""")
    add(c, "en", f"""diff --git a/package-lock.json b/package-lock.json
index {N('git_sha', git_sha(7))}..{N('git_sha', git_sha(7))} 100644
--- a/package-lock.json
+++ b/package-lock.json
@@ -2041,7 +2041,7 @@
     "node_modules/semver": {{
-      "version": "{N('version', '7.5.4')}",
-      "integrity": "{N('npm_integrity', npm_integrity())}",
+      "version": "{N('version', '7.6.0')}",
+      "integrity": "{N('npm_integrity', npm_integrity())}",
       "dev": true
""")
    add(c, "fr", f"""diff --git a/docs/installation.md b/docs/installation.md
--- a/docs/installation.md
+++ b/docs/installation.md
@@ -40,6 +40,8 @@
 Renseignez ensuite le fichier `.env` :
-    MOT_DE_PASSE=motdepasse
+    MOT_DE_PASSE=<à-remplacer>
+    # exemple d'empreinte attendue : {N('sha256', sha256())}
+    # clé publique de signature : {N('public_key', ssh_pub('release@ateliers'))}
""".replace("MOT_DE_PASSE=motdepasse", N('placeholder', 'MOT_DE_PASSE=motdepasse')).replace("MOT_DE_PASSE=<à-remplacer>", N('placeholder', 'MOT_DE_PASSE=<à-remplacer>')))
    add(c, "en", f"""$ git show {N('git_sha', git_sha(10))} -- settings/local.py
@@ -8,4 +8,6 @@ DEBUG = True
 ALLOWED_HOSTS = ["*"]
+SENDGRID_API_KEY = "{L('sendgrid_key', sendgrid_key())}"
+OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY", "{L('ai_api_key', openai_key())}")
 TIME_ZONE = "Europe/London"
""")
    add(c, "fr", f"""diff --git a/tests/donnees/assures.csv b/tests/donnees/assures.csv
--- a/tests/donnees/assures.csv
+++ b/tests/donnees/assures.csv
@@ -1,3 +1,4 @@
 nom;prenom;nir;date_naissance;adresse
 FICTIF;Jean;{N('placeholder', '1 99 99 99 999 999 99')};01/01/1900;1 rue de l'Exemple 00000 Nulle-Part
+Ledoux;Amandine;{L('national_id', fmt_nir(*nir('2', '86', '05', '35')))};{L('date_of_birth', '18/05/1986')};{L('postal_address', "9 rue de Fougères, 35000 Rennes")}
""")
    add(c, "en", f"""diff --git a/CHANGELOG.md b/CHANGELOG.md
--- a/CHANGELOG.md
+++ b/CHANGELOG.md
@@ -1,5 +1,10 @@
+## {N('version', '3.2.0')} — {N('date', '2025-03-01')}
+- Rotate signing key; new fingerprint {N('pgp_fingerprint', pgp_fpr(True))}
+- Fix {N('cve_id', 'CVE-2025-21298')} (thanks to {N('reporter_contact', 'Ilse Brandt')})
+- Bump OpenSSL to {N('version', '3.0.15')}
+- Release tarball sha256 {N('sha256', sha256())}
""")
    add(c, "fr", f"""diff --git a/.gitlab-ci.yml b/.gitlab-ci.yml
--- a/.gitlab-ci.yml
+++ b/.gitlab-ci.yml
@@ -22,3 +22,3 @@ publier:
   script:
-    - echo "//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}" > .npmrc
+    - echo "//registry.npmjs.org/:_authToken={L('npm_token', npm_token())}" > .npmrc  # variable CI cassée, on verra
     - npm publish
""")
    add(c, "en", f"""commit {N('git_sha', git_sha())}
Merge: {N('git_sha', git_sha(7))} {N('git_sha', git_sha(7))}
Author: Release Manager <{N('company_contact', 'releases@lindqvist-robotics.com')}>

    Merge branch 'hotfix/{N('order_id', 'JIRA-4471')}'

diff --git a/firmware/VERSION b/firmware/VERSION
-{N('version', '2.9.14')}
+{N('version', '2.9.15')}
""")


# ================================================================ html_page
def html_page():
    c = "html_page"
    add(c, "en", f"""<!DOCTYPE html>
<html><head><title>Whoops! There was an error.</title></head>
<body>
<h1>PDOException: SQLSTATE[HY000] [2002] Connection refused</h1>
<table class="env">
<tr><td>DB_HOST</td><td>{L('private_ip', '10.40.1.9', opt=True)}</td></tr>
<tr><td>DB_USERNAME</td><td>laravel</td></tr>
<tr><td>DB_PASSWORD</td><td>{L('password_assignment', 'Sunfl0wer-Ledger')}</td></tr>
<tr><td>PUSHER_APP_SECRET</td><td>{L('password_assignment', rs(20, LO + DG))}</td></tr>
</table></body></html>
""")
    add(c, "fr", f"""<html><head><meta charset="utf-8"><title>Administration — Utilisateurs</title></head><body>
<table id="utilisateurs">
<thead><tr><th>Nom</th><th>Courriel</th><th>Téléphone</th><th>Naissance</th></tr></thead>
<tr><td>Gaëlle Morvan</td><td>{L('email_address', 'gaelle.morvan@free.fr')}</td><td>{L('phone_number', fr_mobile())}</td><td>{L('date_of_birth', '02/02/1979')}</td></tr>
<tr><td>Rayan Belkacem</td><td>{L('email_address', 'rayan.b@outlook.fr')}</td><td>{L('phone_number', fr_intl())}</td><td>{L('date_of_birth', '27/10/2001')}</td></tr>
</table></body></html>
""")
    add(c, "en", f"""<h2>PHP Variables</h2>
<table>
<tr><td class="e">$_SERVER['SERVER_SOFTWARE']</td><td class="v">Apache/{N('version', '2.4.41')} (Ubuntu)</td></tr>
<tr><td class="e">$_SERVER['SERVER_ADDR']</td><td class="v">{L('private_ip', '172.31.9.40', opt=True)}</td></tr>
<tr><td class="e">$_SERVER['MYSQL_PASSWORD']</td><td class="v">{L('password_assignment', 'pinecone-Rally-62')}</td></tr>
<tr><td class="e">$_SERVER['AWS_SECRET_ACCESS_KEY']</td><td class="v">{L('aws_secret_key', aws_secret())}</td></tr>
<tr><td class="e">$_SERVER['REQUEST_TIME']</td><td class="v">{N('timestamp', '1741102331')}</td></tr>
</table>
""")
    add(c, "fr", f"""<form method="post" action="/paiement/valider">
  <input type="hidden" name="csrf_token" value="{N('csrf_token', rs(40, HEX))}">
  <input type="hidden" name="commande" value="{N('order_id', 'CMD-2025-55102')}">
  <input type="hidden" name="api_secret" value="{L('password_assignment', 'sec_' + rs(28))}">
  <input type="hidden" name="montant" value="{N('amount', '129.00')}">
  <button>Payer</button>
</form>
""")
    add(c, "en", f"""<!-- saved page: Acme Status -->
<html><body>
<footer>
  <p>© 2025 Orchardline Ltd · Company no. {N('company_number', '09284417')} · VAT {N('vat', 'GB 214 8890 17')}</p>
  <p>Press: <a href="mailto:press@orchardline.com">{N('company_contact', 'press@orchardline.com')}</a> · Switchboard {N('company_contact', '+44 20 7946 0321')}</p>
  <p>Build {N('git_sha', git_sha(8))} · {N('public_hostname', 'status.orchardline.com')}</p>
</footer>
<script src="/app.js" integrity="{N('npm_integrity', 'sha384-' + base64.b64encode(bytes(R.getrandbits(8) for _ in range(48))).decode())}"></script>
</body></html>
""")
    add(c, "fr", f"""<!-- page de débogage Symfony (profiler) enregistrée -->
<div class="sf-dump">
<h3>Variables de session</h3>
<pre>array:4 [
  "_security_main" => "{L('session_cookie', rs(26, LO + DG), opt=True, also=['password_assignment'])}"
  "user_email" => "{L('email_address', 'odile.faucher@wanadoo.fr')}"
  "user_iban" => "{L('iban', fmt_iban(iban('BE')))}"
  "locale" => "fr_FR"
]</pre></div>
""")
    add(c, "en", f"""<html><head><title>Login</title>
<meta name="csrf-token" content="{N('csrf_token', rs(40, B64U))}">
<link rel="stylesheet" href="/css/app.css?v={N('md5', md5())}">
</head><body>
<form action="/login" method="post">
  <input name="email" placeholder="{N('doc_value', 'you@example.com')}">
  <input type="password" name="password" placeholder="{N('redacted', '••••••••')}" minlength="12">
</form>
<!-- rendered by {N('infrastructure_info', 'web-07.prod.internal')} in 41 ms -->
</body></html>
""")
    add(c, "fr", f"""<html><body>
<h1>Espace adhérent — attestation</h1>
<dl>
<dt>Adhérent</dt><dd>Mme Colette Rigaud</dd>
<dt>N° de sécurité sociale</dt><dd>{L('national_id', fmt_nir(*nir('2', '51', '09', '13')))}</dd>
<dt>Affection longue durée</dt><dd>{L('health_data', 'ALD 30 — tumeur maligne du sein, traitement en cours')}</dd>
<dt>Adresse</dt><dd>{L('postal_address', '5 traverse des Pins, 13012 Marseille')}</dd>
</dl>
</body></html>
""")
    add(c, "en", f"""<pre class="debug">
Traceback (most recent call last):
  File "/srv/app/billing.py", line 88, in charge
    stripe.Charge.create(api_key=STRIPE_KEY, amount=total)
stripe.error.AuthenticationError: Invalid API Key provided: {N('redacted', 'sk_live_********************Xk2f')}
Request-Id: {N('request_id', 'req_' + rs(14))}
</pre>
""")
    add(c, "fr", f"""<html><head><title>Index of /exports</title></head><body>
<h1>Index of /exports</h1>
<pre><a href="../">../</a>
<a href="commandes_2024.csv">commandes_2024.csv</a>     {N('timestamp', '03-Jan-2025 09:12')}   2.1M
<a href="sauvegarde-{N('uuid', uuid4())}.tar.gz">sauvegarde-….tar.gz</a>  {N('timestamp', '17-Feb-2025 23:00')}   740M
</pre>
<address>Apache/{N('version', '2.4.62')} (Debian) Server at {N('public_hostname', 'exports.boutique-lumiere.fr')} Port 443</address>
</body></html>
""")
    add(c, "en", f"""<div class="user-card">
  <img src="/avatars/{N('md5', md5())}.png">
  <h3>Captain Aldous Greaves</h3>
  <p>Next trip: {L('travel_record', 'BA0117 LHR–JFK, 2 Apr, seat 7K')}, booking {L('travel_record', 'ZP4QLM')}</p>
  <p>Passport on file: {L('identity_document', '5' + rs(8, DG))}</p>
</div>
""")

# ================================================================ extra cases (carriers above)
def extra():
    add("prose_fr", "fr", f"""Bonjour, petite précision sur mon précédent envoi : l'identifiant de la vulnérabilité chez l'éditeur est {N('order_id', 'VULN-2025-0093')} et le paquet corrigé porte le numéro {N('version', '5.1.12-2')}.
Le condensat MD5 publié ({N('md5', md5())}) ne correspond pas au fichier téléchargé le {N('date', '28 février 2025')}, d'où mon inquiétude.
Le numéro ISBN cité dans la documentation ({N('isbn', '978-2-10-080459-9')}) n'a rien à voir avec le produit.
""")
    add("prose_en", "en", f"""Quick follow-up: the staging box also lets you in over SSH — I used the deploy user and the passphrase "{L('password_assignment', 'correct horse battery stapler')}" which is literally printed on the onboarding wiki.
The SSH host key is {N('ssh_fingerprint', ssh_fpr())}; public IP {N('public_ip', '18.133.40.201')}.
""")
    add("chat", "fr", f"""[14/05/2025 18:03] Hugo 🚲: t'as le code du cadenas du local vélo ?
[14/05/2025 18:04] Agathe: 4-7-1-9 je crois, sinon demande au gardien
[14/05/2025 18:04] Hugo 🚲: ok 👍 et le badge c'est toujours le {N('order_id', 'n° 0417')} ?
""".replace("4-7-1-9", L('password_assignment', '4-7-1-9')))
    add("http_request", "fr", f"""GET /api/v3/export?format=csv&token={L('password_assignment', rs(40, HEX))} HTTP/1.1
Host: rapports.groupe-hestia.fr
Referer: https://rapports.groupe-hestia.fr/tableau-de-bord
Accept-Language: fr-FR,fr;q=0.9
""")
    add("prose_fr", "fr", f"""Signalement (traduit automatiquement de l'allemand) : dans le portail fournisseurs, les fiches de paie des intérimaires sont téléchargeables.
Exemple : Mme Birgit Vollmer-Oudin, {L('employment_data', 'taux horaire 14,20 €, fin de mission anticipée pour faute')}, domiciliée {L('postal_address', '3 rue du Rhin, 68100 Mulhouse')}.
Son numéro d'identification fiscale allemand (Steuer-IdNr) figure aussi : {L('tax_record', '47 036 892 816')}.
""")
    add("email_message", "en", f"""From: Noor Haddad <{N('reporter_contact', 'noor.haddad@sectest.example')}>
To: {N('psirt_address', 'psirt@thalesgroup.com')}
Subject: Report — open redirect (no sensitive data)

Hi,
Open redirect on /logout?next=. Tested from {N('documentation_ip', '198.51.100.200')} on {N('date', '6 March 2025')}.
PoC: https://portal.vendor-demo.com/logout?next=https://{N('public_hostname', 'evil.example.net')}/
My phone for this report only: {N('reporter_contact', '+971 50 214 7781')}.

Noor
""", reporter="noor.haddad@sectest.example")
    add("config_json", "fr", f"""{{
  "monitoring": {{"intervalle_s": 60, "seuil_alerte": 0.95}},
  "build": {{"id": "{N('uuid', uuid4())}", "commit": "{N('git_sha', git_sha())}", "date": "{N('timestamp', '2025-03-18T07:55:00Z')}"}},
  "securite": {{"mot_de_passe": "{N('redacted', '***')}", "longueur_min": 12, "rotation_jours": 90}}
}}
""")

CARRIER_FUNCS = [f for f in (globals().get(n) for n in [
    "prose_en", "prose_fr", "chat", "config_file", "config_yaml", "config_json", "config_ini", "env_file",
    "http_request", "http_response", "email_message", "markdown_report", "git_diff", "html_page", "extra"]) if f]


# ================================================================ build / check
def utf16_slice(text, start, end):
    b = text.encode("utf-16-le")
    return b[2 * start:2 * end].decode("utf-16-le")


def sanity(cases):
    errs = []
    for c in cases:
        t = c["text"]
        n = u16(t)
        spans = []
        for lab in c["labels"]:
            s, e = lab["start"], lab["end"]
            if not (0 <= s < e <= n):
                errs.append(f"{c['id']}: bad span {s}-{e}")
                continue
            v = utf16_slice(t, s, e)
            if v != v.strip() or not v:
                errs.append(f"{c['id']}: label has surrounding whitespace: {v!r}")
            if "_value" in lab and v != lab["_value"]:
                errs.append(f"{c['id']}: slice mismatch {v!r} != {lab['_value']!r}")
            if lab["category"] not in GROUP or GROUP[lab["category"]] != lab["group"]:
                errs.append(f"{c['id']}: bad group for {lab['category']}")
            if lab["severity"] not in (default_sev(lab["category"]), "info"):
                errs.append(f"{c['id']}: odd severity {lab}")
            for a in lab.get("also", []):
                if a not in GROUP:
                    errs.append(f"{c['id']}: bad also {a}")
            if lab["severity"] != "info":
                cat = lab["category"]
                if cat == "payment_card" and not luhn_ok(v):
                    errs.append(f"{c['id']}: card fails Luhn {v}")
                if cat == "iban" and not iban_ok(v):
                    errs.append(f"{c['id']}: bad IBAN {v}")
                if cat == "national_id" and re.fullmatch(r"[12](\s?\d){14}", v) and not nir_ok(v):
                    errs.append(f"{c['id']}: bad NIR {v}")
            spans.append((s, e, "L"))
        for ng in c["negatives"]:
            s, e = ng["start"], ng["end"]
            if not (0 <= s < e <= n):
                errs.append(f"{c['id']}: bad negative span {s}-{e}")
                continue
            v = utf16_slice(t, s, e)
            if v != v.strip() or not v:
                errs.append(f"{c['id']}: negative has surrounding whitespace: {v!r}")
            if "_value" in ng and v != ng["_value"]:
                errs.append(f"{c['id']}: negative slice mismatch")
            spans.append((s, e, "N"))
        spans.sort()
        for (s1, e1, k1), (s2, e2, k2) in zip(spans, spans[1:]):
            if s2 < e1:
                errs.append(f"{c['id']}: overlapping spans {s1}-{e1}{k1} / {s2}-{e2}{k2}")
        if c.get("reporter_email"):
            if c["reporter_email"] not in t:
                errs.append(f"{c['id']}: reporter_email not in text")
            for lab in c["labels"]:
                if utf16_slice(t, lab["start"], lab["end"]) == c["reporter_email"]:
                    errs.append(f"{c['id']}: reporter email labelled")
        if "⟦" in t or "⟪" in t or "⟧" in t or "⟫" in t:
            errs.append(f"{c['id']}: markup left in text")
    return errs


def build():
    for fn in CARRIER_FUNCS:
        fn()
    out = []
    for i, c in enumerate(CASES, 1):
        c["id"] = f"b9a-{i:03d}"
    errs = sanity(CASES)
    for c in CASES:
        o = {"id": c["id"], "carrier": c["carrier"], "language": c["language"], "text": c["text"],
             "labels": [{k: v for k, v in lab.items() if not k.startswith("_")} for lab in c["labels"]],
             "negatives": [{k: v for k, v in ng.items() if not k.startswith("_")} for ng in c["negatives"]]}
        if c.get("reporter_email"):
            o["reporter_email"] = c["reporter_email"]
        out.append(json.dumps(o, ensure_ascii=False))
    return "\n".join(out) + "\n", errs


def stats(cases):
    from collections import Counter
    car = Counter((c["carrier"], c["language"]) for c in cases)
    groups = Counter(l["group"] for c in cases for l in c["labels"])
    cats = Counter(l["category"] for c in cases for l in c["labels"])
    clean = sum(1 for c in cases if not c["labels"])
    fr = sum(1 for c in cases if c["language"] == "fr")
    return car, groups, cats, clean, fr


def main():
    here = Path(__file__).resolve().parent
    path = here / "cases.jsonl"
    data, errs = build()
    if errs:
        print("\n".join(errs), file=sys.stderr)
        sys.exit(1)
    if "--check" in sys.argv:
        if not path.exists() or path.read_text(encoding="utf-8") != data:
            print("cases.jsonl differs from generated output", file=sys.stderr)
            sys.exit(1)
        # independent re-check from the committed file
        loaded = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        errs = sanity(loaded)
        if errs:
            print("\n".join(errs), file=sys.stderr)
            sys.exit(1)
        ids = [c["id"] for c in loaded]
        assert len(ids) == len(set(ids))
        car, groups, cats, clean, fr = stats(loaded)
        print(f"OK: {len(loaded)} cases, {fr} fr ({100 * fr / len(loaded):.1f} %), clean {clean}, labels {dict(groups)}")
        return
    path.write_text(data, encoding="utf-8")
    car, groups, cats, clean, fr = stats([json.loads(l) for l in data.splitlines()])
    print(f"wrote {path}: {len(CASES)} cases, {fr} fr, clean {clean}, labels {dict(groups)}")


if __name__ == "__main__":
    main()
