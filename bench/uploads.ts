import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { Upload } from 'tus-js-client';
import { admin, freePort } from './store';

const bin = new URL('../server/bin/sanxiang.mjs', import.meta.url).pathname;
const MiB = 1024 * 1024;

/**
 * `npm run bench -- uploads [--size 2GiB] [--chunk 50MiB] [--engine pglite|postgres|both] [--keep]`
 *
 * Issue 9 acceptance: a 2 GB file goes through tus (tus-js-client, the same client the web uses)
 * into a real `sanxiang serve` process (own DATA_DIR and port; the default fs blob store; PGlite in
 * DATA_DIR or a fresh PostgreSQL database next to DATABASE_URL, dropped afterwards), while
 * the server's resident memory is sampled from /proc/<pid>/status (VmRSS every 100 ms, and VmHWM,
 * the kernel's own high-water mark). The source is deterministic pseudo-random bytes (AES-256-CTR
 * of zeros, fixed key) written once to /tmp and reused. The blob's hash the server reports is
 * compared with the `sha256sum` binary's. It prints; it asserts nothing (target: RSS < 300 MB).
 */
export async function benchUploads(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', default: '2GiB' },
      chunk: { type: 'string', default: '50MiB' },
      engine: { type: 'string', default: 'both' },
      keep: { type: 'boolean', default: false },
    },
  });
  const engines = values.engine === 'both' ? (['pglite', 'postgres'] as const) : [values.engine as 'pglite' | 'postgres'];
  const size = parseSize(values.size);
  const chunkSize = parseSize(values.chunk);
  const source = join(tmpdir(), `sanxiang-bench-upload-${size}.bin`);
  if (!existsSync(source) || statSync(source).size !== size) {
    const t = performance.now();
    await writeSource(source, size);
    console.log(`source written: ${source} (${fmt(size)}) in ${s(performance.now() - t)}`);
  }
  const t = performance.now();
  const expected = (await promisify(execFile)('sha256sum', [source])).stdout.split(' ')[0];
  console.log(`sha256sum ${expected} (${s(performance.now() - t)})`);

  for (const engine of engines) await run(engine, { size, chunkSize, source, expected: expected as string, keep: values.keep });
}

