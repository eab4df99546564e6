/**
 * `validate FILE...`: each report checked against the schema and the policy's rules; errors and
 * warnings one line each on stderr, or one JSON object per file with --json.
 */

import { CliError, EXIT_OK, EXIT_INVALID, exitFor, usage } from '../errors.mjs';
import { clean, cvssText, err, out, printDiagnostics, terminalJson } from '../output.mjs';
import { limit, loadApi, readText } from '../io.mjs';

/** A Diagnostics-shaped object for a file that could not be read. */
function unreadable(file, e) {
  return {
    file,
    valid: false,
    errors: [{ path: '', code: e.code, message: e.message }],
    warnings: [],
  };
}

export async function cmdValidate(files, values, common) {
  if (files.length === 0) throw usage('validate needs at least one FILE');
  const api = await loadApi();
  const results = [];
  let status = EXIT_OK;
  for (const file of files) {
    let result;
    try {
      const text = readText(file, limit('report_bytes'), 'report');
      result = { file, ...api.validate(text, common) };
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      result = unreadable(file, e);
    }
    results.push(result);
    const exit = exitFor(result);
    status = Math.max(status, exit);
    if (values.json) continue;
    printDiagnostics(file, result);
    const warnings = result.warnings?.length ?? 0;
    const extra = [
      cvssText(result.cvss),
      warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : '',
    ].filter(Boolean);
    const tail = extra.length ? ` (${extra.join('; ')})` : '';
    if (exit === EXIT_OK) out(`${clean(file)}: valid${tail}`);
    else if (exit === EXIT_INVALID) {
      const n = result.errors.length;
      err(`${clean(file)}: invalid, ${n} error${n > 1 ? 's' : ''}${tail}`);
    }
  }
  if (values.json) out(terminalJson(results.length === 1 ? results[0] : results, null, 2));
  return status;
}
