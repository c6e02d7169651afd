import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { API_BASE, ApiError, api, buildUrl } from './client';
import type { ApiReply } from './typed';

/**
 * Case documents and templates (issue 9 §5, §7), named from the generated types: generate from a
 * template, new versions with a reason, download .docx / PDF, sign.
 */
export type DocumentList = ApiReply<'/api/v1/cases/{id}/documents'>;
export type CaseDocument = DocumentList['items'][number];
export type DocumentVersion = CaseDocument['versions'][number];
export type DocumentPreview = ApiReply<'/api/v1/cases/{id}/documents/preview', 'post'>;
export type TemplateList = ApiReply<'/api/v1/document-templates'>;
export type DocumentTemplate = TemplateList['items'][number];
export type PartyDocuments = ApiReply<'/api/v1/parties/{id}/documents'>;

const key = (caseId: string) => ['cases', 'documents', caseId] as const;
const base = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/documents`;

export function useDocumentTemplates() {
  return useQuery({
    queryKey: ['document-templates'],
    queryFn: ({ signal }) => api.get<TemplateList>('/document-templates', undefined, signal),
    staleTime: 5 * 60_000,
  });
}

export function useCaseDocuments(caseId: string) {
  return useQuery({ queryKey: key(caseId), queryFn: ({ signal }) => api.get<DocumentList>(base(caseId), undefined, signal) });
}

export function usePartyDocuments(partyId: string | undefined) {
  return useQuery({
    queryKey: ['parties', 'documents', partyId],
    queryFn: ({ signal }) => api.get<PartyDocuments>(`/parties/${encodeURIComponent(partyId ?? '')}/documents`, undefined, signal),
    enabled: !!partyId,
  });
}

/** The filled fields of an instrument before generating (live preview while the officer types). */
export function useDocumentPreview(caseId: string, templateCode: string | null, fields: Record<string, string>) {
  return useQuery({
    queryKey: [...key(caseId), 'preview', templateCode, fields],
    queryFn: () => api.post<DocumentPreview>(`${base(caseId)}/preview`, { templateCode, fields }),
    enabled: !!templateCode,
    placeholderData: (prev) => prev,
  });
}

export function useGenerateDocument(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { templateCode: string; fields: Record<string, string> }) => api.post<CaseDocument>(base(caseId), body),
    onSuccess: () =>
      Promise.all([qc.invalidateQueries({ queryKey: key(caseId) }), qc.invalidateQueries({ queryKey: ['cases', 'one', caseId] })]),
  });
}

export function useNewDocumentVersion(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ docId, fields, reason }: { docId: string; fields: Record<string, string>; reason: string }) =>
      api.post<CaseDocument>(`${base(caseId)}/${encodeURIComponent(docId)}/versions`, { fields, reason }),
    onSuccess: () =>
      Promise.all([qc.invalidateQueries({ queryKey: key(caseId) }), qc.invalidateQueries({ queryKey: ['cases', 'one', caseId] })]),
  });
}

export function useSignDocument(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ docId, version }: { docId: string; version: number }) =>
      api.post<CaseDocument>(`${base(caseId)}/${encodeURIComponent(docId)}/versions/${version}/signatures`),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(caseId) }),
  });
}

/**
 * Downloads a file of the API (a document's .docx or PDF) through fetch, so a refusal (503
 * PDF_UNAVAILABLE when the server has no LibreOffice) is shown as its Chinese message rather than
 * as a page of JSON. The file name is the server's (Content-Disposition filename*).
 */
export async function downloadApiFile(url: string): Promise<void> {
  const path = url.startsWith(API_BASE) ? url.slice(API_BASE.length) : url;
  const res = await fetch(buildUrl(path), { credentials: 'same-origin' });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { code?: string; message?: string; details?: Record<string, unknown> } | null;
    throw new ApiError(res.status, {
      code: body?.code ?? 'HTTP_ERROR',
      message: body?.message ?? `下载失败（HTTP ${res.status}）`,
      details: body?.details ?? {},
    });
  }
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  const name = m?.[1] ? decodeURIComponent(m[1]) : 'document';
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
