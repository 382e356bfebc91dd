// In Chromium: a specialist is reminded of last month's journal, downloads Form No. 1 and marks it signed;
// the head sees who is late and records receiving it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type request from 'supertest';
import { WorkingCalendar } from '../../server/calendar/working-time';
import { chromiumAvailable, loginThroughPage, openBrowser, screenshot, type Browser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;
const TZ = 'Asia/Yekaterinburg';

const today = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' })
  .format(new Date())
  .split('-')
  .map(Number) as [number, number, number];
const prevMonth = today[1] === 1 ? `${today[0] - 1}-12` : `${today[0]}-${String(today[1] - 1).padStart(2, '0')}`;
const late = today[2] > 10;

/** A working day of the previous month, at 10:00 in the centre. */
function workingInstant(n: number): string {
  const cal = new WorkingCalendar(TZ);
  const days: string[] = [];
  for (let d = 1; d <= 28; d++) {
    const date = `${prevMonth}-${String(d).padStart(2, '0')}`;
    if (cal.day(date).working) days.push(date);
  }
  return `${days[n]!}T10:00:00+05:00`;
}

run('reports page', () => {
  let srv: TestServer;
  let spec: Browser;
  let head: Browser;
  let tmp: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'callog-e2e-form1-'));
    srv = await startTestServer({ serveClient: true });
    await srv.createUser({ login: 'ivanova', fullName: 'Иванова Анна Сергеевна', extensions: ['101'] });
    await srv.createUser({ login: 'smirnov', fullName: 'Смирнов Пётр Олегович', extensions: ['102'] });
    await srv.createUser({ login: 'head', fullName: 'Кузнецова Ольга Викторовна', role: 'head' });
    const a: request.Agent = await srv.agent('ivanova', 'password-123');
    for (let i = 0; i < 3; i++) {
      const res = await a.post('/api/entries').send({
        type: 'support',
        subsystem: 'kindergarten',
        description: `Заявление в детский сад не видно в очереди (${i + 1})`,
        organizationName: 'МАДОУ д/с № 134 г. Тюмени',
        personName: 'Петрова Мария Ивановна',
        receivedAt: workingInstant(i),
      });
      expect(res.status).toBe(201);
    }
    // Смирнов has one entry last month and has not handed his journal over.
    const b: request.Agent = await srv.agent('smirnov', 'password-123');
    const res = await b.post('/api/entries').send({
      type: 'support',
      subsystem: 'school',
      description: 'Не входит в электронный дневник',
      receivedAt: workingInstant(0),
    });
    expect(res.status).toBe(201);
    spec = await openBrowser();
    head = await openBrowser();
  });
  afterAll(async () => {
    await spec?.close();
    await head?.close();
    await srv?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reminds the specialist, downloads the PDF, records "printed and signed"', async () => {
    const { page } = spec;
    await loginThroughPage(page, srv.url, 'ivanova', 'password-123');
    await page.waitForURL(/\/desk$/);
    const reminder = page.getByTestId('handover-reminder');
    await reminder.getByText(/[Сс]дайте журнал за \S+ \d{4} до 10\.\d\d\.\d{4}/).waitFor();
    await reminder.getByRole('button', { name: 'К отчётам' }).click();
    await page.waitForURL(/\/reports$/);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Скачать PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`Форма1_Иванова_${prevMonth}.pdf`);
    const file = path.join(tmp, 'form1.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Форма №1 «Журнал специалиста»');
    expect(text.match(/Заявление в детский/g)).toHaveLength(3);
    expect(text).toMatch(/Всего запросов: 3/);

    const row = page.getByRole('row', { name: /Иванова Анна Сергеевна/ });
    await row
      .getByTestId('handover-state')
      .getByText(late ? 'Просрочен' : 'Ожидается')
      .waitFor();
    await row.getByRole('button', { name: 'Распечатан и подписан' }).click();
    await row.getByTestId('handover-state').getByText('Распечатан и подписан').waitFor();
    await row.getByText('Иванова Анна Сергеевна', { exact: true }).nth(1).waitFor(); // who printed it
  });

  it('shows the head the status of everyone and records receiving', async () => {
    const { page } = head;
    await loginThroughPage(page, srv.url, 'head', 'password-123');
    await page.waitForURL(/\/desk$/);
    if (late) {
      await page
        .getByTestId('handover-reminder')
        .getByText(/Не сдали журнал за .*: Смирнов Пётр Олегович$/)
        .waitFor();
    }
    await page.getByRole('menuitem', { name: 'Отчёты' }).click();
    const ivanova = page.getByRole('row', { name: /Иванова Анна Сергеевна/ });
    await ivanova.getByText('Распечатан и подписан').first().waitFor();
    await page
      .getByRole('row', { name: /Смирнов Пётр Олегович/ })
      .getByTestId('handover-state')
      .getByText(late ? 'Просрочен' : 'Ожидается')
      .waitFor();
    await ivanova.getByRole('button', { name: 'Принят' }).click();
    await ivanova.getByTestId('handover-state').getByText('Принят руководителем').waitFor();
    await ivanova.getByText('Кузнецова Ольга Викторовна').waitFor();

    // The centre-wide XLSX by default, then one specialist's.
    let [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Скачать XLSX' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`Форма1_Ситуационный_центр_${prevMonth}.xlsx`);
    await page.getByLabel('Специалист').click();
    await page.locator('.ant-select-item-option[title="Смирнов Пётр Олегович"]').click();
    [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Скачать PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`Форма1_Смирнов_${prevMonth}.pdf`);
    await screenshot(page, 'reports-head');
  });
});
