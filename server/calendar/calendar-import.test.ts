import fs from 'node:fs';
import path from 'node:path';
import { canonicalYear, previewImport, yearCounts, type CalendarNow } from './calendar-import';
import { parseCalendarXml } from './calendar-xml';
import { FEDERAL_CALENDAR, laborCodeYear } from './production-calendar';
import { DEFAULT_SCHEDULE, type DayOverride } from './working-time';

const real2026 = () =>
  parseCalendarXml(fs.readFileSync(path.resolve(__dirname, '../../test/fixtures/calendar-ru/2026.xml')), 2026);

const now = (over: Partial<CalendarNow> = {}): CalendarNow => ({
  timeZone: 'Asia/Yekaterinburg',
  schedule: DEFAULT_SCHEDULE,
  overrides: new Map(),
  current: laborCodeYear(2026),
  source: 'labor_code',
  stored: undefined,
  ...over,
});

describe('previewImport', () => {
  it('2026 by the Labour Code -> the decree: 9 January and 31 December become days off', () => {
    const p = previewImport(real2026(), now());
    expect(p.changes).toEqual([
      {
        date: '2026-01-09',
        current: { kind: 'working', working: true, start: '08:30', end: '16:00', title: '' },
        new: {
          kind: 'transferred_day_off',
          working: false,
          start: null,
          end: null,
          title: 'Выходной перенесён с 03.01',
        },
        note: 'Выходной перенесён с 03.01',
      },
      {
        date: '2026-12-31',
        current: { kind: 'short', working: true, start: '08:30', end: '16:00', title: 'Предпраздничный день' },
        new: {
          kind: 'transferred_day_off',
          working: false,
          start: null,
          end: null,
          title: 'Выходной перенесён с 04.01',
        },
        note: 'Выходной перенесён с 04.01',
      },
    ]);
    expect(p.counts).toMatchObject({ changed: 2, toDayOff: 2, toWorking: 0, hoursChanged: 0 });
    // 2026 by the decree: 247 working days, 4 of them short: 247 × 8 − 4 = 1972 hours of a 40-hour week.
    expect(p.counts.new).toEqual({ workingDays: 247, daysOff: 118, shortDays: 4, hours40: 1972 });
    expect(p.counts.current).toEqual({ workingDays: 249, daysOff: 116, shortDays: 5, hours40: 1987 });
    expect(p).toMatchObject({
      year: 2026,
      format: 'xml',
      source: 'labor_code',
      alreadyApplied: false,
      keptOverrides: [],
    });
    expect(p.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the norms of 2024 and 2025 (1979 and 1972 hours) come out of the built-in decrees', () => {
    expect(yearCounts(2024, FEDERAL_CALENDAR[2024]!)).toMatchObject({ workingDays: 248, hours40: 1979 });
    expect(yearCounts(2025, FEDERAL_CALENDAR[2025]!)).toMatchObject({ workingDays: 247, hours40: 1972 });
  });

  it('the same token for the same file and calendar; another when the calendar changed meanwhile', () => {
    const a = previewImport(real2026(), now());
    expect(previewImport(real2026(), now()).token).toBe(a.token);
    const overrides = new Map<string, DayOverride>([
      ['2026-06-03', { kind: 'day_off', title: 'Региональный праздник' }],
    ]);
    expect(previewImport(real2026(), now({ overrides })).token).toBe(a.token);
    const moved = new Map<string, DayOverride>([['2026-01-09', { kind: 'working' }]]);
    expect(previewImport(real2026(), now({ overrides: moved })).token).not.toBe(a.token);
  });

  it("keeps an admin's override and says so", () => {
    const overrides = new Map<string, DayOverride>([['2026-01-09', { kind: 'working', title: 'Дежурство' }]]);
    const p = previewImport(real2026(), now({ overrides }));
    expect(p.changes.map((c) => c.date)).toEqual(['2026-12-31']);
    expect(p.keptOverrides).toEqual([
      expect.objectContaining({
        date: '2026-01-09',
        current: expect.objectContaining({ kind: 'working', title: 'Дежурство' }) as unknown,
        new: expect.objectContaining({ kind: 'transferred_day_off' }) as unknown,
      }),
    ]);
  });

  it('nothing to change once the same calendar is stored', () => {
    const stored = canonicalYear(real2026().calendar);
    const p = previewImport(real2026(), now({ current: stored, stored, source: 'imported' }));
    expect(p).toMatchObject({ changes: [], alreadyApplied: true, counts: { changed: 0 } });
  });
});
