// In Chromium: the admin switches the interface to English from the user menu; the admin pages, the
// reports page and the password dialog then speak English, with no Russian left in what callog writes.
import type { Page } from 'playwright-core';
import { chromiumAvailable, loginThroughPage, screenshot, type Browser } from '../support/browser';
import { useBrowserApp } from '../support/browser-app';
import type { TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;
const CYRILLIC = /[А-Яа-яЁё]+/g;

/** The Russian words left in the page's main area (the frame's header holds the user's own name). */
async function russianIn(page: Page): Promise<string[]> {
  const text = await page.locator('main').innerText();
  return text.match(CYRILLIC) ?? [];
}

run('the admin pages in English', () => {
  let srv: TestServer;
  let browser: Browser;

  useBrowserApp({}, (app) => ({ srv, browser } = app));

  it('switches to English and shows the calendar, the directory, the users, the reports and the password dialog in it', async () => {
    const { page } = browser;
    await loginThroughPage(page, srv.url, srv.admin.login, srv.admin.password);
    await page.waitForURL(/\/desk$/);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'Administration' }).waitFor();

    // The calendar: the shell's missing-year warning, the months, the week, the legend.
    const warning = page.getByTestId('calendar-warning');
    await warning.getByText('No production calendar for', { exact: false }).waitFor();
    await warning.getByRole('button', { name: 'Open the calendar' }).click();
    await page.waitForURL(/\/admin\/calendar$/);
    await page.getByRole('button', { name: 'Previous year' }).click();
    const year = Number(await page.getByTestId('calendar-year').textContent());
    await page.getByText(`Calendar for ${year}`).waitFor();
    await page.getByText('Working week', { exact: true }).waitFor();
    await page.getByRole('checkbox', { name: 'Monday' }).waitFor();
    await page.getByText('January', { exact: true }).waitFor();
    await page.getByText('changed by an administrator').waitFor();
    expect(await russianIn(page)).toEqual([]);
    await screenshot(page, 'admin-calendar-en');

    await page.locator(`[data-date="${year}-01-01"]`).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`01.01.${year} — Holiday`).waitFor();
    await dialog.getByLabel('This day').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('menuitem', { name: 'Organisations' }).click();
    await page.getByText('Directory of educational organisations').waitFor();
    await page.getByRole('button', { name: 'Upload CSV' }).waitFor();
    await page.getByRole('columnheader', { name: 'Municipality' }).waitFor();

    await page.getByRole('menuitem', { name: 'Users', exact: true }).click();
    const throttles = page.getByTestId('throttles');
    await throttles.getByText('Failed login attempts', { exact: true }).waitFor();
    await throttles.getByText('No failed login attempts').waitFor();

    await page.getByRole('menuitem', { name: 'Reports' }).click();
    await page.getByRole('button', { name: 'Download PDF' }).waitFor();
    await page.getByText('Journal hand-over for', { exact: false }).waitFor();
    await page.getByRole('columnheader', { name: 'Accepted by the head' }).waitFor();

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Change password' }).click();
    const pw = page.getByRole('dialog', { name: 'Password change' });
    // Every field is typed by the test. Submitting the empty form failed once in CI (its message never
    // came; not reproduced here, 8 runs, 3 of them under load); Chromium's password manager filling
    // the current password after the login it saw is one candidate.
    await pw.getByLabel('Current password').fill('admin-password-1');
    await pw.getByLabel('New password', { exact: true }).fill('short');
    await pw.getByLabel('New password again').fill('other');
    await pw.getByTestId('pw-submit').click();
    await pw.getByText('New password: at least 8 characters').waitFor();
    await pw.getByText('The passwords do not match').waitFor();
    await screenshot(page, 'password-dialog-en');
  });
});
