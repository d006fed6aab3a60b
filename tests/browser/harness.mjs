// What the browser tests share: a real hromada-server on loopback (as
// tests/support/server_process.h runs it), `hromada ui` on a fresh
// profile, and Debian's Chromium driven by playwright-core. Every process
// started here is killed when the test ends, passing or not.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const binDir = process.env.HROMADA_BIN_DIR;
export const shotDir = process.env.HROMADA_SCREENSHOTS || join(tmpdir(), 'hromada-ui-screens');
if (!binDir) throw new Error('set HROMADA_BIN_DIR to the build tree bin/ folder');

const children = [];
process.on('exit', () => { for (const c of children) { try { c.kill('SIGKILL'); } catch (e) { /* gone */ } } });

export function workDir() {
  const dir = mkdtempSync(join(tmpdir(), 'hromada-ui-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// hromada-server admin SUBCOMMAND --db DB ARGS, its JSON output parsed
// (ARGS ask for JSON: --json, or --format json).
export function admin(db, sub, args = []) {
  const out = execFileSync(join(binDir, 'hromada-server'), ['admin', sub, '--db', db, ...args]);
  return JSON.parse(out.toString());
}

export async function startServer(dir) {
  const db = join(dir, 'server.db');
  const portFile = join(dir, 'port');
  const child = spawn(join(binDir, 'hromada-server'),
    ['serve', '--db', db, '--listen', '127.0.0.1:0', '--port-file', portFile], { stdio: 'ignore' });
  children.push(child);
  for (let i = 0; i < 200 && !existsSync(portFile); i++) await sleep(50);
  const port = readFileSync(portFile, 'utf8').trim();
  return { db, url: `http://127.0.0.1:${port}`, child };
}

// `hromada --profile PROFILE ui --no-open`: resolves to the printed URL.
export async function startUi(profile, extra = []) {
  mkdirSync(join(profile, '..'), { recursive: true });
  const child = spawn(join(binDir, 'hromada'), ['--profile', profile, 'ui', '--no-open', ...extra],
    { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(https?:\/\/\S+\?token=[0-9a-f]+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`hromada ui exited ${code}: ${err}`)));
  });
  // A new link, as a person gets one by pressing Enter in its terminal.
  const newLink = async () => {
    const before = out.length;
    child.stdin.write('\n');
    for (let i = 0; i < 100; i++) {
      const m = /(https?:\/\/\S+\?token=[0-9a-f]+)/.exec(out.slice(before));
      if (m) return m[1];
      await sleep(50);
    }
    throw new Error(`no new link: ${out.slice(before)}`);
  };
  return { url, origin: new URL(url).origin, child, stderr: () => err, newLink };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.HROMADA_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// axe-core over the page as it is: the violations a person would meet
// that axe calls serious or critical.
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export async function seriousViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
}

// Screenshots of the page at 360 and 1280 px, and the axe check.
export async function look(page, name, problems) {
  mkdirSync(shotDir, { recursive: true });
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: join(shotDir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const v of await seriousViolations(page)) problems.push(`${name}: ${v}`);
}

// `hromada --profile PROFILE ARGS` with the passphrase in the
// environment: its standard output, or a thrown error with its stderr.
export function cli(profile, args, passphrase = 'координатор 2024') {
  mkdirSync(join(profile, '..'), { recursive: true });
  return execFileSync(join(binDir, 'hromada'), ['--profile', profile, ...args],
    { env: { ...process.env, HROMADA_PASSPHRASE: passphrase }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

// A call to hromada ui from inside `page`, as the page's own script makes
// it (its session cookie and CSRF token): {status, body}. `body` given:
// a POST of it as JSON; else a GET.
export async function callFromPage(page, path, body) {
  return page.evaluate(async ([to, data]) => {
    const init = { method: 'GET', headers: {} };
    if (data !== null) {
      const { csrf } = await (await fetch('/api/session')).json();
      Object.assign(init, { method: 'POST', body: JSON.stringify(data), headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf } });
    }
    const r = await fetch(to, init);
    return { status: r.status, body: await r.json().catch(() => null) };
  }, [path, body === undefined ? null : body]);
}
