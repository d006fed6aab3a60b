// A person: the details, the sync state, the meetings attended, and the
// edit form; '#/person/new' is the add form.
import { api, el, t, screen, showTime, meetingLabel, communityName, choiceLabel } from '../lib.js';
import { personForm } from './person_form.js';
import { attachmentsPanel } from './attachments.js';

function syncText(s) {
  if (s.state === 'waiting') return t('sync.state.waiting', { n: s.waiting });
  if (s.state === 'refused') return t('sync.state.refused', { reason: s.refusal });
  return s.synced_ms ? t('sync.state.synced_at', { t: showTime(s.synced_ms) }) : t('sync.state.synced');
}

function row(label, value) {
  return el('div', {}, el('dt', {}, label), el('dd', {}, value === '' || value === null || value === undefined ? t('not_given') : String(value)));
}

async function addForm(main, refreshBar) {
  const form = await personForm({
    onSaved: (id) => { refreshBar(); location.hash = `#/person/${id}`; },
    onSame: (p) => { location.hash = `#/person/${p.id}`; },
  });
  screen(main, t('person.new_title'), form);
}

export async function show(main, { param, refreshBar }) {
  if (param === 'new') return addForm(main, refreshBar);
  const { person: p, sync, meetings } = await api('GET', `/api/person?id=${encodeURIComponent(param)}`);
  const yesNo = (v) => (v === true ? choiceLabel('yesno', 'yes') : v === false ? choiceLabel('yesno', 'no') : '');
  const details = el('dl', { class: 'details' },
    row(t('field.community'), communityName(p)),
    row(t('field.birth_year'), p.birth_year ?? ''),
    row(t('field.gender'), choiceLabel('person.gender', p.gender)),
    row(t('field.phone'), p.phone ?? ''),
    row(t('field.organisation'), p.organisation ?? ''),
    row(t('field.organisation_kind'), choiceLabel('person.organisation_kind', p.organisation_kind)),
    ...['idp', 'veteran', 'disability', 'youth'].map((q) => row(t(`field.${q}`), yesNo(p[q]))),
    row(t('person.sync'), syncText(sync)));
  const edit = el('button', { type: 'button', class: 'button secondary' }, t('action.edit'));
  edit.addEventListener('click', async () => {
    const form = await personForm({
      person: p,
      onSaved: () => { refreshBar(); show(main, { param, refreshBar }); },
      onSame: () => {},
    });
    screen(main, t('person.edit_title'), form);
  });
  const list = meetings.length
    ? el('ul', { class: 'list' }, meetings.map((m) => el('li', {}, el('a', { href: `#/roster/${m.id}` }, meetingLabel(m)))))
    : el('p', {}, t('person.no_meetings'));
  const files = await attachmentsPanel(p.id, refreshBar);
  screen(main, p.full_name, details, edit, el('h2', {}, t('person.meetings')), list, files);
}
