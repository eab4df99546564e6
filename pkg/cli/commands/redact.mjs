/**
 * `redact FILE`: the report with every finding at or above --min-severity replaced by
 * [REDACTED:category], on stdout or written to --out FILE through a temporary file.
 */

import { CliError, EXIT_OK, apiFailure, usage } from '../errors.mjs';
import { clean, err, terminalJson } from '../output.mjs';
import { limit, loadApi, readText, writeAtomically } from '../io.mjs';
import { SEVERITY_ORDER } from './scan.mjs';

export async function cmdRedact(files, values, common) {
  if (files.length !== 1) throw usage('redact takes exactly one FILE');
  const min = values['min-severity'];
  if (min !== undefined && !Object.hasOwn(SEVERITY_ORDER, min)) {
    throw usage('--min-severity must be critical, high, medium or info');
  }
  const [file] = files;
  const api = await loadApi();
  const text = readText(file, limit('report_bytes'), 'report');
  let redacted;
  try {
    redacted = api.redact(text, { profile: common.profile, minSeverity: min });
  } catch (e) {
    const f = apiFailure(e);
    if (f.kind === 'internal') throw e;
    throw new CliError(`${clean(file)}: ${clean(f.code)}: ${clean(f.message)}`, f.exit, f.code);
  }
  const json = `${terminalJson(redacted, null, 2)}\n`;
  if (values.out === undefined) process.stdout.write(json);
  else {
    writeAtomically(values.out, json);
    err(`${clean(file)}: redacted copy written to ${clean(values.out)}`);
  }
  return EXIT_OK;
}
