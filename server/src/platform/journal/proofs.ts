import type { Kysely } from 'kysely';
import type { Database } from '../../database';
import type { HashAlgorithm } from '../config';
import { AppError, notFound } from '../errors';
import { type CheckpointView, toCheckpointView } from './checkpoint';
import { leafOf, loadLeaves } from './leaves';
import { consistencyProof, inclusionProof, subtreeRoot, treeHasher } from './merkle';

/**
 * Proofs served to the public (RFC 6962 §2.1.1, §2.1.2), so anyone holding a signed checkpoint can
 * check that an entry is in the journal and that a later checkpoint extends an earlier one.
 * Generation reads the leaf hashes of the tree once: O(tree size) per request (about 1 s per
 * million entries); a cache of aligned subtree roots can make it O(log n) when traffic needs it.
 */
export interface InclusionProofView {
  hashAlgorithm: HashAlgorithm;
  seq: number;
  treeSize: number;
  entryHash: string;
  /** HASH(0x00 ‖ entry_hash bytes) */
  leafHash: string;
  rootHash: string;
  proof: string[];
  /** the signed checkpoint of this tree size, when there is one */
  checkpoint: CheckpointView | null;
}

export interface ConsistencyProofView {
  hashAlgorithm: HashAlgorithm;
  from: number;
  to: number;
  fromRoot: string;
  toRoot: string;
  proof: string[];
}

async function journalSize(db: Kysely<Database>): Promise<number> {
  const tail = await db.selectFrom('journal_entry').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return tail ? Number(tail.seq) + 1 : 0;
}

async function checkpointOf(db: Kysely<Database>, treeSize: number): Promise<CheckpointView | null> {
  const row = await db.selectFrom('journal_checkpoint').selectAll().where('tree_size', '=', treeSize).executeTakeFirst();
  return row ? toCheckpointView(row) : null;
}

const hex = (b: Buffer) => b.toString('hex');

/** Inclusion proof of entry `seq` in the tree of size `treeSize` (default: the latest checkpoint). */
export async function proveInclusion(
  db: Kysely<Database>,
  alg: HashAlgorithm,
  seq: number,
  treeSize?: number,
): Promise<InclusionProofView> {
  const size = await journalSize(db);
  let n = treeSize;
  if (n === undefined) {
    const latest = await db.selectFrom('journal_checkpoint').select('tree_size').orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
    n = latest ? Number(latest.tree_size) : size;
  }
  if (n > size) throw new AppError('VALIDATION_FAILED', `树大小 ${n} 超过了现有记录数 ${size}`, { treeSize: n, size });
  if (seq >= n) throw notFound(`树大小 ${n} 中的第 ${seq} 条记录`, { seq, treeSize: n });
  const hasher = treeHasher(alg);
  const leaves = await loadLeaves(db, hasher, n);
  const entry = await db.selectFrom('journal_entry').select('entry_hash').where('seq', '=', seq).executeTakeFirstOrThrow();
  return {
    hashAlgorithm: alg,
    seq,
    treeSize: n,
    entryHash: entry.entry_hash,
    leafHash: hex(leafOf(hasher, entry.entry_hash)),
    rootHash: hex(subtreeRoot(hasher, leaves, 0, n)),
    proof: inclusionProof(hasher, seq, n, leaves).map(hex),
    checkpoint: await checkpointOf(db, n),
  };
}

/** Consistency proof between the trees of sizes `from` and `to` (1 ≤ from ≤ to ≤ journal size). */
export async function proveConsistency(db: Kysely<Database>, alg: HashAlgorithm, from: number, to: number): Promise<ConsistencyProofView> {
  if (from < 1 || from > to) throw new AppError('VALIDATION_FAILED', '一致性证明要求 1 ≤ from ≤ to', { from, to });
  const size = await journalSize(db);
  if (to > size) throw new AppError('VALIDATION_FAILED', `树大小 ${to} 超过了现有记录数 ${size}`, { to, size });
  const hasher = treeHasher(alg);
  const leaves = await loadLeaves(db, hasher, to);
  return {
    hashAlgorithm: alg,
    from,
    to,
    fromRoot: hex(subtreeRoot(hasher, leaves, 0, from)),
    toRoot: hex(subtreeRoot(hasher, leaves, 0, to)),
    proof: consistencyProof(hasher, from, to, leaves).map(hex),
  };
}

/** Checkpoints, newest first, `limit` per page; the cursor is the last tree size seen. */
export async function listCheckpoints(
  db: Kysely<Database>,
  cursor: number | undefined,
  limit: number,
): Promise<{ items: CheckpointView[]; nextCursor: string | null }> {
  let q = db
    .selectFrom('journal_checkpoint')
    .selectAll()
    .orderBy('tree_size', 'desc')
    .limit(limit + 1);
  if (cursor !== undefined) q = q.where('tree_size', '<', cursor);
  const rows = await q.execute();
  const items = rows.slice(0, limit).map(toCheckpointView);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? String(last.treeSize) : null };
}
