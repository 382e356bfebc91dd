// In Chromium at 1440×900: the journal fits the screen with the columns a specialist reads first; the
// other fields open in a row's details; the column chooser works from the keyboard and is remembered per
// user across a reload (issue 12, point 4).
import type { Page } from 'playwright-core';
import type { EntryDto } from '../../shared/api';
import { chromiumAvailable, loginThroughPage, openBrowser, screenshot, type Browser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;

const LONG_DESCRIPTION =
  'Учитель не может выставить итоговые оценки за первое полугодие в электронном журнале 9А класса: ' +
  'после сохранения страница обновляется, оценки пропадают, а в протоколе изменений записи нет. ' +
  'Проблема повторяется в браузерах Яндекс и Chrome, кэш очищали, выход и повторный вход не помогают.';
const LONG_ORGANIZATION =
  'Муниципальное автономное общеобразовательное учреждение «Средняя общеобразовательная школа № 7 с углублённым изучением отдельных предметов» г. Тюмени';
const ADDITIONAL = 'Перезвонить после 15:00 на мобильный, кабинет 214, завуч по УВР в курсе проблемы';
const NOTE = 'Похожий случай был в гимназии № 21 в прошлом месяце';

// What the page's globals look like, for code run in the page (the tests compile without the DOM lib).
interface Box {
  scrollWidth: number;
  clientWidth: number;
  getBoundingClientRect(): { width: number };
}
interface PageGlobals {
  document: {
    documentElement: Box;
    querySelector(selector: string): Box | null;
    activeElement: {
      getAttribute(name: string): string | null;
      closest(s: string): { innerText: string } | null;
    } | null;
  };
  localStorage: { getItem(key: string): string | null };
}

/** How far the page and the journal table scroll sideways (0: not at all). */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    const content = document.querySelector('[data-testid="journal-table"] .ant-table-content');
    const table = document.querySelector('[data-testid="journal-table"] table');
    return {
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      content: content ? content.scrollWidth - content.clientWidth : -1,
      table: table && content ? table.getBoundingClientRect().width - content.clientWidth : -1,
    };
  });
}

