// The roster of a meeting: the community's people as a check list, most
// frequent first, with a filter, "same as last meeting", a walk-in added
// without leaving the page, and live counts. Each tick is saved at once.
import { api, el, t, field, textInput, screen, meetingLabel, communityName, personLine, button } from '../lib.js';
import { personForm } from './person_form.js';
import { attachmentsPanel } from './attachments.js';

export async function show(main, { param, refreshBar }) {
  const data = await api('GET', `/api/roster?meeting=${encodeURIComponent(param)}`);
  const meeting = data.meeting;
  const counts = el('p', { class: 'counts', 'aria-live': 'polite', 'data-figure': 'present' });
  const note = el('p', { class: 'notice', 'aria-live': 'polite', hidden: true });
  const list = el('ul', { class: 'checklist' });
  const filter = field(t('roster.filter'), textInput('filter', '', { type: 'search', spellcheck: 'false' }));
  const people = data.people;

  const drawCounts = () => {
    counts.textContent = t('roster.counts', { present: people.filter((p) => p.present).length, total: people.length });
  };
  const mark = async (p, present, box) => {
    try {
      await api('POST', '/api/attendance', { meeting: meeting.id, person: p.id, present });
      p.present = present;
      drawCounts();
      refreshBar();
    } catch (e) {
      if (box) box.checked = !present;
      note.hidden = false;
      note.textContent = e.message;
    }
  };
  // The most frequent first, up to SHOWN without a filter: a long list
  // is drawn whole only when asked for (the filter finds anyone).
  const SHOWN = 150;
  let showAll = false;
  const drawList = () => {
    const words = filter.input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    list.replaceChildren();
    if (!people.length) list.append(el('li', { class: 'empty' }, t('roster.empty')));
    let drawn = 0;
    for (const p of people) {
      const name = p.full_name.toLocaleLowerCase();
      if (!words.every((w) => name.includes(w))) continue;
      if (!words.length && !showAll && drawn === SHOWN) {
        const more = button(t('list.show_all', { n: people.length }), { class: 'button secondary' });
        more.addEventListener('click', () => { showAll = true; drawList(); });
        list.append(el('li', { class: 'more' }, more));
        break;
      }
      ++drawn;
      const id = `p-${p.id}`;
      const box = el('input', { type: 'checkbox', id, checked: p.present });
      box.addEventListener('change', () => mark(p, box.checked, box));
      list.append(el('li', {}, box, el('label', { for: id },
        el('span', { class: 'name' }, p.birth_year ? `${p.full_name}, ${p.birth_year}` : p.full_name),
        el('span', { class: 'meta' }, t('roster.visits', { n: p.visits })))));
    }
  };
  filter.input.addEventListener('input', drawList);

  const same = button(t('roster.same_as_last'), { class: 'button secondary', disabled: !data.has_previous });
  same.addEventListener('click', async () => {
    try {
      const answer = await api('POST', '/api/attendance/same-as-last', { meeting: meeting.id });
      await show(main, { param, refreshBar });
      const again = main.querySelector('.notice');
      again.hidden = false;
      again.textContent = t('roster.same_done', { n: answer.marked });
    } catch (e) {
      note.hidden = false;
      note.textContent = e.message;
    }
  });

  const walkin = el('details', { class: 'walkin' }, el('summary', {}, t('roster.walkin')));
  const form = await personForm({
    community: meeting.community,
    submitLabel: t('roster.walkin_add'),
    sameLabel: t('person.dup_mark'),
    onSaved: async (id) => {
      await api('POST', '/api/attendance', { meeting: meeting.id, person: id, present: true });
      await show(main, { param, refreshBar });
      refreshBar();
    },
    onSame: async (p) => {
      await api('POST', '/api/attendance', { meeting: meeting.id, person: p.id, present: true });
      await show(main, { param, refreshBar });
      refreshBar();
    },
  });
  walkin.append(form);
  const files = await attachmentsPanel(meeting.id, refreshBar);
  drawCounts();
  drawList();
  screen(main, `${t('roster.title')}: ${meetingLabel(meeting)}`,
    el('p', { class: 'meta' }, communityName(meeting)),
    counts, note, el('div', { class: 'actions' }, same), filter.group, list, walkin, files);
}
