// Appending to the audit log. Appends take the row lock on audit_head, which orders all
// appenders into one chain; inside a write transaction that lock is held to commit, so the
// audit rows of a change commit or vanish with the change itself (DESIGN.md §3 "one path").
import type { Sql, Tx } from '../db/connect.ts';
import { chainHash, type AuditEntry, type AuditRecord } from './chain.ts';

/** Appends entries in order within the caller's transaction. */
export async function appendAuditInTx(tx: Tx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const [head] = await tx<{ seq: string; hash: Buffer }[]>`select seq::text, hash from audit_head for update`;
  let seq = BigInt(head!.seq);
  let prev: Buffer = head!.hash;
  // Milliseconds, as JavaScript keeps them: what is hashed must be what reads back.
  const at = new Date();
  const rows = entries.map((e) => {
    seq += 1n;
    const r: AuditRecord = { seq, at, actor: e.actor, action: e.action, subject: e.subject ?? null, requestId: e.requestId ?? null, details: e.details ?? {} };
    const hash = chainHash(prev, r);
    const row = { ...r, prevHash: prev, hash };
    prev = hash;
    return row;
  });
  await tx`
    insert into audit_log (seq, at, actor, action, subject, request_id, details, prev_hash, hash)
    select * from unnest(
      ${tx.array(rows.map((r) => r.seq.toString()))}::bigint[],
      ${tx.array(rows.map(() => at.toISOString()))}::timestamptz[],
      ${tx.array(rows.map((r) => r.actor))}::text[],
      ${tx.array(rows.map((r) => r.action))}::text[],
      ${tx.array(rows.map((r) => r.subject) as string[])}::text[],
      ${tx.array(rows.map((r) => r.requestId) as string[])}::text[],
      ${tx.array(rows.map((r) => JSON.stringify(r.details)))}::jsonb[],
      ${tx.array(rows.map((r) => r.prevHash))}::bytea[],
      ${tx.array(rows.map((r) => r.hash))}::bytea[])`;
  await tx`update audit_head set seq = ${seq.toString()}, hash = ${prev}`;
}

/**
 * Group commit for audit entries that are not part of a write (personal-data reads): callers
 * await `record()`, which resolves once their entry is durably in the chain. While one batch is
 * being committed, new entries queue up and go together in the next transaction, so under load
 * many reads share one commit instead of serialising on the chain head one by one.
 */
interface Pending { entries: AuditEntry[]; resolve: () => void; reject: (e: unknown) => void }

export class AuditWriter {
  readonly #sql: Sql;
  #queue: Pending[] = [];
  #flushing = false;
  static readonly MAX_BATCH = 2000;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  record(...entries: AuditEntry[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ entries, resolve, reject });
      if (!this.#flushing) void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    try {
      while (this.#queue.length > 0) {
        const batch: Pending[] = [];
        let n = 0;
        while (this.#queue.length > 0 && n < AuditWriter.MAX_BATCH) {
          const item = this.#queue.shift()!;
          batch.push(item);
          n += item.entries.length;
        }
        try {
          await this.#sql.begin((tx) => appendAuditInTx(tx, batch.flatMap((b) => b.entries)));
          for (const b of batch) b.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.#flushing = false;
    }
  }
}
