// Tiles against the recursive reference: the log is built batch by batch into an in-memory tile
// store as the sequencer builds it, then every root and proof is read back from the tiles — at the
// final size and at every older size (tiles only grow, so a newer tile must serve an older tree).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { floorLog2 } from './bits.ts';
import { compactRangeRoot } from './compact-range.ts';
import { TileMismatchError, TileMissingError, TlogArgumentError } from './errors.ts';
import { HASH_SIZE } from './hash.ts';
import { createMemoryTileStore } from './memory-store.ts';
import { referenceConsistencyProof, referenceInclusionProof, referenceRoot } from './reference.ts';
import { buildLog, hex, hexAll, leafHashes } from './test-support.ts';
import {
  appendBatch,
  edgeTileReads,
  EMPTY_APPEND_STATE,
  nodeLocation,
  planAppendState,
  planConsistencyProof,
  planInclusionProof,
  planRoot,
  runPlan,
  tileId,
  type TileMap,
} from './tiles.ts';
import { verifyConsistency, verifyInclusion } from './verify-proof.ts';

/** How many tile levels hold hashes in a tree of n leaves. */
const tileLevels = (n: number, h: number): number => Math.floor(floorLog2(n) / h) + 1;
const widths = (tiles: TileMap): Record<string, number> => Object.fromEntries([...tiles].map(([id, t]) => [id, t.length / HASH_SIZE]));

describe('tiles against the reference, small trees', () => {
  for (const h of [1, 2, 3, 8]) {
    it(`H = ${h}: roots, inclusion proofs of every leaf and consistency proofs of every pair, sizes 1..40`, async () => {
      const leaves = leafHashes(40);
      const { store } = buildLog(leaves, [1, 2, 3, 5, 8, 13], h);
      const options = { tileHeight: h };
      for (let size = 1; size <= leaves.length; size++) {
        const tree = leaves.slice(0, size);
        const root = referenceRoot(tree);
        assert.equal(hex(await runPlan(store, planRoot(size, options))), hex(root), `root of ${size}`);
        for (let index = 0; index < size; index++) {
          const plan = planInclusionProof(index, size, options);
          const path = await runPlan(store, plan);
          assert.deepEqual(hexAll(path), hexAll(referenceInclusionProof(tree, index)), `inclusion ${index}/${size}`);
          verifyInclusion(tree[index]!, index, size, path, root);
          assert.ok(plan.tiles.length <= 2 * tileLevels(size, h), `inclusion ${index}/${size} reads ${plan.tiles.length} tiles`);
        }
        for (let first = 0; first <= size; first++) {
          const plan = planConsistencyProof(first, size, options);
          const path = await runPlan(store, plan);
          assert.deepEqual(hexAll(path), hexAll(referenceConsistencyProof(tree, first)), `consistency ${first}→${size}`);
          verifyConsistency(first, size, referenceRoot(leaves.slice(0, first)), root, path);
          assert.ok(plan.tiles.length <= 2 * tileLevels(size, h), `consistency ${first}→${size} reads ${plan.tiles.length} tiles`);
        }
      }
    });
  }

  it('after every batch, the state read back from storage is the state the sequencer holds (a restart loses nothing)', async () => {
    for (const h of [1, 2, 8]) {
      const leaves = leafHashes(300);
      const { store, states } = buildLog(leaves, [1, 7, 31, 2, 100], h);
      // The store is at its final size; each older state must be rebuilt from the tiles of that size
      // alone, so rebuild the log again and compare at each batch.
      const again = buildLog(leaves, [1, 7, 31, 2, 100], h);
      for (const [size, state] of states) {
        const replay = createMemoryTileStore();
        for (const [id, data] of again.store.tiles) {
          const [level, index] = id.split('/').map(Number) as [number, number];
          const keep = Math.floor(size / 2 ** (level * h)) - index * 2 ** h; // the width this tile had at `size`
          if (keep > 0) replay.tiles.set(id, data.subarray(0, Math.min(keep, 2 ** h) * HASH_SIZE));
        }
        const read = await runPlan(replay, planAppendState(size, { tileHeight: h }));
        assert.deepEqual(hexAll(read.range.hashes), hexAll(state.range.hashes), `range at ${size}, H=${h}`);
        assert.deepEqual(widths(read.edgeTiles), widths(state.edgeTiles), `edge tiles at ${size}, H=${h}`);
        for (const [id, data] of state.edgeTiles) assert.equal(hex(read.edgeTiles.get(id)!), hex(data));
      }
      assert.equal(store.tiles.size, again.store.tiles.size);
    }
  });
});

