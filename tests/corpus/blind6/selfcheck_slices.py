"""Independent check: every label/negative span, sliced as JavaScript would (UTF-16), is non-empty and trimmed; prints stats."""
import json, collections
cases = [json.loads(l) for l in open("cases.jsonl", encoding="utf-8")]
def sl(t, a, b): return t.encode("utf-16-le")[2*a:2*b].decode("utf-16-le")
bad = 0
for c in cases:
    for x in c["labels"] + c["negatives"]:
        v = sl(c["text"], x["start"], x["end"])
        if not v or v != v.strip(): bad += 1; print(c["id"], repr(v))
print("bad spans:", bad)
print("cases", len(cases), "fr", sum(c["language"] == "fr" for c in cases), "clean", sum(not c["labels"] for c in cases))
g = collections.Counter(l["group"] for c in cases for l in c["labels"]); print("labels per group", dict(g))
print("info-only (doc values / infra) cases", sum(bool(c["labels"]) and all(l["severity"] == "info" for l in c["labels"]) for c in cases))
print("categories", sorted(collections.Counter((l["category"], l["severity"]) for c in cases for l in c["labels"]).items()))
t = collections.defaultdict(lambda: [0, 0, 0, 0])
for c in cases:
    r = t[c["carrier"]]; r[0 if c["language"] == "en" else 1] += 1; r[2 if c["labels"] else 3] += 1
for k, v in sorted(t.items()): print(f"| {k} | {v[0]} | {v[1]} | {v[2]} | {v[3]} |")
print("negatives", sum(len(c["negatives"]) for c in cases), dict(collections.Counter(n["kind"] for c in cases for n in c["negatives"]).most_common()))
print("reporter_email cases", sum("reporter_email" in c for c in cases))
