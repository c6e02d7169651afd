import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAgencies, demoDistrict } from '../src/demo/data';
import { listCurrent, listVersions } from '../src/modules/disclosure';
import { insertAgency, usccCheckChar, usccProblem } from '../src/modules/org';
import { submitAgencyIn } from '../src/modules/org/revisions';
import { bearer, buildTestApp, demoAgencyIds, expectError, ifMatch, type TestApp } from './app';

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
const versionOf = async (id: string | undefined) =>
  (
    await t.ctx.db
      .selectFrom('agency')
      .select('version')
      .where('id', '=', id as string)
      .executeTakeFirstOrThrow()
  ).version;
const submitBody = { note: '请司法局确认', publicNote: '更新执法主体信息' };
/** the agency's change is submitted (by `user`) and answers the snapshot's id */
async function submitAgency(id: string, user = 'sysadmin', publicNote = submitBody.publicNote) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/agencies/${id}/submit`,
    headers: as(user),
    payload: { ...submitBody, publicNote },
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ status: 'submitted', listKind: 'agencies' });
  return res.json().id as string;
}
const decide = (revisionId: string, action: 'confirm' | 'return', payload: object = {}, user = 'supervisor') =>
  t.app.inject({ method: 'POST', url: `/api/v1/revisions/${revisionId}/${action}`, headers: as(user), payload });
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
        headers: { ...as('agency_head'), ...ifMatch(await versionOf(ids.market)) },
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
        headers: { ...as('agency_head'), ...ifMatch(await versionOf(ids.market)) },
        payload: { uscc: wrong, reason: '更正统一社会信用代码' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(edit.details).toMatchObject({ fields: [{ field: 'uscc' }] });
    expect(await t.journalCount()).toBe(before);
  });

  it('400 naming the field for an ID number, a mobile or a bank card number in a text field; nothing is written', async () => {
    const before = await t.journalCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ legalBasis: '见身份证 110105199003071239' }, 'legalBasis'],
      [{ address: '人民路 1 号，联系人 13912345678' }, 'address'],
      [{ legalOffice: '法规科，账户 6222021234567890128' }, 'legalOffice'],
    ];
    for (const [over, field] of cases) {
      const body = expectError(
        await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/agencies/${ids.market}`,
          headers: { ...as('agency_head'), ...ifMatch(await versionOf(ids.market)) },
          payload: { ...over, reason: '更正' },
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(body.details, field).toMatchObject({ fields: [{ field }] });
    }
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
    // only the justice bureau confirms or returns a submission; an officer does not submit the agency
    expectError(await decide('any-submission', 'confirm', {}, 'agency_head'), 403, 'FORBIDDEN');
    expectError(await decide('any-submission', 'return', { reason: '自己退回' }, 'agency_head'), 403, 'FORBIDDEN');
    expectError(
      await t.app.inject({ method: 'POST', url: `/api/v1/agencies/${ids.market}/submit`, headers: as('officer'), payload: submitBody }),
      403,
      'FORBIDDEN',
    );
    // an agency head edits and submits only their own agency: another agency is outside their scope (404, ADR 0007)
    expectError(
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/agencies/${ids.urban}`,
        headers: { ...as('agency_head'), ...ifMatch(await versionOf(ids.urban)) },
        payload: { phone: '0000-1234567', reason: '更正电话' },
      }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.app.inject({ method: 'POST', url: `/api/v1/agencies/${ids.urban}/submit`, headers: as('agency_head'), payload: submitBody }),
      404,
      'NOT_FOUND',
    );
    // refusals write no submission
    const waiting = await t.ctx.db.selectFrom('revision').select('id').where('status', '=', 'submitted').execute();
    expect(waiting).toEqual([]);
  });

  it('404 for an unknown agency and for one outside the caller’s jurisdiction', async () => {
    // an id that is not an id is bad input, named (issue 7 §4); a well-formed unknown one is not found
    const bad = expectError(await t.app.inject({ url: '/api/v1/agencies/nope', headers: as('supervisor') }), 400, 'VALIDATION_FAILED');
    expect(bad.details).toEqual({ fields: [{ field: 'id', message: '不是有效的记录标识（应为 UUID）', in: 'params' }] });
    expectError(
      await t.app.inject({ url: '/api/v1/agencies/00000000-0000-4000-8000-000000000000', headers: as('supervisor') }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/agencies/00000000-0000-4000-8000-000000000000/submit',
        headers: as('supervisor'),
        payload: submitBody,
      }),
      404,
      'NOT_FOUND',
    );
    expectError(await decide('00000000-0000-4000-8000-000000000000', 'confirm'), 404, 'NOT_FOUND');
    expectError(await decide('00000000-0000-4000-8000-000000000000', 'return', { reason: '请核对' }), 404, 'NOT_FOUND');
    const other = await t.ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('jurisdiction')
        .values({ code: '990103', name: '示范市另一区', level: 'county', parent_code: '990100', created_at: t.clock.now() })
        .execute();
      return '990103';
    });
    // the district's system administrator cannot add an agency it would then not see (ADR 0007): 404 like a missing code
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: as('sysadmin'),
      payload: { name: '示范市另一区市场监督管理局', kind: 'administrative_organ', jurisdictionCode: other },
    });
    expectError(refused, 404, 'NOT_FOUND');
    const { id } = await t.ctx.db
      .transaction()
      .execute((trx) =>
        insertAgency(
          trx,
          t.ctx,
          { id: null, name: 'test' },
          { name: '示范市另一区市场监督管理局', kind: 'administrative_organ', jurisdictionCode: other },
        ),
      );
    expectError(await t.app.inject({ url: `/api/v1/agencies/${id}`, headers: as('supervisor') }), 404, 'NOT_FOUND');
    expectError(
      await t.app.inject({ method: 'POST', url: `/api/v1/agencies/${id}/submit`, headers: as('supervisor'), payload: submitBody }),
      404,
      'NOT_FOUND',
    );
    expectError(await t.app.inject({ url: `/api/v1/agencies/${id}/revision-status`, headers: as('supervisor') }), 404, 'NOT_FOUND');
    // a submission of the other district is not this bureau's to confirm or return
    const elsewhere = await t.ctx.db.transaction().execute(async (trx) => {
      const agency = await trx.selectFrom('agency').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const admin = await trx.selectFrom('user_account').select('id').where('username', '=', 'sysadmin').executeTakeFirstOrThrow();
      // the other district's own staff submit it (no demo account works there)
      const author = { journal: { id: admin.id, name: '孙强', jurisdictionCode: other }, id: admin.id, name: '孙强' };
      return (await submitAgencyIn(trx, t.ctx, author, agency, submitBody)).id;
    });
    const journal = await t.journalCount();
    expectError(await decide(elsewhere, 'confirm'), 404, 'NOT_FOUND');
    expectError(await decide(elsewhere, 'return', { reason: '请核对' }), 404, 'NOT_FOUND');
    expect(await t.journalCount()).toBe(journal);
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
    // the justice bureau reads the whole district's directory (an officer sees their own agency only, ADR 0007)
    const res = await t.app.inject({ url: '/api/v1/agencies', headers: as('supervisor') });
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
    // submitted, still not public; the agency's page shows the submission waiting
    const revisionId = await submitAgency(entrustedId);
    expect((await directory()).some((p) => p.subjectId === entrustedId)).toBe(false);
    const status = await t.app.inject({ url: `/api/v1/agencies/${entrustedId}/revision-status`, headers: as('supervisor') });
    expect(status.json()).toMatchObject({ openSubmission: { id: revisionId, status: 'submitted' }, openReturn: null });

    const confirmed = await decide(revisionId, 'confirm');
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({
      id: revisionId,
      status: 'confirmed',
      listKey: `agencies:${demoDistrict}`,
      counts: { added: 1, changed: 0, removed: 0 },
    });
    expect(confirmed.json().publishedVersion).toEqual(expect.any(Number));
    expect((await t.app.inject({ url: `/api/v1/agencies/${entrustedId}`, headers: as('supervisor') })).json()).toMatchObject({
      state: 'confirmed',
      confirmedVersion: 1,
    });
    const entry = (await directory()).find((p) => p.subjectId === entrustedId);
    expect(entry?.content).toMatchObject({
      name: '示范区某街道综合执法队',
      kindLabel: '受委托组织',
      entrustingAgencyName: '示范市示范区综合行政执法局',
      uscc: validUscc,
      phone: '0000-88100701',
    });
    // nothing left to submit, and a decided submission cannot be confirmed again
    expectError(
      await t.app.inject({ method: 'POST', url: `/api/v1/agencies/${entrustedId}/submit`, headers: as('sysadmin'), payload: submitBody }),
      409,
      'CONFLICT',
    );
    expectError(await decide(revisionId, 'confirm'), 409, 'CONFLICT');
  });

  it('an edit is a new version with its reason; the public sees the old version until confirmation', async () => {
    const before = (await directory()).find((p) => p.subjectId === ids.market);
    const current = await t.app.inject({ url: `/api/v1/agencies/${ids.market}`, headers: as('agency_head') });
    expect(current.headers.etag).toBe(`"${current.json().version}"`);
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/agencies/${ids.market}`,
      headers: { ...as('agency_head'), ...ifMatch(current.json().version) },
      payload: { phone: '0000-88109999', address: '示范市示范区新华路 2 号', reason: '机关搬迁，更新地址和电话' },
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json()).toMatchObject({ state: 'pending', phone: '0000-88109999' });
    const version = edit.json().version as number;
    expect((await directory()).find((p) => p.subjectId === ids.market)?.content).toEqual(before?.content);

    // another agency's confirmation does not publish this pending edit
    const other = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/agencies/${entrustedId}`,
      headers: { ...as('supervisor'), ...ifMatch(await versionOf(entrustedId)) },
      payload: { legalOffice: '法制审核组', reason: '设立法制审核组' },
    });
    expect(other.statusCode, other.body).toBe(200);
    expect((await decide(await submitAgency(entrustedId), 'confirm')).statusCode).toBe(200);
    expect((await directory()).find((p) => p.subjectId === entrustedId)?.content).toMatchObject({ legalOffice: '法制审核组' });
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

    // the agency head submits; a later edit does not join the submission (it stays a draft)
    const revisionId = await submitAgency(ids.market as string, 'agency_head', '机关搬迁，更新地址和电话');
    const later = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/agencies/${ids.market}`,
      headers: { ...as('agency_head'), ...ifMatch(version) },
      payload: { phone: '0000-88107777', reason: '提交后再次更正电话' },
    });
    expect(later.statusCode, later.body).toBe(200);
    expect((await directory()).find((p) => p.subjectId === ids.market)?.content).toEqual(before?.content);

    const journalBefore = await t.journalCount();
    const confirmed = await decide(revisionId, 'confirm');
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', counts: { added: 0, changed: 1, removed: 0 } });
    expect(await t.journalCount()).toBe(journalBefore + 2);
    const actions = await t.ctx.db.selectFrom('journal_entry').select('action').orderBy('seq', 'desc').limit(2).execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['disclosure.publish', 'revision.confirm']);
    expect((await directory()).find((p) => p.subjectId === ids.market)?.content).toMatchObject({
      phone: '0000-88109999',
      address: '示范市示范区新华路 2 号',
    });
    const market = (await t.app.inject({ url: `/api/v1/agencies/${ids.market}`, headers: as('agency_head') })).json();
    expect(market).toMatchObject({ state: 'pending', version: version + 1, confirmedVersion: version, phone: '0000-88107777' });
    const publicHistory = await listVersions(t.ctx.db, { listKey: `agencies:${demoDistrict}` });
    expect(JSON.stringify(publicHistory)).toContain('机关搬迁，更新地址和电话');
  });

  it('an abolished agency leaves the directory once confirmed; its record and history stay', async () => {
    const abolish = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/agencies/${entrustedId}`,
      headers: { ...as('supervisor'), ...ifMatch(await versionOf(entrustedId)) },
      payload: { abolished: true, reason: '委托协议到期终止' },
    });
    expect(abolish.statusCode, abolish.body).toBe(200);
    const res = await decide(await submitAgency(entrustedId), 'confirm');
    expect(res.json()).toMatchObject({ status: 'confirmed', counts: { removed: 1 } });
    expect((await directory()).some((p) => p.subjectId === entrustedId)).toBe(false);
    const versions = await t.app.inject({ url: `/api/v1/agencies/${entrustedId}/versions`, headers: as('supervisor') });
    expect(versions.json().items.map((v: { reason: string }) => v.reason)).toEqual(['委托协议到期终止', '设立法制审核组', '新增执法主体']);
  });
});
