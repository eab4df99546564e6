import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.jsx';

// The form speaks the page's language (<html lang>); this demo also takes ?lang=fr.
const lang = new URLSearchParams(location.search).get('lang') === 'fr' ? 'fr' : 'en';
document.documentElement.lang = lang;

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App lang={lang} />
  </StrictMode>,
);
