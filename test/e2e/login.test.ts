// In a real browser: log in through the page, see the Russian shell, create a specialist, log out.
import { chromiumAvailable, loginThroughPage, screenshot, type Browser } from '../support/browser';
import { useBrowserApp } from '../support/browser-app';
import type { TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;

run('login and shell in Chromium', () => {
  let srv: TestServer;
  let browser: Browser;

  useBrowserApp({}, (app) => ({ srv, browser } = app));

  it('shows a Russian login page and tells a wrong password plainly', async () => {
    const { page } = browser;
    await page.goto(srv.url);
    await page.waitForURL(/\/login$/);
    await page.getByRole('heading', { name: 'Вход в систему' }).waitFor();
    await screenshot(page, 'login');
    await loginThroughPage(page, srv.url, srv.admin.login, 'not-the-password');
    await page.getByTestId('login-error').getByText('Неверный логин или пароль.').waitFor();
  });

  it('logs in and shows the shell with the navigation in Russian', async () => {
    const { page } = browser;
    await loginThroughPage(page, srv.url, srv.admin.login, srv.admin.password);
    await page.waitForURL(/\/desk$/);
    for (const item of ['Рабочее место', 'Журнал', 'Статистика', 'Отчёты', 'Администрирование']) {
      await page.getByRole('menuitem', { name: item }).first().waitFor();
    }
    await page.getByTestId('user-menu').getByText('Администратор').first().waitFor();
    await screenshot(page, 'shell');
  });

  it('lets the admin create a specialist with extension 101 on the users page', async () => {
    const { page } = browser;
    await page.getByRole('menuitem', { name: 'Пользователи' }).click();
    await page.waitForURL(/\/admin\/users$/);
    await page.getByTestId('add-user').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('ФИО').fill('Иванова Мария Петровна');
    await dialog.getByLabel('Логин').fill('ivanova');
    await dialog.getByLabel('Пароль').fill('secret-pass-1');
    await dialog.getByLabel('Внутренние номера').fill('101');
    await dialog.getByLabel('Внутренние номера').press('Enter');
    await dialog.getByRole('button', { name: 'Создать' }).click();
    await page.getByText('Пользователь создан').waitFor();
    const row = page.getByRole('row', { name: /Иванова Мария Петровна/ });
    await row.getByText('101').waitFor();
    await screenshot(page, 'admin-users');
    const res = await (await srv.agent('ivanova', 'secret-pass-1')).get('/api/auth/me');
    expect(res.body.user).toMatchObject({ role: 'specialist', extensions: ['101'] });
  });

  it('logs out back to the login page; the app then needs a login again', async () => {
    const { page } = browser;
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Выйти' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${srv.url}/journal`);
    await page.waitForURL(/\/login$/);
  });
});
