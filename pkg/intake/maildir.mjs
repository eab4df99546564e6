/**
 * The intake's spool: a Maildir (tmp/, new/, cur/). A report is written to tmp/, fsynced, renamed
 * into new/, and new/ is fsynced (one directory fsync shared by the renames that land together):
 * a crash at any instant leaves either nothing or the whole file in new/, never part of one.
 * Files left in tmp/ by a crash are removed on open. Mail readers (mutt, Thunderbird, an IMAP
 * server, `psirt-report open --maildir`) read new/ and cur/.
 */

import { closeSync, constants, mkdirSync, openSync, readdirSync, unlinkSync, accessSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { GroupCommit, syncDirAsync, writeDurably } from '../delivery/journal.mjs';

/** Why the spool cannot be used: `code` stable (`spool-unwritable`, `storage-full`, `storage-failed`). */
export class SpoolError extends Error {
  constructor(message, { code, cause } = {}) {
    super(message, { cause });
    this.code = code;
  }
}

// Maildir names: unique per delivery, no ':' or '/', the host part sanitised (RFC-less but what
// Courier/Dovecot write: time.unique.host).
const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, '_').replace(/\./g, '_') || 'localhost';

export class Maildir {
  /**
   * Opens (creates) the Maildir at `dir`, checks it is writable (a probe file written, fsynced and
   * removed) and removes what a crash left in tmp/. Throws SpoolError `spool-unwritable`.
   */
  constructor(dir) {
    this.dir = dir;
    this.tmp = join(dir, 'tmp');
    this.new = join(dir, 'new');
    try {
      for (const d of [dir, this.tmp, this.new, join(dir, 'cur')]) mkdirSync(d, { recursive: true, mode: 0o700 });
      accessSync(this.tmp, constants.W_OK);
      accessSync(this.new, constants.W_OK);
      const probe = join(this.tmp, `.probe.${process.pid}.${randomBytes(4).toString('hex')}`);
      closeSync(openSync(probe, 'wx', 0o600));
      unlinkSync(probe);
    } catch (e) {
      throw new SpoolError(`the Maildir ${dir} is not writable (${e?.code ?? e?.message})`, { code: 'spool-unwritable', cause: e });
    }
    // A crash leaves at most partial files in tmp/: none of them was acknowledged.
    this.cleaned = 0;
    for (const name of readdirSync(this.tmp)) {
      try {
        unlinkSync(join(this.tmp, name));
        this.cleaned++;
      } catch {
        // gone already
      }
    }
    this.depth = readdirSync(this.new).length;
    this.seq = 0;
    this.dirSync = new GroupCommit(() => syncDirAsync(this.new));
  }

  /** A new file name: seconds.M<micro>P<pid>Q<seq>R<random>.host. */
  name() {
    const now = Date.now();
    return `${Math.floor(now / 1000)}.M${(now % 1000) * 1000}P${process.pid}Q${++this.seq}R${randomBytes(6).toString('hex')}.${HOST}`;
  }

  /**
   * Stores `data` (a Buffer): durable in new/ when the promise resolves. Returns the file name.
   * Throws SpoolError `storage-full` (ENOSPC, EDQUOT) or `storage-failed`; no file is left.
   */
  async store(data, name = this.name()) {
    try {
      await writeDurably(join(this.tmp, name), join(this.new, name), data);
    } catch (e) {
      const full = e?.code === 'ENOSPC' || e?.code === 'EDQUOT';
      throw new SpoolError(full ? 'the spool is full' : `the spool could not store the report (${e?.code ?? 'error'})`, {
        code: full ? 'storage-full' : 'storage-failed',
        cause: e,
      });
    }
    // The rename is durable once new/ is: one fsync shared by the renames of this moment.
    await this.dirSync.request();
    this.depth++;
    return name;
  }
}
