// Sync: one button, the progress the sync reports (polled every half
// second while it runs), and the result in one sentence. A lost link is
// told in the CLI's words.
import { api, el, t, screen, showBytes, showTime, button } from '../lib.js';
import * as background from '../background.js';

function progressText(p) {
  const lines = [t(`sync.phase.${p.phase}`)];
  if (p.records_expected > 0) lines.push(t('sync.records', { done: p.records_done, expected: p.records_expected }));
  if (p.bytes > 0) lines.push(t('sync.bytes', { bytes: showBytes(p.bytes) }));
  if (p.retrying) lines.push(t('sync.retrying', { s: p.retry_in_s, n: p.retries }));
  return lines.join(' · ');
}

export async function show(main, { refreshBar }) {
  const start = button(t('sync.button'));
  const progress = el('progress', { max: 100, hidden: true });
  const line = el('p', { class: 'progress-line', 'aria-live': 'polite' });
  const result = el('div', { class: 'result', role: 'status', tabindex: '-1', hidden: true });
  let timer = 0;

  const draw = (s) => {
    start.disabled = s.running;
    progress.hidden = !s.running;
    if (s.running) {
      line.textContent = `${t('sync.running')} ${progressText(s.progress)}`;
      const p = s.progress;
      if (p.records_expected > 0) progress.value = Math.min(100, (100 * p.records_done) / p.records_expected);
      else progress.removeAttribute('value');
      return;
    }
    line.textContent = '';
    if (!s.finished) return;
    result.hidden = false;
    result.className = s.result.ok ? 'result ok' : 'result failed';
    const sentences = [s.result.ok ? t('sync.ok', { sent: s.result.sent, received: s.result.received }) : t('sync.failed', { reason: s.result.error })];
    if (s.result.ok && s.result.refused > 0) sentences.push(t('sync.ok_refused', { n: s.result.refused }));
    result.textContent = sentences.join(' ');
  };
  const poll = async () => {
    const s = await api('GET', '/api/sync');
    draw(s);
    if (s.running) { timer = setTimeout(poll, 500); return; }
    refreshBar();
    if (s.finished) result.focus();
  };
  start.addEventListener('click', async () => {
    result.hidden = true;
    clearTimeout(timer);
    try {
      draw(await api('POST', '/api/sync', {}));
      timer = setTimeout(poll, 300);
    } catch (e) {
      result.hidden = false;
      result.className = 'result failed';
      result.textContent = e.message;
    }
  });
  // Background sync: the choice, and when it tries next.
  const auto = el('input', { type: 'checkbox', id: 'auto-sync', checked: background.enabled() });
  const autoNote = el('p', { class: 'meta', 'aria-live': 'polite' });
  const drawAuto = () => {
    const b = background.status();
    const parts = [];
    if (b.enabled && b.next_ms) parts.push(t('sync.auto_next', { t: showTime(b.next_ms) }));
    if (b.enabled && b.failures > 0) parts.push(t('sync.auto_failed', { n: b.failures }));
    autoNote.textContent = parts.join(' ');
  };
  auto.addEventListener('change', () => { background.setEnabled(auto.checked); drawAuto(); });
  drawAuto();
  const autoGroup = el('div', { class: 'group' }, el('div', { class: 'choice' }, auto, el('label', { for: 'auto-sync' }, t('sync.auto'))),
    el('div', { class: 'hint' }, t('sync.auto_hint')), autoNote);
  screen(main, t('sync.title'), el('p', {}, t('sync.intro')), start, progress, line, result, el('h2', {}, t('sync.auto_title')), autoGroup);
  const now = await api('GET', '/api/sync');
  draw(now);
  if (now.running) timer = setTimeout(poll, 500);
}
