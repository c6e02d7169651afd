import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Officer } from './org';

/** One staff member on a window's board (R-D18), resolved from the officer record. */
export interface WindowStaff {
  officerId: string;
  name: string;
  post: string | null;
  domains: string[];
  isAuxiliary: boolean;
  /** false: the officer has left the agency and is no longer shown on the board. */
  active: boolean;
  duties: string;
}

export interface WindowMaterial {
  title: string;
  text: string;
  itemCodes: string[];
}

/** A service window (政务服务窗口) and its post information board (岗位信息公示牌). */
export interface ServiceWindow {
  id: string;
  agencyId: string;
  agencyName: string;
  number: string;
  name: string;
  hall: string;
  floor: string | null;
  openingHours: string;
  phone: string | null;
  staff: WindowStaff[];
  itemCodes: string[];
  /** name null: the item is no longer in the published item list. */
  items: { code: string; name: string | null }[];
  materials: WindowMaterial[];
  progressEnquiry: string;
  consultation: string;
  complaint: string;
  retired: boolean;
  retiredReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** the printable board on the portal */
  boardUrl: string;
}

export interface WindowVersion {
  version: number;
  reason: string;
  changedBy: string;
  changedAt: string;
  publishedListVersion: number | null;
}

export interface WindowBody {
  number?: string;
  name?: string;
  hall?: string;
  floor?: string | null;
  openingHours?: string;
  phone?: string | null;
  staff?: { officerId: string; duties: string }[];
  itemCodes?: string[];
  materials?: WindowMaterial[];
  progressEnquiry?: string;
  consultation?: string;
  complaint?: string;
  reason?: string;
}

export const windowsKey = ['service-windows'] as const;
const base = (agencyId: string) => `/agencies/${encodeURIComponent(agencyId)}/service-windows`;

export function useWindows(agencyId: string | undefined, includeRetired: boolean) {
  return useQuery({
    queryKey: [...windowsKey, agencyId, includeRetired],
    queryFn: ({ signal }) => api.get<{ items: ServiceWindow[] }>(base(agencyId ?? ''), { includeRetired }, signal),
    select: (data) => data.items,
    enabled: !!agencyId,
  });
}

export function useWindowVersions(agencyId: string | undefined, id: string | null) {
  return useQuery({
    queryKey: [...windowsKey, agencyId, 'detail', id],
    queryFn: ({ signal }) =>
      api.get<{ window: ServiceWindow; versions: WindowVersion[] }>(
        `${base(agencyId ?? '')}/${encodeURIComponent(id ?? '')}`,
        undefined,
        signal,
      ),
    enabled: !!agencyId && id !== null,
  });
}

/** The agency's active officers, to choose the staff of a window from. */
export function useAgencyOfficers(agencyId: string | undefined) {
  return useQuery({
    queryKey: [...windowsKey, 'officers', agencyId],
    queryFn: ({ signal }) => api.get<{ items: Officer[] }>('/officers', { agencyId, limit: 200 }, signal),
    select: (data) => data.items,
    enabled: !!agencyId,
  });
}

/** The agency's items as published (open data): a board may only name published items. */
export function usePublishedItems(agencyId: string | undefined) {
  return useQuery({
    queryKey: [...windowsKey, 'items', agencyId],
    queryFn: ({ signal }) => api.get<{ items: { code: string; name: string }[] }>('/public/items', { agencyId, limit: 500 }, signal),
    select: (data) => data.items.map((i) => ({ code: i.code, name: i.name })),
    enabled: !!agencyId,
    staleTime: 60_000,
  });
}

function useWindowMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: windowsKey }),
  });
}

/** Creates (id null) or updates a window; the board is published at once. */
export function useSaveWindow() {
  return useWindowMutation(({ agencyId, id, body }: { agencyId: string; id: string | null; body: WindowBody }) =>
    id === null
      ? api.post<ServiceWindow>(base(agencyId), body)
      : api.patch<ServiceWindow>(`${base(agencyId)}/${encodeURIComponent(id)}`, body),
  );
}

/** Retires a window: its board leaves the portal at once; the history stays. */
export function useRetireWindow() {
  return useWindowMutation(({ agencyId, id, reason }: { agencyId: string; id: string; reason: string }) =>
    api.post<ServiceWindow>(`${base(agencyId)}/${encodeURIComponent(id)}/retire`, { reason }),
  );
}
