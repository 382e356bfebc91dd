// The journal as the reglament keeps it: lifecycle, approval, numbers, history, conflicts, search, access.
import request from 'supertest';
import { localDate } from '../../shared/datetime';
import { isOpenStatus } from '../../shared/domain';
import type { EntryDetailsDto, EntryDto } from '../../shared/api';
import type { CallerContextDto } from '../../shared/socket';
import { startTestServer, type TestServer } from '../support/server';

let srv: TestServer;
let specA: ReturnType<typeof request.agent>;
let specB: ReturnType<typeof request.agent>;
let head: ReturnType<typeof request.agent>;
let admin: ReturnType<typeof request.agent>;
let aId: number;
const year = new Date().getFullYear();

const manual = (over: Record<string, unknown> = {}) => ({
  type: 'support',
  subsystem: 'school',
  description: 'Не отображается расписание в электронном журнале',
  organizationName: 'МАОУ СОШ № 7',
  personName: 'Петрова Ирина Викторовна',
  channel: 'phone',
  callerNumber: '8 (3452) 55-66-77',
  ...over,
});

async function create(agent: ReturnType<typeof request.agent>, over: Record<string, unknown> = {}): Promise<EntryDto> {
  const res = await agent.post('/api/entries').send(manual(over));
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as EntryDto;
}

async function patch(
  agent: ReturnType<typeof request.agent>,
  e: { id: number; version: number },
  body: Record<string, unknown>,
) {
  return agent.patch(`/api/entries/${e.id}`).send({ version: e.version, ...body });
}

beforeAll(async () => {
  srv = await startTestServer();
  aId = (await srv.createUser({ login: 'spec-a', fullName: 'Андреева Алла Алексеевна' })).id;
  await srv.createUser({ login: 'spec-b' });
  await srv.createUser({ login: 'boss', role: 'head', fullName: 'Руководитель Центра' });
  specA = await srv.agent('spec-a', 'password-123');
  specB = await srv.agent('spec-b', 'password-123');
  head = await srv.agent('boss', 'password-123');
  admin = await srv.agent(srv.admin.login, srv.admin.password);
});
afterAll(async () => {
  await srv.stop();
});

