import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, type Harness, loginThroughUi, settle, startHarness } from './harness';

/**
 * What a person reads (issue 7 §9): axe-core's WCAG 2.1 AA rules on every workbench page (as the
 * roles that see it, routes from web/src/router.tsx) and every portal page, at a desktop (1366 px)
 * and a phone (390 px) width, plus the edit drawer and the submit dialog people use most. Any
 * violation fails, printed as rule · target · page. The same walk fails on uncaught page errors and
 * on console errors: nothing is allow-listed.
 */
const axeSource: string = createRequire(import.meta.url)('axe-core').source;
const widths = [1366, 390] as const;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ demoCases: true });
});
afterAll(async () => {
  await h?.stop();
});

interface AxeResult {
  violations: {
    id: string;
    help: string;
    nodes: { target: unknown[]; any: { data?: { fgColor?: string; bgColor?: string; contrastRatio?: number } | null }[] }[];
  }[];
}

interface Walk {
  context: BrowserContext;
  page: Page;
  /** Violations and console problems, one line each, for the page being walked. */
  problems: string[];
  /** What the page is showing now, prefixed to console problems. */
  where: string;
}

async function open(): Promise<Walk> {
  // bypassCSP: the server's CSP (rightly) refuses the inline <script> axe is injected with
  const context = await h.browser.newContext({
    baseURL: h.baseUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: widths[0], height: 900 },
    bypassCSP: true,
  });
  const page = await context.newPage();
  const walk: Walk = { context, page, problems: [], where: '(start)' };
  page.on('pageerror', (error) => walk.problems.push(`pageerror · ${walk.where} · ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') walk.problems.push(`console.error · ${walk.where} · ${msg.text()}`);
  });
  return walk;
}

/** Runs axe on what the page shows now (the whole document, or one open drawer/modal). */
async function check(walk: Walk, label: string, include?: string): Promise<void> {
  const { page } = walk;
  await settle(page);
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(
    async ([selector]) => {
      const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<unknown> } }).axe;
      return axe.run(selector ? { include: [selector] } : { exclude: [] }, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
        preload: false,
      });
    },
    [include] as const,
  )) as AxeResult;
  for (const v of result.violations) {
    for (const node of v.nodes) {
      const d = node.any[0]?.data;
      const colours = d?.fgColor ? ` ${d.fgColor} on ${d.bgColor} = ${d.contrastRatio}:1` : '';
      walk.problems.push(`${v.id} · ${JSON.stringify(node.target)} · ${label}${colours} (${v.help})`);
    }
  }
}

/** Opens a workbench route at both widths and checks each. */
async function visit(walk: Walk, path: string, ready?: (page: Page) => Promise<void>): Promise<void> {
  const { page } = walk;
  walk.where = path;
  await page.setViewportSize({ width: widths[0], height: 900 });
  await page.goto(path);
  if (ready) await ready(page);
  else await page.waitForLoadState('networkidle');
  for (const width of widths) {
    // one load per route: the phone layout is the same page resized (Ant Design's breakpoints follow the window)
    await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
    walk.where = `${path} @${width}`;
    await check(walk, walk.where);
  }
}

/**
 * A step that provokes a refusal on purpose makes Chromium log the failed request as a console
 * error; exactly that one line is taken out, by name, and its absence fails too.
 */
function expectedConsole(walk: Walk, text: string): void {
  const i = walk.problems.findIndex((p) => p.startsWith(`console.error · ${walk.where} ·`) && p.includes(text));
  expect(i, `the console line "${text}" at ${walk.where}`).toBeGreaterThanOrEqual(0);
  walk.problems.splice(i, 1);
}

async function finish(walk: Walk): Promise<void> {
  await walk.context.close();
  if (walk.problems.length) console.log(walk.problems.join('\n'));
  expect(walk.problems, `${walk.problems.length} accessibility or console problems`).toEqual([]);
}

const listRoutes = [
  '/org/agencies',
  '/org/officers',
  '/org/service-windows',
  '/catalog/items',
  '/catalog/discretion-standards',
  '/catalog/three-lists',
  '/catalog/review-catalog',
  '/catalog/av-duties',
  '/catalog/inspection-items',
];

const tableReady = async (page: Page) => {
  await page.locator('.ant-table, .ant-empty, .ant-result').first().waitFor({ timeout: 15_000 });
};

describe('axe-core WCAG 2.1 AA, no console errors', () => {
  it('login page (signed out)', async () => {
    const walk = await open();
    await visit(walk, '/login', async (page) => {
      await page.getByLabel('用户名').waitFor();
    });
    await finish(walk);
  });

  it('system administrator: home, users, account security, the password page, a missing page', async () => {
    const walk = await open();
    await loginThroughUi(walk.page, 'sysadmin');
    await visit(walk, '/');
    await visit(walk, '/admin/users', tableReady);
    await visit(walk, '/profile/security');
    await visit(walk, '/password', async (page) => {
      await page.locator('form').first().waitFor();
    });
    // a refused new password: one message, on the field, and no green ✓ beside it
    const { page } = walk;
    await page.goto('/password');
    await page.getByLabel('当前密码').fill('sanxiang-demo');
    await page.getByLabel('新密码', { exact: true }).fill('aaaaaaaaaaaaaaaa');
    await page.getByLabel('确认新密码').fill('aaaaaaaaaaaaaaaa');
    walk.where = '/password refused';
    await page.getByRole('button', { name: /修改密码/ }).click();
    const field = page.locator('.ant-form-item', { has: page.getByLabel('新密码', { exact: true }) });
    await field.locator('.ant-form-item-explain-error').first().waitFor();
    expect(await field.evaluate((el) => el.className)).not.toContain('has-success');
    expect(await page.locator('.ant-alert-error').count()).toBe(0);
    // the one console line this step provokes on purpose: Chromium logs the refused request (422)
    expectedConsole(walk, 'status of 422');
    await check(walk, walk.where);
    await visit(walk, '/no-such-page');
    await finish(walk);
  });

  it('security administrator: roles and policy', async () => {
    const walk = await open();
    await loginThroughUi(walk.page, 'secadmin');
    await visit(walk, '/');
    await visit(walk, '/admin/roles', tableReady);
    await visit(walk, '/admin/policy', async (page) => {
      await page.locator('form').first().waitFor();
    });
    await finish(walk);
  });

  it('auditor: the audit log', async () => {
    const walk = await open();
    await loginThroughUi(walk.page, 'auditor');
    await visit(walk, '/');
    await visit(walk, '/audit', tableReady);
    await finish(walk);
  });

  it('agency editor: every list page, the officer edit drawer and the submit dialog', async () => {
    const walk = await open();
    const { page } = walk;
    await loginThroughUi(page, 'disclosure_clerk');
    await visit(walk, '/');
    for (const path of listRoutes) await visit(walk, path, tableReady);

    walk.where = '/org/officers 编辑 drawer';
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto('/org/officers');
    await page.locator('.ant-table-row').first().waitFor();
    await page
      .locator('.ant-table-row')
      .first()
      .getByRole('button', { name: /编\s*辑/ })
      .click();
    await page.getByRole('dialog').waitFor();
    await check(walk, walk.where, '[role="dialog"]');
    // save a change so there is a draft to submit: the submit dialog is checked with content
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('职务/岗位').fill('科员（无障碍检查）');
    await drawer.getByLabel('变更理由').fill('无障碍检查');
    await page.getByTestId('officer-save').click();
    await drawer.waitFor({ state: 'hidden' });

    walk.where = '/org/officers 提交 dialog';
    await page.getByRole('button', { name: /提交人员变更/ }).click();
    await page.getByRole('dialog').waitFor();
    await check(walk, walk.where, '[role="dialog"]');
    await page.keyboard.press('Escape');
    await finish(walk);
  });

  it('justice bureau: confirmations, dashboard and the lists it supervises', async () => {
    const walk = await open();
    await loginThroughUi(walk.page, 'supervisor');
    await visit(walk, '/');
    await visit(walk, '/supervision/confirmations');
    await visit(walk, '/supervision/dashboard');
    // the list pages the bureau sees differently (every agency, the agency filter, 调动); the other
    // list pages are the same components the editor's walk checks (CI time: keep the walk ≲ 3 min)
    for (const path of ['/org/agencies', '/catalog/items', '/org/officers']) await visit(walk, path, tableReady);
    // no button the server refuses: the bureau edits no other agency's officer record (issue 7 §9)
    const others = walk.page.locator('.ant-table-row').filter({ hasNotText: '司法局' });
    expect(await others.count()).toBeGreaterThan(0);
    expect(await others.getByRole('button', { name: /编\s*辑/ }).count()).toBe(0);
    await finish(walk);
  });

  it('officer (reads the lists): home and the officer list, read-only', async () => {
    const walk = await open();
    await loginThroughUi(walk.page, 'officer');
    await visit(walk, '/');
    await visit(walk, '/org/officers', tableReady);
    await finish(walk);
  });

  it('cases (issue 8 §13): officer todo, ledger, new case, a case with an action dialog and its party; the bureau ledger and case, read-only', async () => {
    // one case of the officer's own, with a party, opened through the API
    const officer = await apiAs(h, 'officer');
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const base = '11010519800101123';
    const idNumber = base + ('10X98765432'[[...base].reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0) % 11] ?? '');
    const opened = await officer.call<{ id: string; parties: { id: string }[] }>('POST', '/cases', {
      procedure: 'general',
      title: '某超市销售过期食品案（无障碍检查）',
      domain: '食品安全',
      parties: [{ kind: 'natural_person', name: '李四', idNumber }],
      open: { source: 'complaint', summary: '群众举报', violationOn: '2026-11-20', discoveredOn: '2026-11-25', harm: 'none' },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const caseId = opened.body.id;
    const partyId = opened.body.parties[0]?.id;
    const caseReady = async (page: Page) => {
      await page.getByTestId('case-timeline').waitFor({ timeout: 15_000 });
    };

    const walk = await open();
    const { page } = walk;
    await loginThroughUi(page, 'officer');
    await visit(walk, '/cases/todo', async (p) => {
      await p.getByTestId('todo-item').first().waitFor({ timeout: 15_000 });
    });
    await visit(walk, '/cases', tableReady);
    await visit(walk, '/cases/new', async (p) => {
      await p.getByTestId('procedure-general').waitFor({ timeout: 15_000 });
    });
    await visit(walk, `/cases/${caseId}`, caseReady);
    await visit(walk, `/parties/${partyId}`, async (p) => {
      await p.locator('.ant-timeline').waitFor({ timeout: 15_000 });
    });

    walk.where = `/cases/${caseId} 提请立案 dialog`;
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`/cases/${caseId}`);
    await caseReady(page);
    await page.getByTestId('case-actions').getByRole('button', { name: '提请立案', exact: true }).click();
    await page.getByRole('dialog').waitFor();
    await check(walk, walk.where, '[role="dialog"]');
    await page.keyboard.press('Escape');
    await finish(walk);

    const bureau = await open();
    await loginThroughUi(bureau.page, 'supervisor');
    await visit(bureau, '/cases', tableReady);
    await visit(bureau, `/cases/${caseId}`, caseReady);
    // read-only: no action offered to the bureau
    expect(await bureau.page.getByTestId('case-actions').getByRole('button').count()).toBe(0);
    await finish(bureau);
  });

  it('portal: home, every list, its history and a version, an item, a window board, a missing page', async () => {
    const walk = await open();
    const { page } = walk;
    const sections = [
      'agencies',
      'officers',
      'items',
      'discretion-standards',
      'three-lists',
      'review-catalog',
      'av-duties',
      'inspection-items',
      'service-windows',
    ];
    const paths = ['/portal/', ...sections.map((s) => `/portal/${s}`), '/portal/history/items', '/portal/no-such-page'];
    await page.goto('/portal/items');
    const item = await page.locator('main a[href^="/portal/items/"]').first().getAttribute('href');
    await page.goto('/portal/service-windows');
    const board = await page.locator('main a[href^="/portal/service-windows/"]').first().getAttribute('href');
    await page.goto('/portal/history/items');
    const version = await page.locator('main a[href^="/portal/history/items/"]').first().getAttribute('href');
    for (const extra of [item, board, version]) {
      expect(extra, 'a link to follow on the portal').toBeTruthy();
      paths.push(extra as string);
    }
    for (const path of paths) {
      for (const width of widths) {
        walk.where = `${path} @${width}`;
        await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
        const res = await page.goto(path);
        if (path !== '/portal/no-such-page') expect(res?.status(), path).toBe(200);
        await check(walk, walk.where);
        // the portal's own 404 page answers 404, which Chromium logs as a console error
        if (path === '/portal/no-such-page') expectedConsole(walk, 'status of 404');
      }
    }
    await finish(walk);
  });
});
