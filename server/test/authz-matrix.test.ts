import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInTemplate } from '../src/modules/catalog';
import { insertOfficer } from '../src/modules/org';
import { allRoles, isAdminRole, type Role } from '../src/platform/auth/roles';
import { xlsxContentType } from '../src/platform/spreadsheet';
import { bearer, buildTestApp, type TestApp } from './app';
import { type Policy, policy, type Relation, relations } from './authz-policy';
import { leadOpen, usccFor } from './case-fixtures';
import { evidenceBody, photoBytes, stagedUpload } from './cases-evidence-fixtures';
import {
  avDutyBody,
  type BuiltAccount,
  type BuiltAgency,
  buildAccount,
  buildAgency,
  buildOfficer,
  buildTwoJurisdictions,
  buildWindow,
  idNumberFor,
  uniq,
  windowBody,
} from './factories';
import { testEngine } from './store';

/**
 * The generated authorization matrix (issue 7 §3, DESIGN.md invariant 6): every operation of the
 * OpenAPI document × every role × three places of the caller relative to the record acted on —
 * the record's own agency, another agency of the same county, an agency of another county — each
 * answered as the ONE policy table (`./authz-policy.ts`) says:
 *
 * - no session → 401 (every secured operation);
 * - a role the operation does not allow → 403, wherever the record is;
 * - an allowed role, the record out of the caller's scope → 404 (STYLE.md §10: out of scope is missing);
 * - an allowed role in scope → anything but 401/403/404 and 5xx; a 4xx counts only where the policy
 *   entry names it with the reason it proves the guards passed (`passes`).
 *
 * The records acted on all belong to county A's market agency ("the subject"). Business roles sit
 * in the subject (own), county A's urban agency (same county) or county B's market agency (other
 * county); a supervisor always sits in a justice bureau, so "own" and "same county" are both county
 * A's bureau (it oversees the subject: the jurisdiction's subtree, R-S01) and "other county" is
 * county B's bureau. Administrators have no agency; they are placed by jurisdiction (A, A, B).
 * Four more callers sit in the city above both counties (its bureau's supervisor, its three
 * administrators): the bureau's and administrators' scope is their jurisdiction's whole subtree.
 * Requests carry valid bodies and the record's current version (If-Match) wherever the guards
 * could be hidden by a 400/412; what consumes its record (retire, delete, confirm, transfer) gets a
 * fresh one for each request.
 */

const subjectCounty = '990102';
let t: TestApp;
let fx: Awaited<ReturnType<typeof buildTwoJurisdictions>>;
interface Caller extends BuiltAccount {
  relation: Relation;
  token: string;
}
const callers: Caller[] = [];
/** per agency: an editor (agency head; the bureau's supervisor) who prepares records there */
const editorOf = new Map<string, string>();
const target: Record<string, string> = {};
const entries: Record<string, string> = {};
let clerkOwn: Caller;
/** the subject case's two officers (the own officer's record first), and the listed general procedure */
let caseOfficers: string[] = [];
let procedureView: unknown;

const placement = (role: Role, relation: (typeof relations)[number]): BuiltAgency | null => {
  if (isAdminRole(role)) return null;
  if (role === 'supervisor') return relation === 'otherJurisdiction' ? fx.justiceB : fx.justiceA;
  return { own: fx.marketA, sameJurisdiction: fx.urbanA, otherJurisdiction: fx.marketB }[relation];
};

