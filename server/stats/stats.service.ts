// Statistics for a period: the SQL aggregates (stats.repository) turned into the figures of
// shared/stats.ts; what needs the working calendar (lost callers reached within 2 working hours, the
// backlog's age, resolution in working time) is computed here.
import { CHANNELS, ENTRY_STATUSES } from '../../shared/domain';
import { localDate } from '../../shared/datetime';
import { addDays } from '../calendar/tz';
import {
  LIVE_LIST_MAX,
  type CallFigures,
  type LiveDto,
  type LiveSummaryDto,
  type RequestFigures,
  type StatsDto,
  type StatsQuery,
} from '../../shared/stats';
import type { SessionUser } from '../auth/sessions.repository';
import type { CalendarService } from '../calendar/calendar.service';
import type { WorkingCalendar } from '../calendar/working-time';
import { AppError } from '../http/errors';
import type { LinesRepository } from '../lines/lines.repository';
import type { StatsRepository } from './stats.repository';

const HOUR = 3600_000;
const REACHED_WITHIN = 2 * HOUR;
const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const num = (v: unknown) => Number(v ?? 0);

export class StatsService {
  constructor(
    private readonly repo: StatsRepository,
    private readonly calendar: CalendarService,
    private readonly lines: LinesRepository,
    private readonly settings: { shortAbandonSeconds: number; serviceLevelSeconds: number },
    private readonly timeZone: string,
  ) {}

  /** The wallboard: calls up now and today's figures for the centre, all from the database. */
  async live(now = new Date()): Promise<LiveDto> {
    const today = localDate(now, this.timeZone);
    const q: StatsQuery = { from: today, to: today };
    const [up, figures, lines] = await Promise.all([
      this.repo.live(),
      this.callFigures(q, await this.calendar.get()),
      this.lines.all(),
    ]);
    const lineLabel = (id: number | null) => lines.find((l) => l.id === id)?.displayNumber ?? null;
    const base = (r: (typeof up)[number]) => ({
      callId: r.id,
      lineLabel: lineLabel(r.line_id),
      callerNumber: r.caller_number,
      queue: r.queue,
    });
    const { offered, answered, missed, abandoned, shortAbandoned, afterHours } = figures;
    // A caller waiting: an inbound call on a support line not answered yet.
    const waiting = up
      .filter((r) => r.state === 'ringing' && r.direction === 'inbound' && r.line_id !== null)
      .map((r) => ({ ...base(r), since: new Date(r.started_at).toISOString() }));
    const talking = up
      .filter((r) => r.state === 'answered')
      .map((r) => ({
        ...base(r),
        userId: r.user_id,
        name: r.user_name ?? (r.extension ? `внутр. ${r.extension}` : '—'),
        extension: r.extension,
        // With this specialist since the call came to them (answer, transfer, pickup).
        since: new Date(r.moved_at ?? r.answered_at ?? r.started_at).toISOString(),
      }))
      .sort((a, b) => a.since.localeCompare(b.since));
    return {
      at: now.toISOString(),
      serviceLevelSeconds: this.settings.serviceLevelSeconds,
      waitingCount: waiting.length,
      longestWaitSince: waiting[0]?.since ?? null,
      talkingCount: talking.length,
      waiting: waiting.slice(0, LIVE_LIST_MAX),
      talking: talking.slice(0, LIVE_LIST_MAX),
      today: {
        offered,
        answered,
        missed,
        abandoned,
        shortAbandoned,
        afterHours,
        answerRate: figures.answerRate,
        serviceLevel: figures.serviceLevel,
        asaSeconds: figures.asaSeconds,
        maxWaitSeconds: figures.maxWaitSeconds,
        lostCallers: figures.lostCallers,
        lostUnreached: figures.lostUnreached,
      },
    };
  }

  /** The board without its lists (the push). */
  static summary(b: LiveDto): LiveSummaryDto {
    const { waiting: _w, talking: _t, ...rest } = b;
    return rest;
  }

