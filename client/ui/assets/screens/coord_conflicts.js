// Conflicts: edits that lost to a concurrent one, as `hromada conflicts`
// lists them, each with the value the record has now and the one that
// lost in words, when and on which device each was written, and "keep
// the current value" / "bring back the lost one" (`--keep current|lost`).
// A conflict names a device by id alone: the page shows its first 8
// characters, or "this device".
import { api, el, t, screen, showTime, communityName, button } from '../lib.js';
import { loadStyle, refused, coordNav } from './coord_common.js';

function who(s) {
  if (s.this_device) return t('coord.this_device');
  if (s.device_name) return t('coord.named_device', { name: s.device_name, id: s.device_short });
  return t('coord.other_device', { id: s.device_short });
}

function sideBox(heading, s) {
  return el('section', { class: 'side', 'aria-label': heading },
    el('h3', {}, heading),
    el('p', { class: 'value' }, s.words),
    el('p', { class: 'meta' }, t('coord.written', { t: showTime(s.at_ms), who: who(s) })));
}

function card(c, act) {
  return el('li', { class: 'pair' },
    el('h2', {}, t('coord.conflict_about', { record: c.record_label, field: c.field_label })),
    el('p', { class: 'meta' }, communityName(c)),
    el('div', { class: 'sides' }, sideBox(t('coord.now'), c.kept), sideBox(t('coord.lost'), c.lost)),
    el('div', { class: 'actions' },
      button(t('coord.keep_current'), { onclick: () => act(c, 'current') }),
      button(t('coord.keep_lost'), { class: 'button secondary', onclick: () => act(c, 'lost') })));
}

export async function show(main, { refreshBar, message = '' } = {}) {
  loadStyle();
  const heading = t('coord.conflicts_title');
  let data;
  try {
    data = await api('GET', '/api/coord/conflicts');
  } catch (e) {
    return refused(main, heading, e);
  }
  const status = el('div', { class: 'result ok', role: 'status', hidden: !message }, message);
  const act = async (c, keep) => {
    try {
      await api('POST', '/api/coord/conflicts/resolve', { id: c.id, keep });
      if (refreshBar) refreshBar();
      const words = keep === 'lost' ? c.lost.words : c.kept.words;
      await show(main, { refreshBar, message: t('coord.resolved', { record: c.record_label, field: c.field_label, value: words }) });
    } catch (e) {
      status.className = 'result failed';
      status.hidden = false;
      status.textContent = e.message;
    }
  };
  const content = data.conflicts.length
    ? el('ol', { class: 'pairs' }, data.conflicts.map((c) => card(c, act)))
    : el('p', {}, t('coord.conflicts_none'));
  screen(main, heading, await coordNav('coord-conflicts'), status,
    el('p', { class: 'meta' }, t('coord.conflicts_intro')), content);
}
