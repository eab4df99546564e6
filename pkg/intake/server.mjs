/**
 * `psirt-report intake`: the PSIRT's receiving service. It takes sealed reports by HTTP POST and
 * stores them, and it can never read one: it holds no secret key. What it accepts is checked
 * without decrypting (`inspectMessage`, the core's packet walk): an OpenPGP message encrypted to
 * the pinned PSIRT key's encryption subkey, nothing readable beside it, no password packet, at
 * most the profile's number of recipients, under the size limit, with a valid anti-spam stamp
 * minted for this intake (`pkg/lib/stamp.js`). The contract, every refusal code included, is
 * docs/receiving/intake.md.
 *
 * node:http and no framework: the service has one route that matters, and the limits below
 * (body streamed and cut at the size limit, a body-rate floor, a connection cap, header size)
 * need the raw request and socket, which frameworks put behind their own body parsers.
 *
 * What is logged: time, receipt id, size, outcome code — never an address, a User-Agent or a
 * body. Rate limits key on an HMAC of the address under a key that lives in memory and rotates.
 */

import http from 'node:http';
import { createHmac, hash, randomBytes, randomUUID } from 'node:crypto';
// The stamp code from the package's Node entry, not from '../lib/stamp.js' directly: that entry is a
// bundle with its own copy of stamp.js, the one whose hashing it puts on node:crypto.
import { checkStamp, inspectMessage, loadRecipient, pgpMime, pgpMimeEnvelope, profile as loadProfile, stampAudience } from '../node.mjs';
import { dearmorMessage } from './armor.mjs';
import { Maildir, SpoolError } from './maildir.mjs';
import { ReplayStore, intakeHeader } from './replay.mjs';

/** Every refusal: code → [HTTP status, message]. docs/receiving/intake.md lists the same table. */
export const REFUSALS = {
  'not-found': [404, 'no such resource'],
  'method-not-allowed': [405, 'only POST is accepted here'],
  'unsupported-media-type': [415, 'send application/pgp-encrypted (the armored message) or message/rfc822 (the .eml)'],
  'too-large': [413, 'the message is larger than this intake accepts'],
  'headers-too-large': [431, 'the request headers are too large'],
  'body-too-slow': [408, 'the message arrived too slowly'],
  'too-many-connections': [503, 'too many open connections: try again shortly'],
  'rate-limited': [429, 'too many reports from this address: try again later'],
  'not-openpgp': [400, 'this is not an OpenPGP message'],
  'plaintext': [422, 'the message holds readable data outside the encryption'],
  'not-encrypted': [422, 'the message holds no encrypted data'],
  'no-integrity': [422, 'the message is encrypted without integrity protection'],
  'password-encrypted': [422, 'the message can be opened with a password: only the PSIRT key may open it'],
  'not-for-psirt': [422, 'the message is not encrypted to the PSIRT key'],
  'too-many-recipients': [422, 'the message is encrypted to more keys than this intake accepts'],
  'stamp-missing': [400, 'the PSIRT-Stamp header is missing'],
  'stamp-malformed': [400, 'the PSIRT-Stamp header is not a stamp'],
  'stamp-insufficient': [403, 'the stamp does not carry enough work'],
  'stamp-wrong-message': [403, 'the stamp was made for another message'],
  'stamp-wrong-audience': [403, 'the stamp was made for another intake'],
  'stamp-expired': [403, 'the stamp has expired: seal and send again'],
  'stamp-future': [403, 'the stamp is dated in the future'],
  'stamp-replayed': [409, 'this stamp was already used'],
  'storage-full': [507, 'the intake cannot store the report now: try again later'],
  'storage-failed': [503, 'the intake cannot store the report now: try again later'],
};

const MEDIA = { 'application/pgp-encrypted': 'armored', 'message/rfc822': 'eml' };

/** A refusal on its way to the client. */
class Refusal extends Error {
  constructor(code, extra = {}) {
    super(REFUSALS[code][1]);
    this.code = code;
    this.status = REFUSALS[code][0];
    this.extra = extra;
  }
}

