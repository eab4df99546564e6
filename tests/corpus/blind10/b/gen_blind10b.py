#!/usr/bin/env python3
"""Blind test corpus b10b for a sensitive-data scanner (PSIRT report pre-send check).

Standard library only. One random.Random with a fixed seed. Writes cases.jsonl
deterministically; `--check` regenerates, compares with the committed file and
validates every label / negative span (UTF-16 code units).
All values are invented; they are format-valid (prefixes, lengths, check digits)
but belong to no real person and open no real account.
"""
import base64, json, os, string, sys, random, hashlib

SEED = 0xB10B2024
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.jsonl")

# ---------------------------------------------------------------- labelling
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

_CUR = []          # markers of the case being built
_MK_OPEN, _MK_CLOSE = "\ue000", "\ue001"


def _mark(entry):
    _CUR.append(entry)
    return f"{_MK_OPEN}{len(_CUR) - 1}{_MK_CLOSE}"


def L(value, category, *, also=None, optional=False, sev=None):
    """Labelled value (the span is the value itself)."""
    assert category in GROUP, category
    value = str(value)
    assert value and value == value.strip(), repr(value)
    return _mark(("L", value, category, also, optional, sev))


def DOC(value, category, **kw):
    """Documentation / example value: labelled at severity info."""
    return L(value, category, sev="info", **kw)


def N(value, kind):
    """Hard negative placed in the text."""
    value = str(value)
    assert value
    return _mark(("N", value, kind))


def u16(s):
    return len(s.encode("utf-16-le")) // 2


def finalize(raw):
    out, labels, negs, intended = [], [], [], []
    pos = 0
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == _MK_OPEN:
            j = raw.index(_MK_CLOSE, i)
            e = _CUR[int(raw[i + 1:j])]
            v = e[1]
            start = pos
            pos += u16(v)
            out.append(v)
            if e[0] == "L":
                _, v, cat, also, opt, sev = e
                g, s = GROUP[cat]
                lab = {"start": start, "end": pos, "category": cat, "severity": sev or s, "group": g}
                if also:
                    lab["also"] = list(also) if isinstance(also, (list, tuple)) else [also]
                if opt:
                    lab["optional"] = True
                labels.append(lab)
                intended.append(v)
            else:
                negs.append({"start": start, "end": pos, "kind": e[2]})
            i = j + 1
        else:
            out.append(ch)
            pos += u16(ch)
            i += 1
    _CUR.clear()
    return "".join(out), labels, negs, intended


# ---------------------------------------------------------------- value makers
AL = string.ascii_letters + string.digits
UP = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
B64 = string.ascii_letters + string.digits + "+/"
B64U = string.ascii_letters + string.digits + "-_"


def rs(n, alphabet=AL):
    return "".join(R.choice(alphabet) for _ in range(n))


def hexs(n):
    return rs(n, HEX)


def digits(n):
    return "".join(R.choice("0123456789") for _ in range(n))


def b64url(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def uuid4():
    h = hexs(32)
    h = h[:12] + "4" + h[13:16] + R.choice("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def git_sha():
    return hexs(40)


def sha256():
    return hexs(64)


def md5():
    return hexs(32)


def npm_integrity():
    return "sha512-" + base64.b64encode(bytes(R.getrandbits(8) for _ in range(64))).decode()


def aws_key_id(prefix="AKIA"):
    return prefix + rs(16, string.ascii_uppercase + "234567")


def aws_secret():
    return rs(40, string.ascii_letters + string.digits + "+/")


def ghp():
    return "ghp_" + rs(36)


def gho():
    return R.choice(["gho_", "ghs_", "ghu_"]) + rs(36)


def github_pat():
    return "github_pat_" + rs(22) + "_" + rs(59)


def glpat():
    return "glpat-" + rs(20, AL + "-_")


def slack_bot():
    return f"xoxb-{digits(11)}-{digits(13)}-{rs(24)}"


def slack_user():
    return f"xoxp-{digits(11)}-{digits(11)}-{digits(13)}-{hexs(32)}"


def slack_webhook():
    return f"https://hooks.slack.com/services/T{rs(8, UP)}/B{rs(10, UP)}/{rs(24)}"


def stripe(kind="sk_live_"):
    return kind + rs(24 if R.random() < .5 else 99)


def google_key():
    return "AIza" + rs(35, AL + "-_")


def npm_tok():
    return "npm_" + rs(36)


def pypi_tok():
    body = base64.urlsafe_b64encode(b"\x02\x01\x08pypi.org\x02$" + uuid4().encode() + bytes(R.getrandbits(8) for _ in range(40))).decode().rstrip("=")
    return "pypi-AgEIcHlwaS5vcmc" + body[20:] + rs(30, B64U)


def sendgrid():
    return f"SG.{rs(22, B64U)}.{rs(43, B64U)}"


def twilio():
    return "SK" + hexs(32)


def openai_key():
    return "sk-proj-" + rs(48, B64U) + "T3BlbkFJ" + rs(48, B64U)


def anthropic_key():
    return "sk-ant-api03-" + rs(93, B64U) + "AA"


def azure_account_key():
    return base64.b64encode(bytes(R.getrandbits(8) for _ in range(64))).decode()


def azure_conn(account):
    return (f"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={azure_account_key()};"
            "EndpointSuffix=core.windows.net")


def azure_sas():
    sig = base64.b64encode(bytes(R.getrandbits(8) for _ in range(32))).decode()
    sig = sig.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return f"sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2025-{R.randint(1,12):02d}-{R.randint(1,28):02d}T18:00:00Z&st=2024-01-01T00:00:00Z&spr=https&sig={sig}"


def jwt(payload, alg="HS256"):
    h = b64url(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig = b64url(bytes(R.getrandbits(8) for _ in range(32 if alg.startswith("HS") else 256)))
    return f"{h}.{p}.{sig}"


def pem_body(nbytes):
    b = base64.b64encode(bytes(R.getrandbits(8) for _ in range(nbytes))).decode()
    return "\n".join(b[i:i + 64] for i in range(0, len(b), 64))


def private_key(kind="RSA", nbytes=1190):
    t = {"RSA": "RSA PRIVATE KEY", "EC": "EC PRIVATE KEY", "PK8": "PRIVATE KEY",
         "OPENSSH": "OPENSSH PRIVATE KEY"}[kind]
    body = pem_body(nbytes)
    if kind == "OPENSSH":
        body = "b3BlbnNzaC1rZXktdjEAAAAA" + body[24:]
    elif kind == "RSA":
        body = "MIIEpAIBAAKCAQEA" + body[16:]
    elif kind == "EC":
        body = "MHcCAQEEI" + body[9:]
    return f"-----BEGIN {t}-----\n{body}\n-----END {t}-----"


def public_cert(nbytes=700):
    return "-----BEGIN CERTIFICATE-----\nMIIC" + pem_body(nbytes)[4:] + "\n-----END CERTIFICATE-----"


def ssh_pub(comment):
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(43, AL + "+/") + " " + comment


def bcrypt():
    return "$2b$12$" + rs(53, string.ascii_letters + string.digits + "./")


def sha512crypt():
    return "$6$" + rs(16, string.ascii_letters + string.digits + "./") + "$" + rs(86, string.ascii_letters + string.digits + "./")


def argon2():
    return "$argon2id$v=19$m=65536,t=3,p=4$" + rs(22, B64U.replace("-", "+").replace("_", "/")) + "$" + rs(43, string.ascii_letters + string.digits + "+/")


def password(style=None):
    words = ["Autumn", "Falcon", "Marmotte", "Soleil", "Basalte", "Kestrel", "Tilleul", "Orion", "Granit",
             "Poivre", "Cobalt", "Lapin", "Harbor", "Velours", "Quartz", "Mistral", "Cedar", "Brume"]
    st = style or R.choice(["word", "rand", "phrase", "word"])
    if st == "word":
        return R.choice(words) + R.choice("!#%*@$?") + str(R.randint(1, 99)) + R.choice(["", "x", "Z", "!"])
    if st == "rand":
        return rs(R.randint(12, 20), AL + "!#%&*+-=?@^_")
    if st == "phrase":
        return "-".join(R.choice(["cheval", "agrafe", "batterie", "correct", "lune", "tiroir", "velo", "copper", "lantern", "orbit", "navet", "prune"]) for _ in range(4))
    return st


# ------------------------------------------------------------- check digits
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


def luhn_complete(partial):
    for d in "0123456789":
        if luhn_ok(partial + d):
            return partial + d


def card(brand=None):
    brand = brand or R.choice(["visa", "mc", "amex", "mc2", "visa", "cb"])
    if brand in ("visa", "cb"):
        p, n = "4" + R.choice(["970", "532", "974", "539", "916"]), 16
    elif brand == "mc":
        p, n = "5" + R.choice("12345") + digits(2), 16
    elif brand == "mc2":
        p, n = str(R.randint(2221, 2720)), 16
    elif brand == "amex":
        p, n = R.choice(["34", "37"]) + digits(2), 15
    elif brand == "discover":
        p, n = "6011", 16
    num = luhn_complete(p + digits(n - len(p) - 1))
    return num


def fmt_card(num, sep=" "):
    if len(num) == 15:
        return f"{num[:4]}{sep}{num[4:10]}{sep}{num[10:]}"
    return sep.join(num[i:i + 4] for i in range(0, 16, 4))


IBAN_LEN = {"FR": 27, "DE": 22, "ES": 24, "IT": 27, "BE": 16, "NL": 18, "GB": 22, "CH": 21, "PT": 25, "LU": 20, "MC": 27, "AT": 20}


def _iban_check(cc, bban):
    s = "".join(str(int(ch, 36)) for ch in (bban + cc + "00"))
    return f"{98 - int(s) % 97:02d}"


def iban_ok(iban):
    iban = iban.replace(" ", "")
    s = "".join(str(int(ch, 36)) for ch in iban[4:] + iban[:4])
    return int(s) % 97 == 1 and len(iban) == IBAN_LEN[iban[:2]]


def iban(cc="FR", spaced=True):
    n = IBAN_LEN[cc] - 4
    if cc in ("FR", "MC"):
        bank, branch, acct = digits(5), digits(5), digits(11)
        key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)
        bban = f"{bank}{branch}{acct}{key:02d}"
    elif cc == "GB":
        bban = R.choice(["NWBK", "BARC", "LOYD", "HBUK"]) + digits(14)
    elif cc == "NL":
        bban = R.choice(["ABNA", "INGB", "RABO"]) + digits(10)
    elif cc == "IT":
        bban = R.choice(string.ascii_uppercase) + digits(10) + rs(12, UP)
    else:
        bban = digits(n)
    out = cc + _iban_check(cc, bban) + bban
    assert iban_ok(out), out
    if spaced:
        return " ".join(out[i:i + 4] for i in range(0, len(out), 4))
    return out


def nir(sex=None, yy=None, mm=None, dept=None):
    sex = sex or R.choice("12")
    yy = yy if yy is not None else R.randint(50, 99)
    mm = mm or R.randint(1, 12)
    dept = dept or R.choice(["75", "69", "13", "33", "59", "44", "67", "31", "35", "38"])
    body = f"{sex}{yy:02d}{mm:02d}{dept}{R.randint(1, 990):03d}{R.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    return body, f"{key:02d}"


def fmt_nir(body, key):
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key}"


def dni():
    n = R.randint(10000000, 99999999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def nie():
    p = R.choice("XYZ")
    n = R.randint(1000000, 9999999)
    return f"{p}{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[int(str('XYZ'.index(p)) + str(n)) % 23]}"


_CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))


def _cf_even(ch):
    return int(ch) if ch.isdigit() else ord(ch) - 65


def _cf_part(s, name=False):
    s = s.upper()
    cons = [c for c in s if c.isalpha() and c not in "AEIOU"]
    vows = [c for c in s if c in "AEIOU"]
    if name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vows) + "XXX")[:3]


def codice_fiscale(surname, name, y, m, d, female, belfiore):
    cf = _cf_part(surname) + _cf_part(name, True) + f"{y % 100:02d}" + "ABCDEHLMPRST"[m - 1] + f"{d + (40 if female else 0):02d}" + belfiore
    tot = sum(_CF_ODD[c] if i % 2 == 0 else _cf_even(c) for i, c in enumerate(cf))
    return cf + chr(65 + tot % 26)


def nino():
    first = R.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = R.choice("ABCEGHJKLMNPRSTWXYZ")
    while first + second in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
        second = R.choice("ABCEGHJKLMNPRSTWXYZ")
    return f"{first}{second}{digits(6)}{R.choice('ABCD')}"


def fmt_nino(n):
    return f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8]}"


def ssn():
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


def _mrz_cd(s):
    w = [7, 3, 1]
    t = 0
    for i, c in enumerate(s):
        v = 0 if c == "<" else int(c) if c.isdigit() else ord(c) - 55
        t += v * w[i % 3]
    return str(t % 10)


def mrz_td3(country, surname, given, docno, nat, dob, sex, exp, personal=""):
    l1 = f"P<{country}{surname.upper().replace(' ', '<')}<<{given.upper().replace(' ', '<')}"
    l1 = (l1 + "<" * 44)[:44]
    doc = (docno + "<" * 9)[:9]
    pers = (personal + "<" * 14)[:14]
    pcd = _mrz_cd(pers) if personal else "<"
    l2 = doc + _mrz_cd(doc) + nat + dob + _mrz_cd(dob) + sex + exp + _mrz_cd(exp) + pers + pcd
    comp = doc + _mrz_cd(doc) + dob + _mrz_cd(dob) + exp + _mrz_cd(exp) + pers + pcd
    l2 += _mrz_cd(comp)
    assert len(l1) == 44 and len(l2) == 44
    return l1, l2


def mrz_td1(country, docno, dob, sex, exp, nat, surname, given, optional=""):
    doc = (docno + "<" * 9)[:9]
    opt1 = (optional + "<" * 15)[:15]
    l1 = f"I<{country}{doc}{_mrz_cd(doc)}{opt1}"
    l2a = dob + _mrz_cd(dob) + sex + exp + _mrz_cd(exp) + nat
    opt2 = "<" * 11
    comp = l1[5:30] + dob + _mrz_cd(dob) + exp + _mrz_cd(exp) + opt2
    l2 = l2a + opt2 + _mrz_cd(comp)
    l3 = (f"{surname.upper()}<<{given.upper().replace(' ', '<')}" + "<" * 30)[:30]
    assert len(l1) == 30 and len(l2) == 30 and len(l3) == 30, (l1, l2, l3)
    return l1, l2, l3


def siret():
    while True:
        s = luhn_complete(digits(13))
        return s


def isbn13():
    p = "978" + digits(9)
    t = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(p))
    return p + str((10 - t % 10) % 10)


def fr_mobile(intl=False):
    d = R.choice("67") + digits(8)
    if intl:
        return f"+33 {d[0]} {d[1:3]} {d[3:5]} {d[5:7]} {d[7:9]}"
    return f"0{d[0]} {d[1:3]} {d[3:5]} {d[5:7]} {d[7:9]}"


def fr_fixed():
    d = R.choice("12345") + digits(8)
    return f"0{d[0]}.{d[1:3]}.{d[3:5]}.{d[5:7]}.{d[7:9]}"


