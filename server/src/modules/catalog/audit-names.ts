import { registerEntityNamer } from '../../platform/audit/entities';
import { catalogDb } from './db';
import { catalogListKinds, listKindLabels } from './rules';

/**
 * How the audit log names catalog objects (issue 7 §9): an entry by its code (执法事项 code, 裁量基准
 * code …), a list (`kind:agencyId`, written by submit/confirm/return) by its kind; the agency is in
 * the entry's payload and the actor's column.
 */
export function registerCatalogEntityNamers(): void {
  for (const kind of catalogListKinds) {
    registerEntityNamer(`catalog_${kind}`, async (db, ids) => {
      const names = new Map<string, string>();
      const entries = ids.filter((id) => !id.startsWith(`${kind}:`));
      if (entries.length > 0) {
        const rows = await catalogDb(db)
          .selectFrom('catalog_entry_revision')
          .select(['entry_id', 'code'])
          .where('entry_id', 'in', entries)
          .where('list_kind', '=', kind)
          .groupBy(['entry_id', 'code'])
          .execute();
        for (const r of rows) names.set(r.entry_id, `${listKindLabels[kind]} ${r.code}`);
      }
      for (const id of ids) if (id.startsWith(`${kind}:`)) names.set(id, listKindLabels[kind]);
      return names;
    });
  }
}
