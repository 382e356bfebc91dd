// The working calendar over HTTP: federal days, the admin's overrides and weekly hours, role checks.
import request from 'supertest';
import type { CalendarDayDto, CalendarStatusDto, CalendarYearDto } from '../../shared/api';
import { startTestServer, type TestServer } from '../support/server';

let srv: TestServer;
let admin: request.Agent;
let spec: request.Agent;

const day = (cal: CalendarYearDto, date: string): CalendarDayDto => {
  const d = cal.days.find((x) => x.date === date);
  if (!d) throw new Error(`no ${date} in ${cal.year}`);
  return d;
};

beforeAll(async () => {
  srv = await startTestServer({ env: { DEMO_CALL_INTERVAL_S: 'off' } });
  await srv.createUser({ login: 'spec-cal', extensions: ['101'] });
  admin = await srv.agent(srv.admin.login, srv.admin.password);
  spec = await srv.agent('spec-cal', 'password-123');
});
afterAll(async () => {
  await srv?.stop();
});

describe('calendar API', () => {
  it('gives every day of a year with its federal type and hours', async () => {
    const res = await spec.get('/api/calendar?year=2025');
    expect(res.status).toBe(200);
    const cal = res.body as CalendarYearDto;
    expect(cal.known).toBe(true);
    expect(cal.days).toHaveLength(365);
    // A working Saturday (in place of Monday 3 November) on Monday's hours, an hour short before 4 November.
    expect(day(cal, '2025-11-01')).toMatchObject({ kind: 'short', working: true, start: '08:30', end: '16:00' });
    expect(day(cal, '2025-11-03')).toMatchObject({ working: false, start: null });
    expect(day(cal, '2025-11-04')).toMatchObject({ kind: 'holiday', working: false });
    expect(day(cal, '2025-11-07')).toMatchObject({ kind: 'working', end: '16:00' });
    expect(cal.schedule.days[5]).toEqual({ start: '08:30', end: '16:00' });
  });

  it('says which years are missing; a year without data is marked unknown', async () => {
    const status = (await spec.get('/api/calendar/status')).body as CalendarStatusDto;
    // Today is in 2026 or later; 2027 has no federal data in callog yet.
    expect(status.missingYears).toContain(new Date().getFullYear() + 1);
    const y2030 = (await spec.get('/api/calendar?year=2030')).body as CalendarYearDto;
    expect(y2030.known).toBe(false);
    // Without the decree: the Labour Code's holidays (7 January, a Monday in 2030), no decree transfers.
    expect(day(y2030, '2030-01-07')).toMatchObject({ kind: 'holiday', working: false });
    // 12 June 2030 is a Wednesday, 4 November a Monday: no transfer; 9 May a Thursday, its eve short.
    expect(day(y2030, '2030-05-08')).toMatchObject({ kind: 'short', working: true });
  });

  it('lets the admin set a regional holiday and a working day, and take them back', async () => {
    let res = await admin
      .put('/api/calendar/overrides/2026-06-03')
      .send({ kind: 'day_off', title: 'Региональный праздник' });
    expect(res.status).toBe(204);
    res = await admin
      .put('/api/calendar/overrides/2026-06-06')
      .send({ kind: 'working', startTime: '09:00', endTime: '14:00', title: 'Отработка' });
    expect(res.status).toBe(204);
    let cal = (await spec.get('/api/calendar?year=2026')).body as CalendarYearDto;
    expect(day(cal, '2026-06-03')).toMatchObject({
      working: false,
      kind: 'override_day_off',
      title: 'Региональный праздник',
      overridden: true,
    });
    expect(day(cal, '2026-06-06')).toMatchObject({ working: true, start: '09:00', end: '14:00', overridden: true });

    expect((await admin.delete('/api/calendar/overrides/2026-06-03')).status).toBe(204);
    expect((await admin.delete('/api/calendar/overrides/2026-06-03')).status).toBe(404);
    cal = (await spec.get('/api/calendar?year=2026')).body as CalendarYearDto;
    expect(day(cal, '2026-06-03')).toMatchObject({ working: true, overridden: false });
  });

  it('rejects bad overrides with a message for people', async () => {
    const res = await admin
      .put('/api/calendar/overrides/2026-06-07')
      .send({ kind: 'working', startTime: '17:00', endTime: '09:00' });
    expect(res.status).toBe(400);
    expect((res.body as { error: { fields: Record<string, string> } }).error.fields.endTime).toMatch(/начало/i);
    expect((await admin.put('/api/calendar/overrides/2026-13-40').send({ kind: 'day_off' })).status).toBe(400);
  });

  it('changes the weekly hours', async () => {
    const cal = (await admin.get('/api/calendar?year=2026')).body as CalendarYearDto;
    const schedule = { ...cal.schedule, days: { ...cal.schedule.days, 5: { start: '08:30', end: '15:30' } } };
    expect((await admin.put('/api/calendar/schedule').send(schedule)).status).toBe(204);
    const after = (await spec.get('/api/calendar?year=2026')).body as CalendarYearDto;
    expect(day(after, '2026-06-05')).toMatchObject({ working: true, end: '15:30' });
    // Put it back for the other tests in this file.
    expect((await admin.put('/api/calendar/schedule').send(cal.schedule)).status).toBe(204);
  });

  it('refuses calendar changes to a specialist and to nobody logged in', async () => {
    expect((await spec.put('/api/calendar/overrides/2026-06-03').send({ kind: 'day_off' })).status).toBe(403);
    expect((await spec.delete('/api/calendar/overrides/2026-06-06')).status).toBe(403);
    expect((await spec.put('/api/calendar/schedule').send({})).status).toBe(403);
    expect((await request(srv.url).get('/api/calendar')).status).toBe(401);
  });
});
