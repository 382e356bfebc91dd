// Manual registration: a call without the PBX, an email, a request in person. The entry's fields are
// EntryFields, the same as the pop-up's and the panel's; channel, number and status are this form's own.
import { Form, Input, Modal, Radio, Select } from 'antd';
import { useMessage } from '../lib/message';
import type { CreateEntryBody } from '../../../shared/api';
import { CHANNEL_LABELS, CHANNELS, STATUS_LABELS } from '../../../shared/domain';
import { useLines } from '../api/calls';
import { useCallerContext, useCreateEntry } from '../api/entries';
import { ApiError } from '../api/http';
import { EntryFields } from './entry/EntryFields';
import { useI18n } from '../lib/i18n';
import '../lib/messages/entry';

type Values = Omit<CreateEntryBody, 'status'> & { status: 'in_progress' | 'closed' };

export function ManualEntryModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = useMessage();
  const create = useCreateEntry();
  const lines = useLines();
  const channel = Form.useWatch('channel', form);
  const status = Form.useWatch('status', form);
  const callerNumber = Form.useWatch('callerNumber', form);
  const { t, label } = useI18n();
  // A number typed in: the same organisations and people the pop-up would offer for it.
  const number = channel === 'phone' ? callerNumber : null;
  const caller = useCallerContext(number);

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
          void message.success(t('entry.registered').replace('{n}', e.regNumber ?? ''));
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
      title={t('manual.title')}
      okText={t('entry.register')}
      cancelText={t('common.cancel')}
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
        <Form.Item name="channel" label={t('entry.channel')}>
          <Radio.Group
            optionType="button"
            options={CHANNELS.map((c) => ({ value: c, label: label(CHANNEL_LABELS, c) }))}
          />
        </Form.Item>
        {channel === 'phone' && (
          <div style={{ display: 'flex', gap: 8 }}>
            <Form.Item name="callerNumber" label={t('manual.callerNumber')} style={{ flex: 1 }}>
              <Input placeholder="8 (3452) 12-34-56" />
            </Form.Item>
            <Form.Item name="lineId" label={t('entry.line')} style={{ flex: 1 }}>
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
            label={t('manual.senderEmail')}
            rules={[{ type: 'email', message: t('manual.badEmail') }]}
          >
            <Input placeholder="school5@edu.tyumen.ru" />
          </Form.Item>
        )}
        <EntryFields
          required
          editable
          resolution={status === 'closed' ? 'shown' : 'hidden'}
          resolutionRequired
          callerNumber={number}
          beforeResolution={
            <Form.Item name="status" label={t('entry.status')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'in_progress', label: label(STATUS_LABELS, 'in_progress') },
                  { value: 'closed', label: t('manual.closeAtOnce') },
                ]}
              />
            </Form.Item>
          }
          suggestions={caller.data?.suggestions}
          answered={{
            onUse: (resolution) => {
              form.setFieldsValue({ status: 'closed', resolution });
              void message.success(t('answered.used'));
            },
          }}
        />
      </Form>
    </Modal>
  );
}
