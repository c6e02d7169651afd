import type { AppContext } from '../context';
import type { JournalActor, JournalInput } from '../journal/append';

/**
 * Records an audit event that is a command of its own (a refused login, a denied request): its
 * own transaction, nothing else written.
 */
export async function recordAuditEvent(ctx: AppContext, input: JournalInput): Promise<void> {
  await ctx.db.transaction().execute((trx) => ctx.journal.append(trx, input));
}

export const anonymous = (name: string, clientIp: string | null): JournalActor => ({ id: null, name, clientIp });
