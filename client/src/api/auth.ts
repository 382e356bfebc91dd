// The current user: who is logged in, log in, log out.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LoginBody, MeDto } from '../../../shared/api';
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
