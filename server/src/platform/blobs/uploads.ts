import { type AnyDb, type AnyTrx, own } from '../db/tables';
import { AppError } from '../errors';
import type { UploadTables } from './uploads-tables';

/** An upload as its owner and the tus hooks see it (migration 0022). */
export interface UploadRow {
  id: string;
  userId: string;
  filename: string;
  mimeType: string;
  size: number;
  blobHash: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** What a case action gets for a finished upload: the blob and what the uploader said of it. */
export interface ClaimedUpload {
  hash: string;
  size: number;
  mimeType: string;
  filename: string;
}

const db = (h: AnyDb | AnyTrx) => own<UploadTables>(h as AnyDb);

export async function insertUpload(
  h: AnyDb | AnyTrx,
  u: { id: string; userId: string; filename: string; mimeType: string; size: number; now: Date },
): Promise<void> {
  await db(h)
    .insertInto('upload')
    .values({ id: u.id, user_id: u.userId, filename: u.filename, mime_type: u.mimeType, size: u.size, created_at: u.now })
    .execute();
}

export async function findUpload(h: AnyDb | AnyTrx, id: string): Promise<UploadRow | undefined> {
  const r = await db(h).selectFrom('upload').selectAll().where('id', '=', id).executeTakeFirst();
  return r
    ? {
        id: r.id,
        userId: r.user_id,
        filename: r.filename,
        mimeType: r.mime_type,
        size: Number(r.size),
        blobHash: r.blob_hash,
        createdAt: r.created_at,
        finishedAt: r.finished_at,
      }
    : undefined;
}

/** Sets the blob of a finished upload, once (a trigger refuses a second time; `where` makes a race harmless). */
export async function markUploadFinished(h: AnyDb | AnyTrx, id: string, blobHash: string, now: Date): Promise<void> {
  await db(h)
    .updateTable('upload')
    .set({ blob_hash: blobHash, finished_at: now })
    .where('id', '=', id)
    .where('finished_at', 'is', null)
    .execute();
}

/**
 * A finished upload of this user, for a case action to make an evidence item, AV record or
 * document of (issue 9 §2). Someone else's upload is 404 like a missing one (STYLE.md §10); an
 * upload whose bytes have not all arrived is 409. An upload is claimed once (migration 0026): call
 * it in the transaction that writes the record, so a refused action leaves the upload free for the
 * next try; a second claim is 409. The blob it names is never deleted.
 */
export async function claimUpload(h: AnyDb | AnyTrx, userId: string, uploadId: string): Promise<ClaimedUpload> {
  const u = await finishedUpload(h, userId, uploadId);
  // one upload, one record: a second claim (a double tap, a retried request) is refused; called in
  // the transaction that makes the record, so a refused command leaves no claim behind
  const claimed = await db(h)
    .insertInto('upload_claim')
    .values({ upload_id: uploadId, claimed_at: new Date(), claimed_by: userId })
    .onConflict((oc) => oc.column('upload_id').doNothing())
    .returning('upload_id')
    .executeTakeFirst();
  if (!claimed) throw new AppError('CONFLICT', '该文件已保存过，不能重复保存', { uploadId });
  return u;
}

/** The caller's finished upload, read without claiming it (to check its bytes before the claiming transaction). */
export async function finishedUpload(h: AnyDb | AnyTrx, userId: string, uploadId: string): Promise<ClaimedUpload> {
  const u = await findUpload(h, uploadId);
  if (!u || u.userId !== userId) throw new AppError('NOT_FOUND', '上传的文件不存在', { uploadId });
  if (!u.blobHash) throw new AppError('CONFLICT', '上传尚未完成，请等文件全部上传后再提交', { uploadId, size: u.size });
  return { hash: u.blobHash, size: u.size, mimeType: u.mimeType, filename: u.filename };
}
