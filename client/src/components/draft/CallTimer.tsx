// The running talk time of a call (stops when the call ends).
import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { CallDto } from '../../../../shared/api';
import { formatDuration } from '../../../../shared/datetime';

export function CallTimer({ call }: { call: CallDto }) {
  const [now, setNow] = useState(Date.now());
  const live = !call.endedAt && !!call.answeredAt;
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [live]);
  if (call.endedAt) {
    return <Tag data-testid="call-state">Звонок завершён · {formatDuration(call.talkSeconds ?? 0)}</Tag>;
  }
  const since = call.answeredAt ? Date.parse(call.answeredAt) : Date.parse(call.startedAt);
  return (
    <Tag color="green" data-testid="call-state">
      ● Идёт разговор · {formatDuration((now - since) / 1000)}
    </Tag>
  );
}
