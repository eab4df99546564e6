// The React host. The form needs nothing here (Vite bundles its worker and emits its wasm, as for
// the plain page); React needs its plugin (JSX). React 19 itself needs nothing more in the CSP:
// it compiles nothing at run time and, without dangerouslySetInnerHTML, writes no HTML, so it
// creates no trusted-types policy. `vite preview` serves the build under that CSP; `vite` (dev)
// does not: the dev server's Fast Refresh preamble is an inline script.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

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
  'trusted-types psirt-report',
].join('; ');

export default defineConfig({
  plugins: [react()],
  preview: { headers: { 'Content-Security-Policy': CSP } },
});
