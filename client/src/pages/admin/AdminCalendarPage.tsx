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
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { CalendarImportModal } from './CalendarImportModal';

dayjs.extend(customParseFormat);

type Kind = CalendarDayDto['kind'];

export const DAY_KIND_LABELS: Record<Kind, string> = {
  working: 'Рабочий день',
  short: 'Сокращённый день',
  weekend: 'Выходной',
  holiday: 'Праздник',
  transferred_day_off: 'Перенесённый выходной',
  override_day_off: 'Нерабочий день (исключение)',
};

const KIND_STYLE: Record<Kind, { background: string; color: string }> = {
  working: { background: '#ffffff', color: '#1f1f1f' },
  short: { background: '#fff7e6', color: '#ad4e00' },
  weekend: { background: '#f0f0f0', color: '#8c8c8c' },
  holiday: { background: '#fff1f0', color: '#cf1322' },
  transferred_day_off: { background: '#fff2e8', color: '#d4380d' },
  override_day_off: { background: '#f9f0ff', color: '#531dab' },
};

const WEEKDAYS = ['Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота', 'Воскресенье'] as const;
const SHORT_WEEKDAYS = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'];
const MONTHS = [
  'Январь',
  'Февраль',
  'Март',
  'Апрель',
  'Май',
  'Июнь',
  'Июль',
  'Август',
  'Сентябрь',
  'Октябрь',
  'Ноябрь',
  'Декабрь',
];

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
        title="Рабочий календарь"
        extra={
          <Space>
            {importButton()}
            <Button icon={<LeftOutlined />} aria-label="Предыдущий год" onClick={() => setYear((y) => y - 1)} />
            <Typography.Text strong style={{ fontSize: 18 }} data-testid="calendar-year">
              {year}
            </Typography.Text>
            <Button icon={<RightOutlined />} aria-label="Следующий год" onClick={() => setYear((y) => y + 1)} />
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
          message={t('calendar.missing.title').replace('{year}', String(year))}
          description={t('calendar.missing.text')}
        />
      )}
      {cal.error && <Alert type="error" showIcon message={errorText(cal.error)} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={17}>
          <Card title={`Календарь на ${year} год`} size="small" loading={cal.isLoading}>
            <Legend />
            <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
              {MONTHS.map((name, m) => (
                <Col key={m} xs={24} sm={12} lg={8} xl={6}>
                  <MonthGrid
                    name={name}
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
            <Card title="Исключения (региональные праздники, переносы)" size="small">
              <Table<CalendarDayDto>
                size="small"
                rowKey="date"
                pagination={false}
                dataSource={overrides}
                locale={{ emptyText: 'Нет исключений в этом году. Нажмите на день в календаре, чтобы добавить.' }}
                columns={[
                  { title: 'Дата', dataIndex: 'date', render: (d: string) => formatCalendarDate(d), width: 100 },
                  {
                    title: 'День',
                    render: (_, d) => (
                      <>
                        <div>{DAY_KIND_LABELS[d.kind]}</div>
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
                        Изменить
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
  return (
    <Flex gap={8} wrap>
      {(Object.keys(DAY_KIND_LABELS) as Kind[]).map((k) => (
        <Tag key={k} style={{ ...KIND_STYLE[k], borderColor: '#d9d9d9' }}>
          {DAY_KIND_LABELS[k]}
        </Tag>
      ))}
      <Tag style={{ outline: '2px solid #722ed1', outlineOffset: -2 }}>изменён администратором</Tag>
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
  if (days.length === 0) return null;
  const lead = (new Date(`${days[0]!.date}T00:00:00Z`).getUTCDay() + 6) % 7;
  const cells: (CalendarDayDto | null)[] = [...Array<null>(lead).fill(null), ...days];
  const working = days.filter((d) => d.working).length;
  return (
    <div style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 8 }}>
      <Flex justify="space-between">
        <Typography.Text strong>{name}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          раб. дней: {working}
        </Typography.Text>
      </Flex>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, marginTop: 4 }}>
        {SHORT_WEEKDAYS.map((w) => (
          <div key={w} style={{ textAlign: 'center', fontSize: 11, color: '#8c8c8c' }}>
            {w}
          </div>
        ))}
        {cells.map((d, i) =>
          d ? (
            <Tooltip
              key={d.date}
              title={`${formatCalendarDate(d.date)}: ${DAY_KIND_LABELS[d.kind]}${d.working ? `, ${d.start}–${d.end}` : ''}${d.title ? ` — ${d.title}` : ''}`}
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
      void message.success(`${formatCalendarDate(day.date)}: сохранено`);
      onClose();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Modal
      open
      title={`${formatCalendarDate(day.date)} — ${DAY_KIND_LABELS[day.kind]}${day.working ? `, ${day.start}–${day.end}` : ''}`}
      onCancel={onClose}
      okText="Сохранить"
      cancelText="Отмена"
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      footer={(_, { OkBtn, CancelBtn }) => (
        <Flex justify="space-between">
          <span>
            {day.overridden && (
              <Popconfirm
                title="Вернуть день к федеральному календарю?"
                okText="Вернуть"
                cancelText="Нет"
                onConfirm={async () => {
                  try {
                    await remove.mutateAsync(day.date);
                    void message.success(`${formatCalendarDate(day.date)}: исключение снято`);
                    onClose();
                  } catch (e) {
                    void message.error(errorText(e));
                  }
                }}
              >
                <Button danger icon={<DeleteOutlined />}>
                  Снять исключение
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
        <Form.Item name="kind" label="Этот день" rules={[{ required: true }]}>
          <Select
            options={[
              { value: 'day_off', label: 'Нерабочий (региональный праздник, перенос)' },
              { value: 'working', label: 'Рабочий' },
              { value: 'short', label: 'Рабочий сокращённый (предпраздничный)' },
            ]}
          />
        </Form.Item>
        {kind !== 'day_off' && (
          <Form.Item
            name="hours"
            label="Часы работы"
            extra="Пусто — по обычной рабочей неделе (для сокращённого дня — на час меньше)."
          >
            <TimePicker.RangePicker format="HH:mm" minuteStep={5} allowClear />
          </Form.Item>
        )}
        <Form.Item name="title" label="Основание / название">
          <Input maxLength={200} placeholder="Например: День города, постановление № …" />
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
      void message.error(`${WEEKDAYS[bad]}: укажите часы работы или снимите отметку «рабочий»`);
      return;
    }
    const days = Object.fromEntries(state.days.map((d, i) => [i + 1, d.on ? hm(d.hours) : null]));
    try {
      await save.mutateAsync({
        days: days as WeekScheduleBody['days'],
        lunch: hm(state.lunch),
        shortDayMinutes: state.shortDayMinutes,
      });
      void message.success('Рабочая неделя сохранена');
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Card
      title="Рабочая неделя"
      size="small"
      extra={
        <Button type="primary" size="small" loading={save.isPending} onClick={() => void submit()}>
          Сохранить
        </Button>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {state.days.map((d, i) => (
          <Flex key={i} align="center" gap={8}>
            <Checkbox checked={d.on} onChange={(e) => setDay(i, { on: e.target.checked })} style={{ width: 130 }}>
              {WEEKDAYS[i]}
            </Checkbox>
            <TimePicker.RangePicker
              size="small"
              format="HH:mm"
              minuteStep={5}
              disabled={!d.on}
              value={d.hours}
              onChange={(v) => setDay(i, { hours: v && v[0] && v[1] ? [v[0], v[1]] : null })}
              aria-label={`${WEEKDAYS[i]}: часы работы`}
            />
          </Flex>
        ))}
        <Flex align="center" gap={8}>
          <span style={{ width: 130 }}>Обед</span>
          <TimePicker.RangePicker
            size="small"
            format="HH:mm"
            minuteStep={5}
            value={state.lunch}
            onChange={(v) => setState((s) => ({ ...s, lunch: v && v[0] && v[1] ? [v[0], v[1]] : null }))}
          />
        </Flex>
        <Flex align="center" gap={8}>
          <span style={{ width: 130 }}>Предпраздничный день короче на</span>
          <InputNumber
            size="small"
            min={0}
            max={240}
            step={15}
            value={state.shortDayMinutes}
            onChange={(v) => setState((s) => ({ ...s, shortDayMinutes: v ?? 0 }))}
            addonAfter="мин"
          />
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          Регламент, п. 1.4: пн–чт 08:30–17:00, пт 08:30–16:00, обед 12:30–13:30. Рабочее время определяет, какие звонки
          «вне рабочего времени», возраст открытых запросов и дату регистрации писем.
        </Typography.Text>
      </Space>
    </Card>
  );
}
