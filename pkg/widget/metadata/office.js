/** Office Open XML (docx, xlsx, pptx): the parts that name people, read and rewritten. */

import { Items, MAX_TEXT, crc32, utf8 } from './bytes.js';
import { cleanJpeg, inspectJpeg } from './jpeg.js';
import { PNG_SIG, cleanPng, inspectPng } from './png.js';
import { xmlText, xmlValues } from './xml.js';
import { writeZip, zipDirectory, zipEntry } from './zip.js';

const CORE = 'docProps/core.xml';
const APP = 'docProps/app.xml';
const EMPTY_CORE =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>';
const EMPTY_APP =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>';
const CUSTOM = 'docProps/custom.xml';
const EMPTY_CUSTOM =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>';

/** Custom properties: `<property name="Client"><vt:lpwstr>ACME</vt:lpwstr></property>` → [name, value]. */
function customProperties(xml) {
  const out = [];
  let at = 0;
  for (let n = 0; n < 200; n += 1) {
    const open = xml.indexOf('<property', at);
    const end = open < 0 ? -1 : xml.indexOf('>', open);
    const close = end < 0 ? -1 : xml.indexOf('</property>', end);
    if (close < 0) break;
    const name = /\sname="([^"]{0,200})"/.exec(xml.slice(open, end));
    out.push([xmlText(name?.[1] ?? '?'), xmlText(xml.slice(end + 1, close))]);
    at = close;
  }
  return out;
}

const CORE_FIELDS = [
  ['dc:creator', 'author'],
  ['cp:lastModifiedBy', 'last_modified_by'],
  ['dcterms:created', 'created'],
  ['dcterms:modified', 'modified'],
  ['cp:lastPrinted', 'printed'],
  ['dc:title', 'title'],
  ['dc:subject', 'subject'],
  ['cp:keywords', 'keywords'],
  ['dc:description', 'description'],
];
const APP_FIELDS = [
  ['Application', 'software'],
  ['Company', 'company'],
  ['Manager', 'manager'],
  ['Template', 'template'],
];

/** Bytes inflated from one part that may name people (document.xml can be large), and in all. */
const MAX_PART = 32 * 1024 * 1024;
const MAX_PARTS = 128 * 1024 * 1024;
/** Bytes read from one embedded picture, and from all of them. */
const MAX_MEDIA = 64 * 1024 * 1024;
const MAX_MEDIA_ALL = 256 * 1024 * 1024;

/** Pictures pasted into a document keep their own EXIF (a phone photo's GPS), and the thumbnail. */
const isMedia = (name) => /^(word|xl|ppt)\/media\/[^/]+$|^docProps\/thumbnail\.[A-Za-z]+$/.test(name);
const imageKind = (d) => (d.length > 8 && d[0] === 0xff && d[1] === 0xd8 && d[2] === 0xff ? 'jpeg' : PNG_SIG.every((v, i) => d[i] === v) ? 'png' : null);

/**
 * The property parts, found by relationship type from `_rels/.rels` (a package may keep its core
 * properties in `/package/services/metadata/core-properties/<id>.psmdcp`, not docProps/core.xml),
 * each replaced with an empty document of its kind. Transitional and Strict type URIs both end so.
 */
const PROPERTY_PARTS = [
  { type: /\/metadata\/core-properties$/, name: CORE, empty: EMPTY_CORE, fields: CORE_FIELDS },
  { type: /\/extended-properties$/, name: APP, empty: EMPTY_APP, fields: APP_FIELDS },
  { type: /\/custom-properties$/, name: CUSTOM, empty: EMPTY_CUSTOM, custom: true },
];

/** The last segment of a path (`C:\Users\jane\data.csv` → `data.csv`). */
const fileName = (path) => path.split(/[\\/]/).pop();

/**
 * Where Office writes people's names outside the property parts, and what each becomes: Word's
 * revisions (w:ins, w:del, w:rPrChange… all carry w:author) and comments in every story part,
 * people.xml's identities (an e-mail as userId), Excel's comment authors, threaded-comment
 * persons, shared-workbook user names, PowerPoint's comment authors. `field` is what the form
 * lists a found value as (null: rewritten, not listed); the neutral value is a constant, or a
 * function of the value found.
 */
