// Fault test: the AMI link cut 20 times in well under a minute (the PBX killed and back, or only its
// connections dropped) while calls keep coming, being answered and ending, also while the link is
// down. Every answered call gets one draft, every call one row and ends; nothing leaks: the AMI
// client's listeners, the process's sockets and timers and its memory stay level.
import type net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { AmiClient } from '../../server/pbx/ami-client';
import { answeredCall, type CallFrames } from '../bench/synthetic-calls';
import { FakeAmi } from '../support/fake-ami';
import { postgresAdminUrl } from '../support/pg';
import { startTestServer, type TestServer } from '../support/server';
import type { TestSocket } from '../support/sockets';
import {
  channelItems,
  connectSpecialists,
  createSpecialists,
  draftsPerCall,
  missing,
  pct,
  printFigures,
  rowsPerCall,
  sleep,
  waitUntil,
} from './chaos-support';

const CUTS = 20;
const SPECIALISTS = 20;

interface Call extends CallFrames {
  seq: number;
  ext: string;
  phase: 'ringing' | 'up' | 'ended';
  /** The cycle it was answered in (its draft is due by the end of the next one). */
  answeredIn: number;
}

let ami: FakeAmi;
let srv: TestServer;
let sockets: TestSocket[] = [];
let pgOk = false;

beforeAll(async () => {
  pgOk = (await postgresAdminUrl()) !== undefined;
  if (!pgOk) return missing('no PostgreSQL is reachable');
  ami = new FakeAmi();
  await ami.start();
  srv = await startTestServer({ env: ami.env() });
  await createSpecialists(srv.url, SPECIALISTS);
  sockets = await connectSpecialists(srv.url, SPECIALISTS);
  await ami.waitForLogin();
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await srv?.stop();
  await ami?.stop();
});

/** A garbage-collected heap when the flag can be set (it can: V8 takes it at run time). */
function heapAfterGc(): { heapMb: number; rssMb: number } {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  const m = process.memoryUsage();
  return { heapMb: m.heapUsed / 1048576, rssMb: m.rss / 1048576 };
}

function resources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

