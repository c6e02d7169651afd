import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Page } from './types';

export const PAGE_SIZE = 20;

type Filters = Record<string, string | number | boolean | null | undefined>;

/** A list answered as `{ items, nextCursor }`, filtered by `filters` and paged by cursor ("加载更多"). */
export function useCursorList<T>(key: readonly unknown[], path: string, filters: Filters, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...key, filters],
    queryFn: ({ pageParam, signal }) => api.get<Page<T>>(path, { ...filters, cursor: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One problem of an import: the row as Excel numbers it, the Chinese column header, the value and why. */
export interface ImportProblem {
  row?: number;
  column?: string;
  value?: string;
  reason: string;
}

export interface JobView {
  id: string;
  kind: string;
  status: 'running' | 'succeeded' | 'failed' | string;
  total: number | null;
  done: number;
  result: { rows?: number; written?: number; [key: string]: unknown } | null;
  problems: ImportProblem[];
  /** Total number of problems (more than listed when over 1,000). */
  problemCount?: number;
  error: { code: string; message: string } | null;
  createdAt?: string;
  finishedAt?: string | null;
}

/** A background job (import), polled twice a second while it runs. */
export function useJob(jobId: string | null) {
  return useQuery({
    queryKey: ['jobs', jobId],
    queryFn: ({ signal }) => api.get<JobView>(`/jobs/${encodeURIComponent(jobId ?? '')}`, undefined, signal),
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'running' ? false : 500),
  });
}
