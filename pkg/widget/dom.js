/**
 * A tiny element builder. Text goes in as text nodes only: no HTML string is ever parsed, so the
 * form works under `require-trusted-types-for 'script'` and cannot be made to run markup.
 */

/**
 * `h('p', {class: 'hint', id}, 'text', child)`. Attribute values: `true` → present, `false` /
 * null / undefined → absent; `onclick: fn` → a listener; `props: {value}` → properties.
 */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'props') Object.assign(node, value);
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** `parent.append(...)`, skipping null, undefined and false (a child drawn only sometimes). */
export function add(parent, ...children) {
  append(parent, children);
  return parent;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : String(child));
  }
}

/** `396FA1D1…` → `396F A1D1 …`: a fingerprint as people compare it. */
export const groupHex = (hex) =>
  String(hex)
    .replace(/\s+/g, '')
    .replace(/(.{4})(?=.)/g, '$1 ');

/**
 * The object URLs of the form's downloads, one per key (the link's action): drawing a link again
 * with the same content reuses its URL, with other content revokes the old one first, so a
 * redrawn step does not leave the previous blobs (sealed messages, keys) alive for the page's
 * lifetime. `revokeAll()` when the form is cleared.
 */
export class BlobUrls {
  #urls = new Map();

  url(key, data, type) {
    const had = this.#urls.get(key);
    if (had && had.data === data && had.type === type) return had.url;
    if (had) URL.revokeObjectURL(had.url);
    const url = URL.createObjectURL(new Blob([data], { type }));
    this.#urls.set(key, { data, type, url });
    return url;
  }

  revokeAll() {
    for (const { url } of this.#urls.values()) URL.revokeObjectURL(url);
    this.#urls.clear();
  }
}
