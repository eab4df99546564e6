/**
 * Findings shown where they are: a textarea cannot colour part of its text, so a backdrop with
 * the same text, font and wrapping sits behind it (transparent text, coloured `<mark>`s), and
 * scrolls with it. Offsets are the core's UTF-16 ones, the units of `String.prototype.slice`.
 * The backdrop is `aria-hidden`: the findings list under the field is what assistive
 * technology reads.
 */

import { h } from './dom.js';

const BACKDROPS = new WeakMap();
/** What each backdrop shows now: {text, marks}. */
const PAINTED = new WeakMap();

function wrap(textarea) {
  const backdrop = h('div', { class: 'hl-backdrop', 'aria-hidden': 'true' });
  BACKDROPS.set(textarea, backdrop);
  textarea.classList.add('hl-input');
  textarea.addEventListener('scroll', () => {
    backdrop.scrollTop = textarea.scrollTop;
    backdrop.scrollLeft = textarea.scrollLeft;
  });
  // Offsets go stale as soon as the text changes; the next scan paints them again.
  textarea.addEventListener('input', () => {
    if (backdrop.firstChild) backdrop.replaceChildren();
    PAINTED.delete(backdrop);
  });
  return h('div', { class: 'hl-wrap' }, backdrop, textarea);
}

/** Paints `findings` (each `{start, end, severity}`) over `textarea`'s current text. */
function paint(textarea, findings) {
  const backdrop = BACKDROPS.get(textarea);
  if (!backdrop) return;
  if (!findings.length) {
    if (backdrop.firstChild) backdrop.replaceChildren();
    PAINTED.delete(backdrop);
    return;
  }
  const text = textarea.value;
  // Laying out a long text again costs tens of milliseconds: only when the text or the marks
  // changed (validation and scanning both ask for a paint).
  const marks = findings.map((f) => `${f.start}:${f.end}:${f.severity}`).join(',');
  const last = PAINTED.get(backdrop);
  if (last && last.text === text && last.marks === marks && backdrop.firstChild) return;
  PAINTED.set(backdrop, { text, marks });
  const parts = [];
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < at || f.end > text.length || f.end <= f.start) continue;
    parts.push(text.slice(at, f.start), h('mark', { class: `sev-${f.severity}`, 'data-rule': f.rule }, text.slice(f.start, f.end)));
    at = f.end;
  }
  // The trailing newline keeps a last empty line as tall as the textarea's.
  parts.push(`${text.slice(at)}\n`);
  backdrop.replaceChildren(...parts);
  backdrop.scrollTop = textarea.scrollTop;
}

export const highlight = { wrap, paint };
