import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config';
import type { AnyDb } from '../db/tables';
import { AppError } from '../errors';
import { keysDir } from '../journal/keys';

/**
 * TOTP secrets encrypted at rest (issue 7 §6; 等保 2.0 level 3: authentication data kept
 * confidential in storage). A stolen database or backup alone no longer yields the second factor.
 *
 * AES-256-GCM (node:crypto) under one 32-byte key:
 * - `TOTP_KEY` (base64 of 32 bytes) when set — for several servers sharing one PostgreSQL, which
 *   must all hold the same key;
 * - otherwise `DATA_DIR/keys/totp.key` (base64, mode 0600 in the 0700 directory that also holds the
 *   checkpoint signing key, journal/keys.ts), made at first use with O_EXCL so two processes starting
 *   together end up with the same key.
 *
 * Stored form: `v1:<iv>:<tag>:<ciphertext>` (base64 each; 12-byte random IV, 16-byte tag). The
 * additional data is the account id, so a sealed secret copied onto another account does not open.
 * Losing the key loses every enrolment (users re-enrol after an administrator resets them); back it
 * up with the signing key (docs/security.md).
 */
export type TotpKeyConfig = Pick<Config, 'dataDir'> & { totpKey?: string | undefined };

const prefix = 'v1:';
const keyFile = 'totp.key';
const cache = new Map<string, Buffer>();

export const isSealed = (stored: string) => stored.startsWith(prefix);

/** The key: from TOTP_KEY, or the file under DATA_DIR/keys (created on first use). */
export function totpKey(config: TotpKeyConfig): Buffer {
  if (config.totpKey) {
    const key = Buffer.from(config.totpKey, 'base64');
    if (key.length !== 32) throw new Error('TOTP_KEY 应为 32 字节密钥的 base64 编码（如 openssl rand -base64 32 的输出）');
    return key;
  }
  const dir = keysDir(config.dataDir);
  const hit = cache.get(dir);
  if (hit) return hit;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, keyFile);
  try {
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  chmodSync(path, 0o600);
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${path} 不是 32 字节密钥的 base64 编码；请从备份恢复该文件`);
  cache.set(dir, key);
  return key;
}

/** Encrypts a base32 secret for the account `userId`. */
export function sealTotpSecret(config: TotpKeyConfig, userId: string, secretBase32: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', totpKey(config), iv);
  cipher.setAAD(Buffer.from(`sanxiang-totp:${userId}`, 'utf8'));
  const ct = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final()]);
  return `${prefix}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${ct.toString('base64')}`;
}

/**
 * The base32 secret of a stored value. A value from before encryption (plain base32) is returned
 * as is: startup seals those (`sealStoredTotpSecrets`), this only bridges the moment in between.
 * A value the key cannot open answers 503 with the reason, never a masked 500.
 */
export function openTotpSecret(config: TotpKeyConfig, userId: string, stored: string): string {
  if (!isSealed(stored)) return stored;
  const [iv, tag, ct] = stored.slice(prefix.length).split(':');
  try {
    const decipher = createDecipheriv('aes-256-gcm', totpKey(config), Buffer.from(iv ?? '', 'base64'));
    decipher.setAAD(Buffer.from(`sanxiang-totp:${userId}`, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag ?? '', 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ct ?? '', 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError(
      'TOTP_KEY_MISMATCH',
      '无法解密该账户的身份验证器密钥：服务器的 TOTP 密钥（TOTP_KEY 或数据目录 keys/totp.key）与加密时所用的不同。请系统管理员从备份恢复原密钥',
    );
  }
}

/**
 * Seals every TOTP secret still stored in plain text (accounts enrolled before encryption); run at
 * start. Returns how many were sealed, and how many sealed ones the current key cannot open (a
 * wrong TOTP_KEY or a lost key file: said at start rather than at the next login).
 */
export async function sealStoredTotpSecrets(db: AnyDb, config: TotpKeyConfig): Promise<{ sealed: number; unreadable: number }> {
  // raw SQL on purpose: this runs at start, before and beside the accounts module's typed queries
  const { rows } = await sql<{ id: string; totp_secret: string }>`
    select id, totp_secret from user_account where totp_secret is not null`.execute(db);
  let sealed = 0;
  let unreadable = 0;
  for (const r of rows) {
    if (isSealed(r.totp_secret)) {
      try {
        openTotpSecret(config, r.id, r.totp_secret);
      } catch {
        unreadable++;
      }
      continue;
    }
    const value = sealTotpSecret(config, r.id, r.totp_secret);
    // only if still the plain value: a concurrent enrolment or another server wins
    const res = await sql`update user_account set totp_secret = ${value}
      where id = ${r.id} and totp_secret = ${r.totp_secret}`.execute(db);
    sealed += Number(res.numAffectedRows ?? 0);
  }
  return { sealed, unreadable };
}
