/**
 * The form's CWE picker: a search box (ARIA 1.2 combobox with a listbox of suggestions) over
 * MITRE's list of weaknesses, and the chosen ones as chips, each carried by a hidden input named
 * `cwe.0`, `cwe.1`… holding `CWE-79`, so the form reads them by name like any other field.
 *
 *   const picker = createCwePicker({ lang: 'en', onChange(ids) { … },
 *     loadList: () => fetch(new URL('./cwe-list.json', import.meta.url)).then((r) => r.json()) });
 *
 * The list (`[[79, "Improper Neutralization…"], …]`, built by scripts/build-cwe.mjs from the CWE
 * catalogue, Copyright © The MITRE Corporation, free to use under MITRE's CWE terms of use) is
 * never imported here: `loadList()` runs the first time the search box gets focus, so it stays
 * out of the widget's initial bytes. If it fails, an id typed as `CWE-79` or `79` is still added
 * on Enter. Names are MITRE's, in English; everything else is in English or French.
 */

import { h } from './dom.js';
import { own } from '../lib/own.js';

/** As many as the report schema's `cwe` array allows. */
export const MAX_CWE = 20;
const ID = /^(?:CWE)?[\s:-]*([0-9]{1,6})$/i;
// Common abbreviations that a weakness's name does not contain.
const ALIASES = new Map([['xss', 79], ['sqli', 89], ['xxe', 611], ['idor', 639], ['uaf', 416], ['ssti', 1336]]);
const RESULTS = 20;

const TEXT = {
  en: {
    label: 'Weakness (CWE)',
    hint: 'Type a number (79) or words (SQL injection), then choose with the arrow keys and Enter. Names are MITRE’s, in English.',
    suggestions: 'Matching weaknesses',
    chosen: 'Chosen weaknesses',
    remove: 'Remove',
    removeLabel: 'Remove {id}',
    loading: 'Loading the list of weaknesses…',
    failed: 'The list of weaknesses could not be loaded. You can still type an id such as CWE-79 and press Enter.',
    results: (n) => (n === 1 ? '1 match. Arrow keys to browse, Enter to add.' : `${n} matches. Arrow keys to browse, Enter to add.`),
    none: 'No match.',
    noneId: 'Not in the list. Press Enter to add {id} anyway.',
    added: '{id} added.',
    removed: '{id} removed.',
    duplicate: '{id} is already chosen.',
    full: 'You can choose up to {max} weaknesses.',
  },
  fr: {
    label: 'Faiblesse (CWE)',
    hint: 'Tapez un numéro (79) ou des mots (SQL injection), puis choisissez avec les flèches et Entrée. Les noms sont ceux de MITRE, en anglais.',
    suggestions: 'Faiblesses correspondantes',
    chosen: 'Faiblesses choisies',
    remove: 'Retirer',
    removeLabel: 'Retirer {id}',
    loading: 'Chargement de la liste des faiblesses…',
    failed: 'La liste des faiblesses n’a pas pu être chargée. Vous pouvez quand même taper un identifiant comme CWE-79 et appuyer sur Entrée.',
    results: (n) => (n <= 1 ? `${n} résultat. Flèches pour parcourir, Entrée pour ajouter.` : `${n} résultats. Flèches pour parcourir, Entrée pour ajouter.`),
    none: 'Aucun résultat.',
    noneId: 'Absente de la liste. Appuyez sur Entrée pour ajouter {id} quand même.',
    added: '{id} ajoutée.',
    removed: '{id} retirée.',
    duplicate: '{id} est déjà choisie.',
    full: 'Vous pouvez choisir jusqu’à {max} faiblesses.',
  },
};

const fill = (s, params) => s.replace(/\{(\w+)\}/g, (_, k) => String(params[k]));
const normalize = (s) => String(s).toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** `79`, `CWE-79`, `cwe 79` → `CWE-79`; anything else → null. */
export function cweId(text) {
  const m = ID.exec(String(text ?? '').trim());
  const n = m ? Number(m[1]) : 0;
  return n >= 1 ? `CWE-${n}` : null;
}

const index = new WeakMap();
function indexOf(list) {
  let ix = index.get(list);
  if (!ix) {
    ix = list.map(([, name]) => {
      const alt = /\(([^()]+)\)\s*$/.exec(name); // "…('SQL Injection')", "…(CSRF)"
      return { words: ` ${normalize(name)}`, alt: alt ? normalize(alt[1]) : '' };
    });
    index.set(list, ix);
  }
  return ix;
}

