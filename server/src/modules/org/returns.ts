import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../database';
import { type Actor, journalActor } from '../../platform/auth';
import type { AppContext } from '../../platform/context';
import { conflict, forbidden, notFound } from '../../platform/errors';
import { isSupervisorOf } from './access';
import type { AgencyReturnView, OfficerReturnView, ReturnBody } from './schema';
import { agencyInScope } from './service';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The justice bureau sends an agency's pending officer changes back (退回) with its reason instead
 * of publishing them (R-D02: the bureau confirms what is published). Nothing is undone: the changes
 * stay pending and unpublished, and the agency corrects them; the R-D08 clock keeps running. The
 * return is a journal entry (`officer_list.return`), and whether it is still open is derived from
 * it, as the lock-out is (ADR 0003): open until the agency changes an officer again or the bureau
 * confirms.
 */
export async function returnOfficerChanges(ctx: AppContext, actor: Actor, agencyId: string, input: ReturnBody) {
  return ctx.db.transaction().execute(async (trx) => {
    const agency = await agencyInScope(trx, actor, agencyId);
    if (!isSupervisorOf(actor, agency)) throw notFound('执法主体', { agencyId });
    const pending = await trx
      .selectFrom('officer')
      .select(['id', 'name'])
      .where('agency_id', '=', agencyId)
      .where('pending_since', 'is not', null)
      .orderBy('name')
      .execute();
    if (pending.length === 0) throw conflict('该机关的人员清单没有待确认的变更');
    await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'officer_list.return',
      entity: { type: 'agency', id: agencyId },
      payload: { reason: input.reason, officers: pending },
    });
    return (await openReturn(trx, agencyId)) as OfficerReturnView;
  });
}

/** The bureau's return of the agency's officer changes, while it is open; null otherwise. */
export async function openReturn(db: Db, agencyId: string): Promise<OfficerReturnView | null> {
  const last = await db
    .selectFrom('journal_entry')
    .select(['seq', 'actor_name', 'occurred_at', 'payload', 'action'])
    .where('entity_type', '=', 'agency')
    .where('entity_id', '=', agencyId)
    .where('action', 'in', ['officer_list.return', 'officer_list.confirm'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last?.action !== 'officer_list.return') return null;
  // a change after the return (a new officer version) means the agency has acted on it
  const changedSince = await db
    .selectFrom('officer')
    .select(sql<number>`1`.as('one'))
    .where('agency_id', '=', agencyId)
    .where('pending_since', 'is not', null)
    .where('updated_at', '>', new Date(last.occurred_at))
    .executeTakeFirst();
  const stillPending = await db
    .selectFrom('officer')
    .select('id')
    .where('agency_id', '=', agencyId)
    .where('pending_since', 'is not', null)
    .executeTakeFirst();
  if (changedSince || !stillPending) return null;
  const payload = JSON.parse(last.payload) as { reason: string; officers: { id: string; name: string }[] };
  return {
    reason: payload.reason,
    returnedBy: last.actor_name,
    returnedAt: new Date(last.occurred_at).toISOString(),
    officers: payload.officers,
  };
}

export async function officerReturnOf(ctx: AppContext, actor: Actor, agencyId: string) {
  await agencyInScope(ctx.db, actor, agencyId);
  return { return: await openReturn(ctx.db, agencyId) };
}

/**
 * The same for an agency's own pending change (its directory entry, R-D01): the bureau returns the
 * version it was asked to confirm. Open while that version is still the latest and unconfirmed.
 */
export async function returnAgencyChange(ctx: AppContext, actor: Actor, agencyId: string, input: ReturnBody) {
  return ctx.db.transaction().execute(async (trx) => {
    const agency = await agencyInScope(trx, actor, agencyId);
    if (!isSupervisorOf(actor, agency)) throw forbidden('退回该辖区以外的执法主体变更');
    if (agency.confirmed_version === agency.version) throw conflict('该执法主体没有待确认的变更', { version: agency.version });
    await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'agency.return',
      entity: { type: 'agency', id: agencyId },
      payload: { version: agency.version, reason: input.reason },
    });
    return (await openAgencyReturn(trx, agencyId)) as AgencyReturnView;
  });
}

/** The bureau's return of the agency's pending version, while it is open; null otherwise. */
export async function openAgencyReturn(db: Db, agencyId: string): Promise<AgencyReturnView | null> {
  const agency = await db.selectFrom('agency').select(['version', 'confirmed_version']).where('id', '=', agencyId).executeTakeFirst();
  if (!agency || agency.confirmed_version === agency.version) return null;
  const last = await db
    .selectFrom('journal_entry')
    .select(['actor_name', 'occurred_at', 'payload', 'action'])
    .where('entity_type', '=', 'agency')
    .where('entity_id', '=', agencyId)
    .where('action', 'in', ['agency.return', 'agency.confirm'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last?.action !== 'agency.return') return null;
  const payload = JSON.parse(last.payload) as { version: number; reason: string };
  if (payload.version !== agency.version) return null; // the agency has made a new version since
  return {
    reason: payload.reason,
    returnedBy: last.actor_name,
    returnedAt: new Date(last.occurred_at).toISOString(),
    version: payload.version,
  };
}

export async function agencyReturnOf(ctx: AppContext, actor: Actor, agencyId: string) {
  await agencyInScope(ctx.db, actor, agencyId);
  return { return: await openAgencyReturn(ctx.db, agencyId) };
}
