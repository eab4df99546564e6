#!/usr/bin/env python3
"""Blind test corpus b12b for a sensitive-data scanner (carriers: json_api, csv_export,
ocr_document, command_line, server_log, source_code, k8s_manifest, terraform, shell_history,
sql_dump, stack_trace, spreadsheet_paste, pdf_text).

Standard library only. Deterministic: one random.Random with a fixed seed.
Usage: python3 gen_blind12b.py          -> writes cases.jsonl next to this file
       python3 gen_blind12b.py --check  -> verifies cases.jsonl equals the generated output
"""
import base64, binascii, hashlib, json, os, random, string, sys, uuid as _uuid

R = random.Random(120212)
HERE = os.path.dirname(os.path.abspath(__file__))

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

# ---------------------------------------------------------------- text builder
class L:
    """A labelled span."""
    def __init__(self, value, cat, also=None, optional=False, sev=None):
        assert cat in GROUP, cat
        self.value, self.cat, self.also, self.optional, self.sev = value, cat, also, optional, sev

class N:
    """A hard negative span."""
    def __init__(self, value, kind):
        self.value, self.kind = value, kind

def DOC(value, cat, also=None):
    """Documentation / example value: labelled with severity info."""
    return L(value, cat, also=also, sev="info")

def u16(s):
    return len(s.encode("utf-16-le")) // 2

CASES = []

def case(carrier, lang, *parts, reporter_email=None):
    text, labels, negs, pos = [], [], [], 0
    for p in parts:
        if isinstance(p, str):
            s = p
        else:
            s = p.value
            n = u16(s)
            if isinstance(p, L):
                d = {"start": pos, "end": pos + n, "category": p.cat,
                     "severity": p.sev or SEV[p.cat], "group": GROUP[p.cat]}
                if p.also:
                    d["also"] = list(p.also)
                if p.optional:
                    d["optional"] = True
                labels.append((d, s))
            else:
                negs.append(({"start": pos, "end": pos + n, "kind": p.kind}, s))
        text.append(s)
        pos += u16(s)
    obj = {"id": "b12b-%03d" % (len(CASES) + 1), "carrier": carrier, "language": lang,
           "text": "".join(text), "labels": [d for d, _ in labels],
           "negatives": [d for d, _ in negs]}
    if reporter_email:
        obj["reporter_email"] = reporter_email
    obj["_expect"] = [s for _, s in labels] + [s for _, s in negs]
    CASES.append(obj)
    return obj

# ---------------------------------------------------------------- value generators
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
B64 = string.ascii_letters + string.digits + "+/"
B64U = string.ascii_letters + string.digits + "-_"
HEX = "0123456789abcdef"

def rs(n, alpha=ALNUM):
    return "".join(R.choice(alpha) for _ in range(n))

def b62(n, width):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")

def ghp(prefix="ghp_"):
    body = rs(30)
    return prefix + body + b62(binascii.crc32(body.encode()) & 0xFFFFFFFF, 6)

def github_pat():
    return "github_pat_" + rs(22) + "_" + rs(59)

def akia(prefix="AKIA"):
    return prefix + rs(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

def aws_secret():
    return rs(40, ALNUM + "/+")

def aws_session():
    return "IQoJb3JpZ2luX2Vj" + rs(340, ALNUM + "/+") + "=="

def slack_tok(kind="xoxb"):
    return "%s-%d-%d-%s" % (kind, R.randint(10**10, 10**11), R.randint(10**12, 10**13), rs(24))

def slack_hook():
    return "https://hooks.slack.com/services/T%s/B%s/%s" % (
        rs(8, string.ascii_uppercase + string.digits), rs(10, string.ascii_uppercase + string.digits), rs(24))

def stripe(prefix="sk_live_"):
    if prefix == "whsec_":
        return "whsec_" + rs(32)
    return prefix + "51" + rs(14) + rs(83)

def gapi():
    return "AIza" + rs(35, ALNUM + "-_")

def glpat():
    return "glpat-" + rs(20, ALNUM + "-_")

def npm_tok():
    return "npm_" + rs(36)

def pypi_tok():
    return "pypi-AgEIcHlwaS5vcmc" + rs(150, B64U)

def sendgrid():
    return "SG." + rs(22, B64U) + "." + rs(43, B64U)

def twilio_sk():
    return "SK" + rs(32, HEX)

def hexs(n):
    return rs(n, HEX)

def openai_key():
    return "sk-proj-" + rs(74, ALNUM + "-_") + "T3BlbkFJ" + rs(74, ALNUM + "-_")

def anthropic_key():
    return "sk-ant-api03-" + rs(93, ALNUM + "-_") + "AA"

def hf_key():
    return "hf_" + rs(34, string.ascii_letters)

def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

def jwt(payload, alg="HS256"):
    h = b64u(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    p = b64u(json.dumps(payload, separators=(",", ":")).encode())
    sig = b64u(bytes(R.randrange(256) for _ in range(32 if alg.startswith("HS") else 256)))
    return "%s.%s.%s" % (h, p, sig)

def pem(kind="RSA PRIVATE KEY", lines=12):
    body = [rs(64, B64) for _ in range(lines)] + [rs(R.randint(20, 60), B64) + "="]
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (kind, "\n".join(body), kind)

def openssh_key():
    body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW" + rs(300, B64)
    lines = [body[i:i + 70] for i in range(0, len(body), 70)]
    return "-----BEGIN OPENSSH PRIVATE KEY-----\n%s\n-----END OPENSSH PRIVATE KEY-----" % "\n".join(lines)

def bcrypt():
    return "$2b$12$" + rs(53, "./" + ALNUM)

def sha512crypt():
    return "$6$" + rs(16, "./" + ALNUM) + "$" + rs(86, "./" + ALNUM)

def argon2():
    return "$argon2id$v=19$m=65536,t=3,p=4$" + rs(22, B64[:-2] + "+/") + "$" + rs(43, B64[:-2] + "+/")

def azure_conn(account):
    key = base64.b64encode(bytes(R.randrange(256) for _ in range(64))).decode()
    return "DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s;EndpointSuffix=core.windows.net" % (account, key)

def azure_sig():
    sig = base64.b64encode(bytes(R.randrange(256) for _ in range(32))).decode()
    return sig.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")

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
    s = "".join(c for c in s if c.isdigit())
    return luhn_digit(s[:-1]) == s[-1]

def card(brand="visa"):
    pre = {"visa": "4" + str(R.choice([0, 1, 2, 5, 7, 9])), "mc": str(R.randint(51, 55)),
           "mc2": str(R.randint(2221, 2720)), "amex": R.choice(["34", "37"]), "disc": "6011",
           "cb": "4970"}[brand]
    ln = 15 if brand == "amex" else 16
    body = pre + "".join(R.choice(string.digits) for _ in range(ln - 1 - len(pre)))
    return body + luhn_digit(body)

def grp(s, sizes):
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n]); i += n
    return " ".join(out)

def iban(cc):
    D = string.digits
    if cc == "FR":
        bank, branch, acct = rs(5, D), rs(5, D), rs(11, D)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        bban = bank + branch + acct + "%02d" % key
    elif cc == "DE": bban = rs(18, D)
    elif cc == "ES": bban = rs(20, D)
    elif cc == "IT": bban = rs(1, string.ascii_uppercase) + rs(10, D) + rs(12, D)
    elif cc == "BE": bban = rs(12, D)
    elif cc == "NL": bban = R.choice(["ABNA", "RABO", "INGB", "TRIO"]) + rs(10, D)
    elif cc == "GB": bban = R.choice(["NWBK", "BARC", "LOYD", "MIDL"]) + rs(14, D)
    elif cc == "CH": bban = rs(17, D)
    elif cc == "LU": bban = rs(3, D) + rs(13, D)
    elif cc == "PT": bban = rs(21, D)
    else: raise ValueError(cc)
    num = "".join(str(int(c, 36)) for c in bban + cc + "00")
    chk = 98 - int(num) % 97
    return cc + "%02d" % chk + bban

def iban_ok(s):
    s = s.replace(" ", "")
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1

def spaced(s, n=4):
    return " ".join(s[i:i + n] for i in range(0, len(s), n))

def nir(sex, yy, mm, dept, commune=None, order=None):
    commune = commune or "%03d" % R.randint(1, 399)
    order = order or "%03d" % R.randint(1, 999)
    base = "%d%02d%02d%s%s%s" % (sex, yy, mm, dept, commune, order)
    key = 97 - int(base) % 97
    return base, "%02d" % key

def nir_fmt(sex, yy, mm, dept):
    b, k = nir(sex, yy, mm, dept)
    return "%s %s %s %s %s %s %s" % (b[0], b[1:3], b[3:5], b[5:7], b[7:10], b[10:13], k)

def dni():
    n = R.randint(10**7, 10**8 - 1)
    return "%08d%s" % (n, "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23])

def nie():
    p = R.choice("XYZ"); n = R.randint(10**6, 10**7 - 1)
    return "%s%07d%s" % (p, n, "TRWAGMYFPDXBNJZSQVHLCKE"[int("XYZ".index(p).__str__() + "%07d" % n) % 23])

_CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
                    2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))

def cf_check(s15):
    tot = 0
    for i, c in enumerate(s15):
        if i % 2 == 0:
            tot += _CF_ODD[c]
        else:
            tot += int(c) if c.isdigit() else ord(c) - 65
    return chr(65 + tot % 26)

def codice_fiscale(sur, name, yy, month, day, female, town):
    s = sur + name + "%02d" % yy + "ABCDEHLMPRST"[month - 1] + "%02d" % (day + (40 if female else 0)) + town
    return s + cf_check(s)

def nino():
    first = R.choice("ABCEGHJKLMNOPRSTWXYZ"); second = R.choice("ABCEGHJKLMNPRSTWXYZ")
    while first + second in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
        second = R.choice("ABCEGHJKLMNPRSTWXYZ")
    return "%s%s %s %s %s %s" % (first, second, rs(2, string.digits), rs(2, string.digits),
                                 rs(2, string.digits), R.choice("ABCD"))

def ssn():
    a = R.choice([x for x in range(1, 900) if x != 666])
    return "%03d-%02d-%04d" % (a, R.randint(1, 99), R.randint(1, 9999))

def _mrz_val(c):
    if c.isdigit(): return int(c)
    if c == "<": return 0
    return ord(c) - 55

def mrz_cd(s):
    return str(sum(_mrz_val(c) * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)

def mrz_td3(country, sur, given, docno, nat, dob, sex, exp, pers=""):
    l1 = ("P<" + country + sur + "<<" + given.replace(" ", "<")).ljust(44, "<")[:44]
    doc = docno.ljust(9, "<"); pers = pers.ljust(14, "<")
    pcd = mrz_cd(pers) if pers.strip("<") else "<"
    l2 = doc + mrz_cd(doc) + nat + dob + mrz_cd(dob) + sex + exp + mrz_cd(exp) + pers + pcd
    comp = l2[0:10] + l2[13:20] + l2[21:43]
    l2 += mrz_cd(comp)
    assert len(l1) == 44 and len(l2) == 44
    return l1, l2

def mrz_td1(country, docno, dob, sex, exp, nat, sur, given, opt=""):
    doc = docno.ljust(9, "<")
    l1 = ("I<" + country + doc + mrz_cd(doc) + opt).ljust(30, "<")
    l2 = dob + mrz_cd(dob) + sex + exp + mrz_cd(exp) + nat + "<" * 11
    comp = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    l2 = l2 + mrz_cd(comp)
    l3 = (sur + "<<" + given.replace(" ", "<")).ljust(30, "<")[:30]
    assert len(l1) == 30 and len(l2) == 30 and len(l3) == 30, (l1, l2, l3)
    return l1, l2, l3

def siret():
    b = rs(13, string.digits)
    return b + luhn_digit(b)

def fpr_luhn():
    d = rs(15, string.digits)
    d += luhn_digit(d)
    return spaced((d + hexs(24)).upper())

def fpr():
    return spaced(hexs(40).upper())

def sha():
    return hexs(40)

def sha256():
    return hexs(64)

def md5():
    return hexs(32)

def uid():
    return str(_uuid.UUID(int=R.getrandbits(128), version=4))

def integrity():
    return "sha512-" + base64.b64encode(bytes(R.randrange(256) for _ in range(64))).decode()

def b64(s):
    return base64.b64encode(s.encode()).decode()

def isbn13(prefix="978"):
    b = prefix + rs(9, string.digits)
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(b))
    return b + str((10 - s % 10) % 10)

def ssh_pub():
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(43, B64)

def cert():
    body = [rs(64, B64) for _ in range(6)] + [rs(28, B64) + "=="]
    return "-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----" % "\n".join(body)

def fr_mobile():
    return "0%d %02d %02d %02d %02d" % (R.choice([6, 7]), R.randint(10, 99), R.randint(0, 99),
                                      R.randint(0, 99), R.randint(0, 99))

