import { casesDb } from '../../src/modules/cases/db';
import { catalogDb } from '../../src/modules/catalog/db';
import { disclosureDb } from '../../src/modules/disclosure/db';
import { orgDb } from '../../src/modules/org/db';
import type { AuthStore } from '../../src/platform/auth/tables';
import type { CalendarTables } from '../../src/platform/calendar/tables';
import { type AnyDb, own } from '../../src/platform/db/tables';
import type { JournalTables } from '../../src/platform/journal/tables';
import type { RevisionTables } from '../../src/platform/revisions/tables';
import type { ScopeTables } from '../../src/platform/scope';

/**
 * Typecheck fixture (ADR 0007): a module's queries are typed over its own tables, so reading
 * another part's table does not compile. Each `@ts-expect-error` below must meet an error: if a
 * boundary broke (say catalogDb's type again held every table), the directive would be unused
 * and `tsc -p server` would fail. Never run; only compiled (server/tsconfig.json includes test/).
 */
declare const db: AnyDb;

export function crossModuleQueriesDoNotCompile() {
  // @ts-expect-error agency is org's: the catalog asks org (findAgency, agencyNames), it does not read the table
  catalogDb(db).selectFrom('agency');
  // @ts-expect-error officer is org's: disclosure gets recorded ID numbers through registerRecordedIdNumbers
  disclosureDb(db).selectFrom('officer');
  // @ts-expect-error user_account is platform/auth's: org asks accountExists
  orgDb(db).selectFrom('user_account');
  // @ts-expect-error jurisdiction is platform/scope's: org asks findJurisdiction
  orgDb(db).selectFrom('jurisdiction');
  // @ts-expect-error publication is disclosure's: org publishes through publishList
  orgDb(db).selectFrom('publication');
  // @ts-expect-error agency is org's, not platform/scope's
  own<ScopeTables>(db).selectFrom('agency');
  // @ts-expect-error user_account is platform/auth's: the audit log (a reader of the journal) asks accountLabels
  own<JournalTables>(db).selectFrom('user_account');
  // @ts-expect-error publication is disclosure's: the revision mechanism publishes through the module's callback
  own<RevisionTables>(db).selectFrom('publication');
  // @ts-expect-error agency is org's: accounts carry plain ids (ADR 0001) and ask org's registered directory
  own<AuthStore>(db).selectFrom('agency');
  // @ts-expect-error jurisdiction is platform/scope's: accounts ask findJurisdiction / jurisdictionNames
  own<AuthStore>(db).selectFrom('jurisdiction');
  // @ts-expect-error the calendar keeps its overrides only
  own<CalendarTables>(db).selectFrom('revision');
  // @ts-expect-error officer is org's: a case asks org (officersForCases, officerOfUser) for its officers' eligibility
  casesDb(db).selectFrom('officer');
  // @ts-expect-error catalog entries are the catalog's: a case asks itemForCase and confirmedReviewRules
  casesDb(db).selectFrom('catalog_entry_revision');
  // @ts-expect-error revisions are platform/revisions': a case's approvals go through submit / confirm
  casesDb(db).selectFrom('revision');
  // @ts-expect-error enforcement_case is the cases module's: org does not read cases
  orgDb(db).selectFrom('enforcement_case');
}

/** The same handles reach their own tables (so the errors above are about ownership, not syntax). */
export function ownTablesCompile() {
  catalogDb(db).selectFrom('catalog_entry_revision').select('entry_id');
  disclosureDb(db).selectFrom('publication').select('list_key');
  orgDb(db).selectFrom('agency').select('name');
  own<ScopeTables>(db).selectFrom('jurisdiction').select('parent_code');
  casesDb(db).selectFrom('enforcement_case').select('state');
}
