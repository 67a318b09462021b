// The hash chain of the audit log: hash_n = SHA-256(hash_{n-1} ‖ canonical(entry_n)).
// The canonical form is JSON with object keys sorted at every level, so the same entry hashes the
// same whether it comes from our code or back out of PostgreSQL's jsonb (which reorders keys).
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

export function chainHash(prevHash: Uint8Array, r: AuditRecord): Buffer {
  const body = canonicalJson([r.seq.toString(), r.at.toISOString(), r.actor, r.action, r.subject, r.requestId, r.details]);
  return createHash('sha256').update(prevHash).update(body).digest();
}