/** Token buckets keyed by an HMAC of the address; the HMAC key rotates (and the buckets go). */
class RateLimiter {
  constructor({ perMinute, burst, rotateMs = 3600_000 }) {
    this.perMs = perMinute / 60_000;
    this.burst = burst;
    this.rotateMs = rotateMs;
    this.rotate();
  }
  rotate() {
    this.key = randomBytes(32);
    this.buckets = new Map();
    this.rotatedAt = Date.now();
  }
  /** 0 when allowed, else the seconds to wait. */
  take(address) {
    if (this.burst <= 0) return 0;
    const now = Date.now();
    if (now - this.rotatedAt > this.rotateMs) this.rotate();
    const k = createHmac('sha256', this.key).update(String(address)).digest('base64url').slice(0, 22);
    let b = this.buckets.get(k);
    if (!b) {
      b = { tokens: this.burst, at: now };
      this.buckets.set(k, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000));
  }
}

/**
 * Makes an intake (not yet listening).
 * @param {object} o
 * @param {string} o.maildir
 * @param {string|object} [o.profile]  'demo', 'thales' or a profile object (default 'thales')
 * @param {string|Uint8Array} [o.key]  the PSIRT public key (default: the profile's own)
 * @param {string} [o.pin]
 * @param {string} o.publicUrl  the URL reporters post to: the stamps' audience
 * @param {number} [o.stampBits]  difficulty (default the profile's; 0 = stamp optional)
 * @param {number} [o.maxBytes]  largest message (default 48 MiB)
 * @param {number} [o.maxRecipients]  most PKESKs (default 2: the PSIRT and the reporter's copy)
 * @param {string[]} [o.allowOrigins]  CORS origins
 * @param {number} [o.maxConnections]  default 256
 * @param {{perMinute: number, burst: number}} [o.rate]  default 30/min, burst 20; burst 0 = off
 * @param {number} [o.minBytesPerSecond]  body-rate floor after o.graceMs (default 4096 B/s, 3 s)
 * @param {(line: object) => void} [o.log]  one object per request (default: JSON on stderr)
 * @param {(eml: Buffer, name: string) => void} [o.forward]  called once a report is stored
 * @param {() => number} [o.forwardDepth]  reports waiting to be forwarded (for /metrics)
 */
