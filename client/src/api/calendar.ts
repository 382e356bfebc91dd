// The working calendar: a year of days, the missing-year warning, the admin's changes.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CalendarImportPreviewDto,
  CalendarImportResultDto,
  CalendarOverrideBody,
  CalendarStatusDto,
  CalendarYearDto,
  WeekScheduleBody,
} from '../../../shared/api';
import type { ApiErrorBody } from '../../../shared/errors';
import { ApiError, http, language, networkError } from './http';

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

/** The largest file the server takes (CALENDAR_FILE_MAX_BYTES): checked before sending. */
export const CALENDAR_FILE_MAX_BYTES = 512 * 1024;

/** Sends a chosen file as it is (the server sniffs XML, XLSX or CSV); errors as ApiError. */
async function sendFile<T>(url: string, file: Blob): Promise<T> {
  const lang = language();
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json', 'Accept-Language': lang },
      body: file,
    });
  } catch {
    throw networkError();
  }
  const data = (await res.json().catch(() => undefined)) as T | ApiErrorBody | undefined;
  if (!res.ok) {
    const err = (data as ApiErrorBody | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText, err?.fields);
  }
  return data as T;
}

/** What a production calendar file would change in the year (nothing is written). */
export function previewCalendarImport(year: number, file: Blob): Promise<CalendarImportPreviewDto> {
  return sendFile(`/api/calendar/${year}/import/preview`, file);
}

/** Applies the same file as previewed; the token ties it to that preview. */
export function useApplyCalendarImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ year, file, token }: { year: number; file: Blob; token: string }) =>
      sendFile<CalendarImportResultDto>(`/api/calendar/${year}/import/apply?token=${token}`, file),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['calendar'] }),
  });
}
