// Every recorded trace, replayed over TCP by a fake AMI server into the real server on a real
// database, gives the outcome its README line describes (test/fixtures/ami/README.md).
import type request from 'supertest';
import type { CallDto, EntryDetailsDto } from '../../shared/api';
import { FakeAmi } from '../support/fake-ami';
import { startTestServer, type TestServer } from '../support/server';
import { connectAs, type TestSocket } from '../support/sockets';
import { traceEvents } from '../support/traces';

let ami: FakeAmi;
let srv: TestServer;
let a: TestSocket; // specialist A, extension 101
let b: TestSocket; // specialist B, extension 102
let aId: number;
let bId: number;
let admin: request.Agent;

/** Linkedids of the calls a trace places (root channels: Uniqueid = Linkedid). */
function callsOf(trace: string): string[] {
  return [
    ...new Set(
      traceEvents(trace)
        .filter((e) => e.kind === 'Newchannel' && e.ch.uniqueid === e.ch.linkedid)
        .map((e) => (e.kind === 'Newchannel' ? e.ch.linkedid : '')),
    ),
  ];
}

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
  await srv.effects.idle();
  await new Promise((r) => setTimeout(r, 150));
}

async function replay(trace: string, speed = 4): Promise<void> {
  await ami.play(trace, { speed });
  await settle();
}

async function call(linkedid: string): Promise<CallDto | undefined> {
  const res = await admin.get('/api/calls?limit=500');
  return (res.body.items as CallDto[]).find((c) => c.linkedid === linkedid);
}

async function entry(id: number): Promise<EntryDetailsDto> {
  return (await admin.get(`/api/entries/${id}`)).body as EntryDetailsDto;
}

const draftsFor = (s: TestSocket, linkedid: string) => s.drafts.filter((d) => d.call.linkedid === linkedid);

beforeAll(async () => {
  ami = new FakeAmi();
  await ami.start();
  srv = await startTestServer({
    env: ami.env(),
  });
  aId = (await srv.createUser({ login: 'spec-a', fullName: 'Андреева Алла Алексеевна', extensions: ['101'] })).id;
  bId = (await srv.createUser({ login: 'spec-b', fullName: 'Борисов Борис Борисович', extensions: ['102'] })).id;
  await srv.createUser({ login: 'boss', role: 'admin', password: 'admin-pass-2' });
  admin = await srv.agent('boss', 'admin-pass-2');
  a = await connectAs(srv.url, 'spec-a', 'password-123');
  b = await connectAs(srv.url, 'spec-b', 'password-123');
  await ami.waitForLogin();
  await settle();
});

afterAll(async () => {
  a?.close();
  b?.close();
  await srv?.stop();
  await ami?.stop();
});

