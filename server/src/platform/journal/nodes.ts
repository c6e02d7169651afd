import { sql } from 'kysely';
import type { HashAlgorithm } from '../config';
import { type AnyDb, own } from '../db/tables';
import { forEachEntryHash, leafOf } from './leaves';
import {
  consistencyRanges,
  foldRoots,
  inclusionRanges,
  type LeafRange,
  type PerfectNode,
  perfectCover,
  type TreeHasher,
  treeHasher,
} from './merkle';
import type { JournalTables } from './tables';

/**
 * Stored subtree hashes of the journal's Merkle tree (migration 0012; issue 7 §6), so that a public
 * proof costs O(log n) reads instead of reading every leaf (DESIGN.md invariant 1, RFC 6962 §2.1).
 *
 * `journal_node` holds every perfect subtree of height ≥ 1 lying inside the covered prefix of the
 * journal; leaves are read from `journal_entry` by seq. Any subtree the RFC recursion visits is at
 * most log2(n)+1 perfect subtrees (merkle.ts#perfectCover), and a proof names at most log2(n)+1
 * subtrees of which at most two are not perfect, so a proof needs O(log n) node rows — fetched in
 * two queries (one for nodes, one for leaves).
 *
 * The rows are derived after the fact, not in the append transaction: committed entries never
 * change, so the nodes of the first `n` entries are final once those entries are. The checkpoint
 * signer extends them (each checkpoint hashes only the entries added since the last one; the first
 * run after this migration backfills an existing journal), and a proof asked for a tree size beyond
 * them extends them first. The append path — the platform's hot path — pays nothing. Extension is
 * chunked; each chunk is one INSERT of every node its leaves complete, in leaf order, so the stored
 * nodes always form a prefix: "all perfect subtrees inside [0, covered)" with covered =
 * 2·(max idx at level 1 + 1). Several servers may extend at once: the rows are deterministic and
 * conflicts are ignored.
 */
const defaultChunk = 4096;

// The covered size only grows, so a value seen once per store spares the query on the proof path;
// a stale value merely sends a proof to `nodesCovered` again.
const coveredSeen = new WeakMap<object, number>();

/** Entries whose subtrees are all stored (even; an odd last leaf needs no node of height ≥ 1). */
export async function nodesCovered(db: AnyDb): Promise<number> {
  const r = await own<JournalTables>(db)
    .selectFrom('journal_node')
    .select((eb) => eb.fn.max('idx').as('m'))
    .where('level', '=', 1)
    .executeTakeFirst();
  const covered = r?.m === null || r?.m === undefined ? 0 : (Number(r.m) + 1) * 2;
  coveredSeen.set(db, Math.max(covered, coveredSeen.get(db) ?? 0));
  return covered;
}

const key = (n: PerfectNode) => `${n.level}:${n.idx}`;

// Stored nodes never change (append-only, 0012), so the upper ones are kept in memory per store:
// every proof shares them, and a proof then reads only its ~6 lowest nodes and its leaves from the
// store (at a million entries ~30 index probes become ~10). Levels ≥ 6 number n/64: ~16,000 nodes,
// ~2 MB, at a million entries; beyond the limit nothing more is kept.
const cachedFromLevel = 6;
const cacheLimit = 200_000;
const upperNodes = new WeakMap<object, Map<string, Buffer>>();

export interface NodeHashes {
  /** by `level:idx`; level 0 is the leaf hash HASH(0x00 ‖ entry_hash) */
  hashes: Map<string, Buffer>;
  /** entry_hash (hex) of the leaves read, by seq */
  entryHashes: Map<number, string>;
}

/**
 * The hashes of the given perfect subtrees, which must lie inside the covered prefix: one query,
 * stored nodes and leaf entries together (each lookup an index probe on a primary key).
 */
