// Every entry the API answers with says what the asking user may do with it (`can`), and the routes
// hold to it: what `can` offers goes through, what it withholds is refused. Pushes carry each
// recipient's own `can`.
import type request from 'supertest';
import type { EntryCan, EntryDetailsDto, EntryDto } from '../../shared/api';
import { ENTRY_STATUSES } from '../../shared/domain';
import { startTestServer, type TestServer } from '../support/server';
import { connectAs, type TestSocket } from '../support/sockets';

type Agent = ReturnType<typeof request.agent>;
type Who = 'owner' | 'colleague' | 'head' | 'admin';
type State =
  | 'draft'
  | 'in_progress'
  | 'awaiting_feedback'
  | 'resolved'
  | 'closed'
  | 'bug_pending'
  | 'bug_approved'
  | 'passed_to_developer'
  | 'not_request';

let srv: TestServer;
let ownerId: number;
const agents = {} as Record<Who, Agent>;
const TARGETS = [...ENTRY_STATUSES, 'not_request'] as const;
const NOTHING: EntryCan = { edit: false, register: false, close: false, attach: false, approve: false, statuses: [] };

const manual = (over: Record<string, unknown> = {}) => ({
  type: 'support',
  subsystem: 'school',
  description: 'Не открывается электронный журнал',
  organizationName: 'МАОУ СОШ № 7',
  channel: 'phone',
  ...over,
});

async function create(over: Record<string, unknown> = {}): Promise<EntryDto> {
  const res = await agents.owner.post('/api/entries').send(manual(over));
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as EntryDto;
}

async function patch(who: Who, e: { id: number; version: number }, body: Record<string, unknown>) {
  return agents[who].patch(`/api/entries/${e.id}`).send({ version: e.version, ...body });
}

