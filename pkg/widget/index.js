/**
 * `<psirt-report-form>`: the reporter's form. It takes a reporter from "what are you reporting?"
 * to a message encrypted to the PSIRT's pinned key, and hands the ciphertext to the page in a
 * `psirt-sealed` event. Validation, scanning and sealing run in a Web Worker (engine.js); this
 * file keeps the state (one object, `this.#s`) and draws it. Structure, names and events:
 * docs/form.md.
 *
 * What never happens here: report text in a URL, in storage, in the console or in a request.
 * The only requests are for the profile, the key, the worker and its wasm; the only outputs are
 * the ciphertext (event, downloads, clipboard) and a `mailto:` link that carries the neutral
 * subject and an instruction, never the report.
 */

import { t, formatBytes, CATALOG } from './i18n.js';
import { LAYOUT, ROUTES, buildReport, errorId, formName, getPath, restorableState, setPath, toName } from './fields.js';
import { startEngine, supported } from './worker-connection.js';
// Issue 16 item 5: a way back to the reporter (their own key, and a receipt).
import { drawReceipt, drawReporterKey, freshReporterKey, readyToSeal, reporterPgpKey } from './reporter-key.js';
import { STYLES } from './styles.js';
import { add, h, groupHex, BlobUrls } from './dom.js';
import { highlight } from './highlight.js';
// Issue 16 item 2: key discovery (WKD, security.txt), pinned.
import { wantsDiscovery, discoverForForm, foundNote, discoveryRefusal } from './key-discovery-view.js';
// Issue 16 item 6: attachment metadata
import { checkAttachment, drawMetadata, attachmentBytes } from './metadata-view.js';
import { DraftKeeper } from './draft-panel.js'; // Issue 16 item 1: drafts

const BUILTIN_PROFILES = new Set(['thales', 'demo']);
/** The core's limits on attachments (src/seal.rs), unless the profile sets lower ones. */
const MAX_FILES = 50;
const MAX_TOTAL = 32 * 1024 * 1024;
/** Text attachments up to this size are scanned for sensitive data. */
const SCAN_ATTACHMENT_MAX = 1024 * 1024;
const TEXT_TYPES = /^(text\/|application\/(json|xml|x-yaml|yaml|x-sh|javascript|x-httpd-php|sql|x-har))/;
const TEXT_EXT = /\.(txt|log|md|json|xml|ya?ml|csv|ini|conf|cfg|env|har|sh|py|js|ts|sql|html?|php|rb|go|rs|java|c|h|cpp|toml|properties)$/i;
const VALIDATE_DELAY = 300;
const SCAN_DELAY = 80;
/** The longest a redraw waits for a press to end (a pointer captured elsewhere never comes up). */
const PRESS_LIMIT = 1500;

let sheet = null;
let cweList = null;
/**
 * The CVSS calculators and the CWE picker (cvss.js, cwe.js: 12 KB gzip) are loaded when a
 * channel that asks for severity is drawn, not with the form: a reporter of a data leak or an
 * appeal, and every page before the route is chosen, never downloads them.
 */
let severityLib = null;
let severityLoading = null;
function loadSeverity() {
  severityLoading ??= Promise.all([import('./cvss.js'), import('./cwe.js')]).then(([cvss, cwe]) => {
    severityLib = { createCvssCalculator: cvss.createCvssCalculator, createCwePicker: cwe.createCwePicker };
  });
  return severityLoading;
}

function styleSheet() {
  if (sheet === null && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
  }
  return sheet;
}

