#!/usr/bin/env python3
"""Blind test corpus (b6) for a sensitive-data scanner in PSIRT vulnerability reports.

Written from the brief only. Standard library only, one seeded random.Random, deterministic output.
  python3 gen_blind6.py            -> writes cases.jsonl next to this file
  python3 gen_blind6.py --check    -> verifies cases.jsonl equals what would be generated + span sanity
"""
import base64, hashlib, json, os, random, string, sys, zlib

R = random.Random(0xB16B6)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.jsonl")

CRED = {"private_key", "aws_access_key_id", "aws_secret_key", "github_token", "gitlab_token", "slack_token",
        "slack_webhook", "stripe_key", "google_api_key", "gcp_service_account", "azure_connection_string",
        "azure_sas_token", "npm_token", "pypi_token", "sendgrid_key", "twilio_key", "ai_api_key", "jwt",
        "url_credentials", "connection_string", "authorization_header", "session_cookie",
        "password_assignment", "password_hash"}
PERS_HIGH = {"payment_card", "iban", "national_id", "date_of_birth", "identity_document", "postal_address",
             "health_data", "employment_data", "tax_record", "travel_record"}
PERS_MED = {"email_address", "phone_number"}
INFRA = {"private_ip", "internal_hostname"}


def group_sev(cat):
    if cat in CRED: return "credentials", "critical"
    if cat in PERS_HIGH: return "personal", "high"
    if cat in PERS_MED: return "personal", "medium"
    if cat in INFRA: return "infrastructure", "info"
    raise ValueError(cat)

# ---------------------------------------------------------------- span builder
class L:
    """A labelled value."""
    def __init__(self, value, cat, sev=None, also=None, optional=False):
        assert value == value.strip() and value, repr(value)
        group_sev(cat)
        self.value, self.cat, self.sev, self.also, self.optional = value, cat, sev, also, optional

class N:
    """A hard negative."""
    def __init__(self, value, kind):
        assert value, kind
        self.value, self.kind = value, kind

def doc(value, cat):
    """Documentation / example value: labelled, severity info."""
    return L(value, cat, sev="info")

def u16(s):
    return len(s.encode("utf-16-le")) // 2

def fill(tpl, **kw):
    """Template with ⟦name⟧ slots. Returns (text, labels, negatives, expected) with UTF-16 offsets."""
    out, labels, negs, expect = [], [], [], []
    pos = 0
    i = 0
    while True:
        j = tpl.find("⟦", i)
        if j < 0:
            out.append(tpl[i:]); break
        k = tpl.index("⟧", j)
        out.append(tpl[i:j]); pos += u16(tpl[i:j])
        v = kw[tpl[j + 1:k]]
        if isinstance(v, L):
            g, s = group_sev(v.cat)
            lab = {"start": pos, "end": pos + u16(v.value), "category": v.cat, "severity": v.sev or s, "group": g}
            if v.also: lab["also"] = list(v.also)
            if v.optional: lab["optional"] = True
            labels.append(lab); expect.append(("L", v.value)); text = v.value
        elif isinstance(v, N):
            negs.append({"start": pos, "end": pos + u16(v.value), "kind": v.kind}); expect.append(("N", v.value)); text = v.value
        else:
            text = str(v)
        out.append(text); pos += u16(text)
        i = k + 1
    return "".join(out), labels, negs, expect

# ---------------------------------------------------------------- random helpers
def pick(seq): return R.choice(seq)
def digits(n): return "".join(R.choice(string.digits) for _ in range(n))
def chars(n, alphabet): return "".join(R.choice(alphabet) for _ in range(n))
ALNUM = string.ascii_letters + string.digits
UPNUM = string.ascii_uppercase + string.digits
LOWNUM = string.ascii_lowercase + string.digits
HEX = "0123456789abcdef"
B64 = string.ascii_letters + string.digits + "+/"
B64U = string.ascii_letters + string.digits + "-_"
def hexs(n): return chars(n, HEX)
def b64u(b): return base64.urlsafe_b64encode(b).decode().rstrip("=")
def rbytes(n): return bytes(R.randrange(256) for _ in range(n))

# ---------------------------------------------------------------- people
FR_FIRST_F = ["Margaux", "Inès", "Léa", "Solène", "Maëlys", "Océane", "Anaïs", "Clémence", "Noémie", "Élodie",
              "Gwenaëlle", "Perrine", "Apolline", "Bérénice", "Laëtitia", "Romane", "Ségolène", "Capucine"]
FR_FIRST_M = ["Théo", "Bastien", "Quentin", "Yannick", "Gaëtan", "Loïc", "Benoît", "Jérôme", "Hervé", "Aurélien",
              "Grégoire", "Mathis", "Erwan", "Timothée", "Anatole", "Cyprien", "Joachim", "Florent"]
FR_LAST = ["Morvan", "Cazenave", "Le Guennec", "Dufresnoy", "Baudelot", "Ferrandin", "Quéméner", "Vasseur",
           "Lagarrigue", "Thibergien", "Roussillac", "Pelletan", "Marchadier", "Kerbrat", "Sabatier", "Villaret",
           "Gourvennec", "Chabanel", "Estrade", "Brossolette", "Dumoulinet", "Larcheval", "Peyrefitte", "Auzanneau",
           "Vergnolle", "Castagnède", "Jouannic", "Delahousse", "Tréguier", "Montcharmont"]
EN_FIRST = ["Harriet", "Desmond", "Priya", "Callum", "Nadia", "Imogen", "Rafael", "Bethany", "Osman", "Keira",
            "Lachlan", "Wen", "Dmitri", "Amara", "Fergus", "Rosalind", "Tobias", "Ingrid", "Kwame", "Delphine",
            "Marisol", "Caspar", "Eleanor", "Jonah"]
EN_LAST = ["Ashcombe", "Pellington", "Varga", "Okonkwo", "Thistlewood", "Marchbank", "Quill", "Hargreave",
           "Danvers", "Felton", "Brannigan", "Sefton", "Lowrie", "Castellanos", "Whitcombe", "Ravensworth",
           "Oduya", "Lindqvist", "Penhaligon", "Stroud", "Abernethy", "Kowalczyk", "Fairbairn", "Tennant"]

def fr_name(sex=None):
    sex = sex or pick("FM")
    return (pick(FR_FIRST_F) if sex == "F" else pick(FR_FIRST_M)), pick(FR_LAST), sex
def en_name():
    return pick(EN_FIRST), pick(EN_LAST)
def person(lang):
    if lang == "fr":
        f, l, _ = fr_name(); return f, l
    return en_name()

def ascii_fold(s):
    tr = str.maketrans("àâäéèêëïîôöùûüçÀÂÄÉÈÊËÏÎÔÖÙÛÜÇ", "aaaeeeeiioouuucAAAEEEEIIOOUUUC")
    return s.translate(tr)
def slug(s): return ascii_fold(s).lower().replace(" ", "").replace("'", "")

THIRD_DOMAINS_FR = ["transports-aubrac.fr", "groupe-valmorel.fr", "mutuelle-ardoise.fr", "clinique-saint-aubin.fr",
                    "cabinet-lestrade.fr", "menuiserie-kerlaz.fr", "laposte-interne-test.fr", "atelier-brume.fr"]
THIRD_DOMAINS_EN = ["brightwater-logistics.com", "northfield-clinic.co.uk", "harbourline-insure.com",
                    "quillandsons.co.uk", "meridian-payroll.com", "oakvale-school.org.uk", "tidewell-energy.com"]
def email_of(first, last, lang=None, domain=None):
    domain = domain or pick(THIRD_DOMAINS_FR if lang == "fr" else THIRD_DOMAINS_EN)
    style = R.randrange(3)
    f, l = slug(first), slug(last).replace("-", "")
    return {0: f"{f}.{l}", 1: f"{f[0]}{l}", 2: f"{f}_{l}{R.randrange(10, 99)}"}[style] + "@" + domain
def free_email(first, last):
    return f"{slug(first)}.{slug(last)}{R.randrange(1, 99)}@" + pick(["gmail.com", "orange.fr", "free.fr", "outlook.com", "laposte.net", "yahoo.co.uk", "proton.me"])

def phone_fr(intl=None):
    d = pick("67") + digits(8)
    if intl is None: intl = R.random() < 0.4
    if intl: return "+33 " + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2))
    d = "0" + d
    return pick([" ", ".", ""]).join(d[i:i + 2] for i in range(0, 10, 2))
def phone_fr_land():
    d = "0" + pick("12345") + digits(8)
    return " ".join(d[i:i + 2] for i in range(0, 10, 2))
def phone_uk():
    return "+44 7" + pick("3459") + digits(2) + " " + digits(6)
def phone_us():
    a = pick(["415", "503", "617", "312", "720", "206", "512"]); ex = str(R.randrange(201, 999))
    while ex == "555": ex = str(R.randrange(201, 999))
    return pick([f"({a}) {ex}-{digits(4)}", f"+1 {a}-{ex}-{digits(4)}", f"{a}.{ex}.{digits(4)}"])
def phone_en(): return pick([phone_uk, phone_us])()
def phone(lang): return phone_fr() if lang == "fr" else phone_en()
def doc_phone(): return pick(["555-0134", "+1 202-555-0147", "(555) 555-0199", "555-0100"])

FR_STREETS = ["rue des Tanneurs", "avenue du Maréchal Foch", "impasse des Glycines", "rue de la Vieille Forge",
              "chemin des Crêtes", "boulevard Gambetta", "rue du Four à Chaux", "allée des Tilleuls",
              "rue Émile Zola", "place du Marché", "route de Quimper", "rue des Capucins", "quai de la Fosse",
              "rue Pasteur", "lotissement Les Ajoncs", "rue du Moulin Neuf"]
FR_CITIES = [("69004", "Lyon"), ("35000", "Rennes"), ("31400", "Toulouse"), ("44000", "Nantes"), ("29200", "Brest"),
             ("33800", "Bordeaux"), ("59800", "Lille"), ("13006", "Marseille"), ("67000", "Strasbourg"),
             ("21000", "Dijon"), ("63000", "Clermont-Ferrand"), ("87000", "Limoges"), ("76600", "Le Havre"),
             ("38100", "Grenoble"), ("64100", "Bayonne"), ("25000", "Besançon"), ("92130", "Issy-les-Moulineaux")]
UK_STREETS = ["Larkspur Close", "Cavendish Road", "Wharf Lane", "Mill Hill Crescent", "Rowan Gardens", "Kestrel Way"]
UK_TOWNS = [("Didcot", "OX11 7QP"), ("Harrogate", "HG2 8NL"), ("Stockport", "SK4 3DJ"), ("Exeter", "EX4 6TR"),
            ("Dundee", "DD2 1LW"), ("Swindon", "SN2 5BG")]
US_STREETS = ["Hollis Ridge Rd", "W Alder St", "Birchmont Ave", "Sycamore Ln", "N Fairweather Dr"]
US_TOWNS = [("Ashland", "OR", "97520"), ("Fort Collins", "CO", "80521"), ("Madison", "WI", "53703"),
            ("Asheville", "NC", "28801"), ("Boise", "ID", "83702")]
def addr_fr(sep=", "):
    n = R.randrange(1, 140); bis = pick(["", "", "", " bis", " ter"]); cp, v = pick(FR_CITIES)
    return f"{n}{bis} {pick(FR_STREETS)}{sep}{cp} {v}"
def addr_uk(sep=", "):
    t, pc = pick(UK_TOWNS); return f"{R.randrange(1, 90)} {pick(UK_STREETS)}{sep}{t} {pc}"
def addr_us(sep=", "):
    c, s, z = pick(US_TOWNS); return f"{R.randrange(100, 9900)} {pick(US_STREETS)}{sep}{c}, {s} {z}"
def addr(lang, sep=", "): return addr_fr(sep) if lang == "fr" else pick([addr_uk, addr_us])(sep)

def date_birth(fmt="fr"):
    y, m, d = R.randrange(1948, 2006), R.randrange(1, 13), R.randrange(1, 29)
    return {"fr": f"{d:02d}/{m:02d}/{y}", "iso": f"{y}-{m:02d}-{d:02d}", "us": f"{m:02d}/{d:02d}/{y}",
            "long_en": f"{d} {['January','February','March','April','May','June','July','August','September','October','November','December'][m-1]} {y}",
            "long_fr": f"{d} {['janvier','février','mars','avril','mai','juin','juillet','août','septembre','octobre','novembre','décembre'][m-1]} {y}"}[fmt]
def date_recent(fmt="iso"):
    y, m, d = R.randrange(2023, 2026), R.randrange(1, 13), R.randrange(1, 29)
    return {"fr": f"{d:02d}/{m:02d}/{y}", "iso": f"{y}-{m:02d}-{d:02d}", "us": f"{m:02d}/{d:02d}/{y}"}[fmt]
def ts_iso():
    return f"{date_recent()}T{R.randrange(24):02d}:{R.randrange(60):02d}:{R.randrange(60):02d}Z"
def ts_log():
    return f"{date_recent()} {R.randrange(24):02d}:{R.randrange(60):02d}:{R.randrange(60):02d},{R.randrange(1000):03d}"

# ---------------------------------------------------------------- checksummed identifiers
def luhn_ok(num):
    s, alt = 0, False
    for ch in reversed(num):
        d = int(ch)
        if alt:
            d *= 2
            if d > 9: d -= 9
        s += d; alt = not alt
    return s % 10 == 0
def luhn_complete(partial):
    for c in "0123456789":
        if luhn_ok(partial + c): return partial + c
def card(kind=None, spaced=None):
    kind = kind or pick(["visa", "mc", "mc2", "amex"])
    if kind == "visa": n = luhn_complete("4" + pick(["97", "53", "13", "56", "90"]) + digits(12))
    elif kind == "mc": n = luhn_complete(pick(["51", "52", "53", "54", "55"]) + digits(13))
    elif kind == "mc2": n = luhn_complete(str(R.randrange(2221, 2721)) + digits(11))
    else: n = luhn_complete(pick(["34", "37"]) + digits(12))
    if spaced is None: spaced = R.random() < 0.6
    if spaced:
        if len(n) == 15: return f"{n[:4]} {n[4:10]} {n[10:]}"
        return " ".join(n[i:i + 4] for i in range(0, 16, 4))
    return n

def iban_check(country, bban):
    conv = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(conv) % 97:02d}"
def rib_key(bank, guichet, compte):
    return f"{97 - ((89 * int(bank) + 15 * int(guichet) + 3 * int(compte)) % 97):02d}"
def iban(country=None, spaced=None):
    country = country or pick(["FR", "FR", "FR", "DE", "ES", "IT", "BE", "NL", "GB", "PT", "LU", "CH"])
    if country == "FR":
        b, g, c = pick(["30004", "20041", "10278", "30003", "18206", "14505"]), digits(5), digits(11)
        bban = b + g + c + rib_key(b, g, c)
    elif country == "DE": bban = digits(18)
    elif country == "ES": bban = digits(20)
    elif country == "IT": bban = pick(string.ascii_uppercase) + digits(10) + digits(12)
    elif country == "BE": bban = digits(12)
    elif country == "NL": bban = pick(["RABO", "INGB", "ABNA", "TRIO"]) + digits(10)
    elif country == "GB": bban = pick(["NWBK", "BARC", "LOYD", "MIDL"]) + digits(14)
    elif country == "PT": bban = digits(21)
    elif country == "LU": bban = digits(3) + digits(13)
    elif country == "CH": bban = digits(17)
    s = country + iban_check(country, bban) + bban
    if spaced is None: spaced = R.random() < 0.6
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if spaced else s
def iban_valid(s):
    s = s.replace(" ", "")
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1

def nir(sex=None, spaced=True):
    sx = {"M": "1", "F": "2"}.get(sex, pick("12"))
    yy, mm = f"{R.randrange(50, 100) if R.random() < .7 else R.randrange(0, 6):02d}", f"{R.randrange(1, 13):02d}"
    dep = pick(["75", "69", "35", "29", "13", "33", "59", "44", "31", "67", "2A", "976"[:2]])
    com = f"{R.randrange(1, 900):03d}"; order = f"{R.randrange(1, 999):03d}"
    base = sx + yy + mm + dep + com + order
    num = int(base.replace("2A", "19").replace("2B", "18"))
    key = f"{97 - num % 97:02d}"
    if spaced: return f"{sx} {yy} {mm} {dep} {com} {order} {key}"
    return base + key
def nir_valid(s):
    s = s.replace(" ", ""); return 97 - int(s[:13].replace("2A", "19").replace("2B", "18")) % 97 == int(s[13:])

def dni():
    n = R.randrange(10_000_000, 99_999_999); return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"
def nie():
    p = pick("XYZ"); n = R.randrange(1_000_000, 9_999_999)
    return f"{p}{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[int(str('XYZ'.index(p)) + str(n)) % 23]}"

CF_ODD = {**{str(i): v for i, v in enumerate([1, 0, 5, 7, 9, 13, 15, 17, 19, 21])},
          **dict(zip(string.ascii_uppercase, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))}
def codice_fiscale(first, last, sex, y, m, d, comune):
    def cons(s): return [c for c in s.upper() if c.isalpha() and c not in "AEIOU"]
    def vow(s): return [c for c in s.upper() if c in "AEIOU"]
    ln = "".join((cons(last) + vow(last) + ["X"] * 3)[:3])
    c = cons(first)
    fn = "".join([c[0], c[2], c[3]] if len(c) > 3 else (c + vow(first) + ["X"] * 3)[:3])
    code = ln + fn + f"{y % 100:02d}" + "ABCDEHLMPRST"[m - 1] + f"{d + (40 if sex == 'F' else 0):02d}" + comune
    tot = 0
    for i, ch in enumerate(code):
        if i % 2 == 0: tot += CF_ODD[ch]
        else: tot += int(ch) if ch.isdigit() else ord(ch) - 65
    return code + chr(65 + tot % 26)
IT_PEOPLE = [("Lorenzo", "Bellandi", "M"), ("Giulia", "Ferracuti", "F"), ("Matteo", "Scarpazza", "M"),
             ("Chiara", "Montanaro", "F"), ("Davide", "Quaglieri", "M"), ("Federica", "Lodigiani", "F")]
def italian():
    f, l, s = pick(IT_PEOPLE); y, m, d = R.randrange(1955, 2003), R.randrange(1, 13), R.randrange(1, 29)
    return f, l, codice_fiscale(f, l, s, y, m, d, pick(["H501", "F205", "L219", "G273", "A662", "D612"]))

def nino(spaced=None):
    bad1, bad2 = set("DFIQUV"), set("DFIQUVO")
    while True:
        a, b = pick(string.ascii_uppercase), pick(string.ascii_uppercase)
        if a in bad1 or b in bad2 or a + b in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}: continue
        break
    n = digits(6); s = pick("ABCD")
    if spaced is None: spaced = R.random() < 0.5
    return f"{a}{b} {n[:2]} {n[2:4]} {n[4:]} {s}" if spaced else f"{a}{b}{n}{s}"
def ssn():
    while True:
        a = R.randrange(1, 900)
        if a != 666: break
    return f"{a:03d}-{R.randrange(1, 100):02d}-{R.randrange(1, 10000):04d}"

