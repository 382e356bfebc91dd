// The monthly hand-over rule (reglament, Приложение 1): by the 10th of the next month each specialist
// prints last month's journal, signs it and hands it to the head. Pure: dates are "YYYY-MM-DD" in the centre.
import type { HandoverState } from '../../shared/api';

export const DUE_DAY = 10;

/** The month before the one `today` is in: "YYYY-MM". */
export function previousMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The last day to hand over the journal of `month`: the 10th of the month after. */
export function dueDate(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return `${next}-${String(DUE_DAY).padStart(2, '0')}`;
}

/** A month can be handed over once it is over. */
export function isFinished(month: string, today: string): boolean {
  return month < today.slice(0, 7);
}

export function handoverState(
  month: string,
  row: { printedAt: Date | null; receivedAt: Date | null } | null,
  today: string,
): HandoverState {
  if (row?.receivedAt) return 'received';
  if (row?.printedAt) return 'printed';
  return today > dueDate(month) ? 'late' : 'pending';
}

/** From the 1st to the 10th — and after it while still not done — a specialist is reminded of last month. */
export function specialistReminder(
  today: string,
  row: { printedAt: Date | null; receivedAt: Date | null } | null,
): { month: string; dueDate: string; overdue: boolean } | null {
  const month = previousMonth(today);
  if (row?.printedAt || row?.receivedAt) return null;
  return { month, dueDate: dueDate(month), overdue: today > dueDate(month) };
}

/** After the 10th the head is shown who has not handed last month's journal over. */
export function headSeesLate(today: string): boolean {
  return today > dueDate(previousMonth(today));
}
