import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SignatureAlgorithm } from '../config';
import { type AnyDb, own } from '../db/tables';
import { instanceId } from '../instance';
import { type CheckpointView, createCheckpoint } from './checkpoint';
import { currentKey, insertKey, type KeyContext, lockKeys, sameKey } from './key-registry';
import {
  defaultKeyFile,
  exportPublicKey,
  generatePrivateKeyText,
  readKeyFile,
  type SigningKey,
  signingKeyFromText,
  type VerifyKey,
} from './keys';
import type { JournalTables } from './tables';

/**
 * Key rotation (issue 10 §1): a new key replaces the current one. The journal entry
 * `journal.key_rotate` carries a link statement — which key follows which, and when — signed by
 * BOTH keys, so whoever trusts the old key can trust the new one without asking anyone; `journal
 * verify` checks both signatures of every rotation (checkRotationLinks).
 */
export const keyRotateAction = 'journal.key_rotate';
export const linkOrigin = 'sanxiang-journal-key-rotation/v1';

/**
 *     sanxiang-journal-key-rotation/v1
 *     old ed25519 889a66fddd2f97a4
 *     new ed25519 3c0d…
 *     2026-01-05T01:00:00.000Z
 */
export function linkStatement(oldKey: VerifyKey, newKey: VerifyKey, at: Date): string {
  return `${linkOrigin}\nold ${oldKey.algorithm} ${oldKey.keyId}\nnew ${newKey.algorithm} ${newKey.keyId}\n${at.toISOString()}\n`;
}

export interface RotationPayload {
  oldKeyId: string;
  oldAlgorithm: SignatureAlgorithm;
  newKeyId: string;
  newAlgorithm: SignatureAlgorithm;
  newPublicKeyPem: string;
  statement: string;
  /** base64, by the old key over the statement's UTF-8 bytes */
  oldSignature: string;
  /** base64, by the new key */
  newSignature: string;
  rotatedBy: string;
}

/** The reason a rotation entry's link does not hold, or undefined. Pure: keys are arguments. */
export function checkRotationLink(p: RotationPayload, keys: readonly VerifyKey[]): string | undefined {
  const oldKey = keys.find((k) => sameKey(k, { keyId: p.oldKeyId, algorithm: p.oldAlgorithm }));
  const newKey = keys.find((k) => sameKey(k, { keyId: p.newKeyId, algorithm: p.newAlgorithm }));
  if (!oldKey) return `找不到轮换前的公钥（key_id ${p.oldKeyId}）`;
  if (!newKey) return `找不到轮换后的公钥（key_id ${p.newKeyId}）`;
  if (newKey.publicKeyPem.trim() !== p.newPublicKeyPem.trim()) return '轮换记录中的新公钥与登记的公钥不同';
  const lines = p.statement.split('\n');
  if (lines[0] !== linkOrigin || lines[1] !== `old ${p.oldAlgorithm} ${p.oldKeyId}` || lines[2] !== `new ${p.newAlgorithm} ${p.newKeyId}`) {
    return '轮换声明与记录的新旧密钥不一致';
  }
  const msg = Buffer.from(p.statement, 'utf8');
  if (!oldKey.verify(msg, Buffer.from(p.oldSignature, 'base64'))) return `旧密钥 ${p.oldKeyId} 对轮换声明的签名无效`;
  if (!newKey.verify(msg, Buffer.from(p.newSignature, 'base64'))) return `新密钥 ${p.newKeyId} 对轮换声明的签名无效`;
  return undefined;
}

/** Every rotation entry up to `lastSeq` whose link does not verify: the first one, with its seq. */
export async function checkRotationLinks(
  db: AnyDb,
  keys: readonly VerifyKey[],
  lastSeq: number,
): Promise<{ seq: number; reason: string } | undefined> {
  const rows = await own<JournalTables>(db)
    .selectFrom('journal_entry')
    .select(['seq', 'payload'])
    .where('action', '=', keyRotateAction)
    .where('seq', '<=', lastSeq)
    .orderBy('seq')
    .execute();
  for (const r of rows) {
    const problem = checkRotationLink(JSON.parse(r.payload) as RotationPayload, keys);
    if (problem) return { seq: Number(r.seq), reason: `第 ${r.seq} 条记录（检查点密钥轮换）：${problem}` };
  }
  return undefined;
}

