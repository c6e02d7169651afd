import { resolve } from 'node:path';

export type HashAlgorithm = 'sha256' | 'sm3';
export type SignatureAlgorithm = 'ed25519' | 'sm2';

export interface Config {
  port: number;
  host: string;
  /** Directory of the embedded store, the platform key and the lock (DESIGN.md: one owner). */
  dataDir: string;
  /** PostgreSQL when set; PGlite in `dataDir` otherwise. */
  databaseUrl: string | undefined;
  journalHash: HashAlgorithm;
  checkpointSignature: SignatureAlgorithm;
  /** Seconds between automatic checkpoints when the journal has new entries. */
  checkpointIntervalSeconds: number;
  logLevel: string;
  /** Login attempts per minute per client address (@fastify/rate-limit). */
  loginRateLimitPerMinute: number;
  demoPassword: string;
  webDist: string;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`环境变量 ${name} 应为非负整数，实际为 "${raw}"`);
  return n;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = (env[name] ?? '').toLowerCase();
  if (raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new Error(`环境变量 ${name} 只能是 ${allowed.join(' / ')}，实际为 "${raw}"`);
  }
  return raw as T;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intEnv(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    journalHash: oneOf(env, 'JOURNAL_HASH', ['sha256', 'sm3'] as const, 'sha256'),
    checkpointSignature: oneOf(env, 'CHECKPOINT_SIGNATURE', ['ed25519', 'sm2'] as const, 'ed25519'),
    checkpointIntervalSeconds: intEnv(env, 'CHECKPOINT_INTERVAL_SECONDS', 60),
    logLevel: env.LOG_LEVEL || 'info',
    loginRateLimitPerMinute: intEnv(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 30),
    demoPassword: env.DEMO_PASSWORD || 'sanxiang-demo',
    webDist: resolve(env.WEB_DIST || new URL('../../../web/dist', import.meta.url).pathname),
  };
}
