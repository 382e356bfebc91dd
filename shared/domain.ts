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

/** Names of entry fields as people read them in the history. */
export const FIELD_LABELS: Record<string, { ru: string; en: string }> = {
  status: { ru: 'Статус', en: 'Status' },
  type: { ru: 'Тип запроса', en: 'Request type' },
  subsystem: { ru: 'Подсистема', en: 'Subsystem' },
  description: { ru: 'Описание запроса', en: 'Description' },
  organizationName: { ru: 'Наименование ОО', en: 'Organisation' },
  organizationId: { ru: 'ОО в справочнике', en: 'Organisation in the directory' },
  personName: { ru: 'ФИО', en: 'Full name' },
  additionalInfo: { ru: 'Дополнительная информация', en: 'Additional information' },
  resolution: { ru: 'Комментарий о решении', en: 'Resolution comment' },
  resolvedAt: { ru: 'Дата решения', en: 'Resolution date' },
  note: { ru: 'Примечание', en: 'Note' },
  ownerId: { ru: 'Специалист', en: 'Specialist' },
  approval: { ru: 'Согласование', en: 'Approval' },
  approvalRef: { ru: 'Основание решения', en: 'Grounds of the decision' },
  regNumber: { ru: '№ запроса', en: 'Request No.' },
  callerNumber: { ru: 'Номер', en: 'Number' },
  senderEmail: { ru: 'Эл. почта', en: 'E-mail' },
  lineId: { ru: 'Линия', en: 'Line' },
  notRequestReason: { ru: 'Причина «не обращение»', en: 'Reason for «not a request»' },
};

/** History actions as people read them. */
export const HISTORY_ACTION_LABELS: Record<string, { ru: string; en: string }> = {
  draft_opened: { ru: 'Открыт черновик по звонку', en: 'Draft opened for a call' },
  created: { ru: 'Зарегистрирован вручную', en: 'Registered manually' },
  register: { ru: 'Зарегистрирован', en: 'Registered' },
  update: { ru: 'Изменён', en: 'Changed' },
  status: { ru: 'Изменён статус', en: 'Status changed' },
  close: { ru: 'Закрыт', en: 'Closed' },
  reopen: { ru: 'Возобновлён', en: 'Reopened' },
  approval: { ru: 'Решение по согласованию', en: 'Approval decision' },
  not_request: { ru: 'Отмечен как «не обращение»', en: 'Marked as «not a request»' },
  attached: { ru: 'Звонок прикреплён к другому запросу', en: 'Call attached to another request' },
  call_attached: { ru: 'Прикреплён повторный звонок', en: 'Repeat call attached' },
  transferred: { ru: 'Передан при переводе звонка', en: 'Handed over with a transferred call' },
  mail_opened: { ru: 'Открыт черновик по письму', en: 'Draft opened for a mail' },
  mail_taken: { ru: 'Письмо взято в работу', en: 'Mail taken' },
  mail_received: { ru: 'Получено письмо от заявителя', en: 'Mail received from the sender' },
  mail_queued: { ru: 'Ответ заявителю поставлен в очередь отправки', en: 'Reply to the sender queued for sending' },
  mail_sent: { ru: 'Ответ заявителю отправлен', en: 'Reply to the sender sent' },
  mail_retry: { ru: 'Ответ заявителю не отправлен, повтор позже', en: 'Reply to the sender not sent, retrying later' },
  mail_failed: { ru: 'Ответ заявителю не отправлен', en: 'Reply to the sender not sent' },
  mail_not_sent: { ru: 'Ответ заявителю не отправлялся', en: 'No reply was sent to the sender' },
};
