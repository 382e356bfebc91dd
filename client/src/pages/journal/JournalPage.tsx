// The journal (Журнал специалиста): the columns a specialist reads first, the other Form No. 1 fields and
// subsystem, channel, line in a row's details or by the column chooser; filters, Russian full-text search,
// sorting, paging; an entry opens in the side panel. The printout (reports/form1) keeps Form No. 1 whole.
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Input, Select, Space, Table, Tag } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { EntryDto } from '../../../../shared/api';
import {
  CHANNEL_LABELS,
  CHANNELS,
  ENTRY_STATUSES,
  ENTRY_TYPES,
  STATUS_LABELS,
  SUBSYSTEM_LABELS,
  SUBSYSTEMS,
  TYPE_LABELS,
} from '../../../../shared/domain';
import { useLines } from '../../api/calls';
import { useEntries, type EntryFilters } from '../../api/entries';
import { useDirectory } from '../../api/users';
import { EntryPanel } from '../../components/entry/EntryPanel';
import { ManualEntryModal } from '../../components/ManualEntryModal';
import { OrganizationPicker } from '../../components/OrganizationPicker';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { useSocketEvent } from '../../realtime/socket';
import { ColumnChooser } from './ColumnChooser';
import { EntryDetails } from './EntryDetails';
import { journalColumns, tableWidth } from './journalColumns';
import { useColumnChoice } from './useColumnChoice';
import '../../lib/messages/journal';

const PAGE = 50;
/** The filters a link may carry (the statistics' drill-down), as the API takes them. */
const LINK_FILTERS = [
  'from',
  'to',
  'type',
  'status',
  'subsystem',
  'channel',
  'lineId',
  'ownerId',
  'approval',
  'organizationId',
];
const NUMERIC = new Set(['lineId', 'ownerId', 'organizationId']);
function filtersOf(params: URLSearchParams): EntryFilters {
  const f: EntryFilters = {};
  for (const k of LINK_FILTERS) {
    const v = params.get(k);
    if (v) f[k] = NUMERIC.has(k) ? Number(v) : v;
  }
  return f;
}
const asString = (v: string | number | undefined) => (typeof v === 'string' ? v : undefined);
const asNumber = (v: string | number | undefined) => (typeof v === 'number' ? v : undefined);
const opts = <K extends string>(keys: readonly K[], labels: Record<K, { ru: string }>) =>
  keys.map((k) => ({ value: k, label: labels[k].ru }));

/** Filter by an organisation of the directory (text about organisations goes to the search box). */
function OrganizationFilter({ onPick }: { onPick: (id: number | null) => void }) {
  const [text, setText] = useState('');
  return (
    <div style={{ width: 260 }}>
      <OrganizationPicker
        value={text}
        onChange={(v) => {
          setText(v);
          if (!v) onPick(null);
        }}
        onPick={(org) => onPick(org?.id ?? null)}
      />
    </div>
  );
}

