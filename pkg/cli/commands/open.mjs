/**
 * `open MSG --secret-key KEY.asc` (the PSIRT's side): decrypt a message, an .mbox or every mail of a
 * Maildir, check and validate what it holds, print the text or write report.json and the
 * attachments into --out DIR without overwriting anything; optionally a CVE record draft.
 */

import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_KEY, apiFailure, usage } from '../errors.mjs';
import { clean, cleanBlock, err, out, printDiagnostics, terminalJson } from '../output.mjs';
import { DIR_MODE, MAX_SECRET_KEY_BYTES, limit, loadApi, readBytes, readText, safeName, writeAllNoOverwrite } from '../io.mjs';

/** Exit status of an open failure: the contract's 1 tampered/invalid, 2 unreadable, 3 key. */
const OPEN_EXIT = {
  'open-tampered': EXIT_INVALID,
  'open-payload-invalid': EXIT_INVALID,
  'open-unreadable': EXIT_USAGE,
  'open-too-large': EXIT_USAGE,
  'open-not-for-this-key': EXIT_KEY,
  'open-secret-key-unreadable': EXIT_KEY,
};

export async function cmdOpen(files, values, common) {
  if (values.maildir !== undefined) return cmdOpenMaildir(files, values, common);
  if (files.length !== 1) throw usage('open takes exactly one MSG (.asc or .eml)');
  if (values['secret-key'] === undefined) throw usage('open needs --secret-key KEY.asc, the PSIRT secret key');
  const [file] = files;
  // Loaded first: the size limit on the message comes from it.
  const api = await loadApi();
  const fail = (exit, code, message, kind) => {
    if (values.json) out(terminalJson({ file, error: { kind, code, message } }, null, 2));
    else err(`${clean(file)}: ${clean(code)}: ${clean(message)}`);
    return exit;
  };
  let message;
  let secretKey;
  let passphrase;
  try {
    message = readBytes(file, limit('message_bytes'), 'message');
    secretKey = readBytes(values['secret-key'], MAX_SECRET_KEY_BYTES, 'secret key');
    if (values['passphrase-file'] !== undefined) {
      passphrase = readText(values['passphrase-file'], 64 * 1024, 'passphrase file').split(/\r?\n/)[0];
    }
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    return fail(e.exit, e.code, e.message, 'input');
  }
  let all;
  try {
    // openAll: one mail, or each mail of an .mbox.
    all = api.openAll(message, { ...common, secretKey, passphrase, language: values.lang });
  } catch (e) {
    const code = e?.code ?? 'internal';
    if (!(code in OPEN_EXIT)) {
      const f = apiFailure(e);
      if (f.kind === 'internal') throw e;
      return fail(f.exit, f.code, f.message, f.kind);
    }
    return fail(OPEN_EXIT[code], code, e.message, 'open');
  }
  if (all.length === 0) return fail(EXIT_USAGE, 'open-unreadable', 'an empty mailbox', 'open');
  const several = all.length > 1;
  const results = all.map((one) => openOne(file, several ? one.index : undefined, one, values, api));
  if (values.json) out(terminalJson(several ? { file, messages: results.map((r) => r.json) } : results[0].json, null, 2));
  return Math.max(...results.map((r) => r.exit));
}

