/**
 * The form's CVSS calculator (v3.1 or v4.0): one fieldset of radio buttons per base metric, the
 * vector in a text input named after the report field, and the score the core computed. It never
 * scores anything itself: the caller runs the core on the vector and passes the result to
 * `setScore`, so the widget and the PSIRT can never disagree on a score.
 *
 *   const calc = createCvssCalculator({ version: '3.1', lang: 'fr', name: 'severity.cvss_v3',
 *     onChange(vector, { complete }) { … core … calc.setScore({ score: 9.8, severity: 'critical' }) } });
 *   form.append(calc.element);
 *
 * `onChange(value, { complete })` runs when the reporter clicks a metric, types or clears:
 * `value` is the full vector once every base metric is chosen, '' while the choice is partial,
 * or the typed text as it stands (trimmed) so the core can say what is wrong with it.
 * `complete` is true when `value` parses as a vector of this version.
 *
 * Metric and value names follow FIRST's specifications; their French is ours (FIRST publishes
 * no official French CVSS terminology that we know of), chosen to match common usage.
 */

import { h } from './dom.js';
import { own } from '../lib/own.js';

const PREFIX = { '3.1': /^CVSS:3\.[01]$/, '4.0': /^CVSS:4\.0$/ };

// Base metrics in the specification's vector order: [metric, values in the order FIRST's
// calculators show them, text key of the metric, text key of its values].
const BASE = {
  '3.1': [['AV', 'NALP'], ['AC', 'LH', 'AC', 'AC3'], ['PR', 'NLH'], ['UI', 'NR', 'UI', 'UI3'], ['S', 'UC'],
    ['C', 'NLH'], ['I', 'NLH'], ['A', 'NLH']],
  '4.0': [['AV', 'NALP'], ['AC', 'LH', 'AC', 'AC4'], ['AT', 'NP'], ['PR', 'NLH'], ['UI', 'NPA', 'UI', 'UI4'],
    ['VC', 'HLN', 'VC', 'C'], ['VI', 'HLN', 'VI', 'I'], ['VA', 'HLN', 'VA', 'A'],
    ['SC', 'HLN', 'SC', 'C'], ['SI', 'HLN', 'SI', 'I'], ['SA', 'HLN', 'SA', 'A']],
};
// Temporal/threat, environmental and supplemental metrics: accepted and kept as typed, never shown.
const OTHER = {
  '3.1': { E: 'XUPFH', RL: 'XOTWU', RC: 'XURC', CR: 'XLMH', IR: 'XLMH', AR: 'XLMH', MAV: 'XNALP', MAC: 'XLH',
    MPR: 'XNLH', MUI: 'XNR', MS: 'XUC', MC: 'XNLH', MI: 'XNLH', MA: 'XNLH' },
  '4.0': { E: 'XAPU', CR: 'XHML', IR: 'XHML', AR: 'XHML', MAV: 'XNALP', MAC: 'XLH', MAT: 'XNP', MPR: 'XNLH',
    MUI: 'XNPA', MVC: 'XHLN', MVI: 'XHLN', MVA: 'XHLN', MSC: 'XHLN', MSI: 'XSHLN', MSA: 'XSHLN', S: 'XNP',
    AU: 'XNY', R: 'XAUI', V: 'XDC', RE: 'XLMH', U: ['X', 'Clear', 'Green', 'Amber', 'Red'] },
};
const VALUES = {};
for (const v of ['3.1', '4.0']) {
  VALUES[v] = new Map();
  for (const [m, vals] of BASE[v]) VALUES[v].set(m, [...vals]);
  for (const [m, vals] of Object.entries(OTHER[v])) VALUES[v].set(m, [...vals]);
}

