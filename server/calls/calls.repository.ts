// Calls in the database: idempotent upserts from tracker snapshots, lists for the desk.
import type { DataSource, EntityManager } from 'typeorm';
import type { CallListQuery } from '../../shared/api';
import type { Role } from '../../shared/domain';
import { normalizePhone } from '../../shared/phone';
import { camelRow } from '../db/rows';
import { ACTIVE_EXTENSIONS } from '../users/active-extensions';
import { bucketSql, countedSql, specialistCallSql } from '../stats/buckets';
import { CallEntity, type CallLeg, type CallRow } from './call.entity';
import { durationsSet, durationsSql } from './durations';

/** A call as the journal writes it: the tracker's snapshot plus what the journal knows. */
export interface CallUpsert {
  linkedid: string;
  pbxId: string;
  direction: CallRow['direction'];
  lineId: number | null;
  callerNumber: string | null;
  callerNumberNorm: string | null;
  callerIdRaw: string | null;
  state: CallRow['state'];
  outcome: CallRow['outcome'];
  afterHours: boolean;
  queue: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  holdSeconds: number;
  hangupCause: number | null;
  extension: string | null;
  callbackOfId: number | null;
  /** Extensions that rang: a missed call's owner is their one specialist, if there is one. */
  rung: string[];
  legs: CallLeg[];
  /** The draft opened in the same statement if the call is answered by a specialist and has none yet. */
  draft: DraftGuess;
}

/** What a draft opened for a call starts with: the guess from the caller's history, its first history line. */
export interface DraftGuess {
  organizationName: string;
  organizationId: number | null;
  personName: string;
  subsystem: string | null;
  comment: string;
}

