import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { demoCaseAccounts, loadCasesDemo } from './demo/cases';
import { demoAccountTable, loadDemo } from './demo/load';
import { backfillNameSortKeys } from './modules/org';
import { type CommandRunner, startAdminSocket } from './platform/admin-socket';
import { bootstrapAdministrator } from './platform/auth';
import { sealStoredTotpSecrets } from './platform/auth/totp-key';
import { openBlobStore } from './platform/blobs';
import { type Clock, systemClock } from './platform/clock';
import type { Config } from './platform/config';
import type { AppContext } from './platform/context';
import { openStore, type Store } from './platform/db/connect';
import { migrate } from './platform/db/migrate';
import { drainJobs, failInterruptedJobs, startJobSweeper, startPeriodic } from './platform/jobs';
import { createJournal } from './platform/journal/append';
import { createCheckpoint } from './platform/journal/checkpoint';
import { registerStartupKeys } from './platform/journal/key-registry';
import { settleHashAlgorithm } from './platform/journal/settings';
import { checkTailAgainstCheckpoint } from './platform/journal/tail';

export interface StartOptions {
  config: Config;
  demo: boolean;
  clock?: Clock;
  /** runs CLI commands on the admin socket (see cli.ts) */
  runCommand: CommandRunner;
  print?: (line: string) => void;
}

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  stop(): Promise<void>;
}

/** Opens a store and builds the context every service uses. */
export async function openContext(config: Config, purpose: string, clock: Clock = systemClock): Promise<AppContext> {
  const store: Store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, purpose });
  try {
    await migrate(store.db);
    await backfillNameSortKeys(store.db);
    const hash = await settleHashAlgorithm(store.db, config.journalHash, clock.now());
    return {
      store,
      db: store.db,
      config,
      clock,
      journal: createJournal(hash, clock, { serialised: store.engine === 'pglite' }),
      blobs: openBlobStore(config, hash),
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const print = opts.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const { config } = opts;
  const ctx = await openContext(config, opts.demo ? 'sanxiang demo' : 'sanxiang serve', opts.clock);
  const stoppers: (() => Promise<void> | void)[] = [];
  try {
    if (opts.demo) {
      const state = await loadDemo(ctx, config.demoPassword);
      if (config.demoCases) {
        if (state === 'loaded') print('正在载入演示案件（每一步都经办案引擎办理并记入全过程记录，约需半分钟）…');
        await loadCasesDemo(ctx, config.demoPassword); // issue 8 §14: the demo's cases, each act through the engine
      }
      print(state === 'loaded' ? '已载入演示辖区：示范市示范区' : '演示数据已存在，直接使用');
      print(demoAccountTable(config.demoPassword));
      for (const a of demoCaseAccounts) print(`  ${a.username.padEnd(18)} ${a.displayName}`);
    } else {
      const admin = await bootstrapAdministrator(ctx);
      if (admin) {
        print('数据库为空，已创建系统管理员账户（一次性密码，首次登录后必须修改）：');
        print(`  用户名：${admin.username}`);
        print(`  密码：  ${admin.password}`);
      }
    }
    // checkpoint keys belong to the deployment (issue 10 §1): this process's key is registered when
    // none is (first start), an upgraded deployment's DATA_DIR/keys/ too; one that does not sign says why
    const signer = await registerStartupKeys(ctx);
    if (signer.reason) print(`警告：${signer.reason}`);
    // TOTP secrets enrolled before encryption are sealed now (issue 7 §6); a key that cannot open
    // the sealed ones is said here, not at someone's next login
    const totp = await sealStoredTotpSecrets(ctx.db, config);
    if (totp.sealed > 0) print(`已加密 ${totp.sealed} 个以明文保存的身份验证器密钥`);
    if (totp.unreadable > 0) {
      print(
        `警告：${totp.unreadable} 个账户的身份验证器密钥无法用当前 TOTP 密钥解密（TOTP_KEY 或 ${config.dataDir}/keys/totp.key 与加密时不同），这些账户将无法登录；请从备份恢复原密钥`,
      );
    }
    const tailWarning = await checkTailAgainstCheckpoint(ctx.db, ctx.journal.hashAlgorithm);
    if (tailWarning) print(`警告：${tailWarning}`);
    // jobs left running by a stopped server can never finish; with one owner (PGlite) every
    // running job is such a one and is closed at once. On PostgreSQL other servers' jobs may be
    // live: there the sweeper below fails only those whose heartbeat stopped (ADR 0012).
    if (ctx.store.engine === 'pglite') await failInterruptedJobs(ctx);
    const app = await buildApp(ctx);
    stoppers.push(() => drainJobs(ctx));
    const sweeper = startJobSweeper(ctx, (e) => app.log.error({ err: e }, 'job sweep failed'));
    stoppers.push(() => sweeper.stop());
    if (tailWarning) app.log.error({ tailWarning }, 'journal tail does not match the last checkpoint');
    stoppers.push(() => app.close());
    await app.listen({ port: config.port, host: config.host });
    if (ctx.store.lock) {
      const socketPath = join(config.dataDir, 'sanxiang.sock');
      const socket = await startAdminSocket(socketPath, opts.runCommand);
      ctx.store.lock.setSocket(socketPath);
      stoppers.push(() => new Promise<void>((r) => socket.close(() => r())));
    }
    // sign what the demo loader or the installer wrote, then every interval while there is news
    await createCheckpoint(ctx);
    // one signer across all servers (issue 10 §2): the journal.checkpoint lease's holder signs
    const checkpoints = startPeriodic(ctx, {
      name: 'journal.checkpoint',
      intervalSeconds: config.checkpointIntervalSeconds,
      run: () => createCheckpoint(ctx),
      onError: (e) => app.log.error({ err: e }, 'checkpoint failed'),
    });
    stoppers.push(() => checkpoints.stop());
    const url = `http://${config.host}:${config.port}`;
    print(`三项平台已启动：${url}  （数据库：${ctx.store.engine === 'pglite' ? `嵌入式 PGlite，目录 ${config.dataDir}` : 'PostgreSQL'}）`);
    const files =
      config.blobStore.kind === 's3'
        ? `S3 存储 s3://${config.blobStore.bucket}/${config.blobStore.prefix}`
        : `${join(config.dataDir, 'blobs')}`;
    print(`文件存储：${files}（${ctx.blobs.algorithm}）`);
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      for (const s of stoppers.reverse()) await s();
      await ctx.store.close();
    };
    return { app, ctx, url, stop };
  } catch (e) {
    for (const s of stoppers.reverse()) await s();
    await ctx.store.close();
    throw e;
  }
}
