// Appending to the audit log: one statement, audit_append() (migration 011), which extends the
// chain under the row lock on audit_head. Inside a write transaction that lock is held to
// commit, so the audit rows of a change commit or vanish with the change itself (DESIGN.md §3
// "one path"); outside one, the statement is its own transaction.
import type { Sql, Tx } from '../db/connect.ts';
import { chainTail, type AuditEntry } from './chain.ts';

/** Appends entries in order: inside the caller's transaction given one, else as its own. */
export async function appendAudit(tx: Tx | Sql, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // Milliseconds, as JavaScript keeps them: what is hashed must be what reads back.
  const at = new Date();
  const subject = entries.map((e) => e.subject ?? null);
  const requestId = entries.map((e) => e.requestId ?? null);
  const details = entries.map((e) => e.details ?? {});
  const tails = entries.map((e, i) => chainTail({ at, actor: e.actor, action: e.action, subject: subject[i]!, requestId: requestId[i]!, details: details[i]! }));
  await tx.unsafe(`select audit_append($1::timestamptz, $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]::jsonb[], $7::text[])`, [
    at.toISOString(), entries.map((e) => e.actor), entries.map((e) => e.action), subject, requestId,
    details.map((d) => JSON.stringify(d)), tails,
  ] as never[], { prepare: true });
}

/** appendAudit within a write's transaction (the entries commit or vanish with the write). */
export const appendAuditInTx = (tx: Tx, entries: AuditEntry[]): Promise<void> => appendAudit(tx, entries);

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
          await appendAudit(this.#sql, batch.flatMap((b) => b.entries));
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
