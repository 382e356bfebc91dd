import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { CalendarFileError, detectCalendarFormat } from './calendar-file';
import { sameYear } from './calendar-import';
import { kindOf, parseCalendarCsv, parseCalendarXlsx } from './calendar-table';
import { parseCalendarXml } from './calendar-xml';
import { laborCodeYear } from './production-calendar';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures');
const sampleXml = () => parseCalendarXml(fs.readFileSync(path.join(FIXTURES, 'calendar-import/2027-sample.xml')), 2027);
const csv = (lines: string[], bom = false) => Buffer.from((bom ? '\uFEFF' : '') + lines.join('\r\n'), 'utf8');

async function problemsOf(parse: () => unknown): Promise<string[]> {
  try {
    await parse();
  } catch (err) {
    if (err instanceof CalendarFileError) return err.problems;
    throw err;
  }
  throw new Error('the file was accepted');
}

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Календарь 2027');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('parseCalendarCsv', () => {
  it('reads the sample (header, «;», CRLF) as the XML of the same days', () => {
    const parsed = parseCalendarCsv(fs.readFileSync(path.join(FIXTURES, 'calendar-import/2027-sample.csv')), 2027);
    expect(parsed).toMatchObject({ year: 2027, format: 'csv', warnings: [] });
    expect(sameYear(parsed.calendar, sampleXml().calendar)).toBe(true);
  });

  it('takes a BOM, «,» between columns, ISO dates, no header, a quoted note with a comma', () => {
    const parsed = parseCalendarCsv(
      csv(
        ['2027-11-05,нерабочий,"Перенос с 13.11, постановление"', '2027-11-13,Рабочий день,', '2027-12-31,выходной'],
        true,
      ),
      2027,
    );
    expect(parsed.calendar).toMatchObject({
      transferredDaysOff: ['11-05', '12-31'],
      workingWeekendDays: ['11-13'],
      notes: { '11-05': 'Перенос с 13.11, постановление' },
    });
    // The holidays of art. 112 come with the table even when it does not list them.
    expect(parsed.calendar.holidays).toEqual(laborCodeYear(2027).holidays);
    // A short Saturday works, an hour less.
    const short = parseCalendarCsv(csv(['Дата;Вид;Название', '06.11.2027;сокращённый;Перед праздником']), 2027);
    expect(short.calendar).toMatchObject({ shortDays: ['11-06'], workingWeekendDays: ['11-06'] });
  });

  it('refuses a file that mixes years, or is of another year than the one chosen', async () => {
    expect(
      await problemsOf(() => parseCalendarCsv(csv(['31.12.2026;нерабочий', '01.01.2027;праздник']), 2027)),
    ).toEqual(['В файле даты разных лет (2026 — строка 1; 2027 — строка 2). Загрузите календарь одного года — 2027.']);
    expect(await problemsOf(() => parseCalendarCsv(csv(['Дата;Тип', '09.01.2026;нерабочий']), 2027))).toEqual([
      'Даты в файле — 2026 года, а выбран 2027: выберите 2026 год или загрузите файл на 2027 год.',
    ]);
  });

  it('says what is wrong in which line', async () => {
    const problems = await problemsOf(() =>
      parseCalendarCsv(
        csv([
          'Дата;Тип дня;Примечание',
          '31.02.2027;нерабочий;',
          '2027/05/03;нерабочий;',
          '05.11.2027;отгул;',
          '06.11.2027;;',
          '13.11.2027;рабочий;',
          '13.11.2027;рабочий;',
          '09.05.2027;рабочий;',
        ]),
        2027,
      ),
    );
    expect(problems).toEqual([
      'Строка 2: «31.02.2027» — такой даты нет. Пишите ДД.ММ.ГГГГ (01.05.2027) или ГГГГ-ММ-ДД (2027-05-01).',
      'Строка 3: «2027/05/03» — не дата. Пишите ДД.ММ.ГГГГ (01.05.2027) или ГГГГ-ММ-ДД (2027-05-01).',
      'Строка 4: тип дня «отгул» непонятен — пишите «нерабочий» (или «праздник», «выходной»), «сокращённый» (или «предпраздничный») или «рабочий».',
      'Строка 5: у 06.11.2027 не указан тип дня — пишите «нерабочий» (или «праздник», «выходной»), «сокращённый» (или «предпраздничный») или «рабочий».',
      'Строка 7: 13.11.2027 уже есть в строке 6: каждый день — одной строкой.',
      'Строка 8: 09.05.2027 — нерабочий праздничный день по ст. 112 ТК РФ («День Победы»), он не бывает рабочим или сокращённым.',
    ]);
  });

  it('refuses an empty table, a header without a date column, a file of thousands of rows', async () => {
    expect((await problemsOf(() => parseCalendarCsv(csv(['Дата;Тип дня']), 2027)))[0]).toMatch(
      /нет ни одной строки с датой/,
    );
    expect((await problemsOf(() => parseCalendarCsv(csv(['День недели;Тип', 'пн;рабочий']), 2027)))[0]).toMatch(
      /не найдены столбцы «Дата»/,
    );
    const many = Array.from({ length: 500 }, () => '01.03.2027;рабочий');
    expect((await problemsOf(() => parseCalendarCsv(csv(many), 2027)))[0]).toMatch(/500 строк/);
  });

  it('warns of a row that changes nothing', () => {
    expect(parseCalendarCsv(csv(['03.03.2027;рабочий']), 2027).warnings).toEqual([
      '03.03.2027 (среда) и так рабочий день: строка 1 ничего не меняет.',
    ]);
  });
});

