import type { AppContext } from '../context';
import { own } from '../db/tables';
import { AppError } from '../errors';
import { type Actor, journalActor } from './actor';
import { anonymous, recordAuditEvent } from './audit';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password';
import { loadPolicy } from './policy';
import { type AccountRow, findAccount, type NamedAccountRow, recentAuthEvents, withNames } from './repo';
import { isAdminRole } from './roles';
import { failureAction, lockedMessage, lockoutHistory, lockoutState, passwordProblems, policyText } from './rules';
import { createSession, endSession, endUserSessions } from './session';
import type { AuthStore } from './tables';
import { newTotpSecret, totpStep, totpUri } from './totp';
import { openTotpSecret, sealTotpSecret } from './totp-key';
import { toUserView, type UserView } from './views';

export interface LoginInput {
  username: string;
  password: string;
  totp?: string | undefined;
  clientIp: string | null;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  user: UserView;
}

const loginFailed = (extra = '') => new AppError('LOGIN_FAILED', `用户名或密码错误${extra}`);

async function lockState(ctx: AppContext, userId: string) {
  const policy = await loadPolicy(ctx.db);
  const events = await recentAuthEvents(ctx.db, userId, lockoutHistory(policy));
  return { policy, ...lockoutState(events, policy, ctx.clock.now()) };
}

/** The lock-out of an account now, for views (derived from the journal, see rules.lockoutState). */
export async function lockedUntilOf(ctx: AppContext, userId: string): Promise<Date | undefined> {
  return (await lockState(ctx, userId)).lockedUntil;
}

async function refuse(ctx: AppContext, user: AccountRow, input: LoginInput, reason: string) {
  await recordAuditEvent(ctx, {
    actor: anonymous(input.username, input.clientIp),
    action: failureAction,
    entity: { type: 'user', id: user.id },
    payload: { username: input.username, reason },
  });
}

/**
 * Login (issue 2 §6): refused attempts write nothing but their audit event; the Nth wrong password
 * in a row locks the account for `lockoutMinutes`, and the message says until when.
 */
export async function login(ctx: AppContext, input: LoginInput): Promise<LoginResult> {
  const user = await findAccount(ctx.db, { username: input.username });
  if (!user) return failUnknown(ctx, input);
  const state = await lockState(ctx, user.id);
  if (state.lockedUntil) await refuseLocked(ctx, input, user.id, state);
  const passwordOk = await verifyPassword(user.password_hash, input.password);
  if (!passwordOk) return failAttempt(ctx, user, input, 'wrong_password');
  if (user.status !== 'active') {
    await refuse(ctx, user, input, 'disabled');
    throw new AppError('ACCOUNT_DISABLED', '账户已停用，请联系系统管理员');
  }
  let totpUsedStep: number | undefined;
  if (user.totp_enabled && user.totp_secret) {
    if (!input.totp) throw new AppError('TOTP_REQUIRED', '请输入动态验证码（身份验证器应用中的 6 位数字）');
    const step = totpStep(openTotpSecret(ctx.config, user.id, user.totp_secret), input.totp, ctx.clock.now());
    if (step === null || (user.totp_last_step !== null && step <= user.totp_last_step)) {
      return failAttempt(ctx, user, input, 'wrong_totp');
    }
    totpUsedStep = step;
  }
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    if (totpUsedStep !== undefined) {
      await own<AuthStore>(trx).updateTable('user_account').set({ totp_last_step: totpUsedStep }).where('id', '=', user.id).execute();
    }
    const session = await createSession(trx, user.id, now, state.policy, input.clientIp);
    await ctx.journal.append(trx, {
      actor: {
        id: user.id,
        name: user.username,
        agencyId: user.agency_id,
        jurisdictionCode: user.jurisdiction_code,
        clientIp: input.clientIp,
      },
      action: 'auth.login',
      entity: { type: 'user', id: user.id },
      payload: { sessionId: session.id.slice(0, 16), totp: totpUsedStep !== undefined },
    });
    const [named] = await withNames(trx, [user]);
    return { token: session.token, csrfToken: session.csrfToken, user: toUserView(named as NamedAccountRow, state.policy) };
  });
}

