import { registerEntityNamer } from '../../platform/audit/entities';
import type { AnyDb } from '../../platform/db/tables';
import { orgDb } from './db';

/** How the audit log names org's objects (issue 7 §9): 机关名称, 姓名（机关）, 窗口编号 名称（机关）. */
export function registerOrgEntityNamers(): void {
  registerEntityNamer('agency', async (db: AnyDb, ids) => {
    const rows = await orgDb(db).selectFrom('agency').select(['id', 'name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  });
  registerEntityNamer('officer', async (db: AnyDb, ids) => {
    const rows = await orgDb(db)
      .selectFrom('officer')
      .innerJoin('agency', 'agency.id', 'officer.agency_id')
      .select(['officer.id', 'officer.name', 'agency.name as agency_name'])
      .where('officer.id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, `${r.name}（${r.agency_name}）`]));
  });
  registerEntityNamer('service_window', async (db: AnyDb, ids) => {
    const rows = await orgDb(db)
      .selectFrom('service_window')
      .innerJoin('agency', 'agency.id', 'service_window.agency_id')
      .select(['service_window.id', 'service_window.number', 'service_window.name', 'agency.name as agency_name'])
      .where('service_window.id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, `${r.number} ${r.name}（${r.agency_name}）`]));
  });
}
