/**
 * Bulk submission's sources: a folder, a JSON Lines file or a CSV file read into items (`name`,
 * `source`, then `text` and `attachments`, or an `error`), each within the core's limits; the CSV
 * mapping, typed by the report schema; attachments named by path.
 */

import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import * as api from '../node.mjs';
import { own } from '../lib/own.js';

const { InputError } = api;

/** A file name usable in the output folder, from a source name. */
function safeStem(stem) {
  const s = String(stem)
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._]+/, '')
    .slice(0, 120);
  return s || 'report';
}

/** What the schema says the value at `path` (['affected', '0', 'versions']) is. */
function schemaTypeAt(schema, segments) {
  let node = schema;
  const deref = (n) => {
    let x = n;
    for (let i = 0; i < 8 && x && typeof x.$ref === 'string'; i++) {
      const name = x.$ref.replace('#/$defs/', '');
      x = { ...schema.$defs?.[name], ...Object.fromEntries(Object.entries(x).filter(([k]) => k !== '$ref')) };
    }
    return x;
  };
  for (const seg of segments) {
    node = deref(node);
    if (!node) return undefined;
    if (/^\d+$/.test(seg) && node.items) node = node.items;
    else if (node.properties && Object.hasOwn(node.properties, seg)) node = node.properties[seg];
    else return undefined;
  }
  node = deref(node);
  if (!node) return undefined;
  if (node.type === 'array') return { type: 'array', items: deref(node.items)?.type };
  if (node.type) return { type: node.type };
  if (node.enum || node.const) return { type: 'string' };
  return undefined;
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'x', 'oui', 'vrai']);
const FALSE = new Set(['false', 'no', 'n', '0', 'non', 'faux', '']);

/** Set `value` at a dotted path in `obj`, making objects and arrays on the way. */
function setPath(obj, segments, value) {
  let node = obj;
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    const key = /^\d+$/.test(seg) ? Number(seg) : seg;
    if (last) node[key] = value;
    else {
      if (node[key] === undefined) node[key] = /^\d+$/.test(segments[i + 1]) ? [] : {};
      node = node[key];
    }
  });
}

/**
 * The CSV mapping: `{columns: {"CSV column": "field.path"}, defaults?: {…report fields…}}`,
 * or a bare `{"CSV column": "field.path"}`. A path is the widget's naming (`title`,
 * `reporter.email`, `affected.0.product`, `commitments.no_exploitation`); the schema gives the
 * value its type: booleans from yes/no/true/false/1/0, numbers, and arrays (`cwe`,
 * `affected.0.versions`) split on `;`. The special path `attachments` lists files (`;`),
 * relative to the CSV file. Without a mapping, each column's header is its field path.
 */
export function normaliseMap(map, header) {
  if (map === undefined || map === null) {
    return { columns: Object.fromEntries(header.map((h) => [h, h])), defaults: {} };
  }
  if (typeof map !== 'object' || Array.isArray(map)) {
    throw new InputError('the CSV mapping must be a JSON object: {"columns": {"Column": "field.path"}}', {
      code: 'map-invalid',
    });
  }
  const columns = map.columns ?? Object.fromEntries(Object.entries(map).filter(([k]) => k !== 'defaults'));
  const defaults = map.defaults ?? {};
  for (const [col, path] of Object.entries(columns)) {
    if (typeof path !== 'string' || !/^[a-z_]+(\.([a-z_0-9]+))*$/.test(path)) {
      throw new InputError(`the CSV mapping of column "${col}" is not a field path like affected.0.product`, {
        code: 'map-invalid',
      });
    }
  }
  if (typeof defaults !== 'object' || Array.isArray(defaults)) {
    throw new InputError('the CSV mapping\'s "defaults" must be an object of report fields', { code: 'map-invalid' });
  }
  return { columns, defaults };
}

/**
 * One CSV row as a report. Returns `{report, attachments}` or throws an InputError whose message
 * names the column, never the cell's value.
 */