function ok(res: request.Response): EntryDto {
  if (res.status !== 200) throw new Error(`patch: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as EntryDto;
}

/** A fresh entry of the owner's in the given state. */
async function make(state: State): Promise<EntryDto> {
  switch (state) {
    case 'draft':
    case 'not_request': {
      const rows: { id: number }[] = await srv.db.dataSource.query(
        `INSERT INTO entries (status, channel, owner_id, type, subsystem, description)
         VALUES ('draft', 'phone', $1, 'support', 'school', 'Звонок о расписании') RETURNING id`,
        [ownerId],
      );
      const draft = { id: rows[0]!.id, version: 1 };
      if (state === 'draft') return (await agents.owner.get(`/api/entries/${draft.id}`)).body as EntryDto;
      return ok(await patch('owner', draft, { status: 'not_request', notRequestReason: 'Ошиблись номером' }));
    }
    case 'in_progress':
    case 'awaiting_feedback':
      return create({ status: state });
    case 'resolved':
    case 'closed':
      return create({ status: state, resolution: 'Объяснили, как обновить страницу' });
    case 'bug_pending':
      return create({ type: 'bug', description: 'Ошибка 500 при выгрузке отчёта' });
    case 'bug_approved':
    case 'passed_to_developer': {
      const approved = ok(
        await patch('owner', await make('bug_pending'), { approval: 'approved', approvalRef: 'Письмо № 12' }),
      );
      return state === 'bug_approved' ? approved : ok(await patch('owner', approved, { status: state }));
    }
  }
}

/** What the owner (and an admin) may do in each state; others may do nothing but the head's approval. */
const OWNERS: Record<State, EntryCan> = {
  draft: {
    edit: true,
    register: true,
    close: true,
    attach: true,
    approve: false,
    statuses: ['in_progress', 'awaiting_feedback', 'resolved', 'closed', 'not_request'],
  },
  in_progress: { ...NOTHING, edit: true, close: true, statuses: ['awaiting_feedback', 'resolved', 'closed'] },
  awaiting_feedback: { ...NOTHING, edit: true, close: true, statuses: ['in_progress', 'resolved', 'closed'] },
  resolved: { ...NOTHING, edit: true, close: true, statuses: ['in_progress', 'awaiting_feedback', 'closed'] },
  closed: { ...NOTHING, edit: true, statuses: ['in_progress', 'awaiting_feedback'] },
  bug_pending: {
    ...NOTHING,
    edit: true,
    close: true,
    approve: true,
    statuses: ['awaiting_feedback', 'resolved', 'closed'],
  },
  bug_approved: {
    ...NOTHING,
    edit: true,
    close: true,
    statuses: ['awaiting_feedback', 'passed_to_developer', 'resolved', 'closed'],
  },
  passed_to_developer: {
    ...NOTHING,
    edit: true,
    close: true,
    statuses: ['in_progress', 'awaiting_feedback', 'resolved', 'closed'],
  },
  not_request: NOTHING,
};
const STATES = Object.keys(OWNERS) as State[];

function expected(state: State, who: Who): EntryCan {
  if (who === 'owner' || who === 'admin') return OWNERS[state];
  return { ...NOTHING, approve: who === 'head' && state === 'bug_pending' };
}

beforeAll(async () => {
  srv = await startTestServer();
  ownerId = (await srv.createUser({ login: 'spec-a', fullName: 'Андреева Алла Алексеевна' })).id;
  await srv.createUser({ login: 'spec-b' });
  await srv.createUser({ login: 'boss', role: 'head' });
  agents.owner = await srv.agent('spec-a', 'password-123');
  agents.colleague = await srv.agent('spec-b', 'password-123');
  agents.head = await srv.agent('boss', 'password-123');
  agents.admin = await srv.agent(srv.admin.login, srv.admin.password);
});
afterAll(async () => {
  await srv.stop();
});

describe('each entry says what the asking user may do with it', () => {
  it.each(STATES)('%s: the owner, a colleague, the head and an admin each get their own `can`', async (state) => {
    const e = await make(state);
    for (const who of ['owner', 'colleague', 'head', 'admin'] as const) {
      const res = await agents[who].get(`/api/entries/${e.id}`);
      // Drafts and dismissed drafts are their owner's (and admins') to see at all.
      if (res.status === 404) {
        expect([who, state === 'draft' || state === 'not_request']).toEqual([who, true]);
        continue;
      }
      expect({ who, can: (res.body as EntryDetailsDto).can }).toEqual({ who, can: expected(state, who) });
    }
  });

  it('the journal list carries the asking user’s `can` on every row', async () => {
    const mine = await make('in_progress');
    const row = async (who: Who) =>
      ((await agents[who].get('/api/entries?limit=500')).body.items as EntryDto[]).find((x) => x.id === mine.id)!;
    expect((await row('owner')).can).toEqual(OWNERS.in_progress);
    expect((await row('admin')).can).toEqual(OWNERS.in_progress);
    expect((await row('colleague')).can).toEqual(NOTHING);
    expect((await row('head')).can).toEqual(NOTHING);
    const theirs = (await agents.colleague.get('/api/entries?limit=500')).body.items as EntryDto[];
    expect(theirs.every((x) => !x.can.edit && !x.can.statuses.length)).toBe(true);
  });

  it('a change answers with the changer’s `can`: the head’s approval, the owner’s next moves', async () => {
    const bug = await make('bug_pending');
    const decided = ok(await patch('head', bug, { approval: 'approved', approvalRef: 'Письмо № 45' }));
    expect(decided.can).toEqual(NOTHING);
    const passed = ok(await patch('owner', decided, { status: 'passed_to_developer' }));
    expect(passed.can).toEqual(OWNERS.passed_to_developer);
  });
});

describe('the routes hold to `can`', () => {
  it.each(STATES)('%s: every move `can` offers goes through; every other is refused', async (state) => {
    const kept = await make(state);
    for (const who of ['owner', 'colleague', 'head', 'admin'] as const) {
      const { statuses } = expected(state, who);
      for (const target of TARGETS.filter((t) => t !== kept.status)) {
        const allowed = statuses.includes(target);
        // What a move may ask for is given; only the move itself can be refused.
        const body = { status: target, resolution: 'Ответ дан', reason: 'Вопрос повторился', notRequestReason: 'Спам' };
        const e = allowed ? await make(state) : kept;
        const res = await patch(who, e, body);
        expect({ who, target, status: res.status }).toEqual({ who, target, status: allowed ? 200 : res.status });
        if (allowed) expect((res.body as EntryDto).status).toBe(target);
        else expect([403, 409]).toContain(res.status);
      }
    }
    // Nothing refused changed the entry.
    const now = (await agents.admin.get(`/api/entries/${kept.id}`)).body as EntryDetailsDto;
    expect([now.status, now.version]).toEqual([kept.status, kept.version]);
  });

  it('edits and approval decisions go through exactly where `can` offers them', async () => {
    for (const state of STATES) {
      for (const who of ['owner', 'colleague', 'head', 'admin'] as const) {
        const can = expected(state, who);
        const e = await make(state);
        const edit = await patch(who, e, { note: `правка: ${who}` });
        expect({ state, who, edit: edit.status }).toEqual({ state, who, edit: can.edit ? 200 : edit.status });
        if (!can.edit) expect([403, 409]).toContain(edit.status);
        const fresh = can.edit ? await make(state) : e;
        const decision = await patch(who, fresh, { approval: 'approved', approvalRef: 'Письмо № 7' });
        expect({ state, who, decision: decision.status }).toEqual({
          state,
          who,
          decision: can.approve ? 200 : decision.status,
        });
        if (!can.approve) expect([403, 409]).toContain(decision.status);
      }
    }
  });

  it('a decision is given once: a second one is refused, as `can` said', async () => {
    const decided = ok(
      await patch('head', await make('bug_pending'), { approval: 'rejected', approvalRef: 'Не планируется' }),
    );
    expect(decided.can.approve).toBe(false);
    const again = await patch('admin', decided, { approval: 'approved', approvalRef: 'Передумали' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_transition');
  });
});

describe('pushes carry each recipient’s `can`', () => {
  const sockets = {} as Record<Who, TestSocket>;
  beforeAll(async () => {
    sockets.owner = await connectAs(srv.url, 'spec-a', 'password-123');
    sockets.colleague = await connectAs(srv.url, 'spec-b', 'password-123');
    sockets.head = await connectAs(srv.url, 'boss', 'password-123');
    sockets.admin = await connectAs(srv.url, srv.admin.login, srv.admin.password);
  });
  afterAll(() => {
    for (const s of Object.values(sockets)) s.close();
  });
  const pushed = async (who: Who, id: number, version: number) => {
    const s = sockets[who];
    const find = () => s.updated.find((u) => u.id === id && u.version === version);
    await s.waitFor(() => !!find(), 10_000, `${who}: entry ${id} v${version}`);
    return find()!;
  };

  it('a change to a registered entry reaches everyone, each with their own `can`', async () => {
    const e = ok(await patch('owner', await make('bug_pending'), { note: 'Перезвонить после 14:00' }));
    for (const who of ['owner', 'colleague', 'head', 'admin'] as const) {
      expect({ who, can: (await pushed(who, e.id, e.version)).can }).toEqual({
        who,
        can: expected('bug_pending', who),
      });
    }
  });

  it('a change to a draft reaches its owner only, with the owner’s `can`', async () => {
    const draft = await make('draft');
    const e = ok(await patch('owner', draft, { note: 'Перезвонить' }));
    expect((await pushed('owner', e.id, e.version)).can).toEqual(OWNERS.draft);
    // A later push to everyone has arrived everywhere: the draft's would have come before it.
    const later = ok(await patch('owner', await make('in_progress'), { note: 'Позже' }));
    for (const who of ['colleague', 'head', 'admin'] as const) {
      await pushed(who, later.id, later.version);
      expect(sockets[who].updated.some((u) => u.id === draft.id)).toBe(false);
    }
  });
});
