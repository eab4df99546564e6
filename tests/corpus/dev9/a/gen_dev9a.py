#!/usr/bin/env python3
"""Generator for the dev9a blind sensitive-data test corpus.

Python 3.11, standard library only. One random.Random with a fixed seed.
    python3 gen_dev9a.py          -> writes cases.jsonl next to this file
    python3 gen_dev9a.py --check  -> verifies cases.jsonl equals the generated output
                                     and that every label/negative span is sane.
Every value is invented; tokens are format-valid but random; check digits are computed.
"""
import base64, hashlib, json, os, re, string, sys, random, uuid

SEED = 20240912
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.jsonl")

# ---------------------------------------------------------------- markers
# L(...) / N(...) return an opaque marker; case() resolves markers into text + UTF-16 spans.
_REG = []
def L(value, category, also=None, optional=False, severity=None):
    _REG.append(("L", value, category, also, optional, severity))
    return "\x01%d\x02" % (len(_REG) - 1)
def N(value, kind):
    _REG.append(("N", value, kind))
    return "\x01%d\x02" % (len(_REG) - 1)
def D(value, category, also=None):
    """Documentation / example value: labelled, severity info."""
    return L(value, category, also=also, severity="info")

GROUP = {}
for c in ("private_key aws_access_key_id aws_secret_key github_token gitlab_token slack_token "
          "slack_webhook stripe_key google_api_key gcp_service_account azure_connection_string "
          "azure_sas_token npm_token pypi_token sendgrid_key twilio_key ai_api_key jwt url_credentials "
          "connection_string authorization_header session_cookie password_assignment password_hash").split():
    GROUP[c] = ("credentials", "critical")
for c in ("payment_card iban national_id date_of_birth identity_document postal_address health_data "
          "employment_data tax_record travel_record").split():
    GROUP[c] = ("personal", "high")
for c in ("email_address", "phone_number"):
    GROUP[c] = ("personal", "medium")
for c in ("private_ip", "internal_hostname"):
    GROUP[c] = ("infrastructure", "info")

def u16(s):
    return len(s.encode("utf-16-le")) // 2

CASES = []
MARK = re.compile("\x01(\\d+)\x02")

def case(carrier, lang, text, reporter_email=None):
    out, labels, negs, pos, last = [], [], [], 0, 0
    for m in MARK.finditer(text):
        pre = text[last:m.start()]
        out.append(pre); pos += u16(pre)
        ent = _REG[int(m.group(1))]
        val = ent[1]
        assert "\x01" not in val and "\x02" not in val
        s, e = pos, pos + u16(val)
        if ent[0] == "L":
            _, _, cat, also, opt, sev = ent
            grp, dsev = GROUP[cat]
            lab = {"start": s, "end": e, "category": cat, "severity": sev or dsev, "group": grp}
            if also:
                lab["also"] = list(also) if isinstance(also, (list, tuple)) else [also]
            if opt:
                lab["optional"] = True
            lab["_value"] = val
            labels.append(lab)
        else:
            negs.append({"start": s, "end": e, "kind": ent[2], "_value": val})
        out.append(val); pos = e; last = m.end()
    out.append(text[last:])
    full = "".join(out)
    assert "\x01" not in full and "\x02" not in full
    cid = "d9a-%03d" % (len(CASES) + 1)
    rec = {"id": cid, "carrier": carrier, "language": lang, "text": full,
           "labels": labels, "negatives": negs}
    if reporter_email:
        rec["reporter_email"] = reporter_email
    CASES.append(rec)
    return rec

# ---------------------------------------------------------------- random helpers
UP, LO, DG = string.ascii_uppercase, string.ascii_lowercase, string.digits
AN = UP + LO + DG
B64 = AN + "+/"
B64U = AN + "-_"
HEX = "0123456789abcdef"
def rs(chars, n): return "".join(R.choice(chars) for _ in range(n))
def pick(seq): return R.choice(seq)
def digits(n): return rs(DG, n)
def b64url(b): return base64.urlsafe_b64encode(b).decode().rstrip("=")

# ---------------------------------------------------------------- credentials
def gh_token(prefix="ghp_"): return prefix + rs(AN, 36)
def gh_pat_fine(): return "github_pat_" + rs(AN, 22) + "_" + rs(AN, 59)
def gitlab_token(): return "glpat-" + rs(AN + "-_", 20)
def slack_token(kind="xoxb"):
    return "%s-%s-%s-%s" % (kind, digits(11), digits(13), rs(AN, 24))
def slack_user_token():
    return "xoxp-%s-%s-%s-%s" % (digits(11), digits(11), digits(13), rs(HEX, 32))
def slack_webhook():
    return "https://hooks.slack.com/services/T%s/B%s/%s" % (rs(UP + DG, 8), rs(UP + DG, 10), rs(AN, 24))
def stripe_key(kind="sk_live_"): return kind + rs(AN, 24 if R.random() < 0.5 else 99)
def google_api_key(): return "AIza" + rs(AN + "-_", 35)
def aws_key_id(prefix="AKIA"): return prefix + rs(UP + "234567", 16)
def aws_secret(): return rs(AN + "+/", 40)
def npm_token(): return "npm_" + rs(AN, 36)
def pypi_token(): return "pypi-AgEIcHlwaS5vcmc" + rs(B64U, 120)
def sendgrid_key(): return "SG." + rs(B64U, 22) + "." + rs(B64U, 43)
def twilio_sid(): return "AC" + rs(HEX, 32)
def twilio_key_sid(): return "SK" + rs(HEX, 32)
def twilio_token(): return rs(HEX, 32)
def openai_key(): return "sk-proj-" + rs(B64U, 48) + "T3BlbkFJ" + rs(B64U, 48)
def anthropic_key(): return "sk-ant-api03-" + rs(B64U, 93) + "AA"
def hf_token(): return "hf_" + rs(AN, 34)
def jwt(payload, alg="HS256"):
    h = b64url(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig = b64url(bytes(R.getrandbits(8) for _ in range(32 if alg.startswith("HS") else 256)))
    return h + "." + p + "." + sig
def azure_account_key(): return base64.b64encode(bytes(R.getrandbits(8) for _ in range(64))).decode()
def azure_conn(account):
    return ("DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s;EndpointSuffix=core.windows.net"
            % (account, azure_account_key()))
def azure_sas():
    sig = base64.b64encode(bytes(R.getrandbits(8) for _ in range(32))).decode()
    sig = sig.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return "sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2025-12-31T18:00:00Z&st=2024-03-01T08:00:00Z&spr=https&sig=" + sig
def pem_block(kind="RSA PRIVATE KEY", lines=12):
    body = ["MIIEow" + rs(B64, 58)] if kind.startswith("RSA") else []
    if kind == "OPENSSH PRIVATE KEY":
        body = ["b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"]
    elif kind == "EC PRIVATE KEY":
        body = ["MHcCAQEEI" + rs(B64, 55)]
    elif kind == "PRIVATE KEY":
        body = ["MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" + rs(B64, 32)]
    while len(body) < lines:
        body.append(rs(B64, 64 if kind != "OPENSSH PRIVATE KEY" else 70))
    body.append(rs(B64, R.randint(20, 50)) + "==")
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (kind, "\n".join(body), kind)
BCRYPT = "./" + UP + LO + DG
def bcrypt_hash(cost=12): return "$2b$%02d$%s" % (cost, rs(BCRYPT, 53))
def sha512crypt(): return "$6$%s$%s" % (rs(BCRYPT, 16), rs(BCRYPT, 86))
def argon2(): return "$argon2id$v=19$m=65536,t=3,p=4$%s$%s" % (rs(B64[:-2] + "+/", 22), rs(B64[:-2] + "+/", 43))
def ntlm(): return rs(HEX, 32)
def phpsessid(): return rs("abcdefghijklmnopqrstuv0123456789", 26)
def hexs(n): return rs(HEX, n)

# ---------------------------------------------------------------- negatives / look-alikes
def git_sha(): return hexs(40)
def sha256(): return hexs(64)
def md5(): return hexs(32)
def a_uuid(): return str(uuid.UUID(int=R.getrandbits(128), version=4))
def npm_integrity(): return "sha512-" + base64.b64encode(bytes(R.getrandbits(8) for _ in range(64))).decode()
def luhn_ok(num):
    s, alt = 0, False
    for ch in reversed(num):
        d = int(ch)
        if alt:
            d *= 2
            if d > 9: d -= 9
        s += d; alt = not alt
    return s % 10 == 0
def luhn_complete(prefix, length):
    body = prefix + digits(length - len(prefix) - 1)
    for c in DG:
        if luhn_ok(body + c): return body + c
def fingerprint_luhn():
    """40-hex PGP fingerprint whose first 16 chars are digits forming a Luhn-valid 4xxx number."""
    head = luhn_complete("4", 16)
    tail = rs("0123456789ABCDEF", 24)
    fp = head + tail
    return " ".join(fp[i:i + 4] for i in range(0, 40, 4))
def fingerprint():
    fp = rs("0123456789ABCDEF", 40)
    return " ".join(fp[i:i + 4] for i in range(0, 40, 4))
def ssh_fp(): return "SHA256:" + base64.b64encode(bytes(R.getrandbits(8) for _ in range(32))).decode().rstrip("=")
def ssh_pub(comment):
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(B64, 43) + " " + comment
def siret():
    siren = luhn_complete(pick("345678"), 9)
    while True:
        s = siren + digits(5)
        if luhn_ok(s): return s
def isbn13():
    b = "978" + pick("2") + digits(8)
    t = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(b))
    return b + str((10 - t % 10) % 10)

# ---------------------------------------------------------------- personal
def card(brand="visa"):
    if brand == "visa": return luhn_complete(pick(["4970", "4974", "4539", "4485", "4916"]), 16)
    if brand == "mc": return luhn_complete(pick(["51", "53", "55", "2221", "2720"]), 16)
    if brand == "amex": return luhn_complete(pick(["34", "37"]), 15)
    if brand == "cb": return luhn_complete("4973", 16)
def group4(n): return " ".join(n[i:i + 4] for i in range(0, len(n), 4))
def amex_fmt(n): return n[:4] + " " + n[4:10] + " " + n[10:]

def _iban_check(cc, bban):
    rearr = bban + cc + "00"
    num = "".join(str(int(ch, 36)) for ch in rearr)
    return "%02d" % (98 - int(num) % 97)
def iban(cc="FR"):
    if cc == "FR":
        bank, branch, acct = digits(5), digits(5), digits(11)
        key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)
        bban = bank + branch + acct + "%02d" % key
    elif cc == "DE": bban = digits(18)
    elif cc == "ES":
        bank, branch, acct = digits(4), digits(4), digits(10)
        w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
        def dc(s):
            v = 11 - sum(int(a) * b for a, b in zip(s, w)) % 11
            return {10: 1, 11: 0}.get(v, v)
        bban = bank + branch + str(dc("00" + bank + branch)) + str(dc(acct)) + acct
    elif cc == "BE":
        f = digits(10); k = int(f) % 97 or 97
        bban = f + "%02d" % k
    elif cc == "NL": bban = pick(["ABNA", "RABO", "INGB", "TRIO"]) + digits(10)
    elif cc == "GB": bban = pick(["NWBK", "BARC", "LOYD", "MIDL"]) + digits(6) + digits(8)
    elif cc == "CH": bban = digits(17)
    elif cc == "LU": bban = digits(3) + rs(UP + DG, 13)
    elif cc == "IT": bban = pick(UP) + digits(10) + digits(12)
    else: raise ValueError(cc)
    return cc + _iban_check(cc, bban) + bban
def iban_fmt(i): return " ".join(i[k:k + 4] for k in range(0, len(i), 4))
def iban_ok(i):
    i = i.replace(" ", "")
    r = i[4:] + i[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1
IBAN_LEN = {"FR": 27, "DE": 22, "ES": 24, "BE": 16, "NL": 18, "GB": 22, "CH": 21, "LU": 20, "IT": 27}

def nir(sex=None, yy=None, mm=None, dept=None):
    sex = sex or pick("12")
    yy = yy or "%02d" % R.randint(50, 99)
    mm = mm or "%02d" % R.randint(1, 12)
    dept = dept or pick(["75", "69", "13", "33", "59", "44", "67", "31", "2A", "35", "92"])
    com, order = "%03d" % R.randint(1, 400), "%03d" % R.randint(1, 999)
    base = sex + yy + mm + dept + com + order
    n = int(base.replace("2A", "19").replace("2B", "18"))
    key = 97 - n % 97
    return "%s %s %s %s %s %s %02d" % (sex, yy, mm, dept, com, order, key)
def dni():
    n = R.randint(10000000, 99999999)
    return "%08d%s" % (n, "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23])
def nie():
    p = pick("XYZ"); n = R.randint(1000000, 9999999)
    return "%s%07d%s" % (p, n, "TRWAGMYFPDXBNJZSQVHLCKE"[int("XYZ".index(p).__str__() + "%07d" % n) % 23])
_CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
   [1,0,5,7,9,13,15,17,19,21,1,0,5,7,9,13,15,17,19,21,2,4,18,20,11,3,6,8,12,14,16,10,22,25,24,23]))
_CF_EVEN = {c: (int(c) if c.isdigit() else ord(c) - 65) for c in "0123456789" + UP}
def _cf_part(s, name=False):
    s = s.upper().replace(" ", "")
    cons = [c for c in s if c.isalpha() and c not in "AEIOU"]
    vow = [c for c in s if c in "AEIOU"]
    if name and len(cons) > 3: cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vow) + "XXX")[:3]
