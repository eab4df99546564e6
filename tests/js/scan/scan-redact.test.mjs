// The scanner through the npm package (scan, scanText, redact) and the CLI (`scan`, `redact`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scan, scanText, redact } from '../../../pkg/node.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = join(ROOT, 'pkg/cli/main.mjs');
const cli = (...args) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
// Assembled at run time so no secret-shaped literal sits in the repository.
const TOKEN = 'ghp_' + 'Zq8Lm3Vn7Rt2Wx5Yp1Kd4Hs6Jf9Bc0Ga2Ne3';
const KEY_ID = 'AKIA' + 'Q7R2MZ4TBW3NXK5P';

test('scanText: UTF-16 offsets after non-ASCII text, masked preview', () => {
  const text = `Rapport — clé 🙂 éè: password=${'S3cr3t'}!Vx9 and aws ${KEY_ID}`;
  const f = scanText(text);
  const aws = f.find((x) => x.category === 'aws_access_key_id');
  assert.ok(aws, JSON.stringify(f));
  assert.equal(text.slice(aws.start, aws.end), KEY_ID);
  assert.equal(aws.severity, 'critical');
  assert.ok(!aws.preview.includes(KEY_ID));
  assert.ok(!aws.message.includes(KEY_ID));
});

test('scanText rejects a non-string', () => {
  assert.throws(() => scanText(42), (e) => e.code === 'input-type');
});

test('scan + redact: markers, idempotent, new object', () => {
  const report = { title: 'Leak', description: `token ${TOKEN} and ${KEY_ID}` };
  const f = scan(report);
  assert.ok(f.some((x) => x.path === '/description' && x.category === 'aws_access_key_id'));
  const r = redact(report);
  assert.notEqual(r, report);
  assert.match(r.description, /\[REDACTED:aws_access_key_id\]/);
  assert.equal(report.description.includes(KEY_ID), true, 'input untouched');
  assert.equal(scan(r).filter((x) => x.severity !== 'info').length, 0);
});

test('CLI scan exit codes 0/1/2 and --json; redact', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scan-cli-'));
  try {
    const clean = join(dir, 'clean.json');
    const dirty = join(dir, 'dirty.json');
    writeFileSync(clean, JSON.stringify({ title: 'Nothing', description: 'no secret here' }));
    writeFileSync(dirty, JSON.stringify({ title: 'Leak', description: `key ${KEY_ID}` }));
    assert.equal(cli('scan', clean).status, 0);
    const r = cli('scan', dirty, '--json');
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out[0].findings[0].category, 'aws_access_key_id');
    assert.ok(!r.stdout.includes(KEY_ID));
    assert.equal(cli('scan', join(dir, 'missing.json')).status, 2);
    const red = join(dir, 'red.json');
    assert.equal(cli('redact', dirty, '--out', red).status, 0);
    const redacted = JSON.parse(readFileSync(red, 'utf8'));
    assert.match(redacted.description, /\[REDACTED:aws_access_key_id\]/);
    assert.equal(cli('scan', red).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
