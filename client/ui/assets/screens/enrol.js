// Enrol: the server's address and the code, or the QR card's text.
import { api, el, t, field, textInput, errorSummary, showErrors, errorOf, screen } from '../lib.js';

export function show(main, { refreshBar }) {
  const summary = errorSummary();
  const server = field(t('enrol.server'), textInput('server', '', { inputmode: 'url', spellcheck: 'false' }), t('enrol.server_hint'));
  const code = field(t('enrol.code'), textInput('code', '', { spellcheck: 'false' }));
  const uri = field(t('enrol.uri'), el('textarea', { name: 'uri', rows: 3, spellcheck: 'false' }), t('enrol.uri_hint'));
  const name = field(t('enrol.name'), textInput('name', t('enrol.name_default')), t('enrol.name_hint'));
  const fields = { server, code, uri, name };
  const submit = el('button', { type: 'submit', class: 'button' }, t('enrol.button'));
  const form = el('form', { novalidate: true },
    el('fieldset', {}, server.group, code.group),
    el('p', { class: 'or' }, t('enrol.or')),
    uri.group, name.group, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    const body = uri.input.value.trim()
      ? { uri: uri.input.value, name: name.input.value }
      : { server: server.input.value.trim(), code: code.input.value.trim(), name: name.input.value };
    try {
      await api('POST', '/api/enrol', body);
      main.replaceChildren(el('div', { class: 'panel', role: 'status', tabindex: '-1' }, t('enrol.done')),
        el('p', {}, el('a', { href: '#/sync', class: 'button' }, t('sync.button'))));
      main.firstChild.focus();
      refreshBar();
    } catch (e) {
      showErrors(summary, fields, [errorOf(e, body.uri ? 'uri' : 'server')]);
    } finally {
      submit.disabled = false;
    }
  });
  screen(main, t('enrol.title'), el('p', {}, t('enrol.intro')), summary, form);
}
