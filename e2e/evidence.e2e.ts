import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import PizZip from 'pizzip';
import type { Page } from 'playwright-core';
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

/**
 * Issue 9's acceptance (first point) as a new user checks it, at desk width: the officer finds the
 * demo's case waiting for closing approval (示范区小南国餐厅) in the ledger by its party, attaches a
 * photo with its metadata through 现场采集 and sees the thumbnail; makes a 现场检查笔录 in 文书 and
 * opens the downloaded .docx (case number, party and the typed findings are in its text); the agency
 * head approves closing in her own browser; the officer archives (归档, confirmed), sees 已归档 and
 * the catalogue listing the photo and the 笔录 by their hashes, downloads 导出案卷; `sanxiang
 * case-file verify` passes on it (exit 0) and, with one byte of the photo altered in a copy, exits 1
 * naming that file.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PARTY = '示范区小南国餐厅';

/** The text of a .docx as Word shows it: word/document.xml without its tags. */
function docxText(bytes: Buffer): string {
  const xml = new PizZip(bytes).file('word/document.xml')?.asText() ?? '';
  return xml
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"');
}

/**
 * Where a STOREd entry's bytes start in the zip: its local header (signature PK\3\4 thirty bytes
 * before the name; manifest.json also carries the name, so the signature tells them apart).
 */
function storedDataOffset(zip: Buffer, name: string): number {
  const raw = Buffer.from(name, 'utf8');
  for (let at = zip.indexOf(raw); at >= 0; at = zip.indexOf(raw, at + 1)) {
    const header = at - 30;
    if (header >= 0 && zip.readUInt32LE(header) === 0x04034b50 && zip.readUInt16LE(header + 26) === raw.length)
      return at + raw.length + zip.readUInt16LE(header + 28);
  }
  throw new Error(`no local header for ${name}`);
}

/** Takes one action on the case page (button, the generated form, 提交); a refusal fails with its text. */
async function act(page: Page, label: string): Promise<void> {
  await page.getByTestId('case-actions').getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByTestId('action-submit').click();
  const refusal = dialog.getByTestId('action-refusal');
  await Promise.race([dialog.waitFor({ state: 'hidden', timeout: 20_000 }), refusal.waitFor({ timeout: 20_000 })]);
  if (await refusal.isVisible()) throw new Error(`「${label}」被拒绝：${await refusal.innerText()}`);
  await settle(page);
}

/** Chooses an option of an antd Select by clicking it in the open list (the options carry their label as title). */
async function pick(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await open.locator(`.ant-select-item-option[title="${option}"]`).click();
  await open.waitFor({ state: 'hidden' });
}

