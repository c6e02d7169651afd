import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, expectError, type TestApp } from './app';
import { idNumberShape, mobileShape, withoutRecordIds } from './personal-data';
import { district, itemEntry, market, officerEntry, publish, publishAll } from './portal.fixtures';

const J = `jurisdiction=${district}`;

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await publishAll(t.ctx);
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ url });
/** An 18-character ID number (GB 11643) or a mainland mobile number anywhere in a text. */

describe('open data: refusals first', () => {
  it('400 for an unknown parameter, a bad format, a limit over 500, a broken cursor', async () => {
    expectError(await get('/api/v1/public/items?foo=1'), 400, 'VALIDATION_FAILED');
    expectError(await get('/api/v1/public/items?format=xml'), 400, 'VALIDATION_FAILED');
    const tooMany = expectError(await get('/api/v1/public/officers?limit=501'), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(tooMany.details)).toContain('limit');
    const cursor = expectError(await get('/api/v1/public/officers?cursor=not-a-cursor'), 400, 'VALIDATION_FAILED');
    expect(cursor.message).toContain('游标');
  });

  it('404 for an item code that is not published, and for an unknown list', async () => {
    const res = expectError(await get('/api/v1/public/items/NOPE-01'), 404, 'NOT_FOUND');
    expect(res.message).toBe('未找到已公示的执法事项 NOPE-01'); // no talk of permissions to an anonymous reader
    expectError(await get('/api/v1/public/unknown-list'), 404, 'NOT_FOUND');
  });
});

describe('open data: lists without login (R-D01..R-D07, R-D19)', () => {
  it('serves every list as JSON with exactly the public fields and a stable id', async () => {
    for (const [slug, count] of [
      ['agencies', 1],
      ['officers', 3],
      ['items', 2],
      ['discretion-standards', 1],
      ['three-lists', 1],
      ['review-catalog', 1],
      ['av-duties', 1],
      ['inspection-items', 1],
    ] as const) {
      const res = await get(`/api/v1/public/${slug}?${J}`);
      expect(res.statusCode, slug).toBe(200);
      const body = res.json();
      expect(body.items, slug).toHaveLength(count);
      expect(body.nextCursor).toBeNull();
      expect(typeof body.items[0].id).toBe('string');
    }
  });

  it('officers: name, agency, certificate number, domains, status — never an ID number or a phone (R-D02)', async () => {
    const res = await get(`/api/v1/public/officers?${J}`);
    const [first] = res.json().items;
    expect(Object.keys(first).sort()).toEqual(
      ['agencyId', 'agencyName', 'certificateNumber', 'domains', 'id', 'issuingBody', 'name', 'status', 'statusLabel', 'validUntil'].sort(),
    );
    expect(withoutRecordIds(res.body)).not.toMatch(idNumberShape);
    expect(withoutRecordIds(res.body)).not.toMatch(mobileShape);
    const csv = await get('/api/v1/public/officers?format=csv');
    expect(withoutRecordIds(csv.body)).not.toMatch(idNumberShape);
    expect(withoutRecordIds(csv.body)).not.toMatch(mobileShape);
  });

  it('the shapes the test relies on do catch an ID number and a mobile number', () => {
    expect('身份证 110105199003071234 号').toMatch(idNumberShape);
    expect('电话 13912345678').toMatch(mobileShape);
    expect('证号 99010200001').not.toMatch(mobileShape);
  });

  it('searches items by a Chinese word, partly typed words included (R-D19)', async () => {
    const names = async (q: string) =>
      (await get(`/api/v1/public/items?${J}&q=${encodeURIComponent(q)}`)).json().items.map((i: { code: string }) => i.code);
    expect(await names('健康证明')).toEqual(['FX-02']);
    expect(await names('食品 许可')).toEqual(['FX-01']);
    expect(await names('食品')).toEqual(['FX-01', 'FX-02']);
    expect(await names('不存在的词语')).toEqual([]);
  });

  it('an item page by code shows the current version, not the superseded one (R-D08)', async () => {
    const res = await get('/api/v1/public/items/FX-02');
    expect(res.statusCode).toBe(200);
    const item = res.json();
    expect(item.name).toBe('安排未取得健康证明的人员从事接触直接入口食品的工作（修订）');
    expect(item.version).toBe(2);
    expect(item.legalBases[0]).toEqual({
      law: '《中华人民共和国食品安全法》',
      article: '第一百二十六条',
      clause: '第一款（六）',
      text: null,
    });
    expect(item.flowchart.map((s: { step: string }) => s.step)).toContain('法制审核');
  });

  it('pages with a stable cursor: every officer exactly once, also across a new publication', async () => {
    const key = `officers:${market.id}`;
    const many = Array.from({ length: 25 }, (_, i) => officerEntry(`p${i}`, `测试${String(i).padStart(2, '0')}`, `9901020${1000 + i}`));
    await publish(t.ctx, 'officers', key, [officerEntry('o1', '张伟', '99010200001'), ...many], '新增 25 人');
    const seen: string[] = [];
    let url = `/api/v1/public/officers?${J}&limit=10`;
    for (let n = 0; n < 10; n++) {
      const body = (await get(url)).json();
      seen.push(...body.items.map((o: { id: string }) => o.id));
      if (!body.nextCursor) break;
      url = `/api/v1/public/officers?${J}&limit=10&cursor=${body.nextCursor}`;
    }
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
    expect(seen).not.toContain('o2');
  });

  it('filters by agency', async () => {
    const res = (await get(`/api/v1/public/items?agencyId=${market.id}`)).json();
    expect(res.items).toHaveLength(2);
    expect((await get('/api/v1/public/items?agencyId=00000000-0000-4000-8000-000000000000')).json().items).toHaveLength(0);
  });
});

