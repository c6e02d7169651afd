import { readFileSync } from 'node:fs';
import { type Command, exit, UsageError } from '../command';
import { createJournal } from './append';
import { createCheckpoint } from './checkpoint';
import { loadPublicKeys, type VerifyKey, verifyKeyFromPem } from './keys';
import { settleHashAlgorithm } from './settings';
import { verifyJournal } from './verify';

const verify: Command = {
  path: ['journal', 'verify'],
  summary: '校验全过程记录：逐条重算哈希链、默克尔根和检查点签名，指出第一条有问题的记录',
  usage: '[--public-key <文件>]',
  help: [
    '逐条重算每条记录的内容哈希、记录哈希和前一哈希的衔接，检查序号是否连续（删除记录会留下缺口），',
    '在每个检查点的树大小处重算 RFC 6962 默克尔根并与签名的检查点比对，并校验每个检查点的签名。',
    '公钥取自 DATA_DIR/keys/ 下的 *-public.pem；可用 --public-key 另加（例如门户网站公布的公钥）。',
    '退出码：0 记录完整；1 发现问题（输出第一条有问题的记录）；2 用法错误。',
  ].join('\n'),
  options: { 'public-key': { type: 'string', multiple: true } },
  servable: true,
  async run({ values }, ctx) {
    const keys: VerifyKey[] = loadPublicKeys(ctx.config.dataDir);
    for (const file of (values['public-key'] as string[] | undefined) ?? []) {
      let pem: string;
      try {
        pem = readFileSync(file, 'utf8');
      } catch {
        throw new UsageError(`无法读取公钥文件 ${file}`);
      }
      keys.push(verifyKeyFromPem(pem));
    }
    const { db } = await ctx.store();
    const r = await verifyJournal(db, { hashAlgorithm: ctx.config.journalHash, publicKeys: keys });
    const seconds = r.elapsedMs / 1000;
    const perSecond = seconds > 0 ? Math.round(r.entries / seconds) : r.entries;
    ctx.out(
      `已校验 ${r.entries} 条记录、${r.checkpoints} 个检查点，用时 ${seconds.toFixed(2)} 秒（${perSecond} 条/秒，${ctx.config.journalHash}）`,
    );
    if (r.ok) {
      ctx.out(`结论：全过程记录完整，未发现篡改。默克尔根 ${r.rootHash}`);
      return exit.ok;
    }
    const bad = r.firstBad as NonNullable<typeof r.firstBad>;
    ctx.out(`结论：发现问题。第一条有问题的记录：第 ${bad.seq} 条 —— ${bad.reason}`);
    return exit.failure;
  },
};

const checkpoint: Command = {
  path: ['journal', 'checkpoint'],
  summary: '立即为全过程记录签发一个检查点（自上次检查点以来有新记录时）',
  help: [
    '计算当前全部记录的默克尔根，用平台签名密钥（DATA_DIR/keys/，首次使用时生成）签名，',
    '保存检查点并记录本次签发。服务器按 CHECKPOINT_INTERVAL_SECONDS 定时自动签发，本命令用于立即签发。',
  ].join('\n'),
  servable: true,
  async run(_args, ctx) {
    const store = await ctx.store();
    const { db } = store;
    const hash = await settleHashAlgorithm(db, ctx.config.journalHash, ctx.clock.now());
    const view = await createCheckpoint({
      db,
      config: ctx.config,
      clock: ctx.clock,
      journal: createJournal(hash, ctx.clock, { serialised: store.engine === 'pglite' }),
    });
    if (!view) {
      ctx.out('自上次检查点以来没有新记录，无需签发。');
      return exit.ok;
    }
    ctx.out(`已签发检查点：树大小 ${view.treeSize}`);
    ctx.out(`默克尔根（${view.hashAlgorithm}）：${view.rootHash}`);
    ctx.out(`签名：${view.signatureAlgorithm}，公钥标识 ${view.keyId}`);
    return exit.ok;
  },
};

/** `sanxiang journal …` commands (verify, checkpoint). */
export const journalCommands: Command[] = [verify, checkpoint];
