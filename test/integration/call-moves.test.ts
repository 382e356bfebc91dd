// Set 3 recordings (pickup, hold, withheld number, parking, transfer out) through the whole server:
// the draft reaches whoever has the call, the entry follows the call with its history, and every
// timed recording's wait, talk and total agree with the PBX's own event times.
import type request from 'supertest';
import type { CallDto, EntryDetailsDto } from '../../shared/api';
import { parseFrame, header } from '../../server/pbx/ami-frames';
import { FakeAmi } from '../support/fake-ami';
import { startTestServer, type TestServer } from '../support/server';
import { connectAs, type TestSocket } from '../support/sockets';
import { traceBytes, traceEvents } from '../support/traces';

let ami: FakeAmi;
let srv: TestServer;
let a: TestSocket; // specialist A, extension 101
let b: TestSocket; // specialist B, extension 102
let aId: number;
let bId: number;
let admin: request.Agent;
let agentA: request.Agent;

const rootOf = (trace: string): string => {
  const ev = traceEvents(trace).find((e) => e.kind === 'Newchannel' && e.ch.uniqueid === e.ch.linkedid);
  return ev && ev.kind === 'Newchannel' ? ev.ch.linkedid : '';
};
const draftsFor = (s: TestSocket, linkedid: string) => s.drafts.filter((d) => d.call.linkedid === linkedid);

async function replay(trace: string, opts: { speed?: number; rewrite?: (t: string) => string } = {}) {
  await ami.play(trace, { speed: opts.speed ?? Infinity, ...(opts.rewrite ? { rewrite: opts.rewrite } : {}) });
  await new Promise((r) => setTimeout(r, 300));
  await srv.effects.idle();
  await new Promise((r) => setTimeout(r, 150));
}

async function call(linkedid: string): Promise<CallDto> {
  const res = await admin.get('/api/calls?limit=500');
  const found = (res.body.items as CallDto[]).find((c) => c.linkedid === linkedid);
  if (!found) throw new Error(`no call ${linkedid}`);
  return found;
}

const entry = async (id: number) => (await admin.get(`/api/entries/${id}`)).body as EntryDetailsDto;

/**
 * The PBX's own times of a recorded call, read straight from the frames' Timestamp headers: the
 * caller's channel created, the answer (DialEnd ANSWER on the caller's channel to a phone, or the
 * queue's AgentConnect), the caller's channel hung up.
 */
function pbxTimes(trace: string) {
  const frames = traceBytes(trace).toString('utf8').split('\r\n\r\n').map(parseFrame);
  const root = rootOf(trace);
  const ts = (f: ReturnType<typeof parseFrame>) => Number(header(f, 'timestamp')) * 1000;
  const start = frames.find((f) => header(f, 'event') === 'Newchannel' && header(f, 'uniqueid') === root)!;
  const answer = frames.find(
    (f) =>
      header(f, 'uniqueid') === root &&
      ((header(f, 'event') === 'DialEnd' &&
        header(f, 'dialstatus') === 'ANSWER' &&
        /^PJSIP\/1\d\d-/.test(header(f, 'destchannel') ?? '')) ||
        header(f, 'event') === 'AgentConnect'),
  )!;
  const end = frames.find((f) => header(f, 'event') === 'Hangup' && header(f, 'uniqueid') === root)!;
  return { start: ts(start), answer: ts(answer), end: ts(end) };
}

beforeAll(async () => {
  ami = new FakeAmi();
  await ami.start();
  srv = await startTestServer({ env: ami.env() });
  aId = (await srv.createUser({ login: 'spec-a', fullName: 'Андреева Алла Алексеевна', extensions: ['101'] })).id;
  bId = (await srv.createUser({ login: 'spec-b', fullName: 'Борисов Борис Борисович', extensions: ['102'] })).id;
  await srv.createUser({ login: 'boss', role: 'admin', password: 'admin-pass-2' });
  admin = await srv.agent('boss', 'admin-pass-2');
  agentA = await srv.agent('spec-a', 'password-123');
  a = await connectAs(srv.url, 'spec-a', 'password-123');
  b = await connectAs(srv.url, 'spec-b', 'password-123');
  await ami.waitForLogin();
});

afterAll(async () => {
  a?.close();
  b?.close();
  await srv?.stop();
  await ami?.stop();
});

