// In a real browser: the first admin's generated password is replaced at the first login; the admin
// sees failed login attempts and clears them.
import request from 'supertest';
import { chromiumAvailable, loginThroughPage, screenshot, type Browser } from '../support/browser';
import { useBrowserApp } from '../support/browser-app';
import type { TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;

run('passwords in Chromium', () => {
  let srv: TestServer;
  let browser: Browser;
  let generated = '';

  useBrowserApp(
    {
      server: {
        env: { ADMIN_PASSWORD: '' },
        announce: (t) => (generated = /Password: (\S+)/.exec(t)?.[1] ?? generated),
      },
    },
    (app) => ({ srv, browser } = app),
  );

  it('the generated first-admin password must be changed before the app opens', async () => {
    const { page } = browser;
    expect(generated).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/);
    await loginThroughPage(page, srv.url, 'admin', generated);
    const card = page.getByTestId('must-change-password');
    await card.getByRole('heading', { name: 'Смените пароль' }).waitFor();
    await screenshot(page, 'must-change-password');
    await card.getByLabel('Текущий пароль').fill(generated);
    await card.getByLabel('Новый пароль', { exact: true }).fill('admins-own-pass-1');
    await card.getByLabel('Новый пароль ещё раз').fill('admins-own-pass-2');
    await card.getByTestId('pw-submit').click();
    await card.getByText('Пароли не совпадают').waitFor();
    await card.getByLabel('Новый пароль ещё раз').fill('admins-own-pass-1');
    await card.getByTestId('pw-submit').click();
    await page.getByRole('menuitem', { name: 'Рабочее место' }).first().waitFor();
    const old = await request(srv.url).post('/api/auth/login').send({ login: 'admin', password: generated });
    expect(old.status).toBe(401);
  });

  it('the admin sees failed logins on the users page and clears one', async () => {
    const { page } = browser;
    for (let i = 0; i < 6; i++) {
      await request(srv.url)
        .post('/api/auth/login')
        .send({ login: 'ivanova', password: `guess-${i}` });
    }
    await page.goto(`${srv.url}/admin/users`);
    const card = page.getByTestId('throttles');
    const row = card.getByRole('row', { name: /логин с адреса.*ivanova/ });
    await row.waitFor();
    await screenshot(page, 'admin-throttles');
    await row.getByRole('button', { name: 'Сбросить' }).click();
    await page.getByText('Счётчик сброшен').waitFor();
    await card.getByRole('row', { name: /логин с адреса.*ivanova/ }).waitFor({ state: 'detached' });
  });

  it('a specialist changes their own password from the user menu, the current one required', async () => {
    srv.admin.password = 'admins-own-pass-1'; // (changed by the first test)
    await srv.createUser({ login: 'pw-spec', fullName: 'Сидорова Анна Петровна', password: 'spec-old-pass-1' });
    const { page } = browser;
    await page.context().clearCookies();
    await loginThroughPage(page, srv.url, 'pw-spec', 'spec-old-pass-1');
    await page.getByRole('button', { name: /Сидорова Анна Петровна/ }).click();
    await page.getByRole('menuitem', { name: 'Сменить пароль' }).click();
    const dialog = page.getByRole('dialog', { name: 'Смена пароля' });
    await dialog.getByLabel('Текущий пароль').fill('not-my-password');
    await dialog.getByLabel('Новый пароль', { exact: true }).fill('spec-new-pass-1');
    await dialog.getByLabel('Новый пароль ещё раз').fill('spec-new-pass-1');
    await dialog.getByTestId('pw-submit').click();
    await dialog.getByTestId('pw-error').waitFor();
    await screenshot(page, 'own-password-wrong-current');
    await dialog.getByLabel('Текущий пароль').fill('spec-old-pass-1');
    await dialog.getByTestId('pw-submit').click();
    await page.getByText('Пароль изменён. Другие сеансы завершены.').waitFor();
    const old = await request(srv.url).post('/api/auth/login').send({ login: 'pw-spec', password: 'spec-old-pass-1' });
    expect(old.status).toBe(401);
    const now = await request(srv.url).post('/api/auth/login').send({ login: 'pw-spec', password: 'spec-new-pass-1' });
    expect(now.status).toBe(200);
  });
});
