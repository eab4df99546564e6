/**
 * Step "details": the channel's groups of fields (fields.js LAYOUT), drawn one field at a time,
 * and the groups with their own drawing: affected products, severity (CVSS calculators and the
 * CWE picker, loaded on first use), commitments; attachments are drawn by attachments.js. Input
 * updates the state and schedules the live checks (checks.js).
 */
import { LAYOUT, getPath, setPath } from '../fields.js';
import { add, h } from '../dom.js';
import { highlight } from '../highlight.js';
import { drawAttachments } from '../attachments.js';
import { scheduleChecks, drawErrorSummary } from '../checks.js';
import { onReview } from './review.js';

let cweList = null;
/**
 * The CVSS calculators and the CWE picker (cvss.js, cwe.js: 12 KB gzip) are loaded when a
 * channel that asks for severity is drawn, not with the form: a reporter of a data leak or an
 * appeal, and every page before the route is chosen, never downloads them.
 */
let severityLib = null;
let severityLoading = null;
function loadSeverity() {
  severityLoading ??= Promise.all([import('../cvss.js'), import('../cwe.js')]).then(([cvss, cwe]) => {
    severityLib = { createCvssCalculator: cvss.createCvssCalculator, createCwePicker: cwe.createCwePicker };
  });
  return severityLoading;
}

export function drawDetails(ctx, section) {
  const s = ctx.s;
  const summary = drawErrorSummary(ctx);
  add(section, ctx.heading(`step.details.${s.channel}`));
  const to = s.route?.to;
  if (to) add(section, h('p', { class: 'muted to' }, ctx.t('details.to', { to })));
  if (s.channel === 'cna_appeal' && s.route?.acknowledgement_due) {
    add(section, 
      h('p', { class: 'notice' }, ctx.t('details.appeal_due', { days: ctx.profile?.appeal_ack_working_days ?? 3, date: longDate(ctx, s.route.acknowledgement_due) })),
    );
  }
  if (summary) add(section, summary);
  add(section, ctx.drafts?.panel());
  for (const group of LAYOUT[s.channel]) add(section, drawGroup(ctx, group));
  add(section, 
    h(
      'div',
      { class: 'actions' },
      ctx.button('back', ctx.t('back'), { onclick: () => ctx.go('route') }),
      ctx.button('review', ctx.t('review'), { primary: true, onclick: () => onReview(ctx) }),
    ),
  );
}

