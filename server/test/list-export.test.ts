import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  avDutySheet,
  avDutyToRow,
  inspectionSheet,
  inspectionToRow,
  reviewRuleSheet,
  reviewRuleToRow,
  threeListSheet,
  threeListToRow,
} from '../src/modules/catalog/sheets';
import { insertAgency } from '../src/modules/org';
import { agencySheet } from '../src/modules/org/sheets';
import { parseWorkbook, type SheetSpec, xlsxContentType } from '../src/platform/spreadsheet';
import { bearer, buildTestApp, demoAgencyIds, expectError, type TestApp } from './app';

// Issue 3 §5 “every list exports to .xlsx”: the three lists (R-D07), the review catalog (R-L02,
// R-D07), the AV list (R-C04, R-D07), the random-inspection items (R-D04) and the agency directory
// (R-D01) download as .xlsx with Chinese headers, in the same scope and for the same roles as the
// list they come from; the file parses back, with the same spec, to the rows the list shows.
let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const api = '/api/v1';

beforeAll(async () => {
  t = await buildTestApp();
  for (const u of ['sysadmin', 'auditor', 'officer', 'agency_head', 'supervisor']) tokens[u] = await t.login(u);
  Object.assign(ids, await demoAgencyIds(t));
}, 120_000);
afterAll(() => t.close());

const as = (user: string) => bearer(tokens[user] as string);
const catalogPaths = ['three-lists', 'review-catalog', 'av-duties', 'inspection-items'] as const;
const get = (user: string | null, url: string) => t.app.inject({ method: 'GET', url, headers: user ? as(user) : {} });

// biome-ignore lint/suspicious/noExplicitAny: the list GET's entries of any kind
type Entry = { data: any };
const listOf = async (user: string, path: string, agencyId?: string) =>
  (await get(user, `${api}/catalog/${path}${agencyId ? `?agencyId=${agencyId}` : ''}`)).json().items as Entry[];

