import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client';
import type { ApiBody, ApiQuery, ApiReply } from './typed';

/**
 * The one revision-and-approval mechanism (issue 6): an agency submits a list's changes, the
 * submission freezes exactly what will be published, and the justice bureau confirms (publishes)
 * or returns that snapshot by id. Officers, agencies and the six catalog lists all go through it.
 */
export type RevisionView = ApiReply<'/api/v1/revisions'>['items'][number];
export type RevisionDetail = ApiReply<'/api/v1/revisions/{id}'>;
export type RevisionItem = RevisionDetail['items'][number];
export type FieldChange = RevisionItem['fields'][number];
export type RevisionFilter = ApiQuery<'/api/v1/revisions'>;
export type ConfirmBody = ApiBody<'/api/v1/revisions/{id}/confirm', 'post'>;
/** What an agency sees of one subject (its officer list, its directory entry): the waiting submission and the open return. */
export type SubjectStatus = ApiReply<'/api/v1/agencies/{id}/revision-status'>;
export type OpenReturn = NonNullable<SubjectStatus['openReturn']>;
/** What every submission asks for: the internal note for the bureau and the note the public reads. */
export type SubmitBody = ApiBody<'/api/v1/agencies/{id}/officers/submit', 'post'>;

export type ListKind = 'officers' | 'agencies' | CatalogListKind;
type CatalogListKind = 'items' | 'discretion_standards' | 'three_lists' | 'review_catalog' | 'av_duties' | 'inspection_items';

export const changeLabels: Record<RevisionItem['change'], { label: string; color: string }> = {
  added: { label: '新增', color: 'green' },
  changed: { label: '修改', color: 'blue' },
  removed: { label: '撤下', color: 'red' },
  internal: { label: '仅内部', color: 'default' },
};

export const revisionsKey = ['revisions'] as const;

/** Every query a decision or a submission changes: the queue, the lists, the officers and agencies. */
export const affectedKeys = [revisionsKey, ['catalog'], ['org'], ['agencies']] as const;

/** Submissions in the caller's scope; the justice bureau's queue with `status: 'submitted'`. */
export function useRevisionList(filter: RevisionFilter, enabled = true) {
  return useQuery({
    queryKey: [...revisionsKey, 'list', filter],
    queryFn: ({ signal }) => api.get<ApiReply<'/api/v1/revisions'>>('/revisions', filter, signal),
    select: (data) => data.items,
    enabled,
  });
}

/** One submission: its frozen entries with the field-level difference from what is public. */
export function useRevisionDetail(id: string | null | undefined) {
  return useQuery({
    queryKey: [...revisionsKey, 'detail', id ?? null],
    queryFn: ({ signal }) => api.get<RevisionDetail>(`/revisions/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: Boolean(id),
  });
}

function useRevisionMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  const refresh = () => Promise.all(affectedKeys.map((queryKey) => queryClient.invalidateQueries({ queryKey: [...queryKey] })));
  return useMutation({
    mutationFn: fn,
    onSuccess: refresh,
    // 409: superseded, decided by someone else meanwhile: the queue is out of date
    onError: (error) => (error instanceof ApiError && error.status === 409 ? refresh() : undefined),
  });
}

/** The bureau confirms a submission: exactly its frozen content is published. */
export function useConfirmRevision() {
  return useRevisionMutation(({ id, body }: { id: string; body: ConfirmBody }) =>
    api.post<RevisionView>(`/revisions/${encodeURIComponent(id)}/confirm`, body),
  );
}

/** The bureau returns a submission with its reason; nothing is published or undone. */
export function useReturnRevision() {
  return useRevisionMutation(({ id, reason }: { id: string; reason: string }) =>
    api.post<RevisionView>(`/revisions/${encodeURIComponent(id)}/return`, { reason }),
  );
}

/** Submits through `path` (a list's or an agency's submit endpoint); a waiting submission is replaced. */
export function useSubmitChanges(path: string | null) {
  return useRevisionMutation((body: SubmitBody) => api.post<RevisionView>(path ?? '', body));
}

/**
 * The confirmation was refused because the publication would show personal data (400, the
 * message names the list, the entry and the field): the bureau may release it with a reason.
 */
export function isPersonalDataRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 400 && Array.isArray(error.details.hits);
}
