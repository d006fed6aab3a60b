// One response, a question at a time ('#/survey/ID'), then the review
// ('#/survey/ID/review') where any answer can be changed before
// finishing. Each answer is saved as a draft the moment "Next" is
// pressed; which questions are asked is the answer's `asked` list, worked
// out by the program from the form's `relevant` rules, never here.
import { respondentLine } from './surveys.js';
import { api, el, t, errorSummary, showErrors, screen, showDate, button } from '../lib.js';

let nextId = 0;

// A group of radio buttons or check boxes; returns {node, inputs}.
function choiceGroup(q, type, values, current) {
  const inputs = [];
  const group = el('div', { class: 'choices' });
  for (const v of values) {
    const id = `q${++nextId}`;
    const checked = Array.isArray(current) ? current.includes(v.id) : current === v.id;
    const input = el('input', { type, name: q.id, id, value: String(v.id), checked });
    inputs.push(input);
    group.append(el('div', { class: 'choice' }, input, el('label', { for: id }, v.label)));
  }
  return { node: group, inputs };
}

// A ranking: the ranked items in order, each with up, down and remove;
// the others below with "add". Every move is a button, so a keyboard
// alone ranks; the new place is announced.
function rankingWidget(q, current) {
  let ranked = Array.isArray(current) ? [...current] : [];
  const label = (id) => (q.options.find((o) => o.id === id) || { label: id }).label;
  const node = el('div', { class: 'ranking' });
  const said = el('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  const draw = (focusId, focusAction) => {
    const order = el('ol', { class: 'ranked' });
    ranked.forEach((id, i) => {
      const move = (to) => {
        const [item] = ranked.splice(i, 1);
        ranked.splice(to, 0, item);
        said.textContent = t('survey.rank_now', { label: label(id), n: to + 1 });
        draw(id, to < i ? 'up' : 'down');
      };
      const up = button(t('survey.rank_up'), { class: 'button secondary small', 'data-id': id, 'data-action': 'up', 'aria-label': t('survey.rank_up_named', { label: label(id) }), disabled: i === 0 });
      const down = button(t('survey.rank_down'), { class: 'button secondary small', 'data-id': id, 'data-action': 'down', 'aria-label': t('survey.rank_down_named', { label: label(id) }), disabled: i === ranked.length - 1 });
      const remove = button(t('survey.rank_remove'), { class: 'button secondary small', 'data-id': id, 'data-action': 'remove', 'aria-label': t('survey.rank_remove_named', { label: label(id) }) });
      up.addEventListener('click', () => move(i - 1));
      down.addEventListener('click', () => move(i + 1));
      remove.addEventListener('click', () => {
        ranked.splice(i, 1);
        said.textContent = t('survey.rank_removed', { label: label(id) });
        draw(id, 'add');
      });
      order.append(el('li', {}, el('span', { class: 'rank-no' }, `${i + 1}.`), el('span', { class: 'rank-label' }, label(id)), el('span', { class: 'rank-actions' }, up, down, remove)));
    });
    const rest = el('ul', { class: 'unranked' });
    for (const o of q.options) {
      if (ranked.includes(o.id)) continue;
      const add = button(t('survey.rank_add'), { class: 'button secondary small', 'data-id': o.id, 'data-action': 'add', 'aria-label': t('survey.rank_add_named', { label: o.label }) });
      add.addEventListener('click', () => {
        ranked.push(o.id);
        said.textContent = t('survey.rank_now', { label: o.label, n: ranked.length });
        draw(o.id, 'up');
      });
      rest.append(el('li', {}, el('span', { class: 'rank-label' }, o.label), add));
    }
    node.replaceChildren(
      el('h3', {}, t('survey.ranked')), ranked.length ? order : el('p', { class: 'meta' }, t('survey.rank_none')),
      rest.childElementCount ? el('h3', {}, t('survey.unranked')) : null, rest.childElementCount ? rest : null, said);
    if (focusId) {
      const target = node.querySelector(`[data-id="${CSS.escape(focusId)}"][data-action="${focusAction}"]:not([disabled])`) ||
        node.querySelector(`[data-id="${CSS.escape(focusId)}"]:not([disabled])`) || node.querySelector('button:not([disabled])');
      if (target) target.focus();
    }
  };
  draw();
  return { node, value: () => (ranked.length ? [...ranked] : null) };
}

