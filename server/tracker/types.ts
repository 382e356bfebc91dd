// What the call tracker knows and tells: its configuration, call snapshots and effects.

export interface TrackerConfig {
  /** Support lines: short code ("390679") and the ten-digit number callers dial. */
  lines: { code: string; did: string }[];
}

/** A call as the tracker sees it at one moment. Times are epoch milliseconds. */
export interface CallSnapshot {
  linkedid: string;
  direction: 'inbound' | 'outbound';
  lineCode: string | null;
  /** The other party's number as the PBX gave it. */
  callerNumber: string | null;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  hangupCause: number | null;
  /** The extension that has the call now. */
  extension: string | null;
  queue: string | null;
  /** The caller gave up waiting in a queue. */
  abandoned: boolean;
  /** Extensions that rang for this call. */
  rung: string[];
  legs: { at: number; extension: string; kind: 'answer' | 'transfer' }[];
  /** For a callback: the missed call it returns. */
  callbackOf: number | null;
}

export type CallEffect =
  | { type: 'callStarted'; call: CallSnapshot }
  | { type: 'callAnswered'; call: CallSnapshot }
  | { type: 'callTransferred'; call: CallSnapshot; from: string | null; to: string }
  | { type: 'callEnded'; call: CallSnapshot }
  /** After a resync: the calls still up; every other call not ended in the database ended meanwhile. */
  | { type: 'resynced'; active: string[]; at: number }
  | { type: 'originateFailed'; actionId: string; extension: string; callbackOf: number | null };
