// The Russian federal production calendar (производственный календарь), from the Government decrees
// on transferring days off. Dates are "MM-DD" of the year. Checked by a test against the reference
// data in test/fixtures/calendar-ru. Add next year's decree here each autumn.

export interface YearCalendar {
  /** Public holidays (non-working by the Labour Code art. 112), with their names. */
  holidays: Record<string, string>;
  /** Weekdays made days off by transfer. */
  transferredDaysOff: string[];
  /** Saturdays/Sundays made working days by transfer. */
  workingWeekendDays: string[];
  /** Pre-holiday days, one hour shorter. */
  shortDays: string[];
}

const NEW_YEAR = 'Новогодние каникулы';
const standardHolidays = (): Record<string, string> => ({
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
