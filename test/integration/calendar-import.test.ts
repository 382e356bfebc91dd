// Uploading a year's production calendar over HTTP: the differences first, then exactly those applied;
// working time follows; bad files and other roles are refused and change nothing. And the real 2026
// XML imported where 2026 was computed from the Labour Code only.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type {
  CalendarDayDto,
  CalendarImportPreviewDto,
  CalendarImportResultDto,
  CalendarStatusDto,
  CalendarYearDto,
} from '../../shared/api';
import { CalendarImportService } from '../../server/calendar/calendar-import.service';
import { CalendarService } from '../../server/calendar/calendar.service';
import { zonedTime } from '../../server/calendar/tz';
import { startTestServer, type TestServer } from '../support/server';

const TZ = 'Asia/Yekaterinburg';
const FIXTURES = path.resolve(__dirname, '../fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const SAMPLE_XML = fixture('calendar-import/2027-sample.xml');
const SAMPLE_CSV = fixture('calendar-import/2027-sample.csv');
const at = (date: string, hm: string) => {
  const [h, m] = hm.split(':').map(Number) as [number, number];
  return zonedTime(date, h * 60 + m, TZ);
};

let srv: TestServer;
let admin: request.Agent;
let spec: request.Agent;
let head: request.Agent;

const upload = (agent: request.Agent, url: string, file: Buffer) =>
  agent.post(url).set('Content-Type', 'application/octet-stream').send(file);
const preview = async (file: Buffer, year = 2027) => {
  const res = await upload(admin, `/api/calendar/${year}/import/preview`, file);
  expect(res.status).toBe(200);
  return res.body as CalendarImportPreviewDto;
};
const yearOf = async (year: number) => (await admin.get(`/api/calendar?year=${year}`)).body as CalendarYearDto;
const day = (cal: CalendarYearDto, date: string): CalendarDayDto => cal.days.find((d) => d.date === date)!;
const errorOf = (res: request.Response) => (res.body as { error: { code: string; message: string } }).error;

async function missedCall(linkedid: string, startedAt: Date, afterHours: boolean): Promise<void> {
  await srv.db.dataSource.query(
    `INSERT INTO calls (linkedid, pbx_id, direction, line_id, caller_number, state, outcome, after_hours, started_at, ended_at)
     VALUES ($1, 'test', 'inbound', 1, '83452000000', 'ended', 'missed', $2, $3, $3)`,
    [linkedid, afterHours, startedAt],
  );
}
const afterHoursOf = async (linkedid: string) => {
  const rows = await srv.db.dataSource.query<{ after_hours: boolean }[]>(
    `SELECT after_hours FROM calls WHERE linkedid = $1`,
    [linkedid],
  );
  return rows[0]!.after_hours;
};

beforeAll(async () => {
  srv = await startTestServer();
  await srv.createUser({ login: 'spec-imp', extensions: ['101'] });
  await srv.createUser({ login: 'head-imp', role: 'head' });
  admin = await srv.agent(srv.admin.login, srv.admin.password);
  spec = await srv.agent('spec-imp', 'password-123');
  head = await srv.agent('head-imp', 'password-123');
});
afterAll(async () => {
  await srv?.stop();
});

describe('calendar upload over HTTP (2027: no decree in callog, the Labour Code only)', () => {
  it('previews the differences and changes nothing yet', async () => {
    const before = await yearOf(2027);
    expect(before).toMatchObject({ known: false, source: 'labor_code' });
    const p = await preview(SAMPLE_XML);
    expect(p).toMatchObject({ year: 2027, format: 'xml', source: 'labor_code', alreadyApplied: false, warnings: [] });
    expect(p.changes.map((c) => [c.date, c.current.kind, c.new.kind, c.note])).toEqual([
      ['2027-11-05', 'working', 'transferred_day_off', 'Выходной перенесён с 13.11'],
      ['2027-11-13', 'weekend', 'working', 'Рабочий день: выходной перенесён на 05.11'],
      ['2027-12-31', 'short', 'transferred_day_off', 'Выходной перенесён с 02.01'],
    ]);
    expect(p.changes[1]!.new).toMatchObject({ working: true, start: '08:30', end: '17:00' });
    expect(p.counts).toMatchObject({ changed: 3, toDayOff: 2, toWorking: 1, hoursChanged: 0 });
    expect(p.counts.new.workingDays).toBe(p.counts.current.workingDays - 1);
    expect(await yearOf(2027)).toEqual(before);
  });

  it('applies what was previewed; working time follows; the same file again changes nothing', async () => {
    await missedCall('imp-1105', at('2027-11-05', '10:00'), false);
    await missedCall('imp-1113', at('2027-11-13', '10:00'), true);
    const { token } = await preview(SAMPLE_XML);
    let res = await upload(admin, `/api/calendar/2027/import/apply?token=${token}`, SAMPLE_XML);
    expect(res.status).toBe(200);
    expect(res.body as CalendarImportResultDto).toEqual({ year: 2027, changed: 3, alreadyApplied: false });

    const cal = await yearOf(2027);
    expect(cal).toMatchObject({ known: true, source: 'imported' });
    expect(day(cal, '2027-11-05')).toMatchObject({
      kind: 'transferred_day_off',
      working: false,
      title: 'Выходной перенесён с 13.11',
    });
    expect(day(cal, '2027-11-13')).toMatchObject({ kind: 'working', start: '08:30', end: '17:00' });
    expect(day(cal, '2027-12-31')).toMatchObject({ kind: 'transferred_day_off', working: false });
    expect(((await spec.get('/api/calendar/status')).body as CalendarStatusDto).missingYears).not.toContain(2027);
    // The calls of the changed days are placed in or out of working time again.
    expect(await afterHoursOf('imp-1105')).toBe(true);
    expect(await afterHoursOf('imp-1113')).toBe(false);

    res = await upload(admin, `/api/calendar/2027/import/apply?token=${token}`, SAMPLE_XML);
    expect(res.body as CalendarImportResultDto).toEqual({ year: 2027, changed: 0, alreadyApplied: true });
    expect(await preview(SAMPLE_XML)).toMatchObject({ source: 'imported', alreadyApplied: true, changes: [] });
    expect(await yearOf(2027)).toEqual(cal);
  });

  it('the same days as CSV or XLSX: nothing left to change', async () => {
    expect(await preview(SAMPLE_CSV)).toMatchObject({ format: 'csv', alreadyApplied: true, changes: [] });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('2027');
    for (const line of SAMPLE_CSV.toString('utf8').split('\r\n')) if (line) ws.addRow(line.split(';'));
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await preview(xlsx)).toMatchObject({ format: 'xlsx', alreadyApplied: true, changes: [] });
  });

  it('applies only what was previewed: another file, or a calendar changed since, is sent back', async () => {
    const edited = Buffer.from(SAMPLE_CSV.toString('utf8') + '30.12.2027;сокращённый;\r\n');
    const p = await preview(edited);
    expect(p.changes.map((c) => [c.date, c.new.kind, c.new.end])).toEqual([['2027-12-30', 'short', '16:00']]);
    // The token of this preview with another file.
    let res = await upload(admin, `/api/calendar/2027/import/apply?token=${p.token}`, SAMPLE_XML);
    expect(res.status).toBe(200);
    expect((res.body as CalendarImportResultDto).alreadyApplied).toBe(true);
    const other = Buffer.from(SAMPLE_CSV.toString('utf8') + '29.12.2027;сокращённый;\r\n');
    res = await upload(admin, `/api/calendar/2027/import/apply?token=${p.token}`, other);
    expect(res.status).toBe(409);
    expect(errorOf(res)).toMatchObject({
      code: 'calendar_preview_stale',
      message: expect.stringMatching(/просмотрите различия снова/) as unknown,
    });
    // An override put on the day after the preview: what the admin saw is no longer what would happen.
    expect(
      (await admin.put('/api/calendar/overrides/2027-12-30').send({ kind: 'day_off', title: 'Региональный' })).status,
    ).toBe(204);
    res = await upload(admin, `/api/calendar/2027/import/apply?token=${p.token}`, edited);
    expect(res.status).toBe(409);
    const again = await preview(edited);
    expect(again.changes).toEqual([]);
    expect(again.keptOverrides.map((c) => c.date)).toEqual(['2027-12-30']);
    res = await upload(admin, `/api/calendar/2027/import/apply?token=${again.token}`, edited);
    expect(res.body as CalendarImportResultDto).toEqual({ year: 2027, changed: 0, alreadyApplied: false });
    expect((await admin.delete('/api/calendar/overrides/2027-12-30')).status).toBe(204);
    expect(day(await yearOf(2027), '2027-12-30')).toMatchObject({ kind: 'short', end: '16:00', overridden: false });
  });

  it('refuses a bad file with a message that says what to fix, and changes nothing', async () => {
    const before = await yearOf(2027);
    const badType = Buffer.from(
      SAMPLE_XML.toString('utf8').replace('<day d="11.13" t="3"/>', '<day d="11.13" t="4"/>'),
    );
    let res = await upload(admin, '/api/calendar/2027/import/preview', badType);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'calendar_file_invalid' });
    expect(errorOf(res).message).toMatch(/^Строка \d+: неизвестный тип дня t="4" у 13\.11\.2027; допустимы t="1"/);
    const { token } = await preview(SAMPLE_XML);
    res = await upload(admin, `/api/calendar/2027/import/apply?token=${token}`, badType);
    expect(res.status).toBe(400);

    res = await upload(admin, '/api/calendar/2027/import/preview', fixture('calendar-ru/2026.xml'));
    expect(errorOf(res).message).toBe(
      'Это календарь на 2026 год, а выбран 2027: выберите 2026 год или загрузите файл на 2027 год.',
    );
    res = await upload(
      admin,
      '/api/calendar/2027/import/preview',
      Buffer.from('31.12.2026;нерабочий\n01.01.2027;праздник\n'),
    );
    expect(errorOf(res).message).toMatch(/^В файле даты разных лет/);
    res = await upload(admin, '/api/calendar/2027/import/preview', Buffer.from('05.13.2027;нерабочий\n'));
    expect(errorOf(res).message).toMatch(/^Строка 1: «05\.13\.2027» — такой даты нет\. Пишите ДД\.ММ\.ГГГГ/);
    res = await upload(admin, '/api/calendar/2027/import/preview', Buffer.alloc(600 * 1024, 0x41));
    expect(res.status).toBe(413);
    expect(errorOf(res)).toMatchObject({ code: 'calendar_file_too_large' });
    res = await admin.post('/api/calendar/2027/import/preview').send({ content: 'x' });
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toMatch(/Пришлите файл календаря/);
    res = await upload(admin, '/api/calendar/1999/import/preview', SAMPLE_XML);
    expect(res.status).toBe(400);
    res = await upload(admin, '/api/calendar/2027/import/apply', SAMPLE_XML);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/просмотрите различия/);

    expect(await yearOf(2027)).toEqual(before);
    const rows = await srv.db.dataSource.query(`SELECT year FROM calendar_years`);
    expect(rows).toEqual([{ year: 2027 }]);
  });

  it('refuses the upload to a specialist, to the head and to nobody logged in', async () => {
    for (const agent of [spec, head]) {
      expect((await upload(agent, '/api/calendar/2028/import/preview', SAMPLE_XML)).status).toBe(403);
      expect((await upload(agent, `/api/calendar/2028/import/apply?token=${'0'.repeat(64)}`, SAMPLE_XML)).status).toBe(
        403,
      );
    }
    expect((await upload(request.agent(srv.url), '/api/calendar/2027/import/preview', SAMPLE_XML)).status).toBe(401);
    const rows = await srv.db.dataSource.query(`SELECT year FROM calendar_years`);
    expect(rows).toEqual([{ year: 2027 }]);
  });
});

