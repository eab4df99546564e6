// Interop: what the CLI seals, GnuPG decrypts. The demo secret key is
// imported into a throw-away GNUPGHOME; the plaintext must hold the report,
// unchanged. Skipped (with a message) only when gpg is not installed.

import { test, before, after } from 'node:test';
import { skipUnless } from '../lib/require.mjs';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'pkg/cli/main.mjs');
if (!existsSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm'))) {
  throw new Error('pkg/wasm/ is missing: build it with `make wasm` before running the JS tests');
}

const hasGpg = !spawnSync('gpg', ['--version']).error;
const skip = skipUnless(hasGpg, 'gpg is not installed (apt-get install gnupg): GnuPG interop not checked');

let home;
const gpg = (args, options = {}) =>
  spawnSync('gpg', ['--batch', '--no-tty', ...args], { env: { ...process.env, GNUPGHOME: home }, ...options });

before(() => {
  if (!hasGpg) return;
  // Short path: gpg-agent's socket lives in GNUPGHOME.
  home = mkdtempSync(join(tmpdir(), 'gpg-'));
  chmodSync(home, 0o700);
  const imported = gpg(['--import', join(ROOT, 'keys/demo-psirt.sec.asc')], { encoding: 'utf8' });
  assert.equal(imported.status, 0, imported.stderr);
});

after(() => {
  if (!home) return;
  spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: home } });
  rmSync(home, { recursive: true, force: true });
});

/**
 * The report JSON inside a decrypted plaintext: the plaintext itself, or
 * the `report.json` part of a MIME entity (base64, quoted-printable or 8bit).
 */
function reportJson(plaintext) {
  const text = plaintext.toString('utf8');
  if (text.trimStart().startsWith('{')) return text;
  // The part whose Content-Type or Content-Disposition header names report.json (the readable
  // text part may mention report.json too).
  const part = /^content-[\w-]+:[^\r\n]*report\.json[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n/im.exec(text);
  assert.ok(part, `no report.json in the plaintext:\n${text.slice(0, 1500)}`);
  const headers = part[0];
  const rest = text.slice(part.index + part[0].length);
  const body = rest.slice(0, rest.search(/\r?\n--/));
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** The core's canonical form: compact JSON, object keys sorted (ASCII keys: same order as Rust's). */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

test('gpg --decrypt opens what `psirt-report seal --demo` sealed', { skip }, () => {
  const report = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
  // Non-ASCII text must survive the round trip byte for byte.
  report.title = `${report.title} — été 🔐`;
  const input = join(home, 'report.json');
  writeFileSync(input, JSON.stringify(report, null, 2));

  const sealed = spawnSync(process.execPath, [CLI, 'seal', input, '--key', join(ROOT, 'keys/demo-psirt.pub.asc'), '--demo'], {
    encoding: 'utf8',
  });
  assert.equal(sealed.status, 0, sealed.stderr);
  const message = join(home, 'report.asc');
  writeFileSync(message, sealed.stdout);

  const opened = gpg(['--pinentry-mode', 'loopback', '--passphrase', '', '--decrypt', message]);
  assert.equal(opened.status, 0, opened.stderr.toString());
  const stderr = opened.stderr.toString();
  assert.doesNotMatch(stderr, /WARNING: message was not integrity protected/);
  assert.match(stderr, /396FA1D1E0E2C121462B0DF79B5573C2D06F7269|9B5573C2D06F7269|encrypted with/i);

  const json = reportJson(opened.stdout);
  assert.deepEqual(JSON.parse(json), report, 'the decrypted report differs from the one sealed');
  assert.equal(json, canonical(report), 'the plaintext is not the canonical JSON (sorted keys, compact)');
});
