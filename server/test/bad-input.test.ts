import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../src/modules/org';
import { type OfficerSheetRow, officerSheet } from '../src/modules/org/sheets';
import { waitForJob } from '../src/platform/jobs';
import { exportWorkbook, xlsxContentType } from '../src/platform/spreadsheet';
import { bearer, buildTestApp, demoAgencyIds, expectError, type TestApp } from './app';

/**
 * Bad input is refused at the boundary with a Chinese 400 naming the parameter (issue 7 §4); the
 * fuzz test (fuzz.test.ts) proves "never 5xx", this file pins what the answers say.
 */

let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const as = (user: string) => bearer(tokens[user] as string);

beforeAll(async () => {
  t = await buildTestApp();
  for (const u of ['disclosure_clerk', 'supervisor']) tokens[u] = await t.login(u);
  Object.assign(ids, await demoAgencyIds(t));
});
afterAll(async () => t?.close());

const fieldsOf = (body: { details: unknown }) => (body.details as { fields: { field: string; message: string; in: string }[] }).fields;

describe('text that cannot be stored', () => {
  it.each([
    ['/api/v1/public/items/%00', 'path', 'path'],
    ['/api/v1/public/items?q=%00', 'q', 'querystring'],
    ['/api/v1/public/items?q=%C0%AF', 'q', 'querystring'],
    ['/api/v1/public/items?q=%ED%A0%80', 'q', 'querystring'],
    ['/api/v1/public/items/%C0%AF', 'path', 'path'],
  ])('%s answers 400 naming %s', async (url, field, where) => {
    const body = expectError(await t.app.inject({ url }), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(body)).toEqual([expect.objectContaining({ field, in: where })]);
  });

  it('a JSON body with a NUL, an unpaired surrogate or bytes that are not UTF-8 answers 400 naming the field', async () => {
    const post = (payload: string | Buffer) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/officers',
        headers: { ...as('disclosure_clerk'), 'content-type': 'application/json' },
        payload,
      });
    expect(fieldsOf(expectError(await post('{"name":"a\\u0000b"}'), 400, 'VALIDATION_FAILED'))).toEqual([
      expect.objectContaining({ field: 'name', in: 'body' }),
    ]);
    expect(fieldsOf(expectError(await post('{"post":["\\ud800"]}'), 400, 'VALIDATION_FAILED'))).toEqual([
      expect.objectContaining({ field: 'post.0', in: 'body' }),
    ]);
    const latin1 = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]);
    expect(fieldsOf(expectError(await post(latin1), 400, 'VALIDATION_FAILED'))).toEqual([expect.objectContaining({ field: 'body' })]);
  });

  it('on the portal the same refusal is a Chinese HTML page with the portal layout', async () => {
    for (const url of ['/portal/items/X%00', '/portal/service-windows?agency=%00', '/portal/items/%FF']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<html lang="zh-CN">');
      expect(res.body).toContain('/portal/assets/portal.css');
      expect(res.body).toMatch(/请求/);
    }
  });
});

describe('ids, enumerations and lengths', () => {
  it('a malformed id answers 400 naming the parameter, not an empty list', async () => {
    const body = expectError(await t.app.inject({ url: '/api/v1/public/items?agencyId=not-a-uuid' }), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(body)).toEqual([{ field: 'agencyId', message: '不是有效的记录标识（应为 UUID）', in: 'querystring' }]);
    const path = expectError(
      await t.app.inject({ url: '/api/v1/officers/not-a-uuid', headers: as('supervisor') }),
      400,
      'VALIDATION_FAILED',
    );
    expect(fieldsOf(path)).toEqual([expect.objectContaining({ field: 'id', in: 'params' })]);
  });

  it('a value outside an enumeration is one message naming the allowed values', async () => {
    const body = expectError(await t.app.inject({ url: '/api/v1/public/items?format=xml' }), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(body)).toEqual([{ field: 'format', message: '取值应为 json、csv 之一', in: 'querystring' }]);
    expect(body.message).toBe('请求参数有误：格式（format）取值应为 json、csv 之一');
  });

  it('an over-long name is refused with the limit named, never cut', async () => {
    const before = await t.journalCount();
    const body = expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/officers',
        headers: as('disclosure_clerk'),
        payload: officer({ name: '欧'.repeat(80) }),
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(fieldsOf(body)).toEqual([{ field: 'name', message: '不能超过 50 个字', in: 'body' }]);
    expect(body.message).toBe('请求参数有误：名称（name）不能超过 50 个字');
    expect(await t.journalCount()).toBe(before);
  });

  it('a huge integer is refused, not passed to the database', async () => {
    const res = await t.app.inject({ url: '/api/v1/public/journal/entries/1e309' });
    expect(res.statusCode).toBe(400);
  });
});

