/**
 * Evidence items and AV records of a case (issue 9 §3; R-C03, R-C05, R-C06, R-C10). Adding one is a
 * single transaction: the finished upload is claimed, its blob recorded, the item written, the case's
 * timeline gets an event (the state unchanged) and the journal an entry carrying the file's hash.
 * Nothing is ever updated or deleted: a mistaken item is withdrawn by a row of its own.
 */
import { randomUUID } from 'node:crypto';
import { type Actor, journalActor } from '../../../platform/auth';
import { type ClaimedUpload, claimUpload, recordBlob } from '../../../platform/blobs';
import { shanghaiDate } from '../../../platform/clock';
import type { AppContext } from '../../../platform/context';
import type { AnyTrx } from '../../../platform/db/tables';
import { AppError, conflict, notFound } from '../../../platform/errors';
import { assertCaseWritable } from '../case-file/writable';
import { casesDb } from '../db';
import { definitionOf } from '../definitions';
import { caseInScope, nextEventSeq, partyRows, rolesOnCase } from '../engine';
import { avRequirements } from './av-guard';
import { custodyRows, devicesOfAgency } from './devices';
import { evidenceRows, toEvidenceView } from './read';
import { captureProblems, categoryLabels, custodianOn } from './rules';
import type { EvidenceBody, EvidenceList, EvidenceView, WithdrawalBody } from './schema';

/** The metadata of a new item, without the file (the route's body less its uploadId). */
export type EvidenceMeta = Omit<EvidenceBody, 'uploadId'>;

/**
 * Records an item from a finished upload of the caller (POST /cases/{id}/evidence): only an officer
 * on the case; the metadata checked against the case (rules.ts captureProblems) before anything is
 * written.
 */
export async function addEvidence(ctx: AppContext, actor: Actor, caseId: string, body: EvidenceBody): Promise<EvidenceView> {
  const { uploadId, ...meta } = body;
  const id = await ctx.db
    .transaction()
    .execute((trx) => recordEvidence(trx, ctx, actor, caseId, meta, () => claimUpload(trx, actor.userId, uploadId)));
  return evidenceItem(ctx, actor, caseId, id);
}

/**
 * Records an item whose bytes the server already holds as a blob (the demo's media; tools). Same
 * checks and records as `addEvidence`.
 */
export async function addEvidenceFromBlob(ctx: AppContext, actor: Actor, caseId: string, meta: EvidenceMeta, file: ClaimedUpload) {
  return ctx.db.transaction().execute((trx) => recordEvidence(trx, ctx, actor, caseId, meta, async () => file));
}

