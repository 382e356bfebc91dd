// Daily facts of the statistics, summed from the calls and entries of a day:
// - calls per half hour, line, subsystem, type and person (user 0: the centre; one row more for each
//   specialist who talked on a call or is to call back): every call figure (totals, days, heatmap,
//   specialists) is summed from them;
// - entries per registration day, line, owner, subsystem and type (breakdowns, calls per request);
// - each entry resolved that day with its working time to resolution and whether it was resolved at
//   the first contact (median, first-contact share).
// The same SQL makes them on the fly for the days not summarised (today, a day changed since) and
// stores them for the others (stats_call_days, stats_call_slots, stats_entry_days,
// stats_entry_resolutions), so both ways give the same figures.
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { CHANNELS, ENTRY_STATUSES } from '../../shared/domain';
import { addDays } from '../calendar/tz';
import type { CalendarChange } from '../calendar/calendar.service';
import type { WorkingCalendar } from '../calendar/working-time';
import { bucketSql, countedSql } from './buckets';

export interface FactsParams {
  timeZone: string;
  shortAbandonSeconds: number;
  serviceLevelSeconds: number;
}

/**
 * The facts of the calls started on the given local days, per half hour. Parameters: $1 time zone,
 * $2 short abandon seconds, $3 SL seconds; `days`: the days' condition on c.started_at.
 */
const callFacts = (days: string, people = true) => `SELECT (c.started_at AT TIME ZONE $1)::date AS day,
       (extract(hour FROM c.started_at AT TIME ZONE $1)::int * 2
         + extract(minute FROM c.started_at AT TIME ZONE $1)::int / 30)::smallint AS half_hour,
       p.user_id, c.line_id, COALESCE(ce.subsystem, '') AS subsystem, COALESCE(ce.type, '') AS type,
       count(*)::int AS offered,
       count(*) FILTER (WHERE NOT c.after_hours)::int AS offered_in_hours,
       count(*) FILTER (WHERE b.bucket = 'answered')::int AS answered,
       count(*) FILTER (WHERE b.bucket = 'answered' AND NOT c.after_hours)::int AS answered_in_hours,
       count(*) FILTER (WHERE b.bucket = 'answered' AND NOT c.after_hours AND c.wait_seconds <= $3)::int
         AS answered_in_sl,
       count(*) FILTER (WHERE b.bucket = 'missed')::int AS missed,
       count(*) FILTER (WHERE b.bucket = 'abandoned')::int AS abandoned,
       count(*) FILTER (WHERE b.bucket = 'short_abandoned')::int AS short_abandoned,
       count(*) FILTER (WHERE b.bucket = 'after_hours')::int AS after_hours,
       COALESCE(sum(c.wait_seconds) FILTER (WHERE b.bucket = 'answered'), 0)::bigint AS wait_answered_sum,
       count(c.wait_seconds) FILTER (WHERE b.bucket = 'answered')::int AS wait_answered_n,
       max(c.wait_seconds) AS max_wait,
       COALESCE(sum(c.talk_seconds) FILTER (WHERE b.bucket = 'answered'), 0)::bigint AS talk_sum,
       count(c.talk_seconds) FILTER (WHERE b.bucket = 'answered')::int AS talk_n,
       COALESCE(sum(c.talk_seconds + GREATEST(0, extract(epoch FROM e.registered_at - c.ended_at)))
         FILTER (WHERE b.bucket = 'answered' AND e.registered_at IS NOT NULL), 0)::float8 AS aht_sum,
       count(*) FILTER (WHERE b.bucket = 'answered' AND c.talk_seconds IS NOT NULL AND e.registered_at IS NOT NULL)::int
         AS aht_n,
       sum(p.own_answered)::int AS own_answered,
       sum(p.own_talk)::float8 AS own_talk
  FROM calls c
  LEFT JOIN entries ce ON ce.id = c.entry_id
  LEFT JOIN entries e ON e.origin_call_id = c.id AND e.status NOT IN ('draft', 'not_request')
  CROSS JOIN LATERAL (SELECT ${bucketSql('c', '$2')} AS bucket) b
  CROSS JOIN LATERAL (
    SELECT 0 AS user_id, 0 AS own_answered, 0::float8 AS own_talk
    ${people ? PEOPLE : ''}) p
 WHERE ${countedSql('c')} AND (${days})
 GROUP BY 1, 2, 3, 4, 5, 6`;

