import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceForCaseFile } from '../src/modules/cases';
import { bearer, buildTestApp, expectError, type TestApp } from './app';
import { buildCase, buildCaseTeam, type CaseTeam } from './case-fixtures';
import { addEvidence, evidenceBody, photoBytes, stagedUpload } from './cases-evidence-fixtures';
import { uniq } from './factories';
import { testEngine } from './store';

/**
 * Evidence and AV records through the API (issue 9 §3, §6; R-C03, R-C05, R-C06, R-C10): failures
 * first (each writing nothing), then an officer's photo with its metadata, its bytes by Range, its
 * thumbnail made once, withdrawal instead of deletion, devices and custodians, the party page and
 * the case file's rows. Runs on PGlite, and on PostgreSQL with DATABASE_URL.
 */

let t: TestApp;
let team: CaseTeam;
let other: CaseTeam;
let caseId: string;
let partyId: string;

const o1 = () => team.officers[0] as CaseTeam['officers'][number];
const o2 = () => team.officers[1] as CaseTeam['officers'][number];
const get = (token: string, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { ...bearer(token), ...headers } });
const post = (token: string, url: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url, headers: bearer(token), payload: payload as object });

const count = async (table: string) =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.ctx.db)).rows[0]?.n);
async function written() {
  return {
    journal: await t.journalCount(),
    items: await count('evidence_item'),
    events: await count('case_event'),
    withdrawals: await count('evidence_withdrawal'),
    devices: await count('device'),
    custody: await count('device_custody'),
  };
}

beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  team = await buildCaseTeam(t);
  other = await buildCaseTeam(t);
  caseId = await buildCase(t, team, { procedure: 'coercive_measure', state: 'proposed' });
  partyId = (await get(o1().token, `/api/v1/cases/${caseId}`)).json().parties[0].id;
}, 120_000);
afterAll(() => t?.close());

