import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../database';
import { type KnownPersonalData, knownValueCandidates } from './personal-data';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The ID numbers recorded for persons of a jurisdiction (officer.id_number of its agencies), for
 * the personal-data detector's `known` set, in one query. With `within` (the value about to be
 * saved), only the recorded numbers that occur in it are loaded, and nothing is queried when it
 * holds no long digit run. Officers have no phone column; when one is added, it goes in `phones`.
 */
export async function knownPersonalData(db: Db, jurisdictionCode: string, within?: unknown): Promise<KnownPersonalData> {
  const candidates = within === undefined ? null : knownValueCandidates(within);
  if (candidates?.length === 0) return {};
  let q = db
    .selectFrom('officer')
    .innerJoin('agency', 'agency.id', 'officer.agency_id')
    .select('officer.id_number')
    .where('agency.jurisdiction_code', '=', jurisdictionCode);
  // many candidates (a long table of numbers): load them all rather than send a huge IN list
  if (candidates && candidates.length <= 1000) q = q.where('officer.id_number', 'in', candidates);
  const rows = await q.execute();
  return { idNumbers: rows.map((r) => r.id_number), phones: [] };
}
