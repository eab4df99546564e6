/**
 * `seal FILE --key KEY.asc`: validate a report and encrypt it to the pinned PSIRT key; the armored
 * message on stdout, or NAME.asc and NAME.eml written into --out DIR (both or neither).
 */

import { mkdirSync, unlinkSync } from 'node:fs';
import { join, parse as parsePath, basename } from 'node:path';
import { CliError, EXIT_OK, EXIT_USAGE, apiFailure, exitFor, usage } from '../errors.mjs';
import { clean, err, out, printDiagnostics, terminalJson } from '../output.mjs';
import { DIR_MODE, limit, loadApi, readBytes, readText, writeAtomically } from '../io.mjs';

export async function cmdSeal(files, values, common) {
  if (files.length !== 1) throw usage('seal takes exactly one FILE');
  if (values.key === undefined) throw usage('seal needs --key KEY.asc, the PSIRT public key');
  const [file] = files;
  // Loaded first: the size limits checked below come from it.
  const api = await loadApi();
  const fail = (exit, code, message, kind, diagnostics) => {
    if (values.json) {
      out(terminalJson({ file, error: { kind, code, message }, ...(diagnostics && { diagnostics }) }, null, 2));
    }
    return exit;
  };

  let text;
  try {
    text = readText(file, limit('report_bytes'), 'report');
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    if (!values.json) err(`${clean(file)}: ${e.code}: ${e.message}`);
    return fail(e.exit, e.code, e.message, 'input');
  }
  let key;
  const attachments = [];
  try {
    // Armored or binary: the core reads both (and refuses what is not a key, exit 3).
    key = readBytes(values.key, limit('key_bytes'), 'key');
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    if (!values.json) err(`${clean(values.key)}: ${e.code}: ${e.message}`);
    return fail(e.exit, e.code, e.message, 'input');
  }
  let total = 0;
  for (const path of values.attach ?? []) {
    try {
      const data = readBytes(path, limit('attachment_bytes') - total, 'attachments');
      total += data.length;
      attachments.push({ name: basename(path), mediaType: mediaTypeOf(path), data });
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      if (!values.json) err(`${clean(path)}: ${e.code}: ${e.message}`);
      return fail(e.exit, e.code, e.message, 'input');
    }
  }

  let sealed;
  try {
    sealed = api.seal(text, { ...common, key, pin: values.pin, language: values.lang, attachments });
  } catch (e) {
    const f = apiFailure(e);
    if (f.kind === 'internal') throw e;
    if (f.kind === 'report' && e.diagnostics) {
      const exit = exitFor(e.diagnostics);
      if (!values.json) {
        printDiagnostics(file, e.diagnostics);
        err(`${clean(file)}: not sealed: the report is not valid`);
      }
      return fail(exit, f.code, f.message, f.kind, e.diagnostics);
    }
    const where = f.kind === 'key' ? values.key : f.kind === 'report' ? file : 'psirt-report';
    if (!values.json) err(`${clean(where)}: ${clean(f.code)}: ${clean(f.message)}`);
    return fail(f.exit, f.code, f.message, f.kind);
  }

  const { armored, fingerprint, to, subject, recipient, recipients, receipt } = sealed;
  const isDemo = common.profile === 'demo' || common.profile?.demo === true;
  // The receipt: what the reporter keeps for later questions of priority — the
  // report id (inside the ciphertext), the time and the SHA-256 of the armored message as written.
  const note =
    `${clean(file)}: sealed for ${clean(to)}, key ${clean(fingerprint)}${isDemo ? ' (DEMO — not Thales)' : ''}` +
    (receipt ? `\n${clean(file)}: receipt: report ${clean(receipt.reportId)}, sealed ${clean(receipt.sealedAt)}, sha256 ${clean(receipt.sha256)}` : '') +
    (recipients?.some((r) => r.role === 'reporter') ? `\n${clean(file)}: also encrypted to the reporter's own key (reporter.pgp_key)` : '');
  if (values.out === undefined) {
    if (values.json) out(terminalJson({ file, fingerprint, to, subject, recipient, recipients, receipt, armored }, null, 2));
    else {
      process.stdout.write(armored);
      err(note);
    }
    return EXIT_OK;
  }
  try {
    mkdirSync(values.out, { recursive: true, mode: DIR_MODE });
  } catch (e) {
    throw new CliError(`cannot create ${clean(values.out)} (${e?.code ?? 'error'})`, EXIT_USAGE, 'output-unwritable');
  }
  const path = join(values.out, `${parsePath(file).name}.asc`);
  const emlPath = join(values.out, `${parsePath(file).name}.eml`);
  writeAtomically(path, armored);
  try {
    writeAtomically(emlPath, sealed.eml);
  } catch (e) {
    // Both or neither: a lone .asc would look like a complete result.
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
    throw e;
  }
  if (values.json) out(terminalJson({ file, fingerprint, to, subject, recipient, recipients, receipt, out: path, eml: emlPath }, null, 2));
  else {
    out(path);
    out(emlPath);
    err(note);
  }
  return EXIT_OK;
}

/** A media type from a file's extension, for the few kinds reporters attach; else none (octet-stream). */
function mediaTypeOf(path) {
  const types = {
    png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
    txt: 'text/plain', log: 'text/plain', md: 'text/markdown', json: 'application/json', xml: 'application/xml',
    html: 'text/html', pdf: 'application/pdf', zip: 'application/zip', gz: 'application/gzip',
    pcap: 'application/vnd.tcpdump.pcap', pcapng: 'application/vnd.tcpdump.pcap', mp4: 'video/mp4',
    har: 'application/json', py: 'text/x-python', sh: 'text/x-shellscript',
  };
  const ext = parsePath(path).ext.slice(1).toLowerCase();
  return Object.hasOwn(types, ext) ? types[ext] : undefined;
}