/** One row more per specialist of a call (`c`, bucket `b`): who talked on it or is to call back. */
const PEOPLE = `UNION ALL
    SELECT x.user_id, max(x.talked), sum(x.talk) FROM (
      SELECT c.callback_owner_id AS user_id, 0 AS talked, 0::float8 AS talk WHERE c.callback_owner_id IS NOT NULL
      UNION ALL
      -- A specialist's talk: from their leg's start to the next leg's, or the end.
      SELECT ue.user_id, CASE WHEN b.bucket = 'answered' THEN 1 ELSE 0 END,
             CASE WHEN b.bucket = 'answered'
                  THEN GREATEST(0, extract(epoch FROM COALESCE(l.next_at, c.ended_at, now()) - l.at)) ELSE 0 END
        FROM (SELECT lg.value->>'extension' AS ext, (lg.value->>'at')::timestamptz AS at,
                     lead((lg.value->>'at')::timestamptz) OVER (ORDER BY lg.ord) AS next_at
                FROM jsonb_array_elements(c.legs) WITH ORDINALITY AS lg(value, ord)) l
        JOIN user_extensions ue ON ue.extension = l.ext) x
    GROUP BY x.user_id`;

const KEYS = ['day', 'user_id', 'line_id', 'subsystem', 'type'];
/** The day rows' figures: summed over the half hours, but the longest wait. */
const FIGURES = [
  'offered',
  'offered_in_hours',
  'answered',
  'answered_in_hours',
  'answered_in_sl',
  'missed',
  'abandoned',
  'short_abandoned',
  'after_hours',
  'wait_answered_sum',
  'wait_answered_n',
  'max_wait',
  'talk_sum',
  'talk_n',
  'aht_sum',
  'aht_n',
  'own_answered',
  'own_talk',
];
const DAY_COLUMNS = [...KEYS, ...FIGURES].join(', ');
const SLOT_COLUMNS = 'day, half_hour, user_id, line_id, subsystem, type, offered, answered';
const rollUp = (from: string) =>
  `SELECT ${KEYS.join(', ')}, ${FIGURES.map((f) => (f === 'max_wait' ? `max(${f})` : `sum(${f})`) + ` AS ${f}`).join(', ')}
     FROM ${from} GROUP BY ${KEYS.join(', ')}`;

/** A day is summarised once it has been over for this long (a call still being written is younger). */
const SETTLE = '1 hour';
/** Key of the transaction advisory lock: one instance summarises at a time. */
const BUILD_LOCK = 4242_0003;
const SETTING = 'stats_facts';

/** Consecutive days grouped into [first, last] ranges. */
function ranges(days: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const d of days) {
    const last = out[out.length - 1];
    if (last && addDays(last[1], 1) === d) last[1] = d;
    else out.push([d, d]);
  }
  return out;
}

/** A condition on the given days (ranges of them), and its parameters from $first on, two per range. */
interface DaysCondition {
  on(column: string): string;
  params: string[];
}

/** The local days as conditions on a timestamp column ($1: the time zone). */
function daysCondition(days: string[], first: number): DaysCondition {
  const rs = ranges(days);
  return {
    on: (column) =>
      rs.length
        ? rs
            .map(
              (_r, i) =>
                `(${column} >= ($${first + 2 * i}::date)::timestamp AT TIME ZONE $1
                  AND ${column} < ($${first + 2 * i + 1}::date + 1)::timestamp AT TIME ZONE $1)`,
            )
            .join(' OR ')
        : 'FALSE',
    params: rs.flat(),
  };
}

/** The entries registered on the given days, per day, line, owner, subsystem and type. $1 time zone. */
const entryFacts = (days: string) => `SELECT (e.registered_at AT TIME ZONE $1)::date AS day,
       COALESCE(e.line_id, 0) AS line_id, COALESCE(e.owner_id, 0) AS owner_id,
       COALESCE(e.subsystem, '') AS subsystem, COALESCE(e.type, '') AS type,
       count(*)::int AS registered,
       ${ENTRY_STATUSES.map((st) => `count(*) FILTER (WHERE e.status = '${st}')::int AS ${st}`).join(', ')},
       ${CHANNELS.map((ch) => `count(*) FILTER (WHERE e.channel = '${ch}')::int AS ${ch}`).join(', ')},
       COALESCE(sum(k.n), 0)::int AS calls, count(*) FILTER (WHERE k.n > 0)::int AS with_calls
  FROM entries e
  CROSS JOIN LATERAL (SELECT count(*) AS n FROM calls c WHERE c.entry_id = e.id) k
 WHERE e.registered_at IS NOT NULL AND e.status NOT IN ('draft', 'not_request') AND (${days})
 GROUP BY 1, 2, 3, 4, 5`;
