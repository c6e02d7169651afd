import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type Harness, loginThroughUi, screenshot, startHarness, withPage as withPageOf } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

const withPage = <T>(fn: (page: Page) => Promise<T>) => withPageOf(h, fn);

async function menuLabels(page: Page): Promise<string[]> {
  const menu = page.getByTestId('main-menu');
  await menu.waitFor();
  return (await menu.locator('.ant-menu-title-content').allInnerTexts()).map((t) => t.trim());
}

async function me(page: Page): Promise<{ displayName: string; username: string; roles: string[] }> {
  return page.evaluate(async () => {
    const res = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
    const body = (await res.json()) as { user: { displayName: string; username: string; roles: string[] } };
    return body.user;
  });
}

// Issue 3: every business role reads the lists (agency editors keep them); the justice bureau also confirms.
const lists = [
  '主体与人员',
  '执法主体',
  '执法人员',
  '窗口公示',
  '执法事项目录',
  '执法事项',
  '裁量基准',
  '三张清单',
  '法制审核目录',
  '音像记录事项',
  '随机抽查事项',
];
// issue 8: cases for the agency's staff — 我的待办 for who may act, 登记案件 for officers; 规则设置 for who reads lists or sets values;
// issue 9: every reader of cases also reads the agency's AV devices and the document templates
const cases = (...pages: string[]) => ['执法案件', ...pages, '执法记录设备', '文书模板'];
const business = (casePages: string[]) => ['工作台', ...casePages, ...lists, '规则设置', '账户安全'];
const demoAccounts: [username: string, menu: string[]][] = [
  ['sysadmin', ['工作台', '用户管理', '规则设置', '账户安全']],
  ['secadmin', ['工作台', '角色与安全策略', '角色分配', '安全策略', '账户安全']],
  ['auditor', ['工作台', '审计日志', '账户安全']],
  ['officer', business(cases('我的待办', '案件台账', '登记案件'))],
  ['auxiliary', business(cases('案件台账'))],
  ['reviewer', business(cases('我的待办', '案件台账'))],
  ['legal_adviser', business(cases('案件台账'))],
  ['agency_head', business(cases('我的待办', '案件台账'))],
  ['disclosure_clerk', business(cases('案件台账'))],
  ['supervisor', ['工作台', '司法局监督', '待确认变更', '司法局看板', ...cases('案件台账'), ...lists, '规则设置', '账户安全']],
];

