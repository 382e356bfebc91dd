// The call pop-up: appears on answer wherever the specialist is in the app; several drafts are tabs.
import { PhoneOutlined, ShrinkOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Tabs, Tooltip } from 'antd';
import { formatPhone } from '../../../../shared/phone';
import { useI18n } from '../../lib/i18n';
import { useDrafts } from '../../realtime/drafts';
import { DraftForm } from './DraftForm';
import '../../lib/messages/entry';

export function DraftPopup() {
  const { drafts, activeId, minimized, setActive, setMinimized, lastNotice } = useDrafts();
  const { t } = useI18n();
  if (!drafts.length) return null;

  if (minimized) {
    return (
      <div style={{ position: 'fixed', right: 24, bottom: 24, zIndex: 1000 }}>
        <Badge count={drafts.length}>
          <Button
            type="primary"
            size="large"
            icon={<PhoneOutlined />}
            onClick={() => setMinimized(false)}
            data-testid="drafts-restore"
          >
            {t('draft.restore')}
          </Button>
        </Badge>
      </div>
    );
  }

  const active = drafts.find((d) => d.entry.id === activeId) ?? drafts[drafts.length - 1]!;
  return (
    <Card
      data-testid="draft-popup"
      size="small"
      title={
        <span>
          <PhoneOutlined />{' '}
          {drafts.length > 1 ? t('draft.calls').replace('{n}', String(drafts.length)) : t('draft.title')}
        </span>
      }
      extra={
        <Tooltip title={t('draft.minimizeHint')}>
          <Button
            type="text"
            icon={<ShrinkOutlined />}
            onClick={() => setMinimized(true)}
            aria-label={t('draft.minimize')}
          />
        </Tooltip>
      }
      style={{
        position: 'fixed',
        right: 24,
        bottom: 24,
        width: 600,
        maxHeight: 'calc(100vh - 48px)',
        overflowY: 'auto',
        zIndex: 1000,
        boxShadow: '0 12px 32px rgba(0,0,0,0.18)',
      }}
    >
      {lastNotice && <Alert type="info" showIcon title={lastNotice} style={{ marginBottom: 8 }} closable />}
      {drafts.length > 1 ? (
        <Tabs
          size="small"
          activeKey={String(active.entry.id)}
          onChange={(k) => setActive(Number(k))}
          items={drafts.map((d) => ({
            key: String(d.entry.id),
            label: `${formatPhone(d.entry.callerNumber) || t('draft.numberHidden')}${d.call.endedAt ? '' : ' ●'}`,
            children: <DraftForm key={d.entry.id} push={d} />,
          }))}
        />
      ) : (
        <DraftForm key={active.entry.id} push={active} />
      )}
    </Card>
  );
}
