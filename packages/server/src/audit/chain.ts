// The canonical bytes of an audit entry, and the hash chain the log was before it became a Merkle
// tree (migration 016). The canonical form is JSON with object keys sorted at every level, so the
// same entry hashes the same whether it comes from our code or back out of PostgreSQL's jsonb
// (which reorders keys). A tree leaf hashes exactly the bytes a chain link hashed:
// canonicalJson([seq, at, actor, action, subject, requestId, details]) with seq as a string.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = Buffer.alloc(32);

export interface AuditEntry {
  actor: string;
  action: string;
  subject?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRecord {
  seq: bigint;
  at: Date;
  actor: string;
  action: string;
  subject: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * The hashed body is canonicalJson([seq, at, actor, action, subject, requestId, details]). Its
 * part after the sequence number (the "tail") is what appenders send to audit_append() (migration
 * 011), which puts `["<seq>",` in front once the database has assigned the number.
 */
export function chainTail(e: Omit<AuditRecord, 'seq'>): string {
  return canonicalJson([e.at.toISOString(), e.actor, e.action, e.subject, e.requestId, e.details]).slice(1);
}

/** The entry's canonical bytes: what the tree's leaf hash covers (and the chain's link did). */
export function entryBody(r: AuditRecord): string {
  return `["${r.seq.toString()}",${chainTail(r)}`;
}

/** A link of the frozen pre-016 chain: hash_n = SHA-256(hash_{n−1} ‖ body_n). */
export function chainHash(prevHash: Uint8Array, r: AuditRecord): Buffer {
  return createHash('sha256').update(prevHash).update(entryBody(r)).digest();
}
