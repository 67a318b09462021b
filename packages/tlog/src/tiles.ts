// Storage of the tree as tiles, the layout of Go's sumdb and C2SP tlog-tiles (our own code).
//
// With tile height H, "tile level" L holds the hashes of tree level L·H: level 0 the leaf hashes,
// level 1 the roots of each run of 2^H leaves, and so on. Tile (L, N) holds hashes N·2^H …
// N·2^H + 2^H − 1 of its level; the last tile of each level is partial and grows as the log does.
// A hash, once in a tile, never changes (the log only appends), so a tile read at a larger size
// serves every smaller one. The levels between stored ones are recomputed: node (ℓ, i) with
// ℓ = L·H + r is the root of the 2^r stored hashes i·2^r … (i+1)·2^r − 1 of tile level L, all in
// one tile. Storage beyond the leaf hashes is n/2^H + n/2^2H + … ≈ n/255 hashes for H = 8 (0.4 %).
//
// Proofs and roots are planned before anything is read: a plan names the tiles (with the width it
// needs of each) so the store fetches them in one batched read, then builds the result from them.
// An inclusion or consistency proof touches at most two tiles per tile level (the tests check it) —
// at most 6 for 10^7 leaves and H = 8, 5 on average.
import { checkCount } from './bits.ts';
import {
  appendLeaves,
  compactRangeNodes,
  compactRangeRoot,
  subtreeNodes,
  type CompactRange,
  type TreeNode,
} from './compact-range.ts';
import { TileMismatchError, TileMissingError, TlogArgumentError } from './errors.ts';
import { EMPTY_ROOT, HASH_SIZE, nodeHash, perfectSubtreeHash } from './hash.ts';
import { consistencyRanges, inclusionRanges, type LeafRange } from './proof-shape.ts';

export const DEFAULT_TILE_HEIGHT = 8;

export interface TileOptions {
  /** Tile height H, 1–16: a tile holds up to 2^H hashes. Default 8 (256 hashes, 8 KiB). Fixed for the life of a log. */
  tileHeight?: number;
}

/** A tile: tile level (hashes of tree level level·H) and index within that level. */
export interface TileKey {
  readonly level: number;
  readonly index: number;
}

/** A tile a plan reads, and how many of its hashes (from its start) it needs at least. */
export interface TileRead extends TileKey {
  readonly width: number;
}

/** A tile an append writes: its whole new content, `width` hashes of 32 bytes. */
export interface TileWrite extends TileKey {
  readonly width: number;
  readonly hashes: Buffer;
}

/** Tile contents (concatenated 32-byte hashes) by `tileId`. A tile may hold more hashes than a read needs. */
export type TileMap = ReadonlyMap<string, Uint8Array>;

/** The storage interface: read these tiles (missing ones are simply absent from the map). */
export interface TileReader {
  readTiles(tiles: readonly TileRead[]): Promise<TileMap>;
}

/** What a computation reads (`tiles`, for one batched read) and how it builds its result from them. */
export interface TilePlan<T> {
  readonly tiles: readonly TileRead[];
  build(tiles: TileMap): T;
}

/** The state a sequencer keeps between batches: the compact range and the partial right-edge tiles. */
export interface AppendState {
  readonly range: CompactRange;
  /** The partial (not full) last tile of each tile level, exactly as wide as the size implies. */
  readonly edgeTiles: TileMap;
}

export interface AppendResult {
  readonly state: AppendState;
  /** MTH of the new tree. */
  readonly root: Buffer;
  /** Every tile the batch created or extended, by tile level then index; store them with the new size, atomically. */
  readonly tiles: readonly TileWrite[];
}

/** Reads what the plan needs in one batch and builds its result. */
export async function runPlan<T>(reader: TileReader, plan: TilePlan<T>): Promise<T> {
  return plan.build(plan.tiles.length === 0 ? new Map() : await reader.readTiles(plan.tiles));
}

/** Map key of a tile: "level/index". */
export function tileId(tile: TileKey): string {
  return `${tile.level}/${tile.index}`;
}

