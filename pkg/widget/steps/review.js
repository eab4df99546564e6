/**
 * Step "review": the recipient (address, fingerprint, whether it is the pinned key), the
 * reporter's own key, the text the PSIRT will read, the files sent, any critical finding left
 * (to confirm), and the seal button. Reached from the details once the report is valid.
 */
import { formatBytes } from '../i18n.js';
import { drawReporterKey } from '../reporter-key.js';
import { add, h, groupHex } from '../dom.js';
import { foundNote, discoveryRefusal } from '../key-discovery-view.js';
import { attachmentBytes } from '../metadata-view.js';
import { formReport, findingList, criticalLeft } from '../checks.js';
import { onSeal } from '../sealing.js';

/** "Review": validates and scans; errors stay on the details step, a valid report goes to review. */
export async function onReview(ctx) {
  const s = ctx.s;
  s.showAll = true;
  try {
    await ctx.engine.ready;
    const report = formReport(ctx);
    const [d, found] = await Promise.all([ctx.api.validate(report, { profile: ctx.profileArg }), ctx.api.scan(report, { profile: ctx.profileArg, language: ctx.lang })]);
    s.diagnostics = { ...d, errors: report.named(d.errors) };
    s.findings = report.named(found);
    if (!d.valid) {
      ctx.render();
      ctx.root.querySelector('.error-summary')?.focus();
      ctx.announce(ctx.t('status.errors', { count: d.errors.length }));
      return;
    }
    s.rendering = await ctx.api.renderText(report, { profile: ctx.profileArg, language: ctx.lang });
    s.confirmed = false;
    ctx.go('review');
  } catch (e) {
    ctx.fail('details', e);
  }
}

