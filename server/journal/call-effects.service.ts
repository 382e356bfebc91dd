// Where a call becomes a draft: applies the tracker's effects to the database and pushes to browsers
// only after commit. Effects waiting together are applied together: one transaction with multi-row
// statements per "round" (the k-th effect of each call), so fifty calls answered at once cost a few
// statements, not hundreds, and each call's effects still apply in order. A resync applies alone,
// after everything before it. A database outage delays effects, never drops them.
import type { DataSource, EntityManager } from 'typeorm';
import { formatPhone, normalizePhone } from '../../shared/phone';
import type { CalendarService } from '../calendar/calendar.service';
import type { CallRow } from '../calls/call.entity';
import { presentCall } from '../calls/calls.presenter';
import type { CallsRepository, CallUpsert, UpsertResult } from '../calls/calls.repository';
import type { CallEffect, CallSnapshot } from '../calls/tracker';
import type { LinesRepository } from '../lines/lines.repository';
import type { Logger } from '../logger';
import type { Realtime } from '../realtime/realtime';
import type { UsersRepository } from '../users/users.repository';
import type { EntriesRepository } from './entries.repository';
import { diff, type CallerContext, type EntriesService } from './entries.service';

type AfterCommit = () => Promise<void>;
type CallFx = Extract<CallEffect, { call: CallSnapshot }>;

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '40001',
  '40P01',
]);
const MAX_QUEUE = 100_000;
const MAX_BATCH = 500;

function isTransient(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e.driverError?.code ?? e.code ?? '';
  if (TRANSIENT_CODES.has(code) || code.startsWith('08')) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(
    e.message ?? '',
  );
}

const secondsBetween = (a: number | null, b: number | null) =>
  a === null || b === null ? null : Math.max(0, Math.round((b - a) / 1000));

const OPEN_FOR_TRANSFER = new Set(['draft', 'in_progress', 'awaiting_feedback', 'passed_to_developer']);

/** Splits a batch into rounds: round k holds the k-th effect of every call, so each call keeps its order. */
export function rounds(batch: CallEffect[]): CallEffect[][] {
  const out: CallEffect[][] = [];
  const seen = new Map<string, number>();
  for (const fx of batch) {
    const key = 'call' in fx ? fx.call.linkedid : `${fx.type}:${out.length}`;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    (out[k] ??= []).push(fx);
  }
  return out;
}

export interface CallEffectsDeps {
  ds: DataSource;
  pbxId: string;
  calls: CallsRepository;
  entries: EntriesRepository;
  entriesService: EntriesService;
  lines: LinesRepository;
  users: UsersRepository;
  calendar: CalendarService;
  realtime: Pick<Realtime, 'toUser' | 'toAll'>;
  logger: Logger;
}

