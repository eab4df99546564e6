/**
 * The CLI's exit statuses and the one error type every command throws: what ends a command with
 * one line on stderr and a status, never a stack trace.
 *
 * 0 ok; 1 a report is invalid, refused or blocked; 2 usage or unreadable input; 3 key problem.
 */

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
export const EXIT_KEY = 3;

/**
 * Diagnostic codes meaning "this is not a readable report at all" (exit 2, not 1): the core's,
 * then the CLI's own for files it could not read.
 */
export const UNREADABLE_CODES = new Set([
  'json-syntax',
  'json-too-deep',
  'not-an-object',
  'input-too-large',
  'file-not-found',
  'file-unreadable',
  'invalid-utf8',
]);

/** An error that ends the command with one line on stderr and an exit status. */
export class CliError extends Error {
  constructor(message, exit, code) {
    super(message);
    this.exit = exit;
    this.code = code;
  }
}

export const usage = (message) => new CliError(`${message} (see psirt-report --help)`, EXIT_USAGE, 'usage');

/** Exit status for one Diagnostics object. */
export function exitFor(diagnostics) {
  if (diagnostics.valid) return EXIT_OK;
  return diagnostics.errors.some((e) => UNREADABLE_CODES.has(e.code)) ? EXIT_USAGE : EXIT_INVALID;
}

/** Exit status and one-line text for an API error. */
export function apiFailure(e) {
  const kinds = {
    ReportInvalidError: ['report', EXIT_INVALID],
    KeyError: ['key', EXIT_KEY],
    InputError: ['input', EXIT_USAGE],
    ProfileError: ['profile', EXIT_USAGE],
  };
  const [kind, exit] = kinds[e?.name] ?? ['internal', EXIT_USAGE];
  return { kind, exit, code: e?.code ?? 'internal', message: e?.message ?? String(e) };
}
