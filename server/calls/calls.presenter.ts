// The one wire shape of a call.
import type { CallDto } from '../../shared/api';
import { presentLine } from '../lines/lines.repository';
import type { LineRow } from '../lines/line.entity';
import type { CallRow } from './call.entity';

export function presentCall(c: CallRow, lines: LineRow[], names: Map<number, string>): CallDto {
  return {
    id: c.id,
    linkedid: c.linkedid,
    direction: c.direction,
    line: presentLine(lines.find((l) => l.id === c.lineId) ?? null),
    callerNumber: c.callerNumber,
    state: c.state,
    outcome: c.outcome,
    afterHours: c.afterHours,
    queue: c.queue,
    startedAt: c.startedAt.toISOString(),
    answeredAt: c.answeredAt?.toISOString() ?? null,
    endedAt: c.endedAt?.toISOString() ?? null,
    waitSeconds: c.waitSeconds,
    talkSeconds: c.talkSeconds,
    totalSeconds: c.totalSeconds,
    holdSeconds: c.holdSeconds,
    hangupCause: c.hangupCause,
    extension: c.extension,
    userId: c.userId,
    userName: c.userId ? (names.get(c.userId) ?? null) : null,
    legs: c.legs.map((l) => ({
      at: l.at,
      extension: l.extension,
      kind: l.kind,
      ...(l.number ? { number: l.number } : {}),
    })),
    entryId: c.entryId,
    callbackOfId: c.callbackOfId,
    callbackOwnerId: c.callbackOwnerId,
    handledAt: c.handledAt?.toISOString() ?? null,
    lostWorkingSeconds: null,
  };
}