def mrz_cd(s):
    w = [7, 3, 1]; t = 0
    for i, ch in enumerate(s):
        v = 0 if ch == "<" else int(ch) if ch.isdigit() else ord(ch) - 55
        t += v * w[i % 3]
    return str(t % 10)
def mrz_td3(last, first, nat, docno, dob, sex, exp, country=None):
    country = country or nat
    nm = (ascii_fold(last).upper().replace(" ", "<").replace("-", "<") + "<<" + ascii_fold(first).upper().replace(" ", "<").replace("-", "<"))
    l1 = ("P<" + country + nm + "<" * 44)[:44]
    docf = (docno + "<" * 9)[:9]
    pers = "<" * 14
    l2 = docf + mrz_cd(docf) + nat + dob + mrz_cd(dob) + sex + exp + mrz_cd(exp) + pers + mrz_cd(pers)
    comp = l2[0:10] + l2[13:20] + l2[21:43]
    l2 = l2 + mrz_cd(comp)
    assert len(l1) == 44 and len(l2) == 44
    return l1, l2
def mrz_td1(last, first, nat, docno, dob, sex, exp):
    docf = (docno + "<" * 9)[:9]
    l1 = ("ID" + nat + docf + mrz_cd(docf) + "<" * 30)[:30]
    l2 = dob + mrz_cd(dob) + sex + exp + mrz_cd(exp) + nat + "<" * 11
    comp = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    l2 = l2 + mrz_cd(comp)
    l3 = (ascii_fold(last).upper().replace(" ", "<").replace("-", "<") + "<<" + ascii_fold(first).upper().replace(" ", "<") + "<" * 30)[:30]
    assert len(l1) == len(l2) == len(l3) == 30, (l1, l2, l3)
    return l1, l2, l3
def fr_passport_no(): return digits(2) + chars(2, string.ascii_uppercase) + digits(5)
def uk_passport_no(): return digits(9)
def fr_cni_no(): return chars(9, UPNUM.replace("O", "").replace("I", ""))
def fr_permis_no(): return digits(2) + chars(2, string.ascii_uppercase) + digits(5) + digits(3)[:0]

def luhn_fingerprint():
    """40-digit fingerprint, all decimal, grouped by four, whose first 16 digits pass Luhn (a card look-alike)."""
    first = luhn_complete(pick("3456") + digits(14))
    s = first + digits(24)
    return " ".join(s[i:i + 4] for i in range(0, 40, 4))
def pgp_fp(grouped=True):
    s = chars(40, "0123456789ABCDEF")
    if not grouped: return s
    g = [s[i:i + 4] for i in range(0, 40, 4)]
    return " ".join(g[:5]) + "  " + " ".join(g[5:])
def ssh_fp(): return "SHA256:" + base64.b64encode(rbytes(32)).decode().rstrip("=")
def ssh_md5_fp(): return ":".join(hexs(2) for _ in range(16))
def git_sha(n=40): return hexs(n)
def uuid4():
    h = hexs(32); return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{pick('89ab')}{h[17:20]}-{h[20:]}"
def sha256(): return hexs(64)
def md5(): return hexs(32)
def npm_integrity(): return "sha512-" + base64.b64encode(rbytes(64)).decode()
def cvss(): return f"CVSS:3.1/AV:{pick('NALP')}/AC:{pick('LH')}/PR:{pick('NLH')}/UI:{pick('NR')}/S:{pick('UC')}/C:{pick('HLN')}/I:{pick('HLN')}/A:{pick('HLN')}"
def cvss4(): return f"CVSS:4.0/AV:N/AC:L/AT:N/PR:{pick('NLH')}/UI:N/VC:H/VI:{pick('HL')}/VA:{pick('HLN')}/SC:N/SI:N/SA:N"
def version(): return f"{R.randrange(1, 16)}.{R.randrange(0, 30)}.{R.randrange(0, 40)}"
def pub_ip(): return f"{pick([34, 52, 81, 91, 145, 176, 185, 212])}.{R.randrange(1, 255)}.{R.randrange(1, 255)}.{R.randrange(1, 254)}"
def doc_ip(): return pick(["192.0.2.", "198.51.100.", "203.0.113."]) + str(R.randrange(1, 254))
def priv_ip(): return pick([f"10.{R.randrange(0, 255)}.{R.randrange(0, 255)}.{R.randrange(1, 254)}",
                            f"192.168.{R.randrange(0, 255)}.{R.randrange(1, 254)}",
                            f"172.{R.randrange(16, 32)}.{R.randrange(0, 255)}.{R.randrange(1, 254)}"])
def int_host(): return pick(["srv-", "db", "ldap", "k8s-node-", "vault", "jenkins", "git", "erp", "pg-", "mq"]) + \
    f"{R.randrange(1, 40):02d}." + pick(["corp.local", "int.valmorel.lan", "prod.internal", "ad.aubrac-tr.local", "infra.lan", "svc.cluster.local"])
def siret():
    while True:
        s = digits(13)
        f = luhn_complete(s)
        return f[:3] + " " + f[3:6] + " " + f[6:9] + " " + f[9:]
def isbn13():
    b = "978" + digits(9); t = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(b))
    c = str((10 - t % 10) % 10); s = b + c
    return f"{s[:3]}-{s[3]}-{s[4:8]}-{s[8:12]}-{s[12]}"
def order_id(): return pick(["CMD-", "ORD-", "INV-", "FAC-", "PO-"]) + str(R.randrange(2023, 2026)) + "-" + digits(6)
def amount_fr(): return f"{R.randrange(10, 9000)},{R.randrange(0, 100):02d} €"
def amount_en(): return f"${R.randrange(10, 9000)}.{R.randrange(0, 100):02d}"
def cve(): return f"CVE-{R.randrange(2021, 2026)}-{R.randrange(1000, 60000)}"

# ---------------------------------------------------------------- secrets (invented, format-valid)
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
def b62(n, width):
    s = ""
    while n: n, r = divmod(n, 62); s = B62[r] + s
    return s.rjust(width, "0")
def gh_token(prefix="ghp_"):
    body = chars(30, ALNUM); return prefix + body + b62(zlib.crc32(body.encode()), 6)
def gh_fine(): return "github_pat_" + chars(22, UPNUM) + "_" + chars(59, ALNUM)
def gitlab(): return "glpat-" + chars(20, ALNUM + "-_")
def slack_bot(): return f"xoxb-{digits(12)}-{digits(13)}-{chars(24, ALNUM)}"
def slack_user(): return f"xoxp-{digits(12)}-{digits(12)}-{digits(13)}-{hexs(32)}"
def slack_hook(): return f"https://hooks.slack.com/services/T{chars(8, UPNUM)}/B{chars(10, UPNUM)}/{chars(24, ALNUM)}"
def stripe_sk(): return pick(["sk_live_", "rk_live_"]) + chars(pick([24, 99]), ALNUM)
def stripe_pk(): return "pk_live_" + chars(99, ALNUM)
def stripe_test(): return "sk_test_" + chars(24, ALNUM)
def google_key(): return "AIza" + chars(35, B64U)
def aws_akid(prefix="AKIA"): return prefix + chars(16, string.ascii_uppercase + "234567")
def aws_secret(): return chars(40, ALNUM + "/+")
def azure_key(): return base64.b64encode(rbytes(64)).decode()
def azure_cs(acct): return f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={azure_key()};EndpointSuffix=core.windows.net"
def azure_sas():
    sig = base64.b64encode(rbytes(32)).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return f"sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se={date_recent()}T18:00:00Z&st={date_recent()}T09:00:00Z&spr=https&sig={sig}"
def npm_tok(): return "npm_" + chars(36, ALNUM)
def pypi_tok(): return "pypi-AgEIcHlwaS5vcmc" + chars(R.randrange(140, 190), B64U)
def sendgrid(): return "SG." + chars(22, B64U) + "." + chars(43, B64U)
def twilio_sid(): return "SK" + hexs(32)
def twilio_auth(): return hexs(32)
def ai_key():
    return pick([lambda: "sk-proj-" + chars(156, B64U), lambda: "sk-ant-api03-" + chars(93, B64U) + "AA",
                 lambda: "sk-" + chars(48, ALNUM), lambda: "hf_" + chars(34, string.ascii_letters),
                 lambda: "gsk_" + chars(52, ALNUM)])()
def jwt(sub=None, alg="HS256", extra=None):
    hdr = {"alg": alg, "typ": "JWT"}
    if alg == "RS256": hdr["kid"] = hexs(16)
    iat = R.randrange(1_700_000_000, 1_760_000_000)
    pl = {"sub": sub or str(R.randrange(10000, 999999)), "iat": iat, "exp": iat + pick([900, 3600, 86400])}
    if extra: pl.update(extra)
    sig = rbytes(32 if alg == "HS256" else 256)
    return ".".join([b64u(json.dumps(hdr, separators=(",", ":")).encode()), b64u(json.dumps(pl, separators=(",", ":")).encode()), b64u(sig)])
def pem_body(der_prefix, n, width=64):
    raw = base64.b64encode(der_prefix + rbytes(n)).decode()
    return "\n".join(raw[i:i + width] for i in range(0, len(raw), width))
