import { businessRoles, type Role } from '../src/platform/auth/roles';

/**
 * THE authorization policy, one entry per operation of the OpenAPI document, keyed `METHOD path`
 * (the path as the document writes it). `authz-matrix.test.ts` sends every operation as every role
 * from three places and checks the answers against this table; an operation without an entry fails
 * that test. Keyed by method and path rather than operationId: the path is what the guard is
 * attached to and what a reviewer reads in the route file; operationIds are being introduced now.
 *
 * - `roles`: who may call it ('public': no session needed; 'anyone': any logged-in account).
 *   Any other role gets 403, wherever the record is (the role check comes first).
 * - `scope`: what decides whether the record acted on is the caller's —
 *   'none' (no record of an agency: platform-wide, the caller's own account or own agency implied),
 *   'agency' (the record's agency: its own staff; the justice bureau and the administrators of its
 *   jurisdiction or one above it — their subtree, R-S01 / DESIGN.md invariant 6),
 *   'jurisdiction' (the record's jurisdiction: accounts of that jurisdiction or above; platform-wide
 *   accounts see all), 'creator' (only who started it: background jobs).
 *   Out of scope → 404.
 * - `passes`: 4xx statuses that still prove the guards passed for an allowed caller in scope, each
 *   with the reason (the guard and the scope check both run before what answers it).
 */
export type Scope = 'none' | 'agency' | 'jurisdiction' | 'creator';
export interface Policy {
  roles: readonly Role[] | 'public' | 'anyone';
  scope: Scope;
  /**
   * Roles the route's guard lets through although the act is not theirs for this record (the
   * service decides after the scope check): 404 out of scope, 403 in scope — out of scope the
   * record's existence is not confirmed to them.
   */
  refusedInScope?: readonly Role[];
  /**
   * The act is the justice bureau's of the record's own jurisdiction (confirming its submissions,
   * keeping its agencies' records): a bureau above reads the record (its subtree) but is refused, 403.
   */
  ownBureauOnly?: boolean;
  /** what out of scope answers when it is not 404, with the reason (a record named in the body, refused naming the field) */
  outOfScope?: { status: number; why: string };
  passes?: Partial<Record<number, string>>;
}
export const relations = ['own', 'sameJurisdiction', 'otherJurisdiction'] as const;
/** the three places of every role, and the bureau and administrators of the city above (the subtree, R-S01) */
export type Relation = (typeof relations)[number] | 'cityAbove';

const business = businessRoles;
/** who keeps an agency's lists: its head, disclosure clerk, reviewers; the bureau's supervisors (its own lists) */
const editors: Role[] = ['agency_head', 'disclosure_clerk', 'reviewer', 'supervisor'];
/** R-D18: an agency's head and disclosure clerk keep its windows (the bureau's supervisors pass the guard: the bureau's own) */
const windowKeepers: Policy = { roles: ['agency_head', 'disclosure_clerk'], scope: 'agency', refusedInScope: ['supervisor'] };
const orgReaders: Role[] = [...businessRoles, 'system_admin'];
/** editing another agency's record is the agency's own editors' act; the bureau confirms, it does not edit */
const ownEditors: Role[] = ['agency_head', 'disclosure_clerk', 'reviewer'];

const publicRead: Policy = { roles: 'public', scope: 'none' };
const validatedAfterAuth = 'authentication runs on the request (onRequest), before the body is validated';