def uk_mobile():
    return f"+44 7{R.choice('3456789')}{digits(2)} {digits(6)}"


def us_phone():
    return f"({R.randint(201, 989)}) {R.randint(201, 989)}-{digits(4)}"


def priv_ip():
    k = R.random()
    if k < .4:
        return f"10.{R.randint(0, 254)}.{R.randint(0, 254)}.{R.randint(2, 254)}"
    if k < .7:
        return f"192.168.{R.randint(0, 254)}.{R.randint(2, 254)}"
    return f"172.{R.randint(16, 31)}.{R.randint(0, 254)}.{R.randint(2, 254)}"


def pub_ip():
    return R.choice(["81.2.69.", "51.15.", "185.199.108.", "151.101.", "34.117."]) + ".".join(str(R.randint(1, 250)) for _ in range(1 if True else 2))


def doc_ip():
    return R.choice(["192.0.2.", "198.51.100.", "203.0.113."]) + str(R.randint(1, 254))


def pgp_fpr(luhn=False):
    if luhn:
        groups = [hexs(4).upper() for _ in range(3)]
        num = card("visa")
        groups += [num[i:i + 4] for i in range(0, 16, 4)]
        groups += [hexs(4).upper() for _ in range(3)]
    else:
        groups = [hexs(4).upper() for _ in range(10)]
    return " ".join(groups[:5]) + "  " + " ".join(groups[5:])


def ts(y=2024):
    return f"{y}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}Z"


def cvss():
    return "CVSS:3.1/AV:N/AC:L/PR:" + R.choice("NLH") + "/UI:" + R.choice("NR") + "/S:U/C:H/I:" + R.choice("HLN") + "/A:" + R.choice("HLN")


# ---------------------------------------------------------------- registry
CASES = []


def case(carrier, lang, reporter_email=None):
    def deco(fn):
        CASES.append((carrier, lang, reporter_email, fn))
        return fn
    return deco


# ====================================================================== json_api
def jd(obj):
    return json.dumps(obj, indent=2, ensure_ascii=False)


@case("json_api", "en", "k.okafor@redlanternsec.io")
def _():
    return f"""HTTP/1.1 200 — GET /api/v2/customers/10482 (my own id is 10481, I only incremented it)

{jd({"id": 10482, "uuid": N(uuid4(), "uuid"), "created_at": N(ts(2022), "timestamp"),
     "name": "Priya Venkataraman", "email": L("priya.venkat@fastmail.com", "email_address"),
     "phone": L("+44 7911 482317", "phone_number"), "date_of_birth": L("1987-03-14", "date_of_birth"),
     "billing": {"line1": L("14 Harrowby Crescent, Leeds LS6 2QH", "postal_address"), "country": "GB"},
     "payout_iban": L(iban("GB", False), "iban"), "last_order": N("ORD-2024-0091733", "order_id")})}

Reporter: Kelechi Okafor <{N("k.okafor@redlanternsec.io", "reporter_contact")}>"""


@case("json_api", "fr")
def _():
    b, k = nir("2", 79, 11, "69")
    return f"""Réponse brute de l'endpoint /adherents/{{id}} (aucune vérification d'appartenance) :
{jd({"adherent": {"numero": N("ADH-00734215", "order_id"), "nom": "BERTHOLET", "prenom": "Maëlle",
     "nir": L(b + k, "national_id"), "date_naissance": L("23/11/1979", "date_of_birth"),
     "adresse": L("7 impasse des Tilleuls, 69230 Saint-Genis-Laval", "postal_address"),
     "contrat": "Santé Confort 3", "derniere_prestation": {"libelle": L("séance de kinésithérapie — rééducation du genou droit après ligamentoplastie", "health_data"),
     "montant": N("42,50", "amount"), "date_soins": N("2024-02-06", "date_not_birth")}}})}
L'ID suivant (n+1) renvoie un autre assuré : je me suis arrêté là."""


@case("json_api", "en")
def _():
    pid = uuid4()
    return f"""FHIR endpoint returned a Bundle without any SMART scope check:
{{
  "resourceType": "Bundle", "type": "searchset", "total": 2,
  "entry": [
    {{"resource": {{"resourceType": "Patient", "id": "{N(pid, "uuid")}",
      "name": [{{"family": "Lindqvist", "given": ["Oskar"]}}],
      "birthDate": "{L("1958-07-02", "date_of_birth")}",
      "address": [{{"line": ["{L("Rörläggarvägen 9", "postal_address")}"], "city": "Västerås", "postalCode": "722 19"}}],
      "telecom": [{{"system": "phone", "value": "{L("+46 70 318 44 91", "phone_number")}"}}]}}}},
    {{"resource": {{"resourceType": "Condition", "subject": {{"reference": "Patient/{pid}"}},
      "code": {{"coding": [{{"system": "http://snomed.info/sct", "code": "{L("44054006", "health_data", optional=True)}"}}],
               "text": "{L("Diabetes mellitus type 2", "health_data")}"}},
      "recordedDate": "{N("2019-04-11", "date_not_birth")}"}}}}
  ]
}}"""


@case("json_api", "fr")
def _():
    return f"""Pour comparaison, voici la réponse normale du catalogue (aucune donnée personnelle) :
{jd({"produits": [
    {"sku": "TH-88231-B", "libelle": "Boîtier HSM Luna 7", "version_firmware": N("7.8.4-build.1183", "version"),
     "prix_ht": N("18 450,00", "amount"), "sha256": N(sha256(), "sha256")},
    {"sku": "TH-10077-A", "libelle": "Manuel d'intégration", "isbn": N(isbn13(), "isbn"), "prix_ht": N("39,90", "amount")}],
  "vendeur": {"raison_sociale": "Exemple Distribution SAS", "siret": N(siret(), "siret"),
              "standard": N("01 84 88 20 00", "company_contact"), "contact": N("commandes@exemple-distribution.fr", "company_contact")},
  "genere_le": N("2024-05-17T08:12:44+02:00", "timestamp"), "requete": N(uuid4(), "uuid")})}"""


@case("json_api", "en")
def _():
    return f"""The /api/admin/users?page=3 listing is reachable with a normal customer session and includes hashes:
[
  {{"id": 301, "login": "mhalvorsen", "email": "{L("m.halvorsen@outlook.com", "email_address")}", "pwd": "{L(bcrypt(), "password_hash")}", "last_ip": "{N(doc_ip(), "documentation_ip")}"}},
  {{"id": 302, "login": "t.nakamura", "email": "{L("tnakamura.dev@gmail.com", "email_address")}", "pwd": "{L(bcrypt(), "password_hash")}", "last_ip": "{L(priv_ip(), "private_ip", optional=True)}"}},
  {{"id": 303, "login": "svc-backup", "email": null, "pwd": "{L(sha512crypt(), "password_hash")}", "mfa": false}}
]
(3 of 25 rows shown; I did not try to crack anything.)"""


@case("json_api", "fr")
def _():
    tok = jwt({"sub": "u-88412", "name": "Hugo Ferrand", "role": "agent", "iat": 1715930000, "exp": 1715933600})
    ref = jwt({"sub": "u-88412", "typ": "refresh", "jti": uuid4()}, "HS512")
    return f"""La route POST /auth/sso/callback renvoie les jetons d'un autre agent quand on rejoue le paramètre state :

{{"access_token":"{L(tok, "jwt")}","token_type":"Bearer","expires_in":3600,
"refresh_token":"{L(ref, "jwt")}","scope":"openid profile tickets:write"}}

Le jeton est signé HS256 ; je n'ai pas cherché la clé."""


@case("json_api", "en")
def _():
    return f"""GET /api/v1/exports/9931 — 403 with our account, 200 without the Cookie header (!). Body of the 403 for reference:
{jd({"error": {"code": "FORBIDDEN", "message": "Access denied", "trace_id": N(hexs(32), "trace_id"),
     "request": {"headers": {"authorization": N("Bearer [REDACTED]", "redacted"), "cookie": N("sid=********", "redacted")},
                 "body": {"password": N("********", "placeholder"), "api_key": N("${EXPORT_API_KEY}", "placeholder")}},
     "docs": "https://developer.example.org/errors#FORBIDDEN", "ts": N(ts(), "timestamp")}})}"""


@case("json_api", "fr")
def _():
    return f"""Fuite via l'API RH (GET /rh/api/salaries/4471/fiche) :
{jd({"matricule": N("E004471", "order_id"), "nom": "Ould-Brahim", "prenom": "Sofiane", "service": "Logistique Rungis",
     "remuneration": {"brut_annuel": L("41 280 €", "employment_data"), "prime_2023": L("1 900 €", "employment_data")},
     "entretien_annuel": {"note": L("insuffisant — avertissement écrit du 12/10/2023 pour retards répétés", "employment_data")},
     "rib": {"iban": L(iban("FR"), "iban"), "bic": N("AGRIFRPP882", "bic")},
     "mis_a_jour": N("2024-03-02", "date_not_birth")})}"""


@case("json_api", "en")
def _():
    pno = "X" + rs(8, string.digits)
    return f"""Booking lookup (/pnr/retrieve?last_name=...) only checks the last name, so enumeration works:
{{
 "recordLocator": "{L("QZ7K4M", "travel_record")}",
 "passengers": [{{"name": "OYELARAN/ADEBOLA MRS", "dob": "{L("1990-09-18", "date_of_birth")}",
   "document": {{"type": "P", "number": "{L("A" + digits(8), "identity_document")}", "expiry": "{N("2031-05-04", "date_not_birth")}"}},
   "ticket": "{L("125" + digits(10), "travel_record")}"}}],
 "segments": [{{"flight": "BA 0293", "date": "2024-06-21", "seat": "{L("32C", "travel_record", optional=True)}", "from": "LHR", "to": "ORD"}}],
 "agency": {{"phone": "{N("+44 20 7946 0000", "company_contact")}"}}
}}"""


@case("json_api", "fr")
def _():
    return f"""/actuator/health en accès libre, sans secret mais avec la topologie interne :
{jd({"status": "UP", "components": {
    "db": {"status": "UP", "details": {"database": "PostgreSQL", "url": N("jdbc:postgresql://pg-prod-02.interne.lan:5432/facturation", "infrastructure_info"), "validationQuery": "isValid()"}},
    "redis": {"status": "UP", "details": {"host": N(priv_ip(), "infrastructure_info"), "version": N("7.2.4", "version")}},
    "diskSpace": {"status": "UP", "details": {"total": 107374182400, "free": 52301246464, "threshold": 10485760}},
    "build": {"commit": N(git_sha(), "git_sha"), "time": N("2024-04-29T16:03:11Z", "timestamp")}}})}"""


@case("json_api", "en")
def _():
    sk = stripe("sk_live_")
    return f"""The storefront bootstrap endpoint /api/config leaks server-side keys to anonymous callers:
{jd({"publishableKey": N("pk_live_" + rs(24), "public_key"), "secretKey": L(sk, "stripe_key"),
     "mail": {"provider": "sendgrid", "apiKey": L(sendgrid(), "sendgrid_key")},
     "maps": {"key": L(google_key(), "google_api_key")},
     "featureFlags": {"newCheckout": True, "password_min_length": N("12", "setting")}, "build": N("3.14.0-rc.2", "version")})}"""


@case("json_api", "fr", "n.vasseur@protonmail.com")
def _():
    return f"""Bonjour, réponse de /api/mobile/profil après modification de l'en-tête X-User-Id (valeur 58120 au lieu de la mienne) :
{{"utilisateur":{{"civilite":"M.","nom":"Kergoat","prenom":"Yannick","mobile":"{L(fr_mobile(True), "phone_number")}","courriel":"{L("yannick.kergoat@orange.fr", "email_address")}",
"permis":{{"numero":"{L("190475300214", "identity_document")}","categorie":"B"}},
"adresse_livraison":"{L("Lieu-dit Kerhuel, 29120 Pont-l'Abbé", "postal_address")}"}}}}
Mon adresse à moi pour ce signalement : {N("n.vasseur@protonmail.com", "reporter_contact")} — Nicolas Vasseur."""


@case("json_api", "en")
def _():
    return f"""OpenAPI example payload shipped in /docs (these are the vendor's documentation values, not real data):
{jd({"user": {"email": DOC("jane.doe@example.com", "email_address"), "phone": DOC("+1 202-555-0147", "phone_number"),
     "card": {"number": DOC("4111111111111111", "payment_card"), "exp": "12/29", "cvc": N("123", "example_value")},
     "aws": {"accessKeyId": DOC("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id"), "secretAccessKey": DOC("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_key")}},
  "schemaVersion": N("2.3.1", "version"), "id": N(uuid4(), "uuid")})}"""

# ====================================================================== csv_export
@case("csv_export", "fr")
def _():
    rows = [("10231", "Lemaire", "Odile", "02/05/1961", "18 rue Paul-Bert;37000;Tours", "odile.lemaire@free.fr"),
            ("10232", "N'Diaye", "Ousmane", "30/08/1994", "Résidence Les Acacias, bât. C;93200;Saint-Denis", "o.ndiaye94@gmail.com"),
            ("10233", "Fabre", "Jérémie", "11/12/1972", "4 chemin du Moulin;12850;Onet-le-Château", "jfabre.onet@laposte.net")]
    out = "id;nom;prenom;date_naissance;adresse;code_postal;ville;iban;email\n"
    for i, n, p, d, a, e in rows:
        out += f"{i};{n};{p};{L(d, 'date_of_birth')};{L(a, 'postal_address')};{L(iban('FR', False), 'iban')};{L(e, 'email_address')}\n"
    return "Extrait (3 lignes sur 48 112) du fichier export_clients_2024.csv téléchargeable sans authentification :\n\n" + out


@case("csv_export", "en")
def _():
    out = "mrn\tpatient\tdob\tadmitted\tdiagnosis\tward\n"
    for mrn, name, dob, adm, dx, ward in [
            ("MRN0048812", "Halloran, Bridget", "1949-01-27", "2024-03-02", "I50.9 Heart failure, unspecified", "CARD-3"),
            ("MRN0048813", "Adeyemi, Tunde", "1983-10-05", "2024-03-02", "F32.1 Moderate depressive episode", "PSY-1")]:
        out += f"{N(mrn, 'record_id')}\t{name}\t{L(dob, 'date_of_birth')}\t{N(adm, 'date_not_birth')}\t{L(dx, 'health_data')}\t{ward}\n"
    return "The nightly census export (census_2024-03-03.tsv) sits in the public /static/ folder:\n\n" + out


@case("csv_export", "fr")
def _():
    out = "num_commande,date_commande,date_livraison,ref_produit,quantite,montant_ttc,siret_fournisseur\n"
    for _ in range(4):
        out += f"{N('CMD-' + digits(8), 'order_id')},{N('2024-0' + str(R.randint(1, 9)) + '-1' + str(R.randint(0, 9)), 'date_not_birth')},2024-06-2{R.randint(0, 9)},REF-{rs(6, UP)},{R.randint(1, 40)},{N(str(R.randint(10, 9000)) + ',' + digits(2), 'amount')},{N(siret(), 'siret')}\n"
    return "Export des commandes fournisseurs (aucune donnée personnelle, uniquement des références internes) :\n" + out


