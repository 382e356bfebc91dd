// In Chromium: a head switches the interface to English from the user menu; the statistics (tiles,
// formulas, charts, tables), the calls, the desk and the wallboard then speak English, with no Russian
// left in what callog writes (the people's names here are English, so any Cyrillic is callog's).
import type { Locator } from 'playwright-core';
import { chromiumAvailable, loginThroughPage, screenshot, type Browser } from '../support/browser';
import { useBrowserApp } from '../support/browser-app';
import type { TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;
const CYRILLIC = /[А-Яа-яЁё]+/g;

const russianIn = async (where: Locator): Promise<string[]> => (await where.innerText()).match(CYRILLIC) ?? [];

run('the work pages in English', () => {
  let srv: TestServer;
  let browser: Browser;

  useBrowserApp(
    {
      ami: true,
      users: [
        { login: 'en-a', fullName: 'Alla Andreeva', extensions: ['101'] },
        { login: 'en-b', fullName: 'Boris Borisov', extensions: ['102'] },
        { login: 'boss', fullName: 'Head of Centre', role: 'head', password: 'head-pass-1' },
      ],
      traces: ['s01-answered-390679', 's03-missed-390679', 's06-queue-abandon', 's07-blind-transfer-101-102'],
    },
    (app) => ({ srv, browser } = app),
  );

  it('shows the statistics, the calls, the desk and the wallboard in English', async () => {
    const { page } = browser;
    await loginThroughPage(page, srv.url, 'boss', 'head-pass-1');
    await page.waitForURL(/\/desk$/);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'English' }).click();

    await page.getByRole('menuitem', { name: 'Statistics' }).click();
    await page.waitForURL(/\/stats$/);
    await page.getByTestId('tile-offered').getByText('Offered').waitFor();
    await page.getByLabel('How it is counted: Service level').hover();
    await page
      .getByRole('tooltip')
      .getByText(/Service level = answered in working hours within 20 seconds/)
      .waitFor();
    await page.getByTestId('target-serviceLevel').getByText('target ≥ 80 %').waitFor();
    await page.getByTestId('stats-specialists').getByText('Calls answered').waitFor();
    await page.getByText('By day: calls and service level').waitFor();
    await page.getByTestId('chart-daily').locator('canvas').first().waitFor();
    await page.getByTestId('chart-heatmap').locator('canvas').first().waitFor();
    await page.getByTestId('chart-sl-calendar').locator('canvas').first().waitFor();
    await page.mouse.move(0, 0);
    expect(await russianIn(page.locator('main'))).toEqual([]);
    await screenshot(page, 'stats-en-1440');

    await page.getByTestId('tile-answered').click();
    await page.waitForURL(/\/calls\?.*bucket=answered/);
    await page.getByTestId('calls-bucket').getByText('Answered').waitFor();
    await page.getByText(/^Total: \d+$/).waitFor();
    await page.getByTestId('calls-bucket').locator('.ant-tag-close-icon').click();
    await page.getByTestId('calls-table').getByText('transferred', { exact: false }).first().waitFor();
    expect(await russianIn(page.locator('main'))).toEqual([]);
    await screenshot(page, 'calls-en-1440');

    await page.getByRole('menuitem', { name: 'Desk' }).click();
    await page.getByText('Missed calls', { exact: true }).waitFor();
    await page.getByTestId('live-strip').getByText('Service level today').waitFor();
    await page.getByText('Awaiting', { exact: true }).waitFor();
    expect(await russianIn(page.locator('main'))).toEqual([]);
    await screenshot(page, 'desk-en-1440');

    await page.goto(`${srv.url}/wallboard`);
    const wall = page.getByTestId('wallboard');
    await wall.getByText('Nobody is waiting now').waitFor();
    await wall.getByText('Answered today').waitFor();
    for (const id of ['wall-tile', 'wall-waiting', 'wall-talking']) {
      for (const part of await wall.getByTestId(id).all()) expect(await russianIn(part)).toEqual([]);
    }
    await screenshot(page, 'wallboard-en-1440');
  });
});
