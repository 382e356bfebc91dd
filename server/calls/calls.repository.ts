// Calls in the database: idempotent upserts from tracker snapshots, lists for the desk.
import type { DataSource, EntityManager } from 'typeorm';
import type { CallListQuery } from '../../shared/api';
import { CallEntity, type CallLeg, type CallRow } from './call.entity';

/** What the journal knows about a call beyond the tracker's snapshot. */
export interface CallUpsert {
  linkedid: string;
  pbxId: string;
  direction: CallRow['direction'];
  lineId: number | null;
  callerNumber: string | null;
  callerNumberNorm: string | null;
  state: CallRow['state'];
  outcome: CallRow['outcome'];
  afterHours: boolean;
  queue: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  totalSeconds: number | null;
  hangupCause: number | null;
  extension: string | null;
  userId: number | null;
  callbackOfId: number | null;
  callbackOwnerId: number | null;
  legs: CallLeg[];
}

const COLUMNS: [keyof CallUpsert, string][] = [
  ['linkedid', 'linkedid'],
  ['pbxId', 'pbx_id'],
  ['direction', 'direction'],
  ['lineId', 'line_id'],
  ['callerNumber', 'caller_number'],
  ['callerNumberNorm', 'caller_number_norm'],
  ['state', 'state'],
  ['outcome', 'outcome'],
  ['afterHours', 'after_hours'],
  ['queue', 'queue'],
  ['startedAt', 'started_at'],
  ['answeredAt', 'answered_at'],
  ['endedAt', 'ended_at'],
  ['waitSeconds', 'wait_seconds'],
  ['talkSeconds', 'talk_seconds'],
  ['totalSeconds', 'total_seconds'],
  ['hangupCause', 'hangup_cause'],
  ['extension', 'extension'],
  ['userId', 'user_id'],
  ['callbackOfId', 'callback_of_id'],
  ['callbackOwnerId', 'callback_owner_id'],
  ['legs', 'legs'],
];

// Merging is monotonic: a call only moves forward (ringing -> answered -> ended), the first answer
// and end are kept, and the newer owner is the one with more legs. Replays and a second instance
// writing the same call therefore change nothing.
const UPSERT_SQL = `
WITH prev AS (SELECT id, state, user_id FROM calls WHERE linkedid = $1 FOR UPDATE)
INSERT INTO calls (${COLUMNS.map((c) => c[1]).join(', ')})
VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
ON CONFLICT (linkedid) DO UPDATE SET
  line_id = COALESCE(calls.line_id, EXCLUDED.line_id),
  caller_number = COALESCE(calls.caller_number, EXCLUDED.caller_number),
  caller_number_norm = COALESCE(calls.caller_number_norm, EXCLUDED.caller_number_norm),
  queue = COALESCE(EXCLUDED.queue, calls.queue),
  started_at = LEAST(calls.started_at, EXCLUDED.started_at),
  answered_at = COALESCE(calls.answered_at, EXCLUDED.answered_at),
  state = CASE WHEN calls.state = 'ended' OR EXCLUDED.state = 'ended' THEN 'ended'
               WHEN calls.state = 'answered' OR EXCLUDED.state = 'answered' THEN 'answered'
               ELSE 'ringing' END,
  ended_at = COALESCE(calls.ended_at, EXCLUDED.ended_at),
  outcome = COALESCE(calls.outcome, EXCLUDED.outcome),
  after_hours = CASE WHEN calls.state = 'ended' THEN calls.after_hours ELSE EXCLUDED.after_hours END,
  wait_seconds = COALESCE(calls.wait_seconds, EXCLUDED.wait_seconds),
  talk_seconds = COALESCE(calls.talk_seconds, EXCLUDED.talk_seconds),
  total_seconds = COALESCE(calls.total_seconds, EXCLUDED.total_seconds),
  hangup_cause = COALESCE(calls.hangup_cause, EXCLUDED.hangup_cause),
  extension = CASE WHEN jsonb_array_length(EXCLUDED.legs) > jsonb_array_length(calls.legs)
                   THEN EXCLUDED.extension ELSE COALESCE(calls.extension, EXCLUDED.extension) END,
  user_id = CASE WHEN jsonb_array_length(EXCLUDED.legs) > jsonb_array_length(calls.legs)
                 THEN EXCLUDED.user_id ELSE COALESCE(calls.user_id, EXCLUDED.user_id) END,
  legs = CASE WHEN jsonb_array_length(EXCLUDED.legs) > jsonb_array_length(calls.legs)
              THEN EXCLUDED.legs ELSE calls.legs END,
  callback_of_id = COALESCE(calls.callback_of_id, EXCLUDED.callback_of_id),
  callback_owner_id = COALESCE(calls.callback_owner_id, EXCLUDED.callback_owner_id),
  updated_at = now()
RETURNING id, (SELECT state FROM prev) AS prev_state, (SELECT user_id FROM prev) AS prev_user_id`;

