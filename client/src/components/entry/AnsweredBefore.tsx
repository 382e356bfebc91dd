// «Уже отвечали»: while the description is typed, the closed entries most like it (the same words in any
// form, the same subsystem first) with their resolutions; one click copies a resolution into the entry.
import { useQuery } from '@tanstack/react-query';
import { Button, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { AnsweredBeforeDto, EntryDto } from '../../../../shared/api';
import { formatDate } from '../../../../shared/datetime';
import { http, qs } from '../../api/http';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import '../../lib/messages/entry';

/** The pause in typing after which the suggestions are asked for. */
const PAUSE_MS = 400;

export function AnsweredBefore(props: {
  text: string | undefined;
  subsystem: EntryDto['subsystem'] | undefined;
  exclude?: number;
  onUse: (resolution: string) => void;
}) {
  const { t } = useI18n();
  const { timeZone } = useSession();
  const [text, setText] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setText((props.text ?? '').trim()), PAUSE_MS);
    return () => clearTimeout(timer);
  }, [props.text]);
  const answers = useQuery({
    queryKey: ['answered-before', text, props.subsystem ?? null, props.exclude ?? null],
    queryFn: () =>
      http.get<{ items: AnsweredBeforeDto[] }>(
        `/api/entries/answered-before${qs({ text, subsystem: props.subsystem ?? undefined, exclude: props.exclude })}`,
      ),
    enabled: text.length >= 4,
    staleTime: 60_000,
  });
  const items = text.length >= 4 ? (answers.data?.items ?? []) : [];
  if (!items.length) return null;
  return (
    <div className="answered-before" data-testid="answered-before" style={{ margin: '-4px 0 8px' }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('answered.title')}
      </Typography.Text>
      {items.slice(0, 3).map((a) => (
        <div
          key={a.id}
          data-testid="answered-before-item"
          style={{ borderLeft: '3px solid #d9d9d9', padding: '2px 8px', margin: '4px 0', fontSize: 13 }}
        >
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, display: 'block' }}>
            № {a.regNumber} · {formatDate(a.registeredAt, timeZone)} · {a.description}
          </Typography.Text>
          <div style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
            <Typography.Text style={{ flex: 1 }}>{a.resolution}</Typography.Text>
            <Button size="small" type="link" style={{ padding: 0 }} onClick={() => props.onUse(a.resolution)}>
              {t('answered.use')}
            </Button>
          </div>
        </div>
      ))}
    </div>
  );
}
