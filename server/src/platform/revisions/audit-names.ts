import { registerEntityNamer } from '../audit/entities';
import { own } from '../db/tables';
import type { RevisionTables } from './tables';

// The audit log names a submission by what was submitted and its number (issue 7 §9): the title
// already names the agency and the list (示范市示范区市场监督管理局行政执法人员清单 第 3 次提交).
registerEntityNamer('revision', async (db, ids) => {
  const rows = await own<RevisionTables>(db).selectFrom('revision').select(['id', 'title', 'seq']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, `${r.title} 第 ${r.seq} 次提交`]));
});
