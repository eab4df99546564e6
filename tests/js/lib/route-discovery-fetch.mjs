// Preloaded into a CLI process under test (`node --import` this file): maps the https discovery
// URLs of the demo PSIRT's domain (https://openpgpkey.psirt-demo.example/…,
// https://psirt-demo.example/…, https://keys.psirt-demo.example/…) onto the loopback server of
// lib/wkd.mjs at PSIRT_TEST_WKD_ORIGIN, as routeDiscovery does for the browser. The request goes
// out through the real fetch, with the options the CLI gave it (redirect: 'manual',
// credentials…); any other URL is passed on untouched. The product code is not changed by this.

const origin = process.env.PSIRT_TEST_WKD_ORIGIN;
if (origin) {
  const realFetch = globalThis.fetch;
  const DEMO = /^https:\/\/((?:openpgpkey\.|keys\.)?psirt-demo\.example)(\/.*)$/;
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input.url;
    const m = DEMO.exec(url);
    if (!m) return realFetch(input, init);
    // The response names the URL asked for, as it would have come from that host.
    return realFetch(`${origin}/${m[1]}${m[2]}`, init).then((r) => Object.defineProperty(r, 'url', { value: url }));
  };
}
