// The first login with a generated password: it is replaced before anything else opens.
import { Button, Card, Typography } from 'antd';
import type { MeDto } from '../../../../shared/api';
import { useLogout } from '../../api/auth';
import { ChangePasswordForm } from '../../components/password/ChangePasswordForm';

export function ChangePasswordPage({ me }: { me: MeDto }) {
  const logout = useLogout();
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #e8f0ff 0%, #f5f6f8 60%)',
      }}
    >
      <Card style={{ width: 420 }} variant="borderless" data-testid="must-change-password">
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          Смените пароль
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {me.user.fullName}, пароль, выданный при установке, был показан в журнале сервера. Замените его своим, чтобы
          продолжить.
        </Typography.Paragraph>
        {/* The fresh "me" (mustChangePassword: false) opens the app by itself. */}
        <ChangePasswordForm onDone={() => undefined} />
        <div style={{ textAlign: 'right', marginTop: 12 }}>
          <Button type="link" size="small" onClick={() => logout.mutate()}>
            Выйти
          </Button>
        </div>
      </Card>
    </div>
  );
}