// Many calls in one statement (distinct linkedids). Merging is monotonic: a call only moves forward
// (ringing -> answered -> ended), the first answer and end are kept, and the newer owner is the one
// with more legs. Replays and a second instance writing the same call therefore change nothing.
// The specialist is found from the extension, and a missed call's owner from the rung extensions,
// in the same statement, and the seconds from the merged instants (durations.ts).
// An answered call with a specialist and no entry gets its draft in the same statement: the entry's
// id is drawn while the call row is written (a second write of every call row, with all its index
// entries, would cost a burst of answers as much again), the entry and its first history line are
// inserted beside it, and the foreign key is checked at the statement's end, when all are there.
const MERGED = {
  started: 'LEAST(calls.started_at, EXCLUDED.started_at)',
  answered: 'COALESCE(calls.answered_at, EXCLUDED.answered_at)',
  ended: 'COALESCE(calls.ended_at, EXCLUDED.ended_at)',
  user: `CASE WHEN jsonb_array_length(EXCLUDED.legs) > jsonb_array_length(calls.legs)
              THEN EXCLUDED.user_id ELSE COALESCE(calls.user_id, EXCLUDED.user_id) END`,
};
const NEW = durationsSql('src.started_at', 'src.answered_at', 'src.ended_at');
const NEW_USER = `(SELECT ae.user_id FROM ${ACTIVE_EXTENSIONS} ae WHERE ae.extension = src.extension)`;
const NEXT_ENTRY_ID = `nextval('entries_id_seq')`;
const UPSERT_MANY_SQL = `
WITH src AS (
  SELECT * FROM json_to_recordset($1::json) AS r(
    linkedid text, pbx_id text, direction text, line_id int, caller_number text, caller_number_norm text,
    caller_id_raw text, state text, outcome text, after_hours boolean, queue text, started_at timestamptz,
    answered_at timestamptz, ended_at timestamptz, hold_seconds int, hangup_cause int,
    extension text, callback_of_id int, rung text[], legs jsonb,
    d_organization_name text, d_organization_id int, d_person_name text, d_subsystem text, d_comment text)
), prev AS (
  SELECT c.linkedid, c.state, c.entry_id FROM calls c JOIN src ON src.linkedid = c.linkedid FOR UPDATE OF c
), up AS (
  INSERT INTO calls (linkedid, pbx_id, direction, line_id, caller_number, caller_number_norm, caller_id_raw, state,
    outcome, after_hours, queue, started_at, answered_at, ended_at, wait_seconds, talk_seconds, total_seconds,
    hold_seconds, hangup_cause, extension, callback_of_id, legs, user_id, callback_owner_id, entry_id)
  SELECT src.linkedid, src.pbx_id, src.direction, src.line_id, src.caller_number, src.caller_number_norm,
    src.caller_id_raw, src.state, src.outcome, src.after_hours, src.queue, src.started_at, src.answered_at,
    src.ended_at, ${NEW.wait}, ${NEW.talk}, ${NEW.total},
    src.hold_seconds, src.hangup_cause, src.extension, src.callback_of_id, src.legs, ${NEW_USER},
    CASE WHEN src.ended_at IS NOT NULL AND src.answered_at IS NULL THEN
      (SELECT CASE WHEN count(DISTINCT ae.user_id) = 1 THEN min(ae.user_id) END
         FROM ${ACTIVE_EXTENSIONS} ae WHERE ae.extension = ANY(src.rung))
    END,
    CASE WHEN src.answered_at IS NOT NULL AND ${NEW_USER} IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM prev WHERE prev.linkedid = src.linkedid) THEN ${NEXT_ENTRY_ID} END
  FROM src
  ON CONFLICT (linkedid) DO UPDATE SET
    line_id = COALESCE(calls.line_id, EXCLUDED.line_id),
    caller_number = COALESCE(calls.caller_number, EXCLUDED.caller_number),
    caller_number_norm = COALESCE(calls.caller_number_norm, EXCLUDED.caller_number_norm),
    caller_id_raw = COALESCE(calls.caller_id_raw, EXCLUDED.caller_id_raw),
    queue = COALESCE(EXCLUDED.queue, calls.queue),
    started_at = ${MERGED.started},
    answered_at = ${MERGED.answered},
    state = CASE WHEN calls.state = 'ended' OR EXCLUDED.state = 'ended' THEN 'ended'
                 WHEN calls.state = 'answered' OR EXCLUDED.state = 'answered' THEN 'answered'
                 ELSE 'ringing' END,
    ended_at = ${MERGED.ended},
    ${durationsSet(MERGED.started, MERGED.answered, MERGED.ended)},
    outcome = COALESCE(calls.outcome, EXCLUDED.outcome),
    after_hours = CASE WHEN calls.state = 'ended' THEN calls.after_hours ELSE EXCLUDED.after_hours END,
    hold_seconds = GREATEST(calls.hold_seconds, EXCLUDED.hold_seconds),
    hangup_cause = COALESCE(calls.hangup_cause, EXCLUDED.hangup_cause),
    extension = CASE WHEN jsonb_array_length(EXCLUDED.legs) > jsonb_array_length(calls.legs)
                     THEN EXCLUDED.extension ELSE COALESCE(calls.extension, EXCLUDED.extension) END,
    user_id = ${MERGED.user},
    legs = CASE WHEN jsonb_array_length(EXCLUDED.legs) > jsonb_array_length(calls.legs)
                THEN EXCLUDED.legs ELSE calls.legs END,
    callback_of_id = COALESCE(calls.callback_of_id, EXCLUDED.callback_of_id),
    callback_owner_id = COALESCE(calls.callback_owner_id, EXCLUDED.callback_owner_id),
    -- (an entry this call opened but is not linked to, whatever left it so, is linked, not doubled)
    entry_id = CASE WHEN calls.entry_id IS NOT NULL THEN calls.entry_id
                    WHEN ${MERGED.answered} IS NOT NULL AND ${MERGED.user} IS NOT NULL
                    THEN COALESCE((SELECT e.id FROM entries e WHERE e.origin_call_id = calls.id), ${NEXT_ENTRY_ID})
               END,
    updated_at = now()
  RETURNING calls.*
), opened AS (
  INSERT INTO entries (id, status, channel, line_id, caller_number, caller_number_norm, owner_id, origin_call_id,
                       organization_name, organization_id, person_name, subsystem)
  SELECT up.entry_id, 'draft', 'phone', up.line_id, up.caller_number, up.caller_number_norm, up.user_id, up.id,
         COALESCE(src.d_organization_name, ''), src.d_organization_id, COALESCE(src.d_person_name, ''), src.d_subsystem
    FROM up JOIN src ON src.linkedid = up.linkedid LEFT JOIN prev ON prev.linkedid = up.linkedid
   WHERE up.entry_id IS NOT NULL AND prev.entry_id IS NULL
     AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.id = up.entry_id)
  RETURNING *
), history AS (
  INSERT INTO entry_history (entry_id, action, comment)
  SELECT o.id, 'draft_opened', src.d_comment
    FROM opened o JOIN up ON up.id = o.origin_call_id JOIN src ON src.linkedid = up.linkedid
)
SELECT up.*, prev.state AS prev_state, u.full_name AS user_name, u.role AS user_role, txid_current()::text AS tx_id,
       to_jsonb(o) - 'search' AS draft
  FROM up LEFT JOIN prev ON prev.linkedid = up.linkedid LEFT JOIN users u ON u.id = up.user_id
  LEFT JOIN opened o ON o.origin_call_id = up.id`;

