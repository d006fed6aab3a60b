// Persons registered twice: the pairs `hromada duplicates` suggests, side
// by side, with "the same person: merge" (a person_merge; nothing is
// deleted, reports count them once) or "not the same" (off the queue
// while hromada ui runs). The queue is asked again after each.
import { api, el, t, screen, communityName, button } from '../lib.js';
import { loadStyle, refused, coordNav } from './coord_common.js';

function side(p, heading) {
  return el('section', { class: 'side', 'aria-label': heading },
    el('h3', {}, p.full_name),
    el('dl', { class: 'facts' },
      el('div', {}, el('dt', {}, t('field.birth_year')), el('dd', {}, p.birth_year ? String(p.birth_year) : t('not_given'))),
      el('div', {}, el('dt', {}, t('field.community')), el('dd', {}, communityName(p))),
      el('div', {}, el('dt', {}, t('coord.meetings_count')), el('dd', {}, String(p.meetings)))));
}

function pairCard(pair, n, act) {
  const title = t('coord.pair', { n, a: pair.a.full_name, b: pair.b.full_name });
  return el('li', { class: 'pair' },
    el('h2', {}, title),
    el('p', { class: 'meta' }, t('coord.similar', { p: Math.round(pair.score * 100) })),
    el('div', { class: 'sides' }, side(pair.a, t('coord.first')), side(pair.b, t('coord.second'))),
    el('div', { class: 'actions' },
      button(t('coord.merge'), { onclick: () => act('merge', pair) }),
      button(t('coord.not_same'), { class: 'button secondary', onclick: () => act('not-same', pair) })));
}

export async function show(main, { refreshBar, message = '' } = {}) {
  loadStyle();
  const heading = t('coord.dups_title');
  let data;
  try {
    data = await api('GET', '/api/coord/duplicates');
  } catch (e) {
    return refused(main, heading, e);
  }
  const status = el('div', { class: 'result ok', role: 'status', hidden: !message }, message);
  const act = async (what, pair) => {
    try {
      if (what === 'merge') {
        await api('POST', '/api/coord/merge', { person: pair.a.id, same_as: pair.b.id });
      } else {
        await api('POST', '/api/coord/not-same', { a: pair.a.id, b: pair.b.id });
      }
      if (refreshBar) refreshBar();
      const done = t(what === 'merge' ? 'coord.merged' : 'coord.kept_apart', { a: pair.a.full_name, b: pair.b.full_name });
      await show(main, { refreshBar, message: done });
    } catch (e) {
      status.className = 'result failed';
      status.hidden = false;
      status.textContent = e.message;
    }
  };
  const content = data.pairs.length
    ? el('ol', { class: 'pairs' }, data.pairs.map((pair, i) => pairCard(pair, i + 1, act)))
    : el('p', {}, t('coord.dups_none'));
  screen(main, heading, await coordNav('coord-duplicates'), status,
    el('p', { class: 'meta' }, t('coord.dups_intro')), content);
}
