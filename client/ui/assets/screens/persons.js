// Persons: search as you type (either alphabet, small typos forgiven),
// and the way to add one. The search text goes in a POST body, never in
// the address.
import { api, el, t, field, textInput, screen, personLine, debounce } from '../lib.js';

export async function show(main) {
  const search = field(t('persons.search'), textInput('search', '', { type: 'search', spellcheck: 'false' }), t('persons.search_hint'));
  const count = el('p', { class: 'count', 'aria-live': 'polite' });
  const results = el('ul', { class: 'list' });
  let asked = 0;
  const run = async () => {
    const mine = ++asked;
    const text = search.input.value;
    const answer = await api('POST', '/api/persons/search', { text });
    if (mine !== asked) return;  // a later search answered first
    count.textContent = text.trim() ? t('persons.count', { n: answer.found }) : t('persons.total', { n: answer.total });
    results.replaceChildren(...answer.persons.map((p) => el('li', {}, el('a', { href: `#/person/${p.id}` }, personLine(p)))));
    if (!answer.persons.length) results.append(el('li', { class: 'empty' }, t('persons.none')));
  };
  search.input.addEventListener('input', debounce(run, 120));
  screen(main, t('persons.title'),
    el('p', {}, el('a', { class: 'button', href: '#/person/new' }, t('persons.add'))),
    el('div', { role: 'search' }, search.group), count, results);
  await run();
}
