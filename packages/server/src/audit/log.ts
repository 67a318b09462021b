// Appending to the audit log: one statement, audit_append() (migration 016), which inserts the
// entries and queues them for the sequencer (sequencer.ts). No lock is taken: concurrent appenders
// (requests, processes, write transactions) commit side by side, and the sequencer puts them into
// the Merkle tree in the order it finds them. Inside a write transaction the entries commit or
// vanish with the write itself (DESIGN.md §3 "one path"); outside one, the statement is its own
// transaction. Either way an entry is durable before the answer that it records leaves.
import type { Sql, Tx } from '../db/connect.ts';
import type { AuditEntry } from './chain.ts';

/** Appends entries in order: inside the caller's transaction given one, else as its own. */
export async function appendAudit(tx: Tx | Sql, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // Milliseconds, as JavaScript keeps them: what the leaf hashes is what reads back.
  const at = new Date().toISOString();
  await tx.unsafe(`select audit_append($1::timestamptz, $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]::jsonb[])`, [
    at, entries.map((e) => e.actor), entries.map((e) => e.action), entries.map((e) => e.subject ?? null),
    entries.map((e) => e.requestId ?? null), entries.map((e) => JSON.stringify(e.details ?? {})),
  ] as never[], { prepare: true });
}

/** appendAudit within a write's transaction (the entries commit or vanish with the write). */
export const appendAuditInTx = (tx: Tx, entries: AuditEntry[]): Promise<void> => appendAudit(tx, entries);

/**
 * Group commit for audit entries that are not part of a write (personal-data reads): callers
 * await `record()`, which resolves once their entry is durably in the log. While one batch is
 * being committed, new entries queue up and go together in the next transaction, so under load
 * many reads share one commit.
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
