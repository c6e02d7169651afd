import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isStale } from './client';
import type { Officer } from './org';
import type { ApiBody, ApiReply } from './typed';

type WindowsPath = '/api/v1/agencies/{agencyId}/service-windows';
type WindowPath = '/api/v1/agencies/{agencyId}/service-windows/{id}';

/**
 * A service window (政务服务窗口) and its post information board (岗位信息公示牌, R-D18), as the
 * server describes it (generated types): staff resolved from the officer records (`active: false`
 * = has left, no longer on the board), items with their published names (`name: null` = no longer
 * published), `boardUrl` = the printable board on the portal.
 */
export type ServiceWindow = ApiReply<WindowPath, 'patch'>;
export type WindowStaff = ServiceWindow['staff'][number];
export type WindowMaterial = ServiceWindow['materials'][number];
export type WindowVersion = ApiReply<WindowPath>['versions'][number];
/** A new window's body, or an update's (with its reason). */
export type WindowBody = ApiBody<WindowsPath, 'post'> | ApiBody<WindowPath, 'patch'>;

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
  const refresh = () => queryClient.invalidateQueries({ queryKey: windowsKey });
  return useMutation({
    mutationFn: fn,
    onSuccess: refresh,
    // changed by someone else meanwhile (412): load their change
    onError: (error) => (isStale(error) ? refresh() : undefined),
  });
}

/** Creates (id null) or updates the window loaded at `version` (If-Match); the board is published at once. */
export function useSaveWindow() {
  return useWindowMutation(
    ({ agencyId, id, version, body }: { agencyId: string; id: string | null; version?: number; body: WindowBody }) =>
      id === null
        ? api.post<ServiceWindow>(base(agencyId), body)
        : api.patch<ServiceWindow>(`${base(agencyId)}/${encodeURIComponent(id)}`, body, { ifMatch: version }),
  );
}

/** Retires the window loaded at `version` (If-Match): its board leaves the portal at once; the history stays. */
export function useRetireWindow() {
  return useWindowMutation(({ agencyId, id, version, reason }: { agencyId: string; id: string; version: number; reason: string }) =>
    api.post<ServiceWindow>(`${base(agencyId)}/${encodeURIComponent(id)}/retire`, { reason }, { ifMatch: version }),
  );
}
