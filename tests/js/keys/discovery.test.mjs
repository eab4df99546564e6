// In Node: the pieces of key discovery (z-base-32, the WKD URLs, security.txt
// parsing) against known vectors, and the package's discoverKey against a fake fetch that plays
// the PSIRT's servers: the pinned key found (binary, from WKD), an impostor refused and the search
// going on, and every failure with its own stable code. The browser side is form/key-discovery.browser.test.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discoverKey, discoveryUrls, parseSecurityTxt, wkdHash, zbase32, DISCOVER_LIMITS, KeyError, InputError } from '../../../pkg/node.mjs';
import { DEMO_FPR } from '../lib/form-harness.mjs';
import { DEMO_HASH, DEMO_PUB_ASC, DEMO_PUB_BIN, IMPOSTOR_FPR, IMPOSTOR_PUB_BIN, ADVANCED_PATH, DIRECT_PATH } from '../lib/wkd.mjs';

const ADVANCED = `https://openpgpkey.psirt-demo.example${ADVANCED_PATH}?l=psirt`;
const DIRECT = `https://psirt-demo.example${DIRECT_PATH}?l=psirt`;
const SECURITY_TXT = 'https://psirt-demo.example/.well-known/security.txt';

test('z-base-32: the vectors of the z-base-32 specification', () => {
  assert.equal(zbase32(new Uint8Array([0xf0, 0xbf, 0xc7])), '6n9hq');
  assert.equal(zbase32(new Uint8Array([0xd4, 0x7a, 0x04])), '4t7ye');
  assert.equal(zbase32(new Uint8Array([0x00])), 'yy');
  assert.equal(zbase32(new Uint8Array([])), '');
});

test('WKD: the draft\'s vector (Joe.Doe@Example.ORG), both methods, the local part kept as written in ?l=', async () => {
  assert.equal(await wkdHash('Joe.Doe'), 'iy9q119eutrkn8s1mk4r39qejnbu3n5q');
  assert.equal(await wkdHash('joe.doe'), 'iy9q119eutrkn8s1mk4r39qejnbu3n5q');
  const u = await discoveryUrls('Joe.Doe@Example.ORG');
  assert.equal(u.advanced, 'https://openpgpkey.example.org/.well-known/openpgpkey/example.org/hu/iy9q119eutrkn8s1mk4r39qejnbu3n5q?l=Joe.Doe');
  assert.equal(u.direct, 'https://example.org/.well-known/openpgpkey/hu/iy9q119eutrkn8s1mk4r39qejnbu3n5q?l=Joe.Doe');
  assert.equal(u.securityTxt, 'https://example.org/.well-known/security.txt');
  assert.equal((await discoveryUrls('psirt@psirt-demo.example')).hash, DEMO_HASH);
  // A local part with characters a URL must escape stays one parameter.
  assert.match((await discoveryUrls('a+b&c=d@example.com')).direct, /\?l=a%2Bb%26c%3Dd$/);
});

test('a bad address is an InputError discover-bad-email, before any request', async () => {
  let calls = 0;
  const fetch = async () => {
    calls += 1;
    return new Response('', { status: 404 });
  };
  for (const bad of ['', 'psirt', '@example.com', 'psirt@', 'psirt@localhost', 'psirt@evil.example/x', 'psirt@evil.example:8443', 'psirt@user@evil.example/', 42]) {
    await assert.rejects(discoverKey(bad, { profile: 'demo', fetch }), (e) => e instanceof InputError && e.code === 'discover-bad-email', String(bad));
  }
  assert.equal(calls, 0);
});

