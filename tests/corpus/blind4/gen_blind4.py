#!/usr/bin/env python3
"""Blind corpus no. 4 for the sensitive-data scanner (issue #14, item 5).

Written without reading the scanner's rules or code. Python 3 standard library only; one
random.Random with a fixed seed, so `cases.jsonl` comes out byte-identical on every run.

    python3 tests/corpus/blind4/gen_blind4.py           # (re)write cases.jsonl
    python3 tests/corpus/blind4/gen_blind4.py --check   # regenerate in memory and self-check

Every value below is random and fake, but format-valid (checksums, check letters, key digits).
"""
import base64
import datetime
import ipaddress
import json
import os
import re
import string
import sys
import urllib.parse
import zlib

import random

SEED = 0xB11D4
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.jsonl")

GROUPS = {
    "credentials": [
        "private_key", "aws_access_key_id", "aws_secret_key", "github_token", "gitlab_token",
        "slack_token", "slack_webhook", "stripe_key", "google_api_key", "gcp_service_account",
        "azure_connection_string", "azure_sas_token", "npm_token", "pypi_token", "sendgrid_key",
        "twilio_key", "ai_api_key", "jwt", "url_credentials", "connection_string",
        "authorization_header", "session_cookie", "password_assignment", "password_hash",
    ],
    "personal": ["payment_card", "iban", "national_id", "date_of_birth"],
    "infrastructure": ["email_address", "phone_number", "private_ip", "internal_hostname"],
}
GROUP_SEVERITY = {"credentials": "critical", "personal": "high", "infrastructure": "medium"}
CATEGORY_GROUP = {c: g for g, cs in GROUPS.items() for c in cs}
SEVERITY = {c: GROUP_SEVERITY[g] for c, g in CATEGORY_GROUP.items()}

NEGATIVE_KINDS = {
    "placeholder", "placeholder_token_shape", "git_sha", "short_sha", "sha256", "md5_file",
    "integrity", "uuid", "traceparent", "cvss", "version", "public_key", "png_base64",
    "luhn_invalid", "order_id", "timestamp", "psirt_email", "reporter_email", "public_ip",
    "non_ip_dotted", "public_host", "base64_benign", "url_encoded_benign", "date_no_birth",
    "non_session_cookie", "url_no_password", "near_miss_token", "near_miss_personal",
    "number_not_phone", "password_not_secret", "hash_not_password",
}


# --------------------------------------------------------------------------------------------
# Labels, negatives, rendering
# --------------------------------------------------------------------------------------------

class Lab:
    """A labelled value placed in a text."""

    def __init__(self, value, category, also=(), optional=False, info=False, encoding=None,
                 inner=None, fmt=None):
        assert category in CATEGORY_GROUP, category
        self.value = value
        self.category = category
        self.also = list(also)
        self.optional = optional
        self.info = info
        self.encoding = encoding
        self.inner = inner      # decoded value when encoding is set
        self.fmt = fmt          # format hint for the self-check (e.g. "nir", "pin")

    def severity(self):
        return "info" if self.info else SEVERITY[self.category]


class Neg:
    def __init__(self, value, kind):
        assert kind in NEGATIVE_KINDS, kind
        self.value = value
        self.kind = kind


def u16(s):
    return len(s.encode("utf-16-le")) // 2


def slice16(text, start, end):
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


SLOT = re.compile(r"⟨(\w+)⟩")


class Case:
    def __init__(self, carrier, language, text, labels, negatives, reporter_email=None):
        self.carrier = carrier
        self.language = language
        self.text = text
        self.labels = labels        # [(start, end, Lab)]
        self.negatives = negatives  # [(start, end, Neg)]
        self.reporter_email = reporter_email


def C(carrier, language, template, reporter=None, **slots):
    """Render a template: ⟨name⟩ is replaced by slots[name] (str, Lab or Neg)."""
    assert language in ("en", "fr")
    parts, labels, negs = [], [], []
    pos = 0
    last = 0
    used = set()
    for m in SLOT.finditer(template):
        lit = template[last:m.start()]
        parts.append(lit)
        pos += u16(lit)
        name = m.group(1)
        if name not in slots:
            raise KeyError(f"slot {name} missing in template {template[:60]!r}")
        used.add(name)
        v = slots[name]
        if isinstance(v, Lab):
            s = v.value
            labels.append((pos, pos + u16(s), v))
        elif isinstance(v, Neg):
            s = v.value
            negs.append((pos, pos + u16(s), v))
        else:
            s = str(v)
        parts.append(s)
        pos += u16(s)
        last = m.end()
    parts.append(template[last:])
    unused = set(slots) - used
    if unused:
        raise KeyError(f"unused slots {sorted(unused)} in template {template[:60]!r}")
    text = "".join(parts)
    if reporter is not None:
        assert isinstance(reporter, str)
    return Case(carrier, language, text, labels, negs, reporter)


# --------------------------------------------------------------------------------------------
# Random building blocks
# --------------------------------------------------------------------------------------------

DIG = string.digits
LOW = string.ascii_lowercase
UPP = string.ascii_uppercase
ALNUM = string.ascii_letters + string.digits
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"


def rs(r, alphabet, n):
    return "".join(r.choice(alphabet) for _ in range(n))


def rdigits(r, n, first_nonzero=True):
    s = rs(r, DIG, n)
    if first_nonzero and s[0] == "0":
        s = r.choice("123456789") + s[1:]
    return s


def rbytes(r, n):
    return bytes(r.randrange(256) for _ in range(n))


def b64(b):
    return base64.b64encode(b).decode()


def b64url_nopad(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def b62_encode(n, pad=6):
    out = ""
    while n > 0:
        n, rem = divmod(n, 62)
        out = B62[rem] + out
    return out.rjust(pad, "0")


def ascii_fold(s):
    table = str.maketrans("àâäáãéèêëíìîïóòôöõúùûüçñÀÂÄÉÈÊËÎÏÔÖÙÛÜÇ'ø", "aaaaaeeeeiiiiooooouuuucnAAAEEEEIIOOUUUC-o")
    return s.translate(table)

# --------------------------------------------------------------------------------------------
# People, hosts, networks
# --------------------------------------------------------------------------------------------

FIRST_FR = ["Camille", "Julien", "Sophie", "Mathieu", "Élodie", "Nicolas", "Céline", "Thomas",
            "Aurélie", "Sébastien", "Hélène", "Karim", "Nadia", "Yannick", "Gaëlle", "François",
            "Loïc", "Chloé", "Benoît", "Inès", "Rémi", "Maëlle", "Jérôme", "Anaïs", "Mehdi"]
LAST_FR = ["Marchand", "Lefèvre", "Garnier", "Rousseau", "Faure", "Mercier", "Bonnet", "Girard",
           "Lemoine", "Chevalier", "Perrin", "Morel", "Benali", "Nguyen", "Roux", "Fontaine",
           "Caron", "Hoarau", "Le Goff", "Dubreuil", "Vasseur", "Texier", "Boyer", "Leclerc"]
FIRST_EN = ["Olivia", "Marcus", "Priya", "Daniel", "Hannah", "Ethan", "Grace", "Tom", "Aisha",
            "Liam", "Megan", "Ryan", "Sanjay", "Fiona", "Caleb", "Noor", "Wesley", "Irene"]
LAST_EN = ["Whitaker", "Okafor", "Brennan", "Kowalski", "Patel", "Henderson", "Lindqvist",
           "Murray", "Castillo", "Fletcher", "Sato", "Reyes", "Donovan", "Achterberg", "Quinn"]
FIRST_DE = ["Jonas", "Lena", "Matthias", "Katrin", "Florian", "Sabine"]
LAST_DE = ["Schäfer", "Hoffmann", "Becker", "Wagner", "Krüger", "Vogel"]

MAIL_DOMAINS = ["transports-vasseur.fr", "clinique-saint-roch.fr", "groupe-hemera.fr",
                "brightfield-analytics.com", "hollis-partners.co.uk", "kestrel-systems.de",
                "mairie-pontivy.fr", "atelier-lumen.fr", "northgate-freight.com", "orbitale.io",
                "gmail.com", "outlook.fr", "laposte.net", "free.fr", "yahoo.fr", "hotmail.com",
                "proton.me", "icloud.com", "banque-aurore.fr", "wavecrest-health.com"]


def person(r, lang="fr"):
    if lang == "fr":
        return r.choice(FIRST_FR), r.choice(LAST_FR)
    if lang == "de":
        return r.choice(FIRST_DE), r.choice(LAST_DE)
    return r.choice(FIRST_EN), r.choice(LAST_EN)


def email_for(r, first, last, domain=None):
    domain = domain or r.choice(MAIL_DOMAINS)
    f = ascii_fold(first).lower().replace(" ", "")
    l = ascii_fold(last).lower().replace(" ", "")
    style = r.randrange(5)
    if style == 0:
        local = f"{f}.{l}"
    elif style == 1:
        local = f"{f[0]}.{l}"
    elif style == 2:
        local = f"{f}{l}{r.randint(2, 99)}"
    elif style == 3:
        local = f"{l}.{f}"
    else:
        local = f"{f[0]}{l}"
    return f"{local}@{domain}"


def EMAIL(r, lang="fr", domain=None, optional=False):
    f, l = person(r, lang)
    return Lab(email_for(r, f, l, domain), "email_address", optional=optional)


REPORTERS = ["r.lambert@secu-audit.fr", "bughunter.mina@proton.me", "c.oyelaran@redline-sec.com",
             "pentest@cyberforge.fr", "j.verhoeven@audit-nord.eu", "t.moreau.research@gmail.com",
             "ana.pires@offsec-lab.pt", "contact@bastion-conseil.fr", "k.ishikawa@hexwork.jp",
             "morgane.d@pentest-ouest.fr"]

SUFFIXES = [".internal", ".local", ".lan", ".corp", ".intranet", ".intra", ".home.arpa",
            ".localdomain", ".svc.cluster.local", ".service.consul"]
HOST_HEADS = ["db01", "pg-prod-2", "ldap", "vault", "jenkins", "gitlab", "erp-app03", "srv-fic01",
              "nas-compta", "grafana", "kafka-1", "mq02", "sql-rh", "backup", "adfs", "wiki",
              "redis-cache", "mongo-a", "elastic3", "sonar", "nexus", "harbor", "keycloak",
              "zabbix", "gw-vpn", "print01", "jump", "ci-runner-4", "minio", "rabbit"]
HOST_MIDS = ["prod", "preprod", "paris", "lyon", "dc1", "ops", "erp", "rh", "factory", "hq",
             "eu-west", "lab", "qa", "finance"]


def internal_host(r, suffix=None, head=None):
    suffix = suffix or r.choice(SUFFIXES)
    head = head or r.choice(HOST_HEADS)
    if suffix == ".svc.cluster.local":
        return f"{head}.{r.choice(['payments', 'default', 'data', 'auth', 'monitoring'])}{suffix}"
    if suffix == ".service.consul":
        return f"{head}{suffix}"
    if suffix == ".home.arpa":
        return f"{head}{suffix}"
    return f"{head}.{r.choice(HOST_MIDS)}{suffix}"


def HOST(r, optional=False, **kw):
    return Lab(internal_host(r, **kw), "internal_hostname", optional=optional)


def private_ipv4(r, net=None):
    net = net or r.choice(["10", "172", "192"])
    if net == "10":
        ip = f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(2, 250)}"
    elif net == "172":
        ip = f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(2, 250)}"
    else:
        ip = f"192.168.{r.randint(0, 254)}.{r.randint(2, 250)}"
    return ip


def ula(r):
    g = [f"fd{rs(r, HEX, 2)}", rs(r, HEX, 4), rs(r, HEX, 4), format(r.randint(1, 0xfff), "x")]
    return ":".join(g) + "::" + format(r.randint(2, 0xfff), "x")


def IP(r, optional=False, v6=False, net=None):
    return Lab(ula(r) if v6 else private_ipv4(r, net), "private_ip", optional=optional)


def public_ip(r):
    return r.choice([f"203.0.113.{r.randint(2, 250)}", f"198.51.100.{r.randint(2, 250)}",
                     f"192.0.2.{r.randint(2, 250)}", f"52.{r.randint(16, 95)}.{r.randint(0, 255)}.{r.randint(2, 250)}",
                     f"91.{r.randint(160, 220)}.{r.randint(0, 255)}.{r.randint(2, 250)}"])


# --------------------------------------------------------------------------------------------
# Phones
# --------------------------------------------------------------------------------------------

FICTION_FR = ("0199 00", "0261 91", "0353 01", "0465 71", "0536 49", "0639 98")


def phone(r, country=None):
    country = country or r.choice(["fr", "fr", "fr", "us", "uk", "de", "es", "it"])
    if country == "fr":
        while True:
            lead = r.choice(["6", "7", "1", "2", "3", "4", "5", "9"])
            rest = [rdigits(r, 2, False) for _ in range(4)]
            if lead == "7" and rest[0][0] in "0123":
                rest[0] = r.choice("5678") + rest[0][1]
            nat = "0" + lead + "".join(rest)
            if not any(nat[:4] + " " + nat[4:6] == f for f in FICTION_FR):
                break
        style = r.randrange(5)
        pairs = [nat[i:i + 2] for i in range(0, 10, 2)]
        if style == 0:
            return " ".join(pairs)
        if style == 1:
            return "+33 " + nat[1] + " " + " ".join(pairs[1:])
        if style == 2:
            return ".".join(pairs)
        if style == 3:
            return "+33" + nat[1:]
        return "+33 (0)" + nat[1] + " " + " ".join(pairs[1:])
    if country == "us":
        area = r.choice(["415", "312", "617", "206", "512", "303", "646", "404", "919", "702"])
        exch = str(r.randint(201, 989))
        while exch == "555" or exch[1:] == "11":
            exch = str(r.randint(201, 989))
        line = rdigits(r, 4, False)
        style = r.randrange(3)
        if style == 0:
            return f"+1 {area}-{exch}-{line}"
        if style == 1:
            return f"({area}) {exch}-{line}"
        return f"+1 ({area}) {exch} {line}"
    if country == "uk":
        if r.random() < 0.6:
            while True:
                mid = "7" + r.choice("4589") + rdigits(r, 2, False)
                rest = rdigits(r, 6, False)
                if not (mid == "7700" and rest.startswith("900")):
                    break
            return r.choice([f"+44 {mid} {rest}", f"0{mid} {rest}"])
        return f"+44 20 {r.choice('38')}{rdigits(r, 3, False)} {rdigits(r, 4, False)}"
    if country == "de":
        return r.choice([f"+49 15{r.randint(1, 9)} {rdigits(r, 8, False)}",
                         f"+49 30 {rdigits(r, 7)}", f"+49 (0)89 {rdigits(r, 6)}"])
    if country == "es":
        return f"+34 6{rdigits(r, 2, False)} {rdigits(r, 2, False)} {rdigits(r, 2, False)} {rdigits(r, 2, False)}"
    return f"+39 3{rdigits(r, 2, False)} {rdigits(r, 3, False)} {rdigits(r, 4, False)}"


def PHONE(r, country=None):
    return Lab(phone(r, country), "phone_number")


# --------------------------------------------------------------------------------------------
# Personal data: cards, IBAN, national ids, dates of birth
# --------------------------------------------------------------------------------------------

TEST_CARDS = {"4242424242424242", "4111111111111111", "5555555555554444", "378282246310005",
              "6011111111111117", "4000056655665556", "5105105105105100", "4012888888881881",
              "371449635398431", "4000000000000002", "2223003122003222", "6011000990139424",
              "5200828282828210", "4000002500003155", "3056930009020004", "30569309025904"}


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(partial):
    for c in DIG:
        if luhn_ok(partial + c):
            return partial + c
    raise AssertionError


def card_digits(r, brand=None):
    brand = brand or r.choice(["visa", "visa", "mc", "mc2", "amex", "discover", "cb"])
    while True:
        if brand in ("visa", "cb"):
            p = "4" + rdigits(r, 14, False)
        elif brand == "mc":
            p = str(r.randint(51, 55)) + rdigits(r, 13, False)
        elif brand == "mc2":
            p = str(r.randint(2221, 2720)) + rdigits(r, 11, False)
        elif brand == "amex":
            p = r.choice(["34", "37"]) + rdigits(r, 12, False)
        else:
            p = "6011" + rdigits(r, 11, False)
        d = luhn_complete(p)
        if d not in TEST_CARDS:
            return d


def fmt_card(r, d, style=None):
    style = r.randrange(4) if style is None else style
    if len(d) == 15:
        if style in (0, 1):
            return f"{d[:4]} {d[4:10]} {d[10:]}"
        return d
    if style == 0:
        return " ".join(d[i:i + 4] for i in range(0, 16, 4))
    if style == 1:
        return "-".join(d[i:i + 4] for i in range(0, 16, 4))
    return d


def CARD(r, brand=None, style=None):
    return Lab(fmt_card(r, card_digits(r, brand), style), "payment_card")


IBAN_LEN = {"FR": 27, "DE": 22, "ES": 24, "IT": 27, "BE": 16, "NL": 18, "GB": 22, "PT": 25,
            "LU": 20, "CH": 21, "MC": 27, "IE": 22}
DOC_IBANS = {"GB82WEST12345698765432", "DE89370400440532013000", "FR1420041010050500013M02606",
             "ES9121000418450200051332", "IT60X0542811101000000123456", "NL91ABNA0417164300",
             "BE68539007547034", "CH9300762011623852957"}


def iban_check(country, bban):
    s = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in s)
    return 98 - int(num) % 97


def iban_valid(s):
    s = s.replace(" ", "")
    if len(s) < 15 or s[:2] not in IBAN_LEN or len(s) != IBAN_LEN[s[:2]]:
        return False
    if not s.isalnum() or s != s.upper():
        return False
    num = "".join(str(int(c, 36)) for c in s[4:] + s[:4])
    return int(num) % 97 == 1


def rib_key(bank, branch, account):
    """French RIB key (clé RIB), digits only."""
    return 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97


def es_dc(entity_office, account):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def one(digits):
        d = 11 - sum(int(c) * w[i] for i, c in enumerate(digits.rjust(10, "0"))) % 11
        return {10: 1, 11: 0}.get(d, d)
    return f"{one('00' + entity_office)}{one(account)}"


def it_cin(bban22):
    """Italian CIN letter for ABI(5) + CAB(5) + account(12)."""
    odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
    total = 0
    for i, c in enumerate(bban22):
        v = int(c) if c.isdigit() else ord(c) - 65
        total += odd[v] if i % 2 == 0 else v
    return UPP[total % 26]


def pt_nib(b19):
    return f"{98 - int(b19 + '00') % 97:02d}"


def nl_elfproef(acct10):
    return sum(int(c) * (10 - i) for i, c in enumerate(acct10)) % 11 == 0


def iban_raw(r, country=None):
    country = country or r.choice(["FR", "FR", "FR", "DE", "ES", "IT", "BE", "NL", "GB", "PT", "LU"])
    while True:
        if country == "FR":
            bank, branch, acct = rdigits(r, 5), rdigits(r, 5, False), rdigits(r, 11, False)
            bban = bank + branch + acct + f"{rib_key(bank, branch, acct):02d}"
        elif country == "DE":
            bban = rdigits(r, 8) + rdigits(r, 10, False)
        elif country == "ES":
            eo, acct = rdigits(r, 8), rdigits(r, 10, False)
            bban = eo + es_dc(eo, acct) + acct
        elif country == "IT":
            rest = rdigits(r, 10) + rdigits(r, 12, False)
            bban = it_cin(rest) + rest
        elif country == "BE":
            first = rdigits(r, 10)
            k = int(first) % 97 or 97
            bban = first + f"{k:02d}"
        elif country == "NL":
            acct = rdigits(r, 10, False)
            if not nl_elfproef(acct):
                continue
            bban = r.choice(["ABNA", "RABO", "INGB", "TRIO", "SNSB"]) + acct
        elif country == "GB":
            bban = r.choice(["BARC", "LOYD", "HBUK", "NWBK", "MIDL"]) + rdigits(r, 6) + rdigits(r, 8, False)
        elif country == "PT":
            b19 = rdigits(r, 19, False)
            bban = b19 + pt_nib(b19)
        elif country == "IE":
            bban = r.choice(["AIBK", "BOFI", "IPBS"]) + rdigits(r, 6) + rdigits(r, 8, False)
        elif country == "LU":
            bban = rdigits(r, 3) + rs(r, DIG + UPP, 13)
        else:
            raise ValueError(country)
        cd = iban_check(country, bban)
        s = f"{country}{cd:02d}{bban}"
        if iban_valid(s) and s not in DOC_IBANS:
            return s


def fmt_iban(r, s, grouped=None):
    grouped = r.random() < 0.55 if grouped is None else grouped
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if grouped else s


def IBAN(r, country=None, grouped=None):
    return Lab(fmt_iban(r, iban_raw(r, country), grouped), "iban")


def bad_iban(r):
    s = iban_raw(r)
    cd = int(s[2:4])
    wrong = (cd + r.randint(1, 9)) % 97
    if wrong < 2:
        wrong += 2
    t = f"{s[:2]}{wrong:02d}{s[4:]}"
    assert not iban_valid(t)
    return fmt_iban(r, t)


# French NIR -------------------------------------------------------------------------------

def nir_key(n13):
    return 97 - int(n13) % 97


def nir_raw(r, born=None):
    """A NIR; given a birth date, its year and month are the ones the number encodes."""
    sex = r.choice("12")
    if born:
        yy, mm = f"{born.year % 100:02d}", f"{born.month:02d}"
    else:
        yy = f"{r.randint(45, 99) if r.random() < 0.7 else r.randint(0, 5):02d}"
        mm = f"{r.randint(1, 12):02d}"
    dep = f"{r.choice([r.randint(1, 19), r.randint(21, 95)]):02d}"
    com = f"{r.randint(1, 899):03d}"
    order = f"{r.randint(1, 999):03d}"
    n13 = sex + yy + mm + dep + com + order
    return n13 + f"{nir_key(n13):02d}"


def nir_valid(s):
    s = s.replace(" ", "")
    return bool(re.fullmatch(r"[12]\d{14}", s)) and int(s[13:]) == nir_key(s[:13])


def fmt_nir(r, s):
    if r.random() < 0.5:
        return f"{s[0]} {s[1:3]} {s[3:5]} {s[5:7]} {s[7:10]} {s[10:13]} {s[13:]}"
    return s


# US SSN -----------------------------------------------------------------------------------

def ssn_raw(r):
    while True:
        area = r.randint(1, 899)
        if area == 666:
            continue
        s = f"{area:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"
        if s not in ("078-05-1120", "219-09-9999", "123-45-6789"):
            return s


def ssn_valid(s):
    m = re.fullmatch(r"(\d{3})-?(\d{2})-?(\d{4})", s)
    if not m:
        return False
    a, g, n = (int(x) for x in m.groups())
    return 0 < a < 900 and a != 666 and g > 0 and n > 0


# UK NINO ----------------------------------------------------------------------------------

NINO_BAD_PREFIX = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def nino_raw(r):
    first_ok = [c for c in UPP if c not in "DFIQUV"]
    second_ok = [c for c in UPP if c not in "DFIOQUV"]
    while True:
        p = r.choice(first_ok) + r.choice(second_ok)
        if p not in NINO_BAD_PREFIX:
            break
    d = rdigits(r, 6, False)
    return p + d + r.choice("ABCD")


def nino_valid(s):
    s = s.replace(" ", "")
    m = re.fullmatch(r"([A-Z])([A-Z])(\d{6})([A-D])", s)
    if not m:
        return False
    a, b = m.group(1), m.group(2)
    return a not in "DFIQUV" and b not in "DFIOQUV" and a + b not in NINO_BAD_PREFIX and s != "QQ123456C"


# Spanish DNI / NIE ------------------------------------------------------------------------

DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_raw(r):
    n = r.randint(10000000, 79999999)
    return f"{n:08d}{DNI_LETTERS[n % 23]}"


def nie_raw(r):
    p = r.choice("XYZ")
    n = r.randint(1000000, 9999999)
    return f"{p}{n:07d}{DNI_LETTERS[int(str('XYZ'.index(p)) + f'{n:07d}') % 23]}"


def dni_valid(s):
    s = s.replace("-", "").replace(" ", "")
    m = re.fullmatch(r"([XYZ]?)(\d{7,8})([A-Z])", s)
    if not m:
        return False
    p, n, l = m.groups()
    if p:
        if len(n) != 7:
            return False
        num = int(str("XYZ".index(p)) + n)
    else:
        if len(n) != 8:
            return False
        num = int(n)
    return DNI_LETTERS[num % 23] == l


# Italian codice fiscale -------------------------------------------------------------------

CF_ODD = {**{str(i): v for i, v in enumerate([1, 0, 5, 7, 9, 13, 15, 17, 19, 21])},
          **dict(zip(UPP, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14,
                           16, 10, 22, 25, 24, 23]))}
CF_EVEN = {**{str(i): i for i in range(10)}, **{c: i for i, c in enumerate(UPP)}}
CF_MONTHS = "ABCDEHLMPRST"


def cf_check(s15):
    total = sum(CF_ODD[c] if i % 2 == 0 else CF_EVEN[c] for i, c in enumerate(s15))
    return UPP[total % 26]


def cf_raw(r):
    cons = "BCDFGHLMNPRSTVZ"
    vow = "AEIOU"
    sur = r.choice(cons) + r.choice(cons) + r.choice(vow + cons)
    name = r.choice(cons) + r.choice(vow + cons) + r.choice(cons)
    yy = f"{r.randint(50, 99):02d}"
    mm = r.choice(CF_MONTHS)
    dd = r.randint(1, 28) + (40 if r.random() < 0.5 else 0)
    comune = r.choice("ABCDEFGHLM") + f"{r.randint(1, 999):03d}"
    s15 = sur + name + yy + mm + f"{dd:02d}" + comune
    return s15 + cf_check(s15)


def cf_valid(s):
    return bool(re.fullmatch(r"[A-Z]{6}\d{2}[ABCDEHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", s)) and cf_check(s[:15]) == s[15]


# German Steuer-IdNr -----------------------------------------------------------------------

def steuer_check(d10):
    product = 10
    for ch in d10:
        s = (int(ch) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    c = 11 - product
    return 0 if c == 10 else c


def steuer_raw(r):
    while True:
        digits = r.sample(DIG, 9)
        dup = r.choice(digits)
        seq = digits + [dup]
        r.shuffle(seq)
        if seq[0] == "0":
            continue
        d10 = "".join(seq)
        return d10 + str(steuer_check(d10))


def steuer_valid(s):
    s = s.replace(" ", "")
    if not re.fullmatch(r"[1-9]\d{10}", s):
        return False
    counts = sorted((s[:10].count(c) for c in set(s[:10])), reverse=True)
    if counts[0] not in (2, 3) or (len(counts) > 1 and counts[1] > 1):
        return False
    return steuer_check(s[:10]) == int(s[10])


def fmt_steuer(r, s):
    return f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}" if r.random() < 0.5 else s


def NATID(r, kind=None):
    kind = kind or r.choice(["nir", "nir", "ssn", "nino", "dni", "nie", "cf", "steuer"])
    if kind == "nir":
        v = fmt_nir(r, nir_raw(r))
    elif kind == "ssn":
        v = ssn_raw(r)
    elif kind == "nino":
        n = nino_raw(r)
        v = f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8]}" if r.random() < 0.5 else n
    elif kind == "dni":
        v = dni_raw(r)
    elif kind == "nie":
        v = nie_raw(r)
    elif kind == "cf":
        v = cf_raw(r)
    else:
        v = fmt_steuer(r, steuer_raw(r))
    return Lab(v, "national_id", fmt=kind)


def national_id_valid(v):
    return nir_valid(v) or ssn_valid(v) or nino_valid(v) or dni_valid(v) or cf_valid(v) or steuer_valid(v)


def bad_nir(r):
    s = nir_raw(r)
    k = (int(s[13:]) % 97) + 1
    t = s[:13] + f"{k:02d}"
    assert not nir_valid(t)
    return t


# Dates of birth ---------------------------------------------------------------------------

MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def birth_date(r):
    return datetime.date(r.randint(1938, 2006), r.randint(1, 12), r.randint(1, 28))


def fmt_date(d, style):
    if style == "fr":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "fr_long":
        return f"{d.day if d.day > 1 else '1er'} {MOIS[d.month - 1]} {d.year}"
    if style == "en_long":
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "us":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "de":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == "uk_long":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    raise ValueError(style)


def DOB(r, style="fr"):
    return Lab(fmt_date(birth_date(r), style), "date_of_birth", fmt=style)


def DOB_NIR(r, style="fr", spaced=None):
    """A date of birth and the matching French NIR (same year and month)."""
    d = birth_date(r)
    n = nir_raw(r, d)
    spaced = r.random() < 0.5 if spaced is None else spaced
    if spaced:
        n = f"{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:10]} {n[10:13]} {n[13:]}"
    return Lab(fmt_date(d, style), "date_of_birth", fmt=style), Lab(n, "national_id", fmt="nir")


BIRTH_WORDS = ["né le", "née le", "né(e) le", "naissance", "dob", "birth", "born", "geburtsdatum",
               "nacimiento", "nascita", "birthdate", "date_of_birth", "birthday", "naiss"]

# --------------------------------------------------------------------------------------------
# Passwords
# --------------------------------------------------------------------------------------------

WORDS_FR = ["Tournesol", "Mistral", "Granit", "Pivoine", "Goéland", "Cerisier", "Bretagne",
            "Falaise", "Velours", "Ardoise", "Lavande", "Brioche", "Corsaire", "Sapin", "Marée",
            "Orage", "Citadelle", "Hérisson", "Châtaigne", "Boussole"]
WORDS_EN = ["Sunflower", "Harbor", "Copper", "Falcon", "Meadow", "Lantern", "Thistle", "Glacier",
            "Walnut", "Comet", "Orchard", "Basalt", "Juniper", "Pelican", "Saffron", "Quarry"]
