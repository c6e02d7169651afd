/**
 * Issue 3 in the workbench: agency staff keep their lists, the justice bureau confirms, the public
 * sees the new version only after confirmation (R-D03, R-D08); USCC errors on the field (R-D01);
 * officers with 红黄绿 status and masked ID numbers (R-D02, R-P02); the bureau's dashboard
 * (R-L06, R-P03); import problems by row and column (issue 3 §5).
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, type Harness, loginThroughUi, screenshot, settle, startHarness, withPage as withPageOf } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

const withPage = <T>(fn: (page: Page) => Promise<T>) => withPageOf(h, fn);

async function openMenu(page: Page, label: string, path: string): Promise<void> {
  await page.getByTestId('main-menu').getByText(label, { exact: true }).click();
  await page.waitForURL(`**${path}`);
}

/** The public item, read the way the public reads it (no login). */
async function publicItem(code: string): Promise<{ name: string; version: number }> {
  const res = await fetch(`${h.baseUrl}/api/v1/public/items/${encodeURIComponent(code)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { name: string; version: number };
}

const CODE = 'MKT-01';
const suffix = '（含网络食品交易）';

describe('catalog lists: change, submit, confirm, publish (R-D03, R-D08)', () => {
  let before: { name: string; version: number };

  it('an officer reads the item list but cannot change it', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'officer');
      await openMenu(page, '执法事项', '/catalog/items');
      const table = page.getByTestId('catalog-table');
      await table.getByText(CODE, { exact: true }).waitFor();
      expect(await page.getByRole('button', { name: /新增事项/ }).count()).toBe(0);
      expect(await table.getByRole('button', { name: /编辑/ }).count()).toBe(0);
      await screenshot(page, 'lists-01-items-officer');
    });
  });

  it('the disclosure clerk changes an item (new version with a reason) and submits; the portal still shows the old version', async () => {
    before = await publicItem(CODE);
    await withPage(async (page) => {
      await loginThroughUi(page, 'disclosure_clerk');
      await openMenu(page, '执法事项', '/catalog/items');
      const row = page.getByTestId('catalog-table').locator('tr.ant-table-row', { hasText: CODE });
      await row.waitFor();
      await row.getByRole('button', { name: /编辑/ }).click();
      const form = page.getByTestId('entry-form');
      await form.waitFor();
      // the live flowchart shows the item's steps
      await page.getByTestId('flow-diagram').waitFor();
      const name = form.getByLabel('事项名称');
      await name.fill(`${before.name}${suffix}`);
      // the save without a reason is refused on the field
      await page.getByTestId('entry-save').click();
      await form.getByText('请填写变更理由（至少 2 个字）').waitFor();
      await form.getByLabel('变更理由').fill('按新修订的网络食品交易监管要求扩充事项名称');
      await screenshot(page, 'lists-02-item-editor');
      await page.getByTestId('entry-save').click();
      await page.getByText('已保存新版本，待提交确认').waitFor();
      await row.getByTestId('entry-state').getByText('未提交').waitFor();

      // the history keeps both versions, with who and why
      await row.getByRole('button', { name: /历史/ }).click();
      const history = page.getByTestId('version-history');
      await history.getByText('第 2 版', { exact: true }).waitFor();
      await expect(history.textContent()).resolves.toContain('按新修订的网络食品交易监管要求扩充事项名称');
      await expect(history.textContent()).resolves.toContain('第 1 版');
      await screenshot(page, 'lists-03-item-history');
      await page.keyboard.press('Escape');
      await settle(page);

      await page.getByTestId('submit-list').click();
      const dialog = page.getByRole('dialog', { name: /提交司法局确认/ });
      await expect(dialog.getByTestId('submit-summary').textContent()).resolves.toContain('未提交的变更 1 项');
      // both notes are required
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await dialog.getByText('请填写公开的变更说明（至少 2 个字）').waitFor();
      await dialog.getByLabel('提交说明（内部，给司法局）').fill('事项名称调整，请审核');
      await dialog.getByLabel('公开的变更说明').fill('食品经营许可事项名称扩充至网络食品交易');
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await page
        .getByText(/已提交司法局确认/)
        .first()
        .waitFor();
      await page
        .getByTestId('catalog-submission-notice')
        .getByText(/第 \d+ 次提交待司法局确认/)
        .waitFor();
      await row.getByTestId('entry-state').getByText('待确认').waitFor();
      await screenshot(page, 'lists-04-items-submitted');
    });
    // R-D03: before the justice bureau confirms, the public still sees the old version
    expect((await publicItem(CODE)).name).toBe(before.name);
  });

  it('the justice bureau confirms it in 待确认变更 and the portal shows the new version', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'supervisor');
      await openMenu(page, '待确认变更', '/supervision/confirmations');
      await page.getByRole('tab', { name: '目录清单（1）' }).click();
      const queue = page.getByTestId('revision-queue-catalog');
      const row = queue.locator('tr.ant-table-row', { hasText: '执法事项' });
      await row.waitFor();
      await expect(row.textContent()).resolves.toContain('事项名称调整，请审核');
      await expect(row.textContent()).resolves.toContain('食品经营许可事项名称扩充至网络食品交易');
      await row.getByTestId('view-diff').click();
      const diff = queue.getByTestId('revision-diff');
      await diff.getByTestId('revision-fields').getByText(`${before.name}${suffix}`, { exact: true }).waitFor();
      await screenshot(page, 'lists-05-confirm-queue');
      await row.getByTestId('confirm-revision').click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确认并公示/ })
        .click();
      await page.getByText(/已确认并公示/).waitFor();
      await queue.getByText('没有待确认的目录清单变更').waitFor();
    });
    const after = await publicItem(CODE);
    expect(after.name).toBe(`${before.name}${suffix}`);
    await withPage(async (page) => {
      await page.goto(`/portal/items/${CODE}`);
      await page.getByRole('heading', { level: 1 }).getByText(suffix).waitFor();
      await screenshot(page, 'lists-06-portal-item');
    });
  });

  it('the review catalog 试算 says a 责令停产停业 decision needs review (R-L02)', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'reviewer');
      await openMenu(page, '法制审核目录', '/catalog/review-catalog');
      const trial = page.getByTestId('review-trial');
      await trial.scrollIntoViewIfNeeded();
      await trial.getByLabel('处罚种类').click();
      await page.locator('.ant-select-dropdown').getByText('责令停产停业', { exact: true }).click();
      await page.keyboard.press('Escape');
      await trial.getByTestId('trial-run').click();
      const result = page.getByTestId('trial-result');
      await result.getByText('需要法制审核').waitFor();
      await screenshot(page, 'lists-07-review-trial');
    });
  });
});

describe('agencies and officers (R-D01, R-D02, R-P02)', () => {
  it('a wrong USCC check character is shown on the field', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'supervisor');
      await openMenu(page, '执法主体', '/org/agencies');
      const row = page.getByTestId('agency-table').locator('tr.ant-table-row', { hasText: '市场监督管理局' });
      await row.getByRole('button', { name: /编辑/ }).click();
      const form = page.getByTestId('agency-form');
      const uscc = form.getByLabel('统一社会信用代码');
      const good = await uscc.inputValue();
      expect(good).toHaveLength(18);
      // change the check character only
      const bad = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
      await uscc.fill(bad);
      await form.getByLabel('变更理由').fill('核对信用代码');
      await page.getByTestId('agency-save').click();
      const item = form.locator('.ant-form-item', { has: page.getByLabel('统一社会信用代码') });
      await item.locator('.ant-form-item-explain-error').waitFor();
      await expect(item.locator('.ant-form-item-explain-error').textContent()).resolves.toMatch(/统一社会信用代码|校验/);
      await screenshot(page, 'lists-08-agency-uscc-error');
    });
  });

  it('officers show 红黄绿 status; the bureau sees ID numbers in full, an officer of the agency only masked ones', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'supervisor');
      await openMenu(page, '执法人员', '/org/officers');
      const table = page.getByTestId('officer-table');
      await table.locator('tr.ant-table-row').first().waitFor();
      await expect(table.textContent()).resolves.toMatch(/绿码/);
      await screenshot(page, 'lists-09-officers-bureau');
      await table.locator('tr.ant-table-row').first().getByRole('button', { name: /详情/ }).click();
      await page.getByTestId('training-hours').waitFor();
      expect(await page.getByTestId('officer-id-number').textContent()).toMatch(/^\d{17}[\dX]$/);
      await screenshot(page, 'lists-10-officer-detail');
    });
    await withPage(async (page) => {
      await loginThroughUi(page, 'officer');
      await openMenu(page, '执法人员', '/org/officers');
      const table = page.getByTestId('officer-table');
      await table.locator('tr.ant-table-row').first().waitFor();
      expect(await table.textContent()).not.toMatch(/\d{17}[\dX]/);
      // at 1366 px every column fits beside the menu: nothing hides under the fixed 操作 column
      await page.setViewportSize({ width: 1366, height: 768 });
      await settle(page);
      type Box = { scrollWidth: number; clientWidth: number };
      const overflow = await table
        .locator('.ant-table-body')
        .evaluate((el) => (el as unknown as Box).scrollWidth - (el as unknown as Box).clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await page.getByRole('button', { name: /新增人员/ }).count()).toBe(0);
    });
  });
});

describe('the justice bureau returns officer changes (退回)', () => {
  it('the clerk submits an officer change; the bureau returns it with a reason; the clerk sees the reason on the officer page', async () => {
    // a change of the market agency's officer list, made and submitted through the API as its clerk would
    const clerk = await apiAs(h, 'disclosure_clerk');
    const list = await clerk.call<{ items: { id: string; version: number }[] }>('GET', '/officers?limit=5');
    const officer = list.body.items[0];
    if (!officer) throw new Error('the demo agency has no officers');
    const edit = await clerk.call('PATCH', `/officers/${officer.id}`, { post: '执法大队副队长', reason: '岗位调整' }, officer.version);
    expect(edit.status).toBe(200);
    // an edit without the version it was made on is refused (428), a stale one too (412)
    expect((await clerk.call('PATCH', `/officers/${officer.id}`, { post: '队长', reason: '岗位调整' })).status).toBe(428);
    expect((await clerk.call('PATCH', `/officers/${officer.id}`, { post: '队长', reason: '岗位调整' }, officer.version)).status).toBe(412);
    const submitted = await clerk.call('POST', `/agencies/${clerk.agencyId}/officers/submit`, {
      note: '岗位调整，附任职文件',
      publicNote: '更新执法人员岗位信息',
    });
    expect(submitted.status).toBe(200);

    await withPage(async (page) => {
      await loginThroughUi(page, 'supervisor');
      await openMenu(page, '待确认变更', '/supervision/confirmations');
      await page.getByRole('tab', { name: /^人员（\d+）$/ }).click();
      const queue = page.getByTestId('revision-queue-officers');
      const row = queue.locator('tr.ant-table-row', { hasText: '市场监督管理局' });
      await row.waitFor();
      await expect(row.textContent()).resolves.toContain('更新执法人员岗位信息');
      await expect(row.textContent()).resolves.toContain('岗位调整，附任职文件');
      await row.getByTestId('view-diff').click();
      const diff = queue.getByTestId('revision-diff');
      await diff.getByText('执法大队副队长').waitFor();
      // the officer's name opens the officer's record
      await diff.getByTestId('revision-item-open').first().click();
      await page.getByTestId('training-hours').waitFor();
      await page.locator('.ant-drawer-close').click();
      await page.getByTestId('training-hours').waitFor({ state: 'hidden' });
      await settle(page);
      await row.getByTestId('return-revision').click();
      const dialog = page.getByRole('dialog', { name: /退回/ });
      await dialog.getByLabel('退回理由').fill('任职文件未附，请补充后再报');
      await dialog.getByRole('button', { name: /退\s*回/ }).click();
      await page.getByText('已退回，机关修改后重新提交').waitFor();
      await queue.getByText('没有待确认的人员变更').waitFor();
      await screenshot(page, 'lists-15-officer-return-queue');
    });
    await withPage(async (page) => {
      await loginThroughUi(page, 'disclosure_clerk');
      await openMenu(page, '执法人员', '/org/officers');
      const notice = page.getByTestId('officer-return-notice');
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toContain('任职文件未附，请补充后再报');
      await page.getByTestId('officer-table').getByTestId('officer-state').getByText('已退回').first().waitFor();
      await screenshot(page, 'lists-16-officer-return-notice');
    });
  });
});

describe('the justice bureau returns an agency change (退回, R-D01)', () => {
  it('the agency head submits a change; the bureau returns it in 待确认变更; the agency head sees the reason', async () => {
    const head = await apiAs(h, 'agency_head');
    const agency = await head.call<{ version: number }>('GET', `/agencies/${head.agencyId}`);
    const edit = await head.call(
      'PATCH',
      `/agencies/${head.agencyId}`,
      { address: '示范市示范区政务服务中心三楼', reason: '办公地址变更' },
      agency.body.version,
    );
    expect(edit.status).toBe(200);
    await withPage(async (page) => {
      // the agency head submits it from the agency page
      await loginThroughUi(page, 'agency_head');
      await openMenu(page, '执法主体', '/org/agencies');
      const row = page.getByTestId('agency-table').locator('tr.ant-table-row', { hasText: '市场监督管理局' });
      await row.getByTestId('agency-state').getByText('未提交').waitFor();
      await row.getByTestId('submit-agency').click();
      const dialog = page.getByRole('dialog', { name: /提交执法主体变更/ });
      await dialog.getByLabel('提交说明（内部，给司法局）').fill('办公地址迁至政务服务中心');
      await dialog.getByLabel('公开的变更说明').fill('更新办公地址');
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await page.getByTestId('agency-submission-notice').waitFor();
      await row.getByTestId('agency-state').getByText('待司法局确认').waitFor();
    });
    await withPage(async (page) => {
      await loginThroughUi(page, 'supervisor');
      await openMenu(page, '待确认变更', '/supervision/confirmations');
      await page.getByRole('tab', { name: /^执法主体（\d+）$/ }).click();
      const queue = page.getByTestId('revision-queue-agencies');
      const row = queue.locator('tr.ant-table-row', { hasText: '市场监督管理局' });
      await row.getByTestId('view-diff').click();
      await queue.getByTestId('revision-diff').getByText('示范市示范区政务服务中心三楼').waitFor();
      await row.getByTestId('return-revision').click();
      const dialog = page.getByRole('dialog', { name: /退回/ });
      await dialog.getByLabel('退回理由').fill('地址须与登记证一致');
      await dialog.getByRole('button', { name: /退\s*回/ }).click();
      await queue.getByText('没有待确认的执法主体变更').waitFor();
    });
    await withPage(async (page) => {
      await loginThroughUi(page, 'agency_head');
      await openMenu(page, '执法主体', '/org/agencies');
      const notice = page.getByTestId('agency-return-notice');
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toContain('地址须与登记证一致');
      await screenshot(page, 'lists-17-agency-return-notice');
    });
  });
});

describe('justice bureau dashboard (R-L06, R-P03)', () => {
  it('draws the 5% reviewer line, training coverage and expiring certificates', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'supervisor');
      await openMenu(page, '司法局看板', '/supervision/dashboard');
      await page.getByTestId('reviewer-chart').locator('canvas').waitFor();
      await page.getByTestId('training-chart').locator('canvas').waitFor();
      await page.getByTestId('expiring-table').locator('tr.ant-table-row').first().waitFor();
      // agencies by their short names: the jurisdiction every one of them starts with is left out
      const agencyCells = await page.getByTestId('expiring-table').locator('tr.ant-table-row td:nth-child(2)').allInnerTexts();
      expect(agencyCells.filter((t) => t.startsWith('示范市示范区'))).toEqual([]);
      // the demo's training records are of last year: the year switch shows them
      await page
        .getByTestId('dashboard-year')
        .getByText(`${new Date().getFullYear() - 1} 年`)
        .click();
      await settle(page);
      await screenshot(page, 'lists-11-dashboard');
    });
  });
});

/** The template downloaded through the dialog, with `rows` (header → value) written below its header. */
async function fillTemplate(template: Buffer, rows: Record<string, string | number>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  if (!sheet) throw new Error('template has no sheet');
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => columns.set(String(cell.value).replace(/^\*/, ''), col));
  rows.forEach((values, i) => {
    const row = sheet.getRow(2 + i);
    for (const [header, value] of Object.entries(values)) {
      const col = columns.get(header);
      if (!col) throw new Error(`template has no column ${header}: ${[...columns.keys()].join(', ')}`);
      row.getCell(col).value = value;
    }
    row.commit();
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const standard = (code: string, level: string) => ({
  基准编码: code,
  事项编码: 'MKT-01',
  违法行为: '未取得食品生产经营许可从事食品生产经营活动',
  违法依据: '《中华人民共和国食品安全法》第三十五条第一款',
  处罚依据: '《中华人民共和国食品安全法》第一百二十二条第一款',
  情节等级: level,
  适用情形: '货值金额不足一万元，首次被发现且及时改正',
  处罚内容: '没收违法所得和违法生产经营的食品，并处五万元以上七万元以下罚款',
  '罚款下限（元）': 50000,
  '罚款上限（元）': 70000,
});

describe('import (issue 3 §5)', () => {
  it('a template with one bad row shows that row and column and writes nothing; the fixed file imports', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'disclosure_clerk');
      await openMenu(page, '裁量基准', '/catalog/discretion-standards');
      const table = page.getByTestId('catalog-table');
      await table.locator('tr.ant-table-row').first().waitFor();
      await page.getByRole('button', { name: /导\s*入/ }).click();
      const dialog = page.getByRole('dialog', { name: /导入裁量基准/ });
      const download = page.waitForEvent('download');
      await dialog.getByRole('button', { name: /下载导入模板/ }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('裁量基准导入模板.xlsx');
      const template = await readFile(await file.path());
      const mime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

      const bad = await fillTemplate(template, [standard('DS-E2E-1', '轻微'), standard('DS-E2E-2', '特别严重')]);
      await dialog.locator('input[type=file]').setInputFiles({ name: '裁量基准-有误.xlsx', mimeType: mime, buffer: bad });
      const problems = page.getByTestId('import-problems');
      await problems.waitFor({ timeout: 30_000 });
      await expect(problems.textContent()).resolves.toContain('没有写入任何数据');
      const rows = problems.locator('tr.ant-table-row');
      expect(await rows.count()).toBe(1);
      const cells = await rows.first().locator('td').allInnerTexts();
      expect(cells.slice(0, 3)).toEqual(['3', '情节等级', '特别严重']);
      await screenshot(page, 'lists-12-import-problems');
      // nothing was written: the good row is not in the list either
      expect(await table.textContent()).not.toContain('DS-E2E-1');

      await dialog.getByRole('button', { name: /重新选择文件/ }).click();
      const good = await fillTemplate(template, [standard('DS-E2E-1', '轻微'), standard('DS-E2E-2', '严重')]);
      await dialog.locator('input[type=file]').setInputFiles({ name: '裁量基准.xlsx', mimeType: mime, buffer: good });
      await page.getByTestId('import-success').waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('import-success').textContent()).resolves.toMatch(/已写入 \d+ 条/);
      await screenshot(page, 'lists-13-import-success');
      await dialog.getByRole('button', { name: /完\s*成/ }).click();
      await table.getByText('DS-E2E-1', { exact: true }).waitFor();
      await table.getByText('DS-E2E-2', { exact: true }).waitFor();
    });
  });
});
