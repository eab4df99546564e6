#!/usr/bin/env python3
"""Blind held-out corpus for the sensitive-data scanner (see README.md next to this file).

Written without reading the scanner's rules or tests/corpus/gen.py. Python 3.11, stdlib only,
deterministic (fixed seed). Writes tests/corpus/blind/cases.jsonl (temp file + os.replace).

Every value is random and fake but format-valid (checksums, Luhn, mod-97, NIR keys...).

Texts are written with inline markers: L(value, category, ...) for a label, N(value, kind) for a
hard negative; markers nest (an optional internal host inside a connection string), and are
turned into UTF-16 offsets by parse().
"""
import base64
import json
import os
import random
import string
import zlib

SEED = 0xB11D
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.jsonl")

GROUPS = {
    "critical": [
        "private_key", "aws_access_key_id", "aws_secret_key", "github_token", "gitlab_token",
        "slack_token", "slack_webhook", "stripe_key", "google_api_key", "gcp_service_account",
        "azure_connection_string", "azure_sas_token", "npm_token", "pypi_token", "sendgrid_key",
        "twilio_key", "ai_api_key", "jwt", "url_credentials", "connection_string",
        "authorization_header", "session_cookie", "password_assignment", "password_hash",
    ],
    "high": ["payment_card", "iban", "national_id", "date_of_birth"],
    "medium": ["email_address", "phone_number", "private_ip", "internal_hostname"],
}
SEV = {cat: sev for sev, cats in GROUPS.items() for cat in cats}

# ---------------------------------------------------------------- markers
O, S, C = "\x01", "\x02", "\x03"


def L(v, cat, also=(), opt=False, info=False, enc=None):
    assert cat in SEV, cat
    for a in also:
        assert a in SEV, a
    meta = "|".join(["L", cat, ",".join(also), "1" if opt else "", "1" if info else "", enc or ""])
    return O + meta + S + v + C


def N(v, kind):
    return O + "N|" + kind + S + v + C


def u16(ch):
    return 2 if ord(ch) > 0xFFFF else 1


def parse(marked):
    out, stack, labels, negs = [], [], [], []
    pos, i = 0, 0
    while i < len(marked):
        ch = marked[i]
        if ch == O:
            j = marked.index(S, i)
            stack.append((marked[i + 1:j], pos))
            i = j + 1
            continue
        if ch == C:
            meta, st = stack.pop()
            f = meta.split("|")
            if f[0] == "L":
                lab = {"start": st, "end": pos, "category": f[1],
                       "severity": "info" if f[4] else SEV[f[1]]}
                if f[2]:
                    lab["also"] = f[2].split(",")
                if f[3]:
                    lab["optional"] = True
                if f[5]:
                    lab["encoding"] = f[5]
                labels.append(lab)
            else:
                negs.append({"start": st, "end": pos, "kind": f[1]})
            i += 1
            continue
        out.append(ch)
        pos += u16(ch)
        i += 1
    assert not stack
    labels.sort(key=lambda x: (x["start"], -x["end"]))
    negs.sort(key=lambda x: x["start"])
    return "".join(out), labels, negs


def J(obj, **kw):
    """json.dumps that keeps markers (json escapes the control characters)."""
    s = json.dumps(obj, ensure_ascii=False, **kw)
    return s.replace("\\u0001", O).replace("\\u0002", S).replace("\\u0003", C)


# ---------------------------------------------------------------- random helpers
c = R.choice
ri = R.randint
DIG = string.digits
UP = string.ascii_uppercase
LO = string.ascii_lowercase
B62 = DIG + UP + LO
B64 = UP + LO + DIG + "+/"
B64U = UP + LO + DIG + "-_"
HEX = "0123456789abcdef"
BCRYPT = "./" + UP + LO + DIG


def rs(alpha, n):
    return "".join(R.choice(alpha) for _ in range(n))


def b64url(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def base62(n, width=6):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


# ---- credentials
def gh_token(prefix="ghp_"):
    body = rs(B62, 30)
    return prefix + body + base62(zlib.crc32(body.encode()))


def gh_token_bad():
    body = rs(B62, 30)
    good = base62(zlib.crc32(body.encode()))
    bad = good[:-1] + ("A" if good[-1] != "A" else "B")
    return "ghp_" + body + bad


def gh_pat():
    return "github_pat_" + rs(B62, 22) + "_" + rs(B62, 59)


def npm_token():
    body = rs(B62, 30)
    return "npm_" + body + base62(zlib.crc32(body.encode()))


def glpat():
    return "glpat-" + rs(B62 + "-_", 20)


def aws_id(prefix="AKIA"):
    return prefix + rs(UP + "234567", 16)


def aws_secret():
    return rs(B62 + "/+", 40)


def slack_bot():
    return f"xoxb-{ri(10**10, 10**12)}-{ri(10**12, 10**13)}-{rs(B62, 24)}"


def slack_user():
    return f"xoxp-{ri(10**10, 10**12)}-{ri(10**10, 10**12)}-{ri(10**12, 10**13)}-{rs(HEX, 32)}"


def slack_hook():
    return f"https://hooks.slack.com/services/T{rs(UP + DIG, 8)}/B{rs(UP + DIG, 10)}/{rs(B62, 24)}"


def stripe(kind="sk"):
    return f"{kind}_live_" + rs(B62, c([24, 34, 99]))


def gkey():
    return "AIza" + rs(B62 + "-_", 35)


def sendgrid():
    return "SG." + rs(B64U, 22) + "." + rs(B64U, 43)


def twilio_secret():
    return rs(HEX, 32)


def twilio_sid(p="AC"):
    return p + rs(HEX, 32)


def ai_key():
    k = ri(0, 4)
    if k == 0:
        return "sk-proj-" + rs(B64U, 156)
    if k == 1:
        return "sk-ant-api03-" + rs(B64U, 93) + "AA"
    if k == 2:
        return "hf_" + rs(UP + LO, 34)
    if k == 3:
        return "gsk_" + rs(B62, 52)
    return "sk-" + rs(B62, 20) + "T3BlbkFJ" + rs(B62, 20)


def pypi_token():
    return "pypi-AgEIcHlwaS5vcmc" + rs(B64U, 160)


def azure_key():
    return base64.b64encode(rbytes(64)).decode()


def azure_conn(account):
    return (f"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={azure_key()};"
            "EndpointSuffix=core.windows.net")


def sas_query():
    sig = base64.b64encode(rbytes(32)).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return (f"sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2026-0{ri(1, 9)}-{ri(10, 28)}T0{ri(0, 9)}:00:00Z"
            f"&st=2025-0{ri(1, 9)}-{ri(10, 28)}T1{ri(0, 9)}:00:00Z&spr=https&sig={sig}")


def jwt(alg="HS256", payload=None):
    hdr = {"alg": alg, "typ": "JWT"}
    if payload is None:
        iat = ri(1_700_000_000, 1_760_000_000)
        payload = c([
            {"sub": str(ri(1000, 999999)), "role": c(["admin", "user", "support"]), "iat": iat, "exp": iat + 3600},
            {"sub": uuid(), "scope": "read write", "iat": iat, "exp": iat + 900, "iss": "auth-service"},
            {"uid": ri(1, 99999), "tenant": c(["acme", "globex", "initech"]), "iat": iat},
        ])
    h = b64url(json.dumps(hdr, separators=(",", ":")).encode())
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    return f"{h}.{p}.{b64url(rbytes(32 if alg == 'HS256' else 256))}"


JWT_IO = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0"
          "IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")


def opaque_token(n=40):
    return rs(B62, n)


PW_SYM = "!%*-_.+="
URL_SYM = "-_.~!*"
WORDS = ["Summer", "Winter", "Paris", "Dragon", "Soleil", "Bonjour", "Falcon", "Orange", "Kraken", "Tigre"]


def pw(url_safe=False):
    if R.random() < 0.35:
        return c(WORDS) + str(ri(10, 2026)) + c("!*-_." if url_safe else "!*-_.%+")
    return rs(B62 + (URL_SYM if url_safe else PW_SYM), ri(12, 24))


def bcrypt():
    return f"${c(['2b', '2y', '2a'])}${c(['10', '12', '11'])}$" + rs(BCRYPT, 53)


def pw_hash():
    k = ri(0, 5)
    if k == 0:
        return bcrypt()
    if k == 1:
        return ("$argon2id$v=19$m=65536,t=3,p=4$" + b64url(rbytes(16)) + "$" + b64url(rbytes(32)))
    if k == 2:
        return "$6$" + rs(BCRYPT, 16) + "$" + rs(BCRYPT, 86)
    if k == 3:
        return "pbkdf2_sha256$600000$" + rs(B62, 22) + "$" + base64.b64encode(rbytes(32)).decode()
    if k == 4:
        return "$apr1$" + rs(BCRYPT, 8) + "$" + rs(BCRYPT, 22)
    return "*" + rs("0123456789ABCDEF", 40)


def pem(kind=None):
    kind = kind or c(["RSA", "EC", "OPENSSH", "PKCS8"])
    if kind == "RSA":
        head, first, n, w = "RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 25, 64
    elif kind == "EC":
        head, first, n, w = "EC PRIVATE KEY", "MHcCAQEEI", 3, 64
    elif kind == "OPENSSH":
        head, first, n, w = "OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW", 7, 70
    else:
        head, first, n, w = "PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ", 25, 64
    lines = [first + rs(B64, w - len(first))] + [rs(B64, w) for _ in range(n - 1)]
    lines.append(rs(B64, ri(8, w - 4)) + c(["", "=", "=="]))
    return f"-----BEGIN {head}-----\n" + "\n".join(lines) + f"\n-----END {head}-----"


def ssh_pub():
    if R.random() < 0.5:
        return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(B64, 43) + " " + c(["ci-runner", "deploy-key", "build"])
    return "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ" + rs(B64, 180) + "= " + c(["ansible", "backup"])


