// Admin: users, their roles and phone extensions.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useMessage } from '../../lib/message';
import { useState } from 'react';
import type { CreateUserBody, UserDto } from '../../../../shared/api';
import { ROLE_LABELS, ROLES, SUBSYSTEM_LABELS, SUBSYSTEMS } from '../../../../shared/domain';
import { ApiError } from '../../api/http';
import { useMe } from '../../api/auth';
import { useCreateUser, useUpdateUser, useUsers } from '../../api/users';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../lib/i18n';
import { ThrottlesCard } from './ThrottlesCard';
import '../../lib/messages/admin';

interface FormValues {
  login: string;
  password?: string;
  fullName: string;
  role: UserDto['role'];
  extensions: string[];
  subsystems: UserDto['subsystems'];
}

export function AdminUsersPage() {
  const { t, label } = useI18n();
  const { message } = useMessage();
  const [q, setQ] = useState('');
  const users = useUsers(q);
  const update = useUpdateUser();
  const me = useMe();
  const [editing, setEditing] = useState<UserDto | 'new' | null>(null);

  const setActive = (u: UserDto, active: boolean) =>
    update.mutate(
      { id: u.id, body: { active } },
      {
        onSuccess: () => void message.success(t('users.saved')),
        onError: (e) => void message.error(e.message),
      },
    );

  return (
    <>
      <PageHeader
        title={t('users.title')}
        extra={
          <Space>
            <Input.Search
              allowClear
              placeholder={t('users.searchPlaceholder')}
              onSearch={setQ}
              style={{ width: 260 }}
            />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="add-user">
              {t('users.add')}
            </Button>
          </Space>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<UserDto>
          rowKey="id"
          loading={users.isLoading}
          dataSource={users.data?.items ?? []}
          pagination={false}
          columns={[
            {
              title: t('users.fullName'),
              dataIndex: 'fullName',
              render: (v: string, u) => (
                <Space>
                  {v}
                  {!u.active && <Tag>{t('users.inactive')}</Tag>}
                </Space>
              ),
            },
            { title: t('users.login'), dataIndex: 'login' },
            { title: t('users.role'), dataIndex: 'role', render: (r: string) => label(ROLE_LABELS, r) },
            {
              title: t('users.extensions'),
              dataIndex: 'extensions',
              render: (xs: string[]) => xs.map((x) => <Tag key={x}>{x}</Tag>),
            },
            {
              title: t('users.subsystems'),
              dataIndex: 'subsystems',
              render: (xs: string[]) => xs.map((x) => label(SUBSYSTEM_LABELS, x)).join(', '),
            },
            {
              key: 'actions',
              width: 220,
              render: (_: unknown, u) => (
                <Space>
                  <Button size="small" onClick={() => setEditing(u)}>
                    {t('common.edit')}
                  </Button>
                  {u.active ? (
                    <Popconfirm title={t('users.deactivateConfirm')} onConfirm={() => setActive(u, false)}>
                      <Button size="small" danger>
                        {t('users.deactivate')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button size="small" onClick={() => setActive(u, true)}>
                      {t('users.activate')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ThrottlesCard timeZone={me.data?.timeZone ?? 'Asia/Yekaterinburg'} />
      {editing && <UserModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function UserModal({ user, onClose }: { user: UserDto | null; onClose: () => void }) {
  const { t, label } = useI18n();
  const { message } = useMessage();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const pending = create.isPending || update.isPending;

  const showError = (err: Error) => {
    if (err instanceof ApiError && err.fields) {
      form.setFields(
        Object.entries(err.fields).map(([name, msg]) => ({
          name: name.split('.')[0] as keyof FormValues,
          errors: [msg],
        })),
      );
    }
    void message.error(err.message);
  };

  const submit = (v: FormValues) => {
    if (user) {
      update.mutate(
        {
          id: user.id,
          body: {
            fullName: v.fullName,
            role: v.role,
            extensions: v.extensions,
            subsystems: v.subsystems,
            ...(v.password ? { password: v.password } : {}),
          },
        },
        { onSuccess: () => (void message.success(t('users.saved')), onClose()), onError: showError },
      );
    } else {
      const body: CreateUserBody = { ...v, password: v.password ?? '' };
      create.mutate(body, {
        onSuccess: () => (void message.success(t('users.created')), onClose()),
        onError: showError,
      });
    }
  };

  return (
    <Modal
      open
      title={user ? `${t('common.edit')}: ${user.fullName}` : t('users.add')}
      okText={user ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={pending}
      destroyOnHidden
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          user
            ? { ...user, password: '' }
            : { role: 'specialist', extensions: [], subsystems: [], login: '', fullName: '' }
        }
      >
        <Form.Item name="fullName" label={t('users.fullName')} rules={[{ required: true, min: 3 }]}>
          <Input placeholder={t('users.fullNamePlaceholder')} />
        </Form.Item>
        <Form.Item name="login" label={t('users.login')} rules={[{ required: true, min: 2 }]}>
          <Input disabled={!!user} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="password"
          label={user ? t('users.newPassword') : t('users.password')}
          rules={user ? [{ min: 8 }] : [{ required: true, min: 8 }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS, r) }))} />
        </Form.Item>
        <Form.Item name="extensions" label={t('users.extensions')} extra={t('users.extensionsHint')}>
          <Select mode="tags" tokenSeparators={[',', ' ']} open={false} suffixIcon={null} data-testid="extensions" />
        </Form.Item>
        <Form.Item name="subsystems" label={t('users.subsystems')}>
          <Select mode="multiple" options={SUBSYSTEMS.map((s) => ({ value: s, label: label(SUBSYSTEM_LABELS, s) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
