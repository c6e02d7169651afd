import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, type CommandContext, exit, UsageError } from '../command';
import { createJournal } from './append';
import { createCheckpoint } from './checkpoint';
import { type KeyContext, loadPublicKeys, signerStatus } from './key-registry';
import { type VerifyKey, verifyKeyFromPem } from './keys';
import { rotateKey } from './rotate';
import { settleHashAlgorithm } from './settings';
import { verifyJournal } from './verify';

/** The store and a journal over it, for a command that signs or registers keys. */
async function keyContext(ctx: CommandContext): Promise<KeyContext> {
  const store = await ctx.store();
  const hash = await settleHashAlgorithm(store.db, ctx.config.journalHash, ctx.clock.now());
  return {
    db: store.db,
    config: ctx.config,
    clock: ctx.clock,
    journal: createJournal(hash, ctx.clock, { serialised: store.engine === 'pglite' }),
    warn: (m) => ctx.err(`警告：${m}`),
  };
}

const verify: Command = {
  path: ['journal', 'verify'],
  summary: '校验全过程记录：逐条重算哈希链、默克尔根和检查点签名，指出第一条有问题的记录',
  usage: '[--public-key <文件>]',
  help: [
    '逐条重算每条记录的内容哈希、记录哈希和前一哈希的衔接，检查序号是否连续（删除记录会留下缺口），',
    '在每个检查点的树大小处重算 RFC 6962 默克尔根并与签名的检查点比对，并校验每个检查点的签名。',
    '公钥取自本部署登记的全部检查点公钥（数据库，含已停用的），并校验每次密钥轮换的新旧密钥双签声明；',
    '可用 --public-key 另加公钥（例如门户网站公布的公钥）。用未登记的公钥签发的检查点报为问题。',
    '退出码：0 记录完整；1 发现问题（输出第一条有问题的记录）；2 用法错误。',
  ].join('\n'),
  options: { 'public-key': { type: 'string', multiple: true } },
  servable: true,
  async run({ values }, ctx) {
    const { db } = await ctx.store();
    const registered = await loadPublicKeys(db);
    const keys: VerifyKey[] = [...registered];
    for (const file of (values['public-key'] as string[] | undefined) ?? []) {
      let pem: string;
      try {
        pem = readFileSync(file, 'utf8');
      } catch {
        throw new UsageError(`无法读取公钥文件 ${file}`);
      }
      keys.push(verifyKeyFromPem(pem));
    }
    const r = await verifyJournal(db, {
      hashAlgorithm: ctx.config.journalHash,
      publicKeys: keys,
      registeredKeys: new Set(registered.map((k) => `${k.keyId}/${k.algorithm}`)),
    });
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
    '计算当前全部记录的默克尔根，用本部署当前的检查点密钥（CHECKPOINT_KEY_FILE，未设置时为 DATA_DIR/keys/，',
    '首次使用时生成）签名，保存检查点并记录本次签发。服务器按 CHECKPOINT_INTERVAL_SECONDS 定时自动签发，本命令用于立即签发。',
  ].join('\n'),
  servable: true,
  async run(_args, ctx) {
    const kctx = await keyContext(ctx);
    const status = await signerStatus(kctx);
    if (!status.key) {
      ctx.out(`未签发：${status.reason}`);
      return exit.failure;
    }
    const view = await createCheckpoint({ ...kctx, signingKey: status.key });
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

const rotate: Command = {
  path: ['journal', 'rotate-key'],
  summary: '轮换检查点签名密钥：生成新密钥并登记其公钥，停用旧密钥，新旧密钥共同签署衔接声明',
  usage: '[--key-file <文件>]',
  help: [
    '按 CHECKPOINT_SIGNATURE 的算法生成新的检查点签名密钥，写入 --key-file（未给出时为 CHECKPOINT_KEY_FILE，',
    '再未设置时为 DATA_DIR/keys/ 下的默认文件；先写临时文件再改名，原子替换），旧私钥另存为 <文件>.retired-<旧key_id>（0600）。',
    '在数据库中登记新公钥、停用旧公钥，并记入一条 journal.key_rotate 记录：新旧两把密钥都对衔接声明签名，',
    'journal verify 会校验这两个签名。随后用新密钥签发一个检查点。各服务器在下次签发时重新读取密钥文件，无需重启。',
    '退出码：0 已轮换；1 失败（原因见输出）；2 用法错误。',
  ].join('\n'),
  options: { 'key-file': { type: 'string' } },
  servable: true,
  async run({ values }, ctx) {
    const file = values['key-file'] as string | undefined;
    const kctx = await keyContext(ctx);
    let r: Awaited<ReturnType<typeof rotateKey>>;
    try {
      r = await rotateKey(kctx, file ? { keyFile: resolve(file) } : {});
    } catch (e) {
      ctx.out(`未轮换：${(e as Error).message}`);
      return exit.failure;
    }
    ctx.out(`已轮换检查点密钥：${r.oldKey.keyId}（${r.oldKey.algorithm}，已停用）→ ${r.newKey.keyId}（${r.newKey.algorithm}）`);
    ctx.out(`新私钥：${r.keyFile}（0600）；旧私钥另存为 ${r.retiredFile}`);
    if (r.checkpoint) ctx.out(`已用新密钥签发检查点：树大小 ${r.checkpoint.treeSize}`);
    ctx.out('后续步骤：');
    ctx.out(`  1. 如各服务器不共用该文件，请把 ${r.keyFile} 安全复制到每台服务器的 CHECKPOINT_KEY_FILE 所指位置（权限 0600）；`);
    ctx.out('     未换上新密钥的服务器继续提供服务和校验，但不再签发检查点。');
    ctx.out('  2. 无需重启：各服务器在下次签发前发现密钥文件已更改，会自动改用新密钥。');
    ctx.out(`  3. 确认无误后，妥善保管或销毁旧私钥 ${r.retiredFile}；旧公钥仍登记在数据库中，旧检查点照常可验证。`);
    ctx.out('  4. 执行 npx sanxiang journal verify 确认全过程记录与全部检查点校验通过。');
    return exit.ok;
  },
};

/** `sanxiang journal …` commands (verify, checkpoint, rotate-key). */
export const journalCommands: Command[] = [verify, checkpoint, rotate];
