// REST contract: zod schemas of what enters the API and the shapes it answers with.
import { z } from 'zod';
import {
  CHANNELS,
  ENTRY_STATUSES,
  ENTRY_TYPES,
  ROLES,
  SUBSYSTEMS,
  type ApprovalState,
  type CallDirection,
  type CallOutcome,
  type CallState,
  type Channel,
  type EntryStatus,
  type EntryType,
  type MailLinkState,
  type PbxLinkState,
  type RegisteredStatus,
  type Role,
  type Subsystem,
} from './domain';
import { MAX_PHONE_LENGTH } from './phone';
import { CALL_BUCKETS } from './stats';

/**
 * Text people type, trimmed. U+0000 is refused here: PostgreSQL text cannot hold it (no one types it;
 * it comes from binary pasted or sent by a broken client).
 */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\u0000]*$/, 'Недопустимый символ в тексте (U+0000)');

export const loginBody = z.object({
  login: text(64).min(1, 'Введите логин'),
  password: z.string().min(1, 'Введите пароль').max(256),
});
export type LoginBody = z.infer<typeof loginBody>;

export const changePasswordBody = z
  .object({
    currentPassword: z.string().min(1, 'Введите текущий пароль').max(256),
    newPassword: z.string().min(8, 'Новый пароль: не короче 8 символов').max(256),
  })
  .refine((b) => b.newPassword !== b.currentPassword, {
    path: ['newPassword'],
    message: 'Новый пароль должен отличаться от текущего',
  });
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

/** A login throttle as the admin sees it. */
export interface ThrottleDto {
  key: string;
  kind: 'login' | 'address' | 'login_from_address';
  login: string | null;
  address: string | null;
  failures: number;
  since: string;
  /** The next attempt is allowed from then on; null: now. */
  waitUntil: string | null;
}

/** A phone extension: 2-8 digits, as configured on the PBX. */
export const extensionSchema = z
  .string()
  .trim()
  .regex(/^\d{2,8}$/, 'Внутренний номер: от 2 до 8 цифр');

const passwordSchema = z.string().min(8, 'Пароль: не короче 8 символов').max(256, 'Пароль: не длиннее 256 символов');

export const createUserBody = z.object({
  login: text(64)
    .min(2, 'Логин: не короче 2 символов')
    .regex(/^[A-Za-z0-9._-]+$/, 'Логин: латинские буквы, цифры, точка, дефис, подчёркивание')
    .transform((s) => s.toLowerCase()),
  password: passwordSchema,
  fullName: text(200).min(3, 'Укажите ФИО полностью'),
  role: z.enum(ROLES),
  extensions: z.array(extensionSchema).max(10).default([]),
  subsystems: z.array(z.enum(SUBSYSTEMS)).max(3).default([]),
});
export type CreateUserBody = z.infer<typeof createUserBody>;

