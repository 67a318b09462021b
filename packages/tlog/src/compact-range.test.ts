// The compact range against the recursive reference: every root, every node it reports, any split
// of the leaves into batches.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendLeaves, compactRange, compactRangeNodes, compactRangeRoot, EMPTY_RANGE } from './compact-range.ts';
import { TlogArgumentError } from './errors.ts';
import { referenceRoot } from './reference.ts';
import { hex, leafHashes } from './test-support.ts';

const LEAVES = leafHashes(300);

describe('compact range', () => {
  it('one leaf at a time: the root of every size 0..300 is the reference MTH', () => {
    let range = EMPTY_RANGE;
    for (let n = 0; n <= LEAVES.length; n++) {
      assert.equal(hex(compactRangeRoot(range)), hex(referenceRoot(LEAVES.slice(0, n))), `size ${n}`);
      assert.equal(range.hashes.length, compactRangeNodes(n).length, `one hash per set bit of ${n}`);
      if (n < LEAVES.length) range = appendLeaves(range, [LEAVES[n]!]);
    }
  });

  it('in batches of any size the result is the same as one at a time', () => {
    for (const batch of [2, 3, 7, 64, 100, 299, 300]) {
      let range = EMPTY_RANGE;
      for (let at = 0; at < LEAVES.length; at += batch) range = appendLeaves(range, LEAVES.slice(at, at + batch));
      assert.equal(hex(compactRangeRoot(range)), hex(referenceRoot(LEAVES)), `batches of ${batch}`);
    }
  });

  it('reports every completed node once, bottom-up, with the hash of the leaves it covers', () => {
    const seen = new Map<string, string>();
    let range = EMPTY_RANGE;
    for (let at = 0; at < 100; at += 9) {
      range = appendLeaves(range, LEAVES.slice(at, Math.min(at + 9, 100)), (level, index, hash) => {
        const id = `${level}/${index}`;
        assert.ok(!seen.has(id), `node ${id} reported twice`);
        seen.set(id, hex(hash));
      });
    }
    let expected = 0;
    for (let level = 0; 2 ** level <= 100; level++) {
      for (let index = 0; (index + 1) * 2 ** level <= 100; index++) {
        expected++;
        const leaves = LEAVES.slice(index * 2 ** level, (index + 1) * 2 ** level);
        assert.equal(seen.get(`${level}/${index}`), hex(referenceRoot(leaves)), `node ${level}/${index}`);
      }
    }
    assert.equal(seen.size, expected, 'exactly the complete nodes of a tree of 100 leaves');
  });

  it('the nodes of a range are the perfect subtrees of the set bits of its size, largest first', () => {
    assert.deepEqual(compactRangeNodes(13), [
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    assert.deepEqual(compactRangeNodes(0), []);
    assert.equal(compactRangeNodes(2 ** 40 + 2 ** 33 + 5).length, 4);
  });

  it('refuses a range whose hash count does not fit its size, and leaf hashes of the wrong length', () => {
    assert.throws(() => compactRange(3, [LEAVES[0]!]), TlogArgumentError);
    assert.throws(() => compactRange(1, [Buffer.alloc(31)]), TlogArgumentError);
    assert.equal(compactRange(2, [LEAVES[0]!]).size, 2);
    assert.throws(() => appendLeaves(EMPTY_RANGE, [Buffer.alloc(33)]), TlogArgumentError);
  });
});
