/**
 * The form's stylesheet, adopted into its shadow root as a constructed stylesheet (no `<style>`
 * element, so a host CSP with `style-src 'self'` and no `'unsafe-inline'` applies unchanged).
 * Theme through the `--psirt-*` custom properties and `::part()` (docs/form.md).
 */

export const STYLES = `
:host {
  --psirt-font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --psirt-mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
  --psirt-fg: #0b0c0c;
  --psirt-bg: #ffffff;
  --psirt-muted: #505a5f;
  --psirt-accent: #1d4f91;
  --psirt-accent-fg: #ffffff;
  --psirt-error: #b3261e;
  --psirt-warning: #8a4b00;
  --psirt-ok: #00703c;
  --psirt-focus: #ffdd00;
  --psirt-radius: 4px;
  --psirt-border: #6f777b;
  display: block;
  color: var(--psirt-fg);
  background: var(--psirt-bg);
  font: 1rem/1.5 var(--psirt-font);
  max-width: 44rem;
}
* { box-sizing: border-box; }
form { margin: 0; }
h2 { font-size: 1.6rem; line-height: 1.2; margin: 0.5rem 0 1rem; }
h3 { font-size: 1.2rem; margin: 0; }
h4 { font-size: 1rem; margin: 0 0 0.25rem; }
h2:focus { outline: none; }
p { margin: 0 0 0.75rem; }
.intro { font-size: 1.05rem; }
.muted, .optional { color: var(--psirt-muted); font-weight: normal; }
.banner {
  background: #ffdd00; color: #0b0c0c; font-weight: 700; padding: 0.5rem 0.75rem;
  border-left: 6px solid #0b0c0c; margin: 0 0 1rem;
}
.alert, .refusal {
  border-left: 6px solid var(--psirt-error); background: #fbeae9; color: var(--psirt-fg);
  padding: 0.6rem 0.75rem; font-weight: 600;
}
.ok { color: var(--psirt-ok); font-weight: 700; }
.notice { border-left: 6px solid var(--psirt-accent); background: #eef3fa; padding: 0.6rem 0.75rem; }
fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }
fieldset.group { border-top: 1px solid #b1b4b6; padding-top: 1rem; margin: 1.5rem 0 0; }
fieldset.group > legend { padding: 0; margin-bottom: 0.75rem; }
fieldset.route > legend { padding: 0; margin-bottom: 0.25rem; }
fieldset.item {
  border-left: 4px solid #b1b4b6; padding: 0 0 0 0.9rem; margin: 0 0 1.25rem;
}
fieldset.item > legend { font-weight: 700; padding: 0; }
fieldset.versions > legend, fieldset.options > legend { font-weight: 700; padding: 0; margin-bottom: 0.25rem; }
.field { margin: 0 0 1.25rem; }
label { display: block; font-weight: 700; margin-bottom: 0.2rem; }
.hint { color: var(--psirt-muted); margin: 0 0 0.4rem; }
input[type=text], input[type=email], input[type=date], input[type=number], input[type=search], textarea {
  font: inherit; color: var(--psirt-fg); background: var(--psirt-bg);
  border: 2px solid var(--psirt-border); border-radius: 0; padding: 0.35rem 0.5rem;
  width: 100%; max-width: 100%; min-height: 2.5rem;
}
input[type=date], input[type=number] { width: auto; min-width: 11rem; }
textarea { display: block; resize: vertical; line-height: 1.45; }
textarea.mono, .mono { font-family: var(--psirt-mono); font-size: 0.9rem; }
.invalid > input, .invalid textarea, .invalid input[type=text], .invalid input[type=email], .invalid input[type=date] {
  border-color: var(--psirt-error);
}
.field.invalid, fieldset.invalid, [data-path].invalid { border-left: 5px solid var(--psirt-error); padding-left: 0.75rem; }
.error { color: var(--psirt-error); font-weight: 700; margin: 0 0 0.35rem; }
.visually-hidden, .live {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
:focus-visible, input:focus, input:focus-within, textarea:focus, a:focus, button:focus, summary:focus {
  outline: 3px solid var(--psirt-focus); outline-offset: 0; box-shadow: inset 0 0 0 2px #0b0c0c;
}
.choice { display: grid; grid-template-columns: 1.6rem 1fr; column-gap: 0.5rem; align-items: start; margin: 0 0 0.6rem; }
.choice > input { width: 1.4rem; height: 1.4rem; margin: 0.1rem 0 0; accent-color: var(--psirt-accent); }
.choice > label { font-weight: 400; margin: 0; }
.choice > .hint, .choice > .error { grid-column: 2; margin: 0.1rem 0 0; }
.choice > .error { grid-column: 1 / -1; }
.commitment > label { font-weight: 400; }
[data-step=route] .choice > label { font-weight: 700; }
.radios, .checks { display: block; }
.checks { columns: 2 14rem; column-gap: 1rem; }
.checks .choice { break-inside: avoid; }
button, .link-button {
  font: inherit; font-weight: 600; cursor: pointer; border-radius: var(--psirt-radius);
  padding: 0.5rem 1rem; border: 2px solid var(--psirt-accent); min-height: 2.75rem;
  display: inline-block; text-decoration: none; line-height: 1.4;
}
button.primary { background: var(--psirt-accent); color: var(--psirt-accent-fg); box-shadow: 0 2px 0 #0b0c0c; }
button.secondary, .link-button { background: var(--psirt-bg); color: var(--psirt-accent); }
button.small { padding: 0.15rem 0.6rem; min-height: 2rem; font-size: 0.9rem; }
button.link { background: none; border: 0; color: var(--psirt-accent); text-decoration: underline; padding: 0 0.25rem; min-height: 0; }
button:disabled { opacity: 0.5; cursor: not-allowed; box-shadow: none; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; justify-content: space-between; margin: 1.75rem 0 1rem; }
.actions > .primary:only-child { margin-left: auto; }
.error-summary {
  border: 5px solid var(--psirt-error); padding: 1rem; margin: 0 0 1.5rem;
}
.error-summary:focus { outline: 3px solid var(--psirt-focus); }
.error-summary a { color: var(--psirt-error); font-weight: 700; }
.error-summary ul { margin: 0; padding-left: 1.2rem; }
.hl-wrap { position: relative; background: var(--psirt-bg); }
.hl-backdrop, textarea.hl-input {
  font: inherit; line-height: 1.45; padding: 0.35rem 0.5rem; border: 2px solid transparent;
  white-space: pre-wrap; overflow-wrap: break-word; word-break: normal; scrollbar-gutter: stable;
}
.hl-wrap textarea.mono, .hl-wrap:has(textarea.mono) .hl-backdrop { font-family: var(--psirt-mono); font-size: 0.9rem; }
.hl-backdrop {
  position: absolute; inset: 0; overflow: hidden; color: transparent; pointer-events: none;
  contain: strict; /* its layout (a long text) never makes the page lay out again */
}
textarea.hl-input { position: relative; background: transparent; border-color: var(--psirt-border); }
.invalid textarea.hl-input { border-color: var(--psirt-error); }
mark { color: transparent; border-radius: 2px; background: rgba(255, 191, 71, 0.55); box-shadow: 0 2px 0 #c25700; }
mark.sev-critical { background: rgba(212, 53, 28, 0.28); box-shadow: 0 2px 0 #b3261e; }
mark.sev-info { background: rgba(80, 90, 95, 0.15); box-shadow: none; }
.findings { list-style: none; padding: 0; margin: 0.5rem 0 0; }
.finding {
  border-left: 5px solid var(--psirt-warning); background: #fff7e6; padding: 0.4rem 0.6rem; margin: 0 0 0.35rem;
}
.finding.sev-critical { border-left-color: var(--psirt-error); background: #fbeae9; }
.finding.sev-info { border-left-color: #b1b4b6; background: #f3f2f1; }
.finding .sev { font-weight: 700; text-transform: uppercase; font-size: 0.8rem; letter-spacing: 0.03em; }
.finding button { margin-left: 0.25rem; }
.finding-title { font-weight: 600; }
.finding-preview { font-family: var(--psirt-mono); font-size: 0.85rem; background: rgba(0,0,0,0.06); padding: 0 0.25rem; }
.finding-why { margin-top: 0.25rem; }
.finding-why > summary { cursor: pointer; color: var(--psirt-accent); font-size: 0.9rem; }
.finding-why > p { margin: 0.25rem 0 0; font-size: 0.95rem; }
.findings-bar {
  display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between;
  border: 2px solid var(--psirt-warning); background: #fff7e6; padding: 0.6rem 0.75rem; margin-top: 1.5rem;
}
.findings-bar p { margin: 0; font-weight: 700; }
.dropzone { border: 2px dashed var(--psirt-border); padding: 1rem; border-radius: var(--psirt-radius); }
.dropzone.over { border-color: var(--psirt-accent); background: #eef3fa; }
.files { list-style: none; padding: 0; margin: 0.75rem 0 0; }
.files > li { padding: 0.4rem 0; border-bottom: 1px solid #b1b4b6; overflow-wrap: anywhere; }
.file-name { font-weight: 700; }
.confidentiality { margin-bottom: 1rem; }
.recipient, .rendering, .review-files, .findings-confirm { margin: 0 0 1.5rem; }
.recipient dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0; }
.recipient dt { font-weight: 700; }
.recipient dd { margin: 0; overflow-wrap: anywhere; }
.fingerprint { font-family: var(--psirt-mono); font-size: 1rem; word-spacing: 0.2em; }
pre {
  font: 0.85rem/1.45 var(--psirt-mono); background: #f3f2f1; border: 1px solid #b1b4b6;
  padding: 0.75rem; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 28rem; overflow: auto; margin: 0.5rem 0;
}
pre.armored { max-height: 12rem; font-size: 0.75rem; }
pre.rendered { max-height: none; }
a.link-button.primary { background: var(--psirt-accent); color: var(--psirt-accent-fg); box-shadow: 0 2px 0 #0b0c0c; }
button.danger { background: var(--psirt-error); border-color: var(--psirt-error); color: #fff; }
button.danger-outline { border-color: var(--psirt-error); color: var(--psirt-error); }
.clear-confirm { border-left: 6px solid var(--psirt-error); padding: 0.5rem 0 0 1rem; margin-top: 1.5rem; }
.refusal dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0; font-weight: 400; }
.refusal dd { margin: 0; overflow-wrap: anywhere; }
.refusal p { margin: 0.25rem 0; }
/* Where discovery looked, and how the key was found. */
.refusal ul.attempts { margin: 0.25rem 0 0.5rem; padding-left: 1.25rem; font-weight: 400; }
.refusal ul.attempts li { margin-bottom: 0.25rem; }
.refusal code.url { overflow-wrap: anywhere; font-size: 0.85em; }
.refusal button { margin-top: 0.5rem; }
@media (max-width: 30rem) { .refusal dl { grid-template-columns: 1fr; } }
.findings-confirm { border: 4px solid var(--psirt-error); padding: 0.75rem 1rem; }
.send { list-style: none; padding: 0; display: grid; gap: 0.75rem; }
.send .hint { margin-top: 0.25rem; }
.manual li { margin-bottom: 0.75rem; }
.cvss, .cwe { margin-bottom: 1.5rem; }

/* CVSS calculators (cvss.js): metrics as rows of segmented buttons (native radios underneath). */
fieldset.cvss31, fieldset.cvss40 { border: 1px solid #b1b4b6; padding: 0.75rem 1rem 1rem; margin: 0 0 1rem; }
.cvss-title { font-weight: 700; font-size: 1.1rem; padding: 0 0.25rem; }
.cvss-vector-input { font-family: var(--psirt-mono); font-size: 0.9rem; }
.cvss-vector-hint, .cvss-metric-hint, .cvss-missing { color: var(--psirt-muted); font-size: 0.9rem; margin: 0.2rem 0 0.4rem; }
details.cvss-more { margin: 0.75rem 0 0.5rem; }
details.cvss-more > summary { cursor: pointer; color: var(--psirt-accent); font-weight: 600; padding: 0.25rem 0; }
.cvss-metric { margin: 0.6rem 0 0; }
.cvss-metric-name { font-weight: 700; padding: 0; }
.cvss-options { display: flex; flex-wrap: wrap; gap: 0.35rem; }
.cvss-option { position: relative; }
.cvss-radio { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }
.cvss-choice {
  display: inline-block; font-weight: 600; font-size: 0.9rem; margin: 0; padding: 0.3rem 0.7rem; cursor: pointer;
  border: 2px solid var(--psirt-accent); border-radius: var(--psirt-radius); color: var(--psirt-accent); background: var(--psirt-bg);
}
.cvss-radio:checked + .cvss-choice { background: var(--psirt-accent); color: var(--psirt-accent-fg); }
.cvss-radio:focus-visible + .cvss-choice { outline: 3px solid var(--psirt-focus); box-shadow: inset 0 0 0 2px #0b0c0c; }
.cvss-choice-hint, .cwe-status { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.cvss-result { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; margin-top: 0.75rem; }
.cvss-score { font-weight: 700; font-size: 1.05rem; }
.cvss-score[data-severity=critical] { color: var(--psirt-error); }
.cvss-score[data-severity=high] { color: #a33a00; }
.cvss-score-error { color: var(--psirt-error); }
.cvss-clear { padding: 0.15rem 0.6rem; min-height: 2rem; font-size: 0.9rem; background: var(--psirt-bg); color: var(--psirt-accent); }

/* CWE picker (cwe.js): an ARIA combobox and the chosen weaknesses as chips. */
.cwe-label { display: block; font-weight: 700; }
.cwe-hint { color: var(--psirt-muted); margin: 0 0 0.4rem; }
.cwe-combobox { position: relative; }
.cwe-listbox {
  list-style: none; margin: 0; padding: 0; border: 2px solid var(--psirt-border); border-top: 0;
  max-height: 16rem; overflow: auto; background: var(--psirt-bg); position: absolute; left: 0; right: 0; z-index: 5;
}
.cwe-listbox[hidden] { display: none; }
.cwe-option { padding: 0.35rem 0.5rem; cursor: pointer; border-bottom: 1px solid #e5e6e7; }
.cwe-option[aria-selected=true] { background: var(--psirt-accent); color: var(--psirt-accent-fg); }
.cwe-option-id, .cwe-chip-id { font-weight: 700; margin-right: 0.4rem; font-family: var(--psirt-mono); }
.cwe-chips { list-style: none; padding: 0; margin: 0.5rem 0 0; display: grid; gap: 0.35rem; }
.cwe-chip { display: flex; gap: 0.5rem; align-items: baseline; background: #eef3fa; border-left: 4px solid var(--psirt-accent); padding: 0.3rem 0.5rem; }
.cwe-chip-name { flex: 1; }
.cwe-chip-remove { padding: 0.1rem 0.5rem; min-height: 1.8rem; font-size: 0.85rem; background: var(--psirt-bg); color: var(--psirt-accent); }
/* The anti-spam stamp being minted. */
.stamp-progress { margin-top: 0.75rem; display: grid; gap: 0.3rem; }
.stamp-progress progress { width: 100%; height: 0.6rem; accent-color: var(--psirt-accent); }
.stamp-progress label { font-weight: 600; }
/* The reporter's own key, and the receipt. */
.reporter-key, .receipt { margin: 0 0 1.5rem; border: 2px solid var(--psirt-border); padding: 0.75rem 1rem; }
.reporter-key legend { font-weight: 700; padding: 0 0.25rem; }
.reporter-key textarea { width: 100%; font-family: var(--psirt-mono); font-size: 0.8rem; }
.reporter-key input[type=password] { display: block; width: 100%; box-sizing: border-box; min-height: 2.5rem; border: 2px solid var(--psirt-border); padding: 0.4rem; font: inherit; }
.reporter-key dl, .receipt dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0; }
.reporter-key dt, .receipt dt { font-weight: 700; }
.reporter-key dd, .receipt dd { margin: 0; overflow-wrap: anywhere; }
.receipt code.sha256 { word-break: break-all; }
@media (max-width: 30rem) {
  h2 { font-size: 1.35rem; }
  .actions { flex-direction: column-reverse; }
  .actions button { width: 100%; }
  .recipient dl, .reporter-key dl, .receipt dl { grid-template-columns: 1fr; }
  .checks { columns: 1; }
}
/* Drafts */
fieldset.draft { border: 1px solid #b1b4b6; border-radius: var(--psirt-radius); padding: 0.75rem 1rem 0.25rem; margin: 0 0 1rem; }
fieldset.draft[data-draft=active] { border-color: var(--psirt-ok); }
fieldset.draft > .choice > label { font-weight: 700; }
.draft-modes { margin: 0.5rem 0 0.25rem; }
.draft .field, .draft-found .field { margin: 0.5rem 0; }
input[type=password] {
  font: inherit; color: var(--psirt-fg); background: var(--psirt-bg);
  border: 2px solid var(--psirt-border); border-radius: 0; padding: 0.35rem 0.5rem;
  width: 100%; max-width: 24rem; min-height: 2.5rem;
}
input[type=password][aria-invalid=true] { border-color: var(--psirt-error); }
.draft-actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 0.5rem 0 0.75rem; }
.draft-status { margin: 0.25rem 0 0.5rem; }
.draft-status [data-saved] { display: block; }
.draft-found { border-left: 6px solid var(--psirt-accent); background: #eef3fa; padding: 0.75rem 1rem 0.25rem; margin: 0 0 1.25rem; }
.draft-found h3 { margin-bottom: 0.4rem; }
@media (prefers-reduced-motion: no-preference) { .dropzone { transition: background 0.1s; } }
/* Attachment metadata */
.metadata { margin: 0.5rem 0 0.25rem; padding: 0.5rem 0.75rem; border-left: 5px solid #f47738; background: #fef7f1; }
.meta-title { font-weight: 700; margin: 0 0 0.25rem; }
.meta-items { margin: 0 0 0.5rem; padding-left: 1.25rem; }
.meta-items > li { margin: 0.1rem 0; }
.meta-key { font-weight: 600; }
.metadata-choice { border: 0; padding: 0; margin: 0.5rem 0 0; min-width: 0; }
.metadata-choice > legend { font-weight: 700; padding: 0; margin: 0 0 0.35rem; }
.metadata-choice > .hint { margin-top: 0.25rem; }
`;