describe('AMI link cut 20 times while calls flow', () => {
  it('no duplicate or lost draft, every call closed, listeners, handles and memory level', async () => {
    if (!pgOk) return;
    const client = (srv.link as unknown as { client: AmiClient }).client;
    const amiSocket = () => (client as unknown as { socket: net.Socket | null }).socket;
    const pendingActions = () => (client as unknown as { pending: Map<string, unknown> }).pending.size;
    const listeners = () => {
      const s = amiSocket();
      if (!s) return -1;
      return ['data', 'close', 'error', 'connect', 'timeout', 'end'].reduce((n, e) => n + s.listenerCount(e), 0);
    };
    const fakeClients = () => (ami as unknown as { clients: Set<{ socket: net.Socket }> }).clients;
    const resyncs = () => ami.actions.filter((a) => String(a['action']).toLowerCase() === 'coreshowchannels').length;

    const calls: Call[] = [];
    let seq = 9000;
    const newCall = (cycle: number): Call => {
      const ext = `${201 + (calls.length % SPECIALISTS)}`;
      const c: Call = { ...answeredCall(++seq, ext), seq, ext, phase: 'ringing', answeredIn: cycle };
      calls.push(c);
      return c;
    };
    const listOfUp = () =>
      calls
        .filter((c) => c.phase !== 'ended')
        .flatMap((c) => channelItems(c.seq, c.ext, c.phase === 'up' ? 'up' : 'ringing', 3));
    const counts = { answeredUp: 0, answeredDown: 0, newDown: 0, endedUp: 0, endedDown: 0 };

    // While the link is up: three new calls ring, the ringing ones are answered, calls answered in
    // an earlier cycle end.
    const flowUp = (cycle: number) => {
      for (const c of calls.filter((x) => x.phase === 'up' && x.answeredIn < cycle)) {
        ami.send(c.rest);
        c.phase = 'ended';
        counts.endedUp++;
      }
      for (const c of calls.filter((x) => x.phase === 'ringing')) {
        ami.send(c.answer);
        c.phase = 'up';
        c.answeredIn = cycle;
        counts.answeredUp++;
      }
      for (let i = 0; i < 3; i++) ami.send(newCall(cycle).setup);
    };
    // While it is down nobody hears: one ringing call is answered, one up call ends, one new call
    // rings and is answered. The PBX's channel list then tells what is up.
    const flowDown = (cycle: number) => {
      const ending = calls.find((x) => x.phase === 'up' && x.answeredIn < cycle);
      if (ending) {
        ami.send(ending.rest);
        ending.phase = 'ended';
        counts.endedDown++;
      }
      const ringing = calls.find((x) => x.phase === 'ringing');
      if (ringing) {
        ami.send(ringing.answer);
        ringing.phase = 'up';
        ringing.answeredIn = cycle;
        counts.answeredDown++;
      }
      const fresh = newCall(cycle);
      ami.send(fresh.setup + fresh.answer);
      fresh.phase = 'up';
      counts.newDown++;
      ami.channelList = listOfUp();
    };

    const samples: {
      cycle: number;
      listeners: number;
      resources: Record<string, number>;
      heapMb: number;
      rssMb: number;
    }[] = [];
    const relogin: number[] = [];
    const started = Date.now();
    flowUp(0);
    await sleep(300);
    for (let cycle = 1; cycle <= CUTS; cycle++) {
      const logins = ami.logins;
      const resynced = resyncs();
      const cutAt = Date.now();
      if (cycle % 2) {
        // The PBX dies and comes back on the same port.
        await ami.kill();
        flowDown(cycle);
        await sleep(150);
        await ami.restart();
      } else {
        // Only the TCP connection drops (a NAT or firewall reset); the PBX keeps listening.
        for (const c of fakeClients()) c.socket.destroy();
        flowDown(cycle);
      }
      await ami.waitForLogin(10_000, logins);
      await waitUntil(() => resyncs() > resynced, 10_000, 'the resync after the reconnect');
      relogin.push(Date.now() - cutAt);
      await sleep(100);
      await srv.effects.idle();
      if (cycle === 5 || cycle === CUTS) {
        await sleep(300);
        samples.push({ cycle, listeners: listeners(), resources: resources(), ...heapAfterGc() });
      }
      flowUp(cycle);
      await sleep(250);
    }
    const cutsMs = Date.now() - started;
    // Everything still up ends normally.
    await srv.effects.idle();
    for (const c of calls.filter((x) => x.phase !== 'ended')) {
      if (c.phase === 'ringing') ami.send(c.answer);
      ami.send(c.rest);
      c.phase = 'ended';
    }
    const ids = calls.map((c) => c.linkedid);
    const query = (sql: string, params: unknown[] = []) => srv.db.dataSource.query(sql, params);
    await waitUntil(
      async () => {
        const r: { n: string }[] = await query(
          `SELECT count(*) AS n FROM calls WHERE linkedid = ANY($1::text[]) AND state = 'ended'`,
          [ids],
        );
        return Number(r[0]!.n) === ids.length;
      },
      20_000,
      'every call ended',
    );
    await srv.effects.idle();
    await sleep(500);

    const p = draftsPerCall(sockets);
    const rows = await rowsPerCall(query, ids);
    const duplicates = ids.reduce((n, id) => n + Math.max(0, (p.get(id) ?? 0) - 1), 0);
    const lost = ids.filter((id) => !p.get(id)).length;
    const [warm, last] = samples;
    const fmtRes = (r: Record<string, number>) =>
      Object.entries(r)
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
    printFigures(`Chaos 3: AMI link cut ${CUTS} times while calls flow`, [
      ['faults injected', `${CUTS} cuts in ${(cutsMs / 1000).toFixed(1)} s (10 PBX kill+restart, 10 TCP resets)`],
      ['calls', ids.length],
      [
        'answered while up / while down / new while down',
        `${counts.answeredUp} / ${counts.answeredDown} / ${counts.newDown}`,
      ],
      ['ended while up / while down', `${counts.endedUp} / ${counts.endedDown}`],
      ['drafts delivered exactly once', ids.filter((id) => p.get(id) === 1).length],
      ['duplicate drafts', duplicates],
      ['lost drafts', lost],
      [
        'calls with 1 call row and 1 entry',
        ids.filter((id) => rows.get(id)?.calls === 1 && rows.get(id)?.entries === 1).length,
      ],
      ['cut → logged in and resynced, p50 / max', `${pct(relogin, 50)} / ${Math.max(...relogin)} ms`],
      ['PBX logins', ami.logins],
      ['AMI socket listeners after cut 5 / 20', `${warm!.listeners} / ${last!.listeners}`],
      ['active handles after cut 5', fmtRes(warm!.resources)],
      ['active handles after cut 20', fmtRes(last!.resources)],
      ['heap used after GC, cut 5 / 20', `${warm!.heapMb.toFixed(1)} / ${last!.heapMb.toFixed(1)} MB`],
      ['RSS, cut 5 / 20', `${warm!.rssMb.toFixed(0)} / ${last!.rssMb.toFixed(0)} MB`],
      ['AMI client actions pending at the end', pendingActions()],
    ]);

    expect(duplicates).toBe(0);
    expect(lost).toBe(0);
    for (const id of ids) expect({ id, ...rows.get(id) }).toEqual({ id, calls: 1, entries: 1 });
    expect(ami.loggedInClients).toBe(1);
    expect(fakeClients().size).toBe(1);
    expect(last!.listeners).toBe(warm!.listeners);
    // Sockets of the whole test process (database pool, browsers' sockets) come and go by themselves:
    // a leak is growth, not a pool connection closed while idle.
    expect(last!.resources['TCPSocketWrap'] ?? 0).toBeLessThanOrEqual((warm!.resources['TCPSocketWrap'] ?? 0) + 2);
    expect(last!.resources['Timeout'] ?? 0).toBeLessThanOrEqual((warm!.resources['Timeout'] ?? 0) + 2);
    expect(last!.heapMb - warm!.heapMb).toBeLessThan(15);
    expect(pendingActions()).toBe(0);
  });
});