const PEOPLE = [
  { part: /^word\/.+\.xml$/, attrs: [['w:author', 'Author', 'reviewer'], ['w:initials', 'A', null]] },
  { part: /^word\/people\.xml$/, attrs: [['w15:author', 'Author', 'reviewer'], ['w15:userId', 'Author', 'account'], ['w15:providerId', 'None', null]] },
  { part: /^xl\/comments[^/]*\.xml$/, elements: [['author', 'Author', 'reviewer']] },
  { part: /^xl\/persons\/[^/]+\.xml$/, attrs: [['displayName', 'Author', 'reviewer'], ['userId', 'Author', 'account'], ['providerId', 'None', null]] },
  { part: /^xl\/(revisions\/[^/]+|usernames)\.xml$/, attrs: [['userName', 'Author', 'reviewer']] },
  { part: /^ppt\/(commentAuthors|authors)\.xml$/, attrs: [['name', 'Author', 'reviewer'], ['initials', 'A', null], ['userId', 'Author', 'account'], ['providerId', 'None', null]] },
  // Excel records the folder a workbook was saved in (`<x15ac:absPath url="C:\Users\login\…"/>`)
  // and who reserved it for writing (`<fileSharing userName="…"/>`).
  { part: /^xl\/workbook\.xml$/, absPath: true, attrs: [['userName', 'Author', 'reviewer']] },
  // Data connections name the files they read: `sourceFile`, `odcFile` (C:\Users\…\My Data Sources).
  { part: /^xl\/connections\.xml$/, attrs: [['sourceFile', fileName, 'path'], ['odcFile', fileName, 'path']] },
];

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const reEscape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isCustomXml = (name) => /^customxml\//i.test(name);
/** A local or network file path (`file:`, `C:\`, `\\server\`): it names the user's folders. */
const isLocalPath = (t) => /^(file:|[a-zA-Z]:[\\/]|\\\\)/i.test(t);

