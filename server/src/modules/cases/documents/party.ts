/** One place per party (R-C06, issue 9 §6): the documents of a party's cases in the caller's scope, in time order. */
import type { Actor } from '../../../platform/auth';
import type { AppContext } from '../../../platform/context';
import { notFound } from '../../../platform/errors';
import { inScope, scopeOf } from '../../../platform/scope';
import { caseColumns } from '../engine';
import { ddb, documentsOfCases } from './service';

export async function partyDocuments(ctx: AppContext, actor: Actor, partyId: string) {
  // the party page's own scope rule (service.ts partyInScope): its agency's staff, or who sees a case of that agency
  const party = await ddb(ctx.db).selectFrom('party').select(['id', 'agency_id']).where('id', '=', partyId).executeTakeFirst();
  if (!party) throw notFound('当事人', { partyId });
  const visible = await ddb(ctx.db)
    .selectFrom('enforcement_case')
    .select(['id'])
    .where('agency_id', '=', party.agency_id)
    .where(inScope(scopeOf(actor), caseColumns))
    .limit(1)
    .executeTakeFirst();
  if (!visible && actor.agencyId !== party.agency_id) throw notFound('当事人', { partyId });
  const cases = await ddb(ctx.db)
    .selectFrom('case_party')
    .innerJoin('enforcement_case', 'enforcement_case.id', 'case_party.case_id')
    .select(['enforcement_case.id', 'enforcement_case.number', 'enforcement_case.title'])
    .where('case_party.party_id', '=', partyId)
    .where(inScope(scopeOf(actor), caseColumns))
    .execute();
  const byId = new Map(cases.map((c) => [c.id, c]));
  const docs = await documentsOfCases(
    ctx.db,
    cases.map((c) => c.id),
  );
  docs.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return {
    items: docs.map((d) => ({ caseNumber: byId.get(d.caseId)?.number ?? null, caseTitle: byId.get(d.caseId)?.title ?? '', document: d })),
  };
}
