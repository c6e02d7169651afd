import type { Actor } from '../../platform/auth';
import { createCalendar, publicationDeadline } from '../../platform/calendar';
import { shanghaiDate } from '../../platform/clock';
import type { AppContext } from '../../platform/context';
import type { AnyDb } from '../../platform/db/tables';
import { inScope, scopeOf } from '../../platform/scope';
import { settingsOn } from '../../platform/settings';
import { isEditorOf } from './access';
import { orgDb } from './db';
import { expiresWithin, reviewerRatio, trainingMeets } from './rules';
import type { AlertsReply, OrgThresholds, RatiosReply } from './schema';
import { agencyColumns } from './service';

const dayMs = 86_400_000;

/**
 * The thresholds the server applies (R-L06, R-P03, certificate expiry, R-D08), for every reader:
 * the web shows these instead of numbers of its own (issue 6 §7). They are jurisdiction settings
 * (platform/settings, DESIGN.md invariant 3): the values in force in `jurisdictionCode` on `onDate`,
 * else the registry defaults (a platform-wide account, no jurisdiction: the defaults).
 */
export async function orgThresholdsOn(db: AnyDb, jurisdictionCode: string | null, onDate: string): Promise<OrgThresholds> {
  const s = await settingsOn(db, jurisdictionCode, onDate);
  return {
    reviewerShare: s['org.reviewer_share'],
    professionalHours: s['org.professional_hours'],
    legalHours: s['org.legal_hours'],
    expiryWarningDays: s['org.expiry_warning_days'],
    publishWithinWorkingDays: s['disclosure.prior_change_working_days'],
  };
}

/** The thresholds in force today for the caller's jurisdiction (`GET /org/thresholds`). */
export async function orgThresholds(ctx: AppContext, actor: Actor): Promise<OrgThresholds> {
  return orgThresholdsOn(ctx.db, actor.jurisdictionCode, shanghaiDate(ctx.clock.now()));
}

/** The thresholds of each jurisdiction asked for, read once per jurisdiction. */
function thresholdsByJurisdiction(db: AnyDb, onDate: string) {
  const seen = new Map<string, Promise<OrgThresholds>>();
  return (code: string) => {
    let hit = seen.get(code);
    if (!hit) {
      hit = orgThresholdsOn(db, code, onDate);
      seen.set(code, hit);
    }
    return hit;
  };
}

/**
 * What concerns the justice bureau (issue 3 §8): per agency, reviewers against 5% of enforcers
 * (R-L06) and the share of officers meeting 30 + 30 training hours (R-P03); every officer's hours;
 * certificates expiring in the next 60 days. Each agency is measured by the thresholds of its own
 * jurisdiction; `thresholds` in the reply are the caller's jurisdiction's.
 */
export async function orgRatios(ctx: AppContext, actor: Actor, year?: number): Promise<RatiosReply> {
  const today = shanghaiDate(ctx.clock.now());
  const y = year ?? Number(today.slice(0, 4));
  const agencies = await orgDb(ctx.db)
    .selectFrom('agency')
    .select(['id', 'name', 'is_supervising', 'jurisdiction_code'])
    .where(inScope(scopeOf(actor), agencyColumns))
    .where('abolished', '=', false)
    .orderBy('is_supervising', 'desc')
    .orderBy('name_sort_key') // pinyin order (issue 7 §9)
    .execute();
  const officers = await orgDb(ctx.db)
    .selectFrom('officer')
    .innerJoin('agency', 'agency.id', 'officer.agency_id')
    .select([
      'officer.id',
      'officer.name',
      'officer.agency_id',
      'officer.is_enforcer',
      'officer.is_reviewer',
      'officer.is_auxiliary',
      'officer.certificate_number',
      'officer.valid_until',
      'officer.status',
    ])
    .where(inScope(scopeOf(actor), agencyColumns))
    .where('officer.active', '=', true)
    .orderBy('officer.agency_id')
    .orderBy('officer.name_sort_key')
    .orderBy('officer.id')
    .execute();
  const hours = await orgDb(ctx.db)
    .selectFrom('training_record')
    .innerJoin('officer', 'officer.id', 'training_record.officer_id')
    .innerJoin('agency', 'agency.id', 'officer.agency_id')
    .select(['training_record.officer_id', 'training_record.kind', (eb) => eb.fn.sum<string>('training_record.hours').as('total')])
    .where(inScope(scopeOf(actor), agencyColumns))
    .where('training_record.date', '>=', `${y}-01-01`)
    .where('training_record.date', '<=', `${y}-12-31`)
    .groupBy(['training_record.officer_id', 'training_record.kind'])
    .execute();
  const hoursOf = new Map<string, { professional: number; legal: number }>();
  for (const h of hours) {
    const t = hoursOf.get(h.officer_id) ?? { professional: 0, legal: 0 };
    t[h.kind] += Number(h.total);
    hoursOf.set(h.officer_id, t);
  }
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  const thresholdsOf = thresholdsByJurisdiction(ctx.db, today);
  const agencyThresholds = new Map<string, OrgThresholds>();
  for (const a of agencies) agencyThresholds.set(a.id, await thresholdsOf(a.jurisdiction_code));
  // an officer's agency may be outside the listed ones (abolished): the caller's thresholds then
  const own = await orgThresholds(ctx, actor);
  const limitsOf = (agencyId: string) => agencyThresholds.get(agencyId) ?? own;
  const training = officers
    .filter((o) => !o.is_auxiliary)
    .map((o) => {
      const t = hoursOf.get(o.id) ?? { professional: 0, legal: 0 };
      return {
        officerId: o.id,
        name: o.name,
        agencyId: o.agency_id,
        professionalHours: t.professional,
        legalHours: t.legal,
        meets: trainingMeets(t.professional, t.legal, limitsOf(o.agency_id)),
      };
    });
  const expiring = officers
    .filter(
      (o) => !o.is_auxiliary && o.status !== 'revoked' && expiresWithin(o.valid_until, today, limitsOf(o.agency_id).expiryWarningDays),
    )
    .map((o) => ({
      officerId: o.id,
      name: o.name,
      agencyId: o.agency_id,
      agencyName: names.get(o.agency_id) ?? '',
      certificateNumber: o.certificate_number,
      validUntil: o.valid_until as string,
      daysLeft: Math.round((Date.parse(o.valid_until as string) - Date.parse(today)) / dayMs),
    }))
    .sort((a, b) => a.validUntil.localeCompare(b.validUntil) || a.name.localeCompare(b.name));
  return {
    year: y,
    today,
    thresholds: own,
    agencies: agencies.map((a) => {
      const mine = officers.filter((o) => o.agency_id === a.id);
      const enforcers = mine.filter((o) => o.is_enforcer && !o.is_auxiliary).length;
      const reviewers = mine.filter((o) => o.is_reviewer).length;
      const ratio = reviewerRatio(enforcers, reviewers, limitsOf(a.id).reviewerShare);
      const trained = training.filter((t) => t.agencyId === a.id);
      const met = trained.filter((t) => t.meets).length;
      return {
        agencyId: a.id,
        agencyName: a.name,
        enforcers,
        reviewers,
        reviewerRatio: ratio.ratio,
        reviewersRequired: ratio.required,
        meetsReviewerRatio: ratio.meets,
        officers: trained.length,
        trainingMet: met,
        trainingShare: trained.length ? met / trained.length : null,
        expiringSoon: expiring.filter((e) => e.agencyId === a.id).length,
      };
    }),
    training,
    expiring,
  };
}

