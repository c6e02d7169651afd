import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { Upload } from '@tus/server';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { recordBlob } from './record';
import { findUpload, markUploadFinished, type UploadRow } from './uploads';

/**
 * Where tus uploads are staged (@tus/file-store in UPLOAD_DIR), and how a complete one becomes a
 * blob: the staged file is streamed into the blob store (hashed while it passes, never held in
 * memory), the blob is recorded and the upload row names it, in one transaction; then the staged
 * file is removed: staging is not the record, the blob is (R-C05).
 *
 * Termination is off (no `termination` extension, `remove` refuses): no request deletes anything.
 * Deferred length and expiration are off too: every upload says its size when it is created.
 */
class StagingStore extends FileStore {
  /** one finishing per upload at a time: PATCH's last bytes and a HEAD retrying after a failure */
  private readonly finishing = new Map<string, Promise<string>>();

  constructor(
    private readonly ctx: AppContext,
    directory: string,
  ) {
    super({ directory });
    this.extensions = ['creation', 'creation-with-upload'];
  }

  override async remove(id: string): Promise<void> {
    throw new AppError('METHOD_NOT_ALLOWED', '上传不能删除', { uploadId: id });
  }

  /**
   * A finished upload answers its full size from its row (its staged file is gone). A staged file
   * that is complete but not yet a blob (the finishing failed, e.g. the blob store was down) is
   * finished now, so the client's HEAD on retry completes it.
   */
  override async getUpload(id: string): Promise<Upload> {
    const row = await findUpload(this.ctx.db, id);
    if (row?.blobHash) return finishedUpload(row);
    const upload = await super.getUpload(id);
    if (row && upload.size !== undefined && upload.offset === upload.size) {
      await this.finish(upload);
      return finishedUpload(row);
    }
    return upload;
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    const end = await super.write(readable, id, offset);
    const row = await findUpload(this.ctx.db, id);
    if (row && end === row.size) await this.finish({ id, size: row.size });
    return end;
  }

  /** Streams the staged bytes into the blob store and records the blob (idempotent, one at a time). */
  finish(upload: { id: string; size?: number }): Promise<string> {
    let running = this.finishing.get(upload.id);
    if (!running) {
      running = this.toBlob(upload.id, upload.size).finally(() => this.finishing.delete(upload.id));
      this.finishing.set(upload.id, running);
    }
    return running;
  }

  private async toBlob(id: string, size: number | undefined): Promise<string> {
    const done = await findUpload(this.ctx.db, id);
    if (done?.blobHash) return done.blobHash;
    const info = await this.ctx.blobs.put(createReadStream(join(this.directory, id)));
    if (size !== undefined && info.size !== size) {
      throw new AppError('CONFLICT', `上传的字节数（${info.size}）与声明的文件大小（${size}）不一致`, { uploadId: id });
    }
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      await recordBlob(trx, info, now);
      await markUploadFinished(trx, id, info.hash, now);
    });
    // the bytes are a blob now; the staged copy and its .json go (a failure here only leaves a file)
    await super.remove(id).catch(() => undefined);
    return info.hash;
  }
}

function finishedUpload(row: UploadRow): Upload {
  return new Upload({
    id: row.id,
    size: row.size,
    offset: row.size,
    metadata: { filename: row.filename, filetype: row.mimeType },
    creation_date: row.createdAt.toISOString(),
  });
}

export function createStagingStore(ctx: AppContext, directory: string): FileStore {
  return new StagingStore(ctx, directory);
}
