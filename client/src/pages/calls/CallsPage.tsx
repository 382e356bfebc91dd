// «Звонки»: every call of the support lines with its outcome, waits and talk, who had it and the
// request it became; filters, search by number, and the lost callers still to call back.
import { Card, DatePicker, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { CallDto } from '../../../../shared/api';
import { formatDateTime, formatDuration } from '../../../../shared/datetime';
import { callOutcomeKind, type CallOutcomeKind } from '../../../../shared/calls';
import { BUCKET_FIGURE, CALL_BUCKETS, type CallBucket } from '../../../../shared/stats';
import { useCalls, useLines } from '../../api/calls';
import { useUsers } from '../../api/users';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { callerText, courseText, outcomeText, workingAgeText } from './callText';
import '../../lib/messages/stats';

type View = 'all' | 'missed' | 'active';

const OUTCOME_COLORS: Record<CallOutcomeKind, string> = {
  talking: 'blue',
  ringing: 'blue',
  answered: 'green',
  after_hours: 'purple',
  abandoned: 'orange',
  missed: 'red',
};

export function CallsPage() {
  const { t } = useI18n();
  const { user, timeZone } = useSession();
  const lines = useLines();
  const users = useUsers('', user.role !== 'specialist');
  // A statistics figure opens this page on the calls it counts (?bucket=&from=&to=&lineId=&userId=).
  const [params] = useSearchParams();
  const [bucket, setBucket] = useState(() => {
    const b = params.get('bucket');
    return (CALL_BUCKETS as readonly string[]).includes(b ?? '') ? (b as CallBucket) : undefined;
  });
  const [view, setView] = useState<View>('all');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => {
    const from = params.get('from');
    const to = params.get('to');
    return from && to && dayjs(from).isValid() && dayjs(to).isValid()
      ? [dayjs(from), dayjs(to)]
      : [dayjs().subtract(6, 'day'), dayjs()];
  });
  const [lineId, setLineId] = useState<number | undefined>(() => Number(params.get('lineId')) || undefined);
  const [userId, setUserId] = useState<number | undefined>(() => Number(params.get('userId')) || undefined);
  const [caller, setCaller] = useState('');
  const [page, setPage] = useState(1);
  const pageSize = 50;
  // The list's filters, also those of its download.
  const filters = {
    view,
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    lineId,
    userId,
    caller: caller || undefined,
    bucket,
  };
  const calls = useCalls({ ...filters, limit: pageSize, offset: (page - 1) * pageSize });
  const reset = () => setPage(1);

  return (
    <>
      <PageHeader
        title={t('calls.title')}
        extra={<ExportButton path="/api/calls/export" name="calls" params={filters} />}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Segmented<View>
            value={view}
            onChange={(v) => {
              setView(v);
              reset();
            }}
            options={[
              { value: 'all', label: t('calls.view.all') },
              { value: 'missed', label: t('calls.view.missed') },
              { value: 'active', label: t('calls.view.active') },
            ]}
          />
          <DatePicker.RangePicker
            value={range}
            format="DD.MM.YYYY"
            allowClear={false}
            onChange={(v) => {
              if (v?.[0] && v[1]) setRange([v[0], v[1]]);
              reset();
            }}
          />
          <Select
            allowClear
            placeholder={t('call.col.line')}
            value={lineId}
            style={{ width: 190 }}
            options={(lines.data?.items ?? []).map((l) => ({ value: l.id, label: l.displayNumber }))}
            onChange={(v?: number) => {
              setLineId(v);
              reset();
            }}
          />
          {user.role !== 'specialist' && (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('call.col.specialist')}
              value={userId}
              style={{ width: 220 }}
              options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.fullName }))}
              onChange={(v?: number) => {
                setUserId(v);
                reset();
              }}
            />
          )}
          {bucket && (
            <Tag closable color="blue" onClose={() => setBucket(undefined)} data-testid="calls-bucket">
              {t(`stats.figure.${BUCKET_FIGURE[bucket]}`)}
            </Tag>
          )}
          <Input.Search
            allowClear
            placeholder={t('calls.search')}
            style={{ width: 220 }}
            onSearch={(v) => {
              setCaller(v.trim());
              reset();
            }}
            data-testid="calls-search"
          />
        </Space>
      </Card>
      <Table<CallDto>
        data-testid="calls-table"
        rowKey="id"
        size="small"
        loading={calls.isLoading}
        dataSource={calls.data?.items ?? []}
        pagination={{
          current: page,
          pageSize,
          total: calls.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (n) => t('calls.total', { n }),
        }}
        columns={[
          {
            title: t('call.col.time'),
            dataIndex: 'startedAt',
            width: 140,
            render: (v: string) => formatDateTime(v, timeZone),
          },
          { title: t('call.col.line'), render: (_: unknown, c) => c.line?.displayNumber ?? '', width: 150 },
          { title: t('call.col.number'), render: (_: unknown, c) => callerText(t, c.callerNumber), width: 160 },
          {
            title: t('call.col.outcome'),
            render: (_: unknown, c) => {
              const kind = callOutcomeKind(c);
              return <Tag color={OUTCOME_COLORS[kind]}>{outcomeText(t, kind)}</Tag>;
            },
            width: 170,
          },
          {
            title: t('call.col.waited'),
            dataIndex: 'waitSeconds',
            render: (v: number | null) => formatDuration(v),
            width: 80,
          },
          {
            title: t('call.col.talk'),
            dataIndex: 'talkSeconds',
            render: (v: number | null) => formatDuration(v),
            width: 90,
          },
          {
            title: t('call.col.hold'),
            dataIndex: 'holdSeconds',
            render: (v: number | null) => (v ? formatDuration(v) : ''),
            width: 100,
          },
          { title: t('call.col.specialist'), dataIndex: 'userName', width: 190, render: (v: string | null) => v ?? '' },
          ...(view === 'missed'
            ? [
                {
                  title: t('calls.col.lostAge'),
                  width: 130,
                  render: (_: unknown, c: CallDto) =>
                    c.handledAt ? (
                      <Typography.Text type="success">
                        {t('calls.handledAge', { age: workingAgeText(t, c.lostWorkingSeconds) })}
                      </Typography.Text>
                    ) : (
                      workingAgeText(t, c.lostWorkingSeconds)
                    ),
                },
              ]
            : []),
          {
            title: t('call.col.course'),
            width: 260,
            render: (_: unknown, c) =>
              c.legs.length > 1 ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {courseText(t, c)}
                </Typography.Text>
              ) : null,
          },
          {
            title: t('call.col.entry'),
            width: 90,
            render: (_: unknown, c) =>
              c.entryId ? <Link to={`/journal?open=${c.entryId}`}>{t('calls.openEntry')}</Link> : null,
          },
        ]}
      />
    </>
  );
}
