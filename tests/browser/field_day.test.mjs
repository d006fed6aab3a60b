// A field day through the browser alone: enrol, ten persons (a
// near-duplicate caught as it is typed), two meetings with attendance by
// the roster, a walk-in and "same as last meeting", a sync; then the
// server's own report must count exactly that. Every screen is checked
// by axe-core and photographed at 360 and 1280 px.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { admin, startServer, startUi, launch, look, workDir } from './harness.mjs';

const PERSONS = [
  ['Олена Петренко', '1984'], ['Кирило Шевченко', '1990'], ['Марія Коваль', '1975'],
  ['Андрій Бондаренко', '1988'], ['Ірина Мельник', '1969'], ['Тарас Ткаченко', '2001'],
  ['Наталія Кравченко', '1993'], ['Олег Поліщук', '1980'], ['Світлана Лисенко', '1979'],
  ['Василь Гнатюк', '1958'],
];

const problems = [];
const dir = workDir();
const server = await startServer(dir);
const { code } = admin(server.db, 'add-device', ['--name', 'secretary', '--communities', 'Bilozerka', '--role', 'field', '--json']);
const ui = await startUi(join(dir, 'device', 'profile.db'));
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // A refusal the test asks for (a short passphrase, a wrong code) logs
  // its HTTP status; any other console error is a problem.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });

  // Unlock: a new profile asks for a passphrase twice; a short one is
  // refused beside its field.
  await page.goto(ui.url);
  await page.getByRole('heading', { name: 'Створіть пароль для цього пристрою' }).waitFor();
  assert.equal(new URL(page.url()).search, '', 'the token leaves the address bar');
  await page.getByLabel('Пароль', { exact: true }).fill('short');
  await page.getByLabel('Пароль ще раз').fill('short');
  await page.getByRole('button', { name: 'Створити й відкрити' }).click();
  await page.locator('.field-error', { hasText: 'щонайменше 8 символів' }).waitFor();
  await look(page, 'unlock', problems);
  await page.getByLabel('Пароль', { exact: true }).fill('польова сесія 2024');
  await page.getByLabel('Пароль ще раз').fill('польова сесія 2024');
  await page.getByRole('button', { name: 'Створити й відкрити' }).click();
  await page.getByRole('heading', { name: 'Головна' }).waitFor();
  await look(page, 'home-new', problems);

  // Enrol by pasting the QR card's text.
  await page.getByRole('link', { name: 'Підключити пристрій' }).click();
  await page.getByLabel('Текст з QR-картки').fill(`hromada://enrol?server=${server.url}&code=WRONG-CODE`);
  await page.getByRole('button', { name: 'Підключити' }).click();
  await page.locator('.has-error').first().waitFor();
  await look(page, 'enrol', problems);
  await page.getByLabel('Текст з QR-картки').fill(`hromada://enrol?server=${encodeURIComponent(server.url)}&code=${code}`);
  await page.getByRole('button', { name: 'Підключити' }).click();
  await page.getByText('Пристрій підключено').waitFor();

  // The first sync brings the community's name.
  await page.goto(`${ui.origin}/#/sync`);
  await page.getByRole('button', { name: 'Синхронізувати зараз' }).click();
  await page.locator('.result.ok').waitFor();

  // Ten persons; the eleventh, typed in Latin, is caught before saving.
  for (const [name, year] of PERSONS) {
    await page.goto(`${ui.origin}/#/person/new`);
    await page.getByLabel('Прізвище та ім\'я').fill(name);
    await page.getByLabel('Рік народження').fill(year);
    await page.getByLabel('Стать').selectOption({ label: /^(Олена|Марія|Ірина|Наталія|Світлана)/.test(name) ? 'Жінки' : 'Чоловіки' });
    await page.getByRole('button', { name: 'Зберегти', exact: true }).click();
    await page.getByRole('heading', { name }).waitFor();
  }
  await look(page, 'person', problems);
  await page.goto(`${ui.origin}/#/person/new`);
  await page.getByLabel('Прізвище та ім\'я').fill('Olena Petrenko');
  await page.getByLabel('Рік народження').fill('1984');
  await page.getByText('Можливо, ця людина вже є').waitFor();
  assert.match(await page.locator('.hints').innerText(), /Олена Петренко, 1984, Білозерка/);
  await look(page, 'person-duplicate', problems);
  await page.getByRole('button', { name: 'Зберегти', exact: true }).click();  // still the hint, nothing saved
  await page.getByRole('button', { name: 'Так, відкрити цей запис' }).click();
  await page.getByRole('heading', { name: 'Олена Петренко' }).waitFor();
  // Her record: waiting to be sent; an edit adds her phone.
  await page.getByText('Чекає на надсилання (змін: 1)').waitFor();
  await page.getByRole('button', { name: 'Змінити' }).click();
  await page.getByLabel('Телефон').fill('+380 67 123 45 67');
  await page.getByLabel('Внутрішньо переміщена особа (ВПО)').selectOption({ label: 'Так' });
  await page.getByRole('button', { name: 'Зберегти', exact: true }).click();
  await page.getByText('+380 67 123 45 67').waitFor();
  await page.getByText('Чекає на надсилання (змін: 2)').waitFor();

  // Search as you type: the other alphabet, with a typo.
  await page.goto(`${ui.origin}/#/persons`);
  await page.getByLabel('Пошук за ім\'ям').fill('shevchenko kyrylo');
  await page.locator('.list a', { hasText: 'Кирило Шевченко' }).waitFor();
  await page.getByLabel('Пошук за ім\'ям').fill('Коавль');
  await page.locator('.list a', { hasText: 'Марія Коваль' }).waitFor();
  await look(page, 'persons', problems);

  // Meeting 1: six ticked on the roster, and a walk-in.
  await page.goto(`${ui.origin}/#/meetings/new`);
  await page.getByLabel('Дата').fill('1.5.2024');
  await look(page, 'meeting-new', problems);
  await page.getByRole('button', { name: 'Створити й відкрити список присутніх' }).click();
  await page.getByRole('heading', { name: /Присутні на зустрічі: № 1, 01\.05\.2024/ }).waitFor();
  for (const [name] of PERSONS.slice(0, 6)) await page.getByLabel(new RegExp(name)).check();
  await page.getByText('Присутні: 6 з 10').waitFor();
  await page.getByText('Прийшов новий учасник').click();
  await page.getByLabel('Прізвище та ім\'я').fill('Богдан Руденко');
  await page.getByLabel('Рік народження').fill('1999');
  await page.getByRole('button', { name: 'Додати й позначити присутнім' }).click();
  await page.getByText('Присутні: 7 з 11').waitFor();
  await look(page, 'roster', problems);

  // Meeting 2: the same people as last time, less one, unticked by keyboard.
  await page.goto(`${ui.origin}/#/meetings/new`);
  await page.getByLabel('Дата').fill('08.05.2024');
  await page.getByRole('button', { name: 'Створити й відкрити список присутніх' }).click();
  await page.getByRole('heading', { name: /№ 2, 08\.05\.2024/ }).waitFor();
  await page.getByRole('button', { name: 'Як на минулій зустрічі' }).click();
  await page.getByText('Позначено ще 7 з минулої зустрічі.').waitFor();
  await page.getByText('Присутні: 7 з 11').waitFor();
  await page.getByLabel(/Тарас Ткаченко/).focus();
  await page.keyboard.press('Space');
  await page.getByText('Присутні: 6 з 11').waitFor();
  await page.getByLabel('Знайти в списку').fill('олена');
  assert.equal(await page.locator('.checklist li').count(), 1, 'the filter leaves one person');

  // An initiative proposed, then moved twice; a move dated before the
  // status it leaves is refused beside the date.
  await page.goto(`${ui.origin}/#/initiatives/new`);
  await page.getByLabel('Назва').fill('Укриття біля школи');
  await page.getByLabel('Орієнтовна вартість, грн').fill('80 000');
  await page.getByLabel('Дата пропозиції').fill('02.05.2024');
  await page.getByRole('button', { name: 'Додати ініціативу' }).click();
  const card = page.locator('.card', { hasText: 'Укриття біля школи' });
  await card.waitFor();
  await card.getByText('Перевести', { exact: true }).first().click();
  await card.getByLabel('Перевести в').selectOption({ label: 'Пріоритизовано' });
  await card.getByLabel('Дата переходу').fill('01.05.2024');
  await card.getByRole('button', { name: 'Перевести' }).click();
  await card.locator('.field-error', { hasText: 'раніше попереднього статусу (02.05.2024)' }).waitFor();
  await card.getByLabel('Дата переходу').fill('10.05.2024');
  await card.getByRole('button', { name: 'Перевести' }).click();
  await page.locator('section[aria-label="Пріоритизовано"] .card', { hasText: 'Укриття біля школи' }).waitFor();
  const moved = page.locator('.card', { hasText: 'Укриття біля школи' });
  await moved.getByText('Перевести', { exact: true }).first().click();
  await moved.getByLabel('Перевести в').selectOption({ label: 'На розгляді' });
  await moved.getByLabel('Дата переходу').fill('20.05.2024');
  await moved.getByRole('button', { name: 'Перевести' }).click();
  await page.locator('section[aria-label="На розгляді"] .card', { hasText: 'з 20.05.2024' }).waitFor();
  await look(page, 'initiatives', problems);

  await page.goto(`${ui.origin}/#/meetings`);
  await page.getByText('Присутні: 6').waitFor();
  await look(page, 'meetings', problems);
  await page.goto(`${ui.origin}/#/home`);
  await page.getByRole('heading', { name: 'Головна' }).waitFor();
  await look(page, 'home', problems);

  // Sync, then the server's report counts what the browser entered.
  await page.goto(`${ui.origin}/#/sync`);
  await page.getByRole('button', { name: 'Синхронізувати зараз' }).click();
  await page.locator('.result.ok').waitFor();
  assert.match(await page.locator('.result').innerText(), /Синхронізовано. Надіслано змін: \d+/);
  await look(page, 'sync', problems);
  const report = admin(server.db, 'report', ['--format', 'json']);
  const bilozerka = report.communities.find((c) => c.name_latin === 'Bilozerka');
  assert.deepEqual({ individuals: bilozerka.individuals, meetings: bilozerka.meetings, attendances: bilozerka.attendances },
    // 6 ticked and a walk-in came to the first meeting; 6 of them to the second.
    { individuals: 7, meetings: 2, attendances: 13 }, 'the server counts what the browser entered');
  assert.equal(JSON.stringify(report).includes('Укриття біля школи'), true, 'the initiative reached the server');

  // Settings: a new passphrase, typed twice.
  await page.goto(`${ui.origin}/#/settings`);
  await page.getByLabel('Новий пароль').fill('ще краща фраза');
  await page.getByLabel('Пароль ще раз').fill('ще краща фраза');
  await page.getByRole('button', { name: 'Зберегти', exact: true }).click();
  await page.getByText('Пароль змінено').waitFor();
  await look(page, 'settings', problems);

  // English by the switch: words, not codes.
  await page.goto(`${ui.origin}/#/person/new`);
  await page.locator('#lang').click();
  await page.getByRole('heading', { name: 'New person' }).waitFor();
  assert.ok((await page.getByLabel('Gender').innerText()).includes('Women'), 'gender options are words');
  await look(page, 'person-new-en', problems);
} finally {
  await browser.close();
}
assert.deepEqual(problems, [], problems.join('\n'));
console.log('field day: passed');
process.exit(0);  // the exit handler stops the server and hromada ui
