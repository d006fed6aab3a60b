// The door of hromada ui, tried from outside: no token, a spent token, a
// foreign Host (DNS rebinding), a POST without the CSRF token or from
// another origin: each is refused and writes nothing. Also: the security
// headers, the CLI told the profile is in use, a wrong passphrase counted.
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { binDir, startUi, launch, workDir } from './harness.mjs';

// A raw request to the UI, with the headers as given (Host included).
function raw(origin, path, { method = 'GET', headers = {}, body = '' } = {}) {
  const url = new URL(path, origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, setHost: !('Host' in headers) },
      (res) => { let data = ''; res.on('data', (d) => { data += d; }); res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: data })); });
    req.on('error', reject);
    req.end(body);
  });
}

const dir = workDir();
const profile = join(dir, 'device', 'profile.db');
const ui = await startUi(profile);
const token = new URL(ui.url).searchParams.get('token');
const port = new URL(ui.url).port;

// No token, no session: nothing is served, not even the page.
assert.equal((await raw(ui.origin, '/')).status, 403);
assert.equal((await raw(ui.origin, '/app.js')).status, 403);
assert.equal((await raw(ui.origin, '/api/session')).status, 403);
assert.equal((await raw(ui.origin, '/?token=' + '0'.repeat(64))).status, 403, 'a wrong token');
// A foreign Host, even with the right token: refused, and the token kept.
const rebound = await raw(ui.origin, `/?token=${token}`, { headers: { Host: `evil.example:${port}` } });
assert.equal(rebound.status, 421);
assert.equal(rebound.headers['set-cookie'], undefined);

