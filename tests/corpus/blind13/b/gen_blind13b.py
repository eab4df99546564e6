#!/usr/bin/env python3
"""Blind test corpus b13b for a sensitive-data scanner (PSIRT report warnings).

Standard library only. One random.Random with a fixed seed; writes cases.jsonl
deterministically. `--check` regenerates in memory, compares with the committed
file and validates every label / negative span (UTF-16 code units).

Inline markup used while writing texts:  ⟦spec|value⟧
  spec = category            -> label (severity/group from the category)
         category+a+b        -> label with also=[a, b]
         category?           -> optional label
         category!info       -> severity override (documentation values)
         ~kind               -> hard negative
"""
import base64
import hashlib
import json
import os
import random
import string
import sys
import zlib

SEED = 0xB13B2024
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.jsonl")

CRED = {"private_key", "aws_access_key_id", "aws_secret_key", "github_token", "gitlab_token",
        "slack_token", "slack_webhook", "stripe_key", "google_api_key", "gcp_service_account",
        "azure_connection_string", "azure_sas_token", "npm_token", "pypi_token", "sendgrid_key",
        "twilio_key", "ai_api_key", "jwt", "url_credentials", "connection_string",
        "authorization_header", "session_cookie", "password_assignment", "password_hash"}
PERS_HIGH = {"payment_card", "iban", "national_id", "date_of_birth", "identity_document",
             "postal_address", "health_data", "employment_data", "tax_record", "travel_record"}
PERS_MED = {"email_address", "phone_number"}
INFRA = {"private_ip", "internal_hostname"}


def group_sev(cat):
    if cat in CRED:
        return "credentials", "critical"
    if cat in PERS_HIGH:
        return "personal", "high"
    if cat in PERS_MED:
        return "personal", "medium"
    if cat in INFRA:
        return "infrastructure", "info"
    raise ValueError("unknown category " + cat)


def L(spec, value):
    return "\u27e6%s|%s\u27e7" % (spec, value)


def N(kind, value):
    return "\u27e6~%s|%s\u27e7" % (kind, value)


def parse(marked):
    """Strip markers; return text, labels, negatives (python char offsets + value)."""
    out, labels, negs = [], [], []
    i, pos = 0, 0
    while i < len(marked):
        j = marked.find("\u27e6", i)
        if j < 0:
            out.append(marked[i:])
            break
        out.append(marked[i:j])
        pos += j - i
        bar = marked.index("|", j)
        end = marked.index("\u27e7", bar)
        spec, value = marked[j + 1:bar], marked[bar + 1:end]
        assert "\u27e6" not in value, (spec, value)
        out.append(value)
        rec = {"spec": spec, "value": value, "s": pos, "e": pos + len(value)}
        (negs if spec.startswith("~") else labels).append(rec)
        pos += len(value)
        i = end + 1
    return "".join(out), labels, negs


def u16(text, idx):
    return len(text[:idx].encode("utf-16-le")) // 2


CASES = []


def case(carrier, lang, marked, reporter_email=None):
    text, labels, negs = parse(marked)
    lab = []
    for r in labels:
        spec = r["spec"]
        optional = spec.endswith("?")
        spec = spec.rstrip("?")
        sev_override = None
        if "!" in spec:
            spec, sev_override = spec.split("!")
        parts = spec.split("+")
        cat, also = parts[0], parts[1:]
        grp, sev = group_sev(cat)
        for a in also:
            group_sev(a)
        d = {"start": u16(text, r["s"]), "end": u16(text, r["e"]), "category": cat,
             "severity": sev_override or sev, "group": grp}
        if also:
            d["also"] = also
        if optional:
            d["optional"] = True
        d["_value"] = r["value"]
        lab.append(d)
    neg = [{"start": u16(text, r["s"]), "end": u16(text, r["e"]), "kind": r["spec"][1:],
            "_value": r["value"]} for r in negs]
    obj = {"id": "b13b-%03d" % (len(CASES) + 1), "carrier": carrier, "language": lang,
           "text": text, "labels": lab, "negatives": neg}
    if reporter_email:
        obj["reporter_email"] = reporter_email
    CASES.append(obj)


# ---------------------------------------------------------------- value makers
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
B64 = string.ascii_letters + string.digits + "+/"
B64U = string.ascii_letters + string.digits + "-_"
HEX = "0123456789abcdef"


def rs(chars, n):
    return "".join(R.choice(chars) for _ in range(n))


def b62(n, width):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


def github(prefix="ghp_"):
    body = rs(ALNUM, 30)
    return prefix + body + b62(zlib.crc32(body.encode()), 6)


def github_pat():
    return "github_pat_" + rs(ALNUM, 22) + "_" + rs(ALNUM, 59)


def gitlab():
    return "glpat-" + rs(ALNUM + "-_", 20)


def akia(prefix="AKIA"):
    return prefix + rs(string.ascii_uppercase + "234567", 16)


def aws_secret():
    return rs(ALNUM + "+/", 40)


def slack_bot(kind="xoxb"):
    return "%s-%s-%s-%s" % (kind, rs(string.digits, 11), rs(string.digits, 13), rs(ALNUM, 24))


def slack_hook():
    return "https://hooks.slack.com/services/T%s/B%s/%s" % (
        rs(string.ascii_uppercase + string.digits, 8), rs(string.ascii_uppercase + string.digits, 10), rs(ALNUM, 24))


def stripe(prefix="sk_live_", n=24):
    return prefix + rs(ALNUM, n)


def gapi():
    return "AIza" + rs(ALNUM + "-_", 35)


def azure_conn(account):
    key = base64.b64encode(R.randbytes(64)).decode()
    return ("DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s;EndpointSuffix=core.windows.net"
            % (account, key))


def azure_sas():
    sig = base64.b64encode(R.randbytes(32)).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return ("sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2025-%02d-%02dT18:00:00Z&st=2024-%02d-01T09:00:00Z"
            "&spr=https&sig=%s" % (R.randint(1, 12), R.randint(1, 28), R.randint(1, 12), sig))


def npm_tok():
    return "npm_" + rs(ALNUM, 36)


def pypi_tok():
    return "pypi-AgEIcHlwaS5vcmc" + rs(B64U, 120)


def sendgrid():
    return "SG." + rs(B64U, 22) + "." + rs(B64U, 43)


def twilio_sk():
    return "SK" + rs(HEX, 32)


def twilio_ac():
    return "AC" + rs(HEX, 32)


def openai():
    return "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74)


def anthropic():
    return "sk-ant-api03-" + rs(B64U, 93) + "AA"


def b64u(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def jwt(payload, alg="HS256"):
    h = b64u(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    p = b64u(json.dumps(payload, separators=(",", ":")).encode())
    sig = b64u(R.randbytes(32 if alg.startswith("HS") else 64))
    return h + "." + p + "." + sig


def pem(kind="RSA PRIVATE KEY", nbytes=300, sep="\n"):
    body = base64.b64encode(R.randbytes(nbytes)).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return sep.join(["-----BEGIN %s-----" % kind] + lines + ["-----END %s-----" % kind])


def openssh_key(sep="\n"):
    body = base64.b64encode(b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none" + R.randbytes(200)).decode()
    lines = [body[i:i + 70] for i in range(0, len(body), 70)]
    return sep.join(["-----BEGIN OPENSSH PRIVATE KEY-----"] + lines + ["-----END OPENSSH PRIVATE KEY-----"])


BCRYPT = "./" + string.ascii_uppercase + string.ascii_lowercase + string.digits


def bcrypt(cost=12):
    return "$2b$%02d$" % cost + rs(BCRYPT, 53)


def sha512crypt():
    return "$6$" + rs(ALNUM, 16) + "$" + rs(BCRYPT, 86)


def argon2():
    return "$argon2id$v=19$m=65536,t=3,p=4$" + b64u(R.randbytes(16)) + "$" + b64u(R.randbytes(32))


def hexs(n):
    return rs(HEX, n)


def uuid():
    h = hexs(32)
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], R.choice("89ab"), h[17:20], h[20:32])


def sha256():
    return hexs(64)


def gitsha():
    return hexs(40)


def integrity():
    return "sha512-" + base64.b64encode(R.randbytes(64)).decode()


def luhn_digit(partial):
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(num):
    digits = [int(c) for c in num if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def card(kind="visa", sep=""):
    if kind == "visa":
        p, n = "4" + rs(string.digits, 5), 16
    elif kind == "mc":
        p, n = str(R.randint(51, 55)) + rs(string.digits, 4), 16
    elif kind == "mc2":
        p, n = str(R.randint(2221, 2720)) + rs(string.digits, 2), 16
    elif kind == "amex":
        p, n = R.choice(["34", "37"]) + rs(string.digits, 4), 15
    elif kind == "cb":  # French CB co-badged visa
        p, n = "497" + rs(string.digits, 3), 16
    else:
        raise ValueError(kind)
    body = p + rs(string.digits, n - 1 - len(p))
    num = body + luhn_digit(body)
    if not sep:
        return num
    if n == 15:
        return sep.join([num[:4], num[4:10], num[10:]])
    return sep.join(num[i:i + 4] for i in range(0, 16, 4))


def luhn_number(n, prefix=""):
    body = prefix + rs(string.digits, n - 1 - len(prefix))
    return body + luhn_digit(body)


def siret():
    siren = luhn_number(9)
    body = siren + rs(string.digits, 4)
    return body + luhn_digit(body)


def isbn13():
    body = "978" + rs(string.digits, 9)
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


IBAN_LEN = {"FR": 27, "DE": 22, "ES": 24, "IT": 27, "BE": 16, "GB": 22, "NL": 18, "PT": 25, "CH": 21, "LU": 20}


def mod97(s):
    return int("".join(str(int(c, 36)) for c in s)) % 97


def iban(cc="FR", spaced=False):
    n = IBAN_LEN[cc]
    if cc == "FR":
        bank, branch, acct = rs(string.digits, 5), rs(string.digits, 5), rs(string.digits, 11)
        key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)
        bban = bank + branch + acct + "%02d" % key
    elif cc == "GB":
        bban = R.choice(["NWBK", "BARC", "LOYD", "MIDL"]) + rs(string.digits, 14)
    elif cc == "NL":
        bban = R.choice(["ABNA", "RABO", "INGB"]) + rs(string.digits, 10)
    elif cc == "IT":
        bban = R.choice(string.ascii_uppercase) + rs(string.digits, 10) + rs(string.digits, 12)
    else:
        bban = rs(string.digits, n - 4)
    chk = 98 - mod97(bban + cc + "00")
    s = cc + "%02d" % chk + bban
    assert len(s) == n and mod97(s[4:] + s[:4]) == 1
    if spaced:
        return " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    return s


def nir(sex=None, yy=None, mm=None, dept=None, spaced=False):
    sex = sex or R.choice("12")
    yy = yy if yy is not None else R.randint(50, 99)
    mm = mm or R.randint(1, 12)
    dept = dept or R.choice(["75", "69", "13", "33", "59", "44", "31", "67", "35", "06", "92", "93"])
    body = "%s%02d%02d%s%03d%03d" % (sex, yy, mm, dept, R.randint(1, 990), R.randint(1, 999))
    key = 97 - int(body) % 97
    if spaced:
        return "%s %s %s %s %s %s %02d" % (body[0], body[1:3], body[3:5], body[5:7], body[7:10], body[10:13], key)
    return body + "%02d" % key


def dni():
    n = R.randint(10_000_000, 99_999_999)
    return "%08d%s" % (n, "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23])


def nie():
    p = R.choice("XYZ")
    n = R.randint(1_000_000, 9_999_999)
    return "%s%07d%s" % (p, n, "TRWAGMYFPDXBNJZSQVHLCKE"[int(str("XYZ".index(p)) + "%07d" % n) % 23])


CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6,
                   8, 12, 14, 16, 10, 22, 25, 24, 23]))


