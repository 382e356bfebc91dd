import fs from 'node:fs';
import path from 'node:path';
import { CalendarFileError } from './calendar-file';
import { canonicalYear, sameYear } from './calendar-import';
import { parseCalendarCsv } from './calendar-table';
import { parseCalendarXml } from './calendar-xml';
import { FEDERAL_CALENDAR } from './production-calendar';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures');
const file = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const bytes = (s: string) => Buffer.from(s, 'utf8');

/** The problems a file is refused with (fails the test when it is accepted). */
function problemsOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (err) {
    if (err instanceof CalendarFileError) return err.problems;
    throw err;
  }
  throw new Error('the file was accepted');
}

const calendar = (days: string, attrs = 'year="2026" lang="ru" date="2025.09.30" country="ru"') =>
  bytes(`<?xml version="1.0" encoding="UTF-8"?>
<calendar ${attrs}>
    <holidays>
        <holiday id="1" title="Новогодние каникулы"/>
        <holiday id="8" title="День народного единства"/>
    </holidays>
    <days>
${days}
    </days>
</calendar>`);

describe('parseCalendarXml: the real calendars (test/fixtures/calendar-ru, xmlcalendar.ru)', () => {
  for (const year of [2024, 2025, 2026]) {
    it(`${year}: the same days as the decree built into callog`, () => {
      const parsed = parseCalendarXml(file(`calendar-ru/${year}.xml`), year);
      expect(parsed).toMatchObject({ year, format: 'xml', warnings: [] });
      const { notes: _n, ...got } = canonicalYear(parsed.calendar);
      const { notes: _m, ...want } = canonicalYear(FEDERAL_CALENDAR[year]!);
      expect(got).toEqual(want);
    });
  }

  it('names the days: a holiday by its title, a transfer by the day it came from', () => {
    const c = parseCalendarXml(file('calendar-ru/2024.xml'), 2024).calendar;
    expect(c.holidays['01-07']).toBe('Рождество Христово');
    expect(c.notes).toMatchObject({
      '04-29': 'Выходной перенесён с 27.04',
      '04-27': 'Рабочий день: выходной перенесён на 29.04',
      '12-31': 'Выходной перенесён с 07.01',
    });
  });

  it('the made-up 2027 sample says the same in XML and in CSV', () => {
    const xml = parseCalendarXml(file('calendar-import/2027-sample.xml'), 2027);
    const csv = parseCalendarCsv(file('calendar-import/2027-sample.csv'), 2027);
    expect(sameYear(xml.calendar, csv.calendar)).toBe(true);
    expect(xml.calendar.workingWeekendDays).toEqual(['11-13']);
  });
});

