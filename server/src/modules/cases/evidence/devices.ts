/**
 * AV devices and who answers for them (R-C10 谁使用、谁保管、谁负责): a device belongs to an agency,
 * and its custody is an append-only history; the current custodian is the latest row, and the
 * custodian at any capture time is recorded on the item (rules.ts custodianOn).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type Actor, journalActor } from '../../../platform/auth';
import { shanghaiDate } from '../../../platform/clock';
import type { AppContext } from '../../../platform/context';
import type { AnyDb, AnyTrx } from '../../../platform/db/tables';
import { AppError, conflict, notFound } from '../../../platform/errors';
import { inScope, scopeOf } from '../../../platform/scope';
import { agencyForCases, officersForCases } from '../../org';
import { casesDb } from '../db';
import { custodianOn } from './rules';
import type { CustodianBody, DeviceBody, DeviceView } from './schema';

const deviceColumns = { agency: 'device.agency_id', jurisdiction: 'device.jurisdiction_code' } as const;

export interface CustodyRow {
  seq: number;
  officerId: string;
  name: string;
  fromDate: string;
  reason: string;
  at: string;
  byName: string;
}

export async function custodyRows(db: AnyDb, deviceIds: readonly string[]): Promise<Map<string, CustodyRow[]>> {
  const out = new Map<string, CustodyRow[]>();
  if (!deviceIds.length) return out;
  const rows = await casesDb(db)
    .selectFrom('device_custody')
    .select([
      'device_id',
      'seq',
      'officer_id',
      'officer_name',
      sql<string>`to_char(from_date, 'YYYY-MM-DD')`.as('from_date'),
      'reason',
      'at',
      'by_name',
    ])
    .where('device_id', 'in', [...deviceIds])
    .orderBy('device_id')
    .orderBy('seq')
    .execute();
  for (const r of rows) {
    const list = out.get(r.device_id) ?? [];
    list.push({
      seq: r.seq,
      officerId: r.officer_id,
      name: r.officer_name,
      fromDate: r.from_date,
      reason: r.reason,
      at: new Date(r.at).toISOString(),
      byName: r.by_name,
    });
    out.set(r.device_id, list);
  }
  return out;
}

type DeviceRow = { id: string; agency_id: string; name: string; kind: string; serial_number: string; created_at: Date };

function toDeviceView(d: DeviceRow, custody: CustodyRow[], today: string): DeviceView {
  const current = custodianOn(custody, today) ?? custody.at(-1) ?? null;
  return {
    id: d.id,
    agencyId: d.agency_id,
    name: d.name,
    kind: d.kind,
    serialNumber: d.serial_number,
    createdAt: new Date(d.created_at).toISOString(),
    custodian: current ? { officerId: current.officerId, name: current.name, fromDate: current.fromDate } : null,
    custody,
  };
}

export async function devicesOfAgency(db: AnyDb, agencyId: string) {
  return casesDb(db)
    .selectFrom('device')
    .select(['id', 'agency_id', 'name', 'kind', 'serial_number', 'created_at'])
    .where('agency_id', '=', agencyId)
    .orderBy('name')
    .execute();
}

/** The devices in the caller's scope (an agency's staff: their agency; the bureau: its subtree), with custody. */
export async function listDevices(ctx: AppContext, actor: Actor, agencyId?: string): Promise<{ items: DeviceView[] }> {
  let q = casesDb(ctx.db)
    .selectFrom('device')
    .select(['id', 'agency_id', 'name', 'kind', 'serial_number', 'created_at'])
    .where(inScope(scopeOf(actor), deviceColumns));
  if (agencyId) q = q.where('agency_id', '=', agencyId);
  const rows = await q.orderBy('agency_id').orderBy('name').limit(1000).execute();
  const custody = await custodyRows(
    ctx.db,
    rows.map((r) => r.id),
  );
  const today = shanghaiDate(ctx.clock.now());
  return { items: rows.map((r) => toDeviceView(r, custody.get(r.id) ?? [], today)) };
}

async function officerOfAgency(db: AnyDb, agencyId: string, officerId: string, today: string) {
  const [o] = await officersForCases(db, [officerId], today);
  if (!o || o.agencyId !== agencyId)
    throw new AppError('INPUT_INVALID', '保管人须为本机关的执法人员', {
      fields: [{ field: 'officerId', message: '保管人须为本机关的执法人员', in: 'body' }],
    });
  return o;
}

function assertHeadOf(actor: Actor, agencyId: string) {
  if (actor.agencyId !== agencyId || !actor.roles.includes('agency_head'))
    throw new AppError('FORBIDDEN', '只有本机关负责人可以登记设备和指定保管人', {});
}