const kinds = ['items', 'discretion-standards', 'three-lists', 'review-catalog', 'av-duties', 'inspection-items'] as const;
type Kind = (typeof kinds)[number];
const basis = [{ law: '《中华人民共和国产品质量法》', article: '第四十九条', clause: null, text: null }];
/** a valid new entry of each catalog list */
function entryBody(kind: Kind): Record<string, unknown> {
  const code = `T-${uniq()}`;
  const reason = '授权矩阵测试';
  switch (kind) {
    case 'items':
      return { code, name: '生产、销售不符合标准的产品', actCategory: 'penalty', legalBases: basis, reason };
    case 'discretion-standards':
      return {
        code,
        violation: '生产、销售不符合标准的产品',
        legalBasis: basis,
        penaltyBasis: basis,
        levels: [
          {
            level: '一般',
            conditions: '初次违法',
            penalty: '责令停止生产、销售',
            fineMin: null,
            fineMax: null,
            gainsMultipleMin: null,
            gainsMultipleMax: null,
          },
        ],
        reason,
      };
    case 'three-lists':
      return {
        code,
        list: 'no_penalty',
        violation: '初次违法且危害后果轻微',
        legalBasis: basis,
        conditions: '及时改正',
        measure: '责令改正',
        reason,
      };
    case 'review-catalog':
      return {
        code,
        name: '较大数额罚款',
        kind: 'fine_threshold',
        description: '对法人罚款十万元以上须法制审核',
        effectiveFrom: '2026-01-01',
        organisationThreshold: 100000,
        reason,
      };
    case 'av-duties':
      return avDutyBody(code);
    case 'inspection-items':
      return {
        code,
        name: '产品质量监督抽查',
        basis,
        target: '辖区内生产者、销售者',
        content: '产品是否符合国家标准',
        ratio: '5%',
        method: '现场抽样',
        frequency: '每年1次',
        reason,
      };
  }
}

