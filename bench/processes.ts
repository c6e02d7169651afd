import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { admin, freePort } from './store';

const bin = new URL('../server/bin/sanxiang.mjs', import.meta.url).pathname;

/**
 * `npm run bench -- processes [--seconds 15] [--clients 16] [--processes 1,2]`
 *
 * Issue 10: journaled commands per second with one and with two `sanxiang serve` processes on one
 * PostgreSQL database (a fresh database next to DATABASE_URL per configuration, dropped after).
 * Each command is a real API write — a catalog draft (`POST /api/v1/catalog/items`: validation,
 * revision row, journal entry in one transaction) — sent by `--clients` concurrent clients, client
 * i to process i mod N (as a round-robin balancer would). The processes share one checkpoint key
 * file and sign under the lease. Prints commands/s and latency percentiles; asserts nothing.
 */
export async function benchProcesses(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string', default: '15' },
      clients: { type: 'string', default: '16' },
      processes: { type: 'string', default: '1,2' },
    },
  });
  const seconds = Number(values.seconds);
  const clients = Number(values.clients);
  console.log(`journaled commands through the API, ${clients} clients, ${seconds} s per configuration (PostgreSQL)`);
  for (const n of values.processes.split(',').map(Number)) await run(n, clients, seconds);
}

async function run(processes: number, clients: number, seconds: number) {
  const base = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `sanxiang_bench_${randomBytes(5).toString('hex')}`;
  await admin(base, `create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(join(tmpdir(), 'sanxiang-bench-procs-'));
  const keyFile = join(dir, 'checkpoint-key.pem');
  writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
  const servers: { proc: ChildProcess; url: string }[] = [];
  try {
    for (let i = 0; i < processes; i++) {
      servers.push(
        await start({
          DATABASE_URL: url.toString(),
          DATA_DIR: join(dir, `p${i}`),
          DEMO_CASES: 'off',
          CHECKPOINT_KEY_FILE: keyFile,
          CHECKPOINT_INTERVAL_SECONDS: '5',
          LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
          LOG_LEVEL: 'warn',
        }),
      );
    }
    const tokens = await Promise.all(servers.map((s) => login(s.url)));
    const latencies: number[] = [];
    let errors = 0;
    const until = performance.now() + seconds * 1000;
    const cpu0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const i = c % servers.length;
        const target = servers[i]?.url as string;
        for (let k = 0; performance.now() < until; k++) {
          const t = performance.now();
          const res = await fetch(`${target}/api/v1/catalog/items`, {
            method: 'POST',
            headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              code: `B${c}-${k}`,
              name: `基准事项${c}-${k}`,
              actCategory: 'penalty',
              legalBases: [{ law: '《中华人民共和国食品安全法》', article: '第一百二十二条', clause: '第一款', text: null }],
              reason: '基准测试',
            }),
          });
          await res.arrayBuffer();
          if (res.status === 201) latencies.push(performance.now() - t);
          else errors++;
        }
      }),
    );
    const clientCpu = process.cpuUsage(cpu0);
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(1);
    console.log(
      `  ${processes} process${processes > 1 ? 'es' : ''}: ${(latencies.length / seconds).toFixed(1)} commands/s ` +
        `(${latencies.length} in ${seconds} s, ${errors} refused), latency ms p50 ${pct(50)} p95 ${pct(95)} p99 ${pct(99)}; ` +
        `load client CPU ${((clientCpu.user + clientCpu.system) / 1e6).toFixed(1)} s`,
    );
  } finally {
    for (const s of servers) s.proc.kill('SIGTERM');
    await Promise.all(servers.map((s) => new Promise((r) => (s.proc.exitCode !== null ? r(null) : s.proc.once('exit', r)))));
    await admin(base, `drop database if exists ${name} with (force)`);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function start(env: Record<string, string>): Promise<{ proc: ChildProcess; url: string }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [bin, 'demo'], {
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error('server exited before it was ready');
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { proc, url };
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  proc.kill('SIGKILL');
  throw new Error('server not ready in 120 s');
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'disclosure_clerk', password: 'sanxiang-demo' }),
  });
  if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
