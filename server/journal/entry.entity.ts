// Journal entries (Form No. 1 rows and drafts), their change history and the registration counter.
import { EntitySchema } from 'typeorm';
import type { ApprovalState, Channel, EntryStatus, EntryType, Subsystem } from '../../shared/domain';
import { col } from '../db/columns';

export interface EntryRow {
  id: number;
  regNumber: string | null;
  regYear: number | null;
  regSeq: number | null;
  registeredAt: Date | null;
  type: EntryType | null;
  subsystem: Subsystem | null;
  description: string;
  organizationName: string;
  organizationId: number | null;
  personName: string;
  additionalInfo: string;
  status: EntryStatus;
  resolution: string;
  resolvedAt: Date | null;
  note: string;
  channel: Channel;
  lineId: number | null;
  callerNumber: string | null;
  callerNumberNorm: string | null;
  senderEmail: string | null;
  ownerId: number | null;
  createdById: number | null;
  approval: ApprovalState | null;
  approvalById: number | null;
  approvalAt: Date | null;
  approvalRef: string | null;
  notRequestReason: string | null;
  /** The call that opened this draft: at most one draft per call. */
  originCallId: number | null;
  /** Set while awaiting feedback: the entry's age is paused since then. */
  feedbackSince: Date | null;
  /** Working seconds (working calendar) the entry spent awaiting feedback, closed pauses only. */
  pausedSeconds: number;
  /** A mail answering the entry arrived and its owner has not opened the entry since. */
  newMailAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  search?: string | null;
}

export const EntryEntity = new EntitySchema<EntryRow>({
  name: 'Entry',
  tableName: 'entries',
  columns: {
    id: col.id(),
    regNumber: col.varchar('reg_number', 16, { nullable: true, unique: true }),
    regYear: col.int('reg_year', { nullable: true }),
    regSeq: col.int('reg_seq', { nullable: true }),
    registeredAt: col.time('registered_at', { nullable: true }),
    type: col.varchar('type', 16, { nullable: true }),
    subsystem: col.varchar('subsystem', 16, { nullable: true }),
    description: col.text('description', { default: '' }),
    organizationName: col.text('organization_name', { default: '' }),
    organizationId: col.int('organization_id', { nullable: true }),
    personName: col.text('person_name', { default: '' }),
    additionalInfo: col.text('additional_info', { default: '' }),
    status: col.varchar('status', 24),
    resolution: col.text('resolution', { default: '' }),
    resolvedAt: col.time('resolved_at', { nullable: true }),
    note: col.text('note', { default: '' }),
    channel: col.varchar('channel', 8),
    lineId: col.int('line_id', { nullable: true }),
    callerNumber: col.varchar('caller_number', 64, { nullable: true }),
    callerNumberNorm: col.varchar('caller_number_norm', 32, { nullable: true }),
    senderEmail: col.varchar('sender_email', 254, { nullable: true }),
    ownerId: col.int('owner_id', { nullable: true }),
    createdById: col.int('created_by_id', { nullable: true }),
    approval: col.varchar('approval', 12, { nullable: true }),
    approvalById: col.int('approval_by_id', { nullable: true }),
    approvalAt: col.time('approval_at', { nullable: true }),
    approvalRef: col.text('approval_ref', { nullable: true }),
    notRequestReason: col.text('not_request_reason', { nullable: true }),
    originCallId: col.int('origin_call_id', { nullable: true, unique: true }),
    feedbackSince: col.time('feedback_since', { nullable: true }),
    pausedSeconds: col.int('paused_seconds', { default: 0 }),
    newMailAt: col.time('new_mail_at', { nullable: true }),
    createdAt: col.created(),
    updatedAt: col.updated(),
    version: col.int('version', { default: 1 }),
    // Full-text document, kept by the trigger entries_search_trg (migration AddJournalSearch); never written by the app.
    search: { name: 'search', type: 'tsvector', nullable: true, select: false, insert: false, update: false },
  },
  uniques: [{ name: 'entries_reg_year_seq_uq', columns: ['regYear', 'regSeq'] }],
  checks: [
    {
      name: 'entries_status_check',
      expression: `"status" IN ('draft','in_progress','awaiting_feedback','passed_to_developer','resolved','closed','not_request')`,
    },
    { name: 'entries_type_check', expression: `"type" IS NULL OR "type" IN ('support','bug','improvement')` },
    { name: 'entries_channel_check', expression: `"channel" IN ('phone','email','manual')` },
    {
      name: 'entries_approval_check',
      expression: `"approval" IS NULL OR "approval" IN ('pending','approved','rejected')`,
    },
  ],
  indices: [
    // Matches the journal's default order (registered_at, id), read backwards for "newest first".
    // (It also INCLUDEs the columns the statistics count by: migration StatsIndexes.)
    { name: 'entries_registered_idx', columns: ['registeredAt', 'id'], synchronize: false },
    // These three also INCLUDE the columns their filters test (migration JournalCoveringIndexes), which
    // TypeORM cannot describe: counts then read the index alone.
    { name: 'entries_owner_idx', columns: ['ownerId', 'registeredAt'], synchronize: false },
    { name: 'entries_status_idx', columns: ['status', 'registeredAt'], synchronize: false },
    { name: 'entries_caller_idx', columns: ['callerNumberNorm', 'createdAt'] },
    // The sender's other requests (mail), newest first.
    { name: 'entries_sender_idx', columns: ['senderEmail', 'registeredAt'], where: `"sender_email" IS NOT NULL` },
    { name: 'entries_organization_idx', columns: ['organizationId', 'registeredAt'], synchronize: false },
    // GIN, created by migrations (TypeORM cannot describe them): full-text, and trigrams for the
    // organisation filter (ILIKE '%…%').
    { name: 'entries_search_idx', columns: ['search'], synchronize: false },
    { name: 'entries_organization_trgm_idx', columns: ['organizationName'], synchronize: false },
    // The statistics' approvals pending (INCLUDE, partial: migration StatsIndexes) and resolutions.
    { name: 'entries_approval_idx', columns: ['ownerId'], synchronize: false },
    { name: 'entries_resolved_idx', columns: ['resolvedAt'], where: `"resolved_at" IS NOT NULL` },
  ],
  foreignKeys: [
    { target: 'User', columnNames: ['ownerId'], referencedColumnNames: ['id'] },
    { target: 'User', columnNames: ['createdById'], referencedColumnNames: ['id'] },
    { target: 'User', columnNames: ['approvalById'], referencedColumnNames: ['id'] },
    { target: 'Line', columnNames: ['lineId'], referencedColumnNames: ['id'] },
    { target: 'Organization', columnNames: ['organizationId'], referencedColumnNames: ['id'] },
    { target: 'Call', columnNames: ['originCallId'], referencedColumnNames: ['id'] },
  ],
});

