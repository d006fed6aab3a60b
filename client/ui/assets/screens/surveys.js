// Surveys: the forms a coordinator published, the unfinished responses
// (drafts, saved after every answer), the latest finished ones, and a new
// response ('#/surveys/start/FORM_ID'): who answers (a person from the
// list, or anonymous with gender, year of birth and status), the
// community and the date. Starting makes the draft; the questions follow
// on the survey screen.
import { api, el, t, choiceLabel, field, textInput, choiceSelect, errorSummary, showErrors, errorOf, screen, showDate, communityName, personLine, today, debounce } from '../lib.js';

export function respondentLine(r) {
  if (r.respondent) return r.respondent;
  const parts = [t('survey.anonymous')];
  if (r.respondent_gender) parts.push(choiceLabel('survey_response.respondent_gender', r.respondent_gender));
  if (r.respondent_birth_year) parts.push(t('born', { y: r.respondent_birth_year }));
  return parts.join(', ');
}

function responseLine(r) {
  return `${r.title} · ${showDate(r.date)} · ${respondentLine(r)}`;
}

// The respondent: anonymous (gender, birth year, idp, veteran) or a
// person picked by search. Returns {node, values()}.
function respondentPicker() {
  const kind = el('fieldset', {}, el('legend', {}, t('survey.who')));
  const radios = {};
  for (const k of ['anonymous', 'person']) {
    radios[k] = el('input', { type: 'radio', name: 'who', id: `who-${k}`, value: k, checked: k === 'anonymous' });
    kind.append(el('div', { class: 'choice' }, radios[k], el('label', { for: `who-${k}` }, t(`survey.who_${k}`))));
  }
  const f = {
    gender: field(t('field.gender'), choiceSelect('gender', 'survey_response.respondent_gender')),
    birth_year: field(t('field.birth_year'), textInput('birth_year', '', { inputmode: 'numeric', maxlength: 4, class: 'short' })),
    idp: field(t('field.idp'), choiceSelect('idp', 'yesno')),
    veteran: field(t('field.veteran'), choiceSelect('veteran', 'yesno')),
  };
  const anonymous = el('div', {}, Object.values(f).map((x) => x.group));
  const search = field(t('persons.search'), textInput('respondent_search', '', { type: 'search', spellcheck: 'false' }), t('persons.search_hint'));
  const found = el('div', { class: 'choices', 'aria-live': 'polite' });
  let picked = '';
  const run = async () => {
    const answer = await api('POST', '/api/persons/search', { text: search.input.value });
    found.replaceChildren(...answer.persons.slice(0, 8).map((p) => {
      const id = `resp-${p.id}`;
      const radio = el('input', { type: 'radio', name: 'respondent', id, value: p.id, checked: p.id === picked });
      radio.addEventListener('change', () => { picked = p.id; });
      return el('div', { class: 'choice' }, radio, el('label', { for: id }, personLine(p)));
    }));
    if (!answer.persons.length) found.append(el('p', {}, t('persons.none')));
  };
  search.input.addEventListener('input', debounce(run, 120));
  const person = el('div', { hidden: true }, search.group, found);
  const toggle = () => {
    anonymous.hidden = !radios.anonymous.checked;
    person.hidden = radios.anonymous.checked;
    if (!person.hidden && !found.childElementCount) run();
  };
  for (const r of Object.values(radios)) r.addEventListener('change', toggle);
  return {
    node: el('div', {}, kind, anonymous, person),
    fields: { ...f, respondent: search },
    values() {
      if (radios.person.checked) return { respondent: picked };
      const body = {};
      for (const [name, x] of Object.entries(f)) body[name] = x.input.value.trim();
      return body;
    },
  };
}

async function startForm(main, surveyId) {
  const list = await api('GET', '/api/surveys');
  const form = list.forms.find((x) => x.id === surveyId);
  if (!form) { location.hash = '#/surveys'; return; }
  const communities = await api('GET', '/api/communities');
  const summary = errorSummary();
  const who = respondentPicker();
  const f = { ...who.fields, date: field(t('field.date'), textInput('date', today(), { inputmode: 'numeric', class: 'short' }), t('field.date_hint')) };
  if (communities.length > 1) {
    f.community = field(t('field.community'), el('select', { name: 'community' }, communities.map((c) => el('option', { value: c.id }, communityName(c)))));
  }
  const node = el('form', { novalidate: true }, summary, who.node, f.community ? f.community.group : null, f.date.group,
    el('button', { type: 'submit', class: 'button' }, t('survey.begin')));
  node.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { survey: surveyId, date: f.date.input.value.trim(), ...who.values() };
    if (f.community) body.community = f.community.input.value;
    if ('respondent' in body && !body.respondent) {
      showErrors(summary, f, [{ field: 'respondent', message: t('survey.pick_person') }]);
      return;
    }
    try {
      const answer = await api('POST', '/api/surveys/start', body);
      location.hash = `#/survey/${answer.id}`;
    } catch (e) {
      showErrors(summary, f, [errorOf(e, 'date')]);
    }
  });
  screen(main, form.title, el('p', { class: 'meta' }, t('survey.questions', { n: form.questions })), node);
}

export async function show(main, { param }) {
  const [action, id] = param.split('/');
  if (action === 'start') return startForm(main, id);
  const data = await api('GET', '/api/surveys');
  const forms = data.forms.length
    ? el('ul', { class: 'list' }, data.forms.map((f) => el('li', {},
      el('a', { href: `#/surveys/start/${f.id}` }, t('survey.start', { title: f.title })),
      el('span', { class: 'meta' }, ` · ${t('survey.questions', { n: f.questions })}`))))
    : el('p', {}, t('surveys.no_forms'));
  const drafts = data.drafts.length
    ? el('ul', { class: 'list' }, data.drafts.map((r) => el('li', {},
      el('a', { href: `#/survey/${r.id}` }, responseLine(r)),
      el('span', { class: 'meta' }, ` · ${communityName(r)} · ${t('survey.answered', { n: r.answered, total: r.questions })}`))))
    : el('p', {}, t('surveys.no_drafts'));
  const done = data.done.length
    ? el('ul', { class: 'list' }, data.done.map((r) => el('li', {},
      el('a', { href: `#/survey/${r.id}/review` }, responseLine(r)),
      el('span', { class: 'meta' }, ` · ${communityName(r)}`))))
    : el('p', {}, t('surveys.no_done'));
  screen(main, t('surveys.title'),
    el('h2', {}, t('surveys.forms')), forms,
    el('h2', {}, t('surveys.drafts')), drafts,
    el('h2', {}, t('surveys.done')), done);
}