const TEXT = {
  en: {
    vector: 'CVSS v{v} vector',
    hint: 'Choose a value for each metric, or paste a vector such as CVSS:{v}/AV:N/…',
    missing: 'Still to choose: {list}.',
    clear: 'Clear',
    clearLabel: 'Clear CVSS v{v}',
    score: 'Score: {score} ({severity})',
    severity: { none: 'none', low: 'low', medium: 'medium', high: 'high', critical: 'critical' },
    metric: {
      AV: ['Attack Vector', 'Where the attacker has to be.'],
      AC: ['Attack Complexity', 'What the attacker cannot control or has to defeat.'],
      AT: ['Attack Requirements', 'Conditions of deployment or execution the attack depends on.'],
      PR: ['Privileges Required', 'The access the attacker needs before the attack.'],
      UI: ['User Interaction', 'Whether someone other than the attacker has to take part.'],
      S: ['Scope', 'Whether the impact crosses a security boundary.'],
      C: ['Confidentiality', 'The information the attacker can read.'],
      I: ['Integrity', 'The data the attacker can modify.'],
      A: ['Availability', 'How far the attacker can disrupt the service.'],
      VC: ['Vulnerable System Confidentiality', 'The information of the vulnerable system the attacker can read.'],
      VI: ['Vulnerable System Integrity', 'The data of the vulnerable system the attacker can modify.'],
      VA: ['Vulnerable System Availability', 'How far the attacker can disrupt the vulnerable system.'],
      SC: ['Subsequent System Confidentiality', 'The same, for other systems reached through the vulnerable one.'],
      SI: ['Subsequent System Integrity', 'The same, for other systems reached through the vulnerable one.'],
      SA: ['Subsequent System Availability', 'The same, for other systems reached through the vulnerable one.'],
    },
    value: {
      AV: { N: ['Network', 'Remotely, across networks, up to the whole Internet.'],
        A: ['Adjacent', 'From the same local or logical network only: subnet, Wi-Fi, Bluetooth, VPN.'],
        L: ['Local', 'With a session on the machine, or by getting a user to open a file.'],
        P: ['Physical', 'By touching or handling the device.'] },
      AC3: { L: ['Low', 'Works at will, every time.'],
        H: ['High', 'Needs conditions the attacker cannot force: a race to win, a secret to learn, a place on the network path.'] },
      AC4: { L: ['Low', 'No security measure to evade.'],
        H: ['High', 'Security measures must be evaded (ASLR, DEP…) or secrets obtained first.'] },
      AT: { N: ['None', 'Works whatever the deployment and execution conditions.'],
        P: ['Present', 'Needs particular conditions: a race to win, a machine-in-the-middle position, a specific configuration.'] },
      PR: { N: ['None', 'No account and no access.'], L: ['Low', 'An ordinary user account.'], H: ['High', 'Administrative rights.'] },
      UI3: { N: ['None', 'No one else has to do anything.'], R: ['Required', 'A user has to act: click a link, open a file.'] },
      UI4: { N: ['None', 'No one else has to do anything.'],
        P: ['Passive', 'Limited, involuntary action: visiting a page, displaying a message.'],
        A: ['Active', 'Deliberate action: installing something, dismissing a warning, following instructions.'] },
      S: { U: ['Unchanged', 'Only the vulnerable component is affected.'],
        C: ['Changed', 'Other components are affected too: escape from a sandbox, a virtual machine, a browser.'] },
      C: { N: ['None', 'No information disclosed.'], L: ['Low', 'Some information, without choosing which.'],
        H: ['High', 'All information, or critical secrets such as passwords or keys.'] },
      I: { N: ['None', 'Nothing can be modified.'], L: ['Low', 'Some data, with limited consequences.'],
        H: ['High', 'Any data, or data whose change has serious consequences.'] },
      A: { N: ['None', 'No effect.'], L: ['Low', 'Reduced performance or interruptions.'],
        H: ['High', 'Complete or lasting denial of service.'] },
    },
  },
  fr: {
    vector: 'Vecteur CVSS v{v}',
    hint: 'Choisissez une valeur pour chaque métrique, ou collez un vecteur tel que CVSS:{v}/AV:N/…',
    missing: 'Reste à choisir : {list}.',
    clear: 'Effacer',
    clearLabel: 'Effacer CVSS v{v}',
    score: 'Score : {score} ({severity})',
    severity: { none: 'aucune', low: 'faible', medium: 'moyenne', high: 'élevée', critical: 'critique' },
    metric: {
      AV: ['Vecteur d’attaque', 'D’où l’attaquant doit agir.'],
      AC: ['Complexité de l’attaque', 'Ce que l’attaquant ne maîtrise pas ou doit contourner.'],
      AT: ['Prérequis de l’attaque', 'Les conditions de déploiement ou d’exécution dont dépend l’attaque.'],
      PR: ['Privilèges requis', 'Les accès dont l’attaquant a besoin avant l’attaque.'],
      UI: ['Interaction utilisateur', 'Si une personne autre que l’attaquant doit intervenir.'],
      S: ['Portée', 'Si l’impact franchit une frontière de sécurité.'],
      C: ['Confidentialité', 'Les informations que l’attaquant peut lire.'],
      I: ['Intégrité', 'Les données que l’attaquant peut modifier.'],
      A: ['Disponibilité', 'À quel point l’attaquant peut perturber le service.'],
      VC: ['Confidentialité du système vulnérable', 'Les informations du système vulnérable que l’attaquant peut lire.'],
      VI: ['Intégrité du système vulnérable', 'Les données du système vulnérable que l’attaquant peut modifier.'],
      VA: ['Disponibilité du système vulnérable', 'À quel point l’attaquant peut perturber le système vulnérable.'],
      SC: ['Confidentialité des systèmes subséquents', 'La même chose, pour les autres systèmes atteints par l’intermédiaire du système vulnérable.'],
      SI: ['Intégrité des systèmes subséquents', 'La même chose, pour les autres systèmes atteints par l’intermédiaire du système vulnérable.'],
      SA: ['Disponibilité des systèmes subséquents', 'La même chose, pour les autres systèmes atteints par l’intermédiaire du système vulnérable.'],
    },
    value: {
      AV: { N: ['Réseau', 'À distance, à travers les réseaux, jusqu’à Internet tout entier.'],
        A: ['Adjacent', 'Seulement depuis le même réseau local ou logique : sous-réseau, Wi-Fi, Bluetooth, VPN.'],
        L: ['Local', 'Avec une session sur la machine, ou en amenant un utilisateur à ouvrir un fichier.'],
        P: ['Physique', 'En touchant ou en manipulant l’équipement.'] },
      AC3: { L: ['Faible', 'Fonctionne à volonté, à chaque fois.'],
        H: ['Élevée', 'Nécessite des conditions que l’attaquant ne peut pas imposer : une course à gagner, un secret à découvrir, une place sur le chemin réseau.'] },
      AC4: { L: ['Faible', 'Aucune mesure de sécurité à contourner.'],
        H: ['Élevée', 'Il faut d’abord contourner des mesures de sécurité (ASLR, DEP…) ou obtenir des secrets.'] },
      AT: { N: ['Aucun', 'Fonctionne quelles que soient les conditions de déploiement et d’exécution.'],
        P: ['Présents', 'Nécessite des conditions particulières : une course à gagner, une position d’intermédiaire sur le réseau, une configuration précise.'] },
      PR: { N: ['Aucun', 'Aucun compte, aucun accès.'], L: ['Faibles', 'Un compte d’utilisateur ordinaire.'], H: ['Élevés', 'Des droits d’administration.'] },
      UI3: { N: ['Aucune', 'Personne d’autre n’a rien à faire.'], R: ['Requise', 'Un utilisateur doit agir : cliquer sur un lien, ouvrir un fichier.'] },
      UI4: { N: ['Aucune', 'Personne d’autre n’a rien à faire.'],
        P: ['Passive', 'Une action limitée et involontaire : visiter une page, afficher un message.'],
        A: ['Active', 'Une action délibérée : installer quelque chose, ignorer un avertissement, suivre des instructions.'] },
      S: { U: ['Inchangée', 'Seul le composant vulnérable est touché.'],
        C: ['Modifiée', 'D’autres composants sont touchés : sortie d’un bac à sable, d’une machine virtuelle, d’un navigateur.'] },
      C: { N: ['Aucun', 'Aucune information divulguée.'], L: ['Faible', 'Une partie des informations, sans choisir lesquelles.'],
        H: ['Élevé', 'Toutes les informations, ou des secrets critiques comme des mots de passe ou des clés.'] },
      I: { N: ['Aucun', 'Rien ne peut être modifié.'], L: ['Faible', 'Certaines données, avec des conséquences limitées.'],
        H: ['Élevé', 'N’importe quelle donnée, ou des données dont la modification a des conséquences graves.'] },
      A: { N: ['Aucun', 'Aucun effet.'], L: ['Faible', 'Performances réduites ou interruptions.'],
        H: ['Élevé', 'Déni de service complet ou durable.'] },
    },
  },
};

