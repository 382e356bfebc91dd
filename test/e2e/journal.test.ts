// In Chromium: an entry's life in the journal's side panel, and the approval of bugs.
import type { Page } from 'playwright-core';
import type { EntryDto } from '../../shared/api';
import type { FakeAmi } from '../support/fake-ami';
import { chromiumAvailable, screenshot, SCREENSHOT_DIR, type Browser } from '../support/browser';
import { useBrowserApp } from '../support/browser-app';
import type { TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;

/** Opens the journal and the entry whose description contains `text` in the side panel. */
async function openEntry(page: Page, base: string, text: string) {
  await page.goto(`${base}/journal`);
  await page
    .getByTestId('journal-table')
    .getByRole('row', { name: new RegExp(text) })
    .click();
  await page.getByTestId('history').waitFor();
}

/** Answers the panel's question (resolution, reason, reference) and confirms. */
async function answer(page: Page, text: string) {
  await page.getByTestId('ask-input').fill(text);
  await page.getByRole('button', { name: 'Подтвердить' }).click();
}

run('journal in Chromium', () => {
  let ami: FakeAmi;
  let srv: TestServer;
  let browser: Browser;

  useBrowserApp(
    {
      ami: true,
      users: [{ login: 'ivanova', fullName: 'Иванова Анна Сергеевна', extensions: ['101'] }],
      loginAs: { login: 'ivanova', password: 'password-123' },
    },
    (app) => ({ srv, browser, ami } = app),
  );

  it('register -> awaiting feedback -> the caller calls back (attached) -> closed; the history shows every step', async () => {
    const { page } = browser;
    await ami.play('s01-answered-390679', { speed: Infinity });
    const popup = page.getByTestId('draft-popup');
    await popup.waitFor();
    await page.keyboard.type('Не приходят уведомления родителям');
    await popup.getByText('Эл. школа').click();
    await popup.getByLabel('Наименование ОО').fill('МАОУ СОШ № 9');
    await popup.getByLabel('Описание запроса').press('Control+Enter');
    await page.getByText(/Запрос зарегистрирован: № \d{4}-0001/).waitFor();

    await openEntry(page, srv.url, 'Не приходят уведомления');
    await page.getByTestId('to-awaiting_feedback').click();
    await page.getByText('Статус: Обратная связь').waitFor();

    // The same subscriber calls back (as +7...) with the missing information: attach the call.
    await page.goto(`${srv.url}/desk`);
    await ami.play('s02-specialist-hangup-399069', {
      rewrite: (t) =>
        t.replaceAll('PJSIP/102', 'PJSIP/101').replace(/^(Dest)?(CallerIDNum|DialString): 102\r$/gm, '$1$2: 101\r'),
    });
    await popup.waitFor();
    await popup.getByText('Последние запросы с этого номера').waitFor();
    await popup.getByTestId('attach').click();
    await page.getByRole('button', { name: 'Прикрепить', exact: true }).click();
    await page.getByText(/Звонок прикреплён к запросу № \d{4}-0001/).waitFor();

    await openEntry(page, srv.url, 'Не приходят уведомления');
    await page.getByTestId('to-closed').click();
    await answer(page, 'Включены уведомления в настройках ОО, родители получают');
    await page
      .getByText('Статус: Закрыт')
      .waitFor()
      .catch(async (err: unknown) => {
        await screenshot(page, 'journal-close-failed');
        throw err;
      });
    const history = page.getByTestId('history');
    for (const step of [
      'Открыт черновик по звонку',
      'Зарегистрирован',
      'Прикреплён повторный звонок',
      'Получена обратная связь',
      'Закрыт',
    ]) {
      await history.getByText(step, { exact: true }).first().waitFor();
    }
    await history.getByText('Статус: В работе → Обратная связь').waitFor();
    await history.getByText('Статус: Обратная связь → В работе').waitFor();
    await history.getByText('Статус: В работе → Закрыт').waitFor();
    await screenshot(page, 'entry-history');
    await history.scrollIntoViewIfNeeded();
    await history.screenshot({ path: `${SCREENSHOT_DIR}/entry-history-timeline.png` });
  });

  async function registerBug(page: Page, description: string) {
    await page.goto(`${srv.url}/journal`);
    await page.getByRole('button', { name: 'Зарегистрировать вручную' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Эл. почта', { exact: true }).click();
    await dialog.getByLabel('Адрес отправителя').fill('school9@edu72.ru');
    await dialog.getByText('Ошибка', { exact: true }).click();
    await dialog.getByText('«Электронная школа»').click();
    await dialog.getByLabel('Описание запроса').fill(description);
    await dialog.getByRole('button', { name: 'Зарегистрировать' }).click();
    await page.getByText(/Запрос зарегистрирован: № \d{4}-\d{4}/).waitFor();
    await openEntry(page, srv.url, description);
    await page.getByText('Согласование: На согласовании', { exact: true }).waitFor();
  }

  it('a bug: approved, then passed to the developer', async () => {
    const { page } = browser;
    await registerBug(page, 'Ошибка 500 при выгрузке отчёта об успеваемости');
    await expectNo(page, 'to-passed_to_developer');
    await page.getByTestId('approve').click();
    await answer(page, 'Письмо оператора Системы № 45 от 27.11.2026');
    await page.getByText('Согласование: Согласовано', { exact: true }).waitFor();
    await page.getByTestId('to-passed_to_developer').click();
    await page.getByText('Статус: Передано разработчику').waitFor();
    await page.getByTestId('history').getByText('Решение по согласованию').waitFor();
    await screenshot(page, 'bug-approved');
  });

  it('a bug rejected at approval is closed with the reason', async () => {
    const { page } = browser;
    await registerBug(page, 'Просят изменить формат печати табеля');
    await page.getByTestId('reject').click();
    await answer(page, 'Департамент образования: изменение не требуется');
    await page.getByText('Согласование: Отклонено', { exact: true }).waitFor();
    await page.getByRole('dialog').getByText('Закрыт', { exact: true }).first().waitFor();
    await page.getByRole('dialog').getByLabel('Комментарий о решении вопроса').filter({ hasText: '' }).waitFor();
    const resolution = await page.getByRole('dialog').getByLabel('Комментарий о решении вопроса').inputValue();
    expect(resolution).toMatch(/изменение не требуется/);
  });

  it('offers only what the server allows: a colleague’s entry is read-only, her own has its moves', async () => {
    const { page } = browser;
    await srv.createUser({ login: 'petrov', fullName: 'Петров Пётр Петрович' });
    const register = async (login: string, description: string) => {
      const agent = await srv.agent(login, 'password-123');
      const res = await agent
        .post('/api/entries')
        .send({ type: 'support', subsystem: 'school', description, channel: 'manual' });
      expect(res.status).toBe(201);
      return (await agent.get(`/api/entries/${(res.body as EntryDto).id}`)).body as EntryDto;
    };
    await register('petrov', 'Коллега: не выгружается табель');
    await openEntry(page, srv.url, 'Коллега: не выгружается табель');
    await expectNo(page, 'entry-actions');
    await expectNo(page, 'entry-save');
    await expectNo(page, 'to-closed');
    expect(await page.getByRole('dialog').getByLabel('Описание запроса').isDisabled()).toBe(true);

    const own = await register('ivanova', 'Свой запрос: сброс пароля учителю');
    await openEntry(page, srv.url, 'Свой запрос: сброс пароля учителю');
    await page.getByTestId('entry-save').waitFor();
    const buttons = await page.getByTestId('entry-actions').locator('[data-testid^="to-"]').all();
    const offered = await Promise.all(buttons.map((b) => b.getAttribute('data-testid')));
    expect(offered).toEqual(own.can.statuses.map((s) => `to-${s}`));
    expect(offered).toEqual(['to-awaiting_feedback', 'to-resolved', 'to-closed']);
    expect(await page.getByRole('dialog').getByLabel('Описание запроса').isDisabled()).toBe(false);
    await screenshot(page, 'entry-own-actions');
  });
});

async function expectNo(page: Page, testId: string) {
  expect(await page.getByTestId(testId).count()).toBe(0);
}
