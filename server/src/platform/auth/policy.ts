import { type AnyDb, own } from '../db/tables';
import type { AuthStore } from './tables';

/**
 * The security policy the security administrator sets (三员分立). Defaults follow common 等保
 * level-3 practice: lock after repeated failures, idle timeout, absolute session lifetime.
 */
export interface SecurityPolicy {
  passwordMinLength: number;
  /** of: lowercase, uppercase, digits, symbols */
  passwordMinClasses: number;
  /** the Nth wrong password in a row locks the account */
  lockoutThreshold: number;
  lockoutMinutes: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  requireTotpForAdmins: boolean;
}

export const defaultSecurityPolicy: SecurityPolicy = {
  passwordMinLength: 8,
  passwordMinClasses: 2,
  lockoutThreshold: 6,
  lockoutMinutes: 15,
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  requireTotpForAdmins: false,
};

export const policyKey = 'auth.security_policy';

export async function loadPolicy(db: AnyDb): Promise<SecurityPolicy> {
  const row = await own<AuthStore>(db).selectFrom('platform_setting').select('value').where('key', '=', policyKey).executeTakeFirst();
  return { ...defaultSecurityPolicy, ...((row?.value as Partial<SecurityPolicy> | undefined) ?? {}) };
}