def _cf_part(s, is_name):
    s = s.upper()
    cons = [c for c in s if c.isalpha() and c not in "AEIOU"]
    vow = [c for c in s if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        return cons[0] + cons[2] + cons[3]
    return "".join(cons + vow + ["X", "X", "X"])[:3]


def codice_fiscale(surname, name, y, m, d, female, comune):
    day = d + (40 if female else 0)
    s = _cf_part(surname, False) + _cf_part(name, True) + "%02d" % (y % 100) + "ABCDEHLMPRST"[m - 1] + "%02d" % day + comune
    tot = 0
    for i, c in enumerate(s):
        if i % 2 == 0:
            tot += CF_ODD[c]
        else:
            tot += int(c) if c.isdigit() else ord(c) - 65
    return s + chr(65 + tot % 26)


def nino():
    bad1, bad2 = set("DFIQUV"), set("DFIQUVO")
    while True:
        a, b = R.choice(string.ascii_uppercase), R.choice(string.ascii_uppercase)
        if a in bad1 or b in bad2 or a + b in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
            continue
        return "%s%s%06d%s" % (a, b, R.randint(0, 999999), R.choice("ABCD"))


def ssn(sep="-"):
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return "%03d%s%02d%s%04d" % (a, sep, R.randint(1, 99), sep, R.randint(1, 9999))


def mrz_cd(s):
    w = [7, 3, 1]
    tot = 0
    for i, c in enumerate(s):
        v = 0 if c == "<" else (int(c) if c.isdigit() else ord(c) - 55)
        tot += v * w[i % 3]
    return str(tot % 10)


def mrz_name(surname, given, width):
    s = surname.upper().replace(" ", "<").replace("-", "<") + "<<" + "<".join(given.upper().replace("-", " ").split())
    return (s + "<" * width)[:width]


def mrz_td3(issuer, surname, given, number, nat, dob, sex, exp, personal=""):
    l1 = "P<" + issuer + mrz_name(surname, given, 39)
    num = (number + "<" * 9)[:9]
    pers = (personal + "<" * 14)[:14]
    pcd = mrz_cd(pers) if personal else "<"
    l2 = num + mrz_cd(num) + nat + dob + mrz_cd(dob) + sex + exp + mrz_cd(exp) + pers + pcd
    comp = l2[0:10] + l2[13:20] + l2[21:43]
    l2 += mrz_cd(comp)
    assert len(l1) == 44 and len(l2) == 44
    return l1, l2


def mrz_td1(issuer, number, dob, sex, exp, nat, surname, given, opt1="", opt2=""):
    num = (number + "<" * 9)[:9]
    l1 = "I<" + issuer + num + mrz_cd(num) + (opt1 + "<" * 15)[:15]
    l2 = dob + mrz_cd(dob) + sex + exp + mrz_cd(exp) + nat + (opt2 + "<" * 11)[:11]
    comp = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    l2 += mrz_cd(comp)
    l3 = mrz_name(surname, given, 30)
    assert len(l1) == len(l2) == len(l3) == 30
    return l1, l2, l3


def fr_mobile(fmt="space"):
    d = R.choice("67") + rs(string.digits, 8)
    if fmt == "space":
        return "0" + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2))
    if fmt == "intl":
        return "+33 " + d[0] + " " + " ".join(d[i:i + 2] for i in range(1, 9, 2))
    if fmt == "dot":
        return "0" + d[0] + "." + ".".join(d[i:i + 2] for i in range(1, 9, 2))
    return "0" + d


def fr_fixe():
    return "0%s %s" % (R.choice("12345"), " ".join(rs(string.digits, 2) for _ in range(4)))


def uk_mobile():
    return "+44 7%s %s" % (rs(string.digits, 3), rs(string.digits, 6))


def us_phone():
    return "(%d) %d-%04d" % (R.randint(201, 989), R.randint(201, 989), R.randint(0, 9999))


def pgp_fpr(luhn_digits=False):
    if luhn_digits:
        d = luhn_number(16)
        h = d + hexs(24).upper()
    else:
        h = hexs(40).upper()
    return " ".join(h[i:i + 4] for i in range(0, 40, 4))


def ssh_fpr():
    return "SHA256:" + base64.b64encode(R.randbytes(32)).decode().rstrip("=")


def pnr():
    return rs("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 6)


def ticket_no():
    return R.choice(["057", "074", "220", "125", "006"]) + rs(string.digits, 10)


def priv_ip():
    k = R.random()
    if k < 0.4:
        return "10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(2, 254))
    if k < 0.7:
        return "192.168.%d.%d" % (R.randint(0, 254), R.randint(2, 254))
    return "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 255), R.randint(2, 254))


def doc_ip():
    return R.choice(["192.0.2.", "198.51.100.", "203.0.113."]) + str(R.randint(1, 254))


def cvss():
    return "CVSS:3.1/AV:%s/AC:%s/PR:%s/UI:%s/S:%s/C:%s/I:%s/A:%s" % (
        R.choice("NAL"), R.choice("LH"), R.choice("NLH"), R.choice("NR"), R.choice("UC"),
        R.choice("HLN"), R.choice("HLN"), R.choice("HLN"))


def pw(kind="mixed"):
    words = ["Autumn", "Brisbane", "Kestrel", "Lavande", "Mistral", "Quokka", "Tarte", "Volcan", "Zephyr",
             "Ginkgo", "Mouette", "Cobalt", "Hibou", "Sorbet", "Tundra", "Pelican", "Granit", "Noisette"]
    if kind == "mixed":
        return R.choice(words) + R.choice("!#@$%&*") + str(R.randint(1, 99))
    if kind == "random":
        return rs(ALNUM + "!#%&*+-=?@^_", R.randint(14, 22))
    if kind == "phrase":
        return "-".join(R.sample(["correct", "cheval", "agrafe", "batterie", "marmotte", "glacier", "tuile",
                                   "sapin", "orage", "crayon", "lutin", "phare"], 4))
    if kind == "hex":
        return hexs(32)
    return rs(ALNUM, 16)


def mrz_date(y, m, d):
    return "%02d%02d%02d" % (y % 100, m, d)


BUILDERS = []


def builder(fn):
    BUILDERS.append(fn)
    return fn


def build():
    for fn in BUILDERS:
        fn()
    return CASES


def strip_private(c):
    d = dict(c)
    d["labels"] = [{k: v for k, v in x.items() if not k.startswith("_")} for x in c["labels"]]
    d["negatives"] = [{k: v for k, v in x.items() if not k.startswith("_")} for x in c["negatives"]]
    return d


def serialise(cases):
    return "".join(json.dumps(strip_private(c), ensure_ascii=False, sort_keys=False) + "\n" for c in cases)


def js_slice(text, s, e):
    b = text.encode("utf-16-le")
    return b[2 * s:2 * e].decode("utf-16-le")


def validate(cases):
    errs = []
    ids = set()
    for c in cases:
        t = c["text"]
        n16 = len(t.encode("utf-16-le")) // 2
        if c["id"] in ids:
            errs.append("dup id " + c["id"])
        ids.add(c["id"])
        if c["language"] not in ("en", "fr"):
            errs.append(c["id"] + " language")
        spans = []
        for x in c["labels"] + c["negatives"]:
            s, e = x["start"], x["end"]
            if not (0 <= s < e <= n16):
                errs.append("%s bad span %r" % (c["id"], x))
                continue
            v = js_slice(t, s, e)
            if v != x["_value"]:
                errs.append("%s slice mismatch %r != %r" % (c["id"], v, x["_value"]))
            if v != v.strip() or not v:
                errs.append("%s span has outer whitespace %r" % (c["id"], v))
            spans.append((s, e, x.get("category") or "~" + x["kind"]))
        spans.sort()
        for a, b in zip(spans, spans[1:]):
            if b[0] < a[1]:
                errs.append("%s overlapping spans %r %r" % (c["id"], a, b))
        for x in c["labels"]:
            g, sev = group_sev(x["category"])
            if x["group"] != g:
                errs.append(c["id"] + " group")
            if x["severity"] not in (sev, "info"):
                errs.append(c["id"] + " severity")
        if c.get("reporter_email") and c["reporter_email"] not in t:
            errs.append(c["id"] + " reporter_email not in text")
    return errs


def main():
    cases = build()
    errs = validate(cases)
    data = serialise(cases)
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            committed = f.read()
        if committed != data:
            errs.append("cases.jsonl differs from generator output")
        # round-trip the committed file and re-check spans from it
        for line, c in zip(committed.splitlines(), cases):
            o = json.loads(line)
            for x, y in zip(o["labels"], c["labels"]):
                if js_slice(o["text"], x["start"], x["end"]) != y["_value"]:
                    errs.append(o["id"] + " committed slice mismatch")
        if errs:
            print("\n".join(errs))
            sys.exit(1)
        print("OK: %d cases match and all spans are sane" % len(cases))
        return
    if errs:
        print("\n".join(errs))
        sys.exit(1)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)
    print("wrote %d cases to %s" % (len(cases), OUT))


# ---------------------------------------------------------------- JSON helper
_RAW = {}


def RAW(s):
    k = "\u00a7RAW%d\u00a7" % len(_RAW)
    _RAW[k] = s
    return k


def J(obj, indent=2):
    s = json.dumps(obj, ensure_ascii=False, indent=indent)
    for k, v in _RAW.items():
        s = s.replace('"%s"' % k, v)
    return s


# ================================================================ json_api
@builder
def c_json_api():
    # 1 fr IDOR mutuelle
    n_nir = nir(sex="2", yy=78, mm=4, dept="69")
    body = J({"id": 48213, "type": "adherent", "nom": "Vasseur", "prenom": "Clémence",
              "date_naissance": L("date_of_birth", "1978-04-17"), "nir": L("national_id", n_nir),
              "adresse": L("postal_address", "14 rue des Tanneurs, 69005 Lyon"),
              "email": L("email_address", "clemence.vasseur@laposte-mail.fr"),
              "telephone": L("phone_number", fr_mobile()),
              "rib": {"iban": L("iban", iban("FR")), "bic": "CRLYFRPP"},
              "contrat": {"formule": "Confort+", "cree_le": N("timestamp", "2021-09-30T08:12:44Z")}})
    case("json_api", "fr",
         "GET /api/v2/adherents/48213 avec le jeton du compte de test 48212 → 200 :\n\n" + body +
         "\n\nSeul l'identifiant change dans l'URL ; aucun contrôle d'appartenance.")
    # 2 en FHIR bundle
    ssn1 = ssn()
    body = J({"resourceType": "Bundle", "type": "searchset", "total": 2, "entry": [
        {"resource": {"resourceType": "Patient", "id": N("uuid", uuid()),
                      "identifier": [{"system": "http://hl7.org/fhir/sid/us-ssn", "value": L("national_id", ssn1)}],
                      "name": [{"family": "Okonkwo", "given": ["Adaeze"]}],
                      "birthDate": L("date_of_birth", "1991-11-02"),
                      "address": [{"line": [L("postal_address", "2217 Larkspur Ave, Apt 3B, Dayton, OH 45406")]}],
                      "telecom": [{"system": "phone", "value": L("phone_number", us_phone())}]}},
        {"resource": {"resourceType": "Condition", "subject": {"reference": "Patient/8841"},
                      "code": {"coding": [{"system": "http://snomed.info/sct", "code": L("health_data", "44054006"),
                                           "display": L("health_data", "Diabetes mellitus type 2")}]},
                      "recordedDate": N("date_not_birth", "2023-06-14")}}]})
    case("json_api", "en", "Unauthenticated FHIR search, `GET /fhir/R4/Patient?_revinclude=Condition:subject&_count=2`:\n\n" + body)
    # 3 fr clean health endpoint
    body = J({"status": "UP", "version": N("version", "4.18.2"), "commit": N("git_sha", gitsha()),
              "build": {"id": N("uuid", uuid()), "sha256": N("hash", sha256()), "date": N("timestamp", "2024-02-11T22:03:19+01:00")},
              "db": {"status": "UP", "password": N("placeholder", "********")},
              "support": N("company_contact", "support@helpdesk-airnova.com")})
    case("json_api", "fr", "Réponse de /actuator/health exposée sans authentification (fuite d'informations mineure, rien de sensible) :\n" + body)
    # 4 en user list with bcrypt
    users = []
    for name, mail in [("mkowalczyk", "m.kowalczyk@brightfin.io"), ("t.abernathy", "tess.abernathy@brightfin.io"), ("svc-export", None)]:
        u = {"username": name, "email": L("email_address", mail) if mail else None,
             "password_digest": L("password_hash", bcrypt(10)), "role": "admin" if name == "svc-export" else "user",
             "last_login": N("timestamp", "2024-03-0%dT1%d:22:08Z" % (R.randint(1, 9), R.randint(0, 9)))}
        users.append(u)
    case("json_api", "en", "The /api/users endpoint ignores the `fields` filter and returns the digests:\n" +
         J({"data": users, "page": 1, "per_page": 3}, indent=1))
    # 5 fr commande avec PAN
    pan = card("cb")
    body = J({"commande": N("order_id", "CMD-2024-0098812"), "montant": N("amount", "149,90 EUR"),
              "paiement": {"moyen": "CB", "numero": L("payment_card", pan), "expiration": "09/27", "titulaire": "L. MERCIER"},
              "livraison": {"destinataire": "Lucas Mercier", "adresse": L("postal_address", "Résidence Les Aubépines, bât. C, 7 allée Jean-Moulin, 35200 Rennes")},
              "siret_vendeur": N("siret", siret())}, indent=4)
    case("json_api", "fr", "L'API mobile renvoie le numéro de carte complet (pas seulement les 4 derniers chiffres) :\n" + body)
    # 6 en clean product listing
    items = [{"sku": "KB-%04d" % R.randint(1000, 9999), "id": N("uuid", uuid()), "price": N("amount", "%d.%02d" % (R.randint(5, 300), R.randint(0, 99))),
              "isbn": N("isbn", isbn13())} for _ in range(3)]
    case("json_api", "en", "Baseline response before the injection (nothing sensitive in it):\n" +
         J({"items": items, "next": N("public_hostname", "https://api.shelfwise-books.com/v3/items?cursor=eyJwIjozfQ"),
            "etag": N("hash", '"' + hexs(32) + '"')}))
    # 7 fr OAuth token response
    at = jwt({"sub": "u_77120", "iss": "https://auth.meridia-sante.fr", "scope": "dossier:read dossier:write", "exp": 1718035200})
    rt = rs(ALNUM, 48)
    case("json_api", "fr", "Le endpoint /oauth/token accepte le grant `password` sans client_secret ; réponse obtenue :\n" +
         J({"access_token": L("jwt", at), "token_type": "Bearer", "expires_in": 3600,
            "refresh_token": L("password_assignment?", rt), "id_token_hint": N("placeholder", "<ID_TOKEN>")}))
    # 8 en debug endpoint dumping env
    ak, sk = akia(), aws_secret()
    body = J({"debug": True, "env": {"AWS_ACCESS_KEY_ID": L("aws_access_key_id", ak), "AWS_SECRET_ACCESS_KEY": L("aws_secret_key", sk),
                                     "DATABASE_URL": L("connection_string+url_credentials", "postgres://orders_rw:%s@%s:5432/orders" % (pw(), "pg-orders-02.prod.internal")),
                                     "NODE_ENV": "production", "SENTRY_DSN": N("placeholder", "${SENTRY_DSN}"),
                                     "REDIS_HOST": L("private_ip", priv_ip())}})
    case("json_api", "en", "`GET /__debug/vars` (left enabled in prod) dumps process.env:\n" + body)
    # 9 fr clean redacted API
    body = J({"integration": "sendmail", "api_key": N("redacted", "<REDACTED>"), "smtp_password": N("placeholder", "********"),
              "webhook_secret": N("placeholder", "your-webhook-secret-here"), "password_min_length": RAW(N("setting", "12")),
              "contact": N("psirt_address", "psirt@thalesgroup.com")})
    case("json_api", "fr", "Extrait (valeurs masquées par l'API elle-même, c'est correct) :\n" + body)
    # 10 fr HR API
    body = J({"matricule": "E-20931", "nom": "Benali", "prenom": "Yasmina", "poste": "Cheffe de projet",
              "remuneration": {"brut_annuel": L("employment_data", "58 400 €"), "variable": L("employment_data", "6 %")},
              "entretien_2023": {"note": "B", "commentaire": L("employment_data", "Objectifs non atteints sur le lot 3 ; plan d'amélioration à mettre en place avant juin.")},
              "manager": L("email_address", "o.ferrand@groupe-altavia.fr")})
    case("json_api", "fr", "En changeant `matricule` dans /rh/api/fiche?matricule=E-20931 on lit la fiche de n'importe quel salarié :\n" + body)
    # 11 en travel booking
    pn, tk = pnr(), ticket_no()
    body = J({"booking": {"recordLocator": L("travel_record", pn), "passengers": [
        {"name": "HOLLOWAY/GRETA MS", "dateOfBirth": L("date_of_birth", "1986-07-23"),
         "document": {"type": "P", "number": L("identity_document", "5%08d" % R.randint(10**7, 10**8 - 1)), "country": "GBR"},
         "ticket": L("travel_record", tk), "segments": [{"flight": "BA 0332", "seat": L("travel_record", "14C"), "date": N("date_not_birth", "2024-05-19")}]}]}})
    case("json_api", "en", "Manage-booking API, no check that the surname matches the record locator:\n" + body)
    # 12 fr clean advisory feed
    body = J({"id": "CVE-2024-%d" % R.randint(20000, 29999), "cvss": N("cvss_vector", cvss()), "score": 8.1,
              "editeur": "Thales", "contact": N("psirt_address", "psirt@thalesgroup.com"),
              "refs": [N("public_hostname", "https://www.cert.ssi.gouv.fr/avis/")], "publie": N("timestamp", "2024-04-02T10:00:00Z"),
              "oid": N("oid", "1.3.6.1.4.1.%d.2.7" % R.randint(10000, 60000))})
    case("json_api", "fr", "Format de sortie proposé pour l'avis (pas de donnée personnelle) :\n" + body)
    # 13 en clean infra discovery
    body = J({"services": [{"name": "billing", "host": N("infrastructure_info", "billing-01.corp.brightfin.local"), "ip": N("infrastructure_info", priv_ip())},
                           {"name": "ledger", "host": N("infrastructure_info", "ledger-db.corp.brightfin.local"), "ip": N("infrastructure_info", priv_ip())}],
              "generated": N("timestamp", "2024-03-03T12:00:00Z")})
    case("json_api", "en", "The Consul catalog is reachable from the guest Wi-Fi:\n" + body)


