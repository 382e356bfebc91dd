// Call facts: the support calls of a day summed per half hour, line, subsystem, type and person
// (user 0: the centre; one row more for each specialist who talked on a call or is to call back).
// Every call figure of the statistics (totals, days, heatmap, specialists) is summed from these
// rows. The same SQL makes them on the fly for the days not summarised (today, a day changed since)
// and stores them for the others (stats_call_days, stats_call_slots), so both ways give the same
// figures.
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { addDays } from '../calendar/tz';
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
const facts = (days: string) => `SELECT (c.started_at AT TIME ZONE $1)::date AS day,
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
    UNION ALL
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
    GROUP BY x.user_id) p
 WHERE ${countedSql('c')} AND (${days})
 GROUP BY 1, 2, 3, 4, 5, 6`;

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
const SETTING = 'stats_call_facts';

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

/** The condition on c.started_at for the given days (parameters from $first on, two per range). */
function daysCondition(days: string[], first: number): { sql: string; params: string[] } {
  const rs = ranges(days);
  return {
    sql: rs.length
      ? rs
          .map(
            (_r, i) =>
              `(c.started_at >= ($${first + 2 * i}::date)::timestamp AT TIME ZONE $1
                AND c.started_at < ($${first + 2 * i + 1}::date + 1)::timestamp AT TIME ZONE $1)`,
          )
          .join(' OR ')
      : 'FALSE',
    params: rs.flat(),
  };
}

/** A grain of the facts: per day (the figures) or per half hour (the heatmap). */
export type FactsGrain = 'day' | 'slot';

export class CallFacts {
  constructor(
    private readonly ds: DataSource,
    private readonly p: FactsParams,
  ) {}

  private get settings(): unknown[] {
    return [this.p.timeZone, this.p.shortAbandonSeconds, this.p.serviceLevelSeconds];
  }

  /**
   * The facts of the days from..to as an SQL source (`FROM (${sql}) f`) and its parameters, which
   * start at $1: stored rows for the days summarised and clean, the calls themselves for the rest.
   */
  async source(from: string, to: string, grain: FactsGrain): Promise<{ sql: string; params: unknown[] }> {
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
    const cond = daysCondition(raw, 5);
    const sql =
      grain === 'day'
        ? `SELECT ${DAY_COLUMNS} FROM stats_call_days WHERE day = ANY($4::date[])
           UNION ALL ${rollUp(`(${facts(cond.sql)}) s`)}`
        : `SELECT ${SLOT_COLUMNS} FROM stats_call_slots WHERE day = ANY($4::date[])
           UNION ALL SELECT ${SLOT_COLUMNS} FROM (${facts(cond.sql)}) s`;
    return { sql, params: [...this.settings, [...clean], ...cond.params] };
  }

  /** Forgets every stored day when the settings the facts were made with have changed. */
  async prepare(): Promise<void> {
    const want = { timeZone: this.p.timeZone, short: this.p.shortAbandonSeconds, sl: this.p.serviceLevelSeconds };
    const [row] = await this.ds.query<{ value: unknown }[]>(`SELECT value FROM settings WHERE key = $1`, [SETTING]);
    if (JSON.stringify(row?.value) === JSON.stringify(want)) return;
    await this.ds.transaction(async (em) => {
      await em.query(`DELETE FROM stats_days`);
      await em.query(`DELETE FROM stats_call_days`);
      await em.query(`DELETE FROM stats_call_slots`);
      await em.query(
        `INSERT INTO settings (key, value) VALUES ($1, $2::jsonb)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [SETTING, JSON.stringify(want)],
      );
    });
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
      const [span] = (await qr.query(
        `SELECT to_char((min(started_at) AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS first,
                to_char(((now() - interval '${SETTLE}') AT TIME ZONE $1)::date - 1, 'YYYY-MM-DD') AS last
           FROM calls`,
        [tz],
      )) as { first: string | null; last: string }[];
      const marks = (await qr.query(
        `SELECT id, to_char((at AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS day FROM stats_dirty`,
        [tz],
      )) as { id: string; day: string }[];
      const last = span!.last;
      const dirty = [...new Set(marks.map((m) => m.day).filter((d) => d <= last))];
      const missing = span!.first
        ? ((await qr.query(
            `SELECT to_char(g::date, 'YYYY-MM-DD') AS day
               FROM generate_series($1::date, $2::date, interval '1 day') g
              WHERE NOT EXISTS (SELECT 1 FROM stats_days d WHERE d.day = g::date)
              ORDER BY g DESC LIMIT $3`,
            [span!.first, last, maxDays],
          )) as { day: string }[])
        : [];
      const todo = [...new Set([...dirty, ...missing.map((m) => m.day)])].slice(0, maxDays).sort();
      if (todo.length) {
        const cond = daysCondition(todo, 4);
        await qr.query(`DELETE FROM stats_call_days WHERE day = ANY($1::date[])`, [todo]);
        await qr.query(`DELETE FROM stats_call_slots WHERE day = ANY($1::date[])`, [todo]);
        await qr.query(
          `WITH f AS (${facts(cond.sql)}),
           slots AS (INSERT INTO stats_call_slots (${SLOT_COLUMNS}) SELECT ${SLOT_COLUMNS} FROM f)
           INSERT INTO stats_call_days (${DAY_COLUMNS}) ${rollUp('f')}`,
          [...this.settings, ...cond.params],
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
export class CallFactsJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly facts: CallFacts,
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
