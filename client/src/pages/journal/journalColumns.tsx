// The journal table's columns: the few a desk specialist reads first fit a 1440 px screen, the others
// are offered by the column chooser and shown in a row's details. Form No. 1's order is kept among them.
import { ClockCircleOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { EntryDto } from '../../../../shared/api';
import { formatDate, formatDateTime } from '../../../../shared/datetime';
import { CHANNEL_LABELS, SUBSYSTEM_LABELS, TYPE_LABELS } from '../../../../shared/domain';
import { formatWorkingAge } from '../../../../shared/format';
import { formatPhone } from '../../../../shared/phone';
import { Highlighted, type Highlight } from '../../components/Highlighted';
import { StatusTag } from '../../components/entry/StatusTag';
import type { MessageKey } from '../../lib/i18n';
import '../../lib/messages/journal';

/** Columns the chooser may show or hide, in the table's order (Form No. 1 first, then the desk's own). */
export const OPTIONAL_COLUMNS = [
  'type',
  'organization',
  'person',
  'additionalInfo',
  'status',
  'resolvedAt',
  'note',
  'subsystem',
  'channel',
  'line',
  'owner',
] as const;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];

/**
 * Shown until a user chooses: what tells a request apart at a glance (date, №, description are always
 * there), where it came from, where it stands and whose it is. Together they fit 1440 px.
 */
export const DEFAULT_COLUMNS: readonly OptionalColumn[] = ['organization', 'status', 'owner'];

export const COLUMN_TITLES: Record<OptionalColumn, MessageKey> = {
  type: 'journal.col.type',
  organization: 'journal.col.organization',
  person: 'journal.col.person',
  additionalInfo: 'journal.col.additionalInfo',
  status: 'journal.col.status',
  resolvedAt: 'journal.col.resolvedAt',
  note: 'journal.col.note',
  subsystem: 'journal.col.subsystem',
  channel: 'journal.col.channel',
  line: 'journal.col.line',
  owner: 'journal.col.owner',
};

const WIDTHS: Record<OptionalColumn, number> = {
  type: 110,
  organization: 220,
  person: 170,
  additionalInfo: 180,
  status: 170,
  resolvedAt: 110,
  note: 160,
  subsystem: 190,
  channel: 100,
  line: 150,
  owner: 140,
};
const FIXED = { expand: 40, registeredAt: 132, regNumber: 96 };
/** The description takes what is left, but never less than this. */
const DESCRIPTION_MIN = 300;

/** The width the table needs for these columns: more than the screen scrolls inside the table only. */
export function tableWidth(shown: readonly OptionalColumn[]): number {
  return (
    FIXED.expand + FIXED.registeredAt + FIXED.regNumber + DESCRIPTION_MIN + shown.reduce((s, k) => s + WIDTHS[k], 0)
  );
}

/** «Иванова Анна Сергеевна» -> «Иванова А. С.»: a name that fits its column (the full one is its title). */
export function shortName(full: string): string {
  const [last, ...rest] = full.trim().split(/\s+/);
  if (!last || !rest.length) return full;
  return `${last} ${rest.map((p) => `${p[0]}.`).join(' ')}`;
}

/** The line the call came in on, else the caller's number or the sender's address. */
export function lineOf(e: EntryDto): string {
  return e.line?.displayNumber ?? (formatPhone(e.callerNumber) || e.senderEmail || '');
}

interface Ctx {
  t: (key: MessageKey) => string;
  label: (map: Record<string, { ru: string; en: string }>, key: string | null | undefined) => string;
  timeZone: string;
  highlight?: Highlight;
}

/** The table's columns: date, № and description always, then the chosen ones in the table's order. */
export function journalColumns(shown: readonly OptionalColumn[], { t, label, timeZone, highlight }: Ctx) {
  const optional: Record<OptionalColumn, ColumnsType<EntryDto>[number]> = {
    type: { dataIndex: 'type', render: (v: EntryDto['type']) => label(TYPE_LABELS, v) },
    organization: {
      dataIndex: 'organizationName',
      render: (v: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0 }}>
          <Highlighted text={v} highlight={highlight} />
        </Typography.Paragraph>
      ),
    },
    person: { dataIndex: 'personName', render: (v: string) => <Highlighted text={v} highlight={highlight} /> },
    additionalInfo: { dataIndex: 'additionalInfo', ellipsis: { showTitle: true } },
    status: {
      key: 'status',
      dataIndex: 'status',
      sorter: true,
      render: (s: EntryDto['status'], e) => (
        <>
          <StatusTag status={s} />
          {e.workingAgeSeconds !== null && (
            <div style={{ fontSize: 12, color: '#8c8c8c' }} title={t('journal.age.title')}>
              <ClockCircleOutlined aria-hidden /> {formatWorkingAge(e.workingAgeSeconds)}
            </div>
          )}
        </>
      ),
    },
    resolvedAt: { dataIndex: 'resolvedAt', render: (v: string | null) => formatDate(v, timeZone) },
    note: { dataIndex: 'note', ellipsis: { showTitle: true } },
    subsystem: { dataIndex: 'subsystem', render: (v: EntryDto['subsystem']) => label(SUBSYSTEM_LABELS, v) },
    channel: { dataIndex: 'channel', render: (v: EntryDto['channel']) => label(CHANNEL_LABELS, v) },
    line: { key: 'line', render: (_: unknown, e) => lineOf(e) },
    owner: {
      dataIndex: 'ownerName',
      render: (v: string | null) => (v ? <span title={v}>{shortName(v)}</span> : ''),
    },
  };
  const columns: ColumnsType<EntryDto> = [
    {
      title: t('journal.col.registeredAt'),
      key: 'registeredAt',
      dataIndex: 'registeredAt',
      sorter: true,
      // Kept in view when many chosen columns make the table scroll sideways.
      fixed: 'left',
      width: FIXED.registeredAt,
      render: (v: string | null) => formatDateTime(v, timeZone),
    },
    {
      title: t('journal.col.regNumber'),
      key: 'regNumber',
      dataIndex: 'regNumber',
      sorter: true,
      fixed: 'left',
      width: FIXED.regNumber,
    },
    {
      title: t('journal.col.description'),
      key: 'description',
      dataIndex: 'description',
      render: (v: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0 }}>
          <Highlighted text={v} highlight={highlight} />
        </Typography.Paragraph>
      ),
    },
  ];
  const chosen = new Set(shown);
  // Form No. 1 puts the type before the description.
  if (chosen.has('type'))
    columns.splice(2, 0, { ...optional.type, key: 'type', title: t(COLUMN_TITLES.type), width: WIDTHS.type });
  for (const k of OPTIONAL_COLUMNS) {
    if (k === 'type' || !chosen.has(k)) continue;
    // «Статус решения запроса» would take two header lines: the header says «Статус», the chooser the whole name.
    const title = k === 'status' ? t('journal.col.statusShort') : t(COLUMN_TITLES[k]);
    columns.push({ key: k, ...optional[k], title, width: WIDTHS[k] });
  }
  return columns;
}
