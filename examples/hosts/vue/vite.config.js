// The Vue host. The form needs nothing here (Vite bundles its worker and emits its wasm, as for
// the plain page). Vue needs two things:
// - `isCustomElement`: tags starting with `psirt-` are custom elements, not Vue components to
//   resolve (without it Vue warns "Failed to resolve component" and renders nothing useful);
// - in the CSP, `trusted-types psirt-report vue`: Vue's runtime creates a trusted-types policy
//   named `vue` when it loads (for the static HTML its compiled templates insert); refused, the
//   page reports a CSP violation. Templates are compiled at build time, so no 'unsafe-eval'.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types psirt-report vue',
].join('; ');

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('psirt-') } } })],
  preview: { headers: { 'Content-Security-Policy': CSP } },
});
