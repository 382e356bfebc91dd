// Statistics on constructed calls and entries, every expected figure worked out by hand below; and
// on the recorded traces: each support call counted once, the buckets adding up to offered.
import type request from 'supertest';
import { localDate } from '../../shared/datetime';
import { BUCKET_FIGURE, CALL_BUCKETS, type StatsDto } from '../../shared/stats';
import { CalendarService } from '../../server/calendar/calendar.service';
import { durationsSet } from '../../server/calls/durations';
import { StatsFacts } from '../../server/stats/facts';
import { backlogBounds } from '../../server/stats/stats.service';
import { FakeAmi } from '../support/fake-ami';
import { startTestServer, type TestServer } from '../support/server';
import { traceEvents } from '../support/traces';

const TZ = 'Asia/Yekaterinburg';
let srv: TestServer;
let admin: request.Agent;
let aId: number;
let bId: number;
let cal: Awaited<ReturnType<CalendarService['get']>>;

/** Local time in Tyumen (UTC+5) -> Date. */
const at = (local: string) => new Date(`${local}+05:00`);
const plus = (d: Date, s: number) => new Date(d.getTime() + s * 1000);

interface CallSpec {
  id: string;
  start: string;
  /** Seconds from the start to the answer (absent: unanswered). */
  answer?: number;
  /** Seconds from the start to the end. */
  end: number;
  caller: string;
  queue?: string;
  /** Who had the call: [seconds from the start, extension, kind]. */
  legs?: [number, string, string][];
  direction?: 'inbound' | 'outbound';
  callbackOf?: string;
}

const ids = new Map<string, number>();

async function call(s: CallSpec): Promise<number> {
  const start = at(s.start);
  const answered = s.answer === undefined ? null : plus(start, s.answer);
  const ended = plus(start, s.end);
  const legs = (s.legs ?? []).map(([t, extension, kind]) => ({
    at: plus(start, t).toISOString(),
    extension,
    userId: null,
    kind,
  }));
  const last = legs[legs.length - 1]?.extension ?? null;
  const inbound = (s.direction ?? 'inbound') === 'inbound';
  // The working-time flag as the call pipeline sets it: from the calendar at the call's start.
  const afterHours = inbound && !cal.isWorkingTime(start);
  const [row] = await srv.db.dataSource.query<{ id: number }[]>(
    `INSERT INTO calls (linkedid, pbx_id, direction, line_id, caller_number, caller_number_norm, state, outcome,
        after_hours, queue, started_at, answered_at, ended_at, legs, extension, user_id, callback_of_id)
     VALUES ($1, 'test', $2, $3, $4, $5, 'ended', $6, $7, $8, $9, $10, $11, $12::jsonb, $13::varchar,
        (SELECT user_id FROM user_extensions WHERE extension = $13::varchar), $14)
     RETURNING id`,
    [
      `stats-${s.id}`,
      s.direction ?? 'inbound',
      inbound ? 1 : null,
      s.caller,
      `7${s.caller.slice(1)}`,
      answered ? 'answered' : s.queue ? 'abandoned' : 'missed',
      afterHours,
      s.queue ?? null,
      start,
      answered,
      ended,
      JSON.stringify(legs),
      last,
      s.callbackOf ? ids.get(s.callbackOf)! : null,
    ],
  );
  await srv.db.dataSource.query(`UPDATE calls SET ${durationsSet()} WHERE id = $1`, [row!.id]);
  ids.set(s.id, row!.id);
  return row!.id;
}

