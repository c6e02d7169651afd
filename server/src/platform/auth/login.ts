import type { AppContext } from '../context';
import type { AnyDb } from '../db/tables';
import { own } from '../db/tables';
import { AppError } from '../errors';
import { type AttemptScope, serialisedAttempt } from './attempts';
import { anonymous } from './audit';
import { burnPasswordCheck, verifyPassword } from './password';
import { loadPolicy } from './policy';
import { type AccountRow, findAccount, type NamedAccountRow, recentAuthEvents, withNames } from './repo';
import { failureAction, lockedMessage, lockoutHistory, lockoutState } from './rules';
import { createSession } from './session';
import type { AuthStore } from './tables';
import { totpStep } from './totp';
import { openTotpSecret } from './totp-key';
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

async function lockState(ctx: AppContext, db: AnyDb, userId: string) {
  const policy = await loadPolicy(db);
  const events = await recentAuthEvents(db, userId, lockoutHistory(policy));
  return { policy, ...lockoutState(events, policy, ctx.clock.now()) };
}
type LockState = Awaited<ReturnType<typeof lockState>>;

/** The lock-out of an account now, for views (derived from the journal, see rules.lockoutState). */
export async function lockedUntilOf(ctx: AppContext, userId: string): Promise<Date | undefined> {
  return (await lockState(ctx, ctx.db, userId)).lockedUntil;
}

/**
 * Login (issue 2 §6): refused attempts write nothing but their audit event; the Nth wrong password
 * in a row locks the account for `lockoutMinutes`, and the message says until when. One account's
 * attempts are serialised across all processes (issue 10 §3, attempts.ts), so N wrong passwords sent
 * at once are checked one after another and the (N+1)th meets the lock.
 *
 * A name with no account is counted under a pseudo id (`name:<username>`) that no account id (a
 * UUID) can equal, and gets exactly what a wrong password gets, so answers never tell which
 * usernames exist.
 */
export async function login(ctx: AppContext, input: LoginInput): Promise<LoginResult> {
  const user = await findAccount(ctx.db, { username: input.username });
  const key = user ? user.id : `name:${input.username}`;
  const outcome = await serialisedAttempt(ctx, key, (scope) =>
    user ? attempt(ctx, scope, user, input) : attemptUnknown(ctx, scope, input),
  );
  if (outcome instanceof AppError) throw outcome;
  return outcome;
}

async function attempt(ctx: AppContext, scope: AttemptScope, user: AccountRow, input: LoginInput): Promise<LoginResult | AppError> {
  const state = await lockState(ctx, scope.db, user.id);
  if (state.lockedUntil) return refuseLocked(scope, input, user.id, state);
  if (!(await verifyPassword(user.password_hash, input.password))) return failAttempt(ctx, scope, user.id, input, 'wrong_password');
  if (user.status !== 'active') {
    await scope.record(failure(input, user.id, 'disabled'));
    return new AppError('ACCOUNT_DISABLED', '账户已停用，请联系系统管理员');
  }
  let totpUsedStep: number | undefined;
  if (user.totp_enabled && user.totp_secret) {
    if (!input.totp) return new AppError('TOTP_REQUIRED', '请输入动态验证码（身份验证器应用中的 6 位数字）');
    const step = totpStep(openTotpSecret(ctx.config, user.id, user.totp_secret), input.totp, ctx.clock.now());
    if (step === null || (user.totp_last_step !== null && step <= user.totp_last_step)) {
      return failAttempt(ctx, scope, user.id, input, 'wrong_totp');
    }
    totpUsedStep = step;
  }
  return scope.transact(async (trx) => {
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

async function attemptUnknown(ctx: AppContext, scope: AttemptScope, input: LoginInput): Promise<AppError> {
  await burnPasswordCheck(input.password);
  const pseudoId = `name:${input.username}`;
  const state = await lockState(ctx, scope.db, pseudoId);
  if (state.lockedUntil) return refuseLocked(scope, input, pseudoId, state);
  return failAttempt(ctx, scope, pseudoId, input, 'unknown_user');
}

const failure = (input: LoginInput, entityId: string, reason: string) => ({
  actor: anonymous(input.username, input.clientIp),
  action: failureAction,
  entity: { type: 'user', id: entityId },
  payload: { username: input.username, reason },
});

async function refuseLocked(scope: AttemptScope, input: LoginInput, entityId: string, state: LockState): Promise<AppError> {
  const lockedUntil = state.lockedUntil as Date;
  await scope.record({
    actor: anonymous(input.username, input.clientIp),
    action: 'auth.login_refused_locked',
    entity: { type: 'user', id: entityId },
    payload: { lockedUntil: lockedUntil.toISOString() },
  });
  return new AppError('ACCOUNT_LOCKED', lockedMessage(lockedUntil, state.policy, false), { lockedUntil: lockedUntil.toISOString() });
}

/** Records the failure; then the lock if this one reached the threshold, else the countdown. */
async function failAttempt(ctx: AppContext, scope: AttemptScope, entityId: string, input: LoginInput, reason: string): Promise<AppError> {
  await scope.record(failure(input, entityId, reason));
  const after = await lockState(ctx, scope.db, entityId);
  if (after.lockedUntil) {
    await scope.record({
      actor: { id: null, name: 'system', clientIp: input.clientIp },
      action: 'auth.account_locked',
      entity: { type: 'user', id: entityId },
      payload: { lockedUntil: after.lockedUntil.toISOString(), failures: after.policy.lockoutThreshold },
    });
    return new AppError('ACCOUNT_LOCKED', lockedMessage(after.lockedUntil, after.policy, true), {
      lockedUntil: after.lockedUntil.toISOString(),
    });
  }
  if (reason === 'wrong_totp') return new AppError('TOTP_INVALID', '动态验证码错误或已使用，请等待下一个验证码后重试');
  return loginFailed(`，再错 ${after.remaining} 次账户将被锁定 ${after.policy.lockoutMinutes} 分钟`);
}