const fill = (s, params) => s.replace(/\{(\w+)\}/g, (_, k) => String(params[k]));

function check(version) {
  if (!BASE[version]) throw new TypeError(`CVSS version must be '3.1' or '4.0', not ${JSON.stringify(version)}`);
}

/** Reads `str`; strict: null on any fault; lenient (while typing): keeps what parses. */
function read(version, str, strict) {
  check(version);
  const out = { version, metrics: {}, extra: [] };
  if (typeof str !== 'string') return strict ? null : out;
  const [head, ...parts] = str.split('/');
  if (!PREFIX[version].test(head)) return strict ? null : out;
  out.version = head.slice(5);
  const values = VALUES[version];
  const seen = new Set();
  for (const part of parts) {
    const m = /^([A-Z]{1,3}):([A-Za-z]{1,5})$/.exec(part);
    const ok = m && !seen.has(m[1]) && values.get(m[1])?.includes(m[2]);
    if (!ok) {
      if (strict) return null;
      continue;
    }
    seen.add(m[1]);
    if (BASE[version].some(([b]) => b === m[1])) out.metrics[m[1]] = m[2];
    else out.extra.push(part);
  }
  if (strict && BASE[version].some(([b]) => !(b in out.metrics))) return null;
  return out;
}

/**
 * Parses a complete vector of `version` ('3.1', which also takes CVSS:3.0, or '4.0'): metrics in
 * any order, each at most once, every base metric present. Returns `{ version, metrics, extra }`
 * (`version` as written, `metrics` the base metrics `{AV: 'N', …}`, `extra` the other metrics as
 * written, e.g. `['E:P']`), or null.
 */
