/**
 * The form's side of key discovery: when it looks the PSIRT's key up, and how
 * it shows the outcome. The lookup itself (WKD, security.txt, limits, error codes) is
 * `../lib/discover.js`, shared with the npm package; the pin check is the worker's `loadRecipient`.
 *
 * When: an inline key or `key-url` wins (the page chose the key); else the `discover` attribute,
 * or a profile that embeds no key (the Thales profile: its key is not in the policy), asks for
 * discovery; else the profile's embedded key (the demo profile) is used.
 */

import { h, groupHex } from './dom.js';

/** True when the form should look the key up (no inline key and no key-url already chose it). */
export function wantsDiscovery(form, profile) {
  return form.hasAttribute('discover') || !profile?.public_key;
}

/**
 * Looks the key of the profile's address up; `verify(bytes)` is the worker's loadRecipient with
 * the profile (so its pin). Resolves to discoverKey's result; rejects with its KeyError.
 */
export async function discoverForForm(profile, verify) {
  // Loaded only when the form looks a key up: a page whose key is inline, at key-url or in the
  // profile never downloads the lookup.
  const { lookupKey } = await import('../lib/discover.js');
  return lookupKey(profile?.psirt_email ?? '', { pin: profile?.pin, verify });
}

const host = (url) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/** Which sentence says the outcome of a failed search, by its code. */
const HEADLINE = {
  'discover-impostor': 'discover.impostor',
  'discover-not-found': 'discover.not_found',
  'discover-network': 'discover.unreachable',
  'discover-timeout': 'discover.unreachable',
  'discover-key-refused': 'discover.key_refused',
};

/** The review's "Found by: Web Key Directory (advanced method), at openpgpkey.example.com" row (dt, dd). */
export function foundNote(t, found) {
  return [h('dt', {}, t('discover.found_by')), h('dd', { 'data-discovered': found.method }, t('discover.found', { method: t(`discover.method.${found.method}`), host: host(found.url) }))];
}

/**
 * The refusal box of a failed search: what happened (role=alert, `data-code`), the received
 * fingerprint of an impostor beside the pin, every place looked at with its outcome, what to do,
 * and (when `onManual` is given) a button to the route by hand.
 */
export function discoveryRefusal(t, error, profile, onManual) {
  const code = error?.code ?? 'discover-not-found';
  const attempts = Array.isArray(error?.attempts) ? error.attempts : [];
  const to = profile?.psirt_email ?? '';
  const name = profile?.name ?? 'PSIRT';
  const impostor = attempts.find((a) => a.code === 'discover-impostor' && a.fingerprint);
  const refusedKey = attempts.find((a) => a.code === 'discover-key-refused');
  const headline = HEADLINE[code] ?? 'discover.failed';
  return h(
    'div',
    { class: 'refusal discovery', role: 'alert', 'data-code': code },
    h('p', {}, t(headline, { to, name, code, message: refusedKey?.cause?.message ?? '' })),
    h(
      'dl',
      {},
      impostor ? [h('dt', {}, t('review.received')), h('dd', {}, h('code', { class: 'fingerprint', 'data-fingerprint': impostor.fingerprint }, groupHex(impostor.fingerprint)))] : null,
      profile?.pin ? [h('dt', {}, t('review.expected')), h('dd', {}, h('code', { class: 'fingerprint', part: 'fingerprint' }, groupHex(profile.pin)))] : null,
    ),
    attempts.length
      ? [
          h('p', {}, t('discover.tried')),
          h(
            'ul',
            { class: 'attempts' },
            attempts.map((a) =>
              h('li', { 'data-code': a.code }, t(`discover.method.${a.method}`), ' — ', h('code', { class: 'url' }, a.url), ' — ', t(`discover.outcome.${a.code}`)),
            ),
          ),
        ]
      : null,
    h('p', {}, t('discover.next', { to })),
    onManual ? h('p', {}, h('button', { type: 'button', 'data-action': 'manual', part: 'button', class: 'secondary', onclick: onManual }, t('discover.manual'))) : null,
  );
}
