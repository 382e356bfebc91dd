// What the call tracker knows and tells: its configuration, call snapshots and effects.
import type { CallLegDto } from '../../shared/api';

export interface TrackerConfig {
  /** Support lines: short code ("390679") and the ten-digit number callers dial. */
  lines: { code: string; did: string }[];
}

/** How the call came to a specialist: the first answer, or how it moved on. */
export type LegKind = CallLegDto['kind'];

/** One step of who had the call. `extension` is null when the call left the desk (`number` then). */
export interface Leg {
  at: number;
  extension: string | null;
  kind: LegKind;
  number?: string;
}

/** A call as the tracker sees it at one moment. Times are epoch milliseconds on the PBX clock. */
export interface CallSnapshot {
  linkedid: string;
  direction: 'inbound' | 'outbound';
  lineCode: string | null;
  /** The other party's number; null when withheld or unknown. */
  callerNumber: string | null;
  /** The caller ID exactly as the PBX gave it (cut to a sane length), kept for the record. */
  callerIdRaw: string | null;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  /** The cause on the caller's own channel. */
  hangupCause: number | null;
  /** The extension that has the call now (after a transfer out: the one who transferred it). */
  extension: string | null;
  queue: string | null;
  /** The caller gave up waiting in a queue. */
  abandoned: boolean;
  /** Extensions that rang for this call. */
  rung: string[];
  legs: Leg[];
  /** Time the caller spent on hold so far, ms. */
  holdMs: number;
  /** For a callback: the missed call it returns. */
  callbackOf: number | null;
}

export type CallEffect =
  | { type: 'callStarted'; call: CallSnapshot }
  | { type: 'callAnswered'; call: CallSnapshot }
  | { type: 'callTransferred'; call: CallSnapshot; from: string | null; to: string; via: LegKind }
  /** The caller was sent to a number outside the desk; the entry stays with whoever sent them. */
  | { type: 'callLeftDesk'; call: CallSnapshot; number: string }
  | { type: 'callEnded'; call: CallSnapshot }
  /** After a resync: the calls still up; every other call not ended in the database ended meanwhile. */
  | { type: 'resynced'; active: string[]; at: number }
  | { type: 'originateFailed'; actionId: string; extension: string; callbackOf: number | null };