/** A registered entry (made through the API, then dated as the scenario says). */
async function entry(
  who: request.Agent,
  e: { type: string; subsystem: string; registered: Date; resolved?: Date; status: string; call?: string },
): Promise<number> {
  const res = await who.post('/api/entries').send({
    type: e.type,
    subsystem: e.subsystem,
    description: 'Описание для статистики',
    status: 'in_progress',
    channel: e.call ? 'phone' : 'manual',
  });
  expect(res.status).toBe(201);
  const id = (res.body as { id: number }).id;
  await srv.db.dataSource.query(
    `UPDATE entries SET registered_at = $2, resolved_at = $3, status = $4::varchar, origin_call_id = $5,
            approval = CASE WHEN type IN ('bug', 'improvement') AND $4::varchar = 'in_progress' THEN 'pending' ELSE approval END
      WHERE id = $1`,
    [id, e.registered, e.resolved ?? null, e.status, e.call ? ids.get(e.call)! : null],
  );
  if (e.call) await srv.db.dataSource.query(`UPDATE calls SET entry_id = $2 WHERE id = $1`, [ids.get(e.call)!, id]);
  return id;
}

beforeAll(async () => {
  srv = await startTestServer();
  aId = (await srv.createUser({ login: 'stat-a', fullName: 'Андреева Алла', extensions: ['101'] })).id;
  bId = (await srv.createUser({ login: 'stat-b', fullName: 'Борисов Борис', extensions: ['102'] })).id;
  admin = await srv.agent(srv.admin.login, srv.admin.password);
  cal = await new CalendarService(srv.db.dataSource, TZ).get();
  const a = await srv.agent('stat-a', 'password-123');
  const b = await srv.agent('stat-b', 'password-123');

  // The week of Mon 27.10.2025 .. Sun 02.11.2025; Sat 01.11.2025 is a working Saturday (transfer).
  await call({
    id: 'C1',
    start: '2025-10-27T10:00:00',
    answer: 8,
    end: 128,
    caller: '83452000001',
    legs: [[8, '101', 'answer']],
  });
  // Transferred: A answers at 12 s, hands over to B at 60 s (attended), ends at 300 s.
  await call({
    id: 'C2',
    start: '2025-10-27T10:05:00',
    answer: 12,
    end: 300,
    caller: '83452000002',
    legs: [
      [12, '101', 'answer'],
      [60, '102', 'attended'],
    ],
  });
  await call({ id: 'C3', start: '2025-10-27T10:10:00', end: 3, caller: '83452000003' }); // short abandon
  await call({ id: 'C4', start: '2025-10-27T18:30:00', end: 20, caller: '83452000004' }); // after hours
  await call({ id: 'C5', start: '2025-10-30T12:45:00', end: 40, caller: '83452000005' }); // over lunch
  await call({ id: 'C6', start: '2025-11-01T10:00:00', end: 30, caller: '83452000006' }); // working Saturday
  // Queue, answered by B on the second round after 40 s.
  await call({
    id: 'C7',
    start: '2025-10-28T11:00:00',
    answer: 40,
    end: 100,
    caller: '83452000007',
    queue: 'support',
    legs: [[40, '102', 'answer']],
  });
  await call({ id: 'C8', start: '2025-10-28T11:30:00', end: 15, caller: '83452000008', queue: 'support' });
  await call({ id: 'C9', start: '2025-10-29T09:00:00', end: 25, caller: '83452000009' });
  await call({ id: 'C10', start: '2025-10-29T16:50:00', end: 25, caller: '83452000010' });
  // A calls C9's caller back at 09:30 and gets through.
  await call({
    id: 'CB',
    start: '2025-10-29T09:30:00',
    answer: 10,
    end: 70,
    caller: '83452000009',
    direction: 'outbound',
    callbackOf: 'C9',
    legs: [[10, '101', 'answer']],
  });

  // E1: C1 closed on the spot, registered 30 s after the call ended. E2: C7's bug, in progress, registered
  // 60 s after the end. E3: manual improvement, Wed 15:00 -> after awaiting feedback resolved Thu 10:00.
  await entry(a, {
    type: 'support',
    subsystem: 'school',
    registered: plus(at('2025-10-27T10:00:00'), 158),
    resolved: plus(at('2025-10-27T10:00:00'), 158),
    status: 'closed',
    call: 'C1',
  });
  await entry(b, {
    type: 'bug',
    subsystem: 'kindergarten',
    registered: plus(at('2025-10-28T11:00:00'), 160),
    status: 'in_progress',
    call: 'C7',
  });
  const e3 = await entry(a, {
    type: 'improvement',
    subsystem: 'college',
    registered: at('2025-10-29T15:00:00'),
    resolved: at('2025-10-30T10:00:00'),
    status: 'resolved',
  });
  await srv.db.dataSource.query(
    `INSERT INTO entry_history (entry_id, action, changes) VALUES ($1, 'status', $2::jsonb)`,
    [e3, JSON.stringify([{ field: 'status', from: 'in_progress', to: 'awaiting_feedback' }])],
  );
  // The past days are summarised (as the background job does): the figures below come from the
  // daily call facts, and the days changed later are read from the calls.
  await srv.statsFacts.refreshAll();
});

