// The first login with a generated password: it is replaced before anything else opens.
import { Button, Card, Typography } from 'antd';
import type { MeDto } from '../../../../shared/api';
import { useLogout } from '../../api/auth';
import { ChangePasswordForm } from '../../components/password/ChangePasswordForm';
import { useI18n } from '../../lib/i18n';

export function ChangePasswordPage({ me }: { me: MeDto }) {
  const { t } = useI18n();
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
          {t('password.must.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('password.must.text', { name: me.user.fullName })}
        </Typography.Paragraph>
        {/* The fresh "me" (mustChangePassword: false) opens the app by itself. */}
        <ChangePasswordForm onDone={() => undefined} />
        <div style={{ textAlign: 'right', marginTop: 12 }}>
          <Button type="link" size="small" onClick={() => logout.mutate()}>
            {t('user.logout')}
          </Button>
        </div>
      </Card>
    </div>
  );
}