export function JournalPage() {
  const { t, label, locale } = useI18n();
  const { timeZone, user } = useSession();
  const [shown, choose] = useColumnChoice(user.id);
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const openId = params.get('open') ? Number(params.get('open')) : null;
  // A statistics figure opens the journal on the entries it counts (?from=&to=&type=&status=…).
  const [filters, setFilters] = useState<EntryFilters>(() => filtersOf(params));
  // The organisation a link filters by, named for the tag that shows it (the picker starts empty).
  const [linkedOrg] = useState(() => ({ id: Number(params.get('organizationId')), name: params.get('orgName') }));
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState('-registeredAt');
  const [manual, setManual] = useState(false);
  const lines = useLines();
  const people = useDirectory();
  const query = { ...filters, q: q || undefined, sort, limit: PAGE, offset: (page - 1) * PAGE };
  const entries = useEntries(query);
  useSocketEvent('entry:updated', (e) => {
    void qc.invalidateQueries({ queryKey: ['entries'] });
    void qc.invalidateQueries({ queryKey: ['entry', e.id] });
  });

  const set = (k: string, v: string | number | undefined | null) => {
    setPage(1);
    setFilters((f) => ({ ...f, [k]: v ?? undefined }));
  };
  const open = (id: number | null) => {
    if (id === null) params.delete('open');
    else params.set('open', String(id));
    setParams(params, { replace: true });
  };

  return (
    <>
      <PageHeader
        title={t('nav.journal')}
        extra={
          <Space>
            <ColumnChooser shown={shown} onChange={choose} />
            <ExportButton path="/api/entries/export" name="journal" params={{ ...filters, q: q || undefined, sort }} />
            {user.role !== 'head' && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setManual(true)}>
                {t('journal.manual')}
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('journal.search')}
            style={{ width: 320 }}
            onSearch={(v) => {
              setPage(1);
              setQ(v.trim());
            }}
            data-testid="journal-search"
          />
          <DatePicker.RangePicker
            format="DD.MM.YYYY"
            value={filters.from && filters.to ? [dayjs(String(filters.from)), dayjs(String(filters.to))] : undefined}
            onChange={(r) => {
              const [from, to] = (r ?? [null, null]) as [Dayjs | null, Dayjs | null];
              setPage(1);
              setFilters((f) => ({ ...f, from: from?.format('YYYY-MM-DD'), to: to?.format('YYYY-MM-DD') }));
            }}
          />
          <Select
            allowClear
            placeholder={t('journal.filter.type')}
            style={{ width: 140 }}
            options={opts(ENTRY_TYPES, TYPE_LABELS)}
            value={asString(filters.type)}
            onChange={(v: string | number | undefined) => set('type', v)}
          />
          <Select
            allowClear
            placeholder={t('journal.filter.status')}
            style={{ width: 200 }}
            options={[
              { value: 'open', label: t('journal.filter.open') },
              ...opts(ENTRY_STATUSES, STATUS_LABELS),
              ...(user.role === 'admin'
                ? [
                    { value: 'not_request', label: t('journal.filter.notRequest') },
                    { value: 'draft', label: t('journal.filter.drafts') },
                  ]
                : []),
            ]}
            value={asString(filters.status)}
            onChange={(v: string | number | undefined) => set('status', v)}
          />
          <Select
            allowClear
            placeholder={t('journal.filter.subsystem')}
            style={{ width: 220 }}
            options={opts(SUBSYSTEMS, SUBSYSTEM_LABELS)}
            value={asString(filters.subsystem)}
            onChange={(v: string | number | undefined) => set('subsystem', v)}
          />
          <Select
            allowClear
            placeholder={t('journal.filter.channel')}
            style={{ width: 130 }}
            options={opts(CHANNELS, CHANNEL_LABELS)}
            value={asString(filters.channel)}
            onChange={(v: string | number | undefined) => set('channel', v)}
          />
          <Select
            allowClear
            placeholder={t('journal.filter.line')}
            style={{ width: 170 }}
            options={(lines.data?.items ?? []).map((l) => ({ value: l.id, label: l.displayNumber }))}
            value={asNumber(filters.lineId)}
            onChange={(v: string | number | undefined) => set('lineId', v)}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('journal.filter.owner')}
            style={{ width: 220 }}
            options={(people.data?.items ?? [])
              .filter((p) => p.role !== 'admin')
              .map((p) => ({ value: p.id, label: p.fullName }))}
            value={asNumber(filters.ownerId)}
            onChange={(v: string | number | undefined) => set('ownerId', v)}
          />
          <OrganizationFilter onPick={(id) => set('organizationId', id ?? undefined)} />
          {linkedOrg.name && filters.organizationId === linkedOrg.id && (
            <Tag closable color="blue" onClose={() => set('organizationId', undefined)} data-testid="journal-org">
              {linkedOrg.name}
            </Tag>
          )}
          {filters.approval === 'pending' && (
            <Tag closable color="blue" onClose={() => set('approval', undefined)} data-testid="journal-approval">
              {t('journal.filter.approvalPending')}
            </Tag>
          )}
        </Space>
      </Card>
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table<EntryDto>
          data-testid="journal-table"
          rowKey="id"
          size="small"
          loading={entries.isFetching}
          dataSource={entries.data?.items ?? []}
          // Wider than the screen only when the user chose many columns: then the table scrolls, not the page.
          scroll={{ x: tableWidth(shown) }}
          onRow={(e) => ({ onClick: () => open(e.id), style: { cursor: 'pointer' } })}
          onChange={(_p, _f, s) => {
            const sorter = s as SorterResult<EntryDto>;
            const key = sorter.columnKey as string | undefined;
            setSort(!sorter.order || !key ? '-registeredAt' : `${sorter.order === 'descend' ? '-' : ''}${key}`);
          }}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: entries.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (n) =>
              t('journal.total', {
                n: `${entries.data?.totalExact === false ? '≈ ' : ''}${n.toLocaleString(locale === 'en' ? 'en-GB' : 'ru-RU')}`,
              }),
            onChange: setPage,
          }}
          columns={journalColumns(shown, { t, label, timeZone, highlight: entries.data?.highlight })}
          expandable={{
            columnWidth: 40,
            // With the date and № fixed, a row's details stay within the visible width when the table scrolls.
            fixed: 'left',
            expandedRowRender: (e) => (
              <EntryDetails entry={e} shown={shown} timeZone={timeZone} highlight={entries.data?.highlight} />
            ),
          }}
        />
      </Card>
      <EntryPanel id={openId} onClose={() => open(null)} />
      {manual && <ManualEntryModal onClose={() => setManual(false)} />}
    </>
  );
}
