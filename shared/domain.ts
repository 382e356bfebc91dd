// Domain vocabulary shared by server and client: code names and their labels.
// Labels follow the reglament (Russian first, English as the second locale).

export type Locale = 'ru' | 'en';

export const ROLES = ['specialist', 'head', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ENTRY_TYPES = ['support', 'bug', 'improvement'] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

export const SUBSYSTEMS = ['kindergarten', 'school', 'college'] as const;
export type Subsystem = (typeof SUBSYSTEMS)[number];

/** Statuses of a registered entry (Form No. 1), in the reglament's order of life. */
export const ENTRY_STATUSES = [
  'in_progress',
  'awaiting_feedback',
  'passed_to_developer',
  'resolved',
  'closed',
] as const;
export type RegisteredStatus = (typeof ENTRY_STATUSES)[number];
/** `draft`: opened by a call, not yet registered; `not_request`: a draft dismissed as not a request. */
export type EntryStatus = RegisteredStatus | 'draft' | 'not_request';
export const ALL_ENTRY_STATUSES: readonly EntryStatus[] = ['draft', ...ENTRY_STATUSES, 'not_request'];
/** The statuses of an entry still being worked on (the backlog). */
export const OPEN_STATUSES = [
  'in_progress',
  'awaiting_feedback',
  'passed_to_developer',
] as const satisfies readonly RegisteredStatus[];
/** Whether an entry is still open work. */
export const isOpenStatus = (s: EntryStatus): boolean => (OPEN_STATUSES as readonly EntryStatus[]).includes(s);
/** The statuses of finished work: reaching one needs a resolution; leaving one for an open status reopens it. */
export const FINISHED_STATUSES = ['resolved', 'closed'] as const satisfies readonly RegisteredStatus[];
/** Whether an entry's work is finished (resolved or closed). */
export const isFinishedStatus = (s: EntryStatus): boolean => (FINISHED_STATUSES as readonly EntryStatus[]).includes(s);

export const CHANNELS = ['phone', 'email', 'manual'] as const;
export type Channel = (typeof CHANNELS)[number];

export const APPROVAL_STATES = ['pending', 'approved', 'rejected'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

export const CALL_STATES = ['ringing', 'answered', 'ended'] as const;
export type CallState = (typeof CALL_STATES)[number];

/** How a finished call ended for the desk. */
export const CALL_OUTCOMES = ['answered', 'missed', 'abandoned'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export type PbxLinkState = 'connecting' | 'up' | 'down';
/** The mailbox link: as the PBX's, or `off` when no mailbox is configured. */
export type MailLinkState = PbxLinkState | 'off';

type Labels<K extends string> = Record<K, { ru: string; en: string }>;

export const ROLE_LABELS: Labels<Role> = {
  specialist: { ru: 'Специалист', en: 'Specialist' },
  head: { ru: 'Руководитель', en: 'Head' },
  admin: { ru: 'Администратор', en: 'Administrator' },
};

export const TYPE_LABELS: Labels<EntryType> = {
  support: { ru: 'Поддержка', en: 'Support' },
  bug: { ru: 'Ошибка', en: 'Bug' },
  improvement: { ru: 'Улучшение', en: 'Improvement' },
};

export const SUBSYSTEM_LABELS: Labels<Subsystem> = {
  kindergarten: { ru: '«Электронный детский сад»', en: 'E-Kindergarten' },
  school: { ru: '«Электронная школа»', en: 'E-School' },
  college: { ru: '«Электронный колледж»', en: 'E-College' },
};

export const STATUS_LABELS: Labels<EntryStatus> = {
  draft: { ru: 'Черновик', en: 'Draft' },
  in_progress: { ru: 'В работе', en: 'In progress' },
  resolved: { ru: 'Решен', en: 'Resolved' },
  passed_to_developer: { ru: 'Передано разработчику', en: 'Passed to developer' },
  awaiting_feedback: { ru: 'Обратная связь', en: 'Awaiting feedback' },
  closed: { ru: 'Закрыт', en: 'Closed' },
  not_request: { ru: 'Не обращение', en: 'Not a request' },
};

export const CHANNEL_LABELS: Labels<Channel> = {
  phone: { ru: 'Телефон', en: 'Phone' },
  email: { ru: 'Эл. почта', en: 'Email' },
  manual: { ru: 'Вручную', en: 'Manual' },
};

export const APPROVAL_LABELS: Labels<ApprovalState> = {
  pending: { ru: 'На согласовании', en: 'Pending approval' },
  approved: { ru: 'Согласовано', en: 'Approved' },
  rejected: { ru: 'Отклонено', en: 'Rejected' },
};

export const OUTCOME_LABELS: Labels<CallOutcome> = {
  answered: { ru: 'Принят', en: 'Answered' },
  missed: { ru: 'Пропущен', en: 'Missed' },
  abandoned: { ru: 'Сброшен в очереди', en: 'Abandoned in queue' },
};

export const PBX_STATE_LABELS: Labels<PbxLinkState> = {
  connecting: { ru: 'Подключение к АТС…', en: 'Connecting to the PBX…' },
  up: { ru: 'АТС на связи', en: 'PBX connected' },
  down: { ru: 'Нет связи с АТС', en: 'PBX link down' },
};

export const MAIL_STATE_LABELS: Labels<MailLinkState> = {
  connecting: { ru: 'Подключение к почте…', en: 'Connecting to the mailbox…' },
  up: { ru: 'Почта на связи', en: 'Mailbox connected' },
  down: { ru: 'Нет связи с почтой', en: 'Mailbox link down' },
  off: { ru: 'Почта не подключена', en: 'No mailbox configured' },
};

/** Types that need approval (согласование) before work goes on (reglament 3.5). */
export function needsApproval(type: EntryType | null | undefined): boolean {
  return type === 'bug' || type === 'improvement';
}

/** Exhaustiveness guard for switches over unions. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
