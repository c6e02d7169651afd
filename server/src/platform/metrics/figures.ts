import type { AnyDb } from '../db/tables';
import { own } from '../db/tables';
import type { JobTables } from '../jobs';
import { latestCheckpoint } from '../journal';
import type { JournalTables } from '../journal/tables';

/** The only tables the scrape reads: counted at scrape time, never written. */
type MetricsStore = JobTables & Pick<JournalTables, 'journal_entry'>;

/** Jobs by status, across every process (the job table is shared): one grouped count. */
export async function jobCounts(db: AnyDb): Promise<Map<string, number>> {
  const rows = await own<MetricsStore>(db)
    .selectFrom('job')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return new Map(rows.map((r) => [String(r.status), Number(r.n)]));
}

export interface JournalFigures {
  treeSize: number;
  checkpointTreeSize: number | undefined;
  checkpointAgeSeconds: number | undefined;
}

/** The journal's size (entries) and its latest signed checkpoint: how far signing lags behind. */
export async function journalFigures(db: AnyDb, now: Date): Promise<JournalFigures> {
  const tail = await own<MetricsStore>(db).selectFrom('journal_entry').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const cp = await latestCheckpoint(db);
  return {
    treeSize: tail ? Number(tail.seq) + 1 : 0,
    checkpointTreeSize: cp?.treeSize,
    checkpointAgeSeconds: cp ? Math.max(0, (now.getTime() - new Date(cp.signedAt).getTime()) / 1000) : undefined,
  };
}
