import { createApp } from 'vue';
import App from './App.vue';

// The form speaks the page's language (<html lang>); this demo also takes ?lang=fr.
const lang = new URLSearchParams(location.search).get('lang') === 'fr' ? 'fr' : 'en';
document.documentElement.lang = lang;

createApp(App, { lang }).mount('#app');
