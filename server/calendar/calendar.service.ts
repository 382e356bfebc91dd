// The centre's working calendar as configured: weekly hours (settings) and per-date overrides.
import type { DataSource, EntityManager } from 'typeorm';
import type { CalendarDayDto, CalendarSource, CalendarYearDto } from '../../shared/api';
import { canonicalYear } from './calendar-import';
import { CalendarOverrideEntity } from './calendar-override.entity';
import { CalendarYearEntity } from './calendar-year.entity';
import { FEDERAL_CALENDAR, laborCodeYear, type YearCalendar } from './production-calendar';
import { DEFAULT_SCHEDULE, WorkingCalendar, type DayOverride, type WeekSchedule } from './working-time';

const TTL_MS = 60_000;
/** Minutes since midnight as "HH:mm". */
const hm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

const localIsoDate = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
export const SCHEDULE_SETTING = 'work_schedule';

/** What changed in the calendar: the days of an override, or the weekly schedule (every day). */
export type CalendarChange = { from: string; to: string } | 'schedule';

/** Everything the calendar is made of, as stored. */
export interface CalendarParts {
  schedule: WeekSchedule;
  overrides: Map<string, DayOverride>;
  /** Years whose production calendar the admin uploaded. */
  imported: Map<number, YearCalendar>;
}

export interface CalendarServiceOptions {
  /** The decrees built into callog (default: FEDERAL_CALENDAR); tests leave a year out. */
  builtIn?: Readonly<Record<number, YearCalendar>>;
}

export class CalendarService {
  private cached: { at: number; calendar: WorkingCalendar } | null = null;
  private readonly listeners: ((change: CalendarChange) => Promise<void>)[] = [];

  private readonly builtIn: Readonly<Record<number, YearCalendar>>;
  private readonly lawYears = new Map<number, YearCalendar>();
  private imported = new Map<number, YearCalendar>();

  constructor(
    readonly ds: DataSource,
    readonly timeZone: string,
    opts: CalendarServiceOptions = {},
  ) {
    this.builtIn = opts.builtIn ?? FEDERAL_CALENDAR;
  }

