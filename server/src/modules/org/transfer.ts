import type { FastifyBaseLogger } from 'fastify';
import { type Actor, journalActor } from '../../platform/auth';
import { shanghaiDate } from '../../platform/clock';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { exportWorkbook, type ImportProblem, importRefused, runImport, templateWorkbook } from '../../platform/spreadsheet';
import { personOf, seesIdNumber } from './access';
import { orgDb } from './db';
import { changeOfficerStatus, editableAgency, insertOfficersBulk, newOfficerRow, reviseOfficer } from './officers';
import { maskIdNumber } from './rules';
import { agencyInScope, jsonList, listAgencies } from './service';
import {
  agencySheet,
  agencyToRow,
  type OfficerSheetRow,
  officerSheet,
  officerToRow,
  type TrainingSheetRow,
  trainingKinds,
  trainingSheet,
} from './sheets';
import type { AgencyTable, OfficerTable } from './tables';

/** Import and export of officers and training records as .xlsx (issue 3 §5). */

const importReason = '从 Excel 导入';
const chunk = 500;

export function officerTemplate() {
  return templateWorkbook(officerSheet, '执法人员', {
    notes: [
      '每行一名人员，导入本单位。公民身份号码为本单位已有在岗人员的，按本行内容形成新版本；其他行新增人员。',
      '导入形成的变更须经司法局确认后才会公示；公示内容不含公民身份号码。',
      '执法辅助人员不能同时是执法人员；执法人员须填写执法证件号。',
    ],
    examples: [
      {
        name: '张伟',
        idNumber: '11010519491231002X',
        post: '一级主任科员',
        kinds: ['enforcer'],
        domains: ['食品安全', '产品质量'],
        certificateNumber: '99010201000001',
        issuingBody: '示范省人民政府',
        validFrom: '2024-01-01',
        validUntil: '2028-12-31',
        status: 'green',
        legalQualification: 'no',
      },
    ],
  });
}

export function trainingTemplate() {
  return templateWorkbook(trainingSheet, '培训记录', {
    notes: [
      '每行一次培训；人员按公民身份号码对应本单位在岗人员，姓名须一致。',
      '每名执法人员每年应参加不少于 30 学时的业务知识培训和 30 学时的法律知识培训。',
    ],
    examples: [{ name: '张伟', idNumber: '11010519491231002X', date: '2026-03-02', hours: 8, kind: 'legal', topic: '行政处罚法专题' }],
  });
}

/** The agency an export reads: the caller's own, or for the justice bureau any of its jurisdiction. */
async function exportAgency(ctx: AppContext, actor: Actor, agencyId?: string): Promise<AgencyTable> {
  const id = agencyId ?? actor.agencyId;
  if (!id) throw notFound('执法主体', { agencyId: null });
  return agencyInScope(ctx.db, actor, id);
}

export async function exportOfficers(ctx: AppContext, actor: Actor, agencyId?: string) {
  const agency = await exportAgency(ctx, actor, agencyId);
  const full = seesIdNumber(actor, agency);
  const rows = await orgDb(ctx.db)
    .selectFrom('officer')
    .selectAll()
    .where('agency_id', '=', agency.id)
    .where('active', '=', true)
    .orderBy('name_sort_key') // pinyin order (issue 7 §9)
    .orderBy('id')
    .execute();
  const data = rows.map((r) => {
    const row = officerToRow({ ...r, domains: jsonList(r.domains) });
    return full ? row : { ...row, idNumber: maskIdNumber(row.idNumber) };
  });
  return { buffer: await exportWorkbook(officerSheet, data, '执法人员'), filename: `${agency.name}执法人员.xlsx` };
}