def priv_key(kind=None):
    kind = kind or pick(["rsa", "openssh", "ec", "pkcs8"])
    if kind == "rsa": return "-----BEGIN RSA PRIVATE KEY-----\n" + pem_body(bytes.fromhex("308204a40201000282010100"), 1180) + "\n-----END RSA PRIVATE KEY-----"
    if kind == "ec": return "-----BEGIN EC PRIVATE KEY-----\n" + pem_body(bytes.fromhex("30770201010420"), 114) + "\n-----END EC PRIVATE KEY-----"
    if kind == "pkcs8": return "-----BEGIN PRIVATE KEY-----\n" + pem_body(bytes.fromhex("308204be020100300d06092a864886f70d0101010500048204a8"), 1190) + "\n-----END PRIVATE KEY-----"
    return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + pem_body(b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x003\x00\x00\x00\x0bssh-ed25519", 300, 70) + "\n-----END OPENSSH PRIVATE KEY-----"
def pub_ssh(comment="ops@bastion"): return "ssh-ed25519 " + base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 " + rbytes(32)).decode() + " " + comment
def pub_ssh_rsa(comment): return "ssh-rsa " + base64.b64encode(b"\x00\x00\x00\x07ssh-rsa\x00\x00\x00\x03\x01\x00\x01\x00\x00\x01\x01\x00" + rbytes(256)).decode() + " " + comment
def cert_pem(): return "-----BEGIN CERTIFICATE-----\n" + pem_body(bytes.fromhex("308203"), 560) + "\n-----END CERTIFICATE-----"
def pub_pem(): return "-----BEGIN PUBLIC KEY-----\n" + pem_body(bytes.fromhex("30820122300d06092a864886f70d01010105000382010f00"), 270) + "\n-----END PUBLIC KEY-----"
def bcrypt(): return f"$2{pick('by')}${pick(['10', '12', '12', '13'])}$" + chars(53, "./" + ALNUM)
def sha512crypt(): return "$6$" + chars(16, "./" + ALNUM) + "$" + chars(86, "./" + ALNUM)
def argon2(): return "$argon2id$v=19$m=65536,t=3,p=4$" + chars(22, B64[:-2] + "+/").replace("+", "A") + "$" + chars(43, string.ascii_letters + string.digits + "+/")
def pbkdf2_django(): return f"pbkdf2_sha256$600000${chars(22, ALNUM)}${base64.b64encode(rbytes(32)).decode()}"
def ntlm(): return hexs(32)
def password():
    w = pick(["Autumn", "Granit", "Falcon", "Marmotte", "Tournesol", "Brisbane", "Quartz", "Lavande", "Pelican",
              "Corsaire", "Velours", "Harbor", "Mistral", "Ocelot", "Biscuit", "Renard", "Cobalt", "Sapphire", "Nectar", "Zephyr"])
    return pick([lambda: f"{w}!{R.randrange(1, 99)}", lambda: f"{w}{R.randrange(2019, 2026)}#", lambda: f"{w.lower()}_{chars(4, LOWNUM)}",
                 lambda: chars(R.randrange(14, 22), ALNUM + "!@%^*-_"), lambda: f"{w[0]}{w[1:].lower()}.{R.randrange(100, 999)}.{pick(['x', 'Q', 'z'])}",
                 lambda: f"{pick(['P@ss', 'Adm1n', 'Welc0me', 'Root'])}{R.randrange(10, 99)}{pick('!?$')}"])()
def passphrase_fr(): return pick(["le hibou chante sous la pluie", "trois pommes vertes à Concarneau", "marée basse et café noir",
                                  "le chat de Lison dort 12 heures", "violette brume sur le Vercors"])
def passphrase_en(): return pick(["correct-kayak-lantern-91", "purple otters juggle at noon", "seven-ravens-over-dover",
                                  "the kettle is never cold", "mango-anvil-tundra-4"])
def pin(n=4): return digits(n)
def cookie_val(kind):
    return {"sessionid": chars(32, LOWNUM), "PHPSESSID": chars(26, LOWNUM), "JSESSIONID": chars(32, "0123456789ABCDEF"),
            "connect.sid": "s%3A" + chars(32, ALNUM + "-_") + "." + chars(43, ALNUM + "+/"),
            "ASP.NET_SessionId": chars(24, string.ascii_lowercase + "012345"), "laravel_session": "eyJpdiI6" + chars(180, ALNUM + "+/") + "%3D"}[kind]
def basic(user, pw): return base64.b64encode(f"{user}:{pw}".encode()).decode()

# placeholders / redactions
PLACEHOLDERS = ["<TOKEN>", "${API_KEY}", "********", "REDACTED", "[redacted]", "xxxx", "your-password-here",
                "<your-api-key>", "{{ vault_db_password }}", "${DB_PASSWORD}", "CHANGEME", "<redacted>", "••••••••",
                "%%SECRET%%", "[MASQUÉ]", "<mot-de-passe>", "XXXXXXXXXXXXXXXX", "$(cat /run/secrets/db_pw)", "os.environ['API_TOKEN']",
                "***", "[CAVIARDÉ]", "<à compléter>"]
def ph(): return N(pick(PLACEHOLDERS), "placeholder")

# ---------------------------------------------------------------- corpus registry
CASES = []
def case(carrier, lang, tpl, reporter_email=None, **kw):
    text, labels, negs, expect = fill(tpl, **kw)
    CASES.append({"carrier": carrier, "language": lang, "text": text, "labels": labels, "negatives": negs,
                  "reporter_email": reporter_email, "_expect": expect})

# ================================================================ shared fragments
REPORTER_ORGS = ["Nordlicht Security", "Cyberaube SAS", "Redpoint Labs", "independent researcher", "Sécurité Alpine",
                 "Bastion Offensive", "Kittiwake Pentest Ltd", "Grey Heron Research"]
def reporter(lang):
    f, l = person(lang)
    mail = f"{slug(f)}.{slug(l).replace('-', '')}@" + pick(["nordlicht-sec.de", "cyberaube.fr", "redpointlabs.io", "proton.me", "kittiwake-pentest.co.uk", "bastion-offensive.fr"])
    return f, l, mail
def sig(lang, with_addr=False):
    """Reporter's own signature block: all negatives (reporter_contact). Returns (tpl, kw, email)."""
    f, l, mail = reporter(lang)
    kw = {"sg_name": N(f"{f} {l}", "reporter_contact"), "sg_mail": N(mail, "reporter_contact"),
          "sg_tel": N(phone(lang), "reporter_contact"), "sg_fp": N(pgp_fp(), "pgp_fingerprint")}
    tpl = "\n-- \n⟦sg_name⟧, " + pick(REPORTER_ORGS) + "\n⟦sg_mail⟧ | " + ("Tél. " if lang == "fr" else "Tel ") + "⟦sg_tel⟧\n"
    if with_addr:
        kw["sg_addr"] = N(addr(lang), "reporter_contact"); tpl += "⟦sg_addr⟧\n"
    tpl += ("Empreinte PGP : " if lang == "fr" else "PGP: ") + "⟦sg_fp⟧"
    return tpl, kw
PSIRT = lambda: N("psirt@thalesgroup.com", "psirt_contact")
CNA = lambda: N("cna-coordinator@thalesgroup.com", "psirt_contact")
PSIRT_FP = lambda: N("FC3C 4520 576E C756 AE73 0030 5369 49C4 8448 AE39", "pgp_fingerprint")

PRODUCTS = ["Luna HSM", "SafeNet Authentication Service", "CipherTrust Manager", "Sentinel LDK", "an industrial gateway",
            "a fleet telematics portal", "the partner extranet", "a ticketing kiosk", "a connected badge reader"]
PRODUITS = ["le portail partenaires", "une passerelle industrielle", "l'extranet fournisseurs", "une borne de billetterie",
            "le portail RH", "une application mobile de badge", "le serveur de mise à jour", "un lecteur de badges connecté"]

# ================================================================ prose_en / prose_fr
def prose_en():
    C = "prose_en"
    # --- labelled
    u, pw = pick(["app_rw", "svc_backup", "etl_loader"]), password()
    case(C, "en", "While testing the staging box I logged in as ⟦u⟧ with ⟦pw⟧ and the admin panel opened without MFA. The build tag was ⟦v⟧.",
         u=N(u, "username"), pw=L(pw, "password_assignment"), v=N("v" + version(), "version"))
    s = passphrase_en()
    case(C, "en", "The vendor's support engineer and I set up an encrypted channel; the shared secret we agreed on is ⟦s⟧, please do not reuse it on your side. Affected release: ⟦v⟧, vector ⟦cv⟧.",
         s=L(s, "password_assignment"), v=N(version(), "version"), cv=N(cvss(), "cvss_vector"))
    pw = password(); st, sk = sig("en")
    case(C, "en", "Steps: 1) open the serial console, 2) interrupt U-Boot, 3) I typed `⟦pw⟧` at the maintenance prompt and got a root shell. The same string unlocks every unit I bought (serials ⟦o⟧ and later)." + st,
         reporter_email=sk["sg_mail"].value, pw=L(pw, "password_assignment"), o=N("SN" + digits(10), "serial_number"), **sk)
    f, l = en_name(); a = addr_en = pick([addr_uk, addr_us])()
    case(C, "en", "The IDOR returns other tenants' profiles. For example, record 4471 belongs to ⟦n⟧, whose home address ⟦a⟧ and mobile ⟦p⟧ came back in clear. I stopped after two records.",
         n=N(f"{f} {l}", "person_name"), a=L(a, "postal_address"), p=L(phone_en(), "phone_number"))
    f, l = en_name()
    case(C, "en", "Among the exposed attachments is a referral letter stating that ⟦n⟧ was diagnosed with ⟦d⟧ and is on ⟦t⟧. I did not download anything else.",
         n=N(f"{f} {l}", "person_name"), d=L(pick(["type 1 diabetes", "relapsing-remitting multiple sclerosis", "bipolar II disorder", "early-onset Parkinson's disease"]), "health_data"),
         t=L(pick(["insulin glargine 20 units daily", "ocrelizumab infusions every six months", "lamotrigine 200 mg", "levodopa/carbidopa"]), "health_data"))
    f, l = en_name(); sal = f"£{R.randrange(38, 120)},{R.randrange(0, 10)}00"
    case(C, "en", "The HR export shows that ⟦n⟧ earns ⟦s⟧ a year and received a ⟦w⟧ in March. I only opened it to confirm the access-control bug.",
         n=N(f"{f} {l}", "person_name"), s=L(sal, "employment_data"), w=L(pick(["final written warning for absenteeism", "performance improvement plan", "gross misconduct suspension"]), "employment_data"))
    f, l = en_name(); pnr = chars(6, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    case(C, "en", "The booking API leaks itineraries: ⟦n⟧ flies ⟦fl⟧ on ⟦dt⟧, seat ⟦se⟧, booking reference ⟦pnr⟧, e-ticket ⟦tk⟧.",
         n=N(f"{f} {l}", "person_name"), fl=L(pick(["BA0304", "AF1681", "EZY8823", "LH1029"]), "travel_record", optional=True),
         dt=N(date_recent(), "non_birth_date"), se=L(f"{R.randrange(1, 40)}{pick('ABCDEF')}", "travel_record"), pnr=L(pnr, "travel_record"),
         tk=L(pick(["125", "057", "220"]) + "-" + digits(10), "travel_record"))
    pp = uk_passport_no(); f, l = en_name()
    case(C, "en", "The upload bucket also contains a scan of ⟦n⟧'s passport, number ⟦pp⟧, and a driving licence ⟦dl⟧. Bucket listing was anonymous (see request ID ⟦rid⟧).",
         n=N(f"{f} {l}", "person_name"), pp=L(pp, "identity_document"),
         dl=L(ascii_fold(l).upper()[:5].ljust(5, "9") + digits(6) + chars(2, string.ascii_uppercase) + digits(1) + chars(2, string.ascii_uppercase), "identity_document"), rid=N(uuid4(), "uuid"))
    f, l = en_name()
    case(C, "en", "The support ticket contains the customer's SSN ⟦ss⟧ and date of birth ⟦dob⟧, pasted by an agent. Ticket number ⟦t⟧.",
         ss=L(ssn(), "national_id"), dob=L(date_birth("us"), "date_of_birth"), t=N("#" + digits(7), "ticket_id"))
    k = aws_akid()
    case(C, "en", "Decompiling the APK revealed a static AWS pair: ⟦a⟧ / ⟦s⟧. It still works: `aws sts get-caller-identity` answered with account ⟦acc⟧. The example key ⟦ex⟧ in the README is harmless.",
         a=L(k, "aws_access_key_id"), s=L(aws_secret(), "aws_secret_key"), acc=N(digits(12), "account_id"), ex=doc("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id"))
    # --- clean
    case(C, "en", "Summary: stored XSS in the comment widget of ⟦p⟧ ⟦v⟧. Fixed in ⟦v2⟧ (commit ⟦c⟧). Vector ⟦cv⟧. Contact the PSIRT at ⟦ps⟧ and encrypt to ⟦fp⟧.",
         p=pick(PRODUCTS), v=N(version(), "version"), v2=N(version(), "version"), c=N(git_sha(), "git_sha"), cv=N(cvss(), "cvss_vector"), ps=PSIRT(), fp=PSIRT_FP())
    st, sk = sig("en", with_addr=True)
    case(C, "en", "Hello PSIRT team,\nI found that the password reset endpoint does not rate-limit. The policy setting `password_min_length: 12` is enforced, but the reset token is only 6 digits. Please reach me on my number, for this report: ⟦mytel⟧.\nThanks" + st,
         reporter_email=sk["sg_mail"].value, mytel=N(phone_en(), "reporter_contact"), **sk)
    case(C, "en", "The password field is masked (⟦m⟧) in the UI but the API echoes `password=⟦r⟧` in debug mode only when DEBUG=1; in production the logs show `Authorization: Bearer ⟦r2⟧`. No secret leaked in my tests. Timestamp ⟦ts⟧.",
         m=N("••••••••", "placeholder"), r=N("***", "redacted"), r2=N("[REDACTED]", "redacted"), ts=N(ts_iso(), "timestamp"))
    case(C, "en", "Package integrity mismatch: lockfile says ⟦i⟧ but the tarball hashes to ⟦h⟧ (sha256). Release notes list ⟦isbn⟧ as the manual's ISBN. Affected hosts resolve to ⟦ip⟧ and ⟦dip⟧.",
         i=N(npm_integrity(), "npm_integrity"), h=N(sha256(), "file_hash"), isbn=N(isbn13(), "isbn"), ip=N(pub_ip(), "public_ip"), dip=N(doc_ip(), "documentation_ip"))
    case(C, "en", "The firmware signing certificate uses OID ⟦oid⟧ and its SSH host key fingerprint is ⟦fp⟧. The vendor's switchboard is ⟦sw⟧ and their press office ⟦pr⟧. None of this is secret.",
         oid=N("1.3.6.1.4.1." + str(R.randrange(1000, 60000)) + ".1." + str(R.randrange(1, 9)), "oid"), fp=N(ssh_fp(), "ssh_fingerprint"),
         sw=N("+33 1 57 77 80 00", "company_contact"), pr=N("press@" + pick(["tidewell-energy.com", "harbourline-insure.com"]), "company_contact"))
    case(C, "en", "Reproduction uses the internal jump host ⟦h⟧ (⟦ip⟧), which is only reachable from the lab VLAN. Order ⟦o⟧ for the test device was placed on ⟦d⟧ for ⟦a⟧.",
         h=N(int_host(), "infrastructure_info"), ip=N(priv_ip(), "infrastructure_info"), o=N(order_id(), "order_id"), d=N(date_recent("us"), "non_birth_date"), a=N(amount_en(), "amount"))
    case(C, "en", "I rotated the test credentials I created myself; the config now reads `api_key: ⟦p1⟧` and `db_password: ⟦p2⟧`. Scan ID ⟦u⟧, PGP key ⟦pg⟧ (a fingerprint, not a card number).",
         p1=ph(), p2=ph(), u=N(uuid4(), "uuid"), pg=N(luhn_fingerprint(), "pgp_fingerprint"))
    case(C, "en", "Timeline: reported ⟦d1⟧, acknowledged ⟦d2⟧, proposed disclosure ⟦d3⟧. The bug was introduced in commit ⟦c⟧ and has CVSS ⟦cv⟧ (⟦cv4⟧).",
         d1=N(date_recent(), "non_birth_date"), d2=N(date_recent(), "non_birth_date"), d3=N(date_recent(), "non_birth_date"), c=N(git_sha(12), "git_sha"), cv=N(cvss(), "cvss_vector"), cv4=N(cvss4(), "cvss_vector"))
    case(C, "en", "The token format is `ghp_` followed by 36 characters; the one in the screenshot is ⟦x⟧, fully masked. The key file is public: ⟦pk⟧",
         x=N("ghp_" + "*" * 36, "redacted"), pk=N(pub_ssh("deploy@ci"), "public_key"))

def prose_fr():
    C = "prose_fr"
    p = pick(["1815", "4072", "0962"])
    case(C, "fr", "Le boîtier d'alarme reste accessible depuis le Wi-Fi invité. Le code est ⟦p⟧ pour toutes les agences visitées, ce que confirme la notice interne (révision ⟦v⟧).",
         p=L(p, "password_assignment"), v=N(version(), "version"))
    ph_ = passphrase_fr()
    case(C, "fr", "Le coffre KeePass trouvé sur le partage se déverrouille avec la phrase « ⟦s⟧ », notée dans le fichier lisezmoi.txt à côté. Je n'ai ouvert que l'entrée de test.",
         s=L(ph_, "password_assignment"))
    u, pw = pick(["exploit_ro", "adm_local", "supervision"]), password()
    case(C, "fr", "Connexion réussie en tant que ⟦u⟧ avec ⟦pw⟧ sur l'interface d'administration, sans second facteur. Empreinte du certificat présenté : ⟦fp⟧.",
         u=N(u, "username"), pw=L(pw, "password_assignment"), fp=N(":".join(hexs(2).upper() for _ in range(32)), "certificate_fingerprint"))
    f, l, sx = fr_name()
    case(C, "fr", "La fiche patient accessible sans authentification indique que ⟦n⟧ est suivi(e) pour ⟦d⟧ et bénéficie d'⟦t⟧. Numéro de sécurité sociale affiché : ⟦nir⟧.",
         n=N(f"{f} {l}", "person_name"), d=L(pick(["une insuffisance rénale chronique", "une dépression sévère", "un cancer du sein", "une épilepsie"]), "health_data"),
         t=L(pick(["une dialyse trois fois par semaine", "un traitement par sertraline", "une chimiothérapie adjuvante", "une reconnaissance RQTH"]), "health_data"),
         nir=L(nir(sx), "national_id"))
    f, l, _ = fr_name()
    case(C, "fr", "L'export montre l'adresse personnelle de ⟦n⟧ : ⟦a⟧, ainsi que son portable ⟦p⟧ et son adresse ⟦m⟧. J'ai arrêté la consultation après cet enregistrement.",
         n=N(f"{f} {l}", "person_name"), a=L(addr_fr(), "postal_address"), p=L(phone_fr(), "phone_number"), m=L(free_email(f, l), "email_address"))
    f, l, _ = fr_name()
    case(C, "fr", "Dans le dossier RH exposé : ⟦n⟧, salaire brut annuel ⟦s⟧, ⟦sanc⟧. Ces documents n'auraient jamais dû être indexés.",
         n=N(f"{f} {l}", "person_name"), s=L(f"{R.randrange(28, 95)} {R.randrange(100, 999)} €", "employment_data"),
         sanc=L(pick(["mise à pied disciplinaire de trois jours", "avertissement pour retards répétés", "entretien préalable à licenciement"]), "employment_data"))
    f, l, _ = fr_name()
    case(C, "fr", "Le bucket contient l'avis d'imposition de ⟦n⟧ : numéro fiscal ⟦nf⟧, impôt sur le revenu net ⟦imp⟧. Référence de l'avis : ⟦ref⟧.",
         n=N(f"{f} {l}", "person_name"), nf=L(pick("0123") + digits(12), "tax_record"), imp=L(f"{R.randrange(1, 19)} {R.randrange(100, 999)} €", "tax_record"),
         ref=L(digits(2) + " " + digits(2) + " " + digits(7) + " " + digits(2), "tax_record", optional=True))
    f, l, _ = fr_name()
    case(C, "fr", "Le mail de confirmation intercepté révèle que ⟦n⟧ voyage sur le vol ⟦v⟧ le ⟦d⟧, siège ⟦s⟧, dossier ⟦pnr⟧.",
         n=N(f"{f} {l}", "person_name"), v=L(pick(["AF7712", "TO3421", "V72104", "U24812"]), "travel_record", optional=True), d=N(date_recent("fr"), "non_birth_date"),
         s=L(f"{R.randrange(1, 33)}{pick('ABCDEF')}", "travel_record"), pnr=L(chars(6, "ABCDEFGHJKLMNPRSTUVWXYZ"), "travel_record"))
    ib = iban("FR")
    case(C, "fr", "Le formulaire de remboursement renvoie l'IBAN de l'adhérent précédent : ⟦i⟧ (BIC ⟦b⟧). Le SIRET de la mutuelle, ⟦s⟧, est public.",
         i=L(ib, "iban"), b=N(pick(["CCBPFRPPXXX", "AGRIFRPP882", "CMCIFR2A"]), "bic"), s=N(siret(), "siret"))
    c = card(); f, l, _ = fr_name()
    case(C, "fr", "La page de paiement garde en cache la carte de ⟦n⟧ : ⟦c⟧, expiration ⟦e⟧. La carte de test ⟦t⟧ fonctionne aussi, ce qui montre que l'environnement est relié à la production.",
         n=N(f"{f} {l}", "person_name"), c=L(c, "payment_card"), e=N(f"{R.randrange(1, 13):02d}/{R.randrange(26, 31)}", "expiry"), t=doc("4111 1111 1111 1111", "payment_card"))
    d = dni()
    case(C, "fr", "Le portail espagnol de la filiale affiche le DNI ⟦d⟧ d'un client et son NIE de conjoint ⟦n⟧, sans contrôle de session.",
         d=L(d, "national_id"), n=L(nie(), "national_id"))
    # --- clean
    st, sk = sig("fr", with_addr=True)
    case(C, "fr", "Bonjour,\nJe vous signale une injection SQL aveugle dans ⟦p⟧ (version ⟦v⟧). Vecteur : ⟦cv⟧. Pour ce signalement, mon numéro : ⟦t⟧. Je peux chiffrer vers ⟦fp⟧.\nCordialement" + st,
         reporter_email=sk["sg_mail"].value, p=pick(PRODUITS), v=N(version(), "version"), cv=N(cvss(), "cvss_vector"), t=N(phone_fr(), "reporter_contact"), fp=PSIRT_FP(), **sk)
    case(C, "fr", "Le mot de passe apparaît masqué (⟦m⟧) dans l'interface et le journal indique `password=⟦r⟧`. La politique impose `longueur_min_mdp = 12`. Aucune donnée réelle n'a été consultée le ⟦d⟧.",
         m=N("********", "placeholder"), r=N("***", "redacted"), d=N(date_recent("fr"), "non_birth_date"))
    case(C, "fr", "Facture ⟦o⟧ du ⟦d⟧ : ⟦a⟧ TTC, SIRET ⟦s⟧. Le standard de l'éditeur (⟦sw⟧) et l'adresse ⟦sup⟧ sont publics. Hôte interne concerné : ⟦h⟧ (⟦ip⟧).",
         o=N(order_id(), "order_id"), d=N(date_recent("fr"), "non_birth_date"), a=N(amount_fr(), "amount"), s=N(siret(), "siret"),
         sw=N("01 " + " ".join(digits(2) for _ in range(4)), "company_contact"), sup=N("support@" + pick(["atelier-brume.fr", "menuiserie-kerlaz.fr"]), "company_contact"),
         h=N(int_host(), "infrastructure_info"), ip=N(priv_ip(), "infrastructure_info"))
    case(C, "fr", "Le correctif ⟦c⟧ remplace l'algorithme MD5 ; l'empreinte du binaire corrigé est ⟦h⟧ et l'identifiant de build ⟦u⟧. Merci d'écrire à ⟦ps⟧ ou, pour un recours, à ⟦cna⟧.",
         c=N(git_sha(), "git_sha"), h=N(sha256(), "file_hash"), u=N(uuid4(), "uuid"), ps=PSIRT(), cna=CNA())
    case(C, "fr", "Dans la capture, le jeton est remplacé par ⟦t⟧ et la clé par ⟦k⟧. La clé publique de l'équipement est :\n⟦pub⟧\nSon empreinte ⟦fp⟧ ressemble à un numéro de carte mais n'en est pas un.",
         t=N("<JETON>", "placeholder"), k=N("[CAVIARDÉ]", "placeholder"), pub=N(pub_pem(), "public_key"), fp=N(luhn_fingerprint(), "pgp_fingerprint"))
    case(C, "fr", "Chronologie : découverte le ⟦d1⟧, premier contact le ⟦d2⟧, publication proposée au ⟦d3⟧. Version corrigée ⟦v⟧ ; les adresses ⟦ip1⟧ et ⟦ip2⟧ sont celles de documentation utilisées dans mes schémas.",
         d1=N(date_recent("fr"), "non_birth_date"), d2=N(date_recent("fr"), "non_birth_date"), d3=N(date_recent("fr"), "non_birth_date"), v=N(version(), "version"),
         ip1=N(doc_ip(), "documentation_ip"), ip2=N(doc_ip(), "documentation_ip"))
    case(C, "fr", "L'OID ⟦oid⟧ identifie la politique de certification ; l'ISBN du guide ⟦isbn⟧. Le serveur public ⟦h⟧ (⟦ip⟧) répond avec la bannière OpenSSH ⟦v⟧.",
         oid=N("1.2.250.1." + str(R.randrange(10, 999)) + ".2.1", "oid"), isbn=N(isbn13(), "isbn"), h=N(pick(["www.transports-aubrac.fr", "extranet.groupe-valmorel.fr"]), "public_hostname"),
         ip=N(pub_ip(), "public_ip"), v=N("9." + str(R.randrange(0, 9)) + "p1", "version"))
    case(C, "fr", "Le paramètre `mot_de_passe` vaut ⟦x⟧ dans l'exemple fourni par l'éditeur, et la variable ⟦v⟧ est lue au démarrage. Rien n'est en clair dans le dépôt (commit ⟦c⟧).",
         x=N("<mot-de-passe>", "placeholder"), v=N("${DB_PASSWORD}", "placeholder"), c=N(git_sha(), "git_sha"))
    case(C, "fr", "Le rapport de scan (identifiant ⟦u⟧) date du ⟦d⟧ à ⟦h⟧. Montant de la prime attendue : aucun. Le numéro de commande ⟦o⟧ concerne le matériel de test acheté pour ⟦a⟧.",
         u=N(uuid4(), "uuid"), d=N(date_recent("fr"), "non_birth_date"), h=N(f"{R.randrange(8, 20)}h{R.randrange(10, 59)}", "timestamp"), o=N(order_id(), "order_id"), a=N(amount_fr(), "amount"))
# ================================================================ chat / email / markdown
def T(lang, en, fr): return fr if lang == "fr" else en
def chat():
    C = "chat"
    for lang in ("en", "fr", "fr"):
        a, b = person(lang), person(lang); pw = password(); hh = f"[{R.randrange(8, 19):02d}:{R.randrange(60):02d}]"
        case(C, lang, hh + " ⟦a⟧: " + T(lang, "can you give me the vpn creds for the test bench?", "tu peux me filer les identifiants du banc de test ?") +
             "\n" + hh + " ⟦b⟧: " + T(lang, "user is bench-ops, the other bit is", "user bench-ops, et le reste c'est") + " ⟦pw⟧\n" + hh + " ⟦a⟧: " + T(lang, "thx 👍 works", "merci 👍 ça passe"),
             a=N(a[0], "person_name"), b=N(b[0], "person_name"), pw=L(pw, "password_assignment"))
    for lang in ("en", "fr"):
        tok = pick([slack_bot, gh_token, gitlab, npm_tok])(); cat = {"xoxb": "slack_token", "ghp_": "github_token", "glpa": "gitlab_token", "npm_": "npm_token"}[tok[:4]]
        case(C, lang, "#ci-builds — " + T(lang, "Today", "Aujourd'hui") + "\n🤖 deploy-bot  10:42\n" + T(lang, "Pipeline failed on job ⟦j⟧ (commit ⟦c⟧)", "Échec du pipeline sur le job ⟦j⟧ (commit ⟦c⟧)") +
             "\n👤 " + person(lang)[0] + "  10:44\n" + T(lang, "ugh, token expired again, temporary one: ⟦t⟧ — I'll revoke it tonight", "encore le jeton expiré, en voilà un temporaire : ⟦t⟧ — je le révoque ce soir"),
             j=N(str(R.randrange(100000, 999999)), "job_id"), c=N(git_sha(8), "git_sha"), t=L(tok, cat))
    for lang in ("en", "fr"):
        f, l = person(lang); a = addr(lang)
        case(C, lang, f"[{date_recent('fr')}, 09:1{R.randrange(10)}] " + person(lang)[0] + ": " + T(lang, "courier needs the delivery address for ⟦n⟧", "le livreur a besoin de l'adresse de ⟦n⟧") +
             f"\n[{date_recent('fr')}, 09:2{R.randrange(10)}] " + person(lang)[0] + ": ⟦a⟧ — " + T(lang, "call her on", "appelle-la au") + " ⟦p⟧ 📦",
             n=N(f"{f} {l}", "person_name"), a=L(a, "postal_address"), p=L(phone(lang), "phone_number"))
    f, l = person("fr")
    case(C, "fr", "<" + person("fr")[0].lower() + "> le collègue de compta est en arrêt jusqu'au " + date_recent("fr") + "\n<" + person("fr")[0].lower() + "> ah ? quoi ?\n<compta-bot> ⟦n⟧ : ⟦d⟧, arrêt de travail de 3 semaines",
         n=N(f"{f} {l}", "person_name"), d=L(pick(["hernie discale L4-L5", "burn-out", "fracture du poignet", "chirurgie du genou"]), "health_data"))
    k = aws_akid("ASIA")
    case(C, "en", "Teams — Incident bridge\n" + en_name()[0] + " (11:02): pasting the creds from the instance metadata so you can reproduce:\n⟦a⟧\n⟦s⟧\n" + en_name()[0] + " (11:03): 😬 rotate after please",
         a=L(k, "aws_access_key_id"), s=L(aws_secret(), "aws_secret_key"))
    # clean chats
    for lang in ("en", "fr", "fr"):
        case(C, lang, f"[{R.randrange(8, 19):02d}:{R.randrange(60):02d}] " + person(lang)[0] + ": " + T(lang, "the pw is in the vault as usual, entry ⟦u⟧", "le mdp est dans le coffre comme d'hab, entrée ⟦u⟧") +
             f"\n[{R.randrange(8, 19):02d}:{R.randrange(60):02d}] " + person(lang)[0] + ": " + T(lang, "ok, and the build hash?", "ok et le hash du build ?") +
             f"\n[{R.randrange(8, 19):02d}:{R.randrange(60):02d}] " + person(lang)[0] + ": ⟦h⟧ " + T(lang, "on", "sur") + " ⟦host⟧ 🎉",
             u=N(uuid4(), "uuid"), h=N(sha256(), "file_hash"), host=N(int_host(), "infrastructure_info"))
    for lang in ("en", "fr"):
        case(C, lang, "* " + person(lang)[0].lower() + " " + T(lang, "has joined #sec-triage", "a rejoint #sec-triage") + "\n<" + person(lang)[0].lower() + "> " +
             T(lang, "CVSS is ⟦cv⟧, version ⟦v⟧, tracking ID ⟦id⟧", "CVSS ⟦cv⟧, version ⟦v⟧, identifiant de suivi ⟦id⟧") + "\n<" + person(lang)[0].lower() + "> " +
             T(lang, "write to ⟦ps⟧ and use their key ⟦fp⟧; password in the ticket is ⟦x⟧ anyway", "écris à ⟦ps⟧ avec leur clé ⟦fp⟧ ; de toute façon le mdp du ticket est ⟦x⟧"),
             cv=N(cvss(), "cvss_vector"), v=N(version(), "version"), id=N(cve(), "cve_id"), ps=PSIRT(), fp=PSIRT_FP(), x=N(pick(["[redacted]", "********", "xxxx"]), "placeholder"))
    case(C, "en", "WhatsApp chat export\n" + f"{date_recent('us')}, 8:14 PM - " + en_name()[0] + ": reception number is ⟦sw⟧, ask for the lab\n" + f"{date_recent('us')}, 8:15 PM - " + en_name()[0] + ": the lab is at ⟦ip⟧ btw, and the wiki says PIN length is ⟦n⟧ digits",
         sw=N(pick(["+44 20 7946 0000", "+1 800 642 7676"]), "company_contact"), ip=N(priv_ip(), "infrastructure_info"), n=N("6", "setting"))

def email_message():
    C = "email_message"
    for lang in ("en", "fr"):
        st, sk = sig(lang); f, l = person(lang); m = email_of(f, l, lang); pw = password(); mid = f"<{uuid4()}@mail.{pick(['cyberaube.fr', 'redpointlabs.io'])}>"
        case(C, lang, "From: ⟦me⟧\nTo: ⟦ps⟧\nSubject: " + T(lang, "Re: default credentials on field units", "Re: identifiants par défaut sur les équipements") +
             "\nDate: Tue, " + f"{R.randrange(1, 28)} May 2025 14:{R.randrange(10, 59)}:0{R.randrange(10)} +0200\nMessage-ID: ⟦mid⟧\n\n" +
             T(lang, "As requested, the account the integrator gave us: user maint, password ⟦pw⟧. Their engineer ⟦tm⟧ confirmed it is the same on all sites.",
               "Comme demandé, le compte fourni par l'intégrateur : utilisateur maint, mot de passe ⟦pw⟧. Leur technicien ⟦tm⟧ a confirmé qu'il est identique sur tous les sites.") +
             "\n\n> " + T(lang, "On Mon, the PSIRT wrote:", "Le lundi, le PSIRT a écrit :") + "\n> " + T(lang, "Could you share the exact reproduction steps?", "Pourriez-vous préciser les étapes de reproduction ?") + "\n" + st,
             reporter_email=sk["sg_mail"].value, me=N(sk["sg_mail"].value, "reporter_contact"), ps=PSIRT(), mid=N(mid, "message_id"), pw=L(pw, "password_assignment"), tm=L(m, "email_address"), **sk)
    for lang in ("fr", "en"):
        st, sk = sig(lang); f, l = person(lang)
        case(C, lang, "From: ⟦me⟧\nTo: ⟦ps⟧\nCc: ⟦cna⟧\nSubject: [" + cve() + "] " + T(lang, "follow-up", "suivi") + "\nContent-Type: text/plain; charset=utf-8\n\n" +
             T(lang, "Hello,\nThe fix in ⟦v⟧ works. Hash of the patched image: ⟦h⟧. I will be reachable at ⟦mt⟧ until the embargo date ⟦d⟧.",
               "Bonjour,\nLe correctif ⟦v⟧ fonctionne. Empreinte de l'image corrigée : ⟦h⟧. Je reste joignable au ⟦mt⟧ jusqu'à la date d'embargo du ⟦d⟧.") +
             "\n\n> ⟦q⟧ " + T(lang, "wrote:", "a écrit :") + "\n> " + T(lang, "Thanks, our switchboard is ⟦sw⟧ if needed.", "Merci, notre standard est le ⟦sw⟧ si besoin.") + "\n" + st,
             reporter_email=sk["sg_mail"].value, me=N(sk["sg_mail"].value, "reporter_contact"), ps=PSIRT(), cna=CNA(), v=N(version(), "version"), h=N(sha256(), "file_hash"),
             mt=N(phone(lang), "reporter_contact"), d=N(date_recent("fr" if lang == "fr" else "iso"), "non_birth_date"), q=PSIRT(), sw=N("+33 1 57 77 80 00", "company_contact"), **sk)
    for lang in ("fr", "en", "fr"):
        st, sk = sig(lang); f, l = person(lang); c = card(); ib = iban()
        case(C, lang, "Return-Path: <⟦me⟧>\nFrom: ⟦me2⟧\nTo: ⟦ps⟧\nSubject: " + T(lang, "Data leak: invoices bucket", "Fuite de données : bucket de factures") + "\nX-Mailer: Thunderbird 128.3\n\n" +
             T(lang, "Sample record (one, to prove impact): ⟦n⟧, card ⟦c⟧, IBAN ⟦i⟧, email ⟦m⟧.\nI deleted my local copy.",
               "Exemple d'enregistrement (un seul, pour prouver l'impact) : ⟦n⟧, carte ⟦c⟧, IBAN ⟦i⟧, courriel ⟦m⟧.\nJ'ai supprimé ma copie locale.") + st,
             reporter_email=sk["sg_mail"].value, me=N(sk["sg_mail"].value, "reporter_contact"), me2=N(sk["sg_mail"].value, "reporter_contact"), ps=PSIRT(),
             n=N(f"{f} {l}", "person_name"), c=L(c, "payment_card"), i=L(ib, "iban"), m=L(free_email(f, l), "email_address"), **sk)
    st, sk = sig("en")
    case(C, "en", "From: ⟦me⟧\nTo: ⟦ps⟧\nSubject: webhook secret in mobile app\n\nThe Android app ships this Slack webhook: ⟦w⟧\nand a SendGrid key ⟦sg⟧. I posted one test message only.\n\n-----BEGIN PGP SIGNATURE-----\n⟦pgp⟧\n-----END PGP SIGNATURE-----" + st,
         reporter_email=sk["sg_mail"].value, me=N(sk["sg_mail"].value, "reporter_contact"), ps=PSIRT(), w=L(slack_hook(), "slack_webhook"), sg=L(sendgrid(), "sendgrid_key"),
         pgp=N("iQIzBAEBCgAdFiEE" + chars(60, B64) + "\n" + chars(64, B64) + "\n=" + chars(4, B64), "pgp_signature"), **sk)
    st, sk = sig("fr")
    case(C, "fr", "From: ⟦me⟧\nTo: ⟦ps⟧\nSubject: Demande de recours CNA\nDate: Wed, 4 Jun 2025 09:12:44 +0200\n\nBonjour,\nLa CNA n'a pas répondu depuis le ⟦d⟧ (référence ⟦ref⟧). Je copie ⟦cna⟧.\n\n> Le ⟦d2⟧, support@⟦dom⟧ a écrit :\n> Votre demande ⟦t⟧ est en cours.\n" + st,
         reporter_email=sk["sg_mail"].value, me=N(sk["sg_mail"].value, "reporter_contact"), ps=PSIRT(), d=N(date_recent("fr"), "non_birth_date"), ref=N("REQ-" + digits(6), "order_id"), cna=CNA(),
         d2=N(date_recent("fr"), "non_birth_date"), dom=N("atelier-brume.fr", "company_contact"), t=N("#" + digits(6), "ticket_id"), **sk)
    st, sk = sig("en", with_addr=True)
    case(C, "en", "From: ⟦me⟧\nTo: ⟦ps⟧\nSubject: XSS in help center\n\nHi,\nPoC attached (payload.html, sha256 ⟦h⟧). Tested from ⟦ip⟧ against ⟦host⟧. The vendor's security.txt lists ⟦sec⟧.\n\nBest," + st,
         reporter_email=sk["sg_mail"].value, me=N(sk["sg_mail"].value, "reporter_contact"), ps=PSIRT(), h=N(sha256(), "file_hash"), ip=N(doc_ip(), "documentation_ip"),
         host=N("help." + pick(["tidewell-energy.com", "quillandsons.co.uk"]), "public_hostname"), sec=N("security@" + pick(["tidewell-energy.com", "quillandsons.co.uk"]), "company_contact"), **sk)

def markdown_report():
    C = "markdown_report"
    for lang in ("en", "fr"):
        cs = f"postgresql://billing:{password()}@{int_host()}:5432/billing"
        case(C, lang, "## " + T(lang, "Finding 3 — hard-coded database URI", "Constat 3 — URI de base codée en dur") + "\n\n" + T(lang, "**Severity:** High  \n**CWE:** CWE-798\n\nThe container image `⟦img⟧` contains:\n\n```ini\n[db]\nurl = ⟦cs⟧\n```\n\nImpact: full read access to invoices.",
             "**Sévérité :** Haute  \n**CWE :** CWE-798\n\nL'image `⟦img⟧` contient :\n\n```ini\n[db]\nurl = ⟦cs⟧\n```\n\nImpact : lecture complète des factures."),
             img=N("registry.example.com/billing@sha256:" + sha256(), "file_hash"), cs=L(cs, "connection_string", also=["url_credentials"]))
    for lang in ("fr", "en"):
        j = jwt(extra={"role": "admin", "email": None} if False else {"role": "admin"})
        case(C, lang, "### " + T(lang, "Proof of concept", "Preuve de concept") + "\n\n```http\nGET /api/v2/admin/users HTTP/1.1\nHost: ⟦h⟧\nAuthorization: Bearer ⟦j⟧\n```\n\n" +
             T(lang, "> The token above was issued to my test account and is still valid for 24 h.", "> Le jeton ci-dessus a été émis pour mon compte de test et reste valide 24 h."),
             h=N(pick(["portal.tidewell-energy.com", "extranet.groupe-valmorel.fr"]), "public_hostname"), j=L(j, "authorization_header", also=["jwt"]))
    for lang in ("fr", "en"):
        f, l = person(lang)
        case(C, lang, "| " + T(lang, "Field", "Champ") + " | " + T(lang, "Value returned", "Valeur renvoyée") + " |\n|---|---|\n| name | ⟦n⟧ |\n| " + T(lang, "birth_date", "date_naissance") + " | ⟦dob⟧ |\n| " + T(lang, "passport", "passeport") + " | ⟦pp⟧ |\n| created_at | ⟦c⟧ |\n",
             n=N(f"{f} {l}", "person_name"), dob=L(date_birth("iso"), "date_of_birth"), pp=L(fr_passport_no() if lang == "fr" else uk_passport_no(), "identity_document"), c=N(ts_iso(), "timestamp"))
    k = priv_key("openssh")
    case(C, "en", "## Appendix B\n\nThe backup archive contained the deploy user's key:\n\n```\n⟦k⟧\n```\n\nand its public half `⟦pub⟧` is in authorized_keys on ⟦h⟧.",
         k=L(k, "private_key"), pub=N(pub_ssh("deploy@build"), "public_key"), h=L(int_host(), "internal_hostname"))
    # clean
    for lang in ("en", "fr", "fr"):
        case(C, lang, "# " + T(lang, "Report", "Rapport") + ": " + cve() + "\n\n- **CVSS**: `⟦cv⟧`\n- **" + T(lang, "Fixed in", "Corrigé en") + "**: ⟦v⟧\n- **Commit**: ⟦c⟧\n\n```yaml\ndatabase:\n  password: ⟦p⟧\n  pool_size: 20\n```\n\n" +
             T(lang, "Replace the placeholder with your own value. Checksums: `⟦md⟧`.", "Remplacez la valeur d'exemple par la vôtre. Sommes de contrôle : `⟦md⟧`."),
             cv=N(cvss(), "cvss_vector"), v=N(version(), "version"), c=N(git_sha(), "git_sha"), p=N(pick(["${DB_PASSWORD}", "<your-password-here>", "{{ vault_db_password }}"]), "placeholder"), md=N(md5(), "file_hash"))
    case(C, "fr", "## Environnement de test\n\n| Hôte | IP | Rôle |\n|---|---|---|\n| ⟦h1⟧ | ⟦i1⟧ | proxy |\n| ⟦h2⟧ | ⟦i2⟧ | cible |\n\nLes mots de passe ont été remplacés par `⟦x⟧`. Clé SSH de l'hôte : `⟦fp⟧`.",
         h1=N(int_host(), "infrastructure_info"), i1=N(priv_ip(), "infrastructure_info"), h2=N(int_host(), "infrastructure_info"), i2=N(priv_ip(), "infrastructure_info"), x=N("********", "placeholder"), fp=N(ssh_fp(), "ssh_fingerprint"))
    case(C, "en", "### Dependencies\n\n```json\n\"lodash\": {\n  \"version\": \"⟦v⟧\",\n  \"integrity\": \"⟦i⟧\"\n}\n```\n\nThe example key in the vendor docs (`⟦ex⟧`) is not a leak.",
         v=N(version(), "version"), i=N(npm_integrity(), "npm_integrity"), ex=doc("sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc", "stripe_key"))
# ================================================================ config files
def config_file():
    C = "config_file"
    ssid = pick(["ATELIER-5G", "Livebox-7A3F", "Labo_Invites", "WH-Floor2"]); psk = password()
    case(C, "fr", "# /etc/wpa_supplicant/wpa_supplicant.conf — récupéré sur la borne\nctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev\nupdate_config=1\ncountry=FR\n\nnetwork={\n    ssid=\"⟦s⟧\"\n    psk=\"⟦p⟧\"\n    key_mgmt=WPA-PSK\n}\n",
         s=N(ssid, "ssid"), p=L(psk, "password_assignment"))
    case(C, "en", "# ~/.pgpass (found world-readable)\n⟦h⟧:5432:reporting:report_ro:⟦p⟧\n*:*:*:postgres:⟦p2⟧\n",
         h=L(int_host(), "internal_hostname"), p=L(password(), "password_assignment"), p2=L(password(), "password_assignment"))
    case(C, "fr", "# /etc/postfix/sasl_passwd\n[smtp.⟦d⟧]:587    relais@⟦d2⟧:⟦p⟧\n", d=N("mailjet.com", "public_hostname"), d2=N("transports-aubrac.fr", "company_contact"), p=L(password(), "password_assignment"))
    case(C, "en", "[domain/corp]\nid_provider = ldap\nldap_uri = ldaps://⟦h⟧\nldap_default_bind_dn = cn=sssd-bind,ou=svc,dc=corp,dc=local\nldap_default_authtok_type = password\nldap_default_authtok = ⟦p⟧\ncache_credentials = True\n",
         h=L(int_host(), "internal_hostname"), p=L(password(), "password_assignment"))
    case(C, "fr", "# ~/.netrc de l'utilisateur jenkins\nmachine ⟦h⟧\n  login deploy\n  password ⟦p⟧\nmachine api.github.com login bot password ⟦t⟧\n",
         h=L(int_host(), "internal_hostname"), p=L(password(), "password_assignment"), t=L(gh_token(), "github_token", also=["password_assignment"]))
    case(C, "en", "# /root/.my.cnf\n[client]\nuser=root\npassword=\"⟦p⟧\"\nhost=⟦ip⟧\n", p=L(password(), "password_assignment"), ip=L(priv_ip(), "private_ip"))
    case(C, "fr", "# profil NetworkManager /etc/NetworkManager/system-connections/vpn-siege.nmconnection\n[connection]\nid=vpn-siege\nuuid=⟦u⟧\ntype=vpn\n\n[vpn]\nservice-type=org.freedesktop.NetworkManager.openvpn\nusername=tech.terrain\n\n[vpn-secrets]\npassword=⟦p⟧\n",
         u=N(uuid4(), "uuid"), p=L(password(), "password_assignment"))
    case(C, "en", "# /etc/ipsec.secrets (strongSwan)\n⟦a⟧ ⟦b⟧ : PSK \"⟦p⟧\"\n# fstab on the same box\n//⟦h⟧/finance /mnt/finance cifs credentials=/root/.smbcred,uid=1000 0 0\n# /root/.smbcred\nusername=svc_scan\npassword=⟦p2⟧\n",
         a=N(pub_ip(), "public_ip"), b=N(pub_ip(), "public_ip"), p=L(passphrase_en(), "password_assignment"), h=L(int_host(), "internal_hostname"), p2=L(password(), "password_assignment"))
    case(C, "fr", "# ~/.config/rclone/rclone.conf\n[sauvegarde]\ntype = s3\nprovider = AWS\naccess_key_id = ⟦a⟧\nsecret_access_key = ⟦s⟧\nregion = eu-west-3\n",
         a=L(aws_akid(), "aws_access_key_id"), s=L(aws_secret(), "aws_secret_key"))
    case(C, "en", "# ~/.msmtprc\naccount default\nhost smtp.office365.com\nport 587\nauth on\nuser ⟦u⟧\npassword ⟦p⟧\n# redis.conf\nrequirepass ⟦p2⟧\n",
         u=L(email_of(*en_name(), "en"), "email_address", optional=True), p=L(password(), "password_assignment"), p2=L(chars(32, HEX), "password_assignment"))
    # clean
    case(C, "en", "# pg_hba.conf\n# TYPE  DATABASE  USER  ADDRESS         METHOD\nlocal   all       all                   peer\nhost    all       all   ⟦n⟧    scram-sha-256\nhost    replication rep ⟦n2⟧  scram-sha-256\n",
         n=N(priv_ip() + "/24", "infrastructure_info"), n2=N(priv_ip() + "/32", "infrastructure_info"))
    case(C, "fr", "# smb.conf — extrait\n[global]\n   workgroup = AUBRAC\n   security = user\n   min protocol = SMB2\n   passdb backend = tdbsam\n   # mot de passe : voir coffre, entrée ⟦u⟧\n[public]\n   path = /srv/public\n   guest ok = yes\n", u=N(uuid4(), "uuid"))
    case(C, "en", "# /etc/openvpn/client.conf\nclient\ndev tun\nremote ⟦h⟧ 1194\nauth-user-pass /etc/openvpn/creds.txt\ncipher AES-256-GCM\n<ca>\n⟦cert⟧\n</ca>\n",
         h=N("vpn." + pick(["tidewell-energy.com", "harbourline-insure.com"]), "public_hostname"), cert=N(cert_pem(), "certificate"))
    case(C, "fr", "# /etc/fetchmailrc (modèle livré par l'éditeur)\npoll imap.⟦d⟧ proto imap\n  user \"⟦u⟧\" password \"⟦p⟧\" ssl\n# redis.conf\n# requirepass foobared\nmaxmemory 256mb\n",
         d=N("example.com", "documentation_value"), u=N("utilisateur", "placeholder"), p=N("<mot-de-passe>", "placeholder"))

def config_yaml():
    C = "config_yaml"
    for lang in ("en", "fr"):
        case(C, lang, "# " + T(lang, "application.yml from the exposed actuator", "application.yml récupéré via l'actuator exposé") + "\nspring:\n  datasource:\n    url: jdbc:postgresql://⟦h⟧:5432/crm\n    username: crm_app\n    password: ⟦p⟧\n  mail:\n    host: smtp.sendgrid.net\n    password: ⟦sg⟧\nmanagement:\n  endpoints.web.exposure.include: \"*\"\n",
             h=L(int_host(), "internal_hostname"), p=L(password(), "password_assignment"), sg=L(sendgrid(), "sendgrid_key", also=["password_assignment"]))
    for lang in ("fr", "en"):
        case(C, lang, "# " + T(lang, "GitLab CI variables dumped by the runner", "variables CI exportées par le runner") + "\nvariables:\n  NPM_TOKEN: ⟦n⟧\n  TWINE_PASSWORD: ⟦py⟧\n  DOCKER_IMAGE: registry.gitlab.com/acme/app:⟦v⟧\n",
             n=L(npm_tok(), "npm_token"), py=L(pypi_tok(), "pypi_token", also=["password_assignment"]), v=N(version(), "version"))
    case(C, "en", "# ansible group_vars/prod.yml (unencrypted)\nldap_bind_dn: cn=ansible,ou=svc,dc=corp\nldap_bind_password: ⟦p⟧\nstripe_secret: ⟦s⟧\nstripe_publishable: ⟦pk⟧\n",
         p=L(password(), "password_assignment"), s=L(stripe_sk(), "stripe_key"), pk=N(stripe_pk(), "public_key"))
    case(C, "fr", "# config/secrets.yml\nproduction:\n  google_maps_key: ⟦g⟧\n  openai_key: ⟦ai⟧\n  admin_contact: ⟦m⟧\n",
         g=L(google_key(), "google_api_key"), ai=L(ai_key(), "ai_api_key"), m=L(email_of(*person("fr"), "fr"), "email_address"))
    # clean
    for lang in ("en", "fr", "fr"):
        case(C, lang, "# " + T(lang, "values shipped in the public chart", "valeurs du chart public") + "\nauth:\n  password: ⟦a⟧\n  existingSecret: ⟦b⟧\n  passwordMinLength: 12\n  tokenTtl: 3600\nimage:\n  tag: ⟦v⟧\n  digest: sha256:⟦h⟧\n",
             a=N(pick(['""', "changeme", "${ADMIN_PASSWORD}"]), "placeholder"), b=N(pick(["app-credentials", "db-secret"]), "secret_reference"), v=N(version(), "version"), h=N(sha256(), "file_hash"))
    case(C, "en", "# openapi.yaml (excerpt)\ncomponents:\n  securitySchemes:\n    bearerAuth:\n      type: http\n      scheme: bearer\n      bearerFormat: JWT\n  examples:\n    token: ⟦t⟧\nservers:\n  - url: https://⟦h⟧/v1\n",
         t=N("<TOKEN>", "placeholder"), h=N("api.tidewell-energy.com", "public_hostname"))
    case(C, "fr", "# prometheus.yml\nscrape_configs:\n  - job_name: noeuds\n    static_configs:\n      - targets: ['⟦a⟧:9100', '⟦b⟧:9100']\n    basic_auth:\n      username: prom\n      password_file: /etc/prometheus/pw\n",
         a=N(priv_ip(), "infrastructure_info"), b=N(int_host(), "infrastructure_info"))

def config_json():
    C = "config_json"
    for lang in ("en", "fr"):
        acct = pick(["tidewellprod", "aubracfactures", "valmorelbackup"])
        case(C, lang, "{\n  \"_comment\": \"" + T(lang, "appsettings.Production.json from the IIS share", "appsettings.Production.json trouvé sur le partage IIS") + "\",\n  \"ConnectionStrings\": {\n    \"Default\": \"⟦cs⟧\",\n    \"Blob\": \"⟦az⟧\"\n  },\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Warning\" } }\n}",
             cs=L(f"Server={int_host()};Database=Crm;User Id=crm_web;Password={password()};", "connection_string"), az=L(azure_cs(acct), "azure_connection_string"))
    sa_key = priv_key("pkcs8").replace("\n", "\\n") + "\\n"
    case(C, "en", "{\n  \"type\": \"service_account\",\n  \"project_id\": \"fleet-tracker-prod\",\n  \"private_key_id\": \"⟦kid⟧\",\n  \"private_key\": \"⟦k⟧\",\n  \"client_email\": \"uploader@fleet-tracker-prod.iam.gserviceaccount.com\",\n  \"token_uri\": \"https://oauth2.googleapis.com/token\"\n}",
         kid=N(hexs(40), "key_id"), k=L(sa_key.rstrip("\\n").rstrip("\\"), "gcp_service_account", also=["private_key"]))
    case(C, "fr", "{\n  \"smtp\": {\"host\": \"smtp.⟦d⟧\", \"user\": \"notifications\", \"pass\": \"⟦p⟧\"},\n  \"twilio\": {\"sid\": \"⟦sid⟧\", \"secret\": \"⟦tok⟧\"},\n  \"support_phone\": \"⟦sp⟧\"\n}",
         d=N("groupe-valmorel.fr", "company_contact"), p=L(password(), "password_assignment"), sid=L(twilio_sid(), "twilio_key"), tok=L(twilio_auth(), "twilio_key", also=["password_assignment"]), sp=N("0 800 " + digits(3) + " " + digits(3), "company_contact"))
    case(C, "en", "{\"auths\": {\"registry.corp.local:5000\": {\"auth\": \"⟦b⟧\"}, \"ghcr.io\": {\"auth\": \"⟦g⟧\"}}}",
         b=L(basic("ci", password()), "authorization_header", also=["password_assignment"]), g=L(base64.b64encode(("bot:" + gh_token()).encode()).decode(), "authorization_header", also=["github_token"]))
    case(C, "fr", "{\n  \"webhook\": \"⟦w⟧\",\n  \"canal\": \"#alertes-prod\",\n  \"seuil\": 0.8\n}", w=L(slack_hook(), "slack_webhook"))
    # clean
    for lang in ("en", "fr", "en", "fr"):
        case(C, lang, "{\n  \"name\": \"" + pick(["fleet-ui", "portail-rh", "kiosk-agent", "badge-sync"]) + "\",\n  \"version\": \"⟦v⟧\",\n  \"description\": \"" + T(lang, "internal dashboard", "tableau de bord interne") + "\",\n  \"resolved\": \"https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz\",\n  \"integrity\": \"⟦i⟧\",\n  \"config\": {\"apiKey\": \"⟦k⟧\", \"passwordPolicy\": {\"minLength\": 12, \"maxAgeDays\": 90}},\n  \"buildId\": \"⟦u⟧\"\n}",
             v=N(version(), "version"), i=N(npm_integrity(), "npm_integrity"), k=ph(), u=N(uuid4(), "uuid"))
    case(C, "en", "{\"keys\": [{\"kty\": \"RSA\", \"kid\": \"⟦kid⟧\", \"use\": \"sig\", \"alg\": \"RS256\", \"n\": \"⟦n⟧\", \"e\": \"AQAB\"}]}",
         kid=N(hexs(16), "key_id"), n=N(b64u(rbytes(256)), "public_key"))

def config_ini():
    C = "config_ini"
    for lang in ("fr", "en"):
        case(C, lang, "; " + T(lang, "php.ini / app config found in backup.zip", "config applicative trouvée dans backup.zip") + "\n[database]\nhost = ⟦ip⟧\nuser = gestion\npassword = ⟦p⟧\n\n[mail]\nfrom = ⟦f⟧\n",
             ip=L(priv_ip(), "private_ip"), p=L(password(), "password_assignment"), f=N("noreply@" + pick(["transports-aubrac.fr", "brightwater-logistics.com"]), "company_contact"))
    case(C, "en", "# ~/.aws/credentials\n[default]\naws_access_key_id = ⟦a⟧\naws_secret_access_key = ⟦s⟧\n\n[docs]\naws_access_key_id = ⟦da⟧\naws_secret_access_key = ⟦ds⟧\n",
         a=L(aws_akid(), "aws_access_key_id"), s=L(aws_secret(), "aws_secret_key"), da=doc("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id"), ds=doc("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_key"))
    case(C, "fr", "; ~/.pypirc\n[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = ⟦t⟧\n", t=L(pypi_tok(), "pypi_token", also=["password_assignment"]))
    case(C, "en", "# ~/.npmrc\n//registry.npmjs.org/:_authToken=⟦t⟧\n@corp:registry=https://⟦h⟧/npm/\n//⟦h2⟧/npm/:_auth=⟦b⟧\n",
         t=L(npm_tok(), "npm_token"), h=L(int_host(), "internal_hostname"), h2=L(int_host(), "internal_hostname"), b=L(basic("build", password()), "authorization_header", also=["password_assignment"]))
    case(C, "fr", "[git]\n; .git/config du dépôt exposé\n[remote \"origin\"]\n\turl = ⟦u⟧\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[user]\n\temail = ⟦m⟧\n",
         u=L(f"https://oauth2:{gitlab()}@gitlab.{pick(['groupe-valmorel.fr', 'transports-aubrac.fr'])}/erp/factures.git", "url_credentials", also=["gitlab_token"]), m=L(email_of(*person("fr"), "fr"), "email_address"))
    case(C, "en", "[ldap]\nserver = ldaps://⟦h⟧:636\nbind_dn = CN=svc-wiki,OU=Service,DC=corp,DC=local\nbind_pw = ⟦p⟧\n", h=L(int_host(), "internal_hostname"), p=L(password(), "password_assignment"))
    # clean
    for lang in ("en", "fr", "fr", "en"):
        case(C, lang, "; " + T(lang, "defaults shipped with the package", "valeurs par défaut livrées avec le paquet") + "\n[security]\npassword_min_length = 12\npassword = ⟦p⟧\nsession_timeout = 900\nhash_algorithm = argon2id\n\n[build]\nversion = ⟦v⟧\ncommit = ⟦c⟧\n\n[net]\nlisten = ⟦ip⟧\n",
             p=ph(), v=N(version(), "version"), c=N(git_sha(), "git_sha"), ip=N(pick([priv_ip(), "0.0.0.0", "127.0.0.1"]), "infrastructure_info"))
    case(C, "fr", "[certificat]\nempreinte_sha1 = ⟦f⟧\noid_politique = ⟦o⟧\nnumero_serie = ⟦s⟧\n", f=N(":".join(hexs(2).upper() for _ in range(20)), "certificate_fingerprint"), o=N("1.2.250.1.121.1.2", "oid"), s=N(hexs(32), "serial_number"))

def env_file():
    C = "env_file"
    for lang in ("en", "fr"):
        case(C, lang, "# " + T(lang, ".env served at /.env on the staging site", ".env servi sur /.env du site de préproduction") + "\nAPP_ENV=staging\nAPP_KEY=base64:⟦ak⟧\nDB_HOST=⟦h⟧\nDB_PASSWORD=⟦p⟧\nSTRIPE_SECRET=⟦s⟧\nMAIL_FROM=⟦mf⟧\n",
             ak=L(base64.b64encode(rbytes(32)).decode(), "password_assignment"), h=L(priv_ip(), "private_ip"), p=L(password(), "password_assignment"), s=L(stripe_sk(), "stripe_key"),
             mf=N("no-reply@" + pick(["atelier-brume.fr", "oakvale-school.org.uk"]), "company_contact"))
    for lang in ("fr", "en"):
        case(C, lang, "DATABASE_URL=⟦d⟧\nREDIS_URL=⟦r⟧\nSENTRY_DSN=https://⟦sd⟧@o" + digits(6) + ".ingest.sentry.io/" + digits(7) + "\n",
             d=L(f"postgres://app:{password()}@{int_host()}:5432/app", "connection_string", also=["url_credentials"]), r=L(f"redis://:{chars(24, ALNUM)}@{priv_ip()}:6379/0", "connection_string", also=["url_credentials"]),
             sd=N(hexs(32), "public_dsn_key"))
    case(C, "en", "OPENAI_API_KEY=⟦a⟧\nHF_HOME=/data/hf\nGOOGLE_API_KEY=⟦g⟧\nSLACK_BOT_TOKEN=⟦s⟧\n", a=L(ai_key(), "ai_api_key"), g=L(google_key(), "google_api_key"), s=L(slack_bot(), "slack_token"))
    case(C, "fr", "# variables du conteneur (docker inspect)\nJWT_SECRET=⟦j⟧\nADMIN_EMAIL=⟦m⟧\nTZ=Europe/Paris\n", j=L(chars(48, ALNUM), "password_assignment"), m=L(email_of(*person("fr"), "fr"), "email_address"))
    # clean
    for lang in ("en", "fr", "en", "fr"):
        case(C, lang, "# .env.example — " + T(lang, "copy to .env and fill in", "copier vers .env et compléter") + "\nDB_PASSWORD=⟦a⟧\nAPI_TOKEN=⟦b⟧\nSECRET_KEY=⟦c⟧\nPASSWORD_MIN_LENGTH=12\nRELEASE=⟦v⟧\nBUILD_SHA=⟦s⟧\n",
             a=ph(), b=ph(), c=ph(), v=N(version(), "version"), s=N(git_sha(), "git_sha"))
    case(C, "en", "NODE_ENV=production\nPORT=8080\nPUBLIC_SITE=https://⟦h⟧\nSTRIPE_PUBLISHABLE_KEY=⟦pk⟧\nLOG_LEVEL=info\nINTERNAL_API=http://⟦ih⟧:9000\n",
         h=N("www.quillandsons.co.uk", "public_hostname"), pk=N(stripe_pk(), "public_key"), ih=N(int_host(), "infrastructure_info"))
# ================================================================ http / api
def http_request():
    C = "http_request"
    for lang in ("en", "fr"):
        j = jwt(extra={"scope": "admin"})
        case(C, lang, "# " + T(lang, "Burp capture, request 12", "capture Burp, requête 12") + "\nPOST /api/v1/export HTTP/1.1\nHost: ⟦h⟧\nAuthorization: Bearer ⟦j⟧\nContent-Type: application/json\nX-Request-Id: ⟦u⟧\n\n{\"format\":\"csv\"}",
             h=N(pick(["portal.tidewell-energy.com", "rh.groupe-valmorel.fr"]), "public_hostname"), j=L(j, "authorization_header", also=["jwt"]), u=N(uuid4(), "uuid"))
    for lang in ("fr", "en"):
        u, pw = pick(["admin", "supervisor", "tech"]), password()
        case(C, lang, "GET /cgi-bin/status.cgi HTTP/1.1\nHost: ⟦ip⟧\nAuthorization: Basic ⟦b⟧\nUser-Agent: curl/8.5.0\n", ip=L(priv_ip(), "private_ip"), b=L(basic(u, pw), "authorization_header", also=["password_assignment"]))
    for lang in ("en", "fr"):
        k = pick(["sessionid", "PHPSESSID", "JSESSIONID", "connect.sid", "ASP.NET_SessionId"])
        case(C, lang, "GET /account/settings HTTP/2\nHost: ⟦h⟧\nCookie: _ga=GA1.2." + digits(10) + "." + digits(10) + "; lang=" + lang + "; " + k + "=⟦c⟧; theme=dark\nSec-Fetch-Site: same-origin\n",
             h=N(pick(["shop.quillandsons.co.uk", "espace-client.mutuelle-ardoise.fr"]), "public_hostname"), c=L(cookie_val(k), "session_cookie"))
    pw = password(); m = email_of(*person("fr"), "fr")
    case(C, "fr", "POST /login HTTP/1.1\nHost: extranet.groupe-valmorel.fr\nContent-Type: application/x-www-form-urlencoded\n\nemail=⟦m⟧&password=⟦p⟧&remember=1", m=L(m.replace("@", "%40"), "email_address"), p=L(pw, "password_assignment"))
    case(C, "en", "GET /v2/reports?api_key=⟦k⟧&page=2 HTTP/1.1\nHost: api.harbourline-insure.com\nX-Api-Key: ⟦k2⟧\n", k=L(google_key(), "google_api_key"), k2=L(chars(40, ALNUM), "authorization_header"))
    case(C, "en", "GET /container/report.pdf?⟦s⟧ HTTP/1.1\nHost: tidewellprod.blob.core.windows.net\n", s=L(azure_sas(), "azure_sas_token"))
    # clean
    for lang in ("en", "fr", "fr", "en"):
        case(C, lang, "# " + T(lang, "request with tokens redacted by me", "requête dont j'ai masqué les jetons") + "\nPOST /graphql HTTP/1.1\nHost: ⟦h⟧\nAuthorization: Bearer ⟦r⟧\nCookie: session=⟦r2⟧\nIf-None-Match: \"⟦e⟧\"\nX-Trace-Id: ⟦u⟧\nContent-Length: " + str(R.randrange(40, 400)) + "\n\n{\"query\":\"{ version }\"}",
             h=N(pick(["api.brightwater-logistics.com", "portail.transports-aubrac.fr", "app.meridian-payroll.com"]), "public_hostname"), r=N(pick(["[REDACTED]", "<TOKEN>", "xxxx"]), "redacted"),
             r2=N(pick(["***", "[redacted]"]), "redacted"), e=N(md5(), "etag"), u=N(uuid4(), "uuid"))

def http_response():
    C = "http_response"
    for lang in ("en", "fr"):
        k = pick(["sessionid", "PHPSESSID", "laravel_session"])
        case(C, lang, "HTTP/1.1 200 OK\nServer: nginx/⟦v⟧\nSet-Cookie: " + k + "=⟦c⟧; Path=/; HttpOnly\nX-Debug-Db: ⟦cs⟧\nContent-Type: text/html; charset=utf-8\n",
             v=N(version(), "version"), c=L(cookie_val(k), "session_cookie"), cs=L(f"mysql://web:{password()}@{priv_ip()}/shop", "connection_string", also=["url_credentials"]))
    for lang in ("fr", "en"):
        f, l = person(lang)
        case(C, lang, "HTTP/1.1 200 OK\nContent-Type: application/json\nDate: Mon, 12 May 2025 10:22:31 GMT\n\n{\"id\": " + digits(5) + ", \"nom\": \"⟦n⟧\", \"telephone\": \"⟦p⟧\", \"iban\": \"⟦i⟧\", \"maj\": \"⟦t⟧\"}",
             n=N(f"{f} {l}", "person_name"), p=L(phone(lang), "phone_number"), i=L(iban(), "iban"), t=N(ts_iso(), "timestamp"))
    case(C, "en", "HTTP/1.1 500 Internal Server Error\nContent-Type: text/plain\n\nSQLSTATE[28000] [1045] Access denied for user 'shop'@'⟦ip⟧' (using password: YES) dsn=⟦d⟧",
         ip=L(priv_ip(), "private_ip"), d=L(f"Server={int_host()};Uid=shop;Pwd={password()};", "connection_string"))
    case(C, "fr", "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"access_token\": \"⟦a⟧\", \"token_type\": \"Bearer\", \"expires_in\": 3600, \"refresh_token\": \"⟦r⟧\"}",
         a=L(jwt(), "jwt"), r=L(chars(64, ALNUM), "password_assignment", optional=True))
    case(C, "en", "HTTP/1.1 302 Found\nLocation: https://⟦u⟧/admin\nX-Powered-By: PHP/8.1.2\n", u=L(f"backup:{password()}@files.{pick(['quillandsons.co.uk', 'tidewell-energy.com'])}", "url_credentials"))
    # clean
    for lang in ("en", "fr", "en", "fr"):
        case(C, lang, "HTTP/1.1 200 OK\nServer: Apache/⟦v⟧\nETag: \"⟦e⟧\"\nStrict-Transport-Security: max-age=31536000\nSet-Cookie: consent=⟦c⟧; Path=/\nX-Request-ID: ⟦u⟧\nLast-Modified: ⟦d⟧\nContent-Security-Policy: default-src 'self'; script-src 'sha256-⟦h⟧'\n",
             v=N(version(), "version"), e=N(hexs(16), "etag"), c=N(pick(["accepted", "essential-only", "1"]), "non_secret_cookie"), u=N(uuid4(), "uuid"), d=N("Tue, 03 Jun 2025 08:00:00 GMT", "timestamp"),
             h=N(base64.b64encode(rbytes(32)).decode(), "file_hash"))

def json_api():
    C = "json_api"
    for lang in ("fr", "en", "fr"):
        f, l = person(lang); f2, l2 = person(lang)
        case(C, lang, "// GET /api/users?page=3 — " + T(lang, "IDOR, no tenant check", "IDOR, aucun contrôle de locataire") + "\n{\"data\": [\n  {\"id\": \"⟦u1⟧\", \"name\": \"⟦n1⟧\", \"email\": \"⟦m1⟧\", \"phone\": \"⟦p1⟧\", \"createdAt\": \"⟦t1⟧\"},\n  {\"id\": \"⟦u2⟧\", \"name\": \"⟦n2⟧\", \"email\": \"⟦m2⟧\", \"birthDate\": \"⟦b2⟧\"}\n], \"total\": " + str(R.randrange(900, 90000)) + "}",
             u1=N(uuid4(), "uuid"), n1=N(f"{f} {l}", "person_name"), m1=L(email_of(f, l, lang), "email_address"), p1=L(phone(lang), "phone_number"), t1=N(ts_iso(), "timestamp"),
             u2=N(uuid4(), "uuid"), n2=N(f"{f2} {l2}", "person_name"), m2=L(free_email(f2, l2), "email_address"), b2=L(date_birth("iso"), "date_of_birth"))
    for lang in ("en", "fr"):
        f, l = person(lang)
        case(C, lang, "{\n  \"resourceType\": \"Condition\",\n  \"id\": \"" + digits(6) + "\",\n  \"subject\": {\"reference\": \"Patient/" + digits(5) + "\", \"display\": \"⟦n⟧\"},\n  \"code\": {\"coding\": [{\"system\": \"http://snomed.info/sct\", \"code\": \"⟦c⟧\", \"display\": \"⟦d⟧\"}], \"text\": \"⟦t⟧\"},\n  \"recordedDate\": \"⟦rd⟧\"\n}",
             n=N(f"{f} {l}", "person_name"), c=L(pick(["44054006", "35489007", "195967001", "73211009"]), "health_data"), d=L(pick(["Diabetes mellitus type 2", "Depressive disorder", "Asthma", "Diabetes mellitus"]), "health_data"),
             t=L(T(lang, pick(["Type 2 diabetes, poorly controlled", "Major depression, recurrent"]), pick(["Diabète de type 2 déséquilibré", "Dépression récidivante"])), "health_data"), rd=N(date_recent(), "non_birth_date"))
    case(C, "en", "{\"resourceType\": \"Patient\", \"id\": \"pt-" + digits(4) + "\", \"name\": [{\"family\": \"⟦l⟧\", \"given\": [\"⟦f⟧\"]}], \"birthDate\": \"⟦b⟧\", \"address\": [{\"line\": [\"⟦a⟧\"], \"city\": \"Didcot\"}], \"identifier\": [{\"system\": \"https://fhir.nhs.uk/Id/nhs-number\", \"value\": \"⟦nhs⟧\"}]}",
         l=N(pick(EN_LAST), "person_name"), f=N(pick(EN_FIRST), "person_name"), b=L(date_birth("iso"), "date_of_birth"), a=L(f"{R.randrange(1, 90)} {pick(UK_STREETS)}", "postal_address"), nhs=L(digits(3) + " " + digits(3) + " " + digits(4), "national_id"))
    f, l, cf = italian()
    case(C, "fr", "{\"cliente\": {\"nome\": \"⟦n⟧\", \"codice_fiscale\": \"⟦cf⟧\", \"carta\": \"⟦c⟧\"}, \"ordine\": \"⟦o⟧\", \"importo\": \"⟦a⟧\"}",
         n=N(f"{f} {l}", "person_name"), cf=L(cf, "national_id"), c=L(card(spaced=False), "payment_card"), o=N(order_id(), "order_id"), a=N(amount_fr(), "amount"))
    case(C, "en", "{\"employee\": {\"id\": \"E" + digits(5) + "\", \"ni_number\": \"⟦ni⟧\", \"salary\": ⟦s⟧, \"review\": \"⟦r⟧\"}}",
         ni=L(nino(), "national_id"), s=L(str(R.randrange(30000, 120000)), "employment_data"), r=L(pick(["Underperforming; PIP started", "Final warning issued for misconduct"]), "employment_data"))
    # clean
    for lang in ("en", "fr", "en", "fr"):
        case(C, lang, "{\"status\": \"ok\", \"version\": \"⟦v⟧\", \"commit\": \"⟦c⟧\", \"requestId\": \"⟦u⟧\", \"serverTime\": \"⟦t⟧\", \"support\": {\"email\": \"⟦sm⟧\", \"phone\": \"⟦sp⟧\"}, \"node\": \"⟦h⟧\", \"order\": {\"id\": \"⟦o⟧\", \"total\": \"⟦a⟧\"}, \"password\": \"⟦r⟧\"}",
             v=N(version(), "version"), c=N(git_sha(), "git_sha"), u=N(uuid4(), "uuid"), t=N(ts_iso(), "timestamp"), sm=N("support@" + pick(["meridian-payroll.com", "atelier-brume.fr"]), "company_contact"),
             sp=N(pick(["+33 9 70 80 " + digits(2) + " " + digits(2), "+44 345 " + digits(3) + " " + digits(4)]), "company_contact"), h=N(int_host(), "infrastructure_info"), o=N(order_id(), "order_id"),
             a=N(amount_fr() if lang == "fr" else amount_en(), "amount"), r=N("********", "redacted"))
    case(C, "en", "{\"users\": [{\"id\": 1, \"name\": \"Jane Doe\", \"email\": \"⟦m⟧\", \"phone\": \"⟦p⟧\"}]}  // sample from the vendor's API docs",
         m=doc("jane.doe@example.com", "email_address"), p=doc("555-0142", "phone_number"))

# ================================================================ csv / ocr
def csv_export():
    C = "csv_export"
    for lang in ("fr", "fr", "en"):
        rows = []; kw = {}
        hdr = T(lang, "id,name,dob,email,iban", "id;nom;date_naissance;courriel;iban")
        sep = "," if lang == "en" else ";"
        for i in range(3):
            f, l = person(lang)
            rows.append(f"{R.randrange(1000, 9999)}{sep}{f} {l}{sep}⟦b{i}⟧{sep}⟦m{i}⟧{sep}⟦i{i}⟧")
            kw[f"b{i}"] = L(date_birth("fr" if lang == "fr" else "iso"), "date_of_birth"); kw[f"m{i}"] = L(free_email(f, l), "email_address"); kw[f"i{i}"] = L(iban(spaced=False), "iban")
        case(C, lang, hdr + "\n" + "\n".join(rows) + "\n", **kw)
    for lang in ("fr", "en"):
        f, l = person(lang); f2, l2 = person(lang)
        case(C, lang, T(lang, "patient_id\tname\tdiagnosis\tadmitted", "id_patient\tnom\tdiagnostic\tadmission") + f"\nP{digits(5)}\t{f} {l}\t⟦d1⟧\t⟦a1⟧\nP{digits(5)}\t{f2} {l2}\t⟦d2⟧\t⟦a2⟧\n",
             d1=L(T(lang, "Hepatitis C", "Hépatite C"), "health_data"), a1=N(date_recent(), "non_birth_date"), d2=L(T(lang, "HIV, on ART", "VIH sous trithérapie"), "health_data"), a2=N(date_recent(), "non_birth_date"))
    for lang in ("fr", "en"):
        f, l = person(lang)
        case(C, lang, T(lang, "customer,passport_no,address,phone", "client,passport_no,adresse,telephone") + f"\n\"{f} {l}\",⟦p⟧,\"⟦a⟧\",⟦t⟧\n",
             p=L(fr_passport_no() if lang == "fr" else uk_passport_no(), "identity_document"), a=L(addr(lang), "postal_address"), t=L(phone(lang), "phone_number"))
    case(C, "fr", "matricule;nom;salaire_brut;evaluation\n" + f"M{digits(4)};{' '.join(fr_name()[:2])};⟦s⟧;⟦e⟧\n", s=L(f"{R.randrange(2, 7)} {R.randrange(100, 999)},00", "employment_data"), e=L("insuffisance professionnelle", "employment_data"))
    # clean
    for lang in ("en", "fr", "fr", "en", "fr"):
        sep = "," if lang == "en" else ";"
        rows = "\n".join(f"⟦o{i}⟧{sep}⟦d{i}⟧{sep}⟦a{i}⟧{sep}⟦h{i}⟧" for i in range(3))
        kw = {}
        for i in range(3):
            kw[f"o{i}"] = N(order_id(), "order_id"); kw[f"d{i}"] = N(date_recent("fr" if lang == "fr" else "iso"), "non_birth_date")
            kw[f"a{i}"] = N(amount_fr().replace(" €", "") if lang == "fr" else amount_en(), "amount"); kw[f"h{i}"] = N(sha256()[:16], "file_hash")
        case(C, lang, T(lang, "order_id,date,amount,sha", "commande;date_livraison;montant;empreinte") + "\n" + rows + "\n", **kw)

def ocr_document():
    C = "ocr_document"
    # passports
    for lang, nat in (("fr", "FRA"), ("en", "GBR"), ("fr", "FRA")):
        f, l = person(lang); sx = pick("MF"); y, m, d = R.randrange(1960, 2004), R.randrange(1, 13), R.randrange(1, 29)
        no = fr_passport_no() if nat == "FRA" else uk_passport_no()
        l1, l2 = mrz_td3(l, f, nat, no, f"{y % 100:02d}{m:02d}{d:02d}", sx, f"{R.randrange(26, 35)}{R.randrange(1, 13):02d}{R.randrange(1, 29):02d}")
        case(C, lang, T(lang, "PASSPORT  Type P  Code GBR\nSurname / Nom ", "PASSEPORT  Type P  Code FRA\nNom / Surname ") + l.upper() + "\n" + T(lang, "Given names ", "Prénoms ") + f + "\n" + T(lang, "Date of birth ", "Date de naissance ") + "⟦dob⟧\n" + T(lang, "Passport No ", "N° du passeport ") + "⟦no⟧\n\n⟦l1⟧\n⟦l2⟧\n",
             dob=L(f"{d:02d}/{m:02d}/{y}", "date_of_birth"), no=L(no, "identity_document"), l1=L(l1, "identity_document"), l2=L(l2, "identity_document"))
    f, l, sx = fr_name(); y, m, d = R.randrange(1960, 2004), R.randrange(1, 13), R.randrange(1, 29); no = fr_cni_no()
    a1, a2, a3 = mrz_td1(l, f, "FRA", no, f"{y % 100:02d}{m:02d}{d:02d}", sx, f"{R.randrange(29, 35)}0101")
    case(C, "fr", "RÉPUBLIQUE FRANÇAISE  CARTE NATIONALE D'IDENTITÉ\nNOM " + l.upper() + "  Prénoms " + f + "\nNé(e) le ⟦dob⟧ à " + pick(FR_CITIES)[1] + "\nN° ⟦no⟧\n⟦a1⟧\n⟦a2⟧\n⟦a3⟧",
         dob=L(f"{d:02d} {m:02d} {y}", "date_of_birth"), no=L(no, "identity_document"), a1=L(a1, "identity_document"), a2=L(a2, "identity_document"), a3=L(a3, "identity_document"))
    # payslip
    f, l, sx = fr_name()
    case(C, "fr", "BULLETIN DE PAIE  Période : " + date_recent("fr")[3:] + "\nEmployeur : Transports Aubrac SAS  SIRET ⟦si⟧\nSalarié : " + f + " " + l + "\nAdresse : ⟦a⟧\nN° SS : ⟦ss⟧\nSalaire de base ⟦sb⟧\nNet à payer ⟦np⟧\nIBAN ⟦ib⟧",
         si=N(siret(), "siret"), a=L(addr_fr(" "), "postal_address"), ss=L(nir(sx), "national_id"), sb=L(f"{R.randrange(1800, 5200)},{digits(2)}", "employment_data"), np=L(f"{R.randrange(1500, 4000)},{digits(2)}", "employment_data"), ib=L(iban("FR", True), "iban"))
    # arrêt de travail
    f, l, sx = fr_name()
    case(C, "fr", "AVIS D'ARRÊT DE TRAVAIL  Cerfa n°10170*06\nAssuré(e) : " + l.upper() + " " + f + "  N° d'immatriculation ⟦ss⟧\nÉléments d'ordre médical : ⟦m⟧\nArrêt du ⟦d1⟧ au ⟦d2⟧ inclus\nSorties autorisées : non",
         ss=L(nir(sx, spaced=False), "national_id"), m=L(pick(["lombalgie aiguë, sciatique droite", "syndrome anxio-dépressif", "entorse grave de la cheville"]), "health_data"),
         d1=L(date_recent("fr"), "health_data", optional=True), d2=L(date_recent("fr"), "health_data", optional=True))
    # avis d'imposition
    f, l, sx = fr_name()
    case(C, "fr", "AVIS D'IMPÔT 2024 SUR LES REVENUS 2023\n" + f"M. ou Mme {l.upper()} {f.upper()}\n⟦a⟧\nNuméro fiscal : ⟦nf⟧\nRéférence de l'avis : ⟦ref⟧\nRevenu fiscal de référence ⟦rfr⟧\nMontant de votre impôt ⟦imp⟧",
         a=L(addr_fr("\n"), "postal_address"), nf=L(pick("0123") + " " + digits(2) + " " + digits(3) + " " + digits(3) + " " + digits(3), "tax_record"), ref=L(digits(2) + " " + digits(2) + " " + digits(7) + " " + digits(2), "tax_record"),
         rfr=L(f"{R.randrange(20, 90)} {digits(3)} €", "tax_record"), imp=L(f"{R.randrange(1, 15)} {digits(3)} €", "tax_record"))
    # boarding pass / itinerary
    for lang in ("en", "fr"):
        f, l = person(lang)
        case(C, lang, T(lang, "BOARDING PASS", "CARTE D'EMBARQUEMENT") + "\n" + l.upper() + "/" + f.upper() + T(lang, " MR", " MME") + "\n" + T(lang, "Flight", "Vol") + " ⟦fl⟧  " + T(lang, "Seat", "Siège") + " ⟦s⟧  " + T(lang, "Gate", "Porte") + " B" + str(R.randrange(10, 60)) + "\nPNR ⟦pnr⟧  ETKT ⟦tk⟧\n" + T(lang, "Boarding", "Embarquement") + " 06:" + digits(1) + "5",
             fl=L(pick(["AF1234", "BA0331", "KL1406", "U24590"]), "travel_record", optional=True), s=L(f"{R.randrange(1, 40)}{pick('ABCDEF')}", "travel_record"), pnr=L(chars(6, "ABCDEFGHJKLMNPQRSTUVWXYZ"), "travel_record"), tk=L("057" + digits(10), "travel_record"))
    # delivery label
    for lang in ("fr", "en"):
        f, l = person(lang)
        case(C, lang, "COLISSIMO  " + T(lang, "DELIVER TO", "DESTINATAIRE") + "\n" + f + " " + l + "\n⟦a⟧\nTél ⟦t⟧\n" + T(lang, "Tracking", "Suivi") + " ⟦tr⟧  Poids 1,2 kg",
             a=L(addr(lang, "\n"), "postal_address"), t=L(phone(lang), "phone_number"), tr=N("6A" + digits(11), "tracking_number"))
    # driving licence / residence permit
    f, l, sx = fr_name()
    case(C, "fr", "PERMIS DE CONDUIRE  RF\n1. " + l.upper() + "\n2. " + f + "\n3. ⟦dob⟧ " + pick(FR_CITIES)[1].upper() + "\n4a. " + date_recent("fr") + "  4c. Préfecture\n5. ⟦no⟧\n9. B",
         dob=L(date_birth("fr").replace("/", "."), "date_of_birth"), no=L(digits(12), "identity_document"))
    # clean OCR
    case(C, "fr", "FACTURE N° ⟦o⟧\nDate : ⟦d⟧\nAtelier Brume SARL — SIRET ⟦s⟧ — TVA FR" + digits(11) + "\nStandard : ⟦t⟧\nTotal TTC ⟦a⟧\nRéf. produit ⟦isbn⟧",
         o=N(order_id(), "order_id"), d=N(date_recent("fr"), "non_birth_date"), s=N(siret(), "siret"), t=N("02 98 " + digits(2) + " " + digits(2) + " " + digits(2), "company_contact"), a=N(amount_fr(), "amount"), isbn=N(isbn13(), "isbn"))
    case(C, "en", "CERTIFICATE OF CONFORMITY\nModel: KX-" + digits(3) + "  Firmware ⟦v⟧\nIssued ⟦d⟧\nSerial range ⟦s⟧\nTest lab phone ⟦ph⟧",
         v=N(version(), "version"), d=N(date_recent("us"), "non_birth_date"), s=N("4" + digits(15), "serial_number"), ph=N("+1 800 " + digits(3) + " " + digits(4), "company_contact"))
    case(C, "fr", "NOTICE D'INSTALLATION — page 12\nMot de passe par défaut : ⟦p⟧ (à changer à la première connexion)\nAdresse IP d'usine : ⟦ip⟧\nVersion du document : ⟦v⟧",
         p=N("voir étiquette", "placeholder"), ip=N("192.168.1.1", "infrastructure_info"), v=N(version(), "version"))
# ================================================================ command line / logs / history
def command_line():
    C = "command_line"
    for lang in ("en", "fr"):
        case(C, lang, "$ curl -u ⟦u⟧:⟦p⟧ https://⟦h⟧/api/v1/users   # " + T(lang, "vendor's default account", "compte par défaut de l'éditeur"),
             u=N("admin", "username"), p=L(password(), "password_assignment"), h=L(priv_ip(), "private_ip"))
    for lang in ("fr", "en"):
        case(C, lang, "$ sshpass -p '⟦p⟧' ssh -o StrictHostKeyChecking=no root@⟦h⟧ 'cat /etc/shadow | head -2'\nroot:⟦hs⟧:19876:0:99999:7:::\ndaemon:*:19876:0:99999:7:::",
             p=L(password(), "password_assignment"), h=L(int_host(), "internal_hostname"), hs=L(sha512crypt(), "password_hash"))
    case(C, "en", "> psql \"⟦c⟧\" -c 'select count(*) from patients'\n count\n-------\n 48213", c=L(f"postgresql://reader:{password()}@{int_host()}/ehr?sslmode=require", "connection_string", also=["url_credentials"]))
    case(C, "fr", "C:\\> net use Z: \\\\⟦h⟧\\compta /user:AUBRAC\\scan ⟦p⟧\nLa commande s'est terminée correctement.", h=L(int_host(), "internal_hostname"), p=L(password(), "password_assignment"))
    case(C, "en", "$ git clone ⟦u⟧\nCloning into 'infra'...", u=L(f"https://x-access-token:{gh_token('ghs_')}@github.com/acme-corp/infra.git", "url_credentials", also=["github_token"]))
    case(C, "fr", "$ docker login -u ci -p ⟦t⟧ registry.gitlab.com\nWARNING! Using --password via the CLI is insecure.\nLogin Succeeded", t=L(gitlab(), "gitlab_token", also=["password_assignment"]))
    # clean
    for lang in ("en", "fr", "en", "fr", "en"):
        case(C, lang, "$ sha256sum firmware-⟦v⟧.bin\n⟦h⟧  firmware-⟦v2⟧.bin\n$ gpg --fingerprint ⟦ps⟧\n      ⟦fp⟧\n$ mysql -u root -p\nEnter password: \n$ curl -H \"Authorization: Bearer $TOKEN\" https://⟦host⟧/health\n{\"ok\":true}",
             v=N(version(), "version"), h=N(sha256(), "file_hash"), v2=N(version(), "version"), ps=PSIRT(), fp=PSIRT_FP(), host=N(pick(["api.tidewell-energy.com", "status.quillandsons.co.uk", "portail.transports-aubrac.fr"]), "public_hostname"))

def server_log():
    C = "server_log"
    for lang in ("en", "fr"):
        case(C, lang, "⟦t1⟧ INFO  [auth] login ok user=jdoe ip=⟦ip⟧\n⟦t2⟧ DEBUG [auth] LDAP bind dn=cn=svc-portal,ou=svc password=⟦p⟧\n⟦t3⟧ WARN  [auth] slow bind 812ms",
             t1=N(ts_log(), "timestamp"), ip=N(pub_ip(), "public_ip"), t2=N(ts_log(), "timestamp"), p=L(password(), "password_assignment"), t3=N(ts_log(), "timestamp"))
    for lang in ("fr", "en"):
        case(C, lang, "⟦ip⟧ - - [12/May/2025:10:1" + digits(1) + ":22 +0200] \"GET /reset?email=⟦m⟧&token=⟦tok⟧ HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"",
             ip=N(pub_ip(), "public_ip"), m=L(email_of(*person(lang), lang).replace("@", "%40"), "email_address"), tok=L(chars(40, HEX), "password_assignment", optional=True))
    for lang in ("en", "fr"):
        case(C, lang, "{\"level\":\"debug\",\"ts\":\"⟦t⟧\",\"msg\":\"outgoing request\",\"headers\":{\"Authorization\":\"Bearer ⟦j⟧\",\"X-Trace\":\"⟦u⟧\"}}",
             t=N(ts_iso(), "timestamp"), j=L(jwt(), "authorization_header", also=["jwt"]), u=N(uuid4(), "uuid"))
    case(C, "fr", "mai 12 03:14:07 ⟦h⟧ paiement[2211]: transaction refusée carte=⟦c⟧ montant=⟦a⟧ motif=05", h=L(int_host(), "internal_hostname"), c=L(card(spaced=False), "payment_card"), a=N(amount_fr(), "amount"))
    case(C, "en", "May 12 03:14:07 ⟦h⟧ kiosk[881]: checkin passenger=⟦n⟧ pnr=⟦p⟧ seat=⟦s⟧", h=L(int_host(), "internal_hostname"), n=N(" ".join(en_name()).upper(), "person_name"), p=L(chars(6, "ABCDEFGHJKLMNPQRSTUVWXYZ"), "travel_record"), s=L(f"{R.randrange(1, 40)}C", "travel_record"))
    # clean
    for lang in ("en", "fr", "fr", "en", "fr"):
        case(C, lang, "⟦t1⟧ INFO  request_id=⟦u⟧ user=⟦usr⟧ action=login result=success\n⟦t2⟧ DEBUG db connect host=⟦h⟧ user=app password=⟦r⟧\n⟦t3⟧ INFO  Authorization: Bearer ⟦r2⟧ forwarded to ⟦ip⟧\n⟦t4⟧ INFO  build=⟦c⟧ version=⟦v⟧",
             t1=N(ts_log(), "timestamp"), u=N(uuid4(), "uuid"), usr=N(digits(6), "user_id"), t2=N(ts_log(), "timestamp"), h=N(int_host(), "infrastructure_info"), r=N(pick(["***", "[redacted]", "<hidden>"]), "redacted"),
             t3=N(ts_log(), "timestamp"), r2=N("[REDACTED]", "redacted"), ip=N(priv_ip(), "infrastructure_info"), t4=N(ts_log(), "timestamp"), c=N(git_sha(10), "git_sha"), v=N(version(), "version"))

def shell_history():
    C = "shell_history"
    for lang in ("en", "fr"):
        case(C, lang, "# ~/.bash_history " + T(lang, "(from the backup)", "(extrait de la sauvegarde)") + "\ncd /opt/app\nmysql -u root -p⟦p⟧ shop < dump.sql\nexport GITHUB_TOKEN=⟦g⟧\nsshpass -p ⟦p2⟧ scp db.tgz backup@⟦h⟧:/srv\nhistory | tail",
             p=L(password(), "password_assignment"), g=L(gh_token(), "github_token"), p2=L(password(), "password_assignment"), h=L(priv_ip(), "private_ip"))
    for lang in ("fr", "en"):
        case(C, lang, "# ConsoleHost_history.txt (PowerShell)\n$pw = ConvertTo-SecureString '⟦p⟧' -AsPlainText -Force\n$cred = New-Object PSCredential('CORP\\adm-" + slug(person(lang)[1])[:6] + "', $pw)\nInvoke-Command -ComputerName ⟦h⟧ -Credential $cred -ScriptBlock { whoami }",
             p=L(password(), "password_assignment"), h=L(int_host(), "internal_hostname"))
    case(C, "en", "  501  aws configure set aws_secret_access_key ⟦s⟧\n  502  curl -H 'Authorization: token ⟦g⟧' https://api.github.com/user\n  503  htpasswd -bc .htpasswd admin ⟦p⟧",
         s=L(aws_secret(), "aws_secret_key"), g=L(gh_token("gho_"), "authorization_header", also=["github_token"]), p=L(password(), "password_assignment"))
    case(C, "fr", "  88  openssl pkcs12 -export -in cert.pem -inkey key.pem -passout pass:⟦p⟧ -out client.p12\n  89  redis-cli -h ⟦ip⟧ -a ⟦r⟧ keys '*'",
         p=L(password(), "password_assignment"), ip=L(priv_ip(), "private_ip"), r=L(chars(20, ALNUM), "password_assignment"))
    # clean
    for lang in ("en", "fr", "fr", "en"):
        case(C, lang, "git log --oneline -3\ngit show ⟦c⟧\nnpm ci\nmysql -u root -p\nread -s DB_PASSWORD && export DB_PASSWORD\ncurl -u \"$USER:$PASS\" https://⟦h⟧/status\nssh-keygen -lf ~/.ssh/id_ed25519.pub   # ⟦fp⟧\nping -c1 ⟦ip⟧",
             c=N(git_sha(8), "git_sha"), h=N(pick(["status.tidewell-energy.com", "www.atelier-brume.fr"]), "public_hostname"), fp=N(ssh_fp(), "ssh_fingerprint"), ip=N(pick([doc_ip(), priv_ip()]), pick(["documentation_ip"])))

# ================================================================ source code / k8s / terraform / sql / traces
def source_code():
    C = "source_code"
    case(C, "en", "# settings.py\nDEBUG = False\nSECRET_KEY = \"⟦s⟧\"\nDATABASES = {\"default\": {\"ENGINE\": \"django.db.backends.postgresql\", \"HOST\": \"⟦h⟧\", \"PASSWORD\": \"⟦p⟧\"}}\n",
         s=L("django-insecure-" + chars(50, string.ascii_lowercase + string.digits + "!@#%^&*(-_=+)"), "password_assignment"), h=L(int_host(), "internal_hostname"), p=L(password(), "password_assignment"))
    case(C, "fr", "// PaiementClient.java — clé codée en dur (à retirer !)\nprivate static final String STRIPE_KEY = \"⟦k⟧\";\nprivate static final String JDBC = \"⟦j⟧\";\n",
         k=L(stripe_sk(), "stripe_key"), j=L(f"jdbc:mysql://{priv_ip()}:3306/paiement?user=pay&password={password()}", "connection_string"))
    case(C, "en", "// main.go\nconst slackToken = \"⟦t⟧\"\nvar awsID = \"⟦a⟧\"\nfunc main() { log.Println(\"starting\", version) }\n", t=L(slack_user(), "slack_token"), a=L(aws_akid(), "aws_access_key_id"))
    f, l = person("fr"); f2, l2 = person("fr")
    case(C, "fr", "// fixtures/clients.js — données copiées depuis la prod\nexport const clients = [\n  { nom: \"" + f + " " + l + "\", nir: \"⟦n1⟧\", tel: \"⟦t1⟧\" },\n  { nom: \"" + f2 + " " + l2 + "\", iban: \"⟦i2⟧\", naissance: \"⟦b2⟧\" },\n];\n",
         n1=L(nir(), "national_id"), t1=L(phone_fr(), "phone_number"), i2=L(iban("FR", False), "iban"), b2=L(date_birth("iso"), "date_of_birth"))
    case(C, "fr", "<?php\n// config.inc.php\n$cfg['Servers'][$i]['password'] = '⟦p⟧';\n$mailer->Password = '⟦p2⟧';\ndefine('API_SECRET', '⟦s⟧');\n",
         p=L(password(), "password_assignment"), p2=L(password(), "password_assignment"), s=L(chars(32, HEX), "password_assignment"))
    case(C, "en", "// Startup.cs\nvar conn = \"⟦c⟧\";\nvar sas = \"https://acmeprod.blob.core.windows.net/exports?⟦s⟧\";\n",
         c=L(f"Data Source={int_host()};Initial Catalog=Hr;User ID=hr_app;Password={password()};", "connection_string"), s=L(azure_sas(), "azure_sas_token"))
    # clean code with look-alikes
    case(C, "en", "# tests/test_cards.py\nTEST_CARD = \"⟦c⟧\"  # Stripe test number\nSHA = \"⟦h⟧\"\nUUID_RE = re.compile(r\"[0-9a-f]{8}-[0-9a-f]{4}\")\npassword = os.environ[\"DB_PASSWORD\"]\nMIN_PASSWORD_LENGTH = 12\nBUILD = \"⟦u⟧\"\n",
         c=doc("4242424242424242", "payment_card"), h=N(sha256(), "file_hash"), u=N(uuid4(), "uuid"))
    case(C, "fr", "// config.go\npassword := os.Getenv(\"DB_PASSWORD\")\ntoken := \"⟦t⟧\" // valeur factice\nconst Version = \"⟦v⟧\"\nconst Commit = \"⟦c⟧\"\n", t=N(pick(["xxxxxxxxxxxxxxxx", "<TOKEN>", "CHANGEME"]), "placeholder"), v=N(version(), "version"), c=N(git_sha(), "git_sha"))
    case(C, "en", "// keys.ts — public values only\nexport const STRIPE_PUBLISHABLE = \"⟦pk⟧\";\nexport const SIGNING_PUBKEY = `⟦pub⟧`;\nexport const PSIRT = \"⟦ps⟧\";\n", pk=N(stripe_pk(), "public_key"), pub=N(pub_pem(), "public_key"), ps=PSIRT())
    case(C, "fr", "# hachage.py\nimport hashlib\nATTENDU = \"⟦h⟧\"  # md5 du fichier de référence\nMOT_DE_PASSE = getpass.getpass()\nOID_SIGNATURE = \"⟦o⟧\"\nINTEGRITE = \"⟦i⟧\"\n", h=N(md5(), "file_hash"), o=N("1.2.840.113549.1.1.11", "oid"), i=N(npm_integrity(), "npm_integrity"))
    case(C, "en", "// UserServiceTest.java\nUser u = new User(\"Jane Doe\", \"⟦m⟧\", \"⟦p⟧\");\nassertEquals(\"⟦ssn⟧\", u.maskedSsn());\n", m=doc("jane.doe@example.com", "email_address"), p=doc("555-0123", "phone_number"), ssn=N("***-**-6789", "redacted"))

def k8s_manifest():
    C = "k8s_manifest"
    for lang in ("en", "fr"):
        pw = password(); tok = gh_token()
        case(C, lang, "# " + T(lang, "kubectl get secret app-secrets -o yaml", "secret récupéré via kubectl get secret -o yaml") + "\napiVersion: v1\nkind: Secret\nmetadata:\n  name: app-secrets\n  uid: ⟦u⟧\ntype: Opaque\ndata:\n  DB_PASSWORD: ⟦a⟧\n  GITHUB_TOKEN: ⟦b⟧\n  LOG_LEVEL: ⟦c⟧\n",
             u=N(uuid4(), "uuid"), a=L(base64.b64encode(pw.encode()).decode(), "password_assignment"), b=L(base64.b64encode(tok.encode()).decode(), "github_token"), c=N(base64.b64encode(b"info").decode(), "base64_non_secret"))
    for lang in ("fr", "en"):
        case(C, lang, "# docker-compose.yml\nservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ⟦p⟧\n  app:\n    environment:\n      - SENDGRID_API_KEY=⟦s⟧\n      - DATABASE_URL=⟦d⟧\n",
             p=L(password(), "password_assignment"), s=L(sendgrid(), "sendgrid_key"), d=L(f"postgres://app:{password()}@db:5432/app", "connection_string", also=["url_credentials"]))
    case(C, "en", "# values-prod.yaml (Helm)\ningress:\n  host: ⟦h⟧\nsmtp:\n  password: ⟦p⟧\nsso:\n  clientSecret: ⟦s⟧\n", h=N("app.harbourline-insure.com", "public_hostname"), p=L(password(), "password_assignment"), s=L(chars(40, ALNUM + "~._-"), "password_assignment"))
    case(C, "fr", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls-interne\ntype: kubernetes.io/tls\nstringData:\n  tls.key: |\n    ⟦k⟧\n", k=L(priv_key("ec").replace("\n", "\n    "), "private_key"))
    # clean
    for lang in ("en", "fr", "fr", "en"):
        case(C, lang, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + pick(["portal", "badge-sync", "facturation"]) + "\nspec:\n  template:\n    spec:\n      containers:\n        - image: ghcr.io/acme/app@sha256:⟦h⟧\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: {name: db-secret, key: password}\n            - name: API_TOKEN\n              value: ⟦p⟧\n            - name: UPSTREAM\n              value: http://⟦svc⟧:8080\n",
             h=N(sha256(), "file_hash"), p=N(pick(["\"${API_TOKEN}\"", "\"<TOKEN>\"", "\"REDACTED\""]), "placeholder"), svc=N(int_host(), "infrastructure_info"))

def terraform():
    C = "terraform"
    for lang in ("en", "fr"):
        case(C, lang, "# terraform.tfvars " + T(lang, "(committed by mistake)", "(commité par erreur)") + "\nregion          = \"eu-west-3\"\ndb_password     = \"⟦p⟧\"\ncloudflare_token = \"⟦t⟧\"\n",
             p=L(password(), "password_assignment"), t=L(chars(40, ALNUM + "_-"), "password_assignment"))
    for lang in ("fr", "en"):
        case(C, lang, "{\n  \"version\": 4,\n  \"terraform_version\": \"⟦v⟧\",\n  \"resources\": [{\"type\": \"aws_iam_access_key\", \"name\": \"ci\", \"instances\": [{\"attributes\": {\"id\": \"⟦a⟧\", \"secret\": \"⟦s⟧\", \"status\": \"Active\"}}]},\n   {\"type\": \"aws_db_instance\", \"instances\": [{\"attributes\": {\"address\": \"⟦h⟧\", \"password\": \"⟦p⟧\"}}]}]\n}",
             v=N("1." + str(R.randrange(3, 10)) + "." + str(R.randrange(0, 9)), "version"), a=L(aws_akid(), "aws_access_key_id"), s=L(aws_secret(), "aws_secret_key"),
             h=L("crm-prod." + chars(12, LOWNUM) + ".eu-west-3.rds.amazonaws.com", "internal_hostname", optional=True), p=L(password(), "password_assignment"))
    case(C, "en", "resource \"azurerm_storage_account\" \"logs\" {\n  name = \"acmelogs\"\n}\noutput \"conn\" {\n  value = \"⟦c⟧\"\n}\n", c=L(azure_cs("acmelogs"), "azure_connection_string"))
    case(C, "fr", "provider \"google\" {\n  credentials = <<EOF\n{\"type\": \"service_account\", \"private_key\": \"⟦k⟧\"}\nEOF\n}\n", k=L(priv_key("pkcs8").replace("\n", "\\n"), "gcp_service_account", also=["private_key"]))
    # clean
    for lang in ("en", "fr", "fr", "en"):
        case(C, lang, "variable \"db_password\" {\n  type      = string\n  sensitive = true\n  # " + T(lang, "set via TF_VAR_db_password", "fourni via TF_VAR_db_password") + "\n}\nresource \"aws_instance\" \"bastion\" {\n  ami           = \"ami-" + hexs(17) + "\"\n  private_ip    = \"⟦ip⟧\"\n  tags = { Commit = \"⟦c⟧\", Owner = \"⟦o⟧\" }\n}\n# tfstate serial ⟦s⟧, lineage ⟦u⟧, password = ⟦r⟧\n",
             ip=N(priv_ip(), "infrastructure_info"), c=N(git_sha(), "git_sha"), o=N(pick(["platform-team", "equipe-infra"]), "team_name"), s=N(str(R.randrange(10, 900)), "serial_number"), u=N(uuid4(), "uuid"), r=N("(sensitive value)", "redacted"))

def sql_dump():
    C = "sql_dump"
    for lang in ("fr", "en"):
        f, l = person(lang); f2, l2 = person(lang)
        case(C, lang, "-- MySQL dump 10.13\n-- " + T(lang, "Table structure for table `users`", "Structure de la table `utilisateurs`") + "\nINSERT INTO `users` VALUES (1,'" + f + " " + l + "','⟦m1⟧','⟦h1⟧','" + date_recent() + " 10:00:00'),(2,'" + f2 + " " + l2 + "','⟦m2⟧','⟦h2⟧','" + date_recent() + " 11:00:00');\n",
             m1=L(email_of(f, l, lang), "email_address"), h1=L(bcrypt(), "password_hash"), m2=L(free_email(f2, l2), "email_address"), h2=L(pick([argon2, pbkdf2_django])(), "password_hash"))
    for lang in ("fr", "en"):
        f, l = person(lang)
        case(C, lang, "INSERT INTO patients (id, nom, date_naissance, nss, pathologie) VALUES\n(" + digits(4) + ", '" + l.replace("'", "''") + "', '⟦b⟧', '⟦n⟧', '⟦p⟧');\n",
             b=L(date_birth("iso"), "date_of_birth"), n=L(nir(spaced=False) if lang == "fr" else ssn(), "national_id"), p=L(T(lang, "chronic kidney disease stage 3", "insuffisance cardiaque"), "health_data"))
    f, l = person("fr")
    case(C, "fr", "COPY public.clients (id, nom, adresse, iban, carte) FROM stdin;\n" + digits(3) + "\t" + f + " " + l + "\t⟦a⟧\t⟦i⟧\t⟦c⟧\n\\.\n", a=L(addr_fr(), "postal_address"), i=L(iban(spaced=False), "iban"), c=L(card(spaced=False), "payment_card"))
    case(C, "en", "INSERT INTO api_keys (owner, key, created) VALUES ('billing', '⟦k⟧', '" + date_recent() + "'), ('mailer', '⟦s⟧', '" + date_recent() + "');",
         k=L(stripe_sk(), "stripe_key"), s=L(sendgrid(), "sendgrid_key"))
    # clean
    for lang in ("en", "fr", "fr", "en"):
        case(C, lang, "CREATE TABLE orders (id uuid PRIMARY KEY, sku text, total numeric(10,2), created_at timestamptz);\nINSERT INTO orders VALUES ('⟦u1⟧', '⟦s1⟧', ⟦a1⟧, '⟦t1⟧'), ('⟦u2⟧', 'ISBN ⟦s2⟧', ⟦a2⟧, '⟦t2⟧');\n-- " + T(lang, "password column dropped in migration", "colonne password supprimée par la migration") + " ⟦c⟧\n",
             u1=N(uuid4(), "uuid"), s1=N("SKU-" + digits(6), "order_id"), a1=N(f"{R.randrange(5, 900)}.{digits(2)}", "amount"), t1=N(ts_iso(), "timestamp"),
             u2=N(uuid4(), "uuid"), s2=N(isbn13(), "isbn"), a2=N(f"{R.randrange(5, 900)}.{digits(2)}", "amount"), t2=N(ts_iso(), "timestamp"), c=N(git_sha(12), "git_sha"))

def stack_trace():
    C = "stack_trace"
    for lang in ("en", "fr"):
        case(C, lang, "Traceback (most recent call last):\n  File \"/srv/app/sync.py\", line 88, in push\n    resp = client.post(url, auth=(user, pwd))\n    url = 'https://⟦h⟧/api'\n    user = 'sync'\n    pwd = '⟦p⟧'\nrequests.exceptions.ConnectionError: HTTPSConnectionPool(host='⟦h2⟧', port=443)",
             h=L(int_host(), "internal_hostname"), p=L(password(), "password_assignment"), h2=L(int_host(), "internal_hostname"))
    for lang in ("fr", "en"):
        f, l = person(lang)
        case(C, lang, "org.hibernate.exception.ConstraintViolationException: could not execute statement\n  at com.acme.crm.ClientRepository.save(ClientRepository.java:57)\nCaused by: Duplicate entry for Client{nom='" + f + " " + l + "', email='⟦m⟧', telephone='⟦t⟧', dateNaissance=⟦b⟧}",
             m=L(email_of(f, l, lang), "email_address"), t=L(phone(lang), "phone_number"), b=L(date_birth("iso"), "date_of_birth"))
    case(C, "en", "panic: dial tcp: lookup db-primary: no such host\n\ngoroutine 1 [running]:\nmain.connect({0xc000014090, 0x3f})\n\tdsn=\"⟦d⟧\"\n", d=L(f"postgres://admin:{password()}@db-primary:5432/main?sslmode=disable", "connection_string", also=["url_credentials"]))
    case(C, "fr", "Erreur fatale : Uncaught PDOException: SQLSTATE[HY000] [1045] Accès refusé in /var/www/db.php:12\nStack trace:\n#0 /var/www/db.php(12): PDO->__construct('mysql:host=⟦ip⟧;dbname=crm', 'crm', '⟦p⟧')\n#1 {main}",
         ip=L(priv_ip(), "private_ip"), p=L(password(), "password_assignment"))
    case(C, "en", "System.Net.Http.HttpRequestException: 401 (Unauthorized)\n   at Acme.Billing.StripeClient.Charge() in StripeClient.cs:line 42\n   Locals: apiKey = \"⟦k⟧\", amount = 4200, cardLast4 = \"4821\"",
         k=L(stripe_sk(), "stripe_key"))
    # clean
    for lang in ("en", "fr", "fr", "en"):
        case(C, lang, "Exception in thread \"main\" java.lang.IllegalStateException: " + T(lang, "invalid configuration", "configuration invalide") + "\n\tat com.acme.Config.load(Config.java:" + str(R.randrange(20, 300)) + ")\n\tlocals: password=⟦r⟧, minLength=12, requestId=⟦u⟧, host=⟦h⟧\n\tbuild ⟦c⟧ (⟦v⟧) at ⟦t⟧",
             r=N(pick(["<redacted>", "****", "[MASQUÉ]"]), "redacted"), u=N(uuid4(), "uuid"), h=N(int_host(), "infrastructure_info"), c=N(git_sha(7), "git_sha"), v=N(version(), "version"), t=N(ts_iso(), "timestamp"))
# ================================================================ extra: UTF-16 stress and more clean texts
def extras():
    f, l = person("fr")
    case("chat", "fr", "😀🔥 " + f + " 👉 " + "le digicode de l'immeuble de ⟦n⟧ c'est ⟦c⟧ 🏠, et son adresse ⟦a⟧ 🙏",
         n=N(f"{f} {l}", "person_name"), c=L(chars(4, "0123456789AB"), "password_assignment"), a=L(addr_fr(), "postal_address"))
    case("prose_en", "en", "Ümlaut test ✅ — café naïve résumé 𝔘𝔫𝔦𝔠𝔬𝔡𝔢: the recovery passphrase 🗝️ for the HSM partition was ⟦p⟧ and the officer PIN ⟦pin⟧.",
         p=L(passphrase_en(), "password_assignment"), pin=L(pin(6), "password_assignment"))
    case("markdown_report", "fr", "## Résumé 📝\n\nÉlévation de privilèges via `sudoedit` (⟦cv⟧). Aucun secret n'a été copié ; les valeurs sont notées `⟦r⟧`. 🇫🇷 Contact : ⟦ps⟧.",
         cv=N(cvss(), "cvss_vector"), r=N("[CAVIARDÉ]", "placeholder"), ps=PSIRT())
    clean = [
        ("prose_fr", "fr", "Le numéro affiché ⟦fp⟧ est l'empreinte de ma clé PGP et non une carte bancaire ; le SIRET ⟦s⟧ est celui de ma société. Mon adresse pour ce dossier : ⟦m⟧.",
         dict(fp=N(luhn_fingerprint(), "pgp_fingerprint"), s=N(siret(), "siret"), m=N("contact@cyberaube.fr", "reporter_contact")), "contact@cyberaube.fr"),
        ("prose_en", "en", "Please note the identifiers in the attached scan output: object ID ⟦o⟧, Windows SID ⟦sid⟧, and the MSI product code ⟦u⟧. None of them is personal data.",
         dict(o=N(uuid4(), "uuid"), sid=N(f"S-1-5-21-{digits(10)}-{digits(10)}-{digits(9)}-1001", "sid"), u=N("{" + uuid4().upper() + "}", "uuid")), None),
        ("server_log", "fr", "⟦t⟧ sshd[4112]: Accepted publickey for deploy from ⟦ip⟧ port 52214 ssh2: ED25519 ⟦fp⟧\n⟦t2⟧ sudo: deploy : TTY=pts/0 ; PWD=/home/deploy ; COMMAND=/usr/bin/systemctl restart app",
         dict(t=N("mai 14 09:12:01", "timestamp"), ip=N(priv_ip(), "infrastructure_info"), fp=N(ssh_fp(), "ssh_fingerprint"), t2=N("mai 14 09:12:09", "timestamp")), None),
        ("config_yaml", "en", "# renovate.json5 equivalent\nrangeStrategy: pin\nnpmrc: \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\"\nhostRules:\n  - matchHost: ⟦h⟧\n    token: ⟦t⟧\n",
         dict(h=N("ghcr.io", "public_hostname"), t=N("{{ secrets.GHCR_TOKEN }}", "placeholder")), None),
        ("http_response", "fr", "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"\nContent-Type: application/problem+json\n\n{\"title\": \"Jeton invalide\", \"traceId\": \"⟦u⟧\", \"docs\": \"https://⟦h⟧/erreurs/401\"}",
         dict(u=N("00-" + hexs(32) + "-" + hexs(16) + "-01", "trace_id"), h=N("developpeurs.transports-aubrac.fr", "public_hostname")), None),
        ("email_message", "en", "From: ⟦me⟧\nTo: ⟦ps⟧\nSubject: Key rollover\n\nMy new PGP key fingerprint is ⟦fp⟧ (old one: ⟦fp2⟧). Please update your records.\n",
         dict(me=N("h.ashcombe@redpointlabs.io", "reporter_contact"), ps=PSIRT(), fp=N(pgp_fp(), "pgp_fingerprint"), fp2=N(luhn_fingerprint(), "pgp_fingerprint")), "h.ashcombe@redpointlabs.io"),
        ("csv_export", "en", "cve,cvss,published,fixed_version\n⟦c1⟧,⟦v1⟧,⟦d1⟧,⟦f1⟧\n⟦c2⟧,⟦v2⟧,⟦d2⟧,⟦f2⟧\n",
         dict(c1=N(cve(), "cve_id"), v1=N(cvss(), "cvss_vector"), d1=N(date_recent(), "non_birth_date"), f1=N(version(), "version"), c2=N(cve(), "cve_id"), v2=N(cvss(), "cvss_vector"), d2=N(date_recent(), "non_birth_date"), f2=N(version(), "version")), None),
        ("json_api", "fr", "{\"societe\": \"Menuiserie Kerlaz\", \"siret\": \"⟦s⟧\", \"standard\": \"⟦t⟧\", \"email_contact\": \"⟦m⟧\", \"adresse_siege\": \"Zone artisanale de Kerlaz, 29100 Douarnenez\", \"capital\": \"⟦a⟧\"}",
         dict(s=N(siret(), "siret"), t=N("02 98 " + digits(2) + " " + digits(2) + " " + digits(2), "company_contact"), m=N("contact@menuiserie-kerlaz.fr", "company_contact"), a=N(amount_fr(), "amount")), None),
        ("command_line", "fr", "$ openssl x509 -in srv.pem -noout -serial -fingerprint -sha256\nserial=⟦s⟧\nsha256 Fingerprint=⟦f⟧\n$ echo $PASSWORD_MIN_LENGTH\n12",
         dict(s=N(hexs(36).upper(), "serial_number"), f=N(":".join(hexs(2).upper() for _ in range(32)), "certificate_fingerprint")), None),
        ("ocr_document", "en", "INVOICE ⟦o⟧\nBill to: Brightwater Logistics Ltd, Unit 4, Harbour Industrial Estate\nVAT GB ⟦vat⟧\nDue ⟦d⟧  Total ⟦a⟧\nQueries: ⟦m⟧",
         dict(o=N(order_id(), "order_id"), vat=N(digits(9), "vat_number"), d=N(date_recent("us"), "non_birth_date"), a=N(amount_en(), "amount"), m=N("accounts@brightwater-logistics.com", "company_contact")), None),
        ("stack_trace", "en", "TypeError: Cannot read properties of undefined (reading 'token')\n    at verify (/app/node_modules/jsonwebtoken/verify.js:⟦n⟧:21)\n    at /app/src/auth.js:44:9\n  req.headers.authorization = 'Bearer ⟦r⟧'\n  node ⟦v⟧",
         dict(n=N(str(R.randrange(20, 200)), "line_number"), r=N("<redacted>", "redacted"), v=N("v20." + str(R.randrange(1, 18)) + ".0", "version")), None),
        ("terraform", "fr", "# sortie de terraform plan\n  + resource \"random_password\" \"db\" {\n      + length  = 24\n      + result  = (sensitive value)\n      + special = true\n    }\n  ~ tags = { \"commit\" = \"⟦c⟧\" }\n",
         dict(c=N(git_sha(), "git_sha")), None),
        ("shell_history", "en", "gpg --recv-keys ⟦k⟧\ngpg --verify release-⟦v⟧.tar.gz.asc\nsha512sum -c SHA512SUMS\nexport HISTCONTROL=ignorespace\n  export API_KEY=$(pass show vendor/api)",
         dict(k=N(pgp_fp(False), "pgp_fingerprint"), v=N(version(), "version")), None),
    ]
    for carrier, lang, tpl, kw, rep in clean:
        case(carrier, lang, tpl, reporter_email=rep, **kw)

# ================================================================ build / check
ALL = [prose_en, prose_fr, chat, email_message, markdown_report, config_file, config_yaml, config_json, config_ini, env_file,
       http_request, http_response, json_api, csv_export, ocr_document, command_line, server_log, shell_history, source_code,
       k8s_manifest, terraform, sql_dump, stack_trace, extras]

def build():
    CASES.clear()
    for fn in ALL: fn()
    lines = []
    for i, c in enumerate(CASES, 1):
        obj = {"id": f"b6-{i:03d}", "carrier": c["carrier"], "language": c["language"], "text": c["text"], "labels": c["labels"], "negatives": c["negatives"]}
        if c["reporter_email"]: obj["reporter_email"] = c["reporter_email"]
        lines.append(json.dumps(obj, ensure_ascii=False))
    return "\n".join(lines) + "\n"

def js_slice(text, start, end):
    b = text.encode("utf-16-le"); return b[2 * start:2 * end].decode("utf-16-le")

def sanity():
    errs = []
    for i, c in enumerate(CASES, 1):
        t = c["text"]; n16 = u16(t)
        spans = [(l["start"], l["end"]) for l in c["labels"]]
        it = iter(c["_expect"])
        ls, ns = iter(c["labels"]), iter(c["negatives"])
        for kind, val in c["_expect"]:
            x = next(ls) if kind == "L" else next(ns)
            if not (0 <= x["start"] < x["end"] <= n16): errs.append((i, "range", x))
            if js_slice(t, x["start"], x["end"]) != val: errs.append((i, "slice", val))
        for l in c["labels"]:
            v = js_slice(t, l["start"], l["end"])
            if v != v.strip(): errs.append((i, "whitespace", v))
            if group_sev(l["category"])[0] != l["group"]: errs.append((i, "group", l))
            if l["severity"] not in ("critical", "high", "medium", "info"): errs.append((i, "sev", l))
        s = sorted(spans)
        for a, b in zip(s, s[1:]):
            if b[0] < a[1]: errs.append((i, "overlap", a, b))
        for ng in c["negatives"]:
            for a, b in spans:
                if ng["start"] < b and a < ng["end"]: errs.append((i, "neg-overlaps-label", ng))
        if c["language"] not in ("en", "fr"): errs.append((i, "lang"))
    # validators of the generated checksummed values (a few direct tests)
    assert all(iban_valid(iban(cc)) for cc in ["FR", "DE", "ES", "IT", "BE", "NL", "GB", "PT", "LU", "CH"])
    lens = {"FR": 27, "DE": 22, "ES": 24, "IT": 27, "BE": 16, "NL": 18, "GB": 22, "PT": 25, "LU": 20, "CH": 21}
    assert all(len(iban(cc, False)) == n for cc, n in lens.items())
    assert all(luhn_ok(card().replace(" ", "")) for _ in range(50)) and all(nir_valid(nir()) for _ in range(50))
    assert js_slice("a😀é" + "xyz", 4, 7) == "xyz" and u16("😀") == 2
    return errs

def main():
    st = R.getstate()
    data = build()
    errs = sanity()
    if "--check" in sys.argv:
        ok = True
        if errs:
            print("span errors:", errs[:10]); ok = False
        if not os.path.exists(OUT) or open(OUT, encoding="utf-8").read() != data:
            print("cases.jsonl differs from generator output"); ok = False
        print("OK" if ok else "FAIL", len(CASES), "cases"); sys.exit(0 if ok else 1)
    if errs:
        print("span errors:", errs[:10]); sys.exit(1)
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh: fh.write(data)
    print("wrote", OUT, len(CASES), "cases")

if __name__ == "__main__":
    main()