@case("csv_export", "en")
def _():
    out = "employee_id,full_name,ni_number,grade,annual_salary_gbp,bonus_2023\n"
    for eid, nm, g in [("E-2209", "Callum Fraser", "L4"), ("E-2210", "Aisha Rahman", "L6"), ("E-2214", "Gareth Pugh", "L3")]:
        out += f"{eid},{nm},{L(nino(), 'national_id')},{g},{L(str(R.randint(31, 95)) + ',' + str(R.randint(100, 999)), 'employment_data')},{L(str(R.randint(1, 9)) + '000', 'employment_data', optional=True)}\n"
    return "payroll_q1.csv, first rows (the bucket listing is public):\n" + out


@case("csv_export", "fr")
def _():
    out = "matricule;nom;date_debut;date_fin;motif;commentaire_rh\n"
    out += f"M0192;Girard Aurélie;{N('04/03/2024', 'date_not_birth')};15/03/2024;{L('arrêt maladie', 'health_data')};{L('burn-out, suivi psychiatrique en cours', 'health_data')}\n"
    out += f"M0207;Da Costa Nelson;11/03/2024;12/04/2024;{L('accident du travail', 'health_data')};{L('fracture du poignet gauche — chute sur quai', 'health_data')}\n"
    out += "M0311;Perrin Luc;18/03/2024;19/03/2024;congé enfant malade;-\n"
    return "Le fichier absences_T1.csv est servi par /rh/export?format=csv même après déconnexion :\n" + out


@case("csv_export", "en")
def _():
    c1, c2 = card("visa"), card("mc")
    out = "txn_id,cardholder,pan,exp,amount,masked_pan\n"
    out += f"{N('T' + digits(10), 'order_id')},R. Castellanos,{L(c1, 'payment_card')},08/27,{N('129.90', 'amount')},{N('************' + c1[-4:], 'masked_card')}\n"
    out += f"{N('T' + digits(10), 'order_id')},Min-jun Seo,{L(c2, 'payment_card')},01/26,{N('18.00', 'amount')},{N('************' + c2[-4:], 'masked_card')}\n"
    return "Debug CSV written by the POS gateway to /var/tmp and exposed via the log viewer. Note the full PAN column next to the masked one:\n" + out


@case("csv_export", "fr")
def _():
    out = "hostname,ip,mac,numero_serie,firmware,site\n"
    for h in ("sw-core-01.lyon.corp.local", "ap-etage3-07.lyon.corp.local", "imp-rdc-02.lyon.corp.local"):
        out += f"{N(h, 'infrastructure_info')},{N(priv_ip(), 'infrastructure_info')},{N(':'.join(hexs(2) for _ in range(6)), 'mac_address')},{N('SN' + rs(10, UP), 'serial_number')},{N('v' + str(R.randint(1, 9)) + '.' + str(R.randint(0, 20)) + '.' + str(R.randint(0, 9)), 'version')},Lyon\n"
    return "Inventaire réseau récupéré (pas de secret dedans, seulement la topologie) :\n" + out


@case("csv_export", "en")
def _():
    l1, l2 = mrz_td3("NZL", "Tamihana", "Rawiri", "LM" + digits(6), "NZL", "880412", "M", "310907")
    out = "attendee,nationality,dob,passport_no,passport_expiry,dietary\n"
    out += f"Rawiri Tamihana,NZL,{L('12/04/1988', 'date_of_birth')},{L(l2[:8].replace('<', ''), 'identity_document')},07/09/2031,none\n"
    out += f"Ingrid Solberg,NOR,{L('03/11/1975', 'date_of_birth')},{L('FN' + digits(7), 'identity_document')},19/02/2029,{L('coeliac disease', 'health_data', optional=True)}\n"
    return "visa_letters_attendees.csv, left in the conference site's uploads directory:\n" + out


@case("csv_export", "fr")
def _():
    out = "uid,cn,mail,userPassword,ou\n"
    for uid, cn, mail in [("mbenard", "Mathilde Bénard", "mathilde.benard@cabinet-roussel.fr"), ("ttran", "Thierry Tran", "thierry.tran@cabinet-roussel.fr")]:
        out += f"{uid},{cn},{L(mail, 'email_address')},{L(password(), 'password_assignment')},comptabilite\n"
    out += f"admin,Administrateur,{N('support@prestataire-it.fr', 'company_contact')},{N('(défini)', 'placeholder')},it\n"
    return "Fichier d'import LDAP trouvé dans le partage public \\\\NAS\\transfert\\ldap_import.csv (mots de passe initiaux en clair) :\n" + out


@case("csv_export", "en")
def _():
    out = "plugin_id,cve,cvss_vector,host,port,evidence_sha256\n"
    for _ in range(4):
        out += f"{R.randint(10000, 199999)},{N('CVE-20' + str(R.randint(18, 24)) + '-' + str(R.randint(1000, 49999)), 'cve_id')},{N(cvss(), 'cvss_vector')},{N(doc_ip(), 'documentation_ip')},{R.choice([443, 22, 8443])},{N(sha256(), 'sha256')}\n"
    return "Scanner export attached as evidence (documentation addresses substituted for the real targets):\n" + out


@case("csv_export", "fr")
def _():
    b1, k1 = nir("1", 68, 4, "59")
    b2, k2 = nir("2", 71, 9, "59")
    out = "num_contrat;beneficiaire;lien;nir;date_naissance\n"
    out += f"{N('CT-558102', 'order_id')};Delattre Bruno;assuré;{L(fmt_nir(b1, k1), 'national_id')};{L('17/04/1968', 'date_of_birth')}\n"
    out += f"CT-558102;Delattre Nadia;conjoint;{L(fmt_nir(b2, k2), 'national_id')};{L('09/09/1971', 'date_of_birth')}\n"
    out += f"CT-558102;Delattre Inès;enfant;(rattachée);{L('22/01/2009', 'date_of_birth')}\n"
    return "Export mutuelle obtenu en changeant le paramètre contrat= dans l'URL de téléchargement :\n" + out


@case("csv_export", "en")
def _():
    out = "service,key,created_by,created_at,status\n"
    out += f"payments,{L(stripe('rk_live_'), 'stripe_key')},ops-bot,{N(ts(2023), 'timestamp')},active\n"
    out += f"mailer,{L(sendgrid(), 'sendgrid_key')},d.moreau,{N(ts(2023), 'timestamp')},active\n"
    out += f"sms,{L(twilio(), 'twilio_key')},d.moreau,{N(ts(2024), 'timestamp')},revoked\n"
    out += f"ci,{N('ghp_****************************' + rs(4), 'masked_token')},ci,{N(ts(2024), 'timestamp')},active\n"
    return "The admin panel's \"Export integrations\" button works for the viewer role and returns keys unmasked (except the GitHub one):\n" + out


@case("csv_export", "fr")
def _():
    out = "nom,email,telephone,carte\n"
    out += f"Jean Dupont,{DOC('jean.dupont@example.com', 'email_address')},{DOC('+1-555-0100', 'phone_number')},{DOC('4111 1111 1111 1111', 'payment_card')}\n"
    out += f"Test Recette,{DOC('recette@exemple.test', 'email_address')},{N('01 02 03 04 05', 'placeholder')},{DOC('5555555555554444', 'payment_card')}\n"
    return "Jeu de données de recette fourni par l'éditeur (valeurs de test documentées, rien de réel) :\n" + out

# ====================================================================== ocr_document
@case("ocr_document", "fr")
def _():
    l1, l2, l3 = mrz_td1("FRA", "X4RTK92J7", "910306", "F", "330514", "FRA", "ROUSSEL", "CAMILLE ANNE")
    return f"""[OCR — scan_cni_recto_verso.pdf, page 1, confiance 87 %]
REPUBLIQUE FRANCAISE    CARTE NATIONALE D'IDENTITE / IDENTITY CARD
N° du document : {L("X4RTK92J7", "identity_document")}
NOM : ROUSSEL     Prénoms : Camille, Anne
Sexe : F   Nationalité : FRA   Date de naiss. : {L("06 03 1991", "date_of_birth")}
Lieu de naissance : ANGERS (49)
Date d'expiration : {N("14 05 2033", "date_not_birth")}
{L(l1, "identity_document")}
{L(l2, "identity_document")}
{L(l3, "identity_document")}
(pièce jointe trouvée dans le bucket « kyc-uploads » lisible publiquement)"""


@case("ocr_document", "en")
def _():
    l1, l2 = mrz_td3("GBR", "ASHWORTH", "EMILY ROSE", "5" + digits(8), "GBR", "850721", "F", "290318")
    return f"""OCR output of passport_page.jpg (Tesseract 5.3, eng):

UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND
Type/Type P  Code/Code GBR  Passport No./No. du passeport {L(l2[:9], "identity_document")}
Surname/Nom ASHWORTH
Given names/Prénoms EMILY ROSE
Nationality BRITISH CITIZEN
Date of birth/Date de naissance {L("21 JUL /JUIL 85", "date_of_birth")}
Sex F  Place of birth NORWICH
Date of issue {N("18 MAR /MARS 19", "date_not_birth")}   Date of expiry 18 MAR /MARS 29

{L(l1, "identity_document")}
{L(l2, "identity_document")}"""


@case("ocr_document", "fr")
def _():
    b, k = nir("1", 88, 2, "44")
    return f"""-- texte extrait (OCR) de bulletin_paie_2024_03.pdf --
BULLETIN DE PAIE   Période du 01/03/2024 au 31/03/2024
Employeur : ATELIERS GUÉRIN SAS — SIRET {N(siret(), "siret")} — APE 2562B
Salarié : M. Kevin LE GOFF           Matricule 00417
Adresse : {L("22 bis rue de la Ville-en-Pierre, 44000 Nantes", "postal_address")}
N° Sécurité sociale : {L(fmt_nir(b, k), "national_id")}
Emploi : Technicien usinage   Coefficient 215
Salaire de base ................ {L("2 386,00", "employment_data")}
Heures supp. 25 % .............. 143,19
Net à payer avant impôt ........ {L("1 912,47", "employment_data")}
Impôt sur le revenu prélevé à la source (taux 4,1 %) ... {L("78,41", "tax_record", optional=True)}
Virement sur : {L(iban("FR"), "iban")}"""


@case("ocr_document", "fr")
def _():
    b, k = nir("2", 83, 7, "13")
    return f"""Scan OCR (qualité moyenne) — formulaire Cerfa « Avis d'arrêt de travail »
Volet 3 destiné à l'employeur
Nom et prénom de l'assurée : MARCHETTI Laura
N° d'immatrication : {L(b + " " + k, "national_id")}
Adresse : {L("Les Hauts de Sainte-Marthe, 31 ch. de Palama, 13013 Marseille", "postal_address")}
Arrêt de travail initial du {N("02/04/2024", "date_not_birth")} au 26/04/2024 inclus
Eléments d'ordre médical (volets 1 et 2) : {L("entorse grave cheville droite, immobilisation plâtrée", "health_data")}
Sorties autorisées : non
Médecin : Dr P. Astier — RPPS {N("10101234567", "professional_id")}"""


@case("ocr_document", "fr")
def _():
    return f"""OCR de avis_IR_2023.pdf (récupéré via l'IDOR sur /documents/{{id}}) :
DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES
AVIS D'IMPÔT 2023 SUR LES REVENUS DE L'ANNÉE 2022
Déclarant 1 : M. BOUCHARD François     Numéro fiscal : {L("3" + digits(3) + " " + digits(3) + " " + digits(3) + " " + digits(3), "tax_record")}
Déclarant 2 : Mme BOUCHARD Hélène      Numéro fiscal : {L("1" + digits(3) + " " + digits(3) + " " + digits(3) + " " + digits(3), "tax_record")}
Adresse : {L("9 allée des Érables, 21000 Dijon", "postal_address")}
Référence de l'avis : {L("23 21 " + digits(7) + " " + digits(2), "tax_record", optional=True)}
Revenu fiscal de référence : {L("58 712 €", "tax_record")}
Montant de votre impôt : {L("4 126 €", "tax_record")}
Service des impôts : SIP Dijon — {N("03 80 00 00 00", "company_contact")}"""


@case("ocr_document", "en")
def _():
    return f"""Boarding pass (photo, OCR via phone app):
BOARDING PASS  /  CARTE D'ACCÈS À BORD
Name: MWANGI/GRACE WANJIRU MS
From: NAIROBI NBO   To: AMSTERDAM AMS
Flight: {L("KQ 116", "travel_record")}   Date: 14JUN   Seat: {L("27A", "travel_record")}   Gate: B7  Boarding 23:10
Booking ref: {L("L8WQZT", "travel_record")}     ETKT {L("706 " + digits(10), "travel_record")}
SkyTeam  SEQ {N("0142", "sequence_number")}
Barcode (PDF417) decoded: {L("M1MWANGI/GRACE WANJIRU EL8WQZT NBOAMSKQ 0116 165Y027A0142 100", "travel_record")}"""


@case("ocr_document", "fr")
def _():
    return f"""Etiquette colis photographiée dans l'entrepôt (OCR) — lisible sur la capture jointe au ticket :
EXPEDITEUR : LOGIDIS ENTREPOT 4 — ZI des Ajoncs, 85000 La Roche-sur-Yon
DESTINATAIRE : Mme Samia Haddad
{L("Appt 34, 5 avenue Jean-Jaurès, 94200 Ivry-sur-Seine", "postal_address")}
Tél : {L(fr_mobile(), "phone_number")}
Colis {N("6A" + digits(11), "tracking_number")}  Poids 2,4 kg  Le {N("18/05/2024", "date_not_birth")}"""


@case("ocr_document", "en")
def _():
    d = dni()
    return f"""Text layer of dni_frontal.png as returned by the vendor's /kyc/ocr endpoint for someone else's upload:
{{"fields": {{"documento": "DNI", "apellidos": "GARRIDO SALCEDO", "nombre": "INMACULADA",
 "num_soporte": "{L("BAA" + digits(6), "identity_document")}", "dni": "{L(d, "national_id", also=["identity_document"])}",
 "fecha_nacimiento": "{L("17 09 1979", "date_of_birth")}", "validez": "{N("22 03 2030", "date_not_birth")}"}},
 "confidence": 0.91, "engine": "{N("ocr-core 4.2.1", "version")}"}}"""


@case("ocr_document", "en")
def _():
    cf = codice_fiscale("Esposito", "Gennaro", 1976, 5, 3, False, "F839")
    return f"""OCR (Italian health card, tessera sanitaria), uploaded to the support chat and readable by any agent:
TESSERA SANITARIA
Codice fiscale {L(cf, "national_id")}
Cognome ESPOSITO   Nome GENNARO
Luogo di nascita NAPOLI   Provincia NA
Data di nascita {L("03/05/1976", "date_of_birth")}   Sesso M
Data di scadenza {N("11/02/2028", "date_not_birth")}
Numero identificazione tessera {L("80380" + digits(15), "identity_document", optional=True)}"""


@case("ocr_document", "en")
def _():
    return f"""OCR of W-2 (tax year 2023) found in the HR portal's export folder:
a Employee's social security number   {L(ssn(), "national_id")}
b Employer identification number (EIN) {N("84-" + digits(7), "company_id")}
c Employer: Brightwater Logistics LLC, 400 Commerce Pkwy, Dayton OH 45414
e Employee: DeShawn T. Mercer
f {L("1187 Wyoming Ave Apt 2, Cincinnati OH 45205", "postal_address")}
1 Wages, tips, other compensation  {L("52,418.77", "employment_data", also=["tax_record"])}
2 Federal income tax withheld       {L("5,902.10", "tax_record")}"""