describe('registration', () => {
  it('registers a manual entry with the next number of the year', async () => {
    const e = await create(specA);
    expect(e).toMatchObject({
      status: 'in_progress',
      channel: 'phone',
      ownerId: aId,
      callerNumber: '8 (3452) 55-66-77',
    });
    expect(e.regNumber).toMatch(new RegExp(`^${year}-\\d{4}$`));
    const next = await create(specA);
    expect(Number(next.regNumber!.slice(5))).toBe(Number(e.regNumber!.slice(5)) + 1);
  });

  it('registers what came in after hours on the next working day (reglament 3.3)', async () => {
    // A mail read on Tuesday, received at 16:30 on Friday 8 May 2026 (a short day) -> Tuesday 12 May, 08:30.
    const late = await create(specA, { channel: 'email', receivedAt: '2026-05-08T16:30:00+05:00' });
    expect(late.registeredAt).toBe('2026-05-12T03:30:00.000Z');
    expect(late.regNumber).toMatch(/^2026-\d{4}$/);
    // Within working time it is registered when it came in.
    const inHours = await create(specA, { channel: 'email', receivedAt: '2026-05-07T10:05:00+05:00' });
    expect(inHours.registeredAt).toBe('2026-05-07T05:05:00.000Z');
    const future = await specA.post('/api/entries').send({
      type: 'support',
      subsystem: 'school',
      description: 'Из будущего',
      receivedAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future.status).toBe(400);
    expect(future.body.error.fields.receivedAt).toBe('Время поступления не может быть в будущем');
  });

  it('refuses a registration without type, subsystem or description, naming the fields', async () => {
    const res = await specA.post('/api/entries').send({ channel: 'manual', description: '' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(expect.arrayContaining(['type', 'subsystem', 'description']));
  });

  it('closing at once needs a resolution comment', async () => {
    const res = await specA.post('/api/entries').send(manual({ status: 'closed' }));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'resolution_required',
      message: expect.stringMatching(/комментарий о решении/),
    });
    const ok = await specA
      .post('/api/entries')
      .send(manual({ status: 'closed', resolution: 'Объяснили, как обновить страницу' }));
    expect(ok.status).toBe(201);
    expect(ok.body.resolvedAt).not.toBeNull();
  });
});

describe('lifecycle', () => {
  it('awaiting feedback pauses the entry; resolved sets the date once; reopening needs a reason', async () => {
    let e = await create(specA);
    let res = await patch(specA, e, { status: 'awaiting_feedback' });
    expect(res.status).toBe(200);
    e = res.body;
    expect(e.workingAgeSeconds).not.toBeNull();
    // The entry has been waiting since Thursday 7 May 2026, 08:30 in the centre (a working morning).
    const since = new Date('2026-05-07T03:30:00Z');
    await srv.db.dataSource.query(`UPDATE entries SET feedback_since = $2 WHERE id = $1`, [e.id, since]);
    res = await patch(specA, e, { status: 'in_progress' });
    e = res.body;
    const paused: { paused_seconds: number }[] = await srv.db.dataSource.query(
      `SELECT paused_seconds FROM entries WHERE id = $1`,
      [e.id],
    );
    // The pause counts working time only: at least that Thursday's 7.5 hours, far less than the wall-clock time.
    const wall = (Date.now() - since.getTime()) / 1000;
    expect(paused[0]!.paused_seconds).toBeGreaterThanOrEqual(7.5 * 3600);
    expect(paused[0]!.paused_seconds).toBeLessThan(wall * 0.4);

    res = await patch(specA, e, { status: 'resolved' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('resolution_required');
    res = await patch(specA, e, { status: 'resolved', resolution: 'Права выданы администратором ОО' });
    expect(res.status).toBe(200);
    e = res.body;
    const resolvedAt = e.resolvedAt;
    expect(resolvedAt).not.toBeNull();
    e = (await patch(specA, e, { status: 'closed' })).body;
    expect(e.resolvedAt).toBe(resolvedAt);

    res = await patch(specA, e, { status: 'in_progress' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.reason).toMatch(/причину/);
    res = await patch(specA, e, { status: 'in_progress', reason: 'Ошибка повторилась' });
    expect(res.status).toBe(200);
    const details = (await specA.get(`/api/entries/${e.id}`)).body as EntryDetailsDto;
    expect(details.history.map((h) => h.action)).toEqual(['created', 'status', 'status', 'status', 'close', 'reopen']);
    expect(details.history.at(-1)).toMatchObject({
      comment: 'Ошибка повторилась',
      userName: 'Андреева Алла Алексеевна',
    });
    expect(details.history[3]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'status', from: 'in_progress', to: 'resolved' },
        { field: 'resolution', from: '', to: 'Права выданы администратором ОО' },
      ]),
    );
  });

  it('a bug needs approval: passed to developer only after it, with who, when and the reference', async () => {
    let e = await create(specA, { type: 'bug', description: 'Ошибка 500 при выгрузке отчёта' });
    expect(e.approval).toBe('pending');
    let res = await patch(specA, e, { status: 'passed_to_developer' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('approval_required');
    res = await patch(specA, e, { approval: 'approved' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.approvalRef).toBeDefined();
    res = await patch(specA, e, {
      approval: 'approved',
      approvalRef: 'Письмо оператора Системы № 12-34 от 20.11.2026',
    });
    expect(res.status).toBe(200);
    e = res.body;
    expect(e).toMatchObject({
      approval: 'approved',
      approvalById: aId,
      approvalRef: 'Письмо оператора Системы № 12-34 от 20.11.2026',
    });
    expect(e.approvalAt).not.toBeNull();
    res = await patch(specA, e, { status: 'passed_to_developer' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('passed_to_developer');
  });

  it('a rejected improvement is closed with the reason', async () => {
    const e = await create(specA, { type: 'improvement', description: 'Добавить выгрузку в Excel' });
    const res = await patch(head, e, { approval: 'rejected', approvalRef: 'Департамент: не планируется в 2026 году' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', approval: 'rejected' });
    expect(res.body.resolution).toMatch(/не планируется в 2026 году/);
    expect(res.body.resolvedAt).not.toBeNull();
  });

  it('a support request has no approval to give', async () => {
    const e = await create(specA);
    const res = await patch(specA, e, { approval: 'approved', approvalRef: 'x' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('invalid_transition');
  });
});

describe('two people editing one entry', () => {
  it('the second gets a clear conflict and nothing is overwritten', async () => {
    const e = await create(specA);
    const first = await patch(specA, e, { note: 'Перезвонить после 14:00' });
    expect(first.status).toBe(200);
    const second = await patch(admin, e, { note: 'Другая заметка' });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({
      code: 'version_conflict',
      message: expect.stringMatching(/изменил другой пользователь/),
    });
    const now = (await specA.get(`/api/entries/${e.id}`)).body as EntryDetailsDto;
    expect(now.note).toBe('Перезвонить после 14:00');
  });
});

describe('access', () => {
  let ofA: EntryDto;
  beforeAll(async () => {
    ofA = await create(specA, { description: 'Запрос специалиста А' });
  });

  it('specialists see every entry but edit only their own', async () => {
    expect((await specB.get(`/api/entries/${ofA.id}`)).status).toBe(200);
    const res = await patch(specB, ofA, { note: 'чужая правка' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  it('the head sees everything, decides approvals, but does not edit or register', async () => {
    expect((await head.get(`/api/entries/${ofA.id}`)).status).toBe(200);
    expect((await head.get('/api/entries')).body.total).toBeGreaterThan(0);
    expect((await patch(head, ofA, { note: 'правка руководителя' })).status).toBe(403);
    expect((await head.post('/api/entries').send(manual())).status).toBe(403);
  });

  it('admins may do everything', async () => {
    const res = await patch(admin, ofA, { note: 'исправлено администратором' });
    expect(res.status).toBe(200);
  });

  it('drafts are their owner’s; "not a request" entries are for admins', async () => {
    const rows: { id: number }[] = await srv.db.dataSource.query(
      `INSERT INTO entries (status, channel, owner_id) VALUES ('draft', 'phone', $1) RETURNING id`,
      [aId],
    );
    const draftId = rows[0]!.id;
    expect((await specB.get(`/api/entries/${draftId}`)).status).toBe(404);
    expect((await specA.get(`/api/entries/${draftId}`)).status).toBe(200);
    expect((await admin.get(`/api/entries/${draftId}`)).status).toBe(200);
    const dismissed = await patch(
      specA,
      { id: draftId, version: 1 },
      { status: 'not_request', notRequestReason: 'Ошиблись номером' },
    );
    expect(dismissed.status).toBe(200);
    expect((await specB.get('/api/entries?status=not_request')).status).toBe(403);
    const hidden = (await admin.get('/api/entries?status=not_request')).body.items as EntryDto[];
    expect(hidden.map((e) => e.id)).toContain(draftId);
    const journal = (await specA.get('/api/entries?limit=500')).body.items as EntryDto[];
    expect(journal.map((e) => e.id)).not.toContain(draftId);
  });

  it('nobody without a session', async () => {
    const anon = request(srv.url);
    expect((await anon.get('/api/entries')).status).toBe(401);
    expect((await anon.post('/api/entries').send(manual())).status).toBe(401);
  });
});

describe('search and filters', () => {
  it('finds Russian words in any form (full-text, russian configuration)', async () => {
    const e = await create(specB, {
      description: 'Учителя не могут войти в электронные журналы школы',
      organizationName: 'МАОУ Гимназия № 21',
    });
    const byForm = (await specA.get('/api/entries?q=журнал')).body.items as EntryDto[];
    expect(byForm.map((x) => x.id)).toContain(e.id);
    const byOrg = (await specA.get(`/api/entries?q=${encodeURIComponent('гимназии')}`)).body.items as EntryDto[];
    expect(byOrg.map((x) => x.id)).toEqual([e.id]);
  });

  it('a search within a period pages newest first, the same however many entries match', async () => {
    // 70 entries with the word in March 2025 (one per working hour), 5 in April, 5 without it in March.
    const made: { id: number; at: string }[] = [];
    for (let i = 0; i < 70; i++) {
      const day = 3 + Math.floor(i / 7); // 3..12 March 2025, 7 an hour from 09:00
      const e = await create(specA, {
        description: `Не работает телепортация оценок (${i})`,
        receivedAt: `2025-03-${String(day).padStart(2, '0')}T${String(9 + (i % 7)).padStart(2, '0')}:00:00+05:00`,
      });
      made.push({ id: e.id, at: e.registeredAt! });
    }
    for (let i = 0; i < 5; i++) {
      await create(specA, {
        description: `Телепортация в апреле (${i})`,
        receivedAt: `2025-04-0${i + 1}T10:00:00+05:00`,
      });
      await create(specA, { description: `Другое в марте (${i})`, receivedAt: `2025-03-1${i}T15:30:00+05:00` });
    }
    const expected = [...made].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id).map((m) => m.id);
    const page = async (offset: number, limit: number) =>
      (
        await specA.get(
          `/api/entries?q=${encodeURIComponent('телепортация')}&from=2025-03-01&to=2025-03-31&offset=${offset}&limit=${limit}`,
        )
      ).body as { items: EntryDto[]; total: number };
    const first = await page(0, 50);
    expect(first.items.map((e) => e.id)).toEqual(expected.slice(0, 50));
    expect(first.total).toBe(70);
    expect((await page(50, 50)).items.map((e) => e.id)).toEqual(expected.slice(50));
    expect((await page(20, 10)).items.map((e) => e.id)).toEqual(expected.slice(20, 30));
  });

  it('filters by type, status, subsystem, channel, specialist, organisation and period', async () => {
    await create(specB, {
      type: 'improvement',
      subsystem: 'college',
      channel: 'email',
      senderEmail: 'spo@edu72.ru',
      callerNumber: null,
      organizationName: 'ГАПОУ ТО Колледж',
    });
    const q = async (query: string) => (await specA.get(`/api/entries?${query}&limit=500`)).body.items as EntryDto[];
    expect(
      (await q('type=improvement&subsystem=college')).every(
        (e) => e.type === 'improvement' && e.subsystem === 'college',
      ),
    ).toBe(true);
    expect((await q('channel=email')).map((e) => e.senderEmail)).toContain('spo@edu72.ru');
    expect((await q(`ownerId=${aId}`)).every((e) => e.ownerId === aId)).toBe(true);
    expect((await q('organization=колледж')).length).toBeGreaterThan(0);
    expect((await q('status=open')).every((e) => isOpenStatus(e.status))).toBe(true);
    // Periods are dates in the centre's time zone.
    const today = localDate(new Date(), srv.config.timeZone);
    expect((await q(`from=${today}&to=${today}`)).length).toBeGreaterThan(0);
    expect(await q('from=2020-01-01&to=2020-01-31')).toEqual([]);
  });
});

describe('caller context', () => {
  it('a number in any form gives the directory organisation first, then earlier entries; recent without the entry itself', async () => {
    const org = await admin.post('/api/organizations').send({
      fullName: 'Муниципальное автономное общеобразовательное учреждение гимназия № 44',
      shortName: 'МАОУ Гимназия № 44',
      defaultSubsystem: 'college',
      phones: ['8 (3452) 44-44-01'],
    });
    expect(org.status).toBe(201);
    const earlier = await create(specA, {
      callerNumber: '+7 3452 444401',
      organizationName: 'Гимназия 44 (как записали)',
      personName: 'Кузнецова Вера',
    });
    const current = await create(specA, { callerNumber: '83452444401', organizationName: '', personName: '' });

    const res = await specB.get(
      `/api/entries/caller-context?caller=${encodeURIComponent('444401')}&exclude=${current.id}`,
    );
    expect(res.status).toBe(200);
    const body = res.body as CallerContextDto;
    expect(body.suggestions[0]).toMatchObject({
      organizationId: (org.body as { id: number }).id,
      organizationName: 'МАОУ Гимназия № 44',
      subsystem: 'college',
      source: 'directory',
    });
    expect(body.suggestions).toContainEqual(
      expect.objectContaining({
        organizationName: 'Гимназия 44 (как записали)',
        personName: 'Кузнецова Вера',
        source: 'history',
      }),
    );
    expect(body.recent.map((r) => r.id)).toEqual([earlier.id]);

    const none = await specA.get('/api/entries/caller-context?caller=anonymous');
    expect(none.body).toEqual({ suggestions: [], recent: [] });
    expect((await request(srv.url).get('/api/entries/caller-context?caller=444401')).status).toBe(401);
  });
});