describe('login page', () => {
  it('shows the Chinese error for a wrong password and stays on /login', async () => {
    await withPage(async (page) => {
      await page.goto('/login');
      await expect(page.title()).resolves.toBe('三项制度工作台');
      await page.getByRole('heading', { name: '三项制度工作台' }).waitFor();
      await screenshot(page, '01-login');
      await page.getByLabel('用户名').fill('reviewer');
      await page.getByLabel('密码', { exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      const text = await error.textContent();
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      expect(text).toContain('密码');
      expect(new URL(page.url()).pathname).toBe('/login');
      await screenshot(page, '02-login-wrong-password');
    });
  });

  it('opens the workbench at the root address README gives (not an error)', async () => {
    await withPage(async (page) => {
      const res = await page.goto('/');
      expect(res?.status()).toBe(200);
      await page.getByRole('button', { name: /登\s*录/ }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
    });
  });

  it('sends an unauthenticated visitor of a client route to /login', async () => {
    await withPage(async (page) => {
      await page.goto('/admin/users');
      await page.getByRole('button', { name: /登\s*录/ }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
    });
  });
});

describe('every demo account', () => {
  for (const [username, menu] of demoAccounts) {
    it(`${username} signs in and sees its name and menu`, async () => {
      await withPage(async (page) => {
        await loginThroughUi(page, username);
        const user = await me(page);
        expect(user.username).toBe(username);
        await expect(page.getByTestId('user-name').textContent()).resolves.toBe(user.displayName);
        await expect(page.getByTestId('welcome-card').textContent()).resolves.toContain(user.displayName);
        expect(await menuLabels(page)).toEqual(menu);
        if (username === 'sysadmin' || username === 'officer') await screenshot(page, `03-home-${username}`);
        // 退出登录 ends the session.
        await page.getByRole('button', { name: /退出登录/ }).click();
        await page.waitForURL('**/login');
        const status = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
        expect(status).toBe(401);
      });
    });
  }
});

describe('auditor', () => {
  it('reads the audit log with entries and cannot open 用户管理', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'auditor');
      await page.getByTestId('main-menu').getByText('审计日志', { exact: true }).click();
      await page.waitForURL('**/audit');
      const rows = page.locator('[data-testid=audit-table] tr.ant-table-row');
      await rows.first().waitFor();
      expect(await rows.count()).toBeGreaterThan(0);
      await expect(page.locator('[data-testid=audit-table]').textContent()).resolves.toContain('登录成功');
      await page.getByTestId('audit-chart').waitFor();

      // Details: the JSON payload of an event.
      await rows.first().locator('.ant-table-row-expand-icon').click();
      await page.locator('pre.sx-json').first().waitFor();
      await screenshot(page, '05-audit-log');

      // Filter by user and action.
      await page.locator('#actor').fill('auditor');
      await page.locator('#action').fill('auth.login');
      await page.keyboard.press('Escape');
      const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/audit-events?') && r.url().includes('actor=auditor'));
      await page.getByRole('button', { name: /查\s*询/ }).click();
      expect((await filtered).status()).toBe(200);
      await rows.first().waitFor();
      const users = await page.locator('[data-testid=audit-table] tr.ant-table-row td:nth-child(4)').allInnerTexts();
      expect(users.length).toBeGreaterThan(0);
      expect(new Set(users)).toEqual(new Set(['auditor']));

      await page.goto('/admin/users');
      await page.getByText('403 无权访问').waitFor();
      await screenshot(page, '06-auditor-users-403');
    });
  });
});

describe('session', () => {
  it('an API call without a valid session sends the user to /login with the expiry message', async () => {
    const { context, page } = await h.newPage();
    try {
      await loginThroughUi(page, 'auditor');
      await context.clearCookies();
      await page.getByTestId('main-menu').getByText('审计日志', { exact: true }).click();
      await page.getByText('会话已过期，请重新登录').waitFor();
      await page.waitForURL('**/login');
    } finally {
      await context.close();
    }
  });
});

describe('system administrator', () => {
  it('creates a user, shows the temporary password once, and cannot open 审计日志', async () => {
    const temporary = await withPage(async (page) => {
      await loginThroughUi(page, 'sysadmin');
      await page.getByTestId('main-menu').getByText('用户管理', { exact: true }).click();
      await page.waitForURL('**/admin/users');
      await page.getByRole('cell', { name: 'officer', exact: true }).waitFor();
      await screenshot(page, '04-users');

      // Administrator roles are the security administrator's; the server's message is shown.
      await page.getByRole('button', { name: /新建用户/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('用户名').fill('e2e.auditor');
      await dialog.getByLabel('姓名').fill('越权测试');
      await dialog.getByLabel('角色').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '安全审计员' }).click();
      await page.keyboard.press('Escape');
      await dialog.getByRole('button', { name: /创\s*建/ }).click();
      await dialog.getByText('管理员角色只能由安全管理员授予').first().waitFor();
      await dialog.getByRole('button', { name: /取\s*消/ }).click();

      await page.getByRole('button', { name: /新建用户/ }).click();
      await dialog.getByLabel('用户名').fill('e2e.clerk');
      await dialog.getByLabel('姓名').fill('测试执法员');
      await dialog.getByLabel('所属机关').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '市场监督管理局' }).first().click();
      await dialog.getByLabel('角色').click();
      await page
        .locator('.ant-select-item-option')
        .filter({ hasText: /^执法人员$/ })
        .click();
      await page.keyboard.press('Escape');
      await screenshot(page, '07-create-user');
      await dialog.getByRole('button', { name: /创\s*建/ }).click();

      const password = page.getByTestId('temporary-password');
      await password.waitFor();
      const value = ((await password.textContent()) ?? '').trim();
      expect(value.length).toBeGreaterThanOrEqual(8);
      await screenshot(page, '08-temporary-password');
      await page.getByRole('button', { name: /我已记下/ }).click();
      await page.locator('.ant-table').getByRole('cell', { name: 'e2e.clerk', exact: true }).waitFor();

      await page.goto('/audit');
      await page.getByText('403 无权访问').waitFor();
      expect(await menuLabels(page)).not.toContain('审计日志');
      return value;
    });

    // The new user signs in with the temporary password and must change it first.
    await withPage(async (page) => {
      await page.goto('/login');
      await page.getByLabel('用户名').fill('e2e.clerk');
      await page.getByLabel('密码', { exact: true }).fill(temporary);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL('**/password');
      await page.getByText('密码要求').waitFor();
      await page.getByLabel('当前密码').fill(temporary);
      await page.getByLabel('新密码', { exact: true }).fill('Changed-2026!');
      await page.getByLabel('确认新密码').fill('Changed-2026!');
      await screenshot(page, '09-change-password');
      await page.getByRole('button', { name: /修改密码/ }).click();
      await page.getByTestId('user-name').waitFor();
      await expect(page.getByTestId('user-name').textContent()).resolves.toBe('测试执法员');
    });
  });
});

