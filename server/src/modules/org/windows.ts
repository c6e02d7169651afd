import { randomUUID } from 'node:crypto';
import { type Actor, can, journalActor } from '../../platform/auth';
import type { AppContext } from '../../platform/context';
import type { AnyDb, AnyTrx } from '../../platform/db/tables';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { assertVersion } from '../../platform/http/if-match';
import type { JournalActor } from '../../platform/journal/append';
import { nameSortKey } from '../../platform/sort-key';
import {
  assertNoPersonalData,
  findPersonalData,
  knownPersonalData,
  listCurrent,
  noteLabels,
  type PublicEntry,
  publishList,
} from '../disclosure';
import { personOf } from './access';
import { orgDb } from './db';
import type {
  CreateServiceWindowBody,
  RetireServiceWindowBody,
  ServiceWindowListQuery,
  ServiceWindowView,
  UpdateServiceWindowBody,
} from './schema';
import { agencyInScope, jsonList } from './service';
import type { AgencyTable, OfficerTable, ServiceWindowTable, WindowMaterialRow, WindowStaffRow } from './tables';
import { boardPersonalDataHint, windowNumberProblem } from './window-rules';

/**
 * Service windows (政务服务窗口) and their post information boards (岗位信息公示牌, R-D18).
 *
 * The agency keeps its own windows: its head or its disclosure clerk (the justice bureau's
 * supervisors keep the bureau's own). R-D18 asks for a board, not for the justice bureau's prior
 * confirmation, so saving a window publishes the agency's board list at once through the
 * disclosure module (谁执法谁公示, R-D14); the bureau sees every window of its jurisdiction and
 * the public version history of every board. Every save is a new version row with its reason;
 * retiring publishes the removal and keeps the window and its history.
 */

type Db = AnyDb;

const fieldLabels: Record<string, string> = {
  number: '窗口编号',
  name: '窗口名称',
  hall: '办公地点',
  floor: '楼层',
  openingHours: '办公时间',
  phone: '窗口电话',
  progressEnquiry: '办理进度查询',
  consultation: '咨询服务',
  complaint: '投诉举报',
  duties: '岗位职责',
  officerId: '工作人员',
  itemCodes: '办理事项',
  title: '名称',
  text: '内容',
};

/** The Chinese name of a body field, e.g. staff.1.duties → 第 2 位工作人员的岗位职责. */
export function fieldLabel(field: string): string {
  const [head, index, rest, ...more] = field.split('.');
  const n = Number(index) + 1;
  if (head === 'staff') return rest === 'officerId' ? `第 ${n} 位工作人员` : `第 ${n} 位工作人员的${fieldLabels[rest ?? ''] ?? rest}`;
  if (head === 'materials')
    return `第 ${n} 份申请材料示范文本的${rest === 'itemCodes' && more.length ? '适用事项' : (fieldLabels[rest ?? ''] ?? rest)}`;
  return fieldLabels[head ?? ''] ?? field;
}

