// Helpers of the intake tests: sealed messages (the demo key), stamps, crafted OpenPGP packets,
// raw HTTP requests, an intake in this process or as the CLI's child process.

import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { connect } from 'node:net';
import { spawn } from 'node:child_process';
import * as api from '../../../pkg/node.mjs';
import { createIntake } from '../../../pkg/intake/server.mjs';
import { CLI, ROOT, makeReport } from './bulk.mjs';

export { api, createIntake, CLI, ROOT, makeReport };
export const DEMO_PUB = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'), 'utf8');
export const IMPOSTOR_PUB = readFileSync(join(ROOT, 'keys/impostor.pub.asc'), 'utf8');
export const BITS = 6;

/** A report sealed to the demo key (marker in its text). */
export function sealed(marker = 'PLAINTEXT-MARKER', i = 0, options = {}) {
  return api.seal(makeReport(marker, i), { profile: 'demo', key: DEMO_PUB, ...options });
}

export const mint = (armored, audience, options = {}) => api.mintStamp(armored, { bits: BITS, audience, ...options });

export function tempDir(prefix = 'psirt-intake-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** An intake in this process on 127.0.0.1:0 with test-friendly limits; logs collected. */
export async function startIntake(options = {}) {
  const logs = [];
  const intake = createIntake({
    maildir: options.maildir ?? join(tempDir(), 'Maildir'),
    profile: 'demo',
    stampBits: BITS,
    rate: { perMinute: 6000, burst: 1000 },
    log: (line) => logs.push(line),
    ...options,
  });
  const { port } = await intake.listen(0);
  const url = `http://127.0.0.1:${port}/reports`;
  return { intake, url, port, logs, maildir: intake.maildir.dir };
}

/** POST with node:http (fetch refuses some of what the tests send). Resolves {status, headers, body, json}. */
export function post(url, body, headers = {}, { method = 'POST' } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'content-type': 'application/pgp-encrypted', ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, body: text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends raw bytes on a new connection; resolves with everything the server answered. */
export function rawRequest(port, data, { keepOpenMs = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve(Buffer.concat(chunks).toString('latin1')) : reject(e)));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(data);
    if (keepOpenMs) setTimeout(() => socket.end(), keepOpenMs);
  });
}

// ------------------------------------------------------------------ crafted packets

export function dearmor(armored) {
  const b64 = armored.replace(/\r/g, '').split('\n\n').slice(1).join('\n\n').split('\n').filter((l) => l && !l.startsWith('=') && !l.startsWith('-----')).join('');
  return Buffer.from(b64, 'base64');
}

function crc24(bytes) {
  let crc = 0xb704ce;
  for (const b of bytes) {
    crc ^= b << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

export function armor(bytes) {
  const b64 = Buffer.from(bytes).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  const crc = Buffer.from([(crc24(bytes) >> 16) & 0xff, (crc24(bytes) >> 8) & 0xff, crc24(bytes) & 0xff]).toString('base64');
  return `-----BEGIN PGP MESSAGE-----\n\n${b64}\n=${crc}\n-----END PGP MESSAGE-----\n`;
}

/** A new-format packet: tag and body. */
export function packet(tag, body) {
  const len = body.length;
  let head;
  if (len < 192) head = [0xc0 | tag, len];
  else if (len < 8384) head = [0xc0 | tag, ((len - 192) >> 8) + 192, (len - 192) & 0xff];
  else head = [0xc0 | tag, 255, (len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff];
  return Buffer.concat([Buffer.from(head), body]);
}

/** Splits a binary message into packets [{tag, body, raw}] (new and old format headers). */
export function packets(bin) {
  const out = [];
  let at = 0;
  while (at < bin.length) {
    const start = at;
    const h = bin[at++];
    let tag;
    let len;
    if (h & 0x40) {
      tag = h & 0x3f;
      const o = bin[at++];
      if (o < 192) len = o;
      else if (o < 224) len = ((o - 192) << 8) + bin[at++] + 192;
      else if (o === 255) {
        len = bin.readUInt32BE(at);
        at += 4;
      } else throw new Error('partial lengths not handled by this test helper');
    } else {
      tag = (h >> 2) & 0xf;
      const lt = h & 3;
      const n = [1, 2, 4][lt];
      len = n === 1 ? bin[at] : n === 2 ? bin.readUInt16BE(at) : bin.readUInt32BE(at);
      at += n;
    }
    out.push({ tag, body: bin.subarray(at, at + len), raw: bin.subarray(start, at + len) });
    at += len;
  }
  return out;
}

/** Variants of a sealed message, re-armored: what the intake must refuse. */
export function variants(armoredMessage) {
  const ps = packets(dearmor(armoredMessage));
  const pkesk = ps.find((p) => p.tag === 1);
  const seipd = ps.find((p) => p.tag === 18);
  const skesk = packet(3, Buffer.from([4, 9, 3, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0x60]));
  const literal = packet(11, Buffer.concat([Buffer.from([0x62, 0, 0, 0, 0, 0]), Buffer.from('PLAINTEXT-MARKER in a literal packet')]));
  const sed = packet(9, seipd.body.subarray(1));
  return {
    literal: armor(literal),
    compressedOutside: armor(Buffer.concat([pkesk.raw, packet(8, Buffer.from([0, 0x62]))])),
    skeskOnly: armor(Buffer.concat([skesk, seipd.raw])),
    skeskAndPkesk: armor(Buffer.concat([pkesk.raw, skesk, seipd.raw])),
    pkeskOnly: armor(pkesk.raw),
    sed: armor(Buffer.concat([pkesk.raw, sed])),
    twoPkesks: armor(Buffer.concat([pkesk.raw, pkesk.raw, seipd.raw])),
  };
}

// ------------------------------------------------------------------ the CLI as a process

/** `psirt-report intake` as a child; resolves once it printed its `maildir:` line. */
export function spawnIntake(args, { env = {} } = {}) {
  const child = spawn(process.execPath, [CLI, 'intake', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      stdout += c;
      const url = /^intake: (\S+)/m.exec(stdout)?.[1];
      const maildir = /^maildir: (.+)$/m.exec(stdout)?.[1];
      if (url && maildir) resolve({ url, maildir });
    });
    child.on('exit', (code) => reject(Object.assign(new Error(`intake exited ${code}: ${stderr}`), { code, stderr })));
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}
