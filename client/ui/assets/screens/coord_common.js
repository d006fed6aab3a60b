// What the coordinators' screens share: their style sheet (loaded once,
// from this origin, as the page's policy allows), the menu of the four
// screens, and the screen shown when the device is not a coordinator.
import { api, el, t, screen } from '../lib.js';

export function loadStyle() {
  if (document.getElementById('coord-css')) return;
  document.head.append(el('link', { rel: 'stylesheet', href: '/coord.css', id: 'coord-css' }));
}

// The screen for an error answer (403: not a coordinator) in place of
// the content; anything but an API error is thrown on.
export function refused(main, heading, e) {
  if (!e || typeof e.status !== 'number') throw e;
  screen(main, heading, el('div', { class: 'warning', role: 'alert' }, e.message),
    el('p', {}, el('a', { href: '#/home' }, t('nav.home'))));
}

// The links between the coordinators' screens, the current one marked.
export async function coordNav(current) {
  const roles = await api('GET', '/api/coord/roles').catch(() => ({}));
  const items = [
    ['coord-duplicates', 'coord.dups_title'], ['coord-conflicts', 'coord.conflicts_title'],
    ['coord-report', 'coord.report_title'],
  ];
  if (roles.network) items.push(['coord-coverage', 'coord.coverage_title']);
  return el('nav', { class: 'coord-nav', 'aria-label': t('coord.menu') },
    el('ul', {}, items.map(([name, key]) => el('li', {},
      el('a', { href: `#/${name}`, 'aria-current': name === current ? 'page' : false }, t(key))))));
}

// A figure with its words: "Зустрічей: 2".
export function figure(key, n) {
  return el('span', { class: 'figure' }, t(key, { n }));
}
