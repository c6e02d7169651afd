/**
 * Issue 6 in the browser: the justice bureau confirms exactly what was submitted. The clerk submits
 * MKT-02 and MKT-03, the bureau returns them; the clerk changes only MKT-04 and submits; the bureau
 * sees only MKT-04 and confirms it (the portal changes MKT-04 only); the clerk submits the returned
 * entries again as they were, the bureau sees them and confirms; the portal shows them. Also: a
 * double-clicked 保存 sends one request, and an edit of an entry someone else changed meanwhile is
 * refused (412) and the form reloads with their change.
 */
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

const row = (page: Page, code: string) => page.getByTestId('catalog-table').locator('tr.ant-table-row', { hasText: code });

/** The clerk changes the item's name to `name` in the editor, with the change reason. */
async function editName(page: Page, code: string, name: string, reason: string, save: 'click' | 'dblclick' = 'click') {
  await row(page, code).getByRole('button', { name: /编辑/ }).click();
  const form = page.getByTestId('entry-form');
  await form.waitFor();
  await form.getByLabel('事项名称').fill(name);
  await form.getByLabel('变更理由').fill(reason);
  await page.getByTestId('entry-save')[save]();
  await page.getByText('已保存新版本，待提交确认').first().waitFor();
  await row(page, code).getByTestId('entry-state').getByText('未提交').waitFor();
  await settle(page);
}

/** The clerk submits the item list with both notes (and, if asked, the returned entries as they were). */
async function submitItems(page: Page, notes: { note: string; publicNote: string }, includeReturned?: boolean) {
  await page.getByTestId('submit-list').click();
  const dialog = page.getByRole('dialog', { name: /提交司法局确认/ });
  await dialog.getByLabel('提交说明（内部，给司法局）').fill(notes.note);
  await dialog.getByLabel('公开的变更说明').fill(notes.publicNote);
  if (includeReturned !== undefined) {
    const box = dialog.getByRole('checkbox', { name: '一并重新提交已退回的 2 项' });
    await box.waitFor();
    if (includeReturned) await box.check();
  }
  await dialog.getByRole('button', { name: /提\s*交/ }).click();
  await page
    .getByText(/已提交司法局确认（第 \d+ 次提交/)
    .first()
    .waitFor();
  await dialog.waitFor({ state: 'hidden' });
}

/** The supervisor opens the item list's waiting submission in 待确认变更 and answers the codes its diff shows. */
async function openSubmission(page: Page) {
  await openMenu(page, '待确认变更', '/supervision/confirmations');
  await page.getByRole('tab', { name: '目录清单（1）' }).click();
  const queue = page.getByTestId('revision-queue-catalog');
  const submission = queue.locator('tr.ant-table-row', { hasText: '执法事项' });
  await submission.waitFor();
  await submission.getByTestId('view-diff').click();
  const diff = queue.getByTestId('revision-diff');
  await diff.waitFor();
  // typed by hand: e2e is checked without the DOM library (server/tsconfig.json)
  type Attributes = { getAttribute(name: string): string | null };
  const codes = await diff
    .getByTestId('revision-item')
    .evaluateAll((els) => els.map((e) => (e as unknown as Attributes).getAttribute('data-key')));
  return { queue, submission, diff, codes };
}

/** 确认并公示 takes a second click: the first only opens the confirmation, which shows the public note. */
async function confirmWithSecondClick(page: Page, submission: ReturnType<Page['locator']>, publicNote: string) {
  await submission.getByTestId('confirm-revision').click();
  const pop = page.locator('.ant-popconfirm');
  await pop.getByText(publicNote).waitFor();
  // nothing is decided yet
  expect(await submission.count()).toBe(1);
  await pop.getByRole('button', { name: /确认并公示/ }).click();
  await page
    .getByText(/已确认并公示/)
    .first()
    .waitFor();
}

const mkt = { '02': '', '03': '', '04': '' };
const changed = (code: keyof typeof mkt) => `${mkt[code]}（2025 年修订）`;