export async function exportTraining(ctx: AppContext, actor: Actor, agencyId?: string, year?: number) {
  const agency = await exportAgency(ctx, actor, agencyId);
  const full = seesIdNumber(actor, agency);
  let q = orgDb(ctx.db)
    .selectFrom('training_record')
    .innerJoin('officer', 'officer.id', 'training_record.officer_id')
    .select([
      'officer.name',
      'officer.id_number',
      'training_record.date',
      'training_record.hours',
      'training_record.kind',
      'training_record.topic',
    ])
    .where('officer.agency_id', '=', agency.id);
  if (year) q = q.where('training_record.date', '>=', `${year}-01-01`).where('training_record.date', '<=', `${year}-12-31`);
  const rows = await q.orderBy('training_record.date').orderBy('officer.name').orderBy('training_record.id').execute();
  const data: TrainingSheetRow[] = rows.map((r) => ({
    name: r.name,
    idNumber: full ? r.id_number : maskIdNumber(r.id_number),
    date: r.date,
    hours: Number(r.hours),
    kind: r.kind,
    topic: r.topic,
  }));
  return {
    buffer: await exportWorkbook(trainingSheet, data, '培训记录'),
    filename: `${agency.name}培训记录${year ? `（${year}年）` : ''}.xlsx`,
  };
}

/**
 * The agency directory as .xlsx: exactly the agencies `GET /agencies` lists (the caller's
 * jurisdiction; platform-wide accounts see all), in the same order (R-D01).
 */
export async function exportAgencies(ctx: AppContext, actor: Actor) {
  const { items } = await listAgencies(ctx, actor);
  const names = new Map(items.map((a) => [a.id, a.name]));
  return {
    buffer: await exportWorkbook(
      agencySheet,
      items.map((a) => agencyToRow(a, names)),
      '执法主体',
    ),
    filename: '执法主体名录.xlsx',
  };
}

const officerColumn = {
  idNumber: '公民身份号码',
  certificateNumber: '执法证件号',
  status: '证件状态',
  name: '姓名',
  date: '培训日期',
} as const;

/** The target of an import: the caller's own agency, which the caller must be an editor of. */
async function importAgency(ctx: AppContext, actor: Actor) {
  if (!actor.agencyId) throw notFound('执法主体', { agencyId: null });
  return editableAgency(ctx.db, actor, actor.agencyId);
}

/**
 * Imports officers into the caller's agency (all rows or none): a row whose ID number matches an
 * active officer of the agency becomes a new version of that officer, other rows new officers.
 * Everything is pending until the justice bureau confirms the list (R-D02, R-D08).
 */
export async function importOfficers(ctx: AppContext, actor: Actor, buffer: Buffer, log?: FastifyBaseLogger) {
  const agency = await importAgency(ctx, actor);
  const by = journalActor(actor);
  return runImport<OfficerSheetRow>(ctx, actor, {
    kind: 'org.officer_import',
    spec: officerSheet,
    buffer,
    ...(log ? { log } : {}),
    commit: async (trx, rows, progress, { rowNumbers }) => {
      const problems: ImportProblem[] = [];
      const existing = new Map(
        (await orgDb(trx).selectFrom('officer').selectAll().where('agency_id', '=', agency.id).where('active', '=', true).execute()).map(
          (o) => [o.id_number, o],
        ),
      );
      const certs = rows.map((r) => r.certificateNumber).filter((c): c is string => !!c);
      const certOwners = new Map<string, string>();
      for (let i = 0; i < certs.length; i += chunk) {
        const taken = await orgDb(trx)
          .selectFrom('officer')
          .select(['certificate_number', 'id_number', 'agency_id'])
          .where('certificate_number', 'in', certs.slice(i, i + chunk))
          .where('active', '=', true)
          .execute();
        for (const t of taken) if (t.certificate_number) certOwners.set(t.certificate_number, `${t.agency_id}|${t.id_number}`);
      }
      rows.forEach((r, i) => {
        const row = rowNumbers[i] as number;
        const idNumber = r.idNumber.toUpperCase();
        const owner = r.certificateNumber ? certOwners.get(r.certificateNumber) : undefined;
        if (owner && owner !== `${agency.id}|${idNumber}`)
          problems.push({
            row,
            column: officerColumn.certificateNumber,
            value: r.certificateNumber ?? '',
            reason: '该执法证件号已被其他人员使用',
          });
        const old = existing.get(idNumber);
        if (old?.status === 'revoked' && r.status && r.status !== 'revoked')
          problems.push({ row, column: officerColumn.status, value: r.status, reason: '执法证件已注销，不能再变更状态' });
      });
      if (problems.length > 0) throw importRefused(problems);

      const now = ctx.clock.now();
      const fresh: OfficerTable[] = [];
      let updated = 0;
      let done = 0;
      for (const r of rows) {
        const idNumber = r.idNumber.toUpperCase();
        const fields = {
          name: r.name,
          post: r.post,
          domains: r.domains,
          certificateNumber: r.certificateNumber,
          issuingBody: r.issuingBody,
          validFrom: r.validFrom,
          validUntil: r.validUntil,
          hasLegalQualification: r.legalQualification === 'yes',
          isEnforcer: r.kinds.includes('enforcer'),
          isReviewer: r.kinds.includes('reviewer'),
          isLegalAdviser: r.kinds.includes('legal_adviser'),
          isAuxiliary: r.kinds.includes('auxiliary'),
        };
        const old = existing.get(idNumber);
        if (old) {
          let current = (await reviseOfficer(trx, ctx, by, old, fields, importReason)) ?? old;
          if (r.status && r.status !== current.status) current = await changeOfficerStatus(trx, ctx, by, current, r.status, importReason);
          if (current !== old) updated += 1;
        } else {
          fresh.push(
            newOfficerRow(
              agency.id,
              { ...fields, idNumber, status: r.status ?? 'green', certificateNumber: fields.certificateNumber ?? null },
              now,
            ),
          );
        }
        done += 1;
        if (done % chunk === 0) await progress(done);
      }
      await insertOfficersBulk(trx, ctx, by, agency.id, fresh, importReason);
      await ctx.journal.append(trx, {
        actor: by,
        action: 'officer.import',
        entity: { type: 'agency', id: agency.id },
        payload: { rows: rows.length, created: fresh.length, updated },
      });
      return { written: fresh.length + updated };
    },
  });
}

