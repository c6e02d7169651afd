import { getHashes, hash as nodeHash } from 'node:crypto';
import { sql } from 'kysely';
import type { HashAlgorithm } from '../config';
import { type AnyDb, own } from '../db/tables';
import { type CheckpointView, checkCheckpoint, toCheckpointView } from './checkpoint';
import { digest, zeroHash } from './hash';
import type { VerifyKey } from './keys';
import { CompactRange, treeHasher } from './merkle';
import { checkStoredNodes } from './nodes';
import { checkRotationLinks } from './rotate';
import type { JournalTables } from './tables';

/**
 * `sanxiang journal verify` (DESIGN.md invariant 1): recomputes, entry by entry, the payload hash,
 * the entry hash and the prev-hash chain, checks that seq runs 0,1,2,… without a gap, rebuilds the
 * RFC 6962 Merkle tree (§2.1) in a compact range and compares its root with every checkpoint at
 * that checkpoint's tree size, and checks every checkpoint's signature; then it compares the
 * stored subtree hashes that serve the public proofs (nodes.ts) with the entries. It stops at the
 * first problem and names that entry.
 *
 * Speed matters (millions of entries): pages are read by keyset (`seq > last … limit`, which both
 * engines run without cursors), the next page is requested before the current one is hashed, only
 * the needed columns are fetched, the timestamp arrives already formatted, and hashing uses Node's
 * one-shot `crypto.hash` with a reused leaf buffer.
 */
export interface VerifyOptions {
  hashAlgorithm: HashAlgorithm;
  /** Keys that may have signed checkpoints (current and earlier). */
  publicKeys: readonly VerifyKey[];
  /**
   * The deployment's registered keys (`journal_key`, issue 10 §1), as `keyId/algorithm`. When given,
   * a checkpoint signed by any other key is a problem even if one of `publicKeys` verifies it.
   */
  registeredKeys?: ReadonlySet<string>;
  pageSize?: number;
  /** pages requested ahead of the one being hashed (default 2) */
  pipelineDepth?: number;
  onProgress?: (entries: number) => void;
  /** also compare the stored subtree hashes of the proofs (nodes.ts) with the entries; default true */
  checkNodes?: boolean;
}

export interface VerifyProblem {
  /** The first entry that does not verify (for a checkpoint: the last entry it covers). */
  seq: number;
  /** Chinese, for the operator */
  reason: string;
  /** tree size of the checkpoint concerned, when the problem is a checkpoint */
  checkpoint?: number;
}

export interface VerifyResult {
  ok: boolean;
  /** entries verified (all of them when ok) */
  entries: number;
  /** checkpoints verified */
  checkpoints: number;
  /** hex Merkle root of all verified entries */
  rootHash: string;
  firstBad?: VerifyProblem;
  elapsedMs: number;
}

interface EntryRow {
  seq: number | string;
  payload: string;
  entry_hash: string;
  /** the entry-hash input of hash.ts#entryHash, built by the database */
  input: string;
}

/**
 * The input of hash.ts#entryHash — `JSON.stringify([1, seq, occurredAt.toISOString(), actor_id, …,
 * payload_hash, prev_hash])` — built by the database, so that one string per row crosses the wire
 * instead of twelve columns to decode and a Date to parse (decoding dominated the profile).
 * `to_json(text)` escapes exactly as JSON.stringify does on both engines (see verify.test.ts), and
 * `to_char` prints the millisecond ISO form append hashed. The database is trusted only to format:
 * a wrong format can make an intact entry fail, never a changed one pass — the hash is recomputed
 * here and JSON encoding is injective.
 */
const q = (col: string) => `coalesce(to_json(${col})::text, 'null')`;
const entryInput = sql.raw(
  `'[1,' || seq || ',' || ${q(`to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`)} || ',' || ` +
    [
      'actor_id',
      'actor_name',
      'action',
      'entity_type',
      'entity_id',
      'agency_id',
      'jurisdiction_code',
      'client_ip',
      'payload_hash',
      'prev_hash',
    ]
      .map(q)
      .join(` || ',' || `) +
    ` || ']'`,
);

