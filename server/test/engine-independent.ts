/**
 * Test files whose result cannot depend on the database engine, left out of the PostgreSQL pass
 * (vitest.config.ts): the pass exists to run the suite's database work on PostgreSQL, and these do
 * none, or force PGlite themselves. Everything else runs on both engines (README). Reviewed by hand;
 * ./engine-independent.test.ts checks that a listed file still opens no store of the pass.
 */
export const engineIndependent: Record<string, 'no store' | 'PGlite only'> = {
  // pure rules, parsers and source scans: no store, no app
  'server/src/cli.test.ts': 'no store',
  'server/src/modules/cases/procedures/procedures.test.ts': 'no store',
  'server/src/modules/cases/rules.test.ts': 'no store',
  'server/src/modules/catalog/rules.test.ts': 'no store',
  'server/src/modules/disclosure/personal-data.test.ts': 'no store',
  'server/src/modules/org/rules.test.ts': 'no store',
  'server/src/modules/org/window-rules.test.ts': 'no store',
  'server/src/platform/audit/labels.test.ts': 'no store',
  'server/src/platform/auth/rules.test.ts': 'no store',
  'server/src/platform/backup/order.test.ts': 'no store',
  'server/src/platform/backup/tar.test.ts': 'no store',
  'server/src/platform/blobs/http-range.test.ts': 'no store',
  'server/src/platform/calendar/publication-deadline.test.ts': 'no store',
  'server/src/platform/calendar/rules.test.ts': 'no store',
  'server/src/platform/journal/merkle.test.ts': 'no store',
  'server/src/platform/revisions/rules.test.ts': 'no store',
  'server/src/platform/sort-key.test.ts': 'no store',
  'server/test/blobs-http.test.ts': 'no store',
  'server/test/blobs.test.ts': 'no store',
  'server/test/boundaries/raw-handles.test.ts': 'no store',
  'server/test/deploy.test.ts': 'no store',
  'server/test/spreadsheet-parse.test.ts': 'no store',
  'server/test/ui-text.test.ts': 'no store',
  // the embedded store's one-owner rule: its servers run with DATABASE_URL unset in both passes
  'server/test/store-owner.test.ts': 'PGlite only',
};

/**
 * Test files that need PostgreSQL itself and run in the PostgreSQL pass only: several server
 * processes on one database is exactly what the embedded store's one-owner rule forbids.
 */
export const postgresOnly: Record<string, string> = {
  'server/test/multi-process.test.ts': 'two server processes on one database (issue 10)',
};
