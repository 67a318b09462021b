// The sequencer: the one process that puts committed audit entries into the Merkle tree (RFC 9162
// §2, the model of Trillian's log signer). Appenders only insert (log.ts); the sequencer, every
// `intervalMs`, takes the queued entries in seq order, gives them the next leaf indices, extends
// the tree (packages/tlog appendBatch: O(batch + log n), right edge only), and in ONE transaction
// records their leaves, writes the tiles that changed, stores a signed tree head (a C2SP
// checkpoint) and empties their queue rows. So an entry is provable within one interval plus one
// batch of its commit, and a crash at any point leaves either the whole batch or none of it.
//
// Exactly one sequencer runs per database, whichever processes start one: it holds a session-level
// advisory lock on a connection of its own, and does all its work on that connection; the others
// wait and take over when that connection ends (the process dies, the network breaks).
import {
  appendBatch, leafHash, runPlan, planAppendState, signCheckpoint, type AppendState,
} from '@cancuoc/tlog';
import type postgres from 'postgres';
import type { Sql, Tx } from '../db/connect.ts';
import { entryBody } from './chain.ts';
import type { AuditLogKey } from './log-key.ts';
import { TILE_HEIGHT, tileReader, writeTilesInTx } from './tree-store.ts';

/** 'cancuoc:sq' in ASCII: the advisory lock only the sequencer takes. */
const SEQUENCER_LOCK = 0x63616e63756f7371n;

export interface SequencerOptions {
  /** How often to look for entries (ms). */
  intervalMs?: number;
  /** Entries per batch at most. */
  batchSize?: number;
  log?: (message: string) => void;
}

type Reserved = postgres.ReservedSql<Record<string, never>>;

interface QueuedRow {
  seq: string; at: Date; actor: string; action: string; subject: string | null; request_id: string | null;
  details: Record<string, unknown>; queued_at: Date;
}

export class AuditSequencer {
  readonly #sql: Sql;
  readonly #key: AuditLogKey;
  readonly #intervalMs: number;
  readonly #batchSize: number;
  readonly #log: (m: string) => void;
  #conn: Reserved | undefined;
  #state: AppendState | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #running: Promise<unknown> = Promise.resolve();

  constructor(sql: Sql, key: AuditLogKey, options: SequencerOptions = {}) {
    this.#sql = sql;
    this.#key = key;
    this.#intervalMs = options.intervalMs ?? 200;
    this.#batchSize = options.batchSize ?? 20_000;
    this.#log = options.log ?? (() => {});
  }

  /** True while this instance holds the sequencer lock. */
  get isSequencer(): boolean {
    return this.#conn !== undefined;
  }

  /** Takes the sequencer lock if no one holds it. */
  async acquire(): Promise<boolean> {
    if (this.#conn) return true;
    const conn = await this.#sql.reserve() as unknown as Reserved;
    try {
      const [{ got }] = await conn<{ got: boolean }[]>`select pg_try_advisory_lock(${SEQUENCER_LOCK.toString()}::bigint) as got`;
      if (!got) {
        conn.release();
        return false;
      }
    } catch (err) {
      conn.release();
      throw err;
    }
    this.#conn = conn;
    this.#state = undefined;
    return true;
  }

  /**
   * Appends what is queued, batch after batch, until the queue is empty (or `maxBatches`).
   * Returns how many entries went into the tree.
   */
  async sequenceAll(maxBatches = Infinity): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await this.sequenceOnce();
      total += n;
      if (n < this.#batchSize) break;
    }
    return total;
  }

  /** One batch: returns the number of entries appended (0 when nothing was queued). */
  async sequenceOnce(): Promise<number> {
    if (!this.#conn && !(await this.acquire())) return 0;
    const conn = this.#conn!;
    const tx = conn as unknown as Tx;
    try {
      if (!this.#state) {
        const [{ size }] = await conn<{ size: string }[]>`select coalesce(max(leaf_index) + 1, 0)::text as size from audit_leaf`;
        this.#state = await runPlan(tileReader(tx), planAppendState(Number(size), { tileHeight: TILE_HEIGHT }));
      }
      await conn`begin`;
      const rows = await conn<QueuedRow[]>`
        select u.seq::text as seq, l.at, l.actor, l.action, l.subject, l.request_id, l.details, u.queued_at
        from audit_unsequenced u join audit_log l on l.seq = u.seq
        order by u.seq limit ${this.#batchSize}`;
      if (rows.length === 0) {
        await conn`commit`;
        return 0;
      }
      const hashes = rows.map((r) => leafHash(Buffer.from(entryBody({
        seq: BigInt(r.seq), at: r.at, actor: r.actor, action: r.action, subject: r.subject, requestId: r.request_id, details: r.details,
      }), 'utf8')));
      const first = this.#state.range.size;
      const result = appendBatch(this.#state, hashes, { tileHeight: TILE_HEIGHT });
      const seqs = rows.map((r) => r.seq);
      await conn`
        insert into audit_leaf (leaf_index, seq)
        select ${first}::bigint + u.ord - 1, u.seq from unnest(${seqs}::bigint[]) with ordinality as u(seq, ord)`;
      await writeTilesInTx(tx, result.tiles);
      const size = result.state.range.size;
      const signedAt = new Date();
      const checkpoint = await signCheckpoint({
        origin: this.#key.origin, size, rootHash: result.root, extensions: [`time ${signedAt.toISOString()}`],
      }, this.#key.signer);
      const oldest = rows.reduce((m, r) => (r.queued_at < m ? r.queued_at : m), rows[0]!.queued_at);
      await conn`
        insert into audit_tree_head (size, root_hash, signed_at, checkpoint, oldest_queued_at)
        values (${size}, ${result.root}, ${signedAt}, ${checkpoint}, ${oldest})`;
      await conn`delete from audit_unsequenced where seq = any(${seqs}::bigint[])`;
      await conn`commit`;
      this.#state = result.state;
      return rows.length;
    } catch (err) {
      // Whatever failed, nothing of the batch stays; the state is read again from storage.
      this.#state = undefined;
      await conn`rollback`.catch(() => {});
      if (isConnectionError(err)) this.#drop();
      throw err;
    }
  }

  /** Runs until stop(): sequences while holding the lock, else tries to take it now and then. */
  start(): void {
    this.#stopped = false;
    const tick = async () => {
      if (this.#stopped) return;
      let delay = this.#intervalMs;
      try {
        if (this.#conn || await this.acquire()) await this.sequenceAll(50);
        else delay = this.#intervalMs * 10;
      } catch (err) {
        this.#log(`audit sequencer: ${(err as Error).message}`);
        delay = this.#intervalMs * 5;
      }
      if (!this.#stopped) this.#timer = setTimeout(() => { this.#running = tick(); }, delay);
    };
    this.#running = tick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running.catch(() => {});
    if (this.#conn) {
      await this.#conn`select pg_advisory_unlock(${SEQUENCER_LOCK.toString()}::bigint)`.catch(() => {});
      this.#drop();
    }
  }

  #drop(): void {
    this.#conn?.release();
    this.#conn = undefined;
    this.#state = undefined;
  }
}

function isConnectionError(err: unknown): boolean {
  const code = String((err as { code?: string }).code ?? '');
  return /^(08...|57P0[123]|CONNECTION_(CLOSED|ENDED|DESTROYED)|ECONNRESET)$/.test(code);
}
