import fs from 'node:fs';
import path from 'node:path';
import { addDays, zonedTime } from './tz';
import { FEDERAL_CALENDAR, laborCodeYear } from './production-calendar';
import { WorkingCalendar } from './working-time';

const TZ = 'Asia/Yekaterinburg';
const cal = new WorkingCalendar(TZ);
const at = (date: string, hm: string) => {
  const [h, m] = hm.split(':').map(Number) as [number, number];
  return zonedTime(date, h * 60 + m, TZ);
};

describe('WorkingCalendar (acceptance dates)', () => {
  it('2025-11-01, a Saturday, is a working day (shortened, transferred)', () => {
    expect(cal.day('2025-11-01')).toMatchObject({ working: true });
    expect(cal.isWorkingTime(at('2025-11-01', '10:00'))).toBe(true);
  });

  it('2025-11-03, a Monday, is a day off', () => {
    expect(cal.day('2025-11-03')).toMatchObject({ working: false, kind: 'transferred_day_off' });
    expect(cal.isWorkingTime(at('2025-11-03', '10:00'))).toBe(false);
  });

  it('2026-05-08 (a Friday before Victory Day) ends an hour early: 15:00', () => {
    expect(cal.day('2026-05-08')).toMatchObject({ kind: 'short', end: 15 * 60 });
    expect(cal.isWorkingTime(at('2026-05-08', '14:59'))).toBe(true);
    expect(cal.isWorkingTime(at('2026-05-08', '15:00'))).toBe(false);
  });

  it('a mail at 16:30 on Friday 2026-05-08 registers on Tuesday 2026-05-12', () => {
    expect(cal.registrationDateFor(at('2026-05-08', '16:30'))).toBe('2026-05-12');
    expect(cal.nextWorkingStart(at('2026-05-08', '16:30')).toISOString()).toBe(at('2026-05-12', '08:30').toISOString());
  });

  it('12:45 on a working day is lunch', () => {
    expect(cal.isWorkingTime(at('2026-11-26', '12:45'))).toBe(false);
    expect(cal.isWorkingTime(at('2026-11-26', '12:29'))).toBe(true);
    expect(cal.isWorkingTime(at('2026-11-26', '13:30'))).toBe(true);
  });
});

describe('WorkingCalendar (rules)', () => {
  it('Mon-Thu 08:30-17:00, Fri 08:30-16:00, weekends off', () => {
    expect(cal.isWorkingTime(at('2026-11-23', '08:29'))).toBe(false);
    expect(cal.isWorkingTime(at('2026-11-23', '08:30'))).toBe(true);
    expect(cal.isWorkingTime(at('2026-11-23', '16:59'))).toBe(true);
    expect(cal.isWorkingTime(at('2026-11-23', '17:00'))).toBe(false);
    expect(cal.isWorkingTime(at('2026-11-27', '15:59'))).toBe(true);
    expect(cal.isWorkingTime(at('2026-11-27', '16:00'))).toBe(false);
    expect(cal.isWorkingTime(at('2026-11-28', '10:00'))).toBe(false);
  });

  it('counts working time without nights, lunch and days off', () => {
    // Thu 16:00 -> Mon 09:30: 1 h Thu + 7.5 h Fri (08:30-16:00 minus lunch) + 1 h Mon.
    const ms = cal.workingDuration(at('2026-11-26', '16:00'), at('2026-11-30', '09:30'));
    expect(ms / 3600_000).toBeCloseTo(1 + 6.5 + 1, 5);
    expect(cal.workingDuration(at('2026-11-26', '12:00'), at('2026-11-26', '14:00')) / 60_000).toBe(60);
  });

  it('long spans add up day by day, in any order of questions', () => {
    // A fresh calendar each time, so the running totals are built from different starting points.
    const spans: [string, string][] = [
      ['2024-03-05', '2026-10-14'],
      ['2025-12-30', '2026-01-12'],
      ['2024-01-01', '2024-01-09'],
      ['2026-04-29', '2026-05-13'],
    ];
    const fresh = new WorkingCalendar(TZ);
    for (const [a, b] of [...spans].reverse()) {
      let byDay = 0;
      for (let d = a; d <= b; d = addDays(d, 1))
        byDay += cal.workingDuration(at(d, '00:00'), at(addDays(d, 1), '00:00'));
      const from = at(a, '10:15');
      const to = at(b, '11:40');
      const expected =
        byDay - cal.workingDuration(at(a, '00:00'), from) - cal.workingDuration(to, at(addDays(b, 1), '00:00'));
      expect(fresh.workingDuration(from, to)).toBe(expected);
    }
  });

  it('registers within the working day what comes in working time', () => {
    expect(cal.registrationDateFor(at('2026-11-26', '10:00'))).toBe('2026-11-26');
    expect(cal.registrationDateFor(at('2026-11-26', '12:45'))).toBe('2026-11-26');
    expect(cal.registrationDateFor(at('2026-11-26', '23:00'))).toBe('2026-11-27');
  });

  it('applies per-date overrides before the federal calendar', () => {
    const c = new WorkingCalendar(
      TZ,
      undefined,
      new Map([
        ['2026-11-26', { kind: 'day_off' as const, title: 'Региональный праздник' }],
        ['2026-11-28', { kind: 'working' as const, start: '10:00', end: '14:00' }],
      ]),
    );
    expect(c.day('2026-11-26')).toMatchObject({ working: false, overridden: true, title: 'Региональный праздник' });
    expect(c.isWorkingTime(at('2026-11-28', '10:30'))).toBe(true);
    expect(c.isWorkingTime(at('2026-11-28', '14:30'))).toBe(false);
  });
});

