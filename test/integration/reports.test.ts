// Form No. 1 as PDF and XLSX, read back the way a person or Excel would, and the monthly hand-over.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { EntryDto, HandoverDto, HandoverReminderDto } from '../../shared/api';
import { WorkingCalendar } from '../../server/calendar/working-time';
import { SCREENSHOT_DIR } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';

const COLUMNS = [
  'Дата',
  '№ п/п',
  'Тип запроса',
  'Описание запроса',
  'Наименование ОО',
  'ФИО',
  'Дополнительная информация',
  'Статус решения запроса',
  'Дата решения запроса',
  'Примечание',
];
const TZ = 'Asia/Yekaterinburg';
const LONG =
  'Не отображается расписание уроков в электронном дневнике у обучающихся 5-х классов после переноса ' +
  'уроков на субботу; учитель видит расписание, а родители и дети нет. Проверили права, кэш браузера и ' +
  'мобильное приложение — одинаково. Просят восстановить до начала четверти.';

let srv: TestServer;
let head: request.Agent;
let specA: request.Agent;
let specB: request.Agent;
let idA: number;
let idB: number;
let tmp: string;

/** The month before now in the centre, "YYYY-MM", and today's day of month there. */
const now = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' })
  .format(new Date())
  .split('-')
  .map(Number) as [number, number, number];
const prevMonth = now[1] === 1 ? `${now[0] - 1}-12` : `${now[0]}-${String(now[1] - 1).padStart(2, '0')}`;
const thisMonth = `${now[0]}-${String(now[1]).padStart(2, '0')}`;

/** Working days of the previous month (federal calendar), so that every test entry keeps its own time. */
const workingDays = (() => {
  const cal = new WorkingCalendar(TZ);
  const days: string[] = [];
  for (let d = 1; d <= 31; d++) {
    const date = `${prevMonth}-${String(d).padStart(2, '0')}`;
    if (!Number.isNaN(Date.parse(date)) && date.startsWith(prevMonth) && cal.day(date).working) days.push(date);
  }
  return days;
})();
/** The n-th (0-based) working day of the previous month at hh:15 in the centre. */
const receivedAt = (n: number, hh: number) => `${workingDays[n]!}T${String(hh).padStart(2, '0')}:15:00+05:00`;

async function create(agent: request.Agent, over: Record<string, unknown>): Promise<EntryDto> {
  const res = await agent.post('/api/entries').send({
    type: 'support',
    subsystem: 'school',
    description: 'Вопрос',
    organizationName: 'МАОУ СОШ № 5 г. Тюмени',
    personName: 'Петрова Мария Ивановна',
    ...over,
  });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as EntryDto;
}

/** GET a file: the body as a Buffer whatever its type. */
function download(agent: request.Agent, url: string) {
  return agent
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
}

function pdfText(file: string, page?: number): string {
  const args = ['-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'];
  return execFileSync('pdftotext', args, { encoding: 'utf8' });
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'callog-form1-'));
  srv = await startTestServer({ env: { DEMO_CALL_INTERVAL_S: 'off' } });
  idA = (await srv.createUser({ login: 'ivanova', fullName: 'Иванова Анна Сергеевна', extensions: ['101'] })).id;
  idB = (await srv.createUser({ login: 'smirnov', fullName: 'Смирнов Пётр Олегович', extensions: ['102'] })).id;
  await srv.createUser({ login: 'head', fullName: 'Кузнецова Ольга Викторовна', role: 'head' });
  head = await srv.agent('head', 'password-123');
  specA = await srv.agent('ivanova', 'password-123');
  specB = await srv.agent('smirnov', 'password-123');

  // 45 entries last month for Иванова (created out of order, some long), 2 for Смирнов.
  for (let i = 45; i >= 1; i--) {
    await create(specA, {
      receivedAt: receivedAt(Math.floor((i - 1) / 3), [9, 11, 14][(i - 1) % 3]!),
      description: i % 5 === 0 ? `${LONG} (№${i})` : `Запрос номер ${i}: не входит пользователь`,
      additionalInfo: i === 3 ? 'Тел. 8 (3452) 12-34-56, доб. 7' : '',
      ...(i % 3 === 0 ? { status: 'closed', resolution: `Решено по запросу ${i}` } : {}),
    });
  }
  await create(specB, { receivedAt: receivedAt(1, 10), description: 'Смирнов: первый запрос' });
  await create(specB, { receivedAt: receivedAt(2, 10), description: 'Смирнов: второй запрос', type: 'bug' });
  // Never printed: a "not a request" row and this month's entries.
  await srv.db.dataSource.query(
    `INSERT INTO entries (status, channel, owner_id, created_by_id, description, registered_at, not_request_reason)
     VALUES ('not_request', 'phone', $1, $1, 'Ошиблись номером — не печатать', $2, 'ошиблись')`,
    [idA, new Date(receivedAt(3, 12))],
  );
  await create(specA, { description: 'Этот месяц — не в отчёте за прошлый' });
}, 120_000);