function longDate(ctx, iso) {
  const d = new Date(`${iso}T12:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(ctx.lang === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

function drawGroup(ctx, group) {
  const legend = h('legend', {}, h('h3', {}, ctx.t(group.key)));
  const fs = h('fieldset', { class: 'group', 'data-group': group.key }, legend);
  if (group.hint) add(fs, h('p', { class: 'hint' }, ctx.t(group.hint)));
  if (group.fields) for (const field of group.fields) add(fs, drawField(ctx, field));
  if (group.special === 'affected') drawAffected(ctx, fs);
  if (group.special === 'severity') drawSeverity(ctx, fs);
  if (group.special === 'commitments') drawCommitments(ctx, fs);
  if (group.special === 'attachments') drawAttachments(ctx, fs);
  return fs;
}

/** One field: label, hint, error slot, input, findings slot. */
function drawField(ctx, field, labelKey, labelParams) {
  const s = ctx.s;
  const id = `f-${field.name.replace(/\./g, '-')}`;
  const hintId = field.hint ? `${id}-hint` : null;
  const value = getPath(s.values, field.name);
  const wrap = h('div', { class: `field field-${field.kind}`, 'data-field': field.name, part: 'field' });
  const hint = hintId ? h('p', { class: 'hint', id: hintId, part: 'hint' }, ctx.t(field.hint)) : null;
  const label = (k) => [ctx.t(k, labelParams), field.optional ? h('span', { class: 'optional' }, ` ${ctx.t('optional')}`) : null];

  if (field.kind === 'radios' || field.kind === 'checks') {
    const fs = h('fieldset', { class: 'options', 'data-path': field.name, 'aria-describedby': hintId }, h('legend', { part: 'label' }, label(labelKey ?? field.label)));
    if (hint) add(fs, hint);
    const list = h('div', { class: field.kind === 'checks' ? 'checks' : 'radios' });
    for (const opt of field.options) {
      const oid = `${id}-${opt}`;
      const checked = field.kind === 'checks' ? Array.isArray(value) && value.includes(opt) : String(value) === opt;
      add(list, 
        h(
          'div',
          { class: 'choice' },
          h('input', {
            type: field.kind === 'checks' ? 'checkbox' : 'radio',
            name: field.name,
            value: opt,
            id: oid,
            part: 'input',
            props: { checked },
            onchange: (e) => onChoice(ctx, field, e.target),
          }),
          h('label', { for: oid }, ctx.t(opt === 'true' ? 'yes' : opt === 'false' ? 'no' : `${field.optionLabel}${opt}`)),
        ),
      );
    }
    add(fs, list);
    add(wrap, fs);
    return wrap;
  }
  if (field.kind === 'checkbox') {
    wrap.classList.add('choice');
    add(wrap, 
      h('input', { type: 'checkbox', id, name: field.name, part: 'input', 'aria-describedby': hintId, props: { checked: value === true }, onchange: (e) => onInput(ctx, field, e.target.checked, true) }),
      h('label', { for: id, part: 'label' }, label(labelKey ?? field.label)),
    );
    if (hint) add(wrap, hint);
    return wrap;
  }
  const multiline = field.kind === 'textarea' || field.kind === 'code';
  const input = h(multiline ? 'textarea' : 'input', {
    id,
    name: field.name,
    part: 'input',
    class: field.kind === 'code' ? 'mono' : null,
    type: multiline ? null : { email: 'email', date: 'date', number: 'number' }[field.kind] ?? 'text',
    rows: multiline ? field.rows ?? 4 : null,
    autocomplete: field.autocomplete ?? 'off',
    spellcheck: field.kind === 'code' || field.spellcheck === false ? 'false' : null,
    min: field.kind === 'number' ? '0' : null,
    inputmode: field.kind === 'number' ? 'numeric' : null,
    'aria-describedby': hintId,
    props: { value: value === undefined || value === null ? '' : String(value) },
    oninput: (e) => onInput(ctx, field, e.target.value, false),
    onblur: () => onBlur(ctx, field.name),
  });
  add(wrap, h('label', { for: id, part: 'label' }, label(labelKey ?? field.label)));
  if (hint) add(wrap, hint);
  add(wrap, multiline ? highlight.wrap(input) : input);
  return wrap;
}

function convertInput(ctx, field, raw) {
  if (field.kind === 'number') {
    if (raw === '') return undefined;
    const n = Number(raw);
    return Number.isFinite(n) ? n : raw;
  }
  return raw;
}

function onInput(ctx, field, raw, immediate) {
  const s = ctx.s;
  setPath(s.values, field.name, convertInput(ctx, field, raw));
  if (s.touched.has(field.name) || immediate) s.touched.add(field.name);
  scheduleChecks(ctx, immediate);
}

function onChoice(ctx, field, input) {
  const s = ctx.s;
  if (field.kind === 'checks') {
    const current = new Set(getPath(s.values, field.name) ?? []);
    if (input.checked) current.add(input.value);
    else current.delete(input.value);
    setPath(s.values, field.name, field.options.filter((o) => current.has(o)));
  } else {
    setPath(s.values, field.name, input.value === 'true' ? true : input.value === 'false' ? false : input.value);
  }
  s.touched.add(field.name);
  scheduleChecks(ctx, true);
}

function onBlur(ctx, name) {
  ctx.s.touched.add(name);
  scheduleChecks(ctx, true);
}

function drawAffected(ctx, fs) {
  const s = ctx.s;
  fs.setAttribute('data-path', 'affected');
  const items = s.values.affected;
  items.forEach((item, i) => {
    const n = i + 1;
    const sub = h('fieldset', { class: 'item', 'data-path': `affected.${i}` }, h('legend', {}, ctx.t('affected.item', { n })));
    add(sub, drawField(ctx, { name: `affected.${i}.vendor`, kind: 'text', label: 'affected.vendor', optional: true }));
    add(sub, drawField(ctx, { name: `affected.${i}.product`, kind: 'text', label: 'affected.product' }));
    const versions = h('fieldset', { class: 'versions', 'data-path': `affected.${i}.versions` }, h('legend', {}, ctx.t('affected.versions'), h('span', { class: 'optional' }, ` ${ctx.t('optional')}`)));
    (item.versions ?? ['']).forEach((_, j) => {
      add(versions, drawField(ctx, { name: `affected.${i}.versions.${j}`, kind: 'text', label: 'affected.version' }, 'affected.version', { n: j + 1 }));
    });
    add(versions, 
      ctx.button('add-version', ctx.t('affected.add_version'), {
        'data-index': i,
        onclick: () => {
          item.versions = [...(item.versions ?? []), ''];
          ctx.render();
          ctx.root.querySelector(`[name="affected.${i}.versions.${item.versions.length - 1}"]`)?.focus();
        },
      }),
    );
    add(sub, versions);
    add(sub, drawField(ctx, { name: `affected.${i}.component`, kind: 'text', label: 'affected.component', optional: true }));
    if (items.length > 1) {
      add(sub, 
        ctx.button('remove-affected', ctx.t('affected.remove', { n }), {
          onclick: () => {
            items.splice(i, 1);
            scheduleChecks(ctx, true);
            ctx.render();
            ctx.root.querySelector('[data-action="add-affected"]')?.focus();
          },
        }),
      );
    }
    add(fs, sub);
  });
  add(fs, 
    ctx.button('add-affected', ctx.t('affected.add'), {
      onclick: () => {
        items.push({ versions: [''] });
        ctx.render();
        ctx.root.querySelector(`[name="affected.${items.length - 1}.product"]`)?.focus();
      },
    }),
  );
}

function drawSeverity(ctx, fs) {
  const s = ctx.s;
  if (severityLib === null) {
    add(fs, h('p', { class: 'hint', role: 'status' }, ctx.t('severity.loading')));
    loadSeverity().then(
      () => ctx.render(),
      (e) => {
        severityLoading = null;
        ctx.fail(s.step, e);
      },
    );
    return;
  }
  const { createCvssCalculator, createCwePicker } = severityLib;
  add(fs, h('p', { class: 'hint' }, ctx.t('cvss.hint')));
  for (const [version, name] of [
    ['3.1', 'severity.cvss_v3'],
    ['4.0', 'severity.cvss_v4'],
  ]) {
    const calc = createCvssCalculator({
      version,
      lang: ctx.lang,
      name,
      onChange: (vector) => {
        setPath(s.values, name, vector);
        s.touched.add(name);
        scheduleChecks(ctx, true);
        showScore(ctx, calc, vector);
      },
    });
    // Eleven metrics are long to scroll past: they fold under one summary (open when a vector is set).
    const metrics = calc.element.querySelector('.cvss-metrics');
    const vector = getPath(s.values, name);
    if (metrics) {
      const more = h('details', { class: 'cvss-more', open: Boolean(vector) }, h('summary', {}, ctx.t('cvss.metrics')));
      metrics.replaceWith(more);
      add(more, metrics);
    }
    if (vector) {
      calc.setVector(vector);
      showScore(ctx, calc, vector);
    }
    add(fs, h('div', { class: 'field cvss', 'data-field': name, 'data-path': name }, calc.element));
  }
  const picker = createCwePicker({
    lang: ctx.lang,
    // Fetched once per page, when first needed; a redrawn picker reuses it.
    loadList: () => (cweList ??= fetch(new URL('../cwe-list.json', import.meta.url)).then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))))),
    onChange: (ids) => {
      s.values.cwe = ids;
      s.touched.add('cwe');
      scheduleChecks(ctx, true);
    },
  });
  picker.setValue(s.values.cwe ?? []);
  add(fs, h('div', { class: 'field cwe', 'data-field': 'cwe', 'data-path': 'cwe' }, picker.element));
}

/** A calculator's score, computed by the core. */
async function showScore(ctx, calc, vector) {
  if (!vector) {
    calc.setScore(null);
    return;
  }
  try {
    await ctx.engine.ready;
    calc.setScore(await ctx.api.cvss(vector, { language: ctx.lang }));
  } catch (e) {
    calc.setScore(null, e?.message);
  }
}

function drawCommitments(ctx, fs) {
  fs.setAttribute('data-path', 'commitments');
  const c = ctx.profile?.commitments;
  if (!c) {
    add(fs, h('p', { class: 'muted' }, ctx.t('commitments.loading')));
    return;
  }
  add(fs, h('p', { class: 'hint' }, ctx.t('commitments.intro')));
  for (const k of ['no_exploitation', 'no_disclosure_without_consent', 'no_prohibited_attacks']) {
    const name = `commitments.${k}`;
    const id = `f-commitments-${k}`;
    add(fs, 
      h(
        'div',
        { class: 'field choice commitment', 'data-field': name, part: 'field' },
        h('input', { type: 'checkbox', id, name, part: 'input', props: { checked: ctx.s.values.commitments?.[k] === true }, onchange: (e) => onInput(ctx, { name, kind: 'checkbox' }, e.target.checked, true) }),
        h('label', { for: id, part: 'label' }, c[k]?.[ctx.lang] ?? c[k]?.en ?? k),
      ),
    );
  }
}
