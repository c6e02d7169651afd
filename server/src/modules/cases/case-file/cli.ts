import { createWriteStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { openBlobStore } from '../../../platform/blobs';
import { type Command, exit, UsageError } from '../../../platform/command';
import type { AppContext } from '../../../platform/context';
import { createJournal } from '../../../platform/journal/append';
import { settleHashAlgorithm } from '../../../platform/journal/settings';
import { casesDb } from '../db';
import { exportCaseFile } from './export';
import { type CaseFileVerifyResult, verifyCaseFile } from './verify';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const exportCommand: Command = {
  path: ['case-file', 'export'],
  summary: '导出已归档案件的案卷（.zip，可离线校验）',
  usage: '<案件编号或案件 id> <输出文件.zip>',
  help: [
    '写出案卷：manifest.json（卷内目录、各文件哈希）、各文件、journal/entries.jsonl（本案每条全过程记录及其',
    'RFC 6962 包含性证明）、checkpoint.json（签名检查点）、public-key.pem。尚无覆盖归档记录的检查点时当场签发。',
    '服务器运行中时由服务器执行（输出路径按当前目录解析）。用 sanxiang case-file verify <文件> 校验。',
    '退出码：0 已导出；1 失败（如案件未归档）；2 用法错误。',
  ].join('\n'),
  servable: true,
  pathPositionals: [1],
  async run({ positionals }, ctx) {
    const [ref, out] = positionals;
    if (!ref || !out || positionals.length !== 2) throw new UsageError('需要案件编号（或 id）和输出文件两个参数');
    const store = await ctx.store();
    const hash = await settleHashAlgorithm(store.db, ctx.config.journalHash, ctx.clock.now());
    const app: AppContext = {
      store,
      db: store.db,
      config: ctx.config,
      clock: ctx.clock,
      journal: createJournal(hash, ctx.clock, { serialised: store.engine === 'pglite' }),
      blobs: openBlobStore(ctx.config, hash),
    };
    const rows = await casesDb(store.db)
      .selectFrom('enforcement_case')
      .select(['id', 'number', 'title'])
      .where((eb) => eb.or([eb('number', '=', ref), eb('id', '=', ref)]))
      .execute();
    if (!rows.length) {
      ctx.err(`找不到案件：${ref}`);
      return exit.failure;
    }
    if (rows.length > 1) {
      ctx.err(`有 ${rows.length} 件案件的编号为 ${ref}（不同机关），请改用案件 id：${rows.map((r) => r.id).join('、')}`);
      return exit.failure;
    }
    const row = rows[0] as (typeof rows)[number];
    const file = await exportCaseFile(app, null, row.id);
    const target = resolve(out);
    // written beside the target and renamed when complete: a half-written file never has the name
    const partial = `${target}.partial-${process.pid}`;
    try {
      await pipeline(file.stream, createWriteStream(partial, { flags: 'wx' }));
      await rename(partial, target);
    } catch (e) {
      await rm(partial, { force: true });
      throw e;
    }
    ctx.out(`已导出案卷：${row.number ?? row.id}（${row.title}）→ ${target}`);
    ctx.out(`文件 ${file.files} 个，全过程记录 ${file.entries} 条`);
    ctx.out(`检查点：树大小 ${file.checkpoint.treeSize}，${file.checkpoint.signatureAlgorithm} 签名，公钥标识 ${file.checkpoint.keyId}`);
    return exit.ok;
  },
};

export function verifyReport(path: string, r: CaseFileVerifyResult): string[] {
  const lines = [`案卷文件：${path}`];
  const m = r.manifest;
  if (m)
    lines.push(`案件：${m.case?.number ?? m.case?.id}「${m.case?.title}」，${m.agency?.name}；归档于 ${m.archivedAt}（${m.archivedBy}）`);
  if (r.checkpoint)
    lines.push(
      `检查点：树大小 ${r.checkpoint.treeSize}，默克尔根（${r.checkpoint.hashAlgorithm}）${r.checkpoint.rootHash}`,
      `签名：${r.checkpoint.signatureAlgorithm}，公钥标识 ${r.keyId} —— 请与门户网站公布的平台公钥标识核对`,
    );
  lines.push(`已核验 ${r.files} 个文件（${mb(r.bytes)}）、${r.entries} 条全过程记录及其包含性证明`);
  const first = r.problems[0];
  if (r.ok || !first) lines.push('结论：案卷完整，未发现改动。');
  else lines.push(`结论：发现问题。第一处被改动的内容：${first.where} —— ${first.message}`);
  return lines;
}

const verifyCommand: Command = {
  path: ['case-file', 'verify'],
  summary: '离线校验案卷 .zip：每个文件的哈希、每条全过程记录的包含性证明、检查点签名',
  usage: '<案卷.zip> [--public-key <文件>]',
  help: [
    '不连数据库、不联网：检查 zip 结构与每项的 CRC-32，清单格式与卷内序号连续，用随附公钥（或 --public-key',
    '指定的门户公布的公钥）校验检查点签名，逐条重算全过程记录的内容哈希、记录哈希并按包含性证明算到签名的',
    '默克尔根，核对归档记录中的清单哈希，逐个重算文件哈希与大小。输出公钥标识，供与门户网站公布的核对。',
    '退出码：0 完整；1 发现问题（指出第一处被改动的文件路径或记录序号）；2 用法错误。',
  ].join('\n'),
  options: { 'public-key': { type: 'string' } },
  servable: false,
  pathPositionals: [0],
  async run({ positionals, values }, ctx) {
    const [path] = positionals;
    if (!path || positionals.length !== 1) throw new UsageError('需要一个案卷 .zip 文件');
    let publicKeyPem: string | undefined;
    if (values['public-key']) {
      try {
        publicKeyPem = await readFile(String(values['public-key']), 'utf8');
      } catch {
        throw new UsageError(`无法读取公钥文件 ${String(values['public-key'])}`);
      }
    }
    const r = await verifyCaseFile(path, publicKeyPem ? { publicKeyPem } : {});
    for (const l of verifyReport(path, r)) ctx.out(l);
    return r.ok ? exit.ok : exit.failure;
  },
};

/** `sanxiang case-file …` (issue 9 §8). */
export const caseFileCommands: Command[] = [exportCommand, verifyCommand];