@case("ocr_document", "fr")
def _():
    return f"""OCR de la fiche technique jointe (aucun élément personnel, c'est le PDF public du constructeur) :
FICHE PRODUIT — Passerelle industrielle IGW-4400
Référence : {N("IGW-4400-EU-02", "part_number")}   Firmware : {N("5.2.17 (build 20240311)", "version")}
Alimentation 24 V DC, conso. max 12 W
Adresse IP par défaut : {N("192.168.1.1", "infrastructure_info")}   Login usine : admin / {N("<mot de passe imprimé sous le boîtier>", "placeholder")}
Support : {N("support@igw-industrie.fr", "company_contact")} — {N("+33 4 72 00 00 00", "company_contact")}
Certificat CE n° {N("CE-" + digits(6), "certificate_id")}   SHA-256 image : {N(sha256(), "sha256")}"""


@case("ocr_document", "fr")
def _():
    return f"""Texte OCR de la facture jointe à la preuve (fournisseur, pas de particulier) :
FACTURE N° {N("F2024-00" + digits(4), "invoice_number")}   du {N("12/02/2024", "date_not_birth")}
SARL BOIS & TECHNIQUE — 3 rue de l'Industrie, 67400 Illkirch
SIRET {N(siret(), "siret")}  TVA intracom. {N("FR" + digits(11), "vat_number")}
Désignation : licence annuelle supervision, 25 postes ....... {N("3 750,00 €", "amount")}
Total TTC ........ {N("4 500,00 €", "amount")}
Règlement par virement — IBAN du fournisseur indiqué sur le bon de commande"""


@case("ocr_document", "en")
def _():
    return f"""OCR of the hotel registration card (scan stored under /guest-docs/ without auth):
GUEST REGISTRATION
Name: Henrik Dahlberg     Nationality: SWE
Date of birth: {L("1969-12-01", "date_of_birth")}
Passport no.: {L(digits(8), "identity_document")}
Home address: {L("Sveavägen 61, 113 59 Stockholm", "postal_address")}
Arrival 03.10.2024  Departure 06.10.2024  Room 514
Card on file: {L(fmt_card(card("amex")), "payment_card")}  exp {N("07/27", "expiry_date")}"""

# ====================================================================== command_line
@case("command_line", "en")
def _():
    pw = password("rand")
    return f"""Any local user can read the service's arguments:
$ ps auxww | grep [j]ava
svc-pay   2231  3.1 12.4 6123456 1023344 ?  Sl  Mar02 188:12 /opt/jdk17/bin/java -Xmx2g -Dspring.profiles.active=prod -Dspring.datasource.username=pay_rw -Dspring.datasource.password={L(pw, "password_assignment")} -Dserver.port=8443 -jar /opt/pay/pay-api-{N("4.12.3", "version")}.jar"""


@case("command_line", "fr")
def _():
    kid, sec = aws_key_id(), aws_secret()
    return f"""Commande relevée dans le script de démarrage /etc/rc.local de l'appliance :
docker run -d --name sauvegarde \\
  -e POSTGRES_PASSWORD={L(password(), "password_assignment")} \\
  -e AWS_ACCESS_KEY_ID={L(kid, "aws_access_key_id")} \\
  -e AWS_SECRET_ACCESS_KEY={L(sec, "aws_secret_key")} \\
  -e TZ=Europe/Paris \\
  registry.interne/backup@sha256:{N(sha256(), "sha256")}"""


@case("command_line", "en")
def _():
    return f"""To verify the signing key I used:
$ gpg --fingerprint releases@vendor-example.org
pub   rsa4096 2021-09-14 [SC] [expires: 2025-09-14]
      {N(pgp_fpr(True), "pgp_fingerprint_luhn")}
uid           [ unknown] Vendor Release Signing <{N("releases@vendor-example.org", "company_contact")}>
sub   rsa4096 2021-09-14 [E]
$ sha256sum firmware-{N("2.9.0", "version")}.bin
{N(sha256(), "sha256")}  firmware-2.9.0.bin"""


@case("command_line", "fr")
def _():
    tok = jwt({"sub": "4410", "email": "a.mercier@client-demo.fr", "roles": ["admin"], "exp": 1716000000})
    cookie = rs(32, HEX)
    return f"""Preuve de concept (la session d'un administrateur de l'instance de démo, capturée dans le proxy) :
curl -sk 'https://portail.client-demo.fr/api/admin/export?all=1' \\
  -H 'Authorization: Bearer {L(tok, "authorization_header", also=["jwt"])}' \\
  -H 'Cookie: PHPSESSID={L(cookie, "session_cookie")}; lang=fr' \\
  -o export.zip"""


@case("command_line", "en")
def _():
    t = ghp()
    return f"""The CI job prints its clone command in the public build log:
+ git clone --depth 1 https://x-access-token:{L(t, "github_token", also=["url_credentials"])}@github.com/acme-widgets/firmware-private.git
Cloning into 'firmware-private'...
HEAD is now at {N(git_sha()[:12], "git_sha")} release {N("v3.1.0", "version")}"""


@case("command_line", "fr")
def _():
    return f"""Commandes utilisées pour la reconnaissance (cibles remplacées par des adresses de documentation) :
nmap -sV -p 22,443,8443 --script ssl-cert {N(doc_ip(), "documentation_ip")} {N(doc_ip(), "documentation_ip")}
hashcat -m 1000 -a 0 {N("<fichier_hashes>", "placeholder")} rockyou.txt   # non lancé, conformément à la politique
testssl.sh --quiet https://www.{N("fournisseur-exemple.fr", "public_hostname")}
Versions : nmap {N("7.94", "version")}, testssl {N("3.2rc3", "version")}"""


@case("command_line", "en")
def _():
    host = priv_ip()
    pw = password("word")
    return f"""Connection string from the vendor's install guide, but with the real appliance password (it is identical on every box):
psql "{L(f"postgresql://reporting:{pw}@{host}:5432/analytics?sslmode=disable", "connection_string", also=["url_credentials"])}" -c '\\dt'"""


@case("command_line", "fr")
def _():
    pw = password("word")
    return f"""Le script de connexion GPO (visible par tous les utilisateurs du domaine) contient :
net use Z: \\\\{L("fs-compta01", "internal_hostname", optional=True)}\\partage /user:CABINET\\svc_scan {L(pw, "password_assignment")} /persistent:yes"""


@case("command_line", "en")
def _():
    kid, sec = aws_key_id("ASIA"), aws_secret()
    return f"""Output of `cat ~/.config/vendor-cli/bootstrap.sh` on the shipped AMI:
aws configure set aws_access_key_id {L(kid, "aws_access_key_id")}
aws configure set aws_secret_access_key {L(sec, "aws_secret_key")}
aws configure set region eu-west-3"""


@case("command_line", "fr")
def _():
    pw = password("rand")
    host = "ldap01.siege.groupe-interne.lan"
    return f"""Ligne trouvée dans la crontab de www-data (synchronisation annuaire) :
*/30 * * * * ldapsearch -x -H ldaps://{L(host, "internal_hostname", optional=True)} -D "cn=sync,ou=services,dc=groupe,dc=lan" -w '{L(pw, "password_assignment")}' -b "ou=people,dc=groupe,dc=lan" > /tmp/annuaire.ldif"""


@case("command_line", "en")
def _():
    return f"""Recommended fix — no literal secrets on the command line:
kubectl create secret generic db-creds --from-literal=password="$DB_PASSWORD" --dry-run=client -o yaml
vault kv get -field=token secret/ci/{N("${{CI_PROJECT}}", "placeholder")}
docker login registry.example.com -u ci --password-stdin < {N("/run/secrets/registry_token", "placeholder")}
export API_KEY={N("<YOUR_API_KEY>", "placeholder")}"""


@case("command_line", "fr")
def _():
    a, b = password("phrase"), password("word")
    return f"""Les archives de preuve que l'éditeur nous a transmises se déchiffrent ainsi (même phrase pour toutes, cf. leur mail) :
7z x preuves_incident.7z -p{L(a, "password_assignment")}
openssl enc -d -aes-256-cbc -pbkdf2 -in dump.sql.enc -out dump.sql -k "{L(b, "password_assignment")}\""""


@case("command_line", "en")
def _():
    pw = rs(24, AL)
    return f"""/proc/1873/cmdline (NULs shown as spaces), readable by the unprivileged 'guest' shell:
/usr/bin/redis-server /etc/redis/redis.conf --requirepass {L(pw, "password_assignment")} --bind {L(priv_ip(), "private_ip", optional=True)} --port 6379"""


# ====================================================================== shell_history
@case("shell_history", "en")
def _():
    pw = password("word")
    return f"""~/.bash_history of the 'support' account (world-readable, 0644):
cd /opt/crm
ls -la
mysql -u root -p{L(pw, "password_assignment")} crm_prod
mysqldump -u root -p{L(pw, "password_assignment")} crm_prod > /tmp/crm.sql
scp /tmp/crm.sql backup@{L(priv_ip(), "private_ip", optional=True)}:/srv/dumps/
rm /tmp/crm.sql
exit"""


@case("shell_history", "fr")
def _():
    pw = password("word")
    basic = base64.b64encode(f"svc-inventaire:{password('rand')}".encode()).decode()
    return f"""Historique PowerShell (%APPDATA%\\Microsoft\\Windows\\PowerShell\\PSReadLine\\ConsoleHost_history.txt) du poste de l'admin :
Get-ADUser -Filter * | Measure-Object
$pw = ConvertTo-SecureString "{L(pw, "password_assignment")}" -AsPlainText -Force
New-LocalUser -Name "maint" -Password $pw
Invoke-RestMethod -Uri https://glpi.siege.local/apirest.php/initSession -Headers @{{Authorization="Basic {L(basic, "authorization_header")}"}}
Get-FileHash .\\setup.msi -Algorithm SHA256"""


@case("shell_history", "en")
def _():
    pw = password("word")
    return f"""(from the image's /root/.bash_history)
apt-get install -y sshpass
sshpass -p '{L(pw, "password_assignment")}' ssh -o StrictHostKeyChecking=no deploy@{L(priv_ip(), "private_ip", optional=True)} 'systemctl restart gateway'
history -c   # (did not work, the file was already written)"""


@case("shell_history", "fr")
def _():
    pw = password("rand")
    return f"""extrait de .bash_history (compte jenkins) :
curl -u admin:{L(pw, "password_assignment")} https://{L("jenkins.build.corp-interne.net", "internal_hostname", optional=True)}/job/release/build -X POST
curl -s https://api.github.com/repos/acme/outil/releases/latest | jq .tag_name
git log --oneline -3
{N(git_sha()[:7], "git_sha")} fix: timeout
{N(git_sha()[:7], "git_sha")} chore: bump {N("1.8.2", "version")}"""


@case("shell_history", "en")
def _():
    return f"""For completeness, my own shell history during testing (nothing secret, keys come from the password manager):
export API_KEY=$(pass show vendor/api-key)
curl -H "Authorization: Bearer $API_KEY" https://api.vendor.example/v1/ping
sha256sum poc.py
{N(sha256(), "sha256")}  poc.py
git rev-parse HEAD
{N(git_sha(), "git_sha")}
echo $TOKEN | wc -c"""


@case("shell_history", "fr")
def _():
    return f"""Historique zsh du poste de test (rien de sensible) :
: 1715864410:0;docker pull ghcr.io/fournisseur/agent@sha256:{N(sha256(), "sha256")}
: 1715864502:0;ssh-keygen -lf ~/.ssh/id_ed25519.pub
: 1715864502:0;# SHA256:{N(rs(43, AL + "+/"), "ssh_fingerprint")} moi@portable (ED25519)
: 1715864611:0;gpg --recv-keys {N("FC3C4520576EC756AE730030536949C48448AE39", "pgp_fingerprint")}
: 1715864700:0;uuidgen
: 1715864700:0;# {N(uuid4(), "uuid")}"""


@case("shell_history", "en")
def _():
    pw = "Zebra" + R.choice("!#") + digits(2) + "winter"
    return f"""Look at lines 212-215 of /home/ops/.bash_history — the admin typed the sudo password at the shell prompt by mistake:
sudo systemctl stop nginx
{L(pw, "password_assignment")}
sudo systemctl stop nginx
vim /etc/nginx/sites-enabled/default"""


@case("shell_history", "fr")
def _():
    t = glpat()
    return f"""Dans ~/.zsh_history du conteneur de build publié sur Docker Hub :
: 1712054401:0;export GITLAB_TOKEN={L(t, "gitlab_token")}
: 1712054433:0;git push https://oauth2:$GITLAB_TOKEN@gitlab.com/groupe/projet.git
: 1712054490:0;unset GITLAB_TOKEN"""


@case("shell_history", "en")
def _():
    return f"""The published dev container keeps the maintainer's history:
npm config set //registry.npmjs.org/:_authToken {L(npm_tok(), "npm_token")}
npm publish --access public
python -m twine upload -u __token__ -p {L(pypi_tok(), "pypi_token")} dist/*
npm view widget-core dist.integrity
{N(npm_integrity(), "npm_integrity")}"""


@case("shell_history", "fr")
def _():
    pw = password("word")
    pw2 = password("word")
    return f"""~/.bash_history de l'utilisateur « exploit » sur la passerelle :
echo '{L(pw, "password_assignment")}' | sudo -S apt update
htpasswd -b /etc/nginx/.htpasswd supervision {L(pw2, "password_assignment")}
sudo tail -f /var/log/nginx/error.log"""


@case("shell_history", "en")
def _():
    return f"""History of the hardened bastion, shared as an example of good practice:
read -rs DB_PASS
PGPASSWORD="$DB_PASS" psql -h db.internal -U app -c 'select 1'
unset DB_PASS
docker login -u ci --password-stdin < /run/secrets/token
grep -c 'password=\\*\\*\\*' /var/log/app.log   # {N("password=***", "redacted")} is what the logs show"""


@case("shell_history", "fr")
def _():
    return f"""Historique PowerShell du serveur de fichiers :
$ctx = New-AzStorageContext -ConnectionString "{L(azure_conn("stockpaiefr01"), "azure_connection_string")}"
Get-AzStorageBlob -Container bulletins -Context $ctx | Select-Object Name
Set-AzStorageBlobContent -File .\\export.zip -Container bulletins -Context $ctx"""


@case("shell_history", "en")
def _():
    return f"""bash_history from the staging jump host (only internal names, no credentials):
ssh {N("app-stg-03.int.acme-corp.net", "infrastructure_info")}
ping -c1 {N(priv_ip(), "infrastructure_info")}
tail -n 200 /var/log/app/app.log | grep -i error
systemctl status app@{N("2.4.1", "version")}
dig +short {N("status.acme-corp.com", "public_hostname")}"""

