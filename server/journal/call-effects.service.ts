// Where a call becomes a draft: applies the tracker's effects to the database, one transaction each,
// in order, and pushes to browsers only after commit. A database outage delays effects, never drops them.
import type { DataSource, EntityManager } from 'typeorm';
import { normalizePhone } from '../../shared/phone';
import type { CalendarService } from '../calendar/calendar.service';
import type { CallRow } from '../calls/call.entity';
import { presentCall } from '../calls/calls.presenter';
import type { CallsRepository, CallUpsert } from '../calls/calls.repository';
import type { CallEffect, CallSnapshot } from '../calls/tracker';
import type { LinesRepository } from '../lines/lines.repository';
import type { Logger } from '../logger';
import type { Realtime } from '../realtime/realtime';
import type { UsersRepository } from '../users/users.repository';
import type { EntriesRepository } from './entries.repository';
import { diff, type EntriesService } from './entries.service';

type AfterCommit = () => Promise<void>;

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
      this.d.logger.error({ dropped: dropped.length }, 'call effect queue overflow: oldest effects dropped');
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
    let delay = 250;
    while (this.queue.length && !this.stopped) {
      const fx = this.queue[0]!;
      let after: AfterCommit[];
      try {
        after = await this.apply(fx);
      } catch (err) {
        if (isTransient(err)) {
          this.d.logger.warn(
            { err, effect: fx.type, waitMs: delay },
            'database unavailable: call effect will be retried',
          );
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, 10_000);
          continue;
        }
        this.d.logger.error({ err, effect: fx }, 'call effect could not be applied and is skipped');
        this.queue.shift();
        continue;
      }
      delay = 250;
      this.queue.shift();
      for (const push of after) {
        await push().catch((err: unknown) => this.d.logger.warn({ err }, 'push after commit failed'));
      }
    }
  }

  private async apply(fx: CallEffect): Promise<AfterCommit[]> {
    switch (fx.type) {
      case 'callStarted':
      case 'callAnswered':
      case 'callTransferred':
      case 'callEnded':
        return this.applyCall(fx);
      case 'resynced':
        return this.applyResync(fx.active, new Date(fx.at));
      case 'originateFailed': {
        const userId = await this.d.users.userOfExtension(fx.extension);
        if (!userId) return [];
        return [
          () =>
            Promise.resolve(
              this.d.realtime.toUser(userId, 'notice', {
                level: 'error',
                message: `Не удалось перезвонить: телефон ${fx.extension} не ответил или занят. Попробуйте ещё раз.`,
              }),
            ),
        ];
      }
    }
  }

  private async applyCall(fx: Extract<CallEffect, { call: CallSnapshot }>): Promise<AfterCommit[]> {
    const snap = fx.call;
    const line = await this.d.lines.byCode(snap.lineCode);
    const calendar = await this.d.calendar.get();
    return this.d.ds.transaction(async (em) => {
      const userId = await this.d.users.userOfExtension(snap.extension, em);
      const answered = snap.answeredAt !== null;
      const ended = snap.endedAt !== null;
      const upsert: CallUpsert = {
        linkedid: snap.linkedid,
        pbxId: this.d.pbxId,
        direction: snap.direction,
        lineId: line?.id ?? null,
        callerNumber: snap.callerNumber,
        callerNumberNorm: normalizePhone(snap.callerNumber),
        state: ended ? 'ended' : answered ? 'answered' : 'ringing',
        outcome: !ended ? null : answered ? 'answered' : snap.abandoned ? 'abandoned' : 'missed',
        afterHours: snap.direction === 'inbound' && !calendar.isWorkingTime(new Date(snap.startedAt)),
        queue: snap.queue,
        startedAt: new Date(snap.startedAt),
        answeredAt: answered ? new Date(snap.answeredAt!) : null,
        endedAt: ended ? new Date(snap.endedAt!) : null,
        waitSeconds: secondsBetween(snap.startedAt, snap.answeredAt ?? snap.endedAt),
        talkSeconds: secondsBetween(snap.answeredAt, snap.endedAt),
        totalSeconds: secondsBetween(snap.startedAt, snap.endedAt),
        hangupCause: snap.hangupCause,
        extension: snap.extension,
        userId,
        callbackOfId: snap.callbackOf,
        callbackOwnerId: ended && !answered ? await this.soleUserOf(snap.rung, em) : null,
        legs: snap.legs.map((l) => ({
          at: new Date(l.at).toISOString(),
          extension: l.extension,
          userId: null,
          kind: l.kind,
        })),
      };
      const res = await this.d.calls.upsert(em, upsert);
      const call = (await this.d.calls.findById(res.id, em))!;
      const after: AfterCommit[] = [];

      if (answered && call.userId) after.push(...(await this.ensureDraft(em, call, fx)));

      if (fx.type === 'callAnswered' && call.direction === 'outbound' && call.callbackOfId) {
        // A callback reached the caller: the missed call is dealt with.
        await em.query(
          `UPDATE calls SET handled_at = COALESCE(handled_at, now()), handled_by_id = COALESCE(handled_by_id, $2),
                  updated_at = now() WHERE id = $1`,
          [call.callbackOfId, call.userId],
        );
        const missedId = call.callbackOfId;
        after.push(() => this.broadcastCall(missedId));
      }

      if (res.prevState !== 'ended' && call.state === 'ended') {
        after.push(async () => {
          const dto = await this.callDto(call.id);
          if (!dto) return;
          if (dto.userId) this.d.realtime.toUser(dto.userId, 'call:ended', dto);
          if (dto.direction === 'inbound' && dto.outcome !== 'answered') this.d.realtime.toAll('call:updated', dto);
        });
      }
      return after;
    });
  }

  /** An answered call's draft: opened once for the specialist who has the call, handed over on transfer. */
  private async ensureDraft(
    em: EntityManager,
    call: CallRow,
    fx: Extract<CallEffect, { call: CallSnapshot }>,
  ): Promise<AfterCommit[]> {
    const userId = call.userId!;
    if (!call.entryId) {
      const norm = call.callerNumberNorm;
      const suggestion = norm ? (await this.d.entriesService.suggestions(norm, em))[0] : undefined;
      const draft = await this.d.entries.insertDraft(em, {
        channel: 'phone',
        lineId: call.lineId,
        callerNumber: call.callerNumber,
        callerNumberNorm: norm,
        ownerId: userId,
        originCallId: call.id,
        organizationName: suggestion?.organizationName ?? '',
        organizationId: suggestion?.organizationId ?? null,
        personName: suggestion?.personName ?? '',
        subsystem: suggestion?.subsystem ?? null,
      });
      const entry = draft ?? (await this.d.entries.findByOriginCall(call.id, em));
      if (!entry) return [];
      await this.d.calls.setEntry(em, call.id, entry.id);
      if (!draft) return [];
      await this.d.entries.addHistory(
        em,
        draft.id,
        null,
        'draft_opened',
        [],
        `${call.direction === 'outbound' ? 'Исходящий звонок' : 'Звонок'} ${call.callerNumber ?? ''}, ответил внутренний ${call.extension ?? ''}`.trim(),
      );
      return [() => this.pushDraft(draft.id, userId)];
    }
    if (fx.type !== 'callTransferred') return [];
    const entry = await this.d.entries.findById(call.entryId, em, true);
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
        await this.pushDraft(entry.id, userId);
        if (previous) {
          const [dto] = await this.d.entriesService.present([(await this.d.entries.findById(entry.id))!]);
          this.d.realtime.toUser(previous, 'entry:updated', dto!);
        }
      },
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

  private async soleUserOf(extensions: string[], em: EntityManager): Promise<number | null> {
    const owners = await this.d.users.extensionOwners(extensions, em);
    const users = new Set(owners.values());
    return users.size === 1 ? [...users][0]! : null;
  }

  private async pushDraft(entryId: number, userId: number): Promise<void> {
    const push = await this.d.entriesService.draftPush(entryId);
    if (push) this.d.realtime.toUser(userId, 'entry:draft', push);
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