/** Downloads an export, checks it is an .xlsx attachment named `filename`, parses it back. */
async function download<R>(user: string, url: string, spec: SheetSpec<R>, filename: string) {
  const res = await get(user, url);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe(xlsxContentType);
  expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(filename)}`);
  const parsed = await parseWorkbook(res.rawPayload, spec);
  expect(parsed.problems).toEqual([]);
  return parsed.rows;
}

describe('failures first', () => {
  it('401 without a login, for every export', async () => {
    for (const path of catalogPaths) expectError(await get(null, `${api}/catalog/${path}/export`), 401, 'UNAUTHENTICATED');
    expectError(await get(null, `${api}/agencies/export`), 401, 'UNAUTHENTICATED');
  });

  it('400 for a malformed agencyId', async () => {
    for (const path of catalogPaths)
      expectError(await get('supervisor', `${api}/catalog/${path}/export?agencyId=${'x'.repeat(65)}`), 400, 'VALIDATION_FAILED');
  });

  it('403 for platform accounts that may not read the catalog lists (same as the list GET)', async () => {
    for (const user of ['sysadmin', 'auditor'])
      for (const path of catalogPaths) {
        expectError(await get(user, `${api}/catalog/${path}`), 403, 'FORBIDDEN');
        expectError(await get(user, `${api}/catalog/${path}/export`), 403, 'FORBIDDEN');
      }
  });

  it('404 for an unknown agency, and for another agency’s list when the caller is not the justice bureau', async () => {
    for (const path of catalogPaths) {
      expectError(await get('supervisor', `${api}/catalog/${path}/export?agencyId=00000000-0000-4000-8000-000000000000`), 404, 'NOT_FOUND');
      expectError(await get('officer', `${api}/catalog/${path}/export?agencyId=${ids.urban}`), 404, 'NOT_FOUND');
      expectError(await get('agency_head', `${api}/catalog/${path}/export?agencyId=${ids.justice}`), 404, 'NOT_FOUND');
    }
  });
});

describe('catalog lists export their working version', () => {
  it('the three lists (R-D07): own agency by default, the same rows as the list, list kinds by their Chinese names', async () => {
    const rows = await download(
      'officer',
      `${api}/catalog/three-lists/export`,
      threeListSheet,
      '示范市示范区市场监督管理局不予处罚、从轻处罚、减轻处罚事项清单.xlsx',
    );
    const list = await listOf('officer', 'three-lists');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(list.map((e) => threeListToRow(e.data)));
    expect(rows.map((r) => r.code)).toEqual([...rows.map((r) => r.code)].sort());
    expect(rows.find((r) => r.code === 'TL-MKT-01')).toMatchObject({ list: 'no_penalty', measure: '责令改正，批评教育' });
    expect(rows.find((r) => r.code === 'TL-MKT-01')?.legalBasis).toContain('《中华人民共和国行政处罚法》第三十三条');
  });

  it('an edit not yet confirmed is in the export (the working list, not the public one)', async () => {
    const entry = (await listOf('agency_head', 'three-lists')).find((e) => e.data.code === 'TL-MKT-01') as Entry & { id: string };
    const res = await t.app.inject({
      method: 'PUT',
      url: `${api}/catalog/three-lists/${entry.id}`,
      headers: { ...as('agency_head'), 'if-match': `"${(entry as unknown as { revision: number }).revision}"` },
      payload: { ...entry.data, measure: '责令改正，予以警示教育', reason: '统一措施表述' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const rows = await download(
      'agency_head',
      `${api}/catalog/three-lists/export`,
      threeListSheet,
      '示范市示范区市场监督管理局不予处罚、从轻处罚、减轻处罚事项清单.xlsx',
    );
    expect(rows.find((r) => r.code === 'TL-MKT-01')?.measure).toBe('责令改正，予以警示教育');
  });

  it('the justice bureau exports any agency of its jurisdiction', async () => {
    const rows = await download(
      'supervisor',
      `${api}/catalog/three-lists/export?agencyId=${ids.urban}`,
      threeListSheet,
      '示范市示范区综合行政执法局不予处罚、从轻处罚、减轻处罚事项清单.xlsx',
    );
    expect(rows).toEqual((await listOf('supervisor', 'three-lists', ids.urban)).map((e) => threeListToRow(e.data)));
    expect(rows.every((r) => r.code.startsWith('TL-URB'))).toBe(true);
  });

  it('the review catalog (R-L02): the bureau’s list, rule kinds, penalty kinds, thresholds and dates read back', async () => {
    const rows = await download(
      'supervisor',
      `${api}/catalog/review-catalog/export`,
      reviewRuleSheet,
      '示范市示范区司法局重大执法决定法制审核目录清单.xlsx',
    );
    expect(rows).toEqual((await listOf('supervisor', 'review-catalog')).map((e) => reviewRuleToRow(e.data)));
    // 行政处罚法 labels with “、” survive the list cell: five kinds, not ten fragments
    expect(rows.find((r) => r.code === 'RC-01')).toMatchObject({
      kind: 'penalty_kind',
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      penaltyKinds: ['suspend_production', 'order_closure', 'revoke_license', 'lower_qualification', 'restrict_practice'],
    });
    expect(rows.find((r) => r.code === 'RC-02')).toMatchObject({ naturalPersonThreshold: 10_000, organisationThreshold: 100_000 });
  });

  it('the AV list (R-C04): each step with its recording duty', async () => {
    const rows = await download('supervisor', `${api}/catalog/av-duties/export`, avDutySheet, '示范市示范区司法局音像记录事项清单.xlsx');
    expect(rows).toEqual((await listOf('supervisor', 'av-duties')).map((e) => avDutyToRow(e.data)));
    expect(rows.find((r) => r.code === 'AV-01')).toMatchObject({ step: '查封扣押财产', duty: 'full_process' });
    expect(rows.find((r) => r.code === 'AV-10')).toMatchObject({ duty: 'optional', basis: null });
  });

  it('random-inspection items (R-D04): basis, object, content, ratio, method, frequency', async () => {
    const rows = await download(
      'agency_head',
      `${api}/catalog/inspection-items/export`,
      inspectionSheet,
      '示范市示范区市场监督管理局随机抽查事项清单.xlsx',
    );
    expect(rows).toEqual((await listOf('agency_head', 'inspection-items')).map((e) => inspectionToRow(e.data)));
    expect(rows.find((r) => r.code === 'INS-MKT-02')).toMatchObject({
      basis: '《中华人民共和国广告法》第九条第（三）项',
      basisText: '使用“国家级”、“最高级”、“最佳”等用语',
      method: '网络监测与现场检查相结合',
    });
  });

  it('an agency with an empty list gets a sheet with the headers only', async () => {
    // the review catalog is the bureau's; the market agency's own is empty
    const res = await get('officer', `${api}/catalog/review-catalog/export`);
    expect(res.statusCode).toBe(200);
    const parsed = await parseWorkbook(res.rawPayload, reviewRuleSheet);
    // the headers are those of the spec; the only complaint an import would have: no data rows
    expect(parsed.problems).toEqual([expect.objectContaining({ reason: '表中没有数据行' })]);
    expect(parsed.rows).toEqual([]);
  });
});

describe('the agency directory exports (R-D01)', () => {
  it('every agency the list shows, in its order, with kind, parent, state and version', async () => {
    // the justice bureau's export: the whole district (an officer's holds their own agency, ADR 0007)
    const rows = await download('supervisor', `${api}/agencies/export`, agencySheet, '执法主体名录.xlsx');
    const list = (await get('supervisor', `${api}/agencies`)).json().items as {
      name: string;
      kind: string;
      isSupervising: boolean;
      uscc: string;
      version: number;
    }[];
    expect(rows.map((r) => r.name)).toEqual(list.map((a) => a.name));
    expect(rows.map((r) => [r.kind, r.supervising === 'yes', r.uscc, r.version])).toEqual(
      list.map((a) => [a.kind, a.isSupervising, a.uscc, a.version]),
    );
    expect(rows[0]).toMatchObject({ name: '示范市示范区司法局', supervising: 'yes', abolished: 'no', state: 'confirmed' });
  });

  it('a pending change shows as awaiting the justice bureau; another jurisdiction’s agency is not in the bureau’s export', async () => {
    const before = (await get('supervisor', `${api}/agencies/${ids.market}`)).json().version as number;
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `${api}/agencies/${ids.market}`,
      headers: { ...as('agency_head'), 'if-match': `"${before}"` },
      payload: { address: '示范区人民路 2 号', reason: '办公地址搬迁' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await t.ctx.db
      .insertInto('jurisdiction')
      .values({ code: '990103', name: '示范市另一区', level: 'county', parent_code: '990100', created_at: t.clock.now() })
      .execute();
    // added by the installer: the district's own administrator may not add outside its district (ADR 0007)
    await t.ctx.db
      .transaction()
      .execute((trx) =>
        insertAgency(
          trx,
          t.ctx,
          { id: null, name: 'test' },
          { name: '示范市另一区市场监督管理局', kind: 'administrative_organ', jurisdictionCode: '990103' },
        ),
      );

    const mine = await download('supervisor', `${api}/agencies/export`, agencySheet, '执法主体名录.xlsx');
    expect(mine.find((r) => r.name === '示范市示范区市场监督管理局')).toMatchObject({
      address: '示范区人民路 2 号',
      state: 'pending',
      version: before + 1,
    });
    expect(mine.map((r) => r.name)).not.toContain('示范市另一区市场监督管理局');
    // every account exports exactly the agencies its list shows
    for (const user of ['sysadmin', 'supervisor']) {
      const rows = await download(user, `${api}/agencies/export`, agencySheet, '执法主体名录.xlsx');
      const list = (await get(user, `${api}/agencies`)).json().items as { name: string }[];
      expect(rows.map((r) => r.name)).toEqual(list.map((a) => a.name));
    }
  });
});