/** Imports training records of the caller's agency's officers (all rows or none, R-P03). */
export async function importTraining(ctx: AppContext, actor: Actor, buffer: Buffer, log?: FastifyBaseLogger) {
  const agency = await importAgency(ctx, actor);
  const by = journalActor(actor);
  return runImport<TrainingSheetRow>(ctx, actor, {
    kind: 'org.training_import',
    spec: trainingSheet,
    buffer,
    ...(log ? { log } : {}),
    commit: async (trx, rows, progress, { rowNumbers }) => {
      const officers = new Map(
        (
          await orgDb(trx)
            .selectFrom('officer')
            .select(['id', 'name', 'id_number'])
            .where('agency_id', '=', agency.id)
            .where('active', '=', true)
            .execute()
        ).map((o) => [o.id_number, o]),
      );
      const today = shanghaiDate(ctx.clock.now());
      const problems: ImportProblem[] = [];
      rows.forEach((r, i) => {
        const row = rowNumbers[i] as number;
        const o = officers.get(r.idNumber.toUpperCase());
        if (!o)
          problems.push({
            row,
            column: officerColumn.idNumber,
            value: maskIdNumber(r.idNumber),
            reason: '本单位没有该公民身份号码的在岗人员',
          });
        else if (o.name !== r.name)
          problems.push({ row, column: officerColumn.name, value: r.name, reason: `与公民身份号码对应的人员姓名（${o.name}）不一致` });
        if (r.date > today) problems.push({ row, column: officerColumn.date, value: r.date, reason: '培训日期不能晚于今天' });
      });
      if (problems.length > 0) throw importRefused(problems);
      const now = ctx.clock.now();
      for (let i = 0; i < rows.length; i += chunk) {
        await orgDb(trx)
          .insertInto('training_record')
          .values(
            rows.slice(i, i + chunk).map((r) => ({
              officer_id: (officers.get(r.idNumber.toUpperCase()) as { id: string }).id,
              date: r.date,
              hours: r.hours,
              kind: r.kind,
              topic: r.topic,
              recorded_by: personOf(by),
              recorded_at: now,
            })),
          )
          .execute();
        await progress(Math.min(i + chunk, rows.length));
      }
      const hours = Object.fromEntries(
        trainingKinds.map((k) => [k.id, rows.filter((r) => r.kind === k.id).reduce((s, r) => s + r.hours, 0)]),
      );
      await ctx.journal.append(trx, {
        actor: by,
        action: 'officer.training_import',
        entity: { type: 'agency', id: agency.id },
        payload: { rows: rows.length, hours },
      });
      return { written: rows.length };
    },
  });
}
