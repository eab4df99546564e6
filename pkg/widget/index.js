/**
 * `<psirt-report-form>`: the reporter's form. It takes a reporter from "what are you reporting?"
 * to a message encrypted to the PSIRT's pinned key, and hands the ciphertext to the page in a
 * `psirt-sealed` event. Validation, scanning and sealing run in a Web Worker
 * (worker-connection.js). This file is the element: its lifecycle (connect, attributes,
 * disconnect), the state every part draws from, drawing the current step and keeping focus
 * across redraws. The parts: loading.js (worker, profile, key), steps/*.js (one drawer per
 * step), fields.js (the fields of each channel), checks.js (live validation and scanning),
 * attachments.js, sealing.js (seal, stamp, send), drafts-view.js, reporter-key.js,
 * metadata-view.js, key-discovery-view.js, and isolation/ (the form in a frame on the PSIRT's
 * origin). Structure, names and events: docs/form.md.
 *
 * Each part is a function of `ctx` (this element's `#ctx`, never exposed to the page): the state
 * `ctx.s`, what was loaded (`profile`, `key`, `recipient`…), the worker's `api`, and the element's
 * actions (`render`, `go`, `announce`, `fail`, `button`, `heading`, `clear`).
 *
 * What never happens here: report text in a URL, in storage, in the console or in a request.
 * The only requests are for the profile, the key, the worker and its wasm; the only outputs are
 * the ciphertext (event, downloads, clipboard) and a `mailto:` link that carries the neutral
 * subject and an instruction, never the report.
 */

import { t } from './i18n.js';
import { restorableState } from './fields.js';
import { supported } from './worker-connection.js';
import { freshReporterKey } from './reporter-key.js';
import { STYLES } from './styles.js';
import { add, h, BlobUrls } from './dom.js';
import { checkAttachment } from './metadata-view.js';
import { DraftKeeper } from './drafts-view.js';
import { loadKey, loadProfile, loadProfileFile, profileSource, startWorker } from './loading.js';
import { paintChecks, scanAttachment, scheduleChecks } from './checks.js';
import { cancelStamp } from './sealing.js';
import { drawRoute } from './steps/route.js';
import { drawRouted } from './steps/routed.js';
import { drawDetails } from './steps/details.js';
import { drawReview } from './steps/review.js';
import { drawSealed } from './steps/sealed.js';
import { drawManual } from './steps/manual.js';

/** The longest a redraw waits for a press to end (a pointer captured elsewhere never comes up). */
const PRESS_LIMIT = 1500;

let sheet = null;

function styleSheet() {
  if (sheet === null && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
  }
  return sheet;
}

/** A report's state before anything is chosen (and again after "clear"). */
function freshState() {
  return {
    step: 'route',
    kind: null,
    routeError: false,
    clearing: false,
    rendering: null,
    channel: null,
    route: null,
    values: { reporter: {}, affected: [{ versions: [''] }], commitments: {} },
    touched: new Set(),
    showAll: false,
    diagnostics: null,
    findings: [],
    attachments: [], // {name, mediaType, size, data, findings}
    attachmentError: null,
    sealed: null,
    confirmed: false,
    error: null,
    busy: false,
    reporterKey: freshReporterKey(),
  };
}

export class PsirtReportForm extends HTMLElement {
  static observedAttributes = ['lang', 'profile', 'key-url'];

