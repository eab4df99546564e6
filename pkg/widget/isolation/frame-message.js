/**
 * What crosses between the isolation frame and its host: the message protocol's
 * name and the one function that picks, from a `psirt-sealed` detail, what may leave the frame —
 * the five ciphertext and routing strings, the anti-spam stamp when there is one and the
 * receipt's four strings; never `recipients`, which names the reporter's own key. The
 * frame applies it before posting and the host again on what it receives.
 */

export const PROTOCOL = 'psirt-report-frame/1';

const SEALED_FIELDS = ['armored', 'eml', 'fingerprint', 'to', 'subject'];
const OPTIONAL_FIELDS = ['stamp'];
const RECEIPT_FIELDS = ['reportId', 'sealedAt', 'psirtFingerprint', 'sha256'];

/** A new object with only the crossing fields, each a string; null when a required one is not. */
export function sealedDetail(d) {
  if (!d || typeof d !== 'object' || !SEALED_FIELDS.every((k) => typeof d[k] === 'string')) return null;
  const detail = Object.fromEntries(SEALED_FIELDS.map((k) => [k, d[k]]));
  for (const k of OPTIONAL_FIELDS) if (typeof d[k] === 'string') detail[k] = d[k];
  const r = d.receipt;
  if (r && typeof r === 'object' && RECEIPT_FIELDS.every((k) => typeof r[k] === 'string')) {
    detail.receipt = Object.fromEntries(RECEIPT_FIELDS.map((k) => [k, r[k]]));
  }
  return detail;
}

/** A name that never leaves the machine (plain http is allowed only there: a local demo, tests). */
export function isLoopback(hostname) {
  const name = String(hostname).replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
