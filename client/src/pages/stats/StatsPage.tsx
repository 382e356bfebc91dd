// «Статистика»: how the lines are served and what the schools ask, for a period, with filters. Every
// figure has its formula behind a «?» (the definitions in shared/stats.ts, the same as the server's).
import { QuestionCircleOutlined } from '@ant-design/icons';
import {
  Card,
  Col,
  DatePicker,
  Empty,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatCalendarDate } from '../../../../shared/datetime';
import { SUBSYSTEM_LABELS, SUBSYSTEMS, TYPE_LABELS, ENTRY_TYPES, STATUS_LABELS } from '../../../../shared/domain';
import {
  BUCKET_FIGURE,
  meetsTarget,
  TARGETS,
  type CallBucket,
  type CallFigures,
  type StatsDto,
  type StatsQuery,
} from '../../../../shared/stats';
import { useMe } from '../../api/auth';
import { useLines } from '../../api/calls';
import { useStats } from '../../api/stats';
import { useUsers } from '../../api/users';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { DailyChart, HeatmapChart, ServiceLevelCalendar } from './StatsCharts';
import '../../lib/messages/stats';

type Preset = 'today' | 'week' | 'month' | 'quarter' | 'year' | 'custom';
const PRESETS: Preset[] = ['today', 'week', 'month', 'quarter', 'year', 'custom'];
type T = ReturnType<typeof useI18n>['t'];