export function drawReview(ctx, section) {
  const s = ctx.s;
  const p = ctx.profile ?? {};
  add(section, ctx.heading('step.review'));
  // The recipient: address, fingerprint in groups of four, and whether it is the pinned key.
  const rec = ctx.recipient;
  const box = h('div', { class: 'recipient', part: 'review' }, h('h3', {}, ctx.t('review.recipient')));
  let keyOk = false;
  if (!rec) add(box, h('p', { class: 'muted' }, ctx.t('review.key_loading')));
  // Discovery found no pinned key: say what was tried, offer the route by hand.
  else if (String(rec.error?.code).startsWith('discover-')) add(box, discoveryRefusal((k, o) => ctx.t(k, o), rec.error, p, () => ctx.go('manual')));
  else if (rec.error) {
    const mismatch = rec.error.code === 'key-fingerprint-mismatch';
    // The core's message names the key received then the pin; the form shows both, grouped.
    const [found] = (String(rec.error.message).match(/\b[0-9A-Fa-f]{4}(?: ?[0-9A-Fa-f]{4}){9,15}\b/g) ?? []).map((f) => f.replace(/\s/g, ''));
    add(
      box,
      h(
        'div',
        { class: 'refusal', role: 'alert', 'data-code': rec.error.code ?? 'key' },
        h('p', {}, mismatch ? ctx.t('review.mismatch', { name: p.name ?? 'PSIRT' }) : ctx.t('review.key_error', { message: rec.error.message })),
        h(
          'dl',
          {},
          mismatch && found ? [h('dt', {}, ctx.t('review.received')), h('dd', {}, h('code', { class: 'fingerprint', 'data-fingerprint': found.toUpperCase() }, groupHex(found.toUpperCase())))] : null,
          p.pin ? [h('dt', {}, ctx.t('review.expected')), h('dd', {}, h('code', { class: 'fingerprint', part: 'fingerprint' }, groupHex(p.pin)))] : null,
        ),
        h('p', {}, ctx.t('review.key_next', { to: p.psirt_email ?? '' })),
      ),
    );
  } else {
    const pinned = String(p.pin ?? '').replace(/\s/g, '').toUpperCase();
    keyOk = rec.fingerprint === pinned;
    add(box, 
      h(
        'dl',
        {},
        h('dt', {}, ctx.t('review.address')),
        h('dd', { 'data-to': '' }, s.route?.to ?? p.psirt_email),
        h('dt', {}, ctx.t('review.fingerprint')),
        h('dd', {}, h('code', { class: 'fingerprint', part: 'fingerprint', 'data-fingerprint': rec.fingerprint }, groupHex(rec.fingerprint))),
        ctx.found ? foundNote((k, o) => ctx.t(k, o), ctx.found) : null,
      ),
      keyOk ? h('p', { class: 'ok' }, `✓ ${ctx.t('review.pinned', { name: p.name ?? 'PSIRT' })}`) : h('p', { class: 'refusal', role: 'alert' }, ctx.t('review.mismatch', { name: p.name ?? 'PSIRT' })),
    );
  }
  add(section, box);
  // The reporter's own key (paste or generate), judged in the worker.
  add(section, drawReporterKey({
    t: (k, p) => ctx.t(k, p), lang: ctx.lang, api: ctx.api, state: s.reporterKey, announce: (m) => ctx.announce(m),
    render: () => ctx.render(), focus: (sel) => ctx.root.querySelector(sel)?.focus(), email: s.values.reporter?.email, name: s.values.reporter?.name,
    blobs: ctx.blobs,
  }));
  add(section, 
    h('div', { class: 'rendering' }, h('h3', {}, ctx.t('review.rendering'), ' ', ctx.button('change', ctx.t('review.change'), { class: 'link small', onclick: () => ctx.go('details') })), h('p', { class: 'hint' }, ctx.t('review.rendering_hint')), h('pre', { class: 'rendered', 'data-part': 'rendering', tabindex: '0', 'aria-label': ctx.t('review.rendering') }, s.rendering ?? '')),
  );
  const files = h('div', { class: 'review-files' }, h('h3', {}, ctx.t('review.files')));
  // The size sent, and which copy.
  if (s.attachments.length) add(files, h('ul', {}, s.attachments.map((a) => h('li', {}, `${a.name} — ${formatBytes(ctx.lang, attachmentBytes(a).length)}${a.useCleaned && a.cleaned?.data ? ` (${ctx.t('meta.review_cleaned')})` : ''}`))));
  else add(files, h('p', { class: 'muted' }, ctx.t('review.no_files')));
  add(section, files);
  const left = criticalLeft(ctx);
  if (left.length) {
    add(section, 
      h(
        'div',
        { class: 'findings-confirm', role: 'group', 'aria-labelledby': 'findings-confirm-title' },
        h('h3', { id: 'findings-confirm-title' }, ctx.t('review.findings')),
        h('p', {}, ctx.t('review.findings_hint')),
        findingList(ctx, left.filter((f) => !f.attachment), { name: true }),
        s.attachments.map((a, i) => (a.findings?.some((f) => f.severity === 'critical' || f.severity === 'high') ? findingList(ctx, a.findings.filter((f) => f.severity === 'critical' || f.severity === 'high'), { attachment: i }) : null)),
        h(
          'div',
          { class: 'choice' },
          h('input', { type: 'checkbox', id: 'confirm-findings', 'data-action': 'confirm-findings', props: { checked: s.confirmed }, onchange: (e) => {
            s.confirmed = e.target.checked;
            const seal = ctx.root.querySelector('[data-action="seal"]');
            if (seal) seal.disabled = !(s.confirmed && keyOk);
          } }),
          h('label', { for: 'confirm-findings' }, ctx.t(left.length === 1 ? 'review.confirm_one' : 'review.confirm', { count: left.length })),
        ),
      ),
    );
  }
  add(section, 
    h(
      'div',
      { class: 'actions' },
      ctx.button('back', ctx.t('back'), { onclick: () => ctx.go('details') }),
      // A refused key leaves nothing to press: no seal button at all.
      rec?.error ? null : ctx.button('seal', ctx.t(s.stamping ? 'sealing.stamp' : s.busy ? 'sealing' : 'seal'), { primary: true, disabled: !keyOk || s.busy || (left.length > 0 && !s.confirmed), onclick: () => onSeal(ctx) }),
    ),
    // The anti-spam stamp being minted (an indeterminate bar: the search's
    // length is random).
    s.stamping
      ? h('div', { class: 'stamp-progress', 'data-stamp': '' },
          h('progress', { id: 'stamp-progress', 'aria-describedby': 'stamp-hint', 'aria-label': ctx.t('stamp.progress') }),
          h('label', { for: 'stamp-progress' }, ctx.t('stamp.progress')),
          h('p', { id: 'stamp-hint', class: 'hint' }, ctx.t('stamp.hint')))
      : null,
  );
}
