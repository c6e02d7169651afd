import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompactRange, consistencyProof, inclusionProof, rootOf, treeHasher, verifyConsistency, verifyInclusion } from './merkle';

const fixtures = new URL('../../../test/fixtures/rfc6962/testdata/', import.meta.url).pathname;
const h = treeHasher('sha256');
const b64 = (s: string) => Buffer.from(s, 'base64');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? jsonFiles(p) : name.endsWith('.json') ? [p] : [];
  });
}

interface InclusionCase {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}
interface ConsistencyCase {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

const load = <T>(p: string) => JSON.parse(readFileSync(p, 'utf8')) as T;
const inclusionFiles = jsonFiles(join(fixtures, 'inclusion'));
const consistencyFiles = jsonFiles(join(fixtures, 'consistency'));

describe('RFC 6962 vectors from transparency-dev/merkle', () => {
  it('has the whole set', () => {
    expect(inclusionFiles.length + consistencyFiles.length).toBe(196);
  });

  it.each(inclusionFiles.map((f) => [f.slice(fixtures.length), f]))('inclusion %s', (_name, file) => {
    const c = load<InclusionCase>(file);
    const run = () => verifyInclusion(h, c.leafIdx, c.treeSize, b64(c.leafHash), (c.proof ?? []).map(b64), b64(c.root));
    if (c.wantErr) expect(run).toThrow();
    else expect(run).not.toThrow();
  });

  it.each(consistencyFiles.map((f) => [f.slice(fixtures.length), f]))('consistency %s', (_name, file) => {
    const c = load<ConsistencyCase>(file);
    const run = () => verifyConsistency(h, c.size1, c.size2, (c.proof ?? []).map(b64), b64(c.root1), b64(c.root2));
    if (c.wantErr) expect(run).toThrow();
    else expect(run).not.toThrow();
  });
});

// RFC 6962 §2.1: the 8-leaf reference tree of the vectors, leaves = HASH(0x00 || d).
const referenceLeaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];

describe('tree hashing', () => {
  it('matches the known roots of the reference tree', () => {
    const leaves = referenceLeaves.map((hex) => h.hashLeaf(Buffer.from(hex, 'hex')));
    expect(rootOf(h, []).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(rootOf(h, leaves.slice(0, 1)).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(rootOf(h, leaves).toString('hex')).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
  });

  it('streams the same root as the recursive definition at every size', () => {
    const range = new CompactRange(h);
    const leaves: Buffer[] = [];
    for (let n = 1; n <= 100; n++) {
      const leaf = h.hashLeaf(Buffer.from([n]));
      leaves.push(leaf);
      range.push(leaf);
      expect(range.root().equals(recursiveRoot(leaves))).toBe(true);
    }
  });

  it('hashes with SM3 too', () => {
    const sm = treeHasher('sm3');
    // SM3("") from GB/T 32905 test practice
    expect(sm.emptyRoot().toString('hex')).toBe('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
    const leaves = [0, 1, 2].map((i) => sm.hashLeaf(Buffer.from([i])));
    expect(rootOf(sm, leaves).equals(sm.hashChildren(sm.hashChildren(leaves[0]!, leaves[1]!), leaves[2]!))).toBe(true);
  });
});

function recursiveRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return h.hashChildren(recursiveRoot(leaves.slice(0, k)), recursiveRoot(leaves.slice(k)));
}

function flip(proof: Buffer[], i: number, bit: number): Buffer[] {
  return proof.map((p, j) => {
    if (j !== i) return p;
    const q = Buffer.from(p);
    q[bit >> 3]! ^= 1 << (bit & 7);
    return q;
  });
}

describe('generated proofs (property test, sizes 1..64)', () => {
  const leaves = Array.from({ length: 64 }, (_, i) => h.hashLeaf(Buffer.from(`entry ${i}`)));
  const roots = [h.emptyRoot(), ...leaves.map((_, i) => rootOf(h, leaves.slice(0, i + 1)))];

  it('every inclusion proof verifies and every flipped bit fails', () => {
    for (let size = 1; size <= 64; size++) {
      for (let i = 0; i < size; i++) {
        const proof = inclusionProof(h, i, size, leaves);
        verifyInclusion(h, i, size, leaves[i]!, proof, roots[size]!);
        // via a getter too
        expect(inclusionProof(h, i, size, (j) => leaves[j]!)).toEqual(proof);
        for (let j = 0; j < proof.length; j++) {
          const bit = (i * 31 + j * 7 + size) % 256;
          expect(() => verifyInclusion(h, i, size, leaves[i]!, flip(proof, j, bit), roots[size]!)).toThrow();
        }
        const badLeaf = flip([leaves[i]!], 0, i % 256)[0]!;
        expect(() => verifyInclusion(h, i, size, badLeaf, proof, roots[size]!)).toThrow();
        if (size > 1) expect(() => verifyInclusion(h, (i + 1) % size, size, leaves[i]!, proof, roots[size]!)).toThrow();
      }
    }
  });

  it('every consistency proof verifies and every flipped bit fails', () => {
    for (let size2 = 1; size2 <= 64; size2++) {
      for (let size1 = 1; size1 <= size2; size1++) {
        const proof = consistencyProof(h, size1, size2, leaves);
        verifyConsistency(h, size1, size2, proof, roots[size1]!, roots[size2]!);
        for (let j = 0; j < proof.length; j++) {
          const bit = (size1 * 13 + j * 5 + size2) % 256;
          expect(() => verifyConsistency(h, size1, size2, flip(proof, j, bit), roots[size1]!, roots[size2]!)).toThrow();
        }
        if (size1 < size2) {
          expect(() => verifyConsistency(h, size1, size2, proof, roots[size1 - 1] ?? h.emptyRoot(), roots[size2]!)).toThrow();
          expect(() => verifyConsistency(h, size1, size2, proof, roots[size1]!, roots[size2 - 1]!)).toThrow();
        }
      }
    }
  });

  it('refuses impossible requests', () => {
    expect(() => inclusionProof(h, 3, 3, leaves)).toThrow();
    expect(() => consistencyProof(h, 0, 3, leaves)).toThrow();
    expect(() => consistencyProof(h, 4, 3, leaves)).toThrow();
  });
});
