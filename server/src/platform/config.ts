import { isIP } from 'node:net';
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
  /**
   * Requests per minute per client address to each public journal endpoint (checkpoints, key,
   * proofs): they need no login, so the limit is what keeps one client from monopolising the server.
   */
  publicRateLimitPerMinute: number;
  demoPassword: string;
  /** whether `sanxiang demo` also plays the ~70 demo cases through the engine (DEMO_CASES=off skips them: browser tests of other pages) */
  demoCases: boolean;
  /**
   * Key of the TOTP secrets at rest (base64 of 32 bytes); unset: DATA_DIR/keys/totp.key, made at
   * first use. Servers sharing one PostgreSQL must share it (platform/auth/totp-key.ts).
   */
  totpKey: string | undefined;
  webDist: string;
  /**
   * Which proxies to believe about the client (Fastify `trustProxy`): false (default, the socket is
   * the client), a hop count, or addresses/CIDRs. Decides `request.ip` (rate limits, audit IPs)
   * and `request.protocol` (HSTS and upgrade-insecure-requests only over TLS). docs/operations.md.
   */
  trustProxy: boolean | number | string[];
  /** Largest file a tus upload may announce (UPLOAD_MAX_BYTES, default 5 GiB): more is 413 (issue 9 §2). */
  uploadMaxBytes: number;
  /** Where uploads in progress are staged (UPLOAD_DIR, default DATA_DIR/uploads); staging, not records. */
  uploadDir: string | undefined;
  /** Where files are kept (platform/blobs, ADR 0009): DATA_DIR/blobs/ or S3-compatible storage. */
  blobStore: BlobStoreConfig;
  /**
   * The deployment's checkpoint signing key (issue 10 §1): a private key file every signing process
   * reads (CHECKPOINT_KEY_FILE). Unset: the embedded default under DATA_DIR/keys/, for one process.
   */
  checkpointKeyFile: string | undefined;
  /** Seconds between a running job's heartbeats (JOB_HEARTBEAT_SECONDS); a job silent for 3× is taken as dead. */
  jobHeartbeatSeconds: number;
  /** Bearer token that opens /metrics to a scraper elsewhere (METRICS_TOKEN); unset: loopback only. */
  metricsToken: string | undefined;
}

/** BLOB_STORE unset: files under DATA_DIR/blobs/; `s3://bucket/prefix`: S3-compatible storage. */
export type BlobStoreConfig =
  | { kind: 'fs' }
  | {
      kind: 's3';
      bucket: string;
      /** key prefix without slashes at either end; '' for the bucket's root */
      prefix: string;
      endpoint: string | undefined;
      region: string;
      forcePathStyle: boolean;
      /** unset: the AWS SDK's own chain (environment, profile, instance role) */
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
    };

/** BLOB_STORE, S3_ENDPOINT, S3_REGION, S3_FORCE_PATH_STYLE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY. */
export function parseBlobStore(env: NodeJS.ProcessEnv): BlobStoreConfig {
  const raw = (env.BLOB_STORE ?? '').trim();
  if (raw === '' || raw === 'fs') return { kind: 'fs' };
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(raw);
  if (!m) throw new Error(`环境变量 BLOB_STORE 应为 fs 或 s3://存储桶/前缀，实际为 "${raw}"`);
  const endpoint = env.S3_ENDPOINT || undefined;
  const pathStyle = (env.S3_FORCE_PATH_STYLE ?? '').toLowerCase();
  if (!['', 'true', 'false'].includes(pathStyle))
    throw new Error(`环境变量 S3_FORCE_PATH_STYLE 只能是 true / false，实际为 "${pathStyle}"`);
  const keyId = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  return {
    kind: 's3',
    bucket: m[1] as string,
    prefix: (m[2] ?? '').replace(/^\/+|\/+$/g, ''),
    endpoint,
    region: env.S3_REGION || 'us-east-1',
    forcePathStyle: pathStyle === '' ? endpoint !== undefined : pathStyle === 'true',
    credentials: keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : undefined,
  };
}

/** TRUST_PROXY: empty/false, true, a hop count (`1`), or addresses and CIDRs (`127.0.0.1,10.0.0.0/8`). */
export function parseTrustProxy(raw: string | undefined): boolean | number | string[] {
  const v = (raw ?? '').trim();
  if (v === '' || v.toLowerCase() === 'false') return false;
  if (v.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const parts = v
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of parts) {
    const [addr, bits, extra] = p.split('/');
    const okAddr = isIP(addr ?? '') !== 0 || ['loopback', 'linklocal', 'uniquelocal'].includes(addr ?? '');
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(addr ?? '') === 6 ? 128 : 32));
    if (!okAddr || !okBits || extra !== undefined) {
      throw new Error(`环境变量 TRUST_PROXY 应为 true/false、跳数或以逗号分隔的地址/网段（如 127.0.0.1,10.0.0.0/8），无法识别 "${p}"`);
    }
  }
  return parts;
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

/** Fastify's `trustProxy` for the setting: a hop count becomes "the nearest n hops" (its types take no number). */
export function trustProxyOption(v: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof v === 'number' ? (_address, hop) => hop < v : v;
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
    publicRateLimitPerMinute: intEnv(env, 'PUBLIC_RATE_LIMIT_PER_MINUTE', 600),
    demoPassword: env.DEMO_PASSWORD || 'sanxiang-demo',
    demoCases: env.DEMO_CASES !== 'off',
    totpKey: env.TOTP_KEY || undefined,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    uploadMaxBytes: intEnv(env, 'UPLOAD_MAX_BYTES', 5 * 1024 ** 3),
    uploadDir: env.UPLOAD_DIR ? resolve(env.UPLOAD_DIR) : undefined,
    blobStore: parseBlobStore(env),
    checkpointKeyFile: env.CHECKPOINT_KEY_FILE ? resolve(env.CHECKPOINT_KEY_FILE) : undefined,
    jobHeartbeatSeconds: Math.max(1, intEnv(env, 'JOB_HEARTBEAT_SECONDS', 10)),
    metricsToken: env.METRICS_TOKEN || undefined,
    webDist: resolve(env.WEB_DIST || new URL('../../../web/dist', import.meta.url).pathname),
  };
}
