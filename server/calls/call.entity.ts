// A call as the desk sees it: one conversation (Asterisk Linkedid) on a support line, or a callback.
import { EntitySchema } from 'typeorm';
import type { CallDirection, CallOutcome, CallState } from '../../shared/domain';
import { col } from '../db/columns';
import type { LegKind } from '../tracker/types';

/** One step of who had the call: the answer, each move to another specialist, a transfer out. */
export interface CallLeg {
  at: string;
  /** null: the call left the desk (to `number`). */
  extension: string | null;
  userId: number | null;
  kind: LegKind;
  number?: string;
}

export interface CallRow {
  id: number;
  linkedid: string;
  /** The PBX it came from (PBX_ID): calls of one PBX are reconciled at its resync. */
  pbxId: string;
  direction: CallDirection;
  lineId: number | null;
  /** The other party's number; null when withheld or unknown. */
  callerNumber: string | null;
  /** The caller ID exactly as the PBX gave it (cut to 200 characters). */
  callerIdRaw: string | null;
  /** The same number normalised (7XXXXXXXXXX for Russian numbers). */
  callerNumberNorm: string | null;
  state: CallState;
  outcome: CallOutcome | null;
  afterHours: boolean;
  queue: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  totalSeconds: number | null;
  /** Time the caller spent on hold or parked. */
  holdSeconds: number | null;
  hangupCause: number | null;
  /** The extension that has the call now (last answer or transfer). */
  extension: string | null;
  /** The specialist who has the call now. */
  userId: number | null;
  entryId: number | null;
  /** For a callback: the missed call it returns. */
  callbackOfId: number | null;
  /** For a missed call: who is to call back. */
  callbackOwnerId: number | null;
  /** For a missed call: when it was dealt with (called back, or marked handled). */
  handledAt: Date | null;
  handledById: number | null;
  legs: CallLeg[];
  createdAt: Date;
  updatedAt: Date;
}

export const CallEntity = new EntitySchema<CallRow>({
  name: 'Call',
  tableName: 'calls',
  columns: {
    id: col.id(),
    linkedid: col.varchar('linkedid', 96, { unique: true }),
    pbxId: col.varchar('pbx_id', 128, { default: 'default' }),
    direction: col.varchar('direction', 8),
    lineId: col.int('line_id', { nullable: true }),
    callerNumber: col.varchar('caller_number', 64, { nullable: true }),
    callerNumberNorm: col.varchar('caller_number_norm', 32, { nullable: true }),
    callerIdRaw: col.varchar('caller_id_raw', 200, { nullable: true }),
    state: col.varchar('state', 8),
    outcome: col.varchar('outcome', 12, { nullable: true }),
    afterHours: col.bool('after_hours', { default: false }),
    queue: col.varchar('queue', 64, { nullable: true }),
    startedAt: col.time('started_at'),
    answeredAt: col.time('answered_at', { nullable: true }),
    endedAt: col.time('ended_at', { nullable: true }),
    waitSeconds: col.int('wait_seconds', { nullable: true }),
    talkSeconds: col.int('talk_seconds', { nullable: true }),
    totalSeconds: col.int('total_seconds', { nullable: true }),
    holdSeconds: col.int('hold_seconds', { nullable: true }),
    hangupCause: col.int('hangup_cause', { nullable: true }),
    extension: col.varchar('extension', 16, { nullable: true }),
    userId: col.int('user_id', { nullable: true }),
    entryId: col.int('entry_id', { nullable: true }),
    callbackOfId: col.int('callback_of_id', { nullable: true }),
    callbackOwnerId: col.int('callback_owner_id', { nullable: true }),
    handledAt: col.time('handled_at', { nullable: true }),
    handledById: col.int('handled_by_id', { nullable: true }),
    legs: col.jsonb('legs', { default: () => "'[]'" }),
    createdAt: col.created(),
    updatedAt: col.updated(),
  },
  checks: [
    { name: 'calls_direction_check', expression: `"direction" IN ('inbound','outbound')` },
    { name: 'calls_state_check', expression: `"state" IN ('ringing','answered','ended')` },
  ],
  indices: [
    { name: 'calls_started_idx', columns: ['startedAt'] },
    { name: 'calls_caller_idx', columns: ['callerNumberNorm', 'startedAt'] },
    { name: 'calls_entry_idx', columns: ['entryId'] },
    { name: 'calls_user_idx', columns: ['userId', 'startedAt'] },
    { name: 'calls_open_idx', columns: ['pbxId', 'state'] },
    // The wallboard: calls up now, among a million ended ones.
    { name: 'calls_up_idx', columns: ['startedAt'], where: `"state" <> 'ended'` },
    // The statistics' lost callers (unanswered support calls in working time) and callbacks.
    // (calls_lost_idx also INCLUDEs what the lost callers read: migration StatsIndexes.)
    { name: 'calls_lost_idx', columns: ['startedAt'], synchronize: false },
    {
      name: 'calls_callback_idx',
      columns: ['startedAt'],
      where: `"direction" = 'outbound' AND "callback_of_id" IS NOT NULL`,
    },
  ],
  foreignKeys: [
    { target: 'Line', columnNames: ['lineId'], referencedColumnNames: ['id'] },
    { target: 'User', columnNames: ['userId'], referencedColumnNames: ['id'] },
    { target: 'User', columnNames: ['callbackOwnerId'], referencedColumnNames: ['id'] },
    { target: 'User', columnNames: ['handledById'], referencedColumnNames: ['id'] },
    { target: 'Entry', columnNames: ['entryId'], referencedColumnNames: ['id'] },
    { target: 'Call', columnNames: ['callbackOfId'], referencedColumnNames: ['id'] },
  ],
});