function periodOf(p: Preset, today: Dayjs): [Dayjs, Dayjs] {
  switch (p) {
    case 'today':
      return [today, today];
    case 'week':
      return [today.subtract((today.day() + 6) % 7, 'day'), today];
    case 'month':
      return [today.startOf('month'), today];
    case 'quarter':
      return [today.month(Math.floor(today.month() / 3) * 3).startOf('month'), today];
    case 'year':
    case 'custom':
      return [today.startOf('year'), today];
  }
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const secs = (t: T, v: number | null) => (v === null ? '—' : t('format.seconds', { n: Math.round(v) }));
const count = (v: number) => String(v);

/** The journal on the entries a request figure counts: the page's period (unless not) and filters, and `extra`. */
function journalLink(q: StatsQuery, extra: Record<string, string | number>, period = true): string {
  const p = new URLSearchParams(period ? { from: q.from, to: q.to } : {});
  if (q.lineId) p.set('lineId', String(q.lineId));
  if (q.userId) p.set('ownerId', String(q.userId));
  if (q.subsystem) p.set('subsystem', q.subsystem);
  if (q.type) p.set('type', q.type);
  for (const [k, v] of Object.entries(extra)) p.set(k, String(v));
  return `/journal?${p.toString()}`;
}

/** Entries open now or waiting for approval: the page's filters, any registration date. */
const openLink = (q: StatsQuery) => journalLink(q, { status: 'open' }, false);
const approvalsLink = (q: StatsQuery) => journalLink(q, { approval: 'pending' }, false);

/** The calls a specialist answered in the period (the per-specialist table's count). */
function answeredLink(q: StatsQuery, userId: number): string {
  const p = new URLSearchParams({ from: q.from, to: q.to, userId: String(userId), bucket: 'answered' });
  if (q.lineId) p.set('lineId', String(q.lineId));
  return `/calls?${p.toString()}`;
}

/** A figure as a link to what it counts (nothing to open for a zero). */
const drillTo = (to: string | null, v: number | string, testId?: string) =>
  to && v !== 0 ? (
    <Link to={to} data-testid={testId}>
      {v}
    </Link>
  ) : (
    v
  );

const TILES: { key: keyof CallFigures; show: (c: CallFigures, t: T) => string }[] = [
  { key: 'offered', show: (c) => count(c.offered) },
  { key: 'answered', show: (c) => count(c.answered) },
  { key: 'missed', show: (c) => count(c.missed) },
  { key: 'abandoned', show: (c) => count(c.abandoned) },
  { key: 'shortAbandoned', show: (c) => count(c.shortAbandoned) },
  { key: 'afterHours', show: (c) => count(c.afterHours) },
  { key: 'answerRate', show: (c) => pct(c.answerRate) },
  { key: 'serviceLevel', show: (c) => pct(c.serviceLevel) },
  { key: 'asaSeconds', show: (c, t) => secs(t, c.asaSeconds) },
  { key: 'maxWaitSeconds', show: (c, t) => secs(t, c.maxWaitSeconds) },
  { key: 'avgTalkSeconds', show: (c, t) => secs(t, c.avgTalkSeconds) },
  { key: 'ahtSeconds', show: (c, t) => secs(t, c.ahtSeconds) },
  { key: 'callbacks', show: (c) => count(c.callbacks) },
  { key: 'lostReached', show: (c, t) => t('format.of', { a: c.lostReached, b: c.lostCallers }) },
  { key: 'lostUnreached', show: (c) => count(c.lostUnreached) },
];

/** The words of the targets in shared/stats.ts's TARGETS. */
const TARGET_TEXT: Partial<Record<keyof CallFigures, MessageKey>> = {
  serviceLevel: 'stats.target.serviceLevel',
  answerRate: 'stats.target.answerRate',
  asaSeconds: 'stats.target.asaSeconds',
  lostUnreached: 'stats.target.lostUnreached',
};

/** The definition with the configured thresholds named. */
const explain = (t: T, key: keyof CallFigures, s: StatsDto) =>
  t(`stats.definition.${key}`, { short: s.shortAbandonSeconds, sl: s.serviceLevelSeconds });

export function StatsPage() {
  const { t, label } = useI18n();
  const me = useMe();
  const lines = useLines();
  const canPick = me.data?.user.role !== 'specialist';
  const users = useUsers('', canPick);
  const [preset, setPreset] = useState<Preset>('month');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => periodOf('month', dayjs()));
  const [filters, setFilters] = useState<Omit<StatsQuery, 'from' | 'to'>>({});
  const query = useMemo<StatsQuery>(
    () => ({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), ...filters }),
    [range, filters],
  );
  const stats = useStats(query);
  const s = stats.data;
  const navigate = useNavigate();
  /** A call count's tile opens «Звонки» on the calls it counts (same period and line). */
  const drill = (key: keyof CallFigures): string | null => {
    const bucket = (Object.keys(BUCKET_FIGURE) as CallBucket[]).find((b) => BUCKET_FIGURE[b] === key);
    if (!bucket && key !== 'offered') return null;
    const p = new URLSearchParams({ from: query.from, to: query.to });
    if (query.lineId) p.set('lineId', String(query.lineId));
    if (bucket) p.set('bucket', bucket);
    return `/calls?${p.toString()}`;
  };

  return (
    <>
      <PageHeader
        title={t('nav.stats')}
        extra={<ExportButton path="/api/stats/export" name="stats-summary" params={{ ...query, table: 'summary' }} />}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Segmented<Preset>
            options={PRESETS.map((value) => ({ value, label: t(`stats.preset.${value}`) }))}
            value={preset}
            onChange={(p) => {
              setPreset(p);
              if (p !== 'custom') setRange(periodOf(p, dayjs()));
            }}
            data-testid="stats-period"
          />
          {preset === 'custom' && (
            <DatePicker.RangePicker
              value={range}
              format="DD.MM.YYYY"
              allowClear={false}
              onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            />
          )}
          <Select
            allowClear
            placeholder={t('call.col.line')}
            style={{ width: 190 }}
            options={(lines.data?.items ?? []).map((l) => ({ value: l.id, label: l.displayNumber }))}
            onChange={(lineId?: number) => setFilters((f) => ({ ...f, lineId }))}
          />
          {canPick && (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('call.col.specialist')}
              style={{ width: 220 }}
              options={(users.data?.items ?? [])
                .filter((u) => u.role === 'specialist')
                .map((u) => ({ value: u.id, label: u.fullName }))}
              onChange={(userId?: number) => setFilters((f) => ({ ...f, userId }))}
            />
          )}
          <Select
            allowClear
            placeholder={t('stats.filter.subsystem')}
            style={{ width: 200 }}
            options={SUBSYSTEMS.map((v) => ({ value: v, label: label(SUBSYSTEM_LABELS, v) }))}
            onChange={(subsystem?: StatsQuery['subsystem']) => setFilters((f) => ({ ...f, subsystem }))}
          />
          <Select
            allowClear
            placeholder={t('stats.filter.type')}
            style={{ width: 150 }}
            options={ENTRY_TYPES.map((v) => ({ value: v, label: label(TYPE_LABELS, v) }))}
            onChange={(type?: StatsQuery['type']) => setFilters((f) => ({ ...f, type }))}
          />
          <Typography.Text type="secondary">
            {range[0].format('DD.MM.YYYY')} — {range[1].format('DD.MM.YYYY')}
          </Typography.Text>
        </Space>
      </Card>
      {!s ? (
        <Card loading />
      ) : (
        <>
          <Row gutter={[12, 12]} data-testid="stats-tiles">
            {TILES.map((tile) => (
              <Col key={tile.key} xs={12} md={8} xl={6} xxl={4}>
                <Card
                  size="small"
                  data-testid={`tile-${tile.key}`}
                  hoverable={drill(tile.key) !== null}
                  onClick={() => {
                    const to = drill(tile.key);
                    if (to) void navigate(to);
                  }}
                >
                  <Statistic
                    title={
                      <Space size={4}>
                        {t(`stats.figure.${tile.key}`)}
                        <Tooltip title={explain(t, tile.key, s)}>
                          <QuestionCircleOutlined
                            aria-label={t('stats.howCounted', { title: t(`stats.figure.${tile.key}`) })}
                          />
                        </Tooltip>
                      </Space>
                    }
                    value={tile.show(s.calls, t)}
                  />
                  {tile.key === 'serviceLevel' && (
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('stats.slOfAnswered', { v: pct(s.calls.serviceLevelOfAnswered) })}
                      </Typography.Text>
                    </div>
                  )}
                  <TileFooter figure={tile} s={s} />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} xxl={14}>
              <Card
                size="small"
                title={t('stats.daily.title')}
                extra={
                  <ExportButton
                    size="small"
                    path="/api/stats/export"
                    name="stats-days"
                    params={{ ...query, table: 'days' }}
                  />
                }
              >
                {s.byDay.length ? <DailyChart days={s.byDay} /> : <Empty description={t('stats.noCalls')} />}
              </Card>
            </Col>
            <Col xs={24} xxl={10}>
              <Card
                size="small"
                title={t('stats.heatmap.title')}
                extra={
                  <ExportButton
                    size="small"
                    path="/api/stats/export"
                    name="stats-heatmap"
                    params={{ ...query, table: 'heatmap' }}
                  />
                }
              >
                <HeatmapChart cells={s.heatmap} />
              </Card>
            </Col>
          </Row>
          <Card
            size="small"
            style={{ marginTop: 12 }}
            title={t('stats.slCalendar.title', { s: s.serviceLevelSeconds })}
          >
            <ServiceLevelCalendar days={s.byDay} from={s.from} to={s.to} />
          </Card>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                title={t('stats.specialists.title')}
                extra={
                  <ExportButton
                    size="small"
                    path="/api/stats/export"
                    name="stats-specialists"
                    params={{ ...query, table: 'specialists' }}
                  />
                }
              >
                <Table
                  size="small"
                  rowKey="userId"
                  pagination={false}
                  dataSource={s.bySpecialist}
                  data-testid="stats-specialists"
                  columns={[
                    { title: t('call.col.specialist'), dataIndex: 'name' },
                    {
                      title: t('stats.specialists.answered'),
                      align: 'right',
                      render: (_: unknown, p) => drillTo(answeredLink(query, p.userId), p.answered),
                    },
                    {
                      title: t('stats.specialists.talkMinutes'),
                      render: (_: unknown, p) => Math.round(p.talkSeconds / 60),
                      align: 'right',
                    },
                    {
                      title: t('stats.specialists.avgTalk'),
                      render: (_: unknown, p) => secs(t, p.avgTalkSeconds),
                      align: 'right',
                    },
                    {
                      title: t('stats.specialists.registered'),
                      align: 'right',
                      render: (_: unknown, p) => drillTo(journalLink({ ...query, userId: p.userId }, {}), p.registered),
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <RequestsCard s={s} query={query} />
            </Col>
          </Row>
        </>
      )}
    </>
  );
}

/** The target (met or not) and the same weekdays of the last 4 weeks, oldest first. */
function TileFooter({ figure, s }: { figure: (typeof TILES)[number]; s: StatsDto }) {
  const { t } = useI18n();
  const target = TARGETS[figure.key];
  const targetText = TARGET_TEXT[figure.key];
  const value = s.calls[figure.key];
  const met = meetsTarget(figure.key, typeof value === 'number' ? value : null);
  return (
    <>
      {target && targetText && (
        <div data-testid={`target-${figure.key}`}>
          <Typography.Text type={met === null ? 'secondary' : met ? 'success' : 'danger'} style={{ fontSize: 12 }}>
            {t(targetText)}
          </Typography.Text>
        </div>
      )}
      {s.earlier.length > 0 && (
        <Tooltip
          title={t('stats.earlier.hint', {
            periods: [...s.earlier]
              .reverse()
              .map((e) => `${formatCalendarDate(e.from)}${e.to !== e.from ? `–${formatCalendarDate(e.to)}` : ''}`)
              .join(', '),
          })}
        >
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`earlier-${figure.key}`}>
            {t('stats.earlier.label')}{' '}
            {[...s.earlier]
              .reverse()
              .map((e) => figure.show(e.calls, t))
              .join(' · ')}
          </Typography.Text>
        </Tooltip>
      )}
    </>
  );
}

function RequestsCard({ s, query }: { s: StatsDto; query: StatsQuery }) {
  const { t, label } = useI18n();
  const r = s.requests;
  // Each count opens the journal on its entries (an organisation typed in, not in the directory: not linked).
  const rows: { group: string; name: string; v: number; to: string | null }[] = [
    ...Object.entries(r.byType).map(([k, v]) => ({
      group: t('stats.requests.group.type'),
      name: label(TYPE_LABELS, k as never),
      v,
      to: journalLink(query, { type: k }),
    })),
    ...Object.entries(r.bySubsystem).map(([k, v]) => ({
      group: t('stats.requests.group.subsystem'),
      name: k === 'none' ? t('stats.requests.noSubsystem') : label(SUBSYSTEM_LABELS, k as never),
      v,
      to: k === 'none' ? null : journalLink(query, { subsystem: k }),
    })),
    ...Object.entries(r.byStatus).map(([k, v]) => ({
      group: t('stats.requests.group.status'),
      name: label(STATUS_LABELS, k as never),
      v,
      to: journalLink(query, { status: k }),
    })),
    ...r.topOrganizations.slice(0, 5).map((o) => ({
      group: t('stats.requests.group.organizations'),
      name: o.name,
      v: o.count,
      to: o.organizationId === null ? null : journalLink(query, { organizationId: o.organizationId, orgName: o.name }),
    })),
  ];
  return (
    <Card
      size="small"
      title={t('stats.requests.title', { n: r.registered })}
      data-testid="stats-requests"
      extra={
        <ExportButton
          size="small"
          path="/api/stats/export"
          name="stats-requests"
          params={{ ...query, table: 'requests' }}
        />
      }
    >
      <Space wrap size={24} style={{ marginBottom: 8 }}>
        <Statistic title={t('stats.requests.firstContact')} value={pct(r.firstContactShare)} />
        <Statistic
          title={t('stats.requests.median')}
          value={r.medianResolutionWorkingHours === null ? '—' : r.medianResolutionWorkingHours.toFixed(1)}
        />
        <Statistic
          title={t('stats.requests.approvals')}
          valueRender={() => drillTo(approvalsLink(query), r.approvalsPending, 'stats-approvals')}
        />
        <Statistic
          title={t('stats.requests.callsPerRequest')}
          value={r.callsPerRequest === null ? '—' : r.callsPerRequest.toFixed(2)}
        />
        <Statistic
          title={t('stats.requests.open')}
          valueRender={() =>
            drillTo(
              openLink(query),
              r.backlog.reduce((n, b) => n + b.count, 0),
              'stats-open',
            )
          }
        />
      </Space>
      <Table
        size="small"
        pagination={false}
        rowKey={(x) => `${x.group}:${x.name}`}
        dataSource={rows}
        columns={[
          { title: '', dataIndex: 'group', width: 120 },
          { title: '', dataIndex: 'name' },
          {
            title: t('stats.requests.count'),
            align: 'right',
            width: 100,
            render: (_: unknown, x) => drillTo(x.to, x.v, `stats-requests-${x.group}-${x.name}`),
          },
        ]}
      />
    </Card>
  );
}
