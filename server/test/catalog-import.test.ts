import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscretionSheetRow, discretionSheet, type ItemSheetRow, itemSheet } from '../src/modules/catalog/sheets';
import { waitForJob } from '../src/platform/jobs';
import { exportWorkbook, parseWorkbook, xlsxContentType } from '../src/platform/spreadsheet';
import { bearer, buildTestApp, expectError, type TestApp } from './app';
import { itemSheetRow } from './factories';

// Issue 3 §5: items and discretion standards import from .xlsx (every row checked, all or none)
// and export to .xlsx; an import's changes await the justice bureau like any other (R-D03).
let t: TestApp;
const tokens: Record<string, string> = {};
const api = '/api/v1/catalog';

beforeAll(async () => {
  t = await buildTestApp();
  for (const u of ['officer', 'agency_head', 'supervisor']) tokens[u] = await t.login(u);
}, 120_000);
afterAll(() => t.close());

const as = (user: string) => bearer(tokens[user] as string);
const upload = (user: string, path: string, payload: Buffer) =>
  t.app.inject({ method: 'POST', url: `${api}/${path}/import`, headers: { ...as(user), 'content-type': xlsxContentType }, payload });

async function runJob(user: string, path: string, file: Buffer) {
  const res = await upload(user, path, file);
  expect(res.statusCode).toBe(202);
  const { jobId } = res.json() as { jobId: string };
  await waitForJob(t.ctx, jobId);
  return (await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${jobId}`, headers: as(user) })).json();
}
const itemCount = async () =>
  ((await t.app.inject({ method: 'GET', url: `${api}/items`, headers: as('agency_head') })).json().items as unknown[]).length;

const row = (i: number): ItemSheetRow => itemSheetRow(`IMP-${String(i).padStart(4, '0')}`, `导入测试事项${i}`);

describe('failures first', () => {
  it('401, 403, 415', async () => {
    const file = await exportWorkbook(itemSheet, [row(1)], '执法事项');
    expectError(
      await t.app.inject({ method: 'POST', url: `${api}/items/import`, headers: { 'content-type': xlsxContentType }, payload: file }),
      401,
      'UNAUTHENTICATED',
    );
    expectError(await upload('officer', 'items', file), 403, 'FORBIDDEN');
    expectError(
      await t.app.inject({ method: 'POST', url: `${api}/items/import`, headers: as('agency_head'), payload: { rows: [] } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });
});

describe('items', () => {
  it('the template and the export carry the Chinese headers; the export holds the working list', async () => {
    const tpl = await t.app.inject({ method: 'GET', url: `${api}/items/template`, headers: as('officer') });
    expect(tpl.statusCode).toBe(200);
    expect(tpl.headers['content-type']).toBe(xlsxContentType);
    const res = await t.app.inject({ method: 'GET', url: `${api}/items/export`, headers: as('agency_head') });
    expect(res.statusCode).toBe(200);
    const parsed = await parseWorkbook(res.rawPayload, itemSheet);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => r.code)).toEqual(['MKT-01', 'MKT-02', 'MKT-03', 'MKT-04', 'MKT-05']);
    expect(parsed.rows[0]?.legalBases).toBe('《中华人民共和国食品安全法》第一百二十二条第一款');
    // exported and imported unchanged: nothing to write, no new version
    const job = await runJob('agency_head', 'items', res.rawPayload);
    expect(job).toMatchObject({ status: 'succeeded', result: { rows: 5, written: 0 } });
  });

  it('1,000 rows with one bad row write nothing and name the row and column; fixed, all 1,000 import', async () => {
    const before = await itemCount();
    const rows = Array.from({ length: 1000 }, (_, i) => row(i + 1));
    const bad = rows.map((r, i) => (i === 499 ? { ...r, legalBases: '食品安全法122条' } : r));
    const failed = await runJob('agency_head', 'items', await exportWorkbook(itemSheet, bad, '执法事项'));
    expect(failed.status).toBe('failed');
    expect(failed.problems).toEqual([expect.objectContaining({ row: 501, column: '法律依据', value: '食品安全法122条' })]);
    expect(await itemCount()).toBe(before);

    const ok = await runJob('agency_head', 'items', await exportWorkbook(itemSheet, rows, '执法事项'));
    expect(ok).toMatchObject({ status: 'succeeded', result: { rows: 1000, written: 1000 } });
    expect(await itemCount()).toBe(before + 1000);
    const list = (await t.app.inject({ method: 'GET', url: `${api}/items`, headers: as('agency_head') })).json();
    expect(list).toMatchObject({ openSubmission: null, draftCount: 1000 });
    const imported = list.items.find((e: { data: { code: string } }) => e.data.code === 'IMP-0001');
    expect(imported).toMatchObject({ published: false, state: 'draft', reason: '从 Excel 导入行政执法事项清单' });
    expect(imported.data.flowchart).toEqual([
      { step: '立案', description: null, timeLimit: null },
      { step: '调查取证', description: '执法人员不少于两人', timeLimit: null },
      { step: '决定', description: null, timeLimit: '自立案之日起九十日内' },
    ]);
  }, 120_000);
});

describe('item codes are unique across agencies', () => {
  it('refuses a row whose code another agency uses, naming that agency', async () => {
    const job = await runJob(
      'agency_head',
      'items',
      await exportWorkbook(itemSheet, [row(2001), { ...row(2002), code: 'ENV-01' }], '执法事项'),
    );
    expect(job.status).toBe('failed');
    expect(job.problems).toEqual([
      expect.objectContaining({ row: 3, column: '事项编码', value: 'ENV-01', reason: expect.stringContaining('示范市生态环境局示范分局') }),
    ]);
  });
});

describe('discretion standards', () => {
  const level = (code: string, lvl: string, fine: [number, number], extra: Partial<DiscretionSheetRow> = {}): DiscretionSheetRow => ({
    code,
    itemCode: 'MKT-02',
    violation: '安排未取得健康证明的人员从事接触直接入口食品的工作',
    legalBasis: '《中华人民共和国食品安全法》第一百二十六条第一款第（六）项',
    penaltyBasis: '《中华人民共和国食品安全法》第一百二十六条第一款第（六）项',
    penaltyText: null,
    level: lvl,
    conditions: '拒不改正',
    penalty: '罚款',
    fineMin: fine[0],
    fineMax: fine[1],
    gainsMultipleMin: null,
    gainsMultipleMax: null,
    ...extra,
  });

  it('reports a range out of order and an unknown item by row and column; writes nothing', async () => {
    const rows = [
      level('DS-NEW', '一般', [5_000, 20_000]),
      level('DS-NEW', '较重', [50_000, 20_000]),
      level('DS-X', '一般', [1, 2], { itemCode: 'NOPE' }),
    ];
    const job = await runJob('agency_head', 'discretion-standards', await exportWorkbook(discretionSheet, rows, '裁量基准'));
    expect(job.status).toBe('failed');
    expect(job.problems).toEqual([
      expect.objectContaining({ row: 3, column: '罚款下限（元）', reason: '下限 50000 大于上限 20000' }),
      expect.objectContaining({ row: 4, column: '事项编码', value: 'NOPE' }),
    ]);
  });

  it('imports levels grouped into one standard, and exports them back one row per level', async () => {
    const rows = [level('DS-NEW', '一般', [5_000, 20_000]), level('DS-NEW', '较重', [20_000, 50_000])];
    expect(await runJob('agency_head', 'discretion-standards', await exportWorkbook(discretionSheet, rows, '裁量基准'))).toMatchObject({
      status: 'succeeded',
      result: { written: 1 },
    });
    const res = await t.app.inject({ method: 'GET', url: `${api}/discretion-standards/export`, headers: as('agency_head') });
    const parsed = await parseWorkbook(res.rawPayload, discretionSheet);
    expect(parsed.rows.filter((r) => r.code === 'DS-NEW').map((r) => [r.level, r.fineMin, r.fineMax])).toEqual([
      ['一般', 5_000, 20_000],
      ['较重', 20_000, 50_000],
    ]);
  });
});
