/**
 * Case documents (issue 9 §5, §7; R-C02, R-C07, R-D17): a document is filled from the case with the
 * template in force on its date, stored as a blob, and never regenerated in place — a correction
 * is a new version with a reason, the old one stays byte for byte. Every write is one transaction
 * with its journal entry (carrying the .docx hash) and a case_event on the timeline.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type Actor, journalActor } from '../../../platform/auth';
import { recordBlob } from '../../../platform/blobs';
import { shanghaiDate } from '../../../platform/clock';
import type { AppContext } from '../../../platform/context';
import { type AnyDb, type AnyTrx, own } from '../../../platform/db/tables';
import { AppError, conflict, notFound } from '../../../platform/errors';
import { jurisdictionChain } from '../../../platform/scope';
import { instrumentByCode, renderTemplate, templateInForce } from '../../catalog';
import { maskIdNumber, officersForCases } from '../../org';
import { assertCaseWritable, isArchived } from '../case-file/writable';
import { definitionOf } from '../definitions';
import { buildFacts, caseInScope, currentOfficerIds, partyRows, rolesOnCase } from '../engine';
import type { CasesTables, EnforcementCaseTable } from '../tables';
import { type DocumentSource, fillDocument } from './fill';
import { docxToPdf } from './pdf';
import { sealService } from './seal';
import type { DocumentTables } from './tables';

export const ddb = (db: AnyDb) => own<CasesTables & DocumentTables>(db);
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const today = (ctx: AppContext) => shanghaiDate(ctx.clock.now());
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function instrumentOf(code: string) {
  const inst = instrumentByCode.get(code);
  if (!inst)
    throw new AppError('VALIDATION_FAILED', `没有这种文书模板：${code}`, {
      fields: [{ field: 'templateCode', message: '未知的文书模板', in: 'body' }],
    });
  return inst;
}

/** What the filling reads of a case (fill.ts), gathered from the case's tables and org. */
async function sourceOf(db: AnyDb, row: EnforcementCaseTable, on: string): Promise<DocumentSource> {
  const def = await definitionOf(db, row.procedure_code, row.procedure_version);
  const [facts, parties, officerIds, chain] = await Promise.all([
    buildFacts(db, row, def, on),
    partyRows(db, row.id),
    currentOfficerIds(db, row.id),
    jurisdictionChain(db, row.jurisdiction_code),
  ]);
  const officers = await officersForCases(
    db,
    officerIds.map((o) => o.officerId),
    on,
  );
  const order = new Map(officerIds.map((o, i) => [o.officerId, i]));
  return {
    on,
    caseNumber: row.number,
    caseTitle: row.title,
    agencyName: facts.agency.name,
    jurisdictionName: chain[0]?.name ?? '',
    item: facts.item ? { name: facts.item.name, legalBases: facts.item.legalBases } : null,
    openedOn: row.opened_on,
    filedOn: row.filed_on,
    parties: parties.map((p) => ({
      kind: p.kind,
      name: p.name,
      idNumberMasked: p.id_number ? maskIdNumber(p.id_number) : null,
      uscc: p.uscc,
      address: p.address,
      legalRepresentative: p.legal_representative,
    })),
    officers: officers
      .sort((a, b) => (order.get(a.officerId) ?? 0) - (order.get(b.officerId) ?? 0))
      .map((o) => ({ name: o.name, certificateNumber: o.certificateNumber })),
    records: facts.records,
  };
}

async function assertOfficer(db: AnyDb, actor: Actor, row: EnforcementCaseTable, what: string) {
  const roles = await rolesOnCase(db, actor, row);
  if (!roles.has('case_officer')) throw new AppError('FORBIDDEN', `只有本案承办的执法人员可以${what}`, {});
}

