#!/usr/bin/env python3
"""Blind test corpus b15b for a sensitive-data scanner (carriers: json_api, csv_export,
ocr_document, command_line, server_log, source_code, k8s_manifest, terraform, shell_history,
sql_dump, stack_trace).  Standard library only, deterministic.

    python3 gen_blind15b.py           # writes cases.jsonl next to this file
    python3 gen_blind15b.py --check   # verifies cases.jsonl == generated output, and every span
"""
import base64, binascii, hashlib, json, os, random, string, sys, zlib

SEED = 15020250
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.jsonl")

CRED = ["private_key", "aws_access_key_id", "aws_secret_key", "github_token", "gitlab_token",
        "slack_token", "slack_webhook", "stripe_key", "google_api_key", "gcp_service_account",
        "azure_connection_string", "azure_sas_token", "npm_token", "pypi_token", "sendgrid_key",
        "twilio_key", "ai_api_key", "jwt", "url_credentials", "connection_string",
        "authorization_header", "session_cookie", "password_assignment", "password_hash"]
PERS_HIGH = ["payment_card", "iban", "national_id", "date_of_birth", "identity_document",
             "postal_address", "health_data", "employment_data", "tax_record", "travel_record"]
PERS_MED = ["email_address", "phone_number"]
INFRA = ["private_ip", "internal_hostname"]
ALL_CATS = CRED + PERS_HIGH + PERS_MED + INFRA


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

# ---------------------------------------------------------------- markup
# L()/N()/INF() return the value wrapped in private-use markers; render() strips them and
# computes UTF-16 offsets.
_META = []
S0, S1, S2 = "\ue000", "\ue001", "\ue002"


def _mark(meta, value):
    _META.append(meta)
    return f"{S0}{len(_META) - 1}{S1}{value}{S2}"


def L(value, cat, also=None, optional=False, sev=None):
    assert cat in ALL_CATS, cat
    return _mark({"t": "L", "cat": cat, "also": also, "optional": optional, "sev": sev}, value)


def DOC(value, cat):
    """documentation / example value: labelled with severity info"""
    return L(value, cat, sev="info")


def N(value, kind):
    return _mark({"t": "N", "kind": kind}, value)


def INF(value, cat):
    """private IP / internal host: a label (info) in a text with findings, a negative in a clean one"""
    assert cat in INFRA
    return _mark({"t": "I", "cat": cat}, value)


def u16len(s):
    return len(s.encode("utf-16-le")) // 2


def render(raw):
    out, pos, items, stack = [], 0, [], []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == S0:
            j = raw.index(S1, i)
            idx = int(raw[i + 1:j])
            stack.append((idx, pos, len(out)))
            i = j + 1
            continue
        if ch == S2:
            idx, start, ostart = stack.pop()
            items.append((idx, start, pos, "".join(out[ostart:])))
            i += 1
            continue
        out.append(ch)
        pos += 2 if ord(ch) > 0xFFFF else 1
        i += 1
    assert not stack
    return "".join(out), items


CASES = []


def case(carrier, lang, reporter_email=None):
    def deco(fn):
        CASES.append((fn, carrier, lang, reporter_email))
        return fn
    return deco


def build():
    rows = []
    for n, (fn, carrier, lang, rep) in enumerate(CASES, 1):
        _META.clear()
        raw = fn()
        text, items = render(raw)
        metas = list(_META)
        real = [m for m in metas if m["t"] == "L" and (m["sev"] or sev_of(m["cat"])) != "info"]
        has_findings = bool(real)
        labels, negs, checks = [], [], []
        for idx, s, e, val in sorted(items, key=lambda x: (x[1], x[2])):
            m = metas[idx]
            if m["t"] == "N" or (m["t"] == "I" and not has_findings):
                kind = m.get("kind") or "infrastructure_info"
                negs.append({"start": s, "end": e, "kind": kind})
                checks.append((s, e, val))
                continue
            cat = m["cat"]
            lab = {"start": s, "end": e, "category": cat,
                   "severity": (m.get("sev") or sev_of(cat)), "group": group_of(cat)}
            if m.get("also"):
                lab["also"] = list(m["also"]) if isinstance(m["also"], (list, tuple)) else [m["also"]]
            if m.get("optional"):
                lab["optional"] = True
            labels.append(lab)
            checks.append((s, e, val))
        row = {"id": f"b15b-{n:03d}", "carrier": carrier, "language": lang, "text": text,
               "labels": labels, "negatives": negs}
        if rep:
            row["reporter_email"] = rep
        rows.append((row, checks))
    return rows

# ---------------------------------------------------------------- value makers
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"


def rs(n, alphabet=ALNUM):
    return "".join(R.choice(alphabet) for _ in range(n))


def b62(num, width):
    s = ""
    while num:
        num, d = divmod(num, 62)
        s = B62[d] + s
    return s.rjust(width, "0")


def ghtok(prefix="ghp_"):
    body = rs(30)
    return prefix + body + b62(zlib.crc32(body.encode()) & 0xFFFFFFFF, 6)


def gh_pat():
    return "github_pat_" + rs(22) + "_" + rs(59)


def aws_id(prefix="AKIA"):
    return prefix + rs(16, string.ascii_uppercase + "234567")


def aws_secret():
    return rs(40, ALNUM + "+/")


def slack_bot(prefix="xoxb"):
    return f"{prefix}-{R.randint(10**10, 10**12)}-{R.randint(10**11, 10**13)}-{rs(24)}"


def slack_hook():
    return ("https://hooks.slack.com/services/T" + rs(8, string.ascii_uppercase + string.digits)
            + "/B" + rs(10, string.ascii_uppercase + string.digits) + "/" + rs(24))


def stripe(prefix="sk_live_", n=24):
    return prefix + rs(n)


def gapi():
    return "AIza" + rs(35, ALNUM + "-_")


def glpat():
    return "glpat-" + rs(20, ALNUM + "-_")


def npm_tok():
    return "npm_" + rs(36)


def pypi_tok():
    return "pypi-AgEIcHlwaS5vcmc" + rs(R.randint(120, 160), ALNUM + "-_")


def sendgrid():
    return "SG." + rs(22, ALNUM + "-_") + "." + rs(43, ALNUM + "-_")


def twilio_sk():
    return "SK" + rs(32, HEX)


def hexs(n):
    return rs(n, HEX)


def openai_key():
    return "sk-proj-" + rs(48, ALNUM + "-_") + "T3BlbkFJ" + rs(48, ALNUM + "-_")


def anthropic_key():
    return "sk-ant-api03-" + rs(93, ALNUM + "-_") + "AA"


def b64e(b):
    return base64.b64encode(b).decode()


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def jwt(payload, alg="HS256", kid=None):
    h = {"alg": alg, "typ": "JWT"}
    if kid:
        h["kid"] = kid
    hb = b64u(json.dumps(h, separators=(",", ":")).encode())
    pb = b64u(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
    n = 32 if alg.startswith("HS") else 256
    return f"{hb}.{pb}.{b64u(bytes(R.getrandbits(8) for _ in range(n)))}"


def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def pem(kind="OPENSSH", lines=7, width=70):
    if kind == "OPENSSH":
        head, body0 = "OPENSSH PRIVATE KEY", b"openssh-key-v1\x00\x00\x00\x00\x04none"
    elif kind == "RSA":
        head, body0 = "RSA PRIVATE KEY", b"\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00"
    elif kind == "EC":
        head, body0 = "EC PRIVATE KEY", b"\x30\x77\x02\x01\x01\x04\x20"
    else:
        head, body0 = "PRIVATE KEY", b"\x30\x82\x04\xbe\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00"
    b = b64e(body0 + rbytes(lines * width * 3 // 4 - len(body0)))
    body = "\n".join(b[i:i + width] for i in range(0, len(b), width))
    return f"-----BEGIN {head}-----\n{body}\n-----END {head}-----"


def bcrypt():
    return "$2b$12$" + rs(53, "./" + ALNUM)


def sha512crypt():
    return "$6$" + rs(16, "./" + ALNUM) + "$" + rs(86, "./" + ALNUM)


def argon2():
    return ("$argon2id$v=19$m=65536,t=3,p=4$" + b64e(rbytes(16)).rstrip("=") + "$"
            + b64e(rbytes(32)).rstrip("="))


def luhn_ok(num):
    s, alt = 0, False
    for d in reversed(num):
        d = int(d)
        if alt:
            d *= 2
            if d > 9:
                d -= 9
        s += d
        alt = not alt
    return s % 10 == 0


def luhn_complete(partial):
    for d in "0123456789":
        if luhn_ok(partial + d):
            return partial + d


def card(prefix="4", length=16):
    p = prefix + rs(length - len(prefix) - 1, string.digits)
    return luhn_complete(p)


def group4(s, sep=" "):
    return sep.join(s[i:i + 4] for i in range(0, len(s), 4))


def amex_fmt(s):
    return f"{s[:4]} {s[4:10]} {s[10:]}"


IBAN_BBAN = {"FR": 23, "DE": 18, "ES": 20, "IT": 23, "BE": 12, "NL": 14, "GB": 18, "LU": 16,
             "CH": 17, "PT": 21}


def iban_check(cc, bban):
    s = bban + cc + "00"
    n = int("".join(str(int(c, 36)) for c in s))
    return f"{98 - n % 97:02d}"


def iban(cc="FR"):
    if cc == "FR":
        bank, branch, acct = rs(5, string.digits), rs(5, string.digits), rs(11, string.digits)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        bban = f"{bank}{branch}{acct}{key:02d}"
    elif cc == "IT":
        bban = R.choice(string.ascii_uppercase) + rs(10, string.digits) + rs(12, string.digits)
    elif cc == "NL":
        bban = R.choice(["ABNA", "RABO", "INGB", "TRIO"]) + rs(10, string.digits)
    elif cc == "GB":
        bban = R.choice(["NWBK", "BARC", "MIDL", "LOYD"]) + rs(14, string.digits)
    else:
        bban = rs(IBAN_BBAN[cc], string.digits)
    full = cc + iban_check(cc, bban) + bban
    assert len(full) == IBAN_BBAN[cc] + 4
    return full


def iban_valid(s):
    s = s.replace(" ", "")
    t = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in t)) % 97 == 1


def nir(sex, yy, mm, dept, commune, order):
    base = f"{sex}{yy:02d}{mm:02d}{dept}{commune:03d}{order:03d}"
    num = int(base.replace("2A", "19").replace("2B", "18"))
    key = 97 - num % 97
    return base, f"{key:02d}"


def nir_spaced(*a):
    base, key = nir(*a)
    return f"{base[0]} {base[1:3]} {base[3:5]} {base[5:7]} {base[7:10]} {base[10:13]} {key}"


def nir_plain(*a):
    base, key = nir(*a)
    return base + key


def dni(num=None):
    num = num if num is not None else R.randint(10_000_000, 79_999_999)
    return f"{num:08d}{'TRWAGMYFPDXBNJZSQVHLCKE'[num % 23]}"


def nie():
    p = R.choice("XYZ")
    n = R.randint(1_000_000, 9_999_999)
    v = int(str("XYZ".index(p)) + f"{n:07d}")
    return f"{p}{n:07d}{'TRWAGMYFPDXBNJZSQVHLCKE'[v % 23]}"


_CF_ODD = dict(zip("0123456789", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]))
_CF_ODD.update(dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                        [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16,
                         10, 22, 25, 24, 23])))


def cf(first15):
    assert len(first15) == 15
    t = 0
    for i, c in enumerate(first15):
        if i % 2 == 0:
            t += _CF_ODD[c]
        else:
            t += int(c) if c.isdigit() else ord(c) - 65
    return first15 + chr(65 + t % 26)


def nino():
    bad1, bad2 = set("DFIQUV"), set("DFIOQUV")
    while True:
        a, b = R.choice(string.ascii_uppercase), R.choice(string.ascii_uppercase)
        if a in bad1 or b in bad2 or a + b in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
            continue
        return f"{a}{b}{rs(6, string.digits)}{R.choice('ABCD')}"


def nino_spaced():
    n = nino()
    return f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8]}"


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
        v = 0 if c == "<" else int(c) if c.isdigit() else ord(c) - 55
        tot += v * w[i % 3]
    return str(tot % 10)


def mrz_td3(doc_type, country, surname, given, number, nat, dob, sex, exp, personal=""):
    l1 = (doc_type.ljust(2, "<") + country + surname.replace(" ", "<") + "<<"
          + given.replace(" ", "<")).ljust(44, "<")[:44]
    num = number.ljust(9, "<")
    pers = personal.ljust(14, "<")
    pcd = mrz_cd(pers) if personal else "<"
    l2 = num + mrz_cd(num) + nat + dob + mrz_cd(dob) + sex + exp + mrz_cd(exp) + pers + pcd
    comp = num + mrz_cd(num) + dob + mrz_cd(dob) + exp + mrz_cd(exp) + pers + pcd
    l2 += mrz_cd(comp)
    assert len(l1) == 44 and len(l2) == 44
    return l1, l2


def mrz_td1(doc_type, country, number, dob, sex, exp, nat, surname, given, optional1=""):
    num = number.ljust(9, "<")
    opt1 = optional1.ljust(15, "<")
    l1 = (doc_type.ljust(2, "<") + country + num + mrz_cd(num) + opt1)[:30]
    l2 = dob + mrz_cd(dob) + sex + exp + mrz_cd(exp) + nat + "<" * 11
    comp = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    l2 += mrz_cd(comp)
    l3 = (surname.replace(" ", "<") + "<<" + given.replace(" ", "<")).ljust(30, "<")[:30]
    assert len(l1) == len(l2) == len(l3) == 30, (l1, l2, l3)
    return l1, l2, l3


