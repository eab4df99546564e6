// Self-check: JavaScript's String.prototype.slice(start, end) on each text must return the
// value the generator intended.  Usage:
//   python3 -c 'import gen_blind8a as g, json; [print(json.dumps([o["id"], k, i, v], ensure_ascii=False)) for o, ls, ns in g.build() for k, vs in (("L", ls), ("N", ns)) for i, v in enumerate(vs)]' | node check_slices.mjs
import { readFileSync } from "node:fs";
const cases = new Map(readFileSync(new URL("./cases.jsonl", import.meta.url), "utf8")
  .trim().split("\n").map((l) => JSON.parse(l)).map((o) => [o.id, o]));
const expected = readFileSync(0, "utf8").trim().split("\n").map((l) => JSON.parse(l));
let bad = 0, n = 0, astral = 0;
for (const [id, kind, i, value] of expected) {
  const o = cases.get(id);
  const span = kind === "L" ? o.labels[i] : o.negatives[i];
  const got = o.text.slice(span.start, span.end);
  n++;
  if (/[\uD800-\uDBFF]/.test(o.text.slice(0, span.start))) astral++;
  if (got !== value) { bad++; console.log("MISMATCH", id, kind, i, JSON.stringify(got), JSON.stringify(value)); }
}
console.log(`${n} spans checked, ${bad} mismatches, ${astral} spans after an astral (surrogate-pair) character`);
process.exit(bad ? 1 : 0);
