// An entry in the side panel: its fields (EntryFields, the same as the pop-up's and manual registration's),
// the lifecycle actions the reglament allows, approval, the calls, and every change in the history.
import {
  Alert,
  Button,
  Descriptions,
  Divider,
  Drawer,
  Form,
  Input,
  Modal,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useMessage } from '../../lib/message';
import { PaperClipOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import type { EntryDetailsDto, MailReplyDto, PatchEntryBody } from '../../../../shared/api';
import { formatDateTime, formatDuration } from '../../../../shared/datetime';
import {
  APPROVAL_LABELS,
  CHANNEL_LABELS,
  STATUS_LABELS,
  SUBSYSTEM_LABELS,
  TYPE_LABELS,
  isFinishedStatus,
  isOpenStatus,
  needsApproval,
  type RegisteredStatus,
} from '../../../../shared/domain';
import { formatWorkingAge } from '../../../../shared/format';
import { formatPhone } from '../../../../shared/phone';
import { ApiError } from '../../api/http';
import { useCallerContext, useEntries, useEntry, useMailSeen, usePatchEntry } from '../../api/entries';
import { useDirectory } from '../../api/users';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { useMailLink, useSocketEvent } from '../../realtime/socket';
import { StatusTag } from './StatusTag';
import { EntryFields, entryFieldValues, type EntryFieldValues } from './EntryFields';
import '../../lib/messages/entry';
import { FIELD_LABELS, HISTORY_ACTION_LABELS } from '../../../../shared/history-labels';

type Fields = EntryFieldValues;

interface Ask {
  title: string;
  field: 'resolution' | 'reason' | 'approvalRef' | 'notRequestReason';
  label: string;
  body: Omit<PatchEntryBody, 'version'>;
  /** What to say when it is done. */
  done: string;
  /** The field's text to start from. */
  initial?: string;
  /** Closing an email entry: the reply to the sender, shown and editable before it goes. */
  reply?: { to: string };
}

/** The button moving an entry to a status; registering a draft and reopening finished work say so. */
const MOVE_LABELS: Record<RegisteredStatus, MessageKey> = {
  in_progress: 'entry.toWork',
  awaiting_feedback: 'entry.askInfo',
  passed_to_developer: 'entry.toDeveloper',
  resolved: 'entry.resolve',
  closed: 'entry.close',
};
const REGISTER_LABELS: Partial<Record<RegisteredStatus, MessageKey>> = {
  in_progress: 'entry.register',
  awaiting_feedback: 'entry.registerAwaiting',
  resolved: 'entry.registerResolved',
  closed: 'entry.registerAndClose',
};
function moveLabel(e: EntryDetailsDto, to: RegisteredStatus): MessageKey {
  const registering = e.can.register ? REGISTER_LABELS[to] : undefined;
  if (registering) return registering;
  return to === 'in_progress' && isFinishedStatus(e.status) ? 'entry.reopen' : MOVE_LABELS[to];
}

const REPLY_LABELS: Record<MailReplyDto['status'], { text: MessageKey; color: string }> = {
  queued: { text: 'panel.reply.queued', color: 'gold' },
  sent: { text: 'panel.reply.sent', color: 'green' },
  failed: { text: 'panel.reply.failed', color: 'red' },
};

export function EntryPanel({ id, onClose }: { id: number | null; onClose: () => void }) {
  return (
    <Drawer open={id !== null} onClose={onClose} size={760} title={id ? <PanelTitle id={id} /> : null} destroyOnHidden>
      {id !== null && <PanelBody id={id} />}
    </Drawer>
  );
}

function PanelTitle({ id }: { id: number }) {
  const entry = useEntry(id);
  const { t, label } = useI18n();
  const e = entry.data;
  if (!e) return <span>{t('panel.title')}</span>;
  return (
    <Space wrap>
      <span>
        {e.regNumber
          ? t('panel.titleNumber').replace('{n}', e.regNumber)
          : t('panel.titleDraft').replace('{id}', String(e.id))}
      </span>
      <StatusTag status={e.status} />
      {e.approval && (
        <Tag color={e.approval === 'approved' ? 'green' : e.approval === 'rejected' ? 'red' : 'gold'}>
          {label(APPROVAL_LABELS, e.approval)}
        </Tag>
      )}
    </Space>
  );
}

function PanelBody({ id }: { id: number }) {
  const { user, timeZone } = useSession();
  const { t, label } = useI18n();
  const { message } = useMessage();
  const entry = useEntry(id);
  const patch = usePatchEntry();
  const [form] = Form.useForm<Fields>();
  const [ask, setAsk] = useState<Ask | null>(null);
  const [askValue, setAskValue] = useState('');
  const [replyValue, setReplyValue] = useState('');
  const mailLink = useMailLink();
  const [conflict, setConflict] = useState(false);
  const people = useDirectory();
  const names = new Map((people.data?.items ?? []).map((p) => [p.id, p.fullName]));
  const e = entry.data;
  // A repeat caller: the organisations and people the pop-up offered for the number.
  const caller = useCallerContext(e?.callerNumber, id);
  // Changes made elsewhere (a reply sent, a mail received, another user) show at once.
  useSocketEvent('entry:updated', (u) => {
    if (u.id === id) void entry.refetch();
  });

  useEffect(() => {
    if (e) form.setFieldsValue(entryFieldValues(e));
  }, [e, form]);
  // The owner has now seen the mail that came in: the desk stops marking the entry.
  const mailSeen = useMailSeen();
  const unseen = e?.newMailAt && e.ownerId === user.id ? e.id : null;
  useEffect(() => {
    // Once per entry that has new mail (the mutation object changes on every render).
    if (unseen !== null) mailSeen.mutate(unseen);
  }, [unseen]);

  if (!e) return <Spin />;
  // What this user may do comes with the entry (server/journal/lifecycle.ts); nothing else is offered.
  const { can } = e;
  // Shown data may be a cached copy being refreshed (another user's change just arrived): an action
  // waits for the fresh copy and acts on it, rather than being disabled under the user's click.
  const busy = patch.isPending;
  const fresh = async (): Promise<EntryDetailsDto> => (entry.isFetching ? ((await entry.refetch()).data ?? e) : e);

  const send = (body: Omit<PatchEntryBody, 'version'>, done: string, cur: EntryDetailsDto = e) =>
    patch.mutate(
      { id: cur.id, body: { version: cur.version, ...body } },
      {
        onSuccess: () => {
          setAsk(null);
          setAskValue('');
          setConflict(false);
          void message.success(done);
        },
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'version_conflict') setConflict(true);
          if (err instanceof ApiError && err.fields) {
            form.setFields(
              Object.entries(err.fields).map(([name, m]) => ({ name: name as keyof Fields, errors: [m] })),
            );
          }
          void message.error(err.message);
        },
      },
    );

  const changed = (cur: EntryDetailsDto = e): Partial<Fields> => {
    const v = form.getFieldsValue();
    const out: Partial<Fields> = {};
    for (const k of Object.keys(v) as (keyof Fields)[]) {
      if ((v[k] ?? '') !== (cur[k] ?? '')) (out as Record<string, unknown>)[k] = v[k];
    }
    return out;
  };

  const openAsk = (a: Ask) => {
    setAskValue(a.initial ?? '');
    setReplyValue(a.initial ?? '');
    setAsk(a);
  };

  const statusDone = (status: RegisteredStatus) =>
    t('panel.statusChanged').replace('{status}', label(STATUS_LABELS, status));
  const to = async (status: RegisteredStatus, title: string) => {
    const cur = await fresh();
    const fields = changed(cur);
    const resolution = ((form.getFieldValue('resolution') as string | undefined) ?? '').trim();
    // Reglament 3.4.1: closing a request that came by email answers the sender; the text is shown first.
    const replyTo = status === 'closed' && cur.channel === 'email' ? cur.senderEmail : null;
    if (replyTo || (isFinishedStatus(status) && !resolution)) {
      openAsk({
        title,
        field: 'resolution',
        label: t('entry.field.resolution'),
        body: { ...fields, status },
        done: statusDone(status),
        ...(replyTo ? { initial: resolution, reply: { to: replyTo } } : {}),
      });
      return;
    }
    if (isFinishedStatus(cur.status) && isOpenStatus(status)) {
      openAsk({
        title,
        field: 'reason',
        label: t('panel.reopenReason'),
        body: { ...fields, status },
        done: statusDone(status),
      });
      return;
    }
    send({ ...fields, status }, statusDone(status), cur);
  };

  const actions = can.statuses
    .filter((s): s is RegisteredStatus => s !== 'not_request')
    .map((status) => ({ status, label: t(moveLabel(e, status)) }));

  return (
    <>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('panel.conflict.title')}
          description={t('panel.conflict.text')}
          action={
            <Button size="small" onClick={() => void entry.refetch().then(() => setConflict(false))}>
              {t('panel.conflict.refresh')}
            </Button>
          }
        />
      )}
      <Descriptions size="small" column={2} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('panel.date')}>{formatDateTime(e.registeredAt, timeZone) || '—'}</Descriptions.Item>
        {e.workingAgeSeconds !== null && (
          <Descriptions.Item label={t('panel.workingAge')}>
            {formatWorkingAge(e.workingAgeSeconds)}
            {e.status === 'awaiting_feedback' ? t('panel.paused') : ''}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('panel.owner')}>{e.ownerName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('entry.channel')}>{label(CHANNEL_LABELS, e.channel)}</Descriptions.Item>
        <Descriptions.Item label={t('entry.line')}>{e.line?.displayNumber ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('panel.numberOrAddress')}>
          {formatPhone(e.callerNumber) || e.senderEmail || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('panel.resolvedAt')}>
          {formatDateTime(e.resolvedAt, timeZone) || '—'}
        </Descriptions.Item>
        {e.notRequestReason && (
          <Descriptions.Item label={t('entry.notRequest')} span={2}>
            {e.notRequestReason}
          </Descriptions.Item>
        )}
      </Descriptions>

      <Form<Fields>
        form={form}
        layout="vertical"
        size="small"
        disabled={!can.edit}
        initialValues={entryFieldValues(e)}
        name={`entry-${e.id}`}
      >
        <EntryFields
          editable={can.edit}
          resolution="shown"
          callerNumber={e.callerNumber}
          suggestions={caller.data?.suggestions}
          answered={
            isFinishedStatus(e.status)
              ? null
              : {
                  exclude: e.id,
                  onUse: (resolution) => {
                    form.setFieldValue('resolution', resolution);
                    void message.success(t('answered.used'));
                  },
                }
          }
        />
      </Form>

      {(can.edit || can.statuses.length > 0) && (
        <Space wrap style={{ marginBottom: 12 }} data-testid="entry-actions">
          {can.edit && (
            <Button
              type="primary"
              loading={patch.isPending}
              onClick={() => send(changed(), t('entry.saved'))}
              data-testid="entry-save"
            >
              {t('common.save')}
            </Button>
          )}
          {actions.map((a) => (
            <Button
              key={a.status}
              disabled={busy}
              onClick={() => void to(a.status, a.label)}
              data-testid={`to-${a.status}`}
            >
              {a.label}
            </Button>
          ))}
          {can.statuses.includes('not_request') && (
            <Button
              danger
              disabled={busy}
              data-testid="to-not_request"
              onClick={() =>
                openAsk({
                  title: t('entry.notRequest'),
                  field: 'notRequestReason',
                  label: t('panel.notRequestReason'),
                  body: { ...changed(), status: 'not_request' },
                  done: t('entry.markedNotRequest'),
                })
              }
            >
              {t('entry.notRequest')}
            </Button>
          )}
        </Space>
      )}
      {e.status === 'draft' && e.channel === 'email' && e.ownerId === null && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('panel.mailQueue.title')}
          description={t('panel.mailQueue.text')}
        />
      )}

      {needsApproval(e.type) && e.status !== 'draft' && (
        <Alert
          type={e.approval === 'approved' ? 'success' : e.approval === 'rejected' ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          title={t('panel.approval').replace('{state}', e.approval ? label(APPROVAL_LABELS, e.approval) : '—')}
          description={
            e.approvalAt
              ? `${formatDateTime(e.approvalAt, timeZone)} · ${e.approvalRef ?? ''}`
              : t('panel.approvalHint')
          }
          action={
            can.approve ? (
              <Space direction="vertical">
                <Button
                  size="small"
                  type="primary"
                  data-testid="approve"
                  onClick={() =>
                    openAsk({
                      title: t('entry.approve'),
                      field: 'approvalRef',
                      label: t('panel.approvedBy'),
                      body: { approval: 'approved' },
                      done: t('panel.approvedDone'),
                    })
                  }
                >
                  {t('entry.approve')}
                </Button>
                <Button
                  size="small"
                  danger
                  data-testid="reject"
                  onClick={() =>
                    openAsk({
                      title: t('entry.reject'),
                      field: 'approvalRef',
                      label: t('panel.rejectedBy'),
                      body: { approval: 'rejected' },
                      done: t('panel.rejectedDone'),
                    })
                  }
                >
                  {t('entry.reject')}
                </Button>
              </Space>
            ) : undefined
          }
        />
      )}

      {e.mails.length > 0 && (
        <>
          <Divider plain>{t('panel.mails')}</Divider>
          {e.mails.map((m) => (
            <div key={m.id} data-testid="entry-mail" style={{ marginBottom: 12 }}>
              <Typography.Text strong>{m.subject || t('panel.noSubject')}</Typography.Text>{' '}
              <Typography.Text type="secondary">
                {formatDateTime(m.receivedAt, timeZone)} ·{' '}
                {m.fromName ? `${m.fromName} <${m.fromAddress}>` : m.fromAddress}
              </Typography.Text>
              <Typography.Paragraph
                style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}
                ellipsis={{
                  rows: 6,
                  expandable: 'collapsible',
                  symbol: (open) => t(open ? 'panel.collapse' : 'panel.expand'),
                }}
              >
                {m.text || t('panel.noText')}
              </Typography.Paragraph>
              <Space wrap size={12}>
                {m.attachments.map((a) => (
                  <a
                    key={a.id}
                    href={`/api/mail/attachments/${a.id}`}
                    download={a.filename}
                    data-testid="mail-attachment"
                  >
                    <PaperClipOutlined /> {a.filename} ({Math.max(1, Math.round(a.size / 1024))} {t('panel.kb')})
                  </a>
                ))}
                <a href={`/api/mail/messages/${m.id}/raw`} download>
                  {t('panel.rawMail')}
                </a>
              </Space>
            </div>
          ))}
        </>
      )}

      {e.senderEmail && <SenderEntries sender={e.senderEmail} exclude={e.id} />}

      {e.replies.length > 0 && (
        <>
          <Divider plain>{t('panel.replies')}</Divider>
          {e.replies.map((r) => (
            <div key={r.id} data-testid="entry-reply" style={{ marginBottom: 8 }}>
              <Tag color={REPLY_LABELS[r.status].color}>{t(REPLY_LABELS[r.status].text)}</Tag>
              <Typography.Text type="secondary">
                {formatDateTime(r.sentAt ?? r.createdAt, timeZone)} · {r.toAddress} · {r.subject}
              </Typography.Text>
              {r.lastError && r.status !== 'sent' && (
                <div>
                  <Typography.Text type="danger">{r.lastError}</Typography.Text>
                </div>
              )}
            </div>
          ))}
        </>
      )}

      {e.calls.length > 0 && (
        <>
          <Divider plain>{t('panel.calls')}</Divider>
          {e.calls.map((c) => (
            <div key={c.id}>
              {formatDateTime(c.startedAt, timeZone)} ·{' '}
              {t(c.direction === 'outbound' ? 'panel.outbound' : 'panel.inbound')} · {formatPhone(c.callerNumber)} ·{' '}
              {t('panel.talk')} {formatDuration(c.talkSeconds)} · {c.userName ?? ''}
            </div>
          ))}
        </>
      )}

      <Divider plain>{t('panel.history')}</Divider>
      <Timeline
        data-testid="history"
        items={e.history.map((h) => ({
          content: (
            <div>
              <Typography.Text strong>{label(HISTORY_ACTION_LABELS, h.action)}</Typography.Text>{' '}
              <Typography.Text type="secondary">
                {formatDateTime(h.at, timeZone)} · {h.userName ?? t('panel.system')}
              </Typography.Text>
              {h.comment && <div>{h.comment}</div>}
              {h.changes.map((c, i) => (
                <div key={i} style={{ fontSize: 12, color: '#595959' }}>
                  {label(FIELD_LABELS, c.field)}: {show(c.field, c.from, timeZone, names, label)} →{' '}
                  {show(c.field, c.to, timeZone, names, label)}
                </div>
              ))}
            </div>
          ),
        }))}
      />

      <Modal
        open={ask !== null}
        title={ask?.title}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={patch.isPending}
        onCancel={() => setAsk(null)}
        onOk={() => {
          if (!ask) return;
          if (!askValue.trim()) {
            void message.warning(t('panel.fillField').replace('{label}', ask.label));
            return;
          }
          const reply = ask.reply && mailLink.replies ? { mailReply: replyValue.trim() || askValue.trim() } : {};
          send({ ...ask.body, [ask.field]: askValue.trim(), ...reply }, ask.done);
        }}
      >
        <Typography.Paragraph>{ask?.label}</Typography.Paragraph>
        <Input.TextArea
          autoFocus
          value={askValue}
          onChange={(ev) => {
            // The reply follows the resolution until the specialist edits the reply itself.
            if (replyValue === askValue) setReplyValue(ev.target.value);
            setAskValue(ev.target.value);
          }}
          autoSize={{ minRows: 3 }}
          data-testid="ask-input"
        />
        {ask?.reply &&
          (mailLink.replies ? (
            <>
              <Typography.Paragraph style={{ marginTop: 12 }}>
                {t('panel.replyTo')} <b>{ask.reply.to}</b>:
              </Typography.Paragraph>
              <Input.TextArea
                value={replyValue}
                onChange={(ev) => setReplyValue(ev.target.value)}
                autoSize={{ minRows: 4 }}
                data-testid="reply-input"
              />
            </>
          ) : (
            <Alert
              style={{ marginTop: 12 }}
              type="warning"
              showIcon
              title={t('panel.smtpOff.title')}
              description={t('panel.smtpOff.text').replace('{to}', ask.reply.to)}
            />
          ))}
      </Modal>
    </>
  );
}

