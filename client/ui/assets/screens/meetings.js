// Meetings: the list by date (latest first) with who came, and a new
// meeting ('#/meetings/new'), which opens its roster.
import { api, el, t, button, field, textInput, choiceSelect, errorSummary, showErrors, errorOf, screen, meetingLabel, communityName, today } from '../lib.js';

async function newForm(main) {
  const summary = errorSummary();
  const communities = await api('GET', '/api/communities');
  const f = {
    date: field(t('field.date'), textInput('date', today(), { inputmode: 'numeric', class: 'short' }), t('field.date_hint')),
    format: field(t('field.format'), choiceSelect('format', 'meeting.format', 'in_person')),
    topics: field(t('field.topics'), el('textarea', { name: 'topics', rows: 3 })),
    number: field(t('field.number'), textInput('number', '', { inputmode: 'numeric', class: 'short' }), t('field.number_hint')),
  };
  if (communities.length > 1) {
    f.community = field(t('field.community'), el('select', { name: 'community' }, communities.map((c) => el('option', { value: c.id }, communityName(c)))));
  }
  const form = el('form', { novalidate: true }, summary, f.community ? f.community.group : null,
    f.date.group, f.format.group, f.topics.group, f.number.group,
    el('button', { type: 'submit', class: 'button' }, t('meeting.create')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {};
    for (const [name, x] of Object.entries(f)) body[name] = x.input.value.trim();
    try {
      const answer = await api('POST', '/api/meetings', body);
      location.hash = `#/roster/${answer.id}`;
    } catch (e) {
      showErrors(summary, f, [errorOf(e, 'date')]);
    }
  });
  screen(main, t('meetings.new'), form);
}

export async function show(main, { param }) {
  if (param === 'new') return newForm(main);
  const meetings = await api('GET', '/api/meetings');
  // The latest 100; the rest when asked for.
  const item = (m) => el('li', {},
    el('a', { href: `#/roster/${m.id}` }, meetingLabel(m)),
    el('span', { class: 'meta' }, ` · ${communityName(m)} · ${t('meeting.present', { n: m.present })}`));
  const list = meetings.length ? el('ul', { class: 'list' }, meetings.slice(0, 100).map(item)) : el('p', {}, t('meetings.none'));
  if (meetings.length > 100) {
    const more = button(t('list.show_all', { n: meetings.length }), { class: 'button secondary' });
    more.addEventListener('click', () => { list.replaceChildren(...meetings.map(item)); });
    list.append(el('li', { class: 'more' }, more));
  }
  screen(main, t('meetings.title'), el('p', {}, el('a', { class: 'button', href: '#/meetings/new' }, t('meetings.new'))), list);
}
