// Calls: the missed list and what a specialist does with a missed call.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallDto, LineDto, Page } from '../../../shared/api';
import { http, qs } from './http';

export function useCalls(filters: Record<string, string | number | undefined>) {
  return useQuery({
    queryKey: ['calls', filters],
    queryFn: () => http.get<Page<CallDto>>(`/api/calls${qs(filters)}`),
    refetchInterval: 60_000,
  });
}

export function useCallAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: 'take' | 'handled' | 'callback' }) =>
      http.post<CallDto>(`/api/calls/${id}/${action}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['calls'] }),
  });
}

export function useLines() {
  return useQuery({
    queryKey: ['lines'],
    queryFn: () => http.get<Page<LineDto>>('/api/lines'),
    staleTime: 300_000,
  });
}