// The input for question `q` with its answer `current`: {node, value()}.
// value() is the answer, null for none, or undefined with `problem` set
// when what is typed is not an answer of this type.
function widget(q, current) {
  switch (q.type) {
    case 'single_choice': {
      const g = choiceGroup(q, 'radio', q.options, current);
      return { node: g.node, value: () => { const c = g.inputs.find((i) => i.checked); return c ? c.value : null; } };
    }
    case 'multiple_choice': {
      const g = choiceGroup(q, 'checkbox', q.options, current);
      const limit = () => {
        const n = g.inputs.filter((i) => i.checked).length;
        for (const i of g.inputs) i.disabled = q.max_choices > 0 && n >= q.max_choices && !i.checked;
      };
      for (const i of g.inputs) i.addEventListener('change', limit);
      limit();
      return { node: g.node, value: () => { const c = g.inputs.filter((i) => i.checked).map((i) => i.value); return c.length ? c : null; } };
    }
    case 'rating': {
      const values = [];
      for (let v = q.min; v <= q.max; v++) values.push({ id: v, label: String(v) });
      const g = choiceGroup(q, 'radio', values, current);
      g.node.classList.add('scale');
      return { node: g.node, value: () => { const c = g.inputs.find((i) => i.checked); return c ? Number(c.value) : null; } };
    }
    case 'ranking':
      return rankingWidget(q, current);
    case 'number': {
      const input = el('input', { type: 'text', inputmode: 'decimal', class: 'short', name: q.id, autocomplete: 'off', value: current ?? '' });
      return {
        node: input,
        input,
        value: () => {
          const typed = input.value.trim().replace(/\s/g, '').replace(',', '.');
          if (!typed) return null;
          return /^-?\d+(\.\d+)?$/.test(typed) ? Number(typed) : undefined;
        },
      };
    }
    default: {
      const input = el('textarea', { name: q.id, rows: 4, maxlength: q.max_length });
      input.value = current ?? '';
      return { node: input, input, value: () => (input.value.trim() ? input.value.trim() : null) };
    }
  }
}

function ruleOf(q) {
  switch (q.type) {
    case 'single_choice': return t('survey.rule.single');
    case 'multiple_choice': return q.max_choices > 0 ? t('survey.rule.multiple_max', { n: q.max_choices }) : t('survey.rule.multiple');
    case 'ranking': return t('survey.rule.ranking');
    case 'rating': return t('survey.rule.rating', { min: q.min, max: q.max });
    case 'number': return t('survey.rule.number', { min: q.min, max: q.max });
    default: return t('survey.rule.text', { n: q.max_length });
  }
}

// An answer as the person gave it: option labels, not ids.
function answerText(q, answer) {
  if (answer === undefined || answer === null) return t('survey.no_answer');
  const label = (id) => (q.options || []).find((o) => o.id === id)?.label ?? String(id);
  if (Array.isArray(answer)) return q.type === 'ranking' ? answer.map((id, i) => `${i + 1}. ${label(id)}`).join('; ') : answer.map(label).join(', ');
  return q.options ? label(answer) : String(answer);
}

function askedQuestions(data) {
  return data.form.questions.filter((q) => data.asked.includes(q.id));
}

