// Helpers of the bulk tests: a real SMTP server (smtp-server) on 127.0.0.1 behind a recording
// TCP proxy (the transcript: every byte both ways), generated reports with a plaintext marker,
// the CLI run asynchronously (the servers live in the test process), and GnuPG decryption.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = join(ROOT, 'pkg/cli/main.mjs');
export const DEMO_KEY = join(ROOT, 'keys/demo-psirt.pub.asc');
export const DEMO_FPR = '396FA1D1E0E2C121462B0DF79B5573C2D06F7269';
export const TODAY = '2026-11-27';
export const TLS_CERT = join(ROOT, 'tests/fixtures/tls/localhost.cert.pem');
const TLS_KEY = join(ROOT, 'tests/fixtures/tls/localhost.key.pem');

/** A valid report whose every text carries `marker`, so a leak of plaintext is searchable. */
export function makeReport(marker, i = 0) {
  const r = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
  r.title = `Finding ${i} ${marker}`;
  r.description = `${r.description} ${marker} number ${i}.`;
  r.impact = `${r.impact} (${marker})`;
  return r;
}

/**
 * An SMTP server on 127.0.0.1 with a behaviour:
 *   accept                every message, 250 with a queue id
 *   tempfail: N           451 to the first N DATA of each Message-ID, then accept
 *   permanent             554 to every DATA
 *   drop                  the connection is cut in the middle of DATA (by the proxy)
 *   delayMs               wait before answering DATA (a slow server)
 * `messages`: [{messageId, raw, from, to}] accepted; `attempts`: every DATA seen (Message-ID);
 * `transcript()`: all bytes the proxy saw, both ways, as latin1 text.
 * `auth`: offers AUTH on the plaintext connection (no STARTTLS) and records every login in `logins`.
 * `insecure`: the CLI option a plaintext test server needs (TLS is otherwise required).
 */
export async function smtpServer({ behaviour = 'accept', tempfail = 0, delayMs = 0, starttls = false, auth = false } = {}) {
  const logins = [];
  const messages = [];
  const attempts = [];
  const seenTemp = new Map();
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    // With starttls: offers STARTTLS with the test certificate (tests/fixtures/tls).
    disabledCommands: starttls ? ['AUTH'] : auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    ...(auth && {
      allowInsecureAuth: true,
      onAuth(a, session, callback) {
        logins.push({ user: a.username, pass: a.password });
        callback(null, { user: a.username });
      },
    }),
    ...(starttls && { key: readFileSync(TLS_KEY), cert: readFileSync(TLS_CERT) }),
    logger: false,
    size: 50 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const messageId = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(raw)?.[1] ?? null;
        attempts.push(messageId);
        const answer = () => {
          if (behaviour === 'permanent') {
            const e = new Error('5.7.1 Message refused by policy');
            e.responseCode = 554;
            return callback(e);
          }
          const n = seenTemp.get(messageId) ?? 0;
          if (n < tempfail) {
            seenTemp.set(messageId, n + 1);
            const e = new Error('4.3.0 Try again later');
            e.responseCode = 451;
            return callback(e);
          }
          messages.push({
            messageId,
            raw,
            secure: session.secure === true,
            from: session.envelope.mailFrom?.address,
            to: session.envelope.rcptTo.map((r) => r.address),
          });
          callback(null, `Ok: queued as Q${messages.length}`);
        };
        if (delayMs) setTimeout(answer, delayMs);
        else answer();
      });
    },
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const smtpPort = server.server.address().port;

  // The recording proxy in front of it; in `drop` mode it cuts the connection mid-DATA.
  const transcript = [];
  const sockets = new Set();
  const proxy = createServer((client) => {
    const upstream = createServerConnection(smtpPort);
    sockets.add(client);
    sockets.add(upstream);
    let inData = false;
    let dataBytes = 0;
    client.on('data', (c) => {
      transcript.push(c);
      const text = c.toString('latin1');
      if (behaviour === 'drop') {
        if (inData) {
          dataBytes += c.length;
          if (dataBytes > 200) {
            client.destroy();
            upstream.destroy();
            return;
          }
        }
        if (/^DATA\r\n/im.test(text)) inData = true;
      }
      upstream.write(c);
    });
    upstream.on('data', (c) => {
      transcript.push(c);
      client.write(c);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  const port = proxy.address().port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    insecure: starttls ? [] : ['--insecure-plaintext-smtp-loopback'],
    logins,
    messages,
    attempts,
    transcript: () => Buffer.concat(transcript).toString('latin1'),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => proxy.close(r));
      await new Promise((r) => server.close(r));
    },
  };
}

function createServerConnection(port) {
  return connect(port, '127.0.0.1');
}

/** Run the CLI asynchronously; resolves {status, signal, stdout, stderr}. `killAfterMs` sends SIGKILL. */
export function runCli(args, { env = {}, killAfterMs } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    let timer;
    if (killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

// The throw-away GnuPG home with the demo secret key: shared with other tests (gpg-home.mjs).
export { gpgHome, hasGpg } from './gpg-home.mjs';

/** The report.json part of a decrypted MIME entity (base64), as parsed JSON. */
export function reportFromPlaintext(plaintext) {
  const text = plaintext.toString('utf8');
  const part = /^content-type:[^\r\n]*report\.json[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n/im.exec(text);
  if (!part) throw new Error('no report.json part in the plaintext');
  const rest = text.slice(part.index + part[0].length);
  const body = rest.slice(0, rest.search(/\r?\n--/));
  return JSON.parse(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
}

/** The journal's latest record per report (checksums not checked: the code under test does that). */
export function journal(dir) {
  const latest = new Map();
  for (const line of readFileSync(join(dir, 'journal.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line);
    latest.set(r.name, r);
  }
  return latest;
}
