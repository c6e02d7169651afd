import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import { type AnyTrx, own } from '../db/tables';
import { AppError, notFound } from '../errors';
import { findJurisdiction, jurisdictionInScope, scopeOf } from '../scope';
import { type Actor, journalActor } from './actor';
import { agencyDirectory } from './directory';
import { hashPassword, temporaryPassword } from './password';
import { defaultSecurityPolicy, loadPolicy, policyKey, type SecurityPolicy } from './policy';
import { findAccount, listAccounts, type NamedAccountRow, recentAuthEventsOfMany, withNames } from './repo';
import { isAdminRole, type Role } from './roles';
import { lockoutHistory, lockoutState, roleScopeProblems, roleSetProblems } from './rules';
import { lockedUntilOf } from './service';
import { endUserSessions } from './session';
import type { AuthStore } from './tables';
import { toUserView, type UserView } from './views';

/** Out of scope is the same as missing (STYLE.md §10): the one scope model of platform/scope (ADR 0007). */
async function accountInScope(ctx: AppContext | { db: AnyTrx }, actor: Actor, id: string) {
  const row = await findAccount(ctx.db, { id }, scopeOf(actor));
  if (!row) throw notFound('用户', { id });
  return row;
}

/** Whether an account placed at this jurisdiction would be in the creator's scope. */
async function accountTargetInScope(trx: AnyTrx, actor: Actor, code: string | null, _agencyId: string | null) {
  const scope = scopeOf(actor);
  if (scope.kind === 'all') return true;
  return code !== null && (await jurisdictionInScope(trx, scope, code));
}

async function view(ctx: AppContext, id: string): Promise<UserView> {
  const row = await findAccount(ctx.db, { id });
  if (!row) throw notFound('用户', { id });
  const [named] = await withNames(ctx.db, [row]);
  return toUserView(named as NamedAccountRow, await loadPolicy(ctx.db), await lockedUntilOf(ctx, id));
}

export async function listUsers(
  ctx: AppContext,
  actor: Actor,
  q: { q?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
) {
  const limit = Math.min(q.limit ?? 50, 200);
  const rows = await listAccounts(ctx.db, { q: q.q, scope: scopeOf(actor), afterUsername: q.cursor, limit: limit + 1 });
  const policy = await loadPolicy(ctx.db);
  const page = await withNames(ctx.db, rows.slice(0, limit));
  const events = await recentAuthEventsOfMany(
    ctx.db,
    page.map((r) => r.id),
    lockoutHistory(policy),
  );
  const now = ctx.clock.now();
  const items = page.map((r) => toUserView(r, policy, lockoutState(events.get(r.id) ?? [], policy, now).lockedUntil));
  return { items, nextCursor: rows.length > limit ? (page[page.length - 1]?.username ?? null) : null };
}

/** The agency an account joins, asked of its owner (the org module, through the directory it registers). */
async function checkAgency(trx: AnyTrx, agencyId: string | null | undefined) {
  if (!agencyId) return undefined;
  const agency = await agencyDirectory().find(trx, agencyId);
  if (!agency) throw new AppError('VALIDATION_FAILED', '所选执法机关不存在', { fields: [{ field: 'agencyId', message: '机构不存在' }] });
  return { id: agency.id, jurisdiction_code: agency.jurisdictionCode };
}

async function checkJurisdiction(trx: AnyTrx, code: string | null | undefined) {
  if (!code) return;
  const found = await findJurisdiction(trx, code);
  if (!found)
    throw new AppError('VALIDATION_FAILED', `行政区划代码 ${code} 不存在`, {
      fields: [{ field: 'jurisdictionCode', message: '行政区划不存在' }],
    });
}

function checkRoles(roles: Role[]) {
  const problems = roleSetProblems(roles);
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems.join('；'), { fields: [{ field: 'roles', message: problems[0] }] });
}

function checkRoleScope(roles: Role[], agencyId: string | null | undefined, field: 'roles' | 'agencyId') {
  const problems = roleScopeProblems(roles, agencyId);
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems[0] as string, { fields: [{ field, message: problems[0] }] });
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  agencyId?: string | null | undefined;
  jurisdictionCode?: string | null | undefined;
  roles?: Role[] | undefined;
  /** set by the installer and the demo loader; an administrator always gets a temporary password */
  password?: string | undefined;
  mustChangePassword?: boolean | undefined;
}

/**
 * Creates an account in a transaction of the caller's (the installer and the demo loader add
 * accounts inside larger transactions). The password is temporary unless one is given.
 */
