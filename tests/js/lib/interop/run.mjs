// Running the OpenPGP peers (gpg, sq, sqop, rnp) from the interop tests: an async spawn that
// collects stdout as bytes, with a time limit, so independent tools can run in parallel.

import { spawn, spawnSync } from 'node:child_process';

/**
 * Run `cmd args`, feed `input` (bytes or text) on stdin, and resolve with
 * `{status, stdout: Buffer, stderr: string}`. Never rejects for a non-zero exit: the caller
 * decides. A missing program resolves with status 127; a run past `timeoutMs` is killed (status
 * null, stderr says so).
 */
export function run(cmd, args, { input, env, cwd, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: env ?? process.env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ status: 127, stdout: Buffer.alloc(0), stderr: `${cmd}: ${e.message}` });
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      if (timedOut) err += `\n${cmd}: killed after ${timeoutMs} ms`;
      resolve({ status: timedOut ? null : status, stdout: Buffer.concat(out), stderr: err });
    });
    child.stdin.on('error', () => {}); // a tool that exits before reading all its input
    child.stdin.end(input ?? undefined);
  });
}

/** Runs `fn` over `items` with at most `limit` at a time (2 cores: no point in more). */
export async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The first line of `cmd --version` (or `version` for sqop), or null when it is not installed. */
export function toolVersion(cmd) {
  const args = cmd === 'sqop' ? ['version'] : ['--version'];
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return r.stdout.split('\n')[0].trim();
}