const idNumber = (first17: string) => `${first17}${idNumberCheckChar(first17)}`;
const officer = (patch: Record<string, unknown> = {}) => ({
  agencyId: ids.market,
  name: '测试员乙',
  idNumber: idNumber('99010219900101456'),
  certificateNumber: 'T-B000001',
  issuingBody: '示范省人民政府',
  validFrom: '2025-01-01',
  validUntil: '2029-12-31',
  isEnforcer: true,
  ...patch,
});

describe('an enforcer needs a certificate with its validity (R-P01, R-P02)', () => {
  it.each([
    ['validFrom', { validFrom: null }],
    ['validUntil', { validUntil: undefined }],
    ['certificateNumber', { certificateNumber: null }],
  ])('without %s the officer is refused naming the field', async (field, patch) => {
    const body = expectError(
      await t.app.inject({ method: 'POST', url: '/api/v1/officers', headers: as('disclosure_clerk'), payload: officer(patch) }),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(body.details)).toContain(field);
    expect(body.message).toMatch(/执法/);
  });

  it('with both dates the officer is saved', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/officers', headers: as('disclosure_clerk'), payload: officer() });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('the portal never shortens a query silently', () => {
  it('a search of more than 100 characters is a page naming the limit', async () => {
    const res = await t.app.inject({ url: `/portal/items?q=${encodeURIComponent('食'.repeat(101))}` });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('查询词不能超过 100 个字');
    expect((await t.app.inject({ url: `/portal/items?q=${encodeURIComponent('食'.repeat(100))}` })).statusCode).toBe(200);
  });
});

describe('spreadsheet import applies the same certificate rule (R-P01, R-P02)', () => {
  it('an enforcer row without validity dates fails the import naming row and column; nothing is written', async () => {
    const first17 = '99010219880808123';
    const row = {
      name: '导入员丙',
      idNumber: `${first17}${idNumberCheckChar(first17)}`,
      post: '执法队员',
      kinds: ['enforcer'],
      domains: ['食品安全'],
      certificateNumber: 'IMPB00001',
      issuingBody: '示范省人民政府',
      validFrom: null,
      validUntil: null,
      status: null,
      legalQualification: 'no',
    } satisfies OfficerSheetRow;
    const file = await exportWorkbook(officerSheet, [row], '执法人员');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/officers/import',
      headers: { ...as('disclosure_clerk'), 'content-type': xlsxContentType },
      payload: file,
    });
    expect(res.statusCode, res.body).toBe(202);
    const { jobId } = res.json() as { jobId: string };
    await waitForJob(t.ctx, jobId);
    const job = (await t.app.inject({ url: `/api/v1/jobs/${jobId}`, headers: as('disclosure_clerk') })).json();
    expect(job.status).toBe('failed');
    expect(job.problems).toEqual([expect.objectContaining({ row: 2, column: '人员类别', reason: expect.stringContaining('有效期') })]);
    expect(await t.ctx.db.selectFrom('officer').select('id').where('name', '=', '导入员丙').execute()).toEqual([]);
  });
});