describe('tile arithmetic across tile boundaries (H = 8)', () => {
  const BOUNDARIES = [255, 256, 257, 65535, 65536, 65537];
  const leaves = leafHashes(65600);
  // Batches end exactly on each boundary, and others cross boundaries inside a batch.
  const sizes = [200, 55, 1, 1, 1000, 64278, 1, 1, 63];
  const { store, states } = buildLog(leaves, sizes, 8);
  const roots = new Map(BOUNDARIES.map((n) => [n, referenceRoot(leaves.slice(0, n))]));

  it('the tiles have the widths the sizes imply', () => {
    for (const size of BOUNDARIES) assert.ok(states.has(size), `a batch ends at ${size}`);
    const at = (size: number) => widths(states.get(size)!.edgeTiles);
    assert.deepEqual(at(255), { '0/0': 255 });
    assert.deepEqual(at(256), { '1/0': 1 });
    assert.deepEqual(at(257), { '0/1': 1, '1/0': 1 });
    assert.deepEqual(at(65535), { '0/255': 255, '1/0': 255 });
    assert.deepEqual(at(65536), { '2/0': 1 });
    assert.deepEqual(at(65537), { '0/256': 1, '2/0': 1 });
    assert.equal(store.tiles.get('1/0')!.length, 256 * HASH_SIZE);
    assert.equal(store.tiles.get('0/255')!.length, 256 * HASH_SIZE);
  });

  it('an append across a boundary writes the filled tile, the new one, and the node above', () => {
    const state = states.get(200)!;
    const result = appendBatch(state, leaves.slice(200, 300), { tileHeight: 8 });
    assert.deepEqual(result.tiles.map((t) => [tileId(t), t.width]), [['0/0', 256], ['0/1', 44], ['1/0', 1]]);
    assert.equal(hex(result.tiles[0]!.hashes.subarray(0, 200 * HASH_SIZE)), hex(state.edgeTiles.get('0/0')!), 'the old hashes are kept');
    assert.equal(hex(result.root), hex(referenceRoot(leaves.slice(0, 300))));
  });

  it('roots, and inclusion proofs at and around each boundary, equal the reference', async () => {
    for (const size of BOUNDARIES) {
      const tree = leaves.slice(0, size);
      const root = roots.get(size)!;
      assert.equal(hex(await runPlan(store, planRoot(size))), hex(root), `root of ${size}`);
      assert.equal(hex(compactRangeRoot(states.get(size)!.range)), hex(root));
      for (const index of new Set([0, 255, 256, Math.floor(size / 2), size - 1].filter((i) => i < size))) {
        const path = await runPlan(store, planInclusionProof(index, size));
        assert.deepEqual(hexAll(path), hexAll(referenceInclusionProof(tree, index)), `inclusion ${index}/${size}`);
        verifyInclusion(tree[index]!, index, size, path, root);
      }
    }
  });

  it('consistency proofs between every two boundary sizes equal the reference', async () => {
    for (const second of BOUNDARIES) {
      const tree = leaves.slice(0, second);
      for (const first of BOUNDARIES.filter((f) => f <= second)) {
        const path = await runPlan(store, planConsistencyProof(first, second));
        assert.deepEqual(hexAll(path), hexAll(referenceConsistencyProof(tree, first)), `consistency ${first}→${second}`);
        verifyConsistency(first, second, roots.get(first)!, roots.get(second)!, path);
      }
    }
  });

  it('storage beyond the leaf hashes is one hash per 256 below it', () => {
    const stored = [...store.tiles.values()].reduce((n, t) => n + t.length / HASH_SIZE, 0);
    assert.equal(stored, 65600 + Math.floor(65600 / 256) + Math.floor(65600 / 65536));
  });
});

