// The wallboard in one line on the desk: who waits and how long, how many are on a call, today's
// service level and the lost callers still to call back; a link to the wall screen.
import { FundProjectionScreenOutlined } from '@ant-design/icons';
import { Card, Space, Tooltip } from 'antd';
import { Link } from 'react-router';
import { formatDuration } from '../../../../shared/datetime';
import { useElapsed, useLive } from '../../api/live';
import { useI18n } from '../../lib/i18n';
import { Figure } from '../light';

export function LiveStrip() {
  const { t } = useI18n();
  const live = useLive(false);
  const elapsed = useElapsed();
  const b = live.data;
  if (!b) return null;
  const longest = b.longestWaitSince === null ? null : elapsed(b.longestWaitSince, b.skewMs);
  const sl = b.today.serviceLevel;
  return (
    <Card size="small" data-testid="live-strip" style={{ marginBottom: 16 }}>
      <Space size={40} wrap align="center">
        <Figure
          testId="live-waiting"
          title={t('live.waiting')}
          value={b.waitingCount}
          color={b.waitingCount ? '#cf1322' : undefined}
          suffix={longest === null ? undefined : <small>{t('live.longest', { d: formatDuration(longest) })}</small>}
        />
        <Figure title={t('live.talking')} value={b.talkingCount} />
        <Tooltip title={t('live.slHint', { s: b.serviceLevelSeconds })}>
          <div>
            <Figure title={t('live.slToday')} value={sl === null ? '—' : `${Math.round(sl * 100)} %`} />
          </div>
        </Tooltip>
        <Figure title={t('live.answeredToday')} value={t('format.of', { a: b.today.answered, b: b.today.offered })} />
        <Figure
          title={t('live.unreached')}
          value={b.today.lostUnreached}
          color={b.today.lostUnreached ? '#d48806' : undefined}
        />
        <Link to="/wallboard" data-testid="open-wallboard">
          <FundProjectionScreenOutlined /> {t('live.wallboard')}
        </Link>
      </Space>
    </Card>
  );
}
