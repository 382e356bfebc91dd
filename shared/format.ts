// Small formatting rules shared by the server and the client.

/** Registration number as printed: "2026-0042". */
export function formatRegNumber(year: number, seq: number): string {
  return `${year}-${String(seq).padStart(4, '0')}`;
}

/** Working time, as the desk reads it: "45 мин", "3 ч 05 мин", "26 ч". */
export function formatWorkingAge(seconds: number | null): string {
  if (seconds === null) return '';
  const min = Math.floor(seconds / 60);
  if (min < 60) return `${min} мин`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m ? `${h} ч ${String(m).padStart(2, '0')} мин` : `${h} ч`;
}