# ---- identifiers (negatives)
def uuid():
    h = rs(HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{c('89ab')}{h[17:20]}-{h[20:]}"


def sha1():
    return rs(HEX, 40)


def sha256():
    return rs(HEX, 64)


def cvss():
    return ("CVSS:3.1/AV:" + c("NAL") + "/AC:" + c("LH") + "/PR:" + c("NLH") + "/UI:" + c("NR") + "/S:" + c("UC")
            + "/C:" + c("HLN") + "/I:" + c("HLN") + "/A:" + c("HLN"))


def version():
    return f"{ri(1, 9)}.{ri(0, 30)}.{ri(0, 20)}"


def public_ip():
    return c([f"203.0.113.{ri(1, 254)}", f"198.51.100.{ri(1, 254)}", f"84.{ri(1, 200)}.{ri(0, 255)}.{ri(1, 254)}",
              f"151.101.{ri(0, 255)}.{ri(1, 254)}", f"185.{ri(1, 250)}.{ri(0, 255)}.{ri(1, 254)}"])


# ---- personal / financial
def luhn_digit(body):
    total = 0
    for i, d in enumerate(reversed(body)):
        d = int(d)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def card_digits():
    k = ri(0, 3)
    if k == 0:
        pre, n = "4" + rs(DIG, 5), 16
    elif k == 1:
        pre, n = str(ri(51, 55)) + rs(DIG, 4), 16
    elif k == 2:
        pre, n = str(ri(2221, 2720)) + rs(DIG, 2), 16
    else:
        pre, n = c(["34", "37"]) + rs(DIG, 4), 15
    body = pre + rs(DIG, n - 1 - len(pre))
    return body + luhn_digit(body)


def fmt_card(d, sep=None):
    sep = c([" ", "-", ""]) if sep is None else sep
    if len(d) == 15:
        return sep.join([d[:4], d[4:10], d[10:]])
    return sep.join(d[i:i + 4] for i in range(0, 16, 4))


def card(sep=None):
    return fmt_card(card_digits(), sep)


def luhn_invalid():
    d = card_digits()
    while len(d) != 16:
        d = card_digits()
    return d[:-1] + str((int(d[-1]) + 3) % 10)


def _iban_num(s):
    return int("".join(str(int(ch, 36)) for ch in s))


def iban(cc=None, spaced=None, bad=False):
    cc = cc or c(["FR", "DE", "ES", "IT", "NL", "BE", "GB", "CH", "PT", "IE"])
    if cc == "FR":
        bank, branch, acct = rs(DIG, 5), rs(DIG, 5), rs(DIG, 11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        bban = bank + branch + acct + f"{key:02d}"
    elif cc == "DE":
        bban = rs(DIG, 18)
    elif cc == "ES":
        bban = rs(DIG, 20)
    elif cc == "IT":
        bban = c(UP) + rs(DIG, 10) + rs(DIG, 12)
    elif cc == "NL":
        bban = c(["ABNA", "INGB", "RABO", "TRIO"]) + rs(DIG, 10)
    elif cc == "BE":
        first = rs(DIG, 10)
        m = int(first) % 97 or 97
        bban = first + f"{m:02d}"
    elif cc in ("GB", "IE"):
        bban = c(["NWBK", "BARC", "HSBC", "LOYD"] if cc == "GB" else ["AIBK", "BOFI"]) + rs(DIG, 14)
    elif cc == "CH":
        bban = rs(DIG, 17)
    else:
        bban = rs(DIG, 21)
    ck = 98 - _iban_num(bban + cc + "00") % 97
    if bad:
        ck = (ck + 7) % 97 or 11
    s = f"{cc}{ck:02d}{bban}"
    spaced = (R.random() < 0.6) if spaced is None else spaced
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if spaced else s


def nir(spaced=None, bad=False):
    sex = c("12")
    yy, mm = f"{ri(40, 99):02d}", f"{ri(1, 12):02d}"
    dept = f"{c([x for x in range(1, 96) if x != 20]):02d}"
    com, order = f"{ri(1, 990):03d}", f"{ri(1, 999):03d}"
    n13 = sex + yy + mm + dept + com + order
    key = 97 - int(n13) % 97
    if bad:
        key = key % 97 + 1
    k = f"{key:02d}"
    spaced = (R.random() < 0.6) if spaced is None else spaced
    if spaced:
        return f"{sex} {yy} {mm} {dept} {com} {order} {k}"
    return n13 + k


def ssn(bad=False):
    if bad:
        area = c(["000", "666", f"9{ri(0, 99):02d}"])
    else:
        area = f"{c([x for x in range(1, 900) if x != 666]):03d}"
    return f"{area}-{ri(1, 99):02d}-{ri(1, 9999):04d}"


NINO_A = "ABCEGHJKLMNOPRSTWXYZ"
NINO_B = "ABCEGHJKLMNPRSTWXYZ"


def nino(spaced=None):
    while True:
        p = c(NINO_A) + c(NINO_B)
        if p not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            break
    d = rs(DIG, 6)
    spaced = (R.random() < 0.5) if spaced is None else spaced
    if spaced:
        return f"{p} {d[:2]} {d[2:4]} {d[4:]} {c('ABCD')}"
    return p + d + c("ABCD")


def dni(bad=False):
    n = ri(10_000_000, 99_999_999)
    letter = "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23]
    if bad:
        letter = "TRWAGMYFPDXBNJZSQVHLCKE"[(n + 5) % 23]
    return f"{n:08d}{letter}"


def nie():
    p = ri(0, 2)
    n = ri(1_000_000, 9_999_999)
    return "XYZ"[p] + f"{n:07d}" + "TRWAGMYFPDXBNJZSQVHLCKE"[int(f"{p}{n:07d}") % 23]


def steuer_id(bad=False):
    while True:
        digits = list(DIG)
        R.shuffle(digits)
        ten = digits[:9]
        ten.append(c(ten))
        R.shuffle(ten)
        if ten[0] != "0":
            break
    product = 10
    for d in ten:
        s = (int(d) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    check = 11 - product
    if check == 10:
        check = 0
    if bad:
        check = (check + 1) % 10
    return "".join(ten) + str(check)


def national_id():
    k = ri(0, 5)
    return [nir, ssn, nino, dni, steuer_id, nie][k]()


MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]


def dob(style=None):
    y, m, d = ri(1948, 2004), ri(1, 12), ri(1, 28)
    style = style if style is not None else ri(0, 4)
    if style == 0:
        return f"{y}-{m:02d}-{d:02d}"
    if style == 1:
        return f"{d:02d}/{m:02d}/{y}"
    if style == 2:
        return f"{d} {MONTHS_FR[m - 1]} {y}"
    if style == 3:
        return f"{MONTHS_EN[m - 1]} {d}, {y}"
    return f"{m:02d}/{d:02d}/{y}"


def plain_date():
    return f"20{ri(19, 25)}-{ri(1, 12):02d}-{ri(1, 28):02d}"


# ---- infrastructure / contacts
FIRST = ["camille", "lucas", "amélie", "jonas", "sofia", "mehdi", "yuki", "fatou", "oliver", "ines", "mateo",
         "hannah", "thibault", "priya", "nikolai", "chloé", "bruno", "aisha", "kenji", "margaux", "ruben", "leila"]
LAST = ["durand", "schneider", "okafor", "nakamura", "garcia", "lefebvre", "kowalski", "nguyen", "rossi",
        "haddad", "moreau", "fischer", "silva", "dubois", "andersen", "benali", "marchetti", "vogel"]
FREEMAIL = ["gmail.com", "outlook.fr", "yahoo.co.uk", "proton.me", "orange.fr", "web.de", "gmx.de", "laposte.net",
            "free.fr", "hotmail.com", "icloud.com", "wanadoo.fr"]
ORGS = ["nordwind-energie.de", "transports-valmy.fr", "helio-clinics.co.uk", "farmacia-solana.es",
        "brightline-logistics.com", "mutuelle-armor.fr", "kestrel-robotics.io", "thalesgroup.com"]


def ascii_name(s):
    return s.replace("é", "e").replace("è", "e").replace("ï", "i")


def person():
    f, l = c(FIRST), c(LAST)
    return f.capitalize(), l.capitalize()


def email(first=None, last=None, domain=None):
    f = ascii_name(first or c(FIRST)).lower()
    l = ascii_name(last or c(LAST)).lower()
    dom = domain or c(FREEMAIL + ORGS)
    local = c([f"{f}.{l}", f"{f[0]}.{l}", f"{f}{l[0]}{ri(1, 99)}", f"{l}.{f}", f"{f}_{l}"])
    return f"{local}@{dom}"


def reporter():
    return c(["h4ck3r.sec", "bughunter", "vuln.research", "sec-notes", "redteam.lab", "n0p.sled"]) + \
        str(ri(1, 999)) + "@" + c(["proton.me", "gmail.com", "tutanota.com", "posteo.de"])


def phone(style=None):
    style = style if style is not None else ri(0, 6)
    if style == 0:
        return f"+33 6 39 98 {ri(10, 99)} {ri(10, 99)}"
    if style == 1:
        return f"06 {ri(10, 99)} {ri(10, 99)} {ri(10, 99)} {ri(10, 99)}"
    if style == 2:
        return f"({c(['415', '212', '646', '312', '617'])}) {ri(201, 549)}-{ri(0, 9999):04d}"
    if style == 3:
        return f"+1 {c(['415', '206', '512'])}-{ri(201, 549)}-{ri(0, 9999):04d}"
    if style == 4:
        return f"+44 7{ri(400, 699)} {ri(100000, 999999)}"
    if style == 5:
        return f"+49 {c(['151', '160', '171'])} {ri(10000000, 99999999)}"
    return f"+34 6{ri(10, 99)} {ri(100, 999)} {ri(100, 999)}"


def priv_ip():
    k = ri(0, 3)
    if k == 0:
        return f"10.{ri(0, 255)}.{ri(0, 255)}.{ri(1, 254)}"
    if k == 1:
        return f"172.{ri(16, 31)}.{ri(0, 255)}.{ri(1, 254)}"
    if k == 2:
        return f"192.168.{ri(0, 255)}.{ri(1, 254)}"
    return f"fd{rs(HEX, 2)}:{rs(HEX, 4)}:{rs(HEX, 4)}::{ri(1, 99)}"


def priv_ip4():
    ip = priv_ip()
    while ":" in ip:
        ip = priv_ip()
    return ip


SVC = ["pg-primary", "mysql-01", "redis-cache", "vault", "jenkins", "gitlab", "ldap", "kafka-2", "mongo-rs0",
       "nexus", "grafana", "sso", "ad01", "backup-nas", "rabbitmq", "elastic-03", "build07", "erp-db"]


def ihost(suffix=None):
    suffix = suffix or c([".internal", ".corp", ".local", ".lan", ".intra", ".intranet", ".svc.cluster.local",
                          ".service.consul", ".home.arpa", ".localdomain"])
    name = c(SVC)
    if suffix == ".svc.cluster.local":
        return f"{name}.{c(['prod', 'payments', 'default', 'data'])}{suffix}"
    if suffix == ".service.consul":
        return f"{name}{suffix}"
    if suffix in (".internal", ".corp", ".intra", ".intranet"):
        return f"{name}.{c(['prod', 'eu-west', 'paris', 'dc1', 'acme'])}{suffix}"
    return f"{name}{suffix}"


INTRO_EN = ["Here is what the endpoint returned (unredacted, sorry 😬):", "Steps to reproduce → output below.",
            "While fuzzing the export I got this back — full dump below.", "Attaching the raw artefact, as requested:",
            "Observed on prod — note the values are live (!):", "PoC output follows ⬇️"]
INTRO_FR = ["Voici ce que renvoie le serveur — données non masquées 😬 :", "Étapes de reproduction → résultat ci-dessous.",
            "En testant l'export j'ai récupéré ceci (extrait brut) :", "Pièce jointe recopiée telle quelle, désolé pour la longueur…",
            "Constaté en production ; les valeurs semblent réelles ⚠️ :", "Résultat de la preuve de concept ⬇️"]


def intro():
    if R.random() < 0.5:
        return "fr", c(INTRO_FR)
    return "en", c(INTRO_EN)


def dbuser():
    return c(["app", "admin", "svc_api", "billing", "postgres", "root", "etl_user", "report_ro"])


def conn_uri(host=None, scheme=None):
    scheme = scheme or c(["postgres", "postgresql", "mysql", "mongodb", "redis", "amqp", "mssql"])
    host = host or c([ihost(), priv_ip4()])
    hl = L(host, "internal_hostname" if not host[0].isdigit() else "private_ip", opt=True)
    p = pw(True)
    port = {"postgres": 5432, "postgresql": 5432, "mysql": 3306, "mongodb": 27017, "redis": 6379,
            "amqp": 5672, "mssql": 1433}[scheme]
    if scheme == "redis":
        body = f"redis://:{p}@{hl}:{port}/0"
    else:
        body = f"{scheme}://{dbuser()}:{p}@{hl}:{port}/{c(['app', 'billing', 'crm', 'orders', 'prod'])}"
    return L(body, "connection_string", also=("url_credentials", "password_assignment"))


# ================================================================ carriers
CASES = []


def case(carrier, lang, marked, rep=None):
    text, labels, negs = parse(marked)
    d = {"id": f"b{len(CASES) + 1:04d}", "carrier": carrier, "language": lang, "text": text,
         "labels": labels, "negatives": negs}
    if rep:
        assert rep in text
        d["reporter_email"] = rep
    CASES.append(d)


def k8s_secret():
    lang, it = intro()
    ns = c(["payments", "prod", "backend", "data-platform", "auth"])
    name = c(["app-secrets", "db-credentials", "api-keys", "billing-env"])
    dbpw = pw()
    b64 = base64.b64encode(dbpw.encode()).decode()
    extra = c([
        f"  SENDGRID_API_KEY: {L(sendgrid(), 'sendgrid_key')}\n",
        f"  STRIPE_SECRET_KEY: {L(stripe(), 'stripe_key')}\n",
        f"  OPENAI_API_KEY: {L(ai_key(), 'ai_api_key')}\n",
        f"  SLACK_BOT_TOKEN: {L(slack_bot(), 'slack_token')}\n",
    ])
    m = f"""{it}

$ kubectl get secret {name} -n {ns} -o yaml
apiVersion: v1
kind: Secret
metadata:
  name: {name}
  namespace: {ns}
  uid: {N(uuid(), 'uuid')}
  resourceVersion: "{ri(100000, 9999999)}"
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: "<omitted>"
type: Opaque
data:
  DB_PASSWORD: {L(b64, 'password_assignment', enc='base64')}
  DB_USER: {base64.b64encode(dbuser().encode()).decode()}
stringData:
  DATABASE_URL: {conn_uri(ihost('.svc.cluster.local'), 'postgresql')}
{extra}  LOG_LEVEL: info
  FEATURE_FLAGS_URL: https://flags.{ns}.example-saas.net/v2
"""
    case("config_yaml", lang, m)


def k8s_deploy():
    lang, it = intro()
    img = c(["registry.gitlab.com/acme/api", "ghcr.io/initech/billing", "docker.io/globex/worker"])
    rep = reporter() if R.random() < 0.5 else None
    m = f"""{it}
{"Reported by " + N(rep, 'reporter_email') + " — " if rep else ""}the Deployment embeds literal credentials instead of secretKeyRef:

apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: {img}@{N('sha256:' + sha256(), 'sha256')}
          env:
            - name: REDIS_HOST
              value: "{L(priv_ip4(), 'private_ip')}"
            - name: LDAP_URL
              value: "ldaps://{L(ihost('.corp'), 'internal_hostname')}:636"
            - name: AWS_ACCESS_KEY_ID
              value: "{L(aws_id(), 'aws_access_key_id')}"
            - name: AWS_SECRET_ACCESS_KEY
              value: "{L(aws_secret(), 'aws_secret_key')}"
            - name: GH_TOKEN
              value: "{L(c([gh_token(), gh_pat()]), 'github_token')}"
            - name: SMTP_PASSWORD
              valueFrom:
                secretKeyRef: {{name: smtp, key: {N('password', 'placeholder')}}}
            - name: GIT_COMMIT
              value: "{N(sha1(), 'git_sha')}"
"""
    case("config_yaml", lang, m, rep)


def compose():
    lang, it = intro()
    pg = pw()
    m = f"""{it}

# docker-compose.yml found in the public repo (commit {N(sha1()[:7], 'short_sha')})
services:
  db:
    image: postgres:{N(version()[:4].rstrip('.'), 'version')}
    environment:
      POSTGRES_USER: {dbuser()}
      POSTGRES_PASSWORD: {L(pg, 'password_assignment')}
  app:
    image: acme/shop@{N('sha256:' + sha256(), 'sha256')}
    environment:
      - DATABASE_URL={conn_uri(ihost('.lan'), 'postgres')}
      - MINIO_ROOT_PASSWORD={L(pw(), 'password_assignment')}
      - GOOGLE_MAPS_API_KEY={L(gkey(), 'google_api_key')}
      - ADMIN_EMAIL={L(email(), 'email_address')}
      - SECRET_KEY_BASE=${{SECRET_KEY_BASE}}
    extra_hosts:
      - "legacy-erp:{L(priv_ip4(), 'private_ip')}"
"""
    m = m.replace("${SECRET_KEY_BASE}", N("${SECRET_KEY_BASE}", "placeholder"))
    case("config_yaml", lang, m)


def tfvars():
    lang, it = intro()
    m = f"""{it}

# terraform.tfvars (committed by mistake)
region            = "eu-west-3"
db_username       = "{dbuser()}"
db_password       = "{L(pw(), 'password_assignment')}"
vpc_id            = "vpc-{rs(HEX, 17)}"
bastion_host      = "{L(ihost('.internal'), 'internal_hostname')}"
datadog_api_key   = "<DD_API_KEY>"

provider "aws" {{
  access_key = "{L(aws_id(), 'aws_access_key_id')}"
  secret_key = "{L(aws_secret(), 'aws_secret_key')}"
}}

provider "google" {{
  credentials = <<EOT
{L(sa_json(c(['acme-prod', 'tf-state-eu']))[0], 'gcp_service_account', also=('private_key', 'email_address'))}
EOT
}}

resource "azurerm_app_service" "api" {{
  app_settings = {{
    "AzureWebJobsStorage" = "{L(azure_conn('st' + rs(LO + DIG, 12)), 'azure_connection_string', also=('connection_string',))}"
  }}
}}
"""
    m = m.replace("<DD_API_KEY>", N("<DD_API_KEY>", "placeholder"))
    case("config_ini", lang, m)


def properties():
    lang, it = intro()
    host = ihost(c([".corp", ".intra", ".internal"]))
    user, p = dbuser(), pw(True)
    jdbc = f"jdbc:{c(['mysql', 'postgresql'])}://" + L(host, "internal_hostname", opt=True) + \
           f":{c([3306, 5432])}/crm?user={user}&password={p}&useSSL=false"
    m = f"""{it}

# WEB-INF/classes/application.properties (served at /static/../WEB-INF/)
spring.application.name=crm-backend
server.port=8443
spring.datasource.url={L(jdbc, 'connection_string', also=('password_assignment', 'url_credentials'))}
spring.datasource.username={user}
spring.datasource.password={L(pw(), 'password_assignment')}
spring.mail.host={L(ihost('.local'), 'internal_hostname')}
spring.mail.username={L(email(domain=c(ORGS)), 'email_address')}
spring.mail.password={L(pw(), 'password_assignment')}
security.password.min-length={N('12', 'password_not_secret')}
app.build.sha={N(sha1(), 'git_sha')}
app.version={N(version(), 'version')}
"""
    case("config_ini", lang, m)


def spring_yml():
    lang, it = intro()
    m = f"""{it}

# application-prod.yml
spring:
  datasource:
    url: jdbc:sqlserver://{L(ihost('.corp'), 'internal_hostname')}:1433;databaseName=erp
    username: sa
    password: {L(pw(), 'password_assignment')}
  data:
    mongodb:
      uri: {conn_uri(None, 'mongodb')}
  security:
    oauth2:
      client:
        registration:
          gitlab:
            client-secret: "{L(rs(HEX, 64), 'password_assignment')}"
management:
  endpoints.web.exposure.include: "*"
logging.file.name: /var/log/erp/app.log
"""
    case("config_yaml", lang, m)


def npmrc():
    lang, it = intro()
    rep = reporter()
    m = f"""{it}
The published tarball (v{N(version(), 'version')}) ships the maintainer's .npmrc:

registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken={L(npm_token(), 'npm_token')}
@acme:registry=https://npm.pkg.github.com/
//npm.pkg.github.com/:_authToken={L(gh_token(), 'github_token')}
//{L(ihost('.corp'), 'internal_hostname')}/repository/npm-private/:_authToken=${{NEXUS_TOKEN}}
email={L(email(), 'email_address')}
always-auth=true

"integrity": "{N('sha512-' + base64.b64encode(rbytes(64)).decode(), 'integrity')}"

-- {N(rep, 'reporter_email')}
"""
    m = m.replace("${NEXUS_TOKEN}", N("${NEXUS_TOKEN}", "placeholder"))
    case("config_ini", lang, m, rep)


def pypirc():
    lang, it = intro()
    m = f"""{it}

~/.pypirc on the shared build agent (world-readable):
[distutils]
index-servers =
    pypi
    internal

[pypi]
username = __token__
password = {L(pypi_token(), 'pypi_token', also=('password_assignment',))}

[internal]
repository = https://{L(ihost('.intra'), 'internal_hostname')}/pypi/
username = deploy
password = {L(pw(), 'password_assignment')}
"""
    case("config_ini", lang, m)


def netrc():
    lang, it = intro()
    m = f"""{it}

$ cat ~/.netrc
machine github.com
  login ci-bot
  password {L(gh_token(c(['ghp_', 'gho_'])), 'github_token', also=('password_assignment',))}
machine {L(ihost('.lan'), 'internal_hostname')} login admin password {L(pw(), 'password_assignment')}
machine api.heroku.com
  login {L(email(), 'email_address')}
  password {N('REDACTED', 'placeholder')}
"""
    case("config_ini", lang, m)


def aws_creds():
    lang, it = intro()
    m = f"""{it}

$ cat ~/.aws/credentials
[default]
aws_access_key_id = {L(aws_id(), 'aws_access_key_id')}
aws_secret_access_key = {L(aws_secret(), 'aws_secret_key')}

[prod-admin]
aws_access_key_id={L(aws_id(), 'aws_access_key_id')}
aws_secret_access_key={L(aws_secret(), 'aws_secret_key')}
region=eu-west-1

[docs-sample]
aws_access_key_id = {L('AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id', info=True)}
aws_secret_access_key = {L('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_key', info=True)}

[placeholder]
aws_access_key_id = {N('AKIA' + 'X' * 16, 'placeholder_token_shape')}
"""
    case("config_ini", lang, m)


def boto3_snippet():
    lang, it = intro()
    m = f"""{it}

# scripts/sync_reports.py — line 12 of the leaked file
import boto3

s3 = boto3.client(
    "s3",
    aws_access_key_id="{L(aws_id(), 'aws_access_key_id')}",
    aws_secret_access_key="{L(aws_secret(), 'aws_secret_key')}",
    region_name="eu-central-1",
)
s3.upload_file("/tmp/export.csv", "acme-reports", "daily/export.csv")
requests.post("{L(slack_hook(), 'slack_webhook')}", json={{"text": "sync done ✅"}})
"""
    case("stack_trace", lang, m)


def nginx_log():
    lang, it = intro()
    lines = []
    for _ in range(ri(3, 5)):
        ip = c([L(priv_ip4(), "private_ip"), N(public_ip(), "public_ip")])
        ts = f"{ri(10, 28)}/Mar/2025:{ri(10, 23)}:{ri(10, 59)}:{ri(10, 59)} +0100"
        path = c([
            f"/api/v1/orders/{N('ORD-' + str(ri(100000, 999999)), 'order_id')}",
            f"/login?next=%2Fdashboard",
            f"/api/export?access_token={L(jwt(), 'jwt')}",
            f"/reset?email={L(email().replace('@', '%40'), 'email_address', enc='url')}",
            f"/static/app.{N(rs(HEX, 8), 'short_sha')}.js",
            f"/hooks/deploy?token={L(glpat(), 'gitlab_token')}",
        ])
        lines.append(f'{ip} - - [{ts}] "GET {path} HTTP/1.1" {c([200, 302, 404])} {ri(200, 90000)} "-" '
                     f'"Mozilla/5.0 (X11; Linux x86_64; rv:{N("128.0", "version")}) Gecko/20100101 Firefox/128.0"')
    err = (f'{ri(2024, 2025)}/03/{ri(10, 28)} 12:0{ri(0, 9)}:11 [error] 311#311: *{ri(1000, 99999)} connect() failed '
           f'(111: Connection refused) while connecting to upstream, upstream: "http://{L(priv_ip4(), "private_ip")}:8080/", '
           f'host: "{L(ihost(".internal"), "internal_hostname")}"')
    m = f"{it}\n\n/var/log/nginx/access.log\n" + "\n".join(lines) + "\n\n/var/log/nginx/error.log\n" + err + "\n"
    case("server_log", lang, m)


def apache_log():
    lang, it = intro()
    u, p = c(["admin", "ops", "backup"]), pw(True)
    m = f"""{it}

[{c(['Mon', 'Tue', 'Wed'])} Apr {ri(10, 28)} 09:1{ri(0, 9)}:3{ri(0, 9)}.{ri(100000, 999999)} 2025] [proxy:error] [pid {ri(1000, 9999)}] (111)Connection refused: AH00957: HTTP: attempt to connect to {L(priv_ip4(), 'private_ip')}:8009 ({L(ihost('.intra'), 'internal_hostname')}) failed
{L(priv_ip4(), 'private_ip')} - {u} [12/Apr/2025:09:14:02 +0200] "GET /server-status HTTP/1.1" 200 4122
{N(public_ip(), 'public_ip')} - - [12/Apr/2025:09:14:05 +0200] "GET /backup.php?url={L('ftp://' + u + ':' + p + '@' + L(ihost('.lan'), 'internal_hostname', opt=True) + '/dump.tgz', 'url_credentials')} HTTP/1.1" 200 17
{N(public_ip(), 'public_ip')} - - [12/Apr/2025:09:14:07 +0200] "GET /?q=caf%C3%A9+cr%C3%A8me HTTP/1.1" 200 991
"""
    case("server_log", lang, m)


def json_users():
    lang, it = intro()
    users = []
    for _ in range(ri(2, 3)):
        f, l = person()
        u = {"id": ri(1000, 99999), "uuid": N(uuid(), "uuid"), "firstName": f, "lastName": l,
             "email": L(email(f, l), "email_address"), "phone": L(phone(), "phone_number"),
             "birthdate": L(dob(0), "date_of_birth"), "createdAt": N(plain_date() + "T10:22:31Z", "date_no_birth")}
        extra = ri(0, 2)
        if extra == 0:
            u["iban"] = L(iban(), "iban")
        elif extra == 1:
            u["nationalId"] = L(national_id(), "national_id")
        else:
            u["lastLoginIp"] = L(priv_ip4(), "private_ip")
        users.append(u)
    body = {"page": 1, "next": N(base64.b64encode(b'{"offset":50}').decode(), "base64_benign"), "users": users}
    m = f"""{it}

GET /api/v2/admin/users?page=1 HTTP/1.1 → 200 (no auth required)

{J(body, indent=2)}
"""
    case("json_api", lang, m)


def csv_export():
    lang, it = intro()
    rows = ["customer_id,first_name,last_name,email,phone,date_of_birth,iban,card_number"]
    for _ in range(ri(3, 4)):
        f, l = person()
        rows.append(",".join([N(str(ri(10**7, 10**8)), "order_id"), f, l, L(email(f, l), "email_address"),
                              L(phone(c([0, 1, 2, 4, 5])), "phone_number"), L(dob(c([0, 1])), "date_of_birth"),
                              L(iban(spaced=False), "iban"), L(card(""), "payment_card")]))
    rows.append(",".join(["00000000", "Jane", "Doe", L("jane.doe@example.com", "email_address", info=True), "",
                          "", L("GB82WEST12345698765432", "iban", info=True),
                          L("4111111111111111", "payment_card", info=True)]))
    m = f"{it}\n\nexport_clients_{plain_date()}.csv (downloaded from /exports/ without login):\n" + "\n".join(rows) + "\n"
    case("json_api", lang, m)


def pg_insert():
    lang, it = intro()
    vals = []
    for _ in range(ri(2, 3)):
        f, l = person()
        vals.append(f"({ri(1, 9999)}, '{f} {l}', '{L(email(f, l), 'email_address')}', '{L(pw_hash(), 'password_hash')}', "
                    f"'{L(dob(0), 'date_of_birth')}', '{L(ssn(), 'national_id')}', '{N(plain_date() + ' 08:00:00', 'timestamp')}')")
    m = f"""{it}

-- PostgreSQL database dump
-- Dumped from database version {N('15.6', 'version')}
SET statement_timeout = 0;
INSERT INTO public.users (id, full_name, email, password_hash, date_of_birth, ssn, created_at) VALUES
""" + ",\n".join(vals) + ";\n"
    case("sql_dump", lang, m)


def pg_copy():
    lang, it = intro()
    rows = []
    for _ in range(ri(2, 4)):
        f, l = person()
        rows.append("\t".join([str(ri(1, 9999)), f, l, L(email(f, l), "email_address"), L(nir(False), "national_id"),
                               L(dob(0), "date_of_birth"), L(phone(c([0, 1])), "phone_number")]))
    m = f"""{it}

COPY public.adherents (id, prenom, nom, email, nir, date_naissance, telephone) FROM stdin;
""" + "\n".join(rows) + "\n\\.\n"
    case("sql_dump", lang, m)


def mysql_dump():
    lang, it = intro()
    vals = []
    for _ in range(ri(2, 3)):
        f, l = person()
        vals.append(f"({ri(1, 999)},'{ascii_name(f.lower())}','{L(email(f, l), 'email_address')}','{L(pw_hash(), 'password_hash')}',"
                    f"'{L(card(''), 'payment_card')}','{ri(1, 12):02d}/{ri(26, 30)}','{L(dni() if R.random() < .5 else steuer_id(), 'national_id')}')")
    m = f"""{it}

-- MySQL dump {N('10.13', 'version')}  Distrib 8.0.36, for Linux (x86_64)
-- Host: {L(ihost('.local'), 'internal_hostname')}    Database: shop
LOCK TABLES `customers` WRITE;
INSERT INTO `customers` VALUES """ + ",".join(vals) + ";\nUNLOCK TABLES;\n"
    case("sql_dump", lang, m)


def har():
    lang, it = intro()
    tok = jwt()
    sess = opaque_token(32)
    entry = {"request": {"method": "POST", "url": "https://app.brightline-portal.com/api/graphql",
                         "headers": [
                             {"name": "Authorization", "value": "Bearer " + L(tok, "authorization_header", also=("jwt",))},
                             {"name": "Cookie", "value": f"_ga={N('GA1.2.' + str(ri(10**8, 10**9)) + '.' + str(ri(10**9, 2 * 10**9)), 'non_session_cookie')}; "
                                                         f"sessionid={L(sess, 'session_cookie')}; theme=dark"},
                             {"name": "X-Request-Id", "value": N(uuid(), "uuid")},
                             {"name": "traceparent", "value": N(f"00-{rs(HEX, 32)}-{rs(HEX, 16)}-01", "traceparent")}]},
             "response": {"status": 200, "headers": [
                 {"name": "Set-Cookie", "value": f"sessionid={L(opaque_token(32), 'session_cookie')}; Path=/; HttpOnly; Secure"}],
                 "content": {"mimeType": "application/json",
                             "text": J({"data": {"me": {"email": L(email(), "email_address"), "phone": L(phone(), "phone_number")}}})}}}
    m = f"{it}\n\nExtract of the HAR file (Firefox → Save all as HAR):\n" + J({"log": {"version": "1.2", "entries": [entry]}}, indent=1) + "\n"
    case("http_request", lang, m)


def curl_trace():
    lang, it = intro()
    u, p = c(["admin", "api", "svc-monitor"]), pw(True)
    basic = base64.b64encode(f"{u}:{p}".encode()).decode()
    cookie = c([f"JSESSIONID={rs(HEX.upper(), 32)}", f"PHPSESSID={rs(LO + DIG, 26)}",
                f"connect.sid=s%3A{rs(B64U, 32)}.{rs(B62, 43)}", f"laravel_session={rs(B62, 40)}",
                f"ASP.NET_SessionId={rs(LO + DIG, 24)}"])
    name, val = cookie.split("=", 1)
    m = f"""{it}

$ curl -v -u {u}:*** https://status.kestrel-cloud.io/admin/
*   Trying {N(public_ip(), 'public_ip')}:443...
* Connected to status.kestrel-cloud.io port 443
> GET /admin/ HTTP/2
> Host: status.kestrel-cloud.io
> Authorization: Basic {L(basic, 'authorization_header')}
> User-Agent: curl/{N('8.5.0', 'version')}
>
< HTTP/2 200
< set-cookie: {name}={L(val, 'session_cookie')}; path=/; HttpOnly
< set-cookie: lang={N('fr', 'non_session_cookie')}; path=/
< x-backend: {L(ihost('.internal'), 'internal_hostname')}
< x-upstream-addr: {L(priv_ip4(), 'private_ip')}:8080
"""
    case("http_response", lang, m)


def py_trace():
    lang, it = intro()
    m = f"""{it}

Traceback (most recent call last):
  File "/srv/app/venv/lib/python3.11/site-packages/sqlalchemy/engine/base.py", line 145, in __init__
    self._dbapi_connection = engine.raw_connection()
sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at "{L(ihost('.internal'), 'internal_hostname')}" ({L(priv_ip4(), 'private_ip')}), port 5432 failed: FATAL:  password authentication failed for user "app"

During handling of the above exception, the debug page printed os.environ:
environ({{'PATH': '/usr/local/bin:/usr/bin', 'HOSTNAME': 'web-{rs(HEX, 10)}-{rs(LO, 5)}',
 'DATABASE_URL': '{conn_uri()}',
 'DJANGO_SECRET_KEY': '{L(rs(LO + DIG + '!@#%^&*(-_=+)', 50), 'password_assignment')}',
 'SENTRY_DSN': '{N('https://' + rs(HEX, 32) + '@o' + str(ri(10000, 99999)) + '.ingest.sentry.io/' + str(ri(1000000, 9999999)), 'url_no_password')}',
 'KUBERNETES_SERVICE_HOST': '{L('10.96.0.1', 'private_ip')}',
 'HF_TOKEN': '{L('hf_' + rs(UP + LO, 34), 'ai_api_key')}',
 'LANG': 'C.UTF-8'}})
"""
    case("stack_trace", lang, m)


def node_trace():
    lang, it = intro()
    ip = priv_ip4()
    m = f"""{it}

AxiosError: Request failed with status code 401
    at settle (/app/node_modules/axios/lib/core/settle.js:19:12)
    at IncomingMessage.handleStreamEnd (/app/node_modules/axios/lib/adapters/http.js:589:11) {{
  code: 'ERR_BAD_REQUEST',
  config: {{
    url: 'http://{L(ihost('.service.consul'), 'internal_hostname')}:8500/v1/kv/app',
    headers: {{
      Accept: 'application/json',
      Authorization: 'Bearer {L(c([jwt(), opaque_token(40)]), 'authorization_header', also=('jwt',))}',
      'X-Api-Key': '{L(gkey(), 'google_api_key')}',
      'User-Agent': 'axios/{N('1.6.8', 'version')}'
    }},
  }},
}}
Error: connect ECONNREFUSED {L(ip, 'private_ip')}:6379
    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)
"""
    case("stack_trace", lang, m)


def go_panic():
    lang, it = intro()
    m = f"""{it}

panic: dial tcp {L(priv_ip4(), 'private_ip')}:9092: connect: connection refused

goroutine 1 [running]:
main.mustConnect({{0xc000126000, 0x2a}})
        /src/cmd/worker/main.go:48 +0x1c5
main.main()
        /src/cmd/worker/main.go:31 +0x8d

$ env | sort   # (printed by the entrypoint before crashing)
HOME=/root
KAFKA_BROKERS={L(ihost('.svc.cluster.local'), 'internal_hostname')}:9092
SLACK_WEBHOOK_URL={L(slack_hook(), 'slack_webhook')}
STRIPE_API_KEY={L(stripe(c(['sk', 'rk'])), 'stripe_key')}
TWILIO_ACCOUNT_SID={L(twilio_sid(), 'twilio_key', opt=True)}
TWILIO_AUTH_TOKEN={L(twilio_secret(), 'twilio_key')}
VERSION={N(version(), 'version')}
"""
    case("stack_trace", lang, m)


def gha_log():
    lang, it = intro()
    t = f"2025-0{ri(1, 9)}-{ri(10, 28)}T1{ri(0, 9)}:{ri(10, 59)}:{ri(10, 59)}.{rs(DIG, 7)}Z"
    m = f"""{it}

{t} ##[group]Run ./scripts/release.sh
{t} env:
{t}   AWS_ACCESS_KEY_ID: {N('***', 'placeholder')}
{t}   NPM_TOKEN: {N('***', 'placeholder')}
{t} ##[endgroup]
{t} + git config --global url."https://x-access-token:{L(gh_token('ghs_'), 'github_token', also=('url_credentials',))}@github.com/".insteadOf https://github.com/
{t} + curl -sf -H 'Authorization: token {L(gh_token(), 'authorization_header', also=('github_token',))}' https://api.github.com/repos/acme/api/releases
{t} + curl -s --header "PRIVATE-TOKEN: {L(glpat(), 'gitlab_token', also=('authorization_header',))}" https://gitlab.acme-dev.io/api/v4/projects
{t} + echo '//registry.npmjs.org/:_authToken={L(npm_token(), 'npm_token')}'
{t} + curl -s -X POST -d '{{"text":"release failed ❌"}}' {L(slack_hook(), 'slack_webhook')}
{t} HEAD is now at {N(sha1(), 'git_sha')} chore(release): {N('v' + version(), 'version')}
{t} Digest: {N('sha256:' + sha256(), 'sha256')}
"""
    case("server_log", lang, m)


def shell_hist():
    lang, it = intro()
    u = c(["root", "admin", "dba"])
    cmds = [
        f"export OPENAI_API_KEY={L(ai_key(), 'ai_api_key')}",
        f"mysql -h {L(priv_ip4(), 'private_ip')} -u {u} -p'{L(pw(), 'password_assignment')}' shop",
        f"curl -u deploy:{L(pw(True), 'password_assignment')} https://artifacts.kestrel-cloud.io/upload",
        f"psql '{conn_uri(None, 'postgresql')}'",
        f"ssh -i ~/.ssh/id_ed25519 ops@{L(ihost('.corp'), 'internal_hostname')}",
        f"git clone https://oauth2:{L(glpat(), 'gitlab_token', also=('url_credentials',))}@gitlab.{c(['acme', 'globex'])}-dev.io/platform/infra.git",
        f"export SENDGRID_API_KEY={L(sendgrid(), 'sendgrid_key')}",
        f"redis-cli -h {L(ihost('.lan'), 'internal_hostname')} -a {L(pw(True), 'password_assignment')} KEYS '*'",
        f"docker login -u ci -p {L(glpat(), 'gitlab_token', also=('password_assignment',))} registry.gitlab.com",
        f"echo $HOME && ls -la",
        f"git checkout {N(sha1(), 'git_sha')}",
    ]
    R.shuffle(cmds)
    cmds = cmds[:ri(5, 8)]
    m = f"{it}\n\n$ cat /home/ubuntu/.bash_history  (履歴, readable by www-data)\n" + "\n".join(f" {ri(100, 999)}  {x}" for x in cmds) + "\n"
    case("shell_history", lang, m)


def slack_prose():
    f, l = person()
    rep = reporter()
    m = f"""[#sec-incident] 🧵 thread exported from Slack

@{f.lower()}: heads-up 🚨 someone pasted the prod bot token in #general: {L(slack_bot(), 'slack_token')} — revoked?
@ops-oncall: not yet 😓 and my own user token was in the same paste: {L(slack_user(), 'slack_token')}
@ops-oncall: also the webhook {L(slack_hook(), 'slack_webhook')} is in the Grafana alert config
@{f.lower()}: the customer who called is {f} {l}, {L(phone(), 'phone_number')}, {L(email(f, l), 'email_address')} — she says her card {L(card(' '), 'payment_card')} was charged twice
@ops-oncall: ok. the CVSS we agreed on is {N(cvss(), 'cvss')}; fix in {N('v' + version(), 'version')}
@{f.lower()}: ccing the external reporter {N(rep, 'reporter_email')} and {N('psirt@thalesgroup.com', 'psirt_email')}
"""
    case("prose_en", "en", m, rep)


def jira_fr():
    f, l = person()
    rep = reporter() if R.random() < 0.6 else None
    m = f"""SEC-{ri(100, 9999)} · Fuite de données personnelles dans l'export « adhérents »

Bonjour l'équipe 👋,

En appelant /api/export sans jeton, on obtient la fiche complète de {f} {l} : née le {L(dob(2), 'date_of_birth')}, numéro de sécurité sociale {L(nir(), 'national_id')}, IBAN {L(iban('FR'), 'iban')}, téléphone {L(phone(c([0, 1])), 'phone_number')}, courriel {L(email(f, l), 'email_address')}.
Le serveur de fichiers interne ({L(ihost('.intra'), 'internal_hostname')}, {L(priv_ip4(), 'private_ip')}) est également cité dans la réponse.

Score proposé : {N(cvss(), 'cvss')} — version testée {N(version(), 'version')}, commit {N(sha1(), 'git_sha')}.
Numéro de commande de test : {N('CMD-' + str(ri(10**6, 10**7)), 'order_id')} ; SIRET de la société : {N(rs(DIG, 14), 'number_not_phone')}.
{"Contact : " + N(rep, 'reporter_email') if rep else "Merci d'avance !"}
"""
    case("prose_fr", "fr", m, rep)


def forwarded_mail():
    f, l = person()
    f2, l2 = person()
    rep = reporter()
    m = f"""Hello PSIRT ({N('psirt@thalesgroup.com', 'psirt_email')}),

I'm forwarding the message below; I found it in an open S3 bucket.
— {N(rep, 'reporter_email')}

---------- Forwarded message ---------
From: {f} {l} <{L(email(f, l, c(ORGS)), 'email_address')}>
Date: {c(['Mon', 'Thu', 'Fri'])}, {ri(1, 28)} Feb 2025 at 14:{ri(10, 59)}
Subject: Re: accès VPN / VPN access
To: {f2} {l2} <{L(email(f2, l2), 'email_address')}>
Received: from {L(ihost('.corp'), 'internal_hostname')} ({L(priv_ip4(), 'private_ip')}) by mx.{c(ORGS[:-1])}

Salut {f2}, ton compte VPN est prêt : identifiant {f2.lower()[0]}{ascii_name(l2.lower())}, mot de passe provisoire : {L(pw(), 'password_assignment')}
Merci de le changer à la première connexion. Pour toute question : {L(phone(), 'phone_number')}.

--
{f} {l} · Service informatique
Tél. {L(phone(), 'phone_number')}
"""
    case("prose_en", "en", m, rep)


def gitlab_ci():
    lang, it = intro()
    m = f"""{it}

# .gitlab-ci.yml (project is public)
variables:
  DOCKER_AUTH_CONFIG: '{{"auths":{{"registry.gitlab.com":{{"auth":"{N('${CI_REGISTRY_AUTH}', 'placeholder')}"}}}}}}'
  SONAR_HOST_URL: "https://{L(ihost('.intra'), 'internal_hostname')}"
  SONAR_TOKEN: "{L('squ_' + rs(HEX, 40), 'password_assignment')}"
  GITLAB_TOKEN: "{L(glpat(), 'gitlab_token')}"
  PYPI_TOKEN: "{L(pypi_token(), 'pypi_token')}"
  SENDGRID_API_KEY: "{L(sendgrid(), 'sendgrid_key')}"
  SSH_PRIVATE_KEY: |
""" + "\n".join("    " + x for x in L(pem("RSA"), "private_key").split("\n")) + f"""

deploy:
  script:
    - echo "$SSH_KEY" > key && chmod 600 key
    - scp -i key dist/*.tar.gz deploy@{L(priv_ip4(), 'private_ip')}:/opt/releases/
"""
    case("config_yaml", lang, m)


def stripe_curl():
    lang, it = intro()
    m = f"""{it}

The mobile app bundle (assets/config.js) contains a live secret key, usable as-is:

$ curl https://api.stripe.com/v1/charges -u {L(stripe(), 'stripe_key')}:
{{"object": "list", "data": [{{"id": "ch_{rs(B62, 24)}", "amount": 4999, "currency": "eur",
  "billing_details": {{"email": "{L(email(), 'email_address')}", "phone": "{L(phone(), 'phone_number')}"}},
  "payment_method_details": {{"card": {{"brand": "visa", "last4": "{rs(DIG, 4)}", "exp_year": 2027}}}}}}]}}

For comparison the docs' test key looks like {N('sk_test_' + 'x' * 24, 'placeholder_token_shape')} and card {L('4242424242424242', 'payment_card', info=True)}.
"""
    case("http_response", lang, m)


def gcp_sa():
    lang, it = intro()
    proj = c(["acme-prod", "billing-4411", "data-lake-eu"])
    ce = f"{c(['terraform', 'ci-deployer', 'bq-export'])}@{proj}.iam.gserviceaccount.com"
    sa = ("{\n" f'  "type": "service_account",\n  "project_id": "{proj}",\n  "private_key_id": "{rs(HEX, 40)}",\n'
          f'  "private_key": "{pem("PKCS8").replace(chr(10), chr(92) + "n")}\\n",\n'
          f'  "client_email": "{ce}",\n  "client_id": "{rs(DIG, 21)}",\n'
          '  "auth_uri": "https://accounts.google.com/o/oauth2/auth",\n'
          '  "token_uri": "https://oauth2.googleapis.com/token"\n}')
    m = f"""{it}

credentials.json served by the public bucket gs://{proj}-assets/:
{L(sa, 'gcp_service_account', also=('private_key', 'email_address'))}
"""
    case("config_json", lang, m)


def azure_settings():
    lang, it = intro()
    acct = "st" + rs(LO + DIG, 10)
    srv = ihost(".corp")
    ado = f"Server=tcp:{L(srv, 'internal_hostname', opt=True)},1433;Initial Catalog=Billing;User ID=sa;Password={pw()};Encrypt=True;"
    body = f"""{{
  "ConnectionStrings": {{
    "Default": "{L(ado, 'connection_string', also=('password_assignment',))}",
    "Storage": "{L(azure_conn(acct), 'azure_connection_string', also=('connection_string',))}"
  }},
  "ServiceBus": "{L(f'Endpoint=sb://{acct}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={base64.b64encode(rbytes(32)).decode()}', 'azure_connection_string', also=('connection_string',))}",
  "ReportsContainer": "https://{acct}.blob.core.windows.net/reports?{L(sas_query(), 'azure_sas_token')}",
  "Payments": {{ "StripeSecretKey": "{L(stripe(), 'stripe_key')}" }},
  "Logging": {{ "LogLevel": {{ "Default": "Warning" }} }}
}}"""
    m = f"{it}\n\nappsettings.Production.json (exposed through /appsettings.Production.json):\n{body}\n"
    case("config_json", lang, m)


def shadow():
    lang, it = intro()
    lines = [f"root:{L(pw_hash(), 'password_hash')}:19{ri(100, 999)}:0:99999:7:::",
             f"daemon:*:19{ri(100, 999)}:0:99999:7:::",
             f"{c(['ubuntu', 'deploy', 'admin'])}:{L('$6$' + rs(BCRYPT, 16) + '$' + rs(BCRYPT, 86), 'password_hash')}:19{ri(100, 999)}:0:99999:7:::",
             f"nobody:!:19{ri(100, 999)}::::::"]
    ht = f"admin:{L(pw_hash(), 'password_hash')}"
    m = f"{it}\n\nPath traversal → /etc/shadow:\n" + "\n".join(lines) + f"\n\n…and /var/www/.htpasswd:\n{ht}\n"
    case("key_file", lang, m)


def django_settings():
    lang, it = intro()
    m = f"""{it}

# settings/production.py — exposed by the misconfigured static route
DEBUG = False
SECRET_KEY = "{L(rs(LO + DIG + '!#%^&*(-_=+)', 50), 'password_assignment')}"
ALLOWED_HOSTS = ["shop.farmacia-online.es", "{L(ihost('.internal'), 'internal_hostname')}"]
DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "{L(priv_ip4(), 'private_ip')}",
        "USER": "{dbuser()}",
        "PASSWORD": "{L(pw(), 'password_assignment')}",
    }}
}}
EMAIL_HOST_USER = "{L(email(domain=c(ORGS)), 'email_address')}"
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "{N('changeme', 'placeholder')}")
EMAIL_HOST_PASSWORD_SENDGRID = "{L(sendgrid(), 'sendgrid_key', also=('password_assignment',))}"
AUTH_PASSWORD_VALIDATORS_MIN_LENGTH = {N('12', 'password_not_secret')}
"""
    case("config_ini", lang, m)


def dotenv():
    lang, it = intro()
    items = [
        f"NODE_ENV=production",
        f"DATABASE_URL={conn_uri()}",
        f"REDIS_URL={conn_uri(None, 'redis')}",
        f"JWT_SECRET={L(rs(B62, 48), 'password_assignment')}",
        f"GITHUB_TOKEN={L(gh_pat(), 'github_token')}",
        f"TWILIO_ACCOUNT_SID={L(twilio_sid(), 'twilio_key', opt=True)}",
        f"TWILIO_API_KEY={L(twilio_sid('SK'), 'twilio_key', opt=True)}",
        f"TWILIO_API_SECRET={L(rs(B62, 32), 'twilio_key')}",
        f"ANTHROPIC_API_KEY={L('sk-ant-api03-' + rs(B64U, 93) + 'AA', 'ai_api_key')}",
        f"SMTP_URL={L('smtp://' + c(['mailer', 'noreply']) + ':' + pw(True) + '@' + L(ihost('.local'), 'internal_hostname', opt=True) + ':587', 'url_credentials')}",
        f"API_KEY={N('your-api-key-here', 'placeholder')}",
        f"SUPPORT_EMAIL={L(email(domain=c(ORGS)), 'email_address')}",
        f"SESSION_SECRET={L(pw(), 'password_assignment')}",
        f"PASSWORD_RESET_TIMEOUT={N('3600', 'password_not_secret')}",
    ]
    R.shuffle(items)
    items = items[:ri(7, 11)]
    m = f"{it}\n\n.env retrieved from https://staging.brightline-logistics.com/.env\n" + "\n".join(items) + "\n"
    case("env_file", lang, m)


def db_logs():
    lang, it = intro()
    scheme = c(["mongodb+srv", "mongodb", "amqp", "redis"])
    h = ihost() if scheme != "mongodb+srv" else "cluster0." + rs(LO + DIG, 5) + ".mongodb.net"
    hl = L(h, "internal_hostname", opt=True) if scheme != "mongodb+srv" else h
    uri = f"{scheme}://{dbuser()}:{pw(True)}@{hl}" + ("" if scheme == "mongodb+srv" else ":" + str(ri(1000, 30000))) + "/?retryWrites=true"
    m = f"""{it}

{plain_date()}T08:1{ri(0, 9)}:0{ri(0, 9)}.{ri(100, 999)}Z ERROR [worker-{ri(1, 9)}] MongoServerSelectionError while using {L(uri, 'connection_string', also=('url_credentials', 'password_assignment'))}
{plain_date()}T08:1{ri(0, 9)}:1{ri(0, 9)}.{ri(100, 999)}Z WARN  retrying in 5000ms (attempt 3/10) trace_id={N(rs(HEX, 32), 'traceparent')}
{plain_date()}T08:1{ri(0, 9)}:2{ri(0, 9)}.{ri(100, 999)}Z INFO  fallback replica {L(priv_ip4(), 'private_ip')}:27017 selected; loopback {N('127.0.0.1', 'non_ip_dotted')} skipped; mask {N('255.255.255.0', 'non_ip_dotted')}
{plain_date()}T08:1{ri(0, 9)}:3{ri(0, 9)}.{ri(100, 999)}Z INFO  user {L(email(), 'email_address')} re-authenticated, session={L(opaque_token(48), 'session_cookie')}
"""
    case("server_log", lang, m)


def pem_paste():
    lang, it = intro()
    kind = c(["RSA", "EC", "OPENSSH", "PKCS8"])
    m = f"""{it}

The firmware image (md5 {N(rs(HEX, 32), 'md5_file')}) contains /etc/ssl/private/device.key, identical on every unit:

{L(pem(kind), 'private_key')}

The matching authorized_keys entry, for reference (public, harmless):
{N(ssh_pub(), 'public_key')}
"""
    case("key_file", lang, m)


def alertmanager():
    lang, it = intro()
    m = f"""{it}

# /etc/alertmanager/alertmanager.yml — readable via the /-/config endpoint
global:
  smtp_smarthost: '{L(ihost('.corp'), 'internal_hostname')}:25'
  smtp_from: '{L('alerts@' + c(ORGS[:-1]), 'email_address')}'
  smtp_auth_username: '{L(email(), 'email_address')}'
  smtp_auth_password: '{L(pw(), 'password_assignment')}'
  slack_api_url: '{L(slack_hook(), 'slack_webhook')}'
receivers:
  - name: oncall-sms
    webhook_configs:
      - url: 'http://{L(priv_ip4(), 'private_ip')}:9087/send?to={L(phone(c([3, 4, 5])).replace(' ', '%20').replace('+', '%2B'), 'phone_number', enc='url')}'
  - name: pagerduty
    pagerduty_configs:
      - routing_key: '{N('<PD_ROUTING_KEY>', 'placeholder')}'
"""
    case("config_yaml", lang, m)


def sentry_event():
    lang, it = intro()
    ev = {"event_id": N(rs(HEX, 32), "uuid"), "level": "error", "release": N("api@" + version(), "version"),
          "user": {"id": str(ri(1, 99999)), "email": L(email(), "email_address"), "ip_address": L(priv_ip4(), "private_ip")},
          "request": {"url": "https://portal.mutuelle-online.fr/espace/profil", "method": "POST",
                      "cookies": {"csrftoken": N("********", "placeholder"),
                                  "sessionid": L(rs(LO + DIG, 32), "session_cookie")},
                      "data": {"date_naissance": L(dob(1), "date_of_birth"), "iban": L(iban(), "iban"),
                               "telephone": L(phone(c([0, 1])), "phone_number")}},
          "server_name": L(ihost(".internal"), "internal_hostname")}
    m = f"{it}\n\nSentry event JSON (the DSN is public, events are world-readable):\n{J(ev, indent=2)}\n"
    case("json_api", lang, m)


def prose_report():
    rep = reporter()
    f, l = person()
    vers = version()
    m = f"""Summary: IDOR in /api/v3/invoices/{{id}} leaks other customers' invoices

Affected: customer portal {N(vers, 'version')} (build {N(sha1(), 'git_sha')}), CVSS {N(cvss(), 'cvss')}.

Steps:
1. Log in as my test account ({N(rep, 'reporter_email')}).
2. Request GET /api/v3/invoices/{ri(1000, 9999)} — it returns {f} {l}'s invoice: card {L(card(), 'payment_card')}, billing e-mail {L(email(f, l), 'email_address')}, DOB: {L(dob(c([0, 3, 4])), 'date_of_birth')}.
3. The PDF link embeds a SAS URL: https://invoices{rs(DIG, 3)}.blob.core.windows.net/pdf/{N(uuid(), 'uuid')}.pdf?{L(sas_query(), 'azure_sas_token')}

Not sensitive, for triage: request id {N(uuid(), 'uuid')}, tracking no. {N(luhn_invalid(), 'luhn_invalid')}, ISBN {N('978-2-07-036822-8', 'number_not_phone')}, image digest {N('sha256:' + sha256(), 'sha256')}, egress IP {N(public_ip(), 'public_ip')}.
Please reply to {N(rep, 'reporter_email')} or cc {N('psirt@thalesgroup.com', 'psirt_email')}.
"""
    case("prose_en", "en", m, rep)


def hr_export_fr():
    rows = []
    for _ in range(ri(2, 3)):
        f, l = person()
        kind = ri(0, 2)
        nid = [nir(), steuer_id(), dni()][kind]
        rows.append(f"| {f} {l} | {L(dob(1), 'date_of_birth')} | {L(nid, 'national_id')} | {L(iban(['FR', 'DE', 'ES'][kind]), 'iban')} | {L(phone(), 'phone_number')} |")
    m = f"""Ticket RH-{ri(100, 999)} — 😱 le fichier de paie est accessible sans authentification

Extrait du tableau (colonnes : nom, date de naissance, n° d'identification, IBAN, téléphone) :

| Nom | Date de naissance | Identifiant | IBAN | Téléphone |
|-----|-------------------|-------------|------|-----------|
""" + "\n".join(rows) + f"""

Exemple de la doc éditeur, à ignorer : IBAN {L('GB82WEST12345698765432', 'iban', info=True)}, NINO {L('QQ123456C', 'national_id', info=True)}.
Fichier généré le {N(plain_date(), 'date_no_birth')} ; IBAN invalide de test {N(iban('FR', spaced=False, bad=True), 'near_miss_personal')}.
"""
    case("prose_fr", "fr", m)


def graphql_resp():
    lang, it = intro()
    f, l = person()
    body = {"data": {"customer": {"name": f"{f} {l}", "contact": {"email": L(email(f, l), "email_address"),
                                                                  "mobile": L(phone(), "phone_number")},
                                  "kyc": {"documentNumber": L(c([nino(), ssn(), dni(), nie()]), "national_id"),
                                          "dateOfBirth": L(dob(0), "date_of_birth")},
                                  "wallet": {"iban": L(iban(), "iban"), "cardPan": L(card(""), "payment_card")}}}}
    body["extensions"] = {"cursor": N(base64.b64encode(f'{{"after":{ri(1, 999)}}}'.encode()).decode(), "base64_benign"),
                          "tracing": {"version": 1, "startTime": N(plain_date() + "T00:00:00Z", "timestamp")}}
    m = f"{it}\n\nPOST /graphql (introspection on, query `customer(id:…)`) →\n{J(body, indent=2)}\n"
    case("json_api", lang, m)


def hosts_inventory():
    lang, it = intro()
    lines = []
    for _ in range(ri(3, 5)):
        lines.append(f"{L(ihost(), 'internal_hostname')} ansible_host={L(priv_ip(), 'private_ip')}")
    m = f"""{it}

# inventory/production.ini (from the leaked ansible repo)
[db]
""" + "\n".join(lines) + f"""

[all:vars]
ansible_user=ansible
ansible_become_pass={L(pw(), 'password_assignment')}
ntp_server={N('162.159.200.1', 'public_ip')}
dns_servers={N('1.1.1.1', 'public_ip')}
"""
    case("config_ini", lang, m)


def raw_http():
    lang, it = intro()
    tok = c([jwt(), jwt("RS256")])
    m = f"""{it}

POST /api/v1/support/tickets HTTP/1.1
Host: support.helio-clinics-portal.com
Authorization: Bearer {L(tok, 'authorization_header', also=('jwt',))}
Cookie: _gid={N('GA1.2.' + str(ri(10**8, 10**9)), 'non_session_cookie')}; {c(['session', '_shop_session', 'sid'])}={L(b64url(rbytes(48)), 'session_cookie')}
X-Forwarded-For: {L(priv_ip4(), 'private_ip')}, {N(public_ip(), 'public_ip')}
Content-Type: application/json

{{"subject": "Remboursement 💶", "patient": {{"email": "{L(email(), 'email_address')}", "dob": "{L(dob(0), 'date_of_birth')}", "phone": "{L(phone(), 'phone_number')}"}},
 "example": "{N('Bearer <token>', 'placeholder_token_shape')}"}}
"""
    case("http_request", lang, m)


def jwt_in_storage():
    lang, it = intro()
    m = f"""{it}

localStorage dump from the victim's browser (stored XSS → exfiltrated):
{{
  "auth.accessToken": "{L(jwt(), 'jwt')}",
  "auth.refreshToken": "{L(jwt(), 'jwt')}",
  "ui.lang": "fr-FR",
  "ui.prefs": "{N(base64.b64encode(b'{"dark":true,"density":"compact"}').decode(), 'base64_benign')}",
  "demo.token": "{L(JWT_IO, 'jwt', info=True)}",
  "support.contact": "{L(email(domain=c(ORGS)), 'email_address')}"
}}
"""
    case("config_json", lang, m)


def near_miss_note():
    lang = "en"
    rep = reporter()
    m = f"""Note to triage 🙂 — these values from the test fixtures are NOT live, only the last two are:

- ghp token with a broken checksum: {N(gh_token_bad(), 'near_miss_token')}
- SSN with area 666 / 9xx: {N(ssn(bad=True), 'near_miss_personal')}
- Spanish DNI with the wrong letter: {N(dni(bad=True), 'near_miss_personal')}
- Steuer-IdNr with a wrong check digit: {N(steuer_id(bad=True), 'near_miss_personal')}
- French NIR with a wrong key: {N(nir(False, bad=True), 'near_miss_personal')}
- 16 digits failing Luhn: {N(luhn_invalid(), 'luhn_invalid')}
- a price: {N('$12.50', 'hash_not_password')} and {N('$HOME', 'hash_not_password')}
- Maven coordinates: org.example:lib:{N(version(), 'version')} ; OID {N('1.2.840.113549.1.1.11', 'non_ip_dotted')}

Live ones found in the same repo: {L(gh_token(), 'github_token')} and {L(c([steuer_id(), dni(), nir(), ssn()]), 'national_id')}.
Reporter: {N(rep, 'reporter_email')}
"""
    case("prose_en", lang, m, rep)


def vault_audit():
    lang, it = intro()
    ev = {"time": N(plain_date() + "T12:00:00.123Z", "timestamp"), "type": "response",
          "request": {"path": "secret/data/prod/payments", "remote_address": L(priv_ip4(), "private_ip"),
                      "client_token": N("hmac-sha256:" + sha256(), "sha256")},
          "response": {"data": {"data": {"stripe_key": L(stripe(), "stripe_key"),
                                         "sendgrid": L(sendgrid(), "sendgrid_key"),
                                         "db_password": L(pw(), "password_assignment")}}}}
    m = f"{it}\n\nVault audit log with log_raw=true (readable by the logging sidecar):\n{J(ev)}\n"
    case("server_log", lang, m)


def mobile_app():
    lang, it = intro()
    proj = c(["shopmate-eu", "kestrel-rides", "helio-care"])
    m = f"""{it}

$ apktool d app-release.apk && cat res/values/strings.xml
<resources>
    <string name="app_name">{proj} 🚲</string>
    <string name="google_maps_key">{L(gkey(), 'google_api_key')}</string>
    <string name="google_api_key">{L(gkey(), 'google_api_key')}</string>
    <string name="gcm_defaultSenderId">{ri(10**11, 10**12)}</string>
    <string name="support_phone">{L(phone(), 'phone_number')}</string>
    <string name="staging_api">http://{L(priv_ip4(), 'private_ip')}:8080/</string>
</resources>
"""
    case("config_json", lang, m)


def js_bundle():
    lang, it = intro()
    m = f"""{it}

Minified bundle https://www.helio-shop.fr/static/js/main.{N(rs(HEX, 8), 'short_sha')}.js, pretty-printed around offset 48211:
const cfg={{env:"production",firebase:{{apiKey:"{L(gkey(), 'google_api_key')}",authDomain:"helio-shop.firebaseapp.com"}},
  stripePublishable:"{N('pk_live_' + rs(B62, 24), 'public_key')}",
  stripeSecret:"{L(stripe(), 'stripe_key')}",
  mailer:{{key:"{L(sendgrid(), 'sendgrid_key')}",from:"{L(email(domain=c(ORGS)), 'email_address')}"}},
  release:"{N(version(), 'version')}"}};
"""
    case("config_json", lang, m)


def oauth_response():
    lang, it = intro()
    body = {"token_type": "Bearer", "expires_in": 3600, "access_token": L(jwt(c(["HS256", "RS256"])), "jwt"),
            "id_token": L(jwt(), "jwt"), "scope": "openid profile"}
    m = f"""{it}

The /oauth/token endpoint accepts any client_secret; response for client_id=mobile:
HTTP/1.1 200 OK
Content-Type: application/json;charset=UTF-8
Cache-Control: no-store

{J(body, indent=2)}
"""
    case("http_response", lang, m)


def twilio_snippet():
    lang, it = intro()
    sid, tok = twilio_sid(), twilio_secret()
    m = f"""{it}

# notify.py from the public gist
from twilio.rest import Client
client = Client("{L(sid, 'twilio_key', opt=True)}", "{L(tok, 'twilio_key')}")
client.messages.create(to="{L(phone(c([3, 4, 5, 6])), 'phone_number')}", from_="+1 415 {ri(201, 549)} {ri(1000, 9999)}", body="Code: 4821")

$ curl -X POST https://api.twilio.com/2010-04-01/Accounts/{sid}/Messages.json -u {sid}:{L(twilio_secret(), 'twilio_key')}
"""
    # the second sid occurrences are identifiers (optional)
    m = m.replace(f"Accounts/{sid}/", f"Accounts/{L(sid, 'twilio_key', opt=True)}/").replace(f"-u {sid}:", f"-u {L(sid, 'twilio_key', opt=True)}:")
    m = m.replace("from_=\"+1 415 ", "from_=\"" + O + "L|phone_number|||||" + S + "+1 415 ", 1)
    i = m.index(O + "L|phone_number|||||" + S)
    j = m.index('"', i)
    m = m[:j] + C + m[j:]
    case("stack_trace", lang, m)


def azcopy():
    lang, it = intro()
    acct = "bk" + rs(LO + DIG, 10)
    cs = azure_conn(acct)
    m = f"""{it}

Jenkins console output (job is public):
+ azcopy copy 'https://{acct}.blob.core.windows.net/backups/db.bak?{L(sas_query(), 'azure_sas_token')}' /tmp/db.bak
INFO: Scanning...
INFO: Job {N(uuid(), 'uuid')} has started
+ az storage account show-connection-string -n {acct}
{{
  "connectionString": "{L(cs, 'azure_connection_string', also=('connection_string',))}"
}}
+ az storage container generate-sas --account-name {acct} -n logs --permissions rl -o tsv
{L(sas_query(), 'azure_sas_token')}
"""
    case("server_log", lang, m)


def publish_log():
    lang, it = intro()
    m = f"""{it}

CI job "release" (log kept 90 days, visible to guests):
$ printenv | grep -E 'NPM|TWINE|YARN|GITLAB'
GITLAB_API_TOKEN={L(glpat(), 'gitlab_token')}
NPM_TOKEN={L(npm_token(), 'npm_token')}
TWINE_USERNAME=__token__
TWINE_PASSWORD={L(pypi_token(), 'pypi_token', also=('password_assignment',))}
$ cat .yarnrc.yml
npmRegistryServer: "https://registry.npmjs.org"
npmAuthToken: "{L(npm_token(), 'npm_token')}"
$ twine upload dist/*
Uploading pkg-{N(version(), 'version')}-py3-none-any.whl
"""
    case("server_log", lang, m)


def ai_notebook():
    lang, it = intro()
    cells = {"cells": [
        {"cell_type": "code", "source": ["import openai, os\n", f"openai.api_key = \"{L(ai_key(), 'ai_api_key')}\"\n"]},
        {"cell_type": "code", "source": [f"os.environ[\"ANTHROPIC_API_KEY\"] = \"{L('sk-ant-api03-' + rs(B64U, 93) + 'AA', 'ai_api_key')}\"\n"]},
        {"cell_type": "code", "source": [f"groq = Groq(api_key=\"{L('gsk_' + rs(B62, 52), 'ai_api_key')}\")\n"]},
        {"cell_type": "markdown", "source": ["Résultats — analyse des tickets clients ✨\n"]}],
        "metadata": {"kernelspec": {"name": "python3"}}}
    m = f"{it}\n\nanalysis.ipynb committed to the public repo:\n{J(cells, indent=1)}\n"
    case("config_json", lang, m)


def ssh_keys():
    lang, it = intro()
    m = f"""{it}

$ ls -la /home/deploy/.ssh && cat /home/deploy/.ssh/id_{c(['rsa', 'ed25519'])}
-rw-r--r-- 1 deploy deploy 2602 id_rsa   ← world-readable
{L(pem(c(['RSA', 'OPENSSH'])), 'private_key')}
$ cat authorized_keys
{N(ssh_pub(), 'public_key')}

# and the Kubernetes TLS secret of the ingress:
apiVersion: v1
kind: Secret
type: kubernetes.io/tls
stringData:
  tls.crt: |
    {N('-----BEGIN CERTIFICATE-----', 'public_key')}
    MIID{rs(B64, 60)}
    {N('-----END CERTIFICATE-----', 'public_key')}
  tls.key: |
""" + "\n".join("    " + x for x in L(pem(c(["EC", "PKCS8"])), "private_key").split("\n")) + "\n"
    case("key_file", lang, m)


def proxy_env():
    lang, it = intro()
    u = c(["svc-build", "jdupont", "proxyuser"])
    m = f"""{it}

$ env | grep -i -E 'proxy|index|git'
HTTP_PROXY={L('http://' + u + ':' + pw(True) + '@' + L(ihost('.corp'), 'internal_hostname', opt=True) + ':3128', 'url_credentials')}
NO_PROXY=localhost,{N('127.0.0.1', 'non_ip_dotted')},.svc
PIP_INDEX_URL={L('https://deploy:' + pw(True) + '@' + L(ihost('.intra'), 'internal_hostname', opt=True) + '/repository/pypi/simple', 'url_credentials')}
$ git remote -v
origin  {L('https://' + u + ':' + pw(True) + '@bitbucket.org/acme-team/payments.git', 'url_credentials')} (fetch)
upstream  https://github.com/acme/payments.git (fetch)
$ cat ~/.config/slack-cli/token
{L(slack_user(), 'slack_token')}
"""
    case("shell_history", lang, m)


def slack_bot_cfg():
    lang, it = intro()
    m = f"""{it}

config/slack.json of the helpdesk bot:
{{
  "botToken": "{L(slack_bot(), 'slack_token')}",
  "appToken": "{L('xapp-1-A' + rs(UP + DIG, 10) + '-' + str(ri(10**12, 10**13)) + '-' + rs(HEX, 64), 'slack_token')}",
  "userToken": "{L(slack_user(), 'slack_token')}",
  "alertsWebhook": "{L(slack_hook(), 'slack_webhook')}",
  "escalation": {{"name": "astreinte", "phone": "{L(phone(), 'phone_number')}"}},
  "placeholder": "{N('xoxb-your-token', 'placeholder_token_shape')}"
}}
"""
    case("config_json", lang, m)


def sa_json(proj):
    ce = f"{c(['github-actions', 'uploader', 'terraform'])}@{proj}.iam.gserviceaccount.com"
    key = pem("PKCS8").replace("\n", "\\n")
    return (f'{{"type":"service_account","project_id":"{proj}","private_key_id":"{rs(HEX, 40)}",'
            f'"private_key":"{key}\\n","client_email":"{ce}","client_id":"{rs(DIG, 21)}",'
            '"token_uri":"https://oauth2.googleapis.com/token"}'), ce


def gcp_env():
    lang, it = intro()
    proj = c(["ml-training-eu", "acme-analytics", "infra-ci"])
    ce = f"{c(['github-actions', 'uploader'])}@{proj}.iam.gserviceaccount.com"
    key = pem("PKCS8").replace("\n", "\\n")
    sa = (f'{{"type":"service_account","project_id":"{proj}","private_key_id":"{rs(HEX, 40)}",'
          f'"private_key":"{key}\\n","client_email":"{ce}","client_id":"{rs(DIG, 21)}",'
          '"token_uri":"https://oauth2.googleapis.com/token"}')
    m = f"""{it}

The deploy script echoes its secrets (set -x), from the public Actions log:
+ echo '{L(sa, 'gcp_service_account', also=('private_key', 'email_address'))}' > /tmp/gcp.json
+ gcloud auth activate-service-account --key-file=/tmp/gcp.json
Activated service account credentials for: [{L(ce, 'email_address', opt=True)}]
"""
    case("server_log", lang, m)


CARRIERS = [k8s_secret, k8s_deploy, compose, tfvars, properties, spring_yml, npmrc, pypirc, netrc, aws_creds,
            boto3_snippet, nginx_log, apache_log, json_users, csv_export, pg_insert, pg_copy, mysql_dump, har,
            curl_trace, py_trace, node_trace, go_panic, gha_log, shell_hist, slack_prose, jira_fr, forwarded_mail,
            gitlab_ci, stripe_curl, gcp_sa, azure_settings, shadow, django_settings, dotenv, db_logs, pem_paste,
            alertmanager, sentry_event, prose_report, hr_export_fr, graphql_resp, hosts_inventory, raw_http,
            jwt_in_storage, near_miss_note, vault_audit, mobile_app, js_bundle, oauth_response, twilio_snippet,
            azcopy, publish_log, ai_notebook, ssh_keys, proxy_env, slack_bot_cfg, gcp_env]


def main():
    n = 0
    sched = CARRIERS + [gcp_sa, gcp_env, pem_paste, ssh_keys, publish_log, azcopy, twilio_snippet,
                        oauth_response, proxy_env, gitlab_ci, tfvars, pypirc, gcp_sa, gcp_env, twilio_snippet]
    while len(CASES) < 200:
        sched[n % len(sched)]()
        n += 1
    for cs in CASES:
        units = len(cs["text"].encode("utf-16-le")) // 2
        for lab in cs["labels"]:
            assert 0 <= lab["start"] < lab["end"] <= units, cs["id"]
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for cs in CASES:
            fh.write(json.dumps(cs, ensure_ascii=False) + "\n")
    os.replace(tmp, OUT)
    counts = {}
    for cs in CASES:
        for lab in cs["labels"]:
            if lab["severity"] != "info" and not lab.get("optional"):
                counts[lab["category"]] = counts.get(lab["category"], 0) + 1
    print(f"{len(CASES)} cases, {sum(len(x['labels']) for x in CASES)} labels, "
          f"{sum(len(x['negatives']) for x in CASES)} negatives -> {OUT}")
    for cat in SEV:
        print(f"  {cat:<24} {counts.get(cat, 0)}")


if __name__ == "__main__":
    main()
