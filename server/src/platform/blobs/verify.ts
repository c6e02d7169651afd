import type { HashAlgorithm } from '../config';
import type { AnyDb } from '../db/tables';
import { hashStream } from './hashing';
import { recordedBlobs } from './record';
import type { BlobStore } from './types';

export interface BlobProblem {
  hash: string;
  /** altered: the bytes no longer hash to their name; missing: a `blob` row without its file; size: not the recorded size */
  kind: 'altered' | 'missing' | 'size';
  detail: string;
}

export interface BlobVerifyResult {
  /** files rehashed */
  checked: number;
  /** `blob` rows seen */
  recorded: number;
  bytes: number;
  problems: BlobProblem[];
}

/**
 * Rehashes every stored file and checks every `blob` row against the store (`sanxiang blobs verify`,
 * issue 9 §1). Both lists come in hash order and are walked side by side, so memory stays flat
 * however many files there are. `onProblem` hears each problem as it is found.
 */
export async function verifyBlobs(
  store: BlobStore,
  db: AnyDb,
  onProblem: (p: BlobProblem) => void = () => undefined,
): Promise<BlobVerifyResult> {
  const result: BlobVerifyResult = { checked: 0, recorded: 0, bytes: 0, problems: [] };
  const report = (p: BlobProblem) => {
    result.problems.push(p);
    onProblem(p);
  };
  const rehash = async (hash: string, size: number, algorithm: HashAlgorithm, recordedSize?: number) => {
    const actual = await hashStream(await store.get(hash), algorithm);
    result.checked++;
    result.bytes += actual.size;
    if (actual.hash !== hash) report({ hash, kind: 'altered', detail: `内容已被改动：按 ${algorithm} 重算为 ${actual.hash}` });
    else if (recordedSize !== undefined && recordedSize !== actual.size) {
      report({ hash, kind: 'size', detail: `大小 ${actual.size} 字节与数据库记录的 ${recordedSize} 字节不符` });
    } else if (actual.size !== size) report({ hash, kind: 'size', detail: `读出 ${actual.size} 字节，存储报告 ${size} 字节` });
  };

  const stored = store.list()[Symbol.asyncIterator]();
  const rows = recordedBlobs(db)[Symbol.asyncIterator]();
  let s = await stored.next();
  let r = await rows.next();
  while (!s.done || !r.done) {
    if (r.done || (!s.done && s.value.hash < r.value.hash)) {
      // a file no record names yet (an upload not yet attached): still checked
      await rehash(s.value.hash, s.value.size, store.algorithm);
      s = await stored.next();
    } else if (s.done || r.value.hash < s.value.hash) {
      report({ hash: r.value.hash, kind: 'missing', detail: '数据库记录了该文件，但存储中没有' });
      result.recorded++;
      r = await rows.next();
    } else {
      await rehash(s.value.hash, s.value.size, r.value.algorithm as HashAlgorithm, r.value.size);
      result.recorded++;
      s = await stored.next();
      r = await rows.next();
    }
  }
  return result;
}
