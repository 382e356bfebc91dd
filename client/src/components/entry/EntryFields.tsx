// The entry's fields, one component for the call pop-up, the journal's side panel and manual registration:
// the same fields in the same order with the same behaviour (an organisation picked brings its default
// subsystem, a repeat caller's organisation and person are one click away, «Уже отвечали» under the
// description). It renders inside the container's antd Form; the actions stay with each container.
import { Button, Flex, Form, Input, Radio, Tag, Tooltip, Typography } from 'antd';
import { useState, type CSSProperties, type ReactNode } from 'react';
import type { EntryDto, OrganizationDto } from '../../../../shared/api';
import { ENTRY_TYPES, SUBSYSTEM_LABELS, SUBSYSTEMS, TYPE_LABELS, type Subsystem } from '../../../../shared/domain';
import { formatPhone } from '../../../../shared/phone';
import type { CallerSuggestion } from '../../../../shared/socket';
import { useAddOrganizationPhone } from '../../api/organizations';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { useMessage } from '../../lib/message';
import { OrganizationPicker } from '../OrganizationPicker';
import { AnsweredBefore } from './AnsweredBefore';
import '../../lib/messages/entry';

/** The fields every entry form has. */
export interface EntryFieldValues {
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

/** An entry's values for the form; a draft's type starts as «Поддержка», the most common by far. */
export function entryFieldValues(e: EntryDto): EntryFieldValues {
  return {
    type: e.type ?? 'support',
    subsystem: e.subsystem,
    description: e.description,
    organizationName: e.organizationName,
    organizationId: e.organizationId,
    personName: e.personName,
    additionalInfo: e.additionalInfo,
    note: e.note,
    resolution: e.resolution,
  };
}

/** The pop-up is 600 px wide: the subsystems by their short names. */
const SHORT_SUBSYSTEM: Record<Subsystem, MessageKey> = {
  kindergarten: 'entry.subsystemShort.kindergarten',
  school: 'entry.subsystemShort.school',
  college: 'entry.subsystemShort.college',
};

export interface EntryFieldsProps {
  /** The pop-up: short subsystem names and tight spacing (it is used during a call). */
  compact?: boolean;
  /** Manual registration: type, subsystem and description must be filled before it submits. */
  required?: boolean;
  /** The fields may be changed: the caller's suggestions and «Уже отвечали» are offered only then. */
  editable: boolean;
  /** The resolution field: hidden, shown, or shown with the focus in it (the pop-up's closing). */
  resolution: 'hidden' | 'shown' | 'focused';
  /** The resolution must be filled (manual registration closing at once). */
  resolutionRequired?: boolean;
  /** The caller's number: suggestions come from it, and it can be remembered for the organisation picked. */
  callerNumber?: string | null;
  /** A repeat caller's organisations and people (the directory's phones first, then earlier entries). */
  suggestions?: CallerSuggestion[];
  /** «Уже отвечали» under the description: the entry itself is not suggested; what «Взять решение» does. */
  answered?: { exclude?: number; onUse: (resolution: string) => void } | null;
  /** The description's textarea (the pop-up focuses it as it mounts). */
  descriptionRef?: (el: HTMLTextAreaElement | null) => void;
  /** The container's own fields just above the resolution (manual registration's status). */
  beforeResolution?: ReactNode;
  /** Called after the fields set values themselves (a pick, a suggestion), which onValuesChange misses. */
  onSet?: () => void;
}

export function EntryFields(props: EntryFieldsProps) {
  const { compact = false, required = false, editable } = props;
  const { t, label } = useI18n();
  const { message } = useMessage();
  const form = Form.useFormInstance<EntryFieldValues>();
  const typed = Form.useWatch('description', form);
  const typedSubsystem = Form.useWatch('subsystem', form);
  const [picked, setPicked] = useState<OrganizationDto | null>(null);
  const addPhone = useAddOrganizationPhone();
  const item: CSSProperties | undefined = compact ? { marginBottom: 8 } : undefined;
  const half: CSSProperties = { ...item, flex: 1, minWidth: 0 };
  const rule = (key: MessageKey) => (required ? [{ required: true, message: t(key) }] : undefined);

  /** An organisation chosen (from the directory or a suggestion): its default subsystem if none is set. */
  const fillSubsystem = (subsystem: Subsystem | null) => {
    if (subsystem && !form.getFieldValue('subsystem')) form.setFieldValue('subsystem', subsystem);
  };
  const pick = (org: OrganizationDto | null) => {
    form.setFieldValue('organizationId', org?.id ?? null);
    fillSubsystem(org?.defaultSubsystem ?? null);
    setPicked(org);
    props.onSet?.();
  };
  const suggest = (s: CallerSuggestion) => {
    form.setFieldsValue({
      organizationName: s.organizationName,
      organizationId: s.organizationId,
      ...(s.personName ? { personName: s.personName } : {}),
    });
    fillSubsystem(s.subsystem);
    setPicked(null);
    props.onSet?.();
  };

  const number = props.callerNumber ? formatPhone(props.callerNumber) : '';
  const suggestions = editable ? (props.suggestions ?? []) : [];

  return (
    <>
      {suggestions.length > 0 && (
        <div style={{ marginBottom: 8 }} data-testid="suggestions">
          <Typography.Text type="secondary">{t('entry.calledBefore')} </Typography.Text>
          {suggestions.map((s, i) => (
            <Tooltip
              key={i}
              title={t(s.source === 'directory' ? 'entry.suggestion.directory' : 'entry.suggestion.history')}
            >
              <Tag
                color={s.source === 'directory' ? 'blue' : 'default'}
                style={{ cursor: 'pointer', marginBottom: 4 }}
                onClick={() => suggest(s)}
              >
                {s.organizationName}
                {s.personName ? ` — ${s.personName}` : ''}
              </Tag>
            </Tooltip>
          ))}
        </div>
      )}
      <Flex gap={12} wrap>
        <Form.Item name="type" label={t('entry.field.type')} style={item} rules={rule('entry.required.type')}>
          <Radio.Group
            optionType="button"
            options={ENTRY_TYPES.map((v) => ({ value: v, label: label(TYPE_LABELS, v) }))}
          />
        </Form.Item>
        <Form.Item
          name="subsystem"
          label={t('entry.field.subsystem')}
          style={item}
          rules={rule('entry.required.subsystem')}
        >
          <Radio.Group
            optionType="button"
            options={SUBSYSTEMS.map((s) => ({
              value: s,
              label: compact ? t(SHORT_SUBSYSTEM[s]) : label(SUBSYSTEM_LABELS, s),
            }))}
          />
        </Form.Item>
      </Flex>
      <Form.Item
        name="description"
        label={t('entry.field.description')}
        style={item}
        rules={rule('entry.required.description')}
      >
        <Input.TextArea
          ref={(r) => props.descriptionRef?.(r?.resizableTextArea?.textArea ?? null)}
          autoSize={{ minRows: 2, maxRows: compact ? 6 : 8 }}
          placeholder={t('entry.placeholder.description')}
        />
      </Form.Item>
      {editable && props.answered && (
        <AnsweredBefore
          text={typed}
          subsystem={typedSubsystem}
          exclude={props.answered.exclude}
          onUse={props.answered.onUse}
        />
      )}
      <Flex gap={8}>
        <Form.Item name="organizationName" label={t('entry.field.organization')} style={half}>
          <OrganizationPicker onPick={pick} />
        </Form.Item>
        <Form.Item name="organizationId" hidden>
          <Input />
        </Form.Item>
        <Form.Item name="personName" label={t('entry.field.person')} style={half}>
          <Input />
        </Form.Item>
      </Flex>
      {editable && picked && number && !picked.phones.includes(number) && (
        <Button
          type="link"
          size="small"
          style={{ padding: 0, margin: compact ? '-4px 0 8px' : '-16px 0 8px' }}
          loading={addPhone.isPending}
          data-testid="remember-phone"
          onClick={() =>
            addPhone.mutate(
              { id: picked.id, phone: props.callerNumber! },
              {
                onSuccess: (o) => {
                  setPicked(o);
                  void message.success(t('entry.phoneRemembered').replace('{org}', o.shortName || o.fullName));
                },
                onError: (e) => void message.error(e.message),
              },
            )
          }
        >
          {t('entry.rememberPhone').replace('{phone}', number)}
        </Button>
      )}
      <Flex gap={8}>
        <Form.Item name="additionalInfo" label={t('entry.field.additionalInfo')} style={half}>
          <Input />
        </Form.Item>
        <Form.Item name="note" label={t('entry.field.note')} style={half}>
          <Input />
        </Form.Item>
      </Flex>
      {props.beforeResolution}
      {props.resolution !== 'hidden' && (
        <Form.Item
          name="resolution"
          label={t('entry.field.resolution')}
          style={item}
          rules={props.resolutionRequired ? [{ required: true, message: t('entry.required.resolution') }] : undefined}
        >
          <Input.TextArea
            autoFocus={props.resolution === 'focused'}
            autoSize={{ minRows: 2, maxRows: 6 }}
            placeholder={t('entry.placeholder.resolution')}
          />
        </Form.Item>
      )}
    </>
  );
}
