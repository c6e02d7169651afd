import { sql } from 'kysely';
import { type AnyDb, type AnyTrx, own } from '../db/tables';
import type { BlobTables } from './tables';
import type { BlobInfo } from './types';

/**
 * Notes that the records reference a blob (call it in the transaction that writes the reference).
 * Idempotent: the first time is kept (`first_stored_at`), later ones change nothing.
 */
export async function recordBlob(db: AnyDb | AnyTrx, info: BlobInfo, now: Date): Promise<void> {
  await own<BlobTables>(db as AnyDb)
    .insertInto('blob')
    .values({ hash: info.hash, algorithm: info.algorithm, size: info.size, first_stored_at: now })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
}

/**
 * Every blob row (for `blobs verify` and backups), a page at a time, in byte order of the hash
 * (collation "C", the order the stores list in, whatever the database's locale).
 */
export async function* recordedBlobs(db: AnyDb): AsyncIterable<{ hash: string; algorithm: string; size: number }> {
  let after = '';
  for (;;) {
    const rows = await own<BlobTables>(db)
      .selectFrom('blob')
      .select(['hash', 'algorithm', 'size'])
      .where(sql<boolean>`hash collate "C" > ${after}`)
      .orderBy(sql`hash collate "C"`)
      .limit(1000)
      .execute();
    for (const r of rows) yield { hash: r.hash, algorithm: r.algorithm, size: Number(r.size) };
    if (rows.length < 1000) return;
    after = (rows[rows.length - 1] as { hash: string }).hash;
  }
}
