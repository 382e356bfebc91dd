// The PBX link under trouble: a PBX killed mid-call, a PBX restart, garbage on the wire, a lost
// database connection. Nothing crashes, nothing is lost, the link state reaches every user.
import request from 'supertest';
import type { CallRow } from '../../server/calls/call.entity';
import { CallsRepository } from '../../server/calls/calls.repository';
import { camelRow } from '../../server/db/rows';
import { channelListOf, FakeAmi } from '../support/fake-ami';
import { startTestServer, type TestServer } from '../support/server';
import { connectAs, type TestSocket } from '../support/sockets';
import { traceEvents } from '../support/traces';

let ami: FakeAmi;
let srv: TestServer;
let a: TestSocket;
let b: TestSocket;

const roots = (trace: string) =>
  traceEvents(trace).flatMap((e) =>
    e.kind === 'Newchannel' && e.ch.uniqueid === e.ch.linkedid ? [e.ch.linkedid] : [],
  );

async function settle() {
  await new Promise((r) => setTimeout(r, 300));
  await srv.effects.idle();
  await new Promise((r) => setTimeout(r, 150));
}

beforeAll(async () => {
  ami = new FakeAmi();
  await ami.start();
  srv = await startTestServer({
    env: ami.env(),
  });
  await srv.createUser({ login: 'spec-a', extensions: ['101'] });
  await srv.createUser({ login: 'spec-b', extensions: ['102'] });
  a = await connectAs(srv.url, 'spec-a', 'password-123');
  b = await connectAs(srv.url, 'spec-b', 'password-123');
  await ami.waitForLogin();
  await a.waitFor(() => a.statuses.at(-1)?.state === 'up', 10_000, 'link up');
});

afterAll(async () => {
  a?.close();
  b?.close();
  await srv?.stop();
  await ami?.stop();
});