async function appendCustody(
  trx: AnyTrx,
  ctx: AppContext,
  actor: Actor,
  device: { id: string; agency_id: string },
  c: { officerId: string; fromDate: string; reason: string },
  seq: number,
  action: 'device.create' | 'device.custodian',
  extra: Record<string, unknown>,
) {
  const today = shanghaiDate(ctx.clock.now());
  const officer = await officerOfAgency(trx, device.agency_id, c.officerId, today);
  const entry = await ctx.journal.append(trx, {
    actor: journalActor(actor),
    action,
    entity: { type: 'device', id: device.id },
    payload: { ...extra, custodian: { officerId: officer.officerId, name: officer.name }, fromDate: c.fromDate, reason: c.reason, seq },
  });
  await casesDb(trx)
    .insertInto('device_custody')
    .values({
      device_id: device.id,
      seq,
      officer_id: officer.officerId,
      officer_name: officer.name,
      from_date: c.fromDate,
      reason: c.reason,
      at: ctx.clock.now(),
      by_user: actor.userId,
      by_name: actor.displayName,
      journal_seq: entry.seq,
    })
    .execute();
}

function dateProblem(field: string, date: string, today: string, notBefore?: string) {
  const fail = (message: string) => new AppError('INPUT_INVALID', message, { fields: [{ field, message, in: 'body' }] });
  if (date > today) return fail('保管起始日期不能晚于今天');
  if (notBefore && date < notBefore) return fail(`保管起始日期不能早于上一位保管人的起始日期（${notBefore}）`);
  return null;
}

/** Registers a device of the head's agency with its first custodian (R-C10), journaled. */
export async function createDevice(ctx: AppContext, actor: Actor, body: DeviceBody): Promise<DeviceView> {
  if (!actor.agencyId) throw new AppError('FORBIDDEN', '只有执法机关负责人可以登记设备', {});
  const agency = await agencyForCases(ctx.db, actor.agencyId);
  if (!agency || agency.isSupervising) throw new AppError('FORBIDDEN', '只有执法机关负责人可以登记设备', {});
  assertHeadOf(actor, agency.id);
  const today = shanghaiDate(ctx.clock.now());
  const fromDate = body.custodian.fromDate ?? today;
  const bad = dateProblem('custodian.fromDate', fromDate, today);
  if (bad) throw bad;
  const id = randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    const same = await casesDb(trx)
      .selectFrom('device')
      .select('id')
      .where('agency_id', '=', agency.id)
      .where('serial_number', '=', body.serialNumber)
      .executeTakeFirst();
    if (same) throw conflict(`本机关已登记序列号为「${body.serialNumber}」的设备`, { deviceId: same.id });
    const row = {
      id,
      agency_id: agency.id,
      jurisdiction_code: agency.jurisdictionCode,
      name: body.name,
      kind: body.kind,
      serial_number: body.serialNumber,
      created_at: ctx.clock.now(),
      created_by: actor.userId,
    };
    await casesDb(trx).insertInto('device').values(row).execute();
    await appendCustody(
      trx,
      ctx,
      actor,
      row,
      { officerId: body.custodian.officerId, fromDate, reason: body.custodian.reason ?? '登记设备' },
      1,
      'device.create',
      { name: body.name, kind: body.kind, serialNumber: body.serialNumber, agencyId: agency.id },
    );
  });
  return deviceView(ctx, actor, id);
}

async function deviceInScope(db: AnyDb, actor: Actor, id: string, lock = false) {
  let q = casesDb(db)
    .selectFrom('device')
    .select(['id', 'agency_id', 'name', 'kind', 'serial_number', 'created_at'])
    .where('id', '=', id)
    .where(inScope(scopeOf(actor), deviceColumns));
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('设备', { deviceId: id });
  return row;
}

export async function deviceView(ctx: AppContext, actor: Actor, id: string): Promise<DeviceView> {
  const row = await deviceInScope(ctx.db, actor, id);
  const custody = await custodyRows(ctx.db, [id]);
  return toDeviceView(row, custody.get(id) ?? [], shanghaiDate(ctx.clock.now()));
}

/** Hands a device to another custodian from a day on (never before the last hand-over), journaled. */
export async function addCustodian(ctx: AppContext, actor: Actor, deviceId: string, body: CustodianBody): Promise<DeviceView> {
  const today = shanghaiDate(ctx.clock.now());
  await ctx.db.transaction().execute(async (trx) => {
    const device = await deviceInScope(trx, actor, deviceId, true);
    assertHeadOf(actor, device.agency_id);
    const history = (await custodyRows(trx, [deviceId])).get(deviceId) ?? [];
    const last = history.at(-1);
    const fromDate = body.fromDate ?? today;
    const bad = dateProblem('fromDate', fromDate, today, last?.fromDate);
    if (bad) throw bad;
    await appendCustody(
      trx,
      ctx,
      actor,
      device,
      { officerId: body.officerId, fromDate, reason: body.reason },
      (last?.seq ?? 0) + 1,
      'device.custodian',
      { name: device.name, serialNumber: device.serial_number, previous: last ? { officerId: last.officerId, name: last.name } : null },
    );
  });
  return deviceView(ctx, actor, deviceId);
}
