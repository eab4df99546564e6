/**
 * `intake --listen HOST:PORT --maildir DIR`: the PSIRT's receiving service (pkg/intake/), started
 * from the command line's options; runs until SIGINT/SIGTERM.
 */

import { CliError, EXIT_USAGE, usage } from '../errors.mjs';
import { clean } from '../output.mjs';
import { loadApi, readBytes } from '../io.mjs';
import { intOption } from '../options.mjs';

/** `intake`: the receiving service (pkg/intake/server.mjs), until SIGINT/SIGTERM. */
export async function cmdIntake(args, values, common) {
  if (args.length !== 0) throw usage('intake takes no positional argument');
  if (values.maildir === undefined) throw usage('intake needs --maildir DIR');
  if (values.smtp !== undefined && values.from === undefined) throw usage('--smtp needs --from ADDRESS');
  const listen = values.listen ?? '127.0.0.1:8081';
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:]+)):(\d{1,5})$/.exec(listen);
  if (!m) throw usage('--listen must be HOST:PORT');
  const host = m[1] ?? m[2];
  const port = Number(m[3]);
  await loadApi();
  let key;
  if (values.key !== undefined) {
    try {
      key = readBytes(values.key, 1024 * 1024, 'key');
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      throw new CliError(`${clean(values.key)}: ${e.code}: ${e.message}`, e.exit, e.code);
    }
  } else if (common.profile !== 'demo' && !(common.profile && common.profile.public_key)) {
    throw usage('intake needs --key KEY.asc (the PSIRT public key), or --demo');
  }
  const rate = values.rate === undefined ? undefined : /^(\d+)(?:\/min)?$/.exec(values.rate);
  if (values.rate !== undefined && !rate) throw usage('--rate must be a number of reports per minute per address (0: no limit)');
  const { startIntake } = await import('../../intake/cli.mjs');
  return startIntake({
    host,
    port,
    maildir: values.maildir,
    profile: common.profile ?? 'thales',
    key,
    pin: values.pin,
    publicUrl: values['public-url'],
    allowOrigins: values['allow-origin'] ?? [],
    stampBits: intOption(values, 'stamp-bits', 0, 32),
    maxBytes: intOption(values, 'max-bytes', 1024, 160 * 1024 * 1024),
    maxRecipients: intOption(values, 'max-recipients', 1, 16),
    maxConnections: intOption(values, 'max-connections', 1, 100_000),
    rate: rate ? { perMinute: Number(rate[1]), burst: Number(rate[1]) } : undefined,
    smtp: values.smtp,
    from: values.from,
    insecurePlaintextLoopback: values['insecure-plaintext-smtp-loopback'] === true,
    retryDelayMs: intOption(values, 'retry-delay', 0, 600_000),
    fail: (message, code, exit = EXIT_USAGE) => new CliError(message, exit, code),
  });
}
