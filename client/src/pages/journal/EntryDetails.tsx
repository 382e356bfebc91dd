// A journal row's details: every field whose column is hidden, and in full the texts a column clips to two
// lines (description, organisation) and the resolution, which has no column.
import { ClockCircleOutlined } from '@ant-design/icons';
import { Descriptions, type DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';
import type { EntryDto } from '../../../../shared/api';
import { formatDate } from '../../../../shared/datetime';
import { CHANNEL_LABELS, SUBSYSTEM_LABELS, TYPE_LABELS } from '../../../../shared/domain';
import { formatWorkingAge } from '../../../../shared/format';
import { Highlighted, type Highlight } from '../../components/Highlighted';
import { StatusTag } from '../../components/entry/StatusTag';
import { useI18n } from '../../lib/i18n';
import { COLUMN_TITLES, lineOf, OPTIONAL_COLUMNS, type OptionalColumn } from './journalColumns';
import '../../lib/messages/journal';

const LONG = new Set<OptionalColumn>(['organization', 'additionalInfo', 'note']);
const text = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

export function EntryDetails(p: {
  entry: EntryDto;
  shown: readonly OptionalColumn[];
  timeZone: string;
  highlight?: Highlight;
}) {
  const { t, label } = useI18n();
  const e = p.entry;
  const mark = (s: string) => (s ? <Highlighted text={s} highlight={p.highlight} /> : '—');
  const value = (k: OptionalColumn) => {
    switch (k) {
      case 'type':
        return label(TYPE_LABELS, e.type) || '—';
      case 'organization':
        return mark(e.organizationName);
      case 'person':
        return mark(e.personName);
      case 'additionalInfo':
        return e.additionalInfo || '—';
      case 'status':
        return (
          <>
            <StatusTag status={e.status} />
            {e.workingAgeSeconds !== null && (
              <span title={t('journal.age.title')}>
                <ClockCircleOutlined aria-hidden /> {formatWorkingAge(e.workingAgeSeconds)}
              </span>
            )}
          </>
        );
      case 'resolvedAt':
        return formatDate(e.resolvedAt, p.timeZone) || '—';
      case 'note':
        return e.note || '—';
      case 'subsystem':
        return label(SUBSYSTEM_LABELS, e.subsystem) || '—';
      case 'channel':
        return label(CHANNEL_LABELS, e.channel);
      case 'line':
        return lineOf(e) || '—';
      case 'owner':
        return e.ownerName ?? '—';
    }
  };
  // The organisation's full name is often longer than its column shows (the school's number comes last).
  const hidden = OPTIONAL_COLUMNS.filter((k) => k === 'organization' || !p.shown.includes(k));
  const item = (key: string, title: string, children: ReactNode) => ({
    key,
    label: title,
    children: <span style={text}>{children}</span>,
  });
  // Short fields three to a line, then each long text on a line of its own (one grid would start the
  // description in whatever cell the short ones left free).
  const short: DescriptionsProps['items'] = hidden
    .filter((k) => !LONG.has(k))
    .map((k) => item(k, t(COLUMN_TITLES[k]), value(k)));
  const long: DescriptionsProps['items'] = [
    item('description', t('journal.col.description'), mark(e.description)),
    ...hidden.filter((k) => LONG.has(k)).map((k) => item(k, t(COLUMN_TITLES[k]), value(k))),
    item('resolution', t('journal.col.resolution'), mark(e.resolution)),
  ];
  return (
    <div data-testid="journal-details">
      {short.length > 0 && <Descriptions size="small" column={3} items={short} />}
      <Descriptions size="small" column={1} items={long} />
    </div>
  );
}