describe('the real 2026 calendar imported where 2026 came from the Labour Code only', () => {
  it('9 January becomes a day off: the registration date and the working time follow', async () => {
    // A calendar service without the decrees built into callog: 2026 is the Labour Code's.
    const calendar = new CalendarService(srv.db.dataSource, TZ, { builtIn: {} });
    const imports = new CalendarImportService(calendar);
    const [{ id: adminId }] = await srv.db.dataSource.query<[{ id: number }]>(
      `SELECT id FROM users WHERE login = 'admin'`,
    );
    let cal = await calendar.get();
    // A mail on Thursday 8 January at 18:00: by the Labour Code Friday 9 January is a working day.
    expect(cal.registrationDateFor(at('2026-01-08', '18:00'))).toBe('2026-01-09');
    // 8 January (a New Year holiday) -> Monday 12 January 09:30: Friday 08:30-16:00 less lunch, 6.5 h, + 1 h.
    expect(cal.workingDuration(at('2026-01-08', '12:00'), at('2026-01-12', '09:30')) / 3600_000).toBe(7.5);

    const xml = fixture('calendar-ru/2026.xml');
    const p = await imports.preview(2026, xml);
    expect(p.changes.map((c) => c.date)).toEqual(['2026-01-09', '2026-12-31']);
    expect(await imports.apply(2026, xml, p.token, adminId)).toEqual({ year: 2026, changed: 2, alreadyApplied: false });

    cal = await calendar.get();
    expect(cal.day('2026-01-09')).toMatchObject({ working: false, kind: 'transferred_day_off' });
    expect(cal.registrationDateFor(at('2026-01-08', '18:00'))).toBe('2026-01-12');
    expect(cal.workingDuration(at('2026-01-08', '12:00'), at('2026-01-12', '09:30')) / 3600_000).toBe(1);
    expect(await imports.apply(2026, xml, p.token, adminId)).toEqual({ year: 2026, changed: 0, alreadyApplied: true });
  });
});
