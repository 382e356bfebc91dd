// One draft in the pop-up: built for speed during a call. The description has focus, Ctrl+Enter
// registers, a repeat caller's organisation and person are one click away.
import { Button, Divider, Flex, Form, Input, List, Popover, Radio, Space, Tag, Tooltip, Typography } from 'antd';
import { useMessage } from '../../lib/message';
import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { EntryDto, OrganizationDto, PatchEntryBody } from '../../../../shared/api';
import { formatDate } from '../../../../shared/datetime';
import { ENTRY_TYPES, STATUS_LABELS, SUBSYSTEM_LABELS, SUBSYSTEMS, TYPE_LABELS } from '../../../../shared/domain';
import { callerLabel, formatPhone } from '../../../../shared/phone';
import type { DraftPushDto } from '../../../../shared/socket';
import { ApiError } from '../../api/http';
import { useAttachEntry, usePatchEntry } from '../../api/entries';
import { useAddOrganizationPhone } from '../../api/organizations';
import { OrganizationPicker } from '../OrganizationPicker';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { useDrafts } from '../../realtime/drafts';
import { CallTimer } from './CallTimer';
import { AnsweredBefore } from '../entry/AnsweredBefore';

interface Values {
  type: EntryDto['type'];
  subsystem: EntryDto['subsystem'];
  description: string;
  organizationName: string;
  organizationId: number | null;
  personName: string;
  additionalInfo: string;
  note: string;
  resolution: string;
}

const NOT_REQUEST_REASONS = ['Ошиблись номером', 'Звонок сорвался', 'Реклама или спам', 'Вопрос не по подсистемам'];

const storageKey = (id: number) => `callog.draft.${id}`;

