// Form No. 1 downloads and the monthly hand-over.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HandoverDto, HandoverReminderDto, Page } from '../../../shared/api';
import { ApiError, http, qs } from './http';

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
  const res = await fetch(`/api/reports/form1${qs({ month, specialist, format })}`, {
    credentials: 'same-origin',
    headers: { 'Accept-Language': localStorage.getItem('callog.locale') === 'en' ? 'en' : 'ru' },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(res.status, body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? res.statusText);
  }
  const blob = await res.blob();
  const cd = res.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/.exec(cd);
  const name = star ? decodeURIComponent(star[1]!) : `form1-${month}.${format}`;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
