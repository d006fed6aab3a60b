// Settings: the language, a new passphrase, and the wipe, which alone
// asks for a typed word (it cannot be undone).
import { api, el, t, field, textInput, errorSummary, showErrors, errorOf, screen } from '../lib.js';

function passphraseForm() {
  const summary = errorSummary();
  const f = {
    passphrase: field(t('settings.new_passphrase'), el('input', { type: 'password', name: 'passphrase', autocomplete: 'new-password' }), t('unlock.short')),
    again: field(t('unlock.again'), el('input', { type: 'password', name: 'again', autocomplete: 'new-password' })),
  };
  const done = el('p', { class: 'notice', role: 'status', hidden: true }, t('settings.passphrase_done'));
  const form = el('form', { novalidate: true }, summary, done, f.passphrase.group, f.again.group,
    el('button', { type: 'submit', class: 'button' }, t('action.save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    done.hidden = true;
    try {
      await api('POST', '/api/passphrase', { passphrase: f.passphrase.input.value, again: f.again.input.value });
      showErrors(summary, f, []);
      f.passphrase.input.value = f.again.input.value = '';
      done.hidden = false;
    } catch (e) {
      showErrors(summary, f, [errorOf(e, 'passphrase')]);
    }
  });
  return form;
}

function wipeForm() {
  const summary = errorSummary();
  const word = t('settings.wipe_word');
  const f = { confirm: field(t('settings.wipe_type', { word }), textInput('confirm', '', { spellcheck: 'false', class: 'short' })) };
  const form = el('form', { novalidate: true }, summary, el('p', { class: 'warning' }, t('settings.wipe_intro')), f.confirm.group,
    el('button', { type: 'submit', class: 'button danger' }, t('settings.wipe_button')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('POST', '/api/wipe', { confirm: f.confirm.input.value.trim() });
      location.hash = '#/home';
      location.reload();
    } catch (e) {
      showErrors(summary, f, [errorOf(e, 'confirm')]);
    }
  });
  return form;
}

export async function show(main) {
  const other = el('button', { type: 'button', class: 'button secondary', lang: t('lang.other_code'),
    onclick: () => document.getElementById('lang').click() }, t('lang.other'));
  screen(main, t('settings.title'),
    el('h2', {}, t('settings.lang')), el('p', {}, t('settings.lang_now')), other,
    el('h2', {}, t('settings.passphrase')), passphraseForm(),
    el('h2', {}, t('settings.wipe')), wipeForm());
}
