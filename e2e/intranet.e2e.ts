import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath, DEMO_PASSWORD, type Harness, screenshotDir, startHarness } from './harness';

/**
 * Plain HTTP on an intranet host name (issue 7 §5): a browser reaching `http://sanxiang.intranet`
 * must not be told to upgrade to https (CSP upgrade-insecure-requests) or to remember the host as
 * https-only (HSTS) — with them the workbench's scripts and styles went to https and the page was blank.
 * The host name resolves to the test server through Chromium's resolver rules.
 */
/** `getComputedStyle` in the page; typed by hand, this folder is checked without the DOM library. */
type Styled = { getComputedStyle(el: unknown): { backgroundColor: string } };

let h: Harness;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  h = await startHarness();
  const port = new URL(h.baseUrl).port;
  origin = `http://sanxiang.intranet:${port}`;
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...chromiumArgs, '--host-resolver-rules=MAP sanxiang.intranet 127.0.0.1'],
    headless: true,
  });
});
afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

async function visit(path: string, shotName: string, act?: (page: import('playwright-core').Page) => Promise<void>) {
  const context = await browser.newContext({
    baseURL: origin,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 800 },
  });
  const page = await context.newPage();
  const requested: string[] = [];
  const failed: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    const res = await page.goto(path);
    const headers = res?.headers() ?? {};
    expect(headers['strict-transport-security']).toBeUndefined();
    expect(headers['content-security-policy'] ?? '').not.toContain('upgrade-insecure-requests');
    if (act) await act(page);
    await page.screenshot({ path: join(screenshotDir, `intranet-${shotName}.png`), fullPage: true });
    // every script, style and call stayed on plain http to the intranet host, and nothing failed
    expect(requested.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:'))).toEqual([]);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
    return page;
  } finally {
    await context.close();
  }
}

describe('the workbench and the portal over plain HTTP at http://sanxiang.intranet', () => {
  it('the workbench renders, styled, and a user signs in', async () => {
    await visit('/login', 'workbench', async (page) => {
      await page.getByLabel('用户名').fill('supervisor');
      await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
      // Ant Design's styles applied: the primary button is coloured, not the browser's grey default
      const button = page.getByRole('button', { name: /登\s*录/ });
      const background = await button.evaluate((el) => (globalThis as unknown as Styled).getComputedStyle(el).backgroundColor);
      expect(background).not.toMatch(/^rgba?\(0, 0, 0(, 0)?\)$|rgb\(239, 239, 239\)/);
      await button.click();
      await page.getByTestId('user-name').waitFor({ timeout: 30_000 });
    });
  });

  it('the portal renders with its stylesheet', async () => {
    await visit('/portal/', 'portal', async (page) => {
      const sheets = await page.evaluate(
        () => (globalThis as unknown as { document: { styleSheets: { length: number } } }).document.styleSheets.length,
      );
      expect(sheets).toBeGreaterThan(0);
      const header = await page
        .locator('header.site')
        .evaluate((el) => (globalThis as unknown as Styled).getComputedStyle(el).backgroundColor);
      expect(header).not.toBe('rgba(0, 0, 0, 0)');
    });
  });
});