describe('recorded traces through the whole server', () => {
  it('tells every user the PBX link is up', async () => {
    await a.waitFor(() => a.statuses.some((s) => s.state === 'up'), 10_000, 'pbx up');
    expect((await admin.get('/api/health')).body).toMatchObject({ db: 'up', pbx: 'up', demo: false });
  });

  it('s01: one draft to A only, pre-filled with line and caller; ~2 s ringing, ~3 s talk', async () => {
    const [id] = callsOf('s01-answered-390679');
    await replay('s01-answered-390679', 1);
    expect(draftsFor(a, id!)).toHaveLength(1);
    expect(draftsFor(b, id!)).toHaveLength(0);
    const push = draftsFor(a, id!)[0]!;
    expect(push.entry).toMatchObject({ status: 'draft', channel: 'phone', callerNumber: '83452123456', ownerId: aId });
    expect(push.entry.line).toMatchObject({ code: '390679', displayNumber: '8 (3452) 390-679' });
    // The pop-up offers what its specialist may do with the draft (server/journal/lifecycle.ts).
    expect(push.entry.can).toMatchObject({ edit: true, register: true, attach: true });
    expect(push.entry.can.statuses).toEqual(expect.arrayContaining(['in_progress', 'closed', 'not_request']));
    const c = (await call(id!))!;
    expect(c).toMatchObject({ state: 'ended', outcome: 'answered', extension: '101', userId: aId, hangupCause: 16 });
    expect(c.waitSeconds).toBeGreaterThanOrEqual(1);
    expect(c.waitSeconds).toBeLessThanOrEqual(3);
    expect(c.talkSeconds).toBeGreaterThanOrEqual(2);
    expect(c.talkSeconds).toBeLessThanOrEqual(4);
    expect(c.entryId).toBe(push.entry.id);
    expect(a.ended.some((e) => e.linkedid === id)).toBe(true);
  });

  it('s02: +7 number, line 399069, draft to B only; the same subscriber as s01 is recognised', async () => {
    const [id] = callsOf('s02-specialist-hangup-399069');
    // The s01 caller's entry gets an organisation, so the same subscriber's next call is suggested it.
    const s01 = a.drafts[0]!.entry;
    const reg = await (await srv.agent('spec-a', 'password-123')).patch(`/api/entries/${s01.id}`).send({
      version: s01.version,
      type: 'support',
      subsystem: 'school',
      description: 'Не открывается электронный журнал',
      organizationName: 'МАОУ СОШ № 5 г. Тюмени',
      personName: 'Смирнова Ольга Ивановна',
      status: 'in_progress',
    });
    expect(reg.status).toBe(200);
    await replay('s02-specialist-hangup-399069');
    expect(draftsFor(b, id!)).toHaveLength(1);
    expect(draftsFor(a, id!)).toHaveLength(0);
    const push = draftsFor(b, id!)[0]!;
    expect(push.entry.line?.code).toBe('399069');
    expect(push.entry.organizationName).toBe('МАОУ СОШ № 5 г. Тюмени');
    expect(push.entry.personName).toBe('Смирнова Ольга Ивановна');
    expect(push.recent.map((r) => r.id)).toContain(s01.id);
    expect(push.recent.find((r) => r.id === s01.id)?.open).toBe(true);
    expect((await call(id!))?.outcome).toBe('answered');
  });

  it('s03: a missed call, no draft, on the missed list with its ring time', async () => {
    const [id] = callsOf('s03-missed-390679');
    const before = a.drafts.length + b.drafts.length;
    await replay('s03-missed-390679', 1);
    expect(a.drafts.length + b.drafts.length).toBe(before);
    const missed = (await admin.get('/api/calls?view=missed')).body.items as CallDto[];
    const c = missed.find((m) => m.linkedid === id)!;
    expect(c).toMatchObject({ outcome: 'missed', direction: 'inbound', entryId: null, callbackOwnerId: aId });
    expect(c.line?.code).toBe('390679');
    expect(c.waitSeconds).toBeGreaterThanOrEqual(3);
  });

  it('s04: ring-all: one call, one draft, to B only', async () => {
    const [id] = callsOf('s04-ringall-102-answers');
    await replay('s04-ringall-102-answers');
    expect(draftsFor(b, id!)).toHaveLength(1);
    expect(draftsFor(a, id!)).toHaveLength(0);
    expect((await call(id!))?.userId).toBe(bId);
  });

  it('s05: queue: the draft goes to A when A answers; wait ~3.5 s', async () => {
    const [id] = callsOf('s05-queue-answered');
    await replay('s05-queue-answered', 1);
    expect(draftsFor(a, id!)).toHaveLength(1);
    expect(draftsFor(b, id!)).toHaveLength(0);
    const c = (await call(id!))!;
    expect(c).toMatchObject({ outcome: 'answered', queue: 'support', userId: aId });
    expect(c.waitSeconds).toBeGreaterThanOrEqual(3);
    expect(c.waitSeconds).toBeLessThanOrEqual(4);
  });

  it('s06: abandoned in the queue: no draft, listed as abandoned', async () => {
    const [id] = callsOf('s06-queue-abandon');
    const before = a.drafts.length + b.drafts.length;
    await replay('s06-queue-abandon');
    expect(a.drafts.length + b.drafts.length).toBe(before);
    const missed = (await admin.get('/api/calls?view=missed')).body.items as CallDto[];
    expect(missed.find((m) => m.linkedid === id)).toMatchObject({ outcome: 'abandoned', queue: 'support' });
  });

  it('s07: blind transfer: one entry, first A, then the same entry belongs to B and reaches B', async () => {
    const [id] = callsOf('s07-blind-transfer-101-102');
    await replay('s07-blind-transfer-101-102');
    const toA = draftsFor(a, id!);
    const toB = draftsFor(b, id!);
    expect(toA).toHaveLength(1);
    expect(toB).toHaveLength(1);
    expect(toB[0]!.entry.id).toBe(toA[0]!.entry.id);
    expect(toB[0]!.entry.ownerId).toBe(bId);
    // A's pop-up learns that the entry moved on, and that A may no longer change it; B may.
    const moved = a.updated.find((e) => e.id === toA[0]!.entry.id && e.ownerId === bId);
    expect(moved?.can).toMatchObject({ edit: false, register: false, statuses: [] });
    expect(toB[0]!.entry.can).toMatchObject({ edit: true, register: true });
    const c = (await call(id!))!;
    expect(c).toMatchObject({ state: 'ended', userId: bId, extension: '102' });
    const details = await entry(toA[0]!.entry.id);
    expect(details.ownerId).toBe(bId);
    expect(details.history.map((h) => h.action)).toEqual(['draft_opened', 'transferred']);
  });

  it('s08: an internal call gives nothing', async () => {
    const [id] = callsOf('s08-internal-101-102');
    const before = a.drafts.length + b.drafts.length;
    await replay('s08-internal-101-102');
    expect(a.drafts.length + b.drafts.length).toBe(before);
    expect(await call(id!)).toBeUndefined();
  });

  it('s10: somebody else’s click-to-call is an outbound call, not a support call', async () => {
    const [id] = callsOf('s10-click-to-call');
    const before = a.drafts.length + b.drafts.length;
    await replay('s10-click-to-call');
    expect(a.drafts.length + b.drafts.length).toBe(before);
    expect(await call(id!)).toBeUndefined();
  });

  it('s12: two calls at once, two drafts; the channel list in the middle adds nothing', async () => {
    const ids = callsOf('s12-coreshowchannels');
    expect(ids).toHaveLength(2);
    await replay('s12-coreshowchannels');
    expect(draftsFor(a, ids[0]!)).toHaveLength(1);
    expect(draftsFor(b, ids[1]!)).toHaveLength(1);
    expect(draftsFor(a, ids[1]!)).toHaveLength(0);
    expect(draftsFor(b, ids[0]!)).toHaveLength(0);
  });

  it('a01, a02, a03 (timestamps and SUPPORT_LINE) give the same outcomes, timed by the PBX', async () => {
    const [a01] = callsOf('a01-answered-390679-ts');
    // All at once: durations must still come from the events' Timestamp headers.
    await replay('a01-answered-390679-ts', Infinity);
    expect(draftsFor(a, a01!)).toHaveLength(1);
    const c = (await call(a01!))!;
    expect(c.waitSeconds).toBe(2);
    expect(c.talkSeconds).toBe(3);
    const [a02] = callsOf('a02-queue-answered-ts');
    await replay('a02-queue-answered-ts', Infinity);
    expect(draftsFor(a, a02!)).toHaveLength(1);
    expect((await call(a02!))?.waitSeconds).toBe(4);
    const a03 = callsOf('a03-coreshowchannels-ts');
    await replay('a03-coreshowchannels-ts', Infinity);
    expect(draftsFor(a, a03[0]!)).toHaveLength(1);
    expect(draftsFor(b, a03[1]!)).toHaveLength(1);
  });

  it('the same trace replayed again gives no second draft and no second call', async () => {
    const [id] = callsOf('s04-ringall-102-answers');
    await replay('s04-ringall-102-answers', Infinity);
    await replay('s07-blind-transfer-101-102', Infinity);
    expect(draftsFor(b, id!)).toHaveLength(1);
    const rows: { n: string }[] = await srv.db.dataSource.query(
      `SELECT count(*) AS n FROM entries WHERE origin_call_id IN (SELECT id FROM calls WHERE linkedid = $1)`,
      [id],
    );
    expect(Number(rows[0]!.n)).toBe(1);
    const calls: { n: string }[] = await srv.db.dataSource.query(
      `SELECT count(*) AS n FROM calls WHERE linkedid = $1`,
      [id],
    );
    expect(Number(calls[0]!.n)).toBe(1);
  });

  it('restores a specialist’s open drafts after a reload (drafts:list)', async () => {
    const res = await a.socket.emitWithAck('drafts:list');
    expect(res.ok).toBe(true);
    const drafts = res.ok ? res.data : [];
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.every((d) => d.entry.status === 'draft' && d.entry.ownerId === aId)).toBe(true);
    expect(drafts.every((d) => d.entry.can.register)).toBe(true);
  });
});