SYMS = "!#$%&*+-=?@^_~"
START_SYMS = "$!#@%&*^~=+"
PLACEHOLDER_WORDS = {"password", "changeme", "secret", "xxx", "test", "admin", "root", "example",
                     "redacted", "none", "null", "todo", "change_me", "motdepasse", "your-password"}


def _mixed(r, n):
    while True:
        s = [r.choice(UPP), r.choice(LOW), r.choice(DIG), r.choice(SYMS)]
        s += [r.choice(ALNUM + SYMS) for _ in range(n - 4)]
        r.shuffle(s)
        s = "".join(s)
        if s[-1].isalnum() and s[0] not in "-=" and "--" not in s:
            return s


def password(r, style=None, urlsafe=False):
    """A password that never ends with punctuation, never holds spaces, quotes or backslashes."""
    if urlsafe:
        while True:
            s = rs(r, ALNUM + "-_.~", r.randint(11, 18))
            if s[-1].isalnum() and s[0].isalnum() and any(c.isdigit() for c in s) and any(c.isupper() for c in s):
                return s
    style = style or r.choice(["mixed", "mixed", "mixed", "word", "word", "symstart", "phrase"])
    if style == "mixed":
        return _mixed(r, r.randint(10, 17))
    if style == "word":
        w = r.choice(WORDS_FR + WORDS_EN)
        w2 = r.choice(WORDS_FR + WORDS_EN)
        return f"{w}{r.choice('!#@*&_')}{r.randint(10, 9999)}{w2[:r.randint(3, 5)]}"
    if style == "symstart":
        while True:
            c = r.choice(START_SYMS)
            rest = _mixed(r, r.randint(9, 14))
            if c == "$" and not rest[0].isdigit():
                rest = r.choice(DIG) + rest
            return c + rest
    if style == "phrase":
        ws = r.sample(WORDS_FR + WORDS_EN, 3)
        return "-".join([ws[0].lower(), ws[1], ws[2].lower()]) + "-" + str(r.randint(10, 99))
    if style == "accent":
        w = r.choice(["Été", "Hélène", "Forêt", "Noël", "Château", "Crème", "Garçon", "Bûche"])
        return f"{w}{r.choice('#@*')}{r.randint(1000, 9999)}{r.choice(WORDS_FR)[:4]}"
    if style == "pin":
        return rdigits(r, r.choice([4, 4, 6, 6, 8]))
    raise ValueError(style)


CRYPT_LIKE = re.compile(r"^\$(1|2[aby]?|5|6|y|apr1|argon2\w*)\$|%[0-9A-Fa-f]{2}")


def PW(r, style=None, urlsafe=False, also=(), encoding=None, fmt=None):
    v = password(r, style, urlsafe)
    while CRYPT_LIKE.search(v):
        v = password(r, style, urlsafe)
    return Lab(v, "password_assignment", also=also, fmt=fmt or style)


def PIN(r, n=None):
    return Lab(rdigits(r, n or r.choice([4, 6, 6, 8])), "password_assignment", fmt="pin")


# --------------------------------------------------------------------------------------------
# Provider tokens
# --------------------------------------------------------------------------------------------

def gh_token(r, prefix=None):
    prefix = prefix or r.choice(["ghp", "ghp", "ghp", "gho", "ghu", "ghs", "ghr"])
    ent = rs(r, B62, 30)
    return f"{prefix}_{ent}{b62_encode(zlib.crc32(ent.encode()))}"


def npm_tok(r):
    ent = rs(r, B62, 30)
    return f"npm_{ent}{b62_encode(zlib.crc32(ent.encode()))}"


def crc_token_ok(tok):
    m = re.fullmatch(r"(gh[pousr]|npm)_([A-Za-z0-9]{30})([A-Za-z0-9]{6})", tok)
    return bool(m) and b62_encode(zlib.crc32(m.group(2).encode())) == m.group(3)


def near_miss_gh(r):
    t = gh_token(r, "ghp")
    last = t[-1]
    t2 = t[:-1] + (B62[(B62.index(last) + 7) % 62])
    assert not crc_token_ok(t2)
    return t2


def gl_token(r, prefix="glpat"):
    return f"{prefix}-{rs(r, ALNUM, 2)}{rs(r, B64URL, 16)}{rs(r, ALNUM, 2)}"


def slack_tok(r, kind=None):
    kind = kind or r.choice(["xoxb", "xoxb", "xoxp", "xapp", "xoxe"])
    if kind == "xoxb":
        return f"xoxb-{rdigits(r, 11)}-{rdigits(r, 13)}-{rs(r, ALNUM, 24)}"
    if kind == "xoxp":
        return f"xoxp-{rdigits(r, 11)}-{rdigits(r, 11)}-{rdigits(r, 13)}-{rs(r, HEX, 32)}"
    if kind == "xoxe":
        return f"xoxe.xoxp-1-{rs(r, ALNUM, 140)}"
    return f"xapp-1-A{rs(r, UPP + DIG, 10)}-{rdigits(r, 13)}-{rs(r, HEX, 64)}"


def slack_hook(r):
    return (f"https://hooks.slack.com/services/T{rs(r, UPP + DIG, r.choice([8, 10]))}/"
            f"B{rs(r, UPP + DIG, r.choice([8, 10]))}/{rs(r, ALNUM, 24)}")


def stripe_tok(r, kind=None):
    kind = kind or r.choice(["sk", "sk", "sk_long", "rk"])
    if kind == "sk":
        return "sk_live_" + rs(r, ALNUM, 24)
    if kind == "sk_long":
        return "sk_live_51" + rs(r, ALNUM, 97)
    if kind == "rk":
        return "rk_live_51" + rs(r, ALNUM, 97)
    return "whsec_" + rs(r, ALNUM, 32)


def google_key(r):
    return "AIzaSy" + rs(r, B64URL, 33)


AWS_ID_ALPHA = UPP + "234567"


def aws_id(r, prefix="AKIA"):
    while True:
        s = prefix + rs(r, AWS_ID_ALPHA, 16)
        if "EXAMPLE" not in s:
            return s


def aws_secret(r):
    while True:
        s = rs(r, ALNUM + "/+", 40)
        if s[0] not in "/+" and s[-1] not in "/+":
            return s


def pypi_tok(r):
    return "pypi-AgEIcHlwaS5vcmc" + "CJ" + rs(r, B64URL, r.randint(150, 170))


def sendgrid_tok(r):
    return f"SG.{rs(r, B64URL, 22)}.{rs(r, B64URL, 43)}"


def twilio_sk(r):
    return "SK" + rs(r, HEX, 32)


def twilio_ac(r):
    return "AC" + rs(r, HEX, 32)


def ai_key(r, kind=None):
    kind = kind or r.choice(["openai_legacy", "openai_proj", "openai_proj", "anthropic", "anthropic", "hf"])
    if kind == "openai_legacy":
        return f"sk-{rs(r, ALNUM, 20)}T3BlbkFJ{rs(r, ALNUM, 20)}"
    if kind == "openai_proj":
        return f"sk-proj-{rs(r, B64URL, 74)}T3BlbkFJ{rs(r, B64URL, 74)}"
    if kind == "openai_svc":
        return f"sk-svcacct-{rs(r, B64URL, 74)}T3BlbkFJ{rs(r, B64URL, 74)}"
    if kind == "anthropic":
        return f"sk-ant-api03-{rs(r, B64URL, 93)}AA"
    return "hf_" + rs(r, string.ascii_letters, 34)


def azure_storage_conn(r, account=None):
    account = account or r.choice(["stprodfactures", "sauvegardeerp", "stcustomerdocs", "rhexports01", "stmediaassets"])
    return (f"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={b64(rbytes(r, 64))};"
            f"EndpointSuffix=core.windows.net")


def azure_sb_conn(r, kind="sb"):
    ns = r.choice(["sb-commandes-prod", "evh-telemetry", "bus-orders-weu", "sb-notifs"])
    if kind == "iot":
        return (f"HostName=iot-{ns}.azure-devices.net;SharedAccessKeyName=iothubowner;"
                f"SharedAccessKey={b64(rbytes(r, 32))}")
    return (f"Endpoint=sb://{ns}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;"
            f"SharedAccessKey={b64(rbytes(r, 32))}")


def sas_sig(r):
    return urllib.parse.quote(b64(rbytes(r, 32)), safe="")


def sas_token(r, style=None):
    style = style or r.choice(["account", "blob"])
    if style == "account":
        return (f"sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2026-{r.randint(1, 12):02d}-"
                f"{r.randint(1, 28):02d}T17:00:00Z&st=2025-0{r.randint(1, 9)}-{r.randint(10, 28)}T08:00:00Z"
                f"&spr=https&sig={sas_sig(r)}")
    return (f"sp=r{r.choice(['', 'w', 'cw'])}&st=2025-{r.randint(1, 12):02d}-{r.randint(10, 28)}T09:12:44Z"
            f"&se=2026-{r.randint(1, 12):02d}-{r.randint(10, 28)}T17:12:44Z&spr=https&sv=2022-11-02&sr=b"
            f"&sig={sas_sig(r)}")


def jwt_tok(r, claims=None, alg=None):
    alg = alg or r.choice(["HS256", "HS256", "RS256"])
    header = {"alg": alg, "typ": "JWT"}
    if alg == "RS256":
        header["kid"] = rs(r, B64URL, 20)
    now = 1735000000 + r.randint(0, 20000000)
    claims = claims or {}
    payload = {"sub": claims.pop("sub", str(r.randint(1000, 99999))), **claims,
               "iat": now, "exp": now + r.choice([900, 3600, 86400])}
    h = b64url_nopad(json.dumps(header, separators=(",", ":")).encode())
    p = b64url_nopad(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
    sig = b64url_nopad(rbytes(r, 32 if alg == "HS256" else 256))
    return f"{h}.{p}.{sig}"


JWT_IO = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi"
          "aWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")


def jwt_ok(t):
    parts = t.split(".")
    if len(parts) != 3 or not all(re.fullmatch(r"[A-Za-z0-9_-]+", p) for p in parts):
        return False
    try:
        h = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
        json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except Exception:
        return False
    return "alg" in h


# Private keys ------------------------------------------------------------------------------

def _lines(s, width=64):
    return [s[i:i + width] for i in range(0, len(s), width)]


def pem_key(r, kind=None, nl="\n", indent=""):
    """A PEM private key; lines joined by `nl` (a newline, or the two characters backslash-n),
    every line after the first prefixed with `indent`."""
    kind = kind or r.choice(["rsa", "pkcs8", "ec", "openssh", "openssh"])
    if kind == "rsa":
        der = bytes.fromhex("308204a40201000282010100") + rbytes(r, 1180)
        head, body = "RSA PRIVATE KEY", _lines(b64(der))
    elif kind == "pkcs8":
        der = bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7") + rbytes(r, 1190)
        head, body = "PRIVATE KEY", _lines(b64(der))
    elif kind == "ec":
        der = (bytes.fromhex("30770201010420") + rbytes(r, 32) + bytes.fromhex("a00a06082a8648ce3d030107a144034200")
               + b"\x04" + rbytes(r, 64))
        head, body = "EC PRIVATE KEY", _lines(b64(der))
    elif kind == "openssh":
        raw = (b"openssh-key-v1\x00" + bytes.fromhex("0000000a6165733235362d637472") if r.random() < 0.2 else
               b"openssh-key-v1\x00" + bytes.fromhex("000000046e6f6e65000000046e6f6e65"))
        raw += bytes.fromhex("0000000000000001000000330000000b7373682d65643235353139") + rbytes(r, 300)
        head, body = "OPENSSH PRIVATE KEY", _lines(b64(raw), 70)
    elif kind == "pgp":
        raw = bytes.fromhex("9507460465") + rbytes(r, 700)
        lines = _lines(b64(raw))
        crc = b64(rbytes(r, 3))
        inner = ["-----BEGIN PGP PRIVATE KEY BLOCK-----", ""] + lines + ["=" + crc, "-----END PGP PRIVATE KEY BLOCK-----"]
        return (nl + indent).join([inner[0]] + inner[1:])
    else:
        raise ValueError(kind)
    all_lines = [f"-----BEGIN {head}-----"] + body + [f"-----END {head}-----"]
    return (nl + indent).join(all_lines)


PEM_RE = re.compile(r"-----BEGIN ((?:RSA |EC |OPENSSH |DSA |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----"
                    r"(?:\\n|\n)[\s\S]+?(?:\\n|\n)\s*-----END \1-----")


def KEY(r, kind=None, nl="\n", indent=""):
    return Lab(pem_key(r, kind, nl, indent), "private_key")


def gcp_sa_json(r, indent=2):
    project = r.choice(["factu-prod-4821", "rh-portal-331207", "iot-telemetry-88", "data-lake-fr-2024"])
    sa = r.choice(["terraform", "ci-deployer", "bq-export", "firebase-adminsdk-x7k2p"])
    key = pem_key(r, "pkcs8", nl="\\n") + "\\n"
    d = [("type", "service_account"), ("project_id", project), ("private_key_id", rs(r, HEX, 40)),
         ("private_key", key), ("client_email", f"{sa}@{project}.iam.gserviceaccount.com"),
         ("client_id", rdigits(r, 21)), ("auth_uri", "https://accounts.google.com/o/oauth2/auth"),
         ("token_uri", "https://oauth2.googleapis.com/token"),
         ("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs"),
         ("client_x509_cert_url", f"https://www.googleapis.com/robot/v1/metadata/x509/{sa}%40{project}.iam.gserviceaccount.com"),
         ("universe_domain", "googleapis.com")]
    pad = " " * indent
    body = ",\n".join(f'{pad}"{k}": "{v}"' for k, v in d)
    return "{\n" + body + "\n}"


def GCP(r):
    return Lab(gcp_sa_json(r), "gcp_service_account", also=["private_key", "email_address"])


# Password hashes ---------------------------------------------------------------------------

BCRYPT_ALPHA = "./" + UPP + LOW + DIG
CRYPT_ALPHA = "./" + DIG + UPP + LOW


def pw_hash(r, kind=None):
    kind = kind or r.choice(["bcrypt", "bcrypt", "argon2", "sha512crypt", "md5crypt", "apr1", "mysql", "django", "ssha"])
    if kind == "bcrypt":
        return f"$2{r.choice('aby')}${r.choice(['10', '12', '11'])}${rs(r, BCRYPT_ALPHA, 53)}"
    if kind == "argon2":
        return f"$argon2id$v=19$m=65536,t=3,p=4${b64(rbytes(r, 16)).rstrip('=')}${b64(rbytes(r, 32)).rstrip('=')}"
    if kind == "sha512crypt":
        return f"$6${rs(r, CRYPT_ALPHA, 16)}${rs(r, CRYPT_ALPHA, 86)}"
    if kind == "md5crypt":
        return f"$1${rs(r, CRYPT_ALPHA, 8)}${rs(r, CRYPT_ALPHA, 22)}"
    if kind == "apr1":
        return f"$apr1${rs(r, CRYPT_ALPHA, 8)}${rs(r, CRYPT_ALPHA, 22)}"
    if kind == "mysql":
        return "*" + rs(r, "0123456789ABCDEF", 40)
    if kind == "django":
        return f"pbkdf2_sha256$870000${rs(r, ALNUM, 22)}${b64(rbytes(r, 32))}"
    if kind == "ssha":
        return "{SSHA}" + b64(rbytes(r, 24))
    if kind == "ntlm":
        return rs(r, HEX, 32)
    raise ValueError(kind)


HASH_RES = [r"\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}", r"\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+",
            r"\$6\$[./0-9A-Za-z]{1,16}\$[./0-9A-Za-z]{86}", r"\$(1|apr1)\$[./0-9A-Za-z]{1,8}\$[./0-9A-Za-z]{22}",
            r"\*[0-9A-F]{40}", r"pbkdf2_sha256\$\d+\$[A-Za-z0-9]+\$[A-Za-z0-9+/]{43}=", r"\{SSHA\}[A-Za-z0-9+/]{32}",
            r"[0-9a-f]{32}"]


def HASH(r, kind=None):
    return Lab(pw_hash(r, kind), "password_hash", fmt=kind)


# Session cookies ---------------------------------------------------------------------------

SESSION_NAMES = {"PHPSESSID", "JSESSIONID", "sessionid", "ASP.NET_SessionId", "laravel_session",
                 "connect.sid", "_gitlab_session", "SESSION", "session", "sid", "_session_id",
                 "__Secure-next-auth.session-token", "wordpress_logged_in_" }


def session_value(r, name):
    if name == "PHPSESSID":
        return rs(r, LOW + DIG, 26)
    if name == "JSESSIONID":
        return rs(r, "0123456789ABCDEF", 32) + r.choice(["", ".node1", ".worker2"])
    if name == "sessionid":
        return rs(r, LOW + DIG, 32)
    if name == "ASP.NET_SessionId":
        return rs(r, "abcdefghijklmnopqrstuvwxyz012345", 24)
    if name == "laravel_session":
        inner = json.dumps({"iv": b64(rbytes(r, 16)), "value": b64(rbytes(r, 48)), "mac": rs(r, HEX, 64), "tag": ""},
                           separators=(",", ":"))
        return urllib.parse.quote(b64(inner.encode()), safe="")
    if name == "connect.sid":
        return "s%3A" + rs(r, B64URL, 32) + "." + urllib.parse.quote(b64(rbytes(r, 32)).rstrip("="), safe="")
    if name == "_gitlab_session":
        return rs(r, HEX, 32)
    if name == "SESSION":
        u = uuid_str(r)
        return b64(u.encode())
    if name == "_session_id":
        return rs(r, HEX, 32)
    return rs(r, B64URL, 43)


def SESSION(r, name):
    return Lab(session_value(r, name), "session_cookie")


# --------------------------------------------------------------------------------------------
# Benign look-alikes (hard negatives)
# --------------------------------------------------------------------------------------------

def uuid_str(r):
    h = rs(r, HEX, 32)
    h = h[:12] + "4" + h[13:16] + r.choice("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def sha1(r):
    return rs(r, HEX, 40)


def sha256(r):
    return rs(r, HEX, 64)


def version(r):
    return r.choice([f"{r.randint(1, 9)}.{r.randint(0, 30)}.{r.randint(0, 20)}",
                     f"v{r.randint(1, 5)}.{r.randint(0, 12)}.{r.randint(0, 9)}",
                     f"{r.randint(1, 4)}.{r.randint(0, 9)}.{r.randint(0, 9)}-rc.{r.randint(1, 4)}"])


def traceparent(r):
    return f"00-{rs(r, HEX, 32)}-{rs(r, HEX, 16)}-01"


def integrity(r):
    return "sha512-" + b64(rbytes(r, 64))


def png_b64(r, n=120):
    raw = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + rbytes(r, n)
    return b64(raw)


def ssh_pub(r, comment="ci-deploy-2025"):
    raw = bytes.fromhex("0000000b7373682d6564323535313900000020") + rbytes(r, 32)
    return f"ssh-ed25519 {b64(raw)} {comment}"


def cert_pem(r):
    body = _lines(b64(bytes.fromhex("308203") + rbytes(r, 560)))
    return "\n".join(["-----BEGIN CERTIFICATE-----"] + body + ["-----END CERTIFICATE-----"])


def siret(r):
    while True:
        s = rdigits(r, 14)
        if luhn_ok(s):
            return f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}"


def luhn_bad_card(r):
    d = card_digits(r, "visa")
    bad = d[:-1] + str((int(d[-1]) + r.randint(1, 9)) % 10)
    assert not luhn_ok(bad)
    return bad

# --------------------------------------------------------------------------------------------
# Shared bits for templates
# --------------------------------------------------------------------------------------------

PRODUCTS = ["Helios edge gateway", "Cirrus VPN appliance", "Nimbus kiosk", "Orion badge controller",
            "Vega historian", "Atlas fleet tracker", "Lyra HSM admin console", "Pegase supervision server",
            "Sirius IP camera", "Castor PLC web panel"]
PUB_DOMAINS = ["acme-retail.com", "hemera-logistique.fr", "brightfield-analytics.com", "orbitale.io",
               "voyages-azur.fr", "kestrel-systems.de", "northgate-freight.com", "pharma-lumen.fr"]
NBSP = "\u00a0"
NNBSP = "\u202f"


def V(r):
    return Neg(version(r), "version")


def full_name(r, lang="fr"):
    f, l = person(r, lang)
    return f"{f} {l}"


def name_and_email(r, lang="fr", domain=None):
    f, l = person(r, lang)
    return f"{f} {l}", Lab(email_for(r, f, l, domain), "email_address")


# --------------------------------------------------------------------------------------------
# English prose: credentials written as sentences
# --------------------------------------------------------------------------------------------

def pe_apposition(r):
    return C("prose_en", "en",
             "While testing the ⟨prod⟩ I found that the maintenance account, `svcmaint`, password ⟨pw⟩, "
             "is identical on every unit shipped since firmware ⟨ver⟩. It cannot be disabled from the web UI.",
             prod=r.choice(PRODUCTS), pw=PW(r), ver=V(r))


def pe_value_first(r):
    return C("prose_en", "en",
             "⟨pw⟩ — that is the root password baked into the recovery image (tested on three units, "
             "serial numbers withheld).", pw=PW(r, r.choice(["mixed", "word"])))


def pe_passive_archive(r):
    return C("prose_en", "en",
             "The nightly export is protected, but only in name: the archive was encrypted with the password "
             "⟨pw⟩, and that password is printed in the README that sits next to it on the share.",
             pw=PW(r))


def pe_parentheses(r):
    return C("prose_en", "en",
             "Reproduction: log into the supplier portal as a low-privileged buyer (login `buyer-test`, "
             "pw ⟨pw⟩) and replay request #3 with another customer id.", pw=PW(r))


def pe_split_lines(r):
    return C("prose_en", "en",
             "The integration account is called `sync-ldap`.\nNobody rotated it after the migration. Its password, "
             "still valid this morning:\n\n    ⟨pw⟩\n\nPlease keep this report confidential.", pw=PW(r))


def pe_table(r):
    return C("pentest_report", "en",
             "Accounts that accepted their factory credentials during the assessment:\n\n"
             "| Device | Address | Account | Password |\n|---|---|---|---|\n"
             "| Line 2 PLC | ⟨ip1⟩ | admin | ⟨pw1⟩ |\n| Core switch | ⟨ip2⟩ | manager | ⟨pw2⟩ |\n"
             "| Camera NVR | ⟨ip3⟩ | supervisor | ⟨pw3⟩ |\n",
             ip1=IP(r), ip2=IP(r), ip3=IP(r), pw1=PW(r), pw2=PW(r), pw3=PW(r))


def pe_curly_quotes(r):
    return C("prose_en", "en",
             "The helpdesk macro tells users to sign in with “⟨pw⟩” after a reset, and the same string is "
             "accepted for every account I tried (3 of 3).", pw=PW(r, "word"))


def pe_dash(r):
    return C("prose_en", "en",
             "The credentials we were given for the retest — operator / ⟨pw⟩ — also open the production "
             "console, which was out of scope.", pw=PW(r))


def pe_typo(r):
    return C("chat", "en",
             "**Ethan Brennan** 10:14 AM\nfyi the passwrod for the kiosk admin mode is ⟨pw⟩ (it's on a post-it "
             "taped under the keyboard, photo withheld)", pw=PW(r))


def pe_caps(r):
    return C("prose_en", "en",
             "PASSWORD ⟨pw⟩ WORKS ON ALL BRANCH ROUTERS. The vendor support line confirmed it is set at the "
             "factory and never changed during installation.", pw=PW(r))


def pe_pin(r):
    return C("prose_en", "en",
             "The badge reader's installer menu opens with PIN ⟨pin⟩; from there I could enrol a new card "
             "without any other check.", pin=PIN(r))


def pe_passphrase(r):
    return C("prose_en", "en",
             "The release-signing key in the repository is encrypted, but its passphrase sits in the same folder, "
             "in notes.txt: ‘⟨pw⟩’.", pw=PW(r, "phrase"))


def pe_keystore(r):
    return C("prose_en", "en",
             "Both keystores use the same password (⟨pw⟩), so anyone with read access to /opt/gw/conf can "
             "extract the gateway's TLS private key.", pw=PW(r))


def pe_namely(r):
    return C("prose_en", "en",
             "New hires receive a welcome e-mail with a shared initial password, namely ⟨pw⟩, and the portal "
             "never forces a change at first login.", pw=PW(r, "word"))


def pe_enter_when(r):
    return C("prose_en", "en",
             "To reach the hidden engineering menu, press F2 five times and type ⟨pw⟩ when the console prompts "
             "for the service password.", pw=PW(r))


def pe_set_to(r):
    return C("prose_en", "en",
             "In build ⟨ver⟩ the firmware resets the Telnet password to ⟨pw⟩ on every factory reset, whatever "
             "the operator had chosen before.", ver=V(r), pw=PW(r))


def pe_bind(r):
    return C("prose_en", "en",
             "The directory connector binds as cn=svc-sync,ou=services,dc=hemera,dc=lan using ⟨pw⟩ as its "
             "bind password; the value is readable in the page source of the settings screen.", pw=PW(r))


def pe_inline_pair(r):
    return C("prose_en", "en",
             "Any account from the leaked list works. For instance `j.roussel:⟨pw⟩` still logs in to the "
             "partner extranet today.", pw=PW(r, urlsafe=True))


def pe_arrows(r):
    return C("prose_en", "en",
             "Backup agent service account → backup_svc, pass → ⟨pw⟩. Same value in the three regions.",
             pw=PW(r))


def pe_phone_call(r):
    return C("prose_en", "en",
             "Your support engineer read the admin password to me over the phone during the call on ⟨d⟩: "
             "it is ⟨pw⟩, all one word. I do not think that should happen without verifying who I am.",
             d=Neg(f"{r.randint(3, 28)} {r.choice(MONTHS)} 2025", "date_no_birth"), pw=PW(r, "word"))


def pe_wifi_phrase(r):
    phrase = r.choice(["seven orange kites over the harbour", "copper lantern in the quiet orchard",
                       "pelicans never file their taxes"]) + " " + str(r.randint(10, 99))
    return C("prose_en", "en",
             "The shop-floor Wi-Fi uses WPA2-PSK with the key \"⟨k⟩\", which is written on the whiteboard "
             "visible from the car park.", k=Lab(phrase, "password_assignment", fmt="phrase"))


def pe_stripe(r):
    return C("prose_en", "en",
             "The Android app bundles a live Stripe secret key, ⟨k⟩, in assets/config.json. Anyone who "
             "downloads the APK can issue refunds.", k=Lab(stripe_tok(r, "sk"), "stripe_key"))


def pe_aws(r):
    return C("prose_en", "en",
             "The page at /debug/vars prints the instance's AWS credentials: key id ⟨i⟩ and secret ⟨s⟩. "
             "I stopped after a single `sts get-caller-identity` call.",
             i=Lab(aws_id(r), "aws_access_key_id"), s=Lab(aws_secret(r), "aws_secret_key"))


def pe_github_layer(r):
    return C("prose_en", "en",
             "In the public Docker image, layer 7 still holds a GitHub token (⟨t⟩) with write access to the "
             "organisation's private repositories.", t=Lab(gh_token(r, "ghp"), "github_token"))


def pe_openai(r):
    return C("prose_en", "en",
             "The front-end calls the model provider straight from the browser, with ⟨k⟩ hard-coded in "
             "main.8f3a1c.js.", k=Lab(ai_key(r, r.choice(["openai_proj", "openai_legacy"])), "ai_api_key"))


def pe_webhook(r):
    return C("prose_en", "en",
             "A Slack incoming webhook is embedded in the support widget: ⟨h⟩ — anyone can post to your "
             "#alerts channel.", h=Lab(slack_hook(r), "slack_webhook"))


def pe_npmrc(r):
    return C("prose_en", "en",
             "The npm package @hemera/ui-kit@⟨ver⟩ shipped its .npmrc; the tarball contains "
             "`//registry.npmjs.org/:_authToken=⟨t⟩`.", ver=V(r), t=Lab(npm_tok(r), "npm_token"))


def pe_twilio(r):
    return C("prose_en", "en",
             "The staging `.env` served at /static/.env contains a SendGrid key (⟨sg⟩) and the Twilio "
             "credentials: account SID ⟨ac⟩, auth token ⟨tw⟩.",
             sg=Lab(sendgrid_tok(r), "sendgrid_key"), ac=Lab(twilio_ac(r), "twilio_key", optional=True),
             tw=Lab(rs(r, HEX, 32), "twilio_key", also=["password_assignment"]))


def pe_idor_us(r):
    f, l = person(r, "en")
    return C("prose_en", "en",
             "By changing the `customerId` parameter I could read other customers' profiles. One example: "
             "⟨n⟩, born on ⟨dob⟩, SSN ⟨ssn⟩, card ⟨card⟩, phone ⟨ph⟩, e-mail ⟨em⟩.",
             n=f"{f} {l}", dob=DOB(r, r.choice(["us", "en_long"])), ssn=NATID(r, "ssn"), card=CARD(r),
             ph=PHONE(r, "us"), em=Lab(email_for(r, f, l), "email_address"))


def pe_idor_uk(r):
    return C("prose_en", "en",
             "The claims portal returns the National Insurance number (⟨nino⟩), the bank account as an IBAN "
             "(⟨iban⟩) and the date of birth (⟨dob⟩) of any claimant whose reference you guess.",
             nino=NATID(r, "nino"), iban=IBAN(r, "GB"), dob=DOB(r, "uk_long"))


def pe_gcp_issue(r):
    return C("issue_comment", "en",
             "Found this in `deploy/terraform/credentials.json` on the `release-2.4` branch of your public mirror "
             "(still there as of today):\n\n```json\n⟨sa⟩\n```\n\nThe account has the Owner role on the project.",
             sa=GCP(r))


# --------------------------------------------------------------------------------------------
# French prose
# --------------------------------------------------------------------------------------------

def pf_apposition(r):
    return C("prose_fr", "fr",
             "Le compte de supervision, « nagios », mot de passe ⟨pw⟩, dispose des droits d'administration sur "
             "l'ensemble des automates de la ligne.", pw=PW(r))


