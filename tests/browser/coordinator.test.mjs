// A coordinator's day through the browser: two field devices (the CLI)
// register a near-duplicate and edit one person's phone and gender
// offline, both sync; then a network coordinator, in the browser alone,
// merges the duplicate, resolves both conflicts (one by keyboard alone),
// reads the report inline, downloads it as a workbook and a CSV, and
// sees which community has not reported. After a sync the server's own
// report counts one person, and the restored phone reached the field
// devices. Every screen is checked by axe-core and photographed at 360
// and 1280 px.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { admin, binDir, startServer, startUi, launch, look, workDir } from './harness.mjs';

const problems = [];
const dir = workDir();
const server = await startServer(dir);
const env = { ...process.env, HROMADA_PASSPHRASE: 'польова сесія 2024' };

// `hromada --profile DIR/NAME ARGS`, its output.
function cli(profile, args) {
  return execFileSync(join(binDir, 'hromada'), ['--profile', join(dir, profile, 'profile.db'), ...args],
    { env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}
const idOf = (out) => out.slice(0, 36);

function code(name, communities, role) {
  return admin(server.db, 'add-device', ['--name', name, '--communities', communities, '--role', role, '--json']).code;
}

// Two field devices of Bilozerka, enrolled and synced.
for (const device of ['a', 'b']) {
  cli(device, ['enrol', '--server', server.url, '--code', code(`secretary-${device}`, 'Bilozerka', 'field')]);
  cli(device, ['sync']);
}
// Device a: one person twice (Cyrillic and Latin), both at this month's
// meeting, and a third person both devices will edit.
const olena = idOf(cli('a', ['persons', 'add', 'Олена Петренко', '--birth-year', '1984']));
const twin = idOf(cli('a', ['persons', 'add', 'Olena Petrenko', '--birth-year', '1984']));
const kovalenko = idOf(cli('a', ['persons', 'add', 'Марина Коваленко', '--phone', '0501111111']));
const meeting = idOf(cli('a', ['meetings', 'new']));
cli('a', ['attendance', 'mark', meeting, olena, twin]);
cli('a', ['sync']);
cli('b', ['sync']);
// Offline, each changes the same phone and gender; b's edits are later and win.
cli('a', ['persons', 'edit', kovalenko, 'phone=0502222222', 'gender=male']);
cli('b', ['persons', 'edit', kovalenko, 'phone=0503333333', 'gender=female']);
for (const device of ['a', 'b', 'a']) cli(device, ['sync']);
const before = admin(server.db, 'report', ['--format', 'json']).communities.find((c) => c.name_latin === 'Bilozerka');
assert.equal(before.individuals, 2, 'before the merge the server counts the twins apart');

const ui = await startUi(join(dir, 'coordinator', 'profile.db'));
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  // A network coordinator of Bilozerka and Stanislav: a new profile, the
  // card's text pasted, the first sync.
  await page.goto(ui.url);
  await page.getByLabel('Пароль', { exact: true }).fill('координаторка 2024');
  await page.getByLabel('Пароль ще раз').fill('координаторка 2024');
  await page.getByRole('button', { name: 'Створити й відкрити' }).click();
  await page.getByRole('heading', { name: 'Головна' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Координація' }).count(), 0, 'no coordination before enrolment');
  const card = `hromada://enrol?server=${encodeURIComponent(server.url)}&code=${code('coordinator', 'Bilozerka,Stanislav', 'network-coordinator')}`;
  await page.getByRole('link', { name: 'Підключити пристрій' }).click();
  await page.getByLabel('Текст з QR-картки').fill(card);
  await page.getByRole('button', { name: 'Підключити' }).click();
  await page.getByText('Пристрій підключено').waitFor();
  await page.goto(`${ui.origin}/#/sync`);
  await page.getByRole('button', { name: 'Синхронізувати зараз' }).click();
  await page.locator('.result.ok').waitFor();

  await page.getByRole('link', { name: 'Координація' }).click();
  await page.getByRole('heading', { name: 'Координація' }).waitFor();
  await look(page, 'coord-hub', problems);

  // Duplicates: the pair side by side, merged.
  await page.getByRole('link', { name: 'Можливі дублікати' }).first().click();
  const pair = page.locator('.pair', { hasText: 'Olena Petrenko' });
  await pair.waitFor();
  const pairText = await pair.innerText();
  assert.match(pairText, /Олена Петренко/);
  assert.match(pairText, /1984/);
  assert.match(pairText, /Білозерка/);
  assert.equal((pairText.match(/Зустрічей відвідано:?\s*1/g) || []).length, 2, `each was at one meeting: ${pairText}`);
  await look(page, 'coord-duplicates', problems);
  await pair.getByRole('button', { name: 'Це та сама людина — об\'єднати' }).click();
  await page.getByText('Об\'єднано: Олена Петренко і Olena Petrenko — одна людина.', { exact: false }).waitFor();
  await page.getByText('Можливих дублікатів немає.').waitFor();

  // Conflicts: words, times and devices; the phone brought back by mouse,
  // the gender kept by keyboard alone.
  await page.getByRole('link', { name: 'Конфлікти змін' }).click();
  const phone = page.locator('.pair', { hasText: 'Марина Коваленко: Телефон' });
  const gender = page.locator('.pair', { hasText: 'Марина Коваленко: Стать' });
  await phone.waitFor();
  const phoneText = await phone.innerText();
  assert.match(phoneText, /0503333333[\s\S]*0502222222/, 'the current value, then the one that lost');
  assert.match(phoneText, /на пристрої «secretary-[ab]» \([0-9a-f]{8}…\)/, 'a device by its name and short id');
  assert.match(phoneText, /Записано \d\d\.\d\d\.\d{4} \d\d:\d\d/, 'when');
  const genderText = await gender.innerText();
  assert.match(genderText, /Зараз у записі\s+Жінки/, `words, not codes: ${genderText}`);
  assert.match(genderText, /Значення, що поступилося\s+Чоловіки/);
  assert.doesNotMatch(genderText, /\bfemale\b|\bmale\b/);
  await look(page, 'coord-conflicts', problems);
  await phone.getByRole('button', { name: 'Повернути значення, що поступилося' }).click();
  await page.getByText('Вирішено: Марина Коваленко, Телефон — тепер «0502222222».', { exact: false }).waitFor();
  await gender.getByRole('button', { name: 'Залишити поточне значення' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Відкритих конфліктів немає.').waitFor();

  // The report inline, as the device counts it: one individual now.
  await page.getByRole('link', { name: 'Звіт', exact: true }).click();
  await page.locator('.report [data-figure="individuals"]').waitFor();
  assert.equal(await page.locator('.report [data-figure="individuals"]').innerText(), '1');
  assert.equal(await page.locator('.report [data-figure="merged_records"]').innerText(), '1');
  assert.equal(await page.locator('.report script, .report style').count(), 0, 'nothing runnable kept');
  await look(page, 'coord-report', problems);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Завантажити Excel (.xlsx)' }).click()]);
  assert.match(xlsx.suggestedFilename(), /^hromada-report-\d{4}-\d\d-\d\d\.xlsx$/);
  assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK', 'a workbook is a zip');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Завантажити CSV' }).click()]);
  assert.match(readFileSync(await csv.path()).toString(), /individuals/);
  // A date that does not read is told beside its field.
  await page.getByLabel('З дати').fill('31.02.2024');
  await page.getByRole('button', { name: 'Показати звіт' }).click();
  await page.locator('.field-error').first().waitFor();

  // Who has reported: Bilozerka this month (the first column), Stanislav not.
  await page.getByRole('link', { name: 'Хто звітував' }).click();
  await page.locator('table.coverage').waitFor();
  const rows = page.locator('table.coverage tbody tr');
  assert.equal(await rows.count(), 2);
  const bilozerka = rows.filter({ hasText: 'Білозерка' });
  const stanislav = rows.filter({ hasText: 'Станіслав' });
  assert.match(await bilozerka.locator('td').first().innerText(), /Зустрічей: 1\s+Присутніх: 1\s+Анкет: 0/);
  assert.equal(await stanislav.locator('td.no-report').count(), 6, 'six months, none reported');
  await page.getByText('немає звіту від: Станіслав').waitFor();
  await look(page, 'coord-coverage', problems);

  // Sync: the server counts one person, and the lost phone is back everywhere.
  await page.goto(`${ui.origin}/#/sync`);
  await page.getByRole('button', { name: 'Синхронізувати зараз' }).click();
  await page.locator('.result.ok').waitFor();
  const after = admin(server.db, 'report', ['--format', 'json']).communities.find((c) => c.name_latin === 'Bilozerka');
  assert.equal(after.individuals, 1, 'the server counts the merged twins once');
  assert.equal(after.attendances, 1);
  for (const device of ['a', 'b']) {
    cli(device, ['sync']);
    const shown = cli(device, ['get', 'person', kovalenko]);
    assert.match(shown, /0502222222/, `${device} has the phone brought back`);
  }

  // English: the same screens in words.
  await page.goto(`${ui.origin}/#/coord-coverage`);
  await page.locator('#lang').click();
  await page.getByRole('heading', { name: 'Who has reported' }).waitFor();
  await page.getByText('No report').first().waitFor();
  await look(page, 'coord-coverage-en', problems);
} finally {
  await browser.close();
}
assert.deepEqual(problems, [], problems.join('\n'));
console.log('coordinator: passed');
process.exit(0);  // the exit handler stops the server and hromada ui
