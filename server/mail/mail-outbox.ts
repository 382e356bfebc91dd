// Replies to senders through a durable outbox: queued in the transaction that closes the entry, sent
// by a background job that leases one row at a time (any instance may send; a lease that expires with
// its sender is taken again), retried with backoff on 4xx and connection errors, stopped on 5xx.
// Every row has a fixed Message-ID, so a retry after a send that did get through is one mail, not two.
import crypto from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { DataSource, EntityManager } from 'typeorm';
import type { EntriesRepository } from '../journal/entries.repository';
import type { Logger } from '../logger';
import { excerpt } from './classify';

export interface SmtpConfig {
  host: string;
  port: number;
  user: string | undefined;
  password: string | undefined;
  /** `true`: TLS from the start (465); `starttls`: upgrade required; `false`: as the server offers. */
  tls: 'true' | 'false' | 'starttls';
  verifyCertificate: boolean;
  /** The desk's address, e.g. `Ситуационный центр <support@edu.example>`. */
  from: string;
}

export interface OutboxOptions {
  /** First retry after a temporary failure, doubling up to an hour. */
  retryBaseMs: number;
  /** How often due rows are looked for (a new reply also wakes the sender). */
  pollMs: number;
}

const LEASE_S = 120;
const MAX_RETRY_MS = 3600_000;

interface DueRow {
  id: number;
  entry_id: number;
  to_address: string;
  subject: string;
  text: string;
  message_id: string;
  in_reply_to: string | null;
  references: string[];
  attempts: number;
}

