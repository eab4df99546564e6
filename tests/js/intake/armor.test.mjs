// The intake's own dearmoring (pkg/intake/armor.mjs), its fast path before the core's packet walk:
// what it takes off is the message the core reads, byte for byte, and every variant it does not
// take in its strict form (URL-safe base64, spaces, padding in the middle, missing padding, an
// empty line, text after the END line, another block type) is left to the core, which decides.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, ROOT } from '../lib/intake.mjs';
import { dearmorMessage } from '../../../pkg/intake/armor.mjs';

const report = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
const sealed = api.seal({ ...report, description: `${report.description} ${'x'.repeat(1000)}` }, { profile: 'demo', key: api.profile('demo').public_key });
const lines = sealed.armored.split('\r\n'); // BEGIN, '', data…, =CRC, END, ''
const binary = Buffer.from(lines.slice(2, -3).join(''), 'base64');
const edit = (f) => {
  const l = [...lines];
  f(l);
  return l.join('\r\n');
};

test('a sealed report, in the usual variants of its armor: the same packets as the core reads', () => {
  const taken = {
    'as sealed (CRLF)': sealed.armored,
    'LF line ends': sealed.armored.replace(/\r\n/g, '\n'),
    'armor headers': edit((l) => l.splice(1, 0, 'Comment: from a host page', 'Version: x')),
    'no CRC line': edit((l) => l.splice(-3, 1)),
    'a CRC that does not match (RFC 9580 §6.1: not a reason to refuse)': edit((l) => (l[l.length - 3] = '=AAAA')),
    'no line end after END': sealed.armored.replace(/\r\n$/, ''),
  };
  for (const [name, text] of Object.entries(taken)) {
    const bin = dearmorMessage(text)?.bytes;
    assert.ok(bin?.equals(binary), `${name}: the binary message`);
    assert.equal(api.inspectMessage(Buffer.from(text, 'latin1')).form, 'armored', `${name}: the core reads it too`);
    assert.deepEqual(api.inspectMessage(bin).recipients, api.inspectMessage(Buffer.from(text, 'latin1')).recipients, name);
  }
});

test('CRLF throughout is said so (the intake then stores the bytes as received); any LF alone is not', () => {
  const at = (text) => dearmorMessage(text);
  assert.equal(at(sealed.armored).crlf, true);
  assert.equal(sealed.armored.slice(0, at(sealed.armored).end).endsWith('-----END PGP MESSAGE-----'), true);
  assert.equal(at(sealed.armored.replace(/\r\n/g, '\n')).crlf, false);
  assert.equal(at(edit((l) => l.splice(1, 0, 'Comment: LF alone\nVersion: x'))).crlf, false, 'a header line ending in LF alone');
  assert.equal(at(sealed.armored.replace(/\r\n(=[A-Za-z0-9+/]{4})\r\n/, '\r\n$1\n')).crlf, false, 'the CRC line ending in LF alone');
});

test('anything outside the strict form is left to the core (null), never decoded leniently', () => {
  const left = {
    'URL-safe base64 (Node would decode it)': edit((l) => (l[3] = l[3].replace(/[A-Za-z]/, '-'))),
    'a space in the data (Node would skip it)': edit((l) => (l[3] = ` ${l[3]}`)),
    'padding in the middle': edit((l) => (l[3] = `${l[3].slice(0, -2)}==`)),
    'padding missing': edit((l) => (l[l.length - 4] = l[l.length - 4].replace(/=+$/, ''))),
    'a character outside the alphabet (Node would skip it)': edit((l) => (l[3] = `${l[3].slice(0, 10)}*${l[3].slice(11)}`)),
    'four characters outside the alphabet': edit((l) => (l[3] = `${l[3].slice(0, 10)}.!*%${l[3].slice(14)}`)),
    'a line shorter in the middle': edit((l) => (l[3] = l[3].slice(0, -4), l[4] = `${l[4]}${l[3].slice(-4)}`)),
    'the last line longer than the others': edit((l) => (l[l.length - 5] += l[l.length - 4].slice(0, 4), l[l.length - 4] = l[l.length - 4].slice(4))),
    'a lone LF inside CRLF data': edit((l) => (l[3] = `${l[3]}\n${l[4]}`, l.splice(4, 1))),
    'an empty line in the data': edit((l) => l.splice(4, 0, '')),
    'text after the END line': `${sealed.armored}PLAINTEXT`,
    'another block type': sealed.armored.replace('END PGP MESSAGE', 'END PGP SIGNATURE'),
    'two messages': sealed.armored + sealed.armored,
    'a mail around it': `Subject: x\r\n\r\n${sealed.armored}`,
  };
  for (const [name, text] of Object.entries(left)) {
    assert.notEqual(text, sealed.armored, `${name}: the variant differs`);
    assert.equal(dearmorMessage(text), null, name);
  }
});

test('pgpMimeEnvelope around the bytes as received is the .eml pgpMime() writes, byte for byte', () => {
  const envelope = { to: 'psirt@psirt-demo.example', subject: 'Encrypted report', now: 1765000000, messageId: 'f00d', boundary: '=_psirt_intake_b' };
  for (const text of [sealed.armored, sealed.armored.replace(/\r\n$/, '')]) {
    const { head, tail } = api.pgpMimeEnvelope(envelope);
    const d = dearmorMessage(text);
    const bytes = Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(text, 'latin1').subarray(0, d.end), Buffer.from(tail, 'latin1')]);
    assert.ok(bytes.equals(Buffer.from(api.pgpMime(text, envelope), 'latin1')));
  }
});
