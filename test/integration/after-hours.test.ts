// The working calendar classifies unanswered calls: in working hours they are "missed", otherwise
// "after hours" — by the PBX's own event time, the federal calendar, short days, lunch and the admin's overrides.
import type request from 'supertest';
import type { CallDto } from '../../shared/api';
import { FakeAmi } from '../support/fake-ami';
import { startTestServer, type TestServer } from '../support/server';

let ami: FakeAmi;
let srv: TestServer;
let admin: request.Agent;
let seq = 0;

/** Replays the recorded missed call as if the PBX had sent it at `at` (Timestamp headers), as a new call. */
async function missedCallAt(at: string): Promise<CallDto> {
  const epoch = (Date.parse(at) / 1000).toFixed(6);
  const prefix = String(1795990000 + ++seq);
  await ami.play('s03-missed-390679', {
    rewrite: (t) =>
      t.replaceAll('1795884161.', `${prefix}.`).replace(/^(Event: [^\r\n]+\r\n)/gm, `$1Timestamp: ${epoch}\r\n`),
  });
  await new Promise((r) => setTimeout(r, 300));
  await srv.effects.idle();
  const res = await admin.get('/api/calls?view=missed&limit=100');
  const call = (res.body.items as CallDto[]).find((c) => c.linkedid === `${prefix}.25`);
  if (!call) throw new Error(`call ${prefix}.25 not on the missed list`);
  return call;
}

beforeAll(async () => {
  ami = new FakeAmi();
  await ami.start();
  srv = await startTestServer({
    env: ami.env(),
  });
  await srv.createUser({ login: 'spec-a', extensions: ['101'] });
  admin = await srv.agent(srv.admin.login, srv.admin.password);
  await ami.waitForLogin();
});
afterAll(async () => {
  await srv?.stop();
  await ami?.stop();
});

describe('after-hours classification of calls', () => {
  it('a call at 10:00 on a working Thursday is missed in working hours', async () => {
    const c = await missedCallAt('2026-05-07T10:00:00+05:00');
    expect(c).toMatchObject({ outcome: 'missed', afterHours: false });
    expect(c.startedAt).toBe('2026-05-07T05:00:00.000Z');
  });

  it('lunch, evening, a weekend, a holiday and the last hour of a short day are after hours', async () => {
    for (const at of [
      '2026-05-07T12:45:00+05:00', // lunch
      '2026-05-07T17:05:00+05:00', // after 17:00
      '2026-05-09T11:00:00+05:00', // Victory Day (Saturday)
      '2026-05-11T11:00:00+05:00', // its transferred day off (Monday)
      '2026-05-08T15:30:00+05:00', // Friday before the holiday ends at 15:00
    ]) {
      expect({ at, afterHours: (await missedCallAt(at)).afterHours }).toEqual({ at, afterHours: true });
    }
    // A working Saturday by decree (1 November 2025) is working time.
    expect((await missedCallAt('2025-11-01T10:00:00+05:00')).afterHours).toBe(false);
  });

  it("follows the admin's overrides: a regional holiday is after hours", async () => {
    expect((await missedCallAt('2026-06-03T10:00:00+05:00')).afterHours).toBe(false);
    const res = await admin.put('/api/calendar/overrides/2026-06-03').send({ kind: 'day_off', title: 'Региональный' });
    expect(res.status).toBe(204);
    expect((await missedCallAt('2026-06-03T10:30:00+05:00')).afterHours).toBe(true);
  });
});
