/**
 * The intake's optional forwarding: each stored report also goes by SMTP to the PSIRT's mailbox,
 * through the delivery code bulk uses (pkg/delivery/: nodemailer, retries with backoff, a journal
 * recording `sending` before each attempt and `sent`/`failed` after, attempts whose outcome is
 * unknown counted `in_doubt`). Its state lives beside the Maildir (`DIR.forward/`, never inside
 * it: mail readers would take a subfolder for a mailbox): a copy of each .eml to send and the
 * journal. On start, every report of the Maildir the journal does not know yet (stored just before
 * a crash) and every one not yet sent is queued again; a report is sent once per Message-ID.
 */

import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deliveryQueue } from '../delivery/smtp.mjs';
import { Journal, removeStaleTemps, sha256, writeFileAtomicAsync } from '../delivery/journal.mjs';

const MESSAGE_ID = /^Message-ID: (<[^>\r\n]+>)\r?$/m;
const base = (name) => name.split(':')[0]; // Maildir flags (`:2,S`) are not part of the name

export async function createForwarder({ maildir, smtp, from, to, retryDelayMs = 1000, timeoutMs = 60_000, insecurePlaintextLoopback = false }) {
  const dir = `${maildir.replace(/\/+$/, '')}.forward`;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  removeStaleTemps(dir);
  const journal = new Journal(dir);
  let waiting = 0;
  const queue = await deliveryQueue(
    // The queue holds while the mail system is down: retried with backoff (at most a minute apart).
    { smtp, from, retries: Number.MAX_SAFE_INTEGER, retryDelayMs, timeoutMs, smtpConnections: 2, insecurePlaintextLoopback },
    'smtp',
    journal,
    dir,
    () => {
      waiting--;
    },
  );
  const push = (name, eml, prior) => {
    const messageId = MESSAGE_ID.exec(eml.subarray(0, 4096).toString('latin1'))?.[1];
    waiting++;
    queue.push({
      name,
      source: name,
      hash: prior?.hash ?? sha256(eml),
      sealed: { to, message_id: messageId, sha256: prior?.sha256 ?? sha256(eml) },
      inDoubt: (prior?.in_doubt ?? 0) + (prior?.state === 'sending' ? 1 : 0),
    });
  };
  async function add(name, eml) {
    await writeFileAtomicAsync(join(dir, `${name}.eml`), eml);
    await journal.append({ name, state: 'sealed', hash: sha256(eml) });
    push(name, eml);
  }
  // Catch up: what the Maildir holds that was never queued, and what was not sent.
  for (const sub of ['new', 'cur']) {
    for (const file of readdirSync(join(maildir, sub))) {
      const name = base(file);
      const prior = journal.get(name);
      if (prior?.state === 'sent' || prior?.state === 'failed') continue;
      let eml;
      try {
        eml = prior ? readFileSync(join(dir, `${name}.eml`)) : readFileSync(join(maildir, sub, file));
      } catch {
        continue;
      }
      if (prior) push(name, eml, prior);
      else await add(name, eml);
    }
  }
  return {
    add,
    depth: () => waiting,
    async close() {
      // Not waiting for a mail system that is down: what is queued is sent after the restart.
      journal.close();
    },
  };
}
