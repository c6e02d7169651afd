import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, runCli, type ServerProcess, startServerProcess, tempDataDir } from './process';

// The embedded store's one-owner rule (DESIGN.md, PGlite facts) is about PGlite, so these run
// on PGlite in both passes of the suite.
const embedded = { DATABASE_URL: undefined };

// real server processes start in ~5–20 s depending on the machine's load: generous limits
describe('the embedded store has exactly one owner', { timeout: 120_000 }, () => {
  const dataDir = tempDataDir();
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess('demo', { ...embedded, DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a second server on the same DATA_DIR with a clear message naming the directory and the pid', async () => {
    const second = await startServerProcess('serve', { ...embedded, DATA_DIR: dataDir }).catch(
      (e: { output: string; exited: Promise<number> }) => e,
    );
    expect('output' in second).toBe(true);
    const { output, exited } = second as { output: string; exited: Promise<number> };
    expect(await exited).toBe(1);
    expect(output).toContain(`数据目录 ${dataDir} 正由进程 ${server.proc.pid}`);
  });

  it('`npm start` / `npm run demo` refuse before rebuilding the web bundle the running server serves', () => {
    const r = spawnSync(process.execPath, ['server/bin/preflight.mjs'], {
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`数据目录 ${dataDir} 正由进程 ${server.proc.pid}`);
    const free = spawnSync(process.execPath, ['server/bin/preflight.mjs'], {
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: tempDataDir() },
      encoding: 'utf8',
    });
    expect(free.status).toBe(0);
  });

  it('serves CLI commands through the running server instead of opening the store twice', async () => {
    const migrate = runCli(['migrate'], { ...embedded, DATA_DIR: dataDir });
    expect(migrate.stderr).toBe('');
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toContain('数据库结构已是最新');
    // a business role needs an agency: its id comes from the API, as an operator would look it up
    const sys = await apiLogin(server.url, 'sysadmin');
    const agencies = (await (await fetch(`${server.url}/api/v1/agencies`, { headers: { authorization: `Bearer ${sys}` } })).json()) as {
      items: { id: string }[];
    };
    const agencyId = agencies.items[0]?.id as string;
    const refused = runCli(['users', 'create', 'cliuser', '--name', '命令行用户', '--role', 'officer'], { ...embedded, DATA_DIR: dataDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('须属于一个执法机关');
    const created = runCli(['users', 'create', 'cliuser', '--name', '命令行用户', '--role', 'officer', '--agency', agencyId], {
      ...embedded,
      DATA_DIR: dataDir,
    });
    expect(created.code).toBe(0);
    const password = /一次性密码：(\S+)/.exec(created.stdout)?.[1];
    expect(password).toBeTruthy();
    // the server sees the account at once: the CLI wrote through the server's own store
    await apiLogin(server.url, 'cliuser', password);
  });

  it('keeps the data across a restart and takes over the lock of a killed server', async () => {
    const token = await apiLogin(server.url, 'sysadmin');
    const res = await fetch(`${server.url}/api/v1/jurisdictions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      // a township of the demo district: inside the demo administrator's jurisdiction (ADR 0007)
      body: JSON.stringify({ code: '990188', name: '示范镇', level: 'township', parentCode: '990102' }),
    });
    expect(res.status).toBe(201);
    await server.stop('SIGKILL');
    server = await startServerProcess('serve', { ...embedded, DATA_DIR: dataDir });
    const token2 = await apiLogin(server.url, 'sysadmin');
    const list = (await (await fetch(`${server.url}/api/v1/jurisdictions`, { headers: { authorization: `Bearer ${token2}` } })).json()) as {
      items: { code: string }[];
    };
    expect(list.items.map((j) => j.code)).toContain('990188');
  });
});

describe('npm start on an empty database', { timeout: 120_000 }, () => {
  it('creates one system administrator whose one-time password must be changed', async () => {
    const dataDir = tempDataDir();
    const server = await startServerProcess('serve', { ...embedded, DATA_DIR: dataDir });
    try {
      const password = /密码：\s*(\S+)/.exec(server.output())?.[1];
      expect(password).toBeTruthy();
      const res = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      const body = (await res.json()) as { user: { mustChangePassword: boolean; roles: string[] } };
      expect(body.user).toMatchObject({ mustChangePassword: true, roles: ['system_admin'] });
    } finally {
      await server.stop();
    }
    // the password is printed once: a restart does not create or print another
    const again = await startServerProcess('serve', { ...embedded, DATA_DIR: dataDir });
    await again.stop();
    expect(again.output()).not.toContain('一次性密码');
  });
});
