/**
 * The bytes of an item (HTTP Range through platform/blobs' sendBlob, so a 2 GB video seeks in the
 * browser) and its thumbnail: a 320 px JPEG made by sharp the first time it is asked for, stored as
 * a blob of its own and reused (evidence_thumbnail, keyed by the source's hash).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../../platform/auth';
import { recordBlob, sendBlob } from '../../../platform/blobs';
import type { AppContext } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { casesDb } from '../db';
import { caseInScope } from '../engine';
import { isInline, isThumbnailable } from './rules';

const THUMBNAIL_PX = 320;

async function itemOf(ctx: AppContext, actor: Actor, caseId: string, itemId: string) {
  const row = await caseInScope(ctx.db, actor, caseId);
  const item = await casesDb(ctx.db)
    .selectFrom('evidence_item')
    .select(['id', 'seq', 'title', 'blob_hash', 'mime_type', 'filename'])
    .where('id', '=', itemId)
    .where('case_id', '=', row.id)
    .executeTakeFirst();
  if (!item) throw notFound('证据', { itemId });
  return item;
}

export async function sendEvidenceContent(
  ctx: AppContext,
  actor: Actor,
  request: FastifyRequest,
  reply: FastifyReply,
  caseId: string,
  itemId: string,
) {
  const item = await itemOf(ctx, actor, caseId, itemId);
  return sendBlob(request, reply, ctx.blobs, {
    hash: item.blob_hash,
    mimeType: item.mime_type,
    filename: item.filename,
    disposition: isInline(item.mime_type) ? 'inline' : 'attachment',
  });
}

async function streamToBuffer(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += b.length;
    if (size > limit) throw new AppError('NOT_FOUND', '图片过大，无法生成缩略图', {});
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** The thumbnail's blob hash: the stored one, or made now (sharp, 320 px, EXIF orientation applied). */
export async function thumbnailOf(ctx: AppContext, sourceHash: string): Promise<{ hash: string }> {
  const known = await casesDb(ctx.db)
    .selectFrom('evidence_thumbnail')
    .select('thumbnail_hash')
    .where('source_hash', '=', sourceHash)
    .executeTakeFirst();
  if (known) return { hash: known.thumbnail_hash };
  const source = await streamToBuffer(await ctx.blobs.get(sourceHash), 200 * 1024 * 1024);
  let jpeg: Buffer;
  try {
    // loaded at the first thumbnail, not at start (libvips ~22 MiB of an idle server)
    const { default: sharp } = await import('sharp');
    jpeg = await sharp(source, { failOn: 'error' })
      .rotate()
      .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 78 })
      .toBuffer();
  } catch {
    throw new AppError('NOT_FOUND', '该文件无法生成缩略图', { hash: sourceHash });
  }
  const info = await ctx.blobs.put(jpeg);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await recordBlob(trx, info, now);
    await casesDb(trx)
      .insertInto('evidence_thumbnail')
      .values({ source_hash: sourceHash, thumbnail_hash: info.hash, size: info.size, created_at: now })
      .onConflict((oc) => oc.column('source_hash').doNothing())
      .execute();
  });
  return { hash: info.hash };
}

export async function sendEvidenceThumbnail(
  ctx: AppContext,
  actor: Actor,
  request: FastifyRequest,
  reply: FastifyReply,
  caseId: string,
  itemId: string,
) {
  const item = await itemOf(ctx, actor, caseId, itemId);
  if (!isThumbnailable(item.mime_type)) throw new AppError('NOT_FOUND', '只有照片有缩略图', { itemId, mimeType: item.mime_type });
  const thumb = await thumbnailOf(ctx, item.blob_hash);
  return sendBlob(request, reply, ctx.blobs, {
    hash: thumb.hash,
    mimeType: 'image/jpeg',
    filename: `${item.seq}-缩略图.jpg`,
    disposition: 'inline',
  });
}
