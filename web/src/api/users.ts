import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { meKey } from './auth';
import { api } from './client';
import type { CreateUserBody, CreateUserResult, Page, Role, UpdateUserBody, UserView } from './types';

const usersKey = ['users'] as const;
const PAGE_SIZE = 20;

/** Users matching `q`, paged by cursor ("加载更多"). */
export function useUsers(q: string) {
  return useInfiniteQuery({
    queryKey: [...usersKey, { q }],
    queryFn: ({ pageParam, signal }) => api.get<Page<UserView>>('/users', { q, cursor: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function useUserMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: usersKey }), queryClient.invalidateQueries({ queryKey: meKey })]);
    },
  });
}

export function useCreateUser() {
  return useUserMutation((body: CreateUserBody) => api.post<CreateUserResult>('/users', body));
}

export function useUpdateUser() {
  return useUserMutation(({ id, body }: { id: string; body: UpdateUserBody }) =>
    api.patch<{ user: UserView }>(`/users/${encodeURIComponent(id)}`, body),
  );
}

export function useResetPassword() {
  return useUserMutation((id: string) => api.post<{ temporaryPassword: string }>(`/users/${encodeURIComponent(id)}/reset-password`));
}

export function useUnlockUser() {
  return useUserMutation((id: string) => api.post<{ user: UserView }>(`/users/${encodeURIComponent(id)}/unlock`));
}

export function useSetRoles() {
  return useUserMutation(({ id, roles }: { id: string; roles: Role[] }) =>
    api.put<{ user: UserView }>(`/users/${encodeURIComponent(id)}/roles`, { roles }),
  );
}
