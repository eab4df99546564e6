// When the intake refuses a report, the form says why in the reporter's language: every refusal
// code the intake can answer (pkg/intake/server.mjs REFUSALS) has its sentence in the form's
// catalogue, English and French, and the French sentence does not carry the intake's English
// text (that is shown only as a detail, beside the code). The browser side: form/send.browser.test.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG, t } from '../../../pkg/widget/i18n.js';
import { REFUSALS } from '../../../pkg/intake/server.mjs';

test('every intake refusal code has its sentence in English and French', () => {
  const missing = [];
  for (const code of Object.keys(REFUSALS)) {
    for (const lang of ['en', 'fr']) if (!Object.hasOwn(CATALOG[lang], `send.refused.${code}`)) missing.push(`${lang}: ${code}`);
  }
  assert.deepEqual(missing, []);
});

test("the French refusal is French: the intake's English message is not in it", () => {
  for (const [code, [, message]] of Object.entries(REFUSALS)) {
    const fr = t('fr', 'send.failed_refused', { reason: t('fr', `send.refused.${code}`) });
    assert.ok(fr.startsWith('Non envoyé'), code);
    assert.ok(!fr.includes(message), `${code}: ${fr}`);
    assert.notEqual(CATALOG.fr[`send.refused.${code}`], CATALOG.en[`send.refused.${code}`], code);
  }
});