function fetchPage(db: AnyDb, after: number, limit: number) {
  // only `seq > after order by seq limit n`: a plan every engine runs as an index range scan, even
  // before the table has statistics (an extra upper bound made PostgreSQL sort whole ranges)
  return sql<EntryRow>`select seq, payload, entry_hash, ${entryInput} as input
    from journal_entry where seq > ${after} order by seq limit ${limit}`.execute(db);
}

function hexHasher(alg: HashAlgorithm): (data: string | Uint8Array) => string {
  if (alg === 'sha256' || getHashes().includes(alg)) return (data) => nodeHash(alg, data, 'hex');
  return (data) => digest(alg, data).toString('hex');
}

const fail = (seq: number, reason: string, checkpoint?: number): VerifyProblem =>
  checkpoint === undefined ? { seq, reason } : { seq, reason, checkpoint };

export async function verifyJournal(db: AnyDb, opts: VerifyOptions): Promise<VerifyResult> {
  const started = performance.now();
  const limit = opts.pageSize ?? 5000;
  const hex = hexHasher(opts.hashAlgorithm);
  const hasher = treeHasher(opts.hashAlgorithm);
  const range = new CompactRange(hasher);
  const leafBuf = Buffer.alloc(33); // 0x00 ‖ entry hash: the RFC 6962 leaf input, reused per row

  const checkpoints = (await own<JournalTables>(db).selectFrom('journal_checkpoint').selectAll().orderBy('tree_size').execute()).map(
    toCheckpointView,
  );
  const tail = await own<JournalTables>(db).selectFrom('journal_entry').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const lastSeq = tail ? Number(tail.seq) : -1;

  let expected = 0;
  let prevHash = zeroHash;
  let cpIndex = 0;
  let verifiedCheckpoints = 0;
  let coveredUpTo = 0; // entries covered by the last checkpoint that verified
  const result = (firstBad?: VerifyProblem): VerifyResult => ({
    ok: !firstBad,
    entries: expected,
    checkpoints: verifiedCheckpoints,
    rootHash: range.root().toString('hex'),
    ...(firstBad ? { firstBad } : {}),
    elapsedMs: performance.now() - started,
  });

  /** Checks the checkpoints whose tree size is the number of entries verified so far. */
  const checkpointsAt = (size: number): VerifyProblem | undefined => {
    while (cpIndex < checkpoints.length && (checkpoints[cpIndex] as CheckpointView).treeSize === size) {
      const cp = checkpoints[cpIndex++] as CheckpointView;
      const problem = checkCheckpointAt(cp, range, opts, coveredUpTo);
      if (problem) return problem;
      verifiedCheckpoints++;
      coveredUpTo = size;
    }
    return undefined;
  };

  /** Checks one row; undefined when it verifies. */
  const checkRow = (r: EntryRow): VerifyProblem | undefined => {
    const seq = Number(r.seq);
    if (seq !== expected) return fail(expected, `第 ${expected} 条记录缺失（其后一条为第 ${seq} 条）：记录被删除`);
    // payload_hash and prev_hash are the last two fields of `input`: when it ends with exactly these
    // two JSON strings, the columns hold exactly these values (JSON escapes every `"` inside a
    // string), so they need not be fetched on their own (a quarter fewer bytes to decode)
    if (!r.input.endsWith(`,"${hex(r.payload)}","${prevHash}"]`)) return mismatch(seq, r, hex(r.payload));
    if (hex(r.input) !== r.entry_hash) return fail(seq, `第 ${seq} 条记录的字段与其记录哈希不符：记录被改动`);
    prevHash = r.entry_hash;
    leafBuf.write(r.entry_hash, 1, 'hex');
    range.push(hasher.hashLeaf(leafBuf.subarray(1)));
    expected++;
    return checkpointsAt(expected);
  };

  // Pages are requested `depth` ahead. Page k starts after seq k·limit−1: exact while seq has no
  // gap, and at the first gap verification stops anyway, so the guess is never wrong where it counts.
  const depth = opts.pipelineDepth ?? 2;
  const queue: Promise<{ rows: EntryRow[] }>[] = [];
  let nextPage = 0;
  const fill = () => {
    while (queue.length < depth && nextPage * limit <= lastSeq) queue.push(fetchPage(db, nextPage++ * limit - 1, limit));
  };
  const stop = async (problem: VerifyProblem) => {
    await Promise.allSettled(queue);
    return result(problem);
  };
  fill();
  while (queue.length > 0) {
    const { rows } = await (queue.shift() as Promise<{ rows: EntryRow[] }>);
    fill();
    for (const r of rows) {
      // entries appended while verifying are left for the next run
      if (Number(r.seq) > lastSeq) break;
      const problem = checkRow(r);
      if (problem) return stop(problem);
    }
    opts.onProgress?.(expected);
  }
  if (expected !== lastSeq + 1) return result(fail(expected, `第 ${expected} 条记录缺失：记录被删除`));
  // the empty tree has no checkpoint (tree_size > 0); the journal may simply be empty
  const beyond = checkpoints[cpIndex];
  if (beyond) {
    return result(
      fail(
        expected,
        `检查点（树大小 ${beyond.treeSize}）覆盖的记录只剩 ${expected} 条：第 ${expected} 条及以后的记录被删除`,
        beyond.treeSize,
      ),
    );
  }
  // the proofs' stored nodes are a cache of what was just recomputed: a wrong one is named too
  if (opts.checkNodes !== false) {
    const bad = await checkStoredNodes(db, opts.hashAlgorithm, expected);
    if (bad) return result(fail(bad.firstSeq, bad.reason));
  }
  // each key rotation's link statement, signed by the old key and by the new one (rotate.ts)
  const link = await checkRotationLinks(db, opts.publicKeys, lastSeq);
  if (link) return result(fail(link.seq, link.reason));
  return result();
}

