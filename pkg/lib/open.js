/**
 * Opening, the PSIRT's side: a sealed message decrypted and taken apart (`open`, `openAll` over an
 * mbox), looked at without a key (`inspectMessage`), and the RFC 3156 envelope put around an
 * armored message that arrived alone (`pgpMime`, `pgpMimeEnvelope`). Needs the open module.
 * Re-exported by index.js.
 */

import { InputError } from './errors.js';
import { own } from './own.js';
import { bindings, openBindings, callWasm, callJson, sealWire, describe, optionsText, bytesOf, PROFILE, TODAY, LANGUAGE } from './wasm-call.js';

/** open()'s and openAll()'s options, checked, as the seal module takes them (and the profile and date for validation). */
function openWire(options, name) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InputError(`${name}() needs options with the secret key: ${name}(message, {secretKey})`, {
      code: 'input-type',
    });
  }
  return JSON.parse(
    optionsText(options, {
      profile: PROFILE,
      today: TODAY,
      language: LANGUAGE,
      passphrase: ['passphrase', 'string'],
    }),
  );
}

/** An opened message from the seal module's `{meta, data}`, its report validated by the core. */
function openedFrom(out, core, wire) {
  const result = JSON.parse(out.meta);
  if (result.diagnostics === undefined) {
    // The seal module returns report.json as it was in the message; the core validates it, as
    // the PSIRT's profile sees it.
    const reportJson = result.reportJson;
    const validateOpts = JSON.stringify({ profile: own(wire, 'profile'), today: own(wire, 'today') });
    result.diagnostics = callJson(() => core.validate(reportJson, validateOpts));
  }
  delete result.reportJson;
  result.attachments = result.attachments.map((a, i) => ({ ...a, data: out.data[i] }));
  return result;
}

/**
 * Decrypt a sealed report (the PSIRT's side) and take it apart.
 *
 * @param {string|Uint8Array} message  the armored message (.asc), the .eml, or binary OpenPGP
 * @param {{secretKey: string|Uint8Array, passphrase?: string, profile?: string|object,
 *   today?: string, language?: 'en'|'fr'}} options
 * @returns {{report: object, diagnostics: object, subject: string, text: string,
 *   attachments: {name: string, mediaType: string, data: Uint8Array}[], recipient: string}}
 * @throws {PsirtError} code open-not-for-this-key, open-tampered, open-unreadable,
 *   open-secret-key-unreadable, open-payload-invalid, open-too-large
 */
export function open(message, options) {
  const core = bindings();
  const api = openBindings();
  const wire = openWire(options, 'open');
  const msg = bytesOf(message, 'message');
  const key = bytesOf(own(options, 'secretKey'), 'options.secretKey');
  const out = callWasm(() => api.open(msg, key, sealWire({ ...wire })), 'open');
  return openedFrom(out, core, wire);
}

/**
 * Open every mail of an `.mbox` (or the one message given): one entry per mail, in order,
 * `{index, opened}` or `{index, error: {code, message}}` (one mail that cannot be opened does
 * not stop the others). Options as open(); throws only when nothing can be tried (bad key).
 */
export function openAll(message, options) {
  const core = bindings();
  const api = openBindings();
  const wire = openWire(options, 'openAll');
  const msg = bytesOf(message, 'message');
  const key = bytesOf(own(options, 'secretKey'), 'options.secretKey');
  const list = callWasm(() => api.openAll(msg, key, sealWire({ ...wire })), 'open');
  return Array.from(list, (one, i) => {
    if (one.error) return { index: i + 1, error: { code: one.error.code, message: one.error.message } };
    return { index: i + 1, opened: openedFrom(one, core, wire) };
  });
}

/**
 * What a message is made of, without decrypting it: an intake's look at what arrived. Needs no
 * key. Packets in order, each PKESK's recipient (v3: `keyId`; v6: `fingerprint`; anonymous ones
 * `wildcard: true`), SKESK count, readable data outside the encryption (`literal`, `compressed`,
 * `signed`), the encrypted data packet kind and sizes; `armored` is the block found inside a
 * mail when the input was a mail.
 *
 * @param {string|Uint8Array} message  the armored message, the .eml, or binary OpenPGP
 * @param {{language?: 'en'|'fr'}} [options]
 * @returns {{form: string, packets: string[], recipients: {version: number, keyId?: string,
 *   fingerprint?: string, wildcard: boolean, algorithm?: number}[], wildcardRecipients: number,
 *   skesk: number, literal: boolean, compressed: boolean, signed: boolean, encrypted: string|null,
 *   encryptedBytes: number, size: number, armored?: string}}
 * @throws {InputError} code `inspect-not-openpgp`
 */
export function inspectMessage(message, options) {
  const api = openBindings();
  const msg = bytesOf(message, 'message');
  const opts = optionsText(options, { language: LANGUAGE });
  return callJson(() => api.inspect_message(msg, opts), 'open');
}

/**
 * The envelope pgpMime() puts around an armored message: `head + body + tail` is the `.eml`, where
 * `body` is the armored message with CRLF line ends and no line end after its END line. For a
 * caller that holds the message as bytes already in that form (the intake) and writes the three
 * parts without building the whole text.
 * @param {{to: string, subject: string, now: number, messageId: string, boundary: string}} envelope
 * @returns {{head: string, tail: string}}
 */
export function pgpMimeEnvelope(envelope) {
  const api = openBindings();
  const e = envelope ?? {};
  const wire = JSON.stringify({ to: own(e, 'to'), subject: own(e, 'subject'), now: own(e, 'now'), messageId: own(e, 'messageId'), boundary: own(e, 'boundary') });
  // The envelope comes from the core around a one-character stand-in; the armored text is put in
  // by the caller: copying a large string into the wasm memory (wasm-bindgen's string path) was
  // half of an intake's CPU time per report, measured.
  const out = callWasm(() => api.pgp_mime('A', wire), 'open');
  const at = out.lastIndexOf('A\r\n\r\n--');
  return { head: out.slice(0, at), tail: out.slice(at + 1) };
}

/**
 * The RFC 3156 `.eml` around an armored message that arrived alone, with the envelope seal()
 * writes (neutral subject, no From:, `Message-ID: <messageId@psirt-report.invalid>`).
 * @param {string} armored
 * @param {{to: string, subject: string, now: number, messageId: string, boundary: string}} envelope
 *   `now` in seconds since 1970
 * @returns {string}
 */
export function pgpMime(armored, envelope) {
  if (typeof armored !== 'string') throw new InputError(`pgpMime() needs the armored message as a string, not ${describe(armored)}`, { code: 'input-type' });
  const { head, tail } = pgpMimeEnvelope(envelope);
  // Line ends made CRLF as the core does, with string replaceAll and a trim from the end: three
  // regular-expression passes over the text were a tenth of an intake's time per report.
  let end = armored.length;
  while (end > 0 && (armored.charCodeAt(end - 1) === 10 || armored.charCodeAt(end - 1) === 13)) end--;
  return head + armored.slice(0, end).replaceAll('\r\n', '\n').replaceAll('\n', '\r\n') + tail;
}
