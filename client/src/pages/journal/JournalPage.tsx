// The journal (Журнал специалиста): every Form No. 1 column plus subsystem, channel, line and owner;
// filters, Russian full-text search, sorting, paging; an entry opens in the side panel.
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { EntryDto } from '../../../../shared/api';
import { formatDate, formatDateTime } from '../../../../shared/datetime';
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
import { formatWorkingAge } from '../../../../shared/format';
import { formatPhone } from '../../../../shared/phone';
import { useLines } from '../../api/calls';
import { useEntries, type EntryFilters } from '../../api/entries';
import { useDirectory } from '../../api/users';
import { EntryPanel } from '../../components/entry/EntryPanel';
import { StatusTag } from '../../components/entry/StatusTag';
import { ManualEntryModal } from '../../components/ManualEntryModal';
import { OrganizationPicker } from '../../components/OrganizationPicker';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { useSocketEvent } from '../../realtime/socket';
import { Highlighted } from '../../components/Highlighted';

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
  const { t } = useI18n();
  const { timeZone, user } = useSession();
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
            <ExportButton path="/api/entries/export" name="journal" params={{ ...filters, q: q || undefined, sort }} />
            {user.role !== 'head' && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setManual(true)}>
                Зарегистрировать вручную
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder="Поиск: описание, ОО, ФИО, решение"
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
            placeholder="Тип"
            style={{ width: 140 }}
            options={opts(ENTRY_TYPES, TYPE_LABELS)}
            value={asString(filters.type)}
            onChange={(v: string | number | undefined) => set('type', v)}
          />
          <Select
            allowClear
            placeholder="Статус"
            style={{ width: 200 }}
            options={[
              { value: 'open', label: 'Все открытые' },
              ...opts(ENTRY_STATUSES, STATUS_LABELS),
              ...(user.role === 'admin'
                ? [
                    { value: 'not_request', label: 'Не обращение (скрытые)' },
                    { value: 'draft', label: 'Черновики' },
                  ]
                : []),
            ]}
            value={asString(filters.status)}
            onChange={(v: string | number | undefined) => set('status', v)}
          />
          <Select
            allowClear
            placeholder="Подсистема"
            style={{ width: 220 }}
            options={opts(SUBSYSTEMS, SUBSYSTEM_LABELS)}
            value={asString(filters.subsystem)}
            onChange={(v: string | number | undefined) => set('subsystem', v)}
          />
          <Select
            allowClear
            placeholder="Канал"
            style={{ width: 130 }}
            options={opts(CHANNELS, CHANNEL_LABELS)}
            value={asString(filters.channel)}
            onChange={(v: string | number | undefined) => set('channel', v)}
          />
          <Select
            allowClear
            placeholder="Линия"
            style={{ width: 170 }}
            options={(lines.data?.items ?? []).map((l) => ({ value: l.id, label: l.displayNumber }))}
            value={asNumber(filters.lineId)}
            onChange={(v: string | number | undefined) => set('lineId', v)}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="Специалист"
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
              Ждут согласования
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
          scroll={{ x: 1900 }}
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
            showTotal: (n) => `Всего: ${entries.data?.totalExact === false ? '≈ ' : ''}${n.toLocaleString('ru-RU')}`,
            onChange: setPage,
          }}
          columns={[
            {
              title: 'Дата',
              key: 'registeredAt',
              dataIndex: 'registeredAt',
              sorter: true,
              width: 140,
              render: (v: string) => formatDateTime(v, timeZone),
            },
            { title: '№', key: 'regNumber', dataIndex: 'regNumber', sorter: true, width: 100 },
            {
              title: 'Тип запроса',
              dataIndex: 'type',
              width: 110,
              render: (v: EntryDto['type']) => (v ? TYPE_LABELS[v].ru : ''),
            },
            {
              title: 'Описание запроса',
              dataIndex: 'description',
              width: 300,
              render: (v: string) => (
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                  <Highlighted text={v} highlight={entries.data?.highlight} />
                </Typography.Paragraph>
              ),
            },
            {
              title: 'Наименование ОО',
              dataIndex: 'organizationName',
              width: 200,
              render: (v: string) => <Highlighted text={v} highlight={entries.data?.highlight} />,
            },
            { title: 'ФИО', dataIndex: 'personName', width: 170 },
            { title: 'Дополнительная информация', dataIndex: 'additionalInfo', width: 180, ellipsis: true },
            {
              title: 'Статус решения запроса',
              key: 'status',
              dataIndex: 'status',
              sorter: true,
              width: 170,
              render: (s: EntryDto['status'], e) => (
                <>
                  <StatusTag status={s} />
                  {e.workingAgeSeconds !== null && (
                    <div
                      style={{ fontSize: 12, color: '#8c8c8c' }}
                      title="Рабочее время с регистрации, без ожидания обратной связи"
                    >
                      ⏱ {formatWorkingAge(e.workingAgeSeconds)}
                    </div>
                  )}
                </>
              ),
            },
            {
              title: 'Дата решения запроса',
              dataIndex: 'resolvedAt',
              width: 120,
              render: (v: string) => formatDate(v, timeZone),
            },
            { title: 'Примечание', dataIndex: 'note', width: 150, ellipsis: true },
            {
              title: 'Подсистема',
              dataIndex: 'subsystem',
              width: 190,
              render: (v: EntryDto['subsystem']) => (v ? SUBSYSTEM_LABELS[v].ru : ''),
            },
            {
              title: 'Канал',
              dataIndex: 'channel',
              width: 100,
              render: (v: EntryDto['channel']) => CHANNEL_LABELS[v].ru,
            },
            {
              title: 'Линия / номер',
              width: 170,
              render: (_: unknown, e) => e.line?.displayNumber ?? (formatPhone(e.callerNumber) || e.senderEmail || ''),
            },
            { title: 'Специалист', dataIndex: 'ownerName', width: 180 },
          ]}
        />
      </Card>
      <EntryPanel id={openId} onClose={() => open(null)} />
      {manual && <ManualEntryModal onClose={() => setManual(false)} />}
    </>
  );
}
