// One draft in the pop-up: built for speed during a call. The description has focus, Ctrl+Enter
// registers, a repeat caller's organisation and person are one click away (the fields are EntryFields,
// the same as the panel's and manual registration's).
import { Button, Divider, Flex, Form, Input, List, Popover, Space, Tag, Tooltip, Typography } from 'antd';
import { useMessage } from '../../lib/message';
import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { PatchEntryBody } from '../../../../shared/api';
import { formatDate } from '../../../../shared/datetime';
import { STATUS_LABELS } from '../../../../shared/domain';
import { formatPhone } from '../../../../shared/phone';
import type { DraftPushDto } from '../../../../shared/socket';
import { ApiError } from '../../api/http';
import { useAttachEntry, usePatchEntry } from '../../api/entries';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { useDrafts } from '../../realtime/drafts';
import { CallTimer } from './CallTimer';
import { EntryFields, entryFieldValues, type EntryFieldValues } from '../entry/EntryFields';
import '../../lib/messages/entry';

type Values = EntryFieldValues;

const NOT_REQUEST_REASONS: MessageKey[] = [
  'draft.reason.wrongNumber',
  'draft.reason.dropped',
  'draft.reason.spam',
  'draft.reason.offTopic',
];

const storageKey = (id: number) => `callog.draft.${id}`;