export const updateUserBody = z
  .object({
    password: passwordSchema,
    fullName: text(200).min(3, 'Укажите ФИО полностью'),
    role: z.enum(ROLES),
    extensions: z.array(extensionSchema).max(10),
    subsystems: z.array(z.enum(SUBSYSTEMS)).max(3),
    active: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateUserBody = z.infer<typeof updateUserBody>;

/** Common list paging: `limit` 1..500, `offset` >= 0. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export interface Page<T> {
  items: T[];
  total: number;
  /** false: `total` is the database's estimate (more than 10 000 rows match). */
  totalExact?: boolean;
  /** A search's words to highlight in the results: whole word forms, and prefixes (lower case, ё as е). */
  highlight?: { words: string[]; prefixes: string[] };
}

export interface UserDto {
  id: number;
  login: string;
  fullName: string;
  role: Role;
  extensions: string[];
  subsystems: Subsystem[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface MeDto {
  user: UserDto;
  demo: boolean;
  timeZone: string;
  /** The password was generated: it must be changed before anything else. */
  mustChangePassword: boolean;
}

export interface HealthDto {
  db: 'up' | 'down';
  pbx: PbxLinkState;
  demo: boolean;
  mail: MailLinkState;
}

/** A journal entry on the wire (DESIGN.md "Entry fields"). */
export interface EntryDto {
  id: number;
  regNumber: string | null;
  registeredAt: string | null;
  type: EntryType | null;
  subsystem: Subsystem | null;
  description: string;
  organizationName: string;
  organizationId: number | null;
  personName: string;
  additionalInfo: string;
  status: EntryStatus;
  resolution: string;
  resolvedAt: string | null;
  note: string;
  channel: Channel;
  line: LineDto | null;
  callerNumber: string | null;
  senderEmail: string | null;
  ownerId: number | null;
  ownerName: string | null;
  approval: ApprovalState | null;
  approvalAt: string | null;
  approvalById: number | null;
  approvalRef: string | null;
  notRequestReason: string | null;
  /** A mail answering the entry arrived that its owner has not opened yet. */
  newMailAt: string | null;
  callIds: number[];
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Open entries: working seconds since registration, feedback pauses excluded (working calendar). */
  workingAgeSeconds: number | null;
  /** What the user it was sent to may do with it: the client offers this and nothing else. */
  can: EntryCan;
}

/** What a user may do with an entry now, decided by server/journal/lifecycle.ts (the routes obey the same). */
export interface EntryCan {
  /** Change its fields and save them. */
  edit: boolean;
  /** Register the draft, or mark it "not a request". */
  register: boolean;
  /** Close it. */
  close: boolean;
  /** Attach the draft's call to an existing entry (the caller called back). */
  attach: boolean;
  /** Record the approval decision (approved or rejected). */
  approve: boolean;
  /** The statuses it may move to now, in the reglament's order of life (a reason or resolution may be asked). */
  statuses: (RegisteredStatus | 'not_request')[];
}

export interface LineDto {
  id: number;
  code: string;
  name: string;
  did: string;
  displayNumber: string;
}

/** A call on the wire. Durations in seconds. */
export interface CallLegDto {
  at: string;
  /** null: the call left the desk (to `number`). */
  extension: string | null;
  kind: 'answer' | 'transfer' | 'attended' | 'pickup' | 'parking' | 'parking_timeout' | 'external';
  number?: string;
}

export interface CallDto {
  id: number;
  linkedid: string;
  direction: CallDirection;
  line: LineDto | null;
  callerNumber: string | null;
  state: CallState;
  outcome: CallOutcome | null;
  afterHours: boolean;
  queue: string | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  totalSeconds: number | null;
  /** On hold or parked, within the talk time. */
  holdSeconds: number | null;
  hangupCause: number | null;
  extension: string | null;
  userId: number | null;
  userName: string | null;
  /** Who had the call, in order: the answer, each move, a transfer out of the desk. */
  legs: CallLegDto[];
  entryId: number | null;
  callbackOfId: number | null;
  callbackOwnerId: number | null;
  handledAt: string | null;
  /**
   * A lost call (unanswered, inbound, in working time): working seconds from its end until it was
   * dealt with, or until now. Null elsewhere, and in pushes.
   */
  lostWorkingSeconds: number | null;
}

export interface PbxStatusDto {
  state: PbxLinkState;
  since: string;
  detail: string;
  demo: boolean;
}

/** The mailbox link (as the PBX's), and whether replies can be sent at all. */
export interface MailStatusDto {
  state: MailLinkState;
  since: string;
  detail: string;
  demo: boolean;
  /** SMTP is configured: closing an email entry sends the resolution to the sender. */
  replies: boolean;
}

/** An attachment of a received mail, downloadable from its entry. */
export interface MailAttachmentDto {
  id: number;
  filename: string;
  contentType: string;
  size: number;
}

/** A received mail as the entry shows it. */
export interface MailMessageDto {
  id: number;
  fromAddress: string;
  fromName: string;
  subject: string;
  text: string;
  receivedAt: string;
  attachments: MailAttachmentDto[];
}

/** A reply going out through the outbox. */
export interface MailReplyDto {
  id: number;
  toAddress: string;
  subject: string;
  text: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** A mail waiting in the shared «Почта» queue (an email draft nobody has taken yet). */
export interface MailQueueItemDto {
  entryId: number;
  mail: MailMessageDto;
  /** Organisation and person guessed from the sender's address and domain. */
  organizationName: string;
  /** The sender's open entries (a reply may belong to one of them). */
  openEntries: number;
}

/** A mail held back for a person to look at (a sender sending too many). */
export interface HeldMailDto {
  id: number;
  fromAddress: string;
  subject: string;
  receivedAt: string;
  reason: string;
}

/** Editable fields of an entry (Form No. 1 columns and beside them). */
const entryFields = {
  type: z.enum(ENTRY_TYPES).nullable(),
  subsystem: z.enum(SUBSYSTEMS).nullable(),
  description: text(5000),
  organizationName: text(500),
  organizationId: z.number().int().positive().nullable(),
  personName: text(300),
  additionalInfo: text(5000),
  note: text(2000),
  resolution: text(5000),
  callerNumber: text(MAX_PHONE_LENGTH)
    .regex(/^[\d\s()+\-.]*$/, 'Номер: цифры, пробелы, скобки, дефисы')
    .nullable(),
  senderEmail: z.email('Неверный адрес эл. почты').max(254).nullable(),
  lineId: z.number().int().positive().nullable(),
};

/** PATCH /api/entries/:id: fields, status and approval; `version` guards against lost updates. */
export const patchEntryBody = z
  .object({
    version: z.number().int().positive(),
    ...entryFields,
    status: z.enum([...ENTRY_STATUSES, 'not_request']),
    notRequestReason: text(500),
    reason: text(1000),
    approval: z.enum(['approved', 'rejected']),
    approvalRef: text(300),
    /** Closing an entry that came by email: the text sent to the sender (default: the resolution). */
    mailReply: text(20000),
  })
  .partial()
  .required({ version: true })
  .strict();
export type PatchEntryBody = z.infer<typeof patchEntryBody>;

/** POST /api/entries: a manual registration (a call without the PBX, an email, other). */
export const createEntryBody = z
  .object({
    ...entryFields,
    type: z.enum(ENTRY_TYPES),
    subsystem: z.enum(SUBSYSTEMS),
    description: text(5000).min(1, 'Опишите запрос'),
    channel: z.enum(CHANNELS).default('manual'),
    status: z.enum(ENTRY_STATUSES).default('in_progress'),
    /** When the request came in (an email received earlier); default now. */
    receivedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .partial({
    organizationName: true,
    organizationId: true,
    personName: true,
    additionalInfo: true,
    note: true,
    resolution: true,
    callerNumber: true,
    senderEmail: true,
    lineId: true,
  })
  .strict();
export type CreateEntryBody = z.infer<typeof createEntryBody>;

/** POST /api/entries/:id/attach-to: a draft's call joins an existing entry (the caller called back). */
export const attachBody = z
  .object({ targetId: z.number().int().positive(), version: z.number().int().positive() })
  .strict();

export const entryListQuery = pageQuery.extend({
  q: text(200).optional(),
  status: z.enum([...ENTRY_STATUSES, 'draft', 'not_request', 'open']).optional(),
  type: z.enum(ENTRY_TYPES).optional(),
  subsystem: z.enum(SUBSYSTEMS).optional(),
  channel: z.enum(CHANNELS).optional(),
  lineId: z.coerce.number().int().positive().optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  /** An organisation of the directory. */
  organizationId: z.coerce.number().int().positive().optional(),
  /** Any part of the organisation's name as written in the entry. */
  organization: text(200).optional(),
  caller: text(64).optional(),
  /** Entries that came from this email address (the sender's other requests). */
  sender: text(254).optional(),
  /** Open entries waiting for approval. */
  approval: z.enum(['pending']).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  sort: z
    .enum(['registeredAt', '-registeredAt', 'regNumber', '-regNumber', 'status', '-status'])
    .default('-registeredAt'),
});
export type EntryListQuery = z.infer<typeof entryListQuery>;

/** GET /api/entries/answered-before: closed entries like a description being typed. */
export const answeredBeforeQuery = z.object({
  text: text(4000),
  subsystem: z.enum(SUBSYSTEMS).optional(),
  /** The entry being filled in (not suggested to itself). */
  exclude: z.coerce.number().int().positive().optional(),
});
export type AnsweredBeforeQuery = z.infer<typeof answeredBeforeQuery>;

/** GET /api/entries/caller-context: what earlier entries and the directory say about a caller number. */
export const callerContextQuery = z.object({
  caller: text(MAX_PHONE_LENGTH),
  /** The entry being filled in (not listed among the caller's recent entries). */
  exclude: z.coerce.number().int().positive().optional(),
});
export type CallerContextQuery = z.infer<typeof callerContextQuery>;

export interface AnsweredBeforeDto {
  id: number;
  regNumber: string | null;
  registeredAt: string | null;
  subsystem: Subsystem | null;
  description: string;
  resolution: string;
  /** How many of the typed words (in any form) the entry shares. */
  common: number;
}

export const callListQuery = pageQuery.extend({
  /** missed: unanswered inbound calls (missed or abandoned), newest first. */
  view: z.enum(['all', 'missed', 'active']).default('all'),
  handled: z.enum(['true', 'false']).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  lineId: z.coerce.number().int().positive().optional(),
  /** A specialist's calls: talked on, or to call back (as the statistics count them). */
  userId: z.coerce.number().int().positive().optional(),
  caller: text(64).optional(),
  /** The calls a statistics figure counts (shared/stats.ts CALL_BUCKETS). */
  bucket: z.enum(CALL_BUCKETS).optional(),
});
export type CallListQuery = z.infer<typeof callListQuery>;

export interface HistoryDto {
  id: number;
  at: string;
  userId: number | null;
  userName: string | null;
  action: string;
  changes: { field: string; from: unknown; to: unknown }[];
  comment: string | null;
}

export interface EntryDetailsDto extends EntryDto {
  history: HistoryDto[];
  calls: CallDto[];
  /** The mails it came with or that were added to it (email entries). */
  mails: MailMessageDto[];
  /** Replies sent (or being sent) to the sender. */
  replies: MailReplyDto[];
}

export interface OrganizationDto {
  id: number;
  fullName: string;
  shortName: string;
  municipality: string;
  kind: string;
  defaultSubsystem: Subsystem | null;
  phones: string[];
  emails: string[];
  active: boolean;
}

const phoneText = z
  .string()
  .trim()
  .regex(/^[\d\s()+\-]{5,25}$/, 'Телефон: цифры, пробелы, скобки, дефисы (например 8 (3452) 12-34-56)');

export const organizationBody = z
  .object({
    fullName: text(500).min(3, 'Укажите полное наименование'),
    shortName: text(200).default(''),
    municipality: text(200).default(''),
    kind: text(32).default(''),
    defaultSubsystem: z.enum(SUBSYSTEMS).nullable().default(null),
    phones: z.array(phoneText).max(20).default([]),
    emails: z.array(z.email('Неверный адрес эл. почты').max(254)).max(20).default([]),
    active: z.boolean().default(true),
  })
  .strict();
export type OrganizationBody = z.infer<typeof organizationBody>;

export const organizationPatch = organizationBody.partial().strict();

export const addPhoneBody = z.object({ phone: phoneText }).strict();

export interface ImportReport {
  total: number;
  created: number;
  updated: number;
  rejected: { line: number; reason: string }[];
  encoding: 'utf-8' | 'windows-1251';
}

export const HM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Время в формате ЧЧ:ММ');

export const calendarOverrideBody = z
  .object({
    kind: z.enum(['day_off', 'working', 'short']),
    startTime: HM.nullable().default(null),
    endTime: HM.nullable().default(null),
    title: text(200).default(''),
  })
  .strict()
  .refine((b) => (b.startTime === null) === (b.endTime === null) && (!b.startTime || b.startTime < b.endTime!), {
    message: 'Укажите начало и конец рабочего дня (начало раньше конца)',
    path: ['endTime'],
  });
export type CalendarOverrideBody = z.infer<typeof calendarOverrideBody>;

const dayHours = z.object({ start: HM, end: HM }).nullable();
export const weekScheduleBody = z
  .object({
    days: z.object({ 1: dayHours, 2: dayHours, 3: dayHours, 4: dayHours, 5: dayHours, 6: dayHours, 7: dayHours }),
    lunch: z.object({ start: HM, end: HM }).nullable(),
    shortDayMinutes: z.number().int().min(0).max(240),
  })
  .strict();
export type WeekScheduleBody = z.infer<typeof weekScheduleBody>;

export interface CalendarDayDto {
  date: string;
  kind: 'working' | 'short' | 'weekend' | 'holiday' | 'transferred_day_off' | 'override_day_off';
  working: boolean;
  /** "HH:mm" or null on days off. */
  start: string | null;
  end: string | null;
  title: string;
  overridden: boolean;
}

/** Where a year's production calendar comes from: a file the admin uploaded, the decree built into
 * callog, or only the Labour Code (art. 112) when neither is there. */
export type CalendarSource = 'imported' | 'decree' | 'labor_code';

export interface CalendarYearDto {
  year: number;
  /** The federal production calendar of this year is in callog. */
  known: boolean;
  source: CalendarSource;
  days: CalendarDayDto[];
  schedule: WeekScheduleBody;
}

/** An uploaded production calendar: the file is the request body (XML, XLSX or CSV, sniffed). */
export const CALENDAR_IMPORT_FORMATS = ['xml', 'csv', 'xlsx'] as const;
export type CalendarImportFormat = (typeof CALENDAR_IMPORT_FORMATS)[number];

export const calendarImportParams = z.object({
  year: z.coerce
    .number('Год — число, например 2027')
    .int('Год — целое число')
    .min(2000, 'Год от 2000')
    .max(2100, 'Год до 2100'),
});
export const calendarApplyQuery = z.object({
  token: z
    .string('Сначала просмотрите различия: нужен token из ответа preview')
    .regex(/^[0-9a-f]{64}$/, 'Сначала просмотрите различия: нужен token из ответа preview'),
});

/** A day as the calendar has it: its kind and hours ("HH:mm", null on days off). */
export interface CalendarDayStateDto {
  kind: CalendarDayDto['kind'];
  working: boolean;
  start: string | null;
  end: string | null;
  title: string;
}

export interface CalendarImportChangeDto {
  date: string;
  current: CalendarDayStateDto;
  new: CalendarDayStateDto;
  /** What the uploaded file says of the day (a holiday's name, where a day off was moved from). */
  note: string;
}

/** A year by the production calendar alone (a Mon–Fri week; the admin's overrides and hours aside). */
export interface CalendarYearCountsDto {
  workingDays: number;
  daysOff: number;
  shortDays: number;
  /** The norm of a 40-hour week: 8 hours a working day, one less on a short day. */
  hours40: number;
}

export interface CalendarImportPreviewDto {
  year: number;
  format: CalendarImportFormat;
  /** Where the year's calendar comes from now. */
  source: CalendarSource;
  /** Every day whose kind or hours the upload changes (with the admin's overrides still in force). */
  changes: CalendarImportChangeDto[];
  /** Days the upload would change but an admin's override keeps as it is. */
  keptOverrides: CalendarImportChangeDto[];
  counts: {
    changed: number;
    toDayOff: number;
    toWorking: number;
    hoursChanged: number;
    current: CalendarYearCountsDto;
    new: CalendarYearCountsDto;
  };
  /** Worth a look, not a reason to refuse (a holiday of art. 112 missing from the file). */
  warnings: string[];
  /** This very calendar is already the year's: applying changes nothing. */
  alreadyApplied: boolean;
  /** Send it back with the same file to apply exactly what was shown. */
  token: string;
}

export interface CalendarImportResultDto {
  year: number;
  /** Days whose kind or hours changed. */
  changed: number;
  alreadyApplied: boolean;
}

export interface CalendarStatusDto {
  /** Years ahead whose federal calendar is missing (this year and next). */
  missingYears: number[];
}

export const MONTH = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Месяц в формате ГГГГ-ММ');

export const form1Query = z.object({
  month: MONTH,
  specialist: z.coerce.number().int().positive().optional(),
  format: z.enum(['pdf', 'xlsx']).default('pdf'),
});
export type Form1Query = z.infer<typeof form1Query>;

export type HandoverState = 'pending' | 'printed' | 'received' | 'late';

export interface HandoverDto {
  specialistId: number;
  specialistName: string;
  /** The reported month, "YYYY-MM". */
  month: string;
  /** Entries of that month in the specialist's Form No. 1. */
  entries: number;
  /** The last day to hand the signed journal over ("YYYY-MM-10" of the next month). */
  dueDate: string;
  printedAt: string | null;
  printedByName: string | null;
  receivedAt: string | null;
  receivedByName: string | null;
  state: HandoverState;
}

/** What the shell shows: the specialist's reminder, or the head's list of who is late. */
export type HandoverReminderDto =
  | { kind: 'none' }
  | { kind: 'specialist'; month: string; dueDate: string; overdue: boolean }
  | { kind: 'head'; month: string; dueDate: string; late: { specialistId: number; specialistName: string }[] };
