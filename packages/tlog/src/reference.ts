// The Merkle tree of RFC 9162 §2.1 written as the RFC writes it: recursive, over the whole list of
// leaf hashes, O(n) per call. It is the yardstick the incremental and tile-based code is tested
// against, not something to run on a live log.
import { largestPowerOfTwoBelow } from './bits.ts';
import { EMPTY_ROOT, nodeHash } from './hash.ts';

/** MTH(D[n]) (§2.1.1) of the given leaf hashes. */
export function referenceRoot(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return Buffer.from(leaves[0]!);
  const k = largestPowerOfTwoBelow(leaves.length);
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

/** PATH(m, D[n]) (§2.1.3.1): the inclusion proof of leaf m. */
export function referenceInclusionProof(leaves: readonly Uint8Array[], m: number): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = largestPowerOfTwoBelow(leaves.length);
  return m < k
    ? [...referenceInclusionProof(leaves.slice(0, k), m), referenceRoot(leaves.slice(k))]
    : [...referenceInclusionProof(leaves.slice(k), m - k), referenceRoot(leaves.slice(0, k))];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) (§2.1.4.1): the consistency proof from size m to all of `leaves`. */
export function referenceConsistencyProof(leaves: readonly Uint8Array[], m: number): Buffer[] {
  return m === 0 ? [] : subproof(m, leaves, true);
}

function subproof(m: number, leaves: readonly Uint8Array[], b: boolean): Buffer[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [referenceRoot(leaves)];
  const k = largestPowerOfTwoBelow(n);
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), b), referenceRoot(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), referenceRoot(leaves.slice(0, k))];
}
