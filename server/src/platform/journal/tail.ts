import { shanghaiMinute } from '../clock';
import type { HashAlgorithm } from '../config';
import { type AnyDb, own } from '../db/tables';
import { latestCheckpoint } from './checkpoint';
import { entryHash, fieldsOfRow, payloadHash, zeroHash } from './hash';
import { rootAt } from './leaves';
import type { JournalTables } from './tables';

/**
 * Recomputing the root at start costs one read of every entry hash; below this many entries it
 * takes well under a second, and it also warms the compact range the next checkpoint extends.
 */
export const rootCheckLimit = 200_000;

/**
 * The start-up check of DESIGN.md (PGlite facts: a power loss can lose recent writes): compares the
 * journal's tail with the last signed checkpoint. Returns a Chinese warning, or undefined if fine.
 *
 * - Entries the checkpoint covers must all still be there (a store rolled back by a power loss has
 *   fewer entries than it once signed).
 * - When the checkpoint covers at most `rootCheckLimit` entries, its Merkle root is recomputed.
 *   Beyond that (production-sized journals on PostgreSQL), start-up only checks the chain from the
 *   checkpoint's last entry to the tail — each entry's own hashes and its prev_hash link, O(entries
 *   since the checkpoint) — and leaves the full recomputation to `sanxiang journal verify`.
 */
export async function checkTailAgainstCheckpoint(db: AnyDb, alg: HashAlgorithm): Promise<string | undefined> {
  const cp = await latestCheckpoint(db);
  if (!cp) return undefined;
  const signed = `最近一次检查点（${shanghaiMinute(new Date(cp.signedAt))} 签名，覆盖 ${cp.treeSize} 条记录）`;
  if (cp.hashAlgorithm !== alg) return `${signed}使用 ${cp.hashAlgorithm}，而当前配置为 ${alg}；请核对 JOURNAL_HASH 设置。`;
  const tail = await own<JournalTables>(db).selectFrom('journal_entry').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const size = tail ? Number(tail.seq) + 1 : 0;
  if (size < cp.treeSize) {
    return `${signed}之后，全过程记录只剩 ${size} 条：第 ${size} 条及以后的记录已丢失（断电或数据被回退）。请立即运行 sanxiang journal verify 并从备份恢复。`;
  }
  if (cp.treeSize <= rootCheckLimit) {
    try {
      const root = await rootAt(db, db, alg, cp.treeSize);
      if (root.toString('hex') !== cp.rootHash)
        return `${signed}的默克尔根与现存记录不符：记录被改动。请运行 sanxiang journal verify 查明。`;
    } catch (e) {
      return `${signed}覆盖的记录不完整：${(e as Error).message}。请运行 sanxiang journal verify 查明。`;
    }
  }
  const problem = await checkChainFrom(db, alg, cp.treeSize - 1);
  return problem ? `${signed}之后的记录链断裂：${problem}。请运行 sanxiang journal verify 查明。` : undefined;
}

/** Own hashes and prev_hash links of the entries from `first` to the tail. */
async function checkChainFrom(db: AnyDb, alg: HashAlgorithm, first: number): Promise<string | undefined> {
  const prev =
    first > 0
      ? await own<JournalTables>(db)
          .selectFrom('journal_entry')
          .select('entry_hash')
          .where('seq', '=', first - 1)
          .executeTakeFirst()
      : undefined;
  let prevHash = first > 0 ? prev?.entry_hash : zeroHash;
  if (prevHash === undefined) return `第 ${first - 1} 条记录缺失`;
  let expected = first;
  for (;;) {
    const rows = await own<JournalTables>(db)
      .selectFrom('journal_entry')
      .selectAll()
      .where('seq', '>=', expected)
      .orderBy('seq')
      .limit(1000)
      .execute();
    if (rows.length === 0) return undefined;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expected) return `第 ${expected} 条记录缺失`;
      if (payloadHash(alg, r.payload) !== r.payload_hash || r.prev_hash !== prevHash) return `第 ${seq} 条记录与前一条不衔接或内容被改动`;
      const fields = fieldsOfRow(r);
      if (entryHash(alg, fields) !== r.entry_hash) return `第 ${seq} 条记录被改动`;
      prevHash = r.entry_hash;
      expected++;
    }
  }
}
