/**
 * A sealing worker of `bulk` (bulk/index.mjs): one worker thread with its own WebAssembly instance,
 * which scans, validates and seals the reports it is handed. It touches no file and no network:
 * the main thread owns the output folder, the journal and delivery.
 *
 * workerData: `{key, pin?, profile?, today?, allowFindings}`. Messages in:
 * `{id, text, attachments: [{name, mediaType?, data}]}`; out: `{id, status, ...}` with status
 * `sealed` (`armored`, `eml`, `fingerprint`, `to`, `warnings`), `invalid` (`errors`),
 * `blocked` (`findings`) or `failed` (`reason: {code, message}`).
 */

import { parentPort, workerData } from 'node:worker_threads';
import * as api from '../node.mjs';

const { key, pin, profile, today, allowFindings, stampBits, audience } = workerData;

/** A finding without its preview: the summary says where and what, never the value. */
const where = ({ path, start, end, rule, category, severity, attachment }) => ({
  path,
  start,
  end,
  rule,
  category,
  severity,
  ...(attachment !== undefined && { attachment }),
});
const diag = ({ path, code, message }) => ({ path, code, message });

/** Text attachments (given as bytes) are scanned too: a secret in a log file is still a secret. */
const utf8 = new TextDecoder('utf-8', { fatal: true });
function attachmentFindings(attachments) {
  const found = [];
  for (const a of attachments) {
    if (a.data.length > 4 * 1024 * 1024) continue;
    let text;
    try {
      text = utf8.decode(a.data);
    } catch {
      continue; // binary: nothing the text scanner can read
    }
    for (const f of api.scanText(text, { profile })) found.push({ ...where(f), attachment: a.name });
  }
  return found;
}

async function handle({ text, attachments }) {
  let findings;
  try {
    findings = [...api.scan(text, { profile }), ...attachmentFindings(attachments)];
  } catch (e) {
    if (!(e instanceof api.InputError)) throw e;
    findings = null; // not readable JSON: validation says why
  }
  const critical = (findings ?? []).filter((f) => f.severity === 'critical');
  if (findings === null || (critical.length > 0 && !allowFindings)) {
    const diagnostics = api.validate(text, { profile, today });
    if (!diagnostics.valid) return { status: 'invalid', errors: diagnostics.errors.map(diag) };
    return { status: 'blocked', findings: critical.map(where) };
  }
  try {
    const sealed = api.seal(text, { key, pin, profile, today, attachments });
    // `--post`: the intake's anti-spam stamp for this message, naming that intake, minted here
    // on the worker thread (2^bits hashes) beside the sealing.
    const stamp = audience && stampBits > 0 ? await api.mintStamp(sealed.armored, { bits: stampBits, audience }) : undefined;
    return {
      status: 'sealed',
      ...(stamp && { stamp }),
      armored: sealed.armored,
      eml: sealed.eml,
      fingerprint: sealed.fingerprint,
      // Every key the message is encrypted to (the PSIRT's, and the reporter's own when the
      // report carries one): shown in the table, summary.json and the journal.
      recipients: (sealed.recipients ?? [{ role: 'psirt', fingerprint: sealed.fingerprint }]).map((x) => ({ role: x.role, fingerprint: x.fingerprint })),
      to: sealed.to,
      findings: findings.length,
    };
  } catch (e) {
    if (e instanceof api.ReportInvalidError) {
      return { status: 'invalid', errors: (e.diagnostics?.errors ?? []).map(diag) };
    }
    if (e instanceof api.PsirtError) return { status: 'failed', reason: { code: e.code, message: e.message } };
    throw e;
  }
}

parentPort.on('message', async (msg) => {
  let answer;
  try {
    answer = await handle(msg);
  } catch (e) {
    answer = { status: 'failed', reason: { code: e?.code ?? 'internal', message: String(e?.message ?? e) } };
  }
  parentPort.postMessage({ id: msg.id, ...answer });
});
