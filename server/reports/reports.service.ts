// Reports: Form No. 1 per specialist or for the centre, and the monthly hand-over of the signed journal.
import type { DataSource } from 'typeorm';
import type { HandoverDto, HandoverReminderDto } from '../../shared/api';
import { localDate } from '../../shared/datetime';
import { AppError } from '../http/errors';
import type { SessionUser } from '../auth/sessions.repository';
import { loadForm1, monthBounds, type Form1Report } from './form1.data';
import type { ReportRenderer } from './render-pool';
import { dueDate, handoverState, headSeesLate, isFinished, previousMonth, specialistReminder } from './handover';

interface HandoverRaw {
  specialist_id: number;
  full_name: string;
  entries: number;
  printed_at: Date | null;
  printed_by: string | null;
  received_at: Date | null;
  received_by: string | null;
}

export class ReportsService {
  constructor(
    private readonly ds: DataSource,
    readonly timeZone: string,
    private readonly renderer: ReportRenderer,
  ) {}

  private today(): string {
    return localDate(new Date(), this.timeZone);
  }

  /** Specialists get their own journal only; the head and admins anyone's, or the centre's (no specialist). */
  async form1(
    month: string,
    specialist: number | undefined,
    format: 'pdf' | 'xlsx',
    s: SessionUser,
  ): Promise<{ body: Buffer; report: Form1Report }> {
    if (s.role === 'specialist' && specialist !== undefined && specialist !== s.userId) {
      throw new AppError(403, 'forbidden');
    }
    const ids = s.role === 'specialist' ? [s.userId] : specialist !== undefined ? [specialist] : null;
    const report = await loadForm1(this.ds, month, ids, this.timeZone);
    // A named specialist always gets a section, even an empty one; none means there is no such user.
    if (ids && report.sections.length === 0) throw new AppError(404, 'user_not_found');
    const body = await this.renderer.render(report, format);
    return { body, report };
  }

  /**
   * Hand-over status of a month: every active specialist who already worked here then, and everyone who has
   * entries or a hand-over record in it.
   */
  async handovers(month: string, s: SessionUser, specialistId?: number): Promise<HandoverDto[]> {
    const { start, end } = monthBounds(month, this.timeZone);
    const only = s.role === 'specialist' ? s.userId : (specialistId ?? null);
    const rows: HandoverRaw[] = await this.ds.query(
      `WITH counts AS (
         SELECT owner_id, count(*)::int AS n FROM entries
          WHERE registered_at >= $2 AND registered_at < $3 AND status NOT IN ('draft', 'not_request')
            AND owner_id IS NOT NULL
          GROUP BY owner_id)
       SELECT u.id AS specialist_id, u.full_name, coalesce(c.n, 0) AS entries,
              h.printed_at, pu.full_name AS printed_by, h.received_at, ru.full_name AS received_by
         FROM users u
         LEFT JOIN counts c ON c.owner_id = u.id
         LEFT JOIN report_handovers h ON h.specialist_id = u.id AND h.month = $1
         LEFT JOIN users pu ON pu.id = h.printed_by_id
         LEFT JOIN users ru ON ru.id = h.received_by_id
        WHERE ((u.role = 'specialist' AND u.active AND u.created_at < $3) OR c.n IS NOT NULL OR h.id IS NOT NULL)
          AND ($4::int IS NULL OR u.id = $4)
        ORDER BY u.full_name, u.id`,
      [month, start, end, only],
    );
    const today = this.today();
    return rows.map((r) => ({
      specialistId: r.specialist_id,
      specialistName: r.full_name,
      month,
      entries: r.entries,
      dueDate: dueDate(month),
      printedAt: r.printed_at?.toISOString() ?? null,
      printedByName: r.printed_by,
      receivedAt: r.received_at?.toISOString() ?? null,
      receivedByName: r.received_by,
      state: handoverState(month, { printedAt: r.printed_at, receivedAt: r.received_at }, today),
    }));
  }

  /** "Printed and signed": the specialist records it for their own journal of a finished month. */
  async markPrinted(month: string, s: SessionUser): Promise<HandoverDto> {
    if (s.role === 'head') throw new AppError(403, 'forbidden');
    if (!isFinished(month, this.today())) throw new AppError(409, 'month_not_finished');
    await this.ds.query(
      `INSERT INTO report_handovers (specialist_id, month, printed_at, printed_by_id) VALUES ($1, $2, now(), $1)
       ON CONFLICT (specialist_id, month) DO UPDATE
         SET printed_at = coalesce(report_handovers.printed_at, now()),
             printed_by_id = coalesce(report_handovers.printed_by_id, $1)`,
      [s.userId, month],
    );
    return this.one(month, s.userId, s);
  }

  /** "Received": the head (or an admin) records taking the signed journal. */
  async markReceived(month: string, specialistId: number, s: SessionUser): Promise<HandoverDto> {
    if (!isFinished(month, this.today())) throw new AppError(409, 'month_not_finished');
    const found: unknown[] = await this.ds.query(`SELECT 1 FROM users WHERE id = $1`, [specialistId]);
    if (found.length === 0) throw new AppError(404, 'user_not_found');
    await this.ds.query(
      `INSERT INTO report_handovers (specialist_id, month, received_at, received_by_id) VALUES ($1, $2, now(), $3)
       ON CONFLICT (specialist_id, month) DO UPDATE
         SET received_at = coalesce(report_handovers.received_at, now()),
             received_by_id = coalesce(report_handovers.received_by_id, $3)`,
      [specialistId, month, s.userId],
    );
    return this.one(month, specialistId, s);
  }

  async reminder(s: SessionUser): Promise<HandoverReminderDto> {
    const today = this.today();
    const month = previousMonth(today);
    if (s.role === 'specialist') {
      // Someone who joined after that month has nothing to hand over.
      const mine = (await this.handovers(month, s))[0];
      if (!mine) return { kind: 'none' };
      const due = specialistReminder(today, {
        printedAt: mine.printedAt ? new Date(mine.printedAt) : null,
        receivedAt: mine.receivedAt ? new Date(mine.receivedAt) : null,
      });
      return due ? { kind: 'specialist', ...due } : { kind: 'none' };
    }
    if (!headSeesLate(today)) return { kind: 'none' };
    const late = (await this.handovers(month, s)).filter((h) => h.state === 'late');
    if (late.length === 0) return { kind: 'none' };
    return {
      kind: 'head',
      month,
      dueDate: dueDate(month),
      late: late.map((h) => ({ specialistId: h.specialistId, specialistName: h.specialistName })),
    };
  }

  private async one(month: string, specialistId: number, s: SessionUser): Promise<HandoverDto> {
    const [h] = await this.handovers(month, s, specialistId);
    if (!h) throw new AppError(404, 'user_not_found');
    return h;
  }
}
