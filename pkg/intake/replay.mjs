/**
 * The intake's replay store: which stamps were already used, kept across restarts.
 *
 * In memory a Map from the stamp's SHA-256 to what it bought (the receipt), so a check-and-insert
 * is one synchronous step (`checkAndInsert`): two requests carrying the same stamp cannot both
 * pass. Durable twice over:
 * - each stored report carries its stamp's hash and receipt in an `X-Psirt-Intake` header, in the
 *   same file and the same fsync as the report itself, so an acknowledged stamp is never
 *   forgotten and a stamp is never remembered for a report that was not stored (a retry after a
 *   crash then stores the report instead of being told "already used");
 * - an append-only file of JSON lines, one per accepted stamp, written and fsynced in the
 *   background, a batch at most a second after its first line (one write and one fdatasync for all
 *   the stamps of that second, not a write per report: that was a sixth of the intake's CPU per
 *   report under load): it outlives the analysts moving or deleting the mail. A kill loses at
 *   most that second of lines, whose stamps the reports' own headers still hold.
 * On open, both are read (stored reports younger than the stamps' lifetime), old lines are
 * dropped and the file rewritten. Only the stamp's hash is kept: nothing a stamp would say.
 */

import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeSync, promises as fsp } from 'node:fs';
import { hash } from 'node:crypto';
import { join } from 'node:path';
import { GroupCommit, syncDir } from '../delivery/journal.mjs';

export const REPLAY_FILE = 'psirt-intake-stamps.jsonl';

// One request asks for its stamp's key several times (look-up, claim, header, record): the last
// one is kept.
let lastStamp = null;
let lastKey = null;
export const stampKey = (stamp) => {
  if (stamp !== lastStamp) {
    lastKey = hash('sha256', stamp, 'hex');
    lastStamp = stamp;
  }
  return lastKey;
};
const key = stampKey;

/** The header a stored report carries: `X-Psirt-Intake: stamp=<hex>; sha256=<hex>; received=<ISO>`. */
export function intakeHeader(stamp, receipt) {
  return `X-Psirt-Intake: stamp=${key(stamp)}; sha256=${receipt.sha256}; received=${receipt.received_at}\r\n`;
}
const HEADER = /^X-Psirt-Intake: stamp=([0-9a-f]{64}); sha256=([0-9a-f]{64}); received=(\S+)\r?$/m;
const MESSAGE_ID = /^Message-ID: <([^@>]+)@psirt-report\.invalid>\r?$/m;

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
    // Stored reports first: their header was fsynced with them.
    for (const sub of ['new', 'cur']) {
      let names = [];
      try {
        names = readdirSync(join(dir, sub));
      } catch {
        continue;
      }
      for (const name of names) {
        try {
          const path = join(dir, sub, name);
          if (statSync(path).mtimeMs < horizon) continue;
          const head = readFileSync(path, 'latin1').slice(0, 4096);
          const h = HEADER.exec(head);
          const id = MESSAGE_ID.exec(head)?.[1];
          if (h && id) this.map.set(h[1], { k: h[1], t: Date.parse(h[3]) || now(), receipt: { id, sha256: h[2], received_at: h[3] } });
        } catch {
          // unreadable or gone: not ours to judge
        }
      }
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const r = JSON.parse(line);
        // A torn last line (a crash mid-append) is skipped: its report got no 202.
        if (typeof r.k === 'string' && typeof r.t === 'number' && r.t >= horizon && !this.map.has(r.k)) this.map.set(r.k, r);
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

  /**
   * Records the receipt a stamp bought, once its report (whose header holds the same) is durable:
   * appended to the file and fsynced within a second, with the others of that second.
   */
  record(stamp, receipt) {
    const r = { k: key(stamp), t: Date.now(), receipt };
    this.map.set(r.k, r);
    this.pending.push(`${JSON.stringify(r)}\n`);
    const flush = () => {
      clearTimeout(this.syncTimer);
      this.syncTimer = null;
      this.needSync = true;
      this.commit.request().catch(() => {});
    };
    // A burst larger than a second's worth at any rate met so far goes at once.
    if (this.pending.length >= 4096) return flush();
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(flush, 1000);
    this.syncTimer.unref?.();
  }

  async #flush() {
    this.handle ??= await fsp.open(this.path, 'a', 0o600);
    if (this.pending.length > 0) {
      const text = this.pending.join('');
      this.pending = [];
      await this.handle.write(text);
    }
    if (this.needSync) {
      this.needSync = false;
      await this.handle.datasync();
    }
  }

  async close() {
    clearTimeout(this.syncTimer);
    this.syncTimer = null;
    this.needSync = true;
    await this.commit.request().catch(() => {});
    await this.handle?.close().catch(() => {});
    this.handle = null;
  }
}
