#!/usr/bin/env node
// Scores the scanner on a labelled corpus the way a user runs it: each case's text becomes the
// `description` of a report whose `reporter.email` is the case's reporter (when it has one), and
// ONE `node pkg/cli/main.mjs scan --json FILE…` process scans every report file. The CLI has no
// option for the reporter's address, so it travels where a user puts it: in the report.
//
//   node bench/score-corpus.mjs [--corpus tests/corpus/blind5/cases.jsonl] [--misses] [--json OUT]
//
// Figures (the issue's three, then by language and by carrier):
//  * credentials recall — a required (not optional, not info) credentials label is found when a
//    finding of its category (or one of its `also`) at severity ≥ medium overlaps it; the
//    group-level figure (any credentials finding) is printed beside it;
//  * personal recall — group-level: a personal label is found when any finding of the personal
//    group (payment_card, iban, national_id, date_of_birth, email_address, phone_number and the
//    personal categories added since) at severity ≥ medium overlaps it;
//  * clean flagged — cases with no label at all that get any finding at severity ≥ medium.
// Older corpora carry no `group` on labels: the group is then taken from the category (email and
// phone personal, as blind5 files them).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const corpus = opt('--corpus', join(ROOT, 'tests/corpus/blind5/cases.jsonl'));
const showMisses = args.includes('--misses');
const jsonOut = opt('--json', null);

const CREDENTIALS = new Set(
  ('private_key aws_access_key_id aws_secret_key github_token gitlab_token slack_token slack_webhook stripe_key ' +
    'google_api_key gcp_service_account azure_connection_string azure_sas_token npm_token pypi_token sendgrid_key ' +
    'twilio_key ai_api_key jwt url_credentials connection_string authorization_header session_cookie ' +
    'password_assignment password_hash').split(' '),
);
const PERSONAL = new Set(
  ('payment_card iban national_id date_of_birth email_address phone_number identity_document postal_address ' +
    'health_data employment_data tax_record travel_record').split(' '),
);
const groupOf = (category) => (CREDENTIALS.has(category) ? 'credentials' : PERSONAL.has(category) ? 'personal' : 'infrastructure');
const RANK = { info: 0, medium: 1, high: 2, critical: 3 };

