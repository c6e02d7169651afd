import { resolve } from 'node:path';
import { type Command, exit, UsageError } from '../command';
import { mib, writeBackup } from './backup';
import { ArchiveError } from './check';
import { MoveRefused, moveToPostgres } from './move';
import { RestoreRefused, restoreBackup } from './restore';

const backup: Command = {
  path: ['backup'],
  summary: '备份：在服务器运行时写出一致的备份文件（全部数据表、被引用的文件、密钥）',
  usage: '<文件>',
  help: [
    '在一个只读的可重复读事务中按主键顺序读出每张数据表（逻辑备份，与数据库引擎无关），',
    '连同数据库记录引用的全部文件（本地文件存储；S3 时只列清单）和 DATA_DIR/keys/ 下的密钥，写成一个 tar 文件。',
    '备份中含检查点签名私钥和 TOTP 密钥：请当作机密保管（加密存放、限制访问）。',
    '嵌入式数据库由运行中的服务器代为执行；备份期间写入会短暂等待表数据读出。',
    '退出码：0 成功；1 失败或有被引用的文件缺失；2 用法错误。',
  ].join('\n'),
  servable: true,
  pathPositionals: [0],
  async run({ positionals }, ctx) {
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new UsageError('需要且只需要一个备份文件路径');
    const store = await ctx.store();
    ctx.out(`正在备份到 ${resolve(file)} ……`);
    const r = await writeBackup({ db: store.db, engine: store.engine, config: ctx.config, file: resolve(file), out: ctx.out });
    const m = r.manifest;
    const rows = m.tables.reduce((n, t) => n + t.rows, 0);
    const blobs = m.blobs.included
      ? `${m.blobs.count - m.blobs.missing.length} 个文件（${mib(m.blobs.bytes)}）`
      : `S3 文件清单 ${m.blobs.count} 项`;
    ctx.out(
      `备份完成：${m.tables.length} 张表、${rows} 行，${blobs}，密钥 ${m.keys.length} 个；备份文件 ${mib(r.bytes)}，用时 ${r.seconds.toFixed(1)} 秒`,
    );
    ctx.out(`全过程记录 ${m.journal.treeSize} 条，默克尔根（${m.journal.hashAlgorithm}）${m.journal.rootHash}`);
    if (m.blobs.missing.length) {
      ctx.out(`问题：数据库引用的 ${m.blobs.missing.length} 个文件在存储中缺失，未能备份（运行 sanxiang blobs verify 查看）`);
      return exit.failure;
    }
    return exit.ok;
  },
};

const restore: Command = {
  path: ['restore'],
  summary: '恢复：把备份文件恢复到空的数据目录或空的 PostgreSQL 数据库，并校验',
  usage: '<文件>',
  help: [
    '目标为 DATABASE_URL 指定的空数据库，未设置时为 DATA_DIR 指定的空数据目录；目标不空则拒绝，不写入任何内容。',
    '先逐项核对备份文件与清单的 SHA-256，再按备份时的迁移建表、载入数据、应用本版本新增的迁移，',
    '写回文件存储（S3 时核对被引用的对象都在）和 DATA_DIR/keys/ 中缺少的密钥，',
    '最后校验全过程记录（默克尔根须与备份时相同）和文件存储。',
    '退出码：0 恢复并校验通过；1 拒绝、失败或校验发现问题；2 用法错误。',
  ].join('\n'),
  servable: false,
  async run({ positionals }, ctx) {
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new UsageError('需要且只需要一个备份文件路径');
    try {
      return await restoreBackup({ file: resolve(file), config: ctx.config, out: ctx.out });
    } catch (e) {
      if (e instanceof RestoreRefused || e instanceof ArchiveError) {
        ctx.err(`拒绝恢复：${e.message}`);
        return exit.failure;
      }
      throw e;
    }
  },
};

const move: Command = {
  path: ['move-to-postgres'],
  summary: '迁移：把嵌入式数据库（DATA_DIR）直接复制到空的 PostgreSQL 数据库并校验',
  usage: '<DATABASE_URL>',
  help: [
    '服务器须先停止。读出 DATA_DIR 中嵌入式数据库的全部数据表，直接载入给定的空 PostgreSQL 数据库，',
    '在新库上校验全过程记录，并打印迁移前后的默克尔根（应相同）和下一步要设置的环境变量。',
    '文件（blobs/）和密钥（keys/）留在 DATA_DIR。',
    '退出码：0 成功；1 拒绝、失败或校验发现问题；2 用法错误。',
  ].join('\n'),
  servable: false,
  async run({ positionals }, ctx) {
    const [url] = positionals;
    if (!url || positionals.length > 1 || !/^postgres(ql)?:\/\//.test(url)) throw new UsageError('需要一个 postgres:// 开头的数据库地址');
    try {
      return await moveToPostgres({ targetUrl: url, config: ctx.config, out: ctx.out });
    } catch (e) {
      if (e instanceof MoveRefused) {
        ctx.err(`拒绝迁移：${e.message}`);
        return exit.failure;
      }
      throw e;
    }
  },
};

/** `sanxiang backup`, `restore`, `move-to-postgres` (issue 10 §4, §5). */
export const backupCommands: Command[] = [backup, restore, move];
