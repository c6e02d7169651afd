import { sql } from 'kysely';
import { accountLabels } from '../auth';
import { type AnyDb, own } from '../db/tables';
import type { JournalTables } from '../journal/tables';
import { inScope, type Scope } from '../scope';
import { nameEntities } from './entities';
import { actionLabel, allActionLabels } from './labels';

export interface AuditFilter {
  /**
   * The auditor's scope (platform/scope, ADR 0007): entries whose actor belonged to the subtree of
   * the auditor's jurisdiction. Entries without a jurisdiction (platform-wide accounts, unknown
   * user names at login) are seen only by a platform-wide auditor.
   */
  scope: Scope;
  actor?: string | undefined;
  action?: string | undefined;
  /** inclusive legal dates (YYYY-MM-DD, Beijing time) */
  from?: string | undefined;
  to?: string | undefined;
  /** journal.checkpoint entries (one per signing interval) are hidden unless asked for or filtered on (issue 7 §9) */
  includeCheckpoints?: boolean | undefined;
}

// Legal dates are Beijing dates (UTC+8, no daylight saving): a day starts at 16:00 UTC the day before.
const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);
const nextDayStart = (date: string) => new Date(dayStart(date).getTime() + 86_400_000);

function filtered(db: AnyDb, f: AuditFilter) {
  // the audit log reads the journal only (ADR 0007); names of accounts and objects are asked of their owners
  let q = own<JournalTables>(db)
    .selectFrom('journal_entry')
    .where(inScope(f.scope, { agency: 'journal_entry.agency_id', jurisdiction: 'journal_entry.jurisdiction_code' }));
  if (f.actor) q = q.where('actor_name', '=', f.actor);
  if (f.action) q = f.action.endsWith('.') ? q.where('action', 'like', `${f.action}%`) : q.where('action', '=', f.action);
  if (f.from) q = q.where('occurred_at', '>=', dayStart(f.from));
  if (f.to) q = q.where('occurred_at', '<', nextDayStart(f.to));
  if (!f.includeCheckpoints && !f.action) q = q.where('action', '<>', 'journal.checkpoint');
  return q;
}

export async function listAuditEvents(db: AnyDb, f: AuditFilter & { cursor?: number | undefined; limit?: number | undefined }) {
  const limit = Math.min(f.limit ?? 50, 500);
  let q = filtered(db, f)
    .select(['seq', 'occurred_at', 'actor_name', 'action', 'entity_type', 'entity_id', 'client_ip', 'payload'])
    .orderBy('seq', 'desc')
    .limit(limit + 1);
  if (f.cursor !== undefined) q = q.where('seq', '<', f.cursor);
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  // an account is shown by its name and username rather than its id (asked of platform/auth)
  const users = await accountLabels(db, [
    ...new Set(page.filter((r) => r.entity_type === 'user' && r.entity_id).map((r) => r.entity_id as string)),
  ]);
  return {
    // agencies, officers, item codes … by name, as each module registered (platform/audit/entities)
    items: await nameEntities(
      db,
      page.map((r) => ({
        seq: r.seq,
        occurredAt: new Date(r.occurred_at).toISOString(),
        actorName: r.actor_name,
        action: r.action,
        actionLabel: actionLabel(r.action) ?? r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        entityLabel: (r.entity_type === 'user' && r.entity_id && users.get(r.entity_id)) || null,
        clientIp: r.client_ip,
        payload: JSON.parse(r.payload) as Record<string, unknown>,
      })),
    ),
    nextCursor: rows.length > limit ? String(page[page.length - 1]?.seq) : null,
  };
}

export async function auditStats(db: AnyDb, f: AuditFilter) {
  const day = sql<string>`to_char((occurred_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`;
  const rows = await filtered(db, f)
    .select([day.as('date'), (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy(day)
    .orderBy(day)
    .execute();
  return { days: rows.map((r) => ({ date: r.date, count: Number(r.count) })) };
}

export function actionList() {
  return allActionLabels();
}
