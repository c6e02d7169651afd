import { type Actor, journalActor } from '../../platform/auth';
import type { AppContext } from '../../platform/context';
import type { AnyDb, AnyTrx } from '../../platform/db/tables';
import { forbidden } from '../../platform/errors';
import {
  type ConfirmInput,
  confirm,
  entryState,
  type FrozenItem,
  itemStates,
  type KindInfo,
  openReturn,
  openReturnView,
  openSubmission,
  type RevisionAuthor,
  revisionView,
  submit,
} from '../../platform/revisions';
import { findJurisdiction } from '../../platform/scope';
import { assertNoPersonalData, noteLabels, publishConfirmed } from '../disclosure';
import { isEditorOf, isSupervisorOf } from './access';
import { orgDb } from './db';
import { officerEntry, officerSnapshot } from './officers';
import { certificateStatusLabels } from './rules';
import type { SubmitBody } from './schema';
import { agencyFields, agencyInScope, directoryEntry, jsonList } from './service';
import type { AgencyTable, OfficerTable } from './tables';

/**
 * Agencies (R-D01) and officer lists (R-D02) go through the one revision mechanism
 * (platform/revisions, issue 6): the agency submits, the submission freezes exactly what will be
 * published, and the justice bureau confirms or returns that snapshot by id.
 */

type Db = AnyDb;

export const officerListKey = (agencyId: string) => `officers:${agencyId}`;
export const agencySubjectKey = (agencyId: string) => `agency:${agencyId}`;
export const directoryKey = (jurisdictionCode: string) => `agencies:${jurisdictionCode}`;

export const authorOf = (actor: Actor): RevisionAuthor => ({ journal: journalActor(actor), id: actor.userId, name: actor.displayName });

// ---------------------------------------------------------------------------------------------
// Officers

/** Whether the officer stands on the public list (R-D02): certified, active, not auxiliary. */
const onPublicList = (r: OfficerTable) => r.active && !r.is_auxiliary && r.certificate_number !== null;

function frozenOfficer(r: OfficerTable, agencyName: string): FrozenItem {
  return {
    key: r.id,
    version: r.version,
    label: r.name,
    data: officerSnapshot(r),
    public: onPublicList(r) ? officerEntry(r, agencyName) : null,
  };
}

/** The agency submits its officers' unsubmitted changes (and those of a submission still waiting). */
export async function submitOfficersIn(trx: AnyTrx, ctx: AppContext, author: RevisionAuthor, agency: AgencyTable, body: SubmitBody) {
  assertNoPersonalData({ note: body.note, publicNote: body.publicNote }, noteLabels);
  const key = officerListKey(agency.id);
  const [rows, states] = await Promise.all([
    orgDb(trx).selectFrom('officer').selectAll().where('agency_id', '=', agency.id).orderBy('name_sort_key').orderBy('id').execute(),
    itemStates(trx, key),
  ]);
  const take = rows.filter((r) => {
    const s = entryState(r.version, states.get(r.id));
    if (s === 'submitted') return true;
    if (s === 'returned') return body.includeReturned === true;
    return s === 'draft' && r.pending_since !== null;
  });
  const rev = await submit(trx, ctx, author, {
    listKind: 'officers',
    subjectKey: key,
    listKey: key,
    agencyId: agency.id,
    jurisdictionCode: agency.jurisdiction_code,
    title: `${agency.name}行政执法人员清单`,
    items: take.map((r) => frozenOfficer(r, agency.name)),
    note: body.note,
    publicNote: body.publicNote,
    concerns: take.map((r) => r.user_id).filter((id): id is string => id !== null),
  });
  return revisionView(trx, rev, orgKindInfo);
}

export async function submitOfficers(ctx: AppContext, actor: Actor, agencyId: string, body: SubmitBody) {
  return ctx.db.transaction().execute(async (trx) => {
    const agency = await agencyInScope(trx, actor, agencyId);
    if (!isEditorOf(actor, agency) && !isSupervisorOf(actor, agency)) throw forbidden('提交该机关的人员变更');
    return submitOfficersIn(trx, ctx, authorOf(actor), agency, body);
  });
}

// ---------------------------------------------------------------------------------------------
// Agencies

/** The agency's current version is submitted for the directory (R-D01). */
export async function submitAgencyIn(trx: AnyTrx, ctx: AppContext, author: RevisionAuthor, agency: AgencyTable, body: SubmitBody) {
  assertNoPersonalData({ note: body.note, publicNote: body.publicNote }, noteLabels);
  const key = agencySubjectKey(agency.id);
  const states = await itemStates(trx, key);
  const s = entryState(agency.version, states.get(agency.id));
  const pending =
    agency.confirmed_version !== agency.version && (s === 'draft' || s === 'submitted' || (s === 'returned' && body.includeReturned));
  const f = agencyFields(agency);
  const names = new Map((await orgDb(trx).selectFrom('agency').select(['id', 'name']).execute()).map((a) => [a.id, a.name]));
  const j = await findJurisdiction(trx, agency.jurisdiction_code);
  const items: FrozenItem[] = pending
    ? [
        {
          key: agency.id,
          version: agency.version,
          label: f.name,
          data: f,
          public: f.abolished ? null : directoryEntry(agency.id, f, names, j?.name ?? null),
        },
      ]
    : [];
  const rev = await submit(trx, ctx, author, {
    listKind: 'agencies',
    subjectKey: key,
    listKey: directoryKey(agency.jurisdiction_code),
    agencyId: agency.id,
    jurisdictionCode: agency.jurisdiction_code,
    title: `${f.name}（执法主体名录）`,
    items,
    note: body.note,
    publicNote: body.publicNote,
  });
  return revisionView(trx, rev, orgKindInfo);
}