/** Writes `text` to a new file beside `path` (0600, fsync'd) and returns its name; nothing is replaced yet. */
function writeTemp(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.new-${randomBytes(4).toString('hex')}`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

export interface RotateOptions {
  /** --key-file; else CHECKPOINT_KEY_FILE; else the embedded default */
  keyFile?: string;
}

export interface RotateResult {
  oldKey: VerifyKey;
  newKey: VerifyKey;
  keyFile: string;
  retiredFile: string;
  checkpoint: CheckpointView | undefined;
}

/**
 * `sanxiang journal rotate-key`. The order keeps a signer at every moment a crash could hit:
 * 1. the new private key is written beside the key file (temp, fsync'd) and the old one copied to
 *    `<file>.retired-<oldKeyId>` (0600);
 * 2. one transaction, under the key lock: the old key is retired, the new one registered, and
 *    `journal.key_rotate` journaled with the link statement signed by both keys;
 * 3. the temp file is renamed over the key file (atomic); every process re-reads it on its next
 *    signature (mtime), so no restart is needed;
 * 4. a checkpoint is signed with the new key.
 * A crash between 2 and 3 leaves the new key in the temp file, named in the error.
 */
export async function rotateKey(ctx: KeyContext, opts: RotateOptions = {}): Promise<RotateResult> {
  const algorithm = ctx.config.checkpointSignature;
  const current = await currentKey(ctx.db);
  if (!current) throw new Error('本部署尚未登记检查点密钥：请先启动服务器或执行 sanxiang journal checkpoint，再轮换');
  const oldFile =
    opts.keyFile ?? ctx.config.checkpointKeyFile ?? defaultKeyFile(ctx.config.dataDir, current.algorithm as SignatureAlgorithm);
  const keyFile = opts.keyFile ?? ctx.config.checkpointKeyFile ?? defaultKeyFile(ctx.config.dataDir, algorithm);
  if (!existsSync(oldFile)) throw new Error(`找不到当前检查点私钥文件 ${oldFile}，无法用旧密钥签署轮换声明`);
  const oldKey: SigningKey = readKeyFile(oldFile);
  if (!sameKey(oldKey, current)) {
    throw new Error(
      `密钥文件 ${oldFile} 中的密钥（key_id ${oldKey.keyId}）不是本部署当前的检查点密钥（key_id ${current.keyId}），无法轮换`,
    );
  }
  const newText = generatePrivateKeyText(algorithm);
  const newKey = signingKeyFromText(newText);
  const at = ctx.clock.now();
  const statement = linkStatement(oldKey, newKey, at);
  const msg = Buffer.from(statement, 'utf8');
  const payload: RotationPayload = {
    oldKeyId: oldKey.keyId,
    oldAlgorithm: oldKey.algorithm,
    newKeyId: newKey.keyId,
    newAlgorithm: newKey.algorithm,
    newPublicKeyPem: newKey.publicKeyPem,
    statement,
    oldSignature: oldKey.sign(msg).toString('base64'),
    newSignature: newKey.sign(msg).toString('base64'),
    rotatedBy: instanceId,
  };

  const tmp = writeTemp(keyFile, newText);
  const retiredFile = `${oldFile}.retired-${oldKey.keyId}`;
  copyFileSync(oldFile, retiredFile);
  chmodSync(retiredFile, 0o600);

  await ctx.db.transaction().execute(async (trx) => {
    await lockKeys(trx);
    const still = await currentKey(trx);
    if (!still || !sameKey(still, oldKey)) throw new Error('检查点密钥刚被另一次轮换更换，请重新执行');
    // retire first: the unique index allows one current key at a time
    await own<JournalTables>(trx)
      .updateTable('journal_key')
      .set({ retired_at: at })
      .where('key_id', '=', oldKey.keyId)
      .where('algorithm', '=', oldKey.algorithm)
      .execute();
    await insertKey(trx, ctx, newKey, { validFrom: at, retiredAt: null, reason: 'rotation' });
    await ctx.journal.append(trx, {
      actor: { id: null, name: 'system' },
      action: keyRotateAction,
      entity: { type: 'journal_key', id: newKey.keyId },
      payload,
    });
  });
  try {
    renameSync(tmp, keyFile);
  } catch (e) {
    throw new Error(`新密钥已登记，但未能写入 ${keyFile}（${(e as Error).message}）：新私钥在 ${tmp}，请手工改名为 ${keyFile}`);
  }
  if (!opts.keyFile && !ctx.config.checkpointKeyFile) exportPublicKey(ctx.config.dataDir, newKey);
  const signer = readKeyFile(keyFile);
  const checkpoint = await createCheckpoint({ ...ctx, signingKey: signer });
  return { oldKey, newKey, keyFile, retiredFile, checkpoint };
}
