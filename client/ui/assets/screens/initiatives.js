// Initiatives: the board by status (a column each at full width, one
// after another on a phone), a new one, and a move with its date, which
// the server refuses before the status it leaves.
import { api, el, t, field, textInput, errorSummary, showErrors, errorOf, screen, choiceLabel, communityName, showDate, today } from '../lib.js';

function moveForm(item, reload) {
  if (!item.next.length) return el('p', { class: 'meta' }, t('initiative.final'));
  const summary = errorSummary();
  const select = el('select', { name: 'status' }, item.next.map((code) => el('option', { value: code }, choiceLabel('initiative.status', code))));
  const f = {
    status: field(t('initiative.move_to'), select),
    date: field(t('initiative.move_date'), textInput('date', today(), { inputmode: 'numeric', class: 'short' }), t('field.date_hint')),
  };
  const form = el('form', { novalidate: true, class: 'move' }, summary, f.status.group, f.date.group,
    el('button', { type: 'submit', class: 'button secondary' }, t('initiative.move')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('POST', '/api/initiatives/move', { id: item.id, status: f.status.input.value, date: f.date.input.value });
      await reload();
    } catch (e) {
      showErrors(summary, f, [errorOf(e, 'date')]);
    }
  });
  return form;
}

function card(item, reload) {
  const facts = [communityName(item), t('initiative.since', { date: showDate(item.since) })];
  if (item.estimated_cost) facts.push(`${item.estimated_cost} ₴`);
  if (item.donor) facts.push(item.donor);
  return el('li', { class: 'card' },
    el('h3', {}, item.title),
    el('p', { class: 'meta' }, facts.join(' · ')),
    el('details', {}, el('summary', {}, t('initiative.move')), moveForm(item, reload)));
}

async function newForm(main) {
  const summary = errorSummary();
  const communities = await api('GET', '/api/communities');
  const f = {
    title: field(t('initiative.title'), textInput('title')),
    category: field(t('initiative.category'), textInput('category'), t('initiative.category_hint')),
    estimated_cost: field(t('initiative.cost'), textInput('estimated_cost', '', { inputmode: 'decimal', class: 'short' })),
    donor: field(t('initiative.donor'), textInput('donor')),
    date: field(t('initiative.proposed_on'), textInput('date', today(), { inputmode: 'numeric', class: 'short' }), t('field.date_hint')),
  };
  if (communities.length > 1) {
    f.community = field(t('field.community'), el('select', { name: 'community' }, communities.map((c) => el('option', { value: c.id }, communityName(c)))));
  }
  const form = el('form', { novalidate: true }, summary, f.community ? f.community.group : null,
    f.title.group, f.category.group, f.estimated_cost.group, f.donor.group, f.date.group,
    el('button', { type: 'submit', class: 'button' }, t('initiative.add')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {};
    for (const [name, x] of Object.entries(f)) body[name] = x.input.value.trim();
    try {
      await api('POST', '/api/initiatives', body);
      location.hash = '#/initiatives';
    } catch (e) {
      showErrors(summary, f, [errorOf(e, 'title')]);
    }
  });
  screen(main, t('initiatives.new'), form);
}

export async function show(main, { param, refreshBar }) {
  if (param === 'new') return newForm(main);
  const reload = async () => { refreshBar(); await show(main, { param, refreshBar }); };
  const { board } = await api('GET', '/api/initiatives');
  const columns = board.map((column) => el('section', { class: 'column', 'aria-label': choiceLabel('initiative.status', column.status) },
    el('h2', {}, `${choiceLabel('initiative.status', column.status)} (${column.initiatives.length})`),
    column.initiatives.length ? el('ul', { class: 'cards' }, column.initiatives.map((i) => card(i, reload))) : el('p', { class: 'meta' }, t('initiatives.none'))));
  screen(main, t('initiatives.title'), el('p', {}, el('a', { class: 'button', href: '#/initiatives/new' }, t('initiatives.new'))),
    el('div', { class: 'board' }, columns));
}
