// Admin: the working calendar — weekly hours, a year of days, per-date overrides (regional holidays, transfers).
import { DeleteOutlined, LeftOutlined, RightOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tag,
  TimePicker,
  Tooltip,
  Typography,
} from 'antd';
import { useMessage } from '../../lib/message';
import dayjs, { type Dayjs } from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import { useEffect, useMemo, useState } from 'react';
import type { CalendarDayDto, CalendarOverrideBody, WeekScheduleBody } from '../../../../shared/api';
import { formatCalendarDate } from '../../../../shared/datetime';
import { useCalendarYear, useDeleteOverride, useSaveOverride, useSaveSchedule } from '../../api/calendar';
import { ApiError } from '../../api/http';
import { PageHeader } from '../../components/PageHeader';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { CalendarImportModal } from './CalendarImportModal';
import '../../lib/messages/calendar';

dayjs.extend(customParseFormat);

type Kind = CalendarDayDto['kind'];

const DAY_KIND_KEYS: Record<Kind, MessageKey> = {
  working: 'calendar.day.working',
  short: 'calendar.day.short',
  weekend: 'calendar.day.weekend',
  holiday: 'calendar.day.holiday',
  transferred_day_off: 'calendar.day.transferred_day_off',
  override_day_off: 'calendar.day.override_day_off',
};

