import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import { openStore } from '../db/connect';
import { liveHolder } from '../db/lock';
import { userTables } from './catalog';
import { withSnapshot } from './dump';
import type { JournalSummary } from './manifest';
import { loadStore, verifyRestored } from './transfer';

export interface MoveOptions {
  /** the PostgreSQL database to fill (empty) */
  targetUrl: string;
  config: Pick<Config, 'dataDir' | 'journalHash' | 'blobStore'>;
  out(line: string): void;
}

export class MoveRefused extends Error {}

/**
 * `sanxiang move-to-postgres <DATABASE_URL>` (issue 10 §5): the PGlite store in DATA_DIR, which no
 * server may hold, is dumped (dump.ts) and loaded (transfer.ts) straight into the empty PostgreSQL
 * database, with no archive on disk; the journal is verified there and its Merkle root compared
 * with the one computed from the PGlite rows. Blobs and keys stay in DATA_DIR. Answers the exit code.
 */
export async function moveToPostgres(o: MoveOptions): Promise<number> {
  const started = performance.now();
  const { dataDir } = o.config;
  const holder = liveHolder(dataDir);
  if (holder) throw new MoveRefused(`数据目录 ${dataDir} 正由进程 ${holder.pid}（${holder.purpose}）使用；请先停止服务器，再迁移`);
  if (!existsSync(join(dataDir, 'pgdata'))) throw new MoveRefused(`数据目录 ${dataDir} 中没有嵌入式数据库（pgdata）`);
  const target = await openStore({ databaseUrl: o.targetUrl, purpose: 'sanxiang move-to-postgres' });
  try {
    const tables = await userTables(target.db);
    if (tables.length)
      throw new MoveRefused(`目标数据库不是空的（已有 ${tables.length} 张表，如 ${tables.slice(0, 3).join('、')}）；请使用新建的空数据库`);
    const source = await openStore({ dataDir, purpose: 'sanxiang move-to-postgres' });
    let before: JournalSummary | undefined;
    try {
      await withSnapshot(source.db, o.config.journalHash, async (snap) => {
        o.out(`源：${dataDir}（嵌入式数据库，${snap.tables.length} 张表）`);
        await loadStore(
          target.db,
          {
            migrations: snap.migrations,
            tables: snap.tables,
            feed: async (load) => {
              before = await snap.dumpTables(async (t, pages) => {
                await load(t.name, pages);
              });
            },
            sequences: () => snap.sequences(),
          },
          o.out,
        );
      });
    } finally {
      await source.close();
    }
    const journal = before as JournalSummary;
    o.out(`迁移前（嵌入式数据库）：全过程记录 ${journal.treeSize} 条，默克尔根 ${journal.rootHash}`);
    const verified = await verifyRestored(target.db, o.config, journal, undefined, o.out);
    o.out(`迁移后（PostgreSQL）：默克尔根 ${verified.rootHash}${verified.rootHash === journal.rootHash ? '（相同）' : '（不同！）'}`);
    o.out(`用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒`);
    if (!verified.ok) return 1;
    o.out('');
    o.out('下一步：');
    o.out(`  1. 设置 DATABASE_URL=${redact(o.targetUrl)} 后启动服务器（sanxiang serve）。`);
    o.out(`  2. 保留数据目录 ${dataDir}：其中 blobs/ 是文件存储、keys/ 是检查点签名密钥和 TOTP 密钥；`);
    o.out('     或将文件迁到 S3 兼容存储（BLOB_STORE=s3://…），并核验（sanxiang blobs verify）。');
    o.out(`  3. 多台服务器共用数据库时：CHECKPOINT_KEY_FILE 指向共享的签名私钥（现为 ${join(dataDir, 'keys')} 中的私钥），`);
    o.out('     TOTP_KEY 设为 keys/totp.key 的内容，每台服务器相同。');
    o.out(`  4. 确认无误后，嵌入式数据库 ${join(dataDir, 'pgdata')} 可另行归档；不要再用它启动服务器。`);
    return 0;
  } finally {
    await target.close();
  }
}

/** The URL without its password, for printing. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
