import { createHash, getHashes } from 'node:crypto';
import smCrypto from 'sm-crypto';
import type { HashAlgorithm } from '../config';
import type { JournalEntryTable } from './tables';

const nodeHasSm3 = getHashes().includes('sm3');

/** SHA-256 by default, SM3 (GB/T 32905) where configured (国密); Node's OpenSSL SM3 when built in. */
export function digest(alg: HashAlgorithm, ...parts: (Uint8Array | string)[]): Buffer {
  if (alg === 'sha256' || nodeHasSm3) {
    const h = createHash(alg);
    for (const p of parts) h.update(p);
    return h.digest();
  }
  const bytes = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
  return Buffer.from(smCrypto.sm3(Array.from(bytes)), 'hex');
}

export const zeroHash = '0'.repeat(64);

/** JSON with object keys sorted at every level, so equal values always hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** The fields of an entry that its hash covers: every column but the hash itself. */
export interface EntryFields {
  seq: number;
  occurredAt: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  agencyId: string | null;
  jurisdictionCode: string | null;
  clientIp: string | null;
  payloadHash: string;
  prevHash: string;
}

/**
 * entry_hash = H(JSON array of the fields, version 1). An array keeps the order fixed without
 * relying on key order; the payload enters through its own hash, so large payloads may later be
 * kept elsewhere and still verify.
 */
export function entryHash(alg: HashAlgorithm, e: EntryFields): string {
  const fields = [
    1,
    e.seq,
    e.occurredAt.toISOString(),
    e.actorId,
    e.actorName,
    e.action,
    e.entityType,
    e.entityId,
    e.agencyId,
    e.jurisdictionCode,
    e.clientIp,
    e.payloadHash,
    e.prevHash,
  ];
  return digest(alg, JSON.stringify(fields)).toString('hex');
}

export function payloadHash(alg: HashAlgorithm, canonicalPayload: string): string {
  return digest(alg, canonicalPayload).toString('hex');
}

/** The hashed fields of a stored row. */
export function fieldsOfRow(r: JournalEntryTable): EntryFields {
  return {
    seq: Number(r.seq),
    occurredAt: new Date(r.occurred_at),
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    agencyId: r.agency_id,
    jurisdictionCode: r.jurisdiction_code,
    clientIp: r.client_ip,
    payloadHash: r.payload_hash,
    prevHash: r.prev_hash,
  };
}

/** The row that stores an entry: its fields, the canonical payload and the entry hash. */
export function rowOf(e: EntryFields, payload: string, hash: string): JournalEntryTable {
  return {
    seq: e.seq,
    occurred_at: e.occurredAt,
    actor_id: e.actorId,
    actor_name: e.actorName,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    agency_id: e.agencyId,
    jurisdiction_code: e.jurisdictionCode,
    client_ip: e.clientIp,
    payload,
    payload_hash: e.payloadHash,
    prev_hash: e.prevHash,
    entry_hash: hash,
  };
}
