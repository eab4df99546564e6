/**
 * An attachment's hidden data, shown under it in the form, and the reporter's
 * choice between the original (the default: metadata can be evidence) and a cleaned copy.
 * The parsing and rewriting are in metadata.js; this file only checks a file and draws.
 */

import { h } from './dom.js';
import { formatBytes } from './i18n.js';
import { own } from '../lib/own.js';

/**
 * The parsers (metadata.js and metadata/, about 23 KB gzip) are loaded on the first file that
 * is not text, not with the form: most reports attach nothing, and the widget's first load stays small.
 */
let loading = null;
const loadParsers = () => (loading ??= import('./metadata.js'));

/** The order of the list: what says where and who first. */
const ORDER = ['gps', 'author', 'reviewer', 'account', 'path', 'owner', 'serial', 'camera', 'lens', 'copyright', 'company', 'manager', 'last_modified_by', 'comment', 'description', 'title', 'subject', 'keywords', 'text', 'date', 'created', 'modified', 'printed', 'software', 'creator_tool', 'template', 'trailing', 'iptc', 'xmp', 'exif', 'other'];
const rank = (field) => (ORDER.includes(field) ? ORDER.indexOf(field) : ORDER.length);

/** Reasons a cleaned copy could not be made that inspecting the file does not list. */
const CLEAN_REASONS = new Set(['office_unreadable_part']);

/** Fields shown as "there is a … block" without a value of their own. */
const PRESENCE = new Set(['exif', 'xmp', 'iptc']);

/**
 * Fills `item.meta` ({format, items, problems}), `item.cleaned` ({data, notes} or {error}) and
 * `item.useCleaned = false` for a file that has something to say; leaves other files alone.
 */
export async function checkAttachment(item) {
  let parsers;
  try {
    parsers = await loadParsers();
  } catch {
    loading = null; // tried again with the next file
    item.meta = { format: null, items: [], problems: ['not_checked'] };
    return;
  }
  const { inspectMetadata, cleanMetadata } = parsers;
  const meta = await inspectMetadata(item.data);
  if (!meta.format || (!meta.items.length && !meta.problems.length)) return;
  item.meta = meta;
  item.cleaned = meta.items.length ? await cleanMetadata(item.data) : null;
  item.useCleaned = false;
}

/** The bytes to seal: the cleaned copy only when the reporter chose it. */
export const attachmentBytes = (item) => (item.useCleaned && item.cleaned?.data ? item.cleaned.data : item.data);

/**
 * The block under an attachment: what it hides, what could not be read, the two choices.
 * `t(key, params)` translates; `onChoose(useCleaned)` records a choice and redraws.
 */
export function drawMetadata(item, index, options) {
  const lang = own(options, 'lang');
  const t = own(options, 't');
  const onChoose = own(options, 'onChoose');
  const meta = item.meta;
  if (!meta) return null;
  const id = `meta-${index}`;
  const list = [...meta.items].sort((a, b) => rank(a.field) - rank(b.field)).map((x) =>
    h(
      'li',
      { 'data-meta': x.field },
      h('span', { class: 'meta-key' }, x.label ? `${x.label}${t('meta.colon')}` : PRESENCE.has(x.field) ? t(`meta.field.${x.field}`) : `${t(`meta.field.${x.field}`)}${t('meta.colon')}`),
      PRESENCE.has(x.field) ? null : h('span', { class: 'meta-value' }, x.field === 'trailing' ? formatBytes(lang, Number(x.value)) : x.value),
    ),
  );
  const problems = meta.problems.map((p) => h('p', { class: 'hint', 'data-meta-problem': p }, t(`meta.problem.${p}`)));
  const cleaned = item.cleaned;
  let choice = null;
  if (cleaned?.data) {
    const name = `attachment-meta-${index}`;
    const radio = (value, label) =>
      h(
        'div',
        { class: 'field choice' },
        h('input', { type: 'radio', id: `${id}-${value}`, name, value, props: { checked: (value === 'cleaned') === Boolean(item.useCleaned) }, onchange: () => onChoose(value === 'cleaned') }),
        h('label', { for: `${id}-${value}` }, label),
      );
    choice = h(
      'fieldset',
      { class: 'metadata-choice', 'data-meta-choice': index },
      h('legend', {}, t('meta.choose', { name: item.name })),
      radio('original', t('meta.original', { size: formatBytes(lang, item.data.length) })),
      radio('cleaned', t('meta.cleaned', { size: formatBytes(lang, cleaned.data.length) })),
      cleaned.notes.map((n) => h('p', { class: 'hint', 'data-meta-note': n }, t(`meta.note.${n}`))),
    );
  } else if (cleaned?.error) {
    // The reason, when the list of problems above does not already give it.
    const reason = CLEAN_REASONS.has(cleaned.error) && !meta.problems.includes(cleaned.error) ? ` ${t(`meta.problem.${cleaned.error}`)}` : '';
    choice = h('p', { class: 'hint', 'data-meta-problem': `clean_${cleaned.error}` }, `${t('meta.cannot_clean')}${reason}`);
  }
  return h(
    'div',
    { class: 'metadata', 'data-metadata': index, part: 'metadata' },
    meta.items.length ? h('p', { class: 'meta-title', id: `${id}-title` }, t('meta.title')) : null,
    meta.items.length ? h('ul', { class: 'meta-items', 'aria-labelledby': `${id}-title` }, list) : null,
    problems,
    choice,
  );
}
