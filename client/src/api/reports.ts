// Form No. 1 downloads and the monthly hand-over.
import { downloadFile } from './download';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HandoverDto, HandoverReminderDto, Page } from '../../../shared/api';
import { http, qs } from './http';

export function useHandovers(month: string) {
  return useQuery({
    queryKey: ['handovers', month],
    queryFn: () => http.get<Page<HandoverDto>>(`/api/reports/handovers${qs({ month })}`),
  });
}

export function useHandoverReminder() {
  return useQuery({
    queryKey: ['handovers', 'reminder'],
    queryFn: () => http.get<HandoverReminderDto>('/api/reports/handovers/reminder'),
    staleTime: 600_000,
  });
}

export function useMarkPrinted() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (month: string) => http.post<HandoverDto>(`/api/reports/handovers/${month}/printed`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['handovers'] }),
  });
}

export function useMarkReceived() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ month, specialistId }: { month: string; specialistId: number }) =>
      http.post<HandoverDto>(`/api/reports/handovers/${month}/${specialistId}/received`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['handovers'] }),
  });
}

/** Fetches a Form No. 1 file and hands it to the browser as a download (errors come back as messages). */
export async function downloadForm1(month: string, specialist: number | null, format: 'pdf' | 'xlsx'): Promise<void> {
  await downloadFile(`/api/reports/form1${qs({ month, specialist, format })}`, `form1-${month}.${format}`);
}
