import { sql } from 'kysely';
import type { HashAlgorithm } from '../config';
import type { AnyDb } from '../db/tables';
import { CompactRange, type TreeHasher, treeHasher } from './merkle';

/**
 * The journal tree's leaves as stored: leaf `seq` is HASH(0x00 ‖ entry_hash as 32 raw bytes)
 * (RFC 6962 §2.1; the leaf data is the entry hash, hex-decoded). Reads page by seq (keyset), which
 * works on PGlite too (no cursors there).
 */
export const pageSize = 5000;

/** Calls `onPage` with the entry hashes (hex) of seq in [from, to), in order; throws on a gap. */
export async function forEachEntryHash(
  db: AnyDb,
  from: number,
  to: number,
  onPage: (hashes: string[], firstSeq: number) => void,
): Promise<void> {
  let next = from;
  while (next < to) {
    const limit = Math.min(pageSize, to - next);
    // one bound only: `seq >= $1 order by seq limit n` is an index range scan on both engines even
    // before statistics exist; an added upper bound made the planners sort whole ranges
    const r = await sql<{ seq: number; entry_hash: string }>`
      select seq, entry_hash from journal_entry where seq >= ${next} order by seq limit ${limit}`.execute(db);
    const rows = r.rows;
    if (rows.length === 0) throw new Error(`全过程记录缺少第 ${next} 条`);
    const hashes: string[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as { seq: number; entry_hash: string };
      if (Number(row.seq) !== next + i) throw new Error(`全过程记录缺少第 ${next + i} 条`);
      hashes[i] = row.entry_hash;
    }
    onPage(hashes, next);
    next += rows.length;
  }
}

export function leafOf(hasher: TreeHasher, entryHashHex: string): Buffer {
  return hasher.hashLeaf(Buffer.from(entryHashHex, 'hex'));
}

// Committed entries never change, so the compact range of [0, n) stays valid as the journal grows:
// each checkpoint hashes only the entries added since the previous one (per store and algorithm).
const ranges = new WeakMap<object, Map<HashAlgorithm, CompactRange>>();

/** MTH of the first `size` entries, extending a per-store cache; recomputes if asked for less. */
export async function rootAt(db: AnyDb, cacheKey: object, alg: HashAlgorithm, size: number): Promise<Buffer> {
  const hasher = treeHasher(alg);
  const byAlg = ranges.get(cacheKey) ?? new Map<HashAlgorithm, CompactRange>();
  ranges.set(cacheKey, byAlg);
  let range = byAlg.get(alg);
  if (!range || range.size > size) range = new CompactRange(hasher);
  const extended = range;
  await forEachEntryHash(db, extended.size, size, (hashes) => {
    for (const h of hashes) extended.push(leafOf(hasher, h));
  });
  byAlg.set(alg, extended);
  return extended.root();
}
