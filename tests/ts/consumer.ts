// An example consumer of psirt-report, type-checked (strict) by `make test` (tsc --noEmit):
// the declarations must describe the real shapes, so misuse below is a compile error
// (@ts-expect-error fails the check if the line type-checks, i.e. if a type were `any`).

import { bulk, type BulkRun, type BulkStatus, type BulkSummary } from 'psirt-report/bulk';

import {
  init,
  ready,
  validate,
  seal,
  scan,
  scanText,
  redact,
  loadRecipient,
  open,
  openAll,
  cveDraft,
  schema,
  profile,
  triage,
  renderText,
  cvss,
  PsirtError,
  ReportInvalidError,
  KeyError,
  type Report,
  type Diagnostics,
  type Diagnostic,
  type Finding,
  type Sealed,
  type RecipientInfo,
  type Opened,
  type Route,
  type Profile,
  type Severity,
  type CvssScore,
  type ResolvedProfile,
  type SealOptions,
} from 'psirt-report';
import { createWorkerClient, type WorkerClient } from 'psirt-report/worker';

const report: Report = {
  schema_version: '1.0',
  channel: 'vulnerability',
  language: 'en',
  reporter: { email: 'alex@researcher.example', name: 'Alex' },
  title: 'Stored XSS in the console',
  affected: [{ product: 'Device Manager', versions: ['4.2'] }],
  severity: { cvss_v3: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
  commitments: {
    no_exploitation: true,
    no_disclosure_without_consent: true,
    no_prohibited_attacks: true,
    policy_version: 'sha256:0123456789abcdef',
  },
};

// @ts-expect-error: channel is one of the schema's enum values
const wrongChannel: Report = { ...report, channel: 'incident' };
// @ts-expect-error: reporter.email is required
const noEmail: Report = { ...report, reporter: { name: 'x' } };

export async function main(key: string, secretKey: Uint8Array): Promise<string[]> {
  await init({ wasmUrl: '/static/psirt_report_bg.wasm' });
  await ready;
  const out: string[] = [];

  const d: Diagnostics = validate(report, { profile: 'demo', today: '2026-01-05' });
  const first: Diagnostic | undefined = d.errors[0];
  if (!d.valid && first) out.push(`${first.path} ${first.code} ${first.message}`);
  const score: number | undefined = d.cvss?.v3?.score;
  out.push(String(score ?? 'no score'));
  // @ts-expect-error: valid is a boolean
  d.valid.toUpperCase();
  validate('{"json": "text"}');
  validate(new Uint8Array([123, 125]));
  // @ts-expect-error: the options are an object, not a profile name
  validate(report, 'thales');

  try {
    const sealed: Sealed = await seal(report, { key, profile: 'demo', attachments: [{ name: 'poc.txt', data: new Uint8Array(3) }] });
    const info: RecipientInfo = sealed.recipient;
    out.push(sealed.armored, sealed.eml, sealed.to, info.fingerprint, info.userIds.join(', '), String(info.version));
    const expires: string | null = info.expires;
    out.push(expires ?? 'never');
  } catch (e) {
    if (e instanceof ReportInvalidError) out.push(String(e.diagnostics?.errors.length));
    else if (e instanceof KeyError) out.push(e.code);
    else if (e instanceof PsirtError) out.push(`${e.name} ${e.code}`);
    else throw e;
  }
  // @ts-expect-error: seal needs the options with the key
  seal(report);

  const findings: Finding[] = [...scan(report, { language: 'fr' }), ...scanText('text', { reporterEmail: 'a@b.example' })];
  for (const f of findings) {
    const s: Severity = f.severity;
    out.push(`${f.path}:${f.start}-${f.end} ${s} ${f.category} ${f.rule} ${f.preview}`);
  }
  const clean: Report = redact(report, { minSeverity: 'high', findings });
  out.push(clean.title);
  // @ts-expect-error: not a severity
  redact(report, { minSeverity: 'low' });

  const recipient: RecipientInfo = loadRecipient(key, { pin: 'FC3C 4520 576E C756 AE73  0030 5369 49C4 8448 AE39' });
  out.push(recipient.algorithm);
  const opened: Opened = open('-----BEGIN PGP MESSAGE-----', { secretKey, passphrase: 'p' });
  out.push(opened.report?.title ?? '', opened.subject, String(opened.diagnostics.valid), String(opened.attachments[0]?.data.byteLength));
  // @ts-expect-error: report is null for an unstructured message
  out.push(opened.report.title);
  out.push(opened.form, String(opened.structured), opened.appeal?.acknowledgementDue ?? '');
  for (const one of openAll('From x\n', { secretKey })) out.push(one.opened ? one.opened.subject : one.error.code);
  const draft = cveDraft(opened, { orgId: '00000000-0000-4000-8000-000000000000' });
  out.push(draft.record.dataVersion, ...draft.missing.map((m) => m.path));

  out.push(schema().$schema);
  const p: Profile = profile('thales');
  out.push(p.psirt_email, p.commitments.no_exploitation.fr);
  const route: Route = triage('cna_appeal', { language: 'fr' });
  out.push(route.decision, route.acknowledgement_due ?? '');
  // @ts-expect-error: not a triage kind
  triage('phishing');

  const resolved: ResolvedProfile = profile('demo');
  const policy: string = resolved.policy_version;
  // @ts-expect-error: in a profile object given to the functions, policy_version is optional
  const maybePolicy: string = p.policy_version;
  const accepted: Report = { ...report, commitments: { ...report.commitments!, policy_version: policy } };
  const review: string = renderText(accepted, { profile: 'demo', language: 'fr', attachments: [{ name: 'poc.txt', data: new Uint8Array(3) }] });
  out.push(review, renderText('{"title": "not valid yet"}', { attachments: [{ name: 'a.png', size: 12 }] }));
  // @ts-expect-error: renderText returns the text, not an object
  renderText(report).lines;
  // @ts-expect-error: an attachment needs its data or its size
  renderText(report, { attachments: [{ name: 'a.png' }] });
  const scored: CvssScore = cvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', { language: 'fr' });
  const level: 'none' | 'low' | 'medium' | 'high' | 'critical' = scored.severity;
  out.push(`${scored.vector} ${scored.version} ${scored.score} ${level}`);
  // @ts-expect-error: cvss takes a vector string
  cvss({ cvss_v3: 'CVSS:3.1/…' });

  const worker: WorkerClient = createWorkerClient({ transferInputs: true });
  await worker.ready;
  const fromWorker: Diagnostics = await worker.validate(report);
  const sealedInWorker: Sealed = await worker.seal(report, { key });
  // The options seal() takes serve renderText as they are, so the review shows what is sealed.
  const sealOptions: SealOptions = { key, profile: 'demo', attachments: [{ name: 'poc.txt', data: new Uint8Array(3) }] };
  const textInWorker: string = await worker.renderText(report, sealOptions);
  const scoreInWorker: CvssScore = await worker.cvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
  out.push(String(fromWorker.valid), sealedInWorker.fingerprint, textInWorker, String(scoreInWorker.score));
  // @ts-expect-error: worker calls are asynchronous
  const notAwaited: Diagnostics = worker.validate(report);
  worker.terminate();

  return [...out, String(wrongChannel), String(noEmail), String(notAwaited), maybePolicy];
}

/** The bulk API (Node): an async iterable of results with a typed summary. */
export async function bulkConsumer(key: Uint8Array): Promise<number> {
  const run: BulkRun = bulk('findings/', { out: 'sealed/', key, profile: 'demo', dryRun: true, concurrency: 2 });
  let sent = 0;
  for await (const r of run) {
    const status: BulkStatus = r.status;
    if (status === 'sent' && (r.in_doubt ?? 0) === 0) sent++;
  }
  const summary: BulkSummary = await run.summary;
  // @ts-expect-error: out is required
  bulk('findings/', { key, dryRun: true });
  // @ts-expect-error: not a status
  const nope: BulkStatus = 'queued';
  return sent + summary.total + String(nope).length;
}

// Key discovery, pinned.
import { discoverKey, discoveryUrls, type DiscoveredKey, type DiscoveryMethod } from 'psirt-report';

/** Finds the key by WKD or security.txt, then seals with it; the method is one of three names. */
export async function discoveryConsumer(report: Report): Promise<string> {
  const found: DiscoveredKey = await discoverKey('psirt@thalesgroup.com', { timeout: 5000, methods: ['wkd-advanced', 'security-txt'] });
  const method: DiscoveryMethod = found.method;
  const urls = await discoveryUrls('psirt@thalesgroup.com');
  try {
    await discoverKey('psirt@psirt-demo.example', { profile: 'demo' });
  } catch (e) {
    if (e instanceof KeyError && e.code === 'discover-impostor') return 'refused';
  }
  // @ts-expect-error: not a discovery method
  await discoverKey('psirt@thalesgroup.com', { methods: ['dns'] });
  const sealed: Sealed = await seal(report, { key: found.key });
  return `${method} ${urls.advanced} ${found.recipient.fingerprint} ${sealed.armored.length}`;
}

// The anti-spam stamp, minted by a script and checked by an intake endpoint.
import { mintStamp, verifyStamp, StampError, type StampErrorCode } from 'psirt-report';
import { createWorkerClient as stampWorker } from 'psirt-report/worker';

export async function stampConsumer(armored: string): Promise<number> {
  const bits = profile('demo').stamp?.bits ?? 0;
  const stamp: string = await mintStamp(armored, { bits, signal: new AbortController().signal, onProgress: (p) => void p.tries });
  const seen = new Set<string>();
  try {
    const r = verifyStamp(stamp, armored, { bits, maxAgeSeconds: 3600, now: new Date(), seen });
    const when: Date = r.date;
    void when;
  } catch (e) {
    if (e instanceof StampError) {
      const code: StampErrorCode = e.code;
      return code.length;
    }
  }
  verifyStamp(stamp, armored, { bits, seen: (s: string) => seen.has(s) });
  // @ts-expect-error: bits is required
  verifyStamp(stamp, armored, {});
  // @ts-expect-error: not a stamp code
  const bad: StampErrorCode = 'stamp-late';
  const worker = stampWorker();
  const inWorker: string = await worker.mintStamp(armored, { bits, job: 'seal' });
  const stopped: boolean = await worker.cancelStamp('seal');
  return stamp.length + inWorker.length + String(bad).length + Number(stopped);
}
