// A production calendar as a table of dates (CSV or XLSX, as people make it in Excel): one row per day
// that differs from a plain Mon–Fri week — date, kind of day, an optional note. Holidays of art. 112
// need not be listed (a table rarely names a holiday that falls on a Sunday).
import ExcelJS from 'exceljs';
import { decodeCsv, parseCsv } from '../organizations/csv';
import {
  CalendarFileError,
  isoDate,
  isWeekend,
  ruDate,
  weekdayName,
  yearCalendarOf,
  type CalendarFileFormat,
  type ParsedCalendarFile,
  type UploadedDay,
  type UploadedKind,
} from './calendar-file';
import { standardHolidays } from './production-calendar';

export type Cell = string | number | boolean | Date | null | undefined;
export interface TableRow {
  /** 1-based line (CSV) or row number (XLSX), as the admin sees it. */
  line: number;
  cells: Cell[];
}

/** More rows than a year has days: not a calendar. */
const MAX_ROWS = 400;

const KINDS_HINT =
  'пишите «нерабочий» (или «праздник», «выходной»), «сокращённый» (или «предпраздничный») или «рабочий»';

/** Reads a CSV table of dates (UTF-8 with or without BOM; «;» or «,» between columns). */
export function parseCalendarCsv(bytes: Uint8Array, year: number): ParsedCalendarFile {
  const { text } = decodeCsv(Buffer.from(bytes));
  const rows = parseCsv(text, separatorOf(text)).map((r) => ({ line: r.line, cells: r.fields }));
  return parseDateTable(rows, year, 'csv');
}

/** Reads the first sheet with data of an XLSX workbook as a table of dates. */
export async function parseCalendarXlsx(bytes: Uint8Array, year: number): Promise<ParsedCalendarFile> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new CalendarFileError([
      'Файл не читается как книга Excel (.xlsx): откройте его в Excel и сохраните заново как .xlsx или CSV.',
    ]);
  }
  const sheet = wb.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw new CalendarFileError(['В книге Excel нет ни одного заполненного листа.']);
  const rows: TableRow[] = [];
  sheet.eachRow((row, line) => {
    const values = row.values as unknown[];
    // exceljs rows are 1-based: values[0] is empty.
    rows.push({ line, cells: values.slice(1).map(cellValue) });
  });
  return parseDateTable(rows, year, 'xlsx');
}

/** Reads rows of (date, kind[, note]), with or without a header row. */
export function parseDateTable(rows: TableRow[], year: number, format: CalendarFileFormat): ParsedCalendarFile {
  const filled = rows.filter((r) => r.cells.some((c) => text(c) !== ''));
  if (filled.length > MAX_ROWS) {
    throw new CalendarFileError([
      `В файле ${filled.length} строк, а в году не больше 366 дней: в таблице — только дни, что отличаются от обычной недели.`,
    ]);
  }
  const cols = columnsOf(filled[0]);
  const data = cols.header ? filled.slice(1) : filled;
  if (data.length === 0) {
    throw new CalendarFileError([
      'В файле нет ни одной строки с датой. Нужна таблица: дата (ДД.ММ.ГГГГ), тип дня, примечание.',
    ]);
  }
  if ('error' in cols) throw new CalendarFileError([cols.error]);

  const problems: string[] = [];
  const read: { line: number; date: string; kind: UploadedKind; note: string }[] = [];
  for (const r of data) {
    const at = `Строка ${r.line}`;
    const rawDate = r.cells[cols.date];
    const date = dateOf(rawDate);
    if (!date) {
      problems.push(
        text(rawDate) === ''
          ? `${at}: нет даты. Пишите ДД.ММ.ГГГГ (01.05.${year}) или ГГГГ-ММ-ДД (${year}-05-01).`
          : `${at}: «${text(rawDate)}» — ${looksLikeDate(rawDate) ? 'такой даты нет' : 'не дата'}. Пишите ДД.ММ.ГГГГ (01.05.${year}) или ГГГГ-ММ-ДД (${year}-05-01).`,
      );
      continue;
    }
    const rawKind = text(r.cells[cols.kind]);
    const kind = kindOf(rawKind);
    if (!kind) {
      problems.push(
        rawKind === ''
          ? `${at}: у ${ruDate(date)} не указан тип дня — ${KINDS_HINT}.`
          : `${at}: тип дня «${rawKind}» непонятен — ${KINDS_HINT}.`,
      );
      continue;
    }
    read.push({
      line: r.line,
      date,
      kind,
      note: cols.note === undefined ? '' : text(r.cells[cols.note]).slice(0, 200),
    });
  }

  // One year, the chosen one.
  const years = [...new Set(read.map((d) => Number(d.date.slice(0, 4))))].sort();
  if (years.length > 1) {
    const where = years
      .map((y) => {
        const lines = read.filter((d) => d.date.startsWith(`${y}-`)).map((d) => d.line);
        return `${y} — ${lines.length === 1 ? 'строка' : 'строки'} ${lines.slice(0, 5).join(', ')}${lines.length > 5 ? '…' : ''}`;
      })
      .join('; ');
    throw new CalendarFileError([
      `В файле даты разных лет (${where}). Загрузите календарь одного года — ${year}.`,
      ...problems,
    ]);
  }
  if (years.length === 1 && years[0] !== year) {
    throw new CalendarFileError([
      `Даты в файле — ${years[0]} года, а выбран ${year}: выберите ${years[0]} год или загрузите файл на ${year} год.`,
    ]);
  }

  const law = standardHolidays();
  const days = new Map<string, UploadedDay>();
  const lineOf = new Map<string, number>();
  for (const d of read) {
    const at = `Строка ${d.line}`;
    const first = lineOf.get(d.date);
    if (first !== undefined) {
      problems.push(`${at}: ${ruDate(d.date)} уже есть в строке ${first}: каждый день — одной строкой.`);
      continue;
    }
    lineOf.set(d.date, d.line);
    const lawName = law[d.date.slice(5)];
    if (lawName && (d.kind === 'working' || d.kind === 'short')) {
      problems.push(
        `${at}: ${ruDate(d.date)} — нерабочий праздничный день по ст. 112 ТК РФ («${lawName}»), он не бывает рабочим или сокращённым.`,
      );
      continue;
    }
    // A day off on a date of art. 112 is that holiday; a holiday outside it keeps the note as its name.
    days.set(d.date, lawName ? { kind: 'holiday', title: d.note || lawName } : { kind: d.kind, title: d.note });
  }
  if (problems.length) throw new CalendarFileError(problems);
  const calendar = yearCalendarOf(days, true);
  const warnings = read
    .filter((d) => d.kind === 'working' && !isWeekend(d.date) && !law[d.date.slice(5)])
    .map((d) => `${ruDate(d.date)} (${weekdayName(d.date)}) и так рабочий день: строка ${d.line} ничего не меняет.`);
  return { year, format, calendar, warnings };
}