describe('security administrator', () => {
  it('sees the roles editor and the security policy', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, 'secadmin');
      await page.getByTestId('main-menu').getByText('安全策略', { exact: true }).click();
      await page.waitForURL('**/admin/policy');
      await expect(page.getByLabel('登录失败锁定阈值').inputValue()).resolves.toMatch(/^\d+$/);
      await screenshot(page, '10-policy');
      await page.getByTestId('main-menu').getByText('角色分配', { exact: true }).click();
      await page.waitForURL('**/admin/roles');
      await page.getByRole('cell', { name: 'officer', exact: true }).waitFor();
      await screenshot(page, '11-roles');
      await page.goto('/admin/users');
      await page.getByText('403 无权访问').waitFor();
    });
  });
});

/** The code an authenticator app shows for `secret`, `stepsAhead` 30-second steps from now. */
function totpCode(secret: string, stepsAhead = 0): string {
  const totp = new OTPAuth.TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
  return totp.generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

describe('two-factor authentication', () => {
  it('a user binds an authenticator, then login asks for the 动态验证码', async () => {
    const secret = await withPage(async (page) => {
      await loginThroughUi(page, 'supervisor');
      await page.getByTestId('main-menu').getByText('账户安全', { exact: true }).click();
      await page.getByRole('button', { name: /开始绑定/ }).click();
      const secretText = ((await page.getByTestId('totp-secret').textContent()) ?? '').trim();
      expect(secretText).toMatch(/^[A-Z2-7]+=*$/);
      await expect(page.getByTestId('totp-uri').textContent()).resolves.toMatch(/^otpauth:\/\/totp\//);
      await screenshot(page, '12-totp-enrol');
      await page.getByLabel('动态验证码').fill(totpCode(secretText));
      await page.getByRole('button', { name: /确认绑定/ }).click();
      await page.getByText('双因素认证已启用').first().waitFor();
      return secretText;
    });

    await withPage(async (page) => {
      await page.goto('/login');
      await page.getByLabel('用户名').fill('supervisor');
      await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      const totpField = page.getByLabel('动态验证码');
      await totpField.waitFor();
      await screenshot(page, '13-login-totp');
      // The next step's code: valid (±1 step) and newer than the one used to confirm, so not a replay.
      await totpField.fill(totpCode(secret, 1));
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByTestId('user-name').waitFor();
      await expect(page.getByTestId('welcome-card').textContent()).resolves.toContain('已启用');
    });
  });
});
