/**
 * Attachments: the file input and drop zone, the limits (the core's, or the profile's lower
 * ones), and each file added: text files scanned for sensitive data (checks.js), others inspected
 * for hidden metadata (metadata-view.js).
 */
import { formatBytes } from './i18n.js';
import { add, h } from './dom.js';
import { checkAttachment, drawMetadata } from './metadata-view.js';
import { scanAttachment, findingList } from './checks.js';

/** The core's limits on attachments (src/seal.rs), unless the profile sets lower ones. */
const MAX_FILES = 50;
const MAX_TOTAL = 32 * 1024 * 1024;
/** Text attachments up to this size are scanned for sensitive data. */
const SCAN_ATTACHMENT_MAX = 1024 * 1024;
const TEXT_TYPES = /^(text\/|application\/(json|xml|x-yaml|yaml|x-sh|javascript|x-httpd-php|sql|x-har))/;
const TEXT_EXT = /\.(txt|log|md|json|xml|ya?ml|csv|ini|conf|cfg|env|har|sh|py|js|ts|sql|html?|php|rb|go|rs|java|c|h|cpp|toml|properties)$/i;

function attachmentLimits(ctx) {
  const p = ctx.profile?.attachments ?? {};
  return { count: Math.min(p.max_files ?? MAX_FILES, MAX_FILES), total: Math.min(p.max_total_bytes ?? MAX_TOTAL, MAX_TOTAL) };
}

/**
 * The attachments group: the confidentiality notice, the drop zone, and each file with its
 * findings and hidden data.
 */
export function drawAttachments(ctx, fs) {
  const s = ctx.s;
  fs.setAttribute('data-path', 'attachments');
  const notice = ctx.profile?.confidentiality_notice;
  if (notice) {
    add(fs, h('div', { class: 'notice confidentiality', role: 'note' }, h('h4', {}, ctx.t('confidentiality')), h('p', {}, notice[ctx.lang] ?? notice.en)));
  }
  const { count, total } = attachmentLimits(ctx);
  const hintId = 'f-attachments-hint';
  const input = h('input', {
    type: 'file',
    id: 'f-attachments',
    name: 'attachments',
    multiple: true,
    class: 'file-input',
    'aria-describedby': s.attachmentError ? `${hintId} err-attachments` : hintId,
    onchange: (e) => {
      addFiles(ctx, [...e.target.files]);
      e.target.value = '';
    },
  });
  const drop = h(
    'div',
    {
      class: 'dropzone',
      ondragover: (e) => {
        e.preventDefault();
        drop.classList.add('over');
      },
      ondragleave: () => drop.classList.remove('over'),
      ondrop: (e) => {
        e.preventDefault();
        drop.classList.remove('over');
        addFiles(ctx, [...(e.dataTransfer?.files ?? [])]);
      },
    },
    h('label', { for: 'f-attachments', part: 'label' }, ctx.t('attachments.label')),
    h('p', { class: 'hint', id: hintId }, ctx.t('attachments.hint', { count, size: formatBytes(ctx.lang, total) })),
    s.attachmentError ? h('p', { class: 'error', id: 'err-attachments', role: 'alert', part: 'error' }, s.attachmentError) : null,
    input,
  );
  add(fs, drop);
  if (s.attachments.length) {
    const list = h('ul', { class: 'files' });
    s.attachments.forEach((a, i) => {
      const li = h(
        'li',
        { 'data-file': a.name },
        h('span', { class: 'file-name' }, a.name),
        h('span', { class: 'muted' }, ` — ${formatBytes(ctx.lang, a.size)}${a.text ? `, ${ctx.t('attachments.scanned')}` : ''}`),
        ctx.button('remove-attachment', ctx.t('attachments.remove', { name: a.name }), {
          class: 'secondary small',
          onclick: () => {
            s.attachments.splice(i, 1);
            s.attachmentError = null;
            ctx.drafts?.changed();
            ctx.render();
            ctx.root.querySelector('#f-attachments')?.focus();
          },
        }),
      );
      if (a.findings?.length) add(li, findingList(ctx, a.findings, { attachment: i }));
      // What the file hides, and the original or a cleaned copy.
      add(li, drawMetadata(a, i, { lang: ctx.lang, t: (k, p) => ctx.t(k, p), onChoose: (cleaned) => {
        a.useCleaned = cleaned;
        ctx.drafts?.changed(); // the choice is part of the draft
        ctx.render();
      } }));
      add(list, li);
    });
    add(fs, list);
  }
}

async function addFiles(ctx, files) {
  const s = ctx.s;
  const { count, total } = attachmentLimits(ctx);
  s.attachmentError = null;
  for (const file of files) {
    if (s.attachments.length >= count) {
      s.attachmentError = ctx.t('attachments.too_many', { count });
      break;
    }
    const used = s.attachments.reduce((n, a) => n + a.size, 0);
    if (used + file.size > total) {
      s.attachmentError = ctx.t('attachments.too_big', { name: file.name, size: formatBytes(ctx.lang, total) });
      continue;
    }
    if (file.size === 0) {
      s.attachmentError = ctx.t('attachments.empty', { name: file.name });
      continue;
    }
    const data = new Uint8Array(await file.arrayBuffer());
    const text = file.size <= SCAN_ATTACHMENT_MAX && (TEXT_TYPES.test(file.type) || TEXT_EXT.test(file.name));
    const item = { name: file.name.replace(/[/\\\u0000-\u001f]/g, '_'), mediaType: file.type || 'application/octet-stream', size: file.size, data, text, findings: [] };
    s.attachments.push(item);
    if (text) await scanAttachment(ctx, item);
    else await checkAttachment(item);
  }
  ctx.drafts?.changed();
  ctx.render();
  ctx.announce(s.attachmentError ?? s.attachments.map((a) => a.name).join(', '));
}