export function DraftForm({ push }: { push: DraftPushDto }) {
  const { entry, call, suggestions, recent } = push;
  // What this user may do with it comes with the entry: a draft is registered, an open entry handed
  // over with the call is saved; nothing the server would refuse is offered.
  const { can } = entry;
  const { t } = useI18n();
  const { timeZone } = useSession();
  const { message } = useMessage();
  const drafts = useDrafts();
  const patch = usePatchEntry();
  const attach = useAttachEntry();
  const [form] = Form.useForm<Values>();
  const [closing, setClosing] = useState(false);
  const [notRequestOpen, setNotRequestOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [picked, setPicked] = useState<OrganizationDto | null>(null);
  const addPhone = useAddOrganizationPhone();
  const description = useRef<HTMLTextAreaElement | null>(null);
  const busy = patch.isPending || attach.isPending;
  const typed = Form.useWatch('description', form);
  const typedSubsystem = Form.useWatch('subsystem', form);

  const initial = useMemo<Values>(() => {
    const saved = localStorage.getItem(storageKey(entry.id));
    const base: Values = {
      type: entry.type ?? 'support',
      subsystem: entry.subsystem,
      description: entry.description,
      organizationName: entry.organizationName,
      organizationId: entry.organizationId,
      personName: entry.personName,
      additionalInfo: entry.additionalInfo,
      note: entry.note,
      resolution: entry.resolution,
    };
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

  const register = () => void finish({ ...fields(), status: 'in_progress' }, 'Запрос зарегистрирован: № {n}');
  const save = () => void finish(fields(), t('entry.saved'));
  const primary = can.register && can.statuses.includes('in_progress') ? register : can.edit ? save : null;
  const close = () => {
    const resolution = (form.getFieldValue('resolution') as string | undefined)?.trim() ?? '';
    if (!resolution) {
      form.setFields([{ name: 'resolution', errors: ['Комментарий о решении вопроса обязателен'] }]);
      return;
    }
    void finish({ ...fields(), resolution, status: 'closed' }, 'Запрос № {n} зарегистрирован и закрыт');
  };
  const notRequest = (why: string) =>
    void finish({ status: 'not_request', notRequestReason: why }, 'Отмечено: не обращение');
  const attachTo = (targetId: number) =>
    attach.mutateAsync({ id: entry.id, targetId, version: entry.version }).then((e) => {
      void message.success(`Звонок прикреплён к запросу № ${e.regNumber ?? e.id}`);
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
            {callerLabel(entry.callerNumber)}
          </Typography.Text>
          <Typography.Text type="secondary">
            {call.direction === 'outbound' ? 'Обратный звонок' : `Линия ${entry.line?.displayNumber ?? ''}`}
            {call.queue ? ` · очередь ${call.queue}` : ''}
          </Typography.Text>
        </Space>
        <CallTimer call={call} />
      </Flex>

      {suggestions.length > 0 && (
        <div style={{ marginBottom: 8 }} data-testid="suggestions">
          <Typography.Text type="secondary">Звонили раньше: </Typography.Text>
          {suggestions.map((s, i) => (
            <Tooltip key={i} title={s.source === 'directory' ? 'Телефон есть в справочнике ОО' : 'Из прошлых запросов'}>
              <Tag
                color={s.source === 'directory' ? 'blue' : 'default'}
                style={{ cursor: 'pointer', marginBottom: 4 }}
                onClick={() => {
                  form.setFieldsValue({
                    organizationName: s.organizationName,
                    organizationId: s.organizationId,
                    personName: s.personName || (form.getFieldValue('personName') as string),
                    ...(s.subsystem ? { subsystem: s.subsystem } : {}),
                  });
                  remember({}, form.getFieldsValue());
                }}
              >
                {s.organizationName}
                {s.personName ? ` — ${s.personName}` : ''}
              </Tag>
            </Tooltip>
          ))}
        </div>
      )}

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
        <Flex gap={12} wrap>
          <Form.Item name="type" label="Тип запроса" style={{ marginBottom: 8 }}>
            <Radio.Group
              optionType="button"
              options={ENTRY_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t].ru }))}
            />
          </Form.Item>
          <Form.Item name="subsystem" label="Подсистема" style={{ marginBottom: 8 }}>
            <Radio.Group
              optionType="button"
              options={SUBSYSTEMS.map((s) => ({
                value: s,
                label: SUBSYSTEM_LABELS[s].ru
                  .replace(/[«»]/g, '')
                  .replace('Электронный ', 'Эл. ')
                  .replace('Электронная ', 'Эл. '),
              }))}
            />
          </Form.Item>
        </Flex>
        <Form.Item name="description" label="Описание запроса" style={{ marginBottom: 8 }}>
          <Input.TextArea
            ref={(r) => void (description.current = r?.resizableTextArea?.textArea ?? null)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            placeholder="Суть вопроса"
          />
        </Form.Item>
        {can.edit && (
          <AnsweredBefore
            text={typed}
            subsystem={typedSubsystem}
            exclude={entry.id}
            onUse={(resolution) => {
              setClosing(true);
              form.setFieldValue('resolution', resolution);
              remember({}, form.getFieldsValue());
              void message.success(t('answered.used'));
            }}
          />
        )}
        <Flex gap={8}>
          <Form.Item name="organizationName" label="Наименование ОО" style={{ flex: 1, marginBottom: 8 }}>
            <OrganizationPicker
              onPick={(org) => {
                form.setFieldValue('organizationId', org?.id ?? null);
                if (org?.defaultSubsystem && !form.getFieldValue('subsystem'))
                  form.setFieldValue('subsystem', org.defaultSubsystem);
                setPicked(org);
                remember({}, form.getFieldsValue());
              }}
            />
          </Form.Item>
          <Form.Item name="organizationId" hidden>
            <Input />
          </Form.Item>
          <Form.Item name="personName" label="ФИО" style={{ flex: 1, marginBottom: 8 }}>
            <Input />
          </Form.Item>
        </Flex>
        <Flex gap={8}>
          <Form.Item name="additionalInfo" label="Дополнительная информация" style={{ flex: 1, marginBottom: 8 }}>
            <Input />
          </Form.Item>
          <Form.Item name="note" label="Примечание" style={{ flex: 1, marginBottom: 8 }}>
            <Input />
          </Form.Item>
        </Flex>
        {picked && entry.callerNumber && !picked.phones.includes(formatPhone(entry.callerNumber)) && (
          <Button
            type="link"
            size="small"
            style={{ padding: 0, marginBottom: 8 }}
            loading={addPhone.isPending}
            onClick={() =>
              addPhone.mutate(
                { id: picked.id, phone: entry.callerNumber! },
                {
                  onSuccess: (o) => {
                    setPicked(o);
                    void message.success(`Номер записан в справочник: ${o.shortName || o.fullName}`);
                  },
                  onError: (e) => void message.error(e.message),
                },
              )
            }
          >
            Запомнить номер {formatPhone(entry.callerNumber)} за этой ОО
          </Button>
        )}
        {closing && (
          <Form.Item name="resolution" label="Комментарий о решении вопроса" style={{ marginBottom: 8 }}>
            <Input.TextArea autoFocus autoSize={{ minRows: 2, maxRows: 5 }} placeholder="Что ответили / как решили" />
          </Form.Item>
        )}
      </Form>

      <Flex gap={8} wrap justify="space-between">
        <Space wrap>
          {closing ? (
            <>
              <Button type="primary" onClick={close} loading={busy} data-testid="close-with-resolution">
                Закрыть запрос
              </Button>
              <Button onClick={() => setClosing(false)}>Назад</Button>
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
              title="Не обращение — укажите причину"
              content={
                <Space direction="vertical" style={{ width: 280 }}>
                  {NOT_REQUEST_REASONS.map((r) => (
                    <Button key={r} block onClick={() => notRequest(r)}>
                      {r}
                    </Button>
                  ))}
                  <Input.Search
                    placeholder="Другая причина"
                    enterButton="Ок"
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
            Последние запросы с этого номера
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
                    {r.open ? 'открыт · ' : ''}
                    {STATUS_LABELS[r.status].ru}
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
      title="Прикрепить звонок к существующему запросу"
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
                    Прикрепить
                  </Button>,
                ]}
              >
                <Space direction="vertical" size={0}>
                  <span>
                    <b>{r.regNumber}</b> от {formatDate(r.registeredAt ?? r.createdAt, timeZone)}{' '}
                    {r.open && <Tag color="orange">открыт</Tag>}
                  </span>
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 260 }}>
                    {r.description}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Typography.Text type="secondary">С этого номера ещё не было зарегистрированных запросов.</Typography.Text>
        )
      }
    >
      <Button data-testid="attach">{t('entry.attach')}</Button>
    </Popover>
  );
}
