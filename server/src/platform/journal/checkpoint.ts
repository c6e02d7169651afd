import type { Clock } from '../clock';
import type { Config, HashAlgorithm, SignatureAlgorithm } from '../config';
import { type AnyDb, own } from '../db/tables';
import { instanceId } from '../instance';
import type { Journal } from './append';
import { signerKeyFor, stillCurrent } from './key-registry';
import type { SigningKey, VerifyKey } from './keys';
import { rootAt } from './leaves';
import { extendNodes } from './nodes';
import type { JournalTables } from './tables';

/**
 * Signed checkpoints of the journal tree (DESIGN.md invariant 1). A checkpoint of tree size n
 * commits to the entries with seq 0..n-1 through their RFC 6962 Merkle root (§2.1); it is signed
 * over a small text note, published, and itself journaled as the action `journal.checkpoint` —
 * that entry comes after the n entries the checkpoint covers, so it is covered by the next one.
 */
export const checkpointAction = 'journal.checkpoint';

/** First line of every note: names the format, so a note can never be mistaken for another text. */
export const noteOrigin = 'sanxiang-journal/v1';

export interface CheckpointNote {
  treeSize: number;
  /** 32 raw bytes */
  rootHash: Buffer;
  hashAlgorithm: HashAlgorithm;
  signedAt: Date;
}

/**
 * The signed note, in the spirit of C2SP signed-note / tlog-checkpoint: origin, tree size, root in
 * base64, then our extension lines (hash algorithm, signing time), each ending in "\n":
 *
 *     sanxiang-journal/v1
 *     1234
 *     XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=
 *     sha256
 *     2026-01-05T01:00:00.000Z
 */
export function formatNote(n: CheckpointNote): string {
  return `${noteOrigin}\n${n.treeSize}\n${n.rootHash.toString('base64')}\n${n.hashAlgorithm}\n${n.signedAt.toISOString()}\n`;
}

export function parseNote(text: string): CheckpointNote | undefined {
  const lines = text.split('\n');
  if (lines.length !== 6 || lines[0] !== noteOrigin || lines[5] !== '') return undefined;
  const [, size, root, alg, at] = lines as [string, string, string, string, string];
  if (!/^[1-9]\d*$/.test(size) || (alg !== 'sha256' && alg !== 'sm3')) return undefined;
  const rootHash = Buffer.from(root, 'base64');
  const signedAt = new Date(at);
  if (rootHash.length !== 32 || rootHash.toString('base64') !== root || Number.isNaN(signedAt.getTime())) return undefined;
  if (signedAt.toISOString() !== at) return undefined;
  return { treeSize: Number(size), rootHash, hashAlgorithm: alg, signedAt };
}

export interface CheckpointView {
  treeSize: number;
  /** hex */
  rootHash: string;
  hashAlgorithm: HashAlgorithm;
  signatureAlgorithm: SignatureAlgorithm;
  keyId: string;
  signedAt: string;
  /** the exact signed text */
  signedNote: string;
  /** base64 */
  signature: string;
}

type CheckpointRow = JournalTables['journal_checkpoint'];

export function toCheckpointView(row: CheckpointRow): CheckpointView {
  return {
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    hashAlgorithm: row.hash_algorithm as HashAlgorithm,
    signatureAlgorithm: row.signature_algorithm as SignatureAlgorithm,
    keyId: row.key_id,
    signedAt: new Date(row.signed_at).toISOString(),
    signedNote: row.signed_note,
    signature: row.signature,
  };
}

/** Checks a checkpoint's signature and that its note says what its columns say. */
export function checkCheckpoint(view: CheckpointView, keys: readonly VerifyKey[]): string | undefined {
  const key = keys.find((k) => k.keyId === view.keyId && k.algorithm === view.signatureAlgorithm);
  if (!key) return `找不到检查点所用的公钥（key_id ${view.keyId}，${view.signatureAlgorithm}）`;
  if (!key.verify(Buffer.from(view.signedNote, 'utf8'), Buffer.from(view.signature, 'base64'))) return '检查点签名无效';
  const note = parseNote(view.signedNote);
  if (!note) return '检查点签名文本格式不正确';
  if (note.treeSize !== view.treeSize || note.rootHash.toString('hex') !== view.rootHash || note.hashAlgorithm !== view.hashAlgorithm) {
    return '检查点签名文本与记录的树大小、根哈希或算法不一致';
  }
  return undefined;
}