export function parseVector(version, str) {
  return read(version, str, true);
}

/**
 * The vector of `metrics` (`{AV: 'N', …}`) in the specification's order, followed by `extra`
 * (`['E:P', …]`, kept as given); '' when a base metric is missing. `version` '3.0' keeps that prefix.
 */
export function formatVector(version, metrics, extra = []) {
  check(version === '3.0' ? '3.1' : version);
  const parts = [`CVSS:${version}`];
  for (const [m, values] of BASE[version === '3.0' ? '3.1' : version]) {
    const v = metrics?.[m];
    if (v === undefined || v === null || v === '') return '';
    if (!values.includes(v) || v.length !== 1) throw new RangeError(`${m}:${v} is not a CVSS ${version} value`);
    parts.push(`${m}:${v}`);
  }
  return [...parts, ...extra].join('/');
}

let seq = 0;

/** The calculator: see the module comment. */
export function createCvssCalculator(options = {}) {
  const version = own(options, 'version') ?? '3.1';
  const lang = own(options, 'lang') ?? 'en';
  const name = own(options, 'name');
  const onChange = own(options, 'onChange') ?? (() => {});
  check(version);
  const tag = `cvss${version.replace('.', '')}`;
  const n = ++seq;
  const id = (s) => `${tag}-${n}-${s}`;
  let T = TEXT[lang] ?? TEXT.en;
  let locale = TEXT[lang] ? lang : 'en';
  const renders = [];
  const bind = (fn) => { renders.push(fn); fn(); };
  let state = { version, metrics: {}, extra: [] };
  let result = null;
  let message = '';

  const input = h('input', { type: 'text', id: id('vector'), name, class: 'cvss-vector-input', part: 'input',
    autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', 'aria-describedby': id('hint') });
  const label = h('label', { for: id('vector'), class: 'cvss-vector-label', part: 'label' });
  const hint = h('p', { id: id('hint'), class: 'cvss-vector-hint', part: 'hint' });
  const title = h('legend', { class: 'cvss-title' }, `CVSS v${version}`);
  bind(() => {
    label.textContent = fill(T.vector, { v: version });
    hint.textContent = fill(T.hint, { v: version });
  });

  const radios = new Map();
  const metrics = h('div', { class: 'cvss-metrics' });
  for (const [m, values, key = m, vkey = key] of BASE[version]) {
    const legend = h('legend', { class: 'cvss-metric-name' });
    const mhint = h('p', { id: id(`${m}-hint`), class: 'cvss-metric-hint', part: 'hint' });
    bind(() => {
      legend.textContent = `${T.metric[key][0]} (${m})`;
      mhint.textContent = T.metric[key][1];
    });
    const choices = h('div', { class: 'cvss-options' });
    for (const v of values) {
      const rid = id(`${m}-${v}`);
      const radio = h('input', { type: 'radio', name: `${tag}-${m}`, value: v, id: rid, class: 'cvss-radio',
        'data-metric': m, 'aria-describedby': `${rid}-desc` });
      const choice = h('label', { for: rid, class: 'cvss-choice', part: 'cvss-choice' });
      const desc = h('span', { id: `${rid}-desc`, class: 'cvss-choice-hint' });
      bind(() => {
        [choice.textContent, desc.textContent] = T.value[vkey][v];
      });
      radios.set(`${m}:${v}`, radio);
      choices.append(h('span', { class: 'cvss-option' }, radio, choice, desc));
    }
    metrics.append(h('fieldset', { class: 'cvss-metric', part: 'cvss-metric', 'data-metric': m,
      'aria-describedby': id(`${m}-hint`) }, legend, mhint, choices));
  }

  const missing = h('p', { class: 'cvss-missing', part: 'hint', hidden: true });
  const output = h('output', { class: 'cvss-score', part: 'cvss-score', for: id('vector'), 'aria-live': 'polite' });
  const clear = h('button', { type: 'button', class: 'cvss-clear', part: 'button' });
  bind(() => {
    clear.textContent = T.clear;
    clear.setAttribute('aria-label', fill(T.clearLabel, { v: version }));
  });

  function showMissing() {
    const chosen = Object.keys(state.metrics).length;
    const left = BASE[version].filter(([m]) => !(m in state.metrics));
    missing.hidden = chosen === 0 || left.length === 0;
    missing.textContent = missing.hidden ? '' : fill(T.missing, { list: left.map(([m, , key = m]) => T.metric[key][0]).join(', ') });
  }
  function showScore() {
    output.classList.toggle('cvss-score-error', !result && message !== '');
    if (result) {
      output.setAttribute('data-severity', result.severity);
      const score = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(result.score);
      output.textContent = fill(T.score, { score, severity: T.severity[result.severity] ?? result.severity });
    } else {
      output.removeAttribute('data-severity');
      output.textContent = message;
    }
  }
  function showRadios() {
    for (const [key, radio] of radios) {
      const [m, v] = key.split(':');
      radio.checked = state.metrics[m] === v;
    }
    showMissing();
  }
  // The typed text → state and buttons; true when it is a complete vector (or empty).
  function fromText(text) {
    const strict = parseVector(version, text);
    state = strict ?? read(version, text, false);
    showRadios();
    return strict !== null || text === '';
  }

  metrics.addEventListener('change', (e) => {
    const radio = e.target;
    if (!radio.classList?.contains('cvss-radio')) return;
    state.metrics[radio.getAttribute('data-metric')] = radio.value;
    const vector = formatVector(state.version, state.metrics, state.extra);
    input.value = vector;
    showMissing();
    onChange(vector, { complete: vector !== '' });
  });
  input.addEventListener('input', () => {
    const text = input.value.trim();
    onChange(text, { complete: fromText(text) && text !== '' });
  });
  input.addEventListener('change', () => {
    if (input.value !== input.value.trim()) input.value = input.value.trim();
  });
  clear.addEventListener('click', () => {
    input.value = '';
    fromText('');
    result = null;
    message = '';
    showScore();
    onChange('', { complete: false });
  });

  const element = h('fieldset', { class: `cvss ${tag}`, part: 'cvss', 'data-version': version }, title,
    h('div', { class: 'cvss-vector', part: 'field' }, label, hint, input),
    metrics, missing,
    h('div', { class: 'cvss-result' }, output, clear));

  return {
    element,
    input,
    /** Shows `str` and its metrics, without calling onChange; false if it is not a complete vector ('' clears). */
    setVector(str) {
      input.value = String(str ?? '').trim();
      return fromText(input.value);
    },
    getVector: () => input.value.trim(),
    /** `{score, severity}` from the core, or null with an optional (already localised) message. */
    setScore(res, msg = '') {
      result = res ? { score: Number(res.score), severity: String(res.severity) } : null;
      message = res ? '' : String(msg ?? '');
      showScore();
    },
    setLang(l) {
      T = TEXT[l] ?? TEXT.en;
      locale = TEXT[l] ? l : 'en';
      for (const fn of renders) fn();
      showMissing();
      showScore();
    },
  };
}

/** For tests: the catalogue, to check that both languages have the same keys. */
export const CVSS_TEXT = TEXT;