const ENTRY_COLUMNS = `day, line_id, owner_id, subsystem, type, registered, ${ENTRY_STATUSES.join(', ')},
  ${CHANNELS.join(', ')}, calls, with_calls`;
const ENTRY_FIGURES = ['registered', ...ENTRY_STATUSES, ...CHANNELS, 'calls', 'with_calls']
  .map((c) => `sum(${c})::int`)
  .join(', ');
/**
 * The entry rows also stored summed for the page without some filters: every owner together (owner
 * -1; no specialist asked), and every line, subsystem and type together per owner (line -1,
 * subsystem and type '*'; the specialists' table without those filters). From the rows of `f`.
 */
const ENTRY_ROLLUPS = [
  `SELECT day, line_id, -1, subsystem, type, ${ENTRY_FIGURES} FROM f GROUP BY day, line_id, subsystem, type`,
  `SELECT day, -1, owner_id, '*', '*', ${ENTRY_FIGURES} FROM f GROUP BY day, owner_id`,
];
/** Which of the stored entry rows a query reads (see ENTRY_ROLLUPS). */
export type EntryRows = 'full' | 'all-owners' | 'per-owner';
const ENTRY_ROWS: Record<EntryRows, string> = {
  full: 'line_id >= 0 AND owner_id >= 0',
  'all-owners': 'owner_id = -1',
  'per-owner': 'line_id = -1',
};
/** The same for the resolutions: every owner (and line, subsystem, type) together, or per owner. */
const RESOLUTION_ROWS: Record<EntryRows, string> = {
  full: 'line_id >= 0',
  'all-owners': 'owner_id = -1',
  'per-owner': 'line_id = -1 AND owner_id >= 0',
};

/**
 * The entries resolved on the given days with what their facts need: resolved at the first contact
 * (one call, feedback never awaited); the working time is worked out on the calendar. $1 time zone.
 */
const resolvedEntries = (days: string) => `SELECT to_char((e.resolved_at AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS day,
       COALESCE(e.line_id, 0) AS line_id, COALESCE(e.owner_id, 0) AS owner_id,
       COALESCE(e.subsystem, '') AS subsystem, COALESCE(e.type, '') AS type, e.registered_at, e.resolved_at,
       (SELECT count(*) FROM calls c WHERE c.entry_id = e.id) = 1
         AND NOT EXISTS (SELECT 1 FROM entry_history h WHERE h.entry_id = e.id
                           AND h.changes @> '[{"field": "status", "to": "awaiting_feedback"}]') AS first_contact
  FROM entries e
 WHERE e.resolved_at IS NOT NULL AND e.registered_at IS NOT NULL AND (${days})`;

interface Resolution {
  day: string;
  line_id: number;
  owner_id: number;
  subsystem: string;
  type: string;
  working_seconds: number;
  first_contact: boolean;
}
const RESOLUTION_COLUMNS = 'day, line_id, owner_id, subsystem, type, working_seconds, first_contact';
/** Resolutions as arrays, for unnest($n::date[], ...) in the order of RESOLUTION_COLUMNS. */
const RESOLUTION_ARRAYS = ['date', 'int', 'int', 'text', 'text', 'int', 'bool'];
const asArrays = (rs: Resolution[]): unknown[][] => [
  rs.map((r) => r.day),
  rs.map((r) => r.line_id),
  rs.map((r) => r.owner_id),
  rs.map((r) => r.subsystem),
  rs.map((r) => r.type),
  rs.map((r) => r.working_seconds),
  rs.map((r) => r.first_contact),
];
/** The resolutions given as arrays from $first on, with n = how many share the same values. */
const unnestAt = (first: number) =>
  `SELECT ${RESOLUTION_COLUMNS}, count(*)::int AS n
     FROM unnest(${RESOLUTION_ARRAYS.map((t, k) => `$${first + k}::${t}[]`).join(', ')}) AS r(${RESOLUTION_COLUMNS})
    GROUP BY ${RESOLUTION_COLUMNS}`;

