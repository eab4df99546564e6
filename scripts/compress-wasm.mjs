// Writes FILE.gz (gzip -9) and FILE.br (brotli, quality 11) beside each wasm module given, for
// www/serve.mjs (or any static server) to send with Content-Encoding, and prints each module's
// bytes raw / gzip / brotli and its SHA-256 as an SRI string. Run by `make wasm`; node's zlib
// has both codecs.
//   node scripts/compress-wasm.mjs pkg/wasm/psirt_report_bg.wasm pkg/wasm/psirt_report_seal_bg.wasm …

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';

/** Written to a temporary name, then renamed: a server never sees half a file. */
function put(file, bytes) {
  writeFileSync(`${file}.tmp`, bytes);
  renameSync(`${file}.tmp`, file);
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
for (const file of process.argv.slice(2)) {
  const raw = readFileSync(file);
  const gz = gzipSync(raw, { level: 9 });
  const br = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      [constants.BROTLI_PARAM_LGWIN]: 24,
    },
  });
  put(`${file}.gz`, gz);
  put(`${file}.br`, br);
  console.log(
    `wasm ${basename(file)}: ${raw.length} bytes raw (${kib(raw.length)}), ${gz.length} gzip (${kib(gz.length)}), ${br.length} brotli (${kib(br.length)})`,
  );
  // The SRI string a host page pins (init({integrity}), <psirt-report-form integrity>).
  console.log(`wasm ${basename(file)}: sha256-${createHash('sha256').update(raw).digest('base64')}`);
}
