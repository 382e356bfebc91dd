// The entry lifecycle of the reglament (3.4-3.6), as a pure function: current entry + requested change
// -> the fields to set and the history action, or the reason it is refused.
import {
  needsApproval,
  OPEN_STATUSES,
  type ApprovalState,
  type EntryStatus,
  type RegisteredStatus,
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

const OPEN: readonly EntryStatus[] = OPEN_STATUSES;
/** The open statuses as an SQL list: `status IN (${OPEN_STATUSES_SQL})`. */
export const OPEN_STATUSES_SQL = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
const FINISHED: readonly EntryStatus[] = ['resolved', 'closed'];

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
    if (!needsApproval(next.type)) return fail('invalid_transition');
    if (entry.status === 'draft') return fail('invalid_transition');
    if (entry.approval === req.approval) return fail('invalid_transition');
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
      FINISHED.includes(entry.status) &&
      req.fields.resolution !== undefined &&
      !req.fields.resolution.trim()
    ) {
      return fail('resolution_required', { resolution: 'Комментарий о решении вопроса обязателен' });
    }
    return { ok: true, set, action: 'update', register: false, comment: null };
  }

  set.status = target;

  if (target === 'not_request') {
    if (entry.status !== 'draft') return fail('invalid_transition');
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

  const reopening = FINISHED.includes(entry.status) && OPEN.includes(target);
  if (reopening && !req.reason?.trim()) {
    return fail('validation_failed', { reason: 'Укажите причину возобновления запроса' });
  }
  if (entry.status === 'closed' && target === 'resolved') return fail('invalid_transition');

  if (FINISHED.includes(target)) {
    if (!next.resolution.trim()) {
      return fail('resolution_required', { resolution: 'Комментарий о решении вопроса обязателен' });
    }
    // The resolution date is the first time the entry was resolved or closed.
    set.resolvedAt = entry.resolvedAt ?? now;
  }

  if (target === 'passed_to_developer') {
    const approval = set.approval !== undefined ? set.approval : entry.approval;
    if (!needsApproval(next.type)) return fail('invalid_transition');
    if (approval !== 'approved') return fail('approval_required');
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
export { isOpenStatus } from '../../shared/domain';
