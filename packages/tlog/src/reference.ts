// The Merkle tree of RFC 9162 §2.1 written as the RFC writes it: recursive, over the whole list of
// leaf hashes, O(n) per call. It is the yardstick the incremental and tile-based code is tested
// against, not something to run on a live log. D[lo:hi] is passed as bounds rather than copied.
import { largestPowerOfTwoBelow } from './bits.ts';
import { EMPTY_ROOT, nodeHash } from './hash.ts';

type Leaves = readonly Uint8Array[];

/** MTH(D[n]) (§2.1.1) of the given leaf hashes. */
export function referenceRoot(leaves: Leaves): Buffer {
  return mth(leaves, 0, leaves.length);
}

function mth(d: Leaves, lo: number, hi: number): Buffer {
  if (hi === lo) return EMPTY_ROOT;
  if (hi - lo === 1) return Buffer.from(d[lo]!);
  const k = largestPowerOfTwoBelow(hi - lo);
  return nodeHash(mth(d, lo, lo + k), mth(d, lo + k, hi));
}

/** PATH(m, D[n]) (§2.1.3.1): the inclusion proof of leaf m. */
export function referenceInclusionProof(leaves: Leaves, m: number): Buffer[] {
  return path(m, leaves, 0, leaves.length);
}

function path(m: number, d: Leaves, lo: number, hi: number): Buffer[] {
  if (hi - lo <= 1) return [];
  const k = largestPowerOfTwoBelow(hi - lo);
  return m < k ? [...path(m, d, lo, lo + k), mth(d, lo + k, hi)] : [...path(m - k, d, lo + k, hi), mth(d, lo, lo + k)];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) (§2.1.4.1): the consistency proof from size m to all of `leaves`. */
export function referenceConsistencyProof(leaves: Leaves, m: number): Buffer[] {
  return m === 0 ? [] : subproof(m, leaves, 0, leaves.length, true);
}

function subproof(m: number, d: Leaves, lo: number, hi: number, b: boolean): Buffer[] {
  if (m === hi - lo) return b ? [] : [mth(d, lo, hi)];
  const k = largestPowerOfTwoBelow(hi - lo);
  return m <= k
    ? [...subproof(m, d, lo, lo + k, b), mth(d, lo + k, hi)]
    : [...subproof(m - k, d, lo + k, hi, false), mth(d, lo, lo + k)];
}
