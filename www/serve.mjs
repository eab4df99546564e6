#!/usr/bin/env node
/**
 * Static server for the demo page, with no dependency: binds 127.0.0.1 only
 * (port 8080, or PORT; PORT=0 picks a free one) and serves
 *
 *   /                         www/
 *   /pkg/                     pkg/ (the npm package, with its wasm)
 *   /examples/                examples/
 *   /keys/demo-psirt.pub.asc  that one file (never the demo secret key)
 *
 *   /reports, /healthz, /metrics  the intake (`psirt-report intake`, pkg/intake/), storing what
 *                             the form sends in the Maildir .demo/Maildir (or PSIRT_DEMO_MAILDIR)
 *
 * Only requests whose Host is 127.0.0.1:PORT or localhost:PORT are served (421 otherwise: a
 * DNS-rebinding page cannot read it). Every response carries a strict Content-Security-Policy (no inline script
 * or style; wasm compilation allowed) and Cache-Control: no-store. The log
 * has the method and path of each request, never a query string or a body.
 *
 * A `.wasm` file is sent precompressed when the client accepts it: the `.br`
 * (else `.gz`) file `make wasm` writes beside it, with Content-Encoding, and
 * every `.wasm` response says `Vary: Accept-Encoding`.
 */

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** URL prefix → directory; the first match wins, so `/` comes last. */
const MOUNTS = [
  ['/pkg/', join(ROOT, 'pkg')],
  ['/examples/', join(ROOT, 'examples')],
  ['/', join(ROOT, 'www')],
];
/** Single files served outside the mounts. */
const FILES = new Map([['/keys/demo-psirt.pub.asc', [join(ROOT, 'keys'), 'demo-psirt.pub.asc']]]);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.asc': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.eml': 'message/rfc822',
};

/**
 * What a host page of the form sets (README "Embedding the form"): scripts from this origin only,
 * wasm compilation allowed, no inline script or style, requests only to this origin (the profile,
 * the key, the worker and its wasm), Trusted Types enforced with the form's one policy
 * (`psirt-report`, which only creates the worker's URL), nothing framed, no form posts.
 */
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types psirt-report";

const HEADERS = {
  'Content-Security-Policy': CSP,
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// Isolation. The demo's "PSIRT origin" for the framed form is the other loopback
// name on this port (http://localhost:P for a page on http://127.0.0.1:P, and back): another
// origin and another site, with no second server. Two pages only get another policy: the host
// page /isolated.html may frame that origin (frame-src), and the frame page /frame.html may be
// framed by that origin only (frame-ancestors, where every other page says 'none'). Any other
// Host header (or port) keeps the default policy.
export function isolationCsp(hostHeader, localPort, pathname) {
  const m = /^(127\.0\.0\.1|localhost):(\d+)$/.exec(hostHeader ?? '');
  if (!m || Number(m[2]) !== localPort) return CSP;
  const other = `http://${m[1] === 'localhost' ? '127.0.0.1' : 'localhost'}:${localPort}`;
  if (pathname === '/isolated.html') return CSP.replace("object-src 'none';", `frame-src ${other}; object-src 'none';`);
  if (pathname === '/frame.html') return CSP.replace("frame-ancestors 'none'", `frame-ancestors ${other}`);
  return CSP;
}

/** Keep log lines one line each, whatever the request path holds. */
const clean = (s) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, '?');

/**
 * The file a URL path names, as [directory, relative path], or null. Hidden
 * names, `.` and `..` segments, backslashes and NUL are refused outright;
 * the caller also checks the real path stays inside the directory.
 */
function locate(pathname) {
  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (FILES.has(path)) return FILES.get(path);
  if (path === '/') path = '/index.html';
  for (const [prefix, dir] of MOUNTS) {
    if (!path.startsWith(prefix)) continue;
    const segments = path.slice(prefix.length).split('/');
    if (segments.some((s) => s === '' || s.startsWith('.'))) return null;
    return [dir, join(...segments)];
  }
  return null;
}

/** Resolve to a regular file inside its directory (symlinks included), or null. */
async function resolveFile([dir, relative]) {
  try {
    const realDir = await realpath(dir);
    const real = await realpath(join(dir, relative));
    if (!real.startsWith(realDir + sep)) return null;
    const info = await stat(real);
    return info.isFile() ? { path: real, size: info.size } : null;
  } catch {
    return null;
  }
}

/**
 * Files sent precompressed when a sibling `.br` / `.gz` exists (what `make wasm` writes, and
 * `make jscore` beside the JavaScript core).
 */
const PRECOMPRESSED = new Set(['.wasm', '.js']);
/** Content codings by preference, with the suffix of their precompressed file. */
const CODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
];

/**
 * The codings an Accept-Encoding header allows (RFC 9110 §12.5.3): listed with q > 0, or
 * covered by `*` with q > 0 and not listed with q = 0.
 */
