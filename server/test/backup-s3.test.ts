import { join } from 'node:path';
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkArchive, type Manifest, restoreBackup, writeBackup } from '../src/platform/backup';
import { openArchive } from '../src/platform/backup/check';
import { verifyBlobs } from '../src/platform/blobs';
import { openBlobStore } from '../src/platform/blobs/open';
import { type Config, loadConfig } from '../src/platform/config';
import { openStore } from '../src/platform/db/connect';
import { type BackupTarget, backupTargets, seedStore } from './backup-targets';
import { runCli } from './process';
import { type S3Harness, startS3 } from './s3';

// Issue 10 §4 with S3-compatible storage (ADR 0013): the archive carries no blob bytes, only
// blobs.jsonl (hash, size) of the referenced objects; a restore pointed at the same bucket checks
// that each is still there and reports by hash the ones that are not. s3rver runs in a child
// process so the real CLI (spawnSync, which blocks this process) can reach it too.
const { tmp, target, cleanup } = backupTargets('sanxiang-backup-s3-');
let s3: S3Harness;

const configOf = (t: BackupTarget): Config => ({ ...loadConfig({ ...process.env, ...s3.env }), ...t });
const envOf = (t: BackupTarget) => ({ DATA_DIR: t.dataDir, DATABASE_URL: t.databaseUrl, TZ: 'UTC', ...s3.env });

let source: BackupTarget;
let blobs: { hash: string; size: number }[];
const archive = join(tmp, 'backup.tar');
let manifest: Manifest;

beforeAll(async () => {
  s3 = await startS3({ separate: true });
  source = await target('source');
  blobs = await seedStore(source, configOf(source), { entries: 30, blobs: 3 });
  const cp = runCli(['journal', 'checkpoint'], envOf(source));
  expect(cp.stdout + cp.stderr).toMatch(/已签发检查点/);
}, 120_000);

afterAll(async () => {
  await cleanup();
  await s3?.stop();
});

async function restoreInto(name: string): Promise<{ t: BackupTarget; code: number; text: string }> {
  const t = await target(name);
  const lines: string[] = [];
  const code = await restoreBackup({ file: archive, config: configOf(t), out: (l) => lines.push(l) });
  return { t, code, text: lines.join('\n') };
}

describe('sanxiang backup and restore with S3 blobs', () => {
  it('writes no blob bytes, only the list of every referenced object', async () => {
    const store = await openStore({ ...source, purpose: 'backup test' });
    try {
      const r = await writeBackup({ db: store.db, engine: store.engine, config: configOf(source), file: archive, out: () => undefined });
      manifest = r.manifest;
    } finally {
      await store.close();
    }
    const bytes = blobs.reduce((n, b) => n + b.size, 0);
    expect(manifest.blobs).toMatchObject({ store: 's3', count: 3, bytes, included: false, missing: [] });
    const { entries } = await openArchive(archive);
    const paths: string[] = [];
    let listed: { hash: string; size: number }[] = [];
    for await (const e of entries) {
      paths.push(e.path);
      const parts: Buffer[] = [];
      for await (const c of e.body) parts.push(c);
      if (e.path === 'blobs.jsonl') {
        listed = Buffer.concat(parts)
          .toString('utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { hash: string; size: number });
      }
    }
    expect(paths.filter((p) => p.startsWith('blobs/'))).toEqual([]);
    const byHash = (a: { hash: string }, b: { hash: string }) => a.hash.localeCompare(b.hash);
    expect(listed.map(({ hash, size }) => ({ hash, size })).sort(byHash)).toEqual([...blobs].sort(byHash));
    expect((await checkArchive(archive)).blobs).toBe(0);
  }, 120_000);

  it('restores against the same bucket: the objects are found, journal and blobs verify', async () => {
    const { t, code, text } = await restoreInto('restored');
    expect(text).toContain('S3 存储中被记录引用的 3 个文件都在');
    expect(text).toMatch(/默克尔根与备份时的相同/);
    expect(code, text).toBe(0);
    const store = await openStore({ ...t, purpose: 'backup test' });
    try {
      const b = await verifyBlobs(openBlobStore(configOf(t), 'sha256'), store.db);
      expect(b).toMatchObject({ checked: 3, recorded: 3, problems: [] });
    } finally {
      await store.close();
    }
    const v = runCli(['journal', 'verify'], envOf(t));
    expect(v.stdout, v.stderr).toMatch(/全过程记录完整/);
    expect(v.code).toBe(0);
  }, 120_000);

  it('reports by hash an object deleted from the bucket since, and fails', async () => {
    const gone = blobs[1] as { hash: string; size: number };
    // straight to the bucket, past the platform (an operator's or a lifecycle rule's deletion)
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    try {
      await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: `blobs/${gone.hash}` }));
    } finally {
      client.destroy();
    }
    const { code, text } = await restoreInto('missing');
    expect(text).toContain(`S3 存储中缺少文件：${gone.hash}（${gone.size} 字节）`);
    expect(text).toContain('S3 存储中缺少 1 个被记录引用的文件');
    expect(code, text).toBe(1);
    // and the real command exits non-zero saying the same
    const t = await target('missing-cli');
    const r = runCli(['restore', archive], envOf(t));
    expect(r.stdout + r.stderr).toContain(`S3 存储中缺少文件：${gone.hash}`);
    expect(r.code).toBe(1);
  }, 180_000);

  it('a backup taken after the deletion names the missing object and fails', async () => {
    const gone = blobs[1] as { hash: string; size: number };
    const file = join(tmp, 'after-deletion.tar');
    const b = runCli(['backup', file], envOf(source));
    expect(b.stdout, b.stderr).toMatch(/备份完成：.*S3 文件清单 3 项/);
    expect(b.stdout).toMatch(/问题：数据库引用的 1 个文件在存储中缺失/);
    expect(b.code).toBe(1);
    const { manifest: m, entries } = await openArchive(file);
    await entries.return(undefined);
    expect(m.blobs).toMatchObject({ store: 's3', count: 3, included: false, missing: [gone.hash] });
  }, 120_000);
});
