import type { DocumentTables } from './modules/cases/documents/tables';
import type { CasesTables } from './modules/cases/tables';
import type { CatalogTables } from './modules/catalog/tables';
import type { DisclosureTables } from './modules/disclosure/tables';
import type { OrgTables } from './modules/org/tables';
import type { AuthTables } from './platform/auth/tables';
import type { BlobTables } from './platform/blobs/tables';
import type { UploadTables } from './platform/blobs/uploads-tables';
import type { CalendarTables } from './platform/calendar/tables';
import type { JobTables } from './platform/jobs/tables';
import type { JournalTables } from './platform/journal/tables';
import type { RevisionTables } from './platform/revisions/tables';
import type { ScopeTables } from './platform/scope/tables';
import type { SettingsTables } from './platform/settings/tables';

/** Every table, combined at the composition root so that `platform/` imports no module (STYLE.md). */
export interface Database
  extends JournalTables,
    AuthTables,
    BlobTables,
    UploadTables,
    CalendarTables,
    OrgTables,
    DisclosureTables,
    CatalogTables,
    CasesTables,
    DocumentTables,
    JobTables,
    RevisionTables,
    ScopeTables,
    SettingsTables {}
