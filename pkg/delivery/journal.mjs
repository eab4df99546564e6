/**
 * Durable state for bulk submission and the intake: files written atomically (temp + fsync + rename, alone or many
 * at once), group commit, and the journal — an append-only log of checksummed JSON lines that
 * records each report's state (see bulk/index.mjs for what the states guarantee).
 */

import {
  closeSync,
  fsync,
  fsyncSync,
  openSync,
  promises as fsp,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  write,
  writeSync,
} from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../node.mjs';
import { own } from '../lib/own.js';

export const JOURNAL = 'journal.jsonl';
const TEMP_PREFIX = '.psirt-bulk.';

// ---------------------------------------------------------------------------- files

export const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** fsync a directory, so a rename in it survives a power cut (a no-op where unsupported). */
export function syncDir(dir) {
  let fd;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on a directory
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Write through a temporary file in the same folder: write, fsync, rename. Never half a file. */
export function writeFileAtomic(path, data, options = {}) {
  const syncDirectory = own(options, 'syncDirectory') ?? true;
  const temp = join(dirname(path), `${TEMP_PREFIX}${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd;
  try {
    fd = openSync(temp, 'wx', 0o600);
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // never created
    }
    throw new InputError(`cannot write ${path} (${e?.code ?? 'error'})`, { code: 'output-unwritable', cause: e });
  }
  if (syncDirectory) syncDir(dirname(path));
}

/**
 * Group commit: `request()` resolves after a run of `fn` that started after the request, so many
 * concurrent requests share one fsync (the kernel merges parallel fsyncs the same way).
 */
export class GroupCommit {
  constructor(fn) {
    this.fn = fn;
    this.running = null;
    this.waiting = [];
  }
  request() {
    return new Promise((resolvePromise, reject) => {
      this.waiting.push({ resolve: resolvePromise, reject });
      if (this.running === null) this.running = this.drain();
    });
  }
  async drain() {
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.fn();
        for (const w of batch) w.resolve();
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
    }
    this.running = null;
  }
}

/** The same as writeFileAtomic, off the main thread (libuv), so many files are written at once. */
export async function writeFileAtomicAsync(path, data) {
  const temp = join(dirname(path), `${TEMP_PREFIX}${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeDurably(temp, path, data);
  } catch (e) {
    throw new InputError(`cannot write ${path} (${e?.code ?? 'error'})`, { code: 'output-unwritable', cause: e });
  }
}

/**
 * Writes `data` to `temp` (created, never overwritten, mode 0600), fsyncs it, then renames it to
 * `path`; on any failure the temp file is removed and the error rethrown as it came. The rename is
 * durable once the directory holding `path` is synced (the caller's, often shared). Bulk's output
 * files and the intake's Maildir (tmp/ → new/) both write this way.
 */
export async function writeDurably(temp, path, data) {
  let handle;
  try {
    handle = await fsp.open(temp, 'wx', 0o600);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fsp.rename(temp, path);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fsp.unlink(temp).catch(() => undefined);
    throw e;
  }
}

export async function syncDirAsync(dir) {
  let handle;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // some file systems refuse fsync on a directory
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Temporary files a killed run left behind. */
export function removeStaleTemps(dir) {
  for (const f of readdirSync(dir)) {
    if (f.startsWith(TEMP_PREFIX) && f.endsWith('.tmp')) {
      try {
        unlinkSync(join(dir, f));
      } catch {
        // gone already
      }
    }
  }
}

// ---------------------------------------------------------------------------- journal

/**
 * The append-only journal: checksummed JSON lines. `append` resolves once its records are on
 * disk (write + fsync); concurrent appends share one fsync (group commit), in call order.
 */
export class Journal {
  /** Read `dir/journal.jsonl` (latest record per report), rewrite it compacted, open it for appending. */
  constructor(dir) {
    this.path = join(dir, JOURNAL);
    this.latest = Journal.read(this.path);
    const lines = [...this.latest.values()].map((r) => Journal.line(r)).join('');
    writeFileAtomic(this.path, lines);
    this.fd = openSync(this.path, 'a');
    this.pending = [];
    this.commit = new GroupCommit(async () => {
      const text = this.pending.join('');
      this.pending = [];
      if (text) await new Promise((ok, fail) => write(this.fd, text, (e) => (e ? fail(e) : ok())));
      await new Promise((ok, fail) => fsync(this.fd, (e) => (e ? fail(e) : ok())));
    });
  }

  static line(record) {
    const { sum: _ignored, ...rest } = record;
    const body = JSON.stringify(rest);
    return `${JSON.stringify({ ...rest, sum: sha256(body).slice(0, 16) })}\n`;
  }

  /** Latest valid record per name; lines that fail their checksum (a torn write) are skipped. */
  static read(path) {
    const latest = new Map();
    let text;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if (e?.code === 'ENOENT') return latest;
      throw new InputError(`cannot read the journal ${path} (${e?.code ?? 'error'})`, { code: 'journal-unreadable' });
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      let record;
      try {
        record = JSON.parse(line);
      } catch {
        continue;
      }
      const { sum, ...rest } = record ?? {};
      if (typeof sum !== 'string' || sha256(JSON.stringify(rest)).slice(0, 16) !== sum) continue;
      if (typeof rest.name === 'string') latest.set(rest.name, rest);
    }
    return latest;
  }

  /** Append records; resolves when they are durable. */
  append(...records) {
    if (records.length === 0) return Promise.resolve();
    this.pending.push(records.map((r) => Journal.line({ ...r, at: new Date().toISOString() })).join(''));
    for (const r of records) this.latest.set(r.name, r);
    return this.commit.request();
  }

  get(name) {
    return this.latest.get(name);
  }

  close() {
    closeSync(this.fd);
  }
}

