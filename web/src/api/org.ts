import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EntryState } from './catalog';
import { api, isStale } from './client';
import { type SubjectStatus, useRevisionDetail } from './revisions';
import type { ApiBody, ApiReply } from './typed';
import { type Jurisdiction, type RoleInfo, roleLabels, roles } from './types';

export type AgencyKind = 'administrative_organ' | 'authorized_org' | 'entrusted_org';

export const agencyKindLabels: Record<AgencyKind, string> = {
  administrative_organ: '行政机关',
  authorized_org: '法律法规授权组织',
  entrusted_org: '受委托组织',
};

/** An agency (行政执法主体) as the workbench sees it: the working copy and where it stands. */
export interface Agency {
  id: string;
  name: string;
  kind: AgencyKind;
  kindLabel?: string;
  isSupervising: boolean;
  jurisdictionCode: string;
  parentId: string | null;
  legalBasis?: string | null;
  uscc?: string | null;
  address?: string | null;
  phone?: string | null;
  domains?: string[];
  legalOffice?: string | null;
  entrustingAgencyId?: string | null;
  abolished?: boolean;
  version?: number;
  confirmedVersion?: number | null;
  /** pending: a change waits for the justice bureau. */
  state?: 'pending' | 'confirmed';
  pendingSince?: string | null;
  confirmedAt?: string | null;
}

export type AgencyFields = Pick<
  Agency,
  'name' | 'kind' | 'legalBasis' | 'uscc' | 'address' | 'phone' | 'domains' | 'legalOffice' | 'parentId' | 'entrustingAgencyId'
>;

export interface AgencyVersion {
  version: number;
  reason: string;
  changedBy: string;
  changedAt: string;
  confirmed: boolean;
  snapshot: AgencyFields & { abolished: boolean };
}

export type CertificateStatus = 'green' | 'yellow' | 'red' | 'revoked';

export const certificateStatusLabels: Record<CertificateStatus, { label: string; color: string }> = {
  green: { label: '绿码', color: 'green' },
  yellow: { label: '黄码', color: 'gold' },
  red: { label: '红码', color: 'red' },
  revoked: { label: '吊销', color: 'default' },
};

export interface Officer {
  id: string;
  agencyId: string;
  agencyName: string;
  userId: string | null;
  name: string;
  post: string | null;
  domains: string[];
  /** In full for the officer's own agency editors and the justice bureau; masked for everyone else. */
  idNumber: string;
  idNumberMasked: boolean;
  certificateNumber: string | null;
  issuingBody: string | null;
  validFrom: string | null;
  validUntil: string | null;
  status: CertificateStatus;
  statusLabel: string;
  statusReason: string | null;
  hasLegalQualification: boolean;
  isEnforcer: boolean;
  isReviewer: boolean;
  isLegalAdviser: boolean;
  isAuxiliary: boolean;
  active: boolean;
  version: number;
  pendingSince: string | null;
  canEnforceToday: boolean;
  notEnforcerReason: string | null;
}

export interface OfficerVersion {
  version: number;
  reason: string;
  changedBy: string;
  changedAt: string;
  confirmed: boolean;
}

export interface OfficerDetail {
  officer: Officer;
  statusHistory: {
    fromStatus: CertificateStatus | null;
    toStatus: CertificateStatus;
    reason: string;
    changedBy: string;
    changedAt: string;
  }[];
  annualReviews: { year: number; result: 'pass' | 'basic_pass' | 'fail'; note: string | null; recordedBy: string; recordedAt: string }[];
  versions: OfficerVersion[];
}

export const annualReviewLabels: Record<string, string> = { pass: '合格', basic_pass: '基本合格', fail: '不合格' };

export interface OfficerBody {
  agencyId?: string;
  name?: string;
  idNumber?: string;
  post?: string | null;
  domains?: string[];
  certificateNumber?: string | null;
  issuingBody?: string | null;
  validFrom?: string | null;
  validUntil?: string | null;
  hasLegalQualification?: boolean;
  isEnforcer?: boolean;
  isReviewer?: boolean;
  isLegalAdviser?: boolean;
  isAuxiliary?: boolean;
  active?: boolean;
  status?: CertificateStatus;
  reason?: string;
}

export interface TrainingRecord {
  id: string;
  officerId: string;
  date: string;
  hours: number;
  kind: 'professional' | 'legal';
  topic: string;
  recordedBy: string;
  recordedAt: string;
}

export interface TrainingList {
  items: TrainingRecord[];
  totals: { year: number; professionalHours: number; legalHours: number; meets: boolean }[];
}

