#!/usr/bin/env node
/**
 * The psirt-report command line: the entry point. It parses the arguments (options.mjs), prints
 * the help (help.mjs) or the version, and hands the command to commands/<command>.mjs: validate,
 * seal, open, scan, redact, triage, bulk, intake, key discover, schema.
 *
 * Exit status: 0 ok; 1 a report is invalid or refused; 2 usage error or
 * unreadable input; 3 key problem. With several files, the highest.
 *
 * Nothing here prints a stack trace or any part of a report: errors are one
 * line each, `FILE: /json/pointer: code: message`, on stderr.
 */

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliError, EXIT_OK, EXIT_USAGE, apiFailure, usage } from './errors.mjs';
import { clean, err, out } from './output.mjs';
import { HELP } from './help.mjs';
import { COMMAND_OPTIONS, GLOBAL_OPTIONS, PARSE_OPTIONS, profileOption } from './options.mjs';
import { cmdValidate } from './commands/validate.mjs';
import { cmdSeal } from './commands/seal.mjs';
import { cmdOpen } from './commands/open.mjs';
import { cmdTriage } from './commands/triage.mjs';
import { cmdScan } from './commands/scan.mjs';
import { cmdRedact } from './commands/redact.mjs';
import { cmdBulk } from './commands/bulk.mjs';
import { cmdIntake } from './commands/intake.mjs';
import { cmdSchema } from './commands/schema.mjs';
import { cmdKey } from './commands/key.mjs';

function version() {
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
}

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: PARSE_OPTIONS,
    });
  } catch (e) {
    // parseArgs' messages run over several sentences; keep the first.
    throw usage(clean(String(e.message).split('. ')[0]));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  if (values.version) {
    out(`psirt-report ${version()}`);
    return EXIT_OK;
  }
  const [command, ...args] = positionals;
  if (command === undefined) {
    err('usage: psirt-report validate|seal|open|scan|redact|triage|bulk|intake|key|schema ... (see psirt-report --help)');
    return EXIT_USAGE;
  }
  if (!Object.hasOwn(COMMAND_OPTIONS, command)) throw usage(`unknown command ${clean(command)}`);
  const allowed = new Set([...GLOBAL_OPTIONS, ...COMMAND_OPTIONS[command]]);
  for (const name of Object.keys(values)) {
    if (!allowed.has(name)) throw usage(`--${name} does not apply to ${command}`);
  }
  if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'fr') {
    throw usage('--lang must be en or fr');
  }
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) {
    throw usage('--today must be a date, YYYY-MM-DD');
  }
  const common = { profile: profileOption(values), today: values.today };

  switch (command) {
    case 'validate':
      return cmdValidate(args, values, common);
    case 'seal':
      return cmdSeal(args, values, common);
    case 'open':
      return cmdOpen(args, values, common);
    case 'triage':
      return cmdTriage(args, values, common);
    case 'scan':
      return cmdScan(args, values, common);
    case 'redact':
      return cmdRedact(args, values, common);
    case 'bulk':
      return cmdBulk(args, values, common);
    case 'intake':
      return cmdIntake(args, values, common);
    case 'key':
      return cmdKey(args, values, common);
    default:
      return cmdSchema(args);
  }
}

/** Last resort: one line, never a stack trace. */
function fatal(e) {
  if (e instanceof CliError) {
    err(`psirt-report: error: ${e.message}`);
    return e.exit;
  }
  const f = apiFailure(e);
  err(`psirt-report: error: ${clean(f.message)}`);
  return f.exit;
}

process.on('uncaughtException', (e) => {
  process.exitCode = fatal(e);
});
// A closed pipe (`psirt-report schema | head`) is not an error worth a trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.exitCode = fatal(e);
  },
);