def pnr():
    return rs(6, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789")

def ticket(airline="057"):
    return airline + rs(10, string.digits)

# ================================================================= json_api
def gen_json_api():
    c = card("visa"); ib = iban("FR")
    case("json_api", "fr",
         "Réponse de GET /api/v2/clients/48213 (IDOR : j'étais connecté avec le compte 48214) :\n"
         "{\n  \"id\": 48213,\n  \"nom\": \"Brunelle\",\n  \"prenom\": \"Armelle\",\n  \"date_naissance\": \"",
         L("1971-09-23", "date_of_birth"), "\",\n  \"email\": \"", L("armelle.brunelle@orange.fr", "email_address"),
         "\",\n  \"telephone\": \"", L("+33 6 48 27 19 05", "phone_number"),
         "\",\n  \"adresse\": {\"ligne1\": \"", L("14 allée des Cormorans", "postal_address"),
         "\", \"cp\": \"", L("44300", "postal_address"), "\", \"ville\": \"", L("Nantes", "postal_address"),
         "\"},\n  \"iban\": \"", L(ib, "iban"), "\",\n  \"created_at\": \"",
         N("2023-04-11T08:14:52Z", "timestamp"), "\",\n  \"uuid\": \"", N(uid(), "uuid"), "\"\n}\n")
    jw = jwt({"sub": "7731", "role": "support", "iat": 1718000000, "exp": 1718003600})
    case("json_api", "en",
         "POST /oauth/token returned this to an unauthenticated client:\n"
         "{\"access_token\":\"", L(jw, "jwt"), "\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
         "\"refresh_token\":\"", L(rs(48, B64U), "session_cookie", also=["password_assignment"], optional=True),
         "\",\"scope\":\"tickets:read tickets:write\"}\n")
    case("json_api", "en",
         "GET /api/v1/status — nothing sensitive here, included for context:\n"
         "{\n  \"service\": \"billing-gw\",\n  \"version\": \"", N("4.18.2-rc1", "version"), "\",\n  \"commit\": \"",
         N(sha(), "git_sha"), "\",\n  \"request_id\": \"", N(uid(), "uuid"), "\",\n  \"uptime_s\": 882113,\n"
         "  \"db\": {\"host\": \"", N("db-primary.billing.internal", "infrastructure_info"), "\", \"password\": \"",
         N("********", "placeholder"), "\"},\n  \"build_time\": \"", N("2024-02-29T23:59:01Z", "timestamp"),
         "\",\n  \"api_key\": \"", N("${BILLING_API_KEY}", "placeholder"), "\"\n}\n")
    # FHIR
    case("json_api", "en",
         "The FHIR endpoint /fhir/R4/Condition?patient=Patient/5531 is readable without a token:\n"
         "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":1,\"entry\":[{\"resource\":{"
         "\"resourceType\":\"Condition\",\"id\":\"", N(uid(), "uuid"), "\",\"subject\":{\"reference\":\"Patient/5531\","
         "\"display\":\"Gwendolyn Tarrant\"},\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\","
         "\"code\":\"", L("44054006", "health_data"), "\",\"display\":\"", L("Diabetes mellitus type 2", "health_data"),
         "\"}],\"text\":\"", L("Type 2 diabetes, insulin since 2021", "health_data"), "\"},"
         "\"recordedDate\":\"", N("2021-06-14", "date_not_birth"), "\"}}]}\n")
    case("json_api", "fr",
         "Liste des utilisateurs renvoyée par /admin/users?page=3 (sans contrôle de rôle) :\n"
         "[\n {\"login\":\"pmarechal\",\"mail\":\"", L("p.marechal@transports-vidal.fr", "email_address"),
         "\",\"hash\":\"", L(bcrypt(), "password_hash"), "\",\"last_ip\":\"", L("10.40.12.77", "private_ip"), "\"},\n"
         " {\"login\":\"ocastagne\",\"mail\":\"", L("odile.castagne@transports-vidal.fr", "email_address"),
         "\",\"hash\":\"", L(bcrypt(), "password_hash"), "\",\"last_ip\":\"", N("185.23.114.9", "public_ip"), "\"},\n"
         " {\"login\":\"demo\",\"mail\":\"", DOC("demo@example.com", "email_address"), "\",\"hash\":null,\"last_ip\":null}\n]\n")
    case("json_api", "fr",
         "Extrait de la réponse /api/commandes/CMD-2024-118734 (le champ carte n'est pas masqué) :\n"
         "{\"commande\":\"", N("CMD-2024-118734", "order_id"), "\",\"montant\":\"", N("1 249,90 €", "amount"),
         "\",\"paiement\":{\"titulaire\":\"Y. LEBRETON\",\"pan\":\"", L(c, "payment_card"),
         "\",\"expiration\":\"", L("08/27", "payment_card", optional=True), "\"},\"siret_vendeur\":\"",
         N(siret(), "siret"), "\",\"livraison\":{\"nom\":\"Yvon Lebreton\",\"adresse\":\"",
         L("3 impasse du Moulin Neuf, 29200 Brest", "postal_address"), "\"}}\n")
    case("json_api", "fr",
         "Réponse de l'API de recherche d'annuaire — aucune donnée personnelle : ce sont les contacts publics de l'éditeur.\n"
         "{\"organisation\":\"Thales\",\"contacts\":[{\"role\":\"psirt\",\"email\":\"", N("psirt@thalesgroup.com", "psirt_address"),
         "\"},{\"role\":\"cna\",\"email\":\"", N("cna-coordinator@thalesgroup.com", "psirt_address"),
         "\"}],\"pgp\":\"", N("FC3C 4520 576E C756 AE73 0030 5369 49C4 8448 AE39", "pgp_fingerprint"),
         "\",\"cvss\":\"", N("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "cvss_vector"), "\",\"maj\":\"",
         N("2024-05-02", "date_not_birth"), "\"}\n")
    sid = "AC" + hexs(32); tok = hexs(32)
    case("json_api", "en",
         "/api/integrations leaks the SMS provider settings to any logged-in tenant:\n"
         "{\n  \"sms\": {\n    \"provider\": \"twilio\",\n    \"account_sid\": \"", N(sid, "public_identifier"),
         "\",\n    \"api_key\": \"", L(twilio_sk(), "twilio_key"), "\",\n    \"api_secret\": \"",
         L(rs(32), "twilio_key", also=["password_assignment"]), "\",\n    \"from\": \"", N("+1 415 555 0134", "doc_phone"),
         "\"\n  },\n  \"mail\": {\"provider\": \"sendgrid\", \"key\": \"", L(sendgrid(), "sendgrid_key"), "\"}\n}\n")
    case("json_api", "en",
         "Profile endpoint /me returns other users' data when the X-User-Id header is changed to 90211:\n"
         "{\"userId\":90211,\"fullName\":\"Desmond Achterberg\",\"dateOfBirth\":\"", L("1988-02-07", "date_of_birth"),
         "\",\"ssn\":\"", L(ssn(), "national_id"), "\",\"homeAddress\":\"", L("2217 Larkspur Ct, Boise, ID 83705", "postal_address"),
         "\",\"mobile\":\"", L("(208) 617-4420", "phone_number"), "\",\"memberSince\":\"", N("2016-11-30", "date_not_birth"), "\"}\n")
    case("json_api", "fr",
         "Pour info, voici la réponse *après* correctif — tout est masqué, rien à signaler :\n"
         "{\"id\":48213,\"nom\":\"B*******\",\"email\":\"", N("a***@o****.fr", "masked"), "\",\"iban\":\"",
         N("FR76 **** **** **** **** ***4 13", "masked"), "\",\"token\":\"", N("[REDACTED]", "placeholder"),
         "\",\"trace_id\":\"", N(hexs(32), "trace_id"), "\",\"version_api\":\"", N("2.7.0", "version"), "\"}\n")
    case("json_api", "fr",
         "GraphQL, requête `{ employe(id: \"E-3381\") { nom salaire evaluation } }` — visible par n'importe quel salarié :\n"
         "{\"data\":{\"employe\":{\"nom\":\"Mathurin Delaunay-Roche\",\"salaire\":\"", L("52 400 € brut annuel", "employment_data"),
         "\",\"evaluation\":\"", L("Insuffisance professionnelle — avertissement écrit du 12/03", "employment_data"),
         "\",\"poste\":\"Chef d'équipe logistique\",\"site\":\"", L("srv-rh-02.corp.vidal.local", "internal_hostname"), "\"}}}\n")
    case("json_api", "en",
         "Public OpenAPI example payload from the vendor docs (not real data):\n"
         "{\"name\":\"Jane Doe\",\"email\":\"", DOC("jane.doe@example.com", "email_address"), "\",\"card\":\"",
         DOC("4111111111111111", "payment_card"), "\",\"phone\":\"", DOC("+1-202-555-0173", "phone_number"),
         "\",\"ip\":\"", N("203.0.113.42", "documentation_ip"), "\",\"order\":\"", N("ORD-000981", "order_id"), "\"}\n")
    case("json_api", "fr",
         "Réponse 200 de /api/reservations?email=... (énumération possible) 🙃 :\n"
         "{\"reservation\":{\"pnr\":\"", L(pnr(), "travel_record"), "\",\"passager\":\"M. Théo Kerbrat\",\"vol\":\"",
         L("AF1148 du 14/07, siège 23C", "travel_record"), "\",\"passeport\":\"", L("21CV48815", "identity_document"),
         "\",\"tel\":\"", L(fr_mobile(), "phone_number"), "\",\"billet\":\"", L(ticket(), "travel_record"), "\"}}\n")


# ================================================================= csv_export
def gen_csv_export():
    rows = []
    for nm, pn, dob, ville, diag in [("Quéméner", "Loïc", "1964-03-02", "Quimper", "Lombalgie chronique"),
                                     ("Abitbol", "Sarah", "1990-12-19", "Créteil", "Dépression sévère — suivi psy"),
                                     ("N'Diaye", "Moussa", "1982-07-08", "Saint-Denis", "Asthme persistant")]:
        rows += ["%s;%s;" % (nm, pn), L(dob, "date_of_birth"), ";%s;" % ville, L(diag, "health_data"), "\n"]
    case("csv_export", "fr",
         "Export /patients/export.csv téléchargé sans authentification (3 premières lignes sur 8 412) :\n"
         "nom;prenom;date_naissance;ville;diagnostic\n", *rows)
    case("csv_export", "en",
         "sku,description,price_eur,ean,updated\n"
         "A-1193,USB-C dock 12-in-1,89.90,", N("4006381333931", "ean"), ",", N("2024-03-18", "date_not_birth"), "\n"
         "A-1194,HDMI cable 2m,9.50,", N("5901234123457", "ean"), ",", N("2024-03-18", "date_not_birth"), "\n"
         "A-1207,Keyboard FR-AZERTY,39.00,", N("4012345678901", "ean"), ",", N("2024-03-19", "date_not_birth"), "\n")
    r = []
    for nm, cc in [("Henrike Wollschläger", "DE"), ("Bastiaan Hoekstra", "NL"), ("Aurélien Pasquier", "FR")]:
        r += ["\"%s\",\"" % nm, L(iban(cc), "iban"), "\",\"", N(uid(), "uuid"), "\",\"",
              N("%d.%02d" % (R.randint(100, 9999), R.randint(0, 99)), "amount"), "\"\n"]
    case("csv_export", "en",
         "The payouts export (/reports/payouts.csv?from=2024-01-01) is reachable by any merchant account:\n"
         "\"beneficiary\",\"iban\",\"payout_id\",\"amount_eur\"\n", *r)
    case("csv_export", "fr",
         "matricule,nom,service,salaire_brut_mensuel,prime,motif_sanction\n"
         "M0412,Ferrand Cécile,Comptabilité,", L("3 180,00", "employment_data"), ",", L("450", "employment_data"), ",\n"
         "M0577,Ouali Karim,Entrepôt,", L("2 010,00", "employment_data"), ",0,", L("mise à pied 3 jours (retards répétés)", "employment_data"), "\n"
         "(extrait du fichier paie_2024_03.csv trouvé dans le bucket public)\n")
    case("csv_export", "en",
         "timestamp\tsrc_ip\tdst\tbytes\tstatus\n",
         N("2024-06-01T10:00:03Z", "timestamp"), "\t", N("198.51.100.23", "documentation_ip"), "\t", N("api.github.com", "public_hostname"), "\t18223\t200\n",
         N("2024-06-01T10:00:04Z", "timestamp"), "\t", N("192.0.2.77", "documentation_ip"), "\t", N("registry.npmjs.org", "public_hostname"), "\t904\t304\n",
         N("2024-06-01T10:00:09Z", "timestamp"), "\t", N("8.8.8.8", "public_ip"), "\tdns\t64\t200\n")
    case("csv_export", "fr",
         "id,passport_no,nationalite,date_expiration,date_naissance\n"
         "1,", L("18KD73402", "identity_document"), ",FRA,", N("2031-05-14", "date_not_birth"), ",", L("1979-10-30", "date_of_birth"), "\n"
         "2,", L("C4F8R29KJ", "identity_document"), ",DEU,", N("2029-02-01", "date_not_birth"), ",", L("1993-04-11", "date_of_birth"), "\n"
         "# fichier voyageurs_seminaire.csv, accessible via l'URL pré-signée\n")
    case("csv_export", "fr",
         "Export des utilisateurs après anonymisation (conforme, pour comparaison) :\n"
         "id;email;telephone;iban;date_creation\n"
         "1;", N("u1@anonyme.invalid", "placeholder"), ";", N("+33 X XX XX XX XX", "masked"), ";", N("FR76XXXXXXXXXXXXXXXXXXXXXXX", "masked"), ";", N("2022-01-05", "date_not_birth"), "\n"
         "2;", N("u2@anonyme.invalid", "placeholder"), ";", N("+33 X XX XX XX XX", "masked"), ";", N("FR76XXXXXXXXXXXXXXXXXXXXXXX", "masked"), ";", N("2022-01-07", "date_not_birth"), "\n")
    case("csv_export", "en",
         "customer_id,name,email,phone,card_last4,card_number\n"
         "C-88102,Priyanka Venkatesan,", L("priya.venkat@fastmail.com", "email_address"), ",", L("+44 7983 415206", "phone_number"),
         ",", N("0941", "card_last4"), ",", L(card("mc"), "payment_card"), "\n"
         "C-88103,Tomasz Wieczorek,", L("t.wieczorek@wp.pl", "email_address"), ",", L("+48 601 228 947", "phone_number"),
         ",", N("5512", "card_last4"), ",", L(card("amex"), "payment_card"), "\n")
    case("csv_export", "fr",
         "numero_secu,nom,caisse,taux\n",
         L(nir_fmt(2, 85, 11, "75"), "national_id"), ",Vasseur Hélène,CPAM 75,70\n",
         L(nir_fmt(1, 57, 3, "13"), "national_id"), ",Giraud Bernard,CPAM 13,100\n"
         "(ligne 2 : ALD, taux 100 %)\n")
    case("csv_export", "en",
         "package,version,integrity\n"
         "lodash,", N("4.17.21", "version"), ",", N(integrity(), "npm_integrity"), "\n"
         "express,", N("4.19.2", "version"), ",", N(integrity(), "npm_integrity"), "\n")
    case("csv_export", "fr",
         "contact,fonction,telephone,email\n"
         "Standard,Accueil,", N("+33 1 57 77 80 00", "company_switchboard"), ",", N("contact@exemple-industrie.fr", "company_contact"), "\n"
         "Presse,Relations médias,", N("+33 1 57 77 86 26", "company_switchboard"), ",", N("presse@exemple-industrie.fr", "company_contact"), "\n"
         "(contacts publiés sur le site de l'entreprise — pas de donnée personnelle)\n")
    case("csv_export", "en",
         "username,password,last_login\n"
         "svc_backup,", L("Gr4nite-Falls-2019", "password_assignment"), ",", N("2024-04-02 03:00:11", "timestamp"), "\n"
         "admin,", L("Welcome1!", "password_assignment"), ",", N("2024-05-28 17:42:09", "timestamp"), "\n"
         "guest,", N("<disabled>", "placeholder"), ",never\n")
    case("csv_export", "fr",
         "Extrait de adherents.tsv (mutuelle), colonnes : nom, adresse, code postal, ville, date de naissance\n"
         "Lemaire Josiane\t", L("27 rue Jean-Jaurès\t59160\tLomme", "postal_address"), "\t", L("12/06/1948", "date_of_birth"), "\n"
         "Pons Raymond\t", L("Lieu-dit Les Bruyères\t46090\tArcambal", "postal_address"), "\t", L("03/01/1951", "date_of_birth"), "\n")

# ================================================================= spreadsheet_paste
def gen_spreadsheet():
    case("spreadsheet_paste", "fr",
         "J'ai collé ici le tableau tel qu'il apparaît dans le classeur partagé « Astreintes » :\n"
         "Nom\tPrénom\tPortable\tAdresse perso\n"
         "Colin\tMaëlys\t", L(fr_mobile(), "phone_number"), "\t", L("8 chemin de la Garenne 21000 Dijon", "postal_address"), "\n"
         "Riviere\tNoah\t", L(fr_mobile(), "phone_number"), "\t", L("Résidence Les Tilleuls, bât. B, 21300 Chenôve", "postal_address"), "\n")
    case("spreadsheet_paste", "en",
         "Q3 release plan (pasted from the team sheet)\n"
         "Component\tVersion\tOwner\tTarget date\tTicket\n"
         "gateway\t", N("3.2.0", "version"), "\tplatform\t", N("2024-09-30", "date_not_birth"), "\tPLAT-4411\n"
         "auth-svc\t", N("1.14.7", "version"), "\tidentity\t", N("2024-10-07", "date_not_birth"), "\tIDN-902\n"
         "agent\t", N("0.9.3-beta", "version"), "\tedge\t", N("2024-10-21", "date_not_birth"), "\tEDGE-77\n")
    case("spreadsheet_paste", "en",
         "Rows 14-16 of 'onboarding_2024.xlsx' that was attached to a public Jira ticket:\n"
         "Aleksandra Nowicka\t", L(nino(), "national_id"), "\t", L("£41,500", "employment_data"), "\t", L("14/02/1991", "date_of_birth", optional=True), "\n"
         "Ciarán Mulligan\t", L(nino(), "national_id"), "\t", L("£38,200", "employment_data"), "\t", L("30/08/1987", "date_of_birth", optional=True), "\n"
         "(no header row in the paste; columns are name, NI number, salary, DOB)\n")
    case("spreadsheet_paste", "fr",
         "Serveur\tIP\tOS\tFin de support\n"
         "web-front-01\t", N("10.12.0.21", "infrastructure_info"), "\tDebian ", N("12.5", "version"), "\t", N("2028-06-30", "date_not_birth"), "\n"
         "web-front-02\t", N("10.12.0.22", "infrastructure_info"), "\tDebian ", N("12.5", "version"), "\t", N("2028-06-30", "date_not_birth"), "\n"
         "bastion\t", N("10.12.9.1", "infrastructure_info"), "\tRocky ", N("9.3", "version"), "\t", N("2032-05-31", "date_not_birth"), "\n"
         "(inventaire sans identifiants — c'est juste pour situer le périmètre)\n")
    case("spreadsheet_paste", "fr",
         "Feuille « Comptes » du fichier Excel trouvé sur le partage \\\\fs01\\public\\IT :\n"
         "Application\tIdentifiant\tMot de passe\tRemarque\n"
         "Portail RH\tadm.rh\t", L("Tournesol#2023", "password_assignment"), "\tà changer\n"
         "Caméras\tadmin\t", L("cam-admin-7781", "password_assignment"), "\t", L("192.168.30.2", "private_ip"), "\n"
         "Wi-Fi invités\t-\t", L("Bienvenue-Chez-Nous", "password_assignment"), "\taffiché à l'accueil\n")
    case("spreadsheet_paste", "en",
         "Pasted from LibreOffice (sheet 'refunds'):\n"
         "Date\tCustomer\tCard\tAmount\n",
         N("03/05/2024", "date_not_birth"), "\tOlumide Adeyemi\t", L(grp(card("visa"), [4, 4, 4, 4]), "payment_card"), "\t$129.00\n",
         N("03/05/2024", "date_not_birth"), "\tMarguerite Oyelaran\t", L(grp(card("disc"), [4, 4, 4, 4]), "payment_card"), "\t$58.40\n")
    case("spreadsheet_paste", "fr",
         "Copie des lignes du tableau de suivi des arrêts (onglet 2024) :\n"
         "Salarié\tDu\tAu\tMotif\n"
         "Bouvier Gaëlle\t", N("02/04", "date_not_birth"), "\t", N("19/04", "date_not_birth"), "\t", L("burn-out", "health_data"), "\n"
         "Texier Hugo\t", N("11/04", "date_not_birth"), "\t", N("25/04", "date_not_birth"), "\t", L("fracture du poignet droit", "health_data"), "\n")
    case("spreadsheet_paste", "en",
         "Hash\tAlgorithm\tFile\n",
         N(sha256(), "sha256"), "\tSHA-256\tfirmware-2.4.1.bin\n",
         N(md5(), "md5"), "\tMD5\tbootloader.img\n",
         N(sha(), "sha1"), "\tSHA-1\tconfig.tar\n")
    case("spreadsheet_paste", "fr",
         "Extrait du tableur des notes de frais (colonnes : nom, RIB, montant) collé tel quel\n"
         "Marchetti Lucia\t", L(spaced(iban("IT")), "iban"), "\t212,40\n"
         "Da Silva Rui\t", L(spaced(iban("PT")), "iban"), "\t87,00\n"
         "Girard Anne\t", N("FR76 3000 ...", "masked"), "\t19,90\n")
    case("spreadsheet_paste", "fr",
         "Référence\tQuantité\tPrix HT\tISBN\n"
         "Manuel d'algorithmique\t12\t", N("38,50 €", "amount"), "\t", N(isbn13(), "isbn"), "\n"
         "Réseaux, 6e édition\t5\t", N("49,00 €", "amount"), "\t", N(isbn13("979"), "isbn"), "\n"
         "Fournisseur : SIRET ", N(siret(), "siret"), "\n")
    case("spreadsheet_paste", "en",
         "Emergency contacts tab (no header in the paste):\n"
         "Rosalind Fairweather\tspouse: Gideon Fairweather\t", L("+1 (617) 392-8841", "phone_number"), "\t", L("gideon.fw@icloud.com", "email_address"), "\n"
         "Ines Halvorsen\tmother: Brit Halvorsen\t", L("+47 913 48 220", "phone_number"), "\t\n")


# ================================================================= ocr_document
def gen_ocr():
    l1, l2 = mrz_td3("FRA", "LAGARDERE", "SOLENE MARIE", "20FH61837", "FRA", "870415", "F", "300827")
    case("ocr_document", "fr",
         "Texte OCR de la pièce jointe passeport_scan.jpg trouvée dans /uploads/ (accès public) :\n"
         "RÉPUBLIQUE FRANÇAISE  PASSEPORT / PASSPORT\nType P  Code FRA  N° ", L("20FH61837", "identity_document"),
         "\nNom/Surname LAGARDERE\nPrénoms/Given names SOLENE, MARIE\nDate de naiss. / Date of birth ",
         L("15 04 1987", "date_of_birth"), "\nLieu de naissance AVIGNON\nDate de délivr. ", N("28 08 2020", "date_not_birth"),
         "   Date d'expir. ", N("27 08 2030", "date_not_birth"), "\n\n", L(l1, "identity_document"), "\n", L(l2, "identity_document"), "\n")
    a1, a2, a3 = mrz_td1("D<<", "LZ6311T47", "921103", "M", "310210", "D<<", "BRANDSTAETTER", "JONAS")
    case("ocr_document", "en",
         "OCR of the back of a German ID card (file id_back.png from the open S3 bucket):\n"
         "Anschrift / Address: ", L("Lindenstr. 42, 04109 Leipzig", "postal_address"), "\nAugenfarbe GRAU  Größe 183 cm\n",
         L(a1, "identity_document"), "\n", L(a2, "identity_document"), "\n", L(a3, "identity_document"), "\n")
    case("ocr_document", "fr",
         "BULLETIN DE PAIE  Période du 01/03/2024 au 31/03/2024\nEmployeur : Ateliers Réunis du Bocage  SIRET ",
         N(siret(), "siret"), "\nSalarié : M. Fabrice Guérin-Lenoir   Emploi : Technicien SAV\nN° SS : ",
         L(nir_fmt(1, 79, 6, "49"), "national_id"), "\nAdresse : ", L("5 rue du Petit Anjou 49100 Angers", "postal_address"),
         "\nSalaire de base ........ ", L("2 347,15", "employment_data"), "\nNet à payer avant impôt ", L("1 842,60", "employment_data"),
         "\nIBAN de versement ", L(spaced(iban("FR")), "iban"), "\n")
    case("ocr_document", "fr",
         "AVIS D'ARRÊT DE TRAVAIL  (volet 3, employeur)\nAssuré : PELLETIER Nadia   N° immatriculation ",
         L(nir_fmt(2, 91, 2, "69"), "national_id"), "\nArrêt initial du ", N("04/06/2024", "date_not_birth"), " au ", N("21/06/2024", "date_not_birth"),
         "\nÉléments d'ordre médical : ", L("entorse grave cheville gauche, immobilisation", "health_data"),
         "\nSorties autorisées : non\nMédecin : Dr A. Fontanel, RPPS ", N("10101234567", "public_identifier"), "\n")
    case("ocr_document", "fr",
         "DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES\nAVIS D'IMPÔT 2023 SUR LES REVENUS DE 2022\n"
         "Déclarant 1 : M. ROUSSEL Thierry\nN° fiscal : ", L("30 12 487 652 118", "tax_record"), "  Réf. de l'avis : ",
         L("23 75 A 148 229 41", "tax_record", optional=True), "\nAdresse : ", L("41 BD DE LA LIBERATION 13001 MARSEILLE", "postal_address"),
         "\nRevenu fiscal de référence : ", L("38 912 €", "tax_record"), "\nMontant de votre impôt : ", L("2 214 €", "tax_record"),
         "\nPour toute question : ", N("0 809 401 401", "company_switchboard"), " (service gratuit + prix appel)\n")
    case("ocr_document", "en",
         "BOARDING PASS   ECONOMY\nNAME: OKONKWO/CHIDINMA MS\nFROM LONDON LHR TO LAGOS LOS\nFLIGHT ",
         L("BA075", "travel_record"), "  DATE ", N("18MAR", "date_not_birth"), "  SEAT ", L("34K", "travel_record"), "  GATE B44\n"
         "BOOKING REF ", L(pnr(), "travel_record"), "   ETKT ", L("125 " + rs(10, string.digits), "travel_record"),
         "\nSEQ 127  BOARDING 09:40\n(OCR of a boarding pass photo left in a public Trello card)\n")
    case("ocr_document", "fr",
         "COLISSIMO  Suivi ", N("6A" + rs(11, string.digits), "tracking_number"), "\nDESTINATAIRE\nMme Berthe Allouche\n",
         L("Appt 12, 9 av. Gambetta\n06000 NICE", "postal_address"), "\nTél : ", L(fr_mobile(), "phone_number"),
         "\nEXPÉDITEUR : La Boutique du Fil, ZA des Prés, 72000 Le Mans\n")
    case("ocr_document", "en",
         "OCR output of the vendor's public datasheet page 3 (for the version table only):\n"
         "Model  FW      Release     SHA-256\nGX-200 ", N("2.4.1", "version"), "  ", N("2023-11-02", "date_not_birth"), "  ",
         N(sha256(), "sha256"), "\nGX-300 ", N("2.4.3", "version"), "  ", N("2024-01-15", "date_not_birth"), "  ", N(sha256(), "sha256"),
         "\nSupport: ", N("support@gx-networks.example", "company_contact"), "  Tel ", N("+44 20 7946 0000", "company_switchboard"), "\n")
    case("ocr_document", "fr",
         "OCR d'une carte nationale d'identité SPÉCIMEN (modèle officiel publié, pas une vraie personne) :\n"
         "CARTE NATIONALE D'IDENTITÉ  N° ", N("X4RTBPFW4", "specimen_document"), "\nNom : MARTIN  Prénom(s) : MAËLYS-GAËLLE\n"
         "Né(e) le : ", N("13 07 1990", "specimen_date"), "  à : PARIS\nSPECIMEN — SPECIMEN — SPECIMEN\n")
    case("ocr_document", "en",
         "Scanned tenancy application (OCR, low quality):\nApp1icant: Fergus McAllister  D.O.B. ", L("O4/11/1983", "date_of_birth"),
         "\nPassport No ", L("5" + rs(8, string.digits), "identity_document"), "  (UK)\nCurrent address ",
         L("Flat 3/2, 118 Hyndland Rd, Glasgow G12 9PS", "postal_address"), "\nEmployer ref: salary ", L("£36,750 p.a.", "employment_data"),
         "\nNI No. ", L(nino(), "national_id"), "\n")
    case("ocr_document", "fr",
         "Relevé OCR d'un justificatif DNI espagnol joint au dossier de candidature :\nDOCUMENTO NACIONAL DE IDENTIDAD\n"
         "APELLIDOS IBARRA ETXEBERRIA  NOMBRE AMAIA\nDNI ", L(dni(), "national_id"), "\nFECHA DE NACIMIENTO ",
         L("22 05 1995", "date_of_birth"), "\nDOMICILIO ", L("C/ Urbieta 17, 3º izq., 20006 Donostia", "postal_address"), "\n")
    case("ocr_document", "fr",
         "OCR de la page de garde du rapport d'audit (document public) :\nRAPPORT D'AUDIT DE SÉCURITÉ — VERSION ", N("1.3", "version"),
         "\nRéférence ", N("AUD-2024-0117", "order_id"), " — Diffusion : restreinte\nDate : ", N("15 mars 2024", "date_not_birth"),
         "\nPérimètre : ", N("intranet.corp.local", "infrastructure_info"), ", ", N("172.16.0.0/16", "infrastructure_info"),
         "\nMot de passe du PDF : ", N("communiqué séparément", "placeholder"), "\n")
    case("ocr_document", "en",
         "OCR of a hospital discharge summary photo (attached to ticket #5521 by mistake):\nPatient: Beatrix Olander   MRN ",
         L("00" + rs(6, string.digits), "health_data", optional=True), "\nDOB ", L("09-Jan-1959", "date_of_birth"),
         "\nDischarge diagnosis: ", L("NSTEMI; stent placed in LAD", "health_data"), "\nMeds: ", L("clopidogrel 75 mg, atorvastatin 80 mg", "health_data"),
         "\nFollow-up: cardiology clinic in 6 weeks\n")

# ================================================================= pdf_text
def gen_pdf():
    case("pdf_text", "fr",
         "FACTURE N° ", N("F-2024-00871", "order_id"), "                     Date : ", N("12/04/2024", "date_not_birth"),
         "\nSARL Plomberie Duval   SIRET ", N(siret(), "siret"), "   TVA FR", N(rs(11, string.digits), "vat_number"),
         "\nClient :\nMme Ophélie Sanch\nez\n", L("17 rue des Lav\noirs\n37000 Tours", "postal_address"),
         "\nDésignation Qté PU HT Total\nRemplacement ballon 200L 1 890,00 890,00\nTotal TTC 1 068,00 €\nRèglement par virement : ",
         L(spaced(iban("FR")), "iban"), "\n(IBAN du client, figurant sur le mandat SEPA)\n")
    case("pdf_text", "fr",
         "Objet : Notifica-\ntion de licenciement\n\nMonsieur Kévin Araújo,\nSuite à l'entretien préalable du ",
         N("3 mai 2024", "date_not_birth"), ", nous vous notifions votre ", L("licenciement pour faute grave (absences injustifiées répé-\ntées)", "employment_data"),
         ".\nVotre solde de tout compte s'élève à ", L("4 812,33 € bruts", "employment_data"),
         ".\n\nPage 1/2                                                  DRH — Confidentiel\n")
    case("pdf_text", "en",
         "Radiology Report                                  Page 1 of 1\nPatient: Harlan Whitcombe      DOB: ",
         L("1966-08-21", "date_of_birth"), "\nExam: MRI brain w/ and w/o contrast\nImpression: ", L("Findings consis-\ntent with relapsing-remitting multiple sclerosis", "health_data"),
         "; no acute infarct.\nReferring: Dr. P. Szabo   Accession ", N("RAD-" + rs(8, string.digits), "order_id"), "\n")
    case("pdf_text", "en",
         "INSURANCE CLAIM FORM   Claim no. ", N("CLM-" + rs(9, string.digits), "order_id"), "\nPolicyholder Wendell Prus\nzynski\nPolicy ",
         N("HX-44-" + rs(6, string.digits), "order_id"), "\nDate of loss ", N("2024-02-11", "date_not_birth"), "\nDescription: water damage, kitchen\n"
         "Injuries: ", L("claimant treated for second-degree burns on left forearm", "health_data"), "\nBank for settlement: ",
         L(spaced(iban("GB")), "iban"), "\n")
    case("pdf_text", "fr",
         "RELEVÉ DE COMPTE       du 01/05/2024 au 31/05/2024\nM. ou Mme Lucien Barthez\n", L("La Croix Blanche\n12 route de Sens\n89100 Saint-Clément", "postal_address"),
         "\nIBAN ", L(spaced(iban("FR")), "iban"), "  BIC AGRIFRPP", N("881", "public_identifier"),
         "\nDate   Libellé                        Débit    Crédit\n02/05  PRLV SEPA EDF                    74,12\n05/05  CB CARREFOUR ",
         L(card("cb")[:6] + "XXXXXX" + rs(4, string.digits), "payment_card", optional=True), "  52,80\n")
    case("pdf_text", "en",
         "Vendor Security Advisory TSA-2024-07\nSeverity: High  ", N("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N", "cvss_vector"),
         "\nAffected versions: < ", N("5.2.8", "version"), "\nFixed in ", N("5.2.8", "version"), " (", N("2024-07-01", "date_not_birth"),
         ")\nCredits: reported via ", N("psirt@thalesgroup.com", "psirt_address"), "\nSigned with key ", N(fpr_luhn(), "pgp_fingerprint_luhn"),
         "\nPage 1 of 2\n")
    case("pdf_text", "fr",
         "COMPTE RENDU DE CONSULTATION          Dr Hélène Marquet-Bois\nPatient : M. Jordan Pineau, né le ",
         L("04/10/2001", "date_of_birth"), "\nMotif : contrôle\nConclusion : ", L("épilepsie généralisée idio-\npathique, traitement par lévétiracétam 500 mg x2", "health_data"),
         "\nArrêt de travail : ", L("7 jours", "health_data"), "\nCabinet : 2 place du Marché 18000 Bourges — Tél. ", N("02 48 65 00 00", "company_switchboard"), "\n")
    case("pdf_text", "fr",
         "CONDITIONS GÉNÉRALES DE VENTE — v", N("3.2", "version"), "\nArticle 4 — Paiement\nLe paiement s'effectue par carte bancaire\n(Visa, Mastercard) ou par virement. "
         "Les numéros\nde carte ne sont jamais stockés (norme PCI DSS ", N("4.0", "version"), ").\nExemple de carte de test : ",
         DOC("4111 1111 1111 1111", "payment_card"), "\nSociété au capital de 50 000 € — RCS Lyon ", N("512 345 678", "public_identifier"), "\n")
    case("pdf_text", "en",
         "OFFER LETTER\n\nDear Ms. Anneliese Korhonen,\nWe are pleased to offer you the position of Staff\nEngineer with an annual base sal-\nary of ",
         L("USD 187,000", "employment_data"), " and a signing bonus of ", L("USD 25,000", "employment_data"),
         ".\nPlease return the signed W-4 with your SSN (", L(ssn(), "national_id"), ") to hr-onboarding.\n")
    case("pdf_text", "fr",
         "DÉCLARATION DE SINISTRE AUTO   Contrat n° ", N("AU-" + rs(8, string.digits), "order_id"),
         "\nConducteur A : Mme Rachida Benali   Permis n° ", L("13AF" + rs(8, string.digits), "identity_document"),
         "\nBlessures : ", L("traumatisme cervical, 10 jours d'ITT", "health_data"), "\nAdresse : ",
         L("Bât. C, 6 allée Paul Verlaine\n93200 Saint-Denis", "postal_address"), "\nTéléphone : ", L(fr_mobile(), "phone_number"), "\n")
    case("pdf_text", "en",
         "Annual Report 2023 — extract (page 41)\nRevenue EUR 18.2bn  (+", N("7.1", "amount"), "%)\nHeadquarters: ", N("Carré Suffren, 31 place des Corolles, 92400 Courbevoie", "company_address"),
         "\nInvestor relations: ", N("+33 1 57 77 80 00", "company_switchboard"), "\nISIN ", N("FR0000121329", "public_identifier"), "\n")


# ================================================================= command_line
def gen_command_line():
    case("command_line", "en",
         "`ps auxww` on the appliance shows the sync job with its credentials on the command line:\n"
         "root      2231  0.3  1.1 183320 44012 ?  Ssl  09:12  0:41 /opt/sync/bin/syncd --db ",
         L("postgres://sync:Qp7%40vLm2xR@db-sync.prod.internal:5432/sync", "connection_string", also=["url_credentials"]),
         " --log-level info\nnobody    2290  0.0  0.0   8860  1212 ?  S    09:12  0:00 /usr/sbin/dnsmasq --conf-file=/etc/dnsmasq.conf\n")
    case("command_line", "fr",
         "Pour reproduire, lancer le conteneur vulnérable avec :\n\n"
         "docker run --rm -p 8080:8080 -e ADMIN_PASSWORD=", N("changeme", "placeholder"), " -e API_KEY=", N("<votre-clé>", "placeholder"),
         " ghcr.io/acme/portal@sha256:", N(sha256(), "sha256"), "\n\n(les valeurs ci-dessus sont celles de la documentation, à remplacer)\n")
    case("command_line", "en",
         "The installer prints the command it runs, including the token:\n"
         "+ curl -sS -H \"Authorization: token ", L(ghp(), "github_token", also=["authorization_header"]),
         "\" https://api.github.com/repos/acme-corp/firmware/releases/latest -o release.json\n")
    case("command_line", "fr",
         "La commande de sauvegarde planifiée (visible dans `crontab -l` de l'utilisateur www-data) :\n"
         "0 3 * * * mysqldump -h ", L("10.0.4.15", "private_ip"), " -u backup -p", L("S4uv3g@rde!", "password_assignment"),
         " --all-databases | gzip > /var/backups/all-$(date +\\%F).sql.gz\n")
    case("command_line", "en",
         "$ aws configure list\n      Name                    Value             Type    Location\n      ----                    -----             ----    --------\n"
         "   profile                <not set>             None    None\naccess_key     ****************", N("Q7XM", "masked"),
         " shared-credentials-file\nsecret_key     ****************", N("e9Tr", "masked"), " shared-credentials-file\n    region                eu-west-3      config-file    ~/.aws/config\n")
    case("command_line", "fr",
         "Connexion au NAS pour vérifier le partage :\n"
         "C:\\> net use Z: \\\\", L("nas-compta.siege.lan", "internal_hostname"), "\\archives ", L("Compta_2024!", "password_assignment"),
         " /user:SIEGE\\m.lefevre /persistent:no\nLa commande s'est terminée correctement.\n")
    ak, sk = akia(), aws_secret()
    case("command_line", "en",
         "Found in the CI job definition (printed in the public build log):\n"
         "AWS_ACCESS_KEY_ID=", L(ak, "aws_access_key_id"), " AWS_SECRET_ACCESS_KEY=", L(sk, "aws_secret_key"),
         " aws s3 sync ./dist s3://acme-static-prod --delete\n")
    case("command_line", "fr",
         "Sortie de `gpg --list-keys --with-fingerprint` sur le poste de test :\n"
         "pub   rsa4096 ", N("2022-09-14", "date_not_birth"), " [SC] [expire : ", N("2026-09-13", "date_not_birth"), "]\n      ",
         N(fpr_luhn(), "pgp_fingerprint_luhn"), "\nuid          [ ultime ] Équipe Sécurité <", N("securite@exemple-editeur.fr", "company_contact"), ">\n"
         "sub   rsa4096 ", N("2022-09-14", "date_not_birth"), " [E]\n")
    case("command_line", "en",
         "openssl s_client -connect vpn.acme-corp.com:443 -servername vpn.acme-corp.com </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256\n"
         "sha256 Fingerprint=", N(":".join(hexs(64).upper()[i:i + 2] for i in range(0, 64, 2)), "cert_fingerprint"), "\n")
    case("command_line", "fr",
         "Sur le serveur de recette j'ai simplement tapé\n    sshpass -p '", L("Rct#Pw-2209", "password_assignment"),
         "' ssh deploy@", L("192.168.56.20", "private_ip"), "\net j'ai obtenu un shell sans autre vérification.\n")
    case("command_line", "en",
         "Output of `kubectl get secret -n payments stripe -o jsonpath='{.data.key}' | base64 -d`:\n",
         L(stripe("sk_live_"), "stripe_key"), "\n")
    case("command_line", "en",
         "Commands used in the PoC (sanitised):\n  ./exploit.py --target ", N("203.0.113.10", "documentation_ip"),
         " --user admin --password '", N("********", "placeholder"), "' --cve ", N("CVE-2024-21762", "cve_id"),
         "\n  python3 -m http.server 8000 --bind ", N("0.0.0.0", "bind_address"), "\n")
    case("command_line", "fr",
         "Ligne de commande de l'outil de migration, récupérée via /proc/1377/cmdline :\n"
         "java -jar migr.jar --source=", L("jdbc:oracle:thin:migr/Or4cl3_Migr@//ora-rh.interne:1521/RHPROD", "connection_string"),
         " --target=", L("jdbc:postgresql://pg-rh.interne:5432/rh?user=migr&password=PgMigr2024", "connection_string"), "\n")

    case("command_line", "fr",
         "Bonjour, voici la commande qui déclenche la fuite (mon numéro, pour ce rapport : ", N("06 71 38 42 95", "reporter_phone"), ") :\n\n"
         "curl -k 'https://", N("portail.exemple-editeur.fr", "public_hostname"), "/api/export?user=", "admin",
         "&pass=", L("Exp0rt!Adm", "password_assignment"), "'\n\nJ'ai tapé `", L("Exp0rt!Adm", "password_assignment"),
         "` trouvé dans le JS et obtenu l'export complet.\n--\nRomain Ledoux-Farge, chercheur indépendant\n", N("romain.ledoux@proton.me", "reporter_email"),
         " — ", N("9 rue Lamartine, 63000 Clermont-Ferrand", "reporter_address"), "\n", reporter_email="romain.ledoux@proton.me")

# ================================================================= shell_history
def gen_shell_history():
    case("shell_history", "en",
         "~/.bash_history of the 'support' account (world-readable):\n"
         "ls -la\ncd /srv/app\nmysql -u root -p", L("Tr0ub4dor&3x", "password_assignment"), " appdb\n"
         "vim config/app.yml\nsudo systemctl restart app\ncurl -u admin:", L("hunter2-prod", "password_assignment"),
         " http://", L("10.2.0.8", "private_ip"), ":9200/_cat/indices\nhistory -c\n")
    case("shell_history", "fr",
         "Historique PowerShell (ConsoleHost_history.txt) du compte de service :\n"
         "Get-Service | Where Status -eq Running\n$pw = ConvertTo-SecureString '", L("Pa$$w0rd-Exch19", "password_assignment"),
         "' -AsPlainText -Force\n$cred = New-Object PSCredential('CORP\\svc-exch', $pw)\nEnter-PSSession -ComputerName ",
         L("EXCH01.corp.local", "internal_hostname"), " -Credential $cred\n")
    case("shell_history", "en",
         ".zsh_history excerpt (timestamps stripped):\n"
         "git clone https://", L("deploy-bot:" + glpat() + "@gitlab.acme-corp.com/platform/infra.git", "url_credentials", also=["gitlab_token"]),
         "\nterraform init\nterraform plan -out plan.bin\n")
    case("shell_history", "fr",
         "Extrait du .bash_history — rien de sensible, mais on voit la chaîne de compilation :\n"
         "git log --oneline -3\n", N(sha()[:7], "git_sha"), " fix: bound check\n", N(sha()[:7], "git_sha"), " chore: bump to ",
         N("1.8.3", "version"), "\nmake -j8\nsha256sum build/fw.bin\n", N(sha256(), "sha256"), "  build/fw.bin\n"
         "export DB_PASSWORD=", N("\"$(cat /run/secrets/db)\"", "placeholder"), "\n")
    case("shell_history", "en",
         "root's history on the jump host:\n"
         "  512  export GITHUB_TOKEN=", L(ghp(), "github_token"), "\n  513  gh release list\n  514  unset GITHUB_TOKEN\n"
         "  515  ssh -i ~/.ssh/id_ed25519 ops@", L("bastion.ops.internal", "internal_hostname"), "\n")
    case("shell_history", "fr",
         "Dans l'historique bash on trouve aussi :\n"
         "echo '", L("MonCh4t-S4ppelle-Felix", "password_assignment"), "' | sudo -S apt-get upgrade -y\n"
         "# (le mot de passe sudo passé en clair dans un echo)\n")
    case("shell_history", "en",
         "PowerShell history:\nInvoke-RestMethod -Uri https://api.openai.com/v1/models -Headers @{Authorization = \"Bearer ",
         L(openai_key(), "ai_api_key", also=["authorization_header"]), "\"}\n")
    case("shell_history", "fr",
         ".bash_history du compte dev, lignes 88 à 93 :\n"
         "npm config set //registry.npmjs.org/:_authToken ", L(npm_tok(), "npm_token"), "\nnpm publish --access public\n"
         "twine upload -u __token__ -p ", L(pypi_tok(), "pypi_token"), " dist/*\n")
    case("shell_history", "en",
         "History from the build VM — passwords are masked by our wrapper, nothing leaked here:\n"
         "docker login -u ci-bot -p ", N("****", "placeholder"), " registry.acme-corp.com\n"
         "psql \"host=", N("10.8.0.5", "infrastructure_info"), " user=report password=", N("$PGPASSWORD", "placeholder"), "\"\n"
         "echo $CVSS  # ", N("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", "cvss_vector"), "\n")
    case("shell_history", "fr",
         "Historique de l'admin (récupéré via la LFI) :\n"
         "smbclient //", L("fichiers.mairie.local", "internal_hostname"), "/Etat-civil -U agent%", L("EtatCivil2023", "password_assignment"),
         "\nredis-cli -h ", L("172.20.1.9", "private_ip"), " -a ", L("r3d1s-s3ss10n", "password_assignment"), " KEYS '*'\n")
    case("shell_history", "en",
         "fish_history:\n- cmd: ssh-keygen -lf ~/.ssh/id_ed25519.pub\n  when: 1712345678\n- cmd: cat ~/.ssh/id_ed25519.pub\n  when: 1712345690\n"
         "# output pasted by the user below (public key, harmless):\n", N(ssh_pub() + " dev@laptop", "ssh_public_key"), "\n")
    case("shell_history", "fr",
         "PS> history\n  14 az storage blob list --connection-string \"", L(azure_conn("stfacturesprod"), "azure_connection_string"),
         "\" -c factures\n  15 az logout\n")
    case("shell_history", "fr",
         "Commande retrouvée dans l'historique — aucun secret : la variable n'était pas définie.\n"
         "curl -H \"Authorization: Bearer ", N("${TOKEN}", "placeholder"), "\" https://", N("api.exemple-editeur.fr", "public_hostname"),
         "/v1/ping\n{\"pong\":true,\"ts\":\"", N("2024-06-12T07:33:00+02:00", "timestamp"), "\"}\n")


# ================================================================= server_log
def gen_server_log():
    case("server_log", "en",
         "nginx access.log (the reset token travels in the query string):\n",
         N("198.51.100.7", "documentation_ip"), " - - [", N("11/Jun/2024:14:02:11 +0000", "timestamp"),
         "] \"GET /account/reset?email=", L("lorenzo.baglioni%40gmail.com", "email_address"), "&token=",
         L(rs(40, HEX), "session_cookie", also=["password_assignment"], optional=True), " HTTP/1.1\" 302 0 \"-\" \"Mozilla/5.0\"\n")
    case("server_log", "fr",
         "journalctl -u app — le mot de passe est bien masqué, rien de sensible dans cet extrait :\n",
         N("juin 12 08:01:44", "timestamp"), " app[912]: login ok user=jdupont password=", N("***", "placeholder"), " ip=",
         N("10.1.2.3", "infrastructure_info"), "\n", N("juin 12 08:01:45", "timestamp"),
         " app[912]: GET /api/me Authorization: Bearer ", N("[REDACTED]", "placeholder"), " 200 12ms\n",
         N("juin 12 08:01:46", "timestamp"), " app[912]: request_id=", N(uid(), "uuid"), " done\n")
    jw = jwt({"sub": "u_55120", "email": "kwame.mensah@protonmail.com", "admin": False, "iat": 1717430000}, "RS256")
    case("server_log", "en",
         "Debug logging was left on in production; every request header is written to app.log:\n",
         N("2024-06-03 16:20:01,117", "timestamp"), " DEBUG http.headers {'Host': 'portal.acme-corp.com', 'Authorization': 'Bearer ",
         L(jw, "authorization_header", also=["jwt"]), "', 'Cookie': 'sid=", L(rs(32, HEX), "session_cookie"), "'}\n")
    case("server_log", "fr",
         "Extrait de /var/log/auth.log :\n",
         N("Jun 14 03:12:55", "timestamp"), " srv-web sshd[3311]: Failed password for invalid user ", L("Motdepasse2024!", "password_assignment"),
         " from ", N("185.220.101.33", "public_ip"), " port 51234 ssh2\n",
         "(l'utilisateur a tapé son mot de passe dans le champ login ; le mot de passe est journalisé comme nom d'utilisateur)\n")
    case("server_log", "en",
         "Postfix log — nothing personal here beyond the vendor's own relay names:\n",
         N("Jun 10 10:00:01", "timestamp"), " mx1 postfix/smtp[2210]: ", N("4W1x9K0YbPz3", "queue_id"), ": to=<",
         N("psirt@thalesgroup.com", "psirt_address"), ">, relay=", N("mx.thalesgroup.com", "public_hostname"), "[", N("192.0.2.25", "documentation_ip"),
         "]:25, delay=0.4, status=sent (250 2.0.0 Ok)\n")
    case("server_log", "fr",
         "Log applicatif du service de paiement (niveau TRACE activé par erreur) :\n",
         N("2024-05-30T11:45:10.882+02:00", "timestamp"), " TRACE PaymentService - payload={\"pan\":\"", L(card("mc2"), "payment_card"),
         "\",\"cvv\":\"", L(rs(3, string.digits), "payment_card"), "\",\"exp\":\"11/26\",\"porteur\":\"DIALLO AMINATA\"}\n")
    case("server_log", "en",
         "Apache error_log after the crash:\n[", N("Tue Jun 04 09:13:22.114512 2024", "timestamp"),
         "] [php:error] [pid 1881] PHP Fatal error: Uncaught PDOException: SQLSTATE[HY000] [1045] Access denied for user 'shop'@'",
         L("172.18.0.4", "private_ip"), "' (using password: YES) in /var/www/html/lib/db.php:14\n")
    case("server_log", "fr",
         "Journal de l'API de prise de rendez-vous (niveau INFO) :\n", N("2024-06-05 09:30:12", "timestamp"),
         " INFO rdv créé patient=\"Solange Mercadier\" né(e)=", L("1958-11-03", "date_of_birth"), " motif=\"",
         L("suivi chimiothérapie cure 4/6", "health_data"), "\" tel=", L(fr_mobile(), "phone_number"), "\n")
    case("server_log", "en",
         "HAProxy log lines showing the basic-auth header being logged (capture request header Authorization):\n",
         N("Jun  9 12:00:03", "timestamp"), " lb1 haproxy[77]: ", N("203.0.113.55", "documentation_ip"), ":40112 [09/Jun/2024:12:00:03.221] fe_admin be_admin/",
         L("adm01.lan", "internal_hostname"), " 0/0/1/4/5 200 512 - - ---- {Basic ", L(b64("opsadmin:Heliotrope-44"), "authorization_header"), "} \"GET /stats HTTP/1.1\"\n")
    case("server_log", "fr",
         "Logs du pare-feu, pour situer l'attaque (adresses publiques de l'attaquant, rien d'autre) :\n",
         N("2024-06-02T22:10:00Z", "timestamp"), " DROP TCP ", N("45.155.205.233", "public_ip"), ":44321 -> ", N("10.20.0.4", "infrastructure_info"),
         ":445\n", N("2024-06-02T22:10:01Z", "timestamp"), " DROP TCP ", N("45.155.205.233", "public_ip"), ":44322 -> ",
         N("10.20.0.5", "infrastructure_info"), ":445\nrègle ", N("1.3.6.1.4.1.311.21.8", "oid"), " (OID de la politique)\n")
    case("server_log", "en",
         "Slack notifier log line, the webhook URL is logged on failure:\n",
         N("2024-06-07T05:00:02Z", "timestamp"), " WARN notifier: POST ", L(slack_hook(), "slack_webhook"), " failed: 429 Too Many Requests, retry in 30s\n")
    case("server_log", "fr",
         "Trace du serveur LDAP (slapd, loglevel 256) :\n", N("666a1b2c", "hex_timestamp"), " conn=1042 op=0 BIND dn=\"cn=svc-glpi,ou=services,dc=hopital-nord,dc=local\" method=128\n",
         N("666a1b2c", "hex_timestamp"), " conn=1042 op=0 BIND credentials=\"", L("Gl-p1!Annuaire", "password_assignment"), "\" (debug)\n",
         N("666a1b2c", "hex_timestamp"), " conn=1042 op=1 SRCH base=\"ou=patients,dc=hopital-nord,dc=local\"\n")
    case("server_log", "en",
         "Kubernetes audit log — clean (secret values are omitted by the audit policy):\n{\"kind\":\"Event\",\"level\":\"Metadata\",\"auditID\":\"",
         N(uid(), "uuid"), "\",\"verb\":\"get\",\"objectRef\":{\"resource\":\"secrets\",\"namespace\":\"prod\",\"name\":\"db-creds\"},"
         "\"sourceIPs\":[\"", N("10.244.1.17", "infrastructure_info"), "\"],\"requestReceivedTimestamp\":\"", N("2024-06-08T10:11:12.123456Z", "timestamp"), "\"}\n")

    case("server_log", "en",
         "Hi PSIRT (", N("psirt@thalesgroup.com", "psirt_address"), "), log lines below are from MY OWN test tenant, so the "
         "address in them is mine — no third-party data.\n", N("2024-06-15T09:00:00Z", "timestamp"), " INFO signup email=",
         N("h.vuorinen.sec@gmail.com", "reporter_email"), " ip=", N("198.51.100.200", "documentation_ip"), " plan=free\n",
         N("2024-06-15T09:00:02Z", "timestamp"), " INFO otp sent to ", N("+358 40 712 3388", "reporter_phone"),
         " (reporter's own phone)\nBest,\nHeikki Vuorinen\n", reporter_email="h.vuorinen.sec@gmail.com")

# ================================================================= stack_trace
def gen_stack_trace():
    case("stack_trace", "en",
         "Traceback (most recent call last):\n  File \"/app/worker.py\", line 88, in connect\n    conn = psycopg2.connect(dsn)\n"
         "psycopg2.OperationalError: could not connect to server: Connection refused\n\nLocals at frame connect:\n  dsn = '",
         L("postgresql://etl_user:Xk29!vpQ@pg-etl.data.internal:5432/warehouse", "connection_string", also=["url_credentials"]),
         "'\n  retries = 3\n")
    case("stack_trace", "fr",
         "Erreur affichée en production (mode debug Django activé) :\n\nKeyError at /compte/\n'iban'\nRequest Method: GET\n"
         "Django Version: ", N("4.2.11", "version"), "\n\nLocal vars:\n  client = {'nom': 'Ferreira', 'prenom': 'Inès', 'naissance': '",
         L("1986-05-17", "date_of_birth"), "', 'tel': '", L("+33 7 61 42 09 83", "phone_number"), "'}\n"
         "  settings.SECRET_KEY = '", L("django-insecure-" + rs(50, string.ascii_lowercase + string.digits + "!@#$%^&*(-_=+)"), "password_assignment"), "'\n")
    case("stack_trace", "en",
         "java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"token\" is null\n"
         "\tat com.acme.auth.TokenFilter.doFilter(TokenFilter.java:57)\n\tat org.springframework.web.filter.OncePerRequestFilter.doFilter(OncePerRequestFilter.java:", N("117", "line_number"), ")\n"
         "\tat java.base/java.lang.Thread.run(Thread.java:833)\n(no secrets in this trace; build ", N(sha(), "git_sha"), ")\n")
    case("stack_trace", "fr",
         "Exception non gérée renvoyée dans la réponse HTTP 500 :\n"
         "System.Data.SqlClient.SqlException (0x80131904): Login failed for user 'appweb'.\n   à System.Data.SqlClient.SqlInternalConnectionTds..ctor(...)\n"
         "ConnectionString: ", L("Server=sql-crm.interne.local;Database=CRM;User Id=appweb;Password=Crm$Web!2022;", "connection_string"),
         "\nClientConnectionId:", N(uid(), "uuid"), "\n")
    case("stack_trace", "en",
         "Node.js crash output on the public status page:\n"
         "Error: Request failed with status code 401\n    at createError (/srv/node_modules/axios/lib/core/createError.js:16:15)\n"
         "  config: {\n    url: 'https://api.sendgrid.com/v3/mail/send',\n    headers: {\n      Authorization: 'Bearer ",
         L(sendgrid(), "sendgrid_key", also=["authorization_header"]), "',\n      'User-Agent': 'axios/", N("0.27.2", "version"), "'\n    }\n  }\n")
    case("stack_trace", "fr",
         "Trace Go (panic) — rien de sensible, juste des adresses mémoire et des hash :\n"
         "panic: runtime error: index out of range [5] with length 5\n\ngoroutine 18 [running]:\n"
         "main.parse(0xc0000a6000, ", N("0x5", "memory_address"), ")\n\t/build/parse.go:42 +0x1d4\n"
         "build id: ", N(sha(), "build_id"), "\n")
    case("stack_trace", "en",
         "Ruby on Rails error page, better_errors console, frame UsersController#show:\n"
         ">> @user.attributes\n=> {\"id\"=>4412, \"name\"=>\"Siobhan Kearney\", \"email\"=>\"", L("siobhan.kearney@eircom.net", "email_address"),
         "\", \"encrypted_password\"=>\"", L(bcrypt(), "password_hash"), "\", \"otp_secret\"=>\"", L(rs(32, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), "password_assignment"),
         "\", \"created_at\"=>", N("2022-09-01 10:11:12 UTC", "timestamp"), "}\n")
    case("stack_trace", "fr",
         "PHP Warning avec dump de variables (xdebug) sur la page de paiement :\n"
         "Warning: Undefined array key \"cvc\" in /var/www/checkout.php on line 211\n"
         "array(3) {\n  [\"titulaire\"]=> string(15) \"Maxence Arnoult\"\n  [\"numero\"]=> string(16) \"",
         L(card("visa"), "payment_card"), "\"\n  [\"rib\"]=> string(27) \"", L(iban("FR"), "iban"), "\"\n}\n")
    case("stack_trace", "en",
         "Python exception from the Lambda logs (CloudWatch):\n"
         "botocore.exceptions.ClientError: An error occurred (ExpiredToken) when calling the GetObject operation\n"
         "  session_kwargs = {'aws_access_key_id': '", L(akia("ASIA"), "aws_access_key_id"), "', 'aws_secret_access_key': '",
         L(aws_secret(), "aws_secret_key"), "', 'aws_session_token': '", L(aws_session(), "aws_secret_key"), "'}\n")
    case("stack_trace", "fr",
         "Exception Java côté back-office (copiée depuis la console d'admin) :\n"
         "javax.naming.AuthenticationException: [LDAP: error code 49 - 80090308: LdapErr: DSID-0C090447, comment: AcceptSecurityContext error, data 52e, v3839]\n"
         "\tat com.sun.jndi.ldap.LdapCtx.mapErrorCode(LdapCtx.java:3259)\n"
         "Contexte : java.naming.security.credentials=", N("<masqué>", "placeholder"), " — pas de secret ici, seul le code d'erreur ", N("52e", "error_code"), " est utile.\n")
    case("stack_trace", "en",
         "Unhandled rejection in the Slack bot:\nSlackAPIError: invalid_auth\n    at WebClient.apiCall (node_modules/@slack/web-api/dist/WebClient.js:", N("221", "line_number"), ")\n"
         "  token: '", L(slack_tok("xoxb"), "slack_token"), "',\n  channel: 'C04" + rs(8, string.ascii_uppercase + string.digits) + "'\n")
    case("stack_trace", "fr",
         "Dump de débogage .NET (variables locales de la méthode EnvoyerAttestation) :\n"
         "  salarie.Nom = \"Lacombe\"\n  salarie.Prenom = \"Rémi\"\n  salarie.NumeroSecu = \"", L(nir_fmt(1, 88, 9, "33"), "national_id"),
         "\"\n  salarie.Adresse = \"", L("22 cours de l'Yser, 33800 Bordeaux", "postal_address"), "\"\n  smtp.Password = \"",
         L("Attest@t10n-Mail", "password_assignment"), "\"\n")
    case("stack_trace", "en",
         "Traceback (most recent call last):\n  File \"/usr/lib/python3.11/ssl.py\", line 1342, in do_handshake\n"
         "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate\n"
         "peer cert:\n", N(cert(), "certificate"), "\n")


    case("stack_trace", "fr",
         "Le mot de passe qu'on s'était échangé par téléphone apparaît dans la trace — c'est bien ", L("Pivoine_Orage_17", "password_assignment"),
         ", sans aucun mot-clé autour :\nTraceback (most recent call last):\n  File \"sync.py\", line 12, in <module>\n    login(\"gestion\", \"",
         L("Pivoine_Orage_17", "password_assignment"), "\")\nConnectionError: ", N("10.9.8.7", "infrastructure_info"), " unreachable\n"
         "Contact reporter : AnaïsBer ", N("anais.ber@cyberlab.fr", "reporter_email"), " / ", N("+33 4 72 00 11 22", "reporter_phone"), " 😉\n",
         reporter_email="anais.ber@cyberlab.fr")

# ================================================================= source_code
def gen_source_code():
    case("source_code", "en",
         "config.py (committed to the public repo at tag v2.3.0):\n\n```python\nimport os\n\n"
         "STRIPE_WEBHOOK_SECRET = \"", L(stripe("whsec_"), "stripe_key"), "\"\nDEBUG = False\n"
         "# TODO move to env\nGOOGLE_MAPS_KEY = '", L(gapi(), "google_api_key"), "'\n```\n")
    case("source_code", "fr",
         "Fichier `tests/fixtures/clients.py` du dépôt — des données réelles ont servi de jeu de test :\n\n"
         "CLIENTS = [\n    {\"nom\": \"Chauvin\", \"prenom\": \"Margaux\", \"nir\": \"", L(nir_fmt(2, 94, 7, "35"), "national_id"),
         "\",\n     \"adresse\": \"", L("11 rue de Châteaugiron, 35000 Rennes", "postal_address"), "\"},\n"
         "    {\"nom\": \"Doe\", \"prenom\": \"John\", \"email\": \"", DOC("john.doe@example.org", "email_address"), "\"},\n]\n")
    case("source_code", "en",
         "```java\n// Clean: values come from the vault at runtime\n@Value(\"${spring.datasource.password}\")\nprivate String dbPassword;\n\n"
         "private static final String API_KEY = System.getenv(\"", N("PAYMENT_API_KEY", "env_var_name"), "\");\n"
         "private static final int PASSWORD_MIN_LENGTH = 12;  // ", N("password_min_length: 12", "setting"), "\n"
         "private static final String SAMPLE_UUID = \"", N(uid(), "uuid"), "\";\n```\n")
    case("source_code", "en",
         "main.go, line 14 — the GitLab token used by the release tool:\n\n```go\nconst gitlabToken = \"", L(glpat(), "gitlab_token"),
         "\"\n\nfunc client() *gitlab.Client {\n\tc, _ := gitlab.NewClient(gitlabToken, gitlab.WithBaseURL(\"https://", L("git.build.internal", "internal_hostname"), "/api/v4\"))\n\treturn c\n}\n```\n")
    case("source_code", "fr",
         "Dans `app/src/main/res/values/secrets.xml` de l'APK décompilé :\n\n```xml\n<resources>\n"
         "    <string name=\"maps_key\">", L(gapi(), "google_api_key"), "</string>\n"
         "    <string name=\"backend_url\">https://", N("api.exemple-mobile.fr", "public_hostname"), "</string>\n"
         "    <string name=\"hf\">", L(hf_key(), "ai_api_key"), "</string>\n</resources>\n```\n")
    case("source_code", "fr",
         "Code PHP propre — uniquement des exemples et des empreintes de version :\n\n```php\n<?php\n// Exemple : define('DB_PASSWORD', 'votre-mot-de-passe');\n"
         "define('DB_PASSWORD', getenv('DB_PASSWORD'));\ndefine('APP_VERSION', '", N("5.4.2", "version"), "');\n"
         "$hash = '", N(md5(), "md5"), "'; // md5 du fichier d'install\n$exemple = '", N("your-password-here", "placeholder"), "';\n```\n")
    case("source_code", "en",
         "```csharp\n// Program.cs — connection string left in source\nvar cs = \"", 
         L("Server=tcp:crm-prod.database.windows.net,1433;Initial Catalog=crm;User ID=crmadmin;Password=Yq8#mP2vLs!;Encrypt=True;", "connection_string"),
         "\";\nvar blob = new BlobServiceClient(\"", L(azure_conn("crmattachments"), "azure_connection_string"), "\");\n```\n")
    case("source_code", "fr",
         "Extrait JavaScript du bundle servi en production (main.8f3a1c.js) :\n\n"
         "const firebaseConfig={apiKey:\"", L(gapi(), "google_api_key"), "\",authDomain:\"shop-fr.firebaseapp.com\",projectId:\"shop-fr\"};\n"
         "const ADMIN_PASS=\"", L("Boutique!Adm1n", "password_assignment"), "\"; // TODO retirer\n")
    case("source_code", "en",
         "Test file `spec/fixtures/keys/test_rsa` shipped in the npm package (it is the *live* deploy key, not a fixture):\n\n",
         L(pem("RSA PRIVATE KEY", 10), "private_key"), "\n")
    case("source_code", "fr",
         "```python\n# Fichier d'exemple de la doc — clés bidon\nAWS_ACCESS_KEY_ID = \"", DOC("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id"),
         "\"\nAWS_SECRET_ACCESS_KEY = \"", DOC("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_key"),
         "\"\nREGION = \"eu-west-3\"\nCOMMIT = \"", N(sha(), "git_sha"), "\"\n```\n")
    case("source_code", "en",
         "```python\n# anthropic client used by the support bot\nclient = anthropic.Anthropic(\n    api_key=\"", L(anthropic_key(), "ai_api_key"),
         "\",\n)\n# fallback\nopenai.api_key = os.environ.get(\"OPENAI_API_KEY\", \"", N("sk-...", "placeholder"), "\")\n```\n")
    case("source_code", "fr",
         "Composant Go propre, plein de valeurs qui ressemblent à des secrets :\n\n```go\nconst (\n\tDefaultTimeout = 30 * time.Second\n"
         "\tSchemaID = \"", N(uid(), "uuid"), "\"\n\tOIDSha256 = \"", N("2.16.840.1.101.3.4.2.1", "oid"), "\"\n"
         "\tEmptySHA256 = \"", N("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "sha256"), "\"\n"
         "\tTokenHeader = \"Authorization: Bearer <TOKEN>\"\n)\n```\n")
    case("source_code", "en",
         "```javascript\n// webhook.js (deleted in a later commit but still in history at ", N(sha()[:12], "git_sha"), ")\n"
         "const SLACK = '", L(slack_hook(), "slack_webhook"), "';\nconst NPM_TOKEN = '", L(npm_tok(), "npm_token"), "';\n```\n")

# ================================================================= k8s_manifest
def gen_k8s():
    pw = "Vx9!rTq2-pgAdmin"
    case("k8s_manifest", "en",
         "Secret committed in deploy/postgres-secret.yaml:\n\n```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: pg-admin\n  namespace: data\ntype: Opaque\ndata:\n"
         "  username: ", N(b64("postgres"), "base64_non_secret"), "\n  password: ", L(b64(pw), "password_assignment"), "\n```\n"
         "(`password` decodes to the live admin password)\n")
    case("k8s_manifest", "fr",
         "values.yaml du chart Helm publié sur l'ArtifactHub de l'éditeur :\n\n```yaml\nimage:\n  repository: registry.exemple.fr/portail\n  tag: \"", N("2.9.1", "version"), "\"\n"
         "smtp:\n  host: smtp.exemple.fr\n  user: notifications\n  password: \"", L("N0tif-Smtp#88", "password_assignment"), "\"\n"
         "sentry:\n  dsn: ", L("https://" + hexs(32) + ":" + hexs(32) + "@sentry.exemple.fr/12", "url_credentials"), "\n```\n")
    case("k8s_manifest", "en",
         "```yaml\n# docker-compose.yml (clean: every secret comes from env or secrets)\nservices:\n  db:\n    image: postgres:", N("16.3", "version"), "\n"
         "    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/pg_pw\n      POSTGRES_USER: ${PG_USER}\n  app:\n    image: acme/app@sha256:", N(sha256(), "sha256"), "\n"
         "    environment:\n      API_KEY: ", N("${API_KEY}", "placeholder"), "\n      SESSION_SECRET: ", N("\"changeme\"", "placeholder"), "\n"
         "secrets:\n  pg_pw:\n    file: ./pg_pw.txt\n```\n")
    case("k8s_manifest", "fr",
         "docker-compose.yml trouvé à la racine du site (https://…/docker-compose.yml) :\n\n```yaml\nservices:\n  wordpress:\n    environment:\n"
         "      WORDPRESS_DB_HOST: ", L("172.19.0.3", "private_ip"), "\n      WORDPRESS_DB_USER: wp\n      WORDPRESS_DB_PASSWORD: ", L("wp_Pr0d_2021", "password_assignment"),
         "\n  mailer:\n    environment:\n      SENDGRID_API_KEY: ", L(sendgrid(), "sendgrid_key"), "\n```\n")
    dock = json.dumps({"auths": {"registry.gitlab.com": {"auth": b64("ci:" + glpat())}}}, separators=(",", ":"))
    case("k8s_manifest", "en",
         "imagePullSecret in the public manifests repo:\n\n```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\ndata:\n"
         "  .dockerconfigjson: ", L(b64(dock), "gitlab_token", also=["password_assignment"]), "\n```\n(decodes to a registry auth carrying a glpat- token)\n")
    case("k8s_manifest", "fr",
         "ConfigMap — pas de secret, mais on voit la topologie interne :\n\n```yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n"
         "  DB_HOST: ", N("pg-primary.data.svc.cluster.local", "infrastructure_info"), "\n  REDIS_URL: ", N("redis://redis-master.cache.svc:6379/0", "infrastructure_info"),
         "\n  LOG_LEVEL: info\n  PASSWORD_MIN_LENGTH: \"12\"\n  FEATURE_FLAGS: \"", N("a1b2c3d4e5f6a7b8c9d0", "hex_flag"), "\"\n```\n")
    case("k8s_manifest", "en",
         "Helm values override posted in a GitHub issue by the customer:\n\n```yaml\nauth:\n  jwtSecret: ", L(rs(44, B64), "password_assignment"),
         "\n  oidc:\n    clientId: portal\n    clientSecret: ", L(rs(32), "password_assignment"), "\nstorage:\n  s3:\n    accessKey: ", L(akia(), "aws_access_key_id"),
         "\n    secretKey: ", L(aws_secret(), "aws_secret_key"), "\n```\n")
    tls = pem("PRIVATE KEY", 8)
    case("k8s_manifest", "fr",
         "Secret TLS du namespace `facturation` (stringData, donc en clair) :\n\n```yaml\napiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: |\n    ",
         N(cert().replace("\n", "\n    "), "certificate"), "\n  tls.key: |\n    ", L(tls.replace("\n", "\n    "), "private_key"), "\n```\n")
    case("k8s_manifest", "en",
         "Kubernetes Secret with base64 data that is *not* secret (only a public CA bundle and a hostname):\n\n```yaml\ndata:\n  ca.crt: ",
         N(b64("-----BEGIN CERTIFICATE-----\nMIIB" + rs(40, B64) + "\n-----END CERTIFICATE-----"), "certificate"), "\n  host: ", N(b64("ldap.example.net"), "base64_non_secret"),
         "\n  password: ", N(b64("REDACTED"), "base64_placeholder"), "\n```\n")
    case("k8s_manifest", "fr",
         "Extrait de kustomization (secretGenerator avec littéraux) :\n\n```yaml\nsecretGenerator:\n- name: app-secrets\n  literals:\n"
         "  - STRIPE_KEY=", L(stripe("rk_live_"), "stripe_key"), "\n  - TWILIO_AUTH_TOKEN=", L(hexs(32), "twilio_key", also=["password_assignment"]),
         "\n  - ADMIN_EMAIL=", N("admin@exemple-editeur.fr", "company_contact"), "\n```\n")
    case("k8s_manifest", "fr",
         "Deployment — la variable d'environnement contient une URL avec identifiants :\n\n```yaml\n        env:\n        - name: AMQP_URL\n          value: \"",
         L("amqp://orders:R4bb1t-0rd3rs@rabbitmq.messaging:5672/prod", "url_credentials", also=["connection_string"]), "\"\n        - name: TZ\n          value: Europe/Paris\n```\n")
    case("k8s_manifest", "en",
         "```yaml\n# Deployment env from the vendor's quickstart — documented placeholders only\nenv:\n  - name: DATABASE_URL\n    value: \"",
         N("postgres://user:password@localhost:5432/db", "placeholder"), "\"\n  - name: JWT_SECRET\n    valueFrom:\n      secretKeyRef: {name: app, key: jwt}\n"
         "  - name: CONTACT\n    value: ", N("noreply@example.com", "doc_email"), "\n```\n")


# ================================================================= terraform
def gen_terraform():
    case("terraform", "en",
         "terraform.tfvars committed alongside main.tf:\n\n```hcl\nregion          = \"eu-west-1\"\ndb_username     = \"tfadmin\"\ndb_password     = \"",
         L("Tf-Rds-9921!x", "password_assignment"), "\"\ncloudflare_token = \"", L(rs(40, ALNUM + "_-"), "password_assignment"), "\"\n```\n")
    sa = json.dumps({"type": "service_account", "project_id": "meteo-fr-prod", "private_key_id": hexs(40),
                     "private_key": pem("PRIVATE KEY", 6) + "\n", "client_email": "tf-runner@meteo-fr-prod.iam.gserviceaccount.com",
                     "client_id": rs(21, string.digits)})
    case("terraform", "fr",
         "Dans le tfstate (bucket GCS lisible publiquement), ressource google_service_account_key :\n\n"
         "{\n  \"type\": \"google_service_account_key\",\n  \"instances\": [{\"attributes\": {\n    \"name\": \"projects/meteo-fr-prod/serviceAccounts/tf-runner/keys/",
         N(hexs(40), "key_id"), "\",\n    \"private_key\": \"", L(b64(sa), "gcp_service_account", also=["private_key"]),
         "\",\n    \"valid_after\": \"", N("2024-01-09T10:00:00Z", "timestamp"), "\"\n  }}]\n}\n")
    case("terraform", "en",
         "main.tf (clean — uses variables and a data source for the secret):\n\n```hcl\nvariable \"db_password\" {\n  type      = string\n  sensitive = true\n}\n\n"
         "resource \"aws_db_instance\" \"main\" {\n  engine         = \"postgres\"\n  engine_version = \"", N("15.4", "version"), "\"\n  password       = var.db_password\n"
         "  kms_key_id     = \"arn:aws:kms:eu-west-1:", N("123456789012", "doc_account_id"), ":key/", N(uid(), "uuid"), "\"\n}\n```\n")
    case("terraform", "fr",
         "Extrait de terraform.tfstate : la sortie `sensitive` est quand même stockée en clair.\n\n"
         "\"outputs\": {\n  \"admin_password\": {\"value\": \"", L("qW7#Lm-Adm-2024", "password_assignment"), "\", \"type\": \"string\", \"sensitive\": true},\n"
         "  \"vpn_psk\": {\"value\": \"", L("PSK-" + rs(24), "password_assignment"), "\", \"type\": \"string\", \"sensitive\": true}\n}\n")
    case("terraform", "en",
         "tfstate, resource azurerm_storage_account.logs:\n\n\"attributes\": {\n  \"name\": \"stlogsprod01\",\n  \"primary_connection_string\": \"",
         L(azure_conn("stlogsprod01"), "azure_connection_string"), "\",\n  \"primary_blob_endpoint\": \"https://stlogsprod01.blob.core.windows.net/\",\n"
         "  \"sas\": \"?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2025-12-31T00:00:00Z&spr=https&sig=", L(azure_sig(), "azure_sas_token"), "\"\n}\n")
    case("terraform", "fr",
         "Variables du module réseau (propre : aucun secret, uniquement des plages privées et des versions) :\n\n```hcl\nvpc_cidr      = \"", N("10.42.0.0/16", "infrastructure_info"),
         "\"\nsubnets       = [\"", N("10.42.1.0/24", "infrastructure_info"), "\", \"", N("10.42.2.0/24", "infrastructure_info"), "\"]\n"
         "dns_zone      = \"", N("prod.interne.exemple.fr", "infrastructure_info"), "\"\nprovider_ver  = \"", N("~> 5.31", "version"), "\"\nadmin_password = \"", N("REDACTED", "placeholder"), "\"\n```\n")
    ak = akia(); sk = aws_secret()
    case("terraform", "en",
         "provider block hard-coding IAM keys (found in the vendor's public examples repo):\n\n```hcl\nprovider \"aws\" {\n  region     = \"us-east-1\"\n"
         "  access_key = \"", L(ak, "aws_access_key_id"), "\"\n  secret_key = \"", L(sk, "aws_secret_key"), "\"\n}\n```\n")
    case("terraform", "fr",
         "tfvars du projet monitoring :\n\n```hcl\ngrafana_admin_password = \"", L("Graf@na-Supervision", "password_assignment"), "\"\n"
         "pagerduty_contact      = \"", L("+33 6 12 48 93 70", "phone_number"), "\"  # portable perso de l'astreinte (Vincent)\n"
         "slack_webhook          = \"", L(slack_hook(), "slack_webhook"), "\"\n```\n")
    case("terraform", "en",
         "tfstate output for the bastion's generated key pair (tls_private_key):\n\n\"private_key_openssh\": \"",
         L(openssh_key().replace("\n", "\\n"), "private_key"), "\",\n\"public_key_fingerprint_sha256\": \"", N("SHA256:" + rs(43, B64), "ssh_fingerprint"), "\"\n")
    case("terraform", "fr",
         "Plan Terraform — les valeurs sensibles sont correctement masquées, c'est pour montrer le comportement attendu :\n\n"
         "  # aws_db_instance.main will be updated in-place\n  ~ resource \"aws_db_instance\" \"main\" {\n      ~ password = (sensitive value)\n"
         "        id       = \"", N("db-" + rs(26, string.ascii_uppercase + string.digits), "resource_id"), "\"\n    }\n\nPlan: 0 to add, 1 to change, 0 to destroy.\n")
    case("terraform", "fr",
         "Fichier backend.tf : l'URL du backend HTTP contient les identifiants.\n\n```hcl\nterraform {\n  backend \"http\" {\n    address = \"",
         L("https://tfstate:Et4t-Tf-2023@gitlab.interne.exemple.fr/api/v4/projects/42/terraform/state/prod", "url_credentials"), "\"\n  }\n}\n```\n")
    case("terraform", "en",
         "github provider configured with a token in plain text (modules/ci/providers.tf):\n\n```hcl\nprovider \"github\" {\n  owner = \"acme-corp\"\n  token = \"",
         L(github_pat(), "github_token"), "\"\n}\n```\n")
    case("terraform", "en",
         "terraform.lock.hcl — included only because a reviewer asked; hashes are public package checksums:\n\n"
         "provider \"registry.terraform.io/hashicorp/aws\" {\n  version = \"", N("5.31.0", "version"), "\"\n  hashes = [\n    \"h1:", N(base64.b64encode(bytes(R.randrange(256) for _ in range(32))).decode(), "package_hash"),
         "\",\n    \"zh:", N(sha256(), "sha256"), "\",\n  ]\n}\n")

# ================================================================= sql_dump
def gen_sql_dump():
    case("sql_dump", "en",
         "Excerpt of the backup `users_2024-05.sql` served from /backup/ without auth:\n\n"
         "INSERT INTO `users` (`id`,`email`,`password`,`phone`,`created`) VALUES\n"
         "(101,'", L("marisol.echeverri@yahoo.com", "email_address"), "','", L(sha512crypt(), "password_hash"), "','", L("+1 305 884 2916", "phone_number"), "','", N("2021-03-04 11:12:13", "timestamp"), "'),\n"
         "(102,'", L("b.ostrowski@gmx.de", "email_address"), "','", L(sha512crypt(), "password_hash"), "','", L("+49 1522 7781045", "phone_number"), "','", N("2021-03-05 08:00:41", "timestamp"), "');\n")
    case("sql_dump", "fr",
         "Dump de la table patients (fichier dump_clinique.sql, 2 lignes montrées sur 12 000) :\n\n"
         "INSERT INTO patients (id, nom, prenom, date_naissance, nir, pathologie) VALUES\n"
         "(7, 'Cordier', 'Aline', '", L("1975-01-28", "date_of_birth"), "', '", L(nir_fmt(2, 75, 1, "59").replace(" ", ""), "national_id"), "', '", L("cancer du sein, HER2+", "health_data"), "'),\n"
         "(8, 'Morvan', 'Yannick', '", L("1969-06-30", "date_of_birth"), "', '", L(nir_fmt(1, 69, 6, "22").replace(" ", ""), "national_id"), "', '", L("VIH, sous trithérapie", "health_data"), "');\n")
    case("sql_dump", "en",
         "Schema-only dump (clean — structure, no rows):\n\nCREATE TABLE `customers` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  `email` varchar(255) NOT NULL,\n"
         "  `password_hash` char(60) NOT NULL,\n  `iban` varchar(34) DEFAULT NULL,\n  `dob` date DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n"
         "-- Dump completed on ", N("2024-05-31 23:00:02", "timestamp"), "\n-- Server version ", N("8.0.36", "version"), "\n")
    case("sql_dump", "fr",
         "INSERT INTO clients (id, raison_sociale, contact, iban, siret) VALUES\n"
         "(1, 'Boulangerie Lemoine', 'Gérard Lemoine', '", L(iban("FR"), "iban"), "', '", N(siret(), "siret"), "'),\n"
         "(2, 'Garage des Quatre Routes', 'Sandrine Paillard', '", L(iban("FR"), "iban"), "', '", N(siret(), "siret"), "');\n"
         "-- (base de facturation exposée sur le port 3306 de ", L("10.50.3.12", "private_ip"), ")\n")
    case("sql_dump", "en",
         "pg_dump of the `api_tokens` table:\n\nCOPY public.api_tokens (id, user_id, token, created_at) FROM stdin;\n"
         "1\t17\t", L(ghp("gho_"), "github_token"), "\t", N("2024-02-01 09:00:00+00", "timestamp"), "\n"
         "2\t23\t", L(slack_tok("xoxp"), "slack_token"), "\t", N("2024-02-03 14:22:10+00", "timestamp"), "\n\\.\n")
    case("sql_dump", "fr",
         "Table `reservations` de l'agence de voyage (dump MySQL) :\n\nINSERT INTO reservations VALUES\n"
         "(5531,'Hoarau','Cindy','", L(pnr(), "travel_record"), "','", L("TX0976 RUN-ORY 02/08 siège 41A", "travel_record"), "','", L("18CR62019", "identity_document"), "'),\n"
         "(5532,'Payet','Jérémy','", L(pnr(), "travel_record"), "','", L("TX0976 RUN-ORY 02/08 siège 41B", "travel_record"), "','", L("20RE11874", "identity_document"), "');\n")
    case("sql_dump", "en",
         "Lookup tables only — country codes and currencies, nothing personal:\n\nINSERT INTO currencies VALUES ('EUR','Euro',2),('GBP','Pound sterling',2),('JPY','Yen',0);\n"
         "INSERT INTO app_settings (k, v) VALUES ('password_min_length','12'),('session_ttl','3600'),('support_email','", N("support@acme-corp.com", "company_contact"), "'),"
         "('smtp_password','", N("__SET_IN_ENV__", "placeholder"), "');\n")
    case("sql_dump", "fr",
         "Table des employés (SQLite, .dump) :\n\nINSERT INTO employes VALUES(12,'Tessier','Mylène','", L("mylene.tessier@laposte.net", "email_address"),
         "','", L("41 500", "employment_data"), "','", L("Licenciement envisagé — entretien le 14/06", "employment_data"), "');\n"
         "INSERT INTO employes VALUES(13,'Nguyen','Bao','", L("bao.nguyen.pro@gmail.com", "email_address"), "','", L("38 900", "employment_data"), "',NULL);\n")
    case("sql_dump", "en",
         "wp_users rows from the exposed WordPress database:\n\nINSERT INTO `wp_users` VALUES (1,'admin','", L("$P$B" + rs(31, "./" + ALNUM), "password_hash"),
         "','admin','", L("c.holloway@hollowayjoinery.co.uk", "email_address"), "','',", N("'2019-07-22 10:03:11'", "timestamp"), ",'',0,'admin');\n"
         "INSERT INTO `wp_options` VALUES (3,'admin_email','", L("c.holloway@hollowayjoinery.co.uk", "email_address"), "','yes');\n")
    case("sql_dump", "fr",
         "Dump de la table `cartes_fidelite` — numéros de carte bancaire enregistrés en clair :\n\n"
         "INSERT INTO cartes_fidelite (client_id, pan, expiration, titulaire) VALUES\n(3381, '", L(card("visa"), "payment_card"), "', '", L("2026-09", "payment_card", optional=True), "', 'P. GAUTHIER'),\n"
         "(3382, '", L(card("mc"), "payment_card"), "', '", L("2027-02", "payment_card", optional=True), "', 'S. BENHAMOU');\n")
    case("sql_dump", "fr",
         "Migration Flyway V12__seed.sql — données de démonstration uniquement (propre) :\n\n"
         "INSERT INTO utilisateurs (id, email, mot_de_passe, telephone) VALUES\n(1, '", N("alice@exemple.test", "doc_email"), "', '", N("{noop}changeme", "placeholder"),
         "', '", N("+33 1 99 00 00 00", "doc_phone"), "'),\n(2, '", N("bob@exemple.test", "doc_email"), "', '", N("<à définir>", "placeholder"), "', NULL);\n")
    case("sql_dump", "en",
         "Session table from the same dump (still-valid sessions):\n\nINSERT INTO sessions (sid, user_id, expires) VALUES\n('",
         L("s%3A" + rs(32, B64U) + "." + rs(43, B64U), "session_cookie"), "', 101, ", N("'2024-06-30 00:00:00'", "timestamp"), ");\n")
    case("sql_dump", "fr",
         "Table `candidats` du site de recrutement (pg_dump, format COPY) :\n\nCOPY candidats (id, nom, adresse, telephone, handicap) FROM stdin;\n"
         "88\tRobin Faure\t", L("4 rue Sainte-Catherine 54000 Nancy", "postal_address"), "\t", L(fr_mobile(), "phone_number"), "\t", L("RQTH — surdité partielle", "health_data"), "\n"
         "89\tÉlodie Carré\t", L("18 quai Claude Le Lorrain 54000 Nancy", "postal_address"), "\t", L(fr_mobile(), "phone_number"), "\t\\N\n\\.\n")
    case("sql_dump", "en",
         "Table `employees_tax` (UK payroll, MySQL dump):\n\nINSERT INTO employees_tax VALUES ('Gwilym Prydderch','", L(nino().replace(" ", ""), "national_id"),
         "','", L("UTR " + rs(10, string.digits), "tax_record"), "','", L("£6,412.00", "tax_record"), "');\n")

# ================================================================= main
def build():
    CASES.clear()
    gen_json_api(); gen_csv_export(); gen_spreadsheet(); gen_ocr(); gen_pdf(); gen_command_line()
    gen_shell_history(); gen_server_log(); gen_stack_trace(); gen_source_code(); gen_k8s(); gen_terraform(); gen_sql_dump()
    return CASES

ALLOWED_KEYS = {"id", "carrier", "language", "text", "labels", "negatives", "reporter_email"}

def sanity(cases):
    errs = []
    ids = set()
    for c in cases:
        t = c["text"]; b = t.encode("utf-16-le"); n = len(b) // 2
        if c["id"] in ids: errs.append("dup id " + c["id"])
        ids.add(c["id"])
        if c["language"] not in ("en", "fr"): errs.append(c["id"] + " language")
        spans = []
        for i, l in enumerate(c["labels"]):
            if not (0 <= l["start"] < l["end"] <= n): errs.append("%s label %d bounds" % (c["id"], i)); continue
            v = b[2 * l["start"]:2 * l["end"]].decode("utf-16-le")
            if v != v.strip() or not v: errs.append("%s label %d whitespace %r" % (c["id"], i, v))
            if l["category"] not in GROUP or l["group"] != GROUP[l["category"]]: errs.append("%s label %d cat" % (c["id"], i))
            for a in l.get("also", []):
                if a not in GROUP: errs.append("%s label %d also %s" % (c["id"], i, a))
            if l["severity"] not in ("critical", "high", "medium", "info"): errs.append(c["id"] + " severity")
            spans.append((l["start"], l["end"]))
        spans.sort()
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            if s2 < e1: errs.append("%s overlapping labels" % c["id"])
        for l in c["negatives"]:
            if not (0 <= l["start"] < l["end"] <= n): errs.append("%s negative bounds" % c["id"])
            for s, e in spans:
                if l["start"] < e and s < l["end"]: errs.append("%s negative overlaps label" % c["id"])
        if "_expect" in c:
            got = [b[2 * x["start"]:2 * x["end"]].decode("utf-16-le") for x in c["labels"] + c["negatives"]]
            if got != c["_expect"]: errs.append(c["id"] + " slice mismatch")
    return errs

def validators(cases):
    """Check the format validity of generated values (Luhn, IBAN, MRZ, NIR, DNI, ghp CRC)."""
    errs = []
    for c in cases:
        b = c["text"].encode("utf-16-le")
        for l in c["labels"]:
            v = b[2 * l["start"]:2 * l["end"]].decode("utf-16-le")
            cat = l["category"]
            if cat == "payment_card" and len(v) >= 13 and "X" not in v and "/" not in v and "-" not in v:
                if not luhn_ok(v): errs.append("%s luhn %s" % (c["id"], v))
            if cat == "iban" and not iban_ok(v): errs.append("%s iban %s" % (c["id"], v))
            if cat == "github_token" and v[:4] in ("ghp_", "gho_"):
                body = v[4:34]
                if b62(binascii.crc32(body.encode()) & 0xFFFFFFFF, 6) != v[34:]: errs.append(c["id"] + " ghp crc")
            if cat == "national_id":
                d = v.replace(" ", "")
                if len(d) == 15 and d.isdigit() and 97 - int(d[:13]) % 97 != int(d[13:]): errs.append(c["id"] + " nir")
                if len(d) == 9 and d[:8].isdigit() and "TRWAGMYFPDXBNJZSQVHLCKE"[int(d[:8]) % 23] != d[8]: errs.append(c["id"] + " dni")
            if cat == "identity_document" and len(v) == 44 and v[0] != "P":
                comp = v[0:10] + v[13:20] + v[21:43]
                if mrz_cd(v[0:9]) != v[9] or mrz_cd(v[13:19]) != v[19] or mrz_cd(v[21:27]) != v[27] or mrz_cd(comp) != v[43]:
                    errs.append(c["id"] + " mrz")
    # ICAO 9303 specimen self-test of the check-digit routine
    assert mrz_cd("L898902C3") == "6" and mrz_cd("740812") == "2" and mrz_cd("120415") == "9"
    assert luhn_ok("4111111111111111") and iban_ok("GB82WEST12345698765432")
    assert codice_fiscale("RSS", "MRA", 80, 1, 1, False, "H501")[-1] == cf_check("RSSMRA80A01H501")
    assert u16("é😀a") == 4
    return errs

def dump(cases):
    out = []
    for c in cases:
        d = {k: c[k] for k in ("id", "carrier", "language", "text", "labels", "negatives")}
        if "reporter_email" in c: d["reporter_email"] = c["reporter_email"]
        out.append(json.dumps(d, ensure_ascii=False, sort_keys=False))
    return "\n".join(out) + "\n"

def main():
    cases = build()
    errs = sanity(cases) + validators(cases)
    data = dump(cases)
    path = os.path.join(HERE, "cases.jsonl")
    if "--check" in sys.argv:
        with open(path, encoding="utf-8") as f:
            committed = f.read()
        if committed != data: errs.append("cases.jsonl differs from generated output")
        back = [json.loads(x) for x in committed.splitlines()]
        errs += sanity(back)
        if errs:
            print("\n".join(errs)); sys.exit(1)
        print("OK: %d cases, cases.jsonl matches, all spans sane" % len(back))
        return
    if errs:
        print("\n".join(errs)); sys.exit(1)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)
    print("wrote %d cases" % len(cases))

if __name__ == "__main__":
    main()
