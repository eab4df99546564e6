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

import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as api from '../node.mjs';
import { GroupCommit, Journal, JOURNAL, removeStaleTemps, sha256, syncDirAsync, writeFileAtomic, writeFileAtomicAsync } from '../delivery/journal.mjs';
import { readSource, normaliseMap } from './source.mjs';
import { deliveryQueue, postUrl, smtpOptions } from '../delivery/smtp.mjs';
import { own } from '../lib/own.js';

const { InputError, KeyError } = api;

export { Journal, JOURNAL, normaliseMap, readSource, smtpOptions, writeFileAtomic };
export const SUMMARY = 'summary.json';

// ---------------------------------------------------------------------------- workers

class SealPool {
  constructor(size, data) {
    this.workers = [];
    this.idle = [];
    this.queue = [];
    this.pending = new Map();
    this.next = 0;
    for (let i = 0; i < size; i++) {
      // No prototype: Node reads every Worker option (`name`, `env`, `eval`…) through it.
      const w = new Worker(new URL('./worker.mjs', import.meta.url), { __proto__: null, workerData: data });
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
  if (typeof own(options, 'out') !== 'string' || own(options, 'out') === '') {
    throw new InputError('bulk needs an output folder (--out DIR)', { code: 'bulk-out-missing' });
  }
  const modes = [own(options, 'smtp') !== undefined, own(options, 'post') !== undefined, own(options, 'dryRun') === true].filter(Boolean);
  if (modes.length !== 1) {
    throw new InputError('bulk needs exactly one of --smtp URL (with --from), --post URL or --dry-run', {
      code: 'bulk-mode',
    });
  }
  if (own(options, 'smtp') !== undefined && (typeof own(options, 'from') !== 'string' || !/^[^\s@<>]+@[^\s@<>]+$/.test(own(options, 'from')))) {
    throw new InputError('--smtp needs --from ADDRESS, the envelope sender (a plain address)', { code: 'bulk-from-missing' });
  }
  if (own(options, 'source') !== undefined && resolve(own(options, 'out')) === resolve(own(options, 'source'))) {
    throw new InputError('--out must not be the source folder: summary.json would be read as a report next time', {
      code: 'bulk-out-is-source',
    });
  }
  if (own(options, 'smtp') !== undefined) {
    smtpOptions(own(options, 'smtp'), process.env, { insecurePlaintextLoopback: own(options, 'insecurePlaintextLoopback') === true });
  }
  if (own(options, 'post') !== undefined) postUrl(own(options, 'post'));
  const c = own(options, 'concurrency');
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
 *   concurrency?, smtpConnections?, allowFindings?, map?, retries?, retryDelayMs?, timeoutMs?,
 *   insecurePlaintextLoopback?}` (SMTP: TLS is required; `insecurePlaintextLoopback: true` lets a
 *   test server on this machine speak plaintext, never with credentials)
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
  const keyBytes = typeof own(options, 'key') === 'string' && !own(options, 'key').includes('-----BEGIN')
    ? readKey(own(options, 'key'), limits)
    : own(options, 'key');
  if (keyBytes === undefined) throw new InputError('bulk needs the PSIRT public key (--key KEY.asc)', { code: 'bulk-key-missing' });
  // The key first: a wrong key stops everything before anything is read or written (exit 3).
  const recipient = api.loadRecipient(keyBytes, { pin: own(options, 'pin'), profile: own(options, 'profile') });

  let map = own(options, 'map');
  if (typeof map === 'string') {
    try {
      map = JSON.parse(readFileSync(map, 'utf8'));
    } catch (e) {
      throw new InputError(`the CSV mapping ${map} is not readable JSON (${e?.code ?? 'syntax'})`, { code: 'map-invalid' });
    }
  }
  const items = await readSource(source, { ...options, map }, limits);

  // Only now, with a good key and a readable source, is anything written.
  const out = own(options, 'out');
  try {
    // 0700 (each folder created): it holds the sealed messages and the journal, which names
    // every report. A folder that already exists keeps the mode its owner gave it.
    mkdirSync(out, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new InputError(`cannot create ${out} (${e?.code ?? 'error'})`, { code: 'output-unwritable' });
  }
  removeStaleTemps(out);
  const journal = new Journal(out);
  const dirSync = new GroupCommit(() => syncDirAsync(out));
  const started = new Date().toISOString();
  const settings = { fingerprint: recipient.fingerprint, profile: typeof own(options, 'profile') === 'string' ? own(options, 'profile') : own(options, 'profile') ? 'custom' : 'thales' };
  const mode = own(options, 'dryRun') ? 'dry-run' : own(options, 'smtp') !== undefined ? 'smtp' : 'post';

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
      emit({ ...base, status: 'sent', resumed: true, ...pick(prior, ['fingerprint', 'recipients', 'sha256', 'message_id', 'reply', 'in_doubt', 'receipt']) });
      continue;
    }
    if (same && ['sealed', 'sending', 'sent', 'failed'].includes(prior.state) && prior.sha256 && filesIntact(out, item.name, prior)) {
      item.sealed = { fingerprint: prior.fingerprint, ...(prior.recipients && { recipients: prior.recipients }), sha256: prior.sha256, message_id: prior.message_id, to: prior.to, ...(prior.stamp && { stamp: prior.stamp }) };
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
    const size = Math.min(own(options, 'concurrency') ?? availableParallelism(), toSeal.length);
    const pool = new SealPool(size, {
      key: keyBytes,
      pin: own(options, 'pin'),
      profile: own(options, 'profile'),
      today: own(options, 'today'),
      allowFindings: own(options, 'allowFindings') === true,
      // --post: each message gets the intake's stamp (the profile's difficulty unless given).
      ...(mode === 'post' && {
        audience: own(options, 'post'),
        stampBits: own(options, 'stampBits') ?? api.profile(own(options, 'profile') ?? 'thales').stamp?.bits ?? 0,
      }),
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
            const sealed = await writeSealed(out, item.name, r, own(options, 'from'), dirSync);
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
  return { fingerprint: r.fingerprint, recipients: r.recipients, to: r.to, sha256: sha256(r.armored), message_id: messageId, ...(r.stamp && { stamp: r.stamp }) };
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
