// The wallboard's data: GET /api/stats/live once, then every `stats:live` push replaces it.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { LiveDto } from '../../../shared/stats';
import { useSocketEvent } from '../realtime/socket';
import { http } from './http';

/** The board with the server's clock offset (`skewMs` = server time − browser time when it came). */
export interface Live extends LiveDto {
  skewMs: number;
}

const withSkew = (dto: LiveDto): Live => ({ ...dto, skewMs: Date.parse(dto.at) - Date.now() });

export function useLive() {
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: ['stats-live'],
    queryFn: async () => withSkew(await http.get<LiveDto>('/api/stats/live')),
    // Pushes keep it current; the periodic read covers a push lost while reconnecting.
    refetchInterval: 60_000,
  });
  useSocketEvent('stats:live', (dto) => qc.setQueryData(['stats-live'], withSkew(dto)));
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
