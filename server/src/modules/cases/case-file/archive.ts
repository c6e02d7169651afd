/**
 * Archiving (归档, issue 9 §8, R-C08): a case in a final state of its procedure is bound into its
 * case file — the catalogue in binding order (binding.ts), the manifest (manifest.ts) — and becomes
 * read-only. One transaction: the archive row, the `case.archive` journal entry carrying the
 * manifest's hash, a timeline step. Who: the case's officers (承办人立卷归档, the practice of the
 * case-file rules) or the agency head; closing itself was already approved by the head.
 */
import { type Actor, journalActor } from '../../../platform/auth';
import { shanghaiDate } from '../../../platform/clock';
import type { AppContext } from '../../../platform/context';
import type { AnyDb, AnyTrx } from '../../../platform/db/tables';
import { AppError, RefusedError } from '../../../platform/errors';
import { canonicalJson, digest } from '../../../platform/journal/hash';
import { agencyForCases, maskIdNumber } from '../../org';
import { casesDb } from '../db';
import type { ProcedureDefinition } from '../definition';
import { definitionOf } from '../definitions';
import { caseInScope, currentOfficerIds, partyRows, rolesOnCase } from '../engine';
import type { EnforcementCaseTable } from '../tables';
import { buildCatalogue, type CatalogueEntry } from './binding';
import { caseJournalSeqs } from './journal-part';
import { type CaseFileManifest, caseFileFormat, caseFileFormatVersion, zipPaths } from './manifest';
import { caseFileItems } from './sources';
import { caseArchivedCode, caseArchivedMessage } from './writable';

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export async function archiveRow(db: AnyDb, caseId: string) {
  return casesDb(db).selectFrom('case_archive').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

const finalLabels = (def: ProcedureDefinition) =>
  Object.values(def.states)
    .filter((s) => s.final)
    .map((s) => s.label)
    .join('、');

/** Why this caller may not archive this case now, or null (the panel's button and the command share it). */
export async function archiveRefusal(
  db: AnyDb,
  actor: Actor,
  row: EnforcementCaseTable,
  def: ProcedureDefinition,
): Promise<AppError | null> {
  if (await archiveRow(db, row.id)) return new RefusedError(caseArchivedCode, caseArchivedMessage, { guard: caseArchivedCode });
  const roles = await rolesOnCase(db, actor, row);
  if (!roles.has('case_officer') && !roles.has('agency_head'))
    return new AppError('FORBIDDEN', '只有本案承办的执法人员或本机关负责人可以归档', { caseId: row.id });
  if (!def.states[row.state]?.final)
    return new RefusedError(
      'CASE_NOT_CLOSED',
      `案件当前为「${def.states[row.state]?.label ?? row.state}」，办结（${finalLabels(def)}）后方可归档（案卷归档，R-C08）`,
      { guard: 'CASE_NOT_CLOSED', state: row.state },
    );
  return null;
}

async function buildManifest(ctx: AppContext, trx: AnyTrx, actor: Actor, row: EnforcementCaseTable, def: ProcedureDefinition, at: Date) {
  const items = await caseFileItems(trx, row.id);
  for (const item of items)
    if (!(await ctx.blobs.stat(item.blobHash)))
      throw new AppError('CONFLICT', `案卷文件缺失，无法归档：「${item.title}」（${item.blobHash.slice(0, 12)}…）不在文件存储中`, {
        recordId: item.recordId,
        hash: item.blobHash,
      });
  const catalogue = buildCatalogue(items, ctx.blobs.algorithm);
  const [seqs, parties, officers, agency] = await Promise.all([
    // documents journal under their document id, evidence under the case
    caseJournalSeqs(trx, ctx.journal.hashAlgorithm, row.id, [
      ...new Set(items.flatMap((i) => [i.recordId, ...(typeof i.metadata.documentId === 'string' ? [i.metadata.documentId] : [])])),
    ]),
    partyRows(trx, row.id),
    currentOfficerIds(trx, row.id),
    agencyForCases(trx, row.agency_id),
  ]);
  const names = await casesDb(trx).selectFrom('case_officer').select(['officer_id', 'name']).where('case_id', '=', row.id).execute();
  const manifest: CaseFileManifest = {
    format: caseFileFormat,
    formatVersion: caseFileFormatVersion,
    hashAlgorithm: ctx.blobs.algorithm,
    case: {
      id: row.id,
      number: row.number,
      title: row.title,
      procedure: { code: def.code, version: def.version, label: def.label },
      state: row.state,
      stateLabel: def.states[row.state]?.label ?? row.state,
      openedOn: row.opened_on,
      filedOn: row.filed_on,
      closedOn: row.closed_on,
    },
    agency: { id: row.agency_id, name: agency?.name ?? '' },
    parties: parties.map((p) => ({
      kind: p.kind,
      name: p.name,
      idNumberMasked: p.id_number ? maskIdNumber(p.id_number) : null,
      uscc: p.uscc,
    })),
    officers: officers.map((o) => ({ officerId: o.officerId, name: names.find((n) => n.officer_id === o.officerId)?.name ?? '' })),
    archivedAt: at.toISOString(),
    archivedBy: actor.displayName,
    catalogue,
    journal: { path: zipPaths.entries, seqs },
  };
  return manifest;
}

export interface ArchiveResult {
  caseId: string;
  journalSeq: number;
  manifestHash: string;
  files: number;
}

export async function archiveCase(ctx: AppContext, actor: Actor, caseId: string): Promise<ArchiveResult> {
  return ctx.db.transaction().execute(async (trx) => {
    // the row lock serialises archiving with every action and write on the case (they lock it too)
    const row = await caseInScope(trx, actor, caseId, true);
    const def = await definitionOf(trx, row.procedure_code, row.procedure_version);
    const refusal = await archiveRefusal(trx, actor, row, def);
    if (refusal) throw refusal;
    const now = ctx.clock.now();
    const manifest = await buildManifest(ctx, trx, actor, row, def, now);
    const text = canonicalJson(manifest);
    const alg = ctx.blobs.algorithm;
    const manifestHash = digest(alg, text).toString('hex');
    const entry = await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'case.archive',
      entity: { type: 'case', id: row.id },
      payload: {
        caseId: row.id,
        number: row.number,
        manifestHash,
        hashAlgorithm: alg,
        files: manifest.catalogue.length,
        journalEntries: manifest.journal.seqs.length,
      },
    });
    await casesDb(trx)
      .insertInto('case_archive')
      .values({
        case_id: row.id,
        archived_at: now,
        archived_by: actor.userId,
        archived_by_name: actor.displayName,
        catalogue: JSON.stringify(manifest.catalogue),
        manifest: text,
        hash_algorithm: alg,
        manifest_hash: manifestHash,
        journal_seq: entry.seq,
      })
      .execute();
    const last = await casesDb(trx)
      .selectFrom('case_event')
      .select((eb) => eb.fn.max('seq').as('m'))
      .where('case_id', '=', row.id)
      .executeTakeFirst();
    await casesDb(trx)
      .insertInto('case_event')
      .values({
        case_id: row.id,
        seq: Number(last?.m ?? 0) + 1,
        action: 'archive',
        label: '归档',
        from_state: row.state,
        to_state: row.state,
        record: 'archive',
        input: JSON.stringify({ manifestHash, files: manifest.catalogue.length }),
        on_date: shanghaiDate(now),
        at: now,
        by_user: actor.userId,
        by_name: actor.displayName,
        journal_seq: entry.seq,
      })
      .execute();
    await casesDb(trx)
      .updateTable('enforcement_case')
      .set({ updated_at: now, version: row.version + 1 })
      .where('id', '=', row.id)
      .execute();
    return { caseId: row.id, journalSeq: entry.seq, manifestHash, files: manifest.catalogue.length };
  });
}

