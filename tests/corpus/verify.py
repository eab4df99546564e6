#!/usr/bin/env python3
"""Cross-checks the corpus's personal-data values with an independent implementation,
python-stdnum (installed into .bench/peers/venv by scripts/bench-peers.sh; run by `make bench-scan`):
every labelled card passes Luhn, every labelled IBAN passes stdnum's IBAN check (mod 97 and, for
BE/ES/NO…, the national check digits), every labelled national id is valid for one of stdnum's
French NIR, Spanish DNI/NIE, Italian codice fiscale, German IdNr or US SSN validators (UK NINO has
no stdnum validator and is skipped), and every near-miss negative of these kinds is invalid.
Exit 1 on any mismatch.
"""
import json
import os
import re
import sys

from stdnum import iban, luhn
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.it import codicefiscale
from stdnum.us import ssn

HERE = os.path.dirname(os.path.abspath(__file__))
NATIONAL = (nir, dni, nie, codicefiscale, idnr, ssn)


def main():
    checked = bad = 0
    for line in open(os.path.join(HERE, "cases.jsonl"), encoding="utf-8"):
        c = json.loads(line)
        u = c["text"].encode("utf-16-le")
        get = lambda s: u[s["start"] * 2:s["end"] * 2].decode("utf-16-le")
        spans = [(l["category"], get(l), True) for l in c["labels"]
                 if l["category"] in ("iban", "national_id", "payment_card") and l["severity"] != "info"]
        spans += [(n["kind"], get(n), False) for n in c["negatives"] if n["kind"] in ("near_miss_personal", "luhn_invalid")]
        for kind, value, positive in spans:
            compact = re.sub(r"[ \-]", "", value)
            if kind in ("payment_card", "luhn_invalid"):
                ok = luhn.is_valid(compact)
            elif kind == "iban" or (not positive and re.match(r"^[A-Z]{2}\d\d", compact) and len(compact) > 14):
                ok = iban.is_valid(compact)
            elif re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", compact):
                continue  # UK NINO: no stdnum validator
            else:
                ok = any(m.is_valid(value) for m in NATIONAL)
            checked += 1
            if ok != positive:
                bad += 1
                print("MISMATCH %s %s %r: stdnum says %s" % (c["id"], kind, value, "valid" if ok else "invalid"))
    print("stdnum cross-check: %d values, %d mismatches" % (checked, bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
