import { type AnyDb, own } from '../../platform/db/tables';
import type { CatalogTables } from './tables';

/**
 * The catalog's queries are typed over its own tables only (ADR 0007): the handle another part
 * hands over is untyped (`AnyDb`), and this is the one cast at the module's edge. Reading another
 * part's table through it does not compile (`catalogDb(db).selectFrom('agency')`); what the catalog
 * needs of org it asks through org's index.ts (`findAgency`, `agencyNames` …), passing the untyped handle on.
 */
export const catalogDb = (db: AnyDb) => own<CatalogTables>(db);
