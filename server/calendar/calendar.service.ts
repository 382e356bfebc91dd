// The centre's working calendar as configured: weekly hours (settings) and per-date overrides.
import type { DataSource } from 'typeorm';
import { CalendarOverrideEntity } from './calendar-override.entity';
import { DEFAULT_SCHEDULE, WorkingCalendar, type DayOverride, type WeekSchedule } from './working-time';

const TTL_MS = 60_000;
export const SCHEDULE_SETTING = 'work_schedule';

export class CalendarService {
  private cached: { at: number; calendar: WorkingCalendar } | null = null;

  constructor(
    private readonly ds: DataSource,
    readonly timeZone: string,
  ) {}

  /** The current calendar (reloaded at most once a minute, or at once after an admin change). */
  async get(): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.at < TTL_MS) return this.cached.calendar;
    const [overrides, schedule] = await Promise.all([this.loadOverrides(), this.loadSchedule()]);
    const calendar = new WorkingCalendar(this.timeZone, schedule, overrides);
    this.cached = { at: Date.now(), calendar };
    return calendar;
  }

  invalidate(): void {
    this.cached = null;
  }

  private async loadOverrides(): Promise<Map<string, DayOverride>> {
    const rows = await this.ds.getRepository(CalendarOverrideEntity).find();
    return new Map(
      rows.map((r) => [
        typeof r.day === 'string' ? r.day : new Date(r.day).toISOString().slice(0, 10),
        { kind: r.kind, start: r.startTime, end: r.endTime, title: r.title },
      ]),
    );
  }

  private async loadSchedule(): Promise<WeekSchedule> {
    const rows: { value: WeekSchedule }[] = await this.ds.query(`SELECT value FROM settings WHERE key = $1`, [
      SCHEDULE_SETTING,
    ]);
    return rows[0]?.value ?? DEFAULT_SCHEDULE;
  }
}
