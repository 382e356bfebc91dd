// The mail channel: the shared «Почта» queue, taking a mail, held mail.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EntryDto, HeldMailDto, MailQueueItemDto, Page } from '../../../shared/api';
import { useEffect } from 'react';
import { useRealtime, useSocketEvent } from '../realtime/socket';
import { http } from './http';

/** Mails nobody has taken yet; refreshed when any instance says the queue changed. */
export function useMailQueue(enabled = true) {
  const qc = useQueryClient();
  const { connected } = useRealtime();
  useSocketEvent('mail:queue', () => void qc.invalidateQueries({ queryKey: ['mail'] }));
  // Changes announced while this page had no connection are read again once it has one.
  useEffect(() => {
    if (connected) void qc.invalidateQueries({ queryKey: ['mail'] });
  }, [connected, qc]);
  return useQuery({
    queryKey: ['mail', 'queue'],
    queryFn: () => http.get<Page<MailQueueItemDto>>('/api/mail/queue'),
    refetchInterval: 60_000,
    enabled,
  });
}

export function useTakeMail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (entryId: number) => http.post<EntryDto>(`/api/mail/queue/${entryId}/take`),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['mail'] });
      void qc.invalidateQueries({ queryKey: ['entries'] });
    },
  });
}

export function useHeldMail(enabled: boolean) {
  return useQuery({
    queryKey: ['mail', 'held'],
    queryFn: () => http.get<Page<HeldMailDto>>('/api/mail/held'),
    enabled,
  });
}

export function useReleaseMail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http.post<{ entryId: number }>(`/api/mail/held/${id}/release`),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['mail'] }),
  });
}
