import { sql } from 'kysely';
import type { Clock } from '../clock';
import type { SignatureAlgorithm } from '../config';
import { type AnyDb, type AnyTrx, own } from '../db/tables';
import { instanceId } from '../instance';
import type { Journal } from './append';
import {
  dataDirPublicKeys,
  type KeySourceConfig,
  keyFileOf,
  readSigningKey,
  type SigningKey,
  type VerifyKey,
  verifyKeyFromPem,
} from './keys';
import type { JournalKeyTable, JournalTables } from './tables';

/**
 * The deployment's checkpoint keys (issue 10 §1, DESIGN.md invariant 1). Public keys live in
 * `journal_key` (migration 0027), so every server and every CLI command sees all of them, old ones
 * included. At most one is current (not retired; a unique index holds it): only a process whose
 * private key is that one signs. A process with another key, or none, serves and verifies only.
 */
export const keyRegisterAction = 'journal.key_register';

// Registration takes this transaction-scoped advisory lock, so two servers starting together on an
// empty table cannot both make their own key the current one (the unique index would refuse the
// second anyway; the lock makes the second see the first instead of failing).
const keyLockKey = 7303;

export interface RegisteredKey extends VerifyKey {
  validFrom: Date;
  retiredAt: Date | null;
  registeredAt: Date;
  registeredBy: string;
}

/** What the key functions need: a subset of AppContext (and of CheckpointContext). */
export interface KeyContext {
  db: AnyDb;
  config: KeySourceConfig;
  clock: Clock;
  journal: Journal;
  /** this process's private key, instead of reading it from its file (tests, rotation) */
  signingKey?: SigningKey;
  /** where the once-only "this process does not sign" warning goes; stderr by default */
  warn?: (message: string) => void;
}

function toRegistered(row: JournalKeyTable): RegisteredKey {
  const key = verifyKeyFromPem(row.public_key_pem);
  return {
    ...key,
    validFrom: new Date(row.valid_from),
    retiredAt: row.retired_at === null ? null : new Date(row.retired_at),
    registeredAt: new Date(row.registered_at),
    registeredBy: row.registered_by,
  };
}

/** Every registered public key, oldest first (at the same start, a retired one before the current one; ASC puts nulls last): what `journal verify`, the public route and exports use. */
export async function loadPublicKeys(db: AnyDb): Promise<RegisteredKey[]> {
  const rows = await own<JournalTables>(db)
    .selectFrom('journal_key')
    .selectAll()
    .orderBy('valid_from')
    .orderBy('retired_at')
    .orderBy('key_id')
    .execute();
  return rows.map(toRegistered);
}

/** The key that signs now (the one not retired), if any is registered. */
export async function currentKey(db: AnyDb): Promise<RegisteredKey | undefined> {
  const row = await own<JournalTables>(db).selectFrom('journal_key').selectAll().where('retired_at', 'is', null).executeTakeFirst();
  return row ? toRegistered(row) : undefined;
}

export const sameKey = (a: { keyId: string; algorithm: string }, b: { keyId: string; algorithm: string }) =>
  a.keyId === b.keyId && a.algorithm === b.algorithm;

export async function lockKeys(trx: AnyTrx): Promise<void> {
  await sql`select pg_advisory_xact_lock(${keyLockKey})`.execute(trx);
}

/** When `key` first signed a checkpoint, if it ever did (an upgraded deployment's old keys). */
async function firstSignedAt(db: AnyDb, key: VerifyKey): Promise<Date | undefined> {
  const row = await own<JournalTables>(db)
    .selectFrom('journal_checkpoint')
    .select((eb) => eb.fn.min('signed_at').as('first'))
    .where('key_id', '=', key.keyId)
    .where('signature_algorithm', '=', key.algorithm)
    .executeTakeFirst();
  return row?.first ? new Date(row.first as Date) : undefined;
}

/** Inserts a key row and journals it in the caller's transaction (R-C05: every change recorded). */
export async function insertKey(
  trx: AnyTrx,
  ctx: Pick<KeyContext, 'clock' | 'journal'>,
  key: VerifyKey,
  at: { validFrom: Date; retiredAt: Date | null; reason: 'first' | 'upgrade' | 'rotation' },
): Promise<void> {
  await own<JournalTables>(trx)
    .insertInto('journal_key')
    .values({
      key_id: key.keyId,
      algorithm: key.algorithm,
      public_key_pem: key.publicKeyPem,
      valid_from: at.validFrom,
      retired_at: at.retiredAt,
      registered_at: ctx.clock.now(),
      registered_by: instanceId,
    })
    .execute();
  if (at.reason === 'rotation') return; // the rotation entry (rotate.ts) records the new key itself
  await ctx.journal.append(trx, {
    actor: { id: null, name: 'system' },
    action: keyRegisterAction,
    entity: { type: 'journal_key', id: key.keyId },
    payload: {
      keyId: key.keyId,
      algorithm: key.algorithm,
      publicKeyPem: key.publicKeyPem,
      validFrom: at.validFrom.toISOString(),
      retiredAt: at.retiredAt?.toISOString() ?? null,
      reason: at.reason,
      registeredBy: instanceId,
    },
  });
}

