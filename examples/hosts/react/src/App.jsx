// The React host page: the form, and the host's own state of the sealed report. The page receives
// only ciphertext (`{armored, eml, fingerprint, to, subject}`), all safe to send; here it is
// POSTed to the PSIRT's intake endpoint and the outcome shown.
import { useState } from 'react';
import { ReportForm } from './ReportForm.jsx';

const MESSAGES = {
  en: {
    title: 'Report a security issue',
    sending: 'Sending the encrypted report…',
    sent: (id, fpr) => `Sent: report ${id}, encrypted to ${fpr}.`,
    failed: (why, to) => `Not sent (${why}). Download the encrypted file from the form and e-mail it to ${to}.`,
  },
  fr: {
    title: 'Signaler un problème de sécurité',
    sending: 'Envoi du rapport chiffré…',
    sent: (id, fpr) => `Envoyé\u00a0: rapport ${id}, chiffré pour ${fpr}.`,
    failed: (why, to) => `Non envoyé (${why}). Téléchargez le fichier chiffré depuis le formulaire et envoyez-le par courriel à ${to}.`,
  },
};

export function App({ lang }) {
  const t = MESSAGES[lang];
  const [status, setStatus] = useState({ state: 'idle', text: '' });

  async function send({ armored, fingerprint, to, stamp }) {
    setStatus({ state: 'sending', text: t.sending });
    try {
      const response = await fetch('/intake', {
        method: 'POST',
        // The intake contract (docs/receiving/intake.md): the armored message, and the anti-spam stamp.
        headers: { 'Content-Type': 'application/pgp-encrypted', ...(stamp ? { 'PSIRT-Stamp': stamp } : {}) },
        body: armored,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { id } = await response.json();
      setStatus({ state: 'sent', text: t.sent(id, fingerprint) });
    } catch (e) {
      setStatus({ state: 'failed', text: t.failed(e.message, to) });
    }
  }

  return (
    <main>
      <h1>
        {t.title} <small>DEMO — not Thales</small>
      </h1>
      <ReportForm profile="demo" keyUrl="/demo-psirt.pub.asc" lang={lang} onSealed={send} />
      <p id="intake-status" role="status" data-state={status.state}>
        {status.text}
      </p>
    </main>
  );
}
