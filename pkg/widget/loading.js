/**
 * Loading what the form needs before a reporter can seal: the worker (with the files and hashes
 * the element's attributes name), the profile (a built-in name or a URL, read by the core in the
 * worker) and the PSIRT's key (inline, `key-url`, the profile's `key_url`, discovery through the
 * pin, or the profile's own key), judged by the worker against the pin. The manual route reads
 * the raw profile file instead, when no worker can run.
 */
import { wantsDiscovery, discoverForForm } from './key-discovery-view.js';
import { startEngine } from './worker-connection.js';

const BUILTIN_PROFILES = new Set(['thales', 'demo']);

/**
 * Starts the worker (worker-connection.js) with what the element's attributes say: where the
 * worker, the wasm modules and the JavaScript core are, and their expected SHA-256.
 */
export function startWorker(host) {
  const attr = (name) => host.getAttribute(name) ?? undefined;
  return startEngine({
    workerUrl: attr('worker-url'),
    wasmUrl: attr('wasm-url'),
    sealWasmUrl: attr('seal-wasm-url'),
    // The modules' expected SHA-256: a module that differs is refused before it runs.
    integrity: attr('integrity'),
    sealIntegrity: attr('seal-integrity'),
    // The open module (key generation, loaded when the reporter asks for a key).
    openIntegrity: attr('open-integrity'),
    // The JavaScript core, where WebAssembly is off: its files and expected SHA-256.
    jsUrl: attr('js-url'),
    jsSealUrl: attr('js-seal-url'),
    jsIntegrity: attr('js-integrity'),
    jsSealIntegrity: attr('js-seal-integrity'),
  });
}

/** Where the profile comes from: a built-in name (its file beside the package), or a URL. */
export function profileSource(ctx) {
  const p = ctx.host.getAttribute('profile') || 'thales';
  // `?no-inline` makes Vite emit the profile as a file; small enough, it was inlined as a data:
  // URL, which connect-src 'self' refuses (the manual route then lost the PSIRT's address).
  // Served unbundled, the query is ignored.
  return BUILTIN_PROFILES.has(p) ? { name: p, url: new URL(`../profiles/${p}.json?no-inline`, import.meta.url) } : { url: new URL(p, location.href) };
}

/** The raw profile file, for the manual route (no wasm to check it with). */
export async function loadProfileFile(ctx) {
  if (ctx.profile) return;
  try {
    const r = await fetch(profileSource(ctx).url, { credentials: 'same-origin' });
    if (r.ok) ctx.profile = await r.json();
  } catch {
    /* the manual route then shows what it can */
  }
}

/** The profile, read and checked by the core in the worker. */
export async function loadProfile(ctx) {
  const src = profileSource(ctx);
  if (src.name) {
    ctx.profileArg = src.name;
    ctx.profile = await ctx.api.profile(src.name);
  } else {
    const r = await fetch(src.url, { credentials: 'same-origin' });
    if (!r.ok) throw new Error(ctx.t('error.profile', { message: r.status }));
    ctx.profile = await ctx.api.profile(await r.json());
    ctx.profileArg = ctx.profile;
  }
}

/**
 * The PSIRT's key and the worker's judgement of it (`ctx.recipient`: its fingerprint, or
 * `{error}`, shown at review). Only a module that is not the published one is thrown.
 */
export async function loadKey(ctx) {
  try {
    const inline = ctx.host.querySelector('script[type="application/pgp-keys"]')?.textContent;
    const url = ctx.host.getAttribute('key-url') ?? ctx.profile?.key_url;
    if (inline && inline.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) ctx.key = inline;
    else if (url) {
      const r = await fetch(new URL(url, location.href), { credentials: 'omit' });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      ctx.key = await r.text();
    } else if (wantsDiscovery(ctx.host, ctx.profile)) {
      // Look the key up (WKD, then security.txt); only a key whose primary fingerprint is the
      // pin comes back (the worker's loadRecipient judges each candidate).
      const found = await discoverForForm(ctx.profile, (bytes) => ctx.api.loadRecipient(bytes, { profile: ctx.profileArg }));
      ctx.found = { method: found.method, url: found.url };
      ctx.key = found.key;
      ctx.recipient = found.recipient;
      return;
    } else ctx.key = ctx.profile.public_key;
    ctx.recipient = await ctx.api.loadRecipient(ctx.key, { profile: ctx.profileArg });
  } catch (e) {
    // A seal module that is not the published one (the first call that loads it is this one):
    // not a key problem shown at review, but the refusal of the whole form (ctx.fail).
    if (e?.code === 'init-integrity-mismatch') throw e;
    ctx.recipient = { error: e };
    // No pinned key found or published: a reporter still on the first step is shown the route
    // by hand now, before typing a report this page cannot encrypt.
    if (String(e?.code).startsWith('discover-') && ctx.s.step === 'route') ctx.s.step = 'manual';
  }
}
