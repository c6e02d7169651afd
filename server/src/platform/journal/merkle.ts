import { getHashes, hash as nodeHash } from 'node:crypto';
import type { HashAlgorithm } from '../config';
import { digest } from './hash';

const nodeHasSm3 = getHashes().includes('sm3');

/**
 * The journal's Merkle tree (DESIGN.md invariant 1): RFC 6962 §2.1, as restated in RFC 9162 §2.1,
 * over a pluggable hash (SHA-256 by default, SM3 where configured). Leaves are the entries'
 * `entry_hash` as raw 32 bytes, index = `seq`.
 *
 * Everything here is pure and synchronous; callers fetch leaf hashes from the store.
 */

/** The two hash functions of RFC 6962 §2.1 with domain separation (0x00 leaf, 0x01 node). */
export interface TreeHasher {
  readonly algorithm: HashAlgorithm;
  /** MTH({}) = HASH() — the root of the empty tree. */
  emptyRoot(): Buffer;
  /** MTH({d(0)}) = HASH(0x00 || d(0)). */
  hashLeaf(data: Uint8Array): Buffer;
  /** MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])). */
  hashChildren(left: Uint8Array, right: Uint8Array): Buffer;
}

export function treeHasher(algorithm: HashAlgorithm): TreeHasher {
  const h = rawHash(algorithm);
  // One scratch buffer per hasher: the hashes are one-shot and synchronous, so reusing it saves an
  // allocation per node on the verify path (millions of nodes).
  let scratch = Buffer.alloc(65);
  const withPrefix = (prefix: number, len: number): Buffer => {
    if (scratch.length < len + 1) scratch = Buffer.alloc(len + 1);
    scratch[0] = prefix;
    return scratch.subarray(0, len + 1);
  };
  return {
    algorithm,
    emptyRoot: () => h(Buffer.alloc(0)),
    hashLeaf(data) {
      const buf = withPrefix(0x00, data.length);
      buf.set(data, 1);
      return h(buf);
    },
    hashChildren(left, right) {
      const buf = withPrefix(0x01, left.length + right.length);
      buf.set(left, 1);
      buf.set(right, 1 + left.length);
      return h(buf);
    },
  };
}

/** A one-shot hash to a Buffer; Node's crypto.hash is the fastest path where it has the algorithm. */
function rawHash(algorithm: HashAlgorithm): (data: Uint8Array) => Buffer {
  if (algorithm === 'sha256' || nodeHasSm3) return (data) => nodeHash(algorithm, data, 'buffer');
  return (data) => digest(algorithm, data);
}

/** Leaf hashes by index: an array, or a getter (e.g. over a page cache). */
export type LeafSource = readonly Uint8Array[] | ((index: number) => Uint8Array);

function getter(leaves: LeafSource): (index: number) => Uint8Array {
  if (typeof leaves === 'function') return leaves;
  return (i) => {
    const leaf = leaves[i];
    if (!leaf) throw new RangeError(`leaf ${i} is missing`);
    return leaf;
  };
}

/** Largest power of two strictly smaller than n (n > 1): the split point k of RFC 6962 §2.1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * A compact range [0, size): the roots of the perfect subtrees that make up the tree, largest
 * first — at most log2(size)+1 hashes. Pushing a leaf merges equal-sized subtrees like a binary
 * counter; the root folds them right to left, which is exactly MTH's split at the largest power
 * of two (RFC 6962 §2.1). Streaming verification uses it: O(log n) memory, ~2 hashes per leaf.
 */
export class CompactRange {
  private readonly stack: Buffer[] = [];
  private count = 0;

  constructor(private readonly hasher: TreeHasher) {}

  get size(): number {
    return this.count;
  }

  /** Appends one leaf hash (already HASH(0x00 || data)). */
  push(leafHash: Buffer): void {
    let node = leafHash;
    let n = this.count;
    // each trailing 1 bit of the old size is a perfect subtree of the same height as `node`
    while (n % 2 === 1) {
      node = this.hasher.hashChildren(this.stack.pop() as Buffer, node);
      n = (n - 1) / 2;
    }
    this.stack.push(node);
    this.count++;
  }

