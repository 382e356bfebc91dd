// Working time of the centre (reglament 1.4) on the Russian production calendar, in the centre's zone.
// Pure: every function takes the instant it reasons about.
import { CALENDAR_YEARS, yearCalendar, type YearCalendar } from './production-calendar';
import { addDays, wallClock, weekdayOf, zonedTime } from './tz';

/** "HH:mm" */
export type HM = string;

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface WeekSchedule {
  /** Working hours per weekday, 1 = Monday ... 7 = Sunday; null: a day off. */
  days: Record<Weekday, { start: HM; end: HM } | null>;
  lunch: { start: HM; end: HM } | null;
  /** How much earlier a pre-holiday day ends. */
  shortDayMinutes: number;
}

export const DEFAULT_SCHEDULE: WeekSchedule = {
  days: {
    1: { start: '08:30', end: '17:00' },
    2: { start: '08:30', end: '17:00' },
    3: { start: '08:30', end: '17:00' },
    4: { start: '08:30', end: '17:00' },
    5: { start: '08:30', end: '16:00' },
    6: null,
    7: null,
  },
  lunch: { start: '12:30', end: '13:30' },
  shortDayMinutes: 60,
};

export interface DayOverride {
  kind: 'day_off' | 'working' | 'short';
  start?: HM | null;
  end?: HM | null;
  title?: string;
}

export type DayKind = 'working' | 'short' | 'weekend' | 'holiday' | 'transferred_day_off' | 'override_day_off';

