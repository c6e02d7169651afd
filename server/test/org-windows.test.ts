import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAgencies } from '../src/demo/data';
import { listCurrent, listVersions } from '../src/modules/disclosure';
import { bearer, buildTestApp, expectError, ifMatch, type TestApp } from './app';
import { idNumberShape, mobileShape, withoutRecordIds } from './personal-data';

// R-D18: service windows and their post information boards (岗位信息公示牌). The demo's agency
// roles sit in the market agency; the supervisor belongs to the justice bureau.
let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const marketOfficers: string[] = [];
let urbanOfficer = '';
let leftOfficer = '';
beforeAll(async () => {
  t = await buildTestApp();
  for (const u of ['officer', 'agency_head', 'disclosure_clerk', 'reviewer', 'supervisor']) tokens[u] = await t.login(u);
  for (const a of await t.ctx.db.selectFrom('agency').select(['id', 'name']).execute()) {
    const key = demoAgencies.find((d) => d.name === a.name)?.key;
    if (key) ids[key] = a.id;
  }
  const officersOf = (agency: string) =>
    t.ctx.db
      .selectFrom('officer')
      .select('id')
      .where('agency_id', '=', ids[agency] as string)
      .where('is_enforcer', '=', true)
      .where('user_id', 'is', null)
      .orderBy('name')
      .orderBy('id')
      .execute();
  const market = await officersOf('market');
  marketOfficers.push(...market.slice(0, 3).map((o) => o.id));
  urbanOfficer = (await officersOf('urban'))[0]?.id as string;
  // one market officer leaves the agency
  leftOfficer = market[5]?.id as string;
  const { version } = await t.ctx.db.selectFrom('officer').select('version').where('id', '=', leftOfficer).executeTakeFirstOrThrow();
  const left = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/officers/${leftOfficer}`,
    headers: { ...as('agency_head'), ...ifMatch(version) },
    payload: { active: false, reason: '调离本机关' },
  });
  expect(left.statusCode).toBe(200);
}, 120_000);
afterAll(() => t.close());

const as = (user: string) => bearer(tokens[user] as string);
const windowCount = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('service_window')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
/** the window's current version, as the If-Match header an edit or retirement carries */
const versionOf = async (id: string) =>
  ifMatch((await t.ctx.db.selectFrom('service_window').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
const windowsUrl = (agency: string) => `/api/v1/agencies/${ids[agency]}/service-windows`;

const validBody = (over: Record<string, unknown> = {}) => ({
  number: 'T01',
  name: '食品经营投诉受理窗口',
  hall: '示范市示范区政务服务中心',
  floor: '二楼',
  openingHours: '工作日 9:00—12:00，13:30—17:30',
  phone: '0999-88000102',
  staff: [
    { officerId: marketOfficers[0], duties: '受理食品经营违法行为的投诉举报' },
    { officerId: marketOfficers[1], duties: '接收陈述、申辩材料，出具接收凭证' },
  ],
  itemCodes: ['MKT-01', 'MKT-02'],
  materials: [{ title: '投诉举报书（示范文本）', text: '被投诉举报人：____\n违法事实：____', itemCodes: ['MKT-01'] }],
  progressEnquiry: '凭接收凭证编号到本窗口或拨打 0999-88000102 查询',
  consultation: '窗口现场咨询；电话 0999-88000102',
  complaint: '12315 市场监管投诉举报热线；12345 政务服务便民热线',
  ...over,
});

describe('service windows: failures first', () => {
  it('401 without a session', async () => {
    expectError(await t.app.inject({ url: windowsUrl('market') }), 401, 'UNAUTHENTICATED');
    expectError(await t.app.inject({ method: 'POST', url: windowsUrl('market'), payload: validBody() }), 401, 'UNAUTHENTICATED');
  });

  it('403 when the role lacks the action: an officer, a reviewer, the bureau on another agency', async () => {
    const before = await windowCount();
    for (const user of ['officer', 'reviewer']) {
      const body = expectError(
        await t.app.inject({ method: 'POST', url: windowsUrl('market'), headers: as(user), payload: validBody() }),
        403,
        'FORBIDDEN',
      );
      expect(body.message).toContain('公示审核人员');
    }
    // the justice bureau sees every window of its jurisdiction but keeps only its own
    const bureau = expectError(
      await t.app.inject({ method: 'POST', url: windowsUrl('market'), headers: as('supervisor'), payload: validBody() }),
      403,
      'FORBIDDEN',
    );
    expect(bureau.message).toContain('窗口公示牌');
    // denials are logged and counted, not journaled (issue 7 §6), and no window is written
    expect(await windowCount()).toBe(before);
  });

  it('404 for an agency out of scope, an unknown agency and an unknown window', async () => {
    expectError(await t.app.inject({ url: windowsUrl('urban'), headers: as('disclosure_clerk') }), 404, 'NOT_FOUND');
    expectError(
      await t.app.inject({ method: 'POST', url: windowsUrl('urban'), headers: as('disclosure_clerk'), payload: validBody() }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.app.inject({ url: '/api/v1/agencies/00000000-0000-4000-8000-000000000000/service-windows', headers: as('supervisor') }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.app.inject({ url: `${windowsUrl('market')}/00000000-0000-4000-8000-000000000000`, headers: as('disclosure_clerk') }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.app.inject({
        method: 'POST',
        url: `${windowsUrl('market')}/00000000-0000-4000-8000-000000000000/retire`,
        headers: { ...as('disclosure_clerk'), ...ifMatch(1) },
        payload: { reason: '窗口撤并' },
      }),
      404,
      'NOT_FOUND',
    );
  });

  it('400 naming the field: unknown fields, no staff, bad number; nothing is written', async () => {
    const before = await t.journalCount();
    const post = (payload: object) => t.app.inject({ method: 'POST', url: windowsUrl('market'), headers: as('disclosure_clerk'), payload });
    expect(expectError(await post(validBody({ idNumber: 'x' })), 400, 'VALIDATION_FAILED').details).toMatchObject({
      fields: [{ field: 'idNumber' }],
    });
    expect(expectError(await post(validBody({ staff: [] })), 400, 'VALIDATION_FAILED').details).toMatchObject({
      fields: [{ field: 'staff' }],
    });
    expect(
      expectError(
        await post(validBody({ staff: [{ officerId: marketOfficers[0], duties: 'x', phone: '0999' }] })),
        400,
        'VALIDATION_FAILED',
      ).details,
    ).toMatchObject({ fields: [{ field: 'staff.0.phone' }] });
    expect(expectError(await post(validBody({ number: 'A 01' })), 400, 'VALIDATION_FAILED').details).toMatchObject({
      fields: [{ field: 'number' }],
    });
    expect(await t.journalCount()).toBe(before);
  });

  it('400 for a staff member who is not an active officer of the agency (another agency, left, unknown)', async () => {
    const before = await t.journalCount();
    for (const officerId of [urbanOfficer, leftOfficer, '00000000-0000-4000-8000-000000000000']) {
      const body = expectError(
        await t.app.inject({
          method: 'POST',
          url: windowsUrl('market'),
          headers: as('disclosure_clerk'),
          payload: validBody({
            staff: [
              { officerId: marketOfficers[0], duties: '受理投诉举报' },
              { officerId, duties: '接收材料' },
            ],
          }),
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(body.message).toBe('第 2 位工作人员：不是示范市示范区市场监督管理局的在岗人员，请从本机关的人员名单中选择');
      expect(body.details).toMatchObject({ fields: [{ field: 'staff.1.officerId' }] });
    }
    expect(await t.journalCount()).toBe(before);
  });

  it('R-D18: 400 for a personal mobile number or an ID number anywhere on the board', async () => {
    const before = await t.journalCount();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ consultation: '咨询请联系王科长 139 1234 5678' }, 'consultation', '手机'],
      [{ phone: '13912345678' }, 'phone', '手机'],
      [{ staff: [{ officerId: marketOfficers[0], duties: '身份证 110105199003071239 备查' }] }, 'staff.0.duties', '公民身份号码'],
      [{ materials: [{ title: '示范文本', text: '联系人手机 13800001111', itemCodes: [] }] }, 'materials.0.text', '手机'],
    ];
    for (const [over, field, word] of cases) {
      const body = expectError(
        await t.app.inject({ method: 'POST', url: windowsUrl('market'), headers: as('disclosure_clerk'), payload: validBody(over) }),
        400,
        'VALIDATION_FAILED',
      );
      expect(body.message, field).toContain(word);
      expect(body.message, field).toMatch(/^(咨询服务|窗口电话|第 1 位工作人员的岗位职责|第 1 份申请材料示范文本的内容)：/);
      expect(body.details, field).toMatchObject({ fields: [{ field }] });
    }
    expect(await t.journalCount()).toBe(before);
  });

  it('400 for an item that is not a published item of the agency, or a sample text for an item not handled', async () => {
    const other = expectError(
      await t.app.inject({
        method: 'POST',
        url: windowsUrl('market'),
        headers: as('disclosure_clerk'),
        payload: validBody({ itemCodes: ['MKT-01', 'URB-01'] }),
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(other.message).toContain('URB-01');
    expect(other.details).toMatchObject({ fields: [{ field: 'itemCodes.1' }] });
    const sample = expectError(
      await t.app.inject({
        method: 'POST',
        url: windowsUrl('market'),
        headers: as('disclosure_clerk'),
        payload: validBody({ materials: [{ title: '示范文本', text: '……', itemCodes: ['MKT-03'] }] }),
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(sample.details).toMatchObject({ fields: [{ field: 'materials.0.itemCodes.0' }] });
  });

  it('409 for a window number the agency already uses', async () => {
    const body = expectError(
      await t.app.inject({
        method: 'POST',
        url: windowsUrl('market'),
        headers: as('disclosure_clerk'),
        payload: validBody({ number: 'A05' }),
      }),
      409,
      'CONFLICT',
    );
    expect(body.message).toContain('A05');
  });
});

describe('service windows: publish on save (R-D18)', () => {
  let windowId = '';
  const listKey = () => `service_windows:${ids.market}`;
  const current = async () => (await listCurrent(t.ctx.db, { listKind: 'service_windows', agencyId: ids.market, limit: 100 })).items;

  it('the demo publishes one or two boards for every demo agency', async () => {
    for (const key of Object.keys(ids)) {
      const n = (await listCurrent(t.ctx.db, { listKind: 'service_windows', agencyId: ids[key], limit: 100 })).items.length;
      expect(n, key).toBeGreaterThanOrEqual(1);
      expect(n, key).toBeLessThanOrEqual(2);
    }
  });

  it('the disclosure clerk creates a window: 201, journaled, published at once without the bureau', async () => {
    const versionsBefore = await listVersions(t.ctx.db, { listKey: listKey() });
    const journalBefore = await t.journalCount();
    const res = await t.app.inject({ method: 'POST', url: windowsUrl('market'), headers: as('disclosure_clerk'), payload: validBody() });
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json();
    windowId = view.id;
    expect(view).toMatchObject({ number: 'T01', version: 1, retired: false, boardUrl: `/portal/service-windows/${windowId}` });
    expect(view.staff[0]).toMatchObject({ officerId: marketOfficers[0], active: true });
    expect(view.items.map((i: { name: string }) => i.name)).toContain('未取得食品生产经营许可从事食品生产经营活动');
    // the window's command and the publication, in the same transaction
    expect(await t.journalCount()).toBe(journalBefore + 2);
    const versions = await listVersions(t.ctx.db, { listKey: listKey() });
    expect(versions).toHaveLength(versionsBefore.length + 1);
    expect(versions[0]?.changes.added).toEqual([{ subjectId: windowId, label: 'T01 食品经营投诉受理窗口' }]);
    const board = (await current()).find((e) => e.subjectId === windowId);
    expect(board?.label).toBe('T01 食品经营投诉受理窗口');
  });

  it('the public board has exactly the public fields, in the rule’s terms, and no phone or ID number of a person', async () => {
    const res = await t.app.inject({ url: `/api/v1/public/service-windows?agencyId=${ids.market}` });
    expect(res.statusCode).toBe(200);
    const board = res.json().items.find((e: { id: string }) => e.id === windowId);
    expect(Object.keys(board).sort()).toEqual(
      [
        'agencyId',
        'agencyName',
        'complaint',
        'consultation',
        'floor',
        'hall',
        'id',
        'items',
        'materials',
        'name',
        'number',
        'openingHours',
        'phone',
        'progressEnquiry',
        'staff',
        'version',
      ].sort(),
    );
    for (const person of board.staff)
      expect(Object.keys(person).sort()).toEqual(['duties', 'enforcementCategories', 'name', 'position', 'unit'].sort());
    expect(board.staff[0].unit).toBe('示范市示范区市场监督管理局');
    const officer = await t.ctx.db
      .selectFrom('officer')
      .selectAll()
      .where('id', '=', marketOfficers[0] as string)
      .executeTakeFirstOrThrow();
    expect(board.staff[0]).toMatchObject({ name: officer.name, position: officer.post });
    expect(res.body).not.toContain(officer.id_number);
    expect(res.body).not.toContain(marketOfficers[0]);
    expect(withoutRecordIds(res.body)).not.toMatch(idNumberShape);
    expect(withoutRecordIds(res.body)).not.toMatch(mobileShape);
  });

  it('open data: every demo board as JSON with a cursor, and as CSV with Chinese headers', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await t.app.inject({ url: `/api/v1/public/service-windows?limit=2${cursor ? `&cursor=${cursor}` : ''}` })
      ).json();
      for (const e of page.items) {
        expect(seen.has(e.id)).toBe(false);
        seen.add(e.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(8); // seven demo windows and T01
    const csv = await t.app.inject({ url: `/api/v1/public/service-windows?format=csv&agencyId=${ids.market}` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]?.startsWith('\uFEFF标识(id)')).toBe(true);
    for (const h of ['窗口编号(number)', '办理进度查询(progressEnquiry)', '咨询服务(consultation)', '投诉举报(complaint)'])
      expect(lines[0]).toContain(h);
    expect(csv.body).toContain('T01,食品经营投诉受理窗口');
    expect(withoutRecordIds(csv.body)).not.toMatch(idNumberShape);
    expect(withoutRecordIds(csv.body)).not.toMatch(mobileShape);
  });

  it('the justice bureau and the agency’s own staff read its windows', async () => {
    const res = await t.app.inject({ url: windowsUrl('market'), headers: as('supervisor') });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((w: { number: string }) => w.number)).toEqual(['A05', 'A06', 'T01']);
    const officer = await t.app.inject({ url: windowsUrl('market'), headers: as('officer') });
    expect(officer.statusCode).toBe(200);
  });

  it('an update is a new version with its reason and is published again at once', async () => {
    const nothing = expectError(
      await t.app.inject({
        method: 'PATCH',
        url: `${windowsUrl('market')}/${windowId}`,
        headers: { ...as('agency_head'), ...(await versionOf(windowId)) },
        payload: { name: '食品经营投诉受理窗口', reason: '核对' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(nothing.message).toContain('没有任何修改');
    const noReason = expectError(
      await t.app.inject({
        method: 'PATCH',
        url: `${windowsUrl('market')}/${windowId}`,
        headers: { ...as('agency_head'), ...(await versionOf(windowId)) },
        payload: { openingHours: '每天' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(noReason.details).toMatchObject({ fields: [{ field: 'reason' }] });
    // an edit names the version it was made on: none is 428, an old one 412; nothing is written
    const journal = await t.journalCount();
    const change = { openingHours: '每天', reason: '调整办公时间' };
    const url = `${windowsUrl('market')}/${windowId}`;
    expectError(await t.app.inject({ method: 'PATCH', url, headers: as('agency_head'), payload: change }), 428, 'PRECONDITION_REQUIRED');
    expectError(
      await t.app.inject({ method: 'PATCH', url, headers: { ...as('agency_head'), ...ifMatch(0) }, payload: change }),
      412,
      'PRECONDITION_FAILED',
    );
    expect(await t.journalCount()).toBe(journal);
    expect((await t.app.inject({ url, headers: as('agency_head') })).headers.etag).toBe('"1"');
    const res = await t.app.inject({
      method: 'PATCH',
      url: `${windowsUrl('market')}/${windowId}`,
      headers: { ...as('agency_head'), ...(await versionOf(windowId)) },
      payload: {
        openingHours: '工作日 8:30—17:30（中午不休）',
        staff: [{ officerId: marketOfficers[2], duties: '受理投诉举报' }],
        reason: '调整办公时间和人员',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, openingHours: '工作日 8:30—17:30（中午不休）' });
    const board = (await current()).find((e) => e.subjectId === windowId);
    expect(board?.content).toMatchObject({ openingHours: '工作日 8:30—17:30（中午不休）', version: 2 });
    expect((board?.content.staff as unknown[]).length).toBe(1);
    const versions = await listVersions(t.ctx.db, { listKey: listKey() });
    expect(versions[0]?.changes.changed).toEqual([{ subjectId: windowId, label: 'T01 食品经营投诉受理窗口' }]);
    expect(versions[0]?.reason).toContain('调整办公时间和人员');
  });

  it('retiring publishes the removal; the window and its history stay, and history cannot be rewritten', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${windowsUrl('market')}/${windowId}/retire`,
      headers: { ...as('disclosure_clerk'), ...(await versionOf(windowId)) },
      payload: { reason: '窗口撤并到 A06' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ retired: true, retiredReason: '窗口撤并到 A06', version: 3 });
    expect((await current()).some((e) => e.subjectId === windowId)).toBe(false);
    const versions = await listVersions(t.ctx.db, { listKey: listKey() });
    expect(versions[0]?.changes.removed).toEqual([{ subjectId: windowId, label: 'T01 食品经营投诉受理窗口' }]);
    // the portal's board is gone; the old publications are still there (superseded)
    expect((await t.app.inject({ url: `/portal/service-windows/${windowId}` })).statusCode).toBe(404);
    const pubs = await t.ctx.db.selectFrom('publication').select(['version', 'superseded_in']).where('subject_id', '=', windowId).execute();
    expect(pubs.length).toBe(2);
    // the workbench still shows it with every version
    const list = await t.app.inject({ url: `${windowsUrl('market')}?includeRetired=true`, headers: as('disclosure_clerk') });
    expect(list.json().items.map((w: { number: string }) => w.number)).toContain('T01');
    expect((await t.app.inject({ url: windowsUrl('market'), headers: as('disclosure_clerk') })).json().items).toHaveLength(2);
    const detail = await t.app.inject({ url: `${windowsUrl('market')}/${windowId}`, headers: as('supervisor') });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(detail.json().versions[0].reason).toContain('撤销窗口');
    expect(detail.json().versions.every((v: { publishedListVersion: number | null }) => v.publishedListVersion !== null)).toBe(true);
    await expect(
      t.ctx.db.updateTable('service_window_version').set({ reason: 'x' }).where('window_id', '=', windowId).execute(),
    ).rejects.toThrow(/历史记录不能修改或删除/);
    await expect(t.ctx.db.deleteFrom('service_window_version').where('window_id', '=', windowId).execute()).rejects.toThrow(
      /历史记录不能修改或删除/,
    );
    // a retired window is not edited again; its number is free for a new window
    expectError(
      await t.app.inject({
        method: 'POST',
        url: `${windowsUrl('market')}/${windowId}/retire`,
        headers: { ...as('disclosure_clerk'), ...(await versionOf(windowId)) },
        payload: { reason: '再次撤销' },
      }),
      409,
      'CONFLICT',
    );
    const again = await t.app.inject({ method: 'POST', url: windowsUrl('market'), headers: as('disclosure_clerk'), payload: validBody() });
    expect(again.statusCode, again.body).toBe(201);
  });

  it('the OpenAPI description shows the window routes with their schemas', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const path = doc.paths['/api/v1/agencies/{agencyId}/service-windows'];
    expect(path.post.requestBody.content['application/json'].schema.properties.staff).toBeDefined();
    expect(doc.paths['/api/v1/agencies/{agencyId}/service-windows/{id}/retire']).toBeDefined();
    expect(doc.paths['/api/v1/public/service-windows'].get.security).toEqual([]);
  });
});