describe('parseCalendarXlsx', () => {
  it('reads date cells, text dates and a header, as the XML of the same days', async () => {
    const rows: unknown[][] = [['Дата', 'Тип дня', 'Примечание']];
    for (const line of fs
      .readFileSync(path.join(FIXTURES, 'calendar-import/2027-sample.csv'), 'utf8')
      .split('\r\n')
      .slice(1)) {
      if (!line) continue;
      const [d, kind, note] = line.split(';') as [string, string, string];
      const [dd, mm, yyyy] = d.split('.').map(Number) as [number, number, number];
      // Half the dates as Excel date cells, half as text.
      rows.push([dd % 2 ? new Date(Date.UTC(yyyy, mm - 1, dd)) : d, kind, note]);
    }
    const parsed = await parseCalendarXlsx(await xlsx(rows), 2027);
    expect(parsed.format).toBe('xlsx');
    expect(sameYear(parsed.calendar, sampleXml().calendar)).toBe(true);
  });

  it('refuses a damaged workbook and says which row is wrong', async () => {
    const good = await xlsx([
      ['Дата', 'Тип'],
      ['05.11.2027', 'перенос'],
    ]);
    expect(await problemsOf(() => parseCalendarXlsx(good.subarray(0, 200), 2027))).toEqual([
      'Файл не читается как книга Excel (.xlsx): откройте его в Excel и сохраните заново как .xlsx или CSV.',
    ]);
    const bad = await xlsx([
      ['Дата', 'Тип'],
      [new Date(Date.UTC(2027, 10, 5)), 'нерабочий'],
      ['13.13.2027', 'рабочий'],
    ]);
    expect((await problemsOf(() => parseCalendarXlsx(bad, 2027)))[0]).toMatch(
      /^Строка 3: «13\.13\.2027» — такой даты нет/,
    );
  });
});

describe('the format and the kind of day', () => {
  it('tells XML, XLSX and CSV by their first bytes', async () => {
    expect(detectCalendarFormat(Buffer.from('\uFEFF  <?xml version="1.0"?><calendar/>'))).toBe('xml');
    expect(detectCalendarFormat(await xlsx([['x']]))).toBe('xlsx');
    expect(detectCalendarFormat(Buffer.from('01.01.2027;праздник'))).toBe('csv');
    expect(() => detectCalendarFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1]))).toThrow(/\.xls/);
    expect(() => detectCalendarFormat(Buffer.alloc(0))).toThrow(/пустой/);
  });

  it('understands the words people use', () => {
    const cases: [string, ReturnType<typeof kindOf>][] = [
      ['нерабочий', 'day_off'],
      ['Нерабочий праздничный день', 'holiday'],
      ['праздник', 'holiday'],
      ['Выходной', 'day_off'],
      ['перенесённый выходной', 'day_off'],
      ['сокращённый', 'short'],
      ['СОКРАЩЕННЫЙ', 'short'],
      ['предпраздничный', 'short'],
      ['рабочий', 'working'],
      ['Рабочая суббота', 'working'],
      ['holiday', 'holiday'],
      ['day off', 'day_off'],
      ['short', 'short'],
      ['working', 'working'],
      ['отгул', null],
      ['', null],
    ];
    expect(cases.map(([w]) => [w, kindOf(w)])).toEqual(cases);
  });
});

describe('any bytes: read or refused with reasons, never a crash', () => {
  const parseAny = async (bytes: Uint8Array) => {
    const format = detectCalendarFormat(bytes);
    if (format === 'xml') return parseCalendarXml(bytes, 2027);
    if (format === 'csv') return parseCalendarCsv(bytes, 2027);
    return parseCalendarXlsx(bytes, 2027);
  };
  const survives = async (bytes: Uint8Array) => {
    try {
      await parseAny(bytes);
    } catch (err) {
      if (!(err instanceof CalendarFileError)) throw err;
      expect(err.problems.length).toBeGreaterThan(0);
      for (const p of err.problems) expect(p).toMatch(/[а-яё]/i);
    }
  };
  const samples = [
    fs.readFileSync(path.join(FIXTURES, 'calendar-import/2027-sample.xml')),
    fs.readFileSync(path.join(FIXTURES, 'calendar-import/2027-sample.csv')),
  ];
  /** A sample with a few bytes changed, cut out or put in. */
  const mutated = fc
    .tuple(
      fc.constantFrom(...samples),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 }), fc.uint8Array({ minLength: 1, maxLength: 4 })), {
        minLength: 1,
        maxLength: 4,
      }),
    )
    .map(([sample, edits]) => {
      let b = Buffer.from(sample);
      for (const [pos, op, bytes] of edits) {
        const at = pos % b.length;
        if (op === 0) b = Buffer.concat([b.subarray(0, at), Buffer.from(bytes), b.subarray(at + bytes.length)]);
        else if (op === 1) b = Buffer.concat([b.subarray(0, at), b.subarray(at + bytes.length)]);
        else b = Buffer.concat([b.subarray(0, at), Buffer.from(bytes), b.subarray(at)]);
      }
      return b;
    });

  it('mutated samples and random bytes', async () => {
    await fc.assert(fc.asyncProperty(mutated, survives), { numRuns: 400 });
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), survives), { numRuns: 200 });
    const book = await xlsx([
      ['Дата', 'Тип дня'],
      [new Date(Date.UTC(2027, 10, 5)), 'нерабочий'],
    ]);
    const zipped = fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([pos, bytes]) => {
      const at = 4 + (pos % (book.length - 4));
      return Buffer.concat([book.subarray(0, at), Buffer.from(bytes), book.subarray(at + bytes.length)]);
    });
    await fc.assert(fc.asyncProperty(zipped, survives), { numRuns: 100 });
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), (s) => survives(Buffer.from(`<calendar year="2027">${s}`))),
      { numRuns: 200 },
    );
  });
});