  /** What the parts see (see the top of this file). */
  #ctx = {
    host: this,
    /** All the state: the view is drawn from it. */
    s: freshState(),
    root: null,
    engine: null,
    get api() {
      return this.engine?.api;
    },
    get lang() {
      return this.host.lang;
    },
    profile: null, // the profile object as the core returns it
    profileArg: 'thales', // what calls pass as `profile`: a name, or the object
    key: null, // armored key text
    recipient: null, // RecipientInfo, or {error}
    found: null, // how discovery found the key ({method, url}), or null
    /** True once the wasm, the profile and the key are loaded (or failed): `data-ready` on the host. */
    ready: false,
    /** A field to focus after the next redraw (the one a redaction changed). */
    focusAfter: null,
    /** The encrypted draft (drafts-view.js), once the profile is known. */
    drafts: null,
    /** The live checks' debounce timers and sequence numbers. */
    timers: {},
    /** The download links' object URLs (revoked when replaced or cleared). */
    blobs: new BlobUrls(),
    t: (key, params) => this.#t(key, params),
    render: () => this.#render(),
    go: (step) => this.#go(step),
    announce: (text) => this.#announce(text),
    fail: (step, e) => this.#fail(step, e),
    whenFree: (name, draw) => this.#whenFree(name, draw),
    clear: () => this.#clear(),
    heading: (key, params) => this.#heading(key, params),
    button: (action, label, attrs) => this.#button(action, label, attrs),
  };
  #live = null;
  #root;
  /** With `isolated`, the frame that runs the form on the PSIRT's origin. */
  #isolated = null;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#ctx.root = this.#root;
    const css = styleSheet();
    if (css) this.#root.adoptedStyleSheets = [css];
    this.#watchPresses();
  }

  // A redraw replaces elements. One landing inside a press — between the pointer going down and
  // up, or between Space going down and up on a control Space activates on release — would take
  // away the element the press started on, and the click (or the key's activation) is lost: the
  // engine's answer (ready, a scan, a validation, a draft found) can arrive at any moment. So a
  // redraw asked for during a press waits until the press is over (and its click dispatched),
  // at most PRESS_LIMIT ms.
  #pressed = false;
  #deferred = new Map();
  #pressTimer = null;

  #watchPresses() {
    const release = () => {
      if (!this.#pressed) return;
      this.#pressed = false;
      clearTimeout(this.#pressTimer);
      // After the click (or the key's activation) that this release dispatches.
      setTimeout(() => this.#flushDeferred(), 0);
    };
    const press = () => {
      this.#pressed = true;
      clearTimeout(this.#pressTimer);
      this.#pressTimer = setTimeout(release, PRESS_LIMIT);
    };
    this.#root.addEventListener('pointerdown', press, true);
    this.#root.addEventListener('pointerup', release, true);
    this.#root.addEventListener('pointercancel', release, true);
    this.#root.addEventListener(
      'keydown',
      (e) => {
        const t = e.composedPath()[0];
        if (e.key === ' ' && !e.repeat && t?.matches?.('button, input[type="checkbox"], input[type="radio"], summary, a[href]')) press();
      },
      true,
    );
    this.#root.addEventListener('keyup', (e) => e.key === ' ' && release(), true);
  }

  /** Runs `draw` now, or once the current press is over (one pending run per `name`). */
  #whenFree(name, draw) {
    if (!this.#pressed) return draw();
    this.#deferred.set(name, draw);
  }

  #flushDeferred() {
    if (this.#pressed) return;
    const pending = [...this.#deferred.values()];
    this.#deferred.clear();
    for (const draw of pending) draw();
  }

  get lang() {
    const own = this.getAttribute('lang');
    const page = this.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang;
    const l = (own || page || 'en').slice(0, 2).toLowerCase();
    return l === 'fr' ? 'fr' : 'en';
  }

  // React 19 and Vue set `lang` as a property on a custom element that has one; a getter alone
  // made that throw ("only a getter"), and React's render failed. The setter reflects to the
  // attribute, as HTMLElement's own `lang` does.
  set lang(value) {
    if (value === null || value === undefined || value === '') this.removeAttribute('lang');
    else this.setAttribute('lang', String(value));
  }

  #t(key, params) {
    return t(this.lang, key, params);
  }

  connectedCallback() {
    if (this.#ctx.engine || this.#isolated || this.#ctx.s.step === 'manual') return;
    // Isolation: the form runs in a sandboxed frame on the PSIRT's origin (isolation/isolated.js);
    // this element shows that frame, or the manual route if the frame fails. Loaded only here: a
    // page without isolation never fetches it (3 KB gzip).
    if (this.hasAttribute('isolated')) {
      const fail = (key, params) => {
        this.#ctx.s.step = 'manual';
        this.#ctx.s.isolationFailed = this.#t(key, params);
        loadProfileFile(this.#ctx).finally(() => this.#render());
      };
      this.#isolated = { live: false };
      import('./isolation/isolated.js').then(
        ({ mountIsolated }) => {
          this.#isolated = mountIsolated(this, this.#root, fail);
        },
        () => fail('isolated.failed', { origin: this.getAttribute('frame-url') ?? '' }),
      );
      return;
    }
    if (!supported()) {
      this.#ctx.s.step = 'manual';
      loadProfileFile(this.#ctx).finally(() => this.#render());
      return;
    }
    this.#render();
    try {
      this.#ctx.engine = startWorker(this);
    } catch (e) {
      this.#fail('manual', e);
      return;
    }
    this.#ctx.engine.onDeath(() => this.#onEngineDeath());
    this.setAttribute('aria-busy', 'true');
    this.#ctx.engine.ready
      .then(() => loadProfile(this.#ctx))
      .then(() => loadKey(this.#ctx))
      .then(() => this.#markReady())
      .catch((e) => {
        this.#markReady();
        this.#fail(this.#ctx.s.step, e);
      });
  }

  #markReady() {
    this.#ctx.ready = true;
    this.removeAttribute('aria-busy');
    this.setAttribute('data-ready', '');
    this.#startDrafts();
    this.#render();
  }

  // Drafts: the keeper looks for a draft of an earlier visit (the first step then offers to
  // restore or forget it) and saves, encrypted, once the reporter opts in. Its code (~9 KB gzip)
  // is imported statically: a late import() would be a request made after the form is ready,
  // and the form promises none then.
  #startDrafts() {
    if (this.#ctx.drafts || !this.#ctx.profile) return;
    this.#ctx.drafts = new DraftKeeper(this.#ctx.profile.id ?? this.#ctx.profileArg, {
      t: (key, params) => this.#t(key, params),
      lang: () => this.lang,
      render: () => this.#render(),
      announce: (text) => this.#announce(text),
      focus: (selector) => this.#root.querySelector(selector)?.focus(),
      snapshot: () => {
        const s = this.#ctx.s;
        return {
          // `cleaned`: the reporter's choice of the cleaned copy; the copy itself is made again
          // from the original on restore (the same cleaner), so the draft keeps one copy.
          state: { kind: s.kind, channel: s.channel, values: s.values, texts: s.attachments.map((a) => a.text), cleaned: s.attachments.map((a) => a.useCleaned === true) },
          attachments: s.attachments.map((a) => ({ name: a.name, mediaType: a.mediaType, data: a.data })),
        };
      },
      restore: (draft) => this.#restoreDraft(draft),
    });
    this.#ctx.drafts.look().then((found) => {
      if (found && this.#ctx.s.step === 'route') this.#render();
    });
  }

  async #restoreDraft(draft) {
    const s = this.#ctx.s;
    // Only the form's own fields come back (restorableState drops the rest).
    const state = restorableState(draft.state);
    await this.#ctx.engine.ready;
    s.kind = state.kind;
    s.values = state.values;
    s.attachments = draft.attachments.map((a, i) => ({ name: a.name, mediaType: a.mediaType, data: a.data, size: a.data.length, text: state.texts[i] === true, findings: [] }));
    if (s.kind) {
      s.route = await this.#ctx.api.triage(s.kind, { profile: this.#ctx.profileArg, language: this.lang });
      s.channel = s.route.decision === 'accept' ? s.route.channel : null;
    }
    for (const [i, a] of s.attachments.entries()) {
      if (a.text) await scanAttachment(this.#ctx, a);
      else {
        // Inspected again, as when the file was added: the list of what it hides is shown, and
        // the reporter's choice of the cleaned copy is kept.
        await checkAttachment(a);
        if (a.meta && state.cleaned[i]) a.useCleaned = true;
      }
    }
    this.#go(s.channel ? 'details' : 'route');
    scheduleChecks(this.#ctx, true);
  }

  disconnectedCallback() {
    cancelStamp(this.#ctx);
    for (const id of Object.values(this.#ctx.timers)) clearTimeout(id);
    this.#ctx.drafts?.save();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.isConnected) return;
    // The isolated frame changes language in place; after a failure, the manual route redraws.
    if (name === 'lang' && this.#isolated && this.#ctx.s.step !== 'manual') this.#isolated.update?.();
    else if (name === 'lang') this.#render();
  }

  #onEngineDeath() {
    // Fail closed: drop anything produced, say so, offer nothing to send.
    this.#ctx.s.sealed = null;
    this.#ctx.s.error = this.#t('error.worker');
    this.#render();
  }

  #fail(step, e) {
    if (e?.code === 'init-integrity-mismatch' || (e?.code === 'input-type' && /integrity|sha256/i.test(e?.message ?? ''))) {
      // The encryption code is not the one the PSIRT published (or the page pinned it wrongly):
      // nothing of it runs; the reporter is told, and given the route by hand.
      this.#ctx.s.step = 'manual';
      this.#ctx.s.tampered = true;
      loadProfileFile(this.#ctx).finally(() => this.#render());
      return;
    }
    if (step === 'manual' || e?.code === 'init-failed' || e?.code === 'worker-failed') {
      this.#ctx.s.step = 'manual';
      loadProfileFile(this.#ctx).finally(() => this.#render());
      return;
    }
    this.#ctx.s.error = this.#t('error.generic', { message: e?.message ?? String(e) });
    this.#render();
  }

  // ---------------------------------------------------------------------------------------------
  // Drawing
  // ---------------------------------------------------------------------------------------------

  /** Where focus is, in terms that survive a redraw (the elements themselves do not). */
  #focusKey() {
    const el = this.#root.activeElement;
    if (!el) return null;
    const same = (sel) => [...this.#root.querySelectorAll(sel)].indexOf(el);
    if (el.getAttribute('name')) return { name: el.getAttribute('name'), value: el.type === 'radio' ? el.value : null };
    if (el.dataset?.action) return { action: el.dataset.action, index: same(`[data-action="${CSS.escape(el.dataset.action)}"]`) };
    if (el.id) return { id: el.id };
    return { heading: true };
  }

  #restoreFocus(key) {
    const q = (sel) => this.#root.querySelector(sel);
    let el = null;
    if (this.#ctx.focusAfter) {
      el = q(`[name="${CSS.escape(this.#ctx.focusAfter)}"]`);
      this.#ctx.focusAfter = null;
    }
    if (!el && key?.name) el = (key.value !== null && q(`[name="${CSS.escape(key.name)}"][value="${CSS.escape(key.value)}"]`)) || q(`[name="${CSS.escape(key.name)}"]`);
    if (!el && key?.action) {
      const all = this.#root.querySelectorAll(`[data-action="${CSS.escape(key.action)}"]`);
      el = all[Math.min(key.index, all.length - 1)] ?? null;
    }
    if (!el && key?.id) el = this.#root.getElementById(key.id);
    // Never leave a keyboard user on <body>: the step's heading is the fallback.
    if (!el && key) el = q('h2');
    el?.focus();
  }

  #render() {
    if (this.#pressed) {
      this.#deferred.delete('checks');
      this.#deferred.delete('findings');
      this.#deferred.set('render', () => this.#render());
      return;
    }
    const s = this.#ctx.s;
    const focus = this.#focusKey();
    // The built-in demo profile is known by its name before the engine has read it: its banner is
    // there from the first paint, so the first step does not jump down under the reporter's
    // pointer when the engine becomes ready (a click aimed at one choice landed beside it).
    const demo = this.#ctx.profile ? this.#ctx.profile.demo : profileSource(this.#ctx).name === 'demo';
    this.#live = h('div', { class: 'live', role: 'status', 'aria-live': 'polite' });
    const form = h('form', { part: 'form', novalidate: true, onsubmit: (e) => e.preventDefault() });
    add(form, 
      // The profile's label where the form speaks its language (English), else the form's own words.
      demo ? h('p', { class: 'banner', part: 'banner', role: 'note' }, this.lang === 'en' && this.#ctx.profile?.label ? this.#ctx.profile.label : this.#t('demo')) : null,
      s.error ? h('p', { class: 'alert', role: 'alert' }, s.error) : null,
    );
    const section = h('section', { 'data-step': s.step, part: 'step', class: 'step' });
    const draw = {
      route: () => drawRoute(this.#ctx, section),
      routed: () => drawRouted(this.#ctx, section),
      details: () => drawDetails(this.#ctx, section),
      review: () => drawReview(this.#ctx, section),
      sealed: () => drawSealed(this.#ctx, section),
      manual: () => drawManual(this.#ctx, section),
    }[s.step];
    draw();
    add(form, section, this.#live);
    this.#root.replaceChildren(form);
    this.setAttribute('data-step', s.step);
    if (s.step === 'details') paintChecks(this.#ctx);
    this.#restoreFocus(focus);
  }

  #heading(key, params) {
    return h('h2', { tabindex: '-1', part: 'heading' }, this.#t(key, params));
  }

  #go(step) {
    cancelStamp(this.#ctx); // leaving the step stops the stamp
    this.#ctx.drafts?.save(); // drafts, saved when a step is left
    this.#ctx.s.step = step;
    this.#ctx.s.error = null;
    this.#render();
    this.#root.querySelector('h2')?.focus();
  }

  #announce(text) {
    if (!this.#live) return;
    this.#live.textContent = '';
    // A new text node, so screen readers announce a repeated message too.
    setTimeout(() => {
      if (this.#live) this.#live.textContent = text;
    }, 30);
  }

  #button(action, label, attrs = {}) {
    const primary = attrs.primary;
    delete attrs.primary;
    return h('button', { type: 'button', 'data-action': action, part: primary ? 'button button-primary' : 'button', class: primary ? 'primary' : 'secondary', ...attrs }, label);
  }

  async #clear() {
    // Clearing (or starting again) forgets the draft being kept; a draft found but not restored
    // is left to the prompt.
    if (this.#ctx.drafts?.active) await this.#ctx.drafts.forget().catch(() => {});
    this.#ctx.blobs.revokeAll();
    this.#ctx.s = freshState();
    this.#go('route');
    this.#announce(this.#t('sealed.cleared'));
  }
}

if (!customElements.get('psirt-report-form')) customElements.define('psirt-report-form', PsirtReportForm);
