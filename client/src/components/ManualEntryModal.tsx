// Manual registration: a call without the PBX, an email, a request in person.
import { Form, Input, Modal, Radio, Select } from 'antd';
import { useMessage } from '../lib/message';
import type { CreateEntryBody } from '../../../shared/api';
import {
  CHANNEL_LABELS,
  CHANNELS,
  ENTRY_TYPES,
  SUBSYSTEM_LABELS,
  SUBSYSTEMS,
  TYPE_LABELS,
} from '../../../shared/domain';
import { useLines } from '../api/calls';
import { useCreateEntry } from '../api/entries';
import { ApiError } from '../api/http';
import { OrganizationPicker } from './OrganizationPicker';
import { AnsweredBefore } from './entry/AnsweredBefore';
import { useI18n } from '../lib/i18n';

type Values = Omit<CreateEntryBody, 'status'> & { status: 'in_progress' | 'closed' };

export function ManualEntryModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = useMessage();
  const create = useCreateEntry();
  const lines = useLines();
  const channel = Form.useWatch('channel', form);
  const status = Form.useWatch('status', form);
  const typed = Form.useWatch('description', form);
  const typedSubsystem = Form.useWatch('subsystem', form);
  const { t } = useI18n();

  const submit = (v: Values) =>
    create.mutate(
      {
        ...v,
        callerNumber: v.callerNumber || null,
        senderEmail: v.senderEmail || null,
        lineId: v.lineId ?? null,
      },
      {
        onSuccess: (e) => {
          void message.success(`Запрос зарегистрирован: № ${e.regNumber}`);
          onClose();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.fields) {
            form.setFields(
              Object.entries(err.fields).map(([name, m]) => ({ name: name as keyof Values, errors: [m] })),
            );
          }
          void message.error(err.message);
        },
      },
    );

  return (
    <Modal
      open
      width={720}
      title="Регистрация запроса вручную"
      okText="Зарегистрировать"
      cancelText="Отмена"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="manual-entry"
        initialValues={{ channel: 'phone', type: 'support', status: 'in_progress' }}
        onFinish={submit}
      >
        <Form.Item name="channel" label="Канал">
          <Radio.Group optionType="button" options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c].ru }))} />
        </Form.Item>
        {channel === 'phone' && (
          <div style={{ display: 'flex', gap: 8 }}>
            <Form.Item name="callerNumber" label="Номер звонившего" style={{ flex: 1 }}>
              <Input placeholder="8 (3452) 12-34-56" />
            </Form.Item>
            <Form.Item name="lineId" label="Линия" style={{ flex: 1 }}>
              <Select
                allowClear
                options={(lines.data?.items ?? []).map((l) => ({ value: l.id, label: l.displayNumber }))}
              />
            </Form.Item>
          </div>
        )}
        {channel === 'email' && (
          <Form.Item
            name="senderEmail"
            label="Адрес отправителя"
            rules={[{ type: 'email', message: 'Неверный адрес' }]}
          >
            <Input placeholder="school5@edu.tyumen.ru" />
          </Form.Item>
        )}
        <Form.Item name="type" label="Тип запроса" rules={[{ required: true, message: 'Выберите тип' }]}>
          <Radio.Group optionType="button" options={ENTRY_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t].ru }))} />
        </Form.Item>
        <Form.Item name="subsystem" label="Подсистема" rules={[{ required: true, message: 'Выберите подсистему' }]}>
          <Radio.Group
            optionType="button"
            options={SUBSYSTEMS.map((s) => ({ value: s, label: SUBSYSTEM_LABELS[s].ru }))}
          />
        </Form.Item>
        <Form.Item name="description" label="Описание запроса" rules={[{ required: true, message: 'Опишите запрос' }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} />
        </Form.Item>
        <AnsweredBefore
          text={typed}
          subsystem={typedSubsystem}
          onUse={(resolution) => {
            form.setFieldsValue({ status: 'closed', resolution });
            void message.success(t('answered.used'));
          }}
        />
        <div style={{ display: 'flex', gap: 8 }}>
          <Form.Item name="organizationName" label="Наименование ОО" style={{ flex: 1 }}>
            <OrganizationPicker
              onPick={(org) => {
                form.setFieldValue('organizationId', org?.id ?? null);
                if (org?.defaultSubsystem && !form.getFieldValue('subsystem'))
                  form.setFieldValue('subsystem', org.defaultSubsystem);
              }}
            />
          </Form.Item>
          <Form.Item name="organizationId" hidden>
            <Input />
          </Form.Item>
          <Form.Item name="personName" label="ФИО" style={{ flex: 1 }}>
            <Input />
          </Form.Item>
        </div>
        <Form.Item name="additionalInfo" label="Дополнительная информация">
          <Input />
        </Form.Item>
        <Form.Item name="note" label="Примечание">
          <Input />
        </Form.Item>
        <Form.Item name="status" label="Статус">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'in_progress', label: 'В работе' },
              { value: 'closed', label: 'Закрыть сразу (ответ дан)' },
            ]}
          />
        </Form.Item>
        {status === 'closed' && (
          <Form.Item
            name="resolution"
            label="Комментарий о решении вопроса"
            rules={[{ required: true, message: 'Комментарий о решении вопроса обязателен' }]}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
