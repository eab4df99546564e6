/**
 * The form's encrypted drafts: the controls on the details step ("keep an
 * encrypted draft on this device", the choice of protection, the status, "forget"), the prompt on
 * the first step when a draft is found ("restore" / "forget"), and the timing of saves (debounced
 * while the reporter types, at once when a step is left). Storage and crypto: drafts.js.
 *
 * `<psirt-report-form>` owns one `DraftKeeper`; it gives it `snapshot()` (the state to keep),
 * `restore(draft)` (to put a decrypted draft back), `render()`, `announce(text)` and `t()`.
 * A passphrase lives only in this object's memory while it is typed, and is dropped once the key
 * is derived (the derived key is a non-extractable CryptoKey).
 */

import { h, add } from './dom.js';
import { DraftStore, DraftError, MIN_PASSPHRASE, PBKDF2_ITERATIONS, deriveKey, newSalt, paramsOf } from './drafts.js';

/** Quiet time after the last change before a save: a save per pause, not per keystroke. */
export const SAVE_DELAY = 1500;

export class DraftKeeper {
  #host;
  #store;
  #key = null; // CryptoKey while a draft is kept
  #params = null; // {mode, salt, iterations} of the kept draft
  #timer = null;
  #saving = Promise.resolve();
  #pass = { one: '', two: '', restore: '' };
  #statusEl = null;

  /** The found record (a draft from an earlier visit), the UI state, the last save. */
  found = null;
  ui = { choosing: false, mode: 'passphrase', error: null, restoreError: null, forgetting: false, busy: false };
  savedAt = null;

  /** Tells the form's other tabs (same profile) that the reporter forgot the draft. */
  #channel = null;