  async stats(q: StatsQuery, s: SessionUser, now = new Date()): Promise<StatsDto> {
    // A specialist sees their own figures only.
    if (s.role === 'specialist') {
      if (q.userId !== undefined && q.userId !== s.userId) throw new AppError(403, 'forbidden');
      q = { ...q, userId: s.userId };
    }
    const sl = this.settings.serviceLevelSeconds;
    const cal = await this.calendar.get();
    // The same weekdays of the last 4 weeks, for a period of up to a week.
    const days7 = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < 7;
    const shifted = days7
      ? [7, 14, 21, 28].map((n) => ({ ...q, from: addDays(q.from, -n), to: addDays(q.to, -n) }))
      : [];
    const [calls, days, heat, people, requests, earlier] = await Promise.all([
      this.callFigures(q, cal),
      this.repo.byDay(q),
      this.repo.heatmap(q),
      this.repo.bySpecialist(q),
      this.requests(q, cal, now),
      Promise.all(shifted.map(async (p) => ({ from: p.from, to: p.to, calls: await this.callFigures(p, cal) }))),
    ]);
    return {
      from: q.from,
      to: q.to,
      shortAbandonSeconds: this.settings.shortAbandonSeconds,
      serviceLevelSeconds: sl,
      calls,
      requests,
      earlier,
      byDay: days.map((d) => ({
        date: String(d.date),
        offered: num(d.offered),
        answered: num(d.answered),
        missed: num(d.missed),
        abandoned: num(d.abandoned),
        shortAbandoned: num(d.short_abandoned),
        afterHours: num(d.after_hours),
        serviceLevel: ratio(num(d.in_sl), num(d.denominator)),
      })),
      heatmap: heat.map((h) => {
        const half = num(h.half_hour);
        return {
          weekday: num(h.weekday),
          slot: `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 ? '30' : '00'}`,
          offered: num(h.offered),
          answered: num(h.answered),
        };
      }),
      bySpecialist: people.map((p) => ({
        userId: num(p.user_id),
        name: String(p.name),
        answered: num(p.answered),
        talkSeconds: Math.round(num(p.talk)),
        avgTalkSeconds: num(p.answered) ? Math.round(num(p.talk) / num(p.answered)) : null,
        registered: num(p.registered),
      })),
    };
  }

  private async callFigures(q: StatsQuery, cal: WorkingCalendar): Promise<CallFigures> {
    const [totals, callbacks, lost] = await Promise.all([
      this.repo.callTotals(q),
      this.repo.callbacks(q),
      this.repo.lostCalls(q),
    ]);
    const denominator = totals.offeredInHours - totals.shortAbandoned;
    const reach = lostCallers(lost, cal);
    return {
      offered: totals.offered,
      offeredInHours: totals.offeredInHours,
      answered: totals.answered,
      missed: totals.missed,
      abandoned: totals.abandoned,
      shortAbandoned: totals.shortAbandoned,
      afterHours: totals.afterHours,
      answerRate: ratio(totals.answeredInHours, denominator),
      serviceLevel: ratio(totals.answeredInSl, denominator),
      serviceLevelOfAnswered: ratio(totals.answeredInSl, totals.answeredInHours),
      asaSeconds: totals.asa,
      maxWaitSeconds: totals.maxWait,
      avgTalkSeconds: totals.avgTalk,
      ahtSeconds: totals.aht,
      callbacks,
      lostCallers: reach.callers,
      lostReached: reach.reached,
      lostUnreached: reach.unreached,
    };
  }

  private async requests(q: StatsQuery, cal: WorkingCalendar, now: Date): Promise<RequestFigures> {
    const [breakdown, tops, resolved, open, extras, lines] = await Promise.all([
      this.repo.requestBreakdown(q),
      this.repo.topOrganizations(q),
      this.repo.resolved(q),
      this.repo.open(q, backlogBounds(cal, now)),
      this.repo.requestExtras(q),
      this.lines.all(),
    ]);
    const t = breakdown.totals;
    const f: RequestFigures = {
      registered: num(t.registered),
      byType: {},
      bySubsystem: {},
      byStatus: {},
      byChannel: {},
      byLine: [],
      topOrganizations: tops.organizations.map((o) => ({
        name: String(o.name),
        count: num(o.n),
        organizationId: o.organization_id === null || o.organization_id === undefined ? null : num(o.organization_id),
      })),
      topMunicipalities: tops.municipalities.map((o) => ({ name: String(o.name), count: num(o.n) })),
      backlog: backlog(open),
      medianResolutionWorkingHours: resolved.medianSeconds === null ? null : resolved.medianSeconds / 3600,
      firstContactShare: ratio(resolved.firstContact, resolved.resolved),
      approvalsPending: extras.approvalsPending,
      callsPerRequest: t.calls_per_request === null ? null : num(t.calls_per_request),
      repeatCallsOpen: extras.repeats,
    };
    for (const st of ENTRY_STATUSES) if (num(t[st])) f.byStatus[st] = num(t[st]);
    for (const ch of CHANNELS) if (num(t[ch])) f.byChannel[ch] = num(t[ch]);
    // GROUPING(type, subsystem, line_id): a bit set for each column left out.
    for (const r of breakdown.groups) {
      const k = num(r.n);
      switch (num(r.g)) {
        case 0b011:
          if (r.type) f.byType[r.type as keyof RequestFigures['byType']] = k;
          break;
        case 0b101:
          f.bySubsystem[(r.subsystem || 'none') as keyof RequestFigures['bySubsystem']] = k;
          break;
        case 0b110: {
          const line = lines.find((l) => l.id === r.line_id);
          f.byLine.push({ lineId: line?.id ?? null, label: line ? line.displayNumber : 'без линии', count: k });
          break;
        }
      }
    }
    return f;
  }
}

