/**
 * Delivery for bulk submission and the intake: SMTP through nodemailer (a small pool of connections, TLS
 * required: smtps, or STARTTLS whether offered or not) or an HTTP POST, each attempt journaled (`sending` before, `sent`/`failed` after),
 * temporary failures retried with backoff, attempts whose outcome is unknown counted `in_doubt`.
 */

import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../node.mjs';
import { writeFileAtomicAsync } from './journal.mjs';
import { own } from '../lib/own.js';


/** A delivery failure: `temporary` ones are retried with backoff, permanent ones are not. */
class DeliveryError extends Error {
  constructor(message, { code, temporary, reply, inDoubt = false }) {
    super(message);
    this.code = code;
    this.temporary = temporary;
    this.reply = reply;
    /** The connection failed after the message may have been taken (no reply seen). */
    this.inDoubt = inDoubt;
  }
}

/** Host names that are this machine: the only ones the plaintext opt-out accepts. */
function loopbackHost(host) {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Parse and check an SMTP URL; credentials come from the environment, never from the URL.
 *
 * TLS is required: `smtps://` is TLS from the first byte, and `smtp://` must upgrade with
 * STARTTLS before anything else is said, whether the server offers it or not. A man in the
 * middle who strips the STARTTLS offer (or a server that has none) gets a refusal, never the
 * envelope, the message or, above all, `AUTH` with the password. The only way round it is
 * `insecurePlaintextLoopback` (CLI `--insecure-plaintext-smtp-loopback`), for a test server on
 * this machine: refused for any other host, and never with credentials.
 *
 * @param {string} url
 * @param {Record<string, string|undefined>} [env]  where PSIRT_SMTP_USER/PASSWORD are read
 * @param {{insecurePlaintextLoopback?: boolean}} [options]
 */
export function smtpOptions(url, env = process.env, options = {}) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new InputError('--smtp must be a URL: smtp://host:port or smtps://host:port', { code: 'smtp-url-invalid' });
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') {
    throw new InputError('--smtp must start with smtp:// or smtps://', { code: 'smtp-url-invalid' });
  }
  if (u.username || u.password) {
    throw new InputError(
      'the SMTP URL must not hold credentials (they would show in the process list): set PSIRT_SMTP_USER and PSIRT_SMTP_PASSWORD',
      { code: 'smtp-credentials-in-url' },
    );
  }
  const secure = u.protocol === 'smtps:';
  const auth = env.PSIRT_SMTP_USER ? { user: env.PSIRT_SMTP_USER, pass: env.PSIRT_SMTP_PASSWORD ?? '' } : undefined;
  const plaintext = own(options, 'insecurePlaintextLoopback') === true;
  if (plaintext) {
    if (!loopbackHost(u.hostname)) {
      throw new InputError('--insecure-plaintext-smtp-loopback is for a test server on this machine (localhost, 127.0.0.1, ::1) only', {
        code: 'smtp-plaintext-not-loopback',
      });
    }
    if (auth) {
      throw new InputError('--insecure-plaintext-smtp-loopback cannot be used with credentials (PSIRT_SMTP_USER): they would cross in clear', {
        code: 'smtp-plaintext-credentials',
      });
    }
  }
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: Number(u.port || (secure ? 465 : 587)),
    secure,
    auth,
    // nodemailer: with secure false, send STARTTLS even when not offered, and give up if the
    // upgrade fails, before MAIL FROM or AUTH.
    requireTLS: !secure && !plaintext,
    ignoreTLS: plaintext,
    // Written out although it is the default: nodemailer copies its options into plain objects,
    // where an inherited `rejectUnauthorized: false` would otherwise be read.
    tls: { rejectUnauthorized: true },
  };
}

