// One received mail into the journal, exactly once: stored with its raw source, then ignored (noise),
// held (a sender sending too many), added to the entry it answers, or opened as a draft in the shared
// «Почта» queue. The mail's row, the read position and the entry change commit together.
import crypto from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import type { DataSource, EntityManager } from 'typeorm';
import type { Subsystem } from '../../shared/domain';
import type { CalendarService } from '../calendar/calendar.service';
import type { EntriesRepository } from '../journal/entries.repository';
import { diff } from '../journal/entries.service';
import { planChange } from '../journal/lifecycle';
import type { Logger } from '../logger';
import { bareId, excerpt, idList, noiseReason, ownWords, refNumberIn } from './classify';
import type { MailDisposition } from './mail.entity';

/** Where a message was read. */
export interface MailSource {
  mailbox: string;
  uidValidity?: string | undefined;
  uid?: string | undefined;
  /** When the mail server received it (IMAP INTERNALDATE), if the Date header is missing or wrong. */
  receivedAt?: Date | undefined;
}

export interface IntakeResult {
  disposition: MailDisposition | 'duplicate';
  mailId: number | null;
  entryId: number | null;
  /** Whose entry got a reply (to tell them). */
  notifyOwner: number | null;
  regNumber: string | null;
}

/** Public mail services: their domain says nothing about the organisation. */
const PUBLIC_DOMAINS = new Set([
  'mail.ru',
  'bk.ru',
  'inbox.ru',
  'list.ru',
  'internet.ru',
  'yandex.ru',
  'ya.ru',
  'yandex.com',
  'narod.ru',
  'rambler.ru',
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'icloud.com',
  'yahoo.com',
]);

const MAX_DESCRIPTION = 4000;
const MAX_TEXT = 200_000;
const MAX_ATTACHMENT = 25 * 1024 * 1024;

export interface MailIntakeOptions {
  /** More mails than this from one sender within an hour are held for a person. */
  senderHourlyLimit: number;
}

export class MailIntake {
  constructor(
    private readonly ds: DataSource,
    private readonly entries: EntriesRepository,
    private readonly calendar: CalendarService,
    private readonly opts: MailIntakeOptions,
    private readonly logger: Logger,
  ) {}