def codice_fiscale(surname, name, yy, month, day, female, comune):
    s = _cf_part(surname) + _cf_part(name, True) + "%02d" % yy + "ABCDEHLMPRST"[month - 1] + \
        "%02d" % (day + 40 if female else day) + comune
    tot = sum(_CF_ODD[c] if i % 2 == 0 else _CF_EVEN[c] for i, c in enumerate(s))
    return s + chr(65 + tot % 26)
def nino():
    first = [c for c in UP if c not in "DFIQUV"]
    second = [c for c in UP if c not in "DFIQUVO"]
    while True:
        p = pick(first) + pick(second)
        if p not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"): break
    d = digits(6)
    return "%s %s %s %s %s" % (p, d[:2], d[2:4], d[4:], pick("ABCD"))
def ssn():
    while True:
        a = R.randint(1, 899)
        if a != 666: break
    return "%03d-%02d-%04d" % (a, R.randint(1, 99), R.randint(1, 9999))
def _mrz_cd(s):
    v = lambda c: 0 if c == "<" else (int(c) if c.isdigit() else ord(c) - 55)
    return str(sum(v(c) * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)
def mrz_td3(country, surname, given, number, nat, dob, sex, exp, personal=""):
    l1 = ("P<" + country + surname.upper().replace(" ", "<") + "<<" + given.upper().replace(" ", "<"))
    l1 = (l1 + "<" * 44)[:44]
    num = (number + "<" * 9)[:9]
    pers = (personal + "<" * 14)[:14]
    l2a = num + _mrz_cd(num) + nat + dob + _mrz_cd(dob) + sex + exp + _mrz_cd(exp) + pers + _mrz_cd(pers)
    comp = num + _mrz_cd(num) + dob + _mrz_cd(dob) + exp + _mrz_cd(exp) + pers + _mrz_cd(pers)
    l2 = l2a + _mrz_cd(comp)
    assert len(l2) == 44
    return l1, l2
def fr_passport_no(): return digits(2) + rs(UP, 2) + digits(5)
def fr_phone_mobile():
    d = pick("67") + digits(8)
    return "0" + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2))
def fr_phone_intl():
    d = pick("67") + digits(8)
    return "+33 " + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2))
def fr_phone_fixe(zone=None):
    z = zone or pick("12345")
    d = digits(8)
    return "0" + z + " " + " ".join(d[i:i + 2] for i in range(0, 8, 2))
def us_phone():
    return "(%d%s) %d%s-%s" % (R.randint(2, 9), digits(2), R.randint(2, 9), digits(2), digits(4))
def uk_phone(): return "+44 7%s %s" % (digits(3), digits(6))
def priv_ip():
    k = R.random()
    if k < 0.4: return "10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(2, 254))
    if k < 0.7: return "192.168.%d.%d" % (R.randint(0, 255), R.randint(2, 254))
    return "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 255), R.randint(2, 254))
