/**
 * `schema`: print the report JSON Schema (draft 2020-12).
 */

import { EXIT_OK, usage } from '../errors.mjs';
import { out, terminalJson } from '../output.mjs';
import { loadApi } from '../io.mjs';

export async function cmdSchema(args) {
  if (args.length !== 0) throw usage('schema takes no argument');
  const api = await loadApi();
  out(terminalJson(api.schema(), null, 2));
  return EXIT_OK;
}
