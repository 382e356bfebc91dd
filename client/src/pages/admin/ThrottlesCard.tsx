// Admin: login throttles (too many wrong passwords for a login, from an address), and clearing one.
import { Button, Card, Table, Tag, Typography } from 'antd';
import { useMessage } from '../../lib/message';
import type { ThrottleDto } from '../../../../shared/api';
import { formatDateTime } from '../../../../shared/datetime';
import { useClearThrottle, useThrottles } from '../../api/auth';

const KIND_LABELS: Record<ThrottleDto['kind'], string> = {
  login_from_address: 'логин с адреса',
  address: 'адрес',
  login: 'логин (со всех адресов)',
};

export function ThrottlesCard({ timeZone }: { timeZone: string }) {
  const throttles = useThrottles();
  const clear = useClearThrottle();
  const { message } = useMessage();
  return (
    <Card
      title="Неудачные попытки входа"
      style={{ marginTop: 16 }}
      extra={<Typography.Text type="secondary">забываются через 15 минут</Typography.Text>}
      data-testid="throttles"
    >
      <Table<ThrottleDto>
        rowKey="key"
        size="small"
        loading={throttles.isLoading}
        dataSource={throttles.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: 'Нет неудачных попыток входа' }}
        columns={[
          { title: 'Что', render: (_: unknown, t) => <Tag>{KIND_LABELS[t.kind]}</Tag> },
          { title: 'Логин', dataIndex: 'login', render: (v: string | null) => v ?? '—' },
          { title: 'Адрес', dataIndex: 'address', render: (v: string | null) => v ?? '—' },
          { title: 'Неудачных попыток', dataIndex: 'failures' },
          {
            title: 'Следующая попытка',
            render: (_: unknown, t) =>
              t.waitUntil ? <Tag color="orange">после {formatDateTime(t.waitUntil, timeZone)}</Tag> : 'сразу',
          },
          {
            title: '',
            render: (_: unknown, t) => (
              <Button
                size="small"
                onClick={() =>
                  clear.mutate(t.key, {
                    onSuccess: () => void message.success('Счётчик сброшен: вход снова без ожидания'),
                    onError: (e) => void message.error(e.message),
                  })
                }
              >
                Сбросить
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