async function inject(token: string | null, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const isBuffer = Buffer.isBuffer(payload);
  return t.app.inject({
    method: method as 'GET',
    url,
    headers: { ...(token ? bearer(token) : {}), ...(isBuffer ? { 'content-type': xlsxContentType } : {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}
async function must(token: string, method: string, url: string, payload?: unknown, headers?: Record<string, string>) {
  const res = await inject(token, method, url, payload, headers);
  if (res.statusCode >= 300) throw new Error(`fixture ${method} ${url}: ${res.statusCode} ${res.body}`);
  return res;
}
const ifMatch = (v: number) => ({ 'if-match': `"${v}"` });
const version = async (table: 'agency' | 'officer' | 'service_window', id: string) =>
  (await t.ctx.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
const officerStatus = async (id: string) =>
  (await t.ctx.db.selectFrom('officer').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

let photo: Buffer;
/** a fresh evidence item of the subject case, added by its own officer (a withdrawal consumes it) */
async function freshEvidence(): Promise<string> {
  const upload = await stagedUpload(t, target.ownOfficerUser as string, photo, 'image/png', '现场.png');
  const body = {
    ...evidenceBody({ officers: caseOfficers.map((officerId) => ({ officerId })) } as never, upload),
    capturedAt: '2026-08-30T00:00:00Z',
  };
  return (await must(target.ownOfficerToken as string, 'POST', `/api/v1/cases/${target.case}/evidence`, body)).json().id;
}

/** a fresh catalog entry of the subject (for DELETE, which consumes it) */
async function freshEntry(kind: Kind): Promise<string> {
  return (await must(editorOf.get(fx.marketA.id) as string, 'POST', `/api/v1/catalog/${kind}`, entryBody(kind))).json().id;
}
/** a fresh submission of the subject's officer list, waiting for the bureau (confirm/return consume it) */
async function freshSubmission(): Promise<string> {
  const head = editorOf.get(fx.marketA.id) as string;
  await buildOfficer(t, fx.marketA); // a change to submit
  return (
    await must(head, 'POST', `/api/v1/agencies/${fx.marketA.id}/officers/submit`, { note: '授权矩阵测试', publicNote: '人员信息更新' })
  ).json().id;
}
/** a draft in the caller's own list, so that a submit by an allowed caller has something to submit */
async function draftFor(caller: Caller, kind: Kind) {
  const editor = caller.agencyId ? editorOf.get(caller.agencyId) : undefined;
  if (editor) await must(editor, 'POST', `/api/v1/catalog/${kind}`, entryBody(kind));
}

interface Req {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}
let template: Record<string, Buffer> = {};

/**
 * The request for one operation made by one caller: the subject's record, a valid body. `fresh`:
 * the caller is expected through, so what the act consumes is made anew (a refused caller gets the
 * standing record: nothing is consumed when the guards hold).
 */
async function requestFor(method: string, path: string, caller: Caller, fresh: boolean): Promise<Req> {
  const m = fx.marketA.id;
  const key = `${method} ${path}`;
  const catalog = /^\/api\/v1\/catalog\/([a-z-]+)(\/.*)?$/.exec(path);
  const kind = catalog?.[1] as Kind | undefined;
  const fill = (p: string, values: Record<string, string>) => p.replace(/\{(\w+)\}/g, (_, n: string) => values[n] ?? `missing-${n}`);
  switch (key) {
    case 'POST /api/v1/auth/login':
      return { url: path, payload: {} };
    case 'POST /api/v1/auth/password':
    case 'POST /api/v1/auth/totp/confirm':
    case 'POST /api/v1/auth/totp/disable':
      return { url: path, payload: {} };
    case 'POST /api/v1/users':
      return { url: path, payload: { username: `u${uniq()}`, displayName: '新用户', roles: ['officer'], agencyId: m } };
    case 'PATCH /api/v1/users/{id}':
      return { url: fill(path, { id: target.user as string }), payload: { displayName: `改名${uniq()}` } };
    case 'PUT /api/v1/users/{id}/roles':
      return { url: fill(path, { id: target.user as string }), payload: { roles: ['officer'] } };
    case 'PUT /api/v1/security-policy':
      return { url: path, payload: target.policy };
    case 'POST /api/v1/jurisdictions':
      // a township below the subject's county (GB/T 2260 has 6 digits; the 99 prefix is unassigned)
      return {
        url: path,
        payload: {
          code: `99${String(2000 + Number(uniq())).padStart(4, '0')}`,
          name: '测试镇',
          level: 'township',
          parentCode: subjectCounty,
        },
      };
    case 'POST /api/v1/agencies':
      return { url: path, payload: { name: `测试局${uniq()}`, kind: 'administrative_organ', jurisdictionCode: subjectCounty } };
    case 'PATCH /api/v1/agencies/{id}':
      return {
        url: fill(path, { id: m }),
        payload: { phone: `0999-${uniq()}`, reason: '更新电话' },
        headers: ifMatch(await version('agency', m)),
      };
    case 'POST /api/v1/agencies/{id}/submit':
      return { url: fill(path, { id: m }), payload: { note: '授权矩阵测试', publicNote: '名录更新' } };
    case 'POST /api/v1/agencies/{id}/officers/submit':
      if (fresh) await buildOfficer(t, fx.marketA);
      return { url: fill(path, { id: m }), payload: { note: '授权矩阵测试', publicNote: '人员信息更新' } };
    case 'POST /api/v1/officers':
      return { url: path, payload: { agencyId: m, name: `新人员${uniq()}`, idNumber: idNumberFor(), reason: '新增人员' } };
    case 'PATCH /api/v1/officers/{id}':
      return {
        url: fill(path, { id: target.officer as string }),
        payload: { post: `科员${uniq()}`, reason: '职务调整' },
        headers: ifMatch(await version('officer', target.officer as string)),
      };
    case 'POST /api/v1/officers/{id}/transfer':
      return {
        url: fill(path, { id: fresh ? (await buildOfficer(t, fx.marketA)).id : (target.officer as string) }),
        payload: { toAgencyId: fx.urbanA.id, reason: '工作调动' },
      };
    case 'POST /api/v1/officers/{id}/status':
      return {
        url: fill(path, { id: target.officer as string }),
        payload: { status: (await officerStatus(target.officer as string)) === 'green' ? 'yellow' : 'green', reason: '授权矩阵测试' },
        headers: ifMatch(await version('officer', target.officer as string)),
      };
    case 'POST /api/v1/officers/{id}/annual-reviews':
      // one review per officer and year: a fresh officer for each caller expected through
      return {
        url: fill(path, { id: fresh ? (await buildOfficer(t, fx.marketA)).id : (target.officer as string) }),
        payload: { year: 2025, result: 'pass' },
      };
    case 'POST /api/v1/officers/{id}/training':
      return {
        url: fill(path, { id: target.officer as string }),
        payload: { date: '2026-02-01', hours: 1, kind: 'legal', topic: '授权矩阵测试' },
      };
    case 'POST /api/v1/agencies/{agencyId}/service-windows':
      return { url: fill(path, { agencyId: m }), payload: windowBody(target.officer as string) };
    case 'PATCH /api/v1/agencies/{agencyId}/service-windows/{id}':
      return {
        url: fill(path, { agencyId: m, id: target.window as string }),
        payload: { openingHours: `工作日 9:00—17:30（${uniq()}）`, reason: '授权矩阵测试' },
        headers: ifMatch(await version('service_window', target.window as string)),
      };
    case 'POST /api/v1/agencies/{agencyId}/service-windows/{id}/retire': {
      const w = fresh
        ? await buildWindow(t, fx.marketA, target.officer as string)
        : { id: target.window as string, version: await version('service_window', target.window as string) };
      return { url: fill(path, { agencyId: m, id: w.id }), payload: { reason: '授权矩阵测试' }, headers: ifMatch(w.version) };
    }
    case 'POST /api/v1/officers/import':
    case 'POST /api/v1/training/import':
    case 'POST /api/v1/catalog/items/import':
    case 'POST /api/v1/catalog/discretion-standards/import':
      return { url: path, payload: template[path] };
    case 'POST /api/v1/catalog/review-catalog/evaluate':
      return { url: path, payload: { agencyId: m, decision: { actCategory: 'penalty', partyType: 'organisation' } } };
    case 'POST /api/v1/calendar/overrides':
      return {
        url: path,
        payload: {
          date: `2027-01-${String((Number(uniq()) % 28) + 1).padStart(2, '0')}`,
          kind: 'holiday',
          name: '测试假日',
          source: '授权矩阵测试',
        },
      };
    case 'POST /api/v1/settings/{key}/values':
      // a county-level key, for the subject's county, from a future day (a change never rewrites history)
      return {
        url: fill(path, { key: 'org.legal_hours' }),
        payload: { jurisdictionCode: subjectCounty, value: 30, effectiveFrom: '2027-01-01', reason: '授权矩阵测试' },
      };
    case 'POST /api/v1/cases':
      return {
        url: path,
        payload: { procedure: 'general', title: `授权矩阵测试案${uniq()}`, domain: '市场监管', open: leadOpen('2026-08-20') },
      };
    case 'POST /api/v1/cases/{id}/actions/{action}':
      // the case's officer adds a party (a new one each time); the head reassigns the case's two officers
      return caller.role === 'officer'
        ? {
            url: fill(path, { id: target.case as string, action: 'add_party' }),
            payload: { party: { kind: 'organisation', name: `授权矩阵测试单位${uniq()}`, uscc: usccFor(Number(uniq())) } },
          }
        : {
            url: fill(path, { id: target.case as string, action: 'assign_officers' }),
            payload: { officerIds: caseOfficers, reason: '授权矩阵测试' },
          };
    case 'POST /api/v1/cases/{id}/parties/{partyId}/id-number':
      return { url: fill(path, { id: target.case as string, partyId: target.party as string }) };
    case 'GET /api/v1/cases/{id}':
      return { url: fill(path, { id: target.case as string }) };
    case 'GET /api/v1/cases/{id}/case-file':
    case 'POST /api/v1/cases/{id}/archive':
    case 'GET /api/v1/cases/{id}/case-file/download':
      return { url: fill(path, { id: target.case as string }) };
    case 'GET /api/v1/parties':
      return { url: `${path}?q=${encodeURIComponent('张')}` };
    case 'GET /api/v1/parties/{id}':
      return { url: fill(path, { id: target.party as string }) };
    case 'GET /api/v1/cases/{id}/documents':
      return { url: fill(path, { id: target.case as string }) };
    case 'POST /api/v1/cases/{id}/documents/preview':
      return { url: fill(path, { id: target.case as string }), payload: { templateCode: 'inspection_record' } };
    case 'POST /api/v1/cases/{id}/documents':
      return {
        url: fill(path, { id: target.case as string }),
        payload: { templateCode: 'inspection_record', fields: { findings: '授权矩阵测试' } },
      };
    case 'POST /api/v1/cases/{id}/documents/{docId}/versions':
      return {
        url: fill(path, { id: target.case as string, docId: target.document as string }),
        payload: { fields: {}, reason: '授权矩阵测试' },
      };
    case 'GET /api/v1/cases/{id}/documents/{docId}/versions/{version}/content':
    case 'GET /api/v1/cases/{id}/documents/{docId}/versions/{version}/pdf':
    case 'POST /api/v1/cases/{id}/documents/{docId}/versions/{version}/signatures':
      return { url: fill(path, { id: target.case as string, docId: target.document as string, version: '1' }) };
    case 'GET /api/v1/parties/{id}/documents':
      return { url: fill(path, { id: target.party as string }) };
    case 'GET /api/v1/document-templates/{code}/versions/{version}/content':
      return { url: fill(path, { code: 'inspection_record', version: '1' }) };
    case 'POST /api/v1/document-templates/{code}/versions':
      // the built-in template uploaded by the caller, as the caller's jurisdiction's version from a future day
      return {
        url: fill(path, { code: 'inspection_record' }),
        payload: {
          uploadId: fresh
            ? await stagedUpload(t, caller.id, builtInTemplate('inspection_record'), 'application/octet-stream', '现场检查笔录.docx')
            : 'none',
          effectiveFrom: '2027-01-01',
          reason: '授权矩阵测试',
        },
      };
    // evidence, AV records and devices (issue 9 §3, §4)
    case 'GET /api/v1/devices':
      return { url: path };
    case 'POST /api/v1/devices':
      // the subject's own officer as custodian: another agency's head is refused naming the field (422)
      return {
        url: path,
        payload: { name: '执法记录仪', kind: '执法记录仪', serialNumber: `SN-${uniq()}`, custodian: { officerId: caseOfficers[0] } },
      };
    case 'POST /api/v1/devices/{id}/custodians':
      return { url: fill(path, { id: target.device as string }), payload: { officerId: caseOfficers[1], reason: '授权矩阵测试' } };
    case 'GET /api/v1/cases/{id}/evidence':
      return { url: fill(path, { id: target.case as string }) };
    case 'POST /api/v1/cases/{id}/evidence':
      // the caller's own finished upload (an upload is its uploader's), the case's officers as collectors
      return {
        url: fill(path, { id: target.case as string }),
        payload: {
          ...evidenceBody(
            { officers: caseOfficers.map((officerId) => ({ officerId })) } as never,
            fresh ? await stagedUpload(t, caller.id, photo, 'image/png', '现场.png') : 'none',
          ),
          capturedAt: '2026-08-30T00:00:00Z',
        },
      };
    case 'GET /api/v1/cases/{id}/evidence/{itemId}/content':
    case 'GET /api/v1/cases/{id}/evidence/{itemId}/thumbnail':
      return { url: fill(path, { id: target.case as string, itemId: target.evidence as string }) };
    case 'POST /api/v1/cases/{id}/evidence/{itemId}/withdrawal':
      // a withdrawal consumes its item: a fresh one for each caller expected through
      return {
        url: fill(path, { id: target.case as string, itemId: fresh ? await freshEvidence() : (target.evidence as string) }),
        payload: { reason: '授权矩阵测试' },
      };
    case 'POST /api/v1/procedures/{code}/versions':
      // the listed definition sent back as a version of the caller's jurisdiction, from a future day
      return {
        url: fill(path, { code: 'general' }),
        payload: { definition: procedureView, effectiveFrom: '2027-01-01', reason: '授权矩阵测试' },
      };
    case 'GET /api/v1/calendar/add-working-days':
      return { url: `${path}?date=2026-09-01&n=5` };
    case 'POST /api/v1/revisions/{id}/confirm':
      return { url: fill(path, { id: fresh ? await freshSubmission() : (target.revision as string) }), payload: {} };
    case 'POST /api/v1/revisions/{id}/return':
      return {
        url: fill(path, { id: fresh ? await freshSubmission() : (target.revision as string) }),
        payload: { reason: '授权矩阵测试退回' },
      };
  }
  if (kind && kinds.includes(kind)) {
    const rest = catalog?.[2] ?? '';
    if (rest === '' && method === 'GET') return { url: `${path}?agencyId=${m}` };
    if (rest === '/export') return { url: `${path}?agencyId=${m}` };
    if (rest === '' && method === 'POST') return { url: path, payload: entryBody(kind) };
    if (rest === '/submit') {
      if (fresh) await draftFor(caller, kind);
      return { url: path, payload: { note: '授权矩阵测试', publicNote: '清单更新' } };
    }
    if (rest === '/{entryId}' && method === 'PUT') {
      const id = entries[`${kind}:put`] as string;
      const e = (await must(editorOf.get(m) as string, 'GET', `/api/v1/catalog/${kind}/${id}`)).json();
      return { url: fill(path, { entryId: id }), payload: { ...e.data, reason: '授权矩阵测试' }, headers: ifMatch(e.revision) };
    }
    if (rest === '/{entryId}' && method === 'DELETE') {
      const id = fresh ? await freshEntry(kind) : (entries[`${kind}:put`] as string);
      return { url: fill(path, { entryId: id }), payload: { reason: '授权矩阵测试' }, headers: ifMatch(1) };
    }
    if (rest.startsWith('/{entryId}')) return { url: fill(path, { entryId: entries[`${kind}:put`] as string }) };
  }
  if (path === '/api/v1/officers' || path === '/api/v1/officers/export' || path === '/api/v1/training/export')
    return { url: `${path}?agencyId=${m}` };
  return {
    url: fill(path, {
      id: path.startsWith('/api/v1/users')
        ? (target.user as string)
        : path.startsWith('/api/v1/officers')
          ? (target.officer as string)
          : path.startsWith('/api/v1/revisions')
            ? (target.revision as string)
            : path.startsWith('/api/v1/jobs')
              ? (target.job as string)
              : path.includes('service-windows')
                ? (target.window as string)
                : m,
      agencyId: m,
      year: '2026',
      code: 'NONE-1',
      listKey: 'none',
      version: '1',
      subjectId: m,
      seq: '1',
    }),
  };
}

/** Whether the subject's record is in the caller's scope, by the policy's scope kind. */
function inScope(p: Policy, caller: Caller): boolean {
  switch (p.scope) {
    case 'none':
      return true;
    case 'agency':
      // the subject's own staff; the justice bureau and the administrators of its jurisdiction or one above (subtree, R-S01)
      return caller.agencyId === fx.marketA.id || ((caller.role === 'supervisor' || isAdminRole(caller.role)) && seesCounty(caller));
    case 'jurisdiction':
      return seesCounty(caller);
    case 'creator':
      return caller.id === clerkOwn.id;
  }
}
/** whether the subject's county lies in the caller's jurisdiction subtree (platform-wide accounts: everywhere) */
const seesCounty = (caller: Caller) => caller.jurisdictionCode === null || subjectCounty.startsWith(prefix(caller.jurisdictionCode));
const prefix = (code: string) => (code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code);

type Outcome = 'pass' | number;
function expected(p: Policy, caller: Caller): Outcome {
  if (p.roles === 'public') return 'pass';
  const refused = p.refusedInScope?.includes(caller.role) ?? false;
  if (p.roles !== 'anyone' && !p.roles.includes(caller.role) && !refused) return 403;
  if (!inScope(p, caller)) return p.outOfScope?.status ?? 404;
  if (p.ownBureauOnly && caller.role === 'supervisor' && caller.jurisdictionCode !== subjectCounty) return 403;
  return refused ? 403 : 'pass';
}

beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  fx = await buildTwoJurisdictions(t);
  for (const role of allRoles)
    for (const relation of relations) {
      const agency = placement(role, relation);
      const account = await buildAccount(t, role, agency, {
        jurisdictionCode: agency ? agency.jurisdictionCode : relation === 'otherJurisdiction' ? '990103' : subjectCounty,
      });
      callers.push({ ...account, relation, token: '' });
    }
  // the city above both counties: its justice bureau and administrators see county A's records (their subtree)
  const cityJustice = await buildAgency(t, { jurisdictionCode: '990100', name: '示范市司法局', isSupervising: true });
  for (const role of ['supervisor', 'system_admin', 'security_admin', 'auditor'] as const) {
    const account = await buildAccount(t, role, role === 'supervisor' ? cityJustice : null, { jurisdictionCode: '990100' });
    callers.push({ ...account, relation: 'cityAbove', token: '' });
  }
  await Promise.all(
    callers.map(async (c) => {
      c.token = await t.login(c.username);
    }),
  );
  for (const c of callers) {
    if (c.role === 'agency_head' && c.agencyId) editorOf.set(c.agencyId, c.token);
    if (c.role === 'supervisor' && c.agencyId && !editorOf.has(c.agencyId)) editorOf.set(c.agencyId, c.token);
  }
  clerkOwn = callers.find((c) => c.role === 'disclosure_clerk' && c.relation === 'own') as Caller;
  const head = editorOf.get(fx.marketA.id) as string;
  target.user = (await buildAccount(t, 'officer', fx.marketA)).id;
  target.officer = (await buildOfficer(t, fx.marketA)).id;
  target.window = (await buildWindow(t, fx.marketA, target.officer)).id;
  const secadmin = callers.find((c) => c.role === 'security_admin' && c.relation === 'own') as Caller;
  target.policy = (await must(secadmin.token, 'GET', '/api/v1/security-policy')).json();
  for (const kind of kinds) entries[`${kind}:put`] = await freshEntry(kind);
  target.revision = await freshSubmission();
  for (const [path, tpl] of [
    ['/api/v1/officers/import', '/api/v1/officers/template'],
    ['/api/v1/training/import', '/api/v1/training/template'],
    ['/api/v1/catalog/items/import', '/api/v1/catalog/items/template'],
    ['/api/v1/catalog/discretion-standards/import', '/api/v1/catalog/discretion-standards/template'],
  ] as const)
    template = { ...template, [path]: (await must(head, 'GET', tpl)).rawPayload };
  // the subject case (issue 8): opened in 案源登记 by the matrix's own officer, linked to an officer
  // record of the subject, with a second officer and a natural person with an ID number
  const ownOfficer = callers.find((c) => c.role === 'officer' && c.relation === 'own') as Caller;
  const n = uniq();
  const linked = await t.ctx.db.transaction().execute((trx) =>
    insertOfficer(
      trx,
      t.ctx,
      { id: null, name: 'test-factory' },
      {
        agencyId: fx.marketA.id,
        userId: ownOfficer.id,
        name: `执法员${n}`,
        idNumber: idNumberFor(Number(n)),
        post: '科员',
        domains: ['市场监管'],
        isEnforcer: true,
        certificateNumber: `61${n.padStart(10, '0')}`,
        issuingBody: '示范市人民政府',
        validFrom: '2025-01-01',
        validUntil: '2030-12-31',
        reason: '测试数据',
      },
    ),
  );
  const second = await buildOfficer(t, fx.marketA);
  caseOfficers = [linked.id, second.id];
  const opened = await must(ownOfficer.token, 'POST', '/api/v1/cases', {
    procedure: 'general',
    title: '授权矩阵的案件',
    domain: '市场监管',
    officerIds: [second.id],
    parties: [{ kind: 'natural_person', name: `张${uniq()}`, idNumber: idNumberFor() }],
    open: leadOpen('2026-08-20'),
  });
  target.case = opened.json().id;
  target.party = opened.json().parties[0].id;
  const document = (
    await must(ownOfficer.token, 'POST', `/api/v1/cases/${target.case}/documents`, { templateCode: 'inspection_record' })
  ).json();
  target.document = document.id;
  // the matrix checks who may fetch the PDF, not LibreOffice: its PDF is cached beforehand (cases-documents.test.ts converts)
  const pdf = await t.ctx.blobs.put(Buffer.from('%PDF-1.4\n%授权矩阵测试\n'));
  await t.ctx.db
    .insertInto('document_pdf')
    .values({ docx_hash: document.versions[0].hash, pdf_hash: pdf.hash, size: pdf.size, created_at: new Date() })
    .execute();
  photo = await photoBytes();
  target.ownOfficerUser = ownOfficer.id;
  target.ownOfficerToken = ownOfficer.token;
  target.evidence = await freshEvidence();
  target.device = (
    await must(head, 'POST', '/api/v1/devices', {
      name: '执法记录仪 1 号',
      kind: '执法记录仪',
      serialNumber: `SN-${uniq()}`,
      custodian: { officerId: linked.id },
    })
  ).json().id;
  procedureView = (await must(ownOfficer.token, 'GET', '/api/v1/procedures'))
    .json()
    .items.find((p: { code: string }) => p.code === 'general');
  const job = await must(clerkOwn.token, 'POST', '/api/v1/officers/import', template['/api/v1/officers/import']);
  target.job = job.json().jobId ?? job.json().id;
}, 120_000);
afterAll(() => t?.close());

describe(`the generated authorization matrix (${testEngine})`, () => {
  it('answers every operation × role × agency relation as the policy table says', async () => {
    const started = performance.now();
    const doc = t.app.swagger() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const ops = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).map((m) => ({ method: m.toUpperCase(), path })))
      // logging out ends the caller's session: last
      .sort((a, b) => Number(a.path === '/api/v1/auth/logout') - Number(b.path === '/api/v1/auth/logout'));
    const missing = ops.filter((o) => !policy[`${o.method} ${o.path}`]).map((o) => `${o.method} ${o.path}`);
    expect(missing, `operations without an entry in server/test/authz-policy.ts — add one for each: ${missing.join(', ')}`).toEqual([]);
    const stale = Object.keys(policy).filter((k) => !ops.some((o) => `${o.method} ${o.path}` === k));
    expect(stale, 'policy entries for operations the API no longer has').toEqual([]);

    const failures: string[] = [];
    let sent = 0;
    let unexpectedSuccesses = 0;
    const observed: string[] = [];
    const slowest: [string, number][] = [];
    for (const { method, path } of ops) {
      const key = `${method} ${path}`;
      const p = policy[key] as Policy;
      {
        // without a session: 401 for every secured operation; a public one answers as it would anyone
        const r = await requestFor(method, path, callers[0] as Caller, false);
        const res = await inject(null, method, r.url, r.payload, r.headers);
        sent += 1;
        const got = res.statusCode;
        if (p.roles !== 'public' && got !== 401) failures.push(`${key} without a session: ${got} (expected 401)`);
        if (p.roles === 'public' && (got === 401 || got === 403 || got >= 500))
          failures.push(`${key} without a session: ${got} (a public operation)`);
        if (p.roles !== 'public' && got < 300) unexpectedSuccesses += 1;
      }
      const check = async (caller: Caller) => {
        const want = expected(p, caller);
        const r = await requestFor(method, path, caller, want === 'pass');
        const res = await inject(caller.token, method, r.url, r.payload, r.headers);
        sent += 1;
        const got = res.statusCode;
        const ok =
          want === 'pass'
            ? got < 500 &&
              (p.roles === 'public' ? got !== 401 && got !== 403 : ![401, 403, 404].includes(got)) &&
              (got < 400 || p.passes?.[got] !== undefined || p.roles === 'public')
            : got === want;
        if (process.env.MATRIX_OBSERVE) observed.push(`${key}\t${caller.role}\t${caller.relation}\t${got}`);
        if (!ok) {
          failures.push(`${key} as ${caller.role} (${caller.relation}): ${got} (expected ${want}) ${res.body.slice(0, 160)}`);
          if (want !== 'pass' && got < 300) unexpectedSuccesses += 1;
        }
      };
      // Refused callers consume nothing (they act on the standing records), and reads change
      // nothing: those go at once. Writes the caller is expected through go one at a time, each on
      // the record's current version.
      const through = (c: Caller) => method !== 'GET' && expected(p, c) === 'pass';
      const opStarted = performance.now();
      await Promise.all(callers.filter((c) => !through(c)).map(check));
      for (const caller of callers.filter(through)) await check(caller);
      slowest.push([key, performance.now() - opStarted]);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(
      `authorization matrix (${testEngine}): ${ops.length}/${ops.length} operations covered, ${callers.length} callers (${allRoles.length} roles × ${relations.length} relations + the city's bureau and administrators), ${sent} requests in ${seconds} s, ${unexpectedSuccesses} unexpected successes, ${failures.length} mismatches`,
    );
    slowest.sort((x, y) => y[1] - x[1]);
    console.info(
      `slowest: ${slowest
        .slice(0, 8)
        .map(([k, ms]) => `${k} ${Math.round(ms)} ms`)
        .join('; ')}`,
    );
    if (process.env.MATRIX_OBSERVE) console.info(observed.join('\n'));
    if (failures.length) console.info(failures.join('\n'));
    expect(unexpectedSuccesses).toBe(0);
    expect(failures, failures.join('\n')).toEqual([]);
  }, 600_000);
});
