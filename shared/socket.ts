// The typed Socket.IO contract: what the server pushes and what the client may ask.
import type { CallDto, EntryDto, MailStatusDto, PbxStatusDto } from './api';
import type { LiveSummaryDto } from './stats';

/** A caller's earlier entry shown in the pop-up. */
export interface RecentEntryDto {
  id: number;
  regNumber: string | null;
  registeredAt: string | null;
  createdAt: string;
  status: EntryDto['status'];
  description: string;
  organizationName: string;
  personName: string;
  open: boolean;
}

/** Organisation / person suggestions for a caller number. */
export interface CallerSuggestion {
  organizationId: number | null;
  organizationName: string;
  personName: string;
  subsystem: EntryDto['subsystem'];
  source: 'directory' | 'history';
}

/** What the pop-up, the panel and the manual form know about a caller number. */
export interface CallerContextDto {
  suggestions: CallerSuggestion[];
  recent: RecentEntryDto[];
}

export interface DraftPushDto {
  entry: EntryDto;
  call: CallDto;
  suggestions: CallerSuggestion[];
  recent: RecentEntryDto[];
}

export interface ServerToClientEvents {
  /** A draft opened for (or handed to) this specialist. */
  'entry:draft': (payload: DraftPushDto) => void;
  'entry:updated': (payload: EntryDto) => void;
  'call:ended': (payload: CallDto) => void;
  /** A call changed in a way the desk page shows (new missed call, owner taken, handled). */
  'call:updated': (payload: CallDto) => void;
  'pbx:status': (payload: PbxStatusDto) => void;
  'mail:status': (payload: MailStatusDto) => void;
  /** The shared «Почта» queue changed (a new mail, a mail taken): to everyone. */
  'mail:queue': () => void;
  /** The wallboard changed (calls up now, today's figures): to everyone, without the lists. */
  'stats:live': (payload: LiveSummaryDto) => void;
  /** Something the user should know that is not an entry or a call (a callback failed). */
  notice: (payload: { level: 'info' | 'warning' | 'error'; message: string }) => void;
}

export type Ack<T> = (result: { ok: true; data: T } | { ok: false; error: { code: string; message: string } }) => void;

export interface ClientToServerEvents {
  /** The specialist's open drafts, to restore pop-ups after a reload or reconnect. */
  'drafts:list': (ack: Ack<DraftPushDto[]>) => void;
}
