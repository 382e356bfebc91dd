// The entry lifecycle of the reglament (3.4-3.6), as pure functions: current entry + requested change
// -> the fields to set and the history action, or the reason it is refused; and who may do what with an
// entry (`entryCan`, sent with every entry; the routes check the same functions).
import type { EntryCan } from '../../shared/api';
import {
  ENTRY_STATUSES,
  isFinishedStatus,
  isOpenStatus,
  needsApproval,
  OPEN_STATUSES,
  type ApprovalState,
  type EntryStatus,
  type RegisteredStatus,
  type Role,
} from '../../shared/domain';
import type { ErrorCode } from '../../shared/errors';
import type { EntryRow } from './entry.entity';

export interface EntryChangeRequest {
  fields: Partial<
    Pick<
      EntryRow,
      | 'type'
      | 'subsystem'
      | 'description'
      | 'organizationName'
      | 'organizationId'
      | 'personName'
      | 'additionalInfo'
      | 'note'
      | 'resolution'
      | 'callerNumber'
      | 'senderEmail'
      | 'lineId'
    >
  >;
  status?: RegisteredStatus | 'not_request' | undefined;
  notRequestReason?: string | undefined;
  /** Why a resolved or closed entry is reopened. */
  reason?: string | undefined;
  approval?: Exclude<ApprovalState, 'pending'> | undefined;
  approvalRef?: string | undefined;
}

export type HistoryAction = 'update' | 'register' | 'status' | 'close' | 'reopen' | 'approval' | 'not_request';

export type ChangePlan =
  | {
      ok: true;
      set: Partial<EntryRow>;
      action: HistoryAction;
      /** Registration: a number must be given in the same transaction. */
      register: boolean;
      comment: string | null;
    }
  | { ok: false; code: ErrorCode; fields?: Record<string, string> };

/** The open statuses as an SQL list: `status IN (${OPEN_STATUSES_SQL})`. */
export const OPEN_STATUSES_SQL = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

// --- who may do what -----------------------------------------------------------------------------

/** Who acts on an entry: a session, or everyone of a role (`userId` null: owns no entry). */
export interface Actor {
  userId: number | null;
  role: Role;
}

/** What an entry's moves and approval decisions are judged on. */
type State = Pick<EntryRow, 'status' | 'type' | 'approval'>;
type Target = RegisteredStatus | 'not_request';
const TARGETS: readonly Target[] = [...ENTRY_STATUSES, 'not_request'];

/** Whether the actor may change the entry (fields, status, its call): an admin, or the specialist who owns it. */
export function mayChange(e: Pick<EntryRow, 'ownerId'>, a: Actor): boolean {
  return a.role === 'admin' || (a.role === 'specialist' && a.userId !== null && e.ownerId === a.userId);
}

/** Whether the actor may record an approval decision: whoever may change the entry, and the head. */
export function mayDecide(e: Pick<EntryRow, 'ownerId'>, a: Actor): boolean {
  return mayChange(e, a) || a.role === 'head';
}

/** Whether the actor may attach a draft's call to `target`: an admin; a specialist, to their own entry or the caller's. */
export function mayAttachTo(
  draft: Pick<EntryRow, 'callerNumberNorm'>,
  target: Pick<EntryRow, 'ownerId' | 'callerNumberNorm'>,
  a: Actor,
): boolean {
  const sameCaller = draft.callerNumberNorm !== null && draft.callerNumberNorm === target.callerNumberNorm;
  return a.role === 'admin' || (a.role === 'specialist' && (target.ownerId === a.userId || sameCaller));
}

/** Why an entry in this state cannot move to `target` whatever else the request carries; null: it can. */
function moveRefusal(e: State, target: EntryStatus): ErrorCode | null {
  if (e.status === 'not_request' || target === 'draft') return 'invalid_transition';
  if (target === 'not_request') return e.status === 'draft' ? null : 'invalid_transition';
  if (e.status === 'closed' && target === 'resolved') return 'invalid_transition';
  if (target === 'passed_to_developer') {
    if (!needsApproval(e.type)) return 'invalid_transition';
    // A draft's approval starts (pending) when it is registered: never approved yet.
    if (e.approval !== 'approved') return 'approval_required';
  }
  return null;
}

/** Why an approval decision cannot be recorded in this state; null: it can. Decided once (reglament 3.5). */
function decisionRefusal(e: State): ErrorCode | null {
  if (e.status === 'draft' || e.status === 'not_request') return 'invalid_transition';
  if (!needsApproval(e.type) || e.approval !== 'pending') return 'invalid_transition';
  return null;
}

/** The statuses an entry may move to now, in the reglament's order (a reason or resolution may be asked). */
export function nextStatuses(e: State): Target[] {
  return TARGETS.filter((t) => t !== e.status && moveRefusal(e, t) === null);
}

/** What the actor may do with the entry now: sent with every entry; `planChange` and the routes agree. */
export function entryCan(e: EntryRow, a: Actor): EntryCan {
  const change = mayChange(e, a) && e.status !== 'not_request';
  const statuses = change ? nextStatuses(e) : [];
  return {
    edit: change,
    register: change && e.status === 'draft',
    close: statuses.includes('closed'),
    attach: change && e.status === 'draft',
    approve: mayDecide(e, a) && decisionRefusal(e) === null,
    statuses,
  };
}

// --- changes ----------------------------------------------------------------------------------------

