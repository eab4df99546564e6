/**
 * Sealing and sending: the report encrypted in the worker, the profile's anti-spam stamp minted
 * after it, the `psirt-sealed` event, and, with `submit-url`, the armored message (ciphertext
 * only) posted to the intake and its receipt compared with the reporter's own.
 */
import { CATALOG } from './i18n.js';
import { readyToSeal } from './reporter-key.js';
import { attachmentBytes } from './metadata-view.js';
import { formReport } from './checks.js';

/**
 * Seals the report in the worker, mints the stamp, goes to the sealed step and fires
 * `psirt-sealed`.
 */
export async function onSeal(ctx) {
  const s = ctx.s;
  if (s.busy) return;
  s.busy = true;
  ctx.render();
  try {
    // A pasted key not yet checked is checked now; a bad one stops sealing.
    if (!(await readyToSeal(s.reporterKey, ctx.api, ctx.lang))) {
      s.busy = false;
      ctx.render();
      ctx.root.querySelector('.reporter-key [role="alert"]')?.focus?.();
      return;
    }
    const sealed = await ctx.api.seal(formReport(ctx), {
      key: ctx.key,
      profile: ctx.profileArg,
      attachments: s.attachments.map((a) => ({ name: a.name, mediaType: a.mediaType, data: attachmentBytes(a) })),
    });
    if (ctx.engine.dead) return;
    // The profile's anti-spam stamp, minted in the worker after sealing.
    const stamp = await mintStamp(ctx, sealed.armored);
    s.busy = false;
    if (ctx.engine.dead) return;
    if (stamp === null) return ctx.render(); // the reporter left the step: nothing produced
    s.sealed = sealed;
    s.stamp = stamp;
    s.send = null;
    const { armored, eml, fingerprint, to, subject, recipients, receipt } = sealed;
    ctx.go('sealed');
    ctx.host.dispatchEvent(
      new CustomEvent('psirt-sealed', { bubbles: true, composed: true, detail: { armored, eml, fingerprint, to, subject, recipients, receipt, ...(stamp ? { stamp } : {}) } }),
    );
    ctx.announce(ctx.t('step.sealed'));
  } catch (e) {
    s.busy = false;
    s.stamping = false;
    s.sealed = null;
    ctx.fail('review', e);
  }
}

// The anti-spam stamp. `undefined` when the profile asks for none, `null` when
// cancelled (the reporter went back, or the form left the page), else the stamp string.
async function mintStamp(ctx, armored) {
  const bits = ctx.profile?.stamp?.bits ?? 0;
  if (!(bits > 0)) return undefined;
  const s = ctx.s;
  if (s.step !== 'review') return null; // went back while it was being encrypted
  s.stamping = true;
  ctx.render();
  ctx.announce(ctx.t('stamp.progress'));
  try {
    // A form that sends names its intake in the stamp (another intake refuses it).
    const audience = stampAudience(ctx);
    return await ctx.api.mintStamp(armored, { bits, job: 'seal', ...(audience && { audience }) });
  } catch (e) {
    if (e?.code === 'stamp-cancelled') return null;
    throw e;
  } finally {
    s.stamping = false;
  }
}

/** The intake URL of `submit-url` (http(s) only), or null: then the form sends nothing. */
export function submitUrl(ctx) {
  const attr = ctx.host.getAttribute('submit-url');
  if (!attr) return null;
  try {
    const u = new URL(attr, document.baseURI);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * The intake the stamp names: `submit-url` when the form sends, else `stamp-audience` (a host
 * page that posts the sealed message itself, from `psirt-sealed`, names its intake there), else
 * none. http(s) only, resolved against the page.
 */
function stampAudience(ctx) {
  const send = submitUrl(ctx);
  if (send) return send;
  const attr = ctx.host.getAttribute('stamp-audience');
  if (!attr) return null;
  try {
    const u = new URL(attr, document.baseURI);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * Posts the armored message (ciphertext only) and its stamp to the intake; the receipt's
 * SHA-256 must equal the reporter's own. A failure keeps every other route.
 */
export async function sendSealed(ctx) {
  const s = ctx.s;
  const url = submitUrl(ctx);
  if (!url || !s.sealed || s.send?.state === 'sending') return;
  s.send = { state: 'sending' };
  ctx.render();
  ctx.announce(ctx.t('send.sending'));
  let result;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/pgp-encrypted', ...(s.stamp ? { 'psirt-stamp': s.stamp } : {}) },
      body: s.sealed.armored,
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
      signal: AbortSignal.timeout(60_000),
    });
    const answer = await res.json().catch(() => ({}));
    if (res.status === 202 && typeof answer?.sha256 === 'string') {
      result = { state: 'sent', receipt: { id: String(answer.id), sha256: answer.sha256, received_at: String(answer.received_at) } };
    } else if (res.status === 409 && answer?.code === 'stamp-replayed' && typeof answer?.receipt?.sha256 === 'string') {
      result = { state: 'sent', receipt: answer.receipt }; // sent before (a retry after a lost answer)
    } else {
      // The intake's code is what the form translates; its own text (English) is shown only as
      // a detail, cut short: it comes from the server.
      const code = typeof answer?.code === 'string' && /^[a-z0-9-]{1,48}$/.test(answer.code) ? answer.code : null;
      result = { state: 'failed', why: 'refused', code: code ?? String(res.status), status: res.status, known: code !== null && Object.hasOwn(CATALOG.en, `send.refused.${code}`), message: String(answer?.message ?? res.statusText ?? '').slice(0, 200) };
    }
  } catch (e) {
    result = { state: 'failed', why: e?.name === 'TimeoutError' ? 'timeout' : 'offline' };
  }
  if (ctx.s !== s || s.sealed === null) return; // cleared meanwhile
  s.send = result;
  ctx.render();
  ctx.announce(ctx.root.querySelector('[data-send-status]')?.textContent ?? '');
}

/** Stops a stamp being minted (the reporter left the step, or the form left the page). */
export function cancelStamp(ctx) {
  if (ctx.s.stamping) ctx.api?.cancelStamp('seal').catch(() => {});
}