/** Which of the two fields broke the row (the slow path, for the message only). */
function mismatch(seq: number, r: EntryRow, payloadHash: string): VerifyProblem {
  const fields = JSON.parse(r.input) as unknown[];
  if (fields[fields.length - 2] !== payloadHash) return fail(seq, `第 ${seq} 条记录的内容与其内容哈希不符：内容被改动`);
  return fail(seq, `第 ${seq} 条记录的前一哈希与第 ${seq - 1} 条记录不衔接：记录被替换、调换或删除`);
}

function checkCheckpointAt(cp: CheckpointView, range: CompactRange, opts: VerifyOptions, coveredUpTo: number): VerifyProblem | undefined {
  const last = cp.treeSize - 1;
  if (cp.hashAlgorithm !== opts.hashAlgorithm) {
    return fail(last, `检查点（树大小 ${cp.treeSize}）使用 ${cp.hashAlgorithm}，与配置的 ${opts.hashAlgorithm} 不同`, cp.treeSize);
  }
  if (range.root().toString('hex') !== cp.rootHash) {
    return fail(
      coveredUpTo,
      `第 ${coveredUpTo} 至 ${last} 条记录与已签名的检查点（树大小 ${cp.treeSize}）的默克尔根不符：记录连同哈希被改写`,
      cp.treeSize,
    );
  }
  if (opts.registeredKeys && !opts.registeredKeys.has(`${cp.keyId}/${cp.signatureAlgorithm}`)) {
    return fail(last, unregisteredKey(cp, opts.publicKeys), cp.treeSize);
  }
  const problem = checkCheckpoint(cp, opts.publicKeys);
  return problem ? fail(last, `检查点（树大小 ${cp.treeSize}）：${problem}`, cp.treeSize) : undefined;
}

/** A checkpoint signed by a key the deployment never registered: said, with what a given key shows. */
export function unregisteredKey(cp: CheckpointView, keys: readonly VerifyKey[]): string {
  const head = `检查点（树大小 ${cp.treeSize}）所用公钥 key_id ${cp.keyId} 未在本部署登记`;
  if (!keys.some((k) => k.keyId === cp.keyId && k.algorithm === cp.signatureAlgorithm)) return head;
  const problem = checkCheckpoint(cp, keys);
  return problem ? `${head}；用所给公钥校验：${problem}` : `${head}（所给公钥能验证其签名，但该公钥不属于本部署）`;
}