const base64 = (bytes) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
const unbase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export class PsirtReportForm extends HTMLElement {
  static observedAttributes = ['lang', 'profile', 'key-url'];

  /** All the state: the view is drawn from it. */
  #s = PsirtReportForm.#fresh();
  /** The download links' object URLs (revoked when replaced or cleared). */
  #blobs = new BlobUrls();
  #engine = null;
  #profile = null; // the profile object as the core returns it
  #profileArg = 'thales'; // what calls pass as `profile`: a name, or the object
  #key = null; // armored key text
  #recipient = null; // RecipientInfo, or {error}
  #found = null; // Issue 16 item 2: how discovery found the key ({method, url}), or null
  #timers = {};
  #live = null;
  #root;
  /** True once the wasm, the profile and the key are loaded (or failed): `data-ready` on the host. */
  #ready = false;
  /** A field to focus after the next redraw (the one a redaction changed). */
  #focusAfter = null;
  /** Issue 16 item 4: with `isolated`, the frame that runs the form on the PSIRT's origin. */
  #isolated = null;
  /** Issue 16 item 1: the encrypted draft (draft-panel.js), once the profile is known. */
  #drafts = null;

  static #fresh() {
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
      reporterKey: freshReporterKey(), // Issue 16 item 5
    };
  }

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
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

  // Issue 16 item 8 (host integrations): React 19 and Vue set `lang` as a property on a custom
  // element that has one; a getter alone made that throw ("only a getter"), and React's render
  // failed. The setter reflects to the attribute, as HTMLElement's own `lang` does.
  set lang(value) {
    if (value === null || value === undefined || value === '') this.removeAttribute('lang');
    else this.setAttribute('lang', String(value));
  }

  #t(key, params) {
    return t(this.lang, key, params);
  }

  connectedCallback() {
    if (this.#engine || this.#isolated || this.#s.step === 'manual') return;
    // Issue 16 item 4: isolation. The form runs in a sandboxed frame on the PSIRT's origin
    // (isolated.js); this element shows that frame, or the manual route if the frame fails.
    // Loaded only here: a page without isolation never fetches it (3 KB gzip).
    if (this.hasAttribute('isolated')) {
      const fail = (key, params) => {
        this.#s.step = 'manual';
        this.#s.isolationFailed = this.#t(key, params);
        this.#loadProfileFile().finally(() => this.#render());
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
      this.#s.step = 'manual';
      this.#loadProfileFile().finally(() => this.#render());
      return;
    }
    this.#render();
    try {
      const attr = (name) => this.getAttribute(name) ?? undefined;
      this.#engine = startEngine({
        workerUrl: attr('worker-url'),
        wasmUrl: attr('wasm-url'),
        sealWasmUrl: attr('seal-wasm-url'),
        // The modules' expected SHA-256 (issue 16): a module that differs is refused before it runs.
        integrity: attr('integrity'),
        sealIntegrity: attr('seal-integrity'),
        // Issue 16 item 5: the open module (key generation, loaded when the reporter asks for a key).
        openIntegrity: attr('open-integrity'),
        // The JavaScript core, where WebAssembly is off: its files and expected SHA-256.
        jsUrl: attr('js-url'),
        jsSealUrl: attr('js-seal-url'),
        jsIntegrity: attr('js-integrity'),
        jsSealIntegrity: attr('js-seal-integrity'),
      });
    } catch (e) {
      this.#fail('manual', e);
      return;
    }
    this.#engine.onDeath(() => this.#onEngineDeath());
    this.setAttribute('aria-busy', 'true');
    this.#engine.ready
      .then(() => this.#loadProfile())
      .then(() => this.#loadKey())
      .then(() => this.#markReady())
      .catch((e) => {
        this.#markReady();
        this.#fail(this.#s.step, e);
      });
  }

  #markReady() {
    this.#ready = true;
    this.removeAttribute('aria-busy');
    this.setAttribute('data-ready', '');
    this.#startDrafts();
    this.#render();
  }

  // Issue 16 item 1: drafts. The keeper looks for a draft of an earlier visit (the first step
  // then offers to restore or forget it) and saves, encrypted, once the reporter opts in. Its
  // code (~9 KB gzip) is imported statically: a late import() would be a request made after the
  // form is ready, and the form promises none then.
  #startDrafts() {
    if (this.#drafts || !this.#profile) return;
    this.#drafts = new DraftKeeper(this.#profile.id ?? this.#profileArg, {
      t: (key, params) => this.#t(key, params),
      lang: () => this.lang,
      render: () => this.#render(),
      announce: (text) => this.#announce(text),
      focus: (selector) => this.#root.querySelector(selector)?.focus(),
      snapshot: () => {
        const s = this.#s;
        return {
          // `cleaned`: the reporter's choice of the cleaned copy; the copy itself is made again
          // from the original on restore (the same cleaner), so the draft keeps one copy.
          state: { kind: s.kind, channel: s.channel, values: s.values, texts: s.attachments.map((a) => a.text), cleaned: s.attachments.map((a) => a.useCleaned === true) },
          attachments: s.attachments.map((a) => ({ name: a.name, mediaType: a.mediaType, data: a.data })),
        };
      },
      restore: (draft) => this.#restoreDraft(draft),
    });
    this.#drafts.look().then((found) => {
      if (found && this.#s.step === 'route') this.#render();
    });
  }

  async #restoreDraft(draft) {
    const s = this.#s;
    // Only the form's own fields come back (restorableState drops the rest).
    const state = restorableState(draft.state);
    await this.#engine.ready;
    s.kind = state.kind;
    s.values = state.values;
    s.attachments = draft.attachments.map((a, i) => ({ name: a.name, mediaType: a.mediaType, data: a.data, size: a.data.length, text: state.texts[i] === true, findings: [] }));
    if (s.kind) {
      s.route = await this.#api.triage(s.kind, { profile: this.#profileArg, language: this.lang });
      s.channel = s.route.decision === 'accept' ? s.route.channel : null;
    }
    for (const [i, a] of s.attachments.entries()) {
      if (a.text) await this.#scanAttachment(a);
      else {
        // Inspected again, as when the file was added: the list of what it hides is shown, and
        // the reporter's choice of the cleaned copy is kept.
        await checkAttachment(a);
        if (a.meta && state.cleaned[i]) a.useCleaned = true;
      }
    }
    this.#go(s.channel ? 'details' : 'route');
    this.#schedule(true);
  }

  disconnectedCallback() {
    this.#cancelStamp(); // Issue 16 item 7
    for (const id of Object.values(this.#timers)) clearTimeout(id);
    this.#drafts?.save();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.isConnected) return;
    // Issue 16 item 4: the isolated frame changes language in place; after a failure, the manual route redraws.
    if (name === 'lang' && this.#isolated && this.#s.step !== 'manual') this.#isolated.update?.();
    else if (name === 'lang') this.#render();
  }

  get #api() {
    return this.#engine?.api;
  }

  #onEngineDeath() {
    // Fail closed: drop anything produced, say so, offer nothing to send.
    this.#s.sealed = null;
    this.#s.error = this.#t('error.worker');
    this.#render();
  }

  #fail(step, e) {
    if (e?.code === 'init-integrity-mismatch' || (e?.code === 'input-type' && /integrity|sha256/i.test(e?.message ?? ''))) {
      // The encryption code is not the one the PSIRT published (or the page pinned it wrongly):
      // nothing of it runs; the reporter is told, and given the route by hand.
      this.#s.step = 'manual';
      this.#s.tampered = true;
      this.#loadProfileFile().finally(() => this.#render());
      return;
    }
    if (step === 'manual' || e?.code === 'init-failed' || e?.code === 'worker-failed') {
      this.#s.step = 'manual';
      this.#loadProfileFile().finally(() => this.#render());
      return;
    }
    this.#s.error = this.#t('error.generic', { message: e?.message ?? String(e) });
    this.#render();
  }

  // ---------------------------------------------------------------------------------------------
  // Profile and key
  // ---------------------------------------------------------------------------------------------

  #profileSource() {
    const p = this.getAttribute('profile') || 'thales';
    // Issue 16 item 8 (host integrations): `?no-inline` makes Vite emit the profile as a file;
    // small enough, it was inlined as a data: URL, which connect-src 'self' refuses (the manual
    // route then lost the PSIRT's address). Served unbundled, the query is ignored.
    return BUILTIN_PROFILES.has(p) ? { name: p, url: new URL(`../profiles/${p}.json?no-inline`, import.meta.url) } : { url: new URL(p, location.href) };
  }

  /** The raw profile file, for the manual route (no wasm to check it with). */
  async #loadProfileFile() {
    if (this.#profile) return;
    try {
      const r = await fetch(this.#profileSource().url, { credentials: 'same-origin' });
      if (r.ok) this.#profile = await r.json();
    } catch {
      /* the manual route then shows what it can */
    }
  }

  async #loadProfile() {
    const src = this.#profileSource();
    if (src.name) {
      this.#profileArg = src.name;
      this.#profile = await this.#api.profile(src.name);
    } else {
      const r = await fetch(src.url, { credentials: 'same-origin' });
      if (!r.ok) throw new Error(this.#t('error.profile', { message: r.status }));
      this.#profile = await this.#api.profile(await r.json());
      this.#profileArg = this.#profile;
    }
  }

  async #loadKey() {
    try {
      const inline = this.querySelector('script[type="application/pgp-keys"]')?.textContent;
      const url = this.getAttribute('key-url') ?? this.#profile?.key_url;
      if (inline && inline.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) this.#key = inline;
      else if (url) {
        const r = await fetch(new URL(url, location.href), { credentials: 'omit' });
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        this.#key = await r.text();
      } else if (wantsDiscovery(this, this.#profile)) {
        // Issue 16 item 2: look the key up (WKD, then security.txt); only a key whose primary
        // fingerprint is the pin comes back (the worker's loadRecipient judges each candidate).
        const found = await discoverForForm(this.#profile, (bytes) => this.#api.loadRecipient(bytes, { profile: this.#profileArg }));
        this.#found = { method: found.method, url: found.url };
        this.#key = found.key;
        this.#recipient = found.recipient;
        return;
      } else this.#key = this.#profile.public_key;
      this.#recipient = await this.#api.loadRecipient(this.#key, { profile: this.#profileArg });
    } catch (e) {
      // A seal module that is not the published one (the first call that loads it is this one):
      // not a key problem shown at review, but the refusal of the whole form (#fail).
      if (e?.code === 'init-integrity-mismatch') throw e;
      this.#recipient = { error: e };
      // Issue 16 item 2: no pinned key found or published: a reporter still on the first step is
      // shown the route by hand now, before typing a report this page cannot encrypt.
      if (String(e?.code).startsWith('discover-') && this.#s.step === 'route') this.#s.step = 'manual';
    }
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
    if (this.#focusAfter) {
      el = q(`[name="${CSS.escape(this.#focusAfter)}"]`);
      this.#focusAfter = null;
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
    const s = this.#s;
    const focus = this.#focusKey();
    // The built-in demo profile is known by its name before the engine has read it: its banner is
    // there from the first paint, so the first step does not jump down under the reporter's
    // pointer when the engine becomes ready (a click aimed at one choice landed beside it).
    const demo = this.#profile ? this.#profile.demo : this.#profileSource().name === 'demo';
    this.#live = h('div', { class: 'live', role: 'status', 'aria-live': 'polite' });
    const form = h('form', { part: 'form', novalidate: true, onsubmit: (e) => e.preventDefault() });
    add(form, 
      // The profile's label where the form speaks its language (English), else the form's own words.
      demo ? h('p', { class: 'banner', part: 'banner', role: 'note' }, this.lang === 'en' && this.#profile?.label ? this.#profile.label : this.#t('demo')) : null,
      s.error ? h('p', { class: 'alert', role: 'alert' }, s.error) : null,
    );
    const section = h('section', { 'data-step': s.step, part: 'step', class: 'step' });
    const draw = {
      route: () => this.#drawRoute(section),
      routed: () => this.#drawRouted(section),
      details: () => this.#drawDetails(section),
      review: () => this.#drawReview(section),
      sealed: () => this.#drawSealed(section),
      manual: () => this.#drawManual(section),
    }[s.step];
    draw();
    add(form, section, this.#live);
    this.#root.replaceChildren(form);
    this.setAttribute('data-step', s.step);
    if (s.step === 'details') this.#paintChecks();
    this.#restoreFocus(focus);
  }

  #heading(key, params) {
    return h('h2', { tabindex: '-1', part: 'heading' }, this.#t(key, params));
  }

  #go(step) {
    this.#cancelStamp(); // Issue 16 item 7: leaving the step stops the stamp
    this.#drafts?.save(); // Issue 16 item 1: drafts, saved when a step is left
    this.#s.step = step;
    this.#s.error = null;
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

  // --- step: route -------------------------------------------------------------------------------

  #drawRoute(section) {
    const s = this.#s;
    const hint = h('p', { class: 'hint', id: 'route-hint', part: 'hint' }, this.#t('step.route.hint'));
    const error = s.routeError ? h('p', { class: 'error', id: 'err-route', part: 'error' }, this.#t('route.required')) : null;
    const choices = ROUTES.map((kind) => {
      const id = `route-${kind}`;
      return h(
        'div',
        { class: 'choice' },
        h('input', { type: 'radio', name: 'route', value: kind, id, 'aria-describedby': `${id}-hint`, props: { checked: s.kind === kind }, onchange: () => {
          s.kind = kind;
          s.routeError = false;
        } }),
        h('label', { for: id }, this.#t(`route.${kind}`)),
        h('p', { class: 'hint', id: `${id}-hint` }, this.#t(`route.${kind}.hint`)),
      );
    });
    const fieldset = h(
      'fieldset',
      { class: s.routeError ? 'route invalid' : 'route', 'aria-describedby': s.routeError ? 'route-hint err-route' : 'route-hint' },
      h('legend', {}, this.#heading('step.route')),
      hint,
      error,
      choices,
    );
    add(section, 
      h('p', { class: 'intro' }, this.#t('form.intro')),
      this.#drafts?.prompt(), // Issue 16 item 1: drafts
      fieldset,
      h('div', { class: 'actions' }, this.#button('next', this.#t('continue'), { primary: true, onclick: () => this.#onRoute() })),
      this.#ready ? null : h('p', { class: 'muted loading' }, this.#t('form.loading')),
    );
  }

  async #onRoute() {
    const s = this.#s;
    if (!s.kind) {
      s.routeError = true;
      this.#render();
      this.#root.querySelector('input[name="route"]')?.focus();
      return;
    }
    const next = this.#root.querySelector('[data-action="next"]');
    if (next && !this.#ready) {
      next.setAttribute('aria-disabled', 'true');
      next.textContent = this.#t('form.loading');
    }
    try {
      await this.#engine.ready;
      if (!this.#profile) await this.#loadProfile();
      const route = await this.#api.triage(s.kind, { profile: this.#profileArg, language: this.lang });
      s.route = route;
      if (route.decision === 'accept' && route.channel) {
        s.channel = route.channel;
        this.#go('details');
      } else {
        this.dispatchEvent(new CustomEvent('psirt-route', { bubbles: true, composed: true, detail: { kind: s.kind, route } }));
        this.#go('routed');
      }
    } catch (e) {
      this.#fail('route', e);
    }
  }

  // --- step: routed (CERT, sales) --------------------------------------------------------------

  #drawRouted(section) {
    const r = this.#s.route ?? {};
    const certName = this.#profile?.cert?.name?.[this.lang];
    add(section, 
      this.#heading('step.routed'),
      h('p', { class: 'route-message' }, r.message ?? ''),
      r.url ? h('p', {}, h('a', { href: r.url, rel: 'noopener noreferrer', class: 'link-button', part: 'button' }, this.#t('routed.cert', { name: certName ?? r.to ?? r.url }))) : null,
      h('p', { class: 'muted' }, this.#t('routed.nothing')),
      h('div', { class: 'actions' }, this.#button('back', this.#t('routed.again'), { onclick: () => this.#clear() })),
    );
  }

  // --- step: details -----------------------------------------------------------------------------

  #drawDetails(section) {
    const s = this.#s;
    const summary = this.#errorSummary();
    add(section, this.#heading(`step.details.${s.channel}`));
    const to = s.route?.to;
    if (to) add(section, h('p', { class: 'muted to' }, this.#t('details.to', { to })));
    if (s.channel === 'cna_appeal' && s.route?.acknowledgement_due) {
      add(section, 
        h('p', { class: 'notice' }, this.#t('details.appeal_due', { days: this.#profile?.appeal_ack_working_days ?? 3, date: this.#date(s.route.acknowledgement_due) })),
      );
    }
    if (summary) add(section, summary);
    add(section, this.#drafts?.panel()); // Issue 16 item 1: drafts
    for (const group of LAYOUT[s.channel]) add(section, this.#group(group));
    add(section, 
      h(
        'div',
        { class: 'actions' },
        this.#button('back', this.#t('back'), { onclick: () => this.#go('route') }),
        this.#button('review', this.#t('review'), { primary: true, onclick: () => this.#onReview() }),
      ),
    );
  }

  #date(iso) {
    const d = new Date(`${iso}T12:00:00Z`);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(this.lang === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  }

  #group(group) {
    const legend = h('legend', {}, h('h3', {}, this.#t(group.key)));
    const fs = h('fieldset', { class: 'group', 'data-group': group.key }, legend);
    if (group.hint) add(fs, h('p', { class: 'hint' }, this.#t(group.hint)));
    if (group.fields) for (const field of group.fields) add(fs, this.#field(field));
    if (group.special === 'affected') this.#affected(fs);
    if (group.special === 'severity') this.#severity(fs);
    if (group.special === 'commitments') this.#commitments(fs);
    if (group.special === 'attachments') this.#attachmentsGroup(fs);
    return fs;
  }

  /** One field: label, hint, error slot, input, findings slot. */
  #field(field, labelKey, labelParams) {
    const s = this.#s;
    const id = `f-${field.name.replace(/\./g, '-')}`;
    const hintId = field.hint ? `${id}-hint` : null;
    const value = getPath(s.values, field.name);
    const wrap = h('div', { class: `field field-${field.kind}`, 'data-field': field.name, part: 'field' });
    const hint = hintId ? h('p', { class: 'hint', id: hintId, part: 'hint' }, this.#t(field.hint)) : null;
    const label = (k) => [this.#t(k, labelParams), field.optional ? h('span', { class: 'optional' }, ` ${this.#t('optional')}`) : null];

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
              onchange: (e) => this.#onChoice(field, e.target),
            }),
            h('label', { for: oid }, this.#t(opt === 'true' ? 'yes' : opt === 'false' ? 'no' : `${field.optionLabel}${opt}`)),
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
        h('input', { type: 'checkbox', id, name: field.name, part: 'input', 'aria-describedby': hintId, props: { checked: value === true }, onchange: (e) => this.#onInput(field, e.target.checked, true) }),
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
      oninput: (e) => this.#onInput(field, e.target.value, false),
      onblur: () => this.#onBlur(field.name),
    });
    add(wrap, h('label', { for: id, part: 'label' }, label(labelKey ?? field.label)));
    if (hint) add(wrap, hint);
    add(wrap, multiline ? highlight.wrap(input) : input);
    return wrap;
  }

  #convert(field, raw) {
    if (field.kind === 'number') {
      if (raw === '') return undefined;
      const n = Number(raw);
      return Number.isFinite(n) ? n : raw;
    }
    return raw;
  }

  #onInput(field, raw, immediate) {
    const s = this.#s;
    setPath(s.values, field.name, this.#convert(field, raw));
    if (s.touched.has(field.name) || immediate) s.touched.add(field.name);
    this.#schedule(immediate);
  }

  #onChoice(field, input) {
    const s = this.#s;
    if (field.kind === 'checks') {
      const current = new Set(getPath(s.values, field.name) ?? []);
      if (input.checked) current.add(input.value);
      else current.delete(input.value);
      setPath(s.values, field.name, field.options.filter((o) => current.has(o)));
    } else {
      setPath(s.values, field.name, input.value === 'true' ? true : input.value === 'false' ? false : input.value);
    }
    s.touched.add(field.name);
    this.#schedule(true);
  }

  #onBlur(name) {
    this.#s.touched.add(name);
    this.#schedule(true);
  }

  // --- affected products -----------------------------------------------------------------------

  #affected(fs) {
    const s = this.#s;
    fs.setAttribute('data-path', 'affected');
    const items = s.values.affected;
    items.forEach((item, i) => {
      const n = i + 1;
      const sub = h('fieldset', { class: 'item', 'data-path': `affected.${i}` }, h('legend', {}, this.#t('affected.item', { n })));
      add(sub, this.#field({ name: `affected.${i}.vendor`, kind: 'text', label: 'affected.vendor', optional: true }));
      add(sub, this.#field({ name: `affected.${i}.product`, kind: 'text', label: 'affected.product' }));
      const versions = h('fieldset', { class: 'versions', 'data-path': `affected.${i}.versions` }, h('legend', {}, this.#t('affected.versions'), h('span', { class: 'optional' }, ` ${this.#t('optional')}`)));
      (item.versions ?? ['']).forEach((_, j) => {
        add(versions, this.#field({ name: `affected.${i}.versions.${j}`, kind: 'text', label: 'affected.version' }, 'affected.version', { n: j + 1 }));
      });
      add(versions, 
        this.#button('add-version', this.#t('affected.add_version'), {
          'data-index': i,
          onclick: () => {
            item.versions = [...(item.versions ?? []), ''];
            this.#render();
            this.#root.querySelector(`[name="affected.${i}.versions.${item.versions.length - 1}"]`)?.focus();
          },
        }),
      );
      add(sub, versions);
      add(sub, this.#field({ name: `affected.${i}.component`, kind: 'text', label: 'affected.component', optional: true }));
      if (items.length > 1) {
        add(sub, 
          this.#button('remove-affected', this.#t('affected.remove', { n }), {
            onclick: () => {
              items.splice(i, 1);
              this.#schedule(true);
              this.#render();
              this.#root.querySelector('[data-action="add-affected"]')?.focus();
            },
          }),
        );
      }
      add(fs, sub);
    });
    add(fs, 
      this.#button('add-affected', this.#t('affected.add'), {
        onclick: () => {
          items.push({ versions: [''] });
          this.#render();
          this.#root.querySelector(`[name="affected.${items.length - 1}.product"]`)?.focus();
        },
      }),
    );
  }

  // --- severity: CVSS calculators and CWE ------------------------------------------------------

  #severity(fs) {
    const s = this.#s;
    if (severityLib === null) {
      add(fs, h('p', { class: 'hint', role: 'status' }, this.#t('severity.loading')));
      loadSeverity().then(
        () => this.#render(),
        (e) => {
          severityLoading = null;
          this.#fail(s.step, e);
        },
      );
      return;
    }
    const { createCvssCalculator, createCwePicker } = severityLib;
    add(fs, h('p', { class: 'hint' }, this.#t('cvss.hint')));
    for (const [version, name] of [
      ['3.1', 'severity.cvss_v3'],
      ['4.0', 'severity.cvss_v4'],
    ]) {
      const calc = createCvssCalculator({
        version,
        lang: this.lang,
        name,
        onChange: (vector) => {
          setPath(s.values, name, vector);
          s.touched.add(name);
          this.#schedule(true);
          this.#score(calc, vector);
        },
      });
      // Eleven metrics are long to scroll past: they fold under one summary (open when a vector is set).
      const metrics = calc.element.querySelector('.cvss-metrics');
      const vector = getPath(s.values, name);
      if (metrics) {
        const more = h('details', { class: 'cvss-more', open: Boolean(vector) }, h('summary', {}, this.#t('cvss.metrics')));
        metrics.replaceWith(more);
        add(more, metrics);
      }
      if (vector) {
        calc.setVector(vector);
        this.#score(calc, vector);
      }
      add(fs, h('div', { class: 'field cvss', 'data-field': name, 'data-path': name }, calc.element));
    }
    const picker = createCwePicker({
      lang: this.lang,
      // Fetched once per page, when first needed; a redrawn picker reuses it.
      loadList: () => (cweList ??= fetch(new URL('./cwe-list.json', import.meta.url)).then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))))),
      onChange: (ids) => {
        s.values.cwe = ids;
        s.touched.add('cwe');
        this.#schedule(true);
      },
    });
    picker.setValue(s.values.cwe ?? []);
    add(fs, h('div', { class: 'field cwe', 'data-field': 'cwe', 'data-path': 'cwe' }, picker.element));
  }

  async #score(calc, vector) {
    if (!vector) {
      calc.setScore(null);
      return;
    }
    try {
      await this.#engine.ready;
      calc.setScore(await this.#api.cvss(vector, { language: this.lang }));
    } catch (e) {
      calc.setScore(null, e?.message);
    }
  }

  // --- commitments -------------------------------------------------------------------------------

  #commitments(fs) {
    fs.setAttribute('data-path', 'commitments');
    const c = this.#profile?.commitments;
    if (!c) {
      add(fs, h('p', { class: 'muted' }, this.#t('commitments.loading')));
      return;
    }
    add(fs, h('p', { class: 'hint' }, this.#t('commitments.intro')));
    for (const k of ['no_exploitation', 'no_disclosure_without_consent', 'no_prohibited_attacks']) {
      const name = `commitments.${k}`;
      const id = `f-commitments-${k}`;
      add(fs, 
        h(
          'div',
          { class: 'field choice commitment', 'data-field': name, part: 'field' },
          h('input', { type: 'checkbox', id, name, part: 'input', props: { checked: this.#s.values.commitments?.[k] === true }, onchange: (e) => this.#onInput({ name, kind: 'checkbox' }, e.target.checked, true) }),
          h('label', { for: id, part: 'label' }, c[k]?.[this.lang] ?? c[k]?.en ?? k),
        ),
      );
    }
  }

  // --- attachments -------------------------------------------------------------------------------

  #limits() {
    const p = this.#profile?.attachments ?? {};
    return { count: Math.min(p.max_files ?? MAX_FILES, MAX_FILES), total: Math.min(p.max_total_bytes ?? MAX_TOTAL, MAX_TOTAL) };
  }

  #attachmentsGroup(fs) {
    const s = this.#s;
    fs.setAttribute('data-path', 'attachments');
    const notice = this.#profile?.confidentiality_notice;
    if (notice) {
      add(fs, h('div', { class: 'notice confidentiality', role: 'note' }, h('h4', {}, this.#t('confidentiality')), h('p', {}, notice[this.lang] ?? notice.en)));
    }
    const { count, total } = this.#limits();
    const hintId = 'f-attachments-hint';
    const input = h('input', {
      type: 'file',
      id: 'f-attachments',
      name: 'attachments',
      multiple: true,
      class: 'file-input',
      'aria-describedby': s.attachmentError ? `${hintId} err-attachments` : hintId,
      onchange: (e) => {
        this.#addFiles([...e.target.files]);
        e.target.value = '';
      },
    });
    const drop = h(
      'div',
      {
        class: 'dropzone',
        ondragover: (e) => {
          e.preventDefault();
          drop.classList.add('over');
        },
        ondragleave: () => drop.classList.remove('over'),
        ondrop: (e) => {
          e.preventDefault();
          drop.classList.remove('over');
          this.#addFiles([...(e.dataTransfer?.files ?? [])]);
        },
      },
      h('label', { for: 'f-attachments', part: 'label' }, this.#t('attachments.label')),
      h('p', { class: 'hint', id: hintId }, this.#t('attachments.hint', { count, size: formatBytes(this.lang, total) })),
      s.attachmentError ? h('p', { class: 'error', id: 'err-attachments', role: 'alert', part: 'error' }, s.attachmentError) : null,
      input,
    );
    add(fs, drop);
    if (s.attachments.length) {
      const list = h('ul', { class: 'files' });
      s.attachments.forEach((a, i) => {
        const li = h(
          'li',
          { 'data-file': a.name },
          h('span', { class: 'file-name' }, a.name),
          h('span', { class: 'muted' }, ` — ${formatBytes(this.lang, a.size)}${a.text ? `, ${this.#t('attachments.scanned')}` : ''}`),
          this.#button('remove-attachment', this.#t('attachments.remove', { name: a.name }), {
            class: 'secondary small',
            onclick: () => {
              s.attachments.splice(i, 1);
              s.attachmentError = null;
              this.#drafts?.changed(); // Issue 16 item 1: drafts
              this.#render();
              this.#root.querySelector('#f-attachments')?.focus();
            },
          }),
        );
        if (a.findings?.length) add(li, this.#findingList(a.findings, { attachment: i }));
        // Issue 16 item 6: what the file hides, and the original or a cleaned copy.
        add(li, drawMetadata(a, i, { lang: this.lang, t: (k, p) => this.#t(k, p), onChoose: (cleaned) => {
          a.useCleaned = cleaned;
          this.#drafts?.changed(); // the choice is part of the draft
          this.#render();
        } }));
        add(list, li);
      });
      add(fs, list);
    }
  }

  async #addFiles(files) {
    const s = this.#s;
    const { count, total } = this.#limits();
    s.attachmentError = null;
    for (const file of files) {
      if (s.attachments.length >= count) {
        s.attachmentError = this.#t('attachments.too_many', { count });
        break;
      }
      const used = s.attachments.reduce((n, a) => n + a.size, 0);
      if (used + file.size > total) {
        s.attachmentError = this.#t('attachments.too_big', { name: file.name, size: formatBytes(this.lang, total) });
        continue;
      }
      if (file.size === 0) {
        s.attachmentError = this.#t('attachments.empty', { name: file.name });
        continue;
      }
      const data = new Uint8Array(await file.arrayBuffer());
      const text = file.size <= SCAN_ATTACHMENT_MAX && (TEXT_TYPES.test(file.type) || TEXT_EXT.test(file.name));
      const item = { name: file.name.replace(/[/\\\u0000-\u001f]/g, '_'), mediaType: file.type || 'application/octet-stream', size: file.size, data, text, findings: [] };
      s.attachments.push(item);
      if (text) await this.#scanAttachment(item);
      else await checkAttachment(item); // Issue 16 item 6: attachment metadata
    }
    this.#drafts?.changed(); // Issue 16 item 1: drafts
    this.#render();
    this.#announce(s.attachmentError ?? s.attachments.map((a) => a.name).join(', '));
  }

  /** A text attachment, scanned by the core as `/attachments/0/content_base64` of a one-file report. */
  #attachmentReport(item) {
    return { schema_version: '1.0', channel: this.#s.channel, reporter: { email: this.#s.values.reporter?.email || 'reporter@invalid' }, title: '-', attachments: [{ name: item.name, media_type: item.mediaType, content_base64: base64(item.data) }] };
  }

  async #scanAttachment(item) {
    try {
      await this.#engine.ready;
      const found = await this.#api.scan(this.#attachmentReport(item), { profile: this.#profileArg, language: this.lang });
      item.findings = found.filter((f) => f.attachment);
    } catch {
      item.findings = [];
    }
  }

  // --- live checks -------------------------------------------------------------------------------

  /** The report the form's values make, and `named(list)`: each diagnostic or finding given the `name` of its input. */
  #report() {
    const s = this.#s;
    const moved = new Map();
    const report = buildReport(s.values, { channel: s.channel, lang: this.lang, policyVersion: this.#profile?.policy_version, moved });
    // Issue 16 item 5: the reporter's own public key, when they gave or made one.
    const pgpKey = reporterPgpKey(s.reporterKey);
    if (pgpKey) report.reporter = { ...report.reporter, pgp_key: pgpKey };
    Object.defineProperty(report, 'named', { enumerable: false, value: (list) => list.map((x) => ({ ...x, name: formName(x.path, moved) })) });
    return report;
  }

  #schedule(soon) {
    this.#drafts?.changed(); // Issue 16 item 1: drafts, saved after a pause in typing
    clearTimeout(this.#timers.scan);
    clearTimeout(this.#timers.validate);
    this.#timers.scan = setTimeout(() => this.#runScan(), SCAN_DELAY);
    this.#timers.validate = setTimeout(() => this.#runValidate(), soon ? 30 : VALIDATE_DELAY);
  }

  async #runValidate() {
    if (!this.#api || this.#s.step !== 'details') return;
    try {
      await this.#engine.ready;
      const seq = (this.#timers.vseq = (this.#timers.vseq ?? 0) + 1);
      const report = this.#report();
      const d = await this.#api.validate(report, { profile: this.#profileArg });
      if (seq !== this.#timers.vseq) return;
      this.#s.diagnostics = { ...d, errors: report.named(d.errors) };
      this.#whenFree('checks', () => this.#s.step === 'details' && this.#paintChecks());
    } catch (e) {
      if (this.#engine.dead) return;
      this.#fail('details', e);
    }
  }

  async #runScan() {
    if (!this.#api || this.#s.step !== 'details') return;
    try {
      await this.#engine.ready;
      const seq = (this.#timers.sseq = (this.#timers.sseq ?? 0) + 1);
      const report = this.#report();
      const found = await this.#api.scan(report, { profile: this.#profileArg, language: this.lang });
      if (seq !== this.#timers.sseq) return;
      this.#s.findings = report.named(found);
      this.#whenFree('findings', () => this.#s.step === 'details' && this.#paintFindings());
    } catch (e) {
      if (this.#engine.dead) return;
      this.#fail('details', e);
    }
  }

  /** The input, or the closest group, that shows a diagnostic at `pointer`. */
  #target(name) {
    while (true) {
      const esc = CSS.escape(name);
      const el = this.#root.querySelector(`[data-field="${esc}"]`) ?? this.#root.querySelector(`[data-path="${esc}"]`);
      if (el) return { el, name };
      if (!name.includes('.')) return null;
      name = name.slice(0, name.lastIndexOf('.'));
    }
  }

  #visibleErrors() {
    const s = this.#s;
    const errors = s.diagnostics?.errors ?? [];
    if (s.showAll) return errors;
    return errors.filter((e) => {
      const name = e.name;
      for (const t of s.touched) if (name === t || name.startsWith(`${t}.`) || t.startsWith(`${name}.`)) return true;
      return false;
    });
  }

  /** Errors at their inputs: the message above the input, `aria-invalid`, `aria-describedby`. */
  #paintChecks() {
    const root = this.#root;
    for (const el of root.querySelectorAll('.error[data-auto]')) el.remove();
    // Issue 16 item 1: the draft's passphrase inputs carry their own errors (draft-panel.js).
    for (const el of root.querySelectorAll('[aria-invalid="true"]:not([data-draft-input])')) {
      el.removeAttribute('aria-invalid');
      const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.startsWith('err-'));
      if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
      else el.removeAttribute('aria-describedby');
    }
    for (const el of root.querySelectorAll('.field.invalid, fieldset.invalid')) el.classList.remove('invalid');
    const byTarget = new Map();
    for (const e of this.#visibleErrors()) {
      const target = this.#target(e.name);
      if (!target) continue;
      const list = byTarget.get(target.el) ?? [];
      list.push(e);
      byTarget.set(target.el, list);
    }
    for (const [el, errors] of byTarget) {
      const name = el.getAttribute('data-field') ?? el.getAttribute('data-path');
      const id = errorId(name);
      const msg = h('p', { class: 'error', id, 'data-auto': '', part: 'error' }, h('span', { class: 'visually-hidden' }, this.lang === 'fr' ? 'Erreur : ' : 'Error: '), errors.map((e) => this.#message(e, el)).join(' '));
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
    this.#paintSummary();
    this.#paintFindings();
  }

  /** Findings under their fields, highlighted in the text at their exact offsets. */
  #paintFindings() {
    const root = this.#root;
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
    for (const f of this.#s.findings) {
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
      const ul = this.#findingList(list, { name });
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
    const total = this.#s.findings.filter((f) => f.severity !== 'info').length;
    let bar = root.querySelector('.findings-bar');
    if (total && this.#s.step === 'details') {
      if (!bar) {
        bar = h('div', { class: 'findings-bar', role: 'region', 'aria-label': this.#t('findings.title', { count: total }) });
        root.querySelector('.actions')?.before(bar);
      }
      bar.replaceChildren(h('p', {}, this.#t('findings.title', { count: total })), this.#button('redact-all', this.#t('findings.redact_all'), { onclick: () => this.#redactAll() }));
    } else bar?.remove();
  }

  /**
   * One line per finding (what, a masked start, where) and the core's explanation once per
   * category, folded: two findings of one secret pair should not print the policy twice.
   */
  #findingList(list, where) {
    const s = this.#s;
    const ul = h('ul', { class: 'findings', part: 'finding-list' });
    const explained = new Set();
    for (const f of list) {
      const cut = f.message.search(/\s?:\s/);
      const title = cut > 0 ? f.message.slice(0, cut) : f.category;
      const why = cut > 0 ? f.message.slice(cut).replace(/^\s?:\s*/, '') : f.message;
      const head = `${String(f.preview).split('…')[0]}…`;
      const place = f.attachment
        ? this.#t('findings.attachment', { name: this.#s.attachments[where.attachment]?.name ?? '' })
        : this.#t('findings.where', { n: f.end - f.start, start: f.start + 1, end: f.end });
      const li = h(
        'li',
        { class: `finding sev-${f.severity}`, part: 'finding', 'data-rule': f.rule, 'data-category': f.category },
        h('span', { class: 'sev' }, this.#t(`sev.${f.severity}`)),
        ' ',
        h('span', { class: 'finding-title' }, title),
        ' ',
        h('code', { class: 'finding-preview' }, head),
        ' ',
        h('span', { class: 'muted' }, place),
        ' ',
        where.name && s.step === 'details' ? this.#button('show', this.#t('findings.show'), { class: 'link small', onclick: () => this.#show(f.name ?? where.name, f) }) : null,
        this.#button('redact', this.#t('findings.redact'), { class: 'secondary small', onclick: () => this.#redact([f], where) }),
      );
      if (!explained.has(f.category)) {
        explained.add(f.category);
        add(li, h('details', { class: 'finding-why' }, h('summary', {}, this.#t('findings.why')), h('p', { class: 'finding-message' }, why)));
      }
      add(ul, li);
    }
    return ul;
  }


  #show(name, f) {
    const input = this.#root.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!input) return;
    input.focus();
    input.setSelectionRange?.(f.start, f.end);
  }

  async #redact(findings, where = {}) {
    const s = this.#s;
    try {
      if (where.attachment !== undefined) {
        const item = s.attachments[where.attachment];
        const redacted = await this.#api.redact(this.#attachmentReport(item), { findings: item.findings.filter((f) => findings.includes(f)).map((f) => ({ ...f, path: '/attachments/0/content_base64' })), minSeverity: 'info' });
        item.data = unbase64(redacted.attachments[0].content_base64);
        item.size = item.data.length;
        await this.#scanAttachment(item);
      } else {
        const strip = findings.map(({ name, ...f }) => f);
        const redacted = await this.#api.redact(this.#report(), { findings: strip, minSeverity: 'info' });
        for (const f of findings) {
          const value = getPath(redacted, toName(f.path));
          if (typeof value === 'string') setPath(s.values, f.name, value);
        }
        if (findings.length === 1) this.#focusAfter = findings[0].name;
        const report = this.#report();
        s.findings = report.named(await this.#api.scan(report, { profile: this.#profileArg, language: this.lang }));
        // On the review step, the text the PSIRT will read changed too.
        if (s.step === 'review') s.rendering = await this.#api.renderText(report, { profile: this.#profileArg, language: this.lang });
      }
      this.#render();
      this.#announce(findings.length > 1 ? this.#t('findings.redacted_all', { count: findings.length }) : this.#t('findings.redacted'));
      this.#schedule(true);
    } catch (e) {
      this.#fail(s.step, e);
    }
  }

  async #redactAll() {
    const s = this.#s;
    const all = s.findings.filter((f) => f.severity !== 'info');
    for (const [i, a] of s.attachments.entries()) {
      if (a.findings?.length) await this.#redact(a.findings.filter((f) => f.severity !== 'info'), { attachment: i });
    }
    if (all.length) await this.#redact(all);
    this.#root.querySelector('[data-action="review"]')?.focus();
  }

  // --- error summary and review ------------------------------------------------------------------

  #errorSummary() {
    const s = this.#s;
    if (!s.showAll || !s.diagnostics || s.diagnostics.valid) return null;
    const list = h('ul', { class: 'error-summary-list' });
    for (const e of s.diagnostics.errors) {
      const link = h('a', { href: `#${errorId(e.name || 'form')}`, 'data-target': e.name, onclick: (ev) => {
        ev.preventDefault();
        this.#focusField(e.name);
      } }, e.message);
      link.diagnostic = e;
      add(list, h('li', {}, link));
    }
    return h('div', { class: 'error-summary', part: 'error-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': 'error-summary-title' }, h('h3', { id: 'error-summary-title' }, this.#t('review.errors')), h('p', {}, this.#t('review.errors_hint')), list);
  }

  /** The label the reporter sees for a field (its legend for a group), without "(optional)". */
  #labelOf(el) {
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
  #message(e, el, short = false) {
    if (short && e.code === 'commitment-not-accepted') {
      const keys = ['no_exploitation', 'no_disclosure_without_consent', 'no_prohibited_attacks'];
      const k = keys.indexOf(e.name.split('.').pop());
      const words = String(this.#profile?.commitments?.[keys[k]]?.[this.lang] ?? '').split(/\s+/).slice(0, 6).join(' ');
      if (k >= 0) return this.#t('error.commitment', { n: k + 1, start: words });
    }
    if (e.code !== 'required' || !el) return e.message;
    const label = this.#labelOf(el);
    return label ? this.#t('error.required', { label }) : e.message;
  }

  /** The summary's links, in the page's order, with the fields' own words. */
  #paintSummary() {
    const list = this.#root.querySelector('.error-summary-list');
    if (!list) return;
    const items = [...list.children].map((li) => {
      const a = li.firstChild;
      const target = this.#target(a.diagnostic?.name ?? '');
      if (a.diagnostic) a.textContent = this.#message(a.diagnostic, target?.el, true);
      return { li, el: target?.el ?? null };
    });
    items.sort((x, y) => (!x.el || !y.el ? (x.el ? -1 : y.el ? 1 : 0) : x.el.compareDocumentPosition(y.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    list.replaceChildren(...items.map((i) => i.li));
  }

  #focusField(name) {
    const target = this.#target(name);
    if (!target) return;
    const input = target.el.querySelector('input:not([type=hidden]), textarea, select, button');
    input?.focus();
    target.el.scrollIntoView?.({ block: 'center' });
  }

  async #onReview() {
    const s = this.#s;
    s.showAll = true;
    try {
      await this.#engine.ready;
      const report = this.#report();
      const [d, found] = await Promise.all([this.#api.validate(report, { profile: this.#profileArg }), this.#api.scan(report, { profile: this.#profileArg, language: this.lang })]);
      s.diagnostics = { ...d, errors: report.named(d.errors) };
      s.findings = report.named(found);
      if (!d.valid) {
        this.#render();
        this.#root.querySelector('.error-summary')?.focus();
        this.#announce(this.#t('status.errors', { count: d.errors.length }));
        return;
      }
      s.rendering = await this.#api.renderText(report, { profile: this.#profileArg, language: this.lang });
      s.confirmed = false;
      this.#go('review');
    } catch (e) {
      this.#fail('details', e);
    }
  }

  #criticalLeft() {
    const s = this.#s;
    return [...s.findings, ...s.attachments.flatMap((a) => a.findings ?? [])].filter((f) => f.severity === 'critical' || f.severity === 'high');
  }

  #drawReview(section) {
    const s = this.#s;
    const p = this.#profile ?? {};
    add(section, this.#heading('step.review'));
    // The recipient: address, fingerprint in groups of four, and whether it is the pinned key.
    const rec = this.#recipient;
    const box = h('div', { class: 'recipient', part: 'review' }, h('h3', {}, this.#t('review.recipient')));
    let keyOk = false;
    if (!rec) add(box, h('p', { class: 'muted' }, this.#t('review.key_loading')));
    // Issue 16 item 2: discovery found no pinned key: say what was tried, offer the route by hand.
    else if (String(rec.error?.code).startsWith('discover-')) add(box, discoveryRefusal((k, o) => this.#t(k, o), rec.error, p, () => this.#go('manual')));
    else if (rec.error) {
      const mismatch = rec.error.code === 'key-fingerprint-mismatch';
      // The core's message names the key received then the pin; the form shows both, grouped.
      const [found] = (String(rec.error.message).match(/\b[0-9A-Fa-f]{4}(?: ?[0-9A-Fa-f]{4}){9,15}\b/g) ?? []).map((f) => f.replace(/\s/g, ''));
      add(
        box,
        h(
          'div',
          { class: 'refusal', role: 'alert', 'data-code': rec.error.code ?? 'key' },
          h('p', {}, mismatch ? this.#t('review.mismatch', { name: p.name ?? 'PSIRT' }) : this.#t('review.key_error', { message: rec.error.message })),
          h(
            'dl',
            {},
            mismatch && found ? [h('dt', {}, this.#t('review.received')), h('dd', {}, h('code', { class: 'fingerprint', 'data-fingerprint': found.toUpperCase() }, groupHex(found.toUpperCase())))] : null,
            p.pin ? [h('dt', {}, this.#t('review.expected')), h('dd', {}, h('code', { class: 'fingerprint', part: 'fingerprint' }, groupHex(p.pin)))] : null,
          ),
          h('p', {}, this.#t('review.key_next', { to: p.psirt_email ?? '' })),
        ),
      );
    } else {
      const pinned = String(p.pin ?? '').replace(/\s/g, '').toUpperCase();
      keyOk = rec.fingerprint === pinned;
      add(box, 
        h(
          'dl',
          {},
          h('dt', {}, this.#t('review.address')),
          h('dd', { 'data-to': '' }, s.route?.to ?? p.psirt_email),
          h('dt', {}, this.#t('review.fingerprint')),
          h('dd', {}, h('code', { class: 'fingerprint', part: 'fingerprint', 'data-fingerprint': rec.fingerprint }, groupHex(rec.fingerprint))),
          this.#found ? foundNote((k, o) => this.#t(k, o), this.#found) : null, // Issue 16 item 2
        ),
        keyOk ? h('p', { class: 'ok' }, `✓ ${this.#t('review.pinned', { name: p.name ?? 'PSIRT' })}`) : h('p', { class: 'refusal', role: 'alert' }, this.#t('review.mismatch', { name: p.name ?? 'PSIRT' })),
      );
    }
    add(section, box);
    // Issue 16 item 5: the reporter's own key (paste or generate), judged in the worker.
    add(section, drawReporterKey({
      t: (k, p) => this.#t(k, p), lang: this.lang, api: this.#api, state: s.reporterKey, announce: (m) => this.#announce(m),
      render: () => this.#render(), focus: (sel) => this.#root.querySelector(sel)?.focus(), email: s.values.reporter?.email, name: s.values.reporter?.name,
      blobs: this.#blobs,
    }));
    add(section, 
      h('div', { class: 'rendering' }, h('h3', {}, this.#t('review.rendering'), ' ', this.#button('change', this.#t('review.change'), { class: 'link small', onclick: () => this.#go('details') })), h('p', { class: 'hint' }, this.#t('review.rendering_hint')), h('pre', { class: 'rendered', 'data-part': 'rendering', tabindex: '0', 'aria-label': this.#t('review.rendering') }, s.rendering ?? '')),
    );
    const files = h('div', { class: 'review-files' }, h('h3', {}, this.#t('review.files')));
    // Issue 16 item 6: the size sent, and which copy.
    if (s.attachments.length) add(files, h('ul', {}, s.attachments.map((a) => h('li', {}, `${a.name} — ${formatBytes(this.lang, attachmentBytes(a).length)}${a.useCleaned && a.cleaned?.data ? ` (${this.#t('meta.review_cleaned')})` : ''}`))));
    else add(files, h('p', { class: 'muted' }, this.#t('review.no_files')));
    add(section, files);
    const left = this.#criticalLeft();
    if (left.length) {
      add(section, 
        h(
          'div',
          { class: 'findings-confirm', role: 'group', 'aria-labelledby': 'findings-confirm-title' },
          h('h3', { id: 'findings-confirm-title' }, this.#t('review.findings')),
          h('p', {}, this.#t('review.findings_hint')),
          this.#findingList(left.filter((f) => !f.attachment), { name: true }),
          s.attachments.map((a, i) => (a.findings?.some((f) => f.severity === 'critical' || f.severity === 'high') ? this.#findingList(a.findings.filter((f) => f.severity === 'critical' || f.severity === 'high'), { attachment: i }) : null)),
          h(
            'div',
            { class: 'choice' },
            h('input', { type: 'checkbox', id: 'confirm-findings', 'data-action': 'confirm-findings', props: { checked: s.confirmed }, onchange: (e) => {
              s.confirmed = e.target.checked;
              const seal = this.#root.querySelector('[data-action="seal"]');
              if (seal) seal.disabled = !(s.confirmed && keyOk);
            } }),
            h('label', { for: 'confirm-findings' }, this.#t(left.length === 1 ? 'review.confirm_one' : 'review.confirm', { count: left.length })),
          ),
        ),
      );
    }
    add(section, 
      h(
        'div',
        { class: 'actions' },
        this.#button('back', this.#t('back'), { onclick: () => this.#go('details') }),
        // A refused key leaves nothing to press: no seal button at all.
        rec?.error ? null : this.#button('seal', this.#t(s.stamping ? 'sealing.stamp' : s.busy ? 'sealing' : 'seal'), { primary: true, disabled: !keyOk || s.busy || (left.length > 0 && !s.confirmed), onclick: () => this.#onSeal() }),
      ),
      // Issue 16 item 7: the anti-spam stamp being minted (an indeterminate bar: the search's
      // length is random).
      s.stamping
        ? h('div', { class: 'stamp-progress', 'data-stamp': '' },
            h('progress', { id: 'stamp-progress', 'aria-describedby': 'stamp-hint', 'aria-label': this.#t('stamp.progress') }),
            h('label', { for: 'stamp-progress' }, this.#t('stamp.progress')),
            h('p', { id: 'stamp-hint', class: 'hint' }, this.#t('stamp.hint')))
        : null,
    );
  }

  async #onSeal() {
    const s = this.#s;
    if (s.busy) return;
    s.busy = true;
    this.#render();
    try {
      // Issue 16 item 5: a pasted key not yet checked is checked now; a bad one stops sealing.
      if (!(await readyToSeal(s.reporterKey, this.#api, this.lang))) {
        s.busy = false;
        this.#render();
        this.#root.querySelector('.reporter-key [role="alert"]')?.focus?.();
        return;
      }
      const sealed = await this.#api.seal(this.#report(), {
        key: this.#key,
        profile: this.#profileArg,
        attachments: s.attachments.map((a) => ({ name: a.name, mediaType: a.mediaType, data: attachmentBytes(a) })), // Issue 16 item 6
      });
      if (this.#engine.dead) return;
      // Issue 16 item 7: the profile's anti-spam stamp, minted in the worker after sealing.
      const stamp = await this.#mintStamp(sealed.armored);
      s.busy = false;
      if (this.#engine.dead) return;
      if (stamp === null) return this.#render(); // the reporter left the step: nothing produced
      s.sealed = sealed;
      s.stamp = stamp;
      s.send = null;
      const { armored, eml, fingerprint, to, subject, recipients, receipt } = sealed;
      this.#go('sealed');
      this.dispatchEvent(
        new CustomEvent('psirt-sealed', { bubbles: true, composed: true, detail: { armored, eml, fingerprint, to, subject, recipients, receipt, ...(stamp ? { stamp } : {}) } }),
      );
      this.#announce(this.#t('step.sealed'));
    } catch (e) {
      s.busy = false;
      s.stamping = false;
      s.sealed = null;
      this.#fail('review', e);
    }
  }

  // Issue 16 item 7: the anti-spam stamp. `undefined` when the profile asks for none, `null` when
  // cancelled (the reporter went back, or the form left the page), else the stamp string.
  async #mintStamp(armored) {
    const bits = this.#profile?.stamp?.bits ?? 0;
    if (!(bits > 0)) return undefined;
    const s = this.#s;
    if (s.step !== 'review') return null; // went back while it was being encrypted
    s.stamping = true;
    this.#render();
    this.#announce(this.#t('stamp.progress'));
    try {
      // A form that sends names its intake in the stamp (another intake refuses it).
      const audience = this.#stampAudience();
      return await this.#api.mintStamp(armored, { bits, job: 'seal', ...(audience && { audience }) });
    } catch (e) {
      if (e?.code === 'stamp-cancelled') return null;
      throw e;
    } finally {
      s.stamping = false;
    }
  }

  /** The intake URL of `submit-url` (http(s) only), or null: then the form sends nothing. */
  #submitUrl() {
    const attr = this.getAttribute('submit-url');
    if (!attr) return null;
    try {
      const u = new URL(attr, document.baseURI);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch {
      return null;
    }
  }

  /**
   * The intake the stamp names: `submit-url` when the form sends, else `stamp-audience` (a host
   * page that posts the sealed message itself, from `psirt-sealed`, names its intake there), else
   * none. http(s) only, resolved against the page.
   */
  #stampAudience() {
    const send = this.#submitUrl();
    if (send) return send;
    const attr = this.getAttribute('stamp-audience');
    if (!attr) return null;
    try {
      const u = new URL(attr, document.baseURI);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch {
      return null;
    }
  }

  /**
   * Posts the armored message (ciphertext only) and its stamp to the intake; the receipt's
   * SHA-256 must equal the reporter's own. A failure keeps every other route.
   */
  async #send() {
    const s = this.#s;
    const url = this.#submitUrl();
    if (!url || !s.sealed || s.send?.state === 'sending') return;
    s.send = { state: 'sending' };
    this.#render();
    this.#announce(this.#t('send.sending'));
    let result;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/pgp-encrypted', ...(s.stamp ? { 'psirt-stamp': s.stamp } : {}) },
        body: s.sealed.armored,
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'error',
        referrerPolicy: 'no-referrer',
        signal: AbortSignal.timeout(60_000),
      });
      const answer = await res.json().catch(() => ({}));
      if (res.status === 202 && typeof answer?.sha256 === 'string') {
        result = { state: 'sent', receipt: { id: String(answer.id), sha256: answer.sha256, received_at: String(answer.received_at) } };
      } else if (res.status === 409 && answer?.code === 'stamp-replayed' && typeof answer?.receipt?.sha256 === 'string') {
        result = { state: 'sent', receipt: answer.receipt }; // sent before (a retry after a lost answer)
      } else {
        // The intake's code is what the form translates; its own text (English) is shown only as
        // a detail, cut short: it comes from the server.
        const code = typeof answer?.code === 'string' && /^[a-z0-9-]{1,48}$/.test(answer.code) ? answer.code : null;
        result = { state: 'failed', why: 'refused', code: code ?? String(res.status), status: res.status, known: code !== null && Object.hasOwn(CATALOG.en, `send.refused.${code}`), message: String(answer?.message ?? res.statusText ?? '').slice(0, 200) };
      }
    } catch (e) {
      result = { state: 'failed', why: e?.name === 'TimeoutError' ? 'timeout' : 'offline' };
    }
    if (this.#s !== s || s.sealed === null) return; // cleared meanwhile
    s.send = result;
    this.#render();
    this.#announce(this.#root.querySelector('[data-send-status]')?.textContent ?? '');
  }

  /** The Send button and what the intake answered. */
  #drawSend(sealed) {
    const st = this.#s.send;
    const t = (k, p) => this.#t(k, p);
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
      h('div', { class: 'actions' }, this.#button('send', t(st?.state === 'sending' ? 'send.sending' : failed ? 'send.retry' : 'send.button'), { primary: true, disabled: st?.state === 'sending', onclick: () => this.#send() })));
  }

  #cancelStamp() {
    if (this.#s.stamping) this.#api?.cancelStamp('seal').catch(() => {});
  }

  // --- step: sealed ------------------------------------------------------------------------------

  #drawSealed(section) {
    const sealed = this.#s.sealed;
    if (!sealed) {
      add(section, this.#heading('step.sealed'));
      return;
    }
    const blobLink = (action, text, data, type, file, primary = false) =>
      h('a', { 'data-action': action, class: primary ? 'link-button primary' : 'link-button', part: primary ? 'button button-primary' : 'button', download: file, href: this.#blobs.url(action, data, type) }, text);
    const mailto = `mailto:${encodeURIComponent(sealed.to).replace(/%40/g, '@')}?subject=${encodeURIComponent(sealed.subject)}&body=${encodeURIComponent(this.#t('sealed.mailto_body'))}`;
    add(section, 
      this.#heading('step.sealed'),
      // Issue 16 item 5: with the reporter's copy, the PSIRT is not the only reader.
      h('p', {}, this.#t(sealed.recipients?.some((r) => r.role === 'reporter') ? 'receipt.intro_copy' : 'sealed.intro', { to: sealed.to })),
      h('p', { class: 'muted' }, this.#t('sealed.fingerprint', { fingerprint: groupHex(sealed.fingerprint) })),
      this.#submitUrl() ? this.#drawSend(sealed) : null,
      h('ul', { class: 'send' },
        h('li', {}, blobLink('download-asc', this.#t('sealed.download_asc'), sealed.armored, 'application/pgp-encrypted', 'report.asc', !this.#submitUrl())),
        h('li', {}, blobLink('download-eml', this.#t('sealed.download_eml'), sealed.eml, 'message/rfc822', 'report.eml')),
        h('li', {}, h('a', { 'data-action': 'mailto', class: 'link-button', part: 'button', href: mailto }, this.#t('sealed.mailto')), h('p', { class: 'hint' }, this.#t('sealed.mailto_hint'))),
        h('li', {}, this.#button('copy', this.#t('sealed.copy'), { onclick: async () => {
          try {
            await navigator.clipboard.writeText(sealed.armored);
            this.#announce(this.#t('sealed.copied'));
          } catch {
            const pre = this.#root.querySelector('pre.armored');
            if (pre) getSelection()?.selectAllChildren(pre);
          }
        } })),
      ),
      h('pre', { class: 'armored', tabindex: '0', 'aria-label': 'OpenPGP' }, sealed.armored),
      this.#drafts?.afterSeal(), // Issue 16 item 1: sealing keeps the draft; clearing forgets it
      drawReceipt((k, p) => this.#t(k, p), sealed, this.#blobs), // Issue 16 item 5
      this.#s.clearing
        ? h(
            'div',
            { class: 'clear-confirm', role: 'group', 'aria-labelledby': 'clear-warning' },
            h('p', { id: 'clear-warning' }, this.#t('sealed.clear_warning')),
            h('div', { class: 'actions' }, this.#button('back', this.#t('back'), { onclick: () => {
              this.#s.clearing = false;
              this.#render();
              this.#root.querySelector('[data-action="clear"]')?.focus();
            } }), this.#button('clear-confirm', this.#t('sealed.clear_confirm'), { class: 'danger', onclick: () => this.#clear() })),
          )
        : h('div', { class: 'actions' }, this.#button('clear', this.#t('sealed.clear'), { class: 'secondary danger-outline', onclick: () => {
            this.#s.clearing = true;
            this.#render();
            this.#root.querySelector('[data-action="clear-confirm"]')?.focus();
          } })),
    );

  }

  async #clear() {
    // Issue 16 item 1: drafts. Clearing (or starting again) forgets the draft being kept; a draft
    // found but not restored is left to the prompt.
    if (this.#drafts?.active) await this.#drafts.forget().catch(() => {});
    this.#blobs.revokeAll();
    this.#s = PsirtReportForm.#fresh();
    this.#go('route');
    this.#announce(this.#t('sealed.cleared'));
  }

  // --- manual route (neither the wasm nor the JavaScript core loads, or the worker cannot start) --

  #drawManual(section) {
    const p = this.#profile ?? {};
    const to = p.psirt_email ?? '';
    const keyUrl = this.getAttribute('key-url') ?? p.key_url;
    const fp = groupHex(p.pin ?? '');
    // Issue 16 item 2: here because discovery found no pinned key, not because the browser cannot run the form.
    const lost = !this.#s.tampered && String(this.#recipient?.error?.code).startsWith('discover-');
    add(section, 
      // Issue 16 item 4: the isolated frame did not load, or refused the page's settings: said instead.
      this.#heading(
        this.#s.tampered ? 'manual.tampered_title' : this.#s.isolationFailed ? 'isolated.failed_title' : lost ? 'discover.manual_title' : 'manual.title',
      ),
      lost ? discoveryRefusal((k, o) => this.#t(k, o), this.#recipient.error, p, null) : null,
      this.#s.isolationFailed
        ? h('p', { class: 'error', role: 'alert' }, this.#s.isolationFailed)
        : h('p', this.#s.tampered ? { class: 'error', role: 'alert' } : {}, this.#t(this.#s.tampered ? 'manual.tampered' : lost ? 'discover.manual_why' : 'manual.why')),
      h(
        'ol',
        { class: 'manual' },
        h('li', {}, this.#t('manual.step1')),
        h('li', {}, this.#t('manual.step2'), ' ', h('code', { class: 'fingerprint', part: 'fingerprint' }, fp), keyUrl ? h('p', {}, h('a', { href: keyUrl, download: 'psirt-key.asc', 'data-action': 'download-key' }, this.#t('manual.key'))) : null),
        // --trust-model always: the reporter checked the fingerprint by eye at step 2; without it
        // gpg stops at "use this key anyway?" for a key nobody certified.
        h('li', {}, this.#t('manual.step3'), h('pre', { class: 'command' }, `gpg --import psirt-key.asc\ngpg --fingerprint ${to}\ngpg --encrypt --armor --trust-model always --recipient ${(p.pin ?? '').replace(/\s/g, '')} report.txt`)),
        h('li', {}, this.#t('manual.step4'), ' ', to ? h('a', { href: `mailto:${to}` }, to) : null),
      ),
    );
  }
}

if (!customElements.get('psirt-report-form')) customElements.define('psirt-report-form', PsirtReportForm);
