// Fault test: callog killed with SIGKILL while calls are up, then started again on the same
// database. When the PBX link is back, the channel list (CoreShowChannels) reconciles: calls still up
// get their drafts, calls that ended meanwhile are closed, nothing is duplicated.
import { answeredCall, type CallFrames } from '../bench/synthetic-calls';
import { FakeAmi } from '../support/fake-ami';
import { createScratchDatabase, postgresAdminUrl, type ScratchDatabase } from '../support/pg';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import type { TestSocket } from '../support/sockets';
import pg from 'pg';
import type { CallDto } from '../../shared/api';
import type { DraftPushDto } from '../../shared/socket';
import {
  adminAgent,
  channelItems,
  connectSpecialists,
  createSpecialists,
  draftsPerCall,
  missing,
  printFigures,
  rowsPerCall,
  sleep,
  waitUntil,
} from './chaos-support';

/**
 * What happens to each group of calls around the kill (five calls each):
 * A answered before, up after; B answered before, ended while callog was dead; C ringing before,
 * answered while dead; D ringing before, missed while dead; E rang and was answered while dead;
 * F answered at the very moment of the kill.
 */
const GROUPS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
type Group = (typeof GROUPS)[number];
const PER_GROUP = 5;
const N = GROUPS.length * PER_GROUP;
type Call = CallFrames & { seq: number; ext: string };

let db: ScratchDatabase | undefined;
let ami: FakeAmi;
const procs: ServerProcess[] = [];
const sockets: TestSocket[] = [];

beforeAll(async () => {
  const admin = await postgresAdminUrl();
  if (!admin) return missing('no PostgreSQL is reachable');
  db = await createScratchDatabase(admin, 'callog_chaos');
  ami = new FakeAmi();
  await ami.start();
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const p of procs) await p.stop().catch(() => undefined);
  await ami?.stop();
  await db?.drop();
});