async function recordEvidence(
  trx: AnyTrx,
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  meta: EvidenceMeta,
  claim: () => Promise<ClaimedUpload>,
): Promise<string> {
  const row = await caseInScope(trx, actor, caseId, true);
  await assertCaseWritable(trx, row.id);
  const roles = await rolesOnCase(trx, actor, row);
  if (!roles.has('case_officer')) throw new AppError('FORBIDDEN', '只有本案承办的执法人员可以添加证据和音像记录', {});
  const file = await claim();
  const now = ctx.clock.now();
  const [officers, devices, def, parties] = await Promise.all([
    casesDb(trx)
      .selectFrom('case_officer')
      .select(['officer_id', 'name'])
      .where('case_id', '=', row.id)
      .where('ended_at', 'is', null)
      .orderBy('assigned_at')
      .execute(),
    devicesOfAgency(trx, row.agency_id),
    definitionOf(trx, row.procedure_code, row.procedure_version),
    partyRows(trx, row.id),
  ]);
  const problems = captureProblems(
    { ...meta, mimeType: file.mimeType },
    {
      now,
      openedOn: row.opened_on,
      officerIds: new Set(officers.map((o) => o.officer_id)),
      deviceIds: new Set(devices.map((d) => d.id)),
      steps: new Set(def.actions.map((a) => a.name)),
      partyIds: new Set(parties.map((p) => p.id)),
    },
  );
  if (problems.length)
    throw new AppError('INPUT_INVALID', `证据信息有误：${problems.map((p) => p.message).join('；')}`, {
      fields: problems.map((p) => ({ ...p, in: 'body' })),
    });
  const capturedAt = new Date(meta.capturedAt);
  const collectors = meta.collectorIds.map((id) => ({ officerId: id, name: officers.find((o) => o.officer_id === id)?.name ?? '' }));
  const device = meta.deviceId ? (devices.find((d) => d.id === meta.deviceId) ?? null) : null;
  let custodian: { officerId: string; name: string } | null = null;
  if (device) {
    const history = (await custodyRows(trx, [device.id])).get(device.id) ?? [];
    const c = custodianOn(history, shanghaiDate(capturedAt)) ?? history[0] ?? null;
    custodian = c ? { officerId: c.officerId, name: c.name } : null;
  }
  const party = meta.partyId ? (parties.find((p) => p.id === meta.partyId) ?? null) : null;
  const stepLabel = meta.step ? (def.actions.find((a) => a.name === meta.step)?.label ?? meta.step) : null;
  await recordBlob(trx, { hash: file.hash, algorithm: ctx.blobs.algorithm, size: file.size }, now);
  const last = await casesDb(trx)
    .selectFrom('evidence_item')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('case_id', '=', row.id)
    .executeTakeFirst();
  const seq = Number(last?.m ?? 0) + 1;
  const id = randomUUID();
  const recorded = {
    itemId: id,
    seq,
    category: meta.category,
    kind: meta.kind,
    title: meta.title,
    capturedAt: capturedAt.toISOString(),
    place: meta.place,
    latitude: meta.latitude ?? null,
    longitude: meta.longitude ?? null,
    collectors,
    proves: meta.proves,
    device: device ? { id: device.id, name: device.name, serialNumber: device.serial_number } : null,
    custodian,
    step: meta.step ?? null,
    stepLabel,
    party: party ? { id: party.id, name: party.name } : null,
    hash: file.hash,
    algorithm: ctx.blobs.algorithm,
    size: file.size,
    mimeType: file.mimeType,
    filename: file.filename,
  };
  const entry = await ctx.journal.append(trx, {
    actor: journalActor(actor),
    action: 'case.add_evidence',
    entity: { type: 'case', id: row.id },
    payload: { number: row.number, state: row.state, evidence: recorded },
  });
  await casesDb(trx)
    .insertInto('evidence_item')
    .values({
      id,
      case_id: row.id,
      seq,
      category: meta.category,
      kind: meta.kind,
      title: meta.title,
      captured_at: capturedAt,
      place: meta.place,
      latitude: meta.latitude ?? null,
      longitude: meta.longitude ?? null,
      collectors: JSON.stringify(collectors),
      proves: meta.proves,
      device_id: device?.id ?? null,
      custodian_officer_id: custodian?.officerId ?? null,
      custodian_name: custodian?.name ?? null,
      step: meta.step ?? null,
      party_id: party?.id ?? null,
      blob_hash: file.hash,
      size: file.size,
      mime_type: file.mimeType,
      filename: file.filename,
      created_at: now,
      created_by: actor.userId,
      created_by_name: actor.displayName,
      journal_seq: entry.seq,
    })
    .execute();
  const label = meta.category === 'av_record' ? '添加音像记录' : '添加证据';
  await casesDb(trx)
    .insertInto('case_event')
    .values({
      case_id: row.id,
      seq: await nextEventSeq(trx, row.id),
      action: 'add_evidence',
      label: `${label}：${meta.title}`,
      from_state: row.state,
      to_state: row.state,
      record: 'evidence',
      input: JSON.stringify(timelineInput(recorded)),
      on_date: shanghaiDate(now),
      at: now,
      by_user: actor.userId,
      by_name: actor.displayName,
      journal_seq: entry.seq,
    })
    .execute();
  return id;
}

/** What the timeline shows of an added item: flat and readable (the journal entry keeps every field). */
function timelineInput(r: {
  title: string;
  category: 'evidence' | 'av_record';
  kind: string;
  capturedAt: string;
  place: string;
  proves: string;
  collectors: { name: string }[];
  device: { name: string; serialNumber: string } | null;
  custodian: { name: string } | null;
  stepLabel: string | null;
  party: { name: string } | null;
  hash: string;
  size: number;
  filename: string;
}) {
  return {
    title: r.title,
    category: categoryLabels[r.category],
    kind: r.kind,
    capturedAt: r.capturedAt,
    place: r.place,
    proves: r.proves,
    collectors: r.collectors.map((c) => c.name).join('、'),
    device: r.device ? `${r.device.name}（${r.device.serialNumber}）` : null,
    custodian: r.custodian?.name ?? null,
    step: r.stepLabel,
    party: r.party?.name ?? null,
    filename: r.filename,
    size: r.size,
    hash: r.hash,
  };
}