def pf_value_first(r):
    return C("prose_fr", "fr",
             "⟨pw⟩" + NNBSP + ": voilà le mot de passe root de toutes les bornes de recharge que nous avons testées.",
             pw=PW(r, r.choice(["mixed", "word"])))


def pf_passive(r):
    return C("prose_fr", "fr",
             "Le compte « maintenance » est protégé par le mot de passe ⟨pw⟩ depuis l'installation, d'après la "
             "fiche de recette transmise par votre intégrateur.", pw=PW(r))


def pf_reset_sms(r):
    return C("prose_fr", "fr",
             "Le support a réinitialisé le mot de passe de mon compte en ⟨pw⟩ et l'a envoyé par SMS au "
             "⟨ph⟩, qui n'est pas mon numéro.", pw=PW(r, "word"), ph=PHONE(r, "fr"))


def pf_typo(r):
    return C("prose_fr", "fr",
             "On s'est connecté à l'interface avec le login opérateur et le mot de pass ⟨pw⟩ trouvé dans le "
             "manuel interne.", pw=PW(r))


def pf_sesame(r):
    return C("prose_fr", "fr",
             "Le sésame pour l'interface d'administration, c'est ⟨pw⟩ — il est écrit au feutre sur le boîtier.",
             pw=PW(r))


def pf_code_acces(r):
    return C("prose_fr", "fr",
             "Code d'accès du coffre à clés du local technique" + NBSP + ": ⟨pin⟩. Il ouvre aussi la baie "
             "réseau du deuxième étage.", pin=PIN(r))


def pf_split(r):
    return C("prose_fr", "fr",
             "L'utilisateur s'appelle svc_sauvegarde.\nSon mot de passe ? Le voici, en clair dans "
             "/etc/cron.d/backup" + NBSP + ":\n⟨pw⟩\nIl n'a pas changé depuis 2021.", pw=PW(r))


def pf_table(r):
    return C("pentest_report", "fr",
             "Comptes par défaut encore actifs :\n\n| Équipement | Compte | Mot de passe |\n|---|---|---|\n"
             "| Automate ligne 2 | admin | ⟨pw1⟩ |\n| Switch cœur | manager | ⟨pw2⟩ |\n"
             "| Enregistreur caméras | admin | ⟨pw3⟩ |\n", pw1=PW(r), pw2=PW(r), pw3=PW(r))


def pf_dicte(r):
    return C("prose_fr", "fr",
             "Le technicien nous a dicté le mot de passe (⟨pw⟩) au téléphone sans vérifier notre identité.",
             pw=PW(r, "word"))


def pf_two(r):
    return C("prose_fr", "fr",
             "Mot de passe BIOS" + NBSP + ": ⟨pw1⟩ ; mot de passe du disque chiffré" + NBSP + ": ⟨pw2⟩. Les deux "
             "sont identiques sur les 40 portables de la flotte.", pw1=PW(r), pw2=PW(r))


def pf_gpg(r):
    return C("prose_fr", "fr",
             "La phrase secrète de la clé GPG qui signe les mises à jour est « ⟨pw⟩ » ; elle figure dans le "
             "wiki accessible sans authentification.", pw=PW(r, "phrase"))


def pf_pin_card(r):
    return C("prose_fr", "fr",
             "Le code PIN de la carte à puce d'administration est ⟨pin⟩, noté au dos de la carte.", pin=PIN(r))


def pf_apk(r):
    return C("prose_fr", "fr",
             "Le mdp par défaut de l'appli mobile, qu'on retrouve en clair dans l'APK "
             "(res/values/strings.xml), est ⟨pw⟩.", pw=PW(r))


def pf_kickoff(r):
    return C("prose_fr", "fr",
             "Les identifiants remis au lancement de l'audit (compte audit01, mot de passe ⟨pw⟩) fonctionnent "
             "toujours sur la production, alors que la mission est close depuis six semaines.", pw=PW(r))


def pf_dapres(r):
    return C("prose_fr", "fr",
             "Le mot de passe de l'utilisateur sa est, d'après le fichier de déploiement, ⟨pw⟩.", pw=PW(r))


def pf_nnbsp(r):
    return C("prose_fr", "fr",
             "Accès à la console Wi-Fi" + NNBSP + ": identifiant « wifiadm », mot de passe" + NNBSP + ": ⟨pw⟩",
             pw=PW(r))


def pf_google(r):
    return C("prose_fr", "fr",
             "La clé Google Maps (⟨k⟩) est utilisable sans restriction de référent : je l'ai testée depuis un "
             "domaine tiers.", k=Lab(google_key(r), "google_api_key"))


def pf_gitlab(r):
    return C("prose_fr", "fr",
             "Dans le dépôt public, le fichier .gitlab-ci.yml contient un jeton d'accès personnel GitLab" + NBSP +
             ": ⟨t⟩. Il donne accès en écriture au groupe « usine-logicielle ».", t=Lab(gl_token(r), "gitlab_token"))


def pf_patient(r):
    return C("prose_fr", "fr",
             "En modifiant l'identifiant dans l'URL, on accède à la fiche d'un autre patient : M. Rémi Texier, "
             "né le ⟨dob⟩ à Quimper, n° de sécurité sociale ⟨nir⟩, téléphone ⟨ph⟩, IBAN de remboursement ⟨iban⟩.",
             **dict(zip(("dob", "nir"), DOB_NIR(r, "fr"))), ph=PHONE(r, "fr"), iban=IBAN(r, "FR"))


def pf_card_export(r):
    return C("prose_fr", "fr",
             "Le relevé exporté contient le numéro de carte complet de chaque client (par ex. ⟨c⟩, expiration "
             "09/27) alors que seuls les quatre derniers chiffres devraient apparaître.", c=CARD(r, style=0))


def pf_mdp_equals(r):
    return C("prose_fr", "fr",
             "MDP = ⟨pw⟩ pour tous les comptes créés par le script d'intégration des nouveaux arrivants, qui ne "
             "force pas le changement.", pw=PW(r, "word"))


def pf_hyphen(r):
    return C("prose_fr", "fr",
             "le mot-de-passe ⟨pw⟩ est encore accepté par l'API après la désactivation du compte.", pw=PW(r))


def pf_comme(r):
    return C("prose_fr", "fr",
             "En se connectant en tant que « comptable » avec ⟨pw⟩ comme mot de passe, on voit toutes les "
             "factures de toutes les agences.", pw=PW(r))


def pf_aws(r):
    return C("prose_fr", "fr",
             "La clé d'accès AWS ⟨i⟩ et son secret ⟨s⟩ apparaissent dans le code source de la page de connexion.",
             i=Lab(aws_id(r), "aws_access_key_id"), s=Lab(aws_secret(r), "aws_secret_key"))


def pf_wpa(r):
    phrase = r.choice(["la mouette rieuse du port", "trois chats sur le toit", "le phare de Sein brille"]) + \
        " " + str(r.randint(1900, 2024))
    return C("prose_fr", "fr",
             "La clé WPA du réseau de l'atelier est « ⟨k⟩ » (avec les espaces), affichée dans la salle de pause.",
             k=Lab(phrase, "password_assignment", fmt="phrase"))


def pf_foreign_ids(r):
    return C("prose_fr", "fr",
             "L'export RH contient aussi les salariés des filiales : numéro d'identification fiscale allemand "
             "⟨st⟩, DNI espagnol ⟨dni⟩, NIE ⟨nie⟩, codice fiscale ⟨cf⟩.",
             st=NATID(r, "steuer"), dni=NATID(r, "dni"), nie=NATID(r, "nie"), cf=NATID(r, "cf"))


def pf_slack(r):
    return C("prose_fr", "fr",
             "Le jeton Slack du bot de déploiement (⟨t⟩) s'affiche dans les journaux publics de la CI.",
             t=Lab(slack_tok(r, "xoxb"), "slack_token"))


def pf_anthropic(r):
    return C("prose_fr", "fr",
             "La clé d'API ⟨k⟩ est embarquée dans l'extension Chrome de l'assistant interne ; elle est visible "
             "dans background.js.", k=Lab(ai_key(r, "anthropic"), "ai_api_key"))


def pf_pypi(r):
    return C("prose_fr", "fr",
             "Le dépôt contient un fichier .pypirc versionné avec un jeton de publication PyPI" + NBSP +
             ": ⟨t⟩. Un tiers pourrait publier une version piégée du paquet.", t=Lab(pypi_tok(r), "pypi_token"))


def pf_private_key(r):
    return C("prose_fr", "fr",
             "Le répertoire /sauvegardes/ est listable et contient la clé privée SSH du compte de déploiement. "
             "Début et fin du fichier, pour que vous puissiez l'identifier :\n\n⟨k⟩\n\nJe n'ai pas utilisé la clé.",
             k=KEY(r, r.choice(["openssh", "rsa"])))


# --------------------------------------------------------------------------------------------
# Chat transcripts
# --------------------------------------------------------------------------------------------

def ch_whatsapp_nas(r):
    return C("chat", "fr",
             "[12/03/2025, 09:14:22] Karim Benali: t'as le mdp du NAS ?\n[12/03/2025, 09:15:03] Julie Morel: ⟨pw⟩\n"
             "[12/03/2025, 09:15:10] Julie Morel: supprime après stp 🙏\n[12/03/2025, 09:15:41] Karim Benali: 👍 merci",
             pw=PW(r))


def ch_teams_fr(r):
    return C("chat", "fr",
             "Marc Dubreuil  10:42\nle mot de passe c'est ⟨pw⟩ mais change-le après ta première connexion\n\n"
             "Sophie Leclerc  10:43\nok c'est bon ça marche 👌", pw=PW(r, "word"))


def ch_mattermost(r):
    return C("chat", "en",
             "@channel new staging creds for the load test: user `qa-bot`, pwd ⟨pw⟩ — please don't paste them "
             "in Jira 🙃", pw=PW(r))


def ch_slack_grafana(r):
    return C("chat", "en",
             "**Tom Fletcher** 3:12 PM\npw for the grafana admin is ⟨pw⟩ fyi, @Priya needs it for the dashboard "
             "migration", pw=PW(r))


def ch_slack_bot(r):
    return C("chat", "en",
             "**Megan Quinn** 11:07 AM\nhere's the bot token if you need it for the script: ⟨t⟩\n"
             "**Megan Quinn** 11:07 AM\nand the socket-mode one ⟨t2⟩\n**Ryan Sato** 11:09 AM\nthx! :tada:",
             t=Lab(slack_tok(r, "xoxb"), "slack_token"), t2=Lab(slack_tok(r, "xapp"), "slack_token"))


def ch_discord_pi(r):
    return C("chat", "en",
             "Wesley — Today at 18:22\nok so the box is at ⟨ip⟩, ssh in as `pi` w/ ⟨pw⟩\n"
             "Wesley — Today at 18:23\ndon't judge me 😅", ip=IP(r, net="192"), pw=PW(r))


def ch_teams_sas(r):
    acct = r.choice(["stexportsrh", "sauvegardeerp", "stpartagefinance"])
    return C("chat", "fr",
             "[14:05] Gaëlle Hoarau\nVoici le lien de partage de l'export : https://⟨a⟩.blob.core.windows.net/"
             "exports/salaries-2025.xlsx?⟨sas⟩\n[14:06] Benoît Caron\nmerci, je télécharge 👍",
             a=acct, sas=Lab(sas_token(r, "blob"), "azure_sas_token"))


def ch_whatsapp_client(r):
    return C("chat", "fr",
             "[03/02/2025 18:47] Inès: le numéro du client qui a appelé c'est le ⟨ph⟩, il s'appelle M. Vasseur\n"
             "[03/02/2025 18:48] Inès: et son mail ⟨em⟩\n[03/02/2025 18:48] Inès: il veut être rappelé demain 📞",
             ph=PHONE(r, "fr"), em=EMAIL(r))


def ch_slack_jwt(r):
    return C("chat", "en",
             "**Caleb Reyes** 9:58 AM\nif you want to repro, this token is still valid for an hour:\n```\n⟨t⟩\n```",
             t=Lab(jwt_tok(r, {"role": "admin", "tenant": "eu-2"}), "jwt"))


def ch_mm_wifi(r):
    return C("chat", "fr",
             "**yannick.roux** — 16:20\nmdp wifi invités : ⟨pw⟩ (il change lundi)\n**celine.faure** — 16:21\n🙏",
             pw=PW(r, "word"))


def ch_slack_split(r):
    return C("chat", "en",
             "**Noor Patel** 2:01 PM\nthe db user is `reporting_ro`\n**Noor Patel** 2:01 PM\nand the pass\n"
             "**Noor Patel** 2:02 PM\n⟨pw⟩\n**Noor Patel** 2:02 PM\n(read-only, don't worry)", pw=PW(r))


def ch_irc(r):
    return C("chat", "fr",
             "<kevin> quelqu'un a le pass du compte root de la préprod ?\n<amelie> kevin: ⟨pw⟩\n"
             "<amelie> et tu le changes après\n<kevin> merci ❤️", pw=PW(r))


def ch_whatsapp_iban(r):
    return C("chat", "en",
             "[21/01/2025, 13:02:11] Fiona: can you pay the contractor today? IBAN ⟨iban⟩, name Achterberg Consulting\n"
             "[21/01/2025, 13:05:40] Daniel: done ✅", iban=IBAN(r, r.choice(["NL", "GB", "IE"])))


def ch_slack_gitlab(r):
    return C("chat", "fr",
             "**Chloé Faure** 17:45\nj'ai mis mon token dans le script, à retirer avant le commit 🙈\n```\n"
             "export GITLAB_TOKEN=⟨t⟩\n```", t=Lab(gl_token(r), "gitlab_token"))


def ch_keepass(r):
    return C("chat", "fr",
             "Hélène Mercier 09:12\nPour le coffre KeePass de l'équipe, phrase maîtresse : ⟨pw⟩\n"
             "Hélène Mercier 09:12\nJe la range dans le coffre ensuite 😉", pw=PW(r, "phrase"))


def ch_maps_phone(r):
    return C("chat", "en",
             "**Aisha Okafor** 1:47 PM\nsupport asked me to call the customer back at ⟨ph⟩; also their "
             "integration still uses our old Maps key ⟨k⟩ 🤦", ph=PHONE(r, r.choice(["uk", "us"])),
             k=Lab(google_key(r), "google_api_key"))


def ch_ci_bot(r):
    return C("chat", "en",
             "**ci-bot** 02:13\n:x: Deploy failed: could not connect to ⟨c⟩@⟨h⟩:5432/orders (timeout)",
             c=Lab(f"postgresql://orders_rw:{password(r, urlsafe=True)}", "connection_string",
                   also=["url_credentials", "password_assignment"]),
             h=HOST(r, optional=True))


def ch_alarm(r):
    return C("chat", "fr",
             "[08/04/2025, 07:55] Loïc: le code de l'alarme du site de Vannes c'est ⟨pin⟩\n"
             "[08/04/2025, 07:56] Loïc: ne le partage pas 🙏", pin=PIN(r, 6))


def ch_ai_public(r):
    return C("chat", "en",
             "**Irene Lindqvist** 4:40 PM\ncan someone rotate ⟨k⟩? I pasted it in #random by mistake 😬",
             k=Lab(ai_key(r, "openai_proj"), "ai_api_key"))


def ch_teams_dossier(r):
    return C("chat", "fr",
             "Anaïs Boyer 11:20\nPour le dossier de M. Garnier : né le ⟨dob⟩, n° SS ⟨nir⟩, je t'envoie le reste "
             "par mail ✉️", **dict(zip(("dob", "nir"), DOB_NIR(r, "fr"))))


def ch_discord_npm(r):
    return C("chat", "fr",
             "Rémi — Aujourd'hui à 21:04\nle token npm de l'orga c'est ⟨t⟩, je l'ai mis dans le .npmrc du runner",
             t=Lab(npm_tok(r), "npm_token"))


def ch_stripe_rk(r):
    return C("chat", "fr",
             "**Mehdi Benali** 15:31\nla clé restreinte Stripe pour le reporting : ⟨k⟩\n**Nadia Roux** 15:32\nreçu ✔️",
             k=Lab(stripe_tok(r, "rk"), "stripe_key"))


def ch_key_paste(r):
    return C("chat", "en",
             "**Daniel Murray** 6:02 PM\nhere's the deploy key for the bastion, I'll delete it after\n```\n⟨k⟩\n```",
             k=KEY(r, "openssh"))


def ch_webhook_fr(r):
    return C("chat", "fr",
             "Gaëlle — Hier à 22:10\nl'URL du webhook pour les alertes Grafana : ⟨h⟩ 🚨",
             h=Lab(slack_hook(r), "slack_webhook"))


# --------------------------------------------------------------------------------------------
# E-mails
# --------------------------------------------------------------------------------------------

def em_forward_vpn(r):
    n, e1 = name_and_email(r, "fr", r.choice(["groupe-hemera.fr", "mairie-pontivy.fr"]))
    return C("email", "fr",
             "-------- Message transféré --------\nDe" + NBSP + ": ⟨n⟩ <⟨e1⟩>\nEnvoyé" + NBSP + ": mardi 4 mars 2025 10:12\n"
             "À" + NBSP + ": ⟨e2⟩\nObjet" + NBSP + ": Vos accès VPN\n\nBonjour,\n\nVoici vos accès au VPN nomade : identifiant "
             "smarchand, mot de passe provisoire ⟨pw⟩.\nMerci de le modifier à la première connexion.\n\nCordialement,\n"
             "⟨n2⟩\nService informatique — ⟨ph⟩",
             n=n, e1=e1, e2=EMAIL(r), pw=PW(r), n2=n, ph=PHONE(r, "fr"))


def em_quoted_sftp(r):
    n, e = name_and_email(r, "en")
    return C("email", "en",
             "Thanks ⟨f⟩ — and here it is, sorry for the delay: ⟨pw⟩\n\nBest,\nHannah\n\n"
             "On Tue, 11 Feb 2025 at 16:03, ⟨n⟩ <⟨e⟩> wrote:\n> Hi,\n> the SFTP account for the data drop is "
             "`acme_drop`.\n> The password will follow in a separate e-mail.\n",
             f=n.split()[0], pw=PW(r), n=n, e=e)


def em_html_fr(r):
    return C("email", "fr",
             "<p>Bonjour,</p>\n<p>Votre mot de passe temporaire est&nbsp;: <strong>⟨pw⟩</strong></p>\n"
             "<p>Il expire dans 24&nbsp;heures.</p>\n<p>— L'équipe support, ⟨ph⟩</p>",
             pw=PW(r), ph=PHONE(r, "fr"))


def em_html_en(r):
    n = full_name(r, "en")
    return C("email", "en",
             "<div dir=\"ltr\">Hi team,<br>The mail API key for the staging tenant is <code>⟨k⟩</code>.<br>"
             "Please don't forward.<br><br>--<br>⟨n⟩ | ⟨ph⟩</div>",
             k=Lab(sendgrid_tok(r), "sendgrid_key"), n=n, ph=PHONE(r, "uk"))


def em_outlook_conn(r):
    n, e = name_and_email(r, "fr", "thalesgroup.com")
    pw = password(r)
    return C("email", "fr",
             "-----Message d'origine-----\nDe" + NBSP + ": ⟨n⟩ [mailto:⟨e⟩]\nEnvoyé" + NBSP + ": vendredi 17 janvier 2025 08:47\n"
             "À" + NBSP + ": ⟨e2⟩\nCc" + NBSP + ": ⟨e3⟩\nObjet" + NBSP + ": RE: accès base de recette\n\nLa chaîne de connexion est "
             "la suivante :\nServer=⟨h⟩,1433;Database=Recette;User Id=recette_app;Password=⟨pw⟩;TrustServerCertificate=True\n\n"
             "Bonne journée,\n⟨n2⟩",
             n=n, e=e, e2=EMAIL(r), e3=EMAIL(r), h=HOST(r, optional=True),
             pw=Lab(pw, "connection_string", also=["password_assignment", "url_credentials"]), n2=n)


def em_refund(r):
    n, e = name_and_email(r, "en", r.choice(["gmail.com", "icloud.com", "hotmail.com"]))
    return C("email", "en",
             "---------- Forwarded message ---------\nFrom: ⟨n⟩ <⟨e⟩>\nDate: Mon, 3 Mar 2025 at 09:14\n"
             "Subject: Refund request\nTo: <⟨e2⟩>\n\nPlease refund order 88213 to my card ⟨c⟩ (exp 11/27). My date "
             "of birth is ⟨dob⟩ if you need to verify it.\n\nThanks,\n⟨n2⟩",
             n=n, e=e, e2=EMAIL(r, "en", "northgate-freight.com"), c=CARD(r), dob=DOB(r, "uk_long"), n2=n)


def em_to_psirt(r):
    rep = r.choice(REPORTERS)
    return C("email", "fr",
             "De" + NBSP + ": ⟨rep⟩\nÀ" + NBSP + ": ⟨ps⟩\nObjet" + NBSP + ": Vulnérabilité — identifiants codés en dur\n\nBonjour,\n\n"
             "Le firmware ⟨v⟩ du boîtier contient un compte caché « factory » dont le mot de passe est ⟨pw⟩ ; il "
             "ouvre une session SSH avec les droits root. Je reste disponible au ⟨ph⟩.\n\nCordialement",
             reporter=rep, rep=Neg(rep, "reporter_email"), ps=Neg("psirt@thalesgroup.com", "psirt_email"),
             v=V(r), pw=PW(r), ph=PHONE(r, "fr"))


def em_db_leak(r):
    rows = []
    slots = {}
    for i in range(3):
        slots[f"e{i}"] = EMAIL(r, r.choice(["fr", "en"]))
        slots[f"h{i}"] = HASH(r, "bcrypt")
        rows.append(f"    {1041 + i * 17} | ⟨e{i}⟩ | ⟨h{i}⟩")
    return C("email", "en",
             "Hello PSIRT,\n\nAttached is a three-row excerpt of the backup that your CDN serves publicly; I did "
             "not try to crack anything and deleted my copy.\n\n    id   | email | password_hash\n"
             + "\n".join(rows) + "\n\nRegards", **slots)


def em_pypi(r):
    return C("email", "fr",
             "Objet" + NBSP + ": Publication du paquet\n\nSalut,\n\nvoici le jeton pour publier sur PyPI, à mettre dans "
             "ton ~/.pypirc : ⟨t⟩\n\nOn le révoquera après la release ⟨v⟩.\n\nFrançois",
             t=Lab(pypi_tok(r), "pypi_token"), v=V(r))


def em_thales_thread(r):
    n1, e1 = name_and_email(r, "fr", "thalesgroup.com")
    return C("email", "fr",
             "De" + NBSP + ": ⟨n1⟩ <⟨e1⟩>\nEnvoyé" + NBSP + ": lundi 10 février 2025 17:02\nÀ" + NBSP + ": ⟨e2⟩\nObjet" + NBSP +
             ": TR: compte de service\n\nPour info, le compte svc-etl a pour mot de passe ⟨pw⟩, je l'ai retrouvé "
             "dans le script d'import. Peux-tu le faire changer ?\n\n⟨n2⟩",
             n1=n1, e1=e1, e2=EMAIL(r, "fr", "thalesgroup.com"), pw=PW(r), n2=n1)


def em_reply_key(r):
    rep = r.choice(REPORTERS)
    return C("email", "en",
             "From: ⟨rep⟩\nTo: ⟨ps⟩\nSubject: Re: [PSIRT-2025-0142] additional evidence\n\nAs requested, the AWS "
             "key pair recovered from the mobile app (base.apk → assets/aws.json):\n\n  accessKeyId: ⟨i⟩\n  "
             "secretAccessKey: ⟨s⟩\n\nBoth were still active on ⟨d⟩.",
             reporter=rep, rep=Neg(rep, "reporter_email"), ps=Neg("psirt@thalesgroup.com", "psirt_email"),
             i=Lab(aws_id(r), "aws_access_key_id"), s=Lab(aws_secret(r), "aws_secret_key", also=["password_assignment"]),
             d=Neg("2025-03-02", "date_no_birth"))


def em_sa_json(r):
    return C("email", "fr",
             "Bonjour,\n\nComme convenu, voici le fichier de compte de service pour l'export BigQuery (à ne pas "
             "diffuser) :\n\n⟨sa⟩\n\nBonne réception,\nJérôme", sa=GCP(r))


# --------------------------------------------------------------------------------------------
# Issue / PR comments, tickets, pentest reports
# --------------------------------------------------------------------------------------------

def ic_docker_run(r):
    return C("issue_comment", "en",
             "### Steps to reproduce\n\n1. `docker run -d -p 8443:8443 -e ADMIN_PASSWORD=⟨pw⟩ -e LICENSE_MODE=trial "
             "hemera/console:⟨v⟩`\n2. Open https://localhost:8443 and log in as admin\n3. Go to *Settings → "
             "Backup* and click **Export**\n\n### Environment\n- OS: Ubuntu 22.04\n- Docker: ⟨v2⟩",
             pw=PW(r), v=V(r), v2=V(r))


def ic_suggestion(r):
    return C("issue_comment", "en",
             "```suggestion\n  maps_api_key: \"${GOOGLE_MAPS_KEY}\"\n```\n@priya-k the line you are replacing "
             "(`maps_api_key: \"⟨k⟩\"`) is already in the history, so please revoke the key as well.",
             k=Lab(google_key(r), "google_api_key"))


def ic_gitlab_job(r):
    return C("issue_comment", "fr",
             "@devops le job #⟨n⟩ affiche le jeton de déploiement en clair :\n```\n$ echo ⟨var⟩\n⟨t⟩\n```\nMerci de "
             "masquer la variable dans les paramètres CI/CD.",
             n=str(r.randint(40000, 99999)), var=Neg("$CI_DEPLOY_TOKEN", "placeholder"),
             t=Lab(gl_token(r, "gldt"), "gitlab_token"))


def ic_error_url(r):
    return C("issue_comment", "fr",
             "**Description du bug**\nQuand la connexion à la base échoue, le message d'erreur affiche l'URL "
             "complète : `⟨c⟩@⟨h⟩:5432/factu`.\n\n**Version** : ⟨v⟩",
             c=Lab(f"postgres://factu:{password(r, urlsafe=True)}", "connection_string",
                   also=["url_credentials", "password_assignment"]), h=HOST(r, optional=True), v=V(r))


def ic_actions_npm(r):
    return C("issue_comment", "en",
             "The publish step prints the generated .npmrc when it fails:\n\n```\nRun npm publish --access public\n"
             "npm notice Publishing to https://registry.npmjs.org/ with tag latest\nnpm error code E403\n"
             "npm error 403 Forbidden - PUT https://registry.npmjs.org/@orbitale%2fsdk\n+ cat ~/.npmrc\n"
             "//registry.npmjs.org/:_authToken=⟨t⟩\n```", t=Lab(npm_tok(r), "npm_token"))


def ic_diff_webhook(r):
    return C("issue_comment", "en",
             "```diff\n- SLACK_WEBHOOK=⟨h⟩\n+ SLACK_WEBHOOK=${{ secrets.SLACK_WEBHOOK }}\n```\nLGTM once the old "
             "webhook is regenerated.", h=Lab(slack_hook(r), "slack_webhook"))


def ic_smtp_field(r):
    return C("issue_comment", "en",
             "The `/api/v2/settings/mail` endpoint returns the `smtp_password` field (`⟨pw⟩` on our test instance) "
             "to any authenticated user, including read-only ones.", pw=PW(r))


def ic_jdbc_trace(r):
    pw = password(r)
    return C("issue_comment", "en",
             "Crash on startup after upgrading to ⟨v⟩:\n\n```\norg.postgresql.util.PSQLException: FATAL: password "
             "authentication failed for user \"billing\"\n\tat org.postgresql.core.v3.ConnectionFactoryImpl."
             "doAuthentication(ConnectionFactoryImpl.java:693)\nCaused by: connection refused for "
             "jdbc:postgresql://⟨ip⟩:5432/billing?user=billing&password=⟨pw⟩&ssl=false\n```",
             v=V(r), ip=IP(r, optional=True),
             pw=Lab(pw, "connection_string", also=["password_assignment", "url_credentials"]))


def ic_sas_config(r):
    return C("issue_comment", "fr",
             "Attention, la PR ajoute `config/prod.json` avec une vraie chaîne Azure :\n\n```json\n"
             "\"Storage\": \"⟨c⟩\"\n```\nÀ régénérer côté portail avant de fusionner.",
             c=Lab(azure_storage_conn(r), "azure_connection_string", also=["connection_string"]))


def ic_twilio_yaml(r):
    return C("issue_comment", "en",
             "Your sample `notify.yml` in the wiki is not a sample:\n\n```yaml\ntwilio:\n  account_sid: ⟨ac⟩\n"
             "  api_key: ⟨sk⟩\n  api_secret: ⟨sec⟩\n```", ac=Lab(twilio_ac(r), "twilio_key", optional=True),
             sk=Lab(twilio_sk(r), "twilio_key"), sec=Lab(rs(r, ALNUM, 32), "twilio_key", also=["password_assignment"]))


def tk_servicenow_fr(r):
    n, e = name_and_email(r, "fr")
    return C("ticket", "fr",
             "Numéro" + NBSP + ": INC00⟨num⟩\nPriorité" + NBSP + ": 2 - Élevée\nDemandeur" + NBSP + ": ⟨n⟩ (⟨e⟩, ⟨ph⟩)\n"
             "Description" + NBSP + ": L'utilisateur n'arrive plus à se connecter à l'ERP. Mot de passe temporaire "
             "communiqué par téléphone" + NBSP + ": ⟨pw⟩\nNotes de travail" + NBSP + ": compte déverrouillé sur ⟨h⟩.",
             num=rdigits(r, 5), n=n, e=e, ph=PHONE(r, "fr"), pw=PW(r), h=HOST(r))


def tk_jira_markup(r):
    return C("ticket", "fr",
             "h3. Étapes pour reproduire\n# Se connecter avec {{admin}} / {{⟨pw⟩}}\n# Aller dans _Paramètres > "
             "Sauvegardes_\n# Cliquer sur *Exporter* : l'archive contient la base clients en clair.\n\nh3. Version\n"
             "⟨v⟩", pw=PW(r), v=V(r))


