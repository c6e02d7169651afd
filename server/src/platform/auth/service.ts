import type { AppContext } from '../context';
import { own } from '../db/tables';
import { AppError } from '../errors';
import { type Actor, journalActor } from './actor';
import { hashPassword, verifyPassword } from './password';
import { loadPolicy } from './policy';
import { type AccountRow, findAccount, type NamedAccountRow, withNames } from './repo';
import { isAdminRole } from './roles';
import { passwordProblems, policyText } from './rules';
import { endSession, endUserSessions } from './session';
import type { AuthStore } from './tables';
import { newTotpSecret, totpStep, totpUri } from './totp';
import { openTotpSecret, sealTotpSecret } from './totp-key';
import { toUserView, type UserView } from './views';

export { type LoginInput, type LoginResult, lockedUntilOf, login } from './login';

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
