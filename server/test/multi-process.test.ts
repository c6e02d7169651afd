import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ItemSheetRow, itemSheet } from '../src/modules/catalog/sheets';
import { defaultSecurityPolicy } from '../src/platform/auth/policy';
import { checkCheckpoint, toCheckpointView } from '../src/platform/journal/checkpoint';
import { verifyKeyFromPem } from '../src/platform/journal/keys';
import { exportWorkbook, xlsxContentType } from '../src/platform/spreadsheet';
import { itemSheetRow } from './factories';
import { freePort, runCli, type ServerProcess, startServerProcess, tempDataDir } from './process';
import { freshDatabase } from './store';

// Issue 10, acceptance: two `sanxiang` processes on one PostgreSQL database behind a round-robin
// proxy this test runs, concurrent journaled writes, jobs and logins to both for 30 s, one process
// killed with SIGKILL midway. Afterwards the journal verifies, every checkpoint verifies with the
// keys the processes publish, each checkpoint was signed by exactly one process, no job ran twice
// or was left running, and the login limits held across both processes. PostgreSQL only: several
// processes on one embedded store is what the one-owner lock forbids (DESIGN.md).
const runSeconds = 30;
const killAtSeconds = 15;
const loginRatePerMinute = 10;
const password = 'sanxiang-demo';

let db: { url: string; drop(): Promise<void> };
let proxy: RoundRobin;
const servers: ServerProcess[] = [];
const dirs: string[] = [];
const sql = async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
};

interface RoundRobin {
  url: string;
  /** answers per backend index */
  served: number[];
  close(): Promise<void>;
}

/**
 * The load balancer: each request to the next backend in turn; a backend that refuses the
 * connection is skipped (the request never reached it, so retrying elsewhere is safe), one that
 * drops a request in flight answers 502 — as nginx with `proxy_next_upstream error` would. The
 * client's address is taken from `x-test-client` and passed on as X-Forwarded-For (TRUST_PROXY).
 */
async function roundRobin(backends: string[]): Promise<RoundRobin> {
  const served = backends.map(() => 0);
  let next = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (tries: number) => {
        const i = next++ % backends.length;
        const target = new URL(req.url ?? '/', backends[i]);
        const headers = { ...req.headers, 'x-forwarded-for': String(req.headers['x-test-client'] ?? '10.0.0.1'), host: target.host };
        const up = httpRequest(target, { method: req.method, headers }, (upRes: IncomingMessage) => {
          served[i] = (served[i] ?? 0) + 1;
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        });
        up.on('error', (e: NodeJS.ErrnoException) => {
          if (e.code === 'ECONNREFUSED' && tries < backends.length) return attempt(tries + 1);
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ code: 'BAD_GATEWAY', message: '上游进程中断', details: {} }));
        });
        up.end(body);
      };
      attempt(1);
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}`, served, close: () => new Promise((r) => server.close(() => r())) };
}

async function call(path: string, init: { method?: string; token?: string; client?: string; body?: unknown; type?: string } = {}) {
  const headers: Record<string, string> = { 'x-test-client': init.client ?? '10.0.0.1' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | Buffer | undefined;
  if (Buffer.isBuffer(init.body)) {
    body = init.body;
    headers['content-type'] = init.type ?? 'application/octet-stream';
  } else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${proxy.url}${path}`, { method: init.method ?? 'GET', headers, body });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {}
  return { status: res.status, json };
}

async function login(username: string, client: string, pass = password) {
  return call('/api/v1/auth/login', { method: 'POST', client, body: { username, password: pass } });
}

const itemRow = (code: string): ItemSheetRow => itemSheetRow(code, `并发导入事项${code}`);

beforeAll(async () => {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('multi-process.test.ts runs in the PostgreSQL pass (DATABASE_URL); see engine-independent.ts');
  db = await freshDatabase(base);
  // the deployment's one signing key, the same file for both processes (CHECKPOINT_KEY_FILE)
  const keyDir = tempDataDir();
  dirs.push(keyDir);
  const keyFile = join(keyDir, 'checkpoint-key.pem');
  writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
  const env = {
    DATABASE_URL: db.url,
    DEMO_CASES: 'off',
    CHECKPOINT_KEY_FILE: keyFile,
    CHECKPOINT_INTERVAL_SECONDS: '1',
    JOB_HEARTBEAT_SECONDS: '1',
    TOTP_KEY: Buffer.alloc(32, 7).toString('base64'),
    TRUST_PROXY: '127.0.0.1',
    LOGIN_RATE_LIMIT_PER_MINUTE: String(loginRatePerMinute),
  };
  // one after the other: the first loads the demo jurisdiction, the second finds it
  for (let i = 0; i < 2; i++) {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    servers.push(await startServerProcess('demo', { ...env, DATA_DIR: dataDir }));
  }
  proxy = await roundRobin(servers.map((s) => s.url));
}, 240_000);