const KIND_STYLE: Record<Kind, { background: string; color: string }> = {
  working: { background: '#ffffff', color: '#1f1f1f' },
  short: { background: '#fff7e6', color: '#ad4e00' },
  weekend: { background: '#f0f0f0', color: '#8c8c8c' },
  holiday: { background: '#fff1f0', color: '#cf1322' },
  transferred_day_off: { background: '#fff2e8', color: '#d4380d' },
  override_day_off: { background: '#f9f0ff', color: '#531dab' },
};

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const WEEKDAYS = DAYS.map((d) => `calendar.weekday.${d}` as const);
const SHORT_WEEKDAYS = DAYS.map((d) => `calendar.weekdayShort.${d}` as const);
const MONTHS = (['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const).map(
  (m) => `calendar.month.${m}` as const,
);

const errorText = (e: unknown) =>
  e instanceof ApiError ? (Object.values(e.fields ?? {})[0] ?? e.message) : (e as Error).message;

export function AdminCalendarPage() {
  const [year, setYear] = useState(() => new Date().getFullYear());
  const cal = useCalendarYear(year);
  const [editing, setEditing] = useState<CalendarDayDto | null>(null);
  const overrides = useMemo(() => (cal.data?.days ?? []).filter((d) => d.overridden), [cal.data]);
  const { t } = useI18n();
  const isAdmin = useSession().user.role === 'admin';
  const [importing, setImporting] = useState(false);
  const importButton = (size?: 'small') =>
    isAdmin && (
      <Button size={size} icon={<UploadOutlined />} onClick={() => setImporting(true)}>
        {t('calendar.import.open')}
      </Button>
    );

  return (
    <>
      <PageHeader
        title={t('nav.admin.calendar')}
        extra={
          <Space>
            {importButton()}
            <Button icon={<LeftOutlined />} aria-label={t('calendar.prevYear')} onClick={() => setYear((y) => y - 1)} />
            <Typography.Text strong style={{ fontSize: 18 }} data-testid="calendar-year">
              {year}
            </Typography.Text>
            <Button
              icon={<RightOutlined />}
              aria-label={t('calendar.nextYear')}
              onClick={() => setYear((y) => y + 1)}
            />
          </Space>
        }
      />
      {cal.data && !cal.data.known && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="calendar-missing"
          action={importButton('small')}
          message={t('calendar.missing.title', { year })}
          description={t('calendar.missing.text')}
        />
      )}
      {cal.error && <Alert type="error" showIcon message={errorText(cal.error)} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={17}>
          <Card title={t('calendar.yearTitle', { year })} size="small" loading={cal.isLoading}>
            <Legend />
            <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
              {MONTHS.map((name, m) => (
                <Col key={m} xs={24} sm={12} lg={8} xl={6}>
                  <MonthGrid
                    name={t(name)}
                    days={(cal.data?.days ?? []).filter((d) => Number(d.date.slice(5, 7)) === m + 1)}
                    onPick={setEditing}
                  />
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
        <Col xs={24} xxl={7}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {cal.data && <ScheduleCard schedule={cal.data.schedule} />}
            <Card title={t('calendar.overrides.title')} size="small">
              <Table<CalendarDayDto>
                size="small"
                rowKey="date"
                pagination={false}
                dataSource={overrides}
                locale={{ emptyText: t('calendar.overrides.empty') }}
                columns={[
                  {
                    title: t('calendar.overrides.date'),
                    dataIndex: 'date',
                    render: (d: string) => formatCalendarDate(d),
                    width: 100,
                  },
                  {
                    title: t('calendar.overrides.day'),
                    render: (_, d) => (
                      <>
                        <div>{t(DAY_KIND_KEYS[d.kind])}</div>
                        {d.working && (
                          <Typography.Text type="secondary">
                            {d.start}–{d.end}
                          </Typography.Text>
                        )}
                        {d.title && <div>{d.title}</div>}
                      </>
                    ),
                  },
                  {
                    width: 48,
                    render: (_, d) => (
                      <Button size="small" onClick={() => setEditing(d)}>
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]}
              />
            </Card>
          </Space>
        </Col>
      </Row>
      {editing && <OverrideModal day={editing} onClose={() => setEditing(null)} />}
      {importing && <CalendarImportModal initialYear={year} onClose={() => setImporting(false)} />}
    </>
  );
}

function Legend() {
  const { t } = useI18n();
  return (
    <Flex gap={8} wrap>
      {(Object.keys(DAY_KIND_KEYS) as Kind[]).map((k) => (
        <Tag key={k} style={{ ...KIND_STYLE[k], borderColor: '#d9d9d9' }}>
          {t(DAY_KIND_KEYS[k])}
        </Tag>
      ))}
      <Tag style={{ outline: '2px solid #722ed1', outlineOffset: -2 }}>{t('calendar.overridden')}</Tag>
    </Flex>
  );
}

function MonthGrid({
  name,
  days,
  onPick,
}: {
  name: string;
  days: CalendarDayDto[];
  onPick: (d: CalendarDayDto) => void;
}) {
  const { t } = useI18n();
  if (days.length === 0) return null;
  const lead = (new Date(`${days[0]!.date}T00:00:00Z`).getUTCDay() + 6) % 7;
  const cells: (CalendarDayDto | null)[] = [...Array<null>(lead).fill(null), ...days];
  const working = days.filter((d) => d.working).length;
  return (
    <div style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 8 }}>
      <Flex justify="space-between">
        <Typography.Text strong>{name}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('calendar.workingDays', { n: working })}
        </Typography.Text>
      </Flex>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, marginTop: 4 }}>
        {SHORT_WEEKDAYS.map((w) => (
          <div key={w} style={{ textAlign: 'center', fontSize: 11, color: '#8c8c8c' }}>
            {t(w)}
          </div>
        ))}
        {cells.map((d, i) =>
          d ? (
            <Tooltip
              key={d.date}
              title={`${formatCalendarDate(d.date)}: ${t(DAY_KIND_KEYS[d.kind])}${d.working ? `, ${d.start}–${d.end}` : ''}${d.title ? ` — ${d.title}` : ''}`}
            >
              <button
                type="button"
                data-date={d.date}
                data-kind={d.kind}
                onClick={() => onPick(d)}
                style={{
                  ...KIND_STYLE[d.kind],
                  border: '1px solid #f0f0f0',
                  outline: d.overridden ? '2px solid #722ed1' : undefined,
                  outlineOffset: -2,
                  borderRadius: 4,
                  padding: '2px 0',
                  fontSize: 12,
                  cursor: 'pointer',
                  fontWeight: d.kind === 'holiday' || d.kind === 'short' ? 600 : 400,
                }}
              >
                {Number(d.date.slice(8))}
              </button>
            </Tooltip>
          ) : (
            <div key={`e${i}`} />
          ),
        )}
      </div>
    </div>
  );
}

interface OverrideForm {
  kind: CalendarOverrideBody['kind'];
  hours?: [Dayjs, Dayjs] | null;
  title?: string;
}

function OverrideModal({ day, onClose }: { day: CalendarDayDto; onClose: () => void }) {
  const { message } = useMessage();
  const { t } = useI18n();
  const save = useSaveOverride();
  const remove = useDeleteOverride();
  const [form] = Form.useForm<OverrideForm>();
  const kind = Form.useWatch('kind', form);

  const submit = async (v: OverrideForm) => {
    const body: CalendarOverrideBody = {
      kind: v.kind,
      startTime: v.kind !== 'day_off' && v.hours ? v.hours[0].format('HH:mm') : null,
      endTime: v.kind !== 'day_off' && v.hours ? v.hours[1].format('HH:mm') : null,
      title: v.title?.trim() ?? '',
    };
    try {
      await save.mutateAsync({ date: day.date, body });
      void message.success(t('calendar.override.saved', { date: formatCalendarDate(day.date) }));
      onClose();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Modal
      open
      title={`${formatCalendarDate(day.date)} — ${t(DAY_KIND_KEYS[day.kind])}${day.working ? `, ${day.start}–${day.end}` : ''}`}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      footer={(_, { OkBtn, CancelBtn }) => (
        <Flex justify="space-between">
          <span>
            {day.overridden && (
              <Popconfirm
                title={t('calendar.override.removeConfirm')}
                okText={t('calendar.override.removeOk')}
                cancelText={t('common.no')}
                onConfirm={async () => {
                  try {
                    await remove.mutateAsync(day.date);
                    void message.success(t('calendar.override.removed', { date: formatCalendarDate(day.date) }));
                    onClose();
                  } catch (e) {
                    void message.error(errorText(e));
                  }
                }}
              >
                <Button danger icon={<DeleteOutlined />}>
                  {t('calendar.override.remove')}
                </Button>
              </Popconfirm>
            )}
          </span>
          <Space>
            <CancelBtn />
            <OkBtn />
          </Space>
        </Flex>
      )}
    >
      <Form<OverrideForm>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          kind: day.working ? (day.kind === 'short' ? 'short' : 'working') : 'day_off',
          hours: day.working && day.start && day.end ? [dayjs(day.start, 'HH:mm'), dayjs(day.end, 'HH:mm')] : null,
          title: day.title,
        }}
      >
        <Form.Item name="kind" label={t('calendar.override.kind')} rules={[{ required: true }]}>
          <Select
            options={[
              { value: 'day_off', label: t('calendar.override.dayOff') },
              { value: 'working', label: t('calendar.override.working') },
              { value: 'short', label: t('calendar.override.short') },
            ]}
          />
        </Form.Item>
        {kind !== 'day_off' && (
          <Form.Item name="hours" label={t('calendar.override.hours')} extra={t('calendar.override.hoursHint')}>
            <TimePicker.RangePicker format="HH:mm" minuteStep={5} allowClear />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('calendar.override.title')}>
          <Input maxLength={200} placeholder={t('calendar.override.titlePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface DayRow {
  on: boolean;
  hours: [Dayjs, Dayjs] | null;
}

function ScheduleCard({ schedule }: { schedule: WeekScheduleBody }) {
  const { message } = useMessage();
  const { t } = useI18n();
  const save = useSaveSchedule();
  const toRange = (h: { start: string; end: string } | null): [Dayjs, Dayjs] | null =>
    h ? [dayjs(h.start, 'HH:mm'), dayjs(h.end, 'HH:mm')] : null;
  const initial = () => ({
    days: ([1, 2, 3, 4, 5, 6, 7] as const).map((d) => ({ on: !!schedule.days[d], hours: toRange(schedule.days[d]) })),
    lunch: toRange(schedule.lunch),
    shortDayMinutes: schedule.shortDayMinutes,
  });
  const [state, setState] = useState(initial);
  useEffect(() => setState(initial()), [schedule]);

  const setDay = (i: number, row: Partial<DayRow>) =>
    setState((s) => ({ ...s, days: s.days.map((d, j) => (j === i ? { ...d, ...row } : d)) }));

  const submit = async () => {
    const hm = (r: [Dayjs, Dayjs] | null) => (r ? { start: r[0].format('HH:mm'), end: r[1].format('HH:mm') } : null);
    const bad = state.days.findIndex((d) => d.on && !d.hours);
    if (bad >= 0) {
      void message.error(t('calendar.week.noHours', { day: t(WEEKDAYS[bad]!) }));
      return;
    }
    const days = Object.fromEntries(state.days.map((d, i) => [i + 1, d.on ? hm(d.hours) : null]));
    try {
      await save.mutateAsync({
        days: days as WeekScheduleBody['days'],
        lunch: hm(state.lunch),
        shortDayMinutes: state.shortDayMinutes,
      });
      void message.success(t('calendar.week.saved'));
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Card
      title={t('calendar.week.title')}
      size="small"
      extra={
        <Button type="primary" size="small" loading={save.isPending} onClick={() => void submit()}>
          {t('common.save')}
        </Button>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {state.days.map((d, i) => (
          <Flex key={i} align="center" gap={8}>
            <Checkbox checked={d.on} onChange={(e) => setDay(i, { on: e.target.checked })} style={{ width: 130 }}>
              {t(WEEKDAYS[i]!)}
            </Checkbox>
            <TimePicker.RangePicker
              size="small"
              format="HH:mm"
              minuteStep={5}
              disabled={!d.on}
              value={d.hours}
              onChange={(v) => setDay(i, { hours: v && v[0] && v[1] ? [v[0], v[1]] : null })}
              aria-label={t('calendar.week.dayHours', { day: t(WEEKDAYS[i]!) })}
            />
          </Flex>
        ))}
        <Flex align="center" gap={8}>
          <span style={{ width: 130 }}>{t('calendar.week.lunch')}</span>
          <TimePicker.RangePicker
            size="small"
            format="HH:mm"
            minuteStep={5}
            value={state.lunch}
            onChange={(v) => setState((s) => ({ ...s, lunch: v && v[0] && v[1] ? [v[0], v[1]] : null }))}
          />
        </Flex>
        <Flex align="center" gap={8}>
          <span style={{ width: 130 }}>{t('calendar.week.shortDay')}</span>
          <InputNumber
            size="small"
            min={0}
            max={240}
            step={15}
            value={state.shortDayMinutes}
            onChange={(v) => setState((s) => ({ ...s, shortDayMinutes: v ?? 0 }))}
            addonAfter={t('calendar.week.minutes')}
          />
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('calendar.week.note')}
        </Typography.Text>
      </Space>
    </Card>
  );
}
