#!/usr/bin/env node
// Writes pkg/widget/cwe-list.json, the list the form's CWE picker searches, from MITRE's catalogue.
//
//   mkdir -p /tmp/cwe && (cd /tmp/cwe && npm i --no-save cwe-sdk@1.1.19)
//   node scripts/build-cwe.mjs /tmp/cwe/node_modules/cwe-sdk
//
// Source: the npm package cwe-sdk 1.1.19 (OWASP, github.com/owasp/cwe-sdk-javascript, Apache-2.0
// for its code), whose raw/cwe-archive.json is MITRE's CWE catalogue XML (cwec_v4.15.xml, CWE
// version 4.15 of 2024-07-16) converted to JSON. Only the package's data is used, at build time; it
// is not a dependency of psirt-report.
//
// Output: compact JSON `[[id, name], …]`, sorted by id: every Weakness entry of the catalogue except
// those with Status="Deprecated" (MITRE keeps deprecated ids as tombstones, named "DEPRECATED: …").
// Categories and views are left out: they group weaknesses and are not meant for mapping a flaw.
// Names are MITRE's English names; MITRE publishes no French.
//
// Terms of use (https://cwe.mitre.org/about/termsofuse.html): CWE is free to use by any
// organization or individual for research, development and commercial purposes; MITRE grants a
// non-exclusive, royalty-free licence to do so, on the condition that copies reproduce MITRE's
// copyright designation and that licence. The list is Copyright © 2006–2024 The MITRE Corporation;
// CWE is a trademark of The MITRE Corporation; it is provided "as is", without warranty. A JSON
// array has no room for the notice, so it travels with the package's notices instead.

import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '../pkg/widget/cwe-list.json');

const sdk = process.argv[2];
if (!sdk) {
  console.error('usage: node scripts/build-cwe.mjs <path to node_modules/cwe-sdk>');
  process.exit(2);
}

const pkg = JSON.parse(readFileSync(join(sdk, 'package.json'), 'utf8'));
const catalog = JSON.parse(readFileSync(join(sdk, 'raw/cwe-archive.json'), 'utf8')).Weakness_Catalog;
const { '@_Version': version, '@_Date': date } = catalog.attr;

const list = [];
for (const w of [catalog.Weaknesses.Weakness].flat()) {
  const { '@_ID': id, '@_Name': name, '@_Status': status } = w.attr;
  if (status === 'Deprecated') continue;
  if (!/^[1-9][0-9]{0,5}$/.test(id) || typeof name !== 'string' || !name.trim()) {
    throw new Error(`unexpected weakness entry: ${JSON.stringify(w.attr)}`);
  }
  list.push([Number(id), name.trim()]);
}
list.sort((a, b) => a[0] - b[0]);

const json = JSON.stringify(list);
writeFileSync(OUT, json + '\n');
const raw = Buffer.byteLength(json) + 1;
const gz = gzipSync(json + '\n', { level: 9 }).length;
console.log(`${pkg.name} ${pkg.version}, CWE ${version} (${date}): ${list.length} weaknesses`);
console.log(`wrote ${OUT}: ${raw} bytes, ${gz} bytes gzip -9`);
