/**
 * `scan FILE...`: sensitive data in each report or text file, one line per finding (the match
 * masked, never printed); exit 1 when anything at or above medium is found.
 */

import { CliError, EXIT_OK, EXIT_INVALID, EXIT_USAGE, apiFailure, usage } from '../errors.mjs';
import { clean, err, out, terminalJson } from '../output.mjs';
import { limit, loadApi, readText } from '../io.mjs';

export const SEVERITY_ORDER = { info: 0, medium: 1, high: 2, critical: 3 };

/** A file the scanner reads as a report (JSON object) rather than as plain text. */
function looksLikeReport(file, text) {
  return file.endsWith('.json') || text.trimStart().startsWith('{');
}

export async function cmdScan(files, values, common) {
  if (files.length === 0) throw usage('scan needs at least one FILE');
  const api = await loadApi();
  const results = [];
  let status = EXIT_OK;
  const options = { profile: common.profile, language: values.lang };
  for (const file of files) {
    let findings;
    try {
      const text = readText(file, limit('report_bytes'), 'file');
      findings = looksLikeReport(file, text) ? api.scan(text, options) : api.scanText(text, options);
    } catch (e) {
      let code, message;
      if (e instanceof CliError) [code, message] = [e.code, e.message];
      else {
        const f = apiFailure(e);
        if (f.kind === 'internal') throw e;
        [code, message] = [f.code, f.message];
      }
      status = Math.max(status, EXIT_USAGE);
      results.push({ file, error: { code, message } });
      if (!values.json) err(`${clean(file)}: ${clean(code)}: ${clean(message)}`);
      continue;
    }
    results.push({ file, findings });
    if (findings.some((f) => SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER.medium)) status = Math.max(status, EXIT_INVALID);
    if (values.json) continue;
    for (const f of findings) {
      out(
        `${clean(file)}:${clean(f.path)}:${f.start}-${f.end} ${f.severity} ${f.category} ${f.rule} ${clean(f.preview)}` +
          `${f.encoding ? ` (${f.encoding})` : ''}: ${clean(f.message)}`,
      );
    }
    const counts = {};
    for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
    const summary = Object.keys(SEVERITY_ORDER)
      .reverse()
      .filter((s) => counts[s])
      .map((s) => `${counts[s]} ${s}`)
      .join(', ');
    err(`${clean(file)}: ${findings.length === 0 ? 'no sensitive data found' : summary}`);
  }
  if (values.json) out(terminalJson(results, null, 2));
  return status;
}