describe(`evidence and AV records (${testEngine})`, () => {
  it('refuses without a session, a role, a part in the case or scope, and bad metadata — writing nothing', async () => {
    const up = await stagedUpload(t, o1().id, await photoBytes(), 'image/png', '现场.png');
    const before = await written();
    const anon = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/evidence`, payload: evidenceBody(team, up) });
    expect(anon.statusCode).toBe(401);
    expectError(await addEvidence(t, team.head.token, caseId, evidenceBody(team, up)), 403, 'FORBIDDEN');
    expectError(
      await addEvidence(t, (other.officers[0] as CaseTeam['officers'][number]).token, caseId, evidenceBody(team, up)),
      404,
      'NOT_FOUND',
    );
    // another officer's upload is not the caller's to claim
    expectError(await addEvidence(t, o2().token, caseId, evidenceBody(team, up)), 404, 'NOT_FOUND');
    const bad = async (over: Record<string, unknown>, field: string) => {
      const res = await addEvidence(t, o1().token, caseId, evidenceBody(team, up, over));
      const body = expectError(res, 422, 'INPUT_INVALID');
      expect((body.details as { fields: { field: string }[] }).fields.map((f) => f.field)).toContain(field);
      return body;
    };
    expect((await bad({ capturedAt: '2026-09-02T00:00:00Z' }, 'capturedAt')).message).toContain('不能晚于当前时间');
    // nor more than five years before the lead was registered (2026-08-31; 行政处罚法第三十六条): a typo such as 1900
    expect((await bad({ capturedAt: '1900-01-01T00:00:00Z' }, 'capturedAt')).message).toContain(
      '采集时间早于立案（线索登记）日期 2026-08-31 五年以上',
    );
    await bad({ capturedAt: '2021-08-30T15:59:00Z' }, 'capturedAt'); // 23:59 in Beijing, five years and a day before
    expect(
      (await bad({ collectorIds: [(other.officers[0] as CaseTeam['officers'][number]).officerId] }, 'collectorIds')).message,
    ).toContain('本案承办的执法人员');
    await bad({ step: 'no_such_step' }, 'step');
    await bad({ longitude: null }, 'longitude');
    await bad({ proves: '   ' }, 'proves');
    await bad({ partyId: crypto.randomUUID() }, 'partyId');
    // schema: latitude out of range
    const lat = await addEvidence(t, o1().token, caseId, evidenceBody(team, up, { latitude: 91 }));
    expect(lat.statusCode).toBe(400);
    expect(await written()).toEqual(before);
  });

  let itemId: string;
  let photo: Buffer;

  it('an officer of the case adds a photo: metadata, hash in the journal, an event on the timeline (state unchanged)', async () => {
    photo = await photoBytes(7);
    const up = await stagedUpload(t, o1().id, photo, 'image/png', '仓库东侧.png');
    const res = await addEvidence(t, o1().token, caseId, evidenceBody(team, up, { step: 'decide_measure', partyId }));
    expect(res.statusCode, res.body).toBe(201);
    const item = res.json();
    itemId = item.id;
    expect(item).toMatchObject({
      seq: 1,
      category: 'av_record',
      categoryLabel: '音像记录',
      kind: '视听资料',
      place: '示范区示范路1号仓库',
      proves: '当事人仓库存放涉案电热水壶20台',
      step: 'decide_measure',
      stepLabel: '实施查封、扣押',
      size: photo.length,
      mimeType: 'image/png',
      withdrawn: null,
    });
    expect(item.collectors.map((c: { name: string }) => c.name)).toHaveLength(2);
    expect(item.party.id).toBe(partyId);
    const { createHash } = await import('node:crypto');
    expect(item.hash).toBe(createHash('sha256').update(photo).digest('hex'));
    const entry = await t.ctx.db.selectFrom('journal_entry').selectAll().where('seq', '=', item.journalSeq).executeTakeFirstOrThrow();
    expect(entry.action).toBe('case.add_evidence');
    expect(JSON.stringify(entry.payload)).toContain(item.hash);
    const view = (await get(o1().token, `/api/v1/cases/${caseId}`)).json();
    const ev = view.timeline.at(-1);
    expect(ev).toMatchObject({ action: 'add_evidence', fromState: 'proposed', toState: 'proposed', journalSeq: item.journalSeq });
    expect(ev.label).toContain('现场照片');
    // the same upload sent again (a double tap on 保存到案件) makes no second item: 409, nothing written
    const before = await t.journalCount();
    const again = await addEvidence(t, o1().token, caseId, evidenceBody(team, up, { step: 'decide_measure', partyId }));
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().message).toBe('该文件已保存过，不能重复保存');
    expect(await t.journalCount()).toBe(before);
    expect((await get(o1().token, `/api/v1/cases/${caseId}/evidence`)).json().items).toHaveLength(1);
  });

  it('lists the items; the bytes come whole and by Range; the thumbnail is a 320 px JPEG made once', async () => {
    const list = (await get(team.head.token, `/api/v1/cases/${caseId}/evidence`)).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([itemId]);
    const whole = await get(o2().token, `/api/v1/cases/${caseId}/evidence/${itemId}/content`);
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.equals(photo)).toBe(true);
    expect(whole.headers['content-type']).toContain('image/png');
    const part = await get(o2().token, `/api/v1/cases/${caseId}/evidence/${itemId}/content`, { range: 'bytes=100-199' });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.equals(photo.subarray(100, 200))).toBe(true);
    const thumb = await get(o2().token, `/api/v1/cases/${caseId}/evidence/${itemId}/thumbnail`);
    expect(thumb.statusCode, thumb.body).toBe(200);
    expect(thumb.headers['content-type']).toContain('image/jpeg');
    const meta = await sharp(thumb.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 240]);
    const again = await get(o2().token, `/api/v1/cases/${caseId}/evidence/${itemId}/thumbnail`);
    expect(again.rawPayload.equals(thumb.rawPayload)).toBe(true);
    expect(await count('evidence_thumbnail')).toBe(1);
  });

  it('a recording has no thumbnail (404) and plays inline', async () => {
    const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(2000, 1)]);
    const up = await stagedUpload(t, o2().id, wav, 'audio/wav', '询问录音.wav');
    const res = await addEvidence(
      t,
      o2().token,
      caseId,
      evidenceBody(team, up, { title: '询问录音', kind: '当事人陈述', category: 'evidence' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ seq: 2, thumbnailUrl: null, category: 'evidence' });
    expectError(await get(o1().token, `/api/v1/cases/${caseId}/evidence/${res.json().id}/thumbnail`), 404, 'NOT_FOUND');
    const content = await get(o1().token, `/api/v1/cases/${caseId}/evidence/${res.json().id}/content`);
    expect(content.headers['content-disposition']).toMatch(/^inline/);
  });

  it('out of scope is 404 for the list, the bytes and the thumbnail', async () => {
    const stranger = (other.officers[0] as CaseTeam['officers'][number]).token;
    for (const url of [
      `/api/v1/cases/${caseId}/evidence`,
      `/api/v1/cases/${caseId}/evidence/${itemId}/content`,
      `/api/v1/cases/${caseId}/evidence/${itemId}/thumbnail`,
    ])
      expectError(await get(stranger, url), 404, 'NOT_FOUND');
    expectError(await post(stranger, `/api/v1/cases/${caseId}/evidence/${itemId}/withdrawal`, { reason: '误传' }), 404, 'NOT_FOUND');
  });

  it('no route deletes an item; withdrawal keeps it, marked, once', async () => {
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/cases/${caseId}/evidence/${itemId}`, headers: bearer(o1().token) });
    expect([404, 405]).toContain(del.statusCode);
    const before = await written();
    const blank = await post(o1().token, `/api/v1/cases/${caseId}/evidence/${itemId}/withdrawal`, { reason: '  ' });
    expectError(blank, 422, 'INPUT_INVALID');
    expect(await written()).toEqual(before);
    const res = await post(o1().token, `/api/v1/cases/${caseId}/evidence/${itemId}/withdrawal`, { reason: '拍错了对象，应为仓库西侧' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().withdrawn).toMatchObject({ reason: '拍错了对象，应为仓库西侧' });
    expect(await written()).toMatchObject({ withdrawals: before.withdrawals + 1, journal: before.journal + 1, events: before.events + 1 });
    expectError(await post(o1().token, `/api/v1/cases/${caseId}/evidence/${itemId}/withdrawal`, { reason: '再撤一次' }), 409, 'CONFLICT');
    const list = (await get(o1().token, `/api/v1/cases/${caseId}/evidence`)).json();
    expect(list.items[0].withdrawn.reason).toBe('拍错了对象，应为仓库西侧');
    // the bytes stay
    expect((await get(o1().token, `/api/v1/cases/${caseId}/evidence/${itemId}/content`)).statusCode).toBe(200);
    await expect(sql`delete from evidence_item where id = ${itemId}`.execute(t.ctx.db)).rejects.toThrow(/不能修改或删除/);
  });

  it('devices: the head registers one with its custodian; a capture records the custodian of that day (R-C10)', async () => {
    const serial = `SN-${uniq()}`;
    expectError(
      await post(o1().token, '/api/v1/devices', {
        name: '执法记录仪 1 号',
        kind: '执法记录仪',
        serialNumber: serial,
        custodian: { officerId: o1().officerId },
      }),
      403,
      'FORBIDDEN',
    );
    const made = await post(team.head.token, '/api/v1/devices', {
      name: '执法记录仪 1 号',
      kind: '执法记录仪',
      serialNumber: serial,
      custodian: { officerId: o1().officerId, fromDate: '2026-08-01', reason: '配发' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const device = made.json();
    expect(device.custodian).toMatchObject({ officerId: o1().officerId, fromDate: '2026-08-01' });
    expectError(
      await post(team.head.token, '/api/v1/devices', {
        name: '重复',
        kind: '执法记录仪',
        serialNumber: serial,
        custodian: { officerId: o1().officerId },
      }),
      409,
      'CONFLICT',
    );
    // a custodian of another agency is refused
    expectError(
      await post(team.head.token, `/api/v1/devices/${device.id}/custodians`, {
        officerId: (other.officers[0] as CaseTeam['officers'][number]).officerId,
        reason: '交接',
      }),
      422,
      'INPUT_INVALID',
    );
    const handed = await post(team.head.token, `/api/v1/devices/${device.id}/custodians`, {
      officerId: o2().officerId,
      fromDate: '2026-08-31',
      reason: '交接',
    });
    expect(handed.statusCode, handed.body).toBe(201);
    expect(handed.json().custodian.officerId).toBe(o2().officerId);
    expect(handed.json().custody).toHaveLength(2);
    // before the hand-over (and before the lead's registration, as photos of the inspection that found it
    // may be): the first custodian answers for the device
    const up = await stagedUpload(t, o1().id, await photoBytes(3), 'image/png', 'a.png');
    const early = await addEvidence(
      t,
      o1().token,
      caseId,
      evidenceBody(team, up, { deviceId: device.id, capturedAt: '2026-08-20T02:00:00Z' }),
    );
    expect(early.statusCode, early.body).toBe(201);
    expect(early.json().custodian.officerId).toBe(o1().officerId);
    expect(early.json().device).toMatchObject({ id: device.id, serialNumber: serial });
    // each record is made of its own upload (an upload becomes at most one record, migration 0026)
    const fresh = async () => stagedUpload(t, o1().id, await photoBytes(3), 'image/png', 'a.png');
    const late = await addEvidence(t, o1().token, caseId, evidenceBody(team, await fresh(), { deviceId: device.id }));
    expect(late.json().custodian.officerId).toBe(o2().officerId);
    // another agency's device is not for this case; another agency does not see it
    const theirs = await post(other.head.token, '/api/v1/devices', {
      name: '照相机',
      kind: '照相机',
      serialNumber: `SN-${uniq()}`,
      custodian: { officerId: (other.officers[0] as CaseTeam['officers'][number]).officerId },
    });
    expect(theirs.statusCode).toBe(201);
    expectError(
      await addEvidence(t, o1().token, caseId, evidenceBody(team, await fresh(), { deviceId: theirs.json().id })),
      422,
      'INPUT_INVALID',
    );
    const mine = (await get(team.head.token, '/api/v1/devices')).json().items.map((d: { id: string }) => d.id);
    expect(mine).toContain(device.id);
    expect(mine).not.toContain(theirs.json().id);
    expectError(
      await post(team.head.token, `/api/v1/devices/${theirs.json().id}/custodians`, { officerId: o1().officerId, reason: '交接' }),
      404,
      'NOT_FOUND',
    );
  });

  it('the party page lists its evidence across cases, in capture order (R-C06)', async () => {
    const party = (await get(o1().token, `/api/v1/parties/${partyId}`)).json();
    const times = party.evidence.map((e: { capturedAt: string }) => e.capturedAt);
    expect(times.length).toBeGreaterThanOrEqual(3);
    expect([...times].sort()).toEqual(times);
    expect(party.evidence.some((e: { withdrawn: unknown }) => e.withdrawn !== null)).toBe(true);
  });

  it('hands the case file its rows: every item, withdrawn ones marked, with hash and metadata', async () => {
    const rows = await evidenceForCaseFile(t.ctx.db, caseId);
    expect(rows.length).toBe((await get(o1().token, `/api/v1/cases/${caseId}/evidence`)).json().items.length);
    expect(rows[0]).toMatchObject({ section: 'av_records', recordId: itemId, kind: '视听资料', mimeType: 'image/png' });
    expect(rows[0]?.withdrawn?.reason).toBe('拍错了对象，应为仓库西侧');
    expect(rows[0]?.metadata).toMatchObject({ place: '示范区示范路1号仓库', proves: '当事人仓库存放涉案电热水壶20台' });
    expect(rows[0]?.filename).toMatch(/^音像001-/);
  });
});
