// Issue 16 item 7: how fast the anti-spam stamp is minted, never a test. `node bench/stamp.mjs`
// prints SHA-256 tries per second of pkg/lib/stamp.js's loop (midstate + one block per try) in Node
// and in headless Chromium (in a module worker, where the form mints), beside the alternatives:
// node:crypto createHash per try in Node, WebCrypto `subtle.digest` per try in Chromium; then the
// time to mint stamps at 16–20 bits (median and max of N, the search being geometric).
// Serves pkg/ with www/serve.mjs. N=9 by default: `N=21 node bench/stamp.mjs`.

import { createHash } from 'node:crypto';
import { launch } from '../tests/js/lib/chromium.mjs';
import { startServer } from '../tests/js/lib/form-harness.mjs';
import { mintStamp } from '../pkg/lib/stamp.js';

const N = Number(process.env.N ?? 9);
const ARMORED = `-----BEGIN PGP MESSAGE-----\n\n${'wcBMA'.repeat(400)}\n-----END PGP MESSAGE-----\n`;
const BITS = [16, 18, 19, 20];
const fmt = (n) => Math.round(n).toLocaleString('en');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs in Node and (as its source) in the browser: tries/s of the loop, and mint times. */
async function measure(mint, bits, n, armored) {
  // Tries per second: mint at a fixed difficulty and count the counters searched.
  let tries = 0;
  let ms = 0;
  while (ms < 2000) {
    const t = performance.now();
    const s = await mint(armored, { bits: 22 });
    ms += performance.now() - t;
    tries += Number(s.split(':').pop()) + 1;
  }
  const rate = (tries / ms) * 1000;
  const times = {};
  for (const b of bits) {
    times[b] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await mint(armored, { bits: b });
      times[b].push(performance.now() - t);
    }
  }
  return { rate, times };
}

function perCallNode(ms = 1000) {
  const base = 'psirt1:20:20261127200437:e80bae71306d818a85e70612218978e7a3098ee5602dd03a3b82f1cc74164f9e:1bpDz2WrVOrMeWNM:';
  let i = 0;
  const t = performance.now();
  while (performance.now() - t < ms) {
    for (let j = 0; j < 1000; j++, i++) createHash('sha256').update(base + i).digest();
  }
  return (i / (performance.now() - t)) * 1000;
}

function report(where, { rate, times }, other) {
  console.log(`\n${where}`);
  console.log(`  pkg/lib/stamp.js loop        ${fmt(rate)} SHA-256/s`);
  console.log(`  ${other[0].padEnd(24)} ${fmt(other[1])} SHA-256/s`);
  for (const [b, xs] of Object.entries(times)) {
    console.log(`  ${b} bits (2^${b} = ${fmt(2 ** b)} tries on average): median ${fmt(median(xs))} ms, min ${fmt(Math.min(...xs))}, max ${fmt(Math.max(...xs))} (n=${xs.length})`);
  }
}

report('Node ' + process.version, await measure(mintStamp, BITS, N, ARMORED), ['node:crypto per try', perCallNode()]);

const server = await startServer();
const { browser, close } = await launch();
try {
  // The demo page's CSP forbids blob: workers; this page only measures.
  const page = await (await browser.newContext({ bypassCSP: true })).newPage();
  await page.goto(`${server.origin}/`);
  const result = await page.evaluate(
    async ({ src, bits, n, armored }) => {
      const code = `
        import { mintStamp } from '${location.origin}/pkg/lib/stamp.js';
        const measure = ${src};
        onmessage = async () => postMessage(await measure(mintStamp, ${JSON.stringify(bits)}, ${n}, ${JSON.stringify(armored)}));
      `;
      const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
      const worker = new Worker(url, { type: 'module' });
      const inWorker = await new Promise((resolve, reject) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
        worker.postMessage(0);
      });
      // WebCrypto, one awaited digest per try (what the loop avoids).
      const enc = new TextEncoder();
      const base = 'psirt1:20:20261127200437:e80bae71306d818a85e70612218978e7a3098ee5602dd03a3b82f1cc74164f9e:1bpDz2WrVOrMeWNM:';
      let i = 0;
      const t = performance.now();
      while (performance.now() - t < 1000) await crypto.subtle.digest('SHA-256', enc.encode(base + i++));
      return { inWorker, subtle: (i / (performance.now() - t)) * 1000, ua: navigator.userAgent };
    },
    { src: measure.toString(), bits: BITS, n: N, armored: ARMORED },
  );
  report(`Chromium (${/Chrome\/[\d.]+/.exec(result.ua)?.[0]}), module worker`, result.inWorker, ['WebCrypto digest per try', result.subtle]);
} finally {
  await close();
  server.close();
}
