import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindSummaries } from '../src/modules/disclosure';
import { escapeHtml, html } from '../src/portal/html';
import { buildTestApp, type TestApp } from './app';
import { mobileShape, withoutRecordIds } from './personal-data';
import { itemEntry, market, officerEntry, publish, publishAll } from './portal.fixtures';

let t: TestApp;
/** what the demo published before the fixtures: the home page counts add to it */
let before: Map<string, number>;
beforeAll(async () => {
  t = await buildTestApp();
  before = new Map((await kindSummaries(t.ctx.db)).map((s) => [s.listKind, s.entryCount]));
  await publishAll(t.ctx);
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ url });
/** The visible text of a page, tags removed (what a reader sees, roughly). */
const textOf = (body: string) =>
  body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('portal: refusals first', () => {
  it('404 as an HTML page for an unknown page, item code, list or version', async () => {
    for (const url of [
      '/portal/nope',
      '/portal/items/NOPE-01',
      '/portal/history/nope',
      '/portal/history/items/items%3Anope/1',
      '/portal/x/y/z',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.body, url).toContain('lang="zh-CN"');
    }
  });

  it('400 as an HTML page for a broken page link, never a stack trace', async () => {
    const res = await get('/portal/officers?cursor=broken');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('请从第一页重新查询');
  });

  it('a version of one list cannot be shown under another list', async () => {
    expect((await get(`/portal/history/officers/${encodeURIComponent(`items:${market.id}`)}/1`)).statusCode).toBe(404);
  });
});