describe('a return and a later submission: the bureau confirms exactly what was submitted (issue 6)', () => {
  it('the clerk changes MKT-02 and MKT-03 and submits them', async () => {
    for (const code of Object.keys(mkt) as (keyof typeof mkt)[]) mkt[code] = (await publicItem(`MKT-${code}`)).name;
    await withPage(async (page) => {
      await loginThroughUi(page, 'disclosure_clerk');
      await openMenu(page, '执法事项', '/catalog/items');
      await row(page, 'MKT-02').waitFor();
      await editName(page, 'MKT-02', changed('02'), '依修订后的条例调整事项名称');
      await editName(page, 'MKT-03', changed('03'), '依修订后的条例调整事项名称');
      await submitItems(page, { note: '两项事项名称调整', publicNote: '调整两项食品、产品质量事项名称' });
      await row(page, 'MKT-02').getByTestId('entry-state').getByText('待确认').waitFor();
      await row(page, 'MKT-03').getByTestId('entry-state').getByText('待确认').waitFor();
    });
  });

  it('the bureau returns the submission with a reason; the clerk sees it in the banner', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'supervisor');
      const { submission, queue, codes } = await openSubmission(page);
      expect(codes.sort()).toEqual(['MKT-02', 'MKT-03']);
      await submission.getByTestId('return-revision').click();
      const dialog = page.getByRole('dialog', { name: /退回/ });
      await dialog.getByLabel('退回理由').fill('名称调整须附修订后条例的条款，请补充');
      await dialog.getByRole('button', { name: /退\s*回/ }).click();
      await page.getByText('已退回，机关修改后重新提交').waitFor();
      await queue.getByText('没有待确认的目录清单变更').waitFor();
    });
    await withPage(async (page) => {
      await loginThroughUi(page, 'disclosure_clerk');
      await openMenu(page, '执法事项', '/catalog/items');
      const banner = page.getByTestId('catalog-return-notice');
      await banner.waitFor();
      const text = await banner.textContent();
      expect(text).toContain('名称调整须附修订后条例的条款，请补充');
      expect(text).toContain('MKT-02');
      expect(text).toContain('MKT-03');
      await row(page, 'MKT-02').getByTestId('entry-state').getByText('已退回').waitFor();
      await row(page, 'MKT-03').getByTestId('entry-state').getByText('已退回').waitFor();
      await screenshot(page, 'revisions-01-returned-banner');
    });
  });

  it('the clerk changes only MKT-04 (a double-clicked 保存 saves once) and submits it without the returned ones', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'disclosure_clerk');
      await openMenu(page, '执法事项', '/catalog/items');
      await row(page, 'MKT-04').waitFor();
      const writes: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'PUT' && r.url().includes('/api/v1/catalog/items/')) writes.push(r.url());
      });
      await editName(page, 'MKT-04', changed('04'), '依广告法修订调整事项名称', 'dblclick');
      expect(writes).toHaveLength(1);
      await submitItems(page, { note: '广告事项名称调整', publicNote: '调整虚假广告事项名称' }, false);
      await row(page, 'MKT-04').getByTestId('entry-state').getByText('待确认').waitFor();
      // the returned entries stay returned
      await row(page, 'MKT-02').getByTestId('entry-state').getByText('已退回').waitFor();
    });
  });

  it('the bureau sees only MKT-04 in the diff and confirms it; the portal changes MKT-04 only', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'supervisor');
      const { submission, diff, codes } = await openSubmission(page);
      expect(codes).toEqual(['MKT-04']);
      // 事项名称 before → after
      const fields = diff.getByTestId('revision-fields');
      await fields.getByText(changed('04'), { exact: true }).waitFor();
      await fields.getByText(mkt['04'], { exact: true }).waitFor();
      await screenshot(page, 'revisions-02-confirmations-diff');
      await confirmWithSecondClick(page, submission, '调整虚假广告事项名称');
    });
    expect((await publicItem('MKT-04')).name).toBe(changed('04'));
    expect((await publicItem('MKT-02')).name).toBe(mkt['02']);
    expect((await publicItem('MKT-03')).name).toBe(mkt['03']);
    await withPage(async (page) => {
      await page.goto('/portal/items/MKT-04');
      await page.getByRole('heading', { level: 1 }).getByText('（2025 年修订）').waitFor();
      await page.goto('/portal/items/MKT-02');
      await page.getByRole('heading', { level: 1 }).getByText(mkt['02']).waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).not.toContain('（2025 年修订）');
    });
  });

  it('the clerk submits the returned entries again; the bureau sees MKT-02 and MKT-03 and confirms; the portal shows them', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'disclosure_clerk');
      await openMenu(page, '执法事项', '/catalog/items');
      // the MKT-04 submission did not take the returned entries: they and the return's reason stay in view
      await row(page, 'MKT-02').getByTestId('entry-state').getByText('已退回').waitFor();
      await expect(page.getByTestId('revision-status').textContent()).resolves.toContain('有 2 项已退回的变更尚未重新提交');
      await expect(page.getByTestId('catalog-return-notice').textContent()).resolves.toContain('退回理由');
      await submitItems(page, { note: '补充修订后条例第十二条作为依据', publicNote: '调整两项食品、产品质量事项名称' }, true);
      await page.getByTestId('catalog-submission-notice').waitFor();
      expect(await page.getByTestId('catalog-return-notice').count()).toBe(0);
      await row(page, 'MKT-02').getByTestId('entry-state').getByText('待确认').waitFor();
    });
    await withPage(async (page) => {
      await loginThroughUi(page, 'supervisor');
      const { submission, diff, codes } = await openSubmission(page);
      expect(codes.sort()).toEqual(['MKT-02', 'MKT-03']);
      await diff.getByTestId('revision-fields').getByText(changed('02'), { exact: true }).waitFor();
      await screenshot(page, 'revisions-03-resubmitted-diff');
      await confirmWithSecondClick(page, submission, '调整两项食品、产品质量事项名称');
    });
    expect((await publicItem('MKT-02')).name).toBe(changed('02'));
    expect((await publicItem('MKT-03')).name).toBe(changed('03'));
    expect((await publicItem('MKT-04')).name).toBe(changed('04'));
    await withPage(async (page) => {
      await page.goto('/portal/items/MKT-03');
      await page.getByRole('heading', { level: 1 }).getByText('（2025 年修订）').waitFor();
      await screenshot(page, 'revisions-04-portal-item');
    });
  });
});