export async function latestCheckpoint(db: AnyDb): Promise<CheckpointView | undefined> {
  const row = await own<JournalTables>(db)
    .selectFrom('journal_checkpoint')
    .selectAll()
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toCheckpointView(row) : undefined;
}

/**
 * What `createCheckpoint` needs: a subset of AppContext, plus an optional key (tests, rotation)
 * used instead of the key file, and where the once-only "not the signer" warning goes.
 */
export interface CheckpointContext {
  db: AnyDb;
  config: Pick<Config, 'dataDir' | 'checkpointSignature'> & Partial<Pick<Config, 'checkpointKeyFile'>>;
  clock: Clock;
  journal: Journal;
  signingKey?: SigningKey;
  warn?: (message: string) => void;
}

/**
 * Signs (tree size, root, time) if the journal grew since the last checkpoint, stores the row and
 * journals the act, in one transaction. Returns undefined when there is nothing new to sign — the
 * last checkpoint's own `journal.checkpoint` entry alone does not count, or every interval would
 * sign again just because the previous signing was recorded.
 *
 * The root is computed before the transaction from committed entries (appends are serialised, so
 * every seq below the visible tail is committed and final); the append lock is not held meanwhile.
 *
 * Only the deployment's current key signs (issue 10 §1, key-registry.ts): a process holding another
 * key, or none, returns undefined (and warns once). The entry names the signing process (`signer`).
 */
export async function createCheckpoint(ctx: CheckpointContext): Promise<CheckpointView | undefined> {
  const { db } = ctx;
  if ((await treeSizeToSign(db)) === undefined) return undefined;
  // after the news check: registering the first key is journaled, and news itself (signed below)
  const key = await signerKeyFor(ctx);
  if (!key) return undefined;
  // the proofs' subtree hashes follow the committed entries; the first run after migration 0012
  // backfills an existing journal (nodes.ts)
  await extendNodes(db, ctx.journal.hashAlgorithm);
  const treeSize = await treeSizeToSign(db);
  if (treeSize === undefined) return undefined;

  const hashAlgorithm = ctx.journal.hashAlgorithm;
  const root = await rootAt(db, db, hashAlgorithm, treeSize);
  const signedAt = ctx.clock.now();
  const signedNote = formatNote({ treeSize, rootHash: root, hashAlgorithm, signedAt });
  const row: CheckpointRow = {
    tree_size: treeSize,
    root_hash: root.toString('hex'),
    hash_algorithm: hashAlgorithm,
    signature_algorithm: key.algorithm,
    key_id: key.keyId,
    signed_at: signedAt,
    signed_note: signedNote,
    signature: key.sign(Buffer.from(signedNote, 'utf8')).toString('base64'),
  };
  try {
    const signed = await db.transaction().execute(async (trx) => {
      // a rotation committed since the key was chosen: the new key signs next time
      if (!(await stillCurrent(trx, key))) return false;
      await own<JournalTables>(trx).insertInto('journal_checkpoint').values(row).execute();
      await ctx.journal.append(trx, {
        actor: { id: null, name: 'system' },
        action: checkpointAction,
        entity: { type: 'journal_checkpoint', id: String(treeSize) },
        payload: { treeSize, rootHash: row.root_hash, keyId: key.keyId, signatureAlgorithm: key.algorithm, signer: instanceId },
      });
      return true;
    });
    if (!signed) return undefined;
  } catch (e) {
    // another server signed the same size first (primary key): nothing left to do
    if ((e as { code?: string }).code === '23505') return undefined;
    throw e;
  }
  return toCheckpointView(row);
}

/** The journal's size when it grew since the last checkpoint (beyond that checkpoint's own record), else undefined. */
async function treeSizeToSign(db: AnyDb): Promise<number | undefined> {
  const tail = await own<JournalTables>(db)
    .selectFrom('journal_entry')
    .select(['seq', 'action'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!tail) return undefined;
  const treeSize = Number(tail.seq) + 1;
  const last = await latestCheckpoint(db);
  if (last && (treeSize <= last.treeSize || (treeSize === last.treeSize + 1 && tail.action === checkpointAction))) return undefined;
  return treeSize;
}