  async take(raw: Buffer, src: MailSource): Promise<IntakeResult> {
    let parsed: ParsedMail | null = null;
    try {
      // Loaded with the first mail: without a mail channel the server does not carry the parser.
      const { simpleParser } = await import('mailparser');
      parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, uid: src.uid }, 'unreadable mail kept, not processed');
    }
    const from = parsed?.from?.value.find((a) => a.address) ?? null;
    const fromAddress = (from?.address ?? '').trim().toLowerCase().slice(0, 254);
    const fromName = (from?.name ?? '').trim();
    const subject = (parsed?.subject ?? '').trim();
    const text = (parsed?.text ?? '').slice(0, MAX_TEXT);
    const messageId = parsed?.messageId
      ? bareId(parsed.messageId).slice(0, 998)
      : `${crypto.createHash('sha256').update(raw).digest('hex')}@no-message-id`;
    const inReplyTo = parsed?.inReplyTo ? bareId(parsed.inReplyTo).slice(0, 998) : null;
    const references = idList(parsed?.references);
    const now = Date.now();
    const dated = parsed?.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null;
    // A Date header in the future (a wrong clock) or missing: the server's own receipt time.
    const receivedAt = dated && dated.getTime() <= now + 5 * 60_000 ? dated : (src.receivedAt ?? new Date(now));
    const noise = parsed ? noiseReason(parsed, fromAddress) : 'письмо не удалось разобрать';

    const result = await this.ds.transaction(async (em): Promise<IntakeResult> => {
      const inserted: { id: number }[] = await em.query(
        `INSERT INTO mail_messages (mailbox, uid_validity, uid, message_id, from_address, from_name, subject, text,
           in_reply_to, "references", received_at, raw, disposition, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'ignored', $13)
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          src.mailbox,
          src.uidValidity ?? null,
          src.uid ?? null,
          messageId,
          fromAddress,
          fromName,
          subject,
          text,
          inReplyTo,
          references,
          receivedAt,
          raw,
          noise,
        ],
      );
      await this.advance(em, src);
      const mailId = inserted[0]?.id;
      const none = { mailId: mailId ?? null, entryId: null, notifyOwner: null, regNumber: null };
      if (mailId === undefined) return { disposition: 'duplicate', ...none };
      if (noise || !parsed) return { disposition: 'ignored', ...none };

      await this.keepAttachments(em, mailId, parsed);
      const target = await this.answeredEntry(em, subject, inReplyTo, references);
      if (target) return this.addReply(em, mailId, target, fromAddress, subject, text);

      const recent: { n: string }[] = await em.query(
        `SELECT count(*) AS n FROM mail_messages
          WHERE from_address = $1 AND created_at > now() - interval '1 hour' AND disposition IN ('entry', 'held')`,
        [fromAddress],
      );
      if (Number(recent[0]?.n ?? 0) >= this.opts.senderHourlyLimit) {
        const reason = `более ${this.opts.senderHourlyLimit} писем от ${fromAddress} за час: проверьте вручную`;
        await em.query(`UPDATE mail_messages SET disposition = 'held', reason = $2 WHERE id = $1`, [mailId, reason]);
        return { disposition: 'held', ...none };
      }
      const entryId = await this.openDraft(em, mailId, { fromAddress, fromName, subject, text, receivedAt });
      return { disposition: 'entry', mailId, entryId, notifyOwner: null, regNumber: null };
    });
    return result;
  }

  /** A held mail released by a person: it becomes a draft like any other. */
  async release(mailId: number): Promise<number | null> {
    return this.ds.transaction(async (em) => {
      const rows: {
        from_address: string;
        from_name: string;
        subject: string;
        text: string;
        received_at: Date;
      }[] = await em.query(
        `SELECT from_address, from_name, subject, text, received_at FROM mail_messages
          WHERE id = $1 AND disposition = 'held' FOR UPDATE`,
        [mailId],
      );
      const m = rows[0];
      if (!m) return null;
      return this.openDraft(em, mailId, {
        fromAddress: m.from_address,
        fromName: m.from_name,
        subject: m.subject,
        text: m.text,
        receivedAt: m.received_at,
      });
    });
  }

  /** The read position moves on in the same transaction as the mail's row. */
  private async advance(em: EntityManager, src: MailSource): Promise<void> {
    if (src.uid === undefined || src.uidValidity === undefined) return;
    await em.query(
      `INSERT INTO mail_cursors (mailbox, uid_validity, last_uid, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (mailbox) DO UPDATE
         SET last_uid = CASE WHEN mail_cursors.uid_validity = EXCLUDED.uid_validity
                             THEN GREATEST(mail_cursors.last_uid, EXCLUDED.last_uid) ELSE EXCLUDED.last_uid END,
             uid_validity = EXCLUDED.uid_validity, updated_at = now()`,
      [src.mailbox, src.uidValidity, src.uid],
    );
  }

  private async keepAttachments(em: EntityManager, mailId: number, parsed: ParsedMail): Promise<void> {
    for (const a of parsed.attachments) {
      if (a.related) continue; // inline images of an HTML body
      if (a.size > MAX_ATTACHMENT) {
        this.logger.warn({ mailId, size: a.size }, 'attachment too large, kept only in the raw message');
        continue;
      }
      await em.query(
        `INSERT INTO mail_attachments (mail_id, filename, content_type, size, content) VALUES ($1, $2, $3, $4, $5)`,
        [mailId, a.filename ?? 'вложение', a.contentType.slice(0, 200), a.size, a.content],
      );
    }
  }

  /** The entry a mail answers: the number in its subject, or a mail of ours (or of the entry) it refers to. */
  private async answeredEntry(
    em: EntityManager,
    subject: string,
    inReplyTo: string | null,
    references: string[],
  ): Promise<number | null> {
    const ref = refNumberIn(subject);
    if (ref) {
      const rows: { id: number }[] = await em.query(
        `SELECT id FROM entries WHERE reg_number = $1 AND status <> 'not_request'`,
        [ref],
      );
      if (rows[0]) return rows[0].id;
    }
    const ids = [...new Set([...(inReplyTo ? [inReplyTo] : []), ...references])];
    if (!ids.length) return null;
    const rows: { entry_id: number }[] = await em.query(
      `SELECT entry_id FROM mail_outbox WHERE message_id = ANY($1)
       UNION ALL
       SELECT entry_id FROM mail_messages WHERE message_id = ANY($1) AND entry_id IS NOT NULL
       LIMIT 1`,
      [ids],
    );
    return rows[0]?.entry_id ?? null;
  }

  private async addReply(
    em: EntityManager,
    mailId: number,
    entryId: number,
    fromAddress: string,
    subject: string,
    text: string,
  ): Promise<IntakeResult> {
    const entry = await this.entries.findById(entryId, em, true);
    if (!entry) throw new Error(`entry ${entryId} vanished`);
    await em.query(`UPDATE mail_messages SET disposition = 'reply', reason = NULL, entry_id = $2 WHERE id = $1`, [
      mailId,
      entryId,
    ]);
    await this.entries.addHistory(
      em,
      entryId,
      null,
      'mail_received',
      [],
      `От ${fromAddress}: ${subject}\n${excerpt(ownWords(text), 1500)}`,
    );
    // The owner's desk marks the entry until they open it.
    await this.entries.update(em, entryId, { newMailAt: new Date() });
    // The information the requester was asked for has arrived: the paused entry resumes.
    if (entry.status === 'awaiting_feedback') {
      const cal = await this.calendar.get();
      const plan = planChange(entry, { fields: {}, status: 'in_progress' }, new Date(), (a, b) =>
        Math.round(cal.workingDuration(a, b) / 1000),
      );
      if (plan.ok) {
        await this.entries.update(em, entryId, plan.set);
        await this.entries.addHistory(
          em,
          entryId,
          null,
          'status',
          diff(entry, plan.set),
          'Получена обратная связь по почте',
        );
      }
    }
    return { disposition: 'reply', mailId, entryId, notifyOwner: entry.ownerId, regNumber: entry.regNumber };
  }

  private async openDraft(
    em: EntityManager,
    mailId: number,
    m: { fromAddress: string; fromName: string; subject: string; text: string; receivedAt: Date },
  ): Promise<number> {
    const guess = await this.guessOrganization(em, m.fromAddress);
    const body = m.text.trim();
    const description = excerpt(m.subject ? (body ? `${m.subject}\n\n${body}` : m.subject) : body, MAX_DESCRIPTION);
    const entry = await this.entries.insert(em, {
      status: 'draft',
      channel: 'email',
      ownerId: null,
      createdById: null,
      senderEmail: m.fromAddress,
      personName: guess?.personName || m.fromName,
      organizationName: guess?.organizationName ?? '',
      organizationId: guess?.organizationId ?? null,
      subsystem: guess?.subsystem ?? null,
      description,
    });
    await em.query(`UPDATE mail_messages SET disposition = 'entry', reason = NULL, entry_id = $2 WHERE id = $1`, [
      mailId,
      entry.id,
    ]);
    await this.entries.addHistory(em, entry.id, null, 'mail_opened', [], `От ${m.fromAddress}: ${m.subject}`);
    return entry.id;
  }

  /** The directory's organisation with this address (or domain), else the sender's latest entry. */
  private async guessOrganization(
    em: EntityManager,
    address: string,
  ): Promise<{
    organizationId: number | null;
    organizationName: string;
    personName: string;
    subsystem: Subsystem | null;
  } | null> {
    const domain = address.split('@')[1] ?? '';
    const byDomain = domain && !PUBLIC_DOMAINS.has(domain);
    const orgs: { id: number; name: string; subsystem: Subsystem | null; exact: boolean }[] = await em.query(
      `SELECT id, COALESCE(NULLIF(short_name, ''), full_name) AS name, default_subsystem AS subsystem,
              EXISTS (SELECT 1 FROM unnest(emails) e WHERE lower(e) = $1) AS exact
         FROM organizations
        WHERE active AND EXISTS (
          SELECT 1 FROM unnest(emails) e WHERE lower(e) = $1 OR ($3 AND split_part(lower(e), '@', 2) = $2))
        ORDER BY exact DESC, id LIMIT 2`,
      [address, domain, byDomain],
    );
    const earlier: {
      organization_id: number | null;
      organization_name: string;
      person_name: string;
      subsystem: Subsystem | null;
    }[] = await em.query(
      `SELECT organization_id, organization_name, person_name, subsystem FROM entries
          WHERE sender_email = $1 AND status NOT IN ('draft', 'not_request') ORDER BY created_at DESC LIMIT 1`,
      [address],
    );
    const e = earlier[0];
    // One organisation for the address or its domain; two sharing a domain is no answer.
    const org = orgs[0] && (orgs[0].exact || orgs.length === 1) ? orgs[0] : null;
    if (org) {
      return {
        organizationId: org.id,
        organizationName: org.name,
        personName: e && e.organization_id === org.id ? e.person_name : '',
        subsystem: org.subsystem,
      };
    }
    if (e) {
      return {
        organizationId: e.organization_id,
        organizationName: e.organization_name,
        personName: e.person_name,
        subsystem: e.subsystem,
      };
    }
    return null;
  }
}