/** 400 naming the field: in Chinese in the message, by its body path in details.fields. */
const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${fieldLabel(field)}：${message}`, { fields: [{ field, message }] });
const iso = (d: Date | string) => new Date(d).toISOString();
const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/** Who keeps an agency's windows: its head and disclosure clerk; the bureau's supervisors keep the bureau's own. */

export const listKeyOf = (agencyId: string) => `service_windows:${agencyId}`;
export const boardUrl = (windowId: string) => `/portal/service-windows/${encodeURIComponent(windowId)}`;

async function visibleAgency(db: Db, actor: Actor, agencyId: string): Promise<AgencyTable> {
  return agencyInScope(db, actor, agencyId);
}

async function editableAgency(db: Db, actor: Actor, agencyId: string): Promise<AgencyTable> {
  const agency = await visibleAgency(db, actor, agencyId);
  if (actor.agencyId !== agency.id || !can(actor, 'editWindows'))
    throw forbidden('维护其他机关的窗口公示牌（由该机关的负责人或公示审核人员维护）');
  if (agency.abolished) throw conflict('该执法主体已撤销，不能再维护窗口公示牌');
  return agency;
}

async function windowInAgency(db: Db, agencyId: string, id: string): Promise<ServiceWindowTable> {
  const row = await orgDb(db)
    .selectFrom('service_window')
    .selectAll()
    .where('id', '=', id)
    .where('agency_id', '=', agencyId)
    .executeTakeFirst();
  if (!row) throw notFound('服务窗口', { id });
  return row;
}

/** The window locked for an edit, at the version the caller loaded (If-Match, issue 6 §3). */
async function lockedWindow(trx: AnyTrx, agencyId: string, id: string, expected: number): Promise<ServiceWindowTable> {
  await windowInAgency(trx, agencyId, id);
  const row = await orgDb(trx).selectFrom('service_window').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  const last = await orgDb(trx)
    .selectFrom('service_window_version')
    .select(['changed_by', 'changed_at'])
    .where('window_id', '=', id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  assertVersion(`窗口 ${row.number}`, expected, {
    version: row.version,
    changedBy: last?.changed_by ?? null,
    changedAt: last?.changed_at ?? null,
  });
  return row;
}

/** The agency's items as published now (code → name): a board links each item to its public page. */
async function publishedItems(db: Db, agencyId: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await listCurrent(db as AnyDb, { listKind: 'items', agencyId, cursor, limit: 500 });
    for (const e of page.items) names.set(String(e.content.code ?? e.subjectId), String(e.content.name ?? e.label));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return names;
}

async function officersOf(db: Db, ids: readonly string[]): Promise<Map<string, OfficerTable>> {
  if (!ids.length) return new Map();
  const rows = await orgDb(db)
    .selectFrom('officer')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

// ---------------------------------------------------------------------------------------------
// Views

export function toWindowView(
  r: ServiceWindowTable,
  agencyName: string,
  officers: Map<string, OfficerTable>,
  items: Map<string, string>,
): ServiceWindowView {
  const staff = parse<WindowStaffRow[]>(r.staff);
  return {
    id: r.id,
    agencyId: r.agency_id,
    agencyName,
    number: r.number,
    name: r.name,
    hall: r.hall,
    floor: r.floor,
    openingHours: r.opening_hours,
    phone: r.phone,
    staff: staff.map((s) => {
      const o = officers.get(s.officerId);
      return {
        officerId: s.officerId,
        name: o?.name ?? '',
        post: o?.post ?? null,
        domains: o ? jsonList(o.domains) : [],
        isAuxiliary: o?.is_auxiliary ?? false,
        active: (o?.active ?? false) && o?.agency_id === r.agency_id,
        duties: s.duties,
      };
    }),
    itemCodes: jsonList(r.item_codes),
    items: jsonList(r.item_codes).map((code) => ({ code, name: items.get(code) ?? null })),
    materials: parse<WindowMaterialRow[]>(r.materials),
    progressEnquiry: r.progress_enquiry,
    consultation: r.consultation,
    complaint: r.complaint,
    retired: r.retired,
    retiredReason: r.retired_reason,
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    boardUrl: boardUrl(r.id),
  };
}

async function viewsOf(db: Db, agency: AgencyTable, rows: ServiceWindowTable[]) {
  const [officers, items] = await Promise.all([
    officersOf(
      db,
      rows.flatMap((r) => parse<WindowStaffRow[]>(r.staff).map((s) => s.officerId)),
    ),
    publishedItems(db, agency.id),
  ]);
  return rows.map((r) => toWindowView(r, agency.name, officers, items));
}

export async function listWindows(ctx: AppContext, actor: Actor, agencyId: string, query: ServiceWindowListQuery) {
  const agency = await visibleAgency(ctx.db, actor, agencyId);
  let q = orgDb(ctx.db).selectFrom('service_window').selectAll().where('agency_id', '=', agency.id);
  if (!query.includeRetired) q = q.where('retired', '=', false);
  const rows = await q.orderBy('retired').orderBy('number').orderBy('id').execute();
  return { items: await viewsOf(ctx.db, agency, rows) };
}

export async function getWindow(ctx: AppContext, actor: Actor, agencyId: string, id: string) {
  const agency = await visibleAgency(ctx.db, actor, agencyId);
  const row = await windowInAgency(ctx.db, agency.id, id);
  const versions = await orgDb(ctx.db)
    .selectFrom('service_window_version')
    .select(['version', 'reason', 'changed_by', 'changed_at', 'published_list_version'])
    .where('window_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
  const [window] = await viewsOf(ctx.db, agency, [row]);
  return {
    window: window as ServiceWindowView,
    versions: versions.map((v) => ({
      version: v.version,
      reason: v.reason,
      changedBy: v.changed_by,
      changedAt: iso(v.changed_at),
      publishedListVersion: v.published_list_version,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Checks

type WindowFields = Omit<ServiceWindowTable, 'id' | 'agency_id' | 'retired' | 'retired_reason' | 'version' | 'created_at' | 'updated_at'>;

/** R-D18 checks of a window about to be saved; each failure names its field (400, nothing written). */
async function validateWindow(trx: AnyTrx, agency: AgencyTable, id: string, w: WindowFields) {
  const numberProblem = windowNumberProblem(w.number);
  if (numberProblem) throw invalid('number', numberProblem);
  const texts: [string, string | null][] = [
    ['number', w.number],
    ['name', w.name],
    ['hall', w.hall],
    ['floor', w.floor],
    ['openingHours', w.opening_hours],
    ['phone', w.phone],
    ['progressEnquiry', w.progress_enquiry],
    ['consultation', w.consultation],
    ['complaint', w.complaint],
  ];
  const staff = parse<WindowStaffRow[]>(w.staff);
  const materials = parse<WindowMaterialRow[]>(w.materials);
  staff.forEach((s, i) => {
    texts.push([`staff.${i}.duties`, s.duties]);
  });
  materials.forEach((m, i) => {
    texts.push([`materials.${i}.title`, m.title], [`materials.${i}.text`, m.text]);
  });
  const known = await knownPersonalData(
    trx,
    agency.jurisdiction_code,
    texts.map(([, text]) => text),
  );
  for (const [field, text] of texts) {
    if (text === null) continue;
    if (!text.trim()) throw invalid(field, '不能为空白');
    const hit = findPersonalData(text, known);
    if (hit) throw invalid(field, `${hit.message}，${boardPersonalDataHint}`);
  }
  // each staff member: an active officer record of this agency, once
  const officers = await officersOf(
    trx,
    staff.map((s) => s.officerId),
  );
  const seen = new Set<string>();
  staff.forEach((s, i) => {
    const o = officers.get(s.officerId);
    if (!o || o.agency_id !== agency.id || !o.active)
      throw invalid(`staff.${i}.officerId`, `不是${agency.name}的在岗人员，请从本机关的人员名单中选择`);
    if (seen.has(s.officerId)) throw invalid(`staff.${i}.officerId`, `${o.name}已在本窗口的工作人员中`);
    seen.add(s.officerId);
  });
  // items and the items of each sample material: the agency's published items
  const codes = jsonList(w.item_codes);
  const published = codes.length || materials.some((m) => m.itemCodes.length) ? await publishedItems(trx, agency.id) : new Map();
  const codeSet = new Set<string>();
  codes.forEach((code, i) => {
    if (!published.has(code)) throw invalid(`itemCodes.${i}`, `事项 ${code} 不是${agency.name}已公示的执法事项`);
    if (codeSet.has(code)) throw invalid(`itemCodes.${i}`, `事项 ${code} 重复`);
    codeSet.add(code);
  });
  materials.forEach((m, i) => {
    m.itemCodes.forEach((code, j) => {
      if (!codeSet.has(code)) throw invalid(`materials.${i}.itemCodes.${j}`, `事项 ${code} 不在本窗口办理的事项中`);
    });
  });
  const dup = await orgDb(trx)
    .selectFrom('service_window')
    .select('id')
    .where('agency_id', '=', agency.id)
    .where('number', '=', w.number)
    .where('retired', '=', false)
    .where('id', '<>', id)
    .executeTakeFirst();
  if (dup) throw conflict(`本机关已有编号为 ${w.number} 的窗口`, { fields: [{ field: 'number', message: '窗口编号已被使用' }] });
}

// ---------------------------------------------------------------------------------------------
// Publication

/** The board of one window as published: exactly the fields of publicSchemas.service_windows. */
function boardEntry(
  r: ServiceWindowTable,
  agency: AgencyTable,
  officers: Map<string, OfficerTable>,
  items: Map<string, string>,
): PublicEntry {
  const staff = parse<WindowStaffRow[]>(r.staff).flatMap((s) => {
    const o = officers.get(s.officerId);
    // someone who has left the agency is no longer on its board
    if (!o?.active || o.agency_id !== agency.id) return [];
    return [
      {
        name: o.name,
        unit: agency.name,
        position: o.post,
        enforcementCategories: o.is_auxiliary ? [] : jsonList(o.domains),
        duties: s.duties,
      },
    ];
  });
  const codes = jsonList(r.item_codes).filter((c) => items.has(c));
  const materials = parse<WindowMaterialRow[]>(r.materials).map((m) => ({
    title: m.title,
    text: m.text,
    itemCodes: m.itemCodes.filter((c) => items.has(c)),
  }));
  const label = `${r.number} ${r.name}`;
  return {
    subjectId: r.id,
    label,
    sortKey: `${nameSortKey(agency.name)} ${r.number.padStart(10, '0')}`,
    searchExtra: [agency.name, r.hall, staff.map((s) => s.name).join(' '), codes.map((c) => `${c} ${items.get(c)}`).join(' ')].join(' '),
    content: {
      agencyId: agency.id,
      agencyName: agency.name,
      number: r.number,
      name: r.name,
      hall: r.hall,
      floor: r.floor,
      openingHours: r.opening_hours,
      phone: r.phone,
      staff,
      items: codes.map((code) => ({ code, name: items.get(code) as string })),
      materials,
      progressEnquiry: r.progress_enquiry,
      consultation: r.consultation,
      complaint: r.complaint,
      version: r.version,
    },
  };
}

/**
 * Publishes the agency's boards as they now stand (every window not retired), in the caller's
 * transaction; answers the list version. Unchanged boards keep their publication.
 */
export async function publishWindows(trx: AnyTrx, ctx: AppContext, by: JournalActor, agency: AgencyTable, reason: string) {
  const rows = await orgDb(trx)
    .selectFrom('service_window')
    .selectAll()
    .where('agency_id', '=', agency.id)
    .where('retired', '=', false)
    .orderBy('number')
    .execute();
  const [officers, items] = await Promise.all([
    officersOf(
      trx,
      rows.flatMap((r) => parse<WindowStaffRow[]>(r.staff).map((s) => s.officerId)),
    ),
    publishedItems(trx, agency.id),
  ]);
  const now = ctx.clock.now();
  const result = await publishList(trx, ctx, by, {
    listKind: 'service_windows',
    listKey: listKeyOf(agency.id),
    jurisdictionCode: agency.jurisdiction_code,
    agencyId: agency.id,
    title: `${agency.name}政务服务窗口岗位信息公示牌`,
    reason,
    changedBy: personOf(by),
    changedAt: now,
    confirmedBy: by.name, // published by the agency itself after its internal review (R-D14)
    entries: rows.map((r) => boardEntry(r, agency, officers, items)),
  });
  return result.version;
}

async function writeVersion(trx: AnyTrx, r: ServiceWindowTable, reason: string, by: JournalActor, at: Date, listVersion: number) {
  assertNoPersonalData({ reason }, noteLabels);
  const { created_at: _c, updated_at: _u, version: _v, ...rest } = r;
  const snapshot = {
    ...rest,
    staff: parse<WindowStaffRow[]>(r.staff),
    item_codes: jsonList(r.item_codes),
    materials: parse<WindowMaterialRow[]>(r.materials),
  };
  await orgDb(trx)
    .insertInto('service_window_version')
    .values({
      window_id: r.id,
      version: r.version,
      snapshot: JSON.stringify(snapshot),
      reason,
      changed_by: personOf(by),
      changed_at: at,
      published_list_version: listVersion,
    })
    .execute();
}

const jsonColumns = (r: ServiceWindowTable) => ({
  ...r,
  staff: JSON.stringify(parse<WindowStaffRow[]>(r.staff)),
  item_codes: JSON.stringify(jsonList(r.item_codes)),
  materials: JSON.stringify(parse<WindowMaterialRow[]>(r.materials)),
});

const materialRows = (ms: CreateServiceWindowBody['materials']): WindowMaterialRow[] =>
  (ms ?? []).map((m) => ({ title: m.title.trim(), text: m.text, itemCodes: m.itemCodes }));
const staffRows = (ss: CreateServiceWindowBody['staff']): WindowStaffRow[] =>
  ss.map((s) => ({ officerId: s.officerId, duties: s.duties.trim() }));

/** Creates a window of the agency and publishes its board at once (R-D18), in the caller's transaction. */
export async function insertWindow(
  trx: AnyTrx,
  ctx: AppContext,
  by: JournalActor,
  agency: AgencyTable,
  input: CreateServiceWindowBody,
): Promise<ServiceWindowTable> {
  const now = ctx.clock.now();
  const row: ServiceWindowTable = {
    id: randomUUID(),
    agency_id: agency.id,
    number: input.number.trim(),
    name: input.name.trim(),
    hall: input.hall.trim(),
    floor: input.floor?.trim() || null,
    opening_hours: input.openingHours.trim(),
    phone: input.phone?.trim() || null,
    staff: staffRows(input.staff),
    item_codes: input.itemCodes ?? [],
    materials: materialRows(input.materials),
    progress_enquiry: input.progressEnquiry.trim(),
    consultation: input.consultation.trim(),
    complaint: input.complaint.trim(),
    retired: false,
    retired_reason: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await validateWindow(trx, agency, row.id, row);
  await orgDb(trx).insertInto('service_window').values(jsonColumns(row)).execute();
  const reason = input.reason ?? '新设服务窗口并公示岗位信息';
  await ctx.journal.append(trx, {
    actor: by,
    action: 'service_window.create',
    entity: { type: 'service_window', id: row.id },
    payload: { agencyId: agency.id, ...input, reason },
  });
  const listVersion = await publishWindows(trx, ctx, by, agency, `${row.number} ${row.name}：${reason}`);
  await writeVersion(trx, row, reason, by, now, listVersion);
  return row;
}

export async function createWindow(ctx: AppContext, actor: Actor, agencyId: string, input: CreateServiceWindowBody) {
  return ctx.db.transaction().execute(async (trx) => {
    const agency = await editableAgency(trx, actor, agencyId);
    const row = await insertWindow(trx, ctx, journalActor(actor), agency, input);
    const [view] = await viewsOf(trx, agency, [row]);
    return view as ServiceWindowView;
  });
}

const editable: Record<string, keyof ServiceWindowTable> = {
  number: 'number',
  name: 'name',
  hall: 'hall',
  floor: 'floor',
  openingHours: 'opening_hours',
  phone: 'phone',
  staff: 'staff',
  itemCodes: 'item_codes',
  materials: 'materials',
  progressEnquiry: 'progress_enquiry',
  consultation: 'consultation',
  complaint: 'complaint',
};

/** A new version of the window with its reason; its board is published again at once. */
export async function updateWindow(
  ctx: AppContext,
  actor: Actor,
  agencyId: string,
  id: string,
  input: UpdateServiceWindowBody,
  expected: number,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const agency = await editableAgency(trx, actor, agencyId);
    const row = await lockedWindow(trx, agency.id, id, expected);
    if (row.retired) throw conflict('该窗口已撤销，不能再修改；如需恢复请新设窗口');
    const before: ServiceWindowTable = {
      ...row,
      staff: parse<WindowStaffRow[]>(row.staff),
      item_codes: jsonList(row.item_codes),
      materials: parse<WindowMaterialRow[]>(row.materials),
    };
    const after: ServiceWindowTable = { ...before };
    const { reason, ...changes } = input;
    const normal: Record<string, unknown> = {
      ...changes,
      ...(changes.staff ? { staff: staffRows(changes.staff) } : {}),
      ...(changes.materials ? { materials: materialRows(changes.materials) } : {}),
    };
    const diff: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, column] of Object.entries(editable)) {
      let value = normal[key];
      if (value === undefined) continue;
      if (typeof value === 'string') value = value.trim() || (column === 'floor' || column === 'phone' ? null : value);
      if (JSON.stringify(value) === JSON.stringify(before[column])) continue;
      (after as unknown as Record<string, unknown>)[column] = value;
      diff[key] = { from: before[column], to: value };
    }
    if (Object.keys(diff).length === 0) throw new AppError('VALIDATION_FAILED', '没有任何修改', { fields: [] });
    await validateWindow(trx, agency, row.id, after);
    const now = ctx.clock.now();
    after.version = row.version + 1;
    after.updated_at = now;
    const { id: _id, created_at: _c, agency_id: _a, ...set } = jsonColumns(after);
    await orgDb(trx).updateTable('service_window').set(set).where('id', '=', row.id).execute();
    const by = journalActor(actor);
    await ctx.journal.append(trx, {
      actor: by,
      action: 'service_window.update',
      entity: { type: 'service_window', id: row.id },
      payload: { agencyId: agency.id, version: after.version, reason, diff },
    });
    const listVersion = await publishWindows(trx, ctx, by, agency, `${after.number} ${after.name}：${reason}`);
    await writeVersion(trx, after, reason, by, now, listVersion);
    const [view] = await viewsOf(trx, agency, [after]);
    return view as ServiceWindowView;
  });
}

/** Retires a window: its board is removed from the published list at once; the window and its history stay. */
export async function retireWindow(
  ctx: AppContext,
  actor: Actor,
  agencyId: string,
  id: string,
  input: RetireServiceWindowBody,
  expected: number,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const agency = await editableAgency(trx, actor, agencyId);
    const row = await lockedWindow(trx, agency.id, id, expected);
    if (row.retired) throw conflict('该窗口已撤销');
    const now = ctx.clock.now();
    const after: ServiceWindowTable = { ...row, retired: true, retired_reason: input.reason, version: row.version + 1, updated_at: now };
    await orgDb(trx)
      .updateTable('service_window')
      .set({ retired: true, retired_reason: input.reason, version: after.version, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    const by = journalActor(actor);
    await ctx.journal.append(trx, {
      actor: by,
      action: 'service_window.retire',
      entity: { type: 'service_window', id: row.id },
      payload: { agencyId: agency.id, version: after.version, reason: input.reason },
    });
    const listVersion = await publishWindows(trx, ctx, by, agency, `撤销 ${row.number} ${row.name}：${input.reason}`);
    await writeVersion(trx, after, `撤销窗口：${input.reason}`, by, now, listVersion);
    const [view] = await viewsOf(trx, agency, [after]);
    return view as ServiceWindowView;
  });
}