# ====================================================================== server_log
@case("server_log", "en")
def _():
    tok = rs(40, AL)
    return f"""nginx access.log (tokens travel in the query string and end up here, retained 90 days):
{N(doc_ip(), "documentation_ip")} - - [17/May/2024:09:14:02 +0000] "GET /api/v1/reports?access_token={L(tok, "authorization_header", optional=True, also=["password_assignment"])}&page=2 HTTP/1.1" 200 8812 "-" "okhttp/4.12.0"
{N(doc_ip(), "documentation_ip")} - - [17/May/2024:09:14:05 +0000] "GET /static/app.{N(hexs(8), "asset_hash")}.js HTTP/1.1" 200 120331 "-" "Mozilla/5.0"
{N(doc_ip(), "documentation_ip")} - - [17/May/2024:09:15:40 +0000] "POST /hooks/build?key={L(google_key(), "google_api_key")} HTTP/1.1" 204 0 "-" "curl/8.5.0\""""


@case("server_log", "fr")
def _():
    pw = password("word")
    return f"""/var/log/portail/app.log — le mot de passe saisi est journalisé quand l'authentification échoue :
2024-04-03 08:01:17,442 WARN  [http-nio-8080-exec-7] c.p.auth.LoginService - échec d'authentification pour 'c.vidal' (mot de passe saisi : '{L(pw, "password_assignment")}')
2024-04-03 08:01:22,019 INFO  [http-nio-8080-exec-9] c.p.auth.LoginService - connexion réussie pour 'c.vidal' session={N(uuid4(), "uuid")}
2024-04-03 08:01:22,020 INFO  [http-nio-8080-exec-9] c.p.audit - {N("password=***", "redacted")} policy=v2"""


@case("server_log", "en")
def _():
    return f"""The logs after the vendor's hotfix look correctly scrubbed:
{ts()} INFO  auth  user=u-1182 {N("password=***", "redacted")} result=ok req={N(uuid4(), "uuid")}
{ts()} DEBUG http  > Authorization: {N("Bearer [REDACTED]", "redacted")}
{ts()} DEBUG http  > Cookie: session={N("<redacted>", "redacted")}
{ts()} INFO  pay   card={N("**** **** **** 4242", "masked_card")} amount={N("49.00", "amount")} order={N("ORD-" + digits(9), "order_id")}
{ts()} INFO  geo   client={N(doc_ip(), "documentation_ip")} asn=AS64500"""


@case("server_log", "fr")
def _():
    cred = base64.b64encode(f"supervision:{password('word')}".encode()).decode()
    return f"""Avec LogLevel trace8, Apache écrit les en-têtes de requête dans error.log (fichier lisible via le module de diagnostic) :
[Tue Apr 16 10:22:31.118201 2024] [core:trace5] [pid 14211] protocol.c(1461): [client {N(doc_ip(), "documentation_ip")}:51122] Request received from client: GET /nagios/cgi-bin/status.cgi HTTP/1.1
[Tue Apr 16 10:22:31.118260 2024] [http:trace4] [pid 14211] http_request.c(436): Headers received from client:
[Tue Apr 16 10:22:31.118266 2024] [http:trace4] [pid 14211]   Host: supervision.exemple-collectivite.fr
[Tue Apr 16 10:22:31.118270 2024] [http:trace4] [pid 14211]   Authorization: Basic {L(cred, "authorization_header")}"""


@case("server_log", "en")
def _():
    return f"""notification-service.log shows what every SMS and parcel event contains:
2024-05-02T11:02:44.811Z INFO sms.send to={L(uk_mobile(), "phone_number")} template=otp_login ok
2024-05-02T11:02:45.004Z INFO shipment.dispatched recipient="Tomasz Wiśniewski" address="{L("Flat 3, 27 Mafeking Road, Cardiff CF23 5DQ", "postal_address")}" parcel={N("JD0002" + digits(12), "tracking_number")}
2024-05-02T11:02:45.221Z INFO email.queued to={L("t.wisniewski@wp.pl", "email_address")} msgid=<{N(hexs(16), "message_id")}@mailer>"""


@case("server_log", "fr")
def _():
    return f"""Extrait de /var/log/syslog du boîtier (uniquement de la topologie interne) :
May 17 06:25:01 {N("fw-site-rennes", "infrastructure_info")} CRON[22871]: (root) CMD (test -x /usr/sbin/anacron)
May 17 06:25:14 {N("fw-site-rennes", "infrastructure_info")} charon: 09[IKE] IKE_SA vpn-siege[12] established between {N(priv_ip(), "infrastructure_info")}[rennes]...{N(doc_ip(), "documentation_ip")}[siege]
May 17 06:25:14 {N("fw-site-rennes", "infrastructure_info")} kernel: [ 8812.44] nf_conntrack: table full, dropping packet
May 17 06:26:00 {N("fw-site-rennes", "infrastructure_info")} ntpd[911]: adjusting local clock by 0.0213s"""


@case("server_log", "en")
def _():
    wh = slack_webhook()
    return f"""alerting.log — the webhook URL is logged on every failure:
2024-03-28 02:00:03 ERROR alert.dispatch POST {L(wh, "slack_webhook")} failed: 404 channel_not_found (retry 3/3)
2024-03-28 02:00:03 INFO  alert.dispatch falling back to e-mail {N("noc@vendor-example.com", "company_contact")}"""


@case("server_log", "fr")
def _():
    c = card("cb")
    return f"""journal du module de paiement de l'ERP (niveau DEBUG resté actif en production) :
17/05/2024 14:03:55.201 DEBUG PaiementTPE - requête autorisation : montant={N("312,40", "amount")} EUR, pan={L(c, "payment_card")}, exp=0926, porteur=MME LEBLANC SYLVIE
17/05/2024 14:03:55.890 DEBUG PaiementTPE - réponse : code=05 (refus), num_autorisation=, ref={N("TRX" + digits(12), "order_id")}"""


@case("server_log", "en")
def _():
    s = rs(48, AL)
    return f"""gateway-debug.log (world-readable via /debug/logs):
[2024-02-11 18:40:12] > POST /login HTTP/1.1
[2024-02-11 18:40:12] < HTTP/1.1 302 Found
[2024-02-11 18:40:12] < Set-Cookie: __Host-sess={L(s, "session_cookie")}; Path=/; Secure; HttpOnly; SameSite=Lax
[2024-02-11 18:40:12] < Set-Cookie: csrf={N(hexs(32), "csrf_token")}; Path=/; Secure
[2024-02-11 18:40:12] < Location: /dashboard"""


@case("server_log", "fr")
def _():
    b, k = nir("1", 92, 10, "33")
    return f"""Logs JSON de l'API téléservice (un événement par ligne) :
{{"ts":"{N(ts(), "timestamp")}","lvl":"info","evt":"dossier.cree","usager":{{"courriel":"{L("quentin.labbe33@sfr.fr", "email_address")}","nir":"{L(b + k, "national_id")}"}},"ip":"{N(doc_ip(), "documentation_ip")}"}}
{{"ts":"{N(ts(), "timestamp")}","lvl":"info","evt":"piece.ajoutee","type":"justificatif_domicile","sha256":"{N(sha256(), "sha256")}"}}"""


@case("server_log", "en")
def _():
    return f"""HAProxy log lines confirming the timing difference (public test host, no user data):
May 17 10:00:01 lb1 haproxy[1201]: {N(doc_ip(), "documentation_ip")}:53320 [17/May/2024:10:00:01.002] fe_https~ be_app/app2 0/0/1/412/413 200 1822 - - ---- 12/12/1/0/0 0/0 "POST /api/login HTTP/1.1"
May 17 10:00:02 lb1 haproxy[1201]: {N(doc_ip(), "documentation_ip")}:53322 [17/May/2024:10:00:02.114] fe_https~ be_app/app2 0/0/1/3/4 401 210 - - ---- 12/12/1/0/0 0/0 "POST /api/login HTTP/1.1"
(build {N("2.8.5-1ubuntu3", "version")}; CVE ref {N("CVE-2024-24681", "cve_id")} unrelated)"""


@case("server_log", "fr")
def _():
    auth = base64.b64encode(b"\x00alertes@mairie-exemple.fr\x00" + password("word").encode()).decode()
    return f"""Le connecteur SMTP journalise le dialogue complet (smtp_debug=2) :
2024-04-22 07:15:02 CLIENT -> SERVER: EHLO portail
2024-04-22 07:15:02 SERVER -> CLIENT: 250-AUTH LOGIN PLAIN
2024-04-22 07:15:02 CLIENT -> SERVER: AUTH PLAIN {L(auth, "password_assignment", also=["authorization_header"])}
2024-04-22 07:15:03 SERVER -> CLIENT: 235 2.7.0 Authentication successful"""


@case("server_log", "en")
def _():
    k = openai_key()
    return f"""assistant-worker stderr (shipped to the public status page by mistake):
2024-05-09 21:17:44 WARNING llm.client retrying request 2/5, headers={{'Authorization': 'Bearer {L(k, "ai_api_key", also=["authorization_header"])}', 'OpenAI-Organization': '{N("org-" + rs(24), "org_id")}'}}
2024-05-09 21:17:46 ERROR llm.client RateLimitError: 429"""


# ====================================================================== source_code
@case("source_code", "en")
def _():
    return f"""Found in the vendor's public SDK repository, examples/upload.py (commit {N(git_sha()[:10], "git_sha")}):
```python
import boto3

s3 = boto3.client(
    "s3",
    aws_access_key_id="{L(aws_key_id(), "aws_access_key_id")}",
    aws_secret_access_key="{L(aws_secret(), "aws_secret_key")}",
    region_name="eu-central-1",
)
s3.upload_file("report.pdf", "customer-reports-prod", "in/report.pdf")
```"""


@case("source_code", "fr")
def _():
    pw = password("word")
    return f"""Fichier config.inc.php accessible en téléchargement (le serveur ne l'interprète pas, extension .php.bak) :
<?php
// paramètres BDD — NE PAS COMMITTER
$db_host = '{L("mysql-prod.hebergeur-interne.lan", "internal_hostname", optional=True)}';
$db_user = 'boutique';
$db_pass = '{L(pw, "password_assignment")}';
$db_name = 'boutique_prod';
define('CLE_PAIEMENT', '{L(stripe("sk_live_"), "stripe_key")}');
define('VERSION', '{N("2.7.14", "version")}');"""


@case("source_code", "en")
def _():
    rows = []
    for nm, d in [("Marisol Quintero", "1979-02-11"), ("Desmond Achterberg", "1964-08-30")]:
        rows.append(f'        new Person("{nm}", "{L(ssn(), "national_id")}", LocalDate.parse("{L(d, "date_of_birth")}"), "{L(us_phone(), "phone_number")}"),')
    body = "\n".join(rows)
    return f"""The test fixture in src/test/java/.../ImportTest.java is a copy of production rows (the names match customers in the live portal):
```java
    static final List<Person> FIXTURE = List.of(
{body}
        new Person("Test User", "{N("000-00-0000", "placeholder")}", LocalDate.parse("2000-01-01"), "{DOC("555-0100", "phone_number")}")
    );
```"""


@case("source_code", "fr")
def _():
    return f"""Extrait du module Go concerné (propre : rien de secret, seulement des constantes et des empreintes) :
```go
const (
	passwordMinLength = {N("12", "setting")}
	tokenTTL          = 15 * time.Minute
	// empreinte SHA-256 du certificat racine épinglé
	pinnedRootSHA256 = "{N(sha256(), "sha256")}"
	defaultNamespace = "{N(uuid4(), "uuid")}"
)

func apiKey() string {{ return os.Getenv("{N("VENDOR_API_KEY", "env_reference")}") }}
var password = flag.String("password", "", "mot de passe (sinon lu depuis $PASSWORD)")
```"""


@case("source_code", "en")
def _():
    return f"""The production bundle main.{N(hexs(8), "asset_hash")}.js contains (prettified):
```javascript
const firebaseConfig = {{
  apiKey: "{L(google_key(), "google_api_key")}",
  authDomain: "fieldapp-prod.firebaseapp.com",
  projectId: "fieldapp-prod",
  appId: "{N("1:" + digits(12) + ":web:" + hexs(22), "public_app_id")}"
}};
// TODO remove before release
const ADMIN_BACKDOOR_TOKEN = "{L(rs(32, AL), "password_assignment")}";
```"""


@case("source_code", "fr")
def _():
    pw = password("rand")
    return f"""Dans l'assembly décompilée (dnSpy) de l'application lourde, classe DataAccess :
```csharp
private const string ConnStr =
    "{L(f"Server={priv_ip()},1433;Database=Planning;User Id=sa;Password={pw};TrustServerCertificate=True", "connection_string")}";
// TODO : passer par le coffre-fort
```"""


@case("source_code", "en")
def _():
    return f"""Clean version after the fix (for the advisory):
```python
API_KEY = os.environ["PAYMENTS_API_KEY"]          # was hard-coded before {N("v5.0.2", "version")}
DEFAULT_PASSWORD = {N('"changeme"', "placeholder")}             # only used by the local docker-compose demo
SIGNING_KEY_ID = "{N(uuid4(), "uuid")}"
EXPECTED_SHA1 = "{N(hexs(40), "sha1")}"
TEST_CARD = "{DOC("4242424242424242", "payment_card")}"          # Stripe's documented test card
password_min_length = {N("14", "setting")}
```"""


@case("source_code", "fr")
def _():
    k = private_key("EC", 90)
    return f"""La clé de signature des mises à jour est embarquée en clair dans updater/sign.py :
```python
CLE_SIGNATURE = \"\"\"{L(k, "private_key")}\"\"\"
```
Toute personne peut donc signer un firmware accepté par les boîtiers."""


@case("source_code", "en")
def _():
    return f"""internal/notify/slack.go in the open-source agent:
```go
var (
	slackToken   = "{L(slack_bot(), "slack_token")}"
	fallbackHook = "{L(slack_webhook(), "slack_webhook")}"
	channel      = "#alerts-prod"
)
```"""


@case("source_code", "fr")
def _():
    pin = digits(6)
    return f"""Ce n'est pas nommé « password » nulle part, mais regardez le commentaire dans kiosk.js :
```javascript
function unlockMaintenance(code) {{
  // code technicien (le même sur toutes les bornes) : {L(pin, "password_assignment")}
  return sha256(code) === CODE_HASH;
}}
const CODE_HASH = "{N(sha256(), "sha256")}";
```"""


@case("source_code", "en")
def _():
    return f"""PHP snippet from the vendor's docs — correct usage, nothing sensitive:
```php
$hash = password_hash($_POST['password'], PASSWORD_BCRYPT, ['cost' => {N("12", "setting")}]);
if (!password_verify($input, $row['password_hash'])) {{ throw new AuthError(); }}
$token = bin2hex(random_bytes(32));     // e.g. {N(hexs(64), "example_value")}
$mail->setFrom('{N("no-reply@vendor-example.com", "company_contact")}');
$db = new PDO(getenv('DSN'), getenv('DB_USER'), getenv('DB_PASSWORD'));
```"""


@case("source_code", "fr")
def _():
    return f"""Jeu de test JUnit copié depuis la base clients (ce sont de vraies personnes d'après le support) :
```java
@Test void prelevementSepa() {{
    Client c1 = new Client("Valérie Tessier", "{L(iban("FR"), "iban")}", "{L("3 place du Marché, 79000 Niort", "postal_address")}");
    Client c2 = new Client("Romain Ghali", "{L(iban("BE"), "iban")}", "{L("Rue Haute 112, 1000 Bruxelles", "postal_address")}");
    assertEquals(2, service.generer(List.of(c1, c2)).size());
}}
```"""