  constructor(profileId, host) {
    this.#store = new DraftStore(profileId);
    this.#host = host;
    // "Forget" reaches every open tab: one that still holds the key stops saving (a later save
    // there would bring the draft back) and drops its prompt. Only the word `forget` is sent.
    if (typeof globalThis.BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel(this.#store.name);
      this.#channel.onmessage = (event) => {
        if (event.data === 'forget') this.#forgottenElsewhere();
      };
    }
    // A tab closed or put away before the pause is over: save what is there.
    globalThis.document?.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.save();
    });
  }

  get active() {
    return this.#key !== null;
  }

  #t(key, params) {
    return this.#host.t(key, params);
  }

  #errorText(e) {
    const code = e?.code ?? 'draft-error';
    const key = `draft.error.${code}`;
    const text = this.#t(key, { n: MIN_PASSPHRASE, message: e?.message ?? '' });
    return { code, text: text === key ? this.#t('draft.error', { code }) : text };
  }

  /** Looks for a draft of an earlier visit (creates nothing). */
  async look() {
    try {
      this.found = await this.#store.find();
    } catch {
      this.found = null;
    }
    return this.found;
  }

  // --- saving ------------------------------------------------------------------------------------

  /** Something changed: save after a pause. */
  changed() {
    if (!this.active) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.save(), SAVE_DELAY);
  }

  /** Saves now (leaving a step); saves run one after another. */
  save() {
    clearTimeout(this.#timer);
    if (!this.active) return this.#saving;
    const key = this.#key;
    const params = this.#params;
    this.#saving = this.#saving
      .then(async () => {
        if (this.#key !== key) return; // forgotten meanwhile
        await this.#store.save(key, params, this.#host.snapshot());
        if (this.#key !== key) {
          // Forgotten while this save ran: the save must not bring the database back.
          await this.#store.forget();
          return;
        }
        this.savedAt = new Date();
        this.ui.error = null;
        this.#paintStatus();
      })
      .catch((e) => {
        this.ui.error = this.#errorText(e);
        this.#paintStatus();
      });
    return this.#saving;
  }

  #paintStatus() {
    if (!this.#statusEl?.isConnected) return;
    this.#statusEl.replaceChildren(...this.#statusChildren());
  }

  #statusChildren() {
    const time = this.savedAt?.toLocaleTimeString(this.#host.lang() === 'fr' ? 'fr-FR' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    return [
      h('span', { class: 'ok' }, `✓ ${this.#t(`draft.active.${this.#params?.mode ?? 'passphrase'}`)}`),
      ' ',
      time ? h('span', { class: 'muted', 'data-saved': '' }, this.#t('draft.saved', { time })) : null,
      this.ui.error ? h('span', { class: 'error', role: 'alert', 'data-code': this.ui.error.code }, ` ${this.ui.error.text}`) : null,
    ];
  }

  async #start() {
    const ui = this.ui;
    ui.error = null;
    try {
      let key;
      let params;
      if (ui.mode === 'passphrase') {
        const { one, two } = this.#pass;
        if (one.length < MIN_PASSPHRASE) throw new DraftError('draft-passphrase-short');
        if (one !== two) throw new DraftError('draft-passphrase-mismatch');
        params = { mode: 'passphrase', salt: newSalt(), iterations: PBKDF2_ITERATIONS };
        ui.busy = true;
        this.#host.render();
        key = await deriveKey(one, params.salt, params.iterations);
      } else {
        ui.busy = true;
        this.#host.render();
        // A fresh database: no key of an older draft is reused.
        await this.#store.forget();
        key = await this.#store.deviceKey({ create: true });
        params = { mode: 'device' };
      }
      if (params.mode === 'passphrase') await this.#store.forget();
      this.#pass = { one: '', two: '', restore: '' };
      this.#key = key;
      this.#params = params;
      this.found = null;
      ui.choosing = false;
      this.savedAt = null;
      await this.save();
      if (this.savedAt === null && ui.error) {
        // The first save was refused (IndexedDB off, or refusing writes as older private modes
        // did): nothing is kept, so the panel says why where the reporter chose, not "kept".
        const refused = ui.error;
        this.#key = null;
        this.#params = null;
        ui.choosing = true;
        ui.error = refused;
      } else {
        this.#host.announce(this.#t(`draft.active.${params.mode}`));
      }
    } catch (e) {
      ui.error = this.#errorText(e);
    } finally {
      ui.busy = false;
    }
    this.#host.render();
    // After a refusal, the input to correct (its message is read with it); else the new status.
    const retry = { 'draft-passphrase-short': '#draft-pass', 'draft-passphrase-mismatch': '#draft-pass-2' }[ui.error?.code];
    this.#host.focus(ui.error ? retry ?? '[data-draft-error]' : '[data-action="draft-forget"]');
  }

  /** Another tab forgot the draft: forget the key here too (the database is already gone). */
  #forgottenElsewhere() {
    const had = this.active || this.found !== null;
    this.#drop();
    if (!had) return;
    this.#host.render();
    this.#host.announce(this.#t('draft.forgotten'));
  }

  #drop() {
    clearTimeout(this.#timer);
    this.#key = null;
    this.#params = null;
    this.savedAt = null;
    this.found = null;
    this.#pass = { one: '', two: '', restore: '' };
    this.ui = { ...this.ui, choosing: false, error: null, restoreError: null, forgetting: false };
  }

  /** Deletes the draft and the device key (the whole database), in every tab of the form. */
  async forget() {
    this.#channel?.postMessage('forget');
    clearTimeout(this.#timer);
    this.#key = null;
    this.#params = null;
    this.savedAt = null;
    this.found = null;
    this.ui = { ...this.ui, choosing: false, error: null, restoreError: null, forgetting: false };
    await this.#saving.catch(() => {});
    await this.#store.forget();
  }

  async #forgetAndSay() {
    await this.forget().catch(() => {});
    this.#host.render();
    this.#host.announce(this.#t('draft.forgotten'));
  }

  async #restore() {
    const ui = this.ui;
    const record = this.found;
    ui.restoreError = null;
    try {
      let key;
      if (record.mode === 'passphrase') {
        if (!this.#pass.restore) throw new DraftError('draft-passphrase-missing');
        ui.busy = true;
        this.#host.render();
        // deriveKey refuses a work factor out of bounds (draft-kdf-params) before any work.
        key = await deriveKey(this.#pass.restore, record.salt, record.iterations);
      } else {
        key = await this.#store.deviceKey();
        if (!key) throw new DraftError('draft-key-missing');
      }
      const draft = await this.#store.load(key);
      this.#pass.restore = '';
      this.#key = key;
      this.#params = paramsOf(record);
      this.found = null;
      ui.busy = false;
      await this.#host.restore(draft);
      this.#host.announce(this.#t('draft.restored'));
    } catch (e) {
      ui.busy = false;
      ui.restoreError = this.#errorText(e);
      this.#host.render();
      this.#host.focus(record.mode === 'passphrase' ? '#draft-restore-pass' : '[data-action="draft-restore"]');
    }
  }

  // --- drawing -----------------------------------------------------------------------------------

  /** A passphrase input: label, then the error (if any), then the input, as the form's fields. */
  #passField(id, which, label, describedBy, autocomplete, error = null) {
    return h(
      'div',
      { class: 'field' },
      h('label', { for: id, part: 'label' }, label),
      error,
      h('input', {
        type: 'password',
        id,
        'data-draft-input': '',
        part: 'input',
        autocomplete,
        spellcheck: 'false',
        'aria-describedby': describedBy,
        'aria-invalid': describedBy && describedBy.includes('err') ? 'true' : null,
        props: { value: this.#pass[which] },
        oninput: (e) => {
          this.#pass[which] = e.target.value;
        },
        onkeydown: (e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          if (which === 'restore') this.#restore();
          else this.#start();
        },
      }),
    );
  }

  /** What each protection protects against: the same words as the README. */
  #explain(mode) {
    return h('p', { class: 'hint', id: `draft-${mode}-hint` }, this.#t(`draft.mode.${mode}.hint`));
  }

  /** The controls on the details step. */
  panel() {
    const ui = this.ui;
    const box = h('fieldset', { class: 'draft', 'data-draft': this.active ? 'active' : ui.choosing ? 'choosing' : 'off', part: 'draft' });
    const keep = h(
      'div',
      { class: 'choice' },
      h('input', {
        type: 'checkbox',
        id: 'draft-keep',
        'data-action': 'draft-keep',
        'aria-describedby': 'draft-keep-hint',
        props: { checked: this.active || ui.choosing },
        onchange: (e) => {
          if (e.target.checked) {
            ui.choosing = true;
            this.#host.render();
          } else if (this.active) this.#forgetAndSay();
          else {
            ui.choosing = false;
            ui.error = null;
            this.#host.render();
          }
        },
      }),
      h('label', { for: 'draft-keep' }, this.#t('draft.keep')),
      h('p', { class: 'hint', id: 'draft-keep-hint' }, this.#t('draft.keep_hint')),
    );
    add(box, h('legend', { class: 'visually-hidden' }, this.#t('draft.legend')), keep);
    if (this.active) {
      this.#statusEl = h('p', { class: 'draft-status', 'data-draft-status': '' }, this.#statusChildren());
      add(
        box,
        this.#statusEl,
        this.#explain(this.#params.mode),
        h('p', { class: 'hint' }, this.#t('draft.neither')),
        h('div', { class: 'draft-actions' }, h('button', { type: 'button', class: 'secondary small', part: 'button', 'data-action': 'draft-forget', onclick: () => this.#forgetAndSay() }, this.#t('draft.forget'))),
      );
      return box;
    }
    if (!ui.choosing) return box;
    const err = ui.error ? h('p', { class: 'error', id: 'err-draft', role: 'alert', part: 'error', 'data-code': ui.error.code, 'data-draft-error': '', tabindex: '-1' }, ui.error.text) : null;
    const modes = h('fieldset', { class: 'options draft-modes' }, h('legend', { part: 'label' }, this.#t('draft.mode')));
    for (const mode of ['passphrase', 'device']) {
      add(
        modes,
        h(
          'div',
          { class: 'choice' },
          h('input', { type: 'radio', name: 'draft-mode', id: `draft-mode-${mode}`, value: mode, 'aria-describedby': `draft-${mode}-hint`, props: { checked: ui.mode === mode }, onchange: () => {
            ui.mode = mode;
            ui.error = null;
            this.#host.render();
          } }),
          h('label', { for: `draft-mode-${mode}` }, this.#t(`draft.mode.${mode}`)),
          this.#explain(mode),
        ),
      );
    }
    add(box, modes, h('p', { class: 'hint' }, this.#t('draft.neither')), this.found ? h('p', { class: 'notice', 'data-draft-replaces': '' }, this.#t('draft.replaces')) : null);
    if (ui.mode === 'passphrase') {
      const mismatch = ui.error?.code === 'draft-passphrase-mismatch';
      add(
        box,
        h('p', { class: 'hint', id: 'draft-pass-hint' }, this.#t('draft.passphrase_hint', { n: MIN_PASSPHRASE })),
        this.#passField('draft-pass', 'one', this.#t('draft.passphrase'), err && !mismatch ? 'draft-pass-hint err-draft' : 'draft-pass-hint', 'new-password', mismatch ? null : err),
        this.#passField('draft-pass-2', 'two', this.#t('draft.passphrase_again'), mismatch ? 'err-draft' : null, 'new-password', mismatch ? err : null),
      );
    } else add(box, err);
    add(box, h('div', { class: 'draft-actions' }, h('button', { type: 'button', class: 'secondary', part: 'button', 'data-action': 'draft-start', 'aria-disabled': ui.busy ? 'true' : null, onclick: () => (ui.busy ? null : this.#start()) }, this.#t(ui.busy ? 'draft.starting' : 'draft.start'))));
    return box;
  }

  /** On the first step: a draft of an earlier visit, to restore or forget. */
  prompt() {
    const record = this.found;
    if (!record) return null;
    const ui = this.ui;
    const passphrase = record.mode === 'passphrase';
    const err = ui.restoreError ? h('p', { class: 'error', id: 'err-draft-restore', role: 'alert', part: 'error', 'data-code': ui.restoreError.code }, ui.restoreError.text) : null;
    const box = h(
      'div',
      { class: 'draft-found', role: 'region', 'aria-labelledby': 'draft-found-title', part: 'draft', 'data-draft-mode': record.mode },
      h('h3', { id: 'draft-found-title' }, this.#t('draft.found')),
      h('p', {}, this.#t(`draft.found.${record.mode}`)),
      passphrase ? this.#passField('draft-restore-pass', 'restore', this.#t('draft.passphrase_restore'), err ? 'err-draft-restore' : null, 'current-password', err) : err,
    );
    const button = (action, label, cls, onclick) => h('button', { type: 'button', class: cls, part: cls === 'primary' ? 'button button-primary' : 'button', 'data-action': action, onclick }, label);
    if (ui.forgetting) {
      add(
        box,
        h('p', { id: 'draft-forget-warning' }, this.#t('draft.forget_warning')),
        h(
          'div',
          { class: 'draft-actions', role: 'group', 'aria-labelledby': 'draft-forget-warning' },
          button('draft-keep-it', this.#t('draft.keep_it'), 'secondary', () => {
            ui.forgetting = false;
            this.#host.render();
            this.#host.focus('[data-action="draft-forget"]');
          }),
          button('draft-forget-confirm', this.#t('draft.forget_confirm'), 'danger', () => this.#forgetAndSay().then(() => this.#host.focus('h2'))),
        ),
      );
    } else {
      add(
        box,
        h(
          'div',
          { class: 'draft-actions' },
          button('draft-restore', this.#t(ui.busy ? 'draft.restoring' : 'draft.restore'), 'primary', () => (ui.busy ? null : this.#restore())),
          button('draft-forget', this.#t('draft.forget'), 'secondary danger-outline', () => {
            ui.forgetting = true;
            this.#host.render();
            this.#host.focus('[data-action="draft-forget-confirm"]');
          }),
        ),
      );
    }
    return box;
  }

  /** On the sealed step: the draft is still there (sealing does not forget it). */
  afterSeal() {
    return this.active ? h('p', { class: 'notice draft-kept', 'data-draft-kept': '' }, this.#t('draft.after_seal')) : null;
  }
}
