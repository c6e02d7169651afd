import { afterAll, describe, expect, it } from 'vitest';
import { apiLogin, runCli, type ServerProcess, startServerProcess, tempDataDir } from './process';
import { freshDatabase } from './store';

/**
 * kill -9 during a burst of writes loses nothing acknowledged (issue 2 acceptance): every write
 * that got a 2xx is there after the restart, and the journal verifies. On the engine of the pass.
 */
// real server processes start in ~5–20 s depending on the machine's load: generous limits
describe('kill -9 during a burst of writes', { timeout: 180_000 }, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('loses no acknowledged write, and the journal verifies after restart', async () => {
    const env: Record<string, string | undefined> = { DATA_DIR: tempDataDir(), DATABASE_URL: undefined };
    if (process.env.DATABASE_URL) {
      const db = await freshDatabase(process.env.DATABASE_URL);
      env.DATABASE_URL = db.url;
      cleanups.push(db.drop);
    }
    let server: ServerProcess = await startServerProcess('demo', env);
    cleanups.push(() => server.stop('SIGKILL'));
    const token = await apiLogin(server.url, 'sysadmin');
    const acknowledged: string[] = [];
    let n = 0;
    const writer = async () => {
      for (;;) {
        const code = String(991000 + n++);
        try {
          const res = await fetch(`${server.url}/api/v1/jurisdictions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ code, name: `压测区${code}`, level: 'county', parentCode: '990100' }),
          });
          if (res.status === 201) acknowledged.push(code);
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    await new Promise((r) => setTimeout(r, 1500));
    server.proc.kill('SIGKILL');
    await Promise.all(writers);
    await server.exited;
    expect(acknowledged.length).toBeGreaterThan(20);

    server = await startServerProcess('serve', env);
    const token2 = await apiLogin(server.url, 'sysadmin');
    const list = (await (await fetch(`${server.url}/api/v1/jurisdictions`, { headers: { authorization: `Bearer ${token2}` } })).json()) as {
      items: { code: string }[];
    };
    const present = new Set(list.items.map((j) => j.code));
    expect(acknowledged.filter((c) => !present.has(c))).toEqual([]);
    const verify = runCli(['journal', 'verify'], env);
    expect(verify.stdout + verify.stderr).toMatch(/完整|通过/);
    expect(verify.code).toBe(0);
  });
});
