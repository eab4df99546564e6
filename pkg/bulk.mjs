/**
 * Bulk submission (Node only): read many reports (a folder, a JSON Lines file or a CSV file),
 * validate, scan and seal each one on worker threads, write `NAME.asc` and `NAME.eml` into the
 * output folder, deliver them (SMTP through nodemailer, or an HTTP POST to an intake endpoint)
 * and keep a journal there, so that a run killed at any moment and started again finishes the
 * job without losing a report or sending one twice.
 *
 *   import { bulk } from 'psirt-report/bulk';
 *   const run = bulk('findings/', { out: 'sealed/', key, profile: 'demo', smtp: 'smtp://mx:25', from });
 *   for await (const result of run) console.log(result.name, result.status);
 *   const summary = await run.summary;      // also written to sealed/summary.json
 *
 * **The journal** (`OUT/journal.jsonl`) is an append-only log, one JSON record per line, each
 * carrying a SHA-256 checksum of itself (`sum`) and written with fsync before the step it
 * announces is taken: `read` (the report's content hash), `sealed` (ciphertext hash and
 * Message-ID, after both files are on disk), `sending` (before each delivery attempt), then
 * `sent` (the server's reply) or `failed`, and `invalid` / `blocked`. It holds names, hashes,
 * states and replies, never report content. At start it is read (a torn last line fails its
 * checksum and is dropped) and rewritten compacted, one record per report, atomically.
 *
 * **Exactly once.** A report already `sent` with the same content hash is not sent again. A report
 * `sealed` is delivered from its files (the same ciphertext, the same Message-ID). A report left
 * in `sending` by a killed run is *in doubt*: the server may have accepted it just before the kill
 * (RFC 1047); it is sent again with the same Message-ID, so the receiver can drop the copy.
 * `in_doubt` counts such attempts (a connection cut without a reply counts too): the server holds
 * at most 1 + in_doubt copies. That window is the wait for the reply to the final dot; no SMTP
 * client can close it. A
 * report whose content changed since it was sealed is sealed again (`resealed`).
 *
 * Statuses: `sent`, `sealed` (dry run), `invalid` (with its errors), `blocked` (critical
 * findings, unless `allowFindings`), `failed` (with the reason), `duplicate` (same content as
 * an earlier report of the run, which alone is sent).
 */

import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  existsSync,
} from 'node:fs';
import { fsync, write, promises as fsp } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as api from './node.mjs';

const { InputError, KeyError } = api;

export const JOURNAL = 'journal.jsonl';
export const SUMMARY = 'summary.json';
const TEMP_PREFIX = '.psirt-bulk.';

