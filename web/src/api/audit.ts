import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { ApiReply } from './typed';
import type { AuditAction, AuditEvent, AuditFilter, AuditStats, Page } from './types';

const PAGE_SIZE = 50;

export function useAuditEvents(filter: AuditFilter, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['audit-events', filter],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<AuditEvent>>('/audit-events', { ...filter, cursor: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/** Events per day; optional on the server, so a failure hides the chart instead of erroring. */
export function useAuditStats(filter: AuditFilter) {
  return useQuery({
    queryKey: ['audit-events', 'stats', filter],
    queryFn: ({ signal }) => api.get<AuditStats>('/audit-events/stats', { ...filter }, signal),
    retry: false,
  });
}

/** The actions the audit log knows, with Chinese labels. */
export function useAuditActions() {
  return useQuery({
    queryKey: ['audit-events', 'actions'],
    queryFn: ({ signal }) => api.get<AuditAction[]>('/audit-events/actions', undefined, signal),
    staleTime: 30 * 60_000,
  });
}

export type RefusalCounts = ApiReply<'/api/v1/security/refusals', 'get'>;

/** Requests refused since the server started (401, 403, 429), counted in the server, not journaled. */
export function useRefusalCounts(enabled = true) {
  return useQuery({
    queryKey: ['security', 'refusals'],
    queryFn: ({ signal }) => api.get<RefusalCounts>('/security/refusals', undefined, signal),
    enabled,
    refetchInterval: 60_000,
  });
}
