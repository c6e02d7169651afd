import { sql } from 'kysely';
import { type AnyDb, own } from '../db/tables';
import { inScope, jurisdictionNames, type Scope } from '../scope';
import { agencyDirectory } from './directory';
import type { Role } from './roles';
import type { AuthEvent } from './rules';
import { failureAction, resetActions } from './rules';
import type { AuthStore } from './tables';

/** Handles arrive untyped from other parts (ADR 0007); queries name auth's tables with `own`. */
type Db = AnyDb;

/** Where an account sits in the jurisdiction tree (platform/scope). */
export const accountColumns = { agency: 'u.agency_id', jurisdiction: 'u.jurisdiction_code' } as const;

export interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  agency_id: string | null;
  jurisdiction_code: string | null;
  password_hash: string;
  must_change_password: boolean;
  status: 'active' | 'disabled';
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_step: number | null;
  created_at: Date;
  roles: Role[];
}

function accountQuery(db: Db) {
  return own<AuthStore>(db)
    .selectFrom('user_account as u')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.agency_id',
      'u.jurisdiction_code',
      'u.password_hash',
      'u.must_change_password',
      'u.status',
      'u.totp_secret',
      'u.totp_enabled',
      'u.totp_last_step',
      'u.created_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('user_role as r')
        .whereRef('r.user_id', '=', 'u.id')
        .select(sql<Role[]>`coalesce(array_agg(r.role order by r.role), '{}')`.as('roles'))
        .as('roles'),
    );
}

/** One account; with a scope, only one inside it (platform/scope, ADR 0007). */
export async function findAccount(db: Db, by: { id: string } | { username: string }, scope?: Scope): Promise<AccountRow | undefined> {
  const q = scope ? accountQuery(db).where(inScope(scope, accountColumns)) : accountQuery(db);
  const row = await ('id' in by ? q.where('u.id', '=', by.id) : q.where('u.username', '=', by.username)).executeTakeFirst();
  return row ? { ...row, roles: row.roles ?? [] } : undefined;
}

/** An account with the names of its agency and jurisdiction, for views (names come from their owners). */
export interface NamedAccountRow extends AccountRow {
  agency_name: string | null;
  jurisdiction_name: string | null;
}

export async function withNames(db: AnyDb, rows: AccountRow[]): Promise<NamedAccountRow[]> {
  const agencyIds = [...new Set(rows.map((r) => r.agency_id).filter((v): v is string => v !== null))];
  const codes = [...new Set(rows.map((r) => r.jurisdiction_code).filter((v): v is string => v !== null))];
  const agencies = agencyIds.length ? await agencyDirectory().names(db, agencyIds) : new Map<string, string>();
  const jurisdictions = await jurisdictionNames(db, codes);
  return rows.map((r) => ({
    ...r,
    agency_name: r.agency_id ? (agencies.get(r.agency_id) ?? null) : null,
    jurisdiction_name: r.jurisdiction_code ? (jurisdictions.get(r.jurisdiction_code) ?? null) : null,
  }));
}

/** Whether an account exists (org links an officer record to one: ADR 0007, it does not read user_account). */
export async function accountExists(db: AnyDb, id: string): Promise<boolean> {
  return !!(await own<AuthStore>(db).selectFrom('user_account').select('id').where('id', '=', id).executeTakeFirst());
}

/** How the audit log names accounts: `姓名（用户名）` (the audit log asks here rather than reading user_account). */
export async function accountLabels(db: AnyDb, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await own<AuthStore>(db)
    .selectFrom('user_account')
    .select(['id', 'username', 'display_name'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.display_name}（${r.username}）`]));
}

export interface ListFilter {
  q?: string | undefined;
  /** the caller's scope (platform/scope): accounts of the jurisdiction subtree, or all */
  scope: Scope;
  afterUsername?: string | undefined;
  limit: number;
}

export async function listAccounts(db: Db, f: ListFilter): Promise<AccountRow[]> {
  let q = accountQuery(db).orderBy('u.username').limit(f.limit);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const agencies = await agencyDirectory().search(db, f.q);
    q = q.where((eb) =>
      eb.or([
        eb('u.username', 'like', like),
        eb('u.display_name', 'like', like),
        ...(agencies.length ? [eb('u.agency_id', 'in', agencies)] : []),
      ]),
    );
  }
  q = q.where(inScope(f.scope, accountColumns));
  if (f.afterUsername) q = q.where('u.username', '>', f.afterUsername);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, roles: r.roles ?? [] }));
}

/** The authentication events of one account, oldest first, enough to derive its lock-out. */
export async function recentAuthEvents(db: Db, userId: string, limit: number): Promise<AuthEvent[]> {
  const rows = await own<AuthStore>(db)
    .selectFrom('journal_entry')
    .select(['action', 'occurred_at'])
    .where('entity_type', '=', 'user')
    .where('entity_id', '=', userId)
    .where('action', 'in', [failureAction, ...resetActions])
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((r) => ({ action: r.action, occurredAt: new Date(r.occurred_at) }));
}

/** The same, for a page of accounts in one query: the last `limit` events of each. */
export async function recentAuthEventsOfMany(db: Db, userIds: string[], limit: number): Promise<Map<string, AuthEvent[]>> {
  const byUser = new Map<string, AuthEvent[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await own<AuthStore>(db)
    .selectFrom((eb) =>
      eb
        .selectFrom('journal_entry')
        .select(['entity_id', 'action', 'occurred_at', 'seq'])
        .select(sql<number>`row_number() over (partition by entity_id order by seq desc)`.as('rn'))
        .where('entity_type', '=', 'user')
        .where('entity_id', 'in', userIds)
        .where('action', 'in', [failureAction, ...resetActions])
        .as('e'),
    )
    .selectAll()
    .where('rn', '<=', limit)
    .orderBy('seq')
    .execute();
  for (const r of rows) byUser.get(r.entity_id as string)?.push({ action: r.action, occurredAt: new Date(r.occurred_at) });
  return byUser;
}
