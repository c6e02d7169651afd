import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { ApiBody, ApiQuery, ApiReply } from './typed';

/**
 * The cases API (issue 8 §3), named once from the generated types: the web is built on exactly
 * these routes. Procedures are data, so action inputs are JSON schemas the pages turn into forms.
 */
export type ProcedureList = ApiReply<'/api/v1/procedures'>;
export type Procedure = ProcedureList['items'][number];
export type ActionSummary = Procedure['actions'][number];
export type CaseView = ApiReply<'/api/v1/cases/{id}'>;
export type TimeLimit = CaseView['timeLimits'][number];
export type TimelineEntry = CaseView['timeline'][number];
export type CasePartyView = CaseView['parties'][number];
export type CaseList = ApiReply<'/api/v1/cases'>;
export type CaseSummary = CaseList['items'][number];
export type CaseQuery = ApiQuery<'/api/v1/cases'>;
export type TodoList = ApiReply<'/api/v1/cases/todo'>;
export type TodoItem = TodoList['items'][number];
export type OpenCaseBody = ApiBody<'/api/v1/cases', 'post'>;
export type ActionResult = ApiReply<'/api/v1/cases/{id}/actions/{action}', 'post'>;
export type PartyDetail = ApiReply<'/api/v1/parties/{id}'>;
export type PartySearch = ApiReply<'/api/v1/parties'>;
export type RevealedIdNumber = ApiReply<'/api/v1/cases/{id}/parties/{partyId}/id-number', 'post'>;

export const casesKey = ['cases'] as const;
export const casePath = (id: string) => `/cases/${encodeURIComponent(id)}`;

export function useProcedures(enabled = true) {
  return useQuery({
    queryKey: ['procedures'],
    queryFn: ({ signal }) => api.get<ProcedureList>('/procedures', undefined, signal),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: [...casesKey, 'one', id],
    queryFn: ({ signal }) => api.get<CaseView>(casePath(id ?? ''), undefined, signal),
    enabled: !!id,
  });
}

export function useTodo(enabled = true) {
  return useQuery({
    queryKey: [...casesKey, 'todo'],
    queryFn: ({ signal }) => api.get<TodoList>('/cases/todo', undefined, signal),
    enabled,
  });
}

const LEDGER_PAGE = 50;

/** 案件台账: the ledger with its filters, cursor paging (加载更多). */
export function useLedger(filters: Omit<CaseQuery, 'cursor' | 'limit'>) {
  return useInfiniteQuery({
    queryKey: [...casesKey, 'ledger', filters],
    queryFn: ({ pageParam, signal }) => api.get<CaseList>('/cases', { ...filters, cursor: pageParam, limit: LEDGER_PAGE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useOpenCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OpenCaseBody) => api.post<CaseView>('/cases', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...casesKey] }),
  });
}

/** One action; If-Match carries the version the user saw, so a case changed meanwhile answers 412. */
export function useTakeAction(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body, version }: { action: string; body: Record<string, unknown>; version: number }) =>
      api.post<ActionResult>(`${casePath(caseId)}/actions/${encodeURIComponent(action)}`, body, { ifMatch: version }),
    onSuccess: (result) => {
      queryClient.setQueryData([...casesKey, 'one', caseId], result.case);
      return queryClient.invalidateQueries({ queryKey: [...casesKey], predicate: (q) => q.queryKey[2] !== caseId });
    },
  });
}

/** 查看全文 of an ID number: journaled on the server, shown for this view only (never cached). */
export function revealIdNumber(caseId: string, partyId: string) {
  return api.post<RevealedIdNumber>(`${casePath(caseId)}/parties/${encodeURIComponent(partyId)}/id-number`);
}

export function useParty(id: string | undefined) {
  return useQuery({
    queryKey: ['parties', id],
    queryFn: ({ signal }) => api.get<PartyDetail>(`/parties/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: !!id,
  });
}

export function usePartySearch(q: string) {
  return useQuery({
    queryKey: ['parties', 'search', q],
    queryFn: ({ signal }) => api.get<PartySearch>('/parties', { q }, signal),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}

/** The colour of an urgency (time limit): overdue red, due today/soon orange, paused grey, met green. */
export const urgencyColors: Record<string, string> = {
  overdue: 'red',
  due_today: 'orange',
  due_soon: 'orange',
  running: 'blue',
  paused: 'default',
  met: 'green',
};

/** "已超期 N 天" / "今日到期" / "剩余 N 天": the days left of a running limit as people read them. */
export function daysLeftText(limit: { urgency: string | null; daysLeft: number | null; urgencyLabel?: string | null }): string {
  const { urgency, daysLeft } = limit;
  if (urgency === 'met') return '已完成';
  if (urgency === 'paused') return '已中止计时';
  if (daysLeft === null) return limit.urgencyLabel ?? '—';
  if (daysLeft < 0) return `已超期 ${-daysLeft} 天`;
  if (daysLeft === 0) return '今日到期';
  return `剩余 ${daysLeft} 天`;
}

type OfficerList = ApiReply<'/api/v1/officers'>;
export type AgencyOfficer = OfficerList['items'][number];

/** The agency's officers, to pick the case's officers from (the server checks eligibility again, R-P01). */
export function useAgencyOfficers(agencyId: string | null | undefined) {
  return useQuery({
    queryKey: ['org', 'officers', 'for-cases', agencyId],
    queryFn: ({ signal }) => api.get<OfficerList>('/officers', { agencyId: agencyId ?? undefined, limit: 200 }, signal),
    enabled: !!agencyId,
    staleTime: 60_000,
  });
}

type ItemList = ApiReply<'/api/v1/catalog/items'>;

/** The caller's own agency's catalog items (执法事项), offered as the case's item code. */
export function useOwnItems() {
  return useQuery({
    queryKey: ['catalog', 'items', 'for-cases'],
    queryFn: ({ signal }) => api.get<ItemList>('/catalog/items', undefined, signal),
    staleTime: 60_000,
  });
}