/** `attr="value"` in a start tag → Map; values as written (entities not decoded). */
function attributes(tag) {
  const out = new Map();
  for (const m of tag.matchAll(/\s([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.set(m[1], m[2] ?? m[3]);
  return out;
}

/** The `<Relationship …>` start tags of a .rels part: [{start, end, attrs}]. */
function relationshipTags(xml) {
  const out = [];
  let at = 0;
  for (let n = 0; n < 100_000; n += 1) {
    const open = xml.indexOf('<Relationship', at);
    const end = open < 0 ? -1 : xml.indexOf('>', open);
    if (end < 0) break;
    at = end + 1;
    if (/^<Relationship[\s/]/.test(xml.slice(open, open + 14))) out.push({ start: open, end: end + 1, attrs: attributes(xml.slice(open, end + 1)) });
  }
  return out;
}

/** The part a relationship of `rels` (e.g. `word/_rels/document.xml.rels`) points to. */
function resolveTarget(rels, target) {
  let t = xmlText(target);
  try {
    t = decodeURIComponent(t);
  } catch {
    // kept as written
  }
  const path = t.startsWith('/') ? t.slice(1) : rels.replace(/_rels\/[^/]*$/, '') + t;
  const out = [];
  for (const seg of path.split('/')) {
    if (seg === '..') out.pop();
    else if (seg && seg !== '.') out.push(seg);
  }
  return out.join('/');
}

/**
 * What cleaning a package means, worked out once for inspecting and cleaning alike:
 * `{found: [[field, value, label?]], problems, replace: Map(entry → new text or bytes, or null to
 * leave it out), blocking: code | null, notes}`. Hand-written string rewriting rather than an XML
 * parser: DOMParser is not in workers or Node, and each rewrite touches one attribute value or
 * one element's text, matched by its exact name.
 */
async function officePlan(b, dir) {
  const found = [];
  const problems = [];
  const replace = new Map();
  const notes = new Set();
  let blocking = null;
  let budget = MAX_PARTS;
  let mediaBudget = MAX_MEDIA_ALL;
  const read = async (e, limit) => {
    if (budget <= 0) return null;
    const data = await zipEntry(b, e, Math.min(limit, budget));
    budget -= data ? data.length : limit;
    return data ? utf8(data) : null;
  };
  const byName = new Map(dir.entries.map((e) => [e.name, e]));
  // The property parts: their usual names, and wherever _rels/.rels says they are.
  const props = new Map(PROPERTY_PARTS.map((p) => [p.name, p]));
  const rootRels = byName.get('_rels/.rels');
  const rootText = rootRels ? await read(rootRels, MAX_PART) : null;
  for (const r of rootText ? relationshipTags(rootText) : []) {
    const kind = PROPERTY_PARTS.find((p) => p.type.test(r.attrs.get('Type') ?? ''));
    if (kind && r.attrs.get('TargetMode') !== 'External' && r.attrs.has('Target')) props.set(resolveTarget('_rels/.rels', r.attrs.get('Target')), kind);
  }
  for (const e of dir.entries) {
    const name = e.name;
    if (e.flags & 1) {
      // A traditionally encrypted entry (not something Office writes) cannot be read or re-dated.
      problems.push('unreadable');
      blocking = 'office_unreadable_part';
      continue;
    }
    if (isCustomXml(name)) {
      // Data stores that SharePoint and add-ins bind to the document (often people and paths).
      replace.set(name, null);
      found.push(['other', 'customXml/']);
      continue;
    }
    const prop = props.get(name);
    if (prop) {
      replace.set(name, prop.empty);
      const text = await read(e, MAX_TEXT);
      if (text === null) problems.push('unreadable');
      else if (prop.custom) for (const [label, value] of customProperties(text)) found.push(['text', value, label]);
      else for (const [tag, field] of prop.fields) for (const v of xmlValues(text, tag)) found.push([field, v]);
      continue;
    }
    if (isMedia(name)) {
      // An embedded JPEG or PNG is cleaned like an attached one; its findings name the part.
      const data = mediaBudget > 0 ? await zipEntry(b, e, Math.min(MAX_MEDIA, mediaBudget)) : null;
      mediaBudget -= data ? data.length : MAX_MEDIA;
      if (!data) {
        problems.push('unreadable');
        blocking = 'office_unreadable_part';
        continue;
      }
      const kind = imageKind(data);
      if (!kind) continue;
      const sub = new Items();
      const subProblems = [];
      if (kind === 'jpeg') inspectJpeg(data, sub, subProblems);
      else await inspectPng(data, sub, subProblems);
      problems.push(...subProblems);
      if (!sub.list.length) continue;
      for (const x of sub.list) {
        if (x.field === 'trailing') found.push(['other', `${x.value} bytes after the image (${name})`]);
        else found.push([x.field, `${x.value} (${name})`, x.label]);
      }
      const cleaned = kind === 'jpeg' ? cleanJpeg(data) : cleanPng(data);
      if (cleaned.error) blocking = 'office_unreadable_part';
      else replace.set(name, cleaned.data);
      continue;
    }
    const rules = PEOPLE.filter((r) => r.part.test(name));
    const isRels = name.endsWith('.rels');
    const isTypes = name === '[Content_Types].xml';
    if (!rules.length && !isRels && !isTypes) continue;
    const text = await read(e, MAX_PART);
    if (text === null) {
      // A part that may name people and cannot be read cannot be cleaned either.
      problems.push('unreadable');
      blocking = 'office_unreadable_part';
      continue;
    }
    let out = text;
    if (isTypes) out = out.replace(/<Override\b[^>]*?\bPartName\s*=\s*["']\/customXml\/[^"']*["'][^>]*>/gi, '');
    if (isRels) {
      const tags = relationshipTags(out);
      for (let k = tags.length - 1; k >= 0; k -= 1) {
        const { start, end, attrs } = tags[k];
        const target = attrs.get('Target') ?? '';
        const external = attrs.get('TargetMode') === 'External';
        let tag = out.slice(start, end);
        if (!external && isCustomXml(resolveTarget(name, target))) tag = '';
        else if (external && isLocalPath(xmlText(target))) {
          const template = /\/attachedTemplate$/.test(attrs.get('Type') ?? '');
          found.push([template ? 'template' : 'path', xmlText(target)]);
          // A linked file keeps its name (the document refers to it), not its folder; the
          // attached template (not the document's content) becomes Word's default one.
          const file = template ? 'Normal.dotm' : fileName(xmlText(target));
          tag = tag.replace(/(\sTarget\s*=\s*)(?:"[^"]*"|'[^']*')/, (_, head) => `${head}"${escapeXml(file)}"`);
        }
        out = out.slice(0, start) + tag + out.slice(end);
      }
    }
    for (const rule of rules) {
      for (const [attr, neutral, field] of rule.attrs ?? []) {
        out = out.replace(new RegExp(`(\\s${reEscape(attr)}\\s*=\\s*)(?:"([^"]*)"|'([^']*)')`, 'g'), (_, head, dq, sq) => {
          const value = xmlText(dq ?? sq);
          const now = typeof neutral === 'function' ? neutral(value) : neutral;
          if (field && value !== now) found.push([field, value]);
          if (field && value !== now && typeof neutral !== 'function') notes.add('office_names_replaced');
          return `${head}"${escapeXml(now)}"`;
        });
      }
      for (const [element, neutral, field] of rule.elements ?? []) {
        out = out.replace(new RegExp(`(<(?:[\\w.-]+:)?${element}>)([^<]*)(</(?:[\\w.-]+:)?${element}>)`, 'g'), (_, open, value, close) => {
          if (xmlText(value) !== neutral) {
            found.push([field, xmlText(value)]);
            notes.add('office_names_replaced');
          }
          return `${open}${neutral}${close}`;
        });
      }
      if (rule.absPath) {
        out = out.replace(/(<(?:[\w.-]+:)?absPath\b[^>]*?\surl\s*=\s*)(?:"([^"]*)"|'([^']*)')/g, (_, head, dq, sq) => {
          if (dq ?? sq) found.push(['path', xmlText(dq ?? sq)]);
          return `${head}""`;
        });
      }
    }
    if (out !== text) replace.set(name, out);
  }
  return { found, problems, replace, blocking, notes: [...notes] };
}

export async function inspectOffice(b, items, problems, dir) {
  const plan = await officePlan(b, dir);
  problems.push(...plan.problems);
  for (const [field, value, label] of plan.found) items.push(field, value, label);
}

/**
 * A new ZIP: the property parts emptied, people's names replaced, customXml/ left out, local
 * paths cut to a file name, embedded JPEG and PNG pictures cleaned; every other entry's compressed bytes copied as they are (only its
 * headers are rewritten, see writeZip). Rewritten parts are stored, not compressed.
 */
export async function cleanOffice(b) {
  const dir = zipDirectory(b);
  if (!dir) return { error: 'unreadable' };
  const plan = await officePlan(b, dir);
  if (plan.blocking) return { error: plan.blocking };
  const enc = new TextEncoder();
  const files = [];
  for (const e of dir.entries) {
    const name = b.subarray(e.cd.start + 46, e.cd.start + 46 + e.cd.nameLen);
    const text = plan.replace.get(e.name);
    if (text === null) continue;
    if (text === undefined) {
      files.push({ name, method: e.method, flags: e.flags, needed: e.needed, crc: e.crc, csize: e.csize, usize: e.usize, data: b.subarray(e.dataStart, e.dataStart + e.csize) });
      continue;
    }
    const data = typeof text === 'string' ? enc.encode(text) : text;
    files.push({ name, method: 0, flags: e.flags & 0x0800, needed: 20, crc: crc32(data), csize: data.length, usize: data.length, data });
  }
  return { data: writeZip(files), notes: plan.notes };
}