/** GET …/documents/preview: the filled fields and placeholder values, before anything is generated. */
export async function previewDocument(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  templateCode: string,
  fields: Record<string, string> = {},
) {
  const inst = instrumentOf(templateCode);
  const row = await caseInScope(ctx.db, actor, caseId);
  const on = today(ctx);
  const filled = fillDocument(inst, await sourceOf(ctx.db, row, on), fields);
  const { version } = await templateInForce(ctx, templateCode, row.jurisdiction_code, on);
  return {
    templateCode,
    templateName: inst.name,
    templateVersion: version,
    freeFields: inst.freeFields.map((f) => ({ name: f.name, label: f.label, multiline: f.multiline ?? false })),
    fields: filled.fields,
    data: filled.data,
  };
}

async function nextEventSeq(trx: AnyTrx, caseId: string): Promise<number> {
  const r = await ddb(trx)
    .selectFrom('case_event')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

interface WriteVersion {
  row: EnforcementCaseTable;
  documentId: string;
  templateCode: string;
  title: string;
  version: number;
  fields: Record<string, string>;
  reason: string | null;
  isNew: boolean;
}

/** Fills, stores and records one version in one transaction (the case row locked, archived cases refused). */
async function writeVersion(ctx: AppContext, actor: Actor, w: WriteVersion, trx: AnyTrx) {
  const on = today(ctx);
  const inst = instrumentOf(w.templateCode);
  const filled = fillDocument(inst, await sourceOf(trx, w.row, on), w.fields);
  const template = await templateInForce(ctx, w.templateCode, w.row.jurisdiction_code, on, trx);
  const docx = renderTemplate(template.bytes, filled.data);
  const blob = await ctx.blobs.put(docx);
  const now = ctx.clock.now();
  await recordBlob(trx, blob, now);
  const versionId = randomUUID();
  const action = w.isNew ? 'document.generate' : 'document.version';
  const entry = await ctx.journal.append(trx, {
    actor: journalActor(actor),
    action,
    entity: { type: 'case_document', id: w.documentId },
    payload: {
      caseId: w.row.id,
      templateCode: w.templateCode,
      templateVersion: template.version,
      version: w.version,
      title: w.title,
      hash: blob.hash,
      algorithm: blob.algorithm,
      size: blob.size,
      fields: filled.fields,
      reason: w.reason,
    },
  });
  if (w.isNew)
    await ddb(trx)
      .insertInto('case_document')
      .values({
        id: w.documentId,
        case_id: w.row.id,
        template_code: w.templateCode,
        title: w.title,
        created_at: now,
        created_by: actor.userId,
      })
      .execute();
  await ddb(trx)
    .insertInto('case_document_version')
    .values({
      id: versionId,
      document_id: w.documentId,
      version: w.version,
      template_version: template.version,
      on_date: on,
      fields: JSON.stringify(filled.fields),
      data: JSON.stringify(filled.data),
      blob_hash: blob.hash,
      size: blob.size,
      reason: w.reason,
      created_at: now,
      created_by: actor.userId,
      created_by_name: actor.displayName,
      journal_seq: entry.seq,
    })
    .execute();
  // the timeline shows the document beside the acts; the case's state does not change
  await ddb(trx)
    .insertInto('case_event')
    .values({
      case_id: w.row.id,
      seq: await nextEventSeq(trx, w.row.id),
      action,
      label: w.isNew ? `制作文书：${w.title}` : `文书新版本：${w.title}（第${w.version}版）`,
      from_state: w.row.state,
      to_state: w.row.state,
      record: 'document',
      input: JSON.stringify({
        documentId: w.documentId,
        version: w.version,
        templateCode: w.templateCode,
        hash: blob.hash,
        reason: w.reason,
      }),
      on_date: on,
      at: now,
      by_user: actor.userId,
      by_name: actor.displayName,
      journal_seq: entry.seq,
    })
    .execute();
  return { documentId: w.documentId, versionId, version: w.version, hash: blob.hash, size: blob.size, journalSeq: entry.seq };
}

function cleanFields(fields: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

/** POST /cases/{id}/documents: version 1 of a new document. */
export async function generateDocument(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  body: { templateCode: string; fields?: Record<string, string>; title?: string },
) {
  const inst = instrumentOf(body.templateCode);
  const result = await ctx.db.transaction().execute(async (trx) => {
    const row = await caseInScope(trx, actor, caseId, true);
    await assertCaseWritable(trx, row.id);
    await assertOfficer(trx, actor, row, '制作文书');
    return writeVersion(
      ctx,
      actor,
      {
        row,
        documentId: randomUUID(),
        templateCode: inst.code,
        title: body.title?.trim() || inst.name,
        version: 1,
        fields: cleanFields(body.fields),
        reason: null,
        isNew: true,
      },
      trx,
    );
  });
  return documentView(ctx, actor, caseId, result.documentId);
}

/** POST …/documents/{docId}/versions: a corrected version with a reason; earlier versions stay. */
export async function addDocumentVersion(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  documentId: string,
  body: { fields?: Record<string, string>; reason: string },
) {
  if (!body.reason?.trim())
    throw new AppError('VALIDATION_FAILED', '新版本须说明更正的理由', {
      fields: [{ field: 'reason', message: '请填写更正理由', in: 'body' }],
    });
  await ctx.db.transaction().execute(async (trx) => {
    const row = await caseInScope(trx, actor, caseId, true);
    const doc = await ddb(trx)
      .selectFrom('case_document')
      .selectAll()
      .where('id', '=', documentId)
      .where('case_id', '=', row.id)
      .executeTakeFirst();
    if (!doc) throw notFound('文书', { documentId });
    await assertCaseWritable(trx, row.id);
    await assertOfficer(trx, actor, row, '制作文书');
    const last = await ddb(trx)
      .selectFrom('case_document_version')
      .select(['version', 'fields'])
      .where('document_id', '=', documentId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    // fields not sent keep their previous value
    const fields = { ...json<Record<string, string>>(last.fields), ...cleanFields(body.fields) };
    return writeVersion(
      ctx,
      actor,
      {
        row,
        documentId,
        templateCode: doc.template_code,
        title: doc.title,
        version: last.version + 1,
        fields,
        reason: body.reason.trim(),
        isNew: false,
      },
      trx,
    );
  });
  return documentView(ctx, actor, caseId, documentId);
}

const versionColumns = [
  'case_document_version.id',
  'case_document_version.document_id',
  'case_document_version.version',
  'case_document_version.template_version',
  sql<string>`to_char(case_document_version.on_date, 'YYYY-MM-DD')`.as('on_date'),
  'case_document_version.fields',
  'case_document_version.blob_hash',
  'case_document_version.size',
  'case_document_version.reason',
  'case_document_version.created_at',
  'case_document_version.created_by_name',
  'case_document_version.journal_seq',
] as const;

type VersionRow = {
  id: string;
  document_id: string;
  version: number;
  template_version: number;
  on_date: string;
  fields: unknown;
  blob_hash: string;
  size: string | number;
  reason: string | null;
  created_at: Date;
  created_by_name: string;
  journal_seq: string | number;
};

async function signaturesOf(db: AnyDb, versionIds: string[]) {
  if (!versionIds.length) return new Map<string, ReturnType<typeof signatureView>[]>();
  const rows = await ddb(db)
    .selectFrom('case_document_signature')
    .selectAll()
    .where('version_id', 'in', versionIds)
    .orderBy('signed_at')
    .execute();
  const out = new Map<string, ReturnType<typeof signatureView>[]>();
  for (const r of rows) out.set(r.version_id, [...(out.get(r.version_id) ?? []), signatureView(r)]);
  return out;
}

function signatureView(r: {
  id: string;
  signer_name: string;
  signed_at: Date;
  document_hash: string;
  seal_provider: string;
  seal_label: string | null;
  journal_seq: string | number;
}) {
  return {
    id: r.id,
    signerName: r.signer_name,
    signedAt: new Date(r.signed_at).toISOString(),
    documentHash: r.document_hash,
    sealProvider: r.seal_provider,
    sealLabel: r.seal_label,
    journalSeq: Number(r.journal_seq),
  };
}

function versionView(caseId: string, v: VersionRow, sigs: Map<string, ReturnType<typeof signatureView>[]>) {
  const base = `/api/v1/cases/${caseId}/documents/${v.document_id}/versions/${v.version}`;
  return {
    id: v.id,
    version: v.version,
    templateVersion: v.template_version,
    on: v.on_date,
    fields: json<Record<string, string>>(v.fields),
    hash: v.blob_hash,
    size: Number(v.size),
    reason: v.reason,
    createdAt: new Date(v.created_at).toISOString(),
    createdByName: v.created_by_name,
    journalSeq: Number(v.journal_seq),
    contentUrl: `${base}/content`,
    pdfUrl: `${base}/pdf`,
    signatures: sigs.get(v.id) ?? [],
  };
}

async function documentsOf(db: AnyDb, caseIds: string[]) {
  if (!caseIds.length) return [];
  const docs = await ddb(db)
    .selectFrom('case_document')
    .selectAll()
    .where('case_id', 'in', caseIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const versions = docs.length
    ? ((await ddb(db)
        .selectFrom('case_document_version')
        .select(versionColumns)
        .where(
          'document_id',
          'in',
          docs.map((d) => d.id),
        )
        .orderBy('version')
        .execute()) as VersionRow[])
    : [];
  const sigs = await signaturesOf(
    db,
    versions.map((v) => v.id),
  );
  return docs.map((d) => {
    const inst = instrumentByCode.get(d.template_code);
    return {
      id: d.id,
      caseId: d.case_id,
      templateCode: d.template_code,
      templateName: inst?.name ?? d.template_code,
      title: d.title,
      createdAt: new Date(d.created_at).toISOString(),
      versions: versions.filter((v) => v.document_id === d.id).map((v) => versionView(d.case_id, v, sigs)),
    };
  });
}

export async function listDocuments(ctx: AppContext, actor: Actor, caseId: string) {
  const row = await caseInScope(ctx.db, actor, caseId);
  const roles = await rolesOnCase(ctx.db, actor, row);
  // an archived case file is read-only (R-C08): nothing is offered that the server would refuse
  const open = !(await isArchived(ctx.db, row.id));
  return {
    items: await documentsOf(ctx.db, [row.id]),
    canGenerate: open && roles.has('case_officer'),
    canSign: open && (roles.has('case_officer') || roles.has('agency_head')),
  };
}

async function documentView(ctx: AppContext, actor: Actor, caseId: string, documentId: string) {
  const row = await caseInScope(ctx.db, actor, caseId);
  const doc = (await documentsOf(ctx.db, [row.id])).find((d) => d.id === documentId);
  if (!doc) throw notFound('文书', { documentId });
  return doc;
}

async function versionOf(db: AnyDb, actor: Actor, caseId: string, documentId: string, version: number) {
  const row = await caseInScope(db, actor, caseId);
  const doc = await ddb(db)
    .selectFrom('case_document')
    .selectAll()
    .where('id', '=', documentId)
    .where('case_id', '=', row.id)
    .executeTakeFirst();
  if (!doc) throw notFound('文书', { documentId });
  const v = (await ddb(db)
    .selectFrom('case_document_version')
    .select(versionColumns)
    .where('document_id', '=', documentId)
    .where('version', '=', version)
    .executeTakeFirst()) as VersionRow | undefined;
  if (!v) throw notFound('文书版本', { documentId, version });
  return { row, doc, v };
}

async function readBlob(ctx: AppContext, hash: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await ctx.blobs.get(hash)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const fileName = (caseNumber: string | null, title: string, version: number, ext: string) =>
  `${[caseNumber, title].filter(Boolean).join('-')}（第${version}版）.${ext}`.replace(/[\\/:*?"<>|]/g, '_');

/** The .docx of a version, as stored (sent by sendBlob). */
export async function documentContent(ctx: AppContext, actor: Actor, caseId: string, documentId: string, version: number) {
  const { row, doc, v } = await versionOf(ctx.db, actor, caseId, documentId, version);
  return { hash: v.blob_hash, mimeType: DOCX_MIME, filename: fileName(row.number, doc.title, v.version, 'docx') };
}

/** The PDF of a version: made once by LibreOffice from the stored .docx, then kept as a blob (same .docx, same PDF). */
export async function documentPdf(ctx: AppContext, actor: Actor, caseId: string, documentId: string, version: number) {
  const { row, doc, v } = await versionOf(ctx.db, actor, caseId, documentId, version);
  const filename = fileName(row.number, doc.title, v.version, 'pdf');
  const cached = await ddb(ctx.db).selectFrom('document_pdf').select('pdf_hash').where('docx_hash', '=', v.blob_hash).executeTakeFirst();
  if (cached) return { hash: cached.pdf_hash, mimeType: 'application/pdf', filename };
  const pdf = await docxToPdf(await readBlob(ctx, v.blob_hash));
  const blob = await ctx.blobs.put(pdf);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await recordBlob(trx, blob, now);
    await ddb(trx)
      .insertInto('document_pdf')
      .values({ docx_hash: v.blob_hash, pdf_hash: blob.hash, size: blob.size, created_at: now })
      .onConflict((oc) => oc.column('docx_hash').doNothing())
      .execute();
  });
  return { hash: blob.hash, mimeType: 'application/pdf', filename };
}

/**
 * POST …/versions/{v}/signatures (R-C07): the platform's attestation — signer account, time and the
 * document's hash — in the journal, and the seal service's seal when one is configured.
 */
export async function signDocument(ctx: AppContext, actor: Actor, caseId: string, documentId: string, version: number) {
  const { row, doc, v } = await versionOf(ctx.db, actor, caseId, documentId, version);
  const roles = await rolesOnCase(ctx.db, actor, row);
  if (!roles.has('case_officer') && !roles.has('agency_head'))
    throw new AppError('FORBIDDEN', '只有本案承办的执法人员或者本机关负责人可以签署文书', {});
  // R-C07: one attestation per signer and version; asked first so no seal is made in vain, and again under the lock below
  if (await signedBy(ctx.db, v.id, actor.userId)) throw alreadySigned(documentId, version);
  const service = sealService();
  const seal = service
    ? await service.seal({
        documentHash: v.blob_hash,
        hashAlgorithm: ctx.blobs.algorithm,
        document: await readBlob(ctx, v.blob_hash),
        title: doc.title,
        signer: { userId: actor.userId, name: actor.displayName },
        agencyName: '',
      })
    : null;
  const id = randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await caseInScope(trx, actor, caseId, true);
    await assertCaseWritable(trx, row.id);
    // the case row is locked: a concurrent second signature of the same signer waits here, then sees the first
    if (await signedBy(trx, v.id, actor.userId)) throw alreadySigned(documentId, version);
    const now = ctx.clock.now();
    const entry = await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'document.sign',
      entity: { type: 'case_document', id: documentId },
      payload: {
        caseId,
        version,
        documentHash: v.blob_hash,
        algorithm: ctx.blobs.algorithm,
        signer: { userId: actor.userId, name: actor.displayName },
        signedAt: now.toISOString(),
        seal: seal ? { provider: service?.name, label: seal.label, signature: seal.signature } : null,
      },
    });
    await ddb(trx)
      .insertInto('case_document_signature')
      .values({
        id,
        version_id: v.id,
        signer_user: actor.userId,
        signer_name: actor.displayName,
        signed_at: now,
        document_hash: v.blob_hash,
        seal_provider: service?.name ?? 'platform',
        seal_label: seal?.label ?? null,
        seal_certificate: seal?.certificate ?? null,
        seal_signature: seal?.signature ?? null,
        journal_seq: entry.seq,
      })
      .execute();
  });
  return documentView(ctx, actor, caseId, documentId);
}

async function signedBy(db: AnyDb, versionId: string, userId: string): Promise<boolean> {
  const r = await ddb(db)
    .selectFrom('case_document_signature')
    .select('id')
    .where('version_id', '=', versionId)
    .where('signer_user', '=', userId)
    .executeTakeFirst();
  return !!r;
}

const alreadySigned = (documentId: string, version: number) => conflict('您已签署过该文书版本', { documentId, version });

/** The documents of a party's cases (R-C06), newest version of each first listed with all versions. */
export async function documentsOfCases(db: AnyDb, caseIds: string[]) {
  return documentsOf(db, caseIds);
}
