// The specialist's desk: drafts of calls, missed calls to call back, their open requests.
import { MailOutlined, PaperClipOutlined, PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Row, Space, Tag, Tooltip, Typography } from 'antd';
import { useMessage } from '../../lib/message';
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import type { CallDto, EntryDto, MailQueueItemDto } from '../../../../shared/api';
import { formatDateTime, formatDuration } from '../../../../shared/datetime';
import { OUTCOME_LABELS, STATUS_LABELS } from '../../../../shared/domain';
import { useCallAction, useCalls } from '../../api/calls';
import { useHeldMail, useMailQueue, useReleaseMail, useTakeMail } from '../../api/mail';
import { useMailLink } from '../../realtime/socket';
import { useEntries } from '../../api/entries';
import { useDirectory } from '../../api/users';
import { callerText, workingAgeText } from '../calls/callText';
import { LightTable } from '../../components/LightTable';
import { Switcher } from '../../components/light';
import { LiveStrip } from '../../components/live/LiveStrip';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { useDrafts } from '../../realtime/drafts';
import { useSocketEvent } from '../../realtime/socket';

// The entry panel (a mail being registered) and the manual registration form load when opened.
const EntryPanel = lazy(() => import('../../components/entry/EntryPanel').then((m) => ({ default: m.EntryPanel })));
// The manual registration form (with its date picker) loads when it is opened.
const ManualEntryModal = lazy(() =>
  import('../../components/ManualEntryModal').then((m) => ({ default: m.ManualEntryModal })),
);

export function DeskPage() {
  const { t } = useI18n();
  const me = useSession();
  const [manual, setManual] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const canWrite = me.user.role !== 'head';
  return (
    <>
      <PageHeader
        title={t('nav.desk')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setManual(true)} data-testid="manual-entry">
              {t('desk.manualEntry')}
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
          <MailQueue onOpen={setOpenId} />
        </Col>
        <Col span={24}>
          <MissedCalls />
        </Col>
        <Col span={24}>
          <MyOpenEntries />
        </Col>
      </Row>
      {openId !== null && (
        <Suspense fallback={null}>
          <EntryPanel id={openId} onClose={() => setOpenId(null)} />
        </Suspense>
      )}
      {manual && (
        <Suspense fallback={null}>
          <ManualEntryModal onClose={() => setManual(false)} />
        </Suspense>
      )}
    </>
  );
}

function Drafts() {
  const { t } = useI18n();
  const { drafts, setActive } = useDrafts();
  if (!drafts.length) return null;
  return (
    <Card title={t('desk.drafts.title')} size="small">
      <Space wrap>
        {drafts.map((d) => (
          <Button key={d.entry.id} icon={<PhoneOutlined />} onClick={() => setActive(d.entry.id)}>
            {callerText(t, d.entry.callerNumber)}
          </Button>
        ))}
      </Space>
    </Card>
  );
}

