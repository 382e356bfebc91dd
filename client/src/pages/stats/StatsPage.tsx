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
  DEFINITIONS,
  FIGURE_TITLES,
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
import { useI18n } from '../../lib/i18n';
import { DailyChart, HeatmapChart, ServiceLevelCalendar } from './StatsCharts';

type Preset = 'today' | 'week' | 'month' | 'quarter' | 'year' | 'custom';
const PRESETS: { value: Preset; label: string }[] = [
  { value: 'today', label: 'Сегодня' },
  { value: 'week', label: 'Неделя' },
  { value: 'month', label: 'Месяц' },
  { value: 'quarter', label: 'Квартал' },
  { value: 'year', label: 'Год' },
  { value: 'custom', label: 'Период' },
];

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
const secs = (v: number | null) => (v === null ? '—' : `${Math.round(v)} с`);
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

const TILES: { key: keyof CallFigures; title: string; show: (c: CallFigures) => string }[] = [
  { key: 'offered', title: FIGURE_TITLES.offered, show: (c) => count(c.offered) },
  { key: 'answered', title: FIGURE_TITLES.answered, show: (c) => count(c.answered) },
  { key: 'missed', title: FIGURE_TITLES.missed, show: (c) => count(c.missed) },
  { key: 'abandoned', title: FIGURE_TITLES.abandoned, show: (c) => count(c.abandoned) },
  { key: 'shortAbandoned', title: FIGURE_TITLES.shortAbandoned, show: (c) => count(c.shortAbandoned) },
  { key: 'afterHours', title: FIGURE_TITLES.afterHours, show: (c) => count(c.afterHours) },
  { key: 'answerRate', title: FIGURE_TITLES.answerRate, show: (c) => pct(c.answerRate) },
  { key: 'serviceLevel', title: FIGURE_TITLES.serviceLevel, show: (c) => pct(c.serviceLevel) },
  { key: 'asaSeconds', title: FIGURE_TITLES.asaSeconds, show: (c) => secs(c.asaSeconds) },
  { key: 'maxWaitSeconds', title: FIGURE_TITLES.maxWaitSeconds, show: (c) => secs(c.maxWaitSeconds) },
  { key: 'avgTalkSeconds', title: FIGURE_TITLES.avgTalkSeconds, show: (c) => secs(c.avgTalkSeconds) },
  { key: 'ahtSeconds', title: FIGURE_TITLES.ahtSeconds, show: (c) => secs(c.ahtSeconds) },
  { key: 'callbacks', title: FIGURE_TITLES.callbacks, show: (c) => count(c.callbacks) },
  { key: 'lostReached', title: FIGURE_TITLES.lostReached, show: (c) => `${c.lostReached} из ${c.lostCallers}` },
  { key: 'lostUnreached', title: FIGURE_TITLES.lostUnreached, show: (c) => count(c.lostUnreached) },
];

/** The definition with the configured thresholds named. */
const explain = (key: keyof CallFigures, s: StatsDto) =>
  DEFINITIONS[key]
    .replace('SHORT_ABANDON_S', String(s.shortAbandonSeconds))
    .replace('SL_SECONDS', String(s.serviceLevelSeconds));

export function StatsPage() {
  const { label } = useI18n();
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
        title="Статистика"
        extra={<ExportButton path="/api/stats/export" name="stats-summary" params={{ ...query, table: 'summary' }} />}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Segmented<Preset>
            options={PRESETS}
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
            placeholder="Линия"
            style={{ width: 190 }}
            options={(lines.data?.items ?? []).map((l) => ({ value: l.id, label: l.displayNumber }))}
            onChange={(lineId?: number) => setFilters((f) => ({ ...f, lineId }))}
          />
          {canPick && (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="Специалист"
              style={{ width: 220 }}
              options={(users.data?.items ?? [])
                .filter((u) => u.role === 'specialist')
                .map((u) => ({ value: u.id, label: u.fullName }))}
              onChange={(userId?: number) => setFilters((f) => ({ ...f, userId }))}
            />
          )}
          <Select
            allowClear
            placeholder="Подсистема"
            style={{ width: 200 }}
            options={SUBSYSTEMS.map((v) => ({ value: v, label: label(SUBSYSTEM_LABELS, v) }))}
            onChange={(subsystem?: StatsQuery['subsystem']) => setFilters((f) => ({ ...f, subsystem }))}
          />
          <Select
            allowClear
            placeholder="Тип запроса"
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
            {TILES.map((t) => (
              <Col key={t.key} xs={12} md={8} xl={6} xxl={4}>
                <Card
                  size="small"
                  data-testid={`tile-${t.key}`}
                  hoverable={drill(t.key) !== null}
                  onClick={() => {
                    const to = drill(t.key);
                    if (to) void navigate(to);
                  }}
                >
                  <Statistic
                    title={
                      <Space size={4}>
                        {t.title}
                        <Tooltip title={explain(t.key, s)}>
                          <QuestionCircleOutlined aria-label={`Как считается: ${t.title}`} />
                        </Tooltip>
                      </Space>
                    }
                    value={t.show(s.calls)}
                  />
                  {t.key === 'serviceLevel' && (
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        от принятых: {pct(s.calls.serviceLevelOfAnswered)}
                      </Typography.Text>
                    </div>
                  )}
                  <TileFooter figure={t} s={s} />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} xxl={14}>
              <Card
                size="small"
                title="По дням: звонки и уровень обслуживания"
                extra={
                  <ExportButton
                    size="small"
                    path="/api/stats/export"
                    name="stats-days"
                    params={{ ...query, table: 'days' }}
                  />
                }
              >
                {s.byDay.length ? <DailyChart days={s.byDay} /> : <Empty description="Звонков нет" />}
              </Card>
            </Col>
            <Col xs={24} xxl={10}>
              <Card
                size="small"
                title="Когда звонят: день недели × полчаса (обед серым)"
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
            title={`Уровень обслуживания по дням (ответ за ${s.serviceLevelSeconds} с)`}
          >
            <ServiceLevelCalendar days={s.byDay} from={s.from} to={s.to} />
          </Card>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                title="Специалисты"
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
                    { title: 'Специалист', dataIndex: 'name' },
                    {
                      title: 'Принято звонков',
                      align: 'right',
                      render: (_: unknown, p) => drillTo(answeredLink(query, p.userId), p.answered),
                    },
                    {
                      title: 'Разговор, мин',
                      render: (_: unknown, p) => Math.round(p.talkSeconds / 60),
                      align: 'right',
                    },
                    { title: 'Средний разговор', render: (_: unknown, p) => secs(p.avgTalkSeconds), align: 'right' },
                    {
                      title: 'Зарегистрировано',
                      align: 'right',
                      render: (_: unknown, p) => drillTo(journalLink({ ...query, userId: p.userId }, {}), p.registered),
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <RequestsCard s={s} label={label} query={query} />
            </Col>
          </Row>
        </>
      )}
    </>
  );
}