function askScreen(main, data, index, ctx) {
  const asked = askedQuestions(data);
  const q = asked[index];
  const summary = errorSummary();
  const w = widget(q, data.answers[q.id]);
  const error = el('p', { class: 'field-error', id: `${q.id}-error`, hidden: true });
  const hintId = `${q.id}-hint`;
  const hint = el('div', { class: 'hint', id: hintId }, ruleOf(q), q.required ? '' : ` ${t('survey.optional')}`);
  const group = q.type === 'number' || q.type === 'text'
    ? el('div', { class: 'group' }, el('label', { for: (w.input.id = `q-${q.id}`) }, q.text), hint, error, w.node)
    : el('fieldset', { class: 'group', 'aria-describedby': hintId }, el('legend', {}, q.text), hint, error, w.node);
  if (w.input) w.input.setAttribute('aria-describedby', hintId);
  const setError = (message) => {
    group.classList.toggle('has-error', !!message);
    error.hidden = !message;
    error.textContent = message || '';
  };
  const target = { setError, input: w.input || group.querySelector('input, button') || group };
  const next = el('button', { type: 'submit', class: 'button' }, ctx.review ? t('survey.to_review') : t('survey.next'));
  const back = button(t('action.back'), { class: 'button secondary', disabled: index === 0 && !ctx.review });
  back.addEventListener('click', () => (ctx.review ? review(main, data, ctx) : askScreen(main, data, index - 1, ctx)));
  const form = el('form', { novalidate: true }, summary, group, el('div', { class: 'actions' }, next, back));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const answer = w.value();
    if (answer === undefined || (answer === null && q.required)) {
      showErrors(summary, { [q.id]: target }, [{ field: q.id, message: answer === undefined ? ruleOf(q) : t('survey.required') }]);
      return;
    }
    next.disabled = true;
    const before = data.asked;
    try {
      const saved = await api('POST', '/api/response/answer', { id: data.response.id, question: q.id, answer });
      data.answers = saved.answers;
      data.asked = saved.asked;
      ctx.refreshBar();
    } catch (e) {
      next.disabled = false;
      showErrors(summary, { [q.id]: target }, [{ field: q.id, message: e.message }]);
      return;
    }
    const now = askedQuestions(data);
    const at = now.findIndex((x) => x.id === q.id);
    // From the review, a changed answer may open questions not asked
    // before: ask those, then come back to the review.
    ctx.pending = ctx.pending.filter((id) => id !== q.id && data.asked.includes(id));
    for (const x of now) if (!before.includes(x.id) && !ctx.pending.includes(x.id)) ctx.pending.push(x.id);
    if (ctx.review && ctx.pending.length) return askScreen(main, data, now.findIndex((x) => x.id === ctx.pending[0]), ctx);
    if (ctx.review || at + 1 >= now.length) return review(main, data, ctx);
    return askScreen(main, data, at + 1, ctx);
  });
  screen(main, data.form.title,
    el('p', { class: 'meta' }, t('survey.progress', { n: index + 1, total: asked.length })),
    el('p', { class: 'meta' }, t('survey.saved_note')), form);
}

function review(main, data, ctx) {
  ctx.review = true;
  const final = data.response.state === 'final';
  const summary = errorSummary();
  const targets = {};
  const rows = askedQuestions(data).map((q, i) => {
    const change = button(t('action.edit'), { class: 'button secondary small', 'aria-label': t('survey.change_named', { q: q.text }) });
    change.addEventListener('click', () => askScreen(main, data, i, ctx));
    targets[q.id] = { setError: () => {}, input: change };
    return el('div', {}, el('dt', {}, q.text), el('dd', {}, answerText(q, data.answers[q.id]), final ? null : ' ', final ? null : change));
  });
  const details = el('dl', { class: 'details' }, rows);
  const done = el('div', { class: 'result ok', role: 'status', hidden: true });
  const finish = button(t('survey.finish'));
  finish.addEventListener('click', async () => {
    try {
      await api('POST', '/api/response/finish', { id: data.response.id });
      data.response.state = 'final';
      finish.hidden = true;
      for (const b of details.querySelectorAll('button')) b.remove();
      done.hidden = false;
      done.replaceChildren(t('survey.finished'), ' ', el('a', { href: '#/surveys' }, t('survey.to_list')));
      done.focus();
      ctx.refreshBar();
    } catch (e) {
      showErrors(summary, targets, [{ field: e.field, message: e.message }]);
    }
  });
  const head = `${data.form.title}: ${t('survey.review')}`;
  screen(main, head,
    el('p', { class: 'meta' }, `${showDate(data.response.date)} · ${respondentLine(data.response)}`),
    summary, details, done, final ? el('p', {}, t('survey.is_final'), ' ', el('a', { href: '#/surveys' }, t('survey.to_list'))) : el('div', { class: 'actions' }, finish));
}

export async function show(main, { param, refreshBar }) {
  const [id, page] = param.split('/');
  const data = await api('GET', `/api/response?id=${encodeURIComponent(id)}`);
  const ctx = { refreshBar, review: false, pending: [] };
  if (page === 'review' || data.response.state === 'final') return review(main, data, ctx);
  const asked = askedQuestions(data);
  const first = asked.findIndex((q) => !(q.id in data.answers));
  if (first < 0 && asked.length) return review(main, data, ctx);
  return askScreen(main, data, Math.max(first, 0), ctx);
}