afterAll(async () => {
  await srv?.stop();
});

const stats = async (query: string, agent = admin) => {
  const res = await agent.get(`/api/stats?${query}`);
  expect(res.status).toBe(200);
  return res.body as StatsDto;
};

describe('calls, worked out by hand', () => {
  it('the calendar places the calls as the scenario says', () => {
    expect(cal.isWorkingTime(at('2025-10-30T12:45:00'))).toBe(false); // lunch 12:30-13:30
    expect(cal.isWorkingTime(at('2025-11-01T10:00:00'))).toBe(true); // transferred working Saturday
    expect(cal.isWorkingTime(at('2025-10-27T18:30:00'))).toBe(false); // after 17:00
  });

  it('buckets, rates, waits, talk and handle time for the week', async () => {
    const s = await stats('from=2025-10-27&to=2025-11-02');
    // 10 inbound calls (the callback is outbound); C4 (18:30) and C5 (lunch) outside working time.
    // answered C1, C2, C7; short C3 (3 s); after hours C4, C5; abandoned C8 (queue, 15 s);
    // missed C6 (Saturday), C9, C10: 3 + 1 + 2 + 1 + 3 = 10.
    expect(s.calls).toMatchObject({
      offered: 10,
      offeredInHours: 8,
      answered: 3,
      shortAbandoned: 1,
      afterHours: 2,
      abandoned: 1,
      missed: 3,
      callbacks: 1,
    });
    const c = s.calls;
    expect(c.answered + c.missed + c.abandoned + c.shortAbandoned + c.afterHours).toBe(c.offered);
    // Denominator: 8 in working time - 1 short abandon = 7. Answered in working time: 3.
    expect(c.answerRate).toBeCloseTo(3 / 7, 10);
    // Within 20 s: C1 (8 s), C2 (12 s); C7 waited 40 s.
    expect(c.serviceLevel).toBeCloseTo(2 / 7, 10);
    expect(c.serviceLevelOfAnswered).toBeCloseTo(2 / 3, 10);
    expect(c.asaSeconds).toBeCloseTo((8 + 12 + 40) / 3, 10);
    // Longest wait of all, abandoned included: C5 40 s and C7 40 s.
    expect(c.maxWaitSeconds).toBe(40);
    // Talk: C1 120, C2 288, C7 60.
    expect(c.avgTalkSeconds).toBeCloseTo((120 + 288 + 60) / 3, 10);
    // Handle time of calls with an entry: C1 120 + 30 (registered 30 s after the end), C7 60 + 60.
    expect(c.ahtSeconds).toBeCloseTo((150 + 120) / 2, 10);
    // Lost callers: C6, C8, C9, C10; C9's caller was called back 30 min later (in working time).
    expect(c).toMatchObject({ lostCallers: 4, lostReached: 1, lostUnreached: 3 });
  });

  it('days, heatmap and the specialists (a transferred call counts for each who talked)', async () => {
    const s = await stats('from=2025-10-27&to=2025-11-02');
    expect(s.byDay).toEqual([
      // Mon: C1..C4; SL = 2 within 20 s / (3 in hours - 1 short).
      {
        date: '2025-10-27',
        offered: 4,
        answered: 2,
        missed: 0,
        abandoned: 0,
        shortAbandoned: 1,
        afterHours: 1,
        serviceLevel: 1,
      },
      {
        date: '2025-10-28',
        offered: 2,
        answered: 1,
        missed: 0,
        abandoned: 1,
        shortAbandoned: 0,
        afterHours: 0,
        serviceLevel: 0,
      },
      {
        date: '2025-10-29',
        offered: 2,
        answered: 0,
        missed: 2,
        abandoned: 0,
        shortAbandoned: 0,
        afterHours: 0,
        serviceLevel: 0,
      },
      {
        date: '2025-10-30',
        offered: 1,
        answered: 0,
        missed: 0,
        abandoned: 0,
        shortAbandoned: 0,
        afterHours: 1,
        serviceLevel: null,
      },
      {
        date: '2025-11-01',
        offered: 1,
        answered: 0,
        missed: 1,
        abandoned: 0,
        shortAbandoned: 0,
        afterHours: 0,
        serviceLevel: 0,
      },
    ]);
    expect(s.heatmap).toEqual(
      expect.arrayContaining([
        { weekday: 1, slot: '10:00', offered: 3, answered: 2 },
        { weekday: 1, slot: '18:30', offered: 1, answered: 0 },
        { weekday: 6, slot: '10:00', offered: 1, answered: 0 },
      ]),
    );
    const people = new Map(s.bySpecialist.map((p) => [p.userId, p]));
    // A: C1 (120 s) and the first 48 s of C2. B: the rest of C2 (240 s) and C7 (60 s).
    expect(people.get(aId)).toMatchObject({ answered: 2, talkSeconds: 168, registered: 2 });
    expect(people.get(bId)).toMatchObject({ answered: 2, talkSeconds: 300, registered: 1 });
  });

  it('filters: a line, a specialist (who sees only their own)', async () => {
    expect((await stats('from=2025-10-27&to=2025-11-02&lineId=2')).calls.offered).toBe(0);
    const mine = await stats('from=2025-10-27&to=2025-11-02', await srv.agent('stat-b', 'password-123'));
    // B talked on C2 and C7.
    expect(mine.calls).toMatchObject({ offered: 2, answered: 2 });
    expect(mine.bySpecialist.map((p) => p.userId)).toEqual([bId]);
    const other = await (
      await srv.agent('stat-b', 'password-123')
    ).get(`/api/stats?from=2025-10-27&to=2025-11-02&userId=${aId}`);
    expect(other.status).toBe(403);
  });
});

