// A deliberately small MIME reader for the interop tests: enough to find the parts of a sealed
// report's plaintext (nested multipart, base64 / quoted-printable / 7bit / 8bit / binary bodies,
// file names from Content-Disposition or Content-Type, RFC 2231 `filename*`). It is the test's own
// independent reading of what the core wrote, so it shares no code with the core.

/** Splits `bytes` (Buffer) into `{headers: Map<lowercase name, value[]>, body: Buffer}`. */
export function splitEntity(bytes) {
  const text = bytes.toString('latin1'); // 1 byte = 1 char: indices map back to bytes
  let end = text.indexOf('\r\n\r\n');
  let sep = 4;
  const lf = text.indexOf('\n\n');
  if (end < 0 || (lf >= 0 && lf < end)) {
    end = lf;
    sep = 2;
  }
  if (end < 0) return { headers: new Map(), body: bytes };
  const headerText = text.slice(0, end).replace(/\r?\n[ \t]+/g, ' '); // unfold
  const headers = new Map();
  for (const line of headerText.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8');
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  return { headers, body: bytes.subarray(end + sep) };
}

/** `value; a=b; c="d"` → `{value: 'value' (lower case), params: {a: 'b', c: 'd'}}` (RFC 2231 `x*=` decoded). */
export function parseHeaderValue(raw = '') {
  const [value, ...rest] = raw.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  const params = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    let name = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    if (name.endsWith('*')) {
      name = name.slice(0, -1);
      const m = /^([^']*)'[^']*'(.*)$/.exec(v);
      if (m) v = decodeURIComponent(m[2]);
    }
    params[name] = v;
  }
  return { value: value.trim().toLowerCase(), params };
}

function decodeBody(body, encoding) {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable': {
      const s = body.toString('latin1').replace(/=\r?\n/g, '');
      return Buffer.from(s.replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    }
    default:
      return body;
  }
}

/**
 * Every leaf part of the entity in `bytes`, depth first:
 * `[{type, filename, headers, data: Buffer (decoded)}]`. Multipart bodies are split on their
 * boundary; the preamble and epilogue are dropped, as RFC 2046 says.
 */
export function leaves(bytes, depth = 0) {
  if (depth > 10) throw new Error('MIME nesting deeper than 10');
  const { headers, body } = splitEntity(bytes);
  const ct = parseHeaderValue(headers.get('content-type')?.[0] ?? 'text/plain');
  if (ct.value.startsWith('multipart/')) {
    const boundary = ct.params.boundary;
    if (!boundary) throw new Error('multipart without a boundary');
    const text = body.toString('latin1');
    const delimiter = new RegExp(`(?:^|\\r?\\n)--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(--)?[ \\t]*(?=\\r?\\n|$)`, 'g');
    const marks = [...text.matchAll(delimiter)];
    const parts = [];
    for (let i = 0; i + 1 < marks.length && !marks[i][1]; i++) {
      let start = marks[i].index + marks[i][0].length;
      if (text.startsWith('\r\n', start)) start += 2;
      else if (text[start] === '\n') start += 1;
      parts.push(...leaves(body.subarray(start, marks[i + 1].index), depth + 1));
    }
    return parts;
  }
  const disposition = parseHeaderValue(headers.get('content-disposition')?.[0] ?? '');
  const filename = disposition.params.filename ?? ct.params.name ?? null;
  const data = decodeBody(body, headers.get('content-transfer-encoding')?.[0]?.trim());
  return [{ type: ct.value, filename, headers, data }];
}

/** Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`); whitespace between two words goes. */
export function decodeWords(value) {
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, charset, enc, text) => {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    });
}

/** The headers of the top-level entity, encoded words decoded (the protected subject, the .eml's To). */
export function topHeaders(bytes) {
  const { headers } = splitEntity(bytes);
  return new Map([...headers].map(([k, values]) => [k, values.map(decodeWords)]));
}

/** The core's canonical JSON: compact, object keys sorted (code-point order, as serde_json's BTreeMap for ASCII keys). */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