// ---------------------------------------------------------------------------- files

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** fsync a directory, so a rename in it survives a power cut (a no-op where unsupported). */
function syncDir(dir) {
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
export function writeFileAtomic(path, data, { syncDirectory = true } = {}) {
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
class GroupCommit {
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
async function writeFileAtomicAsync(path, data) {
  const temp = join(dirname(path), `${TEMP_PREFIX}${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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
    throw new InputError(`cannot write ${path} (${e?.code ?? 'error'})`, { code: 'output-unwritable', cause: e });
  }
}

async function syncDirAsync(dir) {
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
function removeStaleTemps(dir) {
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

// ---------------------------------------------------------------------------- reading sources

/** A file name usable in the output folder, from a source name. */
function safeStem(stem) {
  const s = String(stem)
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._]+/, '')
    .slice(0, 120);
  return s || 'report';
}

/** What the schema says the value at `path` (['affected', '0', 'versions']) is. */
function schemaTypeAt(schema, segments) {
  let node = schema;
  const deref = (n) => {
    let x = n;
    for (let i = 0; i < 8 && x && typeof x.$ref === 'string'; i++) {
      const name = x.$ref.replace('#/$defs/', '');
      x = { ...schema.$defs?.[name], ...Object.fromEntries(Object.entries(x).filter(([k]) => k !== '$ref')) };
    }
    return x;
  };
  for (const seg of segments) {
    node = deref(node);
    if (!node) return undefined;
    if (/^\d+$/.test(seg) && node.items) node = node.items;
    else if (node.properties && Object.hasOwn(node.properties, seg)) node = node.properties[seg];
    else return undefined;
  }
  node = deref(node);
  if (!node) return undefined;
  if (node.type === 'array') return { type: 'array', items: deref(node.items)?.type };
  if (node.type) return { type: node.type };
  if (node.enum || node.const) return { type: 'string' };
  return undefined;
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'x', 'oui', 'vrai']);
const FALSE = new Set(['false', 'no', 'n', '0', 'non', 'faux', '']);

/** Set `value` at a dotted path in `obj`, making objects and arrays on the way. */
function setPath(obj, segments, value) {
  let node = obj;
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    const key = /^\d+$/.test(seg) ? Number(seg) : seg;
    if (last) node[key] = value;
    else {
      if (node[key] === undefined) node[key] = /^\d+$/.test(segments[i + 1]) ? [] : {};
      node = node[key];
    }
  });
}

/**
 * The CSV mapping: `{columns: {"CSV column": "field.path"}, defaults?: {…report fields…}}`,
 * or a bare `{"CSV column": "field.path"}`. A path is the widget's naming (`title`,
 * `reporter.email`, `affected.0.product`, `commitments.no_exploitation`); the schema gives the
 * value its type: booleans from yes/no/true/false/1/0, numbers, and arrays (`cwe`,
 * `affected.0.versions`) split on `;`. The special path `attachments` lists files (`;`),
 * relative to the CSV file. Without a mapping, each column's header is its field path.
 */
export function normaliseMap(map, header) {
  if (map === undefined || map === null) {
    return { columns: Object.fromEntries(header.map((h) => [h, h])), defaults: {} };
  }
  if (typeof map !== 'object' || Array.isArray(map)) {
    throw new InputError('the CSV mapping must be a JSON object: {"columns": {"Column": "field.path"}}', {
      code: 'map-invalid',
    });
  }
  const columns = map.columns ?? Object.fromEntries(Object.entries(map).filter(([k]) => k !== 'defaults'));
  const defaults = map.defaults ?? {};
  for (const [col, path] of Object.entries(columns)) {
    if (typeof path !== 'string' || !/^[a-z_]+(\.([a-z_0-9]+))*$/.test(path)) {
      throw new InputError(`the CSV mapping of column "${col}" is not a field path like affected.0.product`, {
        code: 'map-invalid',
      });
    }
  }
  if (typeof defaults !== 'object' || Array.isArray(defaults)) {
    throw new InputError('the CSV mapping\'s "defaults" must be an object of report fields', { code: 'map-invalid' });
  }
  return { columns, defaults };
}

/**
 * One CSV row as a report. Returns `{report, attachments}` or throws an InputError whose message
 * names the column, never the cell's value.
 */
function rowToReport(row, header, mapping, schema, baseDir, limits) {
  const report = structuredClone(mapping.defaults);
  const attachments = [];
  header.forEach((col, i) => {
    const path = mapping.columns[col];
    if (path === undefined) return;
    const cell = String(row[i] ?? '').trim();
    if (path === 'attachments') {
      for (const rel of cell.split(';').map((s) => s.trim()).filter(Boolean)) {
        const { file, data } = readAttachment(baseDir, rel, limits, `column "${col}"`);
        attachments.push({ name: basename(file), data });
      }
      return;
    }
    if (cell === '') return;
    const segments = path.split('.');
    const type = schemaTypeAt(schema, segments);
    let value = cell;
    if (type?.type === 'boolean') {
      const v = cell.toLowerCase();
      if (TRUE.has(v)) value = true;
      else if (FALSE.has(v)) value = false;
      else throw new InputError(`column "${col}": ${path} must be yes or no`, { code: 'csv-value-invalid' });
    } else if (type?.type === 'integer' || type?.type === 'number') {
      value = Number(cell);
      if (!Number.isFinite(value)) {
        throw new InputError(`column "${col}": ${path} must be a number`, { code: 'csv-value-invalid' });
      }
    } else if (type?.type === 'array') {
      value = cell.split(';').map((s) => s.trim()).filter(Boolean);
    }
    setPath(report, segments, value);
  });
  return { report, attachments };
}

async function csvItems(file, text, options, schema, limits) {
  const { parse } = await import('csv-parse/sync');
  const stem = safeStem(basename(file, extname(file)));
  let records;
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true });
  } catch (e) {
    return [{ name: stem, source: file, error: { code: 'csv-unreadable', message: `not readable CSV (${e.code ?? 'error'}, line ${e.lines ?? '?'})` } }];
  }
  if (records.length === 0) return [{ name: stem, source: file, error: { code: 'csv-empty', message: 'no header row' } }];
  const header = records[0].record.map((h) => String(h).trim());
  const mapping = normaliseMap(options.map, header);
  for (const col of Object.keys(mapping.columns)) {
    if (!header.includes(col)) {
      throw new InputError(`the CSV mapping names a column "${col}" that ${basename(file)} does not have`, {
        code: 'map-column-missing',
      });
    }
  }
  const items = [];
  // Rows are numbered as a spreadsheet shows them (the header is row 1), whatever line breaks
  // quoted cells hold.
  for (const [i, { record }] of records.slice(1).entries()) {
    const row = i + 2;
    const item = { name: `${stem}-row${row}`, source: `${file}:row ${row}` };
    if (record.length !== header.length) {
      item.error = {
        code: 'csv-row-invalid',
        message: `row ${row} has ${record.length} columns, the header has ${header.length}`,
      };
    } else {
      try {
        const { report, attachments } = rowToReport(record, header, mapping, schema, dirname(file), limits);
        item.text = JSON.stringify(report);
        item.attachments = attachments;
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        item.error = { code: e.code, message: `row ${row}: ${e.message}` };
      }
    }
    items.push(item);
  }
  return items;
}

/** Read an attachment named by path, relative to (and inside) `baseDir`. */
function readAttachment(baseDir, rel, limits, what) {
  const file = resolve(baseDir, rel);
  if (!file.startsWith(resolve(baseDir) + sep)) {
    throw new InputError(`${what}: attachment paths must stay inside the input's folder`, { code: 'attachment-outside' });
  }
  try {
    const st = statSync(file);
    if (!st.isFile()) throw Object.assign(new Error(), { code: 'EISDIR' });
    if (st.size > limits.attachment_bytes) throw Object.assign(new Error(), { code: 'EFBIG' });
    const data = readFileSync(file);
    return { file, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (e) {
    throw new InputError(`${what}: attachment ${rel} cannot be read (${e?.code ?? 'error'})`, { code: 'attachment-unreadable' });
  }
}

/**
 * A JSON report may name attachments by file instead of carrying them:
 * `{"name"?, "media_type"?, "path": "evidence/poc.png"}` (relative to the report's file). Those are
 * read, taken out of the JSON and attached as files; the rest of the text is left alone.
 */
function withPathAttachments(item, baseDir, limits) {
  if (!item.text || !item.text.includes('"path"')) return item;
  let value;
  try {
    value = JSON.parse(item.text);
  } catch {
    return item; // validation will say why
  }
  const list = value?.attachments;
  if (!Array.isArray(list) || !list.some((a) => a && typeof a.path === 'string')) return item;
  const attachments = [];
  try {
    value.attachments = list.filter((a) => {
      if (!a || typeof a.path !== 'string') return true;
      const { file, data } = readAttachment(baseDir, a.path, limits, '/attachments');
      attachments.push({ name: typeof a.name === 'string' ? a.name : basename(file), ...(typeof a.media_type === 'string' && { mediaType: a.media_type }), data });
      return false;
    });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { name: item.name, source: item.source, error: { code: e.code, message: e.message } };
  }
  if (value.attachments.length === 0) delete value.attachments;
  return { ...item, text: JSON.stringify(value), attachments };
}

function jsonlItems(file, text, limits) {
  const stem = safeStem(basename(file, extname(file)));
  const items = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    items.push(withPathAttachments({ name: `${stem}-line${i + 1}`, source: `${file}:${i + 1}`, text: line, attachments: [] }, dirname(file), limits));
  });
  if (items.length === 0) items.push({ name: stem, source: file, error: { code: 'file-empty', message: 'the file is empty' } });
  return items;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Read one input file as text within the core's limit; `{text}` or `{error}`. */
function readInput(file, maxBytes) {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    return { error: { code: e?.code === 'ENOENT' ? 'file-not-found' : 'file-unreadable', message: `cannot read it (${e?.code ?? 'error'})` } };
  }
  if (st.size > maxBytes) {
    return { error: { code: 'input-too-large', message: `larger than the limit of ${maxBytes} bytes` } };
  }
  if (st.size === 0) return { error: { code: 'file-empty', message: 'the file is empty' } };
  try {
    return { text: utf8.decode(readFileSync(file)) };
  } catch (e) {
    if (e instanceof TypeError) return { error: { code: 'invalid-utf8', message: 'not valid UTF-8 text' } };
    return { error: { code: 'file-unreadable', message: `cannot read it (${e?.code ?? 'error'})` } };
  }
}

async function fileItems(file, options, schema, limits) {
  const ext = extname(file).toLowerCase();
  const maxBytes = ext === '.json' ? limits.report_bytes : limits.report_bytes * 4;
  const { text, error } = readInput(file, maxBytes);
  const stem = safeStem(basename(file, extname(file)));
  if (error) return [{ name: stem, source: file, error }];
  if (ext === '.jsonl' || ext === '.ndjson') return jsonlItems(file, text, limits);
  if (ext === '.csv') return csvItems(file, text, options, schema, limits);
  return [withPathAttachments({ name: stem, source: file, text, attachments: [] }, dirname(file), limits)];
}

/** Every report of the source, in a stable order, with unique names. */
export async function readSource(source, options, limits) {
  const schema = api.schema();
  let st;
  try {
    st = statSync(source);
  } catch (e) {
    throw new InputError(`${source}: no such file or folder`, { code: e?.code === 'ENOENT' ? 'file-not-found' : 'file-unreadable' });
  }
  let items = [];
  if (st.isDirectory()) {
    const out = options.out ? resolve(options.out) : null;
    const files = readdirSync(source, { withFileTypes: true })
      .filter((d) => d.isFile() && !d.name.startsWith('.') && /\.(json|jsonl|ndjson|csv)$/i.test(d.name))
      .map((d) => join(source, d.name))
      .filter((f) => resolve(f) !== out)
      .sort();
    for (const f of files) items.push(...(await fileItems(f, options, schema, limits)));
  } else {
    const ext = extname(source).toLowerCase();
    if (!['.json', '.jsonl', '.ndjson', '.csv'].includes(ext)) {
      throw new InputError(`${source}: give a folder, a .jsonl file or a .csv file`, { code: 'source-type' });
    }
    items = await fileItems(source, options, schema, limits);
  }
  const seen = new Map();
  for (const item of items) {
    const n = seen.get(item.name) ?? 0;
    seen.set(item.name, n + 1);
    if (n > 0) item.name = `${item.name}~${n + 1}`;
  }
  return items;
}

// ---------------------------------------------------------------------------- workers

class SealPool {
  constructor(size, data) {
    this.workers = [];
    this.idle = [];
    this.queue = [];
    this.pending = new Map();
    this.next = 0;
    for (let i = 0; i < size; i++) {
      const w = new Worker(new URL('./bulk-worker.mjs', import.meta.url), { workerData: data });
      w.on('message', (msg) => {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        this.idle.push(w);
        this.pump();
        p.resolve(msg);
      });
      w.on('error', (e) => {
        const failed = (id) => ({ id, status: 'failed', reason: { code: 'internal', message: `sealing worker failed: ${e.message}` } });
        for (const [id, p] of this.pending) {
          if (p.worker === w) {
            this.pending.delete(id);
            p.resolve(failed(id));
          }
        }
        // A dead worker takes no more jobs; with none left, what is queued fails instead of waiting.
        this.workers = this.workers.filter((x) => x !== w);
        this.idle = this.idle.filter((x) => x !== w);
        if (this.workers.length === 0) for (const job of this.queue.splice(0)) job.resolve(failed(-1));
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  seal(text, attachments) {
    return new Promise((resolvePromise) => {
      this.queue.push({ text, attachments, resolve: resolvePromise });
      this.pump();
    });
  }

  pump() {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop();
      const job = this.queue.shift();
      const id = this.next++;
      this.pending.set(id, { resolve: job.resolve, worker: w });
      w.postMessage({ id, text: job.text, attachments: job.attachments });
    }
  }

  async close() {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

// ---------------------------------------------------------------------------- delivery

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A delivery failure: `temporary` ones are retried with backoff, permanent ones are not. */
class DeliveryError extends Error {
  constructor(message, { code, temporary, reply, inDoubt = false }) {
    super(message);
    this.code = code;
    this.temporary = temporary;
    this.reply = reply;
    /** The connection failed after the message may have been taken (no reply seen). */
    this.inDoubt = inDoubt;
  }
}

/** Parse and check an SMTP URL; credentials come from the environment, never from the URL. */
export function smtpOptions(url, env = process.env) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new InputError('--smtp must be a URL: smtp://host:port or smtps://host:port', { code: 'smtp-url-invalid' });
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') {
    throw new InputError('--smtp must start with smtp:// or smtps://', { code: 'smtp-url-invalid' });
  }
  if (u.username || u.password) {
    throw new InputError(
      'the SMTP URL must not hold credentials (they would show in the process list): set PSIRT_SMTP_USER and PSIRT_SMTP_PASSWORD',
      { code: 'smtp-credentials-in-url' },
    );
  }
  const secure = u.protocol === 'smtps:';
  const auth = env.PSIRT_SMTP_USER ? { user: env.PSIRT_SMTP_USER, pass: env.PSIRT_SMTP_PASSWORD ?? '' } : undefined;
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: Number(u.port || (secure ? 465 : 587)),
    secure,
    auth,
  };
}

async function smtpSender({ url, from, connections, timeoutMs }) {
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    ...smtpOptions(url),
    pool: true,
    maxConnections: connections,
    maxMessages: 1000,
    // STARTTLS whenever the server offers it (nodemailer's default); set PSIRT_SMTP_REQUIRE_TLS=1
    // to refuse a server that does not.
    requireTLS: process.env.PSIRT_SMTP_REQUIRE_TLS === '1',
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
    debug: false,
  });
  return {
    async send({ eml, to }) {
      try {
        const info = await transport.sendMail({ envelope: { from, to: [to] }, raw: eml });
        return { reply: String(info.response ?? '').slice(0, 300) };
      } catch (e) {
        // TLS required but not offered, or a certificate that does not verify: retrying cannot help.
        if (e?.code === 'ETLS') {
          throw new DeliveryError(`TLS: ${e?.message ?? e}`.slice(0, 300), { code: 'smtp-tls', temporary: false });
        }
        const status = Number(e?.responseCode);
        const reply = e?.response ? String(e.response).slice(0, 300) : undefined;
        if (status >= 500 && status < 600) {
          throw new DeliveryError(reply ?? `refused (${status})`, { code: 'smtp-refused', temporary: false, reply });
        }
        if (status >= 400 && status < 500) {
          throw new DeliveryError(reply ?? `deferred (${status})`, { code: 'smtp-deferred', temporary: true, reply });
        }
        // No reply at all: connection refused, dropped (e.g. in the middle of DATA), timed out.
        // Unless it never connected, the server may have taken the message before the cut.
        const neverConnected = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN/.test(`${e?.code} ${e?.originalCode} ${e?.message}`);
        throw new DeliveryError(`${e?.code ?? 'error'}: ${e?.message ?? e}`.slice(0, 300), {
          code: 'smtp-connection',
          temporary: true,
          inDoubt: !neverConnected,
        });
      }
    },
    close: () => transport.close(),
  };
}

/** POST the .eml (`message/rfc822`) with the Message-ID as `Idempotency-Key`. */
export function postUrl(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new InputError('--post must be an https:// URL', { code: 'post-url-invalid' });
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
    throw new InputError('--post must be an https:// URL (http:// only to this machine)', { code: 'post-url-invalid' });
  }
  if (u.username || u.password) {
    throw new InputError('the POST URL must not hold credentials: set PSIRT_POST_TOKEN', { code: 'post-credentials-in-url' });
  }
  return u;
}

function postSender({ url, timeoutMs }) {
  const u = postUrl(url);
  const token = process.env.PSIRT_POST_TOKEN;
  return {
    async send({ eml, messageId }) {
      let res;
      try {
        res = await fetch(u, {
          method: 'POST',
          headers: {
            'content-type': 'message/rfc822',
            'idempotency-key': messageId,
            ...(token && { authorization: `Bearer ${token}` }),
          },
          body: eml,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        const code = e?.cause?.code ?? e?.name ?? 'error';
        throw new DeliveryError(`${code}: no answer`, {
          code: 'post-connection',
          temporary: true,
          inDoubt: !/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN/.test(code),
        });
      }
      const reply = `${res.status} ${res.statusText}`.trim();
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { reply };
      const temporary = res.status >= 500 || [408, 425, 429].includes(res.status);
      throw new DeliveryError(reply, { code: temporary ? 'post-deferred' : 'post-refused', temporary, reply });
    },
    close() {},
  };
}

// ---------------------------------------------------------------------------- the run

/** A small async queue: the run pushes results, the iterator pulls them. */
class Channel {
  constructor() {
    this.items = [];
    this.waiting = null;
    this.done = false;
    this.error = null;
  }
  push(v) {
    this.items.push(v);
    this.wake();
  }
  end(error = null) {
    this.done = true;
    this.error = error;
    this.wake();
  }
  wake() {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }
  async *[Symbol.asyncIterator]() {
    for (;;) {
      if (this.items.length) yield this.items.shift();
      else if (this.done) {
        if (this.error) throw this.error;
        return;
      }
      else await new Promise((r) => (this.waiting = r));
    }
  }
}

function check(options) {
  if (options === null || typeof options !== 'object') {
    throw new InputError('bulk(source, options) needs options: {out, key, …}', { code: 'input-type' });
  }
  if (typeof options.out !== 'string' || options.out === '') {
    throw new InputError('bulk needs an output folder (--out DIR)', { code: 'bulk-out-missing' });
  }
  const modes = [options.smtp !== undefined, options.post !== undefined, options.dryRun === true].filter(Boolean);
  if (modes.length !== 1) {
    throw new InputError('bulk needs exactly one of --smtp URL (with --from), --post URL or --dry-run', {
      code: 'bulk-mode',
    });
  }
  if (options.smtp !== undefined && (typeof options.from !== 'string' || !/^[^\s@<>]+@[^\s@<>]+$/.test(options.from))) {
    throw new InputError('--smtp needs --from ADDRESS, the envelope sender (a plain address)', { code: 'bulk-from-missing' });
  }
  if (options.source !== undefined && resolve(options.out) === resolve(options.source)) {
    throw new InputError('--out must not be the source folder: summary.json would be read as a report next time', {
      code: 'bulk-out-is-source',
    });
  }
  if (options.smtp !== undefined) smtpOptions(options.smtp, {});
  if (options.post !== undefined) postUrl(options.post);
  const c = options.concurrency;
  if (c !== undefined && !(Number.isInteger(c) && c >= 1 && c <= 64)) {
    throw new InputError('--concurrency must be a whole number from 1 to 64', { code: 'bulk-concurrency' });
  }
}

/**
 * Run a bulk submission. Returns an async iterable of per-report results (in the order they
 * finish) with a `summary` promise (the object also written to `OUT/summary.json`) and `total`
 * (a promise of the number of reports, known once the source is read).
 *
 * @param {string} source  a folder (`*.json`, `*.jsonl`, `*.csv` in it), a `.jsonl` or a `.csv` file
 * @param {object} options  `{out, key, pin?, profile?, today?, smtp?, from?, post?, dryRun?,
 *   concurrency?, smtpConnections?, allowFindings?, map?, retries?, retryDelayMs?, timeoutMs?}`
 */
export function bulk(source, options) {
  const channel = new Channel();
  let resolveTotal;
  let rejectTotal;
  const total = new Promise((r, j) => {
    resolveTotal = r;
    rejectTotal = j;
  });
  total.catch(() => undefined);
  const summary = run(source, options ?? null, channel, resolveTotal).then(
    (s) => {
      channel.end();
      return s;
    },
    (e) => {
      rejectTotal(e);
      channel.end(e);
      throw e;
    },
  );
  summary.catch(() => undefined);
  return {
    summary,
    total,
    [Symbol.asyncIterator]: () => channel[Symbol.asyncIterator](),
  };
}

async function run(source, options, channel, announceTotal) {
  check(options === null ? null : { ...options, source });
  const limits = api.limits();
  const keyBytes = typeof options.key === 'string' && !options.key.includes('-----BEGIN')
    ? readKey(options.key, limits)
    : options.key;
  if (keyBytes === undefined) throw new InputError('bulk needs the PSIRT public key (--key KEY.asc)', { code: 'bulk-key-missing' });
  // The key first: a wrong key stops everything before anything is read or written (exit 3).
  const recipient = api.loadRecipient(keyBytes, { pin: options.pin, profile: options.profile });

  let map = options.map;
  if (typeof map === 'string') {
    try {
      map = JSON.parse(readFileSync(map, 'utf8'));
    } catch (e) {
      throw new InputError(`the CSV mapping ${map} is not readable JSON (${e?.code ?? 'syntax'})`, { code: 'map-invalid' });
    }
  }
  const items = await readSource(source, { ...options, map }, limits);

  // Only now, with a good key and a readable source, is anything written.
  const out = options.out;
  try {
    mkdirSync(out, { recursive: true });
  } catch (e) {
    throw new InputError(`cannot create ${out} (${e?.code ?? 'error'})`, { code: 'output-unwritable' });
  }
  removeStaleTemps(out);
  const journal = new Journal(out);
  const dirSync = new GroupCommit(() => syncDirAsync(out));
  const started = new Date().toISOString();
  const settings = { fingerprint: recipient.fingerprint, profile: typeof options.profile === 'string' ? options.profile : options.profile ? 'custom' : 'thales' };
  const mode = options.dryRun ? 'dry-run' : options.smtp !== undefined ? 'smtp' : 'post';

  // Content hashes: the report text, its attachments, and what sealing depends on.
  for (const item of items) {
    if (item.error) continue;
    const h = createHash('sha256').update(JSON.stringify(settings)).update('\0').update(item.text);
    for (const a of item.attachments) h.update('\0').update(a.name).update('\0').update(sha256(a.data));
    item.hash = h.digest('hex');
  }
  const priors = new Map(items.map((i) => [i.name, journal.get(i.name)]));
  await journal.append(
    ...items.filter((i) => i.hash && journal.get(i.name)?.hash !== i.hash).map((i) => ({ name: i.name, state: 'read', hash: i.hash, source: i.source })),
  );
  announceTotal(items.length);

  const results = [];
  const emit = (r) => {
    results.push(r);
    channel.push(r);
  };
  const firstByHash = new Map();
  const toSeal = [];
  const toDeliver = [];

  for (const item of items) {
    const base = { name: item.name, source: item.source };
    if (item.error) {
      emit({ ...base, status: 'invalid', errors: [{ path: '', ...item.error }] });
      continue;
    }
    if (firstByHash.has(item.hash)) {
      emit({ ...base, status: 'duplicate', duplicate_of: firstByHash.get(item.hash) });
      continue;
    }
    firstByHash.set(item.hash, item.name);
    const prior = priors.get(item.name);
    const same = prior && prior.hash === item.hash;
    item.resealed = Boolean(prior && prior.sha256 && !same);
    if (same && prior.state === 'sent' && mode !== 'dry-run') {
      emit({ ...base, status: 'sent', resumed: true, ...pick(prior, ['fingerprint', 'sha256', 'message_id', 'reply', 'in_doubt']) });
      continue;
    }
    if (same && ['sealed', 'sending', 'sent', 'failed'].includes(prior.state) && prior.sha256 && filesIntact(out, item.name, prior)) {
      item.sealed = { fingerprint: prior.fingerprint, sha256: prior.sha256, message_id: prior.message_id, to: prior.to };
      // Attempts whose outcome is unknown: a run killed while sending adds one.
      item.inDoubt = (prior.in_doubt ?? 0) + (prior.state === 'sending' ? 1 : 0);
      if (mode === 'dry-run') emit({ ...base, status: 'sealed', resumed: true, ...item.sealed, files: files(out, item.name) });
      else toDeliver.push(item);
      continue;
    }
    toSeal.push(item);
  }

  const deliver = mode === 'dry-run' ? null : await deliveryQueue(options, mode, journal, out, emit);
  for (const item of toDeliver) deliver.push(item);

  if (toSeal.length > 0) {
    const size = Math.min(options.concurrency ?? availableParallelism(), toSeal.length);
    const pool = new SealPool(size, {
      key: keyBytes,
      pin: options.pin,
      profile: options.profile,
      today: options.today,
      allowFindings: options.allowFindings === true,
    });
    try {
      await Promise.all(
        toSeal.map(async (item) => {
          const r = await pool.seal(item.text, item.attachments);
          item.text = undefined; // no plaintext kept longer than needed
          const base = { name: item.name, source: item.source, ...(item.resealed && { resealed: true }) };
          if (r.status === 'invalid') {
            await journal.append({ name: item.name, state: 'invalid', hash: item.hash });
            emit({ ...base, status: 'invalid', errors: r.errors });
          } else if (r.status === 'blocked') {
            await journal.append({ name: item.name, state: 'blocked', hash: item.hash });
            emit({ ...base, status: 'blocked', findings: r.findings });
          } else if (r.status === 'failed') {
            await journal.append({ name: item.name, state: 'failed', hash: item.hash, reason: r.reason.code });
            emit({ ...base, status: 'failed', reason: r.reason });
          } else {
            const sealed = await writeSealed(out, item.name, r, options.from, dirSync);
            item.sealed = sealed;
            await journal.append({ name: item.name, state: 'sealed', hash: item.hash, ...sealed });
            if (deliver) deliver.push(item);
            else emit({ ...base, status: 'sealed', ...sealed, files: files(out, item.name) });
          }
        }),
      );
    } finally {
      await pool.close();
    }
  }
  if (deliver) await deliver.finish();
  journal.close();

  const summary = makeSummary({ source, out, mode, started, recipient, items, results });
  writeFileAtomic(join(out, SUMMARY), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

function readKey(path, limits) {
  try {
    const st = statSync(path);
    if (st.size > limits.key_bytes) throw new KeyError(`the key file is larger than ${limits.key_bytes} bytes`, { code: 'key-unreadable' });
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    if (e instanceof KeyError) throw e;
    throw new InputError(`the key ${path} cannot be read (${e?.code ?? 'error'})`, { code: e?.code === 'ENOENT' ? 'file-not-found' : 'file-unreadable' });
  }
}

const pick = (o, keys) => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
const files = (out, name) => ({ asc: join(out, `${name}.asc`), eml: join(out, `${name}.eml`) });

/** Both files present and the .asc still the ciphertext the journal recorded. */
function filesIntact(out, name, prior) {
  const f = files(out, name);
  if (!existsSync(f.eml)) return false;
  try {
    return sha256(readFileSync(f.asc)) === prior.sha256;
  } catch {
    return false;
  }
}

/** Write NAME.asc and NAME.eml (each atomically), then sync the folder (shared with concurrent writes). */
async function writeSealed(out, name, r, from, dirSync) {
  const f = files(out, name);
  // The envelope sender goes in the .eml's From, so the file is exactly what is sent.
  const eml = from ? `From: ${from}\r\n${r.eml}` : r.eml;
  await Promise.all([writeFileAtomicAsync(f.asc, r.armored), writeFileAtomicAsync(f.eml, eml)]);
  await dirSync.request();
  const messageId = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(r.eml)?.[1];
  return { fingerprint: r.fingerprint, to: r.to, sha256: sha256(r.armored), message_id: messageId };
}

/**
 * The .eml to send, with `From: <from>` as its first header: a file sealed by a dry run (no From)
 * or with another --from gets it now, rewritten atomically, so the file stays what was sent.
 */
async function withFrom(path, from) {
  const eml = await fsp.readFile(path, 'utf8');
  if (!from) return eml;
  const body = eml.startsWith('From: ') ? eml.slice(eml.indexOf('\r\n') + 2) : eml;
  const wanted = `From: ${from}\r\n${body}`;
  if (wanted !== eml) await writeFileAtomicAsync(path, wanted);
  return wanted;
}

async function deliveryQueue(options, mode, journal, out, emit) {
  const connections = options.smtpConnections ?? 3;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const sender = mode === 'smtp'
    ? await smtpSender({ url: options.smtp, from: options.from, connections, timeoutMs })
    : postSender({ url: options.post, timeoutMs });
  const retries = options.retries ?? 4;
  const baseDelay = options.retryDelayMs ?? 1000;
  // A connection slot is held only for what must come before the next message: the `sending`
  // record (durable before the attempt) and the SMTP transaction. The `sent`/`failed` record and
  // a retry's backoff run without a slot.
  const queue = [];
  let active = 0;
  let unfinished = 0;
  let idle = null;
  let fatal = null;
  const finished = () => {
    unfinished--;
    if (unfinished === 0) idle?.();
  };
  const wake = () => {
    while (active < connections && queue.length > 0) {
      active++;
      const item = queue.shift();
      attempt(item)
        .catch((e) => {
          fatal ??= e;
          finished();
        })
        .finally(() => {
          active--;
          wake();
        });
    }
  };
  const record = (item, entry, result) => {
    const inDoubt = item.inDoubt > 0 ? { in_doubt: item.inDoubt } : {};
    journal
      .append({ name: item.name, hash: item.hash, ...item.sealed, ...entry, ...inDoubt })
      .then(() => emit({ ...item.base, ...result, attempts: item.attempt, ...inDoubt }))
      .catch((e) => {
        fatal ??= e;
      })
      .finally(() => {
        item.eml = undefined;
        finished();
      });
  };
  async function attempt(item) {
    if (item.eml === undefined) {
      item.base = { name: item.name, source: item.source, ...(item.resealed && { resealed: true }), ...item.sealed };
      delete item.base.to;
      item.eml = await withFrom(join(out, `${item.name}.eml`), options.from);
      item.attempt = 0;
    }
    item.attempt++;
    const inDoubt = item.inDoubt > 0 ? { in_doubt: item.inDoubt } : {};
    await journal.append({ name: item.name, state: 'sending', hash: item.hash, ...item.sealed, attempt: item.attempt, ...inDoubt });
    let reply;
    try {
      ({ reply } = await sender.send({ eml: item.eml, to: item.sealed.to, messageId: item.sealed.message_id }));
    } catch (caught) {
      const e = caught instanceof DeliveryError
        ? caught
        : new DeliveryError(`internal: ${caught?.message ?? caught}`, { code: 'internal', temporary: false });
      if (e.inDoubt) item.inDoubt = (item.inDoubt ?? 0) + 1;
      if (e.temporary && item.attempt <= retries) {
        const delay = Math.min(baseDelay * 2 ** (item.attempt - 1), 60_000) * (0.75 + Math.random() * 0.5);
        setTimeout(() => {
          queue.push(item);
          wake();
        }, delay);
        return;
      }
      const reason = { code: e.code, message: e.message, ...(e.reply && { reply: e.reply }) };
      record(item, { state: 'failed', reason: e.code, reply: e.reply, attempt: item.attempt }, { status: 'failed', reason });
      return;
    }
    record(item, { state: 'sent', reply }, { status: 'sent', reply });
  }
  return {
    push(item) {
      unfinished++;
      queue.push(item);
      wake();
    },
    async finish() {
      if (unfinished > 0) await new Promise((r) => (idle = r));
      await sender.close();
      if (fatal) throw fatal;
    },
  };
}

function makeSummary({ source, out, mode, started, recipient, items, results }) {
  const counts = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const goal = mode === 'dry-run' ? 'sealed' : 'sent';
  const ok = results.every((r) => r.status === goal || r.status === 'duplicate');
  const order = new Map(items.map((i, n) => [i.name, n]));
  return {
    source,
    out,
    mode,
    started,
    finished: new Date().toISOString(),
    recipient: recipient.fingerprint,
    total: items.length,
    counts,
    ok,
    reports: [...results].sort((a, b) => order.get(a.name) - order.get(b.name)),
  };
}