export function tileHeightOf(options: TileOptions = {}): number {
  const h = options.tileHeight ?? DEFAULT_TILE_HEIGHT;
  if (!Number.isInteger(h) || h < 1 || h > 16) throw new TlogArgumentError(`tile height must be an integer from 1 to 16, got ${String(h)}`);
  return h;
}

/** Where the hash of node (level, index) comes from: `count` stored hashes from `offset` of `tile`. */
export function nodeLocation(node: TreeNode, tileHeight: number): { tile: TileKey; offset: number; count: number } {
  const level = Math.floor(node.level / tileHeight);
  const count = 2 ** (node.level - level * tileHeight);
  const first = node.index * count;
  const index = Math.floor(first / 2 ** tileHeight);
  return { tile: { level, index }, offset: first - index * 2 ** tileHeight, count };
}

/** The hash of a complete node, from the tile that holds its stored descendants. */
export function nodeHashFromTiles(tiles: TileMap, node: TreeNode, tileHeight: number): Buffer {
  const { tile, offset, count } = nodeLocation(node, tileHeight);
  const data = tiles.get(tileId(tile));
  if (data === undefined || data.length < (offset + count) * HASH_SIZE) {
    throw new TileMissingError(tile.level, tile.index, offset + count, data === undefined ? 0 : Math.floor(data.length / HASH_SIZE));
  }
  return perfectSubtreeHash(data, offset, count);
}

/** The tiles (and widths) the given nodes need, one read per tile. */
function tileReads(nodes: readonly TreeNode[], tileHeight: number): TileRead[] {
  const reads = new Map<string, TileRead>();
  for (const node of nodes) {
    const { tile, offset, count } = nodeLocation(node, tileHeight);
    const id = tileId(tile);
    const width = Math.max(offset + count, reads.get(id)?.width ?? 0);
    reads.set(id, { ...tile, width });
  }
  return [...reads.values()];
}

/** Right-to-left fold of perfect-subtree hashes: the MTH of the range they cover. */
function fold(hashes: readonly Buffer[]): Buffer {
  let h = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) h = nodeHash(hashes[i]!, h);
  return h;
}

/** A plan whose result is the MTH of each of `ranges`. */
function planRanges(ranges: readonly LeafRange[], tileHeight: number): TilePlan<Buffer[]> {
  const nodes = ranges.map((r) => subtreeNodes(r.start, r.end));
  return {
    tiles: tileReads(nodes.flat(), tileHeight),
    build: (tiles) => nodes.map((ns) => fold(ns.map((n) => nodeHashFromTiles(tiles, n, tileHeight)))),
  };
}

/** The root (MTH) of the tree at `size` ≤ the stored size. */
export function planRoot(size: number, options?: TileOptions): TilePlan<Buffer> {
  const h = tileHeightOf(options);
  checkCount('size', size);
  if (size === 0) return { tiles: [], build: () => EMPTY_ROOT };
  const plan = planRanges([{ start: 0, end: size }], h);
  return { tiles: plan.tiles, build: (tiles) => plan.build(tiles)[0]! };
}

/** The inclusion proof (RFC 9162 §2.1.3.1) of leaf `index` in the tree at `size`. */
export function planInclusionProof(index: number, size: number, options?: TileOptions): TilePlan<Buffer[]> {
  return planRanges(inclusionRanges(index, size), tileHeightOf(options));
}

/** The consistency proof (RFC 9162 §2.1.4.1) from the tree at `first` to the tree at `second`. */
export function planConsistencyProof(first: number, second: number, options?: TileOptions): TilePlan<Buffer[]> {
  return planRanges(consistencyRanges(first, second), tileHeightOf(options));
}

/** The partial right-edge tiles of a tree of `size` leaves, with their exact widths. */
export function edgeTileReads(size: number, options?: TileOptions): TileRead[] {
  const h = tileHeightOf(options);
  checkCount('size', size);
  const reads: TileRead[] = [];
  for (let level = 0, count = size; count > 0; level++, count = Math.floor(count / 2 ** h)) {
    const index = Math.floor(count / 2 ** h);
    const width = count - index * 2 ** h;
    if (width > 0) reads.push({ level, index, width });
  }
  return reads;
}