export async function readNodes(db: AnyDb, hasher: TreeHasher, nodes: readonly PerfectNode[]): Promise<NodeHashes> {
  const hashes = new Map<string, Buffer>();
  const entryHashes = new Map<number, string>();
  const cache = upperNodes.get(db) ?? new Map<string, Buffer>();
  upperNodes.set(db, cache);
  const leaves = [...new Set(nodes.filter((n) => n.level === 0).map((n) => n.idx))];
  const inner: PerfectNode[] = [];
  for (const n of nodes) {
    if (n.level === 0) continue;
    const k = key(n);
    if (hashes.has(k)) continue;
    const hit = cache.get(k);
    if (hit) hashes.set(k, hit);
    else inner.push(n);
  }
  // arrays as text literals, joined through unnest: one plan shape whatever the count (an OR list
  // of 20–40 key pairs cost more to plan than to run), on both engines
  const parts = [];
  if (inner.length > 0) {
    const levels = `{${inner.map((n) => n.level).join(',')}}`;
    const idxs = `{${inner.map((n) => n.idx).join(',')}}`;
    parts.push(sql`select n.level::int as level, n.idx, encode(n.hash, 'hex') as hash
      from unnest(${levels}::smallint[], ${idxs}::bigint[]) as k(level, idx)
      join journal_node n on n.level = k.level and n.idx = k.idx`);
  }
  if (leaves.length > 0) {
    parts.push(sql`select 0 as level, seq as idx, entry_hash as hash from journal_entry
      where seq = any(${`{${leaves.join(',')}}`}::bigint[])`);
  }
  if (parts.length === 0) return { hashes, entryHashes };
  const { rows } = await sql<{ level: number; idx: number | string; hash: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
  for (const r of rows) {
    const idx = Number(r.idx);
    if (Number(r.level) === 0) {
      entryHashes.set(idx, r.hash);
      hashes.set(`0:${idx}`, leafOf(hasher, r.hash));
    } else {
      const k = `${r.level}:${idx}`;
      const hash = Buffer.from(r.hash, 'hex');
      hashes.set(k, hash);
      if (Number(r.level) >= cachedFromLevel && cache.size < cacheLimit) cache.set(k, hash);
    }
  }
  for (const n of nodes) if (!hashes.has(key(n))) throw new Error(`默克尔树缺少节点（层 ${n.level}，序号 ${n.idx}）`);
  return { hashes, entryHashes };
}

/**
 * Stores the nodes of every perfect subtree inside the first `upTo` entries (default: all entries)
 * that is not stored yet; returns the new covered size. Reads only the new entries plus the ≤ log n
 * stored roots of the covered prefix's right edge.
 */
export async function extendNodes(db: AnyDb, alg: HashAlgorithm, upTo?: number, chunk = defaultChunk): Promise<number> {
  const hasher = treeHasher(alg);
  let target = upTo;
  if (target === undefined) {
    const tail = await own<JournalTables>(db).selectFrom('journal_entry').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    target = tail ? Number(tail.seq) + 1 : 0;
  }
  let covered = await nodesCovered(db);
  if (target - covered < 2) return covered;
  // the right edge of [0, covered): the stack of a binary counter (merkle.ts#CompactRange)
  const edge = perfectCover(0, covered);
  const { hashes: known } = await readNodes(db, hasher, edge);
  const stack = edge.map((n) => known.get(key(n)) as Buffer);
  while (target - covered >= 2) {
    const end = Math.min(target, covered + chunk);
    const rows = await nodesOf(db, hasher, stack, covered, end);
    if (rows.length > 0) {
      await own<JournalTables>(db)
        .insertInto('journal_node')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    covered = end;
  }
  const even = covered % 2 === 0 ? covered : covered - 1;
  coveredSeen.set(db, Math.max(even, coveredSeen.get(db) ?? 0));
  return even;
}

type NodeRow = { level: number; idx: number; hash: Buffer };

/**
 * The nodes of height ≥ 1 that the entries [from, to) complete, hashed from the entries; `stack`
 * holds the right edge of [0, from) (perfectCover order) and is advanced to [0, to).
 */
async function nodesOf(db: AnyDb, hasher: TreeHasher, stack: Buffer[], from: number, to: number): Promise<NodeRow[]> {
  const rows: NodeRow[] = [];
  let count = from;
  await forEachEntryHash(db, from, to, (hashes) => {
    for (const h of hashes) {
      let node = leafOf(hasher, h);
      // each trailing 1 bit of the leaf index closes a perfect subtree one level higher
      let level = 0;
      for (let n = count; n % 2 === 1; n = (n - 1) / 2) {
        node = hasher.hashChildren(stack.pop() as Buffer, node);
        level++;
        rows.push({ level, idx: Math.floor(count / 2 ** level), hash: node });
      }
      stack.push(node);
      count++;
    }
  });
  return rows;
}

export interface NodeProblem {
  level: number;
  idx: number;
  /** the first entry under the node */
  firstSeq: number;
  reason: string;
}

/**
 * `sanxiang journal verify`'s check of the stored nodes: recomputes every node inside the covered
 * prefix (up to `size` entries) from the entries and compares it with the stored row, a chunk of
 * entries and one query of its nodes at a time. A stored node is only a cache, but a wrong one
 * would make the public proofs of its leaves fail, so it is named.
 */
export async function checkStoredNodes(
  db: AnyDb,
  alg: HashAlgorithm,
  size: number,
  chunk = defaultChunk,
): Promise<NodeProblem | undefined> {
  const hasher = treeHasher(alg);
  const covered = Math.min(size - (size % 2), await nodesCovered(db));
  const stack: Buffer[] = [];
  for (let from = 0; from < covered; from += chunk) {
    const to = Math.min(covered, from + chunk);
    const computed = await nodesOf(db, hasher, stack, from, to);
    if (computed.length === 0) continue;
    // per level, the nodes completed in this chunk are one idx range: one index range scan each
    const ranges = new Map<number, [number, number]>();
    for (const r of computed) {
      const range = ranges.get(r.level);
      ranges.set(r.level, range ? [Math.min(range[0], r.idx), Math.max(range[1], r.idx)] : [r.idx, r.idx]);
    }
    const { rows } = await sql<{ level: number; idx: number | string; hash: string }>`
      select level::int as level, idx, encode(hash, 'hex') as hash from journal_node where ${sql.join(
        [...ranges].map(([level, [lo, hi]]) => sql`(level = ${level}::smallint and idx between ${lo}::bigint and ${hi}::bigint)`),
        sql` or `,
      )}`.execute(db);
    const stored = new Map(rows.map((r) => [`${r.level}:${Number(r.idx)}`, r.hash]));
    for (const r of computed) {
      const got = stored.get(`${r.level}:${r.idx}`);
      if (got === r.hash.toString('hex')) continue;
      const firstSeq = r.idx * 2 ** r.level;
      const last = firstSeq + 2 ** r.level - 1;
      const what = got === undefined ? '缺失' : '与记录重新计算的哈希不符';
      return {
        level: r.level,
        idx: r.idx,
        firstSeq,
        reason: `默克尔树的存储节点（层 ${r.level}，序号 ${r.idx}）${what}：第 ${firstSeq} 至 ${last} 条记录的公开证明将无法通过验证`,
      };
    }
  }
  return undefined;
}

/** Makes sure the subtrees of the first `size` entries are stored. */
async function ensureCovered(db: AnyDb, alg: HashAlgorithm, size: number): Promise<void> {
  if (size - (coveredSeen.get(db) ?? 0) < 2) return;
  if (size - (await nodesCovered(db)) >= 2) await extendNodes(db, alg, size);
}

/** Root and proof hashes computed from stored nodes: one read of O(log n) rows (plus `leaves`). */
async function resolve(
  db: AnyDb,
  hasher: TreeHasher,
  ranges: readonly LeafRange[],
  leaves: readonly number[] = [],
): Promise<{ roots: Buffer[]; entryHashes: Map<number, string> }> {
  const covers = ranges.map(([a, b]) => perfectCover(a, b));
  const { hashes, entryHashes } = await readNodes(db, hasher, [...covers.flat(), ...leaves.map((idx) => ({ level: 0, idx }))]);
  return {
    roots: covers.map((c) =>
      foldRoots(
        hasher,
        c.map((n) => hashes.get(key(n)) as Buffer),
      ),
    ),
    entryHashes,
  };
}

/** MTH(D[0:size]) from stored nodes. */
export async function storedRoot(db: AnyDb, alg: HashAlgorithm, size: number): Promise<Buffer> {
  await ensureCovered(db, alg, size);
  const { roots } = await resolve(db, treeHasher(alg), [[0, size]]);
  return roots[0] as Buffer;
}

/** PATH(index, D[size]), MTH(D[size]) and the entry hash of leaf `index`, from stored nodes. */
export async function storedInclusionProof(
  db: AnyDb,
  alg: HashAlgorithm,
  index: number,
  size: number,
): Promise<{ proof: Buffer[]; root: Buffer; entryHash: string }> {
  const ranges = inclusionRanges(index, size);
  await ensureCovered(db, alg, size);
  const { roots, entryHashes } = await resolve(db, treeHasher(alg), [[0, size], ...ranges], [index]);
  const [root, ...proof] = roots;
  return { proof, root: root as Buffer, entryHash: entryHashes.get(index) as string };
}

/** PROOF(size1, D[size2]) and both roots from stored nodes. */
export async function storedConsistencyProof(
  db: AnyDb,
  alg: HashAlgorithm,
  size1: number,
  size2: number,
): Promise<{ proof: Buffer[]; root1: Buffer; root2: Buffer }> {
  const ranges = consistencyRanges(size1, size2);
  await ensureCovered(db, alg, size2);
  const { roots } = await resolve(db, treeHasher(alg), [[0, size1], [0, size2], ...ranges]);
  const [root1, root2, ...proof] = roots;
  return { proof, root1: root1 as Buffer, root2: root2 as Buffer };
}
