// Statistics: one set of definitions for the server's SQL, the page's «?» and the API's shape.
import { z } from 'zod';
import { ENTRY_TYPES, SUBSYSTEMS, type Channel, type EntryStatus, type EntryType, type Subsystem } from './domain';

export const statsQuery = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    lineId: z.coerce.number().int().positive().optional(),
    userId: z.coerce.number().int().positive().optional(),
    subsystem: z.enum(SUBSYSTEMS).optional(),
    type: z.enum(ENTRY_TYPES).optional(),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'Конец периода раньше начала' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 400 * 86_400_000, {
    path: ['to'],
    message: 'Период не длиннее года',
  });
export type StatsQuery = z.infer<typeof statsQuery>;

/** How a support-line call ends up, exactly one bucket per call (they add up to offered). */
export const CALL_BUCKETS = ['answered', 'missed', 'abandoned', 'short_abandoned', 'after_hours'] as const;
export type CallBucket = (typeof CALL_BUCKETS)[number];

/** The figure that counts each bucket (a tile drills down to its bucket's calls). */
export const BUCKET_FIGURE = {
  answered: 'answered',
  missed: 'missed',
  abandoned: 'abandoned',
  short_abandoned: 'shortAbandoned',
  after_hours: 'afterHours',
} as const satisfies Record<CallBucket, keyof CallFigures>;

export interface CallFigures {
  /** All support-line calls that ended or were answered in the period. */
  offered: number;
  offeredInHours: number;
  answered: number;
  missed: number;
  abandoned: number;
  shortAbandoned: number;
  afterHours: number;
  /** answered in working time / (offered in working time − short abandons); null without calls. */
  answerRate: number | null;
  /** answered within SL_SECONDS in working time / the same denominator. */
  serviceLevel: number | null;
  /** The same numerator / answered in working time (the variant other tools show). */
  serviceLevelOfAnswered: number | null;
  asaSeconds: number | null;
  maxWaitSeconds: number | null;
  avgTalkSeconds: number | null;
  /** talk + after-call work (until the draft was registered), per answered call with an entry. */
  ahtSeconds: number | null;
  callbacks: number;
  /** Unique lost callers reached (answered call or callback) within 2 working hours. */
  lostReached: number;
  /** Unique lost callers (missed or abandoned in working time, short abandons left out). */
  lostCallers: number;
  /** Lost callers not reached yet (no answered call with them since, not marked handled). */
  lostUnreached: number;
}

export interface DayFigures {
  date: string;
  offered: number;
  answered: number;
  missed: number;
  abandoned: number;
  shortAbandoned: number;
  afterHours: number;
  serviceLevel: number | null;
}

/** Calls offered and answered by weekday (1 = Monday) and half-hour slot ("08:30"). */
export interface HeatCell {
  weekday: number;
  slot: string;
  offered: number;
  answered: number;
}

export interface SpecialistFigures {
  userId: number;
  name: string;
  /** Calls this specialist talked on (a transferred call counts for each who talked). */
  answered: number;
  talkSeconds: number;
  avgTalkSeconds: number | null;
  /** Entries registered in the period that they own. */
  registered: number;
}

export interface RequestFigures {
  registered: number;
  byType: Partial<Record<EntryType, number>>;
  bySubsystem: Partial<Record<Subsystem | 'none', number>>;
  byStatus: Partial<Record<EntryStatus, number>>;
  byChannel: Partial<Record<Channel, number>>;
  byLine: { lineId: number | null; label: string; count: number }[];
  /** `organizationId`: one of the directory (null: a name typed in, not in the directory). */
  topOrganizations: { name: string; count: number; organizationId: number | null }[];
  topMunicipalities: { name: string; count: number }[];
  /** Open entries now by age in working days: [0,1), [1,3), [3,5), [5,10), 10+. */
  backlog: { bucket: string; count: number }[];
  /** Median registration → resolution in working hours, of entries resolved in the period. */
  medianResolutionWorkingHours: number | null;
  /** Resolved or closed with exactly one call and never awaiting feedback / resolved entries. */
  firstContactShare: number | null;
  /** Open bugs and improvements waiting for approval. */
  approvalsPending: number;
  /** Calls per entry that has calls. */
  callsPerRequest: number | null;
  /** Calls attached to a request that was still open. */
  repeatCallsOpen: number;
}

export interface StatsDto {
  from: string;
  to: string;
  shortAbandonSeconds: number;
  serviceLevelSeconds: number;
  calls: CallFigures;
  requests: RequestFigures;
  byDay: DayFigures[];
  heatmap: HeatCell[];
  bySpecialist: SpecialistFigures[];
  /**
   * The same weekdays of the last 4 weeks (the period moved back 7, 14, 21, 28 days), newest first;
   * only for a period of at most a week, empty otherwise.
   */
  earlier: { from: string; to: string; calls: CallFigures }[];
}

/** The desk's targets for the figures that have one (shown on their tiles). */
export const TARGETS: Partial<Record<keyof CallFigures, { min?: number; max?: number; text: string }>> = {
  serviceLevel: { min: 0.8, text: 'цель ≥ 80 %' },
  answerRate: { min: 0.95, text: 'цель ≥ 95 %' },
  asaSeconds: { max: 20, text: 'цель ≤ 20 с' },
  lostUnreached: { max: 0, text: 'цель: 0' },
};