export function createIntake(o) {
  const profileSpec = o.profile ?? 'thales';
  const prof = typeof profileSpec === 'string' ? loadProfile(profileSpec) : profileSpec;
  const keyText = o.key ?? prof.public_key;
  if (!keyText) throw Object.assign(new Error('the intake needs the PSIRT public key (--key)'), { code: 'key-missing' });
  const recipient = loadRecipient(keyText, { profile: profileSpec, ...(o.pin && { pin: o.pin }) });
  const encFp = recipient.encryptionKey.toUpperCase();
  // v4: the key ID is the fingerprint's last 8 bytes; v6: its first 8.
  const encKeyId = recipient.version === 6 ? encFp.slice(0, 16) : encFp.slice(-16);
  // The stamps' audience: the URL reporters post to (several when the page is reached under
  // several names); set on listen() when not given.
  const publicUrls = [o.publicUrl ?? []].flat();
  let audiences = publicUrls.length ? new Set(publicUrls.map(stampAudience)) : null;
  const bits = o.stampBits ?? prof.stamp?.bits ?? 0;
  const maxAgeSeconds = o.stampMaxAgeSeconds ?? 86400;
  const maxBytes = o.maxBytes ?? 48 * 1024 * 1024;
  const maxRecipients = o.maxRecipients ?? 2;
  const allowOrigins = new Set((o.allowOrigins ?? []).map((x) => new URL(x).origin));
  const maxConnections = o.maxConnections ?? 256;
  const minRate = o.minBytesPerSecond ?? 4096;
  const graceMs = o.graceMs ?? 3000;
  const to = prof.psirt_email ?? 'psirt@invalid';
  const log = o.log ?? ((line) => process.stderr.write(`${JSON.stringify(line)}\n`));

  const maildir = new Maildir(o.maildir);
  const replay = new ReplayStore(o.maildir, { maxAgeMs: (maxAgeSeconds + 300) * 1000 });
  const limiter = new RateLimiter(o.rate ?? { perMinute: 30, burst: 20 });

  // The `.eml` envelope around a report changes with the second (its Date header) and with the
  // report (its Message-ID and MIME boundary) only: the core writes it once a second around two
  // stand-ins, replaced here per report, rather than a call into the wasm per report.
  const ID_MARK = 'psirt-intake-id-stand-in';
  const BOUNDARY_MARK = '=_psirt_intake_boundary_stand_in';
  let envelopeCache = null;
  function envelopeOf(e) {
    if (envelopeCache?.now !== e.now) {
      const { head, tail } = pgpMimeEnvelope({ ...e, messageId: ID_MARK, boundary: BOUNDARY_MARK });
      // The stand-ins where the core put the real values: once for the id, three times for the
      // boundary in the head and once in the tail (else the profile's text holds one of them).
      const usable = head.split(ID_MARK).length === 2 && head.split(BOUNDARY_MARK).length === 4 && tail.split(BOUNDARY_MARK).length === 2 && !tail.includes(ID_MARK);
      if (!usable) return pgpMimeEnvelope(e);
      envelopeCache = { now: e.now, head, tail };
    }
    // Function replacements: no `$` pattern in a value is interpreted.
    return {
      head: envelopeCache.head.replace(ID_MARK, () => e.messageId).replaceAll(BOUNDARY_MARK, () => e.boundary),
      tail: envelopeCache.tail.replace(BOUNDARY_MARK, () => e.boundary),
    };
  }

  const counts = new Map();
  let open = 0;
  let inFlight = 0;
  const count = (code) => counts.set(code, (counts.get(code) ?? 0) + 1);

  function send(res, status, body, headers = {}) {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  function cors(req, res) {
    const origin = req.headers.origin;
    if (origin && allowOrigins.has(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
      return true;
    }
    return false;
  }

  /** Reads the body, cut at maxBytes (nothing past it is read) and below the rate floor. */
  function readBody(req) {
    return new Promise((resolve, reject) => {
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) return reject(new Refusal('too-large'));
      const chunks = [];
      let size = 0;
      const started = Date.now();
      const timer = setInterval(() => {
        const elapsed = Date.now() - started;
        if (elapsed >= graceMs && size / (elapsed / 1000) < minRate) fail(new Refusal('body-too-slow'));
      }, Math.min(1000, graceMs));
      const done = () => {
        clearInterval(timer);
        req.off('data', onData);
        req.off('end', onEnd);
        req.off('error', onError);
        req.off('aborted', onError);
      };
      const fail = (e) => {
        done();
        req.pause();
        reject(e);
      };
      const onData = (chunk) => {
        size += chunk.length;
        if (size > maxBytes) return fail(new Refusal('too-large'));
        chunks.push(chunk);
      };
      const onEnd = () => {
        done();
        resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
      };
      const onError = () => fail(Object.assign(new Error('aborted'), { code: 'aborted' }));
      req.on('data', onData);
      req.on('end', onEnd);
      req.on('error', onError);
      req.on('aborted', onError);
    });
  }

  /** The policy over what inspectMessage saw. */
  function judge(seen) {
    if (seen.literal || seen.compressed || seen.signed) throw new Refusal('plaintext');
    if (!seen.encrypted) throw new Refusal('not-encrypted');
    if (seen.encrypted === 'sed') throw new Refusal('no-integrity');
    if (seen.skesk > 0) throw new Refusal('password-encrypted');
    const ours = seen.recipients.some((r) =>
      r.version === 6 ? r.fingerprint?.toUpperCase() === encFp : r.keyId?.toUpperCase() === encKeyId,
    );
    if (!ours) throw new Refusal('not-for-psirt');
    if (seen.recipients.length > maxRecipients) throw new Refusal('too-many-recipients');
  }

  async function submit(req, res) {
    const started = Date.now();
    const kind = MEDIA[String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()];
    if (!kind) throw new Refusal('unsupported-media-type');
    const wait = limiter.take(req.socket.remoteAddress);
    if (wait > 0) throw new Refusal('rate-limited', { headers: { 'retry-after': String(wait) } });
    // The stamp first, from the header alone: a request without valid work is refused before
    // its body is read.
    const stamp = req.headers['psirt-stamp'];
    let checked = null;
    if (stamp !== undefined || bits > 0) {
      if (stamp === undefined || stamp === '') throw new Refusal('stamp-missing');
      try {
        checked = checkStamp(String(stamp), { bits, maxAgeSeconds });
      } catch (e) {
        if (e?.code in REFUSALS) throw new Refusal(e.code);
        throw e;
      }
      if (!audiences?.has(checked.audience)) throw new Refusal('stamp-wrong-audience');
      if (replay.has(String(stamp))) {
        const receipt = replay.lookup(String(stamp));
        throw new Refusal('stamp-replayed', receipt ? { body: { receipt } } : {});
      }
    }
    const body = await readBody(req);
    // The armored message in its usual form: the armor taken off here (armor.mjs says why) and
    // only the packets walked by the core; anything else goes to the core as it came.
    const text = kind === 'armored' ? body.toString('latin1') : null;
    const dearmored = text === null ? null : dearmorMessage(text);
    const binary = dearmored?.bytes ?? null;
    let seen;
    try {
      seen = inspectMessage(binary ?? body);
    } catch (e) {
      if (e?.code === 'inspect-not-openpgp' || e?.code === 'input-type') throw new Refusal('not-openpgp');
      throw e;
    }
    // In a mail, the block found ends with its END line: the line end the sealed message had is
    // restored, so the stamp's and the receipt's hashes are those of the message as sealed.
    const armored = kind === 'eml' ? seen.armored && `${seen.armored.replace(/\r?\n$/, '')}\r\n` : text;
    if (kind === 'eml' && !armored) throw new Refusal('not-openpgp');
    if (kind === 'armored' && !binary && seen.form !== 'armored') throw new Refusal('not-openpgp');
    if (!binary && !/^[\x09\x0a\x0d\x20-\x7e]*$/.test(armored)) throw new Refusal('not-openpgp');
    judge(seen);
    if (checked) {
      // The stamp names the message with LF line ends. (The strict armor has no lone CR.)
      const lf = binary ? armored.replaceAll('\r\n', '\n') : armored.replace(/\r\n?/g, '\n');
      const resource = hash('sha256', lf, 'hex');
      if (resource !== checked.resource) throw new Refusal('stamp-wrong-message');
      // The atomic claim: two requests carrying one stamp cannot both get here.
      if (replay.checkAndInsert(String(stamp))) {
        const receipt = replay.lookup(String(stamp));
        throw new Refusal('stamp-replayed', receipt ? { body: { receipt } } : {});
      }
    }
    const id = randomUUID();
    const receivedAt = new Date();
    const sha256 = hash('sha256', kind === 'armored' ? body : Buffer.from(armored, 'latin1'), 'hex');
    // Unique per report (its id's random part; base64 lines never hold "=_"): randomUUID draws
    // from a cached pool, where randomBytes made a system call per report (a profile showed it).
    const boundary = `=_psirt_intake_${id.replaceAll('-', '')}`;
    const receipt = { id, sha256, received_at: receivedAt.toISOString() };
    // The stamp's hash and the receipt travel in the stored file itself (see replay.mjs).
    const envelope = { to, subject: prof.language === 'fr' ? 'Rapport chiffré' : 'Encrypted report', now: Math.floor(receivedAt / 1000), messageId: id, boundary };
    const prefix = checked ? intakeHeader(String(stamp), receipt) : '';
    let eml;
    if (dearmored?.crlf) {
      // Already CRLF throughout: the bytes received go into the file as they are, between the
      // envelope's two halves (no copy of the text into a new string and back).
      const { head, tail } = envelopeOf(envelope);
      eml = Buffer.concat([Buffer.from(prefix + head, 'latin1'), body.subarray(0, dearmored.end), Buffer.from(tail, 'latin1')]);
    } else eml = Buffer.from(prefix + pgpMime(armored, envelope), 'latin1');
    inFlight++;
    let stored;
    try {
      stored = await maildir.store(eml);
    } catch (e) {
      if (checked) replay.release(String(stamp));
      if (e instanceof SpoolError && e.code in REFUSALS) throw new Refusal(e.code);
      throw e;
    } finally {
      inFlight--;
    }
    if (checked) replay.record(String(stamp), receipt);
    // Forwarding (optional) is not awaited: a report stored but not yet queued when the process
    // dies is queued at the next start (forward.mjs catches up from the Maildir).
    o.forward?.(eml, stored);
    return { receipt, size: body.length, ms: Date.now() - started };
  }

  function metrics() {
    const lines = [
      '# HELP psirt_intake_requests_total Requests answered, by outcome code.',
      '# TYPE psirt_intake_requests_total counter',
      ...[...counts].map(([code, n]) => `psirt_intake_requests_total{outcome="${code}"} ${n}`),
      '# HELP psirt_intake_spool_messages Reports in the Maildir new/ folder (stored by this process or found at start).',
      '# TYPE psirt_intake_spool_messages gauge',
      `psirt_intake_spool_messages ${maildir.depth}`,
      '# HELP psirt_intake_storing Reports being written to the spool.',
      '# TYPE psirt_intake_storing gauge',
      `psirt_intake_storing ${inFlight}`,
      '# HELP psirt_intake_forward_queue Reports waiting to be forwarded by mail.',
      '# TYPE psirt_intake_forward_queue gauge',
      `psirt_intake_forward_queue ${o.forwardDepth?.() ?? 0}`,
      '# HELP psirt_intake_open_connections Open client connections.',
      '# TYPE psirt_intake_open_connections gauge',
      `psirt_intake_open_connections ${open}`,
      '# HELP psirt_intake_replay_stamps Stamps remembered against replay.',
      '# TYPE psirt_intake_replay_stamps gauge',
      `psirt_intake_replay_stamps ${replay.size}`,
      '',
    ];
    return lines.join('\n');
  }

  async function handle(req, res) {
    const allowed = cors(req, res);
    const path = (req.url ?? '/').split('?')[0];
    const finish = (code, extra = {}) => {
      count(code);
      log({ time: new Date().toISOString(), ...extra, outcome: code });
    };
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      send(res, 200, { ok: true });
      return;
    }
    if (path === '/metrics' && req.method === 'GET') {
      const text = metrics();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
      res.end(text);
      return;
    }
    if (path !== '/reports') {
      send(res, 404, { code: 'not-found', message: REFUSALS['not-found'][1] });
      finish('not-found');
      return;
    }
    if (req.method === 'OPTIONS') {
      if (allowed) {
        res.writeHead(204, {
          'access-control-allow-methods': 'POST',
          'access-control-allow-headers': 'content-type, psirt-stamp',
          'access-control-max-age': '600',
        });
      } else res.writeHead(204);
      res.end();
      return;
    }
    if (req.method !== 'POST') {
      send(res, 405, { code: 'method-not-allowed', message: REFUSALS['method-not-allowed'][1] }, { allow: 'POST, OPTIONS' });
      finish('method-not-allowed');
      return;
    }
    try {
      const { receipt, size } = await submit(req, res);
      send(res, 202, receipt);
      finish('accepted', { id: receipt.id, size });
    } catch (e) {
      if (e?.code === 'aborted') {
        finish('aborted');
        return;
      }
      const r = e instanceof Refusal ? e : null;
      if (!r) {
        send(res, 500, { code: 'internal', message: 'internal error' });
        finish('internal');
        log({ time: new Date().toISOString(), outcome: 'internal', error: String(e?.code ?? e?.name ?? 'error') });
        return;
      }
      // A body not read to its end (too large, too slow, refused from the header): the
      // connection cannot carry another request, so it is closed once the answer is out.
      const unread = !req.complete;
      send(res, r.status, { code: r.code, message: r.message, ...(r.extra.body ?? {}) }, { ...(r.extra.headers ?? {}), ...(unread && { connection: 'close' }) });
      if (unread) res.on('finish', () => req.socket.destroySoon?.() ?? req.socket.end());
      finish(r.code);
    }
  }

  const server = http.createServer({
    maxHeaderSize: o.maxHeaderSize ?? 16 * 1024,
    headersTimeout: o.headersTimeoutMs ?? 10_000,
    requestTimeout: o.requestTimeoutMs ?? 300_000,
    keepAliveTimeout: 5_000,
  }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { code: 'internal', message: 'internal error' });
    });
  });
  const raw = (socket, code) => {
    const [status, message] = REFUSALS[code];
    const text = JSON.stringify({ code, message });
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
    count(code);
    log({ time: new Date().toISOString(), outcome: code });
  };
  server.on('connection', (socket) => {
    open++;
    socket.on('close', () => open--);
    if (open > maxConnections) raw(socket, 'too-many-connections');
  });
  server.on('clientError', (e, socket) => {
    if (!socket.writable) return socket.destroy();
    if (e?.code === 'HPE_HEADER_OVERFLOW') return raw(socket, 'headers-too-large');
    if (e?.code === 'ERR_HTTP_REQUEST_TIMEOUT') return raw(socket, 'body-too-slow');
    socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });

  return {
    server,
    maildir,
    replay,
    get audience() {
      return audiences ? [...audiences].join(' ') : null;
    },
    /** The request listener, for a server of the caller's (the demo serves it beside the page). */
    handle: (req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent) send(res, 500, { code: 'internal', message: 'internal error' });
      });
    },
    /** The URLs reporters post to (stamps must name one of them). */
    setPublicUrls(urls) {
      audiences = new Set([urls].flat().map(stampAudience));
    },
    bits,
    metrics,
    /** Listens on host:port (port 0: any); resolves with the bound address. */
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const a = server.address();
          audiences ??= new Set([stampAudience(`http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/reports`)]);
          resolve(a);
        });
      });
    },
    async close() {
      await new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections?.();
      });
      await replay.close();
    },
  };
}