# ================================================================ csv_export
@builder
def c_csv_export():
    # 1 fr patients csv
    rows = ["id;nom;prenom;date_naissance;nir;diagnostic;medecin"]
    for nm, pr, dob, diag in [("Garnier", "Odile", "12/03/1949", "Insuffisance cardiaque NYHA II"),
                              ("Tessier", "Malik", "30/08/1987", "Épisode dépressif majeur"),
                              ("Roux", "Anaïs", "05/01/2002", "Asthme allergique")]:
        rows.append("%d;%s;%s;%s;%s;%s;Dr Pons" % (R.randint(1000, 9999), nm, pr, L("date_of_birth", dob),
                                                  L("national_id", nir(yy=int(dob[-2:]), mm=int(dob[3:5]))), L("health_data", diag)))
    case("csv_export", "fr", "Le lien « Exporter » de la plateforme de téléconsultation renvoie ce fichier à tout utilisateur connecté (3 premières lignes sur 2 114) :\n\n" + "\n".join(rows))
    # 2 en payroll tsv
    rows = ["employee_id\tfull_name\tbase_salary\tiban\tni_number"]
    for nm in ["Harriet Quayle", "Desmond Achterberg"]:
        rows.append("EMP%05d\t%s\t%s\t%s\t%s" % (R.randint(1, 99999), nm, L("employment_data", "£%d,%03d" % (R.randint(28, 95), R.randint(0, 999))),
                                                 L("iban", iban("GB")), L("national_id", nino())))
    case("csv_export", "en", "payroll_2024_03.tsv fetched from the open S3 prefix (first rows):\n" + "\n".join(rows))
    # 3 fr clean inventory
    rows = ["ref,designation,prix_ht,siret_fournisseur,sha256_firmware"]
    for _ in range(3):
        rows.append("%s,Borne Wi-Fi v%d,%s,%s,%s" % (N("order_id", "ART-%06d" % R.randint(0, 999999)), R.randint(2, 6),
                                                     N("amount", "%d,%02d" % (R.randint(90, 900), R.randint(0, 99))), N("siret", siret()), N("hash", sha256())))
    case("csv_export", "fr", "Inventaire (aucune donnée personnelle, je le joins pour les versions de firmware) :\n" + "\n".join(rows))
    # 4 en customers with cards and emoji
    rows = ['"customer","email","phone","card_number","notes"']
    rows.append('"Priya Raman","%s","%s","%s","VIP 🌟 prefers SMS"' % (L("email_address", "priya.raman@quillmail.net"), L("phone_number", uk_mobile()), L("payment_card", card("mc", " "))))
    rows.append('"Tomás Ibarra","%s","%s","%s","🚚 leave at door"' % (L("email_address", "tibarra@correo-sur.es"), L("phone_number", "+34 6%02d %03d %03d" % (R.randint(0, 99), R.randint(0, 999), R.randint(0, 999))), L("payment_card", card("amex", " "))))
    case("csv_export", "en", "customers_export.csv (the export button is reachable with a viewer role):\n" + "\n".join(rows))
    # 5 fr candidats passport
    rows = ["candidat|passport_no|nationalite|adresse|telephone"]
    rows.append("Iulia Constantinescu|%s|ROU|%s|%s" % (L("identity_document", "0%08d" % R.randint(0, 10**8)), L("postal_address", "3 impasse des Glycines, 31400 Toulouse"), L("phone_number", fr_mobile("dot"))))
    rows.append("Kwame Mensah|%s|GHA|%s|%s" % (L("identity_document", "G%07d" % R.randint(0, 10**7)), L("postal_address", "112 bd de la Liberté, 59000 Lille"), L("phone_number", fr_mobile("intl"))))
    case("csv_export", "fr", "Fichier candidats_visa.csv (séparateur |) récupéré via le paramètre ?format=csv :\n" + "\n".join(rows))
    # 6 en clean audit log csv
    rows = ["ts,actor,action,object,ip"]
    for a in ["login", "export", "logout"]:
        rows.append("%s,%s,%s,%s,%s" % (N("timestamp", "2024-02-2%dT0%d:1%d:00Z" % (R.randint(0, 9), R.randint(0, 9), R.randint(0, 9))), N("uuid", uuid()), a, N("git_sha", gitsha()[:12]), N("documentation_ip", doc_ip())))
    case("csv_export", "en", "Audit log export (IPs anonymised by me to documentation ranges):\n" + "\n".join(rows))
    # 7 fr tax
    rows = ["numero_fiscal,nom,revenu_fiscal_reference,impot_net"]
    for nm in ["LEBRUN Gaëlle", "NKOULOU Serge"]:
        rows.append("%s,%s,%s,%s" % (L("tax_record", "%d%012d" % (R.randint(1, 3), R.randint(0, 10**12 - 1))), nm, L("tax_record", "%d %03d" % (R.randint(18, 90), R.randint(0, 999))), L("tax_record", "%d %03d €" % (R.randint(1, 9), R.randint(0, 999)))))
    case("csv_export", "fr", "Extraction du module « simulation » de la mairie (foyers fiscaux) :\n" + "\n".join(rows))
    # 8 en API keys csv
    rows = ["tenant,key_name,secret,created"]
    rows.append("acme-rail,prod-webhook,%s,%s" % (L("stripe_key", stripe("whsec_", 32)), N("date_not_birth", "2023-11-02")))
    rows.append("acme-rail,mailer,%s,%s" % (L("sendgrid_key", sendgrid()), N("date_not_birth", "2024-01-15")))
    rows.append("acme-rail,sms,%s,%s" % (L("twilio_key", twilio_sk()), N("date_not_birth", "2024-01-15")))
    case("csv_export", "en", "integrations.csv from the tenant backup archive:\n" + "\n".join(rows))
    # 9 fr clean with placeholders
    rows = ["utilisateur,mot_de_passe,jeton,maj", "admin,%s,%s,%s" % (N("placeholder", "********"), N("redacted", "[redacted]"), N("timestamp", "2024-01-05 10:00")),
            "demo,%s,%s,%s" % (N("placeholder", "xxxx"), N("placeholder", "<TOKEN>"), N("timestamp", "2024-01-05 10:01"))]
    case("csv_export", "fr", "Le fichier exporté masque bien les secrets (vérifié, RAS) :\n" + "\n".join(rows))
    # 10 en DOB vs hire date hard
    rows = ["name,hire_date,dob,badge_uuid", "Felix Adeyemi,%s,%s,%s" % (N("date_not_birth", "2019-04-01"), L("date_of_birth", "1990-12-09"), N("uuid", uuid())),
            "Mara Lindqvist,%s,%s,%s" % (N("date_not_birth", "2021-09-13"), L("date_of_birth", "1984-02-29"), N("uuid", uuid()))]
    case("csv_export", "en", "staff.csv — note the hire_date column is not sensitive, dob is:\n" + "\n".join(rows))
    # 11 fr IBAN fournisseurs mixed: company IBAN optional
    rows = ["beneficiaire;iban;bic;type", "Atelier Chaumont SARL;%s;AGRIFRPP;fournisseur" % L("iban?", iban("FR", True)),
            "Mme Solène Prévost;%s;BNPAFRPP;particulier" % L("iban", iban("FR", True)),
            "M. Henrik Vos;%s;INGBNL2A;particulier" % L("iban", iban("NL"))]
    case("csv_export", "fr", "virements_en_attente.csv, accessible sans session :\n" + "\n".join(rows))
    # 12 en clean sbom csv
    rows = ["package,version,integrity"]
    for p in ["left-pad", "lodash", "express"]:
        rows.append("%s,%s,%s" % (p, N("version", "%d.%d.%d" % (R.randint(0, 4), R.randint(0, 20), R.randint(0, 30))), N("integrity", integrity())))
    case("csv_export", "en", "SBOM excerpt for the affected build:\n" + "\n".join(rows))
    # 13 fr clean contacts entreprise
    rows = ["service,telephone,email", "Standard,%s,%s" % (N("company_contact", "+33 1 57 77 80 00"), N("company_contact", "contact@transports-ouestlien.fr")),
            "Presse,%s,%s" % (N("company_contact", "01 44 52 10 10"), N("company_contact", "presse@transports-ouestlien.fr")),
            "PSIRT,—,%s" % N("psirt_address", "psirt@thalesgroup.com")]
    case("csv_export", "fr", "Annuaire public des services (publié sur le site, rien de personnel) :\n" + "\n".join(rows))


