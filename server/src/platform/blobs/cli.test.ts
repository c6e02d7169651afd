import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3Harness, startS3 } from '../../../test/s3';
import { loadConfig } from '../config';
import { openStore, type Store } from '../db/connect';
import { migrate } from '../db/migrate';
import { openBlobStore } from './open';
import { recordBlob } from './record';
import type { BlobInfo, BlobStore } from './types';

// The real `sanxiang blobs verify` in a child process, on a store of its own (PGlite in a temp
// DATA_DIR, or a fresh PostgreSQL database when DATABASE_URL is set), with files on disk and on S3.
const root = new URL('../../../../', import.meta.url).pathname;
const base = process.env.DATABASE_URL;

async function admin(text: string) {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

describe.each(['fs', 's3'] as const)('sanxiang blobs verify (%s)', { timeout: 120_000 }, (backend) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sanxiang-blobs-cli-'));
  const dbName = `sanxiang_t_${randomBytes(6).toString('hex')}`;
  const databaseUrl = base ? Object.assign(new URL(base), { pathname: `/${dbName}` }).toString() : undefined;
  let s3: S3Harness | undefined;
  let env: Record<string, string> = {};
  let blobs: BlobStore;
  const infos: BlobInfo[] = [];

  async function withStore(fn: (store: Store) => Promise<void>) {
    const store = await openStore({ databaseUrl, dataDir, purpose: 'blobs cli test' });
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  }

  function sanxiang(...args: string[]) {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, TZ: 'UTC', ...env };
    if (databaseUrl) childEnv.DATABASE_URL = databaseUrl;
    else delete childEnv.DATABASE_URL;
    if (backend === 'fs') delete childEnv.BLOB_STORE;
    const r = spawnSync(process.execPath, ['server/bin/sanxiang.mjs', ...args], {
      cwd: root,
      env: childEnv,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, out: r.stdout + r.stderr };
  }

  beforeAll(async () => {
    if (base) await admin(`create database ${dbName}`);
    if (backend === 's3') {
      // in a child process: spawnSync below blocks this one, which could then not answer the CLI
      s3 = await startS3({ separate: true });
      env = s3.env;
    }
    blobs = openBlobStore(loadConfig({ DATA_DIR: dataDir, ...env }), 'sha256');
    for (const text of ['询问笔录第一页', '现场照片', '尚未归入案件的上传']) infos.push(await blobs.put(Buffer.from(text)));
    await withStore(async (store) => {
      await migrate(store.db);
      // the first two are referenced by records; the third is stored but not yet attached
      for (const info of infos.slice(0, 2)) await recordBlob(store.db, info, new Date('2026-09-01T01:00:00Z'));
    });
  }, 120_000);

  afterAll(async () => {
    if (base) await admin(`drop database if exists ${dbName} with (force)`);
    await s3?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('passes intact files with exit 0 and a Chinese summary', () => {
    const r = sanxiang('blobs', 'verify');
    expect(r.out).toMatch(/已核验 3 个文件（[\d.]+ MB，(本地文件存储|S3 存储)；数据库记录 2 个），全部一致/);
    expect(r.code).toBe(0);
  });

  it('names a file whose bytes were altered, with exit 1', async () => {
    const victim = infos[1] as BlobInfo;
    if (backend === 'fs') {
      const path = join(dataDir, 'blobs', victim.hash.slice(0, 2), victim.hash);
      chmodSync(path, 0o644); // stored read-only: whoever alters it must first undo that
      writeFileSync(path, Buffer.from('现场照片（已被替换）'));
    } else {
      const h = s3 as S3Harness;
      const client = new S3Client({
        endpoint: h.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      });
      await client.send(new PutObjectCommand({ Bucket: h.bucket, Key: `blobs/${victim.hash}`, Body: Buffer.from('现场照片（已被替换）') }));
      client.destroy();
    }
    const r = sanxiang('blobs', 'verify');
    expect(r.out).toContain(`不一致：${victim.hash}`);
    expect(r.out).toMatch(/发现 1 个问题/);
    expect(r.code).toBe(1);
  });

  it('names a recorded file that is missing from the store', async () => {
    const ghost: BlobInfo = { hash: 'f'.repeat(64), algorithm: 'sha256', size: 10 };
    await withStore((store) => recordBlob(store.db, ghost, new Date('2026-09-02T01:00:00Z')));
    const r = sanxiang('blobs', 'verify');
    expect(r.out).toContain(`缺失：${ghost.hash}`);
    expect(r.out).toMatch(/发现 2 个问题/);
    expect(r.code).toBe(1);
  });
});
