/**
 * A way back to the reporter. On the review step, the reporter may give their own
 * public key (pasted, judged in the worker by the same policy as the PSIRT's key, without a pin)
 * or have one made in the browser (a Curve25519 key protected by a passphrase they choose,
 * downloaded as an .asc secret key); the report is then encrypted to the PSIRT and to them, and
 * `reporter.pgp_key` carries the public key. After sealing, a receipt they keep: report id, date,
 * PSIRT fingerprint and SHA-256 of the armored message.
 *
 * The passphrase is read from its two fields when "Generate" is pressed, handed to the worker,
 * and the fields are emptied: it is never kept in the form's state, never stored or sent.
 */

import { h, groupHex, BlobUrls } from './dom.js';

/** The reporter-key state the form keeps (one per form; `fresh()` on clear). */
export function freshReporterKey() {
  return { mode: 'none', text: '', info: null, error: null, busy: false, generated: null, publicKey: null };
}

/**
 * A rough strength hint for a passphrase, from its length and variety only (no dictionary is
 * shipped with the widget): 'weak' under 14 characters or one character class, 'good' from 20
 * characters with a space or three classes, else 'fair'.
 */
export function passphraseStrength(p) {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(p)).length;
  if (p.length < 14 || classes < 2) return 'weak';
  if (p.length >= 20 && (/\s/.test(p) || classes >= 3)) return 'good';
  return 'fair';
}

const errorOf = (e) => ({ code: e?.code ?? 'reporter-key-invalid', message: String(e?.message ?? e) });

/**
 * Checks pasted text in the worker. Sets `state.publicKey` only when it is a usable armored key.
 * Returns false when it was refused (the error is in `state.error`).
 */
export async function checkPasted(state, api, lang) {
  state.error = null;
  state.info = null;
  state.publicKey = null;
  const text = state.text.trim();
  if (!text) return true;
  try {
    const info = await api.loadReporterKey(text, { language: lang });
    if (info === null) state.info = { fingerprintOnly: true };
    else {
      state.info = info;
      state.publicKey = text;
    }
    return true;
  } catch (e) {
    state.error = errorOf(e);
    return false;
  }
}

/**
 * Before sealing: a pasted key not yet checked is checked now, so that a bad key stops sealing
 * (never silently dropped). Returns false when sealing must not go on.
 */
export async function readyToSeal(state, api, lang) {
  if (state.mode === 'paste' && state.text.trim() && !state.publicKey && !state.info) return checkPasted(state, api, lang);
  if (state.mode === 'paste' && state.error) return false;
  return true;
}

/** The public key to put into `reporter.pgp_key`, or undefined. */
export function reporterPgpKey(state) {
  if (state.mode === 'paste') return state.text.trim() || undefined;
  if (state.mode === 'generate') return state.publicKey ?? undefined;
  return undefined;
}

/** Used when the form passes none (`ctx.blobs`): object URLs revoked when replaced. */
const ownBlobs = new BlobUrls();
const blobLink = (blobs, action, text, data, type, file) =>
  h('a', { 'data-action': action, class: 'link-button', part: 'button', download: file, href: (blobs ?? ownBlobs).url(action, data, type) }, text);

/**
 * The review step's block. `ctx`: {t, lang, api, state, render, announce, email, name}.
 */
export function drawReporterKey(ctx) {
  const { t, state } = ctx;
  const box = h('fieldset', { class: 'reporter-key', 'data-part': 'reporter-key' }, h('legend', {}, t('rk.title')), h('p', { class: 'hint', id: 'rk-hint' }, t('rk.hint')), h('p', { class: 'hint', id: 'rk-reveals', 'data-part': 'rk-reveals' }, t('rk.reveals')));
  const choice = (mode) =>
    h(
      'div',
      { class: 'choice' },
      h('input', { type: 'radio', name: 'rk-mode', id: `rk-mode-${mode}`, value: mode, 'data-action': `rk-${mode}`, props: { checked: state.mode === mode }, onchange: () => {
        state.mode = mode;
        state.error = null;
        ctx.render();
        ctx.focus?.(`#rk-mode-${mode}`);
      } }),
      h('label', { for: `rk-mode-${mode}` }, t(`rk.${mode}`)),
    );
  box.append(h('div', { role: 'radiogroup', 'aria-describedby': 'rk-hint rk-reveals' }, choice('none'), choice('paste'), choice('generate')));
  if (state.mode === 'paste') box.append(drawPaste(ctx));
  if (state.mode === 'generate') box.append(drawGenerate(ctx));
  return box;
}