# ================================================================ ocr_document
@builder
def c_ocr_document():
    # 1 fr passport page
    num = "%02d%s%05d" % (R.randint(10, 24), rs(string.ascii_uppercase, 2), R.randint(0, 99999))
    l1, l2 = mrz_td3("FRA", "MARCHAND", "Elise Jeanne", num, "FRA", "880614", "F", "330102")
    case("ocr_document", "fr",
         "[OCR – pièce jointe passeport_client_0193.jpg trouvée dans le bucket public]\n"
         "RÉPUBLIQUE FRANÇAISE  PASSEPORT / PASSPORT\nType P  Code FRA  Passeport n° %s\n"
         "Nom / Surname : MARCHAND\nPrénoms : Élise, Jeanne\nDate de naissance : %s\nLieu de naissance : NANTES (44)\n"
         "Date de délivrance : %s  Date d'expiration : 01 01 2033\n\n%s\n%s\n"
         % (L("identity_document", num), L("date_of_birth", "14 06 1988"), N("date_not_birth", "02 01 2023"), L("identity_document", l1), L("identity_document", l2)))
    # 2 en UK driving licence / payslip
    ni = nino()
    case("ocr_document", "en",
         "OCR of payslip_march.pdf (page 1/1)\n-----------------------------------\nEMPLOYER: Tarnbrook Logistics Ltd   PAYE ref 475/TB%05d\n"
         "Employee: Gareth Llewellyn     NI No: %s     Tax code: 1257L\nPay date 28/03/2024\n"
         "Basic pay ............ %s\nOvertime ............. £312.40\nIncome tax ........... %s\nNet pay .............. %s\n"
         "Sort code/acct: %s\n"
         % (R.randint(0, 99999), L("national_id", ni), L("employment_data", "£3,041.67"), L("tax_record", "£399.20"), L("employment_data", "£2,318.11"),
            L("iban", iban("GB"))))
    # 3 fr arrêt de travail
    case("ocr_document", "fr",
         "AVIS D'ARRÊT DE TRAVAIL  cerfa n°10170*06\nAssuré(e) : M. Bastien Lhermitte   N° d'immatriculation : %s\n"
         "Adresse : %s\nÉléments d'ordre médical : %s\nArrêt initial du %s au %s inclus   Sorties autorisées : non\n"
         "Praticien : Dr C. Ngata, RPPS 10100%06d\n"
         % (L("national_id", nir(sex="1", yy=83, mm=11, dept="33", spaced=True)), L("postal_address", "27 cours de la Somme, 33800 Bordeaux"),
            L("health_data", "lombosciatique L5-S1 droite, hernie discale"), N("date_not_birth", "04/03/2024"), N("date_not_birth", "22/03/2024"), R.randint(0, 999999)))
    # 4 fr avis d'imposition
    case("ocr_document", "fr",
         "DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES\nAVIS D'IMPÔT 2023 SUR LES REVENUS DE L'ANNÉE 2022\n"
         "Déclarant 1 : ROUSSEL Thibaut   Numéro fiscal : %s\nDéclarant 2 : ROUSSEL née AUBERT Margaux   Numéro fiscal : %s\n"
         "Adresse : %s\nRevenu fiscal de référence : %s\nMontant de votre impôt : %s\nRéférence de l'avis : 23 %s\n"
         "Centre des Finances publiques, contact : %s\n"
         % (L("tax_record", "3%012d" % R.randint(0, 10**12 - 1)), L("tax_record", "3%012d" % R.randint(0, 10**12 - 1)),
            L("postal_address", "8 chemin du Moulin Blanc, 56000 Vannes"), L("tax_record", "41 872 €"), L("tax_record", "2 316 €"),
            L("tax_record?", "%02d %02d %07d %03d" % (R.randint(10, 99), R.randint(10, 99), R.randint(0, 9999999), R.randint(0, 999))),
            N("company_contact", "0 809 401 401")))
    # 5 en boarding pass
    pn = pnr()
    case("ocr_document", "en",
         "BOARDING PASS  /  CARTE D'EMBARQUEMENT\nNAME: PETROVA/IRINA MS\nFROM: PARIS CDG  TO: TORONTO YYZ\nFLIGHT AF 356   DATE 17MAY   SEAT %s  GROUP 3\n"
         "BOOKING REF %s   ETKT %s\nSEQ 087   GATE K47   BOARDING 10:25\n"
         % (L("travel_record", "32K"), L("travel_record", pn), L("travel_record", ticket_no())))
    # 6 fr CNI TD1
    num = rs(string.ascii_uppercase + string.digits, 9)
    l1, l2, l3 = mrz_td1("FRA", num, "950228", "M", "310410", "FRA", "DIALLO", "Mamadou Ibrahima")
    case("ocr_document", "fr",
         "Texte extrait (Tesseract, fra) de scan_cni_recto_verso.png — l'OCR a quelques erreurs :\nCARTE NATIONALE D'IDENTITE / IDENTITY CARD\n"
         "Nom: DIALLO  Prénoms: Mamadou, lbrahima\nNé(e) le: %s  à: MONTREUIL\nN° du document: %s\n%s\n%s\n%s\n"
         % (L("date_of_birth", "28.02.1995"), L("identity_document", num), L("identity_document", l1), L("identity_document", l2), L("identity_document", l3)))
    # 7 en delivery label
    case("ocr_document", "en",
         "Shipping label seen in the parcel-tracking screenshot (OCR):\nSHIP TO:\nDOROTHEA VANCE\n%s\nTEL %s\nTRACKING 1Z%s\nWEIGHT 2.3 KG\n"
         % (L("postal_address", "4410 Old Mill Rd\nChapel Hill NC 27516"), L("phone_number", us_phone()), N("order_id", rs(string.ascii_uppercase + string.digits, 16))))
    # 8 fr clean: certificate scan / invoice of company
    case("ocr_document", "fr",
         "OCR de la facture fournisseur jointe (société, pas de particulier) :\nFACTURE N° %s  du %s\nSARL Optique Lumen — SIRET %s — TVA FR%s\n"
         "Total TTC : %s\nISBN du manuel livré : %s\nStandard : %s\n"
         % (N("order_id", "F-2024-%05d" % R.randint(0, 99999)), N("date_not_birth", "12/02/2024"), N("siret", siret()), N("order_id", rs(string.digits, 11)),
            N("amount", "1 245,60 €"), N("isbn", isbn13()), N("company_contact", "04 78 62 19 00")))
    # 9 en clean: certificate printout
    case("ocr_document", "en",
         "OCR of the vendor's signed firmware certificate printout (public info):\nSubject: CN=Firmware Signing CA 2, O=Example Devices Inc\n"
         "Serial: %s\nSHA-256 Fingerprint: %s\nValid from %s to %s\nPolicy OID %s\n"
         % (N("hash", ":".join(hexs(2) for _ in range(16))), N("hash", ":".join(hexs(2).upper() for _ in range(32))), N("timestamp", "2022-01-01"),
            N("timestamp", "2032-01-01"), N("oid", "2.23.140.1.2.2")))
    # 10 fr titre de séjour
    num = "%010d" % R.randint(0, 10**10 - 1)
    case("ocr_document", "fr",
         "Scan OCR : TITRE DE SÉJOUR\nNOM : HADDAD   PRÉNOM(S) : Rim\nN° %s\nNationalité : TUN   Sexe : F\nValable jusqu'au %s\nRemarques : salarié\n"
         "Adresse au verso : %s\n" % (L("identity_document", num), N("date_not_birth", "11 09 2027"), L("postal_address", "19 rue Pasteur, 92400 Courbevoie")))
    # 11 en clean: invoice with published contact
    case("ocr_document", "en",
         "Receipt OCR (company-to-company):\nNorthwind Fibre plc, 1 Quay Street, Bristol BS1 4DA\nSupport: %s  |  %s\nInvoice %s  Amount due %s  Due %s\nVAT GB%s\n"
         % (N("company_contact", "0800 046 1122"), N("company_contact", "help@northwindfibre.co.uk"), N("order_id", "INV-%07d" % R.randint(0, 10**7)),
            N("amount", "£4,980.00"), N("date_not_birth", "30/04/2024"), N("order_id", rs(string.digits, 9))))
    # 12 fr itinéraire
    case("ocr_document", "fr",
         "Itinéraire de voyage (OCR du PDF reçu par erreur sur l'adresse de support) :\nPassager : M. Anatole Berthier\nRéférence de réservation : %s\n"
         "Vol TO 3140 Paris-Orly → Agadir  le %s  Siège %s\nN° de billet : %s\nContact urgence : %s\n"
         % (L("travel_record", pnr()), N("date_not_birth", "23 juin 2024"), L("travel_record", "21A"), L("travel_record", ticket_no()), L("phone_number", fr_mobile())))
    # 13 fr clean: note de frais sans perso
    case("ocr_document", "fr",
         "OCR du ticket joint en preuve (le montant seul compte) :\nBRASSERIE DU PORT  SIRET %s\nTable 12  Couverts 3\nTotal %s  CB **** **** **** %s\n%s\nMerci de votre visite\n"
         % (N("siret", siret()), N("amount", "87,40 EUR"), N("redacted", "4821"), N("timestamp", "14/03/2024 13:52")))


# ================================================================ command_line
@builder
def c_command_line():
    p = pw()
    case("command_line", "en",
         "$ psql \"host=%s port=5432 dbname=claims user=claims_app password=%s sslmode=require\" -c 'select count(*) from claim;'\n count\n-------\n 88412\n(1 row)\n"
         % (L("internal_hostname", "pg-claims.int.havenlife.net"), L("password_assignment", p)))
    case("command_line", "fr",
         "Pour reproduire, depuis n'importe quel poste du VLAN invités :\n\n    smbclient //%s/compta -U 'CORP\\svc_scan%%%s' -c 'ls'\n\nLe partage liste les bulletins de paie de 2019 à 2024.\n"
         % (L("private_ip", priv_ip()), L("password_assignment", pw("random"))))
    tok = github()
    case("command_line", "en",
         "I confirmed the token from the leaked CI log is live (then stopped):\n\n```\n$ curl -s -H \"Authorization: token %s\" https://api.github.com/user | jq .login\n\"ci-release-bot\"\n```\n"
         % L("authorization_header+github_token", tok))
    case("command_line", "fr",
         "Commande exécutée (aucun secret, uniquement des empreintes) :\n$ gpg --fingerprint %s\npub   rsa4096 2019-05-14 [SC]\n      %s\nuid   Thales PSIRT <%s>\n$ gpg --fingerprint 0x%s   # ma propre clé\n      %s\n$ sha256sum firmware-%s.bin\n%s  firmware-%s.bin\n"
         % (N("psirt_address", "psirt@thalesgroup.com"), N("pgp_fingerprint", "FC3C 4520 576E C756 AE73  0030 5369 49C4 8448 AE39"), N("psirt_address", "psirt@thalesgroup.com"),
            N("hash", "ABCD1234"), N("pgp_fingerprint", pgp_fpr(True)), N("version", "3.2.1"), N("hash", sha256()), N("version", "3.2.1")))
    case("command_line", "fr",
         "C:\\> net use Z: \\\\%s\\archives /user:ACME\\j.morel %s\nLa commande s'est terminée correctement.\n"
         % (L("internal_hostname", "fs02.acme-ing.lan"), L("password_assignment", "Ete2023!Morel")))
    sk = stripe("sk_live_", 99)
    case("command_line", "en",
         "curl https://api.stripe.com/v1/charges -u %s: -d limit=1   # key recovered from the APK's strings.xml\n"
         % L("stripe_key+password_assignment", sk))
    case("command_line", "en",
         "Repro (no credentials involved):\n$ nmap -sV -p 443,8443 %s\n$ openssl s_client -connect %s:8443 -servername portal.northwindfibre.co.uk </dev/null | openssl x509 -noout -fingerprint -sha256\nsha256 Fingerprint=%s\n"
         % (N("documentation_ip", doc_ip()), N("documentation_ip", doc_ip()), N("hash", ":".join(hexs(2).upper() for _ in range(32)))))
    case("command_line", "fr",
         "mysqldump -h %s -u backup -p%s --all-databases > /tmp/all.sql   # trouvée dans /etc/cron.d/sauvegarde\n"
         % (L("internal_hostname", "db-prod-3.interne.groupe-cassis.fr"), L("password_assignment", pw())))
    case("command_line", "fr",
         "$ sshpass -p '%s' ssh -o StrictHostKeyChecking=no pi@%s\nLinux borne-14 5.10.103-v7l+ #1529 SMP\npi@borne-14:~ $\n"
         % (L("password_assignment", "raspberry"), L("private_ip", priv_ip())))
    case("command_line", "en",
         "docker run -e POSTGRES_PASSWORD=%s -e PGDATA=/var/lib/pg -p 5432:5432 postgres:%s   # from their README, placeholder only\n"
         % (N("placeholder", "${POSTGRES_PASSWORD}"), N("version", "16.2")))
    case("command_line", "fr",
         "Appel direct de l'API SMS avec les identifiants trouvés dans le bundle JS :\n\ncurl -X POST https://api.twilio.com/2010-04-01/Accounts/%s/Messages.json \\\n  -u '%s:%s' \\\n  --data-urlencode 'To=%s' --data-urlencode 'Body=test PSIRT'\n\n(le numéro de destination est le mien : %s)\n"
         % (N("order_id", twilio_ac()), L("twilio_key", twilio_sk()), L("twilio_key", hexs(32)), N("reporter_contact", "+33 7 81 22 40 19"), N("reporter_contact", "+33 7 81 22 40 19")))
    case("command_line", "en",
         "PS C:\\Users\\audit> Invoke-RestMethod -Uri https://%s/api/export -Headers @{ 'X-Api-Key' = '%s' } -OutFile out.json\n"
         % (L("internal_hostname", "reporting.corp.tarnbrook.local"), L("password_assignment", rs(ALNUM, 32))))
    case("command_line", "fr",
         "$ git log --oneline -3\n%s fix: masque le mot de passe dans les logs\n%s chore: bump %s\n%s feat: export CSV\n$ grep -rn 'password' config/\nconfig/app.yml:12:  password: %s\nconfig/app.yml:13:  password_min_length: %s\n"
         % (N("git_sha", gitsha()[:7]), N("git_sha", gitsha()[:7]), N("version", "2.14.0"), N("git_sha", gitsha()[:7]), N("placeholder", "${DB_PASSWORD}"), N("setting", "12")))


