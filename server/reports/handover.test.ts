// The hand-over calendar of Form No. 1: due on the 10th of the next month.
import { dueDate, handoverState, headSeesLate, isFinished, previousMonth, specialistReminder } from './handover';

const printed = { printedAt: new Date('2026-11-05T05:00:00Z'), receivedAt: null };
const received = { printedAt: null, receivedAt: new Date('2026-11-06T05:00:00Z') };

describe('Form No. 1 hand-over', () => {
  it('is due on the 10th of the month after, across the year end', () => {
    expect(dueDate('2026-10')).toBe('2026-11-10');
    expect(dueDate('2026-12')).toBe('2027-01-10');
    expect(previousMonth('2027-01-04')).toBe('2026-12');
    expect(previousMonth('2026-11-28')).toBe('2026-10');
  });

  it('reminds the specialist from the 1st to the 10th, then as overdue, until it is printed', () => {
    expect(specialistReminder('2026-11-01', null)).toEqual({ month: '2026-10', dueDate: '2026-11-10', overdue: false });
    expect(specialistReminder('2026-11-10', null)).toEqual({ month: '2026-10', dueDate: '2026-11-10', overdue: false });
    expect(specialistReminder('2026-11-11', null)).toEqual({ month: '2026-10', dueDate: '2026-11-10', overdue: true });
    expect(specialistReminder('2026-11-03', printed)).toBeNull();
    expect(specialistReminder('2026-11-03', received)).toBeNull();
  });

  it('shows the head who is late only after the 10th', () => {
    expect(headSeesLate('2026-11-10')).toBe(false);
    expect(headSeesLate('2026-11-11')).toBe(true);
    expect(handoverState('2026-10', null, '2026-11-10')).toBe('pending');
    expect(handoverState('2026-10', null, '2026-11-11')).toBe('late');
    expect(handoverState('2026-10', printed, '2026-11-20')).toBe('printed');
    expect(handoverState('2026-10', { ...printed, receivedAt: new Date() }, '2026-11-20')).toBe('received');
  });

  it('hands over only finished months', () => {
    expect(isFinished('2026-10', '2026-11-01')).toBe(true);
    expect(isFinished('2026-11', '2026-11-30')).toBe(false);
    expect(isFinished('2026-12', '2026-11-30')).toBe(false);
  });
});
