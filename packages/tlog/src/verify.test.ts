// Proof verification (RFC 9162 §2.1.3.2, §2.1.4.2): every honest proof verifies, and every way of
// bending one — the corruptions transparency-dev/merkle's verifier tests apply, and tampering with
// the log itself — fails with the reason that names what is wrong.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_ROOT } from './hash.ts';
import { referenceConsistencyProof, referenceInclusionProof, referenceRoot } from './reference.ts';
import { errorCode, leafHashes } from './test-support.ts';
import { verifyConsistency, verifyInclusion } from './verify-proof.ts';

const LEAVES = leafHashes(17);
const ROOTS = Array.from({ length: 18 }, (_, n) => referenceRoot(LEAVES.slice(0, n)));
const OTHER = Buffer.alloc(32, 0xab);


const flip = (path: readonly Buffer[], i: number): Buffer[] => path.map((h, j) => (j === i ? Buffer.from(h.map((b, k) => (k === 0 ? b ^ 8 : b))) : h));

describe('inclusion proof verification', () => {
  it('the first, middle and last entry of every tree of 1..17 entries verify (and every other entry)', () => {
    for (let size = 1; size <= 17; size++) {
      for (let index = 0; index < size; index++) {
        const path = referenceInclusionProof(LEAVES.slice(0, size), index);
        verifyInclusion(LEAVES[index]!, index, size, path, ROOTS[size]!);
      }
    }
  });

  it('each corruption of a proof fails with its reason', () => {
    for (let size = 1; size <= 17; size++) {
      for (const index of new Set([0, Math.floor(size / 2), size - 1])) {
        const path = referenceInclusionProof(LEAVES.slice(0, size), index);
        const check = (p: readonly Buffer[], i = index, n = size, leaf = LEAVES[index]!, root = ROOTS[size]!) => errorCode(() => verifyInclusion(leaf, i, n, p, root));
        const where = `${index}/${size}`;
        assert.equal(check(path), 'ok', where);
        assert.equal(check(path, index, size, LEAVES[(index + 1) % 17]!), 'ERR_TLOG_PROOF_ROOT_MISMATCH', `changed leaf ${where}`);
        assert.equal(check(path, index, size, LEAVES[index]!, OTHER), 'ERR_TLOG_PROOF_ROOT_MISMATCH', `other root ${where}`);
        assert.equal(check(path, index, size, LEAVES[index]!, EMPTY_ROOT), 'ERR_TLOG_PROOF_ROOT_MISMATCH', `empty root ${where}`);
        assert.equal(check(path, size), 'ERR_TLOG_PROOF_INDEX', `index = size ${where}`);
        assert.equal(check([...path, ROOTS[size]!]), 'ERR_TLOG_PROOF_TOO_LONG', `trailing hash ${where}`);
        assert.equal(check([...path, Buffer.alloc(0)]), 'ERR_TLOG_PROOF_HASH_SIZE', `trailing garbage ${where}`);
        assert.equal(check(path, index, size, Buffer.from('WrongLeaf')), 'ERR_TLOG_PROOF_HASH_SIZE', `leaf of the wrong size ${where}`);
        for (let i = 0; i < path.length; i++) assert.equal(check(flip(path, i)), 'ERR_TLOG_PROOF_ROOT_MISMATCH', `bit flipped in hash ${i} ${where}`);
        if (path.length > 0) {
          assert.equal(check(path.slice(0, -1)), 'ERR_TLOG_PROOF_TOO_SHORT', `truncated ${where}`);
          assert.notEqual(check([ROOTS[size]!, ...path]), 'ok', `preceding hash ${where}`);
          assert.notEqual(check([path[0]!, OTHER, ...path.slice(1)]), 'ok', `inserted hash ${where}`);
        }
        // A wrong index, or a size of another tree height: the path no longer fits. (The size and the
        // root come together from the signed checkpoint; the bundle tests change them there.)
        for (const i of [index - 1, index + 1, index ^ 2].filter((i) => i >= 0 && i !== index && i < size)) {
          assert.notEqual(check(path, i), 'ok', `index ${i} for ${where}`);
        }
        for (const n of [size * 2, Math.floor(size / 2)].filter((n) => n > index && n !== size)) {
          assert.notEqual(check(path, index, n), 'ok', `size ${n} for ${where}`);
        }
      }
    }
  });

  it('index and size are integers ≥ 0; nothing is in the empty tree', () => {
    assert.equal(errorCode(() => verifyInclusion(LEAVES[0]!, 0, 0, [], EMPTY_ROOT)), 'ERR_TLOG_PROOF_INDEX');
    assert.equal(errorCode(() => verifyInclusion(LEAVES[0]!, -1, 1, [], ROOTS[1]!)), 'ERR_TLOG_PROOF_SIZE');
    assert.equal(errorCode(() => verifyInclusion(LEAVES[0]!, 0.5, 1, [], ROOTS[1]!)), 'ERR_TLOG_PROOF_SIZE');
    assert.equal(errorCode(() => verifyInclusion(LEAVES[0]!, 0, 2 ** 53, [], ROOTS[1]!)), 'ERR_TLOG_PROOF_SIZE');
  });
});

