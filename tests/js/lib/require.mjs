// Skips that cannot hide a missing check. A test that needs a peer tool (gpg, rnp, sq, sqop,
// Chromium) or the built wasm asks `skipUnless(present, reason)`: locally it gets a node:test
// skip reason when the tool is absent; with PSIRT_REQUIRE_ALL=1 (set by .ci/run, so CI runs
// everything) the missing tool is an error and the test file fails.

export const REQUIRE_ALL = process.env.PSIRT_REQUIRE_ALL === '1';

/** false when `present`; else a skip reason, or (PSIRT_REQUIRE_ALL=1) an Error thrown. */
export function skipUnless(present, reason) {
  if (present) return false;
  if (REQUIRE_ALL) throw new Error(`PSIRT_REQUIRE_ALL=1 and ${reason}: this check must run on CI`);
  return reason;
}