const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(ui.url);
  await page.getByRole('heading', { name: 'Створіть пароль для цього пристрою' }).waitFor();
  const cookies = await context.cookies();
  assert.equal(cookies.length, 1);
  assert.ok(cookies[0].httpOnly && cookies[0].sameSite === 'Strict', 'an HttpOnly SameSite=Strict cookie');
  // The token is spent: the same link in another browser opens nothing.
  const other = await browser.newContext();
  const second = await other.newPage();
  assert.equal((await second.goto(ui.url)).status(), 403);
  await other.close();

  // Headers: a strict policy on the page and the API, never stored.
  const pageAnswer = await context.request.get(`${ui.origin}/`);
  assert.match(pageAnswer.headers()['content-security-policy'], /default-src 'self'; script-src 'self'; style-src 'self'/);
  assert.equal(pageAnswer.headers()['x-content-type-options'], 'nosniff');
  const session = await context.request.get(`${ui.origin}/api/session`);
  assert.equal(session.headers()['cache-control'], 'no-store');
  const { csrf } = await session.json();

  // Writes without the CSRF token, with a wrong one, or from another
  // origin: refused with the session cookie, and nothing written (the
  // profile still has no key).
  const unlock = { passphrase: 'a good passphrase', again: 'a good passphrase' };
  const post = (headers) => context.request.post(`${ui.origin}/api/unlock`, { data: unlock, headers, failOnStatusCode: false });
  assert.equal((await post({})).status(), 403, 'no CSRF token');
  assert.equal((await post({ 'X-CSRF-Token': '0'.repeat(64) })).status(), 403, 'a wrong CSRF token');
  assert.equal((await post({ 'X-CSRF-Token': csrf, Origin: 'http://evil.example' })).status(), 403, 'another origin');
  assert.ok(!existsSync(`${profile}.key`), 'nothing was written');
  const stranger = await raw(ui.origin, '/api/unlock', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify(unlock) });
  assert.equal(stranger.status, 403, 'the CSRF token alone, without the cookie');
  assert.ok(!existsSync(`${profile}.key`), 'nothing was written');

  // The page itself may write.
  await page.getByLabel('Пароль', { exact: true }).fill(unlock.passphrase);
  await page.getByLabel('Пароль ще раз').fill(unlock.passphrase);
  await page.getByRole('button', { name: 'Створити й відкрити' }).click();
  await page.getByRole('heading', { name: 'Головна' }).waitFor();
  assert.ok(existsSync(`${profile}.key`));
  const add = await context.request.post(`${ui.origin}/api/persons`, { data: { full_name: 'Олена Петренко' }, failOnStatusCode: false });
  assert.equal(add.status(), 403, 'a person without the CSRF token');
  const found = await context.request.post(`${ui.origin}/api/persons/search`, { data: { text: '' }, headers: { 'X-CSRF-Token': csrf } });
  assert.equal((await found.json()).total, 0, 'nothing was written');
  // An upload over the 10 MB an attachment may have is answered (413, in
  // words) and dropped; an attachment to no record is refused; the page
  // goes on.
  const big = await context.request.post(`${ui.origin}/api/attachments?record=x&name=big.jpg`,
    { data: Buffer.alloc(13 << 20, 1), headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/octet-stream' }, failOnStatusCode: false });
  assert.equal(big.status(), 413);
  assert.match((await big.json()).error, /більший за 10 МБ/);
  const orphan = await context.request.post(`${ui.origin}/api/attachments?record=${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}&name=a.png`,
    { data: Buffer.from('png'), headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/octet-stream' }, failOnStatusCode: false });
  assert.equal(orphan.status(), 404, 'no such record');
  assert.equal((await (await context.request.get(`${ui.origin}/api/session`)).json()).unlocked, true);

  // The CLI on the same profile is told it is in use, in one sentence.
  const cli = await new Promise((resolve) => execFile(join(binDir, 'hromada'), ['--profile', profile, 'status'],
    { env: { ...process.env, HROMADA_PASSPHRASE: unlock.passphrase } }, (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stderr })));
  assert.equal(cli.code, 4);
  assert.match(cli.stderr, /is in use by another hromada program/);
  assert.equal(cli.stderr.trim().split('\n').length, 1);

  // A browser closed by mistake: Enter in the terminal gives a new link,
  // which opens a new session and ends the old one.
  const again = await ui.newLink();
  assert.notEqual(again, ui.url);
  const reopened = await browser.newContext();
  const fresh = await reopened.newPage();
  await fresh.goto(again);
  await fresh.getByRole('heading', { name: 'Розблокуйте профіль' }).waitFor();  // locked for the new link
  await fresh.getByLabel('Пароль', { exact: true }).fill(unlock.passphrase);
  await fresh.getByRole('button', { name: 'Розблокувати' }).click();
  await fresh.getByRole('heading', { name: 'Головна' }).waitFor();
  assert.equal((await context.request.get(`${ui.origin}/api/session`, { failOnStatusCode: false })).status(), 403,
    'the old session ended');
  assert.equal((await (await reopened.newPage()).goto(again)).status(), 403, 'the new link works once');
  await reopened.close();
  await page.goto(await ui.newLink());  // the first tab, with a link of its own, goes on
  await page.getByLabel('Пароль', { exact: true }).fill(unlock.passphrase);
  await page.getByRole('button', { name: 'Розблокувати' }).click();
  await page.getByRole('heading', { name: 'Головна' }).waitFor();

  // Locked again, a wrong passphrase is refused beside its field.
  await page.getByRole('button', { name: 'Заблокувати' }).click();
  await page.getByRole('heading', { name: 'Розблокуйте профіль' }).waitFor();
  await page.getByLabel('Пароль', { exact: true }).fill('not the passphrase');
  await page.getByRole('button', { name: 'Розблокувати' }).click();
  await page.locator('.field-error', { hasText: 'Пароль неправильний' }).waitFor();

  // The wipe asks for a typed word; anything else erases nothing.
  await page.getByLabel('Пароль', { exact: true }).fill(unlock.passphrase);
  await page.getByRole('button', { name: 'Розблокувати' }).click();
  await page.goto(`${ui.origin}/#/settings`);
  await page.getByLabel('Щоб підтвердити, введіть слово СТЕРТИ').fill('стерти');
  await page.getByRole('button', { name: 'Стерти назавжди' }).click();
  await page.locator('.field-error', { hasText: 'великими літерами' }).waitFor();
  assert.ok(existsSync(`${profile}.key`), 'nothing erased');
  await page.getByLabel('Щоб підтвердити, введіть слово СТЕРТИ').fill('СТЕРТИ');
  await page.getByRole('button', { name: 'Стерти назавжди' }).click();
  await page.getByRole('heading', { name: 'Створіть пароль для цього пристрою' }).waitFor();
  assert.ok(!existsSync(`${profile}.key`) && !existsSync(profile), 'the key and the profile are gone');
} finally {
  await browser.close();
}
console.log('security: passed');
process.exit(0);  // the exit handler stops hromada ui