/** The justice bureau's ratios (R-L06, R-P03, expiring certificates), as the server types them. */
export type RatiosReply = ApiReply<'/api/v1/org/ratios'>;
export type OrgAlertsReply = ApiReply<'/api/v1/org/alerts'>;
export type OrgAlert = OrgAlertsReply['items'][number];
/** The thresholds the server applies; the web shows these, never numbers of its own (issue 6 §7). */
export type OrgThresholds = ApiReply<'/api/v1/org/thresholds'>;

const orgKey = ['org'] as const;
export const agenciesKey = ['agencies'] as const;
export const officersKey = [...orgKey, 'officers'] as const;

export function useAgencies() {
  return useQuery({
    queryKey: agenciesKey,
    queryFn: ({ signal }) => api.get<{ items: Agency[] }>('/agencies', undefined, signal),
    select: (data) => data.items,
    staleTime: 60_000,
  });
}

export function useAgencyVersions(id: string | null) {
  return useQuery({
    queryKey: [...agenciesKey, id, 'versions'],
    queryFn: ({ signal }) => api.get<{ items: AgencyVersion[] }>(`/agencies/${encodeURIComponent(id ?? '')}/versions`, undefined, signal),
    select: (data) => [...data.items].sort((a, b) => b.version - a.version),
    enabled: id !== null,
  });
}

function useOrgMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: agenciesKey }), queryClient.invalidateQueries({ queryKey: orgKey })]);
  return useMutation({
    mutationFn: fn,
    onSuccess: refresh,
    // changed by someone else meanwhile (412): load their change
    onError: (error) => (isStale(error) ? refresh() : undefined),
  });
}

/** Adds an agency (id null) or saves a new version of the one loaded at `version` (If-Match). */
export function useSaveAgency() {
  return useOrgMutation(({ id, version, body }: { id: string | null; version?: number; body: Record<string, unknown> }) =>
    id === null
      ? api.post<Agency>('/agencies', body)
      : api.patch<Agency>(`/agencies/${encodeURIComponent(id)}`, body, { ifMatch: version }),
  );
}

/** The agency's change (its directory entry) waiting for the bureau, and the bureau's open return. */
export function useAgencyRevisionStatus(agencyId: string | null | undefined) {
  return useQuery({
    queryKey: [...orgKey, 'agency-revision-status', agencyId ?? null],
    queryFn: ({ signal }) => api.get<SubjectStatus>(`/agencies/${encodeURIComponent(agencyId ?? '')}/revision-status`, undefined, signal),
    enabled: Boolean(agencyId),
  });
}

/** The agency's officer changes waiting for the bureau, and the bureau's open return. */
export function useOfficerRevisionStatus(agencyId: string | null | undefined) {
  return useQuery({
    queryKey: [...orgKey, 'officer-revision-status', agencyId ?? null],
    queryFn: ({ signal }) =>
      api.get<SubjectStatus>(`/agencies/${encodeURIComponent(agencyId ?? '')}/officers/revision-status`, undefined, signal),
    enabled: Boolean(agencyId),
  });
}

/**
 * Where each officer of an agency stands in the approval flow (issue 6): in the submission waiting
 * for the bureau (at that very version), in the returned one, changed but not submitted, or public;
 * with the counts the 提交 dialog shows. Without an agency (the bureau's all-agency view) `stateOf`
 * answers null for a changed officer: which submission holds it is not known there.
 */
export function useOfficerChanges(agencyId: string | null | undefined) {
  const status = useOfficerRevisionStatus(agencyId);
  const submitted = useRevisionDetail(status.data?.openSubmission?.id);
  const returned = useRevisionDetail(status.data?.openReturn?.revisionId);
  const pending = useQuery({
    queryKey: [...officersKey, 'pending-of', agencyId ?? null],
    queryFn: ({ signal }) =>
      api.get<{ items: Officer[] }>('/officers', { agencyId, pending: true, includeInactive: true, limit: 200 }, signal),
    select: (data) => data.items,
    enabled: Boolean(agencyId),
  });
  const versions = (items: { key: string; version: number }[] | undefined) => new Map((items ?? []).map((i) => [i.key, i.version]));
  const inSubmission = versions(submitted.data?.items);
  const inReturn = versions(returned.data?.items);
  const stateOf = (o: Pick<Officer, 'id' | 'version' | 'pendingSince'>): EntryState | null => {
    if (!o.pendingSince) return 'published';
    if (!agencyId) return null;
    if (inSubmission.get(o.id) === o.version) return 'submitted';
    if (inReturn.get(o.id) === o.version) return 'returned';
    return 'draft';
  };
  const changed = pending.data ?? [];
  return {
    openSubmission: status.data?.openSubmission ?? null,
    openReturn: status.data?.openReturn ?? null,
    stateOf,
    draftCount: pending.data ? changed.filter((o) => stateOf(o) === 'draft').length : null,
    returnedCount: changed.filter((o) => stateOf(o) === 'returned').length,
  };
}

