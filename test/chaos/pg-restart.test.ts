// Fault test: PostgreSQL restarted (pg_ctl, fast and immediate modes) while 80 calls are being
// answered, and a restart that kills transactions waiting for their COMMIT answer. Every draft
// still reaches its specialist exactly once, and the database holds one call and one entry per call.
// Runs on a private PostgreSQL cluster: the machine's shared server is never restarted.
import { answeredCall, type CallFrames } from '../bench/synthetic-calls';
import { FakeAmi } from '../support/fake-ami';
import { startTestServer, type TestServer } from '../support/server';
import type { TestSocket } from '../support/sockets';
import {
  connectSpecialists,
  createSpecialists,
  draftsPerCall,
  missing,
  pct,
  printFigures,
  rowsPerCall,
  sleep,
  startPrivateCluster,
  waitUntil,
  type PrivateCluster,
} from './chaos-support';

// More than the queue's split size (50): the answers of one burst are written as two transactions at
// once, and the commit-in-doubt case has both in doubt.
const CALLS = 80;
const ext = (i: number) => `${201 + i}`; // spec<i>'s extension (createSpecialists)

let cluster: PrivateCluster | null = null;
let ami: FakeAmi;
let srv: TestServer;
const sockets: TestSocket[] = [];
let seq = 1;

const query = (sql: string, params: unknown[] = []) => srv.db.dataSource.query(sql, params);

beforeAll(async () => {
  cluster = await startPrivateCluster();
  if (!cluster) return missing('PostgreSQL server binaries (initdb, pg_ctl) are not installed');
  await cluster.query('CREATE DATABASE callog');
  ami = new FakeAmi();
  await ami.start();
  srv = await startTestServer({ env: ami.env(), databaseUrl: cluster.url('callog') });
  await createSpecialists(srv.url, CALLS);
  sockets.push(...(await connectSpecialists(srv.url, CALLS)));
  await ami.waitForLogin();
  await sleep(300);
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await srv?.stop();
  await ami?.stop();
  await cluster?.stop();
});

/** Rings CALLS specialists at once; returns the calls once every one of them is in the database. */
async function ring(): Promise<CallFrames[]> {
  const calls = Array.from({ length: CALLS }, (_, i) => answeredCall(seq++, ext(i)));
  ami.send(calls.map((c) => c.setup).join(''));
  await waitUntil(
    async () => {
      const r: { n: string }[] = await query(`SELECT count(*) AS n FROM calls WHERE linkedid = ANY($1::text[])`, [
        calls.map((c) => c.linkedid),
      ]);
      return Number(r[0]!.n) === CALLS;
    },
    15_000,
    'ringing calls stored',
  );
  return calls;
}

/** Hangs the calls up and checks exactly-once delivery; returns the figures. */
async function finish(calls: CallFrames[], answeredAt: Map<string, number>) {
  const ids = calls.map((c) => c.linkedid);
  const drafted = () => {
    const n = draftsPerCall(sockets);
    return ids.filter((id) => (n.get(id) ?? 0) > 0).length;
  };
  await waitUntil(() => drafted() === CALLS, 30_000, `drafts of ${CALLS} calls`).catch(() => undefined);
  ami.send(calls.map((c) => c.rest).join(''));
  await waitUntil(
    async () => {
      const r: { n: string }[] = await query(
        `SELECT count(*) AS n FROM calls WHERE linkedid = ANY($1::text[]) AND state = 'ended'`,
        [ids],
      );
      return Number(r[0]!.n) === CALLS;
    },
    30_000,
    'calls ended',
  );
  await srv.effects.idle();
  await sleep(500); // late duplicates, if any, would arrive now
  const pushes = draftsPerCall(sockets);
  const rows = await rowsPerCall(query, ids);
  const latencies = sockets
    .flatMap((s) => s.drafts)
    .filter((d) => answeredAt.has(d.call.linkedid))
    .map((d) => d.receivedAt - answeredAt.get(d.call.linkedid)!);
  return {
    delivered: ids.filter((id) => pushes.get(id) === 1).length,
    duplicates: ids.reduce((n, id) => n + Math.max(0, (pushes.get(id) ?? 0) - 1), 0),
    lost: ids.filter((id) => !pushes.get(id)).length,
    rowsOk: ids.filter((id) => rows.get(id)?.calls === 1 && rows.get(id)?.entries === 1).length,
    p50: pct(latencies, 50),
    max: Math.max(...latencies),
    delayed: latencies.filter((ms) => ms > 150).length,
  };
}

