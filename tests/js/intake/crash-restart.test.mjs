// The intake killed with SIGKILL at random moments while submissions run, restarted on the same
// Maildir (bench/intake-crash.mjs, reduced: 3 kills × 50 submissions; `node
// bench/intake-crash.mjs 10 200` runs the full one): every 202 has its file in new/, every file
// in new/ is a submitted message byte for byte, nothing is left in tmp/ after the restart.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { crashRuns } from '../../../bench/intake-crash.mjs';

test('SIGKILL while submissions run, 3 times: no acknowledged report lost, no partial file kept', { timeout: 240_000 }, async () => {
  const { counts, problems, maildir } = await crashRuns({ kills: 3, submissions: 50 });
  try {
    assert.deepEqual(problems, []);
    assert.equal(counts.rounds, 3);
    assert.ok(counts.accepted > 0, 'some submissions were acknowledged before the kills');
    assert.ok(counts.stored >= counts.accepted, 'a report stored but not yet acknowledged may be there too');
  } finally {
    rmSync(join(maildir, '..'), { recursive: true, force: true });
  }
});

// The same with forwarding by SMTP (the CLI's --smtp) to a local server that outlives the kills
// and answers each DATA after a random delay, so kills also cut transactions in the middle:
// every stored report (every 202 among them) reaches the mail system, nothing else does, and a
// Message-ID delivered twice only where the forwarding journal counted an attempt in doubt.
test('SIGKILL while submissions are stored and forwarded by SMTP, 3 times: every stored report forwarded, none lost, duplicates only in doubt', { timeout: 300_000 }, async (t) => {
  const { counts, problems, maildir } = await crashRuns({ kills: 3, submissions: 40, forward: true });
  try {
    t.diagnostic(`202 ${counts.accepted}, stored ${counts.stored}, forwarded ${counts.forwarded}, deliveries ${counts.deliveries}, second deliveries ${counts.duplicates}, in doubt ${counts.inDoubt}, journal sent ${counts.journalSent}`);
    assert.deepEqual(problems, []);
    assert.ok(counts.accepted > 0);
    assert.equal(counts.forwarded, counts.stored);
  } finally {
    rmSync(join(maildir, '..'), { recursive: true, force: true });
  }
});