describe('portal pages (R-D01..R-D08, R-D19)', () => {
  it('home: the eight lists with counts and the last publication date, no login', async () => {
    const res = await get('/portal/');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(res.body).toContain('<title>行政执法公示平台</title>');
    for (const label of [
      '行政执法主体名录',
      '行政执法人员清单',
      '行政执法事项清单',
      '行政处罚裁量基准',
      '随机抽查事项清单',
      '音像记录事项清单',
    ]) {
      expect(text).toContain(label);
    }
    expect(text).toContain(`行政执法人员清单 ${(before.get('officers') ?? 0) + 3} 条 最近发布：2026-08-31`);
    expect(text).toContain(`行政执法事项清单 ${(before.get('items') ?? 0) + 2} 条`);
    expect(res.body).toContain('<label for="home-q">');
  });

  it('is accessible markup: lang, skip link, one h1, breadcrumbs, labelled search, stylesheet served', async () => {
    const res = await get('/portal/items');
    expect(res.body).toContain('<html lang="zh-CN">');
    expect(res.body).toContain('<a class="skip" href="#main">跳到正文</a>');
    expect(res.body.match(/<h1>/g)).toHaveLength(1);
    expect(res.body).toContain('aria-label="面包屑导航"');
    expect(res.body).toContain('<label for="q">');
    expect(res.body).toContain('<meta name="viewport"');
    expect(res.body).not.toContain('<script');
    const css = await get('/portal/assets/portal.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body).toContain('@media');
  });

  it('officers: name, agency, certificate number, domains, status; never an ID number or a phone (R-D02)', async () => {
    const res = await get(`/portal/officers?agency=${market.id}`);
    const text = textOf(res.body);
    expect(text).toContain('张伟');
    expect(text).toContain('99010200002');
    expect(text).toContain('预警（黄）');
    expect(text).toContain(market.name);
    expect(res.body).not.toMatch(/(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])/);
    expect(withoutRecordIds(res.body)).not.toMatch(mobileShape);
  });

  it('officers: filter by agency and search by name', async () => {
    expect(textOf((await get(`/portal/officers?agency=${market.id}&q=${encodeURIComponent('李明')}`)).body)).toMatch(/李明/);
    const none = textOf((await get(`/portal/officers?q=${encodeURIComponent('无此人')}`)).body);
    expect(none).toContain('没有符合条件的条目');
    expect((await get('/portal/officers?agency=other')).body).toContain('没有符合条件的条目');
  });

  it('items: search (q) and paging, a page links to the next with a cursor', async () => {
    const res = await get(`/portal/items?agency=${market.id}&q=${encodeURIComponent('健康证明')}`);
    const text = textOf(res.body);
    expect(text).toContain('FX-02');
    expect(text).not.toContain('FX-01');
    expect(res.body).toContain('<title>行政执法事项清单：健康证明 - 行政执法公示平台</title>');
    expect(res.body).toContain('value="健康证明"');

    const many = Array.from({ length: 30 }, (_, i) => itemEntry(`ZZ-${String(i).padStart(2, '0')}`, `测试事项${i}`));
    await publish(t.ctx, 'items', 'items:paging', many, '分页测试', 'paging');
    const first = await get('/portal/items?agency=paging');
    const next = first.body.match(/href="([^"]+)" rel="next"/)?.[1];
    expect(next).toBeTruthy();
    const second = await get((next as string).replace(/&amp;/g, '&'));
    expect(second.statusCode).toBe(200);
    expect(textOf(second.body)).toContain('ZZ-29');
    expect(textOf(second.body)).not.toContain('ZZ-00 ');
    expect(second.body).toContain('回到第一页');
  });

  it('an item page: legal bases with text, service guide, flowchart as a diagram (R-D03, R-D05, R-D06)', async () => {
    const res = await get('/portal/items/FX-01');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('《中华人民共和国食品安全法》第一百二十二条第一款');
    expect(text).toContain('货值金额不足一万元的，并处五万元以上十万元以下罚款');
    expect(text).toContain('受理机构');
    expect(res.body).toContain('<ol class="flow" aria-label="办理流程，共 6 步">');
    expect(text).toMatch(/立案 .*调查取证 .*告知 .*法制审核 .*决定 .*送达/);
    expect(text).toContain('时限：立案之日起九十日内');
    expect(res.body).toContain('aria-label="面包屑导航"');
  });

  it('discretion standards: a table of circumstance levels with fine ranges (R-D07)', async () => {
    const text = textOf((await get(`/portal/discretion-standards?agency=${market.id}`)).body);
    expect(text).toContain('裁量阶次');
    expect(text).toContain('50000 ～ 100000 元');
    expect(text).toContain('10 ～ 20 倍');
  });

  it('the three lists, review catalog, AV list and inspection items', async () => {
    expect(textOf((await get(`/portal/three-lists?agency=${market.id}`)).body)).toContain('初次违法且危害后果轻微并及时改正');
    expect(textOf((await get(`/portal/review-catalog?q=${encodeURIComponent('责令停产停业')}`)).body)).toContain(
      '拟作出责令停产停业决定的，应当进行法制审核',
    );
    expect(textOf((await get(`/portal/av-duties?q=${encodeURIComponent('查封扣押')}`)).body)).toContain('全过程记录');
    expect(textOf((await get(`/portal/inspection-items?agency=${market.id}`)).body)).toContain('双随机抽查');
    expect(textOf((await get(`/portal/agencies?q=${encodeURIComponent('示范区市场监督管理局')}`)).body)).toContain(
      '示范市示范区人民路 1 号',
    );
  });

  it('version history: publication date, reason, what changed, and a past version as it was (R-D08)', async () => {
    const res = await get('/portal/history/items');
    const text = textOf(res.body);
    expect(text).toContain('事项名称按法律条文修订');
    expect(text).toMatch(/事项名称按法律条文修订 0 1：安排未取得健康证明的人员从事接触直接入口食品的工作（修订） 0 2/);
    expect(text).toContain('2026/08/31');
    const v1 = await get(`/portal/history/items/${encodeURIComponent(`items:${market.id}`)}/1`);
    expect(v1.statusCode).toBe(200);
    const v1text = textOf(v1.body);
    expect(v1text).toContain('不是当前版本');
    expect(v1text).toContain('安排未取得健康证明的人员从事接触直接入口食品的工作 ');
    expect(v1text).not.toContain('（修订）');
    const current = textOf((await get(`/portal/items?agency=${market.id}`)).body);
    expect(current).toContain('（修订）');
  });

  it('escapes every published value', async () => {
    await publish(t.ctx, 'officers', 'officers:xss', [officerEntry('x1', '<script>alert(1)</script>', 'X"1')], '测试', 'xss');
    const res = await get('/portal/officers?agency=xss');
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('html template', () => {
  it('escapes strings and attributes, keeps nested templates, drops null and false', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;');
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"x"'}">${inner}${null}${false}${['a', '<']}</p>`.value).toBe(
      '<p title="&quot;x&quot;"><b>&lt;i&gt;</b>a&lt;</p>',
    );
  });
});