function rowToReport(row, header, mapping, schema, baseDir, limits) {
  const report = structuredClone(mapping.defaults);
  const attachments = [];
  header.forEach((col, i) => {
    const path = mapping.columns[col];
    if (path === undefined) return;
    const cell = String(row[i] ?? '').trim();
    if (path === 'attachments') {
      for (const rel of cell.split(';').map((s) => s.trim()).filter(Boolean)) {
        const { file, data } = readAttachment(baseDir, rel, limits, `column "${col}"`);
        attachments.push({ name: basename(file), data });
      }
      return;
    }
    if (cell === '') return;
    const segments = path.split('.');
    const type = schemaTypeAt(schema, segments);
    let value = cell;
    if (type?.type === 'boolean') {
      const v = cell.toLowerCase();
      if (TRUE.has(v)) value = true;
      else if (FALSE.has(v)) value = false;
      else throw new InputError(`column "${col}": ${path} must be yes or no`, { code: 'csv-value-invalid' });
    } else if (type?.type === 'integer' || type?.type === 'number') {
      value = Number(cell);
      if (!Number.isFinite(value)) {
        throw new InputError(`column "${col}": ${path} must be a number`, { code: 'csv-value-invalid' });
      }
    } else if (type?.type === 'array') {
      value = cell.split(';').map((s) => s.trim()).filter(Boolean);
    }
    setPath(report, segments, value);
  });
  return { report, attachments };
}

async function csvItems(file, text, options, schema, limits) {
  const { parse } = await import('csv-parse/sync');
  const stem = safeStem(basename(file, extname(file)));
  let records;
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true });
  } catch (e) {
    return [{ name: stem, source: file, error: { code: 'csv-unreadable', message: `not readable CSV (${e.code ?? 'error'}, line ${e.lines ?? '?'})` } }];
  }
  if (records.length === 0) return [{ name: stem, source: file, error: { code: 'csv-empty', message: 'no header row' } }];
  const header = records[0].record.map((h) => String(h).trim());
  const mapping = normaliseMap(own(options, 'map'), header);
  for (const col of Object.keys(mapping.columns)) {
    if (!header.includes(col)) {
      throw new InputError(`the CSV mapping names a column "${col}" that ${basename(file)} does not have`, {
        code: 'map-column-missing',
      });
    }
  }
  const items = [];
  // Rows are numbered as a spreadsheet shows them (the header is row 1), whatever line breaks
  // quoted cells hold.
  for (const [i, { record }] of records.slice(1).entries()) {
    const row = i + 2;
    const item = { name: `${stem}-row${row}`, source: `${file}:row ${row}` };
    if (record.length !== header.length) {
      item.error = {
        code: 'csv-row-invalid',
        message: `row ${row} has ${record.length} columns, the header has ${header.length}`,
      };
    } else {
      try {
        const { report, attachments } = rowToReport(record, header, mapping, schema, dirname(file), limits);
        item.text = JSON.stringify(report);
        item.attachments = attachments;
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        item.error = { code: e.code, message: `row ${row}: ${e.message}` };
      }
    }
    items.push(item);
  }
  return items;
}

