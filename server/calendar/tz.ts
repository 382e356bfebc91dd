// Instants <-> wall-clock time in a time zone, without a library (Intl only).

const fmts = new Map<string, Intl.DateTimeFormat>();

function fmt(tz: string): Intl.DateTimeFormat {
  let f = fmts.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    fmts.set(tz, f);
  }
  return f;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  /** Minutes since local midnight. */
  minutes: number;
  /** 1 = Monday ... 7 = Sunday. */
  weekday: number;
  /** "YYYY-MM-DD" */
  date: string;
}

// Zones change their offset only at whole quarter-hours: the offset is learnt once per quarter-hour
// (Intl is slow: a burst of calls asks the calendar hundreds of times) and the fields come from the
// shifted instant.
const QUARTER_MS = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();

function zoneOffsetMs(at: number, tz: string): number {
  const quarter = Math.floor(at / QUARTER_MS);
  let byQuarter = offsets.get(tz);
  if (!byQuarter) offsets.set(tz, (byQuarter = new Map<number, number>()));
  let offset = byQuarter.get(quarter);
  if (offset === undefined) {
    const start = quarter * QUARTER_MS;
    const parts: Record<string, string> = {};
    for (const p of fmt(tz).formatToParts(start)) parts[p.type] = p.value;
    const local = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    );
    offset = local - start;
    if (byQuarter.size >= 4096) byQuarter.clear();
    byQuarter.set(quarter, offset);
  }
  return offset;
}

export function wallClock(at: Date | number, tz: string): WallClock {
  const ms = typeof at === 'number' ? at : at.getTime();
  const local = new Date(Math.floor(ms / 1000) * 1000 + zoneOffsetMs(ms, tz));
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const day = local.getUTCDate();
  const wd = local.getUTCDay();
  return {
    year,
    month,
    day,
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60,
    weekday: wd === 0 ? 7 : wd,
    date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  };
}

function offsetMs(at: number, tz: string): number {
  const w = wallClock(at, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day) + Math.round(w.minutes * 60_000);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The instant at `minutes` past local midnight of `date` ("YYYY-MM-DD") in the zone. */
export function zonedTime(date: string, minutes: number, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d) + minutes * 60_000;
  let guess = naive - offsetMs(naive, tz);
  guess = naive - offsetMs(guess, tz);
  return new Date(guess);
}

/** "YYYY-MM-DD" plus n days. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return t.toISOString().slice(0, 10);
}

/** 1 = Monday ... 7 = Sunday for a calendar date. */
export function weekdayOf(date: string): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return (wd === 0 ? 7 : wd) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}