describe('production calendar data against the reference (test/fixtures/calendar-ru)', () => {
  const dir = path.resolve(__dirname, '../../test/fixtures/calendar-ru');
  for (const year of [2024, 2025, 2026]) {
    it(`${year}: every day's type matches`, () => {
      const xml = fs.readFileSync(path.join(dir, `${year}.xml`), 'utf8');
      const ref = new Map<string, string>();
      for (const m of xml.matchAll(/<day d="(\d\d)\.(\d\d)" t="(\d)"/g)) ref.set(`${year}-${m[1]}-${m[2]}`, m[3]!);
      const mismatches: string[] = [];
      for (let date = `${year}-01-01`; date.startsWith(String(year)); date = addDays(date, 1)) {
        const t = ref.get(date);
        const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
        const expectWorking = t === '1' ? false : t === '2' || t === '3' ? true : weekday !== 0 && weekday !== 6;
        const expectShort = t === '2';
        const d = cal.day(date);
        if (d.working !== expectWorking || (d.kind === 'short') !== expectShort) {
          mismatches.push(`${date}: ours ${d.kind}, reference t=${t ?? '-'}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});

describe('a year without the decree: the Labour Code’s calendar', () => {
  it('2027 by hand: holidays on a weekend give the next working day off, holiday eves are short', () => {
    // 1 May 2027 is a Saturday -> Mon 3 May off; 9 May a Sunday -> Mon 10 May; 12 June a Saturday ->
    // Mon 14 June. 2-3 January fall on a weekend too, but only a decree moves New Year holidays.
    expect(laborCodeYear(2027)).toMatchObject({
      transferredDaysOff: ['05-03', '05-10', '06-14'],
      workingWeekendDays: [],
      // Eves: Mon 22 Feb, Fri 30 Apr, Fri 11 Jun, Wed 3 Nov, Fri 31 Dec (7 Mar and 8 May are weekend days).
      shortDays: ['02-22', '04-30', '06-11', '11-03', '12-31'],
    });
    const c = new WorkingCalendar('Asia/Yekaterinburg');
    expect(c.day('2027-01-01')).toMatchObject({ working: false, kind: 'holiday' });
    expect(c.day('2027-05-10')).toMatchObject({ working: false, kind: 'transferred_day_off' });
    expect(c.day('2027-04-30')).toMatchObject({ working: true, kind: 'short' });
    expect(WorkingCalendar.hasYear(2027)).toBe(false);
  });

  it('gives as many days off as the decrees of 2024-2026, which also move the New Year ones', () => {
    for (const year of [2024, 2025, 2026]) {
      const law = laborCodeYear(year);
      const decree = FEDERAL_CALENDAR[year]!;
      expect([year, law.holidays]).toEqual([year, decree.holidays]);
      // A decree may put a day off elsewhere than the law's next working day (2025: 24 February went to
      // 8 May), and moves the New Year holidays that fall on a weekend: the count is the same.
      const newYearOnWeekend = Object.keys(decree.holidays).filter((md) => {
        const day = new Date(`${year}-${md}T00:00:00Z`).getUTCDay();
        return md.startsWith('01-0') && (day === 0 || day === 6);
      }).length;
      expect([year, decree.transferredDaysOff.length - decree.workingWeekendDays.length]).toEqual([
        year,
        law.transferredDaysOff.length + newYearOnWeekend,
      ]);
    }
    // 2026 by the law: 8 March a Sunday -> 9 March, 9 May a Saturday -> 11 May; the decree adds 9 January
    // and 31 December (from 3-4 January), so 31 December is no longer a short day.
    expect(laborCodeYear(2026)).toMatchObject({
      transferredDaysOff: ['03-09', '05-11'],
      shortDays: ['04-30', '05-08', '06-11', '11-03', '12-31'],
    });
    expect(FEDERAL_CALENDAR[2026]!.shortDays).toEqual(['04-30', '05-08', '06-11', '11-03']);
  });
});