function drawError(ctx) {
  const e = ctx.state.error;
  return e ? h('p', { class: 'error', role: 'alert', 'data-code': e.code }, e.message) : null;
}

function drawInfo(ctx) {
  const { t, state } = ctx;
  if (!state.info) return null;
  if (state.info.fingerprintOnly) return h('p', { class: 'warning', role: 'status', 'data-code': 'reporter-key-fingerprint-only' }, t('rk.fingerprint_only'));
  return h(
    'div',
    { role: 'status' },
    h('p', { class: 'ok' }, t('rk.ok')),
    h('dl', {}, h('dt', {}, t('rk.fingerprint')), h('dd', {}, h('code', { class: 'fingerprint', 'data-reporter-fingerprint': state.info.fingerprint }, groupHex(state.info.fingerprint)))),
  );
}

function drawPaste(ctx) {
  const { t, state } = ctx;
  return h(
    'div',
    { class: 'rk-paste' },
    h('label', { for: 'rk-text' }, t('rk.paste_label')),
    h('textarea', { id: 'rk-text', rows: '6', spellcheck: 'false', autocomplete: 'off', 'data-action': 'rk-text', props: { value: state.text }, oninput: (e) => {
      state.text = e.target.value;
      state.info = null;
      state.publicKey = null;
      state.error = null;
    } }),
    h('div', { class: 'actions' }, h('button', { type: 'button', 'data-action': 'rk-check', disabled: state.busy, onclick: async () => {
      state.busy = true;
      ctx.render();
      await checkPasted(state, ctx.api, ctx.lang);
      state.busy = false;
      ctx.render();
      ctx.focus?.('[data-action="rk-check"]');
      ctx.announce(state.error ? state.error.message : state.info?.fingerprintOnly ? t('rk.fingerprint_only') : t('rk.ok'));
    } }, t(state.busy ? 'rk.checking' : 'rk.check'))),
    drawError(ctx),
    drawInfo(ctx),
  );
}

function drawGenerate(ctx) {
  const { t, state } = ctx;
  if (state.generated) {
    const g = state.generated;
    return h(
      'div',
      { class: 'rk-made' },
      h('p', { class: 'ok', role: 'status' }, t('rk.made')),
      h('dl', {}, h('dt', {}, t('rk.fingerprint')), h('dd', {}, h('code', { class: 'fingerprint', 'data-reporter-fingerprint': g.fingerprint }, groupHex(g.fingerprint)))),
      h(
        'ul',
        { class: 'send' },
        h('li', {}, blobLink(ctx.blobs, 'rk-download-secret', t('rk.download_secret'), g.secretKey, 'application/pgp-keys', `reporter-secret-key-${g.fingerprint.slice(-16)}.asc`)),
        h('li', {}, blobLink(ctx.blobs, 'rk-download-public', t('rk.download_public'), g.publicKey, 'application/pgp-keys', `reporter-public-key-${g.fingerprint.slice(-16)}.asc`)),
      ),
      h('button', { type: 'button', class: 'link small', 'data-action': 'rk-remove', onclick: () => {
        state.generated = null;
        state.publicKey = null;
        state.info = null;
        state.mode = 'none';
        ctx.render();
      } }, t('rk.remove')),
    );
  }
  const strength = h('p', { class: 'hint', id: 'rk-strength', 'aria-live': 'polite' });
  const mismatch = h('p', { class: 'error', id: 'rk-mismatch', hidden: true }, t('rk.mismatch'));
  const onPass = () => {
    const p1 = box.querySelector('#rk-pass1').value;
    const p2 = box.querySelector('#rk-pass2').value;
    strength.textContent = p1 ? t(`rk.strength.${passphraseStrength(p1)}`) : '';
    mismatch.hidden = !p2 || p1 === p2;
    // A refusal from the last attempt no longer applies to what is being typed.
    if (state.error) {
      state.error = null;
      box.querySelector('[role="alert"]')?.remove();
    }
  };
  const box = h(
    'div',
    { class: 'rk-generate' },
    h('label', { for: 'rk-name' }, t('rk.name_label')),
    h('input', { type: 'text', id: 'rk-name', autocomplete: 'name', props: { value: ctx.name ?? '' } }),
    h('label', { for: 'rk-pass1' }, t('rk.pass1')),
    h('input', { type: 'password', id: 'rk-pass1', autocomplete: 'new-password', 'aria-describedby': 'rk-pass-hint rk-strength', oninput: onPass }),
    h('p', { class: 'hint', id: 'rk-pass-hint' }, t('rk.pass_hint')),
    strength,
    h('label', { for: 'rk-pass2' }, t('rk.pass2')),
    h('input', { type: 'password', id: 'rk-pass2', autocomplete: 'new-password', 'aria-describedby': 'rk-mismatch', oninput: onPass }),
    mismatch,
    h('div', { class: 'actions' }, h('button', { type: 'button', 'data-action': 'rk-make', disabled: state.busy, onclick: async () => {
      const p1 = box.querySelector('#rk-pass1');
      const p2 = box.querySelector('#rk-pass2');
      if (p1.value !== p2.value) {
        mismatch.hidden = false;
        p2.focus();
        return;
      }
      const passphrase = p1.value;
      const name = box.querySelector('#rk-name').value;
      state.busy = true;
      state.error = null;
      box.querySelector('[data-action="rk-make"]').textContent = t('rk.making');
      try {
        const g = await ctx.api.generateKey({ name, email: ctx.email ?? '', passphrase }, { language: ctx.lang });
        state.generated = g;
        state.publicKey = g.publicKey;
        state.info = { fingerprint: g.fingerprint };
      } catch (e) {
        // Where WebAssembly is off the form runs the JavaScript core, which has no key generation.
        // A page that pins its modules but not the one that makes keys cannot make one either.
        const known = { 'no-webassembly': 'rk.no_wasm', 'init-integrity-open-unpinned': 'rk.open_unpinned' }[e?.code];
        state.error = known ? { code: e.code, message: t(known) } : errorOf(e);
      }
      p1.value = '';
      p2.value = '';
      state.busy = false;
      ctx.render();
      ctx.focus?.(state.generated ? '[data-action="rk-download-secret"]' : '#rk-pass1');
      ctx.announce(state.error ? state.error.message : t('rk.made'));
    } }, t('rk.make'))),
    drawError(ctx),
  );
  return box;
}

