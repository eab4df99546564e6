/**
 * What the CLI prints: text made safe for a terminal (controls and bidi marks shown escaped, never
 * obeyed), JSON that stays valid and safe to `cat`, and the one-line diagnostics format
 * `FILE: /json/pointer: code: message`.
 */

/**
 * Make text safe for a terminal line: control characters, line separators
 * and bidi overrides (which could come from a report's keys or a file name)
 * are shown escaped instead of being interpreted.
 */
export function clean(text) {
  return String(text).replace(UNSAFE, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
}

/**
 * What a terminal would interpret or reorder: C0 and C1 controls, DEL, the line and paragraph
 * separators, and every bidi mark and control (ALM U+061C, LRM/RLM U+200E/F, the embeddings and
 * overrides U+202A–U+202E, the isolates U+2066–U+2069).
 */
export const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
/** UNSAFE less the C0 controls, which JSON.stringify already escapes in strings (outside them, its line breaks are its own). */
export const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/**
 * JSON for a terminal (and for files an analyst may `cat`): `JSON.stringify`, with every
 * character it leaves as is that a terminal would act on (DEL, C1 controls, bidi marks,
 * U+2028/9: UNSAFE_IN_JSON) written as a
 * `\uXXXX` escape. Outside strings JSON is ASCII, so this only touches strings, and the text
 * stays valid JSON that parses back to the same value.
 */
export function terminalJson(value, replacer, space) {
  return JSON.stringify(value, replacer, space).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `clean` for a block of text: each line cleaned, line breaks and tabs kept. */
export function cleanBlock(text) {
  return String(text)
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.split('\t').map(clean).join('\t'))
    .join('\n');
}

export const out = (line) => process.stdout.write(`${line}\n`);
export const err = (line) => process.stderr.write(`${line}\n`);

export function diagnosticLine(file, d, severity) {
  const parts = [clean(file)];
  if (d.path) parts.push(clean(d.path));
  if (severity) parts.push(severity);
  parts.push(clean(d.code), clean(d.message));
  return parts.join(': ');
}

export function cvssText(cvss) {
  const scores = [];
  for (const [version, s] of Object.entries(cvss ?? {})) {
    if (s && typeof s.score === 'number') scores.push(`CVSS ${version} ${s.score.toFixed(1)} ${clean(s.severity)}`);
  }
  return scores.join(', ');
}

export function printDiagnostics(file, diagnostics) {
  for (const d of diagnostics.errors) err(diagnosticLine(file, d));
  for (const d of diagnostics.warnings ?? []) err(diagnosticLine(file, d, 'warning'));
}
