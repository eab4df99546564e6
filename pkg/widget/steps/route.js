/**
 * Step "route": what is being reported. The choice is triaged by the core; an accepted one goes
 * on to the details, anything else to the "routed" step (and a `psirt-route` event).
 */
import { ROUTES } from '../fields.js';
import { add, h } from '../dom.js';
import { loadProfile } from '../loading.js';

export function drawRoute(ctx, section) {
  const s = ctx.s;
  const hint = h('p', { class: 'hint', id: 'route-hint', part: 'hint' }, ctx.t('step.route.hint'));
  const error = s.routeError ? h('p', { class: 'error', id: 'err-route', part: 'error' }, ctx.t('route.required')) : null;
  const choices = ROUTES.map((kind) => {
    const id = `route-${kind}`;
    return h(
      'div',
      { class: 'choice' },
      h('input', { type: 'radio', name: 'route', value: kind, id, 'aria-describedby': `${id}-hint`, props: { checked: s.kind === kind }, onchange: () => {
        s.kind = kind;
        s.routeError = false;
      } }),
      h('label', { for: id }, ctx.t(`route.${kind}`)),
      h('p', { class: 'hint', id: `${id}-hint` }, ctx.t(`route.${kind}.hint`)),
    );
  });
  const fieldset = h(
    'fieldset',
    { class: s.routeError ? 'route invalid' : 'route', 'aria-describedby': s.routeError ? 'route-hint err-route' : 'route-hint' },
    h('legend', {}, ctx.heading('step.route')),
    hint,
    error,
    choices,
  );
  add(section, 
    h('p', { class: 'intro' }, ctx.t('form.intro')),
    ctx.drafts?.prompt(),
    fieldset,
    h('div', { class: 'actions' }, ctx.button('next', ctx.t('continue'), { primary: true, onclick: () => onRoute(ctx) })),
    ctx.ready ? null : h('p', { class: 'muted loading' }, ctx.t('form.loading')),
  );
}

async function onRoute(ctx) {
  const s = ctx.s;
  if (!s.kind) {
    s.routeError = true;
    ctx.render();
    ctx.root.querySelector('input[name="route"]')?.focus();
    return;
  }
  const next = ctx.root.querySelector('[data-action="next"]');
  if (next && !ctx.ready) {
    next.setAttribute('aria-disabled', 'true');
    next.textContent = ctx.t('form.loading');
  }
  try {
    await ctx.engine.ready;
    if (!ctx.profile) await loadProfile(ctx);
    const route = await ctx.api.triage(s.kind, { profile: ctx.profileArg, language: ctx.lang });
    s.route = route;
    if (route.decision === 'accept' && route.channel) {
      s.channel = route.channel;
      ctx.go('details');
    } else {
      ctx.host.dispatchEvent(new CustomEvent('psirt-route', { bubbles: true, composed: true, detail: { kind: s.kind, route } }));
      ctx.go('routed');
    }
  } catch (e) {
    ctx.fail('route', e);
  }
}