describe('open data: CSV', () => {
  it('is UTF-8 with a BOM and Chinese headers naming the fields, one row per entry', async () => {
    const res = await get(`/api/v1/public/items?${J}&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toContain('编码(code)');
    expect(lines[0]).toContain('法律依据(legalBases)');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('《中华人民共和国食品安全法》第一百二十二条第一款');
    expect(lines[1]).toContain('立案 → 调查取证');
  });

  it('discretion standards: one row per circumstance level with the fine range', async () => {
    const res = await get(`/api/v1/public/discretion-standards?${J}&format=csv`);
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('罚款下限（元）(fineMin)');
    expect(lines[1]).toContain('50000');
    expect(lines[2]).toContain('严重');
  });

  it('gives the next page in X-Next-Cursor and a Link header', async () => {
    const res = await get('/api/v1/public/officers?format=csv&limit=5');
    expect(res.headers['x-next-cursor']).toBeTruthy();
    expect(String(res.headers.link)).toMatch(/cursor=.*rel="next"/);
    expect(res.body.trimEnd().split('\r\n')).toHaveLength(6);
  });

  it('neutralises a value that would start a spreadsheet formula', async () => {
    await publish(
      t.ctx,
      'items',
      'items:0f0f0f0f-0000-4000-8000-00000000f0f0',
      [itemEntry('X-01', '=HYPERLINK("http://evil")')],
      '测试',
      '0f0f0f0f-0000-4000-8000-00000000f0f0',
    );
    const res = await get('/api/v1/public/items?agencyId=0f0f0f0f-0000-4000-8000-00000000f0f0&format=csv');
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});

describe('open data: OpenAPI', () => {
  it('describes the public lists without security, with JSON and CSV responses', async () => {
    const doc = (await get('/api/openapi.json')).json();
    for (const p of ['agencies', 'officers', 'items', 'items/{code}', 'discretion-standards', 'review-catalog']) {
      const op = doc.paths[`/api/v1/public/${p}`]?.get;
      expect(op, p).toBeTruthy();
      expect(op.security).toEqual([]);
      expect(Object.keys(op.responses['200'].content).sort()).toEqual(['application/json', 'text/csv']);
    }
    const officer = doc.paths['/api/v1/public/officers'].get.responses['200'].content['application/json'].schema;
    const props = Object.keys(officer.properties.items.items.properties);
    expect(props).not.toContain('idNumber');
    expect(props).not.toContain('mobile');
  });
});
