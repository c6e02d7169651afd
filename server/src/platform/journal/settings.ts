import type { HashAlgorithm } from '../config';
import { type AnyDb, own } from '../db/tables';
import type { JournalTables } from './tables';

const key = 'journal.hash_algorithm';

/**
 * The journal's hash is fixed when the first entry is written: entries hashed with SHA-256 cannot
 * be verified with SM3. A later change of JOURNAL_HASH is refused with an explanation.
 */
export async function settleHashAlgorithm(db: AnyDb, wanted: HashAlgorithm, now: Date): Promise<HashAlgorithm> {
  const row = await own<JournalTables>(db).selectFrom('platform_setting').select('value').where('key', '=', key).executeTakeFirst();
  if (row) {
    const current = row.value as HashAlgorithm;
    if (current !== wanted) {
      throw new Error(`本平台的全过程记录已使用 ${current} 哈希算法，不能改为 ${wanted}；请去掉 JOURNAL_HASH 设置或设为 ${current}`);
    }
    return current;
  }
  await own<JournalTables>(db)
    .insertInto('platform_setting')
    .values({ key, value: JSON.stringify(wanted), updated_at: now, updated_by: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return wanted;
}