export interface UpsertResult {
  call: CallRow;
  /** Full name of the specialist who has the call now. */
  userName: string | null;
  /** Their role (what they may do with the draft the call opened). */
  userRole: Role | null;
  /** The state before this write; null when the call is new. */
  prevState: CallRow['state'] | null;
  /** The draft opened for it by this write (its raw row as JSON), or null. */
  draft: Record<string, unknown> | null;
}

export class CallsRepository {
  constructor(
    private readonly ds: DataSource,
    /** SHORT_ABANDON_S, for the list's filter by statistics bucket. */
    private readonly shortAbandonSeconds: number,
  ) {}

  /**
   * Writes many calls (distinct linkedids) in one statement; results by linkedid, and the id of the
   * transaction that wrote them (to ask PostgreSQL later whether it committed) without a round trip
   * of its own.
   */
  async upsertMany(
    em: EntityManager,
    calls: CallUpsert[],
  ): Promise<{ results: Map<string, UpsertResult>; txid: string | null }> {
    const json = calls.map((c) => ({
      linkedid: c.linkedid,
      pbx_id: c.pbxId,
      direction: c.direction,
      line_id: c.lineId,
      caller_number: c.callerNumber,
      caller_number_norm: c.callerNumberNorm,
      caller_id_raw: c.callerIdRaw,
      state: c.state,
      outcome: c.outcome,
      after_hours: c.afterHours,
      queue: c.queue,
      started_at: c.startedAt.toISOString(),
      answered_at: c.answeredAt?.toISOString() ?? null,
      ended_at: c.endedAt?.toISOString() ?? null,
      hold_seconds: c.holdSeconds,
      hangup_cause: c.hangupCause,
      extension: c.extension,
      callback_of_id: c.callbackOfId,
      rung: c.rung,
      legs: c.legs,
      d_organization_name: c.draft.organizationName,
      d_organization_id: c.draft.organizationId,
      d_person_name: c.draft.personName,
      d_subsystem: c.draft.subsystem,
      d_comment: c.draft.comment,
    }));
    const rows: Record<string, unknown>[] = await em.query(UPSERT_MANY_SQL, [JSON.stringify(json)]);
    const out = new Map<string, UpsertResult>();
    let txid: string | null = null;
    for (const { prev_state, user_name, user_role, tx_id, draft, ...row } of rows) {
      txid = tx_id as string;
      const call = camelRow<CallRow>(row);
      out.set(call.linkedid, {
        call,
        userName: user_name as string | null,
        userRole: user_role as Role | null,
        prevState: prev_state as CallRow['state'] | null,
        draft: (draft as Record<string, unknown> | null) ?? null,
      });
    }
    return { results: out, txid };
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
              ${durationsSet('started_at', 'answered_at', 'GREATEST($3, started_at)')},
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
    // A specialist's calls as the statistics count them: talked on, or to call back.
    if (q.userId) qb.andWhere(specialistCallSql('c', ':userId'), { userId: q.userId });
    // A statistics tile's calls: the same definition as its count.
    if (q.bucket) {
      qb.andWhere(`${countedSql('c')} AND ${bucketSql('c', ':short')} = :bucket`, {
        short: this.shortAbandonSeconds,
        bucket: q.bucket,
      });
    }
    if (q.caller) {
      // "8 (3452) 777-888", "+7 3452 777888" and "777888" find the same caller: compared in normal form.
      const digits = normalizePhone(q.caller) ?? q.caller.replace(/\D/g, '');
      qb.andWhere('c.caller_number_norm LIKE :caller', { caller: `%${digits}%` });
    }
    qb.orderBy('c.started_at', 'DESC').addOrderBy('c.id', 'DESC').skip(q.offset).take(q.limit);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  async update(em: EntityManager, id: number, set: Partial<CallRow>): Promise<void> {
    await em.getRepository(CallEntity).update({ id }, { ...set, updatedAt: new Date() });
  }
}