/** Where the date, the kind and the note are: by a header row, else the first three columns. */
function columnsOf(
  first: TableRow | undefined,
): { header: boolean; date: number; kind: number; note?: number } | { header: true; error: string } {
  // A first row whose first cell is (or tries to be) a date is data; one with words is a header.
  const dateLike = (c: Cell) => c instanceof Date || typeof c === 'number' || /^[\d\s./-]+$/.test(text(c));
  if (!first || dateLike(first.cells[0]) || !first.cells.some((c) => typeof c === 'string' && /[a-zа-яё]/i.test(c))) {
    return { header: false, date: 0, kind: 1, note: 2 };
  }
  const names = first.cells.map((c) => text(c).toLowerCase().replace(/ё/g, 'е'));
  const find = (re: RegExp) => {
    const i = names.findIndex((n) => re.test(n));
    return i < 0 ? undefined : i;
  };
  const date = find(/дата|date/);
  const kind = find(/тип|вид|kind|type|статус|характер/);
  const note = find(/примеч|назван|коммент|основан|праздник|note|name|title|comment/);
  if (date === undefined || kind === undefined) {
    return {
      header: true,
      error:
        `В первой строке (заголовке) не найдены столбцы «${date === undefined ? 'Дата' : 'Тип дня'}»: ` +
        'нужны столбцы «Дата», «Тип дня» и, если нужно, «Примечание» — или таблица без заголовка в таком порядке.',
    };
  }
  return { header: true, date, kind, ...(note !== undefined && note !== kind && note !== date ? { note } : {}) };
}

/** The kind of day a word names (Russian as people write it, or English). */
export function kindOf(raw: string): UploadedKind | null {
  const k = raw.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
  if (!k) return null;
  if (/предпраздн|^сокращ|^short/.test(k)) return 'short';
  if (/праздн|^holiday/.test(k)) return 'holiday';
  if (/^(нерабоч|выходн|перенес|day ?off|non-?working|off\b)/.test(k)) return 'day_off';
  if (/^(рабоч|working|work\b)/.test(k)) return 'working';
  return null;
}

const DAY_MS = 86_400_000;

/** "YYYY-MM-DD" from a cell: dd.MM.yyyy, yyyy-MM-dd, an Excel date or its serial number. */
function dateOf(c: Cell): string | null {
  if (c instanceof Date) {
    // exceljs gives a date cell as UTC midnight; a second's rounding either way is forgiven.
    const t = new Date(Math.floor((c.getTime() + 1000) / DAY_MS) * DAY_MS);
    return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  if (typeof c === 'number') {
    // A date cell without a date format: days since 30.12.1899 (Excel's epoch).
    if (!Number.isInteger(c) || c < 36526 || c > 73051) return null;
    return dateOf(new Date(Date.UTC(1899, 11, 30) + c * DAY_MS));
  }
  const s = text(c).replace(/\s+0?0:00(:00)?$/, '');
  let m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

const looksLikeDate = (c: Cell) => /^\d{1,2}\.\d{1,2}\.\d{4}$|^\d{4}-\d{2}-\d{2}$/.test(text(c));

function text(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).trim();
}

/** A cell's value as plain data: rich text, formulas and links reduced to what they show. */
function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
  if (o.richText) return o.richText.map((r) => r.text).join('');
  if ('result' in o) return cellValue(o.result);
  if (typeof o.text === 'string') return o.text;
  if (typeof o.error === 'string') return o.error;
  return null;
}

/** «;» (what Excel writes in a Russian locale) or «,»: whichever the first line has more of outside quotes. */
function separatorOf(textOfFile: string): ';' | ',' {
  const first = textOfFile.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const bare = first.replace(/"[^"]*"/g, '');
  const count = (ch: string) => bare.split(ch).length - 1;
  return count(',') > count(';') ? ',' : ';';
}