  /** The current calendar (reloaded at most once a minute, or at once after an admin change). */
  async get(): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.at < TTL_MS) return this.cached.calendar;
    const { schedule, overrides, imported } = await this.parts();
    this.imported = imported;
    const calendar = new WorkingCalendar(this.timeZone, schedule, overrides, this.yearsFrom(imported));
    this.cached = { at: Date.now(), calendar };
    return calendar;
  }

  /** The stored parts of the calendar, read through `em` (inside a transaction) or the data source. */
  async parts(em: EntityManager = this.ds.manager): Promise<CalendarParts> {
    // One after another: inside a transaction the three share one connection.
    const overrides = await this.loadOverrides(em);
    const schedule = await this.loadSchedule(em);
    const imported = await this.loadImported(em);
    return { overrides, schedule, imported };
  }

  /** A year's production calendar: uploaded, else built in, else the Labour Code's. */
  yearsFrom(imported: ReadonlyMap<number, YearCalendar>): (year: number) => YearCalendar {
    return (year) => {
      const known = imported.get(year) ?? this.builtIn[year];
      if (known) return known;
      let law = this.lawYears.get(year);
      if (!law) this.lawYears.set(year, (law = laborCodeYear(year)));
      return law;
    };
  }

  sourceOf(year: number, imported: ReadonlyMap<number, YearCalendar>): CalendarSource {
    return imported.has(year) ? 'imported' : this.builtIn[year] ? 'decree' : 'labor_code';
  }

  /** Of the given years, those with neither an uploaded calendar nor the decree built in. */
  async missingYears(years: number[]): Promise<number[]> {
    await this.get();
    return years.filter((y) => this.sourceOf(y, this.imported) === 'labor_code');
  }

  /** After a year's production calendar was replaced: calls placed again, summaries told (dates inclusive). */
  async yearReplaced(from: string, to: string): Promise<void> {
    this.invalidate();
    await this.reclassifyCalls(from, to);
    await this.changed({ from, to });
  }

  invalidate(): void {
    this.cached = null;
  }

  /** Called after a change is saved and the calls are placed again (the statistics' summaries). */
  onChange(listener: (change: CalendarChange) => Promise<void>): void {
    this.listeners.push(listener);
  }

  private async changed(change: CalendarChange): Promise<void> {
    for (const l of this.listeners) await l(change);
  }

  /** Every day of a year with its type and hours, for the admin's calendar page. */
  async year(year: number): Promise<CalendarYearDto> {
    const [cal, schedule] = await Promise.all([this.get(), this.loadSchedule()]);
    const days: CalendarDayDto[] = [];
    for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
      const info = cal.day(d.toISOString().slice(0, 10));
      days.push({
        date: info.date,
        kind: info.kind,
        working: info.working,
        start: info.working ? hm(info.start) : null,
        end: info.working ? hm(info.end) : null,
        title: info.title,
        overridden: info.overridden,
      });
    }
    const source = this.sourceOf(year, this.imported);
    return { year, known: source !== 'labor_code', source, days, schedule };
  }

  async setSchedule(schedule: WeekSchedule): Promise<void> {
    await this.ds.query(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [SCHEDULE_SETTING, JSON.stringify(schedule)],
    );
    this.invalidate();
    const day = 86_400_000;
    const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
    await this.reclassifyCalls(iso(Date.now() - 400 * day), iso(Date.now() + 2 * day));
    await this.changed('schedule');
  }

  async setOverride(
    day: string,
    o: { kind: 'day_off' | 'working' | 'short'; startTime: string | null; endTime: string | null; title: string },
    userId: number,
  ): Promise<void> {
    await this.ds.query(
      `INSERT INTO calendar_overrides (day, kind, start_time, end_time, title, updated_by_id, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (day) DO UPDATE SET kind = $2, start_time = $3, end_time = $4, title = $5, updated_by_id = $6, updated_at = now()`,
      [day, o.kind, o.startTime, o.endTime, o.title, userId],
    );
    this.invalidate();
    await this.reclassifyDay(day);
  }

  async deleteOverride(day: string): Promise<boolean> {
    const [, n] = await this.ds.query<[unknown[], number]>(`DELETE FROM calendar_overrides WHERE day = $1`, [day]);
    this.invalidate();
    await this.reclassifyDay(day);
    return n > 0;
  }

  private async reclassifyDay(day: string): Promise<void> {
    await this.reclassifyCalls(day, day);
    await this.changed({ from: day, to: day });
  }

  /**
   * The calendar changed: calls of the affected days are placed in or out of working time again, so
   * that missed / after-hours figures follow the calendar as it is now. Dates from..to, inclusive.
   */
  private async reclassifyCalls(from: string, to: string): Promise<void> {
    const cal = await this.get();
    const rows: { id: number; started_at: Date; after_hours: boolean }[] = await this.ds.query(
      `SELECT id, started_at, after_hours FROM calls
        WHERE direction = 'inbound' AND started_at >= ($1::date)::timestamp AT TIME ZONE $3
          AND started_at < ($2::date + 1)::timestamp AT TIME ZONE $3`,
      [from, to, this.timeZone],
    );
    const flip = rows.filter((r) => r.after_hours === cal.isWorkingTime(r.started_at)).map((r) => r.id);
    if (flip.length) {
      await this.ds.query(`UPDATE calls SET after_hours = NOT after_hours, updated_at = now() WHERE id = ANY($1)`, [
        flip,
      ]);
    }
  }

  private async loadImported(em: EntityManager): Promise<Map<number, YearCalendar>> {
    const rows = await em.getRepository(CalendarYearEntity).find();
    return new Map(rows.map((r) => [r.year, canonicalYear(r.data)]));
  }

  private async loadOverrides(em: EntityManager): Promise<Map<string, DayOverride>> {
    const rows = await em.getRepository(CalendarOverrideEntity).find();
    return new Map(
      rows.map((r) => [
        // A date column comes back as "YYYY-MM-DD" or as a Date at local midnight, by driver.
        typeof r.day === 'string' ? r.day : localIsoDate(new Date(r.day)),
        { kind: r.kind, start: r.startTime, end: r.endTime, title: r.title },
      ]),
    );
  }

  private async loadSchedule(em: EntityManager = this.ds.manager): Promise<WeekSchedule> {
    const rows: { value: WeekSchedule }[] = await em.query(`SELECT value FROM settings WHERE key = $1`, [
      SCHEDULE_SETTING,
    ]);
    return rows[0]?.value ?? DEFAULT_SCHEDULE;
  }
}
