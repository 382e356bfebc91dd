// Where a call becomes a draft: applies the tracker's effects to the database and pushes to browsers
// only after commit. A round (at most one effect per call, from the generic BatchQueue in lib/) is
// one transaction with multi-row statements, so fifty calls answered at once cost a few statements,
// not hundreds. Who gets the draft and who owns it after a transfer is decided here.
import type { DataSource } from 'typeorm';
import { callerLabel, formatPhone, normalizePhone } from '../../shared/phone';
import type { CalendarService } from '../calendar/calendar.service';
import type { CallRow } from '../calls/call.entity';
import { presentCall } from '../calls/calls.presenter';
import type { CallsRepository, CallUpsert, UpsertResult } from '../calls/calls.repository';
import { isDbUnavailable } from '../db/errors';
import { inTransaction, type Tx } from '../db/transaction';
import type { LinesRepository } from '../lines/lines.repository';
import type { Logger } from '../logger';
import type { Realtime } from '../realtime/realtime';
import type { CallEffect, CallSnapshot } from '../tracker/types';
import type { UsersRepository } from '../users/users.repository';
import type { EntriesRepository } from './entries.repository';
import { diff, type CallerContext, type EntriesService } from './entries.service';
import { isOpenStatus } from './lifecycle';

type CallFx = Extract<CallEffect, { call: CallSnapshot }>;

/** What a round's calls need from outside the transaction. */
interface Prepared {
  calendar: Awaited<ReturnType<CalendarService['get']>>;
  lines: Awaited<ReturnType<LinesRepository['all']>>;
  contexts: Promise<Map<string, CallerContext>>;
}

const VIA_TEXT: Record<string, string> = {
  transfer: 'переведён',
  attended: 'переведён с консультацией',
  pickup: 'перехвачен',
  parking: 'снят с парковки',
  parking_timeout: 'вернулся с парковки',
};

export interface CallEffectsDeps {
  ds: DataSource;
  /** The database serves other queries during a transaction (a pool; not the embedded single connection). */
  concurrentReads: boolean;
  pbxId: string;
  calls: CallsRepository;
  entries: EntriesRepository;
  entriesService: EntriesService;
  lines: LinesRepository;
  users: UsersRepository;
  calendar: CalendarService;
  realtime: Pick<Realtime, 'toUser' | 'toAll' | 'toEach'>;
  /** Calls changed (after the commit): the wallboard is read again. */
  onCallsChanged?: () => void;
  logger: Logger;
}

/** The order of a call's effects matters, other calls' does not; a resync waits for all before it. */
export const callEffectKey = (fx: CallEffect): string | undefined => ('call' in fx ? fx.call.linkedid : undefined);
export const isResync = (fx: CallEffect): boolean => fx.type === 'resynced';

/**
 * A round whose transaction failed with the connection (a database restart): the failure may have
 * come after its COMMIT was written, so it may have committed without us hearing it.
 */
interface InDoubt {
  round: CallEffect[];
  txid: string;
  /** Its pushes, never sent: they run if it turns out to have committed. */
  after: (() => unknown)[];
}

export class CallEffectsService {
  /** By round: the queue may apply parts of a burst at once, and retries a failed one as it is. */
  private readonly inDoubt = new WeakMap<CallEffect[], InDoubt>();

  constructor(private readonly d: CallEffectsDeps) {}

  /** Applies one round of effects (at most one per call) in one transaction. */
  async apply(round: CallEffect[]): Promise<void> {
    // The queue retries a failed round as it is. If its transaction committed after all, applying it
    // again would find the drafts already there and push nothing: the specialist would never get
    // the pop-up (found by test/chaos/pg-restart.test.ts). Ask PostgreSQL what became of it first.
    const doubt = this.inDoubt.get(round);
    if (doubt && (await this.committedInDoubt(doubt))) return;
    const calls = round.filter((fx): fx is CallFx => 'call' in fx);
    const prepared = calls.length ? await this.prepare(calls) : null;
    const after: (() => unknown)[] = [];
    let txid: string | null = null;
    try {
      await inTransaction(this.d.ds, this.d.logger, async (inner) => {
        // The id of this transaction, known before its COMMIT: the calls' upsert returns it.
        if (!calls.length) {
          const [row] = await inner.em.query<{ id: string }[]>('SELECT txid_current()::text AS id');
          txid = row?.id ?? null;
        }
        const tx: Tx = {
          em: inner.em,
          afterCommit: (f) => {
            after.push(f);
            inner.afterCommit(f);
          },
        };
        for (const fx of round) {
          if (fx.type === 'resynced') await this.applyResync(tx, fx.active, new Date(fx.at));
          if (fx.type === 'originateFailed') await this.originateFailed(tx, fx.extension);
        }
        if (prepared) txid = await this.applyCalls(tx, calls, prepared);
        if (calls.length) tx.afterCommit(() => this.d.onCallsChanged?.());
      });
    } catch (err) {
      if (txid !== null && isDbUnavailable(err)) this.inDoubt.set(round, { round, txid, after });
      throw err;
    }
  }