/**
 * R-D08: changes to the agency directory or an officer list still unpublished after the deadline
 * (`publicationDeadline`: the 5th working day after the change; overdue from the next calendar
 * day, the same rule as the catalog alerts). The justice bureau sees its jurisdiction; an
 * agency's editors see their own.
 */
export async function orgAlerts(ctx: AppContext, actor: Actor): Promise<AlertsReply> {
  const today = shanghaiDate(ctx.clock.now());
  const calendar = await createCalendar(ctx.db);
  const agencies = await orgDb(ctx.db)
    .selectFrom('agency')
    .select(['id', 'name', 'jurisdiction_code', 'pending_since'])
    .where(inScope(scopeOf(actor), agencyColumns))
    .orderBy('name_sort_key')
    .execute();
  // the scope chose the agencies (ADR 0007); of the own agency, its editors see the alerts
  const visible = agencies.filter((a) => actor.roles.includes('supervisor') || isEditorOf(actor, a));
  const ids = visible.map((a) => a.id);
  const officerPending = ids.length
    ? await orgDb(ctx.db)
        .selectFrom('officer')
        .select(['agency_id', (eb) => eb.fn.min('pending_since').as('since'), (eb) => eb.fn.countAll<string>().as('n')])
        .where('agency_id', 'in', ids)
        .where('pending_since', 'is not', null)
        .groupBy('agency_id')
        .execute()
    : [];
  const items: AlertsReply['items'] = [];
  // R-D08's limit is a jurisdiction setting: each agency's own; the reply's is the caller's
  const thresholdsOf = thresholdsByJurisdiction(ctx.db, today);
  const own = (await orgThresholds(ctx, actor)).publishWithinWorkingDays;
  const limits = new Map<string, number>();
  for (const a of visible) limits.set(a.id, (await thresholdsOf(a.jurisdiction_code)).publishWithinWorkingDays);
  const check = (kind: 'agency' | 'officers', a: { id: string; name: string }, since: Date, count: number) => {
    const limit = limits.get(a.id) ?? own;
    const d = publicationDeadline(calendar.data, shanghaiDate(since), today, limit);
    if (!d.overdue) return;
    const what = kind === 'agency' ? '执法主体信息的变更' : `${count} 名人员的变更`;
    items.push({
      kind,
      agencyId: a.id,
      agencyName: a.name,
      pendingSince: since.toISOString(),
      deadline: d.deadline,
      workingDaysPending: d.workingDaysPending,
      workingDaysOverdue: d.workingDaysOverdue,
      pendingCount: count,
      message: `${a.name}${what}已 ${d.workingDaysPending} 个工作日未公开（应在 ${limit} 个工作日内公开，最迟 ${d.deadline}）`,
    });
  };
  for (const a of visible) if (a.pending_since) check('agency', a, new Date(a.pending_since), 1);
  for (const p of officerPending) {
    const a = visible.find((v) => v.id === p.agency_id);
    if (a && p.since) check('officers', a, new Date(p.since as Date), Number(p.n));
  }
  items.sort((x, y) => x.deadline.localeCompare(y.deadline) || x.agencyName.localeCompare(y.agencyName));
  return { today, limitWorkingDays: own, items };
}