def uuid4():
    h = hexs(32)
    h = h[:12] + "4" + h[13:16] + R.choice("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def sha(n=64):
    return hexs(n)


def integrity():
    return "sha512-" + b64e(rbytes(64))


def fpr_luhn():
    """40-hex PGP fingerprint grouped in fours whose 16-digit run of four digit-only groups passes Luhn"""
    digits = card(R.choice(["4", "5"]), 16)
    groups = [hexs(4).upper() for _ in range(10)]
    for k in range(4):
        groups[1 + k] = digits[4 * k:4 * k + 4]
    return " ".join(groups[:5]) + "  " + " ".join(groups[5:])


def fpr():
    g = [hexs(4).upper() for _ in range(10)]
    return " ".join(g[:5]) + "  " + " ".join(g[5:])


def ssh_fp():
    return "SHA256:" + b64e(rbytes(32)).rstrip("=")


def ssh_pub(comment):
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + b64e(rbytes(32))[:43] + " " + comment


def git_sha():
    return hexs(40)


def pick(seq):
    return R.choice(seq)


def T(tpl, **kw):
    for k, v in kw.items():
        key = "⟨" + k + "⟩"
        assert key in tpl, k
        tpl = tpl.replace(key, v)
    assert "⟨" not in tpl, tpl[tpl.index("⟨"):][:30]
    return tpl

# ================================================================ json_api

@case("json_api", "en")
def j01():
    return T('''GET /fhir/R4/Patient/81734?_revinclude=Condition:subject  (session of test account "lab-tech-02", patient 81734 is not assigned to it)

{
  "resourceType": "Bundle",
  "id": "⟨bid⟩",
  "meta": {"lastUpdated": "⟨ts⟩"},
  "entry": [
    {"resource": {
      "resourceType": "Patient", "id": "81734",
      "name": [{"family": "Haverkamp", "given": ["Rosalind", "M."]}],
      "birthDate": "⟨dob⟩",
      "telecom": [{"system": "phone", "value": "⟨ph⟩", "use": "mobile"}],
      "address": [{"line": ["⟨addr⟩"]}]
    }},
    {"resource": {
      "resourceType": "Condition", "id": "cond-55102",
      "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10", "code": "⟨icd⟩"}], "text": "⟨dx⟩"},
      "subject": {"reference": "Patient/81734"}, "recordedDate": "⟨rec⟩"
    }}
  ]
}''', bid=N(uuid4(), "uuid"), ts=N("2024-11-02T08:41:17.203+00:00", "timestamp"),
        dob=L("1969-07-22", "date_of_birth"), ph=L("(614) 338-2917", "phone_number"),
        addr=L('1180 Birchwood Dr", "Apt 4B", "Columbus, OH 43215', "postal_address"),
        icd=L("F32.1", "health_data"), dx=L("Major depressive disorder, single episode, moderate", "health_data"),
        rec=N("2023-04-18", "non_birth_date"))


@case("json_api", "fr")
def j02():
    return T('''Réponse de GET /rh/api/salaries/4412 avec le jeton d'un compte « manager » d'une autre agence (IDOR, l'identifiant est séquentiel) :

{"matricule":"004412","nom":"Quintard","prenom":"Armelle","poste":"Cheffe de quai",
 "salaire_brut_annuel":⟨sal⟩,"prime_2023":"⟨prime⟩",
 "iban_versement":"⟨iban⟩",
 "nir":"⟨nir⟩",
 "entretien_annuel":{"date":"⟨d⟩","appreciation":"⟨eval⟩"},
 "cree_le":"2019-09-02T00:00:00Z"}

En changeant 4412 en 4413, 4414… on obtient toutes les fiches de l'entrepôt.''',
        sal=L("41850", "employment_data"), prime=L("1 200 €", "employment_data", optional=True),
        iban=L(iban("FR"), "iban"), nir=L(nir_plain(2, 84, 11, "33", 63, 147), "national_id"),
        d=N("2024-02-14", "non_birth_date"),
        eval=L("Objectifs non atteints, avertissement écrit du 12/01 pour retards répétés", "employment_data"))


@case("json_api", "fr")
def j03():
    return T('''Pour info, voici ce que renvoie l'API publique du catalogue (aucune authentification, c'est normal) — rien de sensible dedans, je la mets juste pour montrer le champ « firmware » :

{
  "id": "⟨id⟩",
  "sku": "TX-4410-B",
  "libelle": "Passerelle LoRa extérieure",
  "prix_ht": "⟨prix⟩",
  "ean": "3760123450017",
  "fabricant": {"raison_sociale": "Ondéa Systèmes SAS", "siret": "⟨siret⟩", "support": "⟨sup⟩"},
  "firmware": {"version": "⟨v⟩", "sha256": "⟨h⟩", "publie_le": "⟨d⟩"},
  "password_policy": {"min_length": 12, "require_digit": true}
}''', id=N(uuid4(), "uuid"), prix=N("389,00 €", "amount"), siret=N("83214756900028", "siret"),
        sup=N("support@ondea-systemes.fr", "company_contact"), v=N("3.8.14-rc2", "version"),
        h=N(sha(), "file_hash"), d=N("2024-06-30", "non_birth_date"))


@case("json_api", "en")
def j04():
    return T('''The /api/admin/users endpoint only checks that a session exists, not the role. With my own low-privilege account it returns every user (3 of 1,284 shown):

[
  {"id": 17, "email": "⟨e1⟩", "mobile": "⟨p1⟩", "pw": "⟨h1⟩", "last_login": "2024-10-30T22:14:09Z"},
  {"id": 18, "email": "⟨e2⟩", "mobile": null, "pw": "⟨h2⟩", "last_login": null},
  {"id": 19, "email": "⟨e3⟩", "mobile": "⟨p3⟩", "pw": "⟨h3⟩", "last_login": "2024-11-01T07:02:55Z"}
]''', e1=L("t.okonkwo@brightwell-freight.co.uk", "email_address"), p1=L("+44 7911 482 306", "phone_number"),
        h1=L(bcrypt(), "password_hash"), e2=DOC("jane.doe@example.com", "email_address"),
        h2=L(bcrypt(), "password_hash"), e3=L("mfernsby@outlook.com", "email_address"),
        p3=L("+44 7385 019 774", "phone_number"), h3=L(bcrypt(), "password_hash"))


@case("json_api", "en")
def j05():
    tok = jwt({"sub": "svc-reporting", "scope": "billing:read billing:write", "iat": 1730459200,
               "exp": 1730462800, "iss": "https://auth.kelvara.io"}, "RS256", kid="k7-2024")
    return T('''POST /oauth/token with grant_type=client_credentials and the client_id that ships inside the mobile app (no secret needed!) returns:

{"access_token":"⟨at⟩","token_type":"Bearer","expires_in":3600,"refresh_token":"⟨rt⟩","scope":"billing:read billing:write"}

The token is accepted by the billing API.''', at=L(tok, "jwt"),
        rt=L("rt_" + rs(43, ALNUM + "-_"), "session_cookie", also=["password_assignment"], optional=True))


@case("json_api", "fr")
def j06():
    l1, l2 = mrz_td3("P", "FRA", "LEBRETON", "SOLENE AUDE", "21CK83026", "FRA", "910305", "F", "310611")
    return T('''Extrait de /api/booking/v3/pnr/⟨pnr0⟩ (aucune vérification que le PNR appartient au compte) :

{
 "recordLocator": "⟨pnr⟩",
 "passengers": [{
   "lastName": "LEBRETON", "firstName": "Solène",
   "dateOfBirth": "⟨dob⟩",
   "document": {"type": "P", "number": "⟨pp⟩", "expiry": "2031-06-11", "issuingCountry": "FRA"},
   "eticket": "⟨tkt⟩"
 }],
 "segments": [{"flight": "AF 1146", "from": "CDG", "to": "LIS", "departure": "2024-12-20T07:25", "seat": "⟨seat⟩"}],
 "apis": {"mrz": ["⟨m1⟩", "⟨m2⟩"]}
}''', pnr0=L("Q7XK2M", "travel_record"), pnr=L("Q7XK2M", "travel_record"),
        dob=L("1991-03-05", "date_of_birth"), pp=L("21CK83026", "identity_document"),
        tkt=L("057-2419583307", "travel_record"), seat=L("14C", "travel_record", optional=True),
        m1=L(l1, "identity_document"), m2=L(l2, "identity_document"))


@case("json_api", "en")
def j07():
    return T('''Introspection is enabled on the GraphQL endpoint. Note the schema exposes fields called password and ssn, but the resolvers return nulls for my role, so nothing leaks there:

{"data":{"viewer":{"id":"⟨gid⟩","login":"researcher-7","apiKey":null,
 "employees":{"pageInfo":{"endCursor":"⟨cur⟩","hasNextPage":true},
  "nodes":[{"id":"RW1wbG95ZWU6MTA0","ssn":null,"password":null,"token":"⟨red⟩"}]}}},
 "extensions":{"cost":{"requestedQueryCost":212},"traceId":"⟨tr⟩"}}''',
        gid=N("VXNlcjo5OTgxMg==", "opaque_id"), cur=N("YXJyYXljb25uZWN0aW9uOjQ5", "opaque_id"),
        red=N("<redacted>", "placeholder"), tr=N(hexs(32), "trace_id"))


@case("json_api", "fr")
def j08():
    return T('''L'endpoint /api/v1/settings/debug (oublié en production) renvoie la configuration complète du back-office :

{
  "env": "production",
  "smtp": {"host": "⟨smtp⟩", "port": 587, "user": "notifications", "password": "⟨pw⟩"},
  "paiement": {"fournisseur": "stripe", "cle_secrete": "⟨sk⟩", "webhook_secret": "⟨wh⟩"},
  "db": "⟨db⟩",
  "features": {"beta_export": false}
}''', smtp=INF("smtp-relay.int.lavandiere.local", "internal_hostname"),
        pw=L("Lv!notif-2023", "password_assignment"), sk=L(stripe("sk_live_", 99), "stripe_key"),
        wh=L("whsec_" + rs(32), "stripe_key"),
        db=L("postgresql://bo_app:Tr0uss3au-Vert@" + "10.40.2.15:5432/backoffice", "connection_string", also=["url_credentials"]))


@case("json_api", "en")
def j09():
    return T('''/__/firebase/init.json on the staging host serves the project config, and the Realtime Database rules are open. The key below is restricted to nothing:

{
  "apiKey": "⟨k⟩",
  "authDomain": "tidepool-staging.firebaseapp.com",
  "databaseURL": "https://tidepool-staging-default-rtdb.europe-west1.firebasedatabase.app",
  "projectId": "tidepool-staging",
  "storageBucket": "tidepool-staging.appspot.com",
  "messagingSenderId": "⟨sid⟩",
  "appId": "⟨app⟩"
}''', k=L(gapi(), "google_api_key"), sid=N("418827361954", "numeric_id"),
        app=N("1:418827361954:web:" + hexs(22), "opaque_id"))


@case("json_api", "fr")
def j10():
    return T('''Réponse de /status (public) : elle révèle seulement le nom du nœud et son adresse interne, ce qui est à mon avis de l'ordre de l'information, pas une fuite.

{"status":"ok","version":"⟨v⟩","commit":"⟨c⟩","uptime_s":1843022,
 "node":"⟨n⟩","bind":"⟨ip⟩:8443","started":"⟨ts⟩",
 "checks":{"db":"ok","cache":"ok","queue":"degraded"}}''', v=N("2.41.0", "version"),
        c=N(git_sha(), "git_sha"), n=INF("api-3.prd.hermine.internal", "internal_hostname"),
        ip=INF("10.20.3.4", "private_ip"), ts=N("2024-10-11T03:12:44Z", "timestamp"))


@case("json_api", "fr")
def j11():
    return T('''GET /fhir/MedicationRequest?patient=Patient/22019 avec un jeton de pharmacien d'un autre établissement :

{"resourceType":"MedicationRequest","id":"mr-99812","status":"active",
 "subject":{"reference":"Patient/22019","display":"Gaëtan Lhuillier"},
 "identifier":[{"system":"urn:oid:1.2.250.1.213.1.4.8","value":"⟨nir⟩"}],
 "medicationCodeableConcept":{"text":"⟨med⟩"},
 "reasonCode":[{"text":"⟨why⟩"}],
 "authoredOn":"⟨d⟩"}

(l'OID ⟨oid⟩ est celui de l'INS, ce n'est pas un secret)''',
        nir=L(nir_plain(1, 77, 4, "69", 383, 52), "national_id"),
        med=L("Lévothyrox 75 µg, 1 cp le matin", "health_data"),
        why=L("Hypothyroïdie post-thyroïdectomie", "health_data"), d=N("2024-09-03", "non_birth_date"),
        oid=N("1.2.250.1.213.1.4.8", "oid"))


@case("json_api", "en")
def j12():
    c = card("4", 16)
    return T('''The "order debug" endpoint echoes the raw payment payload the shop forwarded before tokenisation. Card data in clear:

{"order":"⟨oid⟩","amount":{"value":"129.90","currency":"EUR"},
 "card":{"holder":"DARNELL WHITCOMBE","number":"⟨pan⟩","exp":"09/27","cvc":"⟨cvc⟩"},
 "billing":{"street":"⟨addr⟩","email":"⟨em⟩"}}''', oid=N("ORD-2024-118-77312", "order_id"),
        pan=L(c, "payment_card"), cvc=L("318", "payment_card", optional=True),
        addr=L("27 Orchard Lane, Leeds LS6 2QF", "postal_address"),
        em=L("dwhitcombe@protonmail.com", "email_address"))


@case("json_api", "fr")
def j13():
    return T('''/api/comptes/{id}/coordonnees ne vérifie pas l'appartenance du compte. Exemple avec l'id 70031 (pas le mien) :

{
  "titulaire": "M. Yannick Pelletan",
  "iban": "⟨iban⟩",
  "bic": "CCBPFRPPNAN",
  "solde": "⟨solde⟩",
  "adresse_postale": "⟨addr⟩",
  "telephone": "⟨tel⟩"
}''', iban=L(group4(iban("FR")), "iban"), solde="2 418,07 EUR",
        addr=L("3 allée des Glycines, 44300 Nantes", "postal_address"), tel=L("06 71 38 45 92", "phone_number"))


@case("json_api", "en")
def j14():
    return T('''Registry metadata for the vulnerable package version (public, just for reference):

{"name":"@norrland/csv-stream","version":"⟨v⟩",
 "dist":{"integrity":"⟨i⟩","shasum":"⟨s⟩",
  "tarball":"https://registry.npmjs.org/@norrland/csv-stream/-/csv-stream-4.2.1.tgz"},
 "maintainers":[{"name":"norrland-bot","email":"⟨m⟩"}],
 "gitHead":"⟨g⟩"}''', v=N("4.2.1", "version"), i=N(integrity(), "npm_integrity"), s=N(hexs(40), "file_hash"),
        m=N("oss@norrland-labs.io", "company_contact"), g=N(git_sha(), "git_sha"))


@case("json_api", "fr")
def j15():
    return T('''Export JSON récupéré via /api/membres?limit=500 (association sportive, aucune authentification). Trois entrées, dont une avec un emoji dans le pseudo :

[{"pseudo":"Zoé 🌸","nom":"Andrieux","email":"⟨e1⟩","tel":"⟨t1⟩","naissance":"⟨d1⟩","certificat_medical":"⟨h1⟩"},
 {"pseudo":"titi_44","nom":"Marchetti","email":"⟨e2⟩","tel":"⟨t2⟩","naissance":"⟨d2⟩","certificat_medical":"apte"},
 {"pseudo":"🚴‍♂️ Loïc","nom":"Destremau","email":"⟨e3⟩","tel":null,"naissance":"⟨d3⟩","certificat_medical":"⟨h3⟩"}]''',
        e1=L("zoe.andrieux@laposte.net", "email_address"), t1=L("07 58 12 93 40", "phone_number"),
        d1=L("12/05/2009", "date_of_birth"), h1=L("asthme d'effort – ventoline avant séance", "health_data"),
        e2=L("marchetti.ludo@free.fr", "email_address"), t2=L("+33 6 49 27 81 05", "phone_number"),
        d2=L("30/11/1983", "date_of_birth"), e3=L("loic.d@orange.fr", "email_address"),
        d3=L("02/02/1976", "date_of_birth"), h3=L("contre-indication temporaire (entorse)", "health_data"))


@case("json_api", "en")
def j16():
    return T('''Example body from the vendor's own API docs, which the endpoint still accepts verbatim (the placeholders are theirs):

{
  "apiKey": "⟨a⟩",
  "password": "⟨p⟩",
  "webhookToken": "⟨w⟩",
  "severity": {"cvss": "⟨cv⟩", "score": 8.1},
  "contact": "⟨c⟩"
}''', a=N("${API_KEY}", "placeholder"), p=N("********", "placeholder"), w=N("REDACTED", "placeholder"),
        cv=N("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N", "cvss_vector"),
        c=N("psirt@thalesgroup.com", "psirt_contact"))

# ================================================================ csv_export

@case("csv_export", "fr")
def c01():
    return T('''Fichier patients_export_2024-10.csv téléchargé sans authentification depuis /exports/ (en-tête + 3 premières lignes sur 2 311) :

id;nom;prenom;date_naissance;nir;diagnostic;medecin_traitant
10233;Rivoal;Océane;⟨d1⟩;⟨n1⟩;⟨x1⟩;Dr Kermarrec
10234;Tallandier;Bérénice;⟨d2⟩;⟨n2⟩;⟨x2⟩;Dr Kermarrec
10235;Vasseur;Honorine;⟨d3⟩;⟨n3⟩;⟨x3⟩;Dr Abiven''',
        d1=L("14/03/1987", "date_of_birth"), n1=L(nir_plain(2, 87, 3, "29", 19, 211), "national_id"),
        x1=L("Diabète de type 1", "health_data"), d2=L("02/08/1952", "date_of_birth"),
        n2=L(nir_plain(2, 52, 8, "56", 260, 34), "national_id"), x2=L("Insuffisance cardiaque (NYHA II)", "health_data"),
        d3=L("27/10/2001", "date_of_birth"), n3=L(nir_plain(2, 1, 10, "22", 278, 405), "national_id"),
        x3=L("Trouble anxieux généralisé", "health_data"))


@case("csv_export", "en")
def c02():
    return T('''hr_review_q3.tsv, readable by any authenticated intranet user via /share/hr/:

employee_id\tname\tbase_salary_gbp\trating\tnotes
E-2291\tCallum Ferris\t⟨s1⟩\t⟨r1⟩\t⟨n1⟩
E-2307\tAgnieszka Wójcik\t⟨s2⟩\t⟨r2⟩\t
E-2318\tTobias Lindqvist\t⟨s3⟩\t3 - meets\t''',
        s1=L("54,500", "employment_data"), r1=L("1 - below expectations", "employment_data"),
        n1=L("Final written warning 2024-07-09 (unauthorised absence); PIP until Dec", "employment_data"),
        s2=L("61,200", "employment_data"), r2=L("5 - exceptional", "employment_data", optional=True),
        s3=L("47,800", "employment_data"))


@case("csv_export", "fr")
def c03():
    return T('''Voici l'export des commandes de test que j'ai passées moi-même pendant l'audit (rien de personnel, ce sont mes commandes sur un compte de test) :

num_commande,date_commande,montant_ttc,entrepot,siret_vendeur,statut
⟨o1⟩,⟨d1⟩,⟨a1⟩,Entrepôt Nord – ZAC des Hauts, 59810 Lesquin,⟨s1⟩,livrée
⟨o2⟩,2024-10-04,12.00,Entrepôt Nord – ZAC des Hauts, 59810 Lesquin,⟨s2⟩,annulée
CMD-2024-0099203,2024-10-05,1 049.99,Plateforme Sud – 13127 Vitrolles,⟨s3⟩,en cours''',
        o1=N("CMD-2024-0099187", "order_id"), d1=N("2024-10-03", "non_birth_date"), a1=N("87.40", "amount"),
        s1=N("51234987600014", "siret"), o2=N("CMD-2024-0099191", "order_id"), s2=N("51234987600014", "siret"),
        s3=N("73920184500031", "siret"))


@case("csv_export", "en")
def c04():
    l1, l2 = mrz_td3("P", "IRL", "OCONNELL", "MAIREAD", "PX4471902", "IRL", "880217", "F", "290930")
    return T('''attendees_visa_letters.csv was left in a public S3 bucket (bucket listing enabled):

"full_name","nationality","passport_no","passport_expiry","dob","hotel"
"Mairead O'Connell","IRL","⟨p1⟩","2029-09-30","⟨d1⟩","Hotel Sokol"
"Kwame Asante-Boateng","GHA","⟨p2⟩","2027-01-14","⟨d2⟩","Hotel Sokol"
"Ilse Brandvold","NOR","⟨p3⟩","2033-05-02","⟨d3⟩",""

The same bucket has scans/PX4471902.txt with the MRZ:
⟨m1⟩
⟨m2⟩''', p1=L("PX4471902", "identity_document"), d1=L("1988-02-17", "date_of_birth"),
        p2=L("G2918473", "identity_document"), d2=L("1979-11-03", "date_of_birth"),
        p3=L("FK3302917", "identity_document"), d3=L("1995-06-21", "date_of_birth"),
        m1=L(l1, "identity_document"), m2=L(l2, "identity_document"))


@case("csv_export", "fr")
def c05():
    return T('''notes_de_frais_remboursements.csv (dossier partagé « Compta » en lecture pour tous) :

matricule,nom,iban,montant,libelle
A118,Carrère Thibault,⟨i1⟩,⟨m1⟩,Déplacement Lyon
A121,Soizic Andrieux,⟨i2⟩,212.30,Salon Rennes
A140,Kerbrat Maëlys,⟨i3⟩,64.00,Repas client''', i1=L(iban("FR"), "iban"), m1=N("1 318,55", "amount"),
        i2=L(iban("FR"), "iban"), i3=L(iban("BE"), "iban"))


@case("csv_export", "en")
def c06():
    return T('''Scan results (nmap -> csv), attached for context. Hosts are the vendor's own test range plus a few of their internal addresses that answered through the VPN.

host,ip,port,service,finding,cvss
edge-gw.kelvara.io,⟨a⟩,443,https,CVE-2024-3400-like path traversal,⟨v⟩
,⟨b⟩,22,ssh,OpenSSH ⟨ver⟩,-
⟨h⟩,⟨p1⟩,8080,http-proxy,admin console exposed,7.5
,⟨p2⟩,5432,postgresql,login banner,-

SSH host key: ⟨fp⟩''', a=N("198.51.100.23", "documentation_ip"), v=N("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "cvss_vector"),
        b=N("203.0.113.71", "documentation_ip"), ver=N("9.6p1", "version"),
        h=INF("jenkins01.corp.kelvara.lan", "internal_hostname"), p1=INF("172.19.4.20", "private_ip"),
        p2=INF("192.168.56.12", "private_ip"), fp=N(ssh_fp(), "ssh_fingerprint"))


@case("csv_export", "fr")
def c07():
    return T('''Le transporteur expose /tracking/export?tournee=T-118 qui renvoie le CSV de la tournée entière au lieu du seul colis :

colis;destinataire;adresse;telephone;instructions
6A18840013327;Mme Honorine Vasseur;"⟨a1⟩";⟨t1⟩;Laisser chez la gardienne
6A18840013328;M. Gaspard Fleurot;"⟨a2⟩";⟨t2⟩;
6A18840013331;Nadia Benhamou;"⟨a3⟩";⟨t3⟩;⟨h3⟩''',
        a1=L("14 rue des Tanneurs, 67000 Strasbourg", "postal_address"), t1=L("06 12 84 55 07", "phone_number"),
        a2=L("Bât. C, 8 impasse du Moulin-Vert, 67200 Strasbourg", "postal_address"), t2=L("07 81 20 46 39", "phone_number"),
        a3=L("122 route de Colmar, 67100 Strasbourg", "postal_address"), t3=L("+33 3 88 41 07 62", "phone_number"),
        h3=L("Fauteuil roulant, sonner longtemps", "health_data", optional=True))


@case("csv_export", "en")
def c08():
    return T('''The legacy "member import" template is populated with real rows and stores passwords in clear. From /static/import/members_backup.csv:

username,email,password,created
plover_ann,⟨e1⟩,⟨p1⟩,2016-03-09
r.okafor,⟨e2⟩,⟨p2⟩,2017-11-21
demo,demo@example.com,⟨p3⟩,2015-01-01''', e1=L("ann.plover@btinternet.com", "email_address"),
        p1=L("Marmalade#1962", "password_assignment"), e2=L("rokafor@gmail.com", "email_address"),
        p2=L("Lagos2017!", "password_assignment"), p3=N("changeme", "placeholder"))


@case("csv_export", "fr")
def c09():
    return T('''Extrait de access_log exporté en CSV par la console d'admin (mes propres requêtes, pour montrer l'horodatage) :

horodatage,ip_source,methode,chemin,statut,session
⟨t1⟩,⟨ip1⟩,GET,/admin/export?format=csv,200,⟨r1⟩
2024-11-04T14:02:19+01:00,⟨ip2⟩,POST,/admin/login,302,⟨r2⟩
2024-11-04T14:02:20+01:00,⟨ip3⟩,GET,/admin/,200,[redacted]''', t1=N("2024-11-04T14:02:11+01:00", "timestamp"),
        ip1=N("81.56.212.40", "public_ip"), r1=N("********", "redacted"), ip2=N("81.56.212.40", "public_ip"),
        r2=N("REDACTED", "redacted"), ip3=N("2001:db8:4:2::17", "documentation_ip"))


@case("csv_export", "en")
def c10():
    a = card("37", 15)
    return T('''payments_2024_09.tsv from the reporting share. Most PANs are masked, one row (a manual refund) is not:

txn_id\tcard\tholder\tamount\tstatus
TX-88120\t⟨m1⟩\tP. RAGHUNATHAN\t49.00\tsettled
TX-88121\t⟨full⟩\tHUGO DELACROIX-BYRNE\t1,240.00\trefund-manual
TX-88122\t⟨m2⟩\tTEST CARD\t1.00\tdeclined''', m1=N("**** **** **** 3381", "masked_card"),
        full=L(amex_fmt(a), "payment_card"), m2=DOC("4111 1111 1111 1111", "payment_card"))


@case("csv_export", "fr")
def c11():
    return T('''absences_2024.csv (partage RH mal configuré, accessible au groupe « Tous les salariés ») :

matricule,nom,debut,fin,type,motif_medical
0731,Pelletan Yannick,2024-03-04,2024-03-29,arret_maladie,⟨m1⟩
0744,Rivoal Océane,2024-05-13,2024-08-30,⟨t2⟩,⟨m2⟩
0750,Fleurot Gaspard,2024-06-10,2024-06-12,conges_payes,''',
        m1=L("lombalgie aiguë, kinésithérapie", "health_data"), t2=L("conge_maternite", "health_data", optional=True),
        m2=L("grossesse pathologique", "health_data"))


@case("csv_export", "en")
def c12():
    return T('''customers_full.csv from the forgotten /backup/ directory (first rows):

cust_id,first,last,ssn,date_of_birth,zip
5510,Brianna,Kowalczyk,⟨s1⟩,⟨d1⟩,43215
5511,Desmond,Achterberg,⟨s2⟩,⟨d2⟩,60614
5512,Test,User,⟨s3⟩,1900-01-01,00000''', s1=L(ssn(), "national_id"), d1=L("1990-12-02", "date_of_birth"),
        s2=L(ssn(), "national_id"), d2=L("1964-05-30", "date_of_birth"), s3=N("000-00-0000", "placeholder"))


@case("csv_export", "fr")
def c13():
    return T('''Le module « simulation » de l'espace client enregistre les avis importés dans /tmp/avis_import.csv, lisible par le serveur web :

nom;numero_fiscal;annee;revenu_fiscal_reference;impot_net
LHUILLIER Gaëtan;⟨f1⟩;2023;⟨r1⟩;⟨i1⟩
QUINTARD Armelle;⟨f2⟩;2023;⟨r2⟩;⟨i2⟩''', f1=L("3012 458 963 214", "tax_record"), r1=L("38 412", "tax_record"),
        i1=L("2 187", "tax_record"), f2=L("1098765432107", "tax_record"), r2=L("26 930", "tax_record"),
        i2=L("0", "tax_record", optional=True))


@case("csv_export", "en")
def c14():
    return T('''SBOM excerpt (CSV) for the affected build, for triage:

component,version,license,sha256,integrity
lodash,⟨v1⟩,MIT,⟨h1⟩,⟨i1⟩
jsonwebtoken,8.5.1,MIT,⟨h2⟩,⟨i2⟩
openssl,⟨v3⟩,Apache-2.0,⟨h3⟩,
build-id,⟨b⟩,,,''', v1=N("4.17.21", "version"), h1=N(sha(), "file_hash"), i1=N(integrity(), "npm_integrity"),
        h2=N(sha(), "file_hash"), i2=N(integrity(), "npm_integrity"), v3=N("3.0.13", "version"), h3=N(sha(), "file_hash"),
        b=N(uuid4(), "uuid"))


@case("csv_export", "fr")
def c15():
    return T('''Annuaire technique exporté depuis l'outil de réservation de salles (il ne contient que des équipements et le standard) :

equipement;hote;ip;contact
Imprimante 3e étage;⟨h1⟩;⟨i1⟩;⟨c1⟩
Écran salle Vauban;⟨h2⟩;⟨i2⟩;standard ⟨c2⟩
Borne visio;visio-02;⟨i3⟩;''', h1=INF("prn-3e.siege.ondea.local", "internal_hostname"), i1=INF("10.12.3.40", "private_ip"),
        c1=N("helpdesk@ondea-systemes.fr", "company_contact"), h2=INF("scr-vauban.siege.ondea.local", "internal_hostname"),
        i2=INF("10.12.3.77", "private_ip"), c2=N("+33 1 84 60 22 00", "company_contact"), i3=INF("10.12.5.9", "private_ip"))


@case("csv_export", "fr")
def c16():
    cfv = cf("MRCLSN79H52F205")
    return T('''Inscriptions au salon européen (fichier inscrits_salon_milan.csv trouvé dans le cache CDN), colonnes d'origine en trois langues :

nombre/nom,documento/document,codice_fiscale,nacimiento/naissance,email
Lucía Herrero Saiz,DNI ⟨d1⟩,,⟨b1⟩,⟨e1⟩
Alessandra Marchetti,CI ⟨ci⟩,⟨cf⟩,⟨b2⟩,⟨e2⟩
Jordi Puigventós,NIE ⟨d3⟩,,⟨b3⟩,⟨e3⟩''', d1=L(dni(), "national_id"), b1=L("1985-04-09", "date_of_birth"),
        e1=L("lucia.herrero.s@telefonica.net", "email_address"), cf=L(cfv, "national_id"), ci=L("CA84327PL", "identity_document"),
        b2=L("1979-06-12", "date_of_birth"), e2=L("a.marchetti79@libero.it", "email_address"),
        d3=L(nie(), "national_id", also=["identity_document"]), b3=L("1992-01-28", "date_of_birth"), e3=L("jpuigventos@gmail.com", "email_address"))

# ================================================================ ocr_document

@case("ocr_document", "fr")
def o01():
    m = mrz_td1("ID", "FRA", "X4RTBPFW4", "900314", "F", "330727", "FRA", "KERBRAT", "MAELYS ANNE")
    return T('''[OCR – scan_cni_recto_verso.pdf, trouvé dans /uploads/kyc/ sans contrôle d'accès]

REPUBLIQUE FRANCAISE          CARTE NATIONALE D'IDENTITE / IDENTITY CARD
Nom / Surname : KERBRAT
Prénoms / Given names : Maëlys, Anne
Sexe : F     Nationalité : FRA
Date de naiss. / Date of birth : ⟨dob⟩
Lieu de naissance : BREST (29)
N° du document : ⟨num⟩        Date d'expir. : 27 07 2033
Adresse : ⟨adr⟩

⟨m1⟩
⟨m2⟩
⟨m3⟩''', dob=L("14 03 1990", "date_of_birth"), num=L("X4RTBPFW4", "identity_document"),
        adr=L("9 rue Jean-Jaurès, 29200 Brest", "postal_address"),
        m1=L(m[0], "identity_document"), m2=L(m[1], "identity_document"), m3=L(m[2], "identity_document"))


@case("ocr_document", "en")
def o02():
    l1, l2 = mrz_td3("P", "GBR", "RAGHUNATHAN", "PRIYA LAKSHMI", "533812047", "GBR", "860922", "F", "300115")
    return T('''OCR output (tesseract 5.3, eng) of passport_priya.jpg, one of 212 images in the support ticket attachments bucket:

UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN lRELAND
PASSPORT  Type/Type P   Code/Code GBR   Passport No./Passeport No. ⟨pn⟩
Surname/Nom (1) RAGHUNATHAN
Given names/Prénoms (2) PRIYA LAKSHMI
Nationality/Nationalité (3) BRITISH CITIZEN
Date of birth/Date de naissance (4) ⟨dob⟩
Sex/Sexe (5) F    Place of birth/Lieu de naissance (6) LEICESTER
Date of issue (7) 15 JAN /JANV 20  Date of expiry (9) 15 JAN /JANV 30
Authority (8) HMPO

⟨l1⟩
⟨l2⟩''', pn=L("533812047", "identity_document"), dob=L("22 SEP /SEPT 86", "date_of_birth"),
        l1=L(l1, "identity_document"), l2=L(l2, "identity_document"))


@case("ocr_document", "fr")
def o03():
    return T('''Texte OCR d'un bulletin de salaire (fichier bulletin_2024_09_0731.pdf, accessible par URL prévisible /paie/2024/09/<matricule>.pdf) :

BULLETIN DE PAIE     Période du 01/09/2024 au 30/09/2024     Paiement le 30/09/2024
Employeur : LOGIVAL DISTRIBUTION SAS — SIRET ⟨siret⟩ — APE 4690Z
Salarié : M. PELLETAN Yannick          Matricule : 0731
⟨adr⟩
N° Sécurité sociale : ⟨nir⟩
Emploi : Préparateur de commandes   Coefficient 150   Entrée le 02/05/2017
Salaire de base ........ 151,67 h x 13,0140 ....... ⟨brut⟩
Net à payer avant impôt sur le revenu ............. ⟨net⟩
Impôt sur le revenu prélevé à la source (taux 2,9 %) ..... 56,21
Virement sur ⟨iban⟩''', siret=N("41287653200047", "siret"),
        adr=L("17 chemin des Vignes\n69390 Vourles", "postal_address"),
        nir=L(nir_spaced(1, 82, 6, "69", 268, 114), "national_id"), brut=L("1 973,83", "employment_data"),
        net=L("1 538,19", "employment_data"), iban=L(group4(iban("FR")), "iban"))


@case("ocr_document", "fr")
def o04():
    return T('''OCR (qualité moyenne) de l'avis d'arrêt de travail joint au ticket #44871 — le portail RH indexe les pièces jointes dans sa recherche plein texte, accessible à tous :

AVIS D'ARRÊT DE TRAVAIL                         cerfa N°10170*05
Volet 3 destiné à l'employeur
ASSURÉ(E) : Nom TALLANDIER   Prénom Bérénice
N° d'immatriculation ⟨nir⟩
Arrêt de travail initial  ☒   de prolongation ☐
jusqu'au ⟨fin⟩ inclus
Éléments d'ordre médical (volet 1 joint par erreur) : ⟨motif⟩
Sorties autorisées : oui, sans restriction d'horaire ☐''',
        nir=L(nir_spaced(2, 52, 8, "56", 260, 34), "national_id"), fin=L("15/11/2024", "health_data", optional=True),
        motif=L("épisode dépressif caractérisé, anxiété réactionnelle — suivi psychiatrique", "health_data"))


@case("ocr_document", "fr")
def o05():
    return T('''Avis d'impôt scanné (OCR) que le chatbot de l'agence renvoie à n'importe qui connaissant la référence du dossier :

DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES
AVIS D'IMPÔT 2024 SUR LES REVENUS DE L'ANNÉE 2023
M. LHUILLIER GAËTAN
⟨adr⟩
Vos références
N° fiscal : ⟨nf⟩
N° d'accès en ligne : ⟨acc⟩
Référence de l'avis : ⟨ref⟩
Revenu fiscal de référence : ⟨rfr⟩
Montant de votre impôt sur le revenu net : ⟨imp⟩
Date de mise en recouvrement : 31/07/2024''', adr=L("5 place du Marché\n26000 VALENCE", "postal_address"),
        nf=L("30 12 458 963 214", "tax_record"), acc=L("7H4JQ2", "password_assignment", optional=True),
        ref=L("24 26A 7712589 64", "tax_record"), rfr=L("38 412 €", "tax_record"), imp=L("2 187 €", "tax_record"))


@case("ocr_document", "en")
def o06():
    return T('''Boarding pass image from the "upload your documents" step is served to any logged-in user by ID. OCR:

BOARDING PASS        ECONOMY
NAME  WHITCOMBE/DARNELL MR
FROM  MANCHESTER (MAN)    TO  REYKJAVIK (KEF)
FLIGHT ⟨fl⟩   DATE 07DEC   BOARDING 06:40   GATE B12   SEAT ⟨seat⟩
BOOKING REF ⟨pnr⟩   E-TICKET ⟨tkt⟩   SEQ 042
barcode (decoded): ⟨bcbp⟩''', fl=L("FI 441", "travel_record", optional=True), seat=L("23A", "travel_record", optional=True),
        pnr=L("LZ6R4P", "travel_record"), tkt=L("1082417739055", "travel_record"),
        bcbp=L("M1WHITCOMBE/DARNELL MR ELZ6R4P MANKEFFI 0441 342Y023A0042 100", "travel_record"))


@case("ocr_document", "fr")
def o07():
    return T('''Photo d'étiquette de colis (OCR) visible dans la galerie publique du service « preuve de dépôt » :

COLISSIMO  — Expédié le 12/11/2024 — Poids 1,2 kg
Suivi : 6A18840019943
EXPÉDITEUR : Boutique Fil & Laine, ZA du Pontet, 84130 Le Pontet
DESTINATAIRE :
Mme ARMELLE QUINTARD
⟨adr⟩
Tél. ⟨tel⟩
Code porte : ⟨code⟩''', adr=L("Résidence Les Tilleuls, appt 12\n4 avenue Foch\n84000 AVIGNON", "postal_address"),
        tel=L("06 33 17 80 52", "phone_number"), code=L("2580B", "password_assignment", optional=True))


@case("ocr_document", "en")
def o08():
    return T('''OCR of a UK photocard driving licence uploaded for age verification; the upload URL is guessable (/ageverify/u/<n>.jpg):

DRIVING LICENCE    UK
1. WHITCOMBE
2. DARNELL JAMES
3. ⟨dob⟩ UNITED KINGDOM
4a. 14.03.2019  4b. 13.03.2029  4c. DVLA
5. ⟨num⟩
8. ⟨adr⟩
9. AM/A/B1/B/f/k/l/n/p/q''', dob=L("22.05.1968", "date_of_birth"), num=L("WHITC605228DW9AB", "identity_document"),
        adr=L("27 ORCHARD LANE, LEEDS, LS6 2QF", "postal_address"))


@case("ocr_document", "fr")
def o09():
    return T('''OCR de la fiche technique (PDF public) où la version vulnérable est mentionnée — rien de sensible, c'est la doc commerciale :

ONDÉA SYSTÈMES — FICHE PRODUIT TX-4410-B
Firmware livré : ⟨v⟩ (build ⟨b⟩)
Certifications : CE, RED 2014/53/UE, EN 300 220-2
N° de série (exemple) : TX4410B-2309-00071
Siège : 41 rue de la Découverte, 31670 Labège — Standard ⟨std⟩
Support : ⟨sup⟩ — www.ondea-systemes.fr
Document ONS-DS-4410 rév. F du 03/2024 — ISBN de la notice : ⟨isbn⟩''', v=N("3.8.12", "version"),
        b=N(git_sha()[:12], "git_sha"), std=N("+33 5 61 00 48 20", "company_contact"),
        sup=N("support@ondea-systemes.fr", "company_contact"), isbn=N("978-2-9581224-0-6", "isbn"))


@case("ocr_document", "en")
def o10():
    return T('''OCR of the supplier invoice the portal generated for my test purchase (company-to-company, no personal data):

INVOICE  INV-2024-00417            Date: 04 Nov 2024     Due: 04 Dec 2024
From: Kelvara Ltd, Unit 4 Harbour Works, Bristol BS1 6XN — VAT GB 318 2207 41
To:   Halvorsen Security AB — VAT SE556839120401
1 x  "Sensor gateway licence (12 months)"     GBP 1,480.00
VAT 0 % (reverse charge)                       GBP     0.00
TOTAL                                          GBP 1,480.00
Payment reference: ⟨ref⟩
Questions: ⟨acc⟩''', ref=N("KLV-417-" + hexs(6).upper(), "order_id"), acc=N("accounts@kelvara.io", "company_contact"))


@case("ocr_document", "fr")
def o11():
    m = mrz_td1("IR", "FRA", "Z7K4R2M81", "871203", "M", "280419", "MAR", "BENALI", "YOUSSEF")
    return T('''Texte extrait (OCR) d'un titre de séjour déposé dans l'espace candidat — l'identifiant de pièce jointe est incrémental :

TITRE DE SÉJOUR    RÉPUBLIQUE FRANÇAISE
Nom : BENALI        Prénoms : YOUSSEF
Nationalité : MAR    Sexe : M
Date de naissance : ⟨dob⟩
N° : ⟨num⟩     Validité : 19.04.2028
Type de titre : CARTE DE SEJOUR PLURIANNUELLE - SALARIE

⟨m1⟩
⟨m2⟩
⟨m3⟩''', dob=L("03.12.1987", "date_of_birth"), num=L("Z7K4R2M81", "identity_document"),
        m1=L(m[0], "identity_document"), m2=L(m[1], "identity_document"), m3=L(m[2], "identity_document"))


@case("ocr_document", "en")
def o12():
    return T('''OCR of my own conference ticket (I bought it to test the ticket shop); no third-party data:

SECURE-EMBEDDED SUMMIT 2025 · Lyon, Centre de Congrès, 50 quai Charles de Gaulle
Order ⟨o⟩ · Ticket 2 of 2 · Valid 17–19 March 2025
QR payload: ⟨qr⟩
Organiser contact: ⟨c⟩ · +33 4 78 17 60 00
Issued ⟨ts⟩''', o=N("SES25-0004419", "order_id"), qr=N(uuid4(), "uuid"), c=N("info@ses-summit.eu", "company_contact"),
        ts=N("2024-10-21 16:04 CET", "timestamp"))


@case("ocr_document", "fr")
def o13():
    return T('''OCR d'une ordonnance retrouvée dans le bucket « tele-consult-prod » (listing public) :

Dr Hélène Abiven — Médecin généraliste — RPPS 10003456789
Cabinet : 2 rue de Siam, 29200 Brest — ⟨cab⟩
Le 08/10/2024
Mme VASSEUR Honorine, née le ⟨dob⟩
⟨rx⟩
À renouveler 3 fois.''', dob=L("27/10/2001", "date_of_birth"), cab=N("02 98 44 00 00", "company_contact"),
        rx=L("SERTRALINE 50 mg : 1 cp le matin pendant 3 mois\nHYDROXYZINE 25 mg : 1 cp si anxiété, max 2/j", "health_data"))


@case("ocr_document", "en")
def o14():
    return T('''The "proof of address" uploads are indexed by the site search. OCR of one bank statement header:

NORTHBRIDGE BANK PLC                      Statement 01/10/2024 – 31/10/2024
MS AGNIESZKA WÓJCIK
⟨adr⟩
Sort code 60-83-71   Account 31926819
IBAN ⟨iban⟩    BIC NWBKGB2L
Opening balance £2,144.18   Closing balance £1,903.77''', adr=L("Flat 2, 41 Elmstead Road\nIlford IG3 8AH", "postal_address"),
        iban=L(group4(iban("GB")), "iban"))


@case("ocr_document", "fr")
def o15():
    return T('''OCR de la déclaration UE de conformité jointe au firmware (document public du fabricant) :

DÉCLARATION UE DE CONFORMITÉ n° DoC-4410-2024-03
Le fabricant ONDÉA SYSTÈMES SAS (SIRET ⟨s⟩), 41 rue de la Découverte, 31670 Labège,
déclare que le produit TX-4410-B, versions matérielles ⟨hw⟩, est conforme à la directive 2014/53/UE.
Fait à Labège, le ⟨d⟩ — signé : Direction Qualité (qualite@ondea-systemes.fr)
Empreinte du fichier firmware déclaré : ⟨h⟩''', s=N("83214756900028", "siret"), hw=N("B1 à B3", "version"),
        d=N("12/03/2024", "non_birth_date"), h=N(sha(), "file_hash"))


@case("ocr_document", "en")
def o16():
    return T('''Receipt printed by the kiosk after my own test payment (the kiosk masks the card correctly; the bug is elsewhere):

NORDIC FUEL  #0412  Ringvägen 9, Malmö
2024-11-03 18:22:07     TERM ID 41870022   TXN 004417
CARD  ⟨m⟩     VISA CONTACTLESS
AUTH CODE 08241F      AID A0000000031010
AMOUNT  SEK 612.40
THANK YOU — customer service ⟨cs⟩''', m=N("XXXXXXXXXXXX4417", "masked_card"), cs=N("020-41 22 00", "company_contact"))

# ================================================================ command_line

@case("command_line", "en")
def k01():
    return T('''Reproduce (the admin API accepts basic auth from any source address):

$ curl -sk -u admin:⟨pw⟩ https://edge-gw.kelvara.io/api/v1/system/backup -o backup.tgz
$ tar tzf backup.tgz | head -3
etc/shadow
etc/gw/tls/server.key
var/lib/gw/users.db''', pw=L("Kelv4ra-Adm1n!", "password_assignment"))


@case("command_line", "fr")
def k02():
    return T('''Depuis le serveur applicatif compromis (tout est dans le script de démarrage, lisible par www-data) :

www-data@app01:/srv$ mysql -h ⟨ip⟩ -u crm_rw -p'⟨pw⟩' crm -e "select count(*) from clients;"
+----------+
| count(*) |
+----------+
|    48213 |
+----------+''', ip=INF("10.0.4.12", "private_ip"), pw=L("Gr@nit-73", "password_assignment"))


@case("command_line", "en", reporter_email="h.vance@vance-sec.io")
def k03():
    return T('''To check the advisory signature yourselves:

$ gpg --recv-keys 0x8448AE39
$ gpg --fingerprint psirt@thalesgroup.com
      ⟨fp⟩
$ gpg --verify advisory.txt.asc
gpg: Good signature from "Harriet Vance <⟨me⟩>" [ultimate]
Primary key fingerprint: ⟨myfp⟩
$ sha256sum fw-3.8.12.bin
⟨h⟩  fw-3.8.12.bin
$ openssl s_client -connect www.kelvara.io:443 -servername www.kelvara.io </dev/null 2>/dev/null | openssl x509 -noout -serial
serial=⟨ser⟩''', fp=N("FC3C 4520 576E C756 AE73  0030 5369 49C4 8448 AE39", "pgp_fingerprint"),
        me=N("h.vance@vance-sec.io", "reporter_contact"), myfp=N(fpr_luhn(), "pgp_fingerprint_luhn"),
        h=N(sha(), "file_hash"), ser=N(hexs(32).upper(), "certificate_serial"))


@case("command_line", "fr")
def k04():
    return T('''La commande utilisée par le cron de sauvegarde, visible par n'importe quel utilisateur local via `ps -ef` :

postgres  41877  41876  0 02:00 ?  00:00:03 pg_dump --dbname=⟨uri⟩ -Fc -f /var/backups/facturation.dump''',
        uri=L("postgresql://sauvegarde:Hiv3r-Nuit%2104@" + "db-fact.prod.interne:5432/facturation", "connection_string", also=["url_credentials"]))


@case("command_line", "en")
def k05():
    return T('''The CI job prints its docker command line in the public build log (job #5512):

+ docker run --rm -e AWS_ACCESS_KEY_ID=⟨a⟩ -e AWS_SECRET_ACCESS_KEY=⟨s⟩ -e AWS_DEFAULT_REGION=eu-west-3 amazon/aws-cli s3 sync s3://kelvara-firmware-builds ./out''',
        a=L(aws_id(), "aws_access_key_id"), s=L(aws_secret(), "aws_secret_key"))


@case("command_line", "fr")
def k06():
    return T('''Le script de déploiement (deploy.sh, dans le dépôt public) contient :

sshpass -p '⟨pw⟩' ssh -o StrictHostKeyChecking=no deploy@⟨h⟩ "sudo systemctl restart portail"''',
        pw=L("Mistral#2024", "password_assignment"), h=INF("portail-int.prefecture-demo.lan", "internal_hostname"))


@case("command_line", "en")
def k07():
    return T('''Process list on the appliance (my own test unit). Secrets are passed correctly, by file or env reference, nothing in argv:

root   812  /usr/bin/gw-agent --config /etc/gw/agent.toml --password-file=/run/secrets/db_pw
root   840  /usr/bin/sync-worker --api-key=$API_KEY --endpoint https://api.kelvara.io
root   901  /usr/sbin/radiusd -X -p ⟨m⟩
root   955  /usr/bin/backup --token ⟨ph⟩ --dry-run''', m=N("********", "placeholder"), ph=N("<TOKEN>", "placeholder"))


@case("command_line", "fr")
def k08():
    glp = glpat()
    return T('''Le job de build affiche l'URL de clonage complète dans ses journaux publics :

$ git clone ⟨u⟩
Cloning into 'firmware'...''', u=L("https://oauth2:" + glp + "@gitlab.ondea.local/embarque/firmware.git", "url_credentials", also=["gitlab_token"]))


@case("command_line", "en")
def k09():
    return T('''Their "developer setup" page tells every new contractor to run this, with the shared publish token inline:

npm config set //registry.npmjs.org/:_authToken ⟨t⟩
npm publish --access public''', t=L(npm_tok(), "npm_token"))


@case("command_line", "fr")
def k10():
    return T('''Commandes lancées pour confirmer la version exposée (adresses de documentation remplacées) :

$ nmap -sV -p 443,8443 ⟨ip⟩
8443/tcp open  ssl/http  nginx ⟨ver⟩
$ openssl x509 -in srv.pem -noout -fingerprint -sha1 -dates
SHA1 Fingerprint=⟨f⟩
notBefore=⟨d1⟩
notAfter=Feb 11 23:59:59 2025 GMT''', ip=N("192.0.2.10", "documentation_ip"), ver=N("1.18.0", "version"),
        f=N(":".join(hexs(2).upper() for _ in range(20)), "certificate_fingerprint"), d1=N("Nov 12 00:00:00 2023 GMT", "timestamp"))


@case("command_line", "en")
def k11():
    return T('''The Helm README (public) shows the operator how to create the secret — with what turns out to be the production value:

kubectl -n billing create secret generic billing-db \\
  --from-literal=username=billing \\
  --from-literal=password='⟨pw⟩\'''', pw=L("Qm9vdHN0cmFw-7731", "password_assignment"))


@case("command_line", "fr")
def k12():
    cs = ("DefaultEndpointsProtocol=https;AccountName=ondeafwstore;AccountKey=" + b64e(rbytes(64))
          + ";EndpointSuffix=core.windows.net")
    return T('''Commande trouvée dans le Makefile du SDK publié :

az storage blob upload --container-name releases --file dist/fw.bin --name fw.bin --connection-string "⟨cs⟩"''',
        cs=L(cs, "azure_connection_string"))


@case("command_line", "en")
def k13():
    return T('''From CONTRIBUTING.md of the client library — "how we release":

python -m build
twine upload -u __token__ -p ⟨t⟩ dist/*''', t=L(pypi_tok(), "pypi_token"))


@case("command_line", "fr")
def k14():
    return T('''Pour reproduire, il faut lancer l'outil avec vos propres identifiants (je n'en mets aucun ici) :

./exploit.py --target https://portail.exemple.fr --user <utilisateur> --password "$DB_PASSWORD"
./exploit.py --target https://portail.exemple.fr --token ⟨p⟩ --verbose
wget https://github.com/ondea/tools/releases/download/v2.1.0/diag.tar.gz && echo "⟨h⟩  diag.tar.gz" | sha256sum -c''',
        p=N("your-token-here", "placeholder"), h=N(sha(), "file_hash"))


@case("command_line", "en")
def k15():
    return T('''Jump-host path used during the test (my key, their bastion):

$ ssh-keygen -lf ~/.ssh/id_ed25519.pub
256 ⟨fp⟩ hv@kali (ED25519)
$ ssh -J hv@bastion.kelvara.io hv@⟨h⟩
$ ip -4 addr show eth0 | grep inet
    inet ⟨ip⟩/24 brd 10.60.8.255 scope global eth0''', fp=N(ssh_fp(), "ssh_fingerprint"),
        h=INF("build-07.ci.kelvara.lan", "internal_hostname"), ip=INF("10.60.8.41", "private_ip"))


@case("command_line", "fr")
def k16():
    return T('''Le technicien a laissé ceci dans le fichier connexion.bat sur le partage public du magasin :

net use Z: \\\\srv-fichiers\\compta /user:MAGASIN\\gfleurot ⟨pw⟩ /persistent:yes''', pw=L("Printemps2024!", "password_assignment"))

# ================================================================ shell_history

@case("shell_history", "fr")
def h01():
    return T('''Le fichier /home/deploy/.bash_history est servi par le serveur web (DocumentRoot mal placé). Extrait :

cd /opt/portail
git pull
export GITHUB_TOKEN=⟨g⟩
./scripts/release.sh 4.2.0
mysql -uadmin -p⟨p⟩ portail < migrations/042.sql
history | tail''', g=L(ghtok(), "github_token"), p=L("Adm1n_Portail", "password_assignment"))


@case("shell_history", "en")
def h02():
    return T('''PowerShell history (ConsoleHost_history.txt) of the service account, readable by Authenticated Users:

Import-Module ActiveDirectory
$pw = ConvertTo-SecureString "⟨p⟩" -AsPlainText -Force
New-ADUser -Name "svc_backup" -AccountPassword $pw -Enabled $true
Get-ADUser svc_backup | Select SamAccountName
Restart-Service Veeam*''', p=L("W1nter-Is-C0ming#", "password_assignment"))


@case("shell_history", "fr")
def h03():
    return T('''~/.bash_history de mon compte de test sur l'appliance (montré pour expliquer l'ordre des commandes ; les secrets ne sont jamais tapés en clair) :

read -s DB_PASS
export PGPASSWORD=$(pass show appliance/db)
ssh-add ~/.ssh/id_ed25519
git log --oneline -1
⟨c⟩ fix: borne la taille du champ commentaire
psql -h ⟨ip⟩ -U lecture appliance
unset PGPASSWORD''', c=N(git_sha()[:7], "git_sha"), ip=INF("192.168.10.20", "private_ip"))


@case("shell_history", "en")
def h04():
    return T('''.bash_history recovered from the support bundle (support-bundle-2024-11-02.tgz, downloadable without auth):

redis-cli -h ⟨ip⟩ -a '⟨p⟩' INFO keyspace
redis-cli -h ⟨ip2⟩ -a '⟨p2⟩' KEYS 'sess:*' | wc -l''', ip=INF("10.1.1.5", "private_ip"), p=L("r3dis-Cache-99", "password_assignment"),
        ip2=INF("10.1.1.5", "private_ip"), p2=L("r3dis-Cache-99", "password_assignment"))


@case("shell_history", "fr")
def h05():
    tok = jwt({"sub": "c.carrere", "role": "admin", "tenant": "ondea", "exp": 1762300800})
    return T('''Dans l'historique zsh joint au ticket par le support du fournisseur :

curl -s https://api.ondea-systemes.fr/v2/admin/tenants -H "Authorization: Bearer ⟨t⟩" | jq .''',
        t=L(tok, "authorization_header", also=["jwt"]))


@case("shell_history", "en")
def h06():
    return T('''From the .bash_history in the public Docker image (layer 7, /root/.bash_history):

mkdir -p ~/.config/notify
echo '⟨t⟩' > ~/.config/notify/slack_token
chmod 600 ~/.config/notify/slack_token
curl -X POST -H 'Content-type: application/json' --data '{"text":"build ok"}' ⟨w⟩''',
        t=L(slack_bot(), "slack_token"), w=L(slack_hook(), "slack_webhook"))


@case("shell_history", "fr")
def h07():
    return T('''.bash_history du compte « exploit » (partage NFS exporté en lecture à tout le réseau) :

ldapsearch -x -H ldap://⟨h⟩ -D "cn=admin,dc=ondea,dc=local" -w '⟨p⟩' -b "ou=people,dc=ondea,dc=local" mail
ldapsearch -x -H ldap://⟨h2⟩ -D "cn=admin,dc=ondea,dc=local" -W''', h=INF("ldap01.ondea.local", "internal_hostname"),
        p=L("Bind!Pwd-2019", "password_assignment"), h2=INF("ldap01.ondea.local", "internal_hostname"))


@case("shell_history", "en")
def h08():
    return T('''My own shell history from the test session (attached for completeness; credentials were entered interactively and are not in it):

aws configure list
      access_key     ⟨m⟩ shared-credentials-file
terraform plan -out plan.bin
echo "$REGISTRY_PASSWORD" | docker login ghcr.io -u hvance --password-stdin
docker pull ghcr.io/kelvara/gw:⟨v⟩@sha256:⟨d⟩''', m=N("****************QX7A", "masked_secret"),
        v=N("3.8.12", "version"), d=N(sha(), "file_hash"))


@case("shell_history", "fr")
def h09():
    return T('''Historique du poste de l'intégrateur (récupéré via l'export de diagnostic) — la phrase est tapée directement :

tar czf clients_2024.tgz exports/
openssl enc -aes-256-cbc -pbkdf2 -in clients_2024.tgz -out clients_2024.tgz.enc -k '⟨p⟩'
rclone copy clients_2024.tgz.enc ovh:archives/''', p=L("la mouette rit sous la pluie 1907", "password_assignment"))


@case("shell_history", "en")
def h10():
    return T('''Jupyter server terminal history (~/.local/share/jupyter/.bash_history), exposed through the unauthenticated /files/ route:

pip install openai==1.51.0
export OPENAI_API_KEY=⟨k⟩
python summarise_tickets.py --limit 200''', k=L(openai_key(), "ai_api_key"))


@case("shell_history", "fr")
def h11():
    return T('''~/.zsh_history de l'image de démonstration (les horodatages sont ceux de zsh) :

: 1730720011:0;mongosh "⟨u⟩"
: 1730720094:0;use crm
: 1730720101:0;db.clients.countDocuments()''',
        u=L("mongodb+srv://crm_admin:Vaniille-Fraise-7@" + "cluster0.x7k2p.mongodb.net/crm", "connection_string", also=["url_credentials"]))


@case("shell_history", "en")
def h12():
    return T('''History of the "maint" user (the account's password is the hostname, see finding 3). Relevant lines:

htpasswd -b /etc/nginx/.htpasswd admin '⟨p1⟩'
sqlcmd -S ⟨h⟩ -U sa -P ⟨p2⟩ -Q "SELECT name FROM sys.databases"''', p1=L("Tr1cky*Horse", "password_assignment"),
        h=INF("sql02.corp.kelvara.lan", "internal_hostname"), p2=L("Sql$erver2019", "password_assignment"))


@case("shell_history", "fr")
def h13():
    return T('''Mon historique lors de la préparation du rapport (nettoyage des journaux avant envoi) :

sed -i -E 's/(password=)[^&]*/\\1***/g' traces/*.log
grep -ri "mot de passe" docs/ | wc -l
export MDP=⟨p⟩
sha256sum rapport.pdf
⟨h⟩  rapport.pdf''', p=N("changeme", "placeholder"), h=N(sha(), "file_hash"))


@case("shell_history", "en")
def h14():
    tok = ghtok("ghs_")
    return T('''.bash_history in the runner cache artefact:

git remote set-url origin ⟨u⟩
git push origin HEAD:release/4.2''', u=L("https://x-access-token:" + tok + "@github.com/kelvara/gw-firmware.git", "url_credentials", also=["github_token"]))


@case("shell_history", "fr")
def h15():
    return T('''.psql_history et .bash_history sur le serveur de recette (même mot de passe qu'en production, vérifié sur l'écran de connexion uniquement) :

export PGPASSWORD='⟨p⟩'
pg_dump -h ⟨h⟩ -U recette compta > /tmp/compta.sql
\\copy (select * from fournisseurs) to '/tmp/f.csv' csv header''', p=L("Salines-du-Midi-84", "password_assignment"),
        h=INF("pg-recette.compta.interne", "internal_hostname"))


@case("shell_history", "en")
def h16():
    return T('''PowerShell history from my analysis VM (nothing secret: the key is prompted for, not typed):

$env:API_KEY = Read-Host -AsSecureString "API key"
$cred = Get-Credential
Invoke-WebRequest -Uri https://api.kelvara.io/v1/health -UseBasicParsing
Get-FileHash .\\fw.bin -Algorithm SHA256 | Select Hash
⟨h⟩''', h=N(sha().upper(), "file_hash"))

# ================================================================ server_log

@case("server_log", "en")
def g01():
    return T('''The mobile app puts its Maps key in the query string, so it ends up in every proxy log. From the CDN log export:

⟨ip⟩ - - [03/Nov/2024:09:14:02 +0000] "GET /maps/api/geocode/json?address=Leeds&key=⟨k⟩ HTTP/1.1" 200 1832 "-" "okhttp/4.12.0"''',
        ip=N("203.0.113.54", "documentation_ip"), k=L(gapi(), "google_api_key"))


@case("server_log", "fr")
def g02():
    return T('''Le journal applicatif (/var/log/portail/auth.log, téléchargeable via la faille de traversée) enregistre le mot de passe saisi lors des échecs :

2024-11-04 08:12:55,114 WARN  [auth] échec de connexion utilisateur=gfleurot motif=mot_de_passe_invalide saisi='⟨p1⟩'
2024-11-04 08:13:02,871 WARN  [auth] échec de connexion utilisateur=s.andrieux motif=mot_de_passe_invalide saisi='⟨p2⟩'
2024-11-04 08:13:09,006 INFO  [auth] connexion réussie utilisateur=s.andrieux''', p1=L("Soleil2024", "password_assignment"),
        p2=L("Bretagne#56!", "password_assignment"))


@case("server_log", "en")
def g03():
    return T('''Relevant gateway log lines (the product redacts correctly here; included to show the request flow):

2024-11-04T10:02:11.402Z INFO  req=⟨u1⟩ POST /api/v1/login user=hvance-test password=*** status=200 src=⟨ip⟩
2024-11-04T10:02:11.950Z DEBUG req=⟨u2⟩ upstream headers: Authorization: Bearer [REDACTED], X-Request-Id: ⟨u3⟩
2024-11-04T10:02:12.013Z INFO  build=⟨sha⟩ version=⟨v⟩''', u1=N(uuid4(), "uuid"), ip=N("198.51.100.7", "documentation_ip"),
        u2=N(uuid4(), "uuid"), u3=N(uuid4(), "uuid"), sha=N(git_sha(), "git_sha"), v=N("3.8.12", "version"))


@case("server_log", "fr")
def g04():
    return T('''maillog du relais (récupéré via /debug/logs) — chaque ligne révèle l'adresse d'un client et l'objet du message :

Nov  4 09:01:17 mx2 postfix/smtp[22817]: 4XkT1q3Vb8z9: to=<⟨e1⟩>, relay=mx.laposte.net[160.92.124.66]:25, status=sent (Relance impayé facture F-2024-8812)
Nov  4 09:01:19 mx2 postfix/smtp[22819]: 4XkT1r0Zq1z2: to=<⟨e2⟩>, relay=gmail-smtp-in.l.google.com[142.250.102.27]:25, status=sent (Résultats de votre bilan sanguin)''',
        e1=L("nadia.benhamou@laposte.net", "email_address"), e2=L("gaspard.fleurot@gmail.com", "email_address"))


@case("server_log", "en")
def g05():
    return T('''With DEBUG on, the API logs full request headers. Two lines from /var/log/api/debug.log (world-readable):

DEBUG http.request headers={"Host":"api.kelvara.io","Authorization":"Basic ⟨b⟩","User-Agent":"kelvara-cli/2.3"}
DEBUG http.request headers={"Host":"portal.kelvara.io","Cookie":"kv_session=⟨c⟩; theme=dark","Accept":"*/*"}''',
        b=L(b64e(b"ops-bot:Sh1pping-L4nes"), "authorization_header"), c=L(rs(48, HEX), "session_cookie"))


@case("server_log", "fr")
def g06():
    return T('''Extrait syslog de l'équipement de test (aucune donnée personnelle, seulement l'adressage interne du labo) :

Nov  4 11:20:31 ⟨h1⟩ gw-agent[812]: connexion au contrôleur ⟨h2⟩ (⟨ip1⟩:8443) ok, version ⟨v⟩
Nov  4 11:20:33 ⟨h1b⟩ gw-agent[812]: bail DHCP renouvelé ⟨ip2⟩ via ⟨ip3⟩
Nov  4 11:21:00 ⟨h1c⟩ kernel: [  812.004411] eth1: link up 1000Mbps''', h1=INF("gw-lab-03", "internal_hostname"),
        h2=INF("ctrl.labo.ondea.local", "internal_hostname"), ip1=INF("172.16.40.2", "private_ip"), v=N("3.8.12", "version"),
        h1b=INF("gw-lab-03", "internal_hostname"), ip2=INF("172.16.40.57", "private_ip"), ip3=INF("172.16.40.1", "private_ip"),
        h1c=INF("gw-lab-03", "internal_hostname"))


@case("server_log", "en")
def g07():
    return T('''The identity-verification service logs the applicant's answers. /logs/kyc-2024-11-03.log:

11:02:44 kyc.verify applicant=88120 phone=⟨p⟩ sms_code=481905 sent
11:03:10 kyc.verify applicant=88120 dob_check provided=⟨d⟩ expected=⟨d2⟩ result=MISMATCH
11:03:11 kyc.verify applicant=88120 ni_number=⟨n⟩ result=PASS''', p=L("+44 7700 148 392", "phone_number"),
        d=L("1979-03-02", "date_of_birth"), d2=L("1979-02-03", "date_of_birth"), n=L(nino_spaced(), "national_id"))


@case("server_log", "fr")
def g08():
    c = card("2221", 16)
    return T('''Le module de paiement écrit la requête brute dans payment.log avant tokenisation :

[2024-11-04 14:55:08] paiement.INFO: requete_psp {"commande":"CMD-2024-0101142","montant":"64,90","pan":"⟨pan⟩","exp":"11/26","titulaire":"OCEANE RIVOAL"}
[2024-11-04 14:55:09] paiement.INFO: reponse_psp {"statut":"autorise","autorisation":"A81F3C"}''',
        pan=L(c, "payment_card"))


@case("server_log", "en")
def g09():
    return T('''Apache error log (served at /server-status-old/error_log):

[Mon Nov 04 07:44:19.120481 2024] [php:error] [pid 3312] [client 198.51.100.90:53122] PHP Fatal error:  Uncaught Exception: SendGrid 401 for key ⟨k⟩ in /var/www/mailer/send.php:41''',
        k=L(sendgrid(), "sendgrid_key"))


@case("server_log", "fr")
def g10():
    return T('''Journal d'audit du logiciel de cabinet (copie envoyée par le support dans le ticket public) :

2024-10-29 16:40:12 audit user=dr.abiven action=consultation_fiche patient="VASSEUR Honorine" champ=antecedents valeur="⟨h1⟩"
2024-10-29 16:41:03 audit user=dr.abiven action=modification_traitement patient="VASSEUR Honorine" valeur="⟨h2⟩"''',
        h1=L("tentative d'autolyse 2019, suivi CMP", "health_data"), h2=L("sertraline 50 mg → 100 mg", "health_data"))


@case("server_log", "en")
def g11():
    return T('''Ingress log excerpt (clean — signed URLs are truncated by the vendor's log format):

10.0.0.0/8 filtered; external hits only
⟨ip⟩ "GET /download/fw.bin?token=<TOKEN>&sig=REDACTED HTTP/2" 200 4194304 rt=0.812 ua="curl/8.5.0"
⟨ip2⟩ "GET /v2/ HTTP/2" 401 87 rt=0.002 ua="docker/⟨v⟩"
trace_id=⟨tr⟩ span_id=⟨sp⟩''', ip=N("198.51.100.201", "documentation_ip"), ip2=N("192.0.2.33", "documentation_ip"),
        v=N("26.1.3", "version"), tr=N(hexs(32), "trace_id"), sp=N(hexs(16), "trace_id"))


@case("server_log", "fr")
def g12():
    sas = ("sv=2022-11-02&ss=b&srt=sco&sp=rwdlacupitfx&se=2026-12-31T23:59:59Z&st=2024-01-01T00:00:00Z"
           "&spr=https&sig=" + b64e(rbytes(32)).replace("+", "%2B").replace("/", "%2F").replace("=", "%3D"))
    return T('''Le journal d'accès du proxy contient l'URL signée complète (droits en écriture, valable jusqu'en 2026) :

2024-11-04 10:11:52 GET https://ondeabackups.blob.core.windows.net/sauvegardes/crm.bak?⟨sas⟩ 200''',
        sas=L(sas, "azure_sas_token"))


@case("server_log", "en")
def g13():
    tok = jwt({"sub": "88231", "email": "b.kowalczyk@gmail.com", "role": "customer", "exp": 1767225600})
    return T('''The SSO callback puts the ID token in the URL; the load balancer logs it:

2024-11-04T12:00:31Z lb-eu1 GET /sso/callback?state=⟨st⟩&id_token=⟨t⟩ 302''',
        st=N(hexs(16), "opaque_id"), t=L(tok, "jwt"))


@case("server_log", "fr")
def g14():
    return T('''Transcription automatique du serveur vocal (fichier ivr-transcripts-1104.log, indexé par le moteur de recherche interne ouvert) :

[09:41:22] appelant=⟨t⟩ intention=changement_rib
[09:41:40] client: « oui alors mon nouvel IBAN c'est ⟨i⟩ »
[09:41:58] serveur: « merci, votre demande est enregistrée »''', t=L("+33 6 41 09 77 28", "phone_number"),
        i=L(group4(iban("FR")), "iban"))


@case("server_log", "en")
def g15():
    return T('''CloudTrail event from the vendor's documentation sandbox (their docs use the AWS sample key; nothing real):

{"eventTime":"2024-11-02T17:20:01Z","eventName":"GetObject","userIdentity":{"type":"IAMUser","accessKeyId":"⟨k⟩","arn":"arn:aws:iam::123456789012:user/docs-demo"},"requestID":"⟨r⟩","sourceIPAddress":"⟨ip⟩"}''',
        k=DOC("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id"), r=N(hexs(16).upper(), "opaque_id"), ip=N("192.0.2.44", "documentation_ip"))


@case("server_log", "fr")
def g16():
    return T('''Le worker d'envoi de SMS journalise sa configuration au démarrage (fichier worker.log accessible via /logs/) :

2024-11-04 06:00:01 INFO démarrage sms-worker v1.9.2
2024-11-04 06:00:01 DEBUG twilio account=AC⟨ac⟩ api_key=⟨k⟩ api_secret=⟨s⟩
2024-11-04 06:00:02 INFO file d'attente : 0 message''', ac=hexs(32), k=L(twilio_sk(), "twilio_key"),
        s=L(rs(32), "twilio_key", also=["password_assignment"]))

# ================================================================ source_code

@case("source_code", "en")
def s01():
    return T('''billing/charge.py in the public GitHub mirror of the customer portal:

import stripe

# TODO move to vault before go-live
stripe.api_key = "⟨k⟩"

def charge(customer_id: str, cents: int) -> str:
    return stripe.PaymentIntent.create(customer=customer_id, amount=cents, currency="eur").id''',
        k=L(stripe("sk_live_", 99), "stripe_key"))


@case("source_code", "fr")
def s02():
    return T('''Classe trouvée en décompilant l'applet d'administration (jar distribué aux clients) :

public final class ConnexionBase {
    // compte technique partagé, ne pas modifier (voir ticket INFRA-221)
    private static final String URL =
        "⟨u⟩";

    public static Connection ouvrir() throws SQLException {
        return DriverManager.getConnection(URL);
    }
}''', u=L("jdbc:postgresql://" + "pg-prod.ondea.local:5432/licences?user=lic_admin&password=Lic3nces!Ond3a", "connection_string"))


@case("source_code", "en")
def s03():
    return T('''secrets_test.go from the vendor's scanner rules (all values are test fixtures / documentation samples):

var fixtures = []struct{ in string; want bool }{
    {"aws key ⟨aws⟩", true},
    {"token ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", false},
    {"password: ${DB_PASSWORD}", false},
    {"id ⟨u⟩", false},
}
const fixtureCommit = "⟨g⟩" // go.sum h1:⟨h1⟩''', aws=DOC("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id"),
        u=N(uuid4(), "uuid"), g=N(git_sha(), "git_sha"), h1=N(b64e(rbytes(32)), "file_hash"))


@case("source_code", "fr")
def s04():
    return T('''Fichier de test du front (tests/fixtures/clients.js) — le commentaire dit lui-même que ce sont des données copiées de la prod :

// jeu de données extrait de la base de prod le 12/09 pour reproduire le bug #882
export const clients = [
  { nom: "Destremau", prenom: "Loïc", iban: "⟨i1⟩", nir: "⟨n1⟩", naissance: "⟨d1⟩" },
  { nom: "Benhamou", prenom: "Nadia", iban: "⟨i2⟩", nir: "⟨n2⟩", naissance: "⟨d2⟩" },
];''', i1=L(iban("FR"), "iban"), n1=L(nir_plain(1, 76, 2, "75", 112, 88), "national_id"),
        d1=L("1976-02-02", "date_of_birth"), i2=L(iban("FR"), "iban"), n2=L(nir_plain(2, 93, 7, "13", 55, 310), "national_id"),
        d2=L("1993-07-19", "date_of_birth"))


@case("source_code", "en")
def s05():
    return T('''includes/db.php as served raw by the misconfigured nginx (PHP handler missing for /legacy/):

<?php
$db_host = '⟨h⟩';
$db_user = 'shop';
$db_password = '⟨p⟩';
$link = mysqli_connect($db_host, $db_user, $db_password, 'shop');''', h=INF("10.3.0.21", "private_ip"), p=L("Tea&Biscuits_2021", "password_assignment"))


@case("source_code", "fr")
def s06():
    return T('''Extrait de appsettings.Production.json embarqué dans la DLL (ressource) et de son utilisation en C# :

// TODO : déplacer dans le coffre
var cs = "⟨cs⟩";
using var cn = new SqlConnection(cs);''', cs=L("Server=sql-paie.ondea.local,1433;Database=Paie;User Id=paie_app;Password=Fevrier!2022;TrustServerCertificate=True", "connection_string"))


@case("source_code", "en")
def s07():
    return T('''config.js of the portal (clean: everything comes from the environment; placeholders only):

module.exports = {
  db: { url: process.env.DATABASE_URL, password: process.env.DB_PASSWORD || "⟨p⟩" },
  auth: { jwtSecret: "⟨j⟩", password_min_length: 12, bcryptRounds: 12 },
  support: "⟨s⟩",
  buildSha: "⟨g⟩",
};''', p=N("your-password-here", "placeholder"), j=N("<set-in-vault>", "placeholder"),
        s=N("support@kelvara.io", "company_contact"), g=N(git_sha(), "git_sha"))


@case("source_code", "fr")
def s08():
    return T('''Module signature.py du SDK Python publié sur PyPI (la clé de signature des licences est embarquée) :

# clé de signature des licences — générée le 02/03/2023 par l'équipe produit
CLE_PRIVEE = """⟨k⟩"""

def signer(licence: bytes) -> bytes:
    return _ecdsa_sign(CLE_PRIVEE, licence)''', k=L(pem("EC", 3, 64), "private_key"))


@case("source_code", "en")
def s09():
    return T('''Decompiled from the Android APK (com/kelvara/app/net/Uploader.java):

BasicAWSCredentials creds = new BasicAWSCredentials(
        "⟨a⟩",
        "⟨s⟩");
AmazonS3 s3 = new AmazonS3Client(creds);''', a=L(aws_id(), "aws_access_key_id"), s=L(aws_secret(), "aws_secret_key"))


@case("source_code", "fr")
def s10():
    return T('''Constantes du module de facturation (propre : il n'y a que des valeurs publiques et l'IBAN d'exemple de la documentation) :

const (
    VersionAPI     = "⟨v⟩"
    OIDSignature   = "⟨oid⟩" // sha256WithRSAEncryption
    SiretEmetteur  = "⟨siret⟩"
    IBANExemple    = "⟨ib⟩" // exemple de la doc bancaire
    EmpreinteCA    = "⟨fp⟩"
    MotDePasseMin  = 12 // longueur minimale exigée
)''', v=N("2024-06-01", "version"), oid=N("1.2.840.113549.1.1.11", "oid"), siret=N("83214756900028", "siret"),
        ib=DOC("FR7630006000011234567890189", "iban"), fp=N(":".join(hexs(2).upper() for _ in range(32)), "certificate_fingerprint"))


@case("source_code", "en")
def s11():
    return T('''tests/test_eligibility.py in the public repo (the fixture header says it was "anonymised", it was not):

USERS = [
    {"name": "Brianna Kowalczyk", "ssn": "⟨s1⟩", "dob": "⟨d1⟩", "diagnosis": "⟨x1⟩"},
    {"name": "Desmond Achterberg", "ssn": "⟨s2⟩", "dob": "⟨d2⟩", "diagnosis": None},
]''', s1=L(ssn(), "national_id"), d1=L("1990-12-02", "date_of_birth"), x1=L("Type 2 diabetes, insulin-dependent", "health_data"),
        s2=L(ssn(), "national_id"), d2=L("1964-05-30", "date_of_birth"))


@case("source_code", "fr")
def s12():
    return T('''lib/Mailer.php (dépôt public de l'extension WordPress de l'éditeur) :

final class Mailer {
    // clé du compte SendGrid « prod-transactionnel » — NE PAS COMMITER (trop tard…)
    private const CLE = '⟨k⟩';
}''', k=L(sendgrid(), "sendgrid_key"))


@case("source_code", "en")
def s13():
    return T('''Services/Summariser.cs — the key sits in a comment left after a refactor:

public class Summariser {
    private readonly string _key = Environment.GetEnvironmentVariable("LLM_KEY");
    // old: ⟨k⟩
}''', k=L(anthropic_key(), "ai_api_key"))


@case("source_code", "fr")
def s14():
    return T('''utils/hash.js — code propre, plein de sosies : vecteurs de test publics, sel fictif, coût bcrypt.

// vecteur de test NIST : sha256("abc")
const VECTEUR = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const SEL_FICTIF = "⟨s⟩";
const COUT = 12; // password_min_length = 12 ailleurs
const UUID_TEST = "⟨u⟩";''', s=N("xxxxxxxxxxxxxxxx", "placeholder"), u=N(uuid4(), "uuid"))


@case("source_code", "en")
def s15():
    sa = {"type": "service_account", "project_id": "tidepool-prod-4471",
          "private_key_id": hexs(40), "private_key": pem("PRIVATE", 6, 64) + "\n",
          "client_email": "uploader@tidepool-prod-4471.iam.gserviceaccount.com", "client_id": rs(21, string.digits),
          "token_uri": "https://oauth2.googleapis.com/token"}
    js = json.dumps(sa, indent=2)
    return T('''internal/gcs/creds.go (vendored into the public CLI):

// service account for the upload bucket
var saJSON = []byte(`⟨j⟩`)''', j=L(js, "gcp_service_account", also=["private_key"]))


@case("source_code", "fr")
def s16():
    return T('''notifications/sms.py dans l'archive de sauvegarde publique du site :

from twilio.rest import Client
# compte principal
client = Client("AC⟨sid⟩", "⟨tok⟩")
client.messages.create(to=numero, from_="+33757000000", body="Votre code : {}".format(code))''',
        sid=hexs(32), tok=L(hexs(32), "twilio_key", also=["password_assignment"]))

# ================================================================ k8s_manifest

def b64s(s):
    return b64e(s.encode())


@case("k8s_manifest", "en")
def m01():
    return T('''Secret shipped inside the public Helm chart (charts/gw/templates/db-secret.yaml) — the value is the real one, base64 is not encryption:

apiVersion: v1
kind: Secret
metadata:
  name: gw-db
type: Opaque
data:
  username: ⟨u⟩
  password: ⟨p⟩''', u=N(b64s("gw_app"), "base64_non_secret"), p=L(b64s("N0rth-Star-Gw!88"), "password_assignment"))


@case("k8s_manifest", "fr")
def m02():
    return T('''values-prod.yaml oublié dans l'archive du chart publiée (ondea-portail-4.2.0.tgz) :

postgresql:
  auth:
    username: portail
    password: "⟨p⟩"
smtp:
  host: ⟨h⟩
  user: no-reply@ondea-systemes.fr
  password: ⟨p2⟩
replicaCount: 3''', p=L("Cr3puscule-Portail", "password_assignment"), h=INF("smtp.int.ondea.local", "internal_hostname"),
        p2=L("Mailjet-Ondea-2024", "password_assignment"))


@case("k8s_manifest", "en")
def m03():
    return T('''Manifests from the operator's quick-start (clean: placeholders, and base64 values that decode to non-secrets):

apiVersion: v1
kind: ConfigMap
metadata: {name: gw-settings}
data:
  MODE: ⟨m⟩
  PASSWORD_MIN_LENGTH: "12"
---
apiVersion: v1
kind: Secret
metadata: {name: gw-db}
stringData:
  password: "⟨p⟩"
data:
  region: ⟨r⟩''', m=N("production", "setting"), p=N("${DB_PASSWORD}", "placeholder"), r=N(b64s("eu-west-3"), "base64_non_secret"))


@case("k8s_manifest", "fr")
def m04():
    return T('''docker-compose.yml du dépôt « demo-client » (les mêmes valeurs sont utilisées sur l'instance de recette exposée) :

services:
  api:
    image: ondea/portail-api:4.2.0
    environment:
      - DATABASE_URL=⟨db⟩
      - JWT_SECRET=⟨j⟩
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ⟨p⟩''', db=L("postgres://portail:Brume-Matinale-12@db:5432/portail", "connection_string", also=["url_credentials"]),
        j=L(rs(48, ALNUM), "password_assignment"), p=L("Brume-Matinale-12", "password_assignment"))


@case("k8s_manifest", "en")
def m05():
    auth = b64s("kelvara-ci:" + ghtok())
    cfg = json.dumps({"auths": {"ghcr.io": {"auth": auth}}}, separators=(",", ":"))
    return T('''Pull secret committed to the GitOps repo (public by mistake):

apiVersion: v1
kind: Secret
metadata:
  name: ghcr-pull
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: ⟨d⟩''', d=L(b64s(cfg), "github_token", also=["password_assignment"]))


@case("k8s_manifest", "fr")
def m06():
    return T('''Deployment tel que déployé (propre : l'image est épinglée par empreinte et les secrets viennent de secretKeyRef) :

apiVersion: apps/v1
kind: Deployment
metadata: {name: portail-api, namespace: portail}
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.ondea-systemes.fr/portail-api@sha256:⟨d⟩
          env:
            - name: DB_HOST
              value: ⟨h⟩
            - name: DB_PASSWORD
              valueFrom: {secretKeyRef: {name: portail-db, key: password}}
          resources: {limits: {memory: 512Mi}}''', d=N(sha(), "file_hash"),
        h=INF("postgres-primary.portail.svc.cluster.local", "internal_hostname"))


@case("k8s_manifest", "en")
def m07():
    return T('''TLS secret from the same chart — tls.key decodes to the server's PEM private key:

apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata: {name: gw-tls}
data:
  tls.crt: ⟨c⟩
  tls.key: ⟨k⟩''', c=N(b64s("-----BEGIN CERTIFICATE-----\nMIIB" + b64e(rbytes(60)) + "\n-----END CERTIFICATE-----\n"), "certificate"),
        k=L(b64s(pem("RSA", 4, 64) + "\n"), "private_key"))


@case("k8s_manifest", "fr")
def m08():
    return T('''values.yaml du chart d'alerte (dépôt public) :

alerting:
  slack:
    webhook: ⟨w⟩
    channel: "#prod-alertes"
  email:
    sendgridApiKey: ⟨k⟩
    from: alertes@ondea-systemes.fr''', w=L(slack_hook(), "slack_webhook"), k=L(sendgrid(), "sendgrid_key"))


@case("k8s_manifest", "en")
def m09():
    return T('''docker-compose.override.yml found on the exposed build server (/srv/build/):

services:
  mysql:
    environment:
      MYSQL_ROOT_PASSWORD: "⟨p⟩"
  uploader:
    environment:
      AWS_ACCESS_KEY_ID: ⟨a⟩
      AWS_SECRET_ACCESS_KEY: ⟨s⟩''', p=L("rootroot-Kelvara7", "password_assignment"), a=L(aws_id(), "aws_access_key_id"),
        s=L(aws_secret(), "aws_secret_key"))


@case("k8s_manifest", "fr")
def m10():
    return T('''Secret Kubernetes lisible par le compte de service du pod compromis (kubectl get secret crm -o yaml) :

apiVersion: v1
kind: Secret
metadata: {name: crm, namespace: crm}
data:
  DATABASE_URL: ⟨d⟩
  LOG_LEVEL: ⟨l⟩''', d=L(b64s("mysql://crm:Ecureuil-Roux-33@mariadb.crm.svc:3306/crm"), "connection_string", also=["url_credentials"]),
        l=N(b64s("info"), "base64_non_secret"))


@case("k8s_manifest", "en")
def m11():
    return T('''docker-compose.yml from the vendor's public example repo (clean — every secret is an env reference):

services:
  db:
    image: postgres:16.4@sha256:⟨d⟩
    env_file: .env
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it in .env}
  api:
    image: kelvara/gw-api:⟨v⟩
    environment:
      API_TOKEN: "⟨t⟩"
    healthcheck: {test: ["CMD", "curl", "-f", "http://localhost:8080/healthz"]}''', d=N(sha(), "file_hash"),
        v=N("3.8.12", "version"), t=N("<TOKEN>", "placeholder"))


@case("k8s_manifest", "fr")
def m12():
    return T('''ConfigMap (et non Secret : lisible par tout le namespace, et exposée par le tableau de bord) :

apiVersion: v1
kind: ConfigMap
metadata: {name: boutique-config}
data:
  STRIPE_PUBLISHABLE_KEY: ⟨pk⟩
  STRIPE_SECRET_KEY: ⟨sk⟩''', pk=N("pk_live_" + rs(24), "publishable_key"), sk=L(stripe("rk_live_", 24), "stripe_key"))


@case("k8s_manifest", "en")
def m13():
    return T('''Helm values for the identity stack (from the support bundle the vendor asked customers to upload to a public FTP):

ldap:
  url: ldaps://⟨h⟩:636
  bindDN: cn=svc-keycloak,ou=services,dc=kelvara,dc=lan
  bindPassword: ⟨p⟩
redis:
  auth:
    password: ⟨p2⟩''', h=INF("dc02.kelvara.lan", "internal_hostname"), p=L("kc-Bind_2023!", "password_assignment"),
        p2=L("Redis*Cluster*9", "password_assignment"))


@case("k8s_manifest", "fr")
def m14():
    return T('''kustomization.yaml et SealedSecret du dépôt GitOps (propre : le secret est chiffré pour le contrôleur du cluster) :

secretGenerator:
  - name: portail-db
    files: [password=secrets/db_password.txt]
---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata: {name: portail-db}
spec:
  encryptedData:
    password: ⟨s⟩''', s=N("AgB" + b64e(rbytes(180)), "sealed_secret"))


@case("k8s_manifest", "en")
def m15():
    return T('''Secret with stringData in the demo namespace, which is shared with the production Slack workspace:

apiVersion: v1
kind: Secret
metadata: {name: slack-bot}
stringData:
  user-token: ⟨t⟩''', t=L(slack_bot("xoxp"), "slack_token"))

# ================================================================ terraform

@case("terraform", "en")
def t01():
    return T('''terraform.tfstate in the world-readable S3 bucket kelvara-tf-state (excerpt):

{
  "version": 4, "terraform_version": "1.7.5", "serial": 212,
  "resources": [{
    "type": "aws_iam_access_key", "name": "ci",
    "instances": [{"attributes": {
      "id": "⟨a⟩",
      "secret": "⟨s⟩",
      "user": "ci-deployer", "status": "Active"}}]
  }]
}''', a=L(aws_id(), "aws_access_key_id"), s=L(aws_secret(), "aws_secret_key"))


@case("terraform", "fr")
def t02():
    return T('''prod.auto.tfvars commité dans le dépôt d'infrastructure (public depuis la migration vers GitHub) :

region          = "eu-west-3"
db_username     = "portail"
db_password     = "⟨p⟩"
admin_cidr      = "⟨ip⟩/32"
bastion_host    = "⟨h⟩"''', p=L("Marée-Haute-1789", "password_assignment"), ip=N("81.56.212.40", "public_ip"),
        h=INF("bastion.prod.ondea.local", "internal_hostname"))


@case("terraform", "en")
def t03():
    return T('''terraform show -json excerpt the vendor sent me (clean: sensitive attributes are masked by Terraform):

"values": {"root_module": {"resources": [{
  "address": "aws_db_instance.main",
  "values": {"arn": "arn:aws:rds:eu-west-1:⟨acct⟩:db:main", "password": "⟨m⟩", "engine_version": "⟨v⟩",
             "endpoint": "main.c9xk2ab1.eu-west-1.rds.amazonaws.com:5432", "resource_id": "db-⟨r⟩"}}]}}''',
        acct=N("318220741955", "numeric_id"), m=N("(sensitive value)", "redacted"), v=N("16.3", "version"),
        r=N(rs(26, string.ascii_uppercase + string.digits), "opaque_id"))


@case("terraform", "fr")
def t04():
    cs = ("DefaultEndpointsProtocol=https;AccountName=ondeadiag;AccountKey=" + b64e(rbytes(64))
          + ";EndpointSuffix=core.windows.net")
    return T('''Extrait du tfstate trouvé dans l'artefact de pipeline (azurerm) :

{"type":"azurerm_storage_account","name":"diag","instances":[{"attributes":{
  "name":"ondeadiag",
  "primary_connection_string":"⟨cs⟩",
  "primary_blob_endpoint":"https://ondeadiag.blob.core.windows.net/"}}]}''', cs=L(cs, "azure_connection_string"))


@case("terraform", "en")
def t05():
    return T('''github.auto.tfvars (in the Terraform Registry module's examples/ directory, clearly not meant as an example):

github_owner = "kelvara"
github_token = "⟨t⟩"
repositories = ["gw-firmware", "gw-api"]''', t=L(gh_pat(), "github_token"))


@case("terraform", "fr")
def t06():
    return T('''variables.tf du module (propre : pas de valeur par défaut pour les secrets, validation de longueur) :

variable "db_password" {
  description = "Mot de passe de la base ; à fournir via TF_VAR_db_password"
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.db_password) >= 12
    error_message = "12 caractères minimum."
  }
}
variable "api_token" {
  default = "⟨p⟩"
}''', p=N("REMPLACER_MOI", "placeholder"))


@case("terraform", "en")
def t07():
    return T('''The state also holds the generated admin password in clear (random_password result):

{"type":"random_password","name":"admin","instances":[{"attributes":{
  "id":"none","length":20,"special":true,
  "result":"⟨r⟩"}}]}''', r=L(rs(20, ALNUM + "!#%&*()-_=+"), "password_assignment"))


@case("terraform", "fr")
def t08():
    return T('''vsphere.tfvars (partage « infra » accessible en lecture à tout le domaine) :

vsphere_server   = "⟨h⟩"
vsphere_user     = "administrator@vsphere.local"
vsphere_password = "⟨p⟩"
gitlab_token     = "⟨g⟩"''', h=INF("vcenter.dc1.ondea.local", "internal_hostname"), p=L("VMware1!Ondea", "password_assignment"),
        g=L(glpat(), "gitlab_token"))


@case("terraform", "en")
def t09():
    return T('''tls_private_key in the state of the bastion module:

{"type":"tls_private_key","name":"bastion","instances":[{"attributes":{
  "algorithm":"ED25519",
  "public_key_openssh":"⟨pub⟩",
  "private_key_openssh":"⟨k⟩"}}]}''', pub=N(ssh_pub("bastion"), "public_key"),
        k=L(pem("OPENSSH", 5, 70).replace("\n", "\\n"), "private_key"))


@case("terraform", "fr")
def t10():
    return T('''Sortie de terraform plan jointe par l'éditeur (propre : valeurs sensibles masquées, empreintes publiques) :

  # aws_db_instance.main will be updated in-place
  ~ resource "aws_db_instance" "main" {
        id       = "db-main"
      ~ password = (sensitive value)
        tags     = {"owner" = "equipe-plateforme"}
    }
  + resource "aws_s3_object" "fw" {
      + etag = "⟨e⟩"
      + key  = "fw/3.8.12/fw.bin"
      + version_id = (known after apply)
    }
Plan: 1 to add, 1 to change, 0 to destroy.''', e=N(hexs(32), "file_hash"))


@case("terraform", "en")
def t11():
    sa = {"type": "service_account", "project_id": "kelvara-ci", "private_key_id": hexs(40),
          "private_key": pem("PRIVATE", 5, 64) + "\n", "client_email": "tf@kelvara-ci.iam.gserviceaccount.com"}
    return T('''google_service_account_key.private_key in the state is base64 of the full key file:

{"type":"google_service_account_key","name":"tf","instances":[{"attributes":{
  "name":"projects/kelvara-ci/serviceAccounts/tf@kelvara-ci.iam.gserviceaccount.com/keys/⟨kid⟩",
  "private_key":"⟨k⟩",
  "public_key_type":"TYPE_X509_PEM_FILE"}}]}''', kid=N(hexs(40), "opaque_id"),
        k=L(b64e(json.dumps(sa).encode()), "gcp_service_account", also=["private_key"]))


@case("terraform", "fr")
def t12():
    return T('''azuread.tfvars (dépôt public « infra-exemples » de l'intégrateur, valeurs réelles du client) :

tenant_id     = "⟨t⟩"
client_id     = "⟨c⟩"
client_secret = "⟨s⟩"''', t=N(uuid4(), "uuid"), c=N(uuid4(), "uuid"),
        s=L(rs(3, ALNUM) + "8Q~" + rs(34, ALNUM + "_-.~"), "password_assignment"))


@case("terraform", "en")
def t13():
    return T('''providers.tf and backend config (clean: credentials come from the environment and the role):

terraform {
  backend "s3" {
    bucket         = "kelvara-tf-state-private"
    key            = "gw/prod.tfstate"
    kms_key_id     = "arn:aws:kms:eu-west-1:⟨a⟩:key/⟨k⟩"
  }
}
provider "aws" {
  region = "eu-west-1"
  assume_role { role_arn = "arn:aws:iam::⟨a2⟩:role/terraform" }
}''', a=N("318220741955", "numeric_id"), k=N(uuid4(), "uuid"), a2=N("318220741955", "numeric_id"))


@case("terraform", "fr")
def t14():
    return T('''Extrait du tfstate (ressource aws_db_instance) — Terraform stocke le mot de passe initial en clair dans l'état :

"attributes": {
  "address": "⟨h⟩",
  "username": "facturation",
  "password": "⟨p⟩",
  "port": 5432
}''', h=INF("facturation.cj4k1x.eu-west-3.rds.amazonaws.com", "internal_hostname"), p=L("Galets&Embruns-56", "password_assignment"))


@case("terraform", "en")
def t15():
    return T('''notifications.tfvars from the same repo:

sendgrid_api_key    = "⟨s⟩"
stripe_restricted   = "⟨r⟩"
alert_email         = "⟨e⟩"''', s=L(sendgrid(), "sendgrid_key"), r=L(stripe("rk_live_", 24), "stripe_key"),
        e=N("ops-alerts@kelvara.io", "company_contact"))

# ================================================================ sql_dump

@case("sql_dump", "fr")
def q01():
    return T('''Extrait de dump_crm.sql (sauvegarde laissée dans /backup/ du site vitrine) :

INSERT INTO `clients` (`id`,`nom`,`email`,`tel`,`adresse`,`date_naissance`) VALUES
(4410,'Marchetti Ludovic','⟨e1⟩','⟨t1⟩','⟨a1⟩','⟨d1⟩'),
(4411,'Fleurot Gaspard','⟨e2⟩',NULL,'⟨a2⟩','⟨d2⟩');''', e1=L("marchetti.ludo@free.fr", "email_address"),
        t1=L("0649278105", "phone_number"), a1=L("58 boulevard de la Liberté, 59800 Lille", "postal_address"),
        d1=L("1983-11-30", "date_of_birth"), e2=L("gaspard.fleurot@gmail.com", "email_address"),
        a2=L("8 impasse du Moulin-Vert, 67200 Strasbourg", "postal_address"), d2=L("1961-04-17", "date_of_birth"))


@case("sql_dump", "en")
def q02():
    return T('''users table from the leaked staging dump (staging was seeded from production):

INSERT INTO users (id, email, password_hash, mfa_secret, created_at) VALUES
(101, '⟨e1⟩', '⟨h1⟩', NULL, '2022-03-01 10:00:00'),
(102, '⟨e2⟩', '⟨h2⟩', '⟨m⟩', '2022-03-04 16:21:09');''', e1=L("callum.ferris@brightwell-freight.co.uk", "email_address"),
        h1=L(bcrypt(), "password_hash"), e2=L("i.brandvold@online.no", "email_address"), h2=L(argon2(), "password_hash"),
        m=L(rs(32, string.ascii_uppercase + "234567"), "password_assignment"))


@case("sql_dump", "fr")
def q03():
    return T('''Tables de référence du même dump (propres : pas de personne, seulement des paramètres) :

INSERT INTO parametres (cle, valeur) VALUES ('password_min_length','12'), ('session_ttl','3600'), ('smtp_password','⟨p⟩');
INSERT INTO pays (code, libelle) VALUES ('FR','France'), ('ES','Espagne');
INSERT INTO produits (ref, libelle, prix, ean) VALUES ('TX-4410-B','Passerelle LoRa', ⟨a⟩, '3760123450017');
-- Dump completed on ⟨d⟩''', p=N("********", "redacted"), a=N("389.00", "amount"), d=N("2024-11-03 02:00:07", "timestamp"))


@case("sql_dump", "en")
def q04():
    return T('''patients table (pg_dump COPY format) from the exposed backup:

COPY public.patients (mrn, full_name, dob, primary_dx, notes) FROM stdin;
MRN-0091822\tRosalind Haverkamp\t⟨d1⟩\t⟨x1⟩\t⟨n1⟩
MRN-0091823\tKwame Asante-Boateng\t⟨d2⟩\t⟨x2⟩\t\\N
\\.''', d1=L("1969-07-22", "date_of_birth"), x1=L("F32.1 Major depressive disorder", "health_data"),
        n1=L("on sertraline; missed 2 appts", "health_data"), d2=L("1979-11-03", "date_of_birth"), x2=L("B20 HIV disease", "health_data"))


@case("sql_dump", "fr")
def q05():
    return T('''Table salaries (dump_paie_2024.sql) :

INSERT INTO salaries VALUES (731,'PELLETAN','Yannick','⟨n1⟩','⟨i1⟩',⟨s1⟩,'avertissement 2023');
INSERT INTO salaries VALUES (744,'RIVOAL','Océane','⟨n2⟩','⟨i2⟩',⟨s2⟩,NULL);''',
        n1=L(nir_plain(1, 82, 6, "69", 268, 114), "national_id"), i1=L(iban("FR"), "iban"), s1=L("23685.96", "employment_data"),
        n2=L(nir_plain(2, 87, 3, "29", 19, 211), "national_id"), i2=L(iban("FR"), "iban"), s2=L("31200.00", "employment_data"))


@case("sql_dump", "en")
def q06():
    return T('''Schema-only dump (clean; shows the columns exist, no rows):

CREATE TABLE public.users (
    id bigint NOT NULL,
    email character varying(254) NOT NULL,
    password_hash character varying(255) NOT NULL, -- bcrypt, cost 12
    ssn_encrypted bytea,
    created_at timestamp with time zone DEFAULT now()
);
CREATE SEQUENCE public.users_id_seq START WITH 1;
-- Name: users_pkey; Owner: ⟨o⟩
-- PostgreSQL database dump complete, pg_dump ⟨v⟩''', o=N("gw_app", "setting"), v=N("16.3", "version"))


@case("sql_dump", "fr")
def q07():
    c1, c2 = card("51", 16), card("4", 16)
    return T('''Table paiements de la boutique (stockage du PAN en clair, contraire à PCI DSS) :

INSERT INTO paiements (commande, pan, expiration, titulaire) VALUES
('CMD-2024-0101142','⟨c1⟩','11/26','OCEANE RIVOAL'),
('CMD-2024-0101150','⟨c2⟩','03/27','THIBAULT CARRERE');''', c1=L(c1, "payment_card"), c2=L(c2, "payment_card"))


@case("sql_dump", "en")
def q08():
    return T('''api_credentials table (integrations) — the keys are stored in plain text:

INSERT INTO api_credentials (tenant_id, provider, secret) VALUES
(12, 'sendgrid', '⟨s⟩'),
(12, 'stripe', '⟨k⟩'),
(19, 'slack', '⟨w⟩');''', s=L(sendgrid(), "sendgrid_key"), k=L(stripe("sk_live_", 24), "stripe_key"), w=L(slack_hook(), "slack_webhook"))


@case("sql_dump", "fr")
def q09():
    return T('''Table passagers de l'agence de voyage (dump agence.sql) :

INSERT INTO passagers (pnr, nom, billet, vol, siege, passeport) VALUES
('⟨p1⟩','LEBRETON/SOLENE','⟨b1⟩','AF1146 20DEC','14C','⟨pp1⟩'),
('⟨p2⟩','BENALI/YOUSSEF','⟨b2⟩','AT771 02JAN','31F','⟨pp2⟩');''', p1=L("Q7XK2M", "travel_record"),
        b1=L("0572419583307", "travel_record"), pp1=L("21CK83026", "identity_document"), p2=L("HB4T9W", "travel_record"),
        b2=L("1472209314876", "travel_record"), pp2=L("UZ4419027", "identity_document"))


@case("sql_dump", "en")
def q10():
    return T('''audit_log rows (clean — actor ids are opaque, secrets already redacted by the app):

INSERT INTO audit_log VALUES ('⟨u1⟩','2024-11-02 09:12:44+00','login','{"password":"[redacted]"}','⟨g⟩');
INSERT INTO audit_log VALUES ('⟨u2⟩','2024-11-02 09:13:01+00','export','{"rows":1284,"format":"csv"}','⟨g2⟩');''',
        u1=N(uuid4(), "uuid"), g=N(git_sha(), "git_sha"), u2=N(uuid4(), "uuid"), g2=N(git_sha(), "git_sha"))


@case("sql_dump", "fr")
def q11():
    return T('''Table utilisateurs de l'extranet (hash SHA-512 crypt, sel individuel — cassable hors ligne) :

INSERT INTO utilisateurs (login, email, mdp) VALUES
('sandrieux','⟨e1⟩','⟨h1⟩'),
('ckerbrat','⟨e2⟩','⟨h2⟩');''', e1=L("soizic.andrieux@wanadoo.fr", "email_address"), h1=L(sha512crypt(), "password_hash"),
        e2=L("maelys.kerbrat@gmail.com", "email_address"), h2=L(sha512crypt(), "password_hash"))


@case("sql_dump", "en")
def q12():
    return T('''employees table from the HR system backup:

INSERT INTO employees (id, name, ni_number, salary_gbp, home_address) VALUES
(2291, 'Callum Ferris', '⟨n1⟩', ⟨s1⟩, '⟨a1⟩'),
(2307, 'Agnieszka Wójcik', '⟨n2⟩', ⟨s2⟩, '⟨a2⟩');''', n1=L(nino(), "national_id"), s1=L("54500", "employment_data"),
        a1=L("12 Canal Street, Manchester M1 3HE", "postal_address"), n2=L(nino(), "national_id"), s2=L("61200", "employment_data"),
        a2=L("Flat 2, 41 Elmstead Road, Ilford IG3 8AH", "postal_address"))


@case("sql_dump", "fr")
def q13():
    return T('''Table articles du blog (propre : le texte parle de mots de passe mais n'en contient aucun) :

INSERT INTO articles (slug, titre, corps, publie_le) VALUES
('bien-choisir-son-mot-de-passe','Bien choisir son mot de passe','Utilisez au moins 12 caractères ; par exemple « ⟨p⟩ » n''est PAS un bon choix. Contact presse : ⟨c⟩','⟨d⟩');''',
        p=N("motdepasse123", "example_text"), c=N("presse@ondea-systemes.fr", "company_contact"), d=N("2024-02-12", "non_birth_date"))


@case("sql_dump", "en")
def q14():
    tok = jwt({"sub": "2307", "name": "Agnieszka Wójcik", "adm": False, "exp": 1767225600}, "HS256")
    return T('''sessions table — active session ids and refresh JWTs, valid at the time of the dump:

INSERT INTO sessions (sid, user_id, refresh_jwt, expires) VALUES
('⟨s⟩', 2307, '⟨j⟩', '2025-12-31 23:59:59');''', s=L("s%3A" + rs(32, ALNUM + "-_") + "." + rs(43, ALNUM + "/+"), "session_cookie"),
        j=L(tok, "jwt"))

# ================================================================ stack_trace

@case("stack_trace", "en")
def x01():
    return T('''Unhandled error page (DEBUG left on) with locals:

Traceback (most recent call last):
  File "/srv/gw/api/auth.py", line 88, in login
    conn = ldap.bind(dn, password)
ldap.INVALID_CREDENTIALS: {'desc': 'Invalid credentials'}

Local vars:
  dn       = 'uid=svc-portal,ou=svc,dc=kelvara,dc=lan'
  password = '⟨p⟩'
  server   = 'ldaps://⟨h⟩' ''', p=L("Portal-Svc!2022", "password_assignment"), h=INF("dc01.kelvara.lan", "internal_hostname"))


@case("stack_trace", "fr")
def x02():
    return T('''Trace renvoyée au navigateur quand la base est injoignable :

org.postgresql.util.PSQLException: Connection to pg-prod.ondea.local:5432 refused.
	at org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:342)
	at fr.ondea.licences.Db.ouvrir(Db.java:41) url=⟨u⟩
	at fr.ondea.licences.Servlet.doGet(Servlet.java:77)''',
        u=L("jdbc:postgresql://" + "pg-prod.ondea.local:5432/licences?user=lic_admin&password=Lic3nces!Ond3a", "connection_string"))


@case("stack_trace", "en")
def x03():
    return T('''Node stack trace from the crash (clean — paths, versions, ids only):

TypeError: Cannot read properties of undefined (reading 'tenant')
    at resolveTenant (/app/node_modules/@kelvara/core/dist/tenant.js:41:18)
    at /app/dist/routes/export.js:112:9
    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)
requestId=⟨u⟩ node=⟨v⟩ release=⟨g⟩''', u=N(uuid4(), "uuid"), v=N("v20.11.1", "version"), g=N(git_sha(), "git_sha"))


@case("stack_trace", "fr")
def x04():
    return T('''Page de débogage Django (DEBUG=True en production), section « Settings » :

DATABASES  {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': '⟨h⟩', 'NAME': 'rdv', 'PASSWORD': '⟨p⟩', 'USER': 'rdv'}}
SECRET_KEY  '⟨k⟩'
EMAIL_HOST_PASSWORD  '********************'
LANGUAGE_CODE  'fr-fr' ''', h=INF("10.8.0.14", "private_ip"), p=L("Rdv-Medical-2023", "password_assignment"),
        k=L("django-insecure-" + rs(50, string.ascii_lowercase + string.digits + "!@#$%^&*(-_=+)"), "password_assignment"))


@case("stack_trace", "en")
def x05():
    return T('''Go panic printed on the status page, including the request dump:

panic: runtime error: index out of range [3] with length 3
goroutine 1184 [running]:
main.(*Proxy).forward(0xc0001a2000, {0xc00012e780})
	/build/proxy/forward.go:204 +0x5c1
request: GET /internal/metrics HTTP/1.1
Host: metrics.kelvara.io
Authorization: Basic ⟨b⟩''', b=L(b64e(b"prom:Sc4pe-All-The-Things"), "authorization_header"))


@case("stack_trace", "fr")
def x06():
    return T('''Page d'erreur Whoops (PHP) de l'espace adhérent — section « Environment & details » :

DB_PASSWORD     ⟨p⟩
APP_KEY         base64:⟨k⟩
$user = array:4 [
  "nom" => "Andrieux Zoé"
  "email" => "⟨e⟩"
  "naissance" => "⟨d⟩"
]''', p=L("Ass0-Sportive-44", "password_assignment"), k=L(b64e(rbytes(32)), "password_assignment"),
        e=L("zoe.andrieux@laposte.net", "email_address"), d=L("2009-05-12", "date_of_birth"))


@case("stack_trace", "en")
def x07():
    return T('''.NET yellow screen (customErrors Off):

[SqlException (0x80131904): Login failed for user 'payroll_app'.]
   Payroll.Data.Repo..ctor() in C:\\src\\Payroll\\Data\\Repo.cs:22
Connection: ⟨cs⟩
Version Information: Microsoft .NET Framework Version:4.0.30319; ASP.NET Version:4.8.4645.0''',
        cs=L("Data Source=sqlpay01;Initial Catalog=Payroll;User ID=payroll_app;Password=Quarter3-Close!", "connection_string"))


@case("stack_trace", "fr")
def x08():
    return T('''Trace Java (propre : pas de secret, seulement l'adressage interne et des versions) :

java.net.ConnectException: Connection refused (⟨h⟩/⟨ip⟩:6379)
	at io.lettuce.core.RedisClient.connect(RedisClient.java:211)
	at fr.ondea.cache.Cache.init(Cache.java:33)
Caused by: io.netty.channel.AbstractChannel$AnnotatedConnectException
lettuce-core ⟨v⟩, netty 4.1.108.Final''', h=INF("redis-01.cache.ondea.local", "internal_hostname"), ip=INF("10.30.1.7", "private_ip"),
        v=N("6.3.2.RELEASE", "version"))


@case("stack_trace", "en")
def x09():
    c = card("5", 16)
    return T('''Rails error page exposes the request parameters:

ActiveRecord::RecordInvalid (Validation failed: Postcode is invalid)
app/models/order.rb:58:in `finalize!'
Parameters: {"order"=>{"card_number"=>"⟨c⟩", "cvv"=>"[FILTERED]", "name"=>"Tobias Lindqvist", "postcode"=>"SW1A 0AA"}, "authenticity_token"=>"[FILTERED]"}''',
        c=L(group4(c), "payment_card"))


@case("stack_trace", "fr")
def x10():
    return T('''KeyError remonté dans le rapport d'erreur envoyé automatiquement (visible dans l'outil de suivi public) :

Traceback (most recent call last):
  File "/srv/teleconsult/facturation.py", line 51, in tarifer
    code = TARIFS[patient["regime"]]
KeyError: 'MSA'
patient = {'nom': 'Lhuillier', 'nir': '⟨n⟩', 'regime': 'MSA', 'motif': '⟨m⟩'}''',
        n=L(nir_plain(1, 77, 4, "69", 383, 52), "national_id"), m=L("suivi oncologique — chimiothérapie cycle 3", "health_data"))


@case("stack_trace", "en")
def x11():
    return T('''Sentry event (clean — the SDK scrubbed the sensitive fields before sending):

ValueError: invalid token signature
  File "gw/api/tokens.py", line 19, in verify
    raise ValueError("invalid token signature")
frame vars: {"token": "[Filtered]", "secret": "[Filtered]", "user_id": 88120}
event_id: ⟨e⟩  release: gw@⟨v⟩''', e=N(hexs(32), "uuid"), v=N("3.8.12", "version"))


@case("stack_trace", "fr")
def x12():
    return T('''/actuator/env exposé sans authentification (Spring Boot, valeurs non masquées car la config désactive la sanitisation) :

"spring.datasource.url": {"value": "jdbc:mysql://⟨h⟩:3306/boutique"},
"spring.datasource.password": {"value": "⟨p⟩"},
"jwt.secret": {"value": "⟨j⟩"}''', h=INF("mysql-boutique.int", "internal_hostname"), p=L("B0utique#Prod", "password_assignment"),
        j=L(b64e(rbytes(48)), "password_assignment"))


@case("stack_trace", "en")
def x13():
    return T('''AxiosError dumped to the browser console and to the public status page:

AxiosError: Request failed with status code 402
    at settle (/app/node_modules/axios/lib/core/settle.js:19:12)
config: { url: 'https://api.stripe.com/v1/charges', headers: { Authorization: 'Bearer ⟨k⟩', 'User-Agent': 'axios/1.6.8' } }''',
        k=L(stripe("sk_live_", 99), "stripe_key", also=["authorization_header"]))


@case("stack_trace", "fr")
def x14():
    return T('''Trace PHP (propre : chemins, version, empreinte du fichier, horodatage) :

PHP Warning:  include(/var/www/site/inc/config.local.php): Failed to open stream: No such file or directory in /var/www/site/index.php on line 12
PHP Stack trace: 1. {main}() /var/www/site/index.php:0
[⟨ts⟩] php ⟨v⟩, opcache on, sha256(index.php)=⟨h⟩''', ts=N("04-Nov-2024 10:41:17 Europe/Paris", "timestamp"),
        v=N("8.2.24", "version"), h=N(sha(), "file_hash"))


@case("stack_trace", "en")
def x15():
    return T('''Strings from the Java heap dump served by /actuator/heapdump (temporary STS credentials of the instance role):

AWS_ACCESS_KEY_ID=⟨a⟩
AWS_SECRET_ACCESS_KEY=⟨s⟩
AWS_SESSION_TOKEN=⟨t⟩''', a=L(aws_id("ASIA"), "aws_access_key_id"), s=L(aws_secret(), "aws_secret_key"),
        t=L("IQoJb3JpZ2luX2VjE" + rs(300, ALNUM + "+/") + "==", "aws_secret_key"))

# ================================================================ reporter's own details, keyword-less secrets

@case("json_api", "fr", reporter_email="claire.morvan@sec-armor.fr")
def e01():
    return T('''Pour comparaison, la réponse de /api/me pour MON compte (ce sont mes propres coordonnées, je les laisse volontairement) :

{"id":90211,"email":"⟨e⟩","telephone":"⟨t⟩","adresse":"⟨a⟩",
 "cle_pgp":"⟨fp⟩","cree_le":"⟨d⟩"}

Claire Morvan — Sec-Armor — mon numéro pour ce rapport : ⟨t2⟩''', e=N("claire.morvan@sec-armor.fr", "reporter_contact"),
        t=N("06 02 48 17 93", "reporter_contact"), a=N("Sec-Armor, 12 rue de la Monnaie, 35000 Rennes", "reporter_contact"),
        fp=N(fpr_luhn(), "pgp_fingerprint_luhn"), d=N("2024-10-30T09:00:00Z", "timestamp"), t2=N("06 02 48 17 93", "reporter_contact"))


@case("server_log", "en", reporter_email="harriet@vance-sec.io")
def e02():
    return T('''The first two lines are my own test sign-up (my address, nothing to redact). The third shows the sync job: it logged in as svc_sync with ⟨p⟩ — the message template interpolates the whole credential.

2024-11-04T09:00:02Z INFO signup email=⟨me⟩ plan=trial ip=⟨ip⟩
2024-11-04T09:00:03Z INFO welcome mail queued to=⟨me2⟩
2024-11-04T09:05:00Z INFO sync: session opened for svc_sync/⟨p2⟩ on ⟨h⟩

--
Harriet Vance · Vance Security Ltd · ⟨tel⟩ · PGP ⟨fp⟩''', p=L("Ebony&Ivory-42", "password_assignment"),
        me=N("harriet@vance-sec.io", "reporter_contact"), ip=N("198.51.100.14", "documentation_ip"),
        me2=N("harriet@vance-sec.io", "reporter_contact"), p2=L("Ebony&Ivory-42", "password_assignment"),
        h=INF("sync-02.corp.kelvara.lan", "internal_hostname"), tel=N("+44 20 7946 0321", "reporter_contact"),
        fp=N(fpr_luhn(), "pgp_fingerprint_luhn"))


@case("command_line", "fr", reporter_email="p.guillou@proton.me")
def e03():
    return T('''Ma clé, pour que vous puissiez me répondre chiffré (aucune donnée de tiers ici) :

$ gpg --list-keys p.guillou@proton.me
pub   ed25519 2023-05-02 [SC] [expire : 2026-05-01]
      ⟨fp⟩
uid          [  ultime ] Pierrick Guillou <⟨me⟩>
$ gpg --list-keys psirt@thalesgroup.com
      ⟨fp2⟩

Je suis joignable au ⟨tel⟩ (9 h – 18 h), ou à l'adresse ⟨cna⟩ en copie si besoin.''',
        fp=N(fpr_luhn().replace(" ", ""), "pgp_fingerprint_luhn"), me=N("p.guillou@proton.me", "reporter_contact"),
        fp2=N("FC3C4520576EC756AE730030536949C48448AE39", "pgp_fingerprint"), tel=N("07 69 31 52 08", "reporter_contact"),
        cna=N("cna-coordinator@thalesgroup.com", "psirt_contact"))


@case("shell_history", "en", reporter_email="d.osei@redline-audit.com")
def e04():
    return T('''Root's .bash_history on the appliance. Someone typed the root password at the shell prompt instead of at su's prompt — line 3 is not a command. I typed `su -`, pasted that string, and got a root shell.

ls -la /etc/gw
su -
⟨p⟩
systemctl status gw-agent

(Reported by Daniel Osei, Redline Audit — ⟨me⟩)''', p=L("Kx9!marigold-Fen", "password_assignment"),
        me=N("d.osei@redline-audit.com", "reporter_contact"))


@case("sql_dump", "fr", reporter_email="lea.tremblay@cyberveille.ca")
def e05():
    return T('''-- Note de la rapporteuse : seules deux lignes sont reproduites, le fichier en contient 9 402.
-- Léa Tremblay, CyberVeille — ⟨tel⟩ — ⟨me⟩
INSERT INTO adherents (nom, courriel, code_acces, ne_le) VALUES
('Gagnon-Roy Mathis','⟨e1⟩','⟨c1⟩','⟨d1⟩'),
('Ouellet Anaïs','⟨e2⟩','⟨c2⟩','⟨d2⟩');
-- le code d'accès sert aussi de mot de passe du portail (vérifié sur mon propre compte uniquement)''',
        tel=N("514 555 0142", "reporter_contact"), me=N("lea.tremblay@cyberveille.ca", "reporter_contact"), e1=L("mathis.gagnonroy@videotron.ca", "email_address"),
        c1=L("4471-KQ", "password_assignment"), d1=L("2004-08-19", "date_of_birth"), e2=L("anais.ouellet@hotmail.com", "email_address"),
        c2=L("9032-TB", "password_assignment"), d2=L("1998-01-07", "date_of_birth"))

# ================================================================ output and checks

def serialise(rows):
    return "".join(json.dumps(r, ensure_ascii=False, separators=(", ", ": ")) + "\n" for r, _ in rows)


def check_rows(rows):
    errs = []
    ids = set()
    for row, checks in rows:
        t = row["text"]
        u = t.encode("utf-16-le")
        n16 = len(u) // 2
        if row["id"] in ids:
            errs.append(f"{row['id']}: duplicate id")
        ids.add(row["id"])
        if row["language"] not in ("en", "fr"):
            errs.append(f"{row['id']}: language")
        spans = []
        for kind, lst in (("label", row["labels"]), ("negative", row["negatives"])):
            for x in lst:
                s, e = x["start"], x["end"]
                if not (0 <= s < e <= n16):
                    errs.append(f"{row['id']}: {kind} span out of range {s}-{e}")
                    continue
                sl = u[2 * s:2 * e].decode("utf-16-le")
                if sl != sl.strip() or not sl:
                    errs.append(f"{row['id']}: {kind} span has surrounding whitespace {sl!r}")
                if kind == "label":
                    c = x["category"]
                    if c not in ALL_CATS or x["group"] != group_of(c):
                        errs.append(f"{row['id']}: bad category/group {c}")
                    if x["severity"] not in (sev_of(c), "info"):
                        errs.append(f"{row['id']}: bad severity {x['severity']} for {c}")
                    for a in x.get("also", []):
                        if a not in ALL_CATS:
                            errs.append(f"{row['id']}: bad also {a}")
                spans.append((s, e, kind))
        # intended values: every (start, end, value) recorded at render time slices back to it
        for s, e, val in checks:
            if u[2 * s:2 * e].decode("utf-16-le") != val:
                errs.append(f"{row['id']}: slice mismatch at {s}-{e}: {val!r}")
        labs = sorted((x["start"], x["end"]) for x in row["labels"])
        for (a, b), (c2, d) in zip(labs, labs[1:]):
            if c2 < b:
                errs.append(f"{row['id']}: overlapping labels {a}-{b} / {c2}-{d}")
        for x in row["negatives"]:
            for s, e in labs:
                if x["start"] < e and s < x["end"]:
                    errs.append(f"{row['id']}: negative overlaps label {x}")
        if "reporter_email" in row and row["reporter_email"] not in t:
            errs.append(f"{row['id']}: reporter_email not in text")
    return errs


def self_test():
    """UTF-16 offsets with emoji and accents, check digits."""
    _META.clear()
    raw = "é🌸 x " + L("clé", "password_assignment") + " 🚴‍♂️ " + L("ok", "password_assignment")
    text, items = render(raw)
    for _, s, e, v in items:
        assert text.encode("utf-16-le")[2 * s:2 * e].decode("utf-16-le") == v
    assert items[0][1] == 6 and items[1][1] == 16, items
    _META.clear()
    assert luhn_ok("4539148803436467") and not luhn_ok("4539148803436468")
    assert iban_valid("FR7630006000011234567890189") and iban_valid("GB82WEST12345698765432")
    assert dni(12345678) == "12345678Z"
    assert cf("RSSMRA85T10A562") == "RSSMRA85T10A562S"
    assert nir(1, 85, 5, "78", 6, 84)[1] == f"{97 - 1850578006084 % 97:02d}"
    l1, l2 = mrz_td3("P", "UTO", "ERIKSSON", "ANNA MARIA", "L898902C3", "UTO", "740812", "F", "120415", "ZE184226B")
    assert l2 == "L898902C36UTO7408122F1204159ZE184226B<<<<<10", l2


def main():
    self_test()
    rows = build()
    errs = check_rows(rows)
    data = serialise(rows)
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            cur = f.read()
        if cur != data:
            errs.append("cases.jsonl differs from generated output")
        if errs:
            print("\n".join(errs))
            sys.exit(1)
        n = len(rows)
        fr = sum(1 for r, _ in rows if r["language"] == "fr")
        print(f"OK: {n} cases, {fr} fr ({100 * fr / n:.1f} %), identical to generated output, spans sane")
        return
    if errs:
        print("\n".join(errs))
        sys.exit(1)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)
    print(f"wrote {OUT}: {len(rows)} cases")


if __name__ == "__main__":
    main()