afterAll(async () => {
  await srv?.stop();
  if (!process.env.KEEP_FORM1) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('Form No. 1 PDF', () => {
  let file: string;

  beforeAll(async () => {
    const res = await download(specA, `/api/reports/form1?month=${prevMonth}&format=pdf`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('Форма1_Иванова_')}`);
    file = path.join(tmp, 'form1.pdf');
    fs.writeFileSync(file, res.body as Buffer);
  });

  it('is A4 landscape with the title, period, specialist and all ten columns in Cyrillic', () => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+841\.8\d* x 595\.2\d* pts \(A4\)/);
    const first = pdfText(file, 1);
    expect(first).toContain('Форма №1 «Журнал специалиста»');
    expect(first).toContain('Иванова Анна Сергеевна');
    expect(first).toMatch(/Отчётный период: \S+ \d{4} г\./);
    // The header row, up to the first row's date: every word of the ten column names (long ones wrap in their cells).
    const header = first.slice(first.indexOf('Дата'), first.search(/\n\d\d\.\d\d\.\d{4}/));
    for (const col of COLUMNS) for (const word of col.split(' ')) expect(header).toContain(word);
    expect(header.indexOf('Тип')).toBeLessThan(header.indexOf('Описание'));
    expect(header.indexOf('Наименование')).toBeLessThan(header.indexOf('Дополнительная'));
    expect(header.indexOf('Статус')).toBeLessThan(header.indexOf('Примечание'));
  });

  it('numbers the rows 1..N in date order, repeats the header on every page, has page numbers and the signature line', () => {
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let p = 1; p <= pages; p++) {
      const text = pdfText(file, p);
      expect(text).toContain('Описание запроса');
      expect(text).toContain(`Страница ${p} из ${pages}`);
    }
    const all = pdfText(file);
    // Created in reverse: row 1 is request 1 (the earliest), row 45 is request 45.
    const order = [...all.matchAll(/Запрос номер (\d+):/g)].map((m) => Number(m[1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(all).toMatch(/Всего запросов: 45/);
    expect(all).toContain('Дата, ФИО специалиста полностью, подпись');
    expect(all).toContain('Решение: Решено по');
    expect(all).not.toContain('не печатать');
    expect(all).not.toContain('Этот месяц');
    expect(all).not.toContain('Смирнов');
    // The long description wraps over several lines of its cell rather than being cut: its start and end are there.
    expect(all).toContain('Не отображается расписание');
    expect(all).toMatch(/начала четверти\. \(№5\)/);
  });

  it('turns into PNG pages (kept for looking at)', () => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '2', file, path.join(SCREENSHOT_DIR, 'form1')]);
    const pngs = fs.readdirSync(SCREENSHOT_DIR).filter((f) => /^form1-\d+\.png$/.test(f));
    expect(pngs.length).toBe(2);
  });
});

describe('Form No. 1 XLSX', () => {
  it('reads back with the ten columns and the rows in order', async () => {
    const res = await download(specA, `/api/reports/form1?month=${prevMonth}&format=xlsx`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Иванова Анна Сергеевна']);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell(1, 1).value).toBe('Форма №1 «Журнал специалиста»');
    expect((ws.getRow(4).values as unknown[]).slice(1)).toEqual(COLUMNS);
    expect(ws.pageSetup.orientation).toBe('landscape');
    const numbers: number[] = [];
    const descriptions: string[] = [];
    for (let r = 5; r < 5 + 45; r++) {
      numbers.push(ws.getCell(r, 2).value as number);
      descriptions.push(ws.getCell(r, 4).text);
    }
    expect(numbers).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(descriptions[0]).toBe('Запрос номер 1: не входит пользователь');
    expect(descriptions[44]).toContain('(№45)');
    expect(ws.getCell(5 + 2, 7).value).toBe('Тел. 8 (3452) 12-34-56, доб. 7');
    expect(ws.getCell(5 + 2, 8).text).toBe('Закрыт');
    expect(ws.getCell(5 + 2, 9).text).toMatch(/^\d\d\.\d\d\.\d{4} \d\d:\d\d$/);
    expect(ws.getCell(5 + 45, 1).text).toBe('');
  });

  it('gives the head one sheet per specialist for the centre', async () => {
    const res = await download(head, `/api/reports/form1?month=${prevMonth}&format=xlsx`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Иванова Анна Сергеевна', 'Смирнов Пётр Олегович']);
    const smirnov = wb.worksheets[1]!;
    expect(smirnov.getCell(5, 4).value).toBe('Смирнов: первый запрос');
    expect(smirnov.getCell(6, 3).text).toBe('Ошибка');
    expect(smirnov.getCell(6, 8).text).toBe('В работе (на согласовании)');
  });
});

describe('report access', () => {
  it('a specialist gets only their own journal; the head anyone’s; nobody without a session', async () => {
    expect((await specB.get(`/api/reports/form1?month=${prevMonth}&specialist=${idA}`)).status).toBe(403);
    expect((await head.get(`/api/reports/form1?month=${prevMonth}&specialist=${idB}&format=xlsx`)).status).toBe(200);
    expect((await head.get(`/api/reports/form1?month=${prevMonth}&specialist=99999`)).status).toBe(404);
    expect((await request(srv.url).get(`/api/reports/form1?month=${prevMonth}`)).status).toBe(401);
    const bad = await specA.get('/api/reports/form1?month=2026-13');
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { fields: Record<string, string> } }).error.fields.month).toBe(
      'Месяц в формате ГГГГ-ММ',
    );
  });
});

describe('hand-over', () => {
  const late = now[2] > 10;

  it('shows each specialist their reminder and the head the status of everyone', async () => {
    const reminder = (await specA.get('/api/reports/handovers/reminder')).body as HandoverReminderDto;
    expect(reminder).toMatchObject({ kind: 'specialist', month: prevMonth, overdue: late });
    const list = (await head.get(`/api/reports/handovers?month=${prevMonth}`)).body as { items: HandoverDto[] };
    expect(list.items.map((h) => [h.specialistName, h.entries, h.state])).toEqual([
      ['Иванова Анна Сергеевна', 45, late ? 'late' : 'pending'],
      ['Смирнов Пётр Олегович', 2, late ? 'late' : 'pending'],
    ]);
    // Someone who joined this month has nothing to hand over for last month.
    await srv.createUser({ login: 'novikov', fullName: 'Новиков Илья Андреевич', extensions: ['103'] });
    const novikov = await srv.agent('novikov', 'password-123');
    expect((await novikov.get('/api/reports/handovers/reminder')).body).toEqual({ kind: 'none' });
    const again = (await head.get(`/api/reports/handovers?month=${prevMonth}`)).body as { items: HandoverDto[] };
    expect(again.items.map((h) => h.specialistName)).not.toContain('Новиков Илья Андреевич');
    const own = (await specB.get(`/api/reports/handovers?month=${prevMonth}`)).body as { items: HandoverDto[] };
    expect(own.items.map((h) => h.specialistName)).toEqual(['Смирнов Пётр Олегович']);
  });

  it('records "printed and signed" by the specialist and "received" by the head, with who and when', async () => {
    let res = await specA.post(`/api/reports/handovers/${prevMonth}/printed`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'printed', printedByName: 'Иванова Анна Сергеевна', receivedAt: null });
    expect((await specA.get('/api/reports/handovers/reminder')).body).toEqual({ kind: 'none' });

    expect((await specA.post(`/api/reports/handovers/${prevMonth}/${idA}/received`)).status).toBe(403);
    res = await head.post(`/api/reports/handovers/${prevMonth}/${idA}/received`);
    expect(res.status).toBe(200);
    const h = res.body as HandoverDto;
    expect(h).toMatchObject({ state: 'received', receivedByName: 'Кузнецова Ольга Викторовна' });
    expect(Date.now() - new Date(h.receivedAt!).getTime()).toBeLessThan(60_000);

    // After the 10th the head is told who is late: Смирнов, not Иванова.
    const reminder = (await head.get('/api/reports/handovers/reminder')).body as HandoverReminderDto;
    if (late) {
      expect(reminder).toMatchObject({
        kind: 'head',
        month: prevMonth,
        late: [{ specialistName: 'Смирнов Пётр Олегович' }],
      });
    } else {
      expect(reminder).toEqual({ kind: 'none' });
    }
  });

  it('refuses to hand over a month that is not over', async () => {
    const res = await specA.post(`/api/reports/handovers/${thisMonth}/printed`);
    expect(res.status).toBe(409);
    expect((res.body as { error: { message: string } }).error.message).toMatch(/ещё не закончился/);
    expect((await head.post(`/api/reports/handovers/${prevMonth}/printed`)).status).toBe(403);
  });
});