/** Read an attachment named by path, relative to (and inside) `baseDir`. */
function readAttachment(baseDir, rel, limits, what) {
  const file = resolve(baseDir, rel);
  if (!file.startsWith(resolve(baseDir) + sep)) {
    throw new InputError(`${what}: attachment paths must stay inside the input's folder`, { code: 'attachment-outside' });
  }
  // The same check on the real paths: a symbolic link inside the folder (the file, or a folder
  // on its way) must not lead outside it.
  let real;
  try {
    real = realpathSync(file);
  } catch (e) {
    throw new InputError(`${what}: attachment ${rel} cannot be read (${e?.code ?? 'error'})`, { code: 'attachment-unreadable' });
  }
  if (!real.startsWith(realpathSync(baseDir) + sep)) {
    throw new InputError(`${what}: attachment ${rel} leads outside the input's folder (a symbolic link)`, { code: 'attachment-outside' });
  }
  try {
    const st = statSync(real);
    if (!st.isFile()) throw Object.assign(new Error(), { code: 'EISDIR' });
    if (st.size > limits.attachment_bytes) throw Object.assign(new Error(), { code: 'EFBIG' });
    const data = readFileSync(real);
    return { file, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (e) {
    throw new InputError(`${what}: attachment ${rel} cannot be read (${e?.code ?? 'error'})`, { code: 'attachment-unreadable' });
  }
}

/**
 * A JSON report may name attachments by file instead of carrying them:
 * `{"name"?, "media_type"?, "path": "evidence/poc.png"}` (relative to the report's file). Those are
 * read, taken out of the JSON and attached as files; the rest of the text is left alone.
 */
function withPathAttachments(item, baseDir, limits) {
  if (!item.text || !item.text.includes('"path"')) return item;
  let value;
  try {
    value = JSON.parse(item.text);
  } catch {
    return item; // validation will say why
  }
  const list = value?.attachments;
  if (!Array.isArray(list) || !list.some((a) => a && typeof a.path === 'string')) return item;
  const attachments = [];
  try {
    value.attachments = list.filter((a) => {
      if (!a || typeof a.path !== 'string') return true;
      const { file, data } = readAttachment(baseDir, a.path, limits, '/attachments');
      attachments.push({ name: typeof a.name === 'string' ? a.name : basename(file), ...(typeof a.media_type === 'string' && { mediaType: a.media_type }), data });
      return false;
    });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { name: item.name, source: item.source, error: { code: e.code, message: e.message } };
  }
  if (value.attachments.length === 0) delete value.attachments;
  return { ...item, text: JSON.stringify(value), attachments };
}

function jsonlItems(file, text, limits) {
  const stem = safeStem(basename(file, extname(file)));
  const items = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    items.push(withPathAttachments({ name: `${stem}-line${i + 1}`, source: `${file}:${i + 1}`, text: line, attachments: [] }, dirname(file), limits));
  });
  if (items.length === 0) items.push({ name: stem, source: file, error: { code: 'file-empty', message: 'the file is empty' } });
  return items;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Read one input file as text within the core's limit; `{text}` or `{error}`. */
function readInput(file, maxBytes) {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    return { error: { code: e?.code === 'ENOENT' ? 'file-not-found' : 'file-unreadable', message: `cannot read it (${e?.code ?? 'error'})` } };
  }
  if (st.size > maxBytes) {
    return { error: { code: 'input-too-large', message: `larger than the limit of ${maxBytes} bytes` } };
  }
  if (st.size === 0) return { error: { code: 'file-empty', message: 'the file is empty' } };
  try {
    return { text: utf8.decode(readFileSync(file)) };
  } catch (e) {
    if (e instanceof TypeError) return { error: { code: 'invalid-utf8', message: 'not valid UTF-8 text' } };
    return { error: { code: 'file-unreadable', message: `cannot read it (${e?.code ?? 'error'})` } };
  }
}

async function fileItems(file, options, schema, limits) {
  const ext = extname(file).toLowerCase();
  const maxBytes = ext === '.json' ? limits.report_bytes : limits.report_bytes * 4;
  const { text, error } = readInput(file, maxBytes);
  const stem = safeStem(basename(file, extname(file)));
  if (error) return [{ name: stem, source: file, error }];
  if (ext === '.jsonl' || ext === '.ndjson') return jsonlItems(file, text, limits);
  if (ext === '.csv') return csvItems(file, text, options, schema, limits);
  return [withPathAttachments({ name: stem, source: file, text, attachments: [] }, dirname(file), limits)];
}

/** Every report of the source, in a stable order, with unique names. */
export async function readSource(source, options, limits) {
  const schema = api.schema();
  let st;
  try {
    st = statSync(source);
  } catch (e) {
    throw new InputError(`${source}: no such file or folder`, { code: e?.code === 'ENOENT' ? 'file-not-found' : 'file-unreadable' });
  }
  let items = [];
  if (st.isDirectory()) {
    const out = own(options, 'out') ? resolve(own(options, 'out')) : null;
    const files = readdirSync(source, { withFileTypes: true })
      .filter((d) => d.isFile() && !d.name.startsWith('.') && /\.(json|jsonl|ndjson|csv)$/i.test(d.name))
      .map((d) => join(source, d.name))
      .filter((f) => resolve(f) !== out)
      .sort();
    for (const f of files) items.push(...(await fileItems(f, options, schema, limits)));
  } else {
    const ext = extname(source).toLowerCase();
    if (!['.json', '.jsonl', '.ndjson', '.csv'].includes(ext)) {
      throw new InputError(`${source}: give a folder, a .jsonl file or a .csv file`, { code: 'source-type' });
    }
    items = await fileItems(source, options, schema, limits);
  }
  const seen = new Map();
  for (const item of items) {
    const n = seen.get(item.name) ?? 0;
    seen.set(item.name, n + 1);
    if (n > 0) item.name = `${item.name}~${n + 1}`;
  }
  return items;
}

