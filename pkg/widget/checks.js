/**
 * Live checks: the report the form's values make, validated and scanned in the worker as the
 * reporter types (debounced); diagnostics painted at their inputs and in the error summary;
 * findings listed under their fields and highlighted in the text, with "show" and "redact".
 * Text attachments are scanned here too, as one-file reports.
 */
import { buildReport, errorId, formName, getPath, setPath, toName } from './fields.js';
import { reporterPgpKey } from './reporter-key.js';
import { add, h } from './dom.js';
import { highlight } from './highlight.js';

const VALIDATE_DELAY = 300;
const SCAN_DELAY = 80;

const base64 = (bytes) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
const unbase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** A text attachment, scanned by the core as `/attachments/0/content_base64` of a one-file report. */
function attachmentReport(ctx, item) {
  return { schema_version: '1.0', channel: ctx.s.channel, reporter: { email: ctx.s.values.reporter?.email || 'reporter@invalid' }, title: '-', attachments: [{ name: item.name, media_type: item.mediaType, content_base64: base64(item.data) }] };
}

/** Scans a text attachment; its findings go on the item (none if the scan fails). */
export async function scanAttachment(ctx, item) {
  try {
    await ctx.engine.ready;
    const found = await ctx.api.scan(attachmentReport(ctx, item), { profile: ctx.profileArg, language: ctx.lang });
    item.findings = found.filter((f) => f.attachment);
  } catch {
    item.findings = [];
  }
}

/** The report the form's values make, and `named(list)`: each diagnostic or finding given the `name` of its input. */
export function formReport(ctx) {
  const s = ctx.s;
  const moved = new Map();
  const report = buildReport(s.values, { channel: s.channel, lang: ctx.lang, policyVersion: ctx.profile?.policy_version, moved });
  // The reporter's own public key, when they gave or made one.
  const pgpKey = reporterPgpKey(s.reporterKey);
  if (pgpKey) report.reporter = { ...report.reporter, pgp_key: pgpKey };
  Object.defineProperty(report, 'named', { enumerable: false, value: (list) => list.map((x) => ({ ...x, name: formName(x.path, moved) })) });
  return report;
}

/** Scans and validates again after a pause in typing (`soon`: after a choice or a blur). */
export function scheduleChecks(ctx, soon) {
  ctx.drafts?.changed(); // drafts, saved after a pause in typing
  clearTimeout(ctx.timers.scan);
  clearTimeout(ctx.timers.validate);
  ctx.timers.scan = setTimeout(() => runScan(ctx), SCAN_DELAY);
  ctx.timers.validate = setTimeout(() => runValidate(ctx), soon ? 30 : VALIDATE_DELAY);
}

async function runValidate(ctx) {
  if (!ctx.api || ctx.s.step !== 'details') return;
  try {
    await ctx.engine.ready;
    const seq = (ctx.timers.vseq = (ctx.timers.vseq ?? 0) + 1);
    const report = formReport(ctx);
    const d = await ctx.api.validate(report, { profile: ctx.profileArg });
    if (seq !== ctx.timers.vseq) return;
    ctx.s.diagnostics = { ...d, errors: report.named(d.errors) };
    ctx.whenFree('checks', () => ctx.s.step === 'details' && paintChecks(ctx));
  } catch (e) {
    if (ctx.engine.dead) return;
    ctx.fail('details', e);
  }
}

async function runScan(ctx) {
  if (!ctx.api || ctx.s.step !== 'details') return;
  try {
    await ctx.engine.ready;
    const seq = (ctx.timers.sseq = (ctx.timers.sseq ?? 0) + 1);
    const report = formReport(ctx);
    const found = await ctx.api.scan(report, { profile: ctx.profileArg, language: ctx.lang });
    if (seq !== ctx.timers.sseq) return;
    ctx.s.findings = report.named(found);
    ctx.whenFree('findings', () => ctx.s.step === 'details' && paintFindings(ctx));
  } catch (e) {
    if (ctx.engine.dead) return;
    ctx.fail('details', e);
  }
}

/** The input, or the closest group, that shows a diagnostic at `pointer`. */
function fieldTarget(ctx, name) {
  while (true) {
    const esc = CSS.escape(name);
    const el = ctx.root.querySelector(`[data-field="${esc}"]`) ?? ctx.root.querySelector(`[data-path="${esc}"]`);
    if (el) return { el, name };
    if (!name.includes('.')) return null;
    name = name.slice(0, name.lastIndexOf('.'));
  }
}