export const orgSubmitPaths = {
  agency: (agencyId: string) => `/agencies/${encodeURIComponent(agencyId)}/submit`,
  officers: (agencyId: string) => `/agencies/${encodeURIComponent(agencyId)}/officers/submit`,
};

export function useOfficerDetail(id: string | null) {
  return useQuery({
    queryKey: [...officersKey, 'detail', id],
    queryFn: ({ signal }) => api.get<OfficerDetail>(`/officers/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: id !== null,
  });
}

export function useTraining(id: string | null) {
  return useQuery({
    queryKey: [...officersKey, 'training', id],
    queryFn: ({ signal }) => api.get<TrainingList>(`/officers/${encodeURIComponent(id ?? '')}/training`, undefined, signal),
    enabled: id !== null,
  });
}

/** Adds an officer (id null) or saves a new version of the one loaded at `version` (If-Match). */
export function useSaveOfficer() {
  return useOrgMutation(({ id, version, body }: { id: string | null; version?: number; body: OfficerBody }) =>
    id === null
      ? api.post<Officer>('/officers', body)
      : api.patch<Officer>(`/officers/${encodeURIComponent(id)}`, body, { ifMatch: version }),
  );
}

/** Changes the certificate status (红黄绿) of the officer loaded at `version` (If-Match). */
export function useSetOfficerStatus() {
  return useOrgMutation(({ id, version, status, reason }: { id: string; version: number; status: CertificateStatus; reason: string }) =>
    api.post<Officer>(`/officers/${encodeURIComponent(id)}/status`, { status, reason }, { ifMatch: version }),
  );
}

export type TransferReply = ApiReply<'/api/v1/officers/{id}/transfer', 'post'>;

/** The justice bureau moves an officer to another agency; the certificate is revoked (R-P02). */
export function useTransferOfficer() {
  return useOrgMutation(({ id, body }: { id: string; body: ApiBody<'/api/v1/officers/{id}/transfer', 'post'> }) =>
    api.post<TransferReply>(`/officers/${encodeURIComponent(id)}/transfer`, body),
  );
}

export function useAddTraining() {
  return useOrgMutation(
    ({ id, body }: { id: string; body: { date: string; hours: number; kind: 'professional' | 'legal'; topic: string } }) =>
      api.post<TrainingRecord>(`/officers/${encodeURIComponent(id)}/training`, body),
  );
}

export function useRecordAnnualReview() {
  return useOrgMutation(({ id, body }: { id: string; body: { year: number; result: string; note?: string | null } }) =>
    api.post<Officer>(`/officers/${encodeURIComponent(id)}/annual-reviews`, body),
  );
}

/** The justice bureau's ratios for `year` (default: this year). */
export function useOrgRatios(year?: number, enabled = true) {
  return useQuery({
    queryKey: [...orgKey, 'ratios', year ?? null],
    queryFn: ({ signal }) => api.get<RatiosReply>('/org/ratios', { year }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useOrgAlerts(enabled = true) {
  return useQuery({
    queryKey: [...orgKey, 'alerts'],
    queryFn: ({ signal }) => api.get<OrgAlertsReply>('/org/alerts', undefined, signal),
    enabled,
  });
}

/**
 * The thresholds the server applies: reviewer share (R-L06), training hours (R-P03), the
 * certificate expiry warning and the publication limit (R-D08). Jurisdiction settings later.
 */
export function useOrgThresholds() {
  return useQuery({
    queryKey: ['org-thresholds'],
    queryFn: ({ signal }) => api.get<OrgThresholds>('/org/thresholds', undefined, signal),
    staleTime: 30 * 60_000,
  });
}

export function useJurisdictions() {
  return useQuery({
    queryKey: ['jurisdictions'],
    queryFn: ({ signal }) => api.get<{ items: Jurisdiction[] }>('/jurisdictions', undefined, signal),
    select: (data) => data.items,
    staleTime: 5 * 60_000,
  });
}

const fallbackRoles: RoleInfo[] = roles.map((role) => ({
  role,
  label: roleLabels[role],
  admin: role === 'system_admin' || role === 'security_admin' || role === 'auditor',
}));

/** Role catalogue with Chinese labels (GET /roles), falling back to the built-in list. */
export function useRoles() {
  const query = useQuery({
    queryKey: ['roles'],
    queryFn: ({ signal }) => api.get<RoleInfo[] | { items: RoleInfo[] }>('/roles', undefined, signal),
    select: (data) => (Array.isArray(data) ? data : data.items),
    staleTime: 30 * 60_000,
  });
  return { ...query, roles: query.data ?? fallbackRoles };
}
