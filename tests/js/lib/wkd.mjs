// What the key-discovery tests serve. A loopback HTTP server plays the PSIRT's
// web servers (openpgpkey.<domain> and <domain>): each test sets what each path answers (a WKD
// key, a security.txt, or nothing: 404), and the server records every request. In Chromium,
// `routeDiscovery` maps the https discovery URLs the form asks for onto this server through
// Playwright's context.route, so the browser sees https://openpgpkey.psirt-demo.example/… while
// the bytes come from 127.0.0.1.

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const DEMO_EMAIL = 'psirt@psirt-demo.example';
export const DEMO_DOMAIN = 'psirt-demo.example';
/** z-base-32(SHA-1("psirt")), computed independently of pkg/lib/discover.js (see keys/discovery.test.mjs). */
export const DEMO_HASH = '4tz7q7ge5mwz5sjx4yatrzhqs37873ts';
export const ADVANCED_PATH = `/.well-known/openpgpkey/${DEMO_DOMAIN}/hu/${DEMO_HASH}`;
export const DIRECT_PATH = `/.well-known/openpgpkey/hu/${DEMO_HASH}`;
export const ADVANCED_HOST = `openpgpkey.${DEMO_DOMAIN}`;

export const DEMO_PUB_ASC = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'), 'utf8');
export const IMPOSTOR_PUB_ASC = readFileSync(join(ROOT, 'keys/impostor.pub.asc'), 'utf8');
export const IMPOSTOR_FPR = '8F181DC20348E31187EFF6C5E5907662FE947699';

/** The binary key inside an ASCII armor (WKD serves keys unarmored). */
export function dearmor(text) {
  const lines = text.split(/\r?\n/);
  let i = lines.findIndex((l) => l.startsWith('-----BEGIN PGP')) + 1;
  while (i < lines.length && lines[i].trim() !== '') i += 1;
  const body = [];
  for (i += 1; i < lines.length; i += 1) {
    const l = lines[i].trim();
    if (l.startsWith('=') || l.startsWith('-----END')) break;
    body.push(l);
  }
  return Buffer.from(body.join(''), 'base64');
}

export const DEMO_PUB_BIN = dearmor(DEMO_PUB_ASC);
export const IMPOSTOR_PUB_BIN = dearmor(IMPOSTOR_PUB_ASC);

/**
 * Starts the loopback server: `{origin, requests, serve(host, path, answer), reset(), close()}`.
 * Requests arrive as `/<host><path>?<query>`; `answer` is `{status?, type?, body}`; anything not
 * set is a 404. Every answer allows any origin (the WKD draft asks servers to).
 */
export async function startWkdServer() {
  const answers = new Map();
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const a = answers.get(url.pathname);
    const headers = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' };
    if (!a) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(a.status ?? 200, { ...headers, 'Content-Type': a.type ?? 'application/octet-stream', ...(a.headers ?? {}) });
    res.end(a.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    requests,
    serve(host, path, answer) {
      answers.set(`/${host}${path}`, answer);
    },
    reset() {
      answers.clear();
      requests.length = 0;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Maps https://openpgpkey.psirt-demo.example/… and https://psirt-demo.example/… to the server. */
export async function routeDiscovery(context, wkd, { hold } = {}) {
  await context.route(/^https:\/\/(openpgpkey\.)?psirt-demo\.example\//, async (route) => {
    if (hold) await hold;
    const u = new URL(route.request().url());
    const response = await route.fetch({ url: `${wkd.origin}/${u.host}${u.pathname}${u.search}` });
    await route.fulfill({ response });
  });
}
