import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { ApiBody, ApiReply } from './typed';

/**
 * Evidence, AV records and devices (issue 9 §3, §4), named from the generated types. Bytes and
 * thumbnails are plain URLs (`contentUrl`, `thumbnailUrl`): the browser's <img>, <video> and
 * <audio> fetch them with the session cookie and seek by HTTP Range.
 */
export type EvidenceList = ApiReply<'/api/v1/cases/{id}/evidence'>;
export type EvidenceItem = EvidenceList['items'][number];
export type AvRequirement = EvidenceList['avRequirements'][number];
export type EvidenceBody = ApiBody<'/api/v1/cases/{id}/evidence', 'post'>;
export type DeviceList = ApiReply<'/api/v1/devices'>;
export type Device = DeviceList['items'][number];

export const evidenceKinds = [
  '书证',
  '物证',
  '视听资料',
  '电子数据',
  '证人证言',
  '当事人陈述',
  '鉴定意见',
  '勘验笔录',
  '现场笔录',
] as const;

const key = (caseId: string) => ['cases', 'evidence', caseId] as const;
const base = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/evidence`;

/** The content URL as the browser loads it (the API answers under /api/v1). */
export const fileUrl = (path: string) => (path.startsWith('/api/') ? path : `/api/v1${path}`);

export function useCaseEvidence(caseId: string | undefined) {
  return useQuery({
    queryKey: key(caseId ?? ''),
    queryFn: ({ signal }) => api.get<EvidenceList>(base(caseId ?? ''), undefined, signal),
    enabled: !!caseId,
  });
}

export function useDevices(enabled = true) {
  return useQuery({
    queryKey: ['devices'],
    queryFn: ({ signal }) => api.get<DeviceList>('/devices', undefined, signal),
    enabled,
    staleTime: 60_000,
  });
}

export function useAddEvidence(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EvidenceBody) => api.post<EvidenceItem>(base(caseId), body),
    onSuccess: () =>
      Promise.all([qc.invalidateQueries({ queryKey: key(caseId) }), qc.invalidateQueries({ queryKey: ['cases', 'one', caseId] })]),
  });
}

export function useWithdrawEvidence(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, reason }: { itemId: string; reason: string }) =>
      api.post<EvidenceItem>(`${base(caseId)}/${encodeURIComponent(itemId)}/withdrawal`, { reason }),
    onSuccess: () =>
      Promise.all([qc.invalidateQueries({ queryKey: key(caseId) }), qc.invalidateQueries({ queryKey: ['cases', 'one', caseId] })]),
  });
}

/** 12.3 MB, 512 KB …: sizes as people read them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
