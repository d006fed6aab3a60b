// A record's photos and files, as a section of its screen (a meeting's
// roster, a person): the list, each picture shown small with a link to
// open it, and a file input that opens a phone's camera. A file is kept
// on the device and sent by the next sync.
import { el, t, api, upload, showBytes } from '../lib.js';

function fileUrl(recordId, a) {
  return `/api/attachment/file?record=${encodeURIComponent(recordId)}&sha256=${a.sha256}`;
}

function item(recordId, a) {
  const where = !a.on_device ? t('attach.elsewhere') : a.sent ? t('attach.sent') : t('attach.waiting');
  const name = a.file_name || a.sha256.slice(0, 12);
  const meta = el('span', { class: 'meta' }, ` · ${showBytes(a.size)} · ${where}`);
  if (!a.on_device) return el('li', {}, el('span', {}, name), meta);
  const link = el('a', { href: fileUrl(recordId, a), target: '_blank', rel: 'noopener' }, `${a.picture ? t('attach.open') : t('attach.download')}: ${name}`);
  const picture = a.picture ? el('img', { src: fileUrl(recordId, a), alt: name, class: 'thumb', loading: 'lazy' }) : null;
  return el('li', {}, picture, el('div', {}, link, meta));
}

export async function attachmentsPanel(recordId, refreshBar) {
  const list = el('ul', { class: 'list attachments' });
  const note = el('p', { class: 'notice', role: 'status', hidden: true });
  const error = el('p', { class: 'field-error', id: `attach-${recordId}-error`, hidden: true });
  const draw = async () => {
    const items = await api('GET', `/api/attachments?record=${encodeURIComponent(recordId)}`);
    list.replaceChildren(...items.map((a) => item(recordId, a)));
    if (!items.length) list.append(el('li', { class: 'empty' }, t('attach.none')));
  };
  const input = el('input', { type: 'file', id: `attach-${recordId}`, accept: 'image/*,application/pdf', capture: 'environment' });
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    error.hidden = true;
    note.hidden = false;
    note.textContent = t('attach.saving');
    try {
      const name = encodeURIComponent(file.name || 'photo.jpg');
      const added = await upload(`/api/attachments?record=${encodeURIComponent(recordId)}&name=${name}`, file);
      note.textContent = t('attach.saved', { name: added.file_name });
      await draw();
      if (refreshBar) refreshBar();
    } catch (e) {
      note.hidden = true;
      error.hidden = false;
      error.textContent = e.message;
    }
    input.value = '';
  });
  await draw();
  return el('section', { class: 'attach', 'aria-labelledby': `attach-${recordId}-h` },
    el('h2', { id: `attach-${recordId}-h` }, t('attach.title')), list, note,
    el('div', { class: 'group' }, el('label', { for: input.id }, t('attach.add')),
      el('div', { class: 'hint' }, t('attach.add_hint')), error, input));
}
