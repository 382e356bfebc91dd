// The current user: who is logged in, log in, log out.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordBody, LoginBody, MeDto, Page, ThrottleDto } from '../../../shared/api';
import { ApiError, http } from './http';

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<MeDto | null> => {
      try {
        return await http.get<MeDto>('/api/auth/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => http.post<MeDto>('/api/auth/login', body),
    onSuccess: (me) => {
      qc.clear();
      qc.setQueryData(['me'], me);
    },
  });
}

/** Changes the current user's own password; the answer is the fresh "me". */
export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => http.post<MeDto>('/api/auth/password', body),
    onSuccess: (me) => qc.setQueryData(['me'], me),
  });
}

/** Login throttles (admin). */
export function useThrottles() {
  return useQuery({
    queryKey: ['throttles'],
    queryFn: () => http.get<Page<ThrottleDto>>('/api/auth/throttles'),
    refetchInterval: 15_000,
  });
}

export function useClearThrottle() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => http.delete<void>(`/api/auth/throttles/${encodeURIComponent(key)}`),
    onSettled: () => qc.invalidateQueries({ queryKey: ['throttles'] }),
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => http.post<void>('/api/auth/logout'),
    onSettled: () => {
      qc.clear();
      qc.setQueryData(['me'], null);
    },
  });
}
