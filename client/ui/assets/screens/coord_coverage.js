// Who has reported (network coordinators): the communities this device
// syncs by month, each month with its meetings, attendances and survey
// responses (shared/report/coverage.h, counted as the report counts),
// and "no report" in words, not colour alone, where there is none. The
// newest month comes first, so a phone shows it without scrolling.
import { api, el, t, screen, communityName } from '../lib.js';
import { loadStyle, refused, coordNav, figure } from './coord_common.js';

function monthLabel(ym) {
  const [y, m] = ym.split('-');
  return `${m}.${y}`;
}

function cell(c) {
  if (!c.reported) return el('td', { class: 'no-report' }, t('coord.no_report'));
  return el('td', { class: 'reported' },
    figure('coord.cell_meetings', c.meetings), figure('coord.cell_attendances', c.attendances),
    figure('coord.cell_surveys', c.survey_responses));
}

export async function show(main, { param } = {}) {
  loadStyle();
  const heading = t('coord.coverage_title');
  const months = ['3', '6', '12'].includes(param) ? param : '6';
  let data;
  try {
    data = await api('GET', `/api/coord/coverage?months=${months}`);
  } catch (e) {
    return refused(main, heading, e);
  }
  const missing = data.rows.filter((r) => !r.cells[r.cells.length - 1]?.reported).map(communityName);
  const lastMonth = monthLabel(data.months[data.months.length - 1]);
  const note = missing.length
    ? el('div', { class: 'warning', role: 'note' }, t('coord.not_reported', { month: lastMonth, names: missing.join(', ') }))
    : el('div', { class: 'notice', role: 'note' }, t('coord.all_reported', { month: lastMonth }));
  const table = el('table', { class: 'coverage' },
    el('caption', {}, t('coord.coverage_caption', { n: data.months.length })),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('field.community')),
      [...data.months].reverse().map((m) => el('th', { scope: 'col' }, monthLabel(m))))),
    el('tbody', {}, data.rows.map((r) => el('tr', {}, el('th', { scope: 'row' }, communityName(r)),
      [...r.cells].reverse().map(cell)))));
  const periods = el('p', { class: 'periods' }, t('coord.months_shown'), ' ',
    ['3', '6', '12'].map((n) => el('a', { href: `#/coord-coverage/${n}`, 'aria-current': n === months ? 'true' : false },
      t('coord.months_n', { n }))));
  screen(main, heading, await coordNav('coord-coverage'), note, periods,
    el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': t('coord.coverage_title') }, table));
}
