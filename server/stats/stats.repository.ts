// Statistics: every aggregate is SQL here, over one definition of a support call and its bucket.
import type { DataSource } from 'typeorm';
import type { StatsQuery } from '../../shared/stats';
import { bucketSql, countedSql } from './buckets';
import type { CallFacts, FactsGrain } from './call-facts';

const BUCKET = bucketSql('c', '$4');

/**
 * The calls of a query: inbound calls on a support line, started in the period (centre's dates),
 * decided (answered, or ended). Parameters: $1 from, $2 to, $3 time zone, $4 short abandon seconds,
 * $5 line, $6 specialist (who talked on it, or who is to call back), $7 subsystem, $8 type.
 */
const CALLS = `calls_in AS (
  SELECT c.*, ${BUCKET} AS bucket
    FROM calls c
    LEFT JOIN entries ce ON ce.id = c.entry_id
   WHERE ${countedSql('c')}
     AND c.started_at >= ($1::date)::timestamp AT TIME ZONE $3
     AND c.started_at < ($2::date + 1)::timestamp AT TIME ZONE $3
     AND ($5::int IS NULL OR c.line_id = $5)
     AND ($6::int IS NULL OR c.callback_owner_id = $6 OR EXISTS (
           SELECT 1 FROM jsonb_array_elements(c.legs) l JOIN user_extensions ue ON ue.extension = l->>'extension'
            WHERE ue.user_id = $6))
     AND ($7::text IS NULL OR ce.subsystem = $7)
     AND ($8::text IS NULL OR ce.type = $8))`;

/** Entries registered in the period with the same filters ($6: the owner). */
const ENTRIES = `entries_in AS (
  SELECT e.* FROM entries e
   WHERE e.registered_at IS NOT NULL AND e.status NOT IN ('draft', 'not_request')
     AND e.registered_at >= ($1::date)::timestamp AT TIME ZONE $3
     AND e.registered_at < ($2::date + 1)::timestamp AT TIME ZONE $3
     AND ($5::int IS NULL OR e.line_id = $5)
     AND ($6::int IS NULL OR e.owner_id = $6)
     AND ($7::text IS NULL OR e.subsystem = $7)
     AND ($8::text IS NULL OR e.type = $8)
     AND $4::int >= 0 -- (the short-abandon parameter, unused here: every query takes the same list)
  )`;

type Row = Record<string, string | number | boolean | Date | null>;

export interface LiveRow {
  id: number;
  direction: 'inbound' | 'outbound';
  line_id: number | null;
  caller_number: string | null;
  queue: string | null;
  state: 'ringing' | 'answered';
  started_at: Date;
  answered_at: Date | null;
  extension: string | null;
  user_id: number | null;
  user_name: string | null;
  moved_at: string | null;
}
const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const nn = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface CallTotalsRow {
  offered: number;
  offeredInHours: number;
  answered: number;
  answeredInHours: number;
  answeredInSl: number;
  missed: number;
  abandoned: number;
  shortAbandoned: number;
  afterHours: number;
  asa: number | null;
  maxWait: number | null;
  avgTalk: number | null;
  aht: number | null;
}

