// Reading the mail channel's tables for the API: an entry's mails and replies, the shared queue, held mail.
import type { DataSource, EntityManager } from 'typeorm';
import type { HeldMailDto, MailMessageDto, MailQueueItemDto, MailReplyDto } from '../../shared/api';
import { OPEN_STATUSES_SQL } from '../journal/lifecycle';

interface MailRowSql {
  id: number;
  entry_id: number | null;
  from_address: string;
  from_name: string;
  subject: string;
  text: string;
  received_at: Date;
}

export class MailRepository {
  constructor(private readonly ds: DataSource) {}

  private async present(rows: MailRowSql[], em?: EntityManager): Promise<MailMessageDto[]> {
    if (!rows.length) return [];
    const files: { id: number; mail_id: number; filename: string; content_type: string; size: number }[] = await (
      em ?? this.ds
    ).query(
      `SELECT id, mail_id, filename, content_type, size FROM mail_attachments WHERE mail_id = ANY($1) ORDER BY id`,
      [rows.map((r) => r.id)],
    );
    return rows.map((r) => ({
      id: r.id,
      fromAddress: r.from_address,
      fromName: r.from_name,
      subject: r.subject,
      text: r.text,
      receivedAt: r.received_at.toISOString(),
      attachments: files
        .filter((f) => f.mail_id === r.id)
        .map((f) => ({ id: f.id, filename: f.filename, contentType: f.content_type, size: f.size })),
    }));
  }

  /** The mails an entry came with or received, oldest first. */
  async mailsOf(entryId: number): Promise<MailMessageDto[]> {
    const rows: MailRowSql[] = await this.ds.query(
      `SELECT id, entry_id, from_address, from_name, subject, text, received_at FROM mail_messages
        WHERE entry_id = $1 ORDER BY received_at, id`,
      [entryId],
    );
    return this.present(rows);
  }

  async repliesOf(entryId: number): Promise<MailReplyDto[]> {
    const rows: {
      id: number;
      to_address: string;
      subject: string;
      text: string;
      status: MailReplyDto['status'];
      attempts: number;
      last_error: string | null;
      created_at: Date;
      sent_at: Date | null;
    }[] = await this.ds.query(
      `SELECT id, to_address, subject, text, status, attempts, last_error, created_at, sent_at
         FROM mail_outbox WHERE entry_id = $1 ORDER BY id`,
      [entryId],
    );
    return rows.map((r) => ({
      id: r.id,
      toAddress: r.to_address,
      subject: r.subject,
      text: r.text,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at.toISOString(),
      sentAt: r.sent_at?.toISOString() ?? null,
    }));
  }

  /** Email drafts nobody has taken yet, oldest first. */
  async queue(): Promise<MailQueueItemDto[]> {
    const rows: (MailRowSql & { organization_name: string; open_entries: string })[] = await this.ds.query(
      `SELECT m.id, m.entry_id, m.from_address, m.from_name, m.subject, m.text, m.received_at, e.organization_name,
              (SELECT count(*) FROM entries o WHERE o.sender_email = e.sender_email
                  AND o.status IN (${OPEN_STATUSES_SQL})) AS open_entries
         FROM entries e JOIN mail_messages m ON m.entry_id = e.id AND m.disposition = 'entry'
        WHERE e.status = 'draft' AND e.channel = 'email' AND e.owner_id IS NULL
        ORDER BY m.received_at, m.id LIMIT 500`,
    );
    const mails = await this.present(rows);
    return rows.map((r, i) => ({
      entryId: r.entry_id!,
      mail: mails[i]!,
      organizationName: r.organization_name,
      openEntries: Number(r.open_entries),
    }));
  }

  /** When the mail an email entry came with was received (its registration follows the calendar from it). */
  async receivedAt(em: EntityManager, entryId: number): Promise<Date | null> {
    const rows: { received_at: Date }[] = await em.query(
      `SELECT received_at FROM mail_messages WHERE entry_id = $1 AND disposition = 'entry' ORDER BY id LIMIT 1`,
      [entryId],
    );
    return rows[0]?.received_at ?? null;
  }

  async attachment(
    id: number,
  ): Promise<{ entryId: number | null; filename: string; contentType: string; content: Buffer } | null> {
    const rows: { entry_id: number | null; filename: string; content_type: string; content: Buffer }[] =
      await this.ds.query(
        `SELECT m.entry_id, a.filename, a.content_type, a.content
           FROM mail_attachments a JOIN mail_messages m ON m.id = a.mail_id WHERE a.id = $1`,
        [id],
      );
    const r = rows[0];
    return r ? { entryId: r.entry_id, filename: r.filename, contentType: r.content_type, content: r.content } : null;
  }

  async raw(id: number): Promise<{ entryId: number | null; raw: Buffer } | null> {
    const rows: { entry_id: number | null; raw: Buffer }[] = await this.ds.query(
      `SELECT entry_id, raw FROM mail_messages WHERE id = $1`,
      [id],
    );
    return rows[0] ? { entryId: rows[0].entry_id, raw: rows[0].raw } : null;
  }

  async held(): Promise<HeldMailDto[]> {
    const rows: { id: number; from_address: string; subject: string; received_at: Date; reason: string | null }[] =
      await this.ds.query(
        `SELECT id, from_address, subject, received_at, reason FROM mail_messages
          WHERE disposition = 'held' ORDER BY received_at DESC, id DESC LIMIT 500`,
      );
    return rows.map((r) => ({
      id: r.id,
      fromAddress: r.from_address,
      subject: r.subject,
      receivedAt: r.received_at.toISOString(),
      reason: r.reason ?? '',
    }));
  }
}