describe(`PostgreSQL restarted while ${CALLS} calls are answered`, () => {
  it.each(['fast', 'immediate'] as const)('pg_ctl restart -m %s mid-burst: every draft exactly once', async (mode) => {
    if (!cluster) return;
    const calls = await ring();
    const answeredAt = new Map<string, number>();
    // The answers come over ~1 s, five at a time; the database goes down after the first fifteen.
    let restart: Promise<number> | null = null;
    let upAt = 0;
    let downAt = 0;
    for (let i = 0; i < CALLS; i += 5) {
      const group = calls.slice(i, i + 5);
      ami.send(group.map((c) => c.answer).join(''));
      for (const c of group) answeredAt.set(c.linkedid, Date.now());
      if (i === 15) {
        downAt = Date.now();
        restart = cluster.restart(mode).then((ms) => ((upAt = Date.now()), ms));
      }
      await sleep(100);
    }
    const downMs = await restart!;
    const f = await finish(calls, answeredAt);
    // Calls answered while PostgreSQL was going away or away: when their drafts came.
    const during = sockets
      .flatMap((s) => s.drafts)
      .filter((d) => {
        const t = answeredAt.get(d.call.linkedid);
        return t !== undefined && t >= downAt && t <= upAt;
      });
    const catchUp = Math.max(0, ...during.map((d) => d.receivedAt - upAt));
    printFigures(`Chaos 1 (${mode}): PostgreSQL restarted while ${CALLS} calls are answered`, [
      ['faults injected', `1 × pg_ctl restart -m ${mode} after 15 of ${CALLS} answers`],
      ['calls', CALLS],
      ['drafts delivered exactly once', f.delivered],
      ['duplicate drafts', f.duplicates],
      ['lost drafts', f.lost],
      ['calls with 1 call row and 1 entry', f.rowsOk],
      ['PostgreSQL away (pg_ctl restart)', `${downMs} ms`],
      ['calls answered while PostgreSQL was restarting', during.length],
      ['their last draft, after PostgreSQL was back', `${catchUp} ms`],
      [`answer → draft p50 / max (all ${CALLS})`, `${f.p50} / ${f.max} ms`],
      ['drafts held back > 150 ms by the outage', f.delayed],
    ]);
    expect({ delivered: f.delivered, duplicates: f.duplicates, lost: f.lost, rowsOk: f.rowsOk }).toEqual({
      delivered: CALLS,
      duplicates: 0,
      lost: 0,
      rowsOk: CALLS,
    });
  });

  it('a restart kills transactions waiting for their COMMIT answer: those drafts still arrive once', async () => {
    if (!cluster) return;
    const calls = await ring();
    // Commits now wait for a standby that does not exist (synchronous replication): each is written
    // but not yet acknowledged, the exact moment a crash leaves a client not knowing the outcome.
    await cluster.query(`ALTER SYSTEM SET synchronous_standby_names = 'callog_chaos_nobody'`);
    await cluster.query('SELECT pg_reload_conf()');
    await sleep(200);
    const answeredAt = new Map<string, number>();
    ami.send(calls.map((c) => c.answer).join(''));
    for (const c of calls) answeredAt.set(c.linkedid, Date.now());
    await waitUntil(
      async () => {
        const r = await cluster!.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = 'callog' AND wait_event = 'SyncRep'`,
        );
        return Number(r[0]!.n) > 0;
      },
      10_000,
      'a call transaction waiting for its COMMIT answer',
    );
    const inDoubt = await cluster.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = 'callog' AND wait_event = 'SyncRep'`,
    );
    // Back to normal commits after the restart; the restart ends the waiting sessions.
    await cluster.query('ALTER SYSTEM RESET synchronous_standby_names');
    const downMs = await cluster.restart('fast');
    const upAt = Date.now();
    const f = await finish(calls, answeredAt);
    const lastDraft = Math.max(...sockets.flatMap((s) => s.drafts.map((d) => d.receivedAt)));
    printFigures(`Chaos 1 (commit in doubt): restart while ${CALLS} answered calls wait for COMMIT`, [
      ['faults injected', `1 × pg_ctl restart -m fast with ${inDoubt[0]!.n} COMMIT(s) unanswered`],
      ['calls', CALLS],
      ['drafts delivered exactly once', f.delivered],
      ['duplicate drafts', f.duplicates],
      ['lost drafts', f.lost],
      ['calls with 1 call row and 1 entry', f.rowsOk],
      ['PostgreSQL away (pg_ctl restart)', `${downMs} ms`],
      ['last draft after PostgreSQL was back', `${Math.max(0, lastDraft - upAt)} ms`],
    ]);
    expect({ delivered: f.delivered, duplicates: f.duplicates, lost: f.lost, rowsOk: f.rowsOk }).toEqual({
      delivered: CALLS,
      duplicates: 0,
      lost: 0,
      rowsOk: CALLS,
    });
  });
});
