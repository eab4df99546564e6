// The plain HTML host. The form needs nothing here: Vite finds the package's
// `new Worker(new URL('../worker.js', import.meta.url), { type: 'module' })`, bundles the worker
// with the core, and emits the wasm modules (`new URL('….wasm', import.meta.url)`) as assets.
// `vite preview` serves the build under the Content-Security-Policy a host sets (README, "Host
// integrations"); your own server sets the same header on every response, the worker's included.
import { defineConfig } from 'vite';

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
  preview: { headers: { 'Content-Security-Policy': CSP } },
});