def tk_jira_en(r):
    return C("ticket", "en",
             "*Summary:* Prod DB credentials exposed on a Confluence page\n*Description:* The page \"Backend "
             "onboarding\" lists {{DB_URL=⟨c⟩@⟨h⟩:3306/billing}} and is visible to all contractors.\n"
             "*Priority:* Highest", c=Lab(f"mysql://billing_app:{password(r, urlsafe=True)}", "connection_string",
                                           also=["url_credentials", "password_assignment"]),
             h=HOST(r, optional=True))


def tk_snow_en(r):
    n, e = name_and_email(r, "en")
    return C("ticket", "en",
             "Short description: Reset MFA for contractor\nCaller: ⟨n⟩ <⟨e⟩>\nWork notes: identity checked with "
             "date of birth ⟨dob⟩; the caller also read out the full SSN (⟨ssn⟩), which should not be stored in "
             "this field.\nState: Resolved", n=n, e=e, dob=DOB(r, "us"), ssn=NATID(r, "ssn"))


def tk_jira_hash(r):
    return C("ticket", "en",
             "*Attachment:* users_2025-02.sql.gz (exposed on the public bucket)\nSample row, to help you find the "
             "table: `42 | admin | ⟨h⟩ | 2024-11-03`", h=HASH(r, r.choice(["bcrypt", "django", "argon2"])))


def tk_jira_fr_table(r):
    return C("ticket", "fr",
             "||Serveur||Compte||Mot de passe||\n|⟨h1⟩|root|⟨pw1⟩|\n|⟨h2⟩|oracle|⟨pw2⟩|\n\nCes comptes sont "
             "partagés par toute l'équipe d'exploitation.", h1=HOST(r), pw1=PW(r), h2=HOST(r), pw2=PW(r))


def tk_snow_card(r):
    return C("ticket", "fr",
             "Incident" + NBSP + ": le client a dicté son numéro de carte dans le chat du site (⟨c⟩, cryptogramme "
             "masqué par nos soins) ; le transcript est conservé dans l'outil de support.\nCatégorie" + NBSP + ": RGPD",
             c=CARD(r, style=1))


def pr_db_properties(r):
    return C("pentest_report", "en",
             "## 4.2 Hard-coded database credentials (High)\n\n**Affected asset:** ⟨h⟩\n**CVSS:** ⟨cv⟩\n\n"
             "The file `/opt/app/conf/db.properties` is world-readable and contains:\n\n```properties\n"
             "db.url=jdbc:postgresql://⟨h2⟩:5432/erp\ndb.user=erp_app\ndb.password=⟨pw⟩\n```\n\n"
             "**Recommendation:** move the secret to the vault and rotate it.",
             h=HOST(r), cv=Neg("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N", "cvss"), h2=HOST(r), pw=PW(r))


def pr_ntds_fr(r):
    return C("pentest_report", "fr",
             "### Constat n° 7 — Mots de passe faibles dans l'annuaire\n\nLe cassage hors ligne des empreintes "
             "extraites de NTDS.dit a permis de retrouver 412 mots de passe en moins d'une heure. Extrait :\n\n"
             "| Compte | Empreinte NT | Mot de passe retrouvé |\n|---|---|---|\n| svc_sql | ⟨n1⟩ | ⟨p1⟩ |\n"
             "| j.caron | ⟨n2⟩ | ⟨p2⟩ |\n",
             n1=HASH(r, "ntlm"), p1=PW(r, "word"), n2=HASH(r, "ntlm"), p2=PW(r, "word"))


def pr_secretsdump(r):
    lm = "aad3b435b51404eeaad3b435b51404ee"
    return C("pentest_report", "en",
             "Domain hashes dumped from the backup DC (truncated):\n\n```\nAdministrator:500:⟨lm1⟩:⟨h1⟩:::\n"
             "krbtgt:502:⟨lm2⟩:⟨h2⟩:::\nsvc_backup:1107:⟨lm3⟩:⟨h3⟩:::\n```",
             lm1=Neg(lm, "hash_not_password"), lm2=Neg(lm, "hash_not_password"), lm3=Neg(lm, "hash_not_password"),
             h1=HASH(r, "ntlm"), h2=HASH(r, "ntlm"), h3=HASH(r, "ntlm"))


def pr_jwt_secret(r):
    sec = password(r, "word")
    return C("pentest_report", "fr",
             "Le jeton de session est un JWT signé en HS256 avec la clé « ⟨k⟩ », retrouvée avec hashcat en quatre "
             "minutes. Jeton forgé avec le rôle administrateur :\n\n```\n⟨t⟩\n```",
             k=Lab(sec, "password_assignment"), t=Lab(jwt_tok(r, {"role": "administrateur"}, "HS256"), "jwt"))


def pr_js_bundle(r):
    return C("pentest_report", "en",
             "### Finding 3 — Cloud keys in the JavaScript bundle\n\n`/static/js/app.4f1c2.js` (line 1, column "
             "88412) contains:\n\n```js\nconst s3 = new S3({ accessKeyId: \"⟨i⟩\", secretAccessKey: \"⟨s⟩\", "
             "region: \"eu-west-3\" });\n```",
             i=Lab(aws_id(r), "aws_access_key_id"), s=Lab(aws_secret(r), "aws_secret_key", also=["password_assignment"]))


def pr_ssrf_metadata(r):
    return C("pentest_report", "fr",
             "La SSRF permet d'interroger le service de métadonnées de l'instance :\n\n```json\n{\n  \"Code\" : "
             "\"Success\",\n  \"Type\" : \"AWS-HMAC\",\n  \"AccessKeyId\" : \"⟨i⟩\",\n  \"SecretAccessKey\" : \"⟨s⟩\",\n"
             "  \"Token\" : \"⟨tok⟩\",\n  \"Expiration\" : \"2025-04-02T18:31:07Z\"\n}\n```",
             i=Lab(aws_id(r, "ASIA"), "aws_access_key_id"), s=Lab(aws_secret(r), "aws_secret_key", also=["password_assignment"]),
             tok=Neg("<tronqué>", "placeholder"))


def pr_id_rsa(r):
    return C("pentest_report", "en",
             "`GET /backup/id_rsa` returned HTTP 200 with:\n\n```\n⟨k⟩\n```\n\nThe matching public key is in "
             "`authorized_keys` of the `deploy` user on ⟨h⟩.", k=KEY(r, "rsa"), h=HOST(r))


def pr_sendgrid(r):
    return C("pentest_report", "fr",
             "#### V-12 — Clé d'API d'envoi de courriels exposée\n\nLa réponse de `/api/config` contient "
             "`\"mailer\": {\"provider\": \"sendgrid\", \"key\": \"⟨k⟩\"}`. Elle permet d'envoyer des courriels au nom "
             "du domaine.", k=Lab(sendgrid_tok(r), "sendgrid_key"))


def pr_htpasswd(r):
    return C("pentest_report", "en",
             "The `.htpasswd` protecting `/admin` is itself downloadable:\n\n```\nadmin:⟨h1⟩\nops:⟨h2⟩\n```",
             h1=HASH(r, "apr1"), h2=HASH(r, "bcrypt"))

# --------------------------------------------------------------------------------------------
# HTTP captures and command lines
# --------------------------------------------------------------------------------------------

def basic_value(r, user=None):
    user = user or r.choice(["admin", "svc-export", "api_user", "deploy", "j.marchand", "integration"])
    return b64(f"{user}:{password(r)}".encode())


def hr_basic(r):
    return C("http_request", "en",
             "POST /api/v1/export HTTP/1.1\r\nHost: ⟨h⟩\r\nAuthorization: Basic ⟨b⟩\r\nContent-Type: "
             "application/json\r\nX-Request-Id: ⟨u⟩\r\n\r\n{\"from\":\"2025-01-01\",\"format\":\"csv\"}",
             h=HOST(r), b=Lab(basic_value(r), "authorization_header"), u=Neg(uuid_str(r), "uuid"))


def hr_bearer_cookies(r):
    return C("http_request", "en",
             "GET /admin/users?page=2 HTTP/2\nHost: portal.⟨d⟩\nAuthorization: Bearer ⟨t⟩\nCookie: _ga=⟨ga⟩; "
             "sessionid=⟨sid⟩; lang=en; theme=dark\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\n"
             "traceparent: ⟨tp⟩",
             d=r.choice(PUB_DOMAINS), t=Lab(rs(r, B64URL, r.choice([40, 48, 64])), "authorization_header"),
             ga=Neg(f"GA1.2.{rdigits(r, 10)}.{rdigits(r, 10)}", "non_session_cookie"), sid=SESSION(r, "sessionid"),
             tp=Neg(traceparent(r), "traceparent"))


def hr_session(r):
    name = r.choice(["PHPSESSID", "JSESSIONID", "sessionid", "ASP.NET_SessionId", "_gitlab_session", "connect.sid"])
    return C("http_request", "en",
             "GET /account/invoices/2025-03.pdf HTTP/1.1\nHost: clients.⟨d⟩\nCookie: lang=fr; ⟨n⟩=⟨s⟩; _gid=⟨gid⟩\n"
             "Accept: application/pdf\nReferer: https://clients.⟨d2⟩/account",
             d=(dd := r.choice(PUB_DOMAINS)), d2=dd, n=name, s=SESSION(r, name),
             gid=Neg(f"GA1.2.{rdigits(r, 9)}.{rdigits(r, 10)}", "non_session_cookie"))


def hr_form_login(r):
    raw = password(r, "symstart") + "@" + str(r.randint(1, 99))
    enc = urllib.parse.quote(raw, safe="")
    if enc == raw:
        raw, enc = raw + "!x", urllib.parse.quote(raw + "!x", safe="")
    f, l = person(r, "fr")
    em = email_for(r, f, l, "gmail.com")
    return C("http_request", "fr",
             "POST /connexion HTTP/1.1\nHost: extranet.⟨d⟩\nContent-Type: application/x-www-form-urlencoded\n"
             "Content-Length: 87\n\nidentifiant=⟨e⟩&mot_de_passe=⟨p⟩&se_souvenir=1",
             d=r.choice(PUB_DOMAINS),
             e=Lab(urllib.parse.quote(em, safe=""), "email_address", encoding="url", inner=em),
             p=Lab(enc, "password_assignment", encoding="url", inner=raw))


def hr_json_login(r):
    return C("http_request", "fr",
             "Requête d'authentification capturée sur le réseau de l'atelier (HTTP en clair) :\n\nPOST /api/auth/login HTTP/1.1\nHost: ⟨ip⟩:8443\nContent-Type: application/json\n\n"
             "{\"login\": \"operator\", \"password\": \"⟨pw⟩\", \"otp\": null}",
             ip=IP(r), pw=PW(r, r.choice(["mixed", "symstart"])))


def hr_set_cookie(r):
    name = r.choice(["PHPSESSID", "laravel_session", "SESSION", "JSESSIONID"])
    return C("http_response", "en",
             "HTTP/1.1 302 Found\nDate: Tue, 18 Mar 2025 09:41:07 GMT\nSet-Cookie: ⟨n⟩=⟨s⟩; Path=/; HttpOnly; "
             "SameSite=Lax\nSet-Cookie: lang=fr; Path=/; Max-Age=31536000\nLocation: /dashboard",
             n=name, s=SESSION(r, name))


def hr_token_response(r):
    f, l = person(r, "en")
    return C("http_response", "en",
             "HTTP/1.1 200 OK\nContent-Type: application/json\nCache-Control: no-store\n\n{\n  \"access_token\": "
             "\"⟨a⟩\",\n  \"token_type\": \"Bearer\",\n  \"expires_in\": 3600,\n  \"refresh_token\": \"⟨rt⟩\",\n  \"id_token\": \"⟨it⟩\",\n"
             "  \"scope\": \"openid profile email\"\n}",
             a=Lab(jwt_tok(r, {"email_verified": True, "scope": "openid"}), "jwt"),
             rt=Lab(rs(r, B64URL, 54), "password_assignment"),
             it=Lab(jwt_tok(r, {"name": f"{f} {l}", "email": email_for(r, f, l)}, "RS256"), "jwt"))


def hr_idor_fr(r):
    f, l = person(r, "fr")
    return C("http_response", "fr",
             "HTTP/1.1 200 OK\nContent-Type: application/json; charset=utf-8\n\n{\"id\": 48213, \"nom\": \"⟨l⟩\", "
             "\"prenom\": \"⟨f⟩\", \"dateNaissance\": \"⟨dob⟩\", \"numeroSecu\": \"⟨nir⟩\", \"iban\": \"⟨iban⟩\", "
             "\"telephone\": \"⟨ph⟩\", \"email\": \"⟨e⟩\", \"ville\": \"Périgueux\"}",
             l=l, f=f, **dict(zip(("dob", "nir"), DOB_NIR(r, "iso", False))), iban=IBAN(r, "FR", False),
             ph=PHONE(r, "fr"), e=Lab(email_for(r, f, l), "email_address"))


def hr_debug_page(r):
    pw = password(r, urlsafe=True)
    return C("http_response", "en",
             "HTTP/1.1 500 Internal Server Error\nContent-Type: text/plain\n\nEnvironment:\nDATABASES = {'default': "
             "{'ENGINE': 'django.db.backends.postgresql', 'PASSWORD': '⟨m⟩', 'HOST': '⟨ip0⟩'}}\n\nMETA:\n"
             "DATABASE_URL = '⟨c⟩@⟨ip⟩:5432/shop'\nEMAIL_HOST_PASSWORD = '⟨m2⟩'\nHOSTNAME = 'web-7d9f8c6b5-x2lqp'\n"
             "STRIPE_SECRET_KEY = '⟨sk⟩'\nAWS_ACCESS_KEY_ID = '⟨ai⟩'\nAWS_SECRET_ACCESS_KEY = '⟨as⟩'\n"
             "GOOGLE_MAPS_API_KEY = '⟨g⟩'",
             m=Neg("********************", "placeholder"), ip0=IP(r, net="10"),
             c=Lab(f"postgres://shop:{pw}", "connection_string", also=["url_credentials", "password_assignment"]),
             ip=IP(r, optional=True, net="10"), m2=Neg("********************", "placeholder"),
             sk=Lab(stripe_tok(r, "sk_long"), "stripe_key", also=["password_assignment"]),
             ai=Lab(aws_id(r), "aws_access_key_id"), **{"as": Lab(aws_secret(r), "aws_secret_key", also=["password_assignment"])},
             g=Lab(google_key(r), "google_api_key"))


def hr_har(r):
    sid = session_value(r, "sessionid")
    pw = password(r)
    return C("har", "en",
             "{\n  \"request\": {\n    \"method\": \"POST\",\n    \"url\": \"https://app.⟨d⟩/api/session\",\n"
             "    \"headers\": [\n      {\"name\": \"authorization\", \"value\": \"Bearer ⟨j⟩\"},\n"
             "      {\"name\": \"cookie\", \"value\": \"sessionid=⟨s⟩; csrftoken=⟨csrf⟩\"}\n    ],\n"
             "    \"postData\": {\"mimeType\": \"application/json\", \"text\": \"{\\\"username\\\":\\\"m.okafor\\\","
             "\\\"password\\\":\\\"⟨pw⟩\\\"}\"}\n  }\n}",
             d=r.choice(PUB_DOMAINS), j=Lab(jwt_tok(r), "authorization_header", also=["jwt"]),
             s=Lab(sid, "session_cookie"), csrf=Neg(rs(r, ALNUM, 64), "non_session_cookie"),
             pw=Lab(pw, "password_assignment"))


def hr_har_fr(r):
    name = r.choice(["PHPSESSID", "JSESSIONID", "laravel_session"])
    return C("har", "fr",
             "// extrait du fichier HAR exporté depuis Firefox (réponse de /connexion)\n{\"response\": {\"status\": 200, "
             "\"cookies\": [{\"name\": \"⟨n⟩\", \"value\": \"⟨s⟩\", \"httpOnly\": true}, {\"name\": \"theme\", "
             "\"value\": \"⟨t⟩\"}], \"content\": {\"mimeType\": \"application/json\", \"text\": \"{\\\"ok\\\":true}\"}}}",
             n=name, s=SESSION(r, name), t=Neg("sombre", "non_session_cookie"))


def cl_curl_bearer(r):
    return C("command_line", "fr",
             "# le jeton de l'API de facturation, copié depuis la console du navigateur\n$ curl -s -H 'Authorization: Bearer ⟨t⟩' https://api.⟨d⟩/v2/invoices?status=unpaid | jq '.[0]'",
             t=Lab(rs(r, ALNUM, 32) + "." + rs(r, ALNUM, 12), "authorization_header"), d=r.choice(PUB_DOMAINS))


def cl_curl_user(r):
    return C("command_line", "en",
             "curl -u deploy:⟨pw⟩ -X POST https://ci.⟨d⟩/job/release/buildWithParameters?TAG=⟨v⟩",
             pw=PW(r, urlsafe=True), d=r.choice(PUB_DOMAINS), v=V(r))


def cl_curl_cookie(r):
    name = r.choice(["laravel_session", "PHPSESSID", "ASP.NET_SessionId"])
    return C("command_line", "fr",
             "# la session d'un autre utilisateur, rejouée telle quelle : l'export de ses fiches de paie fonctionne\n"
             "curl -s -b '⟨n⟩=⟨s⟩' https://rh.⟨d⟩/mon-espace/bulletins/2025-02.pdf -o bulletin.pdf",
             n=name, s=SESSION(r, name), d=r.choice(PUB_DOMAINS))


def cl_httpie(r):
    return C("command_line", "fr",
             "# reproduction avec HTTPie (serveur de test local)\nhttp POST :8080/api/login username=admin password=⟨p1⟩\nhttp -a admin:⟨p2⟩ GET :8080/api/users",
             p1=PW(r, urlsafe=True), p2=PW(r, urlsafe=True))


def cl_wget(r):
    return C("command_line", "fr",
             "# récupération de l'export déposé par le prestataire\nwget --user=depot --password='⟨pw⟩' "
             "ftp://⟨ip⟩/exports/clients.csv", pw=PW(r), ip=IP(r))


def cl_powershell_apikey(r):
    return C("command_line", "en",
             "PS C:\\> Invoke-WebRequest -Uri \"https://⟨h⟩/api/users\" -Headers @{ \"X-Api-Key\" = \"⟨k⟩\" } "
             "-UseBasicParsing", h=HOST(r), k=Lab(rs(r, HEX, 40), "authorization_header", also=["password_assignment"]))


def cl_powershell_cred(r):
    return C("command_line", "fr",
             "# script de déploiement (extrait)\n$secpw = ConvertTo-SecureString \"⟨pw⟩\" -AsPlainText -Force\n"
             "$cred  = New-Object System.Management.Automation.PSCredential (\"CORP\\svc_deploy\", $secpw)\n"
             "Invoke-RestMethod -Uri https://⟨h⟩/api/deploy -Credential $cred -Method Post",
             pw=PW(r), h=HOST(r))


def cl_github_api(r):
    return C("command_line", "en",
             "curl -H \"Authorization: token ⟨t⟩\" https://api.github.com/repos/hemera-dev/firmware/contents/.env",
             t=Lab(gh_token(r, r.choice(["ghp", "gho"])), "github_token", also=["authorization_header"]))


def cl_gitlab_api(r):
    return C("command_line", "en",
             "curl --header \"PRIVATE-TOKEN: ⟨t⟩\" \"https://gitlab.⟨d⟩/api/v4/projects?membership=true\"",
             t=Lab(gl_token(r), "gitlab_token", also=["authorization_header"]), d=r.choice(PUB_DOMAINS))


def cl_openai(r):
    return C("command_line", "en",
             "curl https://api.openai.com/v1/chat/completions \\\n  -H \"Content-Type: application/json\" \\\n"
             "  -H \"Authorization: Bearer ⟨k⟩\" \\\n  -d '{\"model\": \"gpt-4o-mini\", \"messages\": []}'",
             k=Lab(ai_key(r, r.choice(["openai_proj", "openai_svc"])), "ai_api_key", also=["authorization_header"]))


def cl_anthropic(r):
    return C("command_line", "fr",
             "# appel de test depuis le poste de dev\ncurl https://api.anthropic.com/v1/messages -H \"x-api-key: ⟨k⟩\" "
             "-H \"anthropic-version: 2023-06-01\" -d @prompt.json",
             k=Lab(ai_key(r, "anthropic"), "ai_api_key", also=["authorization_header"]))


def cl_twilio(r):
    ac = twilio_ac(r)
    return C("command_line", "en",
             "curl -X POST https://api.twilio.com/2010-04-01/Accounts/⟨a1⟩/Messages.json \\\n  --data-urlencode "
             "\"Body=Your code is 381204\" --data-urlencode \"To=⟨ph⟩\" \\\n  -u ⟨a2⟩:⟨t⟩",
             a1=Lab(ac, "twilio_key", optional=True), ph=PHONE(r, "us"), a2=Lab(ac, "twilio_key", optional=True),
             t=Lab(rs(r, HEX, 32), "twilio_key", also=["password_assignment"]))


def cl_sas_download(r):
    return C("command_line", "fr",
             "curl -o base.bak \"https://⟨a⟩.blob.core.windows.net/sauvegardes/erp-2025-03-01.bak?⟨s⟩\"",
             a=r.choice(["sauvegardeerp", "stbackupsprod"]), s=Lab(sas_token(r), "azure_sas_token"))


def cl_git_clone(r):
    if r.random() < 0.5:
        return C("command_line", "en",
                 "git clone https://oauth2:⟨t⟩@gitlab.com/hemera/infra-live.git",
                 t=Lab(gl_token(r), "gitlab_token", also=["url_credentials"]))
    return C("command_line", "en",
             "git remote set-url origin https://x-access-token:⟨t⟩@github.com/orbitale-io/payments.git",
             t=Lab(gh_token(r, "ghs"), "github_token", also=["url_credentials"]))


def cl_docker_login(r):
    return C("command_line", "fr",
             "docker login -u robot\\$ci -p ⟨pw⟩ ⟨h⟩:5000   # mdp du robot Harbor",
             pw=PW(r, urlsafe=True), h=HOST(r, head="harbor"))


def hr_x_api_key(r):
    return C("http_request", "fr",
             "GET /v1/contrats?client=88412 HTTP/1.1\nHost: api-partenaires.⟨d⟩\nX-Api-Key: ⟨k⟩\nAccept: application/json",
             d=r.choice(PUB_DOMAINS), k=Lab(rs(r, ALNUM, 36), "authorization_header", also=["password_assignment"]))


def hr_bearer_jwt_fr(r):
    return C("http_request", "fr",
             "PUT /api/v3/utilisateurs/118/role HTTP/1.1\nHost: rh.⟨d⟩\nAuthorization: Bearer ⟨j⟩\nContent-Type: "
             "application/json\n\n{\"role\": \"admin\"}",
             d=r.choice(PUB_DOMAINS), j=Lab(jwt_tok(r, {"role": "salarie"}), "authorization_header", also=["jwt"]))


def hr_response_gcp(r):
    return C("http_response", "en",
             "HTTP/1.1 200 OK\nContent-Type: application/json\nX-Served-By: cache-cdg20741\n\n⟨sa⟩",
             sa=GCP(r))


# --------------------------------------------------------------------------------------------
# Configuration files
# --------------------------------------------------------------------------------------------

def cf_tfvars(r):
    return C("config_tfvars", "fr",
             "# terraform.tfvars — prod (copié depuis le poste du prestataire, dépôt public)\nregion         = \"eu-west-3\"\naws_access_key = \"⟨i⟩\"\naws_secret_key = \"⟨s⟩\"\n"
             "db_password    = \"⟨pw⟩\"\ngithub_token   = \"⟨gh⟩\"\ninstance_type  = \"t3.medium\"\ncidr_block     = \"⟨net⟩\"",
             i=Lab(aws_id(r), "aws_access_key_id"), s=Lab(aws_secret(r), "aws_secret_key", also=["password_assignment"]),
             pw=PW(r), gh=Lab(gh_token(r), "github_token"), net=Neg("10.40.0.0/16", "non_ip_dotted"))


def cf_tfvars_fr(r):
    return C("config_tfvars", "fr",
             "# variables de l'environnement de recette — ne pas committer\nazure_storage_connection = \"⟨c⟩\"\n"
             "sql_admin_password = \"⟨pw⟩\"\nslack_alert_webhook = \"⟨h⟩\"\ngitlab_token = \"⟨gl⟩\"\n"
             "sas_sauvegardes = \"⟨sas⟩\"",
             c=Lab(azure_storage_conn(r), "azure_connection_string", also=["connection_string"]), pw=PW(r),
             h=Lab(slack_hook(r), "slack_webhook"), gl=Lab(gl_token(r), "gitlab_token"), sas=Lab(sas_token(r), "azure_sas_token"))


def cf_tf_heredoc(r):
    return C("config_tfvars", "en",
             "provider \"google\" {\n  project     = \"factu-prod-4821\"\n  region      = \"europe-west9\"\n"
             "  credentials = <<EOF\n⟨sa⟩\nEOF\n}", sa=GCP(r))


def cf_ansible(r):
    return C("config_yaml", "en",
             "# group_vars/db/vars.yml\nmysql_root_password: \"⟨p1⟩\"\nmysql_replication_password: '⟨p2⟩'\n"
             "mysql_app_password: \"{{ vault_mysql_app_password }}\"\nansible_become_password: ⟨p3⟩\nsmtp_relay: ⟨h⟩\n"
             "gitlab_runner_token: ⟨gl⟩\nnpm_registry_token: ⟨npm⟩",
             p1=PW(r, "symstart"), p2=PW(r, "symstart"), p3=PW(r), h=HOST(r), gl=Lab(gl_token(r, "glrt"), "gitlab_token"),
             npm=Lab(npm_tok(r), "npm_token"))


def cf_ansible_fr(r):
    return C("config_yaml", "fr",
             "# inventaire de l'atelier — variables communes\nntp_server: ⟨ip⟩\nldap_bind_dn: \"cn=ansible,ou=services,dc=usine,dc=local\"\n"
             "ldap_bind_pw: \"⟨pw⟩\"\nmot_de_passe_grafana: ⟨pw2⟩\nvault_addr: \"https://⟨h⟩:8200\"",
             ip=IP(r), pw=PW(r, "symstart"), pw2=PW(r), h=HOST(r, head="vault"))


def cf_dockerfile(r):
    return C("dockerfile", "en",
             "FROM node:20-alpine\nARG NPM_TOKEN\nARG GITHUB_TOKEN=⟨gh⟩\nENV PGHOST=⟨h⟩ \\\n    PGUSER=reporting \\\n    PGPASSWORD=⟨pw⟩\n"
             "RUN echo \"//registry.npmjs.org/:_authToken=⟨t⟩\" > /root/.npmrc && npm ci && rm /root/.npmrc\n"
             "COPY . /app\nCMD [\"node\", \"server.js\"]",
             gh=Lab(gh_token(r), "github_token"), h=HOST(r), pw=PW(r, urlsafe=True), t=Lab(npm_tok(r), "npm_token"))


def cf_dockerfile_fr(r):
    return C("dockerfile", "fr",
             "# image de build interne\nFROM python:3.12-slim\nENV TWINE_USERNAME=__token__\nENV TWINE_PASSWORD=⟨t⟩\n"
             "ENV DJANGO_SECRET_KEY=\"⟨k⟩\"\nENV AZURE_STORAGE_CONNECTION_STRING=\"⟨az⟩\"\nRUN pip install -r requirements.txt",
             t=Lab(pypi_tok(r), "pypi_token", also=["password_assignment"]),
             k=Lab(rs(r, ALNUM + "!#%^&*-_=+", 50), "password_assignment"),
             az=Lab(azure_storage_conn(r), "azure_connection_string", also=["connection_string"]))


def cl_docker_run(r):
    return C("command_line", "en",
             "docker run -d --name billing \\\n  -e POSTGRES_PASSWORD=⟨pw⟩ \\\n  -e SENDGRID_API_KEY=⟨sg⟩ \\\n"
             "  -e STRIPE_KEY=⟨sk⟩ \\\n  -e NPM_TOKEN=⟨npm⟩ \\\n  -e GITLAB_TOKEN=⟨gl⟩ \\\n  -p 8080:8080 orbitale/billing:⟨v⟩",
             pw=PW(r, urlsafe=True), sg=Lab(sendgrid_tok(r), "sendgrid_key"), sk=Lab(stripe_tok(r), "stripe_key"),
             npm=Lab(npm_tok(r), "npm_token"), gl=Lab(gl_token(r), "gitlab_token"), v=V(r))


def cf_k8s_secret(r):
    pw = password(r)
    uri = f"amqp://orders:{password(r, urlsafe=True)}@rabbit.default.svc.cluster.local:5672/orders"
    return C("config_yaml", "en",
             "apiVersion: v1\nkind: Secret\nmetadata:\n  name: orders-secrets\n  namespace: payments\ntype: Opaque\n"
             "data:\n  DB_PASSWORD: ⟨p⟩\n  AMQP_URL: ⟨u⟩\nstringData:\n  STRIPE_WEBHOOK_SECRET: ⟨w⟩\n"
             "  SLACK_BOT_TOKEN: ⟨s⟩\n  AZURE_BLOB_SAS: \"⟨sas⟩\"\n  PYPI_TOKEN: ⟨py⟩",
             p=Lab(b64(pw.encode()), "password_assignment", encoding="base64", inner=pw),
             u=Lab(b64(uri.encode()), "connection_string", also=["url_credentials", "password_assignment"],
                   encoding="base64", inner=uri),
             w=Lab(stripe_tok(r, "whsec"), "stripe_key", also=["password_assignment"]),
             s=Lab(slack_tok(r, "xoxb"), "slack_token"), sas=Lab(sas_token(r), "azure_sas_token"),
             py=Lab(pypi_tok(r), "pypi_token"))


