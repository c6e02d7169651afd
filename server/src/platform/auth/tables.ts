import type { JournalTables } from '../journal/tables';
export interface UserAccountTable {
  id: string;
  username: string;
  display_name: string;
  agency_id: string | null;
  jurisdiction_code: string | null;
  password_hash: string;
  must_change_password: boolean;
  password_changed_at: Date | null;
  status: 'active' | 'disabled';
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_step: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
}

export interface UserSessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  absolute_expires_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
  client_ip: string | null;
}

/** Migration 0029: request counts shared by every process (rate-limit-store.ts); bookkeeping, updated in place. */
export interface RateLimitCounterTable {
  key: string;
  window_started_at: Date;
  hits: number;
}

export interface AuthTables {
  user_account: UserAccountTable;
  user_role: UserRoleTable;
  user_session: UserSessionTable;
  rate_limit_counter: RateLimitCounterTable;
}

/**
 * What platform/auth queries (ADR 0007): its own tables, the security policy in the platform
 * settings, and the journal's authentication events, from which lock-outs are derived (ADR 0003).
 */
export type AuthStore = AuthTables & Pick<JournalTables, 'journal_entry' | 'platform_setting'>;