export function acceptedCodings(header) {
  const q = new Map();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    q.set(name.trim(), Number.isFinite(weight) ? weight : 0);
  }
  const allowed = (coding) => (q.has(coding) ? q.get(coding) > 0 : q.has('*') && q.get('*') > 0);
  return CODINGS.filter(([coding]) => allowed(coding));
}

function send(res, status, text, extra = {}) {
  res.writeHead(status, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : `${text}\n`);
}

/**
 * Whether a request's Host header names this server: `127.0.0.1:PORT` or `localhost:PORT`, the
 * port the request came in on. Anything else is answered 421 (Misdirected Request) with nothing
 * of the site: a page on another origin that rebinds its own DNS name to 127.0.0.1 would
 * otherwise read the demo as same-origin.
 */
export function ownHost(hostHeader, localPort) {
  const m = /^(127\.0\.0\.1|localhost):(\d+)$/i.exec(String(hostHeader ?? ''));
  return m !== null && Number(m[2]) === localPort;
}

async function handle(req, res, intake) {
  if (!ownHost(req.headers.host, req.socket.localPort)) {
    console.log(`421 ${clean(String(req.headers.host ?? '(no Host)').slice(0, 100))}`);
    send(res, 421, 'misdirected request: this server answers only to 127.0.0.1 and localhost on its own port');
    return;
  }
  let pathname;
  try {
    pathname = new URL(req.url, 'http://127.0.0.1').pathname;
  } catch {
    pathname = '?';
  }
  // The intake beside the page (same origin: the page's CSP connect-src 'self' allows the post).
  // It logs its own lines (time, id, size, outcome).
  if (intake && (pathname === '/reports' || pathname === '/healthz' || pathname === '/metrics')) {
    intake.handle(req, res);
    return;
  }
  console.log(`${clean(req.method)} ${clean(pathname)}`);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  // Browsers ask for it on their own; answer without a 404 in the console.
  if (pathname === '/favicon.ico') {
    res.writeHead(204, HEADERS);
    res.end();
    return;
  }
  const target = locate(pathname);
  const file = target && (await resolveFile(target));
  if (!file) {
    send(res, 404, 'not found');
    return;
  }
  const type = extname(file.path).toLowerCase();
  let body = file;
  const extra = {};
  if (PRECOMPRESSED.has(type)) {
    // Only a file with a precompressed sibling varies by Accept-Encoding (every .wasm has one;
    // of the .js files, the JavaScript core).
    const packed = new Map();
    for (const [coding, suffix] of CODINGS) {
      const sibling = await resolveFile([target[0], target[1] + suffix]);
      if (sibling) packed.set(coding, sibling);
    }
    if (type === '.wasm' || packed.size > 0) extra.Vary = 'Accept-Encoding';
    for (const [coding] of acceptedCodings(req.headers['accept-encoding'])) {
      if (packed.has(coding)) {
        body = packed.get(coding);
        extra['Content-Encoding'] = coding;
        break;
      }
    }
  }
  res.writeHead(200, {
    ...HEADERS,
    'Content-Security-Policy': isolationCsp(req.headers.host, req.socket.localPort, pathname), // the isolated form's two pages
    'Content-Type': TYPES[type] ?? 'application/octet-stream',
    'Content-Length': body.size,
    ...extra,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(body.path)
    .on('error', () => res.destroy())
    .pipe(res);
}

/**
 * Start the server.
 * @param {{port?: number, host?: string}} [options]
 * @returns {Promise<import('node:http').Server>} once listening
 */
export function start({ port = 8080, host = '127.0.0.1', intake = null } = {}) {
  const server = createServer((req, res) => {
    handle(req, res, intake).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = process.env.PORT === undefined || process.env.PORT === '' ? 8080 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('serve: error: PORT must be a port number');
    process.exit(2);
  }
  const maildir = process.env.PSIRT_DEMO_MAILDIR || join(ROOT, '.demo', 'Maildir');
  let intake = null;
  try {
    const { createIntake } = await import('../pkg/intake/server.mjs');
    intake = createIntake({ maildir, profile: 'demo', publicUrl: 'http://127.0.0.1:1/reports' });
  } catch (e) {
    console.error(`serve: the intake could not start (${e.code ?? e.message}): the form's Send button will fail`);
  }
  start({ port, intake }).then(
    (server) => {
      const { address, port: bound } = server.address();
      // The page is reached as 127.0.0.1 or localhost: stamps may name either.
      intake?.setPublicUrls([`http://127.0.0.1:${bound}/reports`, `http://localhost:${bound}/reports`]);
      console.log(`psirt-report demo on http://${address}:${bound}/ (DEMO — not Thales)`);
      if (intake) {
        console.log(`intake: http://${address}:${bound}/reports`);
        console.log(`maildir: ${maildir}`);
        console.log(`read what the form sent: node pkg/cli/main.mjs open --maildir ${maildir} --secret-key keys/demo-psirt.sec.asc --demo`);
      }
    },
    (e) => {
      console.error(`serve: error: cannot listen on 127.0.0.1:${port} (${e.code ?? e.message})`);
      process.exit(1);
    },
  );
}