def cf_k8s_deploy(r):
    return C("config_yaml", "fr",
             "# manifeste trouvé dans le dépôt public « notifier » (branche main)\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: notifier\nspec:\n  template:\n    spec:\n"
             "      containers:\n        - name: notifier\n          image: registry.⟨d⟩/notifier:⟨v⟩\n          env:\n"
             "            - name: TWILIO_ACCOUNT_SID\n              value: \"⟨ac⟩\"\n            - name: TWILIO_AUTH_TOKEN\n"
             "              value: \"⟨tw⟩\"\n            - name: OPENAI_API_KEY\n              value: \"⟨ai⟩\"\n"
             "            - name: PYPI_TOKEN\n              value: \"⟨py⟩\"\n            - name: DB_PASSWORD\n              valueFrom:\n"
             "                secretKeyRef: {name: notifier-db, key: password}",
             d=r.choice(PUB_DOMAINS), v=V(r), ac=Lab(twilio_ac(r), "twilio_key", optional=True),
             tw=Lab(rs(r, HEX, 32), "twilio_key", also=["password_assignment"]), ai=Lab(ai_key(r, "hf"), "ai_api_key"),
             py=Lab(pypi_tok(r), "pypi_token"))


def cf_k8s_gcp_b64(r):
    sa = gcp_sa_json(r)
    return C("config_yaml", "en",
             "apiVersion: v1\nkind: Secret\nmetadata:\n  name: gcs-credentials\ntype: Opaque\ndata:\n  key.json: ⟨b⟩",
             b=Lab(b64(sa.encode()), "gcp_service_account", also=["private_key", "email_address"],
                   encoding="base64", inner=sa))


def cf_k8s_tls(r):
    return C("config_yaml", "en",
             "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ingress-tls\ntype: kubernetes.io/tls\nstringData:\n"
             "  tls.key: |\n    ⟨k⟩\n  tls.crt: |\n    -----BEGIN CERTIFICATE-----\n    MIIC⟨c⟩\n    -----END CERTIFICATE-----",
             k=KEY(r, r.choice(["ec", "pkcs8"]), indent="    "), c=Neg(b64(rbytes(r, 45)), "public_key"))


def cf_systemd(r):
    return C("config_ini", "fr",
             "# /etc/systemd/system/exporter.service — unité trouvée sur l'image disque livrée\n[Unit]\nDescription=Billing exporter\nAfter=network-online.target\n\n"
             "[Service]\nUser=exporter\nEnvironment=\"DB_HOST=⟨ip⟩\" \"DB_PASS=⟨pw⟩\"\nEnvironment=STRIPE_API_KEY=⟨sk⟩\n"
             "Environment=OPENAI_API_KEY=⟨ai⟩\nEnvironment=\"SLACK_WEBHOOK=⟨h⟩\"\n"
             "ExecStart=/usr/local/bin/exporter --listen :9187\n\n[Install]\nWantedBy=multi-user.target",
             ip=IP(r), pw=PW(r, urlsafe=True), sk=Lab(stripe_tok(r, "sk"), "stripe_key"),
             ai=Lab(ai_key(r, "openai_proj"), "ai_api_key"), h=Lab(slack_hook(r), "slack_webhook"))


def cf_php_define(r):
    return C("php_config", "fr",
             "<?php\n// configuration de la boutique — à ne pas versionner\ndefine('DB_SERVER', '⟨ip⟩');\n"
             "define('DB_USER', 'boutique');\ndefine('DB_PASSWORD', '⟨pw⟩');\n$config['smtp_pass'] = '⟨pw2⟩';\n"
             "$config['google_maps_key'] = '⟨k⟩';\n$config['stripe_secret'] = '⟨sk⟩';\n$config['sendgrid_key'] = '⟨sg⟩';",
             ip=IP(r), pw=PW(r), pw2=PW(r, "word"), k=Lab(google_key(r), "google_api_key"),
             sk=Lab(stripe_tok(r, "sk_long"), "stripe_key", also=["password_assignment"]), sg=Lab(sendgrid_tok(r), "sendgrid_key"))


def cf_wp_config(r):
    return C("php_config", "en",
             "<?php\n/** The name of the database for WordPress */\ndefine( 'DB_NAME', 'wp_shop' );\n"
             "define( 'DB_USER', 'wp_shop' );\ndefine( 'DB_PASSWORD', '⟨pw⟩' );\ndefine( 'DB_HOST', '⟨h⟩' );\n\n"
             "define( 'AUTH_KEY',         '⟨ph1⟩' );\ndefine( 'SECURE_AUTH_KEY',  '⟨ph2⟩' );\n"
             "$table_prefix = 'wp_';",
             pw=PW(r), h=HOST(r), ph1=Neg("put your unique phrase here", "placeholder"),
             ph2=Neg("put your unique phrase here", "placeholder"))


def cf_settings_py(r):
    return C("python_config", "en",
             "# settings/production.py\nSECRET_KEY = \"⟨k⟩\"\nDEBUG = False\nALLOWED_HOSTS = [\"shop.⟨d⟩\"]\n"
             "DATABASES = {\n    \"default\": {\n        \"ENGINE\": \"django.db.backends.postgresql\",\n"
             "        \"NAME\": \"shop\",\n        \"USER\": \"shop\",\n        \"PASSWORD\": \"⟨pw⟩\",\n"
             "        \"HOST\": \"⟨h⟩\",\n    }\n}\nAWS_ACCESS_KEY_ID = \"⟨ai⟩\"\nAWS_SECRET_ACCESS_KEY = \"⟨sa⟩\"\n"
             "AWS_STORAGE_BUCKET_NAME = \"shop-media\"\nEMAIL_HOST_PASSWORD = os.environ[\"EMAIL_HOST_PASSWORD\"]\n"
             "PASSWORD_HASHERS = [\"django.contrib.auth.hashers.Argon2PasswordHasher\"]",
             k=Lab(rs(r, ALNUM + "!@#%^&*-_=+", 50), "password_assignment"), d=r.choice(PUB_DOMAINS), pw=PW(r),
             h=HOST(r), ai=Lab(aws_id(r), "aws_access_key_id"),
             sa=Lab(aws_secret(r), "aws_secret_key", also=["password_assignment"]))


def cf_web_config(r):
    return C("xml_config", "fr",
             "<!-- web.config de l'intranet RH -->\n<connectionStrings>\n  <add name=\"Rh\" connectionString=\"Data Source=⟨h⟩;"
             "Initial Catalog=Rh;User Id=rh_app;Password=⟨pw⟩;\" providerName=\"System.Data.SqlClient\" />\n"
             "</connectionStrings>\n<appSettings>\n  <add key=\"SmtpPassword\" value=\"⟨pw2⟩\" />\n"
             "  <add key=\"StorageConnection\" value=\"⟨c⟩\" />\n</appSettings>",
             h=HOST(r, optional=True), pw=Lab(password(r), "connection_string", also=["password_assignment", "url_credentials"]),
             pw2=PW(r), c=Lab(azure_storage_conn(r), "azure_connection_string", also=["connection_string"]))


def cf_tomcat_users(r):
    return C("xml_config", "en",
             "<tomcat-users xmlns=\"http://tomcat.apache.org/xml\" version=\"1.0\">\n  <role rolename=\"manager-gui\"/>\n"
             "  <user username=\"tcadmin\" password=\"⟨p1⟩\" roles=\"manager-gui,admin-gui\"/>\n"
             "  <user username=\"deployer\" password=\"⟨p2⟩\" roles=\"manager-script\"/>\n</tomcat-users>",
             p1=PW(r), p2=PW(r))


def cf_filezilla(r):
    pw = password(r)
    return C("xml_config", "fr",
             "<!-- %APPDATA%\\FileZilla\\sitemanager.xml trouvé sur le partage public -->\n<Server>\n  <Host>⟨ip⟩</Host>\n"
             "  <Port>21</Port>\n  <User>ftp_compta</User>\n  <Pass encoding=\"base64\">⟨p⟩</Pass>\n</Server>",
             ip=IP(r), p=Lab(b64(pw.encode()), "password_assignment", encoding="base64", inner=pw))


def cf_spring_props(r):
    return C("config_properties", "en",
             "spring.datasource.url=jdbc:mysql://⟨h⟩:3306/erp?useSSL=false&user=erp&password=⟨pw⟩\n"
             "spring.mail.password=⟨pw2⟩\nserver.ssl.key-store-password=⟨pw3⟩\n"
             "azure.storage.connection-string=⟨az⟩\nspring.ai.openai.api-key=⟨ai⟩\nmanagement.endpoints.web.exposure.include=*",
             h=HOST(r, optional=True), pw=Lab(password(r, urlsafe=True), "connection_string",
                                                   also=["password_assignment", "url_credentials"]),
             pw2=PW(r), pw3=PW(r), az=Lab(azure_storage_conn(r), "azure_connection_string", also=["connection_string"]),
             ai=Lab(ai_key(r, "openai_proj"), "ai_api_key"))


def cf_spring_yaml_fr(r):
    return C("config_yaml", "fr",
             "# application-prod.yml — configuration de la plateforme de suivi\nspring:\n  datasource:\n"
             "    url: jdbc:sqlserver://⟨ip⟩:1433;databaseName=Suivi;user=suivi;password=⟨pw⟩;encrypt=true\n"
             "  data:\n    mongodb:\n      uri: ⟨m⟩@⟨h⟩:27017/suivi\n",
             ip=IP(r, optional=True), pw=Lab(password(r, urlsafe=True), "connection_string",
                                             also=["password_assignment", "url_credentials"]),
             m=Lab(f"mongodb://suivi:{password(r, urlsafe=True)}", "connection_string",
                   also=["url_credentials", "password_assignment"]), h=HOST(r, optional=True))


def cf_netrc(r):
    return C("credentials_file", "en",
             "# ~/.netrc\nmachine api.heroku.com\n  login ⟨e⟩\n  password ⟨t⟩\nmachine ⟨h⟩\n  login backup\n"
             "  password ⟨pw⟩", e=EMAIL(r, "en"), t=Lab(uuid_str(r), "password_assignment", fmt="uuid_token"),
             h=HOST(r), pw=PW(r))


def cf_pgpass(r):
    return C("credentials_file", "fr",
             "# ~/.pgpass du serveur de rapports (droits 0600 attendus, 0644 constatés)\n⟨h⟩:5432:compta:compta_ro:⟨p1⟩\n"
             "⟨ip⟩:5432:*:postgres:⟨p2⟩", h=HOST(r), p1=PW(r, urlsafe=True), ip=IP(r), p2=PW(r, urlsafe=True))


def cf_git_credentials(r):
    return C("credentials_file", "en",
             "# ~/.git-credentials found in the build agent's home\nhttps://ci-bot:⟨t⟩@github.com\n"
             "⟨u⟩@⟨h⟩", t=Lab(gh_token(r, "ghp"), "github_token", also=["url_credentials"]),
             u=Lab(f"https://jenkins:{password(r, urlsafe=True)}", "url_credentials"), h=HOST(r, optional=True, head="gitlab"))


def cf_env_uris(r):
    return C("env_file", "en",
             "# .env.production\nREDIS_URL=⟨red⟩@⟨ip⟩:6379/0\nMONGODB_URI=⟨mon⟩@cluster0.x7k2p.mongodb.net/app?retryWrites=true\n"
             "AMQP_URL=⟨amq⟩@⟨h⟩:5672/%2F\nSENTRY_DSN=https://⟨dsn⟩@o4507.ingest.de.sentry.io/4507\n"
             "STRIPE_SECRET_KEY=⟨sk⟩\nGOOGLE_API_KEY=⟨g⟩\nLOG_LEVEL=info",
             red=Lab(f"redis://:{password(r, urlsafe=True)}", "connection_string", also=["url_credentials", "password_assignment"]),
             ip=IP(r, optional=True),
             mon=Lab(f"mongodb+srv://app:{password(r, urlsafe=True)}", "connection_string", also=["url_credentials", "password_assignment"]),
             amq=Lab(f"amqps://worker:{password(r, urlsafe=True)}", "connection_string", also=["url_credentials", "password_assignment"]),
             h=HOST(r, optional=True, head="rabbit"), dsn=Neg(rs(r, HEX, 32), "url_no_password"),
             sk=Lab(stripe_tok(r, "sk"), "stripe_key", also=["password_assignment"]), g=Lab(google_key(r), "google_api_key"))


def cf_compose(r):
    return C("config_yaml", "en",
             "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n"
             "      POSTGRES_PASSWORD: \"⟨pw⟩\"\n  api:\n    image: hemera/api:⟨v⟩\n    environment:\n"
             "      DATABASE_URL: \"⟨c⟩@db:5432/app\"\n      JWT_SECRET: ${JWT_SECRET}\n      GITHUB_TOKEN: ⟨t⟩\n"
             "      SENDGRID_API_KEY: ⟨sg⟩\n      AZURE_STORAGE_CONNECTION_STRING: \"⟨az⟩\"",
             pw=PW(r, "symstart"), v=V(r),
             c=Lab(f"postgresql://app:{password(r, urlsafe=True)}", "connection_string", also=["url_credentials", "password_assignment"]),
             t=Lab(gh_token(r), "github_token"), sg=Lab(sendgrid_tok(r), "sendgrid_key"),
             az=Lab(azure_storage_conn(r), "azure_connection_string", also=["connection_string"]))


def cf_helm_values(r):
    return C("config_yaml", "fr",
             "# values-prod.yaml (chart interne « facturation »)\nreplicaCount: 3\nimage:\n  tag: \"⟨v⟩\"\nsecrets:\n"
             "  sendgridApiKey: \"⟨sg⟩\"\n  googleApiKey: \"⟨g⟩\"\n  adminPassword: \"⟨pw⟩\"\n  storageConnection: \"⟨az⟩\"\n"
             "  slackBotToken: ⟨sl⟩\ningress:\n  host: ⟨h⟩",
             v=V(r), sg=Lab(sendgrid_tok(r), "sendgrid_key"), g=Lab(google_key(r), "google_api_key"), pw=PW(r, "symstart"),
             az=Lab(azure_storage_conn(r), "azure_connection_string", also=["connection_string"]),
             sl=Lab(slack_tok(r, "xoxb"), "slack_token"), h=HOST(r))


def cf_appsettings(r):
    return C("config_json", "en",
             "{\n  \"ConnectionStrings\": {\n    \"Orders\": \"Server=tcp:⟨h⟩,1433;Database=Orders;User ID=orders;Password=⟨pw⟩;\",\n"
             "    \"ServiceBus\": \"⟨sb⟩\"\n  },\n  \"Blob\": {\n    \"SasToken\": \"?⟨sas⟩\"\n  },\n"
             "  \"SendGrid\": {\"ApiKey\": \"⟨sg⟩\"},\n  \"Anthropic\": {\"ApiKey\": \"⟨ai⟩\"},\n"
             "  \"Logging\": {\"LogLevel\": {\"Default\": \"Warning\"}}\n}",
             h=HOST(r, optional=True), pw=Lab(password(r), "connection_string", also=["password_assignment", "url_credentials"]),
             sb=Lab(azure_sb_conn(r), "azure_connection_string", also=["connection_string"]),
             sas=Lab(sas_token(r, "account"), "azure_sas_token"), sg=Lab(sendgrid_tok(r), "sendgrid_key"),
             ai=Lab(ai_key(r, "anthropic"), "ai_api_key"))


def cf_iot_json(r):
    return C("config_json", "fr",
             "{\n  \"_commentaire\": \"configuration du boîtier de télémétrie, extraite de la flash\",\n  \"site\": \"Brest\",\n"
             "  \"iothub\": \"⟨c⟩\",\n  \"syslog\": \"⟨ip⟩:514\"\n}",
             c=Lab(azure_sb_conn(r, "iot"), "azure_connection_string", also=["connection_string"]), ip=IP(r))


def cf_npmrc_pypirc(r):
    return C("config_ini", "en",
             "# ~/.npmrc\n//registry.npmjs.org/:_authToken=⟨t⟩\n//⟨nx⟩/repository/npm-private/:username=ci\n"
             "//⟨nx2⟩/repository/npm-private/:_password=⟨np⟩\nalways-auth=true\n\n# ~/.pypirc\n[distutils]\nindex-servers = pypi\n\n"
             "[pypi]\nusername = __token__\npassword = ⟨p⟩",
             t=Lab(npm_tok(r), "npm_token"), nx=(nxh := HOST(r, head="nexus")), nx2=Lab(nxh.value, "internal_hostname"),
             np=Lab(b64((npw := password(r)).encode()), "password_assignment", encoding="base64", inner=npw),
             p=Lab(pypi_tok(r), "pypi_token", also=["password_assignment"]))


def cf_aws_credentials(r):
    return C("config_ini", "fr",
             "# ~/.aws/credentials — poste de l'administrateur\n[default]\naws_access_key_id = ⟨i1⟩\naws_secret_access_key = ⟨s1⟩\n\n"
             "[recette]\naws_access_key_id=⟨i2⟩\naws_secret_access_key=⟨s2⟩\nregion=eu-west-3",
             i1=Lab(aws_id(r), "aws_access_key_id"), s1=Lab(aws_secret(r), "aws_secret_key", also=["password_assignment"]),
             i2=Lab(aws_id(r), "aws_access_key_id"), s2=Lab(aws_secret(r), "aws_secret_key", also=["password_assignment"]))


def cf_actions(r):
    return C("config_yaml", "en",
             "# .github/workflows/release.yml\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    env:\n"
             "      NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n      NPM_PUBLISH_TOKEN: ⟨npm⟩\n      GH_TOKEN: ⟨t⟩\n      SLACK_WEBHOOK_URL: ⟨h⟩\n"
             "    steps:\n      - uses: actions/checkout@⟨sha⟩",
             npm=Lab(npm_tok(r), "npm_token"), t=Lab(gh_token(r, "ghp"), "github_token"), h=Lab(slack_hook(r), "slack_webhook"),
             sha=Neg(sha1(r), "git_sha"))


def cf_shadow(r):
    return C("config_file", "en",
             "# /etc/shadow (extracted from the firmware image, squashfs-root/etc/shadow)\nroot:⟨h1⟩:19820:0:99999:7:::\n"
             "daemon:*:19820:0:99999:7:::\nsupport:⟨h2⟩:19820:0:99999:7:::\nnobody:!:19820:0:99999:7:::",
             h1=HASH(r, "sha512crypt"), h2=HASH(r, r.choice(["md5crypt", "sha512crypt"])))


def cf_ldif(r):
    f, l = person(r, "fr")
    return C("config_file", "fr",
             "# export LDIF de l'annuaire (extrait)\ndn: uid=⟨u⟩,ou=people,dc=hemera,dc=fr\nobjectClass: inetOrgPerson\n"
             "cn: ⟨n⟩\nmail: ⟨e⟩\ntelephoneNumber: ⟨ph⟩\nuserPassword: ⟨h⟩",
             u=ascii_fold(f[0] + l).lower().replace(" ", ""), n=f"{f} {l}", e=Lab(email_for(r, f, l, "groupe-hemera.fr"), "email_address"),
             ph=PHONE(r, "fr"), h=HASH(r, "ssha"))


def cf_env_symbols(r):
    return C("env_file", "en",
             "# .env — staging\nAPP_ENV=staging\nDB_PASSWORD=\"⟨p1⟩\"\nREDIS_PASSWORD='⟨p2⟩'\nADMIN_PIN=⟨pin⟩\n"
             "SMTP_PASSWORD=$SMTP_PASSWORD_FROM_VAULT\nOPENAI_API_KEY=⟨k⟩\nSLACK_APP_TOKEN=⟨xa⟩\nSTRIPE_WEBHOOK_SECRET=⟨wh⟩",
             p1=PW(r, "symstart"), p2=PW(r, "symstart"), pin=PIN(r, 6), k=Lab(ai_key(r, "openai_legacy"), "ai_api_key"),
             xa=Lab(slack_tok(r, "xapp"), "slack_token"), wh=Lab(stripe_tok(r, "whsec"), "stripe_key", also=["password_assignment"]))


def cf_ini_symbols(r):
    return C("config_ini", "fr",
             "; agent.ini — poste de supervision de l'usine\n[serveur]\nadresse = ⟨h⟩\nport = 8443\n\n[authentification]\n"
             "utilisateur = agent\nmot_de_passe = \"⟨p1⟩\"\ncle_api = ⟨p2⟩\n; mot_de_passe_secours = voir le coffre",
             h=HOST(r), p1=PW(r, "symstart"), p2=Lab(rs(r, HEX, 32), "password_assignment"))


def cf_config_json(r):
    return C("config_json", "en",
             "{\n  \"notifications\": {\n    \"slack\": \"⟨h⟩\",\n    \"sendgrid\": {\"apiKey\": \"⟨sg⟩\", \"from\": \"⟨fr⟩\"}\n"
             "  },\n  \"maps\": {\"key\": \"⟨g⟩\"},\n  \"sms\": {\"twilioApiKey\": \"⟨tk⟩\", \"twilioApiSecret\": \"⟨ts⟩\"}\n}",
             h=Lab(slack_hook(r), "slack_webhook"), sg=Lab(sendgrid_tok(r), "sendgrid_key"),
             fr=Lab("alerts@" + r.choice(PUB_DOMAINS), "email_address"), g=Lab(google_key(r), "google_api_key"),
             tk=Lab(twilio_sk(r), "twilio_key"), ts=Lab(rs(r, ALNUM, 32), "twilio_key", also=["password_assignment"]))


def cf_sasl(r):
    return C("config_file", "fr",
             "# /etc/postfix/sasl_passwd du relais de messagerie\n[smtp.⟨d⟩]:587 ⟨e⟩:⟨pw⟩",
             d=r.choice(PUB_DOMAINS), e=EMAIL(r, "fr"), pw=PW(r))


def cf_env_private_key(r):
    return C("env_file", "en",
             "# .env (mobile backend)\nFIREBASE_PROJECT_ID=notify-prod-2231\nFIREBASE_PRIVATE_KEY=\"⟨k⟩\\n\"\nAPNS_KEY_ID=⟨kid⟩",
             k=KEY(r, "pkcs8", nl="\\n"), kid=rs(r, UPP + DIG, 10))


def cf_sa_env(r):
    sa = gcp_sa_json(r, indent=0).replace("\n", "")
    return C("env_file", "fr",
             "# .env du service d'export (copié depuis le wiki)\nGOOGLE_APPLICATION_CREDENTIALS_JSON='⟨sa⟩'\nBQ_DATASET=exports",
             sa=Lab(sa, "gcp_service_account", also=["private_key", "email_address"]))


def cf_ansible_key(r):
    return C("config_yaml", "fr",
             "# roles/deploy/defaults/main.yml\ndeploy_user: livraison\ndeploy_private_key: |\n  ⟨k⟩\ndeploy_known_hosts: \"⟨h⟩ ⟨pub⟩\"",
             k=KEY(r, "openssh", indent="  "), h=HOST(r), pub=Neg(ssh_pub(r).rsplit(" ", 1)[0], "public_key"))


def kf_plain(r):
    kind = r.choice(["rsa", "ec", "openssh", "pkcs8", "pgp"])
    return C("key_file", "en", "⟨k⟩\n", k=KEY(r, kind))


def kf_pgp(r):
    return C("key_file", "en", "⟨k⟩\n", k=KEY(r, "pgp"))


def kf_sa(r):
    return C("key_file", "en", "⟨sa⟩\n", sa=GCP(r))


# --------------------------------------------------------------------------------------------
# Shell, logs, stack traces, SQL dumps, CSV exports
# --------------------------------------------------------------------------------------------

def sh_aws(r):
    return C("shell_session", "en",
             "ubuntu@jump01:~$ export AWS_ACCESS_KEY_ID=⟨i⟩\nubuntu@jump01:~$ export AWS_SECRET_ACCESS_KEY=⟨s⟩\n"
             "ubuntu@jump01:~$ aws s3 ls s3://hemera-backups-prod/\n2025-03-01 02:00:13  104857600 erp.dump.gz",
             i=Lab(aws_id(r), "aws_access_key_id"), s=Lab(aws_secret(r), "aws_secret_key", also=["password_assignment"]))


def sh_mysql(r):
    return C("shell_session", "fr",
             "[root@⟨h⟩ ~]# mysql -h ⟨ip⟩ -u root -p'⟨pw⟩' -e 'SHOW DATABASES;'\n+--------------------+\n| Database           |\n"
             "+--------------------+\n| boutique           |\n| information_schema |\n+--------------------+",
             h=r.choice(["srv-web02", "boutique-prod", "lamp01"]), ip=IP(r), pw=PW(r))


def sh_kubectl(r):
    return C("shell_session", "fr",
             "# la commande passée par l'intégrateur, copiée depuis son terminal partagé en visio\n$ kubectl -n payments create secret generic ledger-db --from-literal=username=ledger "
             "--from-literal=password='⟨pw⟩'\nsecret/ledger-db created", pw=PW(r))


def sh_htpasswd(r):
    return C("shell_history", "en",
             "  501  htpasswd -b -c /etc/nginx/.htpasswd monitor ⟨pw⟩\n  502  systemctl reload nginx\n"
             "  503  sshpass -p '⟨pw2⟩' ssh admin@⟨ip⟩", pw=PW(r, urlsafe=True), pw2=PW(r), ip=IP(r))


def sh_psql(r):
    return C("shell_history", "fr",
             "# historique bash de l'utilisateur exploit\npsql \"⟨c⟩@⟨h⟩:5432/paie?sslmode=disable\" -c '\\dt'\n"
             "echo $PGPASSWORD\nPGPASSWORD=⟨pw⟩ pg_dump -h ⟨h2⟩ -U paie paie > /tmp/paie.sql",
             c=Lab(f"postgresql://paie:{password(r, urlsafe=True)}", "connection_string", also=["url_credentials", "password_assignment"]),
             h=HOST(r, optional=True), pw=PW(r, urlsafe=True), h2=HOST(r))


def sh_redis(r):
    return C("shell_session", "en",
             "$ redis-cli -h ⟨ip⟩ -p 6379 -a '⟨pw⟩' --no-auth-warning CONFIG GET dir\n1) \"dir\"\n2) \"/var/lib/redis\"",
             ip=IP(r), pw=PW(r))


def sh_netuse(r):
    return C("shell_session", "fr",
             "C:\\Users\\stagiaire> net use Z: \\\\⟨h⟩\\compta /user:CORP\\svc_scan ⟨pw⟩\nLa commande s'est terminée correctement.",
             h=HOST(r, head="srv-fic01"), pw=PW(r, urlsafe=True))


def sh_vault_fr(r):
    return C("shell_session", "fr",
             "$ vault kv get -mount=secret prod/erp\n====== Données ======\nClé                Valeur\n---                ------\n"
             "db_password        ⟨pw⟩\napi_key            ⟨k⟩\nsendgrid_api_key   ⟨sg⟩\nslack_webhook      ⟨h⟩\n"
             "mis_à_jour         ⟨d⟩",
             pw=PW(r), k=Lab(rs(r, ALNUM, 40), "password_assignment"), sg=Lab(sendgrid_tok(r), "sendgrid_key"),
             h=Lab(slack_hook(r), "slack_webhook"), d=Neg("2025-02-11T10:22:04Z", "timestamp"))


def lg_mongo(r):
    return C("server_log", "en",
             "2025-03-18T02:14:07.512Z INFO  [worker-3] connecting to ⟨c⟩@cluster-prod.a1b2c.mongodb.net/reports\n"
             "2025-03-18T02:14:09.001Z WARN  [worker-3] slow query on reports.daily (1832 ms)",
             c=Lab(f"mongodb+srv://reports:{password(r, urlsafe=True)}", "connection_string", also=["url_credentials", "password_assignment"]))


def lg_nginx(r):
    return C("server_log", "en",
             "⟨pip⟩ - - [18/Mar/2025:10:02:11 +0100] \"GET /api/v1/geo?lat=48.39&lon=-4.48&api_key=⟨k⟩ HTTP/1.1\" 200 512 \"-\" "
             "\"okhttp/4.12.0\"\n⟨ip⟩ - - [18/Mar/2025:10:02:12 +0100] \"GET /health HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.29\"",
             pip=Neg(public_ip(r), "public_ip"), k=Lab(google_key(r), "google_api_key"), ip=IP(r, net="10"))


def lg_sshd(r):
    return C("server_log", "en",
             "Mar 18 03:12:44 ⟨h⟩ sshd[4121]: Failed password for invalid user admin from ⟨pip⟩ port 51234 ssh2\n"
             "Mar 18 03:12:51 ⟨h2⟩ sshd[4125]: Accepted publickey for deploy from ⟨ip⟩ port 40022 ssh2: ED25519 SHA256:⟨fp⟩",
             h=(hh := HOST(r, head="bastion")), h2=Lab(hh.value, "internal_hostname"), pip=Neg(public_ip(r), "public_ip"),
             ip=IP(r), fp=Neg(b64(rbytes(r, 32)).rstrip("="), "sha256"))


def lg_headers_fr(r):
    return C("server_log", "fr",
             "2025-03-19 14:22:07,118 DEBUG passerelle.http - en-têtes reçus : {'Host': '⟨h⟩', 'Authorization': "
             "'Bearer ⟨t⟩', 'Cookie': 'SESSION=⟨s⟩', 'X-Forwarded-For': '⟨ip⟩'}",
             h=HOST(r), t=Lab(rs(r, B64URL, 43), "authorization_header"), s=SESSION(r, "SESSION"), ip=IP(r))


def lg_spring(r):
    return C("server_log", "en",
             "2025-03-20 08:00:01.447  INFO 1 --- [main] o.s.b.SpringApplication : Starting with properties "
             "{spring.datasource.username=ledger, spring.datasource.password=⟨pw⟩, server.port=8080}", pw=PW(r))


def lg_gitlab_runner(r):
    return C("server_log", "fr",
             "Running with gitlab-runner 17.2.0 (⟨s⟩) on ⟨h⟩\n$ git config --global url.\"https://gitlab-ci-token:⟨t⟩@gitlab.⟨d⟩/\".insteadOf "
             "\"https://gitlab.⟨d2⟩/\"\n$ npm ci",
             s=Neg(rs(r, HEX, 8), "short_sha"), h=HOST(r, head="ci-runner-4"),
             t=Lab(gl_token(r, "glpat"), "gitlab_token", also=["url_credentials"]), d=(dd := r.choice(PUB_DOMAINS)), d2=dd)