/** The sender's other requests, open ones first: a mail may continue one of them. */
function SenderEntries({ sender, exclude }: { sender: string; exclude: number }) {
  const { timeZone } = useSession();
  const { t } = useI18n();
  const list = useEntries({ sender, limit: 11 });
  const items = (list.data?.items ?? []).filter((x) => x.id !== exclude && x.status !== 'draft');
  if (!items.length) return null;
  const open = items.filter((x) => isOpenStatus(x.status));
  return (
    <>
      <Divider plain>{t('panel.senderEntries')}</Divider>
      {[...open, ...items.filter((x) => !isOpenStatus(x.status))].slice(0, 10).map((x) => (
        <div key={x.id} data-testid="sender-entry" style={{ marginBottom: 4 }}>
          <StatusTag status={x.status} /> <b>{x.regNumber ?? `#${x.id}`}</b>{' '}
          <Typography.Text type="secondary">{formatDateTime(x.registeredAt, timeZone)}</Typography.Text> —{' '}
          {x.description.split('\n')[0]?.slice(0, 120)}
        </div>
      ))}
    </>
  );
}

function show(
  field: string,
  v: unknown,
  tz: string,
  names: Map<number, string>,
  label: (map: Record<string, { ru: string; en: string }>, key: string) => string,
): string {
  if (v === null || v === undefined || v === '') return '—';
  const text =
    typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  const labelOf = (map: Record<string, { ru: string; en: string }>) => label(map, text);
  switch (field) {
    case 'ownerId':
      return names.get(Number(text)) ?? `#${text}`;
    case 'status':
      return labelOf(STATUS_LABELS);
    case 'type':
      return labelOf(TYPE_LABELS);
    case 'subsystem':
      return labelOf(SUBSYSTEM_LABELS);
    case 'approval':
      return labelOf(APPROVAL_LABELS);
    case 'resolvedAt':
      return formatDateTime(text, tz);
    default:
      return text.length > 120 ? `${text.slice(0, 120)}…` : text;
  }
}
