// Journal entries, their history and registration numbers in the database.
import { In, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { EntryListQuery } from '../../shared/api';
import { camelRow } from '../db/rows';
import { EntryEntity, EntryHistoryEntity, type EntryHistoryRow, type EntryRow, type FieldChange } from './entry.entity';
import { OPEN_STATUSES_SQL } from './lifecycle';
import { buildLikeQuery, buildSearchQuery, type SearchQuery } from '../search/search-query';
import { loadWordForms } from '../search/word-forms';

interface DirectoryRow {
  id: number;
  full_name: string;
  short_name: string;
  default_subsystem: EntryRow['subsystem'];
}
interface HistoryRow {
  organization_name: string;
  organization_id: number | null;
  person_name: string;
  subsystem: EntryRow['subsystem'];
}
interface RecentRow {
  id: number;
  reg_number: string | null;
  registered_at: string | null;
  created_at: string;
  status: EntryRow['status'];
  description: string;
  organization_name: string;
  person_name: string;
}
export interface CallerContextRows {
  directory: DirectoryRow[];
  history: HistoryRow[];
  recent: RecentRow[];
}

export interface AnsweredBeforeRow {
  id: number;
  reg_number: string | null;
  registered_at: Date | null;
  subsystem: EntryRow['subsystem'];
  description: string;
  resolution: string;
  common: number;
}
/** How many of the newest closed entries sharing a word «answered before» compares (see answeredBefore). */
const ANSWERED_WINDOW = 1_000;

const COUNT_CAP = 10_000;
/**
 * A search's matches are spread over the whole table: counting thousands of them reads as many table
 * pages. Searches are counted exactly up to this many; above it the planner's estimate is shown (≈).
 */
const SEARCH_COUNT_CAP = 1_000;
/** How many of a period's newest entries a search looks through before it asks the full-text index. */
const SEARCH_WINDOW = 4_000;

/** Who may see which statuses in lists: drafts are their owner's; "not a request" only admins ask for. */
const VISIBLE = `e.status NOT IN ('draft', 'not_request')`;

export class EntriesRepository {
  private instants: string[] | undefined;

  constructor(private readonly ds: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(EntryEntity);
  }

  /**
   * Opens the drafts of answered calls in one statement: the entries, the calls' links to them and the
   * history lines. A call that already has a draft (another instance, a replay) gets none: it is
   * linked to the one it has. Returns the new drafts.
   */
  /** An entry row that PostgreSQL gave as JSON (`to_jsonb(row)`): its instants become Dates again. */
  fromJson(json: Record<string, unknown>): EntryRow {
    this.instants ??= this.ds
      .getMetadata(EntryEntity)
      .columns.filter((c) => c.type === 'timestamptz')
      .map((c) => c.databaseName);
    const raw = { ...json };
    for (const k of this.instants) if (typeof raw[k] === 'string') raw[k] = new Date(raw[k]);
    return camelRow<EntryRow>(raw);
  }

  async insert(em: EntityManager, row: Partial<EntryRow>): Promise<EntryRow> {
    const repo = this.repo(em);
    return repo.save(repo.create(row));
  }

  async findById(id: number, em?: EntityManager, lock = false): Promise<EntryRow | null> {
    const qb = this.repo(em).createQueryBuilder('e').where('e.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async findByOriginCall(callId: number, em?: EntityManager): Promise<EntryRow | null> {
    return this.repo(em).findOneBy({ originCallId: callId });
  }

  async update(em: EntityManager, id: number, set: Partial<EntryRow>): Promise<void> {
    await this.repo(em)
      .createQueryBuilder()
      .update()
      .set({ ...set, updatedAt: () => 'now()', version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
  }

  /**
   * The next registration number of a year. The counter row stays locked until the transaction ends,
   * so concurrent registrations (on any instance) take turns: numbers never collide, and a rolled back
   * registration gives its number back, so the sequence has no gaps.
   */
  async nextRegSeq(em: EntityManager, year: number): Promise<number> {
    const rows: { last_seq: number }[] = await em.query(
      `INSERT INTO reg_counters (year, last_seq) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_seq = reg_counters.last_seq + 1
       RETURNING last_seq`,
      [year],
    );
    return rows[0]!.last_seq;
  }

  async addHistory(
    em: EntityManager,
    entryId: number,
    userId: number | null,
    action: string,
    changes: FieldChange[],
    comment: string | null = null,
    /** When it happened, if not now (a transfer at the PBX's time). */
    at: Date | null = null,
  ): Promise<void> {
    await em.query(
      `INSERT INTO entry_history (entry_id, user_id, action, changes, comment, at)
       VALUES ($1, $2, $3, $4::jsonb, $5, COALESCE($6, now()))`,
      [entryId, userId, action, JSON.stringify(changes), comment, at],
    );
  }

  async history(entryId: number): Promise<EntryHistoryRow[]> {
    return this.ds.getRepository(EntryHistoryEntity).find({ where: { entryId }, order: { at: 'ASC', id: 'ASC' } });
  }

  async callIds(entryIds: number[], em?: EntityManager): Promise<Map<number, number[]>> {
    const map = new Map<number, number[]>();
    if (!entryIds.length) return map;
    const rows: { id: number; entry_id: number }[] = await (em ?? this.ds.manager).query(
      `SELECT id, entry_id FROM calls WHERE entry_id = ANY($1::int[]) ORDER BY started_at`,
      [entryIds],
    );
    for (const r of rows) map.set(r.entry_id, [...(map.get(r.entry_id) ?? []), r.id]);
    return map;
  }

  /**
   * Everything the pop-up shows about callers, in one round trip for any number of them: the
   * organisations whose phone it is, organisation and person of the caller's earlier entries
   * (distinct, latest first), and the caller's last five entries.
   */
  async callerContexts(
    norms: string[],
    excludeId: number | null,
    em?: EntityManager,
  ): Promise<Map<string, CallerContextRows>> {
    const out = new Map<string, CallerContextRows>();
    if (!norms.length) return out;
    const rows: ({ norm: string } & CallerContextRows)[] = await (em ?? this.ds.manager).query(
      `SELECT n.norm,
         (SELECT coalesce(json_agg(x), '[]') FROM (
            SELECT o.id, o.full_name, o.short_name, o.default_subsystem
              FROM organization_phones p JOIN organizations o ON o.id = p.organization_id
             WHERE p.phone = n.norm AND o.active ORDER BY o.full_name LIMIT 10) x) AS directory,
         (SELECT coalesce(json_agg(y ORDER BY y.created_at DESC), '[]') FROM (
            SELECT DISTINCT ON (organization_name, person_name)
                   organization_name, organization_id, person_name, subsystem, created_at
              FROM entries
             WHERE caller_number_norm = n.norm AND status NOT IN ('draft', 'not_request')
               AND (organization_name <> '' OR person_name <> '')
             ORDER BY organization_name, person_name, created_at DESC) y) AS history,
         (SELECT coalesce(json_agg(z), '[]') FROM (
            SELECT id, reg_number, registered_at, created_at, status, description, organization_name, person_name
              FROM entries
             WHERE caller_number_norm = n.norm AND status NOT IN ('draft', 'not_request') AND id <> $2
             ORDER BY created_at DESC LIMIT 5) z) AS recent
       FROM unnest($1::text[]) AS n(norm)`,
      [[...new Set(norms)], excludeId ?? 0],
    );
    for (const r of rows) out.set(r.norm, { directory: r.directory, history: r.history.slice(0, 3), recent: r.recent });
    return out;
  }

  /**
   * Closed entries with a resolution that are most like a description being typed: among the newest
   * ANSWERED_WINDOW closed entries sharing any of its words (in any form), the same subsystem first, then
   * the most words in common (at least two when the text has two), then the newest.
   */
  async answeredBefore(text: string, subsystem: string | null, excludeId: number, limit: number) {
    const like = buildLikeQuery(text, await loadWordForms());
    if (!like) return [];
    // The words' queries are parsed once (tsquery[]), and each candidate is matched against each once.
    return this.ds.query<AnsweredBeforeRow[]>(
      `WITH c AS MATERIALIZED (
         SELECT id, reg_number, registered_at, subsystem, description, resolution, search
           FROM entries
          WHERE status = 'closed' AND resolution <> '' AND id <> $3 AND search @@ to_tsquery('simple', $1)
          ORDER BY registered_at DESC LIMIT ${ANSWERED_WINDOW})
       SELECT c.id, c.reg_number, c.registered_at, c.subsystem, c.description, c.resolution, x.common
         FROM c CROSS JOIN LATERAL (
           SELECT count(*)::int AS common FROM unnest($2::tsquery[]) g WHERE c.search @@ g) x
        WHERE x.common >= least(2, cardinality($2::tsquery[]))
        ORDER BY (c.subsystem IS NOT DISTINCT FROM $4) DESC, x.common DESC, c.registered_at DESC
        LIMIT $5`,
      [like.any, like.words, excludeId, subsystem, limit],
    );
  }

  async draftsOf(ownerId: number): Promise<EntryRow[]> {
    return this.repo().find({ where: { ownerId, status: 'draft' }, order: { createdAt: 'ASC' } });
  }

  async list(
    q: EntryListQuery,
    timeZone: string,
  ): Promise<{ items: EntryRow[]; total: number; totalExact: boolean; highlight?: SearchQuery['highlight'] }> {
    const qb = this.repo().createQueryBuilder('e');
    if (q.status === 'open') qb.andWhere(`e.status IN (${OPEN_STATUSES_SQL})`);
    else if (q.status) qb.andWhere('e.status = :status', { status: q.status });
    else qb.andWhere(VISIBLE);
    if (q.type) qb.andWhere('e.type = :type', { type: q.type });
    if (q.subsystem) qb.andWhere('e.subsystem = :subsystem', { subsystem: q.subsystem });
    if (q.channel) qb.andWhere('e.channel = :channel', { channel: q.channel });
    // Waiting for the head's approval (the statistics' «ждут согласования»: open ones).
    if (q.approval === 'pending') {
      qb.andWhere(`e.approval = 'pending' AND e.status IN (${OPEN_STATUSES_SQL})`);
    }
    if (q.lineId) qb.andWhere('e.line_id = :lineId', { lineId: q.lineId });
    if (q.ownerId) qb.andWhere('e.owner_id = :ownerId', { ownerId: q.ownerId });
    if (q.caller) qb.andWhere('e.caller_number_norm LIKE :caller', { caller: `%${q.caller.replace(/\D/g, '')}%` });
    if (q.sender) qb.andWhere('e.sender_email = :sender', { sender: q.sender.toLowerCase() });
    if (q.organizationId) qb.andWhere('e.organization_id = :orgId', { orgId: q.organizationId });
    if (q.organization) {
      qb.andWhere('e.organization_name ILIKE :org', { org: `%${q.organization.replace(/[%_\\]/g, '\\$&')}%` });
    }
    if (q.from) {
      qb.andWhere(`e.registered_at >= (:from::date)::timestamp AT TIME ZONE :tz`, { from: q.from, tz: timeZone });
    }
    if (q.to) {
      qb.andWhere(`e.registered_at < ((:to::date + 1)::timestamp AT TIME ZONE :tz)`, { to: q.to, tz: timeZone });
    }
    // The document (description, organisation, person, resolution) is kept by a trigger, GIN-indexed; the
    // query carries every form of each word (see search-query.ts).
    const search = q.q ? buildSearchQuery(q.q, await loadWordForms()) : undefined;
    const tsq = search?.tsquery ?? '';
    const highlight = search?.highlight;
    const unsearched = qb.clone();
    // Only stop words ("и", "в"): nothing to search for.
    if (tsq) qb.andWhere(`e.search @@ to_tsquery('simple', :tsq)`, { tsq });
    const desc = q.sort.startsWith('-');
    const key = q.sort.replace('-', '');
    const column = key === 'regNumber' ? 'e.reg_year' : key === 'status' ? 'e.status' : 'e.registered_at';
    // Default NULLS placement, so that the (registered_at, id) index serves both directions.
    qb.orderBy(column, desc ? 'DESC' : 'ASC');
    if (key === 'regNumber') qb.addOrderBy('e.reg_seq', desc ? 'DESC' : 'ASC');
    qb.addOrderBy('e.id', desc ? 'DESC' : 'ASC')
      .skip(q.offset)
      .take(q.limit);
    const cap = q.q ? SEARCH_COUNT_CAP : COUNT_CAP;
    // A search's first pages, newest first: look through the newest entries (of the period, if one is
    // given) before asking the full-text index (see searchInWindow).
    const windowed = tsq && q.sort === '-registeredAt' && q.offset + q.limit <= 200;
    if (windowed) {
      const w = await this.searchInWindow(unsearched, tsq, q.offset, q.limit);
      const items = w.rows ?? (await qb.getMany());
      // The window held the whole period: its count is exact. Otherwise at least that many match; the
      // planner's estimate says how many more (counting them would read the whole table's matches).
      if (w.seen < SEARCH_WINDOW) return { items, total: w.matched, totalExact: true, highlight };
      // A short page is the last one: the total is known.
      if (items.length < q.limit && (items.length > 0 || q.offset === 0)) {
        return { items, total: q.offset + items.length, totalExact: true, highlight };
      }
      return { items, total: Math.max(w.matched, await this.estimate(qb)), totalExact: false, highlight };
    }
    const [items, count] = await Promise.all([qb.getMany(), this.cappedCount(qb, cap)]);
    return { items, ...count, highlight };
  }

  /**
   * The first pages of a search, from the newest SEARCH_WINDOW entries that pass the other filters (of the
   * period, if one is given). PostgreSQL misjudges how many entries a search matches (every form of a word,
   * words that occur together) and would collect every match of a common word in the whole table from the
   * full-text index, then sort them; the window finds them at once. When the window holds too few matches (a rare phrase), null: the index
   * answers, and for a rare phrase it is quick.
   */
  private async searchInWindow(
    filtered: SelectQueryBuilder<EntryRow>,
    tsq: string,
    offset: number,
    limit: number,
  ): Promise<{ rows: EntryRow[] | null; seen: number; matched: number }> {
    const [windowSql, params]: [string, unknown[]] = filtered
      .clone()
      .select(['e.id', 'e.registeredAt'])
      // Matched during the scan: the window keeps a flag, not every entry's document.
      .addSelect(`e.search @@ to_tsquery('simple', :windowTsq)`, 'e_hit')
      .setParameter('windowTsq', tsq)
      .orderBy('e.registered_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(SEARCH_WINDOW)
      .getQueryAndParameters();
    const n = params.length;
    const [r] = await this.ds.query<[{ seen: number; matched: number; ids: number[] | null }]>(
      `WITH w AS MATERIALIZED (${windowSql})
       SELECT count(*)::int AS seen, count(*) FILTER (WHERE e_hit)::int AS matched,
              (SELECT array_agg(e_id ORDER BY e_registered_at DESC, e_id DESC)
                 FROM (SELECT e_id, e_registered_at FROM w WHERE e_hit
                        ORDER BY e_registered_at DESC, e_id DESC LIMIT $${n + 1}) t) AS ids
         FROM w`,
      [...params, offset + limit],
    );
    const hits = r.ids ?? [];
    // Too few matches in a window that did not hold the whole period: the index must answer.
    if (hits.length < offset + limit && r.seen >= SEARCH_WINDOW)
      return { rows: null, seen: r.seen, matched: r.matched };
    const ids = hits.slice(offset);
    const rows = ids.length ? await this.repo().findBy({ id: In(ids) }) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return {
      rows: ids.map((id) => byId.get(id)).filter((row): row is EntryRow => !!row),
      seen: r.seen,
      matched: r.matched,
    };
  }

  /** The planner's estimate of how many rows a list's filters match. */
  private async estimate(qb: SelectQueryBuilder<EntryRow>): Promise<number> {
    const [sql, params] = qb.clone().orderBy().skip(undefined).take(undefined).select('1').getQueryAndParameters();
    const plan: { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[] = await this.ds.query(
      `EXPLAIN (FORMAT JSON) ${sql}`,
      params,
    );
    return Math.round(plan[0]!['QUERY PLAN'][0].Plan['Plan Rows']);
  }

  /**
   * How many entries match: exact when there are up to `cap`, else the planner's estimate (a
   * page of a million-row journal must not count a million rows). The estimate is asked first: a
   * broad filter is never counted at all.
   */
  private async cappedCount(
    qb: SelectQueryBuilder<EntryRow>,
    cap: number,
  ): Promise<{ total: number; totalExact: boolean }> {
    const bare = () => qb.clone().orderBy().skip(undefined).take(undefined);
    const estimate = await this.estimate(qb);
    if (estimate > cap) return { total: estimate, totalExact: false };
    // No column is read: the count can come from an index alone (index-only or bitmap scans skip the
    // table's all-visible pages), which matters when the table is not in memory.
    const [sql, params] = bare()
      .select('1')
      .limit(cap + 1)
      .getQueryAndParameters();
    const rows: { n: number }[] = await this.ds.query(`SELECT count(*)::int AS n FROM (${sql}) t`, params);
    const n = rows[0]!.n;
    return n <= cap ? { total: n, totalExact: true } : { total: Math.max(n, estimate), totalExact: false };
  }
}