/** One field's change in a history record. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface EntryHistoryRow {
  id: number;
  entryId: number;
  userId: number | null;
  at: Date;
  action: string;
  changes: FieldChange[];
  comment: string | null;
}

export const EntryHistoryEntity = new EntitySchema<EntryHistoryRow>({
  name: 'EntryHistory',
  tableName: 'entry_history',
  columns: {
    id: col.id(),
    entryId: col.int('entry_id'),
    userId: col.int('user_id', { nullable: true }),
    at: col.time('at', { default: () => 'now()' }),
    action: col.varchar('action', 32),
    changes: col.jsonb('changes', { default: () => "'[]'" }),
    comment: col.text('comment', { nullable: true }),
  },
  indices: [
    { name: 'entry_history_entry_idx', columns: ['entryId', 'at'] },
    // The statistics' repeat calls.
    { name: 'entry_history_attached_idx', columns: ['at'], where: `"action" = 'call_attached'` },
  ],
  foreignKeys: [
    { target: 'Entry', columnNames: ['entryId'], referencedColumnNames: ['id'] },
    { target: 'User', columnNames: ['userId'], referencedColumnNames: ['id'] },
  ],
});

/** Registration numbers: one row per calendar year; the row lock makes numbering gapless. */
export interface RegCounterRow {
  year: number;
  lastSeq: number;
}

export const RegCounterEntity = new EntitySchema<RegCounterRow>({
  name: 'RegCounter',
  tableName: 'reg_counters',
  columns: {
    year: { name: 'year', type: 'int', primary: true },
    lastSeq: col.int('last_seq', { default: 0 }),
  },
});
