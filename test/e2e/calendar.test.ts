// In Chromium: the admin sees the missing-year warning, marks a regional holiday and changes the weekly hours.
import { chromiumAvailable, loginThroughPage, screenshot, type Browser } from '../support/browser';
import { useBrowserApp } from '../support/browser-app';
import type { TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;

run('working calendar page', () => {
  let srv: TestServer;
  let browser: Browser;

  useBrowserApp({}, (app) => ({ srv, browser } = app));

  it('warns about the missing year and records a regional holiday', async () => {
    const { page } = browser;
    await loginThroughPage(page, srv.url, srv.admin.login, srv.admin.password);
    await page.waitForURL(/\/desk$/);
    // Next year has no federal data in callog: the shell warns the admin and leads to the calendar.
    const warning = page.getByTestId('calendar-warning');
    await warning.getByText(`Нет производственного календаря на`, { exact: false }).waitFor();
    await warning.getByRole('button', { name: 'Открыть календарь' }).click();
    await page.waitForURL(/\/admin\/calendar$/);
    const year = Number(await page.getByTestId('calendar-year').textContent());
    // Without the decree, the Labour Code's holidays are there all the same: 1 January, 9 May.
    await page.locator(`[data-date="${year}-01-01"][data-kind="holiday"]`).waitFor();
    await page.locator(`[data-date="${year}-05-09"][data-kind="holiday"]`).waitFor();

    // Federal data is shown for 2025: 1 November works (short), 3 and 4 November are off.
    while (Number(await page.getByTestId('calendar-year').textContent()) > 2025) {
      await page.getByRole('button', { name: 'Предыдущий год' }).click();
    }
    await page.locator('[data-date="2025-11-01"][data-kind="short"]').waitFor();
    await page.locator('[data-date="2025-11-03"][data-kind="transferred_day_off"]').waitFor();
    await page.locator('[data-date="2025-11-04"][data-kind="holiday"]').waitFor();

    await page.getByRole('button', { name: 'Следующий год' }).click();
    await page.locator('[data-date="2026-06-03"][data-kind="working"]').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('03.06.2026 — Рабочий день, 08:30–17:00').waitFor();
    // The choice is made before going on. On a busy machine a click can land while the dropdown is
    // still opening and be lost: the user would click again, and so does the test (at most 3 times).
    const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
    for (let attempt = 1; ; attempt++) {
      if (!(await dropdown.isVisible())) await dialog.getByLabel('Этот день').click();
      await dropdown.getByTitle('Нерабочий (региональный праздник, перенос)').click();
      try {
        await dialog.getByTitle('Нерабочий (региональный праздник, перенос)').waitFor({ timeout: 5000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    await dialog.getByLabel('Основание / название').fill('Региональный праздник');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('03.06.2026: сохранено').waitFor();
    await page.locator('[data-date="2026-06-03"][data-kind="override_day_off"]').waitFor();
    await page.getByRole('row', { name: /03\.06\.2026.*Региональный праздник/ }).waitFor();
    await screenshot(page, 'admin-calendar');

    // The year without data warns on the page too.
    for (let y = 2026; y <= year; y++) await page.getByRole('button', { name: 'Следующий год' }).click();
    await page.getByTestId('calendar-missing').waitFor();
  });
});
