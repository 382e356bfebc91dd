// Journal entries, their history and registration numbers in the database.
import type { DataSource, EntityManager } from 'typeorm';
import type { EntryListQuery } from '../../shared/api';
import { EntryEntity, EntryHistoryEntity, type EntryHistoryRow, type EntryRow, type FieldChange } from './entry.entity';

export type DraftInsert = Pick<
  EntryRow,
  | 'channel'
  | 'lineId'
  | 'callerNumber'
  | 'callerNumberNorm'
  | 'ownerId'
  | 'originCallId'
  | 'organizationName'
  | 'organizationId'
  | 'personName'
  | 'subsystem'
>;

export interface CallerHistoryRow {
  organizationName: string;
  organizationId: number | null;
  personName: string;
  subsystem: EntryRow['subsystem'];
}

/** Who may see which statuses in lists: drafts are their owner's; "not a request" only admins ask for. */
const VISIBLE = `e.status NOT IN ('draft', 'not_request')`;

export class EntriesRepository {
  constructor(private readonly ds: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(EntryEntity);
  }

  /** Opens the draft of a call; nothing when the call already has one (another instance, a replay). */
  async insertDraft(em: EntityManager, d: DraftInsert): Promise<EntryRow | null> {
    const res = await this.repo(em)
      .createQueryBuilder()
      .insert()
      .values({ ...d, status: 'draft', description: '', additionalInfo: '', note: '', resolution: '' })
      .orIgnore()
      .returning('id')
      .execute();
    const id = (res.raw as { id: number }[])[0]?.id;
    return id ? this.repo(em).findOneBy({ id }) : null;
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
  ): Promise<void> {
    await em.query(
      `INSERT INTO entry_history (entry_id, user_id, action, changes, comment) VALUES ($1, $2, $3, $4::jsonb, $5)`,
      [entryId, userId, action, JSON.stringify(changes), comment],
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

  /** The caller's latest entries (not drafts), newest first. */
  async recentForCaller(norm: string, excludeId: number | null, limit: number, em?: EntityManager) {
    return this.repo(em)
      .createQueryBuilder('e')
      .where('e.caller_number_norm = :norm', { norm })
      .andWhere(VISIBLE)
      .andWhere('e.id <> :ex', { ex: excludeId ?? 0 })
      .orderBy('e.created_at', 'DESC')
      .take(limit)
      .getMany();
  }

  /** Organisation and person of the caller's earlier entries, most recent first, distinct. */
  async callerHistory(norm: string, em?: EntityManager): Promise<CallerHistoryRow[]> {
    const rows: {
      organization_name: string;
      organization_id: number | null;
      person_name: string;
      subsystem: EntryRow['subsystem'];
    }[] = await (em ?? this.ds.manager).query(
      `SELECT organization_name, organization_id, person_name, subsystem
         FROM (SELECT DISTINCT ON (organization_name, person_name)
                      organization_name, organization_id, person_name, subsystem, created_at
                 FROM entries
                WHERE caller_number_norm = $1 AND status NOT IN ('draft', 'not_request')
                  AND (organization_name <> '' OR person_name <> '')
                ORDER BY organization_name, person_name, created_at DESC) s
        ORDER BY created_at DESC LIMIT 3`,
      [norm],
    );
    return rows.map((r) => ({
      organizationName: r.organization_name,
      organizationId: r.organization_id,
      personName: r.person_name,
      subsystem: r.subsystem,
    }));
  }

  async draftsOf(ownerId: number): Promise<EntryRow[]> {
    return this.repo().find({ where: { ownerId, status: 'draft' }, order: { createdAt: 'ASC' } });
  }

  async list(q: EntryListQuery, timeZone: string): Promise<{ items: EntryRow[]; total: number }> {
    const qb = this.repo().createQueryBuilder('e');
    if (q.status === 'open') qb.andWhere(`e.status IN ('in_progress', 'awaiting_feedback', 'passed_to_developer')`);
    else if (q.status) qb.andWhere('e.status = :status', { status: q.status });
    else qb.andWhere(VISIBLE);
    if (q.type) qb.andWhere('e.type = :type', { type: q.type });
    if (q.subsystem) qb.andWhere('e.subsystem = :subsystem', { subsystem: q.subsystem });
    if (q.channel) qb.andWhere('e.channel = :channel', { channel: q.channel });
    if (q.lineId) qb.andWhere('e.line_id = :lineId', { lineId: q.lineId });
    if (q.ownerId) qb.andWhere('e.owner_id = :ownerId', { ownerId: q.ownerId });
    if (q.caller) qb.andWhere('e.caller_number_norm LIKE :caller', { caller: `%${q.caller.replace(/\D/g, '')}%` });
    if (q.organization) {
      qb.andWhere('e.organization_name ILIKE :org', { org: `%${q.organization.replace(/[%_\\]/g, '\\$&')}%` });
    }
    if (q.from) {
      qb.andWhere(`e.registered_at >= (:from::date)::timestamp AT TIME ZONE :tz`, { from: q.from, tz: timeZone });
    }
    if (q.to) {
      qb.andWhere(`e.registered_at < ((:to::date + 1)::timestamp AT TIME ZONE :tz)`, { to: q.to, tz: timeZone });
    }
    if (q.q) {
      qb.andWhere(
        `to_tsvector('russian', e.description || ' ' || e.organization_name || ' ' || e.person_name || ' ' || e.resolution)
           @@ plainto_tsquery('russian', :q)`,
        { q: q.q },
      );
    }
    const desc = q.sort.startsWith('-');
    const key = q.sort.replace('-', '');
    const column = key === 'regNumber' ? 'e.reg_year' : key === 'status' ? 'e.status' : 'e.registered_at';
    qb.orderBy(column, desc ? 'DESC' : 'ASC', desc ? 'NULLS LAST' : 'NULLS FIRST');
    if (key === 'regNumber') qb.addOrderBy('e.reg_seq', desc ? 'DESC' : 'ASC');
    qb.addOrderBy('e.id', desc ? 'DESC' : 'ASC')
      .skip(q.offset)
      .take(q.limit);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }
}
