import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { recordBlob } from '../src/platform/blobs';
import { insertUpload, markUploadFinished } from '../src/platform/blobs/uploads';
import { bearer, type TestApp } from './app';
import type { CaseTeam } from './case-fixtures';

/**
 * A finished upload of `userId` holding `bytes`, as the tus endpoint leaves one (issue 9 §2): the
 * bytes stored as a blob, the upload row marked finished. What POST /cases/{id}/evidence claims.
 */
export async function stagedUpload(t: TestApp, userId: string, bytes: Buffer, mimeType: string, filename: string): Promise<string> {
  const info = await t.ctx.blobs.put(bytes);
  const id = randomUUID();
  const now = t.clock.now();
  await t.ctx.db.transaction().execute(async (trx) => {
    await insertUpload(trx, { id, userId, filename, mimeType, size: bytes.length, now });
    await recordBlob(trx, info, now);
    await markUploadFinished(trx, id, info.hash, now);
  });
  return id;
}

/** An 800×600 PNG photo (a gradient, so that it does not compress to nothing). */
export async function photoBytes(seed = 0): Promise<Buffer> {
  const w = 800;
  const h = 600;
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      raw[i] = (x + seed) % 256;
      raw[i + 1] = (y * 2) % 256;
      raw[i + 2] = (x ^ y) % 256;
    }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .png()
    .toBuffer();
}

/** A valid body for POST /cases/{id}/evidence (an AV record photo by the team's two officers). */
export function evidenceBody(team: CaseTeam, uploadId: string, over: Record<string, unknown> = {}) {
  return {
    uploadId,
    category: 'av_record',
    kind: '视听资料',
    title: '现场照片：仓库东侧',
    capturedAt: '2026-08-31T00:30:00Z',
    place: '示范区示范路1号仓库',
    latitude: 34.26,
    longitude: 108.94,
    collectorIds: team.officers.map((o) => o.officerId),
    proves: '当事人仓库存放涉案电热水壶20台',
    ...over,
  };
}

export async function addEvidence(t: TestApp, token: string, caseId: string, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/evidence`, headers: bearer(token), payload: body });
}