async function run(engine: 'pglite' | 'postgres', o: { size: number; chunkSize: number; source: string; expected: string; keep: boolean }) {
  const { size, chunkSize, source, expected } = o;
  console.log(`\n[${engine}]`);
  const dataDir = mkdtempSync(join(tmpdir(), 'sanxiang-bench-uploads-'));
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    DEMO_PASSWORD: 'sanxiang-demo',
    DEMO_CASES: 'off',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    CHECKPOINT_INTERVAL_SECONDS: '3600',
  };
  const base = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `sanxiang_bench_${randomBytes(5).toString('hex')}`;
  if (engine === 'postgres') {
    await admin(base, `create database ${dbName}`);
    const url = new URL(base);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  } else env.DATABASE_URL = '';
  let t: number;
  try {
    // the demo's accounts, loaded by a first process that then stops: the measured server only serves
    t = performance.now();
    const demo = await start('demo', env);
    await demo.stop();
    console.log(`demo accounts loaded (${s(performance.now() - t)})`);
    const server = await start('serve', env);
    try {
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'officer', password: 'sanxiang-demo' }),
      });
      if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
      const token = ((await login.json()) as { token: string }).token;
      const before = memory(server.pid);
      console.log(`server pid ${server.pid}: VmRSS ${fmt(before.rss)} before the upload (VmHWM ${fmt(before.hwm)})`);

      let peak = before.rss;
      const sampler = setInterval(() => {
        peak = Math.max(peak, memory(server.pid).rss);
      }, 100);
      // each PATCH's duration: the last one includes the server's finishing (staged file -> blob)
      const started = new Map<unknown, number>();
      const patches: number[] = [];
      t = performance.now();
      const hash = await new Promise<string | null>((resolve, reject) => {
        const upload = new Upload(createReadStream(source), {
          endpoint: `${server.url}/api/v1/uploads`,
          chunkSize,
          uploadSize: size,
          headers: { authorization: `Bearer ${token}` },
          metadata: { filename: 'bench.bin', filetype: 'application/octet-stream' },
          retryDelays: [0, 1000, 3000],
          onBeforeRequest: (req) => {
            if (req.getMethod() === 'PATCH') started.set(req, performance.now());
          },
          onAfterResponse: (req) => {
            const at = started.get(req);
            if (at !== undefined) patches.push(performance.now() - at);
          },
          onError: reject,
          onSuccess: ({ lastResponse }) => resolve(lastResponse.getHeader('Upload-Blob-Hash') ?? null),
        });
        upload.start();
      });
      const elapsed = performance.now() - t;
      clearInterval(sampler);
      const after = memory(server.pid);
      peak = Math.max(peak, after.rss);
      const others = patches.slice(0, -1).sort((a, b) => a - b);
      const median = others[Math.floor(others.length / 2)] ?? 0;
      console.log(
        `uploaded ${fmt(size)} in ${patches.length} PATCHes of ${chunkSize / MiB} MiB: ${s(elapsed)}, ${(size / MiB / (elapsed / 1000)).toFixed(1)} MiB/s`,
      );
      console.log(
        `  median PATCH ${s(median)}; the last ${s(patches[patches.length - 1] ?? 0)} (it also streams the staged file into the blob store, hashed)`,
      );
      console.log(
        `server VmRSS: ${fmt(before.rss)} before, peak ${fmt(peak)} (sampled every 100 ms; +${fmt(peak - before.rss)}), VmHWM ${fmt(after.hwm)}, after ${fmt(after.rss)}`,
      );
      console.log(`blob hash ${hash} — ${hash === expected ? 'equal to sha256sum' : 'DIFFERENT from sha256sum'}`);
      const stored = join(dataDir, 'blobs', (hash ?? '').slice(0, 2), hash ?? '');
      console.log(`stored file ${existsSync(stored) ? `${stored} (${fmt(statSync(stored).size)})` : 'not found on disk'}`);
    } finally {
      await server.stop();
    }
  } finally {
    if (o.keep) console.log(`kept DATA_DIR ${dataDir}${engine === 'postgres' ? ` and database ${dbName}` : ''}`);
    else {
      rmSync(dataDir, { recursive: true, force: true });
      if (engine === 'postgres') await admin(base, `drop database if exists ${dbName} with (force)`);
    }
  }
}

/** Deterministic bytes, written a block at a time (the generator never holds the file). */
async function writeSource(path: string, size: number) {
  const cipher = createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), Buffer.alloc(16, 0));
  const zeros = Buffer.alloc(8 * MiB);
  const fh = await open(path, 'w');
  try {
    for (let done = 0; done < size; ) {
      const n = Math.min(zeros.length, size - done);
      await fh.write(cipher.update(zeros.subarray(0, n)));
      done += n;
    }
  } finally {
    await fh.close();
  }
}

/** VmRSS and VmHWM of a process, in bytes (Linux). */
function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

interface Running {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

async function start(command: 'serve' | 'demo', env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const proc: ChildProcess = spawn(process.execPath, [bin, command], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`sanxiang ${command} exited:\n${out}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`sanxiang ${command} not ready in 180 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    pid: proc.pid as number,
    url,
    async stop() {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** 2GiB, 500MiB, 2GB, 1000000: bytes. */
function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|KB|MB|GB)?$/i.exec(v.trim());
  if (!m) throw new Error(`not a size: ${v} (e.g. 2GiB, 200MiB, 1000000)`);
  const unit = (m[2] ?? 'B').toLowerCase();
  const factor: Record<string, number> = { b: 1, kib: 1024, mib: MiB, gib: 1024 * MiB, kb: 1e3, mb: 1e6, gb: 1e9 };
  return Math.round(Number(m[1]) * (factor[unit] as number));
}

const fmt = (n: number) => (n >= 1024 * MiB ? `${(n / 1024 / MiB).toFixed(2)} GiB` : `${(n / MiB).toFixed(1)} MiB`);
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