export interface UpsertResult {
  id: number;
  /** The state before this write; null when the call is new. */
  prevState: CallRow['state'] | null;
  prevUserId: number | null;
}

export class CallsRepository {
  constructor(private readonly ds: DataSource) {}

  async upsert(em: EntityManager, c: CallUpsert): Promise<UpsertResult> {
    const params = COLUMNS.map(([k]) => (k === 'legs' ? JSON.stringify(c.legs) : c[k]));
    const rows: { id: number; prev_state: CallRow['state'] | null; prev_user_id: number | null }[] = await em.query(
      UPSERT_SQL,
      params,
    );
    const r = rows[0]!;
    return { id: r.id, prevState: r.prev_state, prevUserId: r.prev_user_id };
  }

  async findById(id: number, em?: EntityManager): Promise<CallRow | null> {
    return (em ?? this.ds.manager).getRepository(CallEntity).findOneBy({ id });
  }

  async findByIds(ids: number[], em?: EntityManager): Promise<CallRow[]> {
    if (!ids.length) return [];
    return (em ?? this.ds.manager)
      .getRepository(CallEntity)
      .createQueryBuilder('c')
      .where('c.id IN (:...ids)', { ids })
      .getMany();
  }

  async ofEntry(entryId: number, em?: EntityManager): Promise<CallRow[]> {
    return (em ?? this.ds.manager).getRepository(CallEntity).find({ where: { entryId }, order: { startedAt: 'ASC' } });
  }

  async setEntry(em: EntityManager, callId: number, entryId: number): Promise<void> {
    await em.query(`UPDATE calls SET entry_id = $2, updated_at = now() WHERE id = $1`, [callId, entryId]);
  }

  /** Calls of this PBX still open in the database that the PBX no longer has: they ended during an outage. */
  async endStale(em: EntityManager, pbxId: string, active: string[], at: Date): Promise<number[]> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, rowCount].
    const [rows] = await em.query<[{ id: number }[], number]>(
      `UPDATE calls SET state = 'ended', ended_at = GREATEST($3, started_at),
              outcome = CASE WHEN answered_at IS NOT NULL THEN 'answered' ELSE 'missed' END,
              total_seconds = GREATEST(0, EXTRACT(EPOCH FROM ($3 - started_at))::int),
              talk_seconds = CASE WHEN answered_at IS NOT NULL THEN GREATEST(0, EXTRACT(EPOCH FROM ($3 - answered_at))::int) END,
              updated_at = now()
        WHERE pbx_id = $1 AND state <> 'ended' AND NOT (linkedid = ANY($2::text[]))
        RETURNING id`,
      [pbxId, active, at],
    );
    return rows.map((r) => r.id);
  }

  async list(q: CallListQuery, timeZone: string): Promise<{ items: CallRow[]; total: number }> {
    const qb = this.ds.getRepository(CallEntity).createQueryBuilder('c');
    if (q.view === 'missed') {
      qb.andWhere(`c.direction = 'inbound' AND c.state = 'ended' AND c.outcome IN ('missed', 'abandoned')`);
    }
    if (q.view === 'active') qb.andWhere(`c.state <> 'ended'`);
    if (q.handled === 'true') qb.andWhere('c.handled_at IS NOT NULL');
    if (q.handled === 'false') qb.andWhere('c.handled_at IS NULL');
    if (q.from)
      qb.andWhere(`c.started_at >= (:from::date)::timestamp AT TIME ZONE :tz`, { from: q.from, tz: timeZone });
    if (q.to) qb.andWhere(`c.started_at < ((:to::date + 1)::timestamp AT TIME ZONE :tz)`, { to: q.to, tz: timeZone });
    if (q.lineId) qb.andWhere('c.line_id = :lineId', { lineId: q.lineId });
    if (q.userId) qb.andWhere('c.user_id = :userId', { userId: q.userId });
    if (q.caller) qb.andWhere('c.caller_number_norm LIKE :caller', { caller: `%${q.caller.replace(/\D/g, '')}%` });
    qb.orderBy('c.started_at', 'DESC').addOrderBy('c.id', 'DESC').skip(q.offset).take(q.limit);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  async update(em: EntityManager, id: number, set: Partial<CallRow>): Promise<void> {
    await em.getRepository(CallEntity).update({ id }, { ...set, updatedAt: new Date() });
  }
}
