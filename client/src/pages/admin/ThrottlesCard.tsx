// Admin: login throttles (too many wrong passwords for a login, from an address), and clearing one.
import { Button, Card, Table, Tag, Typography } from 'antd';
import { useMessage } from '../../lib/message';
import type { ThrottleDto } from '../../../../shared/api';
import { formatDateTime } from '../../../../shared/datetime';
import { useClearThrottle, useThrottles } from '../../api/auth';
import { useI18n, type MessageKey } from '../../lib/i18n';
import '../../lib/messages/admin';

const KIND_KEYS: Record<ThrottleDto['kind'], MessageKey> = {
  login_from_address: 'throttles.kind.login_from_address',
  address: 'throttles.kind.address',
  login: 'throttles.kind.login',
};

export function ThrottlesCard({ timeZone }: { timeZone: string }) {
  const throttles = useThrottles();
  const clear = useClearThrottle();
  const { message } = useMessage();
  const { t } = useI18n();
  return (
    <Card
      title={t('throttles.title')}
      style={{ marginTop: 16 }}
      extra={<Typography.Text type="secondary">{t('throttles.forgotten')}</Typography.Text>}
      data-testid="throttles"
    >
      <Table<ThrottleDto>
        rowKey="key"
        size="small"
        loading={throttles.isLoading}
        dataSource={throttles.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('throttles.empty') }}
        columns={[
          { title: t('throttles.col.what'), render: (_: unknown, r) => <Tag>{t(KIND_KEYS[r.kind])}</Tag> },
          { title: t('throttles.col.login'), dataIndex: 'login', render: (v: string | null) => v ?? '—' },
          { title: t('throttles.col.address'), dataIndex: 'address', render: (v: string | null) => v ?? '—' },
          { title: t('throttles.col.failures'), dataIndex: 'failures' },
          {
            title: t('throttles.col.next'),
            render: (_: unknown, r) =>
              r.waitUntil ? (
                <Tag color="orange">{t('throttles.after', { time: formatDateTime(r.waitUntil, timeZone) })}</Tag>
              ) : (
                t('throttles.now')
              ),
          },
          {
            title: '',
            render: (_: unknown, r) => (
              <Button
                size="small"
                onClick={() =>
                  clear.mutate(r.key, {
                    onSuccess: () => void message.success(t('throttles.cleared')),
                    onError: (e) => void message.error(e.message),
                  })
                }
              >
                {t('throttles.clear')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