export class CallEffectsService {
  private readonly queue: CallEffect[] = [];
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly d: CallEffectsDeps) {}

  enqueue(effects: CallEffect[]): void {
    if (!effects.length) return;
    this.queue.push(...effects);
    if (this.queue.length > MAX_QUEUE) {
      const dropped = this.queue.splice(0, this.queue.length - MAX_QUEUE);
      this.d.logger.error({ dropped: dropped.length }, 'call effect backlog full: oldest effects dropped');
    }
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when every queued effect is applied (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  stop(): void {
    this.stopped = true;
  }

  private async drain(): Promise<void> {
    // Let the rest of the AMI chunk being decoded join the first round: a burst of answers becomes one
    // transaction instead of one call followed by all the others.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length && !this.stopped) {
      // Everything waiting goes together, up to a resync, which goes alone.
      const cut = this.queue.findIndex((fx) => fx.type === 'resynced');
      const take = cut === 0 ? 1 : cut === -1 ? MAX_BATCH : Math.min(cut, MAX_BATCH);
      for (const round of rounds(this.queue.splice(0, take))) await this.applyWithRetry(round);
    }
  }

  /** Applies a round, retrying while the database is unreachable; a bad effect is skipped alone. */
  private async applyWithRetry(round: CallEffect[]): Promise<void> {
    let delay = 250;
    while (!this.stopped) {
      let after: AfterCommit[];
      try {
        after = await this.applyRound(round);
      } catch (err) {
        if (isTransient(err)) {
          this.d.logger.warn(
            { err, effects: round.length, waitMs: delay },
            'database unavailable: call effects will be retried',
          );
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, 10_000);
          continue;
        }
        if (round.length > 1) {
          for (const fx of round) await this.applyWithRetry([fx]);
          return;
        }
        this.d.logger.error({ err, effect: round[0] }, 'call effect could not be applied and is skipped');
        return;
      }
      for (const push of after) {
        await push().catch((err: unknown) => this.d.logger.warn({ err }, 'push after commit failed'));
      }
      return;
    }
  }

  private async applyRound(round: CallEffect[]): Promise<AfterCommit[]> {
    const after: AfterCommit[] = [];
    const calls: CallFx[] = [];
    for (const fx of round) {
      switch (fx.type) {
        case 'callStarted':
        case 'callAnswered':
        case 'callTransferred':
        case 'callEnded':
          calls.push(fx);
          break;
        case 'resynced':
          after.push(...(await this.applyResync(fx.active, new Date(fx.at))));
          break;
        case 'originateFailed':
          after.push(...(await this.originateFailed(fx.extension)));
          break;
      }
    }
    if (calls.length) after.push(...(await this.applyCalls(calls)));
    return after;
  }

  private async applyCalls(fxs: CallFx[]): Promise<AfterCommit[]> {
    const calendar = await this.d.calendar.get();
    const lines = await this.d.lines.all();
    // What the pop-ups will show about the callers: read before the transaction, one round trip.
    const answeredNorms = fxs
      .filter((fx) => fx.type === 'callAnswered')
      .map((fx) => normalizePhone(fx.call.callerNumber))
      .filter((n): n is string => n !== null);
    const contexts = await this.d.entriesService.callerContexts(answeredNorms, null);

    const upserts: CallUpsert[] = fxs.map(({ call: s }) => {
      const answered = s.answeredAt !== null;
      const ended = s.endedAt !== null;
      return {
        linkedid: s.linkedid,
        pbxId: this.d.pbxId,
        direction: s.direction,
        lineId: lines.find((l) => l.code === s.lineCode)?.id ?? null,
        callerNumber: s.callerNumber,
        callerNumberNorm: normalizePhone(s.callerNumber),
        state: ended ? 'ended' : answered ? 'answered' : 'ringing',
        outcome: !ended ? null : answered ? 'answered' : s.abandoned ? 'abandoned' : 'missed',
        afterHours: s.direction === 'inbound' && !calendar.isWorkingTime(new Date(s.startedAt)),
        queue: s.queue,
        startedAt: new Date(s.startedAt),
        answeredAt: answered ? new Date(s.answeredAt!) : null,
        endedAt: ended ? new Date(s.endedAt!) : null,
        waitSeconds: secondsBetween(s.startedAt, s.answeredAt ?? s.endedAt),
        talkSeconds: secondsBetween(s.answeredAt, s.endedAt),
        totalSeconds: secondsBetween(s.startedAt, s.endedAt),
        hangupCause: s.hangupCause,
        extension: s.extension,
        callbackOfId: s.callbackOf,
        rung: s.rung,
        legs: s.legs.map((l) => ({
          at: new Date(l.at).toISOString(),
          extension: l.extension,
          userId: null,
          kind: l.kind,
        })),
      };
    });

    return this.d.ds.transaction(async (em) => {
      const results = await this.d.calls.upsertMany(em, upserts);
      const after: AfterCommit[] = [];
      after.push(...(await this.openDrafts(em, fxs, results, contexts)));
      for (const fx of fxs) {
        const r = results.get(fx.call.linkedid);
        if (!r) continue;
        if (fx.type === 'callTransferred' && r.call.entryId && r.call.userId) {
          after.push(...(await this.handOver(em, r.call, fx)));
        }
        if (fx.type === 'callAnswered' && r.call.direction === 'outbound' && r.call.callbackOfId) {
          after.push(...(await this.calledBack(em, r.call)));
        }
        if (r.prevState !== 'ended' && r.call.state === 'ended') {
          const dto = presentCall(
            r.call,
            lines,
            new Map(r.call.userId && r.userName ? [[r.call.userId, r.userName]] : []),
          );
          after.push(() => {
            if (dto.userId) this.d.realtime.toUser(dto.userId, 'call:ended', dto);
            if (dto.direction === 'inbound' && dto.outcome !== 'answered') this.d.realtime.toAll('call:updated', dto);
            return Promise.resolve();
          });
        }
      }
      return after;
    });
  }

  /** Answered calls without a draft get one, for the specialist who has the call now. */
  private async openDrafts(
    em: EntityManager,
    fxs: CallFx[],
    results: Map<string, UpsertResult>,
    contexts: Map<string, CallerContext>,
  ): Promise<AfterCommit[]> {
    const wanted = fxs
      .map((fx) => results.get(fx.call.linkedid))
      .filter(
        (r): r is UpsertResult =>
          !!r && r.call.answeredAt !== null && r.call.userId !== null && r.call.entryId === null,
      );
    if (!wanted.length) return [];
    // A call first answered by someone without an account, then transferred: its context is read now.
    const missing = wanted.map((r) => r.call.callerNumberNorm).filter((n): n is string => !!n && !contexts.has(n));
    if (missing.length) {
      for (const [n, c] of await this.d.entriesService.callerContexts(missing, null, em)) contexts.set(n, c);
    }
    const none: CallerContext = { suggestions: [], recent: [] };
    const contextOf = (c: CallRow) => (c.callerNumberNorm ? (contexts.get(c.callerNumberNorm) ?? none) : none);
    const opened = await this.d.entries.openDrafts(
      em,
      wanted.map(({ call: c }) => {
        const guess = contextOf(c).suggestions[0];
        const who =
          `${c.direction === 'outbound' ? 'Исходящий звонок' : 'Звонок'} ${formatPhone(c.callerNumber)}`.trim();
        return {
          channel: 'phone' as const,
          lineId: c.lineId,
          callerNumber: c.callerNumber,
          callerNumberNorm: c.callerNumberNorm,
          ownerId: c.userId,
          originCallId: c.id,
          organizationName: guess?.organizationName ?? '',
          organizationId: guess?.organizationId ?? null,
          personName: guess?.personName ?? '',
          subsystem: guess?.subsystem ?? null,
          comment: `${who}, ответил внутренний ${c.extension ?? ''}`,
        };
      }),
    );
    const byCall = new Map(wanted.map((r) => [r.call.id, r]));
    return opened.map((draft) => {
      const r = byCall.get(draft.originCallId!)!;
      const userId = r.call.userId!;
      const names = new Map(r.userName ? [[userId, r.userName]] : []);
      const { suggestions, recent } = contextOf(r.call);
      return async () => {
        const push = await this.d.entriesService.pushFor(
          draft,
          { ...r.call, entryId: draft.id },
          names,
          suggestions,
          recent,
        );
        this.d.realtime.toUser(userId, 'entry:draft', push);
      };
    });
  }

  /** A transfer hands the same entry to the new specialist (while it is still open work). */
  private async handOver(
    em: EntityManager,
    call: CallRow,
    fx: Extract<CallEffect, { type: 'callTransferred' }>,
  ): Promise<AfterCommit[]> {
    const userId = call.userId!;
    const entry = await this.d.entries.findById(call.entryId!, em, true);
    if (!entry || entry.ownerId === userId || !OPEN_FOR_TRANSFER.has(entry.status)) return [];
    await this.d.entries.update(em, entry.id, { ownerId: userId });
    await this.d.entries.addHistory(
      em,
      entry.id,
      null,
      'transferred',
      diff(entry, { ownerId: userId }),
      `Звонок переведён с внутреннего ${fx.from ?? '?'} на ${fx.to}`,
    );
    const previous = entry.ownerId;
    return [
      async () => {
        const push = await this.d.entriesService.draftPush(entry.id);
        if (push) this.d.realtime.toUser(userId, 'entry:draft', push);
        if (previous && push) this.d.realtime.toUser(previous, 'entry:updated', push.entry);
      },
    ];
  }

  /** A callback reached the caller: the missed call is dealt with. */
  private async calledBack(em: EntityManager, call: CallRow): Promise<AfterCommit[]> {
    await em.query(
      `UPDATE calls SET handled_at = COALESCE(handled_at, now()), handled_by_id = COALESCE(handled_by_id, $2),
              updated_at = now() WHERE id = $1`,
      [call.callbackOfId, call.userId],
    );
    const missedId = call.callbackOfId!;
    return [() => this.broadcastCall(missedId)];
  }

  private async originateFailed(extension: string): Promise<AfterCommit[]> {
    const userId = await this.d.users.userOfExtension(extension);
    if (!userId) return [];
    return [
      () =>
        Promise.resolve(
          this.d.realtime.toUser(userId, 'notice', {
            level: 'error',
            message: `Не удалось перезвонить: телефон ${extension} не ответил или занят. Попробуйте ещё раз.`,
          }),
        ),
    ];
  }

  private async applyResync(active: string[], at: Date): Promise<AfterCommit[]> {
    const ended = await this.d.ds.transaction((em) => this.d.calls.endStale(em, this.d.pbxId, active, at));
    if (ended.length) this.d.logger.info({ ended: ended.length }, 'calls that ended during the PBX outage closed');
    return ended.map((id) => async () => {
      const dto = await this.callDto(id);
      if (dto?.userId) this.d.realtime.toUser(dto.userId, 'call:ended', dto);
    });
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
