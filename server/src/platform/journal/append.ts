import { sql, type Transaction } from 'kysely';
import type { Database } from '../../database';
import type { Clock } from '../clock';
import type { HashAlgorithm } from '../config';
import { canonicalJson, entryHash, payloadHash, rowOf, zeroHash } from './hash';

/** Who did it. `id` is null for the platform itself (e.g. the server's timers, the installer). */
export interface JournalActor {
  id: string | null;
  name: string;
  agencyId?: string | null;
  jurisdictionCode?: string | null;
  clientIp?: string | null;
}

export interface JournalInput {
  actor: JournalActor;
  /** dotted verb, e.g. `auth.login`, `user.create`, `case.file` */
  action: string;
  entity: { type: string; id?: string | null };
  payload?: unknown;
}

export interface AppendedEntry {
  seq: number;
  entryHash: string;
  occurredAt: Date;
}

export interface Journal {
  readonly hashAlgorithm: HashAlgorithm;
  /**
   * Appends one entry inside the caller's transaction (invariant 1: the change and its record
   * commit or roll back together). Taking a `Transaction` makes an unjournaled path hard to write.
   */
  append(trx: Transaction<Database>, input: JournalInput): Promise<AppendedEntry>;
}

// Appends are serialised by a transaction-scoped advisory lock, so `seq` has no gaps and each
// entry's prev_hash is the committed tail. The lock ends with the transaction.
const appendLockKey = 7302;

export interface JournalOptions {
  /**
   * True when the store runs one transaction at a time (PGlite: one session, handed out whole by
   * our dialect), so no other append can interleave and the advisory lock is a wasted round trip.
   */
  serialised?: boolean;
}

export function createJournal(hashAlgorithm: HashAlgorithm, clock: Clock, opts: JournalOptions = {}): Journal {
  return {
    hashAlgorithm,
    async append(trx, input) {
      if (!opts.serialised) await sql`select pg_advisory_xact_lock(${appendLockKey})`.execute(trx);
      const tail = await trx.selectFrom('journal_entry').select(['seq', 'entry_hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const payload = canonicalJson(input.payload ?? {});
      const fields = {
        seq: tail ? tail.seq + 1 : 0,
        occurredAt: clock.now(),
        actorId: input.actor.id,
        actorName: input.actor.name,
        action: input.action,
        entityType: input.entity.type,
        entityId: input.entity.id ?? null,
        agencyId: input.actor.agencyId ?? null,
        jurisdictionCode: input.actor.jurisdictionCode ?? null,
        clientIp: input.actor.clientIp ?? null,
        payloadHash: payloadHash(hashAlgorithm, payload),
        prevHash: tail?.entry_hash ?? zeroHash,
      };
      const hash = entryHash(hashAlgorithm, fields);
      await trx
        .insertInto('journal_entry')
        .values(rowOf(fields, payload, hash))
        .execute();
      return { seq: fields.seq, entryHash: hash, occurredAt: fields.occurredAt };
    },
  };
}
