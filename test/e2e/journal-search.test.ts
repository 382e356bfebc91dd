// In Chromium: a specialist searches the journal with words in another form than the entries hold and
// sees the matches marked in the results (issue 12, point 1).
import { chromiumAvailable, loginThroughPage, openBrowser, screenshot, type Browser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;

run('journal search in Chromium', () => {
  let srv: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    srv = await startTestServer({ serveClient: true });
    await srv.createUser({ login: 'ivanova', fullName: 'Иванова Анна Сергеевна' });
    const spec = await srv.agent('ivanova', 'password-123');
    for (const [description, organizationName] of [
      ['Ошибка при входе в электронный журнал у учителей', 'МАОУ СОШ № 7'],
      ['Не выставляются итоговые оценки в журнале 9А', 'МАОУ Гимназия № 21'],
      ['Забыл пароль от Сетевого города', 'МАДОУ Детский сад № 12'],
    ]) {
      const res = await spec.post('/api/entries').send({
        type: 'support',
        subsystem: 'school',
        description,
        organizationName,
        personName: 'Петрова Ирина Викторовна',
        channel: 'phone',
      });
      if (res.status !== 201) throw new Error(`create: ${res.status}`);
    }
    browser = await openBrowser();
    await loginThroughPage(browser.page, srv.url, 'ivanova', 'password-123');
    await browser.page.waitForURL(/\/desk$/);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('«ошибок журналы» finds «Ошибка … журнал» and marks both words; a half-typed word is a prefix', async () => {
    const { page } = browser;
    await page.goto(`${srv.url}/journal`);
    const table = page.getByTestId('journal-table');
    const input = page.locator('input[data-testid="journal-search"], [data-testid="journal-search"] input').first();
    await table.getByRole('row', { name: /Сетевого города/ }).waitFor();
    await input.fill('ошибок журналы');
    await input.press('Enter');
    await table.getByRole('row', { name: /Сетевого города/ }).waitFor({ state: 'detached' });
    const rows = table.locator('tbody tr.ant-table-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('mark').allTextContents()).toEqual(['Ошибка', 'журнал']);
    await screenshot(page, 'journal-search-word-forms');

    await input.fill('итоговых оцен');
    await input.press('Enter');
    await table.getByRole('row', { name: /итоговые оценки/ }).waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('mark').allTextContents()).toEqual(['итоговые', 'оценки']);
  });
});
