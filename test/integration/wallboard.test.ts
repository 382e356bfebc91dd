// The live wallboard (GET /api/stats/live and the `stats:live` push): a recorded call replayed in
// steps over TCP shows as waiting, then as a specialist on a call, then in today's figures; another
// instance, knowing nothing but the database, shows the same board.
import type request from 'supertest';
import type { LiveDto, LiveSummaryDto } from '../../shared/stats';
import { FakeAmi } from '../support/fake-ami';
import { startTestServer, type TestServer } from '../support/server';
import { connectAs, type TestSocket } from '../support/sockets';

let ami: FakeAmi;
let srv: TestServer;
let second: TestServer | undefined;
let a: TestSocket;
let agent: request.Agent;
const pushes: LiveSummaryDto[] = [];

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
  await srv.effects.idle();
}

async function board(as = agent): Promise<LiveDto> {
  const res = await as.get('/api/stats/live');
  expect(res.status).toBe(200);
  return res.body as LiveDto;
}

/** Waits for a pushed board that satisfies `pred`. */
async function pushed(pred: (b: LiveSummaryDto) => boolean, what: string): Promise<LiveSummaryDto> {
  for (const end = Date.now() + 5000; !pushes.some(pred);) {
    if (Date.now() > end) throw new Error(`no push of ${what} within 5 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return pushes.filter(pred).at(-1)!;
}

beforeAll(async () => {
  ami = new FakeAmi();
  await ami.start();
  srv = await startTestServer({ env: ami.env() });
  await srv.createUser({ login: 'spec-a', fullName: 'Андреева Алла Алексеевна', extensions: ['101'] });
  await srv.createUser({ login: 'spec-b', fullName: 'Борисов Борис Борисович', extensions: ['102'] });
  agent = await srv.agent('spec-b', 'password-123');
  a = await connectAs(srv.url, 'spec-a', 'password-123');
  a.socket.on('stats:live', (b) => pushes.push(b));
  await ami.waitForLogin();
  await settle();
});

afterAll(async () => {
  a?.close();
  await second?.stop();
  await srv?.stop();
  await ami?.stop();
});

describe('the wallboard', () => {
  it('needs a login', async () => {
    const res = await (await import('supertest')).default(srv.url).get('/api/stats/live');
    expect(res.status).toBe(401);
  });

  it('starts empty', async () => {
    const b = await board();
    expect(b.waiting).toEqual([]);
    expect(b.talking).toEqual([]);
    expect(b.today.offered).toBe(0);
    expect(b.serviceLevelSeconds).toBe(20);
  });

  it('shows a ringing call as waiting, with its line, number and since when', async () => {
    const before = Date.now();
    await ami.play('s01-answered-390679', { speed: 1, until: 2.5 });
    await settle();
    const b = await board();
    expect(b.talking).toEqual([]);
    expect(b.waiting).toHaveLength(1);
    expect(b.waiting[0]).toMatchObject({ lineLabel: '8 (3452) 390-679', callerNumber: '83452123456' });
    const since = Date.parse(b.waiting[0]!.since);
    expect(since).toBeGreaterThanOrEqual(before - 1000);
    expect(since).toBeLessThanOrEqual(Date.now());
    // Pushed to every browser, a specialist's included, without asking.
    const p = await pushed((x) => x.waitingCount === 1, 'a board with the waiting call');
    expect(p.longestWaitSince).toBe(b.waiting[0]!.since);
    expect(b).toMatchObject({ waitingCount: 1, longestWaitSince: b.waiting[0]!.since });
    // The push has the figures, not the lists (hundreds of sockets get it).
    expect(p).not.toHaveProperty('waiting');
  });

  it('shows who answered as on a call, and the caller no longer waiting', async () => {
    await ami.play('s01-answered-390679', { speed: 1, from: 2.5, until: 5 });
    await settle();
    const b = await board();
    expect(b.waiting).toEqual([]);
    expect(b.talking).toHaveLength(1);
    expect(b.talking[0]).toMatchObject({
      name: 'Андреева Алла Алексеевна',
      extension: '101',
      callerNumber: '83452123456',
      lineLabel: '8 (3452) 390-679',
    });
    await pushed((x) => x.talkingCount === 1 && x.waitingCount === 0, 'a board with the specialist on a call');
  });

  it('is the same on another instance that knows only the database', async () => {
    second = await startTestServer({ env: ami.env(), databaseUrl: srv.databaseUrl });
    const other = await second.agent('spec-b', 'password-123');
    const b = await board(other);
    expect(b.talking.map((t) => t.name)).toEqual(['Андреева Алла Алексеевна']);
  });

  it('counts the call in today once it is over', async () => {
    await ami.play('s01-answered-390679', { speed: Infinity, from: 5 });
    await settle();
    const b = await board();
    expect(b.talking).toEqual([]);
    expect(b.waiting).toEqual([]);
    expect(b.today.offered).toBe(1);
    expect(b.today.answered).toBe(1);
    await pushed((x) => x.today.answered === 1 && x.talkingCount === 0, 'a board with the call counted');
  });
});
