import { type AnyDb, type AnyTrx, own } from '../../platform/db/tables';
import type { CasesTables } from './tables';

/**
 * The cases module's queries are typed over its own tables only (ADR 0007). What it needs of org
 * (officers, agencies) and catalog (items, review rules) it asks through their index.ts.
 */
export function casesDb(db: AnyTrx): ReturnType<typeof own<CasesTables>>;
export function casesDb(db: AnyDb): ReturnType<typeof own<CasesTables>>;
export function casesDb(db: AnyDb) {
  return own<CasesTables>(db);
}
