import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../database';
import type { Role } from './roles';
import type { AuthEvent } from './rules';
import { failureAction, resetActions } from './rules';

type Db = Kysely<Database> | Transaction<Database>;

export interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  agency_id: string | null;
  agency_name: string | null;
  jurisdiction_code: string | null;
  jurisdiction_name: string | null;
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
  return db
    .selectFrom('user_account as u')
    .leftJoin('agency as a', 'a.id', 'u.agency_id')
    .leftJoin('jurisdiction as j', 'j.code', 'u.jurisdiction_code')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.agency_id',
      'a.name as agency_name',
      'u.jurisdiction_code',
      'j.name as jurisdiction_name',
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

export async function findAccount(db: Db, by: { id: string } | { username: string }): Promise<AccountRow | undefined> {
  const q = accountQuery(db);
  const row = await ('id' in by ? q.where('u.id', '=', by.id) : q.where('u.username', '=', by.username)).executeTakeFirst();
  return row ? { ...row, roles: row.roles ?? [] } : undefined;
}

export interface ListFilter {
  q?: string | undefined;
  /** GB/T 2260 prefix of the caller's jurisdiction; undefined = platform-wide caller */
  jurisdictionPrefix?: string | undefined;
  afterUsername?: string | undefined;
  limit: number;
}

export async function listAccounts(db: Db, f: ListFilter): Promise<AccountRow[]> {
  let q = accountQuery(db).orderBy('u.username').limit(f.limit);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('u.username', 'like', like), eb('u.display_name', 'like', like), eb('a.name', 'like', like)]));
  }
  if (f.jurisdictionPrefix) q = q.where('u.jurisdiction_code', 'like', `${f.jurisdictionPrefix}%`);
  if (f.afterUsername) q = q.where('u.username', '>', f.afterUsername);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, roles: r.roles ?? [] }));
}

/** The authentication events of one account, oldest first, enough to derive its lock-out. */
export async function recentAuthEvents(db: Db, userId: string, limit: number): Promise<AuthEvent[]> {
  const rows = await db
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
  const rows = await db
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
