/**
 * A strict reading of the case file's zip structure (docs/case-file.md "The zip"), so that one
 * altered byte *anywhere* in the file is found, not only in the entries' data: every byte belongs
 * to a local header, entry data, a data descriptor, the central directory or the end records, with
 * no gap; the fields the local header and the central directory both hold agree; the fields this
 * format fixes have their fixed values; the timestamp extra field carries the archiving time (verify.ts compares it with the manifest). Entry
 * data is checked afterwards by CRC-32 and hash (verify.ts). Reads only headers (positional reads).
 */
import { type FileHandle, open } from 'node:fs/promises';

export interface ZipStructureProblem {
  where: string;
  message: string;
}

export interface ZipEntryLayout {
  name: string;
  crc32: number;
  size: number;
  dataOffset: number;
  /** the UT extra field's modification time, Unix seconds */
  mtimeSeconds: number;
}

const sig = {
  local: 0x04034b50,
  central: 0x02014b50,
  descriptor: 0x08074b50,
  eocd: 0x06054b50,
  zip64Eocd: 0x06064b50,
  zip64Locator: 0x07064b50,
};
/** the values every writer of this format uses (yazl's): made by Unix 6.3; regular file 0664; UTF-8 names; STORE */
export const zipFixed = {
  versionMadeBy: 0x033f,
  versionNeeded: 20,
  versionNeededZip64: 45,
  externalAttributes: (0o100664 << 16) >>> 0,
  utf8Flag: 0x0800,
  descriptorFlag: 0x0008,
} as const;
const u32max = 0xffffffff;

async function readAt(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, offset);
  if (bytesRead !== length) throw new Error(`在偏移 ${offset} 处读不到 ${length} 字节（文件被截断）`);
  return buf;
}

const u64 = (b: Buffer, at: number) => Number(b.readBigUInt64LE(at));

/** Checks the structure; answers the entries in file order, or the first problem. */
export async function checkZipStructure(path: string): Promise<{ entries: ZipEntryLayout[] } | { problem: ZipStructureProblem }> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    return { problem: { where: 'zip', message: `无法打开文件：${(e as Error).message}` } };
  }
  try {
    return await check(fh, (await fh.stat()).size);
  } catch (e) {
    return { problem: { where: 'zip', message: `zip 结构损坏：${(e as Error).message}` } };
  } finally {
    await fh.close();
  }
}