/**
 * The entries of `list` (`[[id, name], …]`) that match `query`, best first, at most `limit`.
 * A number (`79`, `CWE-79`) finds that id, then the ids that start with its digits. Words are
 * matched case-insensitively, punctuation ignored, ranked: a known abbreviation (xss) or the
 * name's own short form in parentheses ('SQL Injection'), that short form starting with the
 * phrase, the phrase at a word start, every word at a word start, every word anywhere; within a
 * rank, shorter (more general) names first, then lower ids.
 */
export function searchCwe(list, query, limit = RESULTS) {
  if (!Array.isArray(list)) return [];
  const q = String(query ?? '').trim();
  const id = cweId(q);
  if (id) {
    const digits = id.slice(4);
    const exact = list.filter(([n]) => String(n) === digits);
    const prefix = list.filter(([n]) => String(n) !== digits && String(n).startsWith(digits));
    return [...exact, ...prefix.sort((a, b) => a[0] - b[0])].slice(0, limit);
  }
  const phrase = normalize(q);
  if (!phrase) return [];
  const words = phrase.split(' ');
  const ix = indexOf(list);
  const hits = [];
  list.forEach((entry, i) => {
    const { words: name, alt } = ix[i];
    let rank;
    if (entry[0] === ALIASES.get(phrase) || alt === phrase) rank = 0;
    else if (alt.startsWith(phrase)) rank = 1;
    else if (name.includes(` ${phrase}`)) rank = 2;
    else if (words.every((w) => name.includes(` ${w}`))) rank = 3;
    else if (words.every((w) => name.includes(w))) rank = 4;
    else return;
    hits.push([rank, name.length, entry]);
  });
  hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2][0] - b[2][0]);
  return hits.slice(0, limit).map(([, , entry]) => entry);
}

let seq = 0;