afterAll(async () => {
  for (const s of servers) if (s.proc.exitCode === null && s.proc.signalCode === null) await s.stop();
  await proxy?.close();
  await db?.drop();
});

interface RunFigures {
  writes: number;
  badGateway: number;
  otherFailures: string[];
  jobIds: string[];
  lockoutAnswers: string[];
  rateAnswers: number[];
}

/** Workers writing catalog drafts and importing workbooks through the proxy until `until`. */
async function writer(n: number, until: number, figures: RunFigures) {
  const client = `10.0.1.${n}`;
  const session = await login('disclosure_clerk', client);
  expect(session.status, JSON.stringify(session.json)).toBe(200);
  const token = session.json.token as string;
  for (let i = 0; Date.now() < until; i++) {
    const code = `MP${n}-${i}`;
    const r =
      i % 15 === 14
        ? await call('/api/v1/catalog/items/import', {
            method: 'POST',
            token,
            client,
            body: await exportWorkbook(itemSheet, [itemRow(`${code}-A`), itemRow(`${code}-B`)], '执法事项'),
            type: xlsxContentType,
          })
        : await call('/api/v1/catalog/items', {
            method: 'POST',
            token,
            client,
            body: {
              code,
              name: `并发事项${code}`,
              actCategory: 'penalty',
              legalBases: [{ law: '《中华人民共和国食品安全法》', article: '第一百二十二条', clause: '第一款', text: null }],
              reason: '多进程验收',
            },
          });
    if (r.status === 201) figures.writes++;
    else if (r.status === 202) figures.jobIds.push(r.json.jobId as string);
    else if (r.status === 502) figures.badGateway++;
    else figures.otherFailures.push(`${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
  }
}

describe('two processes on one PostgreSQL behind a round-robin proxy, one killed midway', () => {
  const figures: RunFigures = { writes: 0, badGateway: 0, otherFailures: [], jobIds: [], lockoutAnswers: [], rateAnswers: [] };
  const keysPublished: { keyId: string; pem: string }[] = [];

  const publishedKeys = async (url: string) => {
    const body = (await (await fetch(`${url}/api/v1/public/journal/public-key`)).json()) as {
      keyId: string;
      pem: string;
      keys?: { keyId: string; pem: string }[];
    };
    return [{ keyId: body.keyId, pem: body.pem }, ...(body.keys ?? [])];
  };

  it('a session from one process works on the other, and logout on one ends it on both', async () => {
    const r = await login('officer', '10.0.2.1');
    expect(r.status).toBe(200);
    const token = r.json.token as string;
    for (const s of servers)
      expect((await fetch(`${s.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const out = await fetch(`${servers[1]?.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(out.status).toBeLessThan(300);
    for (const s of servers)
      expect((await fetch(`${s.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it(`${runSeconds} s of writes, jobs and logins on both; kill -9 of one at ${killAtSeconds} s`, async () => {
    for (const s of servers) keysPublished.push(...(await publishedKeys(s.url)));
    const start = Date.now();
    const until = start + runSeconds * 1000;
    const killed = new Promise<void>((resolve) =>
      setTimeout(() => {
        servers[1]?.proc.kill('SIGKILL');
        resolve();
      }, killAtSeconds * 1000),
    );
    // the lock-out: a burst of wrong passwords for one account, each from its own address so that
    // only the account's own limit can stop them, sent to both processes at once
    const lockout = (async () => {
      await new Promise((r) => setTimeout(r, 3000));
      const replies = await Promise.all(
        Array.from({ length: 3 * defaultSecurityPolicy.lockoutThreshold }, (_, i) => login('auditor', `10.0.3.${i}`, 'wrong-password-1A!')),
      );
      figures.lockoutAnswers.push(...replies.map((r) => String(r.json.code)));
    })();
    // the per-address limit: one address tries many names (no account lock applies), both processes
    const rate = (async () => {
      await new Promise((r) => setTimeout(r, 5000));
      const replies = await Promise.all(Array.from({ length: 3 * loginRatePerMinute }, (_, i) => login(`nobody${i}`, '10.0.4.4', 'x')));
      figures.rateAnswers.push(...replies.map((r) => r.status));
    })();
    await Promise.all([...Array.from({ length: 6 }, (_, n) => writer(n, until, figures)), lockout, rate, killed]);
    console.log(
      `multi-process: ${figures.writes} writes + ${figures.jobIds.length} import jobs in ${runSeconds} s through the proxy ` +
        `(${(figures.writes / runSeconds).toFixed(1)}/s), served ${proxy.served.join(' / ')}, ${figures.badGateway} cut by the kill`,
    );
    expect(figures.otherFailures).toEqual([]);
    expect(figures.writes).toBeGreaterThan(50);
    expect(proxy.served.every((n) => n > 10)).toBe(true);
  }, 120_000);

  it('the login limits held across both processes', async () => {
    const failed = figures.lockoutAnswers.filter((c) => c === 'LOGIN_FAILED').length;
    expect(failed).toBeLessThanOrEqual(defaultSecurityPolicy.lockoutThreshold);
    expect(figures.lockoutAnswers.filter((c) => c === 'ACCOUNT_LOCKED').length).toBeGreaterThan(0);
    const [row] = await sql<{ n: string }>(
      `select count(*) as n from journal_entry where action = 'auth.login_failed'
         and entity_id = (select id from user_account where username = 'auditor')`,
    );
    expect(Number(row?.n)).toBeLessThanOrEqual(defaultSecurityPolicy.lockoutThreshold);
    // at most the per-minute number of attempts from one address got past the rate limit
    expect(figures.rateAnswers.filter((s) => s !== 429).length).toBeLessThanOrEqual(loginRatePerMinute);
    expect(figures.rateAnswers.filter((s) => s === 429).length).toBeGreaterThan(0);
  });

  it('no job ran twice or was left running: the survivor failed the dead process’s jobs with a reason', async () => {
    expect(figures.jobIds.length).toBeGreaterThan(0);
    let running: { id: string }[] = [];
    for (let i = 0; i < 60; i++) {
      running = await sql<{ id: string }>(`select id from job where status = 'running'`);
      if (running.length === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(running).toEqual([]);
    const events = await sql<{ action: string; entity_id: string }>(
      `select action, entity_id from journal_entry where action like 'job.%' order by seq`,
    );
    const byJob = new Map<string, string[]>();
    for (const e of events) byJob.set(e.entity_id, [...(byJob.get(e.entity_id) ?? []), e.action]);
    for (const id of figures.jobIds) {
      const actions = byJob.get(id) ?? [];
      expect(actions[0], `job ${id}: ${actions}`).toBe('job.start');
      expect(
        actions.filter((a) => a === 'job.start'),
        `job ${id}`,
      ).toHaveLength(1);
      expect(
        actions.filter((a) => a === 'job.succeed' || a === 'job.fail'),
        `job ${id}: ${actions}`,
      ).toHaveLength(1);
    }
    const failed = await sql<{ result: { code: string; message: string } }>(`select result from job where status = 'failed'`);
    for (const f of failed) expect(f.result.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('every checkpoint was signed by exactly one process, verifies with the published keys, and journal verify passes', async () => {
    // the survivor signs what the run wrote (CHECKPOINT_INTERVAL_SECONDS=1)
    for (let i = 0; i < 40; i++) {
      const [tail] = await sql<{ seq: number }>(`select max(seq)::int as seq from journal_entry`);
      const [cp] = await sql<{ size: number }>(`select max(tree_size)::int as size from journal_checkpoint`);
      if ((cp?.size ?? 0) >= (tail?.seq ?? 0)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    keysPublished.push(...(await publishedKeys(servers[0]?.url as string)));
    const keys = keysPublished.map((k) => verifyKeyFromPem(k.pem));
    const rows = await sql<Parameters<typeof toCheckpointView>[0]>(`select * from journal_checkpoint order by tree_size`);
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(checkCheckpoint(toCheckpointView(row), keys), `checkpoint ${row.tree_size}`).toBeUndefined();
    // who signed: the `journal.checkpoint` entry of each checkpoint names the signing process
    const signed = await sql<{ payload: string }>(`select payload from journal_entry where action = 'journal.checkpoint'`);
    const bySize = new Map<number, string[]>();
    for (const s of signed) {
      const p = JSON.parse(s.payload) as { treeSize: number; signer: string };
      bySize.set(p.treeSize, [...(bySize.get(p.treeSize) ?? []), p.signer]);
    }
    const pids = servers.map((s) => String(s.proc.pid));
    for (const row of rows) {
      const signers = bySize.get(Number(row.tree_size)) ?? [];
      expect(signers, `checkpoint ${row.tree_size}`).toHaveLength(1);
      expect(pids).toContain(String(signers[0]).split(':')[1]);
    }
    const verify = runCli(['journal', 'verify'], { DATABASE_URL: db.url, DATA_DIR: tempDataDir() });
    expect(verify.stdout + verify.stderr).toContain('全过程记录完整');
    expect(verify.code).toBe(0);
  }, 120_000);
});