const cases = readFileSync(corpus, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

// One report per case, in a temporary folder; one CLI process over all of them.
const dir = mkdtempSync(join(tmpdir(), 'psirt-score-'));
const files = cases.map((c, i) => {
  const file = join(dir, `${String(i).padStart(4, '0')}.json`);
  const report = { schema_version: '1.0', channel: 'vulnerability', language: c.language === 'fr' ? 'fr' : 'en' };
  if (c.reporter_email) report.reporter = { email: c.reporter_email };
  report.description = c.text;
  writeFileSync(file, JSON.stringify(report));
  return file;
});
let stdout;
const t0 = performance.now();
try {
  stdout = execFileSync(process.execPath, [join(ROOT, 'pkg/cli/main.mjs'), 'scan', '--json', ...files], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
} catch (e) {
  if (e.status !== 1) throw e; // 1: findings at or above medium, the normal case
  stdout = e.stdout;
}
const seconds = (performance.now() - t0) / 1000;
rmSync(dir, { recursive: true, force: true });
const results = JSON.parse(stdout);
const byFile = new Map(results.map((r) => [r.file, r]));

const overlaps = (a, b) => a.start < b.end && b.start < a.end;
const tally = () => ({ cred: 0, credFound: 0, credGroupFound: 0, pers: 0, persFound: 0, clean: 0, cleanFlagged: 0 });
const total = tally();
const byLang = {};
const byCarrier = {};
const misses = [];
const loud = [];
for (const [i, c] of cases.entries()) {
  const r = byFile.get(files[i]);
  if (r.error) throw new Error(`${c.id}: ${r.error.code} ${r.error.message}`);
  const findings = r.findings.filter((f) => f.path === '/description' && RANK[f.severity] >= RANK.medium);
  const rows = [total, (byLang[c.language] ??= tally()), (byCarrier[c.carrier] ??= tally())];
  const slice = (l) => c.text.slice(l.start, l.end).replace(/\n/g, '\\n').slice(0, 80);
  for (const l of c.labels) {
    if (l.optional || l.severity === 'info') continue;
    const group = l.group ?? groupOf(l.category);
    const over = findings.filter((f) => overlaps(f, l));
    if (group === 'credentials') {
      const ok = over.some((f) => f.category === l.category || (l.also ?? []).includes(f.category));
      const okGroup = over.some((f) => groupOf(f.category) === 'credentials');
      for (const t of rows) {
        t.cred++;
        t.credFound += ok;
        t.credGroupFound += okGroup;
      }
      if (!ok) misses.push(`FN ${c.id} ${l.category.padEnd(22)} "${slice(l)}"${over.length ? ` (overlapped by ${over.map((f) => f.category).join(',')})` : ''}`);
    } else if (group === 'personal') {
      const ok = over.some((f) => groupOf(f.category) === 'personal');
      for (const t of rows) {
        t.pers++;
        t.persFound += ok;
      }
      if (!ok) misses.push(`FN ${c.id} ${l.category.padEnd(22)} "${slice(l)}"${over.length ? ` (overlapped by ${over.map((f) => f.category).join(',')})` : ''}`);
    }
  }
  if (c.labels.length === 0) {
    const flagged = findings.length > 0;
    for (const t of rows) {
      t.clean++;
      t.cleanFlagged += flagged;
    }
    if (flagged) {
      for (const f of findings) {
        const neg = (c.negatives ?? []).find((n) => overlaps(f, n));
        loud.push(`FP ${c.id} ${f.category}/${f.rule}/${f.severity} "${c.text.slice(f.start, f.end).replace(/\n/g, '\\n').slice(0, 60)}"${neg ? ` (negative: ${neg.kind})` : ''}`);
      }
    }
  }
}

const ratio = (a, b) => (b === 0 ? '    —' : (a / b).toFixed(3));
const line = (name, t) =>
  `${name.padEnd(16)} cred ${ratio(t.credFound, t.cred)} (${t.credFound}/${t.cred}, group ${ratio(t.credGroupFound, t.cred)})` +
  `  personal ${ratio(t.persFound, t.pers)} (${t.persFound}/${t.pers})` +
  `  clean flagged ${ratio(t.cleanFlagged, t.clean)} (${t.cleanFlagged}/${t.clean})`;
const out = [];
out.push(`psirt-report scan --json (pkg/cli/main.mjs, one process, ${cases.length} reports, ${seconds.toFixed(1)} s) on ${corpus.replace(ROOT + '/', '')}`);
out.push(`credentials recall      ${ratio(total.credFound, total.cred)}  (${total.credFound}/${total.cred}; any credentials finding: ${ratio(total.credGroupFound, total.cred)})`);
out.push(`personal recall         ${ratio(total.persFound, total.pers)}  (${total.persFound}/${total.pers}, group-level)`);
out.push(`clean texts flagged     ${ratio(total.cleanFlagged, total.clean)}  (${total.cleanFlagged}/${total.clean}, any finding ≥ medium)`);
out.push('', 'by language');
for (const k of Object.keys(byLang).sort()) out.push(line(k, byLang[k]));
out.push('', 'by carrier');
for (const k of Object.keys(byCarrier).sort()) out.push(line(k, byCarrier[k]));
if (showMisses) out.push('', `misses (${misses.length})`, ...misses, '', `clean texts flagged, findings (${loud.length})`, ...loud);
console.log(out.join('\n'));
if (jsonOut) {
  const fig = (t) => ({
    credentials_recall: t.cred ? t.credFound / t.cred : null,
    personal_recall: t.pers ? t.persFound / t.pers : null,
    clean_flagged: t.clean ? t.cleanFlagged / t.clean : null,
  });
  writeFileSync(jsonOut, JSON.stringify({ corpus, total: fig(total), byLanguage: Object.fromEntries(Object.entries(byLang).map(([k, t]) => [k, fig(t)])) }, null, 2));
}