describe('parseCalendarXml: refusals that say what to fix', () => {
  it('another year than the one chosen', () => {
    expect(problemsOf(() => parseCalendarXml(file('calendar-ru/2026.xml'), 2027))).toEqual([
      'Это календарь на 2026 год, а выбран 2027: выберите 2026 год или загрузите файл на 2027 год.',
    ]);
  });

  it('an unknown day type, with its line', () => {
    const [p] = problemsOf(() => parseCalendarXml(calendar('        <day d="01.01" t="4" h="1"/>'), 2026));
    expect(p).toMatch(/^Строка 8: неизвестный тип дня t="4" у 01\.01\.2026; допустимы t="1" — нерабочий день/);
  });

  it('malformed dates: no such day, day and month swapped, no leading zeros', () => {
    const problems = problemsOf(() =>
      parseCalendarXml(
        calendar(['<day d="02.30" t="1"/>', '<day d="23.02" t="1"/>', '<day d="5.1" t="1"/>'].join('\n')),
        2026,
      ),
    );
    expect(problems).toEqual([
      'Строка 8: d="02.30": такой даты в 2026 году нет (ММ.ДД: месяц 02, день 30).',
      'Строка 9: d="23.02": месяца 23 нет — похоже, день и месяц переставлены; в этом формате сначала месяц: d="02.23".',
      'Строка 10: d="5.1" — дата пишется как ММ.ДД (месяц.день, с нулями), например d="05.01" — 1 мая.',
    ]);
    expect(problemsOf(() => parseCalendarXml(calendar('<day d="02.29" t="1"/>'), 2026))[0]).toMatch(/такой даты/);
  });

  it('a day twice, a holiday number that is not in <holidays>, t="3" on a weekday', () => {
    const problems = problemsOf(() =>
      parseCalendarXml(
        calendar(
          [
            '<day d="01.01" t="1" h="1"/>',
            '<day d="01.01" t="1" h="1"/>',
            '<day d="11.04" t="1" h="9"/>',
            '<day d="11.05" t="3"/>',
          ].join('\n'),
        ),
        2026,
      ),
    );
    expect(problems).toEqual([
      'Строка 9: день 01.01.2026 уже указан в строке 8: каждый день — один раз.',
      'Строка 10: h="9" — праздника с таким номером нет в разделе <holidays>.',
      'Строка 11: 05.11.2026 — четверг, а t="3" (рабочий день вместо выходного) ставят только субботе или воскресенью.',
    ]);
  });

  it('what is not a calendar, or not well-formed XML', () => {
    expect(problemsOf(() => parseCalendarXml(bytes('<html><body/></html>'), 2026))[0]).toMatch(
      /главный тег файла — <html>.*<calendar year="2026"/,
    );
    expect(
      problemsOf(() =>
        parseCalendarXml(bytes('<calendar year="2026"><days><day d="01.01" t="1"/></calendar>'), 2026),
      )[0],
    ).toMatch(/закрывающий тег <\/calendar> не подходит к открытому в строке 1 <days>/);
    expect(
      problemsOf(() => parseCalendarXml(bytes('<calendar year="2026"><days>1 января</days></calendar>'), 2026))[0],
    ).toMatch(/текст «1 января» вне тегов/);
    expect(problemsOf(() => parseCalendarXml(bytes('<calendar year="2026" year="2027"/>'), 2026))[0]).toMatch(
      /атрибут year повторяется/,
    );
    expect(problemsOf(() => parseCalendarXml(bytes('<calendar year="26"><days/></calendar>'), 2026))[0]).toMatch(
      /year="26" — год пишется четырьмя цифрами/,
    );
    expect(problemsOf(() => parseCalendarXml(bytes('<calendar year="2026"></calendar>'), 2026))).toEqual([
      'В файле нет раздела <days> со списком дней: это не производственный календарь.',
    ]);
    expect(problemsOf(() => parseCalendarXml(Buffer.from([0x3c, 0x61, 0xff, 0x3e]), 2026))[0]).toMatch(/UTF-8/);
  });

  it('another country', () => {
    expect(problemsOf(() => parseCalendarXml(calendar('', 'year="2026" country="by"'), 2026))[0]).toBe(
      'Это календарь страны «by» (атрибут country), а нужен российский: country="ru".',
    );
  });

  it('warns of a holiday of art. 112 the file leaves out, and reads Windows-1251 when declared', () => {
    const xml = fs
      .readFileSync(path.join(FIXTURES, 'calendar-ru/2026.xml'), 'utf8')
      .replace('<day d="11.04" t="1" h="8"/>', '')
      .replace('encoding="UTF-8"', 'encoding="windows-1251"');
    const cp1251 = Buffer.from(
      [...xml].map((ch) => {
        const code = ch.charCodeAt(0);
        if (code < 0x80) return code;
        if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
        if (ch === 'ё') return 0xb8;
        if (ch === 'Ё') return 0xa8;
        throw new Error(`no cp1251 for ${ch}`);
      }),
    );
    const parsed = parseCalendarXml(cp1251, 2026);
    expect(parsed.calendar.holidays['01-07']).toBe('Рождество Христово');
    expect(parsed.warnings).toEqual([
      'В файле нет праздника 04.11.2026 («День народного единства», ст. 112 ТК РФ): он будет рабочим днём.',
    ]);
  });
});
