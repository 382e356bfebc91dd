// The one wire shape of a journal entry and of its history.
import type { EntryDto, HistoryDto } from '../../shared/api';
import { presentLine } from '../lines/lines.repository';
import type { LineRow } from '../lines/line.entity';
import type { WorkingCalendar } from '../calendar/working-time';
import type { EntryHistoryRow, EntryRow } from './entry.entity';
import { entryCan, isOpenStatus, type Actor } from './lifecycle';

export interface PresentContext {
  lines: LineRow[];
  names: Map<number, string>;
  callIds: Map<number, number[]>;
  /** For the working age of open entries; null: not computed (the pop-up's fresh draft). */
  calendar: WorkingCalendar | null;
  now: Date;
}

/** Working seconds an open entry has been open: registration to now, without feedback pauses. */
export function workingAge(e: EntryRow, calendar: WorkingCalendar, now: Date): number | null {
  if (!e.registeredAt || !isOpenStatus(e.status)) return null;
  const open = calendar.workingDuration(e.registeredAt, now) / 1000;
  const pausing = e.feedbackSince ? calendar.workingDuration(e.feedbackSince, now) / 1000 : 0;
  return Math.max(0, Math.round(open - e.pausedSeconds - pausing));
}

/** The entry as `viewer` gets it: with what they may do with it. */
export function presentEntry(e: EntryRow, ctx: PresentContext, viewer: Actor): EntryDto {
  return {
    id: e.id,
    regNumber: e.regNumber,
    registeredAt: e.registeredAt?.toISOString() ?? null,
    type: e.type,
    subsystem: e.subsystem,
    description: e.description,
    organizationName: e.organizationName,
    organizationId: e.organizationId,
    personName: e.personName,
    additionalInfo: e.additionalInfo,
    status: e.status,
    resolution: e.resolution,
    resolvedAt: e.resolvedAt?.toISOString() ?? null,
    note: e.note,
    channel: e.channel,
    line: presentLine(ctx.lines.find((l) => l.id === e.lineId) ?? null),
    callerNumber: e.callerNumber,
    senderEmail: e.senderEmail,
    ownerId: e.ownerId,
    ownerName: e.ownerId ? (ctx.names.get(e.ownerId) ?? null) : null,
    approval: e.approval,
    approvalAt: e.approvalAt?.toISOString() ?? null,
    approvalById: e.approvalById,
    approvalRef: e.approvalRef,
    notRequestReason: e.notRequestReason,
    newMailAt: e.newMailAt?.toISOString() ?? null,
    callIds: ctx.callIds.get(e.id) ?? [],
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    version: e.version,
    workingAgeSeconds: ctx.calendar ? workingAge(e, ctx.calendar, ctx.now) : null,
    can: entryCan(e, viewer),
  };
}

export function presentHistory(h: EntryHistoryRow, names: Map<number, string>): HistoryDto {
  return {
    id: h.id,
    at: h.at.toISOString(),
    userId: h.userId,
    userName: h.userId ? (names.get(h.userId) ?? null) : null,
    action: h.action,
    changes: h.changes,
    comment: h.comment,
  };
}
