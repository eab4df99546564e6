/**
 * Step "sealed": the ciphertext and the ways to send it (the intake's Send button with
 * `submit-url`, downloads, a `mailto:` link without the report, the clipboard), the receipt,
 * and "clear".
 */
import { drawReceipt } from '../reporter-key.js';
import { add, h, groupHex } from '../dom.js';
import { submitUrl, sendSealed } from '../sealing.js';

/** The Send button and what the intake answered. */
function drawSend(ctx, sealed) {
  const st = ctx.s.send;
  const t = (k, p) => ctx.t(k, p);
  if (st?.state === 'sent') {
    const match = st.receipt.sha256 === sealed.receipt?.sha256;
    return h('div', { class: 'send-result', 'data-send': 'sent', 'data-match': String(match), role: 'status' },
      h('p', { 'data-send-status': '' }, t('send.sent', { id: st.receipt.id, at: st.receipt.received_at })),
      h('p', { class: match ? '' : 'error' }, match ? t('send.match', { sha256: st.receipt.sha256 }) : t('send.mismatch', { theirs: st.receipt.sha256, ours: sealed.receipt?.sha256 ?? '?' })));
  }
  const failed = st?.state === 'failed';
  return h('div', { class: 'send-result', 'data-send': st?.state ?? 'ready' },
    failed
      ? h('p', { class: 'error', role: 'alert', 'data-send-status': '', 'data-code': st.code ?? st.why }, t(`send.failed_${st.why}`, { reason: st.known ? t(`send.refused.${st.code}`) : t('send.refused.other') }))
      : h('p', {}, t('send.intro')),
    failed && st.why === 'refused' ? h('p', { class: 'muted', 'data-send-detail': '' }, t('send.refused_detail', { code: st.code, status: st.status, message: st.message })) : null,
    h('div', { class: 'actions' }, ctx.button('send', t(st?.state === 'sending' ? 'send.sending' : failed ? 'send.retry' : 'send.button'), { primary: true, disabled: st?.state === 'sending', onclick: () => sendSealed(ctx) })));
}

export function drawSealed(ctx, section) {
  const sealed = ctx.s.sealed;
  if (!sealed) {
    add(section, ctx.heading('step.sealed'));
    return;
  }
  const blobLink = (action, text, data, type, file, primary = false) =>
    h('a', { 'data-action': action, class: primary ? 'link-button primary' : 'link-button', part: primary ? 'button button-primary' : 'button', download: file, href: ctx.blobs.url(action, data, type) }, text);
  const mailto = `mailto:${encodeURIComponent(sealed.to).replace(/%40/g, '@')}?subject=${encodeURIComponent(sealed.subject)}&body=${encodeURIComponent(ctx.t('sealed.mailto_body'))}`;
  add(section, 
    ctx.heading('step.sealed'),
    // With the reporter's copy, the PSIRT is not the only reader.
    h('p', {}, ctx.t(sealed.recipients?.some((r) => r.role === 'reporter') ? 'receipt.intro_copy' : 'sealed.intro', { to: sealed.to })),
    h('p', { class: 'muted' }, ctx.t('sealed.fingerprint', { fingerprint: groupHex(sealed.fingerprint) })),
    submitUrl(ctx) ? drawSend(ctx, sealed) : null,
    h('ul', { class: 'send' },
      h('li', {}, blobLink('download-asc', ctx.t('sealed.download_asc'), sealed.armored, 'application/pgp-encrypted', 'report.asc', !submitUrl(ctx))),
      h('li', {}, blobLink('download-eml', ctx.t('sealed.download_eml'), sealed.eml, 'message/rfc822', 'report.eml')),
      h('li', {}, h('a', { 'data-action': 'mailto', class: 'link-button', part: 'button', href: mailto }, ctx.t('sealed.mailto')), h('p', { class: 'hint' }, ctx.t('sealed.mailto_hint'))),
      h('li', {}, ctx.button('copy', ctx.t('sealed.copy'), { onclick: async () => {
        try {
          await navigator.clipboard.writeText(sealed.armored);
          ctx.announce(ctx.t('sealed.copied'));
        } catch {
          const pre = ctx.root.querySelector('pre.armored');
          if (pre) getSelection()?.selectAllChildren(pre);
        }
      } })),
    ),
    h('pre', { class: 'armored', tabindex: '0', 'aria-label': 'OpenPGP' }, sealed.armored),
    ctx.drafts?.afterSeal(), // sealing keeps the draft; clearing forgets it
    drawReceipt((k, p) => ctx.t(k, p), sealed, ctx.blobs),
    ctx.s.clearing
      ? h(
          'div',
          { class: 'clear-confirm', role: 'group', 'aria-labelledby': 'clear-warning' },
          h('p', { id: 'clear-warning' }, ctx.t('sealed.clear_warning')),
          h('div', { class: 'actions' }, ctx.button('back', ctx.t('back'), { onclick: () => {
            ctx.s.clearing = false;
            ctx.render();
            ctx.root.querySelector('[data-action="clear"]')?.focus();
          } }), ctx.button('clear-confirm', ctx.t('sealed.clear_confirm'), { class: 'danger', onclick: () => ctx.clear() })),
        )
      : h('div', { class: 'actions' }, ctx.button('clear', ctx.t('sealed.clear'), { class: 'secondary danger-outline', onclick: () => {
          ctx.s.clearing = true;
          ctx.render();
          ctx.root.querySelector('[data-action="clear-confirm"]')?.focus();
        } })),
  );

}
