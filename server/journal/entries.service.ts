// The journal: reading, manual registration, editing through the lifecycle, attaching calls, drafts.
import type { DataSource, EntityManager } from 'typeorm';
import type {
  AnsweredBeforeDto,
  AnsweredBeforeQuery,
  CreateEntryBody,
  EntryDetailsDto,
  EntryDto,
  EntryListQuery,
  Page,
  PatchEntryBody,
} from '../../shared/api';
import { ROLES } from '../../shared/domain';
import { formatRegNumber } from '../../shared/format';
import { formatPhone, normalizePhone } from '../../shared/phone';
import type { CallerContextDto, CallerSuggestion, DraftPushDto, RecentEntryDto } from '../../shared/socket';
import type { SessionUser } from '../auth/sessions.repository';
import type { CalendarService } from '../calendar/calendar.service';
import { wallClock } from '../calendar/tz';
import { presentCall } from '../calls/calls.presenter';
import type { CallRow } from '../calls/call.entity';
import type { CallsRepository } from '../calls/calls.repository';
import { EXPORT_PAGE, exportRows } from '../http/table-export';
import { AppError } from '../http/errors';
import type { LinesRepository } from '../lines/lines.repository';
import type { Realtime } from '../realtime/realtime';
import type { UsersRepository } from '../users/users.repository';
import type { EntryRow, FieldChange } from './entry.entity';
import type { CallerContextRows, EntriesRepository } from './entries.repository';
import { presentEntry, presentHistory, type PresentContext } from './entries.presenter';
import { isOpenStatus, mayAttachTo, mayChange, mayDecide, planChange, type Actor, type Elapsed } from './lifecycle';
import type { MailOutbox } from '../mail/mail-outbox';
import type { MailRepository } from '../mail/mail.repository';

/** What the pop-up knows about a caller. */
export type CallerContext = CallerContextDto;

/** Fields whose changes are recorded in the history, in Form No. 1 order. */
/** How many answers «Уже отвечали» shows under the description. */
const ANSWERED_BEFORE = 5;

const TRACKED: (keyof EntryRow)[] = [
  'status',
  'type',
  'subsystem',
  'description',
  'organizationName',
  'organizationId',
  'personName',
  'additionalInfo',
  'resolution',
  'resolvedAt',
  'note',
  'ownerId',
  'approval',
  'approvalRef',
  'regNumber',
  'callerNumber',
  'senderEmail',
  'lineId',
  'notRequestReason',
];

const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));

export function diff(before: Partial<EntryRow>, after: Partial<EntryRow>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const f of TRACKED) {
    if (!(f in after)) continue;
    const from = norm(before[f]);
    const to = norm(after[f]);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ field: f, from, to });
  }
  return changes;
}

export class EntriesService {
  constructor(
    private readonly ds: DataSource,
    private readonly entries: EntriesRepository,
    private readonly calls: CallsRepository,
    private readonly lines: LinesRepository,
    private readonly users: UsersRepository,
    private readonly realtime: Pick<Realtime, 'toUser' | 'toAll' | 'toEach'>,
    readonly timeZone: string,
    private readonly calendar: CalendarService,
  ) {}

  private mail: { repo: MailRepository; outbox: MailOutbox } | null = null;

  /** The mail channel: an entry's mails, registration of email drafts, replies on closing. */
  useMail(repo: MailRepository, outbox: MailOutbox): void {
    this.mail = { repo, outbox };
  }

  /** Working seconds between two instants, for feedback pauses. */
  private async elapsed(): Promise<Elapsed> {
    const cal = await this.calendar.get();
    return (from, to) => Math.round(cal.workingDuration(from, to) / 1000);
  }

  // --- reading ------------------------------------------------------------------------------------

  /** Entries as `viewer` gets them (with what they may do with each). */
  async present(rows: EntryRow[], viewer: Actor, em?: EntityManager): Promise<EntryDto[]> {
    const ctx = await this.presentContext(rows, em);
    return rows.map((r) => presentEntry(r, ctx, viewer));
  }

  private async presentContext(rows: EntryRow[], em?: EntityManager): Promise<PresentContext> {
    const [lines, names, callIds, calendar] = await Promise.all([
      this.lines.all(),
      this.users.namesOf(
        rows.map((r) => r.ownerId),
        em,
      ),
      this.entries.callIds(
        rows.map((r) => r.id),
        em,
      ),
      this.calendar.get(),
    ]);
    return { lines, names, callIds, calendar, now: new Date() };
  }

