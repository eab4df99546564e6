#!/usr/bin/env python3
"""psirt-report's scanner next to peer secret scanners, on the same corpus files, at LINE level.

    make bench-scan                      # installs the peers (scripts/bench-peers.sh), builds the wasm, runs this
    python3 bench/scan-peers.py [--json OUT] [--only ours,detect-secrets,...] [--corpus CASES.jsonl]

--corpus: another labelled corpus (tests/corpus/blind4/cases.jsonl…), whose texts are written
to a temporary folder of <id>.txt files for every tool to read.

Corpus: tests/corpus/cases.jsonl (labels, UTF-16 offsets) and tests/corpus/files/<id>.txt.
Peers report lines, so everything is compared by line:
  * a required, non-info label is FOUND by a tool when the tool reports at least one line the
    label covers (recall, per group: credentials = critical, personal = high, infrastructure = medium);
  * a line a tool reports is CORRECT when some label (any category or severity, including
    optional and documentation values) covers it; precision = correct lines / reported lines.
    Peers claim every line as a secret, so their precision is one figure (column P all); ours
    says the category, so ours also gets a precision per group (lines it claims for that group).
Ours = the npm package's `scanText` (the shipped wasm, in Node), one Node process over all the
files, like each peer is one process over the corpus folder. Time = wall clock of that process,
startup included (each tool's own start-up cost is part of what a user waits for).
"""

import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "corpus")
FILES = os.path.join(CORPUS, "files")
PEERS = os.path.join(ROOT, ".bench", "peers")

GROUP = {}
for cat in ("private_key aws_access_key_id aws_secret_key github_token gitlab_token slack_token slack_webhook "
            "stripe_key google_api_key gcp_service_account azure_connection_string azure_sas_token npm_token "
            "pypi_token sendgrid_key twilio_key ai_api_key jwt url_credentials connection_string "
            "authorization_header session_cookie password_assignment password_hash").split():
    GROUP[cat] = "credentials"
for cat in ("payment_card", "iban", "national_id", "date_of_birth", "identity_document", "postal_address",
            "health_data", "employment_data", "tax_record", "travel_record"):
    GROUP[cat] = "personal"
for cat in ("email_address", "phone_number", "private_ip", "internal_hostname"):
    GROUP[cat] = "infrastructure"
GROUPS = ["credentials", "personal", "infrastructure"]


def line_starts16(text):
    """UTF-16 offsets where each line starts (line 1 at 0)."""
    starts, pos = [0], 0
    for ch in text:
        pos += 2 if ord(ch) > 0xFFFF else 1
        if ch == "\n":
            starts.append(pos)
    return starts


def line_of(starts, off):
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= off:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1


