import type { HashAlgorithm } from '../config';
import { type AnyDb, own } from '../db/tables';
import { AppError, notFound } from '../errors';
import { type CheckpointView, latestCheckpoint, toCheckpointView } from './checkpoint';
import { leafOf } from './leaves';
import { treeHasher } from './merkle';
import { storedConsistencyProof, storedInclusionProof } from './nodes';
import type { JournalTables } from './tables';

/**
 * Proofs served to the public (RFC 6962 §2.1.1, §2.1.2), so anyone holding a signed checkpoint can
 * check that an entry is in the journal and that a later checkpoint extends an earlier one.
 * Generation reads O(log n) stored subtree hashes (nodes.ts, issue 7 §6): under a millisecond or
 * two at a million entries, where reading every leaf took about a second. The reference
 * implementation (merkle.ts#inclusionProof over all leaves) is what the tests compare with.
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

async function journalSize(db: AnyDb): Promise<number> {
  const tail = await own<JournalTables>(db).selectFrom('journal_entry').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return tail ? Number(tail.seq) + 1 : 0;
}

async function checkpointOf(db: AnyDb, treeSize: number): Promise<CheckpointView | null> {
  const row = await own<JournalTables>(db)
    .selectFrom('journal_checkpoint')
    .selectAll()
    .where('tree_size', '=', treeSize)
    .executeTakeFirst();
  return row ? toCheckpointView(row) : null;
}

const hex = (b: Buffer) => b.toString('hex');

/** Inclusion proof of entry `seq` in the tree of size `treeSize` (default: the latest checkpoint). */
export async function proveInclusion(db: AnyDb, alg: HashAlgorithm, seq: number, treeSize?: number): Promise<InclusionProofView> {
  // two queries on the default path (the latest checkpoint, then the nodes): a checkpoint's tree
  // size never exceeds the journal's, so the journal size is read only for an explicit size
  let n = treeSize;
  let checkpoint: CheckpointView | null;
  if (n === undefined) {
    checkpoint = (await latestCheckpoint(db)) ?? null;
    n = checkpoint ? checkpoint.treeSize : await journalSize(db);
  } else {
    const size = await journalSize(db);
    if (n > size) throw new AppError('VALIDATION_FAILED', `树大小 ${n} 超过了现有记录数 ${size}`, { treeSize: n, size });
    checkpoint = await checkpointOf(db, n);
  }
  if (seq >= n) throw notFound(`树大小 ${n} 中的第 ${seq} 条记录`, { seq, treeSize: n });
  const { proof, root, entryHash } = await storedInclusionProof(db, alg, seq, n);
  return {
    hashAlgorithm: alg,
    seq,
    treeSize: n,
    entryHash,
    leafHash: hex(leafOf(treeHasher(alg), entryHash)),
    rootHash: hex(root),
    proof: proof.map(hex),
    checkpoint,
  };
}

/** Consistency proof between the trees of sizes `from` and `to` (1 ≤ from ≤ to ≤ journal size). */
export async function proveConsistency(db: AnyDb, alg: HashAlgorithm, from: number, to: number): Promise<ConsistencyProofView> {
  if (from < 1 || from > to) throw new AppError('VALIDATION_FAILED', '一致性证明要求 1 ≤ from ≤ to', { from, to });
  const size = await journalSize(db);
  if (to > size) throw new AppError('VALIDATION_FAILED', `树大小 ${to} 超过了现有记录数 ${size}`, { to, size });
  const { proof, root1, root2 } = await storedConsistencyProof(db, alg, from, to);
  return { hashAlgorithm: alg, from, to, fromRoot: hex(root1), toRoot: hex(root2), proof: proof.map(hex) };
}

/** Checkpoints, newest first, `limit` per page; the cursor is the last tree size seen. */
export async function listCheckpoints(
  db: AnyDb,
  cursor: number | undefined,
  limit: number,
): Promise<{ items: CheckpointView[]; nextCursor: string | null }> {
  let q = own<JournalTables>(db)
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