async function smtpSender({ url, from, connections, timeoutMs, insecurePlaintextLoopback }) {
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    ...smtpOptions(url, process.env, { insecurePlaintextLoopback }),
    pool: true,
    maxConnections: connections,
    maxMessages: 1000,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
    debug: false,
  });
  return {
    async send({ eml, to }) {
      try {
        const info = await transport.sendMail({ envelope: { from, to: [to] }, raw: eml });
        return { reply: String(info.response ?? '').slice(0, 300) };
      } catch (e) {
        // TLS required but not offered, or a certificate that does not verify: retrying cannot help.
        if (e?.code === 'ETLS') {
          throw new DeliveryError(`TLS: ${e?.message ?? e}`.slice(0, 300), { code: 'smtp-tls', temporary: false });
        }
        const status = Number(e?.responseCode);
        const reply = e?.response ? String(e.response).slice(0, 300) : undefined;
        if (status >= 500 && status < 600) {
          throw new DeliveryError(reply ?? `refused (${status})`, { code: 'smtp-refused', temporary: false, reply });
        }
        if (status >= 400 && status < 500) {
          throw new DeliveryError(reply ?? `deferred (${status})`, { code: 'smtp-deferred', temporary: true, reply });
        }
        // No reply at all: connection refused, dropped (e.g. in the middle of DATA), timed out.
        // Unless it never connected, the server may have taken the message before the cut.
        const neverConnected = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN/.test(`${e?.code} ${e?.originalCode} ${e?.message}`);
        throw new DeliveryError(`${e?.code ?? 'error'}: ${e?.message ?? e}`.slice(0, 300), {
          code: 'smtp-connection',
          temporary: true,
          inDoubt: !neverConnected,
        });
      }
    },
    close: () => transport.close(),
  };
}

/**
 * POST the armored message (`application/pgp-encrypted`) with its stamp (`PSIRT-Stamp`) to an
 * intake (docs/receiving/intake.md), the Message-ID as `Idempotency-Key`; the intake's receipt
 * `{id, sha256, received_at}` is the result. Redirects are not followed.
 */
export function postUrl(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new InputError('--post must be an https:// URL', { code: 'post-url-invalid' });
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
    throw new InputError('--post must be an https:// URL (http:// only to this machine)', { code: 'post-url-invalid' });
  }
  if (u.username || u.password) {
    throw new InputError('the POST URL must not hold credentials: set PSIRT_POST_TOKEN', { code: 'post-credentials-in-url' });
  }
  return u;
}

function postSender({ url, timeoutMs }) {
  const u = postUrl(url);
  const token = process.env.PSIRT_POST_TOKEN;
  return {
    async send({ armored, stamp, messageId }) {
      let res;
      try {
        res = await fetch(u, {
          method: 'POST',
          headers: {
            'content-type': 'application/pgp-encrypted',
            'idempotency-key': messageId,
            ...(stamp && { 'psirt-stamp': stamp }),
            ...(token && { authorization: `Bearer ${token}` }),
          },
          body: armored,
          signal: AbortSignal.timeout(timeoutMs),
          // Never followed: a redirect would send the message (and the bearer token) to a URL
          // the intake chose, possibly another host or plain http.
          redirect: 'manual',
        });
      } catch (e) {
        const code = e?.cause?.code ?? e?.name ?? 'error';
        throw new DeliveryError(`${code}: no answer`, {
          code: 'post-connection',
          temporary: true,
          inDoubt: !/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN/.test(code),
        });
      }
      const reply = `${res.status} ${res.statusText}`.trim();
      const answer = await res.json().catch(() => null);
      const receipt = (r) => (r && typeof r.sha256 === 'string' ? { id: String(r.id), sha256: r.sha256, received_at: String(r.received_at) } : undefined);
      if (res.ok) return { reply, receipt: receipt(answer) };
      if (res.status >= 300 && res.status < 400) {
        throw new DeliveryError(`${reply}: redirects are not followed (--post must name the intake itself)`, { code: 'post-redirect', temporary: false, reply });
      }
      // Sent before (an attempt whose answer was lost): the intake gives the receipt again.
      if (res.status === 409 && answer?.code === 'stamp-replayed' && receipt(answer.receipt)) return { reply, receipt: receipt(answer.receipt) };
      if (answer?.code) {
        const temporary = res.status >= 500 || [408, 425, 429].includes(res.status);
        throw new DeliveryError(`${reply}: ${answer.code}`, { code: temporary ? 'post-deferred' : 'post-refused', temporary, reply: `${reply} ${answer.code}` });
      }
      const temporary = res.status >= 500 || [408, 425, 429].includes(res.status);
      throw new DeliveryError(reply, { code: temporary ? 'post-deferred' : 'post-refused', temporary, reply });
    },
    close() {},
  };
}

/**
 * The .eml to send, with `From: <from>` as its first header: a file sealed by a dry run (no From)
 * or with another --from gets it now, rewritten atomically, so the file stays what was sent.
 */
