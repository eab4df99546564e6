// The plain HTML host: import the widget (it defines <psirt-report-form>), then listen for the
// sealed report. The page receives only ciphertext: `detail = {armored, eml, fingerprint, to,
// subject}`, all safe to send; here it is POSTed to the PSIRT's intake endpoint.
import 'psirt-report/widget';

const MESSAGES = {
  en: {
    sending: 'Sending the encrypted report…',
    sent: (id, fpr) => `Sent: report ${id}, encrypted to ${fpr}.`,
    failed: (why, to) => `Not sent (${why}). Download the encrypted file from the form and e-mail it to ${to}.`,
  },
  fr: {
    sending: 'Envoi du rapport chiffré…',
    sent: (id, fpr) => `Envoyé\u00a0: rapport ${id}, chiffré pour ${fpr}.`,
    failed: (why, to) => `Non envoyé (${why}). Téléchargez le fichier chiffré depuis le formulaire et envoyez-le par courriel à ${to}.`,
  },
};

const form = document.querySelector('psirt-report-form');
const status = document.querySelector('#intake-status');
// The form speaks the page's language (<html lang>); this demo also takes ?lang=fr.
const lang = new URLSearchParams(location.search).get('lang') === 'fr' ? 'fr' : 'en';
document.documentElement.lang = lang;
form.setAttribute('lang', lang);
const t = MESSAGES[lang];

form.addEventListener('psirt-sealed', async (event) => {
  const { armored, fingerprint, to, stamp } = event.detail;
  status.textContent = t.sending;
  try {
    const response = await fetch('/intake', {
      method: 'POST',
      // The intake contract (docs/receiving/intake.md): the armored message, and the anti-spam stamp.
      headers: { 'Content-Type': 'application/pgp-encrypted', ...(stamp ? { 'PSIRT-Stamp': stamp } : {}) },
      body: armored,
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const { id } = await response.json();
    status.textContent = t.sent(id, fingerprint);
    status.dataset.state = 'sent';
  } catch (e) {
    status.textContent = t.failed(e.message, to);
    status.dataset.state = 'failed';
  }
});
