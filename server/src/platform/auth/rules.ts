import { shanghaiMinute } from '../clock';
import type { SecurityPolicy } from './policy';
import { type AdminRole, adminRoles, type Role, roleLabels } from './roles';

/** Why a candidate password breaks the policy, in Chinese; empty when it passes. */
export function passwordProblems(password: string, username: string, policy: SecurityPolicy): string[] {
  const problems: string[] = [];
  if (password.length < policy.passwordMinLength) problems.push(`密码长度至少 ${policy.passwordMinLength} 位`);
  if (password.length > 128) problems.push('密码长度不能超过 128 位');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < policy.passwordMinClasses) {
    problems.push(`密码须包含小写字母、大写字母、数字、符号中的至少 ${policy.passwordMinClasses} 类`);
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('密码不能包含用户名');
  if (/^(.)\1+$/.test(password)) problems.push('密码不能由同一字符重复组成');
  return problems;
}

export function policyText(policy: SecurityPolicy): string {
  return `密码至少 ${policy.passwordMinLength} 位，包含小写字母、大写字母、数字、符号中的至少 ${policy.passwordMinClasses} 类，且不能包含用户名。`;
}

/** An authentication event of one account, oldest first, as read from the journal. */
export interface AuthEvent {
  action: string;
  occurredAt: Date;
}

export const failureAction = 'auth.login_failed';
/** Events that end a run of failures: a successful login, an administrator's unlock. */
export const resetActions = ['auth.login', 'user.unlock'];

/**
 * Lock-out derived from the audit trail: the account is locked when the last `lockoutThreshold`
 * events since the last success or unlock are failures and the last of them is recent. Deriving it
 * means a refused login writes nothing but its audit event.
 */
export function lockoutState(events: AuthEvent[], policy: SecurityPolicy, now: Date) {
  let failures = 0;
  let runLockedAt: Date | undefined;
  for (const e of events) {
    if (resetActions.includes(e.action)) {
      failures = 0;
      runLockedAt = undefined;
    } else if (e.action === failureAction) {
      failures += 1;
      if (failures >= policy.lockoutThreshold) {
        runLockedAt = e.occurredAt;
        failures = 0; // after the lock expires, a new run starts
      }
    }
  }
  const lockedUntil = runLockedAt ? new Date(runLockedAt.getTime() + policy.lockoutMinutes * 60_000) : undefined;
  const locked = lockedUntil !== undefined && lockedUntil > now;
  return {
    locked,
    lockedUntil: locked ? lockedUntil : undefined,
    /** wrong passwords still allowed before the lock */
    remaining: Math.max(0, policy.lockoutThreshold - failures),
  };
}

/** How many recent events `lockoutState` needs: a full run of failures and what ended the one before. */
export const lockoutHistory = (policy: SecurityPolicy) => policy.lockoutThreshold * 2 + 2;

export function lockedMessage(lockedUntil: Date, policy: SecurityPolicy, justNow: boolean): string {
  const head = justNow
    ? `密码连续错误 ${policy.lockoutThreshold} 次，账户已锁定 ${policy.lockoutMinutes} 分钟`
    : '账户已因多次密码错误被锁定';
  return `${head}，请于 ${shanghaiMinute(lockedUntil)}（北京时间）后重试，或联系系统管理员解锁。`;
}

/**
 * 三员分立: one person holds at most one of the three administrator roles, and an administrator
 * holds no business role, so no one both administers and enforces (or audits their own work).
 */
export function roleSetProblems(roles: Role[]): string[] {
  const admins = roles.filter((r): r is AdminRole => (adminRoles as readonly string[]).includes(r));
  if (admins.length > 1) return ['系统管理员、安全管理员、安全审计员三种角色须由不同人员担任（三员分立）'];
  if (admins.length === 1 && roles.length > 1) return ['管理员账户不能同时担任业务角色（三员分立）'];
  return [];
}

/**
 * Business roles act for one agency (its lists, its cases, its scope of ID numbers), so an account
 * holding one must belong to an agency; only the three administrators may have none.
 */
export function roleScopeProblems(roles: Role[], agencyId: string | null | undefined): string[] {
  if (agencyId) return [];
  const business = roles.filter((r) => !(adminRoles as readonly string[]).includes(r));
  return business.length ? [`业务角色（${business.map((r) => roleLabels[r]).join('、')}）须属于一个执法机关，请先选择所属机关`] : [];
}
