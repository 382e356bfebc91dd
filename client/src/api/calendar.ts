// The working calendar: a year of days, the missing-year warning, the admin's changes.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CalendarOverrideBody, CalendarStatusDto, CalendarYearDto, WeekScheduleBody } from '../../../shared/api';
import { http } from './http';

export function useCalendarYear(year: number) {
  return useQuery({
    queryKey: ['calendar', year],
    queryFn: () => http.get<CalendarYearDto>(`/api/calendar?year=${year}`),
  });
}

export function useCalendarStatus(enabled: boolean) {
  return useQuery({
    queryKey: ['calendar', 'status'],
    queryFn: () => http.get<CalendarStatusDto>('/api/calendar/status'),
    enabled,
    staleTime: 3_600_000,
  });
}

export function useSaveOverride() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ date, body }: { date: string; body: CalendarOverrideBody }) =>
      http.put<void>(`/api/calendar/overrides/${date}`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['calendar'] }),
  });
}

export function useDeleteOverride() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (date: string) => http.delete<void>(`/api/calendar/overrides/${date}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['calendar'] }),
  });
}

export function useSaveSchedule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: WeekScheduleBody) => http.put<void>('/api/calendar/schedule', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['calendar'] }),
  });
}
