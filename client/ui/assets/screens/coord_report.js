// The report, as `hromada report --format html` writes it, shown inside
// the page, and the same report as an Excel workbook or a CSV file to
// download. The report's HTML (from this device's own renderer, with no
// script) is parsed into an inert <template>, where nothing runs, loads
// or applies, and only its content is kept: no script, style, link,
// frame or form element, no event, style or address attribute; its
// headings move one level down under the screen's own. The page's policy
// (no inline script or style) holds as before: coord.css styles it.
import { api, el, t, field, textInput, errorSummary, showErrors, errorOf, screen, showDate } from '../lib.js';
import { loadStyle, refused, coordNav } from './coord_common.js';

const DROP = new Set(['script', 'style', 'link', 'meta', 'base', 'title', 'iframe', 'frame', 'object', 'embed',
  'foreignobject', 'form', 'input', 'button', 'select', 'textarea', 'img', 'audio', 'video', 'template']);
const URL_ATTRS = new Set(['href', 'src', 'srcset', 'xlink:href', 'action', 'formaction', 'style']);

function clean(node) {
  for (const child of [...node.children]) {
    if (DROP.has(child.localName.toLowerCase())) {
      child.remove();
      continue;
    }
    for (const a of [...child.attributes]) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on') || URL_ATTRS.has(name)) child.removeAttribute(a.name);
    }
    clean(child);
  }
}

function demoteHeadings(root) {
  for (const level of [5, 4, 3, 2, 1]) {
    for (const h of [...root.querySelectorAll(`h${level}`)]) {
      const lower = document.createElement(`h${level + 1}`);
      for (const a of h.attributes) lower.setAttribute(a.name, a.value);
      lower.append(...h.childNodes);
      h.replaceWith(lower);
    }
  }
}

// Wide tables scroll sideways on a phone, in a region the keyboard can reach.
function scrollTables(root) {
  for (const table of [...root.querySelectorAll('table')]) {
    const heading = table.previousElementSibling;
    const box = el('div', { class: 'scroll', tabindex: '0', role: 'region',
      'aria-label': heading && /^H\d$/.test(heading.tagName) ? heading.textContent : t('coord.table') });
    table.replaceWith(box);
    box.append(table);
  }
}

export function reportContent(html) {
  const inert = document.createElement('template');
  inert.innerHTML = html;  // parsed, never run: a template's content is inert
  const box = el('div', { class: 'report' });
  clean(inert.content);
  box.append(document.importNode(inert.content, true));
  demoteHeadings(box);
  scrollTables(box);
  return box;
}

function fileLink(format, dates, label) {
  const q = new URLSearchParams({ format, from: dates.from || '', to: dates.to || '' });
  return el('a', { class: 'button secondary', href: `/api/coord/report/file?${q}`, download: '' }, label);
}

export async function show(main, { refreshBar } = {}) {
  loadStyle();
  const heading = t('coord.report_title');
  const summary = errorSummary();
  const f = {
    from: field(t('coord.from'), textInput('from', '', { inputmode: 'numeric', class: 'short' }), t('field.date_hint')),
    to: field(t('coord.to'), textInput('to', '', { inputmode: 'numeric', class: 'short' }), t('field.date_hint')),
  };
  const files = el('p', { class: 'files' });
  const shown = el('div', { class: 'report-box' });
  const load = async () => {
    const q = new URLSearchParams({ from: f.from.input.value.trim(), to: f.to.input.value.trim() });
    const data = await api('GET', `/api/coord/report?${q}`);
    showErrors(summary, f, []);
    const period = data.from || data.to
      ? t('coord.period', { from: showDate(data.from) || '…', to: showDate(data.to) || '…' }) : t('coord.period_all');
    files.replaceChildren(el('span', { class: 'meta' }, period), ' ',
      fileLink('xlsx', data, t('coord.download_xlsx')), fileLink('csv', data, t('coord.download_csv')));
    shown.replaceChildren(reportContent(data.html));
  };
  const form = el('form', { novalidate: true, class: 'period' }, summary, f.from.group, f.to.group,
    el('button', { type: 'submit', class: 'button' }, t('coord.show_report')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await load();
    } catch (e) {
      if (e.status === 403) return refused(main, heading, e);
      showErrors(summary, f, [errorOf(e, 'from')]);
    }
  });
  try {
    await load();
  } catch (e) {
    return refused(main, heading, e);
  }
  screen(main, heading, await coordNav('coord-report'), form, files, shown);
  if (refreshBar) refreshBar();
}
