// The page's shell: loads the session and the catalogue, draws the
// header, the navigation and the sync bar, and shows the screen the
// address's #fragment names. A screen is a module in screens/ exporting
// show(main, params), loaded when first shown (the first load stays
// small as screens are added); adding one is a line in `routes`
// (docs/ui.md).
import { api, el, t, setSession, setCatalogue, lang, showTime } from './lib.js';
import * as unlock from './screens/unlock.js';
import * as background from './background.js';

// '#/name/param' -> the screen module; the nav shows those with a key.
const routes = {
  home: { load: () => import('./screens/home.js'), nav: 'nav.home' },
  persons: { load: () => import('./screens/persons.js'), nav: 'nav.persons' },
  meetings: { load: () => import('./screens/meetings.js'), nav: 'nav.meetings' },
  surveys: { load: () => import('./screens/surveys.js'), nav: 'nav.surveys' },
  initiatives: { load: () => import('./screens/initiatives.js'), nav: 'nav.initiatives' },
  sync: { load: () => import('./screens/sync.js'), nav: 'nav.sync' },
  settings: { load: () => import('./screens/settings.js'), nav: 'nav.settings' },
  coord: { load: () => import('./screens/coord_hub.js'), nav: 'coord.nav', role: 'coordinator' },
  person: { load: () => import('./screens/person.js') },
  roster: { load: () => import('./screens/roster.js') },
  survey: { load: () => import('./screens/survey.js') },
  enrol: { load: () => import('./screens/enrol.js') },
  'coord-duplicates': { load: () => import('./screens/coord_duplicates.js') },
  'coord-conflicts': { load: () => import('./screens/coord_conflicts.js') },
  'coord-report': { load: () => import('./screens/coord_report.js') },
  'coord-coverage': { load: () => import('./screens/coord_coverage.js') },
};

const main = document.getElementById('main');
let session = null;

async function loadCatalogue(code) {
  setCatalogue(await api('GET', `/api/catalogue?lang=${code}`));
  document.documentElement.lang = lang();
  document.title = t('app.name');
  document.getElementById('brand').textContent = t('app.name');
  document.getElementById('skip').textContent = t('app.skip');
}

// A route with a `role` is in the menu only for that role (/api/coord/roles).
function drawNav(current, roles = {}) {
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('nav.menu'));
  const list = el('ul');
  for (const [name, route] of Object.entries(routes)) {
    if (!route.nav || (route.role && !roles[route.role])) continue;
    list.append(el('li', {}, el('a', { href: `#/${name}`, 'aria-current': name === current ? 'page' : false }, t(route.nav))));
  }
  nav.replaceChildren(list);
  nav.hidden = false;
  const langButton = document.getElementById('lang');
  langButton.textContent = t('lang.other');
  langButton.setAttribute('lang', t('lang.other_code'));
  langButton.hidden = false;
  const lock = document.getElementById('lock');
  lock.textContent = t('action.lock');
  lock.hidden = false;
}

// The sync state, always in sight: changes waiting and the last sync.
export async function refreshBar() {
  const bar = document.getElementById('bar');
  try {
    const home = await api('GET', '/api/home');
    const parts = [t('bar.waiting', { n: home.pending })];
    parts.push(home.last_sync_server_ms ? t('bar.synced', { t: showTime(home.last_sync_server_ms) }) : t('bar.never'));
    bar.textContent = parts.join(' · ');
  } catch (e) {
    bar.textContent = '';
  }
}

function parseHash() {
  const [name, ...rest] = (location.hash.replace(/^#\/?/, '') || 'home').split('/');
  return { name: routes[name] ? name : 'home', param: rest.join('/') };
}

async function show() {
  if (!session.unlocked) {
    document.getElementById('nav').hidden = true;
    document.getElementById('lock').hidden = true;
    document.getElementById('bar').textContent = '';
    unlock.show(main, { session, onUnlocked: start });
    return;
  }
  const { name, param } = parseHash();
  const roles = await api('GET', '/api/coord/roles').catch(() => ({}));
  drawNav(name.startsWith('coord-') ? 'coord' : name, roles);
  refreshBar();
  const screen = await routes[name].load();
  await screen.show(main, { param, refreshBar });
}

async function start() {
  session = await api('GET', '/api/session');
  setSession(session);
  await show();
}

async function boot() {
  session = await api('GET', '/api/session');
  setSession(session);
  await loadCatalogue(session.lang);
  window.addEventListener('hashchange', show);
  window.addEventListener('hromada-locked', () => { session.unlocked = false; show(); });
  document.getElementById('lang').addEventListener('click', async () => {
    const next = t('lang.other_code');
    await api('POST', '/api/lang', { lang: next });
    await loadCatalogue(next);
    await show();
  });
  background.start(() => session && session.unlocked, () => refreshBar());
  document.getElementById('lock').addEventListener('click', async () => {
    await api('POST', '/api/lock', {});
    await start();
  });
  await show();
}

boot().catch((e) => { main.textContent = e.message || t('error.offline'); });