test('security.txt: fields, comments, CRLF, several Encryption lines; a signed file read through its cleartext signature', () => {
  const plain = parseSecurityTxt('# Our policy\r\nContact: mailto:psirt@example.com\r\nEncryption: https://example.com/k.asc\r\nencryption:openpgp4fpr:FC3C4520576EC756AE730030536949C48448AE39\r\nExpires: 2030-01-01T00:00:00.000Z\r\n');
  assert.deepEqual(plain.encryption, ['https://example.com/k.asc', 'openpgp4fpr:FC3C4520576EC756AE730030536949C48448AE39']);
  assert.equal(plain.expires, '2030-01-01T00:00:00.000Z');
  assert.equal(plain.signed, false);
  const signed = parseSecurityTxt(
    [
      '-----BEGIN PGP SIGNED MESSAGE-----',
      'Hash: SHA512',
      '',
      '# Canonical: https://example.com/.well-known/security.txt',
      '- -----not a real armor line, dash-escaped',
      'Contact: mailto:psirt@example.com',
      'Encryption: https://example.com/.well-known/openpgpkey/hu/x',
      '-----BEGIN PGP SIGNATURE-----',
      '',
      'iHUEARYKAB0WIQ…',
      'Encryption: https://evil.example/after-the-signature.asc',
      '-----END PGP SIGNATURE-----',
      '',
    ].join('\n'),
  );
  assert.equal(signed.signed, true);
  assert.deepEqual(signed.encryption, ['https://example.com/.well-known/openpgpkey/hu/x'], 'only the signed text counts');
  assert.ok(!signed.fields.some((f) => f.name === 'hash'), 'armor headers are not fields');
  assert.deepEqual(parseSecurityTxt('').encryption, []);
});

/** A fake fetch: URL → Response factory; anything else 404; records each call. */
function server(routes) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    const answer = routes[url];
    if (!answer) return new Response('not found', { status: 404 });
    return typeof answer === 'function' ? answer(init) : new Response(answer);
  };
  return { fetch, calls };
}

test('the pinned key served by WKD (binary) is found by the advanced method; nothing else is asked', async () => {
  const { fetch, calls } = server({ [ADVANCED]: DEMO_PUB_BIN });
  const found = await discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch });
  assert.equal(found.method, 'wkd-advanced');
  assert.equal(found.recipient.fingerprint, DEMO_FPR);
  assert.deepEqual([...found.key], [...DEMO_PUB_BIN]);
  assert.deepEqual(calls.map((c) => c.url), [ADVANCED]);
  assert.equal(calls[0].init.credentials, 'omit');
  assert.equal(calls[0].init.redirect, 'manual');
});

test('advanced method absent (404): the direct method; an armored key is accepted too', async () => {
  const { fetch, calls } = server({ [DIRECT]: DEMO_PUB_ASC });
  const found = await discoverKey('psirt@psirt-demo.example', { pin: DEMO_FPR, fetch });
  assert.equal(found.method, 'wkd-direct');
  assert.deepEqual(calls.map((c) => c.url), [ADVANCED, DIRECT]);
  assert.deepEqual(found.attempts.map((a) => a.code), ['discover-not-found', 'found']);
});

test('an impostor key is refused and the search goes on: security.txt names the pinned key', async () => {
  const { fetch } = server({
    [ADVANCED]: IMPOSTOR_PUB_BIN,
    [SECURITY_TXT]: 'Contact: mailto:psirt@psirt-demo.example\nEncryption: http://psirt-demo.example/plain-http.asc\nEncryption: https://keys.psirt-demo.example/psirt.asc\n',
    'https://keys.psirt-demo.example/psirt.asc': DEMO_PUB_ASC,
  });
  const found = await discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch });
  assert.equal(found.method, 'security-txt');
  assert.equal(found.url, 'https://keys.psirt-demo.example/psirt.asc');
  assert.deepEqual(
    found.attempts.map((a) => [a.method, a.code]),
    [
      ['wkd-advanced', 'discover-impostor'],
      ['wkd-direct', 'discover-not-found'],
      ['security-txt', 'read'],
      ['security-txt', 'discover-insecure-url'],
      ['security-txt', 'found'],
    ],
  );
  assert.equal(found.attempts[0].fingerprint, IMPOSTOR_FPR, 'the impostor\'s fingerprint is named');
});

test('only impostors: KeyError discover-impostor, with every attempt; never a key', async () => {
  const { fetch } = server({ [ADVANCED]: IMPOSTOR_PUB_BIN, [DIRECT]: IMPOSTOR_PUB_BIN });
  await assert.rejects(discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch }), (e) => {
    assert.ok(e instanceof KeyError);
    assert.equal(e.code, 'discover-impostor');
    assert.deepEqual(e.attempts.map((a) => a.code), ['discover-impostor', 'discover-impostor', 'discover-not-found']);
    assert.match(e.message, /not the pinned key/);
    return true;
  });
});

