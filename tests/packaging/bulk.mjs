// The bulk API from the installed tarball: `node bulk.mjs DIR KEY` prints "bulk ok N".
import { bulk } from 'psirt-report/bulk';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [dir, keyPath] = process.argv.slice(2);
const run = bulk(dir, { out: mkdtempSync(join(tmpdir(), 'bulk-')), key: readFileSync(keyPath), profile: 'demo', dryRun: true });
let n = 0;
for await (const r of run) if (r.status === 'sealed') n++;
console.log(`bulk ok ${n}`);
