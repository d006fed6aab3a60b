// Background sync while the page is open (a choice on the sync screen,
// kept in this browser): every 5 minutes, and after a failure 10, 20, 40,
// then every 60, back to 5 after a success; each wait varied by a fifth so
// devices on one link do not call at once. Its calls are not activity:
// the idle lock still comes, and a locked profile is left alone.
import { api } from './lib.js';

const KEY = 'hromada.background_sync';
const BASE_MS = 5 * 60 * 1000;
const MAX_MS = 60 * 60 * 1000;

const state = { timer: 0, failures: 0, next_ms: 0, last: null, unlocked: () => false, onSynced: () => {} };

export function enabled() { return localStorage.getItem(KEY) === '1'; }

// {enabled, next_ms (when the next try is due), failures, last: {ok, error}}
export function status() {
  return { enabled: enabled(), next_ms: state.next_ms, failures: state.failures, last: state.last };
}

function delay() {
  const base = Math.min(MAX_MS, BASE_MS * 2 ** state.failures);
  return base * (0.9 + Math.random() * 0.2);
}

function schedule() {
  clearTimeout(state.timer);
  state.next_ms = 0;
  if (!enabled()) return;
  const wait = delay();
  state.next_ms = Date.now() + wait;
  state.timer = setTimeout(run, wait);
}

async function finished() {
  for (;;) {
    const s = await api('GET', '/api/sync');
    if (!s.running) return s;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

async function run() {
  if (!state.unlocked()) { schedule(); return; }
  try {
    await api('POST', '/api/sync/background', {});
    const s = await finished();
    state.last = s.result || null;
    state.failures = s.result && s.result.ok ? 0 : state.failures + 1;
  } catch (e) {
    state.last = { ok: false, error: e.message };
    state.failures += 1;
  }
  state.onSynced();
  schedule();
}

// Starts the timer if the choice is on. `unlocked()` says whether the
// profile is open; `onSynced()` is called after each try.
export function start(unlocked, onSynced) {
  state.unlocked = unlocked;
  state.onSynced = onSynced;
  schedule();
}

export function setEnabled(on) {
  if (on) localStorage.setItem(KEY, '1'); else localStorage.removeItem(KEY);
  state.failures = 0;
  schedule();
}
