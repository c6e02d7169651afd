import { createHash, randomBytes } from 'node:crypto';
import { type AnyDb, type AnyTrx, own } from '../db/tables';
import type { SecurityPolicy } from './policy';
import type { AuthStore } from './tables';

/** Handles arrive untyped from other parts (ADR 0007); queries name auth's tables with `own`. */
type Db = AnyDb;

export const sessionCookie = 'sx_session';

/** Sessions are stored by the hash of their token, so a leaked table grants no login. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(trx: AnyTrx, userId: string, now: Date, policy: SecurityPolicy, clientIp: string | null) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const id = sessionIdOf(token);
  await own<AuthStore>(trx)
    .insertInto('user_session')
    .values({
      id,
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      absolute_expires_at: new Date(now.getTime() + policy.sessionAbsoluteHours * 3600_000),
      client_ip: clientIp,
    })
    .execute();
  return { token, csrfToken, id };
}

export async function findSession(db: Db, token: string) {
  return own<AuthStore>(db).selectFrom('user_session').selectAll().where('id', '=', sessionIdOf(token)).executeTakeFirst();
}

export type SessionRow = NonNullable<Awaited<ReturnType<typeof findSession>>>;

/** Why a session can no longer be used, or undefined while it is live. */
export function sessionEndReason(s: SessionRow, now: Date, policy: SecurityPolicy): 'idle' | 'absolute' | 'ended' | undefined {
  if (s.ended_at) return 'ended';
  if (now >= new Date(s.absolute_expires_at)) return 'absolute';
  if (now.getTime() - new Date(s.last_seen_at).getTime() > policy.sessionIdleMinutes * 60_000) return 'idle';
  return undefined;
}

// last_seen_at is bookkeeping for the idle timeout, refreshed at most once a minute.
export async function touchSession(db: Db, s: SessionRow, now: Date) {
  if (now.getTime() - new Date(s.last_seen_at).getTime() < 60_000) return;
  await own<AuthStore>(db).updateTable('user_session').set({ last_seen_at: now }).where('id', '=', s.id).execute();
}

export async function endSession(db: Db, id: string, now: Date, reason: string) {
  await own<AuthStore>(db)
    .updateTable('user_session')
    .set({ ended_at: now, end_reason: reason })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .execute();
}

export async function endUserSessions(db: Db, userId: string, now: Date, reason: string, exceptId?: string) {
  let q = own<AuthStore>(db)
    .updateTable('user_session')
    .set({ ended_at: now, end_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null);
  if (exceptId) q = q.where('id', '!=', exceptId);
  await q.execute();
}