function verify(zipPath: string) {
  // offline: no DATA_DIR, no server (servable: false)
  return spawnSync(process.execPath, [join(root, 'server', 'bin', 'sanxiang.mjs'), 'case-file', 'verify', zipPath], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('issue 9 acceptance: photo, 现场检查笔录, closing, archive, verifiable case file', () => {
  // the whole journey: ~55 s alone, ~110 s on a loaded 2-core machine (the file's default is 120 s)
  it('an officer records and documents the demo case, the head approves closing, the exported case file verifies and one altered byte is named', {
    timeout: 300_000,
  }, async () => {
    const work = await mkdtemp(join(tmpdir(), 'sanxiang-e2e-casefile-'));
    const photo = await sharp({
      create: { width: 1200, height: 900, channels: 3, background: { r: 200, g: 160, b: 120 } },
    })
      .jpeg({ quality: 80 })
      .toBuffer();
    const photoHash = createHash('sha256').update(photo).digest('hex');
    const photoTitle = '后厨操作间现场照片';
    const findings = '后厨操作间地面有积水，冷藏柜温度显示 9℃，未见温度记录（浏览器验收）';

    const { context, page } = await h.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    try {
      // 1. find the case by its party in the ledger
      await loginThroughUi(page, 'officer');
      await page.goto('/cases');
      const partySearch = page.getByLabel('当事人名称');
      await partySearch.fill(PARTY);
      await partySearch.press('Enter');
      const row = page.getByTestId('ledger-table').locator('tr', { hasText: PARTY }).first();
      await row.waitFor();
      await row.getByRole('link').first().click();
      await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      const caseUrl = new URL(page.url()).pathname;
      await page.getByTestId('case-parties').getByText(PARTY).first().waitFor();
      await page.getByTestId('case-actions').waitFor();
      const caseNumber = (await page.getByTestId('case-number').innerText()).trim();
      expect(caseNumber).toMatch(/〔\d{4}〕\d+号/);
      await screenshot(page, 'journey-01-case');

      // … attaches a photo with its metadata through 现场采集 (the page's upload: tus)
      await page.getByRole('button', { name: /现场采集/ }).click();
      await page.getByTestId('capture-page').waitFor();
      await page.locator('input[type=file]').setInputFiles({ name: '后厨.jpg', mimeType: 'image/jpeg', buffer: photo });
      await page.getByText('已上传：后厨.jpg').waitFor({ timeout: 60_000 });
      await page.getByLabel('名称').fill(photoTitle);
      await pick(page, '类别', '证据');
      await pick(page, '证据种类', '电子数据');
      await page.getByLabel('采集地点').fill('示范区建设路 9 号 小南国餐厅后厨操作间');
      await page.getByLabel('证明对象').fill('当事人后厨冷藏设施未按要求保持温度');
      // the capture time comes from the device (the file's time), in Beijing time
      const capturedAt = await page.getByLabel('采集时间').inputValue();
      expect(capturedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      await screenshot(page, 'journey-02-capture');
      await page.getByRole('button', { name: '保存到案件' }).click();
      await page.waitForURL(`**${caseUrl}`);
      const item = page.getByTestId('evidence-item').filter({ hasText: photoTitle });
      await item.waitFor();
      const itemText = await item.innerText();
      for (const s of ['证据', '电子数据', `采集：${capturedAt}`, '小南国餐厅后厨操作间', '证明对象：当事人后厨冷藏设施未按要求保持温度'])
        expect(itemText).toContain(s);
      const thumb = item.locator('img').first();
      await expect.poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

      // 2. a 现场检查笔录 from 文书, its free fields filled, downloaded and opened
      const docs = page.getByTestId('case-documents');
      const docsBefore = await docs.locator('.ant-list-item').count();
      await docs.getByRole('button', { name: /制作文书/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('document-preview').getByText(caseNumber).waitFor();
      await dialog
        .getByTestId('document-preview')
        .getByText(/预览：现场检查笔录/)
        .waitFor();
      await dialog.getByLabel('检查地点', { exact: true }).fill('示范区建设路 9 号 小南国餐厅后厨');
      await dialog.getByLabel('检查时间', { exact: true }).fill('2026年12月1日 10时00分至10时40分');
      await dialog.getByLabel('现场负责人或者见证人', { exact: true }).fill('彭丽华（负责人）');
      await dialog.getByLabel('检查情况', { exact: true }).fill(findings);
      await dialog.getByLabel('当事人意见', { exact: true }).fill('无异议');
      await dialog.getByTestId('document-preview').getByText(findings).waitFor();
      await screenshot(page, 'journey-03-document');
      await dialog.getByRole('button', { name: '生成 .docx' }).click();
      await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
      await expect.poll(() => docs.locator('.ant-list-item').count()).toBe(docsBefore + 1);
      const ours = docs.locator('.ant-list-item').filter({ hasText: '现场检查笔录' }).last();
      const [docxDownload] = await Promise.all([
        page.waitForEvent('download'),
        ours.getByTestId('document-version-1').getByRole('button', { name: '.docx' }).click(),
      ]);
      expect(docxDownload.suggestedFilename()).toMatch(/\.docx$/);
      const docx = await readFile(await docxDownload.path());
      const text = docxText(docx);
      expect(text).toContain(caseNumber);
      expect(text).toContain(PARTY);
      expect(text).toContain(findings);
      const docxHash = createHash('sha256').update(docx).digest('hex');

      // 3. the agency head approves closing in her own browser
      const head = await h.newPage();
      try {
        await loginThroughUi(head.page, 'agency_head');
        await head.page.goto(caseUrl);
        await act(head.page, '批准结案');
        await head.page.getByTestId('case-header').getByText('已结案').waitFor();
      } finally {
        await head.context.close();
      }

      // 4. the officer archives it and exports the case file
      await page.reload();
      await page.getByTestId('case-header').getByText('已结案').waitFor();
      const caseFile = page.getByTestId('case-file');
      await caseFile.getByTestId('case-file-archive').click();
      const confirm = page.locator('.ant-popover:not(.ant-popover-hidden)');
      await confirm.getByText('归档后案卷只读').waitFor();
      await settle(page);
      await confirm.getByRole('button', { name: /归\s*档/ }).click();
      const archived = caseFile.getByTestId('case-archived');
      const failed = page.locator('.ant-message-error');
      await Promise.race([archived.waitFor({ timeout: 60_000 }), failed.waitFor({ timeout: 60_000 })]).catch(async (e) => {
        await screenshot(page, 'journey-04-archive-failed');
        throw e;
      });
      if (await failed.isVisible()) throw new Error(`归档失败：${await failed.innerText()}`);
      expect(await archived.innerText()).toContain('已归档');
      const photoRow = caseFile.locator('tr', { hasText: photoTitle });
      await photoRow.getByText(`${photoHash.slice(0, 10)}…`).waitFor();
      const docRow = caseFile.locator('tr', { hasText: '现场检查笔录' }).filter({ hasText: `${docxHash.slice(0, 10)}…` });
      await docRow.waitFor();
      // closed and archived: nothing left to do, nothing to add
      expect(await page.getByTestId('case-actions').getByRole('button').count()).toBe(0);
      expect(
        await page
          .getByTestId('case-evidence')
          .getByRole('button', { name: /现场采集/ })
          .count(),
      ).toBe(0);
      await screenshot(page, 'journey-04-archived');
      const [zipDownload] = await Promise.all([page.waitForEvent('download'), caseFile.getByTestId('case-file-download').click()]);
      expect(zipDownload.suggestedFilename()).toMatch(/\.zip$/);
      const zipPath = join(work, 'case-file.zip');
      await zipDownload.saveAs(zipPath);
      expect(problems, 'uncaught errors in the page').toEqual([]);

      // 5. offline verification: intact → 0; one byte of the photo altered → 1, naming its entry
      const intact = verify(zipPath);
      expect(intact.status, `${intact.stdout}\n${intact.stderr}`).toBe(0);
      expect(intact.stdout).toContain('案卷完整');
      expect(intact.stdout).toContain(caseNumber);

      const zip = await readFile(zipPath);
      const manifest = JSON.parse(new PizZip(zip).file('manifest.json')?.asText() ?? '{}') as {
        catalogue: { title: string; path: string; hash: string; size: number }[];
      };
      const photoEntry = manifest.catalogue.find((c) => c.hash === photoHash);
      expect(photoEntry?.title).toContain(photoTitle);
      expect(manifest.catalogue.some((c) => c.hash === docxHash)).toBe(true);
      const entry = photoEntry as { path: string; size: number };
      const altered = Buffer.from(zip);
      const at = storedDataOffset(altered, entry.path) + Math.floor(entry.size / 2);
      altered[at] = (altered[at] as number) ^ 0x01;
      const alteredPath = join(work, 'case-file-altered.zip');
      await writeFile(alteredPath, altered);
      const broken = verify(alteredPath);
      expect(broken.status, `${broken.stdout}\n${broken.stderr}`).toBe(1);
      expect(broken.stdout).toContain(`第一处被改动的内容：${entry.path}`);
    } finally {
      await context.close();
      await rm(work, { recursive: true, force: true });
    }
  });
});
