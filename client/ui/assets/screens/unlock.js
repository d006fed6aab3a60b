// Unlock: the passphrase (twice for a new profile). Wrong tries are
// counted by the profile's key store, as for the CLI.
import { api, el, t, field, button, errorSummary, showErrors, errorOf, screen } from '../lib.js';

export function show(main, { session, onUnlocked }) {
  const isNew = session.new_profile;
  const summary = errorSummary();
  const pass = field(t('unlock.passphrase'), el('input', { type: 'password', name: 'passphrase', autocomplete: isNew ? 'new-password' : 'current-password' }));
  const fields = { passphrase: pass };
  const children = [];
  if (isNew) {
    fields.again = field(t('unlock.again'), el('input', { type: 'password', name: 'again', autocomplete: 'new-password' }));
  }
  const submit = el('button', { type: 'submit', class: 'button' }, t(isNew ? 'unlock.create' : 'unlock.button'));
  const form = el('form', { novalidate: true }, pass.group, fields.again ? fields.again.group : null, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    try {
      await api('POST', '/api/unlock', { passphrase: pass.input.value, again: fields.again ? fields.again.input.value : undefined });
      await onUnlocked();
    } catch (e) {
      showErrors(summary, fields, [errorOf(e, 'passphrase')]);
      pass.input.value = '';
      if (fields.again) fields.again.input.value = '';
    } finally {
      submit.disabled = false;
    }
  });
  if (session.idle_locked) children.push(el('p', { class: 'notice' }, t('unlock.idle')));
  children.push(el('p', {}, t(isNew ? 'unlock.new_intro' : 'unlock.intro')), summary, form);
  screen(main, t(isNew ? 'unlock.new_title' : 'unlock.title'), ...children);
  pass.input.focus();
}
