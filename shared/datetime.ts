// Dates for people: dd.MM.yyyy HH:mm in the centre's time zone, whatever the viewer's zone.

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(date: Date, timeZone: string): Record<string, string> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(date)) out[p.type] = p.value;
  return out;
}

const toDate = (v: Date | string | number) => (v instanceof Date ? v : new Date(v));

/** A calendar date as written in Russia: "2026-11-28" -> "28.11.2026" (no time zone involved). */
export function formatCalendarDate(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

/** "28.11.2026 14:05" */
export function formatDateTime(value: Date | string | number | null | undefined, timeZone: string): string {
  if (value === null || value === undefined || value === '') return '';
  const p = partsIn(toDate(value), timeZone);
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
}

/** "28.11.2026" */
export function formatDate(value: Date | string | number | null | undefined, timeZone: string): string {
  if (value === null || value === undefined || value === '') return '';
  const p = partsIn(toDate(value), timeZone);
  return `${p.day}.${p.month}.${p.year}`;
}

/** "14:05:09" */
export function formatTime(value: Date | string | number, timeZone: string): string {
  const p = partsIn(toDate(value), timeZone);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** Calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(value: Date | string | number, timeZone: string): string {
  const p = partsIn(toDate(value), timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** "1:05", "12:03:07": a duration in seconds as a clock. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