export class MailOutbox {
  /** Made on first use: nodemailer is loaded only where replies are sent (SMTP configured). */
  private transport: Promise<Transporter> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly ds: DataSource,
    private readonly entries: EntriesRepository,
    private readonly smtp: SmtpConfig | undefined,
    private readonly opts: OutboxOptions,
    private readonly logger: Logger,
    /** An entry's replies changed state (to tell its viewers). */
    private readonly onChange: (entryId: number) => void,
  ) {}

  private transporter(smtp: SmtpConfig): Promise<Transporter> {
    this.transport ??= import('nodemailer').then((m) =>
      m.default.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.tls === 'true',
        requireTLS: smtp.tls === 'starttls',
        ignoreTLS: false,
        auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
        tls: { rejectUnauthorized: smtp.verifyCertificate },
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 60_000,
      }),
    );
    return this.transport;
  }

  /** Replies can be sent at all (SMTP configured). */
  get enabled(): boolean {
    return this.smtp !== undefined;
  }

  start(): void {
    if (!this.smtp) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.opts.pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.busy;
    if (this.transport) (await this.transport).close();
  }

  /**
   * Queues the reply to an email entry being closed, in the caller's transaction. Without SMTP the
   * history says that nothing was sent.
   */
  async enqueue(
    em: EntityManager,
    e: { id: number; regNumber: string | null; senderEmail: string },
    text: string,
    userId: number,
  ): Promise<void> {
    if (!this.smtp) {
      await this.entries.addHistory(
        em,
        e.id,
        userId,
        'mail_not_sent',
        [],
        'Отправка почты не настроена (SMTP_HOST): ответ заявителю не отправлен',
      );
      return;
    }
    const origin: { message_id: string | null; subject: string; references: string[]; in_reply_to: string | null }[] =
      await em.query(
        `SELECT message_id, subject, "references", in_reply_to FROM mail_messages
        WHERE entry_id = $1 ORDER BY received_at DESC, id DESC LIMIT 1`,
        [e.id],
      );
    const o = origin[0];
    const base = (o?.subject ?? '').replace(/^\s*((re|fwd?|ответ|отв)\s*:\s*)+/i, '').replace(/\[\s*№[^\]]*\]\s*/g, '');
    const subject = `[№ ${e.regNumber ?? e.id}] Re: ${base.trim() || 'ваш запрос'}`;
    const domain = /@([^>\s]+)/.exec(this.smtp.from)?.[1] ?? 'callog.local';
    const messageId = `callog.${e.id}.${crypto.randomBytes(8).toString('hex')}@${domain}`;
    // RFC 5322 3.6.4: the parent's References (or, lacking them, its In-Reply-To), then the parent.
    const ancestors = o?.references?.length ? o.references : o?.in_reply_to ? [o.in_reply_to] : [];
    const references = o?.message_id ? [...new Set([...ancestors, o.message_id])].slice(-20) : [];
    await em.query(
      `INSERT INTO mail_outbox (entry_id, to_address, subject, text, message_id, in_reply_to, "references", created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.id, e.senderEmail, subject, text, messageId, o?.message_id ?? null, references, userId],
    );
    await this.entries.addHistory(em, e.id, userId, 'mail_queued', [], `Кому: ${e.senderEmail}\n${excerpt(text, 500)}`);
  }

  /** Sends what is due now (also called after a reply is queued). */
  kick(): void {
    if (this.stopped || !this.smtp) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = (async () => {
      do {
        this.again = false;
        try {
          while (!this.stopped && (await this.sendOne())) {
            /* next */
          }
        } catch (err) {
          this.logger.warn({ err: (err as Error).message }, 'outbox: could not read due replies');
        }
      } while (this.again && !this.stopped);
    })().finally(() => (this.busy = null));
  }

  /** Leases one due row and sends it; false when none is due. */
  private async sendOne(): Promise<boolean> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, rowCount].
    const [rows] = await this.ds.query<[DueRow[], number]>(
      `UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $1)
        WHERE id = (SELECT id FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= now()
                     ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, entry_id, to_address, subject, text, message_id, in_reply_to, "references", attempts`,
      [LEASE_S],
    );
    const r = rows[0];
    if (!r) return false;
    let sendError: unknown = null;
    try {
      await (
        await this.transporter(this.smtp!)
      ).sendMail({
        from: this.smtp!.from,
        to: r.to_address,
        subject: r.subject,
        text: r.text,
        messageId: `<${r.message_id}>`,
        inReplyTo: r.in_reply_to ? `<${r.in_reply_to}>` : undefined,
        references: r.references.length ? r.references.map((x) => `<${x}>`) : undefined,
        headers: { 'Auto-Submitted': 'auto-replied' },
      });
    } catch (err) {
      sendError = err;
    }
    if (!sendError) {
      await this.settle(r, 'sent', null, 'mail_sent', `Кому: ${r.to_address}; тема: ${r.subject}`);
    } else {
      const e = sendError as Error & { responseCode?: number; response?: string; code?: string };
      const reason = (e.response ?? e.message ?? 'ошибка отправки').slice(0, 500);
      if (typeof e.responseCode === 'number' && e.responseCode >= 500) {
        this.logger.warn({ outbox: r.id, code: e.responseCode }, 'reply refused by the mail server for good');
        await this.settle(r, 'failed', reason, 'mail_failed', `Почтовый сервер отказал: ${reason}`);
      } else {
        const wait = Math.min(this.opts.retryBaseMs * 2 ** (r.attempts - 1), MAX_RETRY_MS);
        this.logger.warn({ outbox: r.id, err: reason, retryInMs: wait }, 'reply not sent; will retry');
        await this.ds.query(
          `UPDATE mail_outbox SET next_attempt_at = now() + make_interval(secs => $2), last_error = $3 WHERE id = $1`,
          [r.id, wait / 1000, reason],
        );
        if (r.attempts === 1) {
          await this.entries.addHistory(
            this.ds.manager,
            r.entry_id,
            null,
            'mail_retry',
            [],
            `${reason}. Отправка будет повторяться автоматически.`,
          );
          this.onChange(r.entry_id);
        }
      }
    }
    return true;
  }

  /** Records the outcome; a database blip is retried, so a mail that went out is not sent again. */
  private async settle(r: DueRow, status: 'sent' | 'failed', error: string | null, action: string, comment: string) {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ds.transaction(async (em) => {
          await em.query(
            `UPDATE mail_outbox SET status = $2::varchar, last_error = $3,
                    sent_at = CASE WHEN $2::varchar = 'sent' THEN now() END
              WHERE id = $1`,
            [r.id, status, error],
          );
          await this.entries.addHistory(em, r.entry_id, null, action, [], comment);
        });
        break;
      } catch (err) {
        if (attempt >= 5 || this.stopped) {
          // The lease runs out and the row is sent again, with the same Message-ID.
          this.logger.error({ outbox: r.id, err: (err as Error).message }, 'outbox: could not record a reply');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
      }
    }
    this.onChange(r.entry_id);
  }
}