/** `open --maildir DIR`: every message of DIR/new and DIR/cur, each opened on its own. */
async function cmdOpenMaildir(files, values, common) {
  if (files.length !== 0) throw usage('open --maildir DIR takes no MSG');
  if (values['secret-key'] === undefined) throw usage('open needs --secret-key KEY.asc, the PSIRT secret key');
  const api = await loadApi();
  let secretKey;
  let passphrase;
  let names;
  try {
    secretKey = readBytes(values['secret-key'], MAX_SECRET_KEY_BYTES, 'secret key');
    if (values['passphrase-file'] !== undefined) {
      passphrase = readText(values['passphrase-file'], 64 * 1024, 'passphrase file').split(/\r?\n/)[0];
    }
    names = ['new', 'cur'].flatMap((sub) => {
      const dir = join(values.maildir, sub);
      return readdirSync(dir).filter((n) => !n.startsWith('.')).sort().map((n) => join(dir, n));
    });
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${clean(values.maildir)}: not a readable Maildir (${e?.code ?? 'error'})`, EXIT_USAGE, 'file-unreadable');
  }
  const results = [];
  for (const [i, path] of names.entries()) {
    let one;
    try {
      const message = readBytes(path, limit('message_bytes'), 'message');
      const [first] = api.openAll(message, { ...common, secretKey, passphrase, language: values.lang });
      one = first ?? { error: { code: 'open-unreadable', message: 'an empty file' } };
    } catch (e) {
      const code = e?.code ?? 'internal';
      if (!(code in OPEN_EXIT)) {
        const f = apiFailure(e);
        if (f.kind === 'internal') throw e;
        if (f.kind === 'key') throw new CliError(`${clean(f.code)}: ${clean(f.message)}`, f.exit, f.code);
        one = { error: { code: f.code, message: f.message } };
      } else one = { error: { code, message: e.message } };
    }
    const r = openOne(path, i + 1, { index: i + 1, ...one }, values, api);
    results.push(r);
  }
  if (values.json) out(JSON.stringify({ maildir: values.maildir, messages: results.map((r) => r.json) }, null, 2));
  else err(`${clean(values.maildir)}: ${names.length} message(s)`);
  return results.length ? Math.max(...results.map((r) => r.exit)) : EXIT_OK;
}

/** CWE titles by id from the package's CWE list, for the CVE draft's problem types. */
function cweNames() {
  try {
    const list = JSON.parse(readFileSync(new URL('../../widget/cwe-list.json', import.meta.url), 'utf8'));
    return Object.fromEntries(list.map(([id, name]) => [`CWE-${id}`, name]));
  } catch {
    return {};
  }
}

/** One opened mail of `open`: files written, text printed; returns {exit, json}. */
function openOne(file, index, one, values, api) {
  const where = index === undefined ? clean(file) : `${clean(file)}#${index}`;
  const at = index === undefined ? {} : { index };
  if (one.error) {
    const { code, message } = one.error;
    if (!values.json) err(`${where}: ${clean(code)}: ${clean(message)}`);
    return { exit: OPEN_EXIT[code] ?? EXIT_USAGE, json: { file, ...at, error: { kind: 'open', code, message } } };
  }
  const opened = one.opened;
  const { subject, recipient, diagnostics, attachments, structured, form, appeal } = opened;
  let exit = diagnostics.valid ? EXIT_OK : EXIT_INVALID;
  let draft;
  if (values['cve-draft']) {
    try {
      draft = api.cveDraft(opened, { cweNames: cweNames() });
    } catch (e) {
      if (!e?.code?.startsWith?.('cve-draft-')) throw e;
      if (!values.json) err(`${where}: ${clean(e.code)}: ${clean(e.message)}`);
      draft = { error: { code: e.code, message: e.message } };
      exit = Math.max(exit, EXIT_INVALID);
    }
  }
  let written = null;
  if (values.out !== undefined) {
    const dir = index === undefined ? values.out : join(values.out, String(index));
    try {
      mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    } catch (e) {
      throw new CliError(`cannot create ${clean(dir)} (${e?.code ?? 'error'})`, EXIT_USAGE, 'output-unwritable');
    }
    const files = attachments.map((a) => ({ name: safeName(a.name), data: a.data }));
    if (structured) files.unshift({ name: 'report.json', data: Buffer.from(`${terminalJson(opened.report, null, 2)}\n`, 'utf8') });
    else files.unshift({ name: 'message.txt', data: Buffer.from(opened.text, 'utf8') });
    if (draft && !draft.error) files.push({ name: 'cve-draft.json', data: Buffer.from(`${terminalJson(draft, null, 2)}\n`, 'utf8') });
    written = writeAllNoOverwrite(dir, files);
  }
  const json = {
    file,
    ...at,
    form,
    structured,
    subject,
    recipient,
    diagnostics,
    ...(appeal && { appeal }),
    attachments: attachments.map((a, i) => ({
      name: a.name,
      mediaType: a.mediaType,
      size: a.data.length,
      ...(written && { path: written[i + 1] }),
    })),
    ...(written && structured && { report: written[0] }),
    ...(written && !structured && { text: written[0] }),
    ...(draft && { cveDraft: draft }),
  };
  if (!values.json) {
    err(`${where}: subject: ${clean(subject)}`);
    err(`${where}: decrypted with key ${clean(recipient)} (${clean(form)}); ${attachments.length} attachment(s)`);
    if (!structured) err(`${where}: unstructured: no report.json in this message; shown as sent, not validated`);
    else printDiagnostics(where, diagnostics);
    if (appeal) {
      err(`${where}: appeal about ${clean(appeal.cna ?? '?')} (${clean(appeal.grounds ?? '?')}), received ${clean(appeal.received)}: acknowledgement due ${clean(appeal.acknowledgementDue)} (${clean(appeal.workingDays)} working days)`);
    }
    if (written) for (const p of written) out(clean(p));
    else if (draft && !draft.error) out(terminalJson(draft, null, 2));
    else {
      // The text part is the sender's: escape sequences and bidi controls are shown, never obeyed.
      const text = cleanBlock(opened.text);
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    }
  }
  return { exit, json };
}