export interface DayInfo {
  date: string;
  kind: DayKind;
  working: boolean;
  /** Minutes since midnight; 0/0 on days off. */
  start: number;
  end: number;
  title: string;
  /** The day comes from an admin's override rather than the federal calendar. */
  overridden: boolean;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOfNumber = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

const toMin = (hm: HM) => {
  const [h, m] = hm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

export class WorkingCalendar {
  constructor(
    readonly timeZone: string,
    private readonly schedule: WeekSchedule = DEFAULT_SCHEDULE,
    private readonly overrides: ReadonlyMap<string, DayOverride> = new Map(),
    /** Where a year's production calendar comes from (an uploaded one, the decree, the Labour Code). */
    private readonly years: (year: number) => YearCalendar = yearCalendar,
  ) {}

  /** Whether the federal calendar for a year is known (a warning is shown when next year's is missing). */
  static hasYear(year: number): boolean {
    return CALENDAR_YEARS.includes(year);
  }

  /** What kind of day a calendar date is, with its working hours. */
  day(date: string): DayInfo {
    const weekday = weekdayOf(date);
    const year = Number(date.slice(0, 4));
    const md = date.slice(5);
    const cal = this.years(year);
    const base = this.schedule.days[weekday] ?? null;
    // A working weekend day takes the hours of a normal weekday (Monday's).
    const weekdayHours = base ?? this.schedule.days[1] ?? { start: '08:30', end: '17:00' };
    const off = (kind: DayKind, title = ''): DayInfo => ({
      date,
      kind,
      working: false,
      start: 0,
      end: 0,
      title,
      overridden: false,
    });
    const work = (hours: { start: HM; end: HM }, short: boolean, title = ''): DayInfo => ({
      date,
      kind: short ? 'short' : 'working',
      working: true,
      start: toMin(hours.start),
      end: toMin(hours.end) - (short ? this.schedule.shortDayMinutes : 0),
      title,
      overridden: false,
    });

    const o = this.overrides.get(date);
    if (o) {
      const info =
        o.kind === 'day_off'
          ? off('override_day_off', o.title ?? '')
          : o.start && o.end
            ? {
                ...work({ start: o.start, end: o.end }, false, o.title ?? ''),
                kind: o.kind === 'short' ? ('short' as const) : ('working' as const),
              }
            : work(weekdayHours, o.kind === 'short', o.title ?? '');
      return { ...info, overridden: true };
    }
    const holiday = cal.holidays[md];
    if (holiday) return off('holiday', holiday);
    const note = cal.notes?.[md];
    if (cal.transferredDaysOff.includes(md)) return off('transferred_day_off', note ?? 'Перенесённый выходной');
    const short = cal.shortDays.includes(md);
    if (cal.workingWeekendDays.includes(md)) return work(weekdayHours, short, note ?? 'Рабочий день (перенос)');
    if (!base) return off('weekend');
    return work(base, short, short ? (note ?? 'Предпраздничный день') : '');
  }

  /** Working periods of a day in minutes: before and after lunch. */
  private periods(d: DayInfo): [number, number][] {
    if (!d.working || d.end <= d.start) return [];
    const lunch = this.schedule.lunch;
    if (!lunch) return [[d.start, d.end]];
    const ls = toMin(lunch.start);
    const le = toMin(lunch.end);
    return (
      [
        [d.start, Math.min(d.end, ls)],
        [Math.max(d.start, le), d.end],
      ] as [number, number][]
    ).filter(([a, b]) => b > a);
  }

  isWorkingTime(at: Date): boolean {
    const w = wallClock(at, this.timeZone);
    return this.periods(this.day(w.date)).some(([a, b]) => w.minutes >= a && w.minutes < b);
  }

  /** The start of the working time at or after `at` (the same instant when it is working time). */
  nextWorkingStart(at: Date): Date {
    const w = wallClock(at, this.timeZone);
    for (let i = 0; i < 400; i++) {
      const date = addDays(w.date, i);
      for (const [a, b] of this.periods(this.day(date))) {
        if (i > 0 || w.minutes < a) return zonedTime(date, a, this.timeZone);
        if (w.minutes < b) return at;
      }
    }
    throw new Error('No working time within 400 days: check the calendar overrides');
  }

  /** Working time between two instants, in milliseconds (lunch, nights, days off excluded). */
  workingDuration(from: Date, to: Date): number {
    if (to.getTime() <= from.getTime()) return 0;
    const start = wallClock(from, this.timeZone).date;
    const last = wallClock(to, this.timeZone).date;
    const clip = (date: string) =>
      this.cachedDay(date).periods.reduce(
        (sum, [ps, pe]) => sum + Math.max(0, Math.min(pe, to.getTime()) - Math.max(ps, from.getTime())),
        0,
      );
    if (start === last) return clip(start);
    // Whole days in between come from running totals: an entry open for a year costs no more than one
    // open yesterday (the journal shows the age of every open entry on a page).
    const a = dayNumber(start);
    const b = dayNumber(last);
    return clip(start) + (b - a > 1 ? this.wholeDays(a + 1, b - 1) : 0) + clip(last);
  }

  /** Running totals of whole working days, from `totalsFrom` on: totals[k] = days totalsFrom .. totalsFrom+k-1. */
  private totals: number[] = [0];
  private totalsFrom = 0;

  /** Working ms of the whole days numbered a..b (days since 1970-01-01). */
  private wholeDays(a: number, b: number): number {
    if (this.totals.length === 1 || a < this.totalsFrom) {
      this.totalsFrom = Math.min(a, this.totals.length === 1 ? a : this.totalsFrom);
      this.totals = [0];
    }
    while (this.totalsFrom + this.totals.length - 1 <= b) {
      const n = this.totalsFrom + this.totals.length - 1;
      this.totals.push(this.totals[this.totals.length - 1]! + this.cachedDay(dateOfNumber(n)).total);
    }
    return this.totals[b - this.totalsFrom + 1]! - this.totals[a - this.totalsFrom]!;
  }

  private readonly dayCache = new Map<string, { periods: [number, number][]; total: number }>();

  private cachedDay(date: string): { periods: [number, number][]; total: number } {
    let c = this.dayCache.get(date);
    if (!c) {
      const periods = this.periods(this.day(date)).map(
        ([a, b]) =>
          [zonedTime(date, a, this.timeZone).getTime(), zonedTime(date, b, this.timeZone).getTime()] as [
            number,
            number,
          ],
      );
      c = { periods, total: periods.reduce((sum, [a, b]) => sum + (b - a), 0) };
      this.dayCache.set(date, c);
    }
    return c;
  }

  /** The date a request received at this instant is registered on (reglament 3.3): today in hours, else the next working day. */
  registrationDateFor(receivedAt: Date): string {
    return wallClock(this.nextWorkingStart(receivedAt), this.timeZone).date;
  }
}
