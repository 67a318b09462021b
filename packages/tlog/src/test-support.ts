// Shared by the tests (not exported from the package): deterministic leaves, a log built batch by
// batch into an in-memory tile store as the sequencer builds it, and the code of a thrown TlogError.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { leafHash } from './hash.ts';
import { createMemoryTileStore, type MemoryTileStore } from './memory-store.ts';
import { appendBatch, EMPTY_APPEND_STATE, type AppendState } from './tiles.ts';
import { TlogError } from './verify-proof.ts';

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const hexAll = (bs: readonly Uint8Array[]): string[] => bs.map(hex);

/** Leaf data i: 8 bytes of SHA-256("leaf" ‖ i), so every leaf differs. */
export function entryBytes(i: number): Buffer {
  return createHash('sha256').update(`leaf ${i}`).digest().subarray(0, 8);
}

export function leafHashes(n: number, from = 0): Buffer[] {
  return Array.from({ length: n }, (_, i) => leafHash(entryBytes(from + i)));
}

export interface BuiltLog {
  store: MemoryTileStore;
  state: AppendState;
  /** The state after each batch, by size. */
  states: Map<number, AppendState>;
}

/** Appends `leaves` in batches of the given sizes (cycled), writing every batch's tiles. */
export function buildLog(leaves: readonly Buffer[], batchSizes: readonly number[], tileHeight: number): BuiltLog {
  const store = createMemoryTileStore();
  const states = new Map<number, AppendState>([[0, EMPTY_APPEND_STATE]]);
  let state = EMPTY_APPEND_STATE;
  for (let at = 0, b = 0; at < leaves.length; b++) {
    const k = Math.min(batchSizes[b % batchSizes.length]!, leaves.length - at);
    const result = appendBatch(state, leaves.slice(at, at + k), { tileHeight });
    store.writeTiles(result.tiles);
    state = result.state;
    at += k;
    states.set(at, state);
  }
  return { store, state, states };
}

/** The `code` of the TlogError `fn` throws, or `ok` when it returns. */
export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof TlogError, `a TlogError, got ${String(e)}`);
    return e.code;
  }
  return 'ok';
}
