// Coordination: the way into the coordinators' screens, with what each
// is for. Other roles are told that these are for coordinators.
import { api, el, t, screen } from '../lib.js';
import { loadStyle, refused } from './coord_common.js';

export async function show(main) {
  loadStyle();
  let roles;
  try {
    roles = await api('GET', '/api/coord/roles');
  } catch (e) {
    return refused(main, t('coord.title'), e);
  }
  if (!roles.coordinator) {
    return screen(main, t('coord.title'), el('div', { class: 'warning', role: 'note' }, t('coord.not_coordinator')));
  }
  const items = [
    ['coord-duplicates', 'coord.dups_title', 'coord.dups_what'],
    ['coord-conflicts', 'coord.conflicts_title', 'coord.conflicts_what'],
    ['coord-report', 'coord.report_title', 'coord.report_what'],
  ];
  if (roles.network) items.push(['coord-coverage', 'coord.coverage_title', 'coord.coverage_what']);
  screen(main, t('coord.title'), el('ul', { class: 'list' }, items.map(([name, title, what]) =>
    el('li', {}, el('a', { href: `#/${name}` }, t(title)), el('p', { class: 'meta' }, t(what))))));
}