async function refuseLocked(
  ctx: AppContext,
  input: LoginInput,
  entityId: string,
  state: Awaited<ReturnType<typeof lockState>>,
): Promise<never> {
  const lockedUntil = state.lockedUntil as Date;
  await recordAuditEvent(ctx, {
    actor: anonymous(input.username, input.clientIp),
    action: 'auth.login_refused_locked',
    entity: { type: 'user', id: entityId },
    payload: { lockedUntil: lockedUntil.toISOString() },
  });
  throw new AppError('ACCOUNT_LOCKED', lockedMessage(lockedUntil, state.policy, false), { lockedUntil: lockedUntil.toISOString() });
}

/**
 * A name with no account gets exactly what a wrong password gets — the same countdown and, at the
 * threshold, the same lock — so the answers never tell which usernames exist. Its failures are
 * counted under a pseudo id (`name:<username>`) that no account id (a UUID) can equal.
 */
async function failUnknown(ctx: AppContext, input: LoginInput): Promise<never> {
  await burnPasswordCheck(input.password);
  const pseudoId = `name:${input.username}`;
  const state = await lockState(ctx, pseudoId);
  if (state.lockedUntil) return refuseLocked(ctx, input, pseudoId, state);
  await recordAuditEvent(ctx, {
    actor: anonymous(input.username, input.clientIp),
    action: failureAction,
    entity: { type: 'user', id: pseudoId },
    payload: { username: input.username, reason: 'unknown_user' },
  });
  return throwAfterFailure(ctx, pseudoId, input, 'unknown_user');
}

async function failAttempt(ctx: AppContext, user: AccountRow, input: LoginInput, reason: string): Promise<never> {
  await refuse(ctx, user, input, reason);
  return throwAfterFailure(ctx, user.id, input, reason);
}

/** After a recorded failure: the lock if this one reached the threshold, else the countdown. */
async function throwAfterFailure(ctx: AppContext, entityId: string, input: LoginInput, reason: string): Promise<never> {
  const after = await lockState(ctx, entityId);
  if (after.lockedUntil) {
    await recordAuditEvent(ctx, {
      actor: { id: null, name: 'system', clientIp: input.clientIp },
      action: 'auth.account_locked',
      entity: { type: 'user', id: entityId },
      payload: { lockedUntil: after.lockedUntil.toISOString(), failures: after.policy.lockoutThreshold },
    });
    throw new AppError('ACCOUNT_LOCKED', lockedMessage(after.lockedUntil, after.policy, true), {
      lockedUntil: after.lockedUntil.toISOString(),
    });
  }
  if (reason === 'wrong_totp') throw new AppError('TOTP_INVALID', '动态验证码错误或已使用，请等待下一个验证码后重试');
  throw loginFailed(`，再错 ${after.remaining} 次账户将被锁定 ${after.policy.lockoutMinutes} 分钟`);
}

export async function logout(ctx: AppContext, actor: Actor): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await endSession(trx, actor.sessionId, ctx.clock.now(), 'logout');
    await ctx.journal.append(trx, { actor: journalActor(actor), action: 'auth.logout', entity: { type: 'user', id: actor.userId } });
  });
}

export async function me(ctx: AppContext, actor: Actor): Promise<UserView> {
  const user = await findAccount(ctx.db, { id: actor.userId });
  if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
  const [named] = await withNames(ctx.db, [user]);
  return toUserView(named as NamedAccountRow, await loadPolicy(ctx.db));
}

export async function passwordPolicyView(ctx: AppContext) {
  const p = await loadPolicy(ctx.db);
  return { minLength: p.passwordMinLength, minClasses: p.passwordMinClasses, text: policyText(p) };
}