describe('callog killed with SIGKILL while calls are up', () => {
  it('after a restart on the same database: calls up get drafts, ended ones are closed, none doubled', async () => {
    if (!db) return;
    const env = { ...ami.env() };
    const first = await startServerProcess({ databaseUrl: db.url, env });
    procs.push(first);
    await createSpecialists(first.url, N);
    sockets.push(...(await connectSpecialists(first.url, N)));
    await ami.waitForLogin();
    await sleep(500);

    const calls = new Map<Group, Call[]>();
    let seq = 5000;
    GROUPS.forEach((g, gi) =>
      calls.set(
        g,
        Array.from({ length: PER_GROUP }, (_, i) => {
          const ext = `${201 + gi * PER_GROUP + i}`;
          return { ...answeredCall(++seq, ext), seq, ext };
        }),
      ),
    );
    const of = (...gs: Group[]) => gs.flatMap((g) => calls.get(g)!);
    const ids = (...gs: Group[]) => of(...gs).map((c) => c.linkedid);
    const pushes = () => draftsPerCall(sockets);

    // Before the kill: A and B answered (drafts delivered), C, D and F ringing.
    ami.send(
      of('A', 'B', 'C', 'D', 'F')
        .map((c) => c.setup)
        .join(''),
    );
    ami.send(
      of('A', 'B')
        .map((c) => c.answer)
        .join(''),
    );
    await waitUntil(() => ids('A', 'B').every((id) => (pushes().get(id) ?? 0) >= 1), 15_000, 'drafts of A and B');
    await sleep(300);

    // F is answered and callog dies in the same instant.
    ami.send(
      of('F')
        .map((c) => c.answer)
        .join(''),
    );
    const killedAt = Date.now();
    first.proc.kill('SIGKILL');
    await first.exited;
    const pushedByFirst = new Map(pushes());

    // While callog is dead the PBX goes on (and is unreachable for a moment, so the new instance's
    // specialists are connected before it resynchronises): B and D end, C is answered, E rings and is
    // answered. The channel list then holds what is still up.
    await ami.kill();
    ami.channelList = of('A', 'C', 'E', 'F').flatMap((c) => channelItems(c.seq, c.ext, 'up', 5));
    const startAt = Date.now();
    const second = await startServerProcess({ databaseUrl: db.url, env });
    procs.push(second);
    const startMs = Date.now() - startAt;
    const after = await connectSpecialists(second.url, N);
    sockets.push(...after);
    const logins = ami.logins;
    const backAt = Date.now();
    await ami.restart();
    await ami.waitForLogin(15_000, logins);

    // C and E get their drafts from the resync; F from the new instance unless the killed one had
    // already committed it (then the browser restores it with drafts:list on reconnect).
    await waitUntil(() => ids('C', 'E').every((id) => (pushes().get(id) ?? 0) >= 1), 20_000, 'drafts of C and E');
    const admin = await adminAgent(second.url);
    const callsNow = async () => {
      const res = await admin.get('/api/calls').query({ limit: 500 });
      return new Map((res.body as { items: CallDto[] }).items.map((c) => [c.linkedid, c]));
    };
    await waitUntil(
      async () => {
        const m = await callsNow();
        return ids('B', 'D').every((id) => m.get(id)?.state === 'ended');
      },
      20_000,
      'B and D closed by the resync',
    );
    const resyncedMs = Date.now() - backAt;
    await sleep(500);
    const restored = new Map<string, number>();
    for (const s of after) {
      const res = (await s.socket.emitWithAck('drafts:list')) as { ok: boolean; data?: DraftPushDto[] };
      for (const d of res.data ?? []) restored.set(d.call.linkedid, (restored.get(d.call.linkedid) ?? 0) + 1);
    }

    // The rest of the conversations: A, C, E and F hang up normally.
    ami.send(
      of('A', 'C', 'E', 'F')
        .map((c) => c.rest)
        .join(''),
    );
    await waitUntil(
      async () => {
        const m = await callsNow();
        return ids(...GROUPS).every((id) => m.get(id)?.state === 'ended');
      },
      20_000,
      'every call ended',
    );
    await sleep(500);
    const final = await callsNow();
    const p = pushes();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const dbRows = await rowsPerCall(
      async (sql, params) =>
        (await client.query<{ linkedid: string; calls: string; entries: string }>(sql, params)).rows,
      ids(...GROUPS),
    ).finally(() => client.end());

    const answered = ids('A', 'B', 'C', 'E', 'F');
    const duplicates = ids(...GROUPS).reduce((n, id) => n + Math.max(0, (p.get(id) ?? 0) - 1), 0);
    const fByPush = ids('F').filter((id) => p.get(id) === 1).length;
    const fRestored = ids('F').filter((id) => !p.get(id) && restored.get(id) === 1).length;
    const lost = answered.filter((id) => !p.get(id) && !restored.get(id)).length;
    printFigures('Chaos 2: callog killed with SIGKILL while calls are up, restarted on the same database', [
      ['faults injected', '1 × SIGKILL (5 answers in flight), PBX unreachable until the new instance is up'],
      ['calls', `${N}: A up across, B ended, C answered, D missed, E new while dead, F answered at the kill`],
      ['drafts before the kill (A, B; F in flight)', [...pushedByFirst.values()].reduce((a, b) => a + b, 0)],
      [
        'drafts after the restart (C, E; F)',
        [...p.values()].reduce((a, b) => a + b, 0) - [...pushedByFirst.values()].reduce((a, b) => a + b, 0),
      ],
      ['F: by push / restored by drafts:list', `${fByPush} / ${fRestored}`],
      ['duplicate drafts', duplicates],
      ['lost drafts', lost],
      ['B and D closed by the resync', ids('B', 'D').filter((id) => final.get(id)?.state === 'ended').length],
      ['calls with exactly 1 row', ids(...GROUPS).filter((id) => dbRows.get(id)?.calls === 1).length],
      ['new process start (spawn → listening)', `${startMs} ms`],
      ['PBX back → drafts in and stale calls closed', `${resyncedMs} ms`],
      ['kill → last draft', `${Math.max(...sockets.flatMap((s) => s.drafts.map((d) => d.receivedAt))) - killedAt} ms`],
    ]);

    expect(duplicates).toBe(0);
    expect(lost).toBe(0);
    for (const id of ids('A', 'B', 'C', 'E')) expect({ id, drafts: p.get(id) }).toEqual({ id, drafts: 1 });
    // F: pushed once, or (committed by the killed process, its push lost with it) restored on reconnect.
    for (const id of ids('F')) {
      expect({ id, delivered: (p.get(id) ?? 0) || (restored.get(id) ?? 0) }).toEqual({ id, delivered: 1 });
    }
    for (const id of ids('D')) {
      expect(p.get(id)).toBeUndefined();
      expect(final.get(id)).toMatchObject({ state: 'ended', outcome: 'missed' });
    }
    for (const id of ids('B')) expect(final.get(id)).toMatchObject({ state: 'ended', outcome: 'answered' });
    for (const id of ids(...GROUPS)) {
      expect({ id, ...dbRows.get(id) }).toEqual({ id, calls: 1, entries: ids('D').includes(id) ? 0 : 1 });
    }
  });
});
