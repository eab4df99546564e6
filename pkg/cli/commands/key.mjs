/**
 * `key discover ADDRESS`: find a PSIRT's public key where the PSIRT publishes it, the way the
 * package's `discoverKey` does (Web Key Directory, advanced then direct method, then the
 * `Encryption:` fields of security.txt), keeping only a key whose fingerprint is the pin (--pin,
 * else the profile's). The key goes to stdout, or to --out FILE through a temporary file, always
 * re-armored here from its bytes (what a server sent around the key is never printed); the
 * fingerprint and where it came from go to stderr.
 *
 * Exit: 0 found; 2 usage or a bad address; 3 no usable key (none published, an impostor, the
 * servers unreachable…), with every request tried listed on stderr.
 */

import { CliError, EXIT_OK, EXIT_USAGE, EXIT_KEY, apiFailure, usage } from '../errors.mjs';
import { clean, err, out, terminalJson } from '../output.mjs';
import { loadApi, writeAtomically } from '../io.mjs';
import { armorCrc24 } from '../../lib/webcrypto-seal.js';

/** The binary packets of an armored public key block (the first one), or null if `bytes` is not armored. */
function dearmor(bytes) {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const lines = text.split(/\r?\n/);
  let i = lines.findIndex((l) => l.trim() === '-----BEGIN PGP PUBLIC KEY BLOCK-----');
  if (i < 0) return null;
  // Armor headers ("Comment: …") up to the first empty line.
  for (i += 1; i < lines.length && lines[i].trim() !== ''; i++);
  const body = [];
  for (i += 1; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l.startsWith('=') || l.startsWith('-----END')) break;
    body.push(l);
  }
  return new Uint8Array(Buffer.from(body.join(''), 'base64'));
}

/** A public key block armored from its binary packets: 64 base64 characters a line, then the CRC-24. */
export function armorPublicKey(packets) {
  const b64 = Buffer.from(packets).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  const crc = armorCrc24(packets);
  const sum = Buffer.from([crc >> 16, (crc >> 8) & 0xff, crc & 0xff]).toString('base64');
  return ['-----BEGIN PGP PUBLIC KEY BLOCK-----', '', ...lines, `=${sum}`, '-----END PGP PUBLIC KEY BLOCK-----', ''].join('\n');
}

/** One line per request tried: method, URL, outcome (and the fingerprint of an impostor). */
function printAttempts(address, attempts) {
  for (const a of attempts ?? []) {
    const extra = a.fingerprint ? ` (key ${a.fingerprint})` : a.cause ? ` (${a.cause.code})` : '';
    err(`${clean(address)}: tried ${clean(a.method)} ${clean(a.url)}: ${clean(a.code)}${clean(extra)}`);
  }
}

// The package's sentence for an unreachable server names a browser's causes (CORS, the page's
// CSP); on the command line the causes are the network's.
const cliMessage = (message) => String(message).replace('(network, CORS, or this page’s Content-Security-Policy)', '(DNS, connection, TLS or a proxy)');

export async function cmdKey(args, values, common) {
  const [sub, ...rest] = args;
  if (sub !== 'discover') throw usage(sub === undefined ? 'key needs a subcommand: key discover ADDRESS' : `unknown key subcommand ${clean(sub)}`);
  if (rest.length !== 1) throw usage('key discover takes exactly one ADDRESS (the PSIRT\'s e-mail address)');
  const [address] = rest;
  const api = await loadApi();
  let found;
  try {
    found = await api.discoverKey(address, { pin: values.pin, profile: common.profile, language: values.lang });
  } catch (e) {
    const f = apiFailure(e);
    if (f.kind === 'internal') throw e;
    // A bad address is a usage error; every other discovery failure means "no usable key".
    const exit = f.code === 'discover-bad-email' ? EXIT_USAGE : String(f.code).startsWith('discover-') ? EXIT_KEY : f.exit;
    if (values.json) {
      out(terminalJson({ address, error: { kind: f.kind, code: f.code, message: cliMessage(f.message) }, attempts: e?.attempts ?? [] }, null, 2));
    } else {
      printAttempts(address, e?.attempts);
      err(`${clean(address)}: ${clean(f.code)}: ${clean(cliMessage(f.message))}`);
    }
    return exit;
  }
  const packets = dearmor(found.key) ?? found.key;
  const armored = armorPublicKey(packets);
  // What is written is checked again against the pin: the armor made here holds the pinned key.
  let recipient;
  try {
    recipient = api.loadRecipient(armored, { pin: values.pin, profile: common.profile });
  } catch (e) {
    const f = apiFailure(e);
    if (f.kind === 'internal') throw e;
    throw new CliError(`${clean(address)}: ${clean(f.code)}: ${clean(f.message)}`, EXIT_KEY, f.code);
  }
  const prof = api.profile(common.profile ?? 'thales');
  const demo = prof.demo === true && recipient.fingerprint === String(prof.pin).replace(/\s/g, '').toUpperCase();
  const note =
    `${clean(address)}: key ${clean(recipient.fingerprint)}${demo ? ' (DEMO — not Thales)' : ''}, the pinned key, ` +
    `found by ${clean(found.method)} at ${clean(found.url)}`;
  if (values.out !== undefined) writeAtomically(values.out, armored);
  if (values.json) {
    out(terminalJson({
      address,
      fingerprint: recipient.fingerprint,
      method: found.method,
      url: found.url,
      userIds: recipient.userIds,
      expires: recipient.expires,
      attempts: found.attempts,
      ...(values.out === undefined ? { armored } : { out: values.out }),
    }, null, 2));
  } else {
    if (values.out === undefined) process.stdout.write(armored);
    else out(clean(values.out));
    err(note);
  }
  return EXIT_OK;
}
