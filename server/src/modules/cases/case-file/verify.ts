/**
 * `sanxiang case-file verify <file.zip>`: checks an exported case file offline — no database, no
 * network — exactly as docs/case-file.md describes, so another tool can do the same:
 * the zip's structure and every entry's CRC-32; the manifest (format, seq 1..n); the checkpoint's
 * signature with the enclosed (or a pinned) public key; every journal entry's payload hash, entry
 * hash and RFC 6962 inclusion proof against the signed root; the `case.archive` entry's manifest
 * hash; every file's size and hash against the manifest. Problems are named by zip path or by
 * journal seq, in that order of checks, so the first one names the first altered entry.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { HashAlgorithm } from '../../../platform/config';
import { type CheckpointView, checkCheckpoint } from '../../../platform/journal/checkpoint';
import { digest, entryHash, payloadHash } from '../../../platform/journal/hash';
import { type VerifyKey, verifyKeyFromPem } from '../../../platform/journal/keys';
import { rootFromInclusionProof, treeHasher } from '../../../platform/journal/merkle';
import { type CatalogueEntry, sequenceProblem } from './binding';
import type { CaseFileJournalLine } from './journal-part';
import { type CaseFileManifest, caseFileFormat, caseFileFormatVersion, zipPaths } from './manifest';
import { checkZipStructure, type ZipEntryLayout } from './zip-structure';

export interface CaseFileProblem {
  /** the zip path or `全过程记录第 N 条` */
  where: string;
  message: string;
}

export interface CaseFileVerifyResult {
  ok: boolean;
  problems: CaseFileProblem[];
  manifest?: CaseFileManifest;
  checkpoint?: CheckpointView;
  /** key id of the key that verified the checkpoint (compare it with the portal's published key) */
  keyId?: string;
  files: number;
  entries: number;
  bytes: number;
}

/** Streams one entry's data: its CRC-32, its hash (when asked), and its bytes when `keep` (small files only). */
async function readEntry(path: string, item: ZipEntryLayout, alg: HashAlgorithm | null, keep: boolean) {
  const hash = alg ? createHash(alg) : null;
  let crc = 0;
  let size = 0;
  const chunks: Buffer[] = [];
  if (item.size > 0)
    for await (const chunk of createReadStream(path, {
      start: item.dataOffset,
      end: item.dataOffset + item.size - 1,
    }) as AsyncIterable<Buffer>) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      hash?.update(chunk);
      if (keep) chunks.push(chunk);
    }
  return { crcOk: crc === item.crc32 >>> 0, size, hash: hash?.digest('hex') ?? null, bytes: keep ? Buffer.concat(chunks) : null };
}

const isHex64 = (s: unknown) => typeof s === 'string' && /^[0-9a-f]{64}$/.test(s);
const maxSmallFile = 256 * 1024 * 1024;

export interface VerifyOptions {
  /** a public key obtained elsewhere (the portal's): the checkpoint must verify with it */
  publicKeyPem?: string;
}

