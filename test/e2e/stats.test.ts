// In Chromium: the statistics page on calls replayed from the recordings: tiles with their formulas,
// the daily chart and the heatmap drawn, the specialists' table; looked at in screenshots.
import type { Page } from 'playwright-core';
import { localDate } from '../../shared/datetime';
import type { StatsDto } from '../../shared/stats';
import { chromiumAvailable, loginThroughPage, screenshot, type Browser } from '../support/browser';
import { useBrowserApp } from '../support/browser-app';
import type { TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;

run('statistics page in Chromium', () => {
  let srv: TestServer;
  let browser: Browser;

  useBrowserApp(
    {
      ami: true,
      users: [
        { login: 'st-a', fullName: 'Андреева Алла Алексеевна', extensions: ['101'] },
        { login: 'st-b', fullName: 'Борисов Борис Борисович', extensions: ['102'] },
        { login: 'boss', fullName: 'Руководитель Центра', role: 'head', password: 'head-pass-1' },
      ],
      traces: [
        's01-answered-390679',
        's02-specialist-hangup-399069',
        's03-missed-390679',
        's04-ringall-102-answers',
        's05-queue-answered',
        's06-queue-abandon',
        's07-blind-transfer-101-102',
        'c02-hold-resume-102',
        'c04-park-101-retrieve-102',
      ],
    },
    (app) => ({ srv, browser } = app),
  );

  it('shows the month’s figures with their formulas, the charts and the specialists', async () => {
    const { page } = browser;
    await loginThroughPage(page, srv.url, 'boss', 'head-pass-1');
    await page.getByRole('menuitem', { name: 'Статистика' }).click();
    await page.waitForURL(/\/stats$/);
    const offered = page.getByTestId('tile-offered');
    await offered.getByText('Поступило').waitFor();
    // The centre's date (ahead of UTC): the calls played now belong to it.
    const today = localDate(new Date(), srv.config.timeZone);
    const api = (
      await (await srv.agent('boss', 'head-pass-1')).get(`/api/stats?from=${today.slice(0, 8)}01&to=${today}`)
    ).body as StatsDto;
    expect(api.calls.offered).toBe(9);
    await offered.locator('.ant-statistic-content').getByText('9', { exact: true }).waitFor();
    await page
      .getByTestId('tile-answered')
      .locator('.ant-statistic-content')
      .getByText(String(api.calls.answered))
      .waitFor();
    // The formula behind the «?».
    await page.getByLabel('Как считается: Уровень обслуживания').hover();
    await page
      .getByRole('tooltip')
      .getByText(/Уровень обслуживания = принято в рабочее время за 20 секунд/)
      .waitFor();
    await page.getByTestId('chart-daily').locator('canvas').first().waitFor();
    await page.getByTestId('chart-heatmap').locator('canvas').first().waitFor();
    await page.getByTestId('stats-specialists').getByText('Андреева Алла Алексеевна').waitFor();
    await page.getByTestId('chart-sl-calendar').locator('canvas').first().waitFor();
    // Targets on the tiles that have one.
    await page.getByTestId('target-serviceLevel').getByText('цель ≥ 80 %').waitFor();
    await page.mouse.move(0, 0);
    await screenshot(page, 'stats-1440');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(300);
    await screenshot(page, 'stats-1920');
    await page.setViewportSize({ width: 1440, height: 900 });
    // Today against the same weekday of the last 4 weeks (no calls then).
    await page.getByTestId('stats-period').getByText('Сегодня').click();
    await page.getByTestId('earlier-offered').getByText('4 нед.: 0 · 0 · 0 · 0').waitFor();
    await screenshot(page, 'stats-today-1440');
    await page.getByTestId('stats-period').getByText('Месяц').click();
  });

  it('a tile opens the calls it counts', async () => {
    const { page } = browser;
    // The centre's date (ahead of UTC): the calls played now belong to it.
    const today = localDate(new Date(), srv.config.timeZone);
    const api = (
      await (await srv.agent('boss', 'head-pass-1')).get(`/api/stats?from=${today.slice(0, 8)}01&to=${today}`)
    ).body as StatsDto;
    await page.getByTestId('tile-answered').click();
    await page.waitForURL(/\/calls\?.*bucket=answered/);
    await page.getByTestId('calls-bucket').getByText('Принято').waitFor();
    await page.getByText(`Всего: ${api.calls.answered}`).waitFor();
    // Back to every call for the next test.
    await page.getByTestId('calls-bucket').locator('.ant-tag-close-icon').click();
    await page.goto(`${srv.url}/stats`);
  });

  it('a request count and a specialist’s registrations open the journal on their entries', async () => {
    const a = await srv.agent('st-a', 'password-123');
    for (const type of ['bug', 'bug', 'support']) {
      const res = await a.post('/api/entries').send({
        type,
        subsystem: 'school',
        description: `Не выставляются оценки в электронном журнале (${type})`,
        organizationName: 'МАОУ СОШ № 7',
        personName: 'Петрова Ирина Викторовна',
        channel: 'manual',
      });
      expect(res.status).toBe(201);
    }
    const { page } = browser;
    await page.goto(`${srv.url}/stats`);
    await page.getByTestId('stats-requests-Тип-Ошибка').click();
    await page.waitForURL(/\/journal\?.*type=bug/);
    await page.getByText('Всего: 2').waitFor();
    await page
      .getByTestId('journal-table')
      .getByText('Не выставляются оценки в электронном журнале (bug)')
      .first()
      .waitFor();
    await page.goto(`${srv.url}/stats`);
    // Андреева registered the three: her row's last figure.
    await page
      .getByTestId('stats-specialists')
      .getByRole('row', { name: /Андреева Алла Алексеевна/ })
      .getByRole('link', { name: '3' })
      .click();
    await page.waitForURL(/\/journal\?.*ownerId=/);
    await page.getByText('Всего: 3').waitFor();
    await screenshot(page, 'stats-drill-journal-1440');
  });

  it('lists every call in «Звонки» with its course, and finds a caller by number', async () => {
    const { page } = browser;
    await page.getByRole('menuitem', { name: 'Звонки' }).click();
    await page.waitForURL(/\/calls$/);
    const table = page.getByTestId('calls-table');
    await page.getByText('Всего: 9').waitFor();
    // The parked call: answered by 101, retrieved by 102.
    await table.getByText('ответил 101 → снят с парковки 102').waitFor();
    // Today is outside working time for the unanswered ones (a Sunday, or the night of a CI run).
    await table
      .getByText(/вне рабочего времени|брошен|пропущен/)
      .first()
      .waitFor();
    await screenshot(page, 'calls-log');
    await page.getByTestId('calls-search').locator('input').fill('83452777888');
    await page.getByTestId('calls-search').locator('input').press('Enter');
    await page.getByText('Всего: 1').waitFor();
    await table.getByText('8 (3452) 777-888').waitFor();
  });

  it('downloads the calls it shows as CSV for Excel and as XLSX', async () => {
    const { page } = browser;
    // The search of the previous test is still on: one call.
    const csv = await download(page, 'export-calls', 'CSV для Excel');
    expect(csv.name).toMatch(/^Звонки_.*\.csv$/);
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.body.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Время;Линия;Номер;Исход;/);
    expect(lines[1]).toContain('8 (3452) 777-888');
    const xlsx = await download(page, 'export-calls', 'Excel (XLSX)');
    expect(xlsx.name).toMatch(/\.xlsx$/);
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
  });
});

async function download(page: Page, testId: string, item: string): Promise<{ name: string; body: Buffer }> {
  await page.getByTestId(testId).hover();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: item }).click()]);
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return { name: file.suggestedFilename(), body: Buffer.concat(chunks) };
}
