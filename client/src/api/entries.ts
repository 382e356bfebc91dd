// Journal entries: lists, one entry with history, changes.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateEntryBody, EntryDetailsDto, EntryDto, Page, PatchEntryBody } from '../../../shared/api';
import { normalizePhone } from '../../../shared/phone';
import type { CallerContextDto } from '../../../shared/socket';
import { http, qs } from './http';

export type EntryFilters = Record<string, string | number | undefined>;

export function useEntries(filters: EntryFilters, enabled = true) {
  return useQuery({
    queryKey: ['entries', filters],
    queryFn: () => http.get<Page<EntryDto>>(`/api/entries${qs(filters)}`),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useEntry(id: number | null) {
  return useQuery({
    queryKey: ['entry', id],
    queryFn: () => http.get<EntryDetailsDto>(`/api/entries/${id}`),
    enabled: id !== null,
  });
}

/**
 * What earlier entries and the directory say about a caller number (the pop-up gets the same with its
 * draft): asked once the number is whole.
 */
export function useCallerContext(caller: string | null | undefined, exclude?: number) {
  const norm = normalizePhone(caller);
  return useQuery({
    queryKey: ['caller-context', norm, exclude ?? null],
    queryFn: () => http.get<CallerContextDto>(`/api/entries/caller-context${qs({ caller: norm ?? '', exclude })}`),
    enabled: norm !== null && norm.length >= 11,
    staleTime: 30_000,
  });
}

function useInvalidate() {
  const qc = useQueryClient();
  return (id?: number) => {
    void qc.invalidateQueries({ queryKey: ['entries'] });
    if (id) void qc.invalidateQueries({ queryKey: ['entry', id] });
  };
}

export function usePatchEntry() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: PatchEntryBody }) =>
      http.patch<EntryDto>(`/api/entries/${id}`, body),
    onSuccess: (e) => invalidate(e.id),
  });
}

export function useCreateEntry() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: CreateEntryBody) => http.post<EntryDto>('/api/entries', body),
    onSuccess: (e) => invalidate(e.id),
  });
}

/** The owner opened an entry with new mail: its mark on the desk goes. */
export function useMailSeen() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => http.post<void>(`/api/entries/${id}/mail-seen`, {}),
    onSuccess: (_r, id) => invalidate(id),
  });
}

export function useAttachEntry() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, targetId, version }: { id: number; targetId: number; version: number }) =>
      http.post<EntryDto>(`/api/entries/${id}/attach-to`, { targetId, version }),
    onSuccess: (e) => invalidate(e.id),
  });
}
