// The Russian federal production calendar (производственный календарь), from the Government decrees
// on transferring days off. Dates are "MM-DD" of the year. Checked by a test against the reference
// data in test/fixtures/calendar-ru. Add next year's decree here each autumn; until then an admin
// uploads the published calendar (calendar-import.service.ts), stored per year in calendar_years.

export interface YearCalendar {
  /** Public holidays (non-working by the Labour Code art. 112), with their names. */
  holidays: Record<string, string>;
  /** Weekdays made days off by transfer. */
  transferredDaysOff: string[];
  /** Saturdays/Sundays made working days by transfer. */
  workingWeekendDays: string[];
  /** Pre-holiday days, one hour shorter. */
  shortDays: string[];
  /** What a transferred, working or short day is called (an uploaded calendar's notes), by "MM-DD". */
  notes?: Record<string, string>;
}

const NEW_YEAR = 'Новогодние каникулы';
/** The non-working public holidays of the Labour Code art. 112, "MM-DD" -> name (a fresh object). */
export const standardHolidays = (): Record<string, string> => ({
  '01-01': NEW_YEAR,
  '01-02': NEW_YEAR,
  '01-03': NEW_YEAR,
  '01-04': NEW_YEAR,
  '01-05': NEW_YEAR,
  '01-06': NEW_YEAR,
  '01-07': 'Рождество Христово',
  '01-08': NEW_YEAR,
  '02-23': 'День защитника Отечества',
  '03-08': 'Международный женский день',
  '05-01': 'Праздник Весны и Труда',
  '05-09': 'День Победы',
  '06-12': 'День России',
  '11-04': 'День народного единства',
});

export const FEDERAL_CALENDAR: Record<number, YearCalendar> = {
  2024: {
    holidays: standardHolidays(),
    transferredDaysOff: ['04-29', '04-30', '05-10', '12-30', '12-31'],
    workingWeekendDays: ['04-27', '11-02', '12-28'],
    shortDays: ['02-22', '03-07', '05-08', '06-11', '11-02'],
  },
  2025: {
    holidays: standardHolidays(),
    transferredDaysOff: ['05-02', '05-08', '06-13', '11-03', '12-31'],
    workingWeekendDays: ['11-01'],
    shortDays: ['03-07', '04-30', '06-11', '11-01'],
  },
  2026: {
    holidays: standardHolidays(),
    transferredDaysOff: ['01-09', '03-09', '05-11', '12-31'],
    workingWeekendDays: [],
    shortDays: ['04-30', '05-08', '06-11', '11-03'],
  },
};

export const CALENDAR_YEARS = Object.keys(FEDERAL_CALENDAR).map(Number);

/** New Year holidays (1–8 January): falling on a weekend, they move only by the Government's decree. */
const NEW_YEAR_DAYS = new Set(['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08']);

const isoDay = (year: number, md: string) => `${year}-${md}`;
const shift = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const weekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/**
 * A year's calendar as the Labour Code fixes it, for a year whose decree is not in FEDERAL_CALENDAR:
 * the holidays of art. 112; a holiday other than the New Year ones that falls on a Saturday or Sunday
 * gives the next working day off (art. 112 part 2); the working day before a holiday is an hour
 * shorter (art. 95). What only the Government's decree sets — where the New Year holidays that fall
 * on a weekend go, and a day off put elsewhere than the next working day (art. 112 part 5) — is not here.
 */
export function laborCodeYear(year: number): YearCalendar {
  const holidays = standardHolidays();
  const isHoliday = (date: string) =>
    date.startsWith(`${year}-`) ? date.slice(5) in holidays : date === `${year + 1}-01-01`;
  const transferred: string[] = [];
  const dayOff = (date: string) => weekend(date) || isHoliday(date) || transferred.includes(date.slice(5));
  for (const md of Object.keys(holidays).sort()) {
    const date = isoDay(year, md);
    if (NEW_YEAR_DAYS.has(md) || !weekend(date)) continue;
    let next = shift(date, 1);
    while (dayOff(next)) next = shift(next, 1);
    if (next.startsWith(`${year}-`)) transferred.push(next.slice(5));
  }
  const shortDays: string[] = [];
  for (const md of [...Object.keys(holidays), '12-32']) {
    // ('12-32': the eve of next year's 1 January, 31 December)
    const before = md === '12-32' ? isoDay(year, '12-31') : shift(isoDay(year, md), -1);
    if (before.startsWith(`${year}-`) && !dayOff(before) && !shortDays.includes(before.slice(5))) {
      shortDays.push(before.slice(5));
    }
  }
  return { holidays, transferredDaysOff: transferred, workingWeekendDays: [], shortDays: shortDays.sort() };
}

const computed = new Map<number, YearCalendar>();
/** The year's decree when callog has it, else the Labour Code's calendar for it. */
export function yearCalendar(year: number): YearCalendar {
  const known = FEDERAL_CALENDAR[year];
  if (known) return known;
  let c = computed.get(year);
  if (!c) computed.set(year, (c = laborCodeYear(year)));
  return c;
}