/**
 * Registers, under the lock, the keys a start finds unregistered: this process's own key becomes
 * current when no key is; the public keys in DATA_DIR/keys/ that an earlier version used (an
 * upgraded deployment) are registered as well, retired unless one of them is this process's key and
 * none is current, so their checkpoints keep verifying. valid_from = the first checkpoint each
 * signed, else now. Returns what `signerStatus` says afterwards (print `reason` when set).
 */
export async function registerStartupKeys(ctx: KeyContext): Promise<SignerStatus> {
  const mine = ctx.signingKey ?? readSigningKey(ctx.config);
  const found = dataDirPublicKeys(ctx.config.dataDir);
  const candidates: VerifyKey[] = mine ? [mine, ...found] : found;
  await ctx.db.transaction().execute(async (trx) => {
    await lockKeys(trx);
    const known = await loadPublicKeys(trx);
    let hasCurrent = known.some((k) => k.retiredAt === null);
    const seen: VerifyKey[] = [...known];
    for (const key of candidates) {
      if (seen.some((k) => sameKey(k, key))) continue;
      seen.push(key);
      const now = ctx.clock.now();
      const signed = await firstSignedAt(trx, key);
      const becomesCurrent = !hasCurrent && mine !== undefined && sameKey(key, mine);
      // a key that never signed and is not to sign (e.g. the default key a second server made in
      // its own DATA_DIR) verifies nothing: registering it would only publish a key of no checkpoint
      if (!becomesCurrent && !signed) continue;
      const reason = becomesCurrent && !signed ? 'first' : 'upgrade';
      await insertKey(trx, ctx, key, { validFrom: signed ?? now, retiredAt: becomesCurrent ? null : now, reason });
      if (becomesCurrent) hasCurrent = true;
    }
  });
  return signerStatus(ctx);
}

export type SignerStatus = { key: SigningKey; reason?: undefined } | { key?: undefined; reason: string };

/**
 * Whether this process signs checkpoints now, and with which key: only when its private key is the
 * deployment's current key. When no key is registered at all its own is registered first (under the
 * lock, so of two processes starting together one wins and the other sees it).
 */
export async function signerStatus(ctx: KeyContext): Promise<SignerStatus> {
  const mine = ctx.signingKey ?? readSigningKey(ctx.config);
  if (!mine) {
    return { reason: `找不到检查点私钥文件 ${keyFileOf(ctx.config)}（CHECKPOINT_KEY_FILE）：本进程只提供服务和校验，不签发检查点` };
  }
  let current = await currentKey(ctx.db);
  if (!current) {
    await ctx.db.transaction().execute(async (trx) => {
      await lockKeys(trx);
      if (await currentKey(trx)) return;
      const registered = (await loadPublicKeys(trx)).some((k) => sameKey(k, mine));
      if (!registered) await insertKey(trx, ctx, mine, { validFrom: ctx.clock.now(), retiredAt: null, reason: 'first' });
    });
    current = await currentKey(ctx.db);
  }
  if (current && sameKey(current, mine)) return { key: mine };
  return { reason: notCurrentReason(mine, current, await loadPublicKeys(ctx.db)) };
}

function notCurrentReason(mine: VerifyKey, current: RegisteredKey | undefined, all: readonly RegisteredKey[]): string {
  const cur = current ? `本部署当前的检查点密钥为 key_id ${current.keyId}（${current.algorithm}）` : '本部署当前没有可用的检查点密钥';
  const retired = all.find((k) => sameKey(k, mine))?.retiredAt;
  const what = retired
    ? `本进程的检查点密钥（key_id ${mine.keyId}）已于 ${retired.toISOString()} 停用`
    : `本进程的检查点密钥（key_id ${mine.keyId}）未登记为本部署的当前密钥`;
  return `${what}，${cur}：本进程只提供服务和校验，不签发检查点。要由本机签发，请把当前密钥文件复制到本机并用 CHECKPOINT_KEY_FILE 指向它（无需重启）`;
}

const warned = new Set<string>();

/** The key to sign with now, or undefined (then the reason is warned once per process). */
export async function signerKeyFor(ctx: KeyContext): Promise<SigningKey | undefined> {
  const status = await signerStatus(ctx);
  if (status.key) return status.key;
  if (!warned.has(status.reason)) {
    warned.add(status.reason);
    (ctx.warn ?? ((m: string) => process.stderr.write(`警告：${m}\n`)))(status.reason);
  }
  return undefined;
}

/**
 * Inside the signing transaction: the key is still current. A rotation committed after the signer
 * was chosen retires it; `for share` waits for a rotation in progress and then sees its result.
 */
export async function stillCurrent(trx: AnyTrx, key: { keyId: string; algorithm: SignatureAlgorithm }): Promise<boolean> {
  const row = await own<JournalTables>(trx)
    .selectFrom('journal_key')
    .select('key_id')
    .where('key_id', '=', key.keyId)
    .where('algorithm', '=', key.algorithm)
    .where('retired_at', 'is', null)
    .forShare()
    .executeTakeFirst();
  return row !== undefined;
}
