// The demo server (www/serve.mjs): what it serves, what it refuses, its
// headers and its log. Started as a child process on a free port.

import { test, before, after } from 'node:test';
import { skipUnless } from '../lib/require.mjs';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Written out, not imported, so a loosened policy in serve.mjs fails this test.
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types psirt-report";

let server;
let port;
let log = '';

before(async () => {
  server = spawn(process.execPath, [join(ROOT, 'www/serve.mjs')], { env: { ...process.env, PORT: '0' } });
  server.stdout.setEncoding('utf8');
  server.stdout.on('data', (chunk) => {
    log += chunk;
  });
  port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${log}`)), 10_000);
    server.stdout.on('data', () => {
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    server.on('exit', (code) => reject(new Error(`server exited (${code}): ${log}`)));
  });
});

after(() => server?.kill());

/** A raw request: the path is sent exactly as given (no `..` clean-up). */
function get(path, method = 'GET', headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('binds 127.0.0.1 only', () => {
  assert.match(log, /http:\/\/127\.0\.0\.1:\d+\//);
});

test('serves the form page, the JSON page, the package, the examples and the demo public key', async () => {
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(page.body.toString(), /DEMO — not Thales/);
  assert.match(page.body.toString(), /<psirt-report-form profile="demo"/);
  assert.match((await get('/json.html')).body.toString(), /DEMO — not Thales/);
  for (const [path, type] of [
    ['/form.js', 'text/javascript; charset=utf-8'],
    ['/json.js', 'text/javascript; charset=utf-8'],
    ['/pkg/widget/index.js', 'text/javascript; charset=utf-8'],
    ['/pkg/widget/cwe-list.json', 'application/json; charset=utf-8'],
    ['/pkg/profiles/demo.json', 'application/json; charset=utf-8'],
    ['/pkg/worker.js', 'text/javascript; charset=utf-8'],
    ['/style.css', 'text/css; charset=utf-8'],
    ['/pkg/web.js', 'text/javascript; charset=utf-8'],
    ['/pkg/index.js', 'text/javascript; charset=utf-8'],
    ['/examples/valid-vulnerability.json', 'application/json; charset=utf-8'],
  ]) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers['content-type'], type, path);
  }
  const key = await get('/keys/demo-psirt.pub.asc');
  assert.equal(key.status, 200);
  assert.match(key.body.toString(), /^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
});

test('serves the wasm as application/wasm', { skip: skipUnless(existsSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm')), 'no pkg/wasm: run make wasm') }, async () => {
  const r = await get('/pkg/wasm/psirt_report_bg.wasm');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/wasm');
  assert.deepEqual([...r.body.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
});

test('every response has the CSP, no-store and nosniff', async () => {
  for (const path of ['/', '/app.js', '/nope', '/keys/demo-psirt.sec.asc']) {
    const r = await get(path);
    assert.equal(r.headers['content-security-policy'], CSP, path);
    assert.equal(r.headers['cache-control'], 'no-store', path);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', path);
  }
});

test('never the secret key, nothing outside the mounts, no traversal', async () => {
  const refused = [
    '/keys/demo-psirt.sec.asc',
    '/keys/impostor.pub.asc',
    '/keys/',
    '/pkg/../keys/demo-psirt.sec.asc',
    '/pkg/%2e%2e/keys/demo-psirt.sec.asc',
    '/pkg/..%2fkeys%2fdemo-psirt.sec.asc',
    '/pkg/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/pkg/..\\keys\\demo-psirt.sec.asc',
    '/pkg/%5c..%5ckeys%5cdemo-psirt.sec.asc',
    '/pkg/%00',
    '/pkg/%',
    '/Cargo.toml',
    '/pkg/',
    '/pkg/wasm/.gitignore',
    '/examples/../Cargo.toml',
    '//etc/passwd',
  ];
  for (const path of refused) {
    const r = await get(path);
    assert.equal(r.status, 404, path);
    assert.doesNotMatch(r.body.toString(), /PRIVATE KEY|root:/, path);
  }
});

test('only GET and HEAD', async () => {
  const head = await get('/', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  const post = await get('/', 'POST');
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
});

test('the log has method and path only', async () => {
  await get('/app.js?token=s3cr3t');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.match(log, /^GET \/app\.js$/m);
  assert.doesNotMatch(log, /s3cr3t/);
});

const MODULES = ['psirt_report_bg.wasm', 'psirt_report_seal_bg.wasm'];
const built = MODULES.every((m) => ['', '.br', '.gz'].every((x) => existsSync(join(ROOT, 'pkg/wasm', m + x))));

test('each wasm module is served precompressed as the client allows, with Vary and the same headers', { skip: !built && 'no pkg/wasm/*.br: run make wasm' }, async () => {
  for (const m of MODULES) {
    const path = `/pkg/wasm/${m}`;
    const raw = readFileSync(join(ROOT, 'pkg/wasm', m));
    const cases = [
      ['br, gzip, deflate', 'br'],
      ['gzip, deflate, br;q=0', 'gzip'],
      ['gzip;q=0.5, br;q=0', 'gzip'],
      ['*', 'br'],
      ['*, br;q=0', 'gzip'],
      ['identity', undefined],
      ['br;q=0, gzip;q=0', undefined],
      [undefined, undefined],
    ];
    for (const [accept, coding] of cases) {
      const r = await get(path, 'GET', accept === undefined ? {} : { 'Accept-Encoding': accept });
      const what = `${m} with Accept-Encoding: ${accept}`;
      assert.equal(r.status, 200, what);
      assert.equal(r.headers['content-encoding'], coding, what);
      assert.equal(r.headers.vary, 'Accept-Encoding', what);
      assert.equal(r.headers['content-type'], 'application/wasm', what);
      assert.equal(r.headers['content-security-policy'], CSP, what);
      assert.equal(r.headers['cache-control'], 'no-store', what);
      assert.equal(r.headers['x-content-type-options'], 'nosniff', what);
      assert.equal(Number(r.headers['content-length']), r.body.length, what);
      const decoded = coding === 'br' ? brotliDecompressSync(r.body) : coding === 'gzip' ? gunzipSync(r.body) : r.body;
      assert.ok(decoded.equals(raw), `${what}: the body decodes to the module`);
      if (coding !== undefined) assert.ok(r.body.length < raw.length * 0.6, `${what}: compressed`);
    }
    const head = await get(path, 'HEAD', { 'Accept-Encoding': 'br' });
    assert.equal(head.headers['content-encoding'], 'br');
    assert.equal(Number(head.headers['content-length']), readFileSync(join(ROOT, 'pkg/wasm', `${m}.br`)).length);
    assert.equal(head.body.length, 0);
  }
});

test('only the wasm is sent compressed: other files as they are, without Vary', async () => {
  const r = await get('/pkg/web.js', 'GET', { 'Accept-Encoding': 'br, gzip' });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-encoding'], undefined);
  assert.equal(r.headers.vary, undefined);
  assert.ok(r.body.equals(readFileSync(join(ROOT, 'pkg/web.js'))));
});

// DNS rebinding. A page on evil.example that rebinds its name to
// 127.0.0.1 sends `Host: evil.example:PORT`; the server answers only to its own names.
test('answers only its own Host names (127.0.0.1:PORT, localhost:PORT); 421 and nothing of the site otherwise', async () => {
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
    const r = await get('/', 'GET', { host });
    assert.equal(r.status, 200, host);
  }
  for (const host of [`evil.example:${port}`, 'evil.example', '127.0.0.1', `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`, `127.0.0.2:${port}`, `[::1]:${port}`]) {
    for (const path of ['/', '/keys/demo-psirt.pub.asc', '/pkg/widget/index.js']) {
      const r = await get(path, 'GET', { host });
      assert.equal(r.status, 421, `${host} ${path}`);
      assert.doesNotMatch(r.body.toString(), /DEMO|BEGIN PGP|psirt-report-form|import/, `${host} ${path}`);
      assert.equal(r.headers['content-security-policy'], CSP);
    }
  }
});
