// Statistics: every aggregate is SQL here, over one definition of a support call and its bucket.
import type { DataSource } from 'typeorm';
import { CHANNELS, ENTRY_STATUSES, OPEN_STATUSES } from '../../shared/domain';
import { OPEN_STATUSES_SQL } from '../journal/lifecycle';
import { localDate } from '../../shared/datetime';
import type { StatsQuery } from '../../shared/stats';
import { addDays } from '../calendar/tz';
import { bucketSql, countedSql, specialistCallSql } from './buckets';
import type { EntryRows, FactsGrain, FactsSource, StatsFacts } from './facts';

/** Entries registered in the period with the same filters ($6: the owner). */
const registeredIn = (e: string) => `${e}.registered_at IS NOT NULL AND ${e}.status NOT IN ('draft', 'not_request')
     AND ${e}.registered_at >= ($1::date)::timestamp AT TIME ZONE $3
     AND ${e}.registered_at < ($2::date + 1)::timestamp AT TIME ZONE $3
     AND ($5::int IS NULL OR ${e}.line_id = $5)
     AND ($6::int IS NULL OR ${e}.owner_id = $6)
     AND ($7::text IS NULL OR ${e}.subsystem = $7)
     AND ($8::text IS NULL OR ${e}.type = $8)
     AND $4::int >= 0 /* (the short-abandon parameter, unused here: every query takes the same list) */`;
const ENTRIES = `entries_in AS (SELECT e.* FROM entries e WHERE ${registeredIn('e')})`;

type Row = Record<string, string | number | boolean | Date | null>;