/** The receipt as a small text file, in the form's language. */
export function receiptText(t, sealed) {
  const r = sealed.receipt;
  const mine = (sealed.recipients ?? []).find((x) => x.role === 'reporter');
  return [
    t('receipt.file_title'),
    '',
    `${t('receipt.id')}: ${r.reportId}`,
    `${t('receipt.date')}: ${r.sealedAt}`,
    `${t('receipt.psirt')}: ${groupHex(r.psirtFingerprint)}`,
    `${t('receipt.sha256')}: ${r.sha256}`,
    mine ? `${t('receipt.copy_to')}: ${groupHex(mine.fingerprint)}` : null,
    '',
    t('receipt.file_note'),
    '',
  ]
    .filter((l) => l !== null)
    .join('\r\n');
}

/** The sealed step's receipt block. */
export function drawReceipt(t, sealed, blobs) {
  const r = sealed?.receipt;
  if (!r?.sha256) return null;
  const mine = (sealed.recipients ?? []).find((x) => x.role === 'reporter');
  return h(
    'div',
    { class: 'receipt', 'data-part': 'receipt' },
    h('h3', {}, t('receipt.title')),
    h('p', { class: 'hint' }, t('receipt.hint')),
    h(
      'dl',
      {},
      h('dt', {}, t('receipt.id')),
      h('dd', {}, h('code', { 'data-receipt': 'reportId' }, r.reportId)),
      h('dt', {}, t('receipt.date')),
      h('dd', {}, h('code', { 'data-receipt': 'sealedAt' }, r.sealedAt)),
      h('dt', {}, t('receipt.psirt')),
      h('dd', {}, h('code', { class: 'fingerprint' }, groupHex(r.psirtFingerprint))),
      h('dt', {}, t('receipt.sha256')),
      h('dd', {}, h('code', { class: 'sha256', 'data-receipt': 'sha256' }, r.sha256)),
      mine ? [h('dt', {}, t('receipt.copy_to')), h('dd', {}, h('code', { class: 'fingerprint', 'data-receipt': 'reporter' }, groupHex(mine.fingerprint)))] : null,
    ),
    blobLink(blobs, 'download-receipt', t('receipt.download'), receiptText(t, sealed), 'text/plain;charset=utf-8', `receipt-${r.reportId}.txt`),
  );
}
