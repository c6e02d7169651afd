import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAgencies, demoDistrict } from '../src/demo/data';
import { listCurrent, listVersions } from '../src/modules/disclosure';
import { usccCheckChar, usccProblem } from '../src/modules/org';
import { bearer, buildTestApp, demoAgencyIds, expectError, type TestApp } from './app';

let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await buildTestApp();
  for (const u of ['sysadmin', 'officer', 'agency_head', 'supervisor', 'disclosure_clerk']) tokens[u] = await t.login(u);
  Object.assign(ids, await demoAgencyIds(t));
});
afterAll(() => t.close());

const as = (user: string) => bearer(tokens[user] as string);
const directory = async () => (await listCurrent(t.ctx.db, { listKind: 'agencies', jurisdictionCode: demoDistrict, limit: 100 })).items;
// a valid USCC (GB 32100) for a new test organisation (12: 机构编制, 事业单位)
const validUscc = `12990102MB0000001${usccCheckChar('12990102MB0000001')}`;

describe('agencies: failures first', () => {
  it('401 without a session', async () => {
    expectError(await t.app.inject({ url: '/api/v1/agencies' }), 401, 'UNAUTHENTICATED');
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/agencies', payload: {} }), 401, 'UNAUTHENTICATED');
  });

  it('400 for unknown fields and a missing reason; nothing is written', async () => {
    const before = await t.journalCount();
    const unknown = expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/agencies',
        headers: as('supervisor'),
        payload: { name: '示范区测试中心', kind: 'authorized_org', jurisdictionCode: demoDistrict, secret: 1 },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(unknown.details).toMatchObject({ fields: [{ field: 'secret' }] });
    const noReason = expectError(
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/agencies/${ids.market}`,
        headers: as('agency_head'),
        payload: { phone: '0000-1234567' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(noReason.details).toMatchObject({ fields: [{ field: 'reason' }] });
    expect(await t.journalCount()).toBe(before);
  });

  it('R-D01: an agency with a wrong USCC check character is refused with a message naming the field uscc', async () => {
    const wrong = `${validUscc.slice(0, 17)}${validUscc[17] === '0' ? '1' : '0'}`;
    const before = await t.journalCount();
    const body = expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/agencies',
        headers: as('supervisor'),
        payload: { name: '示范区测试中心', kind: 'authorized_org', jurisdictionCode: demoDistrict, uscc: wrong },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.message).toContain('统一社会信用代码校验码错误');
    expect(body.details).toMatchObject({ fields: [{ field: 'uscc', message: expect.stringContaining('第 18 位应为') }] });
    // the same on edit
    const edit = expectError(
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/agencies/${ids.market}`,
        headers: as('agency_head'),
        payload: { uscc: wrong, reason: '更正统一社会信用代码' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(edit.details).toMatchObject({ fields: [{ field: 'uscc' }] });
    expect(await t.journalCount()).toBe(before);
  });

  it('400 for an entrusted organisation without its entrusting agency', async () => {
    const body = expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/agencies',
        headers: as('supervisor'),
        payload: { name: '示范区某街道综合执法队', kind: 'entrusted_org', jurisdictionCode: demoDistrict },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.details).toMatchObject({ fields: [{ field: 'entrustingAgencyId' }] });
  });

  it('403 when the role lacks the action', async () => {
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/agencies',
        headers: as('officer'),
        payload: { name: '示范区测试中心', kind: 'authorized_org', jurisdictionCode: demoDistrict },
      }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await t.app.inject({ method: 'POST', url: `/api/v1/agencies/${ids.market}/confirm`, headers: as('agency_head') }),
      403,
      'FORBIDDEN',
    );
    // an agency head edits only their own agency
    expectError(
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/agencies/${ids.urban}`,
        headers: as('agency_head'),
        payload: { phone: '0000-1234567', reason: '更正电话' },
      }),
      403,
      'FORBIDDEN',
    );
  });

  it('404 for an unknown agency and for one outside the caller’s jurisdiction', async () => {
    expectError(await t.app.inject({ url: '/api/v1/agencies/nope', headers: as('supervisor') }), 404, 'NOT_FOUND');
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/agencies/nope/confirm', headers: as('supervisor') }), 404, 'NOT_FOUND');
    const other = await t.ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('jurisdiction')
        .values({ code: '990103', name: '示范市另一区', level: 'county', parent_code: '990100', created_at: t.clock.now() })
        .execute();
      return '990103';
    });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: as('sysadmin'),
      payload: { name: '示范市另一区市场监督管理局', kind: 'administrative_organ', jurisdictionCode: other },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expectError(await t.app.inject({ url: `/api/v1/agencies/${id}`, headers: as('supervisor') }), 404, 'NOT_FOUND');
    expectError(await t.app.inject({ method: 'POST', url: `/api/v1/agencies/${id}/confirm`, headers: as('supervisor') }), 404, 'NOT_FOUND');
    // the justice bureau creates agencies only in its own jurisdiction
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/agencies',
        headers: as('supervisor'),
        payload: { name: '示范市另一区文化和旅游局', kind: 'administrative_organ', jurisdictionCode: other },
      }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('agencies: the demo directory (R-D01)', () => {
  it('publishes all six demo agencies, confirmed, with a valid USCC, address, public phone and legal-affairs office', async () => {
    const res = await t.app.inject({ url: '/api/v1/agencies', headers: as('officer') });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { name: string; state: string; uscc: string; legalOffice: string; kindLabel: string }[];
    expect(items.filter((a) => demoAgencies.some((d) => d.name === a.name))).toHaveLength(6);
    for (const a of items) {
      expect(a.state).toBe('confirmed');
      expect(usccProblem(a.uscc)).toBeNull();
      expect(a.legalOffice).toBeTruthy();
    }
    const published = await directory();
    expect(published.map((p) => p.label).sort()).toEqual(demoAgencies.map((d) => d.name).sort());
    const justice = published.find((p) => p.label === '示范市示范区司法局');
    expect(justice?.content).toMatchObject({ kind: 'administrative_organ', kindLabel: '行政机关', jurisdictionName: '示范市示范区' });
  });
});

describe('agencies: new versions, confirmation, publication (R-D01, R-D08)', () => {
  let entrustedId = '';
  it('a new agency stays out of the public directory until the justice bureau confirms it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: as('supervisor'),
      payload: {
        name: '示范区某街道综合执法队',
        kind: 'entrusted_org',
        jurisdictionCode: demoDistrict,
        entrustingAgencyId: ids.urban,
        uscc: validUscc,
        address: '示范市示范区某街道 1 号',
        phone: '0000-88100701',
        domains: ['市容环境卫生'],
        legalBasis: '《城市市容和环境卫生管理条例》；受示范市示范区综合行政执法局委托',
        legalOffice: '综合办公室',
      },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    entrustedId = created.id;
    expect(created).toMatchObject({ state: 'pending', version: 1, confirmedVersion: null, kindLabel: '受委托组织' });
    expect((await directory()).some((p) => p.subjectId === entrustedId)).toBe(false);

    const confirmed = await t.app.inject({ method: 'POST', url: `/api/v1/agencies/${entrustedId}/confirm`, headers: as('supervisor') });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ listKey: `agencies:${demoDistrict}`, added: 1, changed: 0, removed: 0 });
    const entry = (await directory()).find((p) => p.subjectId === entrustedId);
    expect(entry?.content).toMatchObject({
      name: '示范区某街道综合执法队',
      kindLabel: '受委托组织',
      entrustingAgencyName: '示范市示范区综合行政执法局',
      uscc: validUscc,
      phone: '0000-88100701',
    });
    // nothing left to confirm
    expectError(
      await t.app.inject({ method: 'POST', url: `/api/v1/agencies/${entrustedId}/confirm`, headers: as('supervisor') }),
      409,
      'CONFLICT',
    );
  });

  it('an edit is a new version with its reason; the public sees the old version until confirmation', async () => {
    const before = (await directory()).find((p) => p.subjectId === ids.market);
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/agencies/${ids.market}`,
      headers: as('agency_head'),
      payload: { phone: '0000-88109999', address: '示范市示范区新华路 2 号', reason: '机关搬迁，更新地址和电话' },
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json()).toMatchObject({ state: 'pending', phone: '0000-88109999' });
    const version = edit.json().version as number;
    expect((await directory()).find((p) => p.subjectId === ids.market)?.content).toEqual(before?.content);

    // another agency's confirmation does not publish this pending edit
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/agencies/${entrustedId}`,
      headers: as('supervisor'),
      payload: { legalOffice: '法制审核组', reason: '设立法制审核组' },
    });
    await t.app.inject({ method: 'POST', url: `/api/v1/agencies/${entrustedId}/confirm`, headers: as('supervisor') });
    expect((await directory()).find((p) => p.subjectId === ids.market)?.content).toEqual(before?.content);

    const history = await t.app.inject({ url: `/api/v1/agencies/${ids.market}/versions`, headers: as('agency_head') });
    const versions = history.json().items as { version: number; reason: string; confirmed: boolean; snapshot: { phone: string } }[];
    expect(versions[0]).toMatchObject({
      version,
      reason: '机关搬迁，更新地址和电话',
      confirmed: false,
      snapshot: { phone: '0000-88109999' },
    });
    expect(versions.slice(1).every((v) => v.confirmed)).toBe(true);
    expect(versions.at(-1)?.reason).toBe('新增执法主体');

    const journalBefore = await t.journalCount();
    const confirmed = await t.app.inject({ method: 'POST', url: `/api/v1/agencies/${ids.market}/confirm`, headers: as('supervisor') });
    expect(confirmed.json()).toMatchObject({ added: 0, changed: 1, removed: 0 });
    expect(await t.journalCount()).toBe(journalBefore + 2); // agency.confirm + disclosure.publish
    expect((await directory()).find((p) => p.subjectId === ids.market)?.content).toMatchObject({
      phone: '0000-88109999',
      address: '示范市示范区新华路 2 号',
    });
    const publicHistory = await listVersions(t.ctx.db, { listKey: `agencies:${demoDistrict}` });
    expect(JSON.stringify(publicHistory)).toContain('机关搬迁，更新地址和电话');
  });

  it('an abolished agency leaves the directory once confirmed; its record and history stay', async () => {
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/agencies/${entrustedId}`,
      headers: as('supervisor'),
      payload: { abolished: true, reason: '委托协议到期终止' },
    });
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/agencies/${entrustedId}/confirm`, headers: as('supervisor') });
    expect(res.json()).toMatchObject({ removed: 1 });
    expect((await directory()).some((p) => p.subjectId === entrustedId)).toBe(false);
    const versions = await t.app.inject({ url: `/api/v1/agencies/${entrustedId}/versions`, headers: as('supervisor') });
    expect(versions.json().items.map((v: { reason: string }) => v.reason)).toEqual(['委托协议到期终止', '设立法制审核组', '新增执法主体']);
  });
});