test('nothing published anywhere: discover-not-found', async () => {
  const { fetch, calls } = server({});
  await assert.rejects(discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch }), (e) => e instanceof KeyError && e.code === 'discover-not-found');
  assert.deepEqual(calls.map((c) => c.url), [ADVANCED, DIRECT, SECURITY_TXT]);
  // A security.txt without an Encryption field is "nothing published" too.
  const { fetch: f2 } = server({ [SECURITY_TXT]: 'Contact: mailto:psirt@psirt-demo.example\n' });
  await assert.rejects(discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch: f2 }), (e) => e.code === 'discover-not-found' && /no Encryption field/.test(e.attempts[2].detail));
});

test('security.txt naming the key by openpgp4fpr: a fingerprint, never fetched; a different one counts as an impostor', async () => {
  const same = server({ [SECURITY_TXT]: `Encryption: openpgp4fpr:${DEMO_FPR.toLowerCase()}\n` });
  await assert.rejects(discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch: same.fetch }), (e) => {
    assert.equal(e.code, 'discover-not-found');
    assert.equal(e.attempts.at(-1).code, 'discover-fingerprint-only');
    return true;
  });
  assert.equal(same.calls.length, 3, 'no request for a fingerprint');
  const other = server({ [SECURITY_TXT]: `Encryption: openpgp4fpr:${IMPOSTOR_FPR}\n` });
  await assert.rejects(discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch: other.fetch }), (e) => e.code === 'discover-impostor');
});

test('redirects are followed to https only', async () => {
  const to = (location) => () => new Response(null, { status: 302, headers: { location } });
  const ok = server({ [ADVANCED]: to('https://cdn.psirt-demo.example/k'), 'https://cdn.psirt-demo.example/k': DEMO_PUB_BIN });
  assert.equal((await discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch: ok.fetch })).url, 'https://cdn.psirt-demo.example/k');
  const bad = server({ [ADVANCED]: to('http://cdn.psirt-demo.example/k'), 'http://cdn.psirt-demo.example/k': DEMO_PUB_BIN });
  await assert.rejects(discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch: bad.fetch }), (e) => e.code === 'discover-insecure-redirect');
  assert.ok(!bad.calls.some((c) => c.url.startsWith('http:')), 'the http URL was never requested');
  const loop = server({ [ADVANCED]: to(ADVANCED) });
  await assert.rejects(discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch: loop.fetch }), (e) => e.code === 'discover-http' && /redirects/.test(e.attempts[0].detail));
});

test('in a browser a redirect is opaque: it is followed, and refused if it ended outside https', async () => {
  // What fetch(…, {redirect: 'manual'}) gives a page for a cross-origin redirect, then what
  // redirect: 'follow' gives: the final URL only.
  const browserLike = (finalUrl, body) => {
    const calls = [];
    const fetch = async (url, init) => {
      calls.push(init.redirect);
      if (url !== ADVANCED) return new Response('not found', { status: 404 });
      if (init.redirect === 'manual') return { type: 'opaqueredirect', status: 0, ok: false, url, headers: new Headers() };
      const r = new Response(body);
      Object.defineProperty(r, 'url', { value: finalUrl });
      return r;
    };
    return { fetch, calls };
  };
  const insecure = browserLike('http://cdn.psirt-demo.example/k', DEMO_PUB_BIN);
  await assert.rejects(discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch: insecure.fetch }), (e) => e.code === 'discover-insecure-redirect');
  const secure = browserLike('https://cdn.psirt-demo.example/k', DEMO_PUB_BIN);
  const found = await discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch: secure.fetch });
  assert.equal(found.url, 'https://cdn.psirt-demo.example/k');
  assert.deepEqual(secure.calls, ['manual', 'follow']);
});

test('an answer larger than the key limit is refused, declared or streamed', async () => {
  const big = new Uint8Array(DISCOVER_LIMITS.keyBytes + 1);
  const declared = server({ [ADVANCED]: () => new Response(big, { headers: { 'content-length': String(big.length) } }) });
  await assert.rejects(discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch: declared.fetch }), (e) => e.code === 'discover-too-large');
  const streamed = server({
    [ADVANCED]: () =>
      new Response(
        new ReadableStream({
          pull(c) {
            c.enqueue(new Uint8Array(256 * 1024));
          },
        }),
      ),
  });
  await assert.rejects(discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch: streamed.fetch }), (e) => e.code === 'discover-too-large');
});

