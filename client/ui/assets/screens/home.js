// Home: enrolment, changes waiting, the last sync in server time, a
// clock warning, today's meetings and the changes the server refused.
import { api, el, t, screen, showTime, meetingLabel, communityName } from '../lib.js';

const FIVE_MINUTES = 5 * 60 * 1000;

function clockGap(ms) {
  const minutes = Math.round(Math.abs(ms) / 60000);
  if (minutes < 120) return t('unit.minutes', { n: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t('unit.hours', { n: hours });
  return t('unit.days', { n: Math.round(hours / 24) });
}

export async function show(main) {
  const home = await api('GET', '/api/home');
  const parts = [];
  if (!home.enrolled) {
    parts.push(el('div', { class: 'panel' }, el('p', {}, t('home.not_enrolled')),
      el('a', { class: 'button', href: '#/enrol' }, t('home.enrol_now'))));
  }
  parts.push(el('dl', { class: 'summary' },
    el('div', {}, el('dt', {}, t('home.waiting')), el('dd', { 'data-figure': 'pending' }, String(home.pending))),
    el('div', {}, el('dt', {}, t('home.last_sync')), el('dd', {}, home.last_sync_server_ms ? showTime(home.last_sync_server_ms) : t('home.never')))));
  if (home.enrolled) parts.push(el('p', {}, el('a', { class: 'button', href: '#/sync' }, t('home.sync_now'))));
  if (Math.abs(home.clock_offset_ms) > FIVE_MINUTES) {
    const dir = t(home.clock_offset_ms < 0 ? 'clock.ahead' : 'clock.behind');
    parts.push(el('div', { class: 'warning', role: 'note' }, t('home.clock', { dir, gap: clockGap(home.clock_offset_ms) })));
  }
  if (home.last_error) parts.push(el('div', { class: 'warning' }, t('home.last_error', { reason: home.last_error })));
  parts.push(el('h2', {}, t('home.today')));
  if (home.today.length) {
    parts.push(el('ul', { class: 'list' }, home.today.map((m) =>
      el('li', {}, el('a', { href: `#/roster/${m.id}` }, `${meetingLabel(m)} · ${communityName(m)}`)))));
  } else {
    parts.push(el('p', {}, t('home.no_today')), el('p', {}, el('a', { href: '#/meetings/new' }, t('home.new_meeting'))));
  }
  if (home.rejected.length) {
    parts.push(el('h2', {}, t('home.refused')), el('p', {}, t('home.refused_what')));
    parts.push(el('ul', { class: 'list refused' }, home.rejected.map((r) => {
      const what = `${t(`kind.${['person', 'meeting', 'attendance'].includes(r.kind) ? r.kind : 'other'}`)}${r.label ? `: ${r.label}` : ''}`;
      const link = r.kind === 'person' ? el('a', { href: `#/person/${r.id}` }, what) : what;
      return el('li', {}, link, el('div', { class: 'reason' }, r.reason));
    })));
  }
  if (home.communities.length) {
    parts.push(el('h2', {}, t('home.communities')), el('p', {}, home.communities.map(communityName).join(', ')));
  }
  screen(main, t('home.title'), ...parts);
}
