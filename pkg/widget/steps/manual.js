/**
 * The manual route: shown when neither the wasm nor the JavaScript core loads, the worker cannot
 * start, the encryption code is not the published one, the isolated frame fails, or discovery
 * finds no pinned key. The PSIRT's address, fingerprint and key, and the gpg commands.
 */
import { add, h, groupHex } from '../dom.js';
import { discoveryRefusal } from '../key-discovery-view.js';

export function drawManual(ctx, section) {
  const p = ctx.profile ?? {};
  const to = p.psirt_email ?? '';
  const keyUrl = ctx.host.getAttribute('key-url') ?? p.key_url;
  const fp = groupHex(p.pin ?? '');
  // Here because discovery found no pinned key, not because the browser cannot run the form.
  const lost = !ctx.s.tampered && String(ctx.recipient?.error?.code).startsWith('discover-');
  add(section, 
    // The isolated frame did not load, or refused the page's settings: said instead.
    ctx.heading(
      ctx.s.tampered ? 'manual.tampered_title' : ctx.s.isolationFailed ? 'isolated.failed_title' : lost ? 'discover.manual_title' : 'manual.title',
    ),
    lost ? discoveryRefusal((k, o) => ctx.t(k, o), ctx.recipient.error, p, null) : null,
    ctx.s.isolationFailed
      ? h('p', { class: 'error', role: 'alert' }, ctx.s.isolationFailed)
      : h('p', ctx.s.tampered ? { class: 'error', role: 'alert' } : {}, ctx.t(ctx.s.tampered ? 'manual.tampered' : lost ? 'discover.manual_why' : 'manual.why')),
    h(
      'ol',
      { class: 'manual' },
      h('li', {}, ctx.t('manual.step1')),
      h('li', {}, ctx.t('manual.step2'), ' ', h('code', { class: 'fingerprint', part: 'fingerprint' }, fp), keyUrl ? h('p', {}, h('a', { href: keyUrl, download: 'psirt-key.asc', 'data-action': 'download-key' }, ctx.t('manual.key'))) : null),
      // --trust-model always: the reporter checked the fingerprint by eye at step 2; without it
      // gpg stops at "use this key anyway?" for a key nobody certified.
      h('li', {}, ctx.t('manual.step3'), h('pre', { class: 'command' }, `gpg --import psirt-key.asc\ngpg --fingerprint ${to}\ngpg --encrypt --armor --trust-model always --recipient ${(p.pin ?? '').replace(/\s/g, '')} report.txt`)),
      h('li', {}, ctx.t('manual.step4'), ' ', to ? h('a', { href: `mailto:${to}` }, to) : null),
    ),
  );
}
