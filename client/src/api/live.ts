// The wallboard's data: GET /api/stats/live, then every `stats:live` push (the figures without the
// lists) updates it; a wall screen reads the lists again on a push, the desk's strip needs none.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { LiveDto, LiveSummaryDto } from '../../../shared/stats';
import { useSocketEvent } from '../realtime/socket';
import { http } from './http';

/** The board with the server's clock offset (`skewMs` = server time − browser time when it came). */
export type Live<T extends LiveSummaryDto = LiveDto> = T & { skewMs: number };

const withSkew = <T extends LiveSummaryDto>(dto: T): Live<T> => ({ ...dto, skewMs: Date.parse(dto.at) - Date.now() });

/** `lists`: the wall screen (reads the lists again on every push); without: the figures only. */
export function useLive(lists: boolean) {
  const qc = useQueryClient();
  const key = ['stats-live', lists];
  const query = useQuery({
    queryKey: key,
    queryFn: async (): Promise<Live<LiveSummaryDto> & Partial<Pick<LiveDto, 'waiting' | 'talking'>>> =>
      withSkew(await http.get<LiveDto>('/api/stats/live')),
    // Pushes keep it current; the periodic read covers a push lost while reconnecting.
    refetchInterval: 60_000,
  });
  useSocketEvent('stats:live', (dto) => {
    if (lists) void qc.invalidateQueries({ queryKey: key });
    else qc.setQueryData(key, withSkew(dto));
  });
  return query;
}

/** Seconds since `since` on the server's clock, ticking every second. */
export function useElapsed(): (since: string, skewMs: number) => number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return (since, skewMs) => Math.max(0, Math.floor((now + skewMs - Date.parse(since)) / 1000));
}