  /** The retry of a round in doubt: true when its transaction did commit (its pushes are sent now). */
  private async committedInDoubt(d: InDoubt): Promise<boolean> {
    for (let i = 0; ; i++) {
      // Throws while the database is still away: the queue retries later.
      const [row] = await this.d.ds.query<{ status: string | null }[]>('SELECT txid_status($1) AS status', [d.txid]);
      // A session the server has not yet noticed is gone: wait for it to end (briefly).
      if (row?.status === 'in progress' && i < 50) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      this.inDoubt.delete(d.round);
      if (row?.status !== 'committed') return false;
      this.d.logger.warn(
        { effects: d.round.length },
        'call effects committed although the database went away: pushing',
      );
      for (const f of d.after) {
        try {
          await f();
        } catch (err) {
          this.d.logger.warn({ err }, 'work after commit failed');
        }
      }
      return true;
    }
  }

  /**
   * What a round's calls need from outside the transaction. The callers' contexts (what the pop-ups
   * will show) are read on a pool while the transaction starts, one round trip less before the
   * pushes; the embedded database's one connection would make that read wait for the transaction.
   */
  private async prepare(fxs: CallFx[]): Promise<Prepared> {
    const [calendar, lines] = await Promise.all([this.d.calendar.get(), this.d.lines.all()]);
    // The calls that may get a draft now: answered, or passed on (first answered by someone without
    // an account). Any other that still gets one has its caller read in the transaction.
    const answeredNorms = fxs
      .filter((fx) => fx.type === 'callAnswered' || fx.type === 'callTransferred')
      .map((fx) => normalizePhone(fx.call.callerNumber))
      .filter((n): n is string => n !== null);
    const contexts = this.d.entriesService.callerContexts(answeredNorms, null);
    // Awaited later, or never if the transaction fails first: never an unhandled rejection.
    contexts.catch(() => undefined);
    if (!this.d.concurrentReads) await contexts;
    return { calendar, lines, contexts };
  }

