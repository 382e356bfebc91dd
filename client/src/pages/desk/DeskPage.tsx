// The specialist's desk: drafts of calls, missed calls to call back, their open requests.
import { PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Row, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import type { CallDto, EntryDto } from '../../../../shared/api';
import { formatDateTime, formatDuration } from '../../../../shared/datetime';
import { OUTCOME_LABELS, STATUS_LABELS } from '../../../../shared/domain';
import { formatWorkingAge } from '../../../../shared/format';
import { callerLabel } from '../../../../shared/phone';
import { useCallAction, useCalls } from '../../api/calls';
import { useEntries } from '../../api/entries';
import { useDirectory } from '../../api/users';
import { LiveStrip } from '../../components/live/LiveStrip';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { useDrafts } from '../../realtime/drafts';
import { useSocketEvent } from '../../realtime/socket';

// The manual registration form (with its date picker) loads when it is opened.
const ManualEntryModal = lazy(() =>
  import('../../components/ManualEntryModal').then((m) => ({ default: m.ManualEntryModal })),
);

export function DeskPage() {
  const { t } = useI18n();
  const me = useSession();
  const [manual, setManual] = useState(false);
  const canWrite = me.user.role !== 'head';
  return (
    <>
      <PageHeader
        title={t('nav.desk')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setManual(true)} data-testid="manual-entry">
              Зарегистрировать вручную
            </Button>
          )
        }
      />
      <LiveStrip />
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Drafts />
        </Col>
        <Col span={24}>
          <MissedCalls />
        </Col>
        <Col span={24}>
          <MyOpenEntries />
        </Col>
      </Row>
      {manual && (
        <Suspense fallback={null}>
          <ManualEntryModal onClose={() => setManual(false)} />
        </Suspense>
      )}
    </>
  );
}

function Drafts() {
  const { drafts, setActive } = useDrafts();
  if (!drafts.length) return null;
  return (
    <Card title="Незавершённые черновики звонков" size="small">
      <Space wrap>
        {drafts.map((d) => (
          <Button key={d.entry.id} icon={<PhoneOutlined />} onClick={() => setActive(d.entry.id)}>
            {callerLabel(d.entry.callerNumber)}
          </Button>
        ))}
      </Space>
    </Card>
  );
}

function MissedCalls() {
  const { timeZone, user } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [view, setView] = useState<'open' | 'all'>('open');
  const calls = useCalls({ view: 'missed', limit: 100, ...(view === 'open' ? { handled: 'false' } : {}) });
  const people = useDirectory();
  const act = useCallAction();
  const nameOf = (id: number | null) => people.data?.items.find((p) => p.id === id)?.fullName ?? '';
  useSocketEvent('call:updated', () => void qc.invalidateQueries({ queryKey: ['calls'] }));

  const run = (c: CallDto, action: 'take' | 'handled' | 'callback') =>
    act.mutate(
      { id: c.id, action },
      {
        onSuccess: () =>
          void message.success(
            action === 'callback'
              ? 'Звоним: снимите трубку своего телефона, затем АТС наберёт абонента'
              : action === 'take'
                ? 'Звонок закреплён за вами'
                : 'Отмечено как обработанный',
          ),
        onError: (e) => void message.error(e.message),
      },
    );

  return (
    <Card
      title="Пропущенные звонки"
      size="small"
      extra={
        <Segmented
          size="small"
          value={view}
          onChange={(v) => setView(v as 'open' | 'all')}
          options={[
            { value: 'open', label: 'Ждут ответа' },
            { value: 'all', label: 'Все' },
          ]}
        />
      }
    >
      <Table<CallDto>
        data-testid="missed-calls"
        rowKey="id"
        size="small"
        loading={calls.isLoading}
        dataSource={calls.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="Пропущенных звонков нет" image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        columns={[
          { title: 'Время', dataIndex: 'startedAt', render: (v: string) => formatDateTime(v, timeZone), width: 140 },
          { title: 'Линия', render: (_: unknown, c) => c.line?.displayNumber ?? '' },
          { title: 'Номер', render: (_: unknown, c) => <b>{callerLabel(c.callerNumber)}</b> },
          { title: 'Ждал', dataIndex: 'waitSeconds', render: (v: number | null) => formatDuration(v) },
          {
            title: 'Когда',
            render: (_: unknown, c) =>
              c.afterHours ? <Tag color="purple">в нерабочее время</Tag> : <Tag>в рабочее время</Tag>,
          },
          {
            title: 'Исход',
            render: (_: unknown, c) => (
              <Tag color={c.outcome === 'abandoned' ? 'orange' : 'red'}>
                {c.outcome ? OUTCOME_LABELS[c.outcome].ru : ''}
              </Tag>
            ),
          },
          {
            title: 'Ждёт перезвона',
            render: (_: unknown, c) => (
              <Tooltip title="Рабочее время с конца звонка до перезвона (или до сих пор)">
                <span data-testid="lost-age">{formatWorkingAge(c.lostWorkingSeconds)}</span>
              </Tooltip>
            ),
          },
          {
            title: 'Перезванивает',
            render: (_: unknown, c) =>
              c.handledAt ? (
                <Typography.Text type="success">обработан</Typography.Text>
              ) : c.callbackOwnerId ? (
                nameOf(c.callbackOwnerId)
              ) : (
                <Typography.Text type="secondary">не назначен</Typography.Text>
              ),
          },
          {
            key: 'actions',
            render: (_: unknown, c) =>
              !c.handledAt &&
              user.role !== 'head' && (
                <Space size={4}>
                  <Button
                    size="small"
                    type="primary"
                    icon={<PhoneOutlined />}
                    onClick={() => run(c, 'callback')}
                    disabled={!c.callerNumber}
                  >
                    Перезвонить
                  </Button>
                  {c.callbackOwnerId !== user.id && (
                    <Button size="small" onClick={() => run(c, 'take')}>
                      Взять себе
                    </Button>
                  )}
                  <Button size="small" onClick={() => run(c, 'handled')}>
                    Обработан
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}

function MyOpenEntries() {
  const { user, timeZone } = useSession();
  const navigate = useNavigate();
  const entries = useEntries({ ownerId: user.id, status: 'open', limit: 50 }, user.role === 'specialist');
  if (user.role !== 'specialist') return null;
  return (
    <Card title="Мои открытые запросы" size="small">
      <Table<EntryDto>
        rowKey="id"
        size="small"
        loading={entries.isLoading}
        dataSource={entries.data?.items ?? []}
        pagination={false}
        onRow={(e) => ({ onClick: () => void navigate(`/journal?open=${e.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <Empty description="Открытых запросов нет" image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        columns={[
          { title: '№', dataIndex: 'regNumber', width: 100 },
          { title: 'Дата', dataIndex: 'registeredAt', render: (v: string) => formatDateTime(v, timeZone), width: 140 },
          { title: 'Наименование ОО', dataIndex: 'organizationName' },
          { title: 'Описание запроса', dataIndex: 'description', ellipsis: true },
          { title: 'Статус', dataIndex: 'status', render: (s: EntryDto['status']) => STATUS_LABELS[s].ru },
          {
            title: <Tooltip title="Рабочее время с регистрации, без ожидания обратной связи">Раб. время</Tooltip>,
            dataIndex: 'workingAgeSeconds',
            width: 120,
            render: (v: number | null) => <span data-testid="working-age">{formatWorkingAge(v)}</span>,
          },
        ]}
      />
    </Card>
  );
}
