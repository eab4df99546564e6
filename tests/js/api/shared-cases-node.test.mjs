// The shared API cases (api/shared-cases.mjs) in Node, through the Node `import` entry
// (pkg/node.mjs, which re-exports the CommonJS entry pkg/node.cjs). The same file runs in
// headless Chromium from api/shared-cases.browser.test.mjs.

import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { cases } from './shared-cases.mjs';
import { fixtures } from '../lib/fixtures.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
if (!existsSync(join(ROOT, 'pkg/node.cjs'))) {
  throw new Error('pkg/node.cjs is missing: build the package with `make wasm` before running the JS tests');
}

const api = await import('../../../pkg/node.mjs');
for (const c of cases({ api, fixtures: fixtures() })) {
  test(c.name, { skip: c.skip }, () => c.run());
}
