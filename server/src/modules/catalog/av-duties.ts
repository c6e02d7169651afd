import type { AnyDb } from '../../platform/db/tables';
import { confirmedItems } from '../../platform/revisions';
import { bureausOf, findAgency } from '../org';
import type { AvDutyData } from './schema';
import { listKeyOf } from './service';

/**
 * The AV-recording item list (音像记录事项清单, R-C04) that binds an agency: its own confirmed and
 * published entries and its justice bureau's, as confirmed now (a case action is taken on today's
 * date). The cases module enforces the full-process duties of it (issue 9 §4).
 */
export async function confirmedAvDuties(db: AnyDb, agencyId: string): Promise<AvDutyData[]> {
  const agency = await findAgency(db, agencyId);
  if (!agency) return [];
  const owners = [...new Set([agency.id, ...(await bureausOf(db, agency.jurisdictionCode))])];
  const duties: AvDutyData[] = [];
  for (const owner of owners)
    for (const item of (await confirmedItems(db, listKeyOf('av_duties', owner))).values()) {
      if (item.public === null) continue;
      duties.push((typeof item.data === 'string' ? JSON.parse(item.data) : item.data) as AvDutyData);
    }
  return duties.sort((a, b) => a.code.localeCompare(b.code));
}