async function check(fh: FileHandle, fileSize: number) {
  const bad = (where: string, message: string) => ({ problem: { where, message } });
  const structure = 'zip 结构（目录结束记录）';
  if (fileSize < 22) return bad(structure, '文件太短，不是 zip 文件');
  // the end record has no comment in this format, so it is the last 22 bytes
  const eocdAt = fileSize - 22;
  const eocd = await readAt(fh, eocdAt, 22);
  if (eocd.readUInt32LE(0) !== sig.eocd) return bad(structure, '目录结束记录的签名不对（或文件末尾被改动）');
  if (eocd.readUInt16LE(4) !== 0 || eocd.readUInt16LE(6) !== 0) return bad(structure, '分卷编号不为 0');
  if (eocd.readUInt16LE(20) !== 0) return bad(structure, '不应有 zip 注释');
  let count = eocd.readUInt16LE(10);
  let cdSize = eocd.readUInt32LE(12);
  let cdOffset = eocd.readUInt32LE(16);
  if (eocd.readUInt16LE(8) !== count) return bad(structure, '两处记录的项数不一致');
  let cdEnd = eocdAt;
  if (count === 0xffff || cdSize === u32max || cdOffset === u32max) {
    const where = 'zip 结构（ZIP64 目录结束记录）';
    if (eocdAt < 76) return bad(where, '缺少 ZIP64 目录结束记录');
    const loc = await readAt(fh, eocdAt - 20, 20);
    const recAt = eocdAt - 20 - 56;
    if (loc.readUInt32LE(0) !== sig.zip64Locator || loc.readUInt32LE(4) !== 0 || u64(loc, 8) !== recAt || loc.readUInt32LE(16) !== 1)
      return bad(where, 'ZIP64 定位记录不正确');
    const rec = await readAt(fh, recAt, 56);
    if (
      rec.readUInt32LE(0) !== sig.zip64Eocd ||
      u64(rec, 4) !== 44 ||
      rec.readUInt16LE(12) !== zipFixed.versionMadeBy ||
      rec.readUInt16LE(14) !== zipFixed.versionNeededZip64 ||
      rec.readUInt32LE(16) !== 0 ||
      rec.readUInt32LE(20) !== 0 ||
      u64(rec, 24) !== u64(rec, 32)
    )
      return bad(where, 'ZIP64 目录结束记录不正确');
    const n64 = u64(rec, 32);
    const size64 = u64(rec, 40);
    const off64 = u64(rec, 48);
    // the 32-bit fields hold their value or the ZIP64 marker
    if ((count !== 0xffff && count !== n64) || (cdSize !== u32max && cdSize !== size64) || (cdOffset !== u32max && cdOffset !== off64))
      return bad(where, 'ZIP64 记录与目录结束记录不一致');
    count = n64;
    cdSize = size64;
    cdOffset = off64;
    cdEnd = recAt;
  }
  if (cdOffset + cdSize !== cdEnd) return bad(structure, '中央目录的位置或大小与文件不符（有多余或缺失的字节）');
  if (cdSize > 64 * 1024 * 1024) return bad(structure, '中央目录大小异常');
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: ZipEntryLayout[] = [];
  let p = 0;
  let cursor = 0;
  for (let i = 0; i < count; i++) {
    const at = `zip 中央目录第 ${i + 1} 项`;
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== sig.central) return bad(at, '中央目录记录的签名不对');
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    if (p + 46 + nameLen + extraLen + commentLen > cd.length) return bad(at, '中央目录记录超出目录');
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
    const name = nameBytes.toString('utf8');
    const where = `${name}（zip 中央目录）`;
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const time = cd.readUInt16LE(p + 12);
    const date = cd.readUInt16LE(p + 14);
    const crc = cd.readUInt32LE(p + 16);
    let csize = cd.readUInt32LE(p + 20);
    let usize = cd.readUInt32LE(p + 24);
    let offset = cd.readUInt32LE(p + 42);
    if (cd.readUInt16LE(p + 4) !== zipFixed.versionMadeBy) return bad(where, '“创建版本”字段不是本格式的值');
    if (flags !== zipFixed.utf8Flag && flags !== (zipFixed.utf8Flag | zipFixed.descriptorFlag))
      return bad(where, '通用标志位不是本格式的值');
    if (method !== 0) return bad(where, '压缩方式不是 STORE（本格式不压缩）');
    if (commentLen !== 0 || cd.readUInt16LE(p + 34) !== 0 || cd.readUInt16LE(p + 36) !== 0)
      return bad(where, '注释、分卷或内部属性字段不是本格式的值');
    if (cd.readUInt32LE(p + 38) !== zipFixed.externalAttributes) return bad(where, '外部属性字段不是本格式的值');
    // extra fields: the UT timestamp (always), then ZIP64 sizes and offset (when marked)
    const extra = cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
    const zip64 = csize === u32max || usize === u32max || offset === u32max;
    if (extra.length !== (zip64 ? 9 + 28 : 9)) return bad(where, '扩展字段长度不是本格式的值');
    if (extra.readUInt16LE(0) !== 0x5455 || extra.readUInt16LE(2) !== 5 || extra.readUInt8(4) !== 3)
      return bad(where, '时间戳扩展字段不正确');
    if (zip64) {
      if (csize !== u32max || usize !== u32max || offset !== u32max) return bad(where, 'ZIP64 标记不完整');
      if (extra.readUInt16LE(9) !== 0x0001 || extra.readUInt16LE(11) !== 24) return bad(where, 'ZIP64 扩展字段不正确');
      usize = u64(extra, 13);
      csize = u64(extra, 21);
      offset = u64(extra, 29);
    }
    if (cd.readUInt16LE(p + 6) !== (zip64 ? zipFixed.versionNeededZip64 : zipFixed.versionNeeded))
      return bad(where, '“解压所需版本”字段不正确');
    if (csize !== usize) return bad(where, '压缩前后大小不同（本格式不压缩）');
    if (offset !== cursor) return bad(where, '本地文件头的位置与前一项的结尾不接续（有多余或缺失的字节）');
    // the local header repeats what the central record says
    const lwhere = `${name}（zip 本地文件头）`;
    const lh = await readAt(fh, offset, 30 + nameLen);
    const hasDescriptor = (flags & zipFixed.descriptorFlag) !== 0;
    if (lh.readUInt32LE(0) !== sig.local) return bad(lwhere, '本地文件头的签名不对');
    if (lh.readUInt16LE(4) !== zipFixed.versionNeeded || lh.readUInt16LE(6) !== flags || lh.readUInt16LE(8) !== method)
      return bad(lwhere, '版本、标志位或压缩方式与中央目录不一致');
    if (lh.readUInt16LE(10) !== time || lh.readUInt16LE(12) !== date) return bad(lwhere, '修改时间与中央目录不一致');
    const [lcrc, lcs, lus] = [lh.readUInt32LE(14), lh.readUInt32LE(18), lh.readUInt32LE(22)];
    if (hasDescriptor ? lcrc !== 0 || lcs !== 0 || lus !== 0 : lcrc !== crc || lcs !== csize || lus !== usize)
      return bad(lwhere, 'CRC 或大小字段与中央目录不一致');
    if (lh.readUInt16LE(26) !== nameLen || lh.readUInt16LE(28) !== 0 || !lh.subarray(30).equals(nameBytes))
      return bad(lwhere, '文件名与中央目录不一致');
    const dataOffset = offset + 30 + nameLen;
    cursor = dataOffset + csize;
    if (hasDescriptor) {
      const dwhere = `${name}（zip 数据描述符）`;
      const len = zip64 ? 24 : 16;
      if (cursor + len > cdOffset) return bad(dwhere, '数据描述符超出范围');
      const d = await readAt(fh, cursor, len);
      const ok =
        d.readUInt32LE(0) === sig.descriptor &&
        d.readUInt32LE(4) === crc &&
        (zip64 ? u64(d, 8) === csize && u64(d, 16) === usize : d.readUInt32LE(8) === csize && d.readUInt32LE(12) === usize);
      if (!ok) return bad(dwhere, '数据描述符与中央目录不一致');
      cursor += len;
    }
    if (cursor > cdOffset) return bad(where, '文件数据超出中央目录的起点');
    entries.push({ name, crc32: crc, size: usize, dataOffset, mtimeSeconds: extra.readInt32LE(5) });
    p += 46 + nameLen + extraLen + commentLen;
  }
  if (p !== cd.length) return bad(structure, '中央目录中有多余的字节');
  if (cursor !== cdOffset) return bad(structure, '最后一项与中央目录之间有多余的字节');
  return { entries };
}
