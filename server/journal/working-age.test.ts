// The age of open entries counts working time only and stops while the desk waits for feedback.
import { zonedTime } from '../calendar/tz';
import { WorkingCalendar } from '../calendar/working-time';
import { workingAge } from './entries.presenter';
import type { EntryRow } from './entry.entity';
import { planChange } from './lifecycle';

const TZ = 'Asia/Yekaterinburg';
const cal = new WorkingCalendar(TZ);
const at = (date: string, hm: string) => {
  const [h, m] = hm.split(':').map(Number) as [number, number];
  return zonedTime(date, h * 60 + m, TZ);
};
const hours = (s: number | null) => (s === null ? null : s / 3600);

function entry(over: Partial<EntryRow>): EntryRow {
  return {
    id: 1,
    status: 'in_progress',
    type: 'consultation',
    registeredAt: at('2026-05-07', '16:00'),
    feedbackSince: null,
    pausedSeconds: 0,
    resolvedAt: null,
    resolution: '',
    approval: null,
    ...over,
  } as EntryRow;
}

describe('working age of an open entry', () => {
  // Thu 7 May 16:00 -> Tue 12 May 09:30: Thu 1 h, Fri 8 May short day 08:30-15:00 less lunch 5.5 h,
  // 9-11 May off (Victory Day and its transfer), Tue 1 h = 7.5 working hours.
  const now = at('2026-05-12', '09:30');

  it('counts working hours across a short day, a holiday weekend and lunch', () => {
    expect(hours(workingAge(entry({}), cal, now))).toBe(7.5);
  });

  it('leaves out a finished feedback pause and a running one', () => {
    expect(hours(workingAge(entry({ pausedSeconds: 3600 }), cal, now))).toBe(6.5);
    const waiting = entry({ status: 'awaiting_feedback', feedbackSince: at('2026-05-12', '09:00') });
    expect(hours(workingAge(waiting, cal, now))).toBe(7);
    // Waiting since Friday: only Thursday's hour and Friday's morning count.
    const longWait = entry({ status: 'awaiting_feedback', feedbackSince: at('2026-05-08', '10:30') });
    expect(hours(workingAge(longWait, cal, now))).toBe(3);
  });

  it('is not given for drafts and finished entries', () => {
    expect(workingAge(entry({ status: 'draft', registeredAt: null }), cal, now)).toBeNull();
    expect(workingAge(entry({ status: 'closed' }), cal, now)).toBeNull();
    expect(workingAge(entry({ status: 'resolved' }), cal, now)).toBeNull();
  });

  it('a feedback pause over a weekend adds only its working time to the paused total', () => {
    const waiting = entry({ status: 'awaiting_feedback', feedbackSince: at('2026-05-08', '14:00') });
    const elapsed = (a: Date, b: Date) => Math.round(cal.workingDuration(a, b) / 1000);
    const plan = planChange(waiting, { fields: {}, status: 'in_progress' }, now, elapsed);
    expect(plan.ok).toBe(true);
    // Fri 14:00-15:00 and Tue 08:30-09:30: two working hours, not four days.
    expect(plan.ok && plan.set).toMatchObject({ feedbackSince: null, pausedSeconds: 7200 });
  });
});