  private async applyCalls(tx: Tx, fxs: CallFx[], p: Prepared): Promise<string | null> {
    const contexts = await p.contexts;
    const upserts: CallUpsert[] = fxs.map(({ call: s }) => {
      const answered = s.answeredAt !== null;
      const ended = s.endedAt !== null;
      const norm = normalizePhone(s.callerNumber);
      const guess = norm ? contexts.get(norm)?.suggestions[0] : undefined;
      const who = `${s.direction === 'outbound' ? 'Исходящий звонок' : 'Звонок'} ${callerLabel(s.callerNumber)}`;
      return {
        linkedid: s.linkedid,
        pbxId: this.d.pbxId,
        direction: s.direction,
        lineId: p.lines.find((l) => l.code === s.lineCode)?.id ?? null,
        callerNumber: s.callerNumber,
        callerNumberNorm: norm,
        callerIdRaw: s.callerIdRaw,
        state: ended ? 'ended' : answered ? 'answered' : 'ringing',
        outcome: !ended ? null : answered ? 'answered' : s.abandoned ? 'abandoned' : 'missed',
        afterHours: s.direction === 'inbound' && !p.calendar.isWorkingTime(new Date(s.startedAt)),
        queue: s.queue,
        startedAt: new Date(s.startedAt),
        answeredAt: answered ? new Date(s.answeredAt!) : null,
        endedAt: ended ? new Date(s.endedAt!) : null,
        holdSeconds: Math.round(s.holdMs / 1000),
        hangupCause: s.hangupCause,
        extension: s.extension,
        callbackOfId: s.callbackOf,
        rung: s.rung,
        legs: s.legs.map((l) => ({
          at: new Date(l.at).toISOString(),
          extension: l.extension,
          userId: null,
          kind: l.kind,
          ...(l.number ? { number: l.number } : {}),
        })),
        draft: {
          organizationName: guess?.organizationName ?? '',
          organizationId: guess?.organizationId ?? null,
          personName: guess?.personName ?? '',
          subsystem: guess?.subsystem ?? null,
          comment: `${who}, ответил внутренний ${s.extension ?? ''}`,
        },
      };
    });

    const { results, txid } = await this.d.calls.upsertMany(tx.em, upserts);
    // A caller reached (their call answered, or our callback): their earlier lost calls are dealt with.
    const reached = fxs
      .filter((fx) => fx.type === 'callAnswered')
      .map((fx) => results.get(fx.call.linkedid)?.call)
      .filter((c): c is CallRow => !!c?.callerNumberNorm && c.answeredAt !== null)
      .map((c) => ({ norm: c.callerNumberNorm!, at: c.answeredAt!.toISOString(), user_id: c.userId, call_id: c.id }));
    await this.pushDrafts(tx, fxs, results, contexts);
    for (const fx of fxs) {
      const r = results.get(fx.call.linkedid);
      if (!r) continue;
      if (fx.type === 'callTransferred' && r.call.entryId && r.call.userId) {
        await this.handOver(tx, r.call, fx);
      }
      if (fx.type === 'callLeftDesk' && r.call.entryId) {
        await this.d.entries.addHistory(
          tx.em,
          r.call.entryId,
          null,
          'transferred_out',
          [],
          `Звонок переведён на внешний номер ${formatPhone(fx.number)}`,
          new Date(fx.call.legs[fx.call.legs.length - 1]?.at ?? Date.now()),
        );
      }
      if (fx.type === 'callAnswered' && r.call.direction === 'outbound' && r.call.callbackOfId) {
        await this.calledBack(tx, r.call);
      }
      if (r.prevState !== 'ended' && r.call.state === 'ended') {
        const names = new Map(r.call.userId && r.userName ? [[r.call.userId, r.userName]] : []);
        const dto = presentCall(r.call, p.lines, names);
        tx.afterCommit(() => {
          if (dto.userId) this.d.realtime.toUser(dto.userId, 'call:ended', dto);
          if (dto.direction === 'inbound' && dto.outcome !== 'answered') this.d.realtime.toAll('call:updated', dto);
        });
      }
    }
    // After the pushes, outside the transaction: the pop-ups do not wait for it.
    if (reached.length) tx.afterCommit(() => void this.markReached(reached));
    return txid;
  }

  /** The drafts the calls' write opened go to the specialists who have the calls now. */
  private async pushDrafts(
    tx: Tx,
    fxs: CallFx[],
    results: Map<string, UpsertResult>,
    contexts: Map<string, CallerContext>,
  ): Promise<void> {
    const opened = fxs
      .map((fx) => results.get(fx.call.linkedid))
      .filter((r): r is UpsertResult & { draft: Record<string, unknown> } => !!r?.draft)
      .map((r) => ({ r, draft: this.d.entries.fromJson(r.draft) }));
    if (!opened.length) return;
    // A call no context was read for (it got its specialist in an unexpected way): read and guess now.
    const missing = opened.map(({ r }) => r.call.callerNumberNorm).filter((n): n is string => !!n && !contexts.has(n));
    if (missing.length) {
      for (const [n, c] of await this.d.entriesService.callerContexts(missing, null, tx.em)) {
        contexts.set(n, c);
        const guess = c.suggestions[0];
        if (!guess) continue;
        for (const o of opened.filter(({ r }) => r.call.callerNumberNorm === n)) {
          const set = {
            organizationName: guess.organizationName,
            organizationId: guess.organizationId,
            personName: guess.personName,
            subsystem: guess.subsystem,
          };
          await this.d.entries.update(tx.em, o.draft.id, set);
          o.draft = { ...o.draft, ...set, version: o.draft.version + 1 };
        }
      }
    }
    // A withheld number has no history to suggest from.
    const none: CallerContext = { suggestions: [], recent: [] };
    for (const { r, draft } of opened) {
      const userId = r.call.userId!;
      const viewer = { userId, role: r.userRole! };
      const names = new Map(r.userName ? [[userId, r.userName]] : []);
      const { suggestions, recent } = r.call.callerNumberNorm ? (contexts.get(r.call.callerNumberNorm) ?? none) : none;
      tx.afterCommit(async () => {
        const push = await this.d.entriesService.pushFor(draft, r.call, names, suggestions, recent, viewer);
        this.d.realtime.toUser(userId, 'entry:draft', push);
      });
    }
  }