function visibleErrors(ctx) {
  const s = ctx.s;
  const errors = s.diagnostics?.errors ?? [];
  if (s.showAll) return errors;
  return errors.filter((e) => {
    const name = e.name;
    for (const t of s.touched) if (name === t || name.startsWith(`${t}.`) || t.startsWith(`${name}.`)) return true;
    return false;
  });
}

/** Errors at their inputs: the message above the input, `aria-invalid`, `aria-describedby`. */
export function paintChecks(ctx) {
  const root = ctx.root;
  for (const el of root.querySelectorAll('.error[data-auto]')) el.remove();
  // The draft's passphrase inputs carry their own errors (drafts-view.js).
  for (const el of root.querySelectorAll('[aria-invalid="true"]:not([data-draft-input])')) {
    el.removeAttribute('aria-invalid');
    const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.startsWith('err-'));
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  for (const el of root.querySelectorAll('.field.invalid, fieldset.invalid')) el.classList.remove('invalid');
  const byTarget = new Map();
  for (const e of visibleErrors(ctx)) {
    const target = fieldTarget(ctx, e.name);
    if (!target) continue;
    const list = byTarget.get(target.el) ?? [];
    list.push(e);
    byTarget.set(target.el, list);
  }
  for (const [el, errors] of byTarget) {
    const name = el.getAttribute('data-field') ?? el.getAttribute('data-path');
    const id = errorId(name);
    const msg = h('p', { class: 'error', id, 'data-auto': '', part: 'error' }, h('span', { class: 'visually-hidden' }, ctx.lang === 'fr' ? 'Erreur : ' : 'Error: '), errors.map((e) => diagnosticText(ctx, e, el)).join(' '));
    el.classList.add('invalid');
    // Above the input, under its label and hint (a checkbox's message goes before the box).
    const label = el.querySelector(':scope > label, :scope > legend, :scope > fieldset > legend');
    const hint = el.querySelector(':scope > .hint, :scope > fieldset > .hint');
    const anchor = el.classList.contains('choice') ? null : hint ?? label;
    if (anchor) anchor.after(msg);
    else el.prepend(msg);
    const controls = el.querySelectorAll(`[name="${CSS.escape(name)}"]`);
    for (const c of controls.length ? controls : el.querySelectorAll('input, textarea')) {
      c.setAttribute('aria-invalid', 'true');
      const ids = (c.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
      c.setAttribute('aria-describedby', [...ids, id].join(' '));
    }
  }
  paintSummary(ctx);
  paintFindings(ctx);
}

/** Findings under their fields, highlighted in the text at their exact offsets. */
function paintFindings(ctx) {
  const root = ctx.root;
  // A repaint replaces the lists: a keyboard user on one of their buttons keeps their place
  // (else a scan landing between Tab and Enter drops the press on <body>).
  const active = root.activeElement;
  const inList = active?.closest?.('.findings[data-auto]');
  const kept = inList ? { field: inList.closest('[data-field]')?.getAttribute('data-field'), index: [...inList.querySelectorAll('[data-action]')].indexOf(active) } : null;
  // A list that says the same as before stays (its elements, focus and any press included):
  // only lists whose findings changed are replaced.
  const before = new Map();
  for (const el of root.querySelectorAll('.findings[data-auto]')) {
    const field = el.parentElement;
    if (field && !before.has(field)) before.set(field, el);
    else el.remove();
  }
  const byName = new Map();
  for (const f of ctx.s.findings) {
    const list = byName.get(f.name) ?? [];
    list.push(f);
    byName.set(f.name, list);
  }
  for (const input of root.querySelectorAll('textarea[name], input[name]')) {
    const name = input.getAttribute('name');
    const list = byName.get(name) ?? [];
    if (input.tagName === 'TEXTAREA') highlight.paint(input, list);
    if (!list.length) continue;
    const field = input.closest('[data-field]');
    const ul = findingList(ctx, list, { name });
    ul.setAttribute('data-auto', '');
    const old = field && before.get(field);
    if (old) before.delete(field);
    if (old?.isEqualNode(ul)) continue;
    if (old) old.replaceWith(ul);
    else if (field) add(field, ul);
  }
  for (const el of before.values()) el.remove();
  if (kept?.field && !inList.isConnected) {
    const field = root.querySelector(`[data-field="${CSS.escape(kept.field)}"]`);
    const buttons = field?.querySelectorAll('.findings[data-auto] [data-action]') ?? [];
    (buttons[Math.min(kept.index, buttons.length - 1)] ?? field?.querySelector('textarea, input'))?.focus();
  }
  const total = ctx.s.findings.filter((f) => f.severity !== 'info').length;
  let bar = root.querySelector('.findings-bar');
  if (total && ctx.s.step === 'details') {
    if (!bar) {
      bar = h('div', { class: 'findings-bar', role: 'region', 'aria-label': ctx.t('findings.title', { count: total }) });
      root.querySelector('.actions')?.before(bar);
    }
    bar.replaceChildren(h('p', {}, ctx.t('findings.title', { count: total })), ctx.button('redact-all', ctx.t('findings.redact_all'), { onclick: () => redactAll(ctx) }));
  } else bar?.remove();
}

/**
 * One line per finding (what, a masked start, where) and the core's explanation once per
 * category, folded: two findings of one secret pair should not print the policy twice.
 */
export function findingList(ctx, list, where) {
  const s = ctx.s;
  const ul = h('ul', { class: 'findings', part: 'finding-list' });
  const explained = new Set();
  for (const f of list) {
    const cut = f.message.search(/\s?:\s/);
    const title = cut > 0 ? f.message.slice(0, cut) : f.category;
    const why = cut > 0 ? f.message.slice(cut).replace(/^\s?:\s*/, '') : f.message;
    const head = `${String(f.preview).split('…')[0]}…`;
    const place = f.attachment
      ? ctx.t('findings.attachment', { name: ctx.s.attachments[where.attachment]?.name ?? '' })
      : ctx.t('findings.where', { n: f.end - f.start, start: f.start + 1, end: f.end });
    const li = h(
      'li',
      { class: `finding sev-${f.severity}`, part: 'finding', 'data-rule': f.rule, 'data-category': f.category },
      h('span', { class: 'sev' }, ctx.t(`sev.${f.severity}`)),
      ' ',
      h('span', { class: 'finding-title' }, title),
      ' ',
      h('code', { class: 'finding-preview' }, head),
      ' ',
      h('span', { class: 'muted' }, place),
      ' ',
      where.name && s.step === 'details' ? ctx.button('show', ctx.t('findings.show'), { class: 'link small', onclick: () => showFinding(ctx, f.name ?? where.name, f) }) : null,
      ctx.button('redact', ctx.t('findings.redact'), { class: 'secondary small', onclick: () => redact(ctx, [f], where) }),
    );
    if (!explained.has(f.category)) {
      explained.add(f.category);
      add(li, h('details', { class: 'finding-why' }, h('summary', {}, ctx.t('findings.why')), h('p', { class: 'finding-message' }, why)));
    }
    add(ul, li);
  }
  return ul;
}

function showFinding(ctx, name, f) {
  const input = ctx.root.querySelector(`[name="${CSS.escape(name)}"]`);
  if (!input) return;
  input.focus();
  input.setSelectionRange?.(f.start, f.end);
}

/** Redacts findings (in the fields, or in one attachment) in the worker, then scans again. */
async function redact(ctx, findings, where = {}) {
  const s = ctx.s;
  try {
    if (where.attachment !== undefined) {
      const item = s.attachments[where.attachment];
      const redacted = await ctx.api.redact(attachmentReport(ctx, item), { findings: item.findings.filter((f) => findings.includes(f)).map((f) => ({ ...f, path: '/attachments/0/content_base64' })), minSeverity: 'info' });
      item.data = unbase64(redacted.attachments[0].content_base64);
      item.size = item.data.length;
      await scanAttachment(ctx, item);
    } else {
      const strip = findings.map(({ name, ...f }) => f);
      const redacted = await ctx.api.redact(formReport(ctx), { findings: strip, minSeverity: 'info' });
      for (const f of findings) {
        const value = getPath(redacted, toName(f.path));
        if (typeof value === 'string') setPath(s.values, f.name, value);
      }
      if (findings.length === 1) ctx.focusAfter = findings[0].name;
      const report = formReport(ctx);
      s.findings = report.named(await ctx.api.scan(report, { profile: ctx.profileArg, language: ctx.lang }));
      // On the review step, the text the PSIRT will read changed too.
      if (s.step === 'review') s.rendering = await ctx.api.renderText(report, { profile: ctx.profileArg, language: ctx.lang });
    }
    ctx.render();
    ctx.announce(findings.length > 1 ? ctx.t('findings.redacted_all', { count: findings.length }) : ctx.t('findings.redacted'));
    scheduleChecks(ctx, true);
  } catch (e) {
    ctx.fail(s.step, e);
  }
}

async function redactAll(ctx) {
  const s = ctx.s;
  const all = s.findings.filter((f) => f.severity !== 'info');
  for (const [i, a] of s.attachments.entries()) {
    if (a.findings?.length) await redact(ctx, a.findings.filter((f) => f.severity !== 'info'), { attachment: i });
  }
  if (all.length) await redact(ctx, all);
  ctx.root.querySelector('[data-action="review"]')?.focus();
}

/** The error summary above the fields, once the reporter asked to review (links to each field). */
export function drawErrorSummary(ctx) {
  const s = ctx.s;
  if (!s.showAll || !s.diagnostics || s.diagnostics.valid) return null;
  const list = h('ul', { class: 'error-summary-list' });
  for (const e of s.diagnostics.errors) {
    const link = h('a', { href: `#${errorId(e.name || 'form')}`, 'data-target': e.name, onclick: (ev) => {
      ev.preventDefault();
      focusField(ctx, e.name);
    } }, e.message);
    link.diagnostic = e;
    add(list, h('li', {}, link));
  }
  return h('div', { class: 'error-summary', part: 'error-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': 'error-summary-title' }, h('h3', { id: 'error-summary-title' }, ctx.t('review.errors')), h('p', {}, ctx.t('review.errors_hint')), list);
}

/** The label the reporter sees for a field (its legend for a group), without "(optional)". */
function labelOf(ctx, el) {
  const label = el.querySelector(':scope > label, :scope > legend, :scope > fieldset > legend, :scope legend, :scope label');
  if (!label) return null;
  const copy = label.cloneNode(true);
  for (const x of copy.querySelectorAll('.optional, .visually-hidden')) x.remove();
  return copy.textContent.trim() || null;
}

/**
 * A diagnostic's sentence for the reporter: the core's, except "required", which the core can
 * only say with the JSON key (`steps_to_reproduce`) and the form says with the field's label.
 */
function diagnosticText(ctx, e, el, short = false) {
  if (short && e.code === 'commitment-not-accepted') {
    const keys = ['no_exploitation', 'no_disclosure_without_consent', 'no_prohibited_attacks'];
    const k = keys.indexOf(e.name.split('.').pop());
    const words = String(ctx.profile?.commitments?.[keys[k]]?.[ctx.lang] ?? '').split(/\s+/).slice(0, 6).join(' ');
    if (k >= 0) return ctx.t('error.commitment', { n: k + 1, start: words });
  }
  if (e.code !== 'required' || !el) return e.message;
  const label = labelOf(ctx, el);
  return label ? ctx.t('error.required', { label }) : e.message;
}

/** The summary's links, in the page's order, with the fields' own words. */
function paintSummary(ctx) {
  const list = ctx.root.querySelector('.error-summary-list');
  if (!list) return;
  const items = [...list.children].map((li) => {
    const a = li.firstChild;
    const target = fieldTarget(ctx, a.diagnostic?.name ?? '');
    if (a.diagnostic) a.textContent = diagnosticText(ctx, a.diagnostic, target?.el, true);
    return { li, el: target?.el ?? null };
  });
  items.sort((x, y) => (!x.el || !y.el ? (x.el ? -1 : y.el ? 1 : 0) : x.el.compareDocumentPosition(y.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  list.replaceChildren(...items.map((i) => i.li));
}

function focusField(ctx, name) {
  const target = fieldTarget(ctx, name);
  if (!target) return;
  const input = target.el.querySelector('input:not([type=hidden]), textarea, select, button');
  input?.focus();
  target.el.scrollIntoView?.({ block: 'center' });
}

/** The critical and high findings still in the report or its attachments. */
export function criticalLeft(ctx) {
  const s = ctx.s;
  return [...s.findings, ...s.attachments.flatMap((a) => a.findings ?? [])].filter((f) => f.severity === 'critical' || f.severity === 'high');
}