/**
 * A grain of the call facts: per day (the figures) or per half hour (the heatmap); `slot-all`: per
 * half hour, every line, subsystem and type together (stored summed: the heatmap without filters).
 */
export type FactsGrain = 'day' | 'slot' | 'slot-all';
/** The half-hour rows of every line, subsystem and type together: line 0, subsystem and type '*'. */
const ALL_SLOTS = `SELECT day, half_hour, user_id, 0 AS line_id, '*' AS subsystem, '*' AS type,
  sum(offered) AS offered, sum(answered) AS answered FROM f GROUP BY day, half_hour, user_id`;
/** An SQL source (`FROM (${sql}) f`) and its parameters, from $1 on. */
export interface FactsSource {
  sql: string;
  params: unknown[];
}

export class StatsFacts {
  constructor(
    private readonly ds: DataSource,
    private readonly p: FactsParams,
    private readonly calendar: () => Promise<WorkingCalendar>,
  ) {}

  private get settings(): unknown[] {
    return [this.p.timeZone, this.p.shortAbandonSeconds, this.p.serviceLevelSeconds];
  }

  private readonly splitting = new Map<string, Promise<{ clean: string[]; raw: string[] }>>();

  /**
   * The days from..to summarised and not changed since, and the others. The statistics' queries of
   * one request ask it together: they share one reading while it is under way.
   */
  private split(from: string, to: string): Promise<{ clean: string[]; raw: string[] }> {
    const key = `${from}/${to}`;
    let reading = this.splitting.get(key);
    if (!reading) {
      reading = this.readSplit(from, to).finally(() => this.splitting.delete(key));
      this.splitting.set(key, reading);
    }
    return reading;
  }