  /** MTH of the leaves pushed so far. */
  root(): Buffer {
    const s = this.stack;
    if (s.length === 0) return this.hasher.emptyRoot();
    let r = s[s.length - 1] as Buffer;
    for (let i = s.length - 2; i >= 0; i--) r = this.hasher.hashChildren(s[i] as Buffer, r);
    return r;
  }
}

/** MTH(D[start:end]) from leaf hashes. */
export function subtreeRoot(hasher: TreeHasher, leaves: LeafSource, start: number, end: number): Buffer {
  const get = getter(leaves);
  const range = new CompactRange(hasher);
  for (let i = start; i < end; i++) range.push(Buffer.from(get(i)));
  return range.root();
}

/** MTH of all the given leaf hashes (RFC 6962 §2.1). */
export function rootOf(hasher: TreeHasher, leafHashes: readonly Uint8Array[]): Buffer {
  return subtreeRoot(hasher, leafHashes, 0, leafHashes.length);
}

function checkSize(what: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new ProofError(`${what} 不是非负整数：${n}`);
}

/**
 * Audit path PATH(m, D[n]) of RFC 6962 §2.1.1 for leaf `index` in the tree of the first `size`
 * leaves. The sibling subtrees partition the tree minus the leaf, so generation costs O(size).
 */
export function inclusionProof(hasher: TreeHasher, index: number, size: number, leaves: LeafSource): Buffer[] {
  return inclusionRanges(index, size).map(([lo, hi]) => subtreeRoot(hasher, leaves, lo, hi));
}

/**
 * Consistency proof PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 6962 §2.1.2 between the trees
 * of the first `size1` and `size2` leaves. 0 < size1 <= size2; equal sizes give an empty proof.
 * The subtrees are named by `consistencyRanges` (one descent for this and the stored-node proofs)
 * and hashed here from the leaves; the RFC 6962 vectors pin both.
 */
export function consistencyProof(hasher: TreeHasher, size1: number, size2: number, leaves: LeafSource): Buffer[] {
  return consistencyRanges(size1, size2).map(([lo, hi]) => subtreeRoot(hasher, leaves, lo, hi));
}

/** A proof that does not verify, or a request that cannot have one. */
export class ProofError extends Error {
  override name = 'ProofError';
}

const isOdd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

/**
 * Checks an inclusion proof (RFC 9162 §2.1.3.2) and throws ProofError when it fails.
 * Sizes are JS numbers (exact below 2^53), so halving is division, not 32-bit shifts.
 */
export function verifyInclusion(
  hasher: TreeHasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  const computed = rootFromInclusionProof(hasher, index, size, leafHash, proof);
  if (!equal(computed, root)) throw new ProofError('包含性证明算出的根与给定的根不一致');
}