@case("source_code", "en")
def _():
    sk = rs(44, AL + "+/")
    t = jwt({"sub": "svc-reporting", "role": "admin", "iss": "auth.vendor", "exp": 1893456000})
    return f"""AuthConfig.cs and its unit test both ship in the NuGet package:
```csharp
public static class AuthConfig {{
    public const string JwtSigningSecret = "{L(sk, "password_assignment")}";
}}
// AuthTests.cs
var longLived = "{L(t, "jwt")}"; // expires 2030, still accepted by prod
```"""


@case("source_code", "fr")
def _():
    return f"""Code de validation côté client (TypeScript) — uniquement des exemples documentés :
```ts
// exemple de la documentation bancaire, ne correspond à aucun compte
const IBAN_EXEMPLE = "{DOC("FR76 3000 6000 0112 3456 7890 189", "iban")}";
const RE_CARTE = /^(?:4[0-9]{{12}}(?:[0-9]{{3}})?)$/;
const SIRET_EDITEUR = "{N(siret(), "siret")}";
const CONTACT = "{N("dpo@editeur-exemple.fr", "company_contact")}";
export const MIN_LONGUEUR_MDP = {N("12", "setting")};
```"""

def b64(s):
    return base64.b64encode(s.encode()).decode()


# ====================================================================== k8s_manifest
@case("k8s_manifest", "fr")
def _():
    pw = password("word")
    return f"""Secret présent dans le chart publié sur le dépôt Helm public (charts/app/templates/secret.yaml) :
apiVersion: v1
kind: Secret
metadata:
  name: app-db
type: Opaque
data:
  DB_USER: {N(b64("app"), "base64_non_secret")}
  DB_PASSWORD: {L(b64(pw), "password_assignment")}
  DB_HOST: {N(b64("postgres.app.svc.cluster.local"), "base64_non_secret")}
# (« DB_PASSWORD » se décode en clair avec base64 -d)"""


@case("k8s_manifest", "en")
def _():
    return f"""values-prod.yaml committed next to the chart:
postgresql:
  auth:
    username: billing
    password: "{L(password("rand"), "password_assignment")}"
    existingSecret: ""
smtp:
  host: smtp.sendgrid.net
  user: apikey
  pass: {L(sendgrid(), "sendgrid_key")}
image:
  tag: {N("1.19.3", "version")}
  digest: sha256:{N(sha256(), "sha256")}"""


@case("k8s_manifest", "fr")
def _():
    return f"""Le manifeste recommandé par l'éditeur (aucune valeur réelle, uniquement des gabarits) :
apiVersion: v1
kind: Secret
metadata:
  name: connecteur
stringData:
  api-token: {N("<À_REMPLACER>", "placeholder")}
  password: {N('"${CONNECTEUR_PASSWORD}"', "placeholder")}
  webhook: {N("REDACTED", "placeholder")}
---
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
spec:
  secretStoreRef: {{ name: vault-backend, kind: ClusterSecretStore }}
  data:
    - secretKey: token
      remoteRef: {{ key: {N("secret/data/connecteur", "vault_path")}, property: token }}"""


@case("k8s_manifest", "en")
def _():
    rp = password("rand")
    return f"""docker-compose.yml from the appliance's recovery partition:
services:
  db:
    image: mariadb:{N("10.11.7", "version")}
    environment:
      MYSQL_ROOT_PASSWORD: "{L(password("word"), "password_assignment")}"
      MYSQL_DATABASE: tickets
  worker:
    image: vendor/worker:{N("3.2.0", "version")}
    environment:
      - REDIS_URL={L(f"redis://:{rp}@redis:6379/0", "connection_string", also=["url_credentials"])}
      - LOG_LEVEL=info"""


@case("k8s_manifest", "fr")
def _():
    return f"""Deployment du service (nettoyé, aucune donnée secrète — seulement des noms internes) :
apiVersion: apps/v1
kind: Deployment
metadata: {{ name: facturation, namespace: prod }}
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: api
          image: registry.interne.lan/facturation@sha256:{N(sha256(), "sha256")}
          env:
            - {{ name: DB_HOST, value: {N("pg-facturation.prod.svc.cluster.local", "infrastructure_info")} }}
            - {{ name: CACHE_ADDR, value: "{N(priv_ip() + ":6379", "infrastructure_info")}" }}
            - {{ name: DB_PASSWORD, valueFrom: {{ secretKeyRef: {{ name: pg, key: password }} }} }}
          resources: {{ limits: {{ cpu: "2", memory: 1Gi }} }}"""


@case("k8s_manifest", "en")
def _():
    auth = b64("robot$deploy:" + rs(32, AL))
    cfg = json.dumps({"auths": {"harbor.vendor-internal.io": {"auth": "AUTHPLACE"}}}, separators=(",", ":"))
    pre, post = cfg.split("AUTHPLACE")
    return f"""The pull secret, decoded once (kubectl get secret regcred -o jsonpath='{{.data.\\.dockerconfigjson}}' | base64 -d):
{pre}{L(auth, "password_assignment", also=["authorization_header"])}{post}
The inner "auth" value is base64 of robot-account:password."""


@case("k8s_manifest", "fr")
def _():
    pw = password("word")
    return f"""ConfigMap (donc lisible par tout le namespace) du connecteur :
apiVersion: v1
kind: ConfigMap
metadata: {{ name: connecteur-config }}
data:
  application.properties: |
    spring.datasource.url={L(f"jdbc:mysql://{priv_ip()}:3306/rdv?user=rdv_app&password={pw}&useSSL=false", "connection_string")}
    server.port=8080
    management.endpoints.web.exposure.include=health"""


@case("k8s_manifest", "en")
def _():
    return f"""docker-compose.override.yml suggested in the advisory (secrets via files, nothing inline):
services:
  api:
    environment:
      DATABASE_PASSWORD_FILE: /run/secrets/db_password
      API_TOKEN: {N("${API_TOKEN:?set me}", "placeholder")}
      SENTRY_DSN: {N('""', "placeholder")}
    secrets: [db_password]
secrets:
  db_password:
    file: ./secrets/{N("db_password.txt", "placeholder")}"""


@case("k8s_manifest", "fr")
def _():
    k = private_key("PK8", 1210)
    ind = "\n".join("    " + ln for ln in k.split("\n"))
    return f"""Secret TLS du chart (stringData, donc en clair dans le dépôt) :
apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata: {{ name: ingress-tls }}
stringData:
  tls.crt: |
    -----BEGIN CERTIFICATE-----
    {N("MIID" + rs(60, B64), "public_certificate")}
    -----END CERTIFICATE-----
  tls.key: |
{L(ind.strip(), "private_key")}"""


@case("k8s_manifest", "en")
def _():
    return f"""Helm values.yaml (upstream default, safe):
auth:
  existingSecret: app-credentials
  passwordKey: {N("password", "key_name")}
  password: {N('""', "placeholder")}
image:
  repository: docker.io/bitnami/postgresql
  tag: {N("16.2.0-debian-12-r8", "version")}
podAnnotations:
  checksum/config: {N(sha256(), "sha256")}
securityContext: {{ runAsUser: 1001 }}"""


@case("k8s_manifest", "fr")
def _():
    enc = "AgB" + rs(600, B64)
    return f"""SealedSecret du dépôt GitOps (valeurs chiffrées pour le contrôleur : ce n'est pas une fuite) :
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata: {{ name: api-keys, namespace: paiement }}
spec:
  encryptedData:
    STRIPE_KEY: {N(enc, "encrypted_value")}
  template:
    metadata: {{ annotations: {{ sealedsecrets.bitnami.com/cluster-wide: "false" }} }}"""


@case("k8s_manifest", "en")
def _():
    sec = aws_secret()
    kid = aws_key_id()
    return f"""kube-system/backup-s3 Secret, readable by the 'view' ClusterRole in this distribution:
apiVersion: v1
kind: Secret
metadata: {{ name: backup-s3, namespace: kube-system }}
data:
  AWS_ACCESS_KEY_ID: {L(b64(kid), "aws_access_key_id")}
  AWS_SECRET_ACCESS_KEY: {L(b64(sec), "aws_secret_key")}
  BUCKET: {N(b64("cluster-backups-eu"), "base64_non_secret")}"""


# ====================================================================== terraform
@case("terraform", "en")
def _():
    kid, sec = aws_key_id(), aws_secret()
    return f"""terraform.tfstate is served by the S3 website endpoint. Relevant resource:
{{
  "mode": "managed", "type": "aws_iam_access_key", "name": "ci",
  "instances": [{{ "attributes": {{
      "id": "{L(kid, "aws_access_key_id")}",
      "secret": "{L(sec, "aws_secret_key")}",
      "ses_smtp_password_v4": "{L("B" + rs(43, AL + "+/"), "password_assignment")}",
      "status": "Active", "user": "ci-deployer",
      "create_date": "{N(ts(2023), "timestamp")}" }} }}]
}}"""


@case("terraform", "fr")
def _():
    return f"""Fichier prod.tfvars versionné dans le dépôt public de l'intégrateur :
region          = "francecentral"
db_admin_login  = "pgadmin"
db_admin_password = "{L(password("word"), "password_assignment")}"
sas_archives    = "?{L(azure_sas(), "azure_sas_token")}"
tags = {{ projet = "teleservices", cout = "{N("CC-4471", "cost_center")}" }}"""


@case("terraform", "en")
def _():
    return f"""network.tfvars (no secrets; shared to explain the exposed route):
vpc_cidr         = "{N("10.40.0.0/16", "infrastructure_info")}"
private_subnets  = ["{N("10.40.1.0/24", "infrastructure_info")}", "{N("10.40.2.0/24", "infrastructure_info")}"]
public_subnets   = ["10.40.101.0/24"]
ami_id           = "{N("ami-0" + hexs(16), "resource_id")}"
kms_key_arn      = "{N("arn:aws:kms:eu-west-1:" + digits(12) + ":key/" + uuid4(), "arn")}"
provider_version = "{N("~> 5.46", "version")}"
"""


@case("terraform", "fr")
def _():
    r = password("rand")
    return f"""Dans le tfstate téléchargeable, la ressource random_password n'est pas masquée (l'attribut sensitive ne protège que l'affichage du plan) :
{{
  "type": "random_password", "name": "admin",
  "instances": [{{"attributes": {{"id": "none", "length": 20, "special": true,
      "result": "{L(r, "password_assignment")}",
      "bcrypt_hash": "{L(bcrypt(), "password_hash")}"}},
    "sensitive_attributes": [[{{"type": "get_attr", "value": "result"}}]]}}]
}}"""


@case("terraform", "en")
def _():
    return f"""github.auto.tfvars in the infra repo (public mirror):
github_owner = "acme-robotics"
github_token = "{L(github_pat(), "github_token")}"
default_branch_protection = true
required_approvals = 2"""


@case("terraform", "fr")
def _():
    return f"""main.tf après correction (les secrets viennent de Vault, rien en dur) :
variable "db_password" {{
  type      = string
  sensitive = true
}}
data "vault_kv_secret_v2" "db" {{
  mount = "kv"
  name  = "{N("prod/teleservices/db", "vault_path")}"
}}
resource "azurerm_postgresql_flexible_server" "main" {{
  administrator_password = data.vault_kv_secret_v2.db.data["password"]
  version                = "{N("15", "version")}"
}}"""


@case("terraform", "en")
def _():
    sa = {"type": "service_account", "project_id": "telemetry-prod-4471", "private_key_id": hexs(40),
          "private_key": private_key("PK8", 1190), "client_email": "exporter@telemetry-prod-4471.iam.gserviceaccount.com",
          "client_id": digits(21), "token_uri": "https://oauth2.googleapis.com/token"}
    enc = base64.b64encode(json.dumps(sa).encode()).decode()
    return f"""tfstate excerpt — google_service_account_key.private_key is the base64 of the whole JSON key file:
"type": "google_service_account_key",
"attributes": {{
  "name": "projects/telemetry-prod-4471/serviceAccounts/exporter@telemetry-prod-4471.iam.gserviceaccount.com/keys/{N(hexs(40), "key_id")}",
  "private_key": "{L(enc, "gcp_service_account", also=["private_key"])}",
  "public_key_type": "TYPE_X509_PEM_FILE",
  "valid_after": "{N(ts(2024), "timestamp")}"
}}"""


@case("terraform", "fr")
def _():
    return f"""Sortie de « terraform plan » jointe au ticket : les valeurs sensibles sont bien masquées.
  # aws_db_instance.rdv will be updated in-place
  ~ resource "aws_db_instance" "rdv" {{
        id                  = "{N("db-" + rs(26, UP), "resource_id")}"
      ~ password            = {N("(sensitive value)", "redacted")}
      ~ engine_version      = "{N("15.4", "version")}" -> "{N("15.6", "version")}"
        username            = "rdv_admin"
    }}
Plan: 0 to add, 1 to change, 0 to destroy."""


@case("terraform", "en")
def _():
    return f"""twilio.tfvars (committed by the contractor):
twilio_account_sid = "{N("AC" + hexs(32), "account_sid")}"
twilio_api_key     = "{L(twilio(), "twilio_key")}"
twilio_api_secret  = "{L(rs(32, AL), "password_assignment", also=["twilio_key"])}"
alert_number       = "{N("+1 415 555 0134", "company_contact")}\""""


@case("terraform", "fr")
def _():
    pw = password("word")
    return f"""Extrait du tfstate (ressource aws_db_instance) récupéré dans le bucket mal configuré :
"attributes": {{
  "address": "{L("rdv-prod.c" + rs(12, string.ascii_lowercase + string.digits) + ".eu-west-3.rds.amazonaws.com", "internal_hostname", optional=True)}",
  "username": "rdv_admin",
  "password": "{L(pw, "password_assignment")}",
  "port": 5432,
  "storage_encrypted": true
}}"""


@case("terraform", "en")
def _():
    return f"""terraform output (public endpoints only):
lb_dns_name     = "{N("app-prod-1234567890.eu-west-1.elb.amazonaws.com", "public_hostname")}"
lb_public_ip    = "{N(doc_ip(), "documentation_ip")}"
cdn_domain      = "{N("d" + rs(13, string.ascii_lowercase + string.digits) + ".cloudfront.net", "public_hostname")}"
db_password     = {N("<sensitive>", "redacted")}
cert_sha256     = "{N(sha256(), "sha256")}\""""


@case("terraform", "fr")
def _():
    return f"""backend.tf — le compte de stockage de l'état est configuré avec sa clé d'accès en dur :
terraform {{
  backend "azurerm" {{
    storage_account_name = "tfstateprodfr"
    container_name       = "tfstate"
    key                  = "prod.terraform.tfstate"
    access_key           = "{L(azure_account_key(), "password_assignment", also=["azure_connection_string"])}"
  }}
}}"""

