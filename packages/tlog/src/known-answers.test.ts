// Values we did not compute: the Certificate Transparency reference tree of RFC 6962 (8 leaves), as
// published with the CT reference implementation's Merkle tree tests and again in
// transparency-dev/merkle (proof/verify_test.go: leaves, root of each size, and the inclusion and
// consistency proofs below). Written here as constants after checking that our code reproduces
// them. Each is checked through the recursive reference, the compact range and the tiles.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendLeaves, compactRangeRoot, EMPTY_RANGE } from './compact-range.ts';
import { EMPTY_ROOT, leafHash, nodeHash } from './hash.ts';
import { referenceConsistencyProof, referenceInclusionProof, referenceRoot } from './reference.ts';
import { buildLog, hex, hexAll } from './test-support.ts';
import { planConsistencyProof, planInclusionProof, planRoot, runPlan } from './tiles.ts';
import * as standalone from './verify-proof.ts';

const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
/** MTH of the first n CT leaves, n = 0..8 (n = 0: SHA-256 of nothing). */
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
/** Inclusion proofs: leaf index (0-based), tree size, path. */
const CT_INCLUSION: [number, number, string[]][] = [
  [0, 1, []],
  [0, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [5, 8, ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [1, 5, ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
];
/** Consistency proofs: first size, second size, path. */
const CT_CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [6, 8, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  [6, 7, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
];

const LEAF_HASHES = CT_LEAVES.map((d) => leafHash(d));

describe('RFC 6962 / Certificate Transparency reference tree', () => {
  it('the empty tree is SHA-256 of nothing; a leaf is SHA-256(0x00 ‖ data); a node SHA-256(0x01 ‖ l ‖ r)', () => {
    assert.equal(hex(EMPTY_ROOT), CT_ROOTS[0]);
    assert.equal(hex(leafHash(CT_LEAVES[0]!)), CT_ROOTS[1]);
    assert.equal(hex(nodeHash(LEAF_HASHES[0]!, LEAF_HASHES[1]!)), CT_ROOTS[2]);
  });

  it('the fast hashes equal the standalone verifier\'s plain ones', () => {
    for (const d of [...CT_LEAVES, Buffer.alloc(5000, 7)]) assert.equal(hex(leafHash(d)), hex(standalone.leafHash(d)));
    assert.equal(hex(nodeHash(LEAF_HASHES[3]!, LEAF_HASHES[4]!)), hex(standalone.nodeHash(LEAF_HASHES[3]!, LEAF_HASHES[4]!)));
  });

  it('every root of sizes 0..8, by the reference, the compact range and the tiles (H = 1, 2, 8)', async () => {
    let range = EMPTY_RANGE;
    for (let n = 0; n <= 8; n++) {
      assert.equal(hex(referenceRoot(LEAF_HASHES.slice(0, n))), CT_ROOTS[n], `reference, size ${n}`);
      assert.equal(hex(compactRangeRoot(range)), CT_ROOTS[n], `compact range, size ${n}`);
      if (n < 8) range = appendLeaves(range, [LEAF_HASHES[n]!]);
    }
    for (const h of [1, 2, 8]) {
      const { store } = buildLog(LEAF_HASHES, [3], h);
      for (let n = 0; n <= 8; n++) assert.equal(hex(await runPlan(store, planRoot(n, { tileHeight: h }))), CT_ROOTS[n], `tiles H=${h}, size ${n}`);
    }
  });

  it('the published inclusion proofs, reproduced and verified', async () => {
    const { store } = buildLog(LEAF_HASHES, [8], 2);
    for (const [index, size, path] of CT_INCLUSION) {
      assert.deepEqual(hexAll(referenceInclusionProof(LEAF_HASHES.slice(0, size), index)), path, `reference ${index}/${size}`);
      assert.deepEqual(hexAll(await runPlan(store, planInclusionProof(index, size, { tileHeight: 2 }))), path, `tiles ${index}/${size}`);
      standalone.verifyInclusion(LEAF_HASHES[index]!, index, size, path.map((h) => Buffer.from(h, 'hex')), Buffer.from(CT_ROOTS[size]!, 'hex'));
    }
  });

  it('the published consistency proofs, reproduced and verified', async () => {
    const { store } = buildLog(LEAF_HASHES, [8], 2);
    for (const [first, second, path] of CT_CONSISTENCY) {
      assert.deepEqual(hexAll(referenceConsistencyProof(LEAF_HASHES.slice(0, second), first)), path, `reference ${first}→${second}`);
      assert.deepEqual(hexAll(await runPlan(store, planConsistencyProof(first, second, { tileHeight: 2 }))), path, `tiles ${first}→${second}`);
      const [r1, r2] = [Buffer.from(CT_ROOTS[first]!, 'hex'), Buffer.from(CT_ROOTS[second]!, 'hex')];
      standalone.verifyConsistency(first, second, r1, r2, path.map((h) => Buffer.from(h, 'hex')));
    }
  });
});
