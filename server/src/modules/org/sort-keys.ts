import type { AnyDb } from '../../platform/db/tables';
import { nameSortKey } from '../../platform/sort-key';
import { orgDb } from './db';

/**
 * Gives agencies and officers written before migration 0016 their pinyin sort key (issue 7 §9).
 * Runs at start after the migrations; a no-op once every row has a key. Writers set the key
 * themselves (insertAgency, reviseAgency, newOfficerRow, reviseOfficer).
 */
export async function backfillNameSortKeys(db: AnyDb): Promise<number> {
  let updated = 0;
  const agencies = await orgDb(db).selectFrom('agency').select(['id', 'name']).where('name_sort_key', 'is', null).execute();
  for (const a of agencies) {
    await orgDb(db)
      .updateTable('agency')
      .set({ name_sort_key: nameSortKey(a.name) })
      .where('id', '=', a.id)
      .execute();
    updated++;
  }
  const officers = await orgDb(db).selectFrom('officer').select(['id', 'name']).where('name_sort_key', 'is', null).execute();
  for (const o of officers) {
    await orgDb(db)
      .updateTable('officer')
      .set({ name_sort_key: nameSortKey(o.name, { person: true }) })
      .where('id', '=', o.id)
      .execute();
    updated++;
  }
  return updated;
}
