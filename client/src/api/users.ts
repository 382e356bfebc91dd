// Users (admin).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUserBody, Page, UpdateUserBody, UserDto } from '../../../shared/api';
import { http, qs } from './http';

export function useUsers(q: string, enabled = true) {
  return useQuery({
    queryKey: ['users', q],
    queryFn: () => http.get<Page<UserDto>>(`/api/users${qs({ q, limit: 500 })}`),
    enabled,
  });
}

export interface DirectoryUser {
  id: number;
  fullName: string;
  role: UserDto['role'];
  extensions: string[];
}

/** Active people, for pickers and names. */
export function useDirectory() {
  return useQuery({
    queryKey: ['users', 'directory'],
    queryFn: () => http.get<Page<DirectoryUser>>('/api/users/directory'),
    staleTime: 60_000,
  });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) => http.post<UserDto>('/api/users', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UpdateUserBody }) => http.patch<UserDto>(`/api/users/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
}