describe('set 3 recordings through the server', () => {
  it('c01: picked up by 101 while 102 rang: one call, one draft, to A only', async () => {
    const id = rootOf('c01-pickup-by-101');
    await replay('c01-pickup-by-101');
    expect(draftsFor(a, id)).toHaveLength(1);
    expect(draftsFor(b, id)).toHaveLength(0);
    const c = await call(id);
    expect(c).toMatchObject({ outcome: 'answered', extension: '101', userId: aId, state: 'ended', hangupCause: 16 });
    expect(c.legs.map((l) => `${l.kind}:${l.extension}`)).toEqual(['answer:101']);
    // No phantom call for the picker's own channel.
    const rows: { n: string }[] = await srv.db.dataSource.query(`SELECT count(*) AS n FROM calls`);
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it('c02: hold and resume: B keeps the call; the hold is stored apart', async () => {
    const id = rootOf('c02-hold-resume-102');
    await replay('c02-hold-resume-102');
    expect(draftsFor(b, id)).toHaveLength(1);
    const c = await call(id);
    expect(c).toMatchObject({ userId: bId, extension: '102', holdSeconds: 2 });
    expect(c.legs).toHaveLength(1);
  });

  it('c03: a withheld number: the draft opens without a number and without suggestions', async () => {
    const id = rootOf('c03-withheld-390679');
    await replay('c03-withheld-390679');
    const [push] = draftsFor(a, id);
    expect(push).toBeDefined();
    expect(push!.entry.callerNumber).toBeNull();
    expect(push!.call.callerNumber).toBeNull();
    expect(push!.suggestions).toEqual([]);
    expect(push!.recent).toEqual([]);
    const rows: { caller_id_raw: string }[] = await srv.db.dataSource.query(
      `SELECT caller_id_raw FROM calls WHERE linkedid = $1`,
      [id],
    );
    expect(rows[0]!.caller_id_raw).toBe('anonymous');
  });

  it('c03 as a missed call: «Перезвонить» is refused with 409 and says why; no Originate is sent', async () => {
    // The missed call s03 from a caller who withheld the number (ids renamed: a new call).
    await replay('s03-missed-390679', {
      rewrite: (t) =>
        t.replaceAll('CallerIDNum: 83452123456', 'CallerIDNum: anonymous').replace(/((?:Uniqueid|Linkedid): )/g, '$1w'),
    });
    const missed = (await admin.get('/api/calls?view=missed')).body.items as CallDto[];
    const withheld = missed.find((c) => c.linkedid.startsWith('w'))!;
    expect(withheld).toMatchObject({ callerNumber: null, outcome: 'missed' });
    const originates = ami.actions.filter((f) => f.action === 'Originate').length;
    const res = await agentA.post(`/api/calls/${withheld.id}/callback`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'caller_withheld', message: expect.stringMatching(/скрыт/) });
    expect(ami.actions.filter((f) => f.action === 'Originate')).toHaveLength(originates);
  });

  it('c04: parked by A, retrieved by B: the same entry moves to B, with the move and its time in the history', async () => {
    const id = rootOf('c04-park-101-retrieve-102');
    await replay('c04-park-101-retrieve-102');
    const toA = draftsFor(a, id);
    const toB = draftsFor(b, id);
    expect(toA).toHaveLength(1);
    expect(toB).toHaveLength(1);
    expect(toB[0]!.entry.id).toBe(toA[0]!.entry.id);
    const c = await call(id);
    expect(c).toMatchObject({ userId: bId, extension: '102' });
    expect(c.legs.map((l) => `${l.kind}:${l.extension}`)).toEqual(['answer:101', 'parking:102']);
    const e = await entry(toA[0]!.entry.id);
    expect(e.ownerId).toBe(bId);
    const moved = e.history.find((h) => h.action === 'transferred')!;
    expect(moved.comment).toMatch(/снят с парковки.*101.*102/);
    expect(moved.changes).toEqual([{ field: 'ownerId', from: aId, to: bId }]);
    // When: the retrieval as the PBX timed it (UnParkedCall), not when the server got round to it.
    expect(moved.at).toBe(c.legs[1]!.at);
    expect(Math.abs(Date.parse(moved.at) - Date.parse(c.legs[0]!.at) - 6_600)).toBeLessThan(1000);
  });

  it('c05: a blind transfer to an outside number: the entry stays with A, its history says where the call went', async () => {
    const id = rootOf('c05-blind-transfer-external');
    await replay('c05-blind-transfer-external');
    const [push] = draftsFor(a, id);
    expect(draftsFor(b, id)).toHaveLength(0);
    const c = await call(id);
    expect(c).toMatchObject({ userId: aId, extension: '101', outcome: 'answered' });
    expect(c.legs.map((l) => `${l.kind}:${l.extension ?? l.number}`)).toEqual(['answer:101', 'external:83452555111']);
    const e = await entry(push!.entry.id);
    expect(e.ownerId).toBe(aId);
    expect(e.history.find((h) => h.action === 'transferred_out')?.comment).toMatch(/внешний номер 8 \(3452\) 555-111/);
  });

  it.each([
    'a01-answered-390679-ts',
    'a02-queue-answered-ts',
    'c01-pickup-by-101',
    'c02-hold-resume-102',
    'c03-withheld-390679',
    'c04-park-101-retrieve-102',
    'c05-blind-transfer-external',
  ])('%s: wait, talk and total within 1 s of the PBX’s event times, and wait + talk = total', async (trace) => {
    const id = rootOf(trace);
    await replay(trace);
    const c = await call(id);
    const t = pbxTimes(trace);
    expect(Math.abs(c.waitSeconds! - (t.answer - t.start) / 1000)).toBeLessThanOrEqual(1);
    expect(Math.abs(c.talkSeconds! - (t.end - t.answer) / 1000)).toBeLessThanOrEqual(1);
    expect(Math.abs(c.totalSeconds! - (t.end - t.start) / 1000)).toBeLessThanOrEqual(1);
    expect(c.waitSeconds! + c.talkSeconds!).toBe(c.totalSeconds);
    expect(Math.abs(Date.parse(c.startedAt) - t.start)).toBeLessThan(1); // stored on the PBX clock
  });

  it('a03: two calls timed by the PBX, the channel list in the middle changes no time', async () => {
    const [first, second] = [
      ...new Set(
        traceEvents('a03-coreshowchannels-ts')
          .filter((e) => e.kind === 'Newchannel' && e.ch.uniqueid === e.ch.linkedid)
          .map((e) => (e.kind === 'Newchannel' ? e.ch.linkedid : '')),
      ),
    ];
    await replay('a03-coreshowchannels-ts');
    for (const id of [first!, second!]) {
      const c = await call(id);
      expect(c.waitSeconds! + c.talkSeconds!).toBe(c.totalSeconds);
      expect(c.waitSeconds).toBe(2);
    }
    expect((await call(first!)).totalSeconds).toBe(10);
    expect((await call(second!)).totalSeconds).toBe(10);
  });
});