/** Whether a figure meets its target; null when it has none or no value. */
export function meetsTarget(key: keyof CallFigures, value: number | null): boolean | null {
  const t = TARGETS[key];
  if (!t || value === null) return null;
  return (t.min === undefined || value >= t.min) && (t.max === undefined || value <= t.max);
}

/** The formula of every figure, shown behind its «?» (numerator / denominator in words). */
export const DEFINITIONS: Record<keyof CallFigures, string> = {
  offered:
    'Поступило: все звонки на линии поддержки за период (один разговор — один звонок, как бы его ни переводили).',
  offeredInHours: 'Поступило в рабочее время: по рабочему календарю (обед, сокращённые дни, праздники, переносы).',
  answered: 'Принято: звонки, на которые ответил специалист.',
  missed: 'Пропущено: без ответа в рабочее время, не в очереди, дольше короткого сброса.',
  abandoned: 'Брошено в очереди: абонент положил трубку в очереди, прождав дольше короткого сброса.',
  shortAbandoned:
    'Короткие сбросы: без ответа в рабочее время, положили трубку раньше SHORT_ABANDON_S секунд; в долях не учитываются.',
  afterHours: 'Вне рабочего времени: звонки без ответа вне рабочего времени.',
  answerRate: 'Доля принятых = принято в рабочее время / (поступило в рабочее время − короткие сбросы).',
  serviceLevel:
    'Уровень обслуживания = принято в рабочее время за SL_SECONDS секунд ожидания / (поступило в рабочее время − короткие сбросы).',
  serviceLevelOfAnswered: 'Уровень обслуживания от принятых = принято за SL_SECONDS секунд / принято в рабочее время.',
  asaSeconds: 'Среднее ожидание ответа = сумма ожидания принятых звонков / число принятых.',
  maxWaitSeconds: 'Самое долгое ожидание среди всех звонков, брошенные включая.',
  avgTalkSeconds: 'Средний разговор = сумма разговора принятых звонков / число принятых.',
  ahtSeconds:
    'Среднее время обработки = (разговор + оформление до регистрации запроса) / число принятых звонков с запросом.',
  callbacks: 'Перезвоны: исходящие звонки «Перезвонить» за период.',
  lostReached:
    'Дозвонились: потерянные абоненты, с которыми был разговор (перезвон или их звонок) в течение 2 рабочих часов.',
  lostCallers: 'Потерянные абоненты: разные номера с пропущенными или брошенными звонками в рабочее время.',
  lostUnreached: 'Не дозвонились: потерянные абоненты, с которыми разговора с тех пор не было и звонок не отмечен.',
};

/** A call up now, as the wallboard shows it. */
export interface LiveCall {
  callId: number;
  lineLabel: string | null;
  callerNumber: string | null;
  queue: string | null;
  /** Ringing or waiting since (started), or talking since (answered, or moved to this specialist). */
  since: string;
}

export interface LiveTalk extends LiveCall {
  userId: number | null;
  name: string;
  extension: string | null;
}

/**
 * The `stats:live` push to every browser after calls change: the figures without the lists, small
 * enough for hundreds of sockets (a wall screen reads the lists again when it gets one).
 */
export interface LiveSummaryDto {
  at: string;
  serviceLevelSeconds: number;
  waitingCount: number;
  /** When the caller waiting longest started to wait; null: nobody waits. */
  longestWaitSince: string | null;
  talkingCount: number;
  today: LiveToday;
}

/** GET /api/stats/live: the wallboard, rebuilt from the database. */
export interface LiveDto extends LiveSummaryDto {
  /** Calls ringing or waiting in a queue now, longest first (at most LIVE_LIST_MAX). */
  waiting: LiveCall[];
  /** Specialists on a call now, longest first (at most LIVE_LIST_MAX). */
  talking: LiveTalk[];
}

export const LIVE_LIST_MAX = 100;

export type LiveToday = Pick<
  CallFigures,
  | 'offered'
  | 'answered'
  | 'missed'
  | 'abandoned'
  | 'shortAbandoned'
  | 'afterHours'
  | 'answerRate'
  | 'serviceLevel'
  | 'asaSeconds'
  | 'maxWaitSeconds'
  | 'lostCallers'
  | 'lostUnreached'
>;

/** The name of every figure, on its tile and in downloads. */
export const FIGURE_TITLES: Record<keyof CallFigures, string> = {
  offered: 'Поступило',
  offeredInHours: 'Поступило в рабочее время',
  answered: 'Принято',
  missed: 'Пропущено',
  abandoned: 'Брошено в очереди',
  shortAbandoned: 'Короткие сбросы',
  afterHours: 'Вне рабочего времени',
  answerRate: 'Доля принятых',
  serviceLevel: 'Уровень обслуживания',
  serviceLevelOfAnswered: 'Уровень обслуживания от принятых',
  asaSeconds: 'Среднее ожидание',
  maxWaitSeconds: 'Самое долгое ожидание',
  avgTalkSeconds: 'Средний разговор',
  ahtSeconds: 'Время обработки',
  callbacks: 'Перезвоны',
  lostCallers: 'Потерянные абоненты',
  lostReached: 'Дозвонились за 2 раб. часа',
  lostUnreached: 'Не дозвонились',
};

/** The tables of the statistics page that can be downloaded. */
export const STATS_TABLES = ['summary', 'days', 'specialists', 'requests', 'heatmap'] as const;
export type StatsTable = (typeof STATS_TABLES)[number];
