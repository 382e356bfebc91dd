// In Chromium: a recorded call reaches the specialist's screen as a pop-up; they fill it by keyboard,
// register it with Ctrl+Enter and find it in the journal. A reload brings back an open draft.
import type { FakeAmi } from '../support/fake-ami';
import { chromiumAvailable, loginThroughPage, screenshot, type Browser } from '../support/browser';
import { useBrowserApp } from '../support/browser-app';
import type { TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;

run('call pop-up in Chromium', () => {
  let ami: FakeAmi;
  let srv: TestServer;
  let browser: Browser;

  useBrowserApp(
    { ami: true, users: [{ login: 'ivanova', fullName: 'Иванова Анна Сергеевна', extensions: ['101'] }] },
    (app) => ({ srv, browser, ami } = app),
  );

  it('pops up on answer, registers with Ctrl+Enter, and the entry is in the journal', async () => {
    const { page } = browser;
    await loginThroughPage(page, srv.url, 'ivanova', 'password-123');
    await page.waitForURL(/\/desk$/);
    await page.getByTestId('pbx-status').and(page.locator('[data-state="up"]')).waitFor();

    const replay = ami.play('s01-answered-390679', { speed: 1 });
    const popup = page.getByTestId('draft-popup');
    await popup.waitFor({ timeout: 10_000 });
    await popup.getByText('8 (3452) 123-456').waitFor();
    await popup.getByText('Линия 8 (3452) 390-679').waitFor();
    await popup.getByText('Идёт разговор', { exact: false }).waitFor();
    await screenshot(page, 'popup-during-call');

    // The description has focus: the specialist types at once.
    await page.keyboard.type('Не открывается электронный журнал у классного руководителя');
    await popup.getByText('Эл. школа').click();
    await popup.getByLabel('Наименование ОО').fill('МАОУ СОШ № 5 г. Тюмени');
    await popup.getByLabel('ФИО').fill('Смирнова Ольга Ивановна');
    await popup.getByLabel('Описание запроса').press('Control+Enter');
    await page.getByText(/Запрос зарегистрирован: № \d{4}-0001/).waitFor();
    await popup.waitFor({ state: 'detached' });
    await replay;

    await page.getByRole('menuitem', { name: 'Журнал' }).click();
    const row = page.getByTestId('journal-table').getByRole('row', { name: /Не открывается электронный журнал/ });
    await row.waitFor();
    await row.getByText(/\d{4}-0001/).waitFor();
    await row.getByText('МАОУ СОШ № 5 г. Тюмени').waitFor();
    await row.getByText('В работе').waitFor();
    await screenshot(page, 'journal-after-call');

    // The side panel shows the entry's history.
    await row.click();
    const history = page.getByTestId('history');
    await history.getByText('Открыт черновик по звонку').waitFor();
    await history.getByText('Зарегистрирован', { exact: true }).waitFor();
    await screenshot(page, 'entry-panel');
  });

  it('the first keys typed the moment the pop-up shows land in the description, even on a busy page', async () => {
    const { page } = browser;
    await page.goto(`${srv.url}/desk`);
    await page.getByTestId('pbx-status').and(page.locator('[data-state="up"]')).waitFor();
    // A busy page: the main thread blocked ~40 ms out of every 50 ms (a heavy table, a slow machine).
    await page.evaluate(() => {
      // (Runs in the page: globalThis is its window.)
      (globalThis as unknown as { __busy: unknown }).__busy = setInterval(() => {
        const until = performance.now() + 40;
        while (performance.now() < until) {
          // busy
        }
      }, 50);
    });
    const text = 'Не приходят уведомления родителям';
    const popup = page.getByTestId('draft-popup');
    await ami.play('c03-withheld-390679', { speed: Infinity });
    await popup.waitFor({ timeout: 10_000 });
    await page.keyboard.type(text);
    await page.evaluate(() =>
      clearInterval((globalThis as unknown as { __busy: Parameters<typeof clearInterval>[0] }).__busy),
    );
    await expect(popup.getByLabel('Описание запроса').inputValue()).resolves.toBe(text);
    // A withheld number: no number, and said so.
    await popup.getByText('номер скрыт').first().waitFor();
    await screenshot(page, 'popup-withheld-typed-at-once');
    await popup.getByTestId('not-request').click();
    await page.getByRole('button', { name: 'Ошиблись номером' }).click();
    await popup.waitFor({ state: 'detached' });
  });

  it('a reload brings back an open draft, and a repeat caller’s organisation is one click away', async () => {
    const { page } = browser;
    await page.goto(`${srv.url}/desk`);
    await ami.play('s05-queue-answered', { speed: 4 });
    const popup = page.getByTestId('draft-popup');
    await popup.waitFor({ timeout: 10_000 });
    await page.reload();
    await popup.waitFor({ timeout: 10_000 });
    // +73452123456 is the same subscriber as 83452123456: the earlier entry is suggested and listed.
    await popup
      .getByTestId('suggestions')
      .getByText(/МАОУ СОШ № 5 г. Тюмени/)
      .waitFor();
    await popup.getByText('Последние запросы с этого номера').waitFor();
    await screenshot(page, 'popup-repeat-caller');
    await popup.getByTestId('not-request').click();
    await page.getByRole('button', { name: 'Ошиблись номером' }).click();
    await page.getByText('Отмечено: не обращение').waitFor();
    await popup.waitFor({ state: 'detached' });
  });
});
