// What `npm pack` puts in the package's tarball: paths relative to pkg/, as npm itself lists them,
// whatever form pkg/package.json `files` takes (names, folders, globs). Ask this, not `files`.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PKG = fileURLToPath(new URL('../../../pkg/', import.meta.url));
let cached = null;

/** The set of packed paths (`lib/errors.js`, `widget/index.js`, …), read once per process. */
export function packedFiles() {
  if (cached) return cached;
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], { cwd: PKG, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack --dry-run failed: ${r.stderr}`);
  cached = new Set(JSON.parse(r.stdout)[0].files.map((f) => f.path));
  return cached;
}