# ====================================================================== sql_dump
@case("sql_dump", "fr")
def _():
    return f"""-- extrait de dump_cabinet.sql (sauvegarde laissée dans /backup/ du serveur web)
INSERT INTO patients (id, nom, prenom, date_naissance, diagnostic, traitement) VALUES
(812, 'Caron', 'Gisèle', '{L("1952-06-19", "date_of_birth")}', '{L("maladie de Parkinson", "health_data")}', '{L("lévodopa 100 mg x3/j", "health_data")}'),
(813, 'Benali', 'Karim', '{L("1988-01-04", "date_of_birth")}', '{L("VIH — suivi trimestriel", "health_data")}', NULL);"""


@case("sql_dump", "en")
def _():
    return f"""users table (first two rows of 19 204), from the exposed phpMyAdmin export:
INSERT INTO `users` (`id`,`email`,`password`,`created_at`) VALUES
(1,'{L("r.abernathy@btinternet.com", "email_address")}','{L(bcrypt(), "password_hash")}','{N("2021-03-04 10:22:13", "timestamp")}'),
(2,'{L("lucia.ferreira.pt@gmail.com", "email_address")}','{L(bcrypt(), "password_hash")}','{N("2021-03-04 10:40:51", "timestamp")}');"""


@case("sql_dump", "fr")
def _():
    return f"""Schéma de la base (pg_dump --schema-only), sans aucune donnée :
CREATE TABLE public.comptes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    courriel text NOT NULL,
    mot_de_passe_hash text NOT NULL,
    date_naissance date,
    iban text
);
COMMENT ON COLUMN public.comptes.mot_de_passe_hash IS 'argon2id, longueur minimale {N("12", "setting")}';
-- Dumped by pg_dump version {N("16.2", "version")}"""


@case("sql_dump", "en")
def _():
    c1, c2 = card("amex"), card("mc2")
    return f"""orders_payment table dumped through the SQL injection (two rows only, then I stopped):
INSERT INTO orders_payment VALUES ({N("880214", "order_id")},'Beatrix Holloway','{L(c1, "payment_card")}','0328','{N("219.00", "amount")}');
INSERT INTO orders_payment VALUES ({N("880215", "order_id")},'Kwame Asante','{L(c2, "payment_card")}','1126','{N("64.50", "amount")}');"""


@case("sql_dump", "fr")
def _():
    return f"""Table « clients » du dump MySQL (extrait) :
INSERT INTO clients VALUES (4021,'Mme','Lacroix','Bérénice','{L(fr_mobile(), "phone_number")}','{L(iban("FR"), "iban")}','{L("12 rue des Vignes, 51100 Reims", "postal_address")}');
INSERT INTO clients VALUES (4022,'M.','Nguyen','Bao','{L(fr_mobile(True), "phone_number")}','{L(iban("LU"), "iban")}','{L("2 route d'Arlon, L-8009 Strassen", "postal_address")}');"""


@case("sql_dump", "en")
def _():
    return f"""settings table (safe to share; it shows the weak policy):
INSERT INTO settings (k, v) VALUES ('password_min_length', '{N("6", "setting")}'), ('session_timeout_min', '480'),
 ('install_id', '{N(uuid4(), "uuid")}'), ('schema_rev', '{N(git_sha()[:12], "git_sha")}'), ('smtp_password', '{N("********", "placeholder")}');"""


@case("sql_dump", "fr")
def _():
    b, k = nir("2", 85, 3, "35")
    return f"""Extrait de la table employes (dump SQL Server converti) :
INSERT INTO employes (matricule, nom, nir, salaire_brut, motif_sanction) VALUES
('RH0331', 'Le Bihan Maud', '{L(fmt_nir(b, k), "national_id")}', {L("38500.00", "employment_data")}, '{L("mise à pied 3 jours — altercation avec un client", "employment_data")}');"""


@case("sql_dump", "en")
def _():
    ph = "$P$B" + rs(31, string.ascii_letters + string.digits + "./")
    return f"""wp_users from the leaked WordPress backup:
INSERT INTO `wp_users` VALUES (1,'admin','{L(ph, "password_hash")}','admin','{N("webmaster@bakery-example.com", "company_contact")}','','2019-05-02 08:11:00','',0,'admin');
INSERT INTO `wp_users` VALUES (7,'eleanor','{L("$P$B" + rs(31, string.ascii_letters + string.digits + "./"), "password_hash")}','eleanor','{L("eleanor.whitcombe@yahoo.co.uk", "email_address")}','','2022-11-19 17:45:03','',0,'Eleanor W');"""


@case("sql_dump", "fr")
def _():
    return f"""Journal d'audit (table audit_log) — horodatages et adresses de documentation uniquement :
INSERT INTO audit_log VALUES ({N("'" + uuid4() + "'", "uuid")}, '{N("2024-03-11 09:02:44", "timestamp")}', '{N(doc_ip(), "documentation_ip")}', 'LOGIN_OK', 'user#1182');
INSERT INTO audit_log VALUES ({N("'" + uuid4() + "'", "uuid")}, '{N("2024-03-11 09:05:10", "timestamp")}', '{N(doc_ip(), "documentation_ip")}', 'EXPORT', 'rapport {N("RPT-2024-118", "order_id")}');"""


@case("sql_dump", "en")
def _():
    return f"""integrations table (token column stored in plaintext):
COPY public.integrations (id, provider, token, owner) FROM stdin;
14	github	{L(gho(), "github_token")}	ops
15	slack	{L(slack_user(), "slack_token")}	ops
16	gitlab	{L(glpat(), "gitlab_token")}	build
\\."""


@case("sql_dump", "fr")
def _():
    return f"""Table reservations de l'agence (dump) :
INSERT INTO reservations (pnr, voyageur, vol, date_vol, siege, date_naissance) VALUES
('{L("HX4T9R", "travel_record")}', 'GAUTHIER/ELODIE MME', '{L("AF 1034", "travel_record")}', '2024-07-08', '{L("14F", "travel_record")}', '{L("1996-02-27", "date_of_birth")}');"""


@case("sql_dump", "en")
def _():
    return f"""pg_dump of the reference tables (public data):
--
-- PostgreSQL database dump, dumped from database version {N("15.6", "version")}
--
COPY public.countries (iso2, name, calling_code) FROM stdin;
FR	France	+33
GB	United Kingdom	+44
\\.
SELECT pg_catalog.setval('public.countries_id_seq', {N("249", "sequence_number")}, true);"""


# ====================================================================== stack_trace
@case("stack_trace", "en")
def _():
    pw = password("word")
    return f"""The 500 page renders a full traceback with locals:
Traceback (most recent call last):
  File "/srv/app/sync.py", line 88, in connect
    conn = ldap.initialize(uri); conn.simple_bind_s(bind_dn, bind_pw)
    Locals: uri = 'ldap://{L("dc02.corp.fabrikam-int.local", "internal_hostname", optional=True)}'
            bind_dn = 'CN=svc-sync,OU=Service,DC=corp,DC=local'
            bind_pw = '{L(pw, "password_assignment")}'
ldap.INVALID_CREDENTIALS: {{'desc': 'Invalid credentials'}}"""


@case("stack_trace", "fr")
def _():
    pw = password("rand")
    return f"""Trace Java affichée à l'utilisateur quand la base est injoignable :
org.postgresql.util.PSQLException: Connection to {L(priv_ip(), "private_ip", optional=True)}:5432 refused.
	at org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:342)
	at com.editeur.rdv.db.Pool.open(Pool.java:57) [url={L(f"jdbc:postgresql://{priv_ip()}:5432/rdv?user=rdv&password={pw}", "connection_string")}]
	at com.editeur.rdv.Main.main(Main.java:21)"""


@case("stack_trace", "en")
def _():
    return f"""Stack trace for the crash (no sensitive data in it):
java.lang.NullPointerException: Cannot invoke "String.length()" because "name" is null
	at com.vendor.ui.FormBinder.bind(FormBinder.java:214)
	at com.vendor.ui.FormBinder.lambda$apply$3(FormBinder.java:97)
	at java.base/java.util.ArrayList.forEach(ArrayList.java:1596)
	at com.vendor.App.start(App.java:44)
Build: {N("7.3.1+build." + digits(4), "version")} commit {N(git_sha(), "git_sha")}"""


@case("stack_trace", "fr")
def _():
    key = "base64:" + base64.b64encode(bytes(R.getrandbits(8) for _ in range(32))).decode()
    return f"""Page d'erreur Laravel (APP_DEBUG=true) — onglet « Environment & details » :
Illuminate\\Database\\QueryException: SQLSTATE[HY000] [2002] Connection refused
APP_KEY        "{L(key, "password_assignment")}"
DB_HOST        "{L(priv_ip(), "private_ip", optional=True)}"
DB_USERNAME    "forge"
DB_PASSWORD    "{L(password("word"), "password_assignment")}"
MAIL_PASSWORD  "{N("null", "placeholder")}\""""


@case("stack_trace", "en")
def _():
    return f"""Node crash report (the whole config object is dumped by the error handler):
TypeError: Cannot read properties of undefined (reading 'id')
    at chargeCustomer (/app/src/billing.js:42:18)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5) {{
  config: {{ stripeKey: '{L(stripe("sk_live_"), "stripe_key")}', currency: 'eur', retries: 3 }}
}}
Node.js {N("v20.12.2", "version")}"""


@case("stack_trace", "fr")
def _():
    return f"""Trace Python (aucune donnée sensible, seulement des chemins et une empreinte) :
Traceback (most recent call last):
  File "/opt/agent/verif.py", line 31, in <module>
    verifier(paquet, attendu="{N(sha256(), "sha256")}")
  File "/opt/agent/verif.py", line 18, in verifier
    raise ValueError("empreinte invalide")
ValueError: empreinte invalide (agent {N("4.0.9", "version")}, requête {N(uuid4(), "uuid")})"""


@case("stack_trace", "en")
def _():
    t = jwt({"sub": "8812", "email": "support-agent@vendor.example", "scope": "tickets:admin", "exp": 1716500000}, "RS256")
    return f"""Django debug page (DEBUG=True in production) — Request information / META:
HTTP_AUTHORIZATION   'Bearer {L(t, "authorization_header", also=["jwt"])}'
HTTP_USER_AGENT      'Mozilla/5.0 (X11; Linux x86_64)'
REMOTE_ADDR          '{N(doc_ip(), "documentation_ip")}'
Settings: SECRET_KEY = '{N("********************", "redacted")}'   (Django masks this one, but not the header)"""


@case("stack_trace", "fr")
def _():
    pw = password("word")
    return f"""Exception .NET non gérée affichée par la page YSOD (customErrors="Off") :
System.Data.SqlClient.SqlException (0x80131904): Login failed for user 'planning'.
   at System.Data.SqlClient.SqlInternalConnectionTds..ctor(...)
   at Planning.Data.Db.Open() in C:\\build\\Planning\\Data\\Db.cs:line 33
ConnectionString: {L(f"Data Source=SQLPLAN01;Initial Catalog=Planning;User ID=planning;Password={pw}", "connection_string")}"""


@case("stack_trace", "en")
def _():
    return f"""Go panic from the mobile backend, returned verbatim in the HTTP 500 body:
panic: runtime error: index out of range [3] with length 3

goroutine 188 [running]:
main.(*Handler).render(0xc0001a2000, {{0xc0004b6f00, 0x1f}}, 0xc00039e2d0)
	/src/api/handler.go:141 +0x3a5
user=&{{ID:55102 Name:"Ifeoma Chukwu" Email:"{L("ifeoma.chukwu@yahoo.com", "email_address")}" Phone:"{L("+234 803 555 " + digits(4), "phone_number")}"}}
exit status 2"""


@case("stack_trace", "fr")
def _():
    return f"""Extrait du thread dump (OutOfMemoryError), aucun secret :
"http-nio-8443-exec-12" #61 daemon prio=5 os_prio=0 cpu=1823.11ms tid={N("0x00007f3a2c0b1800", "memory_address")} nid=0x3c1f waiting on condition
   java.lang.Thread.State: TIMED_WAITING (parking)
	at jdk.internal.misc.Unsafe.park(java.base@{N("17.0.10", "version")}/Native Method)
java.lang.OutOfMemoryError: Java heap space — dump écrit dans /var/tmp/{N("java_pid4182.hprof", "filename")}"""


@case("stack_trace", "en")
def _():
    c = card("visa")
    return f"""Rails log of the failing request (filter_parameters misses the card field):
Started POST "/checkout" for {N(doc_ip(), "documentation_ip")} at 2024-04-30 12:01:55 +0000
  Parameters: {{"user"=>{{"email"=>"{L("olamide.b@icloud.com", "email_address")}", "password"=>"{N("[FILTERED]", "redacted")}"}}, "card_number"=>"{L(c, "payment_card")}", "cvv"=>"{N("[FILTERED]", "redacted")}"}}
NoMethodError (undefined method `token' for nil:NilClass):
  app/controllers/checkout_controller.rb:27:in `create'"""


@case("stack_trace", "fr")
def _():
    return f"""Trace avec variables locales envoyée dans le rapport d'erreur automatique (Sentry public) :
  File "/srv/teleconsult/ordonnance.py", line 54, in generer_pdf
    rendu = gabarit.render(patient=patient)
    patient = {{'nom': 'Morel', 'prenom': 'Anaïs', 'naissance': '{L("14/08/2001", "date_of_birth")}',
               'motif': '{L("crise d'asthme sévère", "health_data")}', 'prescription': '{L("Ventoline 100 µg, Symbicort 200/6", "health_data")}'}}
KeyError: 'medecin_rpps'"""


@case("stack_trace", "en")
def _():
    return f"""Rust panic with RUST_BACKTRACE=1 (nothing sensitive; just for the maintainers):
thread 'tokio-runtime-worker' panicked at src/parser/frame.rs:212:38:
called `Option::unwrap()` on a `None` value
stack backtrace:
   0: rust_begin_unwind
   1: core::panicking::panic_fmt
   2: agent::parser::frame::Frame::decode
             at ./src/parser/frame.rs:212:38
note: agent {N("0.14.2", "version")} ({N(git_sha()[:9], "git_sha")} {N("2024-05-01", "date_not_birth")})"""


@case("stack_trace", "fr")
def _():
    k = anthropic_key()
    return f"""Trace du bot de support interne (le client HTTP journalise ses en-têtes en cas d'erreur) 🙃 :
httpx.HTTPStatusError: Client error '401 Unauthorized' for url 'https://api.anthropic.com/v1/messages'
  request headers: {{'x-api-key': '{L(k, "ai_api_key")}', 'anthropic-version': '{N("2023-06-01", "version")}'}}
  File "/app/bot/llm.py", line 40, in repondre"""

# ====================================================================== xml_document
@case("xml_document", "en")
def _():
    return f"""conf/tomcat-users.xml as shipped in the appliance image:
<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
  <role rolename="manager-gui"/>
  <user username="tcadmin" password="{L(password("word"), "password_assignment")}" roles="manager-gui,admin-gui"/>
</tomcat-users>"""


@case("xml_document", "fr")
def _():
    return f"""~/.m2/settings.xml trouvé dans l'image Docker de CI publiée :
<settings>
  <servers>
    <server>
      <id>nexus-interne</id>
      <username>deploiement</username>
      <password>{L(password("rand"), "password_assignment")}</password>
    </server>
  </servers>
  <mirrors><mirror><url>https://{L("nexus.dsi.groupe-interne.lan", "internal_hostname", optional=True)}/repository/maven-public/</url></mirror></mirrors>
</settings>"""


