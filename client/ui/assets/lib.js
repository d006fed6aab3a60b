// What every screen uses: the API (with the session's CSRF token), the
// catalogue (t), dates as people write them, and small DOM builders that
// never put text in as HTML.
const state = { csrf: '', catalogue: { messages: {}, choices: {} }, lang: 'uk' };

export function setSession(session) { state.csrf = session.csrf; state.lang = session.lang; }
export function setCatalogue(catalogue) { state.catalogue = catalogue; state.lang = catalogue.lang; }
export function lang() { return state.lang; }

// The phrase `key`, with {name} filled from `vars`.
export function t(key, vars = {}) {
  const text = state.catalogue.messages[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

// [{code, label}] of a choice field ("person.gender"); "yesno" too.
export function choices(field) { return state.catalogue.choices[field] ?? []; }
export function choiceLabel(field, code) {
  const c = choices(field).find((x) => x.code === code);
  return c ? c.label : '';
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body.error || String(status));
    this.status = status;
    this.field = body.field || '';
    this.locked = !!body.locked;
  }
}

// Calls the API; resolves to the JSON answer or throws ApiError. A 423
// (the profile locked itself) sends the page to the unlock screen.
export async function api(method, path, body) {
  const init = { method, headers: {}, credentials: 'same-origin' };
  if (method !== 'GET') {
    init.headers['Content-Type'] = 'application/json';
    init.headers['X-CSRF-Token'] = state.csrf;
    init.body = JSON.stringify(body ?? {});
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { error: t('error.offline') });
  }
  const answer = await response.json().catch(() => ({ error: t('error.offline') }));
  if (!response.ok) {
    const error = new ApiError(response.status, answer);
    if (error.locked) window.dispatchEvent(new CustomEvent('hromada-locked'));
    throw error;
  }
  return answer;
}

// Sends a file's bytes as the body of a POST (an attachment); resolves
// to the JSON answer or throws ApiError.
export async function upload(path, file) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST', credentials: 'same-origin', body: file,
      headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': state.csrf },
    });
  } catch (e) {
    throw new ApiError(0, { error: t('error.offline') });
  }
  const answer = await response.json().catch(() => ({ error: t('error.offline') }));
  if (!response.ok) throw new ApiError(response.status, answer);
  return answer;
}

// 2024-05-01 -> 01.05.2024
export function showDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso || '';
}
// Unix ms -> 01.05.2024 14:03 (as the device shows local time).
export function showTime(ms) {
  const d = new Date(ms);
  const two = (n) => String(n).padStart(2, '0');
  return `${two(d.getDate())}.${two(d.getMonth() + 1)}.${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
export function today() {
  const d = new Date();
  const two = (n) => String(n).padStart(2, '0');
  return `${two(d.getDate())}.${two(d.getMonth() + 1)}.${d.getFullYear()}`;
}
export function showBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// el('p', {class: 'x', onclick: f}, 'text', child…): an element; strings
// become text nodes, never HTML.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return node;
}

let nextId = 0;
// A labelled field with its hint and its error slot. `input` is an
// <input>, <select> or <textarea>; returns {group, input, setError}.
export function field(label, input, hint) {
  const id = input.id || `f${++nextId}`;
  input.id = id;
  const hintNode = hint ? el('div', { class: 'hint', id: `${id}-hint` }, hint) : null;
  const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  if (hint) input.setAttribute('aria-describedby', `${id}-hint`);
  const group = el('div', { class: 'group' }, el('label', { for: id }, label), hintNode, error, input);
  const setError = (text) => {
    group.classList.toggle('has-error', !!text);
    error.hidden = !text;
    error.textContent = text || '';
    const described = [hint ? `${id}-hint` : '', text ? `${id}-error` : ''].filter(Boolean).join(' ');
    if (described) input.setAttribute('aria-describedby', described);
    else input.removeAttribute('aria-describedby');
    input.setAttribute('aria-invalid', text ? 'true' : 'false');
  };
  return { group, input, setError };
}

export function textInput(name, value = '', attrs = {}) {
  return el('input', { type: 'text', name, value, autocomplete: 'off', ...attrs });
}

// A <select> of a choice field, with an empty "choose" first.
export function choiceSelect(name, fieldName, value = '') {
  const select = el('select', { name }, el('option', { value: '' }, t('choose')));
  for (const c of choices(fieldName)) {
    select.append(el('option', { value: c.code, selected: c.code === value }, c.label));
  }
  return select;
}

export function button(text, attrs = {}) {
  return el('button', { type: 'button', class: 'button', ...attrs }, text);
}

// A form's errors: the summary at the top (links to the fields) and each
// message beside its field. `fields` maps a field name to field().
export function showErrors(summary, fields, errors) {
  for (const f of Object.values(fields)) f.setError('');
  summary.replaceChildren();
  summary.hidden = errors.length === 0;
  if (!errors.length) return;
  const list = el('ul');
  for (const e of errors) {
    const f = fields[e.field];
    if (f) f.setError(e.message);
    list.append(el('li', {}, f ? el('a', { href: `#${f.input.id}`, onclick: (ev) => { ev.preventDefault(); f.input.focus(); } }, e.message) : e.message));
  }
  summary.append(el('h2', {}, t('error.summary')), list);
  summary.focus();
}

// An error answer as one entry of showErrors.
export function errorOf(e, fallbackField = '') {
  return { field: e.field || fallbackField, message: e.message };
}

export function errorSummary() {
  return el('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
}

// Sets the screen's heading and content, and moves focus to the heading
// (a keyboard or screen reader user hears the new screen).
export function screen(main, heading, ...content) {
  const h1 = el('h1', { tabindex: '-1' }, heading);
  main.replaceChildren(h1, ...content);
  h1.focus();
  return h1;
}

// The person as people tell them apart: "Олена Петренко, 1984, Білозерка".
export function personLine(p) {
  const parts = [p.full_name];
  if (p.birth_year) parts.push(String(p.birth_year));
  parts.push(communityName(p));
  return parts.join(', ');
}
export function communityName(x) {
  return lang() === 'en' ? x.community_latin || x.name_latin : x.community_uk || x.name_uk;
}
export function meetingLabel(m) {
  return t('meeting.label', { n: m.number ?? '', date: showDate(m.date) });
}

// Calls `fn` `ms` after the last call (search as you type).
export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}