export async function insertAccount(trx: AnyTrx, ctx: AppContext, actor: Actor | null, input: CreateUserInput) {
  const roles = [...new Set(input.roles ?? [])];
  checkRoles(roles);
  checkRoleScope(roles, input.agencyId, 'agencyId');
  const agency = await checkAgency(trx, input.agencyId);
  const jurisdictionCode = input.jurisdictionCode ?? agency?.jurisdiction_code ?? actor?.jurisdictionCode ?? null;
  await checkJurisdiction(trx, jurisdictionCode);
  // an account outside the creator's scope would be invisible to them (ADR 0007)
  if (actor && !(await accountTargetInScope(trx, actor, jurisdictionCode, input.agencyId ?? null))) {
    // answered like a missing agency or jurisdiction, as POST /agencies and /jurisdictions do (ADR 0007)
    throw input.agencyId ? notFound('执法主体', { agencyId: input.agencyId }) : notFound('行政区划', { jurisdictionCode });
  }
  if (await own<AuthStore>(trx).selectFrom('user_account').select('id').where('username', '=', input.username).executeTakeFirst()) {
    throw new AppError('CONFLICT', `用户名 ${input.username} 已被使用`, { field: 'username' });
  }
  const password = input.password ?? temporaryPassword();
  const now = ctx.clock.now();
  const id = randomUUID();
  await own<AuthStore>(trx)
    .insertInto('user_account')
    .values({
      id,
      username: input.username,
      display_name: input.displayName,
      agency_id: input.agencyId ?? null,
      jurisdiction_code: jurisdictionCode,
      password_hash: await hashPassword(password),
      must_change_password: input.mustChangePassword ?? input.password === undefined,
      password_changed_at: null,
      status: 'active',
      totp_secret: null,
      totp_enabled: false,
      totp_last_step: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  if (roles.length)
    await own<AuthStore>(trx)
      .insertInto('user_role')
      .values(roles.map((role) => ({ user_id: id, role })))
      .execute();
  await ctx.journal.append(trx, {
    actor: actor ? journalActor(actor) : { id: null, name: 'system' },
    action: 'user.create',
    entity: { type: 'user', id },
    payload: { username: input.username, displayName: input.displayName, agencyId: input.agencyId ?? null, jurisdictionCode, roles },
  });
  return { id, password };
}

/**
 * 三员分立: the system administrator creates accounts with business roles; only the security
 * administrator grants the administrator roles (see setRoles).
 */
export async function createUser(ctx: AppContext, actor: Actor, input: CreateUserInput) {
  if ((input.roles ?? []).some(isAdminRole)) {
    throw new AppError('FORBIDDEN', '管理员角色只能由安全管理员授予（三员分立）', { field: 'roles' });
  }
  const { id, password } = await ctx.db.transaction().execute((trx) => insertAccount(trx, ctx, actor, { ...input, password: undefined }));
  return { user: await view(ctx, id), temporaryPassword: password };
}

export async function updateUser(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: { displayName?: string | undefined; agencyId?: string | null | undefined; status?: 'active' | 'disabled' | undefined },
) {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await accountInScope({ db: trx }, actor, id);
    if (id === actor.userId && patch.status === 'disabled') throw new AppError('CONFLICT', '不能停用自己的账户');
    const agency = patch.agencyId !== undefined ? await checkAgency(trx, patch.agencyId) : undefined;
    if (patch.agencyId !== undefined) checkRoleScope(row.roles, patch.agencyId, 'agencyId');
    const now = ctx.clock.now();
    await own<AuthStore>(trx)
      .updateTable('user_account')
      .set({
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.agencyId !== undefined
          ? { agency_id: patch.agencyId, jurisdiction_code: agency?.jurisdiction_code ?? row.jurisdiction_code }
          : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    if (patch.status === 'disabled') await endUserSessions(trx, id, now, 'disabled');
    await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'user.update',
      entity: { type: 'user', id },
      payload: { before: { displayName: row.display_name, agencyId: row.agency_id, status: row.status }, patch },
    });
  });
  return { user: await view(ctx, id) };
}

export async function resetPassword(ctx: AppContext, actor: Actor, id: string) {
  const password = temporaryPassword();
  const hash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    await accountInScope({ db: trx }, actor, id);
    const now = ctx.clock.now();
    await own<AuthStore>(trx)
      .updateTable('user_account')
      .set({ password_hash: hash, must_change_password: true, updated_at: now })
      .where('id', '=', id)
      .execute();
    await endUserSessions(trx, id, now, 'password_reset');
    await ctx.journal.append(trx, { actor: journalActor(actor), action: 'user.reset_password', entity: { type: 'user', id } });
  });
  return { temporaryPassword: password };
}

/** Ends a lock-out: the `user.unlock` event ends the run of failures (rules.lockoutState). */
export async function unlockUser(ctx: AppContext, actor: Actor, id: string) {
  await ctx.db.transaction().execute(async (trx) => {
    await accountInScope({ db: trx }, actor, id);
    await ctx.journal.append(trx, { actor: journalActor(actor), action: 'user.unlock', entity: { type: 'user', id } });
  });
  return { user: await view(ctx, id) };
}

export async function setRoles(ctx: AppContext, actor: Actor, id: string, roles: Role[]) {
  const unique = [...new Set(roles)];
  checkRoles(unique);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await accountInScope({ db: trx }, actor, id);
    if (id === actor.userId) throw new AppError('CONFLICT', '不能修改自己的角色');
    checkRoleScope(unique, row.agency_id, 'roles');
    await own<AuthStore>(trx).deleteFrom('user_role').where('user_id', '=', id).execute();
    if (unique.length)
      await own<AuthStore>(trx)
        .insertInto('user_role')
        .values(unique.map((role) => ({ user_id: id, role })))
        .execute();
    await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'user.roles',
      entity: { type: 'user', id },
      payload: { before: row.roles, after: unique },
    });
  });
  return { user: await view(ctx, id) };
}

export async function updatePolicy(ctx: AppContext, actor: Actor, policy: SecurityPolicy): Promise<SecurityPolicy> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await loadPolicy(trx);
    const now = ctx.clock.now();
    await own<AuthStore>(trx)
      .insertInto('platform_setting')
      .values({ key: policyKey, value: JSON.stringify(policy), updated_at: now, updated_by: actor.userId })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(policy), updated_at: now, updated_by: actor.userId }))
      .execute();
    await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'policy.update',
      entity: { type: 'security_policy', id: policyKey },
      payload: { before, after: policy },
    });
  });
  return loadPolicy(ctx.db);
}

export { defaultSecurityPolicy, loadPolicy };
