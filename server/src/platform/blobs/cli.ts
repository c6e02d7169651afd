import { type Command, exit } from '../command';
import { openBlobStore } from './open';
import { type BlobProblem, verifyBlobs } from './verify';

const label: Record<BlobProblem['kind'], string> = { altered: '不一致', missing: '缺失', size: '大小不符' };

const verify: Command = {
  path: ['blobs', 'verify'],
  summary: '核验文件存储：逐个重算每个文件的哈希，并核对数据库记录的每个文件都在且完好',
  help: [
    '文件以其内容的哈希命名（SHA-256，或 JOURNAL_HASH=sm3 时为 SM3），保存后不能删改（R-C05）。',
    '本命令逐个读出存储中的每个文件（DATA_DIR/blobs/ 或 BLOB_STORE 指定的 S3 存储）重算哈希，',
    '并核对数据库中记录的每个文件都存在、大小一致。每发现一个问题输出一行，注明文件哈希。',
    '服务器运行时由服务器代为执行。退出码：0 全部一致；1 发现问题；2 用法错误。',
  ].join('\n'),
  servable: true,
  async run(_args, ctx) {
    const { db } = await ctx.store();
    const store = openBlobStore(ctx.config, ctx.config.journalHash);
    const started = Date.now();
    const r = await verifyBlobs(store, db, (p) => ctx.out(`${label[p.kind]}：${p.hash} —— ${p.detail}`));
    const seconds = (Date.now() - started) / 1000;
    const where = store.backend === 's3' ? 'S3 存储' : '本地文件存储';
    const mb = (r.bytes / 1024 / 1024).toFixed(1);
    if (r.problems.length === 0) {
      ctx.out(`已核验 ${r.checked} 个文件（${mb} MB，${where}；数据库记录 ${r.recorded} 个），全部一致。用时 ${seconds.toFixed(1)} 秒`);
      return exit.ok;
    }
    ctx.out(`已核验 ${r.checked} 个文件（${mb} MB，${where}；数据库记录 ${r.recorded} 个），发现 ${r.problems.length} 个问题（见上）。`);
    return exit.failure;
  },
};

/** `sanxiang blobs …` commands. */
export const blobCommands: Command[] = [verify];