def pub_ip():
    while True:
        a = R.randint(11, 223)
        if a not in (127, 169, 172, 192, 100): break
    return "%d.%d.%d.%d" % (a, R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
def doc_ip(): return pick(["192.0.2.", "198.51.100.", "203.0.113."]) + str(R.randint(1, 254))
def pnr(): return rs("ABCDEFGHJKLMNPQRSTUVWXYZ", 1) + rs("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 5)
def ticket_no(airline="057"): return airline + digits(10)
def numero_fiscal(): return pick("0123") + digits(12)
def pwd(kind=None):
    words = ["Autumn", "Soleil", "Marmotte", "Kangaroo", "Velours", "Harbour", "Citron", "Pivoine",
             "Tramway", "Glacier", "Biscotte", "Cobalt", "Falaise", "Oregano", "Nuage", "Paprika"]
    syms = "!#$%&*?@+=_-."
    k = kind or pick(["word", "mixed", "random"])
    if k == "word": return pick(words) + pick(syms) + digits(R.randint(1, 4))
    if k == "mixed": return pick(words)[:4].lower() + pick(syms) + pick(words) + digits(2) + pick(syms)
    return rs(AN + "!#%*+-_=", R.randint(14, 24))

PSIRT = "psirt@thalesgroup.com"
CNA = "cna-coordinator@thalesgroup.com"
PSIRT_FP = "FC3C 4520 576E C756 AE73 0030 5369 49C4 8448 AE39"

# ================================================================ prose_en
def prose_en():
    pw = "Harbour#2291"
    addr = "41 Larchfield Road, Leeds LS6 2QX"
    ni = g_nino = nino()
    rep = "tomas.reyes@kestrel-sec.io"
    case("prose_en", "en", f"""Subject: IDOR in the maintenance portal (customer records)

Hi PSIRT team,

While testing the maintenance portal on {N('https://support.example.com/portal', 'public_hostname')} I created a low-privilege account and then logged in as svc_backup with {L(pw, 'password_assignment')} (that account was listed in the onboarding PDF attached to a public ticket, so I assume it is shared by several integrators). Changing the `customerId` parameter from 1022 to 1023 returned someone else's profile.

To show the impact without pulling more than necessary I opened exactly one record. It belongs to a Mr Declan Whitcombe: home address {L(addr, 'postal_address')}, National Insurance number {L(ni, 'national_id')}. I did not open any other id and I have deleted my local copy.

Affected build: 4.12.7 (commit {N(git_sha(), 'git_sha')}). CVSS {N('CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', 'cvss_vector')} (6.5).

Best regards,
Tomás Reyes
Kestrel Security Research
{N(rep, 'reporter_contact')} | {N('+44 20 7946 0321', 'reporter_contact')}
""", reporter_email=rep)

    rep = "h.ng@ngsec.example"
    fw = sha256()
    case("prose_en", "en", f"""Title: Stored XSS in the firmware upload page of the gateway web UI

Summary: the file name of an uploaded firmware image is reflected unescaped in the "Recent uploads" table. Tested on version {N('3.8.2-rc1', 'version')} and {N('3.8.4', 'version')}; fixed in nothing I could find.

Steps:
1. Log in as any operator (I used my own test account; its password is irrelevant and shown as `password=***` in the log excerpt below).
2. Upload a file named `"><svg onload=alert(1)>.bin` (sha256 {N(fw, 'file_hash')}).
3. Visit /admin/uploads.

Log excerpt (redacted by me):
    2024-05-14T09:12:44Z upload ok user=ngh {N('password=***', 'redacted')} size=18874368
    2024-05-14T09:12:45Z request-id={N(a_uuid(), 'uuid')} src={N(doc_ip(), 'documentation_ip')}

The device config contains {N('password_min_length: 12', 'config_setting')} and {N('lockout_threshold: 5', 'config_setting')}, which is unrelated.
Vector: {N('CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N', 'cvss_vector')}
Please encrypt replies to my key {N(fingerprint_luhn(), 'fingerprint_luhn')}; I have your key {N(PSIRT_FP, 'fingerprint')} pinned.
You can reach me at {N(rep, 'reporter_contact')}; my number, for this report only: {N('+1 (415) 555-0199', 'reporter_contact')}.
""", reporter_email=rep)

    sec = "tangerine-Otter-48"
    case("prose_en", "en", f"""TICKET #88213 — repro notes (internal pentest, day 3)

box: {L('jump02.ops.corp.internal', 'internal_hostname')} ({L(priv_ip(), 'private_ip')})
the shared secret we agreed on with their VPN team is {L(sec, 'password_assignment')} — it also works on the RADIUS test client, which is the actual finding.
then: I typed `sudo -S <<< {L('Velours.1974', 'password_assignment')}` on the jump host and got a root shell because the helpdesk user has full sudo. nothing else touched.
next: ask vendor whether the RADIUS secret is per-site or global.
""")

    p = pnr(); tk = ticket_no("047")
    case("prose_en", "en", f"""Posted in the "Travel booking API" community forum, translated by the poster from Norwegian:

Hello, I am not expert but I think your booking confirmation endpoint is having a problem. When I change the number at the end of the link I am seeing the trip of other people. Example I saw (I am sorry, I only look one time): passenger Ingrid Solberg, booking reference {L(p, 'travel_record')}, flight {L('SK1467 on 22 June, seat 14C', 'travel_record')}, e-ticket {L(tk, 'travel_record')}. Also her passport number is showing, {L('FK' + digits(7), 'identity_document')}, which I think should not be.
Please fix, my English is not so good. Thank you and have a nice day!!
""")

    case("prose_en", "en", f"""Impact section (draft v2)

The HR self-service export is reachable without authentication. A single request returned the "absence & pay" view for one employee, which I reproduce here only as far as needed to show the classes of data:

  • Employee: Priya Raman (Finance, Bristol office)
  • Absence reason: {L('long-term sick leave since 3 February, diagnosis recorded as major depressive episode', 'health_data')}
  • Treatment note: {L('sertraline 100 mg, weekly CBT sessions', 'health_data')}
  • Salary band: {L('£48,500 gross per year, bonus withheld pending performance improvement plan', 'employment_data')}

This is special-category data under UK GDPR art. 9. I stopped after this one record.
""")

    case("prose_en", "en", f"""How our CI secret scanner rates things (write-up for the vendor, no real secrets inside)

We tested their detector with the usual documentation values: the AWS example key id {D('AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id')}, the test card {D('4111 1111 1111 1111', 'payment_card')} and the address {D('jane.doe@example.com', 'email_address')}. All three were reported as critical, which is noise. Placeholders like {N('<TOKEN>', 'placeholder')}, {N('${API_KEY}', 'placeholder')} and {N('your-password-here', 'placeholder')} were also flagged.
On the other hand the detector missed nothing in our set of 40 real-looking keys; the report is at {N('https://github.com/kestrel-sec/scanner-bench', 'public_hostname')} (tag {N('v0.9.3', 'version')}, commit {N(git_sha()[:12], 'git_sha')}).
""")

    kid = aws_key_id(); ks = aws_secret()
    case("prose_en", "en", f"""The exposed bucket policy is described in §3. The access key embedded in the mobile app still works as of today¹, which is why I rate this critical rather than high.

3. The app bundle (v2.31.0, build {N('20240611.4', 'version')}) contains a class `CloudCfg` whose static initialiser builds the credentials at runtime from two string constants, so a plain `grep AKIA` on the APK finds nothing.

¹ For the record, the pair is {L(kid, 'aws_access_key_id')} /
{L(ks, 'aws_secret_key')} — I only called `sts get-caller-identity` with it (account {N('4821 0977 3310', 'account_id')}) and stopped there.
² The bucket name resolves internally to {L('s3-gw.storage.int.example-corp.net', 'internal_hostname', optional=True)} according to the app's debug log.
""")

    case("prose_en", "en", f"""Background and timeline

The company was founded on 12 March 1987 ({N('12 March 1987', 'date_not_birth')}) and the product line I tested has existed since 2009. I bought the unit second-hand (order {N('ORD-2024-118842', 'order_id')}, {N('EUR 349.00', 'amount')}) and updated it to the latest firmware ({N('5.2.0', 'version')}, sha256 {N(sha256(), 'file_hash')}).
Timeline:
- {N('2024-04-02 14:05 UTC', 'timestamp')}: first crash observed
- {N('2024-04-09 08:30 UTC', 'timestamp')}: root cause found
- today: this report to {N(PSIRT, 'psirt_contact')}

The device's SSH host key fingerprint is {N(ssh_fp(), 'fingerprint')}; the vendor support line printed on the box is {N('+33 1 57 77 80 00', 'company_contact')}. The manual (ISBN {N(isbn13(), 'isbn')}) documents the default credentials as "set during first boot", and indeed there are none.
No personal data was accessed. Tests ran from {N(pub_ip(), 'public_ip')} against a device on my bench at {N('192.168.1.20', 'infrastructure_info')}.
""")

# ================================================================ prose_fr
def prose_fr():
    phrase = "la marmotte range ses 7 parapluies"
    case("prose_fr", "fr", f"""Objet : sauvegardes chiffrées accessibles sur le partage de l'atelier

Bonjour,

En faisant l'inventaire du NAS de l'atelier (à la demande du client, mission n° 2024-117), j'ai trouvé l'archive « compta_2023.7z ». Elle se déverrouille avec la phrase « {L(phrase, 'password_assignment')} », écrite au feutre sur un post-it collé sous l'écran du poste d'accueil. Je n'ai ouvert qu'un seul fichier pour confirmer le contenu : la fiche de Mme Odile Ferrand, numéro de sécurité sociale {L(nir('2', '71', '04', '69'), 'national_id')}, domiciliée {L('12 impasse des Glycines, 69230 Saint-Genis-Laval', 'postal_address')}.

Je recommande de changer la phrase et de retirer le post-it, évidemment.
""")

    rep = "c.lemoine@audit-lemoine.fr"
    case("prose_fr", "fr", f"""Bonjour l'équipe PSIRT,

Je vous signale une injection SQL aveugle dans le module de recherche du portail fournisseurs (version {N('7.4.1', 'version')}, paramètre `ref`). Score proposé : {N('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N', 'cvss_vector')}.
Je n'ai extrait que le nom de la base et la version du SGBD ; aucune donnée personnelle n'a été consultée. Les mots de passe apparaissent dans mes journaux sous la forme {N('mot_de_passe=********', 'redacted')} : je les ai masqués avant l'envoi.

Pour la facturation de notre prestation (commande {N('BC-2024-00431', 'order_id')}, montant {N('1 250,00 € HT', 'amount')}), notre SIRET est {N(siret(), 'siret')}.
L'empreinte de ma clé PGP : {N(fingerprint(), 'fingerprint')}.

Bien cordialement,
Camille Lemoine — Audit Lemoine SAS
{N('8 rue du Palais Grillet, 69002 Lyon', 'reporter_contact')}
{N('04 78 92 11 40', 'reporter_contact')} — {N(rep, 'reporter_contact')}
Copie : {N(PSIRT, 'psirt_contact')}
""", reporter_email=rep)

    case("prose_fr", "fr", f"""Constat n°4 — accès physique (visite du 18/03, {N('18/03/2024', 'date_not_birth')})

L'agent d'accueil m'a indiqué spontanément, sans vérifier mon identité, que pour le local serveurs « le code est {L('1815', 'password_assignment')}, comme Marignan ». Le digicode du parking, lui, serait le même que l'an dernier. Je n'ai pas utilisé le code ; j'ai seulement vérifié qu'il figurait aussi, en clair, sur le planning affiché dans la salle de pause.
Recommandation : changer les codes, former le personnel d'accueil.
""")

    case("prose_fr", "fr", f"""Bonjour,

Le partage « RH_Commun » est lisible par tous les comptes du domaine. À titre d'exemple (un seul document ouvert, puis refermé) : le dossier de M. Kévin Aubertin contient un arrêt de travail du {L('2 au 30 septembre pour lombosciatique, prolongation possible', 'health_data')}, ainsi que le compte rendu d'un {L('entretien préalable à sanction disciplinaire du 14 octobre (avertissement notifié)', 'employment_data')}. Sa fiche de paie indique {L('2 874,15 € net mensuel', 'employment_data')}.

Je n'ai rien copié. Merci de restreindre les droits d'accès.
""")

    nf = numero_fiscal(); ib = iban("FR")
    case("prose_fr", "fr", f"""Ticket GLPI 5521 — fuite d'avis d'imposition par l'espace client

Description : le lien de téléchargement de l'avis contient un identifiant séquentiel. En le décrémentant, j'ai obtenu l'avis d'un autre contribuable, M. et Mme Baptiste et Lucie Verdier : numéro fiscal {L(nf, 'tax_record')}, {L('impôt sur le revenu net à payer : 3 412 €', 'tax_record')}, prélèvement sur le compte {L(iban_fmt(ib), 'iban')}.
Pièce jointe : capture floutée (les valeurs ci-dessus sont reproduites pour que vous puissiez retrouver l'enregistrement, merci de les supprimer ensuite).
""")

    case("prose_fr", "fr", f"""[Ticket interne — traduit automatiquement depuis l'allemand, relu rapidement]

Le script d'installation écrit le fichier de configuration avec un mot de passe vide ({N('mot de passe : ********', 'placeholder')} dans l'écran de résumé), puis le remplace par la valeur {N('REDACTED', 'redacted')} dans les journaux. Nous avons vérifié : aucune valeur secrète n'est réellement journalisée, l'entrée ressemble à {N('Authorization: Bearer [REDACTED]', 'redacted')}.
Tests réalisés le {N('05/06/2024', 'date_not_birth')} sur la version {N('2.0.17', 'version')} ; serveur de test {N('10.20.30.15', 'infrastructure_info')} ({N('srv-test-02.lab.local', 'infrastructure_info')}). Identifiant de la requête : {N(a_uuid(), 'uuid')}.
Paramètres observés : {N('longueur_min_mdp = 12', 'config_setting')}, {N('tentatives_max = 5', 'config_setting')}.
""")

    tok = gitlab_token()
    case("prose_fr", "fr", f"""Bonjour, je suis désolé pour mon français, je traduis de l'anglais.

Dans le dépôt public de votre partenaire, le fichier README contient une ligne de clonage qui inclut un jeton d'accès : {L(tok, 'gitlab_token')}. Avec lui j'ai pu lister les projets internes (je n'ai rien modifié). Ensuite, sur le runner, j'ai tapé `su - deploy` puis `{L('Cobalt-Falaise-93', 'password_assignment')}` (trouvé dans le même dépôt, fichier deploy/notes.txt) et j'ai obtenu un shell root, parce que deploy est dans le groupe docker.
Merci de révoquer le jeton.
""")

    cb = card("cb")
    case("prose_fr", "fr", f"""Rapport — Exposition de données de paiement dans les journaux du TPE virtuel

Le module de paiement journalise le contenu complet des requêtes en mode debug, y compris le numéro de carte¹. Les journaux sont servis sous /logs/ sans authentification.

Impact : toute personne connaissant l'URL peut lire les transactions du jour.

---
¹ Exemple relevé (une seule ligne, cliente Mme Solène Garnier, née le {L('3 avril 1979', 'date_of_birth')}) : carte {L(group4(cb), 'payment_card')}, expiration 09/27. Je n'ai pas conservé le fichier.
""")

    rep = "yanis.b@protonmail.com"
    case("prose_fr", "fr", f"""Re: [Forum sécu] Faux positif sur une empreinte PGP ?

Salut à tous,
petite curiosité : notre DLP bloque les courriels contenant mon empreinte PGP {N(fingerprint_luhn(), 'fingerprint_luhn')} parce que les 16 premiers chiffres passent la clé de Luhn et commencent par 4, comme une Visa. Même chose pour le SIRET de ma boîte ({N(siret(), 'siret')}), qui est lui aussi valide au sens de Luhn par construction.
Autres faux positifs vus : un ISBN ({N(isbn13(), 'isbn')}), l'OID {N('1.3.6.1.4.1.311.21.7', 'oid')}, le standard de l'éditeur ({N('01 41 79 00 00', 'company_contact')}) et une adresse de support publique ({N('support@editeur-logiciel.fr', 'company_contact')}).
Bref, aucune donnée sensible là-dedans. Si quelqu'un a une règle plus fine, je prends. Pour me joindre : {N(rep, 'reporter_contact')}.
Yanis
""", reporter_email=rep)

    cf = codice_fiscale("Bellandi", "Giorgia", 88, 11, 23, True, "F205")
    d = dni()
    case("prose_fr", "fr", f"""Signalement : fuite de pièces d'identité via l'outil d'enregistrement des visiteurs 🚨

L'API de l'outil renvoie pour chaque visiteur enregistré la photo de sa pièce d'identité et sa transcription. Deux exemples (les seuls consultés) :
– visiteuse italienne, Giorgia Bellandi, codice fiscale {L(cf, 'national_id')} ;
– visiteur espagnol, Álvaro Quintana Ruiz, DNI {L(d, 'national_id', also=['identity_document'])} 🙈.
Ces visiteurs ont été enregistrés sur le site de Vélizy (bâtiment B). J'ai prévenu mon contact sur place le {N('12 juillet', 'date_not_birth')}.
""")

# ================================================================ chat
def chat():
    xb = slack_token("xoxb"); dbp = pwd("random")
    case("chat", "en", f"""#proj-reporting  (Slack export, 2024-05-21)
[09:14] marek.kowal: can someone give me the bot token for the alerts app? the old one got rotated
[09:15] deb.okafor: here {L(xb, 'slack_token')}
[09:15] deb.okafor: don't paste it in the public channel pls 😅
[09:16] marek.kowal: lol too late. also what's the read-only pw for reporting-db?
[09:18] deb.okafor: user `rpt_ro`, pw is {L(dbp, 'password_assignment')} , host {L('pg-reporting.int.northwind-ops.net', 'internal_hostname')}
[09:18] slackbot: Reminder: standup in 12 minutes
""")

    wifi = "Pivoine2024!"
    tel = fr_phone_mobile()
    case("chat", "fr", f"""Microsoft Teams — conversation « Support site Nantes »
Gaëlle Moreau  10:02
Le mdp du wifi invité c'est {L(wifi, 'password_assignment')} (majuscule au début)
Thibault Roux  10:03
merci ! et pour le badge du prestataire je vois avec qui ?
Gaëlle Moreau  10:05
appelle Martine Delcourt au {L(tel, 'phone_number')}, elle gère les accès. sinon l'accueil c'est le {N('02 40 00 00 00', 'company_contact')}
Thibault Roux  10:05
👍
""")

    ib = iban("BE")
    case("chat", "fr", f"""[14/06/2024 21:47] Nadia 🌸: coucou tu peux faire le virement pour la location ? 🏖️
[14/06/2024 21:48] Nadia 🌸: c'est le compte de la proprio, Mme Van Damme
[14/06/2024 21:48] Nadia 🌸: {L(iban_fmt(ib), 'iban')}
[14/06/2024 21:50] Romain: ok je fais ça demain 😘 c'est quel montant déjà ?
[14/06/2024 21:50] Nadia 🌸: {N('640 €', 'amount')} pour la semaine du {N('3 août', 'date_not_birth')}
[14/06/2024 21:51] Nadia 🌸: et son adresse pour le courrier : {L('Rue des Fripiers 27, 1000 Bruxelles', 'postal_address')}
""")

    case("chat", "en", f"""*** #firmware-dev on irc.libera.chat
<zeta> the release tarball hash is {N(sha256(), 'file_hash')} , tagged at {N(git_sha(), 'git_sha')}
<kbd_> ok. and md5 for the old mirror: {N(md5(), 'file_hash')}
<zeta> people keep asking for the upload token in here. the answer is: put it in CI as {N('${{ secrets.UPLOAD_TOKEN }}', 'placeholder')}, never paste it
<kbd_> the docs still say `curl -H "Authorization: token {N('<YOUR_TOKEN>', 'placeholder')}"` which is fine
<zeta> yep. build {N('1.14.0-beta.3', 'version')}, signed with {N(fingerprint(), 'fingerprint')}
<kbd_> CI runner is at {N('10.8.0.12', 'infrastructure_info')} if anyone needs to ssh, keys only, password auth off ({N('PasswordAuthentication no', 'config_setting')})
""")

    case("chat", "fr", f"""Slack — #secu-redaction
Inès: pour le rapport au PSIRT, je remplace les secrets par quoi ?
Hugo: par {N('[redacted]', 'redacted')} ou {N('xxxx', 'placeholder')}, et tu gardes les 4 derniers caractères au max
Inès: ok, et les IP internes ? genre {N('172.20.4.11', 'infrastructure_info')}
Hugo: celles-là tu peux les laisser, c'est utile pour eux. Le ticket c'est {N('SEC-4471', 'order_id')}, créé le {N('2024-02-29T16:20:00+01:00', 'timestamp')}
Inès: parfait. je mets la version {N('v5.3.12', 'version')} et l'UUID de l'instance {N(a_uuid(), 'uuid')}
Hugo: 👌 et envoie à {N(PSIRT, 'psirt_contact')}, chiffré
""")

    sk = stripe_key("sk_live_")
    tokv = jwt({"sub": "4471", "name": "Lena Fischer", "role": "admin", "iat": 1716800000})
    case("chat", "en", f"""Discord • #bugbounty-help
frostbyte — Today at 01:12
found this in the checkout page JS of the target, is this in scope?? `const k = "{L(sk, 'stripe_key')}"`
mod_ana — Today at 01:14
that's a live secret key, not a publishable one. do NOT use it. report it
frostbyte — Today at 01:15
ok. there was also a token in localStorage: {L(tokv, 'jwt')}
mod_ana — Today at 01:15
same, report and stop there
""")

    case("chat", "fr", f"""Mattermost — ~equipe-infra (message privé transféré au RSSI)
@sandrine.pelletier : petit point RH avant que tu ne le voies passer dans le planning : Julien Marchal est {L('en arrêt maladie pour burn-out jusqu’au 15/11', 'health_data')}, le médecin du travail parle d’un {L('mi-temps thérapeutique', 'health_data')} à son retour.
@sandrine.pelletier : si tu dois lui envoyer le matériel, son adresse perso c'est {L('5 allée des Châtaigniers, 35510 Cesson-Sévigné', 'postal_address')}
@lucas.guerin : ok noté, je ne mets rien dans le ticket.
""")

    case("chat", "en", f"""Teams — channel "Scanner tuning"
Ola Nilsen: test strings for the regex review: {D('AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id')} and the secret {D('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_key')}
Ola Nilsen: cards: {D('4111111111111111', 'payment_card')}, {D('5555 5555 5555 4444', 'payment_card')}
Rui Matos: phone fixtures: {D('(555) 010-0142', 'phone_number')}, mail {D('john.smith@example.org', 'email_address')}
Rui Matos: none of these should page anyone. Anything real goes to the vault at {N('https://vault.example.com', 'public_hostname')} ({N('${VAULT_ADDR}', 'placeholder')} in CI)
""")

    ak = anthropic_key()
    case("chat", "fr", f"""WhatsApp · Groupe « Hackathon IA 🤖 »
[02/03 23:41] Léo: la clé de l'API pour la démo demain ⬇️
[02/03 23:41] Léo: `{L(ak, 'ai_api_key')}`
[02/03 23:42] Clara: merci !! elle a une limite ?
[02/03 23:42] Léo: 50 $ par mois, et on la révoque lundi normalement 🤞
[02/03 23:44] Clara: le dépôt c'est github.com/hackathon-ia/demo, commit {N(git_sha()[:7], 'git_sha')}
""")

# ================================================================ config_file
def config_file():
    psk = "Nuage&Tramway-" + digits(3)
    case("config_file", "fr", f"""# /etc/wpa_supplicant/wpa_supplicant-wlan0.conf
# récupéré sur la borne kiosque du hall (carte SD non chiffrée)
ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev
update_config=1
country=FR

network={{
    ssid="ATELIER-PROD"
    psk="{L(psk, 'password_assignment')}"
    key_mgmt=WPA-PSK
    priority=10
}}

network={{
    ssid="eduroam"
    key_mgmt=WPA-EAP
    eap=PEAP
    identity="{L('m.tessier@univ-exemple.fr', 'email_address', optional=True)}"
    password=hash:{L(ntlm(), 'password_hash')}
    phase2="auth=MSCHAPV2"
}}
""")

    p1 = pwd("random"); p2 = pwd("word")
    case("config_file", "en", f"""$ cat ~/.pgpass
# hostname:port:database:username:password
{L('db01.billing.corp.local', 'internal_hostname')}:5432:billing:app_rw:{L(p1, 'password_assignment')}
{L(priv_ip(), 'private_ip')}:5432:*:postgres:{L(p2, 'password_assignment')}
localhost:5433:scratch:dev:{N('*', 'placeholder')}
""")

    sp = pwd("mixed"); bp = pwd("random")
    case("config_file", "en", f"""### /etc/postfix/sasl_passwd
[smtp.relay-mailer.net]:587    notify@{N('acme-logistics.com', 'public_hostname')}:{L(sp, 'password_assignment')}

### /etc/sssd/sssd.conf (excerpt)
[domain/corp.acme-logistics.com]
id_provider = ldap
ldap_uri = ldaps://{L('dc02.corp.acme-logistics.com', 'internal_hostname')}
ldap_default_bind_dn = CN=svc-sssd,OU=Service,DC=corp,DC=acme-logistics,DC=com
ldap_default_authtok_type = password
ldap_default_authtok = {L(bp, 'password_assignment')}
cache_credentials = True
""")

    tlsk = rs(HEX, 32)
    case("config_file", "fr", f"""# client.ovpn — profil distribué aux techniciens terrain (extrait)
client
dev tun
proto udp
remote {N('vpn.transports-arvel.fr', 'public_hostname')} 1194
auth-user-pass identifiants.txt
cipher AES-256-GCM
verb 3
<ca>
-----BEGIN CERTIFICATE-----
{N('MIIDSzCCAjOgAwIBAgIUJ' + rs(B64, 43), 'certificate')}
-----END CERTIFICATE-----
</ca>
<key>
{L(pem_block('PRIVATE KEY', 8), 'private_key')}
</key>
# identifiants.txt (même archive) :
#   tech.terrain
#   {L('Glacier_Biscotte_77', 'password_assignment')}
""")

    case("config_file", "en", f"""# ~/.netrc  (from the build agent image, layer 7)
machine {N('api.heroku.com', 'public_hostname')}
  login ci@{N('parcelhub.io', 'public_hostname')}
  password {L(a_uuid(), 'password_assignment')}
machine {N('registry.npmjs.org', 'public_hostname')}
  login parcelhub-ci
  password {N('${NPM_PASSWORD}', 'placeholder')}

# ~/.my.cnf
[client]
user=backup
password="{L(pwd('word'), 'password_assignment')}"
host={L('mysql-bkp.parcelhub.lan', 'internal_hostname')}
""")

    case("config_file", "fr", f"""# /etc/fstab — serveur de numérisation (extrait, aucune valeur secrète : les identifiants sont dans un fichier séparé)
UUID={N(a_uuid(), 'uuid')}  /          ext4  defaults  0 1
//{N('192.168.40.5', 'infrastructure_info')}/scans  /mnt/scans  cifs  credentials=/root/.smbcred,uid=1001,vers=3.0  0 0
# /root/.smbcred est en 0600, contenu non reproduit ici : {N('password=<masqué>', 'redacted')}

# /etc/redis/redis.conf
bind 127.0.0.1 {N('10.1.2.3', 'infrastructure_info')}
protected-mode yes
# requirepass foobared
{N('requirepass ${REDIS_PASSWORD}', 'placeholder')}
maxmemory 512mb
""")

    rc = rs(B64U, 40)
    case("config_file", "en", f"""# ~/.config/rclone/rclone.conf  (attached to the ticket by the customer, unredacted)
[offsite]
type = s3
provider = AWS
access_key_id = {L(aws_key_id(), 'aws_access_key_id')}
secret_access_key = {L(aws_secret(), 'aws_secret_key')}
region = eu-west-3

[nextcloud]
type = webdav
url = https://{L('cloud.intra.bergmann-moebel.de', 'internal_hostname', optional=True)}/remote.php/dav/files/anja/
vendor = nextcloud
user = anja.bergmann
pass = {L(rc, 'password_assignment')}
""")

    case("config_file", "fr", f"""# ~/.msmtprc — poste de la comptabilité
defaults
auth           on
tls            on
tls_trust_file /etc/ssl/certs/ca-certificates.crt
logfile        ~/.msmtp.log

account        compta
host           {N('smtp.orange.fr', 'public_hostname')}
port           587
from           {L('francoise.gaudin@orange.fr', 'email_address')}
user           francoise.gaudin@orange.fr
password       {L('Paprika1958', 'password_assignment')}

# ~/.fetchmailrc
poll pop.orange.fr protocol pop3 user "francoise.gaudin" password "{L('Paprika1958', 'password_assignment')}" ssl
""")

    case("config_file", "en", f"""# /var/lib/pgsql/16/data/pg_hba.conf  (clean: trust only on loopback)
# TYPE  DATABASE  USER      ADDRESS            METHOD
local   all       postgres                     peer
host    all       all       127.0.0.1/32       scram-sha-256
host    billing   app_rw    {N('10.40.0.0/16', 'infrastructure_info')}      scram-sha-256
hostssl all       all       {N('203.0.113.0/24', 'documentation_ip')}     scram-sha-256

# /etc/samba/smb.conf (excerpt)
[global]
   workgroup = {N('ACMECORP', 'infrastructure_info')}
   server min protocol = SMB2
   ntlm auth = {N('ntlmv2-only', 'config_setting')}
   min password length = 12
[public]
   path = /srv/public
   guest ok = yes
""")

# ================================================================ config_yaml
def config_yaml():
    cp = pwd("random")
    case("config_yaml", "en", f"""# application-prod.yml (Spring Boot) — found in the public Docker image layer /app/config/
spring:
  datasource:
    url: {L('jdbc:postgresql://' + 'pg-main.svc.prod.internal:5432/orders?user=orders_app&password=' + cp, 'connection_string')}
    hikari:
      maximum-pool-size: 20
  mail:
    host: smtp.sendgrid.net
    username: apikey
    password: {L(sendgrid_key(), 'sendgrid_key', also=['password_assignment'])}
management:
  endpoints.web.exposure.include: health,info
logging.level.root: INFO
""")

    case("config_yaml", "fr", f"""# ansible/group_vars/all.yml — dépôt « infra-magasins »
ntp_servers:
  - {N('0.fr.pool.ntp.org', 'public_hostname')}
admin_users:
  - nom: jdupuis
    cle_ssh: "{N(ssh_pub('jdupuis@poste'), 'public_key')}"
vault_addr: {N('https://vault.enseigne-exemple.fr:8200', 'public_hostname')}
db_password: "{N('{{ vault_db_password }}', 'placeholder')}"
smtp_password: !vault |
          {N('$ANSIBLE_VAULT;1.1;AES256', 'placeholder')}
          {N(rs('0123456789abcdef', 64), 'encrypted_blob')}
password_min_length: 12
""")

    whk = slack_webhook()
    case("config_yaml", "en", f"""# .github/workflows/nightly.yml
name: nightly
on:
  schedule: [{{cron: "0 3 * * *"}}]
jobs:
  build:
    runs-on: ubuntu-22.04
    env:
      NODE_VERSION: "20.12.2"
      SLACK_WEBHOOK: {L(whk, 'slack_webhook')}   # TODO move to secrets
    steps:
      - uses: actions/checkout@{N(git_sha(), 'git_sha')}  # v4.1.1
      - run: npm ci
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: {N('${{ secrets.NPM_TOKEN }}', 'placeholder')}
""")

    case("config_yaml", "fr", f"""# docker-compose.yml — environnement de recette envoyé par le client
services:
  app:
    image: registry.example.com/crm:{N('4.2.0', 'version')}
    environment:
      - DATABASE_URL={L('mysql://crm:' + 'Falaise!Oregano' + digits(2) + '@db:3306/crm', 'connection_string', also=['url_credentials'])}
      - GOOGLE_MAPS_KEY={L(google_api_key(), 'google_api_key')}
      - TZ=Europe/Paris
  db:
    image: mariadb:10.11
    environment:
      MARIADB_ROOT_PASSWORD: {L(pwd('random'), 'password_assignment')}
      MARIADB_DATABASE: crm
""")

    case("config_yaml", "en", f"""# helm/values-staging.yaml  (clean: every secret comes from an ExternalSecret)
replicaCount: 2
image:
  repository: ghcr.io/example-org/ledger
  tag: "{N('2.7.3', 'version')}"
  digest: "sha256:{N(sha256(), 'file_hash')}"
externalSecrets:
  dbPassword: {{ key: ledger/staging, property: {N('db_password', 'config_setting')} }}
  apiToken: {{ key: ledger/staging, property: api_token }}
env:
  LOG_LEVEL: info
  FEATURE_FLAGS: "new-ledger,fast-export"
  API_TOKEN: "{N('<injected-at-runtime>', 'placeholder')}"
service:
  loadBalancerIP: {N('10.96.14.20', 'infrastructure_info')}
podAnnotations:
  checksum/config: {N(sha256(), 'file_hash')}
""")

    case("config_yaml", "fr", f"""# config/notifications.yaml — outil d'astreinte de la mairie
astreinte:
  - nom: "Bernard Lacaze"
    role: technicien réseau
    mobile: "{L(fr_phone_intl(), 'phone_number')}"
    courriel: {L('b.lacaze@mairie-saint-aubin-exemple.fr', 'email_address')}
  - nom: "Astreinte générique"
    mobile: "{N('01 99 00 12 34', 'fiction_number')}"
twilio:
  account_sid: {L(twilio_sid(), 'twilio_key', optional=True)}
  auth_token: {L(twilio_token(), 'twilio_key', also=['password_assignment'])}
  from: "+33 7 57 00 11 22"
""")
    # the 'from' number is the town's published sender number: not a person

    case("config_yaml", "en", f"""# prometheus/alertmanager.yml
global:
  resolve_timeout: 5m
  smtp_smarthost: 'mail.{N('example.net', 'public_hostname')}:587'
  smtp_from: 'alerts@example.net'
  smtp_auth_username: 'alerts@example.net'
  smtp_auth_password: '{N('<secret>', 'placeholder')}'
receivers:
  - name: oncall
    webhook_configs:
      - url: 'http://{N('alert-bridge.monitoring.svc.cluster.local', 'infrastructure_info')}:9095/hook'
    pagerduty_configs:
      - routing_key: '{N('$PAGERDUTY_ROUTING_KEY', 'placeholder')}'
inhibit_rules: []
# last reviewed 2024-01-15 ({N('2024-01-15', 'date_not_birth')}) by the SRE team
""")

    gl = gitlab_token()
    case("config_yaml", "fr", f"""# .gitlab-ci.yml — projet « portail-adherents » (fork public, oublié)
variables:
  DOCKER_DRIVER: overlay2
  DEPLOY_HOST: {L('deploy01.adherents.mutuelle.lan', 'internal_hostname')}
  # jeton de déploiement (à déplacer dans les variables protégées !!)
  GL_TOKEN: "{L(gl, 'gitlab_token')}"
deploy:
  stage: deploy
  script:
    - curl --fail -u "deployer:{L('Kangaroo*2023', 'password_assignment')}" https://{L(priv_ip(), 'private_ip')}/api/deploy
  only: [main]
""")

# ================================================================ config_json
def config_json():
    pk = pem_block("PRIVATE KEY", 10).replace("\n", "\\n") + "\\n"
    case("config_json", "en", f"""{{
  "type": "service_account",
  "project_id": "fleet-telemetry-prod",
  "private_key_id": "{L(hexs(40), 'gcp_service_account', optional=True)}",
  "private_key": "{L(pk, 'private_key', also=['gcp_service_account'])}",
  "client_email": "ingest@fleet-telemetry-prod.iam.gserviceaccount.com",
  "client_id": "{digits(21)}",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
  "token_uri": "https://oauth2.googleapis.com/token"
}}
""")

    case("config_json", "fr", f"""{{
  "nom": "borne-parking",
  "version": "{N('1.9.0', 'version')}",
  "dependencies": {{
    "express": "^4.19.2",
    "pg": "8.11.5"
  }},
  "lockfileIntegrity": "{N(npm_integrity(), 'npm_integrity')}",
  "config": {{
    "db": {{ "host": "{N('10.12.0.7', 'infrastructure_info')}", "user": "borne", "password": "{N('${DB_PASSWORD}', 'placeholder')}" }},
    "motDePasseMinLongueur": 12,
    "paiement": {{ "cleStripePublique": "{N('pk_test_' + rs(AN, 24), 'publishable_key')}" }}
  }}
}}
""")

    case("config_json", "en", f"""// .vscode/settings.json committed to the mobile team's repo
{{
  "editor.formatOnSave": true,
  "rest-client.environmentVariables": {{
    "staging": {{
      "baseUrl": "https://{L('api.staging.int.vantapay.net', 'internal_hostname')}",
      "adminToken": "{L('Bearer ' + jwt({'sub': 'ops-admin', 'scope': 'payments:write', 'exp': 1767225600}), 'authorization_header', also=['jwt'])}"
    }},
    "local": {{ "baseUrl": "http://localhost:8080", "adminToken": "{N('Bearer dev-token', 'placeholder')}" }}
  }}
}}
""")

    c1 = card("mc")
    case("config_json", "fr", f"""{{
  "_commentaire": "jeu d'essai exporté de la PROD par erreur (ticket QA-812)",
  "clients": [
    {{
      "nom": "Rachida Benali",
      "date_naissance": "{L('1984-09-17', 'date_of_birth')}",
      "adresse": "{L('3 rue Pasteur, 13001 Marseille', 'postal_address')}",
      "telephone": "{L(fr_phone_mobile(), 'phone_number')}",
      "carte": {{ "numero": "{L(c1, 'payment_card')}", "expiration": "11/26" }},
      "date_inscription": "{N('2021-03-02', 'date_not_birth')}"
    }}
  ]
}}
""")

    case("config_json", "en", f"""{{
  "name": "@example/ui-kit",
  "version": "{N('12.4.1', 'version')}",
  "publishConfig": {{ "registry": "https://registry.npmjs.org/" }},
  "repository": "github:example/ui-kit",
  "author": "Example Inc. <{N('opensource@example.com', 'company_contact')}>",
  "scripts": {{ "release": "npm publish --otp=$OTP" }},
  "packageManager": "pnpm@8.15.4+sha256.{N(sha256(), 'file_hash')}",
  "_resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
  "_integrity": "{N(npm_integrity(), 'npm_integrity')}",
  "_id": "{N(a_uuid(), 'uuid')}",
  "bugs": "{N(PSIRT, 'psirt_contact')}"
}}
""")

    az = azure_conn("stexportsprod01")
    case("config_json", "fr", f"""{{
  "IsEncrypted": false,
  "Values": {{
    "AzureWebJobsStorage": "{L(az, 'azure_connection_string')}",
    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
    "SqlConnection": "{L('Server=tcp:' + 'sql-exports.database.windows.net,1433;Initial Catalog=exports;User ID=exp_writer;Password=' + pwd('random') + ';Encrypt=True;', 'connection_string')}",
    "NotificationEmail": "{N('no-reply@exports-exemple.fr', 'company_contact')}"
  }}
}}
""")

    case("config_json", "en", f"""{{"auths": {{
  "{N('ghcr.io', 'public_hostname')}": {{ "auth": "{L(base64.b64encode(('ci-bot:' + gh_token()).encode()).decode(), 'github_token', also=['password_assignment'])}" }},
  "{L('registry.build.corp.lan', 'internal_hostname')}:5000": {{ "auth": "{L(base64.b64encode(b'builder:Oregano=Harbour55').decode(), 'password_assignment', also=['url_credentials'], optional=False)}" }}
}},
"credsStore": "desktop"}}
""")

    case("config_json", "fr", f"""{{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "titre": "Paramètres de sécurité — modèle",
  "motDePasse": {{ "longueurMin": 12, "historique": 5, "exemple": "{N('votre-mot-de-passe-ici', 'placeholder')}" }},
  "jeton": "{N('<JETON>', 'placeholder')}",
  "cle": "{N('XXXXXXXXXXXXXXXXXXXXXXXX', 'placeholder')}",
  "empreinteCertificat": "{N(':'.join(hexs(2).upper() for _ in range(32)), 'fingerprint')}",
  "oidPolitique": "{N('1.2.250.1.71.2.6.1', 'oid')}",
  "contactSecurite": "{N(PSIRT, 'psirt_contact')}",
  "derniereRevue": "{N('2024-06-30T12:00:00Z', 'timestamp')}"
}}
""")

# ================================================================ config_ini
def config_ini():
    case("config_ini", "fr", f"""; php.ini / config.ini de l'appli « GestStock » (serveur de l'entrepôt)
[database]
host = {L('sql-stock.entrepot.local', 'internal_hostname')}
port = 3306
utilisateur = geststock
mot_de_passe = "{L('Citron#' + digits(4), 'password_assignment')}"

[smtp]
serveur = {N('smtp.gmail.com', 'public_hostname')}
compte = {L('entrepot.vitrolles.exemple@gmail.com', 'email_address', optional=True)}
mdp_application = {L(rs(LO, 4) + ' ' + rs(LO, 4) + ' ' + rs(LO, 4) + ' ' + rs(LO, 4), 'password_assignment')}
""")

    case("config_ini", "en", f"""; ~/.aws/credentials  +  ~/.aws/config  (copied from a contractor laptop backup)
[default]
aws_access_key_id = {L(aws_key_id(), 'aws_access_key_id')}
aws_secret_access_key = {L(aws_secret(), 'aws_secret_key')}

[profile audit]
role_arn = arn:aws:iam::{N(digits(12), 'account_id')}:role/ReadOnlyAudit
source_profile = default
region = eu-central-1
""")

    case("config_ini", "fr", f"""# setup.cfg / tox.ini — projet open source, rien de secret
[metadata]
name = pdfsigner-fr
version = {N('0.14.2', 'version')}
author_email = {N('mainteneurs@pdfsigner.example', 'company_contact')}

[tool:pytest]
addopts = --strict-markers
env =
    API_KEY={N('dummy', 'placeholder')}
    PASSWORD={N('changeme', 'placeholder')}
    TEST_CARD={D('4242424242424242', 'payment_card')}

[flake8]
max-line-length = 100
""")

    case("config_ini", "en", f"""# ~/.pypirc
[distutils]
index-servers =
    pypi
    internal

[pypi]
username = __token__
password = {L(pypi_token(), 'pypi_token')}

[internal]
repository = https://{L('pypi.int.hexaflow.io', 'internal_hostname')}/simple/
username = release-bot
password = {L(pwd('mixed'), 'password_assignment')}
""")

    case("config_ini", "fr", f"""; NetworkManager — /etc/NetworkManager/system-connections/VPN-Siege.nmconnection
[connection]
id=VPN-Siege
uuid={N(a_uuid(), 'uuid')}
type=vpn
autoconnect=false

[vpn]
service-type=org.freedesktop.NetworkManager.strongswan
address={N('vpn.cabinet-rousset-avocats.fr', 'public_hostname')}
method=psk
user=avocat3

[vpn-secrets]
password={L('Tramway+Velours+' + digits(2), 'password_assignment')}

[ipv4]
dns={L('192.168.10.1', 'private_ip')};
""")

    case("config_ini", "en", f"""# grafana.ini (excerpt) — defaults left in place, secrets from env
[server]
domain = {N('grafana.example.com', 'public_hostname')}
[security]
admin_user = admin
admin_password = {N('$__env{{GF_ADMIN_PASSWORD}}', 'placeholder')}
secret_key = {N('$__file{{/run/secrets/grafana_secret_key}}', 'placeholder')}
disable_gravatar = true
[auth.ldap]
enabled = true
config_file = /etc/grafana/ldap.toml
[database]
password = {N('<empty>', 'placeholder')}
[users]
password_hint = {N('password', 'config_setting')}
""")

    case("config_ini", "fr", f"""; /etc/strongswan/ipsec.secrets + ipsec.conf (routeur de l'agence de Rodez)
# ipsec.secrets
{N('203.0.113.10', 'documentation_ip')} {N('198.51.100.77', 'documentation_ip')} : PSK "{L(rs(AN, 28), 'password_assignment')}"
: RSA agence-rodez.key

# ipsec.conf
conn siege
    left={L('172.16.8.1', 'private_ip')}
    leftsubnet={L('172.16.8.0/24', 'private_ip', optional=True)}
    right=198.51.100.77
    authby=secret
    ike=aes256-sha256-modp2048
""")

# ================================================================ env_file
def env_file():
    case("env_file", "en", f"""# .env  (shipped inside the public npm tarball of @acme/ledger-sdk 3.2.0)
NODE_ENV=production
DATABASE_URL={L('postgres://ledger:' + pwd('random') + '@' + 'ledger-db.internal.acme-fin.com:5432/ledger', 'connection_string', also=['url_credentials'])}
STRIPE_SECRET_KEY={L(stripe_key('sk_live_'), 'stripe_key')}
STRIPE_PUBLISHABLE_KEY={N('pk_live_' + rs(AN, 24), 'publishable_key')}
SENTRY_DSN={N('https://' + hexs(32) + '@o' + digits(6) + '.ingest.sentry.io/' + digits(7), 'sentry_dsn')}
""")

    case("env_file", "fr", f"""# .env.exemple — à copier en .env (aucune vraie valeur)
APP_URL=https://appli.exemple.fr
DB_HOST={N('127.0.0.1', 'infrastructure_info')}
DB_USER=appli
DB_PASSWORD={N('votre-mot-de-passe-ici', 'placeholder')}
MAIL_PASSWORD={N('********', 'placeholder')}
OPENAI_API_KEY={N('sk-...', 'placeholder')}
JWT_SECRET={N('<à générer : openssl rand -hex 32>', 'placeholder')}
MDP_LONGUEUR_MIN=12
SESSION_TTL=3600
""")

    case("env_file", "en", f"""OPENAI_API_KEY={L(openai_key(), 'ai_api_key')}
HF_TOKEN={L(hf_token(), 'ai_api_key')}
# vector store
QDRANT_URL=http://{L('10.0.3.14', 'private_ip')}:6333
SUPPORT_INBOX={N('support@docuquery.app', 'company_contact')}
""")

    case("env_file", "fr", f"""### docker/.env.prod (trouvé dans l'image publiée sur Docker Hub, couche 12)
POSTGRES_USER=mutuelle
POSTGRES_PASSWORD={L('Soleil' + pick('!?#') + digits(4), 'password_assignment')}
REDIS_URL={L('redis://:' + rs(AN, 20) + '@redis-cache.mutuelle.local:6379/0', 'connection_string', also=['url_credentials'])}
SMTP_URL={L('smtps://notifications%40mutuelle-exemple.fr:' + 'Biscotte-2024' + '@smtp.mutuelle-exemple.fr:465', 'url_credentials')}
SIRET_EDITEUR={N(siret(), 'siret')}
""")

    case("env_file", "en", f"""# environment dump from the crash reporter (printenv), 2024-07-02
HOME=/home/runner
GITHUB_TOKEN={L(gh_token('ghs_'), 'github_token')}
NPM_TOKEN={L(npm_token(), 'npm_token')}
TWILIO_API_KEY={L(twilio_key_sid(), 'twilio_key', optional=True)}
TWILIO_API_SECRET={L(rs(AN, 32), 'twilio_key', also=['password_assignment'])}
RUNNER_TEMP=/home/runner/work/_temp
GIT_COMMIT={N(git_sha(), 'git_sha')}
""")

    case("env_file", "fr", f"""# .envrc (direnv) — poste du développeur, clean : tout vient de pass(1)
export AWS_PROFILE=dev
export AWS_ACCESS_KEY_ID={N('$(pass show aws/dev/id)', 'placeholder')}
export AWS_SECRET_ACCESS_KEY={N('$(pass show aws/dev/secret)', 'placeholder')}
export EXAMPLE_KEY={D('AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id')}
export API_BASE=https://{N('api.exemple-saas.fr', 'public_hostname')}/v2
export BUILD_ID={N(a_uuid(), 'uuid')}
export CHECKSUM={N(md5(), 'file_hash')}
""")

    sas = azure_sas()
    case("env_file", "en", f"""AZURE_STORAGE_ACCOUNT=stmediaprod7
AZURE_STORAGE_SAS="{L(sas, 'azure_sas_token')}"
MEDIA_BASE_URL=https://stmediaprod7.blob.core.windows.net/media
ADMIN_CONTACT={L('k.oyelaran@mediahouse-example.co.uk', 'email_address')}
""")

    case("env_file", "fr", f"""# .env.local — appli RH « Congés+ » (commité par erreur dans le dépôt public)
APP_SECRET={L(hexs(32), 'password_assignment')}
MAILER_DSN={L('smtp://rh.conges:' + 'Marmotte%2187' + '@mail.conges-plus.lan:587', 'url_credentials')}
# compte de test — NE PAS utiliser en prod (c'est pourtant le compte de la DRH…)
TEST_USER_EMAIL={L('helene.vasseur@conges-plus-exemple.fr', 'email_address')}
TEST_USER_PASSWORD={L('Helene1975!', 'password_assignment')}
""")

# ================================================================ http_request
def http_request():
    b = base64.b64encode(b"svc-export:Paprika&Glacier42").decode()
    case("http_request", "en", f"""GET /api/v2/exports/latest HTTP/1.1
Host: {L('reports.int.helvion-energy.com', 'internal_hostname')}
Authorization: Basic {L(b, 'authorization_header', also=['password_assignment'])}
User-Agent: python-requests/2.31.0
Accept: */*
X-Request-Id: {N(a_uuid(), 'uuid')}
""")

    sid = phpsessid()
    case("http_request", "fr", f"""POST /mon-compte/modifier-adresse HTTP/1.1
Host: {N('espace-client.exemple-energie.fr', 'public_hostname')}
Cookie: PHPSESSID={L(sid, 'session_cookie')}; consentement=oui; _ga=GA1.2.{N(digits(10) + '.' + digits(10), 'analytics_id')}
Content-Type: application/x-www-form-urlencoded
Content-Length: 118

nom=Perrin&prenom=Agn%C3%A8s&adresse={L('19+chemin+de+la+Croix-Rousse%2C+38100+Grenoble', 'postal_address')}&tel={L('06+71+44+28+90', 'phone_number')}
""")

    t = jwt({"sub": "u_55120", "email": "ops@tenant-7.example", "roles": ["admin"], "exp": 1735689600}, "RS256")
    case("http_request", "en", f"""curl -i 'https://api.example-fleet.com/v1/vehicles?owner=*' \\
  -H 'Authorization: Bearer {L(t, 'authorization_header', also=['jwt'])}' \\
  -H 'X-Trace: {N(hexs(32), 'trace_id')}'
""")

    case("http_request", "fr", f"""GET /api/v1/patients?page=2 HTTP/2
Host: {N('rdv.exemple-sante.fr', 'public_hostname')}
Authorization: Bearer {N('[REDACTED]', 'redacted')}
Cookie: session={N('<masqué>', 'redacted')}
X-Correlation-Id: {N(a_uuid(), 'uuid')}
If-None-Match: W/"{N(md5(), 'file_hash')}"
Date: {N('Tue, 04 Jun 2024 08:12:55 GMT', 'timestamp')}
X-Forwarded-For: {N(doc_ip(), 'documentation_ip')}, {N('10.4.0.9', 'infrastructure_info')}
""")

    gk = google_api_key()
    case("http_request", "en", f"""GET /maps/api/geocode/json?address=221B%20Baker%20Street&key={L(gk, 'google_api_key')} HTTP/1.1
Host: {N('maps.googleapis.com', 'public_hostname')}
Referer: https://www.example-delivery.co.uk/track/{N('DLV-88412', 'order_id')}
""")

    case("http_request", "fr", f"""POST /graphql HTTP/1.1
Host: {L('api-interne.assur-mutuelle.lan', 'internal_hostname')}
Content-Type: application/json
X-Api-Key: {L(rs(HEX, 40), 'authorization_header', also=['password_assignment'])}

{{"query":"mutation {{ updateBeneficiaire(id: 7781, iban: \\"{L(iban('FR'), 'iban')}\\", naissance: \\"{L('1962-12-05', 'date_of_birth')}\\") {{ ok }} }}"}}
""")

    case("http_request", "en", f"""POST /login HTTP/1.1
Host: {N('portal.example.org', 'public_hostname')}
Content-Type: application/x-www-form-urlencoded
Cookie: csrftoken={N(rs(AN, 32), 'csrf_token')}

username=alice&password={N('%2A%2A%2A%2A%2A%2A%2A%2A', 'redacted')}&remember=1&next=%2Fdashboard
""")

    case("http_request", "fr", f"""GET /telechargement?fichier=facture.pdf&{L(azure_sas(), 'azure_sas_token')} HTTP/1.1
Host: stfacturesprod.blob.core.windows.net
Cookie: ASP.NET_SessionId={L(rs(LO + '012345', 24), 'session_cookie')}; .AspNetCore.Identity.Application={L('CfDJ8' + rs(B64U, 180), 'session_cookie')}
""")

# ================================================================ http_response
def http_response():
    case("http_response", "en", f"""HTTP/1.1 200 OK
Content-Type: application/json; charset=utf-8
X-Powered-By: Express
ETag: W/"{N(hexs(8) + '-' + rs(B64U, 27), 'etag')}"

{{"id":10431,"name":"Sven Åkesson","email":"{L('sven.akesson@telia-mail.example.se', 'email_address')}","phone":"{L('+46 70 ' + digits(3) + ' ' + digits(2) + ' ' + digits(2), 'phone_number')}","personnummer":"{L('19' + '850314-' + digits(4), 'national_id')}","created":"{N('2022-11-08T10:01:33Z', 'timestamp')}"}}
""")

    case("http_response", "fr", f"""HTTP/1.1 500 Internal Server Error
Content-Type: text/plain

Erreur : connexion à la base impossible
DSN utilisé : {L('Server=' + 'sqlprod02.agence.local;Database=Paie;User Id=paie_app;Password=' + pwd('word') + ';', 'connection_string')}
Pile : at Paie.Data.Db.Open() in D:\\build\\{N(git_sha()[:10], 'git_sha')}\\Db.cs:line 41
""")

    case("http_response", "en", f"""HTTP/2 200
content-type: application/json
cache-control: no-store
strict-transport-security: max-age=31536000

{{"access_token":"{L(jwt({'iss': 'https://idp.example-bank.com', 'sub': 'cust-88120', 'aud': 'mobile', 'exp': 1719913200}, 'RS256'), 'jwt')}","token_type":"Bearer","expires_in":3600,"refresh_token":"{L(rs(B64U, 64), 'session_cookie', also=['password_assignment'], optional=True)}"}}
""")

    case("http_response", "fr", f"""HTTP/1.1 200 OK
Server: nginx/{N('1.24.0', 'version')}
Date: {N('Mon, 10 Jun 2024 14:03:11 GMT', 'timestamp')}
Content-Type: application/json
Set-Cookie: session={N('deleted', 'placeholder')}; expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/
X-Request-ID: {N(a_uuid(), 'uuid')}

{{"statut":"ok","version":"{N('3.11.0', 'version')}","commit":"{N(git_sha(), 'git_sha')}","contact":"{N('securite@exemple-logiciel.fr', 'company_contact')}","motDePasse":"{N('********', 'redacted')}"}}
""")

    case("http_response", "en", f"""HTTP/1.1 302 Found
Location: https://app.example-crm.io/welcome
Set-Cookie: connect.sid={L('s%3A' + rs(AN + '-_', 32) + '.' + rs(AN + '%', 43), 'session_cookie')}; Path=/; HttpOnly
Set-Cookie: remember_me={L(rs(HEX, 64), 'session_cookie')}; Max-Age=2592000; Secure
Content-Length: 0
""")

    mrz1, mrz2 = mrz_td3("FRA", "Chevalier", "Mathilde Anne", fr_passport_no(), "FRA", "910226", "F", "320114")
    case("http_response", "fr", f"""HTTP/1.1 200 OK
Content-Type: application/json

{{"dossier":"KYC-2291","ocr":{{"type":"passeport","mrz":["{L(mrz1, 'identity_document')}","{L(mrz2, 'identity_document')}"]}},"nom":"CHEVALIER","prenoms":"Mathilde Anne","naissance":"{L('26/02/1991', 'date_of_birth')}","statut":"en_attente"}}
""")

    case("http_response", "en", f"""HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="api", error="invalid_token"
Content-Type: application/problem+json

{{"type":"about:blank","title":"Unauthorized","detail":"token {N('eyJhbGciOi...[truncated]', 'redacted')} rejected","instance":"/v1/orders/{N('ORD-7781-22', 'order_id')}","traceId":"{N('00-' + hexs(32) + '-' + hexs(16) + '-01', 'trace_id')}"}}
""")

    case("http_response", "fr", f"""HTTP/1.1 200 OK
Content-Type: text/csv; charset=utf-8
Content-Disposition: attachment; filename="export_salaries_2024.csv"

matricule;nom;prenom;salaire_brut_annuel;evaluation
{N('E1042', 'employee_id')};Lambert;Noémie;{L('41 200', 'employment_data')};{L('insuffisant — plan de progrès', 'employment_data')}
""")

# ================================================================ email_message
def email_message():
    rep = "a.kowalczyk@redline-labs.pl"
    case("email_message", "en", f"""From: Agnieszka Kowalczyk <{N(rep, 'reporter_contact')}>
To: {N(PSIRT, 'psirt_contact')}
Subject: Re: [PSIRT-2024-0193] additional details
Date: {N('Wed, 15 May 2024 11:42:07 +0200', 'timestamp')}
Message-ID: <{N(a_uuid(), 'uuid')}@redline-labs.pl>

Hello,

As requested, the default credentials I mentioned: the appliance ships with user `maint` and, as far as I can tell from three units, always the same pass — {L('Oregano$Falaise9', 'password_assignment')}.

> > On 14 May 2024, PSIRT wrote:
> > Could you confirm whether the credentials are per-device?
> They are not, see above.

Kind regards,
Agnieszka Kowalczyk
Redline Labs sp. z o.o. — {N('+48 22 555 01 23', 'reporter_contact')}
{N('ul. Prosta 51, 00-838 Warszawa', 'reporter_contact')}
""", reporter_email=rep)

    rep = "j.roussel@cert-exemple.fr"
    case("email_message", "fr", f"""From: Julie Roussel <{N(rep, 'reporter_contact')}>
To: {N(CNA, 'psirt_contact')}
Cc: {N(PSIRT, 'psirt_contact')}
Subject: Recours — absence de réponse de la CNA pour CVE demandé le 2 avril
Date: {N('Lun, 3 juin 2024 09:15:40 +0200', 'timestamp')}
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8

Madame, Monsieur,

Je conteste l'absence de réponse de la CNA concernée à notre demande {N('REQ-2024-0412', 'order_id')} du {N('2 avril 2024', 'date_not_birth')}, relative à la version {N('8.1.3', 'version')}.
Empreinte de notre clé : {N(fingerprint(), 'fingerprint')}.

Cordialement,
Julie Roussel
CERT Exemple — {N('01 99 00 47 12', 'reporter_contact')}
""", reporter_email=rep)

    case("email_message", "fr", f"""Return-Path: <noreply@agence-voyage-exemple.fr>
From: Agence Horizons <{N('noreply@agence-voyage-exemple.fr', 'company_contact')}>
To: {L('thierry.kermarrec@wanadoo.fr', 'email_address')}
Subject: Confirmation de votre réservation {L(pnr(), 'travel_record')}
Date: Fri, 7 Jun 2024 18:02:11 +0200

Bonjour M. Thierry KERMARREC,

Votre vol {L('AF7712 Brest → Paris-Orly du 21/06, siège 9A', 'travel_record')} est confirmé.
Numéro de billet : {L(ticket_no('057'), 'travel_record')}
Passeport enregistré : {L(fr_passport_no(), 'identity_document')}

Service client : {N('09 69 00 00 00', 'company_contact')} (appel non surtaxé)
""")

    case("email_message", "en", f"""From: "IT Service Desk" <servicedesk@hollins-group.example>
To: new.starters@hollins-group.example
Subject: Your account details
Date: Mon, 1 Jul 2024 07:30:00 +0100
X-Mailer: Microsoft Outlook 16.0

Hi Dylan,

Welcome aboard! Your Windows login is dylan.pryce and your temporary password is {L('Welcome2Hollins!', 'password_assignment')} — you'll be asked to change it at first logon.
VPN profile: {L('vpn-gw01.corp.hollins.local', 'internal_hostname')}
Your desk phone extension is 4417.

IT Service Desk — {N('+44 161 496 0000', 'company_contact')}
""")

    case("email_message", "fr", f"""De : Marc Delorme <m.delorme@transports-delorme.fr>
À : comptabilite@client-exemple.fr
Objet : TR: changement de coordonnées bancaires — URGENT
Date : 12 juin 2024 16:47

Bonjour,

Suite à un changement de banque, merci d'utiliser désormais le RIB ci-dessous pour nos factures :
IBAN : {L(iban_fmt(iban('ES')), 'iban')}
BIC : CAIXESBBXXX
Titulaire : Marc Delorme (compte personnel, à titre provisoire)

> -----Message d'origine-----
> De : comptabilite@client-exemple.fr
> > Pouvez-vous confirmer l'ancien IBAN {L(iban_fmt(iban('FR')), 'iban')} ?

[Note du déclarant : courriel de fraude au président reçu par le client ; les deux IBAN sont ceux figurant dans le message.]
""")

    rep = "m.ibrahim@ashfield-research.example"
    case("email_message", "en", f"""From: Mona Ibrahim <{N(rep, 'reporter_contact')}>
To: {N(PSIRT, 'psirt_contact')}
Subject: Vulnerability report: path traversal in log viewer ({N('CVE-2024-00000', 'placeholder')} requested)
Content-Type: text/plain; charset=us-ascii

Hi,

Path traversal in /logviewer?file=../../etc/passwd on build {N('11.2.0.4417', 'version')}.
PoC output trimmed; password fields showed as {N('x', 'placeholder')} (shadow not readable), e.g. `root:x:0:0:root:/root:/bin/bash`.
The host answered from {N('10.150.2.33', 'infrastructure_info')}, hostname {N('logsrv-a.plant.internal', 'infrastructure_info')}.
Proposed disclosure date: {N('2024-09-30', 'date_not_birth')}.

--
Mona Ibrahim, Ashfield Research
{N('+1 (202) 555-0147', 'reporter_contact')}
""", reporter_email=rep)

    case("email_message", "fr", f"""From: Service RH <rh@clinique-exemple.fr>
To: direction@clinique-exemple.fr
Subject: TR: dossier Mme Fabre
Date: Thu, 20 Jun 2024 10:05:12 +0200

Pour info, ci-dessous la synthèse envoyée par la médecine du travail.

> Mme Sylvie Fabre, infirmière de nuit, NIR {L(nir('2', '68'), 'national_id')},
> {L('inapte temporaire au poste de nuit (syndrome anxio-dépressif), reclassement de jour recommandé', 'health_data')}.
> Date de naissance : {L('14/05/1968', 'date_of_birth')}.

Merci de ne pas diffuser.
""")

    case("email_message", "en", f"""From: GitHub <{N('noreply@github.com', 'company_contact')}>
To: dev@example.com
Subject: [GitHub] A personal access token has been added to your account
Date: Tue, 9 Jul 2024 13:20:44 +0000

Hey dev!

A personal access token ("ci-mirror") with repo scope was recently added to your account. Token ending in {N('…a1F9', 'redacted')}.
Visit https://github.com/settings/tokens for more information.

If you run into problems, please contact support by visiting https://github.com/contact
""")

    case("email_message", "fr", f"""Date: Tue, 2 Jul 2024 22:14:09 +0200
From: {L('p.nguyen.perso@free.fr', 'email_address')}
To: admin-site@association-quartier-exemple.fr
Subject: mot de passe du site
Content-Type: text/plain; charset=utf-8

Salut Étienne,
je t'envoie les accès du WordPress de l'asso avant mon départ :
identifiant admin_asso
{L('Biscotte.Pivoine.2019', 'password_assignment')}
(le même que pour la boîte OVH, je sais…)
Mon nouveau numéro : {L(fr_phone_mobile(), 'phone_number')}
Phuong
""")

# ================================================================ markdown_report
def markdown_report():
    rep = "elif.yildiz@bosphorus-sec.example"
    case("markdown_report", "en", f"""# Finding 3 — Hard-coded private key in the update agent

| Field | Value |
|---|---|
| Product | Update agent {N('2.4.0', 'version')} |
| CVSS | `{N('CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 'cvss_vector')}` |
| Reporter | Elif Yıldız ({N(rep, 'reporter_contact')}) |

The binary embeds the signing key used for update manifests:

```
{L(pem_block('EC PRIVATE KEY', 3), 'private_key')}
```

Anyone holding it can sign a malicious manifest. The matching public key's SHA-256 is `{N(sha256(), 'file_hash')}`.
""", reporter_email=rep)

    case("markdown_report", "fr", f"""## Constat 7 — Identifiants de la base dans le dépôt Git

**Gravité :** élevée · **Statut :** ouvert

Le fichier `config/database.php` (commit `{N(git_sha()[:8], 'git_sha')}`) contient :

```php
'mysql' => [
    'host'     => '{L('mysql-crm.interne.groupe-exemple.fr', 'internal_hostname')}',
    'username' => 'crm_admin',
    'password' => '{L(pwd('random'), 'password_assignment')}',
],
```

> Recommandation : déplacer le secret dans le coffre et **le changer** (il est dans l'historique).
""")

    case("markdown_report", "en", f"""## Appendix B — Evidence (sanitised)

All secrets below were replaced before sending, following the policy:

```http
POST /api/token HTTP/1.1
Authorization: Basic {N('<base64(user:pass)>', 'placeholder')}

{{"client_secret": "{N('REDACTED', 'redacted')}", "grant_type": "client_credentials"}}
```

- Session id: `{N('sess_****************', 'redacted')}`
- Tested from {N(doc_ip(), 'documentation_ip')} against {N('staging.example.net', 'public_hostname')}
- Tool versions: Burp Suite {N('2024.5.3', 'version')}, nuclei {N('v3.2.9', 'version')}
- Evidence archive SHA-256: `{N(sha256(), 'file_hash')}`
""")

    ssn1 = ssn()
    case("markdown_report", "en", f"""### 4.2 Data exposed by the `/export` endpoint

The endpoint returns the full applicant record. One example, reproduced **only** to let you locate the row:

| field | value |
|---|---|
| name | Darnell Whitaker |
| ssn | {L(ssn1, 'national_id')} |
| dob | {L('07/22/1990', 'date_of_birth')} |
| home | {L('1184 Alder Creek Dr, Boise, ID 83709', 'postal_address')} |
| notes | {L('disclosed PTSD diagnosis, requests remote work accommodation', 'health_data')} |

Total rows observed in pagination metadata: {N('48 212', 'count')}.
""")

    case("markdown_report", "fr", f"""# Rapport de test d'intrusion — Synthèse

*Rédigé le {N('28/06/2024', 'date_not_birth')}, version {N('1.2', 'version')}*

## Périmètre
- `{N('intranet.exemple-industrie.fr', 'infrastructure_info')}` ({N('10.50.0.0/16', 'infrastructure_info')})
- Application mobile {N('4.0.1', 'version')}

## Résultats
Aucune donnée personnelle n'a été extraite. Les mots de passe observés sont notés `********` ({N('********', 'placeholder')}).
Les comptes de test utilisés étaient fournis par le client (`pentest01`, mot de passe {N('communiqué par téléphone', 'placeholder')}).

## Contact
Équipe PSIRT : {N(PSIRT, 'psirt_contact')} — empreinte {N(PSIRT_FP, 'fingerprint')}
""")

    case("markdown_report", "fr", f"""### PoC — extraction du jeton Slack de l'intégration

```bash
$ strings app.asar | grep -E 'xox[abp]-'
const SLACK = "{L(slack_token('xoxb'), 'slack_token')}"
$ curl -s -H "Authorization: Bearer $SLACK" https://slack.com/api/auth.test
{{"ok":true,"team":"exemple-industrie","user":"notif-bot"}}
```

Note : le jeton a aussi été retrouvé dans le fichier `cache/{L(slack_user_token(), 'slack_token')}.json` (nom de fichier !).
""")

    case("markdown_report", "en", f"""## Finding 5: verbose errors leak the reset link

Steps:
1. Request a password reset for any account.
2. The error page prints the link:
   `https://id.example-shop.com/reset?uid=88410&token={L(rs(HEX, 40), 'password_assignment', also=['session_cookie'])}`
3. Opening it lets you set a new password for that user (tested on my own second account only: {N('reporter+2@ashfield.example', 'reporter_contact')}).

Footnote: the reset e-mail is sent to the address on file, in my test `{N('reporter+2@ashfield.example', 'reporter_contact')}`.
""", reporter_email="reporter@ashfield.example")

    iban_ch = iban("CH")
    case("markdown_report", "fr", f"""## Annexe — extrait de la table `fournisseurs` (1 ligne)

| id | raison_sociale | contact | iban | tel |
|----|----------------|---------|------|-----|
| 448 | Menuiserie Favre (EI) | Laurent Favre | {L(iban_ch, 'iban')} | {L('+41 79 ' + digits(3) + ' ' + digits(2) + ' ' + digits(2), 'phone_number')} |

*L'entreprise individuelle est au nom de M. Favre : son IBAN est un compte personnel.* SIRET de l'éditeur de l'ERP pour mémoire : {N(siret(), 'siret')}.
""")

# ================================================================ git_diff
def git_diff():
    h = git_sha()
    case("git_diff", "en", f"""commit {N(h, 'git_sha')}
Author: Priyanka Das <{N('priyanka@example.dev', 'company_contact')}>
Date:   {N('Thu Apr 11 16:02:19 2024 +0530', 'timestamp')}

    temp: hardcode token to unblock release

diff --git a/scripts/release.sh b/scripts/release.sh
index {N(hexs(7), 'git_sha')}..{N(hexs(7), 'git_sha')} 100755
--- a/scripts/release.sh
+++ b/scripts/release.sh
@@ -3,7 +3,7 @@ set -euo pipefail
-GITHUB_TOKEN="${{GITHUB_TOKEN:?missing}}"
+GITHUB_TOKEN="{L(gh_token(), 'github_token')}"
 gh release create "v$VERSION" dist/*
""")

    case("git_diff", "fr", f"""diff --git a/tests/fixtures/adherents.csv b/tests/fixtures/adherents.csv
new file mode 100644
index 0000000..{N(hexs(7), 'git_sha')}
--- /dev/null
+++ b/tests/fixtures/adherents.csv
@@ -0,0 +1,3 @@
+nom;prenom;date_naissance;num_secu;adresse
+Garcia;Inès;{L('1993-06-08', 'date_of_birth')};{L(nir('2', '93', '06', '31'), 'national_id')};{L('27 avenue de Lombez, 31300 Toulouse', 'postal_address')}
+Morel;Pascal;{L('1958-01-30', 'date_of_birth')};{L(nir('1', '58', '01', '59'), 'national_id')};{L('4 rue Solférino, 59000 Lille', 'postal_address')}
""")

    case("git_diff", "en", f"""diff --git a/package-lock.json b/package-lock.json
index {N(hexs(7), 'git_sha')}..{N(hexs(7), 'git_sha')} 100644
--- a/package-lock.json
+++ b/package-lock.json
@@ -1021,9 +1021,9 @@
     "node_modules/semver": {{
-      "version": "{N('7.5.3', 'version')}",
-      "resolved": "https://registry.npmjs.org/semver/-/semver-7.5.3.tgz",
-      "integrity": "{N(npm_integrity(), 'npm_integrity')}",
+      "version": "{N('7.6.2', 'version')}",
+      "resolved": "https://registry.npmjs.org/semver/-/semver-7.6.2.tgz",
+      "integrity": "{N(npm_integrity(), 'npm_integrity')}",
       "license": "ISC"
""")

    old = pwd("random")
    case("git_diff", "fr", f"""$ git show {N(git_sha()[:9], 'git_sha')} -- config/prod.ini
commit {N(git_sha(), 'git_sha')}
Author: Bastien Huet <b.huet@exemple-collectivite.fr>
Date:   {N('Mon Mar 4 10:12:55 2024 +0100', 'timestamp')}

    suppression du mot de passe en clair (il reste dans l'historique…)

--- a/config/prod.ini
+++ b/config/prod.ini
@@ -12,4 +12,4 @@
 [ldap]
 bind_dn = cn=appli,ou=services,dc=collectivite,dc=local
-bind_pw = {L(old, 'password_assignment')}
+bind_pw = {N('%(LDAP_BIND_PW)s', 'placeholder')}
 url = ldaps://{L('ldap01.collectivite.local', 'internal_hostname')}
""")

    case("git_diff", "en", f"""diff --git a/docs/SECURITY.md b/docs/SECURITY.md
--- a/docs/SECURITY.md
+++ b/docs/SECURITY.md
@@ -1,6 +1,9 @@
 # Security policy
-Report issues to security@example.org.
+Report issues to {N('security@example.org', 'company_contact')} encrypted with key
+`{N(fingerprint_luhn(), 'fingerprint_luhn')}`.
+Our signing subkey: `{N(fingerprint(), 'fingerprint')}` (expires {N('2026-01-01', 'date_not_birth')}).
+Example of a redacted secret in a report: `{N('ghp_************************************', 'redacted')}`
 Supported versions: {N('>= 4.2', 'version')}
""")

    case("git_diff", "fr", f"""diff --git a/src/test/resources/application-test.yml b/src/test/resources/application-test.yml
--- a/src/test/resources/application-test.yml
+++ b/src/test/resources/application-test.yml
@@ -4,3 +4,6 @@ spring:
   datasource:
     url: jdbc:h2:mem:testdb
+paiement:
+  cle-api: {L(stripe_key('rk_live_'), 'stripe_key')}
+  carte-de-test: {D('4000 0025 0000 3155', 'payment_card')}
+  webhook-secret: {L('whsec_' + rs(AN, 32), 'stripe_key', also=['password_assignment'])}
""")

    case("git_diff", "en", f"""diff --git a/deploy/id_deploy b/deploy/id_deploy
deleted file mode 100600
index {N(hexs(7), 'git_sha')}..0000000
--- a/deploy/id_deploy
+++ /dev/null
@@ -1,7 +0,0 @@
-{L(chr(10).join('-' + ln for ln in pem_block('OPENSSH PRIVATE KEY', 5).split(chr(10)))[1:], 'private_key')}
diff --git a/deploy/id_deploy.pub b/deploy/id_deploy.pub
deleted file mode 100644
--- a/deploy/id_deploy.pub
+++ /dev/null
@@ -1 +0,0 @@
-{N(ssh_pub('deploy@ci'), 'public_key')}
""")

# ================================================================ html_page
def html_page():
    case("html_page", "en", f"""<!DOCTYPE html>
<html><head><title>Whoops! There was an error.</title></head>
<body>
<h1>Illuminate\\Database\\QueryException</h1>
<p>SQLSTATE[HY000] [2002] Connection refused</p>
<table class="env">
<tr><td>APP_KEY</td><td>base64:{L(base64.b64encode(bytes(R.getrandbits(8) for _ in range(32))).decode(), 'password_assignment')}</td></tr>
<tr><td>DB_HOST</td><td>{L(priv_ip(), 'private_ip')}</td></tr>
<tr><td>DB_PASSWORD</td><td>{L(pwd('mixed'), 'password_assignment')}</td></tr>
<tr><td>MAIL_PASSWORD</td><td>{L(sendgrid_key(), 'sendgrid_key')}</td></tr>
<tr><td>APP_VERSION</td><td>{N('10.48.4', 'version')}</td></tr>
</table>
</body></html>
""")

    rows = []
    people = [("Martine", "Leclerc", "martine.leclerc@laposte.net"), ("Ahmed", "Saïdi", "a.saidi@outlook.fr"), ("Chloé", "Bonnet", "chloe.bonnet77@gmail.com")]
    for fn, ln, em in people:
        rows.append(f"<tr><td>{fn} {ln}</td><td>{L(em, 'email_address')}</td><td>{L(fr_phone_mobile(), 'phone_number')}</td><td>{L(bcrypt_hash(10), 'password_hash')}</td></tr>")
    case("html_page", "fr", f"""<!-- page /admin/utilisateurs enregistrée (Ctrl+S) par le déclarant, accessible sans authentification -->
<html lang="fr"><head><meta charset="utf-8"><title>Administration — Utilisateurs</title></head>
<body><h2>Utilisateurs (3 sur 1 204)</h2>
<table>
<tr><th>Nom</th><th>Courriel</th><th>Mobile</th><th>Empreinte mdp</th></tr>
{chr(10).join(rows)}
</table></body></html>
""")

    case("html_page", "en", f"""<html><body>
<h2>PHP Version {N('8.2.18', 'version')}</h2>
<table>
<tr><td class="e">System</td><td class="v">Linux {L('web03.shop.internal', 'internal_hostname')} 5.15.0-105-generic</td></tr>
<tr><td class="e">SERVER_ADDR</td><td class="v">{L(priv_ip(), 'private_ip')}</td></tr>
<tr><td class="e">$_SERVER['MYSQL_PASSWORD']</td><td class="v">{L(pwd('random'), 'password_assignment')}</td></tr>
<tr><td class="e">$_SERVER['PAYPAL_CLIENT_SECRET']</td><td class="v">{L(rs(B64U, 80), 'password_assignment')}</td></tr>
<tr><td class="e">$_COOKIE['PHPSESSID']</td><td class="v">{L(phpsessid(), 'session_cookie')}</td></tr>
<tr><td class="e">REMOTE_ADDR</td><td class="v">{N(doc_ip(), 'documentation_ip')}</td></tr>
</table></body></html>
""")

    case("html_page", "fr", f"""<form action="/paiement/valider" method="post">
  <input type="hidden" name="csrf" value="{N(rs(B64U, 43), 'csrf_token')}">
  <input type="hidden" name="commande" value="{N('CMD-2024-77812', 'order_id')}">
  <input type="hidden" name="montant" value="{N('89.90', 'amount')}">
  <input type="hidden" name="porteur" value="Yvonne Texier">
  <input type="hidden" name="pan" value="{L(card('visa'), 'payment_card')}">
  <input type="hidden" name="naissance_porteur" value="{L('1949-10-02', 'date_of_birth')}">
  <input type="password" name="code" placeholder="{N('••••', 'placeholder')}">
  <button>Payer</button>
</form>
""")

    case("html_page", "en", f"""<!doctype html>
<html><head>
<meta name="generator" content="Hugo {N('0.125.4', 'version')}">
<link rel="stylesheet" href="/css/main.min.css" integrity="{N('sha384-' + base64.b64encode(bytes(R.getrandbits(8) for _ in range(48))).decode(), 'sri_hash')}" crossorigin="anonymous">
<script src="https://www.googletagmanager.com/gtag/js?id={N('G-' + rs(UP + DG, 10), 'analytics_id')}"></script>
</head><body>
<footer>Contact: <a href="mailto:{N('press@example-robotics.com', 'company_contact')}">press</a> · Switchboard {N('+1 (617) 555-0100', 'company_contact')}
 · Security: <a href="mailto:{N(PSIRT, 'psirt_contact')}">{N(PSIRT, 'psirt_contact')}</a> · build {N(git_sha()[:10], 'git_sha')}</footer>
</body></html>
""")

    case("html_page", "fr", f"""<html><body>
<h1>Erreur 500 — mode debug activé</h1>
<pre>
Traceback (most recent call last):
  File "/srv/rdv/views.py", line 88, in confirmer_rdv
    envoyer_sms(patient.telephone, texte)
Variables locales :
  patient = &lt;Patient: Gérard Mounier, né le {L('11/08/1952', 'date_of_birth')}&gt;
  motif = '{L('suivi chimiothérapie — cancer colorectal', 'health_data')}'
  telephone = '{L(fr_phone_intl(), 'phone_number')}'
  SMS_API_KEY = '{L(twilio_token(), 'twilio_key', also=['password_assignment'])}'
</pre>
<p>Vous voyez cette page parce que DEBUG = True.</p>
</body></html>
""")

    case("html_page", "fr", f"""<!-- Saved from: https://status.exemple-hebergeur.fr/ -->
<html lang="fr"><body>
<h1>État des services</h1>
<ul>
<li>API — opérationnel (v{N('2.18.0', 'version')})</li>
<li>Incident {N('INC-20240611-03', 'order_id')} résolu le {N('11/06/2024 à 17:40', 'timestamp')}</li>
<li>Passerelle : {N(pub_ip(), 'public_ip')}</li>
</ul>
<p>Exemple de configuration client : <code>api_key = {N('VOTRE_CLE_API', 'placeholder')}</code>, <code>mot_de_passe = {N('[masqué]', 'redacted')}</code></p>
<p>Support : {N('support@exemple-hebergeur.fr', 'company_contact')} — {N('03 20 00 00 00', 'company_contact')}</p>
</body></html>
""")


# ================================================================ more clean texts (hard negatives only)
def extra_clean():
    rep = "noor.haddad@lakeside-infosec.example"
    case("prose_en", "en", f"""Hi,

Following up on my report from last week: I re-tested after your hotfix ({N('4.12.8', 'version')}, build {N(git_sha()[:8], 'git_sha')}) and the IDOR is gone. For your records the test account I used was my own ({N(rep, 'reporter_contact')}); the only "secret" in my notes is the token placeholder {N('Bearer <redacted>', 'redacted')}.
If you need to call me: {N('+1 (312) 555-0186', 'reporter_contact')}, or write to my office at {N('200 W Madison St, Suite 1400, Chicago, IL 60606', 'reporter_contact')}.
The signed advisory draft is attached (sha256 {N(sha256(), 'file_hash')}); my key is {N(fingerprint(), 'fingerprint')}.
Noor
""", reporter_email=rep)

    case("prose_fr", "fr", f"""Compte rendu de réunion — comité sécurité du {N('4 juillet 2024', 'date_not_birth')}

Présents : RSSI, DSI, responsable conformité.
1. Politique de mots de passe : passage de {N('longueur minimale 10', 'config_setting')} à {N('longueur minimale 14', 'config_setting')}, MFA obligatoire.
2. Inventaire : le serveur {N('srv-fichiers-01.siege.local', 'infrastructure_info')} ({N('10.0.12.4', 'infrastructure_info')}) sera décommissionné.
3. Budget : {N('48 000 € TTC', 'amount')} pour l'outil de coffre-fort (bon de commande {N('BC-7781', 'order_id')}).
4. Le numéro d'astreinte publié sur l'intranet reste le {N('01 99 00 58 20', 'company_contact')}.
Prochaine réunion le {N('12/09/2024', 'date_not_birth')}.
""")

    case("http_response", "fr", f"""HTTP/1.1 200 OK
Content-Type: application/json
X-RateLimit-Remaining: 4998

{{"utilisateurs":[{{"id":"{N(a_uuid(), 'uuid')}","login":"demo","email":"{D('demo@example.com', 'email_address')}","tel":"{D('+1 555 0100', 'phone_number')}","mot_de_passe":"{N('***', 'redacted')}"}}],"total":1,"genere_le":"{N('2024-06-21T07:44:10Z', 'timestamp')}"}}
""")

    case("email_message", "en", f"""From: Release Bot <{N('releases@example-oss.org', 'company_contact')}>
To: announce@lists.example-oss.org
Subject: [ANN] libfoo {N('3.0.0', 'version')} released
Date: {N('Sat, 22 Jun 2024 09:00:00 +0000', 'timestamp')}

libfoo 3.0.0 is out. Tarball: libfoo-3.0.0.tar.xz
SHA256: {N(sha256(), 'file_hash')}
Signed by: {N(fingerprint_luhn(), 'fingerprint_luhn')}
Changelog: removed the deprecated `--password` flag; use `--password-file` instead ({N('password_file = /run/secrets/libfoo', 'config_setting')}).
Security fixes: {N('CVE-2024-31337', 'cve_id')} ({N('CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 'cvss_vector')}).
""")

    case("markdown_report", "en", f"""## Reproduction environment

| Item | Value |
|---|---|
| Target | `{N('gw-lab-01.test.internal', 'infrastructure_info')}` ({N('192.168.56.101', 'infrastructure_info')}) |
| Firmware | {N('7.0.3 (build 2211)', 'version')} |
| Image hash | `{N(md5(), 'file_hash')}` |
| Credentials | `admin` / `{N('<set by vendor lab>', 'placeholder')}` |
| API key | `{N('${{LAB_API_KEY}}', 'placeholder')}` |
| Request id | `{N(a_uuid(), 'uuid')}` |

Published by the vendor: `{N('-----BEGIN PUBLIC KEY-----MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE' + rs(B64, 40) + '-----END PUBLIC KEY-----', 'public_key')}`
""")

    case("config_file", "fr", f"""# /etc/ssh/sshd_config (extrait) — serveur de rebond, durci
Port 22
ListenAddress {N('10.255.0.10', 'infrastructure_info')}
PermitRootLogin no
PasswordAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile .ssh/authorized_keys
MaxAuthTries {N('3', 'config_setting')}
# empreinte de la clé hôte publiée dans le wiki : {N(ssh_fp(), 'fingerprint')}
# clé de l'administrateur : {N(ssh_pub('admin@poste-01'), 'public_key')}
Banner /etc/issue.net
""")

# ================================================================ main / check
def build():
    global R
    R.seed(SEED)
    _REG.clear(); CASES.clear()
    for fn in (prose_en, prose_fr, chat, config_file, config_yaml, config_json, config_ini, env_file,
               http_request, http_response, email_message, markdown_report, git_diff, html_page, extra_clean):
        fn()
    return CASES

def sanity(cases):
    errs = []
    ids = set()
    for c in cases:
        t = c["text"]; u = t.encode("utf-16-le")
        sl = lambda s, e: u[2 * s:2 * e].decode("utf-16-le")
        if c["id"] in ids: errs.append("dup id " + c["id"])
        ids.add(c["id"])
        if c["language"] not in ("en", "fr"): errs.append(c["id"] + " language")
        for lab in c["labels"]:
            s, e = lab["start"], lab["end"]
            if not (0 <= s < e <= len(u) // 2): errs.append("%s bad span %r" % (c["id"], lab)); continue
            v = sl(s, e)
            if v != v.strip(): errs.append("%s label has outer whitespace %r" % (c["id"], v))
            grp, sev = GROUP[lab["category"]]
            if lab["group"] != grp: errs.append(c["id"] + " group")
            if lab["severity"] not in (sev, "info"): errs.append(c["id"] + " severity")
            for a in lab.get("also", []):
                if a not in GROUP: errs.append(c["id"] + " also " + a)
            cat = lab["category"]
            if cat == "payment_card":
                dgt = re.sub(r"\D", "", v)
                if not luhn_ok(dgt): errs.append("%s card not Luhn %s" % (c["id"], v))
            if cat == "iban":
                x = v.replace(" ", "")
                if not iban_ok(x) or len(x) != IBAN_LEN[x[:2]]: errs.append("%s bad IBAN %s" % (c["id"], v))
            if cat == "identity_document" and v.startswith("P<") and len(v) != 44: errs.append(c["id"] + " mrz1")
        for ng in c["negatives"]:
            s, e = ng["start"], ng["end"]
            if not (0 <= s < e <= len(u) // 2): errs.append("%s bad neg span" % c["id"])
            for lab in c["labels"]:
                if s < lab["end"] and lab["start"] < e: errs.append("%s negative overlaps label" % c["id"])
    return errs

def serialise(cases):
    lines = []
    for c in cases:
        d = dict(c)
        d["labels"] = [{k: v for k, v in l.items() if not k.startswith("_")} for l in c["labels"]]
        d["negatives"] = [{k: v for k, v in n.items() if not k.startswith("_")} for n in c["negatives"]]
        lines.append(json.dumps(d, ensure_ascii=False, sort_keys=False))
    return ("\n".join(lines) + "\n").encode("utf-8")

def main():
    cases = build()
    errs = sanity(cases)
    # the span of every label/negative must be exactly the value that was inserted
    for c in cases:
        u = c["text"].encode("utf-16-le")
        for x in c["labels"] + c["negatives"]:
            if u[2 * x["start"]:2 * x["end"]].decode("utf-16-le") != x["_value"]:
                errs.append("%s span != value" % c["id"])
    data = serialise(cases)
    if "--check" in sys.argv:
        # the file on disk must equal the output and its spans must be sane once re-read
        try:
            disk = open(OUT, "rb").read()
        except FileNotFoundError:
            disk = b""
        if disk != data: errs.append("cases.jsonl differs from generated output")
        reread = [json.loads(l) for l in disk.decode("utf-8").splitlines() if l.strip()]
        errs += sanity(reread)
        if errs:
            print("\n".join(errs)); sys.exit(1)
        print("OK: %d cases, spans sane, file matches" % len(cases))
        return
    if errs:
        print("\n".join(errs)); sys.exit(1)
    with open(OUT, "wb") as f:
        f.write(data)
    print("wrote %s (%d cases)" % (OUT, len(cases)))

if __name__ == "__main__":
    main()
