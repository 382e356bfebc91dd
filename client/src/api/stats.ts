// Statistics of a period (GET /api/stats).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { StatsDto, StatsQuery } from '../../../shared/stats';
import { http, qs } from './http';

export function useStats(q: StatsQuery) {
  return useQuery({
    queryKey: ['stats', q],
    queryFn: () => http.get<StatsDto>(`/api/stats${qs({ ...q })}`),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}
