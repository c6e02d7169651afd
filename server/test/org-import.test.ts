import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCurrent } from '../src/modules/disclosure';
import { idNumberCheckChar } from '../src/modules/org';
import { type OfficerSheetRow, officerSheet, type TrainingSheetRow, trainingSheet } from '../src/modules/org/sheets';
import { waitForJob } from '../src/platform/jobs';
import { exportWorkbook, parseWorkbook, xlsxContentType } from '../src/platform/spreadsheet';
import { bearer, buildTestApp, demoAgencyIds, expectError, type TestApp } from './app';

// Issue 3 §5: officers and training records import from .xlsx (every row checked, all or none)
// and export to .xlsx; imported changes wait for the justice bureau like any other (R-D02, R-D08).
let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await buildTestApp();
  for (const u of ['officer', 'disclosure_clerk', 'agency_head', 'supervisor']) tokens[u] = await t.login(u);
  Object.assign(ids, await demoAgencyIds(t));
}, 120_000);
afterAll(() => t.close());

const as = (user: string) => bearer(tokens[user] as string);
const upload = (user: string, path: string, payload: Buffer) =>
  t.app.inject({ method: 'POST', url: `/api/v1/${path}/import`, headers: { ...as(user), 'content-type': xlsxContentType }, payload });
async function runJob(user: string, path: string, file: Buffer) {
  const res = await upload(user, path, file);
  expect(res.statusCode, res.body).toBe(202);
  const { jobId } = res.json() as { jobId: string };
  await waitForJob(t.ctx, jobId);
  return (await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${jobId}`, headers: as(user) })).json();
}
const idNumber = (n: number) => {
  const first17 = `990102${1970 + (n % 30)}0${1 + (n % 9)}1${n % 10}${String(n % 1000).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
};
const officerRow = (i: number): OfficerSheetRow => ({
  name: `导入员${i}`,
  idNumber: idNumber(i),
  post: '执法队员',
  kinds: ['enforcer'],
  domains: ['食品安全'],
  certificateNumber: `IMP${String(i).padStart(6, '0')}`,
  issuingBody: '示范省人民政府',
  validFrom: '2025-01-01',
  validUntil: '2030-12-31',
  status: null,
  legalQualification: 'no',
});
const marketCount = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('officer')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('agency_id', '=', ids.market as string)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('officer import/export: failures first', () => {
  it('401, 403, 415', async () => {
    const file = await exportWorkbook(officerSheet, [officerRow(1)], '执法人员');
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/v1/officers/import', headers: { 'content-type': xlsxContentType }, payload: file }),
      401,
      'UNAUTHENTICATED',
    );
    expectError(await upload('officer', 'officers', file), 403, 'FORBIDDEN');
    expectError(await t.app.inject({ url: '/api/v1/officers/export', headers: as('officer') }), 403, 'FORBIDDEN');
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/v1/officers/import', headers: as('disclosure_clerk'), payload: { rows: [] } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    // an editor exports only their own agency
    expectError(
      await t.app.inject({ url: `/api/v1/officers/export?agencyId=${ids.urban}`, headers: as('disclosure_clerk') }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('officers', () => {
  it('the template carries the Chinese headers; the export holds the working list with full ID numbers for editors', async () => {
    const tpl = await t.app.inject({ url: '/api/v1/officers/template', headers: as('disclosure_clerk') });
    expect(tpl.statusCode).toBe(200);
    expect(tpl.headers['content-type']).toBe(xlsxContentType);
    const res = await t.app.inject({ url: '/api/v1/officers/export', headers: as('disclosure_clerk') });
    expect(res.statusCode).toBe(200);
    const parsed = await parseWorkbook(res.rawPayload, officerSheet);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toHaveLength(40);
    const zhang = await t.ctx.db.selectFrom('officer').select('id_number').where('name', '=', '张伟').executeTakeFirstOrThrow();
    expect(parsed.rows.find((r) => r.name === '张伟')).toMatchObject({ idNumber: zhang.id_number, kinds: ['enforcer'] });
    // the justice bureau exports any agency of its jurisdiction
    const urban = await t.app.inject({ url: `/api/v1/officers/export?agencyId=${ids.urban}`, headers: as('supervisor') });
    expect((await parseWorkbook(urban.rawPayload, officerSheet)).rows.length).toBeGreaterThanOrEqual(10);
    // exported and imported unchanged: nothing written, no new version
    const before = await t.journalCount();
    const job = await runJob('disclosure_clerk', 'officers', res.rawPayload);
    expect(job).toMatchObject({ status: 'succeeded', result: { rows: 40, written: 0 } });
    expect(await t.journalCount()).toBe(before + 3); // job.start, officer.import, job.succeed
  });

  it('1,000 rows with one bad row write nothing and name the row and column; fixed, all 1,000 import as pending', async () => {
    const before = await marketCount();
    const rows = Array.from({ length: 1000 }, (_, i) => officerRow(i + 1));
    const wrongId = `${rows[499]?.idNumber.slice(0, 17)}${rows[499]?.idNumber.endsWith('0') ? '1' : '0'}`;
    const bad = rows.map((r, i) => (i === 499 ? { ...r, idNumber: wrongId } : i === 700 ? { ...r, kinds: ['enforcer', 'auxiliary'] } : r));
    const failed = await runJob('disclosure_clerk', 'officers', await exportWorkbook(officerSheet, bad, '执法人员'));
    expect(failed.status).toBe('failed');
    expect(failed.problems).toEqual([
      expect.objectContaining({ row: 501, column: '公民身份号码', value: wrongId, reason: expect.stringContaining('校验码错误') }),
      expect.objectContaining({ row: 702, column: '人员类别', reason: '执法辅助人员不能作为执法人员' }),
    ]);
    expect(await marketCount()).toBe(before);

    const ok = await runJob('disclosure_clerk', 'officers', await exportWorkbook(officerSheet, rows, '执法人员'));
    expect(ok).toMatchObject({ status: 'succeeded', result: { rows: 1000, written: 1000 } });
    expect(await marketCount()).toBe(before + 1000);
    const pending = (await t.app.inject({ url: '/api/v1/officers?pending=true&limit=200', headers: as('disclosure_clerk') })).json();
    expect(pending.items).toHaveLength(200);
    expect(pending.nextCursor).not.toBeNull();
    const one = await t.ctx.db.selectFrom('officer').select('id').where('name', '=', '导入员1').executeTakeFirstOrThrow();
    const detail = (await t.app.inject({ url: `/api/v1/officers/${one.id}`, headers: as('disclosure_clerk') })).json();
    expect(detail.versions).toMatchObject([{ version: 1, reason: '从 Excel 导入', confirmed: false }]);
    expect(detail.statusHistory).toMatchObject([{ fromStatus: null, toStatus: 'green', reason: '从 Excel 导入' }]);
    // not public until the justice bureau confirms
    const published = await listCurrent(t.ctx.db, { listKind: 'officers', agencyId: ids.market, q: '导入员1', limit: 10 });
    expect(published.items).toHaveLength(0);
    const submitted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/agencies/${ids.market}/officers/submit`,
      headers: as('disclosure_clerk'),
      payload: { note: '批量导入人员', publicNote: '新增执法人员' },
    });
    expect(submitted.json()).toMatchObject({ status: 'submitted', itemCount: 1000 });
    const confirm = await t.app.inject({
      method: 'POST',
      url: `/api/v1/revisions/${submitted.json().id}/confirm`,
      headers: as('supervisor'),
      payload: {},
    });
    expect(confirm.json()).toMatchObject({ status: 'confirmed', counts: { added: 1000 } });
    const now = await listCurrent(t.ctx.db, { listKind: 'officers', agencyId: ids.market, q: '导入员1', limit: 10 });
    expect(now.items.map((p) => p.label)).toContain('导入员1');
  }, 120_000);

  it('a row with a known ID number is a new version of that officer; a status change is recorded with the reason', async () => {
    const rows = [{ ...officerRow(1), post: '副科长', status: 'yellow' as const }];
    const job = await runJob('disclosure_clerk', 'officers', await exportWorkbook(officerSheet, rows, '执法人员'));
    expect(job).toMatchObject({ status: 'succeeded', result: { rows: 1, written: 1 } });
    const one = await t.ctx.db.selectFrom('officer').select('id').where('name', '=', '导入员1').executeTakeFirstOrThrow();
    const detail = (await t.app.inject({ url: `/api/v1/officers/${one.id}`, headers: as('disclosure_clerk') })).json();
    expect(detail.officer).toMatchObject({ post: '副科长', status: 'yellow', version: 3 });
    expect(detail.statusHistory.at(-1)).toMatchObject({ fromStatus: 'green', toStatus: 'yellow', reason: '从 Excel 导入' });
  });

  it('a certificate number another officer holds is refused by row and column', async () => {
    const zhang = await t.ctx.db.selectFrom('officer').select('certificate_number').where('name', '=', '张伟').executeTakeFirstOrThrow();
    const rows = [officerRow(5000), { ...officerRow(5001), certificateNumber: zhang.certificate_number }];
    const job = await runJob('disclosure_clerk', 'officers', await exportWorkbook(officerSheet, rows, '执法人员'));
    expect(job.status).toBe('failed');
    expect(job.problems).toEqual([
      expect.objectContaining({ row: 3, column: '执法证件号', value: zhang.certificate_number, reason: '该执法证件号已被其他人员使用' }),
    ]);
  });
});

describe('training records (R-P03)', () => {
  it('imports all rows or none, matching officers by ID number and name; exports them', async () => {
    const zhang = await t.ctx.db.selectFrom('officer').select(['id', 'id_number']).where('name', '=', '张伟').executeTakeFirstOrThrow();
    const row = (date: string, kind: 'professional' | 'legal', hours = 8): TrainingSheetRow => ({
      name: '张伟',
      idNumber: zhang.id_number,
      date,
      hours,
      kind,
      topic: '行政处罚法专题',
    });
    const count = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('training_record')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('officer_id', '=', zhang.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const bad = [
      row('2026-07-11', 'legal'),
      { ...row('2026-07-12', 'legal'), name: '张三' },
      { ...row('2026-07-13', 'legal'), idNumber: `99010219600606777${idNumberCheckChar('99010219600606777')}` },
      row('2026-09-03', 'professional'),
    ];
    const failed = await runJob('disclosure_clerk', 'training', await exportWorkbook(trainingSheet, bad, '培训记录'));
    expect(failed.status).toBe('failed');
    expect(failed.problems).toEqual([
      expect.objectContaining({ row: 3, column: '姓名', reason: '与公民身份号码对应的人员姓名（张伟）不一致' }),
      expect.objectContaining({ row: 4, column: '公民身份号码', reason: '本单位没有该公民身份号码的在岗人员' }),
      expect.objectContaining({ row: 5, column: '培训日期', reason: '培训日期不能晚于今天' }),
    ]);
    expect(failed.problems[1].value).toMatch(/^9901\*{10}/); // the report does not echo an unknown ID number in full
    expect(await count()).toBe(before);

    const ok = await runJob(
      'disclosure_clerk',
      'training',
      await exportWorkbook(trainingSheet, [row('2026-07-11', 'legal', 30), row('2026-08-11', 'professional', 30)], '培训记录'),
    );
    expect(ok).toMatchObject({ status: 'succeeded', result: { rows: 2, written: 2 } });
    expect(await count()).toBe(before + 2);
    const list = (await t.app.inject({ url: `/api/v1/officers/${zhang.id}/training`, headers: as('officer') })).json();
    expect(list.totals.find((x: { year: number }) => x.year === 2026)).toMatchObject({ meets: true });

    const exp = await t.app.inject({ url: '/api/v1/training/export?year=2026', headers: as('disclosure_clerk') });
    expect(exp.statusCode).toBe(200);
    const parsed = await parseWorkbook(exp.rawPayload, trainingSheet);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.filter((r) => r.name === '张伟' && r.hours === 30)).toHaveLength(2);
    expect(parsed.rows.every((r) => r.date.startsWith('2026-'))).toBe(true);
    const tpl = await t.app.inject({ url: '/api/v1/training/template', headers: as('supervisor') });
    expect(tpl.statusCode).toBe(200);
  });
});