/** The picker: see the module comment. `getValue()` → `['CWE-79', …]`; `setValue(ids)` does not call onChange. */
export function createCwePicker(options = {}) {
  const lang = own(options, 'lang') ?? 'en';
  const loadList = own(options, 'loadList');
  const onChange = own(options, 'onChange') ?? (() => {});
  const n = ++seq;
  const id = (s) => `cwe-${n}-${s}`;
  let T = TEXT[lang] ?? TEXT.en;
  const renders = [];
  const bind = (fn) => { renders.push(fn); fn(); };
  let list = null;
  let loading = null;
  let names = new Map();
  let results = [];
  let active = -1;
  let chosen = [];

  const label = h('label', { for: id('input'), class: 'cwe-label', part: 'label' });
  const hint = h('p', { id: id('hint'), class: 'cwe-hint', part: 'hint' });
  const input = h('input', { type: 'text', id: id('input'), class: 'cwe-input', part: 'input', role: 'combobox',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': id('listbox'),
    'aria-describedby': id('hint'), autocomplete: 'off', spellcheck: 'false' });
  const listbox = h('ul', { id: id('listbox'), role: 'listbox', class: 'cwe-listbox', part: 'cwe-listbox', hidden: true });
  const status = h('p', { class: 'cwe-status', role: 'status' });
  const chips = h('ul', { class: 'cwe-chips', hidden: true });
  bind(() => {
    label.textContent = T.label;
    hint.textContent = T.hint;
    listbox.setAttribute('aria-label', T.suggestions);
    chips.setAttribute('aria-label', T.chosen);
    renderChips();
  });

  const say = (text) => { status.textContent = text; };

  function load() {
    if (list || loading) return loading;
    if (typeof loadList !== 'function') return null;
    say(T.loading);
    loading = Promise.resolve()
      .then(() => loadList())
      .then((l) => {
        list = Array.isArray(l) ? l : [];
        names = new Map(list.map(([num, name]) => [`CWE-${num}`, name]));
        say('');
        renderChips();
        if (document.activeElement === input || input.getRootNode().activeElement === input) search();
      }, () => {
        say(T.failed);
      })
      .finally(() => { loading = null; });
    return loading;
  }

  function open(yes) {
    listbox.hidden = !yes;
    input.setAttribute('aria-expanded', String(yes));
    if (!yes) activate(-1);
  }
  function activate(i) {
    const items = listbox.children;
    if (active >= 0 && items[active]) items[active].setAttribute('aria-selected', 'false');
    active = i;
    if (i >= 0 && items[i]) {
      items[i].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', items[i].id);
      items[i].scrollIntoView?.({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }
  function search() {
    const q = input.value.trim();
    results = list ? searchCwe(list, q) : [];
    listbox.replaceChildren(...results.map(([num, name], i) =>
      h('li', { role: 'option', id: id(`option-${i}`), class: 'cwe-option', part: 'cwe-option', 'aria-selected': 'false' },
        h('span', { class: 'cwe-option-id' }, `CWE-${num}`), ' ', h('span', { class: 'cwe-option-name' }, name))));
    active = -1;
    open(results.length > 0);
    if (!q || !list) return;
    const typed = cweId(q);
    say(results.length ? T.results(results.length) : typed ? fill(T.noneId, { id: typed }) : T.none);
  }

  function renderChips() {
    chips.replaceChildren(...chosen.map((cwe, i) => {
      const name = names.get(cwe);
      return h('li', { class: 'cwe-chip', part: 'cwe-chip' },
        h('span', { class: 'cwe-chip-id' }, cwe),
        name ? [' ', h('span', { class: 'cwe-chip-name' }, name)] : null, ' ',
        h('button', { type: 'button', class: 'cwe-chip-remove', part: 'button', 'data-index': i, 'aria-label': fill(T.removeLabel, { id: cwe }) }, T.remove),
        h('input', { type: 'hidden', name: `cwe.${i}`, value: cwe }));
    }));
    chips.hidden = chosen.length === 0;
  }

  function add(cwe) {
    if (chosen.includes(cwe)) return say(fill(T.duplicate, { id: cwe }));
    if (chosen.length >= MAX_CWE) return say(fill(T.full, { max: MAX_CWE }));
    chosen.push(cwe);
    renderChips();
    input.value = '';
    results = [];
    open(false);
    say(fill(T.added, { id: cwe }));
    onChange([...chosen]);
  }

  input.addEventListener('focus', () => load());
  input.addEventListener('input', () => {
    load();
    search();
  });
  input.addEventListener('blur', () => open(false));
  input.addEventListener('keydown', (e) => {
    const count = results.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!count) return;
      const down = e.key === 'ArrowDown';
      if (listbox.hidden) {
        open(true);
        if (!e.altKey) activate(down ? 0 : count - 1);
      } else {
        activate(active < 0 ? (down ? 0 : count - 1) : (active + (down ? 1 : count - 1)) % count);
      }
    } else if (e.key === 'Enter') {
      e.preventDefault(); // never submits the form
      if (!listbox.hidden && active >= 0) add(`CWE-${results[active][0]}`);
      else if (cweId(input.value)) add(cweId(input.value));
      else if (count) open(true);
    } else if (e.key === 'Escape') {
      if (!listbox.hidden) open(false);
      else if (input.value) {
        input.value = '';
        results = [];
        say('');
      } else return;
      e.preventDefault();
    }
  });
  listbox.addEventListener('mousedown', (e) => e.preventDefault()); // keeps focus in the input
  listbox.addEventListener('click', (e) => {
    const option = e.target.closest?.('[role="option"]');
    const i = option ? [...listbox.children].indexOf(option) : -1;
    if (i >= 0) add(`CWE-${results[i][0]}`);
  });
  chips.addEventListener('click', (e) => {
    const button = e.target.closest?.('.cwe-chip-remove');
    if (!button) return;
    const i = Number(button.getAttribute('data-index'));
    const [cwe] = chosen.splice(i, 1);
    renderChips();
    const buttons = chips.querySelectorAll('.cwe-chip-remove');
    (buttons[Math.min(i, buttons.length - 1)] ?? input).focus();
    say(fill(T.removed, { id: cwe }));
    onChange([...chosen]);
  });

  const element = h('div', { class: 'cwe', part: 'cwe' }, label, hint,
    h('div', { class: 'cwe-combobox' }, input, listbox), status, chips);

  return {
    element,
    input,
    /** Replaces the chosen ids (`CWE-79` or `79`; others dropped, duplicates once, at most MAX_CWE). */
    setValue(ids) {
      chosen = [...new Set((ids ?? []).map(cweId).filter(Boolean))].slice(0, MAX_CWE);
      renderChips();
      // Chips show names: chosen ids (a redrawn form) need the list.
      if (chosen.length) load();
    },
    getValue: () => [...chosen],
    setLang(l) {
      T = TEXT[l] ?? TEXT.en;
      for (const fn of renders) fn();
      say('');
    },
  };
}

/** For tests: the catalogue, to check that both languages have the same keys. */
export const CWE_TEXT = TEXT;
