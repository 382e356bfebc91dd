// What an uploaded production calendar would change, worked out before anything is written: the days
// whose kind or hours differ, the year's totals, and a token that ties an apply to this very preview.
import crypto from 'node:crypto';
import type {
  CalendarDayStateDto,
  CalendarImportChangeDto,
  CalendarImportPreviewDto,
  CalendarSource,
  CalendarYearCountsDto,
} from '../../shared/api';
import type { ParsedCalendarFile } from './calendar-file';
import type { YearCalendar } from './production-calendar';
import { addDays, weekdayOf } from './tz';
import { WorkingCalendar, type DayInfo, type DayOverride, type WeekSchedule } from './working-time';

/** "HH:mm" of minutes since midnight. */
export const hm = (min: number) =>
  `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

/** The same calendar written the same way (sorted, no empty notes): to store, compare and hash. */
export function canonicalYear(c: YearCalendar): YearCalendar {
  const sortKeys = (o: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(o)
        .filter(([, v]) => v !== '')
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  const list = (a: string[]) => [...new Set(a)].sort();
  return {
    holidays: sortKeys(c.holidays),
    transferredDaysOff: list(c.transferredDaysOff),
    workingWeekendDays: list(c.workingWeekendDays),
    shortDays: list(c.shortDays),
    notes: sortKeys(c.notes ?? {}),
  };
}

export const sameYear = (a: YearCalendar, b: YearCalendar) =>
  JSON.stringify(canonicalYear(a)) === JSON.stringify(canonicalYear(b));

const datesOf = (year: number) => {
  const out: string[] = [];
  for (let d = `${year}-01-01`; d.startsWith(`${year}-`); d = addDays(d, 1)) out.push(d);
  return out;
};

/** The year's totals by the production calendar alone, as the published calendars give them. */
export function yearCounts(year: number, c: YearCalendar): CalendarYearCountsDto {
  let workingDays = 0;
  let shortDays = 0;
  for (const date of datesOf(year)) {
    const md = date.slice(5);
    const off =
      md in c.holidays ||
      c.transferredDaysOff.includes(md) ||
      (weekdayOf(date) >= 6 && !c.workingWeekendDays.includes(md));
    if (off) continue;
    workingDays++;
    if (c.shortDays.includes(md)) shortDays++;
  }
  const days = datesOf(year).length;
  return { workingDays, daysOff: days - workingDays, shortDays, hours40: workingDays * 8 - shortDays };
}

export const dayState = (d: DayInfo): CalendarDayStateDto => ({
  kind: d.kind,
  working: d.working,
  start: d.working ? hm(d.start) : null,
  end: d.working ? hm(d.end) : null,
  title: d.title,
});

const differs = (a: DayInfo, b: DayInfo) =>
  a.kind !== b.kind || a.working !== b.working || a.start !== b.start || a.end !== b.end;

export interface CalendarNow {
  timeZone: string;
  schedule: WeekSchedule;
  overrides: ReadonlyMap<string, DayOverride>;
  /** The year's calendar as callog uses it now, and where it comes from. */
  current: YearCalendar;
  source: CalendarSource;
  /** The year's uploaded calendar already stored, if any. */
  stored: YearCalendar | undefined;
}

/** The preview of an upload against the calendar as it is now. */
export function previewImport(parsed: ParsedCalendarFile, now: CalendarNow): CalendarImportPreviewDto {
  const { year } = parsed;
  const uploaded = canonicalYear(parsed.calendar);
  const cal = (c: YearCalendar, overrides: ReadonlyMap<string, DayOverride>) =>
    new WorkingCalendar(now.timeZone, now.schedule, overrides, () => c);
  const [before, after] = [cal(now.current, now.overrides), cal(uploaded, now.overrides)];
  const [baseBefore, baseAfter] = [cal(now.current, new Map()), cal(uploaded, new Map())];
  const changes: CalendarImportChangeDto[] = [];
  const keptOverrides: CalendarImportChangeDto[] = [];
  for (const date of datesOf(year)) {
    const [b, a] = [before.day(date), after.day(date)];
    if (differs(b, a)) {
      changes.push({ date, current: dayState(b), new: dayState(a), note: a.title });
    } else if (now.overrides.has(date)) {
      const nb = baseAfter.day(date);
      if (differs(baseBefore.day(date), nb)) {
        keptOverrides.push({ date, current: dayState(b), new: dayState(nb), note: nb.title });
      }
    }
  }
  const counts = {
    changed: changes.length,
    toDayOff: changes.filter((c) => c.current.working && !c.new.working).length,
    toWorking: changes.filter((c) => !c.current.working && c.new.working).length,
    hoursChanged: changes.filter((c) => c.current.working && c.new.working).length,
    current: yearCounts(year, now.current),
    new: yearCounts(year, uploaded),
  };
  const token = crypto
    .createHash('sha256')
    .update(JSON.stringify({ year, uploaded, changes, keptOverrides }))
    .digest('hex');
  return {
    year,
    format: parsed.format,
    source: now.source,
    changes,
    keptOverrides,
    counts,
    warnings: parsed.warnings,
    alreadyApplied: now.stored !== undefined && sameYear(now.stored, uploaded),
    token,
  };
}
