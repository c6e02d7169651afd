import { type AnyDb, own } from '../../platform/db/tables';
import type { OrgTables } from './tables';

/**
 * The org module's queries are typed over its own tables only (ADR 0007): the handle another part
 * hands over is untyped (`AnyDb`), and this is the one cast at the module's edge. Reading another
 * part's table through it does not compile; what the module needs of another it asks through
 * that part's index.ts, passing the untyped handle on.
 */
export const orgDb = (db: AnyDb) => own<OrgTables>(db);
