// `cancuoc audit verify`: recomputes the whole log from its entries and compares it with what is
// stored, as an auditor checks a live system (it reads only committed data, takes no lock).
//
//   1. the hash chain of the entries written before migration 016, up to its frozen head;
//   2. the Merkle tree: every leaf recomputed from its entry in leaf order (RFC 9162 §2.1.1),
//      the tree rebuilt in memory, every stored tile compared with the rebuilt one, and every
//      signed tree head checked — its signature by a published key of the log, its size and root
//      against the rebuilt tree of that size;
//   3. that every entry is either in the tree or queued for it, once.
// It detects a changed entry (its leaf and every root after it differ), a removed one (a hole in
// the leaves), reordered ones (the roots differ), one inserted behind the log's back (neither in
// the tree nor queued), a tampered tile, and a tree head that is not the log's.
import {
  appendBatch, EMPTY_APPEND_STATE, leafHash, openCheckpoint, parseVerifierKey, tileId, type AppendState, type NoteVerifier, type TileWrite,
} from '@cancuoc/tlog';
import type { Sql } from '../db/connect.ts';
import { chainHash, entryBody, GENESIS_HASH, type AuditRecord } from './chain.ts';
import { TILE_HEIGHT, tileReader } from './tree-store.ts';

export interface AuditVerification {
  valid: boolean;
  /** Entries checked: chain links plus tree leaves. */
  entries: number;
  /** Leaves in the tree, signed tree heads checked, entries still queued. */
  treeSize?: number;
  treeHeads?: number;
  queued?: number;
  /** Where and why the log does not hold. */
  firstBadSeq?: string;
  reason?: string;
}

interface EntryRow {
  seq: string; at: Date; actor: string; action: string; subject: string | null; request_id: string | null;
  details: Record<string, unknown>;
}

const record = (r: EntryRow): AuditRecord => ({
  seq: BigInt(r.seq), at: r.at, actor: r.actor, action: r.action, subject: r.subject, requestId: r.request_id, details: r.details,
});

class Broken extends Error {
  readonly seq: string;
  constructor(seq: string, reason: string) {
    super(reason);
    this.seq = seq;
  }
}

export async function verifyAuditLog(sql: Sql, verifierKeys: readonly string[], onProgress?: (n: number) => void): Promise<AuditVerification> {
  let checked = 0;
  const progress = (n: number) => {
    checked += n;
    onProgress?.(checked);
  };
  try {
    await verifyLegacyChain(sql, progress);
    const tree = await verifyTree(sql, verifierKeys.map((k) => parseVerifierKey(k)), progress);
    const queued = await verifyEveryEntryIsLogged(sql);
    return { valid: true, entries: checked, treeSize: tree.size, treeHeads: tree.heads, queued };
  } catch (err) {
    if (!(err instanceof Broken)) throw err;
    return { valid: false, entries: checked, firstBadSeq: err.seq, reason: err.message };
  }
}

/** The hash chain of migration 011, frozen at migration 016 (its head in audit_head). */
async function verifyLegacyChain(sql: Sql, progress: (n: number) => void): Promise<void> {
  let prev: Buffer = GENESIS_HASH;
  let expected = 1n;
  const cursor = sql<(EntryRow & { prev_hash: Buffer; hash: Buffer })[]>`
    select seq::text, at, actor, action, subject, request_id, details, prev_hash, hash
    from audit_log where prev_hash is not null order by audit_log.seq`.cursor(2000);
  for await (const rows of cursor) {
    for (const row of rows) {
      const seq = BigInt(row.seq);
      if (seq !== expected) throw new Broken(String(expected), `chain entry ${expected} is missing (next chained entry is ${seq})`);
      if (!row.prev_hash.equals(prev)) throw new Broken(row.seq, 'prev_hash does not match the previous chain entry (entry removed, inserted or changed)');
      if (!chainHash(prev, record(row)).equals(row.hash)) throw new Broken(row.seq, 'chain entry content does not match its hash (entry changed)');
      prev = row.hash;
      expected = seq + 1n;
    }
    progress(rows.length);
  }
  const [head] = await sql<{ seq: string; hash: Buffer }[]>`select seq::text, hash from audit_head`;
  if (head && (BigInt(head.seq) !== expected - 1n || !head.hash.equals(prev))) {
    throw new Broken(String(expected), `the chain ends at entry ${expected - 1n} but its head records entry ${head.seq} (chain entries removed from the end)`);
  }
}

