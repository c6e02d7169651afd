import type { AnyDb } from '../../platform/db/tables';
import { type KnownPersonalData, knownValueCandidates } from './personal-data';

/**
 * Where the ID numbers recorded for persons of a jurisdiction come from: the org module's officer
 * records. Org is above disclosure (it publishes through it), so it registers the source when it
 * loads (modules/org/index.ts) instead of disclosure reading org's tables (ADR 0007).
 * `candidates` null: every recorded number; else only those among the candidates.
 */
export type RecordedIdNumbers = (db: AnyDb, jurisdictionCode: string, candidates: string[] | null) => Promise<string[]>;

let source: RecordedIdNumbers | undefined;

export function registerRecordedIdNumbers(fn: RecordedIdNumbers): void {
  source = fn;
}

/**
 * The ID numbers recorded for persons of a jurisdiction, for the personal-data detector's `known`
 * set. With `within` (the value about to be saved), only the recorded numbers that occur in it are
 * loaded, and nothing is asked when it holds no long digit run. Officers have no phone column;
 * when one is added, it goes in `phones`.
 */
export async function knownPersonalData(db: AnyDb, jurisdictionCode: string, within?: unknown): Promise<KnownPersonalData> {
  const candidates = within === undefined ? null : knownValueCandidates(within);
  if (candidates?.length === 0) return {};
  if (!source) throw new Error('no source of recorded ID numbers: import modules/org before publishing');
  // many candidates (a long table of numbers): load them all rather than send a huge IN list
  const idNumbers = await source(db, jurisdictionCode, candidates && candidates.length <= 1000 ? candidates : null);
  return { idNumbers, phones: [] };
}