/** The root an inclusion proof implies (RFC 9162 §2.1.3.2 steps 1–5). */
export function rootFromInclusionProof(
  hasher: TreeHasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Buffer {
  checkSize('树大小', size);
  checkSize('叶序号', index);
  if (index >= size) throw new ProofError(`叶序号 ${index} 不小于树大小 ${size}`);
  checkHashes([leafHash, ...proof]);
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0) throw new ProofError('包含性证明过长');
    if (isOdd(fn) || fn === sn) {
      r = hasher.hashChildren(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hasher.hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new ProofError('包含性证明过短');
  return r;
}

/**
 * Checks a consistency proof between (size1, root1) and (size2, root2) — RFC 9162 §2.1.4.2 — and
 * throws ProofError when it fails. A proof from the empty tree says nothing, so size1 = 0 is refused;
 * equal sizes need an empty proof and equal roots.
 */
export function verifyConsistency(
  hasher: TreeHasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  checkSize('旧树大小', size1);
  checkSize('新树大小', size2);
  if (size2 < size1) throw new ProofError(`旧树大小 ${size1} 大于新树大小 ${size2}`);
  if (size1 === 0) throw new ProofError('空树的一致性证明没有意义');
  if (size1 === size2) {
    if (proof.length > 0) throw new ProofError('树大小相同时一致性证明应为空');
    if (!equal(root1, root2)) throw new ProofError('树大小相同但根不同');
    return;
  }
  checkHashes(proof);
  // step 1: an empty path cannot prove anything between different sizes
  if (proof.length === 0) throw new ProofError('一致性证明为空');
  // step 2: when size1 is a power of two the old root is itself a node of the new tree
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  // step 3–4
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // step 5
  let fr: Buffer = Buffer.from(path[0] as Uint8Array);
  let sr = fr;
  // step 6
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    if (sn === 0) throw new ProofError('一致性证明过长');
    if (isOdd(fn) || fn === sn) {
      fr = hasher.hashChildren(c, fr);
      sr = hasher.hashChildren(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hasher.hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // step 7
  if (sn !== 0) throw new ProofError('一致性证明过短');
  if (!equal(fr, root1)) throw new ProofError('一致性证明与旧根不一致');
  if (!equal(sr, root2)) throw new ProofError('一致性证明与新根不一致');
}

/** Both hashes (SHA-256, SM3) are 32 bytes; anything else cannot be a node of the tree. */
export const hashSize = 32;

function checkHashes(hashes: readonly Uint8Array[]): void {
  for (const x of hashes) if (x.length !== hashSize) throw new ProofError(`哈希长度应为 ${hashSize} 字节，实际为 ${x.length}`);
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** A subtree [start, end) of the tree, as a pair of leaf indexes. */
export type LeafRange = readonly [start: number, end: number];

/**
 * The subtrees whose roots make up PATH(index, D[size]) (RFC 6962 §2.1.1), leaf first: the same
 * descent as `inclusionProof`, naming the sibling subtrees instead of hashing them, so that a caller
 * holding stored subtree hashes can fetch them (platform/journal/nodes.ts).
 */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  checkSize('树大小', size);
  checkSize('叶序号', index);
  if (index >= size) throw new ProofError(`叶序号 ${index} 不小于树大小 ${size}`);
  const out: LeafRange[] = [];
  let lo = 0;
  let n = size;
  let m = index;
  while (n > 1) {
    const k = splitPoint(n);
    if (m < k) {
      out.push([lo + k, lo + n]);
      n = k;
    } else {
      out.push([lo, lo + k]);
      lo += k;
      m -= k;
      n -= k;
    }
  }
  return out.reverse();
}

/** The subtrees whose roots make up PROOF(size1, D[size2]) (RFC 6962 §2.1.2), as `consistencyProof`. */
export function consistencyRanges(size1: number, size2: number): LeafRange[] {
  checkSize('旧树大小', size1);
  checkSize('新树大小', size2);
  if (size1 === 0 || size1 > size2) throw new ProofError(`无法证明树大小 ${size1} 与 ${size2} 的一致性`);
  const out: LeafRange[] = [];
  let lo = 0;
  let n = size2;
  let m = size1;
  let complete = true;
  while (m !== n) {
    const k = splitPoint(n);
    if (m <= k) {
      out.push([lo + k, lo + n]);
      n = k;
    } else {
      out.push([lo, lo + k]);
      lo += k;
      m -= k;
      n -= k;
      complete = false;
    }
  }
  if (!complete) out.push([lo, lo + n]);
  return out.reverse();
}

/** A perfect subtree: the 2^level leaves from idx·2^level. */
export interface PerfectNode {
  level: number;
  idx: number;
}

/**
 * The perfect subtrees that make up the subtree [start, end) of the tree, largest first: the binary
 * expansion of its size. Every subtree the RFC 6962 recursion visits starts at a multiple of a power
 * of two at least its size, so each part is aligned and MTH(D[start:end]) is their roots folded from
 * the right (`foldRoots`) — at most log2(size)+1 parts.
 */
export function perfectCover(start: number, end: number): PerfectNode[] {
  const out: PerfectNode[] = [];
  let lo = start;
  while (lo < end) {
    let level = 0;
    let size = 1;
    while (lo % (size * 2) === 0 && lo + size * 2 <= end) {
      size *= 2;
      level++;
    }
    out.push({ level, idx: lo / size });
    lo += size;
  }
  return out;
}

/** MTH of consecutive perfect subtrees given largest first (their roots, as `perfectCover` names them). */
export function foldRoots(hasher: TreeHasher, roots: readonly Uint8Array[]): Buffer {
  if (roots.length === 0) return hasher.emptyRoot();
  let r: Buffer = Buffer.from(roots[roots.length - 1] as Uint8Array);
  for (let i = roots.length - 2; i >= 0; i--) r = hasher.hashChildren(roots[i] as Uint8Array, r);
  return r;
}