  async list(q: EntryListQuery, s: SessionUser): Promise<Page<EntryDto>> {
    if (q.status === 'draft' && s.role !== 'admin') q = { ...q, ownerId: s.userId };
    if (q.status === 'not_request' && s.role !== 'admin') throw new AppError(403, 'forbidden');
    const page = await this.entries.list(q, this.timeZone);
    return {
      items: await this.present(page.items, s),
      total: page.total,
      totalExact: page.totalExact,
      ...(page.highlight ? { highlight: page.highlight } : {}),
    };
  }

  /** Closed entries most like a description being typed (any user may read the journal's answers). */
  async answeredBefore(q: AnsweredBeforeQuery): Promise<AnsweredBeforeDto[]> {
    const rows = await this.entries.answeredBefore(q.text, q.subsystem ?? null, q.exclude ?? 0, ANSWERED_BEFORE);
    return rows.map((r) => ({
      id: r.id,
      regNumber: r.reg_number,
      registeredAt: r.registered_at?.toISOString() ?? null,
      subsystem: r.subsystem,
      description: r.description,
      resolution: r.resolution,
      common: r.common,
    }));
  }

  /** Every entry the filters select (a download), or 400 when there are more than a download holds. */
  async listAll(q: EntryListQuery, s: SessionUser): Promise<EntryDto[]> {
    return exportRows((await this.list({ ...q, ...EXPORT_PAGE }, s)).items, 'записей');
  }

  async get(id: number, s: SessionUser): Promise<EntryDetailsDto> {
    const e = await this.visible(id, s);
    const [dto] = await this.present([e], s);
    const history = await this.entries.history(id);
    const calls = await this.calls.ofEntry(id);
    const names = await this.users.namesOf([...history.map((h) => h.userId), ...calls.map((c) => c.userId)]);
    const lines = await this.lines.all();
    const [mails, replies] =
      e.channel === 'email' && this.mail
        ? await Promise.all([this.mail.repo.mailsOf(id), this.mail.repo.repliesOf(id)])
        : [[], []];
    return {
      ...dto!,
      history: history.map((h) => presentHistory(h, names)),
      calls: calls.map((c) => presentCall(c, lines, names)),
      mails,
      replies,
    };
  }

  private async visible(id: number, s: SessionUser): Promise<EntryRow> {
    const e = await this.entries.findById(id);
    if (!e) throw new AppError(404, 'entry_not_found');
    // A mail nobody has taken yet is in the shared queue: everyone's to see.
    if (e.status === 'draft' && e.channel === 'email' && e.ownerId === null) return e;
    // A draft is its owner's until registered; "not a request" stays visible to admins and the owner.
    if ((e.status === 'draft' || e.status === 'not_request') && s.role !== 'admin' && e.ownerId !== s.userId) {
      throw new AppError(404, 'entry_not_found');
    }
    return e;
  }

  // --- drafts and the pop-up --------------------------------------------------------------------

  /** What `viewer`'s pop-up needs for a draft: the entry, its call, suggestions and the caller's recent entries. */
  async draftPush(entryId: number, viewer: Actor): Promise<DraftPushDto | null> {
    const entry = await this.entries.findById(entryId);
    if (!entry) return null;
    const [dto] = await this.present([entry], viewer);
    const callRows = await this.calls.ofEntry(entryId);
    const call = callRows.find((c) => c.id === entry.originCallId) ?? callRows[callRows.length - 1];
    if (!call) return null;
    const names = await this.users.namesOf([call.userId]);
    const n = entry.callerNumberNorm;
    const context = n ? await this.callerContext(n, entry.id) : { suggestions: [], recent: [] };
    return { entry: dto!, call: presentCall(call, await this.lines.all(), names), ...context };
  }

  async draftsFor(viewer: SessionUser): Promise<DraftPushDto[]> {
    const drafts = await this.entries.draftsOf(viewer.userId);
    const pushes = await Promise.all(drafts.map((d) => this.draftPush(d.id, viewer)));
    return pushes.filter((p): p is DraftPushDto => p !== null);
  }

  /**
   * What the pop-up knows about a caller: organisation and person suggestions (the directory's
   * phones first, then earlier entries) and the caller's recent entries, open ones marked.
   */
  async callerContext(callerNorm: string, excludeId: number | null, em?: EntityManager): Promise<CallerContext> {
    return (await this.callerContexts([callerNorm], excludeId, em)).get(callerNorm) ?? { suggestions: [], recent: [] };
  }