describe('no lost updates (If-Match)', () => {
  it('an entry changed by someone else meanwhile is not overwritten: 412, and the form reloads with their change', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'disclosure_clerk');
      await openMenu(page, '执法事项', '/catalog/items');
      await row(page, 'MKT-05').getByRole('button', { name: /编辑/ }).click();
      const form = page.getByTestId('entry-form');
      await form.waitFor();
      const mine = `${await form.getByLabel('事项名称').inputValue()}（本人修改）`;

      // meanwhile the agency head saves the same entry
      const head = await apiAs(h, 'agency_head');
      const list = await head.call<{
        items: { id: string; revision: number; data: { code: string; name: string } & Record<string, unknown> }[];
      }>('GET', '/catalog/items');
      const entry = list.body.items.find((e) => e.data.code === 'MKT-05');
      if (!entry) throw new Error('MKT-05 missing');
      const theirs = `${entry.data.name}（负责人修改）`;
      const put = await head.call(
        'PUT',
        `/catalog/items/${entry.id}`,
        { ...entry.data, name: theirs, reason: '负责人核对名称' },
        entry.revision,
      );
      expect(put.status).toBe(200);

      await form.getByLabel('事项名称').fill(mine);
      await form.getByLabel('变更理由').fill('本人核对名称');
      await page.getByTestId('entry-save').click();
      const notice = page.getByTestId('stale-notice');
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toMatch(/已被.*修改/);
      // both changed the name: theirs is in the form, and what was typed is quoted in the notice
      await expect(notice.textContent()).resolves.toContain(`「${mine}」`);
      // the form now holds their version; the reason typed is kept
      await expect(form.getByLabel('事项名称').inputValue()).resolves.toBe(theirs);
      await expect(form.getByLabel('变更理由').inputValue()).resolves.toBe('本人核对名称');
      await screenshot(page, 'revisions-05-stale-edit');
    });
  });

  it('an officer saved by someone else meanwhile: what was typed is kept where they did not change it, and listed where they did', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'disclosure_clerk');
      await openMenu(page, '执法人员', '/org/officers');
      const first = page.getByTestId('officer-table').locator('tr.ant-table-row').first();
      await first.waitFor();
      await first.getByRole('button', { name: /编\s*辑/ }).click();
      const drawer = page.getByRole('dialog');
      await drawer.getByLabel('姓名').waitFor();
      const name = await drawer.getByLabel('姓名').inputValue();

      // meanwhile the agency head changes the same officer's post
      const head = await apiAs(h, 'agency_head');
      const list = await head.call<{ items: { id: string; name: string; version: number }[] }>('GET', '/officers?limit=200');
      const officer = list.body.items.find((o) => o.name === name);
      if (!officer) throw new Error(`${name} missing`);
      const put = await head.call(
        'PATCH',
        `/officers/${officer.id}`,
        { post: '负责人改的职务', reason: '负责人核对职务' },
        officer.version,
      );
      expect(put.status).toBe(200);

      // this person changes the post too, and the issuing body, which the head did not touch
      await drawer.getByLabel('职务/岗位').fill('公示员改的职务');
      await drawer.getByLabel('发证机关').fill('公示员填的发证机关');
      await drawer.getByLabel('变更理由').fill('公示员核对');
      await page.getByTestId('officer-save').click();
      const notice = page.getByTestId('stale-notice');
      await notice.waitFor();
      const text = (await notice.textContent()) ?? '';
      expect(text).toMatch(/已被.*修改|修改/);
      // the conflicting field shows theirs and names what was typed; the other typed field is kept
      expect(text).toContain('职务/岗位「公示员改的职务」');
      await expect(drawer.getByLabel('职务/岗位').inputValue()).resolves.toBe('负责人改的职务');
      await expect(drawer.getByLabel('发证机关').inputValue()).resolves.toBe('公示员填的发证机关');
      await expect(drawer.getByLabel('变更理由').inputValue()).resolves.toBe('公示员核对');
      await screenshot(page, 'revisions-06-stale-officer');
    });
  });

  it('an agency saved by someone else meanwhile: the typed address is kept, the phone both changed is theirs and named', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'agency_head');
      await openMenu(page, '执法主体', '/org/agencies');
      const row = page.getByTestId('agency-table').locator('tr.ant-table-row', { hasText: '市场监督管理局' });
      await row.getByRole('button', { name: /编辑/ }).click();
      const form = page.getByTestId('agency-form');
      await form.getByLabel('办公地址').waitFor();

      // meanwhile the justice bureau changes the agency's phone
      const bureau = await apiAs(h, 'supervisor');
      const agencies = await bureau.call<{ items: { id: string; name: string; version: number }[] }>('GET', '/agencies');
      const agency = agencies.body.items.find((a) => a.name.endsWith('市场监督管理局'));
      if (!agency) throw new Error('market agency missing');
      const patch = await bureau.call(
        'PATCH',
        `/agencies/${agency.id}`,
        { phone: '0991-1234567', reason: '司法局核对电话' },
        agency.version,
      );
      expect(patch.status).toBe(200);

      await form.getByLabel('办公地址').fill('示范路 1 号（负责人改）');
      await form.getByLabel('对外联系电话').fill('0991-7654321');
      await form.getByLabel('变更理由').fill('负责人核对');
      await page.getByTestId('agency-save').click();
      const notice = page.getByTestId('stale-notice');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('对外联系电话「0991-7654321」');
      await expect(form.getByLabel('对外联系电话').inputValue()).resolves.toBe('0991-1234567');
      await expect(form.getByLabel('办公地址').inputValue()).resolves.toBe('示范路 1 号（负责人改）');
      await expect(form.getByLabel('变更理由').inputValue()).resolves.toBe('负责人核对');
    });
  });
});