describe('a large tree (100 000 leaves, H = 8)', () => {
  const N = 100_000;
  const leaves = leafHashes(N);
  const { store } = buildLog(leaves, [997, 4096, 1, 30_000], 8);
  const root = referenceRoot(leaves);

  it('inclusion proofs of the first, middle and last entry equal the reference and verify, from ≤ 2 tiles per tile level', async () => {
    assert.equal(hex(await runPlan(store, planRoot(N))), hex(root));
    for (const index of [0, N / 2, N - 1]) {
      const plan = planInclusionProof(index, N);
      const path = await runPlan(store, plan);
      assert.deepEqual(hexAll(path), hexAll(referenceInclusionProof(leaves, index)), `inclusion ${index}`);
      verifyInclusion(leaves[index]!, index, N, path, root);
      assert.ok(plan.tiles.length <= 2 * tileLevels(N, 8), `${plan.tiles.length} tiles`);
    }
  });

  it('consistency proofs between large sizes equal the reference and verify', async () => {
    for (const [first, second] of [[1, N], [65536, N], [N - 1, N], [31337, 77777], [65535, 65537], [50_000, 99_999]] as const) {
      const path = await runPlan(store, planConsistencyProof(first, second));
      assert.deepEqual(hexAll(path), hexAll(referenceConsistencyProof(leaves.slice(0, second), first)), `${first}→${second}`);
      verifyConsistency(first, second, referenceRoot(leaves.slice(0, first)), referenceRoot(leaves.slice(0, second)), path);
    }
  });
});

describe('tiles: the storage contract', () => {
  const leaves = leafHashes(600);
  const { store, state } = buildLog(leaves, [600], 8);

  it('a node of level L·H + r is 2^r hashes of one tile of level L', () => {
    assert.deepEqual(nodeLocation({ level: 0, index: 300 }, 8), { tile: { level: 0, index: 1 }, offset: 44, count: 1 });
    assert.deepEqual(nodeLocation({ level: 3, index: 37 }, 8), { tile: { level: 0, index: 1 }, offset: 40, count: 8 });
    assert.deepEqual(nodeLocation({ level: 9, index: 0 }, 8), { tile: { level: 1, index: 0 }, offset: 0, count: 2 });
    // Far beyond 2^31: exact arithmetic, no wrap-around.
    assert.deepEqual(nodeLocation({ level: 17, index: 2 ** 30 + 3 }, 8), { tile: { level: 2, index: 2 ** 23 }, offset: 6, count: 2 });
    assert.deepEqual(edgeTileReads(2 ** 40 + 5, { tileHeight: 8 }), [
      { level: 0, index: 2 ** 32, width: 5 },
      { level: 5, index: 0, width: 1 },
    ]);
  });

  it('a missing or short tile is a precise error, not a wrong hash', async () => {
    const missing = new Map(store.tiles);
    missing.delete('0/1');
    await assert.rejects(runPlan({ readTiles: async () => missing }, planInclusionProof(300, 600)), (e: TileMissingError) => {
      assert.equal(e.code, 'ERR_TLOG_TILE_MISSING');
      assert.match(e.message, /tile 0\/1 is missing/);
      return true;
    });
    const short = new Map(store.tiles);
    short.set('0/2', store.tiles.get('0/2')!.subarray(0, 10 * HASH_SIZE));
    await assert.rejects(runPlan({ readTiles: async () => short }, planRoot(600)), /tile 0\/2 holds 10 hashes, 64 are needed/);
  });

  it('an append refuses right-edge tiles that disagree with the tree size', () => {
    const edge = new Map(state.edgeTiles);
    edge.set('0/2', Buffer.concat([state.edgeTiles.get('0/2')!, leaves[0]!]));
    assert.throws(() => appendBatch({ range: state.range, edgeTiles: edge }, [leaves[0]!]), TileMismatchError);
    edge.delete('0/2');
    assert.throws(() => appendBatch({ range: state.range, edgeTiles: edge }, [leaves[0]!]), TileMissingError);
  });

  it('an empty batch writes nothing; proofs outside the tree are argument errors', () => {
    const result = appendBatch(state, []);
    assert.deepEqual(result.tiles, []);
    assert.equal(hex(result.root), hex(referenceRoot(leaves)));
    assert.equal(appendBatch(EMPTY_APPEND_STATE, []).state.range.size, 0);
    assert.throws(() => planInclusionProof(600, 600), TlogArgumentError);
    assert.throws(() => planConsistencyProof(601, 600), TlogArgumentError);
    assert.throws(() => planRoot(-1), TlogArgumentError);
    assert.throws(() => planRoot(1, { tileHeight: 0 }), TlogArgumentError);
    assert.throws(() => planRoot(1, { tileHeight: 17 }), TlogArgumentError);
  });
});
