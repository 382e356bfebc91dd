// In Chromium: the admin uploads a production calendar for 2027, is told why a wrong file is refused,
// sees the differences (screenshot at 1440×900), applies them and finds the days changed on the page.
import fs from 'node:fs';
import path from 'node:path';
import { chromiumAvailable, loginThroughPage, SCREENSHOT_DIR, type Browser } from '../support/browser';
import { useBrowserApp } from '../support/browser-app';
import type { TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;
const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

run('production calendar upload', () => {
  let srv: TestServer;
  let browser: Browser;

  useBrowserApp({}, (app) => ({ srv, browser } = app));

  it('refuses a wrong file, shows the differences, applies them', async () => {
    const { page } = browser;
    await loginThroughPage(page, srv.url, srv.admin.login, srv.admin.password);
    await page.waitForURL(/\/desk$/);
    await page.goto(`${srv.url}/admin/calendar`);
    await page.getByTestId('calendar-year').waitFor();

    await page.getByRole('button', { name: 'Загрузить производственный календарь' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Загрузка производственного календаря').waitFor();
    await dialog.getByLabel('Год').fill('2027');

    // The 2026 calendar for 2027: the server's reason is shown as it is.
    await dialog.locator('input[type=file]').setInputFiles(path.join(FIXTURES, 'calendar-ru', '2026.xml'));
    await dialog.getByText('2026.xml').waitFor();
    await dialog.getByRole('button', { name: 'Показать различия' }).click();
    await dialog
      .getByTestId('calendar-import-error')
      .getByText('Это календарь на 2026 год, а выбран 2027: выберите 2026 год или загрузите файл на 2027 год.')
      .waitFor();

    await dialog.locator('input[type=file]').setInputFiles(path.join(FIXTURES, 'calendar-import', '2027-sample.xml'));
    await dialog.getByText('2027-sample.xml', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Показать различия' }).click();
    const diff = dialog.getByTestId('calendar-import-diff');
    await diff.getByText('Изменится дней: 3').waitFor();
    await diff.getByText('только Трудовой кодекс (ст. 112)', { exact: false }).waitFor();
    // (The arrow between was and becomes is hidden from the accessible name.)
    await diff
      .getByRole('row', { name: /05\.11\.2027\s*пятница\s*Рабочий, 08:30–16:00\s*Перенесённый выходной/ })
      .waitFor();
    await diff.getByRole('row', { name: /13\.11\.2027\s*суббота\s*Выходной\s*Рабочий, 08:30–17:00/ }).waitFor();
    await diff
      .getByRole('row', { name: /31\.12\.2027.*Сокращённый, 08:30–15:00\s*Перенесённый выходной.*с 02\.01/ })
      .waitFor();
    expect(await dialog.getByTestId('calendar-import-error').count()).toBe(0);

    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'calendar-upload-diff.png') });

    await dialog.getByRole('button', { name: 'Применить' }).click();
    await page.getByText('Календарь на 2027 год применён, изменено дней: 3').waitFor();
    await dialog.waitFor({ state: 'detached' });

    // The page shows 2027 as uploaded: no missing-year warning, the transferred days in the grid.
    while (Number(await page.getByTestId('calendar-year').textContent()) < 2027) {
      await page.getByRole('button', { name: 'Следующий год' }).click();
    }
    await page.locator('[data-date="2027-11-05"][data-kind="transferred_day_off"]').waitFor();
    await page.locator('[data-date="2027-11-13"][data-kind="working"]').waitFor();
    expect(await page.getByTestId('calendar-missing').count()).toBe(0);
  });
});