const catalogKinds = ['items', 'discretion-standards', 'three-lists', 'review-catalog', 'av-duties', 'inspection-items'];
const catalog: Record<string, Policy> = {};
for (const kind of catalogKinds) {
  const base = `/api/v1/catalog/${kind}`;
  catalog[`GET ${base}`] = { roles: business, scope: 'agency' };
  // a new entry goes to the caller's own list (the bureau's supervisors: the bureau's own)
  catalog[`POST ${base}`] = { roles: editors, scope: 'none' };
  catalog[`GET ${base}/{entryId}/history`] = { roles: business, scope: 'agency' };
  catalog[`GET ${base}/{entryId}`] = { roles: business, scope: 'agency' };
  // the bureau's supervisors pass the guard (they keep the bureau's own lists) but do not edit an agency's
  catalog[`PUT ${base}/{entryId}`] = { roles: ownEditors, scope: 'agency', refusedInScope: ['supervisor'] };
  catalog[`DELETE ${base}/{entryId}`] = { roles: ownEditors, scope: 'agency', refusedInScope: ['supervisor'] };
  catalog[`POST ${base}/submit`] = { roles: editors, scope: 'none' };
  catalog[`GET ${base}/export`] = { roles: business, scope: 'agency' };
}
for (const kind of ['items', 'discretion-standards']) {
  catalog[`GET /api/v1/catalog/${kind}/template`] = { roles: business, scope: 'none' };
  catalog[`POST /api/v1/catalog/${kind}/import`] = { roles: editors, scope: 'none' };
}