describe('PBX link resilience', () => {
  it('PBX killed mid-call and restarted: link down, back up within 10 s, calls up at resync get drafts', async () => {
    const [callA, callB] = roots('a03-coreshowchannels-ts');
    // Both calls ring; the PBX dies before anyone answers (as far as we can see).
    await ami.play('a03-coreshowchannels-ts', { speed: Infinity, until: 3.0 });
    await settle();
    expect(a.drafts).toHaveLength(0);
    await ami.kill();
    await a.waitFor(() => a.statuses.at(-1)?.state === 'down', 5000, 'link down');
    expect((await request(srv.url).get('/api/health')).body.pbx).toBe('down');

    // Meanwhile both were answered; the PBX comes back and lists the channels.
    ami.channelList = channelListOf('a03-coreshowchannels-ts');
    const back = Date.now();
    await ami.restart();
    await a.waitFor(() => a.statuses.at(-1)?.state === 'up', 10_000, 'link up again');
    expect(Date.now() - back).toBeLessThan(10_000);
    await a.waitFor(() => a.drafts.some((d) => d.call.linkedid === callA), 10_000, 'draft for A after resync');
    await b.waitFor(() => b.drafts.some((d) => d.call.linkedid === callB), 10_000, 'draft for B after resync');
    expect(a.drafts.filter((d) => d.call.linkedid === callA)).toHaveLength(1);
    expect(b.drafts.filter((d) => d.call.linkedid === callB)).toHaveLength(1);

    // The rest of the conversation ends both calls normally.
    ami.channelList = [];
    await ami.play('a03-coreshowchannels-ts', { speed: Infinity, from: 7 });
    await a.waitFor(() => a.ended.some((c) => c.linkedid === callA), 10_000, 'call A ended');
    await b.waitFor(() => b.ended.some((c) => c.linkedid === callB), 10_000, 'call B ended');
  });

  it('s11: PBX restart (Shutdown, socket closed, port back 0.2 s later): down, then up', async () => {
    const seen = a.statuses.length;
    await ami.play('s11-restart', { speed: Infinity });
    await ami.kill();
    await new Promise((r) => setTimeout(r, 200));
    ami.uptime = 0;
    await ami.restart();
    await a.waitFor(
      () => a.statuses.slice(seen).some((s) => s.state === 'down') && a.statuses.at(-1)?.state === 'up',
      10_000,
      'down then up',
    );
    await ami.play('s11-restart-reconnect', { speed: Infinity });
    await settle();
    expect(a.statuses.at(-1)?.state).toBe('up');
  });

  it('a call up across a PBX restart is closed when the PBX comes back empty', async () => {
    const [id] = roots('s01-answered-390679');
    await ami.play('s01-answered-390679', { speed: Infinity, until: 5 });
    await a.waitFor(() => a.drafts.some((d) => d.call.linkedid === id), 10_000, 'draft');
    await ami.kill();
    ami.uptime = 0;
    ami.channelList = [];
    await ami.restart();
    await a.waitFor(() => a.ended.some((c) => c.linkedid === id), 15_000, 'stale call ended at resync');
  });

  it('garbage, half frames, a 1 MB header value and events without Linkedid never crash the server', async () => {
    await ami.waitForLogin();
    ami.send(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0xc3, 0x28, 0x0d, 0x0a, 0x0d, 0x0a]));
    ami.send('this is not AMI at all\r\n\r\n');
    ami.send('Event: DialEnd\r\nChannel: PJSIP/trunk-1\r\nUniqueid: 1.1\r\nDialStatus: ANSWER\r\n\r\n');
    ami.send(
      `Event: Newchannel\r\nChannel: PJSIP/trunk-9\r\nCallerIDName: ${'я'.repeat(1_048_576)}\r\nUniqueid: 9.9\r\nLinkedid: 9.9\r\nExten: s\r\n\r\n`,
    );
    ami.send(`Event: Newchannel\r\nLinkedid: ${'x'.repeat(5000)}\r\nUniqueid: 1\r\n\r\n`);
    ami.send('Event: Hangup\r\nChannel: PJSIP/101-0000\r\nUniq'); // half a frame...
    ami.send('ueid: 5.5\r\n'); // ...completed later, still without a Linkedid
    ami.send('\r\n');
    // 5 MB without a frame end is dropped, not buffered.
    ami.send('X-Junk: ' + 'z'.repeat(5 * 1024 * 1024));
    ami.send('\r\n\r\n');
    await settle();
    expect((await request(srv.url).get('/api/health')).body).toMatchObject({ db: 'up', pbx: 'up' });
    // The link still works: a real call after the garbage gets its draft.
    const [id] = roots('s04-ringall-102-answers');
    await ami.play('s04-ringall-102-answers', { speed: Infinity });
    await b.waitFor(() => b.drafts.some((d) => d.call.linkedid === id), 10_000, 'draft after garbage');
    expect(srv.link.stats.oversized).toBeGreaterThanOrEqual(1);
  });

  it('a call whose draft exists but is not linked to it is linked again when written, not given a second draft', async () => {
    const id = roots('s01-answered-390679')[0]!;
    await ami.play('s01-answered-390679', { speed: Infinity });
    await a.waitFor(() => a.drafts.some((d) => d.call.linkedid === id), 10_000, 'first draft');
    await settle();
    const ds = srv.db.dataSource;
    await ds.query(`UPDATE calls SET entry_id = NULL WHERE linkedid = $1`, [id]);
    const raw = await ds.query<Record<string, unknown>[]>(`SELECT * FROM calls WHERE linkedid = $1`, [id]);
    const c = raw.map((x) => camelRow<CallRow>(x))[0];
    // The call written again as the PBX link would (a replay, another instance).
    const { results } = await new CallsRepository(ds, 5).upsertMany(ds.manager, [
      {
        ...c!,
        holdSeconds: c!.holdSeconds ?? 0,
        callbackOfId: null,
        rung: [],
        draft: { organizationName: '', organizationId: null, personName: '', subsystem: null, comment: 'повтор' },
      },
    ]);
    expect(results.get(id)!.draft).toBeNull();
    const rows = await ds.query<{ entry_id: number | null; entries: number; origin: number }[]>(
      `SELECT c.entry_id, (SELECT count(*)::int FROM entries e WHERE e.origin_call_id = c.id) AS entries,
              (SELECT e.id FROM entries e WHERE e.origin_call_id = c.id) AS origin
         FROM calls c WHERE c.linkedid = $1`,
      [id],
    );
    expect(rows).toEqual([{ entry_id: rows[0]!.origin, entries: 1, origin: expect.any(Number) }]);
  });

  it('a lost database connection delays call effects but loses none', async () => {
    const [id] = roots('s02-specialist-hangup-399069');
    // Every connection of the server is cut (as in a database restart).
    await srv.db.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    await ami.play('s02-specialist-hangup-399069', { speed: Infinity });
    await b.waitFor(() => b.drafts.some((d) => d.call.linkedid === id), 20_000, 'draft after reconnect');
    await b.waitFor(() => b.ended.some((c) => c.linkedid === id), 20_000, 'call ended after reconnect');
  });
});
