import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const bin = new URL('../bin/sanxiang.mjs', import.meta.url).pathname;

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'sanxiang-test-'));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  output(): string;
  /** resolves with the exit code */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `sanxiang <command>` as a real process; resolves once /healthz answers, rejects if it exits first. */
export async function startServerProcess(command: 'serve' | 'demo', env: Record<string, string | undefined>): Promise<ServerProcess> {
  const port = await freePort();
  const proc = spawn(process.execPath, [bin, command], {
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), CHECKPOINT_INTERVAL_SECONDS: '3600', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 200))]);
    if (done) throw Object.assign(new Error(`server exited before it was ready:\n${out}`), { output: out, exited });
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server not ready in 60 s:\n${out}`);
    }
  }
  return {
    proc,
    url,
    output: () => out,
    exited,
    stop: async (signal = 'SIGTERM') => {
      proc.kill(signal);
      return exited;
    },
  };
}

/** Runs a `sanxiang` CLI command to completion. */
export function runCli(args: string[], env: Record<string, string | undefined>) {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export async function apiLogin(url: string, username: string, password = 'sanxiang-demo'): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
