// The running talk time of a call (stops when the call ends).
import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { CallDto } from '../../../../shared/api';
import { formatDuration } from '../../../../shared/datetime';
import { useI18n } from '../../lib/i18n';
import '../../lib/messages/entry';

export function CallTimer({ call }: { call: CallDto }) {
  const { t } = useI18n();
  const [now, setNow] = useState(Date.now());
  const live = !call.endedAt && !!call.answeredAt;
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live]);
  if (call.endedAt) {
    return (
      <Tag data-testid="call-state">
        {t('draft.callEnded')} · {formatDuration(call.talkSeconds ?? 0)}
      </Tag>
    );
  }
  const since = call.answeredAt ? Date.parse(call.answeredAt) : Date.parse(call.startedAt);
  return (
    <Tag color="green" data-testid="call-state">
      ● {t('draft.talking')} · {formatDuration((now - since) / 1000)}
    </Tag>
  );
}
