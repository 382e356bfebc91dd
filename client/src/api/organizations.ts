// The organisation directory.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ImportReport, OrganizationBody, OrganizationDto, Page } from '../../../shared/api';
import { http, qs } from './http';

export function useOrganizations(q: string, limit = 20, offset = 0) {
  return useQuery({
    queryKey: ['organizations', q, limit, offset],
    queryFn: () => http.get<Page<OrganizationDto>>(`/api/organizations${qs({ q, limit, offset })}`),
    staleTime: 30_000,
  });
}

export function useSaveOrganization() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: OrganizationBody }) =>
      id
        ? http.patch<OrganizationDto>(`/api/organizations/${id}`, body)
        : http.post<OrganizationDto>('/api/organizations', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['organizations'] }),
  });
}

export function useAddOrganizationPhone() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, phone }: { id: number; phone: string }) =>
      http.post<OrganizationDto>(`/api/organizations/${id}/phones`, { phone }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['organizations'] }),
  });
}

/** Sends a CSV file as it is; the server detects UTF-8 or Windows-1251. */
export async function importOrganizations(file: File): Promise<ImportReport> {
  const res = await fetch('/api/organizations/import', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'Content-Type': 'text/csv',
      'Accept-Language': localStorage.getItem('callog.locale') === 'en' ? 'en' : 'ru',
    },
    body: file,
  });
  const data = (await res.json()) as ImportReport | { error: { message: string; fields?: Record<string, string> } };
  if (!res.ok && 'error' in data) {
    throw new Error(Object.values(data.error.fields ?? {})[0] ?? data.error.message);
  }
  return data as ImportReport;
}
