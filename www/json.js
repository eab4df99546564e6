/**
 * Demo page: validate the report in the textarea, or seal it to the demo
 * PSIRT key. Everything runs in this tab through the WebAssembly module;
 * nothing is sent anywhere. Output is built with textContent only, since
 * diagnostics can quote keys of the report.
 */

import { init, validate, seal, profile, ReportInvalidError } from '/pkg/browser.js';

/** This page only ever uses the demo profile and its demo key. */
const PROFILE = 'demo';
const EXAMPLE_URL = '/examples/valid-vulnerability.json';
const KEY_URL = '/keys/demo-psirt.pub.asc';

const $ = (id) => document.getElementById(id);

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** `396FA1D1…` → `396F A1D1 …`, the way fingerprints are printed for people. */
const groupHex = (hex) => hex.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');

function listOf(kind, items) {
  const list = el('ul', { class: `diagnostics ${kind}` });
  for (const d of items) {
    list.append(
      el('li', {}, el('code', { class: 'path' }, d.path || '(whole report)'), ' ', el('code', { class: 'code' }, d.code), ' ', d.message),
    );
  }
  return list;
}

function renderDiagnostics(diagnostics) {
  const box = $('diagnostics');
  box.replaceChildren();
  const { valid, errors = [], warnings = [], cvss } = diagnostics;
  const verdict = valid ? 'Valid' : `Invalid: ${errors.length} error${errors.length === 1 ? '' : 's'}`;
  box.append(el('p', { id: 'verdict', class: `verdict ${valid ? 'valid' : 'invalid'}` }, verdict));
  const scores = Object.entries(cvss ?? {}).filter(([, s]) => s && typeof s.score === 'number');
  if (scores.length) {
    const list = el('ul', { id: 'cvss' });
    for (const [version, s] of scores) {
      list.append(el('li', {}, `CVSS ${version}: ${s.score.toFixed(1)} (${s.severity}) `, el('code', {}, s.vector)));
    }
    box.append(list);
  }
  if (errors.length) box.append(el('h3', {}, 'Errors'), listOf('errors', errors));
  if (warnings.length) box.append(el('h3', {}, 'Warnings'), listOf('warnings', warnings));
}

function clearSealed() {
  $('armored').textContent = '';
  $('fingerprint').textContent = '';
  $('fingerprint').removeAttribute('data-fingerprint');
  $('sealed-to').textContent = '';
}

let keyText = null;
async function demoKey() {
  if (keyText === null) {
    const response = await fetch(KEY_URL);
    if (!response.ok) throw new Error(`cannot load the demo key (${response.status})`);
    keyText = await response.text();
  }
  return keyText;
}

function onValidate() {
  try {
    const diagnostics = validate($('report').value, { profile: PROFILE });
    renderDiagnostics(diagnostics);
    setStatus(diagnostics.valid ? 'The report is valid.' : 'The report has errors.', !diagnostics.valid);
  } catch (e) {
    setStatus(`Cannot validate: ${e.message}`, true);
  }
}

async function onSeal() {
  clearSealed();
  try {
    const sealed = await seal($('report').value, { key: await demoKey(), profile: PROFILE });
    $('armored').textContent = sealed.armored;
    $('fingerprint').textContent = groupHex(sealed.fingerprint);
    $('fingerprint').setAttribute('data-fingerprint', sealed.fingerprint);
    $('sealed-to').textContent = sealed.to;
    setStatus('Sealed: only the holder of the demo secret key can read it.');
  } catch (e) {
    if (e instanceof ReportInvalidError && e.diagnostics) {
      renderDiagnostics(e.diagnostics);
      setStatus('Not sealed: the report has errors.', true);
    } else {
      setStatus(`Not sealed: ${e.message}${e.code ? ` (${e.code})` : ''}`, true);
    }
  }
}

async function main() {
  await init();
  const demo = profile(PROFILE);
  const banner = $('demo-banner');
  banner.hidden = !demo.demo;
  if (demo.label) banner.textContent = demo.label;
  $('recipient').textContent = `Recipient: ${demo.psirt_email}, key ${groupHex(demo.pin)} (profile ${demo.name}).`;

  const response = await fetch(EXAMPLE_URL);
  if (response.ok) $('report').value = await response.text();

  $('report').addEventListener('input', clearSealed);
  $('validate').addEventListener('click', onValidate);
  $('seal').addEventListener('click', onSeal);
  $('validate').disabled = false;
  $('seal').disabled = false;
  setStatus(response.ok ? 'Ready.' : `Ready (the example did not load: ${response.status}).`);
}

main().catch((e) => setStatus(`Cannot start: ${e.message}`, true));
