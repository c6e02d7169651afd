/**
 * R-D18 in the browser: the post information board of a service window on the real demo, read
 * without JavaScript on a phone and printed on A4; the disclosure clerk keeps the windows in the
 * workbench and a change reaches the board at once.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberShape, mobileShape, withoutRecordIds } from '../server/test/personal-data';
import { type Harness, loginThroughUi, screenshot, startHarness, withPage } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

/** Screenshots a person looks at go to .tmp/ (ignored by git). */
const tmpDir = resolve(import.meta.dirname, '..', '.tmp');

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

/** The first demo board of the market agency, as the public finds it: from the list page. */
async function openMarketBoard(page: Page): Promise<void> {
  await page.goto('/portal/service-windows');
  await page.getByRole('link', { name: 'A05 行政处罚案件当事人服务窗口' }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
}

describe('the window board without JavaScript on a phone (R-D18)', () => {
  it('is reached from the section 窗口公示 and shows the fields of the rule in order; nothing personal', async () => {
    await mkdir(tmpDir, { recursive: true });
    await withPhone(async (page) => {
      const home = await page.goto('/portal/');
      expect(home?.status()).toBe(200);
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '窗口公示' }).click();
      await page.waitForURL('**/portal/service-windows');
      await openMarketBoard(page);
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toContain('行政处罚案件当事人服务窗口');
      const text = await page.locator('main').innerText();
      const order = ['姓名', '单位', '职务', '执法种类', '岗位职责', '申请材料示范文本', '办理进度查询', '咨询服务', '投诉举报'];
      const at = order.map((label) => text.indexOf(label));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      expect(text).toContain('12315');
      expect(withoutRecordIds(text)).not.toMatch(idNumberShape);
      expect(withoutRecordIds(text)).not.toMatch(mobileShape);
      // fits the phone: no sideways scrolling
      const width = await page.evaluate('document.documentElement.scrollWidth');
      expect(Number(width)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(tmpDir, 'window-board-phone.png'), fullPage: true });
    });
  });

  it('prints on A4 without the site header and navigation', async () => {
    await withPhone(async (page) => {
      await openMarketBoard(page);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('header.site').isVisible()).toBe(false);
      expect(await page.locator('nav.crumbs').isVisible()).toBe(false);
      expect(await page.locator('.board-number').isVisible()).toBe(true);
      await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
      await page.screenshot({ path: join(tmpDir, 'window-board-print.png'), fullPage: false });
    });
  });
});

describe('the workbench page 窗口公示', () => {
  it('the disclosure clerk sees the explained error for a mobile number, saves, and the board changes at once', async () => {
    await withPage(h, async (page) => {
      await loginThroughUi(page, 'disclosure_clerk');
      await page.getByTestId('main-menu').getByText('窗口公示', { exact: true }).click();
      await page.waitForURL('**/org/service-windows');
      const row = page.getByTestId('window-table').locator('tr.ant-table-row', { hasText: 'A05' });
      await row.waitFor();
      await row.getByRole('button', { name: /编辑/ }).click();
      const drawer = page.getByRole('dialog', { name: /编辑窗口/ });
      await drawer.getByLabel('咨询服务').fill('请联系王科长 13912345678');
      await drawer.getByLabel('变更理由').fill('更新咨询方式');
      await page.getByTestId('window-save').click();
      await expect(page.getByTestId('window-error').innerText()).resolves.toContain('个人手机号码');
      await screenshot(page, 'windows-01-error');
      await drawer.getByLabel('咨询服务').fill('窗口现场咨询；电话咨询 0999-88000102（工作日 9:00—17:30）');
      await page.getByTestId('window-save').click();
      await page.getByText('已保存新版本，公示牌已更新').waitFor();
      await screenshot(page, 'windows-02-saved');
    });
    await withPhone(async (page) => {
      await openMarketBoard(page);
      await expect(page.locator('main').innerText()).resolves.toContain('工作日 9:00—17:30');
    });
  });
});
