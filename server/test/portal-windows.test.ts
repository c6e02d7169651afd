import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAgencies } from '../src/demo/data';
import { listCurrent } from '../src/modules/disclosure';
import { bearer, buildTestApp, type TestApp } from './app';
import { idNumberShape, mobileShape, withoutRecordIds } from './personal-data';

// R-D18 on the portal: the "窗口公示" section, its list and one printable board per window,
// served from publications only, readable without JavaScript.
let t: TestApp;
let marketId = '';
let boardId = '';
beforeAll(async () => {
  t = await buildTestApp();
  const market = demoAgencies.find((a) => a.key === 'market')?.name as string;
  marketId = (await t.ctx.db.selectFrom('agency').select('id').where('name', '=', market).executeTakeFirstOrThrow()).id;
  const boards = await listCurrent(t.ctx.db, { listKind: 'service_windows', agencyId: marketId, limit: 10 });
  boardId = boards.items.find((e) => e.label.startsWith('A05'))?.subjectId as string;
}, 120_000);
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ url });
const textOf = (body: string) =>
  body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('portal windows: refusals first', () => {
  it('404 as an HTML page for an unknown board', async () => {
    const res = await get('/portal/service-windows/nope');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('该窗口公示牌不存在');
  });
});

describe('portal windows (R-D18)', () => {
  it('the navigation has the section 窗口公示; the home page a panel with the count', async () => {
    const res = await get('/portal/');
    expect(res.body).toContain('<a href="/portal/service-windows">窗口公示</a>');
    const text = textOf(res.body);
    expect(text).toMatch(/政务服务窗口岗位信息公示牌 .*当前公示 7 块/);
    // the eight prior-disclosure lists stay the home page's cards
    expect(res.body.match(/<ul class="cards">[\s\S]*?<\/ul>/)?.[0].match(/<li>/g)).toHaveLength(8);
  });

  it('the list: every demo window with its agency, place, hours and staff, linking to its board; filter by agency', async () => {
    const res = await get('/portal/service-windows');
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/<h1>/g)).toHaveLength(1);
    expect(res.body).toContain('<h1>政务服务窗口岗位信息公示牌</h1>');
    expect(res.body).toContain(`<a href="/portal/service-windows/${boardId}">A05 行政处罚案件当事人服务窗口</a>`);
    expect(res.body.match(/data-label="窗口"/g)).toHaveLength(7);
    const market = await get(`/portal/service-windows?agency=${marketId}`);
    expect(market.body.match(/data-label="窗口"/g)).toHaveLength(2);
    expect(res.body).toContain('/api/v1/public/service-windows?format=csv');
  });

  it('a board: the fields in the order of the rule, on one accessible page with print CSS for A4', async () => {
    const res = await get(`/portal/service-windows/${boardId}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="zh-CN">');
    expect(res.body.match(/<h1/g)).toHaveLength(1);
    expect(res.body).not.toContain('<script');
    const text = textOf(res.body);
    expect(text).toContain('岗位信息公示牌');
    expect(text).toContain('示范市示范区市场监督管理局');
    expect(text).toContain('A05 行政处罚案件当事人服务窗口');
    // 姓名、单位、职务、执法种类、岗位职责、申请材料示范文本、办理进度查询、咨询服务、投诉举报
    const order = ['姓名', '单位', '职务', '执法种类', '岗位职责', '申请材料示范文本', '办理进度查询', '咨询服务', '投诉举报'];
    const at = order.map((label) => text.indexOf(label));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain('听证申请书（示范文本）');
    expect(text).toContain('12315 市场监管投诉举报热线');
    expect(res.body).toContain('href="/portal/items/MKT-01"');
    expect(withoutRecordIds(res.body)).not.toMatch(idNumberShape);
    expect(withoutRecordIds(res.body)).not.toMatch(mobileShape);
    const css = (await get('/portal/assets/portal.css')).body;
    expect(css).toContain('@media print');
    expect(css).toContain('size:A4');
  });

  it('a board shows the officer’s current public facts, never the ID number', async () => {
    const res = await get(`/portal/service-windows/${boardId}`);
    const staff = await t.ctx.db.selectFrom('officer').selectAll().where('agency_id', '=', marketId).execute();
    const shown = staff.filter((o) => res.body.includes(`<dd class="board-name">${o.name}</dd>`));
    expect(shown.length).toBe(2);
    for (const o of shown) {
      expect(res.body).not.toContain(o.id_number);
      expect(res.body).toContain(o.post as string);
    }
  });

  it('history: the boards list has a public version history; a retired board leaves the portal', async () => {
    const history = await get('/portal/history/service-windows');
    expect(history.statusCode).toBe(200);
    expect(textOf(history.body)).toContain('示范市示范区市场监督管理局政务服务窗口岗位信息公示牌');
    const token = await t.login('disclosure_clerk');
    const windowUrl = `/api/v1/agencies/${marketId}/service-windows/${boardId}`;
    const read = await t.app.inject({ url: windowUrl, headers: bearer(token) });
    const res = await t.app.inject({
      method: 'POST',
      url: `${windowUrl}/retire`,
      headers: { ...bearer(token), 'if-match': read.headers.etag as string },
      payload: { reason: '窗口撤并' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await get(`/portal/service-windows/${boardId}`)).statusCode).toBe(404);
    const after = await get('/portal/history/service-windows');
    expect(textOf(after.body)).toContain('撤销 A05 行政处罚案件当事人服务窗口：窗口撤并');
  });
});
