import { allRoles, insertAccount, type Role } from './platform/auth';
import { openBlobStore } from './platform/blobs';
import { type Command, exit, UsageError } from './platform/command';
import type { AppContext } from './platform/context';
import { migrate } from './platform/db/migrate';
import { createJournal } from './platform/journal/append';
import { settleHashAlgorithm } from './platform/journal/settings';

/** Set by cli.ts: starts the server (kept out of this file so the server can import the command list). */
export interface ServeHooks {
  serve(demo: boolean): Promise<number>;
}

let hooks: ServeHooks | undefined;
export function setServeHooks(h: ServeHooks) {
  hooks = h;
}

async function contextOf(
  store: Awaited<ReturnType<Parameters<Command['run']>[1]['store']>>,
  c: Parameters<Command['run']>[1],
): Promise<AppContext> {
  const hash = await settleHashAlgorithm(store.db, c.config.journalHash, c.clock.now());
  return {
    store,
    db: store.db,
    config: c.config,
    clock: c.clock,
    journal: createJournal(hash, c.clock, { serialised: store.engine === 'pglite' }),
    blobs: openBlobStore(c.config, hash),
  };
}

/** `sanxiang migrate`, `serve`, `demo`, `users create`. */
export const platformCommands: Command[] = [
  {
    path: ['serve'],
    summary: '启动平台服务器（空数据库时创建系统管理员并打印一次性密码）',
    help: '监听 HOST:PORT（默认 127.0.0.1:3000）；未设置 DATABASE_URL 时使用 DATA_DIR（默认 ./data）中的嵌入式数据库。',
    servable: false,
    run: () => {
      if (!hooks) throw new Error('serve hooks not set');
      return hooks.serve(false);
    },
  },
  {
    path: ['demo'],
    summary: '载入演示辖区（示范市示范区）并启动服务器',
    help: '首次运行时载入演示机构和每个角色一个演示账户，密码取 DEMO_PASSWORD（默认 sanxiang-demo）；之后的运行直接使用已有数据。',
    servable: false,
    run: () => {
      if (!hooks) throw new Error('serve hooks not set');
      return hooks.serve(true);
    },
  },
  {
    path: ['migrate'],
    summary: '应用尚未执行的数据库迁移',
    servable: true,
    async run(_args, ctx) {
      const { db } = await ctx.store();
      const result = await migrate(db);
      ctx.out(result.applied.length ? `已应用迁移：${result.applied.join('、')}` : `数据库结构已是最新（版本 ${result.current ?? '无'}）`);
      return exit.ok;
    },
  },
  {
    path: ['users', 'create'],
    usage: '<用户名> --name <姓名> --role <角色>… [--agency <机构ID>]',
    summary: '创建用户账户并打印一次性密码（首次登录须修改）',
    help: `角色：${allRoles.join(', ')}。管理员角色（system_admin / security_admin / auditor）须分别授予不同账户（三员分立）。`,
    options: {
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
      agency: { type: 'string' },
      jurisdiction: { type: 'string' },
    },
    servable: true,
    async run({ positionals, values }, c) {
      const [username, ...extra] = positionals;
      if (!username || extra.length) throw new UsageError('需要且只需要一个用户名');
      if (typeof values.name !== 'string' || !values.name) throw new UsageError('缺少 --name <姓名>');
      const roles = (values.role as string[] | undefined) ?? [];
      const bad = roles.filter((r) => !(allRoles as readonly string[]).includes(r));
      if (bad.length) throw new UsageError(`未知角色：${bad.join(', ')}（可用：${allRoles.join(', ')}）`);
      if (!/^[a-z][a-z0-9_.-]{2,31}$/.test(username)) throw new UsageError('用户名须以小写字母开头，3–32 位小写字母、数字、_ . -');
      const ctx = await contextOf(await c.store(), c);
      const { password } = await ctx.db.transaction().execute((trx) =>
        insertAccount(trx, ctx, null, {
          username,
          displayName: values.name as string,
          roles: roles as Role[],
          agencyId: (values.agency as string | undefined) ?? null,
          jurisdictionCode: (values.jurisdiction as string | undefined) ?? null,
        }),
      );
      c.out(`已创建用户 ${username}（${roles.join(', ') || '无角色'}）`);
      c.out(`一次性密码：${password}`);
      return exit.ok;
    },
  },
];
