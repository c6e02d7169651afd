import { randomUUID } from 'node:crypto';
import type { ItemSheetRow } from '../src/modules/catalog/sheets';
import {
  type CreateServiceWindowBody,
  idNumberCheckChar,
  insertAgency,
  insertJurisdiction,
  insertOfficer,
  insertWindow,
  type OfficerTableRow,
} from '../src/modules/org';
import { insertAccount, type Role } from '../src/platform/auth';
import type { JournalActor } from '../src/platform/journal/append';
import { bearer, demoPassword, type TestApp } from './app';

/**
 * Test factories (STYLE.md §12, after outline's `server/test/factories.ts`): each builds one record
 * through the module's own insert function, journaled like any other write, so a test states what
 * it needs instead of leaning on the demo's content or on the order of its `it` blocks.
 * Names and codes are unique per call; pass overrides for what the test is about.
 */

const factory: JournalActor = { id: null, name: 'test-factory' };
let seq = 0;
/** a short counter, unique within the test process */
export const uniq = () => {
  seq += 1;
  return String(seq).padStart(4, '0');
};

/** A valid GB 11643 ID number (the check character computed) that no other factory call returns. */
export function idNumberFor(n: number = Number(uniq())): string {
  // region 990102, a valid birth date (1990-MM-01), a three-digit sequence
  const month = String((Math.floor(n / 1000) % 12) + 1).padStart(2, '0');
  const first17 = `9901021990${month}01${String(n % 1000).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

export async function buildJurisdiction(
  t: TestApp,
  input: { code: string; name?: string; level?: 'province' | 'city' | 'county'; parentCode?: string | null },
) {
  const level = input.level ?? 'county';
  return t.ctx.db.transaction().execute((trx) =>
    insertJurisdiction(trx, t.ctx, factory, {
      code: input.code,
      name: input.name ?? `测试区划${input.code}`,
      level,
      parentCode: input.parentCode ?? null,
    }),
  );
}

export interface BuiltAgency {
  id: string;
  name: string;
  jurisdictionCode: string;
  isSupervising: boolean;
}

export async function buildAgency(
  t: TestApp,
  input: { jurisdictionCode: string; name?: string; isSupervising?: boolean },
): Promise<BuiltAgency> {
  const name = input.name ?? `测试执法局${uniq()}`;
  const view = await t.ctx.db.transaction().execute((trx) =>
    insertAgency(trx, t.ctx, factory, {
      name,
      kind: 'administrative_organ',
      isSupervising: input.isSupervising ?? false,
      jurisdictionCode: input.jurisdictionCode,
    }),
  );
  return { id: view.id, name, jurisdictionCode: input.jurisdictionCode, isSupervising: input.isSupervising ?? false };
}

export interface BuiltAccount {
  id: string;
  username: string;
  role: Role;
  agencyId: string | null;
  jurisdictionCode: string | null;
}

/**
 * An account with one role (password `demoPassword`). Business roles belong to `agency`; the three
 * administrators have none and are scoped by `jurisdictionCode` (null: platform-wide).
 */
export async function buildAccount(
  t: TestApp,
  role: Role,
  agency: BuiltAgency | null,
  input: { username?: string; displayName?: string; jurisdictionCode?: string | null } = {},
): Promise<BuiltAccount> {
  const username = input.username ?? `${role}_${uniq()}`;
  const jurisdictionCode = input.jurisdictionCode !== undefined ? input.jurisdictionCode : (agency?.jurisdictionCode ?? null);
  const view = await t.ctx.db.transaction().execute((trx) =>
    insertAccount(trx, t.ctx, null, {
      username,
      displayName: input.displayName ?? `测试${uniq()}`,
      agencyId: agency?.id ?? null,
      jurisdictionCode,
      roles: [role],
      password: demoPassword,
      mustChangePassword: false,
    }),
  );
  return { id: (view as { id: string }).id, username, role, agencyId: agency?.id ?? null, jurisdictionCode };
}

/** An officer of the agency: an enforcer with a valid certificate unless told otherwise (R-P01). */
export async function buildOfficer(
  t: TestApp,
  agency: BuiltAgency,
  input: Partial<{ name: string; isEnforcer: boolean; isReviewer: boolean; validUntil: string }> = {},
): Promise<OfficerTableRow> {
  const n = uniq();
  return t.ctx.db.transaction().execute((trx) =>
    insertOfficer(trx, t.ctx, factory, {
      agencyId: agency.id,
      name: input.name ?? `测试人员${n}`,
      idNumber: idNumberFor(Number(n)),
      post: '科员',
      isEnforcer: input.isEnforcer ?? true,
      isReviewer: input.isReviewer ?? false,
      hasLegalQualification: input.isReviewer ?? false,
      certificateNumber: `99${n.padStart(10, '0')}`,
      issuingBody: '示范市人民政府',
      validFrom: '2025-01-01',
      validUntil: input.validUntil ?? '2030-12-31',
      reason: '测试数据',
    }),
  );
}

/** A service window of the agency staffed by `officerId`; saving it publishes its board (R-D18). */
export async function buildWindow(t: TestApp, agency: BuiltAgency, officerId: string, input: Partial<CreateServiceWindowBody> = {}) {
  const row = await t.ctx.db.selectFrom('agency').selectAll().where('id', '=', agency.id).executeTakeFirstOrThrow();
  return t.ctx.db.transaction().execute((trx) => insertWindow(trx, t.ctx, factory, row, windowBody(officerId, input)));
}

/** A valid body for POST …/service-windows. */
export function windowBody(officerId: string, input: Partial<CreateServiceWindowBody> = {}): CreateServiceWindowBody {
  return {
    number: `W${uniq()}`,
    name: '测试窗口',
    hall: '示范市示范区政务服务中心',
    openingHours: '工作日 9:00—17:30',
    staff: [{ officerId, duties: '受理陈述申辩材料' }],
    progressEnquiry: '到本窗口查询',
    consultation: '窗口现场咨询',
    complaint: '12345 政务服务便民热线',
    ...input,
  };
}

/** A valid body for POST /catalog/av-duties (the smallest catalog kind). */
export const avDutyBody = (code = `AV-${uniq()}`) => ({ code, step: '现场执法', duty: 'key_moments', basis: null, reason: '测试数据' });

/**
 * A catalog list with one draft entry, added through the API as the agency's editor (the catalog
 * module's writes need an author with a session, R-D08): answers the entry.
 */
export async function buildCatalogItem(
  t: TestApp,
  editorToken: string,
  body: Record<string, unknown> = avDutyBody(),
  kind = 'av-duties',
): Promise<{ id: string; revision: number; data: Record<string, unknown> }> {
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/catalog/${kind}`, headers: bearer(editorToken), payload: body });
  if (res.statusCode !== 201) throw new Error(`buildCatalogItem: ${res.statusCode} ${res.body}`);
  return res.json();
}

