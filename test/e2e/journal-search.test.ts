// In Chromium: a specialist searches the journal with words in another form than the entries hold and
// sees the matches marked in the results (issue 12, point 1); while she types a call's description in the
// pop-up, «Уже отвечали» shows a closed entry like it, and one click takes its resolution (point 8).
import type { EntryDto } from '../../shared/api';
import type { FakeAmi } from '../support/fake-ami';
import { chromiumAvailable, screenshot, type Browser } from '../support/browser';
import { useBrowserApp } from '../support/browser-app';
import type { TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;

run('journal search in Chromium', () => {
  let ami: FakeAmi;
  let srv: TestServer;
  let browser: Browser;

  useBrowserApp(
    {
      ami: true,
      users: [{ login: 'ivanova', fullName: 'Иванова Анна Сергеевна', extensions: ['101'] }],
      seed: async ({ srv }) => {
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
        // Answered last week: the same question from another school.
        const old = await spec.post('/api/entries').send({
          type: 'support',
          subsystem: 'school',
          description: 'Родители не получают уведомления об оценках',
          organizationName: 'МАОУ СОШ № 3',
          personName: 'Сидорова Анна',
          channel: 'phone',
        });
        const closed = await spec.patch(`/api/entries/${(old.body as EntryDto).id}`).send({
          version: (old.body as EntryDto).version,
          status: 'closed',
          resolution: 'Включить рассылку в профиле родителя',
        });
        if (closed.status !== 200) throw new Error(`close: ${closed.status}`);
      },
      loginAs: { login: 'ivanova', password: 'password-123' },
    },
    (app) => ({ srv, browser, ami } = app),
  );

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

  it('«Уже отвечали» in the call pop-up: a closed entry like the description, its resolution in one click', async () => {
    const { page } = browser;
    await page.goto(`${srv.url}/desk`);
    await ami.play('s01-answered-390679', { speed: Infinity });
    const popup = page.getByTestId('draft-popup');
    await popup.waitFor();
    await page.keyboard.type('Родителям не приходят уведомления');
    const answer = popup.getByTestId('answered-before-item');
    await answer.waitFor();
    expect(await answer.count()).toBe(1);
    await expect(answer.first().textContent()).resolves.toContain('Включить рассылку в профиле родителя');
    await screenshot(page, 'answered-before-popup');
    await answer.getByRole('button', { name: 'Взять решение' }).click();
    await expect(popup.getByLabel('Комментарий о решении вопроса').inputValue()).resolves.toBe(
      'Включить рассылку в профиле родителя',
    );
    await popup.getByText('Эл. школа').click();
    await popup.getByTestId('close-with-resolution').click();
    await page.getByText(/зарегистрирован и закрыт/).waitFor();
    const spec = await srv.agent('ivanova', 'password-123');
    const mine = (await spec.get(`/api/entries?q=${encodeURIComponent('уведомления')}&status=closed`)).body as {
      items: EntryDto[];
    };
    expect(mine.items.map((e) => [e.description, e.resolution])).toContainEqual([
      'Родителям не приходят уведомления',
      'Включить рассылку в профиле родителя',
    ]);
  });
});