/** The case-file panel: archived or not, who may archive, the catalogue (stored, or what archiving would bind now). */
export async function caseFileView(ctx: AppContext, actor: Actor, caseId: string) {
  const row = await caseInScope(ctx.db, actor, caseId);
  const def = await definitionOf(ctx.db, row.procedure_code, row.procedure_version);
  const archived = await archiveRow(ctx.db, caseId);
  let catalogue: CatalogueEntry[];
  if (archived) catalogue = json<CatalogueEntry[]>(archived.catalogue);
  else catalogue = buildCatalogue(await caseFileItems(ctx.db, caseId), ctx.blobs.algorithm);
  const refusal = archived ? null : await archiveRefusal(ctx.db, actor, row, def);
  return {
    caseId,
    number: row.number,
    final: def.states[row.state]?.final ?? false,
    archived: archived
      ? {
          at: new Date(archived.archived_at).toISOString(),
          by: archived.archived_by_name,
          manifestHash: archived.manifest_hash,
          hashAlgorithm: archived.hash_algorithm,
          journalSeq: Number(archived.journal_seq),
        }
      : null,
    canArchive: !archived && refusal === null,
    archiveRefusal: refusal ? refusal.message : null,
    catalogue,
    downloadUrl: archived ? `/api/v1/cases/${caseId}/case-file/download` : null,
  };
}
