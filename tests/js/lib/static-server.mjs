// A minimal static file server for browser tests and the load benchmark: serves the given
// folders under URL prefixes on 127.0.0.1 (a free port), with the right MIME types, no cache,
// and optional gzip (Content-Encoding) so transfer sizes are realistic.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.asc': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * @param {Record<string, string>} mounts  URL prefix ('/pkg/') → folder
 * @param {{gzip?: boolean, pages?: Record<string, string>, headers?: Record<string, string>,
 *   handle?: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean | Promise<boolean>}} [options]
 *   pages: path → HTML text; headers: added to every file response (a CSP, say); handle: called
 *   first with each request, answers it and returns true to take it (a POST endpoint, say)
 * @returns {Promise<{origin: string, close(): Promise<void>, bytesSent(): number, resetBytes(): void}>}
 */
export async function serve(mounts, { gzip = false, pages = {}, headers: extra = {}, handle } = {}) {
  let sent = 0;
  const cache = new Map();
  const server = createServer(async (req, res) => {
    if (handle && (await handle(req, res))) return;
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204);
      return res.end();
    }
    let body;
    let type = 'text/html; charset=utf-8';
    if (Object.hasOwn(pages, path)) {
      body = Buffer.from(pages[path]);
    } else {
      const prefix = Object.keys(mounts).find((p) => path.startsWith(p));
      if (prefix === undefined) return notFound(res);
      const root = mounts[prefix];
      const file = normalize(join(root, path.slice(prefix.length)));
      if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return notFound(res);
      try {
        if (!(await stat(file)).isFile()) return notFound(res);
        body = await readFile(file);
      } catch {
        return notFound(res);
      }
      type = TYPES[extname(file)] ?? 'application/octet-stream';
    }
    const headers = { ...extra, 'Content-Type': type, 'Cache-Control': 'no-store' };
    if (gzip && /gzip/.test(req.headers['accept-encoding'] ?? '')) {
      const key = `${path}:${body.length}`;
      if (!cache.has(key)) cache.set(key, gzipSync(body, { level: 9 }));
      body = cache.get(key);
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = body.length;
    sent += body.length;
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
    bytesSent: () => sent,
    resetBytes: () => {
      sent = 0;
    },
  };
}

function notFound(res) {
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found');
}