async function withFrom(path, from) {
  const eml = await fsp.readFile(path, 'utf8');
  if (!from) return eml;
  const body = eml.startsWith('From: ') ? eml.slice(eml.indexOf('\r\n') + 2) : eml;
  const wanted = `From: ${from}\r\n${body}`;
  if (wanted !== eml) await writeFileAtomicAsync(path, wanted);
  return wanted;
}

export async function deliveryQueue(options, mode, journal, out, emit) {
  const connections = own(options, 'smtpConnections') ?? 3;
  const timeoutMs = own(options, 'timeoutMs') ?? 60_000;
  const sender = mode === 'smtp'
    ? await smtpSender({ url: own(options, 'smtp'), from: own(options, 'from'), connections, timeoutMs, insecurePlaintextLoopback: own(options, 'insecurePlaintextLoopback') === true })
    : postSender({ url: own(options, 'post'), timeoutMs });
  const retries = own(options, 'retries') ?? 4;
  const baseDelay = own(options, 'retryDelayMs') ?? 1000;
  // A connection slot is held only for what must come before the next message: the `sending`
  // record (durable before the attempt) and the SMTP transaction. The `sent`/`failed` record and
  // a retry's backoff run without a slot.
  const queue = [];
  let active = 0;
  let unfinished = 0;
  let idle = null;
  let fatal = null;
  const finished = () => {
    unfinished--;
    if (unfinished === 0) idle?.();
  };
  const wake = () => {
    while (active < connections && queue.length > 0) {
      active++;
      const item = queue.shift();
      attempt(item)
        .catch((e) => {
          fatal ??= e;
          finished();
        })
        .finally(() => {
          active--;
          wake();
        });
    }
  };
  const record = (item, entry, result) => {
    const inDoubt = item.inDoubt > 0 ? { in_doubt: item.inDoubt } : {};
    journal
      .append({ name: item.name, hash: item.hash, ...item.sealed, ...entry, ...inDoubt })
      .then(() => emit({ ...item.base, ...result, attempts: item.attempt, ...inDoubt }))
      .catch((e) => {
        fatal ??= e;
      })
      .finally(() => {
        item.eml = undefined;
        item.armored = undefined;
        finished();
      });
  };
  async function attempt(item) {
    if (item.attempt === undefined) {
      item.base = { name: item.name, source: item.source, ...(item.resealed && { resealed: true }), ...item.sealed };
      delete item.base.to;
      delete item.base.stamp;
      if (mode === 'post') item.armored = await fsp.readFile(join(out, `${item.name}.asc`), 'utf8');
      else item.eml = await withFrom(join(out, `${item.name}.eml`), own(options, 'from'));
      item.attempt = 0;
    }
    item.attempt++;
    const inDoubt = item.inDoubt > 0 ? { in_doubt: item.inDoubt } : {};
    await journal.append({ name: item.name, state: 'sending', hash: item.hash, ...item.sealed, attempt: item.attempt, ...inDoubt });
    let reply;
    let receipt;
    try {
      ({ reply, receipt } = await sender.send({ eml: item.eml, armored: item.armored, stamp: item.sealed.stamp, to: item.sealed.to, messageId: item.sealed.message_id }));
    } catch (caught) {
      const e = caught instanceof DeliveryError
        ? caught
        : new DeliveryError(`internal: ${caught?.message ?? caught}`, { code: 'internal', temporary: false });
      if (e.inDoubt) item.inDoubt = (item.inDoubt ?? 0) + 1;
      if (e.temporary && item.attempt <= retries) {
        const delay = Math.min(baseDelay * 2 ** (item.attempt - 1), 60_000) * (0.75 + Math.random() * 0.5);
        setTimeout(() => {
          queue.push(item);
          wake();
        }, delay);
        return;
      }
      const reason = { code: e.code, message: e.message, ...(e.reply && { reply: e.reply }) };
      record(item, { state: 'failed', reason: e.code, reply: e.reply, attempt: item.attempt }, { status: 'failed', reason });
      return;
    }
    record(item, { state: 'sent', reply, ...(receipt && { receipt }) }, { status: 'sent', reply, ...(receipt && { receipt }) });
  }
  return {
    push(item) {
      unfinished++;
      queue.push(item);
      wake();
    },
    async finish() {
      if (unfinished > 0) await new Promise((r) => (idle = r));
      await sender.close();
      if (fatal) throw fatal;
    },
  };
}