export class StatsRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly timeZone: string,
    private readonly shortAbandonSeconds: number,
    private readonly callFacts: CallFacts,
  ) {}

  private params(q: StatsQuery, extra: unknown[] = []): unknown[] {
    return [
      q.from,
      q.to,
      this.timeZone,
      this.shortAbandonSeconds,
      q.lineId ?? null,
      q.userId ?? null,
      q.subsystem ?? null,
      q.type ?? null,
      ...extra,
    ];
  }

  /** The call facts of the query's period and filters, as a CTE `f` (user 0: the centre's rows). */
  private async facts(
    q: StatsQuery,
    grain: FactsGrain = 'day',
    people = false,
  ): Promise<{ cte: string; params: unknown[] }> {
    const src = await this.callFacts.source(q.from, q.to, grain);
    // The filters' parameters come after the source's.
    const [line, user, subsystem, type] = [1, 2, 3, 4].map((i) => `$${src.params.length + i}`);
    const who = people
      ? `(${user}::int IS NULL AND f.user_id > 0 OR f.user_id = ${user})`
      : `f.user_id = COALESCE(${user}::int, 0)`;
    return {
      cte: `f AS (SELECT * FROM (${src.sql}) f
                   WHERE ${who} AND (${line}::int IS NULL OR f.line_id = ${line})
                     AND (${subsystem}::text IS NULL OR f.subsystem = ${subsystem})
                     AND (${type}::text IS NULL OR f.type = ${type}))`,
      params: [...src.params, q.lineId ?? null, q.userId ?? null, q.subsystem ?? null, q.type ?? null],
    };
  }

  async callTotals(q: StatsQuery): Promise<CallTotalsRow> {
    const f = await this.facts(q);
    const [r] = await this.ds.query<Row[]>(
      `WITH ${f.cte}
       SELECT sum(offered) AS offered, sum(offered_in_hours) AS offered_in_hours, sum(answered) AS answered,
              sum(answered_in_hours) AS answered_in_hours, sum(answered_in_sl) AS answered_in_sl,
              sum(missed) AS missed, sum(abandoned) AS abandoned, sum(short_abandoned) AS short_abandoned,
              sum(after_hours) AS after_hours,
              sum(wait_answered_sum)::float8 / NULLIF(sum(wait_answered_n), 0) AS asa,
              max(max_wait) AS max_wait,
              sum(talk_sum)::float8 / NULLIF(sum(talk_n), 0) AS avg_talk,
              sum(aht_sum) / NULLIF(sum(aht_n), 0) AS aht
         FROM f`,
      f.params,
    );
    return {
      offered: n(r!.offered),
      offeredInHours: n(r!.offered_in_hours),
      answered: n(r!.answered),
      answeredInHours: n(r!.answered_in_hours),
      answeredInSl: n(r!.answered_in_sl),
      missed: n(r!.missed),
      abandoned: n(r!.abandoned),
      shortAbandoned: n(r!.short_abandoned),
      afterHours: n(r!.after_hours),
      asa: nn(r!.asa),
      maxWait: nn(r!.max_wait),
      avgTalk: nn(r!.avg_talk),
      aht: nn(r!.aht),
    };
  }

  /** Callbacks placed in the period (outbound calls returning a missed call). */
  async callbacks(q: StatsQuery): Promise<number> {
    const [r] = await this.ds.query<Row[]>(
      `SELECT count(*) AS n FROM calls c
        WHERE c.direction = 'outbound' AND c.callback_of_id IS NOT NULL
          AND c.started_at >= ($1::date)::timestamp AT TIME ZONE $3
          AND c.started_at < ($2::date + 1)::timestamp AT TIME ZONE $3
          AND ($4::int IS NULL OR c.user_id = $4)`,
      [q.from, q.to, this.timeZone, q.userId ?? null],
    );
    return n(r!.n);
  }

  /** Lost calls (missed or abandoned, in working time) and every answered contact with their numbers since. */
  async lostCalls(q: StatsQuery): Promise<{
    lost: { number: string; endedAt: Date; handledAt: Date | null }[];
    contacts: { number: string; at: Date }[];
  }> {
    const lost = await this.ds.query<{ number: string; ended_at: Date; handled_at: Date | null }[]>(
      `WITH ${CALLS}
       SELECT c.caller_number_norm AS number, c.ended_at, c.handled_at FROM calls_in c
        WHERE c.bucket IN ('missed', 'abandoned') AND c.caller_number_norm IS NOT NULL AND c.ended_at IS NOT NULL
        ORDER BY c.ended_at`,
      this.params(q),
    );
    if (!lost.length) return { lost: [], contacts: [] };
    const numbers = [...new Set(lost.map((l) => l.number))];
    const contacts = await this.ds.query<{ number: string; at: Date }[]>(
      `SELECT caller_number_norm AS number, answered_at AS at FROM calls
        WHERE caller_number_norm = ANY($1::text[]) AND answered_at IS NOT NULL AND answered_at >= $2
        ORDER BY answered_at`,
      [numbers, lost[0]!.ended_at],
    );
    return {
      lost: lost.map((l) => ({ number: l.number, endedAt: l.ended_at, handledAt: l.handled_at })),
      contacts,
    };
  }

  async byDay(q: StatsQuery): Promise<Row[]> {
    const f = await this.facts(q);
    return this.ds.query<Row[]>(
      `WITH ${f.cte}
       SELECT to_char(day, 'YYYY-MM-DD') AS date, sum(offered) AS offered, sum(answered) AS answered,
              sum(missed) AS missed, sum(abandoned) AS abandoned, sum(short_abandoned) AS short_abandoned,
              sum(after_hours) AS after_hours, sum(offered_in_hours) - sum(short_abandoned) AS denominator,
              sum(answered_in_sl) AS in_sl
         FROM f GROUP BY day ORDER BY day`,
      f.params,
    );
  }

  async heatmap(q: StatsQuery): Promise<Row[]> {
    const f = await this.facts(q, 'slot');
    return this.ds.query<Row[]>(
      `WITH ${f.cte}
       SELECT extract(isodow FROM day)::int AS weekday, half_hour, sum(offered) AS offered, sum(answered) AS answered
         FROM f GROUP BY 1, 2 ORDER BY 1, 2`,
      f.params,
    );
  }

  /**
   * Per specialist: each call counts once for every specialist who talked on it (its legs), with the
   * talk of their own legs (from their leg's start to the next leg's, or the end); and the entries
   * they registered.
   */
  async bySpecialist(q: StatsQuery): Promise<Row[]> {
    const f = await this.facts(q, 'day', true);
    const e = this.params(q);
    return this.ds.query<Row[]>(
      `WITH ${f.cte},
       ${ENTRIES.replace(/\$(\d+)/g, (_m, i: string) => `$${Number(i) + f.params.length}`)},
       talked AS (SELECT user_id, sum(own_answered) AS answered, sum(own_talk) AS talk FROM f
                   GROUP BY user_id HAVING sum(own_answered) > 0),
       registered AS (SELECT owner_id AS user_id, count(*) AS registered FROM entries_in GROUP BY owner_id)
       SELECT u.id AS user_id, u.full_name AS name, COALESCE(t.answered, 0) AS answered,
              COALESCE(t.talk, 0) AS talk, COALESCE(r.registered, 0) AS registered
         FROM users u
         LEFT JOIN talked t ON t.user_id = u.id
         LEFT JOIN registered r ON r.user_id = u.id
        WHERE (t.user_id IS NOT NULL OR r.user_id IS NOT NULL)
          AND ($${f.params.length + 6}::int IS NULL OR u.id = $${f.params.length + 6})
        ORDER BY answered DESC, name`,
      [...f.params, ...e],
    );
  }

  /** Entry counts by type, subsystem, status, channel and line, in one pass (grouping sets). */
  async requestBreakdown(q: StatsQuery): Promise<Row[]> {
    return this.ds.query<Row[]>(
      `WITH ${ENTRIES}
       SELECT GROUPING(type, subsystem, status, channel, line_id) AS g, type, subsystem, status, channel, line_id,
              count(*) AS n
         FROM entries_in
        GROUP BY GROUPING SETS ((type), (subsystem), (status), (channel), (line_id), ())`,
      this.params(q),
    );
  }

  async topOrganizations(q: StatsQuery): Promise<{ organizations: Row[]; municipalities: Row[] }> {
    const organizations = await this.ds.query<Row[]>(
      `WITH ${ENTRIES}
       SELECT COALESCE(NULLIF(o.short_name, ''), o.full_name, e.organization_name) AS name, count(*) AS n
         FROM entries_in e LEFT JOIN organizations o ON o.id = e.organization_id
        WHERE COALESCE(o.full_name, e.organization_name) <> ''
        GROUP BY 1 ORDER BY n DESC, name LIMIT 10`,
      this.params(q),
    );
    const municipalities = await this.ds.query<Row[]>(
      `WITH ${ENTRIES}
       SELECT o.municipality AS name, count(*) AS n
         FROM entries_in e JOIN organizations o ON o.id = e.organization_id
        WHERE o.municipality <> ''
        GROUP BY 1 ORDER BY n DESC, name LIMIT 10`,
      this.params(q),
    );
    return { organizations, municipalities };
  }

  /** Entries resolved in the period: registration and resolution, calls and whether feedback was awaited. */
  async resolved(q: StatsQuery): Promise<Row[]> {
    return this.ds.query<Row[]>(
      `SELECT e.id, e.registered_at, e.resolved_at,
              (SELECT count(*) FROM calls c WHERE c.entry_id = e.id) AS calls,
              EXISTS (SELECT 1 FROM entry_history h WHERE h.entry_id = e.id
                        AND h.changes @> '[{"field": "status", "to": "awaiting_feedback"}]') AS awaited
         FROM entries e
        WHERE e.resolved_at IS NOT NULL AND e.registered_at IS NOT NULL
          AND e.resolved_at >= ($1::date)::timestamp AT TIME ZONE $3
          AND e.resolved_at < ($2::date + 1)::timestamp AT TIME ZONE $3
          AND ($5::int IS NULL OR e.line_id = $5)
          AND ($6::int IS NULL OR e.owner_id = $6)
          AND ($7::text IS NULL OR e.subsystem = $7)
          AND ($8::text IS NULL OR e.type = $8)
          AND $4::int >= 0 -- (the same parameter list as every query)`,
      this.params(q),
    );
  }

  /**
   * Open entries now (the backlog), with the same filters but no period: those registered in the last
   * `recentDays` calendar days one by one (their age in working days is worked out on the calendar),
   * the older ones only counted (any 30 calendar days hold more than 10 working days, even around the
   * New Year holidays: they are all in the oldest bucket).
   */
  async open(q: StatsQuery, recentDays: number): Promise<{ recent: Date[]; older: number }> {
    const rows = await this.ds.query<{ registered_at: Date | null; older: string | null }[]>(
      `WITH o AS (
         SELECT registered_at FROM entries
          WHERE status IN ('in_progress', 'awaiting_feedback', 'passed_to_developer') AND registered_at IS NOT NULL
            AND ($1::int IS NULL OR line_id = $1) AND ($2::int IS NULL OR owner_id = $2)
            AND ($3::text IS NULL OR subsystem = $3) AND ($4::text IS NULL OR type = $4))
       SELECT registered_at, NULL AS older FROM o WHERE registered_at >= now() - make_interval(days => $5)
       UNION ALL
       SELECT NULL, count(*)::text FROM o WHERE registered_at < now() - make_interval(days => $5)`,
      [q.lineId ?? null, q.userId ?? null, q.subsystem ?? null, q.type ?? null, recentDays],
    );
    return {
      recent: rows.filter((r) => r.registered_at !== null).map((r) => new Date(r.registered_at!)),
      older: n(rows.find((r) => r.older !== null)?.older),
    };
  }

  async requestExtras(
    q: StatsQuery,
  ): Promise<{ approvalsPending: number; callsPerRequest: number | null; repeats: number }> {
    const [r] = await this.ds.query<Row[]>(
      `WITH ${ENTRIES},
       per AS (SELECT e.id, (SELECT count(*) FROM calls c WHERE c.entry_id = e.id) AS k FROM entries_in e)
       SELECT (SELECT count(*) FROM entries WHERE approval = 'pending'
                 AND status IN ('in_progress', 'awaiting_feedback', 'passed_to_developer')
                 AND ($5::int IS NULL OR line_id = $5) AND ($6::int IS NULL OR owner_id = $6)
                 AND ($7::text IS NULL OR subsystem = $7) AND ($8::text IS NULL OR type = $8)) AS approvals_pending,
              (SELECT avg(k) FROM per WHERE k > 0) AS calls_per_request,
              (SELECT count(*) FROM entry_history h JOIN entries_in e ON e.id = h.entry_id
                WHERE h.action = 'call_attached'
                  AND h.at >= ($1::date)::timestamp AT TIME ZONE $3
                  AND h.at < ($2::date + 1)::timestamp AT TIME ZONE $3) AS repeats
`,
      this.params(q),
    );
    return {
      approvalsPending: n(r?.approvals_pending),
      callsPerRequest: nn(r?.calls_per_request),
      repeats: n(r?.repeats),
    };
  }

  /**
   * Calls up now (the wallboard), from the database: a restart of callog loses nothing of it. Calls
   * older than half a day are left out (a PBX gone for good cannot leave them on the board forever).
   */
  async live(): Promise<LiveRow[]> {
    return this.ds.query<LiveRow[]>(
      `SELECT c.id, c.direction, c.line_id, c.caller_number, c.queue, c.state, c.started_at, c.answered_at,
              c.extension, c.user_id, u.full_name AS user_name,
              (c.legs -> (jsonb_array_length(c.legs) - 1)) ->> 'at' AS moved_at
         FROM calls c LEFT JOIN users u ON u.id = c.user_id
        WHERE c.state <> 'ended' AND c.started_at > now() - interval '12 hours'
        ORDER BY c.started_at`,
    );
  }
}