  private async readSplit(from: string, to: string): Promise<{ clean: string[]; raw: string[] }> {
    const clean = new Set(
      (
        await this.ds.query<{ day: string }[]>(
          `SELECT to_char(d.day, 'YYYY-MM-DD') AS day FROM stats_days d
            WHERE d.day BETWEEN $1::date AND $2::date
              AND NOT EXISTS (SELECT 1 FROM stats_dirty x WHERE x.at >= d.day::timestamp AT TIME ZONE $3
                                AND x.at < (d.day + 1)::timestamp AT TIME ZONE $3)`,
          [from, to, this.p.timeZone],
        )
      ).map((r) => r.day),
    );
    const raw: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) if (!clean.has(d)) raw.push(d);
    return { clean: [...clean], raw };
  }

  /**
   * The call facts of the days from..to: stored for the clean days, from the calls for the rest;
   * `people`: with the specialists' rows.
   */
  async calls(from: string, to: string, grain: FactsGrain, people: boolean): Promise<FactsSource> {
    const { clean, raw } = await this.split(from, to);
    const cond = daysCondition(raw, 5);
    // (the centre's rows alone when no specialist's are read: today's figures on the wallboard)
    const made = callFacts(cond.on('c.started_at'), people);
    const sql =
      grain === 'day'
        ? `SELECT ${DAY_COLUMNS} FROM stats_call_days WHERE day = ANY($4::date[])
           UNION ALL ${rollUp(`(${made}) s`)}`
        : `SELECT ${SLOT_COLUMNS} FROM stats_call_slots
            WHERE day = ANY($4::date[]) AND line_id ${grain === 'slot-all' ? '= 0' : '> 0'}
           UNION ALL SELECT ${SLOT_COLUMNS} FROM (${made}) s`;
    return { sql, params: [...this.settings, clean, ...cond.params] };
  }

  /** The entry facts of the registration days from..to (`rows`: which stored rows). */
  async entries(from: string, to: string, rows: EntryRows): Promise<FactsSource> {
    const { clean, raw } = await this.split(from, to);
    const cond = daysCondition(raw, 3);
    return {
      sql: `SELECT ${ENTRY_COLUMNS} FROM stats_entry_days WHERE day = ANY($2::date[]) AND ${ENTRY_ROWS[rows]}
            UNION ALL ${entryFacts(cond.on('e.registered_at'))}`,
      params: [this.p.timeZone, clean, ...cond.params],
    };
  }

  /**
   * The resolutions of the resolution days from..to, from the stored rows `rows` (as for the entry
   * rows: every owner together is line and owner -1; per owner, line -1; subsystem and type '*').
   */
  async resolutions(from: string, to: string, rows: EntryRows): Promise<FactsSource> {
    const { clean, raw } = await this.split(from, to);
    const made = await this.resolve(this.ds, raw);
    return {
      sql: `SELECT ${RESOLUTION_COLUMNS}, n FROM stats_entry_resolutions
             WHERE day = ANY($1::date[]) AND ${RESOLUTION_ROWS[rows]}
            UNION ALL ${unnestAt(2)}`,
      params: [clean, ...asArrays(made)],
    };
  }

  /** The entries resolved on the days, with their working time to resolution on the calendar. */
  private async resolve(
    db: { query(sql: string, params: unknown[]): Promise<unknown> },
    days: string[],
  ): Promise<Resolution[]> {
    if (!days.length) return [];
    const cond = daysCondition(days, 2);
    const rows = (await db.query(resolvedEntries(cond.on('e.resolved_at')), [
      this.p.timeZone,
      ...cond.params,
    ])) as (Omit<Resolution, 'working_seconds'> & { registered_at: Date; resolved_at: Date })[];
    const cal = await this.calendar();
    return rows.map(({ registered_at, resolved_at, ...r }) => ({
      ...r,
      working_seconds: Math.round(cal.workingDuration(new Date(registered_at), new Date(resolved_at)) / 1000),
    }));
  }

  /**
   * The calendar changed: working times to resolution across the days changed are worked out again
   * (their resolution days are marked); a new weekly schedule changes them all.
   */
  async calendarChanged(change: CalendarChange): Promise<void> {
    if (change === 'schedule') {
      await this.ds.query(`DELETE FROM stats_days`);
      return;
    }
    await this.ds.query(
      `SELECT stats_mark(VARIADIC array_agg(DISTINCT resolved_at)) FROM entries
        WHERE resolved_at >= ($1::date)::timestamp AT TIME ZONE $3
          AND registered_at < ($2::date + 1)::timestamp AT TIME ZONE $3`,
      [change.from, change.to, this.p.timeZone],
    );
  }

  /** Forgets every stored day when the settings the facts were made with have changed. */
  async prepare(): Promise<void> {
    const want = { timeZone: this.p.timeZone, short: this.p.shortAbandonSeconds, sl: this.p.serviceLevelSeconds };
    const [row] = await this.ds.query<{ value: Partial<typeof want> }[]>(`SELECT value FROM settings WHERE key = $1`, [
      SETTING,
    ]);
    // (jsonb keeps its own key order: compared key by key)
    if (row && Object.entries(want).every(([k, v]) => row.value[k as keyof typeof want] === v)) return;
    await this.ds.transaction(async (em) => {
      await em.query(`DELETE FROM stats_days`);
      await em.query(
        `INSERT INTO settings (key, value) VALUES ($1, $2::jsonb)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [SETTING, JSON.stringify(want)],
      );
    });
  }

  /**
   * The days due to be summarised, up to `max`: those changed since they were summarised, then the
   * most recent not summarised yet (up to the day that has been over for an hour); with the marks read.
   */
  private async due(
    db: { query(sql: string, params: unknown[]): Promise<unknown> },
    max: number,
  ): Promise<{ todo: string[]; marks: { id: string; day: string }[] }> {
    const tz = this.p.timeZone;
    const [span] = (await db.query(
      `SELECT to_char((LEAST((SELECT min(started_at) FROM calls), (SELECT min(registered_at) FROM entries),
                             (SELECT min(resolved_at) FROM entries)) AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS first,
              to_char(((now() - interval '${SETTLE}') AT TIME ZONE $1)::date - 1, 'YYYY-MM-DD') AS last`,
      [tz],
    )) as { first: string | null; last: string }[];
    const marks = (await db.query(
      `SELECT id, to_char((at AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS day FROM stats_dirty`,
      [tz],
    )) as { id: string; day: string }[];
    const last = span!.last;
    const dirty = [...new Set(marks.map((m) => m.day).filter((d) => d <= last))];
    const missing = span!.first
      ? ((await db.query(
          `SELECT to_char(g::date, 'YYYY-MM-DD') AS day
             FROM generate_series($1::date, $2::date, interval '1 day') g
            WHERE NOT EXISTS (SELECT 1 FROM stats_days d WHERE d.day = g::date)
            ORDER BY g DESC LIMIT $3`,
          [span!.first, last, max],
        )) as { day: string }[])
      : [];
    return { todo: [...new Set([...dirty, ...missing.map((m) => m.day)])].slice(0, max).sort(), marks };
  }

  /** How many days are due to be summarised (up to 100,000): 0 when the summaries are up to date. */
  async pending(): Promise<number> {
    return (await this.due(this.ds, 100_000)).todo.length;
  }

  /**
   * Summarises up to `maxDays` days: those changed since they were summarised, then the most recent
   * not summarised yet. Answers how many were summarised (0: nothing left, or another instance is at
   * it). One snapshot: a change committed meanwhile leaves its mark for the next round.
   */
  async refresh(maxDays = 31): Promise<number> {
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction('REPEATABLE READ');
      const [lock] = (await qr.query(`SELECT pg_try_advisory_xact_lock($1) AS ok`, [BUILD_LOCK])) as { ok: boolean }[];
      if (!lock?.ok) {
        await qr.rollbackTransaction();
        return 0;
      }
      const tz = this.p.timeZone;
      const { todo, marks } = await this.due(qr, maxDays);
      if (todo.length) {
        for (const t of ['stats_call_days', 'stats_call_slots', 'stats_entry_days', 'stats_entry_resolutions']) {
          await qr.query(`DELETE FROM ${t} WHERE day = ANY($1::date[])`, [todo]);
        }
        const calls = daysCondition(todo, 4);
        await qr.query(
          `WITH f AS (${callFacts(calls.on('c.started_at'))}),
           slots AS (INSERT INTO stats_call_slots (${SLOT_COLUMNS}) SELECT ${SLOT_COLUMNS} FROM f),
           all_slots AS (INSERT INTO stats_call_slots (${SLOT_COLUMNS}) ${ALL_SLOTS})
           INSERT INTO stats_call_days (${DAY_COLUMNS}) ${rollUp('f')}`,
          [...this.settings, ...calls.params],
        );
        const entries = daysCondition(todo, 2);
        await qr.query(
          `WITH f AS (${entryFacts(entries.on('e.registered_at'))}),
           ${ENTRY_ROLLUPS.map((r, i) => `r${i} AS (INSERT INTO stats_entry_days (${ENTRY_COLUMNS}) ${r})`).join(',\n')}
           INSERT INTO stats_entry_days (${ENTRY_COLUMNS}) SELECT * FROM f`,
          [tz, ...entries.params],
        );
        const resolved = await this.resolve(qr, todo);
        await qr.query(
          `WITH r AS (${unnestAt(1)}),
           every AS (INSERT INTO stats_entry_resolutions (${RESOLUTION_COLUMNS}, n)
                      SELECT day, -1, -1, '*', '*', working_seconds, first_contact, sum(n) FROM r
                       GROUP BY day, working_seconds, first_contact),
           per_owner AS (INSERT INTO stats_entry_resolutions (${RESOLUTION_COLUMNS}, n)
                      SELECT day, -1, owner_id, '*', '*', working_seconds, first_contact, sum(n) FROM r
                       GROUP BY day, owner_id, working_seconds, first_contact)
           INSERT INTO stats_entry_resolutions (${RESOLUTION_COLUMNS}, n) SELECT * FROM r`,
          asArrays(resolved),
        );
        await qr.query(
          `INSERT INTO stats_days (day) SELECT unnest($1::date[]) ON CONFLICT (day) DO UPDATE SET built_at = now()`,
          [todo],
        );
        const done = new Set(todo);
        const ids = marks.filter((m) => done.has(m.day)).map((m) => m.id);
        if (ids.length) await qr.query(`DELETE FROM stats_dirty WHERE id = ANY($1::bigint[])`, [ids]);
      }
      await qr.commitTransaction();
      return todo.length;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await qr.release();
    }
  }

  /** Summarises everything there is to summarise (tests, and the first start on an old database). */
  async refreshAll(): Promise<void> {
    while ((await this.refresh()) > 0);
  }
}

/**
 * Keeps the facts summarised in the background: at once after the start (in rounds, until caught
 * up), then every `intervalMs`. Failures are logged and retried at the next tick.
 */
export class StatsFactsJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly facts: StatsFacts,
    private readonly logger: Logger,
    private readonly intervalMs = 60_000,
  ) {}

  start(): void {
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = undefined));
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let more = false;
    try {
      const built = await this.facts.refresh();
      if (built) this.logger.debug({ days: built }, 'statistics: days summarised');
      more = built > 0;
    } catch (err) {
      this.logger.warn({ err }, 'statistics: summarising failed, retried later');
    }
    this.schedule(more ? 50 : this.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