/** The SQL with its parameters renumbered after `offset` others ($1 -> $(1 + offset)). */
const shift = (sql: string, offset: number) =>
  offset ? sql.replace(/\$(\d+)/g, (_m, i: string) => `$${Number(i) + offset}`) : sql;

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
    private readonly facts: StatsFacts,
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

  /**
   * A facts source filtered by the query (`f`): the filters' parameters after the source's. `who`:
   * the person column and whether every person's rows are wanted (else the query's, or user 0's).
   * `user`: the placeholder of the specialist asked.
   */
  private filtered(
    src: FactsSource,
    q: StatsQuery,
    who: { column: string; people?: boolean; centre?: boolean },
    name = 'f',
    offset = 0,
  ): { cte: string; params: unknown[]; user: string } {
    const at = (i: number) => `$${offset + src.params.length + i}`;
    const [line, user, subsystem, type] = [at(1), at(2), at(3), at(4)];
    const person = who.people
      ? `(${user}::int IS NULL AND f.${who.column} > 0 OR f.${who.column} = ${user})`
      : who.centre
        ? `f.${who.column} = COALESCE(${user}::int, 0)`
        : `(${user}::int IS NULL OR f.${who.column} = ${user})`;
    return {
      cte: `${name} AS (SELECT * FROM (${shift(src.sql, offset)}) f
                   WHERE ${person} AND (${line}::int IS NULL OR f.line_id = ${line})
                     AND (${subsystem}::text IS NULL OR f.subsystem = ${subsystem})
                     AND (${type}::text IS NULL OR f.type = ${type}))`,
      params: [...src.params, q.lineId ?? null, q.userId ?? null, q.subsystem ?? null, q.type ?? null],
      user,
    };
  }

  /** The call facts of the query (user 0: the centre's rows; `people`: each specialist's). */
  private async callFacts(q: StatsQuery, grain: FactsGrain = 'day', people = false) {
    const src = await this.facts.calls(q.from, q.to, grain, people || q.userId !== undefined);
    return this.filtered(src, q, { column: 'user_id', people, centre: true });
  }

  /**
   * The entry facts of the query, as a CTE `name` whose parameters start after `offset` others;
   * `perOwner`: counted by owner (else every owner together when no specialist is asked).
   */
  private async entryFacts(q: StatsQuery, perOwner: boolean, name = 'f', offset = 0) {
    const rows: EntryRows = perOwner
      ? q.lineId || q.subsystem || q.type
        ? 'full'
        : 'per-owner'
      : q.userId
        ? 'full'
        : 'all-owners';
    return this.filtered(await this.facts.entries(q.from, q.to, rows), q, { column: 'owner_id' }, name, offset);
  }

  async callTotals(q: StatsQuery): Promise<CallTotalsRow> {
    const f = await this.callFacts(q);
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

  /**
   * Lost callers: each number's last lost call in the period (missed or abandoned, in working time),
   * and the first answered call with that number after it (their call or our callback).
   */
  async lostCalls(q: StatsQuery): Promise<{
    lost: { number: string; endedAt: Date; handledAt: Date | null }[];
    contacts: { number: string; at: Date }[];
  }> {
    // The lost calls of the period: only the filters asked are written out, so that without them the
    // calls are read from the lost-calls index alone.
    const params: unknown[] = [q.from, q.to, this.timeZone, this.shortAbandonSeconds];
    const p = (v: unknown) => `$${params.push(v)}`;
    const filters = [
      q.lineId ? `c.line_id = ${p(q.lineId)}` : '',
      q.userId ? specialistCallSql('c', p(q.userId)) : '',
      q.subsystem ? `ce.subsystem = ${p(q.subsystem)}` : '',
      q.type ? `ce.type = ${p(q.type)}` : '',
    ].filter(Boolean);
    const rows = await this.ds.query<
      { number: string; ended_at: Date; handled_at: Date | null; contact_at: Date | null }[]
    >(
      `WITH last AS (
         SELECT DISTINCT ON (c.caller_number_norm) c.caller_number_norm AS number, c.ended_at, c.handled_at
           FROM calls c ${q.subsystem || q.type ? 'JOIN entries ce ON ce.id = c.entry_id' : ''}
          WHERE c.state = 'ended' AND c.answered_at IS NULL AND c.direction = 'inbound' AND c.line_id IS NOT NULL
            AND NOT c.after_hours
            AND ${countedSql('c')} AND ${bucketSql('c', '$4')} IN ('missed', 'abandoned')
            AND c.started_at >= ($1::date)::timestamp AT TIME ZONE $3
            AND c.started_at < ($2::date + 1)::timestamp AT TIME ZONE $3
            AND c.caller_number_norm IS NOT NULL AND c.ended_at IS NOT NULL
            ${filters.map((f) => `AND ${f}`).join(' ')}
          ORDER BY c.caller_number_norm, c.ended_at DESC)
       SELECT l.number, l.ended_at, l.handled_at,
              -- (a call answered after the lost one ended started at most a day before that)
              (SELECT min(k.answered_at) FROM calls k
                WHERE k.caller_number_norm = l.number AND k.started_at >= l.ended_at - interval '1 day'
                  AND k.answered_at >= l.ended_at) AS contact_at
         FROM last l`,
      params,
    );
    return {
      lost: rows.map((l) => ({ number: l.number, endedAt: l.ended_at, handledAt: l.handled_at })),
      contacts: rows.filter((l) => l.contact_at !== null).map((l) => ({ number: l.number, at: l.contact_at! })),
    };
  }

  async byDay(q: StatsQuery): Promise<Row[]> {
    const f = await this.callFacts(q);
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
    // Without filters, the half hours of every line, subsystem and type summed when stored.
    const f = await this.callFacts(q, q.lineId || q.subsystem || q.type ? 'slot' : 'slot-all');
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
    const f = await this.callFacts(q, 'day', true);
    const e = await this.entryFacts(q, true, 'e', f.params.length);
    return this.ds.query<Row[]>(
      `WITH ${f.cte}, ${e.cte},
       talked AS (SELECT user_id, sum(own_answered) AS answered, sum(own_talk) AS talk FROM f
                   GROUP BY user_id HAVING sum(own_answered) > 0),
       registered AS (SELECT owner_id AS user_id, sum(registered) AS registered FROM e GROUP BY owner_id)
       SELECT u.id AS user_id, u.full_name AS name, COALESCE(t.answered, 0) AS answered,
              COALESCE(t.talk, 0) AS talk, COALESCE(r.registered, 0) AS registered
         FROM users u
         LEFT JOIN talked t ON t.user_id = u.id
         LEFT JOIN registered r ON r.user_id = u.id
        WHERE (t.user_id IS NOT NULL OR r.user_id IS NOT NULL)
          AND (${f.user}::int IS NULL OR u.id = ${f.user})
        ORDER BY answered DESC, name`,
      [...f.params, ...e.params],
    );
  }

  /**
   * Entry counts of the period by type, subsystem and line (grouping sets over the entry facts), by
   * status and channel (their columns), and calls per request.
   */
  async requestBreakdown(q: StatsQuery): Promise<{
    groups: Row[];
    totals: Row;
  }> {
    const f = await this.entryFacts(q, false);
    const [groups, [totals]] = await Promise.all([
      this.ds.query<Row[]>(
        `WITH ${f.cte}
         SELECT GROUPING(type, subsystem, line_id) AS g, type, subsystem, line_id, sum(registered) AS n
           FROM f GROUP BY GROUPING SETS ((type), (subsystem), (line_id))`,
        f.params,
      ),
      this.ds.query<Row[]>(
        `WITH ${f.cte}
         SELECT sum(registered) AS registered, ${ENTRY_STATUSES.map((st) => `sum(${st}) AS ${st}`).join(', ')},
                ${CHANNELS.map((ch) => `sum(${ch}) AS ${ch}`).join(', ')},
                sum(calls)::float8 / NULLIF(sum(with_calls), 0) AS calls_per_request
           FROM f`,
        f.params,
      ),
    ]);
    return { groups, totals: totals! };
  }

  /** The ten organisations and municipalities with the most entries (counted per organisation first). */
  async topOrganizations(q: StatsQuery): Promise<{ organizations: Row[]; municipalities: Row[] }> {
    const [r] = await this.ds.query<{ organizations: Row[] | null; municipalities: Row[] | null }[]>(
      `WITH per AS MATERIALIZED (
         -- (the organisations' ids from the journal's index alone; the names typed in from the rows)
         SELECT e.organization_id AS id, NULL AS organization_name, count(*) AS n
           FROM entries e WHERE ${registeredIn('e')} AND e.organization_id IS NOT NULL GROUP BY 1
         UNION ALL
         SELECT NULL, e.organization_name, count(*)
           FROM entries e WHERE ${registeredIn('e')} AND e.organization_id IS NULL GROUP BY 2),
       orgs AS (
         SELECT COALESCE(NULLIF(o.short_name, ''), o.full_name, p.organization_name) AS name, sum(p.n) AS n,
                min(o.id) AS organization_id
           FROM per p LEFT JOIN organizations o ON o.id = p.id
          WHERE COALESCE(o.full_name, p.organization_name) <> ''
          GROUP BY 1 ORDER BY n DESC, name LIMIT 10),
       places AS (
         SELECT o.municipality AS name, sum(p.n) AS n FROM per p JOIN organizations o ON o.id = p.id
          WHERE o.municipality <> ''
          GROUP BY 1 ORDER BY n DESC, name LIMIT 10)
       SELECT (SELECT json_agg(orgs ORDER BY orgs.n DESC, orgs.name) FROM orgs) AS organizations,
              (SELECT json_agg(places ORDER BY places.n DESC, places.name) FROM places) AS municipalities`,
      this.params(q),
    );
    return { organizations: r?.organizations ?? [], municipalities: r?.municipalities ?? [] };
  }

  /** Entries resolved in the period: how many, how many at the first contact, the median working time. */
  async resolved(q: StatsQuery): Promise<{ resolved: number; firstContact: number; medianSeconds: number | null }> {
    // Stored summed for the page without filters, or with a specialist only.
    const rows: EntryRows = q.lineId || q.subsystem || q.type ? 'full' : q.userId ? 'per-owner' : 'all-owners';
    const f = this.filtered(await this.facts.resolutions(q.from, q.to, rows), q, { column: 'owner_id' });
    const [r] = await this.ds.query<Row[]>(
      `WITH ${f.cte}
       , w AS (SELECT working_seconds, sum(n) AS n, sum(n) FILTER (WHERE first_contact) AS fc FROM f GROUP BY 1),
       c AS (SELECT working_seconds, n, sum(n) OVER (ORDER BY working_seconds) - n AS before,
                    sum(n) OVER () AS total FROM w)
       SELECT (SELECT sum(n) FROM w) AS resolved, (SELECT sum(fc) FROM w) AS first_contact,
              -- the median of the counted values: the mean of the middle one or two
              (SELECT avg(c.working_seconds) FROM c,
                      LATERAL (VALUES (floor((c.total - 1) / 2.0)), (ceil((c.total - 1) / 2.0))) AS m(pos)
                WHERE m.pos >= c.before AND m.pos < c.before + c.n) AS median`,
      f.params,
    );
    return { resolved: n(r!.resolved), firstContact: n(r!.first_contact), medianSeconds: nn(r!.median) };
  }

  /**
   * Open entries now (the backlog), with the same filters but no period, counted by age: registered
   * after bounds[0], between bounds[1] and bounds[0], … before the last bound (youngest first). The
   * entries of the days before the last bound's are counted from the entry facts (their open statuses).
   */
  async open(q: StatsQuery, bounds: Date[]): Promise<number[]> {
    const last = bounds[bounds.length - 1]!;
    const lastDay = localDate(last, this.timeZone);
    const [span] = await this.ds.query<{ first: string | null }[]>(
      `SELECT to_char((min(registered_at) AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS first FROM entries`,
      [this.timeZone],
    );
    let before = 0;
    if (span?.first && span.first < lastDay) {
      const f = await this.entryFacts({ ...q, from: span.first, to: addDays(lastDay, -1) }, false);
      const [r] = await this.ds.query<Row[]>(
        // The facts count each status in a column of its name.
        `WITH ${f.cte} SELECT sum(${OPEN_STATUSES.join(' + ')}) AS n FROM f`,
        f.params,
      );
      before = n(r?.n);
    }
    // The rest from the entries: those registered since the start of the last bound's day.
    const edges = bounds.map((_b, i) => `$${7 + i}::timestamptz`);
    const buckets = [
      `registered_at >= ${edges[0]}`,
      ...edges.slice(1).map((e, i) => `registered_at >= ${e} AND registered_at < ${edges[i]}`),
      `registered_at < ${edges[edges.length - 1]}`,
    ];
    const [r] = await this.ds.query<Row[]>(
      `SELECT ${buckets.map((b, i) => `count(*) FILTER (WHERE ${b}) AS b${i}`).join(', ')} FROM entries
        WHERE status IN (${OPEN_STATUSES_SQL})
          AND registered_at >= ($5::date)::timestamp AT TIME ZONE $6
          AND ($1::int IS NULL OR line_id = $1) AND ($2::int IS NULL OR owner_id = $2)
          AND ($3::text IS NULL OR subsystem = $3) AND ($4::text IS NULL OR type = $4)`,
      [q.lineId ?? null, q.userId ?? null, q.subsystem ?? null, q.type ?? null, lastDay, this.timeZone, ...bounds],
    );
    const counts = buckets.map((_b, i) => n(r?.[`b${i}`]));
    counts[counts.length - 1]! += before;
    return counts;
  }

  /** Approvals pending now, and calls in the period attached to entries registered in it (repeat calls). */
  async requestExtras(q: StatsQuery): Promise<{ approvalsPending: number; repeats: number }> {
    const [r] = await this.ds.query<Row[]>(
      `WITH ${ENTRIES}
       SELECT (SELECT count(*) FROM entries WHERE approval = 'pending'
                 AND status IN (${OPEN_STATUSES_SQL})
                 AND ($5::int IS NULL OR line_id = $5) AND ($6::int IS NULL OR owner_id = $6)
                 AND ($7::text IS NULL OR subsystem = $7) AND ($8::text IS NULL OR type = $8)) AS approvals_pending,
              -- From the period's attached calls (a partial index) to their entries by id: with few
              -- history rows the planner would otherwise walk the whole journal in id order.
              (SELECT count(*) FROM entry_history h
                 JOIN LATERAL (SELECT 1 FROM entries_in e WHERE e.id = h.entry_id OFFSET 0) x ON true
                WHERE h.action = 'call_attached'
                  AND h.at >= ($1::date)::timestamp AT TIME ZONE $3
                  AND h.at < ($2::date + 1)::timestamp AT TIME ZONE $3) AS repeats`,
      this.params(q),
    );
    return { approvalsPending: n(r?.approvals_pending), repeats: n(r?.repeats) };
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