# ================================================================ server_log
@builder
def c_server_log():
    case("server_log", "en",
         '%s - - [12/Mar/2024:09:14:02 +0000] "GET /reset?email=%s&token=%s HTTP/1.1" 302 0 "-" "Mozilla/5.0"\n'
         '%s - - [12/Mar/2024:09:14:03 +0000] "GET /login HTTP/1.1" 200 5120 "-" "Mozilla/5.0"\n'
         % (N("documentation_ip", doc_ip()), L("email_address", "wen.zhao%40lumenark.com"), L("password_assignment", rs(ALNUM, 40)), N("documentation_ip", doc_ip())))
    case("server_log", "fr",
         "2024-03-04 11:02:17,881 INFO  [auth] tentative de connexion user=m.lefebvre password=%s ip=%s\n2024-03-04 11:02:17,912 WARN  [auth] échec (mot de passe invalide)\n"
         % (L("password_assignment", "Noisette&1984"), N("documentation_ip", doc_ip())))
    case("server_log", "en",
         "Mar 11 02:13:55 edge-gw sshd[20144]: Accepted publickey for deploy from %s port 51022 ssh2: ED25519 %s\nMar 11 02:13:55 edge-gw sshd[20144]: pam_unix(sshd:session): session opened for user deploy\n"
         % (N("documentation_ip", doc_ip()), N("ssh_fingerprint", ssh_fpr())))
    jw = jwt({"sub": "7731", "email": "c.dubreuil@verdalis.fr", "role": "patient", "iat": 1709800000})
    case("server_log", "fr",
         "[2024-03-07T08:41:19.552Z] DEBUG http.request method=GET path=/api/dossiers/7731 headers={\"host\":\"app.verdalis.fr\",\"authorization\":\"Bearer %s\",\"cookie\":\"%s\"}\n"
         % (L("authorization_header+jwt", jw), L("session_cookie", "sid=" + rs(ALNUM, 32))))
    case("server_log", "en",
         "2024-02-28T17:00:01Z INFO  login ok user=admin password=%s from=%s\n2024-02-28T17:00:04Z INFO  GET /admin Authorization: %s\n2024-02-28T17:00:09Z INFO  request_id=%s took=12ms\n"
         % (N("redacted", "***"), N("infrastructure_info", priv_ip()), N("redacted", "Bearer [REDACTED]"), N("uuid", uuid())))
    case("server_log", "fr",
         "Journal nginx (extrait, rien de personnel) :\n%s - - [01/Apr/2024:10:00:00 +0200] \"GET /static/app.%s.js HTTP/2.0\" 200 48213\n%s - - [01/Apr/2024:10:00:01 +0200] \"GET /api/v1/version HTTP/2.0\" 200 37 \"-\" \"curl/%s\"\n"
         % (N("public_ip", "51.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))), N("hash", hexs(20)), N("documentation_ip", doc_ip()), N("version", "8.6.0")))
    case("server_log", "en",
         "worker-3 | 2024-03-15 04:00:12 ERROR payment failed for order %s card=%s exp=11/26 cvv=%s name=\"Rosalind Fairweather\"\n"
         % (N("order_id", "ORD-%07d" % R.randint(0, 10**7)), L("payment_card", card("visa")), L("payment_card?", "%03d" % R.randint(0, 999))))
    case("server_log", "fr",
         "janv. 22 03:12:44 mail postfix/smtpd[1893]: warning: SASL authentication failed; user=contact@cabinet-lemaire-avocats.fr pass=%s\n"
         "janv. 22 03:12:45 mail postfix/smtpd[1893]: connect from %s[%s]\n"
         % (L("password_assignment", "Themis2022"), L("internal_hostname", "mx-relay.cabinet-lemaire.lan"), L("private_ip", priv_ip())))
    case("server_log", "en",
         "kubelet[811]: E0312 10:22:31.004 pod_workers.go:1298] \"Error syncing pod\" pod=\"payments/api-7f9c\" err=\"failed to pull image registry.%s/api:%s\"\n"
         % (N("public_hostname", "gitlab.com"), N("git_sha", gitsha()[:12])))
    case("server_log", "fr",
         "2024-03-19 16:45:02 [notif] SMS envoyé à %s : « Votre code de connexion est 481 227 »\n2024-03-19 16:45:02 [notif] destinataire=Julien Carpentier, motif=2FA\n"
         % L("phone_number", fr_mobile("intl")))
    case("server_log", "en",
         "[app] 2024-01-30 12:00:00 WARN  slow query (2.4s): SELECT * FROM members WHERE ssn = '%s' AND dob = '%s'\n"
         % (L("national_id", ssn()), L("date_of_birth", "1972-05-30")))
    case("server_log", "fr",
         "Extrait des journaux d'audit Keycloak (identifiants pseudonymisés, aucune donnée sensible) :\ntype=LOGIN realmId=%s clientId=portail userId=%s ipAddress=%s sessionId=%s\n"
         % (N("uuid", uuid()), N("uuid", uuid()), N("documentation_ip", doc_ip()), N("uuid", uuid())))
    case("server_log", "fr",
         "2024-04-02T07:30:11+02:00 app[web.1]: Connexion à la base : %s\n2024-04-02T07:30:12+02:00 app[web.1]: migrations OK (%s)\n"
         % (L("connection_string+url_credentials", "mysql://wp_prod:%s@%s:3306/wordpress" % (pw(), priv_ip())), N("version", "v42")))


# ================================================================ source_code
@builder
def c_source_code():
    case("source_code", "en",
         "Found in `app/services/mailer.py` of the public mirror:\n\n```python\nimport sendgrid\n\n# TODO move to vault before launch\nSG = sendgrid.SendGridAPIClient(api_key=\"%s\")\nFROM = \"no-reply@quillmail.net\"\n```\n"
         % L("sendgrid_key", sendgrid()))
    case("source_code", "fr",
         "Dans `src/main/java/fr/orbis/paie/DataSourceConfig.java` :\n\n```java\nHikariConfig cfg = new HikariConfig();\ncfg.setJdbcUrl(\"%s\");\ncfg.setMaximumPoolSize(20); // version %s\n```\n"
         % (L("connection_string", "jdbc:postgresql://%s:5432/paie?user=paie_app&password=%s" % ("pg-paie.orbis.local", pw())), N("version", "5.1.0")))
    case("source_code", "en",
         "Clean look-alikes only (the test uses fake values):\n\n```go\nfunc TestParse(t *testing.T) {\n\tid := \"%s\"\n\tsum := \"%s\"\n\tkey := os.Getenv(\"API_KEY\") // %s\n\tif key == \"\" { t.Skip(\"no key\") }\n\t_ = \"%s\" // commit\n}\n```\n"
         % (N("uuid", uuid()), N("hash", sha256()), N("placeholder", "<API_KEY>"), N("git_sha", gitsha())))
    pk = pem("EC PRIVATE KEY", 121)
    case("source_code", "fr",
         "Le fichier `firmware/certs/device_key.h` livré dans l'image contient la clé privée commune à tous les boîtiers :\n\n```c\nstatic const char DEVICE_KEY[] =\n\"%s\";\n```\n"
         % L("private_key", pk.replace("\n", "\\n\"\n\"")))
    cf = codice_fiscale("Bellini", "Giorgia", 1993, 7, 21, True, "F205")
    case("source_code", "en",
         "The repo ships a fixture with what look like real customer records (`tests/fixtures/customers.js`):\n\n```javascript\nmodule.exports = [\n  { name: 'Giorgia Bellini', cf: '%s', iban: '%s', born: '%s' },\n  { name: 'Jane Doe', email: '%s', card: '%s' },\n];\n```\n"
         % (L("national_id", cf), L("iban", iban("IT")), L("date_of_birth", "1993-07-21"), L("email_address!info", "jane.doe@example.com"), L("payment_card!info", "4111111111111111")))
    case("source_code", "fr",
         "```php\n<?php\n// config/parametres.php — présent dans l'archive de sauvegarde téléchargeable\n$db_host = '%s';\n$db_user = 'boutique';\n$db_pass = '%s';\n$paypal_secret = '%s';\n```\n"
         % (L("internal_hostname", "mysql-boutique.ovh-interne.lan"), L("password_assignment", "Sorbet#" + str(R.randint(1000, 9999))), L("password_assignment", rs(ALNUM + "-_", 80))))
    case("source_code", "en",
         "```csharp\n// Startup.cs\nservices.AddDbContext<AppDb>(o => o.UseSqlServer(\n    \"%s\"));\nvar blob = new BlobServiceClient(\"%s\");\n```\n"
         % (L("connection_string", "Server=tcp:%s,1433;Database=crm;User ID=crm_svc;Password=%s;Encrypt=True;" % ("sql-crm-01.corp.harbourline.local", pw("random"))),
            L("azure_connection_string", azure_conn("hlcrmexports"))))
    case("source_code", "fr",
         "Code propre (les valeurs viennent de l'environnement) :\n```python\nDB_PASSWORD = os.environ[\"DB_PASSWORD\"]\nPASSWORD_MIN_LENGTH = %s\nSECRET_KEY = os.getenv(\"SECRET_KEY\", \"%s\")\nAPI_TOKEN = \"%s\"  # remplacé par la CI\n```\n"
         % (N("setting", "12"), N("placeholder", "change-me"), N("placeholder", "${API_TOKEN}")))
    case("source_code", "en",
         "```python\n# scripts/notify.py\nimport requests\nWEBHOOK = \"%s\"\nOPENAI_KEY = \"%s\"\nrequests.post(WEBHOOK, json={\"text\": \"deploy done\"})\n```\n"
         % (L("slack_webhook", slack_hook()), L("ai_api_key", openai())))
    case("source_code", "fr",
         "```javascript\n// public/js/carte.js (servi à tous les visiteurs)\nconst map = new google.maps.Map(el, { key: \"%s\" });\nconst sas = \"?%s\";\nfetch(`https://medias.blob.core.windows.net/factures${sas}`);\n```\n"
         % (L("google_api_key", gapi()), L("azure_sas_token", azure_sas())))
    case("source_code", "en",
         "Harmless: the code references a public key and a certificate hash only.\n```java\nstatic final String PUB = \"%s\";\nstatic final String PIN = \"sha256/%s\";\n```\n"
         % (N("public_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(B64, 43) + " build@ci"), N("hash", base64.b64encode(R.randbytes(32)).decode())))
    case("source_code", "fr",
         "```go\n// cmd/sync/main.go\nconst ghToken = \"%s\" // jeton perso de Mathieu, à révoquer\nvar npmrc = \"//registry.npmjs.org/:_authToken=%s\"\n```\n"
         % (L("github_token", github()), L("npm_token", npm_tok())))
    case("source_code", "fr",
         "Test unitaire (données factices de documentation, pas de vraie personne) :\n```python\ndef test_masque_carte():\n    assert masque(\"%s\") == \"411111******1111\"\n    assert valide_email(\"%s\")\n    assert tel(\"%s\")\n```\n"
         % (L("payment_card!info", "4111111111111111"), L("email_address!info", "prenom.nom@example.org"), L("phone_number!info", "555-0142")))


# ================================================================ k8s_manifest
def b64e(s):
    return base64.b64encode(s.encode()).decode()


@builder
def c_k8s_manifest():
    p = pw()
    case("k8s_manifest", "en",
         "apiVersion: v1\nkind: Secret\nmetadata:\n  name: billing-db\n  namespace: billing\ntype: Opaque\ndata:\n  username: %s\n  password: %s\n"
         % (b64e("billing"), L("password_assignment", b64e(p))))
    ak, sk = akia(), aws_secret()
    case("k8s_manifest", "fr",
         "Secret récupéré via `kubectl get secret s3-backup -o yaml` avec le token du pod compromis :\n\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s3-backup\ndata:\n  AWS_ACCESS_KEY_ID: %s\n  AWS_SECRET_ACCESS_KEY: %s\n  BUCKET: %s\n"
         % (L("aws_access_key_id", b64e(ak)), L("aws_secret_key", b64e(sk)), b64e("sauvegardes-prod")))
    case("k8s_manifest", "en",
         "# values.yaml (Helm) from the public chart repo\nimage:\n  repository: ghcr.io/harbourline/api\n  tag: \"%s\"\npostgresql:\n  auth:\n    password: \"%s\"\n    existingSecret: \"\"\nredis:\n  password: %s\n"
         % (N("version", "1.9.3"), L("password_assignment", pw("random")), L("password_assignment", pw())))
    case("k8s_manifest", "fr",
         "docker-compose.yml (propre : tout passe par des variables) :\n\nservices:\n  db:\n    image: mariadb:%s\n    environment:\n      MARIADB_ROOT_PASSWORD: %s\n      MARIADB_PASSWORD: %s\n  app:\n    image: registry.gitlab.com/orbis/app@sha256:%s\n"
         % (N("version", "11.2"), N("placeholder", "${MARIADB_ROOT_PASSWORD}"), N("placeholder", "${DB_PASS:?required}"), N("hash", sha256())))
    case("k8s_manifest", "fr",
         "version: \"3.8\"\nservices:\n  n8n:\n    image: n8nio/n8n\n    environment:\n      - N8N_BASIC_AUTH_USER=admin\n      - N8N_BASIC_AUTH_PASSWORD=%s\n      - DB_POSTGRESDB_HOST=%s\n      - N8N_ENCRYPTION_KEY=%s\n"
         % (L("password_assignment", "Mouette" + str(R.randint(10, 99))), L("internal_hostname", "pg.n8n.svc.cluster.local"), L("password_assignment", rs(ALNUM, 32))))
    tls_key = pem("PRIVATE KEY", 200)
    case("k8s_manifest", "en",
         "kind: Secret\napiVersion: v1\nmetadata:\n  name: ingress-tls\ntype: kubernetes.io/tls\ndata:\n  tls.crt: %s\n  tls.key: %s\n"
         % (N("certificate", b64e("-----BEGIN CERTIFICATE-----\nMIIB" + rs(B64, 60) + "\n-----END CERTIFICATE-----\n")), L("private_key", b64e(tls_key + "\n"))))
    case("k8s_manifest", "en",
         "ConfigMap (no secrets, only settings):\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: auth-settings\ndata:\n  password_min_length: \"%s\"\n  session_ttl: \"%s\"\n  oidc_issuer: %s\n  build: \"%s\"\n"
         % (N("setting", "12"), N("setting", "3600"), N("public_hostname", "https://login.harbourline.com/realms/main"), N("git_sha", gitsha())))
    case("k8s_manifest", "fr",
         "Extrait de `helm get values grafana -n monitoring` :\nadminUser: admin\nadminPassword: %s\ngrafana.ini:\n  smtp:\n    host: %s:587\n    user: alertes@cabinet-verdier.fr\n    password: %s\n"
         % (L("password_assignment", pw()), L("internal_hostname", "smtp.interne.cabinet-verdier.fr"), L("password_assignment", pw("random"))))
    dockercfg = json.dumps({"auths": {"registry.gitlab.com": {"username": "deploy-bot", "password": gitlab()}}}, separators=(",", ":"))
    case("k8s_manifest", "en",
         "apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: %s\n"
         % L("gitlab_token", b64e(dockercfg)))
    case("k8s_manifest", "fr",
         "Manifeste de déploiement (sain) :\napiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: harbor.example.net/app/api:%s\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: {name: api-db, key: password}\n          # uid %s\n"
         % (N("version", "2.3.7"), N("uuid", uuid())))
    case("k8s_manifest", "en",
         "stringData in a Secret committed to the GitOps repo:\n\napiVersion: v1\nkind: Secret\nmetadata: {name: slack-alerts}\nstringData:\n  SLACK_BOT_TOKEN: %s\n  SLACK_SIGNING_SECRET: %s\n"
         % (L("slack_token", slack_bot()), L("password_assignment", hexs(32))))
    case("k8s_manifest", "fr",
         "apiVersion: v1\nkind: Secret\nmetadata:\n  name: openai\ndata:\n  OPENAI_API_KEY: %s   # décodé : la clé du compte de l'entreprise\n  ORG: %s\n"
         % (L("ai_api_key", b64e(openai())), b64e("org-" + rs(ALNUM, 24))))
    case("k8s_manifest", "fr",
         "Le Secret n'était pas un vrai secret (valeur de démonstration encodée) :\ndata:\n  password: %s\n  api-key: %s\n"
         % (N("placeholder", b64e("changeme")), N("placeholder", b64e("your-api-key-here"))))


# ================================================================ terraform
@builder
def c_terraform():
    case("terraform", "en",
         "terraform.tfstate (world-readable on the build server), excerpt:\n\n{\n  \"type\": \"aws_iam_access_key\",\n  \"instances\": [{\n    \"attributes\": {\n      \"id\": \"%s\",\n      \"secret\": \"%s\",\n      \"user\": \"ci-deployer\",\n      \"create_date\": \"%s\"\n    }\n  }]\n}\n"
         % (L("aws_access_key_id", akia()), L("aws_secret_key", aws_secret()), N("timestamp", "2023-08-14T09:12:00Z")))
    case("terraform", "fr",
         "Fichier `prod.tfvars` présent dans le dépôt public :\n\ndb_username = \"app\"\ndb_password = \"%s\"\nregion      = \"eu-west-3\"\nallowed_cidr = [\"%s/32\"]\n"
         % (L("password_assignment", pw()), N("documentation_ip", doc_ip())))
    case("terraform", "en",
         "variables.tf — clean, uses sensitive variables without defaults:\n\nvariable \"db_password\" {\n  type      = string\n  sensitive = true\n}\nvariable \"password_min_length\" {\n  default = %s\n}\n# module version %s, commit %s\n"
         % (N("setting", "14"), N("version", "5.31.0"), N("git_sha", gitsha())))
    case("terraform", "fr",
         "resource \"azurerm_storage_account\" ... dans le tfstate :\n  \"primary_connection_string\": \"%s\",\n  \"primary_blob_host\": \"%s\"\n"
         % (L("azure_connection_string", azure_conn("stfacturesprod")), N("public_hostname", "stfacturesprod.blob.core.windows.net")))
    gsa = {"type": "service_account", "project_id": "orbis-data-prod", "private_key_id": hexs(40),
           "private_key": pem("PRIVATE KEY", 600, "\n") + "\n", "client_email": "tf-runner@orbis-data-prod.iam.gserviceaccount.com",
           "client_id": rs(string.digits, 21)}
    gsa_s = json.dumps(gsa)
    case("terraform", "en",
         "provider \"google\" {\n  project     = \"orbis-data-prod\"\n  credentials = <<EOF\n%s\nEOF\n}\n" % L("gcp_service_account+private_key", gsa_s))
    case("terraform", "fr",
         "Sortie de `terraform output -json` collée dans le ticket de l'équipe :\n{\n  \"rds_endpoint\": {\"value\": \"%s\"},\n  \"rds_master_password\": {\"sensitive\": true, \"value\": \"%s\"}\n}\n"
         % (N("public_hostname", "prod-main.c%s.eu-west-3.rds.amazonaws.com" % rs(string.ascii_lowercase + string.digits, 10)),
            L("password_assignment", pw("random"))))
    case("terraform", "fr",
         "Plan Terraform (propre, valeurs sensibles masquées par Terraform) :\n  + resource \"aws_db_instance\" \"main\" {\n      + password = (sensitive value)\n      + engine_version = \"%s\"\n      + id = (known after apply)\n      + arn = \"arn:aws:rds:eu-west-3:%s:db:main\"\n    }\n"
         % (N("version", "15.4"), N("order_id", rs(string.digits, 12))))
    case("terraform", "en",
         "backend.tf in the repo:\nterraform {\n  backend \"http\" {\n    address  = \"%s\"\n    username = \"tf\"\n  }\n}\n"
         % L("url_credentials", "https://tf:%s@state.harbourline.io/states/prod" % pw()))
    case("terraform", "fr",
         "resource \"github_actions_secret\" \"deploy\" {\n  repository      = \"site-vitrine\"\n  secret_name     = \"NPM_TOKEN\"\n  plaintext_value = \"%s\"\n}\nresource \"cloudflare_record\" \"intra\" {\n  name  = \"intranet\"\n  value = \"%s\"\n}\n"
         % (L("npm_token", npm_tok()), L("private_ip", priv_ip())))
    case("terraform", "en",
         "terraform.tfvars:\nstripe_secret  = \"%s\"\nsendgrid_key   = \"%s\"\npypi_token     = \"%s\"\n"
         % (L("stripe_key", stripe("rk_live_", 32)), L("sendgrid_key", sendgrid()), L("pypi_token", pypi_tok())))
    case("terraform", "fr",
         "Extrait du state (ressource tls_private_key, l'attribut est en clair dans le state) :\n\"private_key_pem\": \"%s\",\n\"public_key_fingerprint_sha256\": \"%s\"\n"
         % (L("private_key", pem("RSA PRIVATE KEY", 400, "\\n") + "\\n"), N("ssh_fingerprint", ssh_fpr())))
    case("terraform", "en",
         "Clean: the tfvars only has placeholders and public data.\nadmin_password = \"%s\"\napi_key        = \"%s\"\npublic_ip      = \"%s\"\nkms_key_id     = \"%s\"\n"
         % (N("placeholder", "REPLACE_ME"), N("placeholder", "<YOUR_API_KEY>"), N("documentation_ip", doc_ip()), N("uuid", uuid())))
    case("terraform", "en",
         "module \"vpn\" {\n  source        = \"git::https://gitlab.harbourline.io/infra/vpn.git?ref=%s\"\n  psk           = \"%s\"\n  peer_address  = \"%s\"\n}\n"
         % (N("version", "v3.1.0"), L("password_assignment", rs(ALNUM, 28)), N("documentation_ip", doc_ip())))


# ================================================================ shell_history
@builder
def c_shell_history():
    case("shell_history", "en",
         "/root/.bash_history on the appliance (readable through the path traversal):\n\ncd /opt/gw\nls -la\nmysql -uroot -p%s gateway\nsystemctl restart gw\nhistory -c\n"
         % L("password_assignment", pw()))
    case("shell_history", "fr",
         "Extrait de ~/.bash_history de l'utilisateur deploy :\n  412  git pull\n  413  curl -u admin:%s https://%s/api/v1/backup -o backup.tgz\n  414  tar xzf backup.tgz\n  415  rm backup.tgz\n"
         % (L("password_assignment", "Hibou" + str(R.randint(100, 999)) + "!"), L("internal_hostname", "nas01.maison-lavoisier.lan")))
    case("shell_history", "en",
         "PowerShell ConsoleHost_history.txt:\n$pw = ConvertTo-SecureString '%s' -AsPlainText -Force\n$cred = New-Object PSCredential('CORP\\svc_backup', $pw)\nEnter-PSSession -ComputerName %s -Credential $cred\n"
         % (L("password_assignment", pw("random")), L("internal_hostname", "dc01.corp.tarnbrook.local")))
    case("shell_history", "fr",
         "Historique (propre, rien à masquer) :\nls\ncd projets/borne\nmake test\ngit checkout %s\nsha256sum dist/*.bin\ngpg --verify dist/borne-%s.bin.sig\nexport API_TOKEN=%s\n"
         % (N("git_sha", gitsha()), N("version", "4.0.1"), N("placeholder", "$(pass show borne/api)")))
    case("shell_history", "fr",
         "  88  export GITLAB_TOKEN=%s\n  89  git clone https://oauth2:$GITLAB_TOKEN@gitlab.orbis-interne.fr/paie/moteur.git\n  90  export AWS_PROFILE=prod\n"
         % L("gitlab_token", gitlab()))
    case("shell_history", "en",
         ": 1709912001:0;export OPENAI_API_KEY=%s\n: 1709912044:0;python summarise.py --in tickets.csv\n: 1709912102:0;unset OPENAI_API_KEY\n"
         % L("ai_api_key", anthropic()))
    case("shell_history", "fr",
         "Dans .zsh_history du poste du prestataire :\n: 1710000000:0;sshpass -p %s scp -r export/ sauvegarde@%s:/srv/clients/\n: 1710000120:0;echo 'fini'\n"
         % (L("password_assignment", "Granit-" + str(R.randint(2019, 2024))), L("private_ip", priv_ip())))
    case("shell_history", "en",
         "history | tail -4\n  501  redis-cli -h %s -a %s --no-auth-warning KEYS 'sess:*'\n  502  redis-cli -h %s -a %s GET sess:%s\n  503  exit\n"
         % (L("private_ip", "10.30.2.17"), L("password_assignment", "Cobalt77"), L("private_ip", "10.30.2.17"), L("password_assignment", "Cobalt77"), N("uuid", uuid())))
    case("shell_history", "en",
         "bash_history, clean except for public tooling:\nnpm install left-pad@%s\nnpm view left-pad dist.integrity\n# %s\ncurl -I https://%s\nwhois %s\n"
         % (N("version", "1.3.0"), N("integrity", integrity()), N("public_hostname", "registry.npmjs.org"), N("documentation_ip", doc_ip())))
    case("shell_history", "fr",
         "Lignes trouvées dans /home/ftpuser/.bash_history :\nlftp -u compta,%s ftp://%s\nmget bulletins_2024_*.pdf\n"
         % (L("password_assignment", "Tarte" + str(R.randint(10, 99)) + "%"), L("internal_hostname", "ftp.compta.groupe-cassis.lan")))
    case("shell_history", "fr",
         "(PowerShell) PSReadLine history :\nInvoke-WebRequest -Uri '%s' -OutFile export.zip\nExpand-Archive export.zip\n"
         % L("url_credentials", "https://export:%s@files.meridia-sante.fr/dl/export.zip" % pw()))
    case("shell_history", "en",
         "vault login -method=userpass username=ops password=%s\nvault kv get secret/prod/db\n# %s\n"
         % (L("password_assignment", pw("phrase")), N("timestamp", "2024-03-02T10:11:12Z")))
    case("shell_history", "fr",
         "Historique sain du compte (les secrets sont lus depuis pass) :\nexport PGPASSWORD=\"$(pass show pg/prod)\"\npsql -h %s -U lecture -c '\\\\dt'\nkubectl get pods -n %s\n"
         % (N("infrastructure_info", "pg-ro.interne.verdalis.fr"), N("infrastructure_info", "facturation")))


# ================================================================ sql_dump
@builder
def c_sql_dump():
    case("sql_dump", "en",
         "-- MySQL dump 10.13  Distrib 8.0.36\nINSERT INTO `users` (`id`,`email`,`password`,`created_at`) VALUES\n(1,'%s','%s','%s'),\n(2,'%s','%s','%s');\n"
         % (L("email_address", "rkapoor@tallgrass-media.com"), L("password_hash", bcrypt()), N("timestamp", "2021-03-04 10:00:00"),
            L("email_address", "lena.brandt@tallgrass-media.com"), L("password_hash", bcrypt()), N("timestamp", "2021-03-09 16:20:11")))
    case("sql_dump", "fr",
         "Extrait de sauvegarde.sql (téléchargeable sans authentification) :\nINSERT INTO patients (id, nom, prenom, ne_le, num_secu, pathologie) VALUES (5512, 'Charpentier', 'Rémi', '%s', '%s', '%s');\n"
         % (L("date_of_birth", "1966-10-03"), L("national_id", nir(sex="1", yy=66, mm=10)), L("health_data", "Sclérose en plaques rémittente")))
    case("sql_dump", "fr",
         "INSERT INTO clients VALUES (214,'Mme','Fabienne','Quéré','%s','%s','%s');\nINSERT INTO clients VALUES (215,'M.','Olivier','Saint-Clair','%s','%s','%s');\n"
         % (L("postal_address", "5 place de l'Église, 29200 Brest"), L("phone_number", fr_fixe()), L("iban", iban("FR")),
            L("postal_address", "La Croix Verte, 49300 Cholet"), L("phone_number", fr_mobile()), L("iban", iban("FR"))))
    case("sql_dump", "en",
         "Schema only (no rows) — shows how cards are stored:\nCREATE TABLE payments (\n  id uuid PRIMARY KEY DEFAULT '%s',\n  pan_last4 char(4),\n  pan_token varchar(64),\n  amount numeric(10,2) CHECK (amount > 0),\n  created timestamptz DEFAULT now()\n);\n-- migration %s\n"
         % (N("uuid", uuid()), N("git_sha", gitsha()[:10])))
    case("sql_dump", "en",
         "COPY public.employees (id, name, ssn, salary, review) FROM stdin;\n17\tMarcus Oyelaran\t%s\t%s\t%s\n18\tBeatrix Holm\t%s\t%s\t%s\n\\.\n"
         % (L("national_id", ssn()), L("employment_data", "104500"), L("employment_data", "Written warning 2023-11 for missed on-call"),
            L("national_id", ssn()), L("employment_data", "87250"), L("employment_data", "Exceeds expectations")))
    case("sql_dump", "fr",
         "INSERT INTO `wp_users` (`ID`, `user_login`, `user_pass`, `user_email`) VALUES (1, 'admin', '%s', '%s');\nINSERT INTO `wp_options` VALUES (3,'admin_email','%s','yes');\n"
         % (L("password_hash", "$P$B" + rs(BCRYPT, 30)), L("email_address", "webmaster@chateau-ferrand-vins.fr"), L("email_address?", "webmaster@chateau-ferrand-vins.fr")))
    case("sql_dump", "fr",
         "Dump propre (table de paramétrage, aucune donnée personnelle) :\nINSERT INTO parametres (cle, valeur) VALUES ('password_min_length','%s'),('smtp_password','%s'),('version','%s'),('contact_psirt','%s');\n"
         % (N("setting", "12"), N("placeholder", "********"), N("version", "7.4.2"), N("psirt_address", "psirt@thalesgroup.com")))
    case("sql_dump", "en",
         "INSERT INTO api_keys (tenant_id, provider, secret) VALUES\n  ('%s', 'github', '%s'),\n  ('%s', 'slack', '%s'),\n  ('%s', 'gcp', '%s');\n"
         % (N("uuid", uuid()), L("github_token", github("gho_")), N("uuid", uuid()), L("slack_token", slack_bot("xoxp")), N("uuid", uuid()), L("google_api_key", gapi())))
    case("sql_dump", "fr",
         "-- Table reservations\nINSERT INTO reservations (pnr, passager, date_naissance, passeport, vol, siege) VALUES\n('%s','CASTELLANE/ISAURE MME','%s','%s','AF1234 2024-06-01','%s');\n"
         % (L("travel_record", pnr()), L("date_of_birth", "1979-01-25"), L("identity_document", "%02d%s%05d" % (R.randint(10, 24), rs(string.ascii_uppercase, 2), R.randint(0, 99999))), L("travel_record", "4F")))
    case("sql_dump", "en",
         "Clean dump of the products table:\nINSERT INTO products VALUES (1,'Bound notebook','%s',12.99,'%s'),(2,'Ink refill','%s',4.50,'%s');\n"
         % (N("isbn", isbn13()), N("timestamp", "2024-01-01 00:00:00"), N("isbn", isbn13()), N("timestamp", "2024-01-02 00:00:00")))
    case("sql_dump", "fr",
         "INSERT INTO sessions (id, user_id, data, expire) VALUES ('%s', 88, '{\"csrf\":\"%s\"}', '%s');\n"
         % (L("session_cookie", rs(string.ascii_lowercase + string.digits, 26)), N("hash", hexs(32)), N("timestamp", "2024-03-20 18:00:00")))
    case("sql_dump", "fr",
         "INSERT INTO adherents (id, nom, cf, dni, carte) VALUES\n(901,'Ferraro Luca','%s',NULL,'%s'),\n(902,'García Pilar',NULL,'%s','%s');\n"
         % (L("national_id", codice_fiscale("Ferraro", "Luca", 1988, 2, 9, False, "L219")), L("payment_card", card("mc2")), L("national_id", dni()), L("payment_card", card("visa"))))
    case("sql_dump", "en",
         "Clean: migrations table and an audit trail with internal names only.\nINSERT INTO schema_migrations VALUES ('%s'),('%s');\nINSERT INTO audit VALUES (1,'%s','%s','deploy');\n"
         % (N("timestamp", "20240102103000"), N("timestamp", "20240215091500"), N("infrastructure_info", "ci-runner-04.build.internal"), N("infrastructure_info", priv_ip())))


# ================================================================ stack_trace
@builder
def c_stack_trace():
    case("stack_trace", "en",
         "Traceback (most recent call last):\n  File \"/srv/app/billing/charge.py\", line 88, in charge\n    resp = stripe.Charge.create(amount=amt, source=tok)\n"
         "  locals: amt=4900, api_key='%s', customer_email='%s'\nstripe.error.CardError: Your card was declined.\n"
         % (L("stripe_key", stripe("sk_live_", 24)), L("email_address", "ingrid.solberg@fjordpost.no")))
    case("stack_trace", "fr",
         "org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection\n\tat org.springframework.jdbc.datasource.DataSourceUtils.getConnection(DataSourceUtils.java:84)\n"
         "Caused by: java.sql.SQLException: Access denied for user 'paie'@'%s' (using password: YES)\n\turl=%s\n"
         % (L("private_ip", priv_ip()), L("connection_string", "jdbc:mysql://%s:3306/paie?user=paie&password=%s" % ("mysql-paie.interne", pw()))))
    case("stack_trace", "en",
         "Clean trace (no secret, the values were masked by the framework):\nError: connect ECONNREFUSED %s:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\n  config: { user: 'api', password: %s, host: '%s' }\n  requestId: %s\n"
         % (N("infrastructure_info", priv_ip()), N("redacted", "'[REDACTED]'"), N("infrastructure_info", "pg-main.svc.cluster.local"), N("uuid", uuid())))
    case("stack_trace", "fr",
         "Page d'erreur Django (DEBUG=True) affichée publiquement :\nValueError at /compte/rib\nLocal vars:\n  request.user  'aurore.lemoine'\n  iban          '%s'\n  titulaire     'Aurore Lemoine'\n  naissance     '%s'\nSettings:\n  SECRET_KEY    '%s'\n  EMAIL_HOST_PASSWORD '%s'\n"
         % (L("iban", iban("FR", True)), L("date_of_birth", "1992-08-11"), L("password_assignment", "django-insecure-" + rs(string.ascii_lowercase + string.digits + "!@#$%^&*(-_=+)", 50)), L("password_assignment", pw())))
    case("stack_trace", "en",
         "System.Data.SqlClient.SqlException (0x80131904): Login failed for user 'crm_svc'.\n   at System.Data.ProviderBase.DbConnectionPool.TryGetConnection(...)\nConnectionString: %s\n"
         % L("connection_string", "Data Source=%s;Initial Catalog=CRM;User Id=crm_svc;Password=%s;" % ("sqlcrm02.harbourline.local", pw("random"))))
    case("stack_trace", "fr",
         "PHP Fatal error:  Uncaught PDOException: SQLSTATE[HY000] [1045] Access denied in /var/www/html/inc/db.php:12\nStack trace:\n#0 /var/www/html/inc/db.php(12): PDO->__construct('mysql:host=%s;dbname=crm', 'crm', '%s')\n#1 {main}\n"
         % (L("internal_hostname", "sql-crm.lan"), L("password_assignment", "Volcan" + str(R.randint(10, 99)) + "?")))
    case("stack_trace", "en",
         "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x%s]\n\ngoroutine 1 [running]:\nmain.(*Client).Do(0xc000%s, {0x%s, 0x11})\n\t/build/client.go:%d +0x%s\n"
         % (N("hash", hexs(6)), N("hash", hexs(6)), N("hash", hexs(6)), R.randint(20, 400), N("hash", hexs(2))))
    case("stack_trace", "fr",
         "Exception levée par le service d'envoi (le dump de l'objet contient le dossier entier) :\nMailerException: destinataire refusé\n  dossier = {nom: 'Vidal', prenom: 'Noémie', tel: '%s', adresse: '%s', motif: '%s'}\n"
         % (L("phone_number", fr_mobile()), L("postal_address", "41 avenue Foch, 54000 Nancy"), L("health_data", "suivi grossesse à risque, 2e trimestre")))
    case("stack_trace", "en",
         "Sentry event payload (extra context):\n\"headers\": {\"Authorization\": \"%s\", \"Cookie\": \"%s\"},\n\"user\": {\"id\": \"%s\"}\n"
         % (L("authorization_header", "Basic " + b64e("svc-import:" + pw())), L("session_cookie", "connect.sid=s%3A" + rs(ALNUM, 32) + "." + rs(ALNUM, 43)), N("uuid", uuid())))
    case("stack_trace", "fr",
         "Trace Java propre (aucune valeur sensible) :\njava.lang.IllegalStateException: token expiré\n\tat fr.orbis.auth.TokenService.verify(TokenService.java:142)\n\tat fr.orbis.auth.Filter.doFilter(Filter.java:57)\n  token=%s  kid=%s  version=%s\n"
         % (N("redacted", "eyJ***"), N("uuid", uuid()), N("version", "3.4.0-SNAPSHOT")))
    case("stack_trace", "en",
         "Ruby debug dump from the worker:\n#<Customer id: 3391, name: \"Soren Vik\", passport_number: \"%s\", nationality: \"NOR\", date_of_birth: \"%s\", created_at: \"%s\">\n"
         % (L("identity_document", "%s%07d" % (R.choice("CDF"), R.randint(0, 10**7 - 1))), L("date_of_birth", "1983-03-17"), N("timestamp", "2024-02-02 10:00:00")))
    case("stack_trace", "fr",
         "Fatal error in botocore:\nbotocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the PutObject operation\n  credentials: aws_access_key_id=%s aws_secret_access_key=%s aws_session_token=%s\n"
         % (L("aws_access_key_id", akia("ASIA")), L("aws_secret_key", aws_secret()), L("aws_secret_key", "IQoJb3JpZ2luX2Vj" + rs(B64, 200))))
    case("stack_trace", "fr",
         "Extrait de core dump (strings) — rien de personnel, que des chemins et versions :\n/usr/lib/libssl.so.%s\nGLIBC_%s\n%s\nbuild-id %s\n"
         % (N("version", "3"), N("version", "2.34"), N("oid", "1.2.840.113549.1.1.11"), N("git_sha", gitsha())))


# ================================================================ db_console
def mysql_table(headers, rows):
    """rows: list of lists of (display_value, marked_value). Width from display values."""
    w = [max(len(h), *(len(r[i][0]) for r in rows)) for i, h in enumerate(headers)]
    sep = "+" + "+".join("-" * (x + 2) for x in w) + "+"
    out = [sep, "| " + " | ".join(h.ljust(w[i]) for i, h in enumerate(headers)) + " |", sep]
    for r in rows:
        out.append("| " + " | ".join(c[1] + " " * (w[i] - len(c[0])) for i, c in enumerate(r)) + " |")
    out.append(sep)
    return "\n".join(out)


def P(v):
    return (v, v)


def LL(spec, v):
    return (v, L(spec, v))


def NN(kind, v):
    return (v, N(kind, v))


@builder
def c_db_console():
    t = mysql_table(["id", "login", "email", "password_hash", "role"], [
        [P("1"), P("admin"), LL("email_address", "s.morvan@atelier-korrigan.bzh"), LL("password_hash", "$2y$10$" + rs(BCRYPT, 53)), P("admin")],
        [P("2"), P("compta"), LL("email_address", "nadia.belkacem@atelier-korrigan.bzh"), LL("password_hash", "$2y$10$" + rs(BCRYPT, 53)), P("user")]])
    case("db_console", "fr", "Connexion avec le compte par défaut puis :\n\nmysql> SELECT id, login, email, password_hash, role FROM utilisateurs LIMIT 2;\n" + t + "\n2 rows in set (0.00 sec)\n")
    case("db_console", "en",
         "clinic=> \\x\nExpanded display is on.\nclinic=> SELECT * FROM patients WHERE id = 2207;\n-[ RECORD 1 ]-+------------------------------\nid            | 2207\nfull_name     | Theodora Makris\nbirth_date    | %s\nnhs_number    | %s\ndiagnosis     | %s\nhome_address  | %s\nupdated_at    | %s\n"
         % (L("date_of_birth", "1958-09-30"), L("national_id", "%03d %03d %04d" % (R.randint(400, 499), R.randint(0, 999), R.randint(0, 9999))),
            L("health_data", "Chronic obstructive pulmonary disease (J44.9)"), L("postal_address", "18 Wellington Crescent, Leeds LS6 2PQ"), N("timestamp", "2024-03-01 08:15:22+00")))
    case("db_console", "fr",
         "sqlite> .headers on\nsqlite> .mode column\nsqlite> SELECT cle, valeur FROM reglages;\ncle                  valeur\n-------------------  ------------------------\npassword_min_length  %s\ntheme                sombre\nversion_schema       %s\napi_key              %s\n"
         % (N("setting", "12"), N("version", "27"), N("placeholder", "<non configurée>")))
    case("db_console", "en",
         "> db.customers.find({country: \"DE\"}).limit(1).pretty()\n{\n\t\"_id\" : ObjectId(\"%s\"),\n\t\"name\" : \"Jonas Reinholt\",\n\t\"email\" : \"%s\",\n\t\"iban\" : \"%s\",\n\t\"shipping\" : {\n\t\t\"street\" : \"%s\"\n\t},\n\t\"notes\" : \"🎁 gift wrap\"\n}\n"
         % (N("order_id", hexs(24)), L("email_address", "jonas.reinholt@posteo-mail.de"), L("iban", iban("DE")), L("postal_address", "Kastanienallee 41, 10435 Berlin")))
    t = mysql_table(["key_id", "owner", "token", "scopes"], [
        [P("14"), P("release-bot"), LL("github_token", github()), P("repo")],
        [P("15"), P("ci"), LL("gitlab_token", gitlab()), P("api")],
        [P("16"), P("legacy"), NN("redacted", "****revoked****"), P("-")]])
    case("db_console", "en", "MariaDB [devtools]> select key_id, owner, token, scopes from api_tokens;\n" + t + "\n3 rows in set (0.001 sec)\n")
    case("db_console", "fr",
         "rh=# SELECT nom, salaire_brut, motif_sanction FROM salaries WHERE service = 'Logistique';\n     nom      | salaire_brut |            motif_sanction\n--------------+--------------+--------------------------------------\n Perrin Hugo  |    %s     | %s\n Zidane Inès  |    %s     | \n(2 lignes)\n"
         % (L("employment_data", "31 200"), L("employment_data", "mise à pied 3 jours (retards répétés)"), L("employment_data", "29 850")))
    case("db_console", "fr",
         "Requête de comptage (aucune donnée nominative renvoyée, c'est ce que j'ai fait pour limiter l'accès) :\npostgres=# SELECT count(*), min(created_at), max(created_at) FROM clients;\n count  |          min           |          max\n--------+------------------------+------------------------\n 184022 | %s | %s\n(1 row)\n"
         % (N("timestamp", "2016-02-11 09:00:03+01"), N("timestamp", "2024-03-21 17:44:10+01")))
    case("db_console", "en",
         "sqlite3 app.db \"select * from credentials\"\n1|smtp|mailer@harbourline.io|%s\n2|ldap|cn=binder,dc=harbourline,dc=local|%s\n3|sms|%s|%s\n"
         % (L("password_assignment", pw()), L("password_assignment", pw("random")), N("order_id", twilio_ac()), L("twilio_key", hexs(32))))
    case("db_console", "fr",
         "mongosh> db.dossiers.findOne({_id: \"D-5530\"})\n{\n  _id: 'D-5530',\n  assure: 'Léonie Fabre',\n  nir: '%s',\n  sinistre: { type: 'dégât des eaux', montant: %s },\n  contact: { tel: '%s', mail: '%s' },\n  créé: ISODate('%s')\n}\n"
         % (L("national_id", nir(sex="2")), N("amount", "4380.5"), L("phone_number", fr_mobile("intl")), L("email_address", "leonie.fabre@orange-mail.fr"), N("timestamp", "2024-01-17T14:02:00.000Z")))
    t = mysql_table(["table_name", "engine", "rows", "checksum"], [
        [P("commandes"), P("InnoDB"), P("88412"), NN("hash", hexs(32))],
        [P("produits"), P("InnoDB"), P("1203"), NN("hash", hexs(32))]])
    case("db_console", "fr", "Vue d'ensemble des tables (métadonnées seulement) :\nmysql> SELECT table_name, engine, table_rows, checksum FROM information_schema...;\n" + t + "\n")
    case("db_console", "en",
         "metabase=# select id, email, reset_token, session_id from core_user join core_session using (id) limit 1;\n id |          email           |             reset_token              |              session_id\n----+--------------------------+--------------------------------------+--------------------------------------\n  3 | %s | %s | %s\n"
         % (L("email_address", "a.whitcombe@ledgerline.co"), L("password_assignment?", uuid()), L("session_cookie", uuid())))
    case("db_console", "en",
         "Clean output; only the PSIRT contact and infra names:\nredis %s:6379> CONFIG GET requirepass\n1) \"requirepass\"\n2) \"\"\nredis> GET contact\n\"%s\"\nredis> INFO server\nredis_version:%s\nrun_id:%s\n"
         % (N("infrastructure_info", priv_ip()), N("psirt_address", "cna-coordinator@thalesgroup.com"), N("version", "7.2.4"), N("git_sha", gitsha())))
    case("db_console", "fr",
         "cartes=> SELECT porteur, pan, exp FROM cartes_fidelite_paiement LIMIT 2;\n     porteur      |       pan        | exp\n------------------+------------------+-------\n Gilles Arnaud    | %s | 08/27\n Test Recette     | %s | 12/30\n"
         % (L("payment_card", card("mc")), L("payment_card!info", "4111111111111111")))


# ================================================================ form_submission
@builder
def c_form_submission():
    case("form_submission", "fr",
         "Objet : [Site] Nouveau message via le formulaire de contact\nDe : formulaire@cabinet-verdier.fr\n\nNom : Arnaud Pelletier\nE-mail : %s\nTéléphone : %s\nMessage : Bonjour, je n'arrive plus à me connecter à l'espace client. Mon identifiant est apelletier et j'ai tapé %s trois fois avant le blocage. Pouvez-vous me rappeler ?\n"
         % (L("email_address", "arnaud.pelletier@free-mail.fr"), L("phone_number", fr_mobile()), L("password_assignment", "Lavande_" + str(R.randint(1960, 2005)))))
    body = J({"form_id": "job-application", "submitted_at": N("timestamp", "2024-03-12T09:41:00Z"), "fields": {
        "full_name": "Olusegun Adebayo-Clarke", "email": L("email_address", "segun.ac@mailbox-ng.com"), "phone": L("phone_number", uk_mobile()),
        "date_of_birth": L("date_of_birth", "1995-06-04"), "ni_number": L("national_id", nino()), "expected_salary": L("employment_data?", "£42,000"),
        "cover_letter": "I am excited to apply… 😊"}})
    case("form_submission", "en", "Webhook body the careers form posts to the ATS (captured in the public request bin):\n" + body)
    case("form_submission", "fr",
         "Export CSV des déclarations de sinistre (formulaire en ligne) :\ndate_envoi,nom,date_naissance,adresse,description,iban_remboursement\n%s,Capucine Laurent,%s,\"%s\",\"%s\",%s\n"
         % (N("timestamp", "2024-02-19 21:03"), L("date_of_birth", "03/12/1990"), L("postal_address", "11 rue du Four, 21000 Dijon"),
            L("health_data", "fracture du poignet droit suite à une chute, plâtre 6 semaines"), L("iban", iban("FR"))))
    case("form_submission", "en",
         "New support request (Zendesk notification)\nRequester: Helga Strand <%s>\nSubject: Can't log in\n\nHi, the site keeps rejecting me. The shared secret we agreed on with your agent last week is %s, can you check it's still set on my account? Thanks!\n"
         % (L("email_address", "helga.strand@fjordpost.no"), L("password_assignment", pw("phrase"))))
    case("form_submission", "fr",
         "Notification du formulaire « Signaler une vulnérabilité » (c'est moi qui l'ai envoyé, je le recopie ici) :\nNom : Hélène Grandjean\nCourriel : %s\nTéléphone (pour ce rapport) : %s\nProduit : passerelle %s\nScore : %s\nCopie : %s\nEmpreinte de ma clé OpenPGP : %s\n"
         % (N("reporter_contact", "h.grandjean@proton.me"), N("reporter_contact", "+33 6 12 40 87 33"), N("version", "v2.8.1"), N("cvss_vector", cvss()), N("psirt_address", "psirt@thalesgroup.com"), N("pgp_fingerprint", pgp_fpr(True))),
         reporter_email="h.grandjean@proton.me")
    body = J({"type": "contact", "data": {"name": "Test", "email": L("email_address!info", "test@test.invalid"),
                                          "message": "ping", "captcha": N("hash", hexs(40))}, "id": N("uuid", uuid())})
    case("form_submission", "en", "Test submission I sent myself to observe the webhook (documentation address only):\n" + body)
    case("form_submission", "fr",
         "Candidature reçue via le site (pièce jointe incluse dans le corps du mail par le plugin) :\nPrénom : Ysé   Nom : Kerbrat\nNé(e) le : %s\nAdresse : %s\nN° de passeport : %s\nPrétentions salariales : %s\n"
         % (L("date_of_birth", "17/10/1998"), L("postal_address", "Appt 12, 3 rue Saint-Malo, 35000 Rennes"),
            L("identity_document", "%02d%s%05d" % (R.randint(15, 24), rs(string.ascii_uppercase, 2), R.randint(0, 99999))), L("employment_data?", "38 k€ brut")))
    case("form_submission", "fr",
         "Formulaire de contact (envoi propre, aucune donnée de tiers) :\nSociété : Brasserie du Port\nSIRET : %s\nStandard : %s\nE-mail : %s\nMessage : Nous souhaitons un devis pour %s licences.\n"
         % (N("siret", siret()), N("company_contact", "02 98 44 10 10"), N("company_contact", "contact@brasserieduport.fr"), N("amount", "40")))
    case("form_submission", "en",
         "Typeform response JSON forwarded to Slack:\n{\"answers\":[{\"field\":\"name\",\"text\":\"Rafael Quintana\"},{\"field\":\"card\",\"text\":\"%s\"},{\"field\":\"cvc\",\"text\":\"%s\"},{\"field\":\"address\",\"text\":\"%s\"}]}\n"
         % (L("payment_card", card("visa", "-")), L("payment_card?", "%03d" % R.randint(0, 999)), L("postal_address", "77 Harbor View Dr, Sausalito, CA 94965")))
    case("form_submission", "fr",
         "Demande d'assistance (ticket #%s) :\n« Bonjour, je vous joins ma carte vitale pour le remboursement : %s. Le code de l'alarme chez moi c'est %s si le technicien passe mardi au %s. »\n— Josiane Mercadier\n"
         % (N("order_id", str(R.randint(100000, 999999))), L("national_id", nir(sex="2", yy=54, spaced=True)), L("password_assignment", "%04d" % R.randint(1000, 9999)),
            L("postal_address", "6 chemin des Vignes, 84000 Avignon")))
    case("form_submission", "en",
         "Webflow form notification — clean; only placeholders and company info:\nName: %s\nEmail: %s\nCompany phone: %s\nMessage: please call our switchboard\n"
         % (N("placeholder", "{{name}}"), N("placeholder", "{{email}}"), N("company_contact", "+44 20 7946 0000")))
    case("form_submission", "fr",
         "Webhook du formulaire « Rappel » (propre : le seul numéro est celui du standard de l'entreprise et l'adresse est la mienne) :\n{\"nom\":\"Grandjean\",\"email\":\"%s\",\"tel\":\"%s\",\"envoye\":\"%s\"}\n"
         % (N("reporter_contact", "h.grandjean@proton.me"), N("company_contact", "01 57 77 80 00"), N("timestamp", "2024-03-28T11:00:00+01:00")),
         reporter_email="h.grandjean@proton.me")
    case("form_submission", "fr",
         "Export des réclamations voyageurs (CSV) :\nnumero;passager;pnr;vol;siege;commentaire\n%s;Mme Domitille Carrel;%s;AF 7712 du 02/04;%s;\"bagage perdu, j'ai %s dedans 😟\"\n"
         % (N("order_id", "R-%05d" % R.randint(0, 99999)), L("travel_record", pnr()), L("travel_record", "18D"), L("health_data", "mes médicaments pour l'épilepsie")))


if __name__ == "__main__":
    main()