describe('requests, worked out by hand', () => {
  it('breakdowns, resolution in working time, first contact, approvals, calls per request, backlog', async () => {
    const r = (await stats('from=2025-10-27&to=2025-11-02')).requests;
    expect(r.registered).toBe(3);
    expect(r.byType).toEqual({ support: 1, bug: 1, improvement: 1 });
    expect(r.bySubsystem).toEqual({ school: 1, kindergarten: 1, college: 1 });
    expect(r.byStatus).toEqual({ closed: 1, in_progress: 1, resolved: 1 });
    expect(r.byChannel).toEqual({ phone: 2, manual: 1 });
    // E1 at once (0 h); E3 Wed 15:00 -> Thu 10:00 = 2 h (Wed 15-17) + 1.5 h (Thu 08:30-10:00).
    expect(r.medianResolutionWorkingHours).toBeCloseTo((0 + 3.5) / 2, 6);
    // Resolved in the period: E1 (one call, no feedback awaited) and E3 (no call, feedback awaited).
    expect(r.firstContactShare).toBeCloseTo(1 / 2, 10);
    expect(r.approvalsPending).toBe(1);
    expect(r.callsPerRequest).toBe(1);
    // E2 is open since 28.10.2025: far more than 10 working days ago.
    expect(r.backlog.find((b) => b.count > 0)).toEqual({ bucket: 'больше 10 рабочих дней', count: 1 });
  });

  it('backlog bounds: 1, 3, 5 and 10 working days before now, found on the calendar', () => {
    // Wed 29.10.2025 12:00: a working day (7.5 h) back is Tue 12:00 (Wed 08:30-12:00, Tue 13:30-17:00,
    // 12:00-12:30). Fridays end at 16:00, an hour earlier: 3 days back is Fri 24.10 11:00 (Mon 08:30-12:00,
    // Fri 13:30-16:00, 11:00-12:30), 5 days Wed 22.10 11:00, 10 days (a second Friday) Wed 15.10 10:00.
    const bounds = backlogBounds(cal, at('2025-10-29T12:00:00'));
    const expected = ['2025-10-28T12:00', '2025-10-24T11:00', '2025-10-22T11:00', '2025-10-15T10:00'].map((d) =>
      at(`${d}:00`),
    );
    bounds.forEach((b, i) => expect(Math.abs(b.getTime() - expected[i]!.getTime())).toBeLessThanOrEqual(1000));
  });

  it('backlog: a fresh open entry is aged on the calendar one by one, the old ones counted in the database', async () => {
    const fresh = await entry(await srv.agent('stat-a', 'password-123'), {
      type: 'support',
      subsystem: 'school',
      registered: new Date(Date.now() - 3600_000),
      status: 'in_progress',
    });
    try {
      const r = (await stats('from=2025-10-27&to=2025-11-02')).requests;
      // An hour ago is less than one working day, whatever the time now; E2 (28.10.2025) is old.
      expect(r.backlog.filter((b) => b.count > 0)).toEqual([
        { bucket: 'до 1 рабочего дня', count: 1 },
        { bucket: 'больше 10 рабочих дней', count: 1 },
      ]);
    } finally {
      await srv.db.dataSource.query(`UPDATE entries SET status = 'closed' WHERE id = $1`, [fresh]);
    }
  });

  it('each call figure drills down to exactly the calls it counts', async () => {
    const s = await stats('from=2025-10-27&to=2025-11-02');
    const listed = async (q: string) =>
      (await admin.get(`/api/calls?from=2025-10-27&to=2025-11-02&limit=500&${q}`)).body as {
        items: { linkedid: string }[];
        total: number;
      };
    let sum = 0;
    for (const bucket of CALL_BUCKETS) {
      const l = await listed(`bucket=${bucket}`);
      expect([bucket, l.total]).toEqual([bucket, s.calls[BUCKET_FIGURE[bucket]]]);
      sum += l.total;
    }
    expect(sum).toBe(s.calls.offered);
    // Worked out by hand above: the short abandon is C3, the abandoned one C8.
    expect((await listed('bucket=short_abandoned')).items.map((c) => c.linkedid)).toEqual(['stats-C3']);
    expect((await listed('bucket=abandoned')).items.map((c) => c.linkedid)).toEqual(['stats-C8']);
  });

  it('a day comes with the same weekday of the last 4 weeks; a longer period without', async () => {
    // Mon 27.10.2025 (C1 answered, C3 short) against Mondays 20.10, 13.10, 06.10, 29.09: one call on 13.10.
    await call({ id: 'W13', start: '2025-10-13T11:00:00', answer: 30, end: 90, caller: '83452000013' });
    const s = await stats('from=2025-10-27&to=2025-10-27');
    expect(s.earlier.map((e) => [e.from, e.to, e.calls.offered, e.calls.answered])).toEqual([
      ['2025-10-20', '2025-10-20', 0, 0],
      ['2025-10-13', '2025-10-13', 1, 1],
      ['2025-10-06', '2025-10-06', 0, 0],
      ['2025-09-29', '2025-09-29', 0, 0],
    ]);
    // 30 s of waiting: outside the 20 s service level.
    expect(s.earlier[1]!.calls.serviceLevel).toBe(0);
    expect((await stats('from=2025-10-01&to=2025-10-31')).earlier).toEqual([]);
  });

  it('answers 400 for a period the wrong way round or longer than a year', async () => {
    expect((await admin.get('/api/stats?from=2025-11-02&to=2025-10-27')).status).toBe(400);
    expect((await admin.get('/api/stats?from=2024-01-01&to=2025-12-31')).status).toBe(400);
  });
});

