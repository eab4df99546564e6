// The intake killed with SIGKILL at random moments while submissions run, restarted on the same
// Maildir (bench/intake-crash.mjs, reduced: 3 kills × 50 submissions; `node
// bench/intake-crash.mjs 10 200` runs the full one): every 202 has its file in new/, every file
// in new/ is a submitted message byte for byte, nothing is left in tmp/ after the restart.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { crashRuns } from '../../bench/intake-crash.mjs';

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