def st_python(r):
    return C("stack_trace", "en",
             "Traceback (most recent call last):\n  File \"/srv/sync/run.py\", line 88, in <module>\n    client.login(user, password)\n"
             "  File \"/srv/sync/lib/ftp.py\", line 41, in login\n    raise LoginError(f\"login failed for {user}\")\n"
             "sync.lib.ftp.LoginError: login failed for backup\n\nLocals at frame 0:\n    user = 'backup'\n"
             "    password = '⟨pw⟩'\n    host = '⟨ip⟩'", pw=PW(r), ip=IP(r))


def st_java(r):
    return C("stack_trace", "en",
             "java.sql.SQLException: Access denied for user 'erp'@'⟨ip⟩' (using password: YES)\n\tat com.mysql.cj.jdbc."
             "exceptions.SQLError.createSQLException(SQLError.java:130)\n\tat com.hemera.erp.db.Pool.open(Pool.java:57)\n"
             "\t... 12 more\nConfigured URL: jdbc:mysql://⟨h⟩:3306/erp?user=erp&password=⟨pw⟩",
             ip=IP(r), h=HOST(r, optional=True), pw=Lab(password(r, urlsafe=True), "connection_string",
                                                         also=["password_assignment", "url_credentials"]))


def st_node(r):
    return C("stack_trace", "en",
             "Error: connect ECONNREFUSED ⟨ip⟩:6379\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)\n"
             "process.env snapshot:\n  NODE_ENV=production\n  REDIS_URL=⟨c⟩@⟨ip2⟩:6379\n  SENDGRID_API_KEY=⟨sg⟩\n"
             "  NPM_TOKEN=⟨npm⟩\n  GITHUB_TOKEN=⟨gh⟩\n  HOME=/home/node",
             ip=IP(r), c=Lab(f"redis://default:{password(r, urlsafe=True)}", "connection_string",
                             also=["url_credentials", "password_assignment"]), ip2=IP(r, optional=True),
             sg=Lab(sendgrid_tok(r), "sendgrid_key"), npm=Lab(npm_tok(r), "npm_token"), gh=Lab(gh_token(r), "github_token"))


def st_php(r):
    return C("stack_trace", "fr",
             "PHP Fatal error:  Uncaught PDOException: SQLSTATE[HY000] [2002] Connexion refusée in /var/www/boutique/db.php:12\n"
             "Stack trace:\n#0 /var/www/boutique/db.php(12): PDO->__construct('mysql:host=⟨ip⟩;dbname=boutique', 'boutique', '⟨pw⟩')\n"
             "#1 /var/www/boutique/index.php(4): require_once('/var/www/boutiq...')\n#2 {main}",
             ip=IP(r), pw=PW(r))


def st_dotnet_fr(r):
    return C("stack_trace", "fr",
             "System.Data.SqlClient.SqlException (0x80131904): Échec de l'ouverture de session de l'utilisateur 'paie'.\n"
             "   à System.Data.SqlClient.SqlInternalConnectionTds..ctor(...)\nChaîne de connexion utilisée : Server=⟨h⟩;"
             "Database=Paie;User Id=paie;Password=⟨pw⟩;",
             h=HOST(r, optional=True), pw=Lab(password(r), "connection_string", also=["password_assignment", "url_credentials"]))


def sq_users(r):
    rows, slots = [], {}
    for i in range(3):
        lang = r.choice(["fr", "en"])
        f, l = person(r, lang)
        slots[f"e{i}"] = Lab(email_for(r, f, l), "email_address")
        slots[f"h{i}"] = HASH(r, r.choice(["bcrypt", "argon2", "django"]))
        slots[f"d{i}"] = DOB(r, "iso")
        rows.append(f"({200 + i}, '⟨e{i}⟩', '⟨h{i}⟩', '⟨d{i}⟩', '{2023 + i % 2}-0{1 + i}-1{i} 08:12:00')")
    return C("sql_dump", "en",
             "-- Dumping data for table `users`\nINSERT INTO `users` (`id`, `email`, `password_hash`, `date_of_birth`, `created_at`) VALUES\n"
             + ",\n".join(rows) + ";", **slots)


def sq_customers_fr(r):
    rows, slots = [], {}
    for i in range(3):
        f, l = person(r, "fr")
        slots[f"n{i}"] = f"{l.upper()}"
        slots[f"i{i}"] = IBAN(r, "FR", False)
        slots[f"c{i}"] = CARD(r, style=3)
        slots[f"p{i}"] = PHONE(r, "fr")
        rows.append(f"({5001 + i}, '⟨n{i}⟩', '⟨i{i}⟩', '⟨c{i}⟩', '⟨p{i}⟩')")
    return C("sql_dump", "fr",
             "-- Export de la table clients (sauvegarde du 2025-03-01)\nINSERT INTO clients (id, nom, iban, carte, telephone) VALUES\n"
             + ",\n".join(rows) + ";", **slots)


def sq_copy_nir(r):
    rows, slots = [], {}
    for i in range(3):
        f, l = person(r, "fr")
        slots[f"f{i}"] = f
        slots[f"l{i}"] = l
        slots[f"d{i}"], slots[f"s{i}"] = DOB_NIR(r, "iso", False)
        rows.append(f"{31 + i}\t⟨l{i}⟩\t⟨f{i}⟩\t⟨s{i}⟩\t⟨d{i}⟩")
    return C("sql_dump", "fr",
             "COPY public.assures (id, nom, prenom, nir, date_naissance) FROM stdin;\n" + "\n".join(rows) + "\n\\.", **slots)


def cv_customers(r):
    rows, slots = [], {}
    for i in range(3):
        f, l = person(r, "en")
        slots[f"e{i}"] = Lab(email_for(r, f, l), "email_address")
        slots[f"p{i}"] = PHONE(r, r.choice(["uk", "us"]))
        slots[f"d{i}"] = DOB(r, "iso")
        slots[f"o{i}"] = Neg(f"ORD-2025-{rdigits(r, 6)}", "order_id")
        rows.append(f"{f},{l},⟨e{i}⟩,⟨p{i}⟩,⟨d{i}⟩,⟨o{i}⟩")
    return C("csv_export", "en",
             "first_name,last_name,email,phone,birthdate,last_order\n" + "\n".join(rows), **slots)


def cv_rh_fr(r):
    rows, slots = [], {}
    for i in range(3):
        f, l = person(r, "fr")
        slots[f"d{i}"], slots[f"s{i}"] = DOB_NIR(r, "fr")
        slots[f"i{i}"] = IBAN(r, "FR", True)
        rows.append(f"{l};{f};⟨s{i}⟩;⟨d{i}⟩;⟨i{i}⟩")
    return C("csv_export", "fr",
             "Nom;Prénom;N° sécu;Date de naissance;IBAN\n" + "\n".join(rows), **slots)


def cv_cards(r):
    rows, slots = [], {}
    for i in range(3):
        slots[f"c{i}"] = CARD(r, style=r.choice([2, 3]))
        slots[f"o{i}"] = Neg(luhn_bad_card(r), "luhn_invalid")
        rows.append(f"2025-03-0{i + 1},⟨o{i}⟩,⟨c{i}⟩,{r.randint(10, 900)}.{r.randint(10, 99)},EUR")
    return C("csv_export", "en",
             "date,transaction_ref,pan,amount,currency\n" + "\n".join(rows), **slots)


def cv_de_es(r):
    return C("csv_export", "en",
             "employee_id,country,tax_id,dob\nE-1001,DE,⟨t1⟩,⟨d1⟩\nE-1002,ES,⟨t2⟩,⟨d2⟩\nE-1003,IT,⟨t3⟩,⟨d3⟩\nE-1004,UK,⟨t4⟩,⟨d4⟩",
             t1=NATID(r, "steuer"), d1=DOB(r, "de"), t2=NATID(r, "dni"), d2=DOB(r, "fr"), t3=NATID(r, "cf"), d3=DOB(r, "iso"),
             t4=NATID(r, "nino"), d4=DOB(r, "uk_long"))

# --------------------------------------------------------------------------------------------
# Clean texts: about passwords and secrets, but holding none
# --------------------------------------------------------------------------------------------

def PS(v):
    return Neg(v, "password_not_secret")


def PH(v):
    return Neg(v, "placeholder")


CLEAN = []


def clean(fn):
    CLEAN.append(fn)
    return fn


@clean
def cl01(r):
    return C("prose_en", "en",
             "The password field accepts 8 to 64 characters; anything longer is silently truncated, so two different "
             "long passwords can end up equal. ⟨x⟩ in the form validator would fix it.",
             x=PS("maxLength: 64"))


@clean
def cl02(r):
    return C("prose_fr", "fr",
             "Après la réinitialisation du mot de passe, le lien envoyé par courriel reste valable 72 heures et peut "
             "être réutilisé plusieurs fois : c'est l'objet de ce signalement.")