@case("xml_document", "en")
def _():
    return f"""Jenkins credentials.xml — values are encrypted with the instance master key (not usable without it):
<com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>
  <id>{N(uuid4(), "uuid")}</id>
  <username>deploy</username>
  <password>{N("{AQAAABAAAAAQ" + rs(44, B64) + "=}", "encrypted_value")}</password>
</com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>"""


@case("xml_document", "fr")
def _():
    b, k = nir("1", 74, 12, "75")
    return f"""Corps SOAP renvoyé par le web service de la caisse, sans authentification :
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
 <soap:Body><ns2:consulterAssureResponse>
  <assure><nom>DUVAL</nom><prenom>Gaëtan</prenom><nir>{L(b + k, "national_id")}</nir>
   <dateNaissance>{L("1974-12-08", "date_of_birth")}</dateNaissance>
   <adresse>{L("41 rue de Charonne, 75011 Paris", "postal_address")}</adresse>
   <affectionLongueDuree>{L("ALD 30 — cancer colorectal", "health_data")}</affectionLongueDuree></assure>
 </ns2:consulterAssureResponse></soap:Body></soap:Envelope>"""


@case("xml_document", "en")
def _():
    return f"""SAML assertion captured from the IdP response (the SP logs it at INFO):
<saml:AttributeStatement>
  <saml:Attribute Name="mail"><saml:AttributeValue>{L("b.okonkwo@harborline-shipping.com", "email_address")}</saml:AttributeValue></saml:Attribute>
  <saml:Attribute Name="birthDate"><saml:AttributeValue>{L("1981-05-23", "date_of_birth")}</saml:AttributeValue></saml:Attribute>
  <saml:Attribute Name="employeeNumber"><saml:AttributeValue>{N("HS-20931", "employee_id")}</saml:AttributeValue></saml:Attribute>
  <saml:Attribute Name="mobile"><saml:AttributeValue>{L(uk_mobile(), "phone_number")}</saml:AttributeValue></saml:Attribute>
</saml:AttributeStatement>"""


@case("xml_document", "fr")
def _():
    t = jwt({"sub": "c-77120", "email": "lea.fontaine@gmail.com", "exp": 1735000000})
    return f"""Fichier /data/data/fr.exemple.fidelite/shared_prefs/session.xml (sauvegarde adb autorisée) :
<?xml version='1.0' encoding='utf-8' standalone='yes' ?>
<map>
    <string name="auth_token">{L(t, "jwt")}</string>
    <string name="user_email">{L("lea.fontaine@gmail.com", "email_address")}</string>
    <string name="code_pin">{L(digits(4), "password_assignment")}</string>
    <boolean name="onboarding_done" value="true" />
</map>"""


@case("xml_document", "en")
def _():
    return f"""pom.xml dependency block (for the affected version range; nothing secret):
<dependency>
  <groupId>org.example.vendor</groupId>
  <artifactId>vendor-core</artifactId>
  <version>{N("3.4.1", "version")}</version>
</dependency>
<!-- sha1 {N(hexs(40), "sha1")} ; signed by {N(pgp_fpr(), "pgp_fingerprint")} -->"""


@case("xml_document", "fr")
def _():
    return f"""context.xml recommandé (les secrets sont injectés par variables) :
<Context>
  <Resource name="jdbc/rdv" auth="Container" type="javax.sql.DataSource"
            url="jdbc:postgresql://{N("pg-rdv.interne.lan", "infrastructure_info")}:5432/rdv"
            username="${{db.user}}" password="{N("${db.password}", "placeholder")}" maxTotal="20"/>
</Context>"""


@case("xml_document", "en")
def _():
    pw = password("rand")
    return f"""conf/server.xml of the shipped Tomcat — same credentials on every installation:
<Resource name="jdbc/Reports" auth="Container" type="javax.sql.DataSource"
          driverClassName="oracle.jdbc.OracleDriver"
          url="jdbc:oracle:thin:@{L(priv_ip(), "private_ip", optional=True)}:1521/REPORTS"
          username="RPT_OWNER" password="{L(pw, "password_assignment")}" />"""


@case("xml_document", "fr")
def _():
    return f"""Métadonnées SAML publiques du fournisseur d'identité (certificat public, aucun secret) :
<md:EntityDescriptor entityID="https://idp.{N("collectivite-exemple.fr", "public_hostname")}/saml">
 <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
  <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{N("MIIC" + rs(300, B64), "public_certificate")}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
  <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.collectivite-exemple.fr/sso"/>
 </md:IDPSSODescriptor>
</md:EntityDescriptor>"""


@case("xml_document", "en")
def _():
    return f"""shared_prefs/firebase_prefs.xml from the Android app backup:
<map>
    <string name="google_api_key">{L(google_key(), "google_api_key")}</string>
    <string name="refresh_token">{L("1//" + rs(100, B64U), "password_assignment", also=["authorization_header"], optional=True)}</string>
    <long name="last_sync" value="{N("1715930000123", "timestamp")}" />
</map>"""


# ====================================================================== ticket_export
@case("ticket_export", "en")
def _():
    kid, sec = aws_key_id(), aws_secret()
    return f"""Jira export (JSON) of OPS-4412, visible on the vendor's public service desk:
{{"key":"OPS-4412","fields":{{"summary":"Backup job failing","status":{{"name":"Done"}},
"comment":{{"comments":[{{"author":"d.kowalczyk","created":"{N("2024-02-19T10:11:00.000+0000", "timestamp")}",
"body":"works again with the new key: {L(kid, "aws_access_key_id")} / {L(sec, "aws_secret_key")} — please rotate the old one"}}]}}}}}}"""


@case("ticket_export", "fr")
def _():
    pw = "Bienvenue" + digits(4) + "!"
    return f"""Export texte ServiceNow — INC0091234 — Réinitialisation mot de passe
Demandeur : Claire Aubert (compta)
[Commentaire visible par l'appelant] 08:42 — Bonjour Claire, votre mot de passe temporaire est {L(pw, "password_assignment")} , il faudra le changer à la première connexion.
[Note de travail] 08:44 — compte déverrouillé, ticket résolu."""


@case("ticket_export", "en")
def _():
    return f"""GitHub issue #2291 export (no sensitive data; versions and hashes only):
{{"number":2291,"title":"Crash when importing .pcap > 2 GB","state":"open",
"body":"Reproduced on {N("v2.11.0", "version")} and main@{N(git_sha()[:10], "git_sha")}. File sha256: {N(sha256(), "sha256")}",
"labels":["bug","needs-triage"],"created_at":"{N(ts(), "timestamp")}","user":{{"login":"pcap-lover"}}}}"""


@case("ticket_export", "fr")
def _():
    return f"""Ticket Jira SAV-7781 (export texte) 📦
Résumé : Colis non reçu
Commentaire (agent niveau 1) : la cliente, Mme Josiane Perrault, confirme son adresse : {L("La Grange Neuve, 16 route de Cognac, 17100 Saintes", "postal_address")} et demande à être rappelée au {L(fr_fixed(), "phone_number")} 😊
Commentaire (agent niveau 2) : nouveau colis expédié, n° {N("8R" + digits(11), "tracking_number")}."""


@case("ticket_export", "en")
def _():
    return f"""GitHub issue #88 — "Can't connect to API" (opened by a user who pasted their whole .env) 🤦
```
APP_ENV=production
OPENAI_API_KEY={L(openai_key(), "ai_api_key")}
SLACK_BOT_TOKEN={L(slack_bot(), "slack_token")}
DEBUG=false
```
Maintainer reply: please revoke these, I've hidden the comment."""


@case("ticket_export", "fr")
def _():
    return f"""Export du ticket SUP-3120 (valeurs déjà masquées par l'équipe, à conserver comme contre-exemple) :
Client : [redacted]
Extrait de log cité : {N("Authorization: Bearer [REDACTED]", "redacted")}
Mot de passe : {N("xxxxxxxx", "placeholder")}  —  IBAN : {N("FR76 **** **** **** **** **** 189", "masked_iban")}
Référence commande : {N("CMD-" + digits(8), "order_id")} ; contact éditeur : {N("support@editeur-exemple.fr", "company_contact")}"""


@case("ticket_export", "en")
def _():
    return f"""ServiceNow HR case HRC0017720 (exported as text; the portal lets any employee open it by number):
Short description: Extended leave — Morgan Feeney
Work note: Employee submitted a fit note: {L("post-operative recovery after hip replacement, unfit for work for 6 weeks", "health_data")}.
Work note: Salary continues at {L("90% (GBP 3,412/month)", "employment_data")} per policy HR-07."""


@case("ticket_export", "fr")
def _():
    return f"""Ticket Jira INFRA-551 (export) — uniquement des informations d'infrastructure :
Résumé : Latence sur le cluster de recette
Description : les nœuds {N("k8s-rec-worker-03.dc2.groupe.lan", "infrastructure_info")} et {N(priv_ip(), "infrastructure_info")} saturent ; version {N("1.28.7", "version")}.
Commentaire : réglé après redémarrage de kubelet (voir {N(git_sha()[:8], "git_sha")})."""


@case("ticket_export", "en")
def _():
    return f"""Zendesk ticket export used by the vendor in their training material (documentation values only):
Requester: Jane Doe <{DOC("jane.doe@example.com", "email_address")}>
Phone: {DOC("(555) 010-0199", "phone_number")}
Card used in the walkthrough: {DOC("4111 1111 1111 1111", "payment_card")}
Key shown in the screenshot: {DOC("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id")}"""


@case("ticket_export", "fr")
def _():
    phrase = password("phrase")
    return f"""Export du ticket SEC-204 (Jira) — commentaire de l'administrateur :
« Pour info, le coffre KeePass partagé de l'équipe réseau se déverrouille avec {L(phrase, "password_assignment")} ; je le change après l'audit. »
Commentaire suivant : « merci, c'est bon pour moi 👍 »"""


@case("ticket_export", "fr")
def _():
    return f"""Ticket GLPI n° {N("2024051700" + digits(2), "order_id")} (export texte) — demande de changement de RIB
Demandeur : fournisseur « Menuiserie Vallet »
Nouveau RIB transmis : {L(iban("FR"), "iban")} (titulaire : M. Thierry Vallet)
Pour le paiement de l'acompte, la carte du gérant a été communiquée par téléphone : {L(fmt_card(card("cb")), "payment_card")}
Note : demande suspecte, vérifier par contre-appel au standard {N("02 41 00 00 00", "company_contact")}."""


@case("ticket_export", "en")
def _():
    return f"""GitHub issue comment (exported) — the credential is quoted without any keyword:
> logged in as app_rw with {L("Autumn!7" + rs(3, string.digits), "password_assignment")} and the admin panel opened, see screenshot
Reply from @maintainer: thanks, reproduced on {N("v4.2.0", "version")}; CVSS {N(cvss(), "cvss_vector")}"""


# ====================================================================== build / check
def build():
    R.seed(SEED)
    rows, intended_all = [], []
    for n, (carrier, lang, rep, fn) in enumerate(CASES, 1):
        _CUR.clear()
        raw = fn()
        text, labels, negs, intended = finalize(raw)
        row = {"id": f"b10b-{n:03d}", "carrier": carrier, "language": lang, "text": text,
               "labels": labels, "negatives": negs}
        if rep:
            row["reporter_email"] = rep
        rows.append(row)
        intended_all.append(intended)
    return rows, intended_all


def js_slice(text, start, end):
    b = text.encode("utf-16-le")
    return b[2 * start:2 * end].decode("utf-16-le")


def check_rows(rows, intended_all):
    errs = []
    # self-test of the UTF-16 arithmetic with emoji and accents
    t = "é😀 clé: «Mot😀dePasse»"
    s = u16("é😀 clé: «")
    assert js_slice(t, s, s + u16("Mot😀dePasse")) == "Mot😀dePasse"
    assert u16("😀") == 2 and u16("é") == 1
    ids = set()
    for row, intended in zip(rows, intended_all):
        rid = row["id"]
        if rid in ids:
            errs.append(f"{rid}: duplicate id")
        ids.add(rid)
        text = row["text"]
        n16 = u16(text)
        if row["language"] not in ("en", "fr"):
            errs.append(f"{rid}: language")
        spans = []
        for lab, want in zip(row["labels"], intended):
            a, b = lab["start"], lab["end"]
            if not (0 <= a < b <= n16):
                errs.append(f"{rid}: bad span {a}-{b}")
                continue
            got = js_slice(text, a, b)
            if got != want:
                errs.append(f"{rid}: slice {got!r} != {want!r}")
            if got != got.strip():
                errs.append(f"{rid}: label has outer whitespace {got!r}")
            g, sev = GROUP[lab["category"]]
            if lab["group"] != g or lab["severity"] not in (sev, "info"):
                errs.append(f"{rid}: group/severity {lab}")
            for o in lab.get("also", []):
                if o not in GROUP:
                    errs.append(f"{rid}: bad also {o}")
            spans.append((a, b, "L"))
        for ng in row["negatives"]:
            a, b = ng["start"], ng["end"]
            if not (0 <= a < b <= n16) or not js_slice(text, a, b).strip():
                errs.append(f"{rid}: bad negative {ng}")
            spans.append((a, b, "N"))
        spans.sort()
        for (a1, b1, k1), (a2, b2, k2) in zip(spans, spans[1:]):
            if a2 < b1:
                errs.append(f"{rid}: overlapping spans {a1}-{b1} {a2}-{b2}")
        if "\ue000" in text or "\ue001" in text:
            errs.append(f"{rid}: leftover marker")
        if row.get("reporter_email") and row["reporter_email"] not in text:
            errs.append(f"{rid}: reporter_email not in text")
    return errs


def serialize(rows):
    return "".join(json.dumps(r, ensure_ascii=False, separators=(", ", ": ")) + "\n" for r in rows).encode("utf-8")


def main(argv):
    rows, intended = build()
    errs = check_rows(rows, intended)
    data = serialize(rows)
    rows2, _ = build()
    if serialize(rows2) != data:
        errs.append("generation is not deterministic")
    if "--check" in argv:
        try:
            with open(OUT, "rb") as f:
                if f.read() != data:
                    errs.append("cases.jsonl differs from what the generator produces")
        except FileNotFoundError:
            errs.append("cases.jsonl missing")
        # independent re-read of the committed file
        with open(OUT, encoding="utf-8") as f:
            for line, want in zip(f, intended):
                r = json.loads(line)
                got = [js_slice(r["text"], l["start"], l["end"]) for l in r["labels"]]
                if got != want:
                    errs.append(f"{r['id']}: committed slices differ")
        if errs:
            print("\n".join(errs))
            return 1
        fr = sum(r["language"] == "fr" for r in rows)
        print(f"OK: {len(rows)} cases, {fr} French ({100 * fr / len(rows):.1f} %), "
              f"{sum(len(r['labels']) for r in rows)} labels, {sum(len(r['negatives']) for r in rows)} negatives")
        return 0
    if errs:
        print("\n".join(errs))
        return 1
    with open(OUT, "wb") as f:
        f.write(data)
    print(f"wrote {OUT}: {len(rows)} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
