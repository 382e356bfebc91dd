// The mail channel as the desk uses it: the shared queue, taking a mail, held mail, downloads, the
// link state; and what happens after a mail is taken in (who is told).
import type { DataSource } from 'typeorm';
import type { HeldMailDto, MailQueueItemDto, MailStatusDto } from '../../shared/api';
import type { SessionUser } from '../auth/sessions.repository';
import { AppError } from '../http/errors';
import type { EntriesRepository } from '../journal/entries.repository';
import type { EntriesService } from '../journal/entries.service';
import type { Realtime } from '../realtime/realtime';
import type { IntakeResult, MailIntake } from './mail-intake';
import type { MailRepository } from './mail.repository';

export class MailService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: MailRepository,
    private readonly entries: EntriesRepository,
    private readonly entriesService: EntriesService,
    private readonly intake: MailIntake,
    private readonly realtime: Pick<Realtime, 'toUser' | 'toAll'>,
    readonly status: () => MailStatusDto,
  ) {}

  /** After a mail was taken in: the queue changed, or the owner of the entry it answers is told. */
  async taken(r: IntakeResult): Promise<void> {
    if (r.disposition === 'entry') this.realtime.toAll('mail:queue');
    if (r.disposition === 'reply' && r.entryId) {
      await this.entriesService.publish(r.entryId);
      if (r.notifyOwner) {
        this.realtime.toUser(r.notifyOwner, 'notice', {
          level: 'info',
          message: `Пришло письмо по запросу ${r.regNumber ?? `#${r.entryId}`}`,
        });
      }
    }
  }

  async queue(): Promise<MailQueueItemDto[]> {
    return this.repo.queue();
  }

  /** A specialist takes a mail from the queue: it becomes their draft; two cannot both take it. */
  async take(entryId: number, s: SessionUser) {
    const taken = await this.ds.transaction(async (em) => {
      // TypeORM answers an UPDATE ... RETURNING with [rows, rowCount].
      const [rows] = await em.query<[{ id: number }[], number]>(
        `UPDATE entries SET owner_id = $2, version = version + 1, updated_at = now()
          WHERE id = $1 AND status = 'draft' AND channel = 'email' AND owner_id IS NULL RETURNING id`,
        [entryId, s.userId],
      );
      if (!rows.length) return false;
      await this.entries.addHistory(em, entryId, s.userId, 'mail_taken', [
        { field: 'ownerId', from: null, to: s.userId },
      ]);
      return true;
    });
    if (!taken) {
      const e = await this.entries.findById(entryId);
      if (!e || e.channel !== 'email') throw new AppError(404, 'mail_not_found');
      throw new AppError(409, 'mail_taken');
    }
    this.realtime.toAll('mail:queue');
    return (await this.entriesService.publish(entryId)).as(s);
  }

  async held(): Promise<HeldMailDto[]> {
    return this.repo.held();
  }

  /** A held mail a person judged real: into the queue. */
  async release(mailId: number): Promise<{ entryId: number }> {
    const entryId = await this.intake.release(mailId);
    if (entryId === null) throw new AppError(404, 'mail_not_found');
    this.realtime.toAll('mail:queue');
    return { entryId };
  }

  /** An attachment, to whoever may see its entry. */
  async attachment(id: number, s: SessionUser) {
    const a = await this.repo.attachment(id);
    if (!a || a.entryId === null) throw new AppError(404, 'mail_not_found');
    await this.entriesService.get(a.entryId, s);
    return a;
  }

  /** The original message (.eml), to whoever may see its entry; held or ignored mail to admins. */
  async raw(id: number, s: SessionUser) {
    const m = await this.repo.raw(id);
    if (!m) throw new AppError(404, 'mail_not_found');
    if (m.entryId === null) {
      if (s.role !== 'admin') throw new AppError(404, 'mail_not_found');
    } else {
      await this.entriesService.get(m.entryId, s);
    }
    return m.raw;
  }
}