@clean
def cl03(r):
    return C("env_file", "en",
             "# .env.example — copy to .env and fill in\nDB_PASSWORD=⟨a⟩\nAPI_KEY=⟨b⟩\nSTRIPE_SECRET_KEY=⟨c⟩\n"
             "AWS_ACCESS_KEY_ID=⟨d⟩\nGITHUB_TOKEN=⟨e⟩",
             a=PH("changeme"), b=PH("<your-api-key>"), c=Neg("sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "placeholder_token_shape"),
             d=Neg("AKIAXXXXXXXXXXXXXXXX", "placeholder_token_shape"),
             e=Neg("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "placeholder_token_shape"))


@clean
def cl04(r):
    return C("config_yaml", "en",
             "# templates/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include \"app.fullname\" . }}\n"
             "stringData:\n  password: ⟨a⟩\n  apiKey: ⟨b⟩",
             a=PH("{{ .Values.password | quote }}"), b=PH("{{ required \"apiKey is required\" .Values.apiKey }}"))


@clean
def cl05(r):
    return C("config_yaml", "fr",
             "# docker-compose.yml — les secrets viennent de l'environnement\nservices:\n  db:\n    image: postgres:16\n"
             "    environment:\n      POSTGRES_PASSWORD: ⟨a⟩\n  api:\n    environment:\n      DATABASE_URL: ⟨b⟩\n"
             "      MOT_DE_PASSE_SMTP: ⟨c⟩",
             a=PH("${DB_PASSWORD}"), b=Neg("postgres://app:${DB_PASSWORD}@db:5432/app", "placeholder_token_shape"),
             c=PH("${SMTP_PASSWORD:?à définir}"))


@clean
def cl06(r):
    return C("command_line", "en",
             "PS C:\\> $headers = @{ Authorization = \"Bearer ⟨a⟩\" }\nPS C:\\> Invoke-RestMethod -Uri $env:API_URL -Headers $headers\n"
             "C:\\> curl -u %API_USER%:⟨b⟩ https://api.⟨d⟩/v1/status",
             a=PH("$env:API_TOKEN"), b=PH("%API_PASSWORD%"), d=r.choice(PUB_DOMAINS))


@clean
def cl07(r):
    return C("config_yaml", "en",
             "database:\n  host: db\n  password: ⟨a⟩\nsmtp:\n  password: ⟨b⟩\nstripe:\n  secret: ⟨c⟩",
             a=PH("vault:secret/data/prod/db#password"),
             b=PH("arn:aws:secretsmanager:eu-west-3:123456789012:secret:prod/smtp-Ab12Cd"),
             c=PH("@Microsoft.KeyVault(SecretUri=https://kv-prod.vault.azure.net/secrets/StripeSecret/)"))


@clean
def cl08(r):
    return C("prose_en", "en",
             "Release artefacts and their checksums:\n\n    ⟨a⟩  firmware-⟨v⟩.bin\n    ⟨b⟩  firmware-⟨v2⟩.bin.sig\n\n"
             "MD5 of the old image, for reference: ⟨c⟩",
             a=Neg(sha256(r), "sha256"), v=(vv := version(r)), b=Neg(sha256(r), "sha256"), v2=vv, c=Neg(rs(r, HEX, 32), "md5_file"))


@clean
def cl09(r):
    return C("shell_session", "en",
             "$ git log --oneline -3\n⟨a⟩ fix: stop logging the password in debug mode (#4412)\n⟨b⟩ chore: bump axios to ⟨v⟩\n"
             "⟨c⟩ docs: explain password rotation\n$ git show --stat ⟨d⟩ | head -1\ncommit ⟨d2⟩",
             a=Neg(rs(r, HEX, 7), "short_sha"), b=Neg(rs(r, HEX, 7), "short_sha"), v=V(r), c=Neg(rs(r, HEX, 7), "short_sha"),
             d=Neg(rs(r, HEX, 9), "short_sha"), d2=Neg(sha1(r), "git_sha"))


@clean
def cl10(r):
    return C("http_request", "en",
             "GET /api/orders/⟨u⟩ HTTP/1.1\nHost: shop.⟨d⟩\ntraceparent: ⟨t⟩\nX-Correlation-Id: ⟨u2⟩\nAuthorization: Bearer ⟨p⟩",
             u=Neg(uuid_str(r), "uuid"), d=r.choice(PUB_DOMAINS), t=Neg(traceparent(r), "traceparent"),
             u2=Neg(uuid_str(r), "uuid"), p=Neg("<token>", "placeholder_token_shape"))


@clean
def cl11(r):
    return C("prose_en", "en",
             "The avatar upload accepts a data URI, e.g. `data:image/png;base64,⟨a⟩`, and does not check its size.",
             a=Neg(png_b64(r), "png_base64"))


@clean
def cl12(r):
    return C("prose_fr", "fr",
             "Sur la page de profil, le champ s'affiche ainsi : « Mot de passe : ⟨a⟩ ». Le vrai mot de passe n'est "
             "jamais renvoyé par l'API, seule sa longueur fuite (12 caractères ici).", a=PH("************"))


@clean
def cl13(r):
    return C("json_api", "en",
             "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"id\": 311, \"username\": \"m.quinn\", \"password\": null, "
             "\"password_changed_at\": \"⟨t⟩\", \"mfa\": true}", t=Neg("2025-01-14T09:30:00Z", "timestamp"))


@clean
def cl14(r):
    return C("prose_en", "en",
             "Severity: ⟨c⟩ (9.8). Fixed in ⟨v⟩; CVE-2025-21877 reserved. The advisory explains how the reset "
             "token is derived from the user id, no secret is involved.",
             c=Neg("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "cvss"), v=V(r))


@clean
def cl15(r):
    return C("config_json", "en",
             "\"node_modules/lodash\": {\n  \"version\": \"4.17.21\",\n  \"resolved\": \"https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz\",\n"
             "  \"integrity\": \"⟨i⟩\"\n}", i=Neg(integrity(r), "integrity"))


@clean
def cl16(r):
    return C("config_yaml", "en",
             "security:\n  ⟨a⟩\n  password_max_age_days: 90\n  password_history: 5\n  lockout_after_failed_attempts: 5\n"
             "  session_timeout: 15m", a=PS("password_min_length: 12"))


@clean
def cl17(r):
    return C("server_log", "en",
             "Mar 18 03:12:44 bastion sshd[4121]: Failed password for invalid user admin from ⟨a⟩ port 51234 ssh2\n"
             "Mar 18 03:12:47 bastion sshd[4121]: Failed password for invalid user oracle from ⟨b⟩ port 51302 ssh2\n"
             "Mar 18 03:12:50 bastion sshd[4121]: Connection closed by authenticating user root ⟨c⟩ port 51410 [preauth]",
             a=Neg(public_ip(r), "public_ip"), b=Neg(public_ip(r), "public_ip"), c=Neg(public_ip(r), "public_ip"))


@clean
def cl18(r):
    return C("prose_fr", "fr",
             "La politique actuelle impose un mot de passe d'au moins 12 caractères dont un chiffre et un caractère "
             "spécial ; nous suggérons d'accepter aussi les phrases de passe longues sans contrainte de composition.")


@clean
def cl19(r):
    return C("prose_fr", "fr",
             "Le lien « Mot de passe oublié ? » de la page de connexion révèle si un compte existe : le message "
             "diffère selon que l'adresse est connue ou non.")


@clean
def cl20(r):
    return C("prose_en", "en",
             "Tokens are short-lived (3600 s). Classic personal access tokens start with `ghp_` and fine-grained "
             "ones with `github_pat_`; the report concerns neither, it is about the OAuth state parameter.")


@clean
def cl21(r):
    return C("key_file", "en",
             "# authorized_keys on the appliance (public keys only)\n⟨a⟩\n⟨b⟩",
             a=Neg(ssh_pub(r, "ops-laptop"), "public_key"), b=Neg(ssh_pub(r, "backup-2024"), "public_key"))


@clean
def cl22(r):
    return C("key_file", "en", "⟨c⟩\n", c=Neg(cert_pem(r), "public_key"))


@clean
def cl23(r):
    t = near_miss_gh(r)
    return C("prose_en", "en",
             "The string `⟨t⟩` in the test fixtures looks like a token but its checksum is wrong, so GitHub would "
             "reject it; it was generated by the fuzzing harness.", t=Neg(t, "near_miss_token"))


@clean
def cl24(r):
    return C("prose_fr", "fr",
             "Le formulaire accepte un IBAN dont la clé est fausse (⟨i⟩) et un numéro de sécurité sociale à la clé "
             "invalide (⟨n⟩) : la validation côté serveur est absente.",
             i=Neg(bad_iban(r), "near_miss_personal"), n=Neg(bad_nir(r), "near_miss_personal"))


@clean
def cl25(r):
    return C("prose_fr", "fr",
             "Entreprise concernée : SIRET ⟨s⟩, TVA intracommunautaire FR⟨t⟩. Montant du marché : 1 250 000 €, "
             "référence ISBN du guide : ⟨i⟩.",
             s=Neg(siret(r), "number_not_phone"), t=rdigits(r, 11), i=Neg("978-2-07-036822-8", "number_not_phone"))


@clean
def cl26(r):
    return C("prose_en", "en",
             "Timeline: reported on ⟨a⟩, acknowledged on ⟨b⟩, fix released on ⟨c⟩. We propose public disclosure "
             "on ⟨d⟩.", a=Neg("2025-01-08", "date_no_birth"), b=Neg("2025-01-10", "date_no_birth"),
             c=Neg("2025-02-21", "date_no_birth"), d=Neg("2025-03-24", "date_no_birth"))


@clean
def cl27(r):
    return C("prose_en", "en",
             "Diagnostics: `ping ⟨a⟩` works, `ping ⟨b⟩` too; the SNMP OID ⟨c⟩ returns the uptime and the netmask "
             "is ⟨d⟩. Public endpoint: ⟨e⟩.",
             a=Neg("127.0.0.1", "non_ip_dotted"), b=Neg("8.8.8.8", "public_ip"), c=Neg("1.3.6.1.2.1.1.3.0", "non_ip_dotted"),
             d=Neg("255.255.255.0", "non_ip_dotted"), e=Neg("api.github.com", "public_host"))


@clean
def cl28(r):
    cursor = b64(json.dumps({"page": 3, "after": "2025-03-01T00:00:00Z"}).encode()).rstrip("=")
    return C("json_api", "en",
             "{\"items\": [], \"next\": \"⟨c⟩\", \"prefs\": \"⟨p⟩\"}",
             c=Neg(cursor, "base64_benign"), p=Neg(b64(b'{"theme":"dark","lang":"fr"}'), "base64_benign"))


@clean
def cl29(r):
    return C("server_log", "fr",
             "⟨ip⟩ - - [19/Mar/2025:08:11:02 +0100] \"GET /recherche?q=⟨q⟩ HTTP/1.1\" 200 1834",
             ip=Neg(public_ip(r), "public_ip"), q=Neg("mot%20de%20passe%20oubli%C3%A9", "url_encoded_benign"))


@clean
def cl30(r):
    return C("http_request", "fr",
             "GET / HTTP/1.1\nHost: www.⟨d⟩\nCookie: _ga=⟨g⟩; lang=fr; theme=sombre; consentement=oui",
             d=r.choice(PUB_DOMAINS), g=Neg(f"GA1.2.{rdigits(r, 10)}.{rdigits(r, 10)}", "non_session_cookie"))


@clean
def cl31(r):
    return C("prose_en", "en",
             "The price shows as ⟨a⟩ in the cart but ⟨b⟩ at checkout; `echo ⟨c⟩` in the support container prints "
             "/root, which is how I noticed it runs as root.",
             a=Neg("$12.50", "hash_not_password"), b=Neg("$1.25", "hash_not_password"), c=Neg("$HOME", "hash_not_password"))


@clean
def cl32(r):
    return C("config_file", "en",
             "# /etc/nsswitch.conf\n⟨a⟩\ngroup:          files systemd\nshadow:         files\nhosts:          files dns",
             a=PS("passwd:         files systemd"))


@clean
def cl33(r):
    return C("config_file", "en",
             "# /etc/passwd (no hashes here, they live in /etc/shadow)\nroot:⟨x⟩:0:0:root:/root:/bin/bash\n"
             "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin", x=PH("x"))


@clean
def cl34(r):
    return C("config_file", "en",
             "# /etc/ssh/sshd_config\n⟨a⟩\nPermitRootLogin prohibit-password\nPubkeyAuthentication yes",
             a=PS("PasswordAuthentication no"))


@clean
def cl36(r):
    return C("config_json", "fr",
             "{\n  \"password.label\": \"Mot de passe\",\n  \"password.forgot\": \"Mot de passe oublié ?\",\n"
             "  \"password.tooShort\": \"Le mot de passe doit contenir au moins 12 caractères.\",\n  \"password.mismatch\": "
             "\"Les mots de passe ne correspondent pas.\"\n}")


@clean
def cl38(r):
    return C("server_log", "en",
             "2025-03-19 10:00:02 INFO auth - login ok user=c.reyes password=⟨a⟩ ip=⟨ip⟩\n"
             "2025-03-19 10:00:05 INFO auth - login ok user=n.patel password=⟨b⟩ ip=⟨ip2⟩",
             a=PH("[REDACTED]"), ip=Neg(public_ip(r), "public_ip"), b=PH("***"), ip2=Neg(public_ip(r), "public_ip"))


@clean
def cl39(r):
    return C("config_tfvars", "en",
             "resource \"aws_db_instance\" \"main\" {\n  username = \"app\"\n  password = ⟨a⟩\n}\n\n"
             "variable \"db_password\" {\n  type      = string\n  sensitive = true\n}\n\noutput \"pw\" {\n  value = ⟨b⟩\n}",
             a=PH("random_password.db.result"), b=PH("var.db_password"))


@clean
def cl40(r):
    return C("config_yaml", "en",
             "# .github/workflows/ci.yml\n    env:\n      NPM_TOKEN: ⟨a⟩\n      PYPI_PASSWORD: ⟨b⟩\n"
             "      SLACK_WEBHOOK: ⟨c⟩",
             a=PH("${{ secrets.NPM_TOKEN }}"), b=PH("${{ secrets.PYPI_API_TOKEN }}"), c=PH("${{ secrets.SLACK_WEBHOOK_URL }}"))


@clean
def cl41(r):
    return C("config_properties", "en",
             "spring.datasource.url=jdbc:postgresql://db:5432/app\nspring.datasource.password=⟨a⟩\n"
             "spring.mail.password=⟨b⟩", a=PH("${SPRING_DATASOURCE_PASSWORD:}"), b=PH("${MAIL_PASSWORD}"))


@clean
def cl42(r):
    return C("prose_fr", "fr",
             "La clé d'API Stripe se trouve dans le coffre Vault (chemin secret/data/prod/stripe) ; elle n'est jamais "
             "écrite sur disque. Ce signalement porte sur les journaux, pas sur la clé.")


@clean
def cl43(r):
    return C("ticket", "fr",
             "INC0048811 — L'utilisateur a oublié son mot de passe et demande une réinitialisation. Identité vérifiée "
             "par rappel au numéro de l'annuaire. Aucun mot de passe n'a été communiqué par téléphone ; lien de "
             "réinitialisation envoyé.")


@clean
def cl44(r):
    return C("prose_en", "en",
             "Password: (see the 1Password item \"Prod DB — billing\"). I am not pasting it here on purpose; ask me "
             "for an encrypted channel if you need it.")


@clean
def cl45(r):
    return C("chat", "fr",
             "**Julien Roux** 09:02\nle mdp c'est toujours le même que d'habitude ?\n**Nadia Perrin** 09:03\noui, "
             "regarde dans le coffre, je ne le mets pas ici 🙂")


@clean
def cl46(r):
    return C("chat", "en",
             "**Grace Henderson** 4:15 PM\ndid you rotate the password after the audit?\n**Sanjay Patel** 4:16 PM\n"
             "yes, new one is in the vault, old one revoked ✅")


@clean
def cl48(r):
    return C("prose_en", "en",
             "The JS validator uses `/^(?=.*[A-Z])(?=.*\\d).{12,}$/` for passwords, but the API does not enforce it, "
             "so a one-character password can be set with a direct PUT.")


@clean
def cl49(r):
    return C("sql_dump", "en",
             "CREATE TABLE users (\n  id BIGSERIAL PRIMARY KEY,\n  email TEXT NOT NULL UNIQUE,\n  password_hash VARCHAR(60) NOT NULL,\n"
             "  date_of_birth DATE,\n  created_at TIMESTAMPTZ DEFAULT now()\n);")


@clean
def cl50(r):
    return C("csv_export", "fr",
             "commande;date;montant;statut\n⟨o1⟩;⟨d1⟩;149,90;expédiée\n⟨o2⟩;⟨d2⟩;32,00;annulée",
             o1=Neg("CMD-2025-004471", "order_id"), d1=Neg("12/03/2025", "date_no_birth"),
             o2=Neg("CMD-2025-004472", "order_id"), d2=Neg("13/03/2025", "date_no_birth"))


@clean
def cl51(r):
    return C("key_file", "en",
             "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n⟨b⟩\n-----END PGP PUBLIC KEY BLOCK-----",
             b=Neg("\n".join(_lines(b64(bytes.fromhex("99020d04") + rbytes(r, 400)))), "public_key"))


@clean
def cl52(r):
    rep = r.choice(REPORTERS)
    return C("email", "fr",
             "De" + NBSP + ": ⟨a⟩\nÀ" + NBSP + ": ⟨b⟩\nObjet" + NBSP + ": Signalement — contournement de l'authentification\n\nBonjour,\n\nJe "
             "vous écris au sujet du portail fournisseurs. Vous pouvez me joindre à l'adresse ci-dessus ; merci "
             "de me confirmer la bonne réception.", reporter=rep, a=Neg(rep, "reporter_email"),
             b=Neg("psirt@thalesgroup.com", "psirt_email"))


@clean
def cl53(r):
    rep = r.choice(REPORTERS)
    return C("email", "en",
             "From: ⟨a⟩\nTo: ⟨b⟩\nSubject: Appeal — no response from CNA\n\nWe contacted the CNA on 2025-01-06 and "
             "never received an answer. Reply to ⟨c⟩ please.", reporter=rep, a=Neg(rep, "reporter_email"),
             b=Neg("cna-coordinator@thalesgroup.com", "psirt_email"), c=Neg(rep, "reporter_email"))


@clean
def cl54(r):
    return C("prose_en", "en",
             "Commit ⟨a⟩ removed the hard-coded key and the history was rewritten; the key itself had been "
             "revoked the same day, so this is informational only.", a=Neg(sha1(r), "git_sha"))


@clean
def cl55(r):
    return C("http_response", "en",
             "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=\"Admin area\"\nContent-Type: text/html\n\n"
             "<h1>Invalid username or password</h1>")


@clean
def cl56(r):
    return C("prose_fr", "fr",
             "Le fichier de sauvegarde contient des empreintes bcrypt (coût 12) ; nous ne les avons ni cassées ni "
             "conservées, et nous ne les reproduisons pas ici.")


@clean
def cl57(r):
    return C("command_line", "en",
             "git clone ⟨a⟩\ngit clone ⟨b⟩\ncurl -sSf ⟨c⟩ | sh",
             a=Neg("git@github.com:hemera-dev/firmware.git", "url_no_password"),
             b=Neg("https://gitlab.com/orbitale/sdk.git", "url_no_password"),
             c=Neg("https://sh.rustup.rs", "url_no_password"))


@clean
def cl58(r):
    return C("prose_fr", "fr",
             "Le mot de passe est stocké en clair dans la base, ce qui est l'objet du signalement ; je n'ai consulté "
             "que mon propre compte pour le vérifier.")


@clean
def cl59(r):
    return C("prose_en", "en",
             "The password is the same as the username on the demo tenant — that is by design according to your "
             "docs, but the demo tenant shares its database with production.")


@clean
def cl60(r):
    return C("chat", "en",
             "**Ryan Brennan** 11:20 AM\nrepro steps: log in, open settings, click \"Change password\", submit the form "
             "twice quickly 🏎️\n**Ryan Brennan** 11:21 AM\nthe second request bypasses the current-password check")


@clean
def cl61(r):
    return C("json_api", "en",
             "{\"event\": \"password_reset_requested\", \"user_id\": \"⟨u⟩\", \"at\": \"⟨t⟩\", \"ip\": \"⟨ip⟩\"}",
             u=Neg(uuid_str(r), "uuid"), t=Neg("2025-03-18T11:02:44.120Z", "timestamp"), ip=Neg(public_ip(r), "public_ip"))


@clean
def cl62(r):
    return C("prose_fr", "fr",
             "Pour reproduire : créez un compte avec le mot de passe de votre choix, puis remplacez l'identifiant "
             "dans la requête par ⟨u⟩. Version testée : ⟨v⟩.", u=Neg(uuid_str(r), "uuid"), v=V(r))


@clean
def cl63(r):
    return C("env_file", "fr",
             "# .env.dist — valeurs d'exemple, à remplacer\nMOT_DE_PASSE_BDD=⟨a⟩\nCLE_API=⟨b⟩\nJWT_SECRET=⟨c⟩",
             a=PH("à_remplir"), b=PH("your-api-key-here"), c=PH("changeme"))


@clean
def cl64(r):
    return C("prose_en", "en",
             "Wi-Fi: the guest network is open (no PSK) and the staff network uses WPA2-Enterprise with per-user "
             "certificates, so there is no shared key to leak.")


@clean
def cl65(r):
    return C("config_yaml", "en",
             "# ansible vars\nmysql_root_password: ⟨a⟩\nadmin_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  ⟨h⟩",
             a=PH("\"{{ vault_mysql_root_password }}\""), h=rs(r, "0123456789", 64))


@clean
def cl66(r):
    return C("prose_fr", "fr",
             "La durée de vie du jeton d'accès est de 15 minutes et celle du jeton de rafraîchissement de 30 jours ; "
             "aucun des deux n'est révoqué à la déconnexion.")


@clean
def cl68(r):
    return C("http_request", "en",
             "POST /api/login HTTP/1.1\nHost: app.⟨d⟩\nContent-Type: application/json\n\n{\"username\": \"⟨a⟩\", "
             "\"password\": \"⟨b⟩\"}", d=r.choice(PUB_DOMAINS), a=PH("<username>"), b=PH("<password>"))


@clean
def cl69(r):
    return C("prose_fr", "fr",
             "Le jeton ressemble à ⟨t⟩ mais il est tronqué dans la capture (il manque 6 caractères) ; je ne "
             "dispose pas de la valeur complète.", t=Neg("glpat-" + rs(r, ALNUM, 14), "near_miss_token"))


@clean
def cl70(r):
    return C("chat", "fr",
             "[09/04/2025, 10:02] Benoît: c'est quoi le mot de passe du wifi ?\n[09/04/2025, 10:03] Céline: "
             "demande à l'accueil, ils te donnent un code à la journée 😉")


# --------------------------------------------------------------------------------------------
# Documentation values (info): not clean, not real
# --------------------------------------------------------------------------------------------

INFO = []


def info(fn):
    INFO.append(fn)
    return fn


def I(v, cat):
    return Lab(v, cat, info=True)


@info
def in01(r):
    return C("prose_en", "en",
             "To configure the CLI, run `aws configure` and enter the keys from the console, for example "
             "⟨a⟩ and ⟨b⟩ as shown in the AWS documentation.",
             a=I("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id"), b=I("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_key"))


@info
def in02(r):
    return C("ticket", "fr",
             "Recette du paiement : utiliser les cartes de test ⟨a⟩ (Visa) et ⟨b⟩ (Mastercard) en mode sandbox, "
             "date d'expiration future quelconque.",
             a=I("4242 4242 4242 4242", "payment_card"), b=I("5555 5555 5555 4444", "payment_card"))


@info
def in03(r):
    return C("prose_en", "en",
             "Paste a token such as ⟨t⟩ into the debugger to see its claims; this one is the sample from jwt.io.",
             t=I(JWT_IO, "jwt"))


@info
def in04(r):
    return C("config_yaml", "en",
             "# sample config from the README\nbilling:\n  iban: ⟨i⟩\n  contact: ⟨e⟩\n  nino_example: ⟨n⟩",
             i=I("GB82WEST12345698765432", "iban"), e=I("jane.doe@example.com", "email_address"),
             n=I("QQ123456C", "national_id"))


@info
def in05(r):
    return C("prose_fr", "fr",
             "Dans la documentation, l'adresse d'exemple est ⟨a⟩ et la carte de test ⟨b⟩ ; aucune donnée réelle "
             "n'apparaît dans la capture.", a=I("prenom.nom@example.org", "email_address"), b=I("4111 1111 1111 1111", "payment_card"))


@info
def in06(r):
    return C("http_request", "en",
             "POST /v1/invite HTTP/1.1\nHost: api.⟨d⟩\nContent-Type: application/json\n\n{\"email\": \"⟨a⟩\", \"cc\": "
             "\"⟨b⟩\"}", d=r.choice(PUB_DOMAINS), a=I("alice@example.net", "email_address"), b=I("bob@staging.test", "email_address"))


@info
def in07(r):
    return C("prose_fr", "fr",
             "Jeu de tests de l'API de paiement : ⟨a⟩ (American Express) et ⟨b⟩ (Discover) sont les numéros "
             "publiés par le prestataire pour le bac à sable.",
             a=I("378282246310005", "payment_card"), b=I("6011111111111117", "payment_card"))


@info
def in08(r):
    return C("config_ini", "en",
             "; example from the vendor's install guide\n[aws]\naccess_key_id = ⟨a⟩\nsecret_access_key = ⟨b⟩\nnotify = ⟨c⟩",
             a=I("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id"), b=I("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_key"),
             c=I("ops@acme.example", "email_address"))


# --------------------------------------------------------------------------------------------
# Multi-secret carriers (environment dumps, CI variables, secret inventories, cookie jars)
# --------------------------------------------------------------------------------------------

class Frag:
    """Collects slots for templates assembled line by line."""

    def __init__(self):
        self.slots = {}

    def add(self, v):
        name = f"z{len(self.slots)}"
        self.slots[name] = v
        return f"⟨{name}⟩"


# How many draws each category gets from the multi-secret carriers: what the single-secret texts leave
# short of the floor of 15 (plus a margin), spread by a smooth weighted round robin so that the order
# is fixed and every carrier gets a mix.
POOL_NEEDS = {"aws": 5, "github_token": 7, "gitlab_token": 8, "slack_token": 10, "slack_webhook": 8, "stripe_key": 7,
              "google_api_key": 7, "azure_connection_string": 7, "azure_sas_token": 11, "npm_token": 7, "pypi_token": 10,
              "sendgrid_key": 5, "twilio_key": 5, "ai_api_key": 6, "jwt": 8, "url_credentials": 6}
MULTILINE_ORDER = ["gcp_service_account", "private_key"]


def _schedule(needs):
    order, credit, total = [], {k: 0 for k in needs}, sum(needs.values())
    for _ in range(total):
        for k in needs:
            credit[k] += needs[k]
        best = max(needs, key=lambda k: credit[k])
        credit[best] -= total
        order.append(best)
    return order


POOL_ORDER = _schedule(POOL_NEEDS)


class Pool:
    i = 0
    m = 0

    order = []

    @classmethod
    def take(cls, n, multiline=0):
        """The next n categories of the schedule, none twice in one carrier (a repeat swaps places with
        the next different category further down the schedule)."""
        out = []
        for _ in range(n):
            j = cls.i
            while cls.order[j % len(cls.order)] in out:
                j += 1
            a, b = cls.i % len(cls.order), j % len(cls.order)
            cls.order[a], cls.order[b] = cls.order[b], cls.order[a]
            out.append(cls.order[a])
            cls.i += 1
        for _ in range(multiline):
            out.append(MULTILINE_ORDER[cls.m % len(MULTILINE_ORDER)])
            cls.m += 1
        return out


def pool_items(r, cat, F, quote=""):
    """[(KEY_NAME, value-with-slot-markers)] for one pooled category; `quote` wraps plain values."""
    q = quote
    if cat == "aws":
        return [("AWS_ACCESS_KEY_ID", q + F.add(Lab(aws_id(r), "aws_access_key_id")) + q),
                ("AWS_SECRET_ACCESS_KEY", q + F.add(Lab(aws_secret(r), "aws_secret_key", also=["password_assignment"])) + q)]
    if cat == "github_token":
        return [(r.choice(["GITHUB_TOKEN", "GH_PAT", "RELEASE_BOT_TOKEN"]), q + F.add(Lab(gh_token(r), "github_token")) + q)]
    if cat == "gitlab_token":
        return [(r.choice(["GITLAB_API_TOKEN", "GL_TOKEN"]), q + F.add(Lab(gl_token(r), "gitlab_token")) + q)]
    if cat == "slack_token":
        k = r.choice(["xoxb", "xapp", "xoxp"])
        name = {"xoxb": "SLACK_BOT_TOKEN", "xapp": "SLACK_APP_TOKEN", "xoxp": "SLACK_USER_TOKEN"}[k]
        return [(name, q + F.add(Lab(slack_tok(r, k), "slack_token")) + q)]
    if cat == "slack_webhook":
        return [("SLACK_WEBHOOK_URL", q + F.add(Lab(slack_hook(r), "slack_webhook")) + q)]
    if cat == "stripe_key":
        if r.random() < 0.3:
            return [("STRIPE_WEBHOOK_SECRET", q + F.add(Lab(stripe_tok(r, "whsec"), "stripe_key", also=["password_assignment"])) + q)]
        return [("STRIPE_API_KEY", q + F.add(Lab(stripe_tok(r), "stripe_key")) + q)]
    if cat == "google_api_key":
        return [(r.choice(["GOOGLE_MAPS_KEY", "FIREBASE_SERVER_KEY", "YOUTUBE_API_KEY"]), q + F.add(Lab(google_key(r), "google_api_key")) + q)]
    if cat == "azure_connection_string":
        v = azure_storage_conn(r) if r.random() < 0.6 else azure_sb_conn(r)
        return [("AZURE_CONNECTION_STRING", q + F.add(Lab(v, "azure_connection_string", also=["connection_string"])) + q)]
    if cat == "azure_sas_token":
        return [("AZURE_BLOB_SAS", q + F.add(Lab(sas_token(r), "azure_sas_token")) + q)]
    if cat == "npm_token":
        return [("NPM_TOKEN", q + F.add(Lab(npm_tok(r), "npm_token")) + q)]
    if cat == "pypi_token":
        return [("PYPI_API_TOKEN", q + F.add(Lab(pypi_tok(r), "pypi_token")) + q)]
    if cat == "sendgrid_key":
        return [("SENDGRID_API_KEY", q + F.add(Lab(sendgrid_tok(r), "sendgrid_key")) + q)]
    if cat == "twilio_key":
        return [("TWILIO_API_KEY", q + F.add(Lab(twilio_sk(r), "twilio_key")) + q),
                ("TWILIO_API_SECRET", q + F.add(Lab(rs(r, ALNUM, 32), "twilio_key", also=["password_assignment"])) + q)]
    if cat == "ai_api_key":
        k = r.choice(["openai_proj", "anthropic", "openai_legacy", "hf"])
        name = {"openai_proj": "OPENAI_API_KEY", "openai_legacy": "OPENAI_KEY", "anthropic": "ANTHROPIC_API_KEY", "hf": "HF_TOKEN"}[k]
        return [(name, q + F.add(Lab(ai_key(r, k), "ai_api_key")) + q)]
    if cat == "jwt":
        return [(r.choice(["INTERNAL_SERVICE_JWT", "PARTNER_API_TOKEN", "METRICS_BEARER"]),
                 q + F.add(Lab(jwt_tok(r, {"svc": r.choice(["billing", "exporter", "gateway"])}), "jwt")) + q)]
    if cat == "url_credentials":
        kind = r.choice(["smtp", "ftp", "webdav", "mqtt"])
        if kind == "smtp":
            v = F.add(Lab(f"smtps://mailer:{password(r, urlsafe=True)}", "url_credentials")) + f"@smtp.{r.choice(PUB_DOMAINS)}:465"
            return [("SMTP_URL", q + v + q)]
        if kind == "ftp":
            v = F.add(Lab(f"ftp://depot:{password(r, urlsafe=True)}", "url_credentials")) + "@" + F.add(HOST(r, optional=True)) + "/exports"
            return [("EXPORT_FTP_URL", q + v + q)]
        if kind == "webdav":
            v = F.add(Lab(f"https://sync:{password(r, urlsafe=True)}", "url_credentials")) + f"@cloud.{r.choice(PUB_DOMAINS)}/remote.php/dav"
            return [("WEBDAV_URL", q + v + q)]
        v = F.add(Lab(f"mqtt://capteurs:{password(r, urlsafe=True)}", "url_credentials")) + "@" + F.add(IP(r, optional=True)) + ":1883"
        return [("MQTT_BROKER_URL", q + v + q)]
    if cat == "private_key":
        return [("JWT_SIGNING_KEY", "\"" + F.add(KEY(r, r.choice(["ec", "pkcs8"]), nl="\\n")) + "\"")]
    if cat == "gcp_service_account":
        sa = gcp_sa_json(r, indent=0).replace("\n", "")
        return [("GCP_SA_KEY", "'" + F.add(Lab(sa, "gcp_service_account", also=["private_key", "email_address"])) + "'")]
    raise ValueError(cat)


def pool_lines(r, F, n, sep="=", quote="", multiline=0, lower=False):
    lines = []
    for cat in Pool.take(n, multiline):
        for k, v in pool_items(r, cat, F, quote):
            lines.append(f"{k.lower() if lower else k}{sep}{v}")
    return lines


def px_printenv(r):
    F = Frag()
    lines = pool_lines(r, F, r.randint(8, 9), multiline=2) + ["HOME=/root", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin",
                                                 f"HOSTNAME=runner-{rs(r, LOW + DIG, 8)}", "CI=true"]
    r.shuffle(lines)
    return C("server_log", "en",
             "Step 4/9 : RUN printenv | sort   # debug, remove before merging\n" + "\n".join(lines) + "\nRemoving intermediate container",
             **F.slots)


def px_gitlab_vars_fr(r):
    F = Frag()
    rows = [f"| {k} | {v} | oui | non |" for k, v in
            [(a.split("=", 1)[0], a.split("=", 1)[1]) for a in pool_lines(r, F, 8)]]
    return C("ticket", "fr",
             "Copie de l'écran Paramètres > CI/CD > Variables du projet « portail-clients » (aucune variable n'est "
             "masquée) :\n\n| Clé | Valeur | Protégée | Masquée |\n|---|---|---|---|\n" + "\n".join(rows), **F.slots)


def px_secret_table(r):
    F = Frag()
    paths = ["config/settings.js:12", "deploy/.env.prod:4", "scripts/sync.sh:27", "infra/main.tf:88",
             "app/src/main/res/values/keys.xml:6", "docker-compose.override.yml:31", "tools/notify.py:9"]
    r.shuffle(paths)
    rows = []
    for i, line in enumerate(pool_lines(r, F, 8, sep="\t")):
        k, v = line.split("\t", 1)
        rows.append(f"| `{paths[i % len(paths)]}` | {k} | `{v}` |")
    return C("pentest_report", "en",
             "### Appendix B — Secrets found in the public repository history\n\n| Location | Variable | Value |\n"
             "|---|---|---|\n" + "\n".join(rows) + "\n\nAll of them were still accepted by the providers on the day of "
             "testing.", **F.slots)


def px_secret_table_fr(r):
    F = Frag()
    rows = []
    for line in pool_lines(r, F, 8, sep="\t"):
        k, v = line.split("\t", 1)
        rows.append(f"| {k} | {v} | {r.choice(['valide', 'valide', 'non testé'])} |")
    return C("pentest_report", "fr",
             "#### Annexe C — Secrets retrouvés dans l'historique Git du dépôt public\n\n| Variable | Valeur | État |\n"
             "|---|---|---|\n" + "\n".join(rows) + "\n\nNous recommandons la révocation immédiate de l'ensemble.", **F.slots)


def px_vault_json(r):
    F = Frag()
    items = pool_lines(r, F, 8, sep="\t", lower=True)
    body = ",\n".join(f"      \"{a.split(chr(9), 1)[0]}\": \"{a.split(chr(9), 1)[1]}\"" for a in items)
    return C("config_json", "fr",
             "// sortie de `vault kv get -format=json secret/prod/portail` jointe au ticket par le prestataire\n"
             "{\n  \"request_id\": \"" + F.add(Neg(uuid_str(r), "uuid")) + "\",\n  \"data\": {\n    \"data\": {\n" + body +
             "\n    },\n    \"metadata\": {\"version\": 7}\n  }\n}", **F.slots)


def px_postman(r):
    F = Frag()
    items = pool_lines(r, F, 8, sep="\t")
    vals = ",\n".join(f"    {{\"key\": \"{a.split(chr(9), 1)[0].lower()}\", \"value\": \"{a.split(chr(9), 1)[1]}\", \"enabled\": true}}"
                      for a in items)
    return C("config_json", "fr",
             "// environnement Postman « Prod » exporté et joint au ticket\n{\n  \"name\": \"Prod\",\n  \"values\": [\n" + vals +
             "\n  ]\n}", **F.slots)


def px_docker_inspect(r):
    F = Frag()
    items = pool_lines(r, F, 8, multiline=1)
    env = ",\n".join(f"                \"{a}\"" for a in items + ["NODE_ENV=production", "TZ=Europe/Paris"])
    return C("json_api", "en",
             "$ docker inspect billing-worker | jq '.[0].Config'\n{\n            \"Hostname\": \"" + F.add(Neg(rs(r, HEX, 12), "short_sha")) +
             "\",\n            \"Env\": [\n" + env + "\n            ],\n            \"Image\": \"orbitale/billing:" + F.add(V(r)) + "\"\n}",
             **F.slots)


def px_heroku(r):
    F = Frag()
    items = pool_lines(r, F, 8, sep=":  ")
    return C("shell_session", "en",
             "$ heroku config -a orbitale-api\n=== orbitale-api Config Vars\n" + "\n".join(items) +
             "\nWEB_CONCURRENCY:  2", **F.slots)


def px_env_fr(r):
    F = Frag()
    items = pool_lines(r, F, 9, multiline=2)
    return C("env_file", "fr",
             "# .env récupéré sur https://preprod." + r.choice(PUB_DOMAINS) + "/.env (accessible sans authentification)\n"
             "APP_ENV=preprod\nAPP_DEBUG=true\n" + "\n".join(items) + "\nLOG_CHANNEL=stack", **F.slots)


def px_k8s_configmap(r):
    F = Frag()
    items = pool_lines(r, F, 8, sep=": ", quote="\"")
    return C("config_yaml", "fr",
             "# kubectl get configmap notifier-config -o yaml — des secrets rangés dans une ConfigMap, lisible par tout le namespace\napiVersion: v1\nkind: ConfigMap\n"
             "metadata:\n  name: notifier-config\n  namespace: default\ndata:\n" + "\n".join("  " + a for a in items), **F.slots)


def px_cookie_jar(r):
    F = Frag()
    d = r.choice(PUB_DOMAINS)
    rows = []
    for name in r.sample(["PHPSESSID", "sessionid", "JSESSIONID", "_gitlab_session", "ASP.NET_SessionId"], 3):
        rows.append(f".{d}\tTRUE\t/\tTRUE\t1767225600\t{name}\t" + F.add(SESSION(r, name)))
    rows.append(f".{d}\tTRUE\t/\tFALSE\t1767225600\t_ga\t" + F.add(Neg(f"GA1.1.{rdigits(r, 9)}.{rdigits(r, 10)}", "non_session_cookie")))
    rows.append(f".{d}\tTRUE\t/\tTRUE\t1767225600\taccess_token\t" + F.add(Lab(jwt_tok(r), "jwt", also=["session_cookie"])))
    r.shuffle(rows)
    fr = r.random() < 0.5
    return C("credentials_file", "fr" if fr else "en", "# Netscape HTTP Cookie File\n" +
             ("# exporté avec une extension du navigateur, joint au signalement\n" if fr else
              "# exported with a browser extension, attached to the report\n")
             + "\n".join(rows), **F.slots)


def px_localstorage(r):
    F = Frag()
    return C("json_api", "fr",
             "// contenu du localStorage du portail (onglet Application des outils de développement)\n{\n  \"auth.accessToken\": \"" +
             F.add(Lab(jwt_tok(r, {"scope": "portail"}), "jwt")) + "\",\n  \"auth.idToken\": \"" + F.add(Lab(jwt_tok(r, {"amr": ["pwd"]}, "RS256"), "jwt")) +
             "\",\n  \"ui.theme\": \"clair\",\n  \"ui.lang\": \"fr\"\n}", **F.slots)


# URL credentials in their habitats ------------------------------------------------------------

def uc_rtsp(r):
    return C("prose_fr", "fr",
             "Le flux de la caméra du parking est lisible par n'importe qui sur le réseau invité : "
             "⟨u⟩@⟨ip⟩:554/Streaming/Channels/101 (VLC l'ouvre directement).",
             u=Lab(f"rtsp://admin:{password(r, urlsafe=True)}", "url_credentials"), ip=IP(r, optional=True, net="192"))


def uc_pipconf(r):
    return C("config_ini", "en",
             "# /etc/pip.conf on the build image\n[global]\nindex-url = ⟨u⟩@⟨h⟩/repository/pypi-group/simple\ntrusted-host = ⟨h2⟩",
             u=Lab(f"https://ci-reader:{password(r, urlsafe=True)}", "url_credentials"), h=(hh := HOST(r, optional=True, head="nexus")),
             h2=Lab(hh.value, "internal_hostname"))


def uc_proxy(r):
    return C("shell_session", "fr",
             "C:\\> set HTTPS_PROXY\nHTTPS_PROXY=⟨u⟩@⟨h⟩:3128",
             u=Lab(f"http://CORP%5Cjdupont:{password(r, urlsafe=True)}", "url_credentials"), h=HOST(r, optional=True, head="proxy"))


def uc_jenkins(r):
    return C("command_line", "en",
             "# cron on the old build box\n0 2 * * * curl -s -X POST \"⟨u⟩@⟨h⟩:8080/job/nightly/build?token=nightly\"",
             u=Lab(f"http://admin:{password(r, urlsafe=True)}", "url_credentials"), h=HOST(r, optional=True, head="jenkins"))


def uc_ical(r):
    return C("email", "fr",
             "Bonjour,\n\nPour vous abonner au planning des astreintes, ajoutez ce lien dans votre agenda :\n"
             "⟨u⟩@planning.⟨d⟩/astreintes.ics\n\nLe lien contient l'identifiant partagé, ne le transférez pas.\n\nBenoît",
             u=Lab(f"https://astreintes:{password(r, urlsafe=True)}", "url_credentials"), d=r.choice(PUB_DOMAINS))


def uc_git_remote(r):
    return C("shell_session", "en",
             "$ git remote -v\norigin\t⟨u⟩@bitbucket.org/orbitale/mobile-app.git (fetch)\norigin\t⟨u2⟩@bitbucket.org/orbitale/mobile-app.git (push)",
             u=(uu := Lab(f"https://mobile-ci:{password(r, urlsafe=True)}", "url_credentials")), u2=Lab(uu.value, "url_credentials"))


def uc_sftp_chat(r):
    return C("chat", "en",
             "**Wesley Castillo** 9:40 AM\njust use ⟨u⟩@⟨h⟩/incoming/ for the drop, same as last quarter",
             u=Lab(f"sftp://partner:{password(r, urlsafe=True)}", "url_credentials"), h=HOST(r, optional=True))


def uc_nas(r):
    return C("chat", "fr",
             "[22/02/2025, 20:11] Mathieu: le NAS de la maison c'est ⟨u⟩@⟨h⟩:5001 si tu veux récupérer les photos 📷",
             u=Lab(f"https://admin:{password(r, urlsafe=True)}", "url_credentials"), h=HOST(r, optional=True, suffix=".home.arpa", head="nas"))


# More personal data -----------------------------------------------------------------------------

def pd_payment_api(r):
    return C("http_response", "en",
             "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"payment_methods\": [{\"type\": \"card\", \"pan\": \"⟨c1⟩\", "
             "\"exp\": \"08/28\", \"holder\": \"⟨hn⟩\"}, {\"type\": \"sepa\", \"iban\": \"⟨i1⟩\", \"mandate\": \"⟨m⟩\"}, {\"type\": \"sepa\", \"iban\": \"⟨i2⟩\"}, "
             "{\"type\": \"card\", \"pan\": \"⟨c2⟩\", \"exp\": \"01/27\"}]}",
             hn=" ".join(person(r, r.choice(["en", "fr"]))).upper(), c1=CARD(r, style=2), i1=IBAN(r, r.choice(["DE", "NL", "BE"]), False), i2=IBAN(r, "FR", False), m=Neg(uuid_str(r), "uuid"), c2=CARD(r, "amex", 2))


def pd_rib_chat(r):
    return C("chat", "fr",
             "**Aurélie Morel** 11:02\nvoilà le RIB du fournisseur pour le virement urgent : ⟨i⟩ (BIC AGRIFRPP⟨b⟩)\n"
             "**Thomas Girard** 11:05\nok je le passe cet après-midi", i=IBAN(r, "FR", True), b=rdigits(r, 3, False))


def pd_ticket_iban(r):
    n, e = name_and_email(r, "fr")
    return C("ticket", "fr",
             "Demande de remboursement n° RMB-⟨n⟩\nClient" + NBSP + ": ⟨nm⟩ (⟨e⟩)\nIBAN communiqué par le client" + NBSP +
             ": ⟨i⟩\nMotif" + NBSP + ": double prélèvement", n=rdigits(r, 6), nm=n, e=e, i=IBAN(r, r.choice(["FR", "BE", "LU"])))


def pd_pentest_cards(r):
    return C("pentest_report", "en",
             "**Evidence.** The `/api/orders/{id}/receipt` endpoint returns full card numbers for any order id. Two "
             "samples (CVV not returned): ⟨c1⟩ and ⟨c2⟩.", c1=CARD(r, "mc2", 0), c2=CARD(r, "visa", 0))

# Private keys and service accounts in more habitats ----------------------------------------------

def kx_python_source(r):
    return C("python_config", "en",
             "# tools/sign_license.py (excerpt)\nfrom cryptography.hazmat.primitives import serialization\n\n"
             "LICENSE_SIGNING_KEY = b\"\"\"⟨k⟩\n\"\"\"\n\nkey = serialization.load_pem_private_key(LICENSE_SIGNING_KEY, password=None)",
             k=KEY(r, r.choice(["ec", "pkcs8", "rsa"])))


def kx_issue_fr(r):
    return C("issue_comment", "fr",
             "Le paquet Debian publié (`hemera-agent_⟨v⟩_amd64.deb`) embarque la clé privée du serveur de mise à jour, "
             "dans `/opt/hemera/etc/update.key` :\n\n```\n⟨k⟩\n```\n\nMerci de la révoquer et de republier le paquet.",
             v=V(r), k=KEY(r, r.choice(["rsa", "ec"])))


def kx_ticket_en(r):
    return C("ticket", "en",
             "*Summary:* SSH host key of the bastion pasted in the onboarding page\n*Description:* the page contains:\n"
             "{noformat}\n⟨k⟩\n{noformat}\nThe key is still the one served by ⟨h⟩.",
             k=KEY(r, "openssh"), h=HOST(r, head="jump"))


def kx_email_fr(r):
    return C("email", "fr",
             "Objet" + NBSP + ": clé pour le SFTP partenaire\n\nBonjour,\n\nJe vous mets la clé ci-dessous pour ne pas "
             "la joindre en pièce jointe (le filtre la bloque) :\n\n⟨k⟩\n\nPour l'utilisateur « partenaire » sur ⟨ip⟩.\n\nCordialement",
             k=KEY(r, r.choice(["openssh", "rsa"])), ip=IP(r))


def kx_java_props(r):
    return C("config_properties", "en",
             "# signer.properties\nsigner.alias=release\nsigner.key=⟨k⟩\\n\nsigner.keystore.password=⟨pw⟩",
             k=KEY(r, "ec", nl="\\n"), pw=PW(r))


def gx_chat_fr(r):
    return C("chat", "fr",
             "**Jérôme Lemoine** 16:48\nje te colle le JSON du compte de service, tu pourras lancer l'export depuis ton poste\n"
             "```\n⟨sa⟩\n```\n**Jérôme Lemoine** 16:49\nsupprime-le de ton historique après 🙏", sa=GCP(r))


def gx_compose(r):
    sa = gcp_sa_json(r, indent=0).replace("\n", "")
    return C("config_yaml", "en",
             "services:\n  exporter:\n    image: orbitale/bq-exporter:⟨v⟩\n    environment:\n      GOOGLE_CREDENTIALS: '⟨sa⟩'\n"
             "      DATASET: analytics", v=V(r), sa=Lab(sa, "gcp_service_account", also=["private_key", "email_address"]))


def gx_python(r):
    return C("python_config", "fr",
             "# notebook d'analyse partagé sur le drive de l'équipe\nimport json\nfrom google.oauth2 import service_account\n\n"
             "info = json.loads('''⟨sa⟩''')\ncreds = service_account.Credentials.from_service_account_info(info)",
             sa=GCP(r))


def gx_ticket(r):
    return C("ticket", "en",
             "INC0057730 — user attached a credentials file to a public support case.\nAttachment content:\n\n⟨sa⟩\n\n"
             "Action: attachment removed from the portal, key not yet revoked.", sa=GCP(r))


def px_tfstate(r):
    F = Frag()
    items = pool_lines(r, F, 8, sep="\t", lower=True)
    outs = ",\n".join(f"    \"{a.split(chr(9), 1)[0]}\": {{\"value\": \"{a.split(chr(9), 1)[1]}\", \"type\": \"string\", \"sensitive\": true}}"
                      for a in items)
    return C("config_json", "en",
             "// terraform.tfstate served from the public S3 bucket (outputs section)\n{\n  \"version\": 4,\n  \"terraform_version\": \"" +
             F.add(V(r)) + "\",\n  \"outputs\": {\n" + outs + "\n  }\n}", **F.slots)


def hx_burp(r):
    F = Frag()
    d = r.choice(PUB_DOMAINS)
    sname = r.choice(["JSESSIONID", "PHPSESSID", "connect.sid"])
    parts = [
        "GET /api/v2/me HTTP/1.1\nHost: app." + d + "\nAuthorization: Bearer " + F.add(Lab(jwt_tok(r), "authorization_header", also=["jwt"])),
        "GET /legacy/report.jsp?id=77 HTTP/1.1\nHost: legacy." + d + "\nAuthorization: Basic " + F.add(Lab(basic_value(r), "authorization_header")) +
        "\nCookie: " + sname + "=" + F.add(SESSION(r, sname)),
        "POST /graphql HTTP/1.1\nHost: api." + d + "\nX-Api-Key: " + F.add(Lab(rs(r, ALNUM, 40), "authorization_header", also=["password_assignment"])),
        "GET /v1/exports HTTP/1.1\nHost: partners." + d + "\nAuthorization: Bearer " + F.add(Lab(rs(r, B64URL, 48), "authorization_header")),
    ]
    lang = r.choice(["en", "fr"])
    head = ("Burp Suite — proxy history, 4 items selected, \"Copy as requests\":\n\n" if lang == "en"
            else "Extrait de l'historique Burp (4 requêtes copiées) — les jetons sont tous acceptés par le serveur :\n\n")
    return C("http_request", lang, head + "\n\n".join(parts), **F.slots)


# --------------------------------------------------------------------------------------------
# The plan: which template, how many times
# --------------------------------------------------------------------------------------------

PLAN = [
    # English prose
    (pe_apposition, 1), (pe_value_first, 1), (pe_passive_archive, 1), (pe_parentheses, 1), (pe_split_lines, 1),
    (pe_table, 1), (pe_curly_quotes, 1), (pe_dash, 1), (pe_typo, 1), (pe_caps, 1), (pe_pin, 1), (pe_passphrase, 1),
    (pe_keystore, 1), (pe_namely, 1), (pe_enter_when, 1), (pe_set_to, 1), (pe_bind, 1), (pe_inline_pair, 1),
    (pe_arrows, 1), (pe_phone_call, 1), (pe_wifi_phrase, 1), (pe_stripe, 1), (pe_aws, 1), (pe_github_layer, 1),
    (pe_openai, 1), (pe_webhook, 1), (pe_npmrc, 1), (pe_twilio, 1), (pe_idor_us, 1), (pe_idor_uk, 1),
    (pe_gcp_issue, 1),
    # French prose
    (pf_apposition, 1), (pf_value_first, 1), (pf_passive, 1), (pf_reset_sms, 1), (pf_typo, 1), (pf_sesame, 1),
    (pf_code_acces, 1), (pf_split, 1), (pf_table, 1), (pf_dicte, 1), (pf_two, 1), (pf_gpg, 1), (pf_pin_card, 1),
    (pf_apk, 1), (pf_kickoff, 1), (pf_dapres, 1), (pf_nnbsp, 1), (pf_google, 1), (pf_gitlab, 1), (pf_patient, 1),
    (pf_card_export, 1), (pf_mdp_equals, 1), (pf_hyphen, 1), (pf_comme, 1), (pf_aws, 1),
    (pf_wpa, 1), (pf_foreign_ids, 1), (pf_slack, 1), (pf_anthropic, 1), (pf_pypi, 1), (pf_private_key, 1),
    # chats
    (ch_whatsapp_nas, 1), (ch_teams_fr, 1), (ch_mattermost, 1), (ch_slack_grafana, 1), (ch_slack_bot, 1),
    (ch_discord_pi, 1), (ch_teams_sas, 1), (ch_whatsapp_client, 1), (ch_slack_jwt, 1), (ch_mm_wifi, 1),
    (ch_slack_split, 1), (ch_irc, 1), (ch_whatsapp_iban, 1), (ch_slack_gitlab, 1),
    (ch_keepass, 1), (ch_maps_phone, 1), (ch_ci_bot, 1), (ch_alarm, 1), (ch_ai_public, 1), (ch_teams_dossier, 1),
    (ch_discord_npm, 1), (ch_stripe_rk, 1), (ch_key_paste, 1), (ch_webhook_fr, 1),
    # e-mails
    (em_forward_vpn, 1), (em_quoted_sftp, 1), (em_html_fr, 1), (em_html_en, 1), (em_outlook_conn, 1),
    (em_refund, 1), (em_to_psirt, 1), (em_db_leak, 1), (em_pypi, 1), (em_thales_thread, 1), (em_reply_key, 1),
    (em_sa_json, 1),
    # issues, tickets, reports
    (ic_docker_run, 1), (ic_suggestion, 1), (ic_gitlab_job, 1), (ic_error_url, 1), (ic_actions_npm, 1),
    (ic_diff_webhook, 1), (ic_smtp_field, 1), (ic_jdbc_trace, 1), (ic_sas_config, 1), (ic_twilio_yaml, 1),
    (tk_servicenow_fr, 1), (tk_jira_markup, 1), (tk_jira_en, 1), (tk_snow_en, 1), (tk_jira_hash, 1),
    (tk_jira_fr_table, 1), (tk_snow_card, 1),
    (pr_db_properties, 1), (pr_ntds_fr, 1), (pr_secretsdump, 1), (pr_jwt_secret, 1), (pr_js_bundle, 1),
    (pr_ssrf_metadata, 1), (pr_id_rsa, 1), (pr_sendgrid, 1), (pr_htpasswd, 1),
    # HTTP and command lines
    (hr_basic, 1), (hr_bearer_cookies, 1), (hr_session, 2), (hr_form_login, 1), (hr_json_login, 1),
    (hr_set_cookie, 2), (hr_token_response, 1), (hr_idor_fr, 1), (hr_debug_page, 1), (hr_har, 1), (hr_har_fr, 1),
    (cl_curl_bearer, 1), (cl_curl_user, 1), (cl_httpie, 1), (cl_curl_cookie, 1), (cl_wget, 1), (cl_powershell_apikey, 1),
    (cl_powershell_cred, 1), (cl_github_api, 1), (cl_gitlab_api, 1), (cl_openai, 1),
    (cl_anthropic, 1), (cl_twilio, 1), (cl_sas_download, 1), (cl_git_clone, 1),
    (cl_docker_login, 1), (hr_x_api_key, 1), (hr_bearer_jwt_fr, 1),
    (hr_response_gcp, 1),
    # configuration files
    (cf_tfvars, 1), (cf_tfvars_fr, 1), (cf_tf_heredoc, 1), (cf_ansible, 1), (cf_ansible_fr, 1), (cf_dockerfile, 1),
    (cf_dockerfile_fr, 1), (cl_docker_run, 1), (cf_k8s_secret, 1), (cf_k8s_deploy, 1), (cf_k8s_gcp_b64, 1),
    (cf_k8s_tls, 1), (cf_systemd, 1), (cf_php_define, 1), (cf_wp_config, 1), (cf_settings_py, 1),
    (cf_web_config, 1), (cf_tomcat_users, 1), (cf_filezilla, 1), (cf_spring_props, 1), (cf_spring_yaml_fr, 1),
    (cf_netrc, 1), (cf_pgpass, 1), (cf_git_credentials, 1), (cf_env_uris, 1), (cf_compose, 1), (cf_helm_values, 1),
    (cf_appsettings, 1), (cf_iot_json, 1), (cf_npmrc_pypirc, 1), (cf_aws_credentials, 1), (cf_actions, 1),
    (cf_shadow, 1), (cf_ldif, 1), (cf_env_symbols, 1), (cf_ini_symbols, 1), (cf_config_json, 1), (cf_sasl, 1),
    (cf_env_private_key, 1), (cf_sa_env, 1), (cf_ansible_key, 1),
    (kf_plain, 1), (kf_pgp, 1), (kf_sa, 1),
    # shell, logs, traces, dumps, exports
    (sh_aws, 1), (sh_mysql, 1), (sh_kubectl, 1), (sh_htpasswd, 1), (sh_psql, 1), (sh_redis, 1), (sh_netuse, 1),
    (sh_vault_fr, 1), (lg_mongo, 1), (lg_nginx, 1), (lg_sshd, 1), (lg_headers_fr, 1), (lg_spring, 1),
    (lg_gitlab_runner, 1), (st_python, 1), (st_java, 1), (st_node, 1), (st_php, 1),
    (st_dotnet_fr, 1), (sq_users, 1), (sq_customers_fr, 1), (sq_copy_nir, 1), (cv_customers, 1), (cv_rh_fr, 1),
    (cv_cards, 1), (cv_de_es, 1),
    # multi-secret carriers, URL credentials, more personal data, keys
    (px_printenv, 3), (px_gitlab_vars_fr, 1), (px_secret_table, 2), (px_secret_table_fr, 1), (px_vault_json, 1),
    (px_postman, 1), (px_docker_inspect, 1), (px_heroku, 1), (px_env_fr, 3), (px_k8s_configmap, 1),
    (px_cookie_jar, 2), (px_localstorage, 1), (px_tfstate, 1), (hx_burp, 2),
    (uc_rtsp, 1), (uc_pipconf, 1), (uc_proxy, 1), (uc_jenkins, 1), (uc_ical, 1), (uc_git_remote, 1), (uc_sftp_chat, 1),
    (uc_nas, 1),
    (pd_payment_api, 2), (pd_rib_chat, 2), (pd_ticket_iban, 2), (pd_pentest_cards, 1),
    (kx_python_source, 1), (kx_issue_fr, 1), (kx_ticket_en, 1), (kx_email_fr, 1), (kx_java_props, 1),
    (gx_chat_fr, 1), (gx_compose, 1), (gx_python, 1), (gx_ticket, 1),
]


SIGNATURES = {"en": ["\n\nReported by ⟨e⟩ — happy to help verify the fix.", "\n\n--\n⟨e⟩ (independent researcher)",
                      "\n\nContact: ⟨e⟩, PGP key on request."],
              "fr": ["\n\nSignalé par ⟨e⟩, disponible pour toute question.", "\n\n--\n⟨e⟩ — chercheur indépendant",
                     "\n\nMe répondre à ⟨e⟩ (clé PGP sur demande)."]}


def sign(r, case):
    """Append the reporter's own address (a negative: the scanner is told it is the reporter's)."""
    rep = r.choice(REPORTERS)
    tpl = r.choice(SIGNATURES[case.language])
    tail = C(case.carrier, case.language, tpl, reporter=rep, e=Neg(rep, "reporter_email"))
    off = u16(case.text)
    case.text += tail.text
    case.negatives += [(s + off, e + off, n) for s, e, n in tail.negatives]
    case.reporter_email = rep
    return case


def build():
    r = random.Random(SEED)
    Pool.i = Pool.m = 0
    Pool.order = list(POOL_ORDER)
    cases = []
    for fn, n in PLAN:
        for _ in range(n):
            c = fn(r)
            if c.carrier in ("prose_en", "prose_fr", "pentest_report", "issue_comment") and not c.reporter_email \
                    and r.random() < 0.3:
                c = sign(r, c)
            cases.append(c)
    for fn in CLEAN:
        cases.append(fn(r))
    for fn in INFO:
        cases.append(fn(r))
    r.shuffle(cases)
    return cases


def label_json(start, end, lab):
    d = {"start": start, "end": end, "category": lab.category, "severity": lab.severity()}
    if lab.also:
        d["also"] = lab.also
    if lab.optional:
        d["optional"] = True
    if lab.encoding:
        d["encoding"] = lab.encoding
    return d


def case_id(i):
    return f"b4-{i + 1:03d}"


def serialise(cases):
    lines = []
    for i, c in enumerate(cases):
        d = {"id": case_id(i), "carrier": c.carrier, "language": c.language, "text": c.text,
             "labels": [label_json(s, e, l) for s, e, l in sorted(c.labels, key=lambda x: x[0])],
             "negatives": [{"start": s, "end": e, "kind": n.kind} for s, e, n in sorted(c.negatives, key=lambda x: x[0])]}
        if c.reporter_email:
            d["reporter_email"] = c.reporter_email
        lines.append(json.dumps(d, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# Self-check
# --------------------------------------------------------------------------------------------

DOC_VALUES = {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", JWT_IO, "GB82WEST12345698765432",
              "QQ123456C"} | TEST_CARDS
RESERVED_MAIL = re.compile(r"@(?:[\w.-]+\.)?(?:example\.(?:com|org|net)|example|test|invalid|localhost)$", re.I)
PROFILE_MAILS = {"psirt@thalesgroup.com", "cna-coordinator@thalesgroup.com"}
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
PLACEHOLDER_RES = [r"^\$\{.*\}$", r"^\$[A-Z_][A-Z0-9_]*$", r"^%\w+%$", r"^<.*>$", r"^\*+$", r"\{\{", r"^x+$"]


def decoded(lab):
    if lab.encoding == "base64":
        return base64.b64decode(lab.value).decode("utf-8")
    if lab.encoding == "url":
        return urllib.parse.unquote(lab.value)
    return lab.value


def check_value(lab, text, start, end):
    """Return an error string, or None when the labelled value is format-valid for its category."""
    cat = lab.category
    v = decoded(lab)
    if lab.encoding and lab.inner != v:
        return f"encoded value does not decode to the placed value ({lab.encoding})"
    before = slice16(text, 0, start)
    after = slice16(text, end, u16(text))
    if lab.info:
        flat = v.replace(" ", "")
        if cat == "email_address":
            return None if RESERVED_MAIL.search(v) else "info e-mail not at a reserved domain"
        return None if flat in DOC_VALUES or v in DOC_VALUES else "info value is not a known documentation value"
    if cat == "private_key":
        return None if PEM_RE.fullmatch(v) else "not a PEM private key"
    if cat == "aws_access_key_id":
        return None if re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", v) and "EXAMPLE" not in v else "bad AWS key id"
    if cat == "aws_secret_key":
        return None if re.fullmatch(r"[A-Za-z0-9/+]{40}", v) and "EXAMPLE" not in v else "bad AWS secret"
    if cat == "github_token":
        return None if v.startswith("gh") and crc_token_ok(v) else "bad GitHub token checksum"
    if cat == "npm_token":
        return None if v.startswith("npm_") and crc_token_ok(v) else "bad npm token checksum"
    if cat == "gitlab_token":
        return None if re.fullmatch(r"gl(pat|dt|rt|ptt)-[A-Za-z0-9_-]{20}", v) else "bad GitLab token"
    if cat == "slack_token":
        ok = re.fullmatch(r"xox[bpa]-\d{10,13}-\d{10,13}(-\d{10,13})?-[A-Za-z0-9]{24,32}|xoxe\.xoxp-1-[A-Za-z0-9]{100,}|"
                          r"xapp-1-A[A-Z0-9]{8,12}-\d{13}-[0-9a-f]{64}", v)
        return None if ok else "bad Slack token"
    if cat == "slack_webhook":
        ok = re.fullmatch(r"https://hooks\.slack\.com/services/T[A-Z0-9]{8,10}/B[A-Z0-9]{8,10}/[A-Za-z0-9]{24}", v)
        return None if ok else "bad Slack webhook"
    if cat == "stripe_key":
        return None if re.fullmatch(r"(sk|rk)_live_[A-Za-z0-9]{24,107}|whsec_[A-Za-z0-9]{32}", v) else "bad Stripe key"
    if cat == "google_api_key":
        return None if re.fullmatch(r"AIza[0-9A-Za-z_-]{35}", v) else "bad Google API key"
    if cat == "gcp_service_account":
        try:
            d = json.loads(v)
        except ValueError:
            return "service account is not JSON"
        ok = (d.get("type") == "service_account" and PEM_RE.fullmatch(d.get("private_key", "").strip())
              and d.get("client_email", "").endswith(".iam.gserviceaccount.com"))
        return None if ok else "incomplete service account"
    if cat == "azure_connection_string":
        m = re.search(r"AccountKey=([A-Za-z0-9+/=]+);", v)
        if m:
            return None if len(base64.b64decode(m.group(1))) == 64 else "bad AccountKey"
        m = re.search(r"SharedAccessKey=([A-Za-z0-9+/=]+)$", v)
        if m:
            return None if len(base64.b64decode(m.group(1))) == 32 else "bad SharedAccessKey"
        return "no key in Azure connection string"
    if cat == "azure_sas_token":
        m = re.search(r"(?:^|&)sig=([A-Za-z0-9%]+)$", v)
        if not (m and re.search(r"(?:^|&)sv=\d{4}-\d\d-\d\d", v) and re.search(r"(?:^|&)se=", v)):
            return "bad SAS token"
        return None if len(base64.b64decode(urllib.parse.unquote(m.group(1)))) == 32 else "bad SAS signature"
    if cat == "pypi_token":
        return None if re.fullmatch(r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}", v) else "bad PyPI token"
    if cat == "sendgrid_key":
        return None if re.fullmatch(r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}", v) else "bad SendGrid key"
    if cat == "twilio_key":
        if re.fullmatch(r"AC[0-9a-f]{32}", v):
            return None if lab.optional else "account SIDs must be optional"
        return None if re.fullmatch(r"SK[0-9a-f]{32}|[0-9a-f]{32}|[A-Za-z0-9]{32}", v) else "bad Twilio key"
    if cat == "ai_api_key":
        ok = re.fullmatch(r"sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|sk-(proj|svcacct)-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9_-]{74}|"
                          r"sk-ant-api03-[A-Za-z0-9_-]{93}AA|hf_[A-Za-z]{34}", v)
        return None if ok else "bad AI provider key"
    if cat == "jwt":
        return None if jwt_ok(v) and v != JWT_IO else "bad JWT"
    if cat == "url_credentials":
        if not re.fullmatch(r"(https?|ftps?|sftp|smtps?|imaps?|rtsp|mqtt|wss?)://[^:/@\s]+:[^@\s/]+", v):
            return "bad URL credentials"
        return None if after.startswith("@") else "URL credential label must stop before @"
    if cat == "connection_string":
        if lab.encoding:
            ok = re.fullmatch(r"(postgres(ql)?|mysql|mongodb(\+srv)?|rediss?|amqps?|mssql)://[^:/@\s]*:[^@\s]+@[\w.-]+(:\d+)?(/\S*)?", v)
            return None if ok else "bad encoded connection string"
        if re.match(r"[a-z+]+://", v):
            ok = re.fullmatch(r"(postgres(ql)?|mysql|mongodb(\+srv)?|rediss?|amqps?|mssql)://[^:/@\s]*:[^@\s]+", v)
            return None if ok and after.startswith("@") else "bad connection URI label"
        ok = re.search(r"(password|pwd)=$", before, re.I) and re.search(r"(jdbc:|Server=|Data Source=)", before[-300:])
        return None if ok and pw_ok(v) else "password of a key=value connection string expected"
    if cat == "authorization_header":
        if before.endswith("Basic "):
            try:
                dec = base64.b64decode(v, validate=True).decode()
            except Exception:
                return "Basic value is not base64"
            return None if re.fullmatch(r"[^:\s]+:\S{6,}", dec) else "Basic value is not user:password"
        if before.endswith("Bearer "):
            if "jwt" in lab.also:
                return None if jwt_ok(v) else "Bearer JWT is not a JWT"
            return None if len(v) >= 20 and re.fullmatch(r"[A-Za-z0-9._~+/-]+=*", v) else "bad opaque bearer"
        if re.search(r"(X-Api-Key|x-api-key)[\"']?\s*(:|=)\s*[\"']?$", before):
            return None if len(v) >= 20 else "short API key"
        return "authorization value without a scheme or header name"
    if cat == "session_cookie":
        m = (re.search(r"([\w.\-]+)=$", before) or re.search(r"\"name\": \"([\w.\-]+)\", \"value\": \"$", before)
             or re.search(r"\t([\w.\-]+)\t$", before))
        if not m or m.group(1) not in SESSION_NAMES:
            return "session cookie without a session cookie name"
        return None if len(v) >= 16 else "short session id"
    if cat == "password_assignment":
        if lab.fmt == "pin":
            return None if re.fullmatch(r"\d{4,8}", v) else "bad PIN"
        return None if pw_ok(v) else "password looks like a placeholder"
    if cat == "password_hash":
        if lab.fmt == "ntlm":
            return None if re.fullmatch(r"[0-9a-f]{32}", v) and re.search(r"(:|\| )$", before) else "bad NT hash"
        return None if any(re.fullmatch(p, v) for p in HASH_RES[:-1]) else "bad password hash"
    if cat == "payment_card":
        d = re.sub(r"[ -]", "", v)
        if not (d.isdigit() and luhn_ok(d)) or d in TEST_CARDS:
            return "card fails Luhn or is a test card"
        ok = (len(d) == 16 and (d[0] == "4" or 51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720 or d.startswith("6011"))) \
            or (len(d) == 15 and d[:2] in ("34", "37"))
        return None if ok else "card prefix/length"
    if cat == "iban":
        flat = v.replace(" ", "")
        if not iban_valid(flat) or flat in DOC_IBANS:
            return "bad IBAN"
        return None if iban_national_ok(flat) else "IBAN fails its national check digits"
    if cat == "national_id":
        return None if national_id_valid(v) else "national id fails its check"
    if cat == "date_of_birth":
        fmts = {"fr": "%d/%m/%Y", "iso": "%Y-%m-%d", "us": "%m/%d/%Y", "de": "%d.%m.%Y", "en_long": "%B %d, %Y",
                "uk_long": "%d %B %Y"}
        try:
            if lab.fmt == "fr_long":
                day, month, year = v.split(" ")
                assert month in MOIS
            else:
                datetime.datetime.strptime(v, fmts[lab.fmt])
        except Exception:
            return "date does not parse"
        low = before.lower()
        near = any(w in low[-160:] for w in BIRTH_WORDS)
        header = any(w in text.lower().split("\n")[0] + text.lower().split("\n")[1 if "\n" in text else 0]
                     for w in BIRTH_WORDS + ["naissance"])
        return None if near or header else "date of birth without a birth keyword"
    if cat == "email_address":
        if not EMAIL_RE.match(v) or RESERVED_MAIL.search(v) or v in PROFILE_MAILS:
            return "bad or reserved e-mail"
        return None
    if cat == "phone_number":
        d = re.sub(r"\D", "", v)
        if not 9 <= len(d) <= 13:
            return "phone digit count"
        nat = "0" + d[2:] if d.startswith("33") else d
        if any(nat.startswith(f.replace(" ", "")) for f in FICTION_FR) or re.search(r"555-?01\d\d", v) \
                or "7700 900" in v or "20 7946 0" in v:
            return "fictional phone range"
        return None
    if cat == "private_ip":
        try:
            ip = ipaddress.ip_address(v)
        except ValueError:
            return "not an IP"
        nets = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")]
        return None if any(ip in n for n in nets if n.version == ip.version) else "not RFC 1918 / ULA"
    if cat == "internal_hostname":
        ok = re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)*", v) and any(v.endswith(s) for s in SUFFIXES)
        return None if ok else "not an internal host name"
    return f"no check for {cat}"


def iban_national_ok(s):
    """The BBAN's own check digits, for the countries that have a simple public one."""
    c, b = s[:2], s[4:]
    if c == "FR":
        return b[21:].isdigit() and int(b[21:]) == rib_key(b[:5], b[5:10], b[10:21])
    if c == "ES":
        return b[8:10] == es_dc(b[:8], b[10:])
    if c == "IT":
        return b[0] == it_cin(b[1:])
    if c == "BE":
        return int(b[10:]) == (int(b[:10]) % 97 or 97)
    if c == "PT":
        return b[19:] == pt_nib(b[:19])
    if c == "NL":
        return nl_elfproef(b[4:])
    return True


def pw_ok(v):
    if len(v) < 4 or v.lower() in PLACEHOLDER_WORDS:
        return False
    return not any(re.search(p, v) for p in PLACEHOLDER_RES)


LINT = [
    ("e-mail", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    ("private IPv4", re.compile(r"(?<![\d.])(?:10\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])|192\.168)\.\d{1,3}\.\d{1,3}(?![\d.])")),
    ("ULA", re.compile(r"(?<![\w:])fd[0-9a-f]{2}:[0-9a-f:]+")),
    ("internal host", re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*(?:" + "|".join(re.escape(s) for s in SUFFIXES) + r")\b")),
    ("token", re.compile(r"(?:AKIA|ASIA)[A-Z2-7]{16}|gh[pousr]_[A-Za-z0-9]{20,}|gl(?:pat|dt|rt)-[\w-]{10,}|xox[bpae][.-]|xapp-|"
                         r"[sr]k_live_\w+|whsec_|AIza[\w-]{20,}|SG\.[\w-]{10,}\.|npm_[A-Za-z0-9]{20,}|pypi-Ag|sk-(?:ant|proj|svcacct)-|"
                         r"hooks\.slack\.com/services/|eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+|PRIVATE KEY-----|\$2[aby]\$\d\d\$|\$argon2|"
                         r"\$6\$|\$apr1\$|\{SSHA\}")),
]


def check(cases, committed):
    errors = []
    fresh = serialise(cases)
    if committed != fresh:
        errors.append("cases.jsonl is not what the generator writes (run it without --check)")
    per_cat = {c: 0 for c in CATEGORY_GROUP}
    optional = info = non_ascii = 0
    neg_kinds = {}
    clean = info_only = 0
    for i, c in enumerate(cases):
        cid = case_id(i)
        n16 = u16(c.text)
        spans = []
        for s, e, lab in c.labels:
            if not (0 <= s < e <= n16):
                errors.append(f"{cid}: span {s}..{e} outside the text")
                continue
            got = slice16(c.text, s, e)
            if got != lab.value:
                errors.append(f"{cid}: span {s}..{e} slices to {got!r}, not {lab.value!r}")
            if got != got.strip():
                errors.append(f"{cid}: label {got!r} has surrounding white space")
            sev = lab.severity()
            if lab.info and lab.optional:
                errors.append(f"{cid}: a documentation value cannot be optional")
            if sev != ("info" if lab.info else GROUP_SEVERITY[CATEGORY_GROUP[lab.category]]):
                errors.append(f"{cid}: severity {sev} for {lab.category}")
            for a in lab.also:
                if a not in CATEGORY_GROUP or a == lab.category:
                    errors.append(f"{cid}: bad also {a}")
            err = check_value(lab, c.text, s, e)
            if err:
                errors.append(f"{cid}: {lab.category} {lab.value[:40]!r}: {err}")
            if lab.info:
                info += 1
            elif lab.optional:
                optional += 1
            else:
                per_cat[lab.category] += 1
            if not slice16(c.text, 0, s).isascii():
                non_ascii += 1
            spans.append((s, e))
        spans.sort()
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            if s2 < e1:
                errors.append(f"{cid}: labels {s1}..{e1} and {s2}..{e2} overlap")
        for s, e, neg in c.negatives:
            neg_kinds[neg.kind] = neg_kinds.get(neg.kind, 0) + 1
            if slice16(c.text, s, e) != neg.value:
                errors.append(f"{cid}: negative {s}..{e} does not slice to its value")
            if any(s < le and ls < e for ls, le in spans):
                errors.append(f"{cid}: negative {neg.value!r} overlaps a label")
            v = neg.value
            if neg.kind == "near_miss_token" and (crc_token_ok(v) or re.fullmatch(r"glpat-[\w-]{20}", v)):
                errors.append(f"{cid}: near-miss token is valid")
            if neg.kind == "near_miss_personal" and (iban_valid(v.replace(" ", "")) or national_id_valid(v)):
                errors.append(f"{cid}: near-miss personal value is valid")
            if neg.kind == "luhn_invalid" and luhn_ok(re.sub(r"\D", "", v)):
                errors.append(f"{cid}: luhn_invalid passes Luhn")
            if neg.kind == "reporter_email" and v != c.reporter_email:
                errors.append(f"{cid}: reporter_email negative is not the case's reporter_email")
            if neg.kind == "psirt_email" and v not in PROFILE_MAILS:
                errors.append(f"{cid}: psirt_email negative is not a profile address")
        # lint: anything that looks sensitive must sit in a label or a listed negative
        covered = spans + [(s, e) for s, e, _ in c.negatives]
        units = c.text.encode("utf-16-le")
        for what, rx in LINT:
            for m in rx.finditer(c.text):
                ms = u16(c.text[:m.start()])
                me = ms + u16(m.group(0))
                if not any(ms < e and s < me for s, e in covered):
                    errors.append(f"{cid}: unlabelled {what} {m.group(0)[:40]!r}")
        if not c.labels:
            clean += 1
        elif all(l.info for _, _, l in c.labels):
            info_only += 1
        if c.reporter_email and c.reporter_email not in c.text:
            errors.append(f"{cid}: reporter_email not in the text")
    return errors, per_cat, optional, info, non_ascii, clean, info_only, neg_kinds


def report(cases, per_cat, optional, info, non_ascii, clean, info_only, neg_kinds):
    n = len(cases)
    fr = sum(c.language == "fr" for c in cases)
    print(f"cases: {n} ({fr} French, {100 * fr / n:.0f} %)")
    print(f"clean texts (no label at all): {clean}; documentation-only texts: {info_only}; "
          f"texts with a required label: {n - clean - info_only}")
    carriers = {}
    for c in cases:
        k = carriers.setdefault(c.carrier, [0, 0])
        k[0 if c.language == "en" else 1] += 1
    print("\ncarrier            en   fr")
    for k in sorted(carriers, key=lambda x: -sum(carriers[x])):
        print(f"  {k:<16} {carriers[k][0]:>3}  {carriers[k][1]:>3}")
    print("\nrequired labels by group and category:")
    for g, cats in GROUPS.items():
        print(f"  {g}: {sum(per_cat[c] for c in cats)}")
        for c in cats:
            print(f"    {c:<26} {per_cat[c]:>4}")
    print(f"optional labels: {optional}; documentation (info) labels: {info}")
    print(f"labels with non-ASCII text before them: {non_ascii}")
    print("negatives by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(neg_kinds.items(), key=lambda x: (-x[1], x[0]))))


def main():
    cases = build()
    data = serialise(cases)
    if "--check" not in sys.argv[1:]:
        with open(OUT, "wb") as f:
            f.write(data)
        print(f"wrote {OUT} ({len(cases)} cases)")
        return 0
    committed = open(OUT, "rb").read() if os.path.exists(OUT) else b""
    errors, per_cat, optional, info, non_ascii, clean, info_only, neg_kinds = check(cases, committed)
    report(cases, per_cat, optional, info, non_ascii, clean, info_only, neg_kinds)
    for g, cats in GROUPS.items():
        if sum(per_cat[c] for c in cats) < 15:
            errors.append(f"group {g} has fewer than 15 required positives")
        for c in cats:
            if per_cat[c] < 15:
                errors.append(f"category {c} has {per_cat[c]} required positives (< 15, corpus_labels_are_well_formed)")
    if non_ascii < 50:
        errors.append(f"only {non_ascii} labels have non-ASCII text before them (< 50)")
    if clean < 60:
        errors.append(f"only {clean} clean texts (< 60)")
    for e in errors:
        print("FAIL", e)
    print("check: " + ("OK" if not errors else f"{len(errors)} fault(s)"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
