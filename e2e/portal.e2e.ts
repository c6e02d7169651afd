import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberShape, mobileShape, withoutRecordIds } from '../server/test/personal-data';
import { type Harness, screenshotDir, startHarness } from './harness';

/**
 * The public portal on the real demo (issue 3 §6): JavaScript disabled, a phone-sized viewport,
 * every page readable, searchable and free of ID numbers and personal phone numbers (R-D02).
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

async function withPhone<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const context = await h.browser.newContext({
    baseURL: h.baseUrl,
    javaScriptEnabled: false,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  try {
    return await fn(page);
  } finally {
    await context.close();
  }
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(screenshotDir, `portal-${name}.png`), fullPage: true });
}

/** Nothing wider than the phone: no sideways scrolling. */
async function expectFitsPhone(page: Page) {
  const box = await page.locator('main').boundingBox();
  expect(box?.width ?? 0).toBeLessThanOrEqual(390);
  for (const table of await page.locator('main table').all()) {
    const b = await table.boundingBox();
    if (b) expect(b.x + b.width).toBeLessThanOrEqual(391);
  }
}

describe('portal without JavaScript on a phone', () => {
  it('home: the eight lists with counts and last-published dates', async () => {
    await withPhone(async (page) => {
      const res = await page.goto('/portal/');
      expect(res?.status()).toBe(200);
      await expect(page.title()).resolves.toBe('行政执法公示平台');
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      const cards = page.locator('ul.cards > li');
      expect(await cards.count()).toBe(8);
      const officers = await cards.filter({ hasText: '行政执法人员清单' }).innerText();
      expect(Number(officers.match(/(\d+)\s*条/)?.[1])).toBeGreaterThan(0);
      expect(officers).toMatch(/最近发布：\d{4}-\d{2}-\d{2}/);
      const items = await cards.filter({ hasText: '行政执法事项清单' }).innerText();
      expect(Number(items.match(/(\d+)\s*条/)?.[1])).toBeGreaterThanOrEqual(20);
      await expectFitsPhone(page);
      await shot(page, 'home');
    });
  });

  it('officer list: names, certificates, status; never an ID number or a phone; filter by agency', async () => {
    await withPhone(async (page) => {
      await page.goto('/portal/officers');
      await expect(page.locator('h1').innerText()).resolves.toBe('行政执法人员清单');
      const text = await page.locator('main').innerText();
      expect(text).toContain('执法证号');
      expect(withoutRecordIds(text)).not.toMatch(idNumberShape);
      expect(withoutRecordIds(text)).not.toMatch(mobileShape);
      expect(withoutRecordIds(await page.content())).not.toMatch(idNumberShape);
      await expectFitsPhone(page);
      await shot(page, 'officers');

      const select = page.getByLabel('执法主体');
      const options = (await select.locator('option').allInnerTexts()).filter((o) => o !== '全部');
      expect(options.length).toBeGreaterThan(0);
      const market = options.find((o) => o.includes('市场监督管理局')) ?? (options[0] as string);
      await select.selectOption({ label: market });
      await page.getByRole('button', { name: '查询' }).click();
      await page.waitForURL(/agency=/);
      const agencies = await page.locator('td[data-label="执法主体"]').allInnerTexts();
      expect(agencies.length).toBeGreaterThan(0);
      expect(new Set(agencies)).toEqual(new Set([market]));
      if (await page.getByRole('link', { name: '下一页' }).count()) {
        await page.getByRole('link', { name: '下一页' }).click();
        await page.waitForURL(/cursor=/);
        expect(await page.locator('td[data-label="姓名"]').count()).toBeGreaterThan(0);
      }
    });
  });

  it('item search, an item page with legal bases, service guide and flowchart', async () => {
    await withPhone(async (page) => {
      await page.goto('/portal/');
      await page.getByLabel('搜索执法事项').fill('食品');
      await page.getByRole('button', { name: '搜索' }).click();
      await page.waitForURL(/\/portal\/items\?q=/);
      const names = await page.locator('td[data-label="事项名称"]').allInnerTexts();
      expect(names.length).toBeGreaterThan(0);
      await shot(page, 'items-search');
      await page.locator('td[data-label="事项名称"] a').first().click();
      await page.waitForURL(/\/portal\/items\/[^?]+$/);
      await expect(page.getByRole('heading', { name: '法律依据' }).isVisible()).resolves.toBe(true);
      expect(await page.locator('main').innerText()).toMatch(/《中华人民共和国[^》]+》第[一二三四五六七八九十百零]+条/);
      await expect(page.getByRole('heading', { name: '办理流程图' }).isVisible()).resolves.toBe(true);
      expect(await page.locator('ol.flow > li').count()).toBeGreaterThan(1);
      expect(await page.locator('nav.crumbs').innerText()).toContain('行政执法事项清单');
      await expectFitsPhone(page);
      await shot(page, 'item');
    });
  });

  it('discretion standards, three lists, review catalog, AV list, inspection items, agencies', async () => {
    await withPhone(async (page) => {
      for (const [slug, title] of [
        ['discretion-standards', '行政处罚裁量基准'],
        ['three-lists', '不予处罚、从轻处罚、减轻处罚事项清单'],
        ['review-catalog', '重大执法决定法制审核目录清单'],
        ['av-duties', '音像记录事项清单'],
        ['inspection-items', '随机抽查事项清单'],
        ['agencies', '行政执法主体名录'],
      ] as const) {
        const res = await page.goto(`/portal/${slug}`);
        expect(res?.status(), slug).toBe(200);
        await expect(page.locator('h1').innerText()).resolves.toBe(title);
        expect(await page.title()).toBe(`${title} - 行政执法公示平台`);
        await expectFitsPhone(page);
        await shot(page, slug);
      }
      await page.goto('/portal/discretion-standards');
      expect(await page.locator('caption', { hasText: '裁量阶次' }).count()).toBeGreaterThan(0);
    });
  });

  it('version history and a past version', async () => {
    await withPhone(async (page) => {
      await page.goto('/portal/history/items');
      await expect(page.locator('h1').innerText()).resolves.toBe('行政执法事项清单：历史版本');
      const links = page.locator('td[data-label="版本"] a');
      expect(await links.count()).toBeGreaterThan(0);
      await shot(page, 'history');
      await links.last().click();
      await page.waitForURL(/\/portal\/history\/items\/.+\/\d+$/);
      expect(await page.locator('p.notice').innerText()).toMatch(/版本/);
      await shot(page, 'version');
    });
  });

  it('unknown pages answer 404 with a page a person can read', async () => {
    await withPhone(async (page) => {
      const res = await page.goto('/portal/items/NO-SUCH-ITEM');
      expect(res?.status()).toBe(404);
      await expect(page.locator('h1').innerText()).resolves.toBe('页面不存在');
    });
  });
});

describe('open data from the demo', () => {
  it('officers JSON and CSV carry no ID number or mobile number', async () => {
    const json = await (await fetch(`${h.baseUrl}/api/v1/public/officers?limit=500`)).text();
    const csv = await (await fetch(`${h.baseUrl}/api/v1/public/officers?limit=500&format=csv`)).text();
    expect(JSON.parse(json).items.length).toBeGreaterThan(0);
    for (const body of [json, csv]) {
      expect(withoutRecordIds(body)).not.toMatch(idNumberShape);
      expect(withoutRecordIds(body)).not.toMatch(mobileShape);
    }
  });
});
