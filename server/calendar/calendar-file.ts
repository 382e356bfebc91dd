// An uploaded production calendar (XML of xmlcalendar.ru, or a CSV/XLSX table of dates): what the
// parsers share — the format sniffed from the bytes, the days they read, and problems told in Russian.
import { standardHolidays, type YearCalendar } from './production-calendar';
import { weekdayOf } from './tz';

export type CalendarFileFormat = 'xml' | 'csv' | 'xlsx';

/** The largest file taken: a year's calendar is a few kilobytes, an XLSX of it a few dozen. */
export const CALENDAR_FILE_MAX_BYTES = 512 * 1024;

/** How many problems a refusal lists (a wrong file would otherwise give one per line). */
const MAX_PROBLEMS = 15;

/** A file that cannot be taken; each problem says where and what to fix, for people, in Russian. */
export class CalendarFileError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    const shown =
      problems.length > MAX_PROBLEMS
        ? [
            ...problems.slice(0, MAX_PROBLEMS),
            `…и ещё ${problems.length - MAX_PROBLEMS} (исправьте эти и загрузите снова)`,
          ]
        : problems;
    super(shown.join('\n'));
    this.problems = shown;
  }
}

/** A file read through: the year's calendar and remarks that do not stop it. */
export interface ParsedCalendarFile {
  year: number;
  format: CalendarFileFormat;
  calendar: YearCalendar;
  warnings: string[];
}

/** What a file says about one day; the days it does not name are a plain Mon–Fri week. */
export type UploadedKind = 'holiday' | 'day_off' | 'short' | 'working';
export interface UploadedDay {
  kind: UploadedKind;
  /** Holiday name, or a note (which day was transferred). */
  title: string;
}

/** The format by the file's first bytes (the browser's MIME type for .csv/.xml varies by system). */
export function detectCalendarFormat(bytes: Uint8Array): CalendarFileFormat {
  if (bytes.length === 0) throw new CalendarFileError(['Файл пустой: выберите файл календаря (XML, XLSX или CSV).']);
  const head = (n: number) => Array.from(bytes.subarray(0, n));
  if (head(4).join() === [0x50, 0x4b, 0x03, 0x04].join()) return 'xlsx';
  if (head(4).join() === [0xd0, 0xcf, 0x11, 0xe0].join()) {
    throw new CalendarFileError([
      'Файл в старом формате Excel (.xls): откройте его в Excel и сохраните как «Книга Excel (.xlsx)» или «CSV UTF-8».',
    ]);
  }
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '');
  return text.trimStart().startsWith('<') ? 'xml' : 'csv';
}

/** "YYYY-MM-DD" when y-m-d is a real date, else null. */
export function isoDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return t.toISOString().slice(0, 10);
}

/** "2027-05-01" -> "01.05.2027" */
export const ruDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

const WEEKDAY_NAMES = ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'];
export const weekdayName = (iso: string) => WEEKDAY_NAMES[weekdayOf(iso) - 1]!;
export const isWeekend = (iso: string) => weekdayOf(iso) >= 6;

/**
 * The year's calendar from the days a file names. Holidays of art. 112 the file leaves out are added
 * when `lawHolidays` (a table of dates need not list a holiday that falls on a weekend).
 */
export function yearCalendarOf(days: Map<string, UploadedDay>, lawHolidays: boolean): YearCalendar {
  const holidays: Record<string, string> = lawHolidays ? standardHolidays() : {};
  const transferredDaysOff: string[] = [];
  const workingWeekendDays: string[] = [];
  const shortDays: string[] = [];
  const notes: Record<string, string> = {};
  for (const [date, day] of [...days].sort(([a], [b]) => a.localeCompare(b))) {
    const md = date.slice(5);
    const weekend = isWeekend(date);
    switch (day.kind) {
      case 'holiday':
        holidays[md] = day.title || holidays[md] || 'Праздничный день';
        break;
      case 'day_off':
        // A Saturday or Sunday named a day off is one already.
        if (weekend) break;
        transferredDaysOff.push(md);
        if (day.title) notes[md] = day.title;
        break;
      case 'short':
        shortDays.push(md);
        if (weekend) workingWeekendDays.push(md);
        if (day.title) notes[md] = day.title;
        break;
      case 'working':
        if (!weekend) break;
        workingWeekendDays.push(md);
        if (day.title) notes[md] = day.title;
        break;
    }
  }
  return { holidays, transferredDaysOff, workingWeekendDays, shortDays, notes };
}

/** The holidays of art. 112 that a calendar makes working days: worth a warning before it is applied. */
export function missingLawHolidays(year: number, cal: YearCalendar): string[] {
  return Object.entries(standardHolidays())
    .filter(([md]) => !(md in cal.holidays) && !cal.transferredDaysOff.includes(md))
    .map(
      ([md, name]) =>
        `В файле нет праздника ${ruDate(`${year}-${md}`)} («${name}», ст. 112 ТК РФ): ` +
        (isWeekend(`${year}-${md}`) ? 'он будет обычным выходным.' : 'он будет рабочим днём.'),
    );
}