export async function verifyCaseFile(path: string, opts: VerifyOptions = {}): Promise<CaseFileVerifyResult> {
  const problems: CaseFileProblem[] = [];
  const result: CaseFileVerifyResult = { ok: false, problems, files: 0, entries: 0, bytes: 0 };
  const fail = (where: string, message: string) => {
    problems.push({ where, message });
    return result;
  };
  const layout = await checkZipStructure(path);
  if ('problem' in layout) return fail(layout.problem.where, layout.problem.message);
  const items = layout.entries;
  const byName = new Map<string, ZipEntryLayout>();
  for (const item of items) {
    if (byName.has(item.name)) return fail(item.name, 'zip 中有同名的两项（可能被插入了文件）');
    byName.set(item.name, item);
  }
  // the small fixed files, read whole
  const small: Record<string, Buffer> = {};
  let entriesCrcBad = false;
  for (const name of Object.values(zipPaths)) {
    const item = byName.get(name);
    if (!item) return fail(name, '缺少此文件');
    if (item.size > maxSmallFile) return fail(name, '文件大小异常');
    const r = await readEntry(path, item, null, true);
    // a damaged journal is named by its first bad line below; the CRC answers if no line is bad
    if (!r.crcOk && name !== zipPaths.entries) return fail(name, 'CRC-32 校验失败：内容被改动');
    if (!r.crcOk) entriesCrcBad = true;
    small[name] = r.bytes as Buffer;
  }

  // manifest
  const manifestBytes = small[zipPaths.manifest] as Buffer;
  let manifest: CaseFileManifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as CaseFileManifest;
  } catch {
    return fail(zipPaths.manifest, '不是有效的 JSON');
  }
  if (manifest.format !== caseFileFormat || manifest.formatVersion !== caseFileFormatVersion)
    return fail(zipPaths.manifest, `不是本工具认识的案卷格式（${String(manifest.format)} ${String(manifest.formatVersion)}）`);
  const alg = manifest.hashAlgorithm;
  if (alg !== 'sha256' && alg !== 'sm3') return fail(zipPaths.manifest, `不支持的哈希算法：${String(alg)}`);
  if (!Array.isArray(manifest.catalogue) || !Array.isArray(manifest.journal?.seqs))
    return fail(zipPaths.manifest, '缺少卷内目录或全过程记录清单');
  const seqProblem = sequenceProblem(manifest.catalogue.map((c) => c.seq));
  if (seqProblem) return fail(zipPaths.manifest, seqProblem);
  result.manifest = manifest;
  // every entry's timestamp is the archiving time (a byte of it altered in the zip's headers)
  const archivedSeconds = Math.floor(new Date(manifest.archivedAt).getTime() / 1000);
  for (const item of items)
    if (item.mtimeSeconds !== archivedSeconds) return fail(`${item.name}（zip 中央目录）`, '时间戳与清单记载的归档时间不符');

  // checkpoint and key
  let checkpoint: CheckpointView;
  try {
    checkpoint = JSON.parse((small[zipPaths.checkpoint] as Buffer).toString('utf8')) as CheckpointView;
  } catch {
    return fail(zipPaths.checkpoint, '不是有效的 JSON');
  }
  let enclosed: VerifyKey;
  try {
    enclosed = verifyKeyFromPem((small[zipPaths.publicKey] as Buffer).toString('utf8'));
  } catch (e) {
    return fail(zipPaths.publicKey, `不是有效的公钥：${(e as Error).message}`);
  }
  let key = enclosed;
  if (opts.publicKeyPem) {
    key = verifyKeyFromPem(opts.publicKeyPem);
    if (key.keyId !== enclosed.keyId) return fail(zipPaths.publicKey, `随附公钥（${enclosed.keyId}）与指定的公钥（${key.keyId}）不同`);
  }
  const cpProblem = checkCheckpoint(checkpoint, [key]);
  if (cpProblem) return fail(zipPaths.checkpoint, cpProblem);
  if (checkpoint.hashAlgorithm !== 'sha256' && checkpoint.hashAlgorithm !== 'sm3') return fail(zipPaths.checkpoint, '不支持的哈希算法');
  result.checkpoint = checkpoint;
  result.keyId = key.keyId;

  // journal entries: hashes and inclusion proofs against the signed root
  const jAlg = checkpoint.hashAlgorithm;
  const hasher = treeHasher(jAlg);
  const root = Buffer.from(checkpoint.rootHash, 'hex');
  const text = (small[zipPaths.entries] as Buffer).toString('utf8');
  const rawLines = text.split('\n');
  if (rawLines.at(-1) !== '') return fail(zipPaths.entries, '最后一行没有以换行结束（文件被截断或改动）');
  const lines: CaseFileJournalLine[] = [];
  let prevSeq = -1;
  for (const [i, raw] of rawLines.slice(0, -1).entries()) {
    const lineNo = i + 1;
    let l: CaseFileJournalLine;
    try {
      l = JSON.parse(raw) as CaseFileJournalLine;
    } catch {
      return fail(`${zipPaths.entries} 第 ${lineNo} 行（第 ${prevSeq} 条记录之后）`, '不是有效的 JSON');
    }
    const where = `全过程记录第 ${l.seq} 条（${zipPaths.entries} 第 ${lineNo} 行）`;
    if (!Number.isSafeInteger(l.seq) || l.seq <= prevSeq) return fail(where, '记录序号无效或未按升序排列');
    prevSeq = l.seq;
    if (typeof l.payload !== 'string' || payloadHash(jAlg, l.payload) !== l.payloadHash)
      return fail(where, '内容哈希（payloadHash）与内容不符');
    const at = new Date(l.occurredAt);
    if (Number.isNaN(at.getTime()) || at.toISOString() !== l.occurredAt) return fail(where, '记录时间格式不正确');
    if (!isHex64(l.prevHash) || !isHex64(l.entryHash)) return fail(where, '哈希格式不正确');
    const recomputed = entryHash(jAlg, { ...l, occurredAt: at });
    if (recomputed !== l.entryHash) return fail(where, '记录哈希（entryHash）与各字段重算的不符');
    if (!Array.isArray(l.proof) || !l.proof.every(isHex64)) return fail(where, '包含性证明格式不正确');
    try {
      const leaf = hasher.hashLeaf(Buffer.from(l.entryHash, 'hex'));
      const r = rootFromInclusionProof(
        hasher,
        l.seq,
        checkpoint.treeSize,
        leaf,
        l.proof.map((p) => Buffer.from(p, 'hex')),
      );
      if (!r.equals(root)) return fail(where, '包含性证明算出的默克尔根与签名检查点的根不一致');
    } catch (e) {
      return fail(where, `包含性证明无效：${(e as Error).message}`);
    }
    lines.push(l);
  }
  if (entriesCrcBad) return fail(zipPaths.entries, 'CRC-32 校验失败：内容被改动');
  result.entries = lines.length;

  // the archive entry pins the manifest; every entry the manifest lists is present
  const archive = lines.find((l) => l.action === 'case.archive' && l.entityType === 'case' && l.entityId === manifest.case?.id);
  if (!archive) return fail(zipPaths.entries, '缺少本案的归档记录（case.archive）');
  const archived = JSON.parse(archive.payload) as { manifestHash?: string; hashAlgorithm?: string };
  if (archived.hashAlgorithm !== alg || digest(alg, manifestBytes).toString('hex') !== archived.manifestHash)
    return fail(zipPaths.manifest, `内容哈希与全过程记录第 ${archive.seq} 条（归档）记载的不符：清单被改动`);
  const present = new Set(lines.map((l) => l.seq));
  const missing = manifest.journal.seqs.find((s) => !present.has(s));
  if (missing !== undefined) return fail(`全过程记录第 ${missing} 条`, `清单列出的记录不在 ${zipPaths.entries} 中（被删去）`);

  // files: every catalogue entry present, sizes, hashes, CRC; nothing else in the zip
  const expected = new Set<string>([...Object.values(zipPaths), ...manifest.catalogue.map((c) => c.path)]);
  for (const item of items) if (!expected.has(item.name)) return fail(item.name, '卷内目录中没有此文件（被插入）');
  for (const c of manifest.catalogue as CatalogueEntry[]) {
    const where = `${c.path}（卷内序号 ${c.seq}「${c.title}」）`;
    const item = byName.get(c.path);
    if (!item) return fail(where, '缺少此文件');
    const r = await readEntry(path, item, alg, false);
    if (r.size !== c.size) return fail(where, `大小 ${r.size} 字节与清单记载的 ${c.size} 字节不符`);
    if (r.hash !== c.hash) return fail(where, `哈希（${alg}）与清单记载的不符：文件被改动`);
    if (!r.crcOk) return fail(where, 'CRC-32 校验失败');
    result.files += 1;
    result.bytes += r.size;
  }
  result.ok = problems.length === 0;
  return result;
}
