// The mail channel's tables: every message taken from the mailbox (raw source kept), its attachments,
// the read position per mailbox, and the outbox of replies.
import { EntitySchema } from 'typeorm';
import { col } from '../db/columns';

/** What became of a received message. */
export type MailDisposition = 'entry' | 'reply' | 'ignored' | 'held';

export interface MailMessageRow {
  id: number;
  /** Where it was read: the IMAP mailbox, or `demo`. */
  mailbox: string;
  /** IMAP UIDVALIDITY and UID (null for the demo's messages). */
  uidValidity: string | null;
  uid: string | null;
  /** The Message-ID header (without <>); a message seen twice is taken once. */
  messageId: string | null;
  fromAddress: string;
  fromName: string;
  subject: string;
  text: string;
  inReplyTo: string | null;
  references: string[];
  /** The Date header, or when the server received it. */
  receivedAt: Date;
  raw: Buffer;
  disposition: MailDisposition;
  /** Why it was ignored or held. */
  reason: string | null;
  entryId: number | null;
  createdAt: Date;
}

export const MailMessageEntity = new EntitySchema<MailMessageRow>({
  name: 'MailMessage',
  tableName: 'mail_messages',
  columns: {
    id: col.id(),
    mailbox: col.varchar('mailbox', 200),
    uidValidity: { name: 'uid_validity', type: 'bigint', nullable: true },
    uid: { name: 'uid', type: 'bigint', nullable: true },
    messageId: col.varchar('message_id', 998, { nullable: true, unique: true }),
    fromAddress: col.varchar('from_address', 254, { default: '' }),
    fromName: col.text('from_name', { default: '' }),
    subject: col.text('subject', { default: '' }),
    text: col.text('text', { default: '' }),
    inReplyTo: col.varchar('in_reply_to', 998, { nullable: true }),
    references: col.textArray('references'),
    receivedAt: col.time('received_at'),
    raw: { name: 'raw', type: 'bytea' },
    disposition: col.varchar('disposition', 12),
    reason: col.text('reason', { nullable: true }),
    entryId: col.int('entry_id', { nullable: true }),
    createdAt: col.created(),
  },
  uniques: [{ name: 'mail_messages_uid_uq', columns: ['mailbox', 'uidValidity', 'uid'] }],
  checks: [
    {
      name: 'mail_messages_disposition_check',
      expression: `"disposition" IN ('entry','reply','ignored','held')`,
    },
  ],
  indices: [
    { name: 'mail_messages_entry_idx', columns: ['entryId'] },
    { name: 'mail_messages_sender_idx', columns: ['fromAddress', 'createdAt'] },
  ],
  foreignKeys: [{ target: 'Entry', columnNames: ['entryId'], referencedColumnNames: ['id'] }],
});

export interface MailAttachmentRow {
  id: number;
  mailId: number;
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
}

export const MailAttachmentEntity = new EntitySchema<MailAttachmentRow>({
  name: 'MailAttachment',
  tableName: 'mail_attachments',
  columns: {
    id: col.id(),
    mailId: col.int('mail_id'),
    filename: col.text('filename'),
    contentType: col.varchar('content_type', 200),
    size: col.int('size'),
    content: { name: 'content', type: 'bytea' },
  },
  indices: [{ name: 'mail_attachments_mail_idx', columns: ['mailId'] }],
  foreignKeys: [{ target: 'MailMessage', columnNames: ['mailId'], referencedColumnNames: ['id'] }],
});

/** How far a mailbox has been read: the highest UID taken under its UIDVALIDITY. */
export interface MailCursorRow {
  mailbox: string;
  uidValidity: string;
  lastUid: string;
  updatedAt: Date;
}

export const MailCursorEntity = new EntitySchema<MailCursorRow>({
  name: 'MailCursor',
  tableName: 'mail_cursors',
  columns: {
    mailbox: { name: 'mailbox', type: 'varchar', length: 400, primary: true },
    uidValidity: { name: 'uid_validity', type: 'bigint' },
    lastUid: { name: 'last_uid', type: 'bigint', default: 0 },
    updatedAt: col.updated(),
  },
});

export type OutboxStatus = 'queued' | 'sent' | 'failed';

/** A reply to send: retried until sent or refused for good; its Message-ID never changes. */
export interface MailOutboxRow {
  id: number;
  entryId: number;
  toAddress: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdById: number | null;
  createdAt: Date;
  sentAt: Date | null;
}

export const MailOutboxEntity = new EntitySchema<MailOutboxRow>({
  name: 'MailOutbox',
  tableName: 'mail_outbox',
  columns: {
    id: col.id(),
    entryId: col.int('entry_id'),
    toAddress: col.varchar('to_address', 254),
    subject: col.text('subject'),
    text: col.text('text'),
    messageId: col.varchar('message_id', 998, { unique: true }),
    inReplyTo: col.varchar('in_reply_to', 998, { nullable: true }),
    references: col.textArray('references'),
    status: col.varchar('status', 8, { default: 'queued' }),
    attempts: col.int('attempts', { default: 0 }),
    nextAttemptAt: col.time('next_attempt_at', { default: () => 'now()' }),
    lastError: col.text('last_error', { nullable: true }),
    createdById: col.int('created_by_id', { nullable: true }),
    createdAt: col.created(),
    sentAt: col.time('sent_at', { nullable: true }),
  },
  checks: [{ name: 'mail_outbox_status_check', expression: `"status" IN ('queued','sent','failed')` }],
  indices: [
    { name: 'mail_outbox_due_idx', columns: ['nextAttemptAt'], where: `"status" = 'queued'` },
    { name: 'mail_outbox_entry_idx', columns: ['entryId'] },
  ],
  foreignKeys: [
    { target: 'Entry', columnNames: ['entryId'], referencedColumnNames: ['id'] },
    { target: 'User', columnNames: ['createdById'], referencedColumnNames: ['id'] },
  ],
});