  /** The call moved to another specialist: the same entry goes with it while it is still open work. */
  private async handOver(tx: Tx, call: CallRow, fx: Extract<CallEffect, { type: 'callTransferred' }>) {
    const userId = call.userId!;
    const entry = await this.d.entries.findById(call.entryId!, tx.em, true);
    if (!entry || entry.ownerId === userId) return;
    if (entry.status !== 'draft' && !isOpenStatus(entry.status)) return;
    const at = fx.call.legs[fx.call.legs.length - 1]?.at;
    await this.d.entries.update(tx.em, entry.id, { ownerId: userId });
    await this.d.entries.addHistory(
      tx.em,
      entry.id,
      null,
      'transferred',
      diff(entry, { ownerId: userId }),
      `Звонок ${VIA_TEXT[fx.via] ?? 'переведён'}: с внутреннего ${fx.from ?? '?'} на ${fx.to}`,
      at === undefined ? null : new Date(at),
    );
    const previous = entry.ownerId;
    tx.afterCommit(async () => {
      const owner = await this.d.users.findById(userId);
      const push = owner ? await this.d.entriesService.draftPush(entry.id, { userId, role: owner.role }) : null;
      if (push) this.d.realtime.toUser(userId, 'entry:draft', push);
      if (previous && push) await this.d.entriesService.publishTo(entry.id, [previous]);
    });
  }

  /** A callback reached the caller: the missed call is dealt with. */
  private async calledBack(tx: Tx, call: CallRow): Promise<void> {
    await tx.em.query(
      `UPDATE calls SET handled_at = COALESCE(handled_at, now()), handled_by_id = COALESCE(handled_by_id, $2),
              updated_at = now() WHERE id = $1`,
      [call.callbackOfId, call.userId],
    );
    const missedId = call.callbackOfId!;
    tx.afterCommit(() => this.broadcastCall(missedId));
  }

  private async markReached(reached: { norm: string; at: string; user_id: number | null; call_id: number }[]) {
    try {
      const [rows] = await this.d.ds.query<[{ id: number }[], number]>(
        `UPDATE calls c SET handled_at = r.at, handled_by_id = COALESCE(c.handled_by_id, r.user_id), updated_at = now()
           FROM json_to_recordset($1::json) AS r(norm text, at timestamptz, user_id int, call_id int)
          WHERE c.caller_number_norm = r.norm AND c.direction = 'inbound' AND c.state = 'ended'
            AND c.answered_at IS NULL AND c.handled_at IS NULL AND c.id <> r.call_id AND c.started_at < r.at
          RETURNING c.id`,
        [JSON.stringify(reached)],
      );
      for (const { id } of rows) await this.broadcastCall(id);
    } catch (err) {
      this.d.logger.warn({ err }, 'could not mark the lost calls of reached callers');
    }
  }

  private async originateFailed(tx: Tx, extension: string): Promise<void> {
    const userId = await this.d.users.userOfExtension(extension, tx.em);
    if (!userId) return;
    tx.afterCommit(() =>
      this.d.realtime.toUser(userId, 'notice', {
        level: 'error',
        message: `Не удалось перезвонить: телефон ${extension} не ответил или занят. Попробуйте ещё раз.`,
      }),
    );
  }

  private async applyResync(tx: Tx, active: string[], at: Date): Promise<void> {
    const ended = await this.d.calls.endStale(tx.em, this.d.pbxId, active, at);
    if (ended.length) {
      this.d.logger.info({ ended: ended.length }, 'calls that ended during the PBX outage closed');
      tx.afterCommit(() => this.d.onCallsChanged?.());
    }
    for (const id of ended) {
      tx.afterCommit(async () => {
        const dto = await this.callDto(id);
        if (dto?.userId) this.d.realtime.toUser(dto.userId, 'call:ended', dto);
      });
    }
  }

  private async callDto(id: number) {
    const c = await this.d.calls.findById(id);
    if (!c) return null;
    return presentCall(c, await this.d.lines.all(), await this.d.users.namesOf([c.userId]));
  }

  private async broadcastCall(id: number): Promise<void> {
    const dto = await this.callDto(id);
    if (dto) this.d.realtime.toAll('call:updated', dto);
  }
}
