import { Tag } from 'antd';
import { STATUS_LABELS, type EntryStatus } from '../../../../shared/domain';

const COLORS: Record<EntryStatus, string> = {
  draft: 'default',
  in_progress: 'blue',
  awaiting_feedback: 'gold',
  passed_to_developer: 'purple',
  resolved: 'green',
  closed: 'default',
  not_request: 'default',
};

/** A status as a coloured label. */
export function StatusTag({ status }: { status: EntryStatus }) {
  return <Tag color={COLORS[status]}>{STATUS_LABELS[status].ru}</Tag>;
}