export async function changePassword(ctx: AppContext, actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
  const user = await findAccount(ctx.db, { id: actor.userId });
  if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
  if (!(await verifyPassword(user.password_hash, currentPassword))) {
    throw new AppError('VALIDATION_FAILED', '当前密码不正确', { fields: [{ field: 'currentPassword', message: '当前密码不正确' }] });
  }
  const policy = await loadPolicy(ctx.db);
  const reasons = passwordProblems(newPassword, user.username, policy);
  if (currentPassword === newPassword) reasons.push('新密码不能与当前密码相同');
  if (reasons.length) throw new AppError('PASSWORD_POLICY', `新密码不符合密码策略：${reasons.join('；')}`, { reasons });
  const hash = await hashPassword(newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    await own<AuthStore>(trx)
      .updateTable('user_account')
      .set({ password_hash: hash, must_change_password: false, password_changed_at: now, updated_at: now })
      .where('id', '=', actor.userId)
      .execute();
    // other sessions of this account end: a changed password must lock out whoever knew the old one
    await endUserSessions(trx, actor.userId, now, 'password_changed', actor.sessionId);
    await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'user.password_change',
      entity: { type: 'user', id: actor.userId },
    });
  });
}

export async function enrolTotp(ctx: AppContext, actor: Actor) {
  const secret = newTotpSecret();
  await ctx.db.transaction().execute(async (trx) => {
    const user = await findAccount(trx, { id: actor.userId });
    if (user?.totp_enabled) throw new AppError('CONFLICT', '已启用双因素认证；如需更换，请先停用');
    await own<AuthStore>(trx)
      .updateTable('user_account')
      .set({ totp_secret: sealTotpSecret(ctx.config, actor.userId, secret), updated_at: ctx.clock.now() })
      .where('id', '=', actor.userId)
      .execute();
    await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'user.totp_enrol_start',
      entity: { type: 'user', id: actor.userId },
    });
  });
  return { secret, otpauthUri: totpUri(secret, actor.username) };
}

async function checkCode(ctx: AppContext, user: AccountRow, code: string): Promise<number> {
  const step = user.totp_secret ? totpStep(openTotpSecret(ctx.config, user.id, user.totp_secret), code, ctx.clock.now()) : null;
  if (step === null || (user.totp_last_step !== null && step <= user.totp_last_step)) {
    throw new AppError('VALIDATION_FAILED', '动态验证码错误或已使用', { fields: [{ field: 'code', message: '动态验证码错误或已使用' }] });
  }
  return step;
}

export async function confirmTotp(ctx: AppContext, actor: Actor, code: string): Promise<void> {
  const user = await findAccount(ctx.db, { id: actor.userId });
  if (!user?.totp_secret || user.totp_enabled) throw new AppError('CONFLICT', '请先开始绑定身份验证器');
  const step = await checkCode(ctx, user, code);
  await ctx.db.transaction().execute(async (trx) => {
    await own<AuthStore>(trx)
      .updateTable('user_account')
      .set({ totp_enabled: true, totp_last_step: step, updated_at: ctx.clock.now() })
      .where('id', '=', actor.userId)
      .execute();
    await ctx.journal.append(trx, { actor: journalActor(actor), action: 'user.totp_enabled', entity: { type: 'user', id: actor.userId } });
  });
}

export async function disableTotp(ctx: AppContext, actor: Actor, code: string): Promise<void> {
  const user = await findAccount(ctx.db, { id: actor.userId });
  if (!user?.totp_enabled) throw new AppError('CONFLICT', '尚未启用双因素认证');
  const policy = await loadPolicy(ctx.db);
  if (policy.requireTotpForAdmins && user.roles.some(isAdminRole)) {
    throw new AppError('FORBIDDEN', '安全策略要求管理员账户必须启用双因素认证，不能停用');
  }
  await checkCode(ctx, user, code);
  await ctx.db.transaction().execute(async (trx) => {
    await own<AuthStore>(trx)
      .updateTable('user_account')
      .set({ totp_enabled: false, totp_secret: null, totp_last_step: null, updated_at: ctx.clock.now() })
      .where('id', '=', actor.userId)
      .execute();
    await ctx.journal.append(trx, { actor: journalActor(actor), action: 'user.totp_disabled', entity: { type: 'user', id: actor.userId } });
  });
}
