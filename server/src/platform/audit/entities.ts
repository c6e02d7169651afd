import type { AnyDb } from '../db/tables';

/**
 * Readable names of the objects journal entries are about (issue 7 §9: the audit log names an
 * agency, an officer, an item code, not a uuid). platform/ imports no module (DESIGN.md "Shape"),
 * so each module registers how to name its own entity types from its index.ts, as it registers
 * its action labels.
 */
export type EntityNamer = (db: AnyDb, ids: readonly string[]) => Promise<Map<string, string>>;

const namers = new Map<string, EntityNamer>();

/** A module names one journal entity type (called once, from the module's index.ts). */
export function registerEntityNamer(entityType: string, namer: EntityNamer): void {
  namers.set(entityType, namer);
}

/** Fills `entityLabel` where it is still null, one query per entity type on the page. */
export async function nameEntities<T extends { entityType: string; entityId: string | null; entityLabel: string | null }>(
  db: AnyDb,
  items: T[],
): Promise<T[]> {
  const wanted = new Map<string, Set<string>>();
  for (const e of items) {
    if (e.entityLabel !== null || !e.entityId || !namers.has(e.entityType)) continue;
    const ids = wanted.get(e.entityType) ?? new Set<string>();
    ids.add(e.entityId);
    wanted.set(e.entityType, ids);
  }
  const names = new Map<string, Map<string, string>>();
  for (const [type, ids] of wanted) {
    const namer = namers.get(type);
    if (namer) names.set(type, await namer(db, [...ids]));
  }
  return items.map((e) =>
    e.entityLabel === null && e.entityId ? { ...e, entityLabel: names.get(e.entityType)?.get(e.entityId) ?? null } : e,
  );
}