const fail = (code: ErrorCode, fields?: Record<string, string>): ChangePlan => ({
  ok: false,
  code,
  ...(fields ? { fields } : {}),
});

/** Seconds between two instants; the service passes working seconds (the working calendar). */
export type Elapsed = (from: Date, to: Date) => number;
const wallSeconds: Elapsed = (from, to) => Math.round((to.getTime() - from.getTime()) / 1000);

/** Plans a change of an entry; `now` is the moment it happens; `elapsed` measures a feedback pause. */
export function planChange(
  entry: EntryRow,
  req: EntryChangeRequest,
  now: Date,
  elapsed: Elapsed = wallSeconds,
): ChangePlan {
  const next = { ...entry, ...stripUndefined(req.fields) };
  const set: Partial<EntryRow> = stripUndefined(req.fields);
  const target = req.status ?? entry.status;
  const statusChanges = target !== entry.status;

  if (entry.status === 'not_request') return fail('invalid_transition');

  // A type that needs approval starts it; a type that does not drops it (kept in history).
  if (req.fields.type !== undefined && req.fields.type !== entry.type && entry.status !== 'draft') {
    if (needsApproval(req.fields.type) && !needsApproval(entry.type)) set.approval = 'pending';
    if (!needsApproval(req.fields.type)) set.approval = null;
  }

  if (req.approval) {
    const approval = set.approval !== undefined ? set.approval : entry.approval;
    const refused = decisionRefusal({ status: entry.status, type: next.type, approval });
    if (refused) return fail(refused);
    if (!req.approvalRef?.trim()) {
      return fail('validation_failed', { approvalRef: 'Укажите, кем и каким документом (письмом) принято решение' });
    }
    set.approval = req.approval;
    set.approvalAt = now;
    set.approvalRef = req.approvalRef.trim();
    if (req.approval === 'rejected') {
      // Rejected: closed with the reason as its resolution (reglament 3.5).
      set.status = 'closed';
      set.resolution = next.resolution.trim() || `Отклонено при согласовании: ${req.approvalRef.trim()}`;
      set.resolvedAt = entry.resolvedAt ?? now;
      Object.assign(set, leaveFeedback(entry, now, elapsed));
    }
    return { ok: true, set, action: 'approval', register: false, comment: req.approvalRef.trim() };
  }

  if (!statusChanges) {
    if (
      entry.status !== 'draft' &&
      isFinishedStatus(entry.status) &&
      req.fields.resolution !== undefined &&
      !req.fields.resolution.trim()
    ) {
      return fail('resolution_required', { resolution: 'Комментарий о решении вопроса обязателен' });
    }
    return { ok: true, set, action: 'update', register: false, comment: null };
  }

  set.status = target;

  if (target === 'not_request') {
    const refused = moveRefusal(entry, target);
    if (refused) return fail(refused);
    if (!req.notRequestReason?.trim()) {
      return fail('validation_failed', { notRequestReason: 'Укажите причину (например, ошибся номером)' });
    }
    set.notRequestReason = req.notRequestReason.trim();
    return { ok: true, set, action: 'not_request', register: false, comment: set.notRequestReason };
  }

  const registering = entry.status === 'draft';
  if (registering) {
    const missing: Record<string, string> = {};
    if (!next.type) missing.type = 'Выберите тип запроса';
    if (!next.subsystem) missing.subsystem = 'Выберите подсистему';
    if (!next.description.trim()) missing.description = 'Опишите запрос';
    if (Object.keys(missing).length) return fail('validation_failed', missing);
    if (needsApproval(next.type)) set.approval = 'pending';
  }

  const approval = set.approval !== undefined ? set.approval : entry.approval;
  const refused = moveRefusal({ status: entry.status, type: next.type, approval }, target);
  if (refused) return fail(refused);

  const reopening = isFinishedStatus(entry.status) && isOpenStatus(target);
  if (reopening && !req.reason?.trim()) {
    return fail('validation_failed', { reason: 'Укажите причину возобновления запроса' });
  }

  if (isFinishedStatus(target)) {
    if (!next.resolution.trim()) {
      return fail('resolution_required', { resolution: 'Комментарий о решении вопроса обязателен' });
    }
    // The resolution date is the first time the entry was resolved or closed.
    set.resolvedAt = entry.resolvedAt ?? now;
  }

  // "Обратная связь": the entry's age pauses until the information arrives.
  if (target === 'awaiting_feedback') set.feedbackSince = now;
  Object.assign(set, leaveFeedback(entry, now, elapsed, target));

  const action: HistoryAction = registering
    ? 'register'
    : reopening
      ? 'reopen'
      : target === 'closed'
        ? 'close'
        : 'status';
  return { ok: true, set, action, register: registering, comment: reopening ? req.reason!.trim() : null };
}

/** Leaving "awaiting feedback" adds the paused time to the entry. */
function leaveFeedback(entry: EntryRow, now: Date, elapsed: Elapsed, target?: EntryStatus): Partial<EntryRow> {
  if (entry.status !== 'awaiting_feedback' || !entry.feedbackSince || target === 'awaiting_feedback') return {};
  const paused = Math.max(0, elapsed(entry.feedbackSince, now));
  return { feedbackSince: null, pausedSeconds: entry.pausedSeconds + paused };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Whether an entry is still open work (shown as open in the pop-up's recent list). */
export { isOpenStatus };
