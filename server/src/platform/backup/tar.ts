import type { FileHandle } from 'node:fs/promises';

/**
 * The backup archive is a plain POSIX tar (ustar; ADR 0013): standard tools can list and unpack it
 * (`tar -tvf`, `tar -xf`), nothing needs random access, and no CRC is computed (yazl's pure-JS CRC-32
 * runs at ~100 MiB/s here, slower than the SHA-256 the manifest needs anyway). Only regular files;
 * sizes of 8 GiB and more use the GNU base-256 size field, which GNU tar and bsdtar read.
 */
const block = 512;
const zeros = Buffer.alloc(block * 2);

function octal(buf: Buffer, value: number, offset: number, length: number): void {
  buf.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

/** The 512-byte ustar header of a regular file. */
export function tarHeader(path: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(block);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(path) > 100) {
    const cut = path.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(path.slice(cut + 1)) > 100) throw new Error(`归档内的文件名过长：${path}`);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  h.write(name, 0, 100, 'utf8');
  octal(h, 0o600, 100, 8);
  octal(h, 0, 108, 8);
  octal(h, 0, 116, 8);
  if (size < 8 ** 11) octal(h, size, 124, 12);
  else {
    // GNU base-256: high bit set, big-endian binary in the rest of the field
    h[124] = 0x80;
    h.writeBigUInt64BE(BigInt(size), 124 + 4);
  }
  octal(h, Math.floor(mtime.getTime() / 1000), 136, 12);
  h.fill(0x20, 148, 156); // checksum counted as spaces
  h.write('0', 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

/** Writes entries one after another into an open file (each write awaited: bounded memory). */
export class TarWriter {
  bytes = 0;
  constructor(private readonly fh: FileHandle) {}

  private async write(buf: Buffer): Promise<void> {
    await this.fh.write(buf);
    this.bytes += buf.length;
  }

  /** Adds a file of exactly `size` bytes; throws if the source gives another count. */
  async add(path: string, size: number, source: Buffer | AsyncIterable<Buffer>, mtime = new Date()): Promise<void> {
    await this.write(tarHeader(path, size, mtime));
    let written = 0;
    const chunks = Buffer.isBuffer(source) ? [source] : source;
    for await (const chunk of chunks) {
      written += chunk.length;
      if (written > size) break;
      await this.write(chunk);
    }
    if (written !== size) throw new Error(`写入归档时 ${path} 的大小变了（应为 ${size} 字节，读到 ${written} 字节）`);
    const pad = (block - (size % block)) % block;
    if (pad) await this.write(zeros.subarray(0, pad));
  }

  async end(): Promise<void> {
    await this.write(zeros);
  }
}

export interface TarEntry {
  path: string;
  size: number;
  /** The entry's bytes; must be read to the end (or left: the reader skips what is left). */
  body: AsyncIterable<Buffer>;
}

function parseOctal(h: Buffer, offset: number, length: number): number {
  if ((h[offset] as number) & 0x80) {
    let v = 0n;
    for (let i = offset + 1; i < offset + length; i++) v = (v << 8n) | BigInt(h[i] as number);
    return Number(v);
  }
  const text = h
    .toString('ascii', offset, offset + length)
    .replace(/[\0 ]+$/, '')
    .trim();
  return text ? Number.parseInt(text, 8) : 0;
}

function cString(h: Buffer, offset: number, length: number): string {
  const end = h.indexOf(0, offset);
  return h.toString('utf8', offset, end < 0 || end > offset + length ? offset + length : end);
}

/** A byte source that hands out exact counts from a chunked stream. */
class Bytes {
  private buf: Buffer = Buffer.alloc(0);
  private done = false;
  constructor(private readonly it: AsyncIterator<Buffer>) {}

  private async more(): Promise<boolean> {
    if (this.done) return false;
    const n = await this.it.next();
    if (n.done) {
      this.done = true;
      return false;
    }
    this.buf = this.buf.length ? Buffer.concat([this.buf, n.value]) : n.value;
    return true;
  }

  /** Exactly n bytes, or fewer at the end of the stream. */
  async take(n: number): Promise<Buffer> {
    while (this.buf.length < n && (await this.more()));
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(out.length);
    return out;
  }

  /** Up to `max` bytes, whatever is at hand (one chunk at most): for streaming bodies. */
  async some(max: number): Promise<Buffer> {
    if (this.buf.length === 0 && !(await this.more())) return Buffer.alloc(0);
    const out = this.buf.subarray(0, max);
    this.buf = this.buf.subarray(out.length);
    return out;
  }
}

/** Reads a tar written by TarWriter (or any ustar of regular files) entry by entry. */
export async function* readTar(source: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const bytes = new Bytes(source[Symbol.asyncIterator]());
  for (;;) {
    const h = await bytes.take(block);
    if (h.length < block) throw new Error('归档不完整：文件在中途结束');
    if (h.every((b) => b === 0)) return;
    let sum = 0;
    for (let i = 0; i < block; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] as number);
    if (sum !== parseOctal(h, 148, 8)) throw new Error('归档已损坏：文件头校验和不符');
    const type = String.fromCharCode(h[156] as number);
    const size = parseOctal(h, 124, 12);
    const prefix = cString(h, 345, 155);
    const name = cString(h, 0, 100);
    const path = prefix ? `${prefix}/${name}` : name;
    let left = size;
    const body = (async function* () {
      while (left > 0) {
        const chunk = await bytes.some(Math.min(left, 1 << 20));
        if (chunk.length === 0) throw new Error(`归档不完整：${path} 在中途结束`);
        left -= chunk.length;
        yield chunk;
      }
    })();
    if (type === '0' || type === '\0') yield { path, size, body };
    else if (type !== '5') throw new Error(`归档中有不支持的条目类型 "${type}"：${path}`);
    // skip what the consumer left (a generator it broke out of yields no more), then the padding
    while (left > 0) {
      const chunk = await bytes.some(Math.min(left, 1 << 20));
      if (chunk.length === 0) throw new Error(`归档不完整：${path} 在中途结束`);
      left -= chunk.length;
    }
    await bytes.take((block - (size % block)) % block);
  }
}
