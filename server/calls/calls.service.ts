// The desk's work with calls: lists, taking a missed call, marking it handled, calling back.
import type { DataSource } from 'typeorm';
import type { CallDto, CallListQuery, Page } from '../../shared/api';
import { presentedNumber } from '../../shared/phone';
import type { SessionUser } from '../auth/sessions.repository';
import { AppError } from '../http/errors';
import type { LinesRepository } from '../lines/lines.repository';
import type { Logger } from '../logger';
import type { Realtime } from '../realtime/realtime';
import { EXPORT_PAGE, exportRows } from '../http/table-export';
import type { CalendarService } from '../calendar/calendar.service';
import type { UsersRepository } from '../users/users.repository';
import type { CallRow } from './call.entity';
import { presentCall } from './calls.presenter';
import type { CallsRepository } from './calls.repository';

/** Places a callback through the PBX link of whichever instance holds it. */
export interface Originator {
  /** true: this instance placed it; false: it does not hold the link. Throws when the PBX refuses. */
  originateHere(extension: string, number: string, callbackOf: number): Promise<boolean>;
}

export const ORIGINATE_REQUEST = 'callog:originate';

export class CallsService {
  constructor(
    private readonly ds: DataSource,
    private readonly calls: CallsRepository,
    private readonly lines: LinesRepository,
    private readonly users: UsersRepository,
    private readonly realtime: Pick<Realtime, 'toAll' | 'askOthers'>,
    private readonly originator: Originator,
    readonly timeZone: string,
    private readonly logger: Logger,
    private readonly calendar: Pick<CalendarService, 'get'>,
  ) {}

  async present(rows: CallRow[], now = new Date()): Promise<CallDto[]> {
    const [lines, names, cal] = await Promise.all([
      this.lines.all(),
      this.users.namesOf(rows.map((r) => r.userId)),
      this.calendar.get(),
    ]);
    return rows.map((r) => {
      const dto = presentCall(r, lines, names);
      // How long a lost caller has waited for us, in the desk's working time (the worklist's age).
      const lost = r.direction === 'inbound' && r.state === 'ended' && r.answeredAt === null && !r.afterHours;
      if (lost && r.endedAt) {
        dto.lostWorkingSeconds = Math.round(cal.workingDuration(r.endedAt, r.handledAt ?? now) / 1000);
      }
      return dto;
    });
  }

  async list(q: CallListQuery): Promise<Page<CallDto>> {
    const page = await this.calls.list(q, this.timeZone);
    return { items: await this.present(page.items), total: page.total };
  }

  /** Every call the filters select (a download), or 400 when there are more than a download holds. */
  async listAll(q: CallListQuery): Promise<CallDto[]> {
    const page = await this.calls.list({ ...q, ...EXPORT_PAGE }, this.timeZone);
    return this.present(exportRows(page.items, 'звонков'));
  }

  async get(id: number): Promise<CallDto> {
    const c = await this.calls.findById(id);
    if (!c) throw new AppError(404, 'call_not_found');
    return (await this.present([c]))[0]!;
  }

  /** A specialist takes a missed call to call back. */
  async take(id: number, s: SessionUser): Promise<CallDto> {
    await this.missed(id);
    await this.ds.transaction((em) => this.calls.update(em, id, { callbackOwnerId: s.userId }));
    return this.announce(id);
  }

  /** The missed call needs nothing more (called back from a mobile, a duplicate, spam). */
  async markHandled(id: number, s: SessionUser): Promise<CallDto> {
    const call = await this.missed(id);
    if (!call.handledAt) {
      await this.ds.transaction((em) =>
        this.calls.update(em, id, {
          handledAt: new Date(),
          handledById: s.userId,
          callbackOwnerId: call.callbackOwnerId ?? s.userId,
        }),
      );
    }
    return this.announce(id);
  }

  async callback(id: number, s: SessionUser): Promise<CallDto> {
    const call = await this.missed(id);
    if (!presentedNumber(call.callerNumber)) throw new AppError(409, 'caller_withheld');
    const me = await this.users.findById(s.userId);
    const extension = me?.extensions[0];
    if (!extension) throw new AppError(409, 'no_extension');
    const number = call.callerNumber!;
    let placed = false;
    try {
      placed = await this.originator.originateHere(extension, number, call.id);
      if (!placed) {
        const answers = await this.realtime.askOthers(
          ORIGINATE_REQUEST,
          { extension, number, callbackOf: call.id },
          12_000,
        );
        placed = answers.some((a) => (a as { placed?: boolean }).placed === true);
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'callback originate failed');
      throw new AppError(503, 'pbx_unavailable');
    }
    if (!placed) throw new AppError(503, 'pbx_unavailable');
    if (!call.callbackOwnerId)
      await this.ds.transaction((em) => this.calls.update(em, id, { callbackOwnerId: s.userId }));
    return this.announce(id);
  }

  private async missed(id: number): Promise<CallRow> {
    const call = await this.calls.findById(id);
    if (!call) throw new AppError(404, 'call_not_found');
    if (call.direction !== 'inbound' || call.state !== 'ended' || call.outcome === 'answered') {
      throw new AppError(409, 'invalid_transition', undefined, 'Это не пропущенный звонок.');
    }
    return call;
  }

  private async announce(id: number): Promise<CallDto> {
    const dto = await this.get(id);
    this.realtime.toAll('call:updated', dto);
    return dto;
  }
}
