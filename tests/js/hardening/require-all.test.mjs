// A missing peer tool cannot make CI pass by skipping. With gpg hidden from PATH,
// tests/js/interop/gnupg-decrypts-cli.test.mjs skips (exit 0) locally and fails with PSIRT_REQUIRE_ALL=1, as .ci/run sets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('PSIRT_REQUIRE_ALL=1 turns a missing gpg into a failure; .ci/run sets it', () => {
  const bin = mkdtempSync(join(tmpdir(), 'psirt-nogpg-'));
  try {
    symlinkSync(process.execPath, join(bin, 'node')); // a PATH with node and nothing else
    // Without NODE_TEST_CONTEXT, which would make the child report to this runner, not print TAP.
    const { NODE_TEST_CONTEXT, ...parentEnv } = process.env;
    const run = (env) =>
      spawnSync(process.execPath, ['--test', '--test-reporter=tap', 'tests/js/interop/gnupg-decrypts-cli.test.mjs'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...parentEnv, PATH: bin, ...env },
      });
    const relaxed = run({ PSIRT_REQUIRE_ALL: '' });
    assert.equal(relaxed.status, 0, relaxed.stdout + relaxed.stderr);
    assert.match(relaxed.stdout, /# skipped [1-9]/);
    const strict = run({ PSIRT_REQUIRE_ALL: '1' });
    assert.notEqual(strict.status, 0, strict.stdout);
    assert.match(strict.stdout + strict.stderr, /PSIRT_REQUIRE_ALL=1 and gpg is not installed/);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
  assert.match(readFileSync(join(ROOT, '.ci/run'), 'utf8'), /^export PSIRT_REQUIRE_ALL=1$/m);
});