describe('daily summaries', () => {
  const queries = [
    'from=2025-10-27&to=2025-11-02',
    'from=2025-10-28&to=2025-10-28',
    'from=2025-10-27&to=2025-11-02&lineId=1',
    'from=2025-10-27&to=2025-11-02&subsystem=school',
    'from=2025-10-27&to=2025-11-02&type=bug',
  ];
  const all = async () => {
    const out = [];
    for (const q of queries) out.push(await stats(q));
    out.push(await stats(`from=2025-10-27&to=2025-11-02&userId=${bId}`));
    return out;
  };
  const summarised = async () =>
    (
      await srv.db.dataSource.query<{ day: string }[]>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM stats_days WHERE day BETWEEN '2025-10-27' AND '2025-11-02'`,
      )
    ).length;

  it('give the same figures as the calls themselves, filters and a specialist included', async () => {
    await srv.statsFacts.refreshAll();
    expect(await summarised()).toBe(7);
    const fromFacts = await all();
    await srv.db.dataSource.query(`DELETE FROM stats_days`);
    expect(await summarised()).toBe(0);
    const fromCalls = await all();
    expect(fromFacts).toEqual(fromCalls);
    expect(fromCalls[0]!.calls.offered).toBe(10);
    await srv.statsFacts.refreshAll();
    expect(await summarised()).toBe(7);
  });

  it('a summarised day changed later (an entry’s subsystem, a call) is counted as it is now', async () => {
    await srv.statsFacts.refreshAll();
    const before = (await stats('from=2025-10-27&to=2025-11-02&subsystem=college')).calls.offered;
    // C1's entry moves from «school» to «college»: its call follows at once.
    await srv.db.dataSource.query(`UPDATE entries SET subsystem = 'college' WHERE origin_call_id = $1`, [
      ids.get('C1'),
    ]);
    expect((await stats('from=2025-10-27&to=2025-11-02&subsystem=college')).calls.offered).toBe(before + 1);
    await srv.statsFacts.refreshAll();
    expect((await stats('from=2025-10-27&to=2025-11-02&subsystem=college')).calls.offered).toBe(before + 1);
    await srv.db.dataSource.query(`UPDATE entries SET subsystem = 'school' WHERE origin_call_id = $1`, [ids.get('C1')]);
    expect((await stats('from=2025-10-27&to=2025-11-02&subsystem=college')).calls.offered).toBe(before);
    // The changes left their marks (the day read from the calls); summarising again clears them.
    const marks = await srv.db.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM stats_dirty`);
    expect(Number(marks[0]!.n)).toBeGreaterThan(0);
    await srv.statsFacts.refreshAll();
    // (today's marks wait for today to be over)
    expect(
      await srv.db.dataSource.query(
        `SELECT count(*)::int AS n FROM stats_dirty WHERE at < '2025-11-03T00:00:00+05:00'`,
      ),
    ).toEqual([{ n: 0 }]);
  });
});