export const policy: Record<string, Policy> = {
  // authentication and the public disclosure (R-D08 history, R-S10 journal proofs): no session
  'POST /api/v1/auth/login': { roles: 'public', scope: 'none' },
  'GET /api/v1/auth/password-policy': publicRead,
  'GET /api/v1/public/journal/checkpoints/latest': publicRead,
  'GET /api/v1/public/journal/checkpoints': publicRead,
  'GET /api/v1/public/journal/public-key': publicRead,
  'GET /api/v1/public/journal/proofs/inclusion': publicRead,
  'GET /api/v1/public/journal/proofs/consistency': publicRead,
  'GET /api/v1/public/agencies': publicRead,
  'GET /api/v1/public/officers': publicRead,
  'GET /api/v1/public/items': publicRead,
  'GET /api/v1/public/discretion-standards': publicRead,
  'GET /api/v1/public/three-lists': publicRead,
  'GET /api/v1/public/review-catalog': publicRead,
  'GET /api/v1/public/av-duties': publicRead,
  'GET /api/v1/public/inspection-items': publicRead,
  'GET /api/v1/public/service-windows': publicRead,
  'GET /api/v1/public/items/{code}': publicRead,
  'GET /api/v1/public/lists': publicRead,
  'GET /api/v1/public/lists/{listKey}/versions': publicRead,
  'GET /api/v1/public/lists/{listKey}/versions/{version}': publicRead,
  'GET /api/v1/public/lists/{listKey}/entries/{subjectId}': publicRead,
  'GET /api/v1/public/journal/entries/{seq}': publicRead,

  // one's own account
  'GET /api/v1/auth/me': { roles: 'anyone', scope: 'none' },
  'POST /api/v1/auth/logout': { roles: 'anyone', scope: 'none' },
  'POST /api/v1/auth/password': { roles: 'anyone', scope: 'none', passes: { 400: validatedAfterAuth } },
  'POST /api/v1/auth/totp/enrol': { roles: 'anyone', scope: 'none' },
  'POST /api/v1/auth/totp/confirm': { roles: 'anyone', scope: 'none', passes: { 400: validatedAfterAuth } },
  'POST /api/v1/auth/totp/disable': { roles: 'anyone', scope: 'none', passes: { 400: validatedAfterAuth } },

  // 三员分立: accounts by the system administrator, roles and policy by the security administrator
  'GET /api/v1/roles': { roles: 'anyone', scope: 'none' },
  'GET /api/v1/users': { roles: ['system_admin', 'security_admin'], scope: 'none' },
  // an agency out of scope named in the body is answered like a missing one (404), as POST /agencies does
  'POST /api/v1/users': { roles: ['system_admin'], scope: 'jurisdiction' },
  'PATCH /api/v1/users/{id}': { roles: ['system_admin'], scope: 'jurisdiction' },
  'POST /api/v1/users/{id}/reset-password': { roles: ['system_admin'], scope: 'jurisdiction' },
  'POST /api/v1/users/{id}/unlock': { roles: ['system_admin'], scope: 'jurisdiction' },
  'PUT /api/v1/users/{id}/roles': { roles: ['security_admin'], scope: 'jurisdiction' },
  'GET /api/v1/security-policy': { roles: ['security_admin'], scope: 'none' },
  'PUT /api/v1/security-policy': { roles: ['security_admin'], scope: 'none' },
  'GET /api/v1/audit-events': { roles: ['auditor'], scope: 'none' },
  'GET /api/v1/audit-events/stats': { roles: ['auditor'], scope: 'none' },
  'GET /api/v1/audit-events/actions': { roles: ['auditor'], scope: 'none' },
  // the process's refusal counters (not journaled, issue 7 §6): platform-wide, not per jurisdiction
  'GET /api/v1/security/refusals': { roles: ['security_admin', 'auditor'], scope: 'none' },

  // jurisdictions and agencies (R-D01)
  // the directory and the tree: business roles, and the system administrator who assigns accounts to them;
  // not the security administrator nor the auditor (issue 7: they read pending agency versions)
  'GET /api/v1/jurisdictions': { roles: orgReaders, scope: 'none' },
  // below a jurisdiction in the caller's subtree (a parent out of scope is answered as missing)
  'POST /api/v1/jurisdictions': { roles: ['system_admin'], scope: 'jurisdiction' },
  'GET /api/v1/agencies': { roles: orgReaders, scope: 'none' },
  // in a jurisdiction of the caller's subtree (named in the body: out of scope is 404 like a missing one)
  'POST /api/v1/agencies': { roles: ['system_admin', 'supervisor'], scope: 'jurisdiction' },
  'GET /api/v1/agencies/export': { roles: orgReaders, scope: 'none' },
  // an agency's record in the workbench (pending versions included): its own staff, the bureau and administrators
  // of its subtree; the published directory is public (GET /public/agencies)
  'GET /api/v1/agencies/{id}': { roles: orgReaders, scope: 'agency' },
  'PATCH /api/v1/agencies/{id}': { roles: ['system_admin', 'supervisor', 'agency_head'], scope: 'agency', ownBureauOnly: true },
  'GET /api/v1/agencies/{id}/versions': { roles: orgReaders, scope: 'agency' },
  'POST /api/v1/agencies/{id}/submit': { roles: ['system_admin', 'supervisor', 'agency_head'], scope: 'agency', ownBureauOnly: true },
  'GET /api/v1/agencies/{id}/revision-status': { roles: business, scope: 'agency' },
  'POST /api/v1/agencies/{id}/officers/submit': { roles: editors, scope: 'agency', ownBureauOnly: true },
  'GET /api/v1/agencies/{id}/officers/revision-status': { roles: business, scope: 'agency' },

  // officers, certificates, training (R-P01..R-P04)
  'GET /api/v1/officers': { roles: business, scope: 'agency' },
  'POST /api/v1/officers': { roles: ownEditors, scope: 'agency', refusedInScope: ['supervisor'] },
  'GET /api/v1/officers/{id}': { roles: business, scope: 'agency' },
  'PATCH /api/v1/officers/{id}': { roles: ownEditors, scope: 'agency', refusedInScope: ['supervisor'] },
  'POST /api/v1/officers/{id}/transfer': { roles: ['supervisor'], scope: 'agency', ownBureauOnly: true },
  'POST /api/v1/officers/{id}/status': { roles: editors, scope: 'agency', ownBureauOnly: true },
  'POST /api/v1/officers/{id}/annual-reviews': { roles: editors, scope: 'agency', ownBureauOnly: true },
  'GET /api/v1/officers/{id}/training': { roles: business, scope: 'agency' },
  'POST /api/v1/officers/{id}/training': { roles: editors, scope: 'agency', ownBureauOnly: true },
  'GET /api/v1/org/thresholds': { roles: business, scope: 'none' },
  'GET /api/v1/org/ratios': { roles: ['supervisor'], scope: 'none' },
  'GET /api/v1/org/alerts': { roles: editors, scope: 'none' },
  'GET /api/v1/officers/template': { roles: editors, scope: 'none' },
  'GET /api/v1/training/template': { roles: editors, scope: 'none' },
  'GET /api/v1/officers/export': { roles: editors, scope: 'agency' },
  'GET /api/v1/training/export': { roles: editors, scope: 'agency' },
  'POST /api/v1/officers/import': { roles: editors, scope: 'none' },
  'POST /api/v1/training/import': { roles: editors, scope: 'none' },

  // service windows (R-D18)
  'GET /api/v1/agencies/{agencyId}/service-windows': { roles: business, scope: 'agency' },
  'POST /api/v1/agencies/{agencyId}/service-windows': windowKeepers,
  'GET /api/v1/agencies/{agencyId}/service-windows/{id}': { roles: business, scope: 'agency' },
  'PATCH /api/v1/agencies/{agencyId}/service-windows/{id}': windowKeepers,
  'POST /api/v1/agencies/{agencyId}/service-windows/{id}/retire': windowKeepers,

  // the lists (R-D03..R-D07, R-L02)
  ...catalog,
  'GET /api/v1/catalog/alerts': { roles: business, scope: 'none' },
  'POST /api/v1/catalog/review-catalog/evaluate': { roles: business, scope: 'agency' },

  // working-day calendar, background jobs
  'GET /api/v1/calendar/add-working-days': { roles: 'anyone', scope: 'none' },
  'GET /api/v1/calendar/{year}': { roles: 'anyone', scope: 'none' },
  'POST /api/v1/calendar/overrides': { roles: ['system_admin'], scope: 'none' },
  // jurisdiction settings (DESIGN.md invariant 3): anyone reads the values of their own jurisdiction;
  // a value is set by the jurisdiction's own justice bureau (a bureau above reads it but is refused,
  // as for confirmations) or a system administrator over it
  'GET /api/v1/settings': { roles: 'anyone', scope: 'none' },
  // a justice bureau adds its own jurisdiction's version of a procedure (issue 8 §2): no record of an agency
  'POST /api/v1/procedures/{code}/versions': { roles: ['supervisor'], scope: 'none', passes: { 400: validatedAfterAuth } },
  'POST /api/v1/settings/{key}/values': { roles: ['supervisor', 'system_admin'], scope: 'jurisdiction', ownBureauOnly: true },
  'GET /api/v1/jobs/{id}': { roles: 'anyone', scope: 'creator' },

  // enforcement cases (issue 8 §3, §6, §12): the agency's staff read their agency's cases, the
  // justice bureau its subtree's (read-only); lists filter by the caller's scope (no record named)
  'GET /api/v1/procedures': { roles: business, scope: 'none' },
  'GET /api/v1/cases': { roles: business, scope: 'none' },
  'GET /api/v1/cases/export': { roles: business, scope: 'none' },
  'GET /api/v1/cases/todo': { roles: business, scope: 'none' },
  // opened in the officer's own agency
  'POST /api/v1/cases': { roles: ['officer'], scope: 'none' },
  'GET /api/v1/cases/{id}': { roles: business, scope: 'agency' },
  // the case file (issue 9 §8, R-C08): read like the case; archived by its officers or the head (a
  // reviewer passes the route's guard and is refused, 403); the subject case is not closed, so the
  // archive answers 409 CASE_NOT_CLOSED and the download 409 CASE_NOT_ARCHIVED, after every check
  'GET /api/v1/cases/{id}/case-file': { roles: business, scope: 'agency' },
  'POST /api/v1/cases/{id}/archive': {
    roles: ['officer', 'agency_head'],
    scope: 'agency',
    refusedInScope: ['reviewer'],
    passes: { 409: 'CASE_NOT_CLOSED: the subject case is open; refused after the role and scope checks' },
  },
  'GET /api/v1/cases/{id}/case-file/download': {
    roles: business,
    scope: 'agency',
    passes: { 409: 'CASE_NOT_ARCHIVED: the subject case is not archived; refused after the scope check' },
  },
  // who may take which action is the procedure's: the matrix's own officer is an officer of the
  // subject case (adds a party), the head reassigns its officers; a reviewer passes the route's guard
  // but has no action on a case in 案源登记 (403). The supervisor reads and cannot act (403).
  // The agency's officers NOT on the case: server/test/cases-authz.test.ts.
  'POST /api/v1/cases/{id}/actions/{action}': { roles: ['officer', 'agency_head'], scope: 'agency', refusedInScope: ['reviewer'] },
  // the full ID number: the case's own officers only (R-D02), each reveal journaled
  'POST /api/v1/cases/{id}/parties/{partyId}/id-number': { roles: ['officer'], scope: 'agency' },
  // evidence and AV records (issue 9 §3): read like the case; added by the case's own officers
  // (the matrix's own officer is one) from their own upload; withdrawn by them or the head (a
  // reviewer passes the route's guard and is refused, 403). No route deletes or changes an item.
  'GET /api/v1/cases/{id}/evidence': { roles: business, scope: 'agency' },
  'POST /api/v1/cases/{id}/evidence': { roles: ['officer'], scope: 'agency' },
  'GET /api/v1/cases/{id}/evidence/{itemId}/content': { roles: business, scope: 'agency' },
  'GET /api/v1/cases/{id}/evidence/{itemId}/thumbnail': { roles: business, scope: 'agency' },
  'POST /api/v1/cases/{id}/evidence/{itemId}/withdrawal': {
    roles: ['officer', 'agency_head'],
    scope: 'agency',
    refusedInScope: ['reviewer'],
  },
  // AV devices (R-C10): listed in the caller's scope; the agency head registers its own agency's and
  // names custodians (a head elsewhere registers in its own agency and is refused the subject's officer)
  'GET /api/v1/devices': { roles: business, scope: 'none' },
  'POST /api/v1/devices': {
    roles: ['agency_head'],
    scope: 'none',
    passes: { 422: "the custodian named is an officer of the subject agency, not of the caller's" },
  },
  'POST /api/v1/devices/{id}/custodians': { roles: ['agency_head'], scope: 'agency' },
  'GET /api/v1/parties': { roles: business, scope: 'none' },
  'GET /api/v1/parties/{id}': { roles: business, scope: 'agency' },
  // case documents (issue 9 §5, §7): the agency's staff and the bureau read them; the case's own
  // officers generate and correct (the matrix's own officer handles the subject case); its officers
  // or the agency head sign, a reviewer passes the guard but is refused (403)
  'GET /api/v1/cases/{id}/documents': { roles: business, scope: 'agency' },
  'POST /api/v1/cases/{id}/documents/preview': { roles: business, scope: 'agency' },
  'POST /api/v1/cases/{id}/documents': { roles: ['officer'], scope: 'agency' },
  'POST /api/v1/cases/{id}/documents/{docId}/versions': { roles: ['officer'], scope: 'agency' },
  'GET /api/v1/cases/{id}/documents/{docId}/versions/{version}/content': { roles: business, scope: 'agency' },
  'GET /api/v1/cases/{id}/documents/{docId}/versions/{version}/pdf': { roles: business, scope: 'agency' },
  'POST /api/v1/cases/{id}/documents/{docId}/versions/{version}/signatures': {
    roles: ['officer', 'agency_head'],
    scope: 'agency',
    refusedInScope: ['reviewer'],
  },
  'GET /api/v1/parties/{id}/documents': { roles: business, scope: 'agency' },
  // document templates (catalog, R-S08): everyone in business reads; a justice bureau adds its jurisdiction's version
  'GET /api/v1/document-templates': { roles: business, scope: 'none' },
  'GET /api/v1/document-templates/{code}/versions/{version}/content': { roles: business, scope: 'none' },
  'POST /api/v1/document-templates/{code}/versions': { roles: ['supervisor'], scope: 'none', passes: { 400: validatedAfterAuth } },

  // submissions and the bureau's confirmation (R-D08)
  'GET /api/v1/revisions': { roles: business, scope: 'none' },
  'GET /api/v1/revisions/{id}': { roles: business, scope: 'agency' },
  'POST /api/v1/revisions/{id}/confirm': { roles: ['supervisor'], scope: 'agency', ownBureauOnly: true },
  'POST /api/v1/revisions/{id}/return': { roles: ['supervisor'], scope: 'agency', ownBureauOnly: true },
};
