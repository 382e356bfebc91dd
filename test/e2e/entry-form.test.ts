// In Chromium: the one entry form (issue 12, point 2) walked the same way in the call pop-up, the journal's
// side panel and manual registration: a description, an organisation picked from the directory brings its
// default subsystem, the person, saved; the API shows what was saved. A repeat caller's organisation is
// offered in manual registration once the number is typed.
import type { Locator, Page } from 'playwright-core';
import type { EntryDto, OrganizationDto } from '../../shared/api';
import type { FakeAmi } from '../support/fake-ami';
import { chromiumAvailable, screenshot, type Browser } from '../support/browser';
import { useBrowserApp } from '../support/browser-app';
import type { TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;

const ORG = {
  fullName: 'Государственное автономное профессиональное образовательное учреждение «Колледж цифровых технологий»',
  shortName: 'ГАПОУ ТО «Колледж цифровых технологий»',
  municipality: 'г. Тюмень',
  defaultSubsystem: 'college',
};

/** The s01 call again as another caller (its own channels and ids, so the tracker sees a new call). */
const anotherCaller = (t: string) =>
  t
    .replaceAll('83452123456', '83452654321')
    .replaceAll('1795884138.', '1795884999.')
    .replaceAll('-00000016', '-00000026')
    .replaceAll('-00000015', '-00000025');

run('one entry form in Chromium', () => {
  let ami: FakeAmi;
  let srv: TestServer;
  let browser: Browser;
  let org: OrganizationDto;

  useBrowserApp(
    {
      ami: true,
      users: [{ login: 'ivanova', fullName: 'Иванова Анна Сергеевна', extensions: ['101'] }],
      seed: async ({ srv }) => {
        const admin = await srv.agent(srv.admin.login, srv.admin.password);
        const res = await admin.post('/api/organizations').send(ORG);
        if (res.status !== 201) throw new Error(`organisation: ${res.status}`);
        org = res.body as OrganizationDto;
      },
      loginAs: { login: 'ivanova', password: 'password-123' },
    },
    (app) => ({ srv, browser, ami } = app),
  );

  /** The same steps in every container: description, organisation from the directory, person. */
  async function walk(page: Page, form: Locator, description: string, person: string) {
    await form.getByLabel('Описание запроса').fill(description);
    await form.getByLabel('Наименование ОО').fill('цифровых');
    await page.locator('.ant-select-dropdown:visible').getByText(ORG.shortName, { exact: true }).click();
    await expect(form.getByLabel('Наименование ОО').inputValue()).resolves.toBe(ORG.shortName);
    // The organisation's default subsystem is selected (none was chosen before).
    await form
      .locator('.ant-radio-button-wrapper-checked')
      .filter({ hasText: /колледж/ })
      .waitFor();
    await form.getByLabel('ФИО').fill(person);
  }

  /** The entry as saved, found by its description. */
  async function saved(description: string): Promise<EntryDto> {
    const spec = await srv.agent('ivanova', 'password-123');
    const list = (await spec.get(`/api/entries?limit=100`)).body as { items: EntryDto[] };
    const e = list.items.find((x) => x.description === description);
    if (!e) throw new Error(`not saved: ${description}`);
    return e;
  }

  function expectSaved(e: EntryDto, person: string) {
    expect(e).toMatchObject({
      status: 'in_progress',
      subsystem: 'college',
      organizationId: org.id,
      organizationName: ORG.shortName,
      personName: person,
    });
    expect(e.regNumber).toMatch(/^\d{4}-\d{4}$/);
  }

  it('in the call pop-up', async () => {
    const { page } = browser;
    await ami.play('s01-answered-390679', { speed: Infinity });
    const popup = page.getByTestId('draft-popup');
    await popup.waitFor();
    const description = 'Не открывается расписание занятий группы';
    await walk(page, popup, description, 'Соколова Мария Андреевна');
    await screenshot(page, 'entry-form-popup');
    await popup.getByTestId('register').click();
    await page.getByText(/Запрос зарегистрирован: № \d{4}-\d{4}/).waitFor();
    expectSaved(await saved(description), 'Соколова Мария Андреевна');
  });

  it('in the journal side panel', async () => {
    const { page } = browser;
    await ami.play('s01-answered-390679', { rewrite: anotherCaller });
    await page.getByTestId('draft-popup').waitFor();
    // The draft opened from the journal instead; the pop-up (restored after the page load) is put aside.
    await page.goto(`${srv.url}/journal?status=draft`);
    await page.getByTestId('draft-popup').getByRole('button', { name: 'Свернуть' }).click();
    await page.getByTestId('journal-table').locator('tbody tr.ant-table-row').first().click();
    const panel = page.getByRole('dialog').filter({ has: page.getByTestId('history') });
    await panel.getByTestId('entry-actions').waitFor();
    const description = 'Студенты не видят домашнее задание';
    await walk(page, panel, description, 'Павлов Игорь Николаевич');
    await screenshot(page, 'entry-form-panel');
    await panel.getByTestId('to-in_progress').click();
    await page.getByText('Статус: В работе').waitFor();
    expectSaved(await saved(description), 'Павлов Игорь Николаевич');
  });

  it('in manual registration, where a repeat caller’s organisation is one click away', async () => {
    const { page } = browser;
    await page.goto(`${srv.url}/desk`);
    await page.getByTestId('manual-entry').click();
    const dialog = page.getByRole('dialog').filter({ hasText: 'Регистрация запроса вручную' });
    // The pop-up's caller calls again, on another phone line: the number typed brings the same suggestion.
    await dialog.getByLabel('Номер звонившего').fill('8 (3452) 123-456');
    await dialog.getByTestId('suggestions').getByText(`${ORG.shortName} — Соколова Мария Андреевна`).waitFor();
    const description = 'Не приходит код подтверждения на почту';
    await walk(page, dialog, description, 'Смирнова Ольга Петровна');
    await screenshot(page, 'entry-form-manual');
    await dialog.getByRole('button', { name: 'Зарегистрировать' }).click();
    await page.getByText(/Запрос зарегистрирован: № \d{4}-\d{4}/).waitFor();
    expectSaved(await saved(description), 'Смирнова Ольга Петровна');
  });
});
