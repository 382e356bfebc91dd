// Changing one's own password: the forced first change of a generated password and the user menu.
import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useChangePassword } from '../../api/auth';

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

export function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const change = useChangePassword();
  const [form] = Form.useForm<Values>();
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(v) =>
        change.mutate(
          { currentPassword: v.currentPassword, newPassword: v.newPassword },
          {
            onSuccess: () => {
              form.resetFields();
              onDone();
            },
          },
        )
      }
    >
      {change.error && (
        <Alert type="error" showIcon title={change.error.message} style={{ marginBottom: 16 }} data-testid="pw-error" />
      )}
      <Form.Item
        name="currentPassword"
        label="Текущий пароль"
        rules={[{ required: true, message: 'Введите текущий пароль' }]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" autoFocus />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label="Новый пароль"
        extra="Не короче 8 символов. Другие ваши сеансы будут завершены."
        rules={[
          { required: true, message: 'Введите новый пароль' },
          { min: 8, message: 'Новый пароль: не короче 8 символов' },
        ]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="repeat"
        label="Новый пароль ещё раз"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: 'Повторите новый пароль' },
          ({ getFieldValue }) => ({
            validator: (_r, value) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error('Пароли не совпадают')),
          }),
        ]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={change.isPending} data-testid="pw-submit">
        Сменить пароль
      </Button>
    </Form>
  );
}