  /** The same for a number as typed or shown (the panel, the manual form); nothing for no number. */
  async callerContextOf(caller: string, excludeId: number | null): Promise<CallerContext> {
    const norm = normalizePhone(caller);
    return norm ? this.callerContext(norm, excludeId) : { suggestions: [], recent: [] };
  }

  /** The same for several callers at once (a burst of answered calls), in one round trip. */
  async callerContexts(
    norms: string[],
    excludeId: number | null,
    em?: EntityManager,
  ): Promise<Map<string, CallerContext>> {
    const rows = await this.entries.callerContexts(norms, excludeId, em);
    return new Map([...rows].map(([norm, r]) => [norm, this.context(r)]));
  }

  private context({ directory, history, recent }: CallerContextRows): CallerContext {
    const suggestions: CallerSuggestion[] = directory.map((o) => ({
      organizationId: o.id,
      organizationName: o.short_name || o.full_name,
      personName: history.find((h) => h.organization_id === o.id)?.person_name ?? '',
      subsystem: o.default_subsystem,
      source: 'directory',
    }));
    for (const h of history) {
      if (suggestions.some((o) => o.organizationName === h.organization_name && o.personName === h.person_name))
        continue;
      suggestions.push({
        organizationId: h.organization_id,
        organizationName: h.organization_name,
        personName: h.person_name,
        subsystem: h.subsystem,
        source: 'history',
      });
    }
    const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);
    return {
      suggestions,
      recent: recent.map((e) => ({
        id: e.id,
        regNumber: e.reg_number,
        registeredAt: iso(e.registered_at),
        createdAt: iso(e.created_at)!,
        status: e.status,
        description: e.description,
        organizationName: e.organization_name,
        personName: e.person_name,
        open: isOpenStatus(e.status),
      })),
    };
  }

  /** `viewer`'s pop-up payload from rows already in hand (no re-reading on the hot path). */
  async pushFor(
    entry: EntryRow,
    call: CallRow,
    names: Map<number, string>,
    suggestions: CallerSuggestion[],
    recent: RecentEntryDto[],
    viewer: Actor,
  ): Promise<DraftPushDto> {
    const lines = await this.lines.all();
    return {
      entry: presentEntry(
        entry,
        { lines, names, callIds: new Map([[entry.id, [call.id]]]), calendar: null, now: new Date() },
        viewer,
      ),
      call: presentCall(call, lines, names),
      suggestions,
      recent,
    };
  }

  // --- writing ----------------------------------------------------------------------------------

  async create(body: CreateEntryBody, s: SessionUser): Promise<EntryDto> {
    if (s.role === 'head') throw new AppError(403, 'forbidden');
    const now = new Date();
    const elapsed = await this.elapsed();
    // Reglament 3.3: a request is registered on the day it came in if that was working time, else on the
    // next working day (an email read in the morning, received the evening before).
    let registeredAt = now;
    if (body.receivedAt) {
      const received = new Date(body.receivedAt);
      if (received.getTime() > now.getTime() + 60_000) {
        throw new AppError(400, 'validation_failed', { receivedAt: 'Время поступления не может быть в будущем' });
      }
      registeredAt = (await this.calendar.get()).nextWorkingStart(received);
    }
    const id = await this.ds.transaction(async (em) => {
      await this.assertMonthOpen(em, s.userId, registeredAt, now);
      const draft = await this.entries.insert(em, {
        status: 'draft',
        channel: body.channel,
        ownerId: s.userId,
        createdById: s.userId,
        callerNumber: body.callerNumber ?? null,
        callerNumberNorm: normalizePhone(body.callerNumber ?? null),
        senderEmail: body.senderEmail ?? null,
        lineId: body.lineId ?? null,
      });
      const plan = planChange(
        draft,
        {
          fields: {
            type: body.type,
            subsystem: body.subsystem,
            description: body.description,
            organizationName: body.organizationName ?? '',
            organizationId: body.organizationId ?? null,
            personName: body.personName ?? '',
            additionalInfo: body.additionalInfo ?? '',
            note: body.note ?? '',
            resolution: body.resolution ?? '',
          },
          status: body.status,
        },
        now,
        elapsed,
      );
      if (!plan.ok) throw new AppError(400, plan.code, plan.fields);
      const set = { ...plan.set, ...(await this.registration(em, registeredAt)) };
      // Answered on the spot: resolved when registered.
      if (set.resolvedAt) set.resolvedAt = registeredAt;
      await this.entries.update(em, draft.id, set);
      await this.entries.addHistory(em, draft.id, s.userId, 'created', diff({}, set), `Канал: ${body.channel}`);
      return draft.id;
    });
    return (await this.publish(id)).as(s);
  }

  /** A month whose signed journal a specialist has handed over takes no more entries of theirs. */
  private async assertMonthOpen(em: EntityManager, ownerId: number, registeredAt: Date, now: Date) {
    const month = (d: Date) => {
      const w = wallClock(d, this.timeZone);
      return `${w.year}-${String(w.month).padStart(2, '0')}`;
    };
    const m = month(registeredAt);
    if (m === month(now)) return;
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM report_handovers WHERE specialist_id = $1 AND month = $2 AND printed_at IS NOT NULL`,
      [ownerId, m],
    );
    if (rows.length) throw new AppError(409, 'month_handed_over');
  }

  async patch(id: number, body: PatchEntryBody, s: SessionUser): Promise<EntryDto> {
    const now = new Date();
    const { version, status, notRequestReason, reason, approval, approvalRef, mailReply, ...fields } = body;
    const elapsed = await this.elapsed();
    const prevOwner = await this.ds.transaction(async (em) => {
      const e = await this.entries.findById(id, em, true);
      if (!e) throw new AppError(404, 'entry_not_found');
      this.assertMay(e, s, approval !== undefined && Object.keys(fields).length === 0 && !status);
      if (e.version !== version) throw new AppError(409, 'version_conflict');
      if (fields.callerNumber !== undefined)
        (fields as Partial<EntryRow>).callerNumberNorm = normalizePhone(fields.callerNumber);
      const plan = planChange(e, { fields, status, notRequestReason, reason, approval, approvalRef }, now, elapsed);
      if (!plan.ok) throw new AppError(plan.code === 'validation_failed' ? 400 : 409, plan.code, plan.fields);
      const set: Partial<EntryRow> = { ...plan.set };
      if (plan.action === 'approval') set.approvalById = s.userId;
      if (plan.register) Object.assign(set, await this.registration(em, await this.registeredAt(em, e, now)));
      const changes = diff(e, set);
      if (!changes.length && plan.action === 'update') return e.ownerId;
      await this.entries.update(em, id, set);
      await this.entries.addHistory(em, id, s.userId, plan.action, changes, plan.comment);
      // Reglament 3.4.1: the resolution goes back to the address the request came from.
      if (set.status === 'closed' && e.status !== 'closed' && e.channel === 'email' && e.senderEmail && this.mail) {
        const text = mailReply?.trim() || (set.resolution ?? e.resolution);
        const regNumber = set.regNumber ?? e.regNumber;
        await this.mail.outbox.enqueue(em, { id, regNumber, senderEmail: e.senderEmail }, text, s.userId);
      }
      return e.ownerId;
    });
    this.mail?.outbox.kick();
    return (await this.publish(id, prevOwner)).as(s);
  }

  /**
   * The owner opened an entry that had new mail: the mark on their desk goes. Someone else opening it
   * changes nothing; the entry's version stays (it is no edit, and an open form keeps its version).
   */
  async mailSeen(id: number, s: SessionUser): Promise<void> {
    const [rows] = await this.ds.query<[{ id: number }[], number]>(
      `UPDATE entries SET new_mail_at = NULL WHERE id = $1 AND owner_id = $2 AND new_mail_at IS NOT NULL RETURNING id`,
      [id, s.userId],
    );
    if (rows.length) await this.publish(id);
    else if (!(await this.entries.findById(id))) throw new AppError(404, 'entry_not_found');
  }

  /** The draft's call joins an existing entry (the caller called back); the draft leaves the journal. */
  async attachTo(draftId: number, targetId: number, version: number, s: SessionUser): Promise<EntryDto> {
    if (draftId === targetId) throw new AppError(409, 'invalid_transition');
    const elapsed = await this.elapsed();
    await this.ds.transaction(async (em) => {
      // Lock in id order so that two attachments in opposite directions cannot deadlock.
      const [a, b] = [draftId, targetId].sort((x, y) => x - y) as [number, number];
      const first = await this.entries.findById(a, em, true);
      const second = await this.entries.findById(b, em, true);
      const draft = first?.id === draftId ? first : second;
      const target = first?.id === targetId ? first : second;
      if (!draft || !target) throw new AppError(404, 'entry_not_found');
      this.assertMay(draft, s, false);
      if (!mayAttachTo(draft, target, s)) throw new AppError(403, 'attach_not_allowed');
      if (draft.version !== version) throw new AppError(409, 'version_conflict');
      if (draft.status !== 'draft' || target.status === 'draft' || target.status === 'not_request') {
        throw new AppError(409, 'invalid_transition');
      }
      const calls = await this.calls.ofEntry(draftId, em);
      for (const c of calls) await this.calls.setEntry(em, c.id, targetId);
      const reason = `Звонок прикреплён к запросу ${target.regNumber ?? `#${target.id}`}`;
      await this.entries.update(em, draftId, { status: 'not_request', notRequestReason: reason });
      await this.entries.addHistory(em, draftId, s.userId, 'attached', diff(draft, { status: 'not_request' }), reason);
      await this.entries.addHistory(
        em,
        targetId,
        s.userId,
        'call_attached',
        [],
        `Повторный звонок${draft.callerNumber ? ` с номера ${formatPhone(draft.callerNumber)}` : ''} прикреплён к запросу`,
      );
      // The information the requester was asked for has arrived: the paused entry resumes.
      if (target.status === 'awaiting_feedback') {
        const plan = planChange(target, { fields: {}, status: 'in_progress' }, new Date(), elapsed);
        if (plan.ok) {
          await this.entries.update(em, targetId, plan.set);
          await this.entries.addHistory(
            em,
            targetId,
            s.userId,
            'status',
            diff(target, plan.set),
            'Получена обратная связь',
          );
        }
      }
    });
    await this.publish(draftId);
    return (await this.publish(targetId)).as(s);
  }

  /** The lifecycle's rules of who may change an entry, or decide its approval (the same as `can`). */
  private assertMay(e: EntryRow, s: SessionUser, approvalOnly: boolean) {
    if (!(approvalOnly ? mayDecide(e, s) : mayChange(e, s))) throw new AppError(403, 'forbidden');
  }

  /**
   * When a draft is registered: now, or for a mail (reglament 3.3) the moment it came in if that was
   * working time, else the start of the next working day.
   */
  private async registeredAt(em: EntityManager, e: EntryRow, now: Date): Promise<Date> {
    if (e.channel !== 'email' || !this.mail) return now;
    const received = await this.mail.repo.receivedAt(em, e.id);
    if (!received) return now;
    return (await this.calendar.get()).nextWorkingStart(received);
  }

  /** Registration: the date and the next number of the year, in one transaction with the change. */
  private async registration(em: EntityManager, now: Date): Promise<Partial<EntryRow>> {
    const year = wallClock(now, this.timeZone).year;
    const seq = await this.entries.nextRegSeq(em, year);
    return { registeredAt: now, regYear: year, regSeq: seq, regNumber: formatRegNumber(year, seq) };
  }

  /**
   * After commit: tell the owner(s) and everyone's journal that the entry changed, each with what they
   * may do with it; answers the entry for whoever asked (`.as(session)`).
   */
  async publish(id: number, prevOwner?: number | null): Promise<{ as: (viewer: Actor) => EntryDto }> {
    const { e, as } = await this.presentOne(id);
    // A draft (or "not a request") goes to its owners only, a registered entry to everyone.
    const hidden = e.status === 'draft' || e.status === 'not_request';
    this.realtime.toEach('entry:updated', [
      ...(hidden ? [] : ROLES.map((role) => ({ role, args: [as({ role, userId: null })] as [EntryDto] }))),
      ...forUsers([e.ownerId, prevOwner], as),
    ]);
    return { as };
  }

  /** After commit: the entry to these users only (a previous owner), each with what they may do with it. */
  async publishTo(id: number, userIds: (number | null)[]): Promise<void> {
    const { as } = await this.presentOne(id);
    this.realtime.toEach('entry:updated', forUsers(userIds, as));
  }

  private async presentOne(id: number): Promise<{ e: EntryRow; as: (viewer: Actor) => EntryDto }> {
    const e = await this.entries.findById(id);
    if (!e) throw new AppError(404, 'entry_not_found');
    const ctx = await this.presentContext([e]);
    return { e, as: (viewer) => presentEntry(e, ctx, viewer) };
  }
}

/** A user's sockets get the payload made for them, whichever role they have. */
function forUsers(userIds: (number | null | undefined)[], as: (viewer: Actor) => EntryDto) {
  const users = [...new Set(userIds)].filter((u): u is number => typeof u === 'number');
  return users.flatMap((userId) => ROLES.map((role) => ({ role, userId, args: [as({ role, userId })] as [EntryDto] })));
}