test('a server that never answers: discover-timeout per request; an unreachable one: discover-network', async () => {
  const hang = (url, init) =>
    new Promise((_, reject) => {
      init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  const started = Date.now();
  await assert.rejects(discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch: hang, timeout: 100 }), (e) => e.code === 'discover-timeout' && e.attempts.length === 3);
  assert.ok(Date.now() - started < 2000, 'three timeouts of 100 ms');
  const down = async () => {
    throw new TypeError('fetch failed');
  };
  await assert.rejects(discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch: down }), (e) => e.code === 'discover-network');
});

test('the pinned key, but revoked or expired: discover-key-refused names the key\'s own code', async () => {
  const { fetch } = server({ [ADVANCED]: DEMO_PUB_BIN });
  // Judged in 1990, before the demo key existed.
  await assert.rejects(discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch, now: '1990-01-01T00:00:00Z' }), (e) => {
    assert.equal(e.code, 'discover-key-refused');
    assert.match(e.attempts[0].cause.code, /^key-/);
    return true;
  });
});

// Discovery fetches URLs the domain's owner chooses, so it refuses to aim
// them at this machine or its network, and the whole search has a deadline.
test('an IP literal or a single-label domain is refused, as an address and as a URL security.txt or a redirect names', async () => {
  let calls = 0;
  const none = async () => {
    calls += 1;
    return new Response('', { status: 404 });
  };
  for (const bad of ['psirt@127.0.0.1', 'psirt@10.0.0.1', 'psirt@192.168.1.1', 'psirt@[::1]', 'psirt@0x7f.1', 'psirt@intranet.0x7f', 'psirt@1.2.3.4.5', 'psirt@intranet', 'psirt@localhost']) {
    await assert.rejects(discoverKey(bad, { profile: 'demo', fetch: none }), (e) => e instanceof InputError && e.code === 'discover-bad-email', bad);
  }
  assert.equal(calls, 0);

  const { fetch, calls: asked } = server({
    [SECURITY_TXT]: 'Encryption: https://10.0.0.1/psirt.asc\nEncryption: https://[::1]/k.asc\nEncryption: https://intranet/k.asc\nEncryption: https://2130706433/k.asc\n',
    [ADVANCED]: () => new Response('', { status: 302, headers: { location: 'https://127.0.0.1/.well-known/openpgpkey/k' } }),
  });
  const e = await discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch }).catch((x) => x);
  assert.ok(e instanceof KeyError, String(e));
  assert.equal(e.code, 'discover-host-refused');
  const urls = asked.map((c) => c.url);
  assert.ok(!urls.some((u) => /\/\/(10\.0\.0\.1|\[::1\]|intranet|2130706433|127\.0\.0\.1)\//.test(u)), urls.join(' '));
  const refused = e.attempts.filter((a) => a.code === 'discover-host-refused').map((a) => a.url);
  assert.equal(refused.length, 5, JSON.stringify(e.attempts, null, 1));
});

test('a total deadline stops the whole search, whatever the per-request timeout', async () => {
  const asked = [];
  // A server that never answers until the request is aborted.
  const fetch = (url, init) =>
    new Promise((_, reject) => {
      asked.push(url);
      init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  const started = Date.now();
  const e = await discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch, timeout: 60_000, deadline: 300 }).catch((x) => x);
  const took = Date.now() - started;
  assert.ok(e instanceof KeyError, String(e));
  assert.equal(e.code, 'discover-timeout');
  assert.ok(took < 5000, `stopped by the deadline (${took} ms), not by the 60 s timeout`);
  assert.equal(asked.length, 1, 'no further request after the deadline');
  assert.ok(DISCOVER_LIMITS.deadlineMs > 0, 'a default deadline');
  await assert.rejects(discoverKey('psirt@psirt-demo.example', { profile: 'demo', fetch, deadline: -1 }), (x) => x.code === 'input-type');
});
