import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, type Harness, loginThroughUi, screenshot, settle, startHarness } from './harness';

/**
 * Issue 9 §3, §4, §9 as an officer on site checks it, on a phone (390 px): the demo's proposed
 * seizure shows that 实施查封、扣押 needs a full-process AV record (the demo's AV-duty list AV-01)
 * and the engine refuses it; the officer opens 现场采集, takes a photo (the file input a phone's
 * camera fills), sees it upload, finds time and place filled from the device, types 证明对象 and
 * saves; back on the case the photo shows as a thumbnail with its metadata and hash, the duty as
 * recorded, and the stored file is the photo byte for byte (its SHA-256).
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ demoCases: true });
});
afterAll(async () => {
  await h?.stop();
});

describe('evidence captured on a phone', () => {
  it('an officer photographs the seizure on site; the AV duty holds until then', async () => {
    const officer = await apiAs(h, 'officer');
    const cases = await officer.call<{ items: { id: string; state: string; agencyName: string }[] }>(
      'GET',
      '/cases?procedure=coercive_measure&state=proposed&limit=10',
    );
    const proposed = cases.body.items[0];
    expect(proposed, 'the demo has a proposed seizure in 市场监督管理局').toBeTruthy();
    const caseId = (proposed as { id: string }).id;

    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 90, g: 140, b: 190 } } })
      .jpeg()
      .toBuffer();
    const context = await h.browser.newContext({
      baseURL: h.baseUrl,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 390, height: 844 },
      geolocation: { latitude: 34.2612, longitude: 108.9425 },
      permissions: ['geolocation'],
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    try {
      await loginThroughUi(page, 'officer');
      await page.goto(`/cases/${caseId}`);
      await expect.poll(() => page.getByTestId('av-duty-tag').first().textContent()).toContain('尚未记录');

      await page.getByRole('button', { name: /现场采集/ }).click();
      await page.getByTestId('capture-page').waitFor();
      // the place comes from the device's position (the officer allowed it)
      await expect.poll(() => page.getByLabel('采集地点').inputValue()).toContain('北纬 34.26120');
      await page.locator('input[type=file]').setInputFiles({ name: '查封现场.jpg', mimeType: 'image/jpeg', buffer: photo });
      await page.getByText('已上传：查封现场.jpg').waitFor({ timeout: 60_000 });
      await page.getByLabel('证明对象').fill('当事人仓库存放的涉案食品已当场查封');
      // the step still needing its record is chosen already
      await expect.poll(() => page.getByTestId('capture-page').textContent()).toContain('实施查封、扣押（须全过程');
      await screenshot(page, 'evidence-capture-390');
      await page.getByRole('button', { name: '保存到案件' }).click();

      await page.waitForURL(`**/cases/${caseId}`);
      const item = page.getByTestId('evidence-item').first();
      await item.waitFor();
      expect(await item.textContent()).toContain('证明对象：当事人仓库存放的涉案食品已当场查封');
      expect(await item.textContent()).toContain('哈希');
      const thumb = item.locator('img').first();
      await expect.poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(320);
      await expect.poll(() => page.getByTestId('av-duty-tag').first().textContent()).toContain('已记录');
      await settle(page);
      await screenshot(page, 'evidence-case-390');
      expect(problems, 'uncaught errors in the page').toEqual([]);
    } finally {
      await context.close();
    }

    const list = await officer.call<{ items: { hash: string; step: string }[] }>('GET', `/cases/${caseId}/evidence`);
    const saved = list.body.items.find((i) => i.step === 'decide_measure');
    expect(saved?.hash).toBe(createHash('sha256').update(photo).digest('hex'));
  });
});