/** Withdraws an item (a mistaken upload): it stays in the record, marked, with who, when and why. */
export async function withdrawEvidence(ctx: AppContext, actor: Actor, caseId: string, itemId: string, body: WithdrawalBody) {
  const reason = body.reason.trim();
  if (!reason)
    throw new AppError('INPUT_INVALID', '请填写撤回原因', { fields: [{ field: 'reason', message: '请填写撤回原因', in: 'body' }] });
  await ctx.db.transaction().execute(async (trx) => {
    const row = await caseInScope(trx, actor, caseId, true);
    await assertCaseWritable(trx, row.id);
    const item = await casesDb(trx)
      .selectFrom('evidence_item')
      .select(['id', 'seq', 'title', 'category', 'blob_hash'])
      .where('id', '=', itemId)
      .where('case_id', '=', row.id)
      .executeTakeFirst();
    if (!item) throw notFound('证据', { itemId });
    const roles = await rolesOnCase(trx, actor, row);
    if (!roles.has('case_officer') && !roles.has('agency_head'))
      throw new AppError('FORBIDDEN', '只有本案承办的执法人员或本机关负责人可以撤回证据', {});
    const done = await casesDb(trx).selectFrom('evidence_withdrawal').select('at').where('item_id', '=', itemId).executeTakeFirst();
    if (done) throw conflict(`证据「${item.title}」已撤回`, { itemId });
    const now = ctx.clock.now();
    const recorded = { itemId, seq: item.seq, title: item.title, category: item.category, hash: item.blob_hash, reason };
    const entry = await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'case.withdraw_evidence',
      entity: { type: 'case', id: row.id },
      payload: { number: row.number, state: row.state, withdrawal: recorded },
    });
    await casesDb(trx)
      .insertInto('evidence_withdrawal')
      .values({ item_id: itemId, at: now, by_user: actor.userId, by_name: actor.displayName, reason, journal_seq: entry.seq })
      .execute();
    await casesDb(trx)
      .insertInto('case_event')
      .values({
        case_id: row.id,
        seq: await nextEventSeq(trx, row.id),
        action: 'withdraw_evidence',
        label: `撤回${item.category === 'av_record' ? '音像记录' : '证据'}：${item.title}`,
        from_state: row.state,
        to_state: row.state,
        record: 'evidence_withdrawal',
        input: JSON.stringify({ title: item.title, hash: item.blob_hash, reason }),
        on_date: shanghaiDate(now),
        at: now,
        by_user: actor.userId,
        by_name: actor.displayName,
        journal_seq: entry.seq,
      })
      .execute();
  });
  return evidenceItem(ctx, actor, caseId, itemId);
}

/** The evidence and AV records of a case, in the order recorded, with what the AV-duty list asks of its steps. */
export async function listEvidence(ctx: AppContext, actor: Actor, caseId: string): Promise<EvidenceList> {
  const row = await caseInScope(ctx.db, actor, caseId);
  const def = await definitionOf(ctx.db, row.procedure_code, row.procedure_version);
  const rows = await evidenceRows(ctx.db, { caseId: row.id });
  const items = rows.map((r) => toEvidenceView(r, def));
  return { items, avRequirements: await avRequirements(ctx.db, row, def, items) };
}

export async function evidenceItem(ctx: AppContext, actor: Actor, caseId: string, itemId: string): Promise<EvidenceView> {
  const row = await caseInScope(ctx.db, actor, caseId);
  const def = await definitionOf(ctx.db, row.procedure_code, row.procedure_version);
  const [r] = await evidenceRows(ctx.db, { caseId: row.id, itemId });
  if (!r) throw notFound('证据', { itemId });
  return toEvidenceView(r, def);
}