describe('consistency proof verification', () => {
  it('every pair of sizes 0..17 verifies', () => {
    for (let second = 0; second <= 17; second++) {
      for (let first = 0; first <= second; first++) {
        const path = referenceConsistencyProof(LEAVES.slice(0, second), first);
        verifyConsistency(first, second, ROOTS[first]!, ROOTS[second]!, path);
      }
    }
  });

  it('each corruption of a proof fails with its reason', () => {
    for (let second = 2; second <= 17; second++) {
      for (let first = 1; first < second; first++) {
        const path = referenceConsistencyProof(LEAVES.slice(0, second), first);
        const check = (p: readonly Buffer[], m = first, n = second, r1 = ROOTS[first]!, r2 = ROOTS[second]!) => errorCode(() => verifyConsistency(m, n, r1, r2, p));
        const where = `${first}→${second}`;
        assert.equal(check(path), 'ok', where);
        assert.equal(check([]), 'ERR_TLOG_PROOF_EMPTY', `empty ${where}`);
        assert.equal(check(path, second + 1, second), 'ERR_TLOG_PROOF_SIZES', `first > second ${where}`);
        assert.equal(check(path.slice(0, -1)), path.length === 1 ? 'ERR_TLOG_PROOF_EMPTY' : 'ERR_TLOG_PROOF_TOO_SHORT', `truncated ${where}`);
        assert.equal(check([...path, ROOTS[second]!]), 'ERR_TLOG_PROOF_TOO_LONG', `trailing hash ${where}`);
        assert.equal(check([...path, Buffer.alloc(3)]), 'ERR_TLOG_PROOF_HASH_SIZE', `trailing garbage ${where}`);
        assert.match(check(path, first, second, OTHER), /ROOT_MISMATCH$/, `wrong first root ${where}`); // a power-of-two first size puts its root into the path
        assert.equal(check(path, first, second, ROOTS[first]!, OTHER), 'ERR_TLOG_PROOF_SECOND_ROOT_MISMATCH', `wrong second root ${where}`);
        assert.notEqual(check(path, first, second, ROOTS[second]!, ROOTS[first]!), 'ok', `swapped roots ${where}`);
        for (let i = 0; i < path.length; i++) assert.match(check(flip(path, i)), /ROOT_MISMATCH$/, `bit flipped in hash ${i} ${where}`);
        assert.notEqual(check([path[0]!, ...path]), 'ok', `preceding hash ${where}`);
        for (const m of [first - 1, first + 1, first ^ 2].filter((m) => m > 0 && m < second && m !== first)) {
          assert.notEqual(check(path, m), 'ok', `first size ${m} for ${where}`);
        }
        for (const n of [second * 2, Math.floor(second / 2)].filter((n) => n > first && n !== second)) {
          assert.notEqual(check(path, first, n), 'ok', `second size ${n} for ${where}`);
        }
      }
    }
  });

  it('equal sizes and the empty first tree need an empty proof and the right roots', () => {
    assert.equal(errorCode(() => verifyConsistency(5, 5, ROOTS[5]!, ROOTS[5]!, [])), 'ok');
    assert.equal(errorCode(() => verifyConsistency(5, 5, ROOTS[5]!, ROOTS[6]!, [])), 'ERR_TLOG_PROOF_FIRST_ROOT_MISMATCH');
    assert.equal(errorCode(() => verifyConsistency(5, 5, ROOTS[5]!, ROOTS[5]!, [ROOTS[5]!])), 'ERR_TLOG_PROOF_NOT_EMPTY');
    assert.equal(errorCode(() => verifyConsistency(0, 9, EMPTY_ROOT, ROOTS[9]!, [])), 'ok');
    assert.equal(errorCode(() => verifyConsistency(0, 9, ROOTS[1]!, ROOTS[9]!, [])), 'ERR_TLOG_PROOF_FIRST_ROOT_MISMATCH');
    assert.equal(errorCode(() => verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])), 'ERR_TLOG_PROOF_NOT_EMPTY');
    assert.equal(errorCode(() => verifyConsistency(0, 0, EMPTY_ROOT, ROOTS[1]!, [])), 'ERR_TLOG_PROOF_SECOND_ROOT_MISMATCH');
  });
});

describe('a tampered log cannot prove what the signed tree head committed to', () => {
  // The log signed the root of these 17 entries. Then one entry is changed, removed, moved or
  // added, the log grows on, and the tree is recomputed: honest proofs from the tampered tree no
  // longer match the signed root.
  const original = LEAVES;
  const root = ROOTS[17]!;
  const later = leafHashes(3, 2000);
  const tamperings: Record<string, Buffer[]> = {
    changed: [...original.map((l, i) => (i === 6 ? leafHashes(1, 1000)[0]! : l)), ...later],
    removed: [...original.filter((_, i) => i !== 6), ...later],
    reordered: [...original.slice(0, 5), original[6]!, original[5]!, ...original.slice(7), ...later],
    inserted: [...original.slice(0, 6), leafHashes(1, 1000)[0]!, ...original.slice(6), ...later],
  };
  for (const [how, tampered] of Object.entries(tamperings)) {
    it(`an entry ${how}: inclusion proofs against the signed root fail with a root mismatch`, () => {
      for (const index of [0, 5, 6, 16]) {
        const leaf = tampered[index]!;
        const proof = referenceInclusionProof(tampered.slice(0, 17), index);
        assert.equal(errorCode(() => verifyInclusion(leaf, index, 17, proof, root)), 'ERR_TLOG_PROOF_ROOT_MISMATCH', `entry ${index}`);
      }
    });
    it(`an entry ${how}: the next tree head is not consistent with the signed one`, () => {
      const proof = referenceConsistencyProof(tampered, 17);
      assert.equal(errorCode(() => verifyConsistency(17, tampered.length, root, referenceRoot(tampered), proof)), 'ERR_TLOG_PROOF_FIRST_ROOT_MISMATCH');
    });
  }
});
