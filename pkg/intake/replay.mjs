/**
 * The intake's replay store: which stamps were already used, kept across restarts.
 *
 * In memory a Map from the stamp's SHA-256 to what it bought (the receipt), so a check-and-insert
 * is one synchronous step (`claim`): two requests carrying the same stamp cannot both pass. On
 * disk an append-only file of JSON lines, one per accepted stamp, written and fsynced (group
 * commit) after the report itself is durable in the Maildir and before the intake answers 202:
 * a crash between the two can let the same stamp store the same report twice, never lose one.
 * On open, lines older than the stamps' lifetime are dropped and the file rewritten. The stamp
 * itself is not stored, only its hash: the file says nothing a stamp would.
 */

import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync, promises as fsp } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { GroupCommit, syncDir } from '../delivery/journal.mjs';

export const REPLAY_FILE = 'psirt-intake-stamps.jsonl';

const key = (stamp) => createHash('sha256').update(stamp).digest('hex');

export class ReplayStore {
  /**
   * @param {string} dir  where the file lives (the Maildir's root: mail readers ignore it)
   * @param {{maxAgeMs: number, now?: () => number}} options  stamps older than maxAgeMs (plus
   *   the future skew) are expired anyway, so their lines are dropped on open
   */
  constructor(dir, { maxAgeMs, now = Date.now }) {
    this.path = join(dir, REPLAY_FILE);
    this.map = new Map();
    const horizon = now() - maxAgeMs - 3600_000;
    let text = '';
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const r = JSON.parse(line);
        // A torn last line (a crash mid-append) is skipped: its report got no 202.
        if (typeof r.k === 'string' && typeof r.t === 'number' && r.t >= horizon) this.map.set(r.k, r);
      } catch {
        // torn line
      }
    }
    // Rewrite compacted (temp, fsync, rename), then append to it.
    const temp = `${this.path}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    const body = [...this.map.values()].map((r) => `${JSON.stringify(r)}\n`).join('');
    if (body) writeSync(fd, body);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, this.path);
    syncDir(dir);
    this.pending = [];
    this.handle = null;
    this.commit = new GroupCommit(() => this.#flush());
  }

  get size() {
    return this.map.size;
  }

  /** The receipt a stamp already bought, or undefined. */
  lookup(stamp) {
    const r = this.map.get(key(stamp));
    return r && (r.receipt ?? null);
  }

  /** Whether the stamp was used (or is being used by a request in flight). */
  has(stamp) {
    return this.map.has(key(stamp));
  }

  /**
   * Atomic check-and-insert: `true` when the stamp was already there (replayed); else it is
   * claimed in memory, for `record` (durable) or `release` (the report was not stored).
   */
  checkAndInsert(stamp) {
    const k = key(stamp);
    if (this.map.has(k)) return true;
    this.map.set(k, { k, t: Date.now(), receipt: null });
    return false;
  }

  release(stamp) {
    const k = key(stamp);
    if (this.map.get(k)?.receipt === null) this.map.delete(k);
  }

  /** Makes the claim durable with the receipt it bought; resolves once on disk. */
  async record(stamp, receipt) {
    const r = { k: key(stamp), t: Date.now(), receipt };
    this.map.set(r.k, r);
    this.pending.push(`${JSON.stringify(r)}\n`);
    await this.commit.request();
  }

  async #flush() {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.handle ??= await fsp.open(this.path, 'a', 0o600);
    await this.handle.write(text);
    await this.handle.datasync();
  }

  async close() {
    await this.handle?.close().catch(() => {});
    this.handle = null;
  }
}
