/**
 * What the CLI reads and writes: the wasm API (loaded on demand, with the core's size limits),
 * files read under a size limit before any byte is read, and files written through a temporary
 * file and a rename (or hard links that never overwrite), so nothing is half-written.
 */

import { readFileSync, statSync, writeFileSync, renameSync, unlinkSync, linkSync } from 'node:fs';
import { join, parse as parsePath } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CliError, EXIT_USAGE } from './errors.mjs';
import { clean } from './output.mjs';

/**
 * The core's limits on a report, a public key, attachments and a message to open, read from the
 * wasm modules when the API loads (`limits()`), never copied: checked before reading, so a huge
 * file is never loaded. Profiles and secret keys have no limit in the core: the CLI's own.
 */
let LIMITS = null;
export const limit = (name) => LIMITS[name];
export const MAX_SECRET_KEY_BYTES = 8 * 1024 * 1024;

/** Files that may hold report plaintext are readable by their owner only, in a folder only they can enter. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** The API over the wasm module, loaded only by commands that need it. */
export async function loadApi() {
  try {
    const api = await import('../node.mjs');
    LIMITS ??= api.limits();
    return api;
  } catch (e) {
    if (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'ENOENT') {
      throw new CliError(
        'the WebAssembly module is missing (pkg/wasm/): build it with `make wasm`',
        EXIT_USAGE,
        'wasm-missing',
      );
    }
    throw e;
  }
}

/**
 * Read a file as strict UTF-8 text, refusing what is too large before
 * reading it. Throws a CliError (exit 2) whose code is also a diagnostic code.
 */
export function readText(file, maxBytes, what = 'file') {
  const bytes = readBytes(file, maxBytes, what);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError('not valid UTF-8 text', EXIT_USAGE, 'invalid-utf8');
  }
}

/** Write `text` to `path` through a temporary file in the same directory, so `path` is never half-written. */
export function writeAtomically(path, text) {
  const { dir, base } = parsePath(path);
  const temp = join(dir, `.${base}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx', mode: FILE_MODE });
    renameSync(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // nothing was created
    }
    throw new CliError(`cannot write ${clean(path)} (${e?.code ?? 'error'})`, EXIT_USAGE, 'output-unwritable');
  }
}

export function tooLarge(what, maxBytes) {
  const limit = maxBytes >= 1 << 20 && maxBytes % (1 << 20) === 0 ? `${maxBytes >> 20} MiB` : `${maxBytes} bytes`;
  return new CliError(`${what} is larger than ${limit}`, EXIT_USAGE, 'input-too-large');
}

/** Read a file as bytes, refusing what is too large before reading it (exit 2). */
export function readBytes(file, maxBytes, what = 'file') {
  let bytes;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new CliError('is a directory', EXIT_USAGE, 'file-unreadable');
    if (st.size > maxBytes) throw tooLarge(what, maxBytes);
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (e?.code === 'ENOENT') throw new CliError('no such file', EXIT_USAGE, 'file-not-found');
    if (e?.code === 'EACCES') throw new CliError('permission denied', EXIT_USAGE, 'file-unreadable');
    throw new CliError(`cannot read it (${e?.code ?? 'error'})`, EXIT_USAGE, 'file-unreadable');
  }
  // A pipe or device has no size to check beforehand.
  if (bytes.length > maxBytes) throw tooLarge(what, maxBytes);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/**
 * A file name from a message made safe to create in DIR: no directory part, no control or bidi
 * characters, no characters Windows refuses, no leading dot (hidden file), at most 200 characters.
 */
export function safeName(name) {
  let n = String(name).split(/[\\/]/).pop() ?? '';
  n = n.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069<>:"|?*]/gu, '_');
  n = n.replace(/^[.\s]+/, '_').replace(/[.\s]+$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(n)) n = `_${n}`;
  if (n.length > 200) {
    const { name: stem, ext } = parsePath(n);
    n = stem.slice(0, 200 - Math.min(ext.length, 20)) + ext.slice(0, 20);
  }
  return n || 'attachment';
}

/**
 * Write every file of `files` ([{name, data}]) into `dir`, all or nothing, never overwriting: each
 * goes to a temporary file first; then each is hard-linked to a free name (`a.png`, `a-1.png`…;
 * link fails rather than replace an existing file), and the temporaries are removed. On failure,
 * what was linked is removed again. Returns the final paths.
 */
export function writeAllNoOverwrite(dir, files) {
  const temps = [];
  const linked = [];
  try {
    for (const f of files) {
      const temp = join(dir, `.psirt-open.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
      writeFileSync(temp, f.data, { flag: 'wx', mode: FILE_MODE });
      temps.push(temp);
    }
    files.forEach((f, i) => {
      const { name: stem, ext } = parsePath(f.name);
      for (let n = 0; ; n++) {
        const path = join(dir, n === 0 ? f.name : `${stem}-${n}${ext}`);
        try {
          linkSync(temps[i], path);
          linked.push(path);
          break;
        } catch (e) {
          if (e?.code !== 'EEXIST' || n > 9999) throw e;
        }
      }
    });
    return linked;
  } catch (e) {
    for (const p of linked) {
      try {
        unlinkSync(p);
      } catch {
        // already gone
      }
    }
    throw new CliError(`cannot write into ${clean(dir)} (${e?.code ?? 'error'})`, EXIT_USAGE, 'output-unwritable');
  } finally {
    for (const t of temps) {
      try {
        unlinkSync(t);
      } catch {
        // already gone
      }
    }
  }
}