export function DraftForm({ push }: { push: DraftPushDto }) {
  const { entry, call, suggestions, recent } = push;
  // What this user may do with it comes with the entry: a draft is registered, an open entry handed
  // over with the call is saved; nothing the server would refuse is offered.
  const { can } = entry;
  const { t, label } = useI18n();
  const { timeZone } = useSession();
  const { message } = useMessage();
  const drafts = useDrafts();
  const patch = usePatchEntry();
  const attach = useAttachEntry();
  const [form] = Form.useForm<Values>();
  const [closing, setClosing] = useState(false);
  const [notRequestOpen, setNotRequestOpen] = useState(false);
  const [reason, setReason] = useState('');
  const description = useRef<HTMLTextAreaElement | null>(null);
  const busy = patch.isPending || attach.isPending;

  const initial = useMemo<Values>(() => {
    const saved = localStorage.getItem(storageKey(entry.id));
    const base = entryFieldValues(entry);
    return saved ? { ...base, ...(JSON.parse(saved) as Partial<Values>) } : base;
  }, [entry]);

  // Focused as the form mounts (not a moment later): the first key typed goes into the description.
  useLayoutEffect(() => {
    description.current?.focus({ preventScroll: true });
  }, [entry.id]);

  /** Typed text survives a reload: kept locally until the draft is registered or dismissed. */
  const remember = (_: Partial<Values>, all: Values) => localStorage.setItem(storageKey(entry.id), JSON.stringify(all));

  const fail = (err: Error) => {
    if (err instanceof ApiError && err.fields) {
      form.setFields(
        Object.entries(err.fields).map(([name, errors]) => ({ name: name as keyof Values, errors: [errors] })),
      );
    }
    void message.error(err.message);
  };

  // Promise-based: the server's push may close this pop-up before the HTTP answer arrives.
  const finish = (body: Omit<PatchEntryBody, 'version'>, done: string) =>
    patch.mutateAsync({ id: entry.id, body: { version: entry.version, ...body } }).then((e) => {
      void message.success(done.replace('{n}', e.regNumber ?? ''));
      drafts.remove(entry.id);
    }, fail);

  const fields = () => {
    const v = form.getFieldsValue();
    return {
      type: v.type,
      subsystem: v.subsystem,
      description: v.description ?? '',
      organizationName: v.organizationName ?? '',
      organizationId: v.organizationId ?? null,
      personName: v.personName ?? '',
      additionalInfo: v.additionalInfo ?? '',
      note: v.note ?? '',
    };
  };

  const register = () => void finish({ ...fields(), status: 'in_progress' }, t('entry.registered'));
  const save = () => void finish(fields(), t('entry.saved'));
  const primary = can.register && can.statuses.includes('in_progress') ? register : can.edit ? save : null;
  const close = () => {
    const resolution = (form.getFieldValue('resolution') as string | undefined)?.trim() ?? '';
    if (!resolution) {
      form.setFields([{ name: 'resolution', errors: [t('entry.required.resolution')] }]);
      return;
    }
    void finish({ ...fields(), resolution, status: 'closed' }, t('entry.registeredClosed'));
  };
  const notRequest = (why: string) =>
    void finish({ status: 'not_request', notRequestReason: why }, t('entry.markedNotRequest'));
  const attachTo = (targetId: number) =>
    attach.mutateAsync({ id: entry.id, targetId, version: entry.version }).then((e) => {
      void message.success(t('draft.attached').replace('{n}', e.regNumber ?? String(e.id)));
      drafts.remove(entry.id);
    }, fail);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (closing) close();
      else primary?.();
    }
    if (e.key === 'Escape') drafts.setMinimized(true);
  };

  return (
    <div onKeyDown={onKeyDown} data-testid={`draft-${entry.id}`}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Space direction="vertical" size={0}>
          <Typography.Text strong style={{ fontSize: 18 }} data-testid="caller">
            {formatPhone(entry.callerNumber) || t('draft.numberHidden')}
          </Typography.Text>
          <Typography.Text type="secondary">
            {call.direction === 'outbound'
              ? t('draft.callback')
              : t('draft.line').replace('{line}', entry.line?.displayNumber ?? '')}
            {call.queue ? t('draft.queue').replace('{queue}', call.queue) : ''}
          </Typography.Text>
        </Space>
        <CallTimer call={call} />
      </Flex>

      <Form<Values>
        form={form}
        name={`draft-${entry.id}`}
        layout="vertical"
        size="small"
        initialValues={initial}
        onValuesChange={remember}
        requiredMark={false}
        disabled={!can.edit}
      >
        <EntryFields
          compact
          editable={can.edit}
          resolution={closing ? 'focused' : 'hidden'}
          callerNumber={entry.callerNumber}
          suggestions={suggestions}
          descriptionRef={(el) => void (description.current = el)}
          onSet={() => remember({}, form.getFieldsValue())}
          answered={{
            exclude: entry.id,
            onUse: (resolution) => {
              setClosing(true);
              form.setFieldValue('resolution', resolution);
              remember({}, form.getFieldsValue());
              void message.success(t('answered.used'));
            },
          }}
        />
      </Form>

      <Flex gap={8} wrap justify="space-between">
        <Space wrap>
          {closing ? (
            <>
              <Button type="primary" onClick={close} loading={busy} data-testid="close-with-resolution">
                {t('draft.closeRequest')}
              </Button>
              <Button onClick={() => setClosing(false)}>{t('common.back')}</Button>
            </>
          ) : (
            <>
              {primary && (
                <Tooltip title="Ctrl+Enter">
                  <Button type="primary" onClick={primary} loading={busy} data-testid="register">
                    {t(primary === register ? 'entry.register' : 'common.save')}
                  </Button>
                </Tooltip>
              )}
              {can.close && (
                <Button onClick={() => setClosing(true)} data-testid="close">
                  {t('entry.closeWithResolution')}
                </Button>
              )}
            </>
          )}
        </Space>
        <Space wrap>
          {can.statuses.includes('not_request') && (
            <Popover
              open={notRequestOpen}
              onOpenChange={setNotRequestOpen}
              trigger="click"
              title={t('draft.notRequestTitle')}
              content={
                <Space direction="vertical" style={{ width: 280 }}>
                  {NOT_REQUEST_REASONS.map((r) => (
                    <Button key={r} block onClick={() => notRequest(t(r))}>
                      {t(r)}
                    </Button>
                  ))}
                  <Input.Search
                    placeholder={t('draft.otherReason')}
                    enterButton={t('common.ok')}
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                    onSearch={(v) => v.trim() && notRequest(v.trim())}
                  />
                </Space>
              }
            >
              <Button danger data-testid="not-request">
                {t('entry.notRequest')}
              </Button>
            </Popover>
          )}
          {can.attach && <AttachButton recent={recent} onAttach={attachTo} timeZone={timeZone} />}
        </Space>
      </Flex>

      {recent.length > 0 && (
        <>
          <Divider style={{ margin: '12px 0 4px' }} plain>
            {t('draft.recent')}
          </Divider>
          <List
            size="small"
            dataSource={recent}
            renderItem={(r) => (
              <List.Item style={{ padding: '4px 0' }}>
                <Space size={6} wrap>
                  <Typography.Text strong>{r.regNumber ?? '—'}</Typography.Text>
                  <Typography.Text type="secondary">
                    {formatDate(r.registeredAt ?? r.createdAt, timeZone)}
                  </Typography.Text>
                  <Tag color={r.open ? 'orange' : 'default'}>
                    {r.open ? `${t('draft.open')} · ` : ''}
                    {label(STATUS_LABELS, r.status)}
                  </Tag>
                  <Typography.Text ellipsis style={{ maxWidth: 260 }}>
                    {r.description}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
    </div>
  );
}

function AttachButton({
  recent,
  onAttach,
  timeZone,
}: {
  recent: DraftPushDto['recent'];
  onAttach: (id: number) => void;
  timeZone: string;
}) {
  const { t } = useI18n();
  const candidates = recent.filter((r) => r.regNumber);
  return (
    <Popover
      trigger="click"
      title={t('draft.attachTitle')}
      content={
        candidates.length ? (
          <List
            size="small"
            style={{ width: 360 }}
            dataSource={candidates}
            renderItem={(r) => (
              <List.Item
                actions={[
                  <Button key="a" size="small" onClick={() => onAttach(r.id)}>
                    {t('draft.attachHere')}
                  </Button>,
                ]}
              >
                <Space direction="vertical" size={0}>
                  <span>
                    <b>{r.regNumber}</b> {t('draft.from')} {formatDate(r.registeredAt ?? r.createdAt, timeZone)}{' '}
                    {r.open && <Tag color="orange">{t('draft.open')}</Tag>}
                  </span>
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 260 }}>
                    {r.description}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Typography.Text type="secondary">{t('draft.noEarlier')}</Typography.Text>
        )
      }
    >
      <Button data-testid="attach">{t('entry.attach')}</Button>
    </Popover>
  );
}