/** The target (met or not) and the same weekdays of the last 4 weeks, oldest first. */
function TileFooter({ figure, s }: { figure: (typeof TILES)[number]; s: StatsDto }) {
  const target = TARGETS[figure.key];
  const value = s.calls[figure.key];
  const met = meetsTarget(figure.key, typeof value === 'number' ? value : null);
  return (
    <>
      {target && (
        <div data-testid={`target-${figure.key}`}>
          <Typography.Text type={met === null ? 'secondary' : met ? 'success' : 'danger'} style={{ fontSize: 12 }}>
            {target.text}
          </Typography.Text>
        </div>
      )}
      {s.earlier.length > 0 && (
        <Tooltip
          title={`Те же дни недели 4, 3, 2 и 1 неделю назад: ${[...s.earlier]
            .reverse()
            .map((e) => `${formatCalendarDate(e.from)}${e.to !== e.from ? `–${formatCalendarDate(e.to)}` : ''}`)
            .join(', ')}`}
        >
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`earlier-${figure.key}`}>
            4 нед.:{' '}
            {[...s.earlier]
              .reverse()
              .map((e) => figure.show(e.calls))
              .join(' · ')}
          </Typography.Text>
        </Tooltip>
      )}
    </>
  );
}

function RequestsCard({
  s,
  label,
  query,
}: {
  s: StatsDto;
  label: ReturnType<typeof useI18n>['label'];
  query: StatsQuery;
}) {
  const r = s.requests;
  // Each count opens the journal on its entries (an organisation typed in, not in the directory: not linked).
  const rows: { group: string; name: string; v: number; to: string | null }[] = [
    ...Object.entries(r.byType).map(([k, v]) => ({
      group: 'Тип',
      name: label(TYPE_LABELS, k as never),
      v,
      to: journalLink(query, { type: k }),
    })),
    ...Object.entries(r.bySubsystem).map(([k, v]) => ({
      group: 'Подсистема',
      name: k === 'none' ? 'не указана' : label(SUBSYSTEM_LABELS, k as never),
      v,
      to: k === 'none' ? null : journalLink(query, { subsystem: k }),
    })),
    ...Object.entries(r.byStatus).map(([k, v]) => ({
      group: 'Статус',
      name: label(STATUS_LABELS, k as never),
      v,
      to: journalLink(query, { status: k }),
    })),
    ...r.topOrganizations.slice(0, 5).map((o) => ({
      group: 'Организации',
      name: o.name,
      v: o.count,
      to: o.organizationId === null ? null : journalLink(query, { organizationId: o.organizationId, orgName: o.name }),
    })),
  ];
  return (
    <Card
      size="small"
      title={`Запросы: зарегистрировано ${r.registered}`}
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
        <Statistic title="Решено с первого обращения" value={pct(r.firstContactShare)} />
        <Statistic
          title="Медиана решения, раб. ч"
          value={r.medianResolutionWorkingHours === null ? '—' : r.medianResolutionWorkingHours.toFixed(1)}
        />
        <Statistic
          title="Ждут согласования"
          valueRender={() => drillTo(approvalsLink(query), r.approvalsPending, 'stats-approvals')}
        />
        <Statistic title="Звонков на запрос" value={r.callsPerRequest === null ? '—' : r.callsPerRequest.toFixed(2)} />
        <Statistic
          title="Открыто сейчас"
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
            title: 'Запросов',
            align: 'right',
            width: 100,
            render: (_: unknown, x) => drillTo(x.to, x.v, `stats-requests-${x.group}-${x.name}`),
          },
        ]}
      />
    </Card>
  );
}
