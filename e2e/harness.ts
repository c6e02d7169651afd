/**
 * Browser-test harness: starts the real server (`node server/bin/sanxiang.mjs demo`) on a free port
 * with a DATA_DIR of its own (a fresh copy of the run's demo template), waits for GET /healthz, and
 * launches Chromium through playwright-core.
 * A missing Chromium is a failure, never a skip: CI must not go green without browser tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { lockFileName } from '../server/src/platform/db/lock';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const screenshotDir = join(root, 'e2e', 'screenshots');
export const DEMO_PASSWORD = 'sanxiang-demo';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      srv.close(() => resolvePort(address.port));
    });
  });
}

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (existsSync(path)) return path;
  const where = process.env.CHROMIUM_PATH ? `CHROMIUM_PATH=${path}` : '/usr/bin/chromium';
  if (process.env.CI === 'true') {
    throw new Error(`CI: Chromium not found at ${where}. Browser tests cannot be skipped in CI; install it (apt-get install -y chromium).`);
  }
  throw new Error(
    `Chromium not found at ${where}. Install it with \`apt-get install -y chromium\` (Debian/Ubuntu), or point CHROMIUM_PATH at a Chromium/Chrome binary.`,
  );
}

export interface Harness {
  baseUrl: string;
  dataDir: string;
  browser: Browser;
  /** A fresh browser context (own cookies) with one page on the app. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  /** Server output so far, for failure messages. */
  serverLog(): string;
  stop(): Promise<void>;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before /healthz answered:\n${log()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer /healthz within ${timeoutMs} ms (${lastError}):\n${log()}`);
}

/** SIGTERM (the server closes its store), SIGKILL after 10 s; resolves with the exit code, or the signal's name. */
async function stopChild(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? String(child.signalCode);
  const exited = new Promise<number | string>((r) => child.once('exit', (code, signal) => r(code ?? String(signal))));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const result = await exited;
  clearTimeout(timer);
  return result;
}

interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Server output so far (the last 20,000 characters). */
  log(): string;
}

/** `sanxiang demo` on `dataDir` and a free port; resolves once GET /healthz answers (the demo is loaded by then). */
async function startDemoServer(dataDir: string, demoCases: boolean, timeoutMs = 120_000): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, [join(root, 'server', 'bin', 'sanxiang.mjs'), 'demo'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      // Every test logs in through the UI; the default 30/min per address would throttle the suite.
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      DEMO_CASES: demoCases ? 'on' : 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const log = () => output;
  try {
    await waitForHealth(baseUrl, child, log, timeoutMs);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { child, baseUrl, log };
}

/**
 * The run's stopped demo DATA_DIR of this kind (with or without the demo cases), built by the first
 * file that asks; undefined when there is no template folder (a run without e2e/global-setup.ts) or
 * the store is PostgreSQL (DATABASE_URL: nothing of it lives in DATA_DIR). The server that builds it
 * is stopped with SIGTERM and must close the store (exit 0, lock released): a copy of an open
 * PGlite directory may not open. Built under a private name and renamed into place, so two files
 * running at once would at worst both build it.
 */
async function demoTemplate(demoCases: boolean): Promise<string | undefined> {
  const templates = inject('demoTemplates');
  if (!templates || process.env.DATABASE_URL) return undefined;
  const dir = join(templates, demoCases ? 'demo-with-cases' : 'demo');
  if (existsSync(dir)) return dir;
  const building = `${dir}.building-${process.pid}`;
  try {
    // playing the demo cases on a loaded 2-core machine: longer than a start on a copy may take
    const server = await startDemoServer(building, demoCases, 200_000);
    const exit = await stopChild(server.child);
    if (exit !== 0 || existsSync(join(building, lockFileName))) {
      throw new Error(`the demo template's server did not stop cleanly (exit ${exit}):\n${server.log()}`);
    }
    await rename(building, dir);
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
  return dir;
}

/**
 * Each file gets its own server on its own DATA_DIR: a fresh copy of the run's demo template (see
 * demoTemplate), so no file sees another's writes; the server finds the demo there
 * ("演示数据已存在，直接使用") and plays nothing again. `demoCases`: the demo's ~70 cases, played
 * through the engine (a minute and more on CI, once per run); only the files that show cases ask
 * for them, the others start without (DEMO_CASES=off).
 */
export async function startHarness(opts: { demoCases?: boolean } = {}): Promise<Harness> {
  const executablePath = chromiumPath();
  const demoCases = opts.demoCases ?? false;
  const dataDir = await mkdtemp(join(tmpdir(), 'sanxiang-e2e-'));
  let server: ServerProcess;
  let browser: Browser;
  try {
    const template = await demoTemplate(demoCases);
    // the lock and the admin socket belong to the stopped template server (both gone after a clean stop)
    if (template) await cp(template, dataDir, { recursive: true, filter: (src) => !/(\.sanxiang\.lock|\.sock)$/.test(src) });
    server = await startDemoServer(dataDir, demoCases);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { child, baseUrl, log } = server;
  try {
    browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
  } catch (error) {
    await stopChild(child);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  await mkdir(screenshotDir, { recursive: true });
  const launched = browser;

  return {
    baseUrl,
    dataDir,
    browser: launched,
    serverLog: log,
    async newPage() {
      const context = await launched.newContext({
        baseURL: baseUrl,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: { width: 1440, height: 900 },
      });
      const page = await context.newPage();
      return { context, page };
    },
    async stop() {
      await launched.close().catch(() => undefined);
      await stopChild(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login form and waits for the workbench header. */
export async function loginThroughUi(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('user-name').waitFor({ timeout: 30_000 });
}

interface PageDocument {
  querySelector(selector: string): unknown;
  getAnimations(): { playState: string; effect: { getTiming(): { iterations?: number } } | null }[];
}

/** Waits until spinners and CSS animations (modal open/close, table loading mask) have finished. */
export async function settle(page: Page): Promise<void> {
  // Runs in the page; typed by hand because this file is checked without the DOM library (server/tsconfig.json),
  // and a function rather than a string because the server's CSP forbids eval.
  await page.waitForFunction(
    () => {
      const doc = (globalThis as unknown as { document: PageDocument }).document;
      return (
        doc.querySelector('.ant-spin-blur, .ant-spin-spinning') === null &&
        doc.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY)
      );
    },
    undefined,
    { timeout: 10_000 },
  );
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(screenshotDir, `${name}.png`);
  await settle(page);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** Runs `fn` on a fresh page (own cookies), fails on uncaught page errors, closes the context afterwards. */
export async function withPage<T>(h: Harness, fn: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await h.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  try {
    const result = await fn(page);
    expect(problems, 'uncaught errors in the page').toEqual([]);
    return result;
  } finally {
    await context.close();
  }
}

/**
 * Signs in through the API as `username` (a Bearer token), for changes a test only needs to have
 * happened — another person's edit meanwhile, a submission to decide. `call` sends JSON, with
 * `If-Match` when a version is given.
 */
export async function apiAs(h: Harness, username: string, password = DEMO_PASSWORD) {
  const login = await fetch(`${h.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
  const { token, user } = (await login.json()) as { token: string; user: { agencyId: string } };
  const call = async <T>(method: string, path: string, body?: unknown, ifMatch?: number): Promise<{ status: number; body: T }> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (ifMatch !== undefined) headers['if-match'] = `"${ifMatch}"`;
    const res = await fetch(`${h.baseUrl}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json().catch(() => null)) as T };
  };
  return { agencyId: user.agencyId, call };
}
