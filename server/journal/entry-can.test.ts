// `can` and `planChange` are one set of rules: every move and decision `can` offers goes through,
// every one it withholds is refused, in every state an entry can be in.
import { APPROVAL_STATES, ENTRY_STATUSES, ENTRY_TYPES, type EntryStatus } from '../../shared/domain';
import type { EntryRow } from './entry.entity';
import { entryCan, planChange, type Actor } from './lifecycle';

const OWNER = 7;
const now = new Date('2026-05-12T05:00:00Z');

function entry(over: Partial<EntryRow>): EntryRow {
  return {
    id: 1,
    status: 'in_progress',
    type: 'support',
    subsystem: 'school',
    description: 'Не открывается электронный журнал',
    ownerId: OWNER,
    registeredAt: new Date('2026-05-07T05:00:00Z'),
    feedbackSince: null,
    pausedSeconds: 0,
    resolvedAt: null,
    resolution: '',
    approval: null,
    ...over,
  } as EntryRow;
}

/** Every state worth telling apart: each status with each type and approval it can have. */
const STATES: EntryRow[] = (['draft', ...ENTRY_STATUSES, 'not_request'] as EntryStatus[]).flatMap((status) =>
  ENTRY_TYPES.flatMap((type) =>
    (type === 'support' || status === 'draft' || status === 'not_request' ? [null] : APPROVAL_STATES).map((approval) =>
      entry({ status, type, approval, resolution: status === 'resolved' ? 'Решено' : '' }),
    ),
  ),
);
const TARGETS = [...ENTRY_STATUSES, 'not_request'] as const;
const ACTORS: Actor[] = [
  { role: 'specialist', userId: OWNER },
  { role: 'specialist', userId: OWNER + 1 },
  { role: 'specialist', userId: null },
  { role: 'head', userId: null },
  { role: 'admin', userId: null },
];
const label = (e: EntryRow) => `${e.status}/${e.type}/${e.approval ?? '-'}`;

describe('what an entry offers is what a change may do', () => {
  it.each(STATES.map((e) => [label(e), e] as const))('%s: every status in `can` goes, no other', (_l, e) => {
    const { statuses } = entryCan(e, { role: 'admin', userId: null });
    for (const target of TARGETS.filter((t) => t !== e.status)) {
      // Everything a move may ask for is given: a refusal can only be the move itself.
      const plan = planChange(
        e,
        { fields: { resolution: 'Ответ дан' }, status: target, reason: 'Вопрос повторился', notRequestReason: 'Спам' },
        now,
      );
      expect([target, plan.ok]).toEqual([target, statuses.includes(target)]);
    }
  });

  it.each(STATES.map((e) => [label(e), e] as const))('%s: a decision is offered exactly when it is taken', (_l, e) => {
    const { approve } = entryCan(e, { role: 'admin', userId: null });
    for (const approval of ['approved', 'rejected'] as const) {
      expect(planChange(e, { fields: {}, approval, approvalRef: 'Письмо № 1' }, now).ok).toBe(approve);
    }
  });

  it('only the owning specialist and admins change an entry; the head decides approvals', () => {
    const pending = entry({ type: 'bug', approval: 'pending' });
    const can = (a: Actor) => entryCan(pending, a);
    expect(can(ACTORS[0]!)).toEqual({
      edit: true,
      register: false,
      close: true,
      attach: false,
      approve: true,
      statuses: ['awaiting_feedback', 'resolved', 'closed'],
    });
    for (const other of [ACTORS[1]!, ACTORS[2]!]) {
      expect(can(other)).toEqual({
        edit: false,
        register: false,
        close: false,
        attach: false,
        approve: false,
        statuses: [],
      });
    }
    expect(can(ACTORS[3]!)).toMatchObject({ edit: false, approve: true, statuses: [] });
    expect(can(ACTORS[4]!)).toEqual(can(ACTORS[0]!));
  });

  it('a draft is registered, dismissed or attached; "not a request" is done with', () => {
    const draft = entryCan(entry({ status: 'draft', registeredAt: null }), ACTORS[0]!);
    expect(draft).toEqual({
      edit: true,
      register: true,
      close: true,
      attach: true,
      approve: false,
      statuses: ['in_progress', 'awaiting_feedback', 'resolved', 'closed', 'not_request'],
    });
    const dismissed = entryCan(entry({ status: 'not_request' }), { role: 'admin', userId: null });
    expect(Object.values(dismissed).some((v) => v === true || (Array.isArray(v) && v.length))).toBe(false);
  });

  it('nobody owns an unowned mail draft, so no specialist changes it', () => {
    const unowned = entry({ status: 'draft', channel: 'email', ownerId: null });
    expect(entryCan(unowned, { role: 'specialist', userId: null }).edit).toBe(false);
    expect(entryCan(unowned, { role: 'admin', userId: null }).edit).toBe(true);
  });
});
