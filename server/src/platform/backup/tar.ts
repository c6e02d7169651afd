import type { FileHandle } from 'node:fs/promises';
import { extract, type Header, type Pack, pack } from 'tar-stream';

/**
 * The backup archive is a plain tar (ustar, pax where needed; ADR 0013), written and read by
 * `tar-stream`: standard tools list and unpack it (`tar -tvf`, `tar -xf`), nothing needs random
 * access, and no CRC is computed. Sizes of 8 GiB and more get the GNU base-256 size field (tar-stream
 * writes and reads it; GNU tar and bsdtar read it). This file only adds what the backup needs on top:
 * awaited writes (bounded memory), an exact size per entry, Chinese errors, and a strict end.
 */
const block = 512;

/** Resolves when a streamx stream wants more (or is gone: the caller then sees its error). */
function drained(s: { on(e: string, f: () => void): unknown; off(e: string, f: () => void): unknown }): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      s.off('drain', done);
      s.off('close', done);
      resolve();
    };
    s.on('drain', done);
    s.on('close', done);
  });
}

/** Writes entries one after another into an open file (each write awaited: bounded memory). */
export class TarWriter {
  bytes = 0;
  // up to 1 MiB queued ahead of the awaited file write: bounded, and fewer stalls than the 16 KiB default
  private readonly out = pack({ highWaterMark: 1 << 20 });
  private readonly written: Promise<void>;

  constructor(fh: FileHandle) {
    this.out.on('error', () => undefined); // reported through `written` (and each entry's callback)
    this.written = (async () => {
      for await (const chunk of this.out as AsyncIterable<Buffer>) {
        await fh.write(chunk);
        this.bytes += chunk.length;
      }
    })();
    // seen by add() through the entry's error and by end(); never unhandled
    this.written.catch(() => undefined);
  }

  /** Adds a file of exactly `size` bytes; throws if the source gives another count. */
  async add(path: string, size: number, source: Buffer | AsyncIterable<Buffer>, mtime = new Date()): Promise<void> {
    let entry: ReturnType<Pack['entry']> | undefined;
    // tar-stream calls back once the entry is in the pack (or with the error that ended it)
    const done = new Promise<void>((resolve, reject) => {
      entry = this.out.entry({ name: path, size, mtime, mode: 0o600 }, (err) => (err ? reject(err) : resolve()));
    });
    done.catch(() => undefined);
    const sink = entry as NonNullable<typeof entry>;
    sink.on('error', () => undefined); // reported through the callback above
    let written = 0;
    for await (const chunk of Buffer.isBuffer(source) ? [source] : source) {
      written += chunk.length;
      if (written > size) break;
      if (!sink.write(chunk)) await Promise.race([drained(sink), done]);
      if (sink.destroying) await done;
    }
    if (written !== size) {
      const e = new Error(`写入归档时 ${path} 的大小变了（应为 ${size} 字节，读到 ${written} 字节）`);
      this.out.destroy(e);
      throw e;
    }
    sink.end(undefined);
    await done;
  }

  /** Writes the end-of-archive blocks and waits until every byte is in the file. */
  async end(): Promise<void> {
    this.out.finalize();
    await this.written;
  }
}

/** An entry as extract() hands it out (its header has byteOffset, the body's place in the archive; not in the types). */
type Entry = { header: Header & { byteOffset: number } } & AsyncIterable<Buffer>;

export interface TarEntry {
  path: string;
  size: number;
  /** The entry's bytes; may be read partly or not at all (the reader skips what is left). */
  body: AsyncIterable<Buffer>;
}

/** Chinese words for tar-stream's errors (the operator reads them; the original stays in parentheses). */
function explain(e: Error): Error {
  const m = e.message;
  if (/Unexpected end of data/.test(m)) return new Error('归档不完整：文件在中途结束');
  if (/Invalid tar header\. Maybe/.test(m)) return new Error('归档已损坏：文件头校验和不符');
  if (/Invalid tar header|Header exceeds/.test(m)) return new Error(`归档已损坏：文件头无法识别（${m}）`);
  return e;
}

/**
 * Reads a tar written by TarWriter (or any ustar/pax/GNU tar of regular files) entry by entry, in one
 * pass: the source is fed to tar-stream's extract() as the entries are consumed. Strict: an archive
 * that ends inside an entry, or after the last entry without the end-of-archive zero block, is an error.
 */
export async function* readTar(source: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<TarEntry> {
  const ex = extract();
  let total = 0;
  let tail = Buffer.alloc(0); // the last block of the source, to see the end marker
  const fed = (async () => {
    try {
      for await (const chunk of source) {
        total += chunk.length;
        tail = Buffer.from(chunk.length >= block ? chunk.subarray(-block) : Buffer.concat([tail, chunk]).subarray(-block));
        if (!ex.write(chunk)) await drained(ex);
        if (ex.destroyed) return;
      }
      ex.end(undefined);
    } catch (e) {
      ex.destroy(e as Error);
    }
  })();
  let end = 0; // where the last entry's padded body ends
  try {
    const entries = ex[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<Entry>;
      try {
        next = (await entries.next()) as IteratorResult<Entry>;
      } catch (e) {
        throw explain(e as Error);
      }
      if (next.done) break;
      const s = next.value;
      const { name, size, type } = s.header;
      end = s.header.byteOffset + size + ((block - (size % block)) % block);
      // manual next() (no for-await) so a consumer leaving the body early does not destroy it
      const it = s[Symbol.asyncIterator]();
      let got = 0;
      const read = async (): Promise<Buffer | undefined> => {
        try {
          const r = await it.next();
          if (r.done) return undefined;
          got += r.value.length;
          return r.value;
        } catch (e) {
          throw explain(e as Error);
        }
      };
      const body = (async function* () {
        for (let c = await read(); c; c = await read()) yield c;
      })();
      if (type === 'file' || type === 'contiguous-file') yield { path: name, size, body };
      else if (type !== 'directory') throw new Error(`归档中有不支持的条目类型 "${type}"：${name}`);
      while (await read());
      if (got !== size) throw new Error(`归档不完整：${name} 应有 ${size} 字节，只读到 ${got} 字节`);
    }
    await fed;
    if (total < end + block || tail.some((b) => b !== 0)) throw new Error('归档不完整：缺少归档结束标记（文件可能被截断）');
  } finally {
    if (!ex.destroyed) ex.destroy();
  }
}
