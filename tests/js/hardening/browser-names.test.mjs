// `make test-quick` runs the Node tests that start no browser by leaving out every file named
// *.browser.test.mjs. That holds only while the names are right: a test that drives Chromium,
// Firefox or WebKit (through tests/js/lib/chromium.mjs, engines.mjs, form-harness.mjs or
// jscore-flow.mjs) must end in .browser.test.mjs, and a file so named must drive one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const JS = fileURLToPath(new URL('..', import.meta.url));
// The calls that start a browser, and the skips that say a file needs one.
const DRIVES_A_BROWSER = /\b(launch|launchChromium|launchEngine|launchNoWasm)\s*\(|skipWithout(Chromium|Engine)\b|chromium:\s*true/;

const testFiles = readdirSync(JS, { recursive: true })
  .filter((f) => f.endsWith('.test.mjs') && !f.startsWith('lib/'))
  .map((f) => join(JS, f))
  .sort();

test('every test file that starts a browser is named *.browser.test.mjs, and only those', () => {
  assert.ok(testFiles.length > 40, `found only ${testFiles.length} test files under ${JS}`);
  const misnamed = [];
  for (const file of testFiles) {
    if (file.endsWith('/browser-names.test.mjs')) continue; // this file names the calls it looks for
    const drives = DRIVES_A_BROWSER.test(readFileSync(file, 'utf8'));
    const named = file.endsWith('.browser.test.mjs');
    if (drives !== named) misnamed.push(`${relative(JS, file)}: ${drives ? 'starts a browser' : 'starts none'}`);
  }
  assert.deepEqual(misnamed, [], 'rename these so make test-quick stays browser-free and complete');
});
