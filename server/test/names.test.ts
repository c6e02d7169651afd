import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillNameSortKeys } from '../src/modules/org';
import { bearer, buildTestApp, type TestApp } from './app';
import { type BuiltAgency, buildAccount, buildAgency, buildJurisdiction, buildOfficer } from './factories';

/**
 * What a person reads (issue 7 §9): names sort by pinyin (阿 < 李 < 王 < 张) on both engines, and
 * the audit log names the objects it lists and leaves checkpoint signatures out unless asked.
 */
let t: TestApp;
let agency: BuiltAgency;
let clerk: string;
let auditor: string;

beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  await buildJurisdiction(t, { code: '990102', name: '测试区' });
  agency = await buildAgency(t, { jurisdictionCode: '990102', name: '测试区市场监督管理局' });
  for (const name of ['张伟', '李娜', '王芳', '阿强']) await buildOfficer(t, agency, { name });
  const c = await buildAccount(t, 'disclosure_clerk', agency);
  const a = await buildAccount(t, 'auditor', null, { jurisdictionCode: null });
  clerk = await t.login(c.username);
  auditor = await t.login(a.username);
  await t.ctx.db.transaction().execute((trx) =>
    t.ctx.journal.append(trx, {
      actor: { id: null, name: 'system' },
      action: 'journal.checkpoint',
      entity: { type: 'journal_checkpoint' },
    }),
  );
}, 120_000);
afterAll(() => t?.close());

describe('names sort by pinyin', () => {
  it('the officer list: 阿强, 李娜, 王芳, 张伟 — and the same across pages', async () => {
    const res = await t.app.inject({ url: `/api/v1/officers?agencyId=${agency.id}`, headers: bearer(clerk) });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((o: { name: string }) => o.name)).toEqual(['阿强', '李娜', '王芳', '张伟']);

    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/v1/officers?agencyId=${agency.id}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.app.inject({ url: q, headers: bearer(clerk) })).json();
      names.push(...page.items.map((o: { name: string }) => o.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual(['阿强', '李娜', '王芳', '张伟']);
  });
});

describe('rows written before migration 0016', () => {
  it('get their sort key at start (backfillNameSortKeys)', async () => {
    await t.ctx.db.updateTable('officer').set({ name_sort_key: null }).where('agency_id', '=', agency.id).execute();
    expect(await backfillNameSortKeys(t.ctx.db)).toBe(4);
    const keys = await t.ctx.db.selectFrom('officer').select('name_sort_key').where('agency_id', '=', agency.id).execute();
    expect(keys.map((k) => k.name_sort_key?.split('\t')[0]).sort()).toEqual(['a1 qiang2', 'li3 na4', 'wang2 fang1', 'zhang1 wei3']);
    expect(await backfillNameSortKeys(t.ctx.db)).toBe(0);
  });
});

describe('the audit log names objects', () => {
  it('an officer by name and agency, an agency by name; never only the uuid', async () => {
    const res = await t.app.inject({ url: '/api/v1/audit-events?action=officer.create', headers: bearer(auditor) });
    expect(res.statusCode).toBe(200);
    const labels = res.json().items.map((e: { entityLabel: string | null }) => e.entityLabel);
    expect(labels).toContain('张伟（测试区市场监督管理局）');
    const agencies = (await t.app.inject({ url: '/api/v1/audit-events?action=agency.create', headers: bearer(auditor) })).json();
    expect(agencies.items[0].entityLabel).toBe('测试区市场监督管理局');
  });

  it('a submission by its title and number', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/agencies/${agency.id}/officers/submit`,
      headers: bearer(clerk),
      payload: { note: '新增四名执法人员', publicNote: '新增执法人员' },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    const log = (await t.app.inject({ url: '/api/v1/audit-events?action=revision.submit', headers: bearer(auditor) })).json();
    expect(log.items[0].entityLabel).toBe('测试区市场监督管理局行政执法人员清单 第 1 次提交');
  });

  it('checkpoint signatures are left out unless asked for', async () => {
    const plain = (await t.app.inject({ url: '/api/v1/audit-events?limit=500', headers: bearer(auditor) })).json();
    expect(plain.items.some((e: { action: string }) => e.action === 'journal.checkpoint')).toBe(false);
    const all = (await t.app.inject({ url: '/api/v1/audit-events?limit=500&includeCheckpoints=true', headers: bearer(auditor) })).json();
    expect(all.items.some((e: { action: string }) => e.action === 'journal.checkpoint')).toBe(true);
    const filtered = (await t.app.inject({ url: '/api/v1/audit-events?action=journal.checkpoint', headers: bearer(auditor) })).json();
    expect(filtered.items.length).toBeGreaterThan(0);
  });
});