/** The shared «Почта» queue (mail nobody has taken) and the specialist's own mails being registered. */
function MailQueue({ onOpen }: { onOpen: (entryId: number) => void }) {
  const { t } = useI18n();
  const { timeZone, user } = useSession();
  const { message } = useMessage();
  const link = useMailLink();
  const queue = useMailQueue();
  const take = useTakeMail();
  const canWrite = user.role !== 'head';
  const mine = useEntries({ status: 'draft', channel: 'email', ownerId: user.id, limit: 50 }, canWrite);
  const items = queue.data?.items ?? [];
  const myDrafts = mine.data?.items ?? [];
  if (link.state === 'off' && !link.demo && !items.length && !myDrafts.length) {
    return (
      <Card title={t('desk.mail.title')} size="small" data-testid="mail-queue">
        <Typography.Text type="secondary">{t('desk.mail.off')}</Typography.Text>
      </Card>
    );
  }
  const takeIt = (entryId: number) =>
    take.mutate(entryId, {
      onSuccess: () => {
        void message.success(t('desk.mail.taken'));
        onOpen(entryId);
      },
      onError: (e) => void message.error(e.message),
    });
  return (
    <Card
      title={
        <Space>
          <MailOutlined />
          {t('desk.mail.title')}
          {items.length > 0 && <Tag color="blue">{items.length}</Tag>}
        </Space>
      }
      size="small"
      data-testid="mail-queue"
      extra={link.demo ? <Tag color="purple">{t('desk.mail.demo')}</Tag> : undefined}
    >
      {user.role !== 'specialist' && <HeldMail />}
      {myDrafts.length > 0 && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Typography.Text>{t('desk.mail.mine')}</Typography.Text>
          {myDrafts.map((d) => (
            <Button key={d.id} size="small" icon={<MailOutlined />} onClick={() => onOpen(d.id)} data-testid="my-mail">
              {(d.description.split('\n')[0] ?? '').slice(0, 60) || d.senderEmail}
            </Button>
          ))}
        </Space>
      )}
      <LightTable<MailQueueItemDto>
        rowKey={(q) => q.entryId}
        loading={queue.isLoading}
        rows={items}
        empty={t('desk.mail.empty')}
        columns={[
          {
            title: t('desk.mail.col.received'),
            render: (q) => formatDateTime(q.mail.receivedAt, timeZone),
            width: 140,
          },
          {
            title: t('desk.mail.col.from'),
            render: (q) => (
              <div>
                <div>{q.mail.fromName || q.mail.fromAddress}</div>
                {q.mail.fromName && <Typography.Text type="secondary">{q.mail.fromAddress}</Typography.Text>}
                {q.organizationName && <div style={{ fontSize: 12 }}>{q.organizationName}</div>}
              </div>
            ),
          },
          {
            title: t('desk.mail.col.subject'),
            render: (q) => (
              <div style={{ maxWidth: 560 }}>
                <Typography.Text strong>{q.mail.subject || t('desk.mail.noSubject')}</Typography.Text>
                {q.mail.attachments.length > 0 && (
                  <Tooltip title={q.mail.attachments.map((a) => a.filename).join(', ')}>
                    <Tag icon={<PaperClipOutlined />} style={{ marginLeft: 8 }}>
                      {q.mail.attachments.length}
                    </Tag>
                  </Tooltip>
                )}
                {q.openEntries > 0 && (
                  <Tag color="orange" style={{ marginLeft: 4 }}>
                    {t('desk.mail.senderOpen', { n: q.openEntries })}
                  </Tag>
                )}
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                  {q.mail.text}
                </Typography.Paragraph>
              </div>
            ),
          },
          {
            key: 'actions',
            width: 190,
            render: (q) => (
              <Space size={4}>
                {canWrite && (
                  <Button
                    size="small"
                    type="primary"
                    loading={take.isPending && take.variables === q.entryId}
                    onClick={() => takeIt(q.entryId)}
                    data-testid="take-mail"
                  >
                    {t('desk.mail.take')}
                  </Button>
                )}
                <Button size="small" onClick={() => onOpen(q.entryId)}>
                  {t('desk.mail.open')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** Mail held back (a sender sending too many): the head sees it, an admin lets one into the queue. */
function HeldMail() {
  const { t } = useI18n();
  const { timeZone, user } = useSession();
  const { message } = useMessage();
  const held = useHeldMail(true);
  const release = useReleaseMail();
  const items = held.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="held-mail"
      title={t('desk.held.title', { n: items.length })}
      description={
        <Space direction="vertical" size={2}>
          {items.slice(0, 10).map((m) => (
            <Space key={m.id} size={8} wrap>
              <span>
                {formatDateTime(m.receivedAt, timeZone)} · {m.fromAddress} · {m.subject || t('desk.mail.noSubject')}
              </span>
              {user.role === 'admin' && (
                <Button
                  size="small"
                  onClick={() =>
                    release.mutate(m.id, {
                      onSuccess: () => void message.success(t('desk.held.released')),
                      onError: (e) => void message.error(e.message),
                    })
                  }
                >
                  {t('desk.held.release')}
                </Button>
              )}
            </Space>
          ))}
        </Space>
      }
    />
  );
}

function MissedCalls() {
  const { t, label } = useI18n();
  const { timeZone, user } = useSession();
  const { message } = useMessage();
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
              ? t('desk.missed.calling')
              : action === 'take'
                ? t('desk.missed.taken')
                : t('desk.missed.marked'),
          ),
        onError: (e) => void message.error(e.message),
      },
    );

  return (
    <Card
      title={t('desk.missed.title')}
      size="small"
      extra={
        <Switcher
          value={view}
          onChange={setView}
          options={[
            { value: 'open', label: t('desk.missed.viewOpen') },
            { value: 'all', label: t('desk.missed.viewAll') },
          ]}
        />
      }
    >
      <LightTable<CallDto>
        data-testid="missed-calls"
        rowKey={(c) => c.id}
        loading={calls.isLoading}
        rows={calls.data?.items ?? []}
        empty={t('desk.missed.empty')}
        columns={[
          { title: t('call.col.time'), render: (c) => formatDateTime(c.startedAt, timeZone), width: 140 },
          { title: t('call.col.line'), render: (c) => c.line?.displayNumber ?? '' },
          { title: t('call.col.number'), render: (c) => <b>{callerText(t, c.callerNumber)}</b> },
          { title: t('call.col.waited'), render: (c) => formatDuration(c.waitSeconds) },
          {
            title: t('desk.missed.col.when'),
            render: (c) =>
              c.afterHours ? (
                <Tag color="purple">{t('desk.missed.afterHours')}</Tag>
              ) : (
                <Tag>{t('desk.missed.inHours')}</Tag>
              ),
          },
          {
            title: t('call.col.outcome'),
            render: (c) => (
              <Tag color={c.outcome === 'abandoned' ? 'orange' : 'red'}>{label(OUTCOME_LABELS, c.outcome)}</Tag>
            ),
          },
          {
            title: t('desk.missed.col.lostAge'),
            render: (c) => (
              <Tooltip title={t('desk.missed.lostAgeHint')}>
                <span data-testid="lost-age">{workingAgeText(t, c.lostWorkingSeconds)}</span>
              </Tooltip>
            ),
          },
          {
            title: t('desk.missed.col.callbackOwner'),
            render: (c) =>
              c.handledAt ? (
                <Typography.Text type="success">{t('desk.missed.handled')}</Typography.Text>
              ) : c.callbackOwnerId ? (
                nameOf(c.callbackOwnerId)
              ) : (
                <Typography.Text type="secondary">{t('desk.missed.unassigned')}</Typography.Text>
              ),
          },
          {
            key: 'actions',
            render: (c) =>
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
                    {t('desk.missed.callback')}
                  </Button>
                  {c.callbackOwnerId !== user.id && (
                    <Button size="small" onClick={() => run(c, 'take')}>
                      {t('desk.missed.take')}
                    </Button>
                  )}
                  <Button size="small" onClick={() => run(c, 'handled')}>
                    {t('desk.missed.markHandled')}
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
  const { t, label } = useI18n();
  const { user, timeZone } = useSession();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const entries = useEntries({ ownerId: user.id, status: 'open', limit: 50 }, user.role === 'specialist');
  // A mail answering one of them (or any change to them) shows at once.
  useSocketEvent('entry:updated', (e) => {
    if (e.ownerId === user.id) void qc.invalidateQueries({ queryKey: ['entries'] });
  });
  if (user.role !== 'specialist') return null;
  return (
    <Card title={t('desk.open.title')} size="small">
      <LightTable<EntryDto>
        rowKey={(e) => e.id}
        loading={entries.isLoading}
        rows={entries.data?.items ?? []}
        onRowClick={(e) => void navigate(`/journal?open=${e.id}`)}
        empty={t('desk.open.empty')}
        columns={[
          {
            title: t('desk.open.col.number'),
            width: 150,
            render: (e) => (
              <Space size={4} wrap>
                {e.regNumber}
                {e.newMailAt && (
                  <Tooltip title={t('desk.open.newMailAt', { at: formatDateTime(e.newMailAt, timeZone) })}>
                    <Tag color="blue" icon={<MailOutlined />} data-testid="new-mail">
                      {t('desk.open.newMail')}
                    </Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          { title: t('desk.open.col.date'), render: (e) => formatDateTime(e.registeredAt, timeZone), width: 140 },
          { title: t('desk.open.col.organization'), render: (e) => e.organizationName },
          { title: t('desk.open.col.description'), ellipsis: true, render: (e) => e.description },
          { title: t('desk.open.col.status'), render: (e) => label(STATUS_LABELS, e.status) },
          {
            title: <Tooltip title={t('desk.open.ageTitle')}>{t('desk.open.col.age')}</Tooltip>,
            width: 120,
            render: (e) => <span data-testid="working-age">{workingAgeText(t, e.workingAgeSeconds)}</span>,
          },
        ]}
      />
    </Card>
  );
}
