import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ApiBody, ApiQuery, ApiReply } from '../../api/typed';
import type { Jurisdiction } from '../../api/types';

/** Jurisdiction settings (platform/settings, DESIGN.md invariant 3): what the server answers, named once. */
export type SettingsList = ApiReply<'/api/v1/settings'>;
export type SettingItem = SettingsList['items'][number];
export type SettingHistory = SettingItem['history'][number];
export type SettingsQuery = ApiQuery<'/api/v1/settings'>;
export type ScheduleBody = ApiBody<'/api/v1/settings/{key}/values', 'post'>;

export const settingsKey = ['settings'] as const;

export function useSettings(query: SettingsQuery) {
  return useQuery({
    queryKey: [...settingsKey, query],
    queryFn: ({ signal }) => api.get<SettingsList>('/settings', query, signal),
    // another day or jurisdiction: keep the table on screen while it loads
    placeholderData: (previous) => previous,
  });
}

/** Schedules a value from its effective date on; every settings view reloads (and the org thresholds read from them). */
export function useScheduleSetting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, body }: { key: string; body: ScheduleBody }) =>
      api.post<ApiReply<'/api/v1/settings/{key}/values', 'post'>>(`/settings/${encodeURIComponent(key)}/values`, body),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: [...settingsKey] }),
        queryClient.invalidateQueries({ queryKey: ['org'] }),
        queryClient.invalidateQueries({ queryKey: ['org-thresholds'] }),
      ]),
  });
}

/** A value as people read it: ratios as percentages, the unit after numbers. */
export function formatValue(item: Pick<SettingItem, 'unit' | 'unitLabel'>, value: number | string): string {
  if (typeof value === 'string') return value;
  if (item.unit === 'ratio') return `${Number((value * 100).toFixed(4))}%`;
  if (item.unit === 'yuan') return `${value.toLocaleString('zh-CN')} 元`;
  return item.unitLabel ? `${value} ${item.unitLabel}` : String(value);
}

/** The jurisdictions the caller may look at (GET /jurisdictions needs readOrg: asked only when the account has it). */
export function useSettingJurisdictions(enabled: boolean) {
  return useQuery({
    queryKey: ['jurisdictions'],
    queryFn: ({ signal }) => api.get<{ items: Jurisdiction[] }>('/jurisdictions', undefined, signal),
    select: (data) => data.items,
    staleTime: 5 * 60_000,
    enabled,
  });
}
