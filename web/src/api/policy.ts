import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { SecurityPolicy } from './types';

const policyKey = ['security-policy'] as const;

export function useSecurityPolicy() {
  return useQuery({
    queryKey: policyKey,
    queryFn: ({ signal }) => api.get<SecurityPolicy>('/security-policy', undefined, signal),
  });
}

export function useUpdateSecurityPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SecurityPolicy) => api.put<SecurityPolicy>('/security-policy', body),
    onSuccess: (policy) => {
      queryClient.setQueryData(policyKey, policy);
      return queryClient.invalidateQueries({ queryKey: ['auth', 'password-policy'] });
    },
  });
}