/** A sequencer's state at `size` (on start, or after another process appended), from storage. */
export function planAppendState(size: number, options?: TileOptions): TilePlan<AppendState> {
  const h = tileHeightOf(options);
  const nodes = compactRangeNodes(size);
  const edges = edgeTileReads(size, { tileHeight: h });
  // An edge tile read with its exact width (listed last, it wins); range nodes never need more of it.
  const reads = new Map([...tileReads(nodes, h), ...edges].map((r) => [tileId(r), r]));
  return {
    tiles: [...reads.values()],
    build: (tiles) => {
      const edgeTiles = new Map<string, Uint8Array>();
      for (const e of edges) {
        const data = tiles.get(tileId(e));
        const width = data === undefined ? 0 : Math.floor(data.length / HASH_SIZE);
        if (width < e.width) throw new TileMissingError(e.level, e.index, e.width, width);
        if (width > e.width) throw new TileMismatchError(e.level, e.index, e.width, width);
        edgeTiles.set(tileId(e), data!);
      }
      return { range: { size, hashes: nodes.map((n) => nodeHashFromTiles(tiles, n, h)) }, edgeTiles };
    },
  };
}

/** The state of an empty log. */
export const EMPTY_APPEND_STATE: AppendState = Object.freeze({ range: { size: 0, hashes: [] }, edgeTiles: new Map() });

/**
 * Appends a batch of leaf hashes: O(k + log n) node hashes. Returns the new state (keep it for the
 * next batch), the new root, and the tiles to write — the extended right-edge tiles (old content
 * from `state.edgeTiles` plus the new hashes) and any new ones.
 */
export function appendBatch(state: AppendState, leafHashes: readonly Uint8Array[], options?: TileOptions): AppendResult {
  const h = tileHeightOf(options);
  const tileSize = 2 ** h;
  const before = state.range.size;
  // Nodes at tree levels that are multiples of H are the stored ones; the append makes them in index order.
  const fresh: Buffer[][] = [];
  const range = appendLeaves(state.range, leafHashes, (level, _index, hash) => {
    if (level % h === 0) (fresh[level / h] ??= []).push(hash);
  });
  const tiles: TileWrite[] = [];
  fresh.forEach((hashes, level) => {
    let next = Math.floor(before / 2 ** (level * h)); // index of the first new hash of this level
    for (let i = 0; i < hashes.length; ) {
      const index = Math.floor(next / tileSize);
      const offset = next - index * tileSize;
      const take = Math.min(tileSize - offset, hashes.length - i);
      const content = Buffer.allocUnsafe((offset + take) * HASH_SIZE);
      if (offset > 0) {
        const old = state.edgeTiles.get(tileId({ level, index }));
        const width = old === undefined ? 0 : Math.floor(old.length / HASH_SIZE);
        if (width < offset) throw new TileMissingError(level, index, offset, width);
        if (width > offset) throw new TileMismatchError(level, index, offset, width);
        content.set(old!, 0);
      }
      for (let j = 0; j < take; j++) content.set(hashes[i + j]!, (offset + j) * HASH_SIZE);
      tiles.push({ level, index, width: offset + take, hashes: content });
      i += take;
      next += take;
    }
  });
  const written = new Map(tiles.map((t) => [tileId(t), t.hashes]));
  const edgeTiles = new Map<string, Uint8Array>();
  for (const e of edgeTileReads(range.size, { tileHeight: h })) {
    const data = written.get(tileId(e)) ?? state.edgeTiles.get(tileId(e));
    if (data === undefined) throw new TileMissingError(e.level, e.index, e.width, 0);
    edgeTiles.set(tileId(e), data);
  }
  return { state: { range, edgeTiles }, root: compactRangeRoot(range), tiles };
}
