// Re-computes the whole audit chain and compares it with what is stored (`cancuoc audit verify`).
import type { Sql } from '../db/connect.ts';
import { chainHash, GENESIS_HASH } from './chain.ts';

export interface AuditVerification {
  valid: boolean;
  entries: number;
  /** First sequence number at which the chain does not hold, and why. */
  firstBadSeq?: string;
  reason?: string;
}

export async function verifyAuditChain(sql: Sql, onProgress?: (n: number) => void): Promise<AuditVerification> {
  let prev: Buffer = GENESIS_HASH;
  let expectedSeq = 1n;
  let entries = 0;
  let failure: { seq: bigint; reason: string } | undefined;
  const cursor = sql<{ seq: string; at: Date; actor: string; action: string; subject: string | null; request_id: string | null; details: Record<string, unknown>; prev_hash: Buffer; hash: Buffer }[]>`
    select seq::text, at, actor, action, subject, request_id, details, prev_hash, hash from audit_log order by audit_log.seq`.cursor(1000);
  for await (const rows of cursor) {
    for (const row of rows) {
      const seq = BigInt(row.seq);
      if (seq !== expectedSeq) failure ??= { seq: expectedSeq, reason: `entry ${expectedSeq} is missing (next stored entry is ${seq})` };
      else if (!row.prev_hash.equals(prev)) failure ??= { seq, reason: 'prev_hash does not match the previous entry (entry removed, inserted or changed)' };
      else {
        const h = chainHash(prev, { seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, requestId: row.request_id, details: row.details });
        if (!h.equals(row.hash)) failure ??= { seq, reason: 'content does not match its hash (entry changed)' };
      }
      if (failure) break;
      prev = row.hash;
      expectedSeq = seq + 1n;
      entries += 1;
    }
    onProgress?.(entries);
    if (failure) break;
  }
  if (!failure) {
    const [head] = await sql<{ seq: string; hash: Buffer }[]>`select seq::text, hash from audit_head`;
    if (BigInt(head!.seq) !== expectedSeq - 1n || !head!.hash.equals(prev)) {
      failure = { seq: expectedSeq, reason: `chain ends at entry ${expectedSeq - 1n} but the head records entry ${head!.seq} (entries removed from the end)` };
    }
  }
  return failure
    ? { valid: false, entries, firstBadSeq: failure.seq.toString(), reason: failure.reason }
    : { valid: true, entries };
}
