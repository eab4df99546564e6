/** Step "routed": the report belongs elsewhere (a CERT, sales): where, and nothing sent. */
import { add, h } from '../dom.js';

export function drawRouted(ctx, section) {
  const r = ctx.s.route ?? {};
  const certName = ctx.profile?.cert?.name?.[ctx.lang];
  add(section, 
    ctx.heading('step.routed'),
    h('p', { class: 'route-message' }, r.message ?? ''),
    r.url ? h('p', {}, h('a', { href: r.url, rel: 'noopener noreferrer', class: 'link-button', part: 'button' }, ctx.t('routed.cert', { name: certName ?? r.to ?? r.url }))) : null,
    h('p', { class: 'muted' }, ctx.t('routed.nothing')),
    h('div', { class: 'actions' }, ctx.button('back', ctx.t('routed.again'), { onclick: () => ctx.clear() })),
  );
}