/**
 * Two counties under one city (GB/T 2260 codes in the unassigned 99 prefix): county A (990102)
 * with its justice bureau and two agencies, county B (990103) with its own bureau and one agency.
 */
export async function buildTwoJurisdictions(t: TestApp) {
  await buildJurisdiction(t, { code: '990000', name: '示范省', level: 'province' });
  await buildJurisdiction(t, { code: '990100', name: '示范市', level: 'city', parentCode: '990000' });
  await buildJurisdiction(t, { code: '990102', name: '示范市示范区', parentCode: '990100' });
  await buildJurisdiction(t, { code: '990103', name: '示范市东湖区', parentCode: '990100' });
  return {
    justiceA: await buildAgency(t, { jurisdictionCode: '990102', name: '示范区司法局', isSupervising: true }),
    marketA: await buildAgency(t, { jurisdictionCode: '990102', name: '示范区市场监督管理局' }),
    urbanA: await buildAgency(t, { jurisdictionCode: '990102', name: '示范区综合行政执法局' }),
    justiceB: await buildAgency(t, { jurisdictionCode: '990103', name: '东湖区司法局', isSupervising: true }),
    marketB: await buildAgency(t, { jurisdictionCode: '990103', name: '东湖区市场监督管理局' }),
  };
}

export const newId = () => randomUUID();

/**
 * Publishes a list through the API as the bureau would (R-D08): `submitterToken` submits the
 * pending changes at `submitUrl` (an agency's `/officers/submit` as its disclosure clerk, its
 * directory entry's `/submit` as its head, `/catalog/items/submit` as the catalog's editor) and
 * `supervisorToken`, of the supervising justice bureau, confirms that snapshot. Answers the
 * confirmed revision; throws with the body on any refusal, so a fixture fails where it breaks.
 */
export async function submitAndConfirm(
  t: TestApp,
  submitUrl: string,
  submitterToken: string,
  supervisorToken: string,
  body: Record<string, unknown> = { note: '测试提交', publicNote: '测试公示' },
): Promise<{ id: string; counts?: Record<string, number> } & Record<string, unknown>> {
  const s = await t.app.inject({ method: 'POST', url: submitUrl, headers: bearer(submitterToken), payload: body });
  if (s.statusCode !== 200) throw new Error(`submitAndConfirm: submit ${s.statusCode} ${s.body}`);
  const c = await t.app.inject({
    method: 'POST',
    url: `/api/v1/revisions/${s.json().id}/confirm`,
    headers: bearer(supervisorToken),
    payload: {},
  });
  if (c.statusCode !== 200) throw new Error(`submitAndConfirm: confirm ${c.statusCode} ${c.body}`);
  return c.json();
}

/** One row of the enforcement-item import sheet (issue 3 §5): the fields an import needs, the rest empty. */
export function itemSheetRow(code: string, name: string): ItemSheetRow {
  return {
    code,
    name,
    actCategory: 'penalty',
    legalBases: '《中华人民共和国食品安全法》第一百二十二条第一款',
    basisText: null,
    duties: null,
    flowchart: '立案\n调查取证｜执法人员不少于两人\n决定｜｜自立案之日起九十日内',
    acceptingBody: null,
    approvingBody: null,
    conditions: null,
    preferentialPolicies: null,
    materials: null,
    process: null,
    timeLimit: null,
    fees: null,
    supervision: null,
    accountability: null,
    remedy: null,
    officeHours: null,
    address: null,
    phone: null,
  };
}
