import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { ApiReply } from './typed';

/**
 * The case file (案卷, issue 9 §8): its catalogue in binding order, archiving, and the .zip. The
 * download is a plain link (`downloadUrl`): the browser streams a large file to disk with the
 * session cookie instead of holding it in memory.
 */
export type CaseFileView = ApiReply<'/api/v1/cases/{id}/case-file'>;
export type CatalogueEntry = CaseFileView['catalogue'][number];

const key = (caseId: string) => ['cases', 'case-file', caseId] as const;
const base = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;

export function useCaseFile(caseId: string | undefined) {
  return useQuery({
    queryKey: key(caseId ?? ''),
    queryFn: ({ signal }) => api.get<CaseFileView>(`${base(caseId ?? '')}/case-file`, undefined, signal),
    enabled: !!caseId,
  });
}

export function useArchiveCase(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<ApiReply<'/api/v1/cases/{id}/archive', 'post'>>(`${base(caseId)}/archive`, {}),
    // the whole case changes: read-only, 已归档, a timeline step
    onSuccess: () => qc.invalidateQueries({ queryKey: ['cases'] }),
  });
}

/** The download as the browser opens it (the API answers under /api/v1). */
export const caseFileHref = (url: string) => (url.startsWith('/api/') ? url : `/api/v1${url}`);
