// The person form: a new person (Persons, and a walk-in on the roster)
// or an edit. The duplicate hint is asked for as the name is typed and
// again before saving: a likely twin is shown ("Олена Петренко, 1984,
// Білозерка — the same person?") and nothing is saved until the person
// says it is someone else.
import { api, el, t, field, textInput, choiceSelect, errorSummary, showErrors, errorOf, personLine, communityName, debounce } from '../lib.js';

const YES_NO = ['idp', 'veteran', 'disability', 'youth'];

function yesNoValue(v) { return v === true ? 'yes' : v === false ? 'no' : ''; }

// options: {person (edit), community (fixed), onSaved(id), onSame(person),
// sameLabel, submitLabel}. Returns the form element.
export async function personForm(options) {
  const p = options.person || {};
  const summary = errorSummary();
  const f = {
    full_name: field(t('field.full_name'), textInput('full_name', p.full_name || '', { autocomplete: 'off' })),
    birth_year: field(t('field.birth_year'), textInput('birth_year', p.birth_year ? String(p.birth_year) : '', { inputmode: 'numeric', maxlength: 4, class: 'short' })),
    gender: field(t('field.gender'), choiceSelect('gender', 'person.gender', p.gender || '')),
    phone: field(t('field.phone'), textInput('phone', p.phone || '', { type: 'tel', autocomplete: 'off' })),
    organisation: field(t('field.organisation'), textInput('organisation', p.organisation || '')),
    organisation_kind: field(t('field.organisation_kind'), choiceSelect('organisation_kind', 'person.organisation_kind', p.organisation_kind || '')),
  };
  for (const q of YES_NO) f[q] = field(t(`field.${q}`), choiceSelect(q, 'yesno', yesNoValue(p[q])));
  let community = null;
  if (!options.person && !options.community) {
    const list = await api('GET', '/api/communities');
    if (list.length > 1) {
      const select = el('select', { name: 'community' }, list.map((c) => el('option', { value: c.id }, communityName(c))));
      community = f.community = field(t('field.community'), select);
    }
  }
  const hints = el('div', { class: 'hints', tabindex: '-1', hidden: true, 'aria-live': 'polite' });
  let confirmedDifferent = false;
  let shownHints = [];

  const values = () => {
    const body = {};
    for (const [name, x] of Object.entries(f)) if (name !== 'community') body[name] = x.input.value.trim();
    return body;
  };
  const check = async () => {
    const v = values();
    if (v.full_name.split(/\s+/).filter(Boolean).length < 2) { shownHints = []; hints.hidden = true; return []; }
    const answer = await api('POST', '/api/persons/check', { ...v, id: p.id || '' });
    shownHints = answer.hints;
    drawHints();
    return shownHints;
  };
  const drawHints = () => {
    hints.replaceChildren();
    hints.hidden = shownHints.length === 0;
    if (!shownHints.length) return;
    hints.append(el('h2', {}, t('person.dup_title')));
    for (const h of shownHints) {
      hints.append(el('div', { class: 'hint-card' },
        el('p', {}, el('strong', {}, personLine(h)), ` — ${t('person.dup_question')}`),
        el('button', { type: 'button', class: 'button secondary', onclick: () => options.onSame(h) }, options.sameLabel || t('person.dup_open'))));
    }
    hints.append(el('button', { type: 'button', class: 'button secondary', onclick: () => { confirmedDifferent = true; save(); } }, t('person.dup_save')));
  };
  const save = async () => {
    const body = values();
    try {
      if (!p.id && !confirmedDifferent) {
        const found = await check();
        if (found.length) { hints.focus(); return; }
      }
      if (p.id) body.id = p.id;
      if (community) body.community = community.input.value;
      if (options.community) body.community = options.community;
      const answer = await api('POST', p.id ? '/api/persons/edit' : '/api/persons', body);
      showErrors(summary, f, []);
      options.onSaved(answer.id);
    } catch (e) {
      showErrors(summary, f, [errorOf(e, 'full_name')]);
    }
  };
  if (!p.id) {
    const later = debounce(() => check().catch(() => {}), 300);
    for (const name of ['full_name', 'birth_year', 'phone']) f[name].input.addEventListener('input', () => { confirmedDifferent = false; later(); });
  }
  const form = el('form', { novalidate: true, class: 'person-form' }, summary,
    community ? community.group : null,
    f.full_name.group, hints, f.birth_year.group, f.gender.group, f.phone.group,
    f.organisation.group, f.organisation_kind.group,
    el('fieldset', {}, el('legend', {}, t('field.status_questions')), YES_NO.map((q) => f[q].group)),
    el('button', { type: 'submit', class: 'button' }, options.submitLabel || t('action.save')));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); save(); });
  form.focusFirst = () => f.full_name.input.focus();
  return form;
}
