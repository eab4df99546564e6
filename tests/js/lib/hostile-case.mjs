// One hostile-input case of tests/js/hardening/hostile-input.test.mjs, run in its own process so its time and
// peak memory are its own: `node tests/js/lib/hostile-case.mjs NAME [FILE]` prints one JSON line
// {outcome, ms, maxRssMiB}; `outcome` is `valid`, the first error code, or `throw:CODE`.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (p) => readFileSync(join(ROOT, p), 'utf8');
const api = await import('../../../pkg/node.mjs');
const opts = { profile: 'demo', today: '2026-11-22' };
const report = () => JSON.parse(read('examples/valid-vulnerability.json'));
const demoKey = read('keys/demo-psirt.pub.asc');
const demoSecret = read('keys/demo-psirt.sec.asc');

function verdict(d) {
  return d.valid ? 'valid' : d.errors[0].code;
}

const CASES = {
  'nested-arrays': () => verdict(api.validate('['.repeat(100_000) + ']'.repeat(100_000), opts)),
  'nested-objects': () => verdict(api.validate('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), opts)),
  'string-50mb': () => {
    const r = report();
    r.description = 'x'.repeat(50 * 1024 * 1024);
    return verdict(api.validate(r, opts));
  },
  'control-characters-seal-open': () => {
    const r = report();
    r.title = 'NUL\u0000 BEL\u0007 ESC\u001b[31m DEL\u007f';
    r.description = 'a\u0000b\r\nc\u2028d\u202ee';
    const sealed = api.seal(r, { key: demoKey, ...opts });
    const opened = api.open(sealed.eml, { secretKey: demoSecret, ...opts });
    if (opened.report.title !== r.title || opened.report.description !== r.description) return 'altered';
    const head = sealed.eml.split('\r\n\r\n')[0];
    if (/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/.test(head) || head.includes('NUL')) return 'control-in-headers';
    return verdict(opened.diagnostics);
  },
  'lone-surrogate': () => {
    const r = report();
    r.title = 'a\ud800b';
    return verdict(api.validate(r, opts));
  },
  'invalid-utf8': () => verdict(api.validate(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]), opts)),
  'proto-keys': () => {
    const r = JSON.parse(read('examples/valid-vulnerability.json').replace(/^\{/, '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},'));
    const d = api.validate(r, opts);
    const seen = d.errors.map((e) => `${e.code}@${e.path}`).sort().join(' ');
    if ({}.polluted !== undefined) return 'prototype-polluted';
    return seen;
  },
  'key-many-uids': () => api.loadRecipient(read('tests/keys/many-uids.pub.asc'), { pin: '0'.repeat(40) }),
  'key-thousands-of-packets': (file) => api.loadRecipient(readFileSync(file), { pin: '0'.repeat(40) }),
  'key-junk-around': () => api.loadRecipient(`junk\n\n${demoKey}\njunk\n`, opts).fingerprint.length,
  'key-junk-bad-checksum': () => api.loadRecipient(`junk\n\n${read('tests/keys/wrong-checksum.pub.asc')}`, { pin: '0'.repeat(40) }),
  'message-junk-around': () => {
    const sealed = api.seal(report(), { key: demoKey, ...opts });
    return verdict(api.open(`junk\r\n${sealed.armored}\r\njunk`, { secretKey: demoSecret, ...opts }).diagnostics);
  },
  'compressed-bomb': (file) => api.open(readFileSync(file), { secretKey: demoSecret, ...opts }),
  'mime-100000-parts': (file) => api.open(readFileSync(file), { secretKey: demoSecret, ...opts }),
};

const [name, file] = process.argv.slice(2);
const started = performance.now();
let outcome;
try {
  const r = CASES[name](file);
  outcome = typeof r === 'string' ? r : r === undefined ? 'ok' : typeof r === 'number' ? 'ok' : 'ok';
} catch (e) {
  outcome = `throw:${e?.code ?? e}`;
}
const ms = Math.round(performance.now() - started);
process.stdout.write(`${JSON.stringify({ outcome, ms, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