export async function submitAgency(ctx: AppContext, actor: Actor, agencyId: string, body: SubmitBody) {
  return ctx.db.transaction().execute(async (trx) => {
    const agency = await agencyInScope(trx, actor, agencyId);
    const may =
      actor.roles.includes('system_admin') ||
      isSupervisorOf(actor, agency) ||
      (isEditorOf(actor, agency) && actor.roles.includes('agency_head'));
    if (!may) throw forbidden('提交该执法主体的变更');
    return submitAgencyIn(trx, ctx, authorOf(actor), agency, body);
  });
}

// ---------------------------------------------------------------------------------------------
// Confirmation: publish the merged list, then record which versions are now confirmed

export const orgConfirmHandler =
  (ctx: AppContext) =>
  (listKind: string): Pick<ConfirmInput, 'publish' | 'onConfirmed'> => ({
    publish: async (trx, p) =>
      listKind === 'agencies'
        ? publishConfirmed(trx, ctx, p, { agencyId: null, title: await directoryTitle(trx, p.revision.jurisdiction_code) })
        : publishConfirmed(trx, ctx, p),
    onConfirmed: async (trx, p) => {
      const now = ctx.clock.now();
      for (const item of p.items) {
        if (listKind === 'officers') {
          await orgDb(trx).updateTable('officer').set({ confirmed_version: item.version }).where('id', '=', item.item_key).execute();
          await orgDb(trx)
            .updateTable('officer')
            .set({ pending_since: null })
            .where('id', '=', item.item_key)
            .where('version', '=', item.version)
            .execute();
        } else if (listKind === 'agencies') {
          await orgDb(trx)
            .updateTable('agency')
            .set({ confirmed_version: item.version, confirmed_at: now, confirmed_by: p.confirmedBy.name })
            .where('id', '=', item.item_key)
            .execute();
          await orgDb(trx)
            .updateTable('agency')
            .set({ pending_since: null })
            .where('id', '=', item.item_key)
            .where('version', '=', item.version)
            .execute();
        }
      }
    },
  });

async function directoryTitle(db: Db, jurisdictionCode: string) {
  const j = await findJurisdiction(db, jurisdictionCode);
  return `${j?.name ?? jurisdictionCode}行政执法主体名录`;
}

/** Confirms a snapshot of an org list inside the caller's transaction (demo loader, tests). */
export function confirmOrgIn(
  trx: AnyTrx,
  ctx: AppContext,
  author: RevisionAuthor,
  listKind: 'officers' | 'agencies',
  id: string,
  note: string | null,
) {
  return confirm(trx, ctx, author, { id, note, ...orgConfirmHandler(ctx)(listKind) });
}

// ---------------------------------------------------------------------------------------------
// What the agency sees: its waiting submission and the bureau's open return

async function subjectStatus(db: Db, subjectKey: string) {
  const [waiting, returned] = await Promise.all([openSubmission(db, subjectKey), openReturn(db, subjectKey)]);
  return {
    openSubmission: waiting ? await revisionView(db, waiting, orgKindInfo) : null,
    openReturn: await openReturnView(db, returned),
  };
}

export async function officerListStatus(ctx: AppContext, actor: Actor, agencyId: string) {
  await agencyInScope(ctx.db, actor, agencyId); // in scope is enough to read (ADR 0007)
  return subjectStatus(ctx.db, officerListKey(agencyId));
}

export async function agencyStatus(ctx: AppContext, actor: Actor, agencyId: string) {
  await agencyInScope(ctx.db, actor, agencyId);
  return subjectStatus(ctx.db, agencySubjectKey(agencyId));
}

const officerFieldLabels: Record<string, string> = {
  name: '姓名',
  agencyId: '所在机关',
  agencyName: '所在机关',
  agency_id: '所在机关',
  user_id: '关联账户',
  post: '岗位',
  domains: '执法领域',
  id_number: '公民身份号码',
  certificateNumber: '执法证件号',
  certificate_number: '执法证件号',
  issuingBody: '发证机关',
  issuing_body: '发证机关',
  valid_from: '证件有效期起',
  validUntil: '证件有效期至',
  valid_until: '证件有效期至',
  status: '证件状态',
  statusLabel: '证件状态',
  status_reason: '状态原因',
  has_legal_qualification: '法律职业资格',
  is_enforcer: '执法人员',
  is_reviewer: '法制审核人员',
  is_legal_adviser: '公职律师/法律顾问',
  is_auxiliary: '执法辅助人员',
  active: '在岗',
  confirmed_version: '已确认版本',
};

const agencyFieldLabels: Record<string, string> = {
  name: '名称',
  kind: '主体类别',
  kindLabel: '主体类别',
  isSupervising: '司法行政部门',
  jurisdictionCode: '行政区划代码',
  jurisdictionName: '行政区划',
  parentId: '上级机关',
  parentName: '上级机关',
  legalBasis: '职权依据',
  uscc: '统一社会信用代码',
  address: '地址',
  phone: '联系电话',
  domains: '执法领域',
  legalOffice: '法制机构',
  entrustingAgencyId: '委托机关',
  entrustingAgencyName: '委托机关',
  abolished: '已撤销',
};

export const orgKindInfo: KindInfo = (listKind) =>
  listKind === 'officers'
    ? { label: '行政执法人员清单', fieldLabels: officerFieldLabels }
    : { label: '行政执法主体名录', fieldLabels: agencyFieldLabels };

export { certificateStatusLabels, jsonList };