/** The focused element's test id, or its label's text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = (globalThis as unknown as PageGlobals).document.activeElement;
    return { testId: el?.getAttribute('data-testid') ?? null, label: el?.closest('label')?.innerText ?? null };
  });

const headers = (page: Page) => page.getByTestId('journal-table').locator('thead th.ant-table-cell').allTextContents();

run('journal columns at 1440×900 in Chromium', () => {
  let srv: TestServer;
  let browser: Browser;
  let ivanovaId: number;

  beforeAll(async () => {
    srv = await startTestServer({ serveClient: true });
    ivanovaId = (await srv.createUser({ login: 'ivanova', fullName: 'Иванова Анна Сергеевна' })).id;
    await srv.createUser({ login: 'petrov', fullName: 'Петров Пётр Петрович' });
    const spec = await srv.agent('ivanova', 'password-123');
    const create = async (body: Record<string, unknown>) => {
      const res = await spec.post('/api/entries').send({ type: 'support', subsystem: 'school', ...body });
      if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as EntryDto;
    };
    await create({
      type: 'bug',
      description: LONG_DESCRIPTION,
      organizationName: LONG_ORGANIZATION,
      personName: 'Константинопольская Александра Владимировна',
      additionalInfo: ADDITIONAL,
      note: NOTE,
      channel: 'phone',
      callerNumber: '+73452123456',
    });
    await create({
      subsystem: 'kindergarten',
      description: 'Родители не видят в личном кабинете очередь в детский сад после переезда в другой район города',
      organizationName: 'МАДОУ Детский сад № 12 «Солнышко»',
      personName: 'Петрова Ирина Викторовна',
      channel: 'email',
      senderEmail: 'ds12@edu.example.ru',
    });
    await create({
      subsystem: 'college',
      description: 'Забыл пароль',
      organizationName: 'ГАПОУ ТО «Тюменский техникум строительной индустрии и городского хозяйства»',
      personName: 'Сидоров Иван',
      status: 'awaiting_feedback',
    });
    const old = await create({
      description: 'Как выгрузить отчёт об успеваемости за четверть в формате Excel для классного руководителя',
      organizationName: 'МАОУ Гимназия № 21',
      personName: 'Орлова Мария',
    });
    const closed = await spec
      .patch(`/api/entries/${old.id}`)
      .send({ version: old.version, status: 'closed', resolution: 'Отчёты → Успеваемость → кнопка «Экспорт в XLSX»' });
    if (closed.status !== 200) throw new Error(`close: ${closed.status}`);
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('fits 1440 px, shows hidden fields in a row’s details, remembers the chosen columns per user', async () => {
    const { page } = browser;
    await loginThroughPage(page, srv.url, 'ivanova', 'password-123');
    await page.waitForURL(/\/desk$/);
    await page.goto(`${srv.url}/journal`);
    const table = page.getByTestId('journal-table');
    const row = table.locator('tr.ant-table-row', { hasText: 'итоговые оценки за первое полугодие' });
    await row.waitFor();
    await page.getByText('Всего: 4').waitFor();

    // The columns a specialist reads first, in Form No. 1's order, and nothing to scroll sideways.
    expect(await headers(page)).toEqual([
      '',
      'Дата',
      '№',
      'Описание запроса',
      'Наименование ОО',
      'Статус',
      'Специалист',
    ]);
    const fit = await overflow(page);
    expect([fit.page, fit.content]).toEqual([0, 0]);
    expect(fit.table).toBeLessThanOrEqual(0);
    await row.getByText('Иванова А. С.').waitFor();
    await screenshot(page, 'journal-1440');

    // The details open from the keyboard (the row itself opens the side panel) and show the hidden fields.
    const expand = row.getByRole('button', { name: 'Развернуть строку' });
    await expand.focus();
    await page.keyboard.press('Enter');
    const details = table.getByTestId('journal-details');
    await details.waitFor();
    for (const text of [
      'Ошибка',
      '«Электронная школа»',
      'Константинопольская Александра Владимировна',
      ADDITIONAL,
      NOTE,
      'Телефон',
      LONG_DESCRIPTION,
      LONG_ORGANIZATION,
    ]) {
      await details.getByText(text, { exact: true }).waitFor();
    }
    expect(await page.getByTestId('history').count()).toBe(0);
    expect((await overflow(page)).page).toBe(0);
    await screenshot(page, 'journal-1440-details');

    // The chooser from the keyboard: Enter opens it on the first box, Space ticks «ФИО», Escape closes it.
    const chooser = page.getByTestId('journal-columns');
    await chooser.focus();
    await page.keyboard.press('Enter');
    const list = page.getByTestId('journal-columns-list');
    await list.waitFor();
    // Focus moves into the list once it has opened.
    for (let i = 0; i < 40 && (await focused(page)).label !== 'Тип запроса'; i++) await page.waitForTimeout(50);
    expect((await focused(page)).label).toBe('Тип запроса');
    await list.getByRole('checkbox', { name: 'ФИО' }).focus();
    await page.keyboard.press('Space');
    await table.locator('thead th', { hasText: /^ФИО$/ }).waitFor();
    await screenshot(page, 'journal-1440-columns');
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'hidden' });
    expect((await focused(page)).testId).toBe('journal-columns');
    expect(await headers(page)).toContain('ФИО');
    expect((await overflow(page)).page).toBe(0);

    // Kept across a reload, under this user's id.
    await page.reload();
    await row.waitFor();
    expect(await headers(page)).toEqual([
      '',
      'Дата',
      '№',
      'Описание запроса',
      'Наименование ОО',
      'ФИО',
      'Статус',
      'Специалист',
    ]);
    await row.getByText('Константинопольская Александра Владимировна').waitFor();
    const stored = await page.evaluate(
      (id) => (globalThis as unknown as PageGlobals).localStorage.getItem(`callog.journal.columns.${id}`),
      ivanovaId,
    );
    expect(stored).toBe(JSON.stringify(['organization', 'person', 'status', 'owner']));

    // Another user in the same browser has their own choice (the default).
    await browser.context.clearCookies();
    await loginThroughPage(page, srv.url, 'petrov', 'password-123');
    await page.waitForURL(/\/desk$/);
    await page.goto(`${srv.url}/journal`);
    await row.waitFor();
    expect(await headers(page)).not.toContain('ФИО');
  });
});