/**
 * Unique lost callers, each judged by their last lost call: reached when an answered call with them
 * (their call or our callback) or a "handled" mark came within 2 working hours after it; unreached
 * when nothing of the kind came at all.
 */
export function lostCallers(
  data: { lost: { number: string; endedAt: Date; handledAt: Date | null }[]; contacts: { number: string; at: Date }[] },
  cal: Pick<WorkingCalendar, 'workingDuration'>,
): { callers: number; reached: number; unreached: number } {
  const last = new Map<string, { endedAt: Date; handledAt: Date | null }>();
  for (const l of data.lost) {
    const prev = last.get(l.number);
    if (!prev || l.endedAt > prev.endedAt) last.set(l.number, l);
  }
  // The first contact with each number after its last lost call (one pass over the contacts).
  const first = new Map<string, Date>();
  for (const c of data.contacts) {
    const l = last.get(c.number);
    if (!l || c.at < l.endedAt) continue;
    const seen = first.get(c.number);
    if (!seen || c.at < seen) first.set(c.number, c.at);
  }
  let reached = 0;
  let unreached = 0;
  for (const [number, l] of last) {
    const after = [first.get(number), l.handledAt && l.handledAt >= l.endedAt ? l.handledAt : undefined]
      .filter((d): d is Date => d !== undefined)
      .sort((a, b) => a.getTime() - b.getTime());
    if (!after.length) unreached++;
    else if (cal.workingDuration(l.endedAt, after[0]!) <= REACHED_WITHIN) reached++;
  }
  return { callers: last.size, reached, unreached };
}

const BACKLOG_BUCKETS: [string, number][] = [
  ['до 1 рабочего дня', 1],
  ['1–3 рабочих дня', 3],
  ['3–5 рабочих дней', 5],
  ['5–10 рабочих дней', 10],
  ['больше 10 рабочих дней', Infinity],
];
/** A standard working day of the calendar's schedule, to turn working time into days. */
const WORKING_DAY_MS = 8 * HOUR - HOUR / 2;

/**
 * The registration times at which an open entry's age reaches each bucket's bound (1, 3, 5, 10
 * working days before now), found on the calendar by bisection (the working time from a moment to
 * now only grows the further back the moment is): the database counts the entries between them.
 */
export function backlogBounds(cal: Pick<WorkingCalendar, 'workingDuration'>, now: Date): Date[] {
  return BACKLOG_BUCKETS.filter(([, max]) => max !== Infinity).map(([, days]) => {
    const want = days * WORKING_DAY_MS;
    // Far enough back: a working day per calendar week at the very least, whatever the holidays.
    let lo = now.getTime() - (days * 7 + 30) * 86_400_000;
    let hi = now.getTime();
    // The latest moment whose working time to now is at least `want`, to the second.
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2);
      if (cal.workingDuration(new Date(mid), now) >= want) lo = mid;
      else hi = mid;
    }
    return new Date(lo);
  });
}

/** Open entries by age in working days (a working day = one day of the calendar with working time). */
function backlog(counts: number[]): RequestFigures['backlog'] {
  return BACKLOG_BUCKETS.map(([bucket], i) => ({ bucket, count: counts[i] ?? 0 }));
}
