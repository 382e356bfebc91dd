// Form No. 1 «Журнал специалиста»: the rows of a month, per specialist, as the reglament's columns.
import type { DataSource } from 'typeorm';
import { formatDateTime, formatCalendarDate } from '../../shared/datetime';
import {
  APPROVAL_LABELS,
  STATUS_LABELS,
  TYPE_LABELS,
  type ApprovalState,
  type EntryStatus,
  type EntryType,
} from '../../shared/domain';
import { addDays, zonedTime } from '../calendar/tz';

/** The columns of Form No. 1, in the reglament's order (Приложение 1). */
export const FORM1_COLUMNS = [
  'Дата',
  '№ п/п',
  'Тип запроса',
  'Описание запроса',
  'Наименование ОО',
  'ФИО',
  'Дополнительная информация',
  'Статус решения запроса',
  'Дата решения запроса',
  'Примечание',
] as const;

export const FORM1_TITLE = 'Форма №1 «Журнал специалиста»';
export const FORM1_SIGNATURE = 'Дата, ФИО специалиста полностью, подпись';

export interface Form1Row {
  n: number;
  /** "dd.MM.yyyy HH:mm" of registration. */
  date: string;
  regNumber: string;
  type: string;
  description: string;
  organizationName: string;
  personName: string;
  additionalInfo: string;
  status: string;
  resolvedAt: string;
  note: string;
}

/** The text columns after Дата and № п/п, in the form's order (Тип запроса ... Примечание). */
export const textCells = (r: Form1Row): string[] => [
  r.type,
  r.description,
  r.organizationName,
  r.personName,
  r.additionalInfo,
  r.status,
  r.resolvedAt,
  r.note,
];

export interface Form1Section {
  specialist: { id: number; fullName: string };
  rows: Form1Row[];
}

export interface Form1Report {
  month: string;
  /** "ноябрь 2026 г." */
  periodLabel: string;
  /** "01.11.2026 – 30.11.2026" */
  periodRange: string;
  sections: Form1Section[];
  generatedAt: string;
}

const MONTHS_RU = [
  'январь',
  'февраль',
  'март',
  'апрель',
  'май',
  'июнь',
  'июль',
  'август',
  'сентябрь',
  'октябрь',
  'ноябрь',
  'декабрь',
];

interface RawRow {
  owner_id: number;
  registered_at: Date;
  reg_number: string | null;
  type: EntryType | null;
  description: string;
  organization_name: string;
  person_name: string;
  additional_info: string;
  status: EntryStatus;
  approval: ApprovalState | null;
  resolved_at: Date | null;
  resolution: string;
  note: string;
}

/** The instants bounding a month in the centre's zone: [start, end). */
export function monthBounds(month: string, tz: string): { start: Date; end: Date; first: string; last: string } {
  const first = `${month}-01`;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { start: zonedTime(first, 0, tz), end: zonedTime(next, 0, tz), first, last: addDays(next, -1) };
}

/**
 * Registered entries of the month (drafts and "not a request" never), numbered 1..N per specialist in
 * date order. `specialistIds` null: the centre — every specialist with entries, and every active one.
 */
export async function loadForm1(
  ds: DataSource,
  month: string,
  specialistIds: number[] | null,
  tz: string,
): Promise<Form1Report> {
  const { start, end, first, last } = monthBounds(month, tz);
  const rows: RawRow[] = await ds.query(
    `SELECT owner_id, registered_at, reg_number, type, description, organization_name, person_name,
            additional_info, status, approval, resolved_at, resolution, note
       FROM entries
      WHERE registered_at >= $1 AND registered_at < $2
        AND status NOT IN ('draft', 'not_request')
        AND owner_id IS NOT NULL
        AND ($3::int[] IS NULL OR owner_id = ANY($3::int[]))
      ORDER BY owner_id, registered_at, id`,
    [start, end, specialistIds],
  );
  const people: { id: number; full_name: string }[] = await ds.query(
    `SELECT id, full_name FROM users
      WHERE ($1::int[] IS NOT NULL AND id = ANY($1::int[]))
         OR ($1::int[] IS NULL AND ((role = 'specialist' AND active) OR id IN (SELECT DISTINCT unnest($2::int[]))))
      ORDER BY full_name, id`,
    [specialistIds, [...new Set(rows.map((r) => r.owner_id))]],
  );
  const byOwner = new Map<number, RawRow[]>();
  for (const r of rows) {
    const list = byOwner.get(r.owner_id) ?? [];
    list.push(r);
    byOwner.set(r.owner_id, list);
  }
  const [y, m] = month.split('-').map(Number) as [number, number];
  return {
    month,
    periodLabel: `${MONTHS_RU[m - 1]} ${y} г.`,
    periodRange: `${formatCalendarDate(first)} – ${formatCalendarDate(last)}`,
    generatedAt: formatDateTime(new Date(), tz),
    sections: people.map((p) => ({
      specialist: { id: p.id, fullName: p.full_name },
      rows: (byOwner.get(p.id) ?? []).map((r, i) => presentRow(r, i + 1, tz)),
    })),
  };
}

function presentRow(r: RawRow, n: number, tz: string): Form1Row {
  let status = STATUS_LABELS[r.status].ru;
  if (r.approval) status += ` (${APPROVAL_LABELS[r.approval].ru.toLowerCase()})`;
  const note = [r.resolution.trim() ? `Решение: ${r.resolution.trim()}` : '', r.note.trim()].filter(Boolean).join('\n');
  return {
    n,
    date: formatDateTime(r.registered_at, tz),
    regNumber: r.reg_number ?? '',
    type: r.type ? TYPE_LABELS[r.type].ru : '',
    description: r.description,
    organizationName: r.organization_name,
    personName: r.person_name,
    additionalInfo: r.additional_info,
    status,
    resolvedAt: formatDateTime(r.resolved_at, tz),
    note,
  };
}