def load_cases(path=None):
    cases = []
    with open(path or os.path.join(CORPUS, "cases.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                cases.append(json.loads(line))
    for c in cases:
        starts = line_starts16(c["text"])
        c["_starts"] = starts
        c["_units"] = []      # (group, set of lines, category) for required non-info labels
        c["_any_lines"] = set()
        for lab in c["labels"]:
            a, b = line_of(starts, lab["start"]), line_of(starts, max(lab["start"], lab["end"] - 1))
            lines = set(range(a, b + 1))
            c["_any_lines"] |= lines
            if lab["severity"] != "info" and not lab.get("optional"):
                c["_units"].append((lab.get("group") or GROUP.get(lab["category"], "personal"), lines, lab["category"]))
    return cases


def run(cmd, cwd=None, env=None):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    return p, time.perf_counter() - t0


def have(path):
    return os.path.exists(path)


# Each runner returns ({case_id: {line: category-or-None}}, seconds, version) or raises RuntimeError.

def run_ours(cases):
    script = r"""
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
const [pkg, dir, reportersJson] = process.argv.slice(1);
const reporters = JSON.parse(reportersJson);  // case id -> the reporter's own address (not a finding)
const mod = await import(pkg);
if (mod.init) await mod.init();
if (typeof mod.scanText !== 'function') { console.error('scanText missing from the package (make wasm?)'); process.exit(3); }
const out = {};
const t0 = performance.now();
for (const name of readdirSync(dir).sort()) {
  if (!name.endsWith('.txt')) continue;
  const text = readFileSync(join(dir, name), 'utf8');
  const id = name.slice(0, -4);
  const options = reporters[id] ? { reporterEmail: reporters[id] } : {};
  out[id] = mod.scanText(text, options).map((f) => [f.start, f.end, f.category, f.severity]);
}
process.stdout.write(JSON.stringify({ scanMs: performance.now() - t0, findings: out }));
"""
    pkg = os.path.join(ROOT, "pkg", "node.mjs")
    reporters = {c["id"]: c["reporter_email"] for c in cases if c.get("reporter_email")}
    p, secs = run(["node", "--input-type=module", "-e", script, pkg, FILES, json.dumps(reporters)])
    how = "psirt-report (npm scanText, wasm in Node; %.0f ms of scanning)"
    if p.returncode == 0:
        data = json.loads(p.stdout)
    else:
        # Fallback when the npm package has no scanText yet: the Rust core, natively, through the
        # corpus test's findings dump. Its time is the scanning alone (no process start-up).
        why = (p.stderr or p.stdout).strip().splitlines()[-1:] or ["exit %d" % p.returncode]
        print("  ours: npm scanText unavailable (%s); using the native Rust core (cargo test --release)" % why[0][:120])
        dump = os.path.join(PEERS, "ours-findings.json")
        env = dict(os.environ, PSIRT_CORPUS_FINDINGS=dump)
        run(["cargo", "test", "--release", "--quiet", "--test", "scan_corpus", "--", "corpus_precision"], cwd=ROOT, env=env)
        if not os.path.exists(dump):
            raise RuntimeError("neither npm scanText nor the cargo test dump is available")
        with open(dump) as f:
            data = json.load(f)
        os.remove(dump)
        secs = data["scanMs"] / 1000.0
        how = "psirt-report (Rust core, native, release build; %.0f ms of scanning, no start-up)"
    by_id = {c["id"]: c for c in cases}
    res = {}
    for cid, findings in data["findings"].items():
        c = by_id.get(cid)
        if not c:
            continue
        lines = res.setdefault(cid, {})
        for start, end, cat, sev in findings:
            for ln in range(line_of(c["_starts"], start), line_of(c["_starts"], max(start, end - 1)) + 1):
                # a line claimed by several findings: keep the most severe category's
                rank = lambda c: (GROUPS.index(GROUP[c]), list(GROUP).index(c))
                if cat in GROUP and (lines.get(ln) is None or rank(cat) < rank(lines[ln])):
                    lines[ln] = cat
    return res, secs, how % data["scanMs"]


def case_id_of(path):
    return os.path.splitext(os.path.basename(path))[0]


def run_detect_secrets(cases):
    exe = os.path.join(PEERS, "venv", "bin", "detect-secrets")
    if not have(exe):
        raise RuntimeError("not installed (scripts/bench-peers.sh)")
    p, secs = run([exe, "scan", "--all-files", "."], cwd=FILES)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip()[-300:])
    data = json.loads(p.stdout)
    res = {}
    for path, items in data.get("results", {}).items():
        for it in items:
            res.setdefault(case_id_of(path), {})[it["line_number"]] = None
    ver = run([exe, "--version"])[0].stdout.strip()
    return res, secs, "detect-secrets %s (default plugins and filters)" % ver


def run_secretlint(cases):
    exe = os.path.join(PEERS, "npm", "node_modules", ".bin", "secretlint")
    rc = os.path.join(PEERS, "npm", ".secretlintrc.json")
    if not have(exe):
        raise RuntimeError("not installed (scripts/bench-peers.sh)")
    with open(rc, "w") as f:
        json.dump({"rules": [{"id": "@secretlint/secretlint-rule-preset-recommend"}]}, f)
    out = os.path.join(PEERS, "secretlint-out.json")
    if os.path.exists(out):
        os.remove(out)
    # --output: on a pipe, a large JSON report is cut when secretlint exits.
    p, secs = run([exe, "--secretlintrc", rc, "--format", "json", "--output", out, "*.txt"], cwd=FILES)
    if p.returncode not in (0, 1) or not os.path.exists(out):
        raise RuntimeError((p.stderr or p.stdout).strip()[-300:])
    with open(out, encoding="utf-8") as f:
        data = json.load(f)
    by_id = {c["id"]: c for c in cases}
    res = {}
    for entry in data:
        cid = case_id_of(entry["filePath"])
        for m in entry.get("messages", []):
            loc = m.get("loc")
            if loc:
                a, b = loc["start"]["line"], loc["end"]["line"]
            else:  # range = JavaScript string offsets (UTF-16)
                starts = by_id[cid]["_starts"]
                a, b = line_of(starts, m["range"][0]), line_of(starts, max(m["range"][0], m["range"][1] - 1))
            for ln in range(a, b + 1):
                res.setdefault(cid, {})[ln] = None
    ver = run([exe, "--version"])[0].stdout.strip()
    return res, secs, "secretlint %s + preset-recommend" % ver


def run_kingfisher(cases):
    exe = os.path.join(PEERS, "venv", "bin", "kingfisher")
    if not have(exe):
        raise RuntimeError("not installed (scripts/bench-peers.sh)")
    # Warm its compiled-rule cache once so the timed run measures scanning, like the others.
    base = [exe, "scan", ".", "--no-validate", "--no-update-check", "--no-dedup", "--format", "json"]
    run(base, cwd=FILES)
    p, secs = run(base, cwd=FILES)
    if p.returncode not in (0, 200, 205) and not p.stdout.strip().startswith("{"):
        raise RuntimeError(p.stderr.strip()[-300:])
    data, _ = json.JSONDecoder().raw_decode(p.stdout.strip())  # the report, then other JSON lines
    res = {}
    for f in data.get("findings", []):
        fd = f["finding"]
        res.setdefault(case_id_of(fd["path"]), {})[fd["line"]] = None
    ver = run([exe, "--version"])[0].stdout.strip()
    return res, secs, "%s (--no-validate, default confidence)" % ver


def run_ripsecrets(cases):
    exe = os.path.join(PEERS, "cargo", "bin", "ripsecrets")
    if not have(exe):
        raise RuntimeError("not installed (scripts/bench-peers.sh)")
    p, secs = run([exe, "."], cwd=FILES)
    if p.returncode not in (0, 1):
        raise RuntimeError(p.stderr.strip()[-300:])
    res = {}
    for line in p.stdout.splitlines():
        parts = line.split(":", 2)
        if len(parts) >= 2 and parts[1].isdigit():
            res.setdefault(case_id_of(parts[0]), {})[int(parts[1])] = None
    ver = run([exe, "--version"])[0].stdout.strip()
    return res, secs, ver


TOOLS = [("ours", run_ours), ("detect-secrets", run_detect_secrets), ("secretlint", run_secretlint),
         ("kingfisher", run_kingfisher), ("ripsecrets", run_ripsecrets)]


def score(cases, res):
    units = {g: [0, 0] for g in GROUPS + list(GROUP)}  # found, total (per group and per category)
    claimed = {g: [0, 0] for g in GROUPS + ["all"] + list(GROUP)}  # correct, reported
    for c in cases:
        lines = res.get(c["id"], {})
        for g, ls, cat in c["_units"]:
            hit = bool(ls & set(lines))
            for key in (g, cat):
                units[key][1] += 1
                units[key][0] += hit
        for ln, cat in lines.items():
            ok = ln in c["_any_lines"]
            for key in ("all", GROUP[cat], cat) if cat else ("all",):
                claimed[key][1] += 1
                claimed[key][0] += ok
    return units, claimed


def fmt(n, d):
    return "  —  " if d == 0 else "%.3f" % (n / d)


def main():
    only = None
    out_json = None
    args = sys.argv[1:]
    if "--only" in args:
        only = set(args[args.index("--only") + 1].split(","))
    if "--json" in args:
        out_json = args[args.index("--json") + 1]
    global FILES
    corpus = args[args.index("--corpus") + 1] if "--corpus" in args else None
    cases = load_cases(corpus)
    if corpus:
        import tempfile
        FILES = tempfile.mkdtemp(prefix="psirt-corpus-")
        for c in cases:
            with open(os.path.join(FILES, c["id"] + ".txt"), "w", encoding="utf-8", newline="") as f:
                f.write(c["text"])
        print("Corpus file: %s" % corpus)
    nbytes = sum(len(c["text"].encode("utf-8")) for c in cases)
    print("Corpus: %d files, %.0f KB, %s labelled positives per group (credentials/personal/infrastructure)" % (
        len(cases), nbytes / 1024, "/".join(str(sum(1 for c in cases for g, _, _ in c["_units"] if g == G)) for G in GROUPS)))
    rows, report = [], {}
    for name, fn in TOOLS:
        if only and name not in only:
            continue
        try:
            res, secs, ver = fn(cases)
        except (RuntimeError, OSError, ValueError, KeyError) as e:
            print("  %-15s skipped: %s" % (name, e))
            continue
        units, claimed = score(cases, res)
        rows.append((name, units, claimed, secs, ver))
        report[name] = {"version": ver, "seconds": secs,
                        "recall": {g: units[g][0] / units[g][1] if units[g][1] else None for g in units},
                        "precision": {g: (claimed[g][0] / claimed[g][1] if claimed[g][1] else None) for g in claimed},
                        "reported_lines": claimed["all"][1]}
    print()
    head = "%-15s | %-13s | %-13s | %-13s | %-6s | %6s | %7s" % ("tool", "credentials", "personal", "infrastructure", "P all", "lines", "time s")
    print(head)
    print("%-15s | %-13s | %-13s | %-13s | %-6s | %6s | %7s" % ("", "P      R", "P      R", "P      R", "", "", ""))
    print("-" * len(head))
    for name, units, claimed, secs, ver in rows:
        cells = []
        for g in GROUPS:
            p = fmt(*claimed[g]) if name == "ours" else "  —  "
            cells.append("%s  %s" % (p, fmt(*units[g])))
        print("%-15s | %-13s | %-13s | %-13s | %-6s | %6d | %7.2f" % (name, cells[0], cells[1], cells[2], fmt(*claimed["all"]), claimed["all"][1], secs))
    print()
    print("Recall per category (line level); ours also with its precision (lines it claims for the category):")
    print("%-24s" % "category" + "".join(" %14s" % name for name, *_ in rows) + (" %14s" % "ours P" if any(r[0] == "ours" for r in rows) else ""))
    for cat in GROUP:
        ours = [r for r in rows if r[0] == "ours"]
        print("%-24s" % cat + "".join(" %14s" % fmt(*units[cat]) for _, units, *_ in rows) + (" %14s" % fmt(*ours[0][2][cat]) if ours else ""))
    print()
    for name, units, claimed, secs, ver in rows:
        print("  %-15s %s" % (name, ver))
    print("P = share of reported lines that hold a labelled value; R = share of labelled values whose line is reported.")
    print("Peers do not classify, so their precision is over all their lines (P all).")
    if out_json:
        with open(out_json, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
