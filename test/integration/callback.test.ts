// «Перезвонить»: a missed call is called back through AMI Originate; when the caller answers, a draft
// opens for the specialist as for an incoming call (direction outbound) and the missed call is handled.
import type request from 'supertest';
import type { CallDto } from '../../shared/api';
import { FakeAmi } from '../support/fake-ami';
import { startTestServer, type TestServer } from '../support/server';
import { connectAs, type TestSocket } from '../support/sockets';
import { traceEvents } from '../support/traces';

let ami: FakeAmi;
let srv: TestServer;
let a: TestSocket;
let agentA: request.Agent;
let aId: number;

const rootOf = (trace: string) =>
  traceEvents(trace).find((e) => e.kind === 'Newchannel' && e.ch.uniqueid === e.ch.linkedid)!;

beforeAll(async () => {
  ami = new FakeAmi();
  await ami.start();
  srv = await startTestServer({
    env: ami.env(),
  });
  aId = (await srv.createUser({ login: 'spec-a', extensions: ['101'] })).id;
  await srv.createUser({ login: 'no-phone' });
  agentA = await srv.agent('spec-a', 'password-123');
  a = await connectAs(srv.url, 'spec-a', 'password-123');
  await ami.waitForLogin();
});
afterAll(async () => {
  a?.close();
  await srv?.stop();
  await ami?.stop();
});

async function missedCall(): Promise<CallDto> {
  const root = rootOf('s03-missed-390679');
  await ami.play('s03-missed-390679', { speed: Infinity });
  await a.waitFor(() => a.callUpdates.some((c) => c.linkedid === (root.kind === 'Newchannel' ? root.ch.linkedid : '')));
  return a.callUpdates.at(-1)!;
}

describe('callback of a missed call', () => {
  it('rings the specialist’s extension, dials the caller, and the answered callback opens an outbound draft', async () => {
    const missed = await missedCall();
    expect(missed).toMatchObject({ outcome: 'missed', callbackOwnerId: aId, handledAt: null });

    const res = await agentA.post(`/api/calls/${missed.id}/callback`);
    expect(res.status).toBe(202);
    const originate = ami.actions.find((f) => f.action === 'Originate')!;
    expect(originate).toMatchObject({ channel: 'PJSIP/101', context: 'internal', exten: '83452123456', async: 'true' });
    const actionId = String(originate.actionid);

    // The PBX plays the callback (the recorded click-to-call, answering our ActionID).
    await ami.play('s10-click-to-call', { rewrite: (t) => t.replaceAll('ActionID: c2c-1', `ActionID: ${actionId}`) });
    await a.waitFor(() => a.drafts.some((d) => d.call.direction === 'outbound'), 10_000, 'outbound draft');
    const push = a.drafts.find((d) => d.call.direction === 'outbound')!;
    expect(push.call).toMatchObject({ callerNumber: '83452123456', callbackOfId: missed.id, userId: aId });
    expect(push.entry).toMatchObject({ status: 'draft', ownerId: aId, callerNumber: '83452123456' });
    await a.waitFor(() => a.callUpdates.some((c) => c.id === missed.id && c.handledAt !== null), 10_000, 'handled');
  });

  it('tells a specialist without an extension what to do', async () => {
    const missed = await missedCall();
    const res = await (await srv.agent('no-phone', 'password-123')).post(`/api/calls/${missed.id}/callback`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'no_extension', message: expect.stringMatching(/администратору/) });
  });

  it('answers 503 with a clear message when the PBX link is down', async () => {
    const missed = await missedCall();
    await ami.kill();
    await a.waitFor(() => a.statuses.at(-1)?.state === 'down', 5000, 'link down');
    const res = await agentA.post(`/api/calls/${missed.id}/callback`);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('pbx_unavailable');
    await ami.restart();
  });

  it('refuses to call back a call that was answered', async () => {
    const rows: { id: number }[] = await srv.db.dataSource.query(
      `SELECT id FROM calls WHERE outcome = 'answered' LIMIT 1`,
    );
    const res = await agentA.post(`/api/calls/${rows[0]!.id}/callback`);
    expect(res.status).toBe(409);
  });
});

describe('the lost callers worklist', () => {
  const insertLost = async (linkedid: string, started: Date, ended: Date, handled: Date | null = null) => {
    const [row] = await srv.db.dataSource.query<{ id: number }[]>(
      `INSERT INTO calls (linkedid, pbx_id, direction, line_id, caller_number, caller_number_norm, state, outcome,
          after_hours, started_at, ended_at, handled_at, legs)
       VALUES ($1, 'test', 'inbound', 1, '83452123456', '73452123456', 'ended', 'missed', false, $2, $3, $4, '[]')
       RETURNING id`,
      [linkedid, started, ended, handled],
    );
    return row!.id;
  };

  it('a lost caller who calls again and gets through leaves it', async () => {
    // (The PBX of the test before restarted: the link is up again first.)
    await ami.waitForLogin();
    await new Promise((r) => setTimeout(r, 300));
    const id = await insertLost('lost-earlier', new Date(Date.now() - 600_000), new Date(Date.now() - 590_000));
    const open = async () =>
      ((await agentA.get('/api/calls?view=missed&handled=false&limit=500')).body.items as CallDto[]).map((c) => c.id);
    expect(await open()).toContain(id);
    // The same subscriber calls again; A answers.
    await ami.play('s01-answered-390679', { speed: Infinity });
    await a.waitFor(() => a.callUpdates.some((c) => c.id === id && c.handledAt !== null), 10_000, 'lost call handled');
    expect(await open()).not.toContain(id);
    const call = (await agentA.get(`/api/calls/${id}`)).body as CallDto;
    const answered = ((await agentA.get('/api/calls?limit=500')).body.items as CallDto[]).find(
      (c) => c.outcome === 'answered' && c.direction === 'inbound',
    )!;
    // Reached when the new call was answered, by the one who answered it.
    expect(call.handledAt).toBe(answered.answeredAt);
  });

  it('shows how long the caller has waited for us in working time', async () => {
    // Monday 23.11.2026 16:00:30 (Tyumen) ended; dealt with Tuesday 09:00: 59.5 + 30 working minutes.
    const id = await insertLost(
      'lost-monday',
      new Date('2026-11-23T16:00:00+05:00'),
      new Date('2026-11-23T16:00:30+05:00'),
      new Date('2026-11-24T09:00:00+05:00'),
    );
    const call = (await agentA.get(`/api/calls/${id}`)).body as CallDto;
    expect(call.lostWorkingSeconds).toBe(89.5 * 60);
    // Answered calls have none.
    const answered = ((await agentA.get('/api/calls?limit=500')).body.items as CallDto[]).find(
      (c) => c.outcome === 'answered',
    )!;
    expect(answered.lostWorkingSeconds).toBeNull();
  });
});
