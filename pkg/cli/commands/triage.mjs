/**
 * `triage KIND`: where a message of this kind goes under the policy (exit 1 when refused).
 */

import { CliError, EXIT_OK, EXIT_INVALID, apiFailure, usage } from '../errors.mjs';
import { clean, out, terminalJson } from '../output.mjs';
import { loadApi } from '../io.mjs';

export async function cmdTriage(args, values, common) {
  if (args.length !== 1) throw usage('triage takes exactly one KIND');
  const api = await loadApi();
  let answer;
  try {
    answer = api.triage(args[0], { ...common, language: values.lang });
  } catch (e) {
    const f = apiFailure(e);
    if (f.kind === 'internal') throw e;
    throw new CliError(f.message, f.exit, f.code);
  }
  if (values.json) out(terminalJson(answer, null, 2));
  else {
    out(`${clean(answer.decision)}: ${clean(answer.message)}`);
    if (answer.to) out(`to: ${clean(answer.to)}`);
    if (answer.url) out(`url: ${clean(answer.url)}`);
    if (answer.acknowledgement_due) out(`acknowledgement due: ${clean(answer.acknowledgement_due)}`);
  }
  return answer.decision === 'refuse' ? EXIT_INVALID : EXIT_OK;
}