describe('daily summaries across restarts', () => {
  it('are kept by a restart with the same settings and forgotten when the service level changes', async () => {
    await srv.statsFacts.refreshAll();
    const days = async () =>
      (await srv.db.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM stats_days`))[0]!.n;
    const before = await days();
    expect(before).toBeGreaterThan(0);
    const calendar = new CalendarService(srv.db.dataSource, TZ);
    const settings = { timeZone: TZ, shortAbandonSeconds: 5, serviceLevelSeconds: 20 };
    await new StatsFacts(srv.db.dataSource, settings, () => calendar.get()).prepare();
    expect(await days()).toBe(before);
    const other = new StatsFacts(srv.db.dataSource, { ...settings, serviceLevelSeconds: 30 }, () => calendar.get());
    await other.prepare();
    expect(await days()).toBe(0);
    await new StatsFacts(srv.db.dataSource, settings, () => calendar.get()).prepare();
    await srv.statsFacts.refreshAll();
    expect(await days()).toBe(before);
  });
});

describe('the calendar changes', () => {
  it('an admin override moves the day’s calls between missed and after hours, and back', async () => {
    await srv.statsFacts.refreshAll();
    const set = await admin
      .put('/api/calendar/overrides/2025-10-29')
      .send({ kind: 'day_off', title: 'Региональный праздник' });
    expect(set.status).toBeLessThan(300);
    // Wed 29.10 is now a day off: C9 and C10 (missed) are after hours; E3 (Wed 15:00 -> Thu 10:00)
    // took 1.5 working hours (Thu 08:30-10:00), not 3.5: the median of 0 and 1.5.
    let s = await stats('from=2025-10-27&to=2025-11-02');
    expect(s.calls).toMatchObject({ missed: 1, afterHours: 4 });
    expect(s.requests.medianResolutionWorkingHours).toBeCloseTo(0.75, 6);
    expect((await admin.delete('/api/calendar/overrides/2025-10-29')).status).toBeLessThan(300);
    s = await stats('from=2025-10-27&to=2025-11-02');
    expect(s.calls).toMatchObject({ missed: 3, afterHours: 2 });
    expect(s.requests.medianResolutionWorkingHours).toBeCloseTo(1.75, 6);
  });
});

describe('on the recorded traces', () => {
  it('each support call once; answered + missed + abandoned + short + after hours = offered', async () => {
    const ami = new FakeAmi();
    await ami.start();
    const live = await startTestServer({ env: ami.env() });
    try {
      await live.createUser({ login: 'rec-a', extensions: ['101'] });
      await live.createUser({ login: 'rec-b', extensions: ['102'] });
      await ami.waitForLogin();
      const traces = [
        's01-answered-390679',
        's02-specialist-hangup-399069',
        's03-missed-390679',
        's04-ringall-102-answers',
        's05-queue-answered',
        's06-queue-abandon',
        's07-blind-transfer-101-102',
        's08-internal-101-102',
        's10-click-to-call',
        's12-coreshowchannels',
        'a01-answered-390679-ts',
        'a02-queue-answered-ts',
        'a03-coreshowchannels-ts',
        'c01-pickup-by-101',
        'c02-hold-resume-102',
        'c03-withheld-390679',
        'c04-park-101-retrieve-102',
        'c05-blind-transfer-external',
      ];
      for (const t of traces) await ami.play(t, { speed: Infinity });
      await new Promise((r) => setTimeout(r, 500));
      await live.effects.idle();
      // Support calls in the recordings: one per root channel on a support number (s08, s10 have none).
      const expected = traces
        .filter((t) => !t.startsWith('s08') && !t.startsWith('s10'))
        .reduce(
          (n, t) =>
            n +
            new Set(
              traceEvents(t)
                .filter(
                  (e) => e.kind === 'Newchannel' && e.ch.uniqueid === e.ch.linkedid && e.ch.context === 'from-trunk',
                )
                .map((e) => (e.kind === 'Newchannel' ? e.ch.linkedid : '')),
            ).size,
          0,
        );
      expect(expected).toBe(18);
      const agent = await live.agent(live.admin.login, live.admin.password);
      // The centre's date (ahead of UTC): calls played now without PBX timestamps belong to it.
      const today = localDate(new Date(), live.config.timeZone);
      const s = (await agent.get(`/api/stats?from=2026-11-01&to=${today}`)).body as StatsDto;
      const c = s.calls;
      expect(c.offered).toBe(expected);
      expect(c.answered + c.missed + c.abandoned + c.shortAbandoned + c.afterHours).toBe(c.offered);
      expect(c.answered).toBe(expected - 2); // s03 missed, s06 abandoned
    } finally {
      await live.stop();
      await ami.stop();
    }
  });
});
