import { Type } from '@sinclair/typebox';
import type { HashAlgorithm } from '../config';
import { type AnyDb, own } from '../db/tables';
import { fieldsOfRow } from './hash';
import type { JournalEntryTable, JournalTables } from './tables';

/**
 * One journal entry with everything its leaf hash covers (docs/journal.md "Entries"): the fields in
 * the order `entry_hash` hashes them and the payload exactly as stored (canonical JSON, as a
 * string, so its hash can be recomputed byte for byte). Journal entries are not public in general;
 * a module serves this view only for entries it knows to be public (disclosure: the
 * `disclosure.publish` entry of a published list version).
 */
export interface JournalEntryView {
  hashAlgorithm: HashAlgorithm;
  seq: number;
  /** ISO-8601 UTC with milliseconds, as hashed */
  occurredAt: string;
  actorId: string | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  agencyId: string | null;
  jurisdictionCode: string | null;
  clientIp: string | null;
  /** canonical JSON, exactly the bytes (UTF-8) of payload_hash */
  payload: string;
  payloadHash: string;
  prevHash: string;
  entryHash: string;
}

const hex = Type.String({ pattern: '^[0-9a-f]{64}$' });
const nullableString = Type.Union([Type.String(), Type.Null()]);

export const JournalEntrySchema = Type.Object(
  {
    hashAlgorithm: Type.String({ description: '哈希算法（sha256 或 sm3）' }),
    seq: Type.Integer({ minimum: 0, description: '序号，即默克尔树中的叶序号' }),
    occurredAt: Type.String({ format: 'date-time' }),
    actorId: nullableString,
    actorName: Type.String(),
    action: Type.String(),
    entityType: Type.String(),
    entityId: nullableString,
    agencyId: nullableString,
    jurisdictionCode: nullableString,
    clientIp: nullableString,
    payload: Type.String({ description: '记录内容：规范 JSON（各级键按序排列）原文；payloadHash = H(其 UTF-8 字节)' }),
    payloadHash: hex,
    prevHash: hex,
    entryHash: hex,
  },
  {
    additionalProperties: false,
    description:
      'entryHash = H(JSON.stringify([1, seq, occurredAt, actorId, actorName, action, entityType, entityId, agencyId, jurisdictionCode, clientIp, payloadHash, prevHash]))；叶哈希 = H(0x00 ‖ entryHash 的 32 字节)',
  },
);

/** The entry `seq` with its hashed fields, or undefined when there is none. */
export async function readEntry(db: AnyDb, alg: HashAlgorithm, seq: number): Promise<JournalEntryView | undefined> {
  const row = await own<JournalTables>(db).selectFrom('journal_entry').selectAll().where('seq', '=', seq).executeTakeFirst();
  return row ? viewOf(alg, row) : undefined;
}

/** The entries of the given numbers below `below` (a checkpoint's tree size), in order. */
export async function readEntries(db: AnyDb, alg: HashAlgorithm, seqs: readonly number[], below: number): Promise<JournalEntryView[]> {
  if (!seqs.length) return [];
  const rows = await own<JournalTables>(db)
    .selectFrom('journal_entry')
    .selectAll()
    .where('seq', 'in', [...seqs])
    .where('seq', '<', below)
    .orderBy('seq')
    .execute();
  return rows.map((r) => viewOf(alg, r));
}

/**
 * The numbers of the entries about the given entities (entity type and ids), optionally of one
 * action only: how a module finds the entries it wrote about its records without reading the
 * journal's tables itself (ADR 0007). Served by the index on (entity_type, entity_id, seq).
 */
export async function entrySeqsAbout(
  db: AnyDb,
  entityTypes: readonly string[],
  entityIds: readonly string[],
  action?: string,
): Promise<number[]> {
  if (!entityTypes.length || !entityIds.length) return [];
  let q = own<JournalTables>(db)
    .selectFrom('journal_entry')
    .select('seq')
    .where('entity_type', 'in', [...entityTypes])
    .where('entity_id', 'in', [...entityIds]);
  if (action) q = q.where('action', '=', action);
  return (await q.execute()).map((r) => Number(r.seq));
}

function viewOf(alg: HashAlgorithm, row: JournalEntryTable): JournalEntryView {
  const f = fieldsOfRow(row);
  return {
    hashAlgorithm: alg,
    seq: f.seq,
    occurredAt: f.occurredAt.toISOString(),
    actorId: f.actorId,
    actorName: f.actorName,
    action: f.action,
    entityType: f.entityType,
    entityId: f.entityId,
    agencyId: f.agencyId,
    jurisdictionCode: f.jurisdictionCode,
    clientIp: f.clientIp,
    payload: row.payload,
    payloadHash: f.payloadHash,
    prevHash: f.prevHash,
    entryHash: row.entry_hash,
  };
}
