// A field day through the browser alone: enrol, ten persons (a
// near-duplicate caught as it is typed), two meetings with attendance by
// the roster, a walk-in and "same as last meeting", a sync; then the
// server's own report must count exactly that. Every screen is checked
// by axe-core and photographed at 360 and 1280 px.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { admin, callFromPage, cli, startServer, startUi, launch, look, workDir } from './harness.mjs';

const PERSONS = [
  ['Олена Петренко', '1984'], ['Кирило Шевченко', '1990'], ['Марія Коваль', '1975'],
  ['Андрій Бондаренко', '1988'], ['Ірина Мельник', '1969'], ['Тарас Ткаченко', '2001'],
  ['Наталія Кравченко', '1993'], ['Олег Поліщук', '1980'], ['Світлана Лисенко', '1979'],
  ['Василь Гнатюк', '1958'],
];

// A 1×1 PNG: a photo, as far as the program can tell.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const problems = [];
const dir = workDir();
const server = await startServer(dir);
const { code } = admin(server.db, 'add-device', ['--name', 'secretary', '--communities', 'Bilozerka', '--role', 'field', '--json']);

// A network coordinator publishes the needs form from the CLI: a question
// asked only of the displaced, a ranking, a rating and a choice of two.
const network = admin(server.db, 'add-device', ['--name', 'network', '--communities', 'Bilozerka', '--role', 'network-coordinator', '--json']);
const coordinator = join(dir, 'coordinator', 'profile.db');
cli(coordinator, ['enrol', '--server', server.url, '--code', network.code, '--name', 'network']);
writeFileSync(join(dir, 'needs.yaml'), `form: needs
version: 1
title: Потреби громади
questions:
  - id: kind
    type: single_choice
    text: Хто відповідає?
    required: true
    options:
      - {id: resident, label: Місцевий мешканець}
      - {id: idp, label: Переселенець}
  - id: months
    type: number
    text: Скільки місяців тому переїхали?
    min: 0
    max: 600
    relevant: {question: kind, chosen: idp}
  - id: top_needs
    type: ranking
    text: Що потрібно громаді найбільше?
    required: true
    options:
      - {id: shelter, label: Укриття}
      - {id: water, label: Вода}
      - {id: lighting, label: Освітлення вулиць}
      - {id: transport, label: Транспорт}
  - id: safety
    type: rating
    text: Наскільки безпечно ввечері?
    min: 1
    max: 5
  - id: services
    type: multiple_choice
    text: Якими службами користувалися?
    max_choices: 2
    options:
      - {id: police, label: Поліція}
      - {id: rescue, label: ДСНС}
      - {id: cnap, label: ЦНАП}
  - id: comment
    type: text
    text: Що ще важливо?
`);
cli(coordinator, ['surveys', 'publish', join(dir, 'needs.yaml')]);
cli(coordinator, ['sync']);
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
  // A photo of the sign-in sheet: the file input a phone opens its camera from.
  const input = page.getByLabel('Додати фото або файл');
  assert.equal(await input.getAttribute('capture'), 'environment', 'a phone opens its camera');
  await input.setInputFiles({ name: 'лист присутності.png', mimeType: 'image/png', buffer: PIXEL });
  await page.getByText('Додано: лист присутності.png').waitFor();
  await page.locator('img.thumb[alt="лист присутності.png"]').waitFor();
  assert.equal(await page.locator('img.thumb').evaluate((img) => img.naturalWidth), 1, 'the picture is shown');
  const firstMeeting = page.url();
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

  // A survey: an anonymous displaced woman. The question for the
  // displaced appears only after that answer; a number out of range is
  // refused beside it; the ranking is made by buttons alone; the review
  // changes an answer, and the response is finished.
  await page.goto(`${ui.origin}/#/surveys`);
  await page.getByRole('link', { name: 'Заповнити: Потреби громади' }).click();
  await page.getByLabel('Стать').selectOption({ label: 'Жінки' });
  await page.getByLabel('Рік народження').fill('1979');
  await page.getByLabel('Внутрішньо переміщена особа (ВПО)').selectOption({ label: 'Так' });
  await look(page, 'survey-start', problems);
  await page.getByRole('button', { name: 'Почати' }).click();
  await page.getByText('Питання 1 з 5').waitFor();
  await page.getByRole('button', { name: 'Далі' }).click();
  await page.locator('.field-error', { hasText: 'Це питання потребує відповіді.' }).waitFor();
  await page.getByLabel('Переселенець').check();
  await look(page, 'survey-choice', problems);
  await page.getByRole('button', { name: 'Далі' }).click();
  await page.getByText('Питання 2 з 6').waitFor();
  await page.getByLabel('Скільки місяців тому переїхали?').fill('900');
  await page.getByRole('button', { name: 'Далі' }).click();
  await page.locator('.field-error', { hasText: 'Число від 0 до 600.' }).waitFor();
  await page.getByLabel('Скільки місяців тому переїхали?').fill('14');
  await page.getByRole('button', { name: 'Далі' }).click();
  await page.getByText('Питання 3 з 6').waitFor();
  await page.getByRole('button', { name: 'Додати: Вода' }).click();
  await page.getByRole('button', { name: 'Додати: Укриття' }).click();
  await page.getByRole('button', { name: 'Додати: Освітлення вулиць' }).click();
  await page.getByRole('button', { name: 'Вище: Укриття' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('«Укриття» тепер на місці 1.').waitFor();
  assert.deepEqual(await page.locator('.ranked .rank-label').allInnerTexts(), ['Укриття', 'Вода', 'Освітлення вулиць']);
  await look(page, 'survey-ranking', problems);
  await page.getByRole('button', { name: 'Далі' }).click();
  await page.getByText('Питання 4 з 6').waitFor();
  await page.getByLabel('4', { exact: true }).check();
  await page.getByRole('button', { name: 'Далі' }).click();
  await page.getByLabel('Поліція').check();
  await page.getByLabel('ДСНС').check();
  assert.equal(await page.getByLabel('ЦНАП').isDisabled(), true, 'a third service cannot be chosen');
  await page.getByRole('button', { name: 'Далі' }).click();
  await page.getByText('Питання 6 з 6').waitFor();
  // The last, optional: left empty. The draft has kept every answer.
  await page.getByRole('button', { name: 'Далі' }).click();
  await page.getByRole('heading', { name: /перевірка відповідей/ }).waitFor();
  await look(page, 'survey-review', problems);
  await page.getByRole('button', { name: 'Змінити відповідь: Наскільки безпечно ввечері?' }).click();
  await page.getByLabel('2', { exact: true }).check();
  await page.getByRole('button', { name: 'Зберегти й повернутися до перевірки' }).click();
  await page.getByRole('heading', { name: /перевірка відповідей/ }).waitFor();
  assert.match(await page.locator('dl.details').innerText(), /Наскільки безпечно ввечері\?\s+2/);
  assert.match(await page.locator('dl.details').innerText(), /1\. Укриття; 2\. Вода; 3\. Освітлення вулиць/);
  await page.getByRole('button', { name: 'Завершити опитування' }).click();
  await page.getByText('Опитування завершено й збережено.').waitFor();
  // A finished response keeps its answers: a late answer is refused.
  const finished = new URL(page.url()).hash.split('/')[2];
  const late = await callFromPage(page, '/api/response/answer', { id: finished, question: 'safety', answer: 5 });
  assert.equal(late.status, 409, 'a finished survey cannot be changed');
  // A draft begun by mistake is discarded; a finished response is not.
  const { forms } = (await callFromPage(page, '/api/surveys')).body;
  const { id: mistake } = (await callFromPage(page, '/api/surveys/start', { survey: forms[0].id, date: '01.05.2024' })).body;
  const discarded = [(await callFromPage(page, '/api/response/discard', { id: mistake })).status,
    (await callFromPage(page, `/api/response?id=${mistake}`)).status,
    (await callFromPage(page, '/api/response/discard', { id: finished })).status];
  assert.deepEqual(discarded, [200, 404, 409]);
  await page.goto(`${ui.origin}/#/surveys`);
  await page.getByRole('heading', { name: 'Завершені нещодавно' }).waitFor();
  await look(page, 'surveys', problems);

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
  await page.goto(firstMeeting);
  await page.locator('.attachments', { hasText: /B · надіслано/ }).waitFor();
  await look(page, 'sync', problems);
  const report = admin(server.db, 'report', ['--format', 'json']);
  const bilozerka = report.communities.find((c) => c.name_latin === 'Bilozerka');
  assert.deepEqual({ individuals: bilozerka.individuals, meetings: bilozerka.meetings, attendances: bilozerka.attendances },
    // 6 ticked and a walk-in came to the first meeting; 6 of them to the second.
    { individuals: 7, meetings: 2, attendances: 13 }, 'the server counts what the browser entered');
  assert.equal(JSON.stringify(report).includes('Укриття біля школи'), true, 'the initiative reached the server');
  assert.equal(report.survey_responses, 1, 'the finished survey reached the server');
  const ranked = report.needs.find((n) => n.question_id === 'top_needs');
  assert.deepEqual(ranked.ranked.map((r) => r.option_id).slice(0, 3), ['shelter', 'water', 'lighting'], 'the ranking as made by the buttons');

  // Settings: a new passphrase, typed twice.
  await page.goto(`${ui.origin}/#/settings`);
  await page.getByLabel('Новий пароль').fill('ще краща фраза');
  await page.getByLabel('Пароль ще раз').fill('ще краща фраза');
  await page.getByRole('button', { name: 'Зберегти', exact: true }).click();
  await page.getByText('Пароль змінено').waitFor();
  await look(page, 'settings', problems);

  // Background sync: on by a tick on the sync screen; a new person is
  // sent without a press (the page's clock is run ahead).
  await page.clock.install();
  await page.goto(`${ui.origin}/#/person/new`);
  await page.getByLabel('Прізвище та ім\'я').fill('Ярослава Мороз');
  await page.getByRole('button', { name: 'Зберегти', exact: true }).click();
  await page.getByRole('heading', { name: 'Ярослава Мороз' }).waitFor();
  await page.goto(`${ui.origin}/#/sync`);
  await page.getByLabel('Синхронізувати самостійно, поки ця сторінка відкрита').check();
  await page.getByText('Наступна спроба:').waitFor();
  await look(page, 'sync-auto', problems);
  const bar = page.locator('#bar');
  for (let i = 0; i < 60 && !/Чекає на надсилання: 0/.test(await bar.innerText()); i++) {
    await page.clock.fastForward('00:30');
    await page.waitForTimeout(200);
  }
  assert.match(await bar.innerText(), /Чекає на надсилання: 0/, 'the background sync sent the new person');
  assert.equal(admin(server.db, 'report', ['--format', 'json']).individuals, 7, 'attendance unchanged');

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