/** Rebuilds the tree from the entries in leaf order and compares tiles and signed tree heads. */
async function verifyTree(sql: Sql, verifiers: NoteVerifier[], progress: (n: number) => void): Promise<{ size: number; heads: number }> {
  const heads = await sql<{ size: string; root_hash: Buffer; checkpoint: string }[]>`
    select size::text, root_hash, checkpoint from audit_tree_head order by audit_tree_head.size`;
  const tiles = new TileComparer(sql);
  let state: AppendState = EMPTY_APPEND_STATE;
  let pending: Buffer[] = [];
  let pendingLastSeq = '';
  let headAt = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const r = appendBatch(state, pending, { tileHeight: TILE_HEIGHT });
    state = r.state;
    pending = [];
    await tiles.add(r.tiles, pendingLastSeq);
    const head = heads[headAt];
    if (head && Number(head.size) === state.range.size) {
      checkHead(head, r.root, verifiers, pendingLastSeq);
      headAt++;
    }
  };
  let expected = 0;
  const cursor = sql<(EntryRow & { leaf_index: string })[]>`
    select a.leaf_index::text, a.seq::text as seq, l.at, l.actor, l.action, l.subject, l.request_id, l.details
    from audit_leaf a left join audit_log l on l.seq = a.seq order by a.leaf_index`.cursor(2000);
  for await (const rows of cursor) {
    for (const row of rows) {
      if (Number(row.leaf_index) !== expected) throw new Broken(row.seq, `leaf ${expected} is missing from the tree (next leaf is ${row.leaf_index})`);
      if (row.actor === null) throw new Broken(row.seq, `the entry of leaf ${expected} (seq ${row.seq}) was removed`);
      pending.push(leafHash(Buffer.from(entryBody(record(row)), 'utf8')));
      pendingLastSeq = row.seq;
      expected++;
      // Batches end where a signed tree head was taken, so each head's root is checked.
      const next = heads[headAt];
      if ((next && Number(next.size) === expected) || pending.length >= 4096) await flush();
    }
    progress(rows.length);
  }
  await flush();
  await tiles.finish(pendingLastSeq);
  if (headAt < heads.length) {
    throw new Broken(pendingLastSeq, `a signed tree head of size ${heads[headAt]!.size} is beyond the ${expected} leaves of the tree (leaves removed)`);
  }
  return { size: expected, heads: heads.length };
}

function checkHead(head: { size: string; root_hash: Buffer; checkpoint: string }, root: Buffer, verifiers: NoteVerifier[], seq: string): void {
  if (!head.root_hash.equals(root)) {
    throw new Broken(seq, `the tree of size ${head.size} rebuilt from the entries has another root than its signed head (an entry up to here was changed, removed, inserted or reordered)`);
  }
  let opened: { size: number; rootHash: Buffer } | undefined;
  for (const v of verifiers) {
    try {
      opened = openCheckpoint(head.checkpoint, v);
      break;
    } catch { /* another key of the log */ }
  }
  if (!opened) throw new Broken(seq, `the tree head of size ${head.size} is not signed by a key of this log`);
  if (opened.size !== Number(head.size) || !opened.rootHash.equals(head.root_hash)) {
    throw new Broken(seq, `the signed checkpoint of size ${head.size} does not say what its row says`);
  }
}

/** Compares the tiles the rebuild writes with the stored ones, a full tile as soon as it is final. */
class TileComparer {
  readonly #reader;
  readonly #open = new Map<string, TileWrite>();
  #final: TileWrite[] = [];

  constructor(sql: Sql) {
    this.#reader = tileReader(sql);
  }

  async add(writes: readonly TileWrite[], seq: string): Promise<void> {
    for (const w of writes) {
      if (w.width === 1 << TILE_HEIGHT) {
        this.#open.delete(tileId(w));
        this.#final.push(w);
      } else this.#open.set(tileId(w), w);
    }
    if (this.#final.length >= 2000) await this.#compare(this.#final.splice(0), seq);
  }

  async finish(seq: string): Promise<void> {
    await this.#compare([...this.#final.splice(0), ...this.#open.values()], seq);
  }

  async #compare(writes: TileWrite[], seq: string): Promise<void> {
    const stored = await this.#reader.readTiles(writes.map((w) => ({ level: w.level, index: w.index, width: w.width })));
    for (const w of writes) {
      const s = stored.get(tileId(w));
      if (!s || !Buffer.from(s).equals(w.hashes)) {
        throw new Broken(seq, `stored tile ${tileId(w)} does not hold the hashes the entries give (tile ${s ? 'changed' : 'missing'})`);
      }
    }
  }
}

/** Every entry is in the tree or queued for it, and nothing is queued twice; returns the queue length. */
async function verifyEveryEntryIsLogged(sql: Sql): Promise<number> {
  const [outside] = await sql<{ seq: string }[]>`
    select l.seq::text from audit_log l
    where not exists (select 1 from audit_leaf a where a.seq = l.seq)
      and not exists (select 1 from audit_unsequenced u where u.seq = l.seq)
    order by l.seq limit 1`;
  if (outside) throw new Broken(outside.seq, `entry ${outside.seq} is neither in the tree nor queued for it (inserted behind the log's back)`);
  const [twice] = await sql<{ seq: string }[]>`
    select u.seq::text from audit_unsequenced u where exists (select 1 from audit_leaf a where a.seq = u.seq) limit 1`;
  if (twice) throw new Broken(twice.seq, `entry ${twice.seq} is both in the tree and still queued`);
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from audit_unsequenced`;
  return n;
}
