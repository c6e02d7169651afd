/**
 * The case-file export (issue 9 §8): one .zip, streamed with yazl — manifest.json, the files in
 * catalogue order, journal/entries.jsonl, checkpoint.json, public-key.pem (docs/case-file.md).
 * Files are streamed from the blob store one at a time (never buffered) and stored uncompressed
 * (STORE): media are compressed already, and an altered byte then sits in the data where the
 * verifier's hash and CRC see it. yazl writes ZIP64 records by itself for entries ≥ 4 GiB.
 */
import { PassThrough, type Readable } from 'node:stream';
import yazl from 'yazl';
import type { Actor } from '../../../platform/auth';
import type { AppContext } from '../../../platform/context';
import { AppError, RefusedError } from '../../../platform/errors';
import { type CheckpointView, createCheckpoint, latestCheckpoint, loadPublicKeys } from '../../../platform/journal';
import { casesDb } from '../db';
import { caseInScope } from '../engine';
import { archiveRow } from './archive';
import type { CatalogueEntry } from './binding';
import { journalLines } from './journal-part';
import { type CaseFileManifest, zipPaths } from './manifest';

export interface CaseFileExport {
  filename: string;
  stream: Readable;
  checkpoint: CheckpointView;
  files: number;
  entries: number;
}

/**
 * A signed checkpoint that covers entry `seq`. When none does yet the export signs one now (as the
 * server's timer or `sanxiang journal checkpoint` would): whoever just archived gets the file at
 * once, and a server with the timer off (CHECKPOINT_INTERVAL_SECONDS=0) still exports.
 */
async function coveringCheckpoint(ctx: AppContext, seq: number): Promise<CheckpointView> {
  const latest = await latestCheckpoint(ctx.db);
  if (latest && latest.treeSize > seq) return latest;
  const signed = (await createCheckpoint(ctx)) ?? (await latestCheckpoint(ctx.db));
  if (!signed || signed.treeSize <= seq) throw new RefusedError('CHECKPOINT_PENDING', '待签发检查点，请稍后再导出', { seq });
  return signed;
}

/** The registered key (issue 10 §1: the deployment's, old ones included) that signed `cp`. */
async function publicKeyPem(ctx: AppContext, cp: CheckpointView): Promise<string> {
  const key = (await loadPublicKeys(ctx.db)).find((k) => k.keyId === cp.keyId && k.algorithm === cp.signatureAlgorithm);
  if (key) return key.publicKeyPem;
  throw new AppError('CONFLICT', `找不到签发检查点所用的公钥（key_id ${cp.keyId}），无法导出`, { keyId: cp.keyId });
}

export const caseFileName = (number: string | null, caseId: string) => `案卷-${(number ?? caseId).replace(/[\\/:*?"<>|]/g, '_')}.zip`;

/** The archived case's file as a stream (scope checked: 404 outside the caller's scope). */
export async function exportCaseFile(ctx: AppContext, actor: Actor | null, caseId: string): Promise<CaseFileExport> {
  const row = actor
    ? await caseInScope(ctx.db, actor, caseId)
    : await casesDb(ctx.db).selectFrom('enforcement_case').select(['id', 'number']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const archived = await archiveRow(ctx.db, caseId);
  if (!archived) throw new RefusedError('CASE_NOT_ARCHIVED', '案件尚未归档：办结并归档后方可导出案卷', { caseId });
  const manifest = JSON.parse(archived.manifest) as CaseFileManifest;
  const archiveSeq = Number(archived.journal_seq);
  const checkpoint = await coveringCheckpoint(ctx, archiveSeq);
  const pem = await publicKeyPem(ctx, checkpoint);
  const seqs = [...manifest.journal.seqs, archiveSeq];
  const lines = await journalLines(ctx.db, manifest.hashAlgorithm, seqs, checkpoint);
  for (const f of manifest.catalogue)
    if (!(await ctx.blobs.stat(f.hash)))
      throw new AppError('CONFLICT', `案卷文件缺失：「${f.title}」（${f.hash.slice(0, 12)}…）不在文件存储中`, {
        path: f.path,
        hash: f.hash,
      });
  const stream = writeZip(ctx, new Date(archived.archived_at), archived.manifest, manifest.catalogue, lines, checkpoint, pem);
  return { filename: caseFileName(row.number, caseId), stream, checkpoint, files: manifest.catalogue.length, entries: lines.length };
}

function writeZip(
  ctx: AppContext,
  mtime: Date,
  manifestText: string,
  catalogue: readonly CatalogueEntry[],
  lines: readonly unknown[],
  checkpoint: CheckpointView,
  pem: string,
): Readable {
  const zip = new yazl.ZipFile();
  const out = new PassThrough();
  zip.on('error', (e: Error) => out.destroy(e));
  zip.outputStream.on('error', (e: Error) => out.destroy(e));
  zip.outputStream.pipe(out);
  const opts = { mtime, compress: false };
  zip.addBuffer(Buffer.from(manifestText, 'utf8'), zipPaths.manifest, opts);
  for (const f of catalogue)
    zip.addReadStreamLazy(f.path, { ...opts, size: f.size }, (cb) => {
      ctx.blobs.get(f.hash).then(
        (s) => cb(null, s),
        (e: Error) => cb(e, undefined as unknown as Readable),
      );
    });
  zip.addBuffer(Buffer.from(lines.map((l) => `${JSON.stringify(l)}\n`).join(''), 'utf8'), zipPaths.entries, opts);
  zip.addBuffer(Buffer.from(`${JSON.stringify(checkpoint, null, 2)}\n`, 'utf8'), zipPaths.checkpoint, opts);
  zip.addBuffer(Buffer.from(pem, 'utf8'), zipPaths.publicKey, opts);
  zip.end();
  return out;
}
